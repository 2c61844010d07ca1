/*
 * bench/bench_import_pg.c: cop-bench-import-pg, the Stack Exchange import
 * on PostgreSQL against the same import on SQLite (issue 18: "on
 * PostgreSQL at most 3 times the SQLite import's time on the same
 * machine").
 *
 *   cop-bench-import-pg --uri postgresql://... [--dump DIR] [--runs N]
 *                       [--dir DIR]
 *
 * Each run imports the dump (default: the beer dump, tests/data/beer)
 * with cop_import_stackexchange() twice, each in a child process of its
 * own: into a fresh SQLite file, then into a fresh schema of the
 * PostgreSQL database (cop_schema=..., dropped when closed).  The time is
 * from the start of the import to its commit (opening and closing the
 * store are not counted).  The best time of each side counts; the
 * program prints both, the ratio and PASS or MISS (target: at most 3).
 * After each import, outside the clock, cop_verify() must find nothing
 * and the import's counts must be the same on both sides.  Exit status:
 * 0 whatever the figures, 1 when an import fails or the sides differ,
 * 2 on bad arguments.  `make bench-import-pg` runs it on a throw-away
 * cluster (tools/pg-harness); bench/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cop/cop.h>

#include "benchutil.h"

#ifndef COP_BENCH_SOURCE
#define COP_BENCH_SOURCE "tests/data/beer"
#endif

#define TARGET 3.0

typedef struct side_arg {
	const char *uri;
	const char *dump;
} side_arg;

typedef struct side_out {
	double secs;
	int64_t counts[8];
	size_t differences;
	int ok;
	char err[256];
} side_out;

static void run_import(void *argp, void *outp)
{
	const side_arg *a = argp;
	side_out *o = outp;
	cop_import_options io = COP_IMPORT_OPTIONS_INIT;
	cop_import_report rep;
	cop_verify_report *v = NULL;
	cop_store *s = NULL;
	double t0;
	int rc;

	memset(o, 0, sizeof(*o));
	if ((rc = cop_open(&s, a->uri, BU_SYSTEM)) != COP_OK) {
		snprintf(o->err, sizeof(o->err), "open: %s", cop_errmsg(NULL));
		return;
	}
	io.community = "beer";
	t0 = bu_now_s();
	rc = cop_import_stackexchange(&rep, s, a->dump, &io);
	o->secs = bu_now_s() - t0;
	if (rc != COP_OK) {
		snprintf(o->err, sizeof(o->err), "import: %s", cop_errmsg(s));
		cop_close(s);
		return;
	}
	o->counts[0] = rep.members;
	o->counts[1] = rep.threads;
	o->counts[2] = rep.contributions;
	o->counts[3] = rep.revisions;
	o->counts[4] = rep.votes;
	o->counts[5] = rep.accepted;
	o->counts[6] = rep.badges;
	o->counts[7] = rep.links;
	if ((rc = cop_verify(&v, s, "beer", 0)) != COP_OK) {
		snprintf(o->err, sizeof(o->err), "verify: %s", cop_errmsg(s));
		cop_close(s);
		return;
	}
	o->differences = cop_verify_report_count(v);
	cop_verify_report_free(v);
	if (cop_close(s) != COP_OK) {
		snprintf(o->err, sizeof(o->err), "close: %s", cop_errmsg(NULL));
		return;
	}
	o->ok = 1;
}

/* One side's import in a child; dies when it fails. */
static side_out side(const char *name, const char *uri, const char *dump)
{
	side_arg a = { uri, dump };
	side_out o;
	bu_child c;

	memset(&o, 0, sizeof(o));
	c = bu_in_child(run_import, &a, &o, sizeof(o));
	if (!c.ok || !o.ok)
		bu_die(name, o.err[0] ? o.err : "the import's process failed");
	if (o.differences)
		bu_die(name, "cop_verify found differences after the import");
	printf("  %-10s %8.2f s  (process CPU %.2f s, peak %.1f MiB)\n",
		name, o.secs, c.cpu_s, (double)c.peak_kib / 1024.0);
	fflush(stdout);
	return o;
}

static void usage(void)
{
	fprintf(stderr, "usage: cop-bench-import-pg --uri postgresql://... "
		"[--dump DIR] [--runs N] [--dir DIR]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const char *const names[8] = { "members", "threads",
		"contributions", "revisions", "votes", "accepted", "badges",
		"links" };
	const char *uri = NULL, *dump = COP_BENCH_SOURCE, *dir = NULL;
	char sq_path[512], sq_uri[600], pg_uri[1024];
	double best_sq = 0, best_pg = 0, ratio;
	int64_t counts[8];
	int runs = 3, i, k;

	bu_set_prog("cop-bench-import-pg");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--uri") && i + 1 < argc)
			uri = argv[++i];
		else if (!strcmp(argv[i], "--dump") && i + 1 < argc)
			dump = argv[++i];
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else
			usage();
	}
	if (!uri || runs < 1 || (strncmp(uri, "postgresql:", 11) &&
	    strncmp(uri, "postgres:", 9)))
		usage();
	if (!dir)
		dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") :
			"/tmp";
	snprintf(sq_path, sizeof(sq_path), "%s/cop-bench-import-pg.%ld.db",
		dir, (long)getpid());
	snprintf(sq_uri, sizeof(sq_uri), "sqlite:%s", sq_path);
	snprintf(pg_uri, sizeof(pg_uri), "%s%scop_schema=cop_bench_import_%ld"
		"&cop_schema_drop=1", uri, strchr(uri, '?') ? "&" : "?",
		(long)getpid());
	printf("cop-bench-import-pg: %s, %d run%s, alternating SQLite and "
		"PostgreSQL\n", dump, runs, runs == 1 ? "" : "s");
	for (i = 0; i < runs; i++) {
		side_out a, b;
		bu_remove_db(sq_path);
		a = side("sqlite", sq_uri, dump);
		bu_remove_db(sq_path);
		b = side("postgresql", pg_uri, dump);
		for (k = 0; k < 8; k++)
			if (a.counts[k] != b.counts[k]) {
				fprintf(stderr, "cop-bench-import-pg: %s DIFFER: "
					"sqlite %lld, postgresql %lld\n", names[k],
					(long long)a.counts[k], (long long)b.counts[k]);
				return 1;
			}
		memcpy(counts, a.counts, sizeof(counts));
		if (i == 0 || a.secs < best_sq)
			best_sq = a.secs;
		if (i == 0 || b.secs < best_pg)
			best_pg = b.secs;
	}
	ratio = best_pg / best_sq;
	printf("best: sqlite %.2f s, postgresql %.2f s: %.2fx (target <= %.0fx) "
		"%s\n", best_sq, best_pg, ratio, TARGET,
		ratio <= TARGET ? "PASS" : "MISS");
	printf("the same on both sides, cop_verify clean:");
	for (k = 0; k < 8; k++)
		printf("%s %s %lld", k ? "," : "", names[k], (long long)counts[k]);
	printf("\n");
	bu_remove_db(sq_path);
	return 0;
}
