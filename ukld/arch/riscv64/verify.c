/* SPDX-License-Identifier: MIT */
/*
 * verify, riscv64: what only this architecture's loader and runtime need.
 *
 * The loader is QEMU's virt machine with OpenSBI (fw_dynamic): QEMU loads
 * each PT_LOAD at p_paddr and has the firmware start S-mode at the lowest
 * load address, not at e_entry; U-Boot's booti and QEMU take the flat Image
 * by its Linux RISC-V Image header.  So the image's first bytes must be that
 * header, whose first word jumps over it, at 0x80200000 (text_offset 2 MiB
 * above RAM at 0x80000000, where the firmware sits).
 *
 * In S-mode `ecall` calls the firmware: ukld rewrites every one in the
 * application's code into `ebreak`, which the runtime serves as the system
 * call.  One left over would fail silently, so none may be.
 */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "riscv64.h"
#include "verify.h"

#define KERNEL_VMA  0xffffffff80000000ull
#define KERNEL_PHYS 0x80000000ull
#define LOAD_PHYS   0x80200000ull

static int v_image_header(struct verify_ctx *v)
{
	uint64_t low = UINT64_MAX, lo_v = 0, mem_end = 0, start, end;
	for (size_t i = 0; i < v->nph; i++) {
		const GElf_Phdr *p = &v->ph[i];
		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if (p->p_paddr < low) {
			low = p->p_paddr;
			lo_v = p->p_vaddr;
		}
		if (p->p_paddr + p->p_memsz > mem_end)
			mem_end = p->p_paddr + p->p_memsz;
	}
	if (low != LOAD_PHYS) {
		verify_say(v, "the lowest load address is %#lx, not %#llx (OpenSBI's next stage)",
			   (unsigned long)low, LOAD_PHYS);
		return -1;
	}
	if (v->im.ehdr.e_entry != lo_v) {
		verify_say(v, "e_entry %#lx is not the first byte loaded (%#lx): QEMU starts there",
			   (unsigned long)v->im.ehdr.e_entry, (unsigned long)lo_v);
		return -1;
	}
	const uint8_t *h = verify_bytes_at(v, lo_v, 64);
	if (!h) {
		verify_say(v, "no 64-byte Image header at the start of the image");
		return -1;
	}
	/* What QEMU and U-Boot's booti read (shared with the flat Image). */
	char why[sizeof(v->why)];
	if (riscv64_image_header_check(h, 64, low, mem_end, why, sizeof(why))) {
		verify_say(v, "%s", why);
		return -1;
	}
	if (!image_symbol(&v->im, "__ukl_image_start", &start) ||
	    !image_symbol(&v->im, "__ukl_image_end", &end) || le64(h + 16) != end - start) {
		verify_say(v, "image_size %#lx is not __ukl_image_end - __ukl_image_start",
			   (unsigned long)le64(h + 16));
		return -1;
	}
	verify_say(v, "Image header at %#llx, a jump first, %s", LOAD_PHYS, why);
	return 0;
}

static int v_ecall(struct verify_ctx *v)
{
	unsigned nfn = 0, n = 0;
	char first[160] = "";

	if (!v->has_app_text) {
		verify_say(v, "__ukl_app_text_start/end are not defined");
		return -1;
	}
	for (size_t i = 1; i < v->im.nsyms; i++) {
		GElf_Sym s;
		const char *name = image_sym(&v->im, i, &s);
		if (!name || GELF_ST_TYPE(s.st_info) != STT_FUNC || !s.st_size ||
		    s.st_value < v->app_text_lo || s.st_value >= v->app_text_hi)
			continue;
		const uint8_t *code = verify_bytes_at(v, s.st_value, s.st_size);
		if (!code)
			continue;
		nfn++;
		for (size_t off = 0; off + 2 <= s.st_size; ) {
			size_t len = rv_insn_len((uint16_t)(code[off] | code[off + 1] << 8));
			if (!len || off + len > s.st_size)
				break;
			if (len == 4 && le32(code + off) == INSN_ECALL) {
				if (!n++)
					snprintf(first, sizeof(first), "%.100s+%#zx", name, off);
			}
			off += len;
		}
	}
	if (n) {
		verify_say(v, "%u `ecall` in the application's code (first in %s): "
			   "it would call the firmware; link with ukld, which rewrites them", n, first);
		return -1;
	}
	verify_say(v, "%u application functions: no `ecall`", nfn);
	return 0;
}

static const struct verify_item riscv64_items[] = {
	{ "image-header", "the Linux RISC-V Image header is first, at 0x80200000", v_image_header },
	{ "ecall", "no `ecall` in the application's code (it would go to the firmware)", v_ecall },
};

const struct verify_arch verify_arch_riscv64 = {
	.virt_offset = KERNEL_VMA - KERNEL_PHYS,
	.entry_symbol = "_start_image",
	.items = riscv64_items,
	.nitems = sizeof(riscv64_items) / sizeof(riscv64_items[0]),
};
