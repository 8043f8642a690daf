/* SPDX-License-Identifier: MIT */
/*
 * Physical frames.  RAM regions from the boot memory map, minus everything
 * below the end of the image, are handed out by a bump pointer per region;
 * freed frames go on a free list threaded through the frames themselves
 * (reached through the direct map).  Frames come back zeroed.
 * Only RAM below 4 GiB is used: that is what head.S direct-maps.  The
 * initrd's frames are left out.
 */
#include <ukl/arch.h>
#include <ukl/boot.h>
#include <ukl/mm.h>

#define PHYS_LIMIT (4ull << 30)

extern char __ukl_image_end[];

struct region {
	uint64_t next, end;
};

static struct region regions[BOOT_MEM_MAX + 1];
static unsigned nregions;
static uint64_t free_list;   /* physical address of the first free frame */
static uint64_t total, nfree;

static void add_region(uint64_t base, uint64_t end)
{
	regions[nregions++] = (struct region){ base, end };
	total += end - base;
}

void pmm_init(const struct boot_info *bi)
{
	uint64_t image_end = arch_virt_to_phys((uintptr_t)__ukl_image_end - 1) + 1;

	for (unsigned i = 0; i < bi->nmem; i++) {
		uint64_t base = ALIGN_UP(bi->mem[i].base, PAGE_SIZE);
		uint64_t end = ALIGN_DOWN(bi->mem[i].base + bi->mem[i].size, PAGE_SIZE);
		base = MAX(base, image_end);
		end = MIN(end, PHYS_LIMIT);
		if (base >= end)
			continue;
		/* The initrd stays where it is: its files are read in place. */
		uint64_t rb = ALIGN_DOWN(bi->initrd_base, PAGE_SIZE);
		uint64_t re = ALIGN_UP(bi->initrd_base + bi->initrd_size, PAGE_SIZE);
		if (bi->initrd_size && rb < end && re > base) {
			if (rb > base)
				add_region(base, rb);
			if (re < end)
				add_region(re, end);
		} else {
			add_region(base, end);
		}
	}
	nfree = total;
	if (!total)
		panic("pmm: no usable RAM above the image (%#lx)", (unsigned long)image_end);
}

uint64_t pmm_alloc(void)
{
	uint64_t pa = 0;

	if (free_list) {
		pa = free_list;
		free_list = *(uint64_t *)phys_to_virt(pa);
	} else {
		for (unsigned i = 0; i < nregions && !pa; i++)
			if (regions[i].next < regions[i].end) {
				pa = regions[i].next;
				regions[i].next += PAGE_SIZE;
			}
		if (!pa)
			return 0;
	}
	nfree -= PAGE_SIZE;
	arch_zero_page(phys_to_virt(pa));
	return pa;
}

/* From a region's untouched part, which is contiguous: the free list is
 * not (and devices are set up at boot, when the regions are still large). */
uint64_t pmm_alloc_contig(unsigned n)
{
	uint64_t len = (uint64_t)n * PAGE_SIZE;

	for (unsigned i = 0; i < nregions; i++) {
		struct region *r = &regions[i];
		if (n && r->end - r->next >= len) {
			uint64_t pa = r->next;
			r->next += len;
			nfree -= len;
			for (uint64_t o = 0; o < len; o += PAGE_SIZE)
				arch_zero_page(phys_to_virt(pa + o));
			return pa;
		}
	}
	return 0;
}

void pmm_free(uint64_t pa)
{
	*(uint64_t *)phys_to_virt(pa) = free_list;
	free_list = pa;
	nfree += PAGE_SIZE;
}

uint64_t pmm_total_bytes(void) { return total; }
uint64_t pmm_free_bytes(void) { return nfree; }
