/* SPDX-License-Identifier: MIT */
/* musl finding its own state corrupt (free() of a pointer malloc never
 * returned: mallocng's checks call a_crash()) or abort(): the guest must end
 * with a report, never hang. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	char *volatile p = malloc(40);

	printf("about to %s\n", what);
	fflush(stdout);
	if (!strcmp(what, "bad-free")) {
		free(p + 1);
	} else if (!strcmp(what, "abort")) {
		abort();
	}
	printf("survived %s\n", what);
	return 0;
}
