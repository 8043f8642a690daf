/* SPDX-License-Identifier: MIT */
/*
 * virtio-console (spec 5.3) with several ports (VIRTIO_CONSOLE_F_MULTIPORT):
 * the program's stdin, stdout and stderr, each a port of its own
 * (ukl/console.h), which ukl-run connects to its own standard streams.
 *
 * Ports are QEMU `virtserialport`s, not `virtconsole`s: QEMU drops what a
 * console port's host side cannot take at once (a full pipe), but throttles
 * a serial port, so nothing is lost and a slow reader slows the guest.
 *
 * Queues: port 0's receive/transmit are 0 and 1, the control queues 2
 * (device to driver) and 3, port n >= 1's are 2n+2 and 2n+3.  All are set
 * up before DRIVER_OK; then the driver says DEVICE_READY, the device names
 * its ports (DEVICE_ADD), the driver answers PORT_READY and opens the ports
 * it uses (PORT_OPEN): until then the host side holds its input.
 *
 * Output is synchronous: a write's own pages are queued, as a chain of
 * segments, and waited for; QEMU takes them at the notification unless the
 * host side is full, and the wait is short.  Ordering between stdout, stderr and the
 * kernel's messages is then the order of the writes, and nothing is still
 * queued when the machine ends.  Input: the stdin port's buffers are all
 * posted; a received one is read from until empty, then posted again, so
 * the host's data waits in QEMU (and the pipe behind it), never here.
 */
#include <arch/barrier.h>
#include <ukl/arch.h>
#include <ukl/console.h>
#include <ukl/drivers.h>
#include <ukl/errno.h>
#include <ukl/irq.h>
#include <ukl/mm.h>
#include <ukl/sched.h>
#include <ukl/time.h>
#include <ukl/virtio.h>

#define VIRTIO_CONSOLE_F_MULTIPORT 1

#define CTRL_DEVICE_READY 0
#define CTRL_DEVICE_ADD   1
#define CTRL_PORT_READY   3
#define CTRL_PORT_OPEN    6

#define VCON_PORTS  4            /* ports 0..3; 0 is unused */
#define VCON_QSIZE  64
#define VCON_RXBUFS 64          /* every descriptor: QEMU fills ahead of the reader */
#define VCON_RXBUF  4096
#define VCON_CTRLBUFS 8
#define VCON_CTRLBUF 128
/* How long the start waits for the device to name its ports. */
#define VCON_START_NS (200 * 1000 * 1000ull)

/* ukl-run looks for this string in an image to give it the device: it is
 * in the image when the driver is (virtio_console_probe keeps it). */
__attribute__((used)) static const char vcon_marker[] =
	"ukl-virtio-console: stdin=1 stdout=2 stderr=3";

struct ctrl_msg {
	uint32_t id;
	uint16_t event, value;
};

static struct vcon {
	struct virtio_dev *vd;
	struct virtq ctrl_rx, ctrl_tx;
	struct virtq rx[VCON_PORTS], tx[VCON_PORTS];
	bool added[VCON_PORTS];
	unsigned nports;             /* queues set up for ports 0..nports-1 */
	uint8_t *rxbuf, *ctrlbuf, *ctrl_out;
	uint64_t rxbuf_pa, ctrlbuf_pa, ctrl_out_pa;
	/* The stdin buffer being read: index, bytes, position; -1: none. */
	int cur;
	uint32_t cur_len, cur_pos;
	/* Received stdin buffers not yet read, in order. */
	uint8_t ready[VCON_RXBUFS];
	uint32_t ready_len[VCON_RXBUFS];
	unsigned ready_head, nready;
	bool active;
} vc;

static uint64_t contig(size_t bytes, uint8_t **va)
{
	uint64_t pa = pmm_alloc_contig((unsigned)(ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE));
	*va = pa ? phys_to_virt(pa) : NULL;
	return pa;
}

/* Wait (polling: this runs with interrupts off, and QEMU completes it
 * while we spin) for a chain on vq to come back. */
static void wait_used(struct virtq *vq)
{
	while (!virtq_get(vq, NULL))
		arch_relax();
}

static void ctrl_send(uint32_t id, uint16_t event, uint16_t value)
{
	struct ctrl_msg *m = (struct ctrl_msg *)vc.ctrl_out;
	struct virtq_buf b = { vc.ctrl_out_pa, sizeof(*m) };

	*m = (struct ctrl_msg){ id, event, value };
	if (virtq_add(&vc.ctrl_tx, &b, 1, 0, m) == 0) {
		virtq_kick(&vc.ctrl_tx);
		wait_used(&vc.ctrl_tx);
	}
}

static void ctrl_post(unsigned i)
{
	struct virtq_buf b = { vc.ctrlbuf_pa + (uint64_t)i * VCON_CTRLBUF, VCON_CTRLBUF };
	virtq_add(&vc.ctrl_rx, &b, 0, 1, (void *)(uintptr_t)(i + 1));
}

static void rx_post(unsigned i)
{
	struct virtq_buf b = { vc.rxbuf_pa + (uint64_t)i * VCON_RXBUF, VCON_RXBUF };
	virtq_add(&vc.rx[VCON_PORT_STDIN], &b, 0, 1, (void *)(uintptr_t)(i + 1));
}

/* The device's control messages: ports appearing, the host opening one. */
static void ctrl_poll(void)
{
	void *tok;
	uint32_t len;
	bool posted = false;

	while ((tok = virtq_get(&vc.ctrl_rx, &len))) {
		unsigned i = (unsigned)((uintptr_t)tok - 1);
		struct ctrl_msg m;
		memcpy(&m, vc.ctrlbuf + (size_t)i * VCON_CTRLBUF, sizeof(m));
		ctrl_post(i);
		posted = true;
		if (len < sizeof(m) || m.event != CTRL_DEVICE_ADD)
			continue;   /* names, host open/close, resizes: not needed */
		bool ours = m.id < vc.nports && m.id != 0;
		ctrl_send(m.id, CTRL_PORT_READY, ours);
		if (ours) {
			vc.added[m.id] = true;
			ctrl_send(m.id, CTRL_PORT_OPEN, 1);
			/* QEMU looks at the host side's input again only when
			 * told the guest can take it: once the port is open,
			 * notify its receive queue (its buffers were posted
			 * before), or input that came while the port was
			 * closed can wait for some other event. */
			if (m.id == VCON_PORT_STDIN) {
				mb();
				vc.vd->ops->notify(vc.vd, &vc.rx[m.id]);
			}
		}
	}
	if (posted)
		virtq_kick(&vc.ctrl_rx);
}

/* Collect the stdin buffers the device has filled; true if any. */
static bool stdin_poll_quiet(void)
{
	void *tok;
	uint32_t len;
	bool got = false;

	if (vc.nports <= VCON_PORT_STDIN)
		return false;
	while ((tok = virtq_get(&vc.rx[VCON_PORT_STDIN], &len))) {
		unsigned i = (unsigned)((uintptr_t)tok - 1);
		if (!len) {
			rx_post(i);
			virtq_kick(&vc.rx[VCON_PORT_STDIN]);
			continue;
		}
		unsigned slot = (vc.ready_head + vc.nready++) % VCON_RXBUFS;
		vc.ready[slot] = (uint8_t)i;
		vc.ready_len[slot] = MIN(len, (uint32_t)VCON_RXBUF);
		got = true;
	}
	return got;
}

/* From the interrupt: tell the console (fs/dev.c), which reads it all. */
static void stdin_poll(void)
{
	if (stdin_poll_quiet())
		console_input_notify();
}

static void vcon_irq(void *arg __maybe_unused)
{
	unsigned long fl = irq_save();

	virtio_isr(vc.vd);
	ctrl_poll();
	stdin_poll();
	irq_restore(fl);
}

bool vcon_active(void)
{
	return vc.active;
}

long vcon_read(void *buf, size_t n)
{
	unsigned long fl = irq_save();
	size_t got = 0;

	if (!vc.active || vc.nports <= VCON_PORT_STDIN)
		goto out;
	while (got < n) {
		if (vc.cur < 0) {
			stdin_poll_quiet();
			if (!vc.nready)
				break;
			vc.cur = vc.ready[vc.ready_head];
			vc.cur_len = vc.ready_len[vc.ready_head];
			vc.cur_pos = 0;
			vc.ready_head = (vc.ready_head + 1) % VCON_RXBUFS;
			vc.nready--;
		}
		size_t k = MIN(n - got, (size_t)(vc.cur_len - vc.cur_pos));
		memcpy((char *)buf + got, vc.rxbuf + (size_t)vc.cur * VCON_RXBUF + vc.cur_pos, k);
		got += k;
		vc.cur_pos += (uint32_t)k;
		if (vc.cur_pos == vc.cur_len) {
			rx_post((unsigned)vc.cur);
			virtq_kick(&vc.rx[VCON_PORT_STDIN]);
			vc.cur = -1;
		}
	}
out:
	irq_restore(fl);
	return (long)got;
}

/* Output goes from where it is: the buffer's pages, physically, as one
 * chain of up to VCON_QSIZE segments at a time (the caller's memory stays
 * put: the write waits for the device).  No copy. */
long vcon_write(unsigned port, const void *buf, size_t n)
{
	uintptr_t va = (uintptr_t)buf;
	size_t left = n;

	if (!vc.active || port >= vc.nports || !vc.added[port])
		return -ENODEV;
	unsigned long fl = irq_save();
	while (left) {
		struct virtq_buf segs[VCON_QSIZE];
		unsigned k = 0;
		while (left && k < VCON_QSIZE) {
			size_t chunk = MIN(left, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
			uint64_t pa = vm_user_phys(va);
			if (!pa) {
				irq_restore(fl);
				return n - left ? (long)(n - left) : -EFAULT;
			}
			if (k && segs[k - 1].pa + segs[k - 1].len == pa)
				segs[k - 1].len += (uint32_t)chunk;
			else
				segs[k++] = (struct virtq_buf){ pa, (uint32_t)chunk };
			va += chunk;
			left -= chunk;
		}
		if (virtq_add(&vc.tx[port], segs, k, 0, segs) < 0)
			break;   /* cannot happen: the queue is empty between writes */
		virtq_kick(&vc.tx[port]);
		wait_used(&vc.tx[port]);
	}
	irq_restore(fl);
	return (long)(n - left);
}

static uint32_t config_read32(struct virtio_dev *vd, unsigned off)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < 4; i++)
		v |= (uint32_t)vd->ops->config_read8(vd, off + i) << (8 * i);
	return v;
}

int virtio_console_probe(struct virtio_dev *vd)
{
	int r;

	UKL_GC_KEEP(vcon_marker);
	if (vc.vd) {
		printk("virtio-console (%s): a second one, not used\n", vd->transport);
		return -EBUSY;
	}
	vc.vd = vd;
	vc.cur = -1;
	virtio_begin(vd);
	if ((r = virtio_negotiate(vd, 1ull << VIRTIO_CONSOLE_F_MULTIPORT)) < 0)
		goto fail;
	if (!virtio_has(vd, VIRTIO_CONSOLE_F_MULTIPORT)) {
		r = -EOPNOTSUPP;
		goto fail;
	}
	/* struct virtio_console_config: cols, rows (u16), max_nr_ports. */
	vc.nports = MIN(config_read32(vd, 4), (uint32_t)VCON_PORTS);
	if ((r = virtq_setup(vd, &vc.ctrl_rx, 2, VCON_QSIZE)) < 0 ||
	    (r = virtq_setup(vd, &vc.ctrl_tx, 3, VCON_QSIZE)) < 0)
		goto fail;
	for (unsigned port = 1; port < vc.nports; port++) {
		unsigned q = 2 * port + 2;
		if ((r = virtq_setup(vd, &vc.rx[port], q, VCON_QSIZE)) < 0 ||
		    (r = virtq_setup(vd, &vc.tx[port], q + 1, VCON_QSIZE)) < 0)
			goto fail;
	}
	vc.rxbuf_pa = contig((size_t)VCON_RXBUFS * VCON_RXBUF, &vc.rxbuf);
	vc.ctrlbuf_pa = contig((size_t)VCON_CTRLBUFS * VCON_CTRLBUF, &vc.ctrlbuf);
	vc.ctrl_out_pa = contig(PAGE_SIZE, &vc.ctrl_out);
	if (!vc.rxbuf_pa || !vc.ctrlbuf_pa || !vc.ctrl_out_pa) {
		r = -ENOMEM;
		goto fail;
	}
	for (unsigned i = 0; i < VCON_CTRLBUFS; i++)
		ctrl_post(i);
	if (vc.nports > VCON_PORT_STDIN)
		for (unsigned i = 0; i < VCON_RXBUFS; i++)
			rx_post(i);
	virtio_driver_ok(vd);
	virtq_kick(&vc.ctrl_rx);
	if (vc.nports > VCON_PORT_STDIN)
		virtq_kick(&vc.rx[VCON_PORT_STDIN]);
	vc.active = true;

	/* The device answers DEVICE_READY with a DEVICE_ADD per port, at
	 * once on QEMU; wait (bounded) until the streams' ports are there. */
	ctrl_send(0, CTRL_DEVICE_READY, 1);
	uint64_t end = time_monotonic_ns() + VCON_START_NS;
	while (!(vc.added[VCON_PORT_STDOUT] && vc.added[VCON_PORT_STDERR]) &&
	       time_monotonic_ns() < end) {
		ctrl_poll();
		arch_relax();
	}
	if (vd->irq < 0 || irq_attach((unsigned)vd->irq, vcon_irq, NULL) < 0)
		printk("virtio-console: no interrupt line (%d): polled\n", vd->irq);
	if (drivers_verbose)
		printk("virtio-console: virtio %s, irq %d, %u ports, stdin %s, stdout %s, stderr %s\n",
		       vd->transport, vd->irq, vc.nports,
		       vc.added[VCON_PORT_STDIN] ? "yes" : "no",
		       vc.added[VCON_PORT_STDOUT] ? "yes" : "no",
		       vc.added[VCON_PORT_STDERR] ? "yes" : "no");
	return 0;
fail:
	vc.active = false;
	virtio_fail(vd);
	vd->ops->set_status(vd, 0);
	printk("virtio-console (%s): not usable (%d)\n", vd->transport, r);
	return r;
}
