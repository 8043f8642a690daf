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
#include <ukl/contract.h>
#include <ukl/drivers.h>
#include <ukl/elf.h>
#include <ukl/ksyms.h>
#include <ukl/mm.h>
#include <ukl/net.h>
#include <ukl/proc.h>
#include <ukl/random.h>
#include <ctors/runtime.h>
#include <tls/runtime.h>

#define MAX_ARGS 64
#define CLK_TCK 100

extern char __ukl_app_entry[], __ukl_app_mode[];

static const char *const envp_fixed[] = { "HOME=/", "PATH=/bin", "TERM=dumb" };

struct start {
	int argc;
	char **argv, **envp;
};

/* Split the command line into words (no quoting, as Linux's init args). */
static int split_cmdline(const char *s, char *buf, size_t size, char **words, int max)
{
	int n = 0;
	size_t used = 0;

	while (*s && n < max) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		const char *w = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
		/* The kernel's own words (ukl.*, microvm's virtio_mmio.device=,
		 * the network's ip=) are not the program's arguments. */
		if (cmdline_kernel_word(w, (size_t)(s - w)) || net_cmdline_word(w))
			continue;
		words[n++] = buf + used;
		for (; w < s && used + 1 < size; w++)
			buf[used++] = *w;
		buf[used++] = 0;
		if (used >= size)
			break;
	}
	return n;
}

/* Copy a string below sp, returning its address. */
static char *push_str(uintptr_t *sp, const char *s)
{
	size_t n = strlen(s) + 1;
	*sp -= n;
	return memcpy((char *)*sp, s, n);
}

static uintptr_t build_stack(const struct boot_info *bi, struct start *st)
{
	static char words_buf[4096];
	const char *args[MAX_ARGS];
	char *words[MAX_ARGS - 1];
	const char *name = ksyms_app_name();
	int argc = 0;

	args[argc++] = name ? name : "app";
	int nw = split_cmdline(bi->cmdline, words_buf, sizeof(words_buf), words, MAX_ARGS - 1);
	for (int i = 0; i < nw; i++)
		args[argc++] = words[i];

	uintptr_t sp = VM_STACK_TOP;
	char *argv_s[MAX_ARGS], *envp_s[ARRAY_SIZE(envp_fixed)];
	/* Strings first; AT_EXECFN and AT_PLATFORM at the very top as Linux. */
	char *execfn = push_str(&sp, args[0]);
	char *platform = push_str(&sp, arch_machine);
	for (int i = argc - 1; i >= 0; i--)
		argv_s[i] = push_str(&sp, args[i]);
	for (int i = (int)ARRAY_SIZE(envp_fixed) - 1; i >= 0; i--)
		envp_s[i] = push_str(&sp, envp_fixed[i]);
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
	size_t nenv = ARRAY_SIZE(envp_fixed);
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

void proc_start(const struct boot_info *bi)
{
	static struct start st;
	uintptr_t sp = build_stack(bi, &st);
	uintptr_t mode = absolute(__ukl_app_mode);

	if (mode == UKL_APP_MODE_LIBC)
		arch_enter_app((uintptr_t)__ukl_app_entry, sp);
	if (mode != UKL_APP_MODE_BARE)
		panic("proc: unknown application mode %lu", (unsigned long)mode);
	tls_init(image_phdrs(), image_phnum());
	/* main's frame goes below argc, like a _start calling main. */
	arch_call_on_stack(run_bare, &st, sp);
}
