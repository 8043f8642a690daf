/* SPDX-License-Identifier: MIT */
/*
 * check: what the generic pass (check.c, check_dwarf.c) offers an
 * architecture, and what an architecture provides (arch/<arch>/check.c,
 * reached through its struct ukld_arch).
 *
 * The generic pass reads the object once: its sections, its functions (the
 * symbols in executable sections, sorted), its relocated DWARF.  The
 * architecture decodes instructions, classifies relocation types and judges
 * the compile switches; it reports through check_report(), which names the
 * function, the section offset and the source line of a finding.
 */
#ifndef UKLD_CHECK_ARCH_H
#define UKLD_CHECK_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gelf.h>

#include "check.h"
#include "input.h"

enum check_severity { CHECK_ERROR, CHECK_WARNING, CHECK_NOTE };

/* Finding kinds, as they appear in JSON. */
#define CHECK_KIND_RED_ZONE   "red-zone"
#define CHECK_KIND_RELOC      "code-model"
#define CHECK_KIND_SWITCHES   "switches"
#define CHECK_KIND_MODEL      "model"
#define CHECK_KIND_UNCHECKED  "unchecked"
#define CHECK_KIND_SYSCALL    "syscall"     /* a raw system call instruction */

struct check_section {
	const char *name;
	GElf_Shdr shdr;
	const uint8_t *bytes;   /* inside the object, NULL for SHT_NOBITS */
	uint64_t *funcs;        /* sorted offsets where a function starts */
	size_t nfuncs;
};

struct check_dwarf;

/* One object being checked. */
struct check_ctx {
	struct object *obj;
	const struct check_opts *opts;
	struct check_stats *st;
	const struct check_arch *arch;
	struct check_section *secs;     /* by section index */
	size_t nsecs;
	struct check_func *funcs;       /* named locations, sorted */
	size_t nfuncs;
	struct check_dwarf *dw;         /* NULL without .debug_info */
	unsigned red_zone_uses;         /* counted by the arch scan */
	unsigned bad_relocs;
	void *arch_data;                /* the arch's per-object state */
};

struct check_arch {
	/* Scan the code of executable section SHNDX. */
	void (*scan_code)(struct check_ctx *cx, size_t shndx);
	/* NULL if a relocation of TYPE with ADDEND in an allocated section can
	 * reach the top 2 GiB, else why not (one phrase).  *NAME gets the
	 * type's name. */
	const char *(*reloc_unreachable)(unsigned type, int64_t addend,
					 const char **name);
	/* The text of the instruction that covers OFF in section SHNDX, into
	 * BUF; false if there is none. */
	bool (*insn_at)(struct check_ctx *cx, size_t shndx, uint64_t off,
			char *buf, size_t len);
	/* Judge the compile switches SWITCHES recorded in FROM (e.g.
	 * "DW_AT_producer").  Called after the scan and the relocations. */
	void (*check_switches)(struct check_ctx *cx, const char *switches,
			       const char *from);
	/* After everything else, once per object (NULL: nothing to do). */
	void (*object_done)(struct check_ctx *cx);
	/* Release what the arch keeps between objects (decoder handle). */
	void (*fini)(void);
};

extern const struct check_arch check_arch_x86_64, check_arch_riscv64;

/*
 * Report a finding.  SHNDX/OFF locate it (SHNDX 0: the whole object); INSN
 * is the instruction's text or NULL.  The function, the offset in it and the
 * source line are looked up here.  Notes are dropped with --quiet-notes.
 */
void check_report(struct check_ctx *cx, enum check_severity sev,
		  const char *kind, size_t shndx, uint64_t off,
		  const char *insn, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* The function containing OFF in section SHNDX and the offset in it; NULL if
 * the section has no named location at or before OFF. */
const char *check_func_name(struct check_ctx *cx, size_t shndx, uint64_t off,
			    uint64_t *func_off);

/* ---- check_dwarf.c: the object's DWARF, relocated ---- */
struct check_dwarf *check_dwarf_open(struct object *obj);
void check_dwarf_close(struct check_dwarf *dw);
/* Source file and line of OFF in section SHNDX; NULL if unknown. */
const char *check_dwarf_line(struct check_dwarf *dw, size_t shndx,
			     uint64_t off, int *line);
/* Call FN on each compile unit's DW_AT_producer (and its DW_AT_name). */
void check_dwarf_producers(struct check_dwarf *dw,
			   void (*fn)(void *arg, const char *producer,
				      const char *cu_name),
			   void *arg);

#endif
