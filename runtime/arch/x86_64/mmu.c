/* SPDX-License-Identifier: MIT */
/*
 * 4-level page tables.  The kernel keeps the boot tables (head.S) for its
 * own mappings, 2 MiB pages: the image in the top 2 GiB and the direct map.
 * mmu_init() drops the boot identity map of the low 4 GiB, which frees the
 * whole lower half for the application's 4 KiB pages (stack, brk, mmap) and
 * makes NULL pointers fault.  Everything runs at ring 0, so no page is a
 * user page (U/S=0; with U/S=1, SMEP would refuse to execute kernel code
 * there and SMAP to access it).
 */
#include <arch/x86.h>
#include <ukl/arch.h>
#include <ukl/errno.h>
#include <ukl/mm.h>

#define PTE_P    (1ull << 0)
#define PTE_W    (1ull << 1)
#define PTE_PS   (1ull << 7)
#define PTE_NONE (1ull << 9)    /* software: PROT_NONE page, frame kept */
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

extern uint64_t boot_pml4[512];

static uint64_t *table_of(uint64_t e)
{
	return phys_to_virt(e & PTE_ADDR);
}

/* The leaf entry for va, creating the tables on the way if create. */
static uint64_t *walk(uintptr_t va, bool create)
{
	uint64_t *t = boot_pml4;

	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t *e = &t[(va >> shift) & 511];
		if (!(*e & PTE_P)) {
			if (!create)
				return NULL;
			uint64_t pa = pmm_alloc();
			if (!pa)
				return NULL;
			*e = pa | PTE_P | PTE_W;
		}
		if (*e & PTE_PS)
			return NULL;  /* a kernel huge page: not ours to touch */
		t = table_of(*e);
	}
	return &t[(va >> 12) & 511];
}

static uint64_t prot_bits(int prot)
{
	if (prot == PROT_NONE)
		return PTE_NONE;
	return PTE_P | (prot & PROT_WRITE ? PTE_W : 0) | (prot & PROT_EXEC ? 0 : PTE_NX);
}

int arch_map_page(uintptr_t va, uint64_t pa, int prot)
{
	uint64_t *e = walk(va, true);

	if (!e)
		return -ENOMEM;
	*e = pa | prot_bits(prot);
	invlpg(va);
	return 0;
}

static int pte_prot(uint64_t e)
{
	if (e & PTE_NONE)
		return PROT_NONE;
	return PROT_READ | (e & PTE_W ? PROT_WRITE : 0) | (e & PTE_NX ? 0 : PROT_EXEC);
}

uint64_t arch_unmap_page(uintptr_t va, int *prot)
{
	uint64_t *e = walk(va, false);
	uint64_t old;

	if (!e || !(*e & (PTE_P | PTE_NONE)))
		return 0;
	old = *e;
	*e = 0;
	invlpg(va);
	if (prot)
		*prot = pte_prot(old);
	return old & PTE_ADDR;
}

bool arch_page_mapped(uintptr_t va)
{
	uint64_t *e = walk(va, false);

	return e && (*e & (PTE_P | PTE_NONE));
}

int arch_protect_page(uintptr_t va, int prot)
{
	uint64_t *e = walk(va, false);

	if (!e || !(*e & (PTE_P | PTE_NONE)))
		return -ENOMEM;
	*e = (*e & PTE_ADDR) | prot_bits(prot);
	invlpg(va);
	return 0;
}

uint64_t arch_virt_to_phys(uintptr_t va)
{
	uint64_t *t = boot_pml4;

	for (int shift = 39; shift >= 12; shift -= 9) {
		uint64_t e = t[(va >> shift) & 511];
		if (!(e & PTE_P))
			return 0;
		if (shift == 12 || (e & PTE_PS)) {
			uint64_t mask = (1ull << shift) - 1;
			return (e & PTE_ADDR & ~mask) | (va & mask);
		}
		t = table_of(e);
	}
	return 0;
}

void mmu_init(void)
{
	boot_pml4[0] = 0;
	write_cr3(read_cr3());  /* flush the identity map from the TLB */
}
