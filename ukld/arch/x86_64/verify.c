/* SPDX-License-Identifier: MIT */
/*
 * verify, x86_64: what only this architecture's loader and runtime need.
 *
 * The loader is QEMU's PVH boot (-kernel with an ELF): it loads each PT_LOAD
 * at p_paddr and jumps, in 32-bit protected mode with paging off, to the
 * physical address in the Xen note XEN_ELFNOTE_PHYS32_ENTRY (type 18).  It
 * finds the note by walking PT_NOTE segments and steps from a note's name to
 * its descriptor by the segment's p_align: a PT_NOTE aligned to 8 makes it
 * read the wrong word, and the guest resets without a message.
 *
 * The runtime handles the ring-0 `syscall` instruction only if its note says
 * so (UKL_KF_SYSCALL_INSN); `int $0x80` and `sysenter` it never handles (the
 * IDT has only the 32 exceptions), so in the application's code they would
 * be a fault, found here before boot.  Nor does it ever enable interrupts,
 * so `hlt` would hang the guest and `sti` let in what nothing handles.
 */
#include <string.h>
#include <capstone/capstone.h>

#include "ukl/contract.h"
#include "util.h"
#include "verify.h"
#include "warn.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define KERNEL_VMA 0xffffffff80000000ull

struct pvh {
	bool found;
	uint64_t align;
	uint32_t entry;
};

static int note_pvh(struct verify_ctx *v, const GElf_Nhdr *n, const char *name,
		    const uint8_t *desc, uint64_t align, void *arg)
{
	struct pvh *p = arg;
	(void)v;
	if (n->n_type != XEN_ELFNOTE_PHYS32_ENTRY || n->n_namesz != 4 ||
	    memcmp(name, "Xen", 4) || n->n_descsz < 4)
		return 0;
	p->found = true;
	p->align = align;
	memcpy(&p->entry, desc, 4);
	return 1;
}

static int v_pvh_note(struct verify_ctx *v)
{
	struct pvh p = { 0 };
	uint64_t e;
	/* Linux's PVH entry is its own (arch/x86/platform/pvh/head.S). */
	const char *entry = verify_linux(v) ? "pvh_start_xen" : v->arch->entry_symbol;
	verify_foreach_note(v, note_pvh, &p);
	if (!p.found) {
		verify_say(v, "no PVH entry note (Xen, type %d) in a PT_NOTE segment: QEMU cannot boot the image",
			   XEN_ELFNOTE_PHYS32_ENTRY);
		return -1;
	}
	if (p.align != 4) {
		verify_say(v, "the PT_NOTE holding the PVH note is aligned to %lu, not 4: QEMU would read a wrong entry",
			   (unsigned long)p.align);
		return -1;
	}
	if (!image_symbol(&v->im, entry, &e) || e - KERNEL_VMA != p.entry) {
		verify_say(v, "the PVH note's entry %#x is not the physical address of %s",
			   p.entry, entry);
		return -1;
	}
	for (size_t i = 0; i < v->nph; i++) {
		const GElf_Phdr *ph = &v->ph[i];
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && p.entry >= ph->p_paddr &&
		    p.entry < ph->p_paddr + ph->p_filesz) {
			verify_say(v, "PVH entry %#x (%s), in a 4-aligned PT_NOTE", p.entry,
				   entry);
			return 0;
		}
	}
	verify_say(v, "the PVH entry %#x is not loaded in an executable segment", p.entry);
	return -1;
}

/* What a scan of the application's functions found. */
struct scan {
	bool syscall_ok;         /* the kernel handles `syscall` */
	unsigned nfn, nsys, nhandled, nhalt;
	char first_sys[200], first_halt[200];
};

static void where(char *buf, size_t len, const cs_insn *insn, const char *fn,
		  uint64_t start)
{
	if (!buf[0])
		snprintf(buf, len, "`%.16s%s%.40s` in %.100s+%#lx", insn->mnemonic,
			 insn->op_str[0] ? " " : "", insn->op_str, fn,
			 (unsigned long)(insn->address - start));
}

/* Decode every function in the application's code (capstone, linearly:
 * gcc puts no data in .text), once for both items: the decode is most of
 * verify's time on a large program. */
static int scan_app(struct verify_ctx *v, struct scan *sc)
{
	csh cs;
	cs_insn *insn;

	if (v->arch_cache) {
		*sc = *(struct scan *)v->arch_cache;
		return 0;
	}
	memset(sc, 0, sizeof(*sc));
	sc->syscall_ok = v->has_kernel_note && (v->kernel_flags & UKL_KF_SYSCALL_INSN);
	if (!v->has_app_text) {
		verify_say(v, "__ukl_app_text_start/end are not defined");
		return -1;
	}
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK || !(insn = cs_malloc(cs))) {
		verify_say(v, "cannot start the capstone x86_64 decoder");
		return -1;
	}
	for (size_t i = 1; i < v->im.nsyms; i++) {
		GElf_Sym s;
		const char *n = image_sym(&v->im, i, &s);
		if (!n || GELF_ST_TYPE(s.st_info) != STT_FUNC || !s.st_size ||
		    s.st_value < v->app_text_lo || s.st_value >= v->app_text_hi)
			continue;
		const uint8_t *code = verify_bytes_at(v, s.st_value, s.st_size);
		if (!code)
			continue;
		sc->nfn++;
		size_t left = s.st_size;
		uint64_t addr = s.st_value;
		while (left && cs_disasm_iter(cs, &code, &left, &addr, insn)) {
			switch (insn->id) {
			case X86_INS_SYSCALL:
				if (sc->syscall_ok) {
					sc->nhandled++;
					break;
				}
				/* fall through */
			case X86_INS_SYSENTER:
				sc->nsys++;
				where(sc->first_sys, sizeof(sc->first_sys), insn, n, s.st_value);
				break;
			case X86_INS_INT:
				if (insn->size == 2 && insn->bytes[1] == 0x80) {
					sc->nsys++;
					where(sc->first_sys, sizeof(sc->first_sys), insn, n, s.st_value);
				}
				break;
			case X86_INS_HLT:
			case X86_INS_STI:
				sc->nhalt++;
				where(sc->first_halt, sizeof(sc->first_halt), insn, n, s.st_value);
				break;
			default:
				break;
			}
		}
	}
	cs_free(insn, 1);
	cs_close(&cs);
	v->arch_cache = xcalloc(1, sizeof(*sc));
	*(struct scan *)v->arch_cache = *sc;
	return 0;
}

/* Raw system call instructions in the application's functions. */
static int v_syscall(struct verify_ctx *v)
{
	struct scan sc;
	if (scan_app(v, &sc))
		return -1;
	if (sc.nsys) {
		verify_say(v, "%u system call instructions the kernel does not handle, first %s%s",
			   sc.nsys, sc.first_sys, sc.syscall_ok ? "" :
			   " (the kernel's note lacks UKL_KF_SYSCALL_INSN)");
		return -1;
	}
	if (sc.syscall_ok)
		verify_say(v, "%u application functions: %u `syscall`, which the kernel handles; no int $0x80 or sysenter",
			   sc.nfn, sc.nhandled);
	else
		verify_say(v, "%u application functions: no syscall, int $0x80 or sysenter", sc.nfn);
	return 0;
}

/* The runtime never enables interrupts: `hlt` in the application would stop
 * the guest for good (a hang, not a report), and `sti` would let in
 * interrupts it has no handler for (the legacy PIC's land on exception
 * vectors). */
static int v_halt(struct verify_ctx *v)
{
	struct scan sc;
	if (scan_app(v, &sc))
		return -1;
	if (sc.nhalt) {
		verify_say(v, "%u hlt or sti instructions, first %s: with interrupts off the guest would hang",
			   sc.nhalt, sc.first_halt);
		return -1;
	}
	verify_say(v, "%u application functions: no hlt or sti", sc.nfn);
	return 0;
}

static const struct verify_item x86_64_items[] = {
	{ "pvh-note", "the PVH entry note is there, 4-aligned, naming the entry", v_pvh_note },
	{ "syscall", "no raw system call instruction the kernel cannot handle", v_syscall },
	{ "halt", "no hlt or sti in the application's code (they would hang the guest)", v_halt },
};

const struct verify_arch verify_arch_x86_64 = {
	.virt_offset = KERNEL_VMA,
	.entry_symbol = "pvh_start",
	.items = x86_64_items,
	.nitems = sizeof(x86_64_items) / sizeof(x86_64_items[0]),
};
