/*
 * health.c: the facilitation table's version 2 (cop_backend_facilitation:
 * health_get, health_put, health_del), the health scorecard's thresholds
 * a community sets: stored, replaced, read back exactly, kept apart by
 * community and indicator, forgotten one at a time or all together.
 */
#include <stdio.h>
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

Suite *bt_health_suite(void)
{
	const TTest *const tests[] = { health_thresholds };

	return BT_SUITE("health", bt_setup, bt_teardown, tests);
}
