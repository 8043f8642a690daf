/* SPDX-License-Identifier: MIT */
/*
 * PCI enumeration (ukl/pci.h): bus 0 and the buses behind PCI-to-PCI
 * bridges, every function, through the arch's configuration space access
 * (x86_64: ports 0xcf8/0xcfc; a platform without one reads all ones and
 * finds nothing).  The firmware (SeaBIOS) has assigned the BARs and written
 * each function's Interrupt Line; nothing is reassigned here.
 */
#include <ukl/arch.h>
#include <ukl/drivers.h>
#include <ukl/pci.h>

#define PCI_HEADER_BRIDGE   0x01
#define PCI_SECONDARY_BUS   0x19

uint32_t pci_read32(const struct pci_dev *pd, unsigned off)
{
	return arch_pci_cfg_read32(pd->bus, pd->dev, pd->fn, off & ~3u);
}

uint16_t pci_read16(const struct pci_dev *pd, unsigned off)
{
	return (uint16_t)(pci_read32(pd, off) >> (off & 2) * 8);
}

uint8_t pci_read8(const struct pci_dev *pd, unsigned off)
{
	return (uint8_t)(pci_read32(pd, off) >> (off & 3) * 8);
}

void pci_write32(const struct pci_dev *pd, unsigned off, uint32_t v)
{
	arch_pci_cfg_write32(pd->bus, pd->dev, pd->fn, off & ~3u, v);
}

/* Configuration writes are dwords: the other half is written back as it
 * reads (the status register's write-1-to-clear bits read 0 normally;
 * callers only write the command register). */
void pci_write16(const struct pci_dev *pd, unsigned off, uint16_t v)
{
	unsigned sh = (off & 2) * 8;
	uint32_t d = pci_read32(pd, off);

	if ((off & ~3u) == PCI_COMMAND)
		d &= 0x0000ffff;   /* do not clear status bits by writing them back */
	d = (d & ~(0xffffu << sh)) | (uint32_t)v << sh;
	pci_write32(pd, off, d);
}

unsigned pci_find_cap(const struct pci_dev *pd, uint8_t id, unsigned from)
{
	unsigned p, guard = 48;

	if (!(pci_read16(pd, PCI_STATUS) & PCI_STATUS_CAP))
		return 0;
	p = from ? pci_read8(pd, from + 1) : pci_read8(pd, PCI_CAP_PTR);
	for (; p >= 0x40 && guard--; p = pci_read8(pd, p + 1)) {
		p &= ~3u;
		if (pci_read8(pd, p) == id)
			return p;
	}
	return 0;
}

volatile void *pci_bar_map(const struct pci_dev *pd, unsigned bar)
{
	const struct pci_bar *b = &pd->bar[bar];

	/* The direct map covers the first 4 GiB; a BAR above would need a
	 * mapping of its own (SeaBIOS puts 64-bit BARs there only when the
	 * 32-bit window is full, which QEMU's few devices never make it). */
	if (bar > 5 || b->io || !b->base || b->base + b->size > (4ull << 30))
		return NULL;
	return phys_to_virt(b->base);
}

/* Size the BARs by writing all ones (decoding off meanwhile), as the
 * firmware did to place them. */
static void read_bars(struct pci_dev *pd)
{
	uint16_t cmd = pci_read16(pd, PCI_COMMAND);

	pci_write16(pd, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned i = 0; i < 6; i++) {
		unsigned off = PCI_BAR0 + 4 * i;
		uint32_t lo = pci_read32(pd, off);
		pci_write32(pd, off, ~0u);
		uint32_t szlo = pci_read32(pd, off);
		pci_write32(pd, off, lo);
		if (lo & 1) {   /* I/O */
			pd->bar[i].io = true;
			pd->bar[i].base = lo & ~3u;
			pd->bar[i].size = (uint16_t)(~(szlo & ~3u) + 1);
			continue;
		}
		uint64_t base = lo & ~15u, mask = szlo & ~15u;
		bool is64 = (lo & 6) == 4;
		if (is64 && i < 5) {
			uint32_t hi = pci_read32(pd, off + 4);
			pci_write32(pd, off + 4, ~0u);
			uint32_t szhi = pci_read32(pd, off + 4);
			pci_write32(pd, off + 4, hi);
			base |= (uint64_t)hi << 32;
			mask |= (uint64_t)szhi << 32;
		} else {
			mask |= 0xffffffff00000000ull;
		}
		pd->bar[i].base = base;
		pd->bar[i].size = mask ? ~mask + 1 : 0;
		if (is64)
			i++;
	}
	pci_write16(pd, PCI_COMMAND, cmd);
}

static void scan_bus(unsigned bus, unsigned depth)
{
	for (unsigned dev = 0; dev < 32; dev++) {
		for (unsigned fn = 0; fn < 8; fn++) {
			struct pci_dev pd = { .bus = (uint8_t)bus, .dev = (uint8_t)dev,
					      .fn = (uint8_t)fn };
			uint32_t id = pci_read32(&pd, PCI_VENDOR_ID);
			if ((id & 0xffff) == 0xffff) {
				if (fn == 0)
					break;   /* no device: no other functions */
				continue;
			}
			pd.vendor = (uint16_t)id;
			pd.device = (uint16_t)(id >> 16);
			uint8_t ht = pci_read8(&pd, PCI_HEADER_TYPE);
			if ((ht & 0x7f) == PCI_HEADER_BRIDGE) {
				unsigned sec = pci_read8(&pd, PCI_SECONDARY_BUS);
				if (sec > bus && depth < 8)
					scan_bus(sec, depth + 1);
			} else if ((ht & 0x7f) == 0) {
				pd.irq_line = pci_read8(&pd, PCI_INTERRUPT_LINE);
				pd.irq_pin = pci_read8(&pd, PCI_INTERRUPT_PIN);
				read_bars(&pd);
				drivers_pci_probe(&pd);
			}
			if (fn == 0 && !(ht & 0x80))
				break;   /* single-function device */
		}
	}
}

void pci_init(void)
{
	scan_bus(0, 0);
}

/* A platform without a PCI configuration mechanism (riscv64 here: virt's
 * PCIe is not used, its NIC is virtio-mmio) finds no device. */
__attribute__((weak)) uint32_t arch_pci_cfg_read32(unsigned bus __maybe_unused,
						    unsigned dev __maybe_unused,
						    unsigned fn __maybe_unused,
						    unsigned off __maybe_unused)
{
	return ~0u;
}

__attribute__((weak)) void arch_pci_cfg_write32(unsigned bus __maybe_unused,
						unsigned dev __maybe_unused,
						unsigned fn __maybe_unused,
						unsigned off __maybe_unused,
						uint32_t v __maybe_unused)
{
}
