/* SPDX-License-Identifier: MIT */
/*
 * check: an object's DWARF, read with its relocations applied.
 *
 * In a relocatable object the DWARF is not final: DW_AT_producer is a
 * DW_FORM_strp whose offset into .debug_str is the addend of a relocation
 * (the field itself holds 0), and every address in .debug_line and
 * .debug_info is an offset from a section symbol.  Read unrelocated, every
 * compile unit's producer is the string at offset 0 of .debug_str and every
 * line maps to address 0: annobin's annocheck warns about exactly this.
 * libdwfl's offline reporting lays the allocated sections out at addresses
 * of its own and applies the relocations; we map a (section, offset) to an
 * address through the section addresses it chose.
 *
 * libdwfl relocates in place, so it gets a private copy of the object's
 * bytes (the input is a read-only mapping).  Only objects that have
 * .debug_info pay for it.
 */
#include <stdlib.h>
#include <string.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include "check_arch.h"
#include "warn.h"

struct check_dwarf {
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwarf *dwarf;
	Dwarf_Addr bias;
	char *copy;
	GElf_Addr *secaddr;     /* address libdwfl gave each section */
	size_t nsecs;
};

/* Never look for separate debug files: the object is all we check. */
static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			Dwarf_Addr base, const char *file_name,
			const char *debuglink_file, GElf_Word debuglink_crc,
			char **debuginfo_file_name)
{
	(void)mod; (void)userdata; (void)modname; (void)base; (void)file_name;
	(void)debuglink_file; (void)debuglink_crc; (void)debuginfo_file_name;
	return -1;
}

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = no_debuginfo,
	.section_address = dwfl_offline_section_address,
};

struct check_dwarf *check_dwarf_open(struct object *obj)
{
	struct check_dwarf *dw = calloc(1, sizeof(*dw));
	Elf *elf;
	Elf_Scn *scn = NULL;
	GElf_Addr elfbias;

	if (!dw || !(dw->copy = malloc(obj->size ? obj->size : 1)))
		goto fail;
	memcpy(dw->copy, obj->data, obj->size);
	dw->dwfl = dwfl_begin(&offline_callbacks);
	if (!dw->dwfl)
		goto fail;
	dw->mod = dwfl_report_offline_memory(dw->dwfl, obj->name, obj->name,
					     dw->copy, obj->size);
	if (!dw->mod || dwfl_report_end(dw->dwfl, NULL, NULL))
		goto fail;
	dw->dwarf = dwfl_module_getdwarf(dw->mod, &dw->bias);
	if (!dw->dwarf)
		goto fail;
	elf = dwfl_module_getelf(dw->mod, &elfbias);
	if (!elf || elf_getshdrnum(elf, &dw->nsecs))
		goto fail;
	dw->secaddr = calloc(dw->nsecs ? dw->nsecs : 1, sizeof(*dw->secaddr));
	if (!dw->secaddr)
		goto fail;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		if (gelf_getshdr(scn, &shdr))
			dw->secaddr[elf_ndxscn(scn)] = shdr.sh_addr + elfbias;
	}
	return dw;
fail:
	VERBOSE("%s: no usable DWARF: %s", obj->name, dwfl_errmsg(-1));
	check_dwarf_close(dw);
	return NULL;
}

void check_dwarf_close(struct check_dwarf *dw)
{
	if (!dw)
		return;
	if (dw->dwfl)
		dwfl_end(dw->dwfl);
	free(dw->secaddr);
	free(dw->copy);
	free(dw);
}

/*
 * libdwfl finds an address's compile unit through .debug_aranges, which
 * clang does not emit (and libdw 0.188 does not make up): ask each unit.
 */
static const char *line_by_cu(struct check_dwarf *dw, Dwarf_Addr addr,
			      int *line)
{
	Dwarf_Off off = 0, next;
	size_t hsize;

	while (dwarf_nextcu(dw->dwarf, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		Dwarf_Line *l;
		const char *file;
		if (dwarf_offdie(dw->dwarf, off + hsize, &cu) &&
		    dwarf_haspc(&cu, addr) > 0 &&
		    (l = dwarf_getsrc_die(&cu, addr)) &&
		    (file = dwarf_linesrc(l, NULL, NULL)) &&
		    dwarf_lineno(l, line) == 0 && *line > 0)
			return file;
		off = next;
	}
	return NULL;
}

const char *check_dwarf_line(struct check_dwarf *dw, size_t shndx,
			     uint64_t off, int *line)
{
	Dwfl_Line *l;
	const char *file;

	if (!dw || shndx == 0 || shndx >= dw->nsecs || !dw->secaddr[shndx])
		return NULL;
	l = dwfl_module_getsrc(dw->mod, dw->secaddr[shndx] + off);
	if (l) {
		file = dwfl_lineinfo(l, NULL, line, NULL, NULL, NULL);
		return file && *line > 0 ? file : NULL;
	}
	return line_by_cu(dw, dw->secaddr[shndx] + off - dw->bias, line);
}

void check_dwarf_producers(struct check_dwarf *dw,
			   void (*fn)(void *arg, const char *producer,
				      const char *cu_name),
			   void *arg)
{
	Dwarf_Off off = 0, next;
	size_t hsize;

	if (!dw)
		return;
	while (dwarf_nextcu(dw->dwarf, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		Dwarf_Attribute a;
		if (dwarf_offdie(dw->dwarf, off + hsize, &cu)) {
			const char *p = dwarf_formstring(
				dwarf_attr(&cu, DW_AT_producer, &a));
			if (p)
				fn(arg, p, dwarf_diename(&cu));
		}
		off = next;
	}
}
