/*
 * check_log.c: the change log: every mutation appended with an increasing
 * sequence number, read from a given sequence on, filtered by visibility.
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

/* Assert the log's last entry is @p seq with these fields (as the
 * system reads it). */
static void expect_last(cop_store *s, int64_t seq, const char *op,
	const char *object, const char *community, const char *actor,
	cop_time when)
{
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	const char *a = cop_store_actor(s);
	tu_idbuf saved;

	saved[0] = '\0';
	if (a)
		memcpy(saved, a, sizeof(saved));
	tu_as(s, NULL);
	ck_assert_int_eq(cop_log_last_seq(s), seq);
	TU_OK(s, cop_log_iter_new(&it, s, seq - 1, 0));
	TU_OK(s, cop_log_iter_next(&e, it));
	ck_assert_int_eq(cop_log_entry_seq(e), seq);
	ck_assert_str_eq(cop_log_entry_op(e), op);
	ck_assert_str_eq(cop_log_entry_object_id(e), object);
	if (community)
		ck_assert_str_eq(cop_log_entry_community_id(e), community);
	else
		ck_assert_ptr_null(cop_log_entry_community_id(e));
	if (actor)
		ck_assert_str_eq(cop_log_entry_actor_id(e), actor);
	else
		ck_assert_ptr_null(cop_log_entry_actor_id(e));
	ck_assert_int_eq(cop_log_entry_time(e), when);
	cop_log_entry_free(e);
	TU_RC(s, COP_ITEROVER, cop_log_iter_next(&e, it));
	cop_log_iter_free(it);
	if (saved[0])
		tu_as(s, saved);
}

START_TEST(test_empty)
{
	cop_store *s = tu_store;
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;

	ck_assert_int_eq(cop_log_last_seq(s), 0);
	TU_OK(s, cop_log_iter_new(&it, s, 0, 0));
	TU_RC(s, COP_ITEROVER, cop_log_iter_next(&e, it));
	ck_assert_ptr_null(e);
	cop_log_iter_free(it);
	TU_RC(s, COP_EINVAL, cop_log_iter_new(&it, s, -1, 0));
	ck_assert_ptr_null(it);
	TU_RC(s, COP_EINVAL, cop_log_iter_new(NULL, s, 0, 0));
}
END_TEST

START_TEST(test_every_mutation)
{
	cop_store *s = tu_store;
	cop_member *m = NULL;
	cop_community *c = NULL;
	cop_thread *t = NULL;
	cop_contribution *x = NULL;
	tu_idbuf a, b, cid, tid, xid;
	int64_t seq = 0;
	cop_time now;

	now = tu_tick(s, 1);
	TU_OK(s, cop_member_create(&m, s, "ann", "Ann", NULL, NULL));
	memcpy(a, cop_member_id(m), sizeof(a));
	cop_member_free(m);
	expect_last(s, ++seq, "member.create", a, NULL, NULL, now);
	TU_OK(s, cop_member_create(&m, s, "bob", "Bob", NULL, NULL));
	memcpy(b, cop_member_id(m), sizeof(b));
	cop_member_free(m);
	expect_last(s, ++seq, "member.create", b, NULL, NULL, now);

	now = tu_tick(s, 1000);
	tu_as(s, a);
	TU_OK(s, cop_member_update(s, a, "Ann A.", NULL, NULL));
	expect_last(s, ++seq, "member.update", a, NULL, a, now);

	now = tu_tick(s, 1000);
	TU_OK(s, cop_community_create(&c, s, "logged", "Logged", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	memcpy(cid, cop_community_id(c), sizeof(cid));
	cop_community_free(c);
	expect_last(s, ++seq, "community.create", cid, cid, a, now);

	now = tu_tick(s, 1000);
	tu_as(s, b);
	TU_OK(s, cop_community_join(NULL, s, "logged", b, 3));
	expect_last(s, ++seq, "membership.join", b, cid, b, now);
	TU_OK(s, cop_membership_set_pledge(s, "logged", b, 4));
	expect_last(s, ++seq, "membership.set_pledge", b, cid, b, now);

	tu_as(s, a);
	TU_OK(s, cop_membership_set_role(s, "logged", b, COP_ROLE_CORE));
	expect_last(s, ++seq, "membership.set_role", b, cid, a, now);
	TU_OK(s, cop_membership_set_status(s, "logged", b,
		COP_MEMBERSHIP_SILENCED));
	expect_last(s, ++seq, "membership.set_status", b, cid, a, now);
	TU_OK(s, cop_membership_set_status(s, "logged", b,
		COP_MEMBERSHIP_ACTIVE));
	expect_last(s, ++seq, "membership.set_status", b, cid, a, now);

	now = tu_tick(s, 1000);
	TU_OK(s, cop_thread_create(&t, s, "logged", COP_THREAD_QUESTION, "Q?",
		NULL, NULL, "Why?"));
	memcpy(tid, cop_thread_id(t), sizeof(tid));
	cop_thread_free(t);
	expect_last(s, ++seq, "thread.create", tid, cid, a, now);
	TU_OK(s, cop_thread_set_state(s, tid, COP_THREAD_PINNED));
	expect_last(s, ++seq, "thread.set_state", tid, cid, a, now);

	now = tu_tick(s, 1000);
	tu_as(s, b);
	TU_OK(s, cop_contribution_create(&x, s, tid, COP_CONTRIB_ANSWER, NULL,
		NULL, NULL, "Because."));
	memcpy(xid, cop_contribution_id(x), sizeof(xid));
	cop_contribution_free(x);
	expect_last(s, ++seq, "contribution.create", xid, cid, b, now);
	now = tu_tick(s, 1000);
	TU_OK(s, cop_contribution_edit(NULL, s, xid, "Because!", "emphasis"));
	expect_last(s, ++seq, "contribution.edit", xid, cid, b, now);

	TU_OK(s, cop_community_leave(s, "logged", b));
	expect_last(s, ++seq, "membership.leave", b, cid, b, now);
	ck_assert_int_eq(tu_count_log(s, 0), (int)seq);
}
END_TEST

START_TEST(test_failures_not_logged)
{
	cop_store *s = tu_store;
	int64_t seq = cop_log_last_seq(s);
	char *long_name = tu_repeat('n', 201);

	ck_assert_int_gt(seq, 0);
	TU_RC(s, COP_EEXISTS, cop_member_create(NULL, s, "mia", "Mia", NULL,
		NULL));
	TU_RC(s, COP_ETOOBIG, cop_member_create(NULL, s, "newone", long_name,
		NULL, NULL));
	tu_as(s, W.member);
	TU_RC(s, COP_EPERM, cop_thread_set_state(s, W.pub_thread,
		COP_THREAD_LOCKED));
	TU_RC(s, COP_EPERM, cop_contribution_edit(NULL, s, W.inv_post, "x",
		NULL));
	tu_as(s, W.silenced);
	TU_RC(s, COP_EPERM, cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "x"));
	/* Reads are not mutations. */
	ck_assert_int_eq(tu_count_threads(s, "pub"), 1);
	/* The members sid sees: not otto (in no community) nor ben (banned
	 * everywhere), issue 17. */
	ck_assert_int_eq(tu_count_members(s), 5);
	tu_as(s, NULL);
	ck_assert_int_eq(tu_count_members(s), 7);
	ck_assert_int_eq(cop_log_last_seq(s), seq);
	ck_assert_int_eq(tu_count_log(s, 0), (int)seq);
	free(long_name);
}
END_TEST

START_TEST(test_read_from)
{
	cop_store *s = tu_store;
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	int64_t last = cop_log_last_seq(s), k, expect;
	int rc, n;

	/* From every point, the rest in order, each seq once. */
	for (k = 0; k <= last; k += 7) {
		TU_OK(s, cop_log_iter_new(&it, s, k, 0));
		expect = k + 1;
		while ((rc = cop_log_iter_next(&e, it)) == COP_OK) {
			ck_assert_int_eq(cop_log_entry_seq(e), expect);
			ck_assert_ptr_nonnull(cop_log_entry_op(e));
			ck_assert_uint_eq(strlen(cop_log_entry_object_id(e)),
				COP_ID_TEXT_LEN);
			expect++;
			cop_log_entry_free(e);
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		ck_assert_int_eq(expect, last + 1);
		cop_log_iter_free(it);
	}
	/* With a limit. */
	TU_OK(s, cop_log_iter_new(&it, s, 2, 3));
	for (n = 0; (rc = cop_log_iter_next(&e, it)) == COP_OK; n++) {
		ck_assert_int_eq(cop_log_entry_seq(e), 3 + n);
		cop_log_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	ck_assert_int_eq(n, 3);
	cop_log_iter_free(it);
	/* At and past the end. */
	ck_assert_int_eq(tu_count_log(s, last), 0);
	ck_assert_int_eq(tu_count_log(s, last + 100), 0);

	/* The first entries of the world are its members, by the system, at
	 * TU_T0. */
	TU_OK(s, cop_log_iter_new(&it, s, 0, 1));
	TU_OK(s, cop_log_iter_next(&e, it));
	ck_assert_int_eq(cop_log_entry_seq(e), 1);
	ck_assert_str_eq(cop_log_entry_op(e), "member.create");
	ck_assert_str_eq(cop_log_entry_object_id(e), W.owner);
	ck_assert_ptr_null(cop_log_entry_actor_id(e));
	ck_assert_ptr_null(cop_log_entry_community_id(e));
	ck_assert_int_eq(cop_log_entry_time(e), TU_T0);
	cop_log_entry_free(e);
	cop_log_iter_free(it);
}
END_TEST

/* Count log entries about community @p cid seen by the actor. */
static int count_about(cop_store *s, const char *cid, int *total)
{
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	int n = 0, rc;

	*total = 0;
	TU_OK(s, cop_log_iter_new(&it, s, 0, 0));
	while ((rc = cop_log_iter_next(&e, it)) == COP_OK) {
		const char *c = cop_log_entry_community_id(e);

		if (c && strcmp(c, cid) == 0)
			n++;
		(*total)++;
		cop_log_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_log_iter_free(it);
	return n;
}

START_TEST(test_visibility)
{
	cop_store *s = tu_store;
	int sys_total, total, priv_n, inv_n, pub_n;

	priv_n = count_about(s, W.priv, &sys_total);
	inv_n = count_about(s, W.inv, &sys_total);
	pub_n = count_about(s, W.pub, &sys_total);
	ck_assert_int_gt(priv_n, 0);
	ck_assert_int_gt(inv_n, 0);
	ck_assert_int_gt(pub_n, 0);
	ck_assert_int_eq(sys_total, (int)cop_log_last_seq(s));

	/* An outsider sees nothing about priv and inv, nor ben's creation
	 * (banned everywhere, he is the moderators' to see), all the rest;
	 * otto's own creation is his (docs/privacy.md: a member in no
	 * community is seen by themself and the system). */
	tu_as(s, W.outsider);
	ck_assert_int_eq(count_about(s, W.priv, &total), 0);
	ck_assert_int_eq(count_about(s, W.inv, &total), 0);
	ck_assert_int_eq(count_about(s, W.pub, &total), pub_n);
	ck_assert_int_eq(total, sys_total - priv_n - inv_n - 1);
	/* So does a banned member, who sees his own creation, not otto's. */
	tu_as(s, W.banned);
	ck_assert_int_eq(count_about(s, W.priv, &total), 0);
	ck_assert_int_eq(total, sys_total - priv_n - inv_n - 1);
	/* A member sees everything but ben's creation and otto's. */
	tu_as(s, W.member);
	ck_assert_int_eq(count_about(s, W.priv, &total), priv_n);
	ck_assert_int_eq(total, sys_total - 2);
}
END_TEST

START_TEST(test_persist_and_batches)
{
	cop_store *s = tu_store;
	int64_t seq = cop_log_last_seq(s), after;

	tu_close(s);
	tu_store = s = tu_open();
	ck_assert_int_eq(cop_log_last_seq(s), seq);
	TU_OK(s, cop_member_create(NULL, s, "later", "Later", NULL, NULL));
	ck_assert_int_eq(cop_log_last_seq(s), seq + 1);

	/* A batch appends its mutations in order ... */
	TU_OK(s, cop_batch_begin(s));
	TU_OK(s, cop_member_create(NULL, s, "batch1", "B1", NULL, NULL));
	TU_OK(s, cop_member_create(NULL, s, "batch2", "B2", NULL, NULL));
	TU_OK(s, cop_batch_commit(s));
	ck_assert_int_eq(cop_log_last_seq(s), seq + 3);
	ck_assert_int_eq(tu_count_log(s, seq + 1), 2);
	/* ... and a rolled back one nothing. */
	TU_OK(s, cop_batch_begin(s));
	TU_OK(s, cop_member_create(NULL, s, "batch3", "B3", NULL, NULL));
	TU_OK(s, cop_batch_rollback(s));
	ck_assert_int_eq(cop_log_last_seq(s), seq + 3);
	ck_assert_int_eq(tu_count_log(s, seq + 3), 0);
	TU_OK(s, cop_member_create(NULL, s, "after", "After", NULL, NULL));
	after = cop_log_last_seq(s);
	ck_assert_int_gt(after, seq + 3);
	ck_assert_int_eq(tu_count_log(s, seq + 3), 1);
}
END_TEST

static Suite *log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc;

	tc = tu_tcase(s, "empty", tu_store_setup, tu_store_teardown);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_every_mutation);
	tc = tu_tcase(s, "world", world_setup, world_teardown);
	tcase_add_test(tc, test_failures_not_logged);
	tcase_add_test(tc, test_read_from);
	tcase_add_test(tc, test_visibility);
	tcase_add_test(tc, test_persist_and_batches);
	return s;
}

int main(void)
{
	return tu_run(log_suite());
}
