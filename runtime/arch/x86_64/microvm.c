/* SPDX-License-Identifier: MIT */
/*
 * QEMU's microvm: the virtio-mmio transports, when the command line does
 * not name them (ukl/drivers.h's arch_virtio_mmio_slots).
 *
 * microvm has no PCI host at ports 0xcf8/0xcfc (pc does: then there are no
 * slots, and 0xfeb00000 is in pc's PCI window, where SeaBIOS puts BARs that
 * must not be probed).  QEMU 7.2 (hw/i386/microvm.c) places the transports
 * at 0xfeb00000 + n * 512 and wires them:
 *   - with a second I/O APIC (the default when ACPI is on): 24 transports
 *     on GSIs 24-47;
 *   - ACPI on, one I/O APIC (ioapic2=off): 8 on GSIs 16-23;
 *   - ACPI off: 8 on GSIs 5-12, which QEMU also appends to the command line
 *     as virtio_mmio.device=512@ADDR:GSI words (auto-kernel-cmdline), the
 *     form drivers.c reads first.
 * With ACPI, QEMU's firmware (qboot) leaves the RSDP in the BIOS area.
 */
#include <arch/ioapic.h>
#include <ukl/arch.h>
#include <ukl/drivers.h>
#include <ukl/pci.h>

#define MICROVM_VIRTIO_BASE 0xfeb00000ul
#define MICROVM_VIRTIO_SIZE 512

/* "RSD PTR " on a 16-byte boundary in 0xe0000-0xfffff (ACPI 5.2.5.1). */
static bool acpi_rsdp_present(void)
{
	for (uint64_t pa = 0xe0000; pa < 0x100000; pa += 16)
		if (!memcmp(phys_to_virt(pa), "RSD PTR ", 8))
			return true;
	return false;
}

unsigned arch_virtio_mmio_slots(struct mmio_slot *slots, unsigned max)
{
	unsigned n = 8, gsi = 5;

	if ((arch_pci_cfg_read32(0, 0, 0, PCI_VENDOR_ID) & 0xffff) != 0xffff)
		return 0;
	if (ioapic_entries(IOAPIC1_BASE)) {
		n = 24;
		gsi = 24;
	} else if (acpi_rsdp_present()) {
		gsi = 16;
	}
	n = MIN(n, max);
	for (unsigned i = 0; i < n; i++)
		slots[i] = (struct mmio_slot){ MICROVM_VIRTIO_BASE + MICROVM_VIRTIO_SIZE * i,
					       (int)(gsi + i) };
	return n;
}
