/*
 * cop-bench-queue: one page of the facilitator's queue (limit 50) read
 * through libcop against plain SQLite reading the same rows from the same
 * file, in the same run.
 *
 *   cop-bench-queue --db FILE [--community SLUG] [--days N] [--runs N]
 *
 * FILE is a libcop SQLite store, such as the cop-bench-libcop-N.db that
 * `bench/cop-bench --keep` leaves; opening it read-write migrates an
 * older schema, so give it a copy.  The store's clock is set to N days
 * (default 60) after the newest contribution, so that every kind has
 * waited past its default threshold; the queue of SLUG (default
 * community-0) is read as the system, --runs times (default 50) each
 * side, alternating, and the medians are compared.
 *
 * The plain side runs the statement the SQLite backend runs
 * (libcop/recognition_sql.h, COP_ROP_Q_LIST) with the same parameters,
 * prepared once, reading the 50 rows' columns: the floor of reading
 * those rows.  libcop's side adds what a caller pays: the permission
 * check (the community read), the thresholds' lookups, the iterator and
 * an object per item.  Targets: libcop under 20 ms a page and at most 1.5
 * times the plain figure.
 *
 * Benchmarks never fail a build: the exit status is 0 unless an
 * operation fails.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"
#include <cop/sys/backend.h>
#include "recognition_sql.h"

#define PAGE 50
#define DAY_MS (86400000LL)

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One page through libcop, as the system: how many items. */
static int libcop_page(cop_store *s, const char *slug)
{
	cop_page page = COP_PAGE_INIT;
	cop_queue_iter *it = NULL;
	cop_queue_item *item = NULL;
	int rc, n = 0;

	page.limit = PAGE;
	bu_lc_check(s, cop_queue_iter_new(&it, s, slug, &page), "queue");
	/* Each item as a caller reads it: its object and how long it waited. */
	for (rc = cop_queue_iter_next(&item, it); rc == COP_OK;
	     rc = cop_queue_iter_next(&item, it)) {
		n += cop_queue_item_object_id(item) != NULL &&
			cop_queue_item_waited(item) >= 0;
		cop_queue_item_free(item);
	}
	cop_queue_iter_free(it);
	bu_lc_check(s, rc == COP_ITEROVER ? COP_OK : rc, "queue page");
	return n;
}

/* The same rows with the sqlite3 API. */
static int plain_page(sqlite3_stmt *st)
{
	int rc, n = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 1) == 16 &&
		    sqlite3_column_int64(st, 2) > 0 && sqlite3_column_int(st, 0) >= 0)
			n++;
	}
	if (rc != SQLITE_DONE)
		bu_die("plain page", sqlite3_errstr(rc));
	sqlite3_reset(st);
	return n;
}

/* The index of parameter $n. */
static int param(sqlite3_stmt *st, int n)
{
	char name[8];

	snprintf(name, sizeof(name), "$%d", n);
	return sqlite3_bind_parameter_index(st, name);
}

/* The default threshold of each kind, in seconds (facilitation.h). */
static const int64_t defaults[COP_QUEUE_KINDS_STORED] = {
	COP_QUEUE_DEFAULT_UNANSWERED, COP_QUEUE_DEFAULT_UNACCEPTED,
	COP_QUEUE_DEFAULT_IDLE, COP_QUEUE_DEFAULT_NEWCOMER,
	COP_QUEUE_DEFAULT_FLAG, COP_QUEUE_DEFAULT_JOIN_REQUEST,
	COP_QUEUE_DEFAULT_QUIET
};

int main(int argc, char **argv)
{
	const char *db = NULL, *slug = "community-0";
	long days = 60, runs = 50;
	double *lc, *pl, t, lc_med, pl_med;
	unsigned char cid[16];
	cop_store *s = NULL;
	sqlite3 *sq = NULL;
	sqlite3_stmt *st;
	cop_time now;
	int i, k, n_lc = 0, n_pl = 0;

	bu_set_prog("cop-bench-queue");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--community") == 0 && i + 1 < argc)
			slug = argv[++i];
		else if (strcmp(argv[i], "--days") == 0 && i + 1 < argc)
			days = atol(argv[++i]);
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atol(argv[++i]);
		else {
			fprintf(stderr, "usage: cop-bench-queue --db FILE "
				"[--community SLUG] [--days N] [--runs N]\n");
			return 2;
		}
	}
	if (!db || runs < 1 || days < 0) {
		fprintf(stderr, "cop-bench-queue: --db FILE is required (a copy "
			"of a libcop store: it is migrated)\n");
		return 2;
	}
	/* libcop first: it migrates the file to the current schema. */
	bu_lc_check(NULL, cop_open(&s, db, NULL), db);
	if (sqlite3_open_v2(db, &sq, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		bu_die(db, sqlite3_errmsg(sq));
	st = bu_prep(sq, "SELECT max(created) FROM cop_contribution");
	now = bu_run(st) + days * DAY_MS;
	sqlite3_finalize(st);
	st = bu_prep(sq, "SELECT id FROM cop_community WHERE slug = ?1");
	bu_bind_text(st, 1, slug);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_bytes(st, 0) != 16)
		bu_die(slug, "no such community");
	memcpy(cid, sqlite3_column_blob(st, 0), 16);
	sqlite3_finalize(st);
	bu_lc_check(s, cop_store_set_time(s, now), "set_time");

	/* $N is bound by name: SQLite numbers the parameters in the order
	 * they first appear. */
	st = bu_prep(sq, rs_stmts[COP_ROP_Q_LIST].sql);
	bu_bind_id(st, param(st, 1), cid);
	for (k = 0; k < COP_QUEUE_KINDS_STORED; k++)
		sqlite3_bind_int64(st, param(st, 2 + k),
			now - defaults[k] * 1000);
	sqlite3_bind_int64(st, param(st, 9), INT64_MIN);
	sqlite3_bind_int64(st, param(st, 10), -1);
	sqlite3_bind_zeroblob(st, param(st, 11), 16);
	sqlite3_bind_int64(st, param(st, 12), PAGE);

	lc = calloc((size_t)runs, sizeof(*lc));
	pl = calloc((size_t)runs, sizeof(*pl));
	if (!lc || !pl)
		bu_die("memory", "out of memory");
	/* One of each to warm the caches, then alternating runs. */
	libcop_page(s, slug);
	plain_page(st);
	for (i = 0; i < runs; i++) {
		t = bu_now_s();
		n_lc = libcop_page(s, slug);
		lc[i] = bu_now_s() - t;
		t = bu_now_s();
		n_pl = plain_page(st);
		pl[i] = bu_now_s() - t;
	}
	if (n_lc != n_pl)
		fprintf(stderr, "cop-bench-queue: libcop read %d items, plain "
			"SQL %d rows\n", n_lc, n_pl);
	lc_med = median(lc, (int)runs) * 1000;
	pl_med = median(pl, (int)runs) * 1000;
	printf("cop-bench-queue: %s, community %s, %ld days after the newest "
		"contribution, %d items a page, %ld runs\n", db, slug, days,
		n_lc, runs);
	printf("  libcop     %8.3f ms a page (median)   target < 20 ms: %s\n",
		lc_med, lc_med < 20 ? "PASS" : "MISS");
	printf("  plain SQL  %8.3f ms a page (median)\n", pl_med);
	printf("  ratio      %8.2f                      target <= 1.5: %s\n",
		pl_med > 0 ? lc_med / pl_med : 0, pl_med > 0 &&
		lc_med / pl_med <= 1.5 ? "PASS" : "MISS");
	free(lc);
	free(pl);
	sqlite3_finalize(st);
	sqlite3_close(sq);
	cop_close(s);
	return 0;
}
