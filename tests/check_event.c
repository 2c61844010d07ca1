/*
 * check_event.c: events (include/cop/event.h).  Who creates, changes and
 * cancels them; the waiting list at its capacity's boundaries (answers
 * withdrawn, capacity raised and lowered); attendance and what it earns
 * (the event-attendee badge, reputation); listings and their pages; the
 * iCalendar output read back with libical's parser, across a
 * daylight-saving change in Europe/London; a private community's events
 * unseen by outsiders in every path; every bad input refused with
 * nothing changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libical/ical.h>

#include "testutil.h"

#define HOUR (3600000LL)
#define DAY (24 * HOUR)

static tu_world W;
static tu_idbuf ED, EVA;  /* two more members of pub: ed, eva */

static void setup(void)
{
	tu_store_setup();
	tu_world_make(tu_store, &W);
	tu_member(tu_store, ED, "ed");
	tu_member(tu_store, EVA, "eva");
	TU_OK(tu_store, cop_community_join(NULL, tu_store, "pub", ED, 0));
	TU_OK(tu_store, cop_community_join(NULL, tu_store, "pub", EVA, 0));
	tu_as(tu_store, NULL);
}

static void teardown(void)
{
	tu_store_teardown();
}

/* A spec: a meeting in @p tz from @p start for @p hours, @p capacity. */
static cop_event_spec spec(const char *title, cop_time start, int hours,
	const char *tz, int capacity)
{
	cop_event_spec sp = COP_EVENT_SPEC_INIT;

	sp.kind = COP_EVENT_FACE_TO_FACE;
	sp.title = title;
	sp.body = "We meet to *share* what we learnt.";
	sp.start = start;
	sp.end = start + hours * HOUR;
	sp.tz = tz;
	sp.place = "The community hall";
	sp.capacity = capacity;
	return sp;
}

/* Create an event in @p community as the current actor; its id into
 * @p id. */
static void make_event(char *id, const char *community,
	const cop_event_spec *sp)
{
	cop_event *e = NULL;

	TU_OK(tu_store, cop_event_create(&e, tu_store, community, sp));
	snprintf(id, sizeof(tu_idbuf), "%s", cop_event_id(e));
	cop_event_free(e);
}

/* The event's counts as the system sees them, "yes maybe waiting
 * attended seq". */
static void counts(const char *id, char *buf, size_t n)
{
	cop_event *e = NULL;
	cop_store *s = tu_store;

	tu_as(s, NULL);
	TU_OK(s, cop_event_lookup(&e, s, id));
	snprintf(buf, n, "%lld %lld %lld %lld %d",
		(long long)cop_event_yes_count(e),
		(long long)cop_event_maybe_count(e),
		(long long)cop_event_waiting_count(e),
		(long long)cop_event_attended_count(e), cop_event_sequence(e));
	cop_event_free(e);
}

#define ASSERT_COUNTS(id, want) do { \
	char c_[64]; \
	counts((id), c_, sizeof(c_)); \
	ck_assert_str_eq(c_, (want)); \
} while (0)

/* Answer @p id as @p who; the waiting flag returned. */
static int answer(const char *who, const char *id, cop_rsvp a)
{
	int waiting = -1;

	tu_as(tu_store, who);
	TU_OK(tu_store, cop_event_rsvp(tu_store, id, a, &waiting));
	ck_assert(waiting == 0 || waiting == 1);
	return waiting;
}

/* Whether @p who's yes to @p id is waiting, as they see it. */
static int waits(const char *who, const char *id)
{
	cop_event *e = NULL;
	int answer_waiting[2];

	tu_as(tu_store, who);
	TU_OK(tu_store, cop_event_lookup(&e, tu_store, id));
	answer_waiting[0] = cop_event_answer(e);
	answer_waiting[1] = cop_event_answer_waiting(e);
	cop_event_free(e);
	ck_assert_int_eq(answer_waiting[0], COP_RSVP_YES);
	return answer_waiting[1];
}

/* ---- create, change, cancel, permissions ---------------------------------------- */

START_TEST(test_create_lookup)
{
	cop_store *s = tu_store;
	cop_event_spec sp = spec("Field day", TU_T0 + DAY, 3, "Africa/Accra", 10);
	cop_event *e = NULL;
	tu_idbuf id;

	sp.url = "https://example.org/field-day";
	tu_as(s, W.facil);
	TU_OK(s, cop_event_create(&e, s, "pub", &sp));
	ck_assert_str_eq(cop_event_title(e), "Field day");
	ck_assert_str_eq(cop_event_body(e), "We meet to *share* what we learnt.");
	ck_assert_str_eq(cop_event_tz(e), "Africa/Accra");
	ck_assert_str_eq(cop_event_place(e), "The community hall");
	ck_assert_str_eq(cop_event_url(e), "https://example.org/field-day");
	ck_assert_int_eq(cop_event_kind_get(e), COP_EVENT_FACE_TO_FACE);
	ck_assert_int_eq(cop_event_capacity(e), 10);
	ck_assert_int_eq(cop_event_sequence(e), 0);
	ck_assert_int_eq(cop_event_cancelled(e), 0);
	ck_assert_str_eq(cop_event_creator_id(e), W.facil);
	ck_assert_str_eq(cop_event_community_id(e), W.pub);
	ck_assert(cop_event_start(e) == TU_T0 + DAY);
	ck_assert(cop_event_end(e) == TU_T0 + DAY + 3 * HOUR);
	ck_assert_int_eq(cop_event_answer(e), -1);
	snprintf(id, sizeof(id), "%s", cop_event_id(e));
	cop_event_free(e);

	/* A public community's event: anyone sees it. */
	tu_as(s, W.outsider);
	TU_OK(s, cop_event_lookup(&e, s, id));
	ck_assert_str_eq(cop_event_title(e), "Field day");
	cop_event_free(e);

	/* Core members, owners and the system create; no URL: none. */
	sp.url = NULL;
	tu_as(s, W.core);
	TU_OK(s, cop_event_create(NULL, s, "pub", &sp));
	tu_as(s, W.owner);
	TU_OK(s, cop_event_create(NULL, s, "pub", &sp));
	tu_as(s, NULL);
	sp.tz = NULL;
	TU_OK(s, cop_event_create(&e, s, "pub", &sp));
	ck_assert_str_eq(cop_event_tz(e), "UTC");
	ck_assert_ptr_null(cop_event_url(e));
	ck_assert_ptr_null(cop_event_creator_id(e));
	cop_event_free(e);
}
END_TEST

START_TEST(test_permissions)
{
	cop_store *s = tu_store;
	cop_event_spec sp = spec("Field day", TU_T0 + DAY, 3, "UTC", 0);
	const char *who[] = { W.member, W.outsider, W.banned, W.silenced };
	char *snap;
	tu_idbuf id;
	size_t i;

	tu_as(s, W.facil);
	make_event(id, "pub", &sp);
	snap = tu_snapshot(s);
	for (i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		tu_as(s, who[i]);
		TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
			cop_event_create(NULL, s, "pub", &sp));
		TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
			cop_event_update(NULL, s, id, &sp));
		TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
			cop_event_cancel(s, id, "Rain"));
	}
	/* Only active members answer: not outsiders, banned or silenced. */
	for (i = 1; i < sizeof(who) / sizeof(who[0]); i++) {
		tu_as(s, who[i]);
		TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
			cop_event_rsvp(s, id, COP_RSVP_YES, NULL));
	}
	/* Attendance: facilitators, owners, the system; not core members. */
	tu_as(s, NULL);
	cop_store_set_time(s, TU_T0 + DAY + HOUR);
	snap = (free(snap), tu_snapshot(s));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_event_attend(s, id, W.member, COP_ATTENDANCE_ATTENDED));
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_event_attend(s, id, W.member, COP_ATTENDANCE_ATTENDED));
	free(snap);
	tu_as(s, W.owner);
	TU_OK(s, cop_event_attend(s, id, W.member, COP_ATTENDANCE_ATTENDED));
}
END_TEST

START_TEST(test_update_cancel)
{
	cop_store *s = tu_store;
	cop_event_spec sp = spec("Field day", TU_T0 + DAY, 3, "UTC", 0);
	cop_event *e = NULL;
	char *snap, *ics = NULL;
	cop_time t1;
	tu_idbuf id;

	tu_as(s, W.facil);
	make_event(id, "pub", &sp);
	sp.title = "Field day (moved)";
	sp.start += HOUR;
	sp.end += HOUR;
	t1 = tu_tick(s, 1000);
	tu_as(s, W.core);
	TU_OK(s, cop_event_update(&e, s, id, &sp));
	ck_assert_str_eq(cop_event_title(e), "Field day (moved)");
	ck_assert_int_eq(cop_event_sequence(e), 1);
	ck_assert(cop_event_changed(e) == t1);
	ck_assert_str_eq(cop_event_creator_id(e), W.facil);
	cop_event_free(e);

	TU_OK(s, cop_event_cancel(s, id, "The bridge is closed"));
	TU_OK(s, cop_event_lookup(&e, s, id));
	ck_assert_int_eq(cop_event_sequence(e), 2);
	ck_assert(cop_event_cancelled(e) == t1);
	ck_assert_str_eq(cop_event_cancel_reason(e), "The bridge is closed");
	cop_event_free(e);
	TU_OK(s, cop_event_ics(&ics, s, id));
	ck_assert(tu_contains(ics, "STATUS:CANCELLED"));
	ck_assert(tu_contains(ics, "SEQUENCE:2"));
	cop_text_dispose(ics);

	/* A cancelled event takes no change, no second cancellation, no
	 * answer. */
	snap = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_event_update(NULL, s, id, &sp));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_event_cancel(s, id, "Again"));
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_event_rsvp(s, id, COP_RSVP_YES, NULL));
	tu_as(s, NULL);
	cop_store_set_time(s, TU_T0 + DAY + 2 * HOUR);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_event_attend(s, id, W.member, COP_ATTENDANCE_ATTENDED));
	free(snap);
}
END_TEST

/* ---- bad input ---------------------------------------------------------------------- */

START_TEST(test_bad_input)
{
	cop_store *s = tu_store;
	cop_event_spec good = spec("Field day", TU_T0 + DAY, 3, "UTC", 5), sp;
	char *snap, *longer = tu_repeat('t', COP_EVENT_TITLE_MAX + 1);
	tu_idbuf id, past;

	tu_as(s, W.facil);
	make_event(id, "pub", &good);
	sp = good;
	sp.start = TU_T0 - 2 * DAY;
	sp.end = TU_T0 - DAY;
	make_event(past, "pub", &sp);
	snap = tu_snapshot(s);

#define REFUSED(code, field, value) do { \
	sp = good; \
	sp.field = value; \
	TU_FAILS_UNCHANGED(s, code, snap, cop_event_create(NULL, s, "pub", &sp)); \
	TU_FAILS_UNCHANGED(s, code, snap, cop_event_update(NULL, s, id, &sp)); \
} while (0)
	REFUSED(COP_EINVAL, end, good.start - HOUR);   /* ends before it starts */
	REFUSED(COP_EINVAL, end, good.start);          /* ... or as it starts */
	REFUSED(COP_EINVAL, capacity, -1);
	REFUSED(COP_EINVAL, tz, "Europe/Atlantis");
	REFUSED(COP_EINVAL, tz, "");
	REFUSED(COP_EINVAL, title, "");
	REFUSED(COP_EINVAL, title, NULL);
	REFUSED(COP_ETOOBIG, title, longer);
	REFUSED(COP_EINVAL, url, "ftp://example.org/");
	REFUSED(COP_EINVAL, kind, (cop_event_kind)7);
	REFUSED(COP_EENCODING, place, "\xff\xfe");
	REFUSED(COP_EINVAL, version, 99);
#undef REFUSED
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_event_create(NULL, s, "pub", NULL));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_event_create(NULL, s, "nowhere", &good));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_event_update(NULL, s, "not-an-id", &good));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_event_cancel(s, id, ""));

	/* Answers: bad answers, the system, a past event. */
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_event_rsvp(s, id, (cop_rsvp)3, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_event_rsvp(s, past, COP_RSVP_YES, NULL));
	tu_as(s, NULL);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_event_rsvp(s, id, COP_RSVP_YES, NULL));

	/* Attendance: not before it starts, not for a non-member, not an
	 * unknown member, not "none". */
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_event_attend(s, id, W.member, COP_ATTENDANCE_ATTENDED));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_event_attend(s, past, W.outsider, COP_ATTENDANCE_ATTENDED));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_event_attend(s, past, "nobody", COP_ATTENDANCE_ATTENDED));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_event_attend(s, past, W.member, COP_ATTENDANCE_NONE));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_event_attend(s, past, NULL, COP_ATTENDANCE_ATTENDED));
	ASSERT_COUNTS(id, "0 0 0 0 0");
	ASSERT_COUNTS(past, "0 0 0 0 0");
	free(snap);
	free(longer);
}
END_TEST

/* ---- the waiting list ------------------------------------------------------------- */

START_TEST(test_waiting_list)
{
	cop_store *s = tu_store;
	cop_event_spec sp = spec("Workshop", TU_T0 + DAY, 2, "UTC", 2);
	tu_idbuf id;

	tu_as(s, W.facil);
	make_event(id, "pub", &sp);
	/* Two seats: olga and fred confirmed, cora then mia wait. */
	ck_assert_int_eq(answer(W.owner, id, COP_RSVP_YES), 0);
	tu_tick(s, 10);
	ck_assert_int_eq(answer(W.facil, id, COP_RSVP_YES), 0);
	tu_tick(s, 10);
	ck_assert_int_eq(answer(W.core, id, COP_RSVP_YES), 1);
	tu_tick(s, 10);
	ck_assert_int_eq(answer(W.member, id, COP_RSVP_YES), 1);
	tu_tick(s, 10);
	ck_assert_int_eq(answer(ED, id, COP_RSVP_MAYBE), 0);
	ASSERT_COUNTS(id, "2 1 2 0 0");
	/* Answering yes again keeps cora's place. */
	ck_assert_int_eq(answer(W.core, id, COP_RSVP_YES), 1);

	/* olga withdraws: the first waiting (cora) moves up, mia waits. */
	tu_tick(s, 10);
	answer(W.owner, id, COP_RSVP_NO);
	ASSERT_COUNTS(id, "2 1 1 0 0");
	ck_assert_int_eq(waits(W.core, id), 0);
	ck_assert_int_eq(waits(W.member, id), 1);

	/* The capacity grows to 3: mia moves up. */
	tu_as(s, W.facil);
	sp.capacity = 3;
	TU_OK(s, cop_event_update(NULL, s, id, &sp));
	ASSERT_COUNTS(id, "3 1 0 0 1");
	ck_assert_int_eq(waits(W.member, id), 0);

	/* Down to 1: nobody loses a seat, and a new yes waits. */
	tu_as(s, W.facil);
	sp.capacity = 1;
	TU_OK(s, cop_event_update(NULL, s, id, &sp));
	ASSERT_COUNTS(id, "3 1 0 0 2");
	tu_tick(s, 10);
	ck_assert_int_eq(answer(ED, id, COP_RSVP_YES), 1);
	/* fred withdraws: 2 confirmed still fill the one seat; eva waits
	 * behind ed. */
	tu_tick(s, 10);
	answer(W.facil, id, COP_RSVP_MAYBE);
	tu_tick(s, 10);
	ck_assert_int_eq(answer(EVA, id, COP_RSVP_YES), 1);
	ASSERT_COUNTS(id, "2 1 2 0 2");
	tu_tick(s, 10);
	answer(W.core, id, COP_RSVP_NO);
	ASSERT_COUNTS(id, "1 1 2 0 2");
	/* mia withdraws: the seat is free, ed (first waiting) takes it. */
	tu_tick(s, 10);
	answer(W.member, id, COP_RSVP_NO);
	ASSERT_COUNTS(id, "1 1 1 0 2");
	ck_assert_int_eq(waits(ED, id), 0);
	ck_assert_int_eq(waits(EVA, id), 1);

	/* Unlimited (0): everyone waiting moves up. */
	tu_as(s, W.facil);
	sp.capacity = 0;
	TU_OK(s, cop_event_update(NULL, s, id, &sp));
	ASSERT_COUNTS(id, "2 1 0 0 3");
	ck_assert_int_eq(waits(EVA, id), 0);
	/* A yes to an unlimited event never waits. */
	ck_assert_int_eq(answer(W.owner, id, COP_RSVP_YES), 0);
}
END_TEST

/* ---- attendance and recognition -------------------------------------------------------- */

/* How many event-attendee badges @p who holds in pub. */
static int attendee_badges(const char *who)
{
	cop_badge_iter *it = NULL;
	cop_badge_award *a = NULL;
	int n = 0, rc;

	tu_as(tu_store, NULL);
	TU_OK(tu_store, cop_badge_iter_new(&it, tu_store, "pub", who, NULL));
	while ((rc = cop_badge_iter_next(&a, it)) == COP_OK) {
		n += cop_badge_award_badge(a) == COP_BADGE_EVENT_ATTENDEE;
		cop_badge_award_free(a);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_badge_iter_free(it);
	return n;
}

static int64_t reputation(const char *who)
{
	tu_as(tu_store, NULL);
	return tu_reputation(tu_store, "pub", who);
}

START_TEST(test_attendance)
{
	cop_store *s = tu_store;
	cop_event_spec sp = spec("Workshop", TU_T0 + HOUR, 2, "UTC", 0);
	tu_idbuf one, two;
	int64_t rep0;
	char *snap;

	tu_as(s, W.facil);
	make_event(one, "pub", &sp);
	sp.start += DAY;
	sp.end += DAY;
	make_event(two, "pub", &sp);
	rep0 = reputation(W.member);
	ck_assert_int_eq(attendee_badges(W.member), 0);

	/* Once started (not yet ended), attendance may be recorded. */
	cop_store_set_time(s, TU_T0 + HOUR + 1);
	tu_as(s, W.facil);
	TU_OK(s, cop_event_attend(s, one, W.member, COP_ATTENDANCE_ATTENDED));
	TU_OK(s, cop_event_attend(s, one, W.core, COP_ATTENDANCE_ABSENT));
	ASSERT_COUNTS(one, "0 0 0 1 0");
	ck_assert_int_eq(attendee_badges(W.member), 1);
	ck_assert_int_eq(attendee_badges(W.core), 0);
	ck_assert(reputation(W.member) == rep0 + COP_EVENT_ATTENDED_POINTS);

	/* The same record again changes nothing. */
	snap = tu_snapshot(s);
	tu_as(s, W.facil);
	TU_OK(s, cop_event_attend(s, one, W.member, COP_ATTENDANCE_ATTENDED));
	tu_assert_unchanged(s, snap, "attending again");
	free(snap);

	/* A second attendance: more reputation, still one badge. */
	cop_store_set_time(s, TU_T0 + DAY + 4 * HOUR);
	tu_as(s, W.owner);
	TU_OK(s, cop_event_attend(s, two, W.member, COP_ATTENDANCE_ATTENDED));
	ck_assert_int_eq(attendee_badges(W.member), 1);
	ck_assert(reputation(W.member) == rep0 + 2 * COP_EVENT_ATTENDED_POINTS);

	/* Attended becomes absent: its points are taken back, the badge
	 * stays (badges are never taken back). */
	tu_as(s, NULL);
	TU_OK(s, cop_event_attend(s, two, W.member, COP_ATTENDANCE_ABSENT));
	ck_assert(reputation(W.member) == rep0 + COP_EVENT_ATTENDED_POINTS);
	ck_assert_int_eq(attendee_badges(W.member), 1);
	ASSERT_COUNTS(two, "0 0 0 0 0");

	/* The event has ended: no more answers. */
	tu_as(s, W.member);
	TU_RC(s, COP_EINVAL, cop_event_rsvp(s, one, COP_RSVP_YES, NULL));
}
END_TEST

/* ---- listings ------------------------------------------------------------------------- */

/* The titles of a listing, space-separated, pages of @p limit. */
static void titles(const char *community, cop_event_when when,
	unsigned int limit, char *buf, size_t n)
{
	cop_page page = COP_PAGE_INIT;
	cop_event_iter *it = NULL;
	cop_event *e = NULL;
	char cursor[200] = "";
	int rc, got;

	buf[0] = '\0';
	page.limit = limit;
	do {
		page.after = *cursor ? cursor : NULL;
		TU_OK(tu_store, cop_event_iter_new(&it, tu_store, community, when,
			&page));
		got = 0;
		while ((rc = cop_event_iter_next(&e, it)) == COP_OK) {
			snprintf(buf + strlen(buf), n - strlen(buf), "%s%s",
				*buf ? " " : "", cop_event_title(e));
			cop_event_free(e);
			got++;
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		if (cop_event_iter_cursor(it))
			snprintf(cursor, sizeof(cursor), "%s",
				cop_event_iter_cursor(it));
		cop_event_iter_free(it);
	} while (got == (int)limit && limit);
}

START_TEST(test_listings)
{
	cop_store *s = tu_store;
	cop_event_iter *it = NULL;
	cop_event *e = NULL;
	cop_event_spec sp;
	char buf[256];
	const char *names[] = { "p2", "p1", "u1", "u2", "u3" };
	const cop_time at[] = { -3 * DAY, -2 * DAY, DAY, 2 * DAY, 3 * DAY };
	tu_idbuf ids[5];
	int i, rc;

	tu_as(s, W.facil);
	for (i = 0; i < 5; i++) {
		sp = spec(names[i], TU_T0 + at[i], 1, "UTC", 0);
		make_event(ids[i], "pub", &sp);
	}
	/* Ongoing counts as upcoming until it ends. */
	sp = spec("now", TU_T0 - HOUR, 2, "UTC", 0);
	make_event(ids[0], "pub", &sp);
	TU_OK(s, cop_event_cancel(s, ids[4], "Nobody came"));

	titles("pub", COP_EVENTS_UPCOMING, 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "now u1 u2 u3");
	titles("pub", COP_EVENTS_UPCOMING, 2, buf, sizeof(buf));
	ck_assert_str_eq(buf, "now u1 u2 u3");
	titles("pub", COP_EVENTS_PAST, 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "p1 p2");
	titles("priv", COP_EVENTS_UPCOMING, 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");

	/* Counts and the actor's answer in a listing; a member's events,
	 * latest first. */
	answer(W.member, ids[2], COP_RSVP_YES);
	answer(W.member, ids[3], COP_RSVP_MAYBE);
	answer(W.core, ids[3], COP_RSVP_YES);
	tu_as(s, W.member);
	TU_OK(s, cop_event_iter_new(&it, s, "pub", COP_EVENTS_UPCOMING, NULL));
	buf[0] = '\0';
	while ((rc = cop_event_iter_next(&e, it)) == COP_OK) {
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			"%s:%lld/%lld/%d ", cop_event_title(e),
			(long long)cop_event_yes_count(e),
			(long long)cop_event_maybe_count(e), cop_event_answer(e));
		cop_event_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_event_iter_free(it);
	ck_assert_str_eq(buf, "now:0/0/-1 u1:1/0/1 u2:1/1/2 u3:0/0/-1 ");
	TU_OK(s, cop_member_event_iter_new(&it, s, W.member, NULL));
	buf[0] = '\0';
	while ((rc = cop_event_iter_next(&e, it)) == COP_OK) {
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s ",
			cop_event_title(e));
		cop_event_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_event_iter_free(it);
	ck_assert_str_eq(buf, "u2 u1 ");
	/* Someone else's events: refused. */
	tu_as(s, W.core);
	TU_RC(s, COP_EPERM, cop_member_event_iter_new(&it, s, W.member, NULL));
	ck_assert_ptr_null(it);
	TU_RC(s, COP_EINVAL, cop_event_iter_new(&it, s, "pub",
		(cop_event_when)5, NULL));
}
END_TEST

/* ---- visibility ------------------------------------------------------------------------ */

START_TEST(test_private_unseen)
{
	cop_store *s = tu_store;
	cop_event_spec sp = spec("Secret meeting", TU_T0 + DAY, 2, "UTC", 0);
	cop_event_iter *it = NULL;
	cop_event *e = NULL;
	char *ics = NULL, *snap;
	tu_idbuf id;

	tu_as(s, W.facil);
	make_event(id, "priv", &sp);
	answer(W.member, id, COP_RSVP_YES);
	snap = tu_snapshot(s);

	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap, cop_event_lookup(&e, s, id));
	ck_assert_ptr_null(e);
	ck_assert(!tu_contains(cop_errmsg(s), W.priv));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap, cop_event_ics(&ics, s, id));
	ck_assert_ptr_null(ics);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap, cop_community_ics(&ics, s, "priv"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_event_iter_new(&it, s, "priv", COP_EVENTS_UPCOMING, NULL));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_event_rsvp(s, id, COP_RSVP_YES, NULL));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_event_update(NULL, s, id, &sp));
	/* A banned member sees what the public sees. */
	tu_as(s, W.banned);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap, cop_event_lookup(&e, s, id));
	free(snap);

	/* The public calendar holds none of it. */
	tu_as(s, W.outsider);
	TU_OK(s, cop_community_ics(&ics, s, "pub"));
	ck_assert(!tu_contains(ics, "Secret"));
	cop_text_dispose(ics);

	/* Members see it; once mia has left, her own listing no longer
	 * shows it. */
	tu_as(s, W.member);
	TU_OK(s, cop_community_ics(&ics, s, "priv"));
	ck_assert(tu_contains(ics, "SUMMARY:Secret meeting"));
	cop_text_dispose(ics);
	TU_OK(s, cop_member_event_iter_new(&it, s, W.member, NULL));
	TU_OK(s, cop_event_iter_next(&e, it));
	ck_assert_str_eq(cop_event_title(e), "Secret meeting");
	cop_event_free(e);
	cop_event_iter_free(it);
	TU_OK(s, cop_community_leave(s, "priv", W.member));
	TU_OK(s, cop_member_event_iter_new(&it, s, W.member, NULL));
	TU_RC(s, COP_ITEROVER, cop_event_iter_next(&e, it));
	cop_event_iter_free(it);
	TU_RC(s, COP_ENOTFOUND, cop_event_lookup(&e, s, id));
}
END_TEST

/* ---- iCalendar ---------------------------------------------------------------------------- */

/* 2024-10-27T00:30:00Z: 01:30 BST, half an hour before the clocks go
 * back in London; 2024-03-31T00:30:00Z: 00:30 GMT, half an hour before
 * they go forward (01:00 GMT becomes 02:00 BST). */
#define BACK_0030Z ((cop_time)1729989000000LL)
#define FWD_0030Z ((cop_time)1711845000000LL)

/* Parse @p ics with libical; the VEVENT with SUMMARY @p title: its
 * DTSTART and DTEND as local "HHMMSS" and their UTC seconds (through the
 * calendar's own VTIMEZONE), and their TZID. */
static void read_back(const char *ics, const char *title, char *start,
	char *end, time_t *ustart, time_t *uend, char *tzid)
{
	icalcomponent *cal = icalparser_parse_string(ics), *ev;
	icalproperty *p;
	icaltimezone *zone;
	struct icaltimetype t;
	int found = 0;

	ck_assert_ptr_nonnull(cal);
	ck_assert_int_eq(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	     ev; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		if (strcmp(icalcomponent_get_summary(ev), title))
			continue;
		found = 1;
		p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
		snprintf(tzid, 64, "%s", icalproperty_get_parameter_as_string(p,
			"TZID"));
		zone = icalcomponent_get_timezone(cal, tzid);
		ck_assert_ptr_nonnull(zone);
		t = icalproperty_get_dtstart(p);
		sprintf(start, "%02d%02d%02d", t.hour, t.minute, t.second);
		*ustart = icaltime_as_timet_with_zone(t, zone);
		p = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
		ck_assert_str_eq(icalproperty_get_parameter_as_string(p, "TZID"),
			tzid);
		t = icalproperty_get_dtend(p);
		sprintf(end, "%02d%02d%02d", t.hour, t.minute, t.second);
		*uend = icaltime_as_timet_with_zone(t, zone);
	}
	ck_assert(found);
	icalcomponent_free(cal);
}

START_TEST(test_ics_dst)
{
	cop_store *s = tu_store;
	cop_event_spec sp;
	static const char *const lines[] = { "BEGIN:VTIMEZONE",
		"TZID:Europe/London", "DTSTART;TZID=Europe/London:20241027T013000",
		"DTEND;TZID=Europe/London:20241027T023000", "SEQUENCE:0",
		"STATUS:CONFIRMED", "LOCATION:The community hall" };
	char *ics = NULL, start[16], end[16], tzid[64], uid[64];
	time_t us, ue;
	size_t i;
	tu_idbuf back, fwd, utc;

	tu_as(s, W.facil);
	/* 01:30 local (BST) on the day the clocks go back, for two hours:
	 * it ends at 02:30 GMT. */
	sp = spec("Back", BACK_0030Z, 2, "Europe/London", 0);
	make_event(back, "pub", &sp);
	/* 00:30 local (GMT) on the day they go forward, for one hour: it
	 * ends at 02:30 BST. */
	sp = spec("Forward", FWD_0030Z, 1, "Europe/London", 0);
	make_event(fwd, "pub", &sp);
	sp = spec("Plain", FWD_0030Z, 1, NULL, 0);
	make_event(utc, "pub", &sp);

	TU_OK(s, cop_event_ics(&ics, s, back));
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ck_assert_msg(tu_contains(ics, lines[i]), "no %s", lines[i]);
	snprintf(uid, sizeof(uid), "UID:%s@libcop", back);
	ck_assert(tu_contains(ics, uid));
	read_back(ics, "Back", start, end, &us, &ue, tzid);
	ck_assert_str_eq(tzid, "Europe/London");
	ck_assert_str_eq(start, "013000");
	ck_assert_str_eq(end, "023000");
	/* 01:30 happens twice that night: RFC 5545 reads the first (BST),
	 * libical the second (GMT); the local time is right either way. */
	ck_assert(us == BACK_0030Z / 1000 || us == BACK_0030Z / 1000 + 3600);
	ck_assert(ue == BACK_0030Z / 1000 + 2 * 3600);
	cop_text_dispose(ics);

	/* The community's calendar: every event, each zone once. */
	TU_OK(s, cop_community_ics(&ics, s, "pub"));
	read_back(ics, "Forward", start, end, &us, &ue, tzid);
	ck_assert_str_eq(start, "003000");
	ck_assert_str_eq(end, "023000");
	ck_assert(us == FWD_0030Z / 1000);
	ck_assert(ue == FWD_0030Z / 1000 + 3600);
	read_back(ics, "Back", start, end, &us, &ue, tzid);
	ck_assert(ue == BACK_0030Z / 1000 + 2 * 3600);
	ck_assert(tu_contains(ics, "DTSTART:20240331T003000Z"));
	ck_assert_ptr_nonnull(strstr(ics, "BEGIN:VTIMEZONE"));
	ck_assert_ptr_null(strstr(strstr(ics, "BEGIN:VTIMEZONE") + 1,
		"BEGIN:VTIMEZONE"));
	cop_text_dispose(ics);

	/* A change bumps the sequence; the UID stays. */
	sp = spec("Back", BACK_0030Z + HOUR, 2, "Europe/London", 0);
	TU_OK(s, cop_event_update(NULL, s, back, &sp));
	TU_OK(s, cop_event_ics(&ics, s, back));
	ck_assert(tu_contains(ics, "SEQUENCE:1"));
	ck_assert(tu_contains(ics, "DTSTART;TZID=Europe/London:20241027T013000"));
	read_back(ics, "Back", start, end, &us, &ue, tzid);
	ck_assert(us == BACK_0030Z / 1000 + 3600);   /* the second 01:30 */
	cop_text_dispose(ics);
	ck_assert(cop_event_tz_valid("Africa/Accra"));
	ck_assert(cop_event_tz_valid("UTC"));
	ck_assert(!cop_event_tz_valid("Africa/Atlantis"));
	ck_assert(!cop_event_tz_valid(NULL));
}
END_TEST

START_TEST(test_names)
{
	cop_event_kind k;
	cop_rsvp r;
	cop_attendance a;
	cop_event_when w;

	ck_assert_str_eq(cop_event_kind_name(COP_EVENT_FACE_TO_FACE),
		"face-to-face");
	ck_assert_int_eq(cop_event_kind_parse(&k, "hybrid"), COP_OK);
	ck_assert_int_eq(k, COP_EVENT_HYBRID);
	ck_assert_int_eq(cop_rsvp_parse(&r, "maybe"), COP_OK);
	ck_assert_int_eq(r, COP_RSVP_MAYBE);
	ck_assert_int_eq(cop_attendance_parse(&a, "absent"), COP_OK);
	ck_assert_int_eq(a, COP_ATTENDANCE_ABSENT);
	ck_assert_int_eq(cop_event_when_parse(&w, "past"), COP_OK);
	ck_assert_int_eq(w, COP_EVENTS_PAST);
	ck_assert_int_eq(cop_rsvp_parse(&r, "perhaps"), COP_EINVAL);
	ck_assert_ptr_null(cop_rsvp_name((cop_rsvp)9));
	ck_assert_str_eq(cop_rep_reason_name(COP_REP_ATTENDED), "attended");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("event");

	tcase_add_test(tu_tcase(s, "create", setup, teardown), test_create_lookup);
	tcase_add_test(tu_tcase(s, "permissions", setup, teardown),
		test_permissions);
	tcase_add_test(tu_tcase(s, "update", setup, teardown), test_update_cancel);
	tcase_add_test(tu_tcase(s, "badinput", setup, teardown), test_bad_input);
	tcase_add_test(tu_tcase(s, "waiting", setup, teardown), test_waiting_list);
	tcase_add_test(tu_tcase(s, "attendance", setup, teardown),
		test_attendance);
	tcase_add_test(tu_tcase(s, "listings", setup, teardown), test_listings);
	tcase_add_test(tu_tcase(s, "visibility", setup, teardown),
		test_private_unseen);
	tcase_add_test(tu_tcase(s, "ics", setup, teardown), test_ics_dst);
	tcase_add_test(tu_tcase(s, "names", NULL, NULL), test_names);
	return tu_run(s);
}
