/* SPDX-License-Identifier: MIT */
/*
 * riscv64: rewriting `ecall` in application code.
 *
 * The application runs in S-mode, where `ecall` is a call into the firmware
 * (OpenSBI), not a system call: a7 would be taken for an SBI extension and
 * the call would fail silently, or worse.  Code that still executes it --
 * musl's assembly (clone.s, syscall_cp.s, restore.s, __unmapself.s),
 * objects built elsewhere -- gets `ebreak` instead, which the runtime's trap
 * handler serves as the system call (same registers) and steps over.
 *
 * The instructions are found by decoding each executable section from its
 * start, instruction by instruction (the length is in the low bits of the
 * first halfword: 2 bytes for RVC, 4, 6 or 8), never by searching for the
 * byte pattern, which could match inside a longer instruction or data.
 */
#include <string.h>

#include "input.h"
#include "riscv64.h"
#include "warn.h"

long riscv64_rewrite_ecall(struct object *obj, unsigned char *bytes, size_t size);

long riscv64_rewrite_ecall(struct object *obj, unsigned char *bytes, size_t size)
{
	Elf_Scn *scn = NULL;
	long n = 0;

	while ((scn = elf_nextscn(obj->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh)) {
			ERROR_ELF(obj->name, "cannot read a section header");
			return -1;
		}
		if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR))
			continue;
		if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
			continue;   /* input.c refused such objects already */
		unsigned char *p = bytes + sh.sh_offset;
		for (size_t off = 0; off + 2 <= sh.sh_size; ) {
			uint16_t lo = (uint16_t)(p[off] | p[off + 1] << 8);
			size_t len = rv_insn_len(lo);
			if (!len || off + len > sh.sh_size)
				break;
			uint32_t insn = len == 4 ? (uint32_t)lo | (uint32_t)p[off + 2] << 16 |
					(uint32_t)p[off + 3] << 24 : 0;
			if (insn == INSN_ECALL) {
				/* little-endian: only bit 20, in the third byte, differs */
				p[off + 2] = (uint8_t)(INSN_EBREAK >> 16);
				n++;
			}
			off += len;
		}
	}
	return n;
}
