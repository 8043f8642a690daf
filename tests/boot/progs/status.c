/* Exit statuses reach the host: exit(N), return from main, atexit order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void last(void) { printf("atexit: second registered, runs first\n"); }
static void first(void) { printf("atexit: first registered, runs last\n"); }

int main(int argc, char **argv)
{
	atexit(first);
	atexit(last);
	if (argc > 1 && !strcmp(argv[1], "exit"))
		exit(atoi(argv[2]));
	return argc > 1 ? atoi(argv[1]) : 0;
}
