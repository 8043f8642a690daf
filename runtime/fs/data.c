/* SPDX-License-Identifier: MIT */
/*
 * The bytes of regular files.  A file of the writable file system keeps its
 * data in 4 KiB frames found through a radix tree of frames holding 512
 * pointers each (depth 1: 2 MiB, 2: 1 GiB, 3: 512 GiB); missing frames are
 * holes and read as zeros.  The bytes of the last frame beyond the size are
 * always zero (truncation clears them), so growing a file never shows old
 * data.  A file of the initrd points at its bytes in the archive instead
 * (reg.data) and is never written.
 */
#include <ukl/errno.h>
#include <ukl/fs.h>
#include <ukl/mm.h>

#define PTRS_SHIFT 9
#define PTRS (1u << PTRS_SHIFT)
#define MAX_DEPTH 3
#define MAX_FILE_SIZE ((uint64_t)PAGE_SIZE << (PTRS_SHIFT * MAX_DEPTH))

/* The slot of page pg, the tree grown and filled on the way when alloc;
 * NULL if it is not there (or no memory). */
static void **page_slot(struct inode *ip, uint64_t pg, bool alloc)
{
	while (ip->reg.depth == 0 || (pg >> (PTRS_SHIFT * ip->reg.depth)) != 0) {
		if (!alloc)
			return NULL;
		void **root = kpage_alloc();
		if (!root)
			return NULL;
		root[0] = ip->reg.pages;
		ip->reg.pages = root;
		ip->reg.depth++;
	}
	void **node = ip->reg.pages;
	for (unsigned lvl = ip->reg.depth - 1; lvl > 0; lvl--) {
		void **next = &node[(pg >> (PTRS_SHIFT * lvl)) & (PTRS - 1)];
		if (!*next) {
			if (!alloc || !(*next = kpage_alloc()))
				return NULL;
		}
		node = *next;
	}
	return &node[pg & (PTRS - 1)];
}

static char *page_at(struct inode *ip, uint64_t pg, bool alloc)
{
	void **slot = page_slot(ip, pg, alloc);

	if (!slot)
		return NULL;
	if (!*slot && alloc)
		*slot = kpage_alloc();
	return *slot;
}

long data_read(struct inode *ip, void *buf, size_t n, uint64_t off)
{
	if (off >= ip->size)
		return 0;
	n = MIN(n, ip->size - off);
	if (ip->reg.data) {
		memcpy(buf, ip->reg.data + off, n);
		return (long)n;
	}
	for (size_t done = 0; done < n;) {
		uint64_t pos = off + done;
		size_t in = pos % PAGE_SIZE, chunk = MIN(n - done, PAGE_SIZE - in);
		const char *page = page_at(ip, pos / PAGE_SIZE, false);
		if (page)
			memcpy((char *)buf + done, page + in, chunk);
		else
			memset((char *)buf + done, 0, chunk);
		done += chunk;
	}
	return (long)n;
}

long data_write(struct inode *ip, const void *buf, size_t n, uint64_t off)
{
	size_t done = 0;

	if (off >= MAX_FILE_SIZE)
		return -EFBIG;
	n = MIN(n, MAX_FILE_SIZE - off);
	while (done < n) {
		uint64_t pos = off + done;
		size_t in = pos % PAGE_SIZE, chunk = MIN(n - done, PAGE_SIZE - in);
		char *page = page_at(ip, pos / PAGE_SIZE, true);
		if (!page)
			break;
		memcpy(page + in, (const char *)buf + done, chunk);
		done += chunk;
	}
	if (!done && n)
		return -ENOSPC;
	if (off + done > ip->size)
		ip->size = off + done;
	return (long)done;
}

/* Free every data frame from page first on, below node (level lvl, whose
 * entries each span 512^lvl pages from base). */
static void free_from(void **node, unsigned lvl, uint64_t base, uint64_t first)
{
	uint64_t span = 1ull << (PTRS_SHIFT * lvl);

	for (unsigned i = 0; i < PTRS; i++) {
		uint64_t b = base + i * span;
		if (!node[i] || b + span <= first)
			continue;
		if (lvl > 0)
			free_from(node[i], lvl - 1, b, first);
		if (b >= first) {
			kpage_free(node[i]);
			node[i] = NULL;
		}
	}
}

long data_truncate(struct inode *ip, uint64_t size)
{
	if (size > MAX_FILE_SIZE)
		return -EFBIG;
	if (size < ip->size && ip->reg.depth) {
		uint64_t first = (size + PAGE_SIZE - 1) / PAGE_SIZE;
		free_from(ip->reg.pages, ip->reg.depth - 1, 0, first);
		if (!first) {
			kpage_free(ip->reg.pages);
			ip->reg.pages = NULL;
			ip->reg.depth = 0;
		} else if (size % PAGE_SIZE) {
			char *page = page_at(ip, size / PAGE_SIZE, false);
			if (page)
				memset(page + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
		}
	}
	ip->size = size;
	return 0;
}

void data_free(struct inode *ip)
{
	if (!ip->reg.data)
		data_truncate(ip, 0);
}
