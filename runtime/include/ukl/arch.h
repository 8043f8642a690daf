/* SPDX-License-Identifier: MIT */
/*
 * The interface every architecture implements under runtime/arch/<arch>/.
 * Common code (main.c, syscall.c, vm.c, proc.c, ...) only calls these.
 */
#ifndef UKL_ARCH_H
#define UKL_ARCH_H

#include <ukl/kernel.h>

struct boot_info;

/* Boot console. */
void console_init(void);
void arch_console_putc(char c);
/* The console's next received byte, or -1 if none has arrived (polled). */
int arch_console_getc(void);
/* The console UART's interrupt line (ukl/irq.h's numbering), and its
 * received-data interrupt on or off (off at boot). */
unsigned arch_console_irq_line(void);
void arch_console_rx_irq(bool on);
/* Read the boot loader's hand-over (PVH start info, device tree, ...). */
void boot_info_init(uintptr_t boot_arg, struct boot_info *bi);
/* Descriptor tables and exception vectors. */
void trap_init(void);
/* Floating point / vector unit, off until the application needs it. */
void fpu_init(void);
/* The system call instruction executed by the application in kernel mode. */
void syscall_insn_init(void);
/* Kernel page tables once the frame allocator runs. */
void mmu_init(void);
/* Clock source: counter frequency and wall time at boot; returns where
 * the frequency came from, for ukl.clockinfo. */
const char *arch_time_init(uint64_t *counter_hz, int64_t *boot_epoch_sec);
uint64_t arch_counter(void);
/* Entropy: a hardware random word, if there is a source. */
bool arch_random(uint64_t *out);
/* Pause the CPU inside a busy-wait loop. */
void arch_relax(void);

/* Pages of the application address space (4 KiB). */
#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4
int arch_map_page(uintptr_t va, uint64_t pa, int prot);
/* Returns the physical frame that was mapped (0: nothing was) and, if prot
 * is not NULL, its protection. */
uint64_t arch_unmap_page(uintptr_t va, int *prot);
/* Is there a page at va (PROT_NONE pages included)? */
bool arch_page_mapped(uintptr_t va);
int arch_protect_page(uintptr_t va, int prot);
/* Physical address behind va, 0 if not accessible (any mapping, kernel's
 * too). */
uint64_t arch_virt_to_phys(uintptr_t va);
/* Physical memory through the direct map. */
void *phys_to_virt(uint64_t pa);
/* Zero the 4 KiB page at P (page-aligned): every frame handed out is. */
void arch_zero_page(void *p);

/* Thread pointer of the application (FS base on x86_64). */
void arch_set_tp(uintptr_t tp);
uintptr_t arch_get_tp(void);

/* Enter the application's entry with sp at argc, like a process. */
__noreturn void arch_enter_app(uintptr_t entry, uintptr_t sp);
/* Switch to stack sp and call fn(arg); fn must not return. */
__noreturn void arch_call_on_stack(void (*fn)(void *), void *arg, uintptr_t sp);

/* End the machine with status (UKL_EXIT_FAULT for faults/panics). */
__noreturn void arch_exit(int status);

/* Machine name for uname and AT_PLATFORM. */
extern const char arch_machine[];
/* AT_HWCAP. */
unsigned long arch_hwcap(void);

#endif
