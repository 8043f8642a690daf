/* SPDX-License-Identifier: MIT */
/*
 * Ending the machine through QEMU virt's sifive_test device at 0x100000:
 * writing (code << 16) | 0x3333 exits QEMU with status code.  The code is
 * 2*s+1, as x86_64's isa-debug-exit makes it, so ukl-run maps both
 * architectures back the same way (UKL_EXIT_FAULT 0x7f becomes 255).
 * Without the device the write faults or is ignored, and we wait for the
 * harness's timeout.
 */
#include <arch/riscv.h>
#include <ukl/arch.h>

#define SIFIVE_TEST_BASE 0x100000ul
#define SIFIVE_TEST_FAIL 0x3333

void arch_exit(int status)
{
	uint32_t code = ((uint32_t)status & 0x7f) * 2 + 1;

	*(volatile uint32_t *)mmio(SIFIVE_TEST_BASE) = code << 16 | SIFIVE_TEST_FAIL;
	halt_forever();
}
