/* SPDX-License-Identifier: MIT */
/*
 * Device interrupts.  A driver attaches a handler to a platform interrupt
 * line: on x86_64 a GSI of the I/O APIC (pc: the ISA IRQs 0-15 and PCI's
 * INTx lines 16-23 as the MP/ACPI tables or PCI's Interrupt Line say;
 * microvm: virtio-mmio's lines), on riscv64 a PLIC source (virt: virtio-mmio
 * 1-8, the UART 10).  Handlers run with interrupts off, on the interrupted
 * thread's stack, and must be short: acknowledge the device, move data,
 * waitq_wake().
 *
 * runtime/irq.c keeps the table; the arch's interrupt controller code routes
 * and unmasks a line (arch_irq_route) and its interrupt entry calls
 * irq_dispatch.  Until a line's interrupt is wired, irq_poll_all() (called by
 * the idle loop) runs every handler, so a driver also works by polling.
 */
#ifndef UKL_IRQ_H
#define UKL_IRQ_H

#include <ukl/kernel.h>

#define IRQ_LINES 64

typedef void irq_handler_fn(void *arg);

/* 0, or -EBUSY (line taken) / -EINVAL (out of range). */
int irq_attach(unsigned line, irq_handler_fn *fn, void *arg);
/* The arch's interrupt entry: run line's handler. */
void irq_dispatch(unsigned line);
/* Run every attached handler (polling fallback). */
void irq_poll_all(void);

/* Arch: route line to the CPU and unmask it; false if this platform
 * cannot (the line is then only polled). */
bool arch_irq_route(unsigned line);
/* riscv64: the trap path's entry for a supervisor external interrupt
 * (scause 9): claim each pending PLIC source, irq_dispatch it, complete. */
void arch_external_irq(void);

#endif
