/* SPDX-License-Identifier: MIT */
/*
 * verify: the invariants a linked image must hold for the runtime to boot
 * and run it (see verify.h).  This file holds the framework and the
 * invariants every architecture shares; arch/<arch>/verify.c the rest.
 *
 * The checks read the image only: what the loader (QEMU, firmware), the
 * runtime and the libc will read from it.  The TLS and constructor checks are
 * the link's own (tls/link.c, ctors/link.c), run again here so that an image
 * on disk can be judged alone.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ukl/contract.h"
#include "ukld.h"
#include "verify.h"
#include "warn.h"

void verify_say(struct verify_ctx *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
}

int verify_foreach_note(struct verify_ctx *v,
			int (*fn)(struct verify_ctx *v, const GElf_Nhdr *n,
				  const char *name, const uint8_t *desc,
				  uint64_t align, void *arg),
			void *arg)
{
	for (size_t i = 0; i < v->nph; i++) {
		const GElf_Phdr *p = &v->ph[i];
		if (p->p_type != PT_NOTE || p->p_offset > v->file_size ||
		    p->p_filesz > v->file_size - p->p_offset)
			continue;
		Elf_Data *d = elf_getdata_rawchunk(v->im.elf, (int64_t)p->p_offset,
						   p->p_filesz, ELF_T_NHDR);
		GElf_Nhdr n;
		size_t off = 0, name_off, desc_off, next;
		while (d && off < d->d_size &&
		       (next = gelf_getnote(d, off, &n, &name_off, &desc_off)) > 0) {
			const char *base = d->d_buf;
			int r = fn(v, &n, n.n_namesz ? base + name_off : "",
				   (const uint8_t *)base + desc_off, p->p_align, arg);
			if (r)
				return r;
			off = next;
		}
	}
	return 0;
}

/* Through the section's raw data, not elf_rawfile(): on an ELF_C_READ
 * handle, libelf 0.188 then reads the whole file again and leaks the
 * section data it had read (found by make fuzz). */
const uint8_t *verify_bytes_at(struct verify_ctx *v, uint64_t addr, size_t len)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(v->im.elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS ||
		    !(sh.sh_flags & SHF_ALLOC) || addr < sh.sh_addr ||
		    addr - sh.sh_addr > sh.sh_size ||
		    len > sh.sh_size - (addr - sh.sh_addr))
			continue;
		Elf_Data *d = elf_rawdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size != sh.sh_size)
			return NULL;
		return (const uint8_t *)d->d_buf + (addr - sh.sh_addr);
	}
	return NULL;
}

static bool has_prefix(const struct verify_ctx *v, const char *name)
{
	return v->prefix && !strncmp(name, v->prefix, strlen(v->prefix));
}

/* ---- the shared invariants ---- */

/* Both architectures link and map the image in the top 2 GiB
 * (0xffffffff80000000 up): no segment, TLS block or note can be larger. */
#define MAP_MAX (2ull << 30)

/* Each note of the PT_NOTE P whole inside it, and none all zero (a
 * zeroed note is no note; QEMU and the runtime stop reading there). */
static int notes_sane(struct verify_ctx *v, size_t i, const GElf_Phdr *p)
{
	uint64_t align = p->p_align == 8 ? 8 : 4;
	/* A raw chunk, not elf_rawfile() (see verify_bytes_at()). */
	Elf_Data *d = p->p_filesz ? elf_getdata_rawchunk(v->im.elf, (int64_t)p->p_offset,
							 p->p_filesz, ELF_T_BYTE) : NULL;
	if (!d || !d->d_buf)
		return 0;
	const unsigned char *b = d->d_buf;
	for (uint64_t off = 0; off < p->p_filesz;) {
		Elf64_Nhdr n;
		if (p->p_filesz - off < sizeof(n)) {
			verify_say(v, "PT_NOTE %zu: %#lx bytes after its last note, too few for a note header",
				   i, (unsigned long)(p->p_filesz - off));
			return -1;
		}
		memcpy(&n, b + off, sizeof(n));
		if (!n.n_namesz && !n.n_descsz && !n.n_type) {
			verify_say(v, "PT_NOTE %zu: the note at %#lx is all zeros", i, (unsigned long)off);
			return -1;
		}
		uint64_t len = sizeof(n) + ((n.n_namesz + align - 1) & ~(align - 1)) +
			       ((n.n_descsz + align - 1) & ~(align - 1));
		if (len > p->p_filesz - off) {
			verify_say(v, "PT_NOTE %zu: the note at %#lx (name %u, descriptor %u bytes) runs past the segment's %#lx bytes",
				   i, (unsigned long)off, n.n_namesz, n.n_descsz, (unsigned long)p->p_filesz);
			return -1;
		}
		off += len;
	}
	return 0;
}

/* Every PT_LOAD is in the file, and the loader can place it; every size
 * is bounded by what the runtime maps. */
static int v_segments(struct verify_ctx *v)
{
	unsigned n = 0;
	if (v->im.ehdr.e_phentsize != sizeof(Elf64_Phdr)) {
		verify_say(v, "program header entry size %u is not %zu: no loader reads the headers so",
			   v->im.ehdr.e_phentsize, sizeof(Elf64_Phdr));
		return -1;
	}
	for (size_t i = 0; i < v->nph; i++) {
		const GElf_Phdr *p = &v->ph[i];
		if (p->p_type != PT_LOAD && p->p_type != PT_TLS && p->p_type != PT_NOTE)
			continue;
		const char *what = p->p_type == PT_LOAD ? "segment" :
				   p->p_type == PT_TLS ? "PT_TLS" : "PT_NOTE";
		if (p->p_memsz > MAP_MAX || p->p_filesz > MAP_MAX) {
			verify_say(v, "%s %zu has %#lx bytes: more than the 2 GiB the runtime maps the image in",
				   what, i, (unsigned long)(p->p_memsz > p->p_filesz ? p->p_memsz : p->p_filesz));
			return -1;
		}
		if (p->p_vaddr + p->p_memsz < p->p_vaddr || p->p_paddr + p->p_memsz < p->p_paddr) {
			verify_say(v, "%s %zu (address %#lx, physical %#lx, %#lx bytes) wraps around the address space",
				   what, i, (unsigned long)p->p_vaddr, (unsigned long)p->p_paddr,
				   (unsigned long)p->p_memsz);
			return -1;
		}
		if (p->p_type == PT_NOTE) {
			if (p->p_offset > v->file_size || p->p_filesz > v->file_size - p->p_offset) {
				verify_say(v, "PT_NOTE %zu (offset %#lx, %#lx bytes) lies outside the %zu-byte file",
					   i, (unsigned long)p->p_offset, (unsigned long)p->p_filesz, v->file_size);
				return -1;
			}
			if (notes_sane(v, i, p))
				return -1;
		}
		if (p->p_type != PT_LOAD)
			continue;
		n++;
		if (p->p_offset > v->file_size || p->p_filesz > v->file_size - p->p_offset) {
			verify_say(v, "segment %zu (offset %#lx, %#lx bytes) lies outside the %zu-byte file",
				   i, (unsigned long)p->p_offset, (unsigned long)p->p_filesz, v->file_size);
			return -1;
		}
		if (p->p_filesz > p->p_memsz) {
			verify_say(v, "segment %zu has more bytes in the file (%#lx) than in memory (%#lx)",
				   i, (unsigned long)p->p_filesz, (unsigned long)p->p_memsz);
			return -1;
		}
		if (p->p_align > 1 && (p->p_offset - p->p_vaddr) % p->p_align) {
			verify_say(v, "segment %zu: offset %#lx and address %#lx differ modulo its alignment %#lx",
				   i, (unsigned long)p->p_offset, (unsigned long)p->p_vaddr,
				   (unsigned long)p->p_align);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			const GElf_Phdr *q = &v->ph[j];
			if (q->p_type == PT_LOAD && p->p_memsz && q->p_memsz &&
			    p->p_paddr < q->p_paddr + q->p_memsz &&
			    q->p_paddr < p->p_paddr + p->p_memsz) {
				verify_say(v, "segments %zu and %zu overlap in physical memory", j, i);
				return -1;
			}
		}
	}
	if (!n) {
		verify_say(v, "no PT_LOAD segment: nothing to load");
		return -1;
	}
	verify_say(v, "%u PT_LOAD segments, inside the file, not overlapping", n);
	return 0;
}

/* The loader puts each segment at p_paddr; the code runs at p_vaddr. */
static int v_load_address(struct verify_ctx *v)
{
	for (size_t i = 0; i < v->nph; i++) {
		const GElf_Phdr *p = &v->ph[i];
		if (p->p_type == PT_LOAD && p->p_vaddr - p->p_paddr != v->arch->virt_offset) {
			verify_say(v, "segment %zu: physical %#lx is not virtual %#lx less %#lx",
				   i, (unsigned long)p->p_paddr, (unsigned long)p->p_vaddr,
				   (unsigned long)v->arch->virt_offset);
			return -1;
		}
	}
	verify_say(v, "p_paddr = p_vaddr - %#lx for every PT_LOAD",
		   (unsigned long)v->arch->virt_offset);
	return 0;
}

/* The runtimes map the image in 4 KiB pages with the permissions of the
 * segments each page holds a part of, so a writable and an executable
 * segment must not share a page either. */
#define VERIFY_PAGE 4096ull

static int v_wx(struct verify_ctx *v)
{
	if (verify_linux(v))
		return linux_verify_wx(v);
	for (size_t i = 0; i < v->nph; i++) {
		const GElf_Phdr *p = &v->ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		if ((p->p_flags & PF_W) && (p->p_flags & PF_X)) {
			verify_say(v, "segment %zu at %#lx is both writable and executable",
				   i, (unsigned long)p->p_vaddr);
			return -1;
		}
		for (size_t j = 0; j < v->nph; j++) {
			const GElf_Phdr *q = &v->ph[j];
			if (q->p_type != PT_LOAD || !(p->p_flags & PF_W) || !(q->p_flags & PF_X) ||
			    !p->p_memsz || !q->p_memsz)
				continue;
			uint64_t p_lo = p->p_vaddr & ~(VERIFY_PAGE - 1);
			uint64_t q_lo = q->p_vaddr & ~(VERIFY_PAGE - 1);
			if (p_lo < q->p_vaddr + q->p_memsz && q_lo < p->p_vaddr + p->p_memsz) {
				verify_say(v, "writable segment %zu at %#lx and executable segment %zu "
					   "at %#lx share a %llu-byte page", i, (unsigned long)p->p_vaddr,
					   j, (unsigned long)q->p_vaddr, VERIFY_PAGE);
				return -1;
			}
		}
	}
	verify_say(v, "no segment is both writable and executable, no page is in both kinds");
	return 0;
}

/* The PT_LOAD holding [ADDR, ADDR+LEN) in memory, or NULL. */
static const GElf_Phdr *load_segment(struct verify_ctx *v, uint64_t addr, uint64_t len)
{
	for (size_t i = 0; i < v->nph; i++) {
		const GElf_Phdr *p = &v->ph[i];
		if (p->p_type == PT_LOAD && addr >= p->p_vaddr &&
		    addr - p->p_vaddr <= p->p_memsz && len <= p->p_memsz - (addr - p->p_vaddr))
			return p;
	}
	return NULL;
}

/* e_entry is the runtime's boot entry, in executable memory; the
 * application's entry, which the runtime jumps to, is the application's
 * code. */
static int v_entry(struct verify_ctx *v)
{
	uint64_t e, app;
	const GElf_Phdr *p;
	if (verify_linux(v))
		return linux_verify_entry(v);
	if (!image_symbol(&v->im, v->arch->entry_symbol, &e)) {
		verify_say(v, "the runtime's entry %s is not defined", v->arch->entry_symbol);
		return -1;
	}
	if (v->im.ehdr.e_entry != e) {
		verify_say(v, "e_entry is %#lx, not the runtime's entry %s (%#lx)",
			   (unsigned long)v->im.ehdr.e_entry, v->arch->entry_symbol,
			   (unsigned long)e);
		return -1;
	}
	if (!(p = load_segment(v, e, 1)) || !(p->p_flags & PF_X)) {
		verify_say(v, "the entry %#lx is not in an executable segment", (unsigned long)e);
		return -1;
	}
	if (!image_symbol(&v->im, "__ukl_app_entry", &app)) {
		verify_say(v, "__ukl_app_entry is not defined: the runtime cannot start the application");
		return -1;
	}
	if (!v->has_app_text || app < v->app_text_lo || app >= v->app_text_hi) {
		verify_say(v, "__ukl_app_entry (%#lx) is not in the application's code", (unsigned long)app);
		return -1;
	}
	verify_say(v, "e_entry is %s; __ukl_app_entry is in the application's code",
		   v->arch->entry_symbol);
	return 0;
}

/* An image that does not load its ELF header carries a copy of the program
 * headers in .ukl.phdrs (contract.h, point 5): it must be filled, and be
 * the image's program headers. */
static int phdrs_copy(struct verify_ctx *v, const GElf_Shdr *sh)
{
	struct ukl_phdrs c;
	const uint8_t *b = verify_bytes_at(v, sh->sh_addr, sizeof(c));
	if (!b) {
		verify_say(v, "%s is not %zu loaded bytes", UKL_SEC_PHDRS, sizeof(c));
		return -1;
	}
	memcpy(&c, b, sizeof(c));
	if (c.magic != UKL_PHDRS_MAGIC || c.count != v->nph) {
		verify_say(v, "%s is not filled with the %zu program headers (magic %#x, count %u)",
			   UKL_SEC_PHDRS, v->nph, c.magic, c.count);
		return -1;
	}
	for (size_t i = 0; i < v->nph; i++) {
		Elf64_Phdr e;
		memcpy(&e, c.phdrs + i * UKL_PHDR_SIZE, sizeof(e));
		if (e.p_type != v->ph[i].p_type || e.p_vaddr != v->ph[i].p_vaddr ||
		    e.p_memsz != v->ph[i].p_memsz || e.p_filesz != v->ph[i].p_filesz ||
		    e.p_align != v->ph[i].p_align) {
			verify_say(v, "%s entry %zu differs from program header %zu", UKL_SEC_PHDRS, i, i);
			return -1;
		}
	}
	verify_say(v, "the %zu program headers are copied in %s at %#lx", v->nph,
		   UKL_SEC_PHDRS, (unsigned long)sh->sh_addr);
	return 0;
}

/* The runtime and the libc find PT_TLS through the program headers at
 * __ehdr_start (AT_PHDR): they must be loaded, and the TLS image too. */
static int v_phdrs(struct verify_ctx *v)
{
	uint64_t eh;
	const GElf_Ehdr *h = &v->im.ehdr;
	GElf_Shdr copy;
	if (image_section(&v->im, UKL_SEC_PHDRS, &copy))
		return phdrs_copy(v, &copy);
	if (!image_symbol(&v->im, "__ehdr_start", &eh)) {
		verify_say(v, "__ehdr_start is not defined: the runtime cannot find the program headers");
		return -1;
	}
	const GElf_Phdr *p = NULL;
	for (size_t i = 0; i < v->nph; i++)
		if (v->ph[i].p_type == PT_LOAD && v->ph[i].p_offset == 0)
			p = &v->ph[i];
	if (!p || p->p_vaddr != eh) {
		verify_say(v, "the ELF header is not loaded at __ehdr_start (%#lx)", (unsigned long)eh);
		return -1;
	}
	uint64_t end = h->e_phoff + (uint64_t)h->e_phnum * h->e_phentsize;
	if (h->e_phentsize != sizeof(Elf64_Phdr) || end > p->p_filesz) {
		verify_say(v, "the program headers (offset %#lx, %u of %u bytes) are not in the first segment",
			   (unsigned long)h->e_phoff, h->e_phnum, h->e_phentsize);
		return -1;
	}
	verify_say(v, "the program headers are loaded at __ehdr_start + %#lx",
		   (unsigned long)h->e_phoff);
	return 0;
}

static int v_tls(struct verify_ctx *v)
{
	if (tls_check_image(v->im.path)) {
		verify_say(v, "PT_TLS does not match the TLS sections (above)");
		return -1;
	}
	for (size_t i = 0; i < v->nph; i++) {
		const GElf_Phdr *p = &v->ph[i];
		if (p->p_type != PT_TLS)
			continue;
		if (p->p_align & (p->p_align - 1) || p->p_filesz > p->p_memsz) {
			verify_say(v, "PT_TLS alignment %#lx or sizes (%#lx in the file, %#lx in memory) are malformed",
				   (unsigned long)p->p_align, (unsigned long)p->p_filesz,
				   (unsigned long)p->p_memsz);
			return -1;
		}
		if (p->p_filesz && !load_segment(v, p->p_vaddr, p->p_filesz)) {
			verify_say(v, "the TLS image at %#lx is not in a loaded segment", (unsigned long)p->p_vaddr);
			return -1;
		}
		verify_say(v, "PT_TLS is the TLS sections: %#lx bytes (%#lx initialised), aligned to %#lx",
			   (unsigned long)p->p_memsz, (unsigned long)p->p_filesz,
			   (unsigned long)p->p_align);
		return 0;
	}
	verify_say(v, "no TLS (no PT_TLS, no TLS sections)");
	return 0;
}

static int v_ctors(struct verify_ctx *v)
{
	if (ctors_check_image(v->im.path)) {
		verify_say(v, "the application's constructor arrays are wrong (above)");
		return -1;
	}
	verify_say(v, "every preinit/init/fini array entry points into the application's code");
	return 0;
}

static int v_undefined(struct verify_ctx *v)
{
	GElf_Sym s;
	const char *n;
	unsigned bad = 0;
	char list[256] = "";
	if (!v->im.symscn) {
		verify_say(v, "the image has no symbol table");
		return -1;
	}
	for (size_t i = 1; i < v->im.nsyms; i++) {
		if (!(n = image_sym(&v->im, i, &s)) || s.st_shndx != SHN_UNDEF)
			continue;
		if (bad++ < 4)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s'%s'",
				 bad > 1 ? ", " : "", n);
	}
	if (bad) {
		verify_say(v, "%u undefined symbols: %s%s", bad, list, bad > 4 ? ", ..." : "");
		return -1;
	}
	verify_say(v, "no undefined symbol among %zu", v->im.nsyms);
	return 0;
}

/* Names the script or the linker define, kept as they are. */
static bool script_name(const char *n)
{
	static const char *const names[] = {
		"KERNEL_VMA", "__bss_start", "__bss_end", "_GLOBAL_OFFSET_TABLE_",
		"__ehdr_start", "__kernel_init_array_start", "__kernel_init_array_end",
		"KERNEL_PHYS", "__global_pointer$",   /* riscv64 */
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(n, names[i]))
			return true;
	/* ukld keeps these spellings; the script aliases __tls_get_addr to
	 * the libc's prefixed definition. */
	if (never_prefixed(n))
		return true;
	return !strncmp(n, "__ukl_", 6) || !strncmp(n, "__start_", 8) ||
	       !strncmp(n, "__stop_", 7);
}

/*
 * No application definition keeps its own name.  By address: every function
 * in the application's code and every TLS symbol (the kernel has none) is
 * prefixed.  With the kernel object (after a link, or --kernel): every other
 * name in the image is the kernel's or the script's.
 */
static int v_prefix(struct verify_ctx *v)
{
	GElf_Sym s;
	const char *n;
	if (!v->prefix) {
		verify_say(v, "no prefix recorded (%s is not filled)", UKL_SEC_KSYMS);
		return -1;
	}
	for (size_t i = 1; i < v->im.nsyms; i++) {
		if (!(n = image_sym(&v->im, i, &s)) || !*n || s.st_shndx == SHN_UNDEF)
			continue;
		unsigned t = GELF_ST_TYPE(s.st_info);
		if (t == STT_SECTION || t == STT_FILE || has_prefix(v, n) || script_name(n))
			continue;
		/* Mapping symbols ($x, $d...) mark code and data, they name nothing. */
		if (n[0] == '$' && GELF_ST_BIND(s.st_info) == STB_LOCAL)
			continue;
		if (t == STT_FUNC && v->has_app_text && s.st_value >= v->app_text_lo &&
		    s.st_value < v->app_text_hi) {
			verify_say(v, "function '%s' at %#lx in the application's code is not prefixed '%s'",
				   n, (unsigned long)s.st_value, v->prefix);
			return -1;
		}
		if (t == STT_TLS) {
			verify_say(v, "thread-local '%s' is not prefixed '%s'", n, v->prefix);
			return -1;
		}
		if (v->kernel_names && !symmap_get(v->kernel_names, n, false)) {
			verify_say(v, "'%s' is defined in the image but neither prefixed '%s' nor the kernel's",
				   n, v->prefix);
			return -1;
		}
	}
	verify_say(v, "every application definition is prefixed '%s'%s", v->prefix,
		   v->kernel_names ? "" : " (by address: code and TLS; --kernel to check data too)");
	return 0;
}

/* The function table the fault report names functions from. */
static int v_ksyms(struct verify_ctx *v)
{
	GElf_Shdr sh;
	struct ukl_ksyms_hdr h;
	if (!image_section(&v->im, UKL_SEC_KSYMS, &sh) || sh.sh_type != SHT_PROGBITS ||
	    sh.sh_size < sizeof(h)) {
		verify_say(v, "no %s section", UKL_SEC_KSYMS);
		return -1;
	}
	const uint8_t *b = verify_bytes_at(v, sh.sh_addr, sh.sh_size);
	if (!b) {
		verify_say(v, "%s is not in the file", UKL_SEC_KSYMS);
		return -1;
	}
	memcpy(&h, b, sizeof(h));
	if (h.magic != UKL_KSYMS_MAGIC || !h.count ||
	    h.count > (sh.sh_size - sizeof(h)) / sizeof(struct ukl_ksym) ||
	    h.strings_off > sh.sh_size || h.strings_size > sh.sh_size - h.strings_off) {
		verify_say(v, "%s is not filled, or its header is out of range", UKL_SEC_KSYMS);
		return -1;
	}
	uint32_t prev = 0;
	for (uint32_t i = 0; i < h.count; i++) {
		struct ukl_ksym k;
		memcpy(&k, b + sizeof(h) + i * sizeof(k), sizeof(k));
		uint32_t off = k.off & ~UKL_KSYM_APP;
		if (off < prev || h.base + off >= h.end) {
			verify_say(v, "%s entry %u is out of order or out of range",
				   UKL_SEC_KSYMS, i);
			return -1;
		}
		prev = off;
	}
	/* A name for every entry: count NULs among the strings. */
	uint32_t names = 0;
	for (uint32_t i = 0; i < h.strings_size; i++)
		names += !b[h.strings_off + i];
	if (names < h.count) {
		verify_say(v, "%s has %u names for %u entries", UKL_SEC_KSYMS, names, h.count);
		return -1;
	}
	verify_say(v, "%u functions, sorted", h.count);
	return 0;
}

static const struct verify_item shared_items[] = {
	{ "segments", "every PT_LOAD is inside the file and none overlap", v_segments },
	{ "load-address", "physical load addresses match the virtual ones", v_load_address },
	{ "wx", "no segment, and no page, is both writable and executable", v_wx },
	{ "entry", "the entry point is the runtime's; the app entry is app code", v_entry },
	{ "phdrs", "the program headers are loaded (at __ehdr_start, or copied in .ukl.phdrs) for AT_PHDR", v_phdrs },
	{ "tls", "PT_TLS agrees with the TLS sections and is loaded", v_tls },
	{ "ctors", "the app's init/fini arrays point into app code", v_ctors },
	{ "undefined", "no undefined symbol remains", v_undefined },
	{ "prefix", "no app definition is left unprefixed", v_prefix },
	{ "ksyms", "the function table is filled and sorted", v_ksyms },
};

/* ---- the framework ---- */

static int note_ukl(struct verify_ctx *v, const GElf_Nhdr *n, const char *name,
		    const uint8_t *desc, uint64_t align, void *arg)
{
	(void)align; (void)arg;
	if (n->n_type != UKL_NOTE_KERNEL || n->n_namesz != 4 || memcmp(name, "UKL", 4) ||
	    n->n_descsz < sizeof(struct ukl_note_kernel))
		return 0;
	struct ukl_note_kernel k;
	memcpy(&k, desc, sizeof(k));
	v->has_kernel_note = true;
	v->kernel_flags = k.flags;
	return 1;
}

/* Read what the items share; -1 if the image cannot be judged at all. */
static int verify_open(struct verify_ctx *v, const char *path)
{
	struct stat st;
	if (image_open(&v->im, path))
		return -1;
	if (fstat(v->im.fd, &st)) {
		ERROR_GLIBC(v->name, "cannot stat");
		return -1;
	}
	v->file_size = (size_t)st.st_size;
	/* A cut-off image: libelf reads what it can, and the items would
	 * blame what is missing (no TLS sections, no symbols). */
	const GElf_Ehdr *e = &v->im.ehdr;
	/* libelf counts no sections when their table is cut off. */
	size_t shnum = e->e_shnum;
	if (!shnum && elf_getshdrnum(v->im.elf, &shnum))
		shnum = 0;
	if (e->e_shoff && (e->e_shoff > v->file_size ||
			   (uint64_t)shnum * e->e_shentsize > v->file_size - e->e_shoff)) {
		ERROR(v->name, "the image is truncated or corrupt: its section headers (offset %#lx, %zu entries of %u bytes) end past the %zu-byte file",
		      (unsigned long)e->e_shoff, shnum, e->e_shentsize, v->file_size);
		return -1;
	}
	if (e->e_phoff > v->file_size ||
	    (uint64_t)e->e_phnum * e->e_phentsize > v->file_size - e->e_phoff) {
		ERROR(v->name, "the image is truncated or corrupt: its program headers (offset %#lx, %u entries of %u bytes) end past the %zu-byte file",
		      (unsigned long)e->e_phoff, e->e_phnum, e->e_phentsize, v->file_size);
		return -1;
	}
	Elf_Scn *scn = NULL;
	GElf_Shdr s;
	while ((scn = elf_nextscn(v->im.elf, scn)))
		if (gelf_getshdr(scn, &s) && s.sh_type != SHT_NOBITS &&
		    (s.sh_offset > v->file_size || s.sh_size > v->file_size - s.sh_offset)) {
			ERROR(v->name, "the image is truncated or corrupt: section %zu (offset %#lx, %#lx bytes) ends past the %zu-byte file",
			      elf_ndxscn(scn), (unsigned long)s.sh_offset, (unsigned long)s.sh_size,
			      v->file_size);
			return -1;
		}
	if (gelf_getclass(v->im.elf) != ELFCLASS64 || v->im.ehdr.e_type != ET_EXEC) {
		ERROR(v->name, "not a 64-bit ELF executable (ELF type %u): verify checks a linked image",
		      v->im.ehdr.e_type);
		return -1;
	}
	const struct ukld_arch *arch = arch_for_machine(v->im.ehdr.e_machine);
	if (arch) {
		v->arch = arch->verify;
		v->arch_name = arch->name;
	}
	if (!v->arch) {
		ERROR(v->name, "an image for %s (e_machine %u): verify knows no such architecture",
		      machine_name(v->im.ehdr.e_machine), v->im.ehdr.e_machine);
		return -1;
	}
	if (elf_getphdrnum(v->im.elf, &v->nph)) {
		ERROR_ELF(v->name, "cannot read the program headers");
		return -1;
	}
	v->ph = xcalloc(v->nph ? v->nph : 1, sizeof(*v->ph));
	for (size_t i = 0; i < v->nph; i++)
		if (!gelf_getphdr(v->im.elf, (int)i, &v->ph[i])) {
			ERROR_ELF(v->name, "cannot read program header %zu", i);
			return -1;
		}
	verify_foreach_note(v, note_ukl, NULL);
	v->has_app_text = image_symbol(&v->im, "__ukl_app_text_start", &v->app_text_lo) &&
			  image_symbol(&v->im, "__ukl_app_text_end", &v->app_text_hi);
	GElf_Shdr sh;
	struct ukl_ksyms_hdr h;
	const uint8_t *b;
	if (image_section(&v->im, UKL_SEC_KSYMS, &sh) && sh.sh_size >= sizeof(h) &&
	    (b = verify_bytes_at(v, sh.sh_addr, sizeof(h)))) {
		memcpy(&h, b, sizeof(h));
		h.prefix[sizeof(h.prefix) - 1] = '\0';
		if (h.magic == UKL_KSYMS_MAGIC && h.prefix[0])
			v->prefix = xstrdup(h.prefix);
	}
	return 0;
}

static void run_item(struct verify_ctx *v, const struct verify_item *it,
		     const struct verify_opts *o, unsigned *fails)
{
	v->why[0] = '\0';
	int r = it->fn(v);
	if (r) {
		(*fails)++;
		if (o->quiet)
			ERROR(v->name, "verify: %s: %s", it->name, v->why);
		else
			printf("FAIL %-13s %s\n", it->name, v->why);
	} else if (!o->quiet) {
		printf("pass %-13s %s\n", it->name, v->why);
	} else {
		VERBOSE("verify: pass %-13s %s", it->name, v->why);
	}
}

static struct symmap *kernel_names(struct object *k)
{
	struct symmap *m = xcalloc(1, sizeof(*m));
	for (size_t i = 1; i < k->nsyms; i++) {
		const struct symbol *s = &k->syms[i];
		if (s->defined && *s->name && s->type != STT_SECTION && s->type != STT_FILE)
			symmap_get(m, s->name, true);
	}
	return m;
}

static void symmap_free(struct symmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i]);
	free(m->slots);
	free(m);
}

int verify_image(const char *path, const struct verify_opts *o)
{
	struct verify_ctx v = { .name = o->name ? o->name : path };
	unsigned fails = 0, n = 0;

	if (verify_open(&v, path)) {
		image_close(&v.im);
		free(v.ph);
		return -1;
	}
	char *script_names = NULL;
	if (o->kernel) {
		v.kernel_names = kernel_names(o->kernel);
		script_names = linux_script_names(o->kernel->name, v.kernel_names);
	}
	if (!o->quiet)
		printf("%s: %s image\n", v.name, v.arch_name);
	for (size_t i = 0; i < sizeof(shared_items) / sizeof(shared_items[0]); i++, n++)
		run_item(&v, &shared_items[i], o, &fails);
	for (size_t i = 0; i < v.arch->nitems; i++, n++)
		run_item(&v, &v.arch->items[i], o, &fails);
	if (fails && !o->quiet)
		ERROR(v.name, "verify: %u of %u invariants fail", fails, n);
	else if (!o->quiet)
		printf("%s: all %u invariants hold\n", v.name, n);
	image_close(&v.im);
	symmap_free(v.kernel_names);
	free(script_names);
	free(v.arch_cache);
	free(v.ph);
	free((char *)v.prefix);
	return fails ? -1 : 0;
}

static void verify_usage(FILE *f)
{
	fprintf(f,
"usage: ukld verify [--kernel FILE] [--list] IMAGE...\n"
"\n"
"Checks linked images: prints each invariant as pass or FAIL and exits 1 if\n"
"any fails.  --kernel names the kernel object the image was linked with, so\n"
"that every name in the image can be told the kernel's or the application's.\n");
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kernel", required_argument, 0, 'k' },
		{ "list", no_argument, 0, 'l' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 }
	};
	const char *kernel = NULL;
	int c, ret = 0;

	ukld_progname = "ukld verify";
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': kernel = optarg; break;
		case 'h': verify_usage(stdout); return 0;
		case 'l':
			for (size_t i = 0; i < sizeof(shared_items) / sizeof(shared_items[0]); i++)
				printf("%-13s %s\n", shared_items[i].name, shared_items[i].what);
			for (const struct ukld_arch *const *a = ukld_arches; *a; a++)
				for (size_t i = 0; i < (*a)->verify->nitems; i++)
					printf("%-13s (%s) %s\n", (*a)->verify->items[i].name,
					       (*a)->name, (*a)->verify->items[i].what);
			return 0;
		default:
			ERROR(NULL, "unknown option '%s' (see --help)", argv[optind - 1]);
			return 1;
		}
	}
	if (optind >= argc) {
		verify_usage(stderr);
		return 1;
	}
	struct input *kin = NULL;
	if (kernel && !(kin = input_open(kernel, 0)))
		return 1;
	if (kin && kin->is_archive) {
		ERROR(kernel, "is an archive: --kernel names the kernel object");
		input_close(kin);
		return 1;
	}
	struct verify_opts o = { .kernel = kin ? kin->objs[0] : NULL };
	for (int i = optind; i < argc; i++)
		if (verify_image(argv[i], &o))
			ret = 1;
	input_close(kin);
	return ret;
}
