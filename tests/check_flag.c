/*
 * check_flag.c: flags on contributions (the flag privilege, refusals
 * that change nothing, the moderators' queue, resolution) and reading
 * (cop_thread_read: days visited and posts read feeding trust levels).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define DAY (86400000LL)

static tu_world W;
static tu_idbuf REPLY_C, REPLY_F, NEWBIE;

/* The world, plus replies by cora and fred in pub_thread and a member
 * (nina) who joined pub and has done nothing yet. */
static void setup(void)
{
	tu_store_setup();
	tu_world_make(tu_store, &W);
	tu_as(tu_store, W.core);
	tu_contrib(tu_store, REPLY_C, W.pub_thread, COP_CONTRIB_REPLY, NULL,
		"A reply from cora.");
	tu_as(tu_store, W.facil);
	tu_contrib(tu_store, REPLY_F, W.pub_thread, COP_CONTRIB_REPLY, NULL,
		"A reply from fred.");
	tu_as(tu_store, NULL);
	tu_member(tu_store, NEWBIE, "nina");
	TU_OK(tu_store, cop_community_join(NULL, tu_store, "pub", NEWBIE, 0));
}

static void teardown(void)
{
	tu_store_teardown();
}

static int count_flags(cop_store *s, const char *community,
	cop_flag_state state)
{
	cop_flag_iter *it = NULL;
	cop_flag *f = NULL;
	int n = 0, rc;

	TU_OK(s, cop_flag_iter_new(&it, s, community, state, NULL));
	while ((rc = cop_flag_iter_next(&f, it)) == COP_OK) {
		ck_assert_int_eq(cop_flag_state_get(f), state);
		cop_flag_free(f);
		n++;
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_flag_iter_free(it);
	return n;
}

START_TEST(test_raise)
{
	cop_store *s = tu_store;
	cop_flag *f = NULL;
	char *snap;

	tu_as(s, W.member);
	TU_OK(s, cop_flag_raise(&f, s, REPLY_C, "Off topic for this thread."));
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(cop_flag_contribution_id(f), REPLY_C);
	ck_assert_str_eq(cop_flag_flagger_id(f), W.member);
	ck_assert_str_eq(cop_flag_community_id(f), W.pub);
	ck_assert_str_eq(cop_flag_reason(f), "Off topic for this thread.");
	ck_assert_int_eq(cop_flag_state_get(f), COP_FLAG_OPEN);
	ck_assert_ptr_null(cop_flag_resolver_id(f));
	ck_assert_int_eq(cop_flag_resolved(f), 0);
	ck_assert(cop_flag_created(f) > 0);
	cop_flag_free(f);

	snap = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, snap,
		cop_flag_raise(NULL, s, REPLY_C, "Again."));
	/* Own contribution. */
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_flag_raise(NULL, s, W.pub_post, "Mine."));
	/* Not a member, banned, silenced. */
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_flag_raise(NULL, s, REPLY_F, "Outsider."));
	tu_as(s, W.banned);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_flag_raise(NULL, s, REPLY_F, "Banned."));
	tu_as(s, W.silenced);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_flag_raise(NULL, s, REPLY_F, "Silenced."));
	/* A private community's contribution, as a non-member. */
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_flag_raise(NULL, s, W.priv_post, "Hidden."));
	/* Bad arguments. */
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_flag_raise(NULL, s, REPLY_F, ""));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_flag_raise(NULL, s, REPLY_F, NULL));
	{
		char *big = tu_repeat('x', 501);
		TU_FAILS_UNCHANGED(s, COP_ETOOBIG, snap,
			cop_flag_raise(NULL, s, REPLY_F, big));
		free(big);
	}
	TU_FAILS_UNCHANGED(s, COP_EENCODING, snap,
		cop_flag_raise(NULL, s, REPLY_F, "bad \xff byte"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_flag_raise(NULL, s, "not-an-id", "Why."));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_flag_raise(NULL, s, "00000000-0000-7000-8000-000000000000",
			"Why."));
	/* The system does not flag. */
	tu_as(s, NULL);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_flag_raise(NULL, s, REPLY_F, "System."));
	free(snap);
	tu_as(s, W.facil);
	ck_assert_int_eq(count_flags(s, "pub", COP_FLAG_OPEN), 1);
}
END_TEST

/* The flag privilege is what stops a trust-level-0 member. */
START_TEST(test_privilege)
{
	cop_store *s = tu_store;
	cop_recognition_config cfg;
	int can = -1;
	char *snap;

	tu_as(s, NULL);
	TU_OK(s, cop_trust_can(&can, s, "pub", NEWBIE, COP_PRIV_FLAG));
	ck_assert_int_eq(can, 0);
	snap = tu_snapshot(s);
	tu_as(s, NEWBIE);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_flag_raise(NULL, s, REPLY_C, "Spam."));
	TU_RC(s, COP_EPERM, cop_flag_raise(NULL, s, REPLY_C, "Spam."));
	ck_assert_msg(tu_contains(cop_errmsg(s), "privilege"), "%s",
		cop_errmsg(s));
	free(snap);

	tu_as(s, NULL);
	TU_OK(s, cop_recognition_config_lookup(&cfg, s, "pub"));
	cfg.priv_flag = 0;
	TU_OK(s, cop_recognition_config_set(s, "pub", &cfg));
	tu_as(s, NEWBIE);
	TU_OK(s, cop_flag_raise(NULL, s, REPLY_C, "Spam."));
	/* Facilitators hold it whatever their level. */
	tu_as(s, W.facil);
	TU_OK(s, cop_flag_raise(NULL, s, REPLY_C, "Checking."));
	tu_as(s, W.facil);
	ck_assert_int_eq(count_flags(s, "pub", COP_FLAG_OPEN), 2);
}
END_TEST

START_TEST(test_queue)
{
	cop_store *s = tu_store;
	cop_flag_iter *it = NULL;
	cop_flag *f = NULL;
	cop_page page = COP_PAGE_INIT;
	tu_idbuf first, second, third;
	char cursor[128];
	char *snap;

	tu_as(s, W.member);
	TU_OK(s, cop_flag_raise(&f, s, REPLY_C, "One."));
	snprintf(first, sizeof(first), "%s", cop_flag_id(f));
	cop_flag_free(f);
	tu_tick(s, 1000);
	TU_OK(s, cop_flag_raise(&f, s, REPLY_F, "Two."));
	snprintf(second, sizeof(second), "%s", cop_flag_id(f));
	cop_flag_free(f);
	tu_tick(s, 1000);
	tu_as(s, W.core);
	TU_OK(s, cop_flag_raise(&f, s, REPLY_F, "Three."));
	snprintf(third, sizeof(third), "%s", cop_flag_id(f));
	cop_flag_free(f);

	/* Only moderators see the queue. */
	tu_as(s, W.member);
	TU_RC(s, COP_EPERM, cop_flag_iter_new(&it, s, "pub", COP_FLAG_OPEN,
		NULL));
	ck_assert_ptr_null(it);
	tu_as(s, W.outsider);
	TU_RC(s, COP_EPERM, cop_flag_iter_new(&it, s, "pub", COP_FLAG_OPEN,
		NULL));

	/* Oldest first, by keyset pages of two. */
	tu_as(s, W.facil);
	page.limit = 2;
	TU_OK(s, cop_flag_iter_new(&it, s, "pub", COP_FLAG_OPEN, &page));
	TU_OK(s, cop_flag_iter_next(&f, it));
	ck_assert_str_eq(cop_flag_id(f), first);
	cop_flag_free(f);
	TU_OK(s, cop_flag_iter_next(&f, it));
	ck_assert_str_eq(cop_flag_id(f), second);
	cop_flag_free(f);
	ck_assert_int_eq(cop_flag_iter_next(&f, it), COP_ITEROVER);
	snprintf(cursor, sizeof(cursor), "%s", cop_flag_iter_cursor(it));
	cop_flag_iter_free(it);
	page.after = cursor;
	TU_OK(s, cop_flag_iter_new(&it, s, "pub", COP_FLAG_OPEN, &page));
	TU_OK(s, cop_flag_iter_next(&f, it));
	ck_assert_str_eq(cop_flag_id(f), third);
	cop_flag_free(f);
	ck_assert_int_eq(cop_flag_iter_next(&f, it), COP_ITEROVER);
	cop_flag_iter_free(it);
	page.after = "garbage";
	TU_RC(s, COP_EINVAL, cop_flag_iter_new(&it, s, "pub", COP_FLAG_OPEN,
		&page));

	/* Resolution: moderators only, once. */
	snap = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_flag_resolve(s, first, COP_FLAG_UPHELD));
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_flag_resolve(s, first, COP_FLAG_OPEN));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_flag_resolve(s, "00000000-0000-7000-8000-000000000000",
			COP_FLAG_UPHELD));
	free(snap);
	TU_OK(s, cop_flag_resolve(s, first, COP_FLAG_UPHELD));
	tu_as(s, NULL);
	TU_OK(s, cop_flag_resolve(s, second, COP_FLAG_DISMISSED));
	snap = tu_snapshot(s);
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_flag_resolve(s, first, COP_FLAG_DISMISSED));
	free(snap);

	ck_assert_int_eq(count_flags(s, "pub", COP_FLAG_OPEN), 1);
	ck_assert_int_eq(count_flags(s, "pub", COP_FLAG_DISMISSED), 1);
	TU_OK(s, cop_flag_iter_new(&it, s, "pub", COP_FLAG_UPHELD, NULL));
	TU_OK(s, cop_flag_iter_next(&f, it));
	ck_assert_str_eq(cop_flag_id(f), first);
	ck_assert_str_eq(cop_flag_resolver_id(f), W.facil);
	ck_assert(cop_flag_resolved(f) >= cop_flag_created(f));
	cop_flag_free(f);
	ck_assert_int_eq(cop_flag_iter_next(&f, it), COP_ITEROVER);
	cop_flag_iter_free(it);
	/* Another community's queue is empty. */
	ck_assert_int_eq(count_flags(s, "priv", COP_FLAG_OPEN), 0);
}
END_TEST

/* A member (not a facilitator) with the moderate privilege may resolve. */
START_TEST(test_moderate_privilege)
{
	cop_store *s = tu_store;
	cop_flag *f = NULL;
	tu_idbuf fid;

	tu_as(s, W.member);
	TU_OK(s, cop_flag_raise(&f, s, REPLY_C, "Rude."));
	snprintf(fid, sizeof(fid), "%s", cop_flag_id(f));
	cop_flag_free(f);
	tu_as(s, W.core);
	TU_RC(s, COP_EPERM, cop_flag_resolve(s, fid, COP_FLAG_UPHELD));
	tu_as(s, NULL);
	TU_OK(s, cop_trust_set(s, "pub", W.core, 4));
	tu_as(s, W.core);
	TU_OK(s, cop_flag_resolve(s, fid, COP_FLAG_UPHELD));
}
END_TEST

static int standing_of(cop_store *s, const char *member, int *days, int *read,
	int *trust)
{
	cop_standing *st = NULL;
	const char *a = cop_store_actor(s);
	tu_idbuf keep = "";

	if (a)
		snprintf(keep, sizeof(keep), "%s", a);
	tu_as(s, NULL);
	TU_OK(s, cop_standing_lookup(&st, s, "pub", member));
	*days = cop_standing_days_active(st);
	*read = cop_standing_posts_read(st);
	*trust = cop_standing_trust_level(st);
	cop_standing_free(st);
	tu_as(s, keep[0] ? keep : NULL);
	return 0;
}

START_TEST(test_read)
{
	cop_store *s = tu_store;
	cop_recognition_config cfg;
	int days, read, trust, days0;
	char *snap;

	standing_of(s, NEWBIE, &days0, &read, &trust);
	ck_assert_int_eq(read, 0);
	ck_assert_int_eq(trust, 0);

	/* Posts read are capped by the thread's size (3 contributions). */
	tu_as(s, NEWBIE);
	TU_OK(s, cop_thread_read(s, W.pub_thread, 10));
	standing_of(s, NEWBIE, &days, &read, &trust);
	ck_assert_int_eq(read, 3);
	ck_assert_int_eq(days, days0 + 1);
	/* The same day again: more reads, no new day. */
	TU_OK(s, cop_thread_read(s, W.pub_thread, 2));
	standing_of(s, NEWBIE, &days, &read, &trust);
	ck_assert_int_eq(read, 5);
	ck_assert_int_eq(days, days0 + 1);
	/* A visit on another day counts the day. */
	tu_tick(s, DAY);
	TU_OK(s, cop_thread_read(s, W.pub_thread, 0));
	standing_of(s, NEWBIE, &days, &read, &trust);
	ck_assert_int_eq(read, 5);
	ck_assert_int_eq(days, days0 + 2);

	/* Refusals change nothing. */
	snap = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_thread_read(s, W.pub_thread, -1));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_thread_read(s, W.priv_thread, 1));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_thread_read(s, "00000000-0000-7000-8000-000000000000", 1));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_thread_read(s, "nope", 1));
	tu_as(s, NULL);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_thread_read(s, W.pub_thread, 1));
	free(snap);
	standing_of(s, NEWBIE, &days, &read, &trust);
	ck_assert_int_eq(read, 5);

	/* Reading feeds the trust level: with 8 posts read required for
	 * level 1, a post alone does not promote nina; reading does. */
	TU_OK(s, cop_recognition_config_lookup(&cfg, s, "pub"));
	cfg.trust1_read = 8;
	TU_OK(s, cop_recognition_config_set(s, "pub", &cfg));
	tu_as(s, NEWBIE);
	tu_contrib(s, NULL, W.pub_thread, COP_CONTRIB_REPLY, NULL, "Hi all.");
	standing_of(s, NEWBIE, &days, &read, &trust);
	ck_assert_int_eq(trust, 0);
	TU_OK(s, cop_thread_read(s, W.pub_thread, 3));
	standing_of(s, NEWBIE, &days, &read, &trust);
	ck_assert_int_eq(read, 8);
	ck_assert_int_eq(trust, 1);
}
END_TEST

static Suite *flag_suite(void)
{
	Suite *s = suite_create("flag");
	TCase *tc = tcase_create("flags and reading");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, TU_TIMEOUT);
	tcase_add_test(tc, test_raise);
	tcase_add_test(tc, test_privilege);
	tcase_add_test(tc, test_queue);
	tcase_add_test(tc, test_moderate_privilege);
	tcase_add_test(tc, test_read);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(flag_suite());
}
