/* SPDX-License-Identifier: MIT */
/*
 * riscv64: the address map, the CSRs and the few instructions the runtime
 * uses.  QEMU's virt machine (hw/riscv/virt.c) puts RAM at 0x80000000;
 * OpenSBI (fw_dynamic, QEMU's default firmware) takes its first 2 MiB and
 * starts the image at 0x80200000 in S-mode, paging off, a0 = hart id,
 * a1 = physical address of the device tree.
 */
#ifndef ARCH_RISCV_H
#define ARCH_RISCV_H

/* The image runs at KERNEL_VMA + (physical address - KERNEL_PHYS): the top
 * 2 GiB of the Sv39 address space maps the first 2 GiB of RAM. */
#define KERNEL_VMA      0xffffffff80000000
#define KERNEL_PHYS     0x80000000
#define KERNEL_OFFSET   (KERNEL_VMA - KERNEL_PHYS)
/* All of the first 4 GiB of the physical address space (RAM and devices),
 * 1 GiB pages: the bottom of the upper half. */
#define DIRECT_MAP_BASE 0xffffffc000000000

/* Sv39 */
#define SATP_SV39   (8ul << 60)
#define PTE_V (1ul << 0)
#define PTE_R (1ul << 1)
#define PTE_W (1ul << 2)
#define PTE_X (1ul << 3)
#define PTE_U (1ul << 4)
#define PTE_G (1ul << 5)
#define PTE_A (1ul << 6)
#define PTE_D (1ul << 7)
#define PTE_PPN_SHIFT 10

/* sstatus */
#define SSTATUS_SIE  (1ul << 1)
#define SSTATUS_SPIE (1ul << 5)
#define SSTATUS_SPP  (1ul << 8)
#define SSTATUS_FS   (3ul << 13)
#define SSTATUS_FS_INITIAL (1ul << 13)
#define SSTATUS_SUM  (1ul << 18)

/* scause of an exception (interrupts have the top bit set) */
#define CAUSE_BREAKPOINT        3
#define CAUSE_FETCH_PAGE_FAULT  12
#define CAUSE_LOAD_PAGE_FAULT   13
#define CAUSE_STORE_PAGE_FAULT  15   /* stores and AMOs */

#ifndef __ASSEMBLER__
#include <stdint.h>

#define csr_read(csr) ({ unsigned long v_;                                    \
	__asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" :: "rK"(v) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" :: "rK"(v) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" :: "rK"(v) : "memory")

static inline void sfence_vma(uintptr_t va)
{
	__asm__ volatile("sfence.vma %0, zero" :: "r"(va) : "memory");
}
static inline void sfence_vma_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

static inline uint64_t rdtime(void)
{
	uint64_t v;
	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

static inline __attribute__((noreturn)) void halt_forever(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
	for (;;)
		__asm__ volatile("wfi");
}

/* mmu.c: the leaf entry that maps va, at any level; 0 if there is none. */
uint64_t mmu_leaf(uintptr_t va);

/* Device registers through the direct map. */
static inline volatile void *mmio(uint64_t pa)
{
	return (volatile void *)(DIRECT_MAP_BASE + pa);
}
#endif

#endif
