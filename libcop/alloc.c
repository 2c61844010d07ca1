/*
 * alloc.c: the one allocator, with fault injection for tests.
 *
 * Counters are process-wide atomics: tests inject failures from one
 * thread, but the library may be used from several.
 */
#include <stdlib.h>
#include <string.h>
#include <stdatomic.h>

#include "internal.h"

static atomic_long alloc_count;      /* allocations attempted, ever */
static atomic_long fail_countdown;   /* >0: fail when it reaches 1 */
static atomic_int fail_persistent;
static atomic_int fail_tripped;      /* persistent mode has started failing */
static atomic_long fail_count;

/* 1 if this allocation must fail on purpose. */
static int alloc_should_fail(void)
{
	long n;

	atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed);
	if (atomic_load_explicit(&fail_tripped, memory_order_relaxed)) {
		atomic_fetch_add(&fail_count, 1);
		return 1;
	}
	n = atomic_load_explicit(&fail_countdown, memory_order_relaxed);
	if (n <= 0)
		return 0;
	n = atomic_fetch_sub(&fail_countdown, 1);
	if (n != 1)
		return 0;
	atomic_fetch_add(&fail_count, 1);
	if (atomic_load(&fail_persistent))
		atomic_store(&fail_tripped, 1);
	return 1;
}

void *cop_malloc(size_t n)
{
	if (alloc_should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *cop_mallocz(size_t n)
{
	if (alloc_should_fail())
		return NULL;
	return calloc(1, n ? n : 1);
}

void *cop_realloc(void *p, size_t n)
{
	if (alloc_should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

char *cop_strdup(const char *s)
{
	return s ? cop_strndup(s, strlen(s)) : NULL;
}

char *cop_strndup(const char *s, size_t n)
{
	const char *nul;
	char *p;
	size_t len;

	if (!s)
		return NULL;
	nul = memchr(s, '\0', n);
	len = nul ? (size_t)(nul - s) : n;
	if (!(p = cop_malloc(len + 1)))
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void cop_free(void *p)
{
	free(p);
}

void cop_alloc_fail_at(long n, int persistent)
{
	atomic_store(&fail_tripped, 0);
	atomic_store(&fail_count, 0);
	atomic_store(&fail_persistent, persistent ? 1 : 0);
	atomic_store(&fail_countdown, n > 0 ? n : 0);
}

long cop_alloc_failures(void)
{
	return atomic_load(&fail_count);
}

long cop_alloc_count(void)
{
	return atomic_load(&alloc_count);
}
