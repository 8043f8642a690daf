/* SPDX-License-Identifier: MIT */
/*
 * ukld: the state one link carries from pass to pass.  main.c runs the passes
 * in order (see ukld_link()); each takes the struct link and returns 0 or -1
 * after printing what went wrong.
 */
#ifndef UKLD_H
#define UKLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "arch.h"
#include "input.h"
#include "util.h"

enum linker { LINKER_BFD, LINKER_LLD };

/* Every option, validated by opts_valid() before any file is opened. */
struct opts {
	const char *output;        /* -o */
	const char *image;         /* --image: the flat image too (riscv64) */
	const char *kernel;        /* --kernel: the kernel object, else found by its note */
	const char *prefix;        /* --prefix, default "ukl_" */
	const char *entry;         /* --entry; opts_valid() sets the default:
	                              _start (libc) or main (-nostdlib) */
	const char *sysroot;       /* --sysroot: libc for the default libraries */
	const char *script_template; /* --script: template instead of the built-in */
	const char *app_name;      /* --name: argv[0], default the output's basename */
	const char *ld_path;       /* --ld-path: the linker program */
	enum linker linker;        /* --linker=bfd|lld */
	unsigned machine;          /* EM_*: the kernel's, set by pick_arch() */
	bool nostdlib;             /* -nostdlib */
	bool print_script;         /* --print-script: print the script and stop */
	bool save_temps;           /* --save-temps: keep the work directory */
	bool no_check;             /* --no-check: skip ukld check of the inputs */
	bool no_verify;            /* --no-verify: skip ukld verify of the image */
	bool allow_red_zone;       /* --allow-red-zone */
	const char **inputs;       /* objects and archives, in order */
	size_t ninputs;
	const char **libdirs;      /* -L */
	size_t nlibdirs;
};

/* One global name of the link. */
struct gsym {
	const char *name;
	struct symbol *def;        /* the app definition chosen, if any */
	struct symbol *first_ref;  /* an app reference, for messages */
	bool strong_ref;           /* some included object refers to it strongly */
	bool kernel_export;        /* the kernel declares it in .ukl.exports */
	bool kernel_def;           /* the kernel defines it (exported or not) */
	bool keep_name;            /* bound to the kernel or never prefixed */
	const char *script_def;    /* the script defines PREFIX+name as this */
};

struct symmap {
	struct gsym **slots;
	size_t cap, count;
};
struct gsym *symmap_get(struct symmap *m, const char *name, bool create);

struct link {
	struct opts *o;
	struct input **inputs;     /* user inputs then the default libraries */
	size_t ninputs;
	const struct ukld_arch *arch; /* the target: the kernel's e_machine */
	struct object *kernel;
	unsigned kernel_flags;     /* UKL_KF_* from its note */
	struct symmap syms;
	struct symmap archive_syms; /* name -> first archive member defining it */
	struct object **app;       /* included application objects, link order */
	size_t napp;
	char *workdir;             /* temporary directory */
	char *script_path;
	char **app_paths;          /* prefixed copies of app[] */
	char *tmp_output;          /* the image before it is renamed to -o */
	char *tmp_image;           /* the flat image before it is renamed to --image */
	size_t ksyms_size;         /* bytes reserved for .ukl.ksyms */
	bool ksyms_retry;          /* linked again with the room the table needed */
	const char **systable;     /* the system call table's handlers (systable.c) */
	size_t systable_len;
	bool systable_all;         /* every handler: a number not known at link time */
	long rewritten;            /* instructions arch->rewrite_code changed */
	unsigned *stubs;           /* system calls __ukl_sys_<nr> the kernel does */
	size_t nstubs;             /* not export: ukld links a stub (sysstubs.c) */
	char *stubs_path;          /* their object in the work directory, or NULL */
	pid_t check_pid;           /* the check running beside the link, or 0 */
};

/* The passes, in the order ukld_link() runs them. */
int pick_arch(struct link *l);          /* main.c */
int load_inputs(struct link *l);        /* resolve.c */
int find_kernel(struct link *l);        /* kernel.c */
/* The e_machine of PATH if it is a kernel object (carries the UKL note),
 * else 0; prints nothing (load_inputs reports bad files). */
unsigned kernel_machine(const char *path);
int resolve(struct link *l);            /* resolve.c */
int check_inputs(struct link *l);       /* check_pass.c: check.c on l->app */
/* The same in a child process, beside prefix, script and link; its verdict
 * is collected by check_wait() before the image is written (check_pass.c). */
int check_start(struct link *l);
int check_wait(struct link *l);
/* System calls (syscalls.c): a set of numbers; the ones the code of OBJ
 * makes with a constant number; the kernel's table (false without one);
 * the names in USED but not KERNEL joined by SEP (NULL if none); the
 * link's one warning listing them. */
#define SYSCALLS_MAX 1024
struct sysset { unsigned char bits[SYSCALLS_MAX / 8]; };
bool sysset_has(const struct sysset *s, unsigned nr);
const char *syscall_name(unsigned machine, unsigned nr);
void syscalls_used(struct object *obj, struct sysset *s);
bool syscalls_kernel(struct object *k, struct sysset *s);
char *syscalls_missing(unsigned machine, const struct sysset *used,
		       const struct sysset *kernel, const char *sep);
int syscalls_warn(struct link *l);
/* Direct system calls (sysstubs.c): whether NAME is __ukl_sys_<nr>, a
 * number below SYSCALLS_MAX in decimal, and which; the stub object for
 * l->stubs, written into the work directory (l->stubs_path). */
bool sys_stub_number(const char *name, unsigned *nr);
int sys_stubs_write(struct link *l);
int prefix_objects(struct link *l);     /* prefix.c */
int write_script(struct link *l, FILE *out); /* script.c */
/* The bytes of a function table of N functions whose names take STRINGS
 * bytes with their NULs, with the script's slack (script.c). */
size_t ksyms_table_size(size_t n, size_t strings);
/* The functions --gc-sections will keep, one per address, and their
 * names' bytes (gcmark.c). */
void gc_ksyms_count(struct link *l, size_t *n, size_t *strings);
/* The linker is run with --gc-sections (link.c): not into Linux. */
bool link_gc(const struct link *l);
/* The system call table's entries for the script's SYSCALLS hole: the
 * handlers of the calls the application can make (systable.c). */
void systable_make(struct link *l);
int systable_write(struct link *l, FILE *out);
/* The same handlers as roots of --gc-sections (the SYSCALLS_KEEP hole). */
int systable_extern(struct link *l, FILE *out);
char *read_text_file(const char *path, const char *what); /* script.c */
int run_linker(struct link *l);         /* link.c */
/* 1 (not an error) when the room reserved was too small: l->ksyms_size
 * is then the room needed, for one more link. */
int patch_ksyms(struct link *l);        /* ksyms.c */
int patch_phdrs(struct link *l);        /* phdrs.c */
int tls_check_image(const char *image); /* tls/link.c */
int ctors_check_image(const char *image); /* ctors/link.c */
/* Rewrites an application object's .ctors/.dtors as .init_array/.fini_array
 * with the entries reversed (ctors/link.c); 1 if it changed ELF, 0 if there
 * was nothing to do, -1 on error.  *newbuf (the section names) is freed by
 * the caller after elf_update(). */
int ctors_convert_legacy(Elf *elf, const char *objname, char **newbuf);
/* Gives an application object's TLS common symbols a .tbss section of their
 * own (tls/link.c), as ctors_convert_legacy() does. */
int tls_convert_common(Elf *elf, const char *objname, char **newbuf);
/* Appends S to the string table whose data is D and returns its offset.
 * The table's bytes then live in *OWNED (freed by the caller after
 * elf_update(); pointers into the old bytes are stale). (prefix.c) */
size_t elf_strtab_add(Elf_Data *d, const char *s, char **owned);
int write_flat_image(struct link *l);   /* flat.c */
/* Linux as the kernel (linux.c): Linux's vmlinux.lds beside the kernel
 * object, instantiated with the application's sections, as a template
 * with script.c's holes; NULL after an error. */
char *linux_template(struct link *l);
char *linux_script_path(const char *kernel);
/* `ukld image -o FILE IMAGE`: the flat image of a linked image (flat.c). */
int cmd_image(int argc, char **argv);
/* A new empty file in $TMPDIR, registered for removal, for an output
 * PATH that has no work directory (ukld image); NULL after an error naming
 * PATH.  WHAT says which output it is for (link.c). */
char *temp_file(const char *path, const char *what);
/* Whether PATH can take the finished output WHAT: 0, or -1 after an error
 * (link.c). */
int output_writable(const char *path, const char *what);
/* A and B name the same file, or would (link.c). */
bool outputs_same(const char *a, const char *b);
/* An output's PATH (OPT names it, WHAT it is) is no directory and none of
 * the INPUTS: 0, or -1 after an error (link.c). */
int output_path_valid(const char *path, const char *opt, const char *what,
		      const char *const *inputs, size_t ninputs);
/* The finished temporary file TMP takes MODE and PATH's name (or, for a
 * device or FIFO, is written into it): 0, or -1 after an error naming PATH
 * and WHAT (link.c). */
int put_in_place(const char *tmp, const char *path, mode_t mode, const char *what);
int finish_output(struct link *l);      /* link.c */

/* Temporary paths no exit leaves behind (tmpfiles.c): registered before
 * they are made, forgotten when gone or in place; children the signals
 * stop first. */
void tmp_signals(void);
void tmp_register(const char *path, bool dir);
void tmp_forget(const char *path);
void tmp_child(pid_t pid);
void tmp_child_done(pid_t pid);
void tmp_detach(void);
void tmp_finish(void);

/* Names that keep their spelling in the application: the linker gives them
 * meaning by name. */
bool never_prefixed(const char *name);
/* The libc's reference to __init_array_start takes this name (prefix.c):
 * the init array with the preinit entries at its head, which musl runs. */
#define LIBC_INIT_ARRAY_START "__ukl_libc_init_array_start"
/* What the script defines for a linker-provided name the application refers
 * to (__init_array_start, _end, ...), or NULL if it is not one. */
const char *linker_defined(const char *name);


#endif
