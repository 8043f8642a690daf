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

const struct ukld_arch ukld_arch_x86_64 = {
	.name = "x86_64",
	.machine = EM_X86_64,
	.lds = lds_x86_64,
	.ld_bfd = "ld.bfd",
	.bfd_args = bfd_common,
	.lld_args = none,
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
};

const struct ukld_arch *arch_for_machine(unsigned machine)
{
	if (machine == EM_X86_64)
		return &ukld_arch_x86_64;
	if (machine == EM_RISCV)
		return &ukld_arch_riscv64;
	return NULL;
}
