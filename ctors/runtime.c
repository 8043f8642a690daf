/* SPDX-License-Identifier: MIT */
/*
 * Constructors, runtime half.  The generated linker script gathers the
 * application's arrays apart from the kernel's and names their bounds
 * __ukl_app_{init,fini}_array_{start,end} (contract.h); the init array
 * begins with the .preinit_array entries.  The order is the one a static
 * executable's libc uses: preinit then init forwards, fini backwards.
 * Like glibc (and unlike musl) the init functions get argc, argv and envp;
 * a function declared without parameters ignores them.
 */
#include <ctors/runtime.h>

typedef void init_fn(int, char **, char **);

/* Entries of 0 or -1 (the old .ctors list markers) are not functions. */
#define CALLABLE(f) ((f) && (f) != (void *)-1)
typedef void fini_fn(void);

extern init_fn *__ukl_app_init_array_start[], *__ukl_app_init_array_end[];
extern fini_fn *__ukl_app_fini_array_start[], *__ukl_app_fini_array_end[];

void ctors_run_init(int argc, char **argv, char **envp)
{
	for (init_fn **f = __ukl_app_init_array_start; f < __ukl_app_init_array_end; f++)
		if (CALLABLE(*f))
			(*f)(argc, argv, envp);
}

void ctors_run_fini(void)
{
	for (fini_fn **f = __ukl_app_fini_array_end; f-- > __ukl_app_fini_array_start;)
		if (CALLABLE(*f))
			(*f)();
}
