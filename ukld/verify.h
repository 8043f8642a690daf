/* SPDX-License-Identifier: MIT */
/*
 * verify: prove a linked image is one the runtime can boot and run.
 *
 * `ukld verify IMAGE` reads the image alone (read-only) and prints each
 * invariant as a line `pass NAME  detail` or `FAIL NAME  why`; the exit
 * status is 1 if any fails.  ukld runs the same checks on every image it
 * links, before the image takes the output's name (`--no-verify` skips them),
 * printing only what fails.
 *
 * An invariant is a struct verify_item: a short name, what it promises, and a
 * function that returns 0 (pass) or -1 (fail) and says why with
 * verify_say().  verify.c holds the ones every architecture shares (segments,
 * W^X, load addresses, TLS, constructors, prefixing, undefined names, the
 * function table, the entry point); arch/<arch>/verify.c holds the ones only
 * an architecture knows (x86_64: the PVH note, raw `syscall`/`int $0x80`;
 * riscv64: the Image header, no `ecall` left).
 *
 * Adding an architecture:
 *   1. write ukld/arch/<arch>/verify.c defining
 *        const struct verify_arch verify_arch_<arch> = {
 *            .virt_offset = ...,      p_vaddr - p_paddr of every PT_LOAD
 *            .entry_symbol = "...",   the runtime's boot entry, e_entry
 *            .items = ..., .nitems = ...,   its own invariants
 *        };
 *   2. declare it below and point the target's struct ukld_arch
 *      (arch/<arch>/arch.c) at it.
 * The shared invariants then run on its images unchanged.
 */
#ifndef UKLD_VERIFY_H
#define UKLD_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image.h"

struct object;
struct symmap;

/* What an item sees: the open image and what verify.c read from it once. */
struct verify_ctx {
	struct image im;
	const char *name;            /* the image's name in messages */
	const struct verify_arch *arch;
	const char *arch_name;       /* "x86_64", ... */
	size_t file_size;
	GElf_Phdr *ph;               /* the program headers */
	size_t nph;
	const char *prefix;          /* the application prefix (.ukl.ksyms) */
	bool has_kernel_note;        /* the UKL note survived into the image */
	uint32_t kernel_flags;       /* UKL_KF_* from it */
	bool has_app_text;           /* __ukl_app_text_start/end */
	uint64_t app_text_lo, app_text_hi;
	struct symmap *kernel_names; /* names the kernel object defines, or NULL */
	void *arch_cache;            /* work an architecture's items share (x86_64:
				      * one decode of the application's code for
				      * two items); free()d after the last item */
	char why[640];               /* the item's detail or reason */
};

struct verify_item {
	const char *name;            /* one word, as printed */
	const char *what;            /* the promise, for --list */
	int (*fn)(struct verify_ctx *v);
};

struct verify_arch {
	uint64_t virt_offset;        /* p_vaddr - p_paddr of every PT_LOAD */
	const char *entry_symbol;    /* e_entry: the runtime's boot entry */
	const struct verify_item *items;
	size_t nitems;
};

extern const struct verify_arch verify_arch_x86_64, verify_arch_riscv64;

/* Linux as the kernel (linux.c): the image's kernel note has UKL_KF_LINUX;
 * Linux's own entry and W^X replace the runtime's. */
bool verify_linux(const struct verify_ctx *v);
int linux_verify_entry(struct verify_ctx *v);
int linux_verify_wx(struct verify_ctx *v);
/* Adds the names Linux's script beside KERNEL assigns to M; returns the
 * buffer they live in (free it after M), NULL without such a script. */
char *linux_script_names(const char *kernel, struct symmap *m);

/* Set the detail (pass) or the reason (fail) of the running item. */
void verify_say(struct verify_ctx *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Call FN for each note in the image's PT_NOTE segments; stops at non-zero.
 * ALIGN is the segment's p_align. */
int verify_foreach_note(struct verify_ctx *v,
			int (*fn)(struct verify_ctx *v, const GElf_Nhdr *n,
				  const char *name, const uint8_t *desc,
				  uint64_t align, void *arg),
			void *arg);
/* The file bytes at virtual address ADDR, LEN of them inside one section
 * with contents; NULL if there are none. */
const uint8_t *verify_bytes_at(struct verify_ctx *v, uint64_t addr, size_t len);

struct verify_opts {
	const char *name;            /* for messages, default the path */
	struct object *kernel;       /* the kernel object, or NULL */
	bool quiet;                  /* print only the failures (after a link) */
};

/* Verify the image at PATH.  Returns 0 when every invariant holds. */
int verify_image(const char *path, const struct verify_opts *o);

/* `ukld verify [--kernel FILE] [--list] IMAGE...`; argv[0] is "verify". */
int cmd_verify(int argc, char **argv);

#endif
