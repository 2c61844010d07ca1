/*
 * sql/history.c: a thread's history (sys/backend.h's cop_backend_history:
 * title and tag changes, closing, reopening, locking, ... with who and
 * when) written once over a backend's rop() and the shared statements of
 * recognition_sql.h.  The SQL backends hand it out as their table; the
 * core uses it for backends of versions 2 to 9, which have rop() but no
 * history table.
 */
#include <stdint.h>
#include "sql/sql.h"

static int history_add(cop_backend *be, const cop_thread_change_rec *e,
	int *number)
{
	int64_t n = 0;
	int rc;

	/* No number wanted: no answer to wait for (a backend may send the
	 * insert later; the insert either adds its row or fails). */
	if (!number)
		return cop__sql_run(be, COP_ROP_HIST_INS, "iinttint",
			&e->thread_id, &e->community_id, (int64_t)e->kind,
			e->old_value, e->new_value, &e->actor_id,
			(int64_t)e->created, e->comment);
	rc = cop__sql_run_int(be, COP_ROP_HIST_INS, &n, "iinttint",
		&e->thread_id, &e->community_id, (int64_t)e->kind, e->old_value,
		e->new_value, &e->actor_id, (int64_t)e->created, e->comment);
	if (rc == COP_ENOTFOUND)        /* no row back: not numbered */
		rc = COP_EIO;
	if (number)
		*number = rc == COP_OK ? (int)n : 0;
	return rc;
}

static int history_list(cop_backend *be, const cop_id *thread, int after,
	unsigned int limit, cop_backend_iter **out)
{
	cop_val p[3];

	p[0] = cop__v_id(thread);
	p[1] = cop__v_int(after);
	p[2] = cop__v_int(limit ? (int64_t)limit : INT32_MAX);
	return cop__sql_rec_list(be, COP_ROP_HIST_LIST, p, 3,
		COP_REC_THREAD_CHANGE, sizeof(cop_thread_change_rec), out);
}

const cop_backend_history cop__sql_history = {
	COP_BACKEND_HISTORY_VERSION, history_add, history_list
};
