/* SPDX-License-Identifier: MIT */
/*
 * Reading .ukl.ksyms (format: runtime/include/ukl/contract.h).  The linker
 * script only reserves the space, starting with a zero byte; ukld fills it
 * after the link.  An image linked by hand keeps magic 0, and every lookup
 * then just finds nothing.  Sizes are checked against the reserved bounds so
 * a damaged table cannot send the fault report astray.
 */
#include <ukl/contract.h>
#include <ukl/ksyms.h>

extern const char __ukl_ksyms_start[], __ukl_ksyms_end[];

static const struct ukl_ksyms_hdr *table(void)
{
	const struct ukl_ksyms_hdr *h = (const void *)__ukl_ksyms_start;
	size_t room = (size_t)(__ukl_ksyms_end - __ukl_ksyms_start);

	if (room < sizeof(*h) || h->magic != UKL_KSYMS_MAGIC)
		return NULL;
	if ((uint64_t)sizeof(*h) + (uint64_t)h->count * sizeof(struct ukl_ksym) > room ||
	    (uint64_t)h->strings_off + h->strings_size > room)
		return NULL;
	return h;
}

const char *ksyms_app_name(void)
{
	const struct ukl_ksyms_hdr *h = table();

	if (!h || !h->app_name[0] || strnlen(h->app_name, sizeof(h->app_name)) == sizeof(h->app_name))
		return NULL;
	return h->app_name;
}

void ksym_format(char *buf, size_t size, uint64_t addr)
{
	const struct ukl_ksyms_hdr *h = table();
	buf[0] = 0;
	if (!h || !h->count)
		return;
	if (addr < h->base || addr >= h->end || addr - h->base >= UKL_KSYM_APP)
		return;
	/* Binary search for the last entry with entry.off <= off: the
	 * function reaches to the next entry (or the table's end). */
	const struct ukl_ksym *syms = (const void *)(h + 1);
	uint32_t off = (uint32_t)(addr - h->base);
	uint32_t lo = 0, hi = h->count;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if ((syms[mid].off & ~UKL_KSYM_APP) <= off)
			lo = mid;
		else
			hi = mid;
	}
	uint64_t start = h->base + (syms[lo].off & ~UKL_KSYM_APP);
	uint64_t end = lo + 1 < h->count ? h->base + (syms[lo + 1].off & ~UKL_KSYM_APP) : h->end;
	if (addr < start || addr >= end)
		return;

	/* The lo-th name: past lo NULs. */
	const char *name = (const char *)h + h->strings_off;
	const char *stop = name + h->strings_size;
	for (uint32_t i = 0; i < lo && name < stop; i++)
		name += strnlen(name, (size_t)(stop - name)) + 1;
	if (name >= stop)
		return;
	int len = (int)strnlen(name, (size_t)(stop - name));
	ksnprintf(buf, size, "%.*s+%#lx/%#lx%s", len, name,
		  (unsigned long)(addr - start), (unsigned long)(end - start),
		  syms[lo].off & UKL_KSYM_APP ? " [app]" : "");
}
