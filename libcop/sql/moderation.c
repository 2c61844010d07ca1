/*
 * sql/moderation.c: the moderation interface (sys/backend.h's
 * cop_backend_moderation: flags, and from its version 2 moderation
 * actions) written once over a backend's rop()
 * and the shared statements of recognition_sql.h.  The SQL backends hand
 * it out as their table; the core uses it for backends of versions 2 to
 * 4, which have rop() but no moderation table.
 */
#include <stdint.h>
#include "sql/sql.h"

/* Whether operation @p op gives a row (a count above 0, or any row). */
static int has_row(cop_backend *be, int op, const cop_val *p, unsigned int n,
	int counted, int *found)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	int rc;

	*found = 0;
	if ((rc = be->rop(be, op, p, n, &it)) != COP_OK)
		return rc;
	rc = it->next(it, &row);
	if (rc == COP_OK)
		*found = counted ? cop__r_int(&row, 0) > 0 : 1;
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int flag_insert(cop_backend *be, const cop_flag_rec *flag)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(COP_REC_FLAG, flag, p);

	return be->rop(be, COP_ROP_FLAG_INS, p, n, NULL);
}

static int flag_get(cop_backend *be, const cop_id *id, cop_flag_rec *out)
{
	cop_val p[1];

	p[0] = cop__v_id(id);
	return cop__sql_first_rec(be, COP_ROP_FLAG_GET, p, 1, COP_REC_FLAG, out,
		sizeof(*out));
}

static int flag_find(cop_backend *be, const cop_id *contribution,
	const cop_id *flagger, int *found)
{
	cop_val p[2];

	p[0] = cop__v_id(contribution);
	p[1] = cop__v_id(flagger);
	return has_row(be, COP_ROP_FLAG_HAS, p, 2, 1, found);
}

static int flag_resolve(cop_backend *be, const cop_id *id, int state,
	const cop_id *resolver, cop_time resolved)
{
	cop_val p[4];
	int found, rc;

	p[0] = cop__v_id(id);
	p[1] = cop__v_int(state);
	p[2] = cop__v_id(resolver ? resolver : &cop__nil_id);
	p[3] = cop__v_int(resolved);
	if ((rc = has_row(be, COP_ROP_FLAG_RESOLVE, p, 4, 0, &found)) != COP_OK)
		return rc;
	return found ? COP_OK : COP_ENOTFOUND;
}

static int flag_list(cop_backend *be, const cop_flag_query *q,
	cop_backend_iter **out)
{
	cop_val p[5];

	p[0] = cop__v_id(&q->community);
	p[1] = cop__v_int(q->state);
	/* Without a bound: below every row (a nil id is sent as its bytes). */
	p[2] = cop__v_int(q->has_after ? q->after_created : INT64_MIN);
	p[3] = cop__v_key(q->has_after ? &q->after_id : &cop__nil_id);
	p[4] = cop__v_int(q->limit ? (int64_t)q->limit : INT32_MAX);
	return cop__sql_rec_list(be, COP_ROP_FLAG_LIST, p, 5, COP_REC_FLAG,
		sizeof(cop_flag_rec), out);
}

/* ---- version 2: moderation actions ---- */

static int action_insert(cop_backend *be, const cop_modaction_rec *a)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(COP_REC_MODACTION, a, p);

	return be->rop(be, COP_ROP_MOD_INS, p, n, NULL);
}

/* A row of COP_ROP_MOD_FORCE: a kind in force, or the member's
 * erasure (-1 erased, -2 not: sys/backend.h). */
static void force_row(void *arg, int64_t kind)
{
	*(unsigned int *)arg |= kind == COP_MODACTION_SUSPEND ?
		COP_MOD_SUSPENDED : kind == COP_MODACTION_SILENCE ?
		COP_MOD_SILENCED : kind == -1 ? COP_MOD_KNOWN | COP_MOD_ERASED :
		kind == -2 ? COP_MOD_KNOWN : 0;
}

static int action_lift(cop_backend *be, const cop_id *member,
	const cop_id *community, int kind, cop_time now, unsigned int *count)
{
	cop_val p[5];

	p[0] = cop__v_id(member);
	p[1] = cop__v_id(community ? community : &cop__nil_id);
	p[2] = cop__v_int(kind);
	p[3] = cop__v_int(now);
	p[4] = cop__v_int(now);
	return cop__sql_count_rows(be, COP_ROP_MOD_LIFT, p, 5, count);
}

static int action_force(cop_backend *be, const cop_id *member,
	const cop_id *community, cop_time now, unsigned int *out)
{
	cop_val p[3];

	*out = 0;
	p[0] = cop__v_id(member);
	p[1] = cop__v_id(community ? community : &cop__nil_id);
	p[2] = cop__v_int(now);
	return cop__sql_each_int(be, COP_ROP_MOD_FORCE, p, 3, force_row, out);
}

static int action_list(cop_backend *be, const cop_modaction_query *q,
	cop_backend_iter **out)
{
	return cop__sql_list_desc(be, COP_ROP_MOD_LIST, &q->community,
		q->has_after, q->after_start, &q->after_id, q->limit,
		COP_REC_MODACTION, sizeof(cop_modaction_rec), out);
}

const cop_backend_moderation cop__sql_moderation = {
	COP_BACKEND_MODERATION_VERSION, flag_insert, flag_get, flag_find,
	flag_resolve, flag_list, action_insert, action_lift, action_force,
	action_list
};
