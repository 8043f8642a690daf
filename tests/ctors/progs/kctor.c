/* SPDX-License-Identifier: MIT */
/* A constructor on the kernel's side (linked into a copy of the kernel
 * object with ld -r): it must land in the kernel's init array, never in the
 * application's, so the application's libc does not run it. */
int kctor_ran;
__attribute__((constructor)) static void kernel_side_ctor(void) { kctor_ran++; }
