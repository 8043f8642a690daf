/* SPDX-License-Identifier: MIT */
/*
 * The application's address space, in the lower half (the kernel is in the
 * upper half):
 *   VM_BRK_BASE ..         brk heap, pages mapped as the break moves up
 *   VM_MMAP_BASE ..        mmap areas, placed one after the other with an
 *                          unmapped page between them; addresses are not
 *                          reused (the space is 2^46 bytes)
 *   .. VM_STACK_TOP        the 8 MiB stack, unmapped guard page below
 * Anonymous pages only, zeroed by pmm_alloc.  brk and mmap map theirs when
 * asked; the stack's are mapped when first touched: a page fault in it is
 * served by vm_fault() from the arch trap code (mapping all 8 MiB at boot
 * was 2,060 pages, 1.6 million instructions before main, for a program
 * that uses a few).  Every other fault is fatal, and the guard pages below
 * the stack stay unmapped, so an overflow is still reported.  The frames
 * come from pmm_alloc with nothing else to wait for, so a fault is served
 * with interrupts off and in any context a touch of the stack can happen
 * in (a system call's kernel code runs on the caller's stack).
 */
#include <ukl/arch.h>
#include <ukl/errno.h>
#include <ukl/mm.h>

static uintptr_t mmap_next = VM_MMAP_BASE;

void vm_init(void)
{
	/* Nothing to map: the stack comes page by page (vm_fault). */
}

bool vm_fault(uintptr_t addr)
{
	uintptr_t va = ALIGN_DOWN(addr, PAGE_SIZE);

	if (addr < VM_STACK_TOP - VM_STACK_SIZE || addr >= VM_STACK_TOP ||
	    arch_page_mapped(va))
		return false;
	uint64_t pa = pmm_alloc();
	if (!pa || arch_map_page(va, pa, PROT_READ | PROT_WRITE)) {
		if (pa)
			pmm_free(pa);
		printk("ukl: no memory for a page of the application stack\n");
		return false;
	}
	return true;
}

uint64_t vm_user_phys(uintptr_t va)
{
	uint64_t pa = arch_virt_to_phys(va);

	if (!pa && vm_fault(va))
		pa = arch_virt_to_phys(va);
	return pa;
}

int vm_protect_page(uintptr_t va, int prot)
{
	if (arch_protect_page(va, prot) && !(vm_fault(va) && !arch_protect_page(va, prot)))
		return -ENOMEM;
	return 0;
}

void vm_unmap(uintptr_t va, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t pa = arch_unmap_page(va + off, NULL);
		if (pa)
			pmm_free(pa);
	}
}

int vm_map_anon(uintptr_t va, size_t len, int prot)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t pa = pmm_alloc();
		uint64_t old = arch_unmap_page(va + off, NULL);
		if (old)
			pmm_free(old);
		if (!pa || arch_map_page(va + off, pa, prot)) {
			if (pa)
				pmm_free(pa);
			vm_unmap(va, off);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Address space for len bytes in the mmap area, not mapped yet. */
uintptr_t vm_reserve(size_t len)
{
	uintptr_t va = mmap_next;

	if (len > VM_MMAP_END - va - PAGE_SIZE)
		return 0;
	mmap_next += len + PAGE_SIZE;   /* + a guard page */
	return va;
}

/* Pages up to end are taken (MAP_FIXED, mremap in place): keep
 * vm_reserve from handing them out again. */
void vm_claim(uintptr_t end)
{
	if (end >= VM_MMAP_BASE && end < VM_MMAP_END && end + PAGE_SIZE > mmap_next)
		mmap_next = end + PAGE_SIZE;
}

uintptr_t vm_alloc(size_t len, int prot)
{
	uintptr_t va = vm_reserve(len);

	if (!va || vm_map_anon(va, len, prot))
		return 0;
	return va;
}

/* Move the pages of [from, from+len) to [to, to+len), frames and all. */
void vm_move(uintptr_t from, uintptr_t to, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		int prot;
		uint64_t pa = arch_unmap_page(from + off, &prot);
		if (pa && arch_map_page(to + off, pa, prot))
			pmm_free(pa);   /* no table memory: the page is lost */
	}
}
