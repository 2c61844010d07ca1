/*
 * postgresql/bulk.c: what a bulk load knows without asking the server.
 *
 * An import reads back some of what it has just written: a post's
 * revision number before each earlier revision it adds (the numbering
 * UPDATE ... RETURNING), and a member's standing before the first vote
 * of a file counts for them.  In a bulk load (cop_backend.bulk) the
 * backend answers those reads itself for the rows only its own
 * transaction can see, the ones it wrote in it: a contribution it
 * inserted (its revision number, counted as it is bumped), a member it
 * inserted (no standing anywhere, until it writes one), and a standing of
 * such a member that it wrote (the row as written); likewise a community's
 * recognition settings and a thread's accepted answer, for a community or
 * thread it inserted.  Each read that
 * would otherwise be a round trip waits in the queue as a write (the
 * bump) or is not sent at all (the standing).  Rows another transaction
 * could write are always read from the server.  What it knows is
 * forgotten when the transaction ends and when a savepoint is rolled
 * back.
 */
#include "postgresql/pq.h"
#include "recognition_sql.h"

enum { BK_MEMBER = 1, BK_CONTRIB, BK_STANDING, BK_COMMUNITY, BK_THREAD,
	BK_CONFIG, BK_ACCEPT };

#define BK_NVALS 15   /* a standing's columns (RS_STANDING_COLS) */

typedef struct bk_ent {
	int tag;                 /* BK_* */
	cop_id a, b;             /* member, contribution, community,
	                            thread, config (of a community), accept
	                            (of a thread): (id, nil); standing:
	                            (community, member) */
	int64_t revision;        /* a contribution's */
	int valid;               /* a row is kept (standing, config, accept) */
	char *text;              /* a config's body, owned */
	cop_val v[BK_NVALS];     /* the row */
} bk_ent;

/* The entries, in the order made, indexed by the hash of their key. */
struct pg_bulkmem {
	bk_ent *t;
	size_t cap, n;
	cop__htab h;             /* bk_hash(tag, a, b) -> index into t */
};

static uint64_t bk_hash(int tag, const cop_id *a, const cop_id *b)
{
	cop_id k[2];

	k[0] = *a;
	k[1] = *b;
	return cop__hash_bytes(k, sizeof(k), (uint64_t)tag);
}

/* The entry (tag, a, b): found, or made when @p add (*found 0); NULL
 * when not found, or out of memory (what is known is then forgotten).
 * A pointer returned is good until the next entry is made. */
static bk_ent *bk_slot(pg_backend *b, int tag, const cop_id *x,
	const cop_id *y, int add, int *found)
{
	struct pg_bulkmem *m = b->mem;
	uint64_t h = bk_hash(tag, x, y), i;
	size_t pos = 0;
	bk_ent *e;

	*found = 0;
	if (!m && (!add || !(m = b->mem = cop_mallocz(sizeof(*m)))))
		return NULL;
	while (cop__htab_next(&m->h, h, &pos, &i)) {
		e = &m->t[i];
		if (e->tag == tag && !memcmp(&e->a, x, sizeof(*x)) &&
		    !memcmp(&e->b, y, sizeof(*y))) {
			*found = 1;
			return e;
		}
	}
	if (!add)
		return NULL;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		if (!(e = cop_realloc(m->t, cap * sizeof(*e)))) {
			pg_bulk_forget(b);
			return NULL;
		}
		m->t = e;
		m->cap = cap;
	}
	if (cop__htab_add(&m->h, h, m->n) != 0) {
		pg_bulk_forget(b);
		return NULL;
	}
	e = &m->t[m->n++];
	memset(e, 0, sizeof(*e));
	e->tag = tag;
	e->a = *x;
	e->b = *y;
	return e;
}

/* Forget everything (the transaction or a savepoint ended). */
void pg_bulk_forget(pg_backend *b)
{
	size_t i;

	b->bulk_named = 0;   /* a savepoint's rollback may undo cop.bulk */
	if (b->mem) {
		for (i = 0; i < b->mem->n; i++)
			cop_free(b->mem->t[i].text);
		cop_free(b->mem->t);
		cop__htab_free(&b->mem->h);
		cop_free(b->mem);
		b->mem = NULL;
	}
}

/* Whether what is known may be used: a bulk load, and rows nobody else
 * can write (with cop_locking=row another writer runs beside it). */
static int bk_on(const pg_backend *b)
{
	return b->bulk && b->depth > 0 && !b->row_locks;
}

/*
 * The health roll-ups of a bulk load.  Their row triggers (sql/schema.h,
 * COP_SQL_BULK_SKIP_PG) skip the rows of the community that cop.bulk
 * names, set for the transaction by the load's first community, thread
 * or contribution; pg_bulk_refill() makes that community's roll-ups
 * again from the facts before the load ends.  Any other community's rows
 * go through the triggers.  Only with one store writer at a time (bk_on):
 * a writer beside it would add to rows the refill makes again.  A
 * savepoint rolled back may undo the setting (pg_bulk_forget): it is
 * set again with the next row; rows that went through the triggers
 * meanwhile are made again by the refill all the same.
 */
static void bk_community(pg_backend *b, const cop_id *community)
{
	pg_params p;

	if (!b->bulk_refill) {
		b->bulk_community = *community;
		b->bulk_refill = 1;
	} else if (memcmp(&b->bulk_community, community, sizeof(*community))) {
		return;
	}
	if (b->bulk_named)
		return;
	p.n = 0;
	pg_p_key(&p, &b->bulk_community);
	/* Not named when it could not be queued: the triggers then run. */
	b->bulk_named = pg_defer(b, S_BULK_COMMUNITY, &p, Q_DONE) == COP_OK;
}

/* Before a bulk load ends: the roll-ups of its community made again from
 * the facts (and cop.bulk cleared), queued. */
int pg_bulk_refill(pg_backend *b)
{
	pg_params p;

	if (!b->bulk_refill)
		return COP_OK;
	b->bulk_refill = 0;
	b->bulk_named = 0;
	p.n = 0;
	pg_p_key(&p, &b->bulk_community);
	return pg_defer(b, S_HEALTH_REFILL, &p, Q_DONE);
}

/* A record this transaction inserted (pg_insert). */
void pg_bulk_inserted(pg_backend *b, cop_rec_kind kind, const void *rec)
{
	static const cop_id nil;
	bk_ent *e;
	int found;

	if (!bk_on(b))
		return;
	if (kind == COP_REC_COMMUNITY)
		bk_community(b, &((const cop_community_rec *)rec)->id);
	else if (kind == COP_REC_THREAD)
		bk_community(b, &((const cop_thread_rec *)rec)->community_id);
	else if (kind == COP_REC_CONTRIBUTION)
		bk_community(b,
			&((const cop_contribution_rec *)rec)->community_id);
	if (kind == COP_REC_MEMBER) {
		const cop_member_rec *u = rec;
		(void)bk_slot(b, BK_MEMBER, &u->id, &nil, 1, &found);
	} else if (kind == COP_REC_CONTRIBUTION) {
		const cop_contribution_rec *c = rec;
		if ((e = bk_slot(b, BK_CONTRIB, &c->id, &nil, 1, &found)))
			e->revision = c->revision;
	} else if (kind == COP_REC_COMMUNITY) {
		const cop_community_rec *k = rec;
		(void)bk_slot(b, BK_COMMUNITY, &k->id, &nil, 1, &found);
	} else if (kind == COP_REC_THREAD) {
		const cop_thread_rec *t = rec;
		(void)bk_slot(b, BK_THREAD, &t->id, &nil, 1, &found);
	}
}

/* A row of one key, kept for an object of this transaction (@p owner,
 * tag @p otag): @p tag's entry for @p x, or NULL (out of memory: nothing
 * is known any more). */
static bk_ent *bk_keep(pg_backend *b, int otag, int tag, const cop_id *x)
{
	static const cop_id nil;
	bk_ent *e;
	int found;

	if (!bk_slot(b, otag, x, &nil, 0, &found))
		return NULL;
	if (!(e = bk_slot(b, tag, x, &nil, 1, &found)))
		pg_bulk_forget(b);
	return e;
}

/* Answer the read of @p tag's row of @p x (an object of this
 * transaction, @p otag): COP_OK with its rows, or 1 (ask the server). */
static int bk_answer(pg_backend *b, int otag, int tag, const cop_id *x,
	int ncols, cop_backend_iter **rows)
{
	static const cop_id nil;
	bk_ent *e;
	int found;

	if (!rows || !bk_slot(b, otag, x, &nil, 0, &found))
		return 1;
	if ((e = bk_slot(b, tag, x, &nil, 0, &found)))
		return e->valid ? pg_rows_known(b, e->v, ncols, rows) : 1;
	return pg_rows_known(b, NULL, 0, rows);
}

/* A contribution this transaction rewrote (pg_update). */
void pg_bulk_updated(pg_backend *b, cop_rec_kind kind, const void *rec)
{
	static const cop_id nil;
	const cop_contribution_rec *c = rec;
	bk_ent *e;
	int found;

	if (!bk_on(b) || kind != COP_REC_CONTRIBUTION)
		return;
	if ((e = bk_slot(b, BK_CONTRIB, &c->id, &nil, 0, &found)))
		e->revision = c->revision;
}

/* Keep the @p n parameters of a put (n <= BK_NVALS) as @p e's row, the
 * keys read back as ids; valid unless one is a text (not kept). */
static void bk_keep_row(bk_ent *e, const cop_val *params, unsigned int n)
{
	unsigned int i;

	e->valid = 1;
	for (i = 0; i < n; i++) {
		if (params[i].type == COP_VAL_TEXT)
			e->valid = 0;
		e->v[i] = params[i];
		if (e->v[i].type == COP_VAL_KEY)
			e->v[i].type = COP_VAL_ID;
	}
}

/* An iterator over the one row (or none) a read got from memory. */
typedef struct bk_iter {
	cop_backend_iter base;
	int n;                   /* columns; 0: no row */
	int done;
	cop_val v[BK_NVALS];
} bk_iter;

static int bk_next(cop_backend_iter *bi, void *rec)
{
	bk_iter *it = (bk_iter *)bi;
	cop_row *row = rec;
	int n;

	if (it->done || it->n == 0)
		return COP_ITEROVER;
	n = cop__sql_row_start(row, it->n);
	memcpy(row->col, it->v, (size_t)n * sizeof(cop_val));
	it->done = 1;
	return COP_OK;
}

static void bk_free(cop_backend_iter *bi)
{
	cop_free(bi);
}

int pg_rows_known(pg_backend *b, const cop_val *v, int n,
	cop_backend_iter **rows)
{
	bk_iter *it = cop_mallocz(sizeof(*it));

	if (!it)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	it->base.next = bk_next;
	it->base.free = bk_free;
	it->n = n;
	if (n)
		memcpy(it->v, v, (size_t)n * sizeof(cop_val));
	*rows = &it->base;
	return COP_OK;
}

static int bk_id(const cop_val *v, cop_id *out)
{
	if (v->type != COP_VAL_ID && v->type != COP_VAL_KEY)
		return -1;
	*out = v->id;
	return 0;
}

/*
 * Recognition operation @p op with its parameters: answered from what is
 * known (COP_OK, *rows set when the caller wants rows), or 1 when the
 * server must answer.  Records what the operation writes.
 */
int pg_bulk_rop(pg_backend *b, int op, const cop_val *params,
	unsigned int n, cop_backend_iter **rows, const pg_params *p)
{
	static const cop_id nil;
	cop_id x, y;
	bk_ent *e;
	cop_val r;
	int found, rc;

	if (!bk_on(b))
		return 1;
	switch (op) {
	case COP_ROP_REVISION_BUMP:
		/* (contribution, edited) -> the number before the bump. */
		if (!rows || n < 1 || bk_id(&params[0], &x) < 0 ||
		    !(e = bk_slot(b, BK_CONTRIB, &x, &nil, 0, &found)))
			return 1;
		if ((rc = pg_defer_copy(b, rs_stmts[op].name, rs_stmts[op].sql,
				&b->rprepared[0][op], p, Q_UPDATED, PG_COPY_UPDATE,
				pg_rop_batched(op))) < 0)
			return rc;
		memset(&r, 0, sizeof(r));
		r.type = COP_VAL_INT;
		r.i = e->revision++;
		return pg_rows_known(b, &r, 1, rows);
	case COP_ROP_STANDING_GET:
		/* (community, member) -> the standing, or no row. */
		if (!rows || n < 2 || bk_id(&params[0], &x) < 0 ||
		    bk_id(&params[1], &y) < 0 ||
		    !bk_slot(b, BK_MEMBER, &y, &nil, 0, &found))
			return 1;
		if ((e = bk_slot(b, BK_STANDING, &x, &y, 0, &found)))
			return e->valid ? pg_rows_known(b, e->v, BK_NVALS, rows) : 1;
		/* A member of this transaction has only the standings it
		 * wrote. */
		return pg_rows_known(b, NULL, 0, rows);
	case COP_ROP_STANDING_PUT:
	case COP_ROP_X_STANDING_INS:
		if (n < 2 || bk_id(&params[0], &x) < 0 ||
		    bk_id(&params[1], &y) < 0 ||
		    !bk_slot(b, BK_MEMBER, &y, &nil, 0, &found))
			return 1;
		if (!(e = bk_slot(b, BK_STANDING, &x, &y, 1, &found))) {
			/* Out of memory: nothing is known any more. */
			pg_bulk_forget(b);
			return 1;
		}
		if (n == BK_NVALS)
			bk_keep_row(e, params, n);
		else
			e->valid = 0;
		return 1;   /* and the write goes as always */
	case COP_ROP_CONFIG_GET:
		/* (community) -> (community, body). */
		if (n < 1 || bk_id(&params[0], &x) < 0)
			return 1;
		return bk_answer(b, BK_COMMUNITY, BK_CONFIG, &x, 2, rows);
	case COP_ROP_CONFIG_PUT:
		if (n != 2 || bk_id(&params[0], &x) < 0 ||
		    !(e = bk_keep(b, BK_COMMUNITY, BK_CONFIG, &x)))
			return 1;
		cop_free(e->text);
		e->text = NULL;
		e->valid = params[1].type == COP_VAL_TEXT &&
			(e->text = cop_strdup(params[1].text)) != NULL;
		e->v[0] = params[0];
		e->v[0].type = COP_VAL_ID;
		e->v[1].type = COP_VAL_TEXT;
		e->v[1].text = e->text;
		return 1;
	case COP_ROP_ACCEPT_GET:
		/* (thread) -> the accepted answer's columns, as put. */
		if (n < 1 || bk_id(&params[0], &x) < 0)
			return 1;
		return bk_answer(b, BK_THREAD, BK_ACCEPT, &x, 8, rows);
	case COP_ROP_ACCEPT_PUT:
		if (n != 8 || bk_id(&params[0], &x) < 0 ||
		    !(e = bk_keep(b, BK_THREAD, BK_ACCEPT, &x)))
			return 1;
		bk_keep_row(e, params, n);
		return 1;
	}
	/* Another write to what is kept: nothing is known any more.  (Read
	 * from the statement's text once per operation: every operation of
	 * a bulk load comes here.) */
	if (!b->bulk_writes_kept[op]) {
		const char *sql = rs_stmts[op].sql;
		b->bulk_writes_kept[op] = 1 + (strncmp(sql, "SELECT", 6) != 0 &&
			(strstr(sql, "cop_accept") || strstr(sql, "cop_rconfig") ||
			 strstr(sql, "cop_standing")));
	}
	if (b->bulk_writes_kept[op] == 2)
		pg_bulk_forget(b);
	return 1;
}

/* The bulk load ends (the transaction ended). */
void pg_bulk_off(pg_backend *b)
{
	b->bulk = 0;
	b->bulk_refill = 0;
	pg_bulk_forget(b);
}
