/* SPDX-License-Identifier: MIT */
/*
 * Signals, as far as one process without asynchronous events needs them:
 * handlers and the mask (one, for the process) are recorded and reported
 * back; a signal the process sends itself (raise, abort) is delivered at
 * once by calling the handler, or ends the machine as its default action
 * would; one sent to another thread runs its handler in that thread when
 * its system call returns.
 */
#include <ukl/arch.h>
#include <ukl/contract.h>
#include <ukl/syscall.h>
#include <ukl/thread.h>

#define NSIG 65
#define SIG_DFL 0ul
#define SIG_IGN 1ul
#define SIGCHLD 17
#define SIGCONT 18
#define SIGURG 23
#define SIGWINCH 28
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* The kernel's struct sigaction (what the libc passes to rt_sigaction). */
struct k_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};

/* The actions are the process's; the mask and the pending set are each
 * thread's (struct thread), as on Linux. */
static struct k_sigaction actions[NSIG];

static long deliver(long sig);

/* Signals sent while blocked wait until unblocked, as Linux does: musl's
 * raise() and pthread_kill() block everything around their tkill, and
 * abort() relies on the SIGABRT arriving when the mask is restored. */
static void deliver_pending(void)
{
	struct thread *t = sched_current();

	while (t->sig_pending & ~t->sig_blocked) {
		int bit = __builtin_ctzll(t->sig_pending & ~t->sig_blocked);
		t->sig_pending &= ~(1ull << bit);
		deliver(bit + 1);
	}
}

SYSCALL(rt_sigaction)
{
	const struct k_sigaction *act = (const struct k_sigaction *)a2;
	struct k_sigaction *old = (struct k_sigaction *)a3;

	if (a1 < 1 || a1 >= NSIG || a4 != 8)
		return -EINVAL;
	if (act && (a1 == 9 || a1 == 19))  /* SIGKILL, SIGSTOP */
		return -EINVAL;
	if (old)
		*old = actions[a1];
	if (act)
		actions[a1] = *act;
	return 0;
}

SYSCALL(rt_sigprocmask)
{
	const uint64_t *set = (const uint64_t *)a2;
	uint64_t *old = (uint64_t *)a3;

	uint64_t *blocked = &sched_current()->sig_blocked;

	if (a4 != 8)
		return -EINVAL;
	if (old)
		*old = *blocked;
	if (!set)
		return 0;
	switch (a1) {
	case SIG_BLOCK: *blocked |= *set; break;
	case SIG_UNBLOCK: *blocked &= ~*set; break;
	case SIG_SETMASK: *blocked = *set; break;
	default: return -EINVAL;
	}
	deliver_pending();
	return 0;
}

static long deliver(long sig)
{
	if (sig == 0)
		return 0;
	if (sig < 1 || sig >= NSIG)
		return -EINVAL;
	struct thread *t = sched_current();
	if (t->sig_blocked & (1ull << (sig - 1))) {
		t->sig_pending |= 1ull << (sig - 1);
		return 0;
	}
	unsigned long h = actions[sig].handler;
	if (h == SIG_IGN)
		return 0;
	if (h == SIG_DFL) {
		if (sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH)
			return 0;
		printk("ukl: killed by signal %ld\n", sig);
		arch_exit(UKL_EXIT_FAULT);
	}
	((void (*)(int))h)((int)sig);
	return 0;
}

SYSCALL(kill)
{
	return a1 == UKL_PID || a1 == 0 || a1 == -1 ? deliver(a2) : -ESRCH;
}

/* A signal for thread tid (tkill, tgkill: raise, pthread_kill).  The
 * calling thread gets it at once; another thread when its current or next
 * system call returns (a sleep in it ends with EINTR).  A default action
 * that ends the process ends it now, whichever thread it was sent to. */
static long thread_signal(long tid, long sig)
{
	if (tid <= 0 || sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (tid == sched_tid())
		return deliver(sig);
	struct thread *t = sched_find((int)tid);
	if (!t)
		return -ESRCH;
	if (sig == 0)
		return 0;
	unsigned long h = actions[sig].handler;
	if (h == SIG_IGN)
		return 0;
	if (h == SIG_DFL)
		return deliver(sig);
	sched_signal(t, (int)sig);
	return 0;
}

void signal_deliver_thread(void)
{
	this_cpu()->sig_work = false;
	sched_current()->interrupted = false;
	deliver_pending();
}

/* A process-directed signal is Linux's to give to any thread that does
 * not block it; ours goes to the main thread, which keeps it pending while
 * it blocks it (or drops it, if the main thread has ended). */
void signal_process(int sig)
{
	unsigned long h = actions[sig].handler;

	if (h == SIG_IGN)
		return;
	if (h == SIG_DFL) {
		if (sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH)
			return;
		printk("ukl: killed by signal %d\n", sig);
		arch_exit(UKL_EXIT_FAULT);
	}
	struct thread *t = sched_find(UKL_PID);
	if (t)
		sched_signal(t, sig);
}

SYSCALL(tkill)
{
	return thread_signal(a1, a2);
}

SYSCALL(tgkill)
{
	if (a1 != UKL_PID)
		return a1 <= 0 ? -EINVAL : -ESRCH;
	return thread_signal(a2, a3);
}
