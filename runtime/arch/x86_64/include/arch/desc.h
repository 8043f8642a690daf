/* SPDX-License-Identifier: MIT */
/* Segment selectors, IST slots and the saved state of an exception. */
#ifndef ARCH_DESC_H
#define ARCH_DESC_H

#include <stdint.h>

#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_TSS       0x18

/* IST slots (1-based in the IDT, 0-based in tss.ist[]). */
#define IST_EXCEPTION 1   /* every exception but the two below */
#define IST_DOUBLE    2   /* #DF: a fault while delivering a fault */
#define IST_NMI_MCE   3   /* NMI and #MC may hit at any time */
#define IST_IRQ       4   /* interrupts, only to move to the interrupted
			     stack (irq_entry.S) */
#define IST_COUNT     4

/* Pushed by trap_entry.S: registers, vector, error code, then the CPU's
 * frame.  Field order is the reverse of the push order. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

void gdt_init(void);
void idt_init(void);

#endif
