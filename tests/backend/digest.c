/*
 * digest.c: the digest interface (cop_backend_digest, interface version
 * 7): a section's rows for a viewer by the visibility rule and within
 * the half-open period, a member's communities, the sent mark.
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

/*
 * The backend's digest table (NULL, with a SKIP line, when it has none)
 * and this world: members 1 (a facilitator of both communities), 2 (a
 * member of the public one), 3 (in neither); community 10 public "c"
 * with thread 20 by 2 and thread 21 hidden, community 11 private "p"
 * with thread 22; all made at TU_T0.
 */
static const cop_backend_digest *dg_world(void)
{
	static const char *const handles[] = { "ama", "kofi", "otto" };
	static const struct { unsigned int c, m; int role; } ms[] = {
		{ 10, 1, COP_ROLE_FACILITATOR }, { 11, 1, COP_ROLE_FACILITATOR },
		{ 10, 2, COP_ROLE_MEMBER },
	};
	unsigned int i;

	if (bt_be->version < 7 || !bt_be->digest) {
		printf("# SKIP digest: backend %s has no digest table\n",
			bt_be->name);
		return NULL;
	}
	for (i = 0; i < 3; i++)
		bt_member(bt_be, i + 1, handles[i]);
	bt_community(bt_be, 10, "c", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 11, "p", COP_VISIBILITY_PRIVATE);
	for (i = 0; i < sizeof(ms) / sizeof(ms[0]); i++)
		bt_membership(bt_be, ms[i].c, ms[i].m, ms[i].role,
			COP_MEMBERSHIP_ACTIVE);
	bt_thread(bt_be, 20, 10, 2, COP_THREAD_OPEN, "Open", TU_T0);
	bt_thread(bt_be, 21, 10, 2, COP_THREAD_HIDDEN, "Hidden", TU_T0);
	bt_thread(bt_be, 22, 11, 1, COP_THREAD_OPEN, "Private", TU_T0);
	ck_assert_uint_ge(bt_be->digest->version, 1);
	return bt_be->digest;
}

/* The id numbers of the threads (or, @p slugs, the community slugs) an
 * iterator gives, space-separated. */
static const char *rows_of(cop_backend_iter *it, int slugs)
{
	static char buf[256];
	cop_digest_rec r;
	int rc;

	buf[0] = '\0';
	memset(&r, 0, sizeof(r));
	while ((rc = it->next(it, &r)) == COP_OK) {
		size_t n = strlen(buf);

		if (slugs)
			snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? " " : "",
				r.community_slug);
		else
			snprintf(buf + n, sizeof(buf) - n, "%s%u", n ? " " : "",
				bt_id_num(&r.thread_id));
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_DIGEST, &r);
		memset(&r, 0, sizeof(r));
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	return buf;
}

/* The new threads of community @p c over [since, until) as member
 * @p viewer (0: the system). */
static const char *threads(const cop_backend_digest *t, unsigned int c,
	unsigned int viewer, cop_time since, cop_time until)
{
	cop_backend_iter *it = NULL;
	cop_digest_query q;
	cop_id v = bt_id(viewer);

	memset(&q, 0, sizeof(q));
	q.section = COP_DG_THREADS;
	q.community = bt_id(c);
	q.viewer = viewer ? &v : NULL;
	q.since = since;
	q.until = until;
	BT_OK(bt_be, t->section(bt_be, &q, &it));
	return rows_of(it, 0);
}

START_TEST(digest_visibility)
{
	const cop_backend_digest *t = dg_world();

	if (!t)
		return;
	/* The period is half-open: made at TU_T0, in [TU_T0, TU_T0 + 1)
	 * only. */
	ck_assert_str_eq(threads(t, 10, 0, TU_T0, TU_T0 + 1), "20 21");
	ck_assert_str_eq(threads(t, 10, 0, TU_T0 - 1, TU_T0), "");
	ck_assert_str_eq(threads(t, 10, 0, TU_T0 + 1, TU_T0 + 2), "");
	/* The hidden thread: the facilitator's, not the member's. */
	ck_assert_str_eq(threads(t, 10, 1, TU_T0, TU_T0 + 1), "20 21");
	ck_assert_str_eq(threads(t, 10, 2, TU_T0, TU_T0 + 1), "20");
	/* The private community: nothing to an outsider or a non-member. */
	ck_assert_str_eq(threads(t, 11, 3, TU_T0, TU_T0 + 1), "");
	ck_assert_str_eq(threads(t, 11, 2, TU_T0, TU_T0 + 1), "");
	ck_assert_str_eq(threads(t, 11, 1, TU_T0, TU_T0 + 1), "22");
}
END_TEST

START_TEST(digest_communities_and_sent)
{
	const cop_backend_digest *t = dg_world();
	cop_backend_iter *it = NULL;
	cop_digest_query q;
	cop_id m;
	cop_time until = -1;

	if (!t)
		return;
	m = bt_id(1);
	BT_OK(bt_be, t->communities(bt_be, &m, &it));
	ck_assert_str_eq(rows_of(it, 1), "c p");
	m = bt_id(3);
	BT_OK(bt_be, t->communities(bt_be, &m, &it));
	ck_assert_str_eq(rows_of(it, 1), "");
	/* The sent mark: none, then the last one put. */
	m = bt_id(2);
	BT_RC(bt_be, COP_ENOTFOUND, t->sent_get(bt_be, &m, &until));
	BT_OK(bt_be, t->sent_put(bt_be, &m, TU_T0 + 100, TU_T0));
	BT_OK(bt_be, t->sent_get(bt_be, &m, &until));
	ck_assert_int_eq(until, TU_T0 + 100);
	BT_OK(bt_be, t->sent_put(bt_be, &m, TU_T0 + 200, TU_T0 + 1));
	BT_OK(bt_be, t->sent_get(bt_be, &m, &until));
	ck_assert_int_eq(until, TU_T0 + 200);
	/* An unknown section. */
	memset(&q, 0, sizeof(q));
	q.section = COP_DG_SECTIONS;
	BT_RC(bt_be, COP_ENOTSUP, t->section(bt_be, &q, &it));
}
END_TEST

Suite *bt_digest_suite(void)
{
	const TTest *const tests[] = {
		digest_visibility, digest_communities_and_sent
	};

	return BT_SUITE("digest", bt_setup, bt_teardown, tests);
}
