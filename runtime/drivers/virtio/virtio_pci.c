/* SPDX-License-Identifier: MIT */
/*
 * The virtio PCI transport (spec 4.1).  QEMU's virtio-net-pci on `-M pc` is
 * a transitional device (id 0x1000, the virtio id in the subsystem id): it
 * has both interfaces, and this prefers the modern one.
 *
 *   modern  vendor capabilities (id 9) point into a memory BAR (QEMU: BAR 4,
 *           64-bit, which SeaBIOS places below 4 GiB, where the direct map
 *           reaches): common configuration, notification doorbells
 *           (queue_notify_off * multiplier), ISR byte, device configuration.
 *           VERSION_1, a 12-byte net header, queues of any size.
 *   legacy  registers in I/O BAR 0: features, queue PFN, queue size (the
 *           device's: 256 for net), select, notify, status, ISR; the device
 *           configuration at 0x14 (0x18 only with MSI-X, which we never
 *           enable).  `disable-modern=on` gives only this.
 *
 * Interrupts are INTx (no MSI-X): reading the ISR byte acknowledges them
 * and lowers the line, which is level-triggered.
 */
#include <ukl/errno.h>
#include <ukl/io.h>
#include <ukl/mm.h>
#include <ukl/pci.h>
#include <ukl/virtio.h>

#define VIRTIO_PCI_VENDOR 0x1af4

/* Capability cfg_type. */
#define VPCI_CAP_COMMON 1
#define VPCI_CAP_NOTIFY 2
#define VPCI_CAP_ISR    3
#define VPCI_CAP_DEVICE 4

/* Modern common configuration (struct virtio_pci_common_cfg). */
#define VC_DFSELECT  0x00
#define VC_DF        0x04
#define VC_GFSELECT  0x08
#define VC_GF        0x0c
#define VC_STATUS    0x14
#define VC_Q_SELECT  0x16
#define VC_Q_SIZE    0x18
#define VC_Q_ENABLE  0x1c
#define VC_Q_NOFF    0x1e
#define VC_Q_DESCLO  0x20
#define VC_Q_DESCHI  0x24
#define VC_Q_AVAILLO 0x28
#define VC_Q_AVAILHI 0x2c
#define VC_Q_USEDLO  0x30
#define VC_Q_USEDHI  0x34

/* Legacy registers in I/O BAR 0. */
#define VL_HOST_FEATURES  0x00
#define VL_GUEST_FEATURES 0x04
#define VL_QUEUE_PFN      0x08
#define VL_QUEUE_SIZE     0x0c
#define VL_QUEUE_SEL      0x0e
#define VL_QUEUE_NOTIFY   0x10
#define VL_STATUS         0x12
#define VL_ISR            0x13
#define VL_CONFIG         0x14

struct vpci {
	struct virtio_dev vd;
	struct pci_dev pd;
	volatile uint8_t *common, *notify, *isr, *device;
	uint32_t notify_mult;
	uint16_t io;   /* legacy: the I/O BAR's first port */
};

static struct vpci *to_vpci(struct virtio_dev *vd)
{
	return vd->priv;
}

/* ---- modern --------------------------------------------------------- */

static uint8_t m_get_status(struct virtio_dev *vd)
{
	return mmio_read8(to_vpci(vd)->common + VC_STATUS);
}

static void m_set_status(struct virtio_dev *vd, uint8_t st)
{
	mmio_write8(to_vpci(vd)->common + VC_STATUS, st);
}

static uint64_t m_get_features(struct virtio_dev *vd)
{
	volatile uint8_t *c = to_vpci(vd)->common;
	uint64_t f;

	mmio_write32(c + VC_DFSELECT, 0);
	f = mmio_read32(c + VC_DF);
	mmio_write32(c + VC_DFSELECT, 1);
	return f | (uint64_t)mmio_read32(c + VC_DF) << 32;
}

static void m_set_features(struct virtio_dev *vd, uint64_t f)
{
	volatile uint8_t *c = to_vpci(vd)->common;

	mmio_write32(c + VC_GFSELECT, 0);
	mmio_write32(c + VC_GF, (uint32_t)f);
	mmio_write32(c + VC_GFSELECT, 1);
	mmio_write32(c + VC_GF, (uint32_t)(f >> 32));
}

static uint8_t m_config_read8(struct virtio_dev *vd, unsigned off)
{
	return mmio_read8(to_vpci(vd)->device + off);
}

static uint16_t m_queue_max(struct virtio_dev *vd, unsigned index)
{
	volatile uint8_t *c = to_vpci(vd)->common;

	mmio_write16(c + VC_Q_SELECT, (uint16_t)index);
	return mmio_read16(c + VC_Q_SIZE);
}

static int m_queue_enable(struct virtio_dev *vd, struct virtq *vq)
{
	volatile uint8_t *c = to_vpci(vd)->common;

	mmio_write16(c + VC_Q_SELECT, (uint16_t)vq->index);
	mmio_write16(c + VC_Q_SIZE, vq->size);
	/* 64-bit fields written as two halves, which the spec allows. */
	mmio_write32(c + VC_Q_DESCLO, (uint32_t)vq->desc_pa);
	mmio_write32(c + VC_Q_DESCHI, (uint32_t)(vq->desc_pa >> 32));
	mmio_write32(c + VC_Q_AVAILLO, (uint32_t)vq->avail_pa);
	mmio_write32(c + VC_Q_AVAILHI, (uint32_t)(vq->avail_pa >> 32));
	mmio_write32(c + VC_Q_USEDLO, (uint32_t)vq->used_pa);
	mmio_write32(c + VC_Q_USEDHI, (uint32_t)(vq->used_pa >> 32));
	vq->notify_off = mmio_read16(c + VC_Q_NOFF);
	mmio_write16(c + VC_Q_ENABLE, 1);
	return 0;
}

static void m_notify(struct virtio_dev *vd, struct virtq *vq)
{
	struct vpci *v = to_vpci(vd);

	mmio_write16(v->notify + (uint32_t)vq->notify_off * v->notify_mult,
		     (uint16_t)vq->index);
}

static unsigned m_isr(struct virtio_dev *vd)
{
	return mmio_read8(to_vpci(vd)->isr);
}

static const struct virtio_ops modern_ops = {
	.get_status = m_get_status, .set_status = m_set_status,
	.get_features = m_get_features, .set_features = m_set_features,
	.config_read8 = m_config_read8, .queue_max = m_queue_max,
	.queue_enable = m_queue_enable, .notify = m_notify, .isr = m_isr,
};

/* The structure a capability points at, through the direct map; NULL if
 * its BAR is not a reachable memory BAR or the structure overruns it. */
static volatile uint8_t *cap_map(const struct pci_dev *pd, unsigned cap)
{
	unsigned bar = pci_read8(pd, cap + 4);
	uint32_t off = pci_read32(pd, cap + 8), len = pci_read32(pd, cap + 12);

	if (bar > 5 || (uint64_t)off + len > pd->bar[bar].size)
		return NULL;
	volatile uint8_t *p = pci_bar_map(pd, bar);
	return p ? p + off : NULL;
}

static bool modern_setup(struct vpci *v)
{
	const struct pci_dev *pd = &v->pd;

	for (unsigned cap = 0; (cap = pci_find_cap(pd, PCI_CAP_VENDOR, cap));) {
		volatile uint8_t *p;
		switch (pci_read8(pd, cap + 3)) {
		case VPCI_CAP_COMMON:
			if (!v->common)
				v->common = cap_map(pd, cap);
			break;
		case VPCI_CAP_NOTIFY:
			if (!v->notify && (p = cap_map(pd, cap))) {
				v->notify = p;
				v->notify_mult = pci_read32(pd, cap + 16);
			}
			break;
		case VPCI_CAP_ISR:
			if (!v->isr)
				v->isr = cap_map(pd, cap);
			break;
		case VPCI_CAP_DEVICE:
			if (!v->device)
				v->device = cap_map(pd, cap);
			break;
		}
	}
	return v->common && v->notify && v->isr && v->device;
}

/* ---- legacy --------------------------------------------------------- */

static uint8_t l_get_status(struct virtio_dev *vd)
{
	return arch_port_in8(to_vpci(vd)->io + VL_STATUS);
}

static void l_set_status(struct virtio_dev *vd, uint8_t st)
{
	arch_port_out8(to_vpci(vd)->io + VL_STATUS, st);
}

static uint64_t l_get_features(struct virtio_dev *vd)
{
	return arch_port_in32(to_vpci(vd)->io + VL_HOST_FEATURES);
}

static void l_set_features(struct virtio_dev *vd, uint64_t f)
{
	arch_port_out32(to_vpci(vd)->io + VL_GUEST_FEATURES, (uint32_t)f);
}

static uint8_t l_config_read8(struct virtio_dev *vd, unsigned off)
{
	return arch_port_in8(to_vpci(vd)->io + VL_CONFIG + off);
}

static uint16_t l_queue_max(struct virtio_dev *vd, unsigned index)
{
	uint16_t io = to_vpci(vd)->io;

	arch_port_out16(io + VL_QUEUE_SEL, (uint16_t)index);
	return arch_port_in16(io + VL_QUEUE_SIZE);
}

static int l_queue_enable(struct virtio_dev *vd, struct virtq *vq)
{
	uint16_t io = to_vpci(vd)->io;

	/* The page number of the whole ring (descriptors first), 32 bits. */
	if (vq->desc_pa >> 44)
		return -ENOMEM;
	arch_port_out16(io + VL_QUEUE_SEL, (uint16_t)vq->index);
	arch_port_out32(io + VL_QUEUE_PFN, (uint32_t)(vq->desc_pa >> 12));
	return 0;
}

static void l_notify(struct virtio_dev *vd, struct virtq *vq)
{
	arch_port_out16(to_vpci(vd)->io + VL_QUEUE_NOTIFY, (uint16_t)vq->index);
}

static unsigned l_isr(struct virtio_dev *vd)
{
	return arch_port_in8(to_vpci(vd)->io + VL_ISR);
}

static const struct virtio_ops legacy_ops = {
	.get_status = l_get_status, .set_status = l_set_status,
	.get_features = l_get_features, .set_features = l_set_features,
	.config_read8 = l_config_read8, .queue_max = l_queue_max,
	.queue_enable = l_queue_enable, .notify = l_notify, .isr = l_isr,
};

/* ---- probe ---------------------------------------------------------- */

int virtio_pci_probe(const struct pci_dev *pd)
{
	uint16_t id;

	if (pd->vendor != VIRTIO_PCI_VENDOR || pd->device < 0x1000 || pd->device > 0x107f)
		return -ENODEV;
	/* Transitional devices (0x1000-0x103f) name the virtio device in the
	 * subsystem id; modern-only ones are 0x1040 + id. */
	id = pd->device >= 0x1040 ? pd->device - 0x1040 : pci_read16(pd, PCI_SUBSYSTEM_ID);

	struct vpci *v = kmalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->pd = *pd;
	v->vd.priv = v;
	v->vd.device_id = id;
	v->vd.irq = pd->irq_pin && pd->irq_line != 0xff ? pd->irq_line : -1;
	pci_write16(pd, PCI_COMMAND, pci_read16(pd, PCI_COMMAND) | PCI_COMMAND_IO |
		    PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	if (modern_setup(v)) {
		v->vd.ops = &modern_ops;
		v->vd.modern = true;
		v->vd.transport = "pci-modern";
	} else if (pd->device < 0x1040 && pd->bar[0].io && pd->bar[0].base) {
		v->vd.ops = &legacy_ops;
		v->vd.queue_size_fixed = true;
		v->vd.transport = "pci-legacy";
		v->io = (uint16_t)pd->bar[0].base;
	} else {
		kfree(v);
		return -ENODEV;
	}
	int r = virtio_probe(&v->vd);
	if (r < 0)
		kfree(v);   /* the driver reset or failed the device */
	return r;
}
