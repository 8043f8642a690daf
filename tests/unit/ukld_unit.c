/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of ukld's passes, run by tests/unit/ukld.sh with objects it
 * compiles: argv[1] is a directory holding main.o, lib.a, kernel.o.
 * Prints PASS/FAIL lines.
 */
#include <stdlib.h>
#include <string.h>

#include "ukld.h"
#include "warn.h"

const char *ukld_progname = "ukld-unit";
int ukld_verbose;
static int failures;

#define T(name, cond) do { \
	if (cond) printf("PASS %s\n", name); \
	else { printf("FAIL %s (%s:%d: %s)\n", name, __FILE__, __LINE__, #cond); failures++; } \
} while (0)

static void test_symmap(void)
{
	struct symmap m = { 0 };
	char *names[5000];
	for (int i = 0; i < 5000; i++) {
		names[i] = xasprintf("sym%d", i);
		symmap_get(&m, names[i], true)->strong_ref = i & 1;
	}
	int ok = m.count == 5000;
	for (int i = 0; i < 5000; i++) {
		struct gsym *g = symmap_get(&m, names[i], false);
		ok &= g && g->strong_ref == (i & 1) && !strcmp(g->name, names[i]);
	}
	T("symmap: 5000 names inserted and found", ok);
	T("symmap: absent name not found", !symmap_get(&m, "nope", false));
}

static void test_names(void)
{
	T("never prefixed: _GLOBAL_OFFSET_TABLE_", never_prefixed("_GLOBAL_OFFSET_TABLE_"));
	T("never prefixed: __ehdr_start", never_prefixed("__ehdr_start"));
	T("prefixed: main", !never_prefixed("main"));
	/* The application's init array starts after the preinit entries,
	 * as in any static link; the libc's own name for it is the head. */
	T("linker-defined: __init_array_start",
	  linker_defined("__init_array_start") &&
	  !strcmp(linker_defined("__init_array_start"), "__ukl_app_preinit_array_end"));
	T("linker-defined: __preinit_array_start",
	  !strcmp(linker_defined("__preinit_array_start"), "__ukl_app_preinit_array_start"));
	T("linker-defined: the libc's __init_array_start is the head",
	  !strcmp(linker_defined(LIBC_INIT_ARRAY_START), "__ukl_app_init_array_start"));
	T("linker-defined: __fini_array_end",
	  !strcmp(linker_defined("__fini_array_end"), "__ukl_app_fini_array_end"));
	T("linker-defined: _DYNAMIC is 0", !strcmp(linker_defined("_DYNAMIC"), "0"));
	T("linker-defined: __start_SEC kept", !strcmp(linker_defined("__start_foo"), "__start_foo"));
	T("not linker-defined: printf", !linker_defined("printf"));
}

static struct gsym *g(struct link *l, const char *n)
{
	return symmap_get(&l->syms, n, false);
}

static void test_resolve(const char *dir)
{
	struct opts o = { .prefix = "ukl_", .machine = EM_X86_64, .nostdlib = true,
			  .entry = "main" };
	const char *in[] = { xasprintf("%s/main.o", dir), xasprintf("%s/lib.a", dir),
			     xasprintf("%s/kernel.o", dir) };
	o.inputs = in;
	o.ninputs = 3;
	struct link l = { .o = &o };
	T("load: three inputs", load_inputs(&l) == 0 && l.ninputs == 3);
	T("kernel: found by its note", find_kernel(&l) == 0 && l.kernel &&
	  strstr(l.kernel->name, "kernel.o"));
	T("kernel: export read", g(&l, "kexported") && g(&l, "kexported")->kernel_export);
	T("kernel: unexported not an export", g(&l, "khidden") && !g(&l, "khidden")->kernel_export);
	int r = resolve(&l);
	T("resolve: succeeds", r == 0);
	int has_used = 0, has_unused = 0, has_weakonly = 0;
	for (size_t i = 0; i < l.napp; i++) {
		has_used |= l.app[i]->member && !strcmp(l.app[i]->member, "used.o");
		has_unused |= l.app[i]->member && !strcmp(l.app[i]->member, "unused.o");
		has_weakonly |= l.app[i]->member && !strcmp(l.app[i]->member, "weakonly.o");
	}
	T("resolve: member defining a needed name pulled", has_used);
	T("resolve: member nobody needs not pulled", !has_unused);
	T("resolve: weak reference pulls nothing", !has_weakonly);
	T("resolve: main.o first in link order", l.napp && !l.app[0]->member);
	T("resolve: kernel export bound, name kept", g(&l, "kexported")->keep_name);
	T("resolve: linker-defined name defined by the script",
	  g(&l, "__init_array_start") && g(&l, "__init_array_start")->script_def);
	T("resolve: unresolved weak reference is 0",
	  g(&l, "weak_maybe") && !strcmp(g(&l, "weak_maybe")->script_def, "0"));
	T("resolve: app definition chosen over nothing", g(&l, "used_fn")->def != NULL);
}

static void test_unresolved(const char *dir)
{
	struct opts o = { .prefix = "ukl_", .machine = EM_X86_64, .nostdlib = true };
	const char *in[] = { xasprintf("%s/needs_hidden.o", dir), xasprintf("%s/kernel.o", dir) };
	o.inputs = in;
	o.ninputs = 2;
	o.entry = "needs_hidden";
	struct link l = { .o = &o };
	int r = load_inputs(&l) || find_kernel(&l) || resolve(&l);
	T("resolve: unexported kernel name is an error", r != 0);
}

static void test_bad_inputs(const char *dir)
{
	static const char *bad[] = { "truncated.o", "trunc-sections.o", "garbage.o",
				     "empty.a", "trunc.a", "i386.o", "exec", "empty" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *p = xasprintf("%s/%s", dir, bad[i]);
		char *name = xasprintf("input: %s refused", bad[i]);
		struct input *in = input_open(p, EM_X86_64);
		T(name, in == NULL);
		input_close(in);
	}
}

/* --allow-red-zone needs a kernel that declares its app stack safe; the
 * test kernel's note (flags 1) does not. */
static void test_allow_red_zone(const char *dir)
{
	struct opts o = { .prefix = "ukl_", .machine = EM_X86_64, .nostdlib = true,
			  .allow_red_zone = true };
	const char *in[] = { xasprintf("%s/main.o", dir), xasprintf("%s/kernel.o", dir) };
	o.inputs = in;
	o.ninputs = 2;
	struct link l = { .o = &o };
	T("kernel: --allow-red-zone refused without UKL_KF_APP_STACK_SAFE",
	  load_inputs(&l) == 0 && find_kernel(&l) != 0);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	elf_version(EV_CURRENT);
	test_symmap();
	test_names();
	test_resolve(argv[1]);
	test_unresolved(argv[1]);
	test_bad_inputs(argv[1]);
	test_allow_red_zone(argv[1]);
	return failures ? 1 : 0;
}
