/* cat with a twist: copies standard input to standard output in reads of
 * up to 64 KiB, then writes a line to standard error, makes a system call
 * the kernel does not have (so the kernel says so), and reports on stderr
 * how many bytes it copied.  "isatty" instead prints isatty(0..2). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	static char buf[65536];
	ssize_t n;
	long total = 0;

	if (argc > 1 && !strcmp(argv[1], "isatty")) {
		printf("isatty %d %d %d\n", isatty(0), isatty(1), isatty(2));
		return 0;
	}
	while ((n = read(0, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(1, buf + off, (size_t)(n - off));
			if (w <= 0)
				return 2;
			off += w;
		}
		total += n;
	}
	fprintf(stderr, "streams: a line on stderr\n");
	syscall(999);
	fprintf(stderr, "streams: copied %ld bytes\n", total);
	return n < 0 ? 1 : 0;
}
