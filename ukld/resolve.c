/* SPDX-License-Identifier: MIT */
/*
 * Loading the inputs and resolving the application's names.
 *
 * Archive members are pulled the way a static linker pulls them: from the
 * entry symbol and everything the plain objects refer to, a member is
 * included when it defines a name some included object refers to strongly and
 * nothing included defines yet; weak references pull nothing.  All archives
 * are searched as one group, so their order does not matter.  The
 * application's own definitions come first; a name it does not define binds
 * to the kernel only when the kernel exports it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ukl/contract.h"
#include "ukld.h"
#include "warn.h"

bool never_prefixed(const char *name)
{
	static const char *const names[] = {
		"_GLOBAL_OFFSET_TABLE_", /* the linker's, by name */
		"__ehdr_start",          /* the image's ELF header */
		"__tls_get_addr",        /* the linkers know the call by it */
		"__global_pointer$",     /* riscv64: gp, the script defines it */
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/*
 * Names a linker defines for an executable.  Prefixed, the application's
 * references to them would be undefined and silently resolve to 0 (ctors that
 * never run): the generated script defines each from the symbols of the
 * script template.
 */
const char *linker_defined(const char *name)
{
	static const struct { const char *name, *def; } names[] = {
		/* As in any static link for the application: each array
		 * holds its own entries.  The preinit entries head the init
		 * array (lds/) so that musl, which runs no preinit array,
		 * runs them: the libc's own __init_array_start is
		 * LIBC_INIT_ARRAY_START (prefix.c), the head. */
		{ "__preinit_array_start", "__ukl_app_preinit_array_start" },
		{ "__preinit_array_end",   "__ukl_app_preinit_array_end" },
		{ "__init_array_start",    "__ukl_app_preinit_array_end" },
		{ LIBC_INIT_ARRAY_START,   "__ukl_app_init_array_start" },
		{ "__init_array_end",      "__ukl_app_init_array_end" },
		{ "__fini_array_start",    "__ukl_app_fini_array_start" },
		{ "__fini_array_end",      "__ukl_app_fini_array_end" },
		{ "_DYNAMIC",              "0" },   /* a static link has none */
		{ "__executable_start",    "__ukl_image_start" },
		{ "_etext",  "__ukl_app_text_end" }, { "etext",  "__ukl_app_text_end" },
		{ "__etext", "__ukl_app_text_end" },
		{ "_edata",  "__bss_start" }, { "edata", "__bss_start" },
		{ "__bss_start", "__bss_start" },
		{ "_end",    "__ukl_image_end" }, { "end",   "__ukl_image_end" },
		{ "__dso_handle", "__ukl_image_start" }, /* any unique address */
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].name))
			return names[i].def;
	/* __start_SEC/__stop_SEC: the linker's own, unprefixed. */
	if (!strncmp(name, "__start_", 8) || !strncmp(name, "__stop_", 7))
		return name;
	return NULL;
}

static struct input *open_input(struct link *l, const char *path, bool libc,
				 unsigned flags)
{
	struct input *in = input_open_flags(path, l->o->machine, flags);
	if (!in)
		return NULL;
	in->is_libc = libc;
	l->inputs = xrealloc(l->inputs, (l->ninputs + 1) * sizeof(*l->inputs));
	l->inputs[l->ninputs++] = in;
	return in;
}

/* -lNAME: libNAME.a in the -L directories, then the sysroot's lib/;
 * -l:FILE, as GNU ld: the file FILE there, by its exact name. */
static char *find_library(struct link *l, const char *name)
{
	bool exact = name[0] == ':';
	const char *file = exact ? name + 1 : name;
	const char *pre = exact ? "" : "lib", *suf = exact ? "" : ".a";

	for (size_t i = 0; *file && i <= l->o->nlibdirs; i++) {
		const char *dir = i < l->o->nlibdirs ? l->o->libdirs[i] : NULL;
		char *p;
		if (!dir) {
			if (!l->o->sysroot)
				break;
			p = xasprintf("%s/lib/%s%s%s", l->o->sysroot, pre, file, suf);
		} else {
			p = xasprintf("%s/%s%s%s", dir, pre, file, suf);
		}
		if (!access(p, R_OK))
			return p;
		free(p);
	}
	ERROR(NULL, "cannot find -l%s: no %s%s%s in the -L directories%s", name,
	      pre, file, suf, l->o->sysroot ? " or the sysroot" : "");
	return NULL;
}

int load_inputs(struct link *l)
{
	static const char *const head[] = { "crt1.o", "crti.o" };
	static const char *const tail[] = { "libc.a", "libgcc.a", "crtn.o" };
	bool libc = !l->o->nostdlib;
	int ret = 0;

	/* Without a kernel among the inputs there is no target to take the
	 * default sysroot from: the kernel pass then names the real problem. */
	if (libc && !l->o->sysroot && !l->arch)
		libc = false;
	if (libc && !l->o->sysroot) {
		ERROR(NULL, "no libc: give --sysroot DIR (the musl sysroot built by `make`) or -nostdlib");
		return -1;
	}
	for (size_t i = 0; libc && i < 2; i++) {
		char *p = xasprintf("%s/lib/%s", l->o->sysroot, head[i]);
		if (!open_input(l, p, true, 0))
			ret = -1;
		free(p);
	}
	for (size_t i = 0; i < l->o->ninputs; i++) {
		const char *arg = l->o->inputs[i];
		if (!strncmp(arg, "-l", 2)) {
			char *p = find_library(l, arg + 2);
			/* As with ld, a library found by -l may be empty
			 * (musl's libm.a, libpthread.a: all is in libc.a);
			 * an archive named as an input may not. */
			if (!p || !open_input(l, p, false, INPUT_EMPTY_OK))
				ret = -1;
			free(p);
		} else if (!open_input(l, arg, false, 0)) {
			ret = -1;
		}
	}
	if (l->o->kernel) {
		bool listed = false;
		for (size_t i = 0; i < l->o->ninputs; i++)
			listed |= !strcmp(l->o->inputs[i], l->o->kernel);
		if (!listed && !open_input(l, l->o->kernel, false, 0))
			ret = -1;
	}
	for (size_t i = 0; libc && i < 3; i++) {
		char *p = xasprintf("%s/lib/%s", l->o->sysroot, tail[i]);
		if (!open_input(l, p, true, 0))
			ret = -1;
		free(p);
	}
	return ret;
}

/* ---- resolution ---- */

struct worklist {
	const char **names;
	size_t n, cap;
};

static void want(struct worklist *w, const char *name)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->names = xrealloc(w->names, w->cap * sizeof(*w->names));
	}
	w->names[w->n++] = name;
}

static bool is_global(const struct symbol *s)
{
	return (s->bind == STB_GLOBAL || s->bind == STB_WEAK ||
		s->bind == STB_GNU_UNIQUE) && *s->name &&
		s->type != STT_SECTION && s->type != STT_FILE;
}

/* Take OBJ into the link: record its definitions and references. */
static int include(struct link *l, struct object *obj, struct worklist *w)
{
	int ret = 0;

	obj->included = true;
	obj->order = l->napp;
	l->app = xrealloc(l->app, (l->napp + 1) * sizeof(*l->app));
	l->app[l->napp++] = obj;
	for (size_t i = 1; i < obj->nsyms; i++) {
		struct symbol *s = &obj->syms[i];
		if (!is_global(s))
			continue;
		struct gsym *g = symmap_get(&l->syms, s->name, true);
		if (!s->defined) {
			if (!g->first_ref)
				g->first_ref = s;
			if (s->bind != STB_WEAK && !g->strong_ref) {
				g->strong_ref = true;
				want(w, g->name);
			}
			continue;
		}
		/* Weak, common and unique (g++'s template static members and
		 * inline variables, one per translation unit, merged by the
		 * linker) definitions may be repeated. */
		bool strong = s->bind == STB_GLOBAL && s->sym.st_shndx != SHN_COMMON;
		if (!g->def) {
			g->def = s;
		} else if (strong) {
			struct symbol *d = g->def;
			bool d_strong = d->bind == STB_GLOBAL &&
				d->sym.st_shndx != SHN_COMMON;
			if (d_strong) {
				ERROR(obj->name, "multiple definition of '%s': first defined in %s",
				      s->name, d->obj->name);
				ret = -1;
			} else {
				g->def = s;
			}
		}
	}
	return ret;
}

/* For each name, the first archive member (in input order) defining it. */
static struct symmap *archive_index(struct link *l)
{
	struct symmap *idx = &l->archive_syms;
	for (size_t i = 0; i < l->ninputs; i++) {
		struct input *in = l->inputs[i];
		if (!in->is_archive)
			continue;
		for (size_t j = 0; j < in->nobjs; j++) {
			struct object *obj = in->objs[j];
			for (size_t k = 1; k < obj->nsyms; k++) {
				struct symbol *s = &obj->syms[k];
				if (!s->defined || !is_global(s))
					continue;
				struct gsym *g = symmap_get(idx, s->name, true);
				if (!g->def)
					g->def = s;
			}
		}
	}
	return idx;
}

static void report_unresolved(struct link *l, struct gsym *g)
{
	unsigned nr;
	const char *why = g->kernel_def ?
		"the kernel defines it but does not export it (UKL_EXPORT)" :
		sys_stub_number(g->name, &nr) ?
		"a direct system call: the kernel exports neither it nor __ukl_syscall, which a stub could call" :
		"neither the application, its libc nor the kernel's exports define it";
	unsigned shown = 0;

	for (size_t i = 0; i < l->napp; i++) {
		struct object *obj = l->app[i];
		for (size_t k = 1; k < obj->nsyms; k++) {
			struct symbol *s = &obj->syms[k];
			if (s->defined || !is_global(s) || strcmp(s->name, g->name))
				continue;
			if (shown++ < 5)
				ERROR(obj->name, "undefined reference to '%s': %s",
				      g->name, why);
			break;
		}
	}
	if (!shown)
		ERROR(NULL, "undefined entry symbol '%s': %s", g->name, why);
	else if (shown > 5)
		NOTE(NULL, "'%s' is also needed by %u more objects", g->name,
		     shown - 5);
}

int resolve(struct link *l)
{
	struct worklist w = { 0 };
	const char *entry = l->o->entry;
	int ret = 0;

	/* Plain objects are always linked, in command-line order. */
	for (size_t i = 0; i < l->ninputs; i++) {
		struct input *in = l->inputs[i];
		if (!in->is_archive && !in->objs[0]->is_kernel)
			ret |= include(l, in->objs[0], &w);
	}
	struct gsym *eg = symmap_get(&l->syms, entry, true);
	if (!eg->strong_ref) {
		eg->strong_ref = true;
		want(&w, eg->name);
	}

	struct symmap *idx = archive_index(l);
	for (size_t i = 0; i < w.n; i++) {
		struct gsym *g = symmap_get(&l->syms, w.names[i], false);
		if (g->def)
			continue;
		struct gsym *m = symmap_get(idx, g->name, false);
		if (m && !m->def->obj->included)
			ret |= include(l, m->def->obj, &w);
	}
	free(w.names);

	/* Link order: input order, members in archive order. */
	size_t n = 0;
	for (size_t i = 0; i < l->ninputs; i++)
		for (size_t j = 0; j < l->inputs[i]->nobjs; j++)
			if (l->inputs[i]->objs[j]->included)
				l->app[n++] = l->inputs[i]->objs[j];
	for (size_t i = 0; i < n; i++)
		l->app[i]->order = i;

	/* Bind what the application does not define. */
	for (size_t i = 0; i < l->syms.cap; i++) {
		struct gsym *g = l->syms.slots[i];
		const char *def;
		unsigned nr;
		if (!g || g->def || (!g->first_ref && g != eg))
			continue;
		if (!strcmp(g->name, "__tls_get_addr")) {
			/* Only the dynamic TLS models call it, and an x86_64
			 * static link relaxes every such call to local-exec.
			 * The libc's definition is prefixed like any other and
			 * the script names it (script.c); with nothing to
			 * define it (-nostdlib) it is 0, so no undefined name
			 * is left: a call the linker did not relax could not
			 * reach 0 from the top 2 GiB and fails the link.
			 * riscv64's linkers do not relax them: its kernel
			 * exports __ukl_tls_get_addr for bare programs. */
			struct gsym *k = symmap_get(&l->syms, "__ukl_tls_get_addr", false);
			g->script_def = k && k->kernel_export ? "__ukl_tls_get_addr" : "0";
		} else if (never_prefixed(g->name)) {
			g->keep_name = true;
		} else if (g->kernel_export) {
			g->keep_name = true;
		} else if (sys_stub_number(g->name, &nr)) {
			/* A direct system call the kernel does not export:
			 * a stub calls its generic entry (sysstubs.c). */
			struct gsym *k = symmap_get(&l->syms, "__ukl_syscall", false);
			/* A kernel definition the stub would clash with. */
			if (!k || !k->kernel_export || g->kernel_def) {
				report_unresolved(l, g);
				ret = -1;
				continue;
			}
			g->keep_name = true;
			l->stubs = xrealloc(l->stubs, (l->nstubs + 1) * sizeof(*l->stubs));
			l->stubs[l->nstubs++] = nr;
		} else if ((def = linker_defined(g->name))) {
			g->script_def = def;
		} else if (!g->strong_ref) {
			/* A weak reference nothing defines is 0, as in any
			 * static link; the script says so explicitly, so no
			 * undefined name is left in the image. */
			g->script_def = "0";
			VERBOSE("weak reference '%s' (from %s) resolves to 0",
				g->name, g->first_ref->obj->name);
		} else {
			report_unresolved(l, g);
			ret = -1;
		}
	}
	/* The libc's __init_array_start (renamed by prefix.c), when an
	 * included libc object refers to it and nothing defines it. */
	struct gsym *ia = symmap_get(&l->syms, "__init_array_start", false);
	for (size_t i = 0; ia && !ia->def && i < l->napp; i++) {
		struct object *obj = l->app[i];
		if (!obj->input->is_libc)
			continue;
		for (size_t j = 1; j < obj->nsyms; j++)
			if (!obj->syms[j].defined && obj->syms[j].bind != STB_LOCAL &&
			    !strcmp(obj->syms[j].name, "__init_array_start")) {
				struct gsym *g = symmap_get(&l->syms, LIBC_INIT_ARRAY_START, true);
				g->script_def = linker_defined(LIBC_INIT_ARRAY_START);
				break;
			}
	}
	if (eg->def && eg->def->type != STT_FUNC && eg->def->type != STT_NOTYPE) {
		ERROR(eg->def->obj->name, "entry symbol '%s' is not a function", entry);
		ret = -1;
	}
	VERBOSE("%zu application objects linked", l->napp);
	return ret;
}
