/* SPDX-License-Identifier: MIT */
/*
 * Character devices: the console (descriptors 0, 1, 2 and /dev/console),
 * /dev/null, /dev/zero, /dev/urandom and /dev/random; /dev/stdin,
 * /dev/stdout and /dev/stderr, links to what descriptors 0, 1, 2 are at
 * boot.  (Linux's are links to /proc/self/fd/N, which follow a dup2 onto
 * the descriptor; there is no /proc here.  Programs name them to log to
 * the console: nginx's access_log /dev/stdout.)
 *
 * The console reads like a terminal in canonical mode whose line editing
 * and echo were done before the bytes arrived (ukl-run feeds QEMU's serial
 * port from a pipe, so the host's terminal did them): a read waits for a
 * whole line, returns it (or as much as fits), and ^D (0x04, VEOF) ends
 * the input.  Unlike a terminal's, that end is for good, as a pipe's is:
 * ukl-run sends one ^D when its own input ends, and a program that reads
 * again must not wait for a second.  The data is 8-bit clean: DLE (0x10)
 * makes the byte after it data, which is how ukl-run sends a 0x04 or a
 * 0x10 of the input.
 *
 * Received bytes go, decoded (DLE, ^D), into a ring like a terminal's
 * input queue (4 KiB, N_TTY's size): the UART's receive interrupt fills it
 * where an arch routes the line (irq_attach on first wait; an idle loop's
 * irq_poll_all runs the same handler), and while anyone waits (a read, a
 * poll or epoll) a kernel timer polls the UART too, so it works where the
 * interrupt is not routed and nothing polls.  A read that finds the
 * ring empty drains the UART itself before it sleeps, so a steady input
 * never waits for a timer.  When the ring is full, or the end has come,
 * nothing more is taken from the UART: its FIFO and QEMU hold the rest, as
 * they did before anyone read.  Readiness: readable when a byte or the end
 * is there, always writable.
 */
#include <ukl/arch.h>
#include <ukl/console.h>
#include <ukl/errno.h>
#include <ukl/fs.h>
#include <ukl/irq.h>
#include <ukl/mm.h>
#include <ukl/poll.h>
#include <ukl/random.h>
#include <ukl/sched.h>
#include <ukl/time.h>

#define VEOF 0x04
#define DLE  0x10   /* the next byte is data */
#define FIONREAD 0x541b

static long read_eof(void *buf __maybe_unused, size_t n __maybe_unused,
		     bool nonblock __maybe_unused)
{
	return 0;
}

/* The input queue.  rx_end: the ^D has been received (after the bytes in
 * the ring); console_ended: a read has returned it, and every later read
 * returns 0 at once. */
#define RX_SIZE 4096
static unsigned char rx[RX_SIZE];
static unsigned rx_head, rx_len;
static bool rx_esc, rx_end, console_ended;
static struct waitq console_wq = WAITQ_INIT(console_wq);
static unsigned readers_waiting;
static struct ktimer rx_timer;
static bool irq_tried, irq_routed;

/* Poll periods of the fallback timer: short while bytes keep coming. */
#define RX_POLL_BUSY_NS 100000ull
#define RX_POLL_IDLE_NS 2000000ull

/* N bytes of data at P into the ring (there is room): at most two copies,
 * the ring's end and its start. */
static void rx_push(const unsigned char *p, size_t n)
{
	unsigned tail = (rx_head + rx_len) % RX_SIZE;
	size_t k = MIN(n, (size_t)(RX_SIZE - tail));

	memcpy(rx + tail, p, k);
	memcpy(rx, p + k, n - k);
	rx_len += (unsigned)n;
}

/* Received bytes, decoded into the ring: runs of plain data are copied
 * whole; DLE makes the next byte data, ^D is the end (what follows it is
 * not input).  N is at most the ring's room (a DLE pair takes one byte). */
static void rx_take(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n && !rx_end) {
		if (rx_esc) {
			rx_esc = false;
			rx_push(p + i++, 1);
			continue;
		}
		size_t j = i;
		while (j < n && p[j] != DLE && p[j] != VEOF)
			j++;
		rx_push(p + i, j - i);
		if (j < n) {
			if (p[j] == DLE)
				rx_esc = true;
			else
				rx_end = true;
			j++;
		}
		i = j;
	}
}

/* Move what has been received into the ring (interrupts off): from
 * virtio-console's stdin port when it is up (ukl/console.h), in bulk, else
 * from the UART; wake the waiters if anything came.  Never more than the
 * ring has room for (a DLE pair is one byte in the ring).  A device's
 * interrupt path into rx_drain may run from inside a drain: the drain under
 * way takes that input too, so the inner call does nothing. */
static bool rx_drain(void)
{
	static bool draining;
	bool got = false;
	int c;

	if (draining)
		return false;
	draining = true;
	if (vcon_active()) {
		unsigned char tmp[1024];
		long k;
		while (!rx_end && rx_len < RX_SIZE &&
		       (k = vcon_read(tmp, MIN(sizeof(tmp), (size_t)(RX_SIZE - rx_len)))) > 0) {
			got = true;
			rx_take(tmp, (size_t)k);
		}
	} else {
		while (!rx_end && rx_len < RX_SIZE && (c = arch_console_getc()) >= 0) {
			unsigned char b = (unsigned char)c;
			got = true;
			rx_take(&b, 1);
		}
	}
	/* A level-triggered line would fire again and again while the UART
	 * holds bytes that have no room: off until a read makes room. */
	if (irq_routed && (rx_end || rx_len == RX_SIZE))
		arch_console_rx_irq(false);
	draining = false;
	if (got)
		waitq_wake(&console_wq, EPOLLIN | EPOLLRDNORM);
	return got;
}

/* The UART's interrupt, or, where the line is not routed, a turn of an
 * idle loop that polls the devices (irq_poll_all): draining the FIFO as
 * soon as it fills is what lets QEMU put the next bytes in. */
static void console_irq(void *arg __maybe_unused)
{
	unsigned long fl = irq_save();
	rx_drain();
	irq_restore(fl);
}

static void rx_timer_fn(struct ktimer *t)
{
	bool got = rx_drain();
	if (readers_waiting || !waitq_empty(&console_wq))
		ktimer_arm(t, time_monotonic_ns() + (got ? RX_POLL_BUSY_NS : RX_POLL_IDLE_NS));
}

/* Someone is about to wait for input (interrupts off): the interrupt
 * attached the first time, the fallback poll running. */
static void rx_watch(void)
{
	if (!irq_tried) {
		irq_tried = true;
		unsigned line = arch_console_irq_line();
		irq_routed = irq_attach(line, console_irq, NULL) == 0 && arch_irq_route(line);
		if (irq_routed)
			arch_console_rx_irq(true);
	}
	if (!rx_timer.armed) {
		rx_timer.fn = rx_timer_fn;
		ktimer_arm(&rx_timer, time_monotonic_ns() + RX_POLL_BUSY_NS);
	}
}

static bool rx_ready(void)
{
	return rx_len || rx_end;
}

bool console_input_pending(void)
{
	unsigned long fl = irq_save();
	rx_drain();
	bool r = rx_len || rx_esc;
	irq_restore(fl);
	return r;
}

static long read_console(void *buf, size_t n, bool nonblock)
{
	char *p = buf;
	size_t got = 0;
	bool line = false;
	unsigned long fl = irq_save();

	while (!console_ended && !line && got < n) {
		if (!rx_ready())
			rx_drain();
		if (!rx_ready()) {
			if (nonblock) {
				irq_restore(fl);
				return got ? (long)got : -EAGAIN;
			}
			readers_waiting++;
			rx_watch();
			long r = wait_event(&console_wq, rx_ready(), 0);
			readers_waiting--;
			if (r < 0) {
				irq_restore(fl);
				return got ? (long)got : r;
			}
		}
		bool room = rx_len == RX_SIZE;
		/* Contiguous runs of the ring, each up to its first newline. */
		while (got < n && rx_len && !line) {
			size_t run = MIN(MIN((size_t)rx_len, (size_t)(RX_SIZE - rx_head)), n - got);
			const unsigned char *q = rx + rx_head;
			size_t k = 0;
			while (k < run && q[k] != '\n')
				k++;
			line = k < run;
			k += line;
			memcpy(p + got, q, k);
			got += k;
			rx_head = (unsigned)((rx_head + k) % RX_SIZE);
			rx_len -= (unsigned)k;
		}
		if (room && irq_routed && !rx_end)
			arch_console_rx_irq(true);
		if (!rx_len && rx_end)
			console_ended = true;
	}
	irq_restore(fl);
	return (long)got;
}

static unsigned poll_console(struct poll_table *pt)
{
	unsigned long fl = irq_save();
	unsigned m = EPOLLOUT | EPOLLWRNORM;

	rx_drain();
	if (rx_ready() || console_ended)
		m |= EPOLLIN | EPOLLRDNORM;
	if (pt) {
		poll_wait(pt, &console_wq);
		rx_watch();
	}
	irq_restore(fl);
	return m;
}

static long ioctl_console(unsigned long cmd, unsigned long arg)
{
	if (cmd != FIONREAD)
		return -ENOTTY;   /* not a terminal: see sys_io.c's ioctl */
	unsigned long fl = irq_save();
	rx_drain();
	*(int *)arg = (int)rx_len;
	irq_restore(fl);
	return 0;
}

static long write_console(const void *buf, size_t n)
{
	return console_out(buf, n);
}

static long write_console_err(const void *buf, size_t n)
{
	return console_err(buf, n);
}

/* virtio-console's interrupt: stdin bytes have come. */
void console_input_notify(void)
{
	unsigned long fl = irq_save();
	rx_drain();
	irq_restore(fl);
}

static long write_discard(const void *buf __maybe_unused, size_t n)
{
	return (long)n;
}

static long read_zero(void *buf, size_t n, bool nonblock __maybe_unused)
{
	memset(buf, 0, n);
	return (long)n;
}

static long read_random(void *buf, size_t n, bool nonblock __maybe_unused)
{
	random_bytes(buf, n);
	return (long)n;
}

/* Always ready, and waits for nothing: Linux's random_poll once the pool is
 * initialised.  (/dev/null and /dev/zero have no poll at all in Linux:
 * epoll_ctl refuses them, poll finds them ready.) */
static unsigned poll_ready(struct poll_table *pt __maybe_unused)
{
	return EPOLLIN | EPOLLRDNORM | EPOLLOUT | EPOLLWRNORM;
}

const struct chardev dev_console = {
	"console", 5 << 8 | 1, true, read_console, write_console, poll_console, ioctl_console
};
/* Descriptor 2: the same terminal for reading, but what is written goes to
 * the stderr channel (ukl/console.h).  Linux's name for the second
 * virtio console port. */
static const struct chardev dev_console_err = {
	"hvc1", 229 << 8 | 1, true, read_console, write_console_err, poll_console, ioctl_console
};
static const struct chardev devices[] = {
	{ "null",    1 << 8 | 3, false, read_eof,    write_discard, NULL, NULL },
	{ "zero",    1 << 8 | 5, false, read_zero,   write_discard, NULL, NULL },
	{ "random",  1 << 8 | 8, false, read_random, write_discard, poll_ready, NULL },
	{ "urandom", 1 << 8 | 9, false, read_random, write_discard, poll_ready, NULL },
};

static void add_device(struct inode *dir, const struct chardev *dev)
{
	struct inode *ip;

	if (dir_find(dir, dev->name, strlen(dev->name)))
		return;   /* the initrd's /dev has it already */
	if (vfs_create(dir, dev->name, strlen(dev->name), S_IFCHR | 0666, &ip))
		panic("fs: no memory for /dev/%s", dev->name);
	ip->chr.dev = dev;
}

static void add_link(struct inode *dir, const char *name, const char *target)
{
	struct inode *ip;
	size_t n = strlen(target);

	if (dir_find(dir, name, strlen(name)))
		return;   /* the initrd's /dev has it already */
	if (vfs_create(dir, name, strlen(name), S_IFLNK | 0777, &ip) ||
	    !(ip->lnk.target = kmalloc(n + 1)))
		panic("fs: no memory for /dev/%s", name);
	memcpy(ip->lnk.target, target, n + 1);
	ip->size = n;
}

void dev_init(struct inode *devdir)
{
	add_device(devdir, &dev_console);
	add_device(devdir, &dev_console_err);
	for (size_t i = 0; i < ARRAY_SIZE(devices); i++)
		add_device(devdir, &devices[i]);
	add_link(devdir, "stdin", "console");
	add_link(devdir, "stdout", "console");
	add_link(devdir, "stderr", "hvc1");
	/* stdin, stdout: one description of the console, read-write, as
	 * Linux opens it for init; stderr: one of its own, whose writes go to
	 * the stderr channel. */
	struct dentry *d = dir_find(devdir, "console", 7);
	struct dentry *e = dir_find(devdir, "hvc1", 4);
	struct file *f = file_open(d->inode, O_RDWR);
	struct file *ef = e ? file_open(e->inode, O_RDWR) : NULL;
	for (int fd = 0; fd < 2; fd++)
		if (!f || fd_install(f, fd, false) != fd)
			panic("fs: cannot open the console as descriptor %d", fd);
	if (!ef || fd_install(ef, 2, false) != 2)
		panic("fs: cannot open the console as descriptor 2");
	file_put(f);
	file_put(ef);
}
