/*
 * hello: an ordinary C program, built with ukl-cc and linked into the kernel
 * by ukld.  Besides printing, it shows the two things an app-in-kernel link
 * most often gets wrong: a __thread variable (initialised, in .tdata, and
 * zeroed, in .tbss) and a constructor.
 */
#include <stdio.h>
#include <string.h>

static __thread int counter = 40;   /* .tdata: must start at 40 */
static __thread char scratch[64];   /* .tbss: must start zeroed */
static int constructed;

__attribute__((constructor)) static void construct(void)
{
	constructed = 1;
}

int main(int argc, char **argv)
{
	int ok = constructed && counter == 40 && scratch[0] == 0;

	counter += 2;
	strcpy(scratch, "thread-local");
	printf("Hello from %s, linked into the kernel by ukld!\n", argv[0]);
	printf("__thread: counter = %d, scratch = \"%s\"\n", counter, scratch);
	printf("constructor ran: %s\n", constructed ? "yes" : "no");
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return ok ? 0 : 1;
}
