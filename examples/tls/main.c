/* SPDX-License-Identifier: MIT */
/*
 * tls: thread-local storage in every shape a C program gives it.  The
 * program is split over several objects (archive members), each with TLS of
 * its own, so the linker has to merge them into one block:
 *   align.c   _Alignas(1) .. _Alignas(4096) variables, initialised (.tdata)
 *             and zero (.tbss)
 *   big.c     1 MiB of .tbss and 64 KiB of .tdata
 *   models.c  local-exec, initial-exec, local-dynamic and global-dynamic
 *             accesses (the dynamic ones relaxed by the linker)
 *   main.c    a .tdata and a .tbss variable of its own, and errno (libc)
 * Every part first checks the initial values, zeroes and alignment; then
 * all of it is written, and read back, so that overlapping variables (a
 * block laid out differently from the linker's offsets) show up.  Builds
 * with a libc, or with -nostdlib -DUKL_BARE (the kernel sets TLS up).
 * Prints one line per check; the same lines on the host and in the kernel.
 */
#include "../common/out.h"
#include "tls.h"

#ifndef UKL_BARE
#include <errno.h>
#include <stdlib.h>
#endif

static __thread long counter = 40;
static __thread char scratch[64];

static const char *ok(int good) { return good ? "ok" : "WRONG"; }

int main(void)
{
	int all = 1, r;

	out("tls: main .tdata %s\n", ok(r = counter == 40)); all &= r;
	int zero = 1;
	for (unsigned i = 0; i < sizeof(scratch); i++)
		zero &= scratch[i] == 0;
	out("tls: main .tbss %s\n", ok(zero)); all &= zero;
	out("tls: alignment 1..4096 %s\n", ok(r = align_check())); all &= r;
	out("tls: 1 MiB .tbss, 64 KiB .tdata %s\n", ok(r = big_check())); all &= r;
	out("tls: access models %s\n", ok(r = models_check())); all &= r;
	out("tls: initial-exec across objects %s\n", ok(r = tls_ie_shared == 1234)); all &= r;

	/* Write everything, then read everything back. */
	counter = -1;
	for (unsigned i = 0; i < sizeof(scratch); i++)
		scratch[i] = (char)(i + 1);
	align_fill();
	big_fill();
	tls_ie_shared = 4321;
	int same = counter == -1 && tls_ie_shared == 4321;
	for (unsigned i = 0; i < sizeof(scratch); i++)
		same &= scratch[i] == (char)(i + 1);
	out("tls: written and read back %s\n",
	    ok(r = same && align_recheck() && big_recheck())); all &= r;

#ifndef UKL_BARE
	/* errno is musl's thread-local (in its thread structure, at the
	 * thread pointer): it needs the TLS set up as much as __thread does. */
	errno = 0;
	long v = strtol("99999999999999999999999", NULL, 10);
	out("tls: errno %s\n", ok(r = errno == ERANGE && v == 0x7fffffffffffffffL)); all &= r;
	errno = 0;
	out("tls: errno reset %s\n", ok(r = errno == 0)); all &= r;
#endif
	out("tls: %s\n", all ? "all ok" : "FAILED");
	return all ? 0 : 1;
}
