/* SPDX-License-Identifier: MIT */
/* The link's global names: an open-addressing hash map, name -> struct gsym. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ukld.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ull;
	return h;
}

static void grow(struct symmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024;
	struct gsym **slots = calloc(cap, sizeof(*slots));
	if (!slots) {
		perror("ukld");
		exit(1);
	}
	for (size_t i = 0; i < m->cap; i++) {
		struct gsym *g = m->slots[i];
		if (!g)
			continue;
		size_t j = hash(g->name) & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = g;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

struct gsym *symmap_get(struct symmap *m, const char *name, bool create)
{
	if (!m->cap)
		grow(m);
	size_t j = hash(name) & (m->cap - 1);
	while (m->slots[j]) {
		if (!strcmp(m->slots[j]->name, name))
			return m->slots[j];
		j = (j + 1) & (m->cap - 1);
	}
	if (!create)
		return NULL;
	if ((m->count + 1) * 2 > m->cap) {
		grow(m);
		return symmap_get(m, name, true);
	}
	struct gsym *g = calloc(1, sizeof(*g));
	if (!g) {
		perror("ukld");
		exit(1);
	}
	g->name = name;
	m->slots[j] = g;
	m->count++;
	return g;
}
