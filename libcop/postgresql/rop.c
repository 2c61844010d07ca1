/*
 * postgresql/rop.c: the recognition operations (sys/backend.h's
 * cop_rop), with the statements of recognition_sql.h.
 */
#include "postgresql/pq.h"
#include "recognition_sql.h"

/* ---- recognition operations ---------------------------------------------------
 *
 * The statements are shared with the SQLite backend (recognition_sql.h);
 * PostgreSQL infers their parameters' types from the columns they meet.
 * With cop_locking=row, reads of a vote, an accepted answer or a
 * standing inside a write transaction lock the row (FOR UPDATE), as
 * get() does for the foundation's records.  Rows come from one result
 * (recognition listings are paged by the core), and point into it.
 */

typedef pg_result_iter pg_rows;

static int prows_next(cop_backend_iter *bi, void *rec)
{
	pg_rows *r = (pg_rows *)bi;
	cop_row *row = rec;
	int c, n, rc;

	if (r->row >= PQntuples(r->res))
		return COP_ITEROVER;
	n = cop__sql_row_start(row, PQnfields(r->res));
	for (c = 0; c < n; c++) {
		cop_val *v = &row->col[c];
		if (PQgetisnull(r->res, r->row, c)) {
			v->type = COP_VAL_NULL;
			continue;
		}
		switch (PQftype(r->res, c)) {
		case 17:        /* bytea */
			if ((rc = pg_r_id(r->b, r->res, r->row, c, &v->id)) < 0)
				return rc;
			v->type = COP_VAL_ID;
			break;
		case 20: case 21: case 23: case 1700:   /* int8 int2 int4 numeric */
			v->type = COP_VAL_INT;
			v->i = pg_r_int(r->res, r->row, c);
			break;
		default:
			v->type = COP_VAL_TEXT;
			v->text = PQgetvalue(r->res, r->row, c);
			break;
		}
	}
	r->row++;
	return COP_OK;
}

/* The recognition writes the core never reads an answer from, nor
 * tells one failure from another. */
static int rop_deferrable(int op)
{
	switch (op) {
	case COP_ROP_VOTE_PUT: case COP_ROP_ACCEPT_PUT: case COP_ROP_KUDOS_INS:
	case COP_ROP_LEDGER_INS: case COP_ROP_STANDING_PUT:
	case COP_ROP_TOTAL_ADD: case COP_ROP_BADGE_INS: case COP_ROP_SCORE_ADD:
	case COP_ROP_SCORE_SET: case COP_ROP_THREAD_BUMP:
	case COP_ROP_THREAD_ADD:     /* an import's threads, once per file */
	case COP_ROP_P_DOOMED_ADD:   /* one per doomed id: no round trip each */
	case COP_ROP_FOLLOW_PUT: case COP_ROP_NOTE_INS: case COP_ROP_NOTE_ONE:
	case COP_ROP_NOTE_FANOUT:    /* a write's notifications */
		return 1;
	}
	return 0;
}

/* In a bulk load also the imports' inserts, whose failure fails the
 * import anyway (cop_backend.bulk). */
static int rop_bulk_deferrable(int op)
{
	switch (op) {
	case COP_ROP_X_SOURCE_INS: case COP_ROP_X_BADGE_INS:
	case COP_ROP_X_LINK_INS: case COP_ROP_X_VOTE_INS:
	case COP_ROP_X_STANDING_INS: case COP_ROP_REVISION_REPLACED:
	case COP_ROP_HIST_INS:       /* a thread's history, unnumbered */
	case COP_ROP_TAG_PUT:        /* Tags.xml's descriptions */
		return 1;
	}
	return 0;
}

/* How an operation's insert may go in a bulk load (copy.c): the tables
 * nothing in an import writes after inserting into them.  Read from the
 * statement's text once per operation (it is asked for every row). */
static int rop_copy_mode(pg_backend *b, int op)
{
	switch (op) {
	case COP_ROP_LEDGER_INS: case COP_ROP_X_BADGE_INS:
	case COP_ROP_X_SOURCE_INS: case COP_ROP_X_LINK_INS:
	case COP_ROP_VOTE_PUT: case COP_ROP_X_VOTE_INS:
	case COP_ROP_TOTAL_ADD:
		if (!b->rcopy_mode[op]) {
			int mode = pg_copy_mode(rs_stmts[op].sql,
				op == COP_ROP_TOTAL_ADD);
			/* The totals' insert into the view: its keys and sums
			 * set-based, not its trigger row by row. */
			if (op == COP_ROP_TOTAL_ADD && mode == PG_COPY_DIRECT)
				mode = PG_COPY_TOTALS;
			b->rcopy_mode[op] = (unsigned char)(1 + mode);
		}
		return b->rcopy_mode[op] - 1;
	}
	return PG_COPY_NONE;
}

/*
 * The batched form of an update a bulk load may send by COPY
 * (PG_COPY_UPDATE), or NULL: each row's updates of a send at once, read
 * from the staged (id, v), or (id, v, n) for a statement of three
 * parameters, of cop_stage_<statement's name>, as the
 * statement one row at a time would leave it (counts added, the latest
 * time kept).  A form whose rows must each find their row (the revision
 * number, an UPDATE ... RETURNING) answers how many did not.  The
 * scores too: a bulk load adds each contribution's once per file, and
 * the beer import's 1,799 updates took the server 149-155 ms one by one
 * against 113-121 ms as one statement (pg_stat_statements; the saved
 * round of parse, bind and execute per row not counted).
 */
const char *pg_rop_batched(int op)
{
	switch (op) {
	case COP_ROP_THREAD_BUMP:
		return "UPDATE cop_thread t SET contribution_count ="
			" t.contribution_count + s.n, last_activity = CASE"
			" WHEN t.last_activity < s.v THEN s.v ELSE"
			" t.last_activity END FROM (SELECT id, count(*) AS n,"
			" max(v) AS v FROM cop_stage_cop_r_thread_bump"
			" GROUP BY id) s WHERE t.id = s.id";
	case COP_ROP_THREAD_ADD:
		/* Staged (id, v, n): the amounts summed. */
		return "UPDATE cop_thread t SET contribution_count ="
			" t.contribution_count + s.n, last_activity = CASE"
			" WHEN t.last_activity < s.v THEN s.v ELSE"
			" t.last_activity END FROM (SELECT id, sum(n) AS n,"
			" max(v) AS v FROM cop_stage_cop_r_thread_add"
			" GROUP BY id) s WHERE t.id = s.id";
	case COP_ROP_SCORE_ADD:
		return "UPDATE cop_contribution c SET score = c.score + s.v"
			" FROM (SELECT id, sum(v) AS v FROM"
			" cop_stage_cop_r_score_add GROUP BY id) s"
			" WHERE c.id = s.id";
	case COP_ROP_REVISION_BUMP:
		return "WITH s AS (SELECT id, count(*) AS n, max(v) AS v FROM"
			" cop_stage_cop_r_revision_bump GROUP BY id), u AS"
			" (UPDATE cop_contribution c SET revision = c.revision"
			" + s.n, edited = CASE WHEN c.edited < s.v THEN s.v"
			" ELSE c.edited END FROM s WHERE c.id = s.id"
			" RETURNING c.id) SELECT count(*) FROM s WHERE NOT"
			" EXISTS (SELECT 1 FROM u WHERE u.id = s.id)";
	}
	return NULL;
}

int pg_rop(cop_backend *be, int op, const cop_val *params,
	unsigned int n, cop_backend_iter **rows)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	pg_rows *it;
	char name[64], *sql = NULL;
	unsigned int i;
	int rc, lock;

	b->errmsg[0] = '\0';
	if (rows)
		*rows = NULL;
	if (op <= 0 || op >= COP_ROP__COUNT || !rs_stmts[op].sql)
		return pg_fail(b, COP_ENOTSUP, "unknown recognition operation %d", op);
	if (n > PG_MAXP)
		return pg_fail(b, COP_ERROR, "too many parameters");
	memset(&p, 0, sizeof(p));
	for (i = 0; i < n; i++) {
		switch (params[i].type) {
		case COP_VAL_INT: pg_p_int(&p, params[i].i); break;
		case COP_VAL_ID: pg_p_id(&p, &params[i].id); break;
		case COP_VAL_KEY: pg_p_key(&p, &params[i].id); break;
		case COP_VAL_TEXT: pg_p_text(&p, params[i].text); break;
		default: pg_p_null(&p); break;
		}
	}
	/* In a bulk load, what the backend knows (bulk.c). */
	if (b->bulk && (rc = pg_bulk_rop(b, op, params, n, rows, &p)) <= 0)
		return rc;
	/* An accept's thread, in a transaction: its row (the thread found)
	 * is checked in the pipeline, as pg_update()'s of the whole thread
	 * is (a missing thread fails a later call), and answered now.  Not
	 * with the deferrable writes: its failure is told apart.  Outside
	 * a transaction it runs now, its rows as they are. */
	if (op == COP_ROP_THREAD_ANSWERED && rows && b->depth > 0 &&
	    !b->txn_lost && !b->txn_dead) {
		cop_val one;

		if ((rc = pg_defer_named(b, rs_stmts[op].name, rs_stmts[op].sql,
				&b->rprepared[0][op], 0, &p, Q_UPDATED)) < 0)
			return rc;
		memset(&one, 0, sizeof(one));
		one.type = COP_VAL_INT;
		one.i = 1;
		return pg_rows_known(b, &one, 1, rows);
	}
	/* Writes whose rows nobody reads can wait (see pg_defer). */
	if (!rows && (rop_deferrable(op) ||
	              (b->bulk && rop_bulk_deferrable(op)))) {
		const char *batched = pg_rop_batched(op);
		int mode;

		if (b->bulk && batched)
			return pg_defer_copy(b, rs_stmts[op].name,
				rs_stmts[op].sql, &b->rprepared[0][op], &p,
				Q_DONE, PG_COPY_UPDATE, batched);
		/* A thread's history: staged, numbered at once (copy.c). */
		if (b->bulk && op == COP_ROP_HIST_INS)
			return pg_defer_staged(b, rs_stmts[op].name,
				rs_stmts[op].sql, &b->rprepared[0][op], &p,
				Q_DONE, &pg_hist_staged);
		mode = b->bulk ? rop_copy_mode(b, op) : PG_COPY_NONE;
		rc = pg_defer_copy(b, rs_stmts[op].name, rs_stmts[op].sql,
			&b->rprepared[0][op], &p, Q_DONE, mode, rs_stmts[op].sql);
		return rc == COP_OK ? pg_copy_prepare(b, mode) : rc;
	}
	if ((rc = pg_ensure(b)) < 0)
		return rc;
	lock = b->row_locks && b->depth > 0 && (op == COP_ROP_VOTE_GET ||
		op == COP_ROP_ACCEPT_GET || op == COP_ROP_STANDING_GET ||
		op == COP_ROP_MOD_FORCE);
	snprintf(name, sizeof(name), "%s%s", rs_stmts[op].name, lock ? "_l" : "");
	if (lock && op == COP_ROP_MOD_FORCE) {
		/* The member's erasure holds until the transaction ends only
		 * with its row locked: FOR SHARE in a WITH query, since a
		 * UNION takes no lock of its own.  An erasure (which locks
		 * the row to update it) waits for this transaction, or this
		 * read for the erasure, and then sees it. */
		static const char force_l[] = "WITH me AS (SELECT id, status "
			"FROM cop_member WHERE id = $1 FOR SHARE) "
			RS_MOD_FORCE_KINDS " UNION ALL " RS_MOD_FORCE_STATE("me");

		rc = pg_exec_named(b, name, force_l, &b->rprepared[1][op], 0, 0,
			&p, &r);
	} else {
		if (lock && !b->rprepared[1][op]) {
			const char *text = rs_stmts[op].sql;
			size_t len = strlen(text);
			if (!(sql = cop_malloc(len + 12)))
				return pg_fail(b, COP_ENOMEM, "out of memory");
			memcpy(sql, text, len);
			memcpy(sql + len, " FOR UPDATE", 12);
		}
		rc = pg_exec_named(b, name, sql ? sql : rs_stmts[op].sql,
			&b->rprepared[lock][op], 0, 0, &p, &r);
	}
	cop_free(sql);
	if (rc < 0)
		return rc;
	if (!rows) {
		PQclear(r);
		return COP_OK;
	}
	if (!(it = cop_mallocz(sizeof(*it)))) {
		PQclear(r);
		return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	it->base.next = prows_next;
	it->base.free = pg_result_iter_free;
	it->b = b;
	it->res = r;
	*rows = &it->base;
	return COP_OK;
}

