/* SPDX-License-Identifier: MIT */
/* TLS variables aligned to 1, 2, 4, ... 4096 bytes, each initialised
 * (.tdata) and zero (.tbss), declared with a 1-byte variable between them
 * so each needs padding.  The PT_TLS alignment must be the largest, 4096. */
#include <stdint.h>
#include "tls.h"

#define VARS(n) \
	__thread unsigned char tls_pad_d##n = 0x11; \
	_Alignas(n) __thread unsigned char tls_d##n[3] = { (n) & 0xff, 0xa5, (n) >> 8 }; \
	__thread unsigned char tls_pad_b##n; \
	_Alignas(n) __thread unsigned char tls_b##n[3];
#define ALL(X) X(1) X(2) X(4) X(8) X(16) X(32) X(64) X(128) X(256) X(512) \
	X(1024) X(2048) X(4096)
ALL(VARS)

#define CHECK(n) \
	ok &= (uintptr_t)tls_d##n % (n) == 0 && (uintptr_t)tls_b##n % (n) == 0; \
	ok &= tls_d##n[0] == ((n) & 0xff) && tls_d##n[1] == 0xa5 && tls_d##n[2] == (n) >> 8; \
	ok &= tls_b##n[0] == 0 && tls_b##n[1] == 0 && tls_b##n[2] == 0; \
	ok &= tls_pad_d##n == 0x11 && tls_pad_b##n == 0;
int align_check(void)
{
	int ok = 1;
	ALL(CHECK)
	return ok;
}

#define FILL(n) \
	tls_pad_d##n = tls_pad_b##n = (n) % 251; \
	for (int i = 0; i < 3; i++) \
		tls_d##n[i] = (unsigned char)(n + i), tls_b##n[i] = (unsigned char)(n - i);
void align_fill(void)
{
	ALL(FILL)
}

#define RECHECK(n) \
	ok &= tls_pad_d##n == (n) % 251 && tls_pad_b##n == (n) % 251; \
	for (int i = 0; i < 3; i++) \
		ok &= tls_d##n[i] == (unsigned char)(n + i) && tls_b##n[i] == (unsigned char)(n - i);
int align_recheck(void)
{
	int ok = 1;
	ALL(RECHECK)
	return ok;
}
