/* SPDX-License-Identifier: MIT */
/*
 * Sv39 page tables.  The kernel keeps the boot table (head.S) for its own
 * mappings, 1 GiB pages: the image in the top 2 GiB and the direct map.
 * mmu_init() drops the boot identity map, which leaves the whole lower half
 * to the application's 4 KiB pages (stack, brk, mmap) and makes NULL
 * pointers fault.  Everything runs in S-mode, so no page is a user page
 * (U=0: S-mode may not execute U pages at all).  A and D are set up front,
 * so no access depends on how the hart updates them.
 */
#include <arch/riscv.h>
#include <ukl/arch.h>
#include <ukl/errno.h>
#include <ukl/mm.h>

#define PTE_NONE (1ul << 8)      /* software (RSW): PROT_NONE page, frame kept */
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)
#define PTE_PPN  0x003ffffffffffc00ul

extern uint64_t boot_pgd[512];

static uint64_t pte_pa(uint64_t e)
{
	return (e & PTE_PPN) >> PTE_PPN_SHIFT << 12;
}

static uint64_t pa_pte(uint64_t pa)
{
	return pa >> 12 << PTE_PPN_SHIFT;
}

void *phys_to_virt(uint64_t pa)
{
	return (void *)(DIRECT_MAP_BASE + pa);
}

/* The leaf entry for va, creating the tables on the way if create. */
static uint64_t *walk(uintptr_t va, bool create)
{
	uint64_t *t = boot_pgd;

	for (int shift = 30; shift > 12; shift -= 9) {
		uint64_t *e = &t[(va >> shift) & 511];
		if (!(*e & PTE_V)) {
			if (!create)
				return NULL;
			uint64_t pa = pmm_alloc();
			if (!pa)
				return NULL;
			*e = pa_pte(pa) | PTE_V;
		}
		if (*e & PTE_LEAF)
			return NULL;  /* a kernel huge page: not ours to touch */
		t = phys_to_virt(pte_pa(*e));
	}
	return &t[(va >> 12) & 511];
}

static uint64_t prot_bits(int prot)
{
	if (prot == PROT_NONE)
		return PTE_NONE;
	/* Readable whenever mapped, as on x86_64 (and W needs R). */
	return PTE_V | PTE_R | PTE_A | PTE_D | (prot & PROT_WRITE ? PTE_W : 0) |
	       (prot & PROT_EXEC ? PTE_X : 0);
}

int arch_map_page(uintptr_t va, uint64_t pa, int prot)
{
	uint64_t *e = walk(va, true);

	if (!e)
		return -ENOMEM;
	*e = pa_pte(pa) | prot_bits(prot);
	sfence_vma(va);
	return 0;
}

static int pte_prot(uint64_t e)
{
	if (e & PTE_NONE)
		return PROT_NONE;
	return PROT_READ | (e & PTE_W ? PROT_WRITE : 0) | (e & PTE_X ? PROT_EXEC : 0);
}

uint64_t arch_unmap_page(uintptr_t va, int *prot)
{
	uint64_t *e = walk(va, false);
	uint64_t old;

	if (!e || !(*e & (PTE_V | PTE_NONE)))
		return 0;
	old = *e;
	*e = 0;
	sfence_vma(va);
	if (prot)
		*prot = pte_prot(old);
	return pte_pa(old);
}

bool arch_page_mapped(uintptr_t va)
{
	uint64_t *e = walk(va, false);

	return e && (*e & (PTE_V | PTE_NONE));
}

int arch_protect_page(uintptr_t va, int prot)
{
	uint64_t *e = walk(va, false);

	if (!e || !(*e & (PTE_V | PTE_NONE)))
		return -ENOMEM;
	*e = (*e & PTE_PPN) | prot_bits(prot);
	sfence_vma(va);
	return 0;
}

uint64_t arch_virt_to_phys(uintptr_t va)
{
	uint64_t *t = boot_pgd;

	/* Sv39: bits 63..39 must copy bit 38. */
	if ((uint64_t)((int64_t)(va << 25) >> 25) != va)
		return 0;
	for (int shift = 30; shift >= 12; shift -= 9) {
		uint64_t e = t[(va >> shift) & 511];
		if (!(e & PTE_V))
			return 0;
		if (e & PTE_LEAF) {
			uint64_t mask = (1ull << shift) - 1;
			return (pte_pa(e) & ~mask) | (va & mask);
		}
		if (shift == 12)
			return 0;
		t = phys_to_virt(pte_pa(e));
	}
	return 0;
}

void mmu_init(void)
{
	boot_pgd[2] = 0;
	boot_pgd[3] = 0;
	sfence_vma_all();
}
