/* SPDX-License-Identifier: MIT */
/* The ELF64 pieces the runtime reads: its own headers through __ehdr_start. */
#ifndef UKL_ELF_H
#define UKL_ELF_H

#include <stdint.h>

typedef struct {
	unsigned char e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} Elf64_Phdr;

#define PT_LOAD 1
#define PT_TLS 7
#define PF_X 1
#define PF_W 2
#define PF_R 4

/* Auxiliary vector keys. */
#define AT_NULL    0
#define AT_PHDR    3
#define AT_PHENT   4
#define AT_PHNUM   5
#define AT_PAGESZ  6
#define AT_ENTRY   9
#define AT_UID     11
#define AT_EUID    12
#define AT_GID     13
#define AT_EGID    14
#define AT_PLATFORM 15
#define AT_HWCAP   16
#define AT_CLKTCK  17
#define AT_SECURE  23
#define AT_RANDOM  25
#define AT_EXECFN  31

/*
 * The image's program headers.  x86_64 loads the ELF header at the start of
 * the text, and they follow it; a riscv64 image starts with code (the
 * firmware jumps to its first byte), so ukld copies them into .ukl.phdrs
 * after the link (contract.h, point 5).
 */
#ifdef __riscv
#include <ukl/contract.h>
extern const struct ukl_phdrs __ukl_phdrs;

static inline const Elf64_Phdr *image_phdrs(void)
{
	return (const Elf64_Phdr *)(const void *)__ukl_phdrs.phdrs;
}
static inline unsigned image_phnum(void)
{
	return __ukl_phdrs.magic == UKL_PHDRS_MAGIC ? __ukl_phdrs.count : 0;
}
#else
extern const Elf64_Ehdr __ehdr_start;

static inline const Elf64_Phdr *image_phdrs(void)
{
	return (const Elf64_Phdr *)((const char *)&__ehdr_start + __ehdr_start.e_phoff);
}
static inline unsigned image_phnum(void)
{
	return __ehdr_start.e_phnum;
}
#endif

#endif
