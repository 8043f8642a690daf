/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: a link's passes up to the linker on an application
 * object or archive (the bytes) and the real kernel object
 * ($UKLD_FUZZ_KERNEL): load, kernel, resolve, prefix (which rewrites the
 * object's string table into a work directory) and the script.  What the
 * reader accepts must not crash the passes after it.  Built and run by
 * `make fuzz`.
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "ukld.h"

static const char *kernel;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	kernel = getenv("UKLD_FUZZ_KERNEL");
	if (!kernel || access(kernel, R_OK)) {
		fprintf(stderr, "fuzz_link: set UKLD_FUZZ_KERNEL to the kernel object (build/x86_64/vmlinux.o)\n");
		exit(1);
	}
	devnull = fopen("/dev/null", "w");
	elf_version(EV_CURRENT);
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void symmap_free(struct symmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i]);
	free(m->slots);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], workdir[] = "/tmp/ukld-fuzz-XXXXXX";
	int fd = fuzz_file(data, size, path, sizeof(path));
	const char *inputs[] = { path, kernel };
	struct opts o = { .prefix = "ukl_", .machine = EM_X86_64, .nostdlib = true,
			  .entry = "main", .output = "/dev/null", .inputs = inputs,
			  .ninputs = 2 };
	struct link l = { .o = &o };

	if (!load_inputs(&l) && !find_kernel(&l) && !resolve(&l) && mkdtemp(workdir)) {
		l.workdir = workdir;
		if (!prefix_objects(&l))
			write_script(&l, devnull);
		nftw(workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	for (size_t i = 0; i < l.ninputs; i++)
		input_close(l.inputs[i]);
	for (size_t i = 0; l.app_paths && i < l.napp; i++)
		free(l.app_paths[i]);
	free(l.app_paths);
	free(l.inputs);
	free(l.app);
	free(l.systable);   /* the names in it are the kernel object's */
	symmap_free(&l.syms);
	symmap_free(&l.archive_syms);
	close(fd);
	return 0;
}
