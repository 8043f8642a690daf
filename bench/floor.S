/* SPDX-License-Identifier: MIT */
/*
 * bench/floor.S: the least a PVH kernel can be, for the boot section's
 * floor row (bench/run.sh): QEMU loads it as it loads a ukld image (an ELF
 * with the XEN_ELFNOTE_PHYS32_ENTRY note, through -kernel), runs the same
 * firmware to it, and its one instruction that matters writes 1 to the
 * isa-debug-exit port 0xf4: QEMU exits with status 3, as after a ukld
 * image's exit(0).  QEMU's start to its exit with this image is the part
 * of a boot's wall time that is QEMU's own.
 */
	.section .note.Xen, "a", @note
	.balign 4
	.long	4		/* namesz: "Xen\0" */
	.long	4		/* descsz */
	.long	18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz	"Xen"
	.long	pvh_start	/* the 32-bit physical entry */

	/* Entered in 32-bit protected mode, paging off. */
	.text
	.code32
	.globl	pvh_start
pvh_start:
	movb	$1, %al
	outb	%al, $0xf4
1:	hlt
	jmp	1b

	.section .note.GNU-stack, "", @progbits
