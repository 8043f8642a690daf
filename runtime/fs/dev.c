/* SPDX-License-Identifier: MIT */
/*
 * Character devices: the console (descriptors 0, 1, 2 and /dev/console),
 * /dev/null, /dev/zero, /dev/urandom and /dev/random.  The console's input
 * is not used: reading it gives end of file.
 */
#include <ukl/errno.h>
#include <ukl/fs.h>
#include <ukl/random.h>

static long read_eof(void *buf __maybe_unused, size_t n __maybe_unused)
{
	return 0;
}

static long write_console(const void *buf, size_t n)
{
	console_write(buf, n);
	return (long)n;
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

const struct chardev dev_console = { "console", 5 << 8 | 1, true, read_eof, write_console };
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
	for (size_t i = 0; i < ARRAY_SIZE(devices); i++)
		add_device(devdir, &devices[i]);
	/* stdin, stdout, stderr: one description of the console, read-write,
	 * as Linux opens it for init. */
	struct dentry *d = dir_find(devdir, "console", 7);
	struct file *f = file_open(d->inode, O_RDWR);
	for (int fd = 0; fd < 3; fd++)
		if (!f || fd_install(f, fd, false) != fd)
			panic("fs: cannot open the console as descriptor %d", fd);
	file_put(f);
}
