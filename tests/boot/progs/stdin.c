/* SPDX-License-Identifier: MIT */
/*
 * stdin: what a program reads from its standard input, the console, which
 * ukl-run feeds from its own (tests/boot/stdin.sh).  The output does not
 * depend on the machine, so the host's build of this file is the reference.
 *   stdin lines   getline to the end: lines, bytes, the longest line, an
 *                 FNV-1a hash of every byte; then read() once more
 *   stdin reads   read() with a 7-byte buffer to the end: no read returns
 *                 bytes past a newline (a terminal's lines), and the end
 *                 stays the end
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t fnv(uint32_t h, const char *p, size_t n)
{
	while (n--)
		h = (h ^ (unsigned char)*p++) * 16777619u;
	return h;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "lines";
	char c;

	if (!strcmp(mode, "reads")) {
		char buf[7];
		long reads = 0, bytes = 0, crossed = 0;
		ssize_t r;
		uint32_t h = 2166136261u;
		while ((r = read(0, buf, sizeof buf)) > 0) {
			reads++;
			bytes += r;
			h = fnv(h, buf, (size_t)r);
			char *nl = memchr(buf, '\n', (size_t)r);
			if (nl && nl != buf + r - 1)
				crossed++;
		}
		printf("bytes %ld hash %08x end %zd again %zd\n", bytes, h, r, read(0, &c, 1));
		/* A file's reads cross lines, a terminal's do not: not compared. */
		printf("reads past a newline: %ld\n", crossed);
		return reads > 0 || bytes == 0 ? 0 : 1;
	}
	char *line = NULL;
	size_t cap = 0, longest = 0;
	ssize_t n;
	long lines = 0, bytes = 0;
	uint32_t h = 2166136261u;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		lines++;
		bytes += n;
		if ((size_t)n > longest)
			longest = (size_t)n;
		h = fnv(h, line, (size_t)n);
	}
	free(line);
	printf("lines %ld bytes %ld longest %zu hash %08x eof %d again %zd\n",
	       lines, bytes, longest, h, feof(stdin), read(0, &c, 1));
	return 0;
}
