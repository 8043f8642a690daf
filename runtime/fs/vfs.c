/* SPDX-License-Identifier: MIT */
/*
 * The file tree: inodes in memory, directories as lists of entries, path
 * resolution with symbolic links.  Two file systems share the tree: the
 * read-only one (the root, the initrd's files, /dev) and the writable one
 * rooted at /tmp.  A directory of one may hold the root of the other, so
 * there is no mount table: every inode knows its file system, and what
 * changes a directory asks that directory's.
 *
 * Inode lifetime: nlink counts names (a directory: 2 + its subdirectories),
 * refs counts open files and the cwd; an inode goes when both are 0.
 */
#include <ukl/arch.h>
#include <ukl/boot.h>
#include <ukl/errno.h>
#include <ukl/fs.h>
#include <ukl/mm.h>
#include <ukl/time.h>

struct fs rootfs = { .readonly = true, .dev = 1 };
struct fs tmpfs = { .readonly = false, .dev = 2 };
struct inode *fs_root, *fs_cwd;
uint32_t fs_umask = 022;
static uint64_t next_ino = 1;
static uint64_t next_seq = 2;   /* 0 and 1 are "." and ".." */

int64_t fs_now(void)
{
	return (int64_t)time_realtime_ns();
}

struct inode *inode_new(const struct fs *fs, uint32_t mode)
{
	struct inode *ip = kmalloc(sizeof(*ip));

	if (!ip)
		return NULL;
	ip->mode = mode;
	ip->nlink = S_ISDIR(mode) ? 2 : 1;
	ip->ino = next_ino++;
	ip->fs = fs;
	ip->atime = ip->mtime = ip->ctime = fs_now();
	return ip;
}

static void inode_free(struct inode *ip)
{
	if (S_ISREG(ip->mode))
		data_free(ip);
	else if (S_ISLNK(ip->mode))
		kfree(ip->lnk.target);
	kfree(ip);
}

void inode_get(struct inode *ip)
{
	ip->refs++;
}

void inode_put(struct inode *ip)
{
	if (--ip->refs == 0 && ip->nlink == 0)
		inode_free(ip);
}

long inode_may_write(const struct inode *ip)
{
	if (ip->fs->readonly && (S_ISREG(ip->mode) || S_ISDIR(ip->mode) || S_ISLNK(ip->mode)))
		return -EROFS;
	return 0;
}

/* ---- directories ---------------------------------------------------- */

struct dentry *dir_find(struct inode *dir, const char *name, size_t len)
{
	for (struct dentry *d = dir->dir.entries; d; d = d->next)
		if (d->len == len && !memcmp(d->name, name, len))
			return d;
	return NULL;
}

/* Entries are appended, so a directory lists in creation order. */
long dir_add(struct inode *dir, const char *name, size_t len, struct inode *ip)
{
	struct dentry *d = kmalloc(sizeof(*d) + len + 1);
	struct dentry **tail = &dir->dir.entries;

	if (!d)
		return -ENOSPC;
	d->inode = ip;
	d->seq = next_seq++;
	d->len = (uint16_t)len;
	memcpy(d->name, name, len);
	d->name[len] = 0;
	while (*tail)
		tail = &(*tail)->next;
	*tail = d;
	if (S_ISDIR(ip->mode)) {
		ip->dir.parent = dir;
		dir->nlink++;
	}
	dir->mtime = dir->ctime = fs_now();
	return 0;
}

/* Take d out of dir; the inode loses the name. */
static void dir_remove(struct inode *dir, struct dentry *d)
{
	struct dentry **pp = &dir->dir.entries;

	while (*pp != d)
		pp = &(*pp)->next;
	*pp = d->next;
	if (S_ISDIR(d->inode->mode))
		dir->nlink--;
	dir->mtime = dir->ctime = fs_now();
	kfree(d);
}

/* ---- path resolution ------------------------------------------------- */

static long resolve(struct inode *base, const char *path, bool follow, int depth,
		    struct inode **out);

/* Next component of *p: its start and length; *p moves past it. */
static size_t next_component(const char **p, const char **name)
{
	const char *s = *p;
	while (*s == '/')
		s++;
	*name = s;
	while (*s && *s != '/')
		s++;
	*p = s;
	return (size_t)(s - *name);
}

static bool only_slashes(const char *s)
{
	while (*s == '/')
		s++;
	return !*s;
}

/* Step from dir to its entry name (".", ".." included); a symbolic link is
 * followed when follow is set. */
static long step(struct inode *dir, const char *name, size_t len, bool follow,
		 int depth, struct inode **out)
{
	struct inode *ip;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (!dir->nlink)        /* removed: nothing can be found in it */
		return -ENOENT;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 1 && name[0] == '.') {
		ip = dir;
	} else if (len == 2 && name[0] == '.' && name[1] == '.') {
		ip = dir->dir.parent;
	} else {
		struct dentry *d = dir_find(dir, name, len);
		if (!d)
			return -ENOENT;
		ip = d->inode;
	}
	if (S_ISLNK(ip->mode) && follow) {
		if (depth >= SYMLOOP_MAX)
			return -ELOOP;
		return resolve(dir, ip->lnk.target, true, depth + 1, out);
	}
	*out = ip;
	return 0;
}

static long resolve(struct inode *base, const char *path, bool follow, int depth,
		    struct inode **out)
{
	struct inode *cur = *path == '/' ? fs_root : base;
	const char *p = path;

	if (!*path)
		return -ENOENT;
	for (;;) {
		const char *name;
		size_t len = next_component(&p, &name);
		if (!len)
			break;
		/* A trailing slash asks for a directory: follow a link there. */
		bool last = only_slashes(p);
		bool slash = last && *p == '/';
		long r = step(cur, name, len, !last || follow || slash, depth, &cur);
		if (r)
			return r;
		if (slash && !S_ISDIR(cur->mode))
			return -ENOTDIR;
	}
	*out = cur;
	return 0;
}

static long check_path(const char *path)
{
	if (!path)
		return -EFAULT;
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

long vfs_lookup(struct inode *base, const char *path, bool follow, struct inode **out)
{
	long r = check_path(path);
	return r ? r : resolve(base, path, follow, 0, out);
}

long vfs_lookup_parent(struct inode *base, const char *path, struct inode **dir,
		       const char **name, size_t *len, bool *slash)
{
	char buf[PATH_MAX];
	long r = check_path(path);

	if (r)
		return r;
	if (!*path)
		return -ENOENT;
	/* Split at the last component: "a/b//" -> "a/", "b". */
	size_t end = strlen(path);
	while (end > 0 && path[end - 1] == '/')
		end--;
	*slash = path[end] == '/';
	size_t start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	*name = path + start;
	*len = end - start;
	if (*len > NAME_MAX)
		return -ENAMETOOLONG;
	if (start == 0) {
		*dir = *path == '/' ? fs_root : base;
		if (!S_ISDIR((*dir)->mode))
			return -ENOTDIR;
		return 0;
	}
	memcpy(buf, path, start);
	buf[start] = 0;
	r = resolve(base, buf, true, 0, dir);
	if (r)
		return r;
	return S_ISDIR((*dir)->mode) ? 0 : -ENOTDIR;
}

/* ---- changing the tree ---------------------------------------------- */

long vfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
		struct inode **out)
{
	struct inode *ip = inode_new(dir->fs, mode);

	if (!ip)
		return -ENOSPC;
	long r = dir_add(dir, name, len, ip);
	if (r) {
		kfree(ip);
		return r;
	}
	*out = ip;
	return 0;
}

static bool is_dot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* The name goes; the inode too, unless it is open. */
static void drop_name(struct inode *dir, struct dentry *d)
{
	struct inode *ip = d->inode;

	dir_remove(dir, d);
	ip->nlink = S_ISDIR(ip->mode) ? 0 : ip->nlink - 1;
	ip->ctime = fs_now();
	if (!ip->nlink && !ip->refs)
		inode_free(ip);
}

long vfs_unlink(struct inode *dir, const char *name, size_t len, bool rmdir)
{
	/* Linux's order: the kind of name, the file system, the entry. */
	if (rmdir && len == 1 && name[0] == '.')
		return -EINVAL;
	if (rmdir && len == 2 && name[0] == '.' && name[1] == '.')
		return -ENOTEMPTY;
	if (len == 0)       /* "/" */
		return rmdir ? -EBUSY : -EISDIR;
	if (is_dot(name, len))
		return -EISDIR;
	long r = inode_may_write(dir);
	if (r)
		return r;
	struct dentry *d = dir_find(dir, name, len);
	if (!d)
		return -ENOENT;
	struct inode *ip = d->inode;
	if (rmdir) {
		if (!S_ISDIR(ip->mode))
			return -ENOTDIR;
		if (ip->dir.entries)
			return -ENOTEMPTY;
		if (ip == fs_root || ip->fs != dir->fs)
			return -EBUSY;
	} else if (S_ISDIR(ip->mode)) {
		return -EISDIR;
	}
	drop_name(dir, d);
	return 0;
}

/* Is dir the same as, or below, anc? */
static bool is_within(struct inode *dir, struct inode *anc)
{
	for (;;) {
		if (dir == anc)
			return true;
		if (dir == fs_root)
			return false;
		dir = dir->dir.parent;
	}
}

long vfs_rename(struct inode *odir, const char *oname, size_t olen,
		struct inode *ndir, const char *nname, size_t nlen, bool noreplace)
{
	/* Linux's order: the file systems, the kind of names, writable, the
	 * entries. */
	if (odir->fs != ndir->fs)
		return -EXDEV;
	if (!olen || !nlen || is_dot(oname, olen) || is_dot(nname, nlen))
		return -EBUSY;
	long r = inode_may_write(odir);
	if (r)
		return r;
	struct dentry *od = dir_find(odir, oname, olen);
	if (!od)
		return -ENOENT;
	struct inode *ip = od->inode;
	struct dentry *nd = dir_find(ndir, nname, nlen);
	if (nd && noreplace)
		return -EEXIST;
	if (S_ISDIR(ip->mode) && is_within(ndir, ip))
		return -EINVAL;
	if (nd) {
		struct inode *old = nd->inode;
		if (old == ip)
			return 0;
		if (S_ISDIR(ip->mode) && !S_ISDIR(old->mode))
			return -ENOTDIR;
		if (!S_ISDIR(ip->mode) && S_ISDIR(old->mode))
			return -EISDIR;
		if (S_ISDIR(old->mode) && old->dir.entries)
			return -ENOTEMPTY;
		if (is_within(odir, old))
			return -ENOTEMPTY;
	}
	/* Add the new name first: running out of memory changes nothing. */
	r = dir_add(ndir, nname, nlen, ip);
	if (r)
		return r;
	if (nd)
		drop_name(ndir, nd);
	dir_remove(odir, od);
	ip->ctime = fs_now();
	return 0;
}

long vfs_path(struct inode *dir, char *buf, size_t size)
{
	char tmp[PATH_MAX];
	size_t pos = sizeof(tmp) - 1;

	if (!dir->nlink)
		return -ENOENT;
	tmp[pos] = 0;
	if (dir == fs_root)
		tmp[--pos] = '/';
	while (dir != fs_root) {
		struct inode *parent = dir->dir.parent;
		struct dentry *d = parent->dir.entries;
		while (d && d->inode != dir)
			d = d->next;
		if (!d || pos < d->len + 1u)
			return -ENAMETOOLONG;
		pos -= d->len;
		memcpy(tmp + pos, d->name, d->len);
		tmp[--pos] = '/';
		dir = parent;
	}
	size_t n = sizeof(tmp) - pos;
	if (n > size)
		return -ERANGE;
	memcpy(buf, tmp + pos, n);
	return (long)n;
}

/* ---- boot ----------------------------------------------------------- */

static struct inode *mkdir_boot(struct inode *parent, const char *name, const struct fs *fs)
{
	struct dentry *d = dir_find(parent, name, strlen(name));
	if (d)
		return d->inode;
	struct inode *ip = inode_new(fs, S_IFDIR | 0755);
	if (!ip || dir_add(parent, name, strlen(name), ip))
		panic("fs: no memory for /%s", name);
	return ip;
}

void fs_init(const struct boot_info *bi)
{
	fs_root = inode_new(&rootfs, S_IFDIR | 0755);
	if (!fs_root)
		panic("fs: no memory for the root");
	fs_root->dir.parent = fs_root;
	fs_cwd = fs_root;
	inode_get(fs_cwd);
	struct inode *tmp = mkdir_boot(fs_root, "tmp", &tmpfs);
	tmp->mode = S_IFDIR | 01777;
	dev_init(mkdir_boot(fs_root, "dev", &rootfs));
	if (bi->initrd_size)
		cpio_unpack(phys_to_virt(bi->initrd_base), bi->initrd_size);
}
