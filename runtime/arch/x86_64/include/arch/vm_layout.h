/* SPDX-License-Identifier: MIT */
/* Where the application's memory goes: the lower half of the 48-bit address
 * space (the kernel is in the upper half), laid out like a Linux process. */
#ifndef ARCH_VM_LAYOUT_H
#define ARCH_VM_LAYOUT_H

/* The lower half: where the application's pages may be. */
#define VM_USER_END    0x0000800000000000ul
/* Application stack: [top - size, top), guard page below. */
#define VM_STACK_TOP   0x00007ffffff00000ul
#define VM_STACK_SIZE  (8ul << 20)
/* brk heap grows up from here, mmap'ed areas are placed above VM_MMAP_BASE. */
#define VM_BRK_BASE    0x0000000040000000ul
#define VM_BRK_MAX     (64ul << 30)
#define VM_MMAP_BASE   0x0000100000000000ul
#define VM_MMAP_END    0x00007f0000000000ul

#endif
