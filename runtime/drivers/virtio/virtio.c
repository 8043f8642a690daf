/* SPDX-License-Identifier: MIT */
/*
 * The transport-independent half of virtio (ukl/virtio.h): the device
 * status sequence of spec 3.1.1, feature negotiation, and split virtqueues
 * (spec 2.7) in physically contiguous frames.
 */
#include <arch/barrier.h>
#include <ukl/arch.h>
#include <ukl/errno.h>
#include <ukl/mm.h>
#include <ukl/virtio.h>

int (*virtio_net_driver)(struct virtio_dev *vd);

int virtio_probe(struct virtio_dev *vd)
{
	switch (vd->device_id) {
	case VIRTIO_ID_NET:
		return virtio_net_driver ? virtio_net_driver(vd) : -ENODEV;
	case VIRTIO_ID_CONSOLE:
		return virtio_console_probe(vd);
	}
	return -ENODEV;
}

/* Reset, then say we saw the device and can drive it.  A reset completes
 * when the status reads back 0 (modern PCI may take a moment). */
void virtio_begin(struct virtio_dev *vd)
{
	vd->ops->set_status(vd, 0);
	for (int i = 0; i < 1000000 && vd->ops->get_status(vd); i++)
		arch_relax();
	vd->ops->set_status(vd, VIRTIO_STATUS_ACKNOWLEDGE);
	vd->ops->set_status(vd, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
}

int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted)
{
	uint64_t offered = vd->ops->get_features(vd);

	if (vd->modern)
		wanted |= 1ull << VIRTIO_F_VERSION_1;
	vd->features = offered & wanted;
	vd->ops->set_features(vd, vd->features);
	if (!vd->modern)
		return 0;   /* legacy devices have no FEATURES_OK */
	uint8_t st = vd->ops->get_status(vd) | VIRTIO_STATUS_FEATURES_OK;
	vd->ops->set_status(vd, st);
	if (!(vd->ops->get_status(vd) & VIRTIO_STATUS_FEATURES_OK))
		return -EIO;
	return 0;
}

void virtio_driver_ok(struct virtio_dev *vd)
{
	vd->ops->set_status(vd, vd->ops->get_status(vd) | VIRTIO_STATUS_DRIVER_OK);
}

void virtio_fail(struct virtio_dev *vd)
{
	vd->ops->set_status(vd, vd->ops->get_status(vd) | VIRTIO_STATUS_FAILED);
}

/* ---- split virtqueues ---------------------------------------------- */

static size_t vring_used_offset(uint16_t n)
{
	return ALIGN_UP(16ul * n + 6 + 2ul * n, VRING_ALIGN);
}

int virtq_setup(struct virtio_dev *vd, struct virtq *vq, unsigned index, uint16_t max)
{
	uint16_t n = vd->ops->queue_max(vd, index);

	if (!n)
		return -ENOENT;
	/* Legacy PCI cannot shrink a queue: the device's size it is.  The
	 * others take any power of 2 up to the device's maximum. */
	while (n > max && !vd->queue_size_fixed)
		n /= 2;
	/* The rings, then the driver's tokens (one per descriptor; up to
	 * 256 KiB for the largest queue, more than kmalloc gives). */
	size_t used_off = vring_used_offset(n);
	size_t ring_bytes = used_off + ALIGN_UP(6 + 8ul * n, VRING_ALIGN);
	size_t bytes = ring_bytes + ALIGN_UP(sizeof(void *) * n, PAGE_SIZE);
	unsigned npages = bytes / PAGE_SIZE;
	uint64_t pa = pmm_alloc_contig(npages);

	if (!pa)
		return -ENOMEM;
	uint8_t *base = phys_to_virt(pa);
	void **token = (void **)(base + ring_bytes);
	*vq = (struct virtq){
		.vd = vd, .index = index, .size = n,
		.desc = (struct vring_desc *)base,
		.avail = (struct vring_avail *)(base + 16ul * n),
		.used = (struct vring_used *)(base + used_off),
		.desc_pa = pa, .avail_pa = pa + 16ul * n, .used_pa = pa + used_off,
		.free_head = 0, .num_free = n, .token = token, .npages = npages,
	};
	for (uint16_t i = 0; i < n; i++)
		vq->desc[i].next = i + 1;
	int r = vd->ops->queue_enable(vd, vq);
	if (r < 0)
		return r;   /* the frames stay: they are the device's now */
	return 0;
}

int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned nout,
	      unsigned nin, void *token)
{
	unsigned n = nout + nin;

	if (!n || n > vq->num_free)
		return -EAGAIN;
	uint16_t head = vq->free_head, i = head, last = head;
	for (unsigned k = 0; k < n; k++) {
		struct vring_desc *d = &vq->desc[i];
		d->addr = bufs[k].pa;
		d->len = bufs[k].len;
		d->flags = (k >= nout ? VRING_DESC_F_WRITE : 0) |
			   (k + 1 < n ? VRING_DESC_F_NEXT : 0);
		last = i;
		i = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->num_free -= n;
	vq->token[head] = token;
	/* The entry becomes the device's in virtq_kick, when idx moves. */
	vq->avail->ring[(uint16_t)(vq->avail->idx + vq->pending) % vq->size] = head;
	vq->pending++;
	return 0;
}

void virtq_kick(struct virtq *vq)
{
	if (!vq->pending)
		return;
	/* The ring entries before the index that publishes them (spec
	 * 2.7.13.3), the index before we look whether the device wants a
	 * notification (2.7.13.4: a full barrier, store then load). */
	wmb();
	vq->avail->idx += vq->pending;
	vq->pending = 0;
	mb();
	if (!(*(volatile uint16_t *)&vq->used->flags & VRING_USED_F_NO_NOTIFY))
		vq->vd->ops->notify(vq->vd, vq);
}

void *virtq_get(struct virtq *vq, uint32_t *len)
{
	if (vq->last_used == *(volatile uint16_t *)&vq->used->idx)
		return NULL;
	/* The entry is read after the index that says it is there. */
	rmb();
	struct vring_used_elem *e = &vq->used->ring[vq->last_used % vq->size];
	uint32_t id = e->id;
	/* A device that names a descriptor we never gave it is broken: the
	 * queue stops rather than corrupt the free list. */
	if (id >= vq->size || !vq->token[id])
		return NULL;
	uint16_t head = (uint16_t)id;
	if (len)
		*len = e->len;
	vq->last_used++;
	void *token = vq->token[head];
	vq->token[head] = NULL;
	/* Give the chain's descriptors back. */
	uint16_t i = head, n = 1;
	while (vq->desc[i].flags & VRING_DESC_F_NEXT) {
		i = vq->desc[i].next;
		n++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += n;
	return token;
}
