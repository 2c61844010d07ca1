/*
 * sqlite/rop.c: the recognition operations (sys/backend.h's cop_rop).
 */
#include "sqlite/sq.h"
#include "recognition_sql.h"

/* ---- recognition operations ------------------------------------------------
 *
 * The statements are shared with the PostgreSQL backend
 * (recognition_sql.h) and use $N parameters, bound here by name.  Like
 * listings, an operation returning rows borrows the cached statement
 * while its rows stream, or prepares a private one when it is lent.
 * Rows point into SQLite's column buffers (valid until the next step).
 */

/*
 * SQLite's own statements for the operations whose shared statement
 * writes a view: cop_ledger and cop_source are views of tables keyed by
 * small integers (schema.c, version 26), and so is cop_rep_total (the
 * period totals in cop_rep_sum, keyed by the member in the community
 * and the community's tag).  An insert into a view goes through its
 * INSTEAD OF trigger, a program of its own run per row (its frame,
 * registers and statements: the ledger's and sources' cost the import
 * about 4% more instructions; the totals' trigger makes its keys by
 * INSERT ... SELECT ... WHERE NOT EXISTS, each with an ephemeral table
 * and a statement journal: 44% of the 1x import's instructions).  These
 * write the keyed table directly, one row (the totals: an upsert), the
 * keys looked up in VALUES: a row whose key is missing fails its NOT
 * NULL key, and sq_rop() then makes its keys (key[], each an S_KEY_*
 * statement bound with parameters p1 and p2, ids or text) and runs the
 * statement again.  (An INSERT ... SELECT would do without the failure,
 * but SQLite opens a statement journal for a statement that may write
 * several rows inside a transaction.)  The views' triggers stay for the
 * other writers.  Parameters are the shared statement's ($N).
 */
typedef struct sq_own_key {
	int stmt;               /* S_KEY_*, or 0 (S_BEGIN): no more keys */
	int p1, p2;             /* bound with params[p1], params[p2] (-1: none) */
} sq_own_key;

#define SQ_OWN_KEYS 2
typedef struct sq_own_stmt {
	const char *sql;
	sq_own_key key[SQ_OWN_KEYS];
} sq_own_stmt;

static const sq_own_stmt sq_own[COP_ROP__COUNT] = {
	/* RS_LEDGER_COLS: id, community, member, points, nominal, reason,
	 * object, actor, time, tags. */
	[COP_ROP_LEDGER_INS] = {
		"INSERT INTO cop_ledger_row (who, time, id, points, nominal, "
		"reason, object_id, actor_id, tags) VALUES ((SELECT w.id FROM "
		"cop_rep_member w WHERE w.community_id = $2 AND w.member_id = $3), "
		"$9, $1, $4, $5, $6, $7, $8, $10)",
		{ { S_KEY_MEMBER, 1, 2 } } },
	/* community, kind, source id, object */
	[COP_ROP_X_SOURCE_INS] = {
		"INSERT INTO cop_source_row (ck, kind, source_id, object_id) "
		"VALUES ((SELECT k.id FROM cop_community_key k "
		"WHERE k.community_id = $1), $2, $3, $4)",
		{ { S_KEY_COMMUNITY, 0, -1 } } },
	/* community, period, pstart, tag, member, points: added to the
	 * total, as the view's trigger does (sql/schema.h's
	 * COP_SQL_REP_UPSERT). */
	[COP_ROP_TOTAL_ADD] = {
		"INSERT INTO cop_rep_sum (who, scope, period, pstart, points) "
		"VALUES ((SELECT w.id FROM cop_rep_member w "
		"WHERE w.community_id = $1 AND w.member_id = $5), "
		"(SELECT s.id FROM cop_rep_scope s "
		"WHERE s.community_id = $1 AND s.tag = $4), $2, $3, $6) "
		"ON CONFLICT (who, scope, period, pstart) DO UPDATE SET "
		"points = cop_rep_sum.points + excluded.points",
		{ { S_KEY_MEMBER, 0, 4 }, { S_KEY_SCOPE, 0, 3 } } },
};

/* Bind parameter @p idx of @p st to @p v: NULL for a nil id, a NULL
 * text or a value of no type; bytes and text as @p dtor says. */
static int bind_val(sqlite3_stmt *st, int idx, const cop_val *v,
	sqlite3_destructor_type dtor)
{
	switch (v->type) {
	case COP_VAL_INT:
		return sqlite3_bind_int64(st, idx, v->i);
	case COP_VAL_ID:
	case COP_VAL_KEY:
		if (v->type == COP_VAL_ID && cop_id_is_nil(&v->id))
			break;
		return sqlite3_bind_blob(st, idx, v->id.bytes, 16, dtor);
	case COP_VAL_TEXT:
		if (!v->text)
			break;
		return sqlite3_bind_text(st, idx, v->text, -1, dtor);
	default:
		break;
	}
	return sqlite3_bind_null(st, idx);
}

/* Make the keys that the own statement @p o may have found missing (none
 * where a parameter is NULL: INSERT OR IGNORE). */
static int own_keys(sq_backend *b, const sq_own_stmt *o,
	const cop_val *params, unsigned int n)
{
	const sq_own_key *k;
	sqlite3_stmt *st;
	int rc, brc;

	for (k = o->key; k < o->key + SQ_OWN_KEYS && k->stmt; k++) {
		const char *name = sq_stmts[k->stmt].name;

		if ((unsigned int)k->p1 >= n || (k->p2 >= 0 &&
		    (unsigned int)k->p2 >= n))
			return sq_fail(b, COP_EINVAL, "%s: too few parameters",
				name);
		if ((rc = sq_prep(b, k->stmt, &st)) < 0)
			return rc;
		brc = bind_val(st, 1, &params[k->p1], SQLITE_STATIC);
		if (k->p2 >= 0)
			brc |= bind_val(st, 2, &params[k->p2], SQLITE_STATIC);
		if (brc != SQLITE_OK) {
			rc = sq_err(b, sqlite3_errcode(b->db), name);
			sqlite3_reset(st);
		} else {
			rc = sq_done(b, st, name);
		}
		sqlite3_clear_bindings(st);
		if (rc < 0)
			return rc;
	}
	return COP_OK;
}

typedef struct sq_rows {
	cop_backend_iter base;
	sq_backend *b;
	sqlite3_stmt *st;
	int slot;               /* rstmt[] index when borrowed, else -1 */
	int done;
} sq_rows;

static void rows_release(sq_rows *r)
{
	if (!r->st)
		return;
	if (r->slot >= 0) {
		sqlite3_reset(r->st);
		sqlite3_clear_bindings(r->st);
		r->b->rlent[r->slot] = 0;
	} else {
		sqlite3_finalize(r->st);
	}
	r->st = NULL;
}

static void rows_free(cop_backend_iter *bi)
{
	sq_rows *r = (sq_rows *)bi;

	if (!r)
		return;
	rows_release(r);
	cop_free(r);
}

static int rows_next(cop_backend_iter *bi, void *rec)
{
	sq_rows *r = (sq_rows *)bi;
	cop_row *row = rec;
	int rc, i, n;

	if (r->done || !r->st)
		return COP_ITEROVER;
	rc = sqlite3_step(r->st);
	if (rc == SQLITE_DONE) {
		r->done = 1;
		rows_release(r);
		return COP_ITEROVER;
	}
	if (rc != SQLITE_ROW) {
		rc = sq_err(r->b, rc, "recognition rows");
		r->done = 1;
		rows_release(r);
		return rc;
	}
	n = cop__sql_row_start(row, sqlite3_column_count(r->st));
	for (i = 0; i < n; i++) {
		cop_val *v = &row->col[i];
		switch (sqlite3_column_type(r->st, i)) {
		case SQLITE_NULL:
			v->type = COP_VAL_NULL;
			break;
		case SQLITE_INTEGER:
		case SQLITE_FLOAT:
			v->type = COP_VAL_INT;
			v->i = sqlite3_column_int64(r->st, i);
			break;
		case SQLITE_BLOB:
			if ((rc = sq_c_id(r->b, r->st, i, &v->id)) < 0)
				return rc;
			v->type = COP_VAL_ID;
			break;
		default:
			v->type = COP_VAL_TEXT;
			v->text = (const char *)sqlite3_column_text(r->st, i);
			if (!v->text)
				return sq_fail(r->b, COP_ENOMEM, "out of memory");
			break;
		}
	}
	return COP_OK;
}

int sq_rop(cop_backend *be, int op, const cop_val *params,
	unsigned int n, cop_backend_iter **rows)
{
	sq_backend *b = SQ(be);
	const sq_own_stmt *own;
	const char *sql;
	sqlite3_stmt *st = NULL;
	sq_rows *r;
	sqlite3_destructor_type dtor;
	char name[16];
	unsigned int i;
	int rc, brc = 0, idx, slot = -1;

	b->errmsg[0] = '\0';
	if (rows)
		*rows = NULL;
	if (op <= 0 || op >= COP_ROP__COUNT || !rs_stmts[op].sql)
		return sq_fail(b, COP_ENOTSUP, "unknown recognition operation %d", op);
	if ((rc = sq_txn_check(b)) < 0)
		return rc;
	own = sq_own[op].sql ? &sq_own[op] : NULL;
	sql = own ? own->sql : rs_stmts[op].sql;
	if (!b->rlent[op]) {
		if ((rc = sq_prep_slot(b, &b->rstmt[op], sql,
				rs_stmts[op].name)) < 0)
			return rc;
		st = b->rstmt[op];
		slot = op;
	} else {
		rc = sqlite3_prepare_v3(b->db, sql, -1, 0, &st, NULL);
		if (rc != SQLITE_OK)
			return sq_err(b, rc, rs_stmts[op].name);
	}
	if (n > SQ_ROP_PARAMS) {
		rc = sq_fail(b, COP_ERROR, "%s: more than %d parameters",
			rs_stmts[op].name, SQ_ROP_PARAMS);
		goto fail;
	}
	/* Names are looked up once per operation, not per call. */
	if (b->rparam_n[op] < SQ_ROP_PARAMS) {
		for (i = 0; i < SQ_ROP_PARAMS; i++) {
			snprintf(name, sizeof(name), "$%u", i + 1);
			idx = sqlite3_bind_parameter_index(st, name);
			b->rparam[op][i] = (unsigned char)(idx > 0 ? idx : 0);
		}
		b->rparam_n[op] = SQ_ROP_PARAMS;
	}
	/* Stepped here (no rows): the caller's values outlive the step.  An
	 * own statement (an insert) has no rows: it is stepped here too. */
	dtor = rows && !own ? SQLITE_TRANSIENT : SQLITE_STATIC;
	for (i = 0; i < n; i++)
		if ((idx = b->rparam[op][i]) > 0)
			brc |= bind_val(st, idx, &params[i], dtor);
	if (brc != SQLITE_OK) {
		rc = sq_err(b, sqlite3_errcode(b->db), rs_stmts[op].name);
		goto fail;
	}
	if (!rows || own) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (own && (rc & 0xff) == SQLITE_CONSTRAINT &&
		    sqlite3_extended_errcode(b->db) == SQLITE_CONSTRAINT_NOTNULL) {
			/* A key may be missing: make the keys and insert
			 * again (another NOT NULL column, or a NULL id,
			 * fails again, as through the view's trigger). */
			sqlite3_reset(st);
			if ((rc = own_keys(b, own, params, n)) < 0)
				goto fail;
			rc = sqlite3_step(st);
		}
		if (rc != SQLITE_DONE) {
			rc = sq_err(b, rc, rs_stmts[op].name);
			goto fail;
		}
		rc = COP_OK;
		if (!rows)
			goto fail;      /* not a failure: release the statement */
	}
	r = cop_mallocz(sizeof(*r));
	if (!r) {
		rc = sq_fail(b, COP_ENOMEM, "out of memory");
		goto fail;
	}
	r->base.next = rows_next;
	r->base.free = rows_free;
	r->b = b;
	if (own) {
		/* An insert's rows: none; the statement is released. */
		r->slot = -1;
		r->done = 1;
		*rows = &r->base;
		goto fail;
	}
	r->st = st;
	r->slot = slot;
	if (slot >= 0)
		b->rlent[slot] = 1;
	*rows = &r->base;
	return COP_OK;
fail:
	if (slot >= 0) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else {
		sqlite3_finalize(st);
	}
	return rc;
}

