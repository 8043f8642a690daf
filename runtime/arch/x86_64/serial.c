/* SPDX-License-Identifier: MIT */
/* The console: a 16550 UART on COM1, which QEMU's -serial stdio connects to
 * the host's standard output.  Polled, no interrupts. */
#include <arch/x86.h>
#include <ukl/arch.h>

#define COM1 0x3f8
#define UART_THR 0   /* transmit holding (DLAB=0) / divisor low (DLAB=1) */
#define UART_IER 1   /* interrupt enable / divisor high */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_THRE 0x20

void console_init(void)
{
	outb(COM1 + UART_IER, 0x00);  /* no interrupts */
	outb(COM1 + UART_LCR, 0x80);  /* DLAB: set the divisor */
	outb(COM1 + UART_THR, 0x01);  /* 115200 baud */
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x03);  /* 8N1 */
	outb(COM1 + UART_FCR, 0xc7);  /* FIFOs on, cleared */
	outb(COM1 + UART_MCR, 0x03);  /* DTR, RTS */
}

void arch_console_putc(char c)
{
	/* Bytes go out unchanged: no "\n" -> "\r\n", so that the host sees
	 * exactly what the application wrote. */
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		__asm__ volatile("pause");
	outb(COM1 + UART_THR, (uint8_t)c);
}
