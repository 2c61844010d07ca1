/*
 * cop-bench-health: a community's health report over one year
 * (cop_health_report_json(), every figure of docs/health.md) through
 * libcop against plain SQL computing the same figures from the fact
 * tables (contributions, threads, members), in the same run.
 *
 *   cop-bench-health --db FILE [--community SLUG] [--days N] [--runs N]
 *
 * FILE is a libcop SQLite store, such as the cop-bench-libcop-N.db that
 * `bench/cop-bench --keep` leaves, or a copy of
 * cop-bench-libcop-1000000.db; opening it read-write migrates it, which
 * fills the health roll-ups from the facts (the time is printed).  The
 * period is the N days (default 365) ending on the newest contribution's
 * day; SLUG defaults to community-0.  Each side runs --runs times
 * (default 5), alternating; the medians are compared.
 *
 * The plain side is the floor of scanning the facts: the period's
 * contributions by member and month, each member's first contribution
 * ever, who contributed in the last 90 days, the questions with their
 * first response, and
 * the figures computed from those rows (levels, shares, absence factor,
 * retention, nearest-rank response times).  Targets: libcop under 50 ms
 * and at least 10 times faster than the plain side.
 *
 * Benchmarks never fail a build: the exit status is 0 unless an
 * operation fails.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "benchutil.h"
#include <cop/sys/backend.h>

#define DAY_MS (86400000LL)

static int cmp_desc(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static int cmp_asc(const void *a, const void *b)
{
	return -cmp_desc(a, b);
}

static void day_text(char *buf, int64_t day)
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

/* One member as the plain side sees it. */
typedef struct pm {
	unsigned char id[16];
	int64_t first, c, months, days;
	int recent;
} pm;

static int pm_cmp(const void *a, const void *b)
{
	return memcmp(((const pm *)a)->id, ((const pm *)b)->id, 16);
}

/* What the plain side computes (the checksums printed for both). */
typedef struct plain_out {
	int64_t contributions, questions, active, fresh, core, absence;
	int64_t responded;
	double median, p90, retention;
} plain_out;

typedef struct plain_ctx {
	sqlite3_stmt *members, *period, *recent, *questions, *totals;
	int64_t d0, d1;
} plain_ctx;

static pm *find(pm *v, size_t n, const void *id)
{
	pm key;

	memcpy(key.id, id, 16);
	return bsearch(&key, v, n, sizeof(*v), pm_cmp);
}

static void plain_report(plain_ctx *p, plain_out *o)
{
	size_t n = 0, cap = 1024, i, k, newcomers = 0, kept = 0;
	int64_t *q = NULL, *v, sum, total = 0, half;
	size_t nq = 0, capq = 1024;
	pm *m = malloc(cap * sizeof(*m)), *x;

	memset(o, 0, sizeof(*o));
	q = malloc(capq * sizeof(*q));
	/* Every member's first contribution ever (by id). */
	while (sqlite3_step(p->members) == SQLITE_ROW) {
		if (n == cap && !(m = realloc(m, (cap *= 2) * sizeof(*m))))
			bu_die("memory", "out of memory");
		memset(&m[n], 0, sizeof(m[n]));
		memcpy(m[n].id, sqlite3_column_blob(p->members, 0), 16);
		m[n++].first = sqlite3_column_int64(p->members, 1) / DAY_MS;
	}
	sqlite3_reset(p->members);
	/* The period's contributions by member: count, months, days. */
	while (sqlite3_step(p->period) == SQLITE_ROW)
		if ((x = find(m, n, sqlite3_column_blob(p->period, 0)))) {
			x->c = sqlite3_column_int64(p->period, 1);
			x->months = sqlite3_column_int64(p->period, 2);
			x->days = sqlite3_column_int64(p->period, 3);
		}
	sqlite3_reset(p->period);
	while (sqlite3_step(p->recent) == SQLITE_ROW)
		if ((x = find(m, n, sqlite3_column_blob(p->recent, 0))))
			x->recent = 1;
	sqlite3_reset(p->recent);
	if (sqlite3_step(p->totals) == SQLITE_ROW)
		o->contributions = sqlite3_column_int64(p->totals, 0);
	sqlite3_reset(p->totals);
	while (sqlite3_step(p->questions) == SQLITE_ROW) {
		o->questions++;
		if (sqlite3_column_type(p->questions, 1) == SQLITE_NULL)
			continue;
		if (nq == capq && !(q = realloc(q, (capq *= 2) * sizeof(*q))))
			bu_die("memory", "out of memory");
		q[nq++] = sqlite3_column_int64(p->questions, 1) -
			sqlite3_column_int64(p->questions, 0);
	}
	sqlite3_reset(p->questions);
	/* The figures. */
	v = malloc((n ? n : 1) * sizeof(*v));
	half = p->d0 + (p->d1 - p->d0 + 1) / 2;
	for (i = k = 0; i < n; i++) {
		if (m[i].c > 0) {
			o->active++;
			v[k++] = m[i].c;
			total += m[i].c;
			if (m[i].c >= 10 && 2 * m[i].months >= 13)
				o->core++;
		}
		if (m[i].first >= p->d0 && m[i].first <= p->d1)
			o->fresh++;
		if (m[i].first >= p->d0 && m[i].first < half) {
			newcomers++;
			kept += m[i].days > 1;
		}
	}
	qsort(v, k, sizeof(*v), cmp_desc);
	for (i = 0, sum = 0; i < k; i++)
		if (2 * (sum += v[i]) >= total)
			break;
	o->absence = total ? (int64_t)i + 1 : 0;
	o->retention = newcomers ? (double)kept / (double)newcomers : 0;
	qsort(q, nq, sizeof(*q), cmp_asc);
	o->responded = (int64_t)nq;
	if (nq) {
		o->median = q[(nq * 50 + 99) / 100 - 1] / 3600000.0;
		o->p90 = q[(nq * 90 + 99) / 100 - 1] / 3600000.0;
	}
	free(v);
	free(m);
	free(q);
}

/* The number after "KEY": in the document, or -1. */
static double doc_num(const char *doc, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(doc, pat);
	return p ? atof(p + strlen(pat)) : -1;
}

int main(int argc, char **argv)
{
	const char *db = NULL, *slug = "community-0";
	long days = 365, runs = 5;
	double *lc, *pl, *lcc, *plc, t, c, lc_med, pl_med, migrate;
	char from[11], to[11], *doc = NULL;
	unsigned char cid[16];
	cop_store *s = NULL;
	sqlite3 *sq = NULL;
	sqlite3_stmt *st;
	plain_ctx p;
	plain_out o;
	int i, rc;

	bu_set_prog("cop-bench-health");
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
			fprintf(stderr, "usage: cop-bench-health --db FILE "
				"[--community SLUG] [--days N] [--runs N]\n");
			return 2;
		}
	}
	if (!db || runs < 1 || days < 1) {
		fprintf(stderr, "cop-bench-health: --db FILE is required (a copy "
			"of a libcop store: it is migrated)\n");
		return 2;
	}
	/* libcop first: it migrates the file, filling the roll-ups. */
	t = bu_now_s();
	bu_lc_check(NULL, cop_open(&s, db, BU_SYSTEM), db);
	migrate = bu_now_s() - t;
	sq = bu_plain_open(db, 1024 * 1024);
	st = bu_prep(sq, "SELECT id FROM cop_community WHERE slug = ?1");
	bu_bind_text(st, 1, slug);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_bytes(st, 0) != 16)
		bu_die(slug, "no such community");
	memcpy(cid, sqlite3_column_blob(st, 0), 16);
	sqlite3_finalize(st);
	st = bu_prep(sq, "SELECT max(created) FROM cop_contribution");
	p.d1 = bu_run(st) / DAY_MS;
	sqlite3_finalize(st);
	p.d0 = p.d1 - days + 1;
	day_text(from, p.d0);
	day_text(to, p.d1);
	bu_lc_check(s, cop_store_set_time(s, (p.d1 + 1) * DAY_MS),
		"set_time");

#define SHOWN " c JOIN cop_thread t ON t.id = c.thread_id WHERE " \
	"c.community_id = ?1 AND c.hidden = 0 AND t.hidden = 0 "
	p.members = bu_prep(sq, "SELECT c.author_id, min(c.created) FROM "
		"cop_contribution" SHOWN "AND c.author_id IS NOT NULL GROUP BY "
		"c.author_id ORDER BY c.author_id");
	p.period = bu_prep(sq, "SELECT c.author_id, count(*), count(DISTINCT "
		"strftime('%Y-%m', c.created / 1000, 'unixepoch')), count(DISTINCT "
		"c.created / 86400000) FROM cop_contribution" SHOWN "AND "
		"c.created >= ?2 AND c.created < ?3 AND c.author_id IS NOT NULL "
		"GROUP BY c.author_id");
	p.recent = bu_prep(sq, "SELECT DISTINCT c.author_id FROM "
		"cop_contribution" SHOWN "AND c.created >= ?4 AND c.created < ?3");
	p.totals = bu_prep(sq, "SELECT count(*), count(c.author_id) FROM "
		"cop_contribution" SHOWN "AND c.created >= ?2 AND c.created < ?3");
	/* The questions with their first response, answer and accepted
	 * answer, from the facts (libcop reads them from its roll-up,
	 * cop_health_question). */
	p.questions = bu_prep(sq, "SELECT t.created, (SELECT min(c.created) "
		"FROM cop_contribution c WHERE c.thread_id = t.id AND c.hidden = 0 "
		"AND c.author_id IS NOT NULL AND (t.author_id IS NULL OR "
		"c.author_id <> t.author_id)), CASE WHEN EXISTS (SELECT 1 FROM "
		"cop_contribution c WHERE c.thread_id = t.id AND c.kind = 2 AND "
		"c.hidden = 0) THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM "
		"cop_accept a JOIN cop_contribution c ON c.id = a.contribution_id "
		"WHERE a.thread_id = t.id AND c.hidden = 0) THEN 1 ELSE 0 END FROM "
		"cop_thread t WHERE t.community_id = ?1 AND t.kind = 1 AND "
		"t.hidden = 0 AND t.created >= ?2 AND t.created < ?3");
	{
		sqlite3_stmt *all[] = { p.members, p.period, p.recent, p.totals,
			p.questions };
		size_t j;
		for (j = 0; j < sizeof(all) / sizeof(all[0]); j++) {
			int np = sqlite3_bind_parameter_count(all[j]), k;
			for (k = 1; k <= np; k++) {
				const char *nm = sqlite3_bind_parameter_name(all[j], k);
				int which = nm ? atoi(nm + 1) : k;
				if (which == 1)
					bu_bind_id(all[j], k, cid);
				else if (which == 2)
					sqlite3_bind_int64(all[j], k, p.d0 * DAY_MS);
				else if (which == 3)
					sqlite3_bind_int64(all[j], k, (p.d1 + 1) * DAY_MS);
				else
					sqlite3_bind_int64(all[j], k, (p.d1 - 89) * DAY_MS);
			}
		}
	}

	lc = calloc((size_t)runs, sizeof(*lc));
	pl = calloc((size_t)runs, sizeof(*pl));
	lcc = calloc((size_t)runs, sizeof(*lcc));
	plc = calloc((size_t)runs, sizeof(*plc));
	if (!lc || !pl || !lcc || !plc)
		bu_die("memory", "out of memory");
	for (i = 0; i < runs; i++) {
		t = bu_now_s();
		c = bu_cpu_s();
		rc = cop_health_report_json(&doc, s, slug, from, to);
		lc[i] = bu_now_s() - t;
		lcc[i] = bu_cpu_s() - c;
		bu_lc_check(s, rc, "cop_health_report_json");
		if (i < runs - 1)
			cop_text_dispose(doc);
		t = bu_now_s();
		c = bu_cpu_s();
		plain_report(&p, &o);
		pl[i] = bu_now_s() - t;
		plc[i] = bu_cpu_s() - c;
		printf("  run %d: libcop %.3f ms (CPU %.3f ms), plain %.3f ms "
			"(CPU %.3f ms)\n", i + 1, lc[i] * 1000, lcc[i] * 1000,
			pl[i] * 1000, plc[i] * 1000);
		fflush(stdout);
	}
	lc_med = bu_median(lc, (int)runs) * 1000;
	pl_med = bu_median(pl, (int)runs) * 1000;
	printf("cop-bench-health: %s, community %s, %s to %s, %ld runs; "
		"migration (roll-ups filled) %.1f s\n", db, slug, from, to, runs,
		migrate);
	printf("  figures    libcop: contributions %.0f, questions %.0f, active "
		"%.0f, new %.0f, core %.0f, absence %.0f, responded %.0f, median "
		"%.3f h, p90 %.3f h\n", doc_num(doc, "contributions"),
		doc_num(doc, "questions"), doc_num(doc, "active_members"),
		doc_num(doc, "new_contributors"), doc_num(doc, "core"),
		doc_num(doc, "absence_factor"), doc_num(doc, "responded"),
		doc_num(doc, "median"), doc_num(doc, "p90"));
	printf("             plain:  contributions %lld, questions %lld, active "
		"%lld, new %lld, core %lld, absence %lld, responded %lld, median "
		"%.3f h, p90 %.3f h\n", (long long)o.contributions,
		(long long)o.questions, (long long)o.active, (long long)o.fresh,
		(long long)o.core, (long long)o.absence, (long long)o.responded,
		o.median, o.p90);
	printf("  libcop     %9.3f ms a report (median)   target < 50 ms: %s\n",
		lc_med, lc_med < 50 ? "PASS" : "MISS");
	printf("  plain SQL  %9.3f ms (median)\n", pl_med);
	printf("  CPU time   libcop %.3f ms, plain %.3f ms (medians: what the "
		"machine's load moves less)\n", bu_median(lcc, (int)runs) * 1000,
		bu_median(plc, (int)runs) * 1000);
	printf("  ratio      %9.2f times faster            target >= 10: %s\n",
		lc_med > 0 ? pl_med / lc_med : 0, lc_med > 0 &&
		pl_med / lc_med >= 10 ? "PASS" : "MISS");
	cop_text_dispose(doc);
	free(lc);
	free(pl);
	free(lcc);
	free(plc);
	sqlite3_finalize(p.members);
	sqlite3_finalize(p.period);
	sqlite3_finalize(p.recent);
	sqlite3_finalize(p.totals);
	sqlite3_finalize(p.questions);
	sqlite3_close(sq);
	cop_close(s);
	return 0;
}
