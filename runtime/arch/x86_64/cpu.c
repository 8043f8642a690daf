/* SPDX-License-Identifier: MIT */
/* Small CPU services for common code: features, entropy, thread pointer. */
#include <arch/x86.h>
#include <ukl/arch.h>

unsigned long arch_hwcap(void)
{
	/* Linux's x86_64 AT_HWCAP is CPUID.1:EDX. */
	uint32_t r[4];
	cpuid(1, 0, r);
	return r[3];
}

const char arch_machine[] = "x86_64";

void arch_relax(void)
{
	__asm__ volatile("pause");
}

void arch_zero_page(void *p)
{
	/* One instruction, 512 stores: the C loop's add, compare and branch
	 * per word were 3 in 4 of the boot's instructions under -icount
	 * (the 8 MiB stack is mapped at boot). */
	unsigned long n = PAGE_SIZE / 8;
	__asm__ volatile("rep stosq" : "+D"(p), "+c"(n) : "a"(0ul) : "memory");
}

bool arch_random(uint64_t *out)
{
	static int has_rdrand = -1;
	uint32_t r[4];

	if (has_rdrand < 0) {
		cpuid(1, 0, r);
		has_rdrand = !!(r[2] & (1u << 30));
	}
	if (!has_rdrand)
		return false;
	for (int tries = 0; tries < 10; tries++) {
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

void arch_set_tp(uintptr_t tp)
{
	wrmsr(MSR_FS_BASE, tp);
}

uintptr_t arch_get_tp(void)
{
	return rdmsr(MSR_FS_BASE);
}

unsigned long irq_save(void)
{
	unsigned long fl;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(fl) :: "memory");
	return fl;
}

void irq_restore(unsigned long fl)
{
	if (fl & RFLAGS_IF)
		__asm__ volatile("sti" ::: "memory");
}
