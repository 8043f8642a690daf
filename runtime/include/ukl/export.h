/* SPDX-License-Identifier: MIT */
/*
 * UKL_EXPORT(sym): let the application bind to the kernel symbol sym.
 *
 * ukld reads the NUL-terminated names in .ukl.exports of the kernel object
 * (runtime/include/ukl/contract.h, point 1); every kernel symbol not named
 * there stays invisible to the application.  The linker script discards the
 * section, so it costs nothing in the image.
 */
#ifndef UKL_EXPORT_H
#define UKL_EXPORT_H

#define UKL_EXPORT(sym)                                        \
	__asm__(".pushsection .ukl.exports,\"a\"\n\t"          \
		".asciz \"" #sym "\"\n\t"                      \
		".popsection")

#endif
