/* SPDX-License-Identifier: MIT */
/* Constructors, runtime half: the arrays of a bare (-nostdlib) application.
 * (A libc application runs its own from its _start.) */
#ifndef CTORS_RUNTIME_H
#define CTORS_RUNTIME_H

/* .preinit_array then .init_array, in order (one array, lds/). */
void ctors_run_init(int argc, char **argv, char **envp);
/* .fini_array in reverse order. */
void ctors_run_fini(void);

#endif
