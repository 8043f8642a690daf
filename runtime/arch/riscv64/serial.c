/* SPDX-License-Identifier: MIT */
/* The console: the ns16550a UART of QEMU's virt machine at 0x10000000
 * (byte registers), which -serial stdio connects to the host's standard
 * input and output.  Output is polled; input raises PLIC source 10 once
 * fs/dev.c turns the received-data interrupt on. */
#include <arch/riscv.h>
#include <ukl/arch.h>

#define UART_BASE 0x10000000ul
#define UART_THR 0   /* transmit holding (DLAB=0) / divisor low (DLAB=1) */
#define UART_RBR 0   /* receive buffer (DLAB=0, read) */
#define UART_IER 1   /* interrupt enable / divisor high */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR   0x01
#define LSR_THRE 0x20
#define IER_RDA  0x01   /* received data available (and FIFO time-out) */
#define UART_PLIC_SOURCE 10

static inline void uart_out(unsigned reg, uint8_t v)
{
	((volatile uint8_t *)mmio(UART_BASE))[reg] = v;
}
static inline uint8_t uart_in(unsigned reg)
{
	return ((volatile uint8_t *)mmio(UART_BASE))[reg];
}

void console_init(void)
{
	uart_out(UART_IER, 0x00);  /* no interrupts */
	uart_out(UART_LCR, 0x80);  /* DLAB: set the divisor */
	uart_out(UART_THR, 0x01);
	uart_out(UART_IER, 0x00);
	uart_out(UART_LCR, 0x03);  /* 8N1 */
	/* FIFOs on (OpenSBI turned them on already: no change, nothing
	 * emptied), 14-byte trigger: QEMU hands over received bytes in
	 * batches of the trigger level, one at a time with OpenSBI's 1.
	 * ukl-run starts the input after OpenSBI's banner. */
	uart_out(UART_FCR, 0xc1);
	uart_out(UART_MCR, 0x03);  /* DTR, RTS */
}

void arch_console_putc(char c)
{
	/* Bytes go out unchanged, as on x86_64. */
	while (!(uart_in(UART_LSR) & LSR_THRE))
		arch_relax();
	uart_out(UART_THR, (uint8_t)c);
}

int arch_console_getc(void)
{
	if (!(uart_in(UART_LSR) & LSR_DR))
		return -1;
	return uart_in(UART_RBR);
}

unsigned arch_console_irq_line(void)
{
	return UART_PLIC_SOURCE;
}

void arch_console_rx_irq(bool on)
{
	uart_out(UART_IER, on ? IER_RDA : 0);
}
