/* SPDX-License-Identifier: MIT */
/*
 * The old constructor lists, as objects from before .init_array (or built
 * with gcc --disable-initfini-array) have them: .ctors and .dtors, plain
 * and with a priority in the section name (.ctors.NNNNN, NNNNN = 65535 -
 * priority).  The linker puts them in .init_array and .fini_array, where a
 * static executable runs them with the rest.
 */
#include "ctors.h"

static void legacy_c1(void) { ran(8, "legacy .ctors 1"); }
static void legacy_c2(void) { ran(9, "legacy .ctors 2"); }
static void legacy_c200(void) { ran(10, "legacy .ctors.65335 (priority 200)"); }
static void legacy_d1(void) { out("legacy .dtors 1\n"); }
static void legacy_d2(void) { out("legacy .dtors 2\n"); }
static void legacy_d200(void) { out("legacy .dtors.65335 (priority 200)\n"); }

__attribute__((section(".ctors"), used, aligned(sizeof(void *)))) static void (*ctors[])(void) = { legacy_c1, legacy_c2 };
__attribute__((section(".ctors.65335"), used, aligned(sizeof(void *)))) static void (*ctors200)(void) = legacy_c200;
__attribute__((section(".dtors"), used, aligned(sizeof(void *)))) static void (*dtors[])(void) = { legacy_d1, legacy_d2 };
__attribute__((section(".dtors.65335"), used, aligned(sizeof(void *)))) static void (*dtors200)(void) = legacy_d200;

__attribute__((constructor)) static void cplain(void) { ran(11, "constructor legacy.c"); }

void legacy_hello(void) { out("legacy.c linked\n"); }
