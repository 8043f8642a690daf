/* SPDX-License-Identifier: MIT */
/*
 * The four TLS access models (Drepper, "ELF Handling For Thread-Local
 * Storage"), asked for explicitly so they appear in code built without
 * -fPIC too: local-exec (the default for a variable defined here),
 * initial-exec (main.c reads tls_ie_shared, defined here, through the GOT),
 * local-dynamic and global-dynamic (calls of __tls_get_addr, which the
 * linker relaxes to local-exec in a static link).  Every access goes
 * through a function kept out of line, so each model really is used.
 */
#include "tls.h"

__thread int tls_ie_shared = 1234;
static __thread int le_var __attribute__((tls_model("local-exec"))) = 1;
static __thread int ie_var __attribute__((tls_model("initial-exec"))) = 2;
static __thread int ld_var __attribute__((tls_model("local-dynamic"))) = 3;
static __thread int ld_zero __attribute__((tls_model("local-dynamic")));
__thread int tls_gd_var __attribute__((tls_model("global-dynamic"))) = 4;
__thread int tls_gd_zero __attribute__((tls_model("global-dynamic")));

#define NOINLINE __attribute__((noinline))
NOINLINE static int *le(void) { return &le_var; }
NOINLINE static int *ie(void) { return &ie_var; }
NOINLINE static int *ld(void) { return &ld_var; }
NOINLINE static int *ldz(void) { return &ld_zero; }
NOINLINE static int *gd(void) { return &tls_gd_var; }
NOINLINE static int *gdz(void) { return &tls_gd_zero; }

int models_check(void)
{
	int ok = *le() == 1 && *ie() == 2 && *ld() == 3 && *ldz() == 0 &&
		 *gd() == 4 && *gdz() == 0;
	/* Each model names the same variable as a plain access does. */
	*le() = 10, *ie() = 20, *ld() = 30, *ldz() = 31, *gd() = 40, *gdz() = 41;
	ok &= le_var == 10 && ie_var == 20 && ld_var == 30 && ld_zero == 31 &&
	      tls_gd_var == 40 && tls_gd_zero == 41;
	return ok;
}
