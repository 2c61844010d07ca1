/*
 * bench/benchutil.h: what the SQLite benchmark programs share (cop-bench,
 * cop-bench-import): failing loudly, clocks, plain SQLite statements, and
 * running a measurement in a child process of its own.
 */
#ifndef COP_BENCHUTIL_H
#define COP_BENCHUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>
#include <cop/cop.h>

/** Open options acting as the system (the benches load and read every
 *  row, as an administrator does). */
#define BU_SYSTEM (&(const cop_open_options){ COP_OPEN_OPTIONS_VERSION, \
	COP_OPEN_SYSTEM, 0 })

/* The program's name in messages ("cop-bench"). */
void bu_set_prog(const char *name);

/* Print "PROG: WHAT: MSG" on stderr and exit with status 1. */
void bu_die(const char *what, const char *msg) __attribute__((noreturn));

/* bu_die() with the store's message when @p rc is not COP_OK. */
void bu_lc_check(cop_store *s, int rc, const char *what);

/* Seconds on the monotonic clock; this process's CPU time in seconds
 * (which other processes' load and disk traffic move less); UTC
 * milliseconds. */
double bu_now_s(void);
double bu_cpu_s(void);
int64_t bu_wall_ms(void);

/* Remove an SQLite file with its -wal and -shm files. */
void bu_remove_db(const char *path);

/* Prepare (persistent), or die. */
sqlite3_stmt *bu_prep(sqlite3 *db, const char *sql);

/* Step to the end and reset; the value of the first column of the last
 * row, -1 when there was none.  Dies on an error. */
long bu_run(sqlite3_stmt *st);

/* sqlite3_exec(), or die. */
void bu_exec(sqlite3 *db, const char *sql);

/* Open an existing file read-write with the connection settings libcop's
 * SQLite backend makes (foreign keys, temp store in memory, a page cache
 * of @p cache_kib KiB, WAL, synchronous NORMAL), or die. */
sqlite3 *bu_plain_open(const char *path, int cache_kib);
/* Register on @p db what a libcop file's triggers call (cop_text(), the
 * tokenizer "cop", cop_fts_held() and cop_bulk_community() as 0), as
 * bu_plain_open() does, for a plain connection that reads or writes it. */
void bu_libcop_functions(sqlite3 *db);
/* The median of the @p n values @p v (sorted in place). */
double bu_median(double *v, int n);

/* Bind a 16-byte id or a text (static; NULL binds NULL). */
void bu_bind_id(sqlite3_stmt *st, int col, const unsigned char *id);
void bu_bind_text(sqlite3_stmt *st, int col, const char *s);

/* What a child process measured besides its own result. */
typedef struct bu_child {
	int ok;                 /* it exited 0 and its result came back */
	long peak_kib;          /* its peak resident memory (ru_maxrss) */
	double cpu_s;           /* its user + system CPU time */
} bu_child;

/* Run @p fn(@p arg, @p out) in a forked child, so that its peak memory
 * is its own; the @p size bytes it leaves in @p out come back through a
 * pipe. */
bu_child bu_in_child(void (*fn)(void *arg, void *out), void *arg,
	void *out, size_t size);

#endif
