/* SPDX-License-Identifier: MIT */
/*
 * Which system calls the linked code can make, and which the kernel
 * implements, known at link time.
 *
 * The kernel's set is its table: runtime/syscall.c puts syscall_table in
 * its own section, SYSCALLS_SECTION, one pointer per number, so the
 * relocations of that section (a pointer to a handler at offset 8*nr) are
 * exactly the implemented numbers, read from the object as it is built:
 * nothing to keep in step.
 *
 * The program's set: every call whose number is a constant.  The rebuilt
 * musl calls such a system call by its own name, __ukl_sys_<nr>
 * (runtime/libc/ukl_syscall_direct.h): the undefined names say it.  It
 * makes cancellation points through __syscall_cp(nr, ...), and programs
 * call syscall(nr, ...), as code built elsewhere may call
 * __ukl_syscall(nr, ...): there the number is the first argument
 * (%edi/%rdi on x86_64, a0 on riscv64), at the call site.  Each executable
 * section is decoded in order (capstone for x86_64; riscv64's few
 * instructions that set a0 by hand), remembering the last constant put in
 * the first argument's register, forgotten at any other write to it and
 * after every call; a relocated call to one of those three functions
 * records it.  A number computed at run time (syscall(n, ...)'s own body)
 * is not known: the set is what the code names.
 */
#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>

#include "ukld.h"
#include "warn.h"

#define SYSCALLS_SECTION ".rodata.ukl_syscalls"

static const char *const names_x86_64[SYSCALLS_MAX] = {
#define SYSCALL_NR(name, nr) [nr] = #name,
#include "../runtime/arch/x86_64/include/arch/syscall_list.h"
#undef SYSCALL_NR
};
static const char *const names_riscv64[SYSCALLS_MAX] = {
#define SYSCALL_NR(name, nr) [nr] = #name,
#include "../runtime/arch/riscv64/include/arch/syscall_list.h"
#undef SYSCALL_NR
};

const char *syscall_name(unsigned machine, unsigned nr)
{
	if (nr >= SYSCALLS_MAX)
		return NULL;
	return machine == EM_RISCV ? names_riscv64[nr] :
	       machine == EM_X86_64 ? names_x86_64[nr] : NULL;
}

static void set_add(struct sysset *s, long nr)
{
	if (nr >= 0 && nr < SYSCALLS_MAX)
		s->bits[nr / 8] |= (unsigned char)(1u << (nr % 8));
}

bool sysset_has(const struct sysset *s, unsigned nr)
{
	return nr < SYSCALLS_MAX && (s->bits[nr / 8] >> (nr % 8) & 1);
}

/* The functions whose first argument is a system call's number. */
static bool takes_nr(const char *name)
{
	return !strcmp(name, "__ukl_syscall") || !strcmp(name, "syscall") ||
	       !strcmp(name, "__syscall_cp");
}

/* The offsets in section NDX of OBJ where a call to takes_nr() is
 * relocated, sorted; their count in *N. */
static uint64_t *nr_calls(struct object *obj, size_t ndx, size_t *n)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	uint64_t *offs = NULL;

	*n = 0;
	while ((scn = elf_nextscn(obj->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || sh.sh_info != ndx)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sizeof(Elf64_Rela); i++) {
			GElf_Rela r;
			if (!gelf_getrela(d, (int)i, &r))
				break;
			size_t si = GELF_R_SYM(r.r_info);
			if (si >= obj->nsyms || !takes_nr(obj->syms[si].name))
				continue;
			offs = xrealloc(offs, (*n + 1) * sizeof(*offs));
			offs[(*n)++] = r.r_offset;
		}
	}
	return offs;
}

static bool is_call_reloc(const uint64_t *offs, size_t n, uint64_t lo, uint64_t hi)
{
	for (size_t i = 0; i < n; i++)
		if (offs[i] >= lo && offs[i] < hi)
			return true;
	return false;
}

static void scan_x86_64(const uint8_t *code, size_t size, const uint64_t *offs,
			size_t n, struct sysset *s)
{
	csh cs;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
		return;
	cs_option(cs, CS_OPT_SKIPDATA, CS_OPT_ON);
	cs_insn *insn = cs_malloc(cs);
	const uint8_t *p = code;
	uint64_t addr = 0;
	long nr = -1;
	while (size && cs_disasm_iter(cs, &p, &size, &addr, insn)) {
		const char *m = insn->mnemonic, *o = insn->op_str;
		bool call = !strcmp(m, "call") || !strcmp(m, "jmp");
		if (call && is_call_reloc(offs, n, insn->address, insn->address + insn->size))
			set_add(s, nr);
		if (call || !strcmp(m, "ret")) {
			nr = -1;
			continue;
		}
		bool edi = !strncmp(o, "edi, ", 5) || !strncmp(o, "rdi, ", 5);
		if (!strcmp(m, "mov") && edi) {
			char *end;
			long v = strtol(o + 5, &end, 0);
			nr = *end ? -1 : v;
		} else if (!strcmp(m, "xor") && (!strcmp(o, "edi, edi") || !strcmp(o, "rdi, rdi"))) {
			nr = 0;
		} else if (edi || !strncmp(o, "di, ", 4) || !strncmp(o, "dil, ", 5)) {
			nr = -1;
		}
	}
	cs_free(insn, 1);
	cs_close(&cs);
}

/* riscv64: a0 is x10.  Set by `addi a0, zero, imm` (li) or `c.li a0, imm`;
 * any other instruction whose destination is a0 forgets it. */
static void scan_riscv64(const uint8_t *code, size_t size, const uint64_t *offs,
			 size_t n, struct sysset *s)
{
	long nr = -1;
	for (size_t off = 0; off + 2 <= size;) {
		uint32_t w = code[off] | (uint32_t)code[off + 1] << 8;
		size_t len = (w & 3) != 3 ? 2 : 4;
		if (len == 4) {
			if (off + 4 > size)
				break;
			w |= (uint32_t)code[off + 2] << 16 | (uint32_t)code[off + 3] << 24;
		}
		/* The call is auipc ra + jalr ra, relocated at the auipc. */
		if (is_call_reloc(offs, n, off, off + len))
			set_add(s, nr);
		if (len == 4) {
			unsigned op = w & 0x7f, rd = (w >> 7) & 0x1f;
			if ((w & 0xfffff) == 0x00513)
				nr = (int32_t)w >> 20;
			else if (op == 0x67 || op == 0x6f)   /* jalr, jal: a call unless rd is zero */
				nr = rd == 0 ? nr : -1;
			else if (rd == 10 && (op == 0x37 || op == 0x17 || op == 0x03 || op == 0x13 ||
					      op == 0x1b || op == 0x33 || op == 0x3b || op == 0x2f))
				nr = -1;
		} else {
			unsigned q = w & 3, rd = (w >> 7) & 0x1f, f3 = w >> 13;
			if ((w & 0xef83) == 0x4501) {
				long v = (long)(((w >> 12) & 1) << 5 | ((w >> 2) & 0x1f));
				nr = v >= 32 ? v - 64 : v;
			} else if ((q == 1 && f3 <= 3 && rd == 10) || (q == 2 && f3 <= 4 && rd == 10) ||
				   (q == 0 && f3 <= 3 && ((w >> 2) & 7) == 2) ||
				   (q == 1 && f3 == 4 && ((w >> 7) & 7) == 2)) {
				nr = -1;   /* another write to a0 (rd, or rd' = x10) */
			} else if (q == 2 && f3 == 4 && (w >> 12 & 1) && !((w >> 2) & 0x1f) && rd) {
				nr = -1;   /* c.jalr: a call */
			}
		}
		off += len;
	}
}

void syscalls_used(struct object *obj, struct sysset *s)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	unsigned nr;

	for (size_t i = 1; i < obj->nsyms; i++)
		if (!obj->syms[i].defined && obj->syms[i].bind != STB_LOCAL &&
		    sys_stub_number(obj->syms[i].name, &nr))
			set_add(s, nr);

	while ((scn = elf_nextscn(obj->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    !(sh.sh_flags & SHF_EXECINSTR) || !sh.sh_size)
			continue;
		size_t n;
		uint64_t *offs = nr_calls(obj, elf_ndxscn(scn), &n);
		if (!n)
			continue;
		Elf_Data *d = elf_rawdata(scn, NULL);
		if (d && d->d_buf && d->d_size == sh.sh_size) {
			if (obj->ehdr.e_machine == EM_X86_64)
				scan_x86_64(d->d_buf, d->d_size, offs, n, s);
			else if (obj->ehdr.e_machine == EM_RISCV)
				scan_riscv64(d->d_buf, d->d_size, offs, n, s);
		}
		free(offs);
	}
}

bool syscalls_kernel(struct object *k, struct sysset *s)
{
	GElf_Shdr sh;
	Elf_Scn *tab = object_find_section(k, SYSCALLS_SECTION, &sh);
	if (!tab)
		return false;
	size_t ndx = elf_ndxscn(tab);
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(k->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || sh.sh_info != ndx)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sizeof(Elf64_Rela); i++) {
			GElf_Rela r;
			if (gelf_getrela(d, (int)i, &r) && r.r_offset % 8 == 0)
				set_add(s, (long)(r.r_offset / 8));
		}
	}
	return true;
}

char *syscalls_missing(unsigned machine, const struct sysset *used,
		       const struct sysset *kernel, const char *sep)
{
	char *list = NULL;
	for (unsigned nr = 0; nr < SYSCALLS_MAX; nr++) {
		if (!sysset_has(used, nr) || sysset_has(kernel, nr))
			continue;
		const char *name = syscall_name(machine, nr);
		char *n = name ? xstrdup(name) : xasprintf("%u", nr);
		char *l = list ? xasprintf("%s%s%s", list, sep, n) : xstrdup(n);
		free(list);
		free(n);
		list = l;
	}
	return list;
}

int syscalls_warn(struct link *l)
{
	struct sysset used = { 0 }, kernel = { 0 };

	if (!syscalls_kernel(l->kernel, &kernel))
		return 0;   /* a kernel without the table: nothing to compare */
	for (size_t i = 0; i < l->napp; i++)
		syscalls_used(l->app[i], &used);
	char *list = syscalls_missing(l->o->machine, &used, &kernel, ", ");
	if (list)
		WARN(l->o->output, "the program can call %s, which %s does not implement (they fail with ENOSYS)",
		     list, l->kernel->path);
	free(list);
	return 0;
}
