/* SPDX-License-Identifier: MIT */
/*
 * PVH entry: QEMU (and Xen, Firecracker, cloud-hypervisor) jump to the
 * physical address in the XEN_ELFNOTE_PHYS32_ENTRY note with
 *   32-bit protected mode, paging off, flat CS/DS, interrupts off,
 *   %ebx = physical address of struct hvm_start_info, no stack.
 * The image is linked at KERNEL_VMA + physical address, so until paging is
 * on every symbol is used as PA(sym).
 *
 * Boot page tables (2 MiB pages, built here in .bss):
 *   PML4[0]   -> boot_pdpt_dm : identity 0-4 GiB, only until mmu_init()
 *   PML4[273] -> boot_pdpt_dm : direct map 0xffff888000000000 -> 0-4 GiB
 *   PML4[511] -> boot_pdpt_k  : top 2 GiB -> 0-2 GiB (-mcmodel=kernel)
 * The same four page directories (boot_pd, 2048 entries) serve all three.
 */
#define KERNEL_VMA 0xffffffff80000000
#define PA(x) ((x) - KERNEL_VMA)

#define PTE_P   0x1
#define PTE_W   0x2
#define PTE_PS  0x80
#define X86_CR0_PE 0x1
#define X86_CR0_WP 0x10000
#define X86_CR0_PG 0x80000000
#define X86_CR4_PAE 0x20
#define MSR_EFER 0xc0000080
#define EFER_BITS ((1 << 0) | (1 << 8) | (1 << 11)) /* SCE | LME | NXE */

	.section .head.text, "ax"
	.code32
	.globl pvh_start
pvh_start:
	/* The TSC at the kernel's first instruction, for bench/: under QEMU's
	 * -icount it counts guest instructions since reset.  Kept in .data. */
	rdtsc
	movl	%eax, PA(__ukl_boot_tsc)
	movl	%edx, PA(__ukl_boot_tsc) + 4
	cli
	cld
	movl	%ebx, PA(boot_pvh_info)

	/* The .bss (the page tables and stack below live there) is zero
	 * already: PVH loads an ELF, and an ELF loader fills a PT_LOAD
	 * segment's memory past its file bytes with zeros (QEMU's -kernel
	 * does, as do Firecracker's and Xen's loaders).  Clearing it here
	 * again cost one instruction per 4 bytes: 0.8 million of the boot
	 * with lwIP's pools. */
	movl	$PA(boot_stack_top), %esp

	/* 2048 2 MiB pages covering 0-4 GiB. */
	movl	$PA(boot_pd), %edi
	movl	$(PTE_P | PTE_W | PTE_PS), %eax
	xorl	%edx, %edx
	movl	$2048, %ecx
1:	movl	%eax, (%edi)
	movl	%edx, 4(%edi)
	addl	$0x200000, %eax
	adcl	$0, %edx
	addl	$8, %edi
	loop	1b

	/* The four page directories in boot_pdpt_dm. */
	movl	$PA(boot_pdpt_dm), %edi
	movl	$(PA(boot_pd) + PTE_P + PTE_W), %eax
	movl	$4, %ecx
2:	movl	%eax, (%edi)
	addl	$4096, %eax
	addl	$8, %edi
	loop	2b

	/* Top 2 GiB: the first two of them. */
	movl	$(PA(boot_pd) + PTE_P + PTE_W), PA(boot_pdpt_k) + 510 * 8
	movl	$(PA(boot_pd) + 4096 + PTE_P + PTE_W), PA(boot_pdpt_k) + 511 * 8

	movl	$(PA(boot_pdpt_dm) + PTE_P + PTE_W), PA(boot_pml4)
	movl	$(PA(boot_pdpt_dm) + PTE_P + PTE_W), PA(boot_pml4) + 273 * 8
	movl	$(PA(boot_pdpt_k) + PTE_P + PTE_W), PA(boot_pml4) + 511 * 8

	/* PAE, then the tables, then long mode (+NX, +syscall), then paging. */
	movl	%cr4, %eax
	orl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$PA(boot_pml4), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_BITS, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
	movl	%eax, %cr0

	/* In compatibility mode now; a far jump to a 64-bit code segment. */
	lgdt	PA(boot_gdt_desc32)
	ljmp	$0x08, $PA(long_entry)

	.code64
long_entry:
	/* Still running at the physical address: go to the higher half. */
	movabsq	$higher_half, %rax
	jmp	*%rax
higher_half:
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp
	movl	boot_pvh_info(%rip), %edi
	call	kmain
	ud2

	/* The boot GDT: null, 64-bit code 0x08, data 0x10 (trap_init replaces
	 * it with one that has a TSS). */
	.section .rodata, "a"
	.balign 8
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff
	.quad	0x00cf92000000ffff
boot_gdt_end:
boot_gdt_desc32:
	.word	boot_gdt_end - boot_gdt - 1
	.long	PA(boot_gdt)

	.data
	.balign 8
boot_pvh_info:
	.quad	0
	.globl	__ukl_boot_tsc
__ukl_boot_tsc:
	.quad	0
	.pushsection .ukl.exports, "a"
	.asciz	"__ukl_boot_tsc"
	.popsection

	.section .bss, "aw", @nobits
	.balign 4096
	.globl boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_dm:	.skip 4096
	.globl boot_pdpt_k
boot_pdpt_k:	.skip 4096
boot_pd:	.skip 4 * 4096
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:

	/* The PVH note: QEMU reads its 32-bit physical entry address.  It must
	 * stay 4-byte aligned (see lds/x86_64.lds.in). */
	.section .note.Xen, "a", @note
	.balign 4
	.long	2f - 1f		/* namesz */
	.long	4f - 3f		/* descsz */
	.long	18		/* XEN_ELFNOTE_PHYS32_ENTRY */
1:	.asciz	"Xen"
2:	.balign 4
3:	.long	PA(pvh_start)
4:	.balign 4

	.section .note.GNU-stack, "", @progbits
