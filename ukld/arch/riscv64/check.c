/* SPDX-License-Identifier: MIT */
/*
 * check: riscv64.
 *
 * There is no red zone in the RISC-V psABI (nothing below sp may be used),
 * so there is nothing to scan for; the object says so in a note.  What is
 * checked:
 *   the code model, from the relocations: -mcmodel=medany addresses
 *     PC-relatively (R_RISCV_PCREL_HI20), -mcmodel=medlow absolutely
 *     (R_RISCV_HI20, lui + addi); both reach the top 2 GiB (lui sign-
 *     extends bit 31), where ukld puts the image.  A 32-bit absolute data
 *     word (R_RISCV_32) cannot hold such an address: an error.
 *   linker relaxation: R_RISCV_ALIGN, which ld.lld 14 cannot process (it
 *     needs -mno-relax; GNU ld can): a warning.
 *   `ecall`: in S-mode it calls the firmware, not the kernel; ukld rewrites
 *     it into `ebreak` when it links (rewrite.c): a note per instance.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_arch.h"
#include "riscv64.h"
#include "util.h"

struct rv_counts {
	unsigned abs_hi20, pcrel_hi20, align, relax, ecall;
};

static struct rv_counts *counts(struct check_ctx *cx)
{
	if (!cx->arch_data)
		cx->arch_data = xcalloc(1, sizeof(struct rv_counts));
	return cx->arch_data;
}

static uint32_t word_at(const uint8_t *p, size_t len)
{
	uint32_t w = (uint32_t)p[0] | (uint32_t)p[1] << 8;
	if (len >= 4)
		w |= (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return w;
}

static void rv_scan_code(struct check_ctx *cx, size_t shndx)
{
	const struct check_section *s = &cx->secs[shndx];
	struct rv_counts *c = counts(cx);

	if (!s->bytes)
		return;
	for (size_t off = 0; off + 2 <= s->shdr.sh_size; ) {
		size_t len = rv_insn_len((uint16_t)word_at(s->bytes + off, 2));
		if (!len || off + len > s->shdr.sh_size)
			break;
		if (len == 4 && word_at(s->bytes + off, 4) == INSN_ECALL) {
			c->ecall++;
			check_report(cx, CHECK_NOTE, CHECK_KIND_SYSCALL, shndx, off, "ecall",
				     "in S-mode this calls the firmware, not the kernel: "
				     "ukld rewrites it into `ebreak` (a trapping system call) when it links");
		}
		off += len;
	}
	/* The relocations of this section: the code model's evidence. */
	for (size_t i = 1; i < cx->nsecs; i++) {
		const GElf_Shdr *rs = &cx->secs[i].shdr;
		if (rs->sh_type != SHT_RELA || rs->sh_info != shndx || !rs->sh_entsize)
			continue;
		Elf_Data *d = elf_getdata(elf_getscn(cx->obj->elf, i), NULL);
		for (size_t k = 0; d && k < rs->sh_size / rs->sh_entsize; k++) {
			GElf_Rela r;
			if (!gelf_getrela(d, (int)k, &r))
				break;
			switch (GELF_R_TYPE(r.r_info)) {
			case R_RISCV_HI20:       c->abs_hi20++; break;
			case R_RISCV_PCREL_HI20: case R_RISCV_GOT_HI20:
			                         c->pcrel_hi20++; break;
			case R_RISCV_ALIGN:      c->align++; break;
			case R_RISCV_RELAX:      c->relax++; break;
			}
		}
	}
}

static const char *const reloc_names[] = {
	[R_RISCV_NONE] = "R_RISCV_NONE", [R_RISCV_32] = "R_RISCV_32",
	[R_RISCV_64] = "R_RISCV_64", [R_RISCV_RELATIVE] = "R_RISCV_RELATIVE",
	[R_RISCV_COPY] = "R_RISCV_COPY", [R_RISCV_JUMP_SLOT] = "R_RISCV_JUMP_SLOT",
	[R_RISCV_TLS_DTPMOD32] = "R_RISCV_TLS_DTPMOD32",
	[R_RISCV_TLS_DTPMOD64] = "R_RISCV_TLS_DTPMOD64",
	[R_RISCV_TLS_DTPREL32] = "R_RISCV_TLS_DTPREL32",
	[R_RISCV_TLS_DTPREL64] = "R_RISCV_TLS_DTPREL64",
	[R_RISCV_TLS_TPREL32] = "R_RISCV_TLS_TPREL32",
	[R_RISCV_TLS_TPREL64] = "R_RISCV_TLS_TPREL64",
	[R_RISCV_BRANCH] = "R_RISCV_BRANCH", [R_RISCV_JAL] = "R_RISCV_JAL",
	[R_RISCV_CALL] = "R_RISCV_CALL", [R_RISCV_CALL_PLT] = "R_RISCV_CALL_PLT",
	[R_RISCV_GOT_HI20] = "R_RISCV_GOT_HI20",
	[R_RISCV_TLS_GOT_HI20] = "R_RISCV_TLS_GOT_HI20",
	[R_RISCV_TLS_GD_HI20] = "R_RISCV_TLS_GD_HI20",
	[R_RISCV_PCREL_HI20] = "R_RISCV_PCREL_HI20",
	[R_RISCV_PCREL_LO12_I] = "R_RISCV_PCREL_LO12_I",
	[R_RISCV_PCREL_LO12_S] = "R_RISCV_PCREL_LO12_S",
	[R_RISCV_HI20] = "R_RISCV_HI20", [R_RISCV_LO12_I] = "R_RISCV_LO12_I",
	[R_RISCV_LO12_S] = "R_RISCV_LO12_S",
	[R_RISCV_TPREL_HI20] = "R_RISCV_TPREL_HI20",
	[R_RISCV_TPREL_LO12_I] = "R_RISCV_TPREL_LO12_I",
	[R_RISCV_TPREL_LO12_S] = "R_RISCV_TPREL_LO12_S",
	[R_RISCV_TPREL_ADD] = "R_RISCV_TPREL_ADD",
	[R_RISCV_ADD8] = "R_RISCV_ADD8", [R_RISCV_ADD16] = "R_RISCV_ADD16",
	[R_RISCV_ADD32] = "R_RISCV_ADD32", [R_RISCV_ADD64] = "R_RISCV_ADD64",
	[R_RISCV_SUB8] = "R_RISCV_SUB8", [R_RISCV_SUB16] = "R_RISCV_SUB16",
	[R_RISCV_SUB32] = "R_RISCV_SUB32", [R_RISCV_SUB64] = "R_RISCV_SUB64",
	[R_RISCV_GNU_VTINHERIT] = "R_RISCV_GNU_VTINHERIT",
	[R_RISCV_GNU_VTENTRY] = "R_RISCV_GNU_VTENTRY",
	[R_RISCV_ALIGN] = "R_RISCV_ALIGN", [R_RISCV_RVC_BRANCH] = "R_RISCV_RVC_BRANCH",
	[R_RISCV_RVC_JUMP] = "R_RISCV_RVC_JUMP", [R_RISCV_RVC_LUI] = "R_RISCV_RVC_LUI",
	[R_RISCV_GPREL_I] = "R_RISCV_GPREL_I", [R_RISCV_GPREL_S] = "R_RISCV_GPREL_S",
	[R_RISCV_TPREL_I] = "R_RISCV_TPREL_I", [R_RISCV_TPREL_S] = "R_RISCV_TPREL_S",
	[R_RISCV_RELAX] = "R_RISCV_RELAX", [R_RISCV_SUB6] = "R_RISCV_SUB6",
	[R_RISCV_SET6] = "R_RISCV_SET6", [R_RISCV_SET8] = "R_RISCV_SET8",
	[R_RISCV_SET16] = "R_RISCV_SET16", [R_RISCV_SET32] = "R_RISCV_SET32",
	[R_RISCV_32_PCREL] = "R_RISCV_32_PCREL",
};

static const char *rv_reloc_unreachable(unsigned type, int64_t addend,
					const char **name)
{
	static char unknown[32];

	(void)addend;
	if (type < sizeof(reloc_names) / sizeof(reloc_names[0]) && reloc_names[type]) {
		*name = reloc_names[type];
	} else {
		snprintf(unknown, sizeof(unknown), "relocation type %u", type);
		*name = unknown;
		return "an unknown relocation type, which may not reach the top 2 GiB";
	}
	switch (type) {
	case R_RISCV_32:
		return "a 32-bit absolute address cannot hold an address in the top 2 GiB "
		       "(store a pointer-sized word)";
	case R_RISCV_RELATIVE: case R_RISCV_COPY: case R_RISCV_JUMP_SLOT:
	case R_RISCV_TLS_DTPMOD32: case R_RISCV_TLS_DTPMOD64:
	case R_RISCV_TLS_TPREL32: case R_RISCV_TLS_TPREL64:
		return "a dynamic relocation does not belong in a relocatable object";
	default:
		return NULL;
	}
}

static bool rv_insn_at(struct check_ctx *cx, size_t shndx, uint64_t off,
		       char *buf, size_t len)
{
	const struct check_section *s = &cx->secs[shndx];
	uint64_t at = 0;

	if (!s->bytes || off >= s->shdr.sh_size)
		return false;
	/* Decode from the function's start (or the section's). */
	for (size_t f = 0; f < s->nfuncs && s->funcs[f] <= off; f++)
		at = s->funcs[f];
	while (at + 2 <= s->shdr.sh_size) {
		size_t n = rv_insn_len((uint16_t)word_at(s->bytes + at, 2));
		if (!n || at + n > s->shdr.sh_size)
			return false;
		if (off < at + n) {
			if (n == 2)
				snprintf(buf, len, ".insn 0x%04x", word_at(s->bytes + at, 2));
			else
				snprintf(buf, len, ".insn 0x%08x", word_at(s->bytes + at, 4));
			return true;
		}
		at += n;
	}
	return false;
}

static void rv_check_switches(struct check_ctx *cx, const char *sw,
			      const char *from)
{
	const char *w = strstr(sw, "-mcmodel=");

	if (!strncmp(sw, "GNU AS", 6) || !w)
		return;
	check_report(cx, CHECK_NOTE, CHECK_KIND_MODEL, 0, 0, NULL,
		     "compiled with -mcmodel=%.*s (%s)", (int)strcspn(w + 9, " "),
		     w + 9, from);
}

static void rv_object_done(struct check_ctx *cx)
{
	struct rv_counts *c = counts(cx);

	check_report(cx, CHECK_NOTE, CHECK_KIND_RED_ZONE, 0, 0, NULL,
		     "no red zone in the RISC-V psABI: nothing to check");
	if (c->pcrel_hi20 || c->abs_hi20)
		check_report(cx, CHECK_NOTE, CHECK_KIND_MODEL, 0, 0, NULL,
			     "code model: %s (%u PC-relative, %u absolute lui addresses): "
			     "reaches the top 2 GiB",
			     c->abs_hi20 ? (c->pcrel_hi20 ? "mixed medany and medlow" : "medlow")
					 : "medany",
			     c->pcrel_hi20, c->abs_hi20);
	if (c->align)
		check_report(cx, CHECK_WARNING, CHECK_KIND_RELOC, 0, 0, NULL,
			     "built with linker relaxation (%u R_RISCV_ALIGN): GNU ld links it, "
			     "ld.lld 14 cannot; rebuild with -mno-relax (ukl-cc does)", c->align);
}

const struct check_arch check_arch_riscv64 = {
	.scan_code = rv_scan_code,
	.reloc_unreachable = rv_reloc_unreachable,
	.insn_at = rv_insn_at,
	.check_switches = rv_check_switches,
	.object_done = rv_object_done,
};
