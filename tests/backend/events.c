/*
 * events.c: the events interface (cop_backend_events, interface version
 * 7): every method, its records and its errors; the listings' orders,
 * keyset bounds and filters (a community's upcoming and past events, a
 * member's, the store-wide "ended without attendance" and "starting in a
 * window" the facilitation features read), each only with what the
 * viewer sees.
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

#define H 3600000LL
#define NOW (100 * H)

/* The backend's events table, or skip. */
static const cop_backend_events *ev(void)
{
	if (bt_be->version < 7 || !bt_be->events) {
		printf("# SKIP events: backend %s has no events table\n",
			bt_be->name);
		return NULL;
	}
	ck_assert_uint_ge(bt_be->events->version, 1);
	return bt_be->events;
}

/* Event @p n of community @p k from @p start for @p hours. */
static cop_event_rec event(unsigned int n, unsigned int k, cop_time start,
	int hours)
{
	cop_event_rec e;

	memset(&e, 0, sizeof(e));
	e.id = bt_id(n);
	e.community_id = bt_id(k);
	e.kind = 1;
	e.title = (char *)"Meeting";
	e.body = (char *)"";
	e.tz = (char *)"Africa/Accra";
	e.start = start;
	e.end = start + hours * H;
	e.changed = 1;
	e.reason = (char *)"";
	return e;
}

static cop_rsvp_rec rsvp(unsigned int e, unsigned int k, unsigned int m,
	int answer, int waiting, cop_time answered, int attendance)
{
	cop_rsvp_rec r;

	memset(&r, 0, sizeof(r));
	r.event_id = bt_id(e);
	r.member_id = bt_id(m);
	r.community_id = bt_id(k);
	r.answer = answer;
	r.waiting = waiting;
	r.answered = answered;
	r.attendance = attendance;
	return r;
}

/* The world: communities 1 (public) and 2 (private), members 10 (in
 * both) and 11 (in 1 only); events 20-25. */
static void world(const cop_backend_events *t)
{
	cop_event_rec e;

	bt_community(bt_be, 1, "pub", 0);
	bt_community(bt_be, 2, "priv", 1);
	bt_member(bt_be, 10, "ama");
	bt_member(bt_be, 11, "kofi");
	bt_membership(bt_be, 1, 10, 1, 0);
	bt_membership(bt_be, 2, 10, 1, 0);
	bt_membership(bt_be, 1, 11, 1, 0);
	e = event(20, 1, NOW - 10 * H, 2);      /* ended, attendance below */
	BT_OK(bt_be, t->event_insert(bt_be, &e));
	e = event(21, 1, NOW - 5 * H, 2);       /* ended, none recorded */
	BT_OK(bt_be, t->event_insert(bt_be, &e));
	e = event(22, 1, NOW - H, 2);           /* in progress */
	BT_OK(bt_be, t->event_insert(bt_be, &e));
	e = event(23, 1, NOW + 5 * H, 2);       /* to come */
	BT_OK(bt_be, t->event_insert(bt_be, &e));
	e = event(24, 2, NOW - 4 * H, 1);       /* private, ended */
	BT_OK(bt_be, t->event_insert(bt_be, &e));
	e = event(25, 1, NOW - 3 * H, 1);       /* ended, cancelled */
	e.cancelled = NOW - 4 * H;
	e.reason = (char *)"Rain";
	BT_OK(bt_be, t->event_insert(bt_be, &e));
}

/* The id numbers of listing @p q, "20 21". */
static const char *ids(const cop_backend_events *t, cop_event_query *q)
{
	static char buf[256];
	cop_backend_iter *it = NULL;
	cop_event_rec r;
	int rc;

	buf[0] = '\0';
	BT_OK(bt_be, t->event_list(bt_be, q, &it));
	while (memset(&r, 0, sizeof(r)), (rc = it->next(it, &r)) == COP_OK) {
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%u",
			*buf ? " " : "", bt_id_num(&r.id));
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_EVENT, &r);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	return buf;
}

START_TEST(event_round_trip)
{
	const cop_backend_events *t = ev();
	cop_event_rec e, got;

	if (!t)
		return;
	bt_community(bt_be, 1, "pub", 0);
	e = event(20, 1, NOW, 2);
	e.place = (char *)"Accra";
	e.capacity = 3;
	BT_OK(bt_be, t->event_insert(bt_be, &e));
	BT_RC(bt_be, COP_EEXISTS, t->event_insert(bt_be, &e));
	memset(&got, 0, sizeof(got));
	BT_OK(bt_be, t->event_get(bt_be, &e.id, NULL, &got));
	BT_ID_EQ(got.community_id, bt_id(1), "community");
	BT_STR_EQ(got.title, "Meeting");
	BT_STR_EQ(got.place, "Accra");
	BT_STR_EQ(got.url, NULL);
	BT_STR_EQ(got.tz, "Africa/Accra");
	ck_assert(got.start == NOW && got.end == NOW + 2 * H);
	ck_assert_int_eq(got.capacity, 3);
	ck_assert_int_eq(got.answer, -1);
	ck_assert(got.yes == 0 && got.waiting == 0);
	cop_rec_clear(COP_REC_EVENT, &got);
	e.title = (char *)"Meeting moved";
	e.sequence = 1;
	e.cancelled = NOW;
	e.reason = (char *)"Rain";
	BT_OK(bt_be, t->event_update(bt_be, &e));
	BT_OK(bt_be, t->event_get(bt_be, &e.id, NULL, &got));
	BT_STR_EQ(got.title, "Meeting moved");
	BT_STR_EQ(got.reason, "Rain");
	ck_assert_int_eq(got.sequence, 1);
	ck_assert(got.cancelled == NOW);
	cop_rec_clear(COP_REC_EVENT, &got);
	e.id = bt_id(99);
	BT_RC(bt_be, COP_ENOTFOUND, t->event_update(bt_be, &e));
	BT_RC(bt_be, COP_ENOTFOUND, t->event_get(bt_be, &e.id, NULL, &got));
}
END_TEST

START_TEST(rsvp_counts_and_promotion)
{
	const cop_backend_events *t = ev();
	cop_event_rec e, got;
	cop_rsvp_rec r, rg;
	cop_id m;
	unsigned int moved = 9;
	unsigned int i;

	if (!t)
		return;
	bt_community(bt_be, 1, "pub", 0);
	e = event(20, 1, NOW, 2);
	BT_OK(bt_be, t->event_insert(bt_be, &e));
	/* 10 yes, 11 maybe, 12-14 yes waiting (answered 3, 1, 1: 13 before
	 * 14 by id), 15 only attended. */
	r = rsvp(20, 1, 10, 1, 0, 5, 0);
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	r = rsvp(20, 1, 11, 2, 0, 5, 0);
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	r = rsvp(20, 1, 12, 1, 1, 3, 0);
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	r = rsvp(20, 1, 14, 1, 1, 1, 0);
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	r = rsvp(20, 1, 13, 1, 1, 1, 0);
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	r = rsvp(20, 1, 15, -1, 0, 0, 1);
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	m = bt_id(12);
	memset(&got, 0, sizeof(got));
	BT_OK(bt_be, t->event_get(bt_be, &e.id, &m, &got));
	ck_assert(got.yes == 1 && got.maybe == 1 && got.waiting == 3 &&
		got.attended == 1);
	ck_assert_int_eq(got.answer, 1);
	ck_assert_int_eq(got.answer_waiting, 1);
	cop_rec_clear(COP_REC_EVENT, &got);
	/* Replacing a row; reading one; none. */
	r = rsvp(20, 1, 11, 0, 0, 6, 2);
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	BT_OK(bt_be, t->rsvp_get(bt_be, &e.id, &r.member_id, &rg));
	ck_assert(rg.answer == 0 && rg.attendance == 2 && rg.answered == 6);
	m = bt_id(77);
	BT_RC(bt_be, COP_ENOTFOUND, t->rsvp_get(bt_be, &e.id, &m, &rg));
	/* Two move up: 13 and 14 (answered first), 12 still waits. */
	BT_OK(bt_be, t->rsvp_promote(bt_be, &e.id, 2, &moved));
	ck_assert_uint_eq(moved, 2);
	for (i = 12; i <= 14; i++) {
		m = bt_id(i);
		BT_OK(bt_be, t->rsvp_get(bt_be, &e.id, &m, &rg));
		ck_assert_int_eq(rg.waiting, i == 12);
	}
	BT_OK(bt_be, t->rsvp_promote(bt_be, &e.id, 5, &moved));
	ck_assert_uint_eq(moved, 1);
	BT_OK(bt_be, t->rsvp_promote(bt_be, &e.id, 5, &moved));
	ck_assert_uint_eq(moved, 0);
}
END_TEST

START_TEST(listings)
{
	const cop_backend_events *t = ev();
	cop_event_query q;
	cop_rsvp_rec r;

	if (!t)
		return;
	world(t);
	r = rsvp(20, 1, 10, -1, 0, 0, 1);      /* attendance at 20 */
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	r = rsvp(23, 1, 10, 1, 0, 1, 0);       /* ama answers 23 and 24 */
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	r = rsvp(24, 2, 10, 2, 0, 1, 0);
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	memset(&q, 0, sizeof(q));
	q.now = NOW;
	q.community = bt_id(1);
	q.which = COP_EVQ_UPCOMING;
	ck_assert_str_eq(ids(t, &q), "22 23");
	q.which = COP_EVQ_PAST;
	ck_assert_str_eq(ids(t, &q), "25 21 20");
	/* Keyset pages. */
	q.limit = 2;
	ck_assert_str_eq(ids(t, &q), "25 21");
	q.has_after = 1;
	q.after_start = NOW - 5 * H;
	q.after_id = bt_id(21);
	ck_assert_str_eq(ids(t, &q), "20");
	q.which = COP_EVQ_UPCOMING;
	q.after_start = NOW - H;
	q.after_id = bt_id(22);
	ck_assert_str_eq(ids(t, &q), "23");
	memset(&q, 0, sizeof(q));
	q.now = NOW;
	/* A member's events: those they answered (not only attended). */
	q.which = COP_EVQ_MEMBER;
	q.member = bt_id(10);
	ck_assert_str_eq(ids(t, &q), "23 24");
	/* Store-wide: ended without attendance, not cancelled; a window. */
	memset(&q.member, 0, sizeof(q.member));
	q.which = COP_EVQ_UNRECORDED;
	ck_assert_str_eq(ids(t, &q), "21 24");
	q.which = COP_EVQ_WINDOW;
	q.t0 = NOW - 5 * H;
	q.t1 = NOW + 5 * H;
	ck_assert_str_eq(ids(t, &q), "21 24 22");
	q.community = bt_id(1);
	ck_assert_str_eq(ids(t, &q), "21 22");
}
END_TEST

START_TEST(listings_visibility)
{
	const cop_backend_events *t = ev();
	cop_event_query q;
	cop_id outsider, member;
	cop_rsvp_rec r;

	if (!t)
		return;
	world(t);
	r = rsvp(24, 2, 10, 1, 0, 1, 0);
	BT_OK(bt_be, t->rsvp_put(bt_be, &r));
	outsider = bt_id(11);
	member = bt_id(10);
	memset(&q, 0, sizeof(q));
	q.now = NOW;
	q.viewer = &outsider;
	q.which = COP_EVQ_UNRECORDED;
	ck_assert_str_eq(ids(t, &q), "20 21");     /* not 24, private */
	q.which = COP_EVQ_PAST;
	q.community = bt_id(2);
	ck_assert_str_eq(ids(t, &q), "");
	q.which = COP_EVQ_MEMBER;
	memset(&q.community, 0, sizeof(q.community));
	q.member = bt_id(10);
	ck_assert_str_eq(ids(t, &q), "");
	q.viewer = &member;
	ck_assert_str_eq(ids(t, &q), "24");
	q.which = COP_EVQ_UNRECORDED;
	memset(&q.member, 0, sizeof(q.member));
	ck_assert_str_eq(ids(t, &q), "20 21 24");
}
END_TEST

Suite *bt_events_suite(void)
{
	const TTest *const tests[] = {
		event_round_trip, rsvp_counts_and_promotion, listings,
		listings_visibility
	};

	return BT_SUITE("events", bt_setup, bt_teardown, tests);
}
