/*
 * funding.c: the funding interface (cop_backend_funding, interface
 * version 7): every method, its records and errors, called directly.
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

static const cop_backend_funding *fund(void)
{
	if (bt_be->version < 7 || !bt_be->funding) {
		printf("# SKIP funding: backend %s has no funding table\n",
			bt_be->name);
		return NULL;
	}
	ck_assert_uint_ge(bt_be->funding->version, 1);
	return bt_be->funding;
}

static cop_fund_rec entry(unsigned int n, int kind, int64_t amount,
	const char *cur, int64_t day)
{
	cop_fund_rec e;

	memset(&e, 0, sizeof(e));
	e.id = bt_id(n);
	e.community_id = bt_id(10);
	e.kind = kind;
	e.amount = amount;
	e.currency = (char *)cur;
	e.day = day;
	e.counterparty = (char *)"Donor";
	e.note = (char *)"";
	e.created = n;
	return e;
}

/* The sums of @p it as "CUR/kind=amount@first ..." into @p buf. */
static void sums_str(cop_backend_iter *it, char *buf, size_t size)
{
	cop_fund_sum_rec r;
	size_t n = 0;
	int rc;

	buf[0] = '\0';
	while ((rc = it->next(it, &r)) == COP_OK) {
		n += (size_t)snprintf(buf + n, size - n, "%s/%d=%lld@%lld ",
			r.currency, r.kind, (long long)r.amount, (long long)r.first);
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_FUND_SUM, &r);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
}

START_TEST(entries_and_sums)
{
	const cop_backend_funding *f = fund();
	cop_id k = bt_id(10);
	cop_backend_iter *it = NULL;
	cop_fund_query q;
	cop_fund_rec e, got;
	char buf[512];
	int vis = 7, n = 0, rc;

	if (!f)
		return;
	bt_community(bt_be, 10, "c", 0);
	e = entry(1, 0, 1000, "EUR", 20240110);
	BT_OK(bt_be, f->entry_insert(bt_be, &e));
	BT_RC(bt_be, COP_EEXISTS, f->entry_insert(bt_be, &e));
	e = entry(2, 1, 500, "EUR", 20240201);
	e.event_id = bt_id(99);
	BT_OK(bt_be, f->entry_insert(bt_be, &e));
	e = entry(3, 3, 300, "JPY", 20240201);
	BT_OK(bt_be, f->entry_insert(bt_be, &e));

	BT_OK(bt_be, f->entry_get(bt_be, &e.id, &got));
	ck_assert_int_eq(got.kind, 3);
	ck_assert_int_eq(got.amount, 300);
	BT_STR_EQ(got.currency, "JPY");
	BT_STR_EQ(got.counterparty, "Donor");
	ck_assert_int_eq(got.day, 20240201);
	ck_assert(cop_id_is_nil(&got.event_id));
	cop_rec_clear(COP_REC_FUND, &got);
	e.id = bt_id(2);
	BT_OK(bt_be, f->entry_get(bt_be, &e.id, &got));
	BT_ID_EQ(got.event_id, bt_id(99), "event");
	ck_assert_int_eq(got.received, 0);
	cop_rec_clear(COP_REC_FUND, &got);
	e.id = bt_id(4);
	BT_RC(bt_be, COP_ENOTFOUND, f->entry_get(bt_be, &e.id, &got));

	/* Only a pledge not yet received is received. */
	e.id = bt_id(2);
	BT_OK(bt_be, f->entry_receive(bt_be, &e.id, 20240301));
	BT_RC(bt_be, COP_ENOTFOUND, f->entry_receive(bt_be, &e.id, 20240302));
	e.id = bt_id(1);
	BT_RC(bt_be, COP_ENOTFOUND, f->entry_receive(bt_be, &e.id, 20240302));

	/* Newest first, from a bound. */
	memset(&q, 0, sizeof(q));
	q.community = k;
	BT_OK(bt_be, f->entry_list(bt_be, &q, &it));
	while ((rc = it->next(it, &got)) == COP_OK) {
		static const unsigned int want[] = { 3, 2, 1 };

		BT_ID_EQ(got.id, bt_id(want[n]), "listing");
		n++;
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_FUND, &got);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	ck_assert_int_eq(n, 3);
	it->free(it);
	q.has_after = 1;
	q.after_day = 20240201;
	q.after_id = bt_id(2);
	q.limit = 5;
	BT_OK(bt_be, f->entry_list(bt_be, &q, &it));
	BT_OK(bt_be, it->next(it, &got));
	BT_ID_EQ(got.id, bt_id(1), "after the bound");
	if (!(it->flags & COP_BACKEND_ITER_BORROWED))
		cop_rec_clear(COP_REC_FUND, &got);
	it->free(it);

	/* Totals: added to, summed by currency and kind over months. */
	BT_OK(bt_be, f->total_add(bt_be, &k, "EUR", 202401, 0, 1000));
	BT_OK(bt_be, f->total_add(bt_be, &k, "EUR", 202402, 0, 50));
	BT_OK(bt_be, f->total_add(bt_be, &k, "EUR", 202402, 0, 25));
	BT_OK(bt_be, f->total_add(bt_be, &k, "JPY", 202402, 3, 300));
	BT_OK(bt_be, f->sums(bt_be, &k, 0, 202412, &it));
	sums_str(it, buf, sizeof(buf));
	ck_assert_str_eq(buf, "EUR/0=1075@202401 JPY/3=300@202402 ");
	BT_OK(bt_be, f->sums(bt_be, &k, 202402, 202402, &it));
	sums_str(it, buf, sizeof(buf));
	ck_assert_str_eq(buf, "EUR/0=75@202402 JPY/3=300@202402 ");
	/* Day sums from the entries, the pledge received as kind 4. */
	BT_OK(bt_be, f->day_sums(bt_be, &k, 20240201, 20240331, &it));
	sums_str(it, buf, sizeof(buf));
	ck_assert(strstr(buf, "EUR/1=500@20240201 ") != NULL);
	ck_assert(strstr(buf, "JPY/3=300@20240201 ") != NULL);
	ck_assert(strstr(buf, "EUR/4=500@20240301 ") != NULL);
	ck_assert(strstr(buf, "EUR/0") == NULL);

	/* The setting: 0 until set. */
	BT_OK(bt_be, f->config_get(bt_be, &k, &vis));
	ck_assert_int_eq(vis, 0);
	BT_OK(bt_be, f->config_set(bt_be, &k, 1));
	BT_OK(bt_be, f->config_set(bt_be, &k, 1));
	BT_OK(bt_be, f->config_get(bt_be, &k, &vis));
	ck_assert_int_eq(vis, 1);
}
END_TEST

START_TEST(hours_rows)
{
	const cop_backend_funding *f = fund();
	cop_id k = bt_id(10), m = bt_id(2);
	cop_backend_iter *it = NULL;
	cop_hours_rec h, got;
	cop_hours_row_rec r;
	int rc, n = 0;

	if (!f)
		return;
	bt_community(bt_be, 10, "c", 0);
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "kofi");
	bt_membership(bt_be, 10, 1, 1, 0);
	bt_membership(bt_be, 10, 2, 1, 0);
	memset(&h, 0, sizeof(h));
	h.community_id = k;
	h.month = 202404;
	h.member_id = m;
	h.minutes = 90;
	h.note = (char *)"first";
	h.changed = 5;
	BT_OK(bt_be, f->hours_set(bt_be, &h));
	h.minutes = 120;
	h.note = (char *)"";
	BT_OK(bt_be, f->hours_set(bt_be, &h));   /* replaces */
	BT_OK(bt_be, f->hours_get(bt_be, &k, 202404, &m, &got));
	ck_assert_int_eq(got.minutes, 120);
	BT_STR_EQ(got.note, "");
	cop_rec_clear(COP_REC_HOURS, &got);
	BT_RC(bt_be, COP_ENOTFOUND, f->hours_get(bt_be, &k, 202405, &m, &got));

	/* By member: only kofi (ama pledged nothing and gave nothing). */
	BT_OK(bt_be, f->hours_rows(bt_be, &k, 202404, 202404,
		COP_HOURS_ROWS_MEMBER, &it));
	while ((rc = it->next(it, &r)) == COP_OK) {
		BT_ID_EQ(r.member_id, m, "member");
		BT_STR_EQ(r.handle, "kofi");
		ck_assert_int_eq(r.minutes, 120);
		n++;
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_HOURS_ROW, &r);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	ck_assert_int_eq(n, 1);
	it->free(it);
	BT_OK(bt_be, f->hours_rows(bt_be, &k, 202401, 202412, COP_HOURS_ROWS_TOTAL,
		&it));
	BT_OK(bt_be, it->next(it, &r));
	ck_assert_int_eq(r.minutes, 120);
	ck_assert(cop_id_is_nil(&r.member_id));
	if (!(it->flags & COP_BACKEND_ITER_BORROWED))
		cop_rec_clear(COP_REC_HOURS_ROW, &r);
	it->free(it);
	BT_RC(bt_be, COP_ENOTSUP, f->hours_rows(bt_be, &k, 202401, 202412, 9,
		&it));
}
END_TEST

/* The handles hours_rows_seen() lists for @p viewer, "a b". */
static const char *rows_seen(const cop_backend_funding *f, const cop_id *k,
	const cop_id *viewer)
{
	static char buf[128];
	cop_backend_iter *it = NULL;
	cop_hours_row_rec r;
	size_t n = 0;
	int rc;

	buf[0] = '\0';
	BT_OK(bt_be, f->hours_rows_seen(bt_be, k, 202401, 202412, viewer, &it));
	while ((rc = it->next(it, &r)) == COP_OK) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
			n ? " " : "", r.handle);
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_HOURS_ROW, &r);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	return buf;
}

/* By member for a reader: a member who left, and whom the reader meets
 * nowhere else, is no row, but for themself; their hours still count
 * in the total. */
START_TEST(hours_rows_seen)
{
	const cop_backend_funding *f = fund();
	cop_id k = bt_id(10), ama = bt_id(1), kofi = bt_id(2);
	cop_backend_iter *it = NULL;
	cop_hours_rec h;
	cop_hours_row_rec r;

	if (!f)
		return;
	ck_assert_uint_ge(f->version, 2);
	bt_community(bt_be, 10, "c", 0);
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "kofi");
	bt_membership(bt_be, 10, 1, 1, COP_MEMBERSHIP_ACTIVE);
	bt_membership(bt_be, 10, 2, 1, COP_MEMBERSHIP_LEFT);
	memset(&h, 0, sizeof(h));
	h.community_id = k;
	h.month = 202404;
	h.note = (char *)"";
	h.member_id = ama;
	h.minutes = 60;
	BT_OK(bt_be, f->hours_set(bt_be, &h));
	h.member_id = kofi;
	h.minutes = 120;
	BT_OK(bt_be, f->hours_set(bt_be, &h));
	ck_assert_str_eq(rows_seen(f, &k, &ama), "ama");
	ck_assert_str_eq(rows_seen(f, &k, &kofi), "ama kofi");
	BT_OK(bt_be, f->hours_rows(bt_be, &k, 202401, 202412,
		COP_HOURS_ROWS_TOTAL, &it));
	BT_OK(bt_be, it->next(it, &r));
	ck_assert_int_eq(r.minutes, 180);
	if (!(it->flags & COP_BACKEND_ITER_BORROWED))
		cop_rec_clear(COP_REC_HOURS_ROW, &r);
	it->free(it);
}
END_TEST

Suite *bt_funding_suite(void)
{
	const TTest *const tests[] = { entries_and_sums, hours_rows,
		hours_rows_seen };

	return BT_SUITE("funding", bt_setup, bt_teardown, tests);
}
