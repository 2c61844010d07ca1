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

/*
 * Who voted is the voter's, the community's moderators' and the
 * system's to see (docs/privacy.md): to any other reader the entry of a
 * vote (vote.cast, vote.retract) names no actor, as the ledger's do.
 */
static int hides_voter(cop_store *s, const cop_log_rec *r)
{
	char cid[COP_ID_TEXT_LEN + 1];
	cop__access acc;
	int moderates = 0;

	if (!s->has_actor || !r->op || strncmp(r->op, "vote.", 5) != 0 ||
	    memcmp(&r->actor_id, &s->actor, sizeof(cop_id)) == 0)
		return 0;
	cop_id_format(cid, &r->community_id);
	if (cop__community_resolve(s, cid, NULL, &acc) != COP_OK ||
	    cop__recognition_allows(s, &r->community_id, &acc,
			COP_PRIV_MODERATE, &moderates) != COP_OK)
		return 1;
	return !moderates;
}

int cop_log_iter_next(cop_log_entry **out, cop_log_iter *it)
{
	cop_log_entry *e;
	void *obj = NULL;
	int rc;

	if (!out)
		return COP_EINVAL;
	*out = NULL;
	if (!it)
		return COP_EINVAL;
	if ((rc = cop__iter_next((cop__iter *)it, &obj)) != COP_OK)
		return rc;
	e = obj;
	if (hides_voter(((cop__iter *)it)->store, &e->r)) {
		memset(&e->r.actor_id, 0, sizeof(e->r.actor_id));
		e->actor_id[0] = '\0';
	}
	cop__ok(((cop__iter *)it)->store);
	*out = e;
	return COP_OK;
}

void cop_log_iter_free(cop_log_iter *it)
{
	if (it)
		cop__iter_free((cop__iter *)it);
}


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
