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
 * small integers (schema.c, version 26), and an insert into a view goes
 * through its INSTEAD OF trigger, a program of its own run per row (its
 * frame, registers and two statements: the import spent about 4% more
 * instructions).  These write the keyed table directly, one row, the
 * key looked up in VALUES: a row whose key is missing fails its NOT NULL
 * key, and sq_rop() then makes the key (key, an S_KEY_* statement bound
 * with the ids of parameters id1 and id2) and runs the statement again.
 * (An INSERT ... SELECT would do without the failure, but SQLite opens
 * a statement journal for a statement that may write several rows
 * inside a transaction.)  The views' triggers stay for the other
 * writers.  Parameters are the shared statement's ($N).
 */
typedef struct sq_own_stmt {
	const char *sql;
	int key;                /* S_KEY_MEMBER or S_KEY_COMMUNITY */
	int id1, id2;           /* the key's ids: params[id1], params[id2] */
} sq_own_stmt;

static const sq_own_stmt sq_own[COP_ROP__COUNT] = {
	/* RS_LEDGER_COLS: id, community, member, points, nominal, reason,
	 * object, actor, time, tags. */
	[COP_ROP_LEDGER_INS] = {
		"INSERT INTO cop_ledger_row (who, time, id, points, nominal, "
		"reason, object_id, actor_id, tags) VALUES ((SELECT w.id FROM "
		"cop_rep_member w WHERE w.community_id = $2 AND w.member_id = $3), "
		"$9, $1, $4, $5, $6, $7, $8, $10)",
		S_KEY_MEMBER, 1, 2 },
	/* community, kind, source id, object */
	[COP_ROP_X_SOURCE_INS] = {
		"INSERT INTO cop_source_row (ck, kind, source_id, object_id) "
		"VALUES ((SELECT k.id FROM cop_community_key k "
		"WHERE k.community_id = $1), $2, $3, $4)",
		S_KEY_COMMUNITY, 0, -1 },
};

/* Bind parameter @p idx of @p st to the id @p v (NULL when nil or not
 * an id). */
static int bind_id(sqlite3_stmt *st, int idx, const cop_val *v)
{
	if (v->type == COP_VAL_KEY ||
	    (v->type == COP_VAL_ID && !cop_id_is_nil(&v->id)))
		return sqlite3_bind_blob(st, idx, v->id.bytes, 16, SQLITE_STATIC);
	return sqlite3_bind_null(st, idx);
}

/* Make the key that the own statement @p o may have found missing (none
 * when an id is NULL: INSERT OR IGNORE). */
static int own_key(sq_backend *b, const sq_own_stmt *o, const cop_val *params,
	unsigned int n)
{
	sqlite3_stmt *st;
	int rc, brc;

	if ((unsigned int)o->id1 >= n || (o->id2 >= 0 &&
	    (unsigned int)o->id2 >= n))
		return sq_fail(b, COP_EINVAL, "%s: too few parameters",
			sq_stmts[o->key].name);
	if ((rc = sq_prep(b, o->key, &st)) < 0)
		return rc;
	brc = bind_id(st, 1, &params[o->id1]);
	if (o->id2 >= 0)
		brc |= bind_id(st, 2, &params[o->id2]);
	if (brc != SQLITE_OK) {
		rc = sq_err(b, sqlite3_errcode(b->db), sq_stmts[o->key].name);
		sqlite3_reset(st);
	} else {
		rc = sq_done(b, st, sq_stmts[o->key].name);
	}
	sqlite3_clear_bindings(st);
	return rc;
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
	for (i = 0; i < n; i++) {
		if ((idx = b->rparam[op][i]) <= 0)
			continue;
		switch (params[i].type) {
		case COP_VAL_INT:
			brc |= sqlite3_bind_int64(st, idx, params[i].i);
			break;
		case COP_VAL_ID:
			brc |= cop_id_is_nil(&params[i].id) ?
				sqlite3_bind_null(st, idx) :
				sqlite3_bind_blob(st, idx, params[i].id.bytes, 16,
					dtor);
			break;
		case COP_VAL_KEY:
			brc |= sqlite3_bind_blob(st, idx, params[i].id.bytes, 16,
				dtor);
			break;
		case COP_VAL_TEXT:
			brc |= params[i].text ? sqlite3_bind_text(st, idx,
				params[i].text, -1, dtor) :
				sqlite3_bind_null(st, idx);
			break;
		default:
			brc |= sqlite3_bind_null(st, idx);
			break;
		}
	}
	if (brc != SQLITE_OK) {
		rc = sq_err(b, sqlite3_errcode(b->db), rs_stmts[op].name);
		goto fail;
	}
	if (!rows || own) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (own && (rc & 0xff) == SQLITE_CONSTRAINT &&
		    sqlite3_extended_errcode(b->db) == SQLITE_CONSTRAINT_NOTNULL) {
			/* The key may be missing: make it and insert
			 * again (another NOT NULL column, or a NULL id,
			 * fails again, as through the view's trigger). */
			sqlite3_reset(st);
			if ((rc = own_key(b, own, params, n)) < 0)
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

