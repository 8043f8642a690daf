/* SPDX-License-Identifier: MIT */
/*
 * Messages.  Every message reads `ukld: FILE: error: MESSAGE` (or warning,
 * note), like a compiler's, so editors and build logs can point at the file.
 * An ELF error appends elf_errmsg(-1), a libc error strerror(errno).
 * Functions return 0 / -1 (or NULL) and the caller propagates; only main()
 * turns a failure into the exit status.
 */
#ifndef UKLD_WARN_H
#define UKLD_WARN_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libelf.h>

extern const char *ukld_progname;
extern int ukld_verbose;

#define ERROR(file, fmt, ...) \
	fprintf(stderr, "%s: %s%serror: " fmt "\n", ukld_progname, \
		(file) ? (file) : "", (file) ? ": " : "", ##__VA_ARGS__)
#define WARN(file, fmt, ...) \
	fprintf(stderr, "%s: %s%swarning: " fmt "\n", ukld_progname, \
		(file) ? (file) : "", (file) ? ": " : "", ##__VA_ARGS__)
#define NOTE(file, fmt, ...) \
	fprintf(stderr, "%s: %s%snote: " fmt "\n", ukld_progname, \
		(file) ? (file) : "", (file) ? ": " : "", ##__VA_ARGS__)
#define ERROR_ELF(file, fmt, ...) \
	ERROR(file, fmt ": %s", ##__VA_ARGS__, elf_errmsg(-1))
#define ERROR_GLIBC(file, fmt, ...) \
	ERROR(file, fmt ": %s", ##__VA_ARGS__, strerror(errno))
#define VERBOSE(fmt, ...) \
	do { if (ukld_verbose) fprintf(stderr, "%s: " fmt "\n", \
				       ukld_progname, ##__VA_ARGS__); } while (0)

#endif
