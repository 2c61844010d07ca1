/*
 * notification.c: subscriptions and notifications (include/cop/notify.h).
 *
 * The rules live here: who is notified of what event (a reply, a post
 * in what one follows, a mention, an accepted answer, kudos, a badge),
 * never the actor, one notification per member per event.  They are
 * written by the write that makes the event, inside its transaction, so
 * a write that fails leaves none; the feed is read through the backend's
 * notification table (sys/backend.h, version 7; the SQL backends:
 * sql/notify.c), which selects only what the member sees by the one rule
 * of visibility.h.  Which follow decides (thread, then tag, then
 * community) is the table's rank (recognition_sql.h's RS_N_RANK): one
 * statement fans a new contribution out to every follower, as plain SQL
 * would.  Mentions are read from the body as CommonMark (libcmark), in
 * text nodes only.
 *
 * Follows and marking read are a member's own settings, as the posts
 * they read: not in the change log, which everyone in the community
 * reads.
 */
#include <ctype.h>
#include <cmark.h>

#include "recognition/recognition_int.h"
#include "visibility.h"
#include "cop/notify.h"

_Static_assert((int)COP_FOLLOW_MUTED == 2 && (int)COP_NOTIFY_BADGE == 5,
	"notify.h");

static const char *const follow_kind_names[] = {
	"community", "thread", "tag"
};
COP__ENUM_NAMES(cop_follow_kind, cop_follow_kind, follow_kind_names)

static const char *const follow_level_names[] = {
	"watching", "tracking", "muted"
};
COP__ENUM_NAMES(cop_follow_level, cop_follow_level, follow_level_names)

static const char *const notification_kind_names[] = {
	"reply", "post", "mention", "accepted", "kudos", "badge"
};
COP__ENUM_NAMES(cop_notification_kind, cop_notification_kind,
	notification_kind_names)

/* At most this many distinct handles of one body notify. */
#define MENTIONS_MAX 20
#define HANDLE_MAX 64

/* The backend's notification table, or NULL. */
static const cop_backend_notify *table(cop_store *s)
{
	return COP__FEATURE(s, notify, cop__sql_notify);
}

static int table_get(cop_store *s, const cop_backend_notify **out)
{
	return COP__FEATURE_GET(s, out, notify, cop__sql_notify,
		"notification");
}

/* ---- writing notifications (inside the event's write) ---------------------- */

/* A write's failure to notify; an older rop() without the operations
 * notifies nobody (COP_ENOTSUP), as a backend without the table. */
static int note_done(cop_store *s, int rc)
{
	if (rc == COP_OK || rc == COP_ENOTSUP)
		return COP_OK;
	return cop__be_error(s, rc, "writing a notification");
}

/* The thread's tags as the table matches them: " a b " ("  "). */
static char *tags_padded(const char *tags)
{
	size_t n = tags ? strlen(tags) : 0;
	char *p = cop_malloc(n + 3);

	if (p) {
		p[0] = ' ';
		if (n)
			memcpy(p + 1, tags, n);
		p[n + 1] = ' ';
		p[n + 2] = '\0';
	}
	return p;
}

static int handle_char(int c)
{
	return (c < 0x80 && isalnum(c)) || c == '_' || c == '.' || c == '-';
}

/* The "@handle"s of text @p p, added to @p h (*n of them, distinct
 * case-insensitively, at most MENTIONS_MAX).  An "@" right after a
 * handle's character is not a mention (an e-mail address); a sentence's
 * last "." or "-" is not the handle's. */
static void mentions_scan(const char *p, char (*h)[HANDLE_MAX + 1], int *n)
{
	size_t i, j, len;
	int k;

	for (i = 0; p[i] && *n < MENTIONS_MAX; i++) {
		if (p[i] != '@' || (i > 0 && handle_char((unsigned char)p[i - 1])))
			continue;
		for (j = i + 1; handle_char((unsigned char)p[j]); j++)
			;
		len = j - i - 1;
		while (len > 0 && (p[i + len] == '.' || p[i + len] == '-'))
			len--;
		if (len == 0 || len > HANDLE_MAX) {
			i = j - 1;
			continue;
		}
		for (k = 0; k < *n; k++)
			if (strlen(h[k]) == len && !strncasecmp(h[k], p + i + 1, len))
				break;
		if (k == *n) {
			memcpy(h[*n], p + i + 1, len);
			h[(*n)++][len] = '\0';
		}
		i = j - 1;
	}
}

/* The handles mentioned in @p body read as CommonMark: in text nodes
 * only (not in code spans or blocks, link URLs, raw HTML). */
static int mentions_parse(cop_store *s, const char *body,
	char (*h)[HANDLE_MAX + 1], int *n)
{
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;

	*n = 0;
	if (!body || !strchr(body, '@'))
		return COP_OK;
	if (!(doc = cmark_parse_document(body, strlen(body), CMARK_OPT_DEFAULT)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	/* "@a_b" may come as several text nodes. */
	cmark_consolidate_text_nodes(doc);
	if (!(it = cmark_iter_new(doc))) {
		cmark_node_free(doc);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(node) == CMARK_NODE_TEXT &&
		    cmark_node_get_literal(node))
			mentions_scan(cmark_node_get_literal(node), h, n);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return COP_OK;
}

static int same_id(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

/* Notify member @p m of @p x (its kind set), unless @p m is nobody or
 * the actor; @p tags: muting applies (NULL: it does not). */
static int note_to(cop_store *s, const cop_backend_notify *nt,
	cop_notification_rec *x, const cop_id *m, int kind, const char *tags)
{
	if (!m || cop_id_is_nil(m) || same_id(m, &x->actor_id))
		return COP_OK;
	x->member_id = *m;
	x->kind = kind;
	return note_done(s, nt->note_put(s->be, x, tags));
}

/* Notify the members mentioned in @p body (known, not deleted). */
static int note_mentions(cop_store *s, const cop_backend_notify *nt,
	cop_notification_rec *x, const char *body, const char *tags)
{
	char h[MENTIONS_MAX][HANDLE_MAX + 1];
	int n, i, rc;

	if ((rc = mentions_parse(s, body, h, &n)) != COP_OK)
		return rc;
	for (i = 0; i < n && rc == COP_OK; i++) {
		cop_member_rec m;
		cop_key key;

		memset(&key, 0, sizeof(key));
		key.name = h[i];
		rc = cop__rec_get(s, COP_REC_MEMBER, &key, &m);
		if (rc == COP_ENOTFOUND) {   /* an unknown handle: not a mention */
			rc = COP_OK;
			continue;
		}
		if (rc == COP_OK && m.status != COP_MEMBER_DELETED)
			rc = note_to(s, nt, x, &m.id, COP_NOTIFY_MENTION, tags);
		cop_rec_clear(COP_REC_MEMBER, &m);
	}
	return rc;
}

int cop__notify_contribution(cop_store *s, const cop_contribution_rec *c,
	const cop_thread_rec *t, const cop_id *replied, int first)
{
	const cop_backend_notify *nt = table(s);
	cop_notification_rec x = { .id = c->id, .community_id = c->community_id,
		.thread_id = c->thread_id, .contribution_id = c->id,
		.actor_id = c->author_id, .created = c->created };
	char *tags;
	int rc;

	if (!nt)
		return COP_OK;
	if (!(tags = tags_padded(t->tags)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	/* A mention first, then a reply, then a post: the first of these
	 * a member gets is the one they keep (one per event). */
	rc = note_mentions(s, nt, &x, c->body, tags);
	if (rc == COP_OK)
		rc = note_to(s, nt, &x, replied, COP_NOTIFY_REPLY, tags);
	if (rc == COP_OK) {
		x.kind = COP_NOTIFY_POST;
		rc = note_done(s, nt->note_fanout(s->be, &x, tags, first));
	}
	cop_free(tags);
	return rc;
}

/* Notify @p to, then @p to2 (NULL: nobody), of an event that is not a
 * new contribution: @p x filled but for its id (nil: a new one) and its
 * time (0: now).  None twice: one per member per event. */
static int note_event(cop_store *s, cop_notification_rec *x, int kind,
	const cop_id *to, const cop_id *to2)
{
	const cop_backend_notify *nt = table(s);
	int rc = COP_OK;

	if (!nt)
		return COP_OK;
	if (cop_id_is_nil(&x->id))
		rc = cop__id_new(s, &x->id);
	if (!x->created)
		x->created = cop__now(s);
	if (rc == COP_OK)
		rc = note_to(s, nt, x, to, kind, NULL);
	if (rc == COP_OK && to2)
		rc = note_to(s, nt, x, to2, kind, NULL);
	return rc;
}

int cop__notify_accept(cop_store *s, const cop_contribution_rec *c,
	const cop_thread_rec *t)
{
	const cop_id *actor = cop__actor(s);
	cop_notification_rec x = { .community_id = c->community_id,
		.thread_id = t->id, .contribution_id = c->id,
		.actor_id = actor ? *actor : cop__nil_id };

	/* The answer's author, and the asker. */
	return note_event(s, &x, COP_NOTIFY_ACCEPTED, &c->author_id,
		&t->author_id);
}

int cop__notify_kudos(cop_store *s, const cop_kudos_rec *k,
	const cop_id *thread)
{
	cop_notification_rec x = { .id = k->id,
		.community_id = k->community_id,
		.thread_id = thread ? *thread : cop__nil_id,
		.contribution_id = k->contribution_id, .object_id = k->id,
		.actor_id = k->from_id, .created = k->created };

	return note_event(s, &x, COP_NOTIFY_KUDOS, &k->to_id, NULL);
}

int cop__notify_badge(cop_store *s, const cop_badge_rec *b)
{
	const cop_id *actor = cop__actor(s);
	/* Earned by one's own action, a badge is the system's award. */
	cop_notification_rec x = { .id = b->id,
		.community_id = b->community_id, .object_id = b->id,
		.actor_id = actor && !same_id(actor, &b->member_id) ? *actor :
			cop__nil_id, .created = b->awarded };

	return note_event(s, &x, COP_NOTIFY_BADGE, &b->member_id, NULL);
}

int cop__notify_forget(cop_store *s, const cop_id *member)
{
	const cop_backend_notify *nt = table(s);

	return nt ? note_done(s, nt->forget(s->be, member)) : COP_OK;
}

/* ---- follows ------------------------------------------------------------------ */

/* The follow @p kind, @p target, @p tag names, for the actor, into @p f
 * (its tag allocated: the caller frees f->tag); checks the arguments and
 * that the actor sees the target. */
static int follow_target(cop_store *s, cop_follow_kind kind,
	const char *target, const char *tag, cop_follow_rec *f)
{
	int rc;

	memset(f, 0, sizeof(*f));
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system follows nothing");
	if ((int)kind < COP_FOLLOW_COMMUNITY || (int)kind > COP_FOLLOW_TAG)
		return cop__error(s, COP_EINVAL, "invalid follow kind %d",
			(int)kind);
	if ((kind == COP_FOLLOW_TAG) != (tag != NULL))
		return cop__error(s, COP_EINVAL, kind == COP_FOLLOW_TAG ?
			"a tag's follow needs the tag" : "only a tag's follow "
			"takes a tag");
	f->member_id = *cop__actor(s);
	f->kind = kind;
	if (kind == COP_FOLLOW_THREAD) {
		cop_thread_rec t;
		cop__access acc;

		if ((rc = cop__id_arg(s, &f->target_id, target, "thread"))
				!= COP_OK)
			return rc;
		memset(&t, 0, sizeof(t));
		if ((rc = cop__thread_load(s, &f->target_id, &t, &acc)) != COP_OK)
			return rc;
		f->community_id = t.community_id;
		cop_rec_clear(COP_REC_THREAD, &t);
	} else {
		cop_community_rec c;

		memset(&c, 0, sizeof(c));
		if ((rc = cop__community_resolve(s, target, &c, NULL)) != COP_OK)
			return rc;
		f->target_id = f->community_id = c.id;
		cop_rec_clear(COP_REC_COMMUNITY, &c);
	}
	if (kind == COP_FOLLOW_TAG) {
		if ((rc = cop__tags_normalize(s, tag, &f->tag)) != COP_OK)
			return rc;
		if (!*f->tag || strchr(f->tag, ' '))
			return cop__error(s, COP_EINVAL, "a follow takes one tag");
		return COP_OK;
	}
	if (!(f->tag = cop_strdup("")))
		return cop__error(s, COP_ENOMEM, "out of memory");
	return COP_OK;
}

int cop_follow_set(cop_store *s, cop_follow_kind kind, const char *target,
	const char *tag, cop_follow_level level)
{
	const cop_backend_notify *nt;
	cop_follow_rec f;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = table_get(s, &nt)) != COP_OK)
		return rc;
	if ((int)level < COP_FOLLOW_WATCHING || (int)level > COP_FOLLOW_MUTED)
		return cop__error(s, COP_EINVAL, "invalid follow level %d",
			(int)level);
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = follow_target(s, kind, target, tag, &f);
	if (rc == COP_OK)
		rc = cop__moderation_check_actor(s);
	if (rc == COP_OK)
		rc = cop__id_new_now(s, &f.id, &f.created);
	if (rc == COP_OK) {
		f.level = level;
		if ((rc = nt->follow_put(s->be, &f)) != COP_OK)
			rc = cop__be_error(s, rc, "following");
	}
	cop_free(f.tag);
	return cop__write_done(s, rc);
}

int cop_follow_remove(cop_store *s, cop_follow_kind kind, const char *target,
	const char *tag)
{
	const cop_backend_notify *nt;
	cop_follow_rec f;
	unsigned int n = 0;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = table_get(s, &nt)) != COP_OK ||
	    (rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = follow_target(s, kind, target, tag, &f);
	if (rc == COP_OK && (rc = nt->follow_delete(s->be, &f.member_id, f.kind,
			&f.target_id, f.tag, &n)) != COP_OK)
		rc = cop__be_error(s, rc, "unfollowing");
	if (rc == COP_OK && n == 0)
		rc = cop__error(s, COP_ENOTFOUND, "not following %s %s%s%s",
			cop_follow_kind_name(kind), target, tag ? " " : "",
			tag ? tag : "");
	cop_free(f.tag);
	return cop__write_done(s, rc);
}

/* Whose feed (or follows) @p member names into *mid: the actor's (NULL),
 * or a member's, the member's own or the system's to read. */
static int owner_resolve(cop_store *s, const char *member, cop_id *mid)
{
	int rc;

	if (!member) {
		if (!s->has_actor)
			return cop__error(s, COP_EINVAL, "the system has no "
				"notifications: name a member");
		*mid = *cop__actor(s);
		return COP_OK;
	}
	if ((rc = cop__rec_member_resolve(s, member, mid)) != COP_OK)
		return rc;
	if (s->has_actor && !same_id(mid, cop__actor(s)))
		return cop__error(s, COP_EPERM, "only the member and the system "
			"read a member's notifications and follows");
	return COP_OK;
}

/* A listed follow into an object and its key [created asc, id asc]. */
static int follow_make(cop_store *s, void *rec, void **obj, cop__key *key)
{
	const cop_follow_rec *r = rec;

	key->num = r->created;
	key->id = r->id;
	return cop__wrap_borrowed(s, COP_REC_FOLLOW, rec, obj);
}

static int follow_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	const cop_follow_query fq = { *(const cop_id *)arg, q->has_after,
		q->after_num, q->after_id, q->limit };
	const cop_backend_notify *nt;
	int rc = table_get(s, &nt);

	if (rc == COP_OK && (rc = nt->follow_list(s->be, &fq, bi)) != COP_OK)
		rc = cop__be_error(s, rc, "listing follows");
	return rc;
}

int cop_follow_iter_new(cop_follow_iter **out, cop_store *s,
	const char *member, const cop_page *page)
{
	const cop_backend_notify *nt;
	cop_id mid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = table_get(s, &nt)) != COP_OK ||
	    (rc = owner_resolve(s, member, &mid)) != COP_OK ||
	    (rc = cop__iter_typed((cop__iter **)out, s, page, COP_REC_FOLLOW,
			follow_open, &mid, follow_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

COP__ITER_FNS(cop_follow, cop_follow)

void cop_follow_free(cop_follow *f)
{
	cop_free(f);
}

cop_follow_kind cop_follow_kind_get(const cop_follow *f)
{
	return f ? (cop_follow_kind)f->r.kind : COP_FOLLOW_COMMUNITY;
}
cop_follow_level cop_follow_level_get(const cop_follow *f)
{
	return f ? (cop_follow_level)f->r.level : COP_FOLLOW_WATCHING;
}
const char *cop_follow_member_id(const cop_follow *f)
{
	return f ? cop__lazy_id((char *)f->member_id, &f->r.member_id) : NULL;
}
const char *cop_follow_community_id(const cop_follow *f)
{
	return f ? cop__lazy_id((char *)f->community_id, &f->r.community_id) :
		NULL;
}
const char *cop_follow_thread_id(const cop_follow *f)
{
	return f && f->r.kind == COP_FOLLOW_THREAD ?
		cop__lazy_id((char *)f->target_id, &f->r.target_id) : NULL;
}
const char *cop_follow_tag(const cop_follow *f)
{
	return f && f->r.kind == COP_FOLLOW_TAG ? f->r.tag : NULL;
}
cop_time cop_follow_created(const cop_follow *f)
{
	return f ? f->r.created : 0;
}

/* ---- a member's feed ---------------------------------------------------------- */

/* What a feed listing reads: whose, and only the unread or not. */
typedef struct feed_arg {
	cop_id member;
	int unread;
} feed_arg;

static int note_make(cop_store *s, void *rec, void **obj, cop__key *key)
{
	const cop_notification_rec *r = rec;

	key->id = r->id;   /* [id desc]: an event's id is time-ordered */
	return cop__wrap_borrowed(s, COP_REC_NOTIFICATION, rec, obj);
}

static int note_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	const feed_arg *a = arg;
	const cop_notification_query nq = { a->member, a->unread, q->has_after,
		q->after_id, q->limit };
	const cop_backend_notify *nt;
	int rc = table_get(s, &nt);

	if (rc == COP_OK && (rc = nt->note_list(s->be, &nq, bi)) != COP_OK)
		rc = cop__be_error(s, rc, "listing notifications");
	return rc;
}

int cop_notification_iter_new(cop_notification_iter **out, cop_store *s,
	const char *member, int unread, const cop_page *page)
{
	const cop_backend_notify *nt;
	feed_arg a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.unread = unread != 0;
	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = table_get(s, &nt)) != COP_OK ||
	    (rc = owner_resolve(s, member, &a.member)) != COP_OK ||
	    (rc = cop__iter_typed((cop__iter **)out, s, page,
			COP_REC_NOTIFICATION, note_open, &a, note_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

COP__ITER_FNS(cop_notification, cop_notification)

int cop_notification_count(cop_store *s, const char *member, int unread,
	uint64_t *out)
{
	const cop_backend_notify *nt;
	cop_id mid;
	int rc;

	if (out)
		*out = 0;
	if ((rc = cop__check_out(s, out != NULL)) != COP_OK ||
	    (rc = table_get(s, &nt)) != COP_OK ||
	    (rc = owner_resolve(s, member, &mid)) != COP_OK)
		return rc;
	if ((rc = nt->note_count(s->be, &mid, unread != 0, out)) != COP_OK)
		return cop__be_error(s, rc, "counting notifications");
	return cop__ok(s);
}

int cop_notification_mark_read(cop_store *s, const char *member,
	const char *const *ids, size_t n, unsigned int *count)
{
	const cop_backend_notify *nt;
	unsigned int total = 0, one;
	cop_id mid, id;
	size_t i;
	int rc;

	if (count)
		*count = 0;
	if (!s)
		return COP_EINVAL;
	if ((rc = table_get(s, &nt)) != COP_OK)
		return rc;
	if (!ids != !n)
		return cop__error(s, COP_EINVAL, "ids and their number disagree");
	for (i = 0; i < n; i++)
		if ((rc = cop__id_arg(s, &id, ids[i], "notification")) != COP_OK)
			return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = owner_resolve(s, member, &mid);
	if (rc == COP_OK && !n &&
	    (rc = nt->note_mark(s->be, &mid, NULL, cop__now(s), &total)) != COP_OK)
		rc = cop__be_error(s, rc, "marking notifications read");
	for (i = 0; rc == COP_OK && i < n; i++) {
		(void)cop__id_arg(s, &id, ids[i], "notification");
		if ((rc = nt->note_mark(s->be, &mid, &id, cop__now(s), &one))
				!= COP_OK)
			rc = cop__be_error(s, rc, "marking a notification read");
		else if (!one)
			rc = cop__missing(s, "notification");
		total += one;
	}
	if (rc == COP_OK && count)
		*count = total;
	return cop__write_done(s, rc);
}

void cop_notification_free(cop_notification *x)
{
	cop_free(x);
}

/* The text of id field F of a notification, formatted on first use. */
#define NOTE_ID(fn, F) \
	const char *fn(const cop_notification *x) \
	{ \
		return x ? cop__lazy_id((char *)x->F, &x->r.F) : NULL; \
	}
NOTE_ID(cop_notification_id, id)
NOTE_ID(cop_notification_member_id, member_id)
NOTE_ID(cop_notification_community_id, community_id)
NOTE_ID(cop_notification_thread_id, thread_id)
NOTE_ID(cop_notification_contribution_id, contribution_id)
NOTE_ID(cop_notification_object_id, object_id)
NOTE_ID(cop_notification_actor_id, actor_id)

cop_notification_kind cop_notification_kind_get(const cop_notification *x)
{
	return x ? (cop_notification_kind)x->r.kind : COP_NOTIFY_REPLY;
}
cop_time cop_notification_created(const cop_notification *x)
{
	return x ? x->r.created : 0;
}
cop_time cop_notification_read(const cop_notification *x)
{
	return x ? x->r.read : 0;
}
