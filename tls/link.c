/* SPDX-License-Identifier: MIT */
/*
 * TLS, the link-time half.  The script template puts the application's
 * .tdata/.tbss/.tcommon (and nothing of the kernel's) into one PT_TLS.  The
 * linker computes thread-pointer offsets from its own idea of the TLS block;
 * the libc (musl's __init_tls) and the runtime build the block from PT_TLS.
 * If the two disagree TLS breaks silently, so after the link this checks
 * that PT_TLS is exactly the TLS sections: where .tdata starts (p_vaddr),
 * its size (p_filesz), the whole block (p_memsz) and the largest alignment
 * of the sections (p_align).  The runtime half is tls/runtime.c.
 */
#include <string.h>

#include "../ukld/util.h"

#include "../ukld/image.h"
#include "../ukld/ukld.h"
#include "../ukld/warn.h"

int tls_check_image(const char *path)
{
	struct image im;
	int ret = 0;
	size_t nph;

	if (image_open(&im, path))
		return -1;
	GElf_Shdr td = { 0 }, tb = { 0 };
	bool has_td = image_section(&im, ".tdata", &td) && td.sh_size;
	bool has_tb = image_section(&im, ".tbss", &tb) && tb.sh_size;
	GElf_Phdr tls = { 0 };
	bool has_pt = false;
	if (elf_getphdrnum(im.elf, &nph)) {
		ERROR_ELF(path, "cannot read the program headers");
		image_close(&im);
		return -1;
	}
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(im.elf, (int)i, &ph) && ph.p_type == PT_TLS) {
			tls = ph;
			has_pt = true;
		}
	}
	if (!has_td && !has_tb) {
		if (has_pt && tls.p_memsz) {
			ERROR(path, "PT_TLS has %lu bytes but the image has no TLS sections",
			      (unsigned long)tls.p_memsz);
			ret = -1;
		}
		goto syms;
	}
	if (!has_pt) {
		ERROR(path, "the image has TLS sections but no PT_TLS: the libc cannot find its TLS image");
		ret = -1;
		goto out;
	}
	uint64_t start = has_td ? td.sh_addr : tb.sh_addr;
	uint64_t align = 1;
	if (has_td && td.sh_addralign > align)
		align = td.sh_addralign;
	if (has_tb && tb.sh_addralign > align)
		align = tb.sh_addralign;
	uint64_t end = has_tb ? tb.sh_addr + tb.sh_size : td.sh_addr + td.sh_size;
	/* With .tdata, PT_TLS starts at it (the libc copies p_filesz bytes
	 * from p_vaddr).  With only .tbss it may start a little earlier, where
	 * lld puts an empty .tdata: the block is then built from p_vaddr, and
	 * the linker's offsets are counted from there too, so what matters is
	 * that the gap is padding (less than the alignment). */
	if (has_td ? tls.p_vaddr != start
		   : tls.p_vaddr > start || start - tls.p_vaddr >= align) {
		ERROR(path, "PT_TLS starts at %#lx but the TLS sections at %#lx",
		      (unsigned long)tls.p_vaddr, (unsigned long)start);
		ret = -1;
	}
	if (tls.p_filesz != (has_td ? td.sh_size : 0)) {
		ERROR(path, "PT_TLS has %lu initialised bytes, .tdata %lu",
		      (unsigned long)tls.p_filesz, (unsigned long)(has_td ? td.sh_size : 0));
		ret = -1;
	}
	if (tls.p_vaddr <= start && tls.p_memsz < end - tls.p_vaddr) {
		ERROR(path, "PT_TLS is %lu bytes, the TLS sections end %lu bytes after its start",
		      (unsigned long)tls.p_memsz, (unsigned long)(end - tls.p_vaddr));
		ret = -1;
	}
	if (tls.p_align != align) {
		ERROR(path, "PT_TLS is aligned to %lu, the TLS sections to %lu: thread-pointer offsets would not match the block the libc builds",
		      (unsigned long)tls.p_align, (unsigned long)align);
		ret = -1;
	}
	/* Every thread-local symbol lies in the TLS segment: in an executable
	 * its value is its offset in the block, and its section a TLS one (a
	 * linker that put one elsewhere, as lld does with a TLS common symbol
	 * matched by no .tbss pattern, would leave it pointing into the block
	 * at an offset nothing reserved). */
syms:
	for (size_t i = 1; i < im.nsyms; i++) {
		GElf_Sym sym;
		GElf_Shdr sh;
		const char *name = image_sym(&im, i, &sym);
		if (!name || GELF_ST_TYPE(sym.st_info) != STT_TLS ||
		    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE)
			continue;
		Elf_Scn *scn = elf_getscn(im.elf, sym.st_shndx);
		if (!scn || !gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_TLS)) {
			ERROR(path, "thread-local '%s' is in no TLS section: build it into .tdata/.tbss (a TLS common symbol?)",
			      name);
			ret = -1;
		} else if (sym.st_value + sym.st_size > tls.p_memsz) {
			ERROR(path, "thread-local '%s' (offset %#lx, %lu bytes) lies outside PT_TLS (%lu bytes)",
			      name, (unsigned long)sym.st_value, (unsigned long)sym.st_size,
			      (unsigned long)tls.p_memsz);
			ret = -1;
		}
	}
out:
	image_close(&im);
	return ret;
}

/*
 * A TLS common symbol (assembler .tls_common; compilers emit .tbss instead,
 * even with -fcommon) has no section, and the linker gives it one: GNU ld
 * .tcommon, which the script puts in .tbss, but ld.lld plain .bss, outside
 * the TLS segment.  So that both link it right, ukld's copy of the object
 * gets a .tbss section holding each such symbol, which becomes a weak
 * definition there: a real definition elsewhere still wins, as over a
 * common symbol.
 */
int tls_convert_common(Elf *elf, const char *objname, char **newbuf)
{
	size_t shstrndx;
	Elf_Scn *symscn = NULL, *scn = NULL;
	GElf_Shdr sh;
	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB)
			symscn = scn;
	if (!symscn)
		return 0;
	Elf_Data *symdata = elf_getdata(symscn, NULL);
	GElf_Shdr symsh;
	if (!symdata || !gelf_getshdr(symscn, &symsh) || !symsh.sh_entsize) {
		ERROR_ELF(objname, "cannot read the symbol table");
		return -1;
	}
	size_t nsyms = symsh.sh_size / symsh.sh_entsize;
	uint64_t size = 0, align = 1;
	int count = 0;
	for (size_t i = 1; i < nsyms; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(symdata, (int)i, &sym) || sym.st_shndx != SHN_COMMON ||
		    GELF_ST_TYPE(sym.st_info) != STT_TLS)
			continue;
		/* A common symbol's value is its alignment. */
		uint64_t a = sym.st_value ? sym.st_value : 1;
		if (a & (a - 1)) {
			ERROR(objname, "TLS common symbol %zu has alignment %lu, not a power of two",
			      i, (unsigned long)a);
			return -1;
		}
		size = (size + a - 1) & ~(a - 1);
		size += sym.st_size;
		if (a > align)
			align = a;
		count++;
	}
	if (!count)
		return 0;
	if (elf_getshdrstrndx(elf, &shstrndx)) {
		ERROR_ELF(objname, "cannot read the section headers");
		return -1;
	}
	Elf_Scn *strscn = elf_getscn(elf, shstrndx);
	Elf_Data *strdata = strscn ? elf_getdata(strscn, NULL) : NULL;
	Elf_Scn *tbss = elf_newscn(elf);
	Elf_Data *d = tbss ? elf_newdata(tbss) : NULL;
	if (!strdata || !d) {
		ERROR_ELF(objname, "cannot add a .tbss section for its TLS common symbols");
		return -1;
	}
	size_t ndx = elf_ndxscn(tbss);
	if (ndx >= SHN_LORESERVE) {
		ERROR(objname, "too many sections to add one for its TLS common symbols");
		return -1;
	}
	d->d_buf = NULL;
	d->d_type = ELF_T_BYTE;
	d->d_size = size;
	d->d_align = align;
	GElf_Shdr nsh = { 0 };
	if (!gelf_getshdr(tbss, &nsh)) {
		ERROR_ELF(objname, "cannot add a .tbss section for its TLS common symbols");
		return -1;
	}
	nsh.sh_name = (Elf64_Word)elf_strtab_add(strdata, ".tbss", newbuf);
	nsh.sh_type = SHT_NOBITS;
	nsh.sh_flags = SHF_ALLOC | SHF_WRITE | SHF_TLS;
	nsh.sh_size = size;
	nsh.sh_addralign = align;
	if (!gelf_update_shdr(tbss, &nsh)) {
		ERROR_ELF(objname, "cannot add a .tbss section for its TLS common symbols");
		return -1;
	}
	uint64_t off = 0;
	for (size_t i = 1; i < nsyms; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(symdata, (int)i, &sym) || sym.st_shndx != SHN_COMMON ||
		    GELF_ST_TYPE(sym.st_info) != STT_TLS)
			continue;
		uint64_t a = sym.st_value ? sym.st_value : 1;
		off = (off + a - 1) & ~(a - 1);
		sym.st_value = off;
		sym.st_shndx = (Elf64_Section)ndx;
		sym.st_info = GELF_ST_INFO(STB_WEAK, STT_TLS);
		off += sym.st_size;
		if (!gelf_update_sym(symdata, (int)i, &sym)) {
			ERROR_ELF(objname, "cannot update TLS common symbol %zu", i);
			return -1;
		}
	}
	elf_flagdata(symdata, ELF_C_SET, ELF_F_DIRTY);
	VERBOSE("%s: %d TLS common symbols -> .tbss (%lu bytes)", objname, count,
		(unsigned long)size);
	return 1;
}
