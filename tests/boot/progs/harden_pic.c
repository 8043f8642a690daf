/* SPDX-License-Identifier: MIT */
/* Built with -fPIC (tests/boot/harden.sh), as a build system calling gcc
 * directly would: a table of pointers goes to .data.rel.ro, which in a
 * static image is as constant as .rodata. */
const char *const relro_table[] = { "zero", "one", "two" };

__attribute__((noinline)) void write_relro(void)
{
	*(const char *volatile *)&relro_table[1] = "changed";
}
