/* SPDX-License-Identifier: MIT */
/*
 * The initrd: a cpio archive in the "newc" format (070701, or 070702 with
 * checksums, which are not checked), as `cpio -o -H newc` writes and Linux
 * unpacks into its initramfs.  Each entry is a 110-byte header of
 * 8-digit hexadecimal fields, the NUL-terminated name, padding to 4 bytes,
 * the data, padding to 4 bytes; "TRAILER!!!" ends an archive, and archives
 * may follow each other (zero bytes between them are skipped).
 *
 * Directories, regular files and symbolic links are taken; other entries
 * (device nodes, fifos) are skipped.  Files in the read-only tree keep
 * their bytes in the archive, which stays where the boot loader put it
 * (pmm never hands it out); files below /tmp are copied into the writable
 * file system.  Hard links (nlink > 1) are not joined.
 */
#include <ukl/errno.h>
#include <ukl/fs.h>
#include <ukl/mm.h>

#define HDR_SIZE 110
#define TRAILER "TRAILER!!!"

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR,
       F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, NFIELDS };

struct entry {
	const char *name;
	uint32_t f[NFIELDS];
	const char *data;
};

static bool parse_hex(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

/* Walk to the directory that holds the last component of path, creating
 * missing directories on the way; *name is that component. */
static struct inode *parent_of(const char *path, const char **name, size_t *len)
{
	struct inode *dir = fs_root;
	const char *p = path;

	for (;;) {
		const char *s = p;
		while (*p && *p != '/')
			p++;
		size_t n = (size_t)(p - s);
		while (*p == '/')
			p++;
		if (!*p) {
			*name = s;
			*len = n;
			return dir;
		}
		if (!n || (n == 1 && s[0] == '.'))
			continue;
		struct dentry *d = dir_find(dir, s, n);
		struct inode *next;
		if (d) {
			next = d->inode;
		} else if (vfs_create(dir, s, n, S_IFDIR | 0755, &next)) {
			panic("initrd: no memory for %s", path);
		}
		if (!S_ISDIR(next->mode))
			return NULL;
		dir = next;
	}
}

static void add_entry(const struct entry *e)
{
	const char *path = e->name, *name = NULL;
	uint32_t mode = e->f[F_MODE], size = e->f[F_FILESIZE];
	size_t len = 0;   /* parent_of sets both when it finds the directory */
	struct inode *ip;

	while (path[0] == '/' || (path[0] == '.' && path[1] == '/'))
		path += path[0] == '/' ? 1 : 2;
	if (!*path || !strcmp(path, ".")) {
		fs_root->mode = S_IFDIR | (mode & 07777);
		fs_root->mtime = (int64_t)e->f[F_MTIME] * 1000000000;
		return;
	}
	if (!S_ISDIR(mode) && !S_ISREG(mode) && !S_ISLNK(mode))
		return;
	struct inode *dir = parent_of(path, &name, &len);
	if (!dir || len > NAME_MAX) {
		printk("ukl: initrd: %s: skipped (a path component is not a directory)\n", path);
		return;
	}
	struct dentry *d = dir_find(dir, name, len);
	if (d) {
		if (!S_ISDIR(mode) || !S_ISDIR(d->inode->mode)) {
			printk("ukl: initrd: %s: exists already, skipped\n", path);
			return;
		}
		ip = d->inode;
		ip->mode = mode;
	} else {
		if (S_ISLNK(mode) && size >= 2048) {
			printk("ukl: initrd: %s: symbolic link too long, skipped\n", path);
			return;
		}
		if (vfs_create(dir, name, len, mode, &ip))
			panic("initrd: no memory for %s", path);
	}
	ip->uid = e->f[F_UID];
	ip->gid = e->f[F_GID];
	ip->atime = ip->mtime = ip->ctime = (int64_t)e->f[F_MTIME] * 1000000000;
	if (S_ISLNK(mode)) {
		if (!(ip->lnk.target = kmalloc(size + 1)))
			panic("initrd: no memory for %s", path);
		memcpy(ip->lnk.target, e->data, size);
		ip->size = size;
	} else if (S_ISREG(mode) && ip->fs->readonly) {
		ip->reg.data = e->data;
		ip->size = size;
	} else if (S_ISREG(mode) && size) {
		if (data_write(ip, e->data, size, 0) != (long)size)
			panic("initrd: no memory for %s", path);
	}
}

void cpio_unpack(const char *data, size_t size)
{
	size_t off = 0;

	while (off < size) {
		if (!data[off]) {           /* padding between archives */
			off++;
			continue;
		}
		struct entry e;
		const char *h = data + off;
		if (size - off < HDR_SIZE)
			panic("initrd: truncated cpio header at offset %zu", off);
		if (memcmp(h, "07070", 5) || (h[5] != '1' && h[5] != '2'))
			panic("initrd: not a newc cpio archive at offset %zu (a compressed one?)", off);
		for (int i = 0; i < NFIELDS; i++)
			if (!parse_hex(h + 6 + 8 * i, &e.f[i]))
				panic("initrd: bad cpio header at offset %zu", off);
		size_t namesize = e.f[F_NAMESIZE], filesize = e.f[F_FILESIZE];
		size_t data_off = ALIGN_UP(off + HDR_SIZE + namesize, 4);
		if (!namesize || namesize > PATH_MAX || data_off > size || filesize > size - data_off ||
		    h[HDR_SIZE + namesize - 1])
			panic("initrd: truncated or bad cpio entry at offset %zu", off);
		e.name = h + HDR_SIZE;
		e.data = data + data_off;
		off = ALIGN_UP(data_off + filesize, 4);
		if (!strcmp(e.name, TRAILER))
			continue;
		add_entry(&e);
	}
}
