/* SPDX-License-Identifier: MIT */
/*
 * Temporary files and directories that never outlive ukld.
 *
 * Every temporary path ukld names (the work directory, a flat image's file,
 * the last step's name beside the output) is registered here before it is
 * created, and forgotten when it is gone or has taken its final name.
 *
 * SIGINT, SIGTERM and SIGHUP stop ukld's children (the linker, the check)
 * and wait for them, so that none writes on, then end ukld.  Whatever is
 * still registered when ukld ends, by any signal (SIGKILL too, which no
 * handler sees) or by any exit, is removed by a watchdog: a process forked
 * with the first registration, in its own session and deaf to the
 * terminal's signals, that learns the paths through a pipe and removes
 * them when the pipe reports end of file, i.e. when ukld is gone.  ukld
 * waits for it as it ends, so its caller finds nothing left over.
 *
 * The pipe's messages are one write() each (a path is shorter than
 * PIPE_BUF): "f/path" a file, "d/path" a directory (removed whole),
 * "-/path" forget it, "p123" a child process to kill, "q123" forget it.
 */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ukld.h"
#include "warn.h"

static int wd_fd = -1;              /* the pipe's write end */
static pid_t wd_pid;                /* the watchdog */
static volatile pid_t children[4];  /* killed and waited for on a signal */

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

/* The watchdog: the paths it was told of, removed at end of file. */
static void __attribute__((noreturn)) watchdog(int fd)
{
	struct ent { char kind; char *path; } *ents = NULL;
	size_t n = 0, have = 0;
	char buf[2 * PIPE_BUF];
	ssize_t r;

	/* Messages end with a NUL; a read may hold several, and end inside
	 * one, whose start is kept for the next. */
	while ((r = read(fd, buf + have, sizeof(buf) - have)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		have += (size_t)r;
		char *m = buf, *end;
		while ((end = memchr(m, '\0', have - (size_t)(m - buf)))) {
			if (*m == 'f' || *m == 'd' || *m == 'p') {
				ents = realloc(ents, (n + 1) * sizeof(*ents));
				if (!ents)
					_exit(1);
				ents[n].kind = *m;
				ents[n++].path = strdup(m + 1);
			} else if (*m == '-' || *m == 'q') {
				bool proc = *m == 'q';
				for (size_t i = n; i-- > 0;)
					if (ents[i].path && proc == (ents[i].kind == 'p') &&
					    !strcmp(ents[i].path, m + 1)) {
						free(ents[i].path);
						ents[i].path = NULL;
						break;
					}
			}
			m = end + 1;
		}
		have -= (size_t)(m - buf);
		memmove(buf, m, have);
	}
	/* ukld is gone: first its children, which could write on. */
	for (size_t i = 0; i < n; i++)
		if (ents[i].path && ents[i].kind == 'p') {
			pid_t pid = (pid_t)atoi(ents[i].path);
			if (pid > 0)
				kill(pid, SIGKILL);
		}
	for (size_t i = n; i-- > 0;) {
		if (!ents[i].path || ents[i].kind == 'p')
			continue;
		if (ents[i].kind == 'd')
			nftw(ents[i].path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		else
			unlink(ents[i].path);
	}
	_exit(0);
}

static void tell(char kind, const char *what)
{
	char msg[PIPE_BUF];
	int len = snprintf(msg, sizeof(msg), "%c%s", kind, what);

	if (len < 0 || (size_t)len >= sizeof(msg) || wd_fd < 0)
		return;
	/* One write, with its NUL: atomic on a pipe. */
	while (write(wd_fd, msg, (size_t)len + 1) < 0 && errno == EINTR)
		;
}

static void start_watchdog(void)
{
	int p[2];

	if (wd_fd >= 0 || pipe2(p, O_CLOEXEC))
		return;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		/* Its own session, and deaf to the terminal's signals: ^C ends
		 * ukld, and the watchdog cleans up after it. */
		setsid();
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		close(p[1]);
		/* Nothing of ukld's caller stays open in it (a pipe reading
		 * ukld's output would wait for it). */
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		if (p[0] != 3) {
			dup2(p[0], 3);
			close(p[0]);
		}
		close_range(4, ~0u, 0);
		watchdog(3);
	}
	close(p[0]);
	wd_fd = p[1];
	wd_pid = pid;
}

void tmp_register(const char *path, bool dir)
{
	start_watchdog();
	tell(dir ? 'd' : 'f', path);
}

void tmp_forget(const char *path)
{
	tell('-', path);
}

/* In a forked child that is no part of the clean-up (the check): its
 * copy of the pipe must not keep the watchdog waiting. */
void tmp_detach(void)
{
	if (wd_fd >= 0)
		close(wd_fd);
	wd_fd = -1;
}

void tmp_child(pid_t pid)
{
	char s[24];

	for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
		if (!children[i]) {
			children[i] = pid;
			break;
		}
	snprintf(s, sizeof(s), "%d", (int)pid);
	tell('p', s);
}

void tmp_child_done(pid_t pid)
{
	char s[24];

	for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
		if (children[i] == pid)
			children[i] = 0;
	snprintf(s, sizeof(s), "%d", (int)pid);
	tell('q', s);
}

/* Close the pipe and wait for the watchdog to have removed what is left:
 * only async-signal-safe calls, as the signal handler calls it. */
void tmp_finish(void)
{
	if (wd_fd < 0)
		return;
	close(wd_fd);
	wd_fd = -1;
	while (waitpid(wd_pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void on_signal(int sig)
{
	int saved = errno;

	for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++) {
		pid_t pid = children[i];
		if (pid > 0) {
			kill(pid, SIGTERM);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
	}
	tmp_finish();
	/* SA_RESETHAND made the action the default again, SA_NODEFER lets
	 * it be delivered here: ukld ends by the signal, as its caller
	 * expects (a shell's ^C stops the build). */
	raise(sig);
	errno = saved;
}

void tmp_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal,
				.sa_flags = SA_RESETHAND | SA_NODEFER };
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;
		/* A signal the caller ignores (nohup) stays ignored. */
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
	atexit(tmp_finish);
}
