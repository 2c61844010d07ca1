/*
 * check_fault.c: I/O errors injected by a backend wrapper (faultbe): every
 * mutation whose write fails returns COP_EIO with a message and leaves
 * the store unchanged; the store goes on working afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faultbe.h"
#include "testutil.h"

static cop_store *S;
static faultbe *FB;
static tu_world W;
static tu_idbuf NEWBIE, THREAD, REPLY;   /* made by the steps */
/* A step's failure report, when the step had to clean up after it. */
static int saved_code;
static char saved_msg[600];

static void fault_setup(void)
{
	memset(NEWBIE, 0, sizeof(NEWBIE));
	memset(THREAD, 0, sizeof(THREAD));
	memset(REPLY, 0, sizeof(REPLY));
	tu_loc_new();
	TU_OK(NULL, faultbe_open(&S, &FB, tu_uri(), NULL));
	ck_assert_ptr_nonnull(FB);
	TU_OK(S, cop_store_set_time(S, TU_T0));
	tu_world_make(S, &W);
}

static void fault_teardown(void)
{
	if (S)
		cop_close(S);
	S = NULL;
	FB = NULL;
	tu_loc_free();
}

/* ---- the steps of the scenario ------------------------------------------ */
/* Each is one mutation, repeatable after a failure that changed nothing. */

static int step_member_create(cop_store *s)
{
	cop_member *m = NULL;
	int rc;

	tu_as(s, NULL);
	rc = cop_member_create(&m, s, "newbie", "New Bie", "Org", "en");
	if (rc == COP_OK)
		memcpy(NEWBIE, cop_member_id(m), sizeof(NEWBIE));
	cop_member_free(m);
	return rc;
}

static int step_member_update(cop_store *s)
{
	tu_as(s, NEWBIE);
	return cop_member_update(s, NEWBIE, "Newbie", "", "en fr");
}

static int step_community_create(cop_store *s)
{
	tu_as(s, NEWBIE);
	return cop_community_create(NULL, s, "newcomm", "New community",
		"Purpose", "en", COP_VISIBILITY_PUBLIC);
}

static int step_join(cop_store *s)
{
	tu_as(s, W.member);
	return cop_community_join(NULL, s, "newcomm", W.member, 3);
}

static int step_set_role(cop_store *s)
{
	tu_as(s, NEWBIE);
	return cop_membership_set_role(s, "newcomm", W.member,
		COP_ROLE_FACILITATOR);
}

static int step_set_status(cop_store *s)
{
	tu_as(s, W.facil);
	return cop_membership_set_status(s, "pub", W.silenced,
		COP_MEMBERSHIP_ACTIVE);
}

static int step_set_pledge(cop_store *s)
{
	tu_as(s, W.member);
	return cop_membership_set_pledge(s, "newcomm", W.member, 9);
}

static int step_thread_create(cop_store *s)
{
	cop_thread *t = NULL;
	int rc;

	tu_as(s, W.member);
	rc = cop_thread_create(&t, s, "newcomm", COP_THREAD_QUESTION,
		"A question", "tag1 tag2", NULL, "What is the answer?");
	if (rc == COP_OK)
		memcpy(THREAD, cop_thread_id(t), sizeof(THREAD));
	cop_thread_free(t);
	return rc;
}

static int step_reply(cop_store *s)
{
	cop_contribution *c = NULL;
	int rc;

	tu_as(s, NEWBIE);
	rc = cop_contribution_create(&c, s, THREAD, COP_CONTRIB_ANSWER, NULL,
		NULL, NULL, "Forty-two");
	if (rc == COP_OK)
		memcpy(REPLY, cop_contribution_id(c), sizeof(REPLY));
	cop_contribution_free(c);
	return rc;
}

static int step_edit(cop_store *s)
{
	tu_as(s, NEWBIE);
	return cop_contribution_edit(NULL, s, REPLY, "Forty-two, surely",
		"more sure");
}

static int step_set_state(cop_store *s)
{
	tu_as(s, W.member);
	return cop_thread_set_state(s, THREAD, COP_THREAD_ANSWERED);
}

static int step_leave(cop_store *s)
{
	tu_as(s, W.core);
	return cop_community_leave(s, "pub", W.core);
}

static int step_batch(cop_store *s)
{
	int rc;

	tu_as(s, NULL);
	if ((rc = cop_batch_begin(s)) != COP_OK)
		return rc;
	rc = cop_member_create(NULL, s, "batched1", "B1", NULL, NULL);
	if (rc == COP_OK)
		rc = cop_member_create(NULL, s, "batched2", "B2", NULL, NULL);
	if (rc != COP_OK) {
		/* Keep the failure's report: the rollback clears it. */
		saved_code = cop_errcode(s);
		snprintf(saved_msg, sizeof(saved_msg), "%s", cop_errmsg(s));
		TU_OK(s, cop_batch_rollback(s));
		return rc;
	}
	return cop_batch_commit(s);
}

/* An anonymous up-vote by the system (as an import makes them). */
static int step_vote(cop_store *s)
{
	tu_as(s, NULL);
	return cop_vote_cast(s, REPLY, COP_VOTE_UP);
}

typedef struct step {
	const char *name;
	int (*fn)(cop_store *s);
} step;

static const step steps[] = {
	{ "member_create", step_member_create },
	{ "member_update", step_member_update },
	{ "community_create", step_community_create },
	{ "join", step_join },
	{ "set_role", step_set_role },
	{ "set_status", step_set_status },
	{ "set_pledge", step_set_pledge },
	{ "thread_create", step_thread_create },
	{ "reply", step_reply },
	{ "edit", step_edit },
	{ "vote", step_vote },
	{ "set_state", step_set_state },
	{ "leave", step_leave },
	{ "batch", step_batch },
};
#define N_STEPS (sizeof(steps) / sizeof(steps[0]))

/*
 * Run every step, failing its 1st, 2nd, ... call of @p kinds until it
 * passes without a failure.  Returns the number of injected failures.
 */
static long run_scenario(unsigned int kinds)
{
	long total = 0, n;
	size_t i;
	int rc;

	for (i = 0; i < N_STEPS; i++) {
		char *before = tu_snapshot(S);

		for (n = 1; ; n++) {
			ck_assert_msg(n < 1000, "%s: no end", steps[i].name);
			faultbe_fail_at(FB, n, kinds, 0);
			saved_code = 0;
			rc = steps[i].fn(S);
			if (!saved_code) {
				saved_code = cop_errcode(S);
				snprintf(saved_msg, sizeof(saved_msg), "%s",
					cop_errmsg(S));
			}
			if (faultbe_failures(FB) == 0) {
				faultbe_fail_at(FB, 0, 0, 0);
				ck_assert_msg(rc == COP_OK, "%s: %s (%s)",
					steps[i].name, tu_ename(rc),
					cop_errmsg(S));
				break;
			}
			faultbe_fail_at(FB, 0, 0, 0);
			total++;
			ck_assert_msg(rc == COP_EIO, "%s, call %ld failed: "
				"got %s (%s)", steps[i].name, n, tu_ename(rc),
				saved_msg);
			ck_assert_msg(saved_code == COP_EIO, "%s, call %ld: "
				"cop_errcode() is %s", steps[i].name, n,
				tu_ename(saved_code));
			ck_assert_msg(tu_contains(saved_msg, FAULTBE_MESSAGE),
				"%s, call %ld: message '%s'", steps[i].name, n,
				saved_msg);
			tu_assert_unchanged(S, before, steps[i].name);
		}
		free(before);
	}
	return total;
}

START_TEST(test_transparent)
{
	cop_stats st;

	ck_assert_str_eq(cop_store_backend_name(S), "fault");
	/* No injection: the whole scenario works and writes. */
	faultbe_fail_at(FB, 0, FAULTBE_WRITES, 0);
	ck_assert_int_eq(run_scenario(0), 0);
	memset(&st, 0, sizeof(st));
	TU_OK(S, cop_stats_lookup(&st, S, NULL));
	ck_assert_int_eq(st.members, 10);
	ck_assert_int_eq(st.communities, 4);
	ck_assert_int_eq(st.threads, 4);
	ck_assert_int_eq(st.answers, 1);
	ck_assert_int_eq(tu_count_memberships(S, "newcomm"), 2);
	ck_assert_int_eq(tu_count_revisions(S, REPLY), 1);
}
END_TEST

START_TEST(test_every_write)
{
	long n = run_scenario(FAULTBE_WRITES);

	/* At least one insert, update or commit in each step. */
	ck_assert_int_ge(n, (long)N_STEPS);
	ck_assert_int_eq(tu_count_memberships(S, "newcomm"), 2);
}
END_TEST

START_TEST(test_every_rop)
{
	cop_stats st;
	long n = run_scenario(FAULTBE_ROP);

	/* The vote's reads and writes of recognition storage. */
	ck_assert_int_ge(n, 1);
	memset(&st, 0, sizeof(st));
	TU_OK(S, cop_stats_lookup(&st, S, NULL));
	ck_assert_int_eq(st.votes_up, 1);
}
END_TEST

START_TEST(test_every_insert)
{
	ck_assert_int_ge(run_scenario(FAULTBE_INSERT), (long)N_STEPS);
}
END_TEST

START_TEST(test_every_commit)
{
	ck_assert_int_ge(run_scenario(FAULTBE_COMMIT), (long)N_STEPS);
}
END_TEST

START_TEST(test_every_begin)
{
	ck_assert_int_ge(run_scenario(FAULTBE_BEGIN), (long)N_STEPS);
}
END_TEST

static int step_pub_thread(cop_store *s)
{
	tu_as(s, W.member);
	return cop_thread_create(NULL, s, "pub", COP_THREAD_DISCUSSION,
		"Another", NULL, NULL, "Another thread");
}

static int step_pub_reply(cop_store *s)
{
	tu_as(s, W.core);
	return cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "A reply");
}

static int step_pub_edit(cop_store *s)
{
	tu_as(s, W.member);
	return cop_contribution_edit(NULL, s, W.pub_post, "Edited", NULL);
}

/* Steps that need nothing made by other steps. */
static const step independent_steps[] = {
	{ "member_create", step_member_create },
	{ "set_status", step_set_status },
	{ "leave", step_leave },
	{ "batch", step_batch },
	{ "pub_thread", step_pub_thread },
	{ "pub_reply", step_pub_reply },
	{ "pub_edit", step_pub_edit },
};

START_TEST(test_persistent)
{
	char *before = tu_snapshot(S);
	cop_thread *t = NULL;
	size_t i;
	int rc;

	faultbe_fail_at(FB, 1, FAULTBE_WRITES, 1);
	for (i = 0; i < sizeof(independent_steps) /
			sizeof(independent_steps[0]); i++) {
		rc = independent_steps[i].fn(S);
		ck_assert_msg(rc == COP_EIO, "%s: %s",
			independent_steps[i].name, tu_ename(rc));
	}
	ck_assert_int_ge(faultbe_failures(FB), (long)i);
	/* Reads still work. */
	tu_as(S, W.member);
	TU_OK(S, cop_thread_lookup(&t, S, W.pub_thread));
	cop_thread_free(t);
	ck_assert_int_eq(tu_count_threads(S, "pub"), 1);
	ck_assert_int_eq(tu_count_search(S, "square", NULL), 1);
	faultbe_fail_at(FB, 0, 0, 0);
	tu_assert_unchanged(S, before, "persistent I/O errors");
	free(before);
	/* And when the disk is back, so are writes. */
	ck_assert_int_eq(run_scenario(0), 0);
}
END_TEST

/* A thread listing as the system reads no community when it has rows
 * (the first row shows the community exists); an empty one, or one as a
 * member (visibility, membership), does. */
START_TEST(test_system_listing_reads_no_community)
{
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;

	tu_as(S, NULL);
	TU_OK(S, cop_community_create(NULL, S, "bare", "Bare", "Nothing yet",
		"en", COP_VISIBILITY_PUBLIC));
	faultbe_fail_at(FB, 1, FAULTBE_GET, 1);
	TU_OK(S, cop_thread_iter_new(&it, S, "pub", NULL));
	TU_OK(S, cop_thread_iter_next(&t, it));
	ck_assert_str_eq(cop_thread_id(t), W.pub_thread);
	cop_thread_free(t);
	ck_assert_int_eq(cop_thread_iter_next(&t, it), COP_ITEROVER);
	cop_thread_iter_free(it);
	it = NULL;
	ck_assert_int_eq(faultbe_calls(FB), 0);
	TU_RC(S, COP_EIO, cop_thread_iter_new(&it, S, "bare", NULL));
	ck_assert_ptr_null(it);
	faultbe_fail_at(FB, 0, 0, 0);
	tu_as(S, W.member);
	faultbe_fail_at(FB, 1, FAULTBE_GET, 1);
	TU_RC(S, COP_EIO, cop_thread_iter_new(&it, S, "pub", NULL));
	ck_assert_ptr_null(it);
	faultbe_fail_at(FB, 0, 0, 0);
	TU_OK(S, cop_thread_iter_new(&it, S, "pub", NULL));
	cop_thread_iter_free(it);
}
END_TEST

START_TEST(test_batch_commit_fails)
{
	char *before = tu_snapshot(S);

	tu_as(S, NULL);
	TU_OK(S, cop_batch_begin(S));
	TU_OK(S, cop_member_create(NULL, S, "inbatch1", "In", NULL, NULL));
	TU_OK(S, cop_member_create(NULL, S, "inbatch2", "In", NULL, NULL));
	faultbe_fail_at(FB, 1, FAULTBE_COMMIT, 0);
	TU_RC(S, COP_EIO, cop_batch_commit(S));
	ck_assert_int_eq(faultbe_failures(FB), 1);
	ck_assert(tu_contains(cop_errmsg(S), FAULTBE_MESSAGE));
	faultbe_fail_at(FB, 0, 0, 0);
	/* The batch is gone, rolled back. */
	tu_assert_unchanged(S, before, "cop_batch_commit");
	TU_RC(S, COP_EINVAL, cop_batch_commit(S));
	TU_OK(S, cop_batch_begin(S));
	TU_OK(S, cop_member_create(NULL, S, "inbatch1", "In", NULL, NULL));
	TU_OK(S, cop_batch_commit(S));
	ck_assert_int_eq(tu_count_members(S), 8);
	free(before);
}
END_TEST

START_TEST(test_failure_inside_batch)
{
	int64_t seq = cop_log_last_seq(S);

	tu_as(S, NULL);
	TU_OK(S, cop_batch_begin(S));
	TU_OK(S, cop_member_create(NULL, S, "kept1", "Kept", NULL, NULL));
	/* The 2nd insert of the next mutation (its log entry) fails. */
	faultbe_fail_at(FB, 2, FAULTBE_INSERT, 0);
	TU_RC(S, COP_EIO, cop_member_create(NULL, S, "lost", "Lost", NULL,
		NULL));
	ck_assert_int_eq(faultbe_failures(FB), 1);
	faultbe_fail_at(FB, 0, 0, 0);
	TU_OK(S, cop_member_create(NULL, S, "kept2", "Kept", NULL, NULL));
	TU_OK(S, cop_batch_commit(S));
	ck_assert_int_eq(tu_count_members(S), 9);
	ck_assert_int_eq(cop_log_last_seq(S), seq + 2);
	{
		cop_member *m = NULL;

		TU_RC(S, COP_ENOTFOUND, cop_member_lookup_by_handle(&m, S, "lost"));
		TU_OK(S, cop_member_lookup_by_handle(&m, S, "kept2"));
		cop_member_free(m);
	}
}
END_TEST

/* A member's erasure under policy "remove", which reads and removes
 * through the privacy table: each call of the typed interfaces, of the
 * operations and of the writes failing in turn gives COP_EIO and leaves
 * the store unchanged; then it succeeds. */
START_TEST(test_erase_faults)
{
	const unsigned int kinds = FAULTBE_MODERATION | FAULTBE_ROP |
		FAULTBE_WRITES;
	tu_idbuf reply;
	char *before;
	long n;
	int rc;

	TU_OK(S, cop_community_set_erasure(S, "pub", COP_ERASE_REMOVE));
	TU_OK(S, cop_store_set_actor(S, W.core));
	tu_contrib(S, reply, W.pub_thread, COP_CONTRIB_REPLY, W.pub_post,
		"A reply to a doomed post");
	TU_OK(S, cop_store_act_as_system(S));
	before = tu_snapshot(S);
	for (n = 1; ; n++) {
		ck_assert_msg(n < 1000, "erase: no end");
		faultbe_fail_at(FB, n, kinds, 0);
		rc = cop_member_erase(S, W.member);
		if (faultbe_failures(FB) == 0) {
			faultbe_fail_at(FB, 0, 0, 0);
			TU_OK(S, rc);
			break;
		}
		faultbe_fail_at(FB, 0, 0, 0);
		ck_assert_msg(rc == COP_EIO, "erase, call %ld: got %s (%s)", n,
			tu_ename(rc), cop_errmsg(S));
		ck_assert_msg(tu_contains(cop_errmsg(S), FAULTBE_MESSAGE),
			"erase, call %ld: message '%s'", n, cop_errmsg(S));
		tu_assert_unchanged(S, before, "erase");
	}
	free(before);
	/* The graph read and the removal were among the calls failed. */
	ck_assert_int_gt(n, 4);
	ck_assert_int_eq(tu_count_threads(S, "pub"), 0);
}
END_TEST

START_TEST(test_open_backend_errors)
{
	cop_backend *be = NULL;
	cop_store *s = NULL;

	ck_assert_int_eq(cop_backend_open(&be, "nosuchscheme://x", NULL),
		COP_ENOTSUP);
	ck_assert_ptr_null(be);
	ck_assert_int_eq(cop_open_backend(&s, NULL, NULL), COP_EINVAL);
	ck_assert_ptr_null(s);
	/* A backend of an unknown version is refused (and freed). */
	TU_OK(NULL, cop_backend_open(&be, tu_uri(), NULL));
	ck_assert_ptr_nonnull(be);
	be->version = 999;
	ck_assert_int_eq(cop_open_backend(&s, be, NULL), COP_EINVAL);
	ck_assert_ptr_null(s);
}
END_TEST

static Suite *fault_suite(void)
{
	Suite *s = suite_create("fault");
	TCase *tc = tu_tcase(s, "fault", fault_setup, fault_teardown);

	tcase_add_test(tc, test_transparent);
	tcase_add_test(tc, test_every_write);
	tcase_add_test(tc, test_every_rop);
	tcase_add_test(tc, test_every_insert);
	tcase_add_test(tc, test_every_commit);
	tcase_add_test(tc, test_every_begin);
	tcase_add_test(tc, test_persistent);
	tcase_add_test(tc, test_system_listing_reads_no_community);
	tcase_add_test(tc, test_batch_commit_fails);
	tcase_add_test(tc, test_failure_inside_batch);
	tcase_add_test(tc, test_erase_faults);
	tcase_add_test(tc, test_open_backend_errors);
	return s;
}

int main(void)
{
	return tu_run(fault_suite());
}
