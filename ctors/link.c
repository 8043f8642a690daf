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
#include <string.h>

#include "../ukld/image.h"
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
