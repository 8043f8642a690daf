/* SPDX-License-Identifier: MIT */
/*
 * check: is every object fit to run in the kernel?  (See check.h for why.)
 *
 * check_object() is a straight list of steps over one object:
 *   sections      read the section table once
 *   functions     sort the named locations of each executable section
 *   dwarf         open the relocated DWARF, for source lines and switches
 *   code          the arch scans every executable section (red zone)
 *   relocations   the arch classifies every relocation of an allocated
 *                 section (code model)
 *   switches      the arch judges what the compiler recorded
 * Findings are printed as they are found, as compiler-style messages on
 * stderr or as JSON on stdout, and counted in struct check_stats.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check_arch.h"
#include "ukld.h"
#include "util.h"
#include "warn.h"

/* A named location: a symbol in an executable section. */
struct check_func {
	size_t shndx;
	uint64_t value, size;
	const char *name;
	int rank;               /* lower is the better name for an address */
};

static bool json_first = true;

/* ---- output ---- */

static void json_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static const char *const severity_names[] = {
	[CHECK_ERROR] = "error", [CHECK_WARNING] = "warning", [CHECK_NOTE] = "note",
};

const char *check_func_name(struct check_ctx *cx, size_t shndx, uint64_t off,
			    uint64_t *func_off)
{
	size_t lo = 0, hi = cx->nfuncs;

	/* The last location <= (shndx, off); ties sorted best first. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct check_func *f = &cx->funcs[mid];
		if (f->shndx < shndx || (f->shndx == shndx && f->value <= off))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || cx->funcs[lo - 1].shndx != shndx)
		return NULL;
	/* Step back to the best-ranked of the symbols at that address. */
	uint64_t v = cx->funcs[lo - 1].value;
	while (lo > 1 && cx->funcs[lo - 2].shndx == shndx &&
	       cx->funcs[lo - 2].value == v)
		lo--;
	*func_off = off - v;
	return cx->funcs[lo - 1].name;
}

void check_report(struct check_ctx *cx, enum check_severity sev,
		  const char *kind, size_t shndx, uint64_t off,
		  const char *insn, const char *fmt, ...)
{
	char msg[1024], loc[512] = "", where[256] = "";
	const char *func = NULL, *src = NULL, *secname = NULL;
	uint64_t foff = 0;
	int line = 0;
	va_list ap;

	if (sev == CHECK_NOTE && cx->opts->quiet_notes)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	if (shndx && shndx < cx->nsecs) {
		secname = cx->secs[shndx].name;
		func = check_func_name(cx, shndx, off, &foff);
		src = check_dwarf_line(cx->dw, shndx, off, &line);
		if (src)
			snprintf(where, sizeof(where), ", %s:%d", src, line);
		if (func)
			snprintf(loc, sizeof(loc), "%s+0x%lx (%s+0x%lx%s): ", func,
				 (unsigned long)foff, secname, (unsigned long)off,
				 where);
		else
			snprintf(loc, sizeof(loc), "%s+0x%lx%s%s%s: ", secname,
				 (unsigned long)off, src ? " (" : "",
				 src ? where + 2 : "", src ? ")" : "");
	}

	switch (sev) {
	case CHECK_ERROR:   cx->st->errors++; break;
	case CHECK_WARNING: cx->st->warnings++; break;
	case CHECK_NOTE:    cx->st->notes++; break;
	}

	if (!cx->opts->json) {
		char text[1700];
		if (insn)
			snprintf(text, sizeof(text), "%s%s: %s", loc, insn, msg);
		else
			snprintf(text, sizeof(text), "%s%s", loc, msg);
		switch (sev) {
		case CHECK_ERROR:   ERROR(cx->obj->name, "%s", text); break;
		case CHECK_WARNING: WARN(cx->obj->name, "%s", text); break;
		case CHECK_NOTE:    NOTE(cx->obj->name, "%s", text); break;
		}
		return;
	}

	FILE *f = stdout;
	fputs(json_first ? "\n  {" : ",\n  {", f);
	json_first = false;
	fputs("\"file\": ", f);      json_string(f, cx->obj->path);
	fputs(", \"member\": ", f);  json_string(f, cx->obj->member);
	fputs(", \"function\": ", f); json_string(f, func);
	if (func)
		fprintf(f, ", \"function_offset\": %lu", (unsigned long)foff);
	else
		fputs(", \"function_offset\": null", f);
	fputs(", \"section\": ", f); json_string(f, secname);
	if (secname)
		fprintf(f, ", \"offset\": %lu", (unsigned long)off);
	else
		fputs(", \"offset\": null", f);
	fputs(", \"instruction\": ", f); json_string(f, insn);
	if (src) {
		snprintf(where, sizeof(where), "%s:%d", src, line);
		fputs(", \"line\": ", f); json_string(f, where);
	} else {
		fputs(", \"line\": null", f);
	}
	fputs(", \"kind\": ", f);     json_string(f, kind);
	fputs(", \"severity\": ", f); json_string(f, severity_names[sev]);
	fputs(", \"message\": ", f);  json_string(f, msg);
	fputc('}', f);
}

void check_begin(const struct check_opts *o)
{
	json_first = true;
	if (o->json)
		fputs("{\"findings\": [", stdout);
}

void check_end(const struct check_opts *o, const struct check_stats *st)
{
	for (const struct ukld_arch *const *a = ukld_arches; *a; a++)
		if ((*a)->check->fini)
			(*a)->check->fini();
	if (o->json) {
		printf("%s],\n", json_first ? "" : "\n");
		if (o->json_syscalls)
			printf(" \"syscalls\": %s,\n", o->json_syscalls);
		printf(" \"summary\": {\"objects\": %u, \"errors\": %u, "
		       "\"warnings\": %u, \"notes\": %u}}\n",
		       st->objects, st->errors,
		       st->warnings, st->notes);
	} else if (!o->quiet_summary) {
		printf("ukld check: %u objects, %u errors, %u warnings, %u notes\n",
		       st->objects, st->errors, st->warnings, st->notes);
	}
	fflush(stdout);
}

/* ---- the steps ---- */

static int read_sections(struct check_ctx *cx)
{
	struct object *obj = cx->obj;
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrnum(obj->elf, &cx->nsecs) ||
	    elf_getshdrstrndx(obj->elf, &shstrndx)) {
		ERROR_ELF(obj->name, "cannot read the section headers");
		return -1;
	}
	cx->secs = xcalloc(cx->nsecs, sizeof(*cx->secs));
	while ((scn = elf_nextscn(obj->elf, scn))) {
		struct check_section *s = &cx->secs[elf_ndxscn(scn)];
		if (!gelf_getshdr(scn, &s->shdr)) {
			ERROR_ELF(obj->name, "cannot read a section header");
			return -1;
		}
		s->name = elf_strptr(obj->elf, shstrndx, s->shdr.sh_name);
		if (!s->name)
			s->name = "?";
		/* input.c checked that the section lies inside the object. */
		if (s->shdr.sh_type != SHT_NOBITS)
			s->bytes = (const uint8_t *)obj->data + s->shdr.sh_offset;
	}
	return 0;
}

static bool is_code(const struct check_section *s)
{
	return s->shdr.sh_type == SHT_PROGBITS &&
	       (s->shdr.sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) ==
		       (SHF_ALLOC | SHF_EXECINSTR);
}

/* Functions first, then other global names, then local ones: that picks
 * `memcpy` over a local label at the same address. */
static int func_rank(const struct symbol *s)
{
	int r = s->type == STT_FUNC ? 0 : 4;
	if (s->bind == STB_GLOBAL)
		r += 0;
	else if (s->bind == STB_WEAK)
		r += 1;
	else
		r += 2;
	return r;
}

static int func_cmp(const void *a, const void *b)
{
	const struct check_func *x = a, *y = b;
	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return strcmp(x->name, y->name);
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void read_functions(struct check_ctx *cx)
{
	struct object *obj = cx->obj;

	cx->funcs = xcalloc(obj->nsyms, sizeof(*cx->funcs));
	for (size_t i = 1; i < obj->nsyms; i++) {
		const struct symbol *s = &obj->syms[i];
		size_t shndx = s->sym.st_shndx;
		if (!s->defined || shndx >= SHN_LORESERVE || shndx >= cx->nsecs ||
		    !is_code(&cx->secs[shndx]) || !s->name[0] ||
		    (s->type != STT_FUNC && s->type != STT_NOTYPE) ||
		    !strncmp(s->name, ".L", 2))
			continue;
		cx->funcs[cx->nfuncs++] = (struct check_func){
			.shndx = shndx, .value = s->sym.st_value,
			.size = s->sym.st_size, .name = s->name,
			.rank = func_rank(s),
		};
	}
	qsort(cx->funcs, cx->nfuncs, sizeof(*cx->funcs), func_cmp);

	/* Where a function starts, for the arch's per-function state; the
	 * section start counts as one. */
	for (size_t i = 0, j; i < cx->nfuncs; i = j) {
		size_t shndx = cx->funcs[i].shndx;
		struct check_section *s = &cx->secs[shndx];
		for (j = i; j < cx->nfuncs && cx->funcs[j].shndx == shndx; j++)
			;
		s->funcs = xcalloc(j - i + 1, sizeof(*s->funcs));
		s->funcs[s->nfuncs++] = 0;
		for (size_t k = i; k < j; k++)
			if (cx->funcs[k].value != s->funcs[s->nfuncs - 1])
				s->funcs[s->nfuncs++] = cx->funcs[k].value;
		qsort(s->funcs, s->nfuncs, sizeof(*s->funcs), u64_cmp);
	}
	for (size_t i = 1; i < cx->nsecs; i++) {
		struct check_section *s = &cx->secs[i];
		if (is_code(s) && !s->nfuncs) {
			s->funcs = xcalloc(1, sizeof(*s->funcs));
			s->nfuncs = 1;
		}
	}
}

static void open_dwarf(struct check_ctx *cx)
{
	GElf_Shdr shdr;

	if (object_find_section(cx->obj, ".debug_info", &shdr))
		cx->dw = check_dwarf_open(cx->obj);
}

static void scan_code(struct check_ctx *cx)
{
	for (size_t i = 1; i < cx->nsecs; i++)
		if (is_code(&cx->secs[i]) && cx->secs[i].shdr.sh_size)
			cx->arch->scan_code(cx, i);
}

/* The name of what relocation R refers to, into BUF. */
static const char *reloc_target(struct check_ctx *cx, const GElf_Rela *r,
				 char *buf, size_t len)
{
	size_t si = GELF_R_SYM(r->r_info);
	const char *name = "?";

	if (si && si < cx->obj->nsyms) {
		const struct symbol *s = &cx->obj->syms[si];
		name = s->name;
		if (s->type == STT_SECTION && s->sym.st_shndx < cx->nsecs)
			name = cx->secs[s->sym.st_shndx].name;
	} else if (!si) {
		name = "*ABS*";
	}
	if (r->r_addend)
		snprintf(buf, len, "%s%+ld", name, (long)r->r_addend);
	else
		snprintf(buf, len, "%s", name);
	return buf;
}

static void check_relocations(struct check_ctx *cx)
{
	for (size_t i = 1; i < cx->nsecs; i++) {
		const struct check_section *rs = &cx->secs[i];
		size_t target = rs->shdr.sh_info;
		Elf_Data *data;
		bool rela = rs->shdr.sh_type == SHT_RELA;

		if ((!rela && rs->shdr.sh_type != SHT_REL) ||
		    target == 0 || target >= cx->nsecs)
			continue;
		/* Relocations of .debug_*, .comment, ... never reach the
		 * image's addresses. */
		if (!(cx->secs[target].shdr.sh_flags & SHF_ALLOC))
			continue;
		data = elf_getdata(elf_getscn(cx->obj->elf, i), NULL);
		if (!data) {
			ERROR_ELF(cx->obj->name, "cannot read %s", rs->name);
			continue;
		}
		size_t n = rs->shdr.sh_entsize ? rs->shdr.sh_size / rs->shdr.sh_entsize : 0;
		for (size_t k = 0; k < n; k++) {
			GElf_Rela r;
			const char *why, *tname;
			char tbuf[256], insn[192];

			if (rela) {
				if (!gelf_getrela(data, (int)k, &r))
					break;
			} else {
				GElf_Rel rel;
				if (!gelf_getrel(data, (int)k, &rel))
					break;
				r = (GElf_Rela){ rel.r_offset, rel.r_info, 0 };
			}
			why = cx->arch->reloc_unreachable(
				(unsigned)GELF_R_TYPE(r.r_info), r.r_addend, &tname);
			if (!why)
				continue;
			cx->bad_relocs++;
			bool have_insn = is_code(&cx->secs[target]) &&
				cx->arch->insn_at(cx, target, r.r_offset,
						  insn, sizeof(insn));
			check_report(cx, CHECK_ERROR, CHECK_KIND_RELOC, target,
				     r.r_offset, have_insn ? insn : NULL,
				     "%s against %s: %s",
				     tname, reloc_target(cx, &r, tbuf, sizeof(tbuf)),
				     why);
		}
	}
}

struct switches_seen {
	struct check_ctx *cx;
	const char *seen[16];
	size_t n;
};

static void judge_producer(void *arg, const char *producer, const char *cu)
{
	struct switches_seen *ss = arg;
	char from[512];

	/* An object of many compile units (ld -r) repeats its producers. */
	for (size_t i = 0; i < ss->n; i++)
		if (!strcmp(ss->seen[i], producer))
			return;
	if (ss->n < sizeof(ss->seen) / sizeof(ss->seen[0]))
		ss->seen[ss->n++] = producer;
	snprintf(from, sizeof(from), "DW_AT_producer of %s", cu ? cu : "a compile unit");
	ss->cx->arch->check_switches(ss->cx, producer, from);
}

/* .GCC.command.line (-frecord-gcc-switches) holds one NUL-terminated string
 * per switch; judge them as one line. */
static void judge_command_line(struct check_ctx *cx)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = object_find_section(cx->obj, ".GCC.command.line", &shdr);
	const struct check_section *s;
	char *line;
	size_t len = 0;

	if (!scn)
		return;
	s = &cx->secs[elf_ndxscn(scn)];
	if (!s->bytes || !s->shdr.sh_size)
		return;
	line = xcalloc(s->shdr.sh_size + 1, 1);
	for (size_t i = 0; i < s->shdr.sh_size; i++) {
		char c = (char)s->bytes[i];
		if (c == '\0') {
			if (len && line[len - 1] != ' ')
				line[len++] = ' ';
		} else {
			line[len++] = c;
		}
	}
	while (len && line[len - 1] == ' ')
		line[--len] = '\0';
	cx->arch->check_switches(cx, line, ".GCC.command.line");
	free(line);
}

static void check_switches(struct check_ctx *cx)
{
	struct switches_seen ss = { .cx = cx };

	check_dwarf_producers(cx->dw, judge_producer, &ss);
	judge_command_line(cx);
}

static void ctx_free(struct check_ctx *cx)
{
	check_dwarf_close(cx->dw);
	for (size_t i = 0; i < cx->nsecs; i++)
		free(cx->secs[i].funcs);
	free(cx->secs);
	free(cx->funcs);
	free(cx->arch_data);
}

int check_object(struct object *obj, const struct check_opts *o,
		 struct check_stats *st)
{
	struct check_ctx cx = { .obj = obj, .opts = o, .st = st };

	st->objects++;
	const struct ukld_arch *arch = arch_for_machine(obj->ehdr.e_machine);
	if (arch)
		cx.arch = arch->check;
	if (!cx.arch) {
		check_report(&cx, CHECK_WARNING, CHECK_KIND_UNCHECKED, 0, 0, NULL,
			     "no checks for %s objects yet: red zone and code model not verified",
			     machine_name(obj->ehdr.e_machine));
		return 0;
	}
	if (read_sections(&cx)) {
		ctx_free(&cx);
		return -1;
	}
	read_functions(&cx);
	open_dwarf(&cx);
	scan_code(&cx);
	check_relocations(&cx);
	check_switches(&cx);
	if (cx.arch->object_done)
		cx.arch->object_done(&cx);
	ctx_free(&cx);
	return 0;
}

/* ---- ukld check ---- */

struct cmd_state {
	const struct check_opts *opts;
	struct check_stats *st;
	int failed;
	/* The system calls the objects make, and a kernel object's table. */
	struct sysset used, kernel;
	bool have_kernel;
	unsigned machine;
};

static int check_one(struct object *obj, void *arg)
{
	struct cmd_state *cs = arg;
	if (check_object(obj, cs->opts, cs->st))
		cs->failed = 1;
	if (syscalls_kernel(obj, &cs->kernel))
		cs->have_kernel = true;
	else
		syscalls_used(obj, &cs->used);
	if (!cs->machine)
		cs->machine = obj->ehdr.e_machine;
	return 0;
}

/* "syscalls": {"used": [names], "missing": [names] or null without a
 * kernel among the inputs}. */
static char *syscalls_json(const struct cmd_state *cs)
{
	struct sysset none = { 0 };
	char *used = syscalls_missing(cs->machine, &cs->used, &none, "\", \"");
	char *miss = cs->have_kernel ?
		syscalls_missing(cs->machine, &cs->used, &cs->kernel, "\", \"") : NULL;
	char *j = xasprintf("{\"used\": [%s%s%s], \"missing\": %s%s%s%s}",
			    used ? "\"" : "", used ? used : "", used ? "\"" : "",
			    !cs->have_kernel ? "null" : "[", miss ? "\"" : "",
			    miss ? miss : "", !cs->have_kernel ? "" : miss ? "\"]" : "]");
	free(used);
	free(miss);
	return j;
}

static void check_usage(FILE *f)
{
	fprintf(f,
		"usage: %s check [--allow-red-zone] [--format=text|json] [--quiet-notes] INPUT...\n"
		"Check relocatable objects and archives for what breaks an application\n"
		"linked into the kernel: red-zone use (build with -mno-red-zone) and\n"
		"relocations that cannot reach the top 2 GiB (build with -mcmodel=kernel\n"
		"or -fPIE).  Exit status 0 without errors, 1 otherwise.\n",
		ukld_progname);
}

int cmd_check(int argc, char **argv)
{
	struct check_opts opts = { 0 };
	struct check_stats st = { 0 };
	struct cmd_state cs = { .opts = &opts, .st = &st };
	char **inputs = xcalloc((size_t)argc, sizeof(*inputs));
	int ninputs = 0;
	bool dashdash = false;

	/* Options and inputs in any order; "--" ends the options. */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (dashdash || a[0] != '-' || !a[1])
			inputs[ninputs++] = argv[i];
		else if (!strcmp(a, "--"))
			dashdash = true;
		else if (!strcmp(a, "--allow-red-zone"))
			opts.allow_red_zone = true;
		else if (!strcmp(a, "--format=json"))
			opts.json = true;
		else if (!strcmp(a, "--format=text"))
			opts.json = false;
		else if (!strcmp(a, "--quiet-notes"))
			opts.quiet_notes = true;
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			check_usage(stdout);
			free(inputs);
			return 0;
		} else {
			ERROR(NULL, "check: unknown option '%s'", a);
			check_usage(stderr);
			free(inputs);
			return 1;
		}
	}
	if (!ninputs) {
		ERROR(NULL, "check: no input files");
		check_usage(stderr);
		free(inputs);
		return 1;
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		ERROR_ELF(NULL, "libelf is out of date");
		free(inputs);
		return 1;
	}

	check_begin(&opts);
	for (int i = 0; i < ninputs; i++)
		/* Any machine: an object without an arch hook gets a warning. */
		if (input_foreach_object(inputs[i], 0, check_one, &cs))
			cs.failed = 1;
	if (opts.json)
		opts.json_syscalls = syscalls_json(&cs);
	else if (cs.have_kernel) {
		char *miss = syscalls_missing(cs.machine, &cs.used, &cs.kernel, ", ");
		if (miss)
			WARN(NULL, "the inputs can call %s, which the kernel among them does not implement", miss);
		free(miss);
	}
	check_end(&opts, &st);
	free(opts.json_syscalls);
	free(inputs);
	return cs.failed || st.errors ? 1 : 0;
}
