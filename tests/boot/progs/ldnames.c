/* The names a static link defines, as the application sees them (issue
 * 18, item 12): each array's bounds hold exactly its entries, the code
 * lies between __executable_start and etext, data before edata, bss from
 * __bss_start to end, and __ehdr_start is an ELF header (x86_64, where it
 * is loaded) or at least defined.  Prints "ok NAME" or "bad NAME". */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef void (*fn)(void);
extern const fn __preinit_array_start[], __preinit_array_end[];
extern const fn __init_array_start[], __init_array_end[];
extern const fn __fini_array_start[], __fini_array_end[];
extern const char __executable_start[], etext[], _etext[], __etext[];
extern const char edata[], _edata[], end[], _end[], __bss_start[];
extern const unsigned char __ehdr_start[];

static int ran;
static void pre1(void) { ran |= 1; }
static void pre2(void) { ran |= 2; }
static void ini(void) { ran |= 4; }
static void fin(void) { }
__attribute__((section(".preinit_array"), used)) static fn p1 = pre1;
__attribute__((section(".preinit_array"), used)) static fn p2 = pre2;
__attribute__((section(".init_array"), used)) static fn i1 = ini;
__attribute__((section(".fini_array"), used)) static fn f1 = fin;

int data_var = 42;
int bss_var;

static int bad;
static void say(const char *name, int ok)
{
	printf("%s %s\n", ok ? "ok" : "bad", name);
	bad |= !ok;
}

static int holds(const fn *s, const fn *e, fn f)
{
	for (const fn *p = s; p < e; p++)
		if (*p == f)
			return 1;
	return 0;
}

int main(void)
{
	uintptr_t code = (uintptr_t)&main;
	say("__preinit_array holds the 2 preinit entries",
	    __preinit_array_end - __preinit_array_start == 2 &&
	    holds(__preinit_array_start, __preinit_array_end, pre1) &&
	    holds(__preinit_array_start, __preinit_array_end, pre2));
	say("__init_array holds the init entry, not the preinit ones",
	    holds(__init_array_start, __init_array_end, ini) &&
	    !holds(__init_array_start, __init_array_end, pre1));
	say("__fini_array holds the fini entry", holds(__fini_array_start, __fini_array_end, fin));
	say("the preinit and init entries ran", ran == 7);
	say("__executable_start <= main < etext",
	    (uintptr_t)__executable_start <= code && code < (uintptr_t)etext);
	say("etext = _etext = __etext", etext == _etext && etext == __etext);
	say("etext <= data_var < edata",
	    (uintptr_t)etext <= (uintptr_t)&data_var && (uintptr_t)&data_var < (uintptr_t)edata);
	say("edata = _edata", edata == _edata);
	say("__bss_start <= bss_var < end",
	    (uintptr_t)__bss_start <= (uintptr_t)&bss_var && (uintptr_t)&bss_var < (uintptr_t)end);
	say("edata <= __bss_start", (uintptr_t)edata <= (uintptr_t)__bss_start);
	say("end = _end", end == _end);
#ifdef __x86_64__
	say("__ehdr_start is the ELF header", !memcmp(__ehdr_start, "\177ELF", 4));
#else
	say("__ehdr_start is defined", __ehdr_start != 0);
#endif
	return bad;
}
