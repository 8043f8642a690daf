/* SPDX-License-Identifier: MIT */
/* Large TLS: 1 MiB of .tbss and 64 KiB of .tdata, each word of the .tdata
 * with a value of its own (so an offset error shows). */
#include <stdint.h>
#include "tls.h"

#define BIG_TBSS (1u << 20)
#define BIG_TDATA_WORDS (65536u / 4)

__thread unsigned char tls_big_tbss[BIG_TBSS];
/* 16384 distinct words: W(i) for i = 0..16383, spelled out by the
 * preprocessor, 4 x 4 x 4 x 4 x 4 x 4 x 4 blocks. */
#define W(i) ((i) * 2654435761u)
#define B1(i) W(i), W(i + 1), W(i + 2), W(i + 3)
#define B2(i) B1(i), B1(i + 4), B1(i + 8), B1(i + 12)
#define B3(i) B2(i), B2(i + 16), B2(i + 32), B2(i + 48)
#define B4(i) B3(i), B3(i + 64), B3(i + 128), B3(i + 192)
#define B5(i) B4(i), B4(i + 256), B4(i + 512), B4(i + 768)
#define B6(i) B5(i), B5(i + 1024), B5(i + 2048), B5(i + 3072)
#define B7(i) B6(i), B6(i + 4096), B6(i + 8192), B6(i + 12288)
__thread uint32_t tls_big_tdata[BIG_TDATA_WORDS] = { B7(0u) };

int big_check(void)
{
	int ok = 1;
	for (unsigned i = 0; i < BIG_TBSS; i++)
		ok &= tls_big_tbss[i] == 0;
	for (unsigned i = 0; i < BIG_TDATA_WORDS; i++)
		ok &= tls_big_tdata[i] == W(i);
	return ok;
}

void big_fill(void)
{
	for (unsigned i = 0; i < BIG_TBSS; i++)
		tls_big_tbss[i] = (unsigned char)(i * 7 + 1);
	for (unsigned i = 0; i < BIG_TDATA_WORDS; i++)
		tls_big_tdata[i] = ~W(i);
}

int big_recheck(void)
{
	int ok = 1;
	for (unsigned i = 0; i < BIG_TBSS; i++)
		ok &= tls_big_tbss[i] == (unsigned char)(i * 7 + 1);
	for (unsigned i = 0; i < BIG_TDATA_WORDS; i++)
		ok &= tls_big_tdata[i] == ~W(i);
	return ok;
}
