/* SPDX-License-Identifier: MIT */
/*
 * Sv39 page tables.  head.S turns paging on with a boot table of 1 GiB
 * pages, readable, writable and executable: an identity map, the direct map
 * and the top 2 GiB.  mmu_init() replaces it with the kernel's own table:
 *   - the image in the top 2 GiB by its own program headers (.ukl.phdrs),
 *     in 4 KiB pages: text R X, rodata R, data and bss R W; the rest of the
 *     top 2 GiB is not mapped;
 *   - the direct map of the first 4 GiB, 1 GiB pages, R W and never X
 *     (frames, page tables, the device tree, the initrd, devices);
 *   - no identity map, which leaves the whole lower half to the
 *     application's 4 KiB pages (stack, brk, mmap) and makes NULL pointers
 *     fault.
 * ukld verify checks that no segment is both writable and executable and
 * that no page holds both, so every page is W^X.
 *
 * Everything runs in S-mode, so no page is a user page (U=0: S-mode may
 * not execute U pages at all).  RISC-V needs no counterpart of x86's
 * CR0.WP: R, W and X bind S-mode on S-mode pages as they are (sstatus.SUM
 * and MXR only widen access to U pages and to execute-only pages, and both
 * stay off).  A and D are set up front, so no access depends on how the
 * hart updates them.
 */
#include <arch/riscv.h>
#include <ukl/arch.h>
#include <ukl/contract.h>
#include <ukl/elf.h>
#include <ukl/errno.h>
#include <ukl/mm.h>

#define PTE_NONE (1ul << 8)      /* software (RSW): PROT_NONE page, frame kept */
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)
#define PTE_PPN  0x003ffffffffffc00ul

extern uint64_t boot_pgd[512];
extern char __ukl_image_start[], __ukl_image_end[];

/* The root table in use: head.S's boot table until mmu_init(). */
static uint64_t *root = boot_pgd;

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

/* The 4 KiB leaf entry for va under the root table t, creating the tables
 * on the way if create. */
static uint64_t *walk_in(uint64_t *t, uintptr_t va, bool create)
{
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

static uint64_t *walk(uintptr_t va, bool create)
{
	return walk_in(root, va, create);
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

/* The leaf entry for va and, in *shift, the size of its page (12, 21, 30). */
static uint64_t leaf(uintptr_t va, int *shift)
{
	uint64_t *t = root;

	/* Sv39: bits 63..39 must copy bit 38. */
	if ((uint64_t)((int64_t)(va << 25) >> 25) != va)
		return 0;
	for (*shift = 30; *shift >= 12; *shift -= 9) {
		uint64_t e = t[(va >> *shift) & 511];
		if (!(e & PTE_V))
			return 0;
		if (e & PTE_LEAF)
			return e;
		if (*shift == 12)
			return 0;
		t = phys_to_virt(pte_pa(e));
	}
	return 0;
}

uint64_t mmu_leaf(uintptr_t va)
{
	int shift;

	return leaf(va, &shift);
}

uint64_t arch_virt_to_phys(uintptr_t va)
{
	int shift;
	uint64_t e = leaf(va, &shift);

	if (!e)
		return 0;
	uint64_t mask = (1ull << shift) - 1;
	return (pte_pa(e) & ~mask) | (va & mask);
}

/* The leaf bits of segment flags (PF_*). */
static uint64_t flags_bits(uint64_t flags)
{
	/* W needs R in Sv39; every loaded segment is readable anyway. */
	return PTE_V | PTE_A | PTE_D | PTE_R | (flags & PF_W ? PTE_W : 0) |
	       (flags & PF_X ? PTE_X : 0);
}

/* The image's pages in the top 2 GiB of the table t, at the physical
 * address head.S mapped them to: each page with the union of the
 * permissions of the PT_LOAD segments it holds a part of, none if none.
 * Segment by segment, a table walk per 2 MiB, not per page (this runs
 * before main at every boot). */
static void map_image(uint64_t *t)
{
	const Elf64_Phdr *ph = image_phdrs();

	if (!image_phnum())
		panic("mmu: the image's program headers (%s) are not filled", UKL_SEC_PHDRS);
	for (unsigned i = 0; i < image_phnum(); i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		uint64_t bits = flags_bits(ph[i].p_flags);
		uint64_t *e = NULL;
		for (uintptr_t va = ALIGN_DOWN(ph[i].p_vaddr, PAGE_SIZE);
		     va < ph[i].p_vaddr + ph[i].p_memsz; va += PAGE_SIZE, e++) {
			if (!e || !(va & ((PAGE_SIZE << 9) - 1))) {
				e = walk_in(t, va, true);
				if (!e)
					panic("mmu: no memory for the image's page tables");
			}
			/* A page two segments share has both's permissions. */
			uint64_t b = (*e & PTE_LEAF) | bits;
			if ((b & PTE_W) && (b & PTE_X))
				panic("mmu: the image page %#lx is in a writable and an executable segment",
				      (unsigned long)va);
			*e = pa_pte(va - KERNEL_OFFSET) | b;
		}
	}
}

/* Build the kernel's table while the boot table is still in use, then
 * switch with one satp write: what runs on across the switch (this code,
 * the boot stack, the kernel's data, the direct map) is mapped at the same
 * address in both, so no instruction ever runs on a page that is not. */
void mmu_init(void)
{
	uint64_t pa = pmm_alloc();
	uint64_t *t = phys_to_virt(pa);

	if (!pa)
		panic("mmu: no memory for the kernel's page table");
	map_image(t);
	for (unsigned i = 256; i < 260; i++)
		t[i] = boot_pgd[i] & ~PTE_X;   /* the direct map, not executable */
	/* The fence before orders the stores to the new tables before the
	 * hart's walks of them; the one after drops what it cached of the
	 * boot table. */
	sfence_vma_all();
	csr_write(satp, SATP_SV39 | pa >> 12);
	sfence_vma_all();
	root = t;
}
