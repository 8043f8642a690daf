/* SPDX-License-Identifier: MIT */
#ifndef UKL_RANDOM_H
#define UKL_RANDOM_H

#include <ukl/kernel.h>

void random_init(void);
uint64_t random_u64(void);
void random_bytes(void *buf, size_t n);

#endif
