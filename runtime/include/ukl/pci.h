/* SPDX-License-Identifier: MIT */
/*
 * PCI devices (runtime/drivers/pci.c): bus 0..255 enumerated once through
 * the arch's configuration space access, with the BARs the firmware
 * (SeaBIOS on QEMU's pc) assigned.  Drivers are matched by vendor/device
 * in drivers.c.
 */
#ifndef UKL_PCI_H
#define UKL_PCI_H

#include <ukl/kernel.h>

#define PCI_VENDOR_ID      0x00
#define PCI_DEVICE_ID      0x02
#define PCI_COMMAND        0x04
#define PCI_STATUS         0x06
#define PCI_HEADER_TYPE    0x0e
#define PCI_BAR0           0x10
#define PCI_SUBSYSTEM_ID   0x2e
#define PCI_CAP_PTR        0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN  0x3d

#define PCI_COMMAND_IO     0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_STATUS_CAP     0x10

#define PCI_CAP_VENDOR     0x09

struct pci_bar {
	uint64_t base;   /* bus address (= physical), 0: not assigned */
	uint64_t size;
	bool io;         /* I/O space (x86 ports) rather than memory */
};

struct pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint8_t irq_line;   /* what the firmware wrote: the ISA IRQ = GSI */
	uint8_t irq_pin;    /* 1-4 = INTA-INTD, 0 = none */
	struct pci_bar bar[6];
};

uint8_t pci_read8(const struct pci_dev *pd, unsigned off);
uint16_t pci_read16(const struct pci_dev *pd, unsigned off);
uint32_t pci_read32(const struct pci_dev *pd, unsigned off);
void pci_write16(const struct pci_dev *pd, unsigned off, uint16_t v);
void pci_write32(const struct pci_dev *pd, unsigned off, uint32_t v);
/* The offset of the capability after `from` (0: the first) with this id,
 * 0 if none. */
unsigned pci_find_cap(const struct pci_dev *pd, uint8_t id, unsigned from);
/* A memory BAR's registers through the direct map; NULL if the BAR is I/O,
 * unassigned, or (not mapped by the kernel) above 4 GiB. */
volatile void *pci_bar_map(const struct pci_dev *pd, unsigned bar);
/* Enumerate, calling drivers_pci_probe for each function found. */
void pci_init(void);

/* Arch: configuration space dword at off of bus:dev.fn (all ones if there
 * is none, or the platform has no PCI configuration mechanism). */
uint32_t arch_pci_cfg_read32(unsigned bus, unsigned dev, unsigned fn, unsigned off);
void arch_pci_cfg_write32(unsigned bus, unsigned dev, unsigned fn, unsigned off,
			  uint32_t v);

#endif
