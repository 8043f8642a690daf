/* SPDX-License-Identifier: MIT */
/*
 * Ending the machine.  QEMU's isa-debug-exit device (-device
 * isa-debug-exit,iobase=0xf4,iosize=0x04, added by ukl-run) turns
 * outl(v, 0xf4) into host exit status (v << 1) | 1, so v has 7 bits;
 * ukl_exit_value() (ukl/contract.h) keeps it from 0, whose 1 is also QEMU's
 * own failure.  Without the device the write is ignored and we halt with
 * interrupts off: the harness's timeout reports it.
 */
#include <arch/x86.h>
#include <ukl/arch.h>
#include <ukl/contract.h>

#define DEBUG_EXIT_PORT 0xf4

void arch_exit(int status)
{
	outl(DEBUG_EXIT_PORT, ukl_exit_value(status));
	halt_forever();
}
