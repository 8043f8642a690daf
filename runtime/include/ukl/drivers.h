/* SPDX-License-Identifier: MIT */
/*
 * Device discovery (runtime/drivers/drivers.c): PCI enumeration and
 * virtio-mmio slots, each device handed to its driver.  An image on a
 * machine without devices boots exactly as without drivers.
 */
#ifndef UKL_DRIVERS_H
#define UKL_DRIVERS_H

#include <ukl/kernel.h>

struct boot_info;
struct pci_dev;

void drivers_init(const struct boot_info *bi);
/* pci.c calls this for every function it finds. */
void drivers_pci_probe(const struct pci_dev *pd);

/* A virtio-mmio register window and its interrupt line. */
struct mmio_slot {
	uint64_t base;
	int irq;
};
/* Arch: the platform's virtio-mmio slots when the command line names none
 * (riscv64 virt: eight at 0x10001000; x86_64 microvm: see its file); 0 if
 * the machine has none. */
unsigned arch_virtio_mmio_slots(struct mmio_slot *slots, unsigned max);


/* Drivers say what they found (`ukl.nettest`); otherwise they are quiet
 * unless something fails. */
extern bool drivers_verbose;

/* A driver self-test on the first network device (`ukl.nettest`), run by
 * the network's boot step before the stack takes the device. */
void nettest_run(void);

#endif
