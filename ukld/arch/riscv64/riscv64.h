/* SPDX-License-Identifier: MIT */
/*
 * riscv64 encodings that the ecall rewrite (rewrite.c), the check
 * (check.c), the Image header (image.c) and verify
 * (verify.c) all read.  Instructions and the Image header are
 * little-endian.
 */
#ifndef UKLD_RISCV64_H
#define UKLD_RISCV64_H

#include <stddef.h>
#include <stdint.h>

#define INSN_ECALL  0x00000073u
#define INSN_EBREAK 0x00100073u

/* The length of the instruction whose first halfword is LO (the ISA's
 * expanded instruction-length encoding: 2 bytes for RVC, 4, 6 or 8), 0 if
 * the encoding is reserved (192 bits and more). */
static inline size_t rv_insn_len(uint16_t lo)
{
	if ((lo & 0x03) != 0x03)
		return 2;
	if ((lo & 0x1c) != 0x1c)
		return 4;
	if ((lo & 0x3f) == 0x1f)
		return 6;
	if ((lo & 0x7f) == 0x3f)
		return 8;
	return 0;
}

static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

#endif
