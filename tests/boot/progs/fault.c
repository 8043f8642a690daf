/* A NULL write in an application function: the kernel must report the fault
 * naming the function (without the ukl_ prefix) and end the guest. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void crash_here(volatile int *p)
{
	*p = 42;
}

int main(int argc, char **argv)
{
	(void)argv;
	printf("about to fault\n");
	fflush(stdout);
	crash_here(argc > 5 ? (int *)malloc(4) : NULL);
	printf("survived the fault\n");
	return 0;
}
