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
