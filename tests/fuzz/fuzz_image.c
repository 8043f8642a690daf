/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: ukld's reading of a linked image (ukld verify: image.c,
 * verify.c, arch/x86_64/verify.c, and the TLS and constructor checks of
 * tls/link.c and ctors/link.c), and `ukld image`'s flat Image of it
 * (flat.c, arch/riscv64/image.c).  Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "ukld.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	static bool ready;

	if (!ready) {
		elf_version(EV_CURRENT);
		ready = true;
	}
	int fd = fuzz_file(data, size, path, sizeof(path));
	struct verify_opts o = { .quiet = true };
	verify_image(path, &o);
	char out[80];
	snprintf(out, sizeof(out), "%s.flat", path);
	char *argv[] = { "image", "-o", out, path, NULL };
	cmd_image(4, argv);
	unlink(out);
	close(fd);
	return 0;
}
