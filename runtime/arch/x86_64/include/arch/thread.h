/* SPDX-License-Identifier: MIT */
/*
 * x86_64 thread state and interrupt vectors.
 *
 * A thread's callee-saved registers are pushed on its own stack by
 * switch.S (sp points at them); its FS base (the TLS pointer) and its
 * x87/SSE/AVX state (xsave, or fxsave without XSAVE) are kept here:
 * a thread may be preempted in the middle of using them.
 *
 * Vectors: 0-31 exceptions (IST stacks, idt.c); 32 + g for interrupt line
 * g (ukl/irq.h: the I/O APIC's GSI g), g < IRQ_LINES: whoever programs the
 * I/O APIC (arch_irq_route) sends GSI g to vector IRQ_VECTOR_BASE + g,
 * edge or level, fixed delivery to this CPU's LAPIC; the stub calls
 * irq_dispatch(g) and then signals EOI to the LAPIC.  The LAPIC timer has
 * VEC_TIMER, spurious interrupts VEC_SPURIOUS.  None of these use an IST
 * stack: they push on the interrupted thread's stack (the application runs
 * at ring 0 and is built without a red zone), which is what lets the
 * handler switch threads.
 */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include <stdint.h>

#define IRQ_VECTOR_BASE 32
#define VEC_TIMER       0xef
#define VEC_SPURIOUS    0xff

#define FPU_AREA_SIZE 1024

struct arch_thread {
	uintptr_t sp;        /* its callee-saved registers and return address */
	uintptr_t tp;        /* FS base */
	uint8_t fpu[FPU_AREA_SIZE] __attribute__((aligned(64)));
};

/* What syscall_entry.S pushes for clone (lowest address first): the
 * registers the `syscall` instruction's caller had; rip in rcx, RFLAGS in
 * r11.  Other calls push only from rbx up. */
struct syscall_frame {
	uint64_t r15, r14, r13, r12, rbp, rbx, r9, r8, r10, rdx, rsi, rdi, r11, rcx;
};

void idt_set_gate(int vector, uintptr_t handler, int ist);

#endif
