/* SPDX-License-Identifier: MIT */
/*
 * System call handlers.  Every handler has the same signature, so the table
 * in syscall.c holds plain function pointers; SYSCALL(name) defines
 * sys_name(a1..a6) and the body casts the arguments it uses.  Handlers
 * return the result or -errno, as Linux does.
 */
#ifndef UKL_SYSCALL_H
#define UKL_SYSCALL_H

#include <ukl/kernel.h>
#include <ukl/errno.h>

typedef long syscall_fn(long, long, long, long, long, long);

#define SYSCALL(name)                                                         \
	long sys_##name(long a1 __maybe_unused, long a2 __maybe_unused,       \
			long a3 __maybe_unused, long a4 __maybe_unused,       \
			long a5 __maybe_unused, long a6 __maybe_unused)

#define X(name) syscall_fn sys_##name;
#define SYSCALL_HANDLERS(X)                                                   \
	/* sys_io.c */                                                        \
	X(read) X(write) X(readv) X(writev) X(pread64) X(pwrite64)            \
	X(preadv) X(pwritev) X(lseek) X(ioctl) X(sendfile)                     \
	/* fs/select.c, fs/epoll.c, fs/pipe.c, fs/eventfd.c */                \
	X(poll) X(ppoll) X(select) X(pselect6) X(epoll_create)                 \
	X(epoll_create1) X(epoll_ctl) X(epoll_wait) X(epoll_pwait)             \
	X(epoll_pwait2) X(pipe) X(pipe2) X(eventfd) X(eventfd2)                \
	/* sys_fs.c */                                                        \
	X(openat) X(open) X(creat) X(close) X(newfstatat) X(fstat) X(stat)     \
	X(lstat) X(statx) X(getdents64) X(mkdirat) X(mkdir) X(unlinkat)        \
	X(unlink) X(rmdir) X(renameat2) X(renameat) X(rename) X(readlinkat)    \
	X(readlink) X(faccessat2) X(faccessat) X(access) X(getcwd) X(chdir)    \
	X(fchdir) X(umask) X(fchmod) X(fchmodat) X(chmod) X(fchown)            \
	X(fchownat) X(chown) X(lchown) X(ftruncate) X(truncate) X(fsync)       \
	X(fdatasync) X(dup) X(dup2) X(dup3) X(fcntl) X(utimensat)              \
	/* sys_mem.c */                                                       \
	X(brk) X(mmap) X(munmap) X(mremap) X(mprotect) X(madvise)              \
	/* sys_time.c */                                                      \
	X(clock_gettime) X(clock_getres) X(gettimeofday) X(time)               \
	X(nanosleep) X(clock_nanosleep) X(getitimer) X(setitimer) X(getrusage) \
	/* sys_proc.c */                                                      \
	X(getpid) X(getppid) X(getuid) X(geteuid) X(getgid) X(getegid)         \
	X(uname) X(prlimit64) X(getrlimit) X(sysinfo) X(getrandom) X(prctl)    \
	X(getgroups) X(getpgid) X(getpgrp) X(getsid) X(setpgid) X(setsid)      \
	/* thread.c, futex.c */                                               \
	X(clone) X(exit) X(exit_group) X(set_tid_address) X(gettid)            \
	X(sched_yield) X(sched_getaffinity) X(sched_setaffinity) X(futex)      \
	X(fork) X(vfork)                                                       \
	/* sys_signal.c */                                                    \
	X(rt_sigaction) X(rt_sigprocmask) X(kill) X(tkill) X(tgkill)           \
	/* net/socket.c */                                                    \
	X(socket) X(socketpair) X(bind) X(listen) X(accept) X(accept4)         \
	X(connect) X(getsockname) X(getpeername) X(sendto) X(recvfrom)         \
	X(sendmsg) X(recvmsg) X(shutdown) X(setsockopt) X(getsockopt)          \
	/* arch/<arch>/sys_arch.c */                                          \
	X(arch_prctl)
SYSCALL_HANDLERS(X)
#undef X

/* The generic entry of every system call by number: the libc's calls
 * with a run-time number, the `syscall` instruction path and ukld's stubs
 * land here.  A constant number reaches the handler itself, exported as
 * __ukl_sys_<nr> (runtime/syscall-exports.sh; contract.h, "System calls").
 * So a handler may be called with fewer arguments than six: it reads only
 * those its call has, as Linux's handlers do. */
long __ukl_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

/* The only process there is. */
#define UKL_PID 1

#endif
