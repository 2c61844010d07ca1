/*
 * check_funding.c: the funding ledger and hours given
 * (include/cop/funding.h, docs/funding.md).  Currencies and amounts as
 * written; entries added, listed, looked up and received; the report's
 * figures in several currencies, with zero burn, a window that starts
 * before the first entry, a date inside a month, and pledges received;
 * who sees and writes the ledger by the community's setting; hours
 * reported by members and for them, by member, by organisation and in
 * total; every bad input refused with nothing changed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

TU_WORLD_FIXTURE(W)

/* Amount @p text of @p cur in minor units (asserting it parses). */
static int64_t amt(const char *text, const char *cur)
{
	int64_t v = 0;

	ck_assert_int_eq(cop_amount_parse(&v, text, cur), COP_OK);
	return v;
}

/* Add an entry as the store's actor, asserting success; its id into
 * @p id when not NULL. */
static void add(cop_store *s, const char *community, cop_fund_kind kind,
	const char *amount, const char *cur, const char *date, char *id)
{
	cop_fund_entry *e = NULL;

	TU_OK(s, cop_fund_add(&e, s, community, kind, amt(amount, cur), cur,
		date, "Someone", NULL, NULL));
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(cop_fund_entry_date(e), date);
	ck_assert_str_eq(cop_fund_entry_currency(e), cur);
	if (id)
		snprintf(id, sizeof(tu_idbuf), "%s", cop_fund_entry_id(e));
	cop_fund_entry_free(e);
}

/* The ledger of @p community and its report at @p at, as the system,
 * as text: what a refused call must leave unchanged. */
static char *ledger_dump(cop_store *s, const char *community, const char *at)
{
	static char buf[8192];
	cop_fund_iter *it = NULL;
	cop_fund_entry *e = NULL;
	cop_fund_report *r = NULL;
	cop_hours_report *h = NULL;
	size_t n = 0, i;
	int rc;

	TU_OK(s, cop_store_act_as_system(s));
	buf[0] = '\0';
	TU_OK(s, cop_fund_iter_new(&it, s, community, NULL));
	while ((rc = cop_fund_iter_next(&e, it)) == COP_OK) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %s %lld %s %s "
			"%s\n", cop_fund_entry_id(e), cop_fund_kind_name(
			cop_fund_entry_kind_get(e)), (long long)cop_fund_entry_amount(e),
			cop_fund_entry_currency(e), cop_fund_entry_date(e),
			cop_fund_entry_received(e) ? cop_fund_entry_received(e) : "-");
		cop_fund_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_fund_iter_free(it);
	TU_OK(s, cop_fund_report_lookup(&r, s, community, at, 0));
	for (i = 0; i < cop_fund_report_count(r); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %lld %lld %lld\n",
			cop_fund_report_currency(r, i),
			(long long)cop_fund_report_balance(r, i),
			(long long)cop_fund_report_burn(r, i),
			(long long)cop_fund_report_pledged_outstanding(r, i));
	cop_fund_report_free(r);
	TU_OK(s, cop_hours_report_lookup(&h, s, community, "2024-04", NULL,
		COP_HOURS_BY_MEMBER));
	for (i = 0; i < cop_hours_report_count(h); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %g %g\n",
			cop_hours_report_handle(h, i), cop_hours_report_pledged(h, i),
			cop_hours_report_given(h, i));
	cop_hours_report_free(h);
	return buf;
}

/* The index of currency @p code in report @p r (asserting it is there). */
static size_t cur_at(const cop_fund_report *r, const char *code)
{
	size_t i;

	for (i = 0; i < cop_fund_report_count(r); i++)
		if (strcmp(cop_fund_report_currency(r, i), code) == 0)
			return i;
	ck_abort_msg("no currency %s in the report", code);
	return 0;
}

START_TEST(test_currencies)
{
	char buf[64];
	int64_t v = 7;

	ck_assert_int_eq(cop_currency_exponent("EUR"), 2);
	ck_assert_int_eq(cop_currency_exponent("GHS"), 2);
	ck_assert_int_eq(cop_currency_exponent("JPY"), 0);
	ck_assert_int_eq(cop_currency_exponent("KWD"), 3);
	ck_assert_int_eq(cop_currency_exponent("CLF"), 4);
	ck_assert_int_eq(cop_currency_exponent("XAU"), -1);  /* no minor unit */
	ck_assert_int_eq(cop_currency_exponent("XXX"), -1);
	ck_assert_int_eq(cop_currency_exponent("eur"), -1);
	ck_assert_int_eq(cop_currency_exponent("EURO"), -1);
	ck_assert_int_eq(cop_currency_exponent(NULL), -1);

	ck_assert_int_eq(amt("1250.50", "EUR"), 125050);
	ck_assert_int_eq(amt("1250.5", "EUR"), 125050);
	ck_assert_int_eq(amt("12", "EUR"), 1200);
	ck_assert_int_eq(amt("0.01", "EUR"), 1);
	ck_assert_int_eq(amt("500", "JPY"), 500);
	ck_assert_int_eq(amt("1.234", "KWD"), 1234);
	ck_assert_int_eq(amt("100000000000", "EUR"), 10000000000000LL);
	ck_assert_int_eq(cop_amount_parse(&v, "12.345", "EUR"), COP_EINVAL);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(cop_amount_parse(&v, "12.5", "JPY"), COP_EINVAL);
	ck_assert_int_eq(cop_amount_parse(&v, "0", "EUR"), COP_EINVAL);
	ck_assert_int_eq(cop_amount_parse(&v, "0.00", "EUR"), COP_EINVAL);
	ck_assert_int_eq(cop_amount_parse(&v, "-5", "EUR"), COP_EINVAL);
	ck_assert_int_eq(cop_amount_parse(&v, "5.", "EUR"), COP_EINVAL);
	ck_assert_int_eq(cop_amount_parse(&v, ".5", "EUR"), COP_EINVAL);
	ck_assert_int_eq(cop_amount_parse(&v, "1e3", "EUR"), COP_EINVAL);
	ck_assert_int_eq(cop_amount_parse(&v, "", "EUR"), COP_EINVAL);
	ck_assert_int_eq(cop_amount_parse(&v, "100000000000.01", "EUR"),
		COP_EINVAL);
	ck_assert_int_eq(cop_amount_parse(&v, "99999999999999999999999", "JPY"),
		COP_EINVAL);
	ck_assert_int_eq(cop_amount_parse(&v, "5", "ZZZ"), COP_EINVAL);

	ck_assert_int_eq(cop_amount_format(buf, sizeof(buf), 125050, "EUR"), 7);
	ck_assert_str_eq(buf, "1250.50");
	cop_amount_format(buf, sizeof(buf), -5, "EUR");
	ck_assert_str_eq(buf, "-0.05");
	cop_amount_format(buf, sizeof(buf), 1234, "KWD");
	ck_assert_str_eq(buf, "1.234");
	cop_amount_format(buf, sizeof(buf), 500, "JPY");
	ck_assert_str_eq(buf, "500");
	ck_assert_int_eq(cop_amount_format(buf, sizeof(buf), 5, "ZZZ"), -1);
	ck_assert_int_eq(cop_amount_format(buf, 3, 125050, "EUR"), -1);
}
END_TEST

START_TEST(test_add_list_lookup)
{
	cop_store *s = tu_store;
	cop_fund_entry *e = NULL;
	cop_fund_iter *it = NULL;
	cop_page page = COP_PAGE_INIT;
	tu_idbuf grant, expense, event;
	char cursor[160];
	int rc, n = 0;

	tu_as(s, W.facil);
	TU_OK(s, cop_fund_add(&e, s, "pub", COP_FUND_GRANT, 125050, "EUR",
		"2024-01-10", "The Foundation", "Year one", NULL));
	snprintf(grant, sizeof(grant), "%s", cop_fund_entry_id(e));
	ck_assert_int_eq(cop_fund_entry_kind_get(e), COP_FUND_GRANT);
	ck_assert_int_eq(cop_fund_entry_amount(e), 125050);
	ck_assert_str_eq(cop_fund_entry_counterparty(e), "The Foundation");
	ck_assert_str_eq(cop_fund_entry_note(e), "Year one");
	ck_assert_str_eq(cop_fund_entry_actor_id(e), W.facil);
	ck_assert_str_eq(cop_fund_entry_community_id(e), W.pub);
	ck_assert_ptr_null(cop_fund_entry_event_id(e));
	ck_assert_ptr_null(cop_fund_entry_received(e));
	cop_fund_entry_free(e);

	/* An entry may name an event of its community: not a thread's id,
	 * nor another community's event (refused, nothing written). */
	tu_as(s, W.owner);
	{
		cop_event_spec sp = COP_EVENT_SPEC_INIT;
		cop_event *ev = NULL;

		sp.title = "Workshop";
		sp.start = cop_store_now(s) + 3600000;
		sp.end = sp.start + 3600000;
		TU_OK(s, cop_event_create(&ev, s, "priv", &sp));
		ck_assert_int_eq(cop_fund_add(NULL, s, "pub", COP_FUND_EXPENSE,
			4000, "EUR", "2024-02-01", NULL, NULL, cop_event_id(ev)),
			COP_ENOTFOUND);
		cop_event_free(ev);
		ck_assert_int_eq(cop_fund_add(NULL, s, "pub", COP_FUND_EXPENSE,
			4000, "EUR", "2024-02-01", NULL, NULL, W.pub_thread),
			COP_ENOTFOUND);
		TU_OK(s, cop_event_create(&ev, s, "pub", &sp));
		snprintf(event, sizeof(event), "%s", cop_event_id(ev));
		cop_event_free(ev);
	}
	TU_OK(s, cop_fund_add(&e, s, "pub", COP_FUND_EXPENSE, 4000, "EUR",
		"2024-02-01", NULL, NULL, event));
	snprintf(expense, sizeof(expense), "%s", cop_fund_entry_id(e));
	ck_assert_str_eq(cop_fund_entry_event_id(e), event);
	ck_assert_str_eq(cop_fund_entry_counterparty(e), "");
	cop_fund_entry_free(e);
	tu_as(s, NULL);
	add(s, "pub", COP_FUND_INCOME, "20", "EUR", "2024-01-15", NULL);
	/* Today, by the store's clock: TU_T0 is 2023-11-14. */
	TU_OK(s, cop_fund_add(&e, s, "pub", COP_FUND_PLEDGE, 100, "USD", NULL,
		NULL, NULL, NULL));
	ck_assert_str_eq(cop_fund_entry_date(e), "2023-11-14");
	ck_assert_ptr_null(cop_fund_entry_actor_id(e));
	cop_fund_entry_free(e);

	TU_OK(s, cop_fund_entry_lookup(&e, s, grant));
	ck_assert_str_eq(cop_fund_entry_date(e), "2024-01-10");
	cop_fund_entry_free(e);

	/* Newest first, two to a page. */
	page.limit = 2;
	TU_OK(s, cop_fund_iter_new(&it, s, "pub", &page));
	TU_OK(s, cop_fund_iter_next(&e, it));
	ck_assert_str_eq(cop_fund_entry_id(e), expense);
	cop_fund_entry_free(e);
	TU_OK(s, cop_fund_iter_next(&e, it));
	ck_assert_str_eq(cop_fund_entry_date(e), "2024-01-15");
	cop_fund_entry_free(e);
	ck_assert_int_eq(cop_fund_iter_next(&e, it), COP_ITEROVER);
	snprintf(cursor, sizeof(cursor), "%s", cop_fund_iter_cursor(it));
	cop_fund_iter_free(it);
	page.after = cursor;
	TU_OK(s, cop_fund_iter_new(&it, s, "pub", &page));
	while ((rc = cop_fund_iter_next(&e, it)) == COP_OK) {
		if (n++ == 0)
			ck_assert_str_eq(cop_fund_entry_id(e), grant);
		cop_fund_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	ck_assert_int_eq(n, 2);
	cop_fund_iter_free(it);

	/* Nothing in another community's ledger. */
	TU_OK(s, cop_fund_iter_new(&it, s, "priv", NULL));
	ck_assert_int_eq(cop_fund_iter_next(&e, it), COP_ITEROVER);
	cop_fund_iter_free(it);
}
END_TEST

/* The report of the scenario in docs/funding.md: EUR with a trailing
 * window, JPY with one month of history, GHS with none before the
 * date's month, KWD with no expenses. */
static void scenario(cop_store *s, char *pledge)
{
	tu_as(s, NULL);
	add(s, "pub", COP_FUND_GRANT, "10000", "EUR", "2024-01-10", NULL);
	add(s, "pub", COP_FUND_EXPENSE, "300", "EUR", "2024-01-20", NULL);
	add(s, "pub", COP_FUND_PLEDGE, "2000", "EUR", "2024-02-01", pledge);
	add(s, "pub", COP_FUND_EXPENSE, "600", "EUR", "2024-02-15", NULL);
	add(s, "pub", COP_FUND_EXPENSE, "900", "EUR", "2024-03-05", NULL);
	add(s, "pub", COP_FUND_INCOME, "50", "EUR", "2024-03-10", NULL);
	add(s, "pub", COP_FUND_EXPENSE, "100", "EUR", "2024-04-02", NULL);
	add(s, "pub", COP_FUND_GRANT, "500000", "JPY", "2024-03-01", NULL);
	add(s, "pub", COP_FUND_EXPENSE, "100000", "JPY", "2024-03-20", NULL);
	add(s, "pub", COP_FUND_GRANT, "1000", "GHS", "2024-04-01", NULL);
	add(s, "pub", COP_FUND_GRANT, "1.5", "KWD", "2024-01-01", NULL);
	/* After the report's date: never counted. */
	add(s, "pub", COP_FUND_EXPENSE, "7777", "EUR", "2024-04-11", NULL);
	add(s, "pub", COP_FUND_GRANT, "5", "CHF", "2024-05-01", NULL);
}

START_TEST(test_report)
{
	cop_store *s = tu_store;
	cop_fund_report *r = NULL;
	tu_idbuf pledge;
	size_t i;

	scenario(s, pledge);
	TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2024-04-10", 0));
	ck_assert_str_eq(cop_fund_report_at(r), "2024-04-10");
	ck_assert_int_eq(cop_fund_report_window(r), 3);
	/* Every currency with an entry by then, in the order of their codes. */
	ck_assert_uint_eq(cop_fund_report_count(r), 4);
	ck_assert_str_eq(cop_fund_report_currency(r, 0), "EUR");
	ck_assert_str_eq(cop_fund_report_currency(r, 1), "GHS");
	ck_assert_str_eq(cop_fund_report_currency(r, 2), "JPY");
	ck_assert_str_eq(cop_fund_report_currency(r, 3), "KWD");

	/* EUR: January to March, 1800.00 over 3 months. */
	i = cur_at(r, "EUR");
	ck_assert_int_eq(cop_fund_report_balance(r, i), 815000);
	ck_assert_int_eq(cop_fund_report_burn(r, i), 60000);
	ck_assert_int_eq(cop_fund_report_burn_months(r, i), 3);
	ck_assert(fabs(cop_fund_report_runway(r, i) - 815000.0 / 60000) < 1e-9);
	ck_assert_int_eq(cop_fund_report_pledged_outstanding(r, i), 200000);
	/* JPY: its first month is March, so the window is that month. */
	i = cur_at(r, "JPY");
	ck_assert_int_eq(cop_fund_report_balance(r, i), 400000);
	ck_assert_int_eq(cop_fund_report_burn_months(r, i), 1);
	ck_assert_int_eq(cop_fund_report_burn(r, i), 100000);
	ck_assert(fabs(cop_fund_report_runway(r, i) - 4.0) < 1e-9);
	/* GHS: no whole month before the date's: no burn, no runway. */
	i = cur_at(r, "GHS");
	ck_assert_int_eq(cop_fund_report_balance(r, i), 100000);
	ck_assert_int_eq(cop_fund_report_burn_months(r, i), 0);
	ck_assert_int_eq(cop_fund_report_burn(r, i), 0);
	ck_assert(cop_fund_report_runway(r, i) == -1);
	/* KWD: zero burn, no runway. */
	i = cur_at(r, "KWD");
	ck_assert_int_eq(cop_fund_report_balance(r, i), 1500);
	ck_assert_int_eq(cop_fund_report_burn_months(r, i), 3);
	ck_assert_int_eq(cop_fund_report_burn(r, i), 0);
	ck_assert(cop_fund_report_runway(r, i) == -1);
	/* Out of range. */
	ck_assert_ptr_null(cop_fund_report_currency(r, 4));
	ck_assert(cop_fund_report_runway(r, 4) == -1);
	cop_fund_report_free(r);

	/* A window of 6 starts in October, before the first entry: it is cut
	 * to January, so the burn stays 600.00 a month, not 300.00. */
	TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2024-04-10", 6));
	i = cur_at(r, "EUR");
	ck_assert_int_eq(cop_fund_report_burn_months(r, i), 3);
	ck_assert_int_eq(cop_fund_report_burn(r, i), 60000);
	cop_fund_report_free(r);
	/* A window of 1: March alone. */
	TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2024-04-10", 1));
	i = cur_at(r, "EUR");
	ck_assert_int_eq(cop_fund_report_burn(r, i), 90000);
	cop_fund_report_free(r);

	/* At the end of March: the window is December to February, cut to
	 * January and February: 900.00 / 2. */
	TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2024-03-31", 0));
	ck_assert_uint_eq(cop_fund_report_count(r), 3);
	i = cur_at(r, "EUR");
	ck_assert_int_eq(cop_fund_report_balance(r, i), 825000);
	ck_assert_int_eq(cop_fund_report_burn_months(r, i), 2);
	ck_assert_int_eq(cop_fund_report_burn(r, i), 45000);
	cop_fund_report_free(r);
	/* Within a month, up to the date only: the 5 March expense, not the
	 * 10 March income. */
	TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2024-03-07", 0));
	ck_assert_int_eq(cop_fund_report_balance(r, cur_at(r, "EUR")), 820000);
	ck_assert_int_eq(cop_fund_report_balance(r, cur_at(r, "JPY")), 500000);
	cop_fund_report_free(r);
	/* Before anything: no currency. */
	TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2023-01-01", 0));
	ck_assert_uint_eq(cop_fund_report_count(r), 0);
	cop_fund_report_free(r);

	/* The pledge received on 5 April counts as income from then. */
	TU_OK(s, cop_store_set_time(s, 1712318400000LL));
	TU_OK(s, cop_fund_receive(s, pledge));
	TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2024-04-10", 0));
	i = cur_at(r, "EUR");
	ck_assert_int_eq(cop_fund_report_balance(r, i), 1015000);
	ck_assert_int_eq(cop_fund_report_pledged_outstanding(r, i), 0);
	cop_fund_report_free(r);
	TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2024-04-04", 0));
	i = cur_at(r, "EUR");
	ck_assert_int_eq(cop_fund_report_balance(r, i), 815000);
	ck_assert_int_eq(cop_fund_report_pledged_outstanding(r, i), 200000);
	cop_fund_report_free(r);
	/* Received in a later month, the totals of that month count it. */
	TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2024-05-01", 0));
	i = cur_at(r, "EUR");
	ck_assert_int_eq(cop_fund_report_balance(r, i), 1015000 - 777700);
	ck_assert_int_eq(cop_fund_report_pledged_outstanding(r, i), 0);
	/* Burn at 1 May: February to April: 600 + 900 + 100 + 7777. */
	ck_assert_int_eq(cop_fund_report_burn(r, i), (60000 + 90000 + 10000 +
		777700 + 1) / 3);
	/* A balance below zero: runway 0. */
	cop_fund_report_free(r);
}
END_TEST

START_TEST(test_received)
{
	cop_store *s = tu_store;
	cop_fund_entry *e = NULL;
	tu_idbuf pledge, grant, future;
	char *snap, before[8192];

	tu_as(s, NULL);
	add(s, "pub", COP_FUND_PLEDGE, "100", "EUR", "2023-10-01", pledge);
	add(s, "pub", COP_FUND_GRANT, "100", "EUR", "2023-10-01", grant);
	add(s, "pub", COP_FUND_PLEDGE, "70", "EUR", "2024-02-01", future);
	TU_OK(s, cop_fund_receive(s, pledge));
	TU_OK(s, cop_fund_entry_lookup(&e, s, pledge));
	ck_assert_str_eq(cop_fund_entry_received(e), "2023-11-14");
	cop_fund_entry_free(e);
	/* A pledge dated later than today is received on its date. */
	TU_OK(s, cop_fund_receive(s, future));
	TU_OK(s, cop_fund_entry_lookup(&e, s, future));
	ck_assert_str_eq(cop_fund_entry_received(e), "2024-02-01");
	cop_fund_entry_free(e);

	snprintf(before, sizeof(before), "%s", ledger_dump(s, "pub",
		"2024-04-10"));
	snap = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, snap, cop_fund_receive(s, pledge));
	TU_RC(s, COP_EINVAL, cop_fund_receive(s, grant));
	ck_assert(tu_contains(cop_errmsg(s), "not a pledge"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_fund_receive(s, grant));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_fund_receive(s, "nope"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap, cop_fund_receive(s,
		W.pub_thread));
	/* Members do not write the ledger, even where they see it. */
	TU_OK(s, cop_fund_set_visibility(s, "pub", COP_FUND_MEMBERS));
	free(snap);
	snap = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap, cop_fund_receive(s, pledge));
	ck_assert_str_eq(ledger_dump(s, "pub", "2024-04-10"), before);
	free(snap);
}
END_TEST

START_TEST(test_bad_input)
{
	cop_store *s = tu_store;
	cop_fund_entry *e = NULL;
	cop_fund_report *r = NULL;
	cop_hours_report *h = NULL;
	char *snap, before[8192], *big = tu_repeat('x', 201);
	char *long_note = tu_repeat('n', 1001);

	tu_as(s, NULL);
	add(s, "pub", COP_FUND_GRANT, "10", "EUR", "2024-01-01", NULL);
	TU_OK(s, cop_hours_record(s, "pub", W.member, "2024-04", 3, NULL));
	snprintf(before, sizeof(before), "%s", ledger_dump(s, "pub",
		"2024-04-10"));
	snap = tu_snapshot(s);

#define ADD_FAILS(code, kind, amount, cur, date, cp, ev) do { \
	TU_FAILS_UNCHANGED(s, code, snap, cop_fund_add(&e, s, "pub", kind, \
		amount, cur, date, cp, NULL, ev)); \
	ck_assert_ptr_null(e); \
} while (0)
	ADD_FAILS(COP_EINVAL, COP_FUND_GRANT, 100, "ZZZ", "2024-01-02", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, COP_FUND_GRANT, 100, "eur", "2024-01-02", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, COP_FUND_GRANT, 100, NULL, "2024-01-02", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, COP_FUND_GRANT, 0, "EUR", "2024-01-02", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, COP_FUND_EXPENSE, -100, "EUR", "2024-01-02", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, COP_FUND_GRANT, COP_FUND_AMOUNT_MAX + 1, "EUR",
		"2024-01-02", NULL, NULL);
	ADD_FAILS(COP_EINVAL, (cop_fund_kind)4, 100, "EUR", "2024-01-02", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, (cop_fund_kind)-1, 100, "EUR", "2024-01-02", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, COP_FUND_GRANT, 100, "EUR", "2024-02-30", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, COP_FUND_GRANT, 100, "EUR", "2023-02-29", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, COP_FUND_GRANT, 100, "EUR", "2024-1-02", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, COP_FUND_GRANT, 100, "EUR", "yesterday", NULL,
		NULL);
	ADD_FAILS(COP_EINVAL, COP_FUND_GRANT, 100, "EUR", "2024-01-02", NULL,
		"not-an-id");
	ADD_FAILS(COP_ETOOBIG, COP_FUND_GRANT, 100, "EUR", "2024-01-02", big,
		NULL);
	ADD_FAILS(COP_EENCODING, COP_FUND_GRANT, 100, "EUR", "2024-01-02",
		"\xff", NULL);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap, cop_fund_add(NULL, s, "nope",
		COP_FUND_GRANT, 100, "EUR", NULL, NULL, NULL, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_fund_add(NULL, s, NULL,
		COP_FUND_GRANT, 100, "EUR", NULL, NULL, NULL, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_fund_set_visibility(s,
		"pub", (cop_fund_visibility)7));
#undef ADD_FAILS
	/* What the messages say. */
	TU_RC(s, COP_EINVAL, cop_fund_add(NULL, s, "pub", COP_FUND_GRANT, 1,
		"ZZZ", NULL, NULL, NULL, NULL));
	ck_assert(tu_contains(cop_errmsg(s), "unknown currency"));
	TU_RC(s, COP_EINVAL, cop_fund_add(NULL, s, "pub", COP_FUND_GRANT, 0,
		"EUR", NULL, NULL, NULL, NULL));
	ck_assert(tu_contains(cop_errmsg(s), "out of range"));
	TU_RC(s, COP_EINVAL, cop_fund_add(NULL, s, "pub", (cop_fund_kind)9, 1,
		"EUR", NULL, NULL, NULL, NULL));
	ck_assert(tu_contains(cop_errmsg(s), "unknown ledger entry kind"));
	TU_RC(s, COP_EINVAL, cop_fund_add(NULL, s, "pub", COP_FUND_GRANT, 1,
		"EUR", "2024-02-30", NULL, NULL, NULL));
	ck_assert(tu_contains(cop_errmsg(s), "bad date"));
	TU_RC(s, COP_EINVAL, cop_hours_record(s, "pub", W.member, "2024-13", 1,
		NULL));
	ck_assert(tu_contains(cop_errmsg(s), "bad month"));
	TU_RC(s, COP_EINVAL, cop_hours_record(s, "pub", W.member, "2024-04",
		745, NULL));
	ck_assert(tu_contains(cop_errmsg(s), "out of range"));

	/* Hours. */
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_hours_record(s, "pub",
		W.member, "2024-04", -1, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_hours_record(s, "pub",
		W.member, "2024-04", 744.01, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_hours_record(s, "pub",
		W.member, "2024-04", NAN, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_hours_record(s, "pub",
		W.member, "2024-13", 1, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_hours_record(s, "pub",
		W.member, "2024-04-01", 1, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_hours_record(s, "pub",
		NULL, "2024-04", 1, NULL));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap, cop_hours_record(s, "pub",
		W.outsider, "2024-04", 1, NULL));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap, cop_hours_record(s, "pub",
		"nobody", "2024-04", 1, NULL));
	TU_FAILS_UNCHANGED(s, COP_ETOOBIG, snap, cop_hours_record(s, "pub",
		W.member, "2024-04", 1, long_note));

	/* Reads. */
	ck_assert_int_eq(cop_fund_report_lookup(&r, s, "pub", "2024-00-01", 0),
		COP_EINVAL);
	ck_assert_int_eq(cop_fund_report_lookup(&r, s, "pub", NULL, -1),
		COP_EINVAL);
	ck_assert_int_eq(cop_fund_report_lookup(&r, s, "pub", NULL,
		COP_FUND_WINDOW_MAX + 1), COP_EINVAL);
	ck_assert_ptr_null(r);
	ck_assert_int_eq(cop_hours_report_lookup(&h, s, "pub", "2024-05",
		"2024-04", COP_HOURS_TOTAL), COP_EINVAL);
	ck_assert_int_eq(cop_hours_report_lookup(&h, s, "pub", "2024-5", NULL,
		COP_HOURS_TOTAL), COP_EINVAL);
	ck_assert_int_eq(cop_hours_report_lookup(&h, s, "pub", NULL, NULL,
		(cop_hours_by)3), COP_EINVAL);
	ck_assert_ptr_null(h);
	ck_assert_int_eq(cop_fund_entry_lookup(&e, s, "nope"), COP_EINVAL);

	ck_assert_str_eq(ledger_dump(s, "pub", "2024-04-10"), before);
	free(snap);
	free(big);
	free(long_note);
}
END_TEST

START_TEST(test_visibility)
{
	cop_store *s = tu_store;
	cop_fund_entry *e = NULL;
	cop_fund_iter *it = NULL;
	cop_fund_report *r = NULL;
	cop_fund_visibility v;
	tu_idbuf pub_grant, priv_grant;
	char *snap;
	const char *readers[] = { W.core, W.member, W.silenced };
	size_t i;

	tu_as(s, NULL);
	add(s, "pub", COP_FUND_GRANT, "10", "EUR", "2024-01-01", pub_grant);
	add(s, "priv", COP_FUND_GRANT, "10", "EUR", "2024-01-01", priv_grant);
	TU_OK(s, cop_fund_visibility_lookup(&v, s, "pub"));
	ck_assert_int_eq(v, COP_FUND_MODERATORS);

	/* By default: facilitators and owners see, members do not. */
	tu_as(s, W.facil);
	TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2024-02-01", 0));
	cop_fund_report_free(r);
	TU_OK(s, cop_fund_entry_lookup(&e, s, pub_grant));
	cop_fund_entry_free(e);
	for (i = 0; i < 3; i++) {
		tu_as(s, readers[i]);
		TU_RC(s, COP_EPERM, cop_fund_report_lookup(&r, s, "pub", NULL, 0));
		TU_RC(s, COP_EPERM, cop_fund_iter_new(&it, s, "pub", NULL));
		/* An entry one may not see is as one that does not exist. */
		TU_RC(s, COP_ENOTFOUND, cop_fund_entry_lookup(&e, s, pub_grant));
		ck_assert(tu_contains(cop_errmsg(s), "no such ledger entry"));
	}
	/* Outsiders: of a public community, no ledger; of a private one,
	 * not the community either. */
	tu_as(s, W.outsider);
	TU_RC(s, COP_EPERM, cop_fund_report_lookup(&r, s, "pub", NULL, 0));
	TU_RC(s, COP_ENOTFOUND, cop_fund_report_lookup(&r, s, "priv", NULL, 0));
	TU_RC(s, COP_ENOTFOUND, cop_fund_entry_lookup(&e, s, priv_grant));
	tu_as(s, W.banned);
	TU_RC(s, COP_ENOTFOUND, cop_fund_entry_lookup(&e, s, pub_grant));

	/* Members may not change the setting; facilitators may. */
	snap = tu_snapshot(s);
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap, cop_fund_set_visibility(s, "pub",
		COP_FUND_MEMBERS));
	free(snap);
	tu_as(s, W.facil);
	TU_OK(s, cop_fund_set_visibility(s, "pub", COP_FUND_MEMBERS));
	TU_OK(s, cop_fund_visibility_lookup(&v, s, "pub"));
	ck_assert_int_eq(v, COP_FUND_MEMBERS);

	/* Every member then sees it (silenced members too), and still may
	 * not write it; outsiders and banned members still see nothing. */
	for (i = 0; i < 3; i++) {
		tu_as(s, readers[i]);
		TU_OK(s, cop_fund_report_lookup(&r, s, "pub", "2024-02-01", 0));
		ck_assert_int_eq(cop_fund_report_balance(r, 0), 1000);
		cop_fund_report_free(r);
		TU_OK(s, cop_fund_entry_lookup(&e, s, pub_grant));
		cop_fund_entry_free(e);
		TU_OK(s, cop_fund_iter_new(&it, s, "pub", NULL));
		TU_OK(s, cop_fund_iter_next(&e, it));
		cop_fund_entry_free(e);
		cop_fund_iter_free(it);
		snap = tu_snapshot(s);
		TU_FAILS_UNCHANGED(s, COP_EPERM, snap, cop_fund_add(NULL, s, "pub",
			COP_FUND_EXPENSE, 100, "EUR", NULL, NULL, NULL, NULL));
		free(snap);
		/* The other community's setting is its own. */
		TU_RC(s, COP_ENOTFOUND, cop_fund_entry_lookup(&e, s, priv_grant));
	}
	tu_as(s, W.outsider);
	TU_RC(s, COP_EPERM, cop_fund_report_lookup(&r, s, "pub", NULL, 0));
	TU_RC(s, COP_ENOTFOUND, cop_fund_entry_lookup(&e, s, pub_grant));
	tu_as(s, W.banned);
	TU_RC(s, COP_EPERM, cop_fund_iter_new(&it, s, "pub", NULL));

	/* Owners write it too. */
	tu_as(s, W.owner);
	TU_OK(s, cop_fund_add(NULL, s, "pub", COP_FUND_EXPENSE, 100, "EUR",
		"2024-01-05", NULL, NULL, NULL));
	TU_OK(s, cop_fund_set_visibility(s, "pub", COP_FUND_MODERATORS));
	tu_as(s, W.member);
	TU_RC(s, COP_EPERM, cop_fund_report_lookup(&r, s, "pub", NULL, 0));
}
END_TEST

/* Mia and Cora of the Ministry, Fred of an NGO, pledging 10, 20 and 8
 * hours a month to pub. */
static void orgs_and_pledges(cop_store *s)
{
	TU_OK(s, cop_member_update(s, W.member, NULL, "Ministry", NULL));
	TU_OK(s, cop_member_update(s, W.core, NULL, "Ministry", NULL));
	TU_OK(s, cop_member_update(s, W.facil, NULL, "NGO", NULL));
	TU_OK(s, cop_membership_set_pledge(s, "pub", W.member, 10));
	TU_OK(s, cop_membership_set_pledge(s, "pub", W.core, 20));
	TU_OK(s, cop_membership_set_pledge(s, "pub", W.facil, 8));
}

START_TEST(test_hours)
{
	cop_store *s = tu_store;
	cop_hours_report *h = NULL;
	tu_idbuf extra;
	char *snap;

	tu_as(s, NULL);
	orgs_and_pledges(s);
	TU_OK(s, cop_member_update(s, W.owner, NULL, "", NULL));
	/* A banned member's pledge does not count. */
	TU_OK(s, cop_membership_set_pledge(s, "pub", W.banned, 30));
	tu_member(s, extra, "xena");
	TU_OK(s, cop_member_update(s, extra, NULL, "", NULL));
	TU_OK(s, cop_community_join(NULL, s, "pub", extra, 0));

	/* Members report their own; facilitators anyone's; a report
	 * replaces the month's. */
	tu_as(s, W.member);
	TU_OK(s, cop_hours_record(s, "pub", NULL, "2024-04", 4, "Workshop"));
	TU_OK(s, cop_hours_record(s, "pub", NULL, "2024-04", 6.5, "Workshop"));
	TU_OK(s, cop_hours_record(s, "pub", NULL, "2024-03", 12, NULL));
	snap = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap, cop_hours_record(s, "pub",
		W.core, "2024-04", 1, NULL));
	free(snap);
	tu_as(s, W.silenced);
	snap = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap, cop_hours_record(s, "pub",
		NULL, "2024-04", 1, NULL));
	free(snap);
	tu_as(s, W.facil);
	TU_OK(s, cop_hours_record(s, "pub", "cora", "2024-04", 25, NULL));
	TU_OK(s, cop_hours_record(s, "pub", NULL, "2024-04", 0, NULL));
	TU_OK(s, cop_hours_record(s, "pub", extra, "2024-04", 744, NULL));

	/* By member, in handle order: cora, fred, mia, olga (no pledge, no
	 * hours: absent), xena. */
	tu_as(s, W.member);
	TU_OK(s, cop_hours_report_lookup(&h, s, "pub", "2024-04", NULL,
		COP_HOURS_BY_MEMBER));
	ck_assert_uint_eq(cop_hours_report_count(h), 4);
	ck_assert_str_eq(cop_hours_report_handle(h, 0), "cora");
	ck_assert_str_eq(cop_hours_report_member_id(h, 0), W.core);
	ck_assert_str_eq(cop_hours_report_organisation(h, 0), "Ministry");
	ck_assert(cop_hours_report_pledged(h, 0) == 20);
	ck_assert(cop_hours_report_given(h, 0) == 25);
	ck_assert(cop_hours_report_fulfilment(h, 0) == 1.25);
	ck_assert_str_eq(cop_hours_report_handle(h, 1), "fred");
	ck_assert(cop_hours_report_given(h, 1) == 0);
	ck_assert(cop_hours_report_fulfilment(h, 1) == 0);
	ck_assert_str_eq(cop_hours_report_handle(h, 2), "mia");
	ck_assert(cop_hours_report_given(h, 2) == 6.5);
	ck_assert(cop_hours_report_fulfilment(h, 2) == 0.65);
	ck_assert_str_eq(cop_hours_report_handle(h, 3), "xena");
	ck_assert_ptr_null(cop_hours_report_organisation(h, 3));
	ck_assert(cop_hours_report_pledged(h, 3) == 0);
	ck_assert(cop_hours_report_given(h, 3) == 744);
	ck_assert(cop_hours_report_fulfilment(h, 3) == -1);
	ck_assert_ptr_null(cop_hours_report_handle(h, 4));
	cop_hours_report_free(h);

	/* By organisation: "" (xena), Ministry (cora and mia), NGO (fred). */
	TU_OK(s, cop_hours_report_lookup(&h, s, "pub", "2024-04", NULL,
		COP_HOURS_BY_ORGANISATION));
	ck_assert_uint_eq(cop_hours_report_count(h), 3);
	ck_assert_str_eq(cop_hours_report_organisation(h, 0), "");
	ck_assert_str_eq(cop_hours_report_organisation(h, 1), "Ministry");
	ck_assert_ptr_null(cop_hours_report_member_id(h, 1));
	ck_assert(cop_hours_report_pledged(h, 1) == 30);
	ck_assert(cop_hours_report_given(h, 1) == 31.5);
	ck_assert(fabs(cop_hours_report_fulfilment(h, 1) - 1.05) < 1e-9);
	ck_assert_str_eq(cop_hours_report_organisation(h, 2), "NGO");
	ck_assert(cop_hours_report_pledged(h, 2) == 8);
	cop_hours_report_free(h);

	/* In total, and over a period of two months (pledges twice). */
	TU_OK(s, cop_hours_report_lookup(&h, s, "pub", "2024-04", NULL,
		COP_HOURS_TOTAL));
	ck_assert_uint_eq(cop_hours_report_count(h), 1);
	ck_assert(cop_hours_report_pledged(h, 0) == 38);
	ck_assert(cop_hours_report_given(h, 0) == 775.5);
	cop_hours_report_free(h);
	TU_OK(s, cop_hours_report_lookup(&h, s, "pub", "2024-03", "2024-04",
		COP_HOURS_TOTAL));
	ck_assert(cop_hours_report_pledged(h, 0) == 76);
	ck_assert(cop_hours_report_given(h, 0) == 787.5);
	cop_hours_report_free(h);
	/* A month with nothing: the pledges, no hours. */
	TU_OK(s, cop_hours_report_lookup(&h, s, "pub", "2024-05", NULL,
		COP_HOURS_TOTAL));
	ck_assert(cop_hours_report_pledged(h, 0) == 38);
	ck_assert(cop_hours_report_given(h, 0) == 0);
	ck_assert(cop_hours_report_fulfilment(h, 0) == 0);
	cop_hours_report_free(h);
	/* This month by the store's clock (TU_T0: November 2023). */
	TU_OK(s, cop_hours_report_lookup(&h, s, "pub", NULL, NULL,
		COP_HOURS_TOTAL));
	ck_assert(cop_hours_report_given(h, 0) == 0);
	cop_hours_report_free(h);

	/* Outsiders see none of it. */
	tu_as(s, W.outsider);
	TU_RC(s, COP_EPERM, cop_hours_report_lookup(&h, s, "pub", "2024-04",
		NULL, COP_HOURS_BY_MEMBER));
	TU_RC(s, COP_ENOTFOUND, cop_hours_report_lookup(&h, s, "priv", "2024-04",
		NULL, COP_HOURS_TOTAL));
	ck_assert_ptr_null(h);
}
END_TEST

/* The report by organisation (read from the totals the store keeps)
 * equals the report by member (read from the rows) grouped by
 * organisation, over @p from to @p to; and the total their sum. */
static void assert_orgs_kept(cop_store *s, const char *from, const char *to)
{
	cop_hours_report *m = NULL, *o = NULL, *t = NULL;
	double pl[16] = { 0 }, gv[16] = { 0 }, tp = 0, tg = 0;
	const char *names[16];
	size_t n = 0, i, j;

	tu_as(s, NULL);
	TU_OK(s, cop_hours_report_lookup(&m, s, "pub", from, to,
		COP_HOURS_BY_MEMBER));
	TU_OK(s, cop_hours_report_lookup(&o, s, "pub", from, to,
		COP_HOURS_BY_ORGANISATION));
	TU_OK(s, cop_hours_report_lookup(&t, s, "pub", from, to,
		COP_HOURS_TOTAL));
	for (i = 0; i < cop_hours_report_count(m); i++) {
		const char *org = cop_hours_report_organisation(m, i);

		org = org ? org : "";
		for (j = 0; j < n && strcmp(names[j], org); j++)
			;
		ck_assert_uint_lt(j, 16);
		if (j == n)
			names[n++] = org;
		pl[j] += cop_hours_report_pledged(m, i);
		gv[j] += cop_hours_report_given(m, i);
	}
	ck_assert_uint_eq(cop_hours_report_count(o), n);
	for (i = 0; i < n; i++) {
		const char *org = cop_hours_report_organisation(o, i);

		for (j = 0; j < n && strcmp(names[j], org); j++)
			;
		ck_assert_msg(j < n, "organisation %s not by member", org);
		ck_assert_msg(cop_hours_report_pledged(o, i) == pl[j] &&
			cop_hours_report_given(o, i) == gv[j],
			"%s: %g/%g by organisation, %g/%g by member", org,
			cop_hours_report_pledged(o, i),
			cop_hours_report_given(o, i), pl[j], gv[j]);
		tp += pl[j];
		tg += gv[j];
	}
	ck_assert(cop_hours_report_given(t, 0) == tg);
	/* The total counts every pledge, by member only those who pledge or
	 * gave. */
	ck_assert(cop_hours_report_pledged(t, 0) == tp);
	cop_hours_report_free(m);
	cop_hours_report_free(o);
	cop_hours_report_free(t);
}

/* The totals by organisation follow every write they depend on:
 * hours reported and replaced, pledges, a membership's status, leaving,
 * a member's organisation changed or cleared by erasure. */
START_TEST(test_hours_by_org_kept)
{
	cop_store *s = tu_store;
	cop_hours_report *h = NULL;

	tu_as(s, NULL);
	orgs_and_pledges(s);
	TU_OK(s, cop_hours_record(s, "pub", W.member, "2024-04", 6.5, NULL));
	TU_OK(s, cop_hours_record(s, "pub", W.member, "2024-03", 12, NULL));
	TU_OK(s, cop_hours_record(s, "pub", W.core, "2024-04", 25, NULL));
	TU_OK(s, cop_hours_record(s, "pub", W.facil, "2024-04", 0, NULL));
	assert_orgs_kept(s, "2024-04", NULL);
	assert_orgs_kept(s, "2024-03", "2024-04");

	/* A report replaced, a pledge changed. */
	TU_OK(s, cop_hours_record(s, "pub", W.core, "2024-04", 3, NULL));
	TU_OK(s, cop_membership_set_pledge(s, "pub", W.member, 2));
	assert_orgs_kept(s, "2024-04", NULL);
	/* A member moves: their pledge and hours move with them. */
	TU_OK(s, cop_member_update(s, W.member, NULL, "NGO", NULL));
	assert_orgs_kept(s, "2024-03", "2024-04");
	TU_OK(s, cop_hours_report_lookup(&h, s, "pub", "2024-03", "2024-04",
		COP_HOURS_BY_ORGANISATION));
	ck_assert_uint_eq(cop_hours_report_count(h), 2);
	ck_assert_str_eq(cop_hours_report_organisation(h, 1), "NGO");
	ck_assert(cop_hours_report_pledged(h, 1) == 20);
	ck_assert(cop_hours_report_given(h, 1) == 18.5);
	cop_hours_report_free(h);
	/* Banned, then reinstated: the pledge stops and starts counting. */
	TU_OK(s, cop_membership_set_status(s, "pub", W.core,
		COP_MEMBERSHIP_BANNED));
	assert_orgs_kept(s, "2024-04", NULL);
	TU_OK(s, cop_membership_set_status(s, "pub", W.core,
		COP_MEMBERSHIP_ACTIVE));
	assert_orgs_kept(s, "2024-04", NULL);
	/* Leaving, and erasure (the organisation cleared). */
	TU_OK(s, cop_community_leave(s, "pub", W.facil));
	assert_orgs_kept(s, "2024-04", NULL);
	TU_OK(s, cop_member_erase(s, W.member));
	assert_orgs_kept(s, "2024-03", "2024-04");
	TU_OK(s, cop_hours_report_lookup(&h, s, "pub", "2024-03", "2024-04",
		COP_HOURS_BY_ORGANISATION));
	ck_assert_str_eq(cop_hours_report_organisation(h, 0), "");
	ck_assert(cop_hours_report_given(h, 0) == 18.5);
	cop_hours_report_free(h);
}
END_TEST

START_TEST(test_log)
{
	cop_store *s = tu_store;
	cop_log_iter *it = NULL;
	cop_log_entry *l = NULL;
	tu_idbuf pledge;
	char ops[256] = "";
	int64_t seq = cop_log_last_seq(s);
	int rc;

	tu_as(s, NULL);
	add(s, "pub", COP_FUND_PLEDGE, "10", "EUR", "2023-01-01", pledge);
	TU_OK(s, cop_fund_receive(s, pledge));
	TU_OK(s, cop_fund_set_visibility(s, "pub", COP_FUND_MEMBERS));
	TU_OK(s, cop_hours_record(s, "pub", W.member, NULL, 2, NULL));
	TU_OK(s, cop_log_iter_new(&it, s, seq, 0));
	while ((rc = cop_log_iter_next(&l, it)) == COP_OK) {
		strcat(ops, cop_log_entry_op(l));
		strcat(ops, " ");
		cop_log_entry_free(l);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_log_iter_free(it);
	ck_assert_str_eq(ops, "fund.add fund.received fund.visibility "
		"hours.report ");
}
END_TEST

static Suite *funding_suite(void)
{
	Suite *s = suite_create("funding");

	TCase *tc = tu_tcase(s, "currencies", NULL, NULL);

	tcase_add_test(tc, test_currencies);
	tc = tu_tcase(s, "funding", setup, teardown);
	tcase_add_test(tc, test_add_list_lookup);
	tcase_add_test(tc, test_report);
	tcase_add_test(tc, test_received);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_visibility);
	tcase_add_test(tc, test_hours);
	tcase_add_test(tc, test_hours_by_org_kept);
	tcase_add_test(tc, test_log);
	return s;
}

int main(void)
{
	return tu_run(funding_suite());
}
