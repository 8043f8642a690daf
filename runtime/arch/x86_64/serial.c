/* SPDX-License-Identifier: MIT */
/* The console: a 16550 UART on COM1, which QEMU's -serial stdio connects to
 * the host's standard input and output.  Output is polled; input raises
 * ISA IRQ 4 (GSI 4 of the I/O APIC on pc and microvm) once fs/dev.c turns
 * the received-data interrupt on. */
#include <arch/x86.h>
#include <ukl/arch.h>

#define COM1 0x3f8
#define DEBUGCON 0xe9   /* QEMU's isa-debugcon, at its default port */
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
#define MCR_OUT2 0x08   /* gates the UART's interrupt onto the ISA line */
#define COM1_IRQ 4

void console_init(void)
{
	outb(COM1 + UART_IER, 0x00);  /* no interrupts */
	outb(COM1 + UART_LCR, 0x80);  /* DLAB: set the divisor */
	outb(COM1 + UART_THR, 0x01);  /* 115200 baud */
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x03);  /* 8N1 */
	/* FIFOs on, 14-byte trigger: QEMU hands over received bytes in
	 * batches of the trigger level, one byte at a time with 1 or with the
	 * FIFOs off (the firmware leaves them off).  Turning them on empties
	 * them, so the input must not start before this: */
	outb(COM1 + UART_FCR, 0xc1);
	outb(COM1 + UART_MCR, 0x03);  /* DTR, RTS */
	/* the go-ahead to ukl-run, which starts feeding the input when a byte
	 * comes out of QEMU's debug port (-debugcon; without one the write
	 * goes nowhere). */
	outb(DEBUGCON, '\n');
}

void arch_console_putc(char c)
{
	/* Bytes go out unchanged: no "\n" -> "\r\n", so that the host sees
	 * exactly what the application wrote. */
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		__asm__ volatile("pause");
	outb(COM1 + UART_THR, (uint8_t)c);
}

int arch_console_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & LSR_DR))
		return -1;
	return inb(COM1 + UART_RBR);
}

unsigned arch_console_irq_line(void)
{
	return COM1_IRQ;
}

void arch_console_rx_irq(bool on)
{
	outb(COM1 + UART_MCR, on ? 0x03 | MCR_OUT2 : 0x03);
	outb(COM1 + UART_IER, on ? IER_RDA : 0);
}
