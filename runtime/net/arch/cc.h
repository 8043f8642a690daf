/* SPDX-License-Identifier: MIT */
/*
 * lwIP's port header (included by lwip/arch.h): the compiler and the
 * kernel it runs in.  Freestanding: no inttypes.h or ctype.h (lwIP has
 * its own character tests), printk for diagnostics, panic for assertions.
 */
#ifndef UKL_LWIP_ARCH_CC_H
#define UKL_LWIP_ARCH_CC_H

#include <ukl/kernel.h>

#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H    1
#define U16_F "hu"
#define S16_F "hd"
#define X16_F "hx"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

/* Both architectures are little-endian. */
#define BYTE_ORDER LITTLE_ENDIAN
#define lwip_htons(x) ((u16_t)__builtin_bswap16(x))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32(x))

#define LWIP_PLATFORM_DIAG(x) do { printk x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) \
	panic("lwIP: assertion \"%s\" failed at %s:%d", x, __FILE__, __LINE__)

/* lwIP's pools (and heap) need no zeros: memp_init and mem_init write
 * what they later read, and a pool's elements are reused anyway.  So they
 * go where riscv64's head.S does not clear (.noinit, lds/): 2.7 MB, a
 * million instructions of every boot before main. */
#define LWIP_DECLARE_MEMORY_ALIGNED(variable_name, size) \
	u8_t variable_name[LWIP_MEM_ALIGN_BUFFER(size)] __attribute__((noinit))

/* runtime/net/glue.c: LWIP_RAND (DHCP transaction ids, initial sequence
 * numbers, local ports). */
uint32_t ukl_net_rand(void);

#endif
