/*
 * check_htab.c: the library's one hash table (libcop/htab.c, internal:
 * this test compiles it in), which the imports and the recognition bulk
 * index their rows with: every key found with its value after growing,
 * keys shared by several entries walked one by one, absent keys not
 * found, clearing, slots listed, and an allocation failure leaving the
 * table as it was; and the set of small keys as bits (cop__keyset).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "internal.h"

/* 100,000 distinct keys (spread and dense), each found with its value
 * after the table grew many times; keys never added are not found. */
START_TEST(test_add_get_grow)
{
	cop__htab t;
	uint64_t i, v;
	size_t cap0;

	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(cop__htab_get(&t, 7, &v), 0);
	ck_assert_int_eq(cop__htab_add(&t, 7, 70), 0);
	cap0 = t.cap;
	ck_assert_uint_gt(cap0, 0);
	for (i = 0; i < 100000; i++)
		ck_assert_int_eq(cop__htab_add(&t, i * 1000003u + 11, i), 0);
	ck_assert_uint_eq(t.n, 100001);
	ck_assert_uint_gt(t.cap, cap0);
	ck_assert_uint_ge(t.cap * 3, t.n * 4);
	for (i = 0; i < 100000; i++) {
		v = UINT64_MAX;
		ck_assert_int_eq(cop__htab_get(&t, i * 1000003u + 11, &v), 1);
		ck_assert_uint_eq(v, i);
		ck_assert_int_eq(cop__htab_get(&t, i * 1000003u + 12, &v), 0);
	}
	ck_assert_int_eq(cop__htab_get(&t, 7, &v), 1);
	ck_assert_uint_eq(v, 70);
	/* Key 0 and the largest key are keys like any other; value 0 too. */
	ck_assert_int_eq(cop__htab_add(&t, 0, 0), 0);
	ck_assert_int_eq(cop__htab_add(&t, UINT64_MAX, UINT64_MAX - 1), 0);
	ck_assert_int_eq(cop__htab_get(&t, 0, &v), 1);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(cop__htab_get(&t, UINT64_MAX, &v), 1);
	ck_assert_uint_eq(v, UINT64_MAX - 1);
	/* UINT64_MAX is not a value: refused, nothing added. */
	ck_assert_int_eq(cop__htab_add(&t, 5, UINT64_MAX), -1);
	ck_assert_uint_eq(t.n, 100003);
	ck_assert_int_eq(cop__htab_get(&t, 5, &v), 0);
	cop__htab_free(&t);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_uint_eq(t.cap, 0);
	ck_assert_ptr_null(t.v);
	ck_assert_int_eq(cop__htab_get(&t, 7, &v), 0);
}
END_TEST

/* Entries sharing a key (a hash of longer keys): the walk yields each
 * value once, and only theirs, among neighbours in the same slots. */
START_TEST(test_shared_keys)
{
	cop__htab t;
	uint64_t v, seen = 0;
	size_t pos = 0;
	int n = 0, i;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(cop__htab_add(&t, 42, (uint64_t)i), 0);
		ck_assert_int_eq(cop__htab_add(&t, 43 + (uint64_t)i, 100), 0);
	}
	while (cop__htab_next(&t, 42, &pos, &v)) {
		ck_assert_uint_lt(v, 5);
		ck_assert_uint_eq(seen & (1u << v), 0);
		seen |= 1u << v;
		n++;
	}
	ck_assert_int_eq(n, 5);
	ck_assert_uint_eq(seen, 0x1f);
	pos = 0;
	ck_assert_int_eq(cop__htab_next(&t, 99, &pos, &v), 0);
	cop__htab_free(&t);
}
END_TEST

/* The hashes used as keys: equal input, equal hash; the seed and every
 * byte count. */
START_TEST(test_hashes)
{
	unsigned char a[16], b[16];

	memset(a, 1, sizeof(a));
	memcpy(b, a, sizeof(b));
	ck_assert_uint_eq(cop__hash_bytes(a, 16, 0), cop__hash_bytes(b, 16, 0));
	ck_assert_uint_ne(cop__hash_bytes(a, 16, 0), cop__hash_bytes(a, 16, 1));
	b[15] = 2;
	ck_assert_uint_ne(cop__hash_bytes(a, 16, 0), cop__hash_bytes(b, 16, 0));
	b[15] = 1;
	b[0] = 2;
	ck_assert_uint_ne(cop__hash_bytes(a, 16, 0), cop__hash_bytes(b, 16, 0));
	ck_assert_uint_eq(cop__hash_str("beer"), cop__hash_bytes("beer", 4, 0));
	ck_assert_uint_ne(cop__hash_str("beer"), cop__hash_str("beers"));
	ck_assert_uint_ne(cop__hash_str(""), cop__hash_str("a"));
}
END_TEST

/* Cleared, a table keeps its slots and finds nothing; the slots list
 * exactly the entries. */
START_TEST(test_clear_and_slots)
{
	cop__htab t;
	uint64_t k, v, sum = 0;
	size_t i, cap, n = 0;

	memset(&t, 0, sizeof(t));
	for (k = 1; k <= 1000; k++)
		ck_assert_int_eq(cop__htab_add(&t, k, k * 2), 0);
	for (i = 0; i < t.cap + 3; i++)
		if (cop__htab_slot_at(&t, i, &k, &v)) {
			ck_assert_uint_eq(v, k * 2);
			sum += k;
			n++;
		}
	ck_assert_uint_eq(n, 1000);
	ck_assert_uint_eq(sum, 500500);
	cap = t.cap;
	cop__htab_clear(&t);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_uint_eq(t.cap, cap);
	for (k = 1; k <= 1000; k++)
		ck_assert_int_eq(cop__htab_get(&t, k, &v), 0);
	ck_assert_int_eq(cop__htab_add(&t, 3, 4), 0);
	ck_assert_int_eq(cop__htab_get(&t, 3, &v), 1);
	ck_assert_uint_eq(v, 4);
	cop__htab_free(&t);
}
END_TEST

/* An allocation failure while growing: -1, the table as it was. */
START_TEST(test_out_of_memory)
{
	cop__htab t;
	uint64_t k, v;
	size_t cap;

	memset(&t, 0, sizeof(t));
	cop_alloc_fail_at(1, 0);
	ck_assert_int_eq(cop__htab_add(&t, 1, 1), -1);
	cop_alloc_fail_at(0, 0);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_uint_eq(t.cap, 0);
	for (k = 0; (t.n + 1) * 4 <= t.cap * 3 || !t.cap; k++)
		ck_assert_int_eq(cop__htab_add(&t, k, k), 0);
	cap = t.cap;
	cop_alloc_fail_at(1, 0);
	ck_assert_int_eq(cop__htab_add(&t, k, k), -1);
	cop_alloc_fail_at(0, 0);
	ck_assert_uint_eq(t.cap, cap);
	ck_assert_uint_eq(t.n, k);
	ck_assert_int_eq(cop__htab_get(&t, k, &v), 0);
	while (k--) {
		ck_assert_int_eq(cop__htab_get(&t, k, &v), 1);
		ck_assert_uint_eq(v, k);
	}
	cop__htab_free(&t);
}
END_TEST

/* ---- the set of small keys as bits (cop__keyset) ------------------------------ */

/* Keys dense and spread over many pages, the smallest and largest it
 * holds, each found; keys never added not found; keys out of its range
 * refused (1) and not found. */
START_TEST(test_keyset_add_has)
{
	cop__keyset k;
	int64_t i;

	memset(&k, 0, sizeof(k));
	ck_assert_int_eq(cop__keyset_has(&k, 1), 0);
	for (i = 0; i < 300000; i += 2)
		ck_assert_int_eq(cop__keyset_add(&k, i), 0);
	ck_assert_int_eq(cop__keyset_add(&k, -1), 0);
	ck_assert_int_eq(cop__keyset_add(&k, COP__KEYSET_MIN), 0);
	ck_assert_int_eq(cop__keyset_add(&k, COP__KEYSET_MAX), 0);
	ck_assert_int_eq(cop__keyset_add(&k, 4000000007LL - 65536), 0);
	/* Again: no change. */
	ck_assert_int_eq(cop__keyset_add(&k, 4), 0);
	for (i = 0; i < 300000; i++)
		ck_assert_int_eq(cop__keyset_has(&k, i), i % 2 == 0);
	ck_assert_int_eq(cop__keyset_has(&k, 300000), 0);
	ck_assert_int_eq(cop__keyset_has(&k, -1), 1);
	ck_assert_int_eq(cop__keyset_has(&k, -2), 0);
	ck_assert_int_eq(cop__keyset_has(&k, COP__KEYSET_MIN), 1);
	ck_assert_int_eq(cop__keyset_has(&k, COP__KEYSET_MIN + 1), 0);
	ck_assert_int_eq(cop__keyset_has(&k, COP__KEYSET_MAX), 1);
	ck_assert_int_eq(cop__keyset_has(&k, COP__KEYSET_MAX - 1), 0);
	ck_assert_int_eq(cop__keyset_has(&k, 4000000007LL - 65536), 1);
	ck_assert_int_eq(cop__keyset_has(&k, 4000000008LL - 65536), 0);
	/* Out of range: refused, never found. */
	ck_assert_int_eq(cop__keyset_add(&k, COP__KEYSET_MIN - 1), 1);
	ck_assert_int_eq(cop__keyset_add(&k, COP__KEYSET_MAX + 1), 1);
	ck_assert_int_eq(cop__keyset_add(&k, INT64_MIN), 1);
	ck_assert_int_eq(cop__keyset_add(&k, INT64_MAX), 1);
	ck_assert_int_eq(cop__keyset_has(&k, COP__KEYSET_MIN - 1), 0);
	ck_assert_int_eq(cop__keyset_has(&k, COP__KEYSET_MAX + 1), 0);
	ck_assert_int_eq(cop__keyset_has(&k, INT64_MAX), 0);
	cop__keyset_free(&k);
	ck_assert_int_eq(cop__keyset_has(&k, 4), 0);
	ck_assert_ptr_null(k.page);
}
END_TEST

/* Two sets sharing a budget of two pages: a third page is refused (1),
 * the sets unchanged; keys in the pages made still go in; freeing a set
 * gives its pages back. */
START_TEST(test_keyset_pages)
{
	cop__keyset a, b;
	size_t pages = 2;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.pages = b.pages = &pages;
	ck_assert_int_eq(cop__keyset_add(&a, 1), 0);
	ck_assert_int_eq(cop__keyset_add(&b, 1), 0);
	ck_assert_uint_eq(pages, 0);
	ck_assert_int_eq(cop__keyset_add(&a, COP__KEYSET_PAGE + 1), 1);
	ck_assert_int_eq(cop__keyset_has(&a, COP__KEYSET_PAGE + 1), 0);
	ck_assert_int_eq(cop__keyset_add(&a, COP__KEYSET_PAGE - 2), 0);
	ck_assert_int_eq(cop__keyset_has(&a, COP__KEYSET_PAGE - 2), 1);
	ck_assert_int_eq(cop__keyset_has(&a, 1), 1);
	ck_assert_int_eq(cop__keyset_has(&b, 1), 1);
	ck_assert_int_eq(cop__keyset_has(&b, 2), 0);
	cop__keyset_free(&b);
	ck_assert_uint_eq(pages, 1);
	ck_assert_int_eq(cop__keyset_add(&a, COP__KEYSET_PAGE + 1), 0);
	ck_assert_int_eq(cop__keyset_has(&a, COP__KEYSET_PAGE + 1), 1);
	ck_assert_uint_eq(pages, 0);
	cop__keyset_free(&a);
	ck_assert_uint_eq(pages, 2);
}
END_TEST

/* An allocation failure (the page slots, then the page): -1, no key
 * added, no page counted; the next add works. */
START_TEST(test_keyset_out_of_memory)
{
	cop__keyset k;
	size_t pages = 5;

	memset(&k, 0, sizeof(k));
	k.pages = &pages;
	cop_alloc_fail_at(1, 0);
	ck_assert_int_eq(cop__keyset_add(&k, 7), -1);
	cop_alloc_fail_at(0, 0);
	ck_assert_int_eq(cop__keyset_has(&k, 7), 0);
	ck_assert_uint_eq(pages, 5);
	cop_alloc_fail_at(2, 0);
	ck_assert_int_eq(cop__keyset_add(&k, 7), -1);
	cop_alloc_fail_at(0, 0);
	ck_assert_int_eq(cop__keyset_has(&k, 7), 0);
	ck_assert_uint_eq(pages, 5);
	ck_assert_int_eq(cop__keyset_add(&k, 7), 0);
	ck_assert_int_eq(cop__keyset_has(&k, 7), 1);
	ck_assert_uint_eq(pages, 4);
	cop__keyset_free(&k);
	ck_assert_uint_eq(pages, 5);
}
END_TEST

static Suite *htab_suite(void)
{
	Suite *s = suite_create("htab");
	TCase *tc = tu_tcase(s, "table", NULL, NULL);

	tcase_add_test(tc, test_add_get_grow);
	tcase_add_test(tc, test_shared_keys);
	tcase_add_test(tc, test_hashes);
	tcase_add_test(tc, test_clear_and_slots);
	tcase_add_test(tc, test_out_of_memory);
	tc = tu_tcase(s, "keyset", NULL, NULL);
	tcase_add_test(tc, test_keyset_add_has);
	tcase_add_test(tc, test_keyset_pages);
	tcase_add_test(tc, test_keyset_out_of_memory);
	return s;
}

int main(void)
{
	return tu_run(htab_suite());
}
