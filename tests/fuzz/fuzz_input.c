/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: ukld's reading of its inputs.  The bytes are an object
 * or an archive; they go through what every link does with an input: read
 * (input.c: headers, sections, symbols, relocations, archive members), then
 * the kernel note and the check pass (check.c: sections, functions,
 * relocations, instructions, DWARF).  Any crash, sanitizer report or leak is
 * a bug in ukld's reading.  Built and run by `make fuzz` (tests/fuzz/fuzz.mk).
 */
#include <stdint.h>
#include <unistd.h>

#include "check.h"
#include "fuzz.h"
#include "ukld.h"
#include "ukl/contract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof(path));
	static bool ready;

	if (!ready) {
		elf_version(EV_CURRENT);
		ready = true;
	}
	struct input *in = input_open(path, EM_X86_64);
	if (in) {
		struct check_opts co = { .quiet_notes = true, .quiet_summary = true };
		struct check_stats st = { 0 };
		check_begin(&co);
		for (size_t i = 0; i < in->nobjs; i++) {
			GElf_Shdr sh;
			object_find_section(in->objs[i], UKL_SEC_NOTE, &sh);
			object_find_section(in->objs[i], UKL_SEC_EXPORTS, &sh);
			check_object(in->objs[i], &co, &st);
		}
		check_end(&co, &st);
		input_close(in);
	}
	close(fd);
	return 0;
}
