/* SPDX-License-Identifier: MIT */
/*
 * riscv64 side of threads (ukl/thread.h, arch/thread.h): the context
 * switch, a clone child's trap stack and first frame, the supervisor timer
 * (SBI set_timer) and interrupt entry, waiting for an interrupt.
 */
#include <arch/dt.h>
#include <arch/riscv.h>
#include <arch/syscall_nr.h>
#include <arch/thread.h>
#include <arch/trap.h>
#include <ukl/arch.h>
#include <ukl/mm.h>
#include <ukl/syscall.h>
#include <ukl/thread.h>
#include <ukl/time.h>

#define SIE_STIE (1ul << 5)
#define SIE_SEIE (1ul << 9)
#define IRQ_S_TIMER    5
#define IRQ_S_EXTERNAL 9
#define SBI_EXT_TIME   0x54494d45
/* A thread's trap stack: system calls made with `ebreak` run there. */
#define KSTACK_SIZE (32ul << 10)

extern void riscv_switch_stack(uintptr_t *prev_sp, uintptr_t next_sp);
extern void riscv_fpu_save(uint64_t *area);
extern void riscv_fpu_restore(const uint64_t *area);
extern char riscv_thread_first[];

void arch_thread_init_main(struct arch_thread *a)
{
	a->tp = arch_get_tp();
}

static void load(const struct arch_thread *next)
{
	riscv_fpu_restore(next->f);
	csr_write(sscratch, next->sscratch);
	arch_set_tp(next->tp);
}

void arch_switch(struct arch_thread *prev, struct arch_thread *next)
{
	riscv_fpu_save(prev->f);
	prev->sscratch = csr_read(sscratch);
	prev->tp = arch_get_tp();
	load(next);
	riscv_switch_stack(&prev->sp, next->sp);
}

__noreturn void arch_switch_final(struct arch_thread *next)
{
	uintptr_t discarded;

	load(next);
	riscv_switch_stack(&discarded, next->sp);
	__builtin_unreachable();
}

/* The child's trap stack (a guard page below it) holds, from the top: a
 * copy of the parent's trap frame returning 0 to the instruction after the
 * `ebreak` with sp = stack and tp = tls, then a switch frame whose ra is
 * riscv_thread_first (the trap return path). */
int arch_thread_init_clone(struct arch_thread *a, uintptr_t stack, uintptr_t tls,
			   const void *uregs)
{
	uintptr_t base = vm_alloc(KSTACK_SIZE + PAGE_SIZE, PROT_READ | PROT_WRITE);

	if (!base)
		return -EAGAIN;
	arch_protect_page(base, PROT_NONE);
	uintptr_t top = base + PAGE_SIZE + KSTACK_SIZE;
	struct trap_frame *f = (struct trap_frame *)(top - sizeof(*f));
	*f = *(const struct trap_frame *)uregs;
	f->a0 = 0;
	f->sp = stack;
	f->tp = tls;
	uintptr_t *sw = (uintptr_t *)f - 14;
	for (int i = 0; i < 14; i++)
		sw[i] = 0;
	sw[0] = (uintptr_t)riscv_thread_first;
	a->sp = (uintptr_t)sw;
	a->tp = tls;
	a->sscratch = 0;       /* it starts inside the handler; trap_return
				* sets the top (the parent's frame was outer) */
	a->kstack = base;
	/* Linux: the child's FPU state is a copy of the parent's (the
	 * kernel's code never touches these registers). */
	riscv_fpu_save(a->f);
	return 0;
}

void arch_thread_release(struct arch_thread *a)
{
	if (a->kstack)
		vm_unmap(a->kstack, KSTACK_SIZE + PAGE_SIZE);
	a->kstack = 0;
	/* The thread ending is the current one (sched_exit_current, on the
	 * exit stack): sscratch still points at the trap stack just
	 * unmapped, and an interrupt taken while schedule() idles for the
	 * next thread would push its frame there.  0 makes it a nested trap,
	 * which pushes below the exit stack's sp (trap_entry.S). */
	csr_write(sscratch, 0);
}

long riscv_syscall_clone(struct trap_frame *f);
long riscv_syscall_clone(struct trap_frame *f)
{
	/* asm-generic order: flags, stack, parent_tid, tls, child_tid. */
	sched_run_signals();
	return thread_clone(f->a0, f->a1, (int *)f->a2, (int *)f->a4, f->a3, f);
}

uintptr_t arch_exit_stack(void)
{
	static uint8_t stack[16384] __attribute__((aligned(16), noinit));
	return (uintptr_t)stack + sizeof(stack);
}

/* ---- interrupts --------------------------------------------------------- */

static void sbi_set_timer(uint64_t stime)
{
	register uint64_t a0 __asm__("a0") = stime;
	register uint64_t a6 __asm__("a6") = 0;
	register uint64_t a7 __asm__("a7") = SBI_EXT_TIME;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a6), "r"(a7) : "a1", "memory");
}

void arch_timer_set(uint64_t deadline)
{
	if (!deadline) {
		sbi_set_timer(~0ull);
		return;
	}
	uint64_t now = time_monotonic_ns();
	uint64_t ns = deadline > now ? MIN(deadline - now, 4 * NSEC_PER_SEC) : 0;
	sbi_set_timer(rdtime() + ns * dt_timebase_hz / NSEC_PER_SEC + 1);
}

__attribute__((weak)) void arch_external_irq(void)
{
}

void riscv_interrupt(uint64_t cause, uintptr_t *epc);
void riscv_interrupt(uint64_t cause, uintptr_t *epc)
{
	if (cause == IRQ_S_TIMER) {
		/* The SBI clears the pending bit when the timer is set again
		 * (ktimer_run_due does: next deadline, or never). */
		sbi_set_timer(~0ull);
		ktimer_run_due();
	} else if (cause == IRQ_S_EXTERNAL) {
		arch_external_irq();
	}
	sched_irq_exit(epc);
}

void arch_interrupts_init(void)
{
	sbi_set_timer(~0ull);
	csr_set(sie, SIE_STIE | SIE_SEIE);
	csr_set(sstatus, SSTATUS_SIE);
}

void arch_idle(void)
{
	/* wfi returns once an enabled interrupt is pending, even with SIE
	 * clear: then open the window for it to be taken. */
	__asm__ volatile("wfi" ::: "memory");
	csr_set(sstatus, SSTATUS_SIE);
	csr_clear(sstatus, SSTATUS_SIE);
}
