/* SPDX-License-Identifier: MIT */
/*
 * Ending the machine.  QEMU's isa-debug-exit device (-device
 * isa-debug-exit,iobase=0xf4,iosize=0x04, added by ukl-run) turns
 * outl(v, 0xf4) into host exit status (v << 1) | 1, so the status is limited
 * to 7 bits and UKL_EXIT_FAULT (0x7f) becomes 255.  Without the device the
 * write is ignored and we halt with interrupts off: the harness's timeout
 * reports it.
 */
#include <arch/x86.h>
#include <ukl/arch.h>

#define DEBUG_EXIT_PORT 0xf4

void arch_exit(int status)
{
	outl(DEBUG_EXIT_PORT, (uint32_t)status & 0x7f);
	halt_forever();
}
