/*
 * check_thread.c: threads: kinds, states, who may change them, listing by
 * last activity with keyset cursors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static tu_world W;

static void world_setup(void)
{
	tu_store_setup();
	tu_world_make(tu_store, &W);
}

static void world_teardown(void)
{
	tu_store_teardown();
}

/* Titles of @p community's threads from cursor @p after (at most
 * @p limit), "a,b,"; returns the last cursor, malloc'd, or NULL. */
static char *thread_page(cop_store *s, const char *community,
	const char *after, unsigned limit, char *out, size_t outsz)
{
	cop_page pg = COP_PAGE_INIT;
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;
	char *cursor = NULL;
	int rc;

	pg.after = after;
	pg.limit = limit;
	out[0] = '\0';
	TU_OK(s, cop_thread_iter_new(&it, s, community, &pg));
	while ((rc = cop_thread_iter_next(&t, it)) == COP_OK) {
		strncat(out, cop_thread_title(t), outsz - strlen(out) - 1);
		strncat(out, ",", outsz - strlen(out) - 1);
		cop_thread_free(t);
		free(cursor);
		cursor = strdup(cop_thread_iter_cursor(it));
	}
	ck_assert_msg(rc == COP_ITEROVER, "%s", tu_ename(rc));
	cop_thread_iter_free(it);
	return cursor;
}

static cop_thread_state state_of(cop_store *s, const char *thread)
{
	cop_thread *t = NULL;
	cop_thread_state st;

	TU_OK(s, cop_thread_lookup(&t, s, thread));
	st = cop_thread_state_get(t);
	cop_thread_free(t);
	return st;
}

START_TEST(test_names)
{
	cop_thread_kind k;
	cop_thread_state st;
	int i;

	for (i = COP_THREAD_DISCUSSION; i <= COP_THREAD_ANNOUNCEMENT; i++) {
		TU_OK(NULL, cop_thread_kind_parse(&k, cop_thread_kind_name(i)));
		ck_assert_int_eq(k, i);
	}
	for (i = COP_THREAD_OPEN; i <= COP_THREAD_HIDDEN; i++) {
		TU_OK(NULL, cop_thread_state_parse(&st,
			cop_thread_state_name(i)));
		ck_assert_int_eq(st, i);
	}
	ck_assert_str_eq(cop_thread_kind_name(COP_THREAD_QUESTION),
		"question");
	ck_assert_str_eq(cop_thread_state_name(COP_THREAD_LOCKED), "locked");
	ck_assert_ptr_null(cop_thread_kind_name((cop_thread_kind)3));
	ck_assert_ptr_null(cop_thread_state_name((cop_thread_state)6));
	ck_assert_int_eq(cop_thread_kind_parse(&k, "poll"), COP_EINVAL);
	ck_assert_int_eq(cop_thread_state_parse(&st, "LOCKED"), COP_EINVAL);
	ck_assert_int_eq(cop_thread_state_parse(&st, NULL), COP_EINVAL);
}
END_TEST

START_TEST(test_create)
{
	cop_store *s = tu_store;
	cop_thread *t = NULL, *g = NULL;
	cop_contribution *c = NULL;
	cop_contribution_iter *it = NULL;
	cop_time now = tu_tick(s, 60000);

	tu_as(s, W.member);
	TU_OK(s, cop_thread_create(&t, s, "inv", COP_THREAD_QUESTION,
		"Où trouver des graines ?", "Seeds GARDEN seeds c++ a.b-c#",
		NULL, "Je cherche des *graines*."));
	ck_assert_str_eq(cop_thread_title(t), "Où trouver des graines ?");
	ck_assert_str_eq(cop_thread_tags(t), "a.b-c# c++ garden seeds");
	ck_assert_str_eq(cop_thread_language(t), "fr");     /* the community's */
	ck_assert_str_eq(cop_thread_community_id(t), W.inv);
	ck_assert_str_eq(cop_thread_author_id(t), W.member);
	ck_assert_int_eq(cop_thread_kind_get(t), COP_THREAD_QUESTION);
	ck_assert_int_eq(cop_thread_state_get(t), COP_THREAD_OPEN);
	ck_assert_int_eq(cop_thread_created(t), now);
	ck_assert_int_eq(cop_thread_last_activity(t), now);
	ck_assert_int_eq(cop_thread_contribution_count(t), 1);

	/* Stored as returned. */
	TU_OK(s, cop_thread_lookup(&g, s, cop_thread_id(t)));
	ck_assert_str_eq(cop_thread_id(g), cop_thread_id(t));
	ck_assert_str_eq(cop_thread_title(g), "Où trouver des graines ?");
	ck_assert_str_eq(cop_thread_tags(g), "a.b-c# c++ garden seeds");
	ck_assert_str_eq(cop_thread_language(g), "fr");
	ck_assert_int_eq(cop_thread_kind_get(g), COP_THREAD_QUESTION);
	ck_assert_int_eq(cop_thread_created(g), now);
	ck_assert_int_eq(cop_thread_contribution_count(g), 1);
	cop_thread_free(g);

	/* Its first contribution is a post with the body. */
	TU_OK(s, cop_contribution_iter_new(&it, s, cop_thread_id(t), NULL));
	TU_OK(s, cop_contribution_iter_next(&c, it));
	ck_assert_int_eq(cop_contribution_kind_get(c), COP_CONTRIB_POST);
	ck_assert_str_eq(cop_contribution_body(c), "Je cherche des *graines*.");
	ck_assert_str_eq(cop_contribution_author_id(c), W.member);
	ck_assert_str_eq(cop_contribution_language(c), "fr");
	ck_assert_str_eq(cop_contribution_thread_id(c), cop_thread_id(t));
	ck_assert_int_eq(cop_contribution_format(c), COP_FORMAT_MARKDOWN);
	cop_contribution_free(c);
	TU_RC(s, COP_ITEROVER, cop_contribution_iter_next(&c, it));
	cop_contribution_iter_free(it);
	cop_thread_free(t);

	/* By the system: no author; own language; no tags. */
	tu_as(s, NULL);
	TU_OK(s, cop_thread_create(&t, s, W.pub, COP_THREAD_DISCUSSION,
		"System notice", NULL, "en-GB", "Body"));
	ck_assert_ptr_null(cop_thread_author_id(t));
	ck_assert_str_eq(cop_thread_tags(t), "");
	ck_assert_str_eq(cop_thread_language(t), "en-GB");
	cop_thread_free(t);
	ck_assert_int_eq(tu_count_threads(s, "pub"), 2);
}
END_TEST

START_TEST(test_create_refused)
{
	cop_store *s = tu_store;
	cop_thread *t = NULL;
	char *before = tu_snapshot(s);
	char *title301 = tu_repeat('t', 301);

	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_thread_create(&t, s, "pub", COP_THREAD_ANNOUNCEMENT,
			"Hear ye", NULL, NULL, "Only facilitators announce"));
	ck_assert_ptr_null(t);
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_thread_create(&t, s, "pub", COP_THREAD_ANNOUNCEMENT,
			"Hear ye", NULL, NULL, "Only facilitators announce"));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_thread_create(&t, s, "priv", COP_THREAD_DISCUSSION,
			"Let me in", NULL, NULL, "please"));
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_thread_create(&t, s, "pub", (cop_thread_kind)3, "Kind",
			NULL, NULL, "body"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION, "",
			NULL, NULL, "body"));
	TU_FAILS_UNCHANGED(s, COP_ETOOBIG, before,
		cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION,
			title301, NULL, NULL, "body"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION, "T",
			"bad_tag", NULL, "body"));
	TU_FAILS_UNCHANGED(s, COP_ETOOBIG, before,
		cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION, "T",
			"a b c d e f g h i j k", NULL, "body"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION, "T",
			NULL, "x", "body"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_thread_create(&t, s, "nosuch", COP_THREAD_DISCUSSION, "T",
			NULL, NULL, "body"));
	ck_assert_ptr_null(t);
	free(title301);
	free(before);

	/* Ten tags (lowercased, sorted) and a 300-character title. */
	title301 = tu_repeat('t', 300);
	TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION,
		title301, "j i h g f e d c b A", NULL, "body"));
	ck_assert_str_eq(cop_thread_tags(t), "a b c d e f g h i j");
	ck_assert_str_eq(cop_thread_title(t), title301);
	cop_thread_free(t);
	free(title301);

	tu_as(s, W.facil);
	TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_ANNOUNCEMENT,
		"Hear ye", NULL, NULL, "Facilitators announce"));
	ck_assert_int_eq(cop_thread_kind_get(t), COP_THREAD_ANNOUNCEMENT);
	cop_thread_free(t);
}
END_TEST

START_TEST(test_set_state_permissions)
{
	static const cop_thread_state states[] = {
		COP_THREAD_LOCKED, COP_THREAD_CLOSED, COP_THREAD_PINNED,
		COP_THREAD_HIDDEN, COP_THREAD_ANSWERED, COP_THREAD_OPEN
	};
	cop_store *s = tu_store;
	char *before = tu_snapshot(s);
	size_t i;

	/* The author (a plain member), a core member, a silenced member,
	 * an outsider: refused, nothing changes. */
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		tu_as(s, W.member);
		TU_FAILS_UNCHANGED(s, COP_EPERM, before,
			cop_thread_set_state(s, W.pub_thread, states[i]));
		tu_as(s, W.core);
		TU_FAILS_UNCHANGED(s, COP_EPERM, before,
			cop_thread_set_state(s, W.pub_thread, states[i]));
		tu_as(s, W.silenced);
		TU_FAILS_UNCHANGED(s, COP_EPERM, before,
			cop_thread_set_state(s, W.pub_thread, states[i]));
		tu_as(s, W.outsider);
		TU_FAILS_UNCHANGED(s, COP_EPERM, before,
			cop_thread_set_state(s, W.pub_thread, states[i]));
	}
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_thread_set_state(s, W.pub_thread, (cop_thread_state)6));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_thread_set_state(s, "0188a0a0-0000-7000-8000-000000000000",
			COP_THREAD_LOCKED));
	free(before);

	/* Facilitators, owners and the system may. */
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		tu_as(s, W.facil);
		TU_OK(s, cop_thread_set_state(s, W.pub_thread, states[i]));
		ck_assert_int_eq(state_of(s, W.pub_thread), states[i]);
		tu_as(s, W.owner);
		TU_OK(s, cop_thread_set_state(s, W.priv_thread, states[i]));
		ck_assert_int_eq(state_of(s, W.priv_thread), states[i]);
		tu_as(s, NULL);
		TU_OK(s, cop_thread_set_state(s, W.inv_thread, states[i]));
		ck_assert_int_eq(state_of(s, W.inv_thread), states[i]);
	}
}
END_TEST

START_TEST(test_locked_and_closed)
{
	cop_store *s = tu_store;
	cop_contribution *c = NULL;
	char *before;

	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_LOCKED));
	/* Locked: only facilitators contribute. */
	before = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_REPLY,
			NULL, NULL, NULL, "may I?"));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_REPLY,
			NULL, NULL, NULL, "may I?"));
	free(before);
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "Locked for now."));
	ck_assert_int_eq(tu_count_contribs(s, W.pub_thread), 2);

	/* Closed: nobody contributes. */
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_CLOSED));
	before = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_REPLY,
			NULL, NULL, NULL, "hello?"));
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_REPLY,
			NULL, NULL, NULL, "hello?"));
	ck_assert_ptr_null(c);
	free(before);

	/* Reopened: everyone again. */
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_OPEN));
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "Thanks"));
	ck_assert_int_eq(tu_count_contribs(s, W.pub_thread), 3);
	/* Answered threads take contributions too. */
	tu_as(s, W.owner);
	TU_OK(s, cop_thread_set_state(s, W.priv_thread, COP_THREAD_ANSWERED));
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_create(NULL, s, W.priv_thread,
		COP_CONTRIB_ANSWER, NULL, NULL, NULL, "Another answer"));
}
END_TEST

START_TEST(test_hidden)
{
	cop_store *s = tu_store;
	cop_thread *t = NULL;
	int rc;

	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_HIDDEN));
	/* Facilitators, owners, the system see it. */
	ck_assert_int_eq(tu_lists_thread(s, "pub", W.pub_thread), 1);
	tu_as(s, W.owner);
	ck_assert_int_eq(tu_lists_thread(s, "pub", W.pub_thread), 1);
	TU_OK(s, cop_thread_lookup(&t, s, W.pub_thread));
	cop_thread_free(t);
	ck_assert_int_ge(tu_count_contribs(s, W.pub_thread), 1);
	tu_as(s, NULL);
	ck_assert_int_eq(tu_lists_thread(s, "pub", W.pub_thread), 1);
	/* Nobody else, not even its author. */
	tu_as(s, W.member);
	ck_assert_int_eq(tu_lists_thread(s, "pub", W.pub_thread), 0);
	ck_assert_int_eq(tu_count_threads(s, "pub"), 0);
	rc = cop_thread_lookup(&t, s, W.pub_thread);
	ck_assert_msg(rc == COP_EPERM || rc == COP_ENOTFOUND, "%s",
		tu_ename(rc));
	ck_assert_ptr_null(t);
	/* Its page neither (the listing starts before the check). */
	TU_RC(s, COP_ENOTFOUND, tu_count_contribs(s, W.pub_thread));
	rc = cop_contribution_create(NULL, s, W.pub_thread, COP_CONTRIB_REPLY,
		NULL, NULL, NULL, "hello?");
	ck_assert_msg(rc == COP_EPERM || rc == COP_ENOTFOUND, "%s",
		tu_ename(rc));
	ck_assert_int_eq(tu_count_by_author(s, W.member), 0);
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_count_threads(s, "pub"), 0);
	/* Unhidden, back for everyone. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_OPEN));
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_lists_thread(s, "pub", W.pub_thread), 1);
}
END_TEST

/* Make threads "t1".."tN" in pub, one a second, as mia. */
static void make_threads(cop_store *s, tu_idbuf *ids, int n)
{
	char title[16];
	int i;

	tu_as(s, W.member);
	for (i = 0; i < n; i++) {
		snprintf(title, sizeof(title), "t%d", i + 1);
		tu_tick(s, 1000);
		tu_thread(s, ids[i], NULL, "pub", COP_THREAD_DISCUSSION, title,
			"body");
	}
	tu_as(s, NULL);
}

START_TEST(test_listing_by_activity)
{
	cop_store *s = tu_store;
	tu_idbuf ids[4];
	char got[256];
	cop_thread *t = NULL;
	cop_time at;

	make_threads(s, ids, 4);
	free(thread_page(s, "pub", NULL, 0, got, sizeof(got)));
	ck_assert_str_eq(got, "t4,t3,t2,t1,Welcome to pub,");

	/* A reply moves a thread up and counts. */
	at = tu_tick(s, 1000);
	tu_as(s, W.core);
	tu_contrib(s, NULL, ids[1], COP_CONTRIB_REPLY, NULL, "bump");
	tu_as(s, NULL);
	free(thread_page(s, "pub", NULL, 0, got, sizeof(got)));
	ck_assert_str_eq(got, "t2,t4,t3,t1,Welcome to pub,");
	TU_OK(s, cop_thread_lookup(&t, s, ids[1]));
	ck_assert_int_eq(cop_thread_last_activity(t), at);
	ck_assert_int_lt(cop_thread_created(t), at);
	ck_assert_int_eq(cop_thread_contribution_count(t), 2);
	cop_thread_free(t);

	/* Pinned threads come first, however old. */
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_PINNED));
	free(thread_page(s, "pub", NULL, 0, got, sizeof(got)));
	ck_assert_str_eq(got, "Welcome to pub,t2,t4,t3,t1,");
	/* Changing the state is not activity. */
	TU_OK(s, cop_thread_lookup(&t, s, W.pub_thread));
	ck_assert_int_eq(cop_thread_last_activity(t), TU_T0 + 2000);
	cop_thread_free(t);
}
END_TEST

START_TEST(test_listing_same_time)
{
	cop_store *s = tu_store;
	tu_idbuf ids[5];
	char all[256], acc[256] = "", page[256], *cur = NULL, *next;
	int i;

	/* Five threads in the same millisecond: the id breaks the tie,
	 * and pages of 2 still cover each exactly once. */
	tu_as(s, W.member);
	for (i = 0; i < 5; i++) {
		char title[16];

		snprintf(title, sizeof(title), "s%d", i + 1);
		tu_thread(s, ids[i], NULL, "pub", COP_THREAD_DISCUSSION, title,
			"same time");
	}
	free(thread_page(s, "pub", NULL, 0, all, sizeof(all)));
	ck_assert_str_eq(all, "s5,s4,s3,s2,s1,Welcome to pub,");
	for (;;) {
		next = thread_page(s, "pub", cur, 2, page, sizeof(page));
		strcat(acc, page);
		free(cur);
		cur = next;
		if (!cur)
			break;
	}
	ck_assert_str_eq(acc, all);
}
END_TEST

/*
 * Listings longer than a backend's batch (PostgreSQL fetches 256 rows
 * at a time, each batch after the key of the last row handed out):
 * every row once, in order, threads by slug and a thread's
 * contributions.  Times repeat, so the id must break ties across
 * batches too.
 */
START_TEST(test_listing_longer_than_a_batch)
{
	cop_store *s = tu_store;
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;
	cop_contribution_iter *ci = NULL;
	cop_contribution *c = NULL;
	tu_idbuf id, big, last_id = "";
	cop_time last = 0;
	int i, n, rc;

	tu_as(s, W.member);
	TU_OK(s, cop_batch_begin(s));
	for (i = 0; i < 700; i++) {
		char title[16];

		snprintf(title, sizeof(title), "b%d", i);
		if (i % 3 == 0)
			tu_tick(s, 1);
		tu_thread(s, i == 0 ? big : id, NULL, "pub",
			COP_THREAD_DISCUSSION, title, "one of many");
	}
	for (i = 0; i < 600; i++) {
		if (i % 4 == 0)
			tu_tick(s, 1);
		tu_contrib(s, id, big, COP_CONTRIB_REPLY, NULL, "a reply");
	}
	TU_OK(s, cop_batch_commit(s));

	/* Threads, newest activity first (b0 has the replies: first). */
	TU_OK(s, cop_thread_iter_new(&it, s, "pub", NULL));
	for (n = 0; (rc = cop_thread_iter_next(&t, it)) == COP_OK; n++) {
		if (n > 0)
			ck_assert_msg(cop_thread_last_activity(t) < last ||
				(cop_thread_last_activity(t) == last &&
				 strcmp(cop_thread_id(t), last_id) < 0),
				"thread %d out of order", n);
		last = cop_thread_last_activity(t);
		snprintf(last_id, sizeof(last_id), "%s", cop_thread_id(t));
		if (n == 0)
			ck_assert_str_eq(cop_thread_id(t), big);
		cop_thread_free(t);
	}
	ck_assert_msg(rc == COP_ITEROVER, "%s", tu_ename(rc));
	cop_thread_iter_free(it);
	ck_assert_int_eq(n, 701);       /* and "Welcome to pub" */

	/* The big thread's contributions, oldest first. */
	TU_OK(s, cop_contribution_iter_new(&ci, s, big, NULL));
	for (n = 0; (rc = cop_contribution_iter_next(&c, ci)) == COP_OK; n++) {
		if (n > 0)
			ck_assert_msg(cop_contribution_created(c) > last ||
				(cop_contribution_created(c) == last &&
				 strcmp(cop_contribution_id(c), last_id) > 0),
				"contribution %d out of order", n);
		last = cop_contribution_created(c);
		snprintf(last_id, sizeof(last_id), "%s", cop_contribution_id(c));
		cop_contribution_free(c);
	}
	ck_assert_msg(rc == COP_ITEROVER, "%s", tu_ename(rc));
	cop_contribution_iter_free(ci);
	ck_assert_int_eq(n, 601);       /* the post and 600 replies */
}
END_TEST

START_TEST(test_listing_stable_pages)
{
	cop_store *s = tu_store;
	tu_idbuf ids[6], extra[2];
	char page[256], *cur, *cur2;

	make_threads(s, ids, 6);
	cur = thread_page(s, "pub", NULL, 3, page, sizeof(page));
	ck_assert_str_eq(page, "t6,t5,t4,");

	/* New threads arrive meanwhile (newer than everything). */
	tu_as(s, W.member);
	tu_tick(s, 1000);
	tu_thread(s, extra[0], NULL, "pub", COP_THREAD_DISCUSSION, "new1", "b");
	tu_tick(s, 1000);
	tu_thread(s, extra[1], NULL, "pub", COP_THREAD_DISCUSSION, "new2", "b");
	tu_as(s, NULL);

	/* The next page starts where the first one stopped. */
	cur2 = thread_page(s, "pub", cur, 3, page, sizeof(page));
	ck_assert_str_eq(page, "t3,t2,t1,");
	free(cur2);
	/* The same cursor gives the same page again, also on a new
	 * connection. */
	tu_close(s);
	tu_store = s = tu_open();
	cur2 = thread_page(s, "pub", cur, 0, page, sizeof(page));
	ck_assert_str_eq(page, "t3,t2,t1,Welcome to pub,");
	free(cur2);
	free(cur);
	/* And from the start, the new ones come first. */
	cur = thread_page(s, "pub", NULL, 2, page, sizeof(page));
	ck_assert_str_eq(page, "new2,new1,");
	free(cur);
}
END_TEST

/*
 * The listing starts before the community is read (one round trip on
 * PostgreSQL): by slug and by id alike, an outsider gets COP_EPERM and
 * no iterator, a member the community's threads and only those.
 */
START_TEST(test_listing_private_by_slug_and_id)
{
	cop_store *s = tu_store;
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;
	const char *names[2];
	int k, n;

	names[0] = "priv";
	names[1] = W.priv;
	for (k = 0; k < 2; k++) {
		tu_as(s, W.outsider);
		it = NULL;
		TU_RC(s, COP_ENOTFOUND, cop_thread_iter_new(&it, s, names[k], NULL));
		ck_assert_ptr_null(it);
		ck_assert(tu_contains(cop_errmsg(s), "no such community"));
		tu_as(s, W.member);
		TU_OK(s, cop_thread_iter_new(&it, s, names[k], NULL));
		n = 0;
		while (cop_thread_iter_next(&t, it) == COP_OK) {
			ck_assert_str_eq(cop_thread_community_id(t), W.priv);
			ck_assert_str_eq(cop_thread_id(t), W.priv_thread);
			cop_thread_free(t);
			n++;
		}
		ck_assert_int_eq(n, 1);
		cop_thread_iter_free(it);
	}
	/* A well-formed id of no community, and a slug of none. */
	tu_as(s, NULL);
	TU_RC(s, COP_ENOTFOUND, cop_thread_iter_new(&it, s,
		"0188a0a0-0000-7000-8000-000000000000", NULL));
	TU_RC(s, COP_ENOTFOUND, cop_thread_iter_new(&it, s, "no-such-slug",
		NULL));
	ck_assert_ptr_null(it);
}
END_TEST

START_TEST(test_listing_errors)
{
	cop_store *s = tu_store;
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;
	cop_page pg = COP_PAGE_INIT;
	char page[128], *cur;
	int k;

	pg.after = "garbage";
	TU_RC(s, COP_EINVAL, cop_thread_iter_new(&it, s, "pub", &pg));
	ck_assert_ptr_null(it);
	/* An empty cursor starts at the beginning, as NULL does. */
	pg.after = "";
	TU_OK(s, cop_thread_iter_new(&it, s, "pub", &pg));
	cop_thread_iter_free(it);
	it = NULL;
	pg.after = NULL;
	pg.version = 0;
	TU_RC(s, COP_EINVAL, cop_thread_iter_new(&it, s, "pub", &pg));
	TU_RC(s, COP_ENOTFOUND, cop_thread_iter_new(&it, s, "nosuch", NULL));
	TU_RC(s, COP_EINVAL, cop_thread_iter_new(&it, s, NULL, NULL));
	ck_assert_ptr_null(it);
	/* No cursor before the first item. */
	TU_OK(s, cop_thread_iter_new(&it, s, "pub", NULL));
	ck_assert_ptr_null(cop_thread_iter_cursor(it));
	cop_thread_iter_free(it);
	/* Past the end: an empty page. */
	cur = thread_page(s, "pub", NULL, 0, page, sizeof(page));
	ck_assert_ptr_nonnull(cur);
	free(thread_page(s, "pub", cur, 0, page, sizeof(page)));
	ck_assert_str_eq(page, "");
	free(cur);
	/* Until the first item, the cursor is the one the page started
	 * from, though the listing has read its first row already. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_create(NULL, s, "pub", COP_THREAD_DISCUSSION,
		"Second", "", "en", "Another thread."));
	tu_as(s, NULL);
	cur = thread_page(s, "pub", NULL, 1, page, sizeof(page));
	pg.after = cur;
	pg.version = COP_PAGE_VERSION;
	TU_OK(s, cop_thread_iter_new(&it, s, "pub", &pg));
	ck_assert_str_eq(cop_thread_iter_cursor(it), cur);
	TU_OK(s, cop_thread_iter_next(&t, it));
	ck_assert_str_ne(cop_thread_title(t), page);
	ck_assert_str_ne(cop_thread_iter_cursor(it), cur);
	cop_thread_free(t);
	cop_thread_iter_free(it);
	free(cur);
	/* As the system and as a member: a community with no threads
	 * lists nothing, one of no such slug or id is not found. */
	TU_OK(s, cop_community_create(NULL, s, "bare", "Bare", "Nothing yet",
		"en", COP_VISIBILITY_PUBLIC));
	for (k = 0; k < 2; k++) {
		tu_as(s, k ? W.facil : NULL);
		TU_OK(s, cop_thread_iter_new(&it, s, "bare", NULL));
		ck_assert_int_eq(cop_thread_iter_next(&t, it), COP_ITEROVER);
		ck_assert_ptr_null(t);
		cop_thread_iter_free(it);
		it = NULL;
		TU_RC(s, COP_ENOTFOUND, cop_thread_iter_new(&it, s, "bare-not",
			NULL));
		TU_RC(s, COP_ENOTFOUND, cop_thread_iter_new(&it, s,
			"0188a0a0-0000-7000-8000-000000000001", NULL));
		ck_assert_ptr_null(it);
	}
}
END_TEST

#define FLAGS_ARE(s, thread, want) do { \
	char flags_[64]; \
	tu_thread_flags(s, thread, flags_, sizeof(flags_)); \
	ck_assert_str_eq(flags_, want); \
} while (0)

/*
 * The properties are independent: a question answered (an accepted
 * answer), then pinned and locked, keeps all three; each is cleared
 * alone, leaving the others; unaccepting clears answered alone.  The
 * state reads the first in the order hidden, closed, locked, pinned,
 * answered.
 */
START_TEST(test_flags_independent)
{
	static const struct {
		cop_thread_flag flag;
		int on;
		const char *want;
	} steps[] = {
		{ COP_THREAD_FLAG_PINNED, 1, "00101 pinned" },
		{ COP_THREAD_FLAG_LOCKED, 1, "01101 locked" },
		{ COP_THREAD_FLAG_LOCKED, 7, "01101 locked" },
		{ COP_THREAD_FLAG_PINNED, 0, "01001 locked" },
		{ COP_THREAD_FLAG_CLOSED, 1, "11001 closed" },
		{ COP_THREAD_FLAG_LOCKED, 0, "10001 closed" },
		{ COP_THREAD_FLAG_HIDDEN, 1, "10011 hidden" },
		{ COP_THREAD_FLAG_CLOSED, 0, "00011 hidden" },
		{ COP_THREAD_FLAG_HIDDEN, 0, "00001 answered" },
		{ COP_THREAD_FLAG_PINNED, 1, "00101 pinned" },
	};
	cop_store *s = tu_store;
	tu_idbuf answer;
	cop_thread_flag f;
	size_t i;

	ck_assert_str_eq(cop_thread_flag_name(COP_THREAD_FLAG_CLOSED), "closed");
	ck_assert_str_eq(cop_thread_flag_name(COP_THREAD_FLAG_HIDDEN), "hidden");
	ck_assert_ptr_null(cop_thread_flag_name((cop_thread_flag)4));
	TU_OK(NULL, cop_thread_flag_parse(&f, "pinned"));
	ck_assert_int_eq(f, COP_THREAD_FLAG_PINNED);
	ck_assert_int_eq(cop_thread_flag_parse(&f, "answered"), COP_EINVAL);
	ck_assert_int_eq(cop_thread_is_closed(NULL), 0);
	ck_assert_int_eq(cop_thread_is_answered(NULL), 0);

	tu_as(s, W.owner);
	FLAGS_ARE(s, W.priv_thread, "00000 open");
	tu_as(s, W.member);
	tu_contrib(s, answer, W.priv_thread, COP_CONTRIB_ANSWER, NULL, "Plant");
	tu_as(s, W.owner);
	TU_OK(s, cop_answer_accept(s, answer));
	FLAGS_ARE(s, W.priv_thread, "00001 answered");
	/* Pinned and locked too (setting what is set changes nothing), then
	 * each cleared alone, the others kept. */
	tu_as(s, W.facil);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		TU_OK(s, cop_thread_set_flag(s, W.priv_thread, steps[i].flag,
			steps[i].on));
		FLAGS_ARE(s, W.priv_thread, steps[i].want);
	}
	tu_as(s, W.owner);
	TU_OK(s, cop_answer_unaccept(s, W.priv_thread));
	FLAGS_ARE(s, W.priv_thread, "00100 pinned");
	/* Accepting again while pinned: answered comes back, pinned stays. */
	TU_OK(s, cop_answer_accept(s, answer));
	FLAGS_ARE(s, W.priv_thread, "00101 pinned");

	/* The old form: set_state gives the properties of one state and
	 * reads it back; pinning keeps answered, opening clears it. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_state(s, W.priv_thread, COP_THREAD_LOCKED));
	FLAGS_ARE(s, W.priv_thread, "01001 locked");
	TU_OK(s, cop_thread_set_state(s, W.priv_thread, COP_THREAD_OPEN));
	FLAGS_ARE(s, W.priv_thread, "00000 open");
	TU_OK(s, cop_thread_set_state(s, W.priv_thread, COP_THREAD_ANSWERED));
	FLAGS_ARE(s, W.priv_thread, "00001 answered");
}
END_TEST

/* Only facilitators, owners, the system and the moderate privilege set
 * a flag; bad arguments are refused; nothing changes. */
START_TEST(test_set_flag_permissions)
{
	cop_store *s = tu_store;
	char *before = tu_snapshot(s);
	const char *who[] = { W.member, W.core, W.silenced, W.outsider,
		W.banned };
	size_t i;
	int f;

	for (i = 0; i < sizeof(who) / sizeof(who[0]); i++)
		for (f = COP_THREAD_FLAG_CLOSED; f <= COP_THREAD_FLAG_HIDDEN; f++) {
			tu_as(s, who[i]);
			TU_FAILS_UNCHANGED(s, COP_EPERM, before,
				cop_thread_set_flag(s, W.pub_thread,
					(cop_thread_flag)f, 1));
		}
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before, cop_thread_set_flag(s,
		W.pub_thread, (cop_thread_flag)4, 1));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before, cop_thread_set_flag(s,
		W.pub_thread, (cop_thread_flag)-1, 1));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before, cop_thread_set_flag(s,
		"nope", COP_THREAD_FLAG_CLOSED, 1));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before, cop_thread_set_flag(s,
		"0188a0a0-0000-7000-8000-000000000000", COP_THREAD_FLAG_CLOSED, 1));
	ck_assert_int_eq(cop_thread_set_flag(NULL, W.pub_thread,
		COP_THREAD_FLAG_CLOSED, 1), COP_EINVAL);
	free(before);

	/* Facilitators, owners and the system may. */
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_CLOSED, 1));
	tu_as(s, W.owner);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_PINNED, 1));
	tu_as(s, NULL);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_LOCKED, 1));
	FLAGS_ARE(s, W.pub_thread, "11100 closed");
}
END_TEST

/* A reply to @p thread by @p who is refused (COP_EPERM), nothing changed;
 * the actor stays @p who. */
static void reply_refused(cop_store *s, const char *who, const char *thread)
{
	cop_contribution *c = NULL;
	char *before = tu_snapshot(s);

	tu_as(s, who);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before, cop_contribution_create(&c, s,
		thread, COP_CONTRIB_REPLY, NULL, NULL, NULL, "may I?"));
	ck_assert_ptr_null(c);
	free(before);
}

/* Locked refuses members' contributions, closed everyone's, each
 * whatever the other properties; hidden hides from members, not from
 * facilitators, however pinned; pinned leads the listing. */
START_TEST(test_flags_rules)
{
	cop_store *s = tu_store;
	tu_idbuf ids[2];
	char got[256];

	make_threads(s, ids, 2);
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_PINNED, 1));
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_LOCKED, 1));
	free(thread_page(s, "pub", NULL, 0, got, sizeof(got)));
	ck_assert_str_eq(got, "Welcome to pub,t2,t1,");
	reply_refused(s, W.member, W.pub_thread);
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "Locked and pinned."));
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_CLOSED, 1));
	reply_refused(s, W.facil, W.pub_thread);
	/* Unlocked, still closed: still refused. */
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_LOCKED, 0));
	reply_refused(s, W.member, W.pub_thread);
	/* Reopened (pinned still): members again. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_CLOSED, 0));
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "Thanks"));

	/* Hidden and pinned: facilitators see it first; members not at all. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_HIDDEN, 1));
	free(thread_page(s, "pub", NULL, 0, got, sizeof(got)));
	ck_assert_str_eq(got, "Welcome to pub,t2,t1,");
	tu_as(s, W.member);
	free(thread_page(s, "pub", NULL, 0, got, sizeof(got)));
	ck_assert_str_eq(got, "t2,t1,");
	ck_assert_int_eq(tu_count_search(s, "Locked", NULL), 0);
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_lists_thread(s, "pub", W.pub_thread), 0);
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_HIDDEN, 0));
	tu_as(s, W.member);
	free(thread_page(s, "pub", NULL, 0, got, sizeof(got)));
	ck_assert_str_eq(got, "Welcome to pub,t2,t1,");
	ck_assert_int_eq(tu_count_search(s, "Locked", NULL), 1);
}
END_TEST

/* The first log entry after @p seq is @p op about pub_thread in pub by
 * fred. */
static void assert_thread_logged(cop_store *s, int64_t seq, const char *op)
{
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;

	TU_OK(s, cop_log_iter_new(&it, s, seq, 0));
	TU_OK(s, cop_log_iter_next(&e, it));
	ck_assert_str_eq(cop_log_entry_op(e), op);
	ck_assert_str_eq(cop_log_entry_object_id(e), W.pub_thread);
	ck_assert_str_eq(cop_log_entry_community_id(e), W.pub);
	ck_assert_str_eq(cop_log_entry_actor_id(e), W.facil);
	cop_log_entry_free(e);
	cop_log_iter_free(it);
}

START_TEST(test_log_entries)
{
	cop_store *s = tu_store;
	int64_t seq;

	/* Fred's numbering of the log: he reads it (assert_thread_logged). */
	tu_as(s, W.facil);
	seq = cop_log_last_seq(s);
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_LOCKED));
	assert_thread_logged(s, seq, "thread.set_state");

	/* Each flag set, also to the value it has, is an entry. */
	seq = cop_log_last_seq(s);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_PINNED, 1));
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_PINNED, 1));
	ck_assert_int_eq(tu_count_log(s, seq), 2);
	assert_thread_logged(s, seq, "thread.set_flag");
}
END_TEST

static Suite *thread_suite(void)
{
	Suite *s = suite_create("thread");
	TCase *tc = tu_tcase(s, "thread", world_setup, world_teardown);

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_create);
	tcase_add_test(tc, test_create_refused);
	tcase_add_test(tc, test_set_state_permissions);
	tcase_add_test(tc, test_locked_and_closed);
	tcase_add_test(tc, test_hidden);
	tcase_add_test(tc, test_listing_by_activity);
	tcase_add_test(tc, test_listing_same_time);
	tcase_add_test(tc, test_listing_stable_pages);
	tcase_add_test(tc, test_listing_longer_than_a_batch);
	tcase_add_test(tc, test_listing_errors);
	tcase_add_test(tc, test_listing_private_by_slug_and_id);
	tcase_add_test(tc, test_log_entries);
	tcase_add_test(tc, test_flags_independent);
	tcase_add_test(tc, test_set_flag_permissions);
	tcase_add_test(tc, test_flags_rules);
	return s;
}

int main(void)
{
	return tu_run(thread_suite());
}
