/* SPDX-License-Identifier: MIT */
#ifndef UKLD_FUZZ_H
#define UKLD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Put the bytes in a memfd; its /proc/self/fd path into PATH, ukld opens
 * it as any input.  Returns the descriptor, to close after the run. */
int fuzz_file(const uint8_t *data, size_t size, char *path, size_t len);

#endif
