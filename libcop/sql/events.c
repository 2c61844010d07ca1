/*
 * sql/events.c: the events interface (sys/backend.h's cop_backend_events:
 * events, their RSVPs and attendance) written once over a backend's rop()
 * and the shared statements of recognition_sql.h.  The SQL backends hand
 * it out as their table; the core uses it for backends of versions 2 to
 * 6, which have rop() but no events table.
 */
#include <stdint.h>
#include "sql/sql.h"

static int event_insert(cop_backend *be, const cop_event_rec *e)
{
	return cop__sql_rec_op(be, COP_ROP_EV_INS, COP_REC_EVENT, e);
}

static int event_update(cop_backend *be, const cop_event_rec *e)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(COP_REC_EVENT, e, p), count;
	int rc = cop__sql_count_rows(be, COP_ROP_EV_UPD, p, n, &count);

	return rc == COP_OK && !count ? COP_ENOTFOUND : rc;
}

static int event_get(cop_backend *be, const cop_id *id, const cop_id *member,
	cop_event_rec *out)
{
	cop_val p[2];

	p[0] = cop__v_id(id);
	p[1] = cop__v_id(member ? member : &cop__nil_id);
	return cop__sql_first_rec(be, COP_ROP_EV_GET, p, 2, COP_REC_EVENT, out,
		sizeof(*out));
}

static int event_list(cop_backend *be, const cop_event_query *q,
	cop_backend_iter **out)
{
	static const cop_id top = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	int desc = q->which == COP_EVQ_PAST || q->which == COP_EVQ_MEMBER;
	cop_time ends_above = INT64_MIN, ends_max = INT64_MAX;
	cop_time starts_from = INT64_MIN, starts_before = INT64_MAX;
	cop_val p[13];

	switch (q->which) {
	case COP_EVQ_UPCOMING: ends_above = q->now; break;
	case COP_EVQ_PAST: case COP_EVQ_UNRECORDED: ends_max = q->now; break;
	case COP_EVQ_MEMBER: break;
	case COP_EVQ_WINDOW:
		starts_from = q->t0;
		starts_before = q->t1;
		break;
	default:
		return COP_ENOTSUP;
	}
	p[0] = cop__v_id(&q->community);
	p[1] = cop__v_id(q->viewer ? q->viewer : &cop__nil_id);
	p[2] = cop__v_id(&q->member);
	p[3] = cop__v_int(ends_above);
	p[4] = cop__v_int(ends_max);
	p[5] = cop__v_int(starts_from);
	p[6] = cop__v_int(starts_before);
	p[7] = cop__v_int(q->which == COP_EVQ_MEMBER);
	p[8] = cop__v_int(q->which == COP_EVQ_UNRECORDED);
	p[9] = cop__v_int(q->which == COP_EVQ_WINDOW);
	/* Without a bound: before every row in the listing's order. */
	p[10] = cop__v_int(q->has_after ? q->after_start :
		desc ? INT64_MAX : INT64_MIN);
	p[11] = cop__v_key(q->has_after ? &q->after_id :
		desc ? &top : &cop__nil_id);
	p[12] = cop__v_int(q->limit ? (int64_t)q->limit : INT32_MAX);
	return cop__sql_rec_list(be, desc ? COP_ROP_EV_LIST_DESC :
		COP_ROP_EV_LIST_ASC, p, 13, COP_REC_EVENT, sizeof(cop_event_rec),
		out);
}

static int rsvp_put(cop_backend *be, const cop_rsvp_rec *r)
{
	return cop__sql_rec_op(be, COP_ROP_EV_RSVP_PUT, COP_REC_RSVP, r);
}

static int rsvp_get(cop_backend *be, const cop_id *event,
	const cop_id *member, cop_rsvp_rec *out)
{
	cop_val p[2];

	p[0] = cop__v_id(event);
	p[1] = cop__v_id(member);
	return cop__sql_first_rec(be, COP_ROP_EV_RSVP_GET, p, 2, COP_REC_RSVP,
		out, sizeof(*out));
}

static int rsvp_promote(cop_backend *be, const cop_id *event, unsigned int n,
	unsigned int *count)
{
	cop_val p[2];

	p[0] = cop__v_id(event);
	p[1] = cop__v_int(n);
	return cop__sql_count_rows(be, COP_ROP_EV_PROMOTE, p, 2, count);
}

const cop_backend_events cop__sql_events = {
	COP_BACKEND_EVENTS_VERSION, event_insert, event_update, event_get,
	event_list, rsvp_put, rsvp_get, rsvp_promote
};
