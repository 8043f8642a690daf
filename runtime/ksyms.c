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

	/* Binary search for the last entry with entry.addr <= addr. */
	const struct ukl_ksym *syms = (const void *)(h + 1);
	uint32_t lo = 0, hi = h->count;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	const struct ukl_ksym *s = &syms[lo];
	/* A size of 0 (a symbol without one) reaches to the next entry. */
	uint64_t end = s->size ? s->addr + s->size
		     : lo + 1 < h->count ? syms[lo + 1].addr : s->addr + 1;
	if (addr < s->addr || addr >= end)
		return;

	uint32_t off = s->name_off & ~UKL_KSYM_APP;
	if (off >= h->strings_size)
		return;
	const char *name = (const char *)h + h->strings_off + off;
	int len = (int)strnlen(name, h->strings_size - off);
	ksnprintf(buf, size, "%.*s+%#lx/%#x%s", len, name,
		  (unsigned long)(addr - s->addr), s->size,
		  s->name_off & UKL_KSYM_APP ? " [app]" : "");
}
