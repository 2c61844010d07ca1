/*
 * cop-bench-funding: a community's funding report and hours report from
 * libcop's maintained totals, against plain SQL aggregating the same raw
 * rows, in the same run.
 *
 *   cop-bench-funding [--db FILE] [--entries N] [--members N] [--dir DIR]
 *                     [--reads N] [--keep]
 *
 * Setup (not timed against anything): a community with --members members
 * (default 10,000, each with a pledge and an organisation among 50) and
 * --entries ledger entries (default 100,000) written through
 * cop_fund_add() (grants, pledges, half of them received, income and
 * expenses in EUR, GHS and USD, dated over ten years), which keeps the
 * totals in each write's transaction, and three months of hours given
 * for every member through cop_hours_record().  With --db, the members
 * come from that libcop database (cop-bench --keep leaves one), copied
 * first so it is left as it was; without, they are made here.
 *
 * Then, --reads times each (default 200; the median is reported):
 *  - the funding report at a date in the last month (balance, burn over
 *    3 months, runway, pledged outstanding per currency):
 *    cop_fund_report_lookup(), against one plain SQL statement reading
 *    the ledger's rows of the community and aggregating them to the same
 *    figures (checked equal);
 *  - the hours report of a month, in total and by organisation:
 *    cop_hours_report_lookup(), against plain SQL over the memberships,
 *    members and the hours rows.
 * Target: under 5 ms each for libcop.
 *
 * Benchmarks never fail a build: the exit status is 0 unless an
 * operation fails.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>
#include <cop/cop.h>

#include "benchutil.h"

#define SLUG "funding-bench"
#define AT "2024-12-15"
#define AT_DAY 20241215
#define HOURS_MONTH "2024-11"
#define ORGS 50

/* The data's random numbers (a 64-bit LCG, the same every run). */
static uint64_t rng(void)
{
	static uint64_t state = 20100518;

	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return state ^ (state >> 29);
}

/* Day @p n from 2015-01-01 as "YYYY-MM-DD" and its store time (noon). */
static void day_of(int n, char *buf, size_t size, cop_time *t)
{
	time_t s = (time_t)(1420070400 + (int64_t)n * 86400 + 43200);
	struct tm tm;

	gmtime_r(&s, &tm);
	snprintf(buf, size, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000,
		(tm.tm_mon + 1) % 100, tm.tm_mday % 100);
	*t = (cop_time)s * 1000;
}

/* The ids of up to @p want members of the store (made when missing). */
static char (*members_of(cop_store *s, int want, int *n))[COP_ID_TEXT_LEN + 1]
{
	char (*ids)[COP_ID_TEXT_LEN + 1] = calloc((size_t)want, sizeof(*ids));
	cop_member_iter *it = NULL;
	cop_member *m = NULL;
	char handle[64], org[64];
	int rc;

	if (!ids)
		bu_die("members", "out of memory");
	*n = 0;
	bu_lc_check(s, cop_member_iter_new(&it, s, NULL), "listing members");
	while (*n < want && (rc = cop_member_iter_next(&m, it)) == COP_OK) {
		snprintf(ids[(*n)++], sizeof(ids[0]), "%s", cop_member_id(m));
		cop_member_free(m);
	}
	cop_member_iter_free(it);
	while (*n < want) {
		snprintf(handle, sizeof(handle), "fund-m%d", *n);
		snprintf(org, sizeof(org), "Organisation %d", *n % ORGS);
		bu_lc_check(s, cop_member_create(&m, s, handle, handle, org, NULL),
			"creating a member");
		snprintf(ids[(*n)++], sizeof(ids[0]), "%s", cop_member_id(m));
		cop_member_free(m);
	}
	return ids;
}

static void setup(cop_store *s, int nmembers, int entries)
{
	static const char *const cur[] = { "EUR", "GHS", "USD" };
	char (*ids)[COP_ID_TEXT_LEN + 1];
	char date[16], org[64];
	cop_fund_entry *e = NULL;
	cop_fund_kind kind;
	cop_time t;
	double t0 = bu_now_s();
	int i, n, k;

	bu_lc_check(s, cop_batch_begin(s), "batch");
	ids = members_of(s, nmembers, &n);
	bu_lc_check(s, cop_community_create(NULL, s, SLUG, "Funding bench",
		NULL, "en", COP_VISIBILITY_PUBLIC), "creating the community");
	for (i = 0; i < n; i++) {
		/* Members from the --db file get an organisation here. */
		snprintf(org, sizeof(org), "Organisation %d", i % ORGS);
		bu_lc_check(s, cop_member_update(s, ids[i], NULL, org, NULL),
			"organisation");
		bu_lc_check(s, cop_community_join(NULL, s, SLUG, ids[i],
			(int)(rng() % 20)), "joining");
	}
	for (i = 0; i < entries; i++) {
		uint64_t r = rng();
		int day = (int)(r % 3650);

		k = (int)(r >> 20) % 10;
		kind = k == 0 ? COP_FUND_GRANT : k == 1 ? COP_FUND_PLEDGE :
			k < 4 ? COP_FUND_INCOME : COP_FUND_EXPENSE;
		day_of(day, date, sizeof(date), &t);
		bu_lc_check(s, cop_store_set_time(s, t), "clock");
		bu_lc_check(s, cop_fund_add(kind == COP_FUND_PLEDGE ? &e : NULL, s,
			SLUG, kind, 100 + (int64_t)((r >> 32) % 100000),
			cur[(r >> 8) % 20 < 14 ? 0 : (r >> 8) % 20 < 19 ? 1 : 2],
			date, "Counterparty", NULL, NULL), "adding an entry");
		if (e && (r >> 40) % 2) {
			day_of(day + 20, date, sizeof(date), &t);
			bu_lc_check(s, cop_store_set_time(s, t), "clock");
			bu_lc_check(s, cop_fund_receive(s, cop_fund_entry_id(e)),
				"receiving a pledge");
		}
		cop_fund_entry_free(e);
		e = NULL;
	}
	bu_lc_check(s, cop_store_set_time(s, 0), "clock");
	for (i = 0; i < n; i++)
		for (k = 9; k <= 11; k++) {
			snprintf(date, sizeof(date), "2024-%02d", k);
			bu_lc_check(s, cop_hours_record(s, SLUG, ids[i], date,
				(double)(rng() % 400) / 4, NULL), "reporting hours");
		}
	bu_lc_check(s, cop_batch_commit(s), "commit");
	printf("setup: %d members, %d ledger entries, %d hours reports "
		"(%.1f s)\n", n, entries, n * 3, bu_now_s() - t0);
	free(ids);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of @p n times (sorted in place), in ms. */
static double median_ms(double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	return t[n / 2] * 1000;
}

/* ---- the funding report ------------------------------------------------------ */

/* The same figures from the raw rows (cop_fund, as libcop keeps them):
 * balance, pledged outstanding, the window's expenses (the three whole
 * months before the date's: September to November 2024) and the first
 * day, by currency.  A scan of the table (+community_id: no index) is
 * the fastest plain plan here, the community holding every entry: going
 * through the index on (community_id, day) costs a lookup a row, about
 * three times as much. */
static const char plain_fund_sql[] =
	"SELECT currency,"
	" sum(CASE WHEN kind IN (0, 2) AND day <= ?2 THEN amount"
	" WHEN kind = 3 AND day <= ?2 THEN -amount"
	" WHEN kind = 1 AND received <> 0 AND received <= ?2 THEN amount"
	" ELSE 0 END),"
	" sum(CASE WHEN kind = 1 AND day <= ?2 AND (received = 0 OR"
	" received > ?2) THEN amount ELSE 0 END),"
	" sum(CASE WHEN kind = 3 AND day >= 20240901 AND day < 20241201"
	" THEN amount ELSE 0 END),"
	" min(day)"
	" FROM cop_fund WHERE +community_id = ?1 GROUP BY currency"
	" ORDER BY currency";

struct fig {
	char cur[4];
	int64_t balance, pledged, burn;
};

static int plain_fund(sqlite3_stmt *st, struct fig *f)
{
	int n = 0;

	while (sqlite3_step(st) == SQLITE_ROW && n < 8) {
		int64_t window = sqlite3_column_int64(st, 3);
		int64_t first = sqlite3_column_int64(st, 4) / 100;
		int64_t months = 2024 * 12 + 11 - (first / 100 * 12 + first % 100 -
			1);

		if (months > 3)
			months = 3;
		snprintf(f[n].cur, sizeof(f[n].cur), "%s",
			(const char *)sqlite3_column_text(st, 0));
		f[n].balance = sqlite3_column_int64(st, 1);
		f[n].pledged = sqlite3_column_int64(st, 2);
		f[n].burn = months > 0 ? (window + months / 2) / months : 0;
		n++;
	}
	sqlite3_reset(st);
	return n;
}

static void bench_fund(cop_store *s, sqlite3 *db, const unsigned char *cid,
	int reads)
{
	double *tl = calloc((size_t)reads, sizeof(double));
	double *tp = calloc((size_t)reads, sizeof(double));
	sqlite3_stmt *st = bu_prep(db, plain_fund_sql);
	cop_fund_report *r = NULL;
	struct fig f[8];
	double t, lib, plain;
	int i, n = 0;
	size_t j;

	if (!tl || !tp)
		bu_die("reads", "out of memory");
	bu_bind_id(st, 1, cid);
	sqlite3_bind_int64(st, 2, AT_DAY);
	for (i = 0; i < reads; i++) {
		t = bu_now_s();
		bu_lc_check(s, cop_fund_report_lookup(&r, s, SLUG, AT, 0),
			"funding report");
		tl[i] = bu_now_s() - t;
		if (i < reads - 1)
			cop_fund_report_free(r);
		t = bu_now_s();
		n = plain_fund(st, f);
		tp[i] = bu_now_s() - t;
	}
	/* The same figures both ways. */
	if ((size_t)n != cop_fund_report_count(r))
		bu_die("funding report", "plain SQL found other currencies");
	for (j = 0; j < (size_t)n; j++)
		if (strcmp(f[j].cur, cop_fund_report_currency(r, j)) ||
		    f[j].balance != cop_fund_report_balance(r, j) ||
		    f[j].pledged != cop_fund_report_pledged_outstanding(r, j) ||
		    f[j].burn != cop_fund_report_burn(r, j))
			bu_die("funding report", "plain SQL's figures differ");
	cop_fund_report_free(r);
	sqlite3_finalize(st);
	lib = median_ms(tl, reads);
	plain = median_ms(tp, reads);
	printf("funding report at %s (%d currencies; median of %d)\n", AT, n,
		reads);
	printf("  libcop  %8.3f ms  from the maintained totals  %s (target "
		"< 5 ms)\n", lib, lib < 5 ? "PASS" : "MISS");
	printf("  plain   %8.3f ms  aggregating the ledger's rows\n", plain);
	printf("  ratio   %8.1fx  (plain / libcop)\n", plain / lib);
	free(tl);
	free(tp);
}

/* ---- the hours report ---------------------------------------------------------- */

static const char plain_total_sql[] =
	"SELECT (SELECT sum(pledged_hours) FROM cop_membership"
	" WHERE community_id = ?1 AND status IN (0, 4)),"
	" (SELECT sum(minutes) FROM cop_hours WHERE community_id = ?1"
	" AND month = 202411)";
static const char plain_org_sql[] =
	"SELECT COALESCE(u.organisation, ''), sum(CASE WHEN m.status IN (0, 4)"
	" THEN m.pledged_hours ELSE 0 END), sum(COALESCE(h.minutes, 0))"
	" FROM cop_membership m JOIN cop_member u ON u.id = m.member_id"
	" LEFT JOIN cop_hours h ON h.community_id = m.community_id"
	" AND h.member_id = m.member_id AND h.month = 202411"
	" WHERE m.community_id = ?1 GROUP BY COALESCE(u.organisation, '')"
	" ORDER BY 1";

static void bench_hours(cop_store *s, sqlite3 *db, const unsigned char *cid,
	int reads, cop_hours_by by, const char *sql, const char *what)
{
	double *tl = calloc((size_t)reads, sizeof(double));
	double *tp = calloc((size_t)reads, sizeof(double));
	sqlite3_stmt *st = bu_prep(db, sql);
	cop_hours_report *h = NULL;
	double t, lib, plain, given = 0;
	size_t rows = 0;
	int i;

	if (!tl || !tp)
		bu_die("reads", "out of memory");
	bu_bind_id(st, 1, cid);
	for (i = 0; i < reads; i++) {
		t = bu_now_s();
		bu_lc_check(s, cop_hours_report_lookup(&h, s, SLUG, HOURS_MONTH,
			NULL, by), "hours report");
		tl[i] = bu_now_s() - t;
		rows = cop_hours_report_count(h);
		given = cop_hours_report_given(h, 0);
		cop_hours_report_free(h);
		t = bu_now_s();
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		sqlite3_reset(st);
		tp[i] = bu_now_s() - t;
	}
	sqlite3_finalize(st);
	lib = median_ms(tl, reads);
	plain = median_ms(tp, reads);
	printf("hours report of %s, %s (%zu rows, the first %.1f hours given; "
		"median of %d)\n", HOURS_MONTH, what, rows, given, reads);
	printf("  libcop  %8.3f ms  %s (target < 5 ms)\n", lib,
		lib < 5 ? "PASS" : "MISS");
	printf("  plain   %8.3f ms\n", plain);
	printf("  ratio   %8.1fx  (plain / libcop)\n", plain / lib);
	free(tl);
	free(tp);
}

/* Copy the SQLite database @p from to @p to with SQLite's backup (its
 * WAL too); @p from is only read. */
static void copy_db(const char *from, const char *to)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;

	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		bu_die(from, sqlite3_errmsg(src));
	if (sqlite3_open(to, &dst) != SQLITE_OK)
		bu_die(to, sqlite3_errmsg(dst));
	if (!(b = sqlite3_backup_init(dst, "main", src, "main")))
		bu_die(to, sqlite3_errmsg(dst));
	if (sqlite3_backup_step(b, -1) != SQLITE_DONE)
		bu_die(from, "copying failed");
	sqlite3_backup_finish(b);
	sqlite3_close(src);
	sqlite3_close(dst);
}

int main(int argc, char **argv)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	const char *from = NULL;
	int members = 10000, entries = 100000, reads = 200, keep = 0, i;
	unsigned char cid[16];
	char path[4096];
	cop_community *c = NULL;
	cop_store *s = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *st;

	bu_set_prog("cop-bench-funding");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			from = argv[++i];
		else if (!strcmp(argv[i], "--entries") && i + 1 < argc)
			entries = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--members") && i + 1 < argc)
			members = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--reads") && i + 1 < argc)
			reads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--keep"))
			keep = 1;
		else {
			fprintf(stderr, "usage: %s [--db FILE] [--entries N] "
				"[--members N] [--reads N] [--dir DIR] [--keep]\n",
				argv[0]);
			return 2;
		}
	}
	if (members < 1 || entries < 1 || reads < 1) {
		fprintf(stderr, "cop-bench-funding: --members, --entries and "
			"--reads are at least 1\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/cop-bench-funding.db", dir);
	bu_remove_db(path);
	if (from)
		copy_db(from, path);
	bu_lc_check(NULL, cop_open(&s, path, BU_SYSTEM), "opening");
	setup(s, members, entries);

	/* The community's id, for the plain statements. */
	bu_lc_check(s, cop_community_lookup(&c, s, SLUG), "community");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		bu_die(path, sqlite3_errmsg(db));
	/* A page cache that holds the ledger (64 MiB), as libcop's. */
	bu_exec(db, "PRAGMA cache_size = -65536");
	st = bu_prep(db, "SELECT id FROM cop_community WHERE slug = ?1");
	bu_bind_text(st, 1, SLUG);
	if (sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_bytes(st, 0) != 16)
		bu_die("community", "not found by plain SQL");
	memcpy(cid, sqlite3_column_blob(st, 0), 16);
	sqlite3_finalize(st);
	cop_community_free(c);

	bench_fund(s, db, cid, reads);
	bench_hours(s, db, cid, reads, COP_HOURS_TOTAL, plain_total_sql,
		"in total");
	bench_hours(s, db, cid, reads, COP_HOURS_BY_ORGANISATION, plain_org_sql,
		"by organisation");
	sqlite3_close(db);
	cop_close(s);
	if (keep)
		printf("kept %s\n", path);
	else
		bu_remove_db(path);
	return 0;
}
