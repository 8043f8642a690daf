/* SPDX-License-Identifier: MIT */
/*
 * The PVH hand-over: %ebx at pvh_start held the physical address of
 * struct hvm_start_info (xen/include/public/arch-x86/hvm/start_info.h).
 * The memory map (E820 types) is there from version 1 on, which QEMU >= 4.0
 * provides.
 */
#include <arch/x86.h>
#include <ukl/arch.h>
#include <ukl/boot.h>

#define HVM_START_MAGIC 0x336ec578
#define E820_RAM 1

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;     /* version >= 1 */
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

void *phys_to_virt(uint64_t pa)
{
	return (void *)(DIRECT_MAP_BASE + pa);
}

void boot_info_init(uintptr_t pa, struct boot_info *bi)
{
	const struct hvm_start_info *si = phys_to_virt(pa);

	bi->cmdline = "";
	bi->nmem = 0;
	bi->initrd_base = bi->initrd_size = 0;
	if (!pa || si->magic != HVM_START_MAGIC)
		panic("pvh: no hvm_start_info (ebx=%#lx)", (unsigned long)pa);
	if (si->cmdline_paddr) {
		/* Copied: the frame it is in may be handed out later. */
		static char cmdline[8192];
		const char *s = phys_to_virt(si->cmdline_paddr);
		size_t n = strnlen(s, sizeof(cmdline) - 1);
		memcpy(cmdline, s, n);
		cmdline[n] = 0;
		bi->cmdline = cmdline;
	}
	/* QEMU's -initrd is the first module. */
	if (si->nr_modules && si->modlist_paddr) {
		const struct hvm_modlist_entry *m = phys_to_virt(si->modlist_paddr);
		bi->initrd_base = m->paddr;
		bi->initrd_size = m->size;
	}
	if (si->version >= 1 && si->memmap_paddr) {
		const struct hvm_memmap_entry *e = phys_to_virt(si->memmap_paddr);
		for (uint32_t i = 0; i < si->memmap_entries && bi->nmem < BOOT_MEM_MAX; i++) {
			if (e[i].type != E820_RAM)
				continue;
			bi->mem[bi->nmem].base = e[i].addr;
			bi->mem[bi->nmem].size = e[i].size;
			bi->nmem++;
		}
	}
	if (!bi->nmem) {
		/* An old loader without a map: assume the 32 MiB above 1 MiB. */
		printk("ukl: pvh: no memory map, assuming 32 MiB\n");
		bi->mem[0].base = 1ul << 20;
		bi->mem[0].size = 32ul << 20;
		bi->nmem = 1;
	}
}
