/* SPDX-License-Identifier: MIT */
/*
 * x86_64: the target's one description (struct ukld_arch, ../../arch.h):
 * its script template, its GNU ld, the system call stub, and its check
 * (check.c) and verify (verify.c) halves.  x86_64 has no flat image: QEMU
 * boots the ELF through its PVH note, which a flat binary would not carry.
 */
#include <elf.h>

#include "arch.h"
#include "check_arch.h"
#include "verify.h"

extern const char lds_x86_64[];

/*
 * x86_64: __ukl_sys_<nr>(a1..a6) in %rdi %rsi %rdx %rcx %r8 %r9 calls
 * __ukl_syscall(nr, a1..a6): every argument one register up, a6 the
 * seventh, on the stack.  Pushing it also keeps the stack 16-aligned at
 * the call (it was 8 off after our caller's call); the pop after it drops
 * it into %rcx, a scratch register.
 */
static const unsigned char stub_x86_64[] = {
	0x41, 0x51,                     /* push %r9          a6: 7th argument */
	0x4d, 0x89, 0xc1,               /* mov  %r8, %r9     a5 */
	0x49, 0x89, 0xc8,               /* mov  %rcx, %r8    a4 */
	0x48, 0x89, 0xd1,               /* mov  %rdx, %rcx   a3 */
	0x48, 0x89, 0xf2,               /* mov  %rsi, %rdx   a2 */
	0x48, 0x89, 0xfe,               /* mov  %rdi, %rsi   a1 */
	0xbf, 0, 0, 0, 0,               /* mov  $nr, %edi */
	0xe8, 0, 0, 0, 0,               /* call __ukl_syscall */
	0x59,                           /* pop  %rcx */
	0xc3,                           /* ret */
};

const struct ukld_arch ukld_arch_x86_64 = {
	.name = "x86_64",
	.machine = EM_X86_64,
	.lds = lds_x86_64,
	.ld_bfd = "ld.bfd",
	.bfd_args = arch_bfd_common,
	.lld_args = arch_no_args,
	.stub = stub_x86_64,
	.stub_size = sizeof(stub_x86_64),
	.stub_align = 16,
	.stub_nr_off = 18,
	.stub_nr_shift = 0,
	.stub_nr_max = 0x7fffffff,
	.stub_call_off = 23,
	.stub_call_rtype = R_X86_64_PLT32,
	.stub_call_addend = -4,
	.check = &check_arch_x86_64,
	.verify = &verify_arch_x86_64,
};
