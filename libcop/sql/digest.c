/*
 * sql/digest.c: the digest interface (sys/backend.h's cop_backend_digest)
 * written once over a backend's rop() and the shared statements of
 * recognition_sql.h.  The SQL backends hand it out as their table; the
 * core uses it for backends of versions 2 to 6, which have rop() but no
 * digest table.
 */
#include <stdint.h>
#include "sql/sql.h"

/* A section's operation, by cop_digest_section_kind. */
static const int section_ops[COP_DG_SECTIONS] = {
	COP_ROP_DG_THREADS, COP_ROP_DG_UNANSWERED, COP_ROP_DG_ACCEPTED,
	COP_ROP_DG_HELPFUL, COP_ROP_DG_SUMMARIES, COP_ROP_DG_KUDOS,
	COP_ROP_DG_BADGES
};

/* The helpful contributions' rows, owned, handed out in order. */
typedef struct hl_iter {
	cop_backend_iter base;
	cop_digest_rec *v;
	size_t n, cap, next;
} hl_iter;

static int hl_next(cop_backend_iter *bi, void *rec)
{
	hl_iter *it = (hl_iter *)bi;

	if (it->next >= it->n) {
		memset(rec, 0, sizeof(cop_digest_rec));
		return COP_ITEROVER;
	}
	memcpy(rec, &it->v[it->next], sizeof(cop_digest_rec));
	memset(&it->v[it->next++], 0, sizeof(cop_digest_rec));
	return COP_OK;
}

static void hl_free(cop_backend_iter *bi)
{
	hl_iter *it = (hl_iter *)bi;

	if (!it)
		return;
	while (it->next < it->n)
		cop_rec_clear(COP_REC_DIGEST, &it->v[it->next++]);
	cop_free(it->v);
	cop_free(it);
}

/* One window of COP_ROP_DG_HELPFUL (parameters @p p, the window's size
 * and offset set) into @p it: the rows the viewer sees, up to @p limit
 * in all (0: no limit); *got receives the window's rows. */
static int hl_window(cop_backend *be, const cop_val *p, hl_iter *it,
	unsigned int limit, int64_t *got)
{
	cop_backend_iter *rows = NULL;
	cop_digest_rec *nv;
	cop_row row;
	int rc;

	*got = 0;
	if ((rc = be->rop(be, COP_ROP_DG_HELPFUL, p, 10, &rows)) != COP_OK)
		return rc;
	while ((rc = rows->next(rows, &row)) == COP_OK) {
		(*got)++;
		/* The section is -1 for a row the viewer does not see. */
		if (cop__r_int(&row, 0) < 0 || (limit && it->n >= limit))
			continue;
		if (it->n == it->cap) {
			it->cap = it->cap ? it->cap * 2 : 32;
			if (!(nv = cop_realloc(it->v, it->cap * sizeof(*nv)))) {
				rc = COP_ENOMEM;
				break;
			}
			it->v = nv;
		}
		if ((rc = cop__sql_rec_from_row(COP_REC_DIGEST, &row,
				&it->v[it->n], sizeof(*nv))) != COP_OK)
			break;
		it->n++;
	}
	rows->free(rows);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

/* The helpful contributions: the ranking read a window at a time (twice
 * the limit, at least 64 rows), each window's rows checked with the
 * viewer's rule, until the limit is met or the ranking ends; so the rule
 * is read for about the rows shown, not for every contribution voted on
 * in the period. */
static int dg_helpful(cop_backend *be, cop_val *p, unsigned int limit,
	cop_backend_iter **out)
{
	int64_t window = !limit ? INT32_MAX : limit < 32 ? 64 :
		2 * (int64_t)limit, offset = 0, got;
	hl_iter *it = cop__sql_iter_alloc(sizeof(*it), hl_next, hl_free);
	int rc;

	*out = NULL;
	if (!it)
		return COP_ENOMEM;
	p[4] = cop__v_int(window);
	for (;;) {
		p[9] = cop__v_int(offset);
		if ((rc = hl_window(be, p, it, limit, &got)) != COP_OK ||
		    got < window || (limit && it->n >= limit))
			break;
		offset += window;
	}
	if (rc != COP_OK) {
		hl_free(&it->base);
		return rc;
	}
	*out = &it->base;
	return COP_OK;
}

static int dg_section(cop_backend *be, const cop_digest_query *q,
	cop_backend_iter **out)
{
	cop_val p[10];
	unsigned int n = 5, i;

	if (q->section < 0 || q->section >= COP_DG_SECTIONS)
		return COP_ENOTSUP;
	p[0] = cop__v_id(&q->community);
	p[1] = cop__v_id(q->viewer ? q->viewer : &cop__nil_id);
	p[2] = cop__v_int(q->since);
	p[3] = cop__v_int(q->until);
	p[4] = cop__v_int(q->limit ? (int64_t)q->limit : INT32_MAX);
	/* Only the helpful contributions' statement has the weights. */
	if (q->section == COP_DG_HELPFUL) {
		for (i = 0; i < 4; i++)
			p[n++] = cop__v_int(q->weights[i]);
		return dg_helpful(be, p, q->limit, out);
	}
	return cop__sql_rec_list(be, section_ops[q->section], p, n,
		COP_REC_DIGEST, sizeof(cop_digest_rec), out);
}

static int dg_communities(cop_backend *be, const cop_id *member,
	cop_backend_iter **out)
{
	cop_val p[1];

	p[0] = cop__v_id(member);
	return cop__sql_rec_list(be, COP_ROP_DG_COMMUNITIES, p, 1,
		COP_REC_DIGEST, sizeof(cop_digest_rec), out);
}

static int dg_sent_get(cop_backend *be, const cop_id *member, cop_time *until)
{
	int64_t v = 0;
	int rc = cop__sql_run_int(be, COP_ROP_DG_SENT_GET, &v, "i", member);

	*until = rc == COP_OK ? (cop_time)v : 0;
	return rc;
}

static int dg_sent_put(cop_backend *be, const cop_id *member, cop_time until,
	cop_time marked)
{
	return cop__sql_run(be, COP_ROP_DG_SENT_PUT, "inn", member,
		(int64_t)until, (int64_t)marked);
}

const cop_backend_digest cop__sql_digest = {
	COP_BACKEND_DIGEST_VERSION, dg_section, dg_communities, dg_sent_get,
	dg_sent_put
};
