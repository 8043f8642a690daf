/* SPDX-License-Identifier: MIT */
/*
 * The system call table of the image, generated into the linker script
 * (the SYSCALLS hole): one handler pointer, or 0, per number from 0 to the
 * last one the program can make, read by __ukl_syscall (runtime/syscall.c).
 *
 * The kernel's catalogue (.rodata.ukl_syscalls, a pointer to each handler
 * at 8*nr, syscalls.c) names every handler; the image's table names only
 * the ones the program can reach, so --gc-sections drops the others and
 * whatever only they use (a program that opens no socket has no socket
 * layer, no lwIP, no NIC driver).  The numbers:
 *   - those syscalls.c finds at the call sites of __ukl_syscall, syscall()
 *     and __syscall_cp (a constant in the first argument);
 *   - those of the `syscall` instructions (x86_64; %eax) and `ecall`s
 *     (riscv64; a7) the code still executes (musl's __set_thread_area,
 *     clone, sigreturn...), which reach the kernel's trap entry and the
 *     same table;
 *   - the kernel's own trapping calls with a constant number (riscv64
 *     checks its `ebreak` path at boot with getpid and getppid).
 * Where the number of one of those is not a constant at its site, the
 * program can make any call: the table is the whole catalogue.  The
 * functions that only pass on their caller's number (musl's syscall(),
 * __syscall_cp_c, __syscall_cp_asm, and the static __syscall0..6 of
 * syscall_arch.h where the compiler did not inline them) are not such
 * sites: their callers are, and a call to __syscallN is read like one to
 * __ukl_syscall.
 */
#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>

#include "ukld.h"
#include "warn.h"

#define CATALOGUE ".rodata.ukl_syscalls"

/* What the scan of the application found. */
struct sysuse {
	struct sysset nrs;      /* numbers of system call instructions */
	bool unknown;           /* a site whose number is not a constant */
	const char *where;      /* the object of the first such site */
	bool kernel;            /* scanning the kernel: its own trapping calls */
};

/* syscall_arch.h's __syscall0..__syscall6. */
static bool arch_wrapper(const char *name)
{
	return !strncmp(name, "__syscall", 9) && name[9] >= '0' && name[9] <= '6' &&
	       !name[10];
}

static bool takes_nr(const char *name)
{
	return !strcmp(name, "__ukl_syscall") || !strcmp(name, "syscall") ||
	       !strcmp(name, "__syscall_cp") || arch_wrapper(name);
}

/* Functions that pass their caller's number on. */
static bool forwarder(const char *name)
{
	static const char *const names[] = {
		"syscall", "__syscall_cp", "__syscall_cp_c", "__syscall_cp_asm",
		"sccp", NULL
	};
	for (const char *const *n = names; *n; n++)
		if (!strcmp(name, *n))
			return true;
	return arch_wrapper(name);
}

/* The name of the function of OBJ's section NDX that holds OFF, or "":
 * the one whose bytes hold it, else the last before it that has no size
 * (an assembly function without .size, musl's __syscall_cp_asm). */
static const char *function_at(const struct object *obj, size_t ndx, uint64_t off)
{
	const struct symbol *best = NULL;
	for (size_t i = 1; i < obj->nsyms; i++) {
		const struct symbol *s = &obj->syms[i];
		if (!s->defined || s->type != STT_FUNC || s->sym.st_shndx != ndx ||
		    off < s->sym.st_value)
			continue;
		if (off < s->sym.st_value + s->sym.st_size)
			return s->name;
		if (!s->sym.st_size && (!best || s->sym.st_value > best->sym.st_value))
			best = s;
	}
	return best ? best->name : "";
}

/* A system call site at OFF of OBJ's section NDX, with the number NR
 * (-1: not a constant). */
static void add(struct sysuse *u, const struct object *obj, size_t ndx, uint64_t off,
		long nr)
{
	if (nr >= 0 && nr < SYSCALLS_MAX) {
		u->nrs.bits[nr / 8] |= (unsigned char)(1u << (nr % 8));
	} else if (!u->unknown && !u->kernel && !forwarder(function_at(obj, ndx, off))) {
		u->unknown = true;
		u->where = obj->name;
	}
}

/* The offsets in section NDX of OBJ where a call to takes_nr() is
 * relocated, RELA the index of its relocation section (0: none); their
 * count in *N. */
static uint64_t *nr_calls(const struct object *obj, size_t rela, size_t *n)
{
	Elf_Scn *scn = rela ? elf_getscn(obj->elf, rela) : NULL;
	GElf_Shdr sh;
	uint64_t *offs = NULL;

	*n = 0;
	if (!scn || !gelf_getshdr(scn, &sh))
		return NULL;
	Elf_Data *d = elf_getdata(scn, NULL);
	for (size_t i = 0; d && i < sh.sh_size / sizeof(Elf64_Rela); i++) {
		GElf_Rela r;
		if (!gelf_getrela(d, (int)i, &r))
			break;
		size_t si = GELF_R_SYM(r.r_info);
		if (si >= obj->nsyms)
			continue;
		const char *name = obj->syms[si].name;
		/* A static callee may be named by its section. */
		if (obj->syms[si].type == STT_SECTION) {
			name = object_section_name((struct object *)obj,
						   obj->syms[si].sym.st_shndx);
			name = name && !strncmp(name, ".text.", 6) ? name + 6 : "";
		}
		if (takes_nr(name)) {
			offs = xrealloc(offs, (*n + 1) * sizeof(*offs));
			offs[(*n)++] = r.r_offset;
		}
	}
	return offs;
}

static bool in(const uint64_t *offs, size_t n, uint64_t lo, uint64_t hi)
{
	for (size_t i = 0; i < n; i++)
		if (offs[i] >= lo && offs[i] < hi)
			return true;
	return false;
}

/* A constant in the register the operand string O starts with (the 32-
 * or 64-bit name R32/R64), set by `mov`, or -1 and false if O does not
 * write it. */
static bool reg_write(const char *m, const char *o, const char *r32,
		      const char *r64, long *v)
{
	size_t l32 = strlen(r32), l64 = strlen(r64);
	bool is32 = !strncmp(o, r32, l32) && !strncmp(o + l32, ", ", 2);
	bool is64 = !strncmp(o, r64, l64) && !strncmp(o + l64, ", ", 2);
	if (!is32 && !is64)
		return false;
	const char *src = o + (is32 ? l32 : l64) + 2;
	char *end;
	*v = -1;
	if (!strcmp(m, "mov")) {
		long x = strtol(src, &end, 0);
		if (!*end && end != src)
			*v = x;
	} else if (!strcmp(m, "xor") && !strncmp(src, is32 ? r32 : r64, is32 ? l32 : l64) &&
		   !src[is32 ? l32 : l64]) {
		*v = 0;
	}
	return true;
}

static void scan_x86_64(const struct object *obj, size_t ndx, const uint8_t *code,
			size_t size, const uint64_t *offs, size_t n, struct sysuse *u)
{
	csh cs;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) {
		add(u, obj, ndx, 0, -1);
		return;
	}
	cs_option(cs, CS_OPT_SKIPDATA, CS_OPT_ON);
	cs_insn *insn = cs_malloc(cs);
	const uint8_t *p = code;
	uint64_t addr = 0;
	long di = -1, ax = -1;
	while (size && cs_disasm_iter(cs, &p, &size, &addr, insn)) {
		const char *m = insn->mnemonic, *o = insn->op_str;
		bool call = !strcmp(m, "call") || !strcmp(m, "jmp");
		if (call && in(offs, n, insn->address, insn->address + insn->size))
			add(u, obj, ndx, insn->address, di);
		if (!strcmp(m, "syscall"))
			add(u, obj, ndx, insn->address, ax);
		if (call || !strcmp(m, "ret") || !strcmp(m, "syscall")) {
			di = ax = -1;
			continue;
		}
		long v;
		if (reg_write(m, o, "edi", "rdi", &v))
			di = v;
		else if (!strncmp(o, "di, ", 4) || !strncmp(o, "dil, ", 5))
			di = -1;
		if (reg_write(m, o, "eax", "rax", &v)) {
			ax = v;
		} else if (!strncmp(o, "al, ", 4)) {
			/* clone.s: xor %eax,%eax; mov $56,%al */
			char *end;
			long x = strtol(o + 4, &end, 0);
			ax = !strcmp(m, "mov") && !*end && ax >= 0 && !(ax & ~0xffL) ? x : -1;
		} else if (!strncmp(o, "ax, ", 4) || !strncmp(o, "ah, ", 4)) {
			ax = -1;
		}
	}
	cs_free(insn, 1);
	cs_close(&cs);
}

/* riscv64: the number of a call is in a0 (x10), of an ecall in a7 (x17).
 * Set by `addi rd, zero, imm` (li) or `c.li rd, imm`; any other write
 * forgets it, and so does every jump. */
static void scan_riscv64(const struct object *obj, size_t ndx, const uint8_t *code,
			 size_t size, const uint64_t *offs, size_t n, struct sysuse *u)
{
	long r[32];
	for (int i = 0; i < 32; i++)
		r[i] = -1;
	for (size_t off = 0; off + 2 <= size;) {
		uint32_t w = code[off] | (uint32_t)code[off + 1] << 8;
		size_t len = (w & 3) != 3 ? 2 : 4;
		if (len == 4) {
			if (off + 4 > size)
				break;
			w |= (uint32_t)code[off + 2] << 16 | (uint32_t)code[off + 3] << 24;
		}
		if (in(offs, n, off, off + len))
			add(u, obj, ndx, off, r[10]);
		unsigned rd = 0;
		long v = -1;
		bool jump = false;
		if (len == 4) {
			unsigned op = w & 0x7f;
			if (w == 0x00000073 || (u->kernel && w == 0x00100073)) {
				/* ecall; the kernel's own ebreak (a check of the
				 * trap path at boot: riscv64/syscall_insn.c) */
				add(u, obj, ndx, off, r[17]);
				jump = true;
			} else if (op == 0x13 && ((w >> 12) & 7) == 0 && ((w >> 15) & 0x1f) == 0) {
				rd = (w >> 7) & 0x1f;   /* addi rd, zero, imm */
				v = (int32_t)w >> 20;
			} else if (op == 0x67 || op == 0x6f || op == 0x63) {
				jump = true;            /* jalr, jal, branches */
			} else if (op == 0x37 || op == 0x17 || op == 0x03 || op == 0x13 ||
				   op == 0x1b || op == 0x33 || op == 0x3b || op == 0x2f ||
				   op == 0x07 || op == 0x53 || op == 0x73) {
				rd = (w >> 7) & 0x1f;
			}
		} else {
			unsigned q = w & 3, f3 = w >> 13;
			unsigned crd = (w >> 7) & 0x1f;
			if (u->kernel && w == 0x9002)   /* c.ebreak */
				add(u, obj, ndx, off, r[17]);
			if (q == 1 && f3 == 2) {        /* c.li */
				rd = crd;
				v = (long)(((w >> 12) & 1) << 5 | ((w >> 2) & 0x1f));
				if (v >= 32)
					v -= 64;
			} else if ((q == 1 && (f3 == 1 || f3 == 5 || f3 >= 6)) ||
				   (q == 2 && f3 == 4 && (w >> 12 & 1) && !((w >> 2) & 0x1f)) ||
				   (q == 2 && f3 == 4 && !(w >> 12 & 1) && !((w >> 2) & 0x1f))) {
				jump = true;            /* c.jal, c.j, c.beqz/bnez, c.jalr, c.jr */
			} else if ((q == 1 && (f3 == 0 || f3 == 3)) || (q == 2 && f3 <= 4)) {
				rd = crd;
			} else if (q == 0 && f3 <= 3) {
				rd = 8 + ((w >> 2) & 7);
			} else if (q == 1 && f3 == 4) {
				rd = 8 + ((w >> 7) & 7);
			}
		}
		if (jump) {
			for (int i = 0; i < 32; i++)
				r[i] = -1;
		} else if (rd) {
			r[rd] = v;
		}
		off += len;
	}
}

static void scan_object(const struct object *obj, struct sysuse *u)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	/* A __syscallN sharing its section with its callers is called
	 * without a relocation, which the scan would not see. */
	for (size_t i = 1; i < obj->nsyms; i++) {
		const struct symbol *s = &obj->syms[i];
		const char *sec;
		if (s->defined && s->type == STT_FUNC && arch_wrapper(s->name) &&
		    (!(sec = object_section_name((struct object *)obj, s->sym.st_shndx)) ||
		     strncmp(sec, ".text.", 6) || strcmp(sec + 6, s->name)))
			add(u, obj, 0, 0, -1);
	}

	/* Each section's relocations, found once (a kernel object has
	 * thousands of sections). */
	size_t nsec = 0;
	elf_getshdrnum(obj->elf, &nsec);
	size_t *rela = xcalloc(nsec + 1, sizeof(*rela));
	while ((scn = elf_nextscn(obj->elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_RELA && sh.sh_info < nsec)
			rela[sh.sh_info] = elf_ndxscn(scn);
	scn = NULL;
	while ((scn = elf_nextscn(obj->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    !(sh.sh_flags & SHF_EXECINSTR) || !sh.sh_size)
			continue;
		Elf_Data *d = elf_rawdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size != sh.sh_size)
			continue;
		size_t n;
		uint64_t *offs = nr_calls(obj, rela[elf_ndxscn(scn)], &n);
		/* Only code that calls or traps is decoded: `syscall` is
		 * 0f 05, `ecall` 73 00 00 00 (bytes that may also occur
		 * inside other instructions: a false match only costs the
		 * decoding). */
		bool x86 = obj->ehdr.e_machine == EM_X86_64;
		bool insn = x86 ? memmem(d->d_buf, d->d_size, "\x0f\x05", 2) != NULL :
			memmem(d->d_buf, d->d_size, "\x73\0\0\0", 4) != NULL ||
			(u->kernel && (memmem(d->d_buf, d->d_size, "\x73\0\x10\0", 4) ||
				       memmem(d->d_buf, d->d_size, "\x02\x90", 2)));
		if (n || insn) {
			if (x86)
				scan_x86_64(obj, elf_ndxscn(scn), d->d_buf, d->d_size, offs, n, u);
			else
				scan_riscv64(obj, elf_ndxscn(scn), d->d_buf, d->d_size, offs, n, u);
		}
		free(offs);
	}
	free(rela);
}

/* The handler's name for each number of the kernel's catalogue. */
static const char **catalogue(const struct object *k, size_t *max)
{
	GElf_Shdr sh;
	const char **names = xcalloc(SYSCALLS_MAX, sizeof(*names));
	Elf_Scn *tab = object_find_section((struct object *)k, CATALOGUE, &sh);

	*max = 0;
	if (!tab)
		return names;
	size_t ndx = elf_ndxscn(tab);
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(k->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || sh.sh_info != ndx)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sizeof(Elf64_Rela); i++) {
			GElf_Rela r;
			size_t si;
			if (!gelf_getrela(d, (int)i, &r) || r.r_offset % 8 || r.r_addend ||
			    r.r_offset / 8 >= SYSCALLS_MAX ||
			    (si = GELF_R_SYM(r.r_info)) >= k->nsyms || !*k->syms[si].name ||
			    k->syms[si].type == STT_SECTION)
				continue;
			names[r.r_offset / 8] = k->syms[si].name;
			if (r.r_offset / 8 + 1 > *max)
				*max = r.r_offset / 8 + 1;
		}
	}
	return names;
}

/* The table's entries, worked out once per link: l->systable[nr] the
 * handler's name or NULL, for nr below l->systable_len. */
void systable_make(struct link *l)
{
	struct sysuse u = { 0 };
	struct sysset called = { 0 };
	size_t max;

	if (l->systable)
		return;
	const char **names = catalogue(l->kernel, &max);

	for (size_t i = 0; i < l->napp; i++) {
		syscalls_used(l->app[i], &called);
		scan_object(l->app[i], &u);
	}
	/* The kernel's own system call instructions with a constant number
	 * (its others are no system calls: a trap's ebreak). */
	u.kernel = true;
	scan_object(l->kernel, &u);
	u.kernel = false;
	size_t last = 0, count = 0;
	for (size_t nr = 0; nr < max; nr++) {
		bool want = u.unknown || sysset_has(&called, (unsigned)nr) ||
			sysset_has(&u.nrs, (unsigned)nr);
		if (!want || !names[nr])
			names[nr] = NULL;
		else
			last = nr + 1, count++;
	}
	if (u.unknown)
		VERBOSE("system call table: all %zu handlers (%s makes a call whose number is not a constant)",
			count, u.where);
	else
		VERBOSE("system call table: %zu handlers, numbers 0-%zu", count, last ? last - 1 : 0);
	l->systable = names;
	l->systable_len = last;
	l->systable_all = u.unknown;
}

int systable_write(struct link *l, FILE *out)
{
	systable_make(l);
	fprintf(out, "\t\t/* Generated by ukld: the kernel's handlers of the calls the\n"
		"\t\t * program can make%s. */\n",
		l->systable_all ? " (all: a call's number is not a constant)" : "");
	for (size_t nr = 0; nr < l->systable_len; nr++)
		fprintf(out, "\t\tQUAD(%s)\n", l->systable[nr] ? l->systable[nr] : "0");
	return 0;
}

/* A name the script only uses in an expression is no root of
 * --gc-sections for GNU ld (its section would go, the entry become 0):
 * EXTERN makes each handler one, as -u would. */
int systable_extern(struct link *l, FILE *out)
{
	size_t n = 0;
	systable_make(l);
	for (size_t nr = 0; nr < l->systable_len; nr++)
		if (l->systable[nr])
			fprintf(out, "%s%s", n++ % 6 ? " " : n == 1 ? "EXTERN(\n\t" : "\n\t",
				l->systable[nr]);
	if (n)   /* EXTERN() with no name is a syntax error */
		fprintf(out, "\n)\n");
	return 0;
}
