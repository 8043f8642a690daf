/* SPDX-License-Identifier: MIT */
/*
 * out(): a small printf for the example programs that also build without a
 * libc (-nostdlib, with -DUKL_BARE) and on the host (gcc -static), so a test
 * can compare the outputs line by line.  Each call is one write(2), not
 * buffered: lines appear in the order of the calls, also when the program
 * ends in exit(), in a destructor or in an atexit handler.
 * Conversions: %s %c %d %u %x %ld %lu %lx %% (no widths).
 */
#ifndef EXAMPLES_OUT_H
#define EXAMPLES_OUT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef UKL_BARE
#include <sys/syscall.h>
#ifdef __cplusplus
extern "C"
#endif
long __ukl_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
static inline void out_write(const char *s, size_t n)
{
	__ukl_syscall(SYS_write, 1, (long)s, (long)n, 0, 0, 0);
}
#else
#include <unistd.h>
static inline void out_write(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(1, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}
#endif

static inline size_t out_num(char *p, unsigned long v, unsigned base, int neg)
{
	char t[24];
	size_t n = 0, k = 0;
	do
		t[n++] = "0123456789abcdef"[v % base];
	while ((v /= base));
	if (neg)
		p[k++] = '-';
	while (n)
		p[k++] = t[--n];
	return k;
}

static inline __attribute__((format(printf, 1, 2))) void out(const char *fmt, ...)
{
	char buf[512];
	size_t n = 0;
	va_list ap;

	va_start(ap, fmt);
	for (const char *f = fmt; *f && n < sizeof(buf) - 24; f++) {
		if (*f != '%') {
			buf[n++] = *f;
			continue;
		}
		int l = 0;
		if (f[1] == 'l')
			l = 1, f++;
		switch (*++f) {
		case 's':
			for (const char *s = va_arg(ap, const char *); *s && n < sizeof(buf) - 24; s++)
				buf[n++] = *s;
			break;
		case 'c':
			buf[n++] = (char)va_arg(ap, int);
			break;
		case 'd': {
			long v = l ? va_arg(ap, long) : va_arg(ap, int);
			n += out_num(buf + n, v < 0 ? -(unsigned long)v : (unsigned long)v, 10, v < 0);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long v = l ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			n += out_num(buf + n, v, *f == 'x' ? 16 : 10, 0);
			break;
		}
		case '%':
			buf[n++] = '%';
			break;
		default:
			buf[n++] = '?';
			f--;
			break;
		}
	}
	va_end(ap);
	out_write(buf, n);
}

#endif
