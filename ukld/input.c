/* SPDX-License-Identifier: MIT */
/*
 * Reading inputs: files, archives, objects and their symbols.
 *
 * A file is mapped once; an archive's members are walked with elf_begin /
 * elf_next as elfutils' nm does, and each member keeps a pointer to its own
 * bytes inside the mapping (elf_rawfile), so later passes can copy a member
 * out without reading the archive again.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "util.h"
#include "warn.h"

const char *machine_name(unsigned machine)
{
	switch (machine) {
	case EM_X86_64: return "x86_64";
	case EM_RISCV:  return "riscv64";
	case EM_386:    return "i386";
	case EM_AARCH64: return "aarch64";
	case EM_ARM:    return "arm";
	default:        return "unknown machine";
	}
}

const char *object_section_name(struct object *obj, size_t ndx)
{
	size_t shstrndx;
	Elf_Scn *scn = elf_getscn(obj->elf, ndx);
	GElf_Shdr shdr;

	if (!scn || !gelf_getshdr(scn, &shdr) ||
	    elf_getshdrstrndx(obj->elf, &shstrndx))
		return NULL;
	return elf_strptr(obj->elf, shstrndx, shdr.sh_name);
}

Elf_Scn *object_find_section(struct object *obj, const char *name,
			     GElf_Shdr *shdr)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(obj->elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(obj->elf, scn))) {
		const char *n;
		if (!gelf_getshdr(scn, shdr))
			return NULL;
		n = elf_strptr(obj->elf, shstrndx, shdr->sh_name);
		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

size_t object_section_index(const struct object *obj, const char *name)
{
	for (size_t i = 1; i < obj->nsecs; i++)
		if (!strcmp(obj->secs[i].name, name))
			return i;
	return 0;
}

const Elf64_Rela *object_relas(struct object *obj, size_t ndx, size_t *n)
{
	struct section *s = ndx < obj->nsecs ? &obj->secs[ndx] : NULL;

	*n = 0;
	if (!s || (s->sh.sh_type != SHT_RELA && s->sh.sh_type != SHT_REL) || !s->data)
		return NULL;
	if (!s->relas) {
		/* Copied out: an archive member's bytes are only 2-aligned. */
		bool rela = s->sh.sh_type == SHT_RELA;
		size_t esz = rela ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel);
		s->nrelas = s->sh.sh_size / esz;
		s->relas = xcalloc(s->nrelas ? s->nrelas : 1, sizeof(*s->relas));
		for (size_t i = 0; i < s->nrelas; i++) {
			if (rela) {
				memcpy(&s->relas[i], s->data + i * esz, esz);
			} else {
				Elf64_Rel r;
				memcpy(&r, s->data + i * esz, esz);
				s->relas[i].r_offset = r.r_offset;
				s->relas[i].r_info = r.r_info;
			}
		}
	}
	*n = s->nrelas;
	return s->relas;
}

/* The section table as the passes read it (struct section), once the
 * object has been checked: every offset, size and name is known good. */
static void sections_read(struct object *obj, size_t shnum, size_t shstrndx)
{
	obj->secs = xcalloc(shnum, sizeof(*obj->secs));
	obj->nsecs = shnum;
	obj->secs[0].name = "";
	for (size_t i = 1; i < shnum; i++) {
		struct section *s = &obj->secs[i];
		Elf_Scn *scn = elf_getscn(obj->elf, i);
		GElf_Shdr sh;
		if (!scn || !gelf_getshdr(scn, &sh))
			continue;
		s->sh = sh;
		s->name = elf_strptr(obj->elf, shstrndx, sh.sh_name);
		if (!s->name)
			s->name = "";
		if (sh.sh_type != SHT_NOBITS)
			s->data = (const unsigned char *)obj->data + sh.sh_offset;
	}
	for (size_t i = 1; i < shnum; i++) {
		const Elf64_Shdr *sh = &obj->secs[i].sh;
		if ((sh->sh_type == SHT_RELA || sh->sh_type == SHT_REL) &&
		    sh->sh_info < shnum && !obj->secs[sh->sh_info].rela_ndx)
			obj->secs[sh->sh_info].rela_ndx = i;
	}
}

#define SECTION_ALIGN_MAX (2ul << 20)

/*
 * Every relocation must name a symbol of the symbol table: the passes and the
 * linker index the table with it.
 */
static int relocs_read(struct object *obj)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	while ((scn = elf_nextscn(obj->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr) ||
		    (shdr.sh_type != SHT_RELA && shdr.sh_type != SHT_REL))
			continue;
		if (shdr.sh_link != obj->symtab_ndx) {
			ERROR(obj->name, "relocation section %zu takes its symbols from section %u, not the symbol table: the object is corrupt",
			      elf_ndxscn(scn), shdr.sh_link);
			return -1;
		}
		size_t esz = shdr.sh_type == SHT_RELA ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel);
		if (shdr.sh_entsize != esz) {
			ERROR(obj->name, "relocation section %zu: entry size %lu is not %zu: the object is corrupt",
			      elf_ndxscn(scn), (unsigned long)shdr.sh_entsize, esz);
			return -1;
		}
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d) {
			ERROR_ELF(obj->name, "cannot read relocation section %zu", elf_ndxscn(scn));
			return -1;
		}
		/* Where each relocation applies must be inside the section it
		 * applies to: ld.lld 14 crashes writing outside it, ld.bfd
		 * says "error 4". */
		GElf_Shdr target;
		Elf_Scn *tscn = elf_getscn(obj->elf, shdr.sh_info);
		if (!tscn || !gelf_getshdr(tscn, &target)) {
			ERROR_ELF(obj->name, "cannot read section %u, which relocation section %zu applies to",
				  shdr.sh_info, elf_ndxscn(scn));
			return -1;
		}
		for (size_t i = 0; i < shdr.sh_size / esz; i++) {
			GElf_Rela r;
			GElf_Rel rel;
			uint64_t info;
			if (shdr.sh_type == SHT_RELA ? !gelf_getrela(d, (int)i, &r) :
			    !gelf_getrel(d, (int)i, &rel)) {
				ERROR_ELF(obj->name, "cannot read relocation %zu of section %zu", i, elf_ndxscn(scn));
				return -1;
			}
			info = shdr.sh_type == SHT_RELA ? r.r_info : rel.r_info;
			uint64_t where = shdr.sh_type == SHT_RELA ? r.r_offset : rel.r_offset;
			if (where >= target.sh_size && (target.sh_flags & SHF_ALLOC)) {
				ERROR(obj->name, "relocation %zu of section %zu applies at %#lx, outside its %#lx-byte section %u: the object is corrupt",
				      i, elf_ndxscn(scn), (unsigned long)where,
				      (unsigned long)target.sh_size, shdr.sh_info);
				return -1;
			}
			if (GELF_R_SYM(info) >= obj->nsyms) {
				ERROR(obj->name, "relocation %zu of section %zu names symbol %lu, beyond the %zu symbols: the object is corrupt",
				      i, elf_ndxscn(scn), (unsigned long)GELF_R_SYM(info), obj->nsyms);
				return -1;
			}
		}
	}
	return 0;
}

/*
 * Read the ELF header and the symbol table of one object.  Everything a later
 * pass relies on is checked here, so that a corrupt object fails with one
 * message naming it instead of crashing a pass: offsets and sizes inside the
 * file, the string table link, symbol section indexes.
 */
static int object_read(struct object *obj, unsigned machine)
{
	Elf_Scn *scn = NULL;
	size_t shnum;

	if (elf_kind(obj->elf) != ELF_K_ELF) {
		ERROR(obj->name, "not an ELF object");
		return -1;
	}
	if (gelf_getclass(obj->elf) != ELFCLASS64) {
		ERROR(obj->name, "not a 64-bit ELF object (ELF class %d): rebuild it for a 64-bit target",
		      gelf_getclass(obj->elf));
		return -1;
	}
	if (!gelf_getehdr(obj->elf, &obj->ehdr)) {
		ERROR_ELF(obj->name, "cannot read the ELF header");
		return -1;
	}
	/* Both architectures ukld links for are little-endian. */
	if (obj->ehdr.e_ident[EI_DATA] != ELFDATA2LSB) {
		ERROR(obj->name, "not a little-endian ELF object (EI_DATA %u): rebuild it for x86_64 or riscv64",
		      obj->ehdr.e_ident[EI_DATA]);
		return -1;
	}
	if (obj->ehdr.e_type != ET_REL) {
		ERROR(obj->name, "not a relocatable object (ELF type %u): give ukld .o files and archives, not linked executables",
		      obj->ehdr.e_type);
		return -1;
	}
	if (machine && obj->ehdr.e_machine != machine) {
		ERROR(obj->name, "built for %s (e_machine %u), but the link is for %s: rebuild it with the %s compiler",
		      machine_name(obj->ehdr.e_machine), obj->ehdr.e_machine,
		      machine_name(machine), machine_name(machine));
		return -1;
	}
	if (elf_getshdrnum(obj->elf, &shnum)) {
		ERROR_ELF(obj->name, "cannot read the section headers");
		return -1;
	}
	/* e_shnum 0 says the count is section 0's sh_size (for 0xff00
	 * sections or more); libelf reads a bogus one as none, and a
	 * relocatable object without sections is no object. */
	if (!shnum) {
		Elf64_Shdr s0 = { 0 };
		if (obj->ehdr.e_shoff && obj->ehdr.e_shoff <= obj->size &&
		    obj->size - obj->ehdr.e_shoff >= sizeof(s0))
			memcpy(&s0, obj->data + obj->ehdr.e_shoff, sizeof(s0));
		ERROR(obj->name, "no section headers (e_shnum %u, extended count %#lx at offset %#lx): the object is truncated or corrupt",
		      obj->ehdr.e_shnum, (unsigned long)s0.sh_size, (unsigned long)obj->ehdr.e_shoff);
		return -1;
	}
	/* libelf trusts its own entry size and ignores e_shentsize; the
	 * linker does not. */
	if (shnum && obj->ehdr.e_shentsize != sizeof(Elf64_Shdr)) {
		ERROR(obj->name, "section header entry size %u is not %zu: the object is corrupt",
		      obj->ehdr.e_shentsize, sizeof(Elf64_Shdr));
		return -1;
	}
	/* libelf quietly reports no sections when the table is cut off. */
	size_t want = obj->ehdr.e_shnum ? obj->ehdr.e_shnum : shnum;
	if (obj->ehdr.e_shoff > obj->size || want != shnum ||
	    want > (obj->size - obj->ehdr.e_shoff) / sizeof(Elf64_Shdr)) {
		ERROR(obj->name, "the section header table (offset %#lx, %zu entries) lies outside the %zu-byte file: the object is truncated or corrupt",
		      (unsigned long)obj->ehdr.e_shoff, want, obj->size);
		return -1;
	}
	size_t shstrndx;
	if (shnum && (elf_getshdrstrndx(obj->elf, &shstrndx) || !shstrndx ||
		      shstrndx >= shnum)) {
		ERROR(obj->name, "the section name table index (%u) is out of range: the object is corrupt",
		      obj->ehdr.e_shstrndx);
		return -1;
	}
	while ((scn = elf_nextscn(obj->elf, scn))) {
		GElf_Shdr shdr;
		if (!gelf_getshdr(scn, &shdr)) {
			ERROR_ELF(obj->name, "cannot read a section header");
			return -1;
		}
		if (!elf_strptr(obj->elf, shstrndx, shdr.sh_name)) {
			ERROR(obj->name, "the name of section %zu is outside the section name table: the object is corrupt",
			      elf_ndxscn(scn));
			return -1;
		}
		if (shdr.sh_addralign & (shdr.sh_addralign - 1)) {
			ERROR(obj->name, "section %zu's alignment %#lx is not a power of two: the object is corrupt",
			      elf_ndxscn(scn), (unsigned long)shdr.sh_addralign);
			return -1;
		}
		/* Beyond a huge page no kernel layout can place it, and libelf,
		 * laying out the prefixed copy, would pad the file to it (make
		 * fuzz: 2^43 made ukld write for minutes). */
		if (shdr.sh_addralign > SECTION_ALIGN_MAX) {
			ERROR(obj->name, "section %zu's alignment %#lx is beyond %#lx (2 MiB): the object is corrupt",
			      elf_ndxscn(scn), (unsigned long)shdr.sh_addralign,
			      (unsigned long)SECTION_ALIGN_MAX);
			return -1;
		}
		if (shdr.sh_type != SHT_NOBITS &&
		    (shdr.sh_offset > obj->size ||
		     shdr.sh_size > obj->size - shdr.sh_offset)) {
			ERROR(obj->name, "section %zu lies outside the file (offset %#lx, size %#lx, file %#zx): the object is truncated or corrupt",
			      elf_ndxscn(scn), (unsigned long)shdr.sh_offset,
			      (unsigned long)shdr.sh_size, obj->size);
			return -1;
		}
		if (shdr.sh_type == SHT_RELA || shdr.sh_type == SHT_REL) {
			if (!shdr.sh_info || shdr.sh_info >= shnum ||
			    !shdr.sh_link || shdr.sh_link >= shnum) {
				ERROR(obj->name, "relocation section %zu applies to section %u with symbols from section %u, "
				      "out of the %zu sections: the object is corrupt",
				      elf_ndxscn(scn), shdr.sh_info, shdr.sh_link, shnum);
				return -1;
			}
			continue;
		}
		if (shdr.sh_type != SHT_SYMTAB)
			continue;
		if (obj->symtab_ndx) {
			ERROR(obj->name, "more than one symbol table");
			return -1;
		}
		obj->symtab_ndx = elf_ndxscn(scn);
		if (shdr.sh_link == 0 || shdr.sh_link >= shnum) {
			ERROR(obj->name, "the symbol table's string table link (%u) is out of range",
			      shdr.sh_link);
			return -1;
		}
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data) {
			ERROR_ELF(obj->name, "cannot read the symbol table");
			return -1;
		}
		size_t n = shdr.sh_entsize ? shdr.sh_size / shdr.sh_entsize : 0;
		if (shdr.sh_entsize != sizeof(Elf64_Sym)) {
			ERROR(obj->name, "symbol table entry size %lu is not %zu",
			      (unsigned long)shdr.sh_entsize, sizeof(Elf64_Sym));
			return -1;
		}
		obj->syms = xcalloc(n, sizeof(*obj->syms));
		obj->nsyms = n;
		for (size_t i = 0; i < n; i++) {
			struct symbol *s = &obj->syms[i];
			if (!gelf_getsym(data, i, &s->sym)) {
				ERROR_ELF(obj->name, "cannot read symbol %zu", i);
				return -1;
			}
			s->idx = i;
			s->obj = obj;
			s->bind = GELF_ST_BIND(s->sym.st_info);
			s->type = GELF_ST_TYPE(s->sym.st_info);
			s->defined = s->sym.st_shndx != SHN_UNDEF;
			if (s->sym.st_shndx >= shnum &&
			    s->sym.st_shndx < SHN_LORESERVE) {
				ERROR(obj->name, "symbol %zu refers to section %u, beyond the %zu sections",
				      i, s->sym.st_shndx, shnum);
				return -1;
			}
			s->name = s->sym.st_name ?
				elf_strptr(obj->elf, shdr.sh_link, s->sym.st_name) : "";
			if (!s->name) {
				ERROR(obj->name, "the name of symbol %zu is outside its string table", i);
				return -1;
			}
		}
	}
	if (relocs_read(obj))
		return -1;
	sections_read(obj, shnum, shstrndx);
	/* A file longer than its ELF headers describe (a sparse 1 GiB file
	 * holding a small object) is the object it describes: the copies
	 * prefix makes take only those bytes. */
	size_t extent = obj->ehdr.e_ehsize > sizeof(Elf64_Ehdr) ? obj->ehdr.e_ehsize : sizeof(Elf64_Ehdr);
	if (shnum && obj->ehdr.e_shoff + shnum * sizeof(Elf64_Shdr) > extent)
		extent = obj->ehdr.e_shoff + shnum * sizeof(Elf64_Shdr);
	scn = NULL;
	while ((scn = elf_nextscn(obj->elf, scn))) {
		GElf_Shdr shdr;
		if (gelf_getshdr(scn, &shdr) && shdr.sh_type != SHT_NOBITS &&
		    shdr.sh_offset + shdr.sh_size > extent)
			extent = shdr.sh_offset + shdr.sh_size;
	}
	if (extent < obj->size)
		obj->size = extent;
	return 0;
}

static struct object *object_new(struct input *in, Elf *elf, const char *member)
{
	struct object *obj = xcalloc(1, sizeof(*obj));
	size_t size;
	char *raw = elf_rawfile(elf, &size);

	obj->input = in;
	obj->path = in->path;
	obj->elf = elf;
	obj->data = raw;
	obj->size = raw ? size : 0;
	if (member) {
		obj->member = strdup(member);
		if (asprintf(&obj->name, "%s[%s]", in->path, member) < 0)
			obj->name = NULL;
	} else {
		obj->name = strdup(in->path);
	}
	if (!obj->name || (member && !obj->member)) {
		perror("ukld");
		exit(1);
	}
	return obj;
}

static int input_add(struct input *in, struct object *obj)
{
	struct object **n = realloc(in->objs, (in->nobjs + 1) * sizeof(*n));
	if (!n) {
		perror("ukld");
		exit(1);
	}
	in->objs = n;
	in->objs[in->nobjs++] = obj;
	return 0;
}

/*
 * Walk an archive's members.  libelf reports the end of an archive and a
 * damaged member header alike (elf_next() returns ELF_C_NULL with
 * ELF_E_RANGE), so the end is checked by hand: the last member read must end
 * where the file ends (give or take the one byte of padding).
 */
/* The size field of the member header at OFF (the 10 decimal digits at 48). */
static size_t ar_member_size(struct input *in, size_t off, size_t file_size)
{
	size_t total;
	const char *base = elf_rawfile(in->elf, &total);
	size_t v = 0;

	if (!base || off + 60 > file_size || off + 60 > total)
		return SIZE_MAX / 2;
	for (int i = 48; i < 58 && base[off + i] >= '0' && base[off + i] <= '9'; i++)
		v = v * 10 + (size_t)(base[off + i] - '0');
	return v;
}

static int archive_read(struct input *in, unsigned machine, size_t file_size)
{
	Elf_Cmd cmd = ELF_C_READ_MMAP;
	size_t end = 8; /* "!<arch>\n" */
	Elf *elf;

	elf_errno(); /* clear */
	while (cmd != ELF_C_NULL && (elf = elf_begin(in->fd, cmd, in->elf))) {
		Elf_Arhdr *ar = elf_getarhdr(elf);
		off_t off = elf_getaroff(elf);
		if (!ar || !ar->ar_name || off < 0) {
			ERROR_ELF(in->path, "cannot read an archive member header");
			elf_end(elf);
			return -1;
		}
		/* libelf clamps a member to the file: read its real size. */
		size_t hsize = ar_member_size(in, (size_t)off, file_size);
		end = (size_t)off + 60 + hsize;
		if (end > file_size) {
			ERROR(in->path, "archive member '%s' is truncated: the file ends %zu bytes short: rebuild the archive with ar",
			      ar->ar_name, end - file_size);
			elf_end(elf);
			return -1;
		}
		/* elf_getarhdr() answers from the archive's current position,
		 * which elf_next() moves on: use the header before stepping. */
		if (ar->ar_name[0] == '/' &&
		    (!ar->ar_name[1] || !strcmp(ar->ar_name, "//") ||
		     !strcmp(ar->ar_name, "/SYM64/"))) {
			/* The symbol index and the long names. */
			cmd = elf_next(elf);
			elf_end(elf);
			continue;
		}
		struct object *obj = object_new(in, elf, ar->ar_name);
		input_add(in, obj);
		if (object_read(obj, machine))
			return -1;
		cmd = elf_next(elf);
	}
	if (end + (end & 1) != file_size && end != file_size) {
		ERROR(in->path, "archive is truncated or corrupt after byte %zu (file has %zu): rebuild it with ar",
		      end, file_size);
		return -1;
	}
	return 0;
}

struct input *input_open(const char *path, unsigned machine)
{
	return input_open_flags(path, machine, 0);
}

struct input *input_open_flags(const char *path, unsigned machine, unsigned flags)
{
	struct input *in = xcalloc(1, sizeof(*in));
	struct stat st;

	in->fd = -1;
	in->path = strdup(path);
	if (!in->path) {
		perror("ukld");
		exit(1);
	}
	/* O_NONBLOCK: a FIFO opens at once (and is refused below) instead of
	 * waiting for a writer; a regular file reads the same. */
	in->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (in->fd < 0) {
		ERROR_GLIBC(path, "cannot open");
		goto fail;
	}
	if (fstat(in->fd, &st)) {
		ERROR_GLIBC(path, "cannot stat");
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		ERROR(path, "not a regular file");
		goto fail;
	}
	if (st.st_size == 0) {
		ERROR(path, "empty file: expected an ELF object or an archive");
		goto fail;
	}
	in->elf = elf_begin(in->fd, ELF_C_READ_MMAP, NULL);
	if (!in->elf) {
		ERROR_ELF(path, "cannot read");
		goto fail;
	}
	switch (elf_kind(in->elf)) {
	case ELF_K_AR:
		in->is_archive = true;
		if (archive_read(in, machine, (size_t)st.st_size))
			goto fail;
		if (in->nobjs == 0 && !(flags & INPUT_EMPTY_OK)) {
			ERROR(path, "empty archive: it holds no objects");
			goto fail;
		}
		break;
	case ELF_K_ELF: {
		struct object *obj = object_new(in, in->elf, NULL);
		input_add(in, obj);
		if (object_read(obj, machine))
			goto fail;
		break;
	}
	default:
		ERROR(path, "not an ELF object or archive (truncated, or another file format)");
		goto fail;
	}
	return in;
fail:
	input_close(in);
	return NULL;
}

void input_close(struct input *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->nobjs; i++) {
		struct object *obj = in->objs[i];
		if (obj->elf && obj->elf != in->elf)
			elf_end(obj->elf);
		for (size_t j = 0; j < obj->nsecs; j++)
			free(obj->secs[j].relas);
		free(obj->secs);
		free(obj->syms);
		free(obj->name);
		free(obj->member);
		free(obj);
	}
	free(in->objs);
	if (in->elf)
		elf_end(in->elf);
	if (in->fd >= 0)
		close(in->fd);
	free(in->path);
	free(in);
}

int input_foreach_object(const char *path, unsigned machine, object_fn fn,
			 void *arg)
{
	struct input *in = input_open(path, machine);
	int ret = 0;

	if (!in)
		return -1;
	for (size_t i = 0; i < in->nobjs && !ret; i++)
		ret = fn(in->objs[i], arg);
	input_close(in);
	return ret;
}
