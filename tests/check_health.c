/*
 * check_health.c: the health report (include/cop/health.h,
 * docs/health.md).  Every figure on a small community built by hand
 * whose right answer is worked out below; the edges (an empty
 * community, one member, no questions, a period with no activity, hidden
 * content); the roll-ups after hide, unhide and erasure, checked by
 * cop_verify, which also finds a damaged roll-up (SQLite); who may read
 * a report and what bad input gets.  Both engines (COP_TEST_URI).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "testutil.h"
#include "tu_sqlite.h"

#define HOUR (3600 * 1000LL)
#define DAY (24 * HOUR)
/* 2023-11-01T00:00:00Z: day 0 of the period the tests read. */
#define B ((cop_time)1698796800000LL)
#define AT(day, hour) (B + (day) * DAY + (hour) * HOUR)

TU_WORLD_FIXTURE(W)

/* The report of @p community over @p from .. @p to, parsed. */
static json_t *report(cop_store *s, const char *community, const char *from,
	const char *to)
{
	char *text = NULL;
	json_error_t err;
	json_t *doc;

	TU_OK(s, cop_health_report_json(&text, s, community, from, to));
	ck_assert_ptr_nonnull(text);
	doc = json_loads(text, 0, &err);
	ck_assert_msg(doc != NULL, "not JSON: %s", err.text);
	cop_text_dispose(text);
	return doc;
}

/* The value at a dotted path ("participation.core"). */
static json_t *at(json_t *doc, const char *path)
{
	char buf[128], *p, *save = NULL;
	json_t *v = doc;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = strtok_r(buf, ".", &save); p && v; p = strtok_r(NULL, ".",
			&save))
		v = json_object_get(v, p);
	ck_assert_msg(v != NULL, "no %s in the report", path);
	return v;
}

static void is_int(json_t *doc, const char *path, long long want)
{
	json_t *v = at(doc, path);

	ck_assert_msg(json_is_integer(v), "%s is not an integer", path);
	ck_assert_msg(json_integer_value(v) == want, "%s: %lld, not %lld", path,
		(long long)json_integer_value(v), want);
}

static void is_num(json_t *doc, const char *path, double want)
{
	json_t *v = at(doc, path);

	ck_assert_msg(json_is_number(v), "%s is not a number", path);
	ck_assert_msg(fabs(json_number_value(v) - want) < 1e-9,
		"%s: %.12g, not %.12g", path, json_number_value(v), want);
}

static void is_null(json_t *doc, const char *path)
{
	ck_assert_msg(json_is_null(at(doc, path)), "%s is not null", path);
}

static void is_str(json_t *doc, const char *path, const char *want)
{
	json_t *v = at(doc, path);

	ck_assert_msg(json_is_string(v) && !strcmp(json_string_value(v), want),
		"%s: %s, not %s", path, json_is_string(v) ?
		json_string_value(v) : "(not a string)", want);
}

/* The activity series' unit @p i: start, contributions, active, new. */
static void unit_is(json_t *doc, size_t i, const char *start, long long c,
	long long active, long long fresh)
{
	json_t *u = json_array_get(at(doc, "activity.series"), i);

	ck_assert_msg(u != NULL, "no unit %zu", i);
	ck_assert_str_eq(json_string_value(json_object_get(u, "start")), start);
	ck_assert_int_eq(json_integer_value(json_object_get(u,
		"contributions")), c);
	ck_assert_int_eq(json_integer_value(json_object_get(u,
		"active_members")), active);
	ck_assert_int_eq(json_integer_value(json_object_get(u,
		"new_contributors")), fresh);
}

/* cop_verify's lines for @p community (NULL: every one) that contain
 * @p only (NULL: all of them), the first of them into @p first. */
static size_t report_lines(cop_store *s, const char *community,
	const char *only, char *first, size_t n)
{
	cop_verify_report *r = NULL;
	size_t i, count = 0;
	tu_idbuf saved;

	if (first && n)
		first[0] = '\0';
	tu_as_system(s, saved);
	TU_OK(s, cop_verify(&r, s, community, 0));
	for (i = 0; i < cop_verify_report_count(r); i++) {
		const char *l = cop_verify_report_line(r, i);
		if (only && !strstr(l, only))
			continue;
		if (!count++ && first && n)
			snprintf(first, n, "%s", l);
	}
	cop_verify_report_free(r);
	tu_as_restore(s, saved);
	return count;
}

/* cop_verify's lines for @p community: 0 when the roll-ups agree. */
static size_t verify_lines(cop_store *s, const char *community, char *first,
	size_t n)
{
	return report_lines(s, community, NULL, first, n);
}

/* The hex of id @p text, for SQL's x'...' (33 bytes). */
static void id_hex(const char *text, char *hex)
{
	cop_id id;
	int i;

	ck_assert_int_eq(cop_id_parse(&id, text), COP_OK);
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", id.bytes[i]);
}

/* ---- the community of the tests ------------------------------------------
 *
 * Community "h", made 2023-10-01.  Members (organisation): ann (Acme),
 * bob (Acme), cat (none), dan (Zed), eve (Acme), fay (none), gus (none).
 *
 *   2023-10-20 (day -12)  fay starts discussion F
 *   2023-10-25 (day -7)   gus replies to F
 *   day 0  10:00  ann asks Q1;  12:00 bob answers (2 h);  13:00 ann
 *                 replies to Q1
 *   day 2  09:00  cat asks Q2
 *   day 4  09:00  ann comments on Q2 (48 h)
 *   day 8  09:00  dan asks Q3 (never answered)
 *   day 9  09:00  bob starts discussion D, and replies 4 times
 *   day 10        eve replies 4 times to D;  day 17: 3;  day 24: 3
 *   day 15, 22    ann replies to D
 *   day 30 10:00  an event: fay attended, eve absent
 *   ann accepts bob's answer to Q1.
 *
 * Over 2023-11-01 .. 2023-12-05 (35 days: 5 weeks, weekly units):
 * contributions 5 + 10 + 4 + 4 + 0 = 23 (ann 5, bob 6, cat 1, dan 1,
 * eve 10), questions 3, answered 1/3, accepted 1/3; responses 2 h and
 * 48 h (median rank ceil(1) = 1: 2 h; p90 rank ceil(1.8) = 2: 48 h), one
 * unresponded.  Levels (U = 5): eve core (10, 3 weeks: 2*3 >= 5); ann
 * active (5 >= 3), bob active (6); cat, dan peripheral (1, one week:
 * 4*1 < 5), fay peripheral (the event only); gus inactive.  active 6,
 * new 5 (ann, bob, cat, dan, eve), top 1 % and 10 % = eve: 10/23.
 * Absence: 10, 6, 5, 1, 1 of 23: 2*10 < 23, 2*16 >= 23: 2; by
 * organisation Acme 21, cat 1, Zed 1: 1.  First half: days 0..16;
 * newcomers ann, bob, cat, dan, eve, retained ann (day 4), bob (9), eve
 * (17): 3/5.  The first contribution is 46 days before the end:
 * coalescing.
 */
typedef struct hw {
	tu_idbuf ann, bob, cat, dan, eve, fay, gus;
	tu_idbuf q1, q1post, q2, q2post, q3, d, f, answer, event;
	tu_idbuf eve_reply;
} hw;

static void as_at(cop_store *s, const char *who, cop_time t)
{
	tu_as(s, NULL);
	TU_OK(s, cop_store_set_time(s, t));
	tu_as(s, who);
}

static void joined(cop_store *s, tu_idbuf id, const char *handle,
	const char *org)
{
	cop_member *m = NULL;

	TU_OK(s, cop_member_create(&m, s, handle, handle, org, NULL));
	snprintf(id, sizeof(tu_idbuf), "%s", cop_member_id(m));
	cop_member_free(m);
	TU_OK(s, cop_community_join(NULL, s, "h", id, 0));
}

static void build(cop_store *s, hw *h)
{
	cop_event_spec spec = COP_EVENT_SPEC_INIT;
	cop_event *ev = NULL;
	tu_idbuf x;
	int i;

	tu_as(s, NULL);
	TU_OK(s, cop_store_set_time(s, B - 31 * DAY));
	TU_OK(s, cop_community_create(NULL, s, "h", "Health", NULL, "en",
		COP_VISIBILITY_PUBLIC));
	joined(s, h->ann, "ann", "Acme");
	joined(s, h->bob, "bob", "Acme");
	joined(s, h->cat, "cat", NULL);
	joined(s, h->dan, "dan", "Zed");
	joined(s, h->eve, "eve", "Acme");
	joined(s, h->fay, "fay", NULL);
	joined(s, h->gus, "gus", NULL);
	TU_OK(s, cop_community_join(NULL, s, "h", W.facil, 0));
	TU_OK(s, cop_membership_set_role(s, "h", W.facil,
		COP_ROLE_FACILITATOR));

	as_at(s, h->fay, B - 12 * DAY);
	tu_thread(s, h->f, x, "h", COP_THREAD_DISCUSSION, "Fay's", "Hello.");
	as_at(s, h->gus, B - 7 * DAY);
	tu_contrib(s, x, h->f, COP_CONTRIB_REPLY, NULL, "Hi.");

	as_at(s, h->ann, AT(0, 10));
	tu_thread(s, h->q1, h->q1post, "h", COP_THREAD_QUESTION, "Q1", "Why?");
	as_at(s, h->bob, AT(0, 12));
	tu_contrib(s, h->answer, h->q1, COP_CONTRIB_ANSWER, NULL, "Because.");
	as_at(s, h->ann, AT(0, 13));
	tu_contrib(s, x, h->q1, COP_CONTRIB_REPLY, NULL, "Thanks.");
	TU_OK(s, cop_answer_accept(s, h->answer));
	as_at(s, h->cat, AT(2, 9));
	tu_thread(s, h->q2, h->q2post, "h", COP_THREAD_QUESTION, "Q2", "How?");
	as_at(s, h->ann, AT(4, 9));
	tu_contrib(s, x, h->q2, COP_CONTRIB_COMMENT, h->q2post, "Like so.");
	as_at(s, h->dan, AT(8, 9));
	tu_thread(s, h->q3, x, "h", COP_THREAD_QUESTION, "Q3", "When?");
	as_at(s, h->bob, AT(9, 9));
	tu_thread(s, h->d, x, "h", COP_THREAD_DISCUSSION, "D", "Let us talk.");
	for (i = 0; i < 4; i++)
		tu_contrib(s, x, h->d, COP_CONTRIB_REPLY, NULL, "More.");
	as_at(s, h->eve, AT(10, 9));
	for (i = 0; i < 4; i++)
		tu_contrib(s, h->eve_reply, h->d, COP_CONTRIB_REPLY, NULL, "Eve.");
	as_at(s, h->eve, AT(17, 9));
	for (i = 0; i < 3; i++)
		tu_contrib(s, x, h->d, COP_CONTRIB_REPLY, NULL, "Eve.");
	as_at(s, h->eve, AT(24, 9));
	for (i = 0; i < 3; i++)
		tu_contrib(s, x, h->d, COP_CONTRIB_REPLY, NULL, "Eve.");
	as_at(s, h->ann, AT(15, 9));
	tu_contrib(s, x, h->d, COP_CONTRIB_REPLY, NULL, "Ann.");
	as_at(s, h->ann, AT(22, 9));
	tu_contrib(s, x, h->d, COP_CONTRIB_REPLY, NULL, "Ann.");

	as_at(s, NULL, AT(25, 0));
	spec.title = "Meet-up";
	spec.start = AT(30, 10);
	spec.end = AT(30, 12);
	TU_OK(s, cop_event_create(&ev, s, "h", &spec));
	snprintf(h->event, sizeof(tu_idbuf), "%s", cop_event_id(ev));
	cop_event_free(ev);
	as_at(s, NULL, AT(30, 11));
	TU_OK(s, cop_event_attend(s, h->event, h->fay,
		COP_ATTENDANCE_ATTENDED));
	TU_OK(s, cop_event_attend(s, h->event, h->eve, COP_ATTENDANCE_ABSENT));
	as_at(s, NULL, AT(40, 0));
}

START_TEST(test_figures)
{
	cop_store *s = tu_store;
	json_t *d;
	hw h;

	build(s, &h);
	d = report(s, "h", "2023-11-01", "2023-12-05");
	is_int(d, "format", 1);
	is_str(d, "community.slug", "h");
	is_str(d, "community.name", "Health");
	is_str(d, "from", "2023-11-01");
	is_str(d, "to", "2023-12-05");
	is_str(d, "generated", "2023-12-11T00:00:00Z");
	is_int(d, "contributions", 23);
	is_int(d, "questions", 3);
	is_int(d, "active_members", 6);
	is_int(d, "new_contributors", 5);
	is_int(d, "inactive_contributors", 0);
	is_int(d, "participation.core", 1);
	is_int(d, "participation.active", 2);
	is_int(d, "participation.peripheral", 3);
	is_int(d, "participation.inactive", 1);
	is_num(d, "participation.top1_share", 10.0 / 23);
	is_num(d, "participation.top10_share", 10.0 / 23);
	is_num(d, "time_to_first_response_hours.median", 2);
	is_num(d, "time_to_first_response_hours.p90", 48);
	is_int(d, "time_to_first_response_hours.responded", 2);
	is_int(d, "time_to_first_response_hours.unresponded", 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(
		at(d, "time_to_first_response_hours.histogram"), 1), "count")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(
		at(d, "time_to_first_response_hours.histogram"), 3), "count")), 1);
	ck_assert(json_is_null(json_object_get(json_array_get(
		at(d, "time_to_first_response_hours.histogram"), 5), "max_hours")));
	is_num(d, "answered_share", 1.0 / 3);
	is_num(d, "accepted_share", 1.0 / 3);
	is_int(d, "absence_factor", 2);
	is_int(d, "absence_factor_organisations", 1);
	is_num(d, "newcomer_retention", 0.6);
	is_int(d, "events_held", 1);
	is_num(d, "attendance_rate", 0.5);
	is_str(d, "activity.unit", "week");
	ck_assert_int_eq(json_array_size(at(d, "activity.series")), 5);
	unit_is(d, 0, "2023-11-01", 5, 3, 3);
	unit_is(d, 1, "2023-11-08", 10, 3, 2);
	unit_is(d, 2, "2023-11-15", 4, 2, 0);
	unit_is(d, 3, "2023-11-22", 4, 2, 0);
	unit_is(d, 4, "2023-11-29", 0, 1, 0);
	is_str(d, "stage.name", "coalescing");
	ck_assert_str_eq(json_string_value(json_array_get(at(d,
		"stage.evidence"), 0)), "The first contribution was on "
		"2023-10-20, 46 days before 2023-12-05 (under 180).");
	ck_assert(json_is_array(at(d, "funding")));
	json_decref(d);
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
}
END_TEST

/* Months, a quiet end, and the stages after the first 180 days. */
START_TEST(test_months_and_stages)
{
	cop_store *s = tu_store;
	json_t *d;
	hw h;

	build(s, &h);
	/* 2023-11-01 .. 2024-03-01: 122 days, weekly still (at most 182). */
	d = report(s, "h", "2023-11-01", "2024-03-01");
	is_str(d, "activity.unit", "week");
	/* Everyone's last activity is before 2023-12-03 (day 32 = 121 -
	 * 89): all seven are inactive contributors, nobody took part in
	 * the last 90 days. */
	is_int(d, "inactive_contributors", 7);
	is_str(d, "stage.name", "dispersed");
	ck_assert_str_eq(json_string_value(json_array_get(at(d,
		"stage.evidence"), 0)), "Nobody took part in the 90 days up to "
		"2024-03-01.");
	json_decref(d);

	/* A year by month: 13 units, the first starting on the first day,
	 * the others on the 1st of their month. */
	d = report(s, "h", "2023-10-15", "2024-10-14");
	is_str(d, "activity.unit", "month");
	ck_assert_int_eq(json_array_size(at(d, "activity.series")), 13);
	unit_is(d, 0, "2023-10-15", 2, 2, 2);
	unit_is(d, 1, "2023-11-01", 23, 5, 5);
	/* December: fay's attendance only. */
	unit_is(d, 2, "2023-12-01", 0, 1, 0);
	unit_is(d, 12, "2024-10-01", 0, 0, 0);
	json_decref(d);

	/* Growing: on 2024-06-01 (224 days after the first), ann and a
	 * newcomer, hal, take part: 1 new of 2 active (a quarter or more). */
	{
		tu_idbuf hal, x;
		joined(s, hal, "hal", NULL);
		as_at(s, hal, AT(213, 9));
		tu_contrib(s, x, h.d, COP_CONTRIB_REPLY, NULL, "Hal.");
		as_at(s, h.ann, AT(213, 10));
		tu_contrib(s, x, h.d, COP_CONTRIB_REPLY, NULL, "Ann.");
		as_at(s, NULL, AT(220, 0));
		d = report(s, "h", "2024-05-01", "2024-06-30");
		is_int(d, "active_members", 2);
		is_int(d, "new_contributors", 1);
		is_str(d, "stage.name", "maturing");
		json_decref(d);
		/* Settled: over a period where ann and bob... only ann and hal
		 * again, hal no longer new. */
		as_at(s, hal, AT(250, 9));
		tu_contrib(s, x, h.d, COP_CONTRIB_REPLY, NULL, "Hal.");
		as_at(s, h.ann, AT(251, 9));
		tu_contrib(s, x, h.d, COP_CONTRIB_REPLY, NULL, "Ann.");
		as_at(s, NULL, AT(260, 0));
		d = report(s, "h", "2024-07-01", "2024-07-31");
		is_int(d, "active_members", 2);
		is_int(d, "new_contributors", 0);
		is_str(d, "stage.name", "active");
		ck_assert_int_eq(json_array_size(at(d, "stage.evidence")), 2);
		ck_assert_str_eq(json_string_value(json_array_get(at(d,
			"stage.evidence"), 1)), "Its absence factor is 1.");
		json_decref(d);
	}
}
END_TEST

/* An empty community, one member, no questions, a period with nothing. */
START_TEST(test_edges)
{
	cop_store *s = tu_store;
	tu_idbuf solo, t, x;
	json_t *d;
	size_t i;

	TU_OK(s, cop_community_create(NULL, s, "empty", "Empty", NULL, "en",
		COP_VISIBILITY_PUBLIC));
	d = report(s, "empty", NULL, NULL);
	is_str(d, "from", "2023-11-14");
	is_str(d, "to", "2023-11-14");
	is_int(d, "contributions", 0);
	is_int(d, "questions", 0);
	is_int(d, "active_members", 0);
	is_int(d, "participation.core", 0);
	is_null(d, "participation.top1_share");
	is_null(d, "participation.top10_share");
	is_null(d, "time_to_first_response_hours.median");
	is_null(d, "time_to_first_response_hours.p90");
	is_int(d, "time_to_first_response_hours.responded", 0);
	is_null(d, "answered_share");
	is_null(d, "accepted_share");
	is_null(d, "summary_coverage");
	is_null(d, "absence_factor");
	is_null(d, "absence_factor_organisations");
	is_null(d, "newcomer_retention");
	is_int(d, "events_held", 0);
	is_null(d, "attendance_rate");
	ck_assert_int_eq(json_array_size(at(d, "funding")), 0);
	ck_assert_int_eq(json_array_size(at(d, "activity.series")), 1);
	unit_is(d, 0, "2023-11-14", 0, 0, 0);
	is_str(d, "stage.name", "potential");
	ck_assert_str_eq(json_string_value(json_array_get(at(d,
		"stage.evidence"), 0)), "0 members have taken part by "
		"2023-11-14; a community needs at least 3.");
	json_decref(d);

	/* One member, a discussion and two replies, no question. */
	tu_member(s, solo, "solo");
	TU_OK(s, cop_community_join(NULL, s, "empty", solo, 0));
	tu_as(s, solo);
	tu_thread(s, t, x, "empty", COP_THREAD_DISCUSSION, "Alone", "Hm.");
	for (i = 0; i < 2; i++)
		tu_contrib(s, x, t, COP_CONTRIB_REPLY, NULL, "Hm.");
	tu_as(s, NULL);
	d = report(s, "empty", NULL, NULL);
	is_int(d, "contributions", 3);
	is_int(d, "questions", 0);
	is_null(d, "answered_share");
	is_int(d, "active_members", 1);
	is_int(d, "participation.active", 1);
	is_num(d, "participation.top1_share", 1);
	is_int(d, "absence_factor", 1);
	is_int(d, "absence_factor_organisations", 1);
	/* A one-day period has no first half. */
	is_null(d, "newcomer_retention");
	is_str(d, "stage.name", "potential");
	json_decref(d);

	/* A later period with no activity: nothing in it, one inactive. */
	d = report(s, "empty", "2024-01-01", "2024-01-31");
	is_int(d, "contributions", 0);
	is_int(d, "active_members", 0);
	is_int(d, "participation.inactive", 1);
	is_null(d, "absence_factor");
	is_int(d, "inactive_contributors", 0);
	ck_assert_int_eq(json_array_size(at(d, "activity.series")), 5);
	json_decref(d);
}
END_TEST

/* Hidden contributions and threads are not participation; the roll-ups
 * follow hide, unhide and erasure exactly. */
START_TEST(test_hidden_and_erased)
{
	cop_store *s = tu_store;
	json_t *d;
	hw h;

	build(s, &h);
	TU_OK(s, cop_contribution_hide(s, h.eve_reply, "Spam."));
	d = report(s, "h", "2023-11-01", "2023-12-05");
	is_int(d, "contributions", 22);
	/* eve has 9 now: active, not core. */
	is_int(d, "participation.core", 0);
	is_int(d, "participation.active", 3);
	json_decref(d);
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
	TU_OK(s, cop_contribution_unhide(s, h.eve_reply));
	d = report(s, "h", "2023-11-01", "2023-12-05");
	is_int(d, "contributions", 23);
	is_int(d, "participation.core", 1);
	json_decref(d);

	/* Hiding D takes bob's 5, eve's 10 and ann's 2 out: ann 3, bob,
	 * cat and dan 1 each; 2*3 >= 6. */
	TU_OK(s, cop_thread_set_flag(s, h.d, COP_THREAD_FLAG_HIDDEN, 1));
	d = report(s, "h", "2023-11-01", "2023-12-05");
	is_int(d, "contributions", 6);
	is_int(d, "participation.core", 0);
	is_int(d, "absence_factor", 1);
	json_decref(d);
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
	TU_OK(s, cop_thread_set_flag(s, h.d, COP_THREAD_FLAG_HIDDEN, 0));
	/* A hidden question is no question, and its answer no response. */
	TU_OK(s, cop_thread_set_flag(s, h.q1, COP_THREAD_FLAG_HIDDEN, 1));
	d = report(s, "h", "2023-11-01", "2023-12-05");
	is_int(d, "contributions", 20);
	is_int(d, "questions", 2);
	is_int(d, "time_to_first_response_hours.responded", 1);
	is_num(d, "answered_share", 0);
	json_decref(d);
	TU_OK(s, cop_thread_set_flag(s, h.q1, COP_THREAD_FLAG_HIDDEN, 0));
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);

	/* cat erased, her contributions removed: Q2 and what hangs on it
	 * go; the roll-ups agree with what is left. */
	TU_OK(s, cop_community_set_erasure(s, "h", COP_ERASE_REMOVE));
	TU_OK(s, cop_member_erase(s, h.cat));
	d = report(s, "h", "2023-11-01", "2023-12-05");
	is_int(d, "questions", 2);
	ck_assert_int_lt(json_integer_value(at(d, "contributions")), 23);
	json_decref(d);
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
	/* bob erased, kept under the erased profile: nothing changes. */
	TU_OK(s, cop_community_set_erasure(s, "h", COP_ERASE_ANONYMIZE));
	d = report(s, "h", "2023-11-01", "2023-12-05");
	TU_OK(s, cop_member_erase(s, h.bob));
	{
		json_t *e = report(s, "h", "2023-11-01", "2023-12-05");
		ck_assert(json_equal(json_object_get(d, "participation"),
			json_object_get(e, "participation")));
		json_decref(e);
	}
	json_decref(d);
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
}
END_TEST

/* cop_verify names a damaged roll-up's table, day and member. */
START_TEST(test_verify_damage)
{
	cop_store *s = tu_store;
	char line[512];
	sqlite3 *db;
	hw h;

	if (!tu_path())
		return;   /* the damage is done with SQLite's own library */
	build(s, &h);
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
	ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE cop_health_day SET "
		"contributions = contributions + 1 WHERE day = 19662", NULL, NULL,
		NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(verify_lines(s, "h", line, sizeof(line)), 2);
	/* Day 0 holds Q1's post, bob's answer, ann's reply and Q1. */
	ck_assert_msg(tu_contains(line, "cop_health_day 2023-11-01: missing "
		"or different (the facts give contributions 3, authored 3, "
		"questions 1)"), "%s", line);
	ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE cop_health_day SET "
		"contributions = contributions - 1 WHERE day = 19662; DELETE FROM "
		"cop_health_member_day WHERE day = 19672", NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(verify_lines(s, "h", line, sizeof(line)), 1);
	ck_assert_msg(tu_contains(line, "cop_health_member_day 2023-11-11 "
		"member ") && tu_contains(line, h.eve) &&
		tu_contains(line, "contributions 4)"), "%s", line);
}
END_TEST

/* ---- the questions' roll-up (cop_health_question) ---------------------- */

/* The report's question figures of day 31 (2023-12-02), where Q4 is the
 * only question: responded 0 or 1, the response in hours (< 0: none),
 * answered and accepted 0 or 1; and the roll-up agrees with the facts. */
static void q4_is(cop_store *s, int responded, double hours, int answered,
	int accepted)
{
	tu_idbuf saved;
	json_t *d;

	tu_as_system(s, saved);
	d = report(s, "h", "2023-12-02", "2023-12-02");
	is_int(d, "questions", 1);
	is_int(d, "time_to_first_response_hours.responded", responded);
	if (hours < 0)
		is_null(d, "time_to_first_response_hours.median");
	else
		is_num(d, "time_to_first_response_hours.median", hours);
	is_num(d, "answered_share", answered);
	is_num(d, "accepted_share", accepted);
	json_decref(d);
	tu_as_restore(s, saved);
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
}

/* Q4's stored row (SQLite): its response in ms (-1: none), answered,
 * accepted, as "R A C"; "none" without a row. */
static void q4_row(const char *thread, const char *want)
{
	char got[64] = "none", sql[256];
	sqlite3_stmt *st;
	sqlite3 *db;
	cop_id id;

	if (!tu_path())
		return;
	ck_assert_int_eq(cop_id_parse(&id, thread), COP_OK);
	ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "SELECT COALESCE(response_ms, -1) || ' ' || "
		"answered || ' ' || accepted FROM cop_health_question WHERE "
		"thread_id = ?1");
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, &id, sizeof(id), SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(got, sizeof(got), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	ck_assert_str_eq(got, want);
}

/* Q4's stored row @p row (q4_row) and its report's figures (q4_is). */
static void q4_at(cop_store *s, const char *q4, const char *row,
	int responded, double hours, int answered, int accepted)
{
	q4_row(q4, row);
	q4_is(s, responded, hours, answered, accepted);
}

/* The roll-up follows every write that changes a question's figures.
 * dan asks Q4 on day 31 at 10:00 and comments on it himself at 11:00
 * (not a response); eve answers at 14:00 (4 h, answered); gus comments
 * at 13:00 (earlier: 3 h); gus's comment hidden (4 h again) and shown;
 * dan accepts eve's answer (accepted) and takes it back; eve's answer
 * hidden (not answered, not accepted: 3 h from gus) and shown; gus
 * erased with his contributions removed (4 h); dan erased, kept under
 * the erased profile (his own comment still his: nothing changes); Q4
 * hidden (no row, no question) and shown. */
START_TEST(test_question_rollup)
{
	cop_store *s = tu_store;
	tu_idbuf q4, post, own, answer, gus;
	json_t *d;
	hw h;

	build(s, &h);
	as_at(s, h.dan, AT(31, 10));
	tu_thread(s, q4, post, "h", COP_THREAD_QUESTION, "Q4", "Where?");
	q4_at(s, q4, "-1 0 0", 0, -1, 0, 0);
	as_at(s, h.dan, AT(31, 11));
	tu_contrib(s, own, q4, COP_CONTRIB_COMMENT, post, "Anyone?");
	q4_at(s, q4, "-1 0 0", 0, -1, 0, 0);
	as_at(s, h.eve, AT(31, 14));
	tu_contrib(s, answer, q4, COP_CONTRIB_ANSWER, NULL, "There.");
	q4_at(s, q4, "14400000 1 0", 1, 4, 1, 0);
	as_at(s, h.gus, AT(31, 13));
	tu_contrib(s, gus, q4, COP_CONTRIB_COMMENT, post, "Look there.");
	q4_at(s, q4, "10800000 1 0", 1, 3, 1, 0);

	as_at(s, NULL, AT(32, 0));
	TU_OK(s, cop_contribution_hide(s, gus, "Off topic."));
	q4_at(s, q4, "14400000 1 0", 1, 4, 1, 0);
	TU_OK(s, cop_contribution_unhide(s, gus));
	q4_row(q4, "10800000 1 0");

	as_at(s, h.dan, AT(32, 1));
	TU_OK(s, cop_answer_accept(s, answer));
	q4_at(s, q4, "10800000 1 1", 1, 3, 1, 1);
	TU_OK(s, cop_answer_unaccept(s, q4));
	q4_at(s, q4, "10800000 1 0", 1, 3, 1, 0);
	TU_OK(s, cop_answer_accept(s, answer));
	as_at(s, NULL, AT(32, 2));
	TU_OK(s, cop_contribution_hide(s, answer, "Wrong."));
	q4_at(s, q4, "10800000 0 0", 1, 3, 0, 0);
	TU_OK(s, cop_contribution_unhide(s, answer));
	q4_at(s, q4, "10800000 1 1", 1, 3, 1, 1);

	TU_OK(s, cop_community_set_erasure(s, "h", COP_ERASE_REMOVE));
	TU_OK(s, cop_member_erase(s, h.gus));
	q4_at(s, q4, "14400000 1 1", 1, 4, 1, 1);
	TU_OK(s, cop_community_set_erasure(s, "h", COP_ERASE_ANONYMIZE));
	TU_OK(s, cop_member_erase(s, h.dan));
	q4_at(s, q4, "14400000 1 1", 1, 4, 1, 1);

	TU_OK(s, cop_thread_set_flag(s, q4, COP_THREAD_FLAG_HIDDEN, 1));
	q4_row(q4, "none");
	d = report(s, "h", "2023-12-02", "2023-12-02");
	is_int(d, "questions", 0);
	is_null(d, "answered_share");
	json_decref(d);
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
	TU_OK(s, cop_thread_set_flag(s, q4, COP_THREAD_FLAG_HIDDEN, 0));
	q4_at(s, q4, "14400000 1 1", 1, 4, 1, 1);
}
END_TEST

/* Run @p sql on the store's file with SQLite's own library, the
 * full-text index's update trigger (which calls the library's functions)
 * set aside meanwhile: what it would write does not matter here. */
static void raw_sql(const char *sql)
{
	char *trigger;
	sqlite3_stmt *st;
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master "
		"WHERE name = 'cop_fts_con_upd'", -1, &st, NULL),
		SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	trigger = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	ck_assert_msg(sqlite3_exec(db, "BEGIN; DROP TRIGGER "
		"cop_fts_con_upd", NULL, NULL, NULL) == SQLITE_OK, "%s",
		sqlite3_errmsg(db));
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK,
		"%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_msg(sqlite3_exec(db, trigger, NULL, NULL, NULL) == SQLITE_OK,
		"%s", sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
		SQLITE_OK);
	free(trigger);
	sqlite3_close(db);
}

/* Writes straight to the tables (SQLite), as no API makes them: an
 * answer moved to another thread takes its response along; a question
 * becoming a discussion leaves the roll-up; and cop_verify names a
 * damaged question row. */
START_TEST(test_question_rollup_sql)
{
	cop_store *s = tu_store;
	char line[512], sql[512], q1[33], q3[33];
	sqlite3 *db;
	hw h;

	if (!tu_path())
		return;
	build(s, &h);
	id_hex(h.q1, q1);
	id_hex(h.q3, q3);
	/* bob's answer (Q1, day 0 12:00) moved to Q3 (day 8 09:00): dated
	 * before Q3, it is Q3's response after 0 h and its answer; Q1 is
	 * left with ann's own reply (no response, no answer), its
	 * acceptance still naming an answer that is shown. */
	snprintf(sql, sizeof(sql), "UPDATE cop_contribution SET thread_id = "
		"x'%s' WHERE thread_id = x'%s' AND kind = 2", q3, q1);
	raw_sql(sql);
	q4_row(h.q1, "-1 0 1");
	q4_row(h.q3, "0 1 0");
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
	/* Its time moved to 3 h after Q3. */
	snprintf(sql, sizeof(sql), "UPDATE cop_contribution SET created = "
		"created + 8 * 86400000 WHERE thread_id = x'%s' AND kind = 2", q3);
	raw_sql(sql);
	q4_row(h.q3, "10800000 1 0");
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
	snprintf(sql, sizeof(sql), "UPDATE cop_thread SET kind = 0 WHERE id = "
		"x'%s'", q3);
	raw_sql(sql);
	q4_row(h.q3, "none");
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);

	/* Damage: Q2's response (48 h) made 1 ms. */
	ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE cop_health_question SET "
		"response_ms = 1 WHERE response_ms = 172800000", NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(verify_lines(s, "h", line, sizeof(line)), 2);
	ck_assert_msg(tu_contains(line, "cop_health_question thread ") &&
		tu_contains(line, h.q2) && tu_contains(line, "(created "
		"2023-11-03): missing or different (the facts give first response "
		"after 172800000 ms (-1: none), answered 0, accepted 0)"), "%s",
		line);
	/* A row deleted: one line, the facts'. */
	ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "DELETE FROM cop_health_question "
		"WHERE response_ms = 1", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(verify_lines(s, "h", line, sizeof(line)), 1);
	ck_assert_msg(tu_contains(line, h.q2), "%s", line);
}
END_TEST

/*
 * Each column that a roll-up's update trigger reads (SQLite's UPDATE OF
 * lists: sql/schema.h, COP_SQL_OF_*), changed alone by a statement
 * straight to the table, as another SQLite client may (the library's
 * own updates write whole rows, which name every column): the question
 * roll-up follows, and cop_verify finds every roll-up equal to the
 * facts (what is not a roll-up, such as a member's count of posts,
 * no trigger keeps).  A column left out of its list leaves a roll-up
 * behind.
 */
START_TEST(test_rollup_update_of_sql)
{
	/* Each step: the table, the change (to bob's accepted answer to
	 * Q1, at 2 h, in cop_contribution; to question Q2, ann's comment
	 * after 48 h, in cop_thread), and then the question row of Q1 or
	 * Q2 (q4_row()). */
	static const struct {
		const char *table, *set, *q1, *q2;
	} steps[] = {
		{ "cop_contribution", "hidden = 1", "-1 0 0", NULL },
		{ "cop_contribution", "hidden = 0", "7200000 1 1", NULL },
		{ "cop_contribution", "author_id = x'%1$s'", "-1 1 1", NULL },
		{ "cop_contribution", "author_id = x'%2$s'", "7200000 1 1",
		  NULL },
		{ "cop_contribution", "kind = 1", "7200000 0 1", NULL },
		{ "cop_contribution", "kind = 2", "7200000 1 1", NULL },
		{ "cop_contribution", "created = created + 3600000",
		  "10800000 1 1", NULL },
		{ "cop_contribution", "thread_id = x'%4$s'", "-1 0 1",
		  "0 1 0" },
		{ "cop_contribution", "thread_id = x'%5$s'", "10800000 1 1",
		  "172800000 0 0" },
		/* Into a hidden thread, out of the days, and back. */
		{ "cop_thread", "hidden = 1", NULL, "none" },
		{ "cop_contribution", "thread_id = x'%4$s'", "-1 0 1",
		  "none" },
		{ "cop_contribution", "thread_id = x'%5$s'", "10800000 1 1",
		  "none" },
		{ "cop_thread", "hidden = 0", NULL, "172800000 0 0" },
		{ "cop_contribution", "community_id = x'%3$s'", NULL, NULL },
		{ "cop_contribution", "community_id = x'%6$s'",
		  "10800000 1 1", NULL },
		{ "cop_thread", "hidden = 1", NULL, "none" },
		{ "cop_thread", "hidden = 0", NULL, "172800000 0 0" },
		{ "cop_thread", "kind = 0", NULL, "none" },
		{ "cop_thread", "kind = 1", NULL, "172800000 0 0" },
		{ "cop_thread", "created = created + 86400000", NULL,
		  "86400000 0 0" },
		/* The thread's author, not its post's: cat's post is then a
		 * response, at once. */
		{ "cop_thread", "author_id = x'%1$s'", NULL, "0 0 0" },
		{ "cop_thread", "author_id = x'%7$s'", NULL, "86400000 0 0" },
		{ "cop_thread", "community_id = x'%3$s'", NULL,
		  "86400000 0 0" },
		{ "cop_thread", "community_id = x'%6$s'", NULL,
		  "86400000 0 0" },
	};
	cop_store *s = tu_store;
	cop_community *c = NULL;
	char ann[33], bob[33], cat[33], other[33], home[33], q1[33], q2[33];
	char answer[33], set[160], sql[512], line[512];
	hw h;
	size_t i;

	if (!tu_path())
		return;
	build(s, &h);
	tu_as(s, NULL);
	TU_OK(s, cop_community_create(&c, s, "h2", "Health 2", NULL, "en",
		COP_VISIBILITY_PUBLIC));
	id_hex(cop_community_id(c), other);
	cop_community_free(c);
	TU_OK(s, cop_community_lookup(&c, s, "h"));
	id_hex(cop_community_id(c), home);
	cop_community_free(c);
	id_hex(h.ann, ann);
	id_hex(h.bob, bob);
	id_hex(h.cat, cat);
	id_hex(h.q1, q1);
	id_hex(h.q2, q2);
	id_hex(h.answer, answer);
	q4_row(h.q1, "7200000 1 1");
	q4_row(h.q2, "172800000 0 0");
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		snprintf(set, sizeof(set), steps[i].set, ann, bob, other, q2,
			q1, home, cat);
		snprintf(sql, sizeof(sql), "UPDATE %s SET %s WHERE id = x'%s'",
			steps[i].table, set, strcmp(steps[i].table, "cop_thread") ?
			answer : q2);
		raw_sql(sql);
		printf("# %s\n", sql);
		if (steps[i].q1)
			q4_row(h.q1, steps[i].q1);
		if (steps[i].q2)
			q4_row(h.q2, steps[i].q2);
		ck_assert_msg(report_lines(s, NULL, "health roll-up", line,
			sizeof(line)) == 0,
			"after %s: %s", sql, line);
	}
}
END_TEST

/* The members' roll-up (cop_health_member): a member's first day and
 * organisation follow hiding, showing and a change of organisation, the
 * report's figures with them; cop_verify names a damaged row.  (The
 * stored rows are read on SQLite only.) */
static long long hm_day(const char *member, char *org, size_t n)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	cop_id id;
	long long day = -1;

	snprintf(org, n, "none");
	if (!tu_path())
		return -2;
	ck_assert_int_eq(cop_id_parse(&id, member), COP_OK);
	ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT first_day, "
		"COALESCE(organisation, '-') FROM cop_health_member WHERE "
		"member_id = ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, id.bytes, 16, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		day = sqlite3_column_int64(st, 0);
		snprintf(org, n, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return day;
}

START_TEST(test_member_rollup)
{
	cop_store *s = tu_store;
	char org[64], line[512];
	long long bob0, cat0;
	sqlite3 *db;
	json_t *d;
	hw h;

	build(s, &h);
	bob0 = hm_day(h.bob, org, sizeof(org));
	if (tu_path())
		ck_assert_str_eq(org, "Acme");
	cat0 = hm_day(h.cat, org, sizeof(org));
	if (tu_path())
		ck_assert_str_eq(org, "-");
	/* bob's answer (day 0) hidden: his first day is day 9 (discussion
	 * D); cat's only question hidden: no row; both shown again. */
	tu_as(s, NULL);
	TU_OK(s, cop_contribution_hide(s, h.answer, "Test."));
	TU_OK(s, cop_contribution_hide(s, h.q2post, "Test."));
	if (tu_path()) {
		ck_assert_int_eq(hm_day(h.bob, org, sizeof(org)), bob0 + 9);
		ck_assert_int_eq(hm_day(h.cat, org, sizeof(org)), -1);
	}
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
	TU_OK(s, cop_contribution_unhide(s, h.answer));
	TU_OK(s, cop_contribution_unhide(s, h.q2post));
	if (tu_path()) {
		ck_assert_int_eq(hm_day(h.bob, org, sizeof(org)), bob0);
		ck_assert_int_eq(hm_day(h.cat, org, sizeof(org)), cat0);
	}
	/* eve leaves Acme: Acme 11 (ann 5, bob 6), eve 10, cat 1, Zed 1 of
	 * 23: 2 organisations or members make half, not 1. */
	d = report(s, "h", "2023-11-01", "2023-12-05");
	is_int(d, "absence_factor_organisations", 1);
	json_decref(d);
	TU_OK(s, cop_member_update(s, h.eve, NULL, "", NULL));
	d = report(s, "h", "2023-11-01", "2023-12-05");
	is_int(d, "absence_factor_organisations", 2);
	is_int(d, "absence_factor", 2);
	json_decref(d);
	ck_assert_int_eq(verify_lines(s, "h", NULL, 0), 0);
	if (!tu_path())
		return;
	ck_assert_int_eq(hm_day(h.eve, org, sizeof(org)) >= 0, 1);
	ck_assert_str_eq(org, "-");
	/* Damage: bob's first day a day late (two lines: the facts' row and
	 * the stored one), then his row deleted (one). */
	ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE cop_health_member SET "
		"first_day = first_day + 1 WHERE member_id = (SELECT id FROM "
		"cop_member WHERE handle = 'bob')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(verify_lines(s, "h", line, sizeof(line)), 2);
	ck_assert_msg(tu_contains(line, "cop_health_member member ") &&
		tu_contains(line, h.bob), "%s", line);
	ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "DELETE FROM cop_health_member WHERE "
		"member_id = (SELECT id FROM cop_member WHERE handle = 'bob')",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(verify_lines(s, "h", line, sizeof(line)), 1);
	ck_assert_msg(tu_contains(line, h.bob) && tu_contains(line,
		"missing or different"), "%s", line);
}
END_TEST

/* Contributions without a known author (an account deleted before the
 * dump was made), through the Stack Exchange import: never a response,
 * never anyone's activity, never in the absence factor; still
 * contributions.  Q1 (u1, 10:00): an answer by the unknown 99 at 11:00
 * (no response), u2's comment at 12:00 (2 h).  Q3 (no asker, the next
 * day 10:00): u2's answer at 13:00 (3 h).  5 contributions, 3 with an
 * author (u1 1, u2 2): absence 1, top 1 % 2/3. */
START_TEST(test_unknown_authors)
{
	static const char *const files[][2] = {
		{ "Users.xml", "<users>\n"
		  "<row Id=\"1\" Reputation=\"1\" CreationDate=\"2014-12-01T00:00:00.000\" DisplayName=\"One\" />\n"
		  "<row Id=\"2\" Reputation=\"1\" CreationDate=\"2014-12-01T00:00:00.000\" DisplayName=\"Two\" />\n"
		  "</users>\n" },
		{ "Posts.xml", "<posts>\n"
		  "<row Id=\"1\" PostTypeId=\"1\" CreationDate=\"2015-01-01T10:00:00.000\" Score=\"0\" Body=\"&lt;p&gt;Q1&lt;/p&gt;\" OwnerUserId=\"1\" Title=\"Q1\" Tags=\"&lt;a&gt;\" />\n"
		  "<row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"2015-01-01T11:00:00.000\" Score=\"0\" Body=\"&lt;p&gt;A&lt;/p&gt;\" OwnerUserId=\"99\" />\n"
		  "<row Id=\"3\" PostTypeId=\"1\" CreationDate=\"2015-01-02T10:00:00.000\" Score=\"0\" Body=\"&lt;p&gt;Q3&lt;/p&gt;\" OwnerDisplayName=\"gone\" Title=\"Q3\" Tags=\"&lt;a&gt;\" />\n"
		  "<row Id=\"4\" PostTypeId=\"2\" ParentId=\"3\" CreationDate=\"2015-01-02T13:00:00.000\" Score=\"0\" Body=\"&lt;p&gt;B&lt;/p&gt;\" OwnerUserId=\"2\" />\n"
		  "</posts>\n" },
		{ "Comments.xml", "<comments>\n"
		  "<row Id=\"1\" PostId=\"1\" Score=\"0\" Text=\"Try this.\" CreationDate=\"2015-01-01T12:00:00.000\" UserId=\"2\" />\n"
		  "</comments>\n" },
	};
	cop_store *s = tu_store;
	cop_import_options o = COP_IMPORT_OPTIONS_INIT;
	cop_import_report r = COP_IMPORT_REPORT_INIT;
	char dir[] = "/tmp/cop-health-se.XXXXXX", path[256];
	json_t *d;
	size_t i;
	FILE *f;
	int rc;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		fputs(files[i][1], f);
		fclose(f);
	}
	tu_as(s, NULL);
	o.community = "se";
	rc = cop_import_stackexchange(&r, s, dir, &o);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		remove(path);
	}
	rmdir(dir);
	if (rc == COP_ENOTSUP)
		return;   /* built without libxml2 */
	TU_OK(s, rc);
	ck_assert_int_eq(r.contributions, 5);
	d = report(s, "se", "2015-01-01", "2015-01-02");
	is_int(d, "contributions", 5);
	is_int(d, "questions", 2);
	is_int(d, "active_members", 2);
	is_int(d, "time_to_first_response_hours.responded", 2);
	is_int(d, "time_to_first_response_hours.unresponded", 0);
	is_num(d, "time_to_first_response_hours.median", 2);
	is_num(d, "time_to_first_response_hours.p90", 3);
	is_num(d, "answered_share", 1);
	is_int(d, "absence_factor", 1);
	is_num(d, "participation.top1_share", 2.0 / 3);
	json_decref(d);
	ck_assert_int_eq(verify_lines(s, "se", NULL, 0), 0);
}
END_TEST

/* A JSON export imported into a new (SQLite) store: its roll-ups are the
 * facts' (cop_verify), and its figures the original's.  (check_json and
 * check_import verify the roll-ups after every import on both engines.) */
START_TEST(test_json_import)
{
	cop_store *s = tu_store, *t = NULL;
	cop_import_report r = COP_IMPORT_REPORT_INIT;
	char *path = tu_sqlite_path_new();
	FILE *f = tmpfile();
	json_t *a, *b;
	hw h;

	build(s, &h);
	ck_assert_ptr_nonnull(f);
	tu_as(s, NULL);
	TU_OK(s, cop_export_json(s, "h", fileno(f)));
	ck_assert_int_eq(lseek(fileno(f), 0, SEEK_SET), 0);
	TU_OK(NULL, cop_open(&t, path, &tu_system));
	TU_OK(t, cop_store_set_time(t, AT(40, 0)));
	TU_OK(t, cop_import_json(&r, t, fileno(f), NULL));
	fclose(f);
	ck_assert_int_eq(verify_lines(t, "h", NULL, 0), 0);
	a = report(s, "h", "2023-11-01", "2023-12-05");
	b = report(t, "h", "2023-11-01", "2023-12-05");
	json_object_del(a, "generated");
	json_object_del(b, "generated");
	json_object_del(a, "hours_pledged");
	json_object_del(b, "hours_pledged");
	ck_assert(json_equal(json_object_get(a, "contributions"),
		json_object_get(b, "contributions")));
	ck_assert(json_equal(json_object_get(a,
		"time_to_first_response_hours"), json_object_get(b,
		"time_to_first_response_hours")));
	{
		static const char *const same[] = { "questions",
			"new_contributors", "answered_share", "accepted_share",
			"absence_factor", "absence_factor_organisations",
			"newcomer_retention" };
		size_t i;
		for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
			ck_assert_msg(json_equal(json_object_get(a, same[i]),
				json_object_get(b, same[i])), "%s differs", same[i]);
	}
	/* Events are not in a community's JSON document: fay, who only
	 * attended in the period, is inactive there. */
	is_int(b, "active_members", 5);
	is_int(b, "participation.core", 1);
	is_int(b, "participation.active", 2);
	is_int(b, "participation.peripheral", 2);
	is_int(b, "participation.inactive", 2);
	is_int(b, "events_held", 0);
	json_decref(a);
	json_decref(b);
	tu_close(t);
	free(path);
}
END_TEST

/* Who may read; bad input. */
START_TEST(test_access_and_input)
{
	cop_store *s = tu_store;
	char *out = (char *)"x";
	json_t *d;

	tu_as(s, W.facil);
	d = report(s, "pub", NULL, NULL);
	json_decref(d);
	tu_as(s, W.owner);
	d = report(s, "priv", NULL, NULL);
	json_decref(d);
	tu_as(s, W.member);
	TU_RC(s, COP_EPERM, cop_health_report_json(&out, s, "pub", NULL, NULL));
	ck_assert_ptr_null(out);
	tu_as(s, W.core);
	TU_RC(s, COP_EPERM, cop_health_report_json(&out, s, "pub", NULL, NULL));
	/* A community one cannot see is refused as everywhere. */
	tu_as(s, W.outsider);
	TU_RC(s, COP_ENOTFOUND, cop_health_report_json(&out, s, "priv", NULL,
		NULL));
	ck_assert(tu_contains(cop_errmsg(s), "no such community"));
	TU_RC(s, COP_EPERM, cop_health_report_json(&out, s, "pub", NULL, NULL));
	tu_as(s, NULL);
	TU_RC(s, COP_ENOTFOUND, cop_health_report_json(&out, s, "nope", NULL,
		NULL));
	TU_RC(s, COP_EINVAL, cop_health_report_json(&out, s, "pub",
		"2023-02-30", NULL));
	ck_assert(tu_contains(cop_errmsg(s), "from is not a date"));
	TU_RC(s, COP_EINVAL, cop_health_report_json(&out, s, "pub", NULL,
		"2023-1-01"));
	TU_RC(s, COP_EINVAL, cop_health_report_json(&out, s, "pub",
		"2023-11-02", "2023-11-01"));
	ck_assert(tu_contains(cop_errmsg(s), "from is after to"));
	TU_RC(s, COP_EINVAL, cop_health_report_json(NULL, s, "pub", NULL, NULL));
	TU_RC(s, COP_EINVAL, cop_health_report_json(&out, s, NULL, NULL, NULL));
	TU_RC(s, COP_EINVAL, cop_health_report_json(&out, NULL, "pub", NULL,
		NULL));
	/* A leap day is a day. */
	d = report(s, "pub", "2020-02-29", "2020-03-01");
	is_str(d, "from", "2020-02-29");
	json_decref(d);
}
END_TEST

static Suite *health_suite(void)
{
	Suite *s = suite_create("health");
	TCase *tc = tu_tcase(s, "health", setup, teardown);

	tcase_add_test(tc, test_figures);
	tcase_add_test(tc, test_months_and_stages);
	tcase_add_test(tc, test_edges);
	tcase_add_test(tc, test_hidden_and_erased);
	tcase_add_test(tc, test_verify_damage);
	tcase_add_test(tc, test_question_rollup);
	tcase_add_test(tc, test_question_rollup_sql);
	tcase_add_test(tc, test_rollup_update_of_sql);
	tcase_add_test(tc, test_member_rollup);
	tcase_add_test(tc, test_unknown_authors);
	tcase_add_test(tc, test_json_import);
	tcase_add_test(tc, test_access_and_input);
	return s;
}

int main(void)
{
	return tu_run(health_suite());
}
