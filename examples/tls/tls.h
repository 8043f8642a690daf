/* SPDX-License-Identifier: MIT */
/* The parts of the tls example: each file is an archive member with
 * thread-local data of its own, pulled in by main.c. */
#ifndef TLS_EXAMPLE_H
#define TLS_EXAMPLE_H

#include <stdint.h>

/* align.c: _Alignas(1) .. _Alignas(4096), in .tdata and in .tbss. */
int align_check(void);       /* initial values, zeroes and alignment */
void align_fill(void);       /* writes every variable */
int align_recheck(void);     /* the written values are still there */

/* big.c: 1 MiB of .tbss and 64 KiB of .tdata. */
int big_check(void);
void big_fill(void);
int big_recheck(void);

/* models.c: the four TLS access models. */
extern __thread int tls_ie_shared;    /* defined in models.c, read here through initial-exec */
int models_check(void);

#endif
