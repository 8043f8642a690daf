/* SPDX-License-Identifier: MIT */
/*
 * Memory barriers for memory shared with devices (virtqueues).  x86 keeps
 * stores in order and loads in order (TSO) for write-back memory, so only a
 * store followed by a load needs a fence; the others only stop the compiler.
 * Device registers (port I/O, uncached MMIO) are ordered by the CPU.
 */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H

#define mb()  __asm__ volatile("mfence" ::: "memory")
#define rmb() __asm__ volatile("" ::: "memory")
#define wmb() __asm__ volatile("" ::: "memory")

#endif
