/*
 * sql/sql.h: what the SQL backends (sqlite/, postgresql/) share, written
 * once.  Not installed; included by the backends and by the files of sql/.
 *
 *  - The records' columns: the column list each record is read from
 *    (COP_SQL_*_COLS) and, in the same order, the record's fields
 *    (cop__sql_records[], sql/record.c), both made from the core tables
 *    of sql/tables.h, which also give each backend's CREATE TABLE
 *    columns and insert and update statements.  A backend reads a row
 *    into a record and binds a record's fields as parameters with
 *    cop__sql_fill() and cop__sql_bind() below, through a small table of
 *    its own column readers and parameter binders (cop_sql_io).  Adding
 *    a column to a core record is one entry in its table there (and a
 *    migration step in each backend's schema.c).
 *  - The visibility rule in SQL (visibility.h).
 *  - The recognition and interoperability tables (sql/schema.h), with
 *    the types of each engine passed in.
 *  - The recognition, export and erasure statements (recognition_sql.h),
 *    and the typed feature interfaces written over them (sql/moderation.c,
 *    sql/links.c, sql/recognition.c, sql/privacy.c, sql/export.c).
 *  - The backends' method tables, opening, failures, one-row reads and
 *    iterator allocation.
 *
 * What differs between engines stays in each backend, or is passed in
 * by it: placeholders (?N in SQLite, $N with casts in PostgreSQL),
 * types, derived columns, upserts that must not abort a PostgreSQL
 * transaction, full-text search, locking, and SQLite's row layout
 * (sqlite/layout.h).
 */
#ifndef COP_SQL_H
#define COP_SQL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include "internal.h"
#include "visibility.h"
#include "sql/tables.h"

/* ---- the records' columns ------------------------------------------------ */

/* Generated from the tables (sql/tables.h), with the reads that are not
 * a table column: the member's handle of a membership, the log's seq. */
#define COP_SQL_MEMBER_COLS COP_SQL_SELECT(COP_SQL_TABLE_MEMBER, "u.")
#define COP_SQL_COMM_COLS COP_SQL_SELECT(COP_SQL_TABLE_COMMUNITY, "k.")
#define COP_SQL_MS_COLS COP_SQL_SELECT(COP_SQL_TABLE_MEMBERSHIP, "m.") \
	", u.handle"
#define COP_SQL_THR_COLS COP_SQL_SELECT(COP_SQL_TABLE_THREAD, "t.")
#define COP_SQL_CON_COLS COP_SQL_SELECT(COP_SQL_TABLE_CONTRIBUTION, "c.")
#define COP_SQL_REV_COLS COP_SQL_SELECT(COP_SQL_TABLE_REVISION, "r.")
#define COP_SQL_LOG_COLS "l.seq, " COP_SQL_SELECT(COP_SQL_TABLE_LOG, "l.")

/* ---- stats ---------------------------------------------------------------- */

/* The store's counts (cop_stats, in its order) with the engine's count of
 * distinct tags TAGS_; and a community's, its id the parameter C_, with
 * TAGS_ counting that community's tags.  Kinds: thread 1 a question,
 * contribution 2 an answer, 3 a comment. */
#define COP_SQL_STATS(TAGS_) \
	"SELECT (SELECT count(*) FROM cop_member), " \
	"(SELECT count(*) FROM cop_community), " \
	"(SELECT count(*) FROM cop_thread), " \
	"(SELECT count(*) FROM cop_thread WHERE kind = 1), " \
	"(SELECT count(*) FROM cop_contribution WHERE kind = 2), " \
	"(SELECT count(*) FROM cop_contribution WHERE kind = 3), " \
	"(SELECT count(*) FROM cop_contribution), " TAGS_
#define COP_SQL_STATS_C(C_, TAGS_) \
	"SELECT (SELECT count(*) FROM cop_membership WHERE community_id = " \
	C_ " AND status IN " COP_SQL_MS_SEES "), " \
	"(SELECT count(*) FROM cop_community WHERE id = " C_ "), " \
	"(SELECT count(*) FROM cop_thread WHERE community_id = " C_ "), " \
	"(SELECT count(*) FROM cop_thread WHERE community_id = " C_ \
	" AND kind = 1), " \
	"(SELECT count(*) FROM cop_contribution WHERE community_id = " C_ \
	" AND kind = 2), " \
	"(SELECT count(*) FROM cop_contribution WHERE community_id = " C_ \
	" AND kind = 3), " \
	"(SELECT count(*) FROM cop_contribution WHERE community_id = " C_ \
	"), " TAGS_

/* One row when the member whose id is U_ exists and the viewer V_ sees
 * them (visibility.h, the member listing's rule); none otherwise
 * (member_seen()). */
#define COP_SQL_MEMBER_SEEN_BY(U_, V_) "SELECT 1 FROM cop_member u " \
	"WHERE u.id = " U_ " AND " COP_SQL_MEMBER_SEEN(V_, "u.id")

/* The counts (cop_stats, in its order, the recognition counts too) as
 * the viewer V_ sees them, for the community C_ or the whole store (C_
 * NULL): the members V_ sees (visibility.h), the communities V_ sees,
 * their threads, contributions, votes and accepted answers V_ sees, and
 * their badges but those for what V_ may not see; TAGS_ the engine's
 * count of the distinct tags of the threads selected by
 * COP_SQL_STATS_THREADS(C_, V_) (aliases t, k). */
#define COP_SQL_STATS_IN(C_, A) "(" C_ " IS NULL OR " A ".community_id = " \
	C_ ")"
#define COP_SQL_STATS_THREADS(C_, V_) "cop_thread t JOIN cop_community k " \
	"ON k.id = t.community_id WHERE " COP_SQL_STATS_IN(C_, "t") " AND " \
	COP_SQL_VISIBLE(V_) " AND " COP_SQL_SEEN(V_)
#define COP_SQL_STATS_CONTRIBS(C_, V_) "cop_contribution c JOIN cop_thread " \
	"t ON t.id = c.thread_id JOIN cop_community k ON k.id = " \
	"c.community_id WHERE " COP_SQL_STATS_IN(C_, "c") " AND " \
	COP_SQL_VISIBLE(V_) " AND " COP_SQL_SEEN(V_) " AND " \
	COP_SQL_CON_SEEN(V_)
#define COP_SQL_STATS_SEEN(C_, V_, TAGS_) \
	"SELECT (SELECT count(*) FROM cop_member u WHERE " \
	COP_SQL_MEMBER_SEEN(V_, "u.id") " AND (" C_ " IS NULL OR EXISTS (" \
	"SELECT 1 FROM cop_membership m WHERE m.member_id = u.id AND " \
	"m.community_id = " C_ " AND " COP_SQL_MS_SEEING("m") "))), " \
	"(SELECT count(*) FROM cop_community k WHERE (" C_ " IS NULL OR " \
	"k.id = " C_ ") AND " COP_SQL_VISIBLE(V_) "), " \
	"(SELECT count(*) FROM " COP_SQL_STATS_THREADS(C_, V_) "), " \
	"(SELECT count(*) FROM " COP_SQL_STATS_THREADS(C_, V_) \
	" AND t.kind = 1), " \
	"(SELECT count(*) FROM " COP_SQL_STATS_CONTRIBS(C_, V_) \
	" AND c.kind = 2), " \
	"(SELECT count(*) FROM " COP_SQL_STATS_CONTRIBS(C_, V_) \
	" AND c.kind = 3), " \
	"(SELECT count(*) FROM " COP_SQL_STATS_CONTRIBS(C_, V_) "), " \
	TAGS_ ", " \
	"(SELECT count(*) FROM cop_vote w, " COP_SQL_STATS_CONTRIBS(C_, \
	V_) " AND w.contribution_id = c.id AND w.kind = 0), " \
	"(SELECT count(*) FROM cop_vote w, " COP_SQL_STATS_CONTRIBS(C_, \
	V_) " AND w.contribution_id = c.id AND w.kind = 1), " \
	"(SELECT count(*) FROM cop_accept a, " \
	COP_SQL_STATS_CONTRIBS(C_, V_) " AND a.contribution_id = c.id), " \
	"(SELECT count(*) FROM cop_badge b JOIN cop_community k ON k.id = " \
	"b.community_id WHERE " COP_SQL_STATS_IN(C_, "b") " AND " \
	COP_SQL_VISIBLE(V_) " AND (b.object_id IS NULL OR NOT " \
	COP_SQL_OBJ_HIDDEN(V_, "b.object_id") "))"

/* Record kinds with columns are 1 to COP_REC_LOG: a backend's statements
 * for them can be laid out as BASE + kind. */
#define COP_SQL_KINDS (COP_REC_LOG + 1)
#define COP_SQL_KIND_OK(k) ((int)(k) >= COP_REC_MEMBER && \
	(int)(k) <= COP_REC_LOG)

/* How a field is read and bound. */
enum {
	COP_SQL_KEY = 1,    /* cop_id, always bound as its 16 bytes */
	COP_SQL_ID,         /* cop_id, NULL when nil */
	COP_SQL_TEXT,       /* char *, NULL stays NULL */
	COP_SQL_TEXT_NN,    /* char *, bound as "" when NULL */
	COP_SQL_INT,        /* int */
	COP_SQL_I64,        /* int64_t (times) */
	COP_SQL_OPT_INT     /* cop_rec_opt_int: NULL when unset */
};

typedef struct cop_sql_field {
	unsigned char type;
	unsigned char n;         /* its parameter number on insert and
	                          * update; 0: its place among the fields
	                          * bound */
	unsigned short off;      /* offsetof in the record */
} cop_sql_field;

/** A record's fields in the order of its column list (and after them
 *  the fields only the export's scans read, sql/export.c). */
typedef struct cop_sql_record {
	const cop_sql_field *field;
	unsigned char ncols;     /* columns read (the *_COLS list) */
	unsigned char bind_from; /* first field bound on insert (log: 1) */
	unsigned char nbind;     /* fields bound on insert and update */
	unsigned char nfield;    /* every field, those after the columns too */
} cop_sql_record;

/** Indexed by cop_rec_kind; a kind without columns has field NULL. */
extern const cop_sql_record cop__sql_records[COP_REC_THREAD_CHANGE + 1];

/**
 * A backend's column readers and parameter binders.  @p ctx is the
 * backend's (a statement, a result row).  Readers fill NULL as NULL (or
 * the nil id, or 0) and return COP_OK or an error; binders take the
 * 1-based parameter number and return COP_OK or an error.
 */
typedef struct cop_sql_io {
	int (*col_id)(void *ctx, int col, cop_id *out);
	int (*col_text)(void *ctx, int col, char **out);
	int64_t (*col_int)(void *ctx, int col);
	int (*bind_id)(void *ctx, int i, const cop_id *id, int key);
	int (*bind_text)(void *ctx, int i, const char *s);
	int (*bind_int)(void *ctx, int i, int64_t v);
	/* whether the column is NULL (read for COP_SQL_OPT_INT only) */
	int (*col_null)(void *ctx, int col);
} cop_sql_io;

/**
 * The column a record of @p kind reads the field at offset @p off from
 * (its place in the column list): for a backend that reads a listing's
 * keys from the row.  -1 when the record has no such field.
 */
static inline int cop__sql_col_of(cop_rec_kind kind, size_t off)
{
	const cop_sql_record *r = &cop__sql_records[kind];
	int i;

	for (i = 0; i < (int)r->ncols; i++)
		if (r->field[i].off == off)
			return i;
	return -1;
}
#define COP_SQL_COL(kind, T, M) cop__sql_col_of((kind), offsetof(T, M))

#define COP_SQL_AT(rec, f, T) ((T *)(void *)((char *)(rec) + (f)->off))

/**
 * Fill @p rec (zeroed first) from the columns of a row, column col0 + i
 * into @p field[i] for each of the @p n fields.  On failure the record
 * may hold some strings: the caller frees (or forgets, when lent) them.
 */
static inline int cop__sql_fill_fields(const cop_sql_io *io, void *ctx,
	const cop_sql_field *field, unsigned int n, int col0, void *rec,
	size_t size)
{
	const cop_sql_field *f;
	unsigned int i;
	int rc;

	memset(rec, 0, size);
	for (i = 0; i < n; i++) {
		f = &field[i];
		switch (f->type) {
		case COP_SQL_KEY:
		case COP_SQL_ID:
			rc = io->col_id(ctx, col0 + (int)i,
				COP_SQL_AT(rec, f, cop_id));
			break;
		case COP_SQL_TEXT:
		case COP_SQL_TEXT_NN:
			rc = io->col_text(ctx, col0 + (int)i,
				COP_SQL_AT(rec, f, char *));
			break;
		case COP_SQL_INT:
			*COP_SQL_AT(rec, f, int) =
				(int)io->col_int(ctx, col0 + (int)i);
			rc = COP_OK;
			break;
		case COP_SQL_OPT_INT:
			if (!io->col_null(ctx, col0 + (int)i)) {
				COP_SQL_AT(rec, f, cop_rec_opt_int)->set = 1;
				COP_SQL_AT(rec, f, cop_rec_opt_int)->value =
					(int)io->col_int(ctx, col0 + (int)i);
			}
			rc = COP_OK;
			break;
		default:
			*COP_SQL_AT(rec, f, int64_t) =
				io->col_int(ctx, col0 + (int)i);
			rc = COP_OK;
			break;
		}
		if (rc < 0)
			return rc;
	}
	return COP_OK;
}

/** Fill @p rec of @p kind from a row by the record's field map (as
 *  cop__sql_fill_fields()). */
static inline int cop__sql_fill(const cop_sql_io *io, void *ctx,
	cop_rec_kind kind, int col0, void *rec, size_t size)
{
	const cop_sql_record *r = &cop__sql_records[kind];

	return cop__sql_fill_fields(io, ctx, r->field, r->ncols, col0, rec,
		size);
}

/**
 * Bind the fields of @p rec (of @p kind) that insert and update write,
 * each as its parameter number (sql/tables.h), else as parameters 1, 2,
 * ... in order.  Returns COP_OK or the first binder's error.
 */
static inline int cop__sql_bind(const cop_sql_io *io, void *ctx,
	cop_rec_kind kind, const void *rec)
{
	const cop_sql_record *r = &cop__sql_records[kind];
	const cop_sql_field *f;
	const char *t;
	unsigned int i;
	int rc, n = 1, p;

	for (i = r->bind_from; i < r->nbind; i++, n++) {
		f = &r->field[i];
		p = f->n ? f->n : n;
		switch (f->type) {
		case COP_SQL_KEY:
		case COP_SQL_ID:
			rc = io->bind_id(ctx, p, COP_SQL_AT(rec, f, const cop_id),
				f->type == COP_SQL_KEY);
			break;
		case COP_SQL_TEXT:
		case COP_SQL_TEXT_NN:
			t = *COP_SQL_AT(rec, f, char *const);
			rc = io->bind_text(ctx, p,
				!t && f->type == COP_SQL_TEXT_NN ? "" : t);
			break;
		case COP_SQL_INT:
			rc = io->bind_int(ctx, p, *COP_SQL_AT(rec, f, const int));
			break;
		case COP_SQL_OPT_INT:
			/* unset: NULL, bound as a NULL text */
			rc = COP_SQL_AT(rec, f, const cop_rec_opt_int)->set ?
				io->bind_int(ctx, p, COP_SQL_AT(rec, f,
					const cop_rec_opt_int)->value) :
				io->bind_text(ctx, p, NULL);
			break;
		default:
			rc = io->bind_int(ctx, p,
				*COP_SQL_AT(rec, f, const int64_t));
			break;
		}
		if (rc < 0)
			return rc;
	}
	return COP_OK;
}

/* ---- records and operation rows -------------------------------------------- */

/*
 * The typed feature interfaces (sys/backend.h, versions 5 and 6:
 * sql/moderation.c, links.c, recognition.c) are written
 * once, for every backend with rop(), over the shared statements of
 * recognition_sql.h: a record's fields become an operation's parameters,
 * and an operation's row a record, by the record's field map.
 */

/** Put the @p kind record's fields into @p p, in order (ids as ids, nil
 *  as NULL; borrowed strings).  Returns how many. */
unsigned int cop__sql_rec_vals(cop_rec_kind kind, const void *rec,
	cop_val *p);
/** Fill @p rec (zeroed first) from the columns of an operation row, in
 *  the field map's order; strings are copied (the caller owns them, and
 *  on failure none is left).  COP_OK or COP_ENOMEM. */
int cop__sql_rec_from_row(cop_rec_kind kind, const cop_row *row, void *rec,
	size_t size);
/** Fill @p rec (zeroed first) from an operation row's columns, column i
 *  into @p field[i] for each of the @p n fields; strings are copied (on
 *  failure some may be left: the caller clears the record).  COP_OK or
 *  COP_ENOMEM. */
int cop__sql_fields_from_row(const cop_sql_field *field, unsigned int n,
	const cop_row *row, void *rec, size_t size);

/* The typed tables over rop() (cop__sql_moderation, _links, _sources,
 * _recognition, _privacy, _export, _digest, _facilitation, ...) are
 * declared in internal.h: the core uses them for backends of versions 2
 * to 4 (to 5 for recognition, privacy and export, to 6 for digests). */

/**
 * Run operation @p op with the parameters @p types lists, one argument
 * each: 'i' a const cop_id * (the nil id, or NULL, is sent as NULL),
 * 'n' an int64_t, 't' a const char *; its rows are dropped.
 */
int cop__sql_run(cop_backend *be, int op, const char *types, ...);
/** The same, *out receiving the first column of its first row as an
 *  integer: COP_ENOTFOUND (and 0) when there is no row. */
int cop__sql_run_int(cop_backend *be, int op, int64_t *out,
	const char *types, ...);
/** The first row of operation @p op into a record of @p kind:
 *  COP_ENOTFOUND when there is none. */
int cop__sql_first_rec(cop_backend *be, int op, const cop_val *p,
	unsigned int n, cop_rec_kind kind, void *rec, size_t size);
/** Run operation @p op with the fields of the @p kind record @p rec as
 *  its parameters (cop__sql_rec_vals()); its rows are dropped. */
int cop__sql_rec_op(cop_backend *be, int op, cop_rec_kind kind,
	const void *rec);
/** Run operation @p op; *count receives how many rows it gave. */
int cop__sql_count_rows(cop_backend *be, int op, const cop_val *p,
	unsigned int n, unsigned int *count);
/** The id in the first column of operation @p op's first row into *out:
 *  COP_ENOTFOUND when there is no row. */
int cop__sql_first_id(cop_backend *be, int op, const cop_val *p,
	unsigned int n, cop_id *out);
/** Each row of operation @p op, its first column an integer, handed to
 *  @p each. */
int cop__sql_each_int(cop_backend *be, int op, const cop_val *p,
	unsigned int n, void (*each)(void *arg, int64_t v), void *arg);
/** An @p each of cop__sql_each_int() counting the rows into the
 *  unsigned int @p arg. */
void cop__sql_count_row(void *arg, int64_t v);
/** A listing of @p kind records over the rows of operation @p op; the
 *  records' strings are lent (COP_BACKEND_ITER_BORROWED). */
int cop__sql_rec_list(cop_backend *be, int op, const cop_val *p,
	unsigned int n, cop_rec_kind kind, size_t size,
	cop_backend_iter **out);

/** A newest-first keyset listing of @p kind records over operation
 *  @p op, whose parameters are (scope, after_num, after_id, limit): the
 *  bound (after_num, after_id) when @p has_after, else above every row;
 *  @p limit 0: no limit.  As cop__sql_rec_list(). */
int cop__sql_list_desc(cop_backend *be, int op, const cop_id *scope,
	int has_after, int64_t after_num, const cop_id *after_id,
	unsigned int limit, cop_rec_kind kind, size_t size,
	cop_backend_iter **out);

/* ---- the methods ------------------------------------------------------------ */

/*
 * The methods of an SQL backend whose functions are named P_free,
 * P_errmsg, ..., declared (COP_SQL_BACKEND_DECLARE) and put in its
 * cop_backend (COP_SQL_BACKEND_METHODS, designated initializers).
 */
#define COP_SQL_BACKEND_DECLARE(P) \
	void P##_free(cop_backend *be); \
	const char *P##_errmsg(cop_backend *be); \
	int P##_begin(cop_backend *be); \
	int P##_commit(cop_backend *be); \
	int P##_rollback(cop_backend *be); \
	int P##_insert(cop_backend *be, cop_rec_kind kind, void *rec); \
	int P##_update(cop_backend *be, cop_rec_kind kind, const void *rec); \
	int P##_get(cop_backend *be, cop_rec_kind kind, const cop_key *key, \
		void *out); \
	int P##_list(cop_backend *be, const cop_query *q, \
		cop_backend_iter **out); \
	int P##_search(cop_backend *be, const cop_search_query *q, \
		cop_backend_iter **out); \
	int P##_stats(cop_backend *be, const cop_id *community, \
		cop_stats *out); \
	int P##_stats_seen(cop_backend *be, const cop_id *community, \
		const cop_id *viewer, cop_stats *out); \
	int P##_member_seen(cop_backend *be, const cop_id *member, \
		const cop_id *viewer); \
	int P##_log_last_seq(cop_backend *be, int64_t *out); \
	int P##_rop(cop_backend *be, int op, const cop_val *params, \
		unsigned int n, cop_backend_iter **rows); \
	int P##_thread_access(cop_backend *be, const cop_id *thread, \
		const cop_id *viewer, cop_thread_rec *rec, cop_access_rec *acc)

#define COP_SQL_BACKEND_METHODS(P) \
	.version = COP_BACKEND_VERSION, .free = P##_free, \
	.errmsg = P##_errmsg, .begin = P##_begin, .commit = P##_commit, \
	.rollback = P##_rollback, .insert = P##_insert, \
	.update = P##_update, .get = P##_get, .list = P##_list, \
	.search = P##_search, .stats = P##_stats, \
	.log_last_seq = P##_log_last_seq, .rop = P##_rop, \
	.thread_access = P##_thread_access, \
	.moderation = &cop__sql_moderation, .links = &cop__sql_links, \
	.sources = &cop__sql_sources, .recognition = &cop__sql_recognition, \
	.privacy = &cop__sql_privacy, .export = &cop__sql_export, \
	.funding = &cop__sql_funding, .digest = &cop__sql_digest, \
	.notify = &cop__sql_notify, .events = &cop__sql_events, \
	.facilitation = &cop__sql_facilitation, \
	.health = &cop__sql_health, .mail = &cop__sql_mail, \
	.stats_seen = P##_stats_seen, .tags = &cop__sql_tags, \
	.member_seen = P##_member_seen, \
	.history = &cop__sql_history

/* Define int NAME(T *b, int code, const char *fmt, ...): the backend's
 * message (b->errmsg, a char array) set from @p fmt; returns @p code. */
#define COP_SQL_DEFINE_FAIL(NAME, T) \
	int NAME(T *b, int code, const char *fmt, ...) \
	{ \
		va_list ap_; \
		va_start(ap_, fmt); \
		vsnprintf(b->errmsg, sizeof(b->errmsg), fmt, ap_); \
		va_end(ap_); \
		return code; \
	}

/** Start opening a backend: *out and *errmsg cleared (when given);
 *  COP_EINVAL without @p out or @p uri. */
static inline int cop__sql_open_args(cop_backend **out, const char *uri,
	char **errmsg)
{
	if (out)
		*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	return out && uri ? COP_OK : COP_EINVAL;
}

/** A new backend instance of @p size bytes (its struct embedding the
 *  cop_backend first), zeroed but for the methods; NULL when out of
 *  memory. */
static inline void *cop__sql_instance(size_t size, const cop_backend *methods)
{
	cop_backend *be = cop_mallocz(size);

	if (be)
		*be = *methods;
	return be;
}

/* The static method table P_methods of backend P, named @p NAME. */
#define COP_SQL_BACKEND_TABLE(P, NAME) \
	static const cop_backend P##_methods = { \
		COP_SQL_BACKEND_METHODS(P), .name = NAME }

/**
 * A new listing iterator of @p size bytes (zeroed, its base's next and
 * free set), or NULL when out of memory.
 */
static inline void *cop__sql_iter_alloc(size_t size,
	int (*next)(cop_backend_iter *, void *),
	void (*free_)(cop_backend_iter *))
{
	cop_backend_iter *it = cop_mallocz(size);

	if (it) {
		it->next = next;
		it->free = free_;
	}
	return it;
}

/**
 * Start filling @p row with a result row of @p n columns: zeroed, at most
 * COP_ROW_MAX columns kept.  Returns how many to fill.
 */
static inline int cop__sql_row_start(cop_row *row, int n)
{
	if (n > COP_ROW_MAX)
		n = COP_ROW_MAX;
	memset(row, 0, sizeof(*row));
	row->ncols = (unsigned int)n;
	return n;
}

/**
 * An opening backend @p be failed with @p rc: hand @p msg (or the code's
 * text) to the opener's *errmsg, free the backend, return @p rc.
 */
static inline int cop__sql_open_fail(cop_backend *be, const char *msg,
	int rc, char **errmsg)
{
	if (errmsg)
		*errmsg = cop_strdup(msg && *msg ? msg : cop_strerror(rc));
	be->free(be);
	return rc;
}

/**
 * Fill @p out from a stats statement's row (COP_SQL_STATS's columns)
 * through @p io; the recognition counts are left 0 (the core adds them).
 */
static inline void cop__sql_stats_fill(const cop_sql_io *io, void *ctx,
	cop_stats *out)
{
	int64_t *f[8];
	int i;

	out->votes_up = out->votes_down = 0;
	out->accepted_answers = out->badges_awarded = 0;
	f[0] = &out->members; f[1] = &out->communities; f[2] = &out->threads;
	f[3] = &out->questions; f[4] = &out->answers; f[5] = &out->comments;
	f[6] = &out->contributions; f[7] = &out->tags;
	for (i = 0; i < 8; i++)
		*f[i] = io->col_int(ctx, i);
}

/**
 * Fill @p out from a COP_SQL_STATS_SEEN row through @p io: every count,
 * the recognition counts too.
 */
static inline void cop__sql_stats_seen_fill(const cop_sql_io *io, void *ctx,
	cop_stats *out)
{
	cop__sql_stats_fill(io, ctx, out);
	out->votes_up = io->col_int(ctx, 8);
	out->votes_down = io->col_int(ctx, 9);
	out->accepted_answers = io->col_int(ctx, 10);
	out->badges_awarded = io->col_int(ctx, 11);
}

#endif
