/* SPDX-License-Identifier: MIT */
/*
 * The ELF layer (ukld/elf/): the only code of ukld that speaks libelf.
 * Objects and archives are read by input.c, linked images by image.c, the
 * relocated DWARF by dwarf.c; the prefixed application is written by
 * write.c.  The passes see ukld's own structures (input.h, image.h) with
 * the ELF types and constants of <elf.h>.
 *
 * This file: the library's start and its last error, for messages.
 */
#include <libelf.h>

#include "warn.h"

int ukld_elf_init(void)
{
	return elf_version(EV_CURRENT) == EV_NONE ? -1 : 0;
}

const char *ukld_elf_errmsg(void)
{
	return elf_errmsg(-1);
}
