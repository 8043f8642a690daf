/* SPDX-License-Identifier: MIT */
/*
 * Boot steps of the kernel's optional parts: an image carries such a part
 * (the network stack, its NIC drivers) only when its program can reach it.
 *
 * ukld links with --gc-sections.  A step the boot called by name would keep
 * its part in every image, so the boot runs instead the table the linker
 * script gathers from the sections .ukl.initcall (lds/<arch>.lds.in,
 * between __ukl_initcalls_start and __ukl_initcalls_end), which it does
 * not KEEP: an entry stays only while some
 * kept code refers to it, through UKL_INITCALL_USE() in the part's own
 * entry points (the network: net_lock, which every socket call takes).
 * ld -r gives every input section of the kernel object a section of its own
 * (runtime/runtime.mk), so the entries are dropped one by one.
 */
#ifndef UKL_INITCALL_H
#define UKL_INITCALL_H

#include <ukl/kernel.h>

/* The levels, in the order kmain runs them. */
#define INITCALL_DEVICES 1   /* before the devices are probed */
#define INITCALL_LATE    2   /* after: the devices found, interrupts on */

/* 16 bytes, aligned to 16 (gcc would align such an object to 16 anyway):
 * the linker lays the entries out without gaps, from a 16-byte boundary. */
struct initcall {
	unsigned long level;
	void (*fn)(void);
} __attribute__((aligned(16)));

#define UKL_INITCALL(lvl, f)                                                  \
	const struct initcall __initcall_##f                                  \
	__attribute__((section(".ukl.initcall"), used)) = { .level = lvl, .fn = f }

/* The entry of FN (UKL_INITCALL) stays in the image as long as the
 * function this is written in does (UKL_GC_KEEP, ukl/kernel.h). */
#define UKL_INITCALL_USE(fn) UKL_GC_KEEP(__initcall_##fn)

/* Runs the entries of LEVEL (main.c), in the table's order. */
void initcalls_run(unsigned level);

#endif
