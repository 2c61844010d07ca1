/*
 * postgresql/records.c: records (insert, update, get, thread access),
 * the keyset listings, stats and the log.
 */
#include "postgresql/pq.h"

/* Columns a statement reads after a record's (sort keys, access). */
#define NCOLS(k) ((int)cop__sql_records[k].ncols)

/* ---- insert, update, get ---------------------------------------------- */

/* The inserts of members and memberships as copy.c reads them: the
 * columns, then the parameters $1 to $n in order, uncast. */
static const char copy_member[] =
	COP_SQL_INSERT("cop_member", COP_SQL_TABLE_MEMBER, PGF);
static const char copy_membership[] =
	COP_SQL_INSERT("cop_membership", COP_SQL_TABLE_MEMBERSHIP, PGF);

/* Run a write that returns one row when it did something. */
static int pg_write(pg_backend *b, int s, const pg_params *p, int *count)
{
	PGresult *r;
	int rc = pg_exec(b, s, p, &r);

	if (rc < 0)
		return rc;
	*count = PQntuples(r);
	if (pg_stmts[s].counted)
		*count = *count == 1 ? (int)pg_r_int(r, 0, 0) : 0;
	PQclear(r);
	return COP_OK;
}

/* The statement (@p base + kind, into *s) and parameters (@p p) of a
 * write ("insert" or "update": @p what) of @p rec. */
static int write_start(pg_backend *b, int base, cop_rec_kind kind,
	const void *rec, const char *what, pg_params *p, int *s)
{
	b->errmsg[0] = '\0';
	p->n = 0;
	*s = base;
	if (!COP_SQL_KIND_OK(kind) || !pg_stmts[*s = base + kind].sql)
		return pg_fail(b, COP_ENOTSUP, "cannot %s records of kind %d",
			what, (int)kind);
	pg_bind_rec(p, kind, rec);
	if (kind == COP_REC_CONTRIBUTION) {
		const cop_contribution_rec *c = rec;
		return pg_p_stext(b, p, (int)c->format, c->body);
	}
	return COP_OK;
}

int pg_insert(cop_backend *be, cop_rec_kind kind, void *rec)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	int rc, n = 0, s;

	if ((rc = write_start(b, S_INS, kind, rec, "insert", &p, &s)) < 0)
		return rc;
	if (kind == COP_REC_LOG) {
		cop_log_rec *l = rec;
		if (b->depth > 0) {
			/* The seq is assigned when the append is sent. */
			l->seq = 0;
			/* In a bulk load, many at once (copy.c). */
			return pg_defer_copy(b, pg_stmts[s].name, pg_stmts[s].sql,
				&b->prepared[s], &p, Q_SEQ, PG_COPY_LOG,
				b->bulk ? pg_log_batched : NULL);
		}
		if ((rc = pg_exec(b, S_INS + COP_REC_LOG, &p, &r)) < 0)
			return rc;
		if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
			PQclear(r);
			return pg_fail(b, COP_ECORRUPT, "log append returned no seq");
		}
		l->seq = pg_r_int(r, 0, 0);
		PQclear(r);
		return COP_OK;
	}
	/* Threads, contributions and revisions have fresh keys in the
	 * API's writes: their answer can wait (see pg_defer). */
	if (b->bulk && b->depth > 0)
		pg_bulk_inserted(b, kind, rec);
	/* An import's members and memberships, which nothing in it writes
	 * again, by COPY when a send has enough of them (copy.c): a taken
	 * key fails the COPY, and the import, as the insert's check would. */
	if (b->bulk && b->depth > 0 && (kind == COP_REC_MEMBER ||
	    kind == COP_REC_MEMBERSHIP))
		return pg_defer_copy(b, pg_stmts[s].name, pg_stmts[s].sql,
			&b->prepared[s], &p, Q_INSERTED, PG_COPY_DIRECT,
			kind == COP_REC_MEMBER ? copy_member : copy_membership);
	/* A bulk load's contributions by COPY when a send has enough of
	 * them and nothing after them in it touches contributions (copy.c). */
	if (b->bulk && b->depth > 0 && kind == COP_REC_CONTRIBUTION)
		return pg_defer_copy(b, pg_stmts[s].name, pg_stmts[s].sql,
			&b->prepared[s], &p, Q_INSERTED, PG_COPY_CON,
			pg_con_batched);
	if (kind == COP_REC_THREAD || kind == COP_REC_CONTRIBUTION ||
	    kind == COP_REC_REVISION)
		return pg_defer(b, s, &p, Q_INSERTED);
	/* In a bulk load every insert's answer can wait (pg_bulk). */
	if (b->bulk && b->depth > 0)
		return pg_defer(b, s, &p, Q_INSERTED);
	if ((rc = pg_write(b, s, &p, &n)) < 0)
		return rc;
	if (n == 0)
		return pg_fail(b, COP_EEXISTS, "%s: a unique key is taken",
			pg_stmts[s].name);
	return COP_OK;
}

int pg_update(cop_backend *be, cop_rec_kind kind, const void *rec)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	int rc, s, n = 0;

	if ((rc = write_start(b, S_UPD, kind, rec, "update", &p, &s)) < 0)
		return rc;
	switch (kind) {
	case COP_REC_MEMBER:
	case COP_REC_COMMUNITY:
		/* Two counts: rows updated, rows with that id. */
		if ((rc = pg_exec(b, s, &p, &r)) < 0)
			return rc;
		n = (int)pg_r_int(r, 0, 0);
		if (n == 0 && pg_r_int(r, 0, 1) > 0) {
			PQclear(r);
			return pg_fail(b, COP_EEXISTS, "%s: the %s is taken",
				pg_stmts[s].name, kind == COP_REC_MEMBER ? "handle" : "slug");
		}
		PQclear(r);
		break;
	case COP_REC_MEMBERSHIP:
		if ((rc = pg_write(b, s, &p, &n)) < 0)
			return rc;
		break;
	default:
		/* Threads and contributions: the answer can wait. */
		if (b->bulk)
			pg_bulk_updated(b, kind, rec);
		return pg_defer(b, s, &p, Q_UPDATED);
	}
	if (n == 0)
		return pg_fail(b, COP_ENOTFOUND, "%s: no such record", pg_stmts[s].name);
	return COP_OK;
}

/* Run statement @p s for its first row: COP_ENOTFOUND ("not found") when
 * it has none; else *out is the result (the caller clears it). */
static int exec_row(pg_backend *b, int s, const pg_params *p, PGresult **out)
{
	int rc;

	if ((rc = pg_exec(b, s, p, out)) < 0)
		return rc;
	if (PQntuples(*out) > 0)
		return COP_OK;
	PQclear(*out);
	*out = NULL;
	return pg_fail(b, COP_ENOTFOUND, "not found");
}

int pg_get(cop_backend *be, cop_rec_kind kind, const cop_key *key,
	void *out)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	int rc, s, lock = b->row_locks && b->depth > 0 && !b->readonly;

	b->errmsg[0] = '\0';
	p.n = 0;
	if (!COP_SQL_KIND_OK(kind) || !pg_stmts[s = S_GET + kind].sql)
		return pg_fail(b, COP_ENOTSUP, "cannot get records of kind %d",
			(int)kind);
	/* Communities are never updated read-modify-write: not locked, so
	 * writers in one community do not queue on its row. */
	if (lock && pg_stmts[S_GET_L + kind].sql)
		s = S_GET_L + kind;
	switch (kind) {
	case COP_REC_MEMBER:
	case COP_REC_COMMUNITY:
		if (key->name) {
			s = kind == COP_REC_COMMUNITY ? S_COMM_BYSLUG :
				lock ? S_MEMBER_BYNAME_L : S_MEMBER_BYNAME;
			pg_p_text(&p, key->name);
		} else {
			pg_p_key(&p, &key->id);
		}
		break;
	case COP_REC_MEMBERSHIP:
		pg_p_key(&p, &key->id);
		pg_p_key(&p, &key->id2);
		break;
	case COP_REC_REVISION:
		pg_p_key(&p, &key->id);
		pg_p_int(&p, key->number);
		break;
	default:
		pg_p_key(&p, &key->id);
		break;
	}
	if ((rc = exec_row(b, s, &p, &r)) < 0)
		return rc;
	rc = pg_fill_rec(b, kind, r, 0, out, 0);
	PQclear(r);
	return rc;
}

/*
 * A thread with its community's visibility and the viewer's membership.
 * One query; but where get() locks rows (cop_locking=row, in a write
 * transaction) the three get()s, which lock the thread and the
 * membership (a row on the nullable side of an outer join cannot be).
 */
int pg_thread_access(cop_backend *be, const cop_id *thread,
	const cop_id *viewer, cop_thread_rec *rec, cop_access_rec *acc)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	int rc;

	b->errmsg[0] = '\0';
	memset(acc, 0, sizeof(*acc));
	if (b->row_locks && b->depth > 0 && !b->readonly) {
		cop_community_rec c;
		cop_membership_rec m;
		cop_key key;

		memset(&key, 0, sizeof(key));
		key.id = *thread;
		if ((rc = pg_get(be, COP_REC_THREAD, &key, rec)) < 0)
			return rc;
		memset(&c, 0, sizeof(c));
		key.id = rec->community_id;
		rc = pg_get(be, COP_REC_COMMUNITY, &key, &c);
		acc->has_community = rc == COP_OK;
		acc->visibility = c.visibility;
		cop_rec_clear(COP_REC_COMMUNITY, &c);
		if (rc == COP_OK && viewer) {
			memset(&m, 0, sizeof(m));
			key.id2 = *viewer;
			rc = pg_get(be, COP_REC_MEMBERSHIP, &key, &m);
			acc->has_membership = rc == COP_OK;
			acc->role = m.role;
			acc->status = m.status;
			cop_rec_clear(COP_REC_MEMBERSHIP, &m);
		}
		if (rc == COP_ENOTFOUND)
			rc = COP_OK;
		if (rc < 0)
			cop_rec_clear(COP_REC_THREAD, rec);
		else
			b->errmsg[0] = '\0';
		return rc;
	}
	p.n = 0;
	pg_p_key(&p, thread);
	pg_p_id(&p, viewer);
	if ((rc = exec_row(b, S_THR_ACCESS, &p, &r)) < 0)
		return rc;
	rc = pg_fill_rec(b, COP_REC_THREAD, r, 0, rec, 0);
	if (rc == COP_OK) {
		int c = NCOLS(COP_REC_THREAD) + 1;   /* after pinned */

		acc->has_community = (int)pg_r_int(r, 0, c);
		acc->visibility = (int)pg_r_int(r, 0, c + 1);
		acc->has_membership = (int)pg_r_int(r, 0, c + 2);
		acc->role = (int)pg_r_int(r, 0, c + 3);
		acc->status = (int)pg_r_int(r, 0, c + 4);
	}
	PQclear(r);
	return rc;
}

/* ---- listings ------------------------------------------------------------- */


/* The queue is done with listing @p it's first batch: @p r is its
 * answer, or NULL when it was not sent (it is fetched on next()). */
void pg_iter_unqueue(struct pg_iter *it, PGresult *r)
{
	it->queued = 0;
	if (!r)
		return;
	PQclear(it->res);
	it->res = r;
	it->row = 0;
	if ((unsigned int)PQntuples(r) < it->want)
		it->last_batch = 1;
}

/* The statement and parameters of the iterator's next batch. */
static int iter_query(pg_iter *it, int *sp, pg_params *p)
{
	pg_backend *b = it->b;
	const cop_id *viewer = it->has_viewer ? &it->viewer : NULL;
	unsigned int want = PG_BATCH;
	int s;

	if (!it->unlimited && it->remaining < want)
		want = it->remaining;
	it->want = want;
	p->n = 0;
	switch (it->kind) {
	case COP_LIST_MEMBERS:
		s = it->has_after ? (viewer ? S_L_MEMBERS_A_V : S_L_MEMBERS_A) :
			(viewer ? S_L_MEMBERS_V : S_L_MEMBERS);
		pg_p_int(p, want);
		if (viewer)
			pg_p_id(p, viewer);
		if (it->has_after)
			pg_p_text(p, it->after_text ? it->after_text : "");
		break;
	case COP_LIST_COMMUNITIES:
		s = it->has_after ? (viewer ? S_L_COMMS_A : S_L_COMMS_A_S) :
			(viewer ? S_L_COMMS : S_L_COMMS_S);
		pg_p_id(p, viewer); pg_p_int(p, want);
		if (it->has_after)
			pg_p_text(p, it->after_text ? it->after_text : "");
		break;
	case COP_LIST_MEMBERSHIPS:
		s = it->has_after ? S_L_MS_A : S_L_MS;
		pg_p_key(p, &it->parent); pg_p_int(p, want);
		if (it->has_after) {
			pg_p_int(p, it->after_num);
			pg_p_text(p, it->after_text ? it->after_text : "");
		}
		pg_p_id(p, viewer);
		break;
	case COP_LIST_THREADS:
		s = it->has_after ? (viewer ? S_L_THR_A : S_L_THR_A_S) :
			(viewer ? S_L_THR : S_L_THR_S);
		if (it->parent_slug)
			pg_p_null(p);
		else
			pg_p_key(p, &it->parent);
		pg_p_id(p, viewer); pg_p_int(p, want);
		if (it->has_after) {
			pg_p_int(p, it->after_num2); pg_p_int(p, it->after_num);
			pg_p_key(p, &it->after_id);
		}
		pg_p_text(p, it->parent_slug);
		break;
	case COP_LIST_THREAD_CONTRIBS:
		s = it->has_after ? S_L_TC_A : S_L_TC;
		pg_p_key(p, &it->parent); pg_p_int(p, want);
		if (it->has_after) {
			pg_p_int(p, it->after_num); pg_p_key(p, &it->after_id);
		}
		pg_p_id(p, viewer);   /* hidden contributions */
		break;
	case COP_LIST_AUTHOR_CONTRIBS:
		s = it->has_after ? (viewer ? S_L_AC_A : S_L_AC_A_S) :
			(viewer ? S_L_AC : S_L_AC_S);
		pg_p_key(p, &it->parent); pg_p_id(p, viewer); pg_p_int(p, want);
		if (it->has_after) {
			pg_p_int(p, it->after_num); pg_p_key(p, &it->after_id);
		}
		break;
	case COP_LIST_REVISIONS:
		s = S_L_REV;
		pg_p_key(p, &it->parent); pg_p_int(p, want);
		pg_p_int(p, it->has_after ? it->after_num : INT32_MIN);
		break;
	case COP_LIST_LOG:
		s = viewer ? S_L_LOG : S_L_LOG_S;
		pg_p_id(p, viewer); pg_p_int(p, want);
		pg_p_int(p, it->has_after ? it->after_num : INT64_MIN / 2);
		break;
	default:
		return pg_fail(b, COP_ERROR, "unknown listing %d", (int)it->kind);
	}
	*sp = s;
	return COP_OK;
}

/*
 * Where each listing's sort key is in its rows: a number, a second
 * number, an id and a text, each the column of a field of the listing's
 * record (its offset), K_AFTER (the column after the record's) or K_NONE.
 */
enum { K_NONE = -1, K_AFTER = -2 };
typedef struct pg_key {
	int num, num2, id, text;
} pg_key;
#define KF(T, m) ((int)offsetof(T, m))
static const pg_key list_keys[] = {
	[COP_LIST_MEMBERS] = { K_NONE, K_NONE, K_NONE, K_AFTER },
	[COP_LIST_COMMUNITIES] = { K_NONE, K_NONE, K_NONE,
		KF(cop_community_rec, slug) },
	[COP_LIST_MEMBERSHIPS] = { KF(cop_membership_rec, role), K_NONE,
		K_NONE, K_AFTER },
	/* pinned, after the record's columns, sorts first */
	[COP_LIST_THREADS] = { KF(cop_thread_rec, last_activity), K_AFTER,
		KF(cop_thread_rec, id), K_NONE },
	[COP_LIST_THREAD_CONTRIBS] = { KF(cop_contribution_rec, created),
		K_NONE, KF(cop_contribution_rec, id), K_NONE },
	[COP_LIST_AUTHOR_CONTRIBS] = { KF(cop_contribution_rec, created),
		K_NONE, KF(cop_contribution_rec, id), K_NONE },
	[COP_LIST_REVISIONS] = { KF(cop_revision_rec, number), K_NONE, K_NONE,
		K_NONE },
	[COP_LIST_LOG] = { KF(cop_log_rec, seq), K_NONE, K_NONE, K_NONE },
};

/* The column of key part @p v (not K_NONE) in rows of record @p kind. */
static int key_col(cop_rec_kind kind, int v)
{
	return v == K_AFTER ? NCOLS(kind) : cop__sql_col_of(kind, (size_t)v);
}

/* Remember the sort key of row @p i of the current batch (the last one
 * returned, when the next batch is to be fetched). */
static int iter_key(pg_iter *it, int i)
{
	const PGresult *r = it->res;
	const pg_key *k = &list_keys[it->kind];
	char *text = NULL;
	int rc = COP_OK;

	if (k->num != K_NONE)
		it->after_num = pg_r_int(r, i, key_col(it->rec_kind, k->num));
	if (k->num2 != K_NONE)
		it->after_num2 = pg_r_int(r, i, key_col(it->rec_kind, k->num2));
	if (k->id != K_NONE)
		rc = pg_r_id(it->b, r, i, key_col(it->rec_kind, k->id),
			&it->after_id);
	if (rc >= 0 && k->text != K_NONE)
		rc = pg_r_text(it->b, r, i, key_col(it->rec_kind, k->text),
			&text, 0);
	if (rc < 0)
		return rc;
	if (text) {
		cop_free(it->after_text);
		it->after_text = text;
	}
	it->has_after = 1;
	return COP_OK;
}

/* Fetch the next batch of rows after the iterator's key. */
static int iter_fetch(pg_iter *it)
{
	pg_params p;
	int s, rc;

	/* After the last row returned; a failure leaves it to fetch again. */
	if (it->res && it->row > 0 && (rc = iter_key(it, it->row - 1)) < 0)
		return rc;
	if ((rc = iter_query(it, &s, &p)) < 0)
		return rc;
	PQclear(it->res);
	it->res = NULL;
	it->row = 0;
	if ((rc = pg_exec(it->b, s, &p, &it->res)) < 0)
		return rc;
	if ((unsigned int)PQntuples(it->res) < it->want)
		it->last_batch = 1;
	return COP_OK;
}

static int iter_next(cop_backend_iter *bi, void *rec)
{
	pg_iter *it = (pg_iter *)bi;
	int rc;

	if (!it->unlimited && it->remaining == 0)
		return COP_ITEROVER;
	if (it->queued && (rc = pg_q_flush(it->b)) < 0)
		return rc;
	if (!it->res || it->row >= PQntuples(it->res)) {
		if (it->last_batch)
			return COP_ITEROVER;
		if ((rc = iter_fetch(it)) < 0)
			return rc;
		if (PQntuples(it->res) == 0)
			return COP_ITEROVER;
	}
	if ((rc = pg_fill_rec(it->b, it->rec_kind, it->res, it->row, rec, 1)) < 0)
		return rc;
	it->row++;
	if (!it->unlimited)
		it->remaining--;
	return COP_OK;
}

static void iter_free(cop_backend_iter *bi)
{
	pg_iter *it = (pg_iter *)bi;

	if (!it)
		return;
	if (it->queued) {
		/* Its first batch still waits: the answer will be dropped. */
		int i;
		for (i = 0; i < it->b->qn; i++)
			if (it->b->q[i].it == it)
				it->b->q[i].it = NULL;
	}
	PQclear(it->res);
	cop_free(it->after_text);
	cop_free(it->parent_slug);
	cop_free(it);
}

int pg_list(cop_backend *be, const cop_query *q, cop_backend_iter **out)
{
	pg_backend *b = PG(be);
	pg_iter *it;
	int rc;

	*out = NULL;
	b->errmsg[0] = '\0';
	if (!cop__list_rec_kind(q->kind))
		return pg_fail(b, COP_ERROR, "unknown listing %d", (int)q->kind);
	it = cop__sql_iter_alloc(sizeof(*it), iter_next, iter_free);
	if (!it)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	/* Rows' strings are the batch's (freed on the next fetch). */
	it->base.flags = COP_BACKEND_ITER_BORROWED;
	it->b = b;
	it->kind = q->kind;
	it->rec_kind = cop__list_rec_kind(q->kind);
	it->parent = q->parent;
	if (q->viewer) {
		it->has_viewer = 1;
		it->viewer = *q->viewer;
	}
	it->has_after = q->has_after;
	it->after_num = q->after_num;
	it->after_num2 = q->after_num2;
	it->after_id = q->after_id;
	if (q->has_after && q->after_text) {
		it->after_text = cop_strdup(q->after_text);
		if (!it->after_text) {
			cop_free(it);
			return pg_fail(b, COP_ENOMEM, "out of memory");
		}
	}
	if (q->kind == COP_LIST_THREADS && q->parent_slug &&
	    !(it->parent_slug = cop_strdup(q->parent_slug))) {
		iter_free(&it->base);
		return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	it->unlimited = q->limit == 0;
	it->remaining = q->limit;
	/*
	 * The first batch now, so errors show at the start; but a thread's
	 * contributions and a community's threads are read by the core just
	 * before it reads the thread or community (the access check): their
	 * first batch waits and goes with that read, in one round trip.
	 */
	if (q->kind == COP_LIST_THREADS || q->kind == COP_LIST_THREAD_CONTRIBS) {
		pg_params p;
		int s;
		if ((rc = pg_ensure(b)) < 0 ||
		    (rc = iter_query(it, &s, &p)) < 0 ||
		    (rc = pg_prepare(b, pg_stmts[s].name, pg_stmts[s].sql,
			pg_stmts[s].name, &b->prepared[s])) < 0 ||
		    (rc = pg_q_read(b, pg_stmts[s].name, pg_stmts[s].binary, &p, it)) < 0) {
			iter_free(&it->base);
			return rc;
		}
		it->queued = 1;
	} else if ((rc = iter_fetch(it)) < 0) {
		iter_free(&it->base);
		return rc;
	}
	*out = &it->base;
	return COP_OK;
}

/* ---- stats, log --------------------------------------------------------------- */

/* Run stats statement @p s with @p p, its one row filled into @p out by
 * @p seen's fill (every count) or the foundation's. */
static int stats_run(pg_backend *b, int s, const pg_params *p, int seen,
	cop_stats *out)
{
	PGresult *r;
	int rc;

	if ((rc = pg_exec(b, s, p, &r)) < 0)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return pg_fail(b, COP_ECORRUPT, "stats returned no row");
	}
	{
		pg_row row = { b, r, NULL, 0, 0 };
		if (seen)
			cop__sql_stats_seen_fill(&pg_io, &row, out);
		else
			cop__sql_stats_fill(&pg_io, &row, out);
	}
	PQclear(r);
	return COP_OK;
}

int pg_stats(cop_backend *be, const cop_id *community, cop_stats *out)
{
	return pg_stats_seen(be, community, NULL, out);
}

/* (With no viewer: the system's counts, pg_stats().) */
int pg_stats_seen(cop_backend *be, const cop_id *community,
	const cop_id *viewer, cop_stats *out)
{
	pg_backend *b = PG(be);
	pg_params p;

	b->errmsg[0] = '\0';
	p.n = 0;
	if (community)
		pg_p_key(&p, community);
	else if (viewer)
		pg_p_null(&p);
	if (!viewer)
		return stats_run(b, community ? S_STATS_C : S_STATS, &p, 0, out);
	pg_p_key(&p, viewer);
	return stats_run(b, S_STATS_SEEN, &p, 1, out);
}

int pg_member_seen(cop_backend *be, const cop_id *member,
	const cop_id *viewer)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	int rc;

	b->errmsg[0] = '\0';
	p.n = 0;
	pg_p_key(&p, member);
	pg_p_key(&p, viewer);
	if ((rc = pg_exec(b, S_MEMBER_SEEN, &p, &r)) < 0)
		return rc;
	rc = PQntuples(r) > 0 ? COP_OK : COP_ENOTFOUND;
	PQclear(r);
	return rc;
}

int pg_log_last_seq(cop_backend *be, int64_t *out)
{
	PG(be)->errmsg[0] = '\0';
	return pg_int_of(PG(be), S_LOG_LAST, out);
}

