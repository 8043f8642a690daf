/* SPDX-License-Identifier: MIT */
/* What every runtime file needs: types, helpers, console output, panic. */
#ifndef UKL_KERNEL_H
#define UKL_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define PAGE_SIZE 4096ul

#define __noreturn __attribute__((noreturn))
#define __maybe_unused __attribute__((unused))
#define __printf(a, b) __attribute__((format(printf, a, b)))
/* A reference the linker's --gc-sections sees and the code does not
 * execute: SYM stays in the image as long as the function this is written
 * in does.  .reloc's BFD_RELOC_NONE is every target's "no relocation": it
 * patches nothing. */
#define UKL_GC_KEEP(sym) __asm__ volatile(".reloc ., BFD_RELOC_NONE, " #sym)

/* console.c: printk writes to the arch console (COM1 on x86_64). */
void console_write(const char *s, size_t n);
void vprintk(const char *fmt, va_list ap);
void printk(const char *fmt, ...) __printf(1, 2);
size_t ksnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

/* string.c: the mem* functions and strlen are also exported to bare
 * (-nostdlib) applications, whose compiler emits calls to them. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchrnul(const char *s, int c);

#endif
