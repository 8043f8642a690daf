/* SPDX-License-Identifier: MIT */
/*
 * A linked image, opened read-only for the post-link passes (the function
 * table, the TLS and constructor checks, verify).
 */
#ifndef UKLD_IMAGE_H
#define UKLD_IMAGE_H

#include <stdbool.h>
#include <gelf.h>

struct image {
	const char *path;
	int fd;
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shstrndx;
	Elf_Scn *symscn;       /* .symtab, NULL if stripped */
	GElf_Shdr symsh;
	Elf_Data *symdata;
	size_t nsyms;
};

int image_open(struct image *im, const char *path);
void image_close(struct image *im);
/* The section called NAME, or NULL. */
Elf_Scn *image_section(struct image *im, const char *name, GElf_Shdr *sh);
/* The value of the defined symbol NAME. */
bool image_symbol(struct image *im, const char *name, uint64_t *value);
/* Symbol I of .symtab and its name (NULL when there is none). */
const char *image_sym(struct image *im, size_t i, GElf_Sym *sym);

#endif
