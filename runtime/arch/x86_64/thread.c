/* SPDX-License-Identifier: MIT */
/*
 * x86_64 side of threads (ukl/thread.h, arch/thread.h): the context
 * switch, a clone child's first stack, the interrupt vectors >= 32 and the
 * LAPIC timer, halting when idle.
 */
#include <arch/desc.h>
#include <arch/thread.h>
#include <arch/x86.h>
#include <ukl/arch.h>
#include <ukl/irq.h>
#include <ukl/mm.h>
#include <ukl/syscall.h>
#include <ukl/thread.h>
#include <ukl/time.h>

#define MSR_APIC_BASE 0x1b
#define LAPIC_TPR     0x080
#define LAPIC_EOI     0x0b0
#define LAPIC_SVR     0x0f0
#define LAPIC_LVT_TMR 0x320
#define LAPIC_TMR_ICR 0x380
#define LAPIC_TMR_CCR 0x390
#define LAPIC_TMR_DCR 0x3e0
#define LVT_MASKED    (1u << 16)
#define SVR_ENABLE    (1u << 8)

#define XSTATE_ALL    (~0ull)

extern void x86_switch_stack(uintptr_t *prev_sp, uintptr_t next_sp);
extern char x86_thread_first[], irq_stubs[], irq_timer_stub[], irq_spurious_stub[];

static bool use_xsave;

/* ---- FPU state and FS base -------------------------------------------- */

static void fpu_save(uint8_t *area)
{
	if (use_xsave)
		__asm__ volatile("xsave64 (%0)" :: "r"(area), "a"((uint32_t)XSTATE_ALL),
				 "d"((uint32_t)(XSTATE_ALL >> 32)) : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" :: "r"(area) : "memory");
}

static void fpu_restore(const uint8_t *area)
{
	if (use_xsave)
		__asm__ volatile("xrstor64 (%0)" :: "r"(area), "a"((uint32_t)XSTATE_ALL),
				 "d"((uint32_t)(XSTATE_ALL >> 32)) : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" :: "r"(area) : "memory");
}

void arch_thread_init_main(struct arch_thread *a)
{
	uint32_t r[4];

	use_xsave = read_cr4() & CR4_OSXSAVE;
	if (use_xsave) {
		/* EBX: the save area's size for the features XCR0 enables. */
		cpuid(0xd, 0, r);
		if (r[1] > FPU_AREA_SIZE)
			panic("thread: xsave area of %u bytes", r[1]);
	}
	a->tp = rdmsr(MSR_FS_BASE);
}

void arch_switch(struct arch_thread *prev, struct arch_thread *next)
{
	fpu_save(prev->fpu);
	prev->tp = rdmsr(MSR_FS_BASE);
	fpu_restore(next->fpu);
	wrmsr(MSR_FS_BASE, next->tp);
	x86_switch_stack(&prev->sp, next->sp);
}

__noreturn void arch_switch_final(struct arch_thread *next)
{
	uintptr_t discarded;

	fpu_restore(next->fpu);
	wrmsr(MSR_FS_BASE, next->tp);
	x86_switch_stack(&discarded, next->sp);
	__builtin_unreachable();
}

/* The child's stack, from `stack` down: the 128 bytes syscall_entry steps
 * over, a copy of the parent's syscall frame, and a switch frame whose
 * return address is x86_thread_first: the child leaves through
 * syscall_entry's own return path with %rax = 0 and %rsp = stack. */
int arch_thread_init_clone(struct arch_thread *a, uintptr_t stack, uintptr_t tls,
			   const void *uregs)
{
	struct syscall_frame *f = (struct syscall_frame *)(stack - 128 - sizeof(*f));
	uintptr_t *sw = (uintptr_t *)f - 7;

	if ((stack & 7) || !vm_user_phys(stack - 8) || !arch_virt_to_phys((uintptr_t)sw))
		return -EFAULT;
	*f = *(const struct syscall_frame *)uregs;
	for (int i = 0; i < 6; i++)   /* r15 r14 r13 r12 rbx rbp */
		sw[i] = 0;
	sw[6] = (uintptr_t)x86_thread_first;
	a->sp = (uintptr_t)sw;
	a->tp = tls;
	/* Linux: the child's FPU state is a copy of the parent's.  The
	 * kernel never touches these registers: they hold the parent's. */
	fpu_save(a->fpu);
	return 0;
}

void arch_thread_release(struct arch_thread *a __maybe_unused)
{
}

long x86_syscall_clone(const struct syscall_frame *f);
long x86_syscall_clone(const struct syscall_frame *f)
{
	/* x86_64 order: flags, stack, parent_tid, child_tid, tls. */
	sched_run_signals();
	return thread_clone(f->rdi, f->rsi, (int *)f->rdx, (int *)f->r10, f->r8, f);
}

uintptr_t arch_exit_stack(void)
{
	static uint8_t stack[16384] __attribute__((aligned(16)));
	return (uintptr_t)stack + sizeof(stack);
}

/* ---- interrupts: the LAPIC -------------------------------------------- */

static volatile uint32_t *lapic;
static uint64_t lapic_mult;   /* timer ticks per ns << 32, divide by 1 */

static uint32_t lapic_read(unsigned reg)
{
	return lapic[reg / 4];
}

static void lapic_write(unsigned reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

/* The LAPIC timer's rate is the bus clock (QEMU: 1 GHz): measured once
 * against the monotonic clock, the first time a timer is wanted, so a
 * program that never sleeps with a deadline nor starts a thread pays
 * nothing at boot. */
static void lapic_timer_calibrate(void)
{
	lapic_write(LAPIC_TMR_DCR, 0xb);                 /* divide by 1 */
	lapic_write(LAPIC_LVT_TMR, VEC_TIMER | LVT_MASKED);
	lapic_write(LAPIC_TMR_ICR, 0xffffffffu);
	uint64_t t0 = time_monotonic_ns(), t1;
	while ((t1 = time_monotonic_ns()) - t0 < 1000000)
		arch_relax();
	uint32_t left = lapic_read(LAPIC_TMR_CCR);
	lapic_write(LAPIC_TMR_ICR, 0);
	/* At most 2^32 ticks in about 1 ms: the shift does not overflow. */
	lapic_mult = ((uint64_t)(0xffffffffu - left) << 32) / (t1 - t0);
	if (!lapic_mult)
		panic("lapic: timer does not count");
	lapic_write(LAPIC_LVT_TMR, VEC_TIMER);           /* one-shot */
}

void arch_timer_set(uint64_t deadline)
{
	if (!deadline) {
		if (lapic_mult)
			lapic_write(LAPIC_TMR_ICR, 0);
		return;
	}
	if (!lapic_mult)
		lapic_timer_calibrate();
	uint64_t now = time_monotonic_ns();
	uint64_t ns = deadline > now ? MIN(deadline - now, 4 * NSEC_PER_SEC) : 0;
	uint64_t ticks = (uint64_t)(((unsigned __int128)ns * lapic_mult) >> 32);
	/* A far deadline fires early and the handler sets the rest. */
	lapic_write(LAPIC_TMR_ICR, ticks >= 0xffffffffu ? 0xffffffffu : ticks ? (uint32_t)ticks : 1);
}

void x86_irq(uint64_t vector, uintptr_t *rip);
void x86_irq(uint64_t vector, uintptr_t *rip)
{
	if (vector == VEC_TIMER) {
		lapic_write(LAPIC_EOI, 0);
		ktimer_run_due();
	} else {
		irq_dispatch((unsigned)(vector - IRQ_VECTOR_BASE));
		lapic_write(LAPIC_EOI, 0);
	}
	sched_irq_exit(rip);
}

void arch_interrupts_init(void)
{
	for (int g = 0; g < IRQ_LINES; g++)
		idt_set_gate(IRQ_VECTOR_BASE + g, (uintptr_t)irq_stubs + 16 * g, IST_IRQ);
	idt_set_gate(VEC_TIMER, (uintptr_t)irq_timer_stub, IST_IRQ);
	idt_set_gate(VEC_SPURIOUS, (uintptr_t)irq_spurious_stub, IST_IRQ);

	/* The 8259s: every line masked (their vectors would collide with
	 * the exceptions); devices come through the I/O APIC. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);

	/* xAPIC registers through the direct map (it covers 0-4 GiB). */
	lapic = phys_to_virt(rdmsr(MSR_APIC_BASE) & 0xfffff000ull);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
	__asm__ volatile("sti" ::: "memory");
}

void arch_idle(void)
{
	/* sti's one-instruction shadow: no interrupt between it and hlt. */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}
