/* SPDX-License-Identifier: MIT */
/*
 * virtio-net (spec 5.1) as a struct netdev (ukl/netdev.h).
 *
 * Only what a fixed header needs is negotiated: MAC (the address in the
 * device configuration), ANY_LAYOUT on a legacy device (header and frame in
 * one buffer; a modern device always allows it) and VERSION_1 on a modern
 * one.  No checksum offload, no GSO, no mergeable receive buffers, so every
 * frame comes with a virtio_net_hdr of 10 bytes (legacy) or 12 (modern:
 * num_buffers is always there) that says nothing, and fits one buffer of
 * header + 1514 bytes.
 *
 * Queue 0 receives: every buffer is posted at start and posted again as
 * soon as its frame has been handed to the stack.  Queue 1 transmits:
 * xmit copies the frame into a free buffer; completed ones are reclaimed
 * by the interrupt handler and by xmit itself.  Buffers are 2 KiB halves
 * of contiguous frames, addressed by physical address.
 *
 * The interrupt handler acknowledges the device, hands every received
 * frame to nd->rx, re-posts the buffers and reclaims transmitted ones.
 * Run when nothing happened (the polling of irq_poll_all) it does nothing.
 */
#include <ukl/arch.h>
#include <ukl/drivers.h>
#include <ukl/errno.h>
#include <ukl/irq.h>
#include <ukl/mm.h>
#include <ukl/netdev.h>
#include <ukl/random.h>
#include <ukl/sched.h>
#include <ukl/virtio.h>

#define VIRTIO_NET_F_MAC 5

#define VNET_RXQ 0
#define VNET_TXQ 1
#define VNET_QUEUE_MAX 256
#define VNET_BUF 2048
#define VNET_FRAME_MAX 1514   /* 1500 + the Ethernet header, no FCS */

struct vnet {
	struct netdev nd;
	struct virtio_dev *vd;
	struct virtq rx, tx;
	unsigned hdr_len;
	unsigned nsegs;          /* descriptors per buffer: 1, or 2 (legacy
				  * without ANY_LAYOUT: header apart) */
	uint8_t *rxbuf, *txbuf;
	uint64_t rxbuf_pa, txbuf_pa;
	unsigned nrx, ntx;
	uint16_t *tx_free;       /* stack of free transmit buffers */
	unsigned ntx_free;
};

static unsigned nnet;

/* Buffer i of a pool as one or two virtq_bufs (header, frame). */
static unsigned buf_segs(const struct vnet *vn, uint64_t pa, uint32_t len,
			 struct virtq_buf *b)
{
	if (vn->nsegs == 1) {
		b[0] = (struct virtq_buf){ pa, len };
		return 1;
	}
	b[0] = (struct virtq_buf){ pa, vn->hdr_len };
	b[1] = (struct virtq_buf){ pa + vn->hdr_len, len - vn->hdr_len };
	return 2;
}

static int rx_post(struct vnet *vn, unsigned i)
{
	struct virtq_buf b[2];
	unsigned n = buf_segs(vn, vn->rxbuf_pa + (uint64_t)i * VNET_BUF,
			      vn->hdr_len + VNET_FRAME_MAX, b);

	return virtq_add(&vn->rx, b, 0, n, (void *)(uintptr_t)(i + 1));
}

static void tx_reclaim(struct vnet *vn)
{
	void *tok;

	while ((tok = virtq_get(&vn->tx, NULL)))
		vn->tx_free[vn->ntx_free++] = (uint16_t)((uintptr_t)tok - 1);
}

static void vnet_irq(void *arg)
{
	struct vnet *vn = arg;
	void *tok;
	uint32_t len;
	bool posted = false;

	virtio_isr(vn->vd);
	while ((tok = virtq_get(&vn->rx, &len))) {
		unsigned i = (unsigned)((uintptr_t)tok - 1);
		uint8_t *buf = vn->rxbuf + (size_t)i * VNET_BUF;
		if (len > vn->hdr_len && len <= vn->hdr_len + VNET_FRAME_MAX && vn->nd.rx)
			vn->nd.rx(&vn->nd, buf + vn->hdr_len, len - vn->hdr_len);
		rx_post(vn, i);   /* cannot fail: its descriptors just came back */
		posted = true;
	}
	if (posted)
		virtq_kick(&vn->rx);
	tx_reclaim(vn);
}

static int vnet_xmit(struct netdev *nd, const struct netdev_frag *frags, int nfrags)
{
	struct vnet *vn = nd->drv;
	size_t len = 0;
	int r = 0;

	for (int k = 0; k < nfrags; k++)
		len += frags[k].len;
	if (len > VNET_FRAME_MAX)
		return -EMSGSIZE;

	unsigned long fl = irq_save();
	tx_reclaim(vn);
	if (!vn->ntx_free) {
		r = -EAGAIN;
		goto out;
	}
	unsigned i = vn->tx_free[--vn->ntx_free];
	uint8_t *buf = vn->txbuf + (size_t)i * VNET_BUF;
	/* A header of zeros: no checksum to fill in, no segmentation. */
	memset(buf, 0, vn->hdr_len);
	size_t off = vn->hdr_len;
	for (int k = 0; k < nfrags; k++) {
		memcpy(buf + off, frags[k].data, frags[k].len);
		off += frags[k].len;
	}
	struct virtq_buf b[2];
	unsigned n = buf_segs(vn, vn->txbuf_pa + (uint64_t)i * VNET_BUF, (uint32_t)off, b);
	if ((r = virtq_add(&vn->tx, b, n, 0, (void *)(uintptr_t)(i + 1))) < 0) {
		vn->tx_free[vn->ntx_free++] = (uint16_t)i;
		goto out;
	}
	virtq_kick(&vn->tx);
out:
	irq_restore(fl);
	return r;
}

/* count 2 KiB buffers in contiguous frames. */
static uint64_t buf_pool(unsigned count, uint8_t **va)
{
	uint64_t pa = pmm_alloc_contig((unsigned)ALIGN_UP((size_t)count * VNET_BUF, PAGE_SIZE) / PAGE_SIZE);

	*va = pa ? phys_to_virt(pa) : NULL;
	return pa;
}

int virtio_net_probe(struct virtio_dev *vd)
{
	struct vnet *vn = kmalloc(sizeof(*vn));
	int r;

	if (!vn)
		return -ENOMEM;
	vn->vd = vd;
	vd->drv = vn;
	virtio_begin(vd);
	uint64_t want = 1ull << VIRTIO_NET_F_MAC;
	if (!vd->modern)
		want |= 1ull << VIRTIO_F_ANY_LAYOUT;
	if ((r = virtio_negotiate(vd, want)) < 0)
		goto fail;
	vn->hdr_len = vd->modern ? 12 : 10;
	vn->nsegs = vd->modern || virtio_has(vd, VIRTIO_F_ANY_LAYOUT) ? 1 : 2;
	if ((r = virtq_setup(vd, &vn->rx, VNET_RXQ, VNET_QUEUE_MAX)) < 0 ||
	    (r = virtq_setup(vd, &vn->tx, VNET_TXQ, VNET_QUEUE_MAX)) < 0)
		goto fail;
	vn->nrx = vn->rx.size / vn->nsegs;
	vn->ntx = vn->tx.size / vn->nsegs;
	vn->rxbuf_pa = buf_pool(vn->nrx, &vn->rxbuf);
	vn->txbuf_pa = buf_pool(vn->ntx, &vn->txbuf);
	vn->tx_free = kmalloc(sizeof(uint16_t) * vn->ntx);
	if (!vn->rxbuf_pa || !vn->txbuf_pa || !vn->tx_free) {
		r = -ENOMEM;
		goto fail;
	}
	for (unsigned i = 0; i < vn->ntx; i++)
		vn->tx_free[i] = (uint16_t)(vn->ntx - 1 - i);
	vn->ntx_free = vn->ntx;
	for (unsigned i = 0; i < vn->nrx; i++)
		rx_post(vn, i);

	if (virtio_has(vd, VIRTIO_NET_F_MAC)) {
		for (unsigned i = 0; i < 6; i++)
			vn->nd.mac[i] = vd->ops->config_read8(vd, i);
	} else {
		/* A locally administered unicast address of our own. */
		random_bytes(vn->nd.mac, 6);
		vn->nd.mac[0] = (vn->nd.mac[0] & 0xfe) | 0x02;
	}
	static const char *const names[] = { "virtio-net0", "virtio-net1", "virtio-net2",
					     "virtio-net3" };
	vn->nd.name = nnet < ARRAY_SIZE(names) ? names[nnet] : "virtio-net";
	nnet++;
	vn->nd.mtu = 1500;
	vn->nd.xmit = vnet_xmit;
	vn->nd.drv = vn;

	virtio_driver_ok(vd);
	virtq_kick(&vn->rx);
	/* The handler runs on the device's interrupt line, or, where the
	 * arch does not route it yet, from the idle loop's polling. */
	if (vd->irq < 0 || (r = irq_attach((unsigned)vd->irq, vnet_irq, vn)) < 0) {
		printk("%s: no usable interrupt line (%d)\n", vn->nd.name, vd->irq);
		r = -ENXIO;
		goto fail;
	}
	netdev_register(&vn->nd);
	if (drivers_verbose)
		printk("%s: %02x:%02x:%02x:%02x:%02x:%02x, virtio %s, irq %d, queues %u/%u\n",
		       vn->nd.name, vn->nd.mac[0], vn->nd.mac[1], vn->nd.mac[2], vn->nd.mac[3],
		       vn->nd.mac[4], vn->nd.mac[5], vd->transport, vd->irq, vn->rx.size,
		       vn->tx.size);
	return 0;
fail:
	/* The device stops using what it was given; the frames stay (they
	 * are never freed, see pmm_alloc_contig). */
	virtio_fail(vd);
	vd->ops->set_status(vd, 0);
	printk("virtio-net (%s): not usable (%d)\n", vd->transport, r);
	return r;
}
