/*
 * sqlite/totals.c: a bulk load's period totals, held and written many
 * rows to a statement.
 *
 * An import adds its period totals one at a time (cop_backend_recognition
 * .total_add, through rop.c's COP_ROP_TOTAL_ADD): 38,160 upserts for the
 * 1x beer dump, each a statement's execution whose cost is mostly the
 * execution's own (its reset and halt freeing its cursors, each a malloc
 * and free under a mutex where SQLite has no lookaside; its bindings; its
 * write cursors opened on cop_rep_sum and its index) rather than the
 * row's.  While a bulk load is on, rop.c hands such a row here instead
 * (sq_held_add()), its keys already integers (key_get()): it is held in
 * b->held, and the held rows are written by one INSERT ... SELECT over
 * the virtual table cop_held_rows, which reads them from the C array
 * bound to it (sqlite3_bind_pointer(), as SQLite's carray extension
 * does).  An upsert of INSERT ... SELECT takes its rows one by one, so
 * that rows of the same key add up as they would one statement each.
 *
 * The held rows are written before anything else of the connection
 * reads or writes (sq_held_flush() from sq_prep_slot(), so sq_prep(),
 * and sq_step(), a listing's own statement (records.c), sq_begin(),
 * sq_commit() and sq_bulk_end()), so that a read sees them and a
 * savepoint holds only its own (a listing opened before they were held
 * reads on without them, as a cursor does over rows written after it
 * started); when the hold is full (SQ_HELD_MAX); and dropped by a
 * rollback (sq_held_drop()) or when SQLite rolled their transaction
 * back by itself.  An error in that write is reported by the call that
 * caused it, as PostgreSQL's pipeline reports a bulk load's errors late
 * (postgresql/pipeline.c): the held rows are dropped then, and the
 * caller is to roll back; until a rollback undoes the level at which
 * they failed, that level's commit fails too (sq_held_commit()), so
 * that a caller that let the error by does not commit without them.
 */
#include "sqlite/sq.h"

/* Rows held at most: 40 bytes each (2.5 MiB), the array grown as they
 * come and freed at the load's end.  A bulk flushes its totals up to
 * 98,304 at a time (recognition/bulk.c), 38,160 for the 1x beer import:
 * written by one statement, sorted (held_cmp()), they cost 299 M
 * instructions; by statements of 4,096 rows, 379 M unsorted. */
#define SQ_HELD_MAX 65536
#define SQ_HELD_FIRST 1024
/* Rows a step of the statement writes, in the hold's sorted order.  A
 * statement that writes many rows and may fail keeps a statement
 * journal (in memory here: temp_store) of every page it changes: one
 * step for a hold of 65,536 rows, at 20 copies of the beer dump, where
 * the totals are 30 MiB of pages and each flush reaches most of them,
 * took the import's peak memory from 92 to 117 MiB; 4,096 rows a step
 * keep it at 92. */
#define SQ_HELD_STMT 4096

/* The pointer type that sqlite3_bind_pointer() and
 * sqlite3_value_pointer() agree on: a sq_held_list. */
#define SQ_HELD_PTR "cop_held_rows"

/* The rows bound to cop_held_rows(?1): borrowed, for one step. */
typedef struct sq_held_list {
	const sq_held_row *v;
	size_t n;
} sq_held_list;

static const char held_sql[] =
	"INSERT INTO cop_rep_sum (who, scope, period, pstart, points) "
	"SELECT who, scope, period, pstart, points FROM cop_held_rows(?1) "
	"WHERE true ON CONFLICT (who, scope, period, pstart) DO UPDATE SET "
	"points = cop_rep_sum.points + excluded.points";

/* ---- the virtual table ------------------------------------------------------
 *
 * Eponymous only (no xCreate): cop_held_rows(?1) yields the rows of the
 * sq_held_list bound as its hidden column src, none without one.
 */
enum { HC_WHO, HC_SCOPE, HC_PERIOD, HC_PSTART, HC_POINTS, HC_SRC };

/* A cursor: the list it reads (borrowed from the binding) and where. */
typedef struct held_cursor {
	sqlite3_vtab_cursor base;
	const sq_held_list *list;
	size_t i;
} held_cursor;

/* xConnect: declare the table's columns; the vtab is SQLite's to free
 * (held_disconnect()). */
static int held_connect(sqlite3 *db, void *aux, int argc,
	const char *const *argv, sqlite3_vtab **out, char **err)
{
	sqlite3_vtab *t;
	int rc;

	(void)aux;
	(void)argc;
	(void)argv;
	(void)err;
	rc = sqlite3_declare_vtab(db, "CREATE TABLE x(who, scope, period, "
		"pstart, points, src HIDDEN)");
	if (rc != SQLITE_OK)
		return rc;
	if (!(t = sqlite3_malloc(sizeof(*t))))
		return SQLITE_NOMEM;
	memset(t, 0, sizeof(*t));
	sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
	*out = t;
	return SQLITE_OK;
}

/* xDisconnect: free what held_connect() made. */
static int held_disconnect(sqlite3_vtab *t)
{
	sqlite3_free(t);
	return SQLITE_OK;
}

/* xOpen: a cursor, SQLite's to free (held_close()). */
static int held_open(sqlite3_vtab *t, sqlite3_vtab_cursor **out)
{
	held_cursor *c = sqlite3_malloc(sizeof(*c));

	(void)t;
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	*out = &c->base;
	return SQLITE_OK;
}

/* xClose: free what held_open() made. */
static int held_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

/* xBestIndex: src = ? is the plan (its value is xFilter's argument 1,
 * idxNum 1); without it the table yields no rows (idxNum 0). */
static int held_best_index(sqlite3_vtab *t, sqlite3_index_info *info)
{
	int i;

	(void)t;
	info->idxNum = 0;
	info->estimatedCost = 1e12;
	for (i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *k = &info->aConstraint[i];

		if (k->iColumn != HC_SRC || k->op != SQLITE_INDEX_CONSTRAINT_EQ)
			continue;
		if (!k->usable)
			return SQLITE_CONSTRAINT;
		info->aConstraintUsage[i].argvIndex = 1;
		info->aConstraintUsage[i].omit = 1;
		info->idxNum = 1;
		info->estimatedCost = SQ_HELD_MAX;
		info->estimatedRows = SQ_HELD_MAX;
		break;
	}
	return SQLITE_OK;
}

/* xFilter: the cursor at the first row of the bound list. */
static int held_filter(sqlite3_vtab_cursor *cur, int idx_num,
	const char *idx_str, int argc, sqlite3_value **argv)
{
	held_cursor *c = (held_cursor *)cur;

	(void)idx_str;
	c->i = 0;
	c->list = NULL;
	if (idx_num == 1 && argc >= 1)
		c->list = sqlite3_value_pointer(argv[0], SQ_HELD_PTR);
	return SQLITE_OK;
}

/* xNext: the next row. */
static int held_next(sqlite3_vtab_cursor *cur)
{
	((held_cursor *)cur)->i++;
	return SQLITE_OK;
}

/* xEof: past the last row (or no list). */
static int held_eof(sqlite3_vtab_cursor *cur)
{
	const held_cursor *c = (const held_cursor *)cur;

	return !c->list || c->i >= c->list->n;
}

/* xColumn: a value of the row (src: NULL). */
static int held_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx,
	int col)
{
	const held_cursor *c = (const held_cursor *)cur;
	const sq_held_row *r = &c->list->v[c->i];

	switch (col) {
	case HC_WHO: sqlite3_result_int64(ctx, r->who); break;
	case HC_SCOPE: sqlite3_result_int64(ctx, r->scope); break;
	case HC_PERIOD: sqlite3_result_int64(ctx, r->period); break;
	case HC_PSTART: sqlite3_result_int64(ctx, r->pstart); break;
	case HC_POINTS: sqlite3_result_int64(ctx, r->points); break;
	default: sqlite3_result_null(ctx); break;
	}
	return SQLITE_OK;
}

/* xRowid: the row's place in the list. */
static int held_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out)
{
	*out = (sqlite3_int64)((const held_cursor *)cur)->i;
	return SQLITE_OK;
}

static const sqlite3_module held_module = {
	.iVersion = 0,
	.xConnect = held_connect,
	.xBestIndex = held_best_index,
	.xDisconnect = held_disconnect,
	.xOpen = held_open,
	.xClose = held_close,
	.xFilter = held_filter,
	.xNext = held_next,
	.xEof = held_eof,
	.xColumn = held_column,
	.xRowid = held_rowid,
};

/* The module on @p b's connection (sq.h); SQLite keeps the static
 * module table, no client data. */
int sq_held_register(sq_backend *b)
{
	return sqlite3_create_module_v2(b->db, SQ_HELD_PTR, &held_module, NULL,
		NULL);
}

/* ---- the hold ---------------------------------------------------------------- */

/* The rows forgotten as level b->depth rolls back (sq.h); the array is
 * b->held's own, freed with @p release. */
void sq_held_drop(sq_backend *b, int release)
{
	b->held.n = 0;
	if (release || b->held.failed >= b->depth)
		b->held.failed = 0;     /* the failed write is undone */
	if (release) {
		cop_free(b->held.v);
		b->held.v = NULL;
		b->held.cap = 0;
	}
	if (release > 1) {
		sqlite3_finalize(b->held.st);
		b->held.st = NULL;
	}
}

/* qsort() order of held rows: that of cop_rep_sum's index
 * cop_rep_sum_rank (scope, period, pstart, points DESC, who), so that
 * a load's new rows go into it in order (the write's 372 M instructions
 * for the 1x beer import unsorted, 323 M in the table's key order,
 * 299 M in the index's, the sort's 20 M included).  Rows of one key
 * stay rows of one key: the upsert adds them in any order. */
static int held_cmp(const void *pa, const void *pb)
{
	const sq_held_row *a = pa, *b = pb;

	if (a->scope != b->scope)
		return a->scope < b->scope ? -1 : 1;
	if (a->period != b->period)
		return a->period < b->period ? -1 : 1;
	if (a->pstart != b->pstart)
		return a->pstart < b->pstart ? -1 : 1;
	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	if (a->who != b->who)
		return a->who < b->who ? -1 : 1;
	return 0;
}

/* A write of held rows failed with SQLite's @p rc: they are lost to
 * level b->depth, whose commit must fail (sq_held_commit()) unless a
 * rollback undoes it first (sq_held_drop()). */
static void held_lost(sq_backend *b, int rc)
{
	if (!b->held.failed || b->held.failed > b->depth) {
		b->held.failed = b->depth;
		b->held.code = sq_code(rc) < 0 ? sq_code(rc) : COP_EIO;
	}
}

/* The held rows written by held_sql, sorted, SQ_HELD_STMT of them at a
 * time bound as a borrowed sq_held_list for a step (sq.h); an SQLite
 * code. */
int sq_held_write(sq_backend *b)
{
	sq_held_list list;
	size_t off;
	int rc, step;

	if (!b->held.n || b->held.pass)
		return SQLITE_OK;
	if (b->depth < 1 || b->lost || sqlite3_get_autocommit(b->db)) {
		/* SQLite rolled their transaction back (sq_txn_check()):
		 * they are gone with it, not written outside it. */
		b->held.n = 0;
		return SQLITE_OK;
	}
	list.v = b->held.v;
	list.n = b->held.n;
	b->held.pass = 1;     /* its own prepare and step write nothing first */
	rc = sq_prep_slot(b, &b->held.st, held_sql, "period totals");
	if (rc < 0) {
		b->held.pass = 0;
		b->held.n = 0;
		rc = sqlite3_errcode(b->db) != SQLITE_OK ?
			sqlite3_errcode(b->db) : SQLITE_ERROR;
		held_lost(b, rc);
		return rc;
	}
	qsort(b->held.v, b->held.n, sizeof(*b->held.v), held_cmp);
	/* SQ_HELD_STMT rows a step, in the order sorted. */
	for (off = 0, rc = SQLITE_OK; rc == SQLITE_OK && off < b->held.n;
	     off += list.n) {
		list.v = b->held.v + off;
		list.n = b->held.n - off < SQ_HELD_STMT ? b->held.n - off :
			SQ_HELD_STMT;
		rc = sqlite3_bind_pointer(b->held.st, 1, &list, SQ_HELD_PTR,
			NULL);
		if (rc == SQLITE_OK) {
			while ((step = sq_step(b, b->held.st)) == SQLITE_ROW)
				;
			rc = step == SQLITE_DONE ? SQLITE_OK : step;
		}
		sqlite3_reset(b->held.st);
		sqlite3_clear_bindings(b->held.st);
	}
	b->held.pass = 0;
	b->held.n = 0;
	if (rc != SQLITE_OK)
		held_lost(b, rc);
	return rc;
}

/* sq_held_write() with its error as the backend's (sq.h). */
int sq_held_flush(sq_backend *b)
{
	int rc = sq_held_write(b);

	return rc == SQLITE_OK ? COP_OK : sq_err(b, rc, "period totals");
}

/* @p row copied into b->held's array, grown as needed (sq.h). */
int sq_held_add(sq_backend *b, const sq_held_row *row)
{
	int rc;

	if (b->held.n >= SQ_HELD_MAX && (rc = sq_held_flush(b)) < 0)
		return rc;
	if (cop__grow(NULL, &b->held.v, b->held.n, &b->held.cap,
			sizeof(*b->held.v), SQ_HELD_FIRST) != COP_OK)
		return sq_fail(b, COP_ENOMEM, "out of memory");
	b->held.v[b->held.n++] = *row;
	return COP_OK;
}

/* The held rows written as a level commits, an earlier failure at it
 * reported again (sq.h). */
int sq_held_commit(sq_backend *b)
{
	int rc = sq_held_flush(b);

	if (rc == COP_OK && b->held.failed && b->held.failed >= b->depth)
		rc = sq_fail(b, b->held.code, "period totals: a write of the "
			"bulk load's totals failed earlier in the transaction "
			"(that call's error), and nothing rolled it back");
	return rc;
}

/* sq_held_commit() at the load's end; the array freed, the statement
 * kept for the next load (sq.h). */
int sq_held_end(sq_backend *b)
{
	int rc = sq_held_commit(b);

	cop_free(b->held.v);
	b->held.v = NULL;
	b->held.cap = 0;
	return rc;
}
