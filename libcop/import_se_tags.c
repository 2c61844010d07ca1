/*
 * import_se_tags.c: a Stack Exchange dump's vocabulary (docs/import.md,
 * docs/tags.md).  Every row of Tags.xml becomes a tag of the community,
 * with the text of its tag wiki: the excerpt (a post of PostTypeId 4,
 * named by ExcerptPostId) as its description and the body (PostTypeId 5,
 * WikiPostId) as its longer text.  Those posts come in Posts.xml, read
 * before Tags.xml: the first pass over it keeps their bodies here
 * (cop__se_wiki_post()), and each Tags.xml row takes its two.  A tag's
 * uses are the store's (the triggers count the threads' tags).  Importing
 * again writes a tag only when its texts differ.
 */
#include <string.h>

#include "import_se.h"
#include "cop/tag.h"

/* A tag wiki post kept from Posts.xml. */
struct se_wiki {
	int64_t id;
	cop_time created;
	char *body;
};

/* The first @p max bytes of @p v at most, cut at a character's start. */
static size_t utf8_cut(const char *v, size_t max)
{
	size_t n = strlen(v);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)v[n] & 0xc0) == 0x80)
		n--;
	return n;
}

int cop__se_wiki_post(se *x, int64_t id, cop_time created, const char *body)
{
	struct se_wiki *w;
	size_t n;

	if (!body || !*body)
		return COP_OK;
	if (cop__grow(x->s, &x->wikis, x->nwikis, &x->capwikis,
			sizeof(*x->wikis), 64) != COP_OK)
		return COP_ENOMEM;
	n = utf8_cut(body, COP_TAG_WIKI_MAX);
	w = &x->wikis[x->nwikis];
	if (!(w->body = cop_malloc(n + 1)))
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	memcpy(w->body, body, n);
	w->body[n] = '\0';
	w->id = id;
	w->created = created;
	if (cop__htab_add(&x->wikix, (uint64_t)id, x->nwikis) != 0) {
		cop_free(w->body);
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	}
	x->nwikis++;
	return COP_OK;
}

void cop__se_wikis_free(se *x)
{
	size_t i;

	for (i = 0; i < x->nwikis; i++)
		cop_free(x->wikis[i].body);
	cop_free(x->wikis);
	x->wikis = NULL;
	x->nwikis = x->capwikis = 0;
	cop__htab_free(&x->wikix);
	for (i = 0; i < x->ntagrecs; i++)
		cop_rec_clear(COP_REC_TAG, &x->tagrecs[i]);
	cop_free(x->tagrecs);
	cop_free(x->tagused);
	x->tagrecs = NULL;
	x->tagused = NULL;
	x->ntagrecs = 0;
	cop__htab_free(&x->tagx);
	cop__htab_free(&x->tagputx);
}

/*
 * A fresh import's community has the tags its threads made: they are
 * read at once at Tags.xml's first row (on PostgreSQL each read was a
 * round trip: 133 for the beer dump), and a name not among them is not
 * in the store.
 */
static int tags_read(se *x, const cop_backend_tags *t)
{
	cop_store *s = x->s;
	cop_backend_iter *it = NULL;
	cop_tag_query q;
	cop_tag_rec r;
	size_t cap = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	q.community = x->c.id;
	q.hidden_too = 1;
	rc = t->tag_list(s->be, &q, &it);
	if (rc == COP_ENOTSUP)      /* a backend's rop() without tags */
		return COP_OK;
	if (rc != COP_OK)
		return cop__be_error(s, rc, "listing tags");
	for (;;) {
		memset(&r, 0, sizeof(r));
		if ((rc = cop__be_next_owned(it, COP_REC_TAG, &r)) != COP_OK)
			break;
		if (x->ntagrecs == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			cop_tag_rec *n = cop_realloc(x->tagrecs,
				ncap * sizeof(*n));
			if (!n) {
				cop_rec_clear(COP_REC_TAG, &r);
				rc = COP_ENOMEM;
				break;
			}
			x->tagrecs = n;
			cap = ncap;
		}
		x->tagrecs[x->ntagrecs] = r;
		if (cop__htab_add(&x->tagx, cop__hash_str(r.name),
				x->ntagrecs) < 0) {
			cop_rec_clear(COP_REC_TAG, &r);
			rc = COP_ENOMEM;
			break;
		}
		x->ntagrecs++;
	}
	it->free(it);
	if (rc == COP_ITEROVER &&
	    !(x->tagused = cop_mallocz(x->ntagrecs ? x->ntagrecs : 1)))
		rc = COP_ENOMEM;
	if (rc == COP_ITEROVER) {
		x->tagsread = 1;
		return COP_OK;
	}
	return rc == COP_ENOMEM ? cop__error(s, rc, "out of memory") :
		cop__be_error(s, rc, "listing tags");
}

/* Tag @p name of the community into *r, as tag_get() would: from what a
 * fresh import read at once (tags_read(), done first) when it can, each
 * handed out once; a name handed out or put before, or sharing its hash
 * with one, is read from the store. */
static int tag_of(se *x, const cop_backend_tags *t, const char *name,
	cop_tag_rec *r)
{
	size_t pos = 0;
	uint64_t i, h = cop__hash_str(name);
	int used = 0;

	if (!x->tagsread || cop__htab_get(&x->tagputx, h, &i))
		return t->tag_get(x->s->be, &x->c.id, name, r);
	while (cop__htab_next(&x->tagx, h, &pos, &i)) {
		if (x->tagused[i]) {
			used = 1;
		} else if (!strcmp(x->tagrecs[i].name, name)) {
			*r = x->tagrecs[i];
			memset(&x->tagrecs[i], 0, sizeof(x->tagrecs[i]));
			x->tagused[i] = 1;
			return COP_OK;
		}
	}
	return used ? t->tag_get(x->s->be, &x->c.id, name, r) : COP_ENOTFOUND;
}

/* The kept wiki post the optional id attribute @p v names (the last kept
 * of that id), or NULL: found by its id, not by a walk of them all for
 * each row of Tags.xml. */
static int wiki_of(se *x, const char *v, const char *name,
	const struct se_wiki **out)
{
	uint64_t i, last = UINT64_MAX;
	size_t pos = 0;
	int64_t id;
	int rc;

	*out = NULL;
	if (!v || !*v)
		return COP_OK;
	if ((rc = cop__se_int(x, v, name, &id)) != COP_OK)
		return rc;
	while (cop__htab_next(&x->wikix, (uint64_t)id, &pos, &i))
		if (last == UINT64_MAX || i > last)
			last = i;
	if (last != UINT64_MAX)
		*out = &x->wikis[last];
	return COP_OK;
}

/* Two optional texts the same (NULL and "" alike). */
static int same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

const char *const cop__se_tags_attrs[] = {
	"TagName", "ExcerptPostId", "WikiPostId", NULL
};

int cop__se_tagrows(se *x, const char **v)
{
	cop_store *s = x->s;
	const cop_backend_tags *t = COP__FEATURE(s, tags, cop__sql_tags);
	const struct se_wiki *ex = NULL, *wk = NULL;
	char name[36], excerpt[COP_TAG_EXCERPT_MAX + 1];
	cop_tag_rec r;
	int rc;

	if (!v[0] || !*v[0])
		return cop__se_format(x, "missing attribute %s", "TagName");
	if (!t)
		return COP_OK;
	if ((rc = wiki_of(x, v[1], "ExcerptPostId", &ex)) != COP_OK ||
	    (rc = wiki_of(x, v[2], "WikiPostId", &wk)) != COP_OK)
		return rc;
	/* A name libcop cannot hold as a tag is left out (threads with it
	 * were refused already). */
	rc = cop__tag_name_check(s, v[0], "TagName", name);
	if (rc == COP_ENOMEM)
		return rc;
	if (rc != COP_OK) {
		x->rep.ignored++;
		return cop__ok(s);
	}
	excerpt[0] = '\0';
	if (ex) {
		size_t n = utf8_cut(ex->body, COP_TAG_EXCERPT_MAX);

		memcpy(excerpt, ex->body, n);
		excerpt[n] = '\0';
	}
	if (x->fresh && !x->tagsread && (rc = tags_read(x, t)) != COP_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	rc = tag_of(x, t, name, &r);
	if (rc == COP_ENOTSUP)      /* a backend's rop() without tags */
		return COP_OK;
	if (rc == COP_OK && same_text(r.excerpt, excerpt) &&
	    same_text(r.wiki, wk ? wk->body : NULL)) {
		/* Imported before, or nothing to say: as it is. */
		cop_rec_clear(COP_REC_TAG, &r);
		return COP_OK;
	}
	if (rc == COP_ENOTFOUND) {
		rc = COP_OK;
		r.community_id = x->c.id;
		r.created = wk ? wk->created : ex ? ex->created : cop__now(s);
	}
	if (rc == COP_OK) {
		cop_tag_rec put = r;

		put.name = name;
		put.excerpt = *excerpt ? excerpt : NULL;
		put.wiki = wk ? wk->body : NULL;
		put.updated = wk ? wk->created : ex ? ex->created : r.created;
		if (put.updated < r.created)
			put.updated = r.created;
		rc = t->tag_put(s->be, &put);
		x->changed = 1;
		if (rc == COP_OK && x->tagsread &&
		    cop__htab_add(&x->tagputx, cop__hash_str(name), 0) < 0) {
			cop_rec_clear(COP_REC_TAG, &r);
			return cop__error(s, COP_ENOMEM, "out of memory");
		}
	}
	cop_rec_clear(COP_REC_TAG, &r);
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "importing a tag");
}
