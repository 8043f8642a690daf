#define _GNU_SOURCE
/*
 * The file system calls, on the initrd (read-only) and /tmp (writable),
 * with the errors Linux gives.  Prints `ok NAME` or `BAD NAME: why`.
 * The initrd (tests/boot/files.sh) holds:
 *   etc/greeting       "hello from the initrd\n"
 *   etc/link -> greeting, etc/loop1 -> loop2 -> loop1
 *   etc/empty/         an empty directory
 *   tmp/seed           "seed\n" (copied into the writable /tmp)
 * sendfile() copies from both kinds of file, into a file and a pipe.
 * files.sh also runs it on the host's Linux (a chroot whose root is a
 * read-only mount, /tmp a tmpfs), where every case must pass as well.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int bad;
#define OK(name, cond, ...) do { if (cond) printf("ok %s\n", name); \
	else { bad++; printf("BAD %s: ", name); printf(__VA_ARGS__); printf("\n"); } } while (0)
/* expr fails with errno e */
#define ERR(name, expr, e) do { errno = 0; long r_ = (long)(expr); \
	OK(name, r_ == -1 && errno == (e), "got %ld errno %d (%s), want %s", \
	   r_, errno, strerror(errno), #e); } while (0)

static char buf[8192];

static const char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

static void initrd(void)
{
	struct stat st;
	int fd = open("/etc/greeting", O_RDONLY);
	OK("open initrd file", fd >= 0, "errno %d", errno);
	ssize_t n = read(fd, buf, sizeof(buf));
	OK("read initrd file", n == 22 && !memcmp(buf, "hello from the initrd\n", 22), "n=%zd", n);
	OK("read at end gives 0", read(fd, buf, 10) == 0, "not EOF");
	OK("fstat size", fstat(fd, &st) == 0 && st.st_size == 22 && S_ISREG(st.st_mode), "size %ld", (long)st.st_size);
	OK("lseek SEEK_END", lseek(fd, -7, SEEK_END) == 15, "errno %d", errno);
	OK("read after lseek", read(fd, buf, 100) == 7 && !memcmp(buf, "initrd\n", 7), "wrong");
	OK("pread", pread(fd, buf, 5, 6) == 5 && !memcmp(buf, "from ", 5), "wrong");
	ERR("lseek negative: EINVAL", lseek(fd, -100, SEEK_CUR), EINVAL);
	ERR("write to O_RDONLY fd: EBADF", write(fd, "x", 1), EBADF);
	ERR("ftruncate O_RDONLY fd: EINVAL", ftruncate(fd, 0), EINVAL);
	close(fd);

	OK("stat follows link", stat("/etc/link", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 22, "mode %o", st.st_mode);
	OK("lstat sees link", lstat("/etc/link", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 8, "mode %o", st.st_mode);
	n = readlink("/etc/link", buf, sizeof(buf));
	OK("readlink", n == 8 && !memcmp(buf, "greeting", 8), "n=%zd", n);
	ERR("readlink on a file: EINVAL", readlink("/etc/greeting", buf, 10), EINVAL);
	OK("open through link", !strcmp(slurp("/etc/link"), "hello from the initrd\n"), "%s", buf);
	OK("dot-dot in paths", !strcmp(slurp("/etc/empty/../././greeting"), "hello from the initrd\n"), "%s", buf);
	ERR("symlink loop: ELOOP", open("/etc/loop1", O_RDONLY), ELOOP);
	ERR("O_NOFOLLOW on link: ELOOP", open("/etc/link", O_RDONLY | O_NOFOLLOW), ELOOP);
	ERR("missing: ENOENT", open("/etc/nothing", O_RDONLY), ENOENT);
	ERR("file as directory: ENOTDIR", open("/etc/greeting/x", O_RDONLY), ENOTDIR);
	ERR("trailing slash on file: ENOTDIR", stat("/etc/greeting/", &st), ENOTDIR);
	ERR("O_DIRECTORY on file: ENOTDIR", open("/etc/greeting", O_RDONLY | O_DIRECTORY), ENOTDIR);
	ERR("empty path: ENOENT", open("", O_RDONLY), ENOENT);
	memset(buf, 'a', 300);
	buf[300] = 0;
	ERR("long name: ENAMETOOLONG", open(buf, O_RDONLY), ENAMETOOLONG);

	/* The read-only file system. */
	ERR("write open on initrd: EROFS", open("/etc/greeting", O_WRONLY), EROFS);
	ERR("O_TRUNC on initrd: EROFS", open("/etc/greeting", O_RDONLY | O_TRUNC), EROFS);
	ERR("create on initrd: EROFS", open("/etc/new", O_WRONLY | O_CREAT, 0644), EROFS);
	ERR("mkdir on initrd: EROFS", mkdir("/etc/d", 0755), EROFS);
	ERR("mkdir existing on initrd: EEXIST", mkdir("/etc/empty", 0755), EEXIST);
	ERR("unlink on initrd: EROFS", unlink("/etc/greeting"), EROFS);
	ERR("rmdir on initrd: EROFS", rmdir("/etc/empty"), EROFS);
	ERR("rename to /tmp: EXDEV", rename("/etc/greeting", "/tmp/g"), EXDEV);
	ERR("access W_OK on initrd: EROFS", access("/etc/greeting", W_OK), EROFS);
	OK("access R_OK on initrd", access("/etc/greeting", R_OK) == 0, "errno %d", errno);
	ERR("access X_OK on plain file: EACCES", access("/etc/greeting", X_OK), EACCES);
	ERR("access bad mode: EINVAL", access("/etc/greeting", 0100), EINVAL);
	ERR("open dir for writing: EISDIR", open("/etc", O_WRONLY), EISDIR);
	fd = open("/etc", O_RDONLY | O_DIRECTORY);
	OK("open dir", fd >= 0, "errno %d", errno);
	ERR("read on dir: EISDIR", read(fd, buf, 10), EISDIR);
	close(fd);
	ERR("unlink /tmp in read-only root: EROFS", unlink("/tmp"), EROFS);
	fd = open("/dev/null", O_WRONLY);
	OK("/dev/null writable on read-only fs", fd >= 0 && write(fd, "x", 1) == 1, "errno %d", errno);
	close(fd);
}

static void tmpfiles(void)
{
	struct stat st;
	ssize_t n;

	OK("initrd tmp/ copied to /tmp", !strcmp(slurp("/tmp/seed"), "seed\n"), "'%s'", buf);
	int fd = open("/tmp/seed", O_WRONLY | O_APPEND);
	OK("append", fd >= 0 && write(fd, "more\n", 5) == 5, "errno %d", errno);
	close(fd);
	OK("appended", !strcmp(slurp("/tmp/seed"), "seed\nmore\n"), "'%s'", buf);

	umask(022);
	fd = open("/tmp/a", O_RDWR | O_CREAT | O_EXCL, 0666);
	OK("create", fd >= 0, "errno %d", errno);
	OK("umask applied", fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0644, "mode %o", st.st_mode);
	ERR("O_EXCL on existing: EEXIST", open("/tmp/a", O_RDWR | O_CREAT | O_EXCL, 0666), EEXIST);
	OK("write", write(fd, "0123456789", 10) == 10, "errno %d", errno);
	OK("pwrite past end", pwrite(fd, "Z", 1, 20) == 1, "errno %d", errno);
	OK("size grows", fstat(fd, &st) == 0 && st.st_size == 21, "size %ld", (long)st.st_size);
	n = pread(fd, buf, 100, 0);
	OK("hole reads zeros", n == 21 && buf[10] == 0 && buf[19] == 0 && buf[20] == 'Z', "n=%zd", n);
	OK("position unchanged by pwrite", lseek(fd, 0, SEEK_CUR) == 10, "pos");
	OK("ftruncate shrink", ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5, "size %ld", (long)st.st_size);
	OK("ftruncate grow", ftruncate(fd, 4096 + 7) == 0, "errno %d", errno);
	n = pread(fd, buf, sizeof(buf), 0);
	OK("grown part is zeros", n == 4103 && buf[4] == '4' && buf[5] == 0 && buf[4102] == 0, "n=%zd", n);
	ERR("ftruncate negative: EINVAL", ftruncate(fd, -1), EINVAL);
	ERR("pread negative offset: EINVAL", pread(fd, buf, 1, -1), EINVAL);

	/* A 3 MiB file: more than one level of the page tree. */
	static unsigned pattern[4096];
	int ok = 1;
	ftruncate(fd, 0);
	lseek(fd, 0, SEEK_SET);
	for (int blk = 0; blk < 192; blk++) {
		for (int i = 0; i < 4096; i++)
			pattern[i] = (unsigned)(blk * 4096 + i);
		if (write(fd, pattern, sizeof(pattern)) != sizeof(pattern))
			ok = 0;
	}
	OK("write 3 MiB", ok, "short write");
	for (int blk = 191; blk >= 0 && ok; blk -= 7) {
		if (pread(fd, pattern, sizeof(pattern), (off_t)blk * sizeof(pattern)) != sizeof(pattern))
			ok = 0;
		for (int i = 0; i < 4096 && ok; i++)
			ok = pattern[i] == (unsigned)(blk * 4096 + i);
	}
	OK("read 3 MiB back", ok, "mismatch");
	OK("truncate to 0 and regrow", ftruncate(fd, 0) == 0 && ftruncate(fd, 3 << 20) == 0 &&
	   pread(fd, buf, 16, 2 << 20) == 16 && !memcmp(buf, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16), "not zero");
	close(fd);

	/* Unlinked while open: the data lives until close. */
	fd = open("/tmp/gone", O_RDWR | O_CREAT, 0600);
	write(fd, "still here", 10);
	OK("unlink open file", unlink("/tmp/gone") == 0, "errno %d", errno);
	ERR("unlinked name is gone: ENOENT", stat("/tmp/gone", &st), ENOENT);
	OK("unlinked file still readable", pread(fd, buf, 10, 0) == 10 && !memcmp(buf, "still here", 10), "lost");
	OK("unlinked file nlink 0", fstat(fd, &st) == 0 && st.st_nlink == 0, "nlink %ld", (long)st.st_nlink);
	close(fd);

	/* Directories. */
	OK("mkdir", mkdir("/tmp/d", 0755) == 0, "errno %d", errno);
	ERR("mkdir existing: EEXIST", mkdir("/tmp/d", 0755), EEXIST);
	ERR("mkdir missing parent: ENOENT", mkdir("/tmp/x/y", 0755), ENOENT);
	close(open("/tmp/d/f1", O_CREAT | O_WRONLY, 0644));
	close(open("/tmp/d/f2", O_CREAT | O_WRONLY, 0644));
	mkdir("/tmp/d/sub", 0755);
	ERR("rmdir non-empty: ENOTEMPTY", rmdir("/tmp/d"), ENOTEMPTY);
	ERR("rmdir file: ENOTDIR", rmdir("/tmp/d/f1"), ENOTDIR);
	ERR("unlink dir: EISDIR", unlink("/tmp/d/sub"), EISDIR);
	ERR("rmdir dot: EINVAL", rmdir("/tmp/d/."), EINVAL);
	/* Linux's tmpfs lists in its own order: compare sorted. */
	DIR *dir = opendir("/tmp/d");
	char names[8][16];
	int nnames = 0;
	struct dirent *de;
	while (dir && (de = readdir(dir)) && nnames < 8)
		snprintf(names[nnames++], sizeof(names[0]), "%s%s", de->d_name,
			 de->d_type == DT_DIR ? "/" : "");
	qsort(names, (size_t)nnames, sizeof(names[0]), (int (*)(const void *, const void *))strcmp);
	char list[160] = "";
	for (int i = 0; i < nnames; i++) {
		strcat(list, names[i]);
		strcat(list, " ");
	}
	OK("readdir", !strcmp(list, "../ ./ f1 f2 sub/ "), "'%s'", list);
	if (dir) {
		rewinddir(dir);
		int again = 0;
		while (readdir(dir))
			again++;
		OK("rewinddir", again == nnames, "%d entries, then %d", nnames, again);
		closedir(dir);
	}
	/* rm -r: remove each entry as it is read. */
	mkdir("/tmp/many", 0755);
	for (int i = 0; i < 300; i++) {
		snprintf(buf, sizeof(buf), "/tmp/many/file-with-a-longish-name-%03d", i);
		close(open(buf, O_CREAT | O_WRONLY, 0644));
	}
	int removed = 0;
	dir = opendir("/tmp/many");
	while (dir && (de = readdir(dir)))
		if (de->d_name[0] != '.' && !unlinkat(dirfd(dir), de->d_name, 0))
			removed++;
	if (dir)
		closedir(dir);
	OK("readdir while unlinking sees every entry", removed == 300, "removed %d", removed);
	OK("then rmdir", rmdir("/tmp/many") == 0, "errno %d", errno);
	OK("stat dir nlink", stat("/tmp/d", &st) == 0 && st.st_nlink == 3 && S_ISDIR(st.st_mode), "nlink %ld", (long)st.st_nlink);

	/* Rename. */
	OK("rename", rename("/tmp/d/f1", "/tmp/d/g1") == 0 && access("/tmp/d/g1", F_OK) == 0 &&
	   access("/tmp/d/f1", F_OK) == -1, "errno %d", errno);
	OK("rename replaces", rename("/tmp/d/g1", "/tmp/d/f2") == 0 && access("/tmp/d/g1", F_OK) == -1, "errno %d", errno);
	ERR("rename file over dir: EISDIR", rename("/tmp/d/f2", "/tmp/d/sub"), EISDIR);
	ERR("rename dir over file: ENOTDIR", rename("/tmp/d/sub", "/tmp/d/f2"), ENOTDIR);
	ERR("rename dir into itself: EINVAL", rename("/tmp/d", "/tmp/d/sub/d"), EINVAL);
	ERR("rename missing: ENOENT", rename("/tmp/d/none", "/tmp/d/x"), ENOENT);
	OK("rename dir", rename("/tmp/d/sub", "/tmp/sub2") == 0 && stat("/tmp/d", &st) == 0 && st.st_nlink == 2,
	   "errno %d nlink %ld", errno, (long)st.st_nlink);
	ERR("renameat2 NOREPLACE: EEXIST", syscall(SYS_renameat2, AT_FDCWD, "/tmp/sub2", AT_FDCWD, "/tmp/d", 1), EEXIST);
	OK("rmdir", rmdir("/tmp/sub2") == 0, "errno %d", errno);
	ERR("unlink missing: ENOENT", unlink("/tmp/sub2"), ENOENT);

	/* cwd. */
	OK("chdir", chdir("/tmp/d") == 0, "errno %d", errno);
	OK("getcwd", getcwd(buf, sizeof(buf)) && !strcmp(buf, "/tmp/d"), "'%s'", buf);
	ERR("getcwd small buffer: ERANGE", getcwd(buf, 3) ? 0 : -1, ERANGE);
	OK("relative open", open("f2", O_RDONLY) >= 0, "errno %d", errno);
	OK("relative dot-dot", !strcmp(slurp("../seed"), "seed\nmore\n"), "'%s'", buf);
	ERR("chdir to file: ENOTDIR", chdir("/tmp/d/f2"), ENOTDIR);
	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
	OK("openat relative to dirfd", openat(dfd, "seed", O_RDONLY) >= 0, "errno %d", errno);
	OK("fstatat", fstatat(dfd, "d", &st, 0) == 0 && S_ISDIR(st.st_mode), "errno %d", errno);
	OK("mkdirat/unlinkat", mkdirat(dfd, "e", 0700) == 0 && unlinkat(dfd, "e", AT_REMOVEDIR) == 0, "errno %d", errno);
	ERR("openat bad dirfd: EBADF", openat(999, "seed", O_RDONLY), EBADF);
	int ffd = open("/tmp/seed", O_RDONLY);
	ERR("openat file as dirfd: ENOTDIR", openat(ffd, "x", O_RDONLY), ENOTDIR);
	close(ffd);
	chdir("/");
	OK("getcwd root", getcwd(buf, sizeof(buf)) && !strcmp(buf, "/"), "'%s'", buf);

	/* Descriptors. */
	fd = open("/tmp/seed", O_RDONLY | O_CLOEXEC);
	OK("O_CLOEXEC sets FD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC, "%d", fcntl(fd, F_GETFD));
	int fd2 = dup(fd);
	OK("dup shares the position", lseek(fd, 3, SEEK_SET) == 3 && lseek(fd2, 0, SEEK_CUR) == 3, "no");
	OK("dup clears FD_CLOEXEC", fcntl(fd2, F_GETFD) == 0, "set");
	OK("dup2", dup2(fd, 50) == 50 && lseek(50, 0, SEEK_CUR) == 3, "errno %d", errno);
	OK("dup2 same fd", dup2(50, 50) == 50, "errno %d", errno);
	ERR("dup3 same fd: EINVAL", dup3(50, 50, 0), EINVAL);
	OK("dup3 O_CLOEXEC", dup3(fd, 51, O_CLOEXEC) == 51 && fcntl(51, F_GETFD) == FD_CLOEXEC, "errno %d", errno);
	OK("F_DUPFD lowest above", fcntl(fd, F_DUPFD, 40) == 40, "errno %d", errno);
	ERR("F_DUPFD negative: EINVAL", fcntl(fd, F_DUPFD, -1), EINVAL);
	ERR("F_DUPFD at the limit: EINVAL", fcntl(fd, F_DUPFD, 1024), EINVAL);
	ERR("fcntl unknown command: EINVAL", fcntl(fd, 9999), EINVAL);
	OK("F_GETFL", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY, "%x", fcntl(fd, F_GETFL));
	OK("F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(fd, F_GETFL) & O_APPEND), "no");
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	OK("F_SETLK read lock", fcntl(fd, F_SETLK, &fl) == 0, "errno %d", errno);
	fl.l_type = F_WRLCK;
	ERR("F_SETLK write lock on O_RDONLY: EBADF", fcntl(fd, F_SETLK, &fl), EBADF);
	OK("F_GETLK finds it free", fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK, "type %d", fl.l_type);
	fl.l_type = 7;
	ERR("F_SETLK bad type: EINVAL", fcntl(fd, F_SETLK, &fl), EINVAL);
	close(fd);
	close(fd2);
	ERR("close closed: EBADF", close(fd), EBADF);
	ERR("read closed: EBADF", read(fd, buf, 1), EBADF);
	ERR("fstat bad fd: EBADF", fstat(-5, &st), EBADF);
	ERR("dup2 to bad fd: EBADF", dup2(50, -1), EBADF);
	ERR("lseek console: ESPIPE", lseek(1, 0, SEEK_CUR), ESPIPE);
	ERR("fsync console: EINVAL", fsync(1), EINVAL);
	OK("fsync file", fsync(50) == 0 && fdatasync(50) == 0, "errno %d", errno);
	int maxfd = -1;
	for (;;) {
		int f = open("/tmp/seed", O_RDONLY);
		if (f < 0)
			break;
		maxfd = f;
	}
	OK("EMFILE at the limit", errno == EMFILE && maxfd == 1023, "errno %d maxfd %d", errno, maxfd);
	for (int f = 3; f <= maxfd; f++)
		close(f);

	/* stdio. */
	FILE *fp = fopen("/tmp/stdio.txt", "w+");
	OK("fopen", fp != NULL, "errno %d", errno);
	if (fp) {
		fprintf(fp, "pi=%.5f\n", 3.14159265);
		rewind(fp);
		OK("fgets", fgets(buf, sizeof(buf), fp) && !strcmp(buf, "pi=3.14159\n"), "'%s'", buf);
		fclose(fp);
	}
	OK("remove", remove("/tmp/stdio.txt") == 0, "errno %d", errno);

	/* statx. */
	/* musl 1.2.3 has no struct statx: the start of Linux's. */
	struct {
		uint32_t stx_mask, stx_blksize;
		uint64_t stx_attributes;
		uint32_t stx_nlink, stx_uid, stx_gid;
		uint16_t stx_mode, pad;
		uint64_t stx_ino, stx_size, rest[30];
	} sx;
	OK("statx", syscall(SYS_statx, AT_FDCWD, "/tmp/seed", 0, 0x7ffu, &sx) == 0 &&
	   sx.stx_size == 10 && S_ISREG(sx.stx_mode), "errno %d", errno);
}

/* sendfile: from the initrd and from /tmp, with an offset (which advances,
 * the position does not) and without (the position advances), into a
 * file and a pipe; Linux's errors. */
static void sendfiles(void)
{
	off_t off = 6;
	int in = open("/etc/greeting", O_RDONLY);
	int out = open("/tmp/sf", O_RDWR | O_CREAT | O_TRUNC, 0644);
	OK("sendfile: open", in >= 0 && out >= 0, "errno %d", errno);
	OK("sendfile with an offset", sendfile(out, in, &off, 4) == 4 && off == 10, "off %ld errno %d", (long)off, errno);
	OK("sendfile with an offset leaves the position", lseek(in, 0, SEEK_CUR) == 0, "moved");
	OK("sendfile without an offset", sendfile(out, in, NULL, 5) == 5 && lseek(in, 0, SEEK_CUR) == 5, "errno %d", errno);
	off = 20;
	OK("sendfile past the end: what is left", sendfile(out, in, &off, 100) == 2 && off == 22, "off %ld", (long)off);
	OK("sendfile at the end: 0", sendfile(out, in, &off, 100) == 0 && off == 22, "off %ld", (long)off);
	OK("sendfile wrote at out's position", pread(out, buf, 100, 0) == 11 && !memcmp(buf, "fromhellod\n", 11) &&
	   lseek(out, 0, SEEK_CUR) == 11, "%.11s", buf);
	off = -1;
	ERR("sendfile negative offset: EINVAL", sendfile(out, in, &off, 1), EINVAL);
	int wr = open("/tmp/sf", O_WRONLY);
	ERR("sendfile from a write-only fd: EBADF", sendfile(out, wr, NULL, 1), EBADF);
	close(wr);
	int rd = open("/tmp/seed", O_RDONLY);
	ERR("sendfile into a read-only fd: EBADF", sendfile(rd, in, NULL, 1), EBADF);
	int ap = open("/tmp/sf", O_WRONLY | O_APPEND);
	ERR("sendfile into O_APPEND: EINVAL", sendfile(ap, in, NULL, 1), EINVAL);
	close(ap);
	ERR("sendfile from a bad fd: EBADF", sendfile(out, 999, NULL, 1), EBADF);

	/* From /tmp (its own frames) into a pipe. */
	int p[2];
	OK("sendfile: pipe", pipe(p) == 0, "errno %d", errno);
	off = 0;
	OK("sendfile from /tmp into a pipe", sendfile(p[1], out, &off, 100) == 11 &&
	   read(p[0], buf, sizeof(buf)) == 11 && !memcmp(buf, "fromhellod\n", 11), "errno %d", errno);
	ERR("sendfile from a pipe: EINVAL", sendfile(out, p[0], NULL, 1), EINVAL);
	off = 0;
	ERR("sendfile from a pipe at an offset: ESPIPE", sendfile(out, p[0], &off, 1), ESPIPE);
	close(p[0]);
	close(p[1]);
	close(rd);
	close(in);
	close(out);
	OK("sendfile: unlink", unlink("/tmp/sf") == 0, "errno %d", errno);
}

int main(void)
{
	initrd();
	tmpfiles();
	sendfiles();
	printf("%s\n", bad ? "files: FAILED" : "files: all ok");
	return bad != 0;
}
