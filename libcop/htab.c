/*
 * htab.c: the one small hash table of the library's bulk paths (the
 * imports' sets and indexes, the recognition bulk's standings, scores and
 * period totals): 64-bit keys to 64-bit values, open addressing with
 * linear probing, doubled when three quarters full (as compact as the
 * tables it replaced: a set of 600k keys takes 16 MiB).
 *
 * A key may be a hash of something longer (an id, a string): several
 * entries may then share one key, and cop__htab_next() walks them so the
 * caller compares what the values point at.  No dependency but the
 * allocator, so a unit test compiles it in (tests/check_htab.c).
 */
#include <string.h>

#include "internal.h"

/* Values are stored + 1: 0 marks an empty slot. */
struct cop__htab_slot {
	uint64_t key, val;
};

static size_t htab_home(uint64_t key, size_t cap)
{
	key *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(key ^ (key >> 29)) & (cap - 1);
}

uint64_t cop__hash_bytes(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *b = p;
	uint64_t h = seed ^ 0xcbf29ce484222325ULL, w;

	for (; n >= 8; n -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 31;
	}
	for (; n; n--, b++)
		h = (h ^ *b) * 0x100000001b3ULL;
	return h ^ (h >> 32);
}

uint64_t cop__hash_str(const char *s)
{
	return cop__hash_bytes(s, strlen(s), 0);
}

static int htab_grow(cop__htab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024, i, j;
	cop__htab_slot *n;

	if (cap < t->cap || !(n = cop_mallocz(cap * sizeof(*n))))
		return -1;
	for (i = 0; i < t->cap; i++) {
		if (!t->v[i].val)
			continue;
		for (j = htab_home(t->v[i].key, cap); n[j].val; j = (j + 1) & (cap - 1))
			;
		n[j] = t->v[i];
	}
	cop_free(t->v);
	t->v = n;
	t->cap = cap;
	return 0;
}

int cop__htab_add(cop__htab *t, uint64_t key, uint64_t val)
{
	size_t j;

	if (val == UINT64_MAX)
		return -1;
	if ((t->n + 1) * 4 > t->cap * 3 && htab_grow(t) != 0)
		return -1;
	for (j = htab_home(key, t->cap); t->v[j].val; j = (j + 1) & (t->cap - 1))
		;
	t->v[j].key = key;
	t->v[j].val = val + 1;
	t->n++;
	return 0;
}

int cop__htab_next(const cop__htab *t, uint64_t key, size_t *pos,
	uint64_t *val)
{
	size_t j;

	if (!t->cap)
		return 0;
	j = *pos ? *pos & (t->cap - 1) : htab_home(key, t->cap);
	for (; t->v[j].val; j = (j + 1) & (t->cap - 1))
		if (t->v[j].key == key) {
			*val = t->v[j].val - 1;
			*pos = j + 1;
			return 1;
		}
	return 0;
}

int cop__htab_get(const cop__htab *t, uint64_t key, uint64_t *val)
{
	size_t pos = 0;

	return cop__htab_next(t, key, &pos, val);
}

int cop__htab_slot_at(const cop__htab *t, size_t i, uint64_t *key,
	uint64_t *val)
{
	if (i >= t->cap || !t->v[i].val)
		return 0;
	*key = t->v[i].key;
	*val = t->v[i].val - 1;
	return 1;
}

void cop__htab_clear(cop__htab *t)
{
	if (t->cap)
		memset(t->v, 0, t->cap * sizeof(*t->v));
	t->n = 0;
}

void cop__htab_free(cop__htab *t)
{
	cop_free(t->v);
	memset(t, 0, sizeof(*t));
}

/* ---- a set of small integer keys as bits ---------------------------------------- */

int cop__keyset_has(const cop__keyset *k, int64_t key)
{
	uint64_t off;
	size_t p, bit;

	if (key < COP__KEYSET_MIN || key > COP__KEYSET_MAX)
		return 0;
	off = (uint64_t)(key - COP__KEYSET_MIN);
	p = (size_t)(off / COP__KEYSET_PAGE);
	bit = (size_t)(off % COP__KEYSET_PAGE);
	if (p >= k->npage || !k->page[p])
		return 0;
	return (int)(k->page[p][bit / 64] >> (bit % 64) & 1);
}

int cop__keyset_add(cop__keyset *k, int64_t key)
{
	uint64_t off, **v;
	size_t p, bit, n;

	if (key < COP__KEYSET_MIN || key > COP__KEYSET_MAX)
		return 1;
	off = (uint64_t)(key - COP__KEYSET_MIN);
	p = (size_t)(off / COP__KEYSET_PAGE);
	bit = (size_t)(off % COP__KEYSET_PAGE);
	if (p >= k->npage || !k->page[p]) {
		if (k->pages && *k->pages == 0)
			return 1;
		if (p >= k->npage) {
			/* The slots double, up to this page. */
			for (n = k->npage ? k->npage : 16; n <= p; n *= 2)
				;
			if (!(v = cop_realloc(k->page, n * sizeof(*v))))
				return -1;
			memset(v + k->npage, 0, (n - k->npage) * sizeof(*v));
			k->page = v;
			k->npage = n;
		}
		if (!(k->page[p] = cop_mallocz(COP__KEYSET_PAGE / 8)))
			return -1;
		if (k->pages)
			(*k->pages)--;
	}
	k->page[p][bit / 64] |= (uint64_t)1 << (bit % 64);
	return 0;
}

void cop__keyset_free(cop__keyset *k)
{
	size_t i;

	for (i = 0; i < k->npage; i++)
		if (k->page[i]) {
			cop_free(k->page[i]);
			if (k->pages)
				(*k->pages)++;
		}
	cop_free(k->page);
	k->page = NULL;
	k->npage = 0;
}
