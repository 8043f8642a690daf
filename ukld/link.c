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
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ukld.h"
#include "warn.h"

static const char *linker_program(const struct link *l)
{
	if (l->o->ld_path)
		return l->o->ld_path;
	return l->o->linker == LINKER_LLD ? "ld.lld" : l->arch->ld_bfd;
}

/*
 * A temporary file beside PATH (same directory, so the final rename cannot
 * cross file systems), named .NAME.ukld-XXXXXX; NULL after an error naming
 * PATH.  WHAT says which output it is for.
 */
char *temp_beside(const char *path, const char *what)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *tmp = xasprintf("%.*s.%s.ukld-XXXXXX", (int)(base - path), path, base);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		ERROR_GLIBC(path, "cannot create the %s's temporary file", what);
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
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
		if (!strcmp(inputs[i], path)) {
			ERROR(path, "is also an input: the %s would overwrite it", what);
			return -1;
		}
	return 0;
}

int put_in_place(const char *tmp, const char *path, mode_t mode, const char *what)
{
	if (chmod(tmp, mode)) {
		ERROR_GLIBC(path, "cannot chmod the %s's temporary file %s", what, tmp);
		return -1;
	}
	if (rename(tmp, path)) {
		ERROR_GLIBC(path, "cannot write the %s", what);
		return -1;
	}
	return 0;
}

/* What the file FD holds, to standard error. */
static void replay(int fd)
{
	char buf[4096];
	ssize_t n;

	fflush(stderr);
	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(2, buf, (size_t)n) != n)
			break;
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
	 * link runs. */
	if (!(l->tmp_output = temp_beside(o->output, "output")))
		return -1;
	if (o->image && !(l->tmp_image = temp_beside(o->image, "flat image")))
		return -1;

	ARG(ld);
	ARG("-static");
	ARG("-nostdlib");
	ARG("-z"); ARG("max-page-size=4096");
	/* lld: ".got/.tdata is not contiguous with relro" in a kernel layout. */
	ARG("-z"); ARG("norelro");
	ARG("--build-id=none");
	for (const char *const *a = o->linker == LINKER_BFD ? l->arch->bfd_args :
	     l->arch->lld_args; *a; a++)
		ARG(*a);
	ARG("-T"); ARG(l->script_path);
	ARG("-o"); ARG(l->tmp_output);
	ARG(l->kernel->path);
	for (size_t i = 0; i < l->napp; i++)
		ARG(l->app_paths[i]);
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
		dup2(errfd, 2);
		execvp(ld, (char *const *)argv);
		ERROR_GLIBC(ld, "cannot run the linker (install it, or choose another with --linker/--ld-path)");
		_exit(127);
	}
	free(argv);
	int status;
	if (waitpid(pid, &status, 0) < 0) {
		ERROR_GLIBC(ld, "cannot wait for the linker");
		close(errfd);
		return -1;
	}
	bool failed = !WIFEXITED(status) || WEXITSTATUS(status);
	if (failed && check_wait(l)) {
		close(errfd);
		return -1;
	}
	replay(errfd);
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
		if (l->o->image)
			unlink(l->o->image);
		return -1;
	}
	free(l->tmp_output);
	l->tmp_output = NULL;
	return 0;
}
