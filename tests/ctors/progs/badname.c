/* SPDX-License-Identifier: MIT */
/* A .ctors list named by no priority: ukld refuses it (no static
 * executable runs it in a known order). */
static void f(void) {}
__attribute__((section(".ctors.first"), used)) static void (*p)(void) = f;
int main(void) { return 0; }
