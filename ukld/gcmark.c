/* SPDX-License-Identifier: MIT */
/*
 * What --gc-sections will keep, worked out before the link, for the one
 * thing the script must know in advance: the room of the function table
 * (.ukl.ksyms), which holds every function of the image.  Counting every
 * function of the inputs would reserve the room of the whole kernel in
 * every image, the network stack of a program that opens no socket among
 * them.
 *
 * The linker's own mark phase, done on the inputs ukld has read: from the
 * roots (the sections the script KEEPs, the application's entry and the
 * names the script defines, the system call table's handlers, sections a
 * __start_/__stop_ name refers to, SHF_GNU_RETAIN) along every relocation
 * to the section of the symbol it names, as the resolution bound it (an
 * application name to the application's definition, else the kernel's).
 * An FDE of .eh_frame keeps nothing (the linker drops those of dropped
 * code), but what it refers to outside code (an LSDA, a personality's
 * pointer) is marked.  Every member of a section group goes with the
 * group.  Where this keeps more than the linker does, the table has room
 * to spare; where less, main.c links once more with the room the table
 * turned out to need.
 */
#include <stdlib.h>
#include <string.h>

#include "ukl/contract.h"
#include "ukld.h"
#include "warn.h"

struct sec_info {
	size_t nsec;
	bool *marked;
	size_t **relas;          /* per section: its RELA sections' indexes */
	size_t *nrelas;
	size_t *group;           /* per section: its SHT_GROUP section, or 0 */
};

struct kdef {
	const char *name;
	size_t shndx;
};

struct mark {
	struct link *l;
	size_t nobj;
	struct object **objs;    /* the kernel, then the application */
	struct sec_info *info;
	struct kdef *kdefs;      /* the kernel's global definitions, by name */
	size_t nkdefs;
	struct { size_t obj, ndx; } *work;
	size_t nwork, capwork;
};

static int kdef_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kdef *)a)->name, ((const struct kdef *)b)->name);
}

static void mark(struct mark *m, size_t oi, size_t ndx)
{
	struct sec_info *si = &m->info[oi];
	if (ndx == 0 || ndx >= si->nsec || si->marked[ndx])
		return;
	si->marked[ndx] = true;
	if (m->nwork == m->capwork) {
		m->capwork = m->capwork ? 2 * m->capwork : 256;
		m->work = xrealloc(m->work, m->capwork * sizeof(*m->work));
	}
	m->work[m->nwork].obj = oi;
	m->work[m->nwork++].ndx = ndx;
}

/* Marks every member of the group GNDX of object OI. */
static void mark_group(struct mark *m, size_t oi, size_t gndx)
{
	struct object *obj = m->objs[oi];
	Elf_Scn *scn = elf_getscn(obj->elf, gndx);
	Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;
	if (!d || !d->d_buf)
		return;
	const Elf32_Word *w = d->d_buf;
	for (size_t i = 1; i < d->d_size / sizeof(*w); i++)
		mark(m, oi, w[i]);
}

static size_t obj_index(struct mark *m, const struct object *obj)
{
	for (size_t i = 0; i < m->nobj; i++)
		if (m->objs[i] == obj)
			return i;
	return SIZE_MAX;
}

static void mark_kernel_name(struct mark *m, const char *name)
{
	struct kdef key = { name, 0 };
	struct kdef *k = bsearch(&key, m->kdefs, m->nkdefs, sizeof(key), kdef_cmp);
	if (k)
		mark(m, 0, k->shndx);
}

static bool prefixed_by(const char *name, const char *p)
{
	return !strncmp(name, p, strlen(p));
}

/* The section the symbol SI of object OI stands for, marked. */
static void mark_symbol(struct mark *m, size_t oi, size_t si)
{
	struct object *obj = m->objs[oi];
	if (si == 0 || si >= obj->nsyms)
		return;
	struct symbol *s = &obj->syms[si];
	if (s->defined && (s->bind == STB_LOCAL || oi == 0)) {
		if (s->sym.st_shndx < SHN_LORESERVE)
			mark(m, oi, s->sym.st_shndx);
		return;
	}
	if (!strncmp(s->name, "__start_", 8) || !strncmp(s->name, "__stop_", 7)) {
		const char *sec = s->name + (prefixed_by(s->name, "__start_") ? 8 : 7);
		for (size_t o = 0; o < m->nobj; o++)
			for (size_t n = 1; n < m->info[o].nsec; n++) {
				const char *nm = object_section_name(m->objs[o], n);
				if (nm && !strcmp(nm, sec))
					mark(m, o, n);
			}
	}
	if (oi == 0) {
		mark_kernel_name(m, s->name);
		return;
	}
	struct gsym *g = symmap_get(&m->l->syms, s->name, false);
	if (g && g->def) {
		size_t d = obj_index(m, g->def->obj);
		if (d != SIZE_MAX && g->def->sym.st_shndx < SHN_LORESERVE)
			mark(m, d, g->def->sym.st_shndx);
	} else if (s->defined && s->sym.st_shndx < SHN_LORESERVE) {
		mark(m, oi, s->sym.st_shndx);
	} else {
		mark_kernel_name(m, s->name);
	}
}

/* An application name (unprefixed), marked where the application
 * defines it. */
static void mark_app_name(struct mark *m, const char *name)
{
	struct gsym *g = symmap_get(&m->l->syms, name, false);
	if (!g || !g->def)
		return;
	size_t d = obj_index(m, g->def->obj);
	if (d != SIZE_MAX && g->def->sym.st_shndx < SHN_LORESERVE)
		mark(m, d, g->def->sym.st_shndx);
}

/* The sections the script keeps whatever refers to them (KEEP), and
 * the ones no linker collects. */
static bool root_section(const char *name, const GElf_Shdr *sh)
{
	static const char *const exact[] = {
		".head.text", ".init", ".fini", ".preinit_array", ".init_array",
		".fini_array", ".ctors", ".dtors", NULL
	};
	if (sh->sh_flags & SHF_GNU_RETAIN)
		return true;
	for (const char *const *e = exact; *e; e++)
		if (!strcmp(name, *e))
			return true;
	return prefixed_by(name, ".init_array.") || prefixed_by(name, ".fini_array.") ||
	       prefixed_by(name, ".ctors.") || prefixed_by(name, ".dtors.") ||
	       prefixed_by(name, ".note") || prefixed_by(name, ".gcc_except_table");
}

static void load(struct mark *m, size_t oi)
{
	struct object *obj = m->objs[oi];
	struct sec_info *si = &m->info[oi];
	size_t n = 0;

	elf_getshdrnum(obj->elf, &n);
	si->nsec = n;
	si->marked = xcalloc(n + 1, sizeof(*si->marked));
	si->relas = xcalloc(n + 1, sizeof(*si->relas));
	si->nrelas = xcalloc(n + 1, sizeof(*si->nrelas));
	si->group = xcalloc(n + 1, sizeof(*si->group));
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	while ((scn = elf_nextscn(obj->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		size_t ndx = elf_ndxscn(scn);
		if (sh.sh_type == SHT_RELA && sh.sh_info < n) {
			size_t t = sh.sh_info;
			si->relas[t] = xrealloc(si->relas[t], (si->nrelas[t] + 1) * sizeof(size_t));
			si->relas[t][si->nrelas[t]++] = ndx;
		} else if (sh.sh_type == SHT_GROUP) {
			Elf_Data *d = elf_getdata(scn, NULL);
			const Elf32_Word *w = d ? d->d_buf : NULL;
			for (size_t i = 1; w && i < d->d_size / sizeof(*w); i++)
				if (w[i] < n)
					si->group[w[i]] = ndx;
		}
	}
}

static void roots(struct mark *m)
{
	struct link *l = m->l;
	for (size_t oi = 0; oi < m->nobj; oi++) {
		Elf_Scn *scn = NULL;
		GElf_Shdr sh;
		while ((scn = elf_nextscn(m->objs[oi]->elf, scn))) {
			if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC))
				continue;
			const char *name = object_section_name(m->objs[oi], elf_ndxscn(scn));
			if (name && root_section(name, &sh))
				mark(m, oi, elf_ndxscn(scn));
		}
	}
	/* The names the script defines from application names: the entry,
	 * the linker's names the application defines itself. */
	mark_app_name(m, l->o->entry);
	for (size_t i = 0; i < l->syms.cap; i++) {
		struct gsym *g = l->syms.slots[i];
		if (g && g->def && (g->script_def || never_prefixed(g->name)))
			mark_app_name(m, g->name);
	}
	for (size_t nr = 0; nr < l->systable_len; nr++)
		if (l->systable[nr])
			mark_kernel_name(m, l->systable[nr]);
}

static void propagate(struct mark *m)
{
	while (m->nwork) {
		size_t oi = m->work[--m->nwork].obj, ndx = m->work[m->nwork].ndx;
		struct object *obj = m->objs[oi];
		struct sec_info *si = &m->info[oi];
		if (si->group[ndx])
			mark_group(m, oi, si->group[ndx]);
		const char *name = object_section_name(obj, ndx);
		bool eh = name && !strcmp(name, ".eh_frame");
		for (size_t r = 0; r < si->nrelas[ndx]; r++) {
			Elf_Scn *scn = elf_getscn(obj->elf, si->relas[ndx][r]);
			GElf_Shdr sh;
			Elf_Data *d = scn && gelf_getshdr(scn, &sh) ? elf_getdata(scn, NULL) : NULL;
			for (size_t i = 0; d && i < sh.sh_size / sizeof(Elf64_Rela); i++) {
				GElf_Rela rel;
				if (!gelf_getrela(d, (int)i, &rel))
					break;
				size_t sym = GELF_R_SYM(rel.r_info);
				if (eh && sym < obj->nsyms && obj->syms[sym].defined &&
				    obj->syms[sym].sym.st_shndx < SHN_LORESERVE) {
					GElf_Shdr ts;
					Elf_Scn *t = elf_getscn(obj->elf, obj->syms[sym].sym.st_shndx);
					if (t && gelf_getshdr(t, &ts) && (ts.sh_flags & SHF_EXECINSTR))
						continue;
				}
				mark_symbol(m, oi, sym);
			}
		}
	}
}

struct fnaddr {
	size_t shndx;
	uint64_t value;
	size_t len;
};

static int fnaddr_cmp(const void *a, const void *b)
{
	const struct fnaddr *x = a, *y = b;
	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	return x->value < y->value ? -1 : x->value > y->value;
}

void gc_ksyms_count(struct link *l, size_t *nfn, size_t *nstrings)
{
	struct mark m = { .l = l };

	m.nobj = l->napp + 1;
	m.objs = xcalloc(m.nobj, sizeof(*m.objs));
	m.objs[0] = l->kernel;
	for (size_t i = 0; i < l->napp; i++)
		m.objs[i + 1] = l->app[i];
	m.info = xcalloc(m.nobj, sizeof(*m.info));
	for (size_t oi = 0; oi < m.nobj; oi++)
		load(&m, oi);
	struct object *k = l->kernel;
	m.kdefs = xcalloc(k->nsyms, sizeof(*m.kdefs));
	for (size_t i = 1; i < k->nsyms; i++) {
		struct symbol *s = &k->syms[i];
		if (s->defined && s->bind != STB_LOCAL && *s->name &&
		    s->sym.st_shndx < SHN_LORESERVE)
			m.kdefs[m.nkdefs++] = (struct kdef){ s->name, s->sym.st_shndx };
	}
	qsort(m.kdefs, m.nkdefs, sizeof(*m.kdefs), kdef_cmp);

	roots(&m);
	propagate(&m);

	/* The table has one entry per address: of a function's aliases
	 * (musl's weak_alias), the longest name counts. */
	size_t n = 0, strings = 0, kept = 0, all = 0;
	struct fnaddr *fa = NULL;
	for (size_t oi = 0; oi < m.nobj; oi++) {
		struct object *obj = m.objs[oi];
		size_t nfa = 0;
		fa = xrealloc(fa, (obj->nsyms + 1) * sizeof(*fa));
		for (size_t i = 1; i < obj->nsyms; i++) {
			struct symbol *s = &obj->syms[i];
			if (!s->defined || (s->type != STT_FUNC && s->type != STT_GNU_IFUNC))
				continue;
			all++;
			if (s->sym.st_shndx >= SHN_LORESERVE || !m.info[oi].marked[s->sym.st_shndx])
				continue;
			kept++;
			fa[nfa++] = (struct fnaddr){ s->sym.st_shndx, s->sym.st_value,
						     strlen(s->name) + 1 };
		}
		if (nfa)
			qsort(fa, nfa, sizeof(*fa), fnaddr_cmp);
		for (size_t i = 0; i < nfa; i++) {
			size_t len = fa[i].len;
			while (i + 1 < nfa && !fnaddr_cmp(&fa[i], &fa[i + 1]))
				if (fa[++i].len > len)
					len = fa[i].len;
			n++;
			strings += len;
		}
	}
	free(fa);
	VERBOSE("gc-sections: %zu of the inputs' %zu functions reachable", kept, all);
	for (size_t oi = 0; oi < m.nobj; oi++) {
		struct sec_info *si = &m.info[oi];
		for (size_t i = 0; i <= si->nsec; i++)
			free(si->relas[i]);
		free(si->relas);
		free(si->nrelas);
		free(si->marked);
		free(si->group);
	}
	free(m.info);
	free(m.objs);
	free(m.kdefs);
	free(m.work);
	*nfn = n;
	*nstrings = strings;
}
