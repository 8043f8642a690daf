/* SPDX-License-Identifier: MIT */
/*
 * Inputs: the files named on the command line, read once.  A file is a
 * relocatable object or an archive of them; each object (a file, or an archive
 * member) becomes a struct object holding its bytes, its libelf handle and its
 * symbols.  Only this file and objfile.c speak libelf to read objects.
 */
#ifndef UKLD_INPUT_H
#define UKLD_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <gelf.h>

struct object;

/* One section of an object, as the ELF layer read it. */
struct section {
	const char *name;       /* "" for section 0 */
	Elf64_Shdr sh;
	/* sh_size bytes inside the object's mapping (in place, unaligned
	 * possibly: archive members are 2-aligned); NULL for SHT_NOBITS and
	 * section 0. */
	const unsigned char *data;
	/* SHT_RELA/SHT_REL: its entries as Elf64_Rela (REL with addend 0),
	 * read on first use by object_relas() and freed with the object. */
	Elf64_Rela *relas;
	size_t nrelas;
	/* For a section with contents: the index of the relocation section
	 * that applies to it, 0 if none. */
	size_t rela_ndx;
};

struct symbol {
	const char *name;       /* as in the object (points into its strtab) */
	size_t idx;             /* index in .symtab */
	GElf_Sym sym;
	unsigned char bind;     /* STB_* */
	unsigned char type;     /* STT_* */
	bool defined;           /* st_shndx != SHN_UNDEF */
	struct object *obj;
};

struct object {
	char *name;             /* "file.o" or "lib.a[member.o]", for messages */
	const char *path;       /* the file on the command line */
	char *member;           /* archive member name, NULL for a plain object */
	const char *data;       /* the object's bytes (inside the file's mapping) */
	size_t size;
	Elf *elf;               /* read-only libelf handle on data */
	GElf_Ehdr ehdr;
	size_t symtab_ndx;      /* section index of .symtab, 0 if none */
	struct section *secs;   /* every section by index, 0 included */
	size_t nsecs;
	struct symbol *syms;    /* every entry of .symtab (index 0 included) */
	size_t nsyms;
	struct input *input;    /* the file it came from */

	/* Filled by the passes. */
	bool is_kernel;         /* carries the kernel note */
	bool included;          /* pulled into the link */
	unsigned order;         /* position among the linked app objects */
};

struct input {
	char *path;
	bool is_archive;
	bool is_libc;           /* appended by default, not named by the user */
	int fd;
	Elf *elf;               /* the file's own handle (archive or object) */
	struct object **objs;
	size_t nobjs;
};

/*
 * Open PATH and read every object in it (an archive's members in order; the
 * archive's symbol index and long-name members are skipped).  Objects must be
 * ELF64 relocatable files for MACHINE (EM_X86_64, ...; 0 accepts any).
 * Returns NULL after printing an error that names the file.
 */
struct input *input_open(const char *path, unsigned machine);
/* The same, with INPUT_* flags. */
#define INPUT_EMPTY_OK 0x1u  /* an archive with no members is no error (-lNAME) */
struct input *input_open_flags(const char *path, unsigned machine, unsigned flags);
void input_close(struct input *in);

/* Call FN on each object of PATH in order; stops at the first non-zero. */
typedef int (*object_fn)(struct object *obj, void *arg);
int input_foreach_object(const char *path, unsigned machine, object_fn fn,
			 void *arg);

/* The relocations of relocation section NDX of OBJ (an SHT_RELA or SHT_REL
 * section; secs[i].rela_ndx finds the one for section i): *N of them, or
 * NULL with *N = 0 for any other section. */
const Elf64_Rela *object_relas(struct object *obj, size_t ndx, size_t *n);
/* The index of OBJ's section called NAME, 0 if none (the first if several). */
size_t object_section_index(const struct object *obj, const char *name);

/* The section header and name of section NDX of OBJ; NULL name on error. */
const char *object_section_name(struct object *obj, size_t ndx);
Elf_Scn *object_find_section(struct object *obj, const char *name,
			     GElf_Shdr *shdr);

const char *machine_name(unsigned machine);

#endif
