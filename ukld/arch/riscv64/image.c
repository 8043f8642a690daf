/* SPDX-License-Identifier: MIT */
/*
 * riscv64: the Linux RISC-V Image header, as its loaders read it.
 *
 * The 64 bytes head.S puts first in the image (Linux
 * Documentation/riscv/boot-image-header.rst, all little-endian):
 *
 *    0  code0, code1   executed: the loader jumps to the first byte
 *    8  text_offset    where the image goes, from the start of RAM
 *   16  image_size     how much memory it takes, .bss included
 *   24  flags          bit 0: 0 = little-endian; the rest reserved, 0
 *   32  version        major << 16 | minor; 0.2 is the one with magic2
 *   36  res1, res2
 *   48  magic          "RISCV\0\0\0" (deprecated since 0.2, still written)
 *   56  magic2         "RSC\x05"
 *   60  res3           PE/COFF header offset (none: code0 is no "MZ")
 *
 * U-Boot's booti (arch/riscv/lib/image.c) refuses an Image without magic2
 * or with image_size 0, then moves image_size bytes to RAM base +
 * text_offset and jumps there with a0 = hart id, a1 = device tree; QEMU's
 * virt machine loads a non-ELF kernel at 0x80200000, 2 MiB above its RAM.
 * The image is linked for one physical address, so text_offset must be
 * exactly that address above RAM, and image_size must cover every segment's
 * memory, or the loader would put the initrd or the device tree in the .bss.
 *
 * verify's image-header item and the flat Image writer (flat.c) both call
 * riscv64_image_header_check(), so an Image written with --no-verify is
 * held to the same header.
 */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "riscv64.h"

#define RAM_BASE      0x80000000ull    /* QEMU virt's DRAM */
#define HEADER_SIZE   64
#define VERSION_0_2   ((0u << 16) | 2u)

int riscv64_image_header_check(const unsigned char *h, size_t len, uint64_t load,
			       uint64_t mem_end, char *why, size_t whylen)
{
	if (len < HEADER_SIZE) {
		snprintf(why, whylen, "%zu bytes, less than the 64-byte Image header", len);
		return -1;
	}
	uint32_t code0 = le32(h), version = le32(h + 32);
	uint64_t text_offset = le64(h + 8), image_size = le64(h + 16), flags = le64(h + 24);

	if ((code0 & 0xfff) != 0x06f) {   /* jal x0, ...: `j` */
		snprintf(why, whylen, "code0 %#x is not a jump over the header", code0);
		return -1;
	}
	if (memcmp(h + 48, "RISCV\0\0\0", 8) || memcmp(h + 56, "RSC\x05", 4)) {
		snprintf(why, whylen, "no Image magic (\"RISCV\" at 48, \"RSC\\x05\" at 56)");
		return -1;
	}
	if (version >> 16 != 0 || (version & 0xffff) < 2) {
		snprintf(why, whylen, "header version %u.%u, not 0.2 (the one with magic2)",
			 version >> 16, version & 0xffff);
		return -1;
	}
	if (flags) {
		snprintf(why, whylen, "flags %#llx, not 0 (little-endian, nothing reserved set)",
			 (unsigned long long)flags);
		return -1;
	}
	if (load < RAM_BASE || text_offset != load - RAM_BASE) {
		snprintf(why, whylen, "text_offset %#llx, but the image is linked to load at %#llx (RAM at %#llx)",
			 (unsigned long long)text_offset, (unsigned long long)load, RAM_BASE);
		return -1;
	}
	if (!image_size || image_size < mem_end - load) {
		snprintf(why, whylen, "image_size %#llx does not cover the segments' %#llx bytes of memory",
			 (unsigned long long)image_size, (unsigned long long)(mem_end - load));
		return -1;
	}
	snprintf(why, whylen, "text_offset %#llx, image_size %#llx, version 0.2, little-endian",
		 (unsigned long long)text_offset, (unsigned long long)image_size);
	return 0;
}
