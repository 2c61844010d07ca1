/*
 * sqlite/records.c: the SQLite backend's records: insert, update, get,
 * thread access, the keyset listings and their iterators, stats.
 */
#include "sqlite/sq.h"

/* ---- insert, update, get ------------------------------------------------- */

/* Write @p rec of @p kind with statement @p base + kind ("insert" or
 * "update": @p what).  An update that finds no row is COP_ENOTFOUND. */
static int write_rec(sq_backend *b, int base, cop_rec_kind kind,
	const void *rec, const char *what)
{
	sqlite3_stmt *st;
	int rc, s, notrig = 0;

	b->errmsg[0] = '\0';
	if ((rc = sq_txn_check(b)) < 0)
		return rc;
	if (!COP_SQL_KIND_OK(kind) || !sq_stmts[s = base + kind].sql)
		return sq_fail(b, COP_ENOTSUP, "cannot %s records of kind %d",
			what, (int)kind);
	/* A bulk load's insert without its triggers, when they would do
	 * nothing (sqlite.c, sq_notrig_row()). */
	if (base == S_INS && (notrig = sq_notrig_row(b, kind, rec)) < 0)
		return notrig;
	if ((rc = sq_prep(b, s, &st)) < 0 ||
	    (sq_bind_rec(b, kind, st, rec) < 0 &&
	    (rc = sq_err(b, sqlite3_errcode(b->db), sq_stmts[s].name)) < 0) ||
	    (rc = sq_done(b, st, sq_stmts[s].name)) < 0) {
		b->bulk.allow = 0;
		return rc;
	}
	if (notrig && (rc = sq_notrig_after(b, kind, rec)) < 0)
		return rc;
	if (base == S_UPD && sqlite3_changes(b->db) == 0)
		return sq_fail(b, COP_ENOTFOUND, "%s: no such record",
			sq_stmts[s].name);
	return COP_OK;
}

int sq_insert(cop_backend *be, cop_rec_kind kind, void *rec)
{
	sq_backend *b = SQ(be);
	int rc = write_rec(b, S_INS, kind, rec, "insert");

	if (rc == COP_OK && kind == COP_REC_LOG)
		((cop_log_rec *)rec)->seq = sqlite3_last_insert_rowid(b->db);
	if (rc == COP_OK)
		sq_bulk_inserted(b, kind, rec);
	return rc;
}

int sq_update(cop_backend *be, cop_rec_kind kind, const void *rec)
{
	return write_rec(SQ(be), S_UPD, kind, rec, "update");
}

int sq_get(cop_backend *be, cop_rec_kind kind, const cop_key *key,
	void *out)
{
	sq_backend *b = SQ(be);
	sqlite3_stmt *st;
	int rc, brc = 0, s;

	b->errmsg[0] = '\0';
	if (!COP_SQL_KIND_OK(kind) || !sq_stmts[s = S_GET + kind].sql)
		return sq_fail(b, COP_ENOTSUP, "cannot get records of kind %d",
			(int)kind);
	if (key->name && kind == COP_REC_MEMBER)
		s = S_MEMBER_BYNAME;
	else if (key->name && kind == COP_REC_COMMUNITY)
		s = S_COMM_BYSLUG;
	if ((rc = sq_prep(b, s, &st)) < 0)
		return rc;
	switch (s) {
	case S_MEMBER_BYNAME:
	case S_COMM_BYSLUG:
		brc |= sq_b_text(st, 1, key->name);
		break;
	case S_GET + COP_REC_MEMBERSHIP:
		brc |= sq_b_key(st, 1, &key->id);
		brc |= sq_b_key(st, 2, &key->id2);
		break;
	case S_GET + COP_REC_REVISION:
		brc |= sq_b_key(st, 1, &key->id);
		brc |= sq_b_int(st, 2, key->number);
		break;
	default:
		brc |= sq_b_key(st, 1, &key->id);
		break;
	}
	if (brc != SQLITE_OK)
		return sq_err(b, sqlite3_errcode(b->db), sq_stmts[s].name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rc = sq_fill_rec(b, kind, st, out);
	} else if (rc == SQLITE_DONE) {
		rc = sq_fail(b, COP_ENOTFOUND, "%s: not found", sq_stmts[s].name);
	} else {
		rc = sq_err(b, rc, sq_stmts[s].name);
	}
	sqlite3_reset(st);
	return rc;
}

/* A thread, its community's visibility and the viewer's membership in
 * one statement (and one read transaction). */
int sq_thread_access(cop_backend *be, const cop_id *thread,
	const cop_id *viewer, cop_thread_rec *rec, cop_access_rec *acc)
{
	sq_backend *b = SQ(be);
	sqlite3_stmt *st;
	int rc, brc;

	b->errmsg[0] = '\0';
	memset(acc, 0, sizeof(*acc));
	if ((rc = sq_prep(b, S_THR_ACCESS, &st)) < 0)
		return rc;
	brc = sq_b_key(st, 1, thread);
	brc |= sq_b_id(st, 2, viewer);
	if (brc != SQLITE_OK)
		return sq_err(b, sqlite3_errcode(b->db), sq_stmts[S_THR_ACCESS].name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rc = sq_fill_rec(b, COP_REC_THREAD, st, rec);
		if (rc == COP_OK) {
			int c = cop__sql_records[COP_REC_THREAD].ncols;

			acc->has_community = sqlite3_column_int(st, c);
			acc->visibility = sqlite3_column_int(st, c + 1);
			acc->has_membership = sqlite3_column_int(st, c + 2);
			acc->role = sqlite3_column_int(st, c + 3);
			acc->status = sqlite3_column_int(st, c + 4);
		}
	} else if (rc == SQLITE_DONE) {
		rc = sq_fail(b, COP_ENOTFOUND, "%s: not found",
			sq_stmts[S_THR_ACCESS].name);
	} else {
		rc = sq_err(b, rc, sq_stmts[S_THR_ACCESS].name);
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- listings and search -------------------------------------------------- */


void sq_iter_release(sq_iter *it)
{
	if (!it->st)
		return;
	if (it->slot >= 0) {
		sqlite3_reset(it->st);
		sqlite3_clear_bindings(it->st);
		if (it->b)
			it->b->lent[it->slot] = 0;
	} else {
		sqlite3_finalize(it->st);
	}
	it->st = NULL;
	it->have_row = 0;
}

void sq_iter_unlink(sq_iter *it)
{
	if (!it->b)
		return;
	if (it->prev)
		it->prev->next = it->next;
	else
		it->b->iters = it->next;
	if (it->next)
		it->next->prev = it->prev;
	it->prev = it->next = NULL;
}

void sq_iter_free(cop_backend_iter *bi)
{
	sq_iter *it = (sq_iter *)bi;

	if (!it)
		return;
	sq_iter_release(it);
	sq_iter_unlink(it);
	cop_free(it->match);
	cop_free(it->mark_open);
	cop_free(it->mark_close);
	cop_free(it);
}

/* Step to the next row: COP_OK with have_row set, COP_ITEROVER, or an error. */
int sq_iter_step(sq_iter *it)
{
	int rc;

	if (it->have_row)
		return COP_OK;
	if (!it->st)
		return COP_ITEROVER;
	rc = sqlite3_step(it->st);
	if (rc == SQLITE_ROW) {
		it->have_row = 1;
		return COP_OK;
	}
	if (rc == SQLITE_DONE && it->rec_kind == COP_REC_SEARCH_HIT &&
	    it->search_k >= 0 && it->delivered < it->search_limit) {
		/* The filters left too few of the best candidates: rank every
		 * match, and skip the hits already returned (a prefix). */
		int64_t skip = it->delivered;

		it->search_k = -1;
		sqlite3_reset(it->st);
		if (sqlite3_bind_int64(it->st, 6, -1) != SQLITE_OK)
			rc = sqlite3_errcode(it->b->db);
		else
			while ((rc = sqlite3_step(it->st)) == SQLITE_ROW &&
			       skip-- > 0)
				;
		if (rc == SQLITE_ROW) {
			it->have_row = 1;
			return COP_OK;
		}
	}
	if (rc == SQLITE_DONE) {
		sq_iter_release(it);
		return COP_ITEROVER;
	}
	/* Stepping again would start over: the listing ends here. */
	rc = sq_err(it->b, rc, "listing");
	it->failed = rc;
	sq_iter_release(it);
	return rc;
}


static int iter_next(cop_backend_iter *bi, void *rec)
{
	sq_iter *it = (sq_iter *)bi;
	int rc;

	if (!it->b)
		return COP_EIO;
	it->b->errmsg[0] = '\0';
	if (it->failed)
		return sq_fail(it->b, it->failed, "the listing failed earlier");
	if ((rc = sq_iter_step(it)) < 0 || rc == COP_ITEROVER)
		return rc;
	if (it->rec_kind == COP_REC_SEARCH_HIT) {
		rc = sq_search_fill(it, rec);
		if (rc == COP_OK)
			it->delivered++;
	} else {
		it->b->borrow = (it->base.flags & COP_BACKEND_ITER_BORROWED) != 0;
		rc = sq_fill_rec(it->b, it->rec_kind, it->st, rec);
		it->b->borrow = 0;
	}
	/* On failure the row stays, to be read again. */
	if (rc < 0)
		return rc;
	it->have_row = 0;
	return COP_OK;
}

/* A new iterator over statement @p s (borrowed when free, else private). */
int sq_iter_new(sq_backend *b, int s, cop_rec_kind kind, sq_iter **out)
{
	sq_iter *it;
	int rc;

	*out = NULL;
	it = cop__sql_iter_alloc(sizeof(*it), iter_next, sq_iter_free);
	if (!it)
		return sq_fail(b, COP_ENOMEM, "out of memory");
	it->b = b;
	it->rec_kind = kind;
	it->slot = -1;
	if (!b->lent[s]) {
		if ((rc = sq_prep(b, s, &it->st)) < 0) {
			cop_free(it);
			return rc;
		}
		it->slot = s;
		b->lent[s] = 1;
	} else {
		if ((rc = sq_held_flush(b)) < 0) {   /* as sq_prep()'s */
			cop_free(it);
			return rc;
		}
		rc = sqlite3_prepare_v3(b->db, sq_stmts[s].sql, -1, 0, &it->st, NULL);
		if (rc != SQLITE_OK) {
			rc = sq_err(b, rc, sq_stmts[s].name);
			cop_free(it);
			return rc;
		}
	}
	it->next = b->iters;
	if (b->iters)
		b->iters->prev = it;
	b->iters = it;
	*out = it;
	return COP_OK;
}

/* Above every id (16 bytes): 17 bytes of 0xff. */
static const unsigned char id_ceiling[17] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

/* Hand out listing @p it of statement @p s once its parameters are bound
 * (@p brc: the binds' SQLite codes or'ed), its first row read so that
 * errors show at the start; else free it. */
int sq_iter_begin(sq_iter *it, int brc, int s, cop_backend_iter **out)
{
	sq_backend *b = it->b;
	int rc;

	if (brc != SQLITE_OK) {
		rc = sq_err(b, sqlite3_errcode(b->db), sq_stmts[s].name);
		sq_iter_free(&it->base);
		return rc;
	}
	if ((rc = sq_iter_step(it)) < 0 && rc != COP_ITEROVER) {
		sq_iter_free(&it->base);
		return rc;
	}
	*out = &it->base;
	return COP_OK;
}

/* Bind a listing's (number, id) keyset bound as parameters @p i and
 * @p i + 1: the cursor's, or without one the end the order starts from
 * (@p desc: above every row, else below). */
static int bind_bound(sqlite3_stmt *st, int i, const cop_query *q, int after,
	int desc)
{
	if (after)
		return sq_b_int(st, i, q->after_num) |
			sq_bt_key(st, i + 1, &q->after_id);
	if (desc)
		return sq_b_int(st, i, INT64_MAX) |
			sqlite3_bind_blob(st, i + 1, id_ceiling,
				(int)sizeof(id_ceiling), SQLITE_STATIC);
	return sq_b_int(st, i, INT64_MIN) | sqlite3_bind_zeroblob(st, i + 1, 0);
}

int sq_list(cop_backend *be, const cop_query *q, cop_backend_iter **out)
{
	sq_backend *b = SQ(be);
	cop_rec_kind rk;
	sq_iter *it;
	sqlite3_stmt *st;
	sqlite3_int64 limit;
	int rc, brc = 0, s, after;

	*out = NULL;
	b->errmsg[0] = '\0';
	rk = cop__list_rec_kind(q->kind);
	switch (q->kind) {
	case COP_LIST_MEMBERS: s = S_L_MEMBERS; break;
	case COP_LIST_COMMUNITIES: s = S_L_COMMS; break;
	case COP_LIST_MEMBERSHIPS: s = S_L_MS; break;
	case COP_LIST_THREADS: s = S_L_THR; break;
	case COP_LIST_THREAD_CONTRIBS: s = S_L_TC; break;
	case COP_LIST_AUTHOR_CONTRIBS: s = S_L_AC; break;
	case COP_LIST_REVISIONS: s = S_L_REV; break;
	case COP_LIST_LOG: s = S_L_LOG; break;
	default:
		return sq_fail(b, COP_ERROR, "unknown listing %d", (int)q->kind);
	}
	if ((rc = sq_iter_new(b, s, rk, &it)) < 0)
		return rc;
	it->base.flags = COP_BACKEND_ITER_BORROWED;
	st = it->st;
	after = q->has_after;
	limit = q->limit ? (sqlite3_int64)q->limit : -1;
	switch (q->kind) {
	case COP_LIST_MEMBERS:
		brc |= sq_bt_text(st, 1, after && q->after_text ? q->after_text : "");
		brc |= sq_b_int(st, 2, limit);
		brc |= sq_bt_id(st, 3, q->viewer);
		break;
	case COP_LIST_COMMUNITIES:
		brc |= sq_bt_id(st, 1, q->viewer);
		brc |= sq_bt_text(st, 2, after && q->after_text ? q->after_text : "");
		brc |= sq_b_int(st, 3, limit);
		break;
	case COP_LIST_MEMBERSHIPS:
		brc |= sq_bt_key(st, 1, &q->parent);
		brc |= sq_b_int(st, 2, after ? q->after_num : INT64_MAX);
		brc |= sq_bt_text(st, 3, after && q->after_text ? q->after_text : "");
		brc |= sq_b_int(st, 4, limit);
		brc |= sq_bt_id(st, 5, q->viewer);
		break;
	case COP_LIST_THREADS:
		if (q->parent_slug) {
			/* By slug (version 4): the id first, in process. */
			cop_community_rec c;
			cop_key key;
			memset(&key, 0, sizeof(key));
			memset(&c, 0, sizeof(c));
			key.name = q->parent_slug;
			rc = sq_get(&b->base, COP_REC_COMMUNITY, &key, &c);
			if (rc != COP_OK && rc != COP_ENOTFOUND) {
				sq_iter_free(&it->base);
				return rc;
			}
			brc |= rc == COP_OK ? sq_bt_key(st, 1, &c.id) :
				sqlite3_bind_null(st, 1);
			cop_rec_clear(COP_REC_COMMUNITY, &c);
		} else {
			brc |= sq_bt_key(st, 1, &q->parent);
		}
		brc |= sq_bt_id(st, 2, q->viewer);
		brc |= sq_b_int(st, 3, after ? q->after_num2 : INT64_MAX);
		brc |= bind_bound(st, 4, q, after, 1);
		brc |= sq_b_int(st, 6, limit);
		break;
	case COP_LIST_THREAD_CONTRIBS:
		brc |= sq_bt_key(st, 1, &q->parent);
		brc |= bind_bound(st, 2, q, after, 0);
		brc |= sq_b_int(st, 4, limit);
		brc |= sq_bt_id(st, 5, q->viewer);   /* hidden contributions */
		break;
	case COP_LIST_AUTHOR_CONTRIBS:
		brc |= sq_bt_key(st, 1, &q->parent);
		brc |= sq_bt_id(st, 2, q->viewer);
		brc |= bind_bound(st, 3, q, after, 1);
		brc |= sq_b_int(st, 5, limit);
		break;
	case COP_LIST_REVISIONS:
		brc |= sq_bt_key(st, 1, &q->parent);
		brc |= sq_b_int(st, 2, after ? q->after_num : INT64_MIN);
		brc |= sq_b_int(st, 3, limit);
		break;
	case COP_LIST_LOG:
		brc |= sq_bt_id(st, 1, q->viewer);
		brc |= sq_b_int(st, 2, after ? q->after_num : INT64_MIN);
		brc |= sq_b_int(st, 3, limit);
		break;
	}
	return sq_iter_begin(it, brc, s, out);
}

/* ---- stats, log ------------------------------------------------------------- */

int sq_stats(cop_backend *be, const cop_id *community, cop_stats *out)
{
	sq_backend *b = SQ(be);
	sq_row row = { b, NULL };
	int rc, s = community ? S_STATS_C : S_STATS;

	b->errmsg[0] = '\0';
	if ((rc = sq_row_of(b, s, community, &row.st)) == COP_ENOTFOUND)
		return sq_fail(b, COP_ECORRUPT, "%s: no row", sq_stmts[s].name);
	if (rc < 0)
		return rc;
	cop__sql_stats_fill(&sq_io, &row, out);
	sqlite3_reset(row.st);
	return COP_OK;
}

int sq_stats_seen(cop_backend *be, const cop_id *community,
	const cop_id *viewer, cop_stats *out)
{
	sq_backend *b = SQ(be);
	sq_row row = { b, NULL };
	sqlite3_stmt *st;
	int rc;

	b->errmsg[0] = '\0';
	if ((rc = sq_prep(b, S_STATS_SEEN, &st)) < 0)
		return rc;
	if ((community ? sq_b_key(st, 1, community) :
			sqlite3_bind_null(st, 1)) != SQLITE_OK ||
	    sq_b_key(st, 2, viewer) != SQLITE_OK)
		return sq_err(b, sqlite3_errcode(b->db), sq_stmts[S_STATS_SEEN].name);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? sq_fail(b, COP_ECORRUPT, "%s: no row",
			sq_stmts[S_STATS_SEEN].name) :
			sq_err(b, rc, sq_stmts[S_STATS_SEEN].name);
		sqlite3_reset(st);
		return rc;
	}
	row.st = st;
	cop__sql_stats_seen_fill(&sq_io, &row, out);
	sqlite3_reset(st);
	return COP_OK;
}

int sq_member_seen(cop_backend *be, const cop_id *member,
	const cop_id *viewer)
{
	sq_backend *b = SQ(be);
	sqlite3_stmt *st;
	int rc;

	b->errmsg[0] = '\0';
	if ((rc = sq_prep(b, S_MEMBER_SEEN, &st)) < 0)
		return rc;
	if (sq_b_key(st, 1, member) != SQLITE_OK ||
	    sq_b_key(st, 2, viewer) != SQLITE_OK)
		return sq_err(b, sqlite3_errcode(b->db),
			sq_stmts[S_MEMBER_SEEN].name);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_ROW ? COP_OK : rc == SQLITE_DONE ? COP_ENOTFOUND :
		sq_err(b, rc, sq_stmts[S_MEMBER_SEEN].name);
	sqlite3_reset(st);
	return rc;
}

int sq_log_last_seq(cop_backend *be, int64_t *out)
{
	SQ(be)->errmsg[0] = '\0';
	return sq_int_of(SQ(be), S_LOG_LAST, out);
}

