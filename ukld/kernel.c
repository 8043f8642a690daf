/* SPDX-License-Identifier: MIT */
/*
 * The kernel object: found by the note it carries (or named by --kernel), and
 * read for what it offers the application: the names in .ukl.exports.
 * Everything else the kernel defines stays invisible to the application.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ukl/contract.h"
#include "ukld.h"
#include "warn.h"

/* Does OBJ carry the UKL kernel note?  Returns its descriptor's version,
 * and its flags in *FLAGS. */
static int kernel_note_version(struct object *obj, uint32_t *flags)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = object_find_section(obj, UKL_SEC_NOTE, &shdr);
	Elf_Data *data;
	GElf_Nhdr nhdr;
	size_t off = 0, name_off, desc_off;

	if (!scn || shdr.sh_type != SHT_NOTE || !(data = elf_getdata(scn, NULL)))
		return -1;
	while ((off = gelf_getnote(data, off, &nhdr, &name_off, &desc_off)) > 0) {
		if (nhdr.n_type != UKL_NOTE_KERNEL || nhdr.n_namesz != 4 ||
		    memcmp((char *)data->d_buf + name_off, UKL_NOTE_NAME, 4) ||
		    nhdr.n_descsz < sizeof(struct ukl_note_kernel))
			continue;
		struct ukl_note_kernel k;
		memcpy(&k, (char *)data->d_buf + desc_off, sizeof(k));
		*flags = k.flags;
		return (int)k.version;
	}
	return -1;
}

unsigned kernel_machine(const char *path)
{
	/* Not blocking on a FIFO: load_inputs() refuses it by name. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct object obj = { .name = (char *)path };
	uint32_t flags;
	unsigned machine = 0;
	struct stat st;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	obj.elf = elf_begin(fd, ELF_C_READ, NULL);
	if (obj.elf && elf_kind(obj.elf) == ELF_K_ELF &&
	    gelf_getclass(obj.elf) == ELFCLASS64 && gelf_getehdr(obj.elf, &obj.ehdr) &&
	    obj.ehdr.e_type == ET_REL && kernel_note_version(&obj, &flags) >= 0)
		machine = obj.ehdr.e_machine;
	if (obj.elf)
		elf_end(obj.elf);
	close(fd);
	return machine;
}

static int read_exports(struct link *l, struct object *k)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = object_find_section(k, UKL_SEC_EXPORTS, &shdr);
	Elf_Data *data;
	size_t n = 0;

	if (!scn) {
		WARN(k->name, "the kernel declares no exports (%s): the application can bind to nothing in it",
		     UKL_SEC_EXPORTS);
		return 0;
	}
	if (!(data = elf_getdata(scn, NULL)) || !data->d_buf) {
		ERROR_ELF(k->name, "cannot read %s", UKL_SEC_EXPORTS);
		return -1;
	}
	const char *p = data->d_buf, *end = p + data->d_size;
	if (data->d_size && end[-1] != '\0') {
		ERROR(k->name, "%s does not end with a NUL", UKL_SEC_EXPORTS);
		return -1;
	}
	while (p < end) {
		size_t len = strlen(p);
		if (len) {
			struct gsym *g = symmap_get(&l->syms, p, true);
			g->kernel_export = true;
			n++;
		}
		p += len + 1;
	}
	/* An export must be something the kernel really defines. */
	for (size_t i = 1; i < k->nsyms; i++) {
		struct symbol *s = &k->syms[i];
		if (!s->defined || s->bind == STB_LOCAL || !*s->name)
			continue;
		struct gsym *g = symmap_get(&l->syms, s->name, true);
		g->kernel_def = true;
	}
	int bad = 0;
	for (size_t i = 0; i < l->syms.cap; i++) {
		struct gsym *g = l->syms.slots[i];
		if (g && g->kernel_export && !g->kernel_def) {
			ERROR(k->name, "exports '%s' but does not define it", g->name);
			bad = 1;
		}
	}
	VERBOSE("kernel %s exports %zu names", k->name, n);
	return bad ? -1 : 0;
}

int find_kernel(struct link *l)
{
	struct object *found = NULL;
	uint32_t flags = 0, found_flags = 0;

	for (size_t i = 0; i < l->ninputs; i++) {
		struct input *in = l->inputs[i];
		if (in->is_archive || in->is_libc)
			continue;
		struct object *obj = in->objs[0];
		bool named = l->o->kernel && !strcmp(l->o->kernel, in->path);
		int version = kernel_note_version(obj, &flags);
		if (!named && version < 0)
			continue;
		if (found) {
			ERROR(obj->name, "a second kernel object (the first is %s): link one kernel",
			      found->name);
			return -1;
		}
		if (version >= 0 && (unsigned)version != UKL_CONTRACT_VERSION) {
			ERROR(obj->name, "kernel note version %d, but this ukld speaks version %u: rebuild the kernel",
			      version, UKL_CONTRACT_VERSION);
			return -1;
		}
		found = obj;
		found_flags = version >= 0 ? flags : 0;
	}
	if (!found) {
		/* Name the objects that could have been the kernel. */
		char names[512] = "";
		unsigned n = 0;
		for (size_t i = 0; i < l->ninputs; i++) {
			struct input *in = l->inputs[i];
			if (in->is_archive || in->is_libc || n++ >= 3)
				continue;
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 n > 1 ? ", " : "", in->path);
		}
		ERROR(NULL, "no kernel object among the inputs (%s%s%s carries the %s note): give the kernel object "
		      "(build/<arch>/vmlinux.o) or name it with --kernel FILE",
		      n ? "none of " : "only archives, none", names, n > 3 ? ", ..." : "", UKL_SEC_NOTE);
		return -1;
	}
	const struct ukld_arch *arch = arch_for_machine(found->ehdr.e_machine);
	if (!arch) {
		ERROR(found->name, "a kernel for %s (e_machine %u): ukld links for x86_64 and riscv64",
		      machine_name(found->ehdr.e_machine), found->ehdr.e_machine);
		return -1;
	}
	if (l->arch && l->arch != arch) {
		ERROR(found->name, "a kernel for %s, but the link is for %s", arch->name, l->arch->name);
		return -1;
	}
	l->arch = arch;
	found->is_kernel = true;
	l->kernel = found;
	l->kernel_flags = found_flags;
	if (l->o->allow_red_zone && !(found_flags & UKL_KF_APP_STACK_SAFE)) {
		ERROR(found->name, "--allow-red-zone: this kernel does not declare that it never interrupts on the application's stack "
		      "(UKL_KF_APP_STACK_SAFE in its note), so red-zone code would be corrupted: rebuild the code with -mno-red-zone");
		return -1;
	}
	/* The kernel's TLS would land in the application's PT_TLS. */
	for (size_t i = 1; i < found->ehdr.e_shnum; i++) {
		const char *n = object_section_name(found, i);
		if (n && (!strncmp(n, ".tdata", 6) || !strncmp(n, ".tbss", 5))) {
			ERROR(found->name, "the kernel has thread-local data (%s): the TLS segment belongs to the application; "
			      "use per-CPU data in the kernel", n);
			return -1;
		}
	}
	return read_exports(l, found);
}
