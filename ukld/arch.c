/* SPDX-License-Identifier: MIT */
/* The targets ukld links for: each is described once, in
 * arch/<arch>/arch.c (struct ukld_arch, arch.h); this is their list. */
#include <elf.h>

#include "arch.h"

const char *const arch_bfd_common[] = {
	"--no-warn-rwx-segments", "--no-warn-execstack", NULL
};
const char *const arch_no_args[] = { NULL };

const struct ukld_arch *const ukld_arches[] = {
	&ukld_arch_x86_64,
	&ukld_arch_riscv64,
	NULL
};

const struct ukld_arch *arch_for_machine(unsigned machine)
{
	for (const struct ukld_arch *const *a = ukld_arches; *a; a++)
		if ((*a)->machine == machine)
			return *a;
	return NULL;
}
