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

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
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


void cop_log_entry_free(cop_log_entry *e)
{
	if (!e)
		return;
	cop_free(e);   /* one block: the object and its strings */
}

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

int64_t cop_log_entry_seq(const cop_log_entry *e)
{
	return e ? e->r.seq : 0;
}

cop_time cop_log_entry_time(const cop_log_entry *e)
{
	return e ? e->r.time : 0;
}

const char *cop_log_entry_actor_id(const cop_log_entry *e)
{
	return e ? cop__lazy_id((char *)e->actor_id, &e->r.actor_id) : NULL;
}

const char *cop_log_entry_op(const cop_log_entry *e)
{
	return e ? e->r.op : NULL;
}

const char *cop_log_entry_object_id(const cop_log_entry *e)
{
	return e ? cop__lazy_id((char *)e->object_id, &e->r.object_id) : NULL;
}

const char *cop_log_entry_community_id(const cop_log_entry *e)
{
	return e ? cop__lazy_id((char *)e->community_id, &e->r.community_id) : NULL;
}
