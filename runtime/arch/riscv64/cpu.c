/* SPDX-License-Identifier: MIT */
/* Small CPU services for common code: features, entropy, thread pointer. */
#include <arch/dt.h>
#include <arch/riscv.h>
#include <ukl/arch.h>

unsigned long arch_hwcap(void)
{
	/* Linux's riscv64 AT_HWCAP: one bit per single-letter extension. */
	return dt_isa_letters;
}

const char arch_machine[] = "riscv64";

void arch_relax(void)
{
	/* Zihintpause `pause` (a fence that orders nothing: a no-op on
	 * harts without it). */
	__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010");
}

void arch_zero_page(void *p)
{
	/* Eight doublewords a turn: fewer loop instructions than memset's
	 * one (RV64 has no string instructions). */
	uint64_t *w = p;
	for (unsigned i = 0; i < PAGE_SIZE / 8; i += 8) {
		w[i] = 0; w[i + 1] = 0; w[i + 2] = 0; w[i + 3] = 0;
		w[i + 4] = 0; w[i + 5] = 0; w[i + 6] = 0; w[i + 7] = 0;
	}
}

bool arch_random(uint64_t *out)
{
	/* QEMU virt has no entropy source S-mode can read (Zkr's seed CSR
	 * needs the firmware's consent): random.c mixes the counter. */
	(void)out;
	return false;
}

void arch_set_tp(uintptr_t tp)
{
	__asm__ volatile("mv tp, %0" :: "r"(tp));
}

uintptr_t arch_get_tp(void)
{
	uintptr_t tp;
	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return tp;
}

unsigned long irq_save(void)
{
	unsigned long fl;
	__asm__ volatile("csrrci %0, sstatus, %1" : "=r"(fl) : "i"(SSTATUS_SIE) : "memory");
	return fl;
}

void irq_restore(unsigned long fl)
{
	if (fl & SSTATUS_SIE)
		__asm__ volatile("csrsi sstatus, %0" :: "i"(SSTATUS_SIE) : "memory");
}
