/* SPDX-License-Identifier: MIT */
/*
 * Threads and the CPU that runs them (runtime/sched.c, runtime/thread.c).
 * Every thread of the one application shares its address space; the
 * kernel code of a system call runs on the calling thread's stack, so a
 * thread has no kernel stack of its own on x86_64 (riscv64's trap path
 * has one per thread: arch/riscv64/include/arch/thread.h).
 *
 * The kernel is not preemptible: a timer interrupt that ends a thread's
 * time slice switches threads only when it interrupted application code
 * (its pc in the application's text, __ukl_app_text_start/end); one that
 * interrupted kernel code tries again a little later.  Kernel code is
 * switched away from only where it sleeps (sched_sleep).  So on one CPU,
 * kernel code runs atomically with respect to other kernel code except
 * across a sleep, and data that interrupt handlers share is guarded by
 * irq_save.  Nothing is counted or tested on the system call path: a
 * single-threaded program's calls cost what they did.
 */
#ifndef UKL_THREAD_H
#define UKL_THREAD_H

#include <ukl/kernel.h>
#include <ukl/sched.h>
#include <arch/thread.h>

enum thread_state { THREAD_RUNNING, THREAD_READY, THREAD_SLEEPING, THREAD_DEAD };

/* A system call entered by the architecture's trap instruction (x86_64
 * `syscall`, riscv64 `ebreak`) while it runs: where a handler that runs
 * before it returns sees the thread (sys_signal.c), and the return address
 * it may change, as musl's pthread_cancel does.  On the C stack of the
 * arch's entry (x86_syscall_insn, trap_handler). */
struct sys_trap {
	uintptr_t insn;              /* the trap instruction's address */
	uintptr_t *resume;           /* the frame's return address */
	const void *regs;            /* the frame (arch_uc_fill) */
};

struct thread {
	struct arch_thread arch;     /* saved registers, FPU state, tp */
	int tid;
	enum thread_state state;
	bool woken;                  /* sched_wake since the last sleep */
	bool timed_out;              /* the sleep's deadline passed */
	bool interrupted;            /* a signal was sent to it */
	struct thread *rq_next;      /* run queue */
	struct thread *all_next;     /* every live thread, for tkill */
	struct ktimer timer;         /* the sleep's deadline */
	int *clear_tid;              /* CLONE_CHILD_CLEARTID / set_tid_address */
	uint64_t sig_pending;        /* signals sent to this thread */
	uint64_t sig_blocked;        /* its signal mask */
	struct sys_trap *sys_trap;   /* its trap-entered system call, or NULL */
	bool sig_norestart;          /* a handler without SA_RESTART ran, or
	                                moved the pc (sys_signal.c) */
	uintptr_t unmap_base;        /* its own stack, unmapped at exit */
	size_t unmap_len;
};

/* One per CPU (one CPU for now): reached only through this_cpu(). */
struct cpu {
	struct thread *cur;
	struct thread *rq_head, *rq_tail;
	bool need_resched;
	bool sig_work;               /* cur has a signal to run on return */
	struct ktimer slice;         /* end of cur's time slice */
};

extern struct cpu cpu0;
static inline struct cpu *this_cpu(void)
{
	return &cpu0;
}

/* sys_signal.c: run the current thread's pending signals' handlers. */
void signal_deliver_thread(void);
/* sys_signal.c: the same from the interrupt path (pc: the interrupted
 * application code's slot in the interrupt's frame). */
void signal_deliver_irq(uintptr_t *pc);
/* sys_signal.c: the end of a trap-entered system call (result r): run the
 * signals it still has pending, seeing the call cut short when r is
 * -EINTR.  (A call that waits has run them already, and restarted itself
 * after SA_RESTART handlers: SYSCALL_RESTARTABLE, <ukl/syscall.h>.) */
void signal_trap_return(long r);
/* sys_signal.c: signal sig for the process, from interrupt context (an
 * interval timer): its default action now, or its handler in the main
 * thread (sched_signal). */
void signal_process(int sig);

/* sched.c */
void sched_init(void);
/* The arch's interrupt entry, after the handler: preempt if due (pc: the
 * frame's slot of where the interrupt came, which a signal handler run
 * here may change). */
void sched_irq_exit(uintptr_t *pc);
/* Make a new thread runnable. */
void sched_start_thread(struct thread *t);
/* End the current thread: never returns (called on the exit stack). */
__noreturn void sched_exit_current(void);
/* Run the signals another thread sent this one, if any: where a sleep
 * ended with EINTR (futex, nanosleep), at clone, and from the interrupt
 * path when it interrupts application code.  Not on every system call:
 * that would cost every call a test. */
static inline void sched_run_signals(void)
{
	if (__builtin_expect(this_cpu()->sig_work, 0))
		signal_deliver_thread();
}
struct thread *sched_find(int tid);
/* Signal sig is pending for t: its sleep ends with -EINTR. */
void sched_signal(struct thread *t, int sig);

int sched_nthreads(void);

/* thread.c: clone through the syscall instruction (uregs: the arch's
 * register frame of the caller, see arch_thread_init_clone). */
long thread_clone(unsigned long flags, uintptr_t stack, int *ptid, int *ctid,
		  uintptr_t tls, const void *uregs);
/* munmap of the range the calling thread's stack is in: deferred to its
 * exit (musl's detached threads free their stack, then exit). */
bool thread_defer_unmap(uintptr_t addr, size_t len);
/* futex.c */
long futex_wake(int *uaddr, int n, unsigned bitset);

/* ---- arch (runtime/arch/<arch>/) ----------------------------------- */
/* The boot thread's arch state. */
void arch_thread_init_main(struct arch_thread *a);
/* A clone child that returns 0 from the system call whose register frame
 * is uregs, with sp = stack and tp = tls. */
int arch_thread_init_clone(struct arch_thread *a, uintptr_t stack, uintptr_t tls,
			   const void *uregs);
/* The current thread is ending (sched_exit_current): free what
 * arch_thread_init_clone made. */
void arch_thread_release(struct arch_thread *a);
/* Save prev's FPU state, tp and callee-saved registers, resume next.
 * Interrupts off. */
void arch_switch(struct arch_thread *prev, struct arch_thread *next);
/* Switch to next forgetting the current context (a dead thread). */
__noreturn void arch_switch_final(struct arch_thread *next);
/* Interrupt vectors, the timer and interrupt-controller set-up; then
 * application code runs with interrupts on. */
void arch_interrupts_init(void);
/* The one-shot timer interrupt at deadline (monotonic ns); 0: none. */
void arch_timer_set(uint64_t deadline);
/* With interrupts off: wait for an interrupt (it runs), return with them
 * off again. */
void arch_idle(void);
/* A stack to finish a thread's exit on (after it unmapped its own). */
uintptr_t arch_exit_stack(void);

#endif
