/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line: the kernel's own parameters, and the program's
 * arguments and environment (runtime/cmdline.c).
 *
 * Words are separated by blanks (space, tab, newline).  As on Linux's
 * command line, double quotes group: "a b" is one word, a="b c" too, and
 * "" is an empty word.  Beyond Linux, a backslash makes the next byte
 * literal (\" \\ \ ), and \xHH is the byte HH: ukl-run writes every
 * argument so, whatever bytes it holds (see ukld/ukl-run).
 *
 * Words before a "--" that are kernel parameters are the kernel's and
 * never reach the program: `ukl.NAME[=VALUE]` (ukl.env=NAME=VALUE adds to
 * the program's environment) and the ones Linux or QEMU put there whose
 * names are listed in cmdline.c (ip=, virtio_mmio.device=).  Every other
 * word, and every word after the first "--", is an argument.
 */
#ifndef UKL_CMDLINE_H
#define UKL_CMDLINE_H

#include <ukl/kernel.h>

#define CMDLINE_MAX_WORDS 256

struct cmdline {
	int argc, envc;
	char *argv[CMDLINE_MAX_WORDS];   /* the program's argv[1..] */
	char *envp[CMDLINE_MAX_WORDS];   /* ukl.env= values: NAME=VALUE */
};

/* Parse the boot loader's command line once (early in the boot). */
void cmdline_init(const char *s);
/* The program's arguments and environment from it. */
const struct cmdline *cmdline_get(void);
/* A kernel parameter's value: "" for a bare word, NULL if absent.  With
 * several, the last. */
const char *cmdline_param(const char *name);

#endif
