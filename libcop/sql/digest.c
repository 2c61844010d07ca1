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

static int dg_section(cop_backend *be, const cop_digest_query *q,
	cop_backend_iter **out)
{
	cop_val p[9];
	unsigned int n = 5, i;

	if (q->section < 0 || q->section >= COP_DG_SECTIONS)
		return COP_ENOTSUP;
	p[0] = cop__v_id(&q->community);
	p[1] = cop__v_id(q->viewer ? q->viewer : &cop__nil_id);
	p[2] = cop__v_int(q->since);
	p[3] = cop__v_int(q->until);
	p[4] = cop__v_int(q->limit ? (int64_t)q->limit : INT32_MAX);
	/* Only the helpful contributions' statement has the weights. */
	if (q->section == COP_DG_HELPFUL)
		for (i = 0; i < 4; i++)
			p[n++] = cop__v_int(q->weights[i]);
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
