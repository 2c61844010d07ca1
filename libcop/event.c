/*
 * event.c: a community's events, their RSVPs with a waiting list, and
 * attendance (include/cop/event.h, docs/events.md).  The iCalendar of an
 * event and of a community is event_ics.c's.
 *
 * The rules live here: who may create, change and cancel (facilitators,
 * core members, owners, the system), who answers (active members), who
 * records attendance (facilitators, owners, the system), what is bad
 * input, and the waiting list: after every change of answers or
 * capacity, the first waiting yes answers move up into the seats the
 * capacity leaves (promote()).  An event is seen exactly when its
 * community is (visibility.h's rule: the core's check on a lookup, the
 * backend's SQL in listings).  The rows go through the backend's events
 * table (sys/backend.h; the SQL backends: sql/events.c).
 */
#include "recognition/recognition_int.h"
#include "visibility.h"
#include "event_int.h"

static const char *const kind_names[] = { "online", "face-to-face", "hybrid" };
static const char *const rsvp_names[] = { "no", "yes", "maybe" };
static const char *const attendance_names[] = { "none", "attended", "absent" };
COP__ENUM_NAMES(cop_event_kind, cop_event_kind, kind_names)
COP__ENUM_NAMES(cop_rsvp, cop_rsvp, rsvp_names)
static const char *const when_names[] = { "upcoming", "past" };
COP__ENUM_NAMES(cop_attendance, cop_attendance, attendance_names)
COP__ENUM_NAMES(cop_event_when, cop_event_when, when_names)

#define REASON_MAX 500

int cop__event_table(cop_store *s, const cop_backend_events **t)
{
	return COP__FEATURE_GET(s, t, events, cop__sql_events, "event");
}

/* ---- checks ------------------------------------------------------------------ */

/* An optional text: NULL and "" are none. */
static int check_opt(cop_store *s, const char *v, const char *what,
	size_t max)
{
	return cop__check_text(s, v, what, 1, max, 0);
}

static int check_url(cop_store *s, const char *url)
{
	int rc;

	if (!url || !*url)
		return COP_OK;
	if ((rc = check_opt(s, url, "url", COP_EVENT_URL_MAX)) != COP_OK)
		return rc;
	if (strncmp(url, "https://", 8) && strncmp(url, "http://", 7))
		return cop__error(s, COP_EINVAL, "an event's url must start "
			"with http:// or https://");
	return COP_OK;
}

/* Every field of @p sp, before anything is read or written. */
static int spec_check(cop_store *s, const cop_event_spec *sp)
{
	int rc;

	if (!sp)
		return cop__error(s, COP_EINVAL, "event spec is NULL");
	if (sp->version != COP_EVENT_SPEC_VERSION)
		return cop__error(s, COP_EINVAL, "unsupported cop_event_spec "
			"version %u", sp->version);
	if (!cop_event_kind_name(sp->kind))
		return cop__error(s, COP_EINVAL, "unknown event kind %d",
			(int)sp->kind);
	if ((rc = cop__check_text(s, sp->title, "title", 0,
			COP_EVENT_TITLE_MAX, 0)) != COP_OK ||
	    (rc = cop__check_text(s, sp->body, "body", 1, COP_EVENT_BODY_MAX,
			COP_EVENT_BODY_MAX)) != COP_OK ||
	    (rc = check_opt(s, sp->place, "place", COP_EVENT_PLACE_MAX))
			!= COP_OK ||
	    (rc = check_url(s, sp->url)) != COP_OK)
		return rc;
	if (sp->end <= sp->start)
		return cop__error(s, COP_EINVAL, "an event must end after it "
			"starts");
	if (sp->tz && (rc = cop__check_text(s, sp->tz, "time zone", 0, 64, 0))
			!= COP_OK)
		return rc;
	if (sp->tz && !cop_event_tz_valid(sp->tz))
		return cop__error(s, COP_EINVAL, "unknown time zone '%s'", sp->tz);
	if (sp->capacity < 0)
		return cop__error(s, COP_EINVAL, "an event's capacity cannot be "
			"below zero (0: unlimited)");
	if (sp->capacity > COP_EVENT_CAPACITY_MAX)
		return cop__error(s, COP_EINVAL, "an event's capacity is at most "
			"%d", COP_EVENT_CAPACITY_MAX);
	return COP_OK;
}

/* @p e's fields from @p sp (its strings borrowed). */
static void spec_apply(cop_event_rec *e, const cop_event_spec *sp)
{
	e->kind = sp->kind;
	e->title = (char *)sp->title;
	e->body = (char *)(sp->body ? sp->body : "");
	e->place = (char *)(sp->place && *sp->place ? sp->place : NULL);
	e->url = (char *)(sp->url && *sp->url ? sp->url : NULL);
	e->tz = (char *)(sp->tz ? sp->tz : "UTC");
	e->start = sp->start;
	e->end = sp->end;
	e->capacity = sp->capacity;
}

/* May the actor, with access @p acc, create, change and cancel events
 * there: facilitators, core members and owners (active, not restrained
 * by moderation), the system. */
static int organiser_check(cop_store *s, const cop__access *acc,
	const char *what)
{
	if (acc->system || acc->is_facilitator ||
	    (acc->can_post && acc->role >= COP_ROLE_CORE))
		return COP_OK;
	return cop__error(s, COP_EPERM, "only facilitators, core members and "
		"owners may %s", what);
}

int cop__event_load(cop_store *s, const cop_backend_events *t,
	const char *text, cop_id *eid, cop_event_rec *e, cop__access *acc)
{
	cop_community_rec c;
	cop_key key;
	int rc;

	memset(e, 0, sizeof(*e));
	if ((rc = cop__id_arg(s, eid, text, "event")) != COP_OK)
		return rc;
	rc = t->event_get(s->be, eid, cop__actor(s), e);
	if (rc == COP_ENOTFOUND)
		return cop__missing(s, "event");
	if (rc != COP_OK) {
		cop_rec_clear(COP_REC_EVENT, e);
		return cop__be_error(s, rc, "reading an event");
	}
	memset(&key, 0, sizeof(key));
	key.id = e->community_id;
	rc = cop__rec_get(s, COP_REC_COMMUNITY, &key, &c);
	if (rc == COP_ENOTFOUND)
		rc = cop__missing(s, "event");
	if (rc == COP_OK) {
		rc = cop__community_access(s, &c.id, c.visibility, acc);
		cop_rec_clear(COP_REC_COMMUNITY, &c);
	}
	/* Not seen: as not there (nothing of it in the message). */
	if (rc == COP_OK && !acc->visible)
		rc = cop__missing(s, "event");
	if (rc != COP_OK)
		cop_rec_clear(COP_REC_EVENT, e);
	return rc;
}

/* Move the first waiting yes answers of event @p eid up into the seats
 * its capacity leaves (all of them when it is unlimited). */
static int promote(cop_store *s, const cop_backend_events *t,
	const cop_id *eid)
{
	cop_event_rec e;
	unsigned int moved = 0;
	int64_t n;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((rc = t->event_get(s->be, eid, NULL, &e)) != COP_OK)
		return cop__be_error(s, rc, "reading an event");
	n = e.capacity == 0 ? e.waiting : e.capacity - e.yes;
	if (n > e.waiting)
		n = e.waiting;
	cop_rec_clear(COP_REC_EVENT, &e);
	if (n <= 0)
		return COP_OK;
	if ((rc = t->rsvp_promote(s->be, eid, (unsigned int)n, &moved))
			!= COP_OK)
		return cop__be_error(s, rc, "moving up the waiting list");
	return COP_OK;
}

/* ---- create, change, cancel ------------------------------------------------------ */

int cop_event_create(cop_event **out, cop_store *s, const char *community,
	const cop_event_spec *sp)
{
	const cop_backend_events *t;
	cop_community_rec c;
	cop__access acc;
	cop_event_rec e;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__event_table(s, &t)) != COP_OK ||
	    (rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = spec_check(s, sp)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&e, 0, sizeof(e));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK)
		rc = organiser_check(s, &acc, "create events");
	if (rc == COP_OK)
		rc = cop__id_new_now(s, &e.id, &e.changed);
	if (rc == COP_OK) {
		spec_apply(&e, sp);
		e.community_id = c.id;
		if (s->has_actor)
			e.creator_id = s->actor;
		e.reason = (char *)"";
		e.answer = -1;
		if ((rc = t->event_insert(s->be, &e)) != COP_OK)
			rc = cop__be_error(s, rc, "creating an event");
	}
	if (rc == COP_OK)
		rc = cop__log(s, "event.create", &e.id, &c.id);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return cop__write_end_out(s, rc, COP_REC_EVENT, &e, out);
}

/* The end of a change to event @p eid: its change-log entry @p op, then
 * (for @p out) the event read again, with its counts. */
static int change_end(cop_store *s, const cop_backend_events *t, int rc,
	const cop_id *eid, const cop_id *cid, const char *op, cop_event **out)
{
	cop_event_rec e;

	memset(&e, 0, sizeof(e));
	if (rc == COP_OK)
		rc = cop__log(s, op, eid, cid);
	if (rc == COP_OK && out &&
	    (rc = t->event_get(s->be, eid, cop__actor(s), &e)) != COP_OK)
		rc = cop__be_error(s, rc, "reading an event");
	rc = cop__write_end_out(s, rc, COP_REC_EVENT, &e, out);
	cop_rec_clear(COP_REC_EVENT, &e);
	return rc;
}

int cop_event_update(cop_event **out, cop_store *s, const char *event_id,
	const cop_event_spec *sp)
{
	const cop_backend_events *t;
	cop__access acc;
	cop_event_rec e, n;
	cop_id eid;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__event_table(s, &t)) != COP_OK ||
	    (rc = spec_check(s, sp)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__event_load(s, t, event_id, &eid, &e, &acc);
	if (rc == COP_OK)
		rc = organiser_check(s, &acc, "change events");
	if (rc == COP_OK && e.cancelled)
		rc = cop__error(s, COP_EINVAL, "event %s is cancelled", event_id);
	if (rc == COP_OK) {
		n = e;
		spec_apply(&n, sp);
		n.sequence++;
		n.changed = cop__now(s);
		if ((rc = t->event_update(s->be, &n)) != COP_OK)
			rc = cop__be_error(s, rc, "changing an event");
	}
	if (rc == COP_OK)
		rc = promote(s, t, &eid);
	rc = change_end(s, t, rc, &eid, &e.community_id, "event.update", out);
	cop_rec_clear(COP_REC_EVENT, &e);
	return rc;
}

int cop_event_cancel(cop_store *s, const char *event_id, const char *reason)
{
	const cop_backend_events *t;
	cop__access acc;
	cop_event_rec e;
	char *own;
	cop_id eid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__event_table(s, &t)) != COP_OK ||
	    (rc = cop__check_text(s, reason, "reason", 0, REASON_MAX, 0))
			!= COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__event_load(s, t, event_id, &eid, &e, &acc);
	if (rc == COP_OK)
		rc = organiser_check(s, &acc, "cancel events");
	if (rc == COP_OK && e.cancelled)
		rc = cop__error(s, COP_EINVAL, "event %s is already cancelled",
			event_id);
	if (rc == COP_OK) {
		own = e.reason;
		e.reason = (char *)reason;
		e.cancelled = e.changed = cop__now(s);
		e.sequence++;
		if ((rc = t->event_update(s->be, &e)) != COP_OK)
			rc = cop__be_error(s, rc, "cancelling an event");
		e.reason = own;
	}
	rc = change_end(s, t, rc, &eid, &e.community_id, "event.cancel", NULL);
	cop_rec_clear(COP_REC_EVENT, &e);
	return rc;
}

int cop__event_read(cop_store *s, int has_out, const char *text,
	cop_event_rec *e)
{
	const cop_backend_events *t;
	cop__access acc;
	cop_id eid;
	int rc;

	memset(e, 0, sizeof(*e));
	if ((rc = cop__check_out(s, has_out)) != COP_OK ||
	    (rc = cop__event_table(s, &t)) != COP_OK)
		return rc;
	return cop__event_load(s, t, text, &eid, e, &acc);
}

int cop_event_lookup(cop_event **out, cop_store *s, const char *event_id)
{
	cop_event_rec e;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = cop__event_read(s, out != NULL, event_id, &e)) != COP_OK)
		return rc;
	*out = cop__wrap_result(s, &rc, COP_REC_EVENT, &e);
	return rc;
}

/* ---- answers and attendance ------------------------------------------------------- */

/* The row of (@p eid, @p mid) into *r, or a new one (no answer, no
 * attendance) in community @p cid. */
static int rsvp_read(cop_store *s, const cop_backend_events *t,
	const cop_id *eid, const cop_id *mid, const cop_id *cid, cop_rsvp_rec *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	rc = t->rsvp_get(s->be, eid, mid, r);
	if (rc == COP_ENOTFOUND) {
		memset(r, 0, sizeof(*r));
		r->event_id = *eid;
		r->member_id = *mid;
		r->community_id = *cid;
		r->answer = -1;
		return COP_OK;
	}
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "reading an RSVP");
}

/* Refuse what cannot change any more: a cancelled event, and one that
 * has ended (@p started 0) or not started yet (@p started 1). */
static int when_check(cop_store *s, const cop_event_rec *e, const char *text,
	int started)
{
	cop_time now = cop__now(s);

	if (e->cancelled)
		return cop__error(s, COP_EINVAL, "event %s is cancelled", text);
	if (!started && e->end <= now)
		return cop__error(s, COP_EINVAL, "event %s has ended", text);
	if (started && e->start > now)
		return cop__error(s, COP_EINVAL, "event %s has not started",
			text);
	return COP_OK;
}

int cop_event_rsvp(cop_store *s, const char *event_id, cop_rsvp answer,
	int *waiting)
{
	const cop_backend_events *t;
	cop__access acc;
	cop_event_rec e;
	cop_rsvp_rec r;
	cop_id eid;
	int rc;

	if (waiting)
		*waiting = 0;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__event_table(s, &t)) != COP_OK)
		return rc;
	if (!cop_rsvp_name(answer))
		return cop__error(s, COP_EINVAL, "an answer is yes, no or maybe");
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system does not answer "
			"events: set a member as the actor");
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	rc = cop__event_load(s, t, event_id, &eid, &e, &acc);
	if (rc == COP_OK && (!acc.has_membership ||
	    acc.status != COP_MEMBERSHIP_ACTIVE || acc.restrained))
		rc = cop__error(s, COP_EPERM, "only active members of its "
			"community answer an event");
	if (rc == COP_OK)
		rc = when_check(s, &e, event_id, 0);
	if (rc == COP_OK)
		rc = rsvp_read(s, t, &eid, &s->actor, &e.community_id, &r);
	if (rc == COP_OK && r.answer == (int)answer) {
		/* As before: nothing changes, a waiting yes keeps its place. */
		if (waiting)
			*waiting = r.waiting;
		cop_rec_clear(COP_REC_EVENT, &e);
		return cop__write_done(s, rc);
	}
	if (rc == COP_OK) {
		r.answer = answer;
		r.answered = cop__now(s);
		r.waiting = answer == COP_RSVP_YES && e.capacity > 0 &&
			e.yes >= e.capacity;
		if ((rc = t->rsvp_put(s->be, &r)) != COP_OK)
			rc = cop__be_error(s, rc, "answering an event");
	}
	if (rc == COP_OK)
		rc = promote(s, t, &eid);
	if (rc == COP_OK && waiting) {
		/* Moved up at once, or still waiting. */
		if ((rc = rsvp_read(s, t, &eid, &s->actor, &e.community_id, &r))
				== COP_OK)
			*waiting = r.waiting;
	}
	if (rc == COP_OK)
		rc = cop__log(s, "event.rsvp", &eid, &e.community_id);
	cop_rec_clear(COP_REC_EVENT, &e);
	rc = cop__write_done(s, rc);
	if (rc != COP_OK && waiting)
		*waiting = 0;
	return rc;
}

/* What attendance changes in the member's recognition: the first
 * attendance's badge, and COP_EVENT_ATTENDED_POINTS for each (taken
 * back when attended becomes absent). */
static int attend_recognition(cop_store *s, const cop_event_rec *e,
	const cop_id *mid, int was, int now)
{
	rctx x;
	int rc;

	if (!HAS_REC(s))
		return COP_OK;
	if ((rc = cop__rec_ctx_init(&x, s, &e->community_id, NULL)) != COP_OK)
		return rc;
	if (now == COP_ATTENDANCE_ATTENDED) {
		rc = cop__rec_ledger_add(&x, mid, COP_EVENT_ATTENDED_POINTS,
			COP_REP_ATTENDED, &e->id, 0, NULL);
		if (rc == COP_OK)
			rc = cop__rec_badge_give(&x, mid, COP_BADGE_EVENT_ATTENDEE,
				&e->id, NULL);
	} else if (was == COP_ATTENDANCE_ATTENDED) {
		rc = cop__rec_ledger_reverse(&x, mid, COP_EVENT_ATTENDED_POINTS,
			&e->id);
	}
	return rc == COP_OK ? cop__rec_ctx_flush(&x) : rc;
}

/* Member @p mid (@p text) of the event's community: a membership that
 * has not ended. */
static int member_of(cop_store *s, const cop_id *cid, const cop_id *mid,
	const char *text)
{
	cop_membership_rec m;
	cop_key key;
	int rc;

	memset(&key, 0, sizeof(key));
	key.id = *cid;
	key.id2 = *mid;
	rc = cop__rec_get(s, COP_REC_MEMBERSHIP, &key, &m);
	if (rc == COP_OK && m.status == COP_MEMBERSHIP_LEFT)
		rc = COP_ENOTFOUND;
	cop_rec_clear(COP_REC_MEMBERSHIP, &m);
	if (rc == COP_ENOTFOUND)
		return cop__error(s, rc, "%s is not a member of the event's "
			"community", text);
	return rc;
}

int cop_event_attend(cop_store *s, const char *event_id, const char *member,
	cop_attendance attendance)
{
	const cop_backend_events *t;
	cop__access acc;
	cop_event_rec e;
	cop_rsvp_rec r;
	cop_id eid, mid;
	int rc, was = 0;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__event_table(s, &t)) != COP_OK)
		return rc;
	if (attendance != COP_ATTENDANCE_ATTENDED &&
	    attendance != COP_ATTENDANCE_ABSENT)
		return cop__error(s, COP_EINVAL, "attendance is attended or "
			"absent");
	if (!member || !*member)
		return cop__error(s, COP_EINVAL, "member is required");
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__event_load(s, t, event_id, &eid, &e, &acc);
	if (rc == COP_OK && !acc.system && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators, owners and the "
			"system record attendance");
	if (rc == COP_OK)
		rc = when_check(s, &e, event_id, 1);
	if (rc == COP_OK)
		rc = cop__rec_member_resolve(s, member, &mid);
	if (rc == COP_OK)
		rc = member_of(s, &e.community_id, &mid, member);
	if (rc == COP_OK)
		rc = rsvp_read(s, t, &eid, &mid, &e.community_id, &r);
	if (rc == COP_OK && r.attendance != (int)attendance) {
		was = r.attendance;
		r.attendance = attendance;
		r.recorded = cop__now(s);
		if ((rc = t->rsvp_put(s->be, &r)) != COP_OK)
			rc = cop__be_error(s, rc, "recording attendance");
		if (rc == COP_OK)
			rc = attend_recognition(s, &e, &mid, was, attendance);
		if (rc == COP_OK)
			rc = cop__log(s, "event.attend", &eid, &e.community_id);
	}
	cop_rec_clear(COP_REC_EVENT, &e);
	return cop__write_done(s, rc);
}

/* ---- listings ------------------------------------------------------------------------ */

/* A listed record into an event and its keyset key (start, id). */
static int event_make(cop_store *s, void *rec, void **obj, cop__key *key)
{
	const cop_event_rec *r = rec;

	key->num = r->start;
	key->id = r->id;
	return cop__wrap_borrowed(s, COP_REC_EVENT, rec, obj);
}

/* The listing *arg (a cop_event_query) with the page's bound. */
static int list_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	cop_event_query eq = *(const cop_event_query *)arg;
	const cop_backend_events *t;
	int rc;

	eq.has_after = q->has_after;
	eq.after_start = q->after_num;
	eq.after_id = q->after_id;
	eq.limit = q->limit;
	if ((rc = cop__event_table(s, &t)) == COP_OK &&
	    (rc = t->event_list(s->be, &eq, bi)) != COP_OK)
		rc = cop__be_error(s, rc, "listing events");
	return rc;
}

int cop__event_iter(cop__iter **out, cop_store *s, cop_event_query *q,
	const cop_page *page)
{
	int rc;

	q->viewer = cop__actor(s);
	q->now = cop__now(s);
	if ((rc = cop__iter_typed(out, s, page, COP_REC_EVENT, list_open, q,
			event_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

int cop_event_iter_new(cop_event_iter **out, cop_store *s,
	const char *community, cop_event_when when, const cop_page *page)
{
	const cop_backend_events *t;
	cop_community_rec c;
	cop_event_query q;
	cop__access acc;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__event_table(s, &t)) != COP_OK)
		return rc;
	if (when != COP_EVENTS_UPCOMING && when != COP_EVENTS_PAST)
		return cop__error(s, COP_EINVAL, "unknown listing of events %d",
			(int)when);
	if ((rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	memset(&q, 0, sizeof(q));
	q.which = when == COP_EVENTS_PAST ? COP_EVQ_PAST : COP_EVQ_UPCOMING;
	q.community = c.id;
	if (s->has_actor)
		q.member = s->actor;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return cop__event_iter((cop__iter **)out, s, &q, page);
}

int cop_member_event_iter_new(cop_event_iter **out, cop_store *s,
	const char *member, const cop_page *page)
{
	const cop_backend_events *t;
	cop_event_query q;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__event_table(s, &t)) != COP_OK)
		return rc;
	if (!member || !*member)
		return cop__error(s, COP_EINVAL, "member is required");
	memset(&q, 0, sizeof(q));
	if ((rc = cop__rec_member_resolve(s, member, &q.member)) != COP_OK)
		return rc;
	if (s->has_actor && !cop__same_id(&s->actor, &q.member))
		return cop__error(s, COP_EPERM, "a member's events are listed "
			"for that member and the system");
	q.which = COP_EVQ_MEMBER;
	return cop__event_iter((cop__iter **)out, s, &q, page);
}

COP__ITER_FNS(cop_event, cop_event)

/* ---- getters ------------------------------------------------------------------------- */

COP__FREE_FN(cop_event)
COP__GETTER_ID(cop_event, id)
COP__GETTER_ID(cop_event, community_id)
COP__GETTER_ID(cop_event, creator_id)
COP__GETTER_GET(cop_event, kind, cop_event_kind, COP_EVENT_ONLINE)
COP__GETTER_TEXT(cop_event, title)
COP__GETTER_TEXT(cop_event, body)
COP__GETTER_OPT(cop_event, place)
COP__GETTER_OPT(cop_event, url)
COP__GETTER_TEXT(cop_event, tz)
COP__GETTER(cop_event, start, cop_time, 0)
COP__GETTER(cop_event, end, cop_time, 0)
COP__GETTER(cop_event, capacity, int, 0)
COP__GETTER(cop_event, changed, cop_time, 0)
COP__GETTER(cop_event, sequence, int, 0)
COP__GETTER(cop_event, cancelled, cop_time, 0)
COP__GETTER_FN(cop_event_cancel_reason, cop_event, const char *, o->r.reason,
	NULL)
COP__GETTER_FN(cop_event_yes_count, cop_event, int64_t, o->r.yes, 0)
COP__GETTER_FN(cop_event_maybe_count, cop_event, int64_t, o->r.maybe, 0)
COP__GETTER_FN(cop_event_waiting_count, cop_event, int64_t, o->r.waiting, 0)
COP__GETTER_FN(cop_event_attended_count, cop_event, int64_t, o->r.attended,
	0)
COP__GETTER(cop_event, answer, int, -1)
COP__GETTER(cop_event, answer_waiting, int, 0)
