/* SPDX-License-Identifier: MIT */
/*
 * Device interrupt routing (ukl/irq.h's arch_irq_route): GSI g goes to
 * vector 32 + g on the boot CPU's local APIC, fixed delivery, physical
 * destination.
 *
 * The I/O APIC is at 0xfec00000 on QEMU's pc and microvm (GSIs 0-23);
 * microvm with ACPI (QEMU 7.2's default) has a second one at 0xfec10000 for
 * GSIs 24-47, where its virtio-mmio transports are wired.  An I/O APIC is
 * known to be there when its version register reads like one.
 *
 * Trigger mode and polarity, as QEMU's ACPI MADT says them: ISA IRQs are
 * edge-triggered, active high; pc's PCI links (PIIX PIRQA-D, which SeaBIOS
 * routes to ISA IRQs 5, 9, 10 and 11 and writes into each function's
 * Interrupt Line) are level-triggered, active high (MADT interrupt source
 * overrides, flags 0xd), as are the lines above 15 (microvm's virtio-mmio).
 * A level line stays up until the device is acknowledged (virtio: reading
 * the ISR), which the handler does before the local APIC's EOI.
 */
#include <arch/ioapic.h>
#include <arch/x86.h>
#include <ukl/arch.h>
#include <ukl/io.h>
#include <ukl/irq.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN    0x10
#define IOAPIC_VER    0x01
#define IOAPIC_REDTBL 0x10

#define RTE_LEVEL  (1u << 15)
#define RTE_MASKED (1u << 16)

#define IRQ_VECTOR_BASE 32
#define PCI_ISA_IRQS ((1u << 5) | (1u << 9) | (1u << 10) | (1u << 11))

static const struct {
	uint64_t pa;
	unsigned gsi_base;
} ioapics[] = {
	{ IOAPIC0_BASE, 0 },
	{ IOAPIC1_BASE, 24 },
};

static uint32_t ioapic_read(volatile uint8_t *io, unsigned reg)
{
	mmio_write32(io + IOAPIC_REGSEL, reg);
	return mmio_read32(io + IOAPIC_WIN);
}

static void ioapic_write(volatile uint8_t *io, unsigned reg, uint32_t v)
{
	mmio_write32(io + IOAPIC_REGSEL, reg);
	mmio_write32(io + IOAPIC_WIN, v);
}

unsigned ioapic_entries(uint64_t pa)
{
	uint32_t ver = ioapic_read(phys_to_virt(pa), IOAPIC_VER);
	unsigned entries = (ver >> 16 & 0xff) + 1;

	/* Version 0x11 (82093AA) or 0x20 (QEMU's default); nothing there
	 * reads 0 or all ones. */
	if ((ver & 0xff) < 0x10 || (ver & 0xff) > 0x20 || entries > 120)
		return 0;
	return entries;
}

bool arch_irq_route(unsigned gsi)
{
	for (unsigned i = 0; i < ARRAY_SIZE(ioapics); i++) {
		volatile uint8_t *io = phys_to_virt(ioapics[i].pa);
		unsigned entries = ioapic_entries(ioapics[i].pa);
		if (!entries || gsi < ioapics[i].gsi_base || gsi >= ioapics[i].gsi_base + entries)
			continue;
		if (IRQ_VECTOR_BASE + gsi > 255)
			return false;
		uint32_t r[4];
		cpuid(1, 0, r);
		unsigned apic_id = r[1] >> 24;   /* the boot CPU's initial APIC id */
		unsigned pin = gsi - ioapics[i].gsi_base;
		uint32_t lo = IRQ_VECTOR_BASE + gsi;
		if (gsi >= 16 || (PCI_ISA_IRQS >> gsi & 1))
			lo |= RTE_LEVEL;
		/* Destination first, then the low half that unmasks it. */
		ioapic_write(io, IOAPIC_REDTBL + 2 * pin, RTE_MASKED);
		ioapic_write(io, IOAPIC_REDTBL + 2 * pin + 1, apic_id << 24);
		ioapic_write(io, IOAPIC_REDTBL + 2 * pin, lo);
		return true;
	}
	return false;
}
