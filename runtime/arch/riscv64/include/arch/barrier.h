/* SPDX-License-Identifier: MIT */
/*
 * Memory barriers for memory shared with devices (virtqueues), as Linux's
 * mb/rmb/wmb on RISC-V: RVWMO lets the hart reorder any two accesses, and
 * device registers (I/O) are ordered against memory only by fences that
 * name both (i/o as well as r/w): a descriptor written (w) must be visible
 * before the notify register is written (o).
 */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H

#define mb()  __asm__ volatile("fence iorw, iorw" ::: "memory")
#define rmb() __asm__ volatile("fence ir, ir" ::: "memory")
#define wmb() __asm__ volatile("fence ow, ow" ::: "memory")

#endif
