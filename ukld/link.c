/* SPDX-License-Identifier: MIT */
/*
 * Running the link back end, and putting the result in place.
 *
 * The image is linked to a temporary file beside the output and renamed over
 * it only after every post-link pass has passed, so a failed link never
 * leaves a half-written image under the output's name.
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

int run_linker(struct link *l)
{
	const struct opts *o = l->o;
	const char *ld = linker_program(l);
	const char **argv = NULL;
	size_t argc = 0;
#define ARG(x) do { argv = xrealloc(argv, (argc + 1) * sizeof(*argv)); \
		    argv[argc++] = (x); } while (0)

	char *dir = xstrdup(o->output);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash[1] = '\0';
	else
		strcpy(dir, "");
	l->tmp_output = xasprintf("%s.%s.ukld-XXXXXX", dir,
				  strrchr(o->output, '/') ? strrchr(o->output, '/') + 1 : o->output);
	free(dir);
	int fd = mkstemp(l->tmp_output);
	if (fd < 0) {
		ERROR_GLIBC(o->output, "cannot create the output's temporary file");
		free(l->tmp_output);
		l->tmp_output = NULL;
		return -1;
	}
	close(fd);

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
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		ERROR_GLIBC(NULL, "cannot fork the linker");
		free(argv);
		return -1;
	}
	if (pid == 0) {
		execvp(ld, (char *const *)argv);
		ERROR_GLIBC(ld, "cannot run the linker (install it, or choose another with --linker/--ld-path)");
		_exit(127);
	}
	free(argv);
	int status;
	if (waitpid(pid, &status, 0) < 0) {
		ERROR_GLIBC(ld, "cannot wait for the linker");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 127)
			ERROR(o->output, "the linker (%s) failed; --save-temps keeps its script and inputs", ld);
		return -1;
	}
	return 0;
}

int finish_output(struct link *l)
{
	if (chmod(l->tmp_output, 0755)) {
		ERROR_GLIBC(l->tmp_output, "cannot chmod");
		return -1;
	}
	if (rename(l->tmp_output, l->o->output)) {
		ERROR_GLIBC(l->o->output, "cannot write the output");
		return -1;
	}
	free(l->tmp_output);
	l->tmp_output = NULL;
	return 0;
}
