/* SPDX-License-Identifier: MIT */
/*
 * Open files and the descriptor table.  A descriptor points to an open file
 * description (struct file: position, status flags), which dup() shares;
 * the close-on-exec flag belongs to the descriptor.  There is one process,
 * so one table of NR_OPEN descriptors.
 */
#include <ukl/errno.h>
#include <ukl/fs.h>
#include <ukl/mm.h>
#include <ukl/poll.h>

static struct file *fds[NR_OPEN];
/* Sockets, pipes, eventfds and epolls: inodes in no directory. */
struct fs anonfs = { .readonly = false, .dev = 3 };
static uint8_t cloexec[NR_OPEN / 8];

struct file *file_open(struct inode *ip, uint32_t flags)
{
	struct file *f = kmalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->inode = ip;
	f->flags = flags;
	f->refs = 1;
	f->ops = NULL;
	f->priv = NULL;
	inode_get(ip);
	return f;
}

struct file *file_open_ops(uint32_t mode, const struct file_ops *ops, void *priv,
			   uint32_t flags)
{
	struct inode *ip = inode_new(&anonfs, mode);
	struct file *f;

	if (!ip)
		return NULL;
	ip->nlink = 0;   /* freed with its last file */
	f = file_open(ip, flags);   /* the file's reference is the only one */
	if (!f) {
		kfree(ip);
		return NULL;
	}
	f->ops = ops;
	f->priv = priv;
	return f;
}

void file_put(struct file *f)
{
	if (--f->refs == 0) {
		epoll_file_gone(f);
		if (f->ops && f->ops->release)
			f->ops->release(f);
		inode_put(f->inode);
		kfree(f);
	}
}

struct file *fd_get(long fd)
{
	return fd >= 0 && fd < NR_OPEN ? fds[fd] : NULL;
}

bool fd_cloexec(long fd)
{
	return cloexec[fd / 8] & (1u << (fd % 8));
}

void fd_set_cloexec(long fd, bool on)
{
	if (on)
		cloexec[fd / 8] |= (uint8_t)(1u << (fd % 8));
	else
		cloexec[fd / 8] &= (uint8_t)~(1u << (fd % 8));
}

bool fd_table_full(void)
{
	for (long fd = 0; fd < NR_OPEN; fd++)
		if (!fds[fd])
			return false;
	return true;
}

long fd_install(struct file *f, long min, bool cloexec_on)
{
	for (long fd = MAX(min, 0); fd < NR_OPEN; fd++) {
		if (!fds[fd]) {
			fds[fd] = f;
			f->refs++;
			fd_set_cloexec(fd, cloexec_on);
			return fd;
		}
	}
	return min >= NR_OPEN ? -EINVAL : -EMFILE;
}

long fd_close(long fd)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	fds[fd] = NULL;
	file_put(f);
	return 0;
}

long fd_dup2(long oldfd, long newfd, bool cloexec_on)
{
	struct file *f = fd_get(oldfd);

	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= NR_OPEN)
		return -EBADF;
	if (fds[newfd] != f) {
		f->refs++;
		if (fds[newfd])
			file_put(fds[newfd]);
		fds[newfd] = f;
	}
	fd_set_cloexec(newfd, cloexec_on);
	return newfd;
}

/* Reading and writing at *pos (the file's position or pread's offset). */
long file_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	struct inode *ip = f->inode;
	long r;

	if (!file_readable(f))
		return -EBADF;
	if (f->ops)
		return f->ops->read ? f->ops->read(f, buf, n) : -EINVAL;
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (S_ISCHR(ip->mode))
		return ip->chr.dev->read(buf, n, f->flags & O_NONBLOCK);
	if (!S_ISREG(ip->mode))
		return -EINVAL;
	r = data_read(ip, buf, n, *pos);
	if (r > 0)
		*pos += (uint64_t)r;
	return r;
}

long file_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	struct inode *ip = f->inode;
	long r;

	if (!file_writable(f))
		return -EBADF;
	if (f->ops)
		return f->ops->write ? f->ops->write(f, buf, n) : -EINVAL;
	if (S_ISCHR(ip->mode))
		return ip->chr.dev->write(buf, n);
	if (!S_ISREG(ip->mode))
		return -EINVAL;
	if (!n)
		return 0;
	r = data_write(ip, buf, n, *pos);
	if (r > 0) {
		*pos += (uint64_t)r;
		ip->mtime = ip->ctime = fs_now();
	}
	return r;
}

/* Linux's DEFAULT_POLLMASK: what a file that never waits reports. */
#define DEFAULT_POLLMASK (EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM)

unsigned file_poll(struct file *f, struct poll_table *pt)
{
	if (f->ops)
		return f->ops->poll ? f->ops->poll(f, pt) : DEFAULT_POLLMASK;
	if (S_ISCHR(f->inode->mode) && f->inode->chr.dev->poll)
		return f->inode->chr.dev->poll(pt);
	return DEFAULT_POLLMASK;
}

bool file_pollable(const struct file *f)
{
	if (f->ops)
		return f->ops->poll;
	return S_ISCHR(f->inode->mode) && f->inode->chr.dev->poll;
}

long file_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
	if (f->ops)
		return f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -ENOTTY;
	if (S_ISCHR(f->inode->mode) && f->inode->chr.dev->ioctl)
		return f->inode->chr.dev->ioctl(cmd, arg);
	return -ENOTTY;
}
