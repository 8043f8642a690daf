/* SPDX-License-Identifier: MIT */
/* Reads and writes a TLS common symbol (tcommon.s), 64-byte aligned. */
#include "../../../examples/common/out.h"

extern __thread unsigned char tc_buf[64];

int main(void)
{
	int ok = ((unsigned long)tc_buf & 63) == 0;
	for (int i = 0; i < 64; i++)
		ok &= tc_buf[i] == 0;
	tc_buf[63] = 1;
	ok &= tc_buf[63] == 1;
	out("tcommon: %s\n", ok ? "ok" : "WRONG");
	return !ok;
}
