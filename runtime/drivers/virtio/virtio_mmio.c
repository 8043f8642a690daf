/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio transport (spec 4.2): a 512-byte register window per
 * slot (riscv64 virt: 0x10001000 + n * 0x1000; x86_64 microvm: 0xfeb00000 +
 * n * 512).  A slot with no device reads magic "virt" and device id 0.
 *
 *   version 2  (modern) QueueDesc/Driver/Device Low/High and QueueReady,
 *              VERSION_1, FEATURES_OK;
 *   version 1  (legacy: QEMU's default unless
 *              `-global virtio-mmio.force-legacy=false`) GuestPageSize,
 *              QueueAlign and QueuePFN: one block in the legacy layout;
 *              features are the first 32 bits only.
 *
 * InterruptStatus says why the line is up; writing it to InterruptACK
 * lowers the line.
 */
#include <ukl/arch.h>
#include <ukl/errno.h>
#include <ukl/io.h>
#include <ukl/mm.h>
#include <ukl/virtio.h>

#define VM_MAGIC          0x000
#define VM_VERSION        0x004
#define VM_DEVICE_ID      0x008
#define VM_DEV_FEATURES   0x010
#define VM_DEV_FEAT_SEL   0x014
#define VM_DRV_FEATURES   0x020
#define VM_DRV_FEAT_SEL   0x024
#define VM_GUEST_PAGE     0x028   /* v1 */
#define VM_QUEUE_SEL      0x030
#define VM_QUEUE_NUM_MAX  0x034
#define VM_QUEUE_NUM      0x038
#define VM_QUEUE_ALIGN    0x03c   /* v1 */
#define VM_QUEUE_PFN      0x040   /* v1 */
#define VM_QUEUE_READY    0x044   /* v2 */
#define VM_QUEUE_NOTIFY   0x050
#define VM_INT_STATUS     0x060
#define VM_INT_ACK        0x064
#define VM_STATUS         0x070
#define VM_QUEUE_DESC_LO  0x080
#define VM_QUEUE_DESC_HI  0x084
#define VM_QUEUE_AVAIL_LO 0x090
#define VM_QUEUE_AVAIL_HI 0x094
#define VM_QUEUE_USED_LO  0x0a0
#define VM_QUEUE_USED_HI  0x0a4
#define VM_CONFIG         0x100

#define VIRTIO_MMIO_MAGIC 0x74726976   /* "virt" */

struct vmmio {
	struct virtio_dev vd;
	volatile uint8_t *r;
};

static volatile uint8_t *regs(struct virtio_dev *vd)
{
	return ((struct vmmio *)vd->priv)->r;
}

static uint32_t rd(struct virtio_dev *vd, unsigned off)
{
	return mmio_read32(regs(vd) + off);
}

static void wr(struct virtio_dev *vd, unsigned off, uint32_t v)
{
	mmio_write32(regs(vd) + off, v);
}

static uint8_t get_status(struct virtio_dev *vd)
{
	return (uint8_t)rd(vd, VM_STATUS);
}

static void set_status(struct virtio_dev *vd, uint8_t st)
{
	wr(vd, VM_STATUS, st);
}

static uint64_t get_features(struct virtio_dev *vd)
{
	uint64_t f;

	wr(vd, VM_DEV_FEAT_SEL, 0);
	f = rd(vd, VM_DEV_FEATURES);
	if (!vd->modern)
		return f;
	wr(vd, VM_DEV_FEAT_SEL, 1);
	return f | (uint64_t)rd(vd, VM_DEV_FEATURES) << 32;
}

static void set_features(struct virtio_dev *vd, uint64_t f)
{
	wr(vd, VM_DRV_FEAT_SEL, 0);
	wr(vd, VM_DRV_FEATURES, (uint32_t)f);
	if (!vd->modern)
		return;
	wr(vd, VM_DRV_FEAT_SEL, 1);
	wr(vd, VM_DRV_FEATURES, (uint32_t)(f >> 32));
}

static uint8_t config_read8(struct virtio_dev *vd, unsigned off)
{
	return mmio_read8(regs(vd) + VM_CONFIG + off);
}

static uint16_t queue_max(struct virtio_dev *vd, unsigned index)
{
	wr(vd, VM_QUEUE_SEL, index);
	/* v2: a queue already in use is not ours to set up. */
	if (vd->modern && rd(vd, VM_QUEUE_READY))
		return 0;
	uint32_t n = rd(vd, VM_QUEUE_NUM_MAX);
	return n > 32768 ? 32768 : (uint16_t)n;
}

static int queue_enable(struct virtio_dev *vd, struct virtq *vq)
{
	wr(vd, VM_QUEUE_SEL, vq->index);
	wr(vd, VM_QUEUE_NUM, vq->size);
	if (!vd->modern) {
		if (vq->desc_pa >> 44)
			return -ENOMEM;
		/* v1 counts PFNs in pages of GuestPageSize (written here, after
		 * the reset, which may have cleared it). */
		wr(vd, VM_GUEST_PAGE, PAGE_SIZE);
		wr(vd, VM_QUEUE_ALIGN, VRING_ALIGN);
		wr(vd, VM_QUEUE_PFN, (uint32_t)(vq->desc_pa / PAGE_SIZE));
		return 0;
	}
	wr(vd, VM_QUEUE_DESC_LO, (uint32_t)vq->desc_pa);
	wr(vd, VM_QUEUE_DESC_HI, (uint32_t)(vq->desc_pa >> 32));
	wr(vd, VM_QUEUE_AVAIL_LO, (uint32_t)vq->avail_pa);
	wr(vd, VM_QUEUE_AVAIL_HI, (uint32_t)(vq->avail_pa >> 32));
	wr(vd, VM_QUEUE_USED_LO, (uint32_t)vq->used_pa);
	wr(vd, VM_QUEUE_USED_HI, (uint32_t)(vq->used_pa >> 32));
	wr(vd, VM_QUEUE_READY, 1);
	return 0;
}

static void notify(struct virtio_dev *vd, struct virtq *vq)
{
	wr(vd, VM_QUEUE_NOTIFY, vq->index);
}

static unsigned isr(struct virtio_dev *vd)
{
	uint32_t st = rd(vd, VM_INT_STATUS) & 3;

	if (st)
		wr(vd, VM_INT_ACK, st);
	return st;
}

static const struct virtio_ops mmio_ops = {
	.get_status = get_status, .set_status = set_status,
	.get_features = get_features, .set_features = set_features,
	.config_read8 = config_read8, .queue_max = queue_max,
	.queue_enable = queue_enable, .notify = notify, .isr = isr,
};

int virtio_mmio_probe(uint64_t pa, int irq)
{
	volatile uint8_t *r = phys_to_virt(pa);
	uint32_t version;

	if (mmio_read32(r + VM_MAGIC) != VIRTIO_MMIO_MAGIC)
		return -ENODEV;
	version = mmio_read32(r + VM_VERSION);
	if ((version != 1 && version != 2) || !mmio_read32(r + VM_DEVICE_ID))
		return -ENODEV;

	struct vmmio *v = kmalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->r = r;
	v->vd = (struct virtio_dev){
		.ops = &mmio_ops, .priv = v, .irq = irq,
		.device_id = (uint16_t)mmio_read32(r + VM_DEVICE_ID),
		.modern = version == 2,
		.transport = version == 2 ? "mmio-v2" : "mmio-v1",
	};
	int ret = virtio_probe(&v->vd);
	if (ret < 0)
		kfree(v);
	return ret;
}
