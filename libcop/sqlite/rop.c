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
 * write the keyed table directly, one row (the totals: an upsert), with
 * its keys bound as integers: key[j], found or made by key_get() from
 * parameters p1 and p2 (ids or text) and cached, is parameter
 * $(SQ_OWN_KEY1 + j).  A NULL parameter has no key: the row's NOT NULL
 * key fails, as through the view's trigger.  The views' triggers stay
 * for the other writers.  Parameters are the shared statement's ($N).
 */
typedef struct sq_own_key {
	int stmt;               /* S_KEY_*, or 0 (S_BEGIN): no more keys */
	int p1, p2;             /* from params[p1], params[p2] (-1: none) */
} sq_own_key;

#define SQ_OWN_KEYS 2
#define SQ_OWN_KEY1 (SQ_ROP_PARAMS - SQ_OWN_KEYS + 1)   /* $31, $32 */
typedef struct sq_own_stmt {
	const char *sql;
	sq_own_key key[SQ_OWN_KEYS];
} sq_own_stmt;

static const sq_own_stmt sq_own[COP_ROP__COUNT] = {
	/* RS_LEDGER_COLS: id, community, member, points, nominal, reason,
	 * object, actor, time, tags. */
	[COP_ROP_LEDGER_INS] = {
		"INSERT INTO cop_ledger_row (who, time, id, points, nominal, "
		"reason, object_id, actor_id, tags) VALUES "
		"($31, $9, $1, $4, $5, $6, $7, $8, $10)",
		{ { S_KEY_MEMBER, 1, 2 } } },
	/* community, kind, source id, object */
	[COP_ROP_X_SOURCE_INS] = {
		"INSERT INTO cop_source_row (ck, kind, source_id, object_id) "
		"VALUES ($31, $2, $3, $4)",
		{ { S_KEY_COMMUNITY, 0, -1 } } },
	/* community, period, pstart, tag, member, points: added to the
	 * total, as the view's trigger does (sql/schema.h's
	 * COP_SQL_REP_UPSERT). */
	[COP_ROP_TOTAL_ADD] = {
		"INSERT INTO cop_rep_sum (who, scope, period, pstart, points) "
		"VALUES ($31, $32, $2, $3, $6) "
		"ON CONFLICT (who, scope, period, pstart) DO UPDATE SET "
		"points = cop_rep_sum.points + excluded.points",
		{ { S_KEY_MEMBER, 0, 4 }, { S_KEY_SCOPE, 0, 3 } } },
};

/*
 * Operations whose row (RETURNING 1) only says that they changed a row:
 * SQLite runs them without RETURNING, their row made from
 * sqlite3_changes() (the revision bump's, a value, read after it:
 * rev_bumped()).  A RETURNING clause costs an ephemeral table and its
 * rows' copies each call (the accepts' thread_answered: about 38 k
 * instructions of its 66 k).  Parameters are the shared statement's.
 */
static const char *const sq_changed[COP_ROP__COUNT] = {
	[COP_ROP_THREAD_ANSWERED] =
		"UPDATE cop_thread SET answered = $2, state = $3 WHERE id = $1",
	/* Its row, the revision it replaced, is read after it
	 * (S_REV_BUMPED, rop_run()): RETURNING also made it a statement
	 * journal each (see sq_quiet below; an import bumps one per
	 * revision, 2,657 for the 1x beer one). */
	[COP_ROP_REVISION_BUMP] =
		"UPDATE cop_contribution SET revision = revision + 1, "
		"edited = CASE WHEN edited < $2 THEN $2 ELSE edited END "
		"WHERE id = $1",
};

/*
 * Operations whose RETURNING rows a caller may not want (rop() without
 * rows: cop__sql_run()): SQLite runs them without RETURNING then.  A
 * RETURNING clause is coded as a trigger of its statement, so that it
 * costs a statement journal (each page the insert changes copied: see
 * sqlite.c, "a bulk load with the triggers off") and an ephemeral table
 * each call; an import adds a thread's history this way (1x beer: 1,503
 * rows).  The parameters come in the shared statement's order, so that
 * b->rparam[op] serves both.
 */
static const char *const sq_quiet[COP_ROP__COUNT] = {
	[COP_ROP_HIST_INS] =
		"INSERT INTO cop_thread_history (thread_id, number, "
		"community_id, kind, old_value, new_value, actor_id, created, "
		"comment) VALUES ($1, (SELECT COALESCE(max(h.number), 0) + 1 "
		"FROM cop_thread_history h WHERE h.thread_id = $1), $2, $3, $4, "
		"$5, $6, $7, $8)",
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

/* ---- the keys --------------------------------------------------------------
 *
 * A key (a row of cop_rep_member, cop_community_key or cop_rep_scope) is
 * an integer that never changes once committed: nothing deletes a key
 * (a community's totals are cleared by deleting the totals, and its
 * keys stay), and another connection only adds keys.  So a connection
 * caches every key it finds or makes, and forgets them all when a
 * transaction (or savepoint) in which it made one rolls back.  That a
 * key was made (keys_made) holds until the outermost transaction ends:
 * after a savepoint's rollback, a key made before it may be found again
 * and cached, and is gone if the transaction rolls back too.  At most
 * SQ_KEYS_MAX are kept: past that the cache starts again.
 */
#define SQ_KEYS_MAX 65536

void sq_keys_forget(sq_backend *b, int release)
{
	size_t i;

	for (i = 0; i < b->nkeys; i++)
		cop_free(b->keys[i].tag);
	b->nkeys = 0;
	if (release) {
		cop_free(b->keys);
		b->keys = NULL;
		b->capkeys = 0;
		cop__htab_free(&b->keyh);
	} else {
		cop__htab_clear(&b->keyh);
	}
}

/* Whether @p v is a value a key is made of: a non-nil id (@p text 0)
 * or a text (@p text 1). */
static int key_val(const cop_val *v, int text)
{
	if (text)
		return v->type == COP_VAL_TEXT && v->text;
	return (v->type == COP_VAL_ID || v->type == COP_VAL_KEY) &&
		!cop_id_is_nil(&v->id);
}

/* Run the key statement @p s bound with @p c and @p v (NULL: none);
 * SQLITE_ROW or SQLITE_DONE left in *step (@p st not reset). */
static int key_run(sq_backend *b, int s, const cop_val *c, const cop_val *v,
	sqlite3_stmt **st, int *step)
{
	int rc;

	if ((rc = sq_prep(b, s, st)) < 0)
		return rc;
	rc = bind_val(*st, 1, c, SQLITE_STATIC);
	if (rc == SQLITE_OK && v)
		rc = bind_val(*st, 2, v, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sq_step(b, *st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = sq_err(b, rc, sq_stmts[s].name);
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return rc;
	}
	*step = rc;
	return COP_OK;
}

/* The key @p k of a row with parameters @p params (@p n): from the
 * cache, else found, else made (and cached) in *id; 0 when a parameter
 * it is made of is NULL or nil (no key).  COP_OK, COP_ENOMEM (no room to
 * cache it) or the store's error. */
static int key_get(sq_backend *b, const sq_own_key *k, const cop_val *params,
	unsigned int n, int64_t *id)
{
	const cop_val *c, *v = NULL;
	int text = k->stmt == S_KEY_SCOPE, step, rc, pass;
	int q = S_KEYQ_MEMBER + (k->stmt - S_KEY_MEMBER);
	uint64_t h, i;
	size_t pos = 0;
	sqlite3_stmt *st;
	sq_key *e;

	*id = 0;
	if ((unsigned int)k->p1 >= n ||
	    (k->p2 >= 0 && (unsigned int)k->p2 >= n))
		return sq_fail(b, COP_EINVAL, "%s: too few parameters",
			sq_stmts[k->stmt].name);
	c = &params[k->p1];
	if (k->p2 >= 0)
		v = &params[k->p2];
	if (!key_val(c, 0) || (v && !key_val(v, text)))
		return COP_OK;
	h = cop__hash_bytes(c->id.bytes, 16, (uint64_t)k->stmt);
	if (v)
		h = text ? cop__hash_bytes(v->text, strlen(v->text), h) :
			cop__hash_bytes(v->id.bytes, 16, h);
	while (cop__htab_next(&b->keyh, h, &pos, &i)) {
		e = &b->keys[i];
		if (e->kind == k->stmt &&
		    !memcmp(e->community.bytes, c->id.bytes, 16) &&
		    (!v || (text ? !strcmp(e->tag, v->text) :
		     !memcmp(e->member.bytes, v->id.bytes, 16)))) {
			*id = e->id;
			return COP_OK;
		}
	}
	/* Found, or made and then found. */
	for (pass = 0; pass < 2; pass++) {
		if ((rc = key_run(b, q, c, v, &st, &step)) < 0)
			return rc;
		if (step == SQLITE_ROW)
			break;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (pass)
			return sq_fail(b, COP_ERROR, "%s: not made",
				sq_stmts[k->stmt].name);
		if ((rc = key_run(b, k->stmt, c, v, &st, &step)) < 0)
			return rc;
		if (sqlite3_changes(b->db) > 0)
			b->keys_made = 1;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (b->nkeys >= SQ_KEYS_MAX)
		sq_keys_forget(b, 0);
	/* Out of memory: the operation fails, as any other would. */
	if (cop__grow(NULL, &b->keys, b->nkeys, &b->capkeys, sizeof(*b->keys),
			64) != COP_OK)
		return sq_fail(b, COP_ENOMEM, "out of memory");
	e = &b->keys[b->nkeys];
	memset(e, 0, sizeof(*e));
	e->kind = k->stmt;
	e->community = c->id;
	e->id = *id;
	if (v && text && !(e->tag = cop_strdup(v->text)))
		return sq_fail(b, COP_ENOMEM, "out of memory");
	if (v && !text)
		e->member = v->id;
	if (cop__htab_add(&b->keyh, h, b->nkeys) != 0) {
		cop_free(e->tag);
		return sq_fail(b, COP_ENOMEM, "out of memory");
	}
	b->nkeys++;
	return COP_OK;
}

/*
 * A period total (COP_ROP_TOTAL_ADD: community, period, pstart, tag,
 * member, points) held instead of written now while a bulk load is on
 * (totals.c): its keys found or made here, without writing the held
 * rows first (cop_rep_sum is not theirs).  1 when held, 0 when it is to
 * be written now (no bulk load, a value not an integer, or no key: its
 * statement fails as it does), or an error (nothing held).
 */
static int total_hold(sq_backend *b, const cop_val *params, unsigned int n)
{
	const sq_own_stmt *own = &sq_own[COP_ROP_TOTAL_ADD];
	int64_t key[SQ_OWN_KEYS] = { 0 };
	sq_held_row r;
	int rc = COP_OK, i;

	if (!b->bulk.on || b->depth < 1 || n < 6 ||
	    params[1].type != COP_VAL_INT || params[2].type != COP_VAL_INT ||
	    params[5].type != COP_VAL_INT)
		return 0;
	b->held.pass = 1;
	for (i = 0; rc == COP_OK && i < SQ_OWN_KEYS; i++)
		rc = key_get(b, &own->key[i], params, n, &key[i]);
	b->held.pass = 0;
	if (rc < 0)
		return rc;
	if (!key[0] || !key[1])
		return 0;
	r.who = key[0];
	r.scope = key[1];
	r.period = params[1].i;
	r.pstart = params[2].i;
	r.points = params[5].i;
	return (rc = sq_held_add(b, &r)) < 0 ? rc : 1;
}

typedef struct sq_rows {
	cop_backend_iter base;
	sq_backend *b;
	sqlite3_stmt *st;
	int slot;               /* rstmt[] index when borrowed, else -1 */
	int done;
	int changed;            /* sq_changed: a row (value) still to give */
	int64_t value;          /* 1, or what rev_bumped() read */
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

	if (r->changed) {
		r->changed = 0;
		(void)cop__sql_row_start(row, 1);
		row->col[0].type = COP_VAL_INT;
		row->col[0].i = r->value;
		return COP_OK;
	}
	if (r->done || !r->st)
		return COP_ITEROVER;
	rc = sq_step(r->b, r->st);
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

/* The revision a bump (contribution $1) replaced, read after it as its
 * RETURNING did: *found 0 when there is none. */
static int rev_bumped(sq_backend *b, const cop_val *params, unsigned int n,
	int *found, int64_t *value)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if (n < 1 || (params[0].type != COP_VAL_ID &&
	    params[0].type != COP_VAL_KEY))
		return COP_OK;
	rc = sq_row_of(b, S_REV_BUMPED, &params[0].id, &st);
	if (rc != COP_OK)
		return rc == COP_ENOTFOUND ? COP_OK : rc;
	*found = 1;
	*value = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return COP_OK;
}

static int rop_run(sq_backend *b, int op, const cop_val *params,
	unsigned int n, cop_backend_iter **rows)
{
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
	/* An accept's put in a bulk load, without its triggers when they
	 * would do nothing (sqlite.c); sq_rop() clears b->bulk.allow. */
	if ((rc = sq_notrig_rop(b, op, params, n)) < 0)
		return rc;
	if (op == COP_ROP_TOTAL_ADD && !rows &&
	    (rc = total_hold(b, params, n)) != 0)
		return rc < 0 ? rc : COP_OK;
	own = sq_own[op].sql ? &sq_own[op] : NULL;
	sql = own ? own->sql : sq_changed[op] ? sq_changed[op] :
		rs_stmts[op].sql;
	if (!rows && !own && !sq_changed[op] && sq_quiet[op]) {
		if ((rc = sq_prep_slot(b, &b->rquiet[op], sq_quiet[op],
				rs_stmts[op].name)) < 0)
			return rc;
		st = b->rquiet[op];
		slot = op;      /* reset, not finalized; never lent */
	} else if (!b->rlent[op]) {
		if ((rc = sq_prep_slot(b, &b->rstmt[op], sql,
				rs_stmts[op].name)) < 0)
			return rc;
		st = b->rstmt[op];
		slot = op;
	} else {
		rc = sqlite3_prepare_v3(b->db, sql, -1, 0, &st, NULL);
		if (rc == SQLITE_AUTH && b->bulk.notrig) {
			/* A write that needs its triggers (sq_step()). */
			sq_notrig_end(b);
			rc = sqlite3_prepare_v3(b->db, sql, -1, 0, &st, NULL);
		}
		if (rc != SQLITE_OK)
			return sq_err(b, rc, rs_stmts[op].name);
	}
	if (n > (own ? SQ_OWN_KEY1 - 1 : SQ_ROP_PARAMS)) {
		rc = sq_fail(b, COP_ERROR, "%s: more than %d parameters",
			rs_stmts[op].name, own ? SQ_OWN_KEY1 - 1 : SQ_ROP_PARAMS);
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
	 * own statement (an insert) has no rows, nor has one of sq_changed:
	 * they are stepped here too. */
	dtor = rows && !own && !sq_changed[op] ? SQLITE_TRANSIENT :
		SQLITE_STATIC;
	for (i = 0; i < n; i++)
		if ((idx = b->rparam[op][i]) > 0)
			brc |= bind_val(st, idx, &params[i], dtor);
	for (i = 0; own && i < SQ_OWN_KEYS && own->key[i].stmt; i++) {
		int64_t key;

		if ((rc = key_get(b, &own->key[i], params, n, &key)) < 0)
			goto fail;
		idx = b->rparam[op][SQ_OWN_KEY1 - 1 + i];
		brc |= key ? sqlite3_bind_int64(st, idx, key) :
			sqlite3_bind_null(st, idx);
	}
	if (brc != SQLITE_OK) {
		rc = sq_err(b, sqlite3_errcode(b->db), rs_stmts[op].name);
		goto fail;
	}
	if (!rows || own || sq_changed[op]) {
		while ((rc = sq_step(b, st)) == SQLITE_ROW)
			;
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
	if (own || sq_changed[op]) {
		/* An insert's rows: none; a change's, one if it changed a
		 * row; the statement is released. */
		r->slot = -1;
		r->done = 1;
		r->changed = !own && sqlite3_changes(b->db) > 0;
		r->value = 1;
		if (r->changed && op == COP_ROP_REVISION_BUMP &&
		    (rc = rev_bumped(b, params, n, &r->changed,
		    &r->value)) < 0) {
			cop_free(r);
			goto fail;
		}
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

int sq_rop(cop_backend *be, int op, const cop_val *params,
	unsigned int n, cop_backend_iter **rows)
{
	int rc = rop_run(SQ(be), op, params, n, rows);

	SQ(be)->bulk.allow = 0;   /* sq_notrig_rop()'s, for this one only */
	return rc;
}

