/* SPDX-License-Identifier: MIT */
/*
 * Device registers.  Memory-mapped ones are reached through the direct map
 * (phys_to_virt: the first 4 GiB of the physical address space, where QEMU's
 * machines and SeaBIOS put them); the accessors order them against the
 * memory the device reads (arch/barrier.h), like Linux's writel/readl: a
 * write waits for earlier stores, a read completes before later loads.
 * Port I/O (x86_64's in/out) is an arch function; other architectures have
 * no port space and never call it.
 */
#ifndef UKL_IO_H
#define UKL_IO_H

#include <ukl/kernel.h>
#include <arch/barrier.h>

#define DEFINE_MMIO(bits)                                                      \
	static inline uint##bits##_t mmio_read##bits(const volatile void *p)     \
	{                                                                      \
		uint##bits##_t v = *(const volatile uint##bits##_t *)p;        \
		rmb();                                                         \
		return v;                                                      \
	}                                                                      \
	static inline void mmio_write##bits(volatile void *p, uint##bits##_t v)   \
	{                                                                      \
		wmb();                                                         \
		*(volatile uint##bits##_t *)p = v;                             \
	}
DEFINE_MMIO(8)
DEFINE_MMIO(16)
DEFINE_MMIO(32)
#undef DEFINE_MMIO

uint8_t arch_port_in8(uint16_t port);
uint16_t arch_port_in16(uint16_t port);
uint32_t arch_port_in32(uint16_t port);
void arch_port_out8(uint16_t port, uint8_t v);
void arch_port_out16(uint16_t port, uint16_t v);
void arch_port_out32(uint16_t port, uint32_t v);

#endif
