/* SPDX-License-Identifier: MIT */
/*
 * TLS, runtime half (the link-time half, in this folder too, makes PT_TLS
 * describe exactly the application's .tdata/.tbss).
 *
 * x86_64 uses TLS variant II (Drepper, "ELF Handling For Thread-Local
 * Storage"): the block sits just below the thread pointer, which points at
 * the TCB; the first word of the TCB points to itself (%fs:0, which code
 * reads to turn a TLS offset into an address).  The block starts
 *   offset = p_memsz + ((-p_memsz - p_vaddr) & (p_align - 1))
 * below a thread pointer aligned to p_align: the block keeps the alignment
 * phase p_vaddr has in the image.  That is what lld computes its offsets
 * from (its PT_TLS need not start p_align-aligned), and musl's static TLS
 * does the same; with an aligned p_vaddr, as GNU ld makes it, it is just
 * round_up(p_memsz, p_align).  .tdata is copied from the image, .tbss stays
 * zero.
 * The TCB is 256 bytes: room for the words compilers and libcs put there
 * (%fs:0x28 is the stack protector's canary, filled with a random value).
 *
 * riscv64 uses variant I with no TCB in front (psABI): the block is above
 * tp, which is aligned to p_align, at tp + (p_vaddr & (p_align - 1)): lld
 * computes its tp offsets that way (and musl places the block so), GNU ld
 * as address - p_vaddr with an aligned p_vaddr, where both agree.  (gcc's
 * stack protector reads a global there, not the TCB.)  The dynamic models'
 * __tls_get_addr, which riscv64's linkers do not relax away, is
 * __ukl_tls_get_addr for a bare program (ukld points the name there).
 */
#include <ukl/arch.h>
#include <ukl/mm.h>
#include <ukl/random.h>
#include <tls/runtime.h>

#define TCB_SIZE 256
#define TCB_CANARY 0x28

#ifdef __riscv
#include <ukl/export.h>

/* The psABI's bias of dynamic TLS offsets (DTP_OFFSET in musl). */
#define DTP_OFFSET 0x800

static uintptr_t tls_block;

/* __tls_get_addr(&{module, offset}) of the general- and local-dynamic
 * models; the application is the only module. */
struct tls_index {
	unsigned long module, offset;
};
void *__ukl_tls_get_addr(const struct tls_index *ti);
void *__ukl_tls_get_addr(const struct tls_index *ti)
{
	return (void *)(tls_block + ti->offset + DTP_OFFSET);
}
UKL_EXPORT(__ukl_tls_get_addr);
#endif

void tls_init(const Elf64_Phdr *ph, size_t phnum)
{
	const Elf64_Phdr *tls = NULL;

	for (size_t i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_TLS)
			tls = &ph[i];

	size_t p_align = tls && tls->p_align ? tls->p_align : 1;
	size_t align = MAX(p_align, 16);
	if (p_align & (p_align - 1))
		panic("tls: p_align %#lx is not a power of two", (unsigned long)p_align);
#ifdef __riscv
	size_t phase = tls ? tls->p_vaddr & (p_align - 1) : 0;
	size_t size = ALIGN_UP(align + phase + (tls ? tls->p_memsz : 0), PAGE_SIZE);
	uintptr_t area = vm_alloc(size, PROT_READ | PROT_WRITE);
	if (!area)
		panic("tls: no memory for %zu bytes", size);
	uintptr_t tp = ALIGN_UP(area, align);
	if (tls)
		memcpy((void *)(tp + phase), (const void *)tls->p_vaddr, tls->p_filesz);
	tls_block = tp + phase;
	arch_set_tp(tp);
#else
	size_t memsz = tls ? tls->p_memsz + ((-tls->p_memsz - tls->p_vaddr) & (p_align - 1)) : 0;

	/* Slack of one alignment so tp can be rounded up inside the area. */
	size_t size = ALIGN_UP(align + memsz + TCB_SIZE, PAGE_SIZE);
	uintptr_t area = vm_alloc(size, PROT_READ | PROT_WRITE);
	if (!area)
		panic("tls: no memory for %zu bytes", size);

	uintptr_t tp = ALIGN_UP(area + memsz, align);
	if (tls)
		memcpy((void *)(tp - memsz), (const void *)tls->p_vaddr, tls->p_filesz);
	*(uintptr_t *)tp = tp;
	random_bytes((void *)(tp + TCB_CANARY), sizeof(uint64_t));
	arch_set_tp(tp);
#endif
}
