/* SPDX-License-Identifier: MIT */
/*
 * ctors: everything a C program can ask to run before and after main, in
 * several objects (archive members):
 *   main.c    .preinit_array, an unprioritised constructor and destructor,
 *             .fini_array written by hand, atexit handlers (registered in a
 *             constructor and in main)
 *   prio.c    constructor(101) .. constructor(65535) and destructors with
 *             priorities, declared out of order
 *   legacy.c  the old .ctors/.dtors lists, plain and with priorities
 * Each function prints a line when it runs; the order must be the one a
 * static Linux executable gives (the test compares with the program built
 * by the host's gcc -static).  Run with the argument "exit" the program
 * ends in exit(7) from a nested call instead of returning 0 from main.
 * Builds with -nostdlib -DUKL_BARE too (no atexit, no exit(): the kernel
 * runs the arrays).
 */
#include "ctors.h"

#ifndef UKL_BARE
#include <stdlib.h>
#include <string.h>
#endif

int ctor_runs[NCTORS];

static void preinit1(void) { ran(0, "preinit_array 1"); }
static void preinit2(void) { ran(1, "preinit_array 2"); }
__attribute__((section(".preinit_array"), used, aligned(sizeof(void *))))
static void (*preinit[])(void) = { preinit1, preinit2 };

static void fini_by_hand(void) { out("fini_array by hand\n"); }
__attribute__((section(".fini_array"), used, aligned(sizeof(void *))))
static void (*fini[])(void) = { fini_by_hand };

#ifndef UKL_BARE
static void atexit_ctor(void) { out("atexit registered by a constructor\n"); }
static void atexit_main1(void) { out("atexit registered first in main\n"); }
static void atexit_main2(void) { out("atexit registered second in main\n"); }
#endif

__attribute__((constructor)) static void main_ctor(void)
{
	ran(2, "constructor main.c");
#ifndef UKL_BARE
	atexit(atexit_ctor);
#endif
}
__attribute__((destructor)) static void main_dtor(void) { out("destructor main.c\n"); }

#ifndef UKL_BARE
__attribute__((noinline)) static void leave(int status)
{
	out("exit(%d) from a nested call\n", status);
	exit(status);
}
#endif

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	out("main\n");
	prio_hello();
	legacy_hello();
	int once = 1;
	for (int i = 0; i < NCTORS; i++)
		if (ctor_runs[i] > 1 || (ctor_runs[i] == 0 && i < 12))
			once = 0, out("constructor %d ran %d times\n", i, ctor_runs[i]);
	out("every constructor ran once: %s\n", once ? "ok" : "WRONG");
#ifndef UKL_BARE
	atexit(atexit_main1);
	atexit(atexit_main2);
	if (argc > 1 && !strcmp(argv[1], "exit"))
		leave(7);
#endif
	out("return from main\n");
	return 0;
}
