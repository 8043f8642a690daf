/* SPDX-License-Identifier: MIT */
/* What fdt.c found in the device tree besides struct boot_info. */
#ifndef ARCH_DT_H
#define ARCH_DT_H

#include <stdint.h>

/* /cpus/timebase-frequency: the rate of the `time` counter (Hz). */
extern uint64_t dt_timebase_hz;
/* The single-letter extensions of the first CPU's riscv,isa, as Linux's
 * AT_HWCAP ('a' is bit 0). */
extern unsigned long dt_isa_letters;

#endif
