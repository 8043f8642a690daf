/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "image.h"
#include "warn.h"

int image_open(struct image *im, const char *path)
{
	memset(im, 0, sizeof(*im));
	im->path = path;
	/* O_NONBLOCK: a FIFO is refused, not waited on. */
	im->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (im->fd < 0) {
		ERROR_GLIBC(path, "cannot open");
		return -1;
	}
	struct stat st;
	if (fstat(im->fd, &st) || !S_ISREG(st.st_mode)) {
		ERROR(path, "not a regular file");
		image_close(im);
		return -1;
	}
	im->elf = elf_begin(im->fd, ELF_C_READ, NULL);
	if (!im->elf || elf_kind(im->elf) != ELF_K_ELF ||
	    !gelf_getehdr(im->elf, &im->ehdr) ||
	    elf_getshdrstrndx(im->elf, &im->shstrndx)) {
		int e = elf_errno();   /* 0: libelf read it, as no ELF */
		ERROR(path, "not a readable ELF image: %s", e ? elf_errmsg(e) : "not an ELF file");
		image_close(im);
		return -1;
	}
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	while ((scn = elf_nextscn(im->elf, scn))) {
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB) {
			im->symscn = scn;
			im->symsh = sh;
			im->symdata = elf_getdata(scn, NULL);
			im->nsyms = im->symdata ? sh.sh_size / sizeof(Elf64_Sym) : 0;
		}
	}
	return 0;
}

void image_close(struct image *im)
{
	if (im->elf)
		elf_end(im->elf);
	if (im->fd >= 0)
		close(im->fd);
	im->elf = NULL;
	im->fd = -1;
}

Elf_Scn *image_section(struct image *im, const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(im->elf, scn))) {
		const char *n;
		if (gelf_getshdr(scn, sh) &&
		    (n = elf_strptr(im->elf, im->shstrndx, sh->sh_name)) &&
		    !strcmp(n, name))
			return scn;
	}
	return NULL;
}

const char *image_sym(struct image *im, size_t i, GElf_Sym *sym)
{
	if (i >= im->nsyms || !gelf_getsym(im->symdata, (int)i, sym))
		return NULL;
	return elf_strptr(im->elf, im->symsh.sh_link, sym->st_name);
}

bool image_symbol(struct image *im, const char *name, uint64_t *value)
{
	GElf_Sym s;
	const char *n;
	for (size_t i = 1; i < im->nsyms; i++)
		if ((n = image_sym(im, i, &s)) && s.st_shndx != SHN_UNDEF &&
		    !strcmp(n, name)) {
			*value = s.st_value;
			return true;
		}
	return false;
}
