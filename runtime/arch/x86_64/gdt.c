/* SPDX-License-Identifier: MIT */
/*
 * The GDT and the TSS.  Long mode ignores segment bases, but the CPU still
 * takes the interrupt stack table (IST) from the TSS: exceptions get their
 * own stacks, so a stack overflow into the app stack's guard page can still
 * be reported instead of turning into a triple fault and a silent reset.
 * Selectors 0x08/0x10 are also what STAR gives the `syscall` instruction.
 */
#include <arch/x86.h>
#include <arch/desc.h>
#include <ukl/arch.h>

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

#define IST_STACK_SIZE 16384
static uint8_t ist_stacks[IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(16)));
static struct tss tss;
static uint64_t gdt[5];

static uint64_t tss_low(uintptr_t base, uint32_t limit)
{
	return (limit & 0xffff) | (uint64_t)(base & 0xffffff) << 16 |
	       0x89ull << 40 /* present, 64-bit available TSS */ |
	       (uint64_t)((limit >> 16) & 0xf) << 48 | (uint64_t)((base >> 24) & 0xff) << 56;
}

void gdt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) desc = { sizeof(gdt) - 1, (uintptr_t)gdt };

	for (int i = 0; i < IST_COUNT; i++)
		tss.ist[i] = (uintptr_t)ist_stacks[i] + IST_STACK_SIZE;
	tss.iomap_base = sizeof(tss);  /* no I/O bitmap */

	gdt[0] = 0;
	gdt[GDT_KERNEL_CS >> 3] = 0x00af9a000000ffffull;  /* 64-bit code, DPL 0 */
	gdt[GDT_KERNEL_DS >> 3] = 0x00cf92000000ffffull;  /* data */
	gdt[GDT_TSS >> 3] = tss_low((uintptr_t)&tss, sizeof(tss) - 1);
	gdt[(GDT_TSS >> 3) + 1] = (uintptr_t)&tss >> 32;

	/* Load it and reload CS with a far return, then the data segments. */
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\tmovl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "ltr %w3"
			 :: "m"(desc), "i"(GDT_KERNEL_CS), "i"(GDT_KERNEL_DS), "r"(GDT_TSS)
			 : "rax", "memory");
}
