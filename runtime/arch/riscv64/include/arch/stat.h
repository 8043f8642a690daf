/* SPDX-License-Identifier: MIT */
/* struct stat as riscv64 Linux gives it (asm-generic/stat.h: fstat,
 * newfstatat). */
#ifndef ARCH_STAT_H
#define ARCH_STAT_H

#include <ukl/kernel.h>

struct kstat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t __pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t __pad2;
	int64_t st_blocks;
	int64_t st_atime_sec, st_atime_nsec;
	int64_t st_mtime_sec, st_mtime_nsec;
	int64_t st_ctime_sec, st_ctime_nsec;
	uint32_t __unused4, __unused5;
};

#endif
