/* SPDX-License-Identifier: MIT */
/* The IDT: the 32 exception vectors, each an interrupt gate (IF stays 0) on
 * an IST stack; the interrupt vectors (arch/thread.h) are set by thread.c
 * through idt_set_gate, on IST_IRQ (irq_entry.S says why). */
#include <arch/x86.h>
#include <arch/desc.h>
#include <arch/thread.h>
#include <ukl/arch.h>

struct idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;      /* present | DPL 0 | 64-bit interrupt gate */
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t reserved;
} __attribute__((packed));

extern const uintptr_t trap_vectors[32];   /* trap_entry.S */
static struct idt_gate idt[256];

static int vector_ist(int v)
{
	switch (v) {
	case 2: case 18: return IST_NMI_MCE;
	case 8: return IST_DOUBLE;
	default: return IST_EXCEPTION;
	}
}

void idt_set_gate(int v, uintptr_t h, int ist)
{
	idt[v] = (struct idt_gate){
		.off_lo = h & 0xffff, .sel = GDT_KERNEL_CS, .ist = ist,
		.type = 0x8e, .off_mid = (h >> 16) & 0xffff, .off_hi = h >> 32,
	};
}

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) desc = { sizeof(idt) - 1, (uintptr_t)idt };

	for (int v = 0; v < 32; v++)
		idt_set_gate(v, trap_vectors[v], vector_ist(v));
	__asm__ volatile("lidt %0" :: "m"(desc));
}

void trap_init(void)
{
	gdt_init();
	idt_init();
}
