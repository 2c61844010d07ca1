/*
 * postgresql/pipeline.c: statements sent later, and transactions.
 */
#include "postgresql/pq.h"

/* ---- statements sent later ---------------------------------------------------- */

/*
 * Inside a transaction, the writes whose only answer is "done" (see
 * pg_defer) and the transaction's own BEGIN, LOCK and SAVEPOINT commands
 * are not sent at once: they wait in b->q and go to the server in one
 * pipeline (libpq's pipeline mode) with the next statement whose answer
 * is needed, or with COMMIT.  A mutation then costs a round trip per
 * read it makes and one to commit, instead of one per statement.
 *
 * A failure is reported by the call that sends the statement, with the
 * code and message of the statement that failed (its name is in the
 * message); the core rolls back then, as after any failure.  What waits
 * is sent before a nested commit reports success (a mutation of a batch
 * never succeeds with a write unsent), before a savepoint is taken, and
 * before COMMIT when a write's answer must still be checked (an insert
 * that found its key taken, an update that found no row), so that a
 * transaction never commits past a failed check.
 */




static const char *q_label(const pg_qent *e)
{
	return e->name ? e->name : e->sql;
}

/* A new entry at the end of the queue, zeroed; NULL when out of memory. */
static pg_qent *q_add(pg_backend *b)
{
	pg_qent *e;

	if (b->qn == b->qcap) {
		int cap = b->qcap ? 2 * b->qcap : 8;
		pg_qent *q = cop_realloc(b->q, (size_t)cap * sizeof(*q));
		if (!q)
			return NULL;
		b->q = q;
		b->qcap = cap;
	}
	e = &b->q[b->qn];
	memset(e, 0, sizeof(*e));
	return e;
}

/* Queue a transaction command (no parameters). */
static int q_sql(pg_backend *b, const char *sql, int sp)
{
	pg_qent *e = q_add(b);

	if (!e)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	snprintf(e->sql, sizeof(e->sql), "%s", sql);
	e->sp = sp;
	b->qn++;
	return COP_OK;
}

/* Queue prepared statement @p name with a copy of its parameters. */
static int q_stmt(pg_backend *b, const char *name, const pg_params *p,
	int check, int counted)
{
	pg_qent *e = q_add(b);
	size_t size = 0, k[PG_MAXP];
	char *at;
	int i;

	if (!e)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	for (i = 0; i < p->n; i++) {
		k[i] = !p->v[i] ? 0 : p->fmt[i] ? (size_t)p->len[i] :
			strlen(p->v[i]) + 1;
		size += k[i];
	}
	if (!(e->mem = cop_malloc(size ? size : 1)))
		return pg_fail(b, COP_ENOMEM, "out of memory");
	for (i = 0, at = e->mem; i < p->n; i++) {
		e->v[i] = p->v[i] ? at : NULL;
		e->len[i] = p->len[i];
		e->fmt[i] = p->fmt[i];
		if (k[i])
			memcpy(at, p->v[i], k[i]);
		at += k[i];
	}
	e->n = p->n;
	e->name = name;
	e->check = check;
	e->counted = counted;
	b->qn++;
	return COP_OK;
}

/* Queue the first batch of listing @p it (see pg_list). */
int pg_q_read(pg_backend *b, const char *name, int binary,
	const pg_params *p, struct pg_iter *it)
{
	int rc = q_stmt(b, name, p, Q_DONE, 0);

	if (rc < 0)
		return rc;
	b->q[b->qn - 1].binary = binary;
	b->q[b->qn - 1].read = 1;
	b->q[b->qn - 1].con = 1;   /* what it reads is not known here */
	b->q[b->qn - 1].it = it;
	return COP_OK;
}

/* Forget the entries from @p from on (they were never sent). */
void pg_q_drop(pg_backend *b, int from)
{
	int i;

	for (i = from; i < b->qn; i++) {
		pg_qent *e = &b->q[i];
		cop_free(e->mem);
		if (e->read && e->it)
			pg_iter_unqueue(e->it, NULL);
	}
	if (from < b->qn)
		b->qn = from;
}

/* Whether a write waits (@p soft: one whose answer is still to check). */
static int q_has_write(const pg_backend *b, int soft)
{
	int i;

	for (i = 0; i < b->qn; i++) {
		const pg_qent *e = &b->q[i];
		if (e->name && !e->read && (!soft ||
		    e->check == Q_INSERTED || e->check == Q_UPDATED))
			return 1;
	}
	return 0;
}

/* Does answer @p r show what entry @p e expects? */
static int q_check(pg_backend *b, const char *name, int check, int counted,
	const PGresult *r)
{
	int n = PQntuples(r);

	if (counted)
		n = n == 1 ? (int)pg_r_int(r, 0, 0) : 0;
	switch (check) {
	case Q_INSERTED:
		if (n == 0)
			return pg_fail(b, COP_EEXISTS, "%s: a unique key is taken",
				name);
		break;
	case Q_UPDATED:
		if (n == 0)
			return pg_fail(b, COP_ENOTFOUND, "%s: no such record", name);
		break;
	case Q_SEQ:
		if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0))
			return pg_fail(b, COP_ECORRUPT, "%s: log append returned "
				"no seq", name);
		break;
	}
	return COP_OK;
}

/* A transaction command failed: the transaction is over on the server;
 * every call fails with its error until the core has rolled back. */
static void pg_dead(pg_backend *b, int rc)
{
	if (PQstatus(b->conn) == CONNECTION_BAD) {
		b->txn_lost = 1;
		return;
	}
	memcpy(b->dead_msg, b->errmsg, sizeof(b->dead_msg));
	b->txn_dead = rc;
	if (PQtransactionStatus(b->conn) != PQTRANS_IDLE)
		pg_run(b, "ROLLBACK", "rollback");
	memcpy(b->errmsg, b->dead_msg, sizeof(b->errmsg));
}

/*
 * Send entries @p from to @p to - 1 of the queue (but those taken for a
 * COPY) in one pipeline and read every answer.  When @p out is not NULL
 * it receives the answer to entry @p to - 1 (which the caller added for
 * it).  Returns the first failure in order; *ctl_failed is set when a
 * transaction command failed.  The queue is left as it is.
 */
static int q_run(pg_backend *b, int from, int to, PGresult **out,
	int *ctl_failed)
{
	PGresult *r;
	int i, rc = COP_OK, sent = from;

	if (!PQenterPipelineMode(b->conn))
		return pg_conn_error(b, "entering pipeline mode");
	for (i = from; i < to; i++, sent++) {
		pg_qent *e = &b->q[i];
		int ok = e->taken ? 1 : e->name ?
			PQsendQueryPrepared(b->conn, e->name, e->n, e->v, e->len,
				e->fmt, e->binary) :
			PQsendQueryParams(b->conn, e->sql, 0, NULL, NULL, NULL,
				NULL, 0);
		if (!ok) {
			rc = pg_conn_error(b, q_label(e));
			break;
		}
	}
	if (!PQpipelineSync(b->conn) && rc == COP_OK)
		rc = pg_conn_error(b, "sending a pipeline");
	for (i = from; i < sent; i++) {
		pg_qent *e = &b->q[i];
		ExecStatusType st;

		if (e->taken)
			continue;
		if (!(r = PQgetResult(b->conn))) {
			if (rc == COP_OK)
				rc = pg_conn_error(b, q_label(e));
			break;
		}
		st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_ABORTED) {
			if (!e->name)
				*ctl_failed = 1;
		} else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			if (rc == COP_OK)
				rc = pg_result_error(b, r, q_label(e));
			if (!e->name)
				*ctl_failed = 1;
		} else if (e->read) {
			/* A listing's first batch: it keeps the answer. */
			if (e->it) {
				pg_iter_unqueue(e->it, r);
				e->it = NULL;
				r = NULL;
			}
		} else if (rc == COP_OK && e->name) {
			rc = q_check(b, e->name, e->check, e->counted, r);
		}
		if (out && i == to - 1 && rc == COP_OK) {
			*out = r;
			r = NULL;
		}
		PQclear(r);
		/* Each answer ends with a NULL. */
		while ((r = PQgetResult(b->conn)) != NULL)
			PQclear(r);
	}
	/* Up to the sync point, then out of pipeline mode. */
	while (PQstatus(b->conn) == CONNECTION_OK &&
	       (r = PQgetResult(b->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(r);
		PQclear(r);
		if (st == PGRES_PIPELINE_SYNC)
			break;
	}
	if (!PQexitPipelineMode(b->conn) && rc == COP_OK)
		rc = pg_conn_error(b, "leaving pipeline mode");
	return rc;
}

/*
 * Send the queue and read every answer.  When @p out is not NULL it
 * receives the answer to the last entry (which the caller added for it).
 * Returns the first failure in order; the queue is empty afterwards.  A
 * failed transaction command (or COPY) makes the transaction dead.
 *
 * In a bulk load, the rows that go by COPY (copy.c) are taken out and
 * sent after the other writes, before the last entry when that is what
 * the caller waits for (a read, COMMIT): one pipeline, the COPYs, the
 * last entry.
 */
static int q_send(pg_backend *b, PGresult **out)
{
	int rc = COP_OK, ctl_failed = 0, hold = 0, n = b->qn;

	if (out)
		*out = NULL;
	if (b->bulk && n > 0 && (rc = pg_copy_take(b, out ||
			b->q[n - 1].read || !b->q[n - 1].name)) > 0) {
		pg_qent *last = &b->q[n - 1];
		hold = !last->taken && (out || last->read || !last->name);
		rc = q_run(b, 0, n - hold, NULL, &ctl_failed);
		if (rc == COP_OK && (rc = pg_copy_run(b)) < 0)
			ctl_failed = 1;   /* the server's transaction failed */
		if (rc == COP_OK && hold)
			rc = q_run(b, n - 1, n, out, &ctl_failed);
	} else if (rc == COP_OK) {
		rc = q_run(b, 0, n, out, &ctl_failed);
	}
	pg_copy_reset(b);
	pg_q_drop(b, 0);
	if (rc < 0 && out && *out) {
		PQclear(*out);
		*out = NULL;
	}
	if (rc < 0 && PQstatus(b->conn) == CONNECTION_BAD && b->depth > 0)
		b->txn_lost = 1;
	else if (rc < 0 && ctl_failed)
		pg_dead(b, rc);
	return rc;
}

/* Send what waits, if anything. */
int pg_q_flush(pg_backend *b)
{
	return b->qn > 0 ? q_send(b, NULL) : COP_OK;
}

/*
 * Run prepared statement @p s.  *out receives the result (PGRES_TUPLES_OK
 * or PGRES_COMMAND_OK) for the caller to PQclear.  What waits in the
 * queue goes first, in the same round trip.  A read that finds the
 * connection broken outside a transaction is retried once on a new one.
 */
int pg_exec_named(pg_backend *b, const char *name, const char *sql,
	unsigned char *prepared, int readonly, int binary, const pg_params *p,
	PGresult **out)
{
	PGresult *r;
	int rc, tries = 0;
	static const pg_params none;

	*out = NULL;
	if (!p)
		p = &none;
again:
	if ((rc = pg_ensure(b)) < 0)
		return rc;
	if ((rc = pg_prepare(b, name, sql, name, prepared)) < 0) {
		if (PQstatus(b->conn) == CONNECTION_BAD && b->depth == 0 &&
		    readonly && tries++ == 0)
			goto again;
		return rc;
	}
	if (b->qn > 0) {
		pg_qent *e = q_add(b);
		if (!e)
			return pg_fail(b, COP_ENOMEM, "out of memory");
		/* The last entry borrows the caller's parameters. */
		e->name = name;
		e->con = strstr(sql, "cop_contribution") != NULL;
		e->binary = binary;
		e->n = p->n;
		memcpy(e->v, p->v, sizeof(e->v));
		memcpy(e->len, p->len, sizeof(e->len));
		memcpy(e->fmt, p->fmt, sizeof(e->fmt));
		b->qn++;
		return q_send(b, out);
	}
	r = PQexecPrepared(b->conn, name, p->n, p->v, p->len, p->fmt,
		binary);
	if (r && (PQresultStatus(r) == PGRES_TUPLES_OK ||
	          PQresultStatus(r) == PGRES_COMMAND_OK)) {
		*out = r;
		return COP_OK;
	}
	if (PQstatus(b->conn) == CONNECTION_BAD) {
		if (b->depth == 0 && readonly && tries++ == 0) {
			PQclear(r);
			goto again;
		}
		if (b->depth > 0)
			b->txn_lost = 1;
	}
	rc = pg_result_error(b, r, name);
	PQclear(r);
	return rc;
}

int pg_exec(pg_backend *b, int s, const pg_params *p, PGresult **out)
{
	return pg_exec_named(b, pg_stmts[s].name, pg_stmts[s].sql, &b->prepared[s],
		pg_stmts[s].readonly, pg_stmts[s].binary, p, out);
}

/* Run statement @p s, without parameters, for the integer in the first
 * column of its one row (0 when it has none). */
int pg_int_of(pg_backend *b, int s, int64_t *out)
{
	PGresult *r;
	int rc;

	*out = 0;
	if ((rc = pg_exec(b, s, NULL, &r)) < 0)
		return rc;
	if (PQntuples(r) == 1)
		*out = pg_r_int(r, 0, 0);
	PQclear(r);
	return COP_OK;
}

/*
 * Run a write whose answer only says it was done (and passes @p check):
 * inside a transaction it waits in the queue (see above), else it runs
 * now.
 */
/*
 * In a bulk load, send what waits once PG_QUEUE_MAX entries do: a load
 * that makes no read for a long while (an import's comments, history
 * and votes) would otherwise hold every row it writes, its parameters
 * copied, until it commits.  A failure shows at this later call, as a
 * bulk load's failures may (pg_bulk()).
 */
static int q_room(pg_backend *b)
{
	return b->bulk && b->qn >= PG_QUEUE_MAX ? q_send(b, NULL) : COP_OK;
}

int pg_defer_named(pg_backend *b, const char *name, const char *sql,
	unsigned char *prepared, int counted, const pg_params *p, int check)
{
	PGresult *r;
	int rc;

	if (b->depth == 0 || b->txn_lost || b->txn_dead) {
		if ((rc = pg_exec_named(b, name, sql, prepared, 0, 0, p, &r)) < 0)
			return rc;
		rc = q_check(b, name, check, counted, r);
		PQclear(r);
		return rc;
	}
	if ((rc = pg_ensure(b)) < 0 ||
	    (rc = pg_prepare(b, name, sql, name, prepared)) < 0)
		return rc;
	if ((rc = q_room(b)) < 0 ||
	    (rc = q_stmt(b, name, p, check, counted)) < 0)
		return rc;
	/* Whether a bulk load's contributions may go by COPY after it. */
	b->q[b->qn - 1].con = strstr(sql, "cop_contribution") != NULL;
	return COP_OK;
}

int pg_defer(pg_backend *b, int s, const pg_params *p, int check)
{
	return pg_defer_named(b, pg_stmts[s].name, pg_stmts[s].sql, &b->prepared[s],
		pg_stmts[s].counted, p, check);
}

/*
 * As pg_defer_named, for a write that may go by COPY (@p mode, PG_COPY_*)
 * when a bulk load sends it (copy.c): an insert (@p isql its text) or an
 * update (@p isql its batched form).
 */
int pg_defer_copy(pg_backend *b, const char *name, const char *sql,
	unsigned char *prepared, const pg_params *p, int check, int mode,
	const char *isql)
{
	int n, rc;

	/* Room first: the entry this adds is the queue's n-th. */
	if ((rc = q_room(b)) < 0)
		return rc;
	n = b->qn;
	rc = pg_defer_named(b, name, sql, prepared, 0, p, check);
	if (rc == COP_OK && b->bulk && b->qn == n + 1 && isql) {
		b->q[n].copy = mode;
		b->q[n].isql = isql;
	}
	return rc;
}

/* ---- transactions ------------------------------------------------------------ */

/*
 * cop_backend.bulk (interface version 10): until the outermost
 * transaction ends, the writes the core would wait for (a member's or a
 * membership's insert, an import source, a badge, a link) wait in the
 * queue too, the inserts copy.c knows go by COPY, and bulk.c answers
 * the reads of what only this transaction wrote.  A failure then shows
 * at a later call or at commit; the import that asked fails as a whole,
 * as it would.
 */
int pg_bulk(cop_backend *be, int on)
{
	pg_backend *b = PG(be);

	if (b->depth == 0)
		return pg_fail(b, COP_EINVAL, "a bulk load needs a transaction");
	if (!on) {
		int rc = pg_bulk_refill(b);
		if (rc == COP_OK)
			rc = pg_q_flush(b);
		pg_bulk_off(b);
		return rc;
	}
	b->bulk = 1;
	return COP_OK;
}

/*
 * The transaction's commands wait in the queue too: BEGIN (and the store
 * lock) go with the transaction's first statement, SAVEPOINT with the
 * level's first, RELEASE with the next; a level that sent nothing sends
 * neither its SAVEPOINT nor its RELEASE, a transaction that sent nothing
 * sends neither BEGIN nor COMMIT.
 */
int pg_begin(cop_backend *be)
{
	pg_backend *b = PG(be);
	char sql[48];
	int rc, mark = b->qn;

	if (b->depth == 0) {
		if ((rc = pg_ensure(b)) < 0)
			return rc;
		/* One writer per store at a time (cop_locking=store), as on
		 * SQLite: what a transaction reads stays current until it
		 * commits.  Readers are not blocked. */
		if ((rc = q_sql(b, "BEGIN ISOLATION LEVEL READ COMMITTED",
				0)) < 0 ||
		    (!b->row_locks && !b->readonly &&
		     (rc = q_sql(b, "LOCK TABLE cop_meta IN EXCLUSIVE MODE",
				0)) < 0)) {
			pg_q_drop(b, mark);
			return rc;
		}
	} else {
		if ((rc = pg_ensure(b)) < 0)
			return rc;
		/* A failure before the savepoint must not look like one
		 * inside it: writes still waiting go first.  In a bulk load
		 * they may wait: a failure before it aborts the savepoint
		 * too, and the transaction is then dead (pg_dead). */
		if (!b->bulk && q_has_write(b, 0) && (rc = pg_q_flush(b)) < 0)
			return rc;
		snprintf(sql, sizeof(sql), "SAVEPOINT cop_%d", b->depth);
		if ((rc = q_sql(b, sql, b->depth)) < 0)
			return rc;
	}
	b->depth++;
	return COP_OK;
}

int pg_commit(cop_backend *be)
{
	pg_backend *b = PG(be);
	PGresult *r;
	char sql[48];
	int rc = COP_OK;

	if (b->depth == 0)
		return pg_fail(b, COP_ERROR, "commit without a transaction");
	if (b->txn_lost || b->txn_dead) {
		rc = b->txn_lost ? COP_EIO : b->txn_dead;
		if (b->depth == 1) {
			pg_q_drop(b, 0);
			b->depth = 0, b->txn_lost = 0, b->txn_dead = 0;
			pg_bulk_off(b);
		}
		if (rc == COP_EIO && !b->txn_dead)
			return pg_fail(b, COP_EIO, "the connection to the server "
				"was lost in a transaction");
		return pg_fail(b, rc, "%s", b->dead_msg);
	}
	if (b->depth > 1) {
		/* The level's writes are done before it reports success
		 * (in a bulk load they may fail later: see pg_bulk). */
		if (!b->bulk && q_has_write(b, 0) && (rc = pg_q_flush(b)) < 0)
			return rc;
		if (b->qn > 0 && b->q[b->qn - 1].sp == b->depth - 1) {
			/* Nothing sent since its SAVEPOINT: drop both. */
			pg_q_drop(b, b->qn - 1);
		} else {
			snprintf(sql, sizeof(sql), "RELEASE SAVEPOINT cop_%d",
				b->depth - 1);
			if ((rc = q_sql(b, sql, 0)) < 0)
				return rc;
		}
		b->depth--;
		return COP_OK;
	}
	/* The transaction ends whatever happens (the bulk load with it, once
	 * what waits is sent, its roll-ups made again first). */
	if (b->bulk && (rc = pg_bulk_refill(b)) < 0) {
		b->depth = 0;
		goto fail;
	}
	b->depth = 0;
	if (q_has_write(b, 1) && (rc = pg_q_flush(b)) < 0)
		goto fail;
	if (!q_has_write(b, 0) &&
	    PQtransactionStatus(b->conn) == PQTRANS_IDLE) {
		/* BEGIN was never sent: there is nothing to commit. */
		pg_q_drop(b, 0);
		pg_bulk_off(b);
		return COP_OK;
	}
	if ((rc = q_sql(b, "COMMIT", 0)) < 0)
		goto fail;
	rc = q_send(b, &r);
	pg_bulk_off(b);
	if (rc == COP_OK) {
		/* The server answers ROLLBACK to the COMMIT of a failed
		 * transaction. */
		if (strcmp(PQcmdStatus(r), "COMMIT") != 0)
			rc = pg_fail(b, COP_EIO, "commit: the transaction had "
				"failed and was rolled back");
		PQclear(r);
		return rc;
	}
fail:
	pg_q_drop(b, 0);
	pg_bulk_off(b);
	b->txn_dead = 0;
	if (b->txn_lost) {
		b->txn_lost = 0;
		return rc;
	}
	if (PQstatus(b->conn) == CONNECTION_OK &&
	    PQtransactionStatus(b->conn) != PQTRANS_IDLE) {
		char keep[PG_ERRMSG_MAX];
		memcpy(keep, b->errmsg, sizeof(keep));
		pg_run(b, "ROLLBACK", "rollback");
		memcpy(b->errmsg, keep, sizeof(keep));
	}
	return rc;
}

int pg_rollback(cop_backend *be)
{
	pg_backend *b = PG(be);
	char sql[96];
	int rc, i;

	/* After a failed COMMIT the transaction is already over. */
	if (b->depth == 0)
		return COP_OK;
	if (b->txn_lost || b->txn_dead) {
		if (--b->depth == 0) {
			pg_q_drop(b, 0);
			pg_bulk_off(b);
			b->txn_lost = 0;
			b->txn_dead = 0;
		}
		return COP_OK;
	}
	if (b->depth == 1) {
		b->depth = 0;
		pg_bulk_off(b);
		pg_q_drop(b, 0);
		/* Nothing to undo when BEGIN was never sent. */
		if (PQtransactionStatus(b->conn) == PQTRANS_IDLE)
			return COP_OK;
		rc = pg_run(b, "ROLLBACK", "rollback");
		if (rc < 0 && PQstatus(b->conn) == CONNECTION_BAD)
			rc = COP_OK;   /* the server rolled it back */
		return rc;
	}
	/* What a bulk load knew may be undone with the level. */
	pg_bulk_forget(b);
	/* The level's SAVEPOINT still waiting: it and all after it are
	 * simply never sent. */
	for (i = b->qn - 1; i >= 0; i--)
		if (b->q[i].sp == b->depth - 1)
			break;
	b->depth--;
	if (i >= 0) {
		pg_q_drop(b, i);
		return COP_OK;
	}
	/* Else everything waiting came after it. */
	pg_q_drop(b, 0);
	snprintf(sql, sizeof(sql),
		"ROLLBACK TO SAVEPOINT cop_%d; RELEASE SAVEPOINT cop_%d",
		b->depth, b->depth);
	rc = pg_run(b, sql, "rollback to savepoint");
	if (rc < 0 && PQstatus(b->conn) == CONNECTION_BAD) {
		b->txn_lost = 1;
		return COP_OK;
	}
	return rc;
}

