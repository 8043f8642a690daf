/* SPDX-License-Identifier: MIT */
/* Route the `syscall` instruction to syscall_entry.S. */
#include <arch/x86.h>
#include <arch/desc.h>
#include <ukl/arch.h>

extern char syscall_entry[];

void syscall_insn_init(void)
{
	/* STAR[47:32]: CS on syscall (SS = CS + 8).  STAR[63:48] would be
	 * for sysret, which is never used. */
	wrmsr(MSR_STAR, (uint64_t)GDT_KERNEL_CS << 32);
	wrmsr(MSR_LSTAR, (uintptr_t)syscall_entry);
	/* Clear on entry: interrupts, single-step, direction (the C code
	 * assumes DF=0), alignment check. */
	wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}
