/* SPDX-License-Identifier: MIT */
/*
 * Threads of the one process: clone as musl's pthread_create calls it,
 * exit of one thread, exit_group, thread ids, CPU affinity (one CPU).
 *
 * clone comes through the system call instruction (musl's __clone is
 * assembly: x86_64 `syscall`, riscv64 `ecall` made `ebreak`), whose arch
 * entry hands over the caller's register frame: the child resumes from
 * that frame with the result 0, on the stack and with the TLS it was given.
 * A direct call (no frame) cannot start a thread: the child would return
 * into its parent's C frames.
 */
#include <ukl/arch.h>
#include <ukl/contract.h>
#include <ukl/mm.h>
#include <ukl/syscall.h>
#include <ukl/thread.h>

#define CLONE_VM             0x00000100ul
#define CLONE_FS             0x00000200ul
#define CLONE_FILES          0x00000400ul
#define CLONE_SIGHAND        0x00000800ul
#define CLONE_VFORK          0x00004000ul
#define CLONE_THREAD         0x00010000ul
#define CLONE_SYSVSEM        0x00040000ul
#define CLONE_SETTLS         0x00080000ul
#define CLONE_PARENT_SETTID  0x00100000ul
#define CLONE_CHILD_CLEARTID 0x00200000ul
#define CLONE_DETACHED       0x00400000ul
#define CLONE_CHILD_SETTID   0x01000000ul
/* What sharing everything with the parent means; anything else would be a
 * second process. */
#define CLONE_SHARED (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
#define CLONE_KNOWN  (CLONE_SHARED | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
		      CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_CHILD_SETTID)

static int next_tid = 2;
static int main_status;

long thread_clone(unsigned long flags, uintptr_t stack, int *ptid, int *ctid,
		  uintptr_t tls, const void *uregs)
{
	static bool said;

	if ((flags & CLONE_SHARED) != CLONE_SHARED || (flags & CLONE_VFORK)) {
		if (!said)
			printk("ukl: clone without CLONE_VM|CLONE_THREAD (fork, vfork, "
			       "a new process): there is one process only\n");
		said = true;
		return -ENOSYS;
	}
	/* Linux: SIGHAND needs VM, THREAD needs SIGHAND (both hold here);
	 * unknown flags are namespaces and the like. */
	if (flags & ~(CLONE_KNOWN | 0xfful))
		return -EINVAL;
	if (!stack || !uregs)
		return -EINVAL;

	struct thread *t = kpage_alloc();
	if (!t)
		return -EAGAIN;
	_Static_assert(sizeof(struct thread) <= PAGE_SIZE, "struct thread fits a page");
	memset(t, 0, sizeof(*t));
	t->tid = next_tid++;
	t->state = THREAD_READY;
	t->sig_blocked = sched_current()->sig_blocked;   /* inherited, as on Linux */
	int err = arch_thread_init_clone(&t->arch, stack,
					 flags & CLONE_SETTLS ? tls : arch_get_tp(), uregs);
	if (err) {
		kpage_free(t);
		return err;
	}
	if (flags & CLONE_PARENT_SETTID)
		*ptid = t->tid;
	if (flags & CLONE_CHILD_SETTID)
		*ctid = t->tid;
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_tid = ctid;
	sched_start_thread(t);
	return t->tid;
}

/* fork and vfork (x86_64's own calls; riscv64's libc forks with clone). */
static long no_new_process(void)
{
	return thread_clone(0, 0, NULL, NULL, 0, NULL);
}

SYSCALL(fork)
{
	return no_new_process();
}

SYSCALL(vfork)
{
	return no_new_process();
}

/* The direct call path has no register frame to resume a child from. */
SYSCALL(clone)
{
	return thread_clone((unsigned long)a1, (uintptr_t)a2, NULL, NULL, 0, NULL);
}

bool thread_defer_unmap(uintptr_t addr, size_t len)
{
	struct thread *t = sched_current();
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

	if (t->tid == UKL_PID || sp < addr || sp - addr >= len)
		return false;
	t->unmap_base = addr;
	t->unmap_len = len;
	return true;
}

static void exit_on_stack(void *arg __maybe_unused)
{
	sched_exit_current();
}

SYSCALL(exit)
{
	struct thread *t = sched_current();

	if (t->tid == UKL_PID)
		main_status = (int)a1;
	/* pthread_join waits for the 0 (Linux: only when the word is
	 * mapped; a fault is ignored). */
	if (t->clear_tid && vm_user_phys((uintptr_t)t->clear_tid)) {
		*t->clear_tid = 0;
		futex_wake(t->clear_tid, 1, ~0u);
	}
	if (sched_nthreads() == 1)
		arch_exit(t->tid == UKL_PID ? (int)a1 : main_status);
	/* Leave the thread's stack (it may be unmapped now) for the CPU's. */
	irq_save();
	arch_call_on_stack(exit_on_stack, NULL, arch_exit_stack());
}

SYSCALL(exit_group)
{
	arch_exit((int)a1);
}

SYSCALL(set_tid_address)
{
	struct thread *t = sched_current();

	t->clear_tid = (int *)a1;
	/* musl keeps the value as the thread's tid: it must be positive. */
	return t->tid;
}

SYSCALL(gettid)
{
	return sched_tid();
}

SYSCALL(sched_yield)
{
	sched_yield();
	return 0;
}

/* One CPU: the mask has bit 0.  Linux copies cpumask_size() bytes (one
 * long here) and wants a length that holds them, a multiple of a long. */
static long affinity_target(long pid)
{
	return pid == 0 || pid == UKL_PID || sched_find((int)pid) ? 0 : -ESRCH;
}

SYSCALL(sched_getaffinity)
{
	unsigned long *mask = (unsigned long *)a3;

	if ((size_t)a2 < sizeof(long) || (a2 & (sizeof(long) - 1)))
		return -EINVAL;
	long r = affinity_target(a1);
	if (r)
		return r;
	if (!vm_user_phys((uintptr_t)mask))
		return -EFAULT;
	*mask = 1;
	return sizeof(long);
}

SYSCALL(sched_setaffinity)
{
	const unsigned long *mask = (const unsigned long *)a3;

	long r = affinity_target(a1);
	if (r)
		return r;
	if (!a2 || !vm_user_phys((uintptr_t)mask))
		return -EFAULT;
	/* CPU 0 is the only one: a mask without it has no CPU to run on. */
	return *mask & 1 ? 0 : -EINVAL;
}
