/* SPDX-License-Identifier: MIT */
/* What the fuzz harnesses share: ukld's globals (main.c is not linked) and
 * the fuzzer's bytes as a file. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

const char *ukld_progname = "ukld-fuzz";
int ukld_verbose;

/* The bytes as a file: a memfd, opened by its /proc path as ukld opens
 * any input. */
int fuzz_file(const uint8_t *data, size_t size, char *path, size_t len)
{
	int fd = memfd_create("ukld-fuzz", 0);
	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	for (size_t off = 0; off < size;) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0) {
			perror("write");
			abort();
		}
		off += (size_t)n;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

