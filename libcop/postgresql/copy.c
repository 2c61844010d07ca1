/*
 * postgresql/copy.c: a bulk load's inserts sent by COPY.
 *
 * In a bulk load (cop_backend.bulk, an import), the inserts into the
 * tables nothing else in the transaction writes after them (members and
 * memberships, the ledger, badges, import sources, links, votes, the
 * period totals) wait in the queue like any write (pipeline.c), marked
 * with how they may be copied.
 * When the queue is sent, the rows of each such statement that has at
 * least PG_COPY_MIN of them are taken out of the pipeline and written
 * in COPY's text format, after the pipeline's other writes and before
 * the statement whose answer is awaited (a read, COMMIT): so every read
 * still sees every write before it, and a copied row meets the rows it
 * refers to already written.  The updates that only add to a count or
 * keep the latest time (a contribution's revision number, a thread's
 * count and last activity) go the same way, staged, each row updated
 * once with the sum of its updates (pg_rop_batched()).  A plain INSERT ... VALUES goes straight
 * into its table; an upsert (ON CONFLICT) into a temporary staging table
 * like its own, then into the table by one INSERT ... SELECT with the
 * statement's own ON CONFLICT clause.  The period totals' rows of one
 * key are summed first (one INSERT may not meet a row twice); with one
 * store writer at a time (cop_locking=store) they go without ON CONFLICT,
 * the existing keys updated and the new ones inserted, which saves the
 * speculative insertion of every row.  The period totals (an insert
 * into the view cop_rep_total, PG_COPY_TOTALS) are staged too, then
 * their missing keys made and their sums added in three statements
 * (sql/schema.h's COP_SQL_REP_ADD_FROM; with one store writer at a
 * time COP_SQL_REP_ADD_LOCKED_FROM, whose members with no total yet
 * get theirs without ON CONFLICT), not by the view's trigger
 * row by row; too few of them for a COPY (an accepted answer's) go in
 * one statement in the pipeline, their parameters as arrays
 * (S_BULK_TOTALS, one store writer at a time).  The change log's
 * appends (cop_log_append(), one lock and insert each) go the same way,
 * staged with their order and numbered from the last seq in one
 * INSERT ... SELECT under the same lock (PG_COPY_LOG).  Contributions
 * and revisions, which are written after their insert (scores, revision
 * numbers, who replaced a revision), go staged too (PG_COPY_CON), before
 * every other COPY of the send, and only when nothing left in the
 * pipeline after them names their table (copy_take_staged()).
 *
 * The statements are the shared ones (recognition_sql.h): a statement's
 * table, columns and ON CONFLICT clause are read from its text, which
 * must be INSERT INTO t (c1, ..., cn) VALUES ($1, ..., $n) followed by
 * nothing or by ON CONFLICT ...; any other stays in the pipeline.
 */
#include "postgresql/pq.h"
#include "visibility.h"
#include "sql/schema.h"

/* Fewer rows than this go in the pipeline (a COPY is two or three round
 * trips of its own: below this the pipelined inserts cost less). */
#define PG_COPY_MIN 128
/* The same for updates, each of which costs the server more than an
 * insert (a new version of the row in every index of its table). */
#define PG_COPY_UPDATE_MIN 16
/* The same for the log's appends, each a function's lock and insert. */
#define PG_COPY_LOG_MIN 16
/* The same for contributions (each an insert into eight indexes and a
 * full-text vector made) and revisions. */
#define PG_COPY_CON_MIN 16

/* The parts of "INSERT INTO t (cols) VALUES ($1, ..., $n)tail". */
typedef struct copy_parts {
	const char *table, *cols, *tail;
	size_t ntable, ncols;
	int n;
} copy_parts;

static int copy_parse(const char *sql, copy_parts *c)
{
	static const char ins[] = "INSERT INTO ", vals[] = ") VALUES (";
	const char *at, *end;
	int k;

	memset(c, 0, sizeof(*c));
	if (strncmp(sql, ins, sizeof(ins) - 1) != 0)
		return -1;
	c->table = sql + sizeof(ins) - 1;
	if (!(at = strstr(c->table, " (")))
		return -1;
	c->ntable = (size_t)(at - c->table);
	c->cols = at + 2;
	if (!(end = strstr(c->cols, vals)))
		return -1;
	c->ncols = (size_t)(end - c->cols);
	at = end + sizeof(vals) - 1;
	for (k = 1;; k++) {
		char num[16];
		int len = snprintf(num, sizeof(num), "$%d", k);
		if (strncmp(at, num, (size_t)len) != 0)
			return -1;
		at += len;
		if (*at == ')')
			break;
		if (strncmp(at, ", ", 2) != 0)
			return -1;
		at += 2;
	}
	c->n = k;
	c->tail = at + 1;
	if (memchr(c->table, '"', c->ntable) || memchr(c->table, ' ', c->ntable))
		return -1;
	if (*c->tail && strncmp(c->tail, " ON CONFLICT ", 13) != 0)
		return -1;
	return 0;
}

/*
 * How statement @p sql may be copied in a bulk load: PG_COPY_DIRECT (a
 * plain insert), PG_COPY_STAGE (an upsert), PG_COPY_SUM (with @p sum: an
 * upsert adding its last column), PG_COPY_NONE (another statement).
 */
int pg_copy_mode(const char *sql, int sum)
{
	copy_parts c;

	if (copy_parse(sql, &c) < 0)
		return PG_COPY_NONE;
	if (!*c.tail)
		return PG_COPY_DIRECT;
	return sum ? PG_COPY_SUM : PG_COPY_STAGE;
}

/* "l.k1 = r.k1 AND ..." over the @p n bytes of columns at @p cols. */
static void copy_keys_eq(pg_buf *o, const char *cols, size_t n,
	const char *l, const char *r)
{
	const char *at = cols, *end = cols + n, *comma;

	while (at < end) {
		size_t len;
		comma = at;
		while (comma < end && *comma != ',')
			comma++;
		len = (size_t)(comma - at);
		if (at != cols)
			pg_buf_str(o, " AND ");
		pg_buf_str(o, l);
		pg_buf_add(o, at, len);
		pg_buf_str(o, " = ");
		pg_buf_str(o, r);
		pg_buf_add(o, at, len);
		at = comma + (comma < end ? 2 : 0);
	}
}

/* "k1, ..., sum(v)COL_AS FROM cop_stage_tTAB_AS GROUP BY k1, ...": the
 * staged rows of one key summed (their last column, after @p last). */
static void copy_summed(pg_buf *i, const copy_parts *c, const char *last,
	const char *col_as, const char *tab_as)
{
	size_t nk = (size_t)(last - c->cols);

	pg_buf_add(i, c->cols, nk);
	pg_buf_str(i, ", sum(");
	pg_buf_add(i, last + 2, (size_t)(c->cols + c->ncols - last - 2));
	pg_buf_str(i, ")");
	pg_buf_str(i, col_as);
	pg_buf_str(i, " FROM cop_stage_");
	pg_buf_add(i, c->table, c->ntable);
	pg_buf_str(i, tab_as);
	pg_buf_str(i, " GROUP BY ");
	pg_buf_add(i, c->cols, nk);
}

/*
 * The rows of an upsert adding its last column (PG_COPY_SUM), one store
 * writer at a time (no other transaction writes the table meanwhile):
 * the existing keys updated, then the new ones inserted, in key order.
 * Without ON CONFLICT, a third cheaper (no speculative insertion).
 */
static void copy_sum_sql(pg_buf *i, const copy_parts *c, const char *last)
{
	size_t nk = (size_t)(last - c->cols);
	const char *val = last + 2;
	size_t nv = (size_t)(c->cols + c->ncols - val);

	pg_buf_str(i, "UPDATE ");
	pg_buf_add(i, c->table, c->ntable);
	pg_buf_str(i, " t SET ");
	pg_buf_add(i, val, nv);
	pg_buf_str(i, " = t.");
	pg_buf_add(i, val, nv);
	pg_buf_str(i, " + s.v FROM (SELECT ");
	copy_summed(i, c, last, " AS v", "");
	pg_buf_str(i, ") s WHERE ");
	copy_keys_eq(i, c->cols, nk, "t.", "s.");
	pg_buf_str(i, "; INSERT INTO ");
	pg_buf_add(i, c->table, c->ntable);
	pg_buf_str(i, " (");
	pg_buf_add(i, c->cols, c->ncols);
	pg_buf_str(i, ") SELECT ");
	copy_summed(i, c, last, "", " x");
	pg_buf_str(i, " HAVING NOT EXISTS (SELECT 1 FROM ");
	pg_buf_add(i, c->table, c->ntable);
	pg_buf_str(i, " t WHERE ");
	copy_keys_eq(i, c->cols, nk, "t.", "x.");
	pg_buf_str(i, ") ORDER BY ");
	pg_buf_add(i, c->cols, nk);
}

/* The rows of an upsert: INSERT ... SELECT from the staging table with
 * the statement's ON CONFLICT clause; PG_COPY_SUM's rows of one key
 * summed first (their last column). */
static void copy_upsert_sql(pg_buf *i, const copy_parts *c, int mode,
	const char *last)
{
	pg_buf_str(i, "INSERT INTO ");
	pg_buf_add(i, c->table, c->ntable);
	pg_buf_str(i, " (");
	pg_buf_add(i, c->cols, c->ncols);
	pg_buf_str(i, ") SELECT ");
	if (mode == PG_COPY_SUM) {
		copy_summed(i, c, last, "", "");
		/* In the key's order (the indexes are written in order). */
		pg_buf_str(i, " ORDER BY ");
		pg_buf_add(i, c->cols, (size_t)(last - c->cols));
	} else {
		pg_buf_add(i, c->cols, c->ncols);
		pg_buf_str(i, " FROM cop_stage_");
		pg_buf_add(i, c->table, c->ntable);
	}
	pg_buf_str(i, c->tail);
}

/* Plan @p k's statements @p a (the COPY) and @p i (after it), taken; -1
 * when either ran out of memory (both freed). */
static int copy_plan_set(pg_copy *k, pg_buf *a, pg_buf *i)
{
	if (a->oom || i->oom) {
		cop_free(a->p);
		cop_free(i->p);
		return -1;
	}
	k->copy_sql = a->p;
	k->insert_sql = i->p;
	return 0;
}

/* The statements of update plan @p k (PG_COPY_UPDATE) of batched form
 * @p sql: the rows (id, v), or (id, v, n) for a statement of @p nfields
 * 3 (an amount), into cop_stage_<name>, then @p sql. */
static int copy_update_plan(pg_copy *k, const char *sql, int nfields)
{
	pg_buf a, i;

	if (nfields != 2 && nfields != 3)
		return -1;
	memset(&a, 0, sizeof(a));
	memset(&i, 0, sizeof(i));
	pg_buf_str(&a, "CREATE TEMP TABLE IF NOT EXISTS cop_stage_");
	pg_buf_str(&a, k->name);
	pg_buf_str(&a, nfields == 3 ? " (id bytea, v bigint, n bigint)" :
		" (id bytea, v bigint)");
	pg_buf_str(&a, " ON COMMIT DELETE ROWS; COPY cop_stage_");
	pg_buf_str(&a, k->name);
	pg_buf_str(&a, nfields == 3 ? " (id, v, n) FROM STDIN" :
		" (id, v) FROM STDIN");
	pg_buf_str(&i, sql);
	pg_buf_str(&i, "; DELETE FROM cop_stage_");
	pg_buf_str(&i, k->name);
	return copy_plan_set(k, &a, &i);
}

#define LOG_COLS COP_SQL_ICOLS(COP_SQL_TABLE_LOG, PG)

/*
 * The change log's appends of a send at once (PG_COPY_LOG): staged with
 * their order n (1, 2, ...), then numbered from the last seq in that
 * order under the lock cop_log_append() takes, as the appends one by
 * one would number them (gap-free, in commit order).
 */
const char pg_log_batched[] =
	"LOCK TABLE cop_log IN EXCLUSIVE MODE; INSERT INTO cop_log (seq, "
	LOG_COLS ") SELECT (SELECT coalesce(max(seq), 0) FROM cop_log) + n, "
	LOG_COLS " FROM cop_stage_log ORDER BY n";

/* The statements of log plan @p k (PG_COPY_LOG) of batched form @p sql. */
static int copy_log_plan(pg_copy *k, const char *sql)
{
	pg_buf a, i;

	memset(&a, 0, sizeof(a));
	memset(&i, 0, sizeof(i));
	pg_buf_str(&a, "CREATE TEMP TABLE IF NOT EXISTS cop_stage_log"
		" ON COMMIT DELETE ROWS AS SELECT " LOG_COLS ", 0::bigint AS n"
		" FROM cop_log WITH NO DATA; COPY cop_stage_log (" LOG_COLS
		", n) FROM STDIN");
	pg_buf_str(&i, sql);
	pg_buf_str(&i, "; DELETE FROM cop_stage_log");
	return copy_plan_set(k, &a, &i);
}

/* The statements of staged insert plan @p k (PG_COPY_CON) @p st: the
 * @p nfields parameters staged as text columns p1 ... */
static int copy_staged_plan(pg_copy *k, const pg_staged *st, int nfields)
{
	pg_buf a, i, cols;
	char num[24];
	int j;

	memset(&a, 0, sizeof(a));
	memset(&i, 0, sizeof(i));
	memset(&cols, 0, sizeof(cols));
	pg_buf_str(&a, "CREATE TEMP TABLE IF NOT EXISTS ");
	pg_buf_str(&a, st->stage);
	pg_buf_str(&a, " (");
	for (j = 1; j <= nfields; j++) {
		snprintf(num, sizeof(num), "%sp%d", j > 1 ? ", " : "", j);
		pg_buf_str(&a, num);
		pg_buf_str(&a, " text");
		pg_buf_str(&cols, num);
	}
	if (st->ordered) {
		pg_buf_str(&a, ", n bigint");
		pg_buf_str(&cols, ", n");
	}
	pg_buf_str(&a, ") ON COMMIT DELETE ROWS; COPY ");
	pg_buf_str(&a, st->stage);
	pg_buf_str(&a, " (");
	if (!cols.oom)
		pg_buf_add(&a, cols.p, cols.n);
	pg_buf_str(&a, ") FROM STDIN");
	a.oom |= cols.oom;
	cop_free(cols.p);
	pg_buf_str(&i, st->sql);
	pg_buf_str(&i, "; DELETE FROM ");
	pg_buf_str(&i, st->stage);
	return copy_plan_set(k, &a, &i);
}

/* The statements of plan @p k for statement @p sql, of @p nfields
 * parameters; -1 out of memory or when the text is not one this file
 * reads.  @p locked: one store writer at a time (cop_locking=store). */
static int copy_plan(pg_copy *k, const char *sql, int nfields, int locked)
{
	pg_buf a, i;
	copy_parts c;
	const char *col, *last = NULL;

	if (k->mode == PG_COPY_UPDATE)
		return copy_update_plan(k, sql, nfields);
	if (k->mode == PG_COPY_LOG)
		return copy_log_plan(k, sql);
	if (k->mode == PG_COPY_CON)
		return k->staged ? copy_staged_plan(k, k->staged, nfields) : -1;
	if (copy_parse(sql, &c) < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	memset(&i, 0, sizeof(i));
	if (k->mode == PG_COPY_TOTALS) {
		/* Into cop_rep_total's staging table; then the keys and the
		 * sums (sql/schema.h). */
		pg_buf_str(&a, "CREATE TEMP TABLE IF NOT EXISTS"
			" cop_stage_totals (LIKE cop_rep_total)"
			" ON COMMIT DELETE ROWS; COPY cop_stage_totals (");
		pg_buf_add(&a, c.cols, c.ncols);
		pg_buf_str(&a, ") FROM STDIN");
		pg_buf_str(&i, locked ?
			COP_SQL_REP_ADD_LOCKED_FROM("cop_stage_totals")
			"; DELETE FROM cop_stage_totals" :
			COP_SQL_REP_ADD_FROM("cop_stage_totals")
			"; DELETE FROM cop_stage_totals");
	} else if (k->mode == PG_COPY_DIRECT) {
		pg_buf_str(&a, "COPY ");
		pg_buf_add(&a, c.table, c.ntable);
		pg_buf_str(&a, " (");
		pg_buf_add(&a, c.cols, c.ncols);
		pg_buf_str(&a, ") FROM STDIN");
	} else {
		pg_buf_str(&a, "CREATE TEMP TABLE IF NOT EXISTS cop_stage_");
		pg_buf_add(&a, c.table, c.ntable);
		pg_buf_str(&a, " (LIKE ");
		pg_buf_add(&a, c.table, c.ntable);
		pg_buf_str(&a, ") ON COMMIT DELETE ROWS; COPY cop_stage_");
		pg_buf_add(&a, c.table, c.ntable);
		pg_buf_str(&a, " (");
		pg_buf_add(&a, c.cols, c.ncols);
		pg_buf_str(&a, ") FROM STDIN");
		if (k->mode == PG_COPY_SUM) {
			for (col = c.cols; col < c.cols + c.ncols; col++)
				if (col[0] == ',' && col[1] == ' ')
					last = col;
			if (!last) {
				cop_free(a.p);
				return -1;
			}
		}
		if (k->mode == PG_COPY_SUM && locked)
			copy_sum_sql(&i, &c, last);
		else
			copy_upsert_sql(&i, &c, k->mode, last);
		pg_buf_str(&i, "; DELETE FROM cop_stage_");
		pg_buf_add(&i, c.table, c.ntable);
	}
	return copy_plan_set(k, &a, &i);
}

/* One field in COPY's text format: the runs that need no escape added
 * whole, a bytea's hex digits at once. */
static void copy_field(pg_buf *out, const pg_qent *e, int i)
{
	static const char hex[] = "0123456789abcdef";
	const char *v = e->v[i], *run;
	char tmp[64];
	int j, k;

	if (i > 0)
		pg_buf_add(out, "\t", 1);
	if (!v) {
		pg_buf_add(out, "\\N", 2);
		return;
	}
	if (e->fmt[i]) {
		/* Binary parameters are bytea: "\x..." with its backslash
		 * escaped for COPY. */
		pg_buf_add(out, "\\\\x", 3);
		for (j = 0; j < e->len[i];) {
			for (k = 0; k < (int)sizeof(tmp) && j < e->len[i]; j++) {
				unsigned char c = (unsigned char)v[j];
				tmp[k++] = hex[c >> 4];
				tmp[k++] = hex[c & 15];
			}
			pg_buf_add(out, tmp, (size_t)k);
		}
		return;
	}
	for (run = v; *v; v++) {
		const char *esc = NULL;
		switch (*v) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		}
		if (esc) {
			pg_buf_add(out, run, (size_t)(v - run));
			pg_buf_add(out, esc, 2);
			run = v + 1;
		}
	}
	pg_buf_add(out, run, (size_t)(v - run));
}

/* The plan of statement @p name, made when missing; NULL when there is
 * no room (the rows then stay in the pipeline). */
static pg_copy *copy_plan_of(pg_backend *b, const pg_qent *e)
{
	int k;

	for (k = 0; k < b->ncopies; k++)
		if (b->copies[k].name == e->name)
			return &b->copies[k];
	if (b->ncopies == PG_COPY_PLANS || (e->copy == PG_COPY_UPDATE &&
	    strspn(e->name, "abcdefghijklmnopqrstuvwxyz_") != strlen(e->name)))
		return NULL;
	memset(&b->copies[k], 0, sizeof(b->copies[k]));
	b->copies[k].name = e->name;
	b->copies[k].mode = e->copy;
	b->copies[k].staged = e->staged;
	if (copy_plan(&b->copies[k], e->isql, e->n, !b->row_locks) < 0)
		return NULL;
	b->ncopies++;
	return &b->copies[k];
}

/* Element @p j of entry @p f in an array's text form ("{...}"): NULL,
 * a bytea's "\\x..." or a text quoted. */
static void copy_elem(pg_buf *o, const pg_qent *f, int j)
{
	static const char hex[] = "0123456789abcdef";
	const char *v = f->v[j], *run;
	char tmp[2];
	int k;

	if (o->n > 1)
		pg_buf_add(o, ",", 1);
	if (!v) {
		pg_buf_add(o, "NULL", 4);
		return;
	}
	if (f->fmt[j]) {
		pg_buf_add(o, "\"\\\\x", 4);
		for (k = 0; k < f->len[j]; k++) {
			tmp[0] = hex[(unsigned char)v[k] >> 4];
			tmp[1] = hex[(unsigned char)v[k] & 15];
			pg_buf_add(o, tmp, 2);
		}
		pg_buf_add(o, "\"", 1);
		return;
	}
	pg_buf_add(o, "\"", 1);
	for (run = v; *v; v++) {
		if (*v == '"' || *v == '\\') {
			pg_buf_add(o, run, (size_t)(v - run));
			pg_buf_add(o, "\\", 1);
			run = v;
		}
	}
	pg_buf_add(o, run, (size_t)(v - run));
	pg_buf_add(o, "\"", 1);
}

#define TOTALS_COLS 6   /* cop_r_total_add's parameters */

/*
 * The period totals of a send too few for a COPY (from entry @p i on,
 * at least two): in one statement (S_BULK_TOTALS), their parameters as
 * arrays, in place of the last of them; the others taken.  Only with
 * one store writer at a time: the statement reads the keys it makes
 * from its own answers, not those another transaction makes meanwhile.
 */
static int copy_totals_few(pg_backend *b, int i)
{
	pg_buf a[TOTALS_COLS];
	const char *name = b->q[i].name;
	size_t size = 0, old;
	char *mem, *at;
	int j, k, last = -1;

	if (b->row_locks || !b->prepared[S_BULK_TOTALS])
		return COP_OK;
	for (k = i; k < b->qn; k++)
		if (b->q[k].name == name && !b->q[k].taken &&
		    b->q[k].n != TOTALS_COLS)
			return COP_OK;
	memset(a, 0, sizeof(a));
	for (j = 0; j < TOTALS_COLS; j++)
		pg_buf_add(&a[j], "{", 1);
	for (k = i; k < b->qn; k++) {
		pg_qent *f = &b->q[k];
		if (f->name != name || f->taken)
			continue;
		for (j = 0; j < TOTALS_COLS; j++)
			copy_elem(&a[j], f, j);
		last = k;
	}
	for (j = 0; j < TOTALS_COLS; j++) {
		pg_buf_add(&a[j], "}", 2);   /* with its NUL */
		size += a[j].n;
	}
	for (j = 0; j < TOTALS_COLS; j++)
		if (a[j].oom)
			size = 0;
	old = b->q[last].bytes;
	if (!size || !(mem = pg_qent_alloc(&b->q[last], TOTALS_COLS, size))) {
		for (j = 0; j < TOTALS_COLS; j++)
			cop_free(a[j].p);
		return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	b->qbytes = b->qbytes - (old < b->qbytes ? old : b->qbytes) + size;
	for (k = i; k < last; k++)
		if (b->q[k].name == name && !b->q[k].taken)
			b->q[k].taken = 1;
	for (j = 0, at = mem; j < TOTALS_COLS; j++) {
		memcpy(at, a[j].p, a[j].n);
		b->q[last].v[j] = at;
		b->q[last].len[j] = 0;
		b->q[last].fmt[j] = 0;
		at += a[j].n;
		cop_free(a[j].p);
	}
	b->q[last].name = pg_stmts[S_BULK_TOTALS].name;
	b->q[last].check = Q_DONE;
	b->q[last].copy = PG_COPY_NONE;
	b->q[last].isql = NULL;
	return COP_OK;
}

/* Before a bulk load queues a row of copy mode @p mode: the statement
 * its rows may go by prepared (the few totals' S_BULK_TOTALS). */
int pg_copy_prepare(pg_backend *b, int mode)
{
	if (mode != PG_COPY_TOTALS || b->row_locks)
		return COP_OK;
	return pg_prepare(b, pg_stmts[S_BULK_TOTALS].name,
		pg_stmts[S_BULK_TOTALS].sql, pg_stmts[S_BULK_TOTALS].name,
		&b->prepared[S_BULK_TOTALS]);
}

/* Whether the queue from entry @p i on rewrites a whole thread or
 * contribution from what the core read (pg_update): an update of
 * such a row may not be moved after it. */
static int copy_rewrites(const pg_backend *b, int i)
{
	const char *t = pg_stmts[S_UPD + COP_REC_THREAD].name;
	const char *c = pg_stmts[S_UPD + COP_REC_CONTRIBUTION].name;

	for (; i < b->qn; i++)
		if (b->q[i].name && (!strcmp(b->q[i].name, t) ||
		    !strcmp(b->q[i].name, c)))
			return 1;
	return 0;
}

/* Take into plan @p c the rows of entry @p i's statement from it on;
 * COP_ENOMEM, or whether the plan had no rows before. */
static int copy_take_rows(pg_backend *b, int i, pg_copy *c)
{
	const char *name = b->q[i].name;
	int k, fresh = c->nrows == 0;

	for (k = i; k < b->qn; k++) {
		pg_qent *f = &b->q[k];
		int j;
		if (f->name != name || f->taken)
			continue;
		for (j = 0; j < f->n; j++)
			copy_field(&c->rows, f, j);
		if (c->mode == PG_COPY_LOG ||
		    (c->staged && c->staged->ordered)) {
			/* The row's place among the send's. */
			char num[24];
			int len = snprintf(num, sizeof(num), "\t%d",
				c->nrows + 1);
			pg_buf_add(&c->rows, num, (size_t)len);
		}
		pg_buf_add(&c->rows, "\n", 1);
		f->taken = 1;
		c->nrows++;
	}
	if (c->rows.oom)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	return fresh;
}

/*
 * The staged inserts (PG_COPY_CON) of the queue from entry @p from on,
 * after the other plans took theirs, statement by statement: their COPY
 * runs before the other plans but after the pipeline, so only when
 * nothing left in it after the first of them names their table (an
 * update of one, a read; a listing's read, whose text is not known,
 * too), but the statement that may precede them (pg_staged); @p held:
 * the last entry is sent after the COPYs (q_send()).  Returns how many
 * plans got their first rows, or COP_ENOMEM.
 */
static int copy_take_staged(pg_backend *b, int from, int held)
{
	int i, j, k, n, rc, plans = 0, njudged = 0;
	int end = held ? b->qn - 1 : b->qn;
	const pg_staged *st, *judged[PG_COPY_PLANS];
	pg_copy *c;

	for (i = from; i < b->qn; i++) {
		if (b->q[i].copy != PG_COPY_CON || b->q[i].taken ||
		    !(st = b->q[i].staged))
			continue;
		/* Judged at its first row: its others not again (a scan from
		 * each of them would cost the send its length squared). */
		for (j = 0; j < njudged && judged[j] != st; j++)
			;
		if (j < njudged)
			continue;
		if (njudged < PG_COPY_PLANS)
			judged[njudged++] = st;
		for (k = i, n = 0; k < b->qn; k++) {
			const pg_qent *f = &b->q[k];
			if (f->name == b->q[i].name && !f->taken)
				n++;
			else if (k < end && !f->taken && f->name &&
			    !(st->may_precede &&
			      !strcmp(f->name, st->may_precede)) &&
			    (!f->text || strstr(f->text, st->guard)))
				break;
		}
		if (k < b->qn || n < PG_COPY_CON_MIN)
			continue;
		if (!(c = copy_plan_of(b, &b->q[i]))) {
			if (b->ncopies < PG_COPY_PLANS)
				return pg_fail(b, COP_ENOMEM, "out of memory");
			continue;
		}
		if ((rc = copy_take_rows(b, i, c)) < 0)
			return rc;
		plans += rc;
	}
	return plans;
}

/*
 * Take out of the queue the rows that go by COPY (each marked taken, its
 * row in its plan's buffer).  Returns how many plans have rows, or
 * COP_ENOMEM.  The rows of an update (PG_COPY_UPDATE) only add to a
 * count or keep the latest time, which later writes of the queue do
 * not read, so they may go after them; not when the queue rewrites a
 * whole thread or contribution after them.  @p held: the last entry is
 * sent after the COPYs.
 */
int pg_copy_take(pg_backend *b, int held)
{
	const char *judged[PG_COPY_PLANS];
	int i, k, n, min, rc, plans = 0, from = 0, njudged = 0;

	/* A listing's first batch waiting in the queue before its end reads
	 * what comes before it: those rows stay in the pipeline. */
	for (i = 0; i < b->qn - 1; i++)
		if (b->q[i].read)
			from = i + 1;
	for (i = from; i < b->qn; i++) {
		pg_qent *e = &b->q[i];
		pg_copy *c;
		if (!e->copy || e->taken || e->copy == PG_COPY_CON)
			continue;
		/* A statement whose rows are left here was judged at its
		 * first row (too few, or no plan): not counted again. */
		for (k = 0; k < njudged && judged[k] != e->name; k++)
			;
		if (k < njudged)
			continue;
		if (njudged < PG_COPY_PLANS)
			judged[njudged++] = e->name;
		/* Enough rows of this statement to be worth a COPY? */
		min = e->copy == PG_COPY_UPDATE ? PG_COPY_UPDATE_MIN :
			e->copy == PG_COPY_LOG ? PG_COPY_LOG_MIN : PG_COPY_MIN;
		for (k = i, n = 0; k < b->qn && n < min; k++)
			n += b->q[k].name == e->name && !b->q[k].taken;
		if (n < min && n > 1 && e->copy == PG_COPY_TOTALS) {
			/* Too few for a COPY: in one statement. */
			if (copy_totals_few(b, i) < 0)
				return COP_ENOMEM;
			continue;
		}
		if (n < min || (e->copy == PG_COPY_UPDATE &&
		    copy_rewrites(b, i)))
			continue;
		if (!(c = copy_plan_of(b, e)))
			continue;
		if ((rc = copy_take_rows(b, i, c)) < 0)
			return rc;
		plans += rc;
	}
	if ((rc = copy_take_staged(b, from, held)) < 0)
		return rc;
	return plans + rc;
}

/* Run @p sql (no parameters) outside pipeline mode, expecting @p want. */
static int copy_exec(pg_backend *b, const char *sql, ExecStatusType want,
	const char *what)
{
	PGresult *r = PQexec(b->conn, sql);
	int rc = COP_OK;

	if (!r || PQresultStatus(r) != want)
		rc = r ? pg_result_error(b, r, what) : pg_conn_error(b, what);
	PQclear(r);
	return rc;
}

/* Run update plan @p c's batched form and the staging table's DELETE:
 * COP_ENOTFOUND when the form counts rows that found no row to update
 * (as the statement's own check would, row by row). */
static int copy_exec_update(pg_backend *b, const pg_copy *c)
{
	PGresult *r;
	int rc = COP_OK;

	if (!PQsendQuery(b->conn, c->insert_sql))
		return pg_conn_error(b, c->name);
	while ((r = PQgetResult(b->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(r);
		if (rc != COP_OK) {
			/* only drain */
		} else if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			rc = pg_result_error(b, r, c->name);
		} else if (st == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
			   pg_r_int(r, 0, 0) != 0) {
			rc = pg_fail(b, COP_ENOTFOUND, "%s: no such record",
				c->name);
		}
		PQclear(r);
	}
	return rc;
}

/* Send the rows of plan @p c. */
static int copy_one(pg_backend *b, pg_copy *c)
{
	PGresult *r;
	int rc = COP_OK;

	if ((rc = copy_exec(b, c->copy_sql, PGRES_COPY_IN, c->name)) < 0)
		return rc;
	if (PQputCopyData(b->conn, c->rows.p, (int)c->rows.n) != 1) {
		rc = pg_conn_error(b, c->name);
		(void)PQputCopyEnd(b->conn, "libcop: sending the rows failed");
	} else if (PQputCopyEnd(b->conn, NULL) != 1) {
		rc = pg_conn_error(b, c->name);
	}
	/* The COPY's own answer, then the end of its results. */
	while ((r = PQgetResult(b->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(r);
		if (rc == COP_OK && st != PGRES_COMMAND_OK)
			rc = pg_result_error(b, r, c->name);
		PQclear(r);
		if (st == PGRES_COPY_IN)   /* the connection is gone */
			break;
	}
	if (rc == COP_OK && c->mode == PG_COPY_UPDATE)
		rc = copy_exec_update(b, c);
	else if (rc == COP_OK && c->insert_sql)
		rc = copy_exec(b, c->insert_sql, PGRES_COMMAND_OK, c->name);
	return rc;
}

/* Send the rows pg_copy_take() took, plan by plan; the first failure.
 * The rows stay until pg_copy_reset(), which q_send() calls always. */
int pg_copy_run(pg_backend *b)
{
	int k, pass, rc = COP_OK;

	/* The contributions first: the other plans' updates of them (their
	 * scores, revision numbers) may be of rows the send inserts. */
	for (pass = 0; pass < 2; pass++)
		for (k = 0; rc == COP_OK && k < b->ncopies; k++)
			if (b->copies[k].nrows > 0 &&
			    (b->copies[k].mode == PG_COPY_CON) == (pass == 0))
				rc = copy_one(b, &b->copies[k]);
	return rc;
}

/* Forget the rows taken (the plans stay for the next time). */
void pg_copy_reset(pg_backend *b)
{
	int k;

	for (k = 0; k < b->ncopies; k++) {
		b->copies[k].rows.n = 0;
		b->copies[k].rows.oom = 0;
		b->copies[k].nrows = 0;
	}
}

/* Free the plans (when the backend is freed). */
void pg_copy_free(pg_backend *b)
{
	int k;

	for (k = 0; k < b->ncopies; k++) {
		cop_free(b->copies[k].copy_sql);
		cop_free(b->copies[k].insert_sql);
		cop_free(b->copies[k].rows.p);
	}
	b->ncopies = 0;
}
