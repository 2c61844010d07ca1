/*
 * listing.c: each listing kind's order and its keyset edges: empty
 * listings, limits, bounds at the first and last row and past the end,
 * ties on the leading key, rows inserted before the cursor, parent_slug,
 * and iterators that lend their strings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "betest.h"

/*
 * Assert that @p base lists exactly @p want (id numbers) in one go, with
 * limit 0, and page by page with @p limit, each page starting after the
 * last row of the one before; a bound at the last row gives nothing.
 */
static void check_pages(const cop_query *base, const char *want,
	unsigned int limit)
{
	cop_query q = *base;
	bt_rows rows;
	char got[BT_ROWS_MAX * 8] = "";
	int pages = 0;

	q.limit = 0;
	q.has_after = 0;
	bt_expect(&q, want);

	q.limit = limit;
	for (;;) {
		BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
		ck_assert_uint_le(rows.n, limit);
		if (rows.n == 0)
			break;
		if (*got)
			strcat(got, " ");
		strcat(got, bt_rows_str(&rows));
		bt_query_after(&q, &rows, rows.n - 1);
		bt_rows_free(&rows);
		ck_assert_int_lt(++pages, BT_ROWS_MAX);
	}
	ck_assert_msg(strcmp(got, want) == 0, "pages of %u: got \"%s\", "
		"expected \"%s\"", limit, got, want);
}

/* check_pages() with pages of 1, 2 and 3 rows; then, when @p full is
 * not NULL, the whole listing into it (bt_rows_free() it). */
static void check_all(const cop_query *q, const char *want, bt_rows *full)
{
	unsigned int limit;

	for (limit = 1; limit <= 3; limit++)
		check_pages(q, want, limit);
	if (full)
		BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, q, full));
}

/* An empty listing of @p q's kind. */
static void check_empty(cop_query q)
{
	bt_rows rows;

	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	ck_assert_uint_eq(rows.n, 0);
	q.limit = 1;
	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	ck_assert_uint_eq(rows.n, 0);
}

START_TEST(empty_listings)
{
	static const cop_list_kind kinds[] = {
		COP_LIST_MEMBERS, COP_LIST_COMMUNITIES, COP_LIST_MEMBERSHIPS,
		COP_LIST_THREADS, COP_LIST_THREAD_CONTRIBS,
		COP_LIST_AUTHOR_CONTRIBS, COP_LIST_REVISIONS, COP_LIST_LOG
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		check_empty(bt_query(kinds[i], 10));
}
END_TEST

START_TEST(members_by_handle_case_insensitively)
{
	cop_query q = bt_query(COP_LIST_MEMBERS, 0);
	bt_rows rows;

	bt_member(bt_be, 1, "bob");
	bt_member(bt_be, 2, "Alice");
	bt_member(bt_be, 3, "carol");
	bt_member(bt_be, 4, "Dave");
	check_all(&q, "2 1 3 4", NULL);

	/* The strings are right, whether lent or given. */
	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	BT_STR_EQ(rows.text[0], "Alice");
	BT_STR_EQ(rows.text[3], "Dave");
	bt_rows_free(&rows);

	/* Bounds: before the first row, at the first, past the end. */
	q.has_after = 1;
	q.after_text = "";
	bt_expect(&q, "2 1 3 4");
	q.after_text = "alice";
	bt_expect(&q, "1 3 4");
	q.after_text = "bz";                 /* between two rows */
	bt_expect(&q, "3 4");
	q.after_text = "zzz";
	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	ck_assert_uint_eq(rows.n, 0);
}
END_TEST

START_TEST(communities_by_slug)
{
	cop_query q = bt_query(COP_LIST_COMMUNITIES, 0);

	bt_community(bt_be, 10, "b-two", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 11, "a-one", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 12, "c-three", COP_VISIBILITY_PRIVATE);
	check_all(&q, "11 10 12", NULL);
}
END_TEST

START_TEST(memberships_by_role_then_handle)
{
	cop_query q = bt_query(COP_LIST_MEMBERSHIPS, 10);
	bt_rows rows;

	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	bt_member(bt_be, 1, "bob");
	bt_member(bt_be, 2, "Alice");
	bt_member(bt_be, 3, "carol");
	bt_member(bt_be, 4, "Dave");
	bt_member(bt_be, 5, "eve");
	bt_member(bt_be, 6, "fay");
	bt_membership(bt_be, 10, 1, COP_ROLE_MEMBER, COP_MEMBERSHIP_ACTIVE);
	bt_membership(bt_be, 10, 2, COP_ROLE_MEMBER, COP_MEMBERSHIP_ACTIVE);
	bt_membership(bt_be, 10, 3, COP_ROLE_OWNER, COP_MEMBERSHIP_ACTIVE);
	bt_membership(bt_be, 10, 4, COP_ROLE_CORE, COP_MEMBERSHIP_LEFT);
	bt_membership(bt_be, 10, 5, COP_ROLE_FACILITATOR,
		COP_MEMBERSHIP_PENDING);
	bt_membership(bt_be, 10, 6, COP_ROLE_OBSERVER, COP_MEMBERSHIP_BANNED);
	bt_membership(bt_be, 11, 4, COP_ROLE_MEMBER, COP_MEMBERSHIP_ACTIVE);
	/* Left memberships are not listed; ties on role go by handle. */
	check_all(&q, "3 5 2 1 6", NULL);

	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	ck_assert_int_eq(rows.num[0], COP_ROLE_OWNER);
	BT_STR_EQ(rows.text[0], "carol");       /* the member's handle */
	BT_STR_EQ(rows.text[2], "Alice");
	ck_assert_int_eq(rows.num[4], COP_ROLE_OBSERVER);
	bt_rows_free(&rows);

	/* A bound between two handles of the same role. */
	q.has_after = 1;
	q.after_num = COP_ROLE_MEMBER;
	q.after_text = "alicf";
	bt_expect(&q, "1 6");
}
END_TEST

/* Threads of community 10 (and one of 11): pinned first, then by last
 * activity, ties by id, all descending. */
static void make_threads(void)
{
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "t20", TU_T0 + 100);
	bt_thread(bt_be, 21, 10, 1, COP_THREAD_PINNED, "t21", TU_T0 + 50);
	bt_thread(bt_be, 22, 10, 1, COP_THREAD_CLOSED, "t22", TU_T0 + 100);
	bt_thread(bt_be, 23, 10, 0, COP_THREAD_PINNED, "t23", TU_T0 + 50);
	bt_thread(bt_be, 24, 10, 1, COP_THREAD_LOCKED, "t24", TU_T0 + 200);
	bt_thread(bt_be, 25, 11, 1, COP_THREAD_OPEN, "t25", TU_T0 + 300);
	bt_thread(bt_be, 26, 10, 1, COP_THREAD_HIDDEN, "t26", TU_T0 + 10);
}

START_TEST(threads_pinned_activity_id)
{
	cop_query q = bt_query(COP_LIST_THREADS, 10);
	bt_rows rows;

	make_threads();
	check_all(&q, "23 21 24 22 20 26", &rows);
	ck_assert_int_eq(rows.num2[0], 1);
	ck_assert_int_eq(rows.num2[2], 0);
	ck_assert_int_eq(rows.num[2], TU_T0 + 200);
	BT_STR_EQ(rows.text[0], "t23");
	bt_rows_free(&rows);

	/* A bound inside the pinned tie. */
	q.has_after = 1;
	q.after_num2 = 1;
	q.after_num = TU_T0 + 50;
	q.after_id = bt_id(22);
	bt_expect(&q, "21 24 22 20 26");
}
END_TEST

START_TEST(threads_inserted_before_the_cursor)
{
	cop_query q = bt_query(COP_LIST_THREADS, 10);
	bt_rows rows;

	make_threads();
	q.limit = 2;
	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	BT_ROWS_ARE(&rows, "23 21");
	bt_query_after(&q, &rows, 1);
	bt_rows_free(&rows);
	/* 27 sorts before the cursor, 28 after it. */
	bt_thread(bt_be, 27, 10, 1, COP_THREAD_PINNED, "t27", TU_T0 + 1000);
	bt_thread(bt_be, 28, 10, 1, COP_THREAD_OPEN, "t28", TU_T0 + 150);
	q.limit = 0;
	bt_expect(&q, "24 28 22 20 26");
}
END_TEST

START_TEST(threads_by_parent_slug)
{
	cop_query q = bt_query(COP_LIST_THREADS, 0);
	bt_rows rows;

	if (bt_be->version < 4) {
		printf("# SKIP parent_slug: backend %s is version %u\n",
			bt_be->name, bt_be->version);
		return;
	}
	make_threads();
	q.parent_slug = "ten";
	check_pages(&q, "23 21 24 22 20 26", 2);
	q.parent_slug = "eleven";
	check_pages(&q, "25", 1);
	q.parent_slug = "nowhere";
	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	ck_assert_uint_eq(rows.n, 0);
}
END_TEST

/* Contributions of thread 20, all by member 1, with ties on created. */
static void make_contribs(void)
{
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "t20", TU_T0);
	bt_thread(bt_be, 21, 10, 2, COP_THREAD_OPEN, "t21", TU_T0);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "c30", TU_T0 + 5);
	bt_contrib(bt_be, 31, 20, 10, 1, COP_CONTRIB_REPLY, "c31", TU_T0 + 1);
	bt_contrib(bt_be, 32, 20, 10, 1, COP_CONTRIB_REPLY, "c32", TU_T0 + 5);
	bt_contrib(bt_be, 33, 20, 10, 1, COP_CONTRIB_REPLY, "c33", TU_T0 + 1);
	bt_contrib(bt_be, 34, 21, 10, 2, COP_CONTRIB_POST, "c34", TU_T0 + 3);
	bt_contrib(bt_be, 35, 21, 10, 1, COP_CONTRIB_REPLY, "c35", TU_T0 + 3);
}

START_TEST(thread_contribs_created_then_id)
{
	cop_query q = bt_query(COP_LIST_THREAD_CONTRIBS, 20);
	bt_rows rows;

	make_contribs();
	check_all(&q, "31 33 30 32", &rows);
	BT_STR_EQ(rows.text[0], "c31");
	ck_assert_int_eq(rows.num[3], TU_T0 + 5);
	bt_rows_free(&rows);
	/* A row inserted before the cursor is not seen. */
	q.limit = 2;
	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	bt_query_after(&q, &rows, 1);
	bt_rows_free(&rows);
	bt_contrib(bt_be, 36, 20, 10, 1, COP_CONTRIB_REPLY, "c36", TU_T0);
	q.limit = 0;
	bt_expect(&q, "30 32");
}
END_TEST

START_TEST(author_contribs_newest_first)
{
	cop_query q = bt_query(COP_LIST_AUTHOR_CONTRIBS, 1);

	make_contribs();
	check_all(&q, "32 30 35 33 31", NULL);
	q = bt_query(COP_LIST_AUTHOR_CONTRIBS, 2);
	check_pages(&q, "34", 1);
}
END_TEST

START_TEST(revisions_by_number)
{
	cop_query q = bt_query(COP_LIST_REVISIONS, 30);
	cop_revision_rec r;
	bt_rows rows;
	static const int numbers[] = { 3, 1, 2 };
	size_t i;

	make_contribs();
	for (i = 0; i < 3; i++) {
		memset(&r, 0, sizeof(r));
		r.contribution_id = bt_id(30);
		r.community_id = bt_id(10);
		r.number = numbers[i];
		r.body = "old";
		BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_REVISION, &r));
	}
	r.contribution_id = bt_id(31);
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_REVISION, &r));
	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	BT_ROWS_ARE(&rows, "30 30 30");
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(rows.num[i], (int64_t)i + 1);
	bt_rows_free(&rows);
	q.limit = 1;
	q.has_after = 1;
	q.after_num = 1;
	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	ck_assert_uint_eq(rows.n, 1);
	ck_assert_int_eq(rows.num[0], 2);
	bt_rows_free(&rows);
	q.after_num = 3;
	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, &q, &rows));
	ck_assert_uint_eq(rows.n, 0);
}
END_TEST

START_TEST(log_by_seq)
{
	cop_query q = bt_query(COP_LIST_LOG, 0);
	cop_log_rec l;
	unsigned int i;

	for (i = 1; i <= 5; i++) {
		memset(&l, 0, sizeof(l));
		l.op = "op";
		l.object_id = bt_id(100 + i);
		BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));
	}
	check_all(&q, "101 102 103 104 105", NULL);
	q.has_after = 1;
	q.after_num = 0;
	check_pages(&q, "101 102 103 104 105", 5);
}
END_TEST

/* A lending iterator's strings: what was copied stays right after the
 * iterator moves on (next() may reuse its buffers). */
START_TEST(borrowed_strings_copied)
{
	cop_query q = bt_query(COP_LIST_MEMBERS, 0);
	cop_backend_iter *it = NULL;
	cop_member_rec m;
	char *first;
	int rc;

	bt_member(bt_be, 1, "first-handle-that-is-long");
	bt_member(bt_be, 2, "second");
	BT_OK(bt_be, bt_be->list(bt_be, &q, &it));
	memset(&m, 0, sizeof(m));
	BT_OK(bt_be, it->next(it, &m));
	first = strdup(m.handle);
	if (!(it->flags & COP_BACKEND_ITER_BORROWED))
		cop_rec_clear(COP_REC_MEMBER, &m);
	memset(&m, 0, sizeof(m));
	BT_OK(bt_be, it->next(it, &m));
	BT_STR_EQ(m.handle, "second");
	BT_STR_EQ(first, "first-handle-that-is-long");
	if (!(it->flags & COP_BACKEND_ITER_BORROWED))
		cop_rec_clear(COP_REC_MEMBER, &m);
	memset(&m, 0, sizeof(m));
	rc = it->next(it, &m);
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	free(first);
}
END_TEST

Suite *bt_listing_suite(void)
{
	const TTest *const tests[] = {
		empty_listings, members_by_handle_case_insensitively,
		communities_by_slug, memberships_by_role_then_handle,
		threads_pinned_activity_id,
		threads_inserted_before_the_cursor, threads_by_parent_slug,
		thread_contribs_created_then_id,
		author_contribs_newest_first, revisions_by_number,
		log_by_seq, borrowed_strings_copied
	};

	return BT_SUITE("backend listings", bt_setup, bt_teardown, tests);
}
