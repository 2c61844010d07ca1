/*
 * thread.c: discussion threads.
 */
#include <string.h>

#include "internal.h"

static const char *const kind_names[] = {
	"discussion", "question", "announcement"
};
static const char *const state_names[] = {
	"open", "answered", "closed", "locked", "pinned", "hidden"
};
static const char *const flag_names[] = {
	"closed", "locked", "pinned", "hidden"
};

COP__ENUM_NAMES(cop_thread_kind, cop_thread_kind, kind_names)
COP__ENUM_NAMES(cop_thread_state, cop_thread_state, state_names)
COP__ENUM_NAMES(cop_thread_flag, cop_thread_flag, flag_names)

/* ---- the properties and the state derived from them ------------------------ */

int cop__thread_state_of(const cop_thread_rec *t)
{
	return t->hidden ? COP_THREAD_HIDDEN : t->closed ? COP_THREAD_CLOSED
		: t->locked ? COP_THREAD_LOCKED : t->pinned ? COP_THREAD_PINNED
		: t->answered ? COP_THREAD_ANSWERED : COP_THREAD_OPEN;
}

void cop__thread_set_state_flags(cop_thread_rec *t, int state)
{
	t->closed = state == COP_THREAD_CLOSED;
	t->locked = state == COP_THREAD_LOCKED;
	t->pinned = state == COP_THREAD_PINNED;
	t->hidden = state == COP_THREAD_HIDDEN;
	if (state == COP_THREAD_OPEN || state == COP_THREAD_ANSWERED)
		t->answered = state == COP_THREAD_ANSWERED;
	t->state = state;
}

int cop__thread_store_answered(cop_store *s, cop_thread_rec *t,
	int answered)
{
	const cop_backend_export *xt = COP__FEATURE(s, export, cop__sql_export);
	int rc;

	t->answered = answered;
	t->state = cop__thread_state_of(t);
	/* The other columns are as read: writing them again changed nothing
	 * but ran each of their triggers and indexes. */
	if (xt && xt->version >= 6) {
		rc = xt->thread_answered(s->be, &t->id, t->answered, t->state);
		/* A rop() without the operation (a backend of versions 2 to
		 * 5): the whole row. */
		if (rc != COP_ENOTSUP)
			return rc;
	}
	return s->be->update(s->be, COP_REC_THREAD, t);
}

void cop__thread_flags_from_state(cop_thread_rec *t)
{
	if (!t->closed && !t->locked && !t->pinned && !t->hidden &&
	    !t->answered && t->state != COP_THREAD_OPEN)
		cop__thread_set_state_flags(t, t->state);
}

int cop_thread_create(cop_thread **out, cop_store *s, const char *community,
	cop_thread_kind kind, const char *title, const char *tags,
	const char *language, const char *body)
{
	cop_community_rec c;
	cop_thread_rec t;
	cop_contribution_rec p;
	cop__access acc;
	const cop_id *actor;
	char *ntags = NULL;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK)
		return rc;
	if ((int)kind < COP_THREAD_DISCUSSION ||
	    (int)kind > COP_THREAD_ANNOUNCEMENT)
		return cop__error(s, COP_EINVAL, "invalid thread kind %d",
			(int)kind);
	if ((rc = cop__check_text(s, title, "title", 0, 300, 0)) != COP_OK)
		return rc;
	if (language && (rc = cop__check_language(s, language, "language"))
			!= COP_OK)
		return rc;
	if ((rc = cop__check_text(s, body, "body", 0, COP_BODY_MAX,
			COP_BODY_MAX)) != COP_OK)
		return rc;
	if ((rc = cop__tags_normalize(s, tags, &ntags)) != COP_OK)
		return rc;

	if ((rc = cop__write_begin(s)) != COP_OK) {
		cop_free(ntags);
		return rc;
	}
	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	memset(&p, 0, sizeof(p));
	actor = cop__actor(s);
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !acc.system && !acc.can_post)
		rc = cop__error(s, COP_EPERM, "only active members may start "
			"threads in community '%s'", c.slug);
	if (rc == COP_OK && kind == COP_THREAD_ANNOUNCEMENT &&
	    !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators and owners "
			"may make announcements");
	/* A synonym gives the tag it stands for (tag.c). */
	if (rc == COP_OK)
		rc = cop__tags_resolve(s, &c.id, &ntags);
	if (rc == COP_OK)
		rc = cop__id_new_now(s, &t.id, &t.created);
	if (rc == COP_OK)
		rc = cop__id_new(s, &p.id);
	if (rc == COP_OK) {
		t.community_id = c.id;
		if (actor)
			t.author_id = *actor;
		t.kind = kind;
		t.state = COP_THREAD_OPEN;
		t.title = (char *)title;
		t.tags = ntags;
		t.language = language ? (char *)language : c.language;
		t.last_activity = t.created;
		t.contribution_count = 1;
		rc = cop__rec_insert(s, COP_REC_THREAD, &t,
			"creating a thread", NULL, NULL);
	}
	if (rc == COP_OK)
		rc = cop__thread_history_add(s, &t, COP_THREAD_CHANGE_TITLE,
			NULL, title, NULL);
	if (rc == COP_OK && ntags && *ntags)
		rc = cop__thread_history_add(s, &t, COP_THREAD_CHANGE_TAGS,
			NULL, ntags, NULL);
	if (rc == COP_OK) {
		p.thread_id = t.id;
		p.community_id = c.id;
		p.author_id = t.author_id;
		p.kind = COP_CONTRIB_POST;
		p.language = t.language;
		p.body = (char *)body;
		p.format = COP_FORMAT_MARKDOWN;
		p.created = t.created;
		p.edited = 0;
		p.revision = 1;
		rc = cop__rec_insert(s, COP_REC_CONTRIBUTION, &p,
			"creating the first post", NULL, NULL);
	}
	if (rc == COP_OK)
		rc = cop__recognition_contribution(s, &p, &t);
	if (rc == COP_OK)
		rc = cop__notify_contribution(s, &p, &t, NULL, 1);
	if (rc == COP_OK)
		rc = cop__log(s, "thread.create", &t.id, &c.id);
	rc = cop__write_end_out(s, rc, COP_REC_THREAD, &t, out);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	cop_free(ntags);
	return rc;
}

int cop_thread_lookup(cop_thread **out, cop_store *s, const char *thread_id)
{
	cop_thread_rec t;
	cop__access acc;
	cop_id tid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK)
		return rc;
	rc = cop__thread_load(s, &tid, &t, &acc);
	*out = cop__wrap_result(s, &rc, COP_REC_THREAD, &t);
	return rc;
}
COP__ALIAS(cop_thread_get, cop_thread_lookup);

/* A write on thread @p tid: @p op runs on the thread (loaded, visible to
 * the actor, with the actor's access) inside one write; @p arg is op's. */
static int thread_write(cop_store *s, const cop_id *tid,
	int (*op)(cop_store *, cop_thread_rec *, const cop__access *, int),
	int arg)
{
	cop_thread_rec t;
	cop__access acc;
	int rc;

	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	rc = cop__thread_load(s, tid, &t, &acc);
	if (rc == COP_OK)
		rc = op(s, &t, &acc, arg);
	cop_rec_clear(COP_REC_THREAD, &t);
	return cop__write_done(s, rc);
}

/* May the actor (with access @p acc) change thread @p t's properties? */
static int may_moderate(cop_store *s, const cop_thread_rec *t,
	const cop__access *acc)
{
	int rc = COP_OK;

	if (!acc->is_facilitator) {
		/* Or members with the moderate privilege (trust level 4 by
		 * default, given by hand), when active. */
		int mod = 0;
		if (acc->can_post)
			rc = cop__recognition_allows(s, &t->community_id, acc,
				COP_PRIV_MODERATE, &mod);
		if (rc == COP_OK && !mod)
			rc = cop__error(s, COP_EPERM, "only facilitators, owners "
				"and members with the moderate privilege may change "
				"a thread's state");
	}
	return rc;
}

/* The end of a change of thread @p t's properties (@p before: as they
 * were): the thread written with its state derived from them, the
 * history of each that changed, and the log entry @p op. */
static int flags_write(cop_store *s, const cop_thread_rec *before,
	cop_thread_rec *t, const char *op)
{
	int rc;

	t->state = cop__thread_state_of(t);
	rc = cop__rec_update(s, COP_REC_THREAD, t, "updating a thread");
	if (rc == COP_OK)
		rc = cop__thread_history_flags(s, before, t);
	/* The points of what is in it count only while it is shown
	 * (docs/recognition.md, "Hidden content"). */
	if (rc == COP_OK && (before->hidden != 0) != (t->hidden != 0))
		rc = cop__recognition_points(s, &t->community_id, &t->id,
			COP__REC_POINTS_REP);
	if (rc == COP_OK)
		rc = cop__log(s, op, &t->id, &t->community_id);
	return rc;
}

/* thread_write()'s op of cop_thread_set_state(): the thread's new state. */
static int set_state(cop_store *s, cop_thread_rec *t,
	const cop__access *acc, int state)
{
	cop_thread_rec before = *t;     /* its properties, read only */
	int rc = may_moderate(s, t, acc);

	if (rc != COP_OK)
		return rc;
	cop__thread_set_state_flags(t, state);
	return flags_write(s, &before, t, "thread.set_state");
}

/* thread_write()'s op of cop_thread_set_flag(): @p arg is the flag
 * times 2, plus 1 to turn it on. */
static int set_flag(cop_store *s, cop_thread_rec *t,
	const cop__access *acc, int arg)
{
	int *const fields[] = { &t->closed, &t->locked, &t->pinned, &t->hidden };
	cop_thread_rec before = *t;     /* its properties, read only */
	int rc = may_moderate(s, t, acc);

	if (rc != COP_OK)
		return rc;
	*fields[arg / 2] = arg % 2;
	return flags_write(s, &before, t, "thread.set_flag");
}

int cop_thread_set_state(cop_store *s, const char *thread_id,
	cop_thread_state state)
{
	cop_id tid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__id_arg(s, &tid, thread_id, "thread")) == COP_OK &&
	    ((int)state < COP_THREAD_OPEN || (int)state > COP_THREAD_HIDDEN))
		rc = cop__error(s, COP_EINVAL, "invalid thread state %d",
			(int)state);
	return rc == COP_OK ? thread_write(s, &tid, set_state, (int)state)
		: rc;
}

int cop_thread_set_flag(cop_store *s, const char *thread_id,
	cop_thread_flag flag, int on)
{
	cop_id tid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__id_arg(s, &tid, thread_id, "thread")) == COP_OK &&
	    ((int)flag < COP_THREAD_FLAG_CLOSED ||
	     (int)flag > COP_THREAD_FLAG_HIDDEN))
		rc = cop__error(s, COP_EINVAL, "invalid thread flag %d",
			(int)flag);
	return rc == COP_OK ? thread_write(s, &tid, set_flag,
		(int)flag * 2 + (on != 0)) : rc;
}

COP__FREE_FN(cop_thread)
COP__GETTER_ID(cop_thread, id)
COP__GETTER_ID(cop_thread, community_id)
COP__GETTER_ID(cop_thread, author_id)
COP__GETTER_ID(cop_thread, summary_id)
COP__GETTER_GET(cop_thread, kind, cop_thread_kind, COP_THREAD_DISCUSSION)
COP__GETTER_GET(cop_thread, state, cop_thread_state, COP_THREAD_OPEN)
COP__GETTER_TEXT(cop_thread, title)
COP__GETTER_FN(cop_thread_is_closed, cop_thread, int, o->r.closed != 0, 0)
COP__GETTER_FN(cop_thread_is_locked, cop_thread, int, o->r.locked != 0, 0)
COP__GETTER_FN(cop_thread_is_pinned, cop_thread, int, o->r.pinned != 0, 0)
COP__GETTER_FN(cop_thread_is_hidden, cop_thread, int, o->r.hidden != 0, 0)
COP__GETTER_FN(cop_thread_is_answered, cop_thread, int, o->r.answered != 0,
	0)

const char *cop_thread_tags(const cop_thread *t)
{
	if (!t)
		return NULL;
	return t->r.tags ? t->r.tags : "";
}

COP__GETTER_TEXT(cop_thread, language)
COP__GETTER(cop_thread, created, cop_time, 0)
COP__GETTER(cop_thread, last_activity, cop_time, 0)
COP__GETTER(cop_thread, contribution_count, int, 0)

int cop_thread_iter_new(cop_thread_iter **out, cop_store *s,
	const char *community, const cop_page *page)
{
	cop_community_rec c;
	cop__access acc;
	cop__iter *it = NULL;
	cop_query q;
	int rc, found;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = cop__check_page(s, page)) != COP_OK)
		return rc;
	memset(&q, 0, sizeof(q));
	q.kind = COP_LIST_THREADS;
	q.viewer = cop__actor(s);
	if (s->be->version >= 4) {
		/* The listing starts first and the community (with the
		 * actor's access) is read before any row is handed out: a
		 * backend can send both in one round trip.  Slugs never
		 * change, so the slug names the community read below. */
		if (cop_id_parse(&q.parent, community) != COP_OK) {
			if (cop__check_slug(s, community) != COP_OK)
				return cop__community_resolve(s, community, NULL,
					NULL);
			q.parent_slug = community;
		}
		if ((rc = cop__iter_start(&it, s, &q, page)) != COP_OK)
			return rc;
		/* The system sees every community: a first row shows that
		 * this one exists, and the community is read only when
		 * there is none, to tell no threads from no community. */
		found = 0;
		if (!q.viewer && (rc = cop__iter_peek(it, &found)) != COP_OK) {
			cop__iter_free(it);
			return rc;
		}
		if (!found &&
		    (rc = cop__community_resolve(s, community, NULL, &acc)) !=
		    COP_OK) {
			cop__iter_free(it);
			return rc;
		}
		*out = (cop_thread_iter *)it;
		return cop__ok(s);
	}
	if ((rc = cop__community_resolve(s, community, &c, NULL)) != COP_OK)
		return rc;
	rc = cop__iter_list(&it, s, COP_LIST_THREADS, &c.id, page);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	*out = (cop_thread_iter *)it;
	return rc;
}

COP__ITER_FNS(cop_thread, cop_thread)


/* thread_write()'s op of cop_thread_read(). */
static int read_posts(cop_store *s, cop_thread_rec *t,
	const cop__access *acc, int posts)
{
	(void)acc;
	return cop__recognition_read(s, t, posts);
}

int cop_thread_read(cop_store *s, const char *thread_id, int posts)
{
	const cop_backend_recognition *rt;
	cop_id tid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system does not read threads");
	if (posts < 0)
		return cop__error(s, COP_EINVAL, "posts read must not be negative");
	if ((rc = COP__FEATURE_GET(s, &rt, recognition, cop__sql_recognition,
			"recognition")) != COP_OK ||
	    (rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK)
		return rc;
	return thread_write(s, &tid, read_posts, posts);
}
