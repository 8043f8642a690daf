/* SPDX-License-Identifier: MIT */
/*
 * File system calls: names (open, stat, mkdir, unlink, rename...) and
 * descriptors (close, dup, fcntl).  Reading and writing are in sys_io.c.
 * The *at calls are the real ones; the old x86_64 calls (open, stat,
 * mkdir...) are the *at call with AT_FDCWD, as in Linux.
 *
 * Everything runs as root, so permission bits never refuse anything but
 * execution (X_OK needs some x bit); the read-only file system refuses
 * changes with EROFS.  Advisory record locks (fcntl F_SETLK...) are those
 * of one process: Linux never lets a process's own locks conflict with
 * each other, so with a single process every lock is granted and F_GETLK
 * always finds the range free.
 */
#include <ukl/errno.h>
#include <ukl/fs.h>
#include <ukl/syscall.h>
#include <arch/stat.h>

#define EOPNOTSUPP 95

#define F_DUPFD  0
#define F_GETFD  1
#define F_SETFD  2
#define F_GETFL  3
#define F_SETFL  4
#define F_GETLK  5
#define F_SETLK  6
#define F_SETLKW 7
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

#define R_OK 4
#define W_OK 2
#define X_OK 1

#define RENAME_NOREPLACE 1

#define STATX_BASIC_STATS 0x7ffu
#define STATX__RESERVED 0x80000000u
#define AT_STATX_SYNC_TYPE 0x6000

/* Status flags F_SETFL may change (the rest are fixed at open). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME)

struct flock {
	short l_type, l_whence;
	int64_t l_start, l_len;
	int l_pid;
};

struct statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};

/* ---- helpers ---------------------------------------------------------- */

/* Where a path given to an *at call starts. */
static long at_base(long dirfd, const char *path, struct inode **base)
{
	if (!path)
		return -EFAULT;
	if (*path == '/' || (int)dirfd == AT_FDCWD) {
		*base = fs_cwd;
		return 0;
	}
	struct file *f = fd_get(dirfd);
	if (!f)
		return -EBADF;
	*base = f->inode;
	return 0;
}

static long lookup_at(long dirfd, const char *path, bool follow, struct inode **ip)
{
	struct inode *base;
	long r = at_base(dirfd, path, &base);
	return r ? r : vfs_lookup(base, path, follow, ip);
}

static long parent_at(long dirfd, const char *path, struct inode **dir,
		      const char **name, size_t *len, bool *slash)
{
	struct inode *base;
	long r = at_base(dirfd, path, &base);
	return r ? r : vfs_lookup_parent(base, path, dir, name, len, slash);
}

static bool is_dot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* The inode of stat-like calls: a path, or the descriptor itself with
 * AT_EMPTY_PATH and an empty path. */
static long stat_target(long dirfd, const char *path, long flags, struct inode **ip)
{
	if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if (path && !*path && (flags & AT_EMPTY_PATH)) {
		if ((int)dirfd == AT_FDCWD) {
			*ip = fs_cwd;
			return 0;
		}
		struct file *f = fd_get(dirfd);
		if (!f)
			return -EBADF;
		*ip = f->inode;
		return 0;
	}
	return lookup_at(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), ip);
}

static uint64_t encode_dev(uint32_t major, uint32_t minor)
{
	return (minor & 0xff) | (major << 8) | ((uint64_t)(minor & ~0xffu) << 12);
}

static uint64_t st_size(const struct inode *ip)
{
	return S_ISDIR(ip->mode) ? PAGE_SIZE : S_ISCHR(ip->mode) ? 0 : ip->size;
}

static uint64_t st_blocks(const struct inode *ip)
{
	return S_ISREG(ip->mode) ? ALIGN_UP(ip->size, PAGE_SIZE) / 512 : 0;
}

static uint32_t rdev_of(const struct inode *ip)
{
	return S_ISCHR(ip->mode) ? ip->chr.dev->rdev : 0;
}

static long fill_stat(const struct inode *ip, struct kstat *st)
{
	if (!st)
		return -EFAULT;
	memset(st, 0, sizeof(*st));
	st->st_dev = encode_dev(0, ip->fs->dev);
	st->st_ino = ip->ino;
	st->st_nlink = ip->nlink;
	st->st_mode = ip->mode;
	st->st_uid = ip->uid;
	st->st_gid = ip->gid;
	st->st_rdev = encode_dev(rdev_of(ip) >> 8, rdev_of(ip) & 0xff);
	st->st_size = (int64_t)st_size(ip);
	st->st_blksize = PAGE_SIZE;
	st->st_blocks = (int64_t)st_blocks(ip);
	st->st_atime_sec = ip->atime / 1000000000;
	st->st_atime_nsec = ip->atime % 1000000000;
	st->st_mtime_sec = ip->mtime / 1000000000;
	st->st_mtime_nsec = ip->mtime % 1000000000;
	st->st_ctime_sec = ip->ctime / 1000000000;
	st->st_ctime_nsec = ip->ctime % 1000000000;
	return 0;
}

static struct statx_timestamp stx_time(int64_t ns)
{
	return (struct statx_timestamp){ ns / 1000000000, (uint32_t)(ns % 1000000000), 0 };
}

/* ---- open and close --------------------------------------------------- */

static long do_open(long dirfd, const char *path, long flags, uint32_t mode)
{
	struct inode *base, *ip;
	bool created = false;
	long r = at_base(dirfd, path, &base);

	if (r)
		return r;
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	else if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	if (fd_table_full())
		return -EMFILE;
	if (flags & O_CREAT) {
		struct inode *dir;
		const char *name;
		size_t len;
		bool slash;
		r = vfs_lookup_parent(base, path, &dir, &name, &len, &slash);
		if (r)
			return r;
		if (!len || is_dot(name, len) || slash)
			return -EISDIR;
		struct dentry *d = dir_find(dir, name, len);
		if (d && (flags & O_EXCL))
			return -EEXIST;
		if (d && S_ISLNK(d->inode->mode)) {
			if (flags & O_NOFOLLOW)
				return -ELOOP;
			if ((r = vfs_lookup(dir, name, true, &ip)))
				return r;
		} else if (d) {
			ip = d->inode;
		} else {
			if (!dir->nlink)
				return -ENOENT;
			if ((r = inode_may_write(dir)))
				return r;
			if ((r = vfs_create(dir, name, len, S_IFREG | (mode & 07777 & ~fs_umask), &ip)))
				return r;
			created = true;
		}
		if (S_ISDIR(ip->mode))
			return -EISDIR;
	} else {
		if ((r = vfs_lookup(base, path, !(flags & O_NOFOLLOW), &ip)))
			return r;
		if (S_ISLNK(ip->mode) && !(flags & O_PATH))
			return -ELOOP;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
		return -ENOTDIR;
	bool write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
	if (!(flags & O_PATH) && write) {
		if (S_ISDIR(ip->mode))
			return -EISDIR;
		if ((r = inode_may_write(ip)))
			return r;
	}
	struct file *f = file_open(ip, (uint32_t)(flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)) | O_LARGEFILE);
	if (!f)
		return -ENOMEM;
	long fd = fd_install(f, 0, flags & O_CLOEXEC);
	file_put(f);
	if (fd >= 0 && (flags & O_TRUNC) && !(flags & O_PATH) && S_ISREG(ip->mode) && !created && ip->size) {
		data_truncate(ip, 0);
		ip->mtime = ip->ctime = fs_now();
	}
	return fd;
}

SYSCALL(openat)
{
	return do_open(a1, (const char *)a2, a3, (uint32_t)a4);
}

SYSCALL(open)
{
	return do_open(AT_FDCWD, (const char *)a1, a2, (uint32_t)a3);
}

SYSCALL(creat)
{
	return do_open(AT_FDCWD, (const char *)a1, O_CREAT | O_WRONLY | O_TRUNC, (uint32_t)a2);
}

SYSCALL(close)
{
	return fd_close(a1);
}

/* ---- stat --------------------------------------------------------------- */

SYSCALL(newfstatat)
{
	struct inode *ip;
	long r = stat_target(a1, (const char *)a2, a4, &ip);
	return r ? r : fill_stat(ip, (struct kstat *)a3);
}

SYSCALL(fstat)
{
	struct file *f = fd_get(a1);
	return f ? fill_stat(f->inode, (struct kstat *)a2) : -EBADF;
}

SYSCALL(stat)
{
	return sys_newfstatat(AT_FDCWD, a1, a2, 0, 0, 0);
}

SYSCALL(lstat)
{
	return sys_newfstatat(AT_FDCWD, a1, a2, AT_SYMLINK_NOFOLLOW, 0, 0);
}

SYSCALL(statx)
{
	struct statx *sx = (struct statx *)a5;
	struct inode *ip;
	long r;

	if ((uint32_t)a4 & STATX__RESERVED)
		return -EINVAL;
	if ((a3 & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if ((r = stat_target(a1, (const char *)a2, a3 & ~(long)AT_STATX_SYNC_TYPE, &ip)))
		return r;
	if (!sx)
		return -EFAULT;
	memset(sx, 0, sizeof(*sx));
	sx->stx_mask = STATX_BASIC_STATS;
	sx->stx_blksize = PAGE_SIZE;
	sx->stx_nlink = ip->nlink;
	sx->stx_uid = ip->uid;
	sx->stx_gid = ip->gid;
	sx->stx_mode = (uint16_t)ip->mode;
	sx->stx_ino = ip->ino;
	sx->stx_size = st_size(ip);
	sx->stx_blocks = st_blocks(ip);
	sx->stx_atime = stx_time(ip->atime);
	sx->stx_mtime = stx_time(ip->mtime);
	sx->stx_ctime = stx_time(ip->ctime);
	sx->stx_rdev_major = rdev_of(ip) >> 8;
	sx->stx_rdev_minor = rdev_of(ip) & 0xff;
	sx->stx_dev_minor = ip->fs->dev;
	return 0;
}

/* ---- directories ------------------------------------------------------ */

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

static uint8_t dtype(uint32_t mode)
{
	return S_ISDIR(mode) ? 4 : S_ISREG(mode) ? 8 : S_ISLNK(mode) ? 10 : S_ISCHR(mode) ? 2 : 0;
}

/* Positions: 0 ".", 1 "..", then an entry's seq: a program that removes
 * the entries it has read (rm -r) still sees every other one. */
SYSCALL(getdents64)
{
	struct file *f = fd_get(a1);
	char *buf = (char *)a2;
	size_t count = (size_t)a3, used = 0;

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	struct inode *dir = f->inode;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (!dir->nlink)
		return -ENOENT;
	struct dentry *d = dir->dir.entries;
	while (d && d->seq < f->pos)
		d = d->next;
	for (;;) {
		const char *name;
		size_t len;
		struct inode *ip;
		uint64_t next;
		if (f->pos == 0) {
			name = ".", len = 1, ip = dir, next = 1;
		} else if (f->pos == 1) {
			name = "..", len = 2, ip = dir->dir.parent, next = 2;
		} else if (d) {
			name = d->name, len = d->len, ip = d->inode, next = d->seq + 1;
		} else {
			break;
		}
		size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
		if (used + reclen > count) {
			if (!used)
				return -EINVAL;
			break;
		}
		struct linux_dirent64 *de = (struct linux_dirent64 *)(buf + used);
		de->d_ino = ip->ino;
		de->d_off = (int64_t)next;
		de->d_reclen = (uint16_t)reclen;
		de->d_type = dtype(ip->mode);
		memcpy(de->d_name, name, len);
		memset(de->d_name + len, 0, reclen - offsetof(struct linux_dirent64, d_name) - len);
		used += reclen;
		if (f->pos >= 2)
			d = d->next;
		f->pos = next;
	}
	return (long)used;
}

static long do_mkdir(long dirfd, const char *path, uint32_t mode)
{
	struct inode *dir, *ip;
	const char *name;
	size_t len;
	bool slash;
	long r = parent_at(dirfd, path, &dir, &name, &len, &slash);

	if (r)
		return r;
	if (!len || is_dot(name, len) || dir_find(dir, name, len))
		return -EEXIST;
	if (!dir->nlink)
		return -ENOENT;
	if ((r = inode_may_write(dir)))
		return r;
	return vfs_create(dir, name, len, S_IFDIR | (mode & 07777 & ~fs_umask), &ip);
}

SYSCALL(mkdirat)
{
	return do_mkdir(a1, (const char *)a2, (uint32_t)a3);
}

SYSCALL(mkdir)
{
	return do_mkdir(AT_FDCWD, (const char *)a1, (uint32_t)a2);
}

static long do_unlink(long dirfd, const char *path, long flags)
{
	struct inode *dir;
	const char *name;
	size_t len;
	bool slash;
	long r;

	if (flags & ~(long)AT_REMOVEDIR)
		return -EINVAL;
	if ((r = parent_at(dirfd, path, &dir, &name, &len, &slash)))
		return r;
	if (slash && !(flags & AT_REMOVEDIR)) {
		struct dentry *d = dir_find(dir, name, len);
		if (d && !S_ISDIR(d->inode->mode))
			return -ENOTDIR;
	}
	return vfs_unlink(dir, name, len, flags & AT_REMOVEDIR);
}

SYSCALL(unlinkat)
{
	return do_unlink(a1, (const char *)a2, a3);
}

SYSCALL(unlink)
{
	return do_unlink(AT_FDCWD, (const char *)a1, 0);
}

SYSCALL(rmdir)
{
	return do_unlink(AT_FDCWD, (const char *)a1, AT_REMOVEDIR);
}

static long do_rename(long ofd, const char *opath, long nfd, const char *npath, long flags)
{
	struct inode *odir, *ndir;
	const char *oname, *nname;
	size_t olen, nlen;
	bool oslash, nslash;
	long r;

	if (flags & ~(long)RENAME_NOREPLACE)
		return -EINVAL;
	if ((r = parent_at(ofd, opath, &odir, &oname, &olen, &oslash)) ||
	    (r = parent_at(nfd, npath, &ndir, &nname, &nlen, &nslash)))
		return r;
	if (oslash || nslash) {
		struct dentry *d = dir_find(odir, oname, olen);
		if (d && !S_ISDIR(d->inode->mode))
			return -ENOTDIR;
	}
	return vfs_rename(odir, oname, olen, ndir, nname, nlen, flags & RENAME_NOREPLACE);
}

SYSCALL(renameat2)
{
	return do_rename(a1, (const char *)a2, a3, (const char *)a4, a5);
}

SYSCALL(renameat)
{
	return do_rename(a1, (const char *)a2, a3, (const char *)a4, 0);
}

SYSCALL(rename)
{
	return do_rename(AT_FDCWD, (const char *)a1, AT_FDCWD, (const char *)a2, 0);
}

static long do_readlink(long dirfd, const char *path, char *buf, long size)
{
	struct inode *ip;
	long r;

	if (size <= 0)
		return -EINVAL;
	if ((r = lookup_at(dirfd, path, false, &ip)))
		return r;
	if (!S_ISLNK(ip->mode))
		return -EINVAL;
	size_t n = MIN((size_t)size, ip->size);
	memcpy(buf, ip->lnk.target, n);
	return (long)n;
}

SYSCALL(readlinkat)
{
	return do_readlink(a1, (const char *)a2, (char *)a3, a4);
}

SYSCALL(readlink)
{
	return do_readlink(AT_FDCWD, (const char *)a1, (char *)a2, a3);
}

static long do_access(long dirfd, const char *path, long mode, long flags)
{
	struct inode *ip;
	long r;

	if (mode & ~(long)(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(long)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((r = stat_target(dirfd, path, flags & ~(long)AT_EACCESS, &ip)))
		return r;
	if ((mode & W_OK) && (r = inode_may_write(ip)))
		return r;
	if ((mode & X_OK) && !S_ISDIR(ip->mode) && !(ip->mode & 0111))
		return -EACCES;
	return 0;
}

SYSCALL(faccessat2)
{
	return do_access(a1, (const char *)a2, a3, a4);
}

SYSCALL(faccessat)
{
	return do_access(a1, (const char *)a2, a3, 0);
}

SYSCALL(access)
{
	return do_access(AT_FDCWD, (const char *)a1, a2, 0);
}

SYSCALL(getcwd)
{
	if (!a2)
		return -ERANGE;
	if (!a1)
		return -EFAULT;
	return vfs_path(fs_cwd, (char *)a1, (size_t)a2);
}

static long set_cwd(struct inode *ip)
{
	if (!S_ISDIR(ip->mode))
		return -ENOTDIR;
	inode_get(ip);
	inode_put(fs_cwd);
	fs_cwd = ip;
	return 0;
}

SYSCALL(chdir)
{
	struct inode *ip;
	long r = vfs_lookup(fs_cwd, (const char *)a1, true, &ip);
	return r ? r : set_cwd(ip);
}

SYSCALL(fchdir)
{
	struct file *f = fd_get(a1);
	return f ? set_cwd(f->inode) : -EBADF;
}

SYSCALL(umask)
{
	uint32_t old = fs_umask;
	fs_umask = (uint32_t)a1 & 0777;
	return old;
}

/* ---- attributes --------------------------------------------------------- */

static long set_mode(struct inode *ip, long mode)
{
	long r = inode_may_write(ip);
	if (r)
		return r;
	ip->mode = (ip->mode & S_IFMT) | ((uint32_t)mode & 07777);
	ip->ctime = fs_now();
	return 0;
}

static long set_owner(struct inode *ip, long uid, long gid)
{
	long r = inode_may_write(ip);
	if (r)
		return r;
	if ((int)uid != -1)
		ip->uid = (uint32_t)uid;
	if ((int)gid != -1)
		ip->gid = (uint32_t)gid;
	ip->ctime = fs_now();
	return 0;
}

SYSCALL(fchmod)
{
	struct file *f = fd_get(a1);
	return f && !(f->flags & O_PATH) ? set_mode(f->inode, a2) : -EBADF;
}

SYSCALL(fchmodat)
{
	struct inode *ip;
	long r = lookup_at(a1, (const char *)a2, true, &ip);
	return r ? r : set_mode(ip, a3);
}

SYSCALL(chmod)
{
	return sys_fchmodat(AT_FDCWD, a1, a2, 0, 0, 0);
}

SYSCALL(fchown)
{
	struct file *f = fd_get(a1);
	return f && !(f->flags & O_PATH) ? set_owner(f->inode, a2, a3) : -EBADF;
}

SYSCALL(fchownat)
{
	struct inode *ip;
	long r;

	if (a5 & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((r = stat_target(a1, (const char *)a2, a5, &ip)))
		return r;
	return set_owner(ip, a3, a4);
}

SYSCALL(chown)
{
	return sys_fchownat(AT_FDCWD, a1, a2, a3, 0, 0);
}

SYSCALL(lchown)
{
	return sys_fchownat(AT_FDCWD, a1, a2, a3, AT_SYMLINK_NOFOLLOW, 0);
}

/* ---- size and sync -------------------------------------------------------- */

static long set_size(struct inode *ip, int64_t len)
{
	long r = data_truncate(ip, (uint64_t)len);
	if (!r)
		ip->mtime = ip->ctime = fs_now();
	return r;
}

SYSCALL(ftruncate)
{
	struct file *f = fd_get(a1);

	if (a2 < 0)
		return -EINVAL;
	if (!f)
		return -EBADF;
	if (!S_ISREG(f->inode->mode) || !file_writable(f))
		return -EINVAL;
	return set_size(f->inode, a2);
}

SYSCALL(truncate)
{
	struct inode *ip;
	long r;

	if (a2 < 0)
		return -EINVAL;
	if ((r = vfs_lookup(fs_cwd, (const char *)a1, true, &ip)))
		return r;
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!S_ISREG(ip->mode))
		return -EINVAL;
	if ((r = inode_may_write(ip)))
		return r;
	return set_size(ip, a2);
}

/* Memory is all there is: syncing is checking the descriptor. */
SYSCALL(fsync)
{
	struct file *f = fd_get(a1);

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	return S_ISCHR(f->inode->mode) ? -EINVAL : 0;
}

SYSCALL(fdatasync)
{
	return sys_fsync(a1, 0, 0, 0, 0, 0);
}

/* ---- descriptors ---------------------------------------------------------- */

SYSCALL(dup)
{
	struct file *f = fd_get(a1);
	return f ? fd_install(f, 0, false) : -EBADF;
}

SYSCALL(dup3)
{
	if (a3 & ~(long)O_CLOEXEC)
		return -EINVAL;
	if (a1 == a2)
		return -EINVAL;
	return fd_dup2(a1, a2, a3 & O_CLOEXEC);
}

SYSCALL(dup2)
{
	if (a1 == a2)
		return fd_get(a1) ? a1 : -EBADF;
	return fd_dup2(a1, a2, false);
}

static long record_lock(struct file *f, long cmd, struct flock *fl)
{
	if (!fl)
		return -EFAULT;
	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK && fl->l_type != F_UNLCK)
		return -EINVAL;
	if (fl->l_whence < 0 || fl->l_whence > 2)
		return -EINVAL;
	int64_t base = fl->l_whence == 1 ? (int64_t)f->pos :
		       fl->l_whence == 2 ? (int64_t)f->inode->size : 0;
	if (base + fl->l_start < 0 || (fl->l_len < 0 && base + fl->l_start + fl->l_len < 0))
		return -EINVAL;
	if (cmd == F_GETLK) {
		if (fl->l_type == F_UNLCK)
			return -EINVAL;
		fl->l_type = F_UNLCK;   /* nobody else holds anything */
		return 0;
	}
	if (fl->l_type == F_RDLCK && !file_readable(f))
		return -EBADF;
	if (fl->l_type == F_WRLCK && !file_writable(f))
		return -EBADF;
	return 0;
}

SYSCALL(fcntl)
{
	struct file *f = fd_get(a1);

	if (!f)
		return -EBADF;
	switch (a2) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((unsigned long)a3 >= NR_OPEN)   /* negative too: Linux's unsigned */
			return -EINVAL;
		return fd_install(f, a3, a2 == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fd_cloexec(a1) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_set_cloexec(a1, a3 & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		if (f->flags & O_PATH)
			return -EBADF;
		f->flags = (f->flags & ~(uint32_t)SETFL_MASK) | ((uint32_t)a3 & SETFL_MASK);
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		if (f->flags & O_PATH)
			return -EBADF;
		return record_lock(f, a2, (struct flock *)a3);
	default:
		return -EINVAL;
	}
}

/* ---- times ------------------------------------------------------------- */

#define UTIME_NOW  ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)

struct utimespec {
	long tv_sec, tv_nsec;
};

static bool utime_valid(const struct utimespec *t)
{
	return t->tv_nsec == UTIME_NOW || t->tv_nsec == UTIME_OMIT ||
	       (t->tv_nsec >= 0 && t->tv_nsec < 1000000000);
}

/* utimensat, and futimens (a NULL path: the descriptor itself).  Linux's
 * order: the flags, the times, "both omitted" succeeding at once, then the
 * file; a read-only file system refuses (EROFS). */
SYSCALL(utimensat)
{
	const char *path = (const char *)a2;
	const struct utimespec *t = (const struct utimespec *)a3;
	struct inode *ip;
	long r;

	if (a4 & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (t && (!utime_valid(&t[0]) || !utime_valid(&t[1])))
		return -EINVAL;
	if (t && t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
		return 0;
	if (!path && (int)a1 != AT_FDCWD) {
		struct file *f = fd_get(a1);
		if (a4)
			return -EINVAL;
		if (!f || (f->flags & O_PATH))
			return -EBADF;
		ip = f->inode;
	} else if ((r = stat_target(a1, path, a4, &ip))) {
		return r;
	}
	if ((r = inode_may_write(ip)))
		return r;
	int64_t now = fs_now();
	for (int i = 0; i < 2; i++) {
		int64_t *slot = i ? &ip->mtime : &ip->atime;
		if (!t || t[i].tv_nsec == UTIME_NOW)
			*slot = now;
		else if (t[i].tv_nsec != UTIME_OMIT)
			*slot = (int64_t)t[i].tv_sec * 1000000000 + t[i].tv_nsec;
	}
	ip->ctime = now;
	return 0;
}
