/* SPDX-License-Identifier: MIT */
/*
 * Starting the application like a process.  The stack gets exactly what
 * Linux puts on the stack of a static ELF executable (fs/binfmt_elf.c,
 * create_elf_tables), from the top down:
 *   strings: argv[], envp[], AT_EXECFN, AT_PLATFORM; 16 AT_RANDOM bytes;
 *   (16-byte aligned) auxv pairs ending in AT_NULL, envp[] + NULL,
 *   argv[] + NULL, argc  <- %rsp
 * argv[0] is the name ukld recorded, the other arguments are the words of
 * the boot command line.
 * Then, by __ukl_app_mode (contract.h): a libc's _start is entered with %rsp
 * at argc (it does the rest itself); a bare program gets its TLS and
 * constructors from the runtime and main() is called on that stack.
 */
#include <ukl/arch.h>
#include <ukl/boot.h>
#include <ukl/cmdline.h>
#include <ukl/contract.h>
#include <ukl/elf.h>
#include <ukl/ksyms.h>
#include <ukl/mm.h>
#include <ukl/proc.h>
#include <ukl/random.h>
#include <ctors/runtime.h>
#include <tls/runtime.h>

#define MAX_ARGS (CMDLINE_MAX_WORDS + 1)
#define MAX_ENV (CMDLINE_MAX_WORDS + 3)
#define CLK_TCK 100

extern char __ukl_app_entry[], __ukl_app_mode[];

static const char *const envp_fixed[] = { "HOME=/", "PATH=/bin", "TERM=dumb" };

struct start {
	int argc;
	char **argv, **envp;
};

/* Copy a string below sp, returning its address. */
static char *push_str(uintptr_t *sp, const char *s)
{
	size_t n = strlen(s) + 1;
	*sp -= n;
	return memcpy((char *)*sp, s, n);
}

/* The environment: the fixed variables, then the command line's ukl.env=
 * ones, a later NAME replacing an earlier one. */
static size_t build_env(const struct cmdline *cl, const char **env)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(envp_fixed); i++)
		env[n++] = envp_fixed[i];
	for (int i = 0; i < cl->envc; i++) {
		const char *v = cl->envp[i];
		size_t name = strchrnul(v, '=') - v, j;
		for (j = 0; j < n; j++)
			if (!strncmp(env[j], v, name) && env[j][name] == '=')
				break;
		env[j] = v;
		if (j == n)
			n++;
	}
	return n;
}

static uintptr_t build_stack(struct start *st)
{
	const struct cmdline *cl = cmdline_get();
	const char *args[MAX_ARGS], *env[MAX_ENV];
	const char *name = ksyms_app_name();
	int argc = 0;

	args[argc++] = name ? name : "app";
	for (int i = 0; i < cl->argc; i++)
		args[argc++] = cl->argv[i];
	size_t nenv = build_env(cl, env);

	uintptr_t sp = VM_STACK_TOP;
	char *argv_s[MAX_ARGS], *envp_s[MAX_ENV];
	/* Strings first; AT_EXECFN and AT_PLATFORM at the very top as Linux. */
	char *execfn = push_str(&sp, args[0]);
	char *platform = push_str(&sp, arch_machine);
	for (int i = argc - 1; i >= 0; i--)
		argv_s[i] = push_str(&sp, args[i]);
	for (int i = (int)nenv - 1; i >= 0; i--)
		envp_s[i] = push_str(&sp, env[i]);
	sp = ALIGN_DOWN(sp, 16) - 16;
	uint8_t *rnd = (uint8_t *)sp;
	random_bytes(rnd, 16);

	unsigned long auxv[][2] = {
		{ AT_PHDR, (uintptr_t)image_phdrs() },
		{ AT_PHENT, sizeof(Elf64_Phdr) },
		{ AT_PHNUM, image_phnum() },
		{ AT_PAGESZ, PAGE_SIZE },
		{ AT_ENTRY, (uintptr_t)__ukl_app_entry },
		{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
		{ AT_SECURE, 0 },
		{ AT_CLKTCK, CLK_TCK },
		{ AT_HWCAP, arch_hwcap() },
		{ AT_PLATFORM, (uintptr_t)platform },
		{ AT_RANDOM, (uintptr_t)rnd },
		{ AT_EXECFN, (uintptr_t)execfn },
		{ AT_NULL, 0 },
	};
	size_t words_n = 1 + (size_t)argc + 1 + nenv + 1 + 2 * ARRAY_SIZE(auxv);
	/* %rsp (at argc) must be 16-byte aligned, as the ABI's process entry. */
	sp = ALIGN_DOWN(sp - words_n * 8, 16);

	unsigned long *p = (unsigned long *)sp;
	*p++ = (unsigned long)argc;
	st->argc = argc;
	st->argv = (char **)p;
	for (int i = 0; i < argc; i++)
		*p++ = (uintptr_t)argv_s[i];
	*p++ = 0;
	st->envp = (char **)p;
	for (size_t i = 0; i < nenv; i++)
		*p++ = (uintptr_t)envp_s[i];
	*p++ = 0;
	memcpy(p, auxv, sizeof(auxv));
	return sp;
}

/* On the application stack: a bare program's whole life. */
static __noreturn void run_bare(void *arg)
{
	struct start *st = arg;
	int (*main_fn)(int, char **, char **) = (void *)__ukl_app_entry;

	ctors_run_init(st->argc, st->argv, st->envp);
	int status = main_fn(st->argc, st->argv, st->envp);
	ctors_run_fini();
	arch_exit(status);
}

/* The value of an absolute symbol.  The empty asm hides from gcc that it
 * is the address of an object, which gcc would assume is never 0. */
static uintptr_t absolute(const char *sym)
{
	uintptr_t v = (uintptr_t)sym;
	__asm__("" : "+r"(v));
	return v;
}

void proc_start(void)
{
	static struct start st;
	uintptr_t sp = build_stack(&st);
	uintptr_t mode = absolute(__ukl_app_mode);

	if (mode == UKL_APP_MODE_LIBC)
		arch_enter_app((uintptr_t)__ukl_app_entry, sp);
	if (mode != UKL_APP_MODE_BARE)
		panic("proc: unknown application mode %lu", (unsigned long)mode);
	tls_init(image_phdrs(), image_phnum());
	/* main's frame goes below argc, like a _start calling main. */
	arch_call_on_stack(run_bare, &st, sp);
}
