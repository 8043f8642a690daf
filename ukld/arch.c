/* SPDX-License-Identifier: MIT */
/* The targets' descriptions (arch.h); riscv64's code rewrite is in
 * arch_riscv64.c, its Image header check in arch_riscv64_image.c.
 * x86_64 has no flat image: QEMU boots the ELF through its PVH note,
 * which a flat binary would not carry. */
#include <gelf.h>

#include "arch.h"

extern const char lds_x86_64[], lds_riscv64[];
long riscv64_rewrite_ecall(struct object *obj, unsigned char *bytes, size_t size);

static const char *const bfd_common[] = {
	"--no-warn-rwx-segments", "--no-warn-execstack", NULL
};
static const char *const none[] = { NULL };

/*
 * x86_64: __ukl_sys_<nr>(a1..a6) in %rdi %rsi %rdx %rcx %r8 %r9 calls
 * __ukl_syscall(nr, a1..a6): every argument one register up, a6 the
 * seventh, on the stack.  Pushing it also keeps the stack 16-aligned at
 * the call (it was 8 off after our caller's call); the pop after it drops
 * it into %rcx, a scratch register.
 */
static const unsigned char stub_x86_64[] = {
	0x41, 0x51,                     /* push %r9          a6: 7th argument */
	0x4d, 0x89, 0xc1,               /* mov  %r8, %r9     a5 */
	0x49, 0x89, 0xc8,               /* mov  %rcx, %r8    a4 */
	0x48, 0x89, 0xd1,               /* mov  %rdx, %rcx   a3 */
	0x48, 0x89, 0xf2,               /* mov  %rsi, %rdx   a2 */
	0x48, 0x89, 0xfe,               /* mov  %rdi, %rsi   a1 */
	0xbf, 0, 0, 0, 0,               /* mov  $nr, %edi */
	0xe8, 0, 0, 0, 0,               /* call __ukl_syscall */
	0x59,                           /* pop  %rcx */
	0xc3,                           /* ret */
};

/*
 * riscv64: a0..a5 move to a1..a6, a0 takes the number, and a tail call
 * (auipc+jalr through t1, which R_RISCV_CALL_PLT covers as a pair) lets
 * __ukl_syscall return to our caller.  Plain 32-bit encodings: the number
 * is the 12-bit immediate of `addi a0, zero, nr`.
 */
static const unsigned char stub_riscv64[] = {
	0x13, 0x88, 0x07, 0x00,         /* addi a6, a5, 0 */
	0x93, 0x07, 0x07, 0x00,         /* addi a5, a4, 0 */
	0x13, 0x87, 0x06, 0x00,         /* addi a4, a3, 0 */
	0x93, 0x06, 0x06, 0x00,         /* addi a3, a2, 0 */
	0x13, 0x86, 0x05, 0x00,         /* addi a2, a1, 0 */
	0x93, 0x05, 0x05, 0x00,         /* addi a1, a0, 0 */
	0x13, 0x05, 0x00, 0x00,         /* addi a0, zero, nr */
	0x17, 0x03, 0x00, 0x00,         /* auipc t1, %hi(__ukl_syscall) */
	0x67, 0x00, 0x03, 0x00,         /* jalr zero, %lo(...)(t1) */
};

const struct ukld_arch ukld_arch_x86_64 = {
	.name = "x86_64",
	.machine = EM_X86_64,
	.lds = lds_x86_64,
	.ld_bfd = "ld.bfd",
	.bfd_args = bfd_common,
	.lld_args = none,
	.stub = stub_x86_64,
	.stub_size = sizeof(stub_x86_64),
	.stub_align = 16,
	.stub_nr_off = 18,
	.stub_nr_shift = 0,
	.stub_nr_max = 0x7fffffff,
	.stub_call_off = 23,
	.stub_call_rtype = R_X86_64_PLT32,
	.stub_call_addend = -4,
};

const struct ukld_arch ukld_arch_riscv64 = {
	.name = "riscv64",
	.machine = EM_RISCV,
	.lds = lds_riscv64,
	.ld_bfd = "riscv64-linux-gnu-ld.bfd",
	.bfd_args = bfd_common,
	.lld_args = none,
	.rewrite_code = riscv64_rewrite_ecall,
	.rewrite_what = "`ecall` rewritten to `ebreak`",
	.flat_name = "Linux RISC-V Image",
	.flat_check = riscv64_image_header_check,
	.stub = stub_riscv64,
	.stub_size = sizeof(stub_riscv64),
	.stub_align = 4,
	.stub_nr_off = 24,
	.stub_nr_shift = 20,
	.stub_nr_max = 2047,
	.stub_call_off = 28,
	.stub_call_rtype = R_RISCV_CALL_PLT,
	.stub_call_addend = 0,
};

const struct ukld_arch *arch_for_machine(unsigned machine)
{
	if (machine == EM_X86_64)
		return &ukld_arch_x86_64;
	if (machine == EM_RISCV)
		return &ukld_arch_riscv64;
	return NULL;
}
