/* SPDX-License-Identifier: MIT */
/*
 * The system call table, common to every architecture: the numbers come
 * from <arch/syscall_nr.h> (x86_64: the Linux x86_64 numbers; riscv64 would
 * bring asm-generic's), calls only one architecture has come in through
 * ARCH_SYSCALLS.  A number without a handler returns -ENOSYS and is named
 * once on the console, so a missing call shows up instead of failing
 * silently.
 */
#include <arch/syscall_nr.h>
#include <ukl/export.h>
#include <ukl/syscall.h>

/* The catalogue of the handlers, in a section of its own that no code
 * refers to: its relocations (one handler pointer at 8*nr) are the
 * implemented numbers and their handlers.  The build exports each handler
 * as __ukl_sys_<nr>, which the libc calls directly for a constant number
 * (runtime/syscall-exports.sh, reading this table from syscall.o); ukld
 * reads them to name the calls a program can make that are not here
 * (ukld/syscalls.c), and generates from them the table below with only
 * the handlers the program can reach by number (ukld/systable.c), so that
 * the linker's --gc-sections drops the others and all they alone use. */
static syscall_fn *const syscall_catalogue[NR_SYSCALLS]
	__attribute__((section(".rodata.ukl_syscalls"), used)) = {
	[__NR_read]            = sys_read,
	[__NR_write]           = sys_write,
	[__NR_readv]           = sys_readv,
	[__NR_writev]          = sys_writev,
	[__NR_ioctl]           = sys_ioctl,
	[__NR_ppoll]           = sys_ppoll,
	[__NR_pselect6]        = sys_pselect6,
	[__NR_epoll_create1]   = sys_epoll_create1,
	[__NR_epoll_ctl]       = sys_epoll_ctl,
	[__NR_epoll_pwait]     = sys_epoll_pwait,
	[__NR_epoll_pwait2]    = sys_epoll_pwait2,
	[__NR_pipe2]           = sys_pipe2,
	[__NR_eventfd2]        = sys_eventfd2,
	[__NR_pread64]         = sys_pread64,
	[__NR_pwrite64]        = sys_pwrite64,
	[__NR_preadv]          = sys_preadv,
	[__NR_pwritev]         = sys_pwritev,
	[__NR_lseek]           = sys_lseek,
	[__NR_sendfile]        = sys_sendfile,
	[__NR_openat]          = sys_openat,
	[__NR_close]           = sys_close,
	[__NR_newfstatat]      = sys_newfstatat,
	[__NR_fstat]           = sys_fstat,
	[__NR_statx]           = sys_statx,
	[__NR_getdents64]      = sys_getdents64,
	[__NR_mkdirat]         = sys_mkdirat,
	[__NR_unlinkat]        = sys_unlinkat,
	[__NR_renameat2]       = sys_renameat2,
	[__NR_readlinkat]      = sys_readlinkat,
	[__NR_faccessat]       = sys_faccessat,
	[__NR_faccessat2]      = sys_faccessat2,
	[__NR_getcwd]          = sys_getcwd,
	[__NR_chdir]           = sys_chdir,
	[__NR_fchdir]          = sys_fchdir,
	[__NR_umask]           = sys_umask,
	[__NR_fchmod]          = sys_fchmod,
	[__NR_fchmodat]        = sys_fchmodat,
	[__NR_fchown]          = sys_fchown,
	[__NR_fchownat]        = sys_fchownat,
	[__NR_ftruncate]       = sys_ftruncate,
	[__NR_truncate]        = sys_truncate,
	[__NR_fsync]           = sys_fsync,
	[__NR_fdatasync]       = sys_fdatasync,
	[__NR_dup]             = sys_dup,
	[__NR_dup3]            = sys_dup3,
	[__NR_fcntl]           = sys_fcntl,
	[__NR_utimensat]       = sys_utimensat,
	[__NR_brk]             = sys_brk,
	[__NR_mmap]            = sys_mmap,
	[__NR_munmap]          = sys_munmap,
	[__NR_mremap]          = sys_mremap,
	[__NR_mprotect]        = sys_mprotect,
	[__NR_madvise]         = sys_madvise,
	[__NR_clock_gettime]   = sys_clock_gettime,
	[__NR_clock_getres]    = sys_clock_getres,
	[__NR_gettimeofday]    = sys_gettimeofday,
	[__NR_nanosleep]       = sys_nanosleep,
	[__NR_clock_nanosleep] = sys_clock_nanosleep,
	[__NR_exit]            = sys_exit,
	[__NR_exit_group]      = sys_exit_group,
	[__NR_set_tid_address] = sys_set_tid_address,
	[__NR_getpid]          = sys_getpid,
	[__NR_getppid]         = sys_getppid,
	[__NR_gettid]          = sys_gettid,
	[__NR_getuid]          = sys_getuid,
	[__NR_geteuid]         = sys_geteuid,
	[__NR_getgid]          = sys_getgid,
	[__NR_getegid]         = sys_getegid,
	[__NR_uname]           = sys_uname,
	[__NR_prlimit64]       = sys_prlimit64,
	[__NR_sysinfo]         = sys_sysinfo,
	[__NR_prctl]           = sys_prctl,
	[__NR_getitimer]       = sys_getitimer,
	[__NR_setitimer]       = sys_setitimer,
	[__NR_getrusage]       = sys_getrusage,
	[__NR_sched_yield]     = sys_sched_yield,
	[__NR_getrandom]       = sys_getrandom,
	[__NR_getgroups]       = sys_getgroups,
	[__NR_getpgid]         = sys_getpgid,
	[__NR_getsid]          = sys_getsid,
	[__NR_setpgid]         = sys_setpgid,
	[__NR_setsid]          = sys_setsid,
	[__NR_rt_sigaction]    = sys_rt_sigaction,
	[__NR_rt_sigprocmask]  = sys_rt_sigprocmask,
	[__NR_clone]           = sys_clone,
	[__NR_futex]           = sys_futex,
	[__NR_sched_getaffinity] = sys_sched_getaffinity,
	[__NR_sched_setaffinity] = sys_sched_setaffinity,
	[__NR_kill]            = sys_kill,
	[__NR_tkill]           = sys_tkill,
	[__NR_tgkill]          = sys_tgkill,
	[__NR_socket]          = sys_socket,
	[__NR_socketpair]      = sys_socketpair,
	[__NR_bind]            = sys_bind,
	[__NR_listen]          = sys_listen,
	[__NR_accept]          = sys_accept,
	[__NR_accept4]         = sys_accept4,
	[__NR_connect]         = sys_connect,
	[__NR_getsockname]     = sys_getsockname,
	[__NR_getpeername]     = sys_getpeername,
	[__NR_sendto]          = sys_sendto,
	[__NR_recvfrom]        = sys_recvfrom,
	[__NR_sendmsg]         = sys_sendmsg,
	[__NR_recvmsg]         = sys_recvmsg,
	[__NR_shutdown]        = sys_shutdown,
	[__NR_setsockopt]      = sys_setsockopt,
	[__NR_getsockopt]      = sys_getsockopt,
	ARCH_SYSCALLS
};

/* The names, for the message: the list's numbers in its order, and its
 * names one after the other, NUL-terminated (no table of pointers: 8 bytes
 * a number in every image, for a message that may never be printed). */
static const uint16_t syscall_nrs[] = {
#define SYSCALL_NR(name, nr) nr,
#include <arch/syscall_list.h>
#undef SYSCALL_NR
};
static const char syscall_names[] =
#define SYSCALL_NR(name, nr) #name "\0"
#include <arch/syscall_list.h>
#undef SYSCALL_NR
	;

static const char *syscall_name(long nr)
{
	const char *name = syscall_names;

	for (size_t i = 0; i < sizeof(syscall_nrs) / sizeof(syscall_nrs[0]); i++) {
		if (syscall_nrs[i] == nr)
			return name;
		name += strlen(name) + 1;
	}
	return NULL;
}

static long unsupported(long nr)
{
	static uint8_t logged[(NR_SYSCALLS + 7) / 8];
	bool known = nr >= 0 && nr < NR_SYSCALLS;

	if (!known || !(logged[nr / 8] & (1u << (nr % 8)))) {
		if (known)
			logged[nr / 8] |= 1u << (nr % 8);
		const char *name = known ? syscall_name(nr) : NULL;
		printk("ukl: unsupported syscall %s (%ld)\n", name ? name : "?", nr);
	}
	return -ENOSYS;
}

/* The table the linker script holds (lds/<arch>.lds.in, @SYSCALLS@): a
 * handler pointer, or 0, for each number from 0 to the last it has. */
extern syscall_fn *const __ukl_syscall_table[], *const __ukl_syscall_table_end[];

/* The generic entry: a number known only at run time (syscall(),
 * __syscall_cp), the `syscall`/`ebreak` trap paths, and ukld's stubs for a
 * __ukl_sys_<nr> the table has no handler for. */
long __ukl_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	const long n = __ukl_syscall_table_end - __ukl_syscall_table;

	if (nr < 0 || nr >= n || !__ukl_syscall_table[nr])
		return unsupported(nr);
	return __ukl_syscall_table[nr](a1, a2, a3, a4, a5, a6);
}
UKL_EXPORT(__ukl_syscall);
