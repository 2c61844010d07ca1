/*
 * check_recognition.c: votes, accepted answers, kudos, the reputation
 * ledger (daily cap, floor, reversals), trust levels and privileges,
 * badges, leaderboards, stats and cop_verify, with refusals that change
 * nothing and a randomized run checked by cop_verify.
 *
 * COP_TEST_RANDOM_OPS sets the number of random operations (default 2000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define DAY (86400000LL)

static tu_world W;
/* A question in pub by mia, answers by cora (ans_c) and fred (ans_f). */
static tu_idbuf Q, QPOST, ANS_C, ANS_F;

static void world_setup(void)
{
	tu_store_setup();
	tu_world_make(tu_store, &W);
	tu_as(tu_store, W.member);
	tu_thread(tu_store, Q, QPOST, "pub", COP_THREAD_QUESTION,
		"How do we start?", "Where to begin with a community?");
	tu_as(tu_store, W.core);
	tu_contrib(tu_store, ANS_C, Q, COP_CONTRIB_ANSWER, NULL, "Start small.");
	tu_as(tu_store, W.facil);
	tu_contrib(tu_store, ANS_F, Q, COP_CONTRIB_ANSWER, NULL, "Find a purpose.");
	tu_as(tu_store, NULL);
}

static void world_teardown(void)
{
	tu_store_teardown();
}

/* ---- helpers ----------------------------------------------------------------- */

static int64_t rep(cop_store *s, const char *community, const char *member)
{
	cop_standing *st = NULL;
	const char *actor = cop_store_actor(s);
	char keep[COP_ID_TEXT_LEN + 1] = "";
	int64_t r;

	if (actor)
		snprintf(keep, sizeof(keep), "%s", actor);
	tu_as(s, NULL);
	TU_OK(s, cop_standing_lookup(&st, s, community, member));
	r = cop_standing_reputation(st);
	cop_standing_free(st);
	tu_as(s, keep[0] ? keep : NULL);
	return r;
}

static int trust(cop_store *s, const char *member)
{
	cop_standing *st = NULL;
	int t;

	TU_OK(s, cop_standing_lookup(&st, s, "pub", member));
	t = cop_standing_trust_level(st);
	cop_standing_free(st);
	return t;
}

static int score(cop_store *s, const char *contribution)
{
	cop_contribution *c = NULL;
	const char *actor = cop_store_actor(s);
	char keep[COP_ID_TEXT_LEN + 1] = "";
	int r;

	if (actor)
		snprintf(keep, sizeof(keep), "%s", actor);
	tu_as(s, NULL);
	TU_OK(s, cop_contribution_lookup(&c, s, contribution));
	r = cop_contribution_score(c);
	cop_contribution_free(c);
	tu_as(s, keep[0] ? keep : NULL);
	return r;
}

static int count_ledger(cop_store *s, const char *community, const char *member)
{
	cop_ledger_iter *it = NULL;
	cop_ledger_entry *e = NULL;
	int n = 0, rc;

	TU_OK(s, cop_ledger_iter_new(&it, s, community, member, NULL));
	while ((rc = cop_ledger_iter_next(&e, it)) == COP_OK) {
		n++;
		cop_ledger_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_ledger_iter_free(it);
	return n;
}

static int has_badge(cop_store *s, const char *member, cop_badge b)
{
	cop_badge_iter *it = NULL;
	cop_badge_award *a = NULL;
	int n = 0, rc;

	TU_OK(s, cop_badge_iter_new(&it, s, "pub", member, NULL));
	while ((rc = cop_badge_iter_next(&a, it)) == COP_OK) {
		if (cop_badge_award_badge(a) == b)
			n++;
		cop_badge_award_free(a);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_badge_iter_free(it);
	return n;
}

/* Recognition state the foundation's snapshot does not hold. */
static char *rsnap(cop_store *s)
{
	const char *who[] = { W.owner, W.facil, W.core, W.member };
	const char *actor = cop_store_actor(s);
	char keep[COP_ID_TEXT_LEN + 1] = "";
	char *base, *out;
	cop_stats st;
	size_t n;
	int i;

	if (actor)
		snprintf(keep, sizeof(keep), "%s", actor);
	base = tu_snapshot(s);
	n = strlen(base) + 1024;
	out = malloc(n);
	ck_assert_ptr_nonnull(out);
	tu_as(s, NULL);
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	snprintf(out, n, "%s\nvotes %lld %lld acc %lld badges %lld\n", base,
		(long long)st.votes_up, (long long)st.votes_down,
		(long long)st.accepted_answers, (long long)st.badges_awarded);
	for (i = 0; i < 4; i++) {
		cop_standing *sd = NULL;
		size_t l = strlen(out);
		TU_OK(s, cop_standing_lookup(&sd, s, "pub", who[i]));
		snprintf(out + l, n - l, "%lld %d %d %d %d %d ledger %d\n",
			(long long)cop_standing_reputation(sd),
			cop_standing_trust_level(sd), cop_standing_posts(sd),
			cop_standing_likes_given(sd), cop_standing_likes_received(sd),
			cop_standing_kudos_received(sd),
			count_ledger(s, "pub", who[i]));
		cop_standing_free(sd);
	}
	free(base);
	tu_as(s, keep[0] ? keep : NULL);
	return out;
}

#define REFUSED(s, want, expr) do { \
	char *b_ = rsnap(s); \
	char *a_; \
	TU_RC(s, want, expr); \
	a_ = rsnap(s); \
	ck_assert_msg(strcmp(b_, a_) == 0, "%s changed the store", #expr); \
	free(a_); \
	free(b_); \
} while (0)

/* A new active member of pub. */
static void member_in_pub(cop_store *s, tu_idbuf id, const char *handle)
{
	tu_as(s, NULL);
	tu_member(s, id, handle);
	TU_OK(s, cop_community_join(NULL, s, "pub", id, 0));
}

static void verify_clean(cop_store *s)
{
	cop_verify_report *r = NULL;
	size_t i;

	tu_as(s, NULL);
	TU_OK(s, cop_verify(&r, s, NULL, 0));
	for (i = 0; i < cop_verify_report_count(r); i++)
		fprintf(stderr, "verify: %s\n", cop_verify_report_line(r, i));
	ck_assert_int_eq(cop_verify_report_count(r), 0);
	cop_verify_report_free(r);
}

/* ---- tests -------------------------------------------------------------------- */

START_TEST(test_names)
{
	cop_vote_kind k;
	cop_badge b;
	cop_period p;

	ck_assert_str_eq(cop_vote_kind_name(COP_VOTE_HELPFUL), "helpful");
	ck_assert_ptr_null(cop_vote_kind_name((cop_vote_kind)9));
	ck_assert_int_eq(cop_vote_kind_parse(&k, "down"), COP_OK);
	ck_assert_int_eq(k, COP_VOTE_DOWN);
	ck_assert_int_eq(cop_badge_parse(&b, "great-answer"), COP_OK);
	ck_assert_int_eq(cop_badge_class_of(b), COP_BADGE_GOLD);
	ck_assert_int_eq(cop_badge_once(b), 0);
	ck_assert_int_eq(cop_badge_once(COP_BADGE_WELCOMER), 1);
	ck_assert_str_eq(cop_badge_class_name(COP_BADGE_SILVER), "silver");
	ck_assert_int_eq(cop_period_parse(&p, "quarter"), COP_OK);
	ck_assert_int_eq(cop_period_parse(&p, "decade"), COP_EINVAL);
	ck_assert_str_eq(cop_rep_reason_name(COP_REP_REVERSAL), "reversal");
	ck_assert_str_eq(cop_privilege_name(COP_PRIV_EDIT_OTHERS), "edit-others");
	/* 2023-11-14 (a Tuesday) 22:13:20 UTC. */
	ck_assert_int_eq(cop_period_start(COP_PERIOD_WEEK, TU_T0), 1699833600000LL);
	ck_assert_int_eq(cop_period_start(COP_PERIOD_MONTH, TU_T0), 1698796800000LL);
	ck_assert_int_eq(cop_period_start(COP_PERIOD_QUARTER, TU_T0), 1696118400000LL);
	ck_assert_int_eq(cop_period_start(COP_PERIOD_YEAR, TU_T0), 1672531200000LL);
	ck_assert_int_eq(cop_period_start(COP_PERIOD_ALL, TU_T0), 0);
}
END_TEST

/*
 * Each row: who votes (or retracts: kind -1) on what, and the reputation
 * of the contribution's author and the voter and the score after it.
 * Voters: fred (facilitator, may vote down), cora (core).
 */
START_TEST(test_vote_rules)
{
	cop_store *s = tu_store;
	struct { const char *voter, *target, *author; int kind;
		int rc; int64_t author_rep, voter_rep; int score; } rows[] = {
		/* up on a question's post: +10 */
		{ W.core, QPOST, W.member, COP_VOTE_UP, COP_OK, 11, 1, 1 },
		{ W.core, QPOST, W.member, COP_VOTE_UP, COP_EEXISTS, 11, 1, 1 },
		/* changed to helpful: the up is reversed, +5 */
		{ W.core, QPOST, W.member, COP_VOTE_HELPFUL, COP_OK, 6, 1, 1 },
		/* thanks: no points, no score */
		{ W.core, QPOST, W.member, COP_VOTE_THANKS, COP_OK, 1, 1, 0 },
		{ W.core, QPOST, W.member, -1, COP_OK, 1, 1, 0 },
		{ W.core, QPOST, W.member, -1, COP_ENOTFOUND, 1, 1, 0 },
		/* up on an answer: +10 */
		{ W.facil, ANS_C, W.core, COP_VOTE_UP, COP_OK, 11, 1, 1 },
		/* down on an answer: -2 to the author, -1 to the voter (floor 1) */
		{ W.facil, ANS_C, W.core, COP_VOTE_DOWN, COP_OK, 1, 1, -1 },
		{ W.member, ANS_F, W.facil, COP_VOTE_UP, COP_OK, 11, 1, 1 },
		/* fred now has 11: down-voting cora's answer costs him 1 */
		{ W.facil, ANS_C, W.core, -1, COP_OK, 1, 11, 0 },
		{ W.facil, ANS_C, W.core, COP_VOTE_UP, COP_OK, 11, 11, 1 },
		{ W.facil, ANS_C, W.core, COP_VOTE_DOWN, COP_OK, 1, 10, -1 },
		/* changed back: both entries reversed */
		{ W.facil, ANS_C, W.core, COP_VOTE_UP, COP_OK, 11, 11, 1 },
		{ W.core, ANS_F, W.facil, COP_VOTE_UP, COP_OK, 21, 11, 2 },
		{ W.facil, ANS_C, W.core, COP_VOTE_DOWN, COP_OK, 1, 20, -1 },
		{ W.facil, ANS_C, W.core, -1, COP_OK, 1, 21, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int rc;
		tu_as(s, rows[i].voter);
		rc = rows[i].kind < 0 ? cop_vote_retract(s, rows[i].target) :
			cop_vote_cast(s, rows[i].target, (cop_vote_kind)rows[i].kind);
		ck_assert_msg(rc == rows[i].rc, "row %zu: %s (%s)", i, tu_ename(rc),
			cop_errmsg(s));
		ck_assert_msg(rep(s, "pub", rows[i].author) == rows[i].author_rep,
			"row %zu: author has %lld", i,
			(long long)rep(s, "pub", rows[i].author));
		ck_assert_msg(rep(s, "pub", rows[i].voter) == rows[i].voter_rep,
			"row %zu: voter has %lld", i,
			(long long)rep(s, "pub", rows[i].voter));
		ck_assert_msg(score(s, rows[i].target) == rows[i].score,
			"row %zu: score %d", i, score(s, rows[i].target));
	}
	verify_clean(s);
}
END_TEST

START_TEST(test_vote_get)
{
	cop_store *s = tu_store;
	cop_vote_kind k;

	tu_as(s, W.core);
	TU_RC(s, COP_ENOTFOUND, cop_vote_lookup(&k, s, QPOST));
	TU_OK(s, cop_vote_cast(s, QPOST, COP_VOTE_HELPFUL));
	TU_OK(s, cop_vote_lookup(&k, s, QPOST));
	ck_assert_int_eq(k, COP_VOTE_HELPFUL);
	TU_OK(s, cop_vote_retract(s, QPOST));
	TU_RC(s, COP_ENOTFOUND, cop_vote_lookup(&k, s, QPOST));
}
END_TEST

/* The daily cap: 200 from votes; accepted answers exempt; a new day. */
START_TEST(test_daily_cap)
{
	cop_store *s = tu_store;
	tu_idbuf v[24];
	char h[32];
	int i;

	for (i = 0; i < 24; i++) {
		snprintf(h, sizeof(h), "voter%d", i);
		member_in_pub(s, v[i], h);
	}
	/* 19 up-votes: 191; the 20th reaches exactly 201 (200 from votes). */
	for (i = 0; i < 20; i++) {
		tu_as(s, v[i]);
		TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_UP));
		ck_assert_int_eq(rep(s, "pub", W.core), 1 + 10 * (i + 1));
	}
	/* Over the cap: recorded, applied as 0. */
	tu_as(s, v[20]);
	TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_UP));
	ck_assert_int_eq(rep(s, "pub", W.core), 201);
	ck_assert_int_eq(score(s, ANS_C), 21);
	/* Down-votes still count. */
	tu_as(s, W.facil);
	TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_DOWN));
	ck_assert_int_eq(rep(s, "pub", W.core), 199);
	/* ... but do not give back room under the cap. */
	tu_as(s, v[21]);
	TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_UP));
	ck_assert_int_eq(rep(s, "pub", W.core), 199);
	/* Accepted answers are exempt. */
	tu_as(s, W.member);
	TU_OK(s, cop_answer_accept(s, ANS_C));
	ck_assert_int_eq(rep(s, "pub", W.core), 214);
	/* Retracting a capped vote reverses what it applied: nothing. */
	tu_as(s, v[20]);
	TU_OK(s, cop_vote_retract(s, ANS_C));
	ck_assert_int_eq(rep(s, "pub", W.core), 214);
	/* An uncapped one: -10. */
	tu_as(s, v[0]);
	TU_OK(s, cop_vote_retract(s, ANS_C));
	ck_assert_int_eq(rep(s, "pub", W.core), 204);
	/* A new UTC day: room again. */
	tu_tick(s, DAY);
	tu_as(s, v[22]);
	TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_UP));
	ck_assert_int_eq(rep(s, "pub", W.core), 214);
	verify_clean(s);
}
END_TEST

/* A partial last step: with +15 a vote, the 14th gives 5. */
START_TEST(test_daily_cap_partial)
{
	cop_store *s = tu_store;
	cop_recognition_config cfg;
	tu_idbuf v[15];
	cop_ledger_iter *it = NULL;
	cop_ledger_entry *e = NULL;
	char h[32];
	int i;

	TU_OK(s, cop_recognition_config_lookup(&cfg, s, "pub"));
	ck_assert_int_eq(cfg.daily_cap, 200);
	cfg.up_answer = 15;
	TU_OK(s, cop_recognition_config_set(s, "pub", &cfg));
	for (i = 0; i < 15; i++) {
		snprintf(h, sizeof(h), "voter%d", i);
		member_in_pub(s, v[i], h);
		tu_as(s, v[i]);
		TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_UP));
		ck_assert_int_eq(rep(s, "pub", W.core),
			1 + (i < 13 ? 15 * (i + 1) : 200));
	}
	/* The newest entry: nominal 15, applied 0. */
	tu_as(s, NULL);
	TU_OK(s, cop_ledger_iter_new(&it, s, "pub", W.core, NULL));
	TU_OK(s, cop_ledger_iter_next(&e, it));
	ck_assert_int_eq(cop_ledger_entry_nominal(e), 15);
	ck_assert_int_eq(cop_ledger_entry_points(e), 0);
	ck_assert_int_eq(cop_ledger_entry_reason(e), COP_REP_UPVOTE);
	ck_assert_str_eq(cop_ledger_entry_actor_id(e), v[14]);
	cop_ledger_entry_free(e);
	TU_OK(s, cop_ledger_iter_next(&e, it));
	ck_assert_int_eq(cop_ledger_entry_points(e), 5);
	cop_ledger_entry_free(e);
	cop_ledger_iter_free(it);
	/* Who voted: the voter sees their own id, a facilitator every
	 * voter's, another member none (the effect, not the voter). */
	tu_as(s, v[14]);
	TU_OK(s, cop_ledger_iter_new(&it, s, "pub", W.core, NULL));
	TU_OK(s, cop_ledger_iter_next(&e, it));
	ck_assert_str_eq(cop_ledger_entry_actor_id(e), v[14]);
	cop_ledger_entry_free(e);
	TU_OK(s, cop_ledger_iter_next(&e, it));
	ck_assert_ptr_null(cop_ledger_entry_actor_id(e));
	ck_assert_int_eq(cop_ledger_entry_points(e), 5);
	cop_ledger_entry_free(e);
	cop_ledger_iter_free(it);
	tu_as(s, W.member);
	TU_OK(s, cop_ledger_iter_new(&it, s, "pub", W.core, NULL));
	while (cop_ledger_iter_next(&e, it) == COP_OK) {
		ck_assert_ptr_null(cop_ledger_entry_actor_id(e));
		cop_ledger_entry_free(e);
	}
	cop_ledger_iter_free(it);
	tu_as(s, W.facil);
	TU_OK(s, cop_ledger_iter_new(&it, s, "pub", W.core, NULL));
	TU_OK(s, cop_ledger_iter_next(&e, it));
	ck_assert_str_eq(cop_ledger_entry_actor_id(e), v[14]);
	cop_ledger_entry_free(e);
	TU_OK(s, cop_ledger_iter_next(&e, it));
	ck_assert_str_eq(cop_ledger_entry_actor_id(e), v[13]);
	cop_ledger_entry_free(e);
	cop_ledger_iter_free(it);
	tu_as(s, NULL);
	verify_clean(s);
}
END_TEST

/* Reputation never goes below the floor. */
START_TEST(test_floor)
{
	cop_store *s = tu_store;
	tu_idbuf v[6];
	char h[32];
	int i;

	tu_as(s, W.facil);
	TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_DOWN));
	ck_assert_int_eq(rep(s, "pub", W.core), 1);
	ck_assert_int_eq(rep(s, "pub", W.facil), 1);
	tu_as(s, NULL);
	ck_assert_int_eq(count_ledger(s, "pub", W.core), 1);
	/* Up to 11, then five more down-votes: 11 - 10 = 1, the sixth 0. */
	tu_as(s, W.owner);
	TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_UP));
	ck_assert_int_eq(rep(s, "pub", W.core), 11);
	for (i = 0; i < 6; i++) {
		snprintf(h, sizeof(h), "down%d", i);
		member_in_pub(s, v[i], h);
		TU_OK(s, cop_trust_set(s, "pub", v[i], 2));
		tu_as(s, v[i]);
		TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_DOWN));
		ck_assert_int_eq(rep(s, "pub", W.core), i < 5 ? 11 - 2 * (i + 1) : 1);
	}
	/* Retracting the up-vote: -10 applied as 0. */
	tu_as(s, W.owner);
	TU_OK(s, cop_vote_retract(s, ANS_C));
	ck_assert_int_eq(rep(s, "pub", W.core), 1);
	/* Retracting a down-vote gives back what it took. */
	tu_as(s, v[0]);
	TU_OK(s, cop_vote_retract(s, ANS_C));
	ck_assert_int_eq(rep(s, "pub", W.core), 3);
	tu_as(s, v[5]);
	TU_OK(s, cop_vote_retract(s, ANS_C));
	ck_assert_int_eq(rep(s, "pub", W.core), 3);
	verify_clean(s);
}
END_TEST

START_TEST(test_accept)
{
	cop_store *s = tu_store;
	cop_thread *t = NULL;
	cop_contribution *acc = NULL;
	cop_stats st;

	tu_as(s, W.member);
	TU_RC(s, COP_ENOTFOUND, cop_answer_lookup(&acc, s, Q));
	ck_assert_ptr_null(acc);
	TU_OK(s, cop_answer_accept(s, ANS_C));
	TU_OK(s, cop_answer_lookup(&acc, s, Q));
	ck_assert_str_eq(cop_contribution_id(acc), ANS_C);
	cop_contribution_free(acc);
	ck_assert_int_eq(rep(s, "pub", W.core), 16);
	ck_assert_int_eq(rep(s, "pub", W.member), 3);
	TU_OK(s, cop_thread_lookup(&t, s, Q));
	ck_assert_int_eq(cop_thread_state_get(t), COP_THREAD_ANSWERED);
	cop_thread_free(t);
	tu_as(s, NULL);
	ck_assert_int_eq(has_badge(s, W.core, COP_BADGE_FIRST_ACCEPTED), 1);
	/* Again: COP_EEXISTS, nothing changed. */
	tu_as(s, W.member);
	REFUSED(s, COP_EEXISTS, cop_answer_accept(s, ANS_C));
	/* Another member may not choose. */
	tu_as(s, W.core);
	REFUSED(s, COP_EPERM, cop_answer_accept(s, ANS_F));
	REFUSED(s, COP_EPERM, cop_answer_unaccept(s, Q));
	/* Only answers. */
	tu_as(s, W.member);
	REFUSED(s, COP_EINVAL, cop_answer_accept(s, QPOST));
	/* Changed: cora's entries are reversed, fred gets his. */
	TU_OK(s, cop_answer_accept(s, ANS_F));
	ck_assert_int_eq(rep(s, "pub", W.core), 1);
	ck_assert_int_eq(rep(s, "pub", W.facil), 16);
	ck_assert_int_eq(rep(s, "pub", W.member), 3);
	tu_as(s, NULL);
	TU_OK(s, cop_stats_lookup(&st, s, "pub"));
	ck_assert_int_eq(st.accepted_answers, 1);
	/* Taken back: open again. */
	tu_as(s, W.member);
	TU_OK(s, cop_answer_unaccept(s, Q));
	ck_assert_int_eq(rep(s, "pub", W.facil), 1);
	ck_assert_int_eq(rep(s, "pub", W.member), 1);
	TU_OK(s, cop_thread_lookup(&t, s, Q));
	ck_assert_int_eq(cop_thread_state_get(t), COP_THREAD_OPEN);
	cop_thread_free(t);
	REFUSED(s, COP_ENOTFOUND, cop_answer_unaccept(s, Q));
	/* A facilitator may choose for the asker; accepting one's own answer
	 * gives no reputation. */
	tu_as(s, W.facil);
	TU_OK(s, cop_answer_accept(s, ANS_F));
	ck_assert_int_eq(rep(s, "pub", W.facil), 1);
	TU_OK(s, cop_answer_accept(s, ANS_C));
	ck_assert_int_eq(rep(s, "pub", W.core), 16);
	ck_assert_int_eq(rep(s, "pub", W.facil), 3);
	tu_as(s, NULL);
	ck_assert_int_eq(has_badge(s, W.facil, COP_BADGE_FACILITATOR), 1);
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	ck_assert_int_eq(st.accepted_answers, 1);
	verify_clean(s);
}
END_TEST

START_TEST(test_refusals)
{
	cop_store *s = tu_store;
	tu_idbuf ans;

	/* Self-votes. */
	tu_as(s, W.member);
	REFUSED(s, COP_EPERM, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	/* Double votes. */
	tu_as(s, W.core);
	TU_OK(s, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	REFUSED(s, COP_EEXISTS, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	/* Down-votes without the privilege (trust level 0). */
	tu_as(s, W.member);
	ck_assert_int_eq(trust(s, W.member), 1);
	REFUSED(s, COP_EPERM, cop_vote_cast(s, ANS_C, COP_VOTE_DOWN));
	/* A community the voter cannot see. */
	tu_as(s, W.outsider);
	REFUSED(s, COP_ENOTFOUND, cop_vote_cast(s, W.priv_post, COP_VOTE_UP));
	REFUSED(s, COP_ENOTFOUND, cop_vote_cast(s, W.inv_post, COP_VOTE_UP));
	/* Seen but not a member. */
	REFUSED(s, COP_EPERM, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	/* Banned and silenced members. */
	tu_as(s, W.banned);
	REFUSED(s, COP_EPERM, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	tu_as(s, W.silenced);
	REFUSED(s, COP_EPERM, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	/* Bad input. */
	tu_as(s, W.core);
	REFUSED(s, COP_EINVAL, cop_vote_cast(s, "nope", COP_VOTE_UP));
	REFUSED(s, COP_EINVAL, cop_vote_cast(s, QPOST, (cop_vote_kind)7));
	REFUSED(s, COP_ENOTFOUND, cop_vote_cast(s,
		"00000000-0000-7000-8000-000000000000", COP_VOTE_UP));
	/* Kudos. */
	REFUSED(s, COP_EINVAL, cop_kudos_give(NULL, s, "pub", W.core, NULL,
		"Me!"));
	REFUSED(s, COP_EINVAL, cop_kudos_give(NULL, s, "pub", W.member, NULL, ""));
	tu_as(s, W.outsider);
	REFUSED(s, COP_ENOTFOUND, cop_kudos_give(NULL, s, "priv", W.member, NULL,
		"Thanks"));
	REFUSED(s, COP_EPERM, cop_kudos_give(NULL, s, "pub", W.member, NULL,
		"Thanks"));
	/* Trust and badges by hand: facilitators only. */
	tu_as(s, W.member);
	REFUSED(s, COP_EPERM, cop_trust_set(s, "pub", W.member, 4));
	REFUSED(s, COP_EPERM, cop_badge_award_give(s, "pub", W.member,
		COP_BADGE_EVENT_ATTENDEE, NULL));
	/* Verify: the system only. */
	{
		cop_verify_report *r = NULL;
		TU_RC(s, COP_EPERM, cop_verify(&r, s, NULL, 0));
		ck_assert_ptr_null(r);
	}
	/* The system's anonymous votes (imports) need no membership and
	 * are not unique. */
	tu_as(s, NULL);
	TU_OK(s, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	TU_OK(s, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	ck_assert_int_eq(score(s, QPOST), 3);
	ck_assert_int_eq(rep(s, "pub", W.member), 31);
	TU_RC(s, COP_EINVAL, cop_vote_retract(s, QPOST));
	(void)ans;
	verify_clean(s);
}
END_TEST

START_TEST(test_kudos)
{
	cop_store *s = tu_store;
	cop_kudos *k = NULL;
	cop_kudos_iter *it = NULL;
	cop_page pg = COP_PAGE_INIT;
	char *cur;
	int rc;

	tu_as(s, W.member);
	TU_OK(s, cop_kudos_give(&k, s, "pub", "cora", ANS_C, "Just what I needed"));
	ck_assert_str_eq(cop_kudos_message(k), "Just what I needed");
	ck_assert_str_eq(cop_kudos_to_id(k), W.core);
	ck_assert_str_eq(cop_kudos_from_id(k), W.member);
	ck_assert_str_eq(cop_kudos_contribution_id(k), ANS_C);
	cop_kudos_free(k);
	tu_tick(s, 1000);
	tu_as(s, W.facil);
	TU_OK(s, cop_kudos_give(NULL, s, "pub", W.core, NULL, "Thanks for the welcome"));
	/* Not the author of that contribution. */
	REFUSED(s, COP_EINVAL, cop_kudos_give(NULL, s, "pub", W.core, ANS_F, "x"));
	/* Listing, newest first, by pages of one. */
	pg.limit = 1;
	TU_OK(s, cop_kudos_iter_new(&it, s, "pub", W.core, &pg));
	TU_OK(s, cop_kudos_iter_next(&k, it));
	ck_assert_str_eq(cop_kudos_message(k), "Thanks for the welcome");
	ck_assert_ptr_null(cop_kudos_contribution_id(k));
	cop_kudos_free(k);
	ck_assert_int_eq(cop_kudos_iter_next(&k, it), COP_ITEROVER);
	cur = strdup(cop_kudos_iter_cursor(it));
	cop_kudos_iter_free(it);
	pg.after = cur;
	TU_OK(s, cop_kudos_iter_new(&it, s, "pub", W.core, &pg));
	TU_OK(s, cop_kudos_iter_next(&k, it));
	ck_assert_str_eq(cop_kudos_message(k), "Just what I needed");
	cop_kudos_free(k);
	rc = cop_kudos_iter_next(&k, it);
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_kudos_iter_free(it);
	free(cur);
	tu_as(s, NULL);
	ck_assert_int_eq(has_badge(s, W.core, COP_BADGE_APPRECIATED), 1);
	{
		cop_standing *st = NULL;
		TU_OK(s, cop_standing_lookup(&st, s, "pub", "cora"));
		ck_assert_int_eq(cop_standing_kudos_received(st), 2);
		cop_standing_free(st);
	}
	pg.after = "garbage";
	TU_RC(s, COP_EINVAL, cop_kudos_iter_new(&it, s, "pub", W.core, &pg));
	/* For a contribution of a thread hidden from the giver: refused as
	 * missing, its id not named; its moderators may still thank. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_state(s, Q, COP_THREAD_HIDDEN));
	tu_as(s, W.member);
	REFUSED(s, COP_ENOTFOUND, cop_kudos_give(NULL, s, "pub", W.core, ANS_C,
		"Again"));
	ck_assert_ptr_null(strstr(cop_errmsg(s), Q));
	tu_as(s, W.facil);
	TU_OK(s, cop_kudos_give(NULL, s, "pub", W.core, ANS_C, "From a "
		"moderator"));
	tu_as(s, NULL);
	verify_clean(s);
}
END_TEST

START_TEST(test_badges)
{
	cop_store *s = tu_store;
	tu_idbuf v[10], t2, p2, r2, sum;
	char h[32];
	cop_stats st;
	int i;

	tu_as(s, NULL);
	ck_assert_int_eq(has_badge(s, W.member, COP_BADGE_FIRST_POST), 1);
	ck_assert_int_eq(has_badge(s, W.outsider, COP_BADGE_FIRST_POST), 0);
	/* Answer score 10: nice answer, once for that answer. */
	for (i = 0; i < 10; i++) {
		snprintf(h, sizeof(h), "fan%d", i);
		member_in_pub(s, v[i], h);
		tu_as(s, v[i]);
		TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_UP));
	}
	tu_as(s, NULL);
	ck_assert_int_eq(has_badge(s, W.core, COP_BADGE_NICE_ANSWER), 1);
	tu_as(s, v[9]);
	TU_OK(s, cop_vote_retract(s, ANS_C));
	TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_UP));
	tu_as(s, NULL);
	ck_assert_int_eq(has_badge(s, W.core, COP_BADGE_NICE_ANSWER), 1);
	/* Welcomer: the first reply to a newcomer's first thread. */
	tu_as(s, v[0]);
	tu_thread(s, t2, p2, "pub", COP_THREAD_DISCUSSION, "Hi all", "New here");
	tu_as(s, W.owner);
	tu_contrib(s, r2, t2, COP_CONTRIB_REPLY, NULL, "Welcome!");
	tu_as(s, NULL);
	ck_assert_int_eq(has_badge(s, W.owner, COP_BADGE_WELCOMER), 1);
	/* Summary writer. */
	tu_as(s, W.facil);
	tu_contrib(s, sum, Q, COP_CONTRIB_SUMMARY, NULL, "In short: start.");
	tu_as(s, NULL);
	ck_assert_int_eq(has_badge(s, W.facil, COP_BADGE_SUMMARY_WRITER), 1);
	/* By hand, once. */
	tu_as(s, W.facil);
	TU_OK(s, cop_badge_award_give(s, "pub", W.member,
		COP_BADGE_EVENT_ATTENDEE, NULL));
	REFUSED(s, COP_EEXISTS, cop_badge_award_give(s, "pub", W.member,
		COP_BADGE_EVENT_ATTENDEE, NULL));
	TU_RC(s, COP_EINVAL, cop_badge_award_give(s, "pub", W.member,
		COP_BADGE_NICE_ANSWER, NULL));
	/* What a badge by hand may name: a member of the community, and one
	 * of their contributions there of the badge's kind. */
	/* Otto, in no community, is not there for a facilitator. */
	REFUSED(s, COP_ENOTFOUND, cop_badge_award_give(s, "pub", W.outsider,
		COP_BADGE_EVENT_ATTENDEE, NULL));
	REFUSED(s, COP_ENOTFOUND, cop_badge_award_give(s, "pub", W.core,
		COP_BADGE_GOOD_ANSWER, W.priv_post));
	ck_assert_ptr_null(strstr(cop_errmsg(s), W.priv_post));
	REFUSED(s, COP_ENOTFOUND, cop_badge_award_give(s, "pub", W.core,
		COP_BADGE_GOOD_ANSWER, "00000000-0000-7000-8000-000000000001"));
	REFUSED(s, COP_EINVAL, cop_badge_award_give(s, "pub", W.member,
		COP_BADGE_GOOD_ANSWER, ANS_C));
	REFUSED(s, COP_EINVAL, cop_badge_award_give(s, "pub", W.core,
		COP_BADGE_GOOD_QUESTION, ANS_C));
	REFUSED(s, COP_EINVAL, cop_badge_award_give(s, "pub", W.member,
		COP_BADGE_EVENT_ATTENDEE, ANS_C));
	TU_OK(s, cop_badge_award_give(s, "pub", W.core, COP_BADGE_GOOD_ANSWER,
		ANS_C));
	tu_as(s, NULL);
	ck_assert_int_eq(has_badge(s, W.core, COP_BADGE_GOOD_ANSWER), 1);
	ck_assert_int_eq(has_badge(s, W.member, COP_BADGE_EVENT_ATTENDEE), 1);
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	ck_assert_int_ge(st.badges_awarded, 5);
	ck_assert_int_eq(st.votes_up, 10);
	verify_clean(s);
}
END_TEST

START_TEST(test_trust)
{
	cop_store *s = tu_store;
	cop_recognition_config cfg;
	cop_contribution *c = NULL;
	int can = -1;

	/* mia: one post, one day: level 1. */
	tu_as(s, NULL);
	ck_assert_int_eq(trust(s, W.member), 1);
	ck_assert_int_eq(trust(s, W.outsider), 0);
	TU_OK(s, cop_trust_can(&can, s, "pub", W.member, COP_PRIV_FLAG));
	ck_assert_int_eq(can, 1);
	TU_OK(s, cop_trust_can(&can, s, "pub", W.member, COP_PRIV_VOTE_DOWN));
	ck_assert_int_eq(can, 0);
	/* Facilitators hold the privileges, except editing others. */
	TU_OK(s, cop_trust_can(&can, s, "pub", W.facil, COP_PRIV_VOTE_DOWN));
	ck_assert_int_eq(can, 1);
	TU_OK(s, cop_trust_can(&can, s, "pub", W.facil, COP_PRIV_EDIT_OTHERS));
	ck_assert_int_eq(can, 0);
	/* Level 2 needs 3 days, 3 posts, a like given and one received. */
	tu_as(s, W.member);
	tu_tick(s, DAY);
	TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_UP));
	tu_tick(s, DAY);
	{
		tu_idbuf r;
		tu_contrib(s, r, Q, COP_CONTRIB_COMMENT, QPOST, "More detail");
		tu_contrib(s, r, Q, COP_CONTRIB_COMMENT, QPOST, "Even more");
	}
	ck_assert_int_eq(trust(s, W.member), 1);
	tu_as(s, W.core);
	TU_OK(s, cop_vote_cast(s, QPOST, COP_VOTE_THANKS));
	ck_assert_int_eq(trust(s, W.member), 2);
	tu_as(s, W.member);
	TU_OK(s, cop_vote_cast(s, ANS_F, COP_VOTE_DOWN));
	/* Demoted when the like is taken back. */
	tu_as(s, W.core);
	TU_OK(s, cop_vote_retract(s, QPOST));
	ck_assert_int_eq(trust(s, W.member), 1);
	/* By hand: level 3 edits others' posts; -1 back to automatic. */
	tu_as(s, W.member);
	TU_RC(s, COP_EPERM, cop_contribution_edit(&c, s, ANS_C, "Start tiny.", NULL));
	tu_as(s, W.owner);
	TU_OK(s, cop_trust_set(s, "pub", "mia", 3));
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(&c, s, ANS_C, "Start tiny.", "typo"));
	cop_contribution_free(c);
	/* Level 4 moderates: thread states. */
	TU_RC(s, COP_EPERM, cop_thread_set_state(s, Q, COP_THREAD_LOCKED));
	tu_as(s, W.owner);
	TU_OK(s, cop_trust_set(s, "pub", "mia", 4));
	tu_as(s, W.member);
	TU_OK(s, cop_thread_set_state(s, Q, COP_THREAD_LOCKED));
	TU_OK(s, cop_thread_set_state(s, Q, COP_THREAD_OPEN));
	tu_as(s, W.owner);
	TU_OK(s, cop_trust_set(s, "pub", "mia", -1));
	ck_assert_int_eq(trust(s, W.member), 1);
	TU_RC(s, COP_EINVAL, cop_trust_set(s, "pub", "mia", 5));
	/* Thresholds are configurable. */
	TU_OK(s, cop_recognition_config_lookup(&cfg, s, "pub"));
	cfg.trust2_days = 1;
	cfg.trust2_posts = 1;
	cfg.trust2_given = 0;
	cfg.trust2_received = 0;
	TU_OK(s, cop_recognition_config_set(s, "pub", &cfg));
	cfg.floor = 5;
	TU_RC(s, COP_EINVAL, cop_recognition_config_set(s, "pub", &cfg));
	cfg.floor = 1;
	cfg.version = 99;
	TU_RC(s, COP_EINVAL, cop_recognition_config_set(s, "pub", &cfg));
	/* Levels are recomputed at the member's next event; verify sees it. */
	{
		cop_verify_report *r = NULL;
		tu_as(s, NULL);
		TU_OK(s, cop_verify(&r, s, "pub", 0));
		ck_assert_uint_ge(cop_verify_report_count(r), 1);
		ck_assert(tu_contains(cop_verify_report_line(r, 0), "trust level"));
		ck_assert_int_eq(cop_verify_report_repaired(r), 0);
		cop_verify_report_free(r);
		TU_OK(s, cop_verify(&r, s, "pub", 1));
		ck_assert_int_eq(cop_verify_report_repaired(r), 1);
		cop_verify_report_free(r);
	}
	ck_assert_int_eq(trust(s, W.member), 2);
	verify_clean(s);
}
END_TEST

/* Leaders of a board as "handle:points," */
static void board(cop_store *s, const char *tag, cop_period p, cop_time at,
	unsigned limit, char *out, size_t n)
{
	out[0] = '\0';
	tu_board(s, "pub", tag, p, at, limit, 0, out, n);
}

START_TEST(test_leaderboard)
{
	cop_store *s = tu_store;
	tu_idbuf t2, p2;
	char b[1024];

	tu_as(s, W.facil);
	tu_thread(s, t2, p2, "pub", COP_THREAD_QUESTION, "Tagged", "With tags");
	/* tags come from the thread: a tagged thread of fred's */
	tu_as(s, NULL);
	{
		cop_thread *t = NULL;
		TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_QUESTION,
			"Facilitation tips", "facilitation tips", NULL, "What works?"));
		tu_as(s, W.core);
		{
			tu_idbuf a;
			tu_contrib(s, a, cop_thread_id(t), COP_CONTRIB_ANSWER, NULL,
				"Listen.");
			tu_as(s, W.member);
			TU_OK(s, cop_vote_cast(s, a, COP_VOTE_UP));
			tu_as(s, W.facil);
			TU_OK(s, cop_vote_cast(s, a, COP_VOTE_UP));
		}
		cop_thread_free(t);
	}
	tu_as(s, W.member);
	TU_OK(s, cop_vote_cast(s, ANS_F, COP_VOTE_UP));
	TU_OK(s, cop_answer_accept(s, ANS_F));
	tu_as(s, NULL);
	board(s, NULL, COP_PERIOD_WEEK, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "fred:25,cora:20,mia:2,");
	/* Pages of one give the same. */
	board(s, NULL, COP_PERIOD_ALL, 0, 1, b, sizeof(b));
	ck_assert_str_eq(b, "fred:25,cora:20,mia:2,");
	board(s, "facilitation", COP_PERIOD_MONTH, 0, 2, b, sizeof(b));
	ck_assert_str_eq(b, "cora:20,");
	board(s, "nothing", COP_PERIOD_YEAR, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "");
	/* Eight days later: a new week, the same month. */
	tu_tick(s, 8 * DAY);
	tu_as(s, W.core);
	TU_OK(s, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	tu_as(s, NULL);
	board(s, NULL, COP_PERIOD_WEEK, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "mia:10,");
	board(s, NULL, COP_PERIOD_WEEK, TU_T0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "fred:25,cora:20,mia:2,");
	board(s, NULL, COP_PERIOD_QUARTER, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "fred:25,cora:20,mia:12,");
	TU_RC(s, COP_EINVAL, cop_leader_iter_new(NULL, s, "pub", NULL,
		COP_PERIOD_ALL, 0, NULL));
	{
		cop_leader_iter *it = NULL;
		TU_RC(s, COP_EINVAL, cop_leader_iter_new(&it, s, "pub", NULL,
			(cop_period)9, 0, NULL));
		tu_as(s, W.outsider);
		TU_RC(s, COP_ENOTFOUND, cop_leader_iter_new(&it, s, "priv", NULL,
			COP_PERIOD_ALL, 0, NULL));
	}
	verify_clean(s);
}
END_TEST

/* Members nia and ole, each with a question in "pub" (its post in
 * @p pn, @p po): nia's tagged "brandnew", ole's @p ole_tags, tags no
 * total has yet. */
static void fresh_questions(cop_store *s, tu_idbuf nia, tu_idbuf ole,
	tu_idbuf pn, tu_idbuf po, const char *ole_tags)
{
	cop_thread *t = NULL;

	member_in_pub(s, nia, "nia");
	member_in_pub(s, ole, "ole");
	tu_as(s, nia);
	TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_QUESTION,
		"Fresh start", "brandnew", NULL, "A tag nobody used yet?"));
	tu_first_post(s, pn, cop_thread_id(t));
	cop_thread_free(t);
	t = NULL;
	tu_as(s, ole);
	TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_QUESTION,
		"Second start", ole_tags, NULL, "And another?"));
	tu_first_post(s, po, cop_thread_id(t));
	cop_thread_free(t);
}

/* Totals of members and tags that had none, written in one batch (one
 * transaction): the member in the community and the community's tags get
 * their keys as their first totals are added (on SQLite by the backend's
 * own insert, which makes them when its lookup finds none, and adds
 * again), and the boards read the totals back. */
START_TEST(test_totals_new_keys)
{
	cop_store *s = tu_store;
	tu_idbuf nia, ole, pn, po;
	char b[1024];

	fresh_questions(s, nia, ole, pn, po, "brandnew othertag");
	tu_as(s, NULL);
	board(s, "brandnew", COP_PERIOD_ALL, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "");
	TU_OK(s, cop_batch_begin(s));
	tu_as(s, W.member);
	TU_OK(s, cop_vote_cast(s, pn, COP_VOTE_UP));
	TU_OK(s, cop_vote_cast(s, po, COP_VOTE_UP));
	tu_as(s, W.facil);
	TU_OK(s, cop_vote_cast(s, pn, COP_VOTE_UP));
	tu_as(s, NULL);
	TU_OK(s, cop_batch_commit(s));
	board(s, "brandnew", COP_PERIOD_ALL, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "nia:20,ole:10,");
	board(s, "othertag", COP_PERIOD_WEEK, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "ole:10,");
	board(s, NULL, COP_PERIOD_MONTH, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "nia:20,ole:10,");
	ck_assert_int_eq(tu_board_points(s, "pub", nia, "brandnew",
		COP_PERIOD_YEAR, 0), 20);
	ck_assert_int_eq(tu_board_points(s, "pub", ole, "othertag",
		COP_PERIOD_QUARTER, 0), 10);
	verify_clean(s);
}
END_TEST

/* Keys made in a batch that is rolled back are gone, and the numbers
 * they had go to the next keys made: a connection that remembered them
 * (SQLite's key cache, sqlite/rop.c) would add nia's later points to
 * ole's total, which took her key's number.  Loop 1: a failing vote
 * inside the batch (a savepoint rolled back), then another vote: the
 * keys made before the savepoint are still the batch's, found again,
 * and gone with the batch; a connection that took the savepoint's
 * rollback for the end of what it made would keep them. */
START_TEST(test_totals_keys_rolled_back)
{
	cop_store *s = tu_store;
	tu_idbuf nia, ole, pn, po;
	char b[1024];

	fresh_questions(s, nia, ole, pn, po, "brandnew");
	TU_OK(s, cop_batch_begin(s));
	tu_as(s, W.member);
	TU_OK(s, cop_vote_cast(s, pn, COP_VOTE_UP));
	if (_i) {
		TU_RC(s, COP_ENOTFOUND, cop_vote_cast(s,
			"01234567-89ab-7def-8123-456789abcdef", COP_VOTE_UP));
		tu_as(s, W.facil);
		TU_OK(s, cop_vote_cast(s, pn, COP_VOTE_UP));
	}
	tu_as(s, NULL);
	TU_OK(s, cop_batch_rollback(s));
	board(s, "brandnew", COP_PERIOD_ALL, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "");
	TU_OK(s, cop_batch_begin(s));
	tu_as(s, W.member);
	TU_OK(s, cop_vote_cast(s, po, COP_VOTE_UP));
	tu_as(s, NULL);
	TU_OK(s, cop_batch_commit(s));
	tu_as(s, W.core);
	TU_OK(s, cop_vote_cast(s, pn, COP_VOTE_UP));
	tu_as(s, NULL);
	board(s, "brandnew", COP_PERIOD_ALL, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "nia:10,ole:10,");
	board(s, NULL, COP_PERIOD_WEEK, 0, 0, b, sizeof(b));
	ck_assert(tu_contains(b, "nia:10,"));
	ck_assert(tu_contains(b, "ole:10,"));
	verify_clean(s);
}
END_TEST

/* Verify repairs what a configuration change left behind: badges due
 * under lower thresholds. */
START_TEST(test_verify_repair)
{
	cop_store *s = tu_store;
	cop_recognition_config cfg;
	cop_verify_report *r = NULL;

	tu_as(s, W.core);
	TU_OK(s, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	tu_as(s, NULL);
	verify_clean(s);
	TU_OK(s, cop_recognition_config_lookup(&cfg, s, "pub"));
	cfg.badge_question1 = 1;
	TU_OK(s, cop_recognition_config_set(s, "pub", &cfg));
	TU_OK(s, cop_verify(&r, s, NULL, 0));
	ck_assert_uint_eq(cop_verify_report_count(r), 1);
	ck_assert(tu_contains(cop_verify_report_line(r, 0), "nice-question"));
	ck_assert_ptr_null(cop_verify_report_line(r, 1));
	cop_verify_report_free(r);
	TU_OK(s, cop_verify(&r, s, "pub", 1));
	ck_assert_uint_eq(cop_verify_report_count(r), 1);
	cop_verify_report_free(r);
	ck_assert_int_eq(has_badge(s, W.member, COP_BADGE_NICE_QUESTION), 1);
	verify_clean(s);
	TU_RC(s, COP_ENOTFOUND, cop_verify(&r, s, "nowhere", 0));
	TU_RC(s, COP_EINVAL, cop_verify(NULL, s, NULL, 0));
}
END_TEST

/* Random votes, changes, retractions, acceptances; then verify. */
START_TEST(test_random)
{
	cop_store *s = tu_store;
	enum { NM = 10, NC = 12 };
	tu_idbuf m[NM], th[3], post[3], c[NC];
	const char *env = getenv("COP_TEST_RANDOM_OPS");
	int ops = env ? atoi(env) : 2000, i, nc = 0;
	unsigned int seed = 20231114;
	char h[32];

	for (i = 0; i < NM; i++) {
		snprintf(h, sizeof(h), "rnd%d", i);
		member_in_pub(s, m[i], h);
		if (i % 3 == 0)
			TU_OK(s, cop_trust_set(s, "pub", m[i], 2));
	}
	for (i = 0; i < 3; i++) {
		tu_as(s, m[i]);
		tu_thread(s, th[i], post[i], "pub", i ? COP_THREAD_QUESTION :
			COP_THREAD_DISCUSSION, "Random", "Random thread");
		memcpy(c[nc++], post[i], sizeof(tu_idbuf));
	}
	while (nc < NC) {
		int t = 1 + nc % 2;
		tu_as(s, m[(nc * 7) % NM]);
		tu_contrib(s, c[nc], th[t], COP_CONTRIB_ANSWER, NULL, "An answer");
		nc++;
	}
	TU_OK(s, cop_batch_begin(s));
	for (i = 0; i < ops; i++) {
		int r = (int)(rand_r(&seed) % 100);
		int who = (int)(rand_r(&seed) % NM);
		int what = (int)(rand_r(&seed) % NC);
		int rc;
		tu_as(s, m[who]);
		if (r < 3)
			tu_tick(s, DAY / 3);
		if (r < 60)
			rc = cop_vote_cast(s, c[what],
				(cop_vote_kind)(rand_r(&seed) % 4));
		else if (r < 80)
			rc = cop_vote_retract(s, c[what]);
		else if (r < 88) {
			tu_as(s, NULL);
			rc = cop_vote_cast(s, c[what], COP_VOTE_UP);
		} else if (r < 96) {
			tu_as(s, NULL);
			rc = cop_answer_accept(s, c[what]);
		} else {
			tu_as(s, NULL);
			rc = cop_answer_unaccept(s, th[1 + what % 2]);
		}
		ck_assert_msg(rc == COP_OK || rc == COP_EPERM || rc == COP_EEXISTS ||
			rc == COP_ENOTFOUND || rc == COP_EINVAL, "op %d: %s (%s)", i,
			tu_ename(rc), cop_errmsg(s));
	}
	TU_OK(s, cop_batch_commit(s));
	verify_clean(s);
}
END_TEST

/* Every allocation failure in a vote, an accept and kudos gives
 * COP_ENOMEM and changes nothing, ledger included. */
START_TEST(test_alloc_failures)
{
	cop_store *s = tu_store;
	int step, op;

	for (op = 0; op < 3; op++) {
		for (step = 1; step < 200; step++) {
			char *before = rsnap(s), *after;
			int rc;
			tu_as(s, op == 1 ? W.member : W.owner);
			cop_alloc_fail_at(step, 0);
			rc = op == 0 ? cop_vote_cast(s, ANS_C, COP_VOTE_UP) :
				op == 1 ? cop_answer_accept(s, ANS_C) :
				cop_kudos_give(NULL, s, "pub", W.core, ANS_C, "Thanks!");
			cop_alloc_fail_at(0, 0);
			if (rc == COP_OK) {
				free(before);
				break;
			}
			ck_assert_msg(rc == COP_ENOMEM, "op %d step %d: %s", op, step,
				tu_ename(rc));
			after = rsnap(s);
			ck_assert_msg(strcmp(before, after) == 0,
				"op %d step %d changed the store", op, step);
			free(before);
			free(after);
		}
		ck_assert_int_lt(step, 200);
	}
	ck_assert_int_eq(rep(s, "pub", W.core), 26);
	verify_clean(s);
}
END_TEST

/* Differences made behind the library's back (through a second backend
 * instance) are found, repaired, and the leaderboard comes back. */
START_TEST(test_verify_detects)
{
	cop_store *s = tu_store;
	cop_backend *be = NULL;
	cop_verify_report *r = NULL;
	cop_community *c = NULL;
	cop_member *m = NULL;
	cop_val p[15];
	char b[256];
	size_t i;
	int found_score = 0, found_rep = 0, found_tot = 0;

	tu_as(s, W.core);
	TU_OK(s, cop_vote_cast(s, QPOST, COP_VOTE_UP));
	tu_as(s, W.member);
	TU_OK(s, cop_vote_cast(s, ANS_C, COP_VOTE_UP));
	tu_as(s, NULL);
	board(s, NULL, COP_PERIOD_ALL, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "cora:10,mia:10,");
	TU_OK(s, cop_community_lookup(&c, s, "pub"));
	TU_OK(s, cop_member_lookup(&m, s, W.core));

	TU_OK(NULL, cop_backend_open(&be, tu_uri(), NULL));
	memset(p, 0, sizeof(p));
	p[0].type = COP_VAL_ID;
	TU_OK(NULL, cop_id_parse(&p[0].id, QPOST));
	p[1].type = COP_VAL_INT;
	p[1].i = 7;
	TU_OK(NULL, be->rop(be, COP_ROP_SCORE_SET, p, 2, NULL));
	p[0].type = COP_VAL_ID;
	TU_OK(NULL, cop_id_parse(&p[0].id, cop_community_id(c)));
	TU_OK(NULL, be->rop(be, COP_ROP_TOTAL_CLEAR, p, 1, NULL));
	/* cora's standing with reputation 99 and no posts. */
	p[1].type = COP_VAL_ID;
	TU_OK(NULL, cop_id_parse(&p[1].id, W.core));
	for (i = 2; i < 15; i++) {
		p[i].type = COP_VAL_INT;
		p[i].i = 0;
	}
	p[2].i = 99;
	TU_OK(NULL, be->rop(be, COP_ROP_STANDING_PUT, p, 15, NULL));
	be->free(be);
	cop_community_free(c);
	cop_member_free(m);

	board(s, NULL, COP_PERIOD_ALL, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "");
	TU_OK(s, cop_verify(&r, s, "pub", 0));
	for (i = 0; i < cop_verify_report_count(r); i++) {
		const char *l = cop_verify_report_line(r, i);
		found_score += tu_contains(l, "score 7, votes give 1");
		found_rep += tu_contains(l, "reputation 99, ledger gives 11");
		found_tot += tu_contains(l, "all total from 0 missing, ledger "
			"gives 10");
	}
	/* cora's and mia's all-time totals (and the other periods'). */
	ck_assert_int_eq(found_tot, 2);
	ck_assert_int_eq(found_score, 1);
	ck_assert_int_eq(found_rep, 1);
	ck_assert_uint_ge(cop_verify_report_count(r), 12);
	cop_verify_report_free(r);
	TU_OK(s, cop_verify(&r, s, NULL, 1));
	ck_assert_int_eq(cop_verify_report_repaired(r), 1);
	cop_verify_report_free(r);
	verify_clean(s);
	ck_assert_int_eq(score(s, QPOST), 1);
	ck_assert_int_eq(rep(s, "pub", W.core), 11);
	board(s, NULL, COP_PERIOD_ALL, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "cora:10,mia:10,");
	board(s, NULL, COP_PERIOD_WEEK, 0, 0, b, sizeof(b));
	ck_assert_str_eq(b, "cora:10,mia:10,");
}
END_TEST

static Suite *recognition_suite(void)
{
	Suite *s = suite_create("recognition");
	TCase *tc = tu_tcase(s, "recognition", world_setup, world_teardown);

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_vote_rules);
	tcase_add_test(tc, test_vote_get);
	tcase_add_test(tc, test_daily_cap);
	tcase_add_test(tc, test_daily_cap_partial);
	tcase_add_test(tc, test_floor);
	tcase_add_test(tc, test_accept);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_kudos);
	tcase_add_test(tc, test_badges);
	tcase_add_test(tc, test_trust);
	tcase_add_test(tc, test_leaderboard);
	tcase_add_test(tc, test_totals_new_keys);
	tcase_add_loop_test(tc, test_totals_keys_rolled_back, 0, 2);
	tcase_add_test(tc, test_verify_repair);
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_alloc_failures);
	tcase_add_test(tc, test_verify_detects);
	return s;
}

int main(void)
{
	return tu_run(recognition_suite());
}
