/* SPDX-License-Identifier: MIT */
/*
 * The program's standard output and error and the kernel's messages
 * (ukl/console.h): through virtio-console's ports once the driver is up,
 * else through the UART.  Kernel messages.  A small printf (flags # 0 -, width, precision incl. .*,
 * lengths l ll z, conversions d i u x X p s c %) that writes either to the
 * console or to a buffer.
 */
#include <ukl/arch.h>
#include <ukl/console.h>
#include <ukl/contract.h>
#include <ukl/errno.h>

static void uart_write(const char *s, size_t n)
{
	while (n--)
		arch_console_putc(*s++);
}

static long stream_write(unsigned port, const void *buf, size_t n)
{
	long r = vcon_write(port, buf, n);

	if (r != -ENODEV)
		return r;
	uart_write(buf, n);
	return (long)n;
}

long console_out(const void *buf, size_t n)
{
	return stream_write(VCON_PORT_STDOUT, buf, n);
}

long console_err(const void *buf, size_t n)
{
	return stream_write(VCON_PORT_STDERR, buf, n);
}

/* The kernel's messages go where the program's stderr goes. */
struct sink {
	char *buf;        /* NULL: the console, through tmp */
	size_t size, len;
	char tmp[256];
	size_t ntmp;
};

static void put(struct sink *o, char c)
{
	if (!o->buf) {
		o->tmp[o->ntmp++] = c;
		if (o->ntmp == sizeof(o->tmp)) {
			console_err(o->tmp, o->ntmp);
			o->ntmp = 0;
		}
	} else if (o->len + 1 < o->size) {
		o->buf[o->len] = c;
	}
	o->len++;
}

static void put_padded(struct sink *o, const char *s, size_t n, int width,
		       bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	/* Zero padding goes after a sign or 0x prefix, which the caller put. */
	if (!left)
		while (fill-- > 0)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

static void format(struct sink *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(o, *fmt);
			continue;
		}
		bool alt = false, left = false, zero = false;
		int width = 0, prec = -1, lng = 0;
		for (;; fmt++) {
			if (fmt[1] == '#') alt = true;
			else if (fmt[1] == '-') left = true;
			else if (fmt[1] == '0') zero = true;
			else break;
		}
		fmt++;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}

		char tmp[24];
		char *p = tmp + sizeof(tmp);
		unsigned long long v;
		bool neg = false;
		unsigned base = 10;

		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t n = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
			put_padded(o, s, n, width, left, ' ');
			continue;
		}
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			put_padded(o, tmp, 1, width, left, ' ');
			continue;
		case 'd': case 'i': {
			long long s = lng ? va_arg(ap, long long) : va_arg(ap, int);
			if (lng == 1)
				s = (long)s;
			neg = s < 0;
			v = neg ? -(unsigned long long)s : (unsigned long long)s;
			break;
		}
		case 'p':
			v = (uintptr_t)va_arg(ap, void *);
			base = 16;
			alt = true;
			break;
		case 'x': case 'X': case 'u':
			v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
			base = *fmt == 'u' ? 10 : 16;
			break;
		case '%':
			put(o, '%');
			continue;
		default:
			put(o, '%');
			put(o, *fmt);
			if (!*fmt)
				return;
			continue;
		}

		const char *digits = *fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
		do {
			*--p = digits[v % base];
			v /= base;
		} while (v);
		size_t n = (size_t)(tmp + sizeof(tmp) - p);
		if (neg) {
			put(o, '-');
			width--;
		}
		if (alt && base == 16) {
			put(o, '0');
			put(o, 'x');
			width -= 2;
		}
		put_padded(o, p, n, width, left, zero && !left ? '0' : ' ');
	}
}

void console_write(const char *s, size_t n)
{
	console_out(s, n);
}

void vprintk(const char *fmt, va_list ap)
{
	struct sink o;

	o.buf = NULL;
	o.ntmp = o.len = 0;
	format(&o, fmt, ap);
	if (o.ntmp)
		console_err(o.tmp, o.ntmp);
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

size_t ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	struct sink o;
	va_list ap;

	o.buf = buf;
	o.size = size;
	o.len = 0;

	va_start(ap, fmt);
	format(&o, fmt, ap);
	va_end(ap);
	if (size)
		buf[MIN(o.len, size - 1)] = 0;
	return o.len;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	printk("\nukl: panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	arch_exit(UKL_EXIT_FAULT);
}
