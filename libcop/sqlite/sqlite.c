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
 * recognition operations in sqlite/rop.c, a bulk load in sqlite/bulk.c
 * (its end, its triggers off) and its held period
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
	sq_trig_free(b);
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
