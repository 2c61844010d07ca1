/*
 * links.c: the links and import-sources interfaces (cop_backend_links,
 * cop_backend_sources, interface version 5): every method, its records
 * and errors; and the core reaching links on a backend of version 4
 * through rop().
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

static const cop_backend_links *lnk(void)
{
	if (bt_be->version < 5 || !bt_be->links) {
		printf("# SKIP links: backend %s has no links table\n",
			bt_be->name);
		return NULL;
	}
	ck_assert_uint_ge(bt_be->links->version, 1);
	return bt_be->links;
}

static cop_link_rec link(unsigned int from, unsigned int to, int kind,
	cop_time created)
{
	cop_link_rec l;

	memset(&l, 0, sizeof(l));
	l.community_id = bt_id(10);
	l.thread_id = bt_id(from);
	l.target_id = bt_id(to);
	l.kind = kind;
	l.created = created;
	return l;
}

/* The targets (as numbers) thread @p from lists after @p after (0: from
 * the start), at most @p limit. */
static size_t targets(const cop_backend_links *m, unsigned int from,
	unsigned int after, unsigned int limit, unsigned int *out, size_t max)
{
	cop_backend_iter *it = NULL;
	cop_id t = bt_id(from), a = bt_id(after);
	cop_link_rec r;
	size_t n = 0;
	int rc;

	BT_OK(bt_be, m->link_list(bt_be, &t, after ? &a : NULL, limit, &it));
	while ((rc = it->next(it, &r)) == COP_OK) {
		ck_assert_uint_lt(n, max);
		BT_ID_EQ(r.thread_id, t, "thread");
		out[n++] = bt_id_num(&r.target_id);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	return n;
}

START_TEST(link_round_trip_and_errors)
{
	const cop_backend_links *m = lnk();
	cop_link_rec l, got;
	cop_id a = bt_id(20), b = bt_id(21), none = bt_id(99);

	if (!m)
		return;
	l = link(20, 21, COP_LINK_DUPLICATE, 1234567890123LL);
	BT_OK(bt_be, m->link_insert(bt_be, &l));
	BT_OK(bt_be, m->link_get(bt_be, &a, &b, &got));
	BT_ID_EQ(got.thread_id, a, "thread");
	BT_ID_EQ(got.target_id, b, "target");
	ck_assert_int_eq(got.kind, COP_LINK_DUPLICATE);
	ck_assert_int_eq(got.created, 1234567890123LL);
	/* The same pair again; the other way round is another link. */
	l.kind = COP_LINK_RELATED;
	BT_RC(bt_be, COP_EEXISTS, m->link_insert(bt_be, &l));
	BT_RC(bt_be, COP_ENOTFOUND, m->link_get(bt_be, &b, &a, &got));
	l = link(21, 20, COP_LINK_RELATED, 5);
	BT_OK(bt_be, m->link_insert(bt_be, &l));
	BT_OK(bt_be, m->link_get(bt_be, &b, &a, &got));
	ck_assert_int_eq(got.kind, COP_LINK_RELATED);
	BT_RC(bt_be, COP_ENOTFOUND, m->link_get(bt_be, &a, &none, &got));
}
END_TEST

START_TEST(link_listing)
{
	const cop_backend_links *m = lnk();
	unsigned int t[8];
	cop_link_rec l;

	if (!m)
		return;
	/* Written out of order: listed by target. */
	l = link(20, 24, 0, 1);
	BT_OK(bt_be, m->link_insert(bt_be, &l));
	l = link(20, 22, 1, 2);
	BT_OK(bt_be, m->link_insert(bt_be, &l));
	l = link(20, 23, 0, 3);
	BT_OK(bt_be, m->link_insert(bt_be, &l));
	l = link(21, 22, 0, 4);
	BT_OK(bt_be, m->link_insert(bt_be, &l));
	ck_assert_uint_eq(targets(m, 20, 0, 0, t, 8), 3);
	ck_assert_uint_eq(t[0], 22);
	ck_assert_uint_eq(t[1], 23);
	ck_assert_uint_eq(t[2], 24);
	ck_assert_uint_eq(targets(m, 20, 0, 2, t, 8), 2);
	ck_assert_uint_eq(t[1], 23);
	ck_assert_uint_eq(targets(m, 20, 22, 0, t, 8), 2);
	ck_assert_uint_eq(t[0], 23);
	ck_assert_uint_eq(targets(m, 20, 24, 0, t, 8), 0);
	ck_assert_uint_eq(targets(m, 21, 0, 0, t, 8), 1);
	ck_assert_uint_eq(targets(m, 22, 0, 0, t, 8), 0);
}
END_TEST

/* The public link API over this backend made to report version 4 with
 * its links table gone: links work only through rop(). */
START_TEST(version_4_backend_links_through_rop)
{
	cop_backend *be = bt_open();
	cop_store *s = NULL;
	cop_community *k;
	cop_thread *t1, *t2;
	cop_link_iter *it = NULL;
	cop_link *l = NULL;

	if (be->version < 5 || !be->rop) {
		be->free(be);
		return;
	}
	be->version = 4;
	be->links = NULL;
	ck_assert_int_eq(cop_open_backend(&s, be, &tu_system), COP_OK);
	TU_OK(s, cop_community_create(&k, s, "c", "C", NULL, "en",
		COP_VISIBILITY_PUBLIC));
	TU_OK(s, cop_thread_create(&t1, s, "c", COP_THREAD_QUESTION, "One",
		NULL, NULL, "Body one"));
	TU_OK(s, cop_thread_create(&t2, s, "c", COP_THREAD_QUESTION, "Two",
		NULL, NULL, "Body two"));
	TU_OK(s, cop_thread_link(s, cop_thread_id(t1), cop_thread_id(t2),
		COP_LINK_DUPLICATE));
	TU_RC(s, COP_EEXISTS, cop_thread_link(s, cop_thread_id(t1),
		cop_thread_id(t2), COP_LINK_RELATED));
	TU_OK(s, cop_link_iter_new(&it, s, cop_thread_id(t1)));
	TU_OK(s, cop_link_iter_next(&l, it));
	ck_assert_str_eq(cop_link_target_id(l), cop_thread_id(t2));
	ck_assert_int_eq(cop_link_kind_get(l), COP_LINK_DUPLICATE);
	cop_link_free(l);
	ck_assert_int_eq(cop_link_iter_next(&l, it), COP_ITEROVER);
	cop_link_iter_free(it);
	cop_thread_free(t1);
	cop_thread_free(t2);
	cop_community_free(k);
	tu_close(s);
}
END_TEST

START_TEST(source_round_trip_and_errors)
{
	const cop_backend_sources *m;
	cop_id k = bt_id(10), k2 = bt_id(11), o = bt_id(40), o2 = bt_id(41),
		got;

	if (bt_be->version < 5 || !(m = bt_be->sources)) {
		printf("# SKIP sources: backend %s has no sources table\n",
			bt_be->name);
		return;
	}
	BT_RC(bt_be, COP_ENOTFOUND, m->source_get(bt_be, &k, 1, "17", &got));
	ck_assert(cop_id_is_nil(&got));
	BT_OK(bt_be, m->source_insert(bt_be, &k, 1, "17", &o));
	BT_OK(bt_be, m->source_get(bt_be, &k, 1, "17", &got));
	BT_ID_EQ(got, o, "object");
	/* The same source again; another kind, community or id is another. */
	BT_RC(bt_be, COP_EEXISTS, m->source_insert(bt_be, &k, 1, "17", &o2));
	BT_RC(bt_be, COP_ENOTFOUND, m->source_get(bt_be, &k, 2, "17", &got));
	BT_RC(bt_be, COP_ENOTFOUND, m->source_get(bt_be, &k2, 1, "17", &got));
	BT_RC(bt_be, COP_ENOTFOUND, m->source_get(bt_be, &k, 1, "170", &got));
	BT_OK(bt_be, m->source_insert(bt_be, &k, 2, "17", &o2));
	BT_OK(bt_be, m->source_get(bt_be, &k, 2, "17", &got));
	BT_ID_EQ(got, o2, "object");
}
END_TEST

Suite *bt_links_suite(void)
{
	const TTest *const tests[] = {
		link_round_trip_and_errors, link_listing,
		version_4_backend_links_through_rop, source_round_trip_and_errors
	};

	return BT_SUITE("links", bt_setup, bt_teardown, tests);
}
