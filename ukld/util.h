/* SPDX-License-Identifier: MIT */
/* Allocation that cannot fail quietly: out of memory ends ukld with a message. */
#ifndef UKLD_UTIL_H
#define UKLD_UTIL_H

#include <stddef.h>

void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int strcmp_ptr(const void *a, const void *b); /* qsort on char * */

#endif
