/*
 * check_contribution.c: contributions: kinds, reply_to/translation_of,
 * editing by the author only, revision history, listings.
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

/* Bodies of a thread's contributions from cursor @p after ("a|b|");
 * returns the last cursor (malloc'd) or NULL. */
static char *thread_bodies(cop_store *s, const char *thread,
	const char *after, unsigned limit, char *out, size_t outsz)
{
	cop_page pg = COP_PAGE_INIT;
	cop_contribution_iter *it = NULL;
	cop_contribution *c = NULL;
	char *cur = NULL;
	int rc;

	pg.after = after;
	pg.limit = limit;
	out[0] = '\0';
	TU_OK(s, cop_contribution_iter_new(&it, s, thread, &pg));
	while ((rc = cop_contribution_iter_next(&c, it)) == COP_OK) {
		strncat(out, cop_contribution_body(c), outsz - strlen(out) - 1);
		strncat(out, "|", outsz - strlen(out) - 1);
		cop_contribution_free(c);
		free(cur);
		cur = strdup(cop_contribution_iter_cursor(it));
	}
	ck_assert_msg(rc == COP_ITEROVER, "%s", tu_ename(rc));
	cop_contribution_iter_free(it);
	return cur;
}

/* Bodies of a member's contributions as the current actor sees them. */
static char *author_bodies(cop_store *s, const char *member,
	const char *after, unsigned limit, char *out, size_t outsz)
{
	cop_page pg = COP_PAGE_INIT;
	cop_contribution_iter *it = NULL;
	cop_contribution *c = NULL;
	char *cur = NULL;
	int rc;

	pg.after = after;
	pg.limit = limit;
	out[0] = '\0';
	TU_OK(s, cop_contribution_iter_by_author(&it, s, member, &pg));
	while ((rc = cop_contribution_iter_next(&c, it)) == COP_OK) {
		ck_assert_str_eq(cop_contribution_author_id(c), member);
		strncat(out, cop_contribution_body(c), outsz - strlen(out) - 1);
		strncat(out, "|", outsz - strlen(out) - 1);
		cop_contribution_free(c);
		free(cur);
		cur = strdup(cop_contribution_iter_cursor(it));
	}
	ck_assert_msg(rc == COP_ITEROVER, "%s", tu_ename(rc));
	cop_contribution_iter_free(it);
	return cur;
}

START_TEST(test_names)
{
	cop_contribution_kind k;
	int i;

	for (i = COP_CONTRIB_POST; i <= COP_CONTRIB_SUMMARY; i++) {
		ck_assert_ptr_nonnull(cop_contribution_kind_name(i));
		TU_OK(NULL, cop_contribution_kind_parse(&k,
			cop_contribution_kind_name(i)));
		ck_assert_int_eq(k, i);
	}
	ck_assert_str_eq(cop_contribution_kind_name(COP_CONTRIB_ANSWER),
		"answer");
	ck_assert_ptr_null(cop_contribution_kind_name(
		(cop_contribution_kind)6));
	ck_assert_int_eq(cop_contribution_kind_parse(&k, "rant"), COP_EINVAL);
}
END_TEST

START_TEST(test_create_kinds)
{
	cop_store *s = tu_store;
	cop_contribution *c = NULL, *g = NULL;
	cop_thread *t = NULL;
	tu_idbuf reply, ans;
	cop_time now = tu_tick(s, 1000);

	/* A reply. */
	tu_as(s, W.core);
	TU_OK(s, cop_contribution_create(&c, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "A *reply*"));
	ck_assert_int_eq(cop_contribution_kind_get(c), COP_CONTRIB_REPLY);
	ck_assert_str_eq(cop_contribution_body(c), "A *reply*");
	ck_assert_str_eq(cop_contribution_author_id(c), W.core);
	ck_assert_str_eq(cop_contribution_thread_id(c), W.pub_thread);
	ck_assert_str_eq(cop_contribution_community_id(c), W.pub);
	ck_assert_str_eq(cop_contribution_language(c), "en");
	ck_assert_ptr_null(cop_contribution_reply_to(c));
	ck_assert_ptr_null(cop_contribution_translation_of(c));
	ck_assert_int_eq(cop_contribution_created(c), now);
	ck_assert_int_eq(cop_contribution_edited(c), 0);
	ck_assert_int_eq(cop_contribution_revision(c), 1);
	ck_assert_int_eq(cop_contribution_score(c), 0);
	ck_assert_int_eq(cop_contribution_format(c), COP_FORMAT_MARKDOWN);
	memcpy(reply, cop_contribution_id(c), sizeof(reply));
	cop_contribution_free(c);

	TU_OK(s, cop_contribution_lookup(&g, s, reply));
	ck_assert_str_eq(cop_contribution_id(g), reply);
	ck_assert_str_eq(cop_contribution_body(g), "A *reply*");
	ck_assert_int_eq(cop_contribution_kind_get(g), COP_CONTRIB_REPLY);
	ck_assert_int_eq(cop_contribution_created(g), now);
	cop_contribution_free(g);

	/* A comment on it, and a translation of the first post. */
	TU_OK(s, cop_contribution_create(&c, s, W.pub_thread,
		COP_CONTRIB_COMMENT, reply, NULL, NULL, "A comment"));
	ck_assert_str_eq(cop_contribution_reply_to(c), reply);
	cop_contribution_free(c);
	TU_OK(s, cop_contribution_create(&c, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, W.pub_post, "fr",
		"Bonjour de la place publique"));
	ck_assert_str_eq(cop_contribution_translation_of(c), W.pub_post);
	ck_assert_str_eq(cop_contribution_language(c), "fr");
	TU_OK(s, cop_contribution_lookup(&g, s, cop_contribution_id(c)));
	ck_assert_str_eq(cop_contribution_translation_of(g), W.pub_post);
	ck_assert_ptr_null(cop_contribution_reply_to(g));
	ck_assert_str_eq(cop_contribution_language(g), "fr");
	cop_contribution_free(g);
	cop_contribution_free(c);
	/* A resource. */
	TU_OK(s, cop_contribution_create(&c, s, W.pub_thread,
		COP_CONTRIB_RESOURCE, NULL, NULL, NULL,
		"[A link](https://example.org)"));
	ck_assert_int_eq(cop_contribution_kind_get(c), COP_CONTRIB_RESOURCE);
	cop_contribution_free(c);

	/* An answer in the question thread. */
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_create(&c, s, W.priv_thread,
		COP_CONTRIB_ANSWER, NULL, NULL, NULL, "Plant them in spring"));
	memcpy(ans, cop_contribution_id(c), sizeof(ans));
	ck_assert_str_eq(cop_contribution_community_id(c), W.priv);
	cop_contribution_free(c);
	/* A summary by a facilitator. */
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_create(&c, s, W.pub_thread,
		COP_CONTRIB_SUMMARY, NULL, NULL, NULL, "In short: hello"));
	ck_assert_int_eq(cop_contribution_kind_get(c), COP_CONTRIB_SUMMARY);
	cop_contribution_free(c);

	/* Counts and activity follow. */
	tu_as(s, NULL);
	TU_OK(s, cop_thread_lookup(&t, s, W.pub_thread));
	ck_assert_int_eq(cop_thread_contribution_count(t), 6);
	ck_assert_int_eq(cop_thread_last_activity(t), now);
	cop_thread_free(t);
	ck_assert_int_eq(tu_count_contribs(s, W.pub_thread), 6);
	ck_assert_int_eq(tu_count_contribs(s, W.priv_thread), 2);
	{
		cop_stats st;

		memset(&st, 0, sizeof(st));
		TU_OK(s, cop_stats_lookup(&st, s, NULL));
		ck_assert_int_eq(st.contributions, 9);
		ck_assert_int_eq(st.answers, 1);
		ck_assert_int_eq(st.comments, 1);
	}
}
END_TEST

START_TEST(test_create_refused)
{
	cop_store *s = tu_store;
	cop_contribution *c = NULL;
	char *before;
	tu_idbuf other_reply;

	/* A reply in another thread, to refer to. */
	tu_as(s, W.member);
	tu_contrib(s, other_reply, W.priv_thread, COP_CONTRIB_REPLY, NULL,
		"elsewhere");
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_POST,
			NULL, NULL, NULL, "A second post"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_contribution_create(&c, s, W.pub_thread,
			COP_CONTRIB_ANSWER, NULL, NULL, NULL,
			"Answers are for questions"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_contribution_create(&c, s, W.pub_thread,
			COP_CONTRIB_COMMENT, NULL, NULL, NULL, "On what?"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_REPLY,
			other_reply, NULL, NULL, "Across threads"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_REPLY,
			NULL, other_reply, NULL, "Across threads"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_contribution_create(&c, s, W.pub_thread,
			COP_CONTRIB_COMMENT,
			"0188a0a0-0000-7000-8000-000000000000", NULL, NULL,
			"On nothing"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_contribution_create(&c, s, W.pub_thread,
			(cop_contribution_kind)6, NULL, NULL, NULL, "kind"));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_create(&c, s, W.pub_thread,
			COP_CONTRIB_SUMMARY, NULL, NULL, NULL, "Not mine to sum"));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_create(&c, s, W.pub_thread,
			COP_CONTRIB_SUMMARY, NULL, NULL, NULL, "Not mine to sum"));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_contribution_create(&c, s, W.priv_thread,
			COP_CONTRIB_REPLY, NULL, NULL, NULL, "Let me in"));
	ck_assert_ptr_null(c);
	free(before);
}
END_TEST

START_TEST(test_edit_and_revisions)
{
	cop_store *s = tu_store;
	cop_contribution *c = NULL;
	cop_revision_iter *it = NULL;
	cop_revision *r = NULL;
	cop_time t1, t2;

	/* mia edits her first post twice. */
	tu_as(s, W.member);
	t1 = tu_tick(s, 10000);
	TU_OK(s, cop_contribution_edit(&c, s, W.pub_post,
		"Hello from the public square!", "punctuation"));
	ck_assert_str_eq(cop_contribution_body(c),
		"Hello from the public square!");
	ck_assert_int_eq(cop_contribution_revision(c), 2);
	ck_assert_int_eq(cop_contribution_edited(c), t1);
	ck_assert_int_eq(cop_contribution_created(c), TU_T0 + 2000);
	ck_assert_str_eq(cop_contribution_author_id(c), W.member);
	cop_contribution_free(c);
	t2 = tu_tick(s, 10000);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post,
		"Hello, everyone", NULL));
	TU_OK(s, cop_contribution_lookup(&c, s, W.pub_post));
	ck_assert_str_eq(cop_contribution_body(c), "Hello, everyone");
	ck_assert_int_eq(cop_contribution_revision(c), 3);
	ck_assert_int_eq(cop_contribution_edited(c), t2);
	cop_contribution_free(c);

	/* The earlier bodies, oldest first. */
	TU_OK(s, cop_revision_iter_new(&it, s, W.pub_post));
	TU_OK(s, cop_revision_iter_next(&r, it));
	ck_assert_int_eq(cop_revision_number(r), 1);
	ck_assert_str_eq(cop_revision_body(r), "Hello from the public square");
	ck_assert_str_eq(cop_revision_comment(r), "punctuation");
	ck_assert_str_eq(cop_revision_author_id(r), W.member);
	ck_assert_str_eq(cop_revision_contribution_id(r), W.pub_post);
	ck_assert_int_eq(cop_revision_created(r), TU_T0 + 2000);
	cop_revision_free(r);
	TU_OK(s, cop_revision_iter_next(&r, it));
	ck_assert_int_eq(cop_revision_number(r), 2);
	ck_assert_str_eq(cop_revision_body(r), "Hello from the public square!");
	ck_assert_ptr_null(cop_revision_comment(r));
	ck_assert_int_eq(cop_revision_created(r), t1);
	cop_revision_free(r);
	TU_RC(s, COP_ITEROVER, cop_revision_iter_next(&r, it));
	ck_assert_ptr_null(r);
	cop_revision_iter_free(it);

	/* An outsider sees the public history, not the private one. */
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_count_revisions(s, W.pub_post), 2);
	TU_RC(s, COP_ENOTFOUND, tu_count_revisions(s, W.priv_post));
	TU_RC(s, COP_ENOTFOUND, tu_count_revisions(s, W.inv_post));
	/* A contribution never edited has no earlier revisions. */
	tu_as(s, NULL);
	ck_assert_int_eq(tu_count_revisions(s, W.inv_post), 0);
}
END_TEST

START_TEST(test_edit_who)
{
	cop_store *s = tu_store;
	cop_contribution *c = NULL;
	char *before = tu_snapshot(s);

	/* Others' words: not core members, nor outsiders (moderators may:
	 * below and check_moderation.c). */
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_edit(&c, s, W.pub_post, "Rewritten", NULL));
	ck_assert_ptr_null(c);
	tu_as(s, W.silenced);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_edit(&c, s, W.pub_post, "Rewritten", NULL));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_contribution_edit(&c, s, W.priv_post, "Rewritten", NULL));
	/* The author, with bad input. */
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_contribution_edit(&c, s, W.pub_post, "", NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_contribution_edit(&c, s, W.pub_post, NULL, NULL));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_contribution_edit(&c, s,
			"0188a0a0-0000-7000-8000-000000000000", "x", NULL));
	free(before);

	/* The system may (moderation tools, imports); so may a
	 * facilitator and an owner. */
	tu_as(s, NULL);
	TU_OK(s, cop_contribution_edit(&c, s, W.pub_post, "Moderated", "spam"));
	ck_assert_str_eq(cop_contribution_body(c), "Moderated");
	ck_assert_str_eq(cop_contribution_author_id(c), W.member);
	cop_contribution_free(c);
	ck_assert_int_eq(tu_count_revisions(s, W.pub_post), 1);
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "Tidied", NULL));
	tu_as(s, W.owner);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "Tidier", NULL));
	ck_assert_int_eq(tu_count_revisions(s, W.pub_post), 3);
}
END_TEST

START_TEST(test_thread_order_and_pages)
{
	cop_store *s = tu_store;
	char all[512], acc[512] = "", page[512], *cur = NULL, *next;
	int i;

	/* Replies made in the same millisecond and later ones. */
	tu_as(s, W.member);
	for (i = 1; i <= 6; i++) {
		char body[16];

		snprintf(body, sizeof(body), "r%d", i);
		if (i % 3 == 0)
			tu_tick(s, 1000);
		tu_contrib(s, NULL, W.pub_thread, COP_CONTRIB_REPLY, NULL, body);
	}
	free(thread_bodies(s, W.pub_thread, NULL, 0, all, sizeof(all)));
	ck_assert_str_eq(all, "Hello from the public square|r1|r2|r3|r4|r5|r6|");

	/* Pages of 2, with replies added between pages: they come at the
	 * end, nothing is skipped or repeated. */
	for (i = 0;; i++) {
		next = thread_bodies(s, W.pub_thread, cur, 2, page,
			sizeof(page));
		strcat(acc, page);
		free(cur);
		cur = next;
		if (!cur)
			break;
		if (i == 0)
			tu_contrib(s, NULL, W.pub_thread, COP_CONTRIB_REPLY,
				NULL, "late");
	}
	ck_assert_str_eq(acc,
		"Hello from the public square|r1|r2|r3|r4|r5|r6|late|");
}
END_TEST

START_TEST(test_author_listing)
{
	cop_store *s = tu_store;
	char got[512], page[512], *cur;

	tu_as(s, W.member);
	tu_tick(s, 1000);
	tu_contrib(s, NULL, W.priv_thread, COP_CONTRIB_ANSWER, NULL, "a1");
	tu_tick(s, 1000);
	tu_contrib(s, NULL, W.pub_thread, COP_CONTRIB_REPLY, NULL, "p1");
	tu_tick(s, 1000);
	tu_contrib(s, NULL, W.inv_thread, COP_CONTRIB_REPLY, NULL, "i1");
	tu_contrib(s, NULL, W.inv_thread, COP_CONTRIB_REPLY, NULL, "i2");

	/* Newest first, everything for the system and for mia. */
	tu_as(s, NULL);
	free(author_bodies(s, W.member, NULL, 0, got, sizeof(got)));
	ck_assert_str_eq(got, "i2|i1|p1|a1|Hello from the public square|");
	tu_as(s, W.member);
	free(author_bodies(s, W.member, NULL, 0, got, sizeof(got)));
	ck_assert_str_eq(got, "i2|i1|p1|a1|Hello from the public square|");
	/* Only the public ones for an outsider. */
	tu_as(s, W.outsider);
	free(author_bodies(s, W.member, NULL, 0, got, sizeof(got)));
	ck_assert_str_eq(got, "p1|Hello from the public square|");

	/* Pages. */
	tu_as(s, NULL);
	cur = author_bodies(s, W.member, NULL, 3, page, sizeof(page));
	ck_assert_str_eq(page, "i2|i1|p1|");
	tu_as(s, W.member);
	tu_tick(s, 1000);
	tu_contrib(s, NULL, W.pub_thread, COP_CONTRIB_REPLY, NULL, "newest");
	free(author_bodies(s, W.member, cur, 3, page, sizeof(page)));
	ck_assert_str_eq(page, "a1|Hello from the public square|");
	free(cur);

	TU_RC(s, COP_ENOTFOUND, tu_count_by_author(s,
		"0188a0a0-0000-7000-8000-000000000000"));
	TU_RC(s, COP_EINVAL, tu_count_by_author(s, "mia"));
}
END_TEST

START_TEST(test_visibility_of_contributions)
{
	cop_store *s = tu_store;
	cop_contribution *c = NULL;

	tu_as(s, W.outsider);
	TU_OK(s, cop_contribution_lookup(&c, s, W.pub_post));
	cop_contribution_free(c);
	TU_RC(s, COP_ENOTFOUND, cop_contribution_lookup(&c, s, W.priv_post));
	ck_assert_ptr_null(c);
	TU_RC(s, COP_ENOTFOUND, cop_contribution_lookup(&c, s, W.inv_post));
	TU_RC(s, COP_ENOTFOUND, tu_count_contribs(s, W.priv_thread));
	tu_as(s, W.banned);
	TU_RC(s, COP_ENOTFOUND, cop_contribution_lookup(&c, s, W.priv_post));
	tu_as(s, W.silenced);
	TU_OK(s, cop_contribution_lookup(&c, s, W.priv_post));
	ck_assert_str_eq(cop_contribution_body(c),
		"The private garden of ideas");
	cop_contribution_free(c);
}
END_TEST

static Suite *contribution_suite(void)
{
	Suite *s = suite_create("contribution");
	TCase *tc = tu_tcase(s, "contribution", world_setup, world_teardown);

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_create_kinds);
	tcase_add_test(tc, test_create_refused);
	tcase_add_test(tc, test_edit_and_revisions);
	tcase_add_test(tc, test_edit_who);
	tcase_add_test(tc, test_thread_order_and_pages);
	tcase_add_test(tc, test_author_listing);
	tcase_add_test(tc, test_visibility_of_contributions);
	return s;
}

int main(void)
{
	return tu_run(contribution_suite());
}
