/*
 * check_hidden_points.c: the points of hidden content do not show
 * through totals (issue 17; docs/recognition.md, "Hidden content").
 *
 * While a thread or a contribution is hidden, the points its ledger
 * entries applied count neither in reputations nor in the leaderboards'
 * period totals; shown again, they count again, in the same periods and
 * tags.  Checked as a plain member who sees neither: every member's
 * reputation and every period's leaderboard, for the whole community and
 * for each tag, at every time an event happened, against the sum of the
 * ledger entries that member can see; cop_verify clean throughout; the
 * old numbers back exactly when everything is shown again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define DAY (86400000LL)
#define NMEMBERS 8
#define NEVENTS 32

TU_WORLD_FIXTURE(W)

/* The scene: two threads of pub by mia, a question tagged alpha with
 * answers by cora (A) and dan (D2), a discussion tagged beta with
 * replies by cora (R) and dan (D1); pat only reads; v1-v3 vote up, fred
 * (facilitator) votes down and moderates. */
static tu_idbuf T1, T1P, T2, T2P, A, D2, R, D1;
static tu_idbuf pat, dan, v1, v2, v3;
static const char *who[NMEMBERS];

/* When each event happened and the tag of the thread it was in: a
 * ledger entry's tag is its event's (entries carry no tags). */
static struct { cop_time t; const char *tag; } ev[NEVENTS];
static int nev;

static void joined(cop_store *s, tu_idbuf id, const char *handle)
{
	tu_as(s, NULL);
	tu_member(s, id, handle);
	TU_OK(s, cop_community_join(NULL, s, "pub", id, 0));
}

static void thread(cop_store *s, tu_idbuf id, tu_idbuf post,
	cop_thread_kind kind, const char *title, const char *tags)
{
	cop_thread *t = NULL;

	TU_OK(s, cop_thread_create(&t, s, "pub", kind, title, tags, NULL,
		"What do you think?"));
	snprintf(id, sizeof(tu_idbuf), "%s", cop_thread_id(t));
	cop_thread_free(t);
	tu_first_post(s, post, id);
}

/* An event in a thread tagged @p tag, a few hours after the last. */
static cop_time event(cop_store *s, const char *tag)
{
	cop_time t = tu_tick(s, DAY / 3 + 3600000LL);

	ck_assert_int_lt(nev, NEVENTS);
	ev[nev].t = t;
	ev[nev].tag = tag;
	nev++;
	return t;
}

static void vote(cop_store *s, const char *voter, const char *c,
	cop_vote_kind k, const char *tag)
{
	event(s, tag);
	tu_as(s, voter);
	TU_OK(s, cop_vote_cast(s, c, k));
	tu_as(s, NULL);
}

static const char *tag_at(cop_time t)
{
	int i;

	for (i = 0; i < nev; i++)
		if (ev[i].t == t)
			return ev[i].tag;
	ck_abort_msg("a ledger entry at a time no event had");
	return NULL;
}

/* What member @p m's ledger shows to @p reader: up to 64 entries. */
typedef struct seen { int n; cop_time t[64]; int64_t pts[64]; } seen;

static void ledger_seen(cop_store *s, const char *reader, const char *m,
	seen *out)
{
	cop_ledger_iter *it = NULL;
	cop_ledger_entry *e = NULL;
	int rc;

	out->n = 0;
	tu_as(s, reader);
	TU_OK(s, cop_ledger_iter_new(&it, s, "pub", m, NULL));
	while ((rc = cop_ledger_iter_next(&e, it)) == COP_OK) {
		ck_assert_int_lt(out->n, 64);
		out->t[out->n] = cop_ledger_entry_time(e);
		out->pts[out->n] = cop_ledger_entry_points(e);
		out->n++;
		cop_ledger_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_ledger_iter_free(it);
	tu_as(s, NULL);
}

/* Member @p m's points on the leaderboard of @p period (containing
 * @p at) and @p tag ("" for the whole community), as @p reader sees it;
 * 0 when not on it. */
static int64_t board_points(cop_store *s, const char *reader, const char *m,
	cop_period period, cop_time at, const char *tag)
{
	int64_t pts;

	tu_as(s, reader);
	pts = tu_board_points(s, "pub", m, tag, period, at);
	tu_as(s, NULL);
	return pts;
}

static int64_t reputation(cop_store *s, const char *reader, const char *m)
{
	int64_t r;

	tu_as(s, reader);
	r = tu_reputation(s, "pub", m);
	tu_as(s, NULL);
	return r;
}

static void verify_clean(cop_store *s, const char *when)
{
	cop_verify_report *r = NULL;
	size_t i;

	tu_as(s, NULL);
	TU_OK(s, cop_verify(&r, s, NULL, 0));
	for (i = 0; i < cop_verify_report_count(r); i++)
		fprintf(stderr, "%s: verify: %s\n", when,
			cop_verify_report_line(r, i));
	ck_assert_msg(cop_verify_report_count(r) == 0, "%s: cop_verify "
		"reports %zu differences", when, cop_verify_report_count(r));
	cop_verify_report_free(r);
}

/*
 * The totals pat reads against the ledger pat reads: for every member,
 * the reputation (never below the floor, 1) and each period's points at
 * each event's time, whole community and by tag.  Appends them to
 * @p snap (a buffer of @p size) for comparing states.
 */
static void consistent(cop_store *s, const char *when, char *snap,
	size_t size)
{
	static const char *const tags[] = { "", "alpha", "beta" };
	size_t used = 0;
	int i, j, p, g, k;

	snap[0] = '\0';
	for (i = 0; i < NMEMBERS; i++) {
		seen sn;
		int64_t sum = 0, want, got;

		ledger_seen(s, pat, who[i], &sn);
		for (j = 0; j < sn.n; j++)
			sum += sn.pts[j];
		want = 1 + sum < 1 ? 1 : 1 + sum;
		got = reputation(s, pat, who[i]);
		ck_assert_msg(got == want, "%s: member %d: reputation %lld, "
			"the ledger pat sees gives %lld", when, i, (long long)got,
			(long long)want);
		used += (size_t)snprintf(snap + used, size - used, "%lld;",
			(long long)got);
		for (p = COP_PERIOD_WEEK; p <= COP_PERIOD_ALL; p++)
			for (g = 0; g < 3; g++)
				for (k = 0; k < nev; k++) {
					cop_time start = cop_period_start((cop_period)p,
						ev[k].t);
					want = 0;
					for (j = 0; j < sn.n; j++)
						if (cop_period_start((cop_period)p, sn.t[j]) ==
						    start && (!*tags[g] ||
						    !strcmp(tag_at(sn.t[j]), tags[g])))
							want += sn.pts[j];
					got = board_points(s, pat, who[i], (cop_period)p,
						ev[k].t, tags[g]);
					ck_assert_msg(got == want, "%s: member %d: %s "
						"board%s%s at event %d: %lld points, the ledger "
						"pat sees gives %lld", when, i,
						cop_period_name((cop_period)p), *tags[g] ?
						" of " : "", tags[g], k, (long long)got,
						(long long)want);
					ck_assert_uint_lt(used + 24, size);
					used += (size_t)snprintf(snap + used, size - used,
						"%lld,", (long long)got);
				}
	}
	verify_clean(s, when);
}

static void scene(cop_store *s)
{
	nev = 0;
	joined(s, pat, "pat");
	joined(s, dan, "dan");
	joined(s, v1, "vic");
	joined(s, v2, "val");
	joined(s, v3, "vera");
	who[0] = W.core;
	who[1] = dan;
	who[2] = W.member;
	who[3] = W.facil;
	who[4] = v1;
	who[5] = v2;
	who[6] = v3;
	who[7] = pat;
	tu_as(s, W.member);
	thread(s, T1, T1P, COP_THREAD_QUESTION, "Where to start?", "alpha");
	thread(s, T2, T2P, COP_THREAD_DISCUSSION, "Meeting notes", "beta");
	tu_as(s, W.core);
	tu_contrib(s, A, T1, COP_CONTRIB_ANSWER, NULL, "Start small.");
	tu_contrib(s, R, T2, COP_CONTRIB_REPLY, NULL, "Thanks for these.");
	tu_as(s, dan);
	tu_contrib(s, D2, T1, COP_CONTRIB_ANSWER, NULL, "Start big.");
	tu_contrib(s, D1, T2, COP_CONTRIB_REPLY, NULL, "I was there.");
	tu_as(s, NULL);

	/* Days apart, across weeks and a month's end. */
	vote(s, v1, A, COP_VOTE_UP, "alpha");
	vote(s, v2, R, COP_VOTE_UP, "beta");
	vote(s, v1, D1, COP_VOTE_UP, "beta");
	tu_tick(s, 9 * DAY);
	vote(s, W.facil, D2, COP_VOTE_DOWN, "alpha");
	event(s, "alpha");
	tu_as(s, W.member);
	TU_OK(s, cop_answer_accept(s, A));
	tu_as(s, NULL);
	tu_tick(s, 20 * DAY);
	vote(s, v3, R, COP_VOTE_UP, "beta");
	vote(s, v2, A, COP_VOTE_UP, "alpha");
	vote(s, v3, D1, COP_VOTE_HELPFUL, "beta");
}

static void hide(cop_store *s, const char *c)
{
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_hide(s, c, "off topic"));
	tu_as(s, NULL);
}

static void unhide(cop_store *s, const char *c)
{
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_unhide(s, c));
	tu_as(s, NULL);
}

static void thread_hidden(cop_store *s, const char *t, int on)
{
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, t, COP_THREAD_FLAG_HIDDEN, on));
	tu_as(s, NULL);
}

#define SNAP 65536

/* Contributions and a thread hidden, one inside the other, then shown
 * again in another order: the totals follow what pat sees at every
 * step, and come back exactly. */
START_TEST(test_hide_show)
{
	cop_store *s = tu_store;
	char *before = malloc(SNAP), *snap = malloc(SNAP);

	ck_assert_ptr_nonnull(before);
	ck_assert_ptr_nonnull(snap);
	scene(s);
	consistent(s, "all shown", before, SNAP);
	ck_assert_int_eq(reputation(s, pat, W.core), 1 + 10 + 10 + 15 + 10 + 10);
	hide(s, R);
	consistent(s, "R hidden", snap, SNAP);
	ck_assert_int_eq(reputation(s, pat, W.core), 1 + 10 + 15 + 10);
	/* dan's reply worth +10 and +5 hidden, his answer's -2 shown: the
	 * sum is below the floor, the reputation read is not. */
	hide(s, D1);
	consistent(s, "R and D1 hidden", snap, SNAP);
	ck_assert_int_eq(reputation(s, pat, dan), 1);
	/* An answer hidden, then its thread: nothing taken out twice. */
	hide(s, A);
	consistent(s, "A too", snap, SNAP);
	thread_hidden(s, T1, 1);
	consistent(s, "T1 too", snap, SNAP);
	ck_assert_int_eq(reputation(s, pat, W.core), 1);
	ck_assert_int_eq(reputation(s, pat, W.member), 1);
	/* The thread shown, its answer A still hidden: the accepted answer's
	 * points (on the thread) and dan's answer's count again, not A's. */
	thread_hidden(s, T1, 0);
	consistent(s, "T1 shown, A hidden", snap, SNAP);
	ck_assert_int_eq(reputation(s, pat, W.core), 1 + 15);
	ck_assert_int_eq(reputation(s, pat, W.member), 1 + 2);
	unhide(s, D1);
	consistent(s, "D1 shown", snap, SNAP);
	unhide(s, A);
	consistent(s, "A shown", snap, SNAP);
	unhide(s, R);
	consistent(s, "all shown again", snap, SNAP);
	ck_assert_str_eq(snap, before);
	free(before);
	free(snap);
}
END_TEST

/* Points written while their content is hidden (a moderator's vote and
 * its change, an accepted answer replaced in a hidden thread) count only
 * once it is shown, reversals undoing their originals whole. */
START_TEST(test_written_while_hidden)
{
	cop_store *s = tu_store;
	char *snap = malloc(SNAP);
	int64_t r;

	ck_assert_ptr_nonnull(snap);
	scene(s);
	hide(s, R);
	r = reputation(s, pat, W.core);
	vote(s, W.facil, R, COP_VOTE_UP, "beta");
	consistent(s, "a vote on hidden R", snap, SNAP);
	ck_assert_int_eq(reputation(s, pat, W.core), r);
	thread_hidden(s, T1, 1);
	event(s, "alpha");
	tu_as(s, W.facil);
	TU_OK(s, cop_answer_accept(s, D2));
	tu_as(s, NULL);
	consistent(s, "another answer accepted in hidden T1", snap, SNAP);
	/* fred changes his mind while R is still hidden: his +10 reversed
	 * whole (cora stands at the floor, 1), then -2. */
	vote(s, W.facil, R, COP_VOTE_DOWN, "beta");
	consistent(s, "a vote changed on hidden R", snap, SNAP);
	ck_assert_int_eq(reputation(s, pat, W.core), 1);
	unhide(s, R);
	consistent(s, "R shown", snap, SNAP);
	/* R's two up-votes and fred's down-vote; T1 still hidden. */
	ck_assert_int_eq(reputation(s, pat, W.core), 1 + 10 + 10 - 2);
	thread_hidden(s, T1, 0);
	consistent(s, "T1 shown", snap, SNAP);
	/* With A's two up-votes; its acceptance (+15) was undone whole when
	 * dan's answer replaced it, though cora's reputation then stood at
	 * the floor (R and T1 hidden): an entry on hidden content meets no
	 * floor (docs/recognition.md, "Hidden content"). */
	ck_assert_int_eq(reputation(s, pat, W.core),
		1 + 10 + 10 - 2 + 10 + 10);
	free(snap);
}
END_TEST

/* The totals and a reputation lost, then repaired: cop_verify
 * recomputes the same numbers as hiding left, from the facts. */
START_TEST(test_repair)
{
	cop_store *s = tu_store;
	char *a = malloc(SNAP), *b = malloc(SNAP);
	cop_verify_report *r = NULL;
	cop_community *c = NULL;
	cop_backend *be = NULL;
	cop_val p[15];
	int i;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	scene(s);
	hide(s, R);
	thread_hidden(s, T1, 1);
	consistent(s, "hidden", a, SNAP);
	TU_OK(s, cop_community_lookup(&c, s, "pub"));
	TU_OK(NULL, cop_backend_open(&be, tu_uri(), NULL));
	memset(p, 0, sizeof(p));
	p[0].type = COP_VAL_ID;
	TU_OK(NULL, cop_id_parse(&p[0].id, cop_community_id(c)));
	TU_OK(NULL, be->rop(be, COP_ROP_TOTAL_CLEAR, p, 1, NULL));
	/* cora's standing: reputation 99, counters 0. */
	p[1].type = COP_VAL_ID;
	TU_OK(NULL, cop_id_parse(&p[1].id, W.core));
	for (i = 2; i < 15; i++)
		p[i].type = COP_VAL_INT;
	p[2].i = 99;
	TU_OK(NULL, be->rop(be, COP_ROP_STANDING_PUT, p, 15, NULL));
	be->free(be);
	cop_community_free(c);
	TU_OK(s, cop_verify(&r, s, NULL, 1));
	ck_assert_int_eq(cop_verify_report_repaired(r), 1);
	cop_verify_report_free(r);
	consistent(s, "repaired", b, SNAP);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

/* A hide or show recounts only the members with ledger entries on the
 * thread (or contribution) and what hangs on it; they are not only its
 * contributors.  fred, who contributed nothing to T1, accepted dan's
 * answer there (+2); mia accepted cora's again a month later, which
 * reverses fred's +2 in another period (his totals +2 in one month, -2
 * in the next).  vera, who wrote nothing in T1, down-voted dan's answer
 * (-1, from the +10 her reply in T2 earned).  Each hide and show of T1 and of dan's
 * answer leaves every member's reputation and period totals what the
 * ledger pat sees gives, and the old numbers come back exactly. */
START_TEST(test_not_contributors)
{
	cop_store *s = tu_store;
	char *before = malloc(SNAP), *snap = malloc(SNAP);
	cop_time t_fred, t_back;
	int64_t fred, vera;
	tu_idbuf V3R;

	ck_assert_ptr_nonnull(before);
	ck_assert_ptr_nonnull(snap);
	scene(s);
	tu_tick(s, 10 * DAY);
	t_fred = event(s, "alpha");
	tu_as(s, W.facil);
	TU_OK(s, cop_answer_accept(s, D2));
	tu_as(s, NULL);
	/* vera's reply in T2, up-voted: points a down-vote can cost. */
	tu_as(s, v3);
	tu_contrib(s, V3R, T2, COP_CONTRIB_REPLY, NULL, "Me too.");
	tu_as(s, NULL);
	TU_OK(s, cop_trust_set(s, "pub", v3, 4));
	vote(s, v1, V3R, COP_VOTE_UP, "beta");
	vote(s, v3, D2, COP_VOTE_DOWN, "alpha");
	tu_tick(s, 35 * DAY);
	t_back = event(s, "alpha");
	tu_as(s, W.member);
	TU_OK(s, cop_answer_accept(s, A));
	tu_as(s, NULL);
	consistent(s, "fred's acceptance replaced", before, SNAP);
	/* fred: +2 and its reversal, a month apart (his down-vote in the
	 * scene applied nothing: he stood at the floor); vera: +10 from T2,
	 * -1 on D2. */
	fred = reputation(s, pat, W.facil);
	vera = reputation(s, pat, v3);
	ck_assert_int_eq(vera, 1 + 10 - 1);
	ck_assert_int_eq(board_points(s, pat, W.facil, COP_PERIOD_MONTH, t_fred,
		""), 2);
	ck_assert_int_eq(board_points(s, pat, W.facil, COP_PERIOD_MONTH, t_back,
		""), -2);
	ck_assert_int_eq(board_points(s, pat, v3, COP_PERIOD_MONTH, t_fred,
		"alpha"), -1);

	thread_hidden(s, T1, 1);
	consistent(s, "T1 hidden", snap, SNAP);
	ck_assert_int_eq(board_points(s, pat, W.facil, COP_PERIOD_MONTH, t_fred,
		""), 0);
	ck_assert_int_eq(board_points(s, pat, W.facil, COP_PERIOD_MONTH, t_back,
		""), 0);
	ck_assert_int_eq(board_points(s, pat, v3, COP_PERIOD_MONTH, t_fred,
		"alpha"), 0);
	ck_assert_int_eq(reputation(s, pat, W.facil), fred);
	ck_assert_int_eq(reputation(s, pat, v3), vera + 1);
	thread_hidden(s, T1, 0);
	consistent(s, "T1 shown", snap, SNAP);
	ck_assert_str_eq(snap, before);

	/* dan's answer alone: the votes on it go (vera's -1),
	 * fred's acceptance entries (on the thread) stay. */
	hide(s, D2);
	consistent(s, "D2 hidden", snap, SNAP);
	ck_assert_int_eq(board_points(s, pat, v3, COP_PERIOD_MONTH, t_fred,
		"alpha"), 0);
	ck_assert_int_eq(board_points(s, pat, W.facil, COP_PERIOD_MONTH, t_back,
		""), -2);
	ck_assert_int_eq(reputation(s, pat, v3), vera + 1);
	unhide(s, D2);
	consistent(s, "D2 shown", snap, SNAP);
	ck_assert_str_eq(snap, before);
	free(before);
	free(snap);
}
END_TEST

/* How many of the change-log entries @p reader reads are about
 * @p object. */
static int log_about(cop_store *s, const char *reader, const char *object)
{
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	int rc, n = 0;

	tu_as(s, reader);
	TU_OK(s, cop_log_iter_new(&it, s, 0, 0));
	while ((rc = cop_log_iter_next(&e, it)) == COP_OK) {
		const char *o = cop_log_entry_object_id(e);
		if (o && !strcmp(o, object))
			n++;
		cop_log_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_log_iter_free(it);
	tu_as(s, NULL);
	return n;
}

/* How many of @p member's notifications (its own feed) are about
 * contribution @p c. */
static int notes_about(cop_store *s, const char *member, const char *c)
{
	cop_notification_iter *it = NULL;
	cop_notification *x = NULL;
	int rc, n = 0;

	tu_as(s, member);
	TU_OK(s, cop_notification_iter_new(&it, s, NULL, 0, NULL));
	while ((rc = cop_notification_iter_next(&x, it)) == COP_OK) {
		const char *o = cop_notification_contribution_id(x);
		if (o && !strcmp(o, c))
			n++;
		cop_notification_free(x);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_notification_iter_free(it);
	tu_as(s, NULL);
	return n;
}

/* A hidden contribution without an author (the system's answer; an
 * erased member's kept anonymised is the same row) hides what hangs on
 * it as any other: vera's down-vote on it (-1) leaves the ledger pat reads,
 * her reputation and totals, its log entry leaves pat's log and the
 * notification of it pat's feed, while its moderator still sees the
 * ledger entry and the log. */
START_TEST(test_authorless_hidden)
{
	cop_store *s = tu_store;
	char *snap = malloc(SNAP);
	tu_idbuf S, V3R;
	cop_time t;
	seen sn;

	ck_assert_ptr_nonnull(snap);
	scene(s);
	tu_as(s, v3);
	tu_contrib(s, V3R, T2, COP_CONTRIB_REPLY, NULL, "Me too.");
	tu_as(s, pat);
	TU_OK(s, cop_follow_set(s, COP_FOLLOW_THREAD, T1, NULL,
		COP_FOLLOW_WATCHING));
	tu_as(s, NULL);
	tu_contrib(s, S, T1, COP_CONTRIB_ANSWER, NULL, "See the FAQ.");
	TU_OK(s, cop_trust_set(s, "pub", v3, 4));
	vote(s, v1, V3R, COP_VOTE_UP, "beta");
	t = event(s, "alpha");
	tu_as(s, v3);
	TU_OK(s, cop_vote_cast(s, S, COP_VOTE_DOWN));
	tu_as(s, NULL);
	consistent(s, "S voted down", snap, SNAP);
	ck_assert_int_eq(reputation(s, pat, v3), 1 + 10 - 1);
	ck_assert_int_eq(log_about(s, pat, S), 1);
	ck_assert_int_eq(notes_about(s, pat, S), 1);

	hide(s, S);
	ck_assert_int_eq(notes_about(s, pat, S), 0);
	ledger_seen(s, pat, v3, &sn);
	ck_assert_int_eq(sn.n, 1);
	ck_assert_int_eq(sn.pts[0], 10);
	ck_assert_int_eq(log_about(s, pat, S), 0);
	/* Its creation, and the hide. */
	ck_assert_int_eq(log_about(s, W.facil, S), 2);
	ledger_seen(s, W.facil, v3, &sn);
	ck_assert_int_eq(sn.n, 2);
	consistent(s, "S hidden", snap, SNAP);
	ck_assert_int_eq(reputation(s, pat, v3), 1 + 10);
	ck_assert_int_eq(board_points(s, pat, v3, COP_PERIOD_WEEK, t, "alpha"),
		0);
	ck_assert_int_eq(board_points(s, pat, v3, COP_PERIOD_WEEK, t, ""), 10);

	unhide(s, S);
	consistent(s, "S shown", snap, SNAP);
	ck_assert_int_eq(reputation(s, pat, v3), 1 + 10 - 1);
	ck_assert_int_ge(log_about(s, pat, S), 1);
	ck_assert_int_eq(notes_about(s, pat, S), 1);
	free(snap);
}
END_TEST

/* dan's standing as @p reader sees it: its posts count, -1 when not
 * shown (the other counts checked alike). */
static int standing_posts(cop_store *s, const char *reader, int anonymous)
{
	cop_standing *st = NULL;
	int posts;

	if (anonymous)
		TU_OK(s, cop_store_set_actor(s, NULL));
	else
		tu_as(s, reader);
	TU_OK(s, cop_standing_lookup(&st, s, "pub", dan));
	posts = cop_standing_posts(st);
	ck_assert_int_eq(cop_standing_likes_received(st), posts < 0 ? -1 : 2);
	ck_assert_int_eq(cop_standing_likes_given(st), posts < 0 ? -1 : 0);
	ck_assert_int_eq(cop_standing_accepted(st), posts < 0 ? -1 : 0);
	ck_assert_int_eq(cop_standing_kudos_received(st), posts < 0 ? -1 : 0);
	ck_assert_int_eq(cop_standing_posts_read(st), posts < 0 ? -1 : 0);
	ck_assert_int_ge(cop_standing_days_active(st), posts < 0 ? -1 : 1);
	if (posts < 0)
		ck_assert_int_eq(cop_standing_days_active(st), -1);
	ck_assert_int_ge(cop_standing_reputation(st), 1);
	ck_assert_int_ge(cop_standing_trust_level(st), 0);
	cop_standing_free(st);
	tu_as(s, NULL);
	return posts;
}

/* A standing's counts count hidden content (dan's hidden reply is one
 * of his two posts, its two likes among his likes received): only dan,
 * the community's facilitators and the system read them; a plain
 * member and the anonymous viewer read -1, and the reputation. */
START_TEST(test_counts_shown)
{
	cop_store *s = tu_store;

	scene(s);
	hide(s, D1);
	ck_assert_int_eq(standing_posts(s, NULL, 0), 2);
	ck_assert_int_eq(standing_posts(s, dan, 0), 2);
	ck_assert_int_eq(standing_posts(s, W.facil, 0), 2);
	ck_assert_int_eq(standing_posts(s, pat, 0), -1);
	ck_assert_int_eq(standing_posts(s, W.member, 0), -1);
	ck_assert_int_eq(standing_posts(s, NULL, 1), -1);
}
END_TEST

static Suite *hidden_points_suite(void)
{
	Suite *su = suite_create("hidden_points");
	TCase *tc = tu_tcase(su, "hidden_points", setup, teardown);

	tcase_add_test(tc, test_hide_show);
	tcase_add_test(tc, test_written_while_hidden);
	tcase_add_test(tc, test_repair);
	tcase_add_test(tc, test_not_contributors);
	tcase_add_test(tc, test_authorless_hidden);
	tcase_add_test(tc, test_counts_shown);
	return su;
}

int main(void)
{
	return tu_run(hidden_points_suite());
}
