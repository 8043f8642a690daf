/* SPDX-License-Identifier: MIT */
/* What the runtime's page protections must stop, one per argv[1]: each ends
 * the guest with a fault report naming the function, never a hang, a reset
 * or a silent success. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*fn_t)(void);
/* return 0, as machine code: what a jump into data would run if it could */
#ifdef __riscv
#define RET0_CODE { 0x13, 0x05, 0x00, 0x00, 0x67, 0x80, 0x00, 0x00 }  /* li a0,0; ret */
#else
#define RET0_CODE { 0x31, 0xc0, 0xc3 }                                /* xor %eax,%eax; ret */
#endif
static const unsigned char ret_code[] = RET0_CODE;
static unsigned char data_code[] = RET0_CODE;
static const char message[] = "read-only";
/* small enough for riscv64's small data (.srodata): still a constant */
static const long small_const = 42;

__attribute__((noinline)) int victim(void) { return 7; }
void write_relro(void);   /* harden_pic.c, built -fPIC */

__attribute__((noinline)) void write_text(void)
{
	*(volatile unsigned char *)(void *)victim = 0xc3;
}

__attribute__((noinline)) void write_rodata(void)
{
	*(volatile char *)message = 'R';
}

__attribute__((noinline)) void write_small_rodata(void)
{
	*(volatile long *)&small_const = 43;
}

__attribute__((noinline)) int call_at(void *p)
{
	return ((fn_t)p)();
}

__attribute__((noinline)) int read_null(volatile int *p)
{
	return *p;
}

__attribute__((noinline)) int recurse(int n)
{
	volatile char buf[1024];
	buf[0] = (char)n;
	return recurse(n + 1) + buf[0];
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	unsigned char stack_code[sizeof(ret_code)];
	int r = 0;

	printf("about to %s\n", what);
	fflush(stdout);
	if (!strcmp(what, "write-text")) {
		write_text();
	} else if (!strcmp(what, "write-rodata")) {
		write_rodata();
	} else if (!strcmp(what, "write-small-rodata")) {
		write_small_rodata();
	} else if (!strcmp(what, "write-relro")) {
		write_relro();
	} else if (!strcmp(what, "exec-stack")) {
		memcpy(stack_code, ret_code, sizeof(ret_code));
		r = call_at(stack_code);
	} else if (!strcmp(what, "exec-heap")) {
		unsigned char *h = malloc(64);
		memcpy(h, ret_code, sizeof(ret_code));
		r = call_at(h);
	} else if (!strcmp(what, "exec-data")) {
		r = call_at(data_code);
	} else if (!strcmp(what, "exec-rodata")) {
		r = call_at((void *)ret_code);
	} else if (!strcmp(what, "read-null")) {
		r = read_null(argc > 5 ? (int *)argv : NULL);
	} else if (!strcmp(what, "call-null")) {
		r = call_at(argc > 5 ? (void *)argv : NULL);
	} else if (!strcmp(what, "stack-overflow")) {
		r = recurse(0);
	} else if (!strcmp(what, "call-text")) {
		r = call_at((void *)victim);   /* executable: must work */
	}
	printf("survived %s (%d)\n", what, r);
	return 0;
}
