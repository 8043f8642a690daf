/* SPDX-License-Identifier: MIT */
#ifndef UKL_PROC_H
#define UKL_PROC_H

/* Build the process stack (arguments and environment from the command
 * line, ukl/cmdline.h) and start the application: never returns. */
__attribute__((noreturn)) void proc_start(void);

#endif
