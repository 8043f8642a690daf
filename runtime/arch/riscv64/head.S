/* SPDX-License-Identifier: MIT */
/*
 * Entry from OpenSBI (fw_dynamic): S-mode, paging off, interrupts off,
 * a0 = hart id, a1 = physical address of the device tree, at the physical
 * address the image was loaded to (0x80200000).  The code is
 * position-independent (-mcmodel=medany, `lla`), so it runs there until
 * paging is on.
 *
 * Boot page table (Sv39, 1 GiB pages, R W X, built here in .bss), in use
 * only until mmu_init() switches to the kernel's own (mmu.c: the image in
 * 4 KiB pages with its segments' permissions, the direct map not
 * executable, no identity map):
 *   [2..3]     identity 0x80000000-0xffffffff: this code, until the jump
 *   [256..259] direct map DIRECT_MAP_BASE -> 0-4 GiB (RAM and devices)
 *   [510..511] top 2 GiB KERNEL_VMA -> 0x80000000-0xffffffff (the image)
 */
#include <arch/riscv.h>

#define GIGA_PTE(pa) ((((pa) >> 12) << PTE_PPN_SHIFT) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

	.section .head.text, "ax"
/*
 * The Linux RISC-V Image header (Documentation/riscv/boot-image-header.rst),
 * first in the image: the firmware (and U-Boot's booti) starts at its first
 * byte, code0, which jumps over it.  The flat Image ukld writes
 * (--image) is the loaded segments from here on; a loader of it reads
 * nothing else, so everything the runtime needs is in those bytes.
 */
	.globl _start_image
_start_image:
.option push
.option norvc
	j	_start_kernel		/* code0 */
.option pop
	.word	0			/* code1 */
	.dword	0x200000		/* text_offset: from the start of RAM */
	.dword	__ukl_image_size	/* image_size, .bss included */
	.dword	0			/* flags: little-endian */
	.word	2			/* version 0.2 */
	.word	0			/* res1 */
	.dword	0			/* res2 */
	.ascii	"RISCV\0\0\0"		/* magic (deprecated) */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0			/* res3: no PE/COFF header */

	.globl _start_kernel
_start_kernel:
	/* The cycle counter at the kernel's first instruction, for make
	 * bench (under QEMU's -icount, instructions since reset): in .data,
	 * which is in the file, so it may be written before .bss is cleared
	 * and before paging (lla gives its physical address now). */
	rdcycle	t0
	lla	t1, __ukl_boot_tsc
	sd	t0, 0(t1)
	csrw	sie, zero
	csrw	stvec, zero
	mv	s0, a1

	/* Clear .bss ourselves: a flat Image has none in the file, and
	 * U-Boot's booti moves image_size bytes, garbage past the file.  64
	 * bytes a turn (the script aligns both ends to 64); the .noinit part
	 * after __bss_end, lwIP's pools and stacks, is left as it is. */
	lla	t0, __bss_start
	lla	t1, __bss_end
	j	2f
1:	sd	zero, 0(t0)
	sd	zero, 8(t0)
	sd	zero, 16(t0)
	sd	zero, 24(t0)
	sd	zero, 32(t0)
	sd	zero, 40(t0)
	sd	zero, 48(t0)
	sd	zero, 56(t0)
	addi	t0, t0, 64
2:	bltu	t0, t1, 1b
	lla	t0, boot_pgd
	li	t5, 510*8
	add	t5, t0, t5
	/* identity, and the top 2 GiB */
	li	t1, GIGA_PTE(0x80000000)
	sd	t1, 2*8(t0)
	sd	t1, 0(t5)
	li	t1, GIGA_PTE(0xc0000000)
	sd	t1, 3*8(t0)
	sd	t1, 8(t5)
	/* the direct map: 4 entries from 256, 1 GiB apart */
	li	t1, GIGA_PTE(0)
	li	t2, (1 << 30) >> 12 << PTE_PPN_SHIFT
	li	t3, 256*8
	add	t3, t0, t3
	li	t4, 260*8
	add	t4, t0, t4
3:	sd	t1, 0(t3)
	add	t1, t1, t2
	addi	t3, t3, 8
	bltu	t3, t4, 3b

	/* Paging on; then continue at the same code in the top 2 GiB. */
	srli	t1, t0, 12
	li	t2, SATP_SV39
	or	t1, t1, t2
	lla	t3, 4f
	li	t2, KERNEL_OFFSET
	add	t3, t3, t2
	sfence.vma
	csrw	satp, t1
	sfence.vma
	jr	t3
4:
	lla	sp, boot_stack_top
	/* gp: what the libc's _start sets it to, so code relaxed to gp-relative
	 * addressing (GNU ld) works in bare programs too.  The kernel itself
	 * is built -mno-relax and never uses it. */
.option push
.option norelax
	lla	gp, __global_pointer$
.option pop
	mv	tp, zero
	mv	a0, s0
	call	kmain
5:	wfi
	j	5b

	.data
	.balign 8
	.globl	__ukl_boot_tsc
__ukl_boot_tsc:
	.dword	0
	.pushsection .ukl.exports, "a"
	.asciz	"__ukl_boot_tsc"
	.popsection

	.bss
	.balign 4096
	.globl boot_pgd
boot_pgd:
	.skip	4096
	/* The boot stack needs no clearing. */
	.section .noinit, "aw", @nobits
	.balign 16
boot_stack:
	.skip	16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
