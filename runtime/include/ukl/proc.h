/* SPDX-License-Identifier: MIT */
#ifndef UKL_PROC_H
#define UKL_PROC_H

struct boot_info;

/* Build the process stack and start the application: never returns. */
__attribute__((noreturn)) void proc_start(const struct boot_info *bi);

#endif
