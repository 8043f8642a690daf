/* SPDX-License-Identifier: MIT */
/*
 * Constructors, the link-time half.  The script template gathers the
 * application's .preinit_array, .init_array (priority-sorted entries first,
 * legacy .ctors with them) and .fini_array (with .dtors) into arrays of their
 * own, bounded by __ukl_app_*_array_start/end, apart from anything the kernel
 * has; the prefixed libc finds them through the linker-defined names the
 * script defines.  After the link this checks that every entry of those
 * arrays points into the application's code: an entry that does not would be
 * called by the libc at start-up, and a missing array bound would make the
 * constructors silently not run.  The runtime half is ctors/runtime.c.
 */
#include <stdlib.h>
#include <string.h>

#include "../ukld/image.h"
#include "../ukld/util.h"
#include "../ukld/ukld.h"
#include "../ukld/warn.h"

static int check_array(struct image *im, const char *what, uint64_t lo,
		       uint64_t hi)
{
	char start[64], end[64];
	uint64_t a, b;
	snprintf(start, sizeof(start), "__ukl_app_%s_array_start", what);
	snprintf(end, sizeof(end), "__ukl_app_%s_array_end", what);
	if (!image_symbol(im, start, &a) || !image_symbol(im, end, &b)) {
		ERROR(im->path, "%s or %s is missing: the script template must define the application's %s array",
		      start, end, what);
		return -1;
	}
	if (a == b)
		return 0;
	if (b < a || (b - a) % 8) {
		ERROR(im->path, "the application's %s array [%#lx, %#lx) is malformed",
		      what, (unsigned long)a, (unsigned long)b);
		return -1;
	}
	/* Read the entries through the section that holds them. */
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	while ((scn = elf_nextscn(im->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS ||
		    a < sh.sh_addr || b > sh.sh_addr + sh.sh_size)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		int ret = 0;
		for (uint64_t p = a; d && p < b; p += 8) {
			uint64_t fn;
			memcpy(&fn, (char *)d->d_buf + (p - sh.sh_addr), 8);
			if (fn >= lo && fn < hi)
				continue;
			ERROR(im->path, "entry %lu of the application's %s array is %#lx, outside the application's code [%#lx, %#lx)",
			      (unsigned long)((p - a) / 8), what, (unsigned long)fn,
			      (unsigned long)lo, (unsigned long)hi);
			ret = -1;
		}
		return ret;
	}
	ERROR(im->path, "no section holds the application's %s array", what);
	return -1;
}

int ctors_check_image(const char *path)
{
	struct image im;
	uint64_t lo, hi;
	int ret = 0;

	if (image_open(&im, path))
		return -1;
	if (!image_symbol(&im, "__ukl_app_text_start", &lo) ||
	    !image_symbol(&im, "__ukl_app_text_end", &hi)) {
		ERROR(path, "__ukl_app_text_start/end are missing: the script template must bound the application's code");
		ret = -1;
	} else {
		ret |= check_array(&im, "preinit", lo, hi);
		ret |= check_array(&im, "init", lo, hi);
		ret |= check_array(&im, "fini", lo, hi);
	}
	image_close(&im);
	return ret;
}

/*
 * The old constructor lists, .ctors and .dtors (plain, or .ctors.NNNNN with
 * NNNNN = 65535 - priority), are run backwards: the entry last in a list
 * first.  A static executable runs them as part of .init_array/.fini_array:
 * GNU ld places them there with each section's entries reversed (the
 * reversed entries, run forwards, keep the old order) and sorts .ctors.NNNNN
 * with .init_array.PPPPP by priority; ld.lld does neither.  So that both
 * linkers give the order of a normal static executable, the application's
 * copies are rewritten before the link: each such section becomes an
 * .init_array(.PPPPP) or .fini_array(.PPPPP) section with its entries, and
 * the relocations that fill them, in reverse order.  The sections keep their
 * place in the object, so they also keep their place among the object's
 * other constructors.
 */
static bool legacy_name(const char *name, bool *dtors, long *prio)
{
	const char *rest;
	if (!strncmp(name, ".ctors", 6))
		*dtors = false;
	else if (!strncmp(name, ".dtors", 6))
		*dtors = true;
	else
		return false;
	rest = name + 6;
	*prio = -1;
	if (!*rest)
		return true;
	if (*rest != '.' || !rest[1])
		return false;
	char *end;
	long n = strtol(rest + 1, &end, 10);
	if (*end || n < 0 || n > 65535 || rest[1] < '0' || rest[1] > '9')
		*prio = -2; /* named, but not by a priority */
	else
		*prio = 65535 - n;
	return true;
}

int ctors_convert_legacy(Elf *elf, const char *objname, char **newbuf)
{
	size_t shstrndx, n;
	if (elf_getshdrstrndx(elf, &shstrndx) || elf_getshdrnum(elf, &n)) {
		ERROR_ELF(objname, "cannot read the section headers");
		return -1;
	}
	Elf_Scn *strscn = elf_getscn(elf, shstrndx);
	Elf_Data *strdata = strscn ? elf_getdata(strscn, NULL) : NULL;
	if (!strdata) {
		ERROR_ELF(objname, "cannot read the section names");
		return -1;
	}
	/* The new names go after the old ones (elf_strtab_add()). */
	int changed = 0;
	for (size_t i = 1; i < n; i++) {
		Elf_Scn *scn = elf_getscn(elf, i);
		GElf_Shdr sh;
		bool dtors;
		long prio;
		if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_name >= strdata->d_size)
			continue;
		const char *name = (const char *)strdata->d_buf + sh.sh_name;
		if (!legacy_name(name, &dtors, &prio) || !(sh.sh_flags & SHF_ALLOC))
			continue;
		if (prio == -2) {
			ERROR(objname, "section %s: a constructor list named by no priority (.ctors.N, N = 0..65535): no static executable would run it in a known order",
			      name);
			return -1;
		}
		if (sh.sh_type != SHT_PROGBITS || sh.sh_size % 8) {
			ERROR(objname, "section %s is not a list of 8-byte function addresses", name);
			return -1;
		}
		/* The entries, reversed. */
		Elf_Data *d = elf_getdata(scn, NULL);
		if (d && d->d_buf && d->d_size == sh.sh_size) {
			char *e = d->d_buf, t[8];
			for (size_t a = 0, b = sh.sh_size / 8; b-- > a + 1; a++) {
				memcpy(t, e + 8 * a, 8);
				memcpy(e + 8 * a, e + 8 * b, 8);
				memcpy(e + 8 * b, t, 8);
			}
			elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
		}
		/* The relocations that fill them, moved with them. */
		for (size_t r = 1; r < n; r++) {
			Elf_Scn *rs = elf_getscn(elf, r);
			GElf_Shdr rsh;
			if (!rs || !gelf_getshdr(rs, &rsh) || rsh.sh_info != i ||
			    (rsh.sh_type != SHT_RELA && rsh.sh_type != SHT_REL))
				continue;
			Elf_Data *rd = elf_getdata(rs, NULL);
			size_t cnt = rsh.sh_entsize ? rsh.sh_size / rsh.sh_entsize : 0;
			for (size_t k = 0; rd && k < cnt; k++) {
				GElf_Rela ra;
				GElf_Rel rl;
				uint64_t *off = rsh.sh_type == SHT_RELA ? &ra.r_offset : &rl.r_offset;
				if (rsh.sh_type == SHT_RELA ? !gelf_getrela(rd, (int)k, &ra)
							    : !gelf_getrel(rd, (int)k, &rl))
					break;
				if (*off % 8 || *off >= sh.sh_size) {
					ERROR(objname, "section %s: a relocation at offset %#lx is not an entry",
					      name, (unsigned long)*off);
					return -1;
				}
				*off = sh.sh_size - 8 - *off;
				if (rsh.sh_type == SHT_RELA ? !gelf_update_rela(rd, (int)k, &ra)
							    : !gelf_update_rel(rd, (int)k, &rl)) {
					ERROR_ELF(objname, "cannot update a relocation of %s", name);
					return -1;
				}
			}
			if (rd)
				elf_flagdata(rd, ELF_C_SET, ELF_F_DIRTY);
		}
		/* The new name and type. */
		char nn[32];
		if (prio < 0)
			snprintf(nn, sizeof(nn), "%s", dtors ? ".fini_array" : ".init_array");
		else
			snprintf(nn, sizeof(nn), "%s.%05ld", dtors ? ".fini_array" : ".init_array", prio);
		VERBOSE("%s: %s -> %s, %lu entries reversed", objname, name, nn,
			(unsigned long)(sh.sh_size / 8));
		sh.sh_name = (Elf64_Word)elf_strtab_add(strdata, nn, newbuf);
		sh.sh_type = dtors ? SHT_FINI_ARRAY : SHT_INIT_ARRAY;
		sh.sh_entsize = 8;
		changed = 1;
		if (!gelf_update_shdr(scn, &sh)) {
			ERROR_ELF(objname, "cannot rename section %zu", i);
			return -1;
		}
	}
	return changed;
}
