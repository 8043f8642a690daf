/* SPDX-License-Identifier: MIT */
/*
 * Small kernel objects (inodes, directory entries, open files): power-of-two
 * size classes from 16 to 2048 bytes, each class carved from whole frames.
 * A frame starts with a header naming its class, so kfree() needs only the
 * pointer.  Larger things (file data) take frames directly (kpage_alloc).
 * Memory comes back zeroed.
 */
#include <ukl/arch.h>
#include <ukl/mm.h>

#define KM_MIN_SHIFT 4
#define KM_MAX_SHIFT 11
#define KM_CLASSES (KM_MAX_SHIFT - KM_MIN_SHIFT + 1)
#define KM_MAGIC 0x6b6d616c   /* "kmal" */

struct km_page {
	uint32_t magic, shift;
	uint64_t pad;              /* objects start 16-byte aligned */
};

struct km_free {
	struct km_free *next;
};

static struct km_free *free_lists[KM_CLASSES];

void *kpage_alloc(void)
{
	uint64_t pa = pmm_alloc();
	return pa ? phys_to_virt(pa) : NULL;
}

void kpage_free(void *p)
{
	if (p)
		pmm_free(arch_virt_to_phys((uintptr_t)p));
}

void *kmalloc(size_t size)
{
	unsigned shift = KM_MIN_SHIFT;

	while ((1ul << shift) < size)
		shift++;
	if (shift > KM_MAX_SHIFT)
		panic("kmalloc: %zu bytes is more than a size class", size);
	struct km_free **list = &free_lists[shift - KM_MIN_SHIFT];
	if (!*list) {
		struct km_page *pg = kpage_alloc();
		if (!pg)
			return NULL;
		pg->magic = KM_MAGIC;
		pg->shift = shift;
		size_t sz = 1ul << shift;
		for (size_t off = ALIGN_UP(sizeof(*pg), sz); off + sz <= PAGE_SIZE; off += sz) {
			struct km_free *f = (struct km_free *)((char *)pg + off);
			f->next = *list;
			*list = f;
		}
	}
	struct km_free *obj = *list;
	*list = obj->next;
	memset(obj, 0, 1ul << shift);
	return obj;
}

void kfree(void *p)
{
	if (!p)
		return;
	struct km_page *pg = (struct km_page *)ALIGN_DOWN((uintptr_t)p, PAGE_SIZE);
	if (pg->magic != KM_MAGIC || pg->shift < KM_MIN_SHIFT || pg->shift > KM_MAX_SHIFT)
		panic("kfree: %p is not a kmalloc object", p);
	struct km_free *f = p;
	f->next = free_lists[pg->shift - KM_MIN_SHIFT];
	free_lists[pg->shift - KM_MIN_SHIFT] = f;
}
