/* SPDX-License-Identifier: MIT */
/*
 * The boot hand-over: a1 at the entry held the physical address of a
 * flattened device tree (devicetree.org specification, v17).  Read once:
 *   /memory*          reg: the RAM (root #address-cells/#size-cells)
 *   /reserved-memory/<node>  reg: taken out of the RAM (the firmware's)
 *   memory reservation block: taken out too, and so is the tree itself
 *   /chosen           bootargs: the command line (copied);
 *                     linux,initrd-start/-end: QEMU's -initrd (pmm.c
 *                     leaves its frames alone)
 *   /cpus             timebase-frequency; the first cpu's riscv,isa
 */
#include <arch/dt.h>
#include <arch/riscv.h>
#include <ukl/arch.h>
#include <ukl/boot.h>

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

uint64_t dt_timebase_hz;
unsigned long dt_isa_letters;

struct fdt_header {
	uint32_t magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap;
	uint32_t version, last_comp_version, boot_cpuid_phys, size_dt_strings,
		 size_dt_struct;
};

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t cells(const uint8_t **p, uint32_t n)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < n; i++, *p += 4)
		v = v << 32 | be32(*p);
	return v;
}

/* Take [base, base+size) out of the RAM regions, splitting one if needed. */
static void mem_exclude(struct boot_info *bi, uint64_t base, uint64_t size)
{
	uint64_t end = base + size;

	for (unsigned i = 0; i < bi->nmem; i++) {
		uint64_t rb = bi->mem[i].base, re = rb + bi->mem[i].size;
		if (end <= rb || base >= re)
			continue;
		if (base > rb && end < re && bi->nmem < BOOT_MEM_MAX) {
			bi->mem[bi->nmem].base = end;
			bi->mem[bi->nmem].size = re - end;
			bi->nmem++;
		}
		if (base > rb) {
			bi->mem[i].size = base - rb;
		} else {
			bi->mem[i].base = MIN(end, re);
			bi->mem[i].size = re - bi->mem[i].base;
		}
	}
}

static bool str_eq(const char *a, const char *b)
{
	size_t n = strlen(b);
	return !memcmp(a, b, n + 1);
}

static bool name_is(const char *node, const char *want)
{
	size_t n = strlen(want);
	return !memcmp(node, want, n) && (node[n] == 0 || node[n] == '@');
}

void boot_info_init(uintptr_t pa, struct boot_info *bi)
{
	static char cmdline[8192];
	struct { uint64_t base, size; } resv[BOOT_MEM_MAX];
	unsigned nresv = 0;
	const struct fdt_header *h = phys_to_virt(pa);

	bi->cmdline = "";
	bi->nmem = 0;
	bi->initrd_base = bi->initrd_size = 0;
	uint64_t initrd_end = 0;
	if (!pa || be32(&h->magic) != FDT_MAGIC)
		panic("fdt: no device tree at %#lx", (unsigned long)pa);
	const uint8_t *base = (const uint8_t *)h;
	const uint8_t *p = base + be32(&h->off_dt_struct);
	const uint8_t *end = p + be32(&h->size_dt_struct);
	const char *strings = (const char *)base + be32(&h->off_dt_strings);

	/* The memory reservation block, and the tree itself. */
	for (const uint8_t *r = base + be32(&h->off_mem_rsvmap); nresv < BOOT_MEM_MAX; ) {
		uint64_t rb = cells(&r, 2), rs = cells(&r, 2);
		if (!rb && !rs)
			break;
		resv[nresv].base = rb;
		resv[nresv++].size = rs;
	}
	if (nresv < BOOT_MEM_MAX) {
		resv[nresv].base = pa;
		resv[nresv++].size = be32(&h->totalsize);
	}

	/* Walk the structure block.  path[d] is the name of the node at
	 * depth d (the root is depth 1, "").  Cells apply to the children. */
	const char *path[8] = { 0 };
	uint32_t acells[8] = { 2, 2 }, scells[8] = { 1, 1 };
	/* Whether a node's properties are read at all: the root, /memory*,
	 * /reserved-memory and its children, /chosen, /cpus and its cpus.
	 * The rest (the devices under /soc, most of QEMU's tree) is only
	 * walked over: comparing every property's name against ours was 3
	 * in 100 of the boot's instructions. */
	bool wanted[8] = { false, true };
	int depth = 0;
	bool is_memory = false, first_cpu_done = false;

	while (p < end) {
		uint32_t tok = be32(p);
		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			p += ALIGN_UP(strlen(name) + 1, 4);
			depth++;
			if (depth < 8) {
				path[depth] = name;
				acells[depth] = 2;
				scells[depth] = 1;
				wanted[depth] = depth == 1 ||
					(depth == 2 && (name_is(name, "memory") ||
							name_is(name, "reserved-memory") ||
							name_is(name, "chosen") || name_is(name, "cpus"))) ||
					(depth == 3 && wanted[2] && (name_is(path[2], "reserved-memory") ||
								     name_is(path[2], "cpus")));
			}
			is_memory = false;
			continue;
		}
		if (tok == FDT_END_NODE) {
			if (depth == 3 && path[2] && name_is(path[2], "cpus") &&
			    path[3] && name_is(path[3], "cpu") && dt_isa_letters)
				first_cpu_done = true;
			depth--;
			continue;
		}
		if (tok == FDT_NOP)
			continue;
		if (tok != FDT_PROP)
			break;
		uint32_t len = be32(p), nameoff = be32(p + 4);
		const uint8_t *val = p + 8;
		const char *prop = strings + nameoff;
		p = val + ALIGN_UP(len, 4);
		if (depth < 1 || depth >= 8 || !wanted[depth])
			continue;
		const char *node = path[depth];

		if (str_eq(prop, "#address-cells") && len == 4)
			acells[depth] = be32(val);
		else if (str_eq(prop, "#size-cells") && len == 4)
			scells[depth] = be32(val);
		else if (depth == 2 && name_is(node, "memory") && str_eq(prop, "device_type"))
			is_memory = str_eq((const char *)val, "memory");

		/* reg: after device_type in QEMU's trees, but check the node
		 * name too, as the specification names memory nodes. */
		if (str_eq(prop, "reg") && depth == 2 && (is_memory || name_is(node, "memory"))) {
			uint32_t a = acells[1], s = scells[1], n = len / (4 * (a + s));
			for (uint32_t i = 0; i < n && bi->nmem < BOOT_MEM_MAX; i++) {
				const uint8_t *q = val + i * 4 * (a + s);
				bi->mem[bi->nmem].base = cells(&q, a);
				bi->mem[bi->nmem].size = cells(&q, s);
				bi->nmem++;
			}
		} else if (str_eq(prop, "reg") && depth == 3 &&
			   name_is(path[2], "reserved-memory")) {
			uint32_t a = acells[2], s = scells[2], n = len / (4 * (a + s));
			for (uint32_t i = 0; i < n && nresv < BOOT_MEM_MAX; i++) {
				const uint8_t *q = val + i * 4 * (a + s);
				resv[nresv].base = cells(&q, a);
				resv[nresv++].size = cells(&q, s);
			}
		} else if (depth == 2 && name_is(node, "chosen") && str_eq(prop, "bootargs")) {
			size_t n = strnlen((const char *)val, MIN(len, sizeof(cmdline) - 1));
			memcpy(cmdline, val, n);
			cmdline[n] = 0;
			bi->cmdline = cmdline;
		} else if (depth == 2 && name_is(node, "chosen") &&
			   (str_eq(prop, "linux,initrd-start") || str_eq(prop, "linux,initrd-end"))) {
			const uint8_t *q = val;
			uint64_t v = cells(&q, len / 4 > 2 ? 2 : len / 4);
			if (prop[13] == 's')
				bi->initrd_base = v;
			else
				initrd_end = v;
		} else if (depth == 2 && name_is(node, "cpus") &&
			   str_eq(prop, "timebase-frequency")) {
			const uint8_t *q = val;
			dt_timebase_hz = cells(&q, len / 4 > 2 ? 2 : len / 4);
		} else if (depth == 3 && name_is(path[2], "cpus") && name_is(node, "cpu") &&
			   !first_cpu_done && str_eq(prop, "riscv,isa")) {
			const char *isa = (const char *)val;
			if (strnlen(isa, 4) == 4 && !memcmp(isa, "rv64", 4))
				for (isa += 4; *isa >= 'a' && *isa <= 'z'; isa++)
					dt_isa_letters |= 1ul << (*isa - 'a');
		}
	}
	if (initrd_end > bi->initrd_base)
		bi->initrd_size = initrd_end - bi->initrd_base;
	else
		bi->initrd_base = 0;
	if (!bi->nmem)
		panic("fdt: no memory node in the device tree");
	for (unsigned i = 0; i < nresv; i++)
		mem_exclude(bi, resv[i].base, resv[i].size);
}
