/*
 * check_anonymous.c: the default viewer (issue 17).  A store opened
 * without COP_OPEN_SYSTEM acts as the anonymous viewer: it sees what an
 * outsider sees of public communities, nothing of private or invite-only
 * ones (refused as missing, as an unknown id), and writes nothing.  The
 * system is asked for explicitly (COP_OPEN_SYSTEM,
 * cop_store_act_as_system()); cop_store_set_actor(NULL) never gives it.
 *
 * The store is the one COP_TEST_URI names (testutil.h): the suite runs on
 * SQLite and on PostgreSQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

TU_WORLD_FIXTURE(W)

/* A second store on the world's database, opened with @p opts. */
static cop_store *reopen(const cop_open_options *opts)
{
	cop_store *s = NULL;

	TU_OK(NULL, cop_open(&s, tu_uri(), opts));
	ck_assert_ptr_nonnull(s);
	return s;
}

START_TEST(test_default_is_anonymous)
{
	cop_store *s = reopen(NULL);
	cop_community *c = NULL;
	cop_thread *t = NULL;

	ck_assert_int_eq(cop_store_actor_kind(s), COP_ACTOR_ANONYMOUS);
	ck_assert_ptr_null(cop_store_actor(s));
	ck_assert_str_eq(cop_actor_kind_name(cop_store_actor_kind(s)),
		"anonymous");
	/* The public community's thread is there... */
	TU_OK(s, cop_community_lookup(&c, s, W.pub));
	cop_community_free(c);
	TU_OK(s, cop_thread_lookup(&t, s, W.pub_thread));
	cop_thread_free(t);
	/* ...the private and invite-only ones are not, as unknown ids. */
	TU_RC(s, COP_ENOTFOUND, cop_community_lookup(&c, s, W.priv));
	ck_assert_str_eq(cop_errmsg(s), "no such community");
	TU_RC(s, COP_ENOTFOUND, cop_community_lookup(&c, s, "priv"));
	ck_assert_str_eq(cop_errmsg(s), "no such community");
	TU_RC(s, COP_ENOTFOUND, cop_community_lookup(&c, s, W.inv));
	TU_RC(s, COP_ENOTFOUND, cop_thread_lookup(&t, s, W.priv_thread));
	ck_assert_str_eq(cop_errmsg(s), "no such thread");
	TU_RC(s, COP_ENOTFOUND, cop_thread_lookup(&t, s, W.inv_thread));
	tu_close(s);
}
END_TEST

/* Every write is refused and changes nothing: COP_EPERM for what the
 * viewer sees, COP_ENOTFOUND for what it does not. */
START_TEST(test_anonymous_writes_nothing)
{
	cop_store *s = reopen(NULL);
	char *before = tu_snapshot(tu_store);
	int64_t seq = cop_log_last_seq(tu_store);

	TU_RC(s, COP_EPERM, cop_thread_create(NULL, s, W.pub,
		COP_THREAD_DISCUSSION, "Hello", NULL, NULL, "From nobody"));
	TU_RC(s, COP_EPERM, cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "A reply"));
	TU_RC(s, COP_EPERM, cop_community_create(NULL, s, "mine", "Mine",
		NULL, NULL, COP_VISIBILITY_PUBLIC));
	ck_assert(tu_contains(cop_errmsg(s), "anonymous"));
	TU_RC(s, COP_EPERM, cop_member_create(NULL, s, "nobody", "Nobody",
		NULL, NULL));
	TU_RC(s, COP_EPERM, cop_vote_cast(s, W.pub_post, COP_VOTE_UP));
	TU_RC(s, COP_ENOTFOUND, cop_contribution_create(NULL, s,
		W.priv_thread, COP_CONTRIB_REPLY, NULL, NULL, NULL, "A reply"));
	ck_assert_str_eq(cop_errmsg(s), "no such thread");
	TU_RC(s, COP_ENOTFOUND, cop_thread_create(NULL, s, W.priv,
		COP_THREAD_DISCUSSION, "Hello", NULL, NULL, "From nobody"));
	ck_assert_str_eq(cop_errmsg(s), "no such community");
	/* In a batch too. */
	TU_OK(s, cop_batch_begin(s));
	TU_RC(s, COP_EPERM, cop_thread_create(NULL, s, W.pub,
		COP_THREAD_DISCUSSION, "Hello", NULL, NULL, "From nobody"));
	TU_OK(s, cop_batch_commit(s));
	tu_close(s);
	tu_assert_unchanged(tu_store, before, "the anonymous viewer");
	ck_assert_int_eq(cop_log_last_seq(tu_store), seq);
	free(before);
}
END_TEST

/* What the anonymous viewer counts and lists is what an outsider does. */
START_TEST(test_anonymous_sees_as_an_outsider)
{
	cop_store *s = reopen(NULL);
	cop_community_iter *it = NULL;
	cop_community *c = NULL;
	int n_anon = 0, n_out = 0, rc;

	TU_OK(s, cop_community_iter_new(&it, s, NULL));
	while ((rc = cop_community_iter_next(&c, it)) == COP_OK) {
		n_anon++;
		ck_assert_int_eq(cop_community_visibility(c),
			COP_VISIBILITY_PUBLIC);
		cop_community_free(c);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_community_iter_free(it);
	tu_as(tu_store, W.outsider);
	TU_OK(tu_store, cop_community_iter_new(&it, tu_store, NULL));
	while ((rc = cop_community_iter_next(&c, it)) == COP_OK) {
		n_out++;
		cop_community_free(c);
	}
	cop_community_iter_free(it);
	tu_as(tu_store, NULL);
	ck_assert_int_gt(n_anon, 0);
	ck_assert_int_eq(n_anon, n_out);
	tu_close(s);
}
END_TEST

/* The anonymous viewer reads the change log with cursors, on a store
 * whose secret nobody made before: the secret is the store's own, not a
 * write of the viewer's, and nothing else changes. */
START_TEST(test_anonymous_log_cursor)
{
	cop_store *s = reopen(NULL);
	char *before = tu_snapshot(tu_store);
	cop_page page = COP_PAGE_INIT;
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	char *cursor = NULL;
	int64_t first = 0;
	int n = 0, rc;

	page.limit = 1;
	TU_OK(s, cop_log_iter_page(&it, s, &page));
	TU_OK(s, cop_log_iter_next(&e, it));
	first = cop_log_entry_seq(e);
	ck_assert_int_eq(first, 1);
	ck_assert(!cop_log_entry_community_id(e) ||
		strcmp(cop_log_entry_community_id(e), W.priv));
	cop_log_entry_free(e);
	ck_assert_ptr_nonnull(cop_log_iter_cursor(it));
	cursor = strdup(cop_log_iter_cursor(it));
	cop_log_iter_free(it);
	/* The next page starts after it, at the viewer's second entry. */
	page.after = cursor;
	page.limit = 0;
	TU_OK(s, cop_log_iter_page(&it, s, &page));
	while ((rc = cop_log_iter_next(&e, it)) == COP_OK) {
		ck_assert_int_eq(cop_log_entry_seq(e), first + 1 + n);
		ck_assert(!cop_log_entry_community_id(e) ||
			(strcmp(cop_log_entry_community_id(e), W.priv) &&
			strcmp(cop_log_entry_community_id(e), W.inv)));
		cop_log_entry_free(e);
		n++;
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_log_iter_free(it);
	free(cursor);
	/* Its writes are still refused. */
	TU_RC(s, COP_EPERM, cop_thread_set_flag(s, W.pub_thread,
		COP_THREAD_FLAG_PINNED, 1));
	tu_close(s);
	/* Nothing but the secret was written: no log entry, no record. */
	tu_assert_unchanged(tu_store, before, "the anonymous viewer's log");
	free(before);
}
END_TEST

/* The system is asked for: the flag, or cop_store_act_as_system(); NULL
 * is the anonymous viewer again. */
START_TEST(test_system_explicit)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_community *c = NULL;
	cop_actor_kind k;
	cop_store *s;

	o.flags = COP_OPEN_SYSTEM;
	s = reopen(&o);
	ck_assert_int_eq(cop_store_actor_kind(s), COP_ACTOR_SYSTEM);
	TU_OK(s, cop_community_lookup(&c, s, W.priv));
	cop_community_free(c);
	TU_OK(s, cop_store_set_actor(s, W.member));
	ck_assert_int_eq(cop_store_actor_kind(s), COP_ACTOR_MEMBER);
	ck_assert_str_eq(cop_store_actor(s), W.member);
	/* A mistaken NULL is the anonymous viewer, not the system. */
	TU_OK(s, cop_store_set_actor(s, NULL));
	ck_assert_int_eq(cop_store_actor_kind(s), COP_ACTOR_ANONYMOUS);
	TU_RC(s, COP_ENOTFOUND, cop_community_lookup(&c, s, W.priv));
	/* An unknown member leaves the actor as it was. */
	TU_RC(s, COP_ENOTFOUND, cop_store_set_actor(s,
		"0188a0a0-0000-7000-8000-000000000000"));
	ck_assert_int_eq(cop_store_actor_kind(s), COP_ACTOR_ANONYMOUS);
	TU_OK(s, cop_store_act_as_system(s));
	ck_assert_int_eq(cop_store_actor_kind(s), COP_ACTOR_SYSTEM);
	ck_assert_ptr_null(cop_store_actor(s));
	TU_OK(s, cop_community_lookup(&c, s, W.priv));
	cop_community_free(c);
	tu_close(s);

	ck_assert_int_eq(cop_store_act_as_system(NULL), COP_EINVAL);
	ck_assert_int_eq(cop_store_actor_kind(NULL), COP_ACTOR_ANONYMOUS);
	TU_OK(NULL, cop_actor_kind_parse(&k, "system"));
	ck_assert_int_eq(k, COP_ACTOR_SYSTEM);
	ck_assert_int_eq(cop_actor_kind_parse(&k, "root"), COP_EINVAL);
	ck_assert_ptr_null(cop_actor_kind_name((cop_actor_kind)7));
}
END_TEST

int main(void)
{
	Suite *su = suite_create("anonymous");
	TCase *tc = tu_tcase(su, "anonymous", setup, teardown);

	tcase_add_test(tc, test_default_is_anonymous);
	tcase_add_test(tc, test_anonymous_writes_nothing);
	tcase_add_test(tc, test_anonymous_sees_as_an_outsider);
	tcase_add_test(tc, test_system_explicit);
	tcase_add_test(tc, test_anonymous_log_cursor);
	return tu_run(su);
}
