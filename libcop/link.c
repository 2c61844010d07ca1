/*
 * link.c: links between threads (related, duplicate).
 *
 * A link goes from a thread to a target thread of the same community
 * (cop_link, keyed by the pair) and is stored through the backend's
 * links interface (sys/backend.h's cop_backend_links; on backends of
 * versions 2 to 4 the same methods over their rop(), sql/links.c).  The
 * Stack Exchange importer makes its links here too (cop__link_put()).
 */
#include <string.h>

#include "internal.h"
#include "visibility.h"

/* The backend's table of this feature (COP__FEATURE_GET). */
#define LINKS(s, out) COP__FEATURE_GET(s, out, links, cop__sql_links, "link")

#define LINK_PAGE 100

static const char *const link_names[] = { "related", "duplicate" };
COP__ENUM_NAMES(cop_link_kind, cop_link_kind, link_names)

struct cop_link {
	struct {
		cop_id thread_id, target_id;
		int kind;
		cop_time created;
	} r;
	char thread_id[COP__IDLEN], target_id[COP__IDLEN];
};

struct cop_link_iter {
	cop_store *store;
	const cop_backend_links *m;
	cop_id thread, after;
	int has_after;
	cop_backend_iter *rows;    /* the current page */
	unsigned int got;          /* rows of the current page so far */
	int over;
	int sees_hidden;           /* the reader sees hidden threads */
};

int cop__link_exists(cop_store *s, const cop_id *thread, const cop_id *target,
	int *found)
{
	const cop_backend_links *m;
	cop_link_rec r;
	int rc;

	*found = 0;
	if ((rc = LINKS(s, &m)) != COP_OK)
		return rc;
	rc = m->link_get(s->be, thread, target, &r);
	if (rc == COP_ENOTFOUND)
		return COP_OK;
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading a link");
	*found = 1;
	cop_rec_clear(COP_REC_LINK, &r);
	return COP_OK;
}

int cop__link_put(cop_store *s, const cop_id *community, const cop_id *thread,
	const cop_id *target, int kind, cop_time created)
{
	const cop_backend_links *m;
	cop_link_rec r;
	int rc;

	if ((rc = LINKS(s, &m)) != COP_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.community_id = *community;
	r.thread_id = *thread;
	r.target_id = *target;
	r.kind = kind;
	r.created = created;
	rc = m->link_insert(s->be, &r);
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "saving a link");
}

int cop_thread_link(cop_store *s, const char *thread_id,
	const char *target_id, cop_link_kind kind)
{
	const cop_backend_links *m;
	cop_thread_rec t, g;
	cop__access acc, gacc;
	cop_id tid, gid;
	int rc, found = 0;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK ||
	    (rc = cop__id_arg(s, &gid, target_id, "target")) != COP_OK)
		return rc;
	if ((int)kind < COP_LINK_RELATED || (int)kind > COP_LINK_DUPLICATE)
		return cop__error(s, COP_EINVAL, "invalid link kind %d", (int)kind);
	if (!memcmp(tid.bytes, gid.bytes, sizeof(tid.bytes)))
		return cop__error(s, COP_EINVAL, "a thread cannot link to itself");
	if ((rc = LINKS(s, &m)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	memset(&g, 0, sizeof(g));
	rc = cop__thread_load(s, &tid, &t, &acc);
	if (rc == COP_OK)
		rc = cop__thread_load(s, &gid, &g, &gacc);
	if (rc == COP_OK && memcmp(t.community_id.bytes, g.community_id.bytes,
			sizeof(t.community_id.bytes)))
		rc = cop__error(s, COP_EINVAL, "threads %s and %s are in two "
			"communities", thread_id, target_id);
	if (rc == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators and owners may "
			"link threads");
	if (rc == COP_OK)
		rc = cop__link_exists(s, &tid, &gid, &found);
	if (rc == COP_OK && found)
		rc = cop__error(s, COP_EEXISTS, "thread %s already links to %s",
			thread_id, target_id);
	if (rc == COP_OK)
		rc = cop__link_put(s, &t.community_id, &tid, &gid, kind,
			cop__now(s));
	if (rc == COP_OK)
		rc = cop__log(s, "thread.link", &tid, &t.community_id);
	cop_rec_clear(COP_REC_THREAD, &t);
	cop_rec_clear(COP_REC_THREAD, &g);
	return cop__write_done(s, rc);
}

/* Start the page after it->after. */
static int link_page(cop_link_iter *it)
{
	int rc;

	it->got = 0;
	rc = it->m->link_list(it->store->be, &it->thread,
		it->has_after ? &it->after : NULL, LINK_PAGE, &it->rows);
	if (rc != COP_OK) {
		it->rows = NULL;
		return cop__be_error(it->store, rc, "listing links");
	}
	return COP_OK;
}

/* COP_OK when the reader may see the link's target @p target, a thread
 * of the listed one's community: it is not hidden, or the reader sees
 * hidden threads; COP_ENOTFOUND (no message) when not, so the link is
 * not listed; or a backend error. */
static int target_seen(cop_link_iter *it, const cop_id *target)
{
	cop_thread_rec t;
	cop_key key;
	int rc, seen;

	if (it->sees_hidden)
		return COP_OK;
	memset(&key, 0, sizeof(key));
	key.id = *target;
	if ((rc = cop__rec_get(it->store, COP_REC_THREAD, &key, &t)) != COP_OK)
		return rc;
	seen = cop__sees_thread(1, 0, t.hidden);
	cop_rec_clear(COP_REC_THREAD, &t);
	return seen ? COP_OK : COP_ENOTFOUND;
}

int cop_link_iter_new(cop_link_iter **out, cop_store *s, const char *thread_id)
{
	const cop_backend_links *m;
	cop_link_iter *it;
	cop__access acc;
	cop_id tid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK ||
	    (rc = LINKS(s, &m)) != COP_OK ||
	    (rc = cop__thread_load(s, &tid, NULL, &acc)) != COP_OK)
		return rc;
	if (!(it = cop_mallocz(sizeof(*it))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	it->store = s;
	it->m = m;
	it->thread = tid;
	it->sees_hidden = acc.system || acc.is_facilitator;
	if ((rc = link_page(it)) != COP_OK) {
		cop_free(it);
		return rc;
	}
	*out = it;
	return cop__ok(s);
}

int cop_link_iter_next(cop_link **out, cop_link_iter *it)
{
	cop_link_rec r;
	cop_link *l;
	int rc;

	if (!out)
		return COP_EINVAL;
	*out = NULL;
	if (!it)
		return COP_EINVAL;
	for (;;) {
		if (it->over || !it->rows)
			return COP_ITEROVER;
		memset(&r, 0, sizeof(r));
		rc = it->rows->next(it->rows, &r);
		if (rc == COP_OK) {
			/* The page goes on past a link the reader may not see. */
			it->got++;
			it->after = r.target_id;
			it->has_after = 1;
			if ((rc = target_seen(it, &r.target_id)) == COP_OK)
				break;
			if (rc != COP_ENOTFOUND)
				return rc;
			continue;
		}
		it->rows->free(it->rows);
		it->rows = NULL;
		if (rc != COP_ITEROVER)
			return cop__be_error(it->store, rc, "listing links");
		if (it->got < LINK_PAGE) {
			it->over = 1;
			return COP_ITEROVER;
		}
		if ((rc = link_page(it)) != COP_OK)
			return rc;
	}
	/* Links have no strings: the record needs no clearing. */
	if (!(l = cop_mallocz(sizeof(*l))))
		return cop__error(it->store, COP_ENOMEM, "out of memory");
	l->r.thread_id = r.thread_id;
	l->r.target_id = r.target_id;
	l->r.kind = r.kind;
	l->r.created = r.created;
	*out = l;
	return COP_OK;
}

void cop_link_iter_free(cop_link_iter *it)
{
	if (!it)
		return;
	if (it->rows)
		it->rows->free(it->rows);
	cop_free(it);
}

COP__FREE_FN(cop_link)
COP__GETTER_ID(cop_link, thread_id)
COP__GETTER_ID(cop_link, target_id)
COP__GETTER_GET(cop_link, kind, cop_link_kind, COP_LINK_RELATED)
COP__GETTER(cop_link, created, cop_time, 0)
