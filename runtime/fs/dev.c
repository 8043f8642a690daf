/* SPDX-License-Identifier: MIT */
/*
 * Character devices: the console (descriptors 0, 1, 2 and /dev/console),
 * /dev/null, /dev/zero, /dev/urandom and /dev/random.
 *
 * The console reads like a terminal in canonical mode whose line editing
 * and echo were done before the bytes arrived (ukl-run feeds QEMU's serial
 * port from a pipe, so the host's terminal did them): a read waits for a
 * whole line, returns it (or as much as fits), and ^D (0x04, VEOF) ends
 * the input.  Unlike a terminal's, that end is for good, as a pipe's is:
 * ukl-run sends one ^D when its own input ends, and a program that reads
 * again must not wait for a second.  The data is 8-bit clean: DLE (0x10)
 * makes the byte after it data, which is how ukl-run sends a 0x04 or a
 * 0x10 of the input.  Nothing is received while nobody reads (the UART's
 * FIFO and QEMU hold it), and waiting is a busy poll: interrupts stay
 * off.
 */
#include <ukl/arch.h>
#include <ukl/console.h>
#include <ukl/errno.h>
#include <ukl/fs.h>
#include <ukl/random.h>

#define VEOF 0x04
#define DLE  0x10   /* the next byte is data */

static long read_eof(void *buf __maybe_unused, size_t n __maybe_unused)
{
	return 0;
}

static bool console_ended;

/* The console's next byte, waiting for it. */
static int console_getc_wait(void)
{
	int c;

	while ((c = console_getc()) < 0)
		arch_relax();
	return c;
}

static long read_console(void *buf, size_t n)
{
	char *p = buf;
	size_t got = 0;

	while (!console_ended && got < n) {
		int c = console_getc_wait();
		if (c == VEOF) {
			console_ended = true;
			break;
		}
		if (c == DLE)
			c = console_getc_wait();
		p[got++] = (char)c;
		if (c == '\n')
			break;
	}
	return (long)got;
}

static long write_console(const void *buf, size_t n)
{
	return console_out(buf, n);
}

static long write_console_err(const void *buf, size_t n)
{
	return console_err(buf, n);
}

/* Input has arrived through virtio-console: reads poll for it here. */
__attribute__((weak)) void console_input_notify(void)
{
}

static long write_discard(const void *buf __maybe_unused, size_t n)
{
	return (long)n;
}

static long read_zero(void *buf, size_t n)
{
	memset(buf, 0, n);
	return (long)n;
}

static long read_random(void *buf, size_t n)
{
	random_bytes(buf, n);
	return (long)n;
}

const struct chardev dev_console = { "console", 5 << 8 | 1, true, read_console, write_console };
/* Descriptor 2: the same terminal for reading, but what is written goes to
 * the stderr channel (ukl/console.h).  Linux's name for the second
 * virtio console port. */
static const struct chardev dev_console_err = { "hvc1", 229 << 8 | 1, true, read_console,
						write_console_err };
static const struct chardev devices[] = {
	{ "null",    1 << 8 | 3, false, read_eof,    write_discard },
	{ "zero",    1 << 8 | 5, false, read_zero,   write_discard },
	{ "random",  1 << 8 | 8, false, read_random, write_discard },
	{ "urandom", 1 << 8 | 9, false, read_random, write_discard },
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

void dev_init(struct inode *devdir)
{
	add_device(devdir, &dev_console);
	add_device(devdir, &dev_console_err);
	for (size_t i = 0; i < ARRAY_SIZE(devices); i++)
		add_device(devdir, &devices[i]);
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
