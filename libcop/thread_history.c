/*
 * thread_history.c: a thread's history (thread.h's cop_thread_history_iter):
 * its title and tags as they were set and changed, and each time a
 * property was turned on or off, with who and when, written in the
 * transaction of the change and read as the thread is (through the
 * history table, sys/backend.h's cop_backend_history; on backends of
 * versions 2 to 9 the same table over their rop()).
 */
#include <string.h>

#include "internal.h"

static const char *const change_names[] = {
	"title", "tags", "closed", "reopened", "locked", "unlocked", "pinned",
	"unpinned", "hidden", "shown"
};

COP__ENUM_NAMES(cop_thread_change_kind, cop_thread_change_kind, change_names)

int cop__thread_history_put(cop_store *s, const cop_thread_change_rec *e)
{
	const cop_backend_history *t = COP__FEATURE(s, history,
		cop__sql_history);
	int rc;

	if (!t)         /* a backend without a history: nothing recorded */
		return COP_OK;
	rc = t->history_add(s->be, e, NULL);
	if (rc == COP_ENOTSUP)
		return COP_OK;
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc,
		"recording a thread's history");
}

int cop__thread_history_add(cop_store *s, const cop_thread_rec *t,
	int kind, const char *old_value, const char *new_value,
	const char *comment)
{
	cop_thread_change_rec e;
	const cop_id *actor = cop__actor(s);

	memset(&e, 0, sizeof(e));
	e.thread_id = t->id;
	e.community_id = t->community_id;
	e.kind = kind;
	e.old_value = old_value && *old_value ? (char *)old_value : NULL;
	e.new_value = new_value && *new_value ? (char *)new_value : NULL;
	if (actor)
		e.actor_id = *actor;
	e.created = cop__now(s);
	e.comment = comment && *comment ? (char *)comment : NULL;
	return cop__thread_history_put(s, &e);
}

int cop__thread_history_flags(cop_store *s, const cop_thread_rec *before,
	const cop_thread_rec *after)
{
	const int was[] = { before->closed, before->locked, before->pinned,
		before->hidden };
	const int now[] = { after->closed, after->locked, after->pinned,
		after->hidden };
	int rc = COP_OK;
	size_t i;

	/* Each property turned on is kind 2 + 2i, turned off 3 + 2i. */
	for (i = 0; i < sizeof(was) / sizeof(was[0]) && rc == COP_OK; i++)
		if (!was[i] != !now[i])
			rc = cop__thread_history_add(s, after,
				COP_THREAD_CHANGE_CLOSED + 2 * (int)i + !now[i],
				NULL, NULL, NULL);
	return rc;
}

/* ---- what a thread's history holds of a kind ----------------------------------- */

void cop__history_values_clear(cop__history_values *v)
{
	cop_free(v->first_old);
	cop_free(v->last_new);
	cop_free(v->actor_new);
	memset(v, 0, sizeof(*v));
}

/* Keep *from (taking it) in *to. */
static void keep(char **to, char **from)
{
	cop_free(*to);
	*to = *from;
	*from = NULL;
}

int cop__thread_history_values(cop_store *s, const cop_id *thread, int kind,
	const cop_id *actor, cop__history_values *out)
{
	const cop_backend_history *t = COP__FEATURE(s, history,
		cop__sql_history);
	cop_backend_iter *it = NULL;
	cop_thread_change_rec e;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!t)
		return COP_ENOTSUP;
	if ((rc = t->history_list(s->be, thread, 0, 0, &it)) != COP_OK)
		return cop__be_error(s, rc, "reading a thread's history");
	for (;;) {
		memset(&e, 0, sizeof(e));
		if ((rc = cop__be_next_owned(it, COP_REC_THREAD_CHANGE, &e))
				!= COP_OK)
			break;
		if ((int)e.kind == kind) {
			if (!out->n++)
				keep(&out->first_old, &e.old_value);
			if (actor && !memcmp(&e.actor_id, actor, sizeof(*actor))) {
				out->by_actor++;
				cop_free(out->actor_new);
				out->actor_new = e.new_value ?
					cop_strdup(e.new_value) : NULL;
				if (e.new_value && !out->actor_new)
					rc = COP_ENOMEM;
			}
			keep(&out->last_new, &e.new_value);
		}
		cop_rec_clear(COP_REC_THREAD_CHANGE, &e);
		if (rc != COP_OK)
			break;
	}
	it->free(it);
	if (rc == COP_ITEROVER)
		return COP_OK;
	cop__history_values_clear(out);
	if (rc == COP_ENOMEM)
		return cop__error(s, COP_ENOMEM, "out of memory");
	return cop__be_error(s, rc, "reading a thread's history");
}

/* ---- a thread's title and tags changed ------------------------------------------ */

/* May the actor (with access @p acc) change thread @p t's title and
 * tags?  Its author, moderators (facilitators, owners, the moderate
 * privilege) and members with the edit-others privilege, when active;
 * the system. */
static int may_edit(cop_store *s, const cop_thread_rec *t,
	const cop__access *acc)
{
	const cop_id *actor = cop__actor(s);
	int others = 0, rc = COP_OK;

	if (acc->system)
		return COP_OK;
	if (!acc->can_post)
		return cop__error(s, COP_EPERM, "only active members of the "
			"community may edit a thread (not silenced or banned)");
	if ((actor && memcmp(actor, &t->author_id, sizeof(*actor)) == 0) ||
	    acc->is_facilitator)
		return COP_OK;
	rc = cop__recognition_allows(s, &t->community_id, acc,
		COP_PRIV_EDIT_OTHERS, &others);
	if (rc == COP_OK && !others)
		rc = cop__recognition_allows(s, &t->community_id, acc,
			COP_PRIV_MODERATE, &others);
	if (rc == COP_OK && !others)
		rc = cop__error(s, COP_EPERM, "only its author, moderators or "
			"members with the edit-others privilege may edit a "
			"thread's title and tags");
	return rc;
}

/* Text @p a and @p b the same (NULL as "")? */
static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int cop_thread_edit(cop_store *s, const char *thread_id, const char *title,
	const char *tags, const char *comment)
{
	cop_thread_rec t;
	cop__access acc;
	char *ntags = NULL, *old_title, *old_tags;
	cop_id tid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK)
		return rc;
	if (!title && !tags)
		return cop__error(s, COP_EINVAL, "a title or tags are required");
	if (title && (rc = cop__check_text(s, title, "title", 0, 300, 0))
			!= COP_OK)
		return rc;
	if ((rc = cop__check_text(s, comment, "comment", 1, 500, 0)) != COP_OK)
		return rc;
	if (tags && (rc = cop__tags_normalize(s, tags, &ntags)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK) {
		cop_free(ntags);
		return rc;
	}
	memset(&t, 0, sizeof(t));
	rc = cop__thread_load(s, &tid, &t, &acc);
	if (rc == COP_OK)
		rc = may_edit(s, &t, &acc);
	old_title = t.title;
	old_tags = t.tags;
	if (rc == COP_OK && title && !same_text(title, old_title))
		rc = cop__thread_history_add(s, &t, COP_THREAD_CHANGE_TITLE,
			old_title, title, comment);
	if (rc == COP_OK && tags && !same_text(ntags, old_tags))
		rc = cop__thread_history_add(s, &t, COP_THREAD_CHANGE_TAGS,
			old_tags, ntags, comment);
	if (rc == COP_OK) {
		/* The record borrows the new texts while it is written. */
		if (title)
			t.title = (char *)title;
		if (tags)
			t.tags = ntags;
		rc = cop__rec_update(s, COP_REC_THREAD, &t,
			"updating a thread");
		t.title = old_title;
		t.tags = old_tags;
	}
	if (rc == COP_OK)
		rc = cop__log(s, "thread.edit", &t.id, &t.community_id);
	cop_rec_clear(COP_REC_THREAD, &t);
	cop_free(ntags);
	return cop__write_done(s, rc);
}

/* ---- the listing --------------------------------------------------------------- */

/* A listed record into an entry and its keyset key (its number). */
static int change_make(cop_store *s, void *rec, void **obj, cop__key *key)
{
	const cop_thread_change_rec *r = rec;

	key->num = r->number;
	return cop__wrap_borrowed(s, COP_REC_THREAD_CHANGE, rec, obj);
}

/* The history of thread *arg (a cop_id) after the page's bound. */
static int history_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	const cop_backend_history *t = COP__FEATURE(s, history,
		cop__sql_history);
	int after = q->has_after && q->after_num > 0 ?
		(q->after_num > INT32_MAX ? INT32_MAX : (int)q->after_num) : 0;
	int rc;

	if ((rc = cop__feature_check(s, t, "thread history")) != COP_OK)
		return rc;
	if ((rc = t->history_list(s->be, (const cop_id *)arg, after,
			q->limit, bi)) != COP_OK)
		rc = cop__be_error(s, rc, "listing a thread's history");
	return rc;
}

int cop_thread_history_iter_new(cop_thread_history_iter **out, cop_store *s,
	const char *thread_id, const cop_page *page)
{
	cop_id tid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK ||
	    (rc = cop__feature_check(s, COP__FEATURE(s, history,
			cop__sql_history), "thread history")) != COP_OK ||
	    (rc = cop__thread_load(s, &tid, NULL, NULL)) != COP_OK)
		return rc;
	if ((rc = cop__iter_typed((cop__iter **)out, s, page,
			COP_REC_THREAD_CHANGE, history_open, &tid,
			change_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

COP__ITER_FNS(cop_thread_history, cop_thread_change)

COP__FREE_FN(cop_thread_change)
COP__GETTER_ID(cop_thread_change, thread_id)
COP__GETTER(cop_thread_change, number, int, 0)
COP__GETTER_GET(cop_thread_change, kind, cop_thread_change_kind,
	COP_THREAD_CHANGE_TITLE)
COP__GETTER_TEXT(cop_thread_change, old_value)
COP__GETTER_TEXT(cop_thread_change, new_value)
COP__GETTER_ID(cop_thread_change, actor_id)
COP__GETTER(cop_thread_change, created, cop_time, 0)
COP__GETTER_OPT(cop_thread_change, comment)
