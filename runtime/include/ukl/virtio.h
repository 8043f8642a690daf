/* SPDX-License-Identifier: MIT */
/*
 * Virtio devices (virtio 1.2 spec; legacy interface where QEMU needs it).
 * A transport (virtio_pci.c: modern and legacy; virtio_mmio.c: version 2
 * and version 1 = legacy) fills in a struct virtio_dev and calls
 * virtio_probe(), which hands it to the driver for its device id
 * (virtio_net.c; a console driver would be the next).  A driver uses the
 * transport-independent calls below and split virtqueues (virtio.c):
 *
 *	virtio_begin(vd)                       reset, ACKNOWLEDGE, DRIVER
 *	virtio_negotiate(vd, wanted)           features (+ FEATURES_OK)
 *	virtq_setup(vd, &vq, index, max)       rings in contiguous frames
 *	virtio_driver_ok(vd)                   DRIVER_OK: the device runs
 *	virtq_add(vq, bufs, nout, nin, token); virtq_kick(vq)
 *	virtq_get(vq, &len) -> token            from the used ring
 *	virtio_isr(vd)                         read-and-acknowledge
 *
 * Every ring word is little-endian, which both architectures are.
 */
#ifndef UKL_VIRTIO_H
#define UKL_VIRTIO_H

#include <ukl/kernel.h>

#define VIRTIO_ID_NET     1
#define VIRTIO_ID_CONSOLE 3

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED      128

/* Transport feature bits. */
#define VIRTIO_F_ANY_LAYOUT 27
#define VIRTIO_F_VERSION_1  32

/* Split virtqueue layout (spec 2.7). */
struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VRING_DESC_F_NEXT  1
#define VRING_DESC_F_WRITE 2

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};
struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
};
#define VRING_USED_F_NO_NOTIFY 1

/* The legacy interface wants the used ring on a 4096-byte boundary after
 * the descriptors and the available ring, all in one block of contiguous
 * memory given by its page number; the modern ones take three addresses.
 * Every transport gets the legacy layout. */
#define VRING_ALIGN 4096

struct virtio_dev;

struct virtq {
	struct virtio_dev *vd;
	unsigned index;
	uint16_t size;             /* descriptors, a power of 2 */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint64_t desc_pa, avail_pa, used_pa;
	uint16_t free_head;        /* the free descriptors, chained by next */
	uint16_t num_free;
	uint16_t last_used;        /* the used ring entries consumed so far */
	uint16_t pending;          /* added, not yet published (virtq_kick) */
	uint16_t notify_off;       /* modern PCI: this queue's doorbell */
	void **token;              /* per head descriptor: the driver's token */
	unsigned npages;
};

/* A buffer for virtq_add: physical address and length. */
struct virtq_buf {
	uint64_t pa;
	uint32_t len;
};

struct virtio_ops {
	uint8_t (*get_status)(struct virtio_dev *vd);
	void (*set_status)(struct virtio_dev *vd, uint8_t status);
	uint64_t (*get_features)(struct virtio_dev *vd);
	void (*set_features)(struct virtio_dev *vd, uint64_t features);
	/* Byte off of the device-specific configuration. */
	uint8_t (*config_read8)(struct virtio_dev *vd, unsigned off);
	/* The device's largest size for queue index (0: no such queue). */
	uint16_t (*queue_max)(struct virtio_dev *vd, unsigned index);
	/* Tell the device where vq's rings are and enable it; 0 or -errno. */
	int (*queue_enable)(struct virtio_dev *vd, struct virtq *vq);
	void (*notify)(struct virtio_dev *vd, struct virtq *vq);
	/* Read the interrupt status (bit 0: used ring, bit 1: configuration)
	 * and acknowledge it. */
	unsigned (*isr)(struct virtio_dev *vd);
};

struct virtio_dev {
	const struct virtio_ops *ops;
	const char *transport;     /* "pci-modern", "mmio-v1", ... for messages */
	uint16_t device_id;
	bool modern;               /* VERSION_1 interface (else legacy) */
	bool queue_size_fixed;     /* legacy PCI: the device's size, no other */
	int irq;                   /* interrupt line (ukl/irq.h), -1: none known */
	uint64_t features;         /* negotiated */
	void *priv;                /* the transport's */
	void *drv;                 /* the device driver's */
};

/* Hand a discovered device to the driver for its id: 0, -ENODEV if there
 * is no driver for it, or the driver's error. */
int virtio_probe(struct virtio_dev *vd);

void virtio_begin(struct virtio_dev *vd);
/* Accept wanted & offered (+ VERSION_1 on a modern device); -EIO if the
 * device refuses them. */
int virtio_negotiate(struct virtio_dev *vd, uint64_t wanted);
static inline bool virtio_has(const struct virtio_dev *vd, unsigned bit)
{
	return vd->features >> bit & 1;
}
void virtio_driver_ok(struct virtio_dev *vd);
void virtio_fail(struct virtio_dev *vd);
static inline unsigned virtio_isr(struct virtio_dev *vd)
{
	return vd->ops->isr(vd);
}

/* Set up queue index with at most max descriptors: 0, -ENOENT (no such
 * queue), -ENOMEM. */
int virtq_setup(struct virtio_dev *vd, struct virtq *vq, unsigned index, uint16_t max);
/* Queue a chain: nout device-readable buffers then nin device-writable
 * ones.  token (not NULL) comes back from virtq_get.  0, or -EAGAIN when
 * there are not enough free descriptors. */
int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned nout,
	      unsigned nin, void *token);
/* Publish what virtq_add queued and notify the device if it wants. */
void virtq_kick(struct virtq *vq);
/* The next completed chain's token (its descriptors freed) and the bytes
 * the device wrote; NULL if none. */
void *virtq_get(struct virtq *vq, uint32_t *len);

/* Transports: look at a device, hand it to virtio_probe.  -ENODEV if
 * there is none (or no driver); pa/irq: a virtio-mmio slot and its line
 * (-1: unknown, polled). */
struct pci_dev;
int virtio_pci_probe(const struct pci_dev *pd);
int virtio_mmio_probe(uint64_t pa, int irq);

/* Drivers. */
int virtio_net_probe(struct virtio_dev *vd);
/* virtio_net_probe, set by the network's boot step (runtime/net/glue.c)
 * in an image whose program can open a socket; NULL otherwise, and a NIC
 * is left alone. */
extern int (*virtio_net_driver)(struct virtio_dev *vd);
int virtio_console_probe(struct virtio_dev *vd);

#endif
