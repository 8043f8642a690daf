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
