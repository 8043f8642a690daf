/* SPDX-License-Identifier: MIT */
/*
 * Ending the machine through QEMU virt's sifive_test device at 0x100000:
 * writing (code << 16) | 0x3333 exits QEMU with status code.  The code is
 * 2*v+1 for ukl_exit_value()'s v (ukl/contract.h), as x86_64's
 * isa-debug-exit makes it, so ukl-run maps both architectures back the
 * same way, and no code is QEMU's own failure (1).
 * Without the device the write faults or is ignored, and we wait for the
 * harness's timeout.
 */
#include <arch/riscv.h>
#include <ukl/arch.h>
#include <ukl/contract.h>

#define SIFIVE_TEST_BASE 0x100000ul
#define SIFIVE_TEST_FAIL 0x3333

void arch_exit(int status)
{
	uint32_t code = ukl_exit_value(status) * 2 + 1;

	*(volatile uint32_t *)mmio(SIFIVE_TEST_BASE) = code << 16 | SIFIVE_TEST_FAIL;
	halt_forever();
}
