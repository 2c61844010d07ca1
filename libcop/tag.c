/*
 * tag.c: a community's tags as its vocabulary (include/cop/tag.h,
 * docs/tags.md): lookup and listing as the actor sees them, describing,
 * renaming and merging (facilitators, owners, the system), and synonyms
 * resolved when a thread is tagged.
 *
 * The rules live here: names, who may write, what a synonym means, and
 * the count a reader sees (a hidden thread counts only for who may see
 * it: visibility.h's rule, applied to the two counts the database keeps,
 * uses and hidden_uses).  The rows go through the backend's tags table
 * (sys/backend.h; the SQL backends: sql/tags.c); the uses are kept by the
 * database's triggers on the threads, so renaming and merging only
 * rewrite threads' tags and the counts follow.
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "visibility.h"
#include "cop/tag.h"

static const char *const order_names[] = { "name", "uses" };
COP__ENUM_NAMES(cop_tag_order, cop_tag_order, order_names)

static int tag_table(cop_store *s, const cop_backend_tags **t)
{
	return COP__FEATURE_GET(s, t, tags, cop__sql_tags, "tag");
}

/* ---- names ------------------------------------------------------------------- */

int cop__tag_name_check(cop_store *s, const char *in, const char *what,
	char out[36])
{
	char *n = NULL;
	int rc;

	out[0] = '\0';
	if (!in || !*in)
		return cop__error(s, COP_EINVAL, "%s is required", what);
	/* Refuses a name longer than 35 (COP_ETOOBIG). */
	if ((rc = cop__tags_normalize(s, in, &n)) != COP_OK)
		return rc;
	if (!*n || strchr(n, ' ')) {
		cop_free(n);
		return cop__error(s, COP_EINVAL, "%s must be one tag", what);
	}
	strcpy(out, n);
	cop_free(n);
	return COP_OK;
}

/* ---- reading ----------------------------------------------------------------- */

/* A record as the reader with access @p acc sees it: a hidden thread
 * counts only for who sees hidden threads there. */
static void rec_seen(cop_tag_rec *r, const cop__access *acc)
{
	if (!acc->is_facilitator)
		r->uses -= r->hidden_uses;
	r->hidden_uses = 0;
}

/* The community @p community and the actor's access to it (refused as
 * missing when unseen), with the tags table. */
static int scope(cop_store *s, const char *community,
	const cop_backend_tags **t, cop_community_rec *c, cop__access *acc)
{
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = tag_table(s, t)) != COP_OK ||
	    (rc = cop__check_community_arg(s, community)) != COP_OK)
		return rc;
	return cop__community_resolve(s, community, c, acc);
}

int cop_tag_lookup(cop_tag **out, cop_store *s, const char *community,
	const char *name)
{
	const cop_backend_tags *t;
	cop_community_rec c;
	cop__access acc;
	cop_tag_rec r;
	char n[36];
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	if ((rc = cop__tag_name_check(s, name, "tag", n)) != COP_OK ||
	    (rc = scope(s, community, &t, &c, &acc)) != COP_OK)
		return rc;
	rc = t->tag_get(s->be, &c.id, n, &r);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc == COP_ENOTFOUND)
		return cop__error(s, COP_ENOTFOUND, "no such tag '%s'", n);
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading a tag");
	rec_seen(&r, &acc);
	*out = cop__wrap_result(s, &rc, COP_REC_TAG, &r);
	return rc;
}

int cop__tag_stats(cop_store *s, const cop_id *community, cop_stats *st)
{
	const cop_backend_tags *t = COP__FEATURE(s, tags, cop__sql_tags);
	int64_t used = 0, described = 0;
	int rc;

	if (!t)
		return COP_OK;
	rc = t->tag_counts(s->be, community, cop__actor(s), &used, &described);
	if (rc == COP_ENOTSUP)      /* a backend's rop() without tags */
		return COP_OK;
	if (rc != COP_OK)
		return cop__be_error(s, rc, "counting tags");
	st->tags_described = described;
	return COP_OK;
}

int cop_tag_counts(cop_store *s, const char *community, int64_t *used,
	int64_t *described)
{
	const cop_backend_tags *t;
	cop_community_rec c;
	cop__access acc;
	int64_t u = 0, d = 0;
	int rc;

	if (used)
		*used = 0;
	if (described)
		*described = 0;
	if (!s)
		return COP_EINVAL;
	if (!used || !described)
		return cop__error(s, COP_EINVAL, "used and described are required");
	if ((rc = scope(s, community, &t, &c, &acc)) != COP_OK)
		return rc;
	rc = t->tag_counts(s->be, &c.id, cop__actor(s), &u, &d);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc != COP_OK)
		return cop__be_error(s, rc, "counting tags");
	*used = u;
	*described = d;
	return cop__ok(s);
}

/* ---- listing ----------------------------------------------------------------- */

/* A listed record (its uses as the reader sees them: the backend's
 * listing applied the rule) into a tag, and its keyset key (uses, name). */
static int tag_make(cop_store *s, void *rec, void **obj, cop__key *key)
{
	const cop_tag_rec *r = rec;
	const char *name = r->name ? r->name : "";
	size_t n = strlen(name);

	key->num = r->uses;
	if (n >= sizeof(key->text))
		n = sizeof(key->text) - 1;
	memcpy(key->text, name, n);
	key->text[n] = '\0';
	return cop__wrap_borrowed(s, COP_REC_TAG, rec, obj);
}

/* The listing *arg (a cop_tag_query) with the page's bound. */
static int list_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	cop_tag_query tq = *(const cop_tag_query *)arg;
	const cop_backend_tags *t;
	int rc;

	tq.has_after = q->has_after;
	tq.after_uses = q->after_num;
	tq.after_name = q->after_text;
	tq.limit = q->limit;
	if ((rc = tag_table(s, &t)) == COP_OK &&
	    (rc = t->tag_list(s->be, &tq, bi)) != COP_OK)
		rc = cop__be_error(s, rc, "listing tags");
	return rc;
}

int cop_tag_iter_new(cop_tag_iter **out, cop_store *s, const char *community,
	cop_tag_order order, const cop_page *page)
{
	const cop_backend_tags *t;
	cop_community_rec c;
	cop_tag_query q;
	cop__access acc;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK)
		return rc;
	if (order != COP_TAGS_BY_NAME && order != COP_TAGS_BY_USES)
		return cop__error(s, COP_EINVAL, "unknown order of tags %d",
			(int)order);
	if ((rc = scope(s, community, &t, &c, &acc)) != COP_OK)
		return rc;
	memset(&q, 0, sizeof(q));
	q.community = c.id;
	q.by_uses = order == COP_TAGS_BY_USES;
	q.hidden_too = acc.is_facilitator;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if ((rc = cop__iter_typed((cop__iter **)out, s, page, COP_REC_TAG,
			list_open, &q, tag_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

COP__ITER_FNS(cop_tag, cop_tag)

/* ---- synonyms ---------------------------------------------------------------- */

int cop__tags_resolve(cop_store *s, const cop_id *community, char **tags)
{
	const cop_backend_tags *t = COP__FEATURE(s, tags, cop__sql_tags);
	/* A normalised list holds at most COP_THREAD_MAX_TAGS names of at
	 * most 35 characters, as does the list of the tags they stand for. */
	char joined[COP_THREAD_MAX_TAGS * 36], *norm = NULL;
	const char *p;
	size_t used = 0, count = 0;
	int rc = COP_OK, changed = 0;

	if (!t || !*tags)
		return COP_OK;
	for (p = *tags; *p && rc == COP_OK;) {
		size_t n = strcspn(p, " ");
		char one[36];
		cop_tag_rec r;
		const char *name = one;

		if (!n || n >= sizeof(one) || count++ == COP_THREAD_MAX_TAGS)
			return cop__error(s, COP_EINVAL, "tags are not normalised");
		memcpy(one, p, n);
		one[n] = '\0';
		p += n + (p[n] == ' ');
		memset(&r, 0, sizeof(r));
		rc = t->tag_get(s->be, community, one, &r);
		if (rc == COP_OK && r.synonym_of && *r.synonym_of) {
			name = r.synonym_of;
			changed = 1;
		}
		/* Not a tag yet; or a backend's rop() without tags: no
		 * synonyms there. */
		if (rc == COP_ENOTFOUND || rc == COP_ENOTSUP)
			rc = COP_OK;
		if (rc == COP_OK)
			used += (size_t)snprintf(joined + used, sizeof(joined) - used,
				"%s%s", used ? " " : "", name);
		else
			rc = cop__be_error(s, rc, "reading a tag");
		cop_rec_clear(COP_REC_TAG, &r);
	}
	if (rc == COP_OK && changed &&
	    (rc = cop__tags_normalize(s, joined, &norm)) == COP_OK) {
		cop_free(*tags);
		*tags = norm;
	}
	return rc;
}

/* ---- writing ----------------------------------------------------------------- */

/* Start a write on tag @p name of @p community: its name checked into
 * @p n, the community and the actor's access (a facilitator, an owner,
 * the system) for @p what. */
static int write_scope(cop_store *s, const char *community, const char *name,
	char n[36], const char *what, const cop_backend_tags **t,
	cop_community_rec *c)
{
	cop__access acc;
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = cop__tag_name_check(s, name, "tag", n)) != COP_OK ||
	    (rc = tag_table(s, t)) != COP_OK ||
	    (rc = cop__check_community_arg(s, community)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__community_resolve(s, community, c, &acc);
	if (rc == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators and owners may "
			"%s the tags of community '%s'", what, c->slug);
	if (rc != COP_OK) {
		cop_rec_clear(COP_REC_COMMUNITY, c);
		return cop__write_end(s, rc);
	}
	return COP_OK;
}

/* End a write on tag @p name of community @p c: its change-log entry
 * @p op, then (for @p out) the tag read again, as the writer (who sees
 * hidden threads) sees it. */
static int write_end(cop_store *s, const cop_backend_tags *t, int rc,
	cop_community_rec *c, const char *name, const char *op, cop_tag **out)
{
	cop_tag_rec r;

	memset(&r, 0, sizeof(r));
	if (rc == COP_OK)
		rc = cop__log(s, op, &c->id, &c->id);
	if (rc == COP_OK && out &&
	    (rc = t->tag_get(s->be, &c->id, name, &r)) != COP_OK)
		rc = cop__be_error(s, rc, "reading a tag");
	r.hidden_uses = 0;
	rc = cop__write_end_out(s, rc, COP_REC_TAG, &r, out);
	cop_rec_clear(COP_REC_TAG, &r);
	cop_rec_clear(COP_REC_COMMUNITY, c);
	return rc;
}

/* Tag @p name of @p cid into @p r, or a new one (no description, no
 * synonym) made now. */
static int tag_or_new(cop_store *s, const cop_backend_tags *t,
	const cop_id *cid, const char *name, cop_tag_rec *r, int *found)
{
	int rc;

	memset(r, 0, sizeof(*r));
	*found = 0;
	rc = t->tag_get(s->be, cid, name, r);
	if (rc == COP_OK) {
		*found = 1;
		return COP_OK;
	}
	if (rc != COP_ENOTFOUND)
		return cop__be_error(s, rc, "reading a tag");
	r->community_id = *cid;
	if (!(r->name = cop_strdup(name)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	r->created = r->updated = cop__now(s);
	return COP_OK;
}

int cop_tag_describe(cop_tag **out, cop_store *s, const char *community,
	const char *name, const char *excerpt, const char *wiki)
{
	const cop_backend_tags *t;
	cop_community_rec c;
	cop_tag_rec r;
	char n[36];
	int rc, found;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_text(s, excerpt, "excerpt", 1, COP_TAG_EXCERPT_MAX,
			COP_TAG_EXCERPT_MAX)) != COP_OK ||
	    (rc = cop__check_text(s, wiki, "wiki", 1, COP_TAG_WIKI_MAX,
			COP_TAG_WIKI_MAX)) != COP_OK)
		return rc;
	if ((rc = write_scope(s, community, name, n, "describe", &t, &c))
			!= COP_OK)
		return rc;
	rc = tag_or_new(s, t, &c.id, n, &r, &found);
	if (rc == COP_OK) {
		cop_free(r.excerpt);
		cop_free(r.wiki);
		r.excerpt = r.wiki = NULL;
		if ((excerpt && *excerpt && !(r.excerpt = cop_strdup(excerpt))) ||
		    (wiki && *wiki && !(r.wiki = cop_strdup(wiki))))
			rc = cop__error(s, COP_ENOMEM, "out of memory");
		r.updated = cop__now(s);
	}
	if (rc == COP_OK && (rc = t->tag_put(s->be, &r)) != COP_OK)
		rc = cop__be_error(s, rc, "describing a tag");
	cop_rec_clear(COP_REC_TAG, &r);
	return write_end(s, t, rc, &c, n, "tag.describe", out);
}

/* The ids of the threads a rewrite visits. */
typedef struct id_list {
	cop_store *s;
	cop_id *id;
	size_t n, cap;
} id_list;

static int id_push(void *arg, const cop_id *id)
{
	id_list *l = arg;
	int rc = cop__grow(l->s, &l->id, l->n, &l->cap, sizeof(*l->id), 64);

	if (rc == COP_OK)
		l->id[l->n++] = *id;
	return rc;
}

/* @p tags (normalised) with @p from replaced by @p to, normalised into
 * *out; *out NULL when @p tags has no @p from. */
static int tags_replace(cop_store *s, const char *tags, const char *from,
	const char *to, char **out)
{
	size_t lf = strlen(from), lt = strlen(to), len = strlen(tags);
	const char *p = tags;
	char *w, *res;
	int found = 0;

	*out = NULL;
	if (!(res = cop_malloc(len + lt + 2)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	w = res;
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (w != res)
			*w++ = ' ';
		if (n == lf && !memcmp(p, from, n)) {
			memcpy(w, to, lt);
			w += lt;
			found = 1;
		} else {
			memcpy(w, p, n);
			w += n;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	*w = '\0';
	if (found) {
		int rc = cop__tags_normalize(s, res, out);

		cop_free(res);
		return rc;
	}
	cop_free(res);
	return COP_OK;
}

/* Every thread of @p cid tagged @p from tagged @p to instead. */
static int threads_retag(cop_store *s, const cop_backend_tags *t,
	const cop_id *cid, const char *from, const char *to)
{
	id_list l;
	size_t i;
	int rc;

	memset(&l, 0, sizeof(l));
	l.s = s;
	rc = t->tag_threads(s->be, cid, from, id_push, &l);
	if (rc != COP_OK && rc != COP_ENOMEM)   /* cop__grow() recorded its own */
		rc = cop__be_error(s, rc, "listing a tag's threads");
	for (i = 0; rc == COP_OK && i < l.n; i++) {
		cop_thread_rec th;
		cop_key key;
		char *nt = NULL;

		memset(&key, 0, sizeof(key));
		key.id = l.id[i];
		if ((rc = cop__rec_get(s, COP_REC_THREAD, &key, &th)) != COP_OK)
			break;
		rc = tags_replace(s, th.tags ? th.tags : "", from, to, &nt);
		if (rc == COP_OK && nt) {
			cop_free(th.tags);
			th.tags = nt;
			rc = cop__rec_update(s, COP_REC_THREAD, &th,
				"retagging a thread");
		}
		cop_rec_clear(COP_REC_THREAD, &th);
	}
	cop_free(l.id);
	return rc;
}

int cop_tag_rename(cop_tag **out, cop_store *s, const char *community,
	const char *name, const char *new_name)
{
	const cop_backend_tags *t;
	cop_community_rec c;
	cop_tag_rec r, other;
	char n[36], to[36];
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__tag_name_check(s, new_name, "new name", to)) != COP_OK)
		return rc;
	if ((rc = write_scope(s, community, name, n, "rename", &t, &c))
			!= COP_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	memset(&other, 0, sizeof(other));
	if (!strcmp(n, to))
		rc = cop__error(s, COP_EINVAL, "a tag's new name must differ");
	if (rc == COP_OK && (rc = t->tag_get(s->be, &c.id, n, &r)) != COP_OK)
		rc = rc == COP_ENOTFOUND ? cop__error(s, rc, "no such tag '%s'",
			n) : cop__be_error(s, rc, "reading a tag");
	if (rc == COP_OK) {
		rc = t->tag_get(s->be, &c.id, to, &other);
		if (rc == COP_OK)
			rc = cop__error(s, COP_EEXISTS, "tag '%s' exists: merge "
				"into it instead", to);
		else if (rc == COP_ENOTFOUND)
			rc = COP_OK;
		else
			rc = cop__be_error(s, rc, "reading a tag");
	}
	/* The threads move (the new name's row is made by the triggers),
	 * then the description follows and the old row goes. */
	if (rc == COP_OK)
		rc = threads_retag(s, t, &c.id, n, to);
	if (rc == COP_OK) {
		cop_tag_rec moved = r;

		moved.name = to;
		if ((rc = t->tag_put(s->be, &moved)) != COP_OK ||
		    (rc = t->tag_delete(s->be, &c.id, n)) != COP_OK ||
		    (rc = t->tag_synonyms(s->be, &c.id, n, to)) != COP_OK)
			rc = cop__be_error(s, rc, "renaming a tag");
	}
	cop_rec_clear(COP_REC_TAG, &r);
	cop_rec_clear(COP_REC_TAG, &other);
	return write_end(s, t, rc, &c, to, "tag.rename", out);
}

int cop_tag_merge(cop_tag **out, cop_store *s, const char *community,
	const char *name, const char *into)
{
	const cop_backend_tags *t;
	cop_community_rec c;
	cop_tag_rec r, target;
	char n[36], to[36];
	int rc, found = 0;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__tag_name_check(s, into, "target tag", to)) != COP_OK)
		return rc;
	if ((rc = write_scope(s, community, name, n, "merge", &t, &c))
			!= COP_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	memset(&target, 0, sizeof(target));
	if (!strcmp(n, to))
		rc = cop__error(s, COP_EINVAL, "a tag cannot be merged into "
			"itself");
	if (rc == COP_OK && (rc = t->tag_get(s->be, &c.id, n, &r)) != COP_OK)
		rc = rc == COP_ENOTFOUND ? cop__error(s, rc, "no such tag '%s'",
			n) : cop__be_error(s, rc, "reading a tag");
	if (rc == COP_OK)
		rc = tag_or_new(s, t, &c.id, to, &target, &found);
	if (rc == COP_OK && target.synonym_of && *target.synonym_of)
		rc = cop__error(s, COP_EINVAL, "tag '%s' is a synonym of '%s': "
			"merge into '%s'", to, target.synonym_of,
			target.synonym_of);
	if (rc == COP_OK && !found && (rc = t->tag_put(s->be, &target))
			!= COP_OK)
		rc = cop__be_error(s, rc, "merging a tag");
	if (rc == COP_OK)
		rc = threads_retag(s, t, &c.id, n, to);
	if (rc == COP_OK) {
		cop_free(r.synonym_of);
		r.synonym_of = to;
		r.updated = cop__now(s);
		rc = t->tag_put(s->be, &r);
		r.synonym_of = NULL;
		if (rc == COP_OK)
			rc = t->tag_synonyms(s->be, &c.id, n, to);
		if (rc != COP_OK)
			rc = cop__be_error(s, rc, "merging a tag");
	}
	cop_rec_clear(COP_REC_TAG, &r);
	cop_rec_clear(COP_REC_TAG, &target);
	return write_end(s, t, rc, &c, to, "tag.merge", out);
}

/* ---- fields ------------------------------------------------------------------ */

COP__FREE_FN(cop_tag)
COP__GETTER_ID(cop_tag, community_id)
COP__GETTER_TEXT(cop_tag, name)
COP__GETTER_OPT(cop_tag, excerpt)
COP__GETTER_OPT(cop_tag, wiki)
COP__GETTER_OPT(cop_tag, synonym_of)
COP__GETTER(cop_tag, uses, int64_t, 0)
COP__GETTER(cop_tag, created, cop_time, 0)
COP__GETTER(cop_tag, updated, cop_time, 0)
