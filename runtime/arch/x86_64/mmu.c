/* SPDX-License-Identifier: MIT */
/*
 * 4-level page tables.  The kernel keeps the boot tables (head.S) for its
 * own mappings, 2 MiB pages: the image in the top 2 GiB and the direct map.
 * mmu_init() drops the boot identity map of the low 4 GiB, which frees the
 * whole lower half for the application's 4 KiB pages (stack, brk, mmap) and
 * makes NULL pointers fault.  Everything runs at ring 0, so no page is a
 * user page (U/S=0; with U/S=1, SMEP would refuse to execute kernel code
 * there and SMAP to access it).
 *
 * mmu_init() also maps the image by its own program headers, in 4 KiB
 * pages (2 MiB where only writable data is): the text segment read-only
 * and executable, rodata read-only, data and bss writable; nothing else is executable (the rest of the top 2 GiB
 * and the whole direct map are NX, as are the application's stack, heap and
 * mmap areas through prot_bits()).  CR0.WP (head.S) makes read-only hold at
 * ring 0, EFER.NXE makes NX hold at all.  ukld verify checks that no
 * segment is both writable and executable, so every page is W^X.
 */
#include <arch/x86.h>
#include <ukl/arch.h>
#include <ukl/errno.h>
#include <ukl/elf.h>
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

#define PAGE_2M   (2ul << 20)
#define X86_CR0_WP (1ul << 16)

extern uint64_t boot_pdpt_k[512];
extern char __ukl_image_start[], __ukl_image_end[];

/* The PTE bits of segment flags (PF_*); data (RW, NX) for none. */
static uint64_t flags_bits(uint32_t flags)
{
	if (!flags)
		return PTE_P | PTE_W | PTE_NX;
	return PTE_P | (flags & PF_W ? PTE_W : 0) | (flags & PF_X ? 0 : PTE_NX);
}

/* Whether every PT_LOAD segment with bytes in [va, va + len) is writable
 * data (not executable): then one page with data's bits fits it all. */
static bool only_data(uintptr_t va, uint64_t len)
{
	const Elf64_Phdr *ph = image_phdrs();

	for (unsigned i = 0; i < __ehdr_start.e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && va + len > ph[i].p_vaddr &&
		    va < ph[i].p_vaddr + ph[i].p_memsz &&
		    (ph[i].p_flags & (PF_W | PF_X)) != PF_W)
			return false;
	return true;
}

/* The 4 KiB pages of the 2 MiB at physical pa, each with the union of the
 * flags of the segments it holds a part of: gathered segment by segment in
 * the entries' software bits 9-11 first, so the work is per page, not per
 * page and segment (this runs before main at every boot). */
static void fill_image_table(uint64_t *pt, uint64_t pa)
{
	const Elf64_Phdr *ph = image_phdrs();
	uintptr_t va = KERNEL_VMA + pa;

	for (unsigned j = 0; j < 512; j++)
		pt[j] = pa + (uint64_t)j * PAGE_SIZE;
	for (unsigned i = 0; i < __ehdr_start.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_vaddr + ph[i].p_memsz <= va ||
		    ph[i].p_vaddr >= va + PAGE_2M)
			continue;
		uintptr_t s = MAX(ALIGN_DOWN(ph[i].p_vaddr, PAGE_SIZE), va);
		uintptr_t e = MIN(ph[i].p_vaddr + ph[i].p_memsz, va + PAGE_2M);
		for (uintptr_t p = s; p < e; p += PAGE_SIZE)
			pt[(p - va) / PAGE_SIZE] |= (uint64_t)(ph[i].p_flags & 7) << 9;
	}
	for (unsigned j = 0; j < 512; j++)
		pt[j] = (pt[j] & PTE_ADDR) | flags_bits((pt[j] >> 9) & 7);
}

/* The top 2 GiB's first GiB (physical 0-1 GiB, the image among it) gets a
 * page directory of its own: 2 MiB pages, NX, except where the image has
 * code or read-only data, which is split into 4 KiB pages with the
 * segments' permissions (a 2 MiB that holds only writable data, lwIP's
 * pools in the .bss, stays one page).  The boot page directories stay as
 * they are for the direct map, which is NX as a whole (the bit in its PML4
 * entry), as is the top 2 GiB's second GiB. */
static void map_image(void)
{
	uint64_t lo = (uintptr_t)__ukl_image_start - KERNEL_VMA;
	uint64_t hi = (uintptr_t)__ukl_image_end - KERNEL_VMA;
	uint64_t pd_pa = pmm_alloc();
	uint64_t *pd = phys_to_virt(pd_pa);

	if (!pd_pa || hi > (1ul << 30))
		panic("mmu: cannot map the image [%#lx, %#lx)", (unsigned long)lo,
		      (unsigned long)hi);
	for (unsigned i = 0; i < 512; i++) {
		uint64_t pa = (uint64_t)i * PAGE_2M;
		if (pa + PAGE_2M <= lo || pa >= hi || only_data(KERNEL_VMA + pa, PAGE_2M)) {
			pd[i] = pa | PTE_P | PTE_W | PTE_PS | PTE_NX;
			continue;
		}
		uint64_t pt_pa = pmm_alloc();
		if (!pt_pa)
			panic("mmu: no memory for the image's page tables");
		fill_image_table(phys_to_virt(pt_pa), pa);
		pd[i] = pt_pa | PTE_P | PTE_W;
	}
	boot_pdpt_k[510] = pd_pa | PTE_P | PTE_W;
	boot_pdpt_k[511] |= PTE_NX;
	boot_pml4[273] |= PTE_NX;   /* the direct map */
}

void mmu_init(void)
{
	uint64_t cr0, efer;
	uint32_t lo, hi;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
	efer = (uint64_t)hi << 32 | lo;
	if (!(cr0 & X86_CR0_WP) || !(efer & EFER_NXE))
		panic("mmu: CR0.WP (%d) and EFER.NXE (%d) must be on", !!(cr0 & X86_CR0_WP),
		      !!(efer & EFER_NXE));
	map_image();
	boot_pml4[0] = 0;
	write_cr3(read_cr3());  /* flush the identity map and the image's old pages */
}
