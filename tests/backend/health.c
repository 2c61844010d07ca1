/*
 * health.c: the facilitation table's version 2 (cop_backend_facilitation:
 * health_get, health_put, health_del), the health scorecard's thresholds
 * a community sets: stored, replaced, read back exactly, kept apart by
 * community and indicator, forgotten one at a time or all together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "betest.h"

START_TEST(health_thresholds)
{
	const cop_backend_facilitation *f = bt_be->facilitation;
	cop_id k = bt_id(10), k2 = bt_id(11);
	int64_t good = -1, poor = -1;

	if (bt_be->version < 7 || !f || f->version < 2) {
		printf("# SKIP health thresholds: backend %s has no "
			"facilitation table of version 2\n", bt_be->name);
		return;
	}
	BT_RC(bt_be, COP_ENOTFOUND, f->health_get(bt_be, &k, "answered_share",
		&good, &poor));
	BT_OK(bt_be, f->health_put(bt_be, &k, "answered_share", 700000,
		400000));
	BT_OK(bt_be, f->health_put(bt_be, &k, "absence_factor", 5000000,
		1000000));
	BT_OK(bt_be, f->health_get(bt_be, &k, "answered_share", &good, &poor));
	ck_assert_int_eq(good, 700000);
	ck_assert_int_eq(poor, 400000);
	/* Replaced, not added to. */
	BT_OK(bt_be, f->health_put(bt_be, &k, "answered_share", 900000,
		333333));
	BT_OK(bt_be, f->health_get(bt_be, &k, "answered_share", &good, &poor));
	ck_assert_int_eq(good, 900000);
	ck_assert_int_eq(poor, 333333);
	/* Another community, another indicator (names compare exactly). */
	BT_RC(bt_be, COP_ENOTFOUND, f->health_get(bt_be, &k2, "answered_share",
		&good, &poor));
	BT_RC(bt_be, COP_ENOTFOUND, f->health_get(bt_be, &k, "Answered_share",
		&good, &poor));
	BT_OK(bt_be, f->health_put(bt_be, &k2, "answered_share", 1000000, 0));
	/* Forget one, then the rest of one community's. */
	BT_OK(bt_be, f->health_del(bt_be, &k, "answered_share"));
	BT_RC(bt_be, COP_ENOTFOUND, f->health_get(bt_be, &k, "answered_share",
		&good, &poor));
	BT_OK(bt_be, f->health_get(bt_be, &k, "absence_factor", &good, &poor));
	ck_assert_int_eq(good, 5000000);
	BT_OK(bt_be, f->health_del(bt_be, &k, "answered_share"));
	BT_OK(bt_be, f->health_del(bt_be, &k, NULL));
	BT_RC(bt_be, COP_ENOTFOUND, f->health_get(bt_be, &k, "absence_factor",
		&good, &poor));
	BT_OK(bt_be, f->health_get(bt_be, &k2, "answered_share", &good,
		&poor));
	ck_assert_int_eq(good, 1000000);
	ck_assert_int_eq(poor, 0);
}
END_TEST

/* A contribution whose created changes to another day moves its count
 * from the old day to the new one, in the community's days and its
 * author's (SQLite: created is among the columns the update trigger
 * fires on; issue 18); a change within the day moves nothing. */
START_TEST(health_created_moves)
{
	int64_t d = BT_DAY(TU_T0);

	if (!bt_has_health(bt_be)) {
		printf("# SKIP health created: backend %s has no health "
			"table\n", bt_be->name);
		return;
	}
	bt_health_start(bt_be);
	bt_contrib(bt_be, 31, 20, 10, 2, COP_CONTRIB_REPLY, "c", TU_T0);
	bt_contrib(bt_be, 32, 20, 10, 0, COP_CONTRIB_REPLY, "s", TU_T0);
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3),
		"0:3/2/0 | 1@0:1 2@0:1");
	bt_set_created(bt_be, 30, TU_T0 + BT_DAY_MS);
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3),
		"0:2/1/0 1:1/1/0 | 2@0:1 1@1:1");
	/* No author: the day's count, no member's. */
	bt_set_created(bt_be, 32, TU_T0 + 3 * BT_DAY_MS);
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3),
		"0:1/1/0 1:1/1/0 3:1/0/0 | 2@0:1 1@1:1");
	/* Within its day: nothing moves. */
	bt_set_created(bt_be, 30, TU_T0 + BT_DAY_MS + 1000);
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3),
		"0:1/1/0 1:1/1/0 3:1/0/0 | 2@0:1 1@1:1");
	/* In a transaction, and back to where it was. */
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_set_created(bt_be, 30, TU_T0);
	bt_set_created(bt_be, 32, TU_T0);
	BT_OK(bt_be, bt_be->commit(bt_be));
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3),
		"0:3/2/0 | 1@0:1 2@0:1");
	ck_assert_int_eq(bt_health_diffs(bt_be, 10), 0);
}
END_TEST

/* A question moved to another community (the backend interface may,
 * the public API never) is counted in the new community's day, no
 * longer the old one's: the thread's update trigger fires on a change
 * of community too (SQLite's version 32, PostgreSQL's 28; before, the
 * old community kept the question in cop_health_day). */
START_TEST(health_question_moved)
{
	cop_thread_rec t;
	int64_t d = BT_DAY(TU_T0);
	int n10, n11;

	if (!bt_has_health(bt_be))
		return;
	bt_member(bt_be, 1, "ama");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "T", TU_T0);
	bt_question(bt_be, 20);
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3), "0:0/0/1 |");
	bt_get(bt_be, COP_REC_THREAD, 20, &t, sizeof(t));
	t.community_id = bt_id(11);
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_THREAD, &t));
	cop_rec_clear(COP_REC_THREAD, &t);
	n10 = bt_health_diffs(bt_be, 10);
	n11 = bt_health_diffs(bt_be, 11);
	ck_assert_int_eq(n10, 0);
	ck_assert_int_eq(n11, 0);
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3), "|");
	ck_assert_str_eq(bt_health_days(bt_be, 11, d, d + 3), "0:0/0/1 |");
}
END_TEST

Suite *bt_health_suite(void)
{
	const TTest *const tests[] = { health_thresholds,
		health_created_moves, health_question_moved };

	return BT_SUITE("health", bt_setup, bt_teardown, tests);
}
