/* SPDX-License-Identifier: MIT */
/*
 * The flat image (--image): what a loader that knows no ELF puts in memory.
 *
 * riscv64's loaders take the kernel as raw bytes: QEMU's virt machine
 * loads a non-ELF -kernel at 0x80200000 (after OpenSBI) and U-Boot's booti
 * moves it to RAM base + text_offset, both by the Linux RISC-V Image header
 * at its first byte (arch/riscv64/image.c).  So the flat image is the ELF's
 * loaded bytes as they lie in memory: each PT_LOAD's file bytes at
 * p_paddr - the lowest p_paddr, the gaps between segments zero, ending at
 * the last byte any segment has in the file.  The .bss is not in it; the
 * header's image_size covers it and head.S clears it, since no loader does.
 * Everything the runtime reads about itself is in those bytes: the program
 * headers' copy (.ukl.phdrs), the function table, the notes.
 *
 * It is made from the linked image after verify, into the temporary file
 * run_linker() reserved beside --image; finish_output() renames it.
 * `ukld image -o FILE ELF` makes the same from an image linked before
 * (one a project's own build linked through ukl-cc, say).
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image.h"
#include "ukld.h"
#include "warn.h"

/* More than that between the lowest and the highest byte is no one image
 * (the top 2 GiB the kernel is linked in). */
#define FLAT_MAX (2ull << 30)

struct load {
	uint64_t paddr, offset, filesz, memsz;
};

static int by_paddr(const void *a, const void *b)
{
	const struct load *x = a, *y = b;
	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

/* Write LEN bytes of BUF to PATH, replacing what is there. */
static int write_file(const char *path, const char *name, const unsigned char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		ERROR_GLIBC(name, "cannot open the flat image's temporary file %s", path);
		return -1;
	}
	for (size_t done = 0; done < len; ) {
		ssize_t n = write(fd, buf + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ERROR_GLIBC(name, "cannot write the flat image");
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (close(fd)) {
		ERROR_GLIBC(name, "cannot write the flat image");
		return -1;
	}
	return 0;
}

/* The flat image of the ELF at PATH (ELF_NAME in messages) into the file
 * TMP, already created; NAME, the flat image's name, in messages.  ARCH has
 * a flat image (pick_arch() and cmd_image() refuse the others). */
static int flat_from_elf(const struct ukld_arch *arch, const char *path, const char *elf_name,
			 const char *tmp, const char *name)
{
	struct image im;
	struct load *segs = NULL;
	unsigned char *flat = NULL;
	size_t nph, nseg = 0, fsize;
	char why[256];
	int ret = -1;

	if (image_open(&im, path))
		return -1;
	const unsigned char *file = (const unsigned char *)elf_rawfile(im.elf, &fsize);
	if (!file || elf_getphdrnum(im.elf, &nph)) {
		ERROR_ELF(elf_name, "cannot read the program headers");
		goto out;
	}
	segs = xcalloc(nph, sizeof(*segs));
	uint64_t low = UINT64_MAX, file_end = 0, mem_end = 0;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr p;
		if (!gelf_getphdr(im.elf, (int)i, &p)) {
			ERROR_ELF(elf_name, "cannot read program header %zu", i);
			goto out;
		}
		if (p.p_type != PT_LOAD || !p.p_memsz)
			continue;
		if (p.p_filesz > p.p_memsz || p.p_offset > fsize || p.p_filesz > fsize - p.p_offset ||
		    p.p_paddr + p.p_memsz < p.p_paddr) {
			ERROR(elf_name, "program header %zu: its bytes are not in the file", i);
			goto out;
		}
		segs[nseg++] = (struct load){ p.p_paddr, p.p_offset, p.p_filesz, p.p_memsz };
		if (p.p_paddr < low)
			low = p.p_paddr;
		if (p.p_filesz && p.p_paddr + p.p_filesz > file_end)
			file_end = p.p_paddr + p.p_filesz;
		if (p.p_paddr + p.p_memsz > mem_end)
			mem_end = p.p_paddr + p.p_memsz;
	}
	if (!nseg || file_end <= low) {
		ERROR(elf_name, "no loadable bytes: nothing to write as the flat image");
		goto out;
	}
	/* One byte of memory, one segment: overlapping segments would make the
	 * flat bytes depend on the order they are copied in. */
	qsort(segs, nseg, sizeof(*segs), by_paddr);
	for (size_t i = 1; i < nseg; i++)
		if (segs[i].paddr < segs[i - 1].paddr + segs[i - 1].memsz) {
			ERROR(elf_name, "the segments at %#llx and %#llx overlap: no flat image",
			      (unsigned long long)segs[i - 1].paddr, (unsigned long long)segs[i].paddr);
			goto out;
		}
	if (file_end - low > FLAT_MAX) {
		ERROR(elf_name, "the segments spread over %#llx bytes from %#llx: too far apart for a flat image",
		      (unsigned long long)(file_end - low), (unsigned long long)low);
		goto out;
	}
	size_t len = (size_t)(file_end - low);
	flat = xcalloc(1, len);
	for (size_t i = 0; i < nseg; i++)
		memcpy(flat + (segs[i].paddr - low), file + segs[i].offset, segs[i].filesz);

	/* The header the loader reads, as it will read it. */
	if (arch->flat_check(flat, len, low, mem_end, why, sizeof(why))) {
		ERROR(name, "not a bootable %s: %s", arch->flat_name, why);
		goto out;
	}
	if (write_file(tmp, name, flat, len))
		goto out;
	VERBOSE("flat image: %zu bytes from %zu segments loaded at %#llx (%s)", len, nseg,
		(unsigned long long)low, why);
	ret = 0;
out:
	free(flat);
	free(segs);
	image_close(&im);
	return ret;
}

int write_flat_image(struct link *l)
{
	/* Messages name the outputs, not their temporary files. */
	return flat_from_elf(l->arch, l->tmp_output, l->o->output, l->tmp_image, l->o->image);
}

static void image_usage(FILE *f)
{
	fprintf(f,
"usage: ukld image -o FILE IMAGE\n"
"\n"
"Writes the flat image of a linked riscv64 IMAGE to FILE: the bytes its loaders\n"
"(QEMU -kernel, U-Boot's booti) put in memory, as `ukld --image FILE` writes\n"
"at link time.  FILE is written only if the header checks out.\n");
}

int cmd_image(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *out = NULL;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'h': image_usage(stdout); return 0;
		default:
			ERROR(NULL, "image: %s '%s' (see ukld image --help)",
			      optopt == 'o' ? "missing the file after" : "unknown option",
			      argv[optind - 1]);
			return 1;
		}
	}
	if (!out || optind != argc - 1) {
		ERROR(NULL, "image: give -o FILE and one linked image (see ukld image --help)");
		return 1;
	}
	const char *elf = argv[optind];
	if (output_path_valid(out, "-o", "flat image", &elf, 1))
		return 1;

	struct image im;
	if (image_open(&im, elf))
		return 1;
	unsigned machine = im.ehdr.e_machine;
	bool exec = im.ehdr.e_type == ET_EXEC && im.ehdr.e_ident[EI_CLASS] == ELFCLASS64;
	image_close(&im);
	if (!exec) {
		ERROR(elf, "not a linked 64-bit image (an ET_EXEC that ukld wrote): no flat image");
		return 1;
	}
	const struct ukld_arch *arch = arch_for_machine(machine);
	if (!arch || !arch->flat_check) {
		ERROR(elf, "%s images have no flat image%s", arch ? arch->name : machine_name(machine),
		      arch ? " (QEMU boots the ELF through its PVH note)" : "");
		return 1;
	}
	tmp_signals();
	char *tmp = output_writable(out, "flat image") ? NULL : temp_file(out, "flat image");
	if (!tmp)
		return 1;
	int ret = flat_from_elf(arch, elf, elf, tmp, out);
	if (!ret)
		ret = put_in_place(tmp, out, 0644, "flat image");
	if (ret) {
		unlink(tmp);
		tmp_forget(tmp);
	}
	free(tmp);
	return ret ? 1 : 0;
}
