/*
 * log.c: the change log.
 */
#include <string.h>

#include "internal.h"

int cop_log_iter_new(cop_log_iter **out, cop_store *s, int64_t after_seq,
	unsigned int limit)
{
	cop__iter *it = NULL;
	cop_query q;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK)
		return rc;
	if (after_seq < 0)
		return cop__error(s, COP_EINVAL,
			"after_seq must not be negative");
	memset(&q, 0, sizeof(q));
	q.kind = COP_LIST_LOG;
	q.viewer = cop__actor(s);
	q.has_after = 1;
	q.after_num = after_seq;
	q.limit = limit;
	if ((rc = cop__iter_start(&it, s, &q, NULL)) != COP_OK)
		return rc;
	*out = (cop_log_iter *)it;
	return cop__ok(s);
}

COP__ITER_NEXT_FREE(cop_log, cop_log_entry)


COP__FREE_FN(cop_log_entry)

int64_t cop_log_last_seq(cop_store *s)
{
	int64_t seq = 0;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = s->be->log_last_seq(s->be, &seq)) != COP_OK)
		return cop__be_error(s, rc, "reading the log");
	cop__ok(s);
	return seq;
}

COP__GETTER(cop_log_entry, seq, int64_t, 0)
COP__GETTER(cop_log_entry, time, cop_time, 0)
COP__GETTER_ID(cop_log_entry, actor_id)
COP__GETTER_TEXT(cop_log_entry, op)
COP__GETTER_ID(cop_log_entry, object_id)
COP__GETTER_ID(cop_log_entry, community_id)
