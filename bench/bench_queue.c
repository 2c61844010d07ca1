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
 * The plain side is what a program with the sqlite3 API and no libcop
 * would write to list the same items: one plain SELECT a kind (the
 * oldest 50 candidates of each, by the same conditions on the same
 * tables and columns), each prepared once, their rows merged in C by
 * (since, kind, id) and cut at 50.  libcop runs one statement (the kinds'
 * pages in a UNION ALL, recognition_sql.h's COP_ROP_Q_LIST) and adds
 * what a caller pays: the permission check (the community read), the
 * thresholds' lookups, the iterator and an object per item.  Targets:
 * libcop under 20 ms a page and at most 1.5 times the plain figure.
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

#define PAGE 50
#define DAY_MS (86400000LL)

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

/* The plain side's statements, one a kind: ?1 the community, ?2 the
 * kind's cutoff (the latest its start may be), ?3 the page's size; each
 * row (object id, since). */
static const char *const plain_sql[] = {
	/* 0: questions nobody but the asker answered or replied to */
	"SELECT id, created FROM cop_thread WHERE community_id = ?1 "
	"AND kind = 1 AND hidden = 0 AND closed = 0 AND replied = 0 "
	"AND created <= ?2 ORDER BY created, id LIMIT ?3",
	/* 1: answered questions without an accepted answer */
	"SELECT id, created FROM cop_thread WHERE community_id = ?1 "
	"AND kind = 1 AND hidden = 0 AND closed = 0 AND has_answer = 1 "
	"AND answered = 0 AND created <= ?2 ORDER BY created, id LIMIT ?3",
	/* 2: discussions idle without a summary */
	"SELECT id, last_activity FROM cop_thread WHERE community_id = ?1 "
	"AND kind = 0 AND hidden = 0 AND summary_id IS NULL "
	"AND last_activity <= ?2 ORDER BY last_activity, id LIMIT ?3",
	/* 3: newcomers whose first post nobody answered */
	"SELECT t.author_id, t.created FROM cop_thread t "
	"JOIN cop_membership m ON m.community_id = t.community_id "
	"AND m.member_id = t.author_id JOIN cop_member u ON u.id = t.author_id "
	"WHERE t.community_id = ?1 AND t.replied = 0 AND t.hidden = 0 "
	"AND m.status IN (0, 4) AND u.status <> 2 AND t.created <= ?2 "
	"AND NOT EXISTS (SELECT 1 FROM cop_contribution c "
	"WHERE c.community_id = ?1 AND c.author_id = t.author_id "
	"AND c.hidden = 0 AND c.created < t.created) "
	"ORDER BY t.created, t.author_id LIMIT ?3",
	/* 4: open flags on shown contributions */
	"SELECT g.id, g.created FROM cop_flag g JOIN cop_contribution c "
	"ON c.id = g.contribution_id JOIN cop_thread t ON t.id = c.thread_id "
	"WHERE g.community_id = ?1 AND g.state = 0 AND c.hidden = 0 "
	"AND t.hidden = 0 AND g.created <= ?2 ORDER BY g.created, g.id "
	"LIMIT ?3",
	/* 5: pending join requests */
	"SELECT m.member_id, m.joined FROM cop_membership m JOIN cop_member u "
	"ON u.id = m.member_id WHERE m.community_id = ?1 AND m.status = 1 "
	"AND u.status <> 2 AND m.joined <= ?2 ORDER BY m.joined, m.member_id "
	"LIMIT ?3",
	/* 6: active members gone quiet (their last day of activity) */
	"SELECT s.member_id, s.last_day * 86400000 FROM cop_standing s "
	"JOIN cop_membership m ON m.community_id = s.community_id "
	"AND m.member_id = s.member_id JOIN cop_member u ON u.id = s.member_id "
	"WHERE s.community_id = ?1 AND s.posts >= 3 AND m.status = 0 "
	"AND u.status <> 2 AND s.last_day <= ?2 / 86400000 "
	"ORDER BY s.last_day, s.member_id LIMIT ?3",
	/* 7: events ended without attendance recorded */
	"SELECT e.id, e.ends FROM cop_event e WHERE e.community_id = ?1 "
	"AND e.cancelled = 0 AND e.ends <= ?2 AND NOT EXISTS (SELECT 1 "
	"FROM cop_rsvp r WHERE r.event_id = e.id AND r.recorded <> 0) "
	"ORDER BY e.ends, e.id LIMIT ?3",
};
#define KINDS ((int)(sizeof(plain_sql) / sizeof(plain_sql[0])))

/* An item as the plain side collects it. */
typedef struct plain_item {
	int64_t since;
	int kind;
	unsigned char id[16];
} plain_item;

static int cmp_item(const void *a, const void *b)
{
	const plain_item *x = a, *y = b;

	if (x->since != y->since)
		return x->since < y->since ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return memcmp(x->id, y->id, 16);
}

/* One page with the sqlite3 API: each kind's oldest PAGE, merged and cut
 * at PAGE.  How many items. */
static int plain_page(sqlite3_stmt *const *st)
{
	plain_item v[KINDS * PAGE];
	int rc, n = 0, k, ok = 0;

	for (k = 0; k < KINDS; k++) {
		while ((rc = sqlite3_step(st[k])) == SQLITE_ROW) {
			if (sqlite3_column_bytes(st[k], 0) != 16)
				continue;
			memcpy(v[n].id, sqlite3_column_blob(st[k], 0), 16);
			v[n].since = sqlite3_column_int64(st[k], 1);
			v[n++].kind = k;
		}
		if (rc != SQLITE_DONE)
			bu_die("plain page", sqlite3_errstr(rc));
		sqlite3_reset(st[k]);
	}
	qsort(v, (size_t)n, sizeof(v[0]), cmp_item);
	for (k = 0; k < n && k < PAGE; k++)
		ok += v[k].since > 0;
	return ok;
}

/* The default threshold of each kind, in seconds (facilitation.h). */
static const int64_t defaults[KINDS] = {
	COP_QUEUE_DEFAULT_UNANSWERED, COP_QUEUE_DEFAULT_UNACCEPTED,
	COP_QUEUE_DEFAULT_IDLE, COP_QUEUE_DEFAULT_NEWCOMER,
	COP_QUEUE_DEFAULT_FLAG, COP_QUEUE_DEFAULT_JOIN_REQUEST,
	COP_QUEUE_DEFAULT_QUIET, COP_QUEUE_DEFAULT_EVENT
};

int main(int argc, char **argv)
{
	const char *db = NULL, *slug = "community-0";
	long days = 60, runs = 50;
	double *lc, *pl, t, lc_med, pl_med;
	unsigned char cid[16];
	cop_store *s = NULL;
	sqlite3 *sq = NULL;
	sqlite3_stmt *st, *pst[KINDS];
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
	bu_lc_check(NULL, cop_open(&s, db, BU_SYSTEM), db);
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

	for (k = 0; k < KINDS; k++) {
		pst[k] = bu_prep(sq, plain_sql[k]);
		bu_bind_id(pst[k], 1, cid);
		sqlite3_bind_int64(pst[k], 2, now - defaults[k] * 1000);
		sqlite3_bind_int64(pst[k], 3, PAGE);
	}

	lc = calloc((size_t)runs, sizeof(*lc));
	pl = calloc((size_t)runs, sizeof(*pl));
	if (!lc || !pl)
		bu_die("memory", "out of memory");
	/* One of each to warm the caches, then alternating runs. */
	libcop_page(s, slug);
	plain_page(pst);
	for (i = 0; i < runs; i++) {
		t = bu_now_s();
		n_lc = libcop_page(s, slug);
		lc[i] = bu_now_s() - t;
		t = bu_now_s();
		n_pl = plain_page(pst);
		pl[i] = bu_now_s() - t;
	}
	if (n_lc != n_pl)
		fprintf(stderr, "cop-bench-queue: libcop read %d items, plain "
			"SQL %d rows\n", n_lc, n_pl);
	lc_med = bu_median(lc, (int)runs) * 1000;
	pl_med = bu_median(pl, (int)runs) * 1000;
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
	for (k = 0; k < KINDS; k++)
		sqlite3_finalize(pst[k]);
	sqlite3_close(sq);
	cop_close(s);
	return 0;
}
