/* SPDX-License-Identifier: MIT */
/*
 * The function table (.ukl.ksyms): after the link, every function symbol of
 * the image, sorted by address, so the kernel can name the function a fault
 * happened in.  Application names are stored without the prefix and marked,
 * so a report says `main (app)` rather than `ukl_main`.  The script reserved
 * the room from a count of the inputs' functions; the table is written into
 * the file in place (pwrite at the section's offset): the image's layout is
 * the linker's and is not touched.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ukl/contract.h"
#include "image.h"
#include "ukld.h"
#include "warn.h"

struct fn {
	uint64_t addr;
	uint32_t size;
	bool app, global;
	const char *name;
};

static int fn_cmp(const void *a, const void *b)
{
	const struct fn *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* At one address, the real function before an alias the script
	 * defined (__ukl_app_entry has no size), then the global name. */
	if (!x->size != !y->size)
		return x->size ? -1 : 1;
	if (x->global != y->global)
		return x->global ? -1 : 1;
	return strcmp(x->name, y->name);
}

int patch_ksyms(struct link *l)
{
	const char *path = l->tmp_output;
	const char *prefix = l->o->prefix;
	size_t plen = strlen(prefix);
	struct image im;
	struct fn *fns = NULL;
	char *buf = NULL;
	int ret = -1, fd = -1;

	if (image_open(&im, path))
		return -1;
	GElf_Shdr ksh;
	Elf_Scn *kscn = image_section(&im, UKL_SEC_KSYMS, &ksh);
	if (!im.symscn || !kscn || ksh.sh_type != SHT_PROGBITS) {
		ERROR(path, "the linked image has no %s", !im.symscn ? "symbol table" :
		      "PROGBITS " UKL_SEC_KSYMS " section (does the script template reserve it?)");
		goto out;
	}
	uint64_t app_lo = 0, app_hi = 0;
	image_symbol(&im, "__ukl_app_text_start", &app_lo);
	image_symbol(&im, "__ukl_app_text_end", &app_hi);
	size_t nfn = 0;
	fns = xcalloc(im.nsyms, sizeof(*fns));
	for (size_t i = 1; i < im.nsyms; i++) {
		GElf_Sym s;
		const char *nm = image_sym(&im, i, &s);
		if (!nm || !*nm || s.st_shndx == SHN_UNDEF ||
		    (GELF_ST_TYPE(s.st_info) != STT_FUNC &&
		     GELF_ST_TYPE(s.st_info) != STT_GNU_IFUNC))
			continue;
		struct fn *f = &fns[nfn++];
		f->addr = s.st_value;
		f->size = s.st_size > UINT32_MAX ? UINT32_MAX : (uint32_t)s.st_size;
		f->global = GELF_ST_BIND(s.st_info) != STB_LOCAL;
		f->app = s.st_value >= app_lo && s.st_value < app_hi &&
			!strncmp(nm, prefix, plen);
		f->name = f->app ? nm + plen : nm;
	}
	qsort(fns, nfn, sizeof(*fns), fn_cmp);

	/* One entry per address. */
	size_t m = 0, strings = 0;
	for (size_t i = 0; i < nfn; i++) {
		if (m && fns[m - 1].addr == fns[i].addr)
			continue;
		fns[m++] = fns[i];
		strings += strlen(fns[i].name) + 1;
	}
	size_t need = sizeof(struct ukl_ksyms_hdr) + m * sizeof(struct ukl_ksym) +
		strings;
	if (need > ksh.sh_size) {
		/* The linker kept more than gcmark.c foresaw: the caller
		 * links again with the room this table needs. */
		if (link_gc(l) && !l->ksyms_retry) {
			VERBOSE("function table: %zu bytes needed, %lu reserved: linking again",
				need, (unsigned long)ksh.sh_size);
			l->ksyms_size = ksyms_table_size(m, strings);
			ret = 1;
			goto out;
		}
		ERROR(path, "the function table needs %zu bytes, the script reserved %lu",
		      need, (unsigned long)ksh.sh_size);
		goto out;
	}
	buf = xcalloc(1, ksh.sh_size);
	struct ukl_ksyms_hdr *h = (void *)buf;
	struct ukl_ksym *e = (void *)(h + 1);
	char *str = (char *)(e + m), *sp = str;
	h->magic = UKL_KSYMS_MAGIC;
	h->base = m ? fns[0].addr : 0;
	/* (A function without a size, an assembly label's, ends one byte
	 * after its start at least.) */
	for (size_t i = 0; i < m; i++)
		if (fns[i].addr + (fns[i].size ? fns[i].size : 1) > h->end)
			h->end = fns[i].addr + (fns[i].size ? fns[i].size : 1);
	h->count = (uint32_t)m;
	h->strings_off = (uint32_t)(str - buf);
	h->strings_size = (uint32_t)strings;
	const char *name = l->o->app_name;
	if (!name) {
		name = strrchr(l->o->output, '/');
		name = name ? name + 1 : l->o->output;
	}
	snprintf(h->app_name, sizeof(h->app_name), "%s", name);
	snprintf(h->prefix, sizeof(h->prefix), "%s", prefix);
	for (size_t i = 0; i < m; i++) {
		if (fns[i].addr - h->base >= UKL_KSYM_APP) {
			ERROR(path, "%s is 2 GiB or more above the first function", fns[i].name);
			goto out;
		}
		e[i].off = (uint32_t)(fns[i].addr - h->base) | (fns[i].app ? UKL_KSYM_APP : 0);
		strcpy(sp, fns[i].name);
		sp += strlen(fns[i].name) + 1;
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || pwrite(fd, buf, ksh.sh_size, (off_t)ksh.sh_offset) != (ssize_t)ksh.sh_size) {
		ERROR_GLIBC(path, "cannot write the function table");
		goto out;
	}
	VERBOSE("function table: %zu functions, %zu of %lu bytes", m, need,
		(unsigned long)ksh.sh_size);
	ret = 0;
out:
	free(fns);
	free(buf);
	image_close(&im);
	if (fd >= 0)
		close(fd);
	return ret;
}
