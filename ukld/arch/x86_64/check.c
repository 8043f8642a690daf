/* SPDX-License-Identifier: MIT */
/*
 * check, x86_64: the red zone and the code model.
 *
 * The red zone.  The SysV x86_64 ABI promises that the 128 bytes below %rsp
 * are not touched by signal or interrupt handlers, so a leaf function may
 * keep its locals there without moving %rsp.  At ring 0 the promise is void:
 * an interrupt or exception taken in the kernel pushes its frame (SS, RSP,
 * RFLAGS, CS, RIP, error code) on the current stack, right over them; unless
 * every vector has an IST stack, such a function's locals change under it.
 * `-mno-red-zone` makes gcc and clang move %rsp first.
 *
 * What counts as use, from the instructions alone:
 *  - a memory operand based on %rsp with a negative displacement and no
 *    index register: the bytes lie below %rsp, whatever the function did
 *    before (a push, a pop, a sub: %rsp is where it is now);
 *  - based on %rsp with a negative displacement and an index: an array kept
 *    below %rsp (`-0x28(%rsp,%rax,4)`) when the function never moves %rsp
 *    down by that much; with a frame that large it is an index into the frame
 *    from one element on (musl's tsearch: `-0x8(%rsp,%rbx,8)`, %rbx >= 1);
 *  - based on %rbp at -N with no index, in a function that set %rbp from
 *    %rsp (`mov %rsp,%rbp`) and never wrote %rbp otherwise, when everything
 *    that moves %rsp down after that (push, sub, and, lea, enter) adds up to
 *    less than N: the -O0 leaf function.  The sum is an upper bound of how far
 *    %rsp is ever below %rbp, whatever the branches, so this cannot accuse a
 *    function wrongly; a function that moves %rsp by a register (alloca, a
 *    VLA) or writes it in any other way is not judged on %rbp.
 * LEA computes an address without touching memory and is never a use; nor
 * are multi-byte NOPs, prefetches, or `or $0` stack probes, or operands with
 * a %fs/%gs segment.  Red zone use reached through another register (a copy
 * of %rsp) is not found.
 *
 * The code model.  The kernel image lies in the top 2 GiB
 * (0xffffffff80000000 up).  A sign-extended 32-bit absolute (R_X86_64_32S,
 * -mcmodel=kernel), a 32-bit PC-relative one (PIC, PIE) and any 64-bit one
 * reach it; a zero-extended 32-bit absolute (R_X86_64_32, the small non-PIC
 * model) or anything 16 or 8 bits wide does not, and the link would fail
 * late with "relocation truncated to fit" blamed on whatever file got there.
 */
#include <stdlib.h>
#include <string.h>
#include <capstone/capstone.h>

#include "check_arch.h"
#include "warn.h"

static csh cs;
static cs_insn *insn;
static bool cs_ready, cs_failed;

static bool decoder_open(void)
{
	if (cs_ready)
		return true;
	if (cs_failed)
		return false;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK ||
	    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK ||
	    cs_option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT) != CS_ERR_OK ||
	    !(insn = cs_malloc(cs))) {
		ERROR(NULL, "check: cannot start the capstone x86_64 decoder: %s",
		      cs_strerror(cs_errno(cs)));
		cs_failed = true;
		return false;
	}
	cs_ready = true;
	return true;
}

static void x86_fini(void)
{
	if (!cs_ready)
		return;
	cs_free(insn, 1);
	cs_close(&cs);
	cs_ready = false;
}

/* ---- the red zone ---- */

enum cand_kind { CAND_RSP_INDEXED, CAND_RBP };

/* An access that is red-zone use unless the function's frame covers it. */
struct cand {
	uint64_t off;
	uint64_t need;          /* bytes below %rsp (%rbp) it reaches down to */
	enum cand_kind kind;
	char text[192];
	char what[24];
};

/* What one function does to %rsp and %rbp, in a linear scan. */
struct frame {
	uint64_t lowered;       /* all moves of %rsp down, added up */
	bool rsp_unknown;       /* %rsp moved by an amount we cannot bound */
	enum { FP_NONE, FP_SET, FP_LOST } fp;
	uint64_t lowered_fp;    /* moves down since `mov %rsp,%rbp` */
	struct cand *cands;
	size_t ncands, cap;
};

static bool is_rsp(x86_reg r)
{
	return r == X86_REG_RSP || r == X86_REG_ESP || r == X86_REG_SP ||
	       r == X86_REG_SPL;
}

static bool is_rbp(x86_reg r)
{
	return r == X86_REG_RBP || r == X86_REG_EBP || r == X86_REG_BP ||
	       r == X86_REG_BPL;
}

static void insn_text(const cs_insn *in, char *buf, size_t len)
{
	if (in->op_str[0])
		snprintf(buf, len, "%s %s", in->mnemonic, in->op_str);
	else
		snprintf(buf, len, "%s", in->mnemonic);
}

static const char *access_verb(const cs_insn *in, const cs_x86_op *op)
{
	/* capstone 4 marks the memory operand of these stores as read. */
	switch (in->id) {
	case X86_INS_FST: case X86_INS_FSTP: case X86_INS_FIST:
	case X86_INS_FISTP: case X86_INS_FISTTP: case X86_INS_FBSTP:
	case X86_INS_STMXCSR: case X86_INS_VSTMXCSR: case X86_INS_FNSTCW:
	case X86_INS_FNSTSW: case X86_INS_FNSTENV: case X86_INS_FNSAVE:
	case X86_INS_FXSAVE: case X86_INS_FXSAVE64: case X86_INS_XSAVE:
	case X86_INS_XSAVE64:
		return "writes";
	default:
		break;
	}
	switch (op->access & (CS_AC_READ | CS_AC_WRITE)) {
	case CS_AC_READ:               return "reads";
	case CS_AC_WRITE:              return "writes";
	case CS_AC_READ | CS_AC_WRITE: return "reads and writes";
	default:                       return "accesses";
	}
}

static void red_zone_report(struct check_ctx *cx, size_t shndx, uint64_t off,
			    const char *text, const char *what, uint64_t below,
			    const char *base)
{
	cx->red_zone_uses++;
	check_report(cx, cx->opts->allow_red_zone ? CHECK_NOTE : CHECK_ERROR,
		     CHECK_KIND_RED_ZONE, shndx, off, text,
		     "%s the red zone, 0x%lx bytes below %s%s: an interrupt at ring 0 "
		     "overwrites it: build with -mno-red-zone",
		     what, (unsigned long)below, base,
		     !strcmp(base, "%rbp") ? ", which the function never moves %rsp below" : "");
}

static void cand_add(struct frame *fr, uint64_t off, uint64_t need,
		     enum cand_kind kind, const cs_insn *in, const char *what)
{
	if (fr->ncands == fr->cap) {
		fr->cap = fr->cap ? 2 * fr->cap : 16;
		fr->cands = realloc(fr->cands, fr->cap * sizeof(*fr->cands));
		if (!fr->cands) {
			perror("ukld: realloc");
			exit(1);
		}
	}
	struct cand *c = &fr->cands[fr->ncands++];
	c->off = off;
	c->need = need;
	c->kind = kind;
	insn_text(in, c->text, sizeof(c->text));
	snprintf(c->what, sizeof(c->what), "%s", what);
}

/* The function ended: judge the accesses that depended on its frame. */
static void frame_end(struct check_ctx *cx, size_t shndx, struct frame *fr)
{
	for (size_t i = 0; i < fr->ncands; i++) {
		const struct cand *c = &fr->cands[i];
		if (fr->rsp_unknown)
			break;
		if (c->kind == CAND_RSP_INDEXED && c->need > fr->lowered)
			red_zone_report(cx, shndx, c->off, c->text, c->what,
					c->need, "%rsp");
		else if (c->kind == CAND_RBP && fr->fp == FP_SET &&
			 c->need > fr->lowered_fp)
			red_zone_report(cx, shndx, c->off, c->text, c->what,
					c->need, "%rbp");
	}
	struct cand *keep = fr->cands;
	size_t cap = fr->cap;
	*fr = (struct frame){ .cands = keep, .cap = cap };
}

static void lower(struct frame *fr, int64_t by)
{
	if (by <= 0)
		return;
	fr->lowered += (uint64_t)by;
	if (fr->fp == FP_SET)
		fr->lowered_fp += (uint64_t)by;
}

/* Follow what the instruction does to %rsp and %rbp. */
static void track_frame(struct frame *fr, const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;
	const cs_x86_op *dst = NULL, *src = NULL;

	for (int i = 0; i < x->op_count; i++) {
		if (x->operands[i].access & CS_AC_WRITE)
			dst = &x->operands[i];
		else
			src = &x->operands[i];
	}

	switch (in->id) {
	case X86_INS_PUSH: case X86_INS_PUSHF: case X86_INS_PUSHFQ:
		lower(fr, 8);
		return;
	case X86_INS_POP: case X86_INS_POPF: case X86_INS_POPFQ:
	case X86_INS_CALL: case X86_INS_RET: case X86_INS_LEAVE:
		return;
	case X86_INS_ENTER:
		lower(fr, 8);
		fr->fp = fr->fp == FP_NONE ? FP_SET : FP_LOST;
		if (x->op_count > 0 && x->operands[0].type == X86_OP_IMM)
			lower(fr, x->operands[0].imm);
		return;
	default:
		break;
	}
	if (!dst || dst->type != X86_OP_REG)
		return;
	if (is_rsp(dst->reg)) {
		if ((in->id == X86_INS_SUB || in->id == X86_INS_ADD) &&
		    src && src->type == X86_OP_IMM) {
			lower(fr, in->id == X86_INS_SUB ? src->imm : -src->imm);
		} else if (in->id == X86_INS_AND && src && src->type == X86_OP_IMM &&
			   src->imm < 0) {
			lower(fr, -src->imm - 1);       /* aligns down */
		} else if (in->id == X86_INS_LEA && src && src->type == X86_OP_MEM &&
			   src->mem.index == X86_REG_INVALID &&
			   (is_rsp(src->mem.base) ||
			    (is_rbp(src->mem.base) && fr->fp == FP_SET))) {
			lower(fr, -src->mem.disp);
		} else if (in->id == X86_INS_MOV && src && src->type == X86_OP_REG &&
			   is_rbp(src->reg) && fr->fp == FP_SET) {
			/* mov %rbp,%rsp: back up to the frame */
		} else {
			fr->rsp_unknown = true;
		}
	} else if (is_rbp(dst->reg)) {
		if (in->id == X86_INS_MOV && src && src->type == X86_OP_REG &&
		    src->reg == X86_REG_RSP && fr->fp != FP_LOST) {
			if (fr->fp == FP_NONE)
				fr->lowered_fp = 0;
			fr->fp = FP_SET;
		} else {
			fr->fp = FP_LOST;
		}
	}
}

/* Instructions whose memory operand is not a load or a store. */
static bool not_an_access(const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;

	switch (in->id) {
	case X86_INS_LEA: case X86_INS_NOP:
	case X86_INS_PREFETCH: case X86_INS_PREFETCHNTA:
	case X86_INS_PREFETCHT0: case X86_INS_PREFETCHT1:
	case X86_INS_PREFETCHT2: case X86_INS_PREFETCHW:
		return true;
	case X86_INS_OR:
		/* `orq $0,-N(%rsp)`: a stack probe changes nothing. */
		for (int i = 0; i < x->op_count; i++)
			if (x->operands[i].type == X86_OP_IMM && x->operands[i].imm == 0)
				return true;
		return false;
	default:
		return false;
	}
}

static void scan_insn(struct check_ctx *cx, size_t shndx, struct frame *fr,
		      const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;

	if (!not_an_access(in)) {
		for (int i = 0; i < x->op_count; i++) {
			const cs_x86_op *op = &x->operands[i];
			const x86_op_mem *m = &op->mem;
			char what[24], text[192];

			if (op->type != X86_OP_MEM || m->disp >= 0 ||
			    (m->segment != X86_REG_INVALID && m->segment != X86_REG_SS))
				continue;
			snprintf(what, sizeof(what), "%s", access_verb(in, op));
			if (is_rsp(m->base) && m->index == X86_REG_INVALID) {
				insn_text(in, text, sizeof(text));
				red_zone_report(cx, shndx, in->address, text, what,
						(uint64_t)-m->disp, "%rsp");
			} else if (is_rsp(m->base)) {
				cand_add(fr, in->address, (uint64_t)-m->disp,
					 CAND_RSP_INDEXED, in, what);
			} else if (is_rbp(m->base) && m->index == X86_REG_INVALID &&
				   fr->fp == FP_SET) {
				cand_add(fr, in->address, (uint64_t)-m->disp,
					 CAND_RBP, in, what);
			}
		}
	}
	track_frame(fr, in);
}

static void x86_scan_code(struct check_ctx *cx, size_t shndx)
{
	const struct check_section *s = &cx->secs[shndx];
	struct frame fr = { 0 };

	if (!s->bytes || !decoder_open())
		return;
	for (size_t f = 0; f < s->nfuncs; f++) {
		uint64_t start = s->funcs[f];
		uint64_t end = f + 1 < s->nfuncs ? s->funcs[f + 1] : s->shdr.sh_size;
		uint64_t addr = start;

		if (start >= s->shdr.sh_size)
			break;
		if (end > s->shdr.sh_size)
			end = s->shdr.sh_size;
		while (addr < end) {
			const uint8_t *code = s->bytes + addr;
			size_t size = end - addr;
			if (!cs_disasm_iter(cs, &code, &size, &addr, insn)) {
				addr++;         /* not code: skip a byte */
				continue;
			}
			scan_insn(cx, shndx, &fr, insn);
		}
		frame_end(cx, shndx, &fr);
	}
	free(fr.cands);
}

static bool x86_insn_at(struct check_ctx *cx, size_t shndx, uint64_t off,
			char *buf, size_t len)
{
	const struct check_section *s = &cx->secs[shndx];
	uint64_t addr = 0;

	if (!s->bytes || off >= s->shdr.sh_size || !decoder_open())
		return false;
	for (size_t f = 0; f < s->nfuncs && s->funcs[f] <= off; f++)
		addr = s->funcs[f];
	while (addr <= off) {
		const uint8_t *code = s->bytes + addr;
		size_t size = s->shdr.sh_size - addr;
		uint64_t at = addr;
		if (!cs_disasm_iter(cs, &code, &size, &addr, insn)) {
			addr++;
			continue;
		}
		if (off < at + insn->size) {
			insn_text(insn, buf, len);
			return true;
		}
	}
	return false;
}

/* ---- the code model ---- */

static const char *const reloc_names[] = {
	[R_X86_64_NONE] = "R_X86_64_NONE", [R_X86_64_64] = "R_X86_64_64",
	[R_X86_64_PC32] = "R_X86_64_PC32", [R_X86_64_GOT32] = "R_X86_64_GOT32",
	[R_X86_64_PLT32] = "R_X86_64_PLT32", [R_X86_64_COPY] = "R_X86_64_COPY",
	[R_X86_64_GLOB_DAT] = "R_X86_64_GLOB_DAT",
	[R_X86_64_JUMP_SLOT] = "R_X86_64_JUMP_SLOT",
	[R_X86_64_RELATIVE] = "R_X86_64_RELATIVE",
	[R_X86_64_GOTPCREL] = "R_X86_64_GOTPCREL", [R_X86_64_32] = "R_X86_64_32",
	[R_X86_64_32S] = "R_X86_64_32S", [R_X86_64_16] = "R_X86_64_16",
	[R_X86_64_PC16] = "R_X86_64_PC16", [R_X86_64_8] = "R_X86_64_8",
	[R_X86_64_PC8] = "R_X86_64_PC8", [R_X86_64_DTPMOD64] = "R_X86_64_DTPMOD64",
	[R_X86_64_DTPOFF64] = "R_X86_64_DTPOFF64",
	[R_X86_64_TPOFF64] = "R_X86_64_TPOFF64", [R_X86_64_TLSGD] = "R_X86_64_TLSGD",
	[R_X86_64_TLSLD] = "R_X86_64_TLSLD", [R_X86_64_DTPOFF32] = "R_X86_64_DTPOFF32",
	[R_X86_64_GOTTPOFF] = "R_X86_64_GOTTPOFF",
	[R_X86_64_TPOFF32] = "R_X86_64_TPOFF32", [R_X86_64_PC64] = "R_X86_64_PC64",
	[R_X86_64_GOTOFF64] = "R_X86_64_GOTOFF64",
	[R_X86_64_GOTPC32] = "R_X86_64_GOTPC32", [R_X86_64_GOT64] = "R_X86_64_GOT64",
	[R_X86_64_GOTPCREL64] = "R_X86_64_GOTPCREL64",
	[R_X86_64_GOTPC64] = "R_X86_64_GOTPC64", [R_X86_64_GOTPLT64] = "R_X86_64_GOTPLT64",
	[R_X86_64_PLTOFF64] = "R_X86_64_PLTOFF64", [R_X86_64_SIZE32] = "R_X86_64_SIZE32",
	[R_X86_64_SIZE64] = "R_X86_64_SIZE64",
	[R_X86_64_GOTPC32_TLSDESC] = "R_X86_64_GOTPC32_TLSDESC",
	[R_X86_64_TLSDESC_CALL] = "R_X86_64_TLSDESC_CALL",
	[R_X86_64_TLSDESC] = "R_X86_64_TLSDESC",
	[R_X86_64_IRELATIVE] = "R_X86_64_IRELATIVE",
	[R_X86_64_RELATIVE64] = "R_X86_64_RELATIVE64",
	[41] = "R_X86_64_GOTPCRELX", [42] = "R_X86_64_REX_GOTPCRELX",
};

/* The kernel's base: code linked in the top 2 GiB takes the physical address
 * of a symbol (before paging, in 32-bit boot code) as sym - KERNEL_VMA. */
#define KERNEL_VMA 0xffffffff80000000ull

static const char *x86_reloc_unreachable(unsigned type, int64_t addend,
					 const char **name)
{
	static char unknown[32];

	if (type < sizeof(reloc_names) / sizeof(reloc_names[0]) && reloc_names[type]) {
		*name = reloc_names[type];
	} else {
		snprintf(unknown, sizeof(unknown), "relocation type %u", type);
		*name = unknown;
		return "an unknown relocation type, which may not reach the top 2 GiB";
	}
	switch (type) {
	case R_X86_64_32:
		/* sym - KERNEL_VMA (+ an offset under 2 GiB) of a symbol in
		 * the top 2 GiB is below 2 GiB: it always fits. */
		if ((uint64_t)addend - (0 - KERNEL_VMA) < 0x80000000ull)
			return NULL;
		return "a zero-extended 32-bit absolute address cannot reach the top 2 GiB "
		       "(the small non-PIC code model): build with -mcmodel=kernel or -fPIE";
	case R_X86_64_16: case R_X86_64_8:
		return "a 16- or 8-bit absolute address cannot reach the top 2 GiB";
	case R_X86_64_PC16: case R_X86_64_PC8:
		return "a 16- or 8-bit PC-relative offset cannot reach across the image";
	case R_X86_64_COPY: case R_X86_64_GLOB_DAT: case R_X86_64_JUMP_SLOT:
	case R_X86_64_RELATIVE: case R_X86_64_IRELATIVE: case R_X86_64_RELATIVE64:
		return "a dynamic relocation does not belong in a relocatable object";
	default:
		return NULL;
	}
}

/* ---- the switches ---- */

/* Does the word W (up to a space) equal S? */
static bool word_is(const char *w, const char *s)
{
	size_t n = strlen(s);
	return !strncmp(w, s, n) && (w[n] == ' ' || w[n] == '\0');
}

static void x86_check_switches(struct check_ctx *cx, const char *sw,
			       const char *from)
{
	bool no_red_zone = false, any = false;
	char model[32] = "", pic[16] = "";
	const char *w;

	/* "GNU AS 2.40", "clang version 14.0.6": no switches recorded. */
	if (!strncmp(sw, "GNU AS", 6))
		return;
	for (w = sw; (w = strchr(w, '-')); w++) {
		if (w != sw && w[-1] != ' ')
			continue;
		any = true;
		if (word_is(w, "-mno-red-zone"))
			no_red_zone = true;
		else if (word_is(w, "-mred-zone"))
			no_red_zone = false;
		else if (!strncmp(w, "-mcmodel=", 9))
			snprintf(model, sizeof(model), "%.*s",
				 (int)strcspn(w + 9, " "), w + 9);
		else if (word_is(w, "-fpic") || word_is(w, "-fPIC"))
			strcpy(pic, "PIC");
		else if (word_is(w, "-fpie") || word_is(w, "-fPIE"))
			strcpy(pic, "PIE");
		else if (word_is(w, "-fno-pic") || word_is(w, "-fno-PIC") ||
			 word_is(w, "-fno-pie") || word_is(w, "-fno-PIE"))
			strcpy(pic, "no");
	}
	if (!any)
		return;

	/* The code model: the relocations are the verdict, this is context. */
	if (pic[0] && strcmp(pic, "no"))
		check_report(cx, CHECK_NOTE, CHECK_KIND_MODEL, 0, 0, NULL,
			     "code model: %s%s%s (%s): reaches the top 2 GiB",
			     pic, model[0] ? ", -mcmodel=" : "", model, from);
	else if (!strcmp(model, "kernel") || !strcmp(model, "large"))
		check_report(cx, CHECK_NOTE, CHECK_KIND_MODEL, 0, 0, NULL,
			     "code model: %s (%s): reaches the top 2 GiB", model, from);
	else if (model[0] || pic[0])
		check_report(cx, CHECK_NOTE, CHECK_KIND_MODEL, 0, 0, NULL,
			     "code model: %s, not PIC (%s): its 32-bit absolute addresses "
			     "cannot reach the top 2 GiB%s", model[0] ? model : "small",
			     from, cx->bad_relocs ? "" : "; this object happens to use none");
	else
		check_report(cx, CHECK_NOTE, CHECK_KIND_MODEL, 0, 0, NULL,
			     "code model: the compiler's default (%s records no -mcmodel, "
			     "-fpic or -fpie)", from);

	/* The red zone: the scan is the verdict; the switch says whether
	 * code the scan cannot see (a copy of %rsp) may use it too. */
	if (no_red_zone)
		return;
	if (cx->red_zone_uses || cx->opts->allow_red_zone)
		check_report(cx, CHECK_NOTE, CHECK_KIND_SWITCHES, 0, 0, NULL,
			     "compiled without -mno-red-zone (%s)", from);
	else
		check_report(cx, CHECK_WARNING, CHECK_KIND_SWITCHES, 0, 0, NULL,
			     "compiled without -mno-red-zone (%s): the scan found no "
			     "red-zone use, but rebuild with -mno-red-zone to be sure", from);
}

const struct check_arch check_arch_x86_64 = {
	.scan_code = x86_scan_code,
	.reloc_unreachable = x86_reloc_unreachable,
	.insn_at = x86_insn_at,
	.check_switches = x86_check_switches,
	.fini = x86_fini,
};
