/* SPDX-License-Identifier: MIT */
/*
 * The process: one, pid 1, run by root, never forking (its threads, exit
 * and exit_group: thread.c).
 */
#include <ukl/arch.h>
#include <ukl/mm.h>
#include <ukl/random.h>
#include <ukl/syscall.h>
#include <ukl/time.h>

#define RLIMIT_STACK  3
#define RLIMIT_NOFILE 7
#define RLIM_NLIMITS  16
#define RLIM_INFINITY (~0ul)

struct rlimit {
	unsigned long cur, max;
};

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
	     domainname[65];
};

struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned mem_unit;
	char pad2[4];   /* Linux's struct is 112 bytes on LP64 */
};

SYSCALL(getpid) { return UKL_PID; }
SYSCALL(getppid) { return 0; }
SYSCALL(getuid) { return 0; }
SYSCALL(geteuid) { return 0; }
SYSCALL(getgid) { return 0; }
SYSCALL(getegid) { return 0; }

SYSCALL(uname)
{
	struct utsname *u = (struct utsname *)a1;

	/* "Linux": libraries compare sysname/release before using features. */
	memset(u, 0, sizeof(*u));
	memcpy(u->sysname, "Linux", 6);
	memcpy(u->nodename, "ukl", 4);
	memcpy(u->release, "6.1.0-ukl", 10);
	memcpy(u->version, "#1 ukld", 8);
	memcpy(u->machine, arch_machine, strlen(arch_machine) + 1);
	memcpy(u->domainname, "(none)", 7);
	return 0;
}

static struct rlimit rlimits[RLIM_NLIMITS];

static void rlimits_init(void)
{
	if (rlimits[0].cur || rlimits[0].max)
		return;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		rlimits[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	rlimits[RLIMIT_STACK].cur = VM_STACK_SIZE;
	rlimits[RLIMIT_NOFILE] = (struct rlimit){ 1024, 4096 };
}

SYSCALL(prlimit64)
{
	const struct rlimit *new = (const struct rlimit *)a3;
	struct rlimit *old = (struct rlimit *)a4;

	if (a1 && a1 != UKL_PID)
		return -ESRCH;
	if (a2 < 0 || a2 >= RLIM_NLIMITS)
		return -EINVAL;
	rlimits_init();
	if (old)
		*old = rlimits[a2];
	if (new) {
		if (new->cur > new->max)
			return -EINVAL;
		rlimits[a2] = *new;   /* recorded, not enforced */
	}
	return 0;
}

SYSCALL(getrlimit)
{
	return sys_prlimit64(0, a1, 0, a2, 0, 0);
}

SYSCALL(sysinfo)
{
	struct sysinfo *si = (struct sysinfo *)a1;

	memset(si, 0, sizeof(*si));
	si->uptime = (long)(time_monotonic_ns() / NSEC_PER_SEC);
	si->totalram = pmm_total_bytes();
	si->freeram = pmm_free_bytes();
	si->procs = 1;
	si->mem_unit = 1;
	return 0;
}

/* prctl: the options a server asks of the process as a whole.  Transparent
 * huge pages the kernel does not make, so disabling them for the process
 * (Redis does, to keep fork's copy-on-write small) is recorded and read
 * back, as Linux does.  Other options (thread names, seccomp,
 * capabilities...) are not offered: EINVAL, Linux's answer to an option it
 * does not know. */
#define PR_SET_THP_DISABLE 41
#define PR_GET_THP_DISABLE 42
static bool thp_disabled;

SYSCALL(prctl)
{
	switch (a1) {
	case PR_SET_THP_DISABLE:
		if (a3 || a4 || a5)
			return -EINVAL;
		thp_disabled = a2 != 0;
		return 0;
	case PR_GET_THP_DISABLE:
		if (a2 || a3 || a4 || a5)
			return -EINVAL;
		return thp_disabled;
	default:
		return -EINVAL;
	}
}

SYSCALL(getrandom)
{
	/* Always "initialised": flags (GRND_NONBLOCK, GRND_RANDOM) change
	 * nothing. */
	random_bytes((void *)a1, (size_t)a2);
	return a2;
}

/* Groups and sessions: root belongs to no supplementary group; the one
 * process leads its own process group and session (1), so, as Linux
 * answers a session leader, it can neither move to another group nor
 * start a new session (EPERM). */
SYSCALL(getgroups)
{
	return (int)a1 < 0 ? -EINVAL : 0;
}

static bool is_self(long pid)
{
	return pid == 0 || pid == UKL_PID;
}

SYSCALL(getpgid)
{
	return is_self((int)a1) ? UKL_PID : -ESRCH;
}

SYSCALL(getpgrp)
{
	return UKL_PID;
}

SYSCALL(getsid)
{
	return is_self((int)a1) ? UKL_PID : -ESRCH;
}

SYSCALL(setpgid)
{
	if ((int)a2 < 0)
		return -EINVAL;
	if (!is_self((int)a1))
		return -ESRCH;
	return -EPERM;
}

SYSCALL(setsid)
{
	return -EPERM;
}
