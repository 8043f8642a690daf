/* SPDX-License-Identifier: MIT */
/*
 * The targets ukld links for.  The kernel object's e_machine picks one
 * (kernel.c: kernel_machine()); every other input must have the same.
 * What differs between targets is here, one struct ukld_arch each, in
 * arch/<arch>/ with the target's check, verify and code rewrites; the
 * passes stay the same.
 */
#ifndef UKLD_ARCH_H
#define UKLD_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct object;
struct check_arch;
struct verify_arch;

struct ukld_arch {
	const char *name;       /* "x86_64": messages, build/<name>/sysroot */
	unsigned machine;       /* EM_* */
	const char *lds;        /* the built-in linker script template */
	const char *ld_bfd;     /* GNU ld for this target */
	/* Extra arguments for GNU ld and for lld (NULL-terminated). */
	const char *const *bfd_args, *const *lld_args;
	/* Rewrite, in BYTES (a writable copy of OBJ's SIZE bytes), the
	 * instructions application code may not execute in the kernel.
	 * Returns how many it rewrote, or -1 after an error naming OBJ.
	 * NULL: nothing to rewrite on this target. */
	long (*rewrite_code)(struct object *obj, unsigned char *bytes, size_t size);
	const char *rewrite_what;   /* "`ecall` -> `ebreak`", for messages */
	/* The flat image this target's loaders boot (--image): its name for
	 * messages, NULL if the target has none.  flat_check() checks the
	 * header at the start of the LEN flat bytes IMG, linked to load at
	 * physical LOAD, its segments' memory ending at MEM_END: 0, or -1
	 * with the reason in WHY. */
	const char *flat_name;
	int (*flat_check)(const unsigned char *img, size_t len, uint64_t load,
			  uint64_t mem_end, char *why, size_t whylen);
	/* The stub ukld links for a system call the kernel does not export
	 * as __ukl_sys_<nr> (sysstubs.c): __ukl_sys_<nr>(a1, ..., a6) calls
	 * the kernel's __ukl_syscall(nr, a1, ..., a6).  STUB_SIZE bytes of
	 * code at STUB; the number is ORed, shifted left by NR_SHIFT, into
	 * the little-endian 32-bit word at NR_OFF (it must not exceed
	 * NR_MAX); the call to __ukl_syscall is relocated at CALL_OFF with
	 * relocation type CALL_RTYPE and CALL_ADDEND.  Each stub starts
	 * STUB_ALIGN-aligned. */
	const unsigned char *stub;
	size_t stub_size, stub_align;
	size_t stub_nr_off;
	unsigned stub_nr_shift, stub_nr_max;
	size_t stub_call_off;
	unsigned stub_call_rtype;
	int64_t stub_call_addend;
	/* ukld check's half (check_arch.h) and ukld verify's (verify.h). */
	const struct check_arch *check;
	const struct verify_arch *verify;
};

/* Each target's description, in arch/<arch>/arch.c, and their list
 * (NULL-terminated, arch.c). */
extern const struct ukld_arch ukld_arch_x86_64, ukld_arch_riscv64;
extern const struct ukld_arch *const ukld_arches[];
/* GNU ld's arguments for every target; none. */
extern const char *const arch_bfd_common[], *const arch_no_args[];

/* riscv64's flat_check (arch/riscv64/image.c), also verify's. */
int riscv64_image_header_check(const unsigned char *img, size_t len, uint64_t load,
			       uint64_t mem_end, char *why, size_t whylen);

/* The target for an e_machine, NULL if ukld has none. */
const struct ukld_arch *arch_for_machine(unsigned machine);

#endif
