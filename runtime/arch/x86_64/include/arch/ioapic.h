/* SPDX-License-Identifier: MIT */
/* The I/O APICs of QEMU's pc and microvm (ioapic.c). */
#ifndef ARCH_IOAPIC_H
#define ARCH_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define IOAPIC0_BASE 0xfec00000ul   /* GSIs 0-23 */
#define IOAPIC1_BASE 0xfec10000ul   /* microvm's second: GSIs 24-47 */

/* The number of redirection entries of the I/O APIC at pa, 0 if none is
 * there. */
unsigned ioapic_entries(uint64_t pa);

#endif
