/* SPDX-License-Identifier: MIT */
/* The parts of the ctors example; each file is an archive member. */
#ifndef CTORS_EXAMPLE_H
#define CTORS_EXAMPLE_H

#include "../common/out.h"

/* Every constructor counts its calls here (by number, see ran()). */
#define NCTORS 16
extern int ctor_runs[NCTORS];
static inline void ran(int id, const char *what)
{
	ctor_runs[id]++;
	out("%s\n", what);
}

void prio_hello(void);     /* prio.c */
void legacy_hello(void);   /* legacy.c */

#endif
