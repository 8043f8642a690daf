/* SPDX-License-Identifier: MIT */
/*
 * check: verify, before linking, that every object can run in the kernel.
 *
 * An application linked by ukld runs at ring 0 in the top 2 GiB of the
 * address space.  Two compile switches make that safe on x86_64, and nothing
 * else verifies them:
 *   -mno-red-zone   an interrupt or exception at ring 0 pushes its frame on
 *                   the current stack, over the 128 bytes below %rsp that
 *                   the SysV ABI lets leaf functions use without moving %rsp;
 *   -mcmodel=kernel (or -fPIC/-fPIE) the small non-PIC model emits
 *                   zero-extended 32-bit absolute addresses (R_X86_64_32),
 *                   which cannot name an address in the top 2 GiB.
 * The check reads the evidence each object carries: the instructions
 * themselves (the red zone), the relocations (the code model) and the
 * switches the compiler recorded (DW_AT_producer, .GCC.command.line).
 *
 * `ukld check INPUT...` runs it standalone; the link runs it on every object
 * it links and refuses to link when it reports an error.
 */
#ifndef UKLD_CHECK_H
#define UKLD_CHECK_H

#include <stdbool.h>

struct object;

struct check_opts {
	bool allow_red_zone;    /* red-zone use is a note, not an error */
	bool json;              /* findings as one JSON object on stdout */
	bool quiet_notes;       /* neither print nor count notes */
	bool quiet_summary;     /* no summary line (a link that passed) */
	char *json_syscalls;    /* JSON: the "syscalls" member, before the summary */
};

struct check_stats {
	unsigned objects, errors, warnings, notes;
};

/* Start a report (JSON: the opening of the object). */
void check_begin(const struct check_opts *o);
/* Check one object, print its findings and add them to ST.  Returns 0 when
 * the object could be checked (findings or not), -1 when it could not be
 * read; the caller refuses the link when st->errors is non-zero. */
int check_object(struct object *obj, const struct check_opts *o,
		 struct check_stats *st);
/* End a report: the summary line on stdout (JSON: the summary and the
 * closing of the object).  Also releases what the checks kept open. */
void check_end(const struct check_opts *o, const struct check_stats *st);

/* `ukld check [--allow-red-zone] [--format=json|text] [--quiet-notes] INPUT...`
 * argv[0] is "check".  Exit status 0 without errors, 1 with errors or an
 * unreadable input. */
int cmd_check(int argc, char **argv);

#endif
