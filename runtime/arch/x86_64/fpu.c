/* SPDX-License-Identifier: MIT */
/*
 * x87/SSE (and AVX where the CPU has it) for the application: musl's stdio
 * and memcpy use SSE registers, and without CR4.OSFXSR the first SSE
 * instruction raises #UD.  The kernel itself is built -mgeneral-regs-only,
 * so it never touches these registers and needs no save/restore.
 */
#include <arch/x86.h>
#include <ukl/arch.h>

#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID1_ECX_AVX   (1u << 28)
#define XCR0_X87 1
#define XCR0_SSE 2
#define XCR0_AVX 4

void fpu_init(void)
{
	uint32_t r[4];

	write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);

	/* AVX needs XSAVE enabled by the OS, or code checking OSXSAVE (as
	 * libraries dispatching on CPU features do) falls back or faults. */
	cpuid(1, 0, r);
	if ((r[2] & CPUID1_ECX_XSAVE) && (r[2] & CPUID1_ECX_AVX)) {
		write_cr4(read_cr4() | CR4_OSXSAVE);
		xsetbv(0, XCR0_X87 | XCR0_SSE | XCR0_AVX);
	}

	uint32_t mxcsr = 0x1f80;  /* all exceptions masked, round to nearest */
	__asm__ volatile("fninit; ldmxcsr %0" :: "m"(mxcsr));
}
