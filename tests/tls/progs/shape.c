/* SPDX-License-Identifier: MIT */
/* A program whose TLS is only .tdata (-DTDATA), only .tbss (-DTBSS), both,
 * or none at all; with a libc or without (-DUKL_BARE). */
#include "../../../examples/common/out.h"

#ifdef TDATA
__thread unsigned long td[4] = { 1, 2, 3, 0xfeedfacecafebeefUL };
#endif
#ifdef TBSS
_Alignas(32) __thread unsigned long tb[40];
#endif

int main(void)
{
	int ok = 1;
#ifdef TDATA
	ok &= td[0] == 1 && td[1] == 2 && td[2] == 3 && td[3] == 0xfeedfacecafebeefUL;
	td[1] = 20;
	ok &= td[1] == 20 && td[2] == 3;
#endif
#ifdef TBSS
	for (int i = 0; i < 40; i++)
		ok &= tb[i] == 0;
	ok &= ((unsigned long)tb & 31) == 0;
	tb[39] = 5;
	ok &= tb[39] == 5 && tb[38] == 0;
#endif
#if defined(TDATA) && defined(TBSS)
	ok &= td[3] == 0xfeedfacecafebeefUL;
#endif
	out("shape: %s\n", ok ? "ok" : "WRONG");
	return ok ? 0 : 1;
}
