/* SPDX-License-Identifier: MIT */
/* Where the application's memory goes: the lower half of Sv39's 39-bit
 * address space (256 GiB; the kernel is in the upper half), laid out like a
 * Linux process. */
#ifndef ARCH_VM_LAYOUT_H
#define ARCH_VM_LAYOUT_H

/* The lower half: where the application's pages may be. */
#define VM_USER_END    0x0000004000000000ul
/* Application stack: [top - size, top), guard page below. */
#define VM_STACK_TOP   0x0000003ffff00000ul
#define VM_STACK_SIZE  (8ul << 20)
/* brk heap grows up from here, mmap'ed areas are placed above VM_MMAP_BASE. */
#define VM_BRK_BASE    0x0000000040000000ul
#define VM_BRK_MAX     (32ul << 30)
#define VM_MMAP_BASE   0x0000001000000000ul
#define VM_MMAP_END    0x0000003f00000000ul

#endif
