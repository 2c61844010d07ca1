/*
 * sqlite/sqlite.c: the SQLite backend (the default), over libsqlite3:
 * the instance, errors, parameters and columns, transactions, opening.
 *
 * One connection per backend instance, opened in multi-thread mode (a
 * store must not be used by two threads at once).  File databases run in
 * WAL mode with synchronous=NORMAL; every connection gets a busy timeout
 * and foreign_keys=ON.
 *
 * Statements are prepared once per connection, lazily on first use, with
 * SQLITE_PREPARE_PERSISTENT, into b->stmt[] (indexed by the S_* enum
 * of sqlite/sq.h), and reset after each use.  A listing borrows its statement from
 * that cache for as long as it streams rows; when the cached one is
 * already borrowed by another open listing of the same kind, the listing
 * prepares a private statement instead (finalized with the iterator).
 *
 * Transactions nest: the outermost begin is BEGIN IMMEDIATE (the write
 * lock is taken at once, so the reads a transaction makes stay current
 * until it commits), inner ones are SAVEPOINT s<depth>; commit and
 * rollback close the innermost level (RELEASE, or ROLLBACK TO + RELEASE).
 *
 * The schema and its migrations are in sqlite/schema.c, the statements
 * in sqlite/statements.c, records' reads and writes and the listings in
 * sqlite/records.c, full-text search in sqlite/search.c, the
 * recognition operations in sqlite/rop.c and a bulk load's held period
 * totals in sqlite/totals.c; sqlite/sq.h is what they share.
 */

#include <sys/stat.h>

#include "sqlite/sq.h"

COP_SQL_DEFINE_FAIL(sq_fail, sq_backend)

/* The status code for an SQLite result code (extended codes are on). */
int sq_code(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return COP_OK;
	case SQLITE_CONSTRAINT:
		return rc == SQLITE_CONSTRAINT_UNIQUE ||
		       rc == SQLITE_CONSTRAINT_PRIMARYKEY ? COP_EEXISTS : COP_EIO;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return COP_EBUSY;
	case SQLITE_NOMEM:
		return COP_ENOMEM;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return COP_ECORRUPT;
	case SQLITE_READONLY:
		return COP_EREADONLY;
	case SQLITE_FULL:
		return COP_EFULL;
	default:
		return COP_EIO;
	}
}

/* Record the connection's last error, after "@p what: ". */
int sq_err(sq_backend *b, int rc, const char *what)
{
	const char *m = b->db ? sqlite3_errmsg(b->db) : sqlite3_errstr(rc);
	int code = sq_code(rc);

	if (code == COP_OK)
		code = COP_EIO;
	if (!m || !*m || !strcmp(m, "not an error"))
		m = sqlite3_errstr(rc);
	/* The library's statements are fixed: a table or column they name
	 * that the file lacks is a damaged store, as PostgreSQL reports an
	 * undefined table (one code for one situation). */
	if ((rc & 0xff) == SQLITE_ERROR && (!strncmp(m, "no such table", 13) ||
	    !strncmp(m, "no such column", 14)))
		code = COP_ECORRUPT;
	snprintf(b->errmsg, sizeof(b->errmsg), "%s: %s", what, m);
	return code;
}

const char *sq_errmsg(cop_backend *be)
{
	return SQ(be)->errmsg[0] ? SQ(be)->errmsg : "no error";
}

/* Prepare @p sql (named @p name in messages) into the cache slot @p slot
 * unless it holds it already. */
int sq_prep_slot(sq_backend *b, sqlite3_stmt **slot, const char *sql,
	const char *name)
{
	int rc;

	if ((rc = sq_held_flush(b)) < 0 || *slot)
		return rc;      /* the held totals first (totals.c) */
	rc = sqlite3_prepare_v3(b->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot,
		NULL);
	if (rc == SQLITE_AUTH && b->bulk.notrig) {
		/* A write that needs its triggers (sq_step()). */
		sq_notrig_end(b);
		rc = sqlite3_prepare_v3(b->db, sql, -1,
			SQLITE_PREPARE_PERSISTENT, slot, NULL);
	}
	if (rc == SQLITE_OK)
		return COP_OK;
	*slot = NULL;
	return sq_err(b, rc, name);
}

/* The cached statement @p s, prepared on first use. */
int sq_prep(sq_backend *b, int s, sqlite3_stmt **out)
{
	int rc = sq_prep_slot(b, &b->stmt[s], sq_stmts[s].sql,
		sq_stmts[s].name);

	*out = b->stmt[s];
	return rc;
}

/*
 * sqlite3_step() for a statement that may write.  While a bulk load has
 * the triggers off (sq_notrig_begin()), a statement that writes where a
 * trigger would act is refused when it is prepared (SQLITE_AUTH, from
 * sq_auth()), which sqlite3_step() does again after the triggers went
 * off: they are turned on again, and it is stepped again, prepared with
 * them.
 */
int sq_step(sq_backend *b, sqlite3_stmt *st)
{
	int rc;

	if ((rc = sq_held_write(b)) != SQLITE_OK)
		return rc;      /* the held totals first (totals.c) */
	rc = sqlite3_step(st);
	if (rc == SQLITE_AUTH && b->bulk.notrig) {
		sq_notrig_end(b);
		sqlite3_reset(st);
		rc = sqlite3_step(st);
	}
	return rc;
}

/* Step a statement that returns no rows (or ignore them), and reset it. */
int sq_done(sq_backend *b, sqlite3_stmt *st, const char *what)
{
	int rc = sq_step(b, st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		int code = sq_err(b, rc, what);
		sqlite3_reset(st);
		return code;
	}
	sqlite3_reset(st);
	return COP_OK;
}

/* Run one cached statement without parameters. */
static int sq_run(sq_backend *b, int s)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sq_prep(b, s, &st)) < 0)
		return rc;
	return sq_done(b, st, sq_stmts[s].name);
}

/*
 * Step the cached statement @p s, its parameter 1 the key @p k when not
 * NULL, to its first row: COP_OK with *out on that row (the caller
 * resets it once read), COP_ENOTFOUND when there is none, or an error
 * (the statement reset).
 */
int sq_row_of(sq_backend *b, int s, const cop_id *k, sqlite3_stmt **out)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((rc = sq_prep(b, s, &st)) < 0)
		return rc;
	if (k && sq_b_key(st, 1, k) != SQLITE_OK)
		return sq_err(b, sqlite3_errcode(b->db), sq_stmts[s].name);
	rc = sq_step(b, st);
	if (rc == SQLITE_ROW) {
		*out = st;
		return COP_OK;
	}
	rc = rc == SQLITE_DONE ? COP_ENOTFOUND : sq_err(b, rc, sq_stmts[s].name);
	sqlite3_reset(st);
	return rc;
}

/* The integer in the first column of statement @p s's one row (0 when it
 * has none). */
int sq_int_of(sq_backend *b, int s, int64_t *out)
{
	sqlite3_stmt *st;
	int rc = sq_row_of(b, s, NULL, &st);

	*out = 0;
	if (rc == COP_OK) {
		*out = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return rc == COP_ENOTFOUND ? COP_OK : rc;
}

/* ---- parameters and columns --------------------------------------------- */

/* Binding never copies in one-shot statements: the record outlives the
 * step.  Listings bind copies (SQLITE_TRANSIENT). */

int sq_b_key(sqlite3_stmt *st, int i, const cop_id *id)
{
	return sqlite3_bind_blob(st, i, id->bytes, 16, SQLITE_STATIC);
}

/* An optional id: NULL when nil or absent. */
int sq_b_id(sqlite3_stmt *st, int i, const cop_id *id)
{
	if (!id || cop_id_is_nil(id))
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_blob(st, i, id->bytes, 16, SQLITE_STATIC);
}

int sq_b_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

int sq_b_int(sqlite3_stmt *st, int i, int64_t v)
{
	return sqlite3_bind_int64(st, i, v);
}

/* Copying variants for listings. */
int sq_bt_id(sqlite3_stmt *st, int i, const cop_id *id)
{
	if (!id || cop_id_is_nil(id))
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_blob(st, i, id->bytes, 16, SQLITE_TRANSIENT);
}

int sq_bt_key(sqlite3_stmt *st, int i, const cop_id *id)
{
	return sqlite3_bind_blob(st, i, id->bytes, 16, SQLITE_TRANSIENT);
}

int sq_bt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* A BLOB(16) column; NULL gives the nil id. */
int sq_c_id(sq_backend *b, sqlite3_stmt *st, int col, cop_id *out)
{
	const void *p;

	/* One call in the common case: a blob pointer, then its size;
	 * the type only when there is no pointer (NULL or out of memory). */
	p = sqlite3_column_blob(st, col);
	if (!p) {
		memset(out, 0, sizeof(*out));
		if (sqlite3_column_type(st, col) == SQLITE_NULL)
			return COP_OK;
		if (sqlite3_errcode(b->db) == SQLITE_NOMEM)
			return sq_fail(b, COP_ENOMEM, "out of memory");
		return sq_fail(b, COP_ECORRUPT, "malformed id in column %s",
			sqlite3_column_name(st, col));
	}
	if (sqlite3_column_bytes(st, col) != 16) {
		memset(out, 0, sizeof(*out));
		return sq_fail(b, COP_ECORRUPT, "malformed id in column %s",
			sqlite3_column_name(st, col));
	}
	memcpy(out->bytes, p, 16);
	return COP_OK;
}

/* A text column, cop_strndup'd; NULL stays NULL. */
int sq_c_text(sq_backend *b, sqlite3_stmt *st, int col, char **out)
{
	const unsigned char *p;

	size_t n;

	*out = NULL;
	p = sqlite3_column_text(st, col);
	if (!p) {
		if (sqlite3_column_type(st, col) == SQLITE_NULL)
			return COP_OK;
		return sq_fail(b, COP_ENOMEM, "out of memory");
	}
	if (b->borrow) {
		/* A listing's row: valid until the iterator steps again
		 * (COP_BACKEND_ITER_BORROWED). */
		*out = (char *)p;
		return COP_OK;
	}
	/* Stored text has no NUL inside (checked on the way in). */
	n = (size_t)sqlite3_column_bytes(st, col);
	if (!(*out = cop_malloc(n + 1)))
		return sq_fail(b, COP_ENOMEM, "out of memory");
	memcpy(*out, p, n + 1);
	return COP_OK;
}


/* Undo a partly filled record: free its strings, unless they are lent. */
void sq_rec_drop(sq_backend *b, cop_rec_kind kind, void *rec)
{
	if (b->borrow) {
		memset(rec, 0, cop__rec_size(kind));
	} else {
		cop_rec_clear(kind, rec);
	}
}

/* ---- records from rows and to parameters (sql/sql.h) ---------------------- */


static int io_col_id(void *ctx, int col, cop_id *out)
{
	sq_row *r = ctx;
	return sq_c_id(r->b, r->st, col, out);
}

static int io_col_text(void *ctx, int col, char **out)
{
	sq_row *r = ctx;
	return sq_c_text(r->b, r->st, col, out);
}

static int64_t io_col_int(void *ctx, int col)
{
	return sqlite3_column_int64(((sq_row *)ctx)->st, col);
}

/* The binders answer COP_ERROR on failure; the caller reports the
 * connection's error (sq_err) with the statement's name. */
static int io_bind_id(void *ctx, int i, const cop_id *id, int key)
{
	sqlite3_stmt *st = ((sq_row *)ctx)->st;
	return (key ? sq_b_key(st, i, id) : sq_b_id(st, i, id)) == SQLITE_OK ?
		COP_OK : COP_ERROR;
}

static int io_bind_text(void *ctx, int i, const char *s)
{
	return sq_b_text(((sq_row *)ctx)->st, i, s) == SQLITE_OK ?
		COP_OK : COP_ERROR;
}

static int io_bind_int(void *ctx, int i, int64_t v)
{
	return sq_b_int(((sq_row *)ctx)->st, i, v) == SQLITE_OK ?
		COP_OK : COP_ERROR;
}

static int io_col_null(void *ctx, int col)
{
	return sqlite3_column_type(((sq_row *)ctx)->st, col) == SQLITE_NULL;
}

const cop_sql_io sq_io = {
	io_col_id, io_col_text, io_col_int,
	io_bind_id, io_bind_text, io_bind_int, io_col_null
};

int sq_fill_rec(sq_backend *b, cop_rec_kind kind, sqlite3_stmt *st,
	void *rec)
{
	sq_row row = { b, st };
	int rc;

	if (kind < COP_REC_MEMBER || kind > COP_REC_LOG)
		return sq_fail(b, COP_ERROR, "cannot read records of kind %d",
			(int)kind);
	rc = cop__sql_fill(&sq_io, &row, kind, 0, rec, cop__rec_size(kind));
	if (rc < 0)
		sq_rec_drop(b, kind, rec);
	return rc;
}

/* Bind the fields @p rec's insert or update writes. */
int sq_bind_rec(sq_backend *b, cop_rec_kind kind, sqlite3_stmt *st,
	const void *rec)
{
	sq_row row = { b, st };
	return cop__sql_bind(&sq_io, &row, kind, rec);
}

/* ---- transactions ------------------------------------------------------------ */

/*
 * SQLite rolls a whole transaction back by itself after some errors (out
 * of memory or disk, I/O): notice it, so that later writes do not run
 * outside any transaction and the outermost commit reports the loss.
 */
int sq_txn_check(sq_backend *b)
{
	if (b->depth > 0 && (b->lost || sqlite3_get_autocommit(b->db))) {
		b->lost = 1;
		return sq_fail(b, COP_EIO, "the transaction was rolled back "
			"after an earlier error");
	}
	return COP_OK;
}

/* SAVEPOINT / RELEASE / ROLLBACK TO s<level>. */
static int sq_savepoint(sq_backend *b, int op, int level)
{
	static const char *const fmt[SP_OPS] = {
		"SAVEPOINT s%d", "RELEASE s%d", "ROLLBACK TO s%d"
	};
	char sql[64];
	int rc;

	snprintf(sql, sizeof(sql), fmt[op], level);
	if (level >= 1 && level <= SQ_SP_CACHE) {
		sqlite3_stmt **st = &b->sp[level - 1][op];
		if (!*st) {
			rc = sqlite3_prepare_v3(b->db, sql, -1,
				SQLITE_PREPARE_PERSISTENT, st, NULL);
			if (rc != SQLITE_OK) {
				*st = NULL;
				return sq_err(b, rc, "savepoint");
			}
		}
		return sq_done(b, *st, "savepoint");
	}
	rc = sqlite3_exec(b->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? COP_OK : sq_err(b, rc, "savepoint");
}

int sq_begin(cop_backend *be)
{
	sq_backend *b = SQ(be);
	int rc;

	b->errmsg[0] = '\0';
	if (b->readonly)
		return sq_fail(b, COP_EREADONLY, "the store is read-only");
	if (b->depth == 0)
		rc = sq_run(b, S_BEGIN);
	else if ((rc = sq_txn_check(b)) == COP_OK &&
	    (rc = sq_held_flush(b)) == COP_OK)   /* before, not in, it */
		rc = sq_savepoint(b, SP_OPEN, b->depth);
	if (rc < 0)
		return rc;
	if (b->depth++ == 0)
		b->lost = 0;
	return COP_OK;
}

int sq_commit(cop_backend *be)
{
	sq_backend *b = SQ(be);
	char keep[SQ_ERRMSG_MAX];
	int rc;

	b->errmsg[0] = '\0';
	if (b->depth == 0)
		return sq_fail(b, COP_ERROR, "commit without a transaction");
	if (b->depth > 1) {
		/* On failure the savepoint stays for the caller's rollback;
		 * the held totals are written first (totals.c). */
		if ((rc = sq_txn_check(b)) < 0 || (rc = sq_held_commit(b)) < 0)
			return rc;
		if ((rc = sq_savepoint(b, SP_RELEASE, b->depth - 1)) < 0)
			return rc;
		b->depth--;
		return COP_OK;
	}
	/* The outermost level ends whatever happens. */
	if ((rc = sq_txn_check(b)) < 0) {
		b->depth = 0;
		b->lost = 0;
		sq_bulk_forget(b);
		sq_held_drop(b, 1);
		if (b->keys_made)
			sq_keys_forget(b, 0);
		b->keys_made = 0;
		return rc;
	}
	/* A bulk load's roll-ups and held index, written before the
	 * commit. */
	if ((rc = sq_bulk_end(b)) == COP_OK)
		rc = sq_run(b, S_COMMIT);
	if (rc < 0 && !sqlite3_get_autocommit(b->db)) {
		memcpy(keep, b->errmsg, sizeof(keep));
		sq_run(b, S_ROLLBACK);
		memcpy(b->errmsg, keep, sizeof(keep));
	}
	if (rc < 0 && b->keys_made)
		sq_keys_forget(b, 0);   /* the keys it made are gone */
	b->keys_made = 0;
	b->depth = 0;
	b->lost = 0;
	b->held.failed = 0;
	return rc;
}

/*
 * cop_backend.bulk: SQLite writes a bulk load as any other writes, but
 * its full-text index (sq_fts_hold()) and the health roll-ups of its
 * community (the first community, thread or contribution it inserts:
 * sq_bulk_inserted(); schema version 29) at its end: when the outermost
 * transaction commits, or bulk(be, 0) (sq_bulk_end()).  A rollback
 * forgets both: the rows are gone.
 */
int sq_bulk(cop_backend *be, int on)
{
	sq_backend *b = SQ(be);

	b->errmsg[0] = '\0';
	if (b->depth == 0)
		return sq_fail(b, COP_EINVAL, "a bulk load needs a transaction");
	return on ? sq_fts_hold(b) : sq_bulk_end(b);
}

/* The load's end: the triggers on again, its community's roll-ups made
 * again, then its index written; the first error. */
int sq_bulk_end(sq_backend *b)
{
	int rc, rc2;

	sq_notrig_end(b);
	if ((rc = sq_held_end(b)) == COP_OK)   /* the held totals */
		rc = sq_bulk_refill(b);
	rc2 = sq_fts_release(b);
	return rc < 0 ? rc : rc2;
}

/* A bulk load forgotten (a rollback: its rows are gone), the triggers
 * on again. */
void sq_bulk_forget(sq_backend *b)
{
	sq_notrig_end(b);
	memset(&b->bulk, 0, sizeof(b->bulk));
}

/*
 * ---- a bulk load with the triggers off ----
 *
 * SQLite gives a statement that fires a trigger a statement journal
 * (sqlite3MayAbort(), sqlite3MultiWrite(): a trigger makes the statement
 * one of several writes, and nearly anything it codes may abort: a
 * constraint, a function called, FTS5's insert, an upsert's update):
 * from its first write every page it changes that was in the
 * transaction before is copied into the journal, in memory in 1 KiB
 * chunks (temp_store = MEMORY), and freed at its end.  A trigger's WHEN
 * is run by the trigger's program: a trigger that does nothing costs
 * its statement the journal all the same.  In one import's transaction
 * that was every contribution's, thread's and membership's insert: 60k
 * pages copied for the 1x beer import, 4% of its instructions in
 * mallocs, copies and frees, and the triggers' programs as much again.
 *
 * Once a bulk load has named its community, the triggers are off
 * (SQLITE_DBCONFIG_ENABLE_TRIGGER, which makes every statement prepare
 * again at its next step) for as long as every write it makes is one
 * whose triggers would do nothing or whose work is done here:
 *   - the insert of a contribution of its community: the index's
 *     trigger leaves it to the load's end (cop_fts_held(): its fid is
 *     above the mark, as max(fid) + 1 is while nothing is deleted) and
 *     the roll-ups' to the refill (cop_bulk_community());
 *   - the insert of a membership that pledges no hours (the hours
 *     roll-up's trigger counts pledges only);
 *   - the insert of a thread of its community that no post of the index
 *     names yet (the index's trigger rewrites such posts): its tags are
 *     written after it by the tag triggers' statements (S_BULK_*);
 *   - an accept's put in its community, over none or one of its
 *     community (the roll-ups' triggers, sq_notrig_rop()).
 * sq_notrig_row() or sq_notrig_rop() decides, and lets the statement be prepared without
 * the table's triggers; sq_auth(), the authorizer while the triggers
 * are off, refuses any other write that a trigger would follow (by the
 * triggers in the schema, read when they went off), and sq_step() or
 * sq_prep_slot() turn them on again and run that statement with them.
 * A kind whose insert triggers are not the ones named here (a later
 * schema) goes with its triggers.  They are on again at the load's end
 * (sq_bulk_end(), before the refill) or its rollback.
 */

/* The triggers of a kind's insert that may go off, each NULL-ended. */
static const char *const notrig_con[] = {
	"cop_fts_con_ins", "cop_health_con_add", "cop_hq_con_ins", NULL
};
static const char *const notrig_ms[] = { "cop_horg_ms_ins", NULL };
static const char *const notrig_thr[] = {
	"cop_thread_tag_ins", "cop_tag_thread_ins", "cop_fts_thread_ins",
	"cop_health_thread_ins", "cop_hq_thread_ins", NULL
};

/* An accept's put, an upsert: its insert and its update. */
static const char *const notrig_acc[] = { "cop_hq_accept_ins", NULL };
static const char *const notrig_acc_upd[] = { "cop_hq_accept_upd", NULL };

static const struct {
	cop_rec_kind kind;
	const char *table;
	const char *const *trig;      /* its insert's */
	const char *const *upd;       /* its update's, or NULL: no update */
} notrig_kinds[] = {
	{ COP_REC_CONTRIBUTION, "cop_contribution", notrig_con, NULL },
	{ COP_REC_MEMBERSHIP, "cop_membership", notrig_ms, NULL },
	{ COP_REC_THREAD, "cop_thread", notrig_thr, NULL },
	{ COP_REC_ACCEPT, "cop_accept", notrig_acc, notrig_acc_upd },
};
#define NOTRIG_KINDS (sizeof(notrig_kinds) / sizeof(notrig_kinds[0]))

static void trig_free(sq_backend *b)
{
	size_t i;

	for (i = 0; i < b->bulk.ntrig; i++) {
		cop_free(b->bulk.trig[i].name);
		cop_free(b->bulk.trig[i].table);
		cop_free(b->bulk.trig[i].of);
	}
	cop_free(b->bulk.trig);
	b->bulk.trig = NULL;
	b->bulk.ntrig = 0;
}

/* Trigger @p t's event from its CREATE TRIGGER text @p sql, the part
 * before " ON ": "... INSERT", "... DELETE", "... UPDATE" or "... UPDATE
 * OF a, b".  What is not understood is taken as every write (op 0). */
static int trig_parse(sq_trig *t, const char *sql)
{
	const char *on = strstr(sql, " ON "), *p;
	size_t n;

	t->op = 0;
	if (!on)
		return COP_OK;
	n = (size_t)(on - sql);
	if ((p = strstr(sql, " UPDATE OF ")) && p < on) {
		t->op = SQLITE_UPDATE;
		p += 11;
		if (!(t->of = cop_malloc((size_t)(on - p) + 1)))
			return COP_ENOMEM;
		memcpy(t->of, p, (size_t)(on - p));
		t->of[on - p] = '\0';
	} else if (n >= 7 && !memcmp(on - 7, " UPDATE", 7)) {
		t->op = SQLITE_UPDATE;
	} else if (n >= 7 && !memcmp(on - 7, " INSERT", 7)) {
		t->op = SQLITE_INSERT;
	} else if (n >= 7 && !memcmp(on - 7, " DELETE", 7)) {
		t->op = SQLITE_DELETE;
	}
	return COP_OK;
}

/* 1 when column @p col is in the list @p of ("a, b"). */
static int trig_col_in(const char *of, const char *col)
{
	size_t n = strlen(col);
	const char *p = of;

	while (*p) {
		size_t k;

		while (*p == ' ' || *p == ',')
			p++;
		k = strcspn(p, ", ");
		if (k == n && !strncasecmp(p, col, n))
			return 1;
		p += k;
	}
	return 0;
}

/* 1 when a trigger of the schema follows write @p op of @p table
 * (column @p col of an update). */
static int trig_follows(sq_backend *b, int op, const char *table,
	const char *col)
{
	size_t i;

	for (i = 0; i < b->bulk.ntrig; i++) {
		const sq_trig *t = &b->bulk.trig[i];

		if (strcasecmp(t->table, table) != 0)
			continue;
		if (t->op == 0)
			return 1;
		if (t->op != op)
			continue;
		if (op != SQLITE_UPDATE || !t->of || !col ||
		    trig_col_in(t->of, col))
			return 1;
	}
	return 0;
}

/* The authorizer while the triggers are off: a write a trigger would
 * follow is refused, but the insert sq_notrig_row() allows. */
static int sq_auth(void *arg, int op, const char *a1, const char *a2,
	const char *dbname, const char *via)
{
	sq_backend *b = arg;
	size_t k;

	(void)dbname;
	(void)via;
	if (!b->bulk.notrig || (op != SQLITE_INSERT && op != SQLITE_UPDATE &&
	    op != SQLITE_DELETE) || !a1 || !trig_follows(b, op, a1, a2))
		return SQLITE_OK;
	for (k = 0; op != SQLITE_DELETE && k < NOTRIG_KINDS; k++)
		if ((int)notrig_kinds[k].kind == b->bulk.allow &&
		    !strcmp(a1, notrig_kinds[k].table) &&
		    (op == SQLITE_INSERT || notrig_kinds[k].upd))
			return SQLITE_OK;
	return SQLITE_DENY;
}

/* 1 when the triggers of write @p op of table @p table are exactly
 * @p names. */
static int trig_are(sq_backend *b, const char *table, int op,
	const char *const *names)
{
	size_t i, n = 0, found = 0, j;

	for (j = 0; names[j]; j++)
		n++;
	for (i = 0; i < b->bulk.ntrig; i++) {
		const sq_trig *t = &b->bulk.trig[i];

		if (strcasecmp(t->table, table) != 0 ||
		    (t->op != op && t->op != 0))
			continue;
		for (j = 0; names[j] && strcmp(names[j], t->name); j++)
			;
		if (!names[j] || t->op == 0)
			return 0;
		found++;
	}
	return found == n;
}

/* The triggers off, once the load's community is named; on failure they
 * stay on (the load goes as before). */
static void sq_notrig_begin(sq_backend *b)
{
	static const char sql[] = "SELECT name, tbl_name, sql FROM "
		"sqlite_master WHERE type = 'trigger'";
	sqlite3_stmt *st = NULL;
	size_t cap = 0, k;
	int rc, step = SQLITE_DONE;

	if (b->bulk.notrig || !b->bulk.on || !b->bulk.named)
		return;
	rc = sqlite3_prepare_v2(b->db, sql, -1, &st, NULL);
	while (rc == SQLITE_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *table = (const char *)sqlite3_column_text(st, 1);
		const char *text = (const char *)sqlite3_column_text(st, 2);
		sq_trig *t;

		if (b->bulk.ntrig == cap) {
			sq_trig *v = cop_realloc(b->bulk.trig, (cap ? cap * 2 :
				64) * sizeof(*v));

			if (!v) {
				rc = SQLITE_NOMEM;
				break;
			}
			b->bulk.trig = v;
			cap = cap ? cap * 2 : 64;
		}
		if (!name || !table || !text) {
			rc = SQLITE_CORRUPT;
			break;
		}
		t = &b->bulk.trig[b->bulk.ntrig++];
		memset(t, 0, sizeof(*t));
		if (!(t->name = cop_strdup(name)) ||
		    !(t->table = cop_strdup(table)) ||
		    trig_parse(t, text) != COP_OK)
			rc = SQLITE_NOMEM;
	}
	if (rc == SQLITE_OK && step != SQLITE_DONE)
		rc = step;
	sqlite3_finalize(st);
	b->bulk.armed = 0;
	for (k = 0; rc == SQLITE_OK && k < NOTRIG_KINDS; k++)
		if (trig_are(b, notrig_kinds[k].table, SQLITE_INSERT,
		    notrig_kinds[k].trig) && (!notrig_kinds[k].upd ||
		    trig_are(b, notrig_kinds[k].table, SQLITE_UPDATE,
		    notrig_kinds[k].upd)))
			b->bulk.armed |= 1u << notrig_kinds[k].kind;
	if (rc != SQLITE_OK || !b->bulk.armed) {
		trig_free(b);
		return;
	}
	b->bulk.notrig = 1;
	b->bulk.allow = 0;
	sqlite3_set_authorizer(b->db, sq_auth, b);
	if (sqlite3_db_config(b->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0,
	    (int *)NULL) != SQLITE_OK)
		sq_notrig_end(b);
}

/* The triggers on again (every statement prepares again at its next
 * step, with them). */
void sq_notrig_end(sq_backend *b)
{
	if (!b->bulk.notrig)
		return;
	b->bulk.notrig = 0;
	b->bulk.allow = 0;
	sqlite3_db_config(b->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1,
		(int *)NULL);
	sqlite3_set_authorizer(b->db, NULL, NULL);
	trig_free(b);
}

/*
 * Before an insert of @p rec of @p kind while the triggers are off: 1
 * when it may go without its table's triggers (b->bulk.allow set to
 * @p kind until sq_notrig_after()), else 0, the triggers turned on again
 * first when its table has insert triggers; an error of the look-up.
 */
int sq_notrig_row(sq_backend *b, cop_rec_kind kind, const void *rec)
{
	const cop_id *community = NULL;
	sqlite3_stmt *st;
	size_t k;
	int rc, ok = 1;

	b->bulk.allow = 0;
	if (!b->bulk.notrig)
		return 0;
	for (k = 0; k < NOTRIG_KINDS && notrig_kinds[k].kind != kind; k++)
		;
	if (k == NOTRIG_KINDS)
		return 0;   /* no insert trigger to leave out (sq_auth()) */
	if (!(b->bulk.armed & (1u << kind)))
		ok = 0;
	else if (kind == COP_REC_CONTRIBUTION)
		community = &((const cop_contribution_rec *)rec)->community_id;
	else if (kind == COP_REC_THREAD)
		community = &((const cop_thread_rec *)rec)->community_id;
	else if (kind == COP_REC_MEMBERSHIP)
		ok = ((const cop_membership_rec *)rec)->pledged_hours == 0;
	if (ok && community)
		ok = !memcmp(community->bytes, b->bulk.community.bytes,
			sizeof(community->bytes));
	if (ok && kind == COP_REC_THREAD) {
		if ((rc = sq_prep(b, S_BULK_OLD_POST, &st)) < 0)
			return rc;
		if (sq_b_key(st, 1, &((const cop_thread_rec *)rec)->id) !=
		    SQLITE_OK || sqlite3_bind_int64(st, 2, b->bulk.fts_mark) !=
		    SQLITE_OK)
			return sq_err(b, sqlite3_errcode(b->db),
				sq_stmts[S_BULK_OLD_POST].name);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sq_err(b, rc, sq_stmts[S_BULK_OLD_POST].name);
		ok = rc == SQLITE_DONE;
	}
	if (!ok) {
		sq_notrig_end(b);
		return 0;
	}
	b->bulk.allow = (int)kind;
	return 1;
}

/*
 * Before recognition operation @p op with @p params (@p n) while the
 * triggers are off: as sq_notrig_row(), for an accept's put (thread $1,
 * community $2), an upsert whose health triggers leave alone the rows of
 * the load's community: its own, and the one it may update (which keeps
 * its community).  Any other operation has no trigger left out.
 */
int sq_notrig_rop(sq_backend *b, int op, const cop_val *params,
	unsigned int n)
{
	const void *was;
	sqlite3_stmt *st;
	int rc, ok;

	b->bulk.allow = 0;
	if (!b->bulk.notrig || op != COP_ROP_ACCEPT_PUT)
		return 0;
	ok = (b->bulk.armed & (1u << COP_REC_ACCEPT)) && n >= 2 &&
		(params[0].type == COP_VAL_ID || params[0].type == COP_VAL_KEY) &&
		(params[1].type == COP_VAL_ID || params[1].type == COP_VAL_KEY) &&
		!memcmp(params[1].id.bytes, b->bulk.community.bytes,
		sizeof(params[1].id.bytes));
	if (ok) {
		rc = sq_row_of(b, S_BULK_ACCEPT_OF, &params[0].id, &st);
		if (rc != COP_OK && rc != COP_ENOTFOUND)
			return rc;
		if (rc == COP_OK) {
			was = sqlite3_column_blob(st, 0);
			ok = was && sqlite3_column_bytes(st, 0) ==
				(int)sizeof(b->bulk.community.bytes) &&
				!memcmp(was, b->bulk.community.bytes,
				sizeof(b->bulk.community.bytes));
			sqlite3_reset(st);
		}
	}
	if (!ok) {
		sq_notrig_end(b);
		return 0;
	}
	b->bulk.allow = COP_REC_ACCEPT;
	return 1;
}

/* After the insert of @p rec of @p kind that sq_notrig_row() let go
 * without its triggers: a thread's tags written as its triggers would. */
int sq_notrig_after(sq_backend *b, cop_rec_kind kind, const void *rec)
{
	static const int tag_stmts[] = { S_BULK_THREAD_TAG, S_BULK_TAG_COUNT };
	const cop_thread_rec *t = rec;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	b->bulk.allow = 0;
	if (kind != COP_REC_THREAD || !t->tags || !*t->tags)
		return COP_OK;
	for (i = 0; i < sizeof(tag_stmts) / sizeof(tag_stmts[0]); i++) {
		if ((rc = sq_prep(b, tag_stmts[i], &st)) < 0)
			return rc;
		if (sq_b_key(st, 1, &t->id) != SQLITE_OK)
			return sq_err(b, sqlite3_errcode(b->db),
				sq_stmts[tag_stmts[i]].name);
		if ((rc = sq_done(b, st, sq_stmts[tag_stmts[i]].name)) < 0)
			return rc;
	}
	return COP_OK;
}

/* A record inserted (sq_insert): while a bulk load is on (it holds the
 * index), its first community, thread or contribution names the
 * community whose roll-ups wait for its end, as PostgreSQL's
 * bk_community() does.  A row inserted before goes through the
 * triggers, and the refill makes its community's roll-ups again all
 * the same. */
void sq_bulk_inserted(sq_backend *b, cop_rec_kind kind, const void *rec)
{
	const cop_id *community;

	if (!b->bulk.on || b->bulk.named)
		return;
	if (kind == COP_REC_COMMUNITY)
		community = &((const cop_community_rec *)rec)->id;
	else if (kind == COP_REC_THREAD)
		community = &((const cop_thread_rec *)rec)->community_id;
	else if (kind == COP_REC_CONTRIBUTION)
		community = &((const cop_contribution_rec *)rec)->community_id;
	else
		return;
	b->bulk.community = *community;
	b->bulk.named = 1;
	sq_notrig_begin(b);
}

int sq_rollback(cop_backend *be)
{
	sq_backend *b = SQ(be);
	int rc, rc2;

	b->errmsg[0] = '\0';
	/* The held totals are the level's own (the outermost's: the
	 * load's, whose memory goes too). */
	sq_held_drop(b, b->depth <= 1);
	if (b->depth == 0)
		return COP_OK;     /* e.g. after a failed outermost commit */
	if (b->keys_made)
		sq_keys_forget(b, 0);   /* a key it made may be gone */
	if (b->depth == 1) {
		b->keys_made = 0;
		b->depth = 0;
		b->lost = 0;
		sq_bulk_forget(b);   /* its rows are gone */
		if (sqlite3_get_autocommit(b->db))
			return COP_OK; /* SQLite rolled it back already */
		return sq_run(b, S_ROLLBACK);
	}
	if (b->lost || sqlite3_get_autocommit(b->db)) {
		b->lost = 1;
		b->depth--;
		return COP_OK;
	}
	rc = sq_savepoint(b, SP_ROLLBACK_TO, b->depth - 1);
	rc2 = sq_savepoint(b, SP_RELEASE, b->depth - 1);
	b->depth--;
	return rc < 0 ? rc : rc2;
}

void sq_free(cop_backend *be)
{
	sq_backend *b = SQ(be);
	sq_iter *it;
	int i, j;

	if (!b)
		return;
	/* Listings still open lose their statements (and their backend). */
	while ((it = b->iters) != NULL) {
		sq_iter_release(it);
		sq_iter_unlink(it);
		it->b = NULL;
	}
	sq_held_drop(b, 2);
	if (b->db && !sqlite3_get_autocommit(b->db))
		sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
	trig_free(b);
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(b->stmt[i]);
	for (i = 0; i < COP_ROP__COUNT; i++) {
		sqlite3_finalize(b->rstmt[i]);
		sqlite3_finalize(b->rquiet[i]);
	}
	for (i = 0; i < SQ_SP_CACHE; i++)
		for (j = 0; j < SP_OPS; j++)
			sqlite3_finalize(b->sp[i][j]);
	if (b->db)
		sqlite3_close_v2(b->db);
	sq_keys_forget(b, 1);
	cop_free(b);
}

static const cop_backend sq_methods = {
	COP_SQL_BACKEND_METHODS(sq), .name = "sqlite", .bulk = sq_bulk,
	.check_index = sq_check_index,
};

/* 1 when the open failed (@p rc) because SQLite could not make the files
 * a WAL store keeps beside it (-wal, -shm): SQLITE_CANTOPEN or
 * SQLITE_READONLY, with the file or its folder not writable (read-only
 * media, EROFS even for root, or permissions). */
static int sq_unwritable(sq_backend *b, int rc, const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	int raw = sqlite3_errcode(b->db) & 0xff;

	if (rc == COP_OK || (raw != SQLITE_CANTOPEN && raw != SQLITE_READONLY))
		return 0;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 :
			(int)(slash - path), path);
	return access(path, W_OK) != 0 || access(dir, W_OK) != 0;
}

/*
 * A store in a place the process cannot write (sq_unwritable()): one
 * code, COP_EREADONLY, for read-only media and an unwritable folder
 * alike.  A read-only open reads the file as immutable (SQLite's
 * "immutable=1": no -shm, no locks) when its WAL holds nothing, which is
 * the whole store (https://www.sqlite.org/wal.html, "Read-Only
 * Databases"); a writer that starts meanwhile is not seen.
 */
static int sq_open_unwritable(sq_backend *b, const char *path,
	unsigned int flags, int busy_ms)
{
	static const char keep[] = "/._-~";
	char wal[4200], *uri, *u;
	struct stat sb;
	const char *p;
	int rc;

	if (!b->readonly)
		return sq_fail(b, COP_EREADONLY, "%.400s: the store or its folder "
			"cannot be written (read-only media or permissions), and "
			"it writes its WAL beside it: open it read-only", path);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (stat(wal, &sb) == 0 && sb.st_size > 0)
		return sq_fail(b, COP_EREADONLY, "%.400s: its folder cannot be "
			"written, and its WAL holds commits not yet in the file, "
			"which only a connection that can write there reads: open "
			"it once where it can be written, or copy it", path);
	if (!(uri = cop_malloc(strlen(path) * 3 + 32)))
		return sq_fail(b, COP_ENOMEM, "out of memory");
	u = uri + sprintf(uri, "file:");
	/* The path percent-encoded, as a URI filename wants it. */
	for (p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(keep, c))
			*u++ = (char)c;
		else
			u += sprintf(u, "%%%02X", c);
	}
	strcpy(u, "?immutable=1");
	sqlite3_close_v2(b->db);
	b->db = NULL;
	rc = sqlite3_open_v2(uri, &b->db, SQLITE_OPEN_READONLY |
		SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	cop_free(uri);
	if (rc != SQLITE_OK)
		return b->db ? sq_err(b, rc, "opening the database") :
			sq_fail(b, COP_ENOMEM, "out of memory");
	sqlite3_extended_result_codes(b->db, 1);
	sqlite3_busy_timeout(b->db, busy_ms);
	if ((rc = sq_search_register(b)) != SQLITE_OK)
		return sq_err(b, rc, "registering the search functions");
	return sq_schema(b, flags, 0);
}

int cop__sqlite_open(cop_backend **out, const char *uri,
	const cop_open_options *opts, char **errmsg)
{
	sq_backend *b;
	unsigned int flags = opts ? opts->flags : 0;
	const char *path;
	int rc, oflags, memory, busy_ms;

	if ((rc = cop__sql_open_args(out, uri, errmsg)) < 0)
		return rc;
	if (!strncasecmp(uri, "sqlite://", 9))
		path = uri + 9;
	else if (!strncasecmp(uri, "sqlite:", 7))
		path = uri + 7;
	else
		path = uri;
	if (!*path) {
		if (errmsg)
			*errmsg = cop_strdup("the SQLite URI has no path");
		return COP_EINVAL;
	}
	memory = !strcmp(path, ":memory:");
	/* A FIFO would block the first read forever, and a device or a
	 * folder is no database: only a regular file (or none yet). */
	if (!memory && strncmp(path, "file:", 5) != 0) {
		struct stat sb;

		if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			if (errmsg)
				*errmsg = cop_strdup("not a database: the path is "
					"not a regular file");
			return COP_EINVAL;
		}
	}

	if (!(b = cop__sql_instance(sizeof(*b), &sq_methods)))
		return COP_ENOMEM;
	b->readonly = (flags & COP_OPEN_READONLY) != 0;

	oflags = SQLITE_OPEN_NOMUTEX;
	if (b->readonly)
		oflags |= SQLITE_OPEN_READONLY;
	else if (flags & COP_OPEN_NOCREATE)
		oflags |= SQLITE_OPEN_READWRITE;
	else
		oflags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (!strncmp(path, "file:", 5))
		oflags |= SQLITE_OPEN_URI;
	rc = sqlite3_open_v2(path, &b->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		if (!b->db || (rc & 0xff) == SQLITE_NOMEM)
			return cop__sql_open_fail(&b->base, b->errmsg, sq_fail(b, COP_ENOMEM, "out of memory"),
				errmsg);
		if ((rc & 0xff) == SQLITE_CANTOPEN &&
		    (flags & (COP_OPEN_NOCREATE | COP_OPEN_READONLY)) &&
		    !memory && oflags == (oflags & ~SQLITE_OPEN_URI) &&
		    access(path, F_OK) != 0 && errno == ENOENT)
			return cop__sql_open_fail(&b->base, b->errmsg, sq_fail(b, COP_ENOTFOUND,
				"no database at %.400s", path), errmsg);
		rc = sq_err(b, rc, "opening the database");
		if (rc != COP_ECORRUPT && rc != COP_EBUSY && rc != COP_EREADONLY)
			rc = COP_EIO;
		return cop__sql_open_fail(&b->base, b->errmsg, rc, errmsg);
	}
	busy_ms = opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms :
		SQ_BUSY_DEFAULT;
	sqlite3_extended_result_codes(b->db, 1);
	sqlite3_busy_timeout(b->db, busy_ms);
	if ((rc = sq_search_register(b)) != SQLITE_OK ||
	    (rc = sq_held_register(b)) != SQLITE_OK)
		return cop__sql_open_fail(&b->base, b->errmsg, sq_err(b, rc,
			"registering the search functions"), errmsg);
	rc = sq_schema(b, flags, memory);
	if (!memory && !(oflags & SQLITE_OPEN_URI) && sq_unwritable(b, rc, path))
		rc = sq_open_unwritable(b, path, flags, busy_ms);
	if (rc < 0)
		return cop__sql_open_fail(&b->base, b->errmsg, rc, errmsg);
	b->errmsg[0] = '\0';
	*out = &b->base;
	return COP_OK;
}
