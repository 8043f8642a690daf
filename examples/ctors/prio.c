/* SPDX-License-Identifier: MIT */
/* Constructors and destructors with priorities, declared out of order:
 * they run by priority (101 first), then the unprioritised ones; the
 * destructors in the reverse order. */
#include "ctors.h"

__attribute__((constructor(65535))) static void c65535(void) { ran(3, "constructor(65535)"); }
__attribute__((constructor(1000))) static void c1000(void) { ran(4, "constructor(1000)"); }
__attribute__((constructor)) static void cplain(void) { ran(5, "constructor prio.c"); }
__attribute__((constructor(101))) static void c101(void) { ran(6, "constructor(101)"); }
__attribute__((constructor(30000))) static void c30000(void) { ran(7, "constructor(30000)"); }

__attribute__((destructor(101))) static void d101(void) { out("destructor(101)\n"); }
__attribute__((destructor)) static void dplain(void) { out("destructor prio.c\n"); }
__attribute__((destructor(65535))) static void d65535(void) { out("destructor(65535)\n"); }
__attribute__((destructor(1000))) static void d1000(void) { out("destructor(1000)\n"); }

void prio_hello(void) { out("prio.c linked\n"); }
