/* SPDX-License-Identifier: MIT */
/*
 * The program headers' copy (contract.h, point 5): an image whose first
 * bytes must be code (riscv64) cannot load its ELF header, so the script
 * reserves .ukl.phdrs and this pass copies the image's program headers
 * there, in place, like the function table.  An image without the section
 * (x86_64, which loads its headers) is left alone.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ukl/contract.h"
#include "image.h"
#include "ukld.h"
#include "warn.h"

int patch_phdrs(struct link *l)
{
	const char *path = l->tmp_output;
	struct image im;
	struct ukl_phdrs ph;
	GElf_Shdr sh;
	size_t n;
	int ret = -1, fd = -1;

	if (image_open(&im, path))
		return -1;
	if (!image_section(&im, UKL_SEC_PHDRS, &sh)) {
		ret = 0;
		goto out;
	}
	if (sh.sh_type != SHT_PROGBITS || sh.sh_size < sizeof(ph)) {
		ERROR(path, "%s is not %zu bytes of PROGBITS (does the script template reserve it?)",
		      UKL_SEC_PHDRS, sizeof(ph));
		goto out;
	}
	if (elf_getphdrnum(im.elf, &n)) {
		ERROR_ELF(path, "cannot read the program headers");
		goto out;
	}
	if (n > UKL_PHDRS_MAX) {
		ERROR(path, "%zu program headers, but %s holds %d", n, UKL_SEC_PHDRS,
		      UKL_PHDRS_MAX);
		goto out;
	}
	memset(&ph, 0, sizeof(ph));
	ph.magic = UKL_PHDRS_MAGIC;
	ph.count = (uint32_t)n;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr p;
		Elf64_Phdr e;
		if (!gelf_getphdr(im.elf, (int)i, &p)) {
			ERROR_ELF(path, "cannot read program header %zu", i);
			goto out;
		}
		e = (Elf64_Phdr){ p.p_type, p.p_flags, p.p_offset, p.p_vaddr,
				  p.p_paddr, p.p_filesz, p.p_memsz, p.p_align };
		memcpy(ph.phdrs + i * UKL_PHDR_SIZE, &e, UKL_PHDR_SIZE);
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || pwrite(fd, &ph, sizeof(ph), (off_t)sh.sh_offset) != (ssize_t)sizeof(ph)) {
		ERROR_GLIBC(path, "cannot write the program headers' copy");
		goto out;
	}
	VERBOSE("program headers: %zu copied into %s", n, UKL_SEC_PHDRS);
	ret = 0;
out:
	image_close(&im);
	if (fd >= 0)
		close(fd);
	return ret;
}
