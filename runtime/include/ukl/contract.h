/* SPDX-License-Identifier: MIT */
/*
 * The contract between ukld (the link-time tool) and a kernel it links an
 * application into.  Both sides include this header; docs/ARCHITECTURE.md
 * explains it in prose.  Nothing here may change without changing both.
 *
 * 1. The kernel object (vmlinux.o, a relocatable ELF) carries
 *    - a note named "UKL" of type UKL_NOTE_KERNEL in section .note.ukl, whose
 *      descriptor is struct ukl_note_kernel: that is how ukld tells the kernel
 *      from the application inputs;
 *    - a section .ukl.exports holding the NUL-terminated names of the symbols
 *      the application may bind to (UKL_EXPORT() in the runtime); every other
 *      kernel symbol is invisible to the application;
 *    - the PVH note (x86_64) in .note.Xen; the Linux RISC-V Image header
 *      at the start of .head.text (riscv64), which the script puts first.
 *
 * 2. The application (every object and archive member that is not the kernel)
 *    has every symbol it defines renamed to PREFIX + name (default "ukl_").
 *    Undefined names it does not define itself keep their name and must be
 *    kernel exports.  Names the linker would define for an executable
 *    (__init_array_start, ...) are defined for the prefixed application by the
 *    generated linker script.
 *
 * 3. The generated linker script defines the symbols below for the kernel.
 *    The kernel starts the application through them.
 *
 * 4. After the link ukld fills the section .ukl.ksyms (reserved by the script,
 *    bounded by __ukl_ksyms_start/__ukl_ksyms_end) with a sorted table of every
 *    function of the image, so the kernel can name the function of a faulting
 *    address; application names are stored without their prefix.
 *
 * 5. An image that must start with code (riscv64: the firmware jumps to its
 *    first byte) does not load its ELF header; the script reserves
 *    .ukl.phdrs instead (__ukl_phdrs), and ukld copies the image's program
 *    headers there after the link (struct ukl_phdrs).
 */
#ifndef UKL_CONTRACT_H
#define UKL_CONTRACT_H

#ifdef __ASSEMBLER__
#define UKL_NOTE_NAME "UKL"
#define UKL_NOTE_KERNEL 0x554b4c01
#define UKL_CONTRACT_VERSION 1
#else
#include <stdint.h>

#define UKL_NOTE_NAME "UKL"
#define UKL_NOTE_KERNEL 0x554b4c01u   /* "UKL" 1 */
#define UKL_CONTRACT_VERSION 1u

/* Descriptor of the kernel note. */
struct ukl_note_kernel {
	uint32_t version;  /* UKL_CONTRACT_VERSION */
	uint32_t flags;    /* UKL_KF_* */
};
/* The kernel handles a `syscall` (x86_64) / trap-rewritten ecall (riscv64)
 * executed by application code at ring 0 / S-mode. */
#define UKL_KF_SYSCALL_INSN 0x1u
/* No interrupt or exception handler ever runs on the application's stack
 * (interrupts stay off; every exception vector has an IST stack), so code
 * that uses the red zone below %rsp is safe: only then does ukld accept
 * --allow-red-zone. */
#define UKL_KF_APP_STACK_SAFE 0x2u
/* The kernel is Linux with linux/ukl.patch: ukld links it with Linux's own
 * final linker script, the file beside the kernel object named like it
 * with .lds (build/linux/vmlinux.lds), instantiated by ukld/linux.c. */
#define UKL_KF_LINUX 0x4u

/* ---- .ukl.ksyms: function table filled by ukld after the link ----
 *
 *   struct ukl_ksyms_hdr
 *   struct ukl_ksym[count]     sorted by address, one per address
 *   char strings[]             the entries' names in their order, each
 *                              NUL-terminated
 *
 * An entry is 4 bytes: its function's address as an offset from base (the
 * image is far smaller than 2 GiB) and whether it is the application's; a
 * function ends where the next one starts, the last at end.  Entry i's
 * name is the i-th string: found by walking them, which only a fault
 * report does.  (Linux's side, linux/ukl.patch, reads only the header's
 * magic and app_name.)
 */
#define UKL_KSYMS_MAGIC 0x4d59534bu  /* "KSYM" */
#define UKL_KSYMS_NAME_MAX 64

struct ukl_ksyms_hdr {
	uint32_t magic;       /* UKL_KSYMS_MAGIC once filled; 0 if not */
	uint32_t count;       /* number of struct ukl_ksym */
	uint32_t strings_off; /* from the start of the header */
	uint32_t strings_size;
	char app_name[UKL_KSYMS_NAME_MAX]; /* argv[0] of the application */
	char prefix[32];      /* the prefix ukld applied */
	uint64_t base;        /* the address entries' offsets count from */
	uint64_t end;         /* the end of the last function */
};

struct ukl_ksym {
	uint32_t off;         /* the function's address - base; UKL_KSYM_APP
	                         set: an application function */
};
#define UKL_KSYM_APP 0x80000000u

/* ---- .ukl.phdrs: the image's program headers, copied by ukld ---- */
#define UKL_PHDRS_MAGIC 0x52444850u  /* "PHDR" */
#define UKL_PHDRS_MAX 16
#define UKL_PHDR_SIZE 56             /* sizeof(Elf64_Phdr) */
struct ukl_phdrs {
	uint32_t magic;       /* UKL_PHDRS_MAGIC once filled; 0 if not */
	uint32_t count;       /* program headers that follow */
	unsigned char phdrs[UKL_PHDRS_MAX * UKL_PHDR_SIZE];  /* Elf64_Phdr[count] */
};

/* Application start modes (value of the absolute symbol __ukl_app_mode). */
#define UKL_APP_MODE_BARE 0   /* -nostdlib: entry is int main(argc, argv, envp);
                                 the kernel sets up TLS and runs the arrays */
#define UKL_APP_MODE_LIBC 1   /* entry is the libc's _start: it is entered with
                                 %rsp (sp) at argc, like a process */

/* ---- Symbols the generated linker script defines for the kernel ----
 * extern char __ukl_app_entry[];            the application's entry
 * extern char __ukl_app_mode[];             absolute: UKL_APP_MODE_*
 * extern char __ukl_app_text_start[], __ukl_app_text_end[];
 * extern void (*__ukl_app_init_array_start[])(void),    (*..._end[])(void);
 *                     everything to run before main, in order: the
 *                     .preinit_array entries first, then .init_array
 * extern void (*__ukl_app_preinit_array_start[])(void), (*..._end[])(void);
 *                     the .preinit_array entries: the head of the above
 * extern void (*__ukl_app_fini_array_start[])(void),    (*..._end[])(void);
 * extern char __ukl_ksyms_start[], __ukl_ksyms_end[];
 * extern char __ukl_image_start[], __ukl_image_end[]; (page aligned)
 * extern char __bss_start[], __bss_end[];
 * extern const char __ehdr_start[];         ELF header; program headers follow
 * extern syscall_fn *const __ukl_syscall_table[], *const __ukl_syscall_table_end[];
 *                     the handlers of the calls the program can make, by
 *                     number (ukld/systable.c, from the kernel's catalogue
 *                     .rodata.ukl_syscalls, which the image does not keep)
 * extern const struct initcall __ukl_initcalls_start[], __ukl_initcalls_end[];
 *                     the kept .ukl.initcall entries (ukl/initcall.h)
 */
#endif /* !__ASSEMBLER__ */

/* ---- System calls ----
 * The rebuilt libc calls, instead of executing `syscall`/`ecall`:
 *   long __ukl_sys_<nr>(long a1, ...);  nr in decimal, for a number it knows
 *         at compile time, with only the arguments the call has;
 *   long __ukl_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
 *         the generic entry, for a number known only at run time.
 * Both return the result or -errno, exactly as the Linux system call would.
 * The kernel exports __ukl_syscall, and __ukl_sys_<nr> for each call it
 * implements (the runtime: the handler itself).  For every __ukl_sys_<nr>
 * the application refers to and the kernel does not export, ukld links a
 * stub (ukld/sysstubs.c) that calls __ukl_syscall(nr, a1, ..., a6). */
#define UKL_SYSCALL_ENTRY __ukl_syscall
#define UKL_SYSCALL_DIRECT_PREFIX "__ukl_sys_"

/* Section names. */
#define UKL_SEC_NOTE    ".note.ukl"
#define UKL_SEC_EXPORTS ".ukl.exports"
#define UKL_SEC_KSYMS   ".ukl.ksyms"
#define UKL_SEC_PHDRS   ".ukl.phdrs"

/* Exit status protocol: the kernel ends the guest with a 7-bit value v,
 *   x86_64: outl(v) to isa-debug-exit (0xf4): QEMU exits with 2*v+1;
 *   riscv64: sifive_test ((2*v+1) << 16) | 0x3333: the same 2*v+1.
 * v is never 0: QEMU's own failures exit with 1 (a bad option, an image it
 * cannot load, no memory for the guest), which must not read as the
 * program's exit(0).  v = s+1 for the program's status s 0..124; 0x7e for
 * 125 and above (QEMU cannot carry more); 0x7f (QEMU's 255) for a fault
 * or panic.  ukl-run decodes it (README's table of statuses).
 * UKL_EXIT_FAULT is what a fault or kernel panic passes to arch_exit():
 * no status a program can give (Linux keeps exit()'s low 8 bits, and
 * INT_MIN's are 0). */
#define UKL_EXIT_FAULT (-0x7fffffff - 1)
#define UKL_EXIT_V_FAULT 0x7f
#define UKL_EXIT_V_HIGH  0x7e
#ifndef __ASSEMBLER__
static inline unsigned ukl_exit_value(int status)
{
	if (status == UKL_EXIT_FAULT)
		return UKL_EXIT_V_FAULT;
	status &= 0xff;
	return status < 125 ? (unsigned)status + 1 : UKL_EXIT_V_HIGH;
}
#endif

#endif
