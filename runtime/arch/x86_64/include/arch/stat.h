/* SPDX-License-Identifier: MIT */
/* struct stat as x86_64 Linux gives it (fstat, newfstatat, stat, lstat). */
#ifndef ARCH_STAT_H
#define ARCH_STAT_H

#include <ukl/kernel.h>

struct kstat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint32_t st_mode;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t __pad0;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blksize;
	int64_t st_blocks;
	int64_t st_atime_sec, st_atime_nsec;
	int64_t st_mtime_sec, st_mtime_nsec;
	int64_t st_ctime_sec, st_ctime_nsec;
	int64_t __unused[3];
};

#endif
