/* SPDX-License-Identifier: MIT */
/* Physical frames (pmm.c) and the application's address space (vm.c). */
#ifndef UKL_MM_H
#define UKL_MM_H

#include <ukl/kernel.h>
#include <arch/vm_layout.h>

struct boot_info;

void pmm_init(const struct boot_info *bi);
/* A zeroed 4 KiB frame, 0 when memory is exhausted. */
uint64_t pmm_alloc(void);
void pmm_free(uint64_t pa);
/* n zeroed frames at consecutive physical addresses (device rings and
 * buffers a device reads by physical address), 0 if no region has them
 * left; they are never freed. */
uint64_t pmm_alloc_contig(unsigned n);
uint64_t pmm_total_bytes(void);
uint64_t pmm_free_bytes(void);

void vm_init(void);
/* A page fault at addr (not present) that is the application stack's to
 * serve: maps a zeroed page there; false for a fault to report. */
bool vm_fault(uintptr_t addr);
/* The frame behind the application's address va, 0 if none: a stack page
 * not touched yet is mapped now, as the touch would map it.  For system
 * calls that check a pointer before using it. */
uint64_t vm_user_phys(uintptr_t va);
/* arch_protect_page, for a stack page not touched yet too: 0 or -ENOMEM. */
int vm_protect_page(uintptr_t va, int prot);
/* Map zeroed anonymous pages at [va, va+len): 0 or -errno. */
int vm_map_anon(uintptr_t va, size_t len, int prot);
void vm_unmap(uintptr_t va, size_t len);
/* Fresh anonymous memory anywhere in the mmap area, 0 on failure. */
uintptr_t vm_alloc(size_t len, int prot);
/* The parts mmap and mremap are made of: address space in the mmap area
 * (0: none left), taking address space up to end, moving pages. */
uintptr_t vm_reserve(size_t len);
void vm_claim(uintptr_t end);
void vm_move(uintptr_t from, uintptr_t to, size_t len);

/* kmalloc.c: zeroed kernel objects up to 2048 bytes (NULL when memory is
 * exhausted), and whole zeroed frames through the direct map. */
void *kmalloc(size_t size);
void kfree(void *p);
void *kpage_alloc(void);
void kpage_free(void *p);

#endif
