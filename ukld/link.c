/* SPDX-License-Identifier: MIT */
/*
 * Running the link back end, and putting the result in place.
 *
 * The image is linked to a temporary file beside the output and renamed over
 * it only after every post-link pass has passed, so a failed link never
 * leaves a half-written image under the output's name.  The flat image
 * (--image, flat.c) is written to a temporary file beside its name the same
 * way, after verify, and renamed with the ELF.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ukl/contract.h"
#include "ukld.h"
#include "warn.h"

static const char *linker_program(const struct link *l)
{
	if (l->o->ld_path)
		return l->o->ld_path;
	return l->o->linker == LINKER_LLD ? "ld.lld" : l->arch->ld_bfd;
}

/*
 * An existing output that is no regular file (a device such as /dev/null,
 * a FIFO, a socket): written into, as GNU ld does, never renamed over.
 */
static bool output_special(const char *path)
{
	struct stat st;
	return !stat(path, &st) && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

/* The directory part of PATH ("." for none), for an output's siblings. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xasprintf("%.*s", (int)(slash - path), path);
}

/*
 * A and B are the same file: the same device and inode when both exist
 * (./k.o, $PWD/k.o and a symbolic link are one file), else the same
 * directory and name.
 */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (!stat(a, &sa) && !stat(b, &sb))
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (!strcmp(a, b))
		return true;
	const char *ba = strrchr(a, '/') ? strrchr(a, '/') + 1 : a;
	const char *bb = strrchr(b, '/') ? strrchr(b, '/') + 1 : b;
	if (strcmp(ba, bb))
		return false;
	char *da = dir_of(a), *db = dir_of(b);
	bool same = !stat(da, &sa) && !stat(db, &sb) &&
		sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	free(da);
	free(db);
	return same;
}

int output_path_valid(const char *path, const char *opt, const char *what,
		      const char *const *inputs, size_t ninputs)
{
	struct stat st;
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		ERROR(path, "is a directory: %s names the %s file", opt, what);
		return -1;
	}
	for (size_t i = 0; i < ninputs; i++)
		if (inputs[i] && strncmp(inputs[i], "-l", 2) && same_file(inputs[i], path)) {
			ERROR(path, "is also an input: the %s would overwrite it", what);
			return -1;
		}
	return 0;
}

bool outputs_same(const char *a, const char *b)
{
	return same_file(a, b);
}

/* A file in the work directory's parent ($TMPDIR), registered so that no
 * exit leaves it behind; NULL after an error naming PATH. */
char *temp_file(const char *path, const char *what)
{
	const char *dir = getenv("TMPDIR");
	char *tmp = xasprintf("%s/ukld-out-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(tmp);
	if (fd < 0) {
		ERROR_GLIBC(path, "cannot create the %s's temporary file %s", what, tmp);
		free(tmp);
		return NULL;
	}
	tmp_register(tmp, false);
	close(fd);
	return tmp;
}

/*
 * Whether PATH can take the finished output, asked before any work: an
 * unnamed file in its directory (O_TMPFILE), else a named one removed
 * again; a special file must be writable.
 */
int output_writable(const char *path, const char *what)
{
	if (output_special(path)) {
		if (access(path, W_OK)) {
			ERROR_GLIBC(path, "cannot write the %s", what);
			return -1;
		}
		return 0;
	}
	char *dir = dir_of(path);
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		char *t = xasprintf("%s/.ukld-XXXXXX", dir);
		if ((fd = mkstemp(t)) >= 0)
			unlink(t);
		free(t);
	}
	free(dir);
	if (fd < 0) {
		ERROR_GLIBC(path, "cannot create the %s's temporary file", what);
		return -1;
	}
	close(fd);
	return 0;
}

/* Copies the file TMP's bytes to FD. */
static int copy_to(const char *tmp, int fd)
{
	char buf[65536];
	ssize_t n;
	int in = open(tmp, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0) {
				if (errno == EINTR)
					continue;
				int e = errno;
				close(in);
				errno = e;
				return -1;
			}
			off += w;
		}
	int e = errno;
	close(in);
	errno = e;
	return n < 0 ? -1 : 0;
}

/*
 * A copy of TMP in PATH's directory, named only for the instant before the
 * rename: written to an unnamed file (O_TMPFILE) that linkat() names when
 * it is complete; where O_TMPFILE is not supported, a named one from the
 * start (registered, so no exit strands it).
 */
static int copy_beside(const char *tmp, const char *path, mode_t mode)
{
	char *dir = dir_of(path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *name = NULL;
	int ret = -1, fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);

	if (fd >= 0) {
		char proc[64];
		if (copy_to(tmp, fd) || fchmod(fd, mode))
			goto out;
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		for (unsigned i = 0; ; i++) {
			free(name);
			name = xasprintf("%s/.%s.ukld-%d-%u", dir, base, (int)getpid(), i);
			tmp_register(name, false);
			if (!linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW))
				break;
			int e = errno;
			tmp_forget(name);
			errno = e;
			if (e != EEXIST || i == 100)
				goto out;
		}
	} else {
		name = xasprintf("%s/.%s.ukld-XXXXXX", dir, base);
		if ((fd = mkstemp(name)) < 0)
			goto out;
		tmp_register(name, false);
		if (copy_to(tmp, fd) || fchmod(fd, mode))
			goto out;
	}
	if (close(fd)) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(name, path))
		goto out;
	ret = 0;
out:
	{
		int e = errno;
		if (fd >= 0)
			close(fd);
		if (name) {
			if (ret)
				unlink(name);
			tmp_forget(name);
		}
		free(name);
		free(dir);
		errno = e;
	}
	return ret;
}

int put_in_place(const char *tmp, const char *path, mode_t mode, const char *what)
{
	if (output_special(path)) {
		/* Written into, as ld does (/dev/null, a FIFO's reader). */
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || copy_to(tmp, fd)) {
			ERROR_GLIBC(path, "cannot write the %s", what);
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
		unlink(tmp);
		tmp_forget(tmp);
		return 0;
	}
	if (chmod(tmp, mode)) {
		ERROR_GLIBC(path, "cannot chmod the %s's temporary file %s", what, tmp);
		return -1;
	}
	if (!rename(tmp, path)) {
		tmp_forget(tmp);
		return 0;
	}
	/* The work directory is on another file system: a copy beside the
	 * output, renamed over it, so the output changes in one step. */
	if (errno != EXDEV || copy_beside(tmp, path, mode)) {
		ERROR_GLIBC(path, "cannot write the %s", what);
		return -1;
	}
	unlink(tmp);
	tmp_forget(tmp);
	return 0;
}

/*
 * What the file FD holds, to standard error, with the work directory's
 * files named as the user knows them: a prefixed copy as the
 * archive[member] it came from, the temporary image as the output, the
 * script as ukld's; the linker saw only the copies.
 */
static void replay(const struct link *l, int fd)
{
	char *text = NULL;
	size_t len = 0;
	char buf[4096];
	ssize_t n;

	fflush(stderr);
	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		text = xrealloc(text, len + (size_t)n + 1);
		memcpy(text + len, buf, (size_t)n);
		len += (size_t)n;
	}
	if (!text)
		return;
	text[len] = '\0';
	for (const char *p = text; *p;) {
		const char *to = NULL;
		size_t from = 0;
		/* The longest path of the work directory starting here. */
		if (l->workdir && !strncmp(p, l->workdir, strlen(l->workdir))) {
			for (size_t i = 0; i < l->napp; i++)
				if (!strncmp(p, l->app_paths[i], strlen(l->app_paths[i])) &&
				    strlen(l->app_paths[i]) > from) {
					from = strlen(l->app_paths[i]);
					to = l->app[i]->name;
				}
			if (l->tmp_output && strlen(l->tmp_output) > from &&
			    !strncmp(p, l->tmp_output, strlen(l->tmp_output))) {
				from = strlen(l->tmp_output);
				to = l->o->output;
			}
			if (l->stubs_path && strlen(l->stubs_path) > from &&
			    !strncmp(p, l->stubs_path, strlen(l->stubs_path))) {
				from = strlen(l->stubs_path);
				to = "ukld's system call stubs";
			}
			if (l->script_path && strlen(l->script_path) > from &&
			    !strncmp(p, l->script_path, strlen(l->script_path))) {
				from = strlen(l->script_path);
				to = "ukld's linker script (--print-script)";
			}
			if (!to) {
				from = strlen(l->workdir);
				to = "ukld's work directory (--save-temps keeps it)";
			}
		}
		if (to) {
			fputs(to, stderr);
			p += from;
		} else {
			fputc(*p++, stderr);
		}
	}
	free(text);
	fflush(stderr);
}

/* Only what the entry, the script's KEEPs and the names the script
 * defines can reach (lds/<arch>.lds.in): the kernel's parts the program
 * does not use, and the program's own dead code.  Not into Linux, whose
 * objects keep their functions in shared sections and whose script was
 * not written for it. */
bool link_gc(const struct link *l)
{
	return !(l->kernel_flags & UKL_KF_LINUX);
}

int run_linker(struct link *l)
{
	const struct opts *o = l->o;
	const char *ld = linker_program(l);
	const char **argv = NULL;
	size_t argc = 0;
#define ARG(x) do { argv = xrealloc(argv, (argc + 1) * sizeof(*argv)); \
		    argv[argc++] = (x); } while (0)

	/* Both outputs' places first: an unwritable one fails before the
	 * link runs.  The linker writes in the work directory (lld's own
	 * temporary file goes beside its output, so there too): the output's
	 * directory sees only the finished image's last step. */
	if (output_writable(o->output, "output") ||
	    (o->image && output_writable(o->image, "flat image")))
		return -1;
	l->tmp_output = xasprintf("%s/image", l->workdir);
	if (o->image)
		l->tmp_image = xasprintf("%s/flat-image", l->workdir);

	ARG(ld);
	ARG("-static");
	ARG("-nostdlib");
	ARG("-z"); ARG("max-page-size=4096");
	/* lld: ".got/.tdata is not contiguous with relro" in a kernel layout. */
	ARG("-z"); ARG("norelro");
	ARG("--build-id=none");
	if (link_gc(l))
		ARG("--gc-sections");
	for (const char *const *a = o->linker == LINKER_BFD ? l->arch->bfd_args :
	     l->arch->lld_args; *a; a++)
		ARG(*a);
	ARG("-T"); ARG(l->script_path);
	ARG("-o"); ARG(l->tmp_output);
	ARG(l->kernel->path);
	for (size_t i = 0; i < l->napp; i++)
		ARG(l->app_paths[i]);
	if (l->stubs_path)
		ARG(l->stubs_path);
	ARG(NULL);
#undef ARG

	if (ukld_verbose) {
		fprintf(stderr, "%s: running", ukld_progname);
		for (size_t i = 0; argv[i]; i++)
			fprintf(stderr, " %s", argv[i]);
		fputc('\n', stderr);
	}
	/* The linker's messages wait in a file until the check (running
	 * beside it) has had its say: where the check refuses the inputs,
	 * what the linker made of them is no news (R_X86_64_32 that does not
	 * fit, say), and the output reads as if the check had run first. */
	char *errpath = xasprintf("%s/ld.err", l->workdir);
	int errfd = open(errpath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	free(errpath);
	if (errfd < 0) {
		ERROR_GLIBC(l->workdir, "cannot create a file for the linker's messages");
		free(argv);
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		ERROR_GLIBC(NULL, "cannot fork the linker");
		free(argv);
		close(errfd);
		return -1;
	}
	if (pid == 0) {
		tmp_detach();
		dup2(errfd, 2);
		execvp(ld, (char *const *)argv);
		ERROR_GLIBC(ld, "cannot run the linker (install it, or choose another with --linker/--ld-path)");
		_exit(127);
	}
	free(argv);
	tmp_child(pid);
	int status;
	int wr;
	while ((wr = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	tmp_child_done(pid);
	if (wr < 0) {
		ERROR_GLIBC(ld, "cannot wait for the linker");
		close(errfd);
		return -1;
	}
	bool failed = !WIFEXITED(status) || WEXITSTATUS(status);
	if (failed && check_wait(l)) {
		close(errfd);
		return -1;
	}
	replay(l, errfd);
	close(errfd);
	if (failed) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 127)
			ERROR(o->output, "the linker (%s) failed; --save-temps keeps its script and inputs", ld);
		return -1;
	}
	return 0;
}

/*
 * The flat image goes in place first and is removed again if the ELF
 * cannot follow it: never a new flat image without the ELF it was made
 * from.  (Two renames cannot be one atomic step; a rename in a directory
 * where a temporary file could be created fails only in a race.)
 */
int finish_output(struct link *l)
{
	if (l->tmp_image) {
		if (put_in_place(l->tmp_image, l->o->image, 0644, "flat image"))
			return -1;
		free(l->tmp_image);
		l->tmp_image = NULL;
	}
	if (put_in_place(l->tmp_output, l->o->output, 0755, "output")) {
		if (l->o->image && !output_special(l->o->image))
			unlink(l->o->image);
		return -1;
	}
	free(l->tmp_output);
	l->tmp_output = NULL;
	return 0;
}
