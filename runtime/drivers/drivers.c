/* SPDX-License-Identifier: MIT */
/*
 * Device discovery: PCI (x86_64 pc), then virtio-mmio slots (x86_64
 * microvm, riscv64 virt).  The slots are those the command line names the
 * way Linux reads them, `virtio_mmio.device=SIZE@ADDR:IRQ` (QEMU's microvm
 * appends one per transport unless auto-kernel-cmdline=off), else the
 * arch's fixed list.  Every slot is probed for the magic value and a
 * device id before anything else is touched.
 */
#include <ukl/boot.h>
#include <ukl/cmdline.h>
#include <ukl/drivers.h>
#include <ukl/io.h>
#include <ukl/pci.h>
#include <ukl/virtio.h>

#define MMIO_SLOTS_MAX 32

bool drivers_verbose;

void drivers_pci_probe(const struct pci_dev *pd)
{
	virtio_pci_probe(pd);
}

static const char mmio_word[] = "virtio_mmio.device=";

/* The next word of s: its start and length, s past it; NULL at the end. */
static const char *next_word(const char **s, size_t *len)
{
	const char *p = *s, *w;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (!*p)
		return NULL;
	for (w = p; *p && *p != ' ' && *p != '\t' && *p != '\n'; p++)
		;
	*len = (size_t)(p - w);
	*s = p;
	return w;
}

/* A number in C's notation (0x.. hex, else decimal) with Linux's K/M/G
 * suffixes; p past it.  false if there are no digits. */
static bool parse_num(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	unsigned base = 10;

	*v = 0;
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	const char *digits = s;
	for (; s < end; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (unsigned)((*s | 0x20) - 'a' + 10);
		else
			break;
		*v = *v * base + d;
	}
	if (s == digits)
		return false;
	if (s < end && (*s == 'K' || *s == 'k'))
		*v <<= 10, s++;
	else if (s < end && (*s == 'M' || *s == 'm'))
		*v <<= 20, s++;
	else if (s < end && (*s == 'G' || *s == 'g'))
		*v <<= 30, s++;
	*p = s;
	return true;
}

/* virtio_mmio.device=SIZE@ADDR:IRQ (Linux's virtio_mmio driver's form). */
static unsigned cmdline_mmio_slots(const char *cmdline, struct mmio_slot *slots, unsigned max)
{
	size_t len, n = sizeof(mmio_word) - 1;
	unsigned count = 0;

	for (const char *w; count < max && (w = next_word(&cmdline, &len));) {
		const char *p = w + n, *end = w + len;
		uint64_t size, addr, irq;
		if (len <= n || memcmp(w, mmio_word, n))
			continue;
		if (!parse_num(&p, end, &size) || p >= end || *p++ != '@' ||
		    !parse_num(&p, end, &addr) || p >= end || *p++ != ':' ||
		    !parse_num(&p, end, &irq) || irq >= 1024 || !size)
			continue;
		/* Reached through the direct map: the first 4 GiB. */
		if (addr + size > (4ull << 30) || addr + size < addr)
			continue;
		slots[count++] = (struct mmio_slot){ addr, (int)irq };
	}
	return count;
}

void drivers_init(const struct boot_info *bi)
{
	struct mmio_slot slots[MMIO_SLOTS_MAX];
	unsigned n;

	drivers_verbose = cmdline_param("ukl.nettest") != NULL;
	pci_init();
	n = cmdline_mmio_slots(bi->cmdline, slots, MMIO_SLOTS_MAX);
	if (!n)
		n = arch_virtio_mmio_slots(slots, MMIO_SLOTS_MAX);
	for (unsigned i = 0; i < n; i++)
		virtio_mmio_probe(slots[i].base, slots[i].irq);
}

/* Port I/O exists on x86_64 only; elsewhere no driver selects a transport
 * that uses it (no PCI legacy device is ever found). */
__attribute__((weak)) uint8_t arch_port_in8(uint16_t port) { panic("port I/O %#x", port); }
__attribute__((weak)) uint16_t arch_port_in16(uint16_t port) { panic("port I/O %#x", port); }
__attribute__((weak)) uint32_t arch_port_in32(uint16_t port) { panic("port I/O %#x", port); }
__attribute__((weak)) void arch_port_out8(uint16_t port, uint8_t v __maybe_unused)
{
	panic("port I/O %#x", port);
}
__attribute__((weak)) void arch_port_out16(uint16_t port, uint16_t v __maybe_unused)
{
	panic("port I/O %#x", port);
}
__attribute__((weak)) void arch_port_out32(uint16_t port, uint32_t v __maybe_unused)
{
	panic("port I/O %#x", port);
}
