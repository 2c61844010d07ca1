/*
 * sql/funding.c: the funding interface (sys/backend.h's
 * cop_backend_funding: the ledger, its totals, who sees it, hours given)
 * written once over a backend's rop() and the shared statements of
 * recognition_sql.h.  The SQL backends hand it out as their table; the
 * core uses it for backends of versions 2 to 6, which have rop() but no
 * funding table.
 */
#include <stdint.h>
#include "sql/sql.h"

static int entry_insert(cop_backend *be, const cop_fund_rec *e)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(COP_REC_FUND, e, p);

	return be->rop(be, COP_ROP_FUND_INS, p, n, NULL);
}

static int entry_get(cop_backend *be, const cop_id *id, cop_fund_rec *out)
{
	cop_val p[1];

	p[0] = cop__v_id(id);
	return cop__sql_first_rec(be, COP_ROP_FUND_GET, p, 1, COP_REC_FUND,
		out, sizeof(*out));
}

static int entry_receive(cop_backend *be, const cop_id *id, int64_t day)
{
	int64_t one = 0;

	return cop__sql_run_int(be, COP_ROP_FUND_RECEIVE, &one, "in", id, day);
}

static int entry_list(cop_backend *be, const cop_fund_query *q,
	cop_backend_iter **out)
{
	return cop__sql_list_desc(be, COP_ROP_FUND_LIST, &q->community,
		q->has_after, q->after_day, &q->after_id, q->limit, COP_REC_FUND,
		sizeof(cop_fund_rec), out);
}

static int total_add(cop_backend *be, const cop_id *community,
	const char *currency, int64_t month, int kind, int64_t amount)
{
	return cop__sql_run(be, COP_ROP_FUND_TOTAL_ADD, "itnnn", community,
		currency, month, (int64_t)kind, amount);
}

/* Rows of cop_fund_sum_rec from operation @p op over (community, from,
 * to). */
static int sums_of(cop_backend *be, int op, const cop_id *community,
	int64_t from, int64_t to, cop_backend_iter **out)
{
	cop_val p[3];

	p[0] = cop__v_id(community);
	p[1] = cop__v_int(from);
	p[2] = cop__v_int(to);
	return cop__sql_rec_list(be, op, p, 3, COP_REC_FUND_SUM,
		sizeof(cop_fund_sum_rec), out);
}

static int sums(cop_backend *be, const cop_id *community, int64_t from,
	int64_t to, cop_backend_iter **out)
{
	return sums_of(be, COP_ROP_FUND_SUMS, community, from, to, out);
}

static int day_sums(cop_backend *be, const cop_id *community, int64_t from,
	int64_t to, cop_backend_iter **out)
{
	return sums_of(be, COP_ROP_FUND_DAY_SUMS, community, from, to, out);
}

static int config_get(cop_backend *be, const cop_id *community, int *out)
{
	int64_t v = 0;
	int rc = cop__sql_run_int(be, COP_ROP_FUND_CONFIG_GET, &v, "i",
		community);

	*out = rc == COP_OK ? (int)v : 0;
	return rc == COP_ENOTFOUND ? COP_OK : rc;
}

static int config_set(cop_backend *be, const cop_id *community,
	int visibility)
{
	return cop__sql_run(be, COP_ROP_FUND_CONFIG_SET, "in", community,
		(int64_t)visibility);
}

static int hours_set(cop_backend *be, const cop_hours_rec *h)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(COP_REC_HOURS, h, p);

	return be->rop(be, COP_ROP_HOURS_SET, p, n, NULL);
}

static int hours_get(cop_backend *be, const cop_id *community, int64_t month,
	const cop_id *member, cop_hours_rec *out)
{
	cop_val p[3];

	p[0] = cop__v_id(community);
	p[1] = cop__v_int(month);
	p[2] = cop__v_id(member);
	return cop__sql_first_rec(be, COP_ROP_HOURS_GET, p, 3, COP_REC_HOURS,
		out, sizeof(*out));
}

static int hours_rows(cop_backend *be, const cop_id *community, int64_t from,
	int64_t to, int by, cop_backend_iter **out)
{
	static const int ops[] = { COP_ROP_HOURS_TOTAL, COP_ROP_HOURS_BY_MEMBER,
		COP_ROP_HOURS_BY_ORG };
	cop_val p[3];

	if (by < 0 || by > COP_HOURS_ROWS_ORG)
		return COP_ENOTSUP;
	p[0] = cop__v_id(community);
	p[1] = cop__v_int(from);
	p[2] = cop__v_int(to);
	return cop__sql_rec_list(be, ops[by], p, 3, COP_REC_HOURS_ROW,
		sizeof(cop_hours_row_rec), out);
}

static int hours_rows_seen(cop_backend *be, const cop_id *community,
	int64_t from, int64_t to, const cop_id *viewer, cop_backend_iter **out)
{
	cop_val p[4];

	p[0] = cop__v_id(community);
	p[1] = cop__v_int(from);
	p[2] = cop__v_int(to);
	p[3] = cop__v_id(viewer);
	return cop__sql_rec_list(be, COP_ROP_HOURS_BY_MEMBER_SEEN, p, 4,
		COP_REC_HOURS_ROW, sizeof(cop_hours_row_rec), out);
}

const cop_backend_funding cop__sql_funding = {
	COP_BACKEND_FUNDING_VERSION, entry_insert, entry_get, entry_receive,
	entry_list, total_add, sums, day_sums, config_get, config_set,
	hours_set, hours_get, hours_rows, hours_rows_seen
};
