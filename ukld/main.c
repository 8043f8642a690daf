/* SPDX-License-Identifier: MIT */
/*
 * ukld: link an application (objects, archives, its libc) into a kernel
 * object, so that the application runs as a unikernel.
 *
 *   ukld [options] app.a vmlinux.o -o vmlinux
 *   ukld check INPUT...
 *
 * ukld_link() runs the pipeline: passes[], a list of named, timed passes.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <ftw.h>

#include "check.h"
#include "ukld.h"
#include "verify.h"
#include "warn.h"

const char *ukld_progname = "ukld";
int ukld_verbose;

static void usage(FILE *f)
{
	fprintf(f,
"usage: ukld [options] INPUT... -o IMAGE [--image FLAT]\n"
"       ukld check [--allow-red-zone] [--format=json] INPUT...\n"
"       ukld verify [--kernel FILE] IMAGE...\n"
"       ukld image -o FLAT IMAGE\n"
"\n"
"Links an application (objects and archives built with ukl-cc, and its libc)\n"
"into the kernel object among the INPUTs, prefixing every application symbol.\n"
"\n"
"  -o FILE            the image to write (written only if the link succeeds)\n"
"  --image FILE       riscv64: also the flat Image (QEMU -kernel, U-Boot booti)\n"
"  --kernel FILE      the kernel object (default: the input carrying the UKL note)\n"
"  --prefix P         prefix for application symbols (default ukl_)\n"
"  --entry SYM        application entry (default _start; main with -nostdlib)\n"
"  --sysroot DIR      libc sysroot (default: the one built beside ukld)\n"
"  -nostdlib          link no libc; the kernel runs the constructors and main\n"
"  -L DIR, -lNAME     library search, as with ld\n"
"  --linker=bfd|lld   link back end: GNU ld (default) or LLVM lld\n"
"  --ld-path PROG     the linker program to run\n"
"  --script FILE      linker script template instead of the built-in one\n"
"  --print-script     print the instantiated linker script and stop\n"
"  --name NAME        the application's argv[0] (default: the image's name)\n"
"  --allow-red-zone   accept red-zone use (kernel never interrupts app code)\n"
"  --no-check         do not check the inputs' compile flags\n"
"  --no-verify        do not verify the image (ukld verify) before writing it\n"
"  --save-temps       keep the work directory (prefixed objects, script)\n"
"  -v, --verbose      say what each pass does\n"
"  -h, --help         this text\n");
}

/* Default sysroot: build/bin/ukld -> build/<arch>/sysroot. */
static char *default_sysroot(const char *arch)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return NULL;
	self[n] = '\0';
	char *p = xasprintf("%s/../%s/sysroot", dirname(self), arch);
	if (access(p, R_OK)) {
		free(p);
		return NULL;
	}
	return p;
}

static int opts_valid(struct opts *o)
{
	if (!o->output && !o->print_script) {
		ERROR(NULL, "no output: give -o IMAGE");
		return -1;
	}
	if (!o->ninputs) {
		ERROR(NULL, "no inputs: give the application's objects or archives and the kernel object");
		return -1;
	}
	if (!*o->prefix || strlen(o->prefix) >= 32 ||
	    strspn(o->prefix, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$")
	    != strlen(o->prefix)) {
		ERROR(NULL, "--prefix '%s': give 1 to 31 identifier characters", o->prefix);
		return -1;
	}
	if (o->output && output_path_valid(o->output, "-o", "image", o->inputs, o->ninputs))
		return -1;
	if (o->output && o->kernel &&
	    output_path_valid(o->output, "-o", "image", &o->kernel, 1))
		return -1;
	if (o->image) {
		if (output_path_valid(o->image, "--image", "flat image", o->inputs, o->ninputs) ||
		    (o->kernel && output_path_valid(o->image, "--image", "flat image", &o->kernel, 1)))
			return -1;
		if (o->output && outputs_same(o->image, o->output)) {
			ERROR(o->image, "is also -o: give the ELF and the flat image different names");
			return -1;
		}
	}
	if (!o->entry)
		o->entry = o->nostdlib ? "main" : "_start";
	return 0;
}

/*
 * The target is the kernel's: the --kernel object, or the input carrying
 * the UKL note (find_kernel() checks that again, and that there is one).
 * The libc's default sysroot is the target's.
 */
int pick_arch(struct link *l)
{
	struct opts *o = l->o;
	unsigned machine = 0;
	const char *from = NULL;

	if (o->kernel) {
		machine = kernel_machine(o->kernel);
		from = o->kernel;
	}
	for (size_t i = 0; !machine && i < o->ninputs; i++)
		if (strncmp(o->inputs[i], "-l", 2) &&
		    (machine = kernel_machine(o->inputs[i])))
			from = o->inputs[i];
	if (machine) {
		l->arch = arch_for_machine(machine);
		if (!l->arch) {
			ERROR(from, "a kernel for %s (e_machine %u): ukld links for x86_64 and riscv64",
			      machine_name(machine), machine);
			return -1;
		}
		o->machine = machine;
		VERBOSE("target %s, from the kernel %s", l->arch->name, from);
		/* Refused before any work: a flat copy of an x86_64 image would
		 * lose the PVH note QEMU boots it by. */
		if (o->image && !l->arch->flat_check) {
			ERROR(o->image, "--image: %s has no flat image (QEMU boots its ELF through the PVH note); give only -o",
			      l->arch->name);
			return -1;
		}
	}
	if (!o->nostdlib && !o->sysroot && l->arch) {
		o->sysroot = default_sysroot(l->arch->name);
		if (!o->sysroot) {
			ERROR(NULL, "no %s libc sysroot found beside ukld (build/%s/sysroot): give --sysroot DIR, or -nostdlib",
			      l->arch->name, l->arch->name);
			return -1;
		}
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { O_KERNEL = 256, O_PREFIX, O_ENTRY, O_SYSROOT, O_SCRIPT, O_PRINT,
	       O_NAME, O_LINKER, O_LDPATH, O_SAVE, O_NOCHECK, O_REDZONE,
	       O_NOSTDLIB, O_NOVERIFY, O_IMAGE };
	static const struct option longopts[] = {
		{ "kernel", required_argument, 0, O_KERNEL },
		{ "prefix", required_argument, 0, O_PREFIX },
		{ "entry", required_argument, 0, O_ENTRY },
		{ "sysroot", required_argument, 0, O_SYSROOT },
		{ "script", required_argument, 0, O_SCRIPT },
		{ "print-script", no_argument, 0, O_PRINT },
		{ "image", required_argument, 0, O_IMAGE },
		{ "name", required_argument, 0, O_NAME },
		{ "linker", required_argument, 0, O_LINKER },
		{ "ld-path", required_argument, 0, O_LDPATH },
		{ "save-temps", no_argument, 0, O_SAVE },
		{ "no-check", no_argument, 0, O_NOCHECK },
		{ "allow-red-zone", no_argument, 0, O_REDZONE },
		{ "no-verify", no_argument, 0, O_NOVERIFY },
		{ "nostdlib", no_argument, 0, O_NOSTDLIB },
		{ "verbose", no_argument, 0, 'v' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 }
	};
	int c;

	o->prefix = "ukl_";
	o->inputs = calloc((size_t)argc, sizeof(*o->inputs));
	o->libdirs = calloc((size_t)argc, sizeof(*o->libdirs));
	/* `-nostdlib` is spelt with one dash, as for the compiler. */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-nostdlib"))
			argv[i] = "--nostdlib";
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-o:l:L:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 1:   o->inputs[o->ninputs++] = optarg; break;
		case 'l': o->inputs[o->ninputs++] = xasprintf("-l%s", optarg); break;
		case 'L': o->libdirs[o->nlibdirs++] = optarg; break;
		case 'o': o->output = optarg; break;
		case O_IMAGE: o->image = optarg; break;
		case 'v': ukld_verbose = 1; break;
		case 'h': usage(stdout); exit(0);
		case O_KERNEL: o->kernel = optarg; break;
		case O_PREFIX: o->prefix = optarg; break;
		case O_ENTRY: o->entry = optarg; break;
		case O_SYSROOT: o->sysroot = optarg; break;
		case O_SCRIPT: o->script_template = optarg; break;
		case O_PRINT: o->print_script = true; break;
		case O_NAME: o->app_name = optarg; break;
		case O_LDPATH: o->ld_path = optarg; break;
		case O_SAVE: o->save_temps = true; break;
		case O_NOCHECK: o->no_check = true; break;
		case O_NOVERIFY: o->no_verify = true; break;
		case O_REDZONE: o->allow_red_zone = true; break;
		case O_NOSTDLIB: o->nostdlib = true; break;
		case O_LINKER:
			if (!strcmp(optarg, "bfd") || !strcmp(optarg, "gnu"))
				o->linker = LINKER_BFD;
			else if (!strcmp(optarg, "lld"))
				o->linker = LINKER_LLD;
			else {
				ERROR(NULL, "--linker=%s: choose bfd (GNU ld) or lld", optarg);
				return -1;
			}
			break;
		case '?':
		default:
			/* A long option's optopt is its O_* value, no character. */
			if (optopt >= 256)
				ERROR(NULL, "option '%s' needs an argument (see --help)", argv[optind - 1]);
			else if (optopt)
				ERROR(NULL, "option -%c needs an argument or is unknown (see --help)", optopt);
			else
				ERROR(NULL, "unknown option '%s' (see --help)", argv[optind - 1]);
			return -1;
		}
	}
	return opts_valid(o);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void cleanup(struct link *l)
{
	check_wait(l);   /* a failed link still lets the check finish its say */
	if (l->workdir) {
		if (l->o->save_temps)
			NOTE(NULL, "work directory kept: %s", l->workdir);
		else
			nftw(l->workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		tmp_forget(l->workdir);
	}
	for (size_t i = 0; i < l->ninputs; i++)
		input_close(l->inputs[i]);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the passes that are not a call into another file ---- */

/* Prove every linked object was built for the kernel: beside the next
 * passes, in a child (check_start()), or first when only the script is
 * wanted. */
static int pass_check(struct link *l)
{
	return l->o->print_script ? check_inputs(l) : check_start(l);
}

/* --print-script: the instantiated script on stdout; the link stops
 * there. */
static int pass_print_script(struct link *l)
{
	return write_script(l, stdout);
}

/* The work directory, removed by the watchdog if ukld ends before
 * cleanup() (a signal), unless the user asked to keep it. */
static int pass_workdir(struct link *l)
{
	const char *tmpdir = getenv("TMPDIR");
	l->workdir = xasprintf("%s/ukld-XXXXXX", tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(l->workdir)) {
		ERROR_GLIBC(l->workdir, "cannot create the work directory");
		free(l->workdir);
		l->workdir = NULL;
		return -1;
	}
	if (!l->o->save_temps)
		tmp_register(l->workdir, true);
	return 0;
}

/* The linker script for this application, with the system call table and
 * the function table's room, which take the reachability of --gc-sections
 * (systable.c, gcmark.c); written again for a relink. */
static int script_file(struct link *l)
{
	if (!l->script_path)
		l->script_path = xasprintf("%s/ukld.lds", l->workdir);
	FILE *f = fopen(l->script_path, "w");
	if (!f) {
		ERROR_GLIBC(l->script_path, "cannot create");
		return -1;
	}
	int ret = write_script(l, f);
	if (fclose(f) && !ret) {
		ERROR_GLIBC(l->script_path, "cannot write");
		ret = -1;
	}
	return ret;
}

/* Fill the function table the kernel names faults with; if the linker
 * kept more functions than the script made room for, link once more with
 * the room they need. */
static int pass_ksyms(struct link *l)
{
	int r = patch_ksyms(l);
	if (r <= 0)
		return r ? -1 : 0;
	double t0 = now();
	l->ksyms_retry = true;
	if (script_file(l) || run_linker(l))
		return -1;
	VERBOSE("pass %-10s %7.2f ms", "relink", (now() - t0) * 1e3);
	return patch_ksyms(l) ? -1 : 0;
}

static int pass_tls(struct link *l)
{
	return tls_check_image(l->tmp_output);
}

static int pass_ctors(struct link *l)
{
	return ctors_check_image(l->tmp_output);
}

/* Every invariant of a bootable image (ukld verify), quietly. */
static int pass_verify(struct link *l)
{
	struct verify_opts vo = { .name = l->o->output, .kernel = l->kernel,
				  .quiet = true };
	return verify_image(l->tmp_output, &vo);
}

/* When a pass runs. */
enum {
	P_ALL = 0,
	P_CHECK = 1 << 0,    /* not with --no-check */
	P_VERIFY = 1 << 1,   /* not with --no-verify */
	P_PRINT = 1 << 2,    /* only with --print-script, the last pass then */
	P_IMAGE = 1 << 3,    /* only with --image */
};

/*
 * The pipeline, in order.  A pass returns 0 to go on, or non-zero after
 * printing what went wrong: the link stops and nothing is written.  `-v`
 * prints each one's time.
 */
static const struct pass {
	const char *name;
	int (*run)(struct link *l);
	unsigned when;
} passes[] = {
	/* The target: the kernel object's machine. */
	{ "arch",       pick_arch,         P_ALL },
	/* Read the inputs: the objects, the archives, the default libc. */
	{ "load",       load_inputs,       P_ALL },
	/* Tell the kernel from the application by the note it carries. */
	{ "kernel",     find_kernel,       P_ALL },
	/* Pull archive members from the entry; bind the rest to kernel exports. */
	{ "resolve",    resolve,           P_ALL },
	/* What the program can call that the kernel does not implement. */
	{ "syscalls",   syscalls_warn,     P_ALL },
	{ "check",      pass_check,        P_CHECK },
	{ "script",     pass_print_script, P_PRINT },
	{ "workdir",    pass_workdir,      P_ALL },
	/* The application objects with their names prefixed. */
	{ "prefix",     prefix_objects,    P_ALL },
	/* A stub for each direct system call the kernel does not export. */
	{ "sysstubs",   sys_stubs_write,   P_ALL },
	{ "script",     script_file,       P_ALL },
	/* GNU ld or lld, into a temporary file beside the output. */
	{ "link",       run_linker,        P_ALL },
	{ "ksyms",      pass_ksyms,        P_ALL },
	/* riscv64: the program headers' copy, the ELF header is not loaded. */
	{ "phdrs",      patch_phdrs,       P_ALL },
	/* PT_TLS must be what the linker used for thread-pointer offsets. */
	{ "tls",        pass_tls,          P_ALL },
	/* The application's constructor arrays must point into its code. */
	{ "ctors",      pass_ctors,        P_ALL },
	{ "verify",     pass_verify,       P_VERIFY },
	/* The check's verdict (it ran beside the passes since resolve): no
	 * image from refused inputs. */
	{ "check-wait", check_wait,        P_ALL },
	/* riscv64 --image: the loaded bytes as one flat Image. */
	{ "image",      write_flat_image,  P_IMAGE },
	/* Only now does the image take the output's name. */
	{ "output",     finish_output,     P_ALL },
};

static bool pass_wanted(const struct pass *p, const struct opts *o)
{
	return !((p->when & P_CHECK) && o->no_check) &&
	       !((p->when & P_VERIFY) && o->no_verify) &&
	       !((p->when & P_PRINT) && !o->print_script) &&
	       !((p->when & P_IMAGE) && !o->image);
}

static int ukld_link(struct opts *o)
{
	struct link l = { .o = o };

	for (size_t i = 0; i < sizeof(passes) / sizeof(passes[0]); i++) {
		const struct pass *p = &passes[i];
		if (!pass_wanted(p, o))
			continue;
		double t0 = now();
		if (p->run(&l)) {
			cleanup(&l);
			return 1;
		}
		VERBOSE("pass %-10s %7.2f ms", p->name, (now() - t0) * 1e3);
		if (p->when & P_PRINT)
			break;
	}
	cleanup(&l);
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };

	if (ukld_elf_init()) {
		ERROR(NULL, "libelf is older than this ukld");
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "verify"))
		return cmd_verify(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "image"))
		return cmd_image(argc - 1, argv + 1);
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (parse_args(argc, argv, &o))
		return 1;
	tmp_signals();
	return ukld_link(&o);
}
