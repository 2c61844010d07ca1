/*
 * sql/facilitation.c: the facilitation interface (sys/backend.h's
 * cop_backend_facilitation: the facilitator's queue, its thresholds and
 * summary coverage; the health scorecard's thresholds) written once over a backend's rop() and the shared
 * statements of recognition_sql.h.  The SQL backends hand it out as
 * their table; the core uses it for backends of versions 2 to 6.
 */
#include <stdint.h>
#include "sql/sql.h"

static int threshold_get(cop_backend *be, const cop_id *community, int kind,
	int64_t *seconds)
{
	return cop__sql_run_int(be, COP_ROP_Q_CONF_GET, seconds, "in",
		community, (int64_t)kind);
}

static int threshold_put(cop_backend *be, const cop_id *community, int kind,
	int64_t seconds)
{
	return cop__sql_run(be, COP_ROP_Q_CONF_PUT, "inn", community,
		(int64_t)kind, seconds);
}

static int queue_list(cop_backend *be, const cop_queue_query *q,
	cop_backend_iter **out)
{
	cop_val p[5 + COP_QUEUE_KINDS_STORED];
	unsigned int i, n = 0;

	p[n++] = cop__v_id(&q->community);
	/* $2 to $8: kinds 0 to 6; kind 7 (events) came later, as $13. */
	for (i = 0; i < 7; i++)
		p[n++] = cop__v_int(q->cutoff[i]);
	/* Without a bound: below every row (a nil id is sent as its bytes). */
	p[n++] = cop__v_int(q->has_after ? q->after_since : INT64_MIN);
	p[n++] = cop__v_int(q->has_after ? q->after_kind : -1);
	p[n++] = cop__v_key(q->has_after ? &q->after_id : &cop__nil_id);
	p[n++] = cop__v_int(q->limit ? (int64_t)q->limit : INT32_MAX);
	p[n++] = cop__v_int(q->cutoff[7]);
	return cop__sql_rec_list(be, COP_ROP_Q_LIST, p, n, COP_REC_QUEUE,
		sizeof(cop_queue_rec), out);
}

static int coverage(cop_backend *be, const cop_id *community,
	int hidden_too, cop_time idle_cutoff, int64_t *total, int64_t *covered)
{
	cop_backend_iter *it = NULL;
	cop_val p[3];
	cop_row row;
	int rc;

	*total = *covered = 0;
	p[0] = cop__v_id(community);
	p[1] = cop__v_int(hidden_too != 0);
	p[2] = cop__v_int(idle_cutoff);
	if ((rc = be->rop(be, COP_ROP_Q_COVERAGE, p, 3, &it)) != COP_OK)
		return rc;
	if ((rc = it->next(it, &row)) == COP_OK) {
		*total = cop__r_int(&row, 0);
		*covered = cop__r_int(&row, 1);
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int thresholds_get(cop_backend *be, const cop_id *community,
	int64_t *seconds, unsigned int n)
{
	cop_backend_iter *it = NULL;
	cop_val p[1];
	cop_row row;
	unsigned int k;
	int rc;

	for (k = 0; k < n; k++)
		seconds[k] = -1;
	p[0] = cop__v_id(community);
	if ((rc = be->rop(be, COP_ROP_Q_CONF_ALL, p, 1, &it)) != COP_OK)
		return rc;
	while ((rc = it->next(it, &row)) == COP_OK) {
		int64_t kind = cop__r_int(&row, 0);

		if (kind >= 0 && (uint64_t)kind < n)
			seconds[kind] = cop__r_int(&row, 1);
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int health_get(cop_backend *be, const cop_id *community,
	const char *indicator, int64_t *good, int64_t *poor)
{
	cop_backend_iter *it = NULL;
	cop_val p[2];
	cop_row row;
	int rc;

	*good = *poor = 0;
	p[0] = cop__v_id(community);
	p[1] = cop__v_text(indicator);
	if ((rc = be->rop(be, COP_ROP_H_CONF_GET, p, 2, &it)) != COP_OK)
		return rc;
	if ((rc = it->next(it, &row)) == COP_OK) {
		*good = cop__r_int(&row, 0);
		*poor = cop__r_int(&row, 1);
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_ENOTFOUND : rc;
}

static int health_put(cop_backend *be, const cop_id *community,
	const char *indicator, int64_t good, int64_t poor)
{
	return cop__sql_run(be, COP_ROP_H_CONF_PUT, "itnn", community,
		indicator, good, poor);
}

static int health_del(cop_backend *be, const cop_id *community,
	const char *indicator)
{
	return cop__sql_run(be, COP_ROP_H_CONF_DEL, "it", community,
		indicator);
}

const cop_backend_facilitation cop__sql_facilitation = {
	COP_BACKEND_FACILITATION_VERSION, threshold_get, threshold_put,
	queue_list, coverage, thresholds_get, health_get, health_put,
	health_del
};
