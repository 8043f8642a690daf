/* SPDX-License-Identifier: MIT */
/*
 * riscv64: the target's one description (struct ukld_arch, ../../arch.h):
 * its script template, its GNU ld, the `ecall` rewrite (rewrite.c), the
 * flat Image's header (image.c), the system call stub, and its check
 * (check.c) and verify (verify.c) halves.
 */
#include <elf.h>

#include "arch.h"
#include "check_arch.h"
#include "verify.h"

extern const char lds_riscv64[];
long riscv64_rewrite_ecall(struct object *obj, unsigned char *bytes, size_t size);

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

const struct ukld_arch ukld_arch_riscv64 = {
	.name = "riscv64",
	.machine = EM_RISCV,
	.lds = lds_riscv64,
	.ld_bfd = "riscv64-linux-gnu-ld.bfd",
	.bfd_args = arch_bfd_common,
	.lld_args = arch_no_args,
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
	.check = &check_arch_riscv64,
	.verify = &verify_arch_riscv64,
};
