/* SPDX-License-Identifier: MIT */
/*
 * Signals, as far as one process without asynchronous events needs them:
 * handlers and the mask (one, for the process) are recorded and reported
 * back; a signal the process sends itself (raise, abort) is delivered at
 * once by calling the handler, or ends the machine as its default action
 * would; one sent to another thread runs its handler in that thread when
 * its system call returns.
 *
 * A handler runs as Linux runs it: with its sa_mask and its own signal
 * (unless SA_NODEFER) blocked, the mask restored after it; SA_RESETHAND;
 * an SA_SIGINFO handler gets a siginfo and the arch's ucontext
 * (<arch/ucontext.h>) with the mask to restore, which it may change, and
 * the pc: inside a system call entered by the trap instruction (musl's
 * cancellation points), the instruction itself while the call is cut
 * short (Linux shows an interrupted call rewound to restart), and a pc the
 * handler sets is where the thread resumes, which is how pthread_cancel
 * ends a thread blocked in read or sleep.  Called directly, a system call
 * has no such frame: the pc shown is 0.
 */
#include <arch/ucontext.h>
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
#define SA_SIGINFO   0x00000004ul
#define SA_RESTART   0x10000000ul
#define SA_NODEFER   0x40000000ul
#define SA_RESETHAND 0x80000000ul
#define SI_USER  0
#define SI_TKILL (-6)
/* SIGKILL and SIGSTOP: never blocked. */
#define UNBLOCKABLE ((1ull << 8) | (1ull << 18))

/* Linux's siginfo_t (128 bytes) as kill and tkill fill it. */
struct k_siginfo {
	int32_t si_signo, si_errno, si_code, pad;
	int32_t si_pid;
	uint32_t si_uid;
	uint8_t rest[104];
};

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

static long deliver(long sig, int code, uintptr_t pc);

/* Where a handler sees the thread when it did not say: inside a system
 * call entered by the trap instruction, that instruction (the call is
 * being cut short); else pc. */
static uintptr_t shown_pc(uintptr_t pc)
{
	struct sys_trap *tr = sched_current()->sys_trap;

	return tr ? tr->insn : pc;
}

/* Signals sent while blocked wait until unblocked, as Linux does: musl's
 * raise() and pthread_kill() block everything around their tkill, and
 * abort() relies on the SIGABRT arriving when the mask is restored. */
static void deliver_pending(uintptr_t pc)
{
	struct thread *t = sched_current();

	while (t->sig_pending & ~t->sig_blocked) {
		int bit = __builtin_ctzll(t->sig_pending & ~t->sig_blocked);
		t->sig_pending &= ~(1ull << bit);
		deliver(bit + 1, SI_TKILL, pc);
	}
}

/* Run sig's handler in the current thread, shown at pc. */
static void run_handler(int sig, int code, uintptr_t pc)
{
	struct thread *t = sched_current();
	struct k_sigaction *act = &actions[sig];
	unsigned long h = act->handler, flags = act->flags;
	uint64_t old = t->sig_blocked;
	struct sys_trap *tr = t->sys_trap;

	if (!(flags & SA_RESTART))
		t->sig_norestart = true;
	if (flags & SA_RESETHAND)
		act->handler = SIG_DFL;
	t->sig_blocked |= act->mask | (flags & SA_NODEFER ? 0 : 1ull << (sig - 1));
	t->sig_blocked &= ~UNBLOCKABLE;
	t->sys_trap = NULL;   /* the handler's own system calls are its own */
	if (!(flags & SA_SIGINFO)) {
		((void (*)(int))h)(sig);
		t->sig_blocked = old;
	} else {
		struct k_siginfo si = { .si_signo = sig, .si_code = code, .si_pid = UKL_PID };
		struct arch_ucontext uc;
		memset(&uc, 0, sizeof(uc));
		arch_uc_fill(&uc, tr ? tr->regs : NULL, pc);
		uc.uc_sigmask = old;
		((void (*)(int, void *, void *))h)(sig, &si, &uc);
		t->sig_blocked = uc.uc_sigmask & ~UNBLOCKABLE;
		if (tr && arch_uc_pc(&uc) != pc) {
			*tr->resume = arch_uc_pc(&uc);
			t->sig_norestart = true;   /* it goes on elsewhere */
		}
	}
	t->sys_trap = tr;
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
	*blocked &= ~UNBLOCKABLE;
	deliver_pending(shown_pc(0));
	return 0;
}

static long deliver(long sig, int code, uintptr_t pc)
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
	run_handler((int)sig, code, pc);
	return 0;
}

SYSCALL(kill)
{
	return a1 == UKL_PID || a1 == 0 || a1 == -1 ? deliver(a2, SI_USER, shown_pc(0)) : -ESRCH;
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
		return deliver(sig, SI_TKILL, shown_pc(0));
	struct thread *t = sched_find((int)tid);
	if (!t)
		return -ESRCH;
	if (sig == 0)
		return 0;
	unsigned long h = actions[sig].handler;
	if (h == SIG_IGN)
		return 0;
	if (h == SIG_DFL)
		return deliver(sig, SI_TKILL, shown_pc(0));
	sched_signal(t, (int)sig);
	return 0;
}

void signal_deliver_thread(void)
{
	this_cpu()->sig_work = false;
	sched_current()->interrupted = false;
	deliver_pending(shown_pc(0));
}

void signal_deliver_irq(uintptr_t *pc)
{
	struct thread *t = sched_current();
	/* The interrupted application code, shown to the handler as a
	 * trapped call's frame is: it may set where the thread goes on
	 * (musl's asynchronous cancellation). */
	struct sys_trap tr = { .insn = *pc, .resume = pc }, *outer = t->sys_trap;

	t->sys_trap = &tr;
	signal_deliver_thread();
	t->sys_trap = outer;
}

void signal_trap_return(long r)
{
	struct thread *t = sched_current();
	struct sys_trap *tr = t->sys_trap;

	this_cpu()->sig_work = false;
	t->interrupted = false;
	deliver_pending(r == -EINTR ? tr->insn : *tr->resume);
}

bool signal_interrupted(bool restart)
{
	struct thread *t = sched_current();

	if (!this_cpu()->sig_work)
		return false;
	t->sig_norestart = false;
	signal_deliver_thread();
	return restart && !t->sig_norestart;
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
