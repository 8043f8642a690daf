/* SPDX-License-Identifier: MIT */
/*
 * The PLIC of QEMU's virt machine (0x0c000000): device interrupt routing
 * (ukl/irq.h's arch_irq_route: a line is a PLIC source, virtio-mmio slot n
 * is source n + 1) and the external interrupt entry (arch_external_irq,
 * called by the trap path for scause 9, "supervisor external interrupt").
 *
 * Contexts alternate M-mode and S-mode per hart: the kernel runs in S-mode
 * on the boot hart, which on virt with one CPU is hart 0, so its context is
 * 1.  A source interrupts us when its priority (1) is above the context's
 * threshold (0) and its enable bit is set.  A claim returns the highest
 * pending source (0: none, another hart took it) and masks it until the
 * completion with the same number.
 *
 * Also the virtio-mmio slots of virt: eight, at 0x10001000 + n * 0x1000.
 */
#include <arch/riscv.h>
#include <ukl/arch.h>
#include <ukl/drivers.h>
#include <ukl/io.h>
#include <ukl/irq.h>

#define PLIC_BASE      0x0c000000ul
#define PLIC_PRIORITY  0x000000   /* + 4 * source */
#define PLIC_ENABLE    0x002000   /* + 0x80 * context, bit per source */
#define PLIC_THRESHOLD 0x200000   /* + 0x1000 * context */
#define PLIC_CLAIM     0x200004   /* + 0x1000 * context */
#define PLIC_SOURCES   1024

#define BOOT_HART 0
#define PLIC_CONTEXT (2 * BOOT_HART + 1)

#define SIE_SEIE (1ul << 9)

#define VIRT_VIRTIO_BASE  0x10001000ul
#define VIRT_VIRTIO_SLOTS 8

static volatile uint8_t *plic(unsigned off)
{
	return (volatile uint8_t *)phys_to_virt(PLIC_BASE + off);
}

bool arch_irq_route(unsigned src)
{
	if (!src || src >= PLIC_SOURCES)
		return false;
	mmio_write32(plic(PLIC_PRIORITY + 4 * src), 1);
	volatile uint8_t *en = plic(PLIC_ENABLE + 0x80 * PLIC_CONTEXT + 4 * (src / 32));
	mmio_write32(en, mmio_read32(en) | 1u << (src % 32));
	mmio_write32(plic(PLIC_THRESHOLD + 0x1000 * PLIC_CONTEXT), 0);
	/* External interrupts reach S-mode once sstatus.SIE is on (the
	 * threads work turns it on with its trap path). */
	csr_set(sie, SIE_SEIE);
	return true;
}

void arch_external_irq(void)
{
	uint32_t src;

	while ((src = mmio_read32(plic(PLIC_CLAIM + 0x1000 * PLIC_CONTEXT)))) {
		irq_dispatch(src);
		mmio_write32(plic(PLIC_CLAIM + 0x1000 * PLIC_CONTEXT), src);
	}
}

unsigned arch_virtio_mmio_slots(struct mmio_slot *slots, unsigned max)
{
	unsigned n = MIN(max, VIRT_VIRTIO_SLOTS);

	for (unsigned i = 0; i < n; i++)
		slots[i] = (struct mmio_slot){ VIRT_VIRTIO_BASE + 0x1000ul * i, (int)i + 1 };
	return n;
}
