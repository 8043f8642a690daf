/* SPDX-License-Identifier: MIT */
/*
 * PCI configuration mechanism #1 (ports 0xcf8/0xcfc) and port I/O for
 * drivers (ukl/pci.h, ukl/io.h).  QEMU's microvm has no PCI host there:
 * the data port reads all ones, so enumeration finds nothing.
 */
#include <ukl/io.h>
#include <ukl/pci.h>

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA    0xcfc

uint8_t arch_port_in8(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

uint16_t arch_port_in16(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

uint32_t arch_port_in32(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void arch_port_out8(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port) : "memory");
}

void arch_port_out16(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port) : "memory");
}

void arch_port_out32(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port) : "memory");
}

static uint32_t cfg_address(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
	return 0x80000000u | bus << 16 | dev << 11 | fn << 8 | (off & 0xfc);
}

/* The address/data pair is one shared register: callers run with
 * interrupts off or before any handler touches PCI (handlers never do). */
uint32_t arch_pci_cfg_read32(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
	arch_port_out32(PCI_CONFIG_ADDRESS, cfg_address(bus, dev, fn, off));
	return arch_port_in32(PCI_CONFIG_DATA);
}

void arch_pci_cfg_write32(unsigned bus, unsigned dev, unsigned fn, unsigned off, uint32_t v)
{
	arch_port_out32(PCI_CONFIG_ADDRESS, cfg_address(bus, dev, fn, off));
	arch_port_out32(PCI_CONFIG_DATA, v);
}
