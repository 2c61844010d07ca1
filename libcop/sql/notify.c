/*
 * sql/notify.c: the notification interface (sys/backend.h's
 * cop_backend_notify: follows, notifications, a member's feed) written
 * once over a backend's rop() and the shared statements of
 * recognition_sql.h.  The SQL backends hand it out as their table; the
 * core uses it for backends of versions 2 to 6, which have rop() but no
 * notification table.
 */
#include <stdint.h>
#include "sql/sql.h"

/* Run @p op; *count receives how many rows it gave. */
static int count_rows(cop_backend *be, int op, const cop_val *p,
	unsigned int n, unsigned int *count)
{
	*count = 0;
	return cop__sql_each_int(be, op, p, n, cop__sql_count_row, count);
}

static int follow_put(cop_backend *be, const cop_follow_rec *f)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(COP_REC_FOLLOW, f, p);

	return be->rop(be, COP_ROP_FOLLOW_PUT, p, n, NULL);
}

static int follow_delete(cop_backend *be, const cop_id *member, int kind,
	const cop_id *target, const char *tag, unsigned int *count)
{
	cop_val p[4];

	p[0] = cop__v_id(member);
	p[1] = cop__v_int(kind);
	p[2] = cop__v_id(target);
	p[3] = cop__v_text(tag ? tag : "");
	return count_rows(be, COP_ROP_FOLLOW_DEL, p, 4, count);
}

static int follow_list(cop_backend *be, const cop_follow_query *q,
	cop_backend_iter **out)
{
	cop_val p[4];

	p[0] = cop__v_id(&q->member);
	/* Without a bound: below every row (a nil id is sent as its bytes). */
	p[1] = cop__v_int(q->has_after ? q->after_created : INT64_MIN);
	p[2] = cop__v_key(q->has_after ? &q->after_id : &cop__nil_id);
	p[3] = cop__v_int(q->limit ? (int64_t)q->limit : INT32_MAX);
	return cop__sql_rec_list(be, COP_ROP_FOLLOW_LIST, p, 4, COP_REC_FOLLOW,
		sizeof(cop_follow_rec), out);
}

static int note_put(cop_backend *be, const cop_notification_rec *x,
	const char *tags)
{
	cop_val p[COP_ROW_MAX + 1];
	unsigned int n = cop__sql_rec_vals(COP_REC_NOTIFICATION, x, p);

	if (!tags)
		return be->rop(be, COP_ROP_NOTE_INS, p, n, NULL);
	p[n] = cop__v_text(tags);
	return be->rop(be, COP_ROP_NOTE_ONE, p, n + 1, NULL);
}

static int note_fanout(cop_backend *be, const cop_notification_rec *x,
	const char *tags, int first)
{
	return cop__sql_run(be, COP_ROP_NOTE_FANOUT, "iniiiintn", &x->id,
		(int64_t)x->kind, &x->community_id, &x->thread_id,
		&x->contribution_id, &x->actor_id, (int64_t)x->created, tags,
		(int64_t)(first ? 1 : 0));
}

static int note_list(cop_backend *be, const cop_notification_query *q,
	cop_backend_iter **out)
{
	static const cop_id top = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	cop_val p[4];

	p[0] = cop__v_id(&q->member);
	p[1] = cop__v_int(q->unread ? 1 : 0);
	/* Without a bound: above every row. */
	p[2] = cop__v_key(q->has_after ? &q->after_id : &top);
	p[3] = cop__v_int(q->limit ? (int64_t)q->limit : INT32_MAX);
	return cop__sql_rec_list(be, COP_ROP_NOTE_LIST, p, 4,
		COP_REC_NOTIFICATION, sizeof(cop_notification_rec), out);
}

static int note_count(cop_backend *be, const cop_id *member, int unread,
	uint64_t *out)
{
	int64_t v = 0;
	int rc = cop__sql_run_int(be, COP_ROP_NOTE_COUNT, &v, "in", member,
		(int64_t)(unread ? 1 : 0));

	*out = rc == COP_OK ? (uint64_t)v : 0;
	return rc;
}

static int note_mark(cop_backend *be, const cop_id *member, const cop_id *id,
	cop_time now, unsigned int *count)
{
	cop_val p[3];

	p[0] = cop__v_id(member);
	if (!id) {
		p[1] = cop__v_int(now);
		return count_rows(be, COP_ROP_NOTE_MARK_ALL, p, 2, count);
	}
	p[1] = cop__v_id(id);
	p[2] = cop__v_int(now);
	return count_rows(be, COP_ROP_NOTE_MARK, p, 3, count);
}

static int forget(cop_backend *be, const cop_id *member)
{
	int rc = cop__sql_run(be, COP_ROP_FOLLOW_FORGET, "i", member);

	return rc == COP_OK ? cop__sql_run(be, COP_ROP_NOTE_FORGET, "i",
		member) : rc;
}

const cop_backend_notify cop__sql_notify = {
	COP_BACKEND_NOTIFY_VERSION, follow_put, follow_delete, follow_list,
	note_put, note_fanout, note_list, note_count, note_mark, forget
};
