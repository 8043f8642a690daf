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

/* The section header and name of section NDX of OBJ; NULL name on error. */
const char *object_section_name(struct object *obj, size_t ndx);
Elf_Scn *object_find_section(struct object *obj, const char *name,
			     GElf_Shdr *shdr);

const char *machine_name(unsigned machine);

#endif
