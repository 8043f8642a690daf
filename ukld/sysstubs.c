/* SPDX-License-Identifier: MIT */
/*
 * System calls the kernel does not export by number.
 *
 * The rebuilt libc calls a system call whose number it knows at compile
 * time as __ukl_sys_<nr>(a1, ...) (runtime/libc/ukl_syscall_direct.h);
 * the kernel exports that name for every call it implements, the handler
 * itself (runtime/syscall-exports.sh).  For every other number the
 * application refers to -- a call the kernel does not implement, or a
 * kernel that exports only the generic entry (Linux with linux/ukl.patch)
 * -- resolve() marks the name, and this pass writes one relocatable object
 * into the work directory with a stub per number: __ukl_sys_<nr> calls
 * __ukl_syscall(nr, a1, ..., a6), the kernel's generic entry, which
 * serves it or answers -ENOSYS and names the call once.  The code of a
 * stub is the target's (struct ukld_arch), the object is the kernel's
 * machine and flags (riscv64: the float ABI the linkers compare), and it is
 * linked after the application, outside its file pattern: kernel code,
 * unprefixed.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ukl/contract.h"
#include "ukld.h"
#include "warn.h"

#define SYS_PREFIX UKL_SYSCALL_DIRECT_PREFIX
#define STR_(x) #x
#define STR(x) STR_(x)
#define SYS_ENTRY STR(UKL_SYSCALL_ENTRY)

bool sys_stub_number(const char *name, unsigned *nr)
{
	size_t plen = strlen(SYS_PREFIX);
	unsigned long v = 0;

	if (strncmp(name, SYS_PREFIX, plen) || !name[plen])
		return false;
	/* Decimal, no sign, no leading zero: one spelling per number. */
	if (name[plen] == '0' && name[plen + 1])
		return false;
	for (const char *p = name + plen; *p; p++) {
		if (*p < '0' || *p > '9' || v >= SYSCALLS_MAX)
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v >= SYSCALLS_MAX)
		return false;
	*nr = (unsigned)v;
	return true;
}

/* A growing byte buffer. */
struct buf {
	unsigned char *p;
	size_t len;
};

static size_t buf_put(struct buf *b, const void *data, size_t n, size_t align)
{
	size_t off = (b->len + align - 1) & ~(align - 1);
	b->p = xrealloc(b->p, off + n);
	memset(b->p + b->len, 0, off - b->len);
	memcpy(b->p + off, data, n);
	b->len = off + n;
	return off;
}

static Elf64_Word str_add(struct buf *b, const char *s)
{
	return (Elf64_Word)buf_put(b, s, strlen(s) + 1, 1);
}

static int nr_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

int sys_stubs_write(struct link *l)
{
	const struct ukld_arch *a = l->arch;
	size_t n = l->nstubs;

	if (!n)
		return 0;
	/* The object is written from this host's structures: both targets
	 * are little-endian, as ukld's hosts are. */
	if (!a->stub || l->kernel->ehdr.e_ident[EI_CLASS] != ELFCLASS64 ||
	    l->kernel->ehdr.e_ident[EI_DATA] != ELFDATA2LSB ||
	    __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__) {
		ERROR(NULL, "no system call stub for %s on this host", a->name);
		return -1;
	}
	qsort(l->stubs, n, sizeof(*l->stubs), nr_cmp);   /* the same object every time */
	struct buf text = { 0 }, rela = { 0 }, sym = { 0 }, str = { 0 }, shstr = { 0 };
	Elf64_Sym s = { 0 };

	/* .text: the stubs; .rela.text: their calls of __ukl_syscall. */
	str_add(&str, "");
	buf_put(&sym, &s, sizeof(s), 8);               /* the null symbol */
	s.st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION);
	s.st_shndx = 1;
	buf_put(&sym, &s, sizeof(s), 8);               /* .text's section symbol */
	Elf64_Word entry_sym = (Elf64_Word)(2 + n);
	for (size_t i = 0; i < n; i++) {
		unsigned nr = l->stubs[i];
		if (nr > a->stub_nr_max) {
			ERROR(NULL, "system call %u: the %s stub holds numbers up to %u",
			      nr, a->name, a->stub_nr_max);
			goto fail;
		}
		size_t off = buf_put(&text, a->stub, a->stub_size, a->stub_align);
		unsigned char *w = text.p + off + a->stub_nr_off;
		uint32_t word = (uint32_t)w[0] | (uint32_t)w[1] << 8 |
			(uint32_t)w[2] << 16 | (uint32_t)w[3] << 24;
		word |= (uint32_t)nr << a->stub_nr_shift;
		for (int k = 0; k < 4; k++)
			w[k] = (unsigned char)(word >> (8 * k));

		Elf64_Rela r = {
			.r_offset = off + a->stub_call_off,
			.r_info = ELF64_R_INFO(entry_sym, a->stub_call_rtype),
			.r_addend = a->stub_call_addend,
		};
		buf_put(&rela, &r, sizeof(r), 8);

		char *name = xasprintf(SYS_PREFIX "%u", nr);
		s = (Elf64_Sym){
			.st_name = str_add(&str, name),
			.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
			.st_shndx = 1,
			.st_value = off,
			.st_size = a->stub_size,
		};
		free(name);
		buf_put(&sym, &s, sizeof(s), 8);
	}
	s = (Elf64_Sym){ .st_name = str_add(&str, SYS_ENTRY),
			 .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE) };
	buf_put(&sym, &s, sizeof(s), 8);

	/* The file: header, the sections' bytes, the section headers. */
	static const char *const names[] = {
		"", ".text", ".rela.text", ".symtab", ".strtab", ".shstrtab",
		".note.GNU-stack",
	};
	enum { NSEC = 7 };
	Elf64_Shdr sh[NSEC] = { 0 };
	for (int i = 0; i < NSEC; i++)
		sh[i].sh_name = str_add(&shstr, names[i]);
	struct buf f = { 0 };
	Elf64_Ehdr eh = l->kernel->ehdr;  /* machine, class, flags */
	buf_put(&f, &eh, sizeof(eh), 1);
	sh[1] = (Elf64_Shdr){ .sh_name = sh[1].sh_name, .sh_type = SHT_PROGBITS,
			      .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
			      .sh_addralign = a->stub_align, .sh_size = text.len };
	sh[1].sh_offset = buf_put(&f, text.p, text.len, a->stub_align);
	sh[2] = (Elf64_Shdr){ .sh_name = sh[2].sh_name, .sh_type = SHT_RELA,
			      .sh_flags = SHF_INFO_LINK, .sh_link = 3, .sh_info = 1,
			      .sh_addralign = 8, .sh_entsize = sizeof(Elf64_Rela),
			      .sh_size = rela.len };
	sh[2].sh_offset = buf_put(&f, rela.p, rela.len, 8);
	sh[3] = (Elf64_Shdr){ .sh_name = sh[3].sh_name, .sh_type = SHT_SYMTAB,
			      .sh_link = 4, .sh_info = 2, .sh_addralign = 8,
			      .sh_entsize = sizeof(Elf64_Sym), .sh_size = sym.len };
	sh[3].sh_offset = buf_put(&f, sym.p, sym.len, 8);
	sh[4] = (Elf64_Shdr){ .sh_name = sh[4].sh_name, .sh_type = SHT_STRTAB,
			      .sh_addralign = 1, .sh_size = str.len };
	sh[4].sh_offset = buf_put(&f, str.p, str.len, 1);
	sh[5] = (Elf64_Shdr){ .sh_name = sh[5].sh_name, .sh_type = SHT_STRTAB,
			      .sh_addralign = 1, .sh_size = shstr.len };
	sh[5].sh_offset = buf_put(&f, shstr.p, shstr.len, 1);
	/* No executable stack wanted (GNU ld warns about objects without). */
	sh[6] = (Elf64_Shdr){ .sh_name = sh[6].sh_name, .sh_type = SHT_PROGBITS,
			      .sh_addralign = 1, .sh_offset = f.len };
	size_t shoff = buf_put(&f, sh, sizeof(sh), 8);
	Elf64_Ehdr *h = (Elf64_Ehdr *)f.p;
	h->e_type = ET_REL;
	h->e_entry = 0;
	h->e_phoff = 0;
	h->e_phentsize = 0;
	h->e_phnum = 0;
	h->e_shoff = shoff;
	h->e_ehsize = sizeof(Elf64_Ehdr);
	h->e_shentsize = sizeof(Elf64_Shdr);
	h->e_shnum = NSEC;
	h->e_shstrndx = 5;

	l->stubs_path = xasprintf("%s/ukl-sys-stubs.o", l->workdir);
	int fd = open(l->stubs_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	bool ok = fd >= 0 && write(fd, f.p, f.len) == (ssize_t)f.len;
	if (fd >= 0 && close(fd))
		ok = false;
	if (!ok) {
		ERROR_GLIBC(l->stubs_path, "cannot write the system call stubs");
		free(f.p);
		goto fail;
	}
	free(f.p);
	VERBOSE("%zu system call stubs to %s: %s", n, SYS_ENTRY, l->stubs_path);
	free(text.p); free(rela.p); free(sym.p); free(str.p); free(shstr.p);
	return 0;
fail:
	free(text.p); free(rela.p); free(sym.p); free(str.p); free(shstr.p);
	return -1;
}
