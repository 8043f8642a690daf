/* SPDX-License-Identifier: MIT */
/* Function names for addresses, from the .ukl.ksyms table ukld fills. */
#ifndef UKL_KSYMS_H
#define UKL_KSYMS_H

#include <ukl/kernel.h>

/* The application's name (argv[0]) recorded by ukld, NULL if unfilled. */
const char *ksyms_app_name(void);
/* "name+0xoff/0xsize" ("[app]" appended for application functions), or ""
 * when the table is unfilled or holds nothing for addr. */
void ksym_format(char *buf, size_t size, uint64_t addr);

#endif
