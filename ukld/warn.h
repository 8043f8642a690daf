/* SPDX-License-Identifier: MIT */
/*
 * Messages.  Every message reads `ukld: FILE: error: MESSAGE` (or warning,
 * note), like a compiler's, so editors and build logs can point at the file.
 * An ELF error appends the ELF layer's last error (libelf's elf_errmsg),
 * a libc error strerror(errno).
 * Functions return 0 / -1 (or NULL) and the caller propagates; only main()
 * turns a failure into the exit status.
 */
#ifndef UKLD_WARN_H
#define UKLD_WARN_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

extern const char *ukld_progname;
/* The ELF layer (elf/elf.c): start libelf (-1 if it cannot), and its last
 * error's text. */
int ukld_elf_init(void);
const char *ukld_elf_errmsg(void);
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
	ERROR(file, fmt ": %s", ##__VA_ARGS__, ukld_elf_errmsg())
#define ERROR_GLIBC(file, fmt, ...) \
	ERROR(file, fmt ": %s", ##__VA_ARGS__, strerror(errno))
#define VERBOSE(fmt, ...) \
	do { if (ukld_verbose) fprintf(stderr, "%s: " fmt "\n", \
				       ukld_progname, ##__VA_ARGS__); } while (0)

#endif
