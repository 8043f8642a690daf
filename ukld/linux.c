/* SPDX-License-Identifier: MIT */
/*
 * Linux as the kernel (UKL_KF_LINUX in the kernel's note, linux/ukl.patch).
 *
 * The script is Linux's own final linker script (arch/x86/kernel/vmlinux.lds
 * of the build, kept beside the kernel object as vmlinux.lds), instantiated
 * with the application's sections at places Linux maps as they need:
 *   - PHDRS gains `tls PT_TLS`;
 *   - Linux's .text statement stops taking the application's code
 *     (EXCLUDE_FILE), which goes right after it, still before _etext (Linux
 *     maps [_text, _etext) executable and everything after it NX), with the
 *     function table and the program headers' copy (.ukl.ksyms, .ukl.phdrs)
 *     and the unwind tables after it, read-only;
 *   - after Linux's .data: the application's constructor arrays, its TLS
 *     image (.tdata, .tbss: PT_TLS), and its other data and GOT (Linux's
 *     .data takes only `.data`; its .got must stay empty);
 *   - before Linux's .bss: the application's .bss and COMMON (Linux's takes
 *     only `.bss`), inside the image Linux reserves (up to _end);
 *   - the application's notes are discarded (an 8-aligned
 *     .note.gnu.property would move the PVH note QEMU reads), and so is the
 *     kernel's .ukl.exports.
 * Every other input section goes where Linux's own patterns put it (.rodata,
 * .data).  Then the holes every template has are filled by script.c.
 * The anchors are Linux 6.1's; a script without one is refused, naming it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ukl/contract.h"
#include "ukld.h"
#include "verify.h"
#include "warn.h"

#define LOAD_OFFSET "0xffffffff80000000"

static const char app_text[] =
	" .ukl.app.text : AT(ADDR(.ukl.app.text) - " LOAD_OFFSET ") {\n"
	"  __ukl_app_text_start = .;\n"
	"  KEEP(@APP@(SORT_NONE(.init)))\n"
	"  KEEP(@APP@(SORT_NONE(.fini)))\n"
	"  @APP@(.text.unlikely .text.*_unlikely .text.unlikely.*)\n"
	"  @APP@(.text.exit .text.exit.*)\n"
	"  @APP@(.text.startup .text.startup.*)\n"
	"  @APP@(.text.hot .text.hot.*)\n"
	"  @APP@(.text .stub .text.* .gnu.linkonce.t.*)\n"
	"  __ukl_app_text_end = .;\n"
	" } :text =0xcccc\n"
	" .ukl.app.rodata : AT(ADDR(.ukl.app.rodata) - " LOAD_OFFSET ") {\n"
	"  KEEP(@APP@(.eh_frame)) @APP@(.eh_frame.*)\n"
	"  @APP@(.gcc_except_table .gcc_except_table.*)\n"
	" } :text\n"
	" .ukl.ksyms ALIGN(8) : AT(ADDR(.ukl.ksyms) - " LOAD_OFFSET ") {\n"
	"  __ukl_ksyms_start = .;\n"
	"  BYTE(0)\n"
	"  . += @KSYMS_SIZE@ - 1;\n"
	"  __ukl_ksyms_end = .;\n"
	" } :text\n"
	" .ukl.phdrs ALIGN(8) : AT(ADDR(.ukl.phdrs) - " LOAD_OFFSET ") {\n"
	"  __ukl_phdrs = .;\n"
	"  BYTE(0)\n"
	"  . += @PHDRS_SIZE@ - 1;\n"
	" } :text\n";

static const char app_data[] =
	" .ukl.app.init_array ALIGN(8) : AT(ADDR(.ukl.app.init_array) - " LOAD_OFFSET ") {\n"
	"  __ukl_app_init_array_start = .;\n"
	"  __ukl_app_preinit_array_start = .;\n"
	"  KEEP(@APP@(.preinit_array))\n"
	"  __ukl_app_preinit_array_end = .;\n"
	"  KEEP(@APP@(SORT_BY_INIT_PRIORITY(.init_array.*)))\n"
	"  KEEP(@APP@(.init_array))\n"
	"  __ukl_app_init_array_end = .;\n"
	" } :data\n"
	" .ukl.app.fini_array : AT(ADDR(.ukl.app.fini_array) - " LOAD_OFFSET ") {\n"
	"  __ukl_app_fini_array_start = .;\n"
	"  KEEP(@APP@(SORT_BY_INIT_PRIORITY(.fini_array.*)))\n"
	"  KEEP(@APP@(.fini_array))\n"
	"  __ukl_app_fini_array_end = .;\n"
	" } :data\n"
	" .tdata : AT(ADDR(.tdata) - " LOAD_OFFSET ") {\n"
	"  @APP@(.tdata .tdata.* .gnu.linkonce.td.*)\n"
	" } :data :tls\n"
	" .tbss : {\n"
	"  @APP@(.tbss .tbss.* .gnu.linkonce.tb.*)\n"
	"  @APP@(.tcommon)\n"
	" } :data :tls\n"
	" .ukl.app.data : AT(ADDR(.ukl.app.data) - " LOAD_OFFSET ") {\n"
	"  __ukl_app_data_start = .;\n"
	"  @APP@(.data .data.* .gnu.linkonce.d.*)\n"
	"  @APP@(.got .got.plt .igot .igot.plt)\n"
	" } :data\n";

static const char app_bss[] =
	" .ukl.app.bss (NOLOAD) : AT(ADDR(.ukl.app.bss) - " LOAD_OFFSET ") {\n"
	"  @APP@(.bss .bss.* .gnu.linkonce.b.* COMMON)\n"
	" }\n";

static const char discard[] =
	" /DISCARD/ : {\n"
	"  @APP@(.note.GNU-stack .note.gnu.property .note.gnu.build-id .note.ABI-tag)\n"
	"  *(.ukl.exports)\n"
	" }\n";

static const char defs[] =
	"__ukl_image_start = _text;\n"
	"__ukl_image_end = _end;\n"
	"@DEFS@\n";

/* Where ANCHOR starts in S (after FROM), or NULL after an error naming
 * PATH and what was looked for. */
static const char *find(const char *path, const char *s, const char *from,
			const char *anchor, const char *what)
{
	const char *p = strstr(from, anchor);
	if (!p)
		ERROR(path, "not a Linux 6.1 vmlinux.lds ukld can instantiate: no %s ('%s')",
		      what, anchor);
	(void)s;
	return p;
}

char *linux_script_path(const char *kernel)
{
	size_t n = strlen(kernel);
	if (n > 2 && !strcmp(kernel + n - 2, ".o"))
		n -= 2;
	return xasprintf("%.*s.lds", (int)n, kernel);
}

char *linux_template(struct link *l)
{
	char *path = linux_script_path(l->kernel->name);
	char *t = read_text_file(path,
		"Linux's linker script (make linux writes it beside vmlinux.o)");
	char *out = NULL;
	size_t len = 0;
	FILE *m = NULL;
	const char *phdrs, *phdrs_end, *sections, *text, *text_end, *data,
		*data_end, *bss;

	if (!t)
		goto out;
	/* linux/ukl.patch enters the application as exec enters a process. */
	if (l->o->nostdlib) {
		ERROR(l->kernel->name, "Linux starts the application at its libc's _start, as a process: "
		      "link it with its libc (without -nostdlib)");
		free(t);
		t = NULL;
		goto out;
	}
	if (!(phdrs = find(path, t, t, "PHDRS {", "PHDRS")) ||
	    !(phdrs_end = find(path, t, phdrs, "\n}", "end of PHDRS")) ||
	    !(sections = find(path, t, phdrs_end, "SECTIONS\n{\n", "SECTIONS")) ||
	    !(text = find(path, t, sections, " .text : AT(ADDR(.text)", "the .text statement")) ||
	    !(text_end = find(path, t, text, "\n } :text", "the end of .text")) ||
	    !(data = find(path, t, text_end, " .data : AT(ADDR(.data)", "the .data statement")) ||
	    !(data_end = find(path, t, data, "\n } :data\n", "the end of .data")) ||
	    !(bss = find(path, t, data_end, " .bss : AT(ADDR(.bss)", "the .bss statement")))
		goto out;
	text_end = strchr(text_end + 1, '\n') + 1;   /* after "} :text =0xcccc" */
	data_end += strlen("\n } :data\n");
	m = open_memstream(&out, &len);
	fprintf(m, "/* Linux's %s, instantiated by ukld (ukld/linux.c) */\n", path);
	fwrite(t, 1, (size_t)(phdrs_end - t), m);
	fputs("\n tls PT_TLS FLAGS(4);", m);
	fwrite(phdrs_end, 1, (size_t)(sections - phdrs_end) + strlen("SECTIONS\n{\n"), m);
	fputs(discard, m);
	const char *p = sections + strlen("SECTIONS\n{\n");
	fwrite(p, 1, (size_t)(text - p), m);
	/* Linux's .text takes no application code: each of its section
	 * patterns excludes the application's files (EXCLUDE_FILE inside the
	 * parentheses, before each pattern: the form GNU ld and lld share). */
	for (p = text; p < text_end; ) {
		const char *star = strstr(p, "*(");
		if (!star || star >= text_end) {
			fwrite(p, 1, (size_t)(text_end - p), m);
			break;
		}
		fwrite(p, 1, (size_t)(star - p) + 2, m);
		p = star + 2;
		while (*p && *p != ')') {
			size_t sp = strspn(p, " "), w = strcspn(p + sp, " ()");
			if (p[sp + w] == '(') {
				ERROR(path, "Linux's .text statement has a pattern ukld cannot exclude the application from: '%.*s('",
				      (int)w, p + sp);
				goto fail;
			}
			fwrite(p, 1, sp, m);
			if (w)
				fprintf(m, "EXCLUDE_FILE(@APP@) %.*s", (int)w, p + sp);
			p += sp + w;
		}
	}
	fputs(app_text, m);
	fwrite(text_end, 1, (size_t)(data_end - text_end), m);
	fputs(app_data, m);
	fwrite(data_end, 1, (size_t)(bss - data_end), m);
	fputs(app_bss, m);
	fputs(bss, m);
	fputs(defs, m);
	if (fclose(m)) {
		ERROR_GLIBC(NULL, "cannot instantiate Linux's linker script");
		free(out);
		out = NULL;
	}
	goto out;
fail:
	fclose(m);
	free(out);
	out = NULL;
out:
	free(t);
	free(path);
	return out;
}

bool verify_linux(const struct verify_ctx *v)
{
	return v->has_kernel_note && (v->kernel_flags & UKL_KF_LINUX);
}

/* The PT_LOAD holding virtual address ADDR, or NULL. */
static const GElf_Phdr *segment_of(const struct verify_ctx *v, uint64_t addr)
{
	for (size_t i = 0; i < v->nph; i++) {
		const GElf_Phdr *p = &v->ph[i];
		if (p->p_type == PT_LOAD && addr >= p->p_vaddr && addr - p->p_vaddr < p->p_memsz)
			return p;
	}
	return NULL;
}

/* Linux is entered at startup_64 (e_entry is its physical address,
 * phys_startup_64; QEMU's PVH boot uses the note, pvh-note checks it);
 * the patch's start code enters __ukl_app_entry, which must be the
 * application's code. */
int linux_verify_entry(struct verify_ctx *v)
{
	uint64_t phys, virt, app;
	const GElf_Phdr *p;

	if (!image_symbol(&v->im, "phys_startup_64", &phys) ||
	    !image_symbol(&v->im, "startup_64", &virt)) {
		verify_say(v, "phys_startup_64 or startup_64 is not defined: not a Linux image");
		return -1;
	}
	if (v->im.ehdr.e_entry != phys) {
		verify_say(v, "e_entry is %#lx, not Linux's phys_startup_64 (%#lx)",
			   (unsigned long)v->im.ehdr.e_entry, (unsigned long)phys);
		return -1;
	}
	if (!(p = segment_of(v, virt)) || !(p->p_flags & PF_X)) {
		verify_say(v, "startup_64 (%#lx) is not in an executable segment", (unsigned long)virt);
		return -1;
	}
	if (!image_symbol(&v->im, "__ukl_app_entry", &app)) {
		verify_say(v, "__ukl_app_entry is not defined: Linux cannot start the application");
		return -1;
	}
	if (!v->has_app_text || app < v->app_text_lo || app >= v->app_text_hi) {
		verify_say(v, "__ukl_app_entry (%#lx) is not in the application's code", (unsigned long)app);
		return -1;
	}
	verify_say(v, "e_entry is Linux's phys_startup_64; __ukl_app_entry is in the application's code");
	return 0;
}

/* W^X as Linux maps the image: [_text, _etext) executable and read-only,
 * everything after it non-executable once booted (mark_rodata_ro(),
 * free_initmem()).  Its own script makes one segment writable and
 * executable, the one starting with the init code (.init.text, freed after
 * boot; what follows it is mapped NX).  So: the application's code is
 * inside [_text, _etext) in a segment that is not writable, and no other
 * segment than Linux's init one is both. */
int linux_verify_wx(struct verify_ctx *v)
{
	uint64_t text, etext, init;
	const GElf_Phdr *p;

	if (!image_symbol(&v->im, "_text", &text) || !image_symbol(&v->im, "_etext", &etext) ||
	    !image_symbol(&v->im, "__init_begin", &init)) {
		verify_say(v, "_text, _etext or __init_begin is not defined: not a Linux image");
		return -1;
	}
	for (size_t i = 0; i < v->nph; i++) {
		p = &v->ph[i];
		if (p->p_type != PT_LOAD || !(p->p_flags & PF_W) || !(p->p_flags & PF_X))
			continue;
		if (!(init >= p->p_vaddr && init - p->p_vaddr < p->p_memsz && init < p->p_vaddr + 4096)) {
			verify_say(v, "segment %zu at %#lx is writable and executable and is not Linux's init segment",
				   i, (unsigned long)p->p_vaddr);
			return -1;
		}
	}
	if (!v->has_app_text || v->app_text_lo < text || v->app_text_hi > etext) {
		verify_say(v, "the application's code is not inside [_text, _etext), which Linux maps executable");
		return -1;
	}
	if (v->app_text_hi > v->app_text_lo &&
	    (!(p = segment_of(v, v->app_text_lo)) || (p->p_flags & PF_W) || !(p->p_flags & PF_X))) {
		verify_say(v, "the application's code is not in a read-only executable segment");
		return -1;
	}
	verify_say(v, "the application's code is in [_text, _etext), read-only; only Linux's init segment "
		   "(freed after boot) is writable and executable");
	return 0;
}

/* Add to M every name Linux's script beside the kernel object KERNEL
 * assigns (`_text = .;`, `jiffies = jiffies_64;`): they are the image's
 * without being the kernel object's.  Returns the buffer the names live in
 * (free it after M), NULL if there is no such script (the runtime's
 * kernel). */
char *linux_script_names(const char *kernel, struct symmap *m)
{
	char *path = linux_script_path(kernel);
	FILE *f = fopen(path, "r");
	char *t = NULL;
	size_t len = 0;

	free(path);
	if (!f)
		return NULL;
	FILE *mem = open_memstream(&t, &len);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)))
		fwrite(chunk, 1, n, mem);
	fclose(f);
	fclose(mem);
	/* Each name is cut out of the text in place: a NUL where it ends,
	 * which is at or before the '=' being looked at. */
	for (char *p = t; (p = strchr(p, '=')); p++) {
		if (p[1] == '=' || (p > t && strchr("=<>!", p[-1])))
			continue;
		char *e = p;
		while (e > t && e[-1] == ' ')
			e--;
		char *b = e;
		while (b > t && (isalnum((unsigned char)b[-1]) || strchr("_.$", b[-1])))
			b--;
		if (e > b && !(e - b == 1 && *b == '.')) {
			*e = '\0';
			symmap_get(m, b, true);
		}
	}
	return t;
}
