/*
 * bench/benchutil.c: what the SQLite benchmark programs share; see
 * benchutil.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "benchutil.h"

static const char *prog = "cop-bench";

void bu_set_prog(const char *name)
{
	prog = name;
}

void bu_die(const char *what, const char *msg)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, msg ? msg : "?");
	exit(1);
}

void bu_lc_check(cop_store *s, int rc, const char *what)
{
	if (rc != COP_OK)
		bu_die(what, s ? cop_errmsg(s) : cop_strerror(rc));
}

double bu_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bu_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int64_t bu_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void bu_remove_db(const char *path)
{
	char p[4200];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

sqlite3_stmt *bu_prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			NULL) != SQLITE_OK)
		bu_die(sql, sqlite3_errmsg(db));
	return st;
}

long bu_run(sqlite3_stmt *st)
{
	long v = -1;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	if (rc != SQLITE_DONE)
		bu_die(sqlite3_sql(st), sqlite3_errmsg(sqlite3_db_handle(st)));
	sqlite3_reset(st);
	return v;
}

void bu_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		bu_die(sql, err);
}

/* cop_text(format, body) as a plain program would stand it in: the body
 * as it is (the benchmarks' bodies are plain text, which libcop indexes
 * as it is too). */
static void text_as_is(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_value(ctx, argv[1]);
}

/* cop_fts_held(fid) and cop_bulk_community(id) for a connection that
 * is in no bulk load of libcop's: 0. */
static void zero_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, 0);
}

/* What a libcop file's triggers call, for a plain connection that writes
 * contributions into it: cop_text(), the tokenizer "cop" (unicode61
 * here; libcop's also makes CJK runs bigrams, which the benchmarks' text
 * has none of), cop_fts_held() and cop_bulk_community() (docs/search.md,
 * docs/health.md). */
void bu_libcop_functions(sqlite3 *db)
{
	fts5_api *api = NULL;
	fts5_tokenizer t;
	sqlite3_stmt *st = NULL;
	void *ud = NULL;

	if (sqlite3_create_function(db, "cop_text", 2, SQLITE_UTF8 |
			SQLITE_DETERMINISTIC, NULL, text_as_is, NULL, NULL) !=
	    SQLITE_OK)
		bu_die("cop_text", sqlite3_errmsg(db));
	if (sqlite3_create_function(db, "cop_fts_held", 1, SQLITE_UTF8 |
			SQLITE_DETERMINISTIC, NULL, zero_fn, NULL, NULL) !=
	    SQLITE_OK ||
	    sqlite3_create_function(db, "cop_bulk_community", 1, SQLITE_UTF8 |
			SQLITE_DETERMINISTIC, NULL, zero_fn, NULL, NULL) !=
	    SQLITE_OK)
		bu_die("cop_fts_held", sqlite3_errmsg(db));
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return;         /* no FTS5: nothing calls the tokenizer */
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (api && api->xFindTokenizer(api, "unicode61", &ud, &t) == SQLITE_OK)
		api->xCreateTokenizer(api, "cop", ud, &t, NULL);
}

sqlite3 *bu_plain_open(const char *path, int cache_kib)
{
	sqlite3 *db;
	char sql[256];

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		bu_die(path, sqlite3_errmsg(db));
	bu_libcop_functions(db);
	sqlite3_busy_timeout(db, 5000);
	snprintf(sql, sizeof(sql), "PRAGMA foreign_keys = ON; "
		"PRAGMA temp_store = MEMORY; PRAGMA cache_size = -%d; "
		"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL",
		cache_kib);
	bu_exec(db, sql);
	return db;
}

void bu_bind_id(sqlite3_stmt *st, int col, const unsigned char *id)
{
	if (id)
		sqlite3_bind_blob(st, col, id, 16, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

void bu_bind_text(sqlite3_stmt *st, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

bu_child bu_in_child(void (*fn)(void *arg, void *out), void *arg,
	void *out, size_t size)
{
	bu_child c;
	struct rusage ru;
	int fd[2], status;
	pid_t pid;

	memset(&c, 0, sizeof(c));
	memset(&ru, 0, sizeof(ru));
	if (pipe(fd) != 0)
		bu_die("pipe", strerror(errno));
	fflush(NULL);
	if ((pid = fork()) < 0)
		bu_die("fork", strerror(errno));
	if (pid == 0) {
		close(fd[0]);
		fn(arg, out);
		if (write(fd[1], out, size) != (ssize_t)size)
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	c.ok = read(fd[0], out, size) == (ssize_t)size;
	close(fd[0]);
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		c.ok = 0;
	c.peak_kib = ru.ru_maxrss;
	c.cpu_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		(double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	return c;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bu_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
