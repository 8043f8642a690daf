/* Prints argv[1..] one a line, each byte in hex, then the environment
 * variables named by the test, so any byte of an argument is seen as it
 * arrived. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hexline(const char *tag, const char *s)
{
	printf("%s[", tag);
	for (; *s; s++)
		printf("%02x", (unsigned char)*s);
	printf("]\n");
}

int main(int argc, char **argv, char **envp)
{
	printf("argc %d\n", argc);
	for (int i = 1; i < argc; i++)
		hexline("arg", argv[i]);
	for (char **e = envp; *e; e++)
		if (!strncmp(*e, "T_", 2) || !strncmp(*e, "HOME=", 5))
			hexline("env", *e);
	return 0;
}
