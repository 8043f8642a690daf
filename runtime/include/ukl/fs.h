/* SPDX-License-Identifier: MIT */
/*
 * Files.  One tree of in-memory inodes (fs/vfs.c): the root and everything
 * the initrd holds belong to a read-only file system (the data of its files
 * stays where the boot loader put the initrd, fs/cpio.c); /tmp is the root
 * of a writable one whose files keep their data in frames (fs/data.c);
 * /dev holds the character devices (fs/dev.c).  Open files and the
 * descriptor table are in fs/file.c; the system calls in sys_fs.c and
 * sys_io.c.  Errors are Linux's, returned as -errno.
 */
#ifndef UKL_FS_H
#define UKL_FS_H

#include <ukl/kernel.h>

struct boot_info;
struct file;
struct poll_table;

/* What a file that is not a plain inode does (sockets, pipes, eventfd,
 * epoll; runtime/net/, fs/pipe.c...): file_read, file_write and the
 * readiness calls go through these when f->ops is set.  read and write
 * honour f->flags & O_NONBLOCK (-EAGAIN) and otherwise sleep (ukl/sched.h);
 * poll returns EPOLL* bits (ukl/poll.h).  Unset members: -EINVAL (read,
 * write), always readable and writable (poll), -ENOTTY (ioctl). */
struct file_ops {
	long (*read)(struct file *f, void *buf, size_t n);
	long (*write)(struct file *f, const void *buf, size_t n);
	unsigned (*poll)(struct file *f, struct poll_table *pt);
	long (*ioctl)(struct file *f, unsigned long cmd, unsigned long arg);
	/* The last reference is gone: free f->priv. */
	void (*release)(struct file *f);
};

/* Linux's values (generic, the same on x86_64 and riscv64). */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFIFO  0010000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFREG  0100000
#define S_IFLNK  0120000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR      00000002
#define O_CREAT     00000100
#define O_EXCL      00000200
#define O_NOCTTY    00000400
#define O_TRUNC     00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_DSYNC     00010000
#define O_DIRECT    00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define O_PATH      010000000
#define O_TMPFILE   020000000

#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_EACCESS          0x200
#define AT_NO_AUTOMOUNT     0x800
#define AT_EMPTY_PATH       0x1000

#define NAME_MAX 255
#define PATH_MAX 4096
#define SYMLOOP_MAX 40
#define NR_OPEN 1024          /* descriptors 0..NR_OPEN-1 (RLIMIT_NOFILE) */

struct fs {
	bool readonly;
	uint32_t dev;         /* st_dev: 0:dev */
};

/* A character device: /dev/null, the console...  read honours nonblock
 * (-EAGAIN) where it could wait; poll and ioctl as in file_ops (unset:
 * always ready, -ENOTTY). */
struct chardev {
	const char *name;
	uint32_t rdev;        /* major << 8 | minor */
	bool tty;             /* not seekable (ESPIPE) */
	long (*read)(void *buf, size_t n, bool nonblock);
	long (*write)(const void *buf, size_t n);
	unsigned (*poll)(struct poll_table *pt);
	long (*ioctl)(unsigned long cmd, unsigned long arg);
};

struct dentry {
	struct dentry *next;
	struct inode *inode;
	uint64_t seq;         /* increasing along the list: a directory position */
	uint16_t len;
	char name[];          /* NUL-terminated */
};

struct inode {
	uint32_t mode, nlink, uid, gid;
	uint64_t ino, size;
	int64_t atime, mtime, ctime;   /* ns since the epoch */
	const struct fs *fs;
	uint32_t refs;                 /* open files and the cwd */
	union {
		struct {
			struct dentry *entries;
			struct inode *parent;   /* the root is its own */
		} dir;
		struct {
			void **pages;           /* radix tree of data frames */
			unsigned depth;
			const char *data;       /* or: read-only bytes (initrd) */
		} reg;
		struct {
			char *target;
		} lnk;
		struct {
			const struct chardev *dev;
		} chr;
	};
};

/* An open file description, shared by dup(). */
struct file {
	struct inode *inode;
	uint64_t pos;          /* directories: 0 ".", 1 "..", else the seq of
	                        * the next entry (entries removed meanwhile
	                        * shift nothing) */
	uint32_t flags;        /* O_ACCMODE, O_APPEND, O_NONBLOCK, O_PATH... */
	uint32_t refs;         /* descriptors pointing here */
	const struct file_ops *ops;   /* NULL: the inode's own kind */
	void *priv;                   /* the ops' object (a socket, a pipe...) */
};

static inline bool file_readable(const struct file *f)
{
	return !(f->flags & O_PATH) && (f->flags & O_ACCMODE) != O_WRONLY;
}
static inline bool file_writable(const struct file *f)
{
	return !(f->flags & O_PATH) && (f->flags & O_ACCMODE) != O_RDONLY;
}

/* fs/vfs.c: the tree. */
void fs_init(const struct boot_info *bi);
extern struct fs rootfs, tmpfs, anonfs;
extern struct inode *fs_root, *fs_cwd;
extern uint32_t fs_umask;
int64_t fs_now(void);
struct inode *inode_new(const struct fs *fs, uint32_t mode);
void inode_get(struct inode *ip);
void inode_put(struct inode *ip);
/* Resolve path from base (absolute paths from the root); follow: follow a
 * symbolic link in the last component too. */
long vfs_lookup(struct inode *base, const char *path, bool follow, struct inode **out);
/* The directory holding the last component of path, and that component
 * (name, len; "" for "/"); *slash: the path ended in '/'. */
long vfs_lookup_parent(struct inode *base, const char *path, struct inode **dir,
		       const char **name, size_t *len, bool *slash);
struct dentry *dir_find(struct inode *dir, const char *name, size_t len);
long dir_add(struct inode *dir, const char *name, size_t len, struct inode *ip);
/* A new file, directory or symlink named name in dir (no checks but room). */
long vfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
		struct inode **out);
long vfs_unlink(struct inode *dir, const char *name, size_t len, bool rmdir);
long vfs_rename(struct inode *odir, const char *oname, size_t olen,
		struct inode *ndir, const char *nname, size_t nlen, bool noreplace);
/* The path of a directory, for getcwd. */
long vfs_path(struct inode *dir, char *buf, size_t size);
/* Writable: Linux's EROFS rule (regular files, directories, links). */
long inode_may_write(const struct inode *ip);

/* fs/data.c: the bytes of regular files. */
long data_read(struct inode *ip, void *buf, size_t n, uint64_t off);
long data_write(struct inode *ip, const void *buf, size_t n, uint64_t off);
long data_truncate(struct inode *ip, uint64_t size);
void data_free(struct inode *ip);

/* fs/dev.c: /dev and the console files of descriptors 0, 1, 2. */
void dev_init(struct inode *devdir);
extern const struct chardev dev_console;
/* Has the console input the program has not read yet (bytes received, or
 * the end)?  Bytes still in the UART count once received. */
bool console_input_pending(void);

/* fs/cpio.c: unpack a newc archive into the tree. */
void cpio_unpack(const char *data, size_t size);

/* fs/file.c: open files and the descriptor table. */
struct file *file_open(struct inode *ip, uint32_t flags);
/* A file with ops over an anonymous inode of the given mode (S_IFSOCK,
 * S_IFIFO...), one reference; NULL without memory. */
struct file *file_open_ops(uint32_t mode, const struct file_ops *ops, void *priv,
			   uint32_t flags);
struct file *fd_get(long fd);
/* Install f at the lowest free descriptor >= min: the descriptor or -EMFILE.
 * Takes a reference to f. */
long fd_install(struct file *f, long min, bool cloexec);
bool fd_table_full(void);
long fd_close(long fd);
long fd_dup2(long oldfd, long newfd, bool cloexec);
bool fd_cloexec(long fd);
void fd_set_cloexec(long fd, bool on);
void file_put(struct file *f);
long file_read(struct file *f, void *buf, size_t n, uint64_t *pos);
long file_write(struct file *f, const void *buf, size_t n, uint64_t *pos);
/* Readiness (ukl/poll.h): the EPOLL* bits true now, registering on pt's
 * wait queues when pt is not NULL.  Files that cannot wait (regular files,
 * directories, /dev/null...) are always readable and writable, as Linux's
 * DEFAULT_POLLMASK.  file_pollable: has readiness of its own (epoll_ctl
 * refuses the others with EPERM). */
unsigned file_poll(struct file *f, struct poll_table *pt);
bool file_pollable(const struct file *f);
/* Descriptor-level ioctls (FIONBIO, FIOCLEX...) are sys_io.c's; the rest
 * go to the file's ops or device: -ENOTTY when it has none. */
long file_ioctl(struct file *f, unsigned long cmd, unsigned long arg);

/* fs/epoll.c: the last reference to f is going: take it out of every
 * epoll instance it is in (Linux: on the description's last close). */
void epoll_file_gone(struct file *f);

#endif
