/*
 * digest.c: digests (include/cop/digest.h), a community's or a member's,
 * over a period of the store's clock.
 *
 * The rules live here: the period (half-open, [since, until)), who may
 * read whose digest, the weights a vote adds to a helpful contribution's
 * score (the recognition's one rule, cop__rec_vote_weight()), the order
 * of a member's languages, and where a member's next digest starts (the
 * end of the last one marked as sent).  The rows come from the backend's
 * digest table (sys/backend.h's cop_backend_digest; the SQL backends:
 * sql/digest.c), selected there for the reader by visibility.h's rule.
 * Rendering is in digest_render.c.
 */
#include <stdlib.h>
#include <strings.h>
#include "recognition/recognition_int.h"
#include "digest_int.h"

/* How far after a digest's end its upcoming events reach. */
#define EVENTS_AHEAD ((cop_time)14 * 24 * 60 * 60 * 1000)

_Static_assert(COP_DG_SECTIONS + 1 == COP_DIGEST_SECTIONS &&
	(int)COP_DIGEST_BADGES == COP_DG_BADGES &&
	(int)COP_DIGEST_THREADS == COP_DG_THREADS, "digest sections");
/* The statements' literals (recognition_sql.h). */
_Static_assert(COP_THREAD_QUESTION == 1 && COP_CONTRIB_SUMMARY == 5,
	"digest kinds");

static const char *const section_names[] = {
	"threads", "unanswered", "accepted", "helpful", "summaries", "kudos",
	"badges", "events"
};
COP__ENUM_NAMES(cop_digest_section, cop_digest_section, section_names)
static const char *const period_names[] = { "day", "week", "month" };
COP__ENUM_NAMES(cop_digest_period, cop_digest_period, period_names)
static const char *const format_names[] = { "text", "md", "html" };
COP__ENUM_NAMES(cop_digest_format, cop_digest_format, format_names)


void cop_digest_options_init(cop_digest_options *opts)
{
	if (!opts)
		return;
	memset(opts, 0, sizeof(*opts));
	opts->version = COP_DIGEST_OPTIONS_VERSION;
	opts->period = COP_DIGEST_WEEK;
}

static cop_time period_ms(cop_digest_period p)
{
	return p == COP_DIGEST_DAY ? DAY_MS : p == COP_DIGEST_WEEK ?
		7 * DAY_MS : 30 * DAY_MS;
}

/* The options checked into @p o (NULL: the defaults). */
static int options_check(cop_store *s, const cop_digest_options *opts,
	cop_digest_options *o)
{
	cop_digest_options_init(o);
	if (opts) {
		if (opts->version != COP_DIGEST_OPTIONS_VERSION)
			return cop__error(s, COP_EINVAL, "unsupported "
				"cop_digest_options version %u", opts->version);
		*o = *opts;
	}
	if (!cop_digest_period_name(o->period))
		return cop__error(s, COP_EINVAL, "unknown digest period %d",
			(int)o->period);
	if (o->limit > COP_DIGEST_LIMIT_MAX)
		return cop__error(s, COP_EINVAL, "a digest's limit is at most %d",
			COP_DIGEST_LIMIT_MAX);
	if (o->since < 0 || o->until < 0 ||
	    (o->since && o->until && o->since >= o->until))
		return cop__error(s, COP_EINVAL, "a digest's start must be "
			"before its end");
	if (!o->limit)
		o->limit = COP_DIGEST_LIMIT;
	if (!o->until)
		o->until = cop__now(s);
	if (o->since >= o->until)
		return cop__error(s, COP_EINVAL, "a digest's start must be "
			"before its end");
	return COP_OK;
}

static int table_get(cop_store *s, const cop_backend_digest **t)
{
	return COP__FEATURE_GET(s, t, digest, cop__sql_digest, "digest");
}

static int digest_new(cop_store *s, cop_digest **out,
	const cop_digest_options *o)
{
	if (!(*out = cop_malloc(sizeof(**out))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	memset(*out, 0, sizeof(**out));
	(*out)->since = o->since;
	(*out)->until = o->until;
	return COP_OK;
}

void cop_digest_free(cop_digest *d)
{
	size_t i;
	int k;

	if (!d)
		return;
	for (k = 0; k < COP_DIGEST_SECTIONS; k++) {
		for (i = 0; i < d->n[k]; i++)
			cop_free(d->items[k][i]);
		cop_free(d->items[k]);
	}
	cop_free(d->handle);
	cop_free(d->slug);
	cop_free(d->languages);
	cop_free(d);
}

/* Append item @p it to its section. */
static int push(cop_store *s, cop_digest *d, cop_digest_item *it)
{
	int k = it->r.section;
	cop_digest_item **a;

	if (k < 0 || k >= COP_DIGEST_SECTIONS) {
		cop_free(it);
		return cop__error(s, COP_ECORRUPT, "a digest row of no section");
	}
	if (d->n[k] == d->cap[k]) {
		size_t cap = d->cap[k] ? 2 * d->cap[k] : 16;
		if (!(a = cop_realloc(d->items[k], cap * sizeof(*a)))) {
			cop_free(it);
			return cop__error(s, COP_ENOMEM, "out of memory");
		}
		d->items[k] = a;
		d->cap[k] = cap;
	}
	d->items[k][d->n[k]++] = it;
	return COP_OK;
}

/* The events of community @p cid that @p viewer (NULL: the system) sees,
 * not cancelled, starting in the fortnight after the digest's end, into
 * its events section (nothing when the backend has no events).  An
 * item: the event's title, its start (time), where it is (text: place,
 * else link), the yes count (points). */
static int read_events(cop_store *s, cop_digest *d, const cop_id *cid,
	const cop_id *viewer, unsigned int limit)
{
	const cop_backend_events *t;
	cop_event_query q;
	cop_backend_iter *bi;
	cop_community_rec c;
	cop_event_rec e;
	cop_digest_rec r;
	cop_key key;
	void *obj;
	int rc;

	t = COP__FEATURE(s, events, cop__sql_events);
	if (!t || t->version < 1)
		return COP_OK;
	memset(&q, 0, sizeof(q));
	q.which = COP_EVQ_WINDOW;
	q.community = *cid;
	q.viewer = viewer;
	q.t0 = d->until;
	q.t1 = d->until + EVENTS_AHEAD;
	q.limit = limit;
	if ((rc = t->event_list(s->be, &q, &bi)) != COP_OK)
		return cop__be_error(s, rc, "reading a digest's events");
	memset(&c, 0, sizeof(c));
	memset(&e, 0, sizeof(e));
	while ((rc = cop__be_next_owned(bi, COP_REC_EVENT, &e)) == COP_OK) {
		if (!c.slug) {
			memset(&key, 0, sizeof(key));
			key.id = *cid;
			if ((rc = cop__rec_get(s, COP_REC_COMMUNITY, &key, &c)) !=
					COP_OK) {
				cop_rec_clear(COP_REC_EVENT, &e);
				break;
			}
		}
		memset(&r, 0, sizeof(r));
		r.section = COP_DIGEST_EVENTS;
		r.community_id = *cid;
		r.badge = -1;
		r.time = e.start;
		r.points = e.yes;
		rc = COP_ENOMEM;
		if ((r.community_slug = cop_strdup(c.slug)) &&
		    (r.title = cop_strdup(e.title)) &&
		    (r.text = cop_strdup(e.place ? e.place : e.url ? e.url : "")))
			rc = COP_OK;
		cop_rec_clear(COP_REC_EVENT, &e);
		if (rc != COP_OK) {
			cop_rec_clear(COP_REC_DIGEST, &r);
			rc = cop__error(s, rc, "out of memory");
			break;
		}
		if ((rc = cop__wrap(s, COP_REC_DIGEST, &r, &obj)) != COP_OK ||
		    (rc = push(s, d, obj)) != COP_OK)
			break;
		memset(&e, 0, sizeof(e));
	}
	bi->free(bi);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc == COP_ITEROVER)
		return COP_OK;
	return rc;
}

/* Every section of community @p cid, as @p viewer (NULL: the system)
 * sees it, into @p d. */
static int read_community(cop_store *s, const cop_backend_digest *t,
	cop_digest *d, const cop_id *cid, const cop_id *viewer,
	unsigned int limit)
{
	cop_digest_query q;
	cop_backend_iter *bi;
	cop_digest_rec r;
	void *obj;
	int k, rc = COP_OK, recorded = 0;

	memset(&q, 0, sizeof(q));
	q.community = *cid;
	q.viewer = viewer;
	q.since = d->since;
	q.until = d->until;
	q.limit = limit;
	for (k = 0; k < 4; k++)
		q.weights[k] = cop__rec_vote_weight(k);
	for (k = 0; k < COP_DG_SECTIONS && rc == COP_OK; k++) {
		q.section = k;
		if ((rc = t->section(s->be, &q, &bi)) != COP_OK)
			return cop__be_error(s, rc, "reading a digest");
		memset(&r, 0, sizeof(r));
		while ((rc = cop__be_next_owned(bi, COP_REC_DIGEST, &r)) ==
				COP_OK) {
			r.section = k;
			/* Both record their failure, and wrap frees r's strings. */
			if ((rc = cop__wrap(s, COP_REC_DIGEST, &r, &obj)) != COP_OK ||
			    (rc = push(s, d, obj)) != COP_OK) {
				recorded = 1;
				break;
			}
			memset(&r, 0, sizeof(r));
		}
		bi->free(bi);
		if (rc == COP_ITEROVER)
			rc = COP_OK;
		else if (rc != COP_OK && !recorded)
			rc = cop__be_error(s, rc, "reading a digest");
	}
	if (rc == COP_OK)
		rc = read_events(s, d, cid, viewer, limit);
	return rc;
}

int cop_digest_community(cop_digest **out, cop_store *s,
	const char *community, const cop_digest_options *opts)
{
	const cop_backend_digest *t;
	cop_digest_options o;
	cop_community_rec c;
	cop__access acc;
	cop_digest *d = NULL;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = options_check(s, opts, &o)) != COP_OK ||
	    (rc = table_get(s, &t)) != COP_OK)
		return rc;
	if (!o.since)
		o.since = o.until - period_ms(o.period);
	memset(&c, 0, sizeof(c));
	if ((rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	if ((rc = digest_new(s, &d, &o)) == COP_OK &&
	    !(d->slug = cop_strdup(c.slug)))
		rc = cop__error(s, COP_ENOMEM, "out of memory");
	if (rc == COP_OK)
		rc = read_community(s, t, d, &c.id, cop__actor(s), o.limit);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc != COP_OK) {
		cop_digest_free(d);
		return rc;
	}
	*out = d;
	return cop__ok(s);
}

/* ---- a member's digest -------------------------------------------------------- */

/* Whether language tag @p lang is one of @p langs (space-separated
 * tags), or has the same primary subtag as one: 0 when it is, 1 not. */
static int lang_rank(const char *langs, const char *lang)
{
	const char *p = langs;
	size_t n, m;

	if (!langs || !lang || !*lang)
		return 1;
	m = strcspn(lang, "-");
	while (*p) {
		p += strspn(p, " ");
		n = strcspn(p, " -");
		if (n && n == m && strncasecmp(p, lang, n) == 0)
			return 0;
		p += strcspn(p, " ");
	}
	return 1;
}

static const char *sort_langs;

/* The member's languages first, then the order the items came in
 * (time, then community), by the item's time and id. */
static int by_language(const void *a, const void *b)
{
	const cop_digest_item *x = *(cop_digest_item *const *)a;
	const cop_digest_item *y = *(cop_digest_item *const *)b;
	int rx = lang_rank(sort_langs, x->r.language);
	int ry = lang_rank(sort_langs, y->r.language);

	if (rx != ry)
		return rx - ry;
	if (x->r.time != y->r.time)
		return x->r.time < y->r.time ? -1 : 1;
	return memcmp(x->r.thread_id.bytes, y->r.thread_id.bytes, 16);
}

/* Order a member's digest: thread sections by language, then time. */
static void member_order(cop_digest *d)
{
	static const int ks[] = { COP_DG_THREADS, COP_DG_UNANSWERED };
	size_t i;

	sort_langs = d->languages;
	for (i = 0; i < sizeof(ks) / sizeof(ks[0]); i++)
		if (d->n[ks[i]] > 1)
			qsort(d->items[ks[i]], d->n[ks[i]],
				sizeof(cop_digest_item *), by_language);
	sort_langs = NULL;
}

/* The member @p text resolved into *mid, and the actor allowed to read
 * or mark their digest (the member, the system). */
static int member_check(cop_store *s, const char *text, cop_id *mid)
{
	int rc;

	if (!text || !*text)
		return cop__error(s, COP_EINVAL, "member is required");
	if ((rc = cop__rec_member_resolve(s, text, mid)) != COP_OK)
		return rc;
	if (s->has_actor && !cop__same_id(&s->actor, mid))
		return cop__error(s, COP_EPERM, "only the member and the system "
			"read a member's digest");
	return COP_OK;
}

/* The communities @p mid sees as a member, each read into @p d. */
static int read_member(cop_store *s, const cop_backend_digest *t,
	cop_digest *d, const cop_id *mid, unsigned int limit)
{
	cop_backend_iter *bi;
	cop_digest_rec r;
	cop_id *ids = NULL, *grown;
	size_t n = 0, cap = 0, i;
	int rc;

	if ((rc = t->communities(s->be, mid, &bi)) != COP_OK)
		return cop__be_error(s, rc, "reading a digest");
	memset(&r, 0, sizeof(r));
	while ((rc = cop__be_next_owned(bi, COP_REC_DIGEST, &r)) == COP_OK) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			if (!(grown = cop_realloc(ids, cap * sizeof(*ids)))) {
				cop_rec_clear(COP_REC_DIGEST, &r);
				rc = COP_ENOMEM;
				break;
			}
			ids = grown;
		}
		ids[n++] = r.community_id;
		cop_rec_clear(COP_REC_DIGEST, &r);
	}
	bi->free(bi);
	if (rc == COP_ENOMEM)
		rc = cop__error(s, rc, "out of memory");
	else if (rc != COP_ITEROVER)
		rc = cop__be_error(s, rc, "reading a digest");
	else
		rc = COP_OK;
	for (i = 0; i < n && rc == COP_OK; i++)
		rc = read_community(s, t, d, &ids[i], mid, limit);
	cop_free(ids);
	return rc;
}

int cop_digest_member(cop_digest **out, cop_store *s, const char *member,
	const cop_digest_options *opts)
{
	const cop_backend_digest *t;
	cop_digest_options o;
	cop_member_rec m;
	cop_digest *d = NULL;
	cop_time sent = 0;
	cop_id mid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = options_check(s, opts, &o)) != COP_OK ||
	    (rc = table_get(s, &t)) != COP_OK ||
	    (rc = member_check(s, member, &mid)) != COP_OK)
		return rc;
	if (!o.since) {
		rc = t->sent_get(s->be, &mid, &sent);
		if (rc == COP_ENOTFOUND)
			rc = COP_OK, sent = 0;
		if (rc != COP_OK)
			return cop__be_error(s, rc, "reading a digest");
		/* From the last one sent; nothing when that is not before the
		 * end asked for. */
		o.since = sent ? (sent < o.until ? sent : o.until) :
			o.until - period_ms(o.period);
	}
	memset(&m, 0, sizeof(m));
	if ((rc = cop__member_load(s, &mid, member, &m)) != COP_OK)
		return rc;
	if ((rc = digest_new(s, &d, &o)) == COP_OK) {
		d->is_member = 1;
		d->member = mid;
		if (!(d->handle = cop_strdup(m.handle)) ||
		    (m.languages && !(d->languages = cop_strdup(m.languages))))
			rc = cop__error(s, COP_ENOMEM, "out of memory");
	}
	cop_rec_clear(COP_REC_MEMBER, &m);
	if (rc == COP_OK)
		rc = read_member(s, t, d, &mid, o.limit);
	if (rc != COP_OK) {
		cop_digest_free(d);
		return rc;
	}
	member_order(d);
	*out = d;
	return cop__ok(s);
}

int cop_digest_mark_sent(cop_store *s, const cop_digest *d)
{
	const cop_backend_digest *t;
	cop_time sent = 0;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!d || !d->is_member)
		return cop__error(s, COP_EINVAL, "only a member's digest is "
			"marked as sent");
	if ((rc = table_get(s, &t)) != COP_OK)
		return rc;
	if (s->has_actor && !cop__same_id(&s->actor, &d->member))
		return cop__error(s, COP_EPERM, "only the member and the system "
			"mark a member's digest as sent");
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	if ((rc = cop__moderation_check_actor(s)) == COP_OK) {
		rc = t->sent_get(s->be, &d->member, &sent);
		if (rc == COP_ENOTFOUND)
			rc = COP_OK, sent = 0;
		else if (rc != COP_OK)
			rc = cop__be_error(s, rc, "reading a digest");
	}
	if (rc == COP_OK && sent > d->until)
		rc = cop__error(s, COP_EINVAL, "a later digest of @%s was marked "
			"as sent already", d->handle);
	if (rc == COP_OK && (rc = t->sent_put(s->be, &d->member, d->until,
			cop__now(s))) != COP_OK)
		rc = cop__be_error(s, rc, "marking a digest as sent");
	if (rc == COP_OK)
		rc = cop__log(s, "digest.sent", &d->member, NULL);
	return cop__write_done(s, rc);
}

/* ---- fields ---------------------------------------------------------------------- */

cop_time cop_digest_since(const cop_digest *d)
{
	return d ? d->since : 0;
}
cop_time cop_digest_until(const cop_digest *d)
{
	return d ? d->until : 0;
}
const char *cop_digest_member_id(const cop_digest *d)
{
	return d && d->is_member ? cop__lazy_id((char *)d->member_text,
		&d->member) : NULL;
}
const char *cop_digest_member_handle(const cop_digest *d)
{
	return d ? d->handle : NULL;
}
const char *cop_digest_community_slug(const cop_digest *d)
{
	return d ? d->slug : NULL;
}
size_t cop_digest_count(const cop_digest *d, cop_digest_section sec)
{
	return d && (int)sec >= 0 && (int)sec < COP_DIGEST_SECTIONS ?
		d->n[sec] : 0;
}
const cop_digest_item *cop_digest_item_at(const cop_digest *d,
	cop_digest_section sec, size_t i)
{
	return i < cop_digest_count(d, sec) ? d->items[sec][i] : NULL;
}

COP__GETTER_GET(cop_digest_item, section, cop_digest_section,
	COP_DIGEST_THREADS)
/* An optional id's text, NULL for the nil id. */
#define ITEM_ID(F) \
	const char *cop_digest_item_##F(const cop_digest_item *o) \
	{ \
		return o && !cop_id_is_nil(&o->r.F) ? \
			cop__lazy_id((char *)o->F, &o->r.F) : NULL; \
	}
ITEM_ID(community_id)
ITEM_ID(thread_id)
ITEM_ID(contribution_id)
ITEM_ID(member_id)
ITEM_ID(actor_id)
COP__GETTER_TEXT(cop_digest_item, community_slug)
COP__GETTER_TEXT(cop_digest_item, member_handle)
COP__GETTER_TEXT(cop_digest_item, actor_handle)
COP__GETTER_TEXT(cop_digest_item, title)
COP__GETTER_OPT(cop_digest_item, language)
COP__GETTER_TEXT(cop_digest_item, text)
COP__GETTER(cop_digest_item, time, cop_time, 0)
COP__GETTER(cop_digest_item, points, int64_t, 0)

const char *cop_digest_item_badge(const cop_digest_item *o)
{
	if (!o || o->r.section != COP_DG_BADGES)
		return NULL;
	return o->r.badge_name ? o->r.badge_name :
		cop_badge_name((cop_badge)o->r.badge);
}
