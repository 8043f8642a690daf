/* SPDX-License-Identifier: MIT */
/* TLS, runtime half: the thread pointer of a bare (-nostdlib) application.
 * (A libc application sets up its own TLS from AT_PHDR.) */
#ifndef TLS_RUNTIME_H
#define TLS_RUNTIME_H

#include <stddef.h>
#include <ukl/elf.h>

/* Build the TLS block from the PT_TLS among phdrs and point the thread
 * pointer at it; without PT_TLS the thread pointer still gets a TCB. */
void tls_init(const Elf64_Phdr *phdrs, size_t phnum);

#endif
