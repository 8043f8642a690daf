/* SPDX-License-Identifier: MIT */
/*
 * The check pass of a link: check.c on every object the link takes, the
 * kernel's too, and its verdict.
 *
 * The check reads the inputs and nothing after it needs what it finds but
 * its verdict, so it runs in a child process while prefix, script, the
 * linker and the post-link passes run (on another core: capstone's
 * decoding is most of a large link's time, the check's and verify's).  Its
 * messages go out as it finds them; the verdict is collected before the
 * image is written, and before the linker's messages are shown when the
 * linker fails (link.c), so the output reads as if the check had run
 * first; the parent never exits before the child has said everything.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ukl/contract.h"
#include "check.h"
#include "ukld.h"
#include "warn.h"

int check_inputs(struct link *l)
{
	struct check_opts co = { .allow_red_zone = l->o->allow_red_zone,
				 .quiet_notes = true };
	struct check_stats st = { 0 };
	int ret = 0;

	check_begin(&co);
	/* Linux is built by its own Kbuild (-mno-red-zone -mcmodel=kernel,
	 * arch/x86/Makefile); what reads below its %rsp is deliberate (mb()'s
	 * `lock addl $0,-4(%rsp)`, the NMI entry on its own stack), not code
	 * the application's stack would carry. */
	if (!(l->kernel_flags & UKL_KF_LINUX))
		ret |= check_object(l->kernel, &co, &st);
	for (size_t i = 0; i < l->napp; i++)
		ret |= check_object(l->app[i], &co, &st);
	co.quiet_summary = !st.errors && !ukld_verbose;
	check_end(&co, &st);
	if (ret || st.errors) {
		ERROR(l->o->output, "not linking: %u problems in the inputs' compile flags (above); "
		      "rebuild them with ukl-cc (-mno-red-zone -mcmodel=kernel)", st.errors);
		return -1;
	}
	return 0;
}

int check_start(struct link *l)
{
	fflush(NULL);   /* nothing buffered may come out twice */
	pid_t pid = fork();
	if (pid < 0) {
		/* No second process: the check the plain way. */
		VERBOSE("check: cannot fork (%s): checking first", strerror(errno));
		return check_inputs(l);
	}
	if (pid == 0) {
		tmp_detach();
		int r = check_inputs(l);
		fflush(NULL);
		_exit(r ? 1 : 0);
	}
	tmp_child(pid);
	l->check_pid = pid;
	return 0;
}

int check_wait(struct link *l)
{
	int st;

	if (!l->check_pid)
		return 0;
	pid_t pid = l->check_pid;
	l->check_pid = 0;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			ERROR_GLIBC(l->o->output, "cannot wait for the check of the inputs");
			return -1;
		}
	tmp_child_done(pid);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (!WIFEXITED(st))   /* it said nothing: a crash */
		ERROR(l->o->output, "the check of the inputs died (signal %d): not linking",
		      WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return -1;
}
