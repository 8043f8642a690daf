/* SPDX-License-Identifier: MIT */
/*
 * Prefixing: every application object is copied into the work directory with
 * each name it defines (locals too, so a fault report can tell an application
 * function by its table entry) renamed PREFIX+name, and each name it refers
 * to renamed the same way unless that name binds to the kernel or is one the
 * linker knows by its spelling.  Relocations refer to symbols by index, so
 * only the string table and st_name change.  The same copy also has its
 * legacy .ctors/.dtors turned into .init_array/.fini_array
 * (ctors_convert_legacy(), ctors/link.c) and its TLS common symbols put in a
 * .tbss section (tls_convert_common(), tls/link.c).
 *
 * On the way, the target may rewrite instructions the application cannot
 * execute in the kernel (riscv64: `ecall` -> `ebreak`, arch/riscv64/rewrite.c);
 * the count is reported.
 *
 * libelf trap: the new names are appended to the existing string table
 * instead of building a fresh one, because the same table may also hold the
 * section names (sh_name) of some assemblers' output.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ukld.h"
#include "warn.h"

/* The name OBJ's symbol S gets in the image, or NULL to keep it. */
static const char *new_name(struct link *l, const struct symbol *s)
{
	if (!*s->name || s->type == STT_SECTION || s->type == STT_FILE)
		return NULL;
	/* Mapping symbols ($x, $d, $xrv64i2p1_m2p0...: where code and data
	 * begin, for disassemblers) are markers, not names. */
	if (s->bind == STB_LOCAL && s->name[0] == '$')
		return NULL;
	if (s->bind == STB_LOCAL)
		return s->name;
	if (!s->defined && never_prefixed(s->name))
		return NULL;
	if (!s->defined) {
		struct gsym *g = symmap_get(&l->syms, s->name, false);
		if (g && g->keep_name)
			return NULL;
		/* The libc runs the init array from its head, where the
		 * preinit entries are (resolve.c linker_defined()). */
		if (s->obj->input->is_libc && !strcmp(s->name, "__init_array_start"))
			return LIBC_INIT_ARRAY_START;
	}
	return s->name;
}

size_t elf_strtab_add(Elf_Data *d, const char *s, char **owned)
{
	size_t off = d->d_size, n = strlen(s) + 1;
	char *b = xrealloc(d->d_buf == *owned ? *owned : NULL, off + n);
	if (d->d_buf != *owned) {
		memcpy(b, d->d_buf, off);
		free(*owned);
	}
	memcpy(b + off, s, n);
	*owned = b;
	d->d_buf = b;
	d->d_size = off + n;
	elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
	return off;
}

static int write_all(int fd, const void *buf, size_t len, const char *path)
{
	const char *p = buf;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			ERROR_GLIBC(path, "cannot write");
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int prefix_one(struct link *l, struct object *obj, const char *path)
{
	const char *prefix = l->o->prefix;
	size_t plen = strlen(prefix);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	Elf *elf = NULL;
	int ret = -1;
	char *strbuf = NULL, *shstrbuf = NULL;
	int changed = 0, tcommon;

	if (fd < 0) {
		ERROR_GLIBC(path, "cannot create");
		return -1;
	}
	if (l->arch->rewrite_code) {
		unsigned char *copy = xcalloc(1, obj->size);
		memcpy(copy, obj->data, obj->size);
		long n = l->arch->rewrite_code(obj, copy, obj->size);
		int w = n < 0 ? -1 : write_all(fd, copy, obj->size, path);
		free(copy);
		if (w)
			goto out;
		if (n)
			VERBOSE("%s: %ld %s", obj->name, n, l->arch->rewrite_what);
		l->rewritten += n;
	} else if (write_all(fd, obj->data, obj->size, path)) {
		goto out;
	}
	elf = elf_begin(fd, ELF_C_RDWR, NULL);
	if (!elf) {
		ERROR_ELF(obj->name, "cannot reopen the copy for prefixing");
		goto out;
	}
	/* Legacy .ctors/.dtors become .init_array/.fini_array (ctors/link.c). */
	changed = ctors_convert_legacy(elf, obj->name, &shstrbuf);
	if (changed < 0)
		goto out;

	if (!obj->symtab_ndx)
		goto write; /* no names to rename */
	Elf_Scn *symscn = elf_getscn(elf, obj->symtab_ndx);
	GElf_Shdr symsh;
	if (!symscn || !gelf_getshdr(symscn, &symsh)) {
		ERROR_ELF(obj->name, "cannot read the symbol table");
		goto out;
	}
	Elf_Scn *strscn = elf_getscn(elf, symsh.sh_link);
	Elf_Data *symdata = elf_getdata(symscn, NULL);
	Elf_Data *strdata = strscn ? elf_getdata(strscn, NULL) : NULL;
	if (!symdata || !strdata) {
		ERROR_ELF(obj->name, "cannot read the symbol names");
		goto out;
	}

	/* Size the new string table, then fill it. */
	size_t extra = 0;
	for (size_t i = 1; i < obj->nsyms; i++) {
		const char *n = new_name(l, &obj->syms[i]);
		if (n)
			extra += plen + strlen(n) + 1;
	}
	if (!extra)
		goto write;
	size_t off = strdata->d_size;
	strbuf = malloc(off + extra);
	if (!strbuf) {
		ERROR_GLIBC(obj->name, "out of memory");
		goto out;
	}
	memcpy(strbuf, strdata->d_buf, off);
	for (size_t i = 1; i < obj->nsyms; i++) {
		struct symbol *s = &obj->syms[i];
		const char *n = new_name(l, s);
		if (!n)
			continue;
		GElf_Sym sym = s->sym;
		sym.st_name = (Elf64_Word)off;
		memcpy(strbuf + off, prefix, plen);
		strcpy(strbuf + off + plen, n);
		off += plen + strlen(n) + 1;
		if (!gelf_update_sym(symdata, (int)i, &sym)) {
			ERROR_ELF(obj->name, "cannot rename symbol %zu", i);
			goto out;
		}
	}
	strdata->d_buf = strbuf;
	strdata->d_size = off;
	elf_flagdata(strdata, ELF_C_SET, ELF_F_DIRTY);
	elf_flagdata(symdata, ELF_C_SET, ELF_F_DIRTY);
	changed = 1;
write:
	/* TLS common symbols get a .tbss section (tls/link.c); after the
	 * renaming, which rewrites every symbol from the input's copy. */
	tcommon = tls_convert_common(elf, obj->name, &shstrbuf);
	if (tcommon < 0)
		goto out;
	changed |= tcommon;
	if (changed && elf_update(elf, ELF_C_WRITE) < 0) {
		ERROR_ELF(obj->name, "cannot write the prefixed copy %s", path);
		goto out;
	}
	ret = 0;
out:
	if (elf)
		elf_end(elf);
	free(strbuf);
	free(shstrbuf);
	close(fd);
	return ret;
}

int prefix_objects(struct link *l)
{
	char *dir = xasprintf("%s/ukl-app", l->workdir);

	if (mkdir(dir, 0755)) {
		ERROR_GLIBC(dir, "cannot create");
		free(dir);
		return -1;
	}
	l->app_paths = xcalloc(l->napp, sizeof(*l->app_paths));
	for (size_t i = 0; i < l->napp; i++) {
		struct object *obj = l->app[i];
		const char *base = obj->member ? obj->member : obj->path;
		const char *slash = strrchr(base, '/');
		l->app_paths[i] = xasprintf("%s/%04zu-%s", dir, i,
					    slash ? slash + 1 : base);
		if (prefix_one(l, obj, l->app_paths[i])) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	if (l->rewritten)
		NOTE(NULL, "%ld %s in the application's code", l->rewritten,
		     l->arch->rewrite_what);
	return 0;
}
