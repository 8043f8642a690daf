/* SPDX-License-Identifier: MIT */
/* Thread-local data on the kernel's side (linked into a copy of the kernel
 * object with ld -r): ukld refuses it, the TLS segment is the application's. */
__thread int kernel_tls_var = 1;
int kernel_tls_read(void) { return kernel_tls_var; }
