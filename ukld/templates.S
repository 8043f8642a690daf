/* The linker script templates, built into ukld so it needs no data files. */
	.section .rodata
	.globl lds_x86_64
lds_x86_64:
	.incbin "lds/x86_64.lds.in"
	.byte 0
	.globl lds_riscv64
lds_riscv64:
	.incbin "lds/riscv64.lds.in"
	.byte 0
	.section .note.GNU-stack,"",@progbits
