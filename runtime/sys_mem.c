/* SPDX-License-Identifier: MIT */
/*
 * Memory system calls on anonymous memory (vm.c has the address space).
 * There are no files, so a file mapping fails with -ENODEV.  The flag values
 * are the same on x86_64 and asm-generic (riscv64).
 */
#include <ukl/arch.h>
#include <ukl/mm.h>
#include <ukl/syscall.h>
#include <ukl/thread.h>

#define MAP_FIXED           0x10
#define MAP_ANONYMOUS       0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED   2

static uintptr_t brk_cur = VM_BRK_BASE;

static bool page_aligned(long a)
{
	return !((unsigned long)a & (PAGE_SIZE - 1));
}

/* [va, va+len) is non-empty and inside the application's half. */
static bool user_range(uintptr_t va, size_t len)
{
	return len && va < VM_USER_END && len <= VM_USER_END - va;
}

static bool range_in_use(uintptr_t va, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE)
		if (arch_page_mapped(va + off))
			return true;
	return false;
}

SYSCALL(brk)
{
	uintptr_t want = (uintptr_t)a1;
	uintptr_t old_end = ALIGN_UP(brk_cur, PAGE_SIZE);
	uintptr_t new_end = ALIGN_UP(want, PAGE_SIZE);

	/* Linux returns the current break when it cannot (or is not asked
	 * to) move it: that is how the libc finds the break at all. */
	if (want < VM_BRK_BASE || want > VM_BRK_BASE + VM_BRK_MAX)
		return (long)brk_cur;
	if (new_end > old_end) {
		if (vm_map_anon(old_end, new_end - old_end, PROT_READ | PROT_WRITE))
			return (long)brk_cur;
	} else if (new_end < old_end) {
		vm_unmap(new_end, old_end - new_end);
	}
	brk_cur = want;
	return (long)brk_cur;
}

SYSCALL(mmap)
{
	uintptr_t addr = (uintptr_t)a1;
	size_t len = ALIGN_UP((size_t)a2, PAGE_SIZE);
	int prot = (int)a3, flags = (int)a4;

	if (!a2 || !len || !page_aligned(a6))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!page_aligned((long)addr) || !user_range(addr, len))
			return -EINVAL;
		if ((flags & MAP_FIXED_NOREPLACE) && range_in_use(addr, len))
			return -EEXIST;
		vm_claim(addr + len);
	} else {
		/* The hint is ignored: areas go one after the other. */
		addr = vm_reserve(len);
		if (!addr)
			return -ENOMEM;
	}
	long err = vm_map_anon(addr, len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
	return err ? err : (long)addr;
}

SYSCALL(munmap)
{
	size_t len = ALIGN_UP((size_t)a2, PAGE_SIZE);

	if (!page_aligned(a1) || !user_range((uintptr_t)a1, len))
		return -EINVAL;
	/* A thread freeing the stack it runs on (musl's detached threads,
	 * just before they exit): the pages go at its exit. */
	if (thread_defer_unmap((uintptr_t)a1, len))
		return 0;
	vm_unmap((uintptr_t)a1, len);
	return 0;
}

SYSCALL(mremap)
{
	uintptr_t old = (uintptr_t)a1, to = (uintptr_t)a5;
	size_t old_len = ALIGN_UP((size_t)a2, PAGE_SIZE);
	size_t new_len = ALIGN_UP((size_t)a3, PAGE_SIZE);
	int flags = (int)a4;

	if (!page_aligned(a1) || !new_len || !user_range(old, old_len) ||
	    (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	if (!(flags & MREMAP_FIXED)) {
		if (new_len <= old_len) {
			vm_unmap(old + new_len, old_len - new_len);
			return (long)old;
		}
		if (!range_in_use(old + old_len, new_len - old_len) &&
		    user_range(old, new_len))
			goto grow_in_place;
		if (!(flags & MREMAP_MAYMOVE))
			return -ENOMEM;
		to = vm_reserve(new_len);
		if (!to)
			return -ENOMEM;
	} else {
		if (!page_aligned((long)to) || !user_range(to, new_len) ||
		    (to < old + old_len && old < to + new_len))
			return -EINVAL;
		vm_unmap(to, new_len);
		vm_claim(to + new_len);
	}
	/* Move the frames, then fill the new tail with fresh pages. */
	int prot = PROT_READ | PROT_WRITE;
	size_t keep = MIN(old_len, new_len);
	vm_move(old, to, keep);
	vm_unmap(old + keep, old_len - keep);
	if (new_len > keep && vm_map_anon(to + keep, new_len - keep, prot)) {
		vm_unmap(to, new_len);
		return -ENOMEM;
	}
	return (long)to;

grow_in_place:
	vm_claim(old + new_len);
	if (vm_map_anon(old + old_len, new_len - old_len, PROT_READ | PROT_WRITE))
		return -ENOMEM;
	return (long)old;
}

SYSCALL(mprotect)
{
	size_t len = ALIGN_UP((size_t)a2, PAGE_SIZE);

	if (!page_aligned(a1))
		return -EINVAL;
	if (!len)
		return 0;
	if (!user_range((uintptr_t)a1, len))
		return -ENOMEM;
	for (size_t off = 0; off < len; off += PAGE_SIZE)
		if (vm_protect_page((uintptr_t)a1 + off, (int)a3 & 7))
			return -ENOMEM;
	return 0;
}

#define MADV_DONTNEED 4

SYSCALL(madvise)
{
	size_t len = ALIGN_UP((size_t)a2, PAGE_SIZE);

	if (!page_aligned(a1))
		return -EINVAL;
	/* Anonymous memory reads back as zeros after MADV_DONTNEED; the
	 * frames stay (simpler than unmapping and faulting them back in).
	 * Every other advice is only advice. */
	if ((int)a3 == MADV_DONTNEED && user_range((uintptr_t)a1, len))
		for (size_t off = 0; off < len; off += PAGE_SIZE) {
			uint64_t pa = arch_virt_to_phys((uintptr_t)a1 + off);
			if (pa)
				arch_zero_page(phys_to_virt(pa));
		}
	return 0;
}
