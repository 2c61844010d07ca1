/*
 * link.c: links between threads (related, duplicate).
 *
 * A link goes from a thread to a target thread of the same community
 * (cop_link, keyed by the pair) and is stored through the backend's
 * rop() operations COP_ROP_X_LINK_INS, COP_ROP_LINK_GET and
 * COP_ROP_LINK_LIST.  The Stack Exchange importer makes its links here
 * too (cop__link_put()).
 */
#include <string.h>

#include "internal.h"

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
	cop_id thread, after;
	cop_backend_iter *rows;    /* the current page */
	unsigned int got;          /* rows of the current page so far */
	int over;
};

int cop__link_exists(cop_store *s, const cop_id *thread, const cop_id *target,
	int *found)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[2];
	int rc;

	*found = 0;
	p[0] = cop__v_id(thread);
	p[1] = cop__v_id(target);
	if ((rc = cop__rop_rows(s, COP_ROP_LINK_GET, p, 2, &it,
			"reading a link")) != COP_OK)
		return rc;
	rc = cop__rop_next(s, it, &row, "reading a link");
	it->free(it);
	*found = rc == COP_OK;
	return rc == COP_ITEROVER ? COP_OK : rc;
}

int cop__link_put(cop_store *s, const cop_id *community, const cop_id *thread,
	const cop_id *target, int kind, cop_time created)
{
	cop_val p[5];

	p[0] = cop__v_id(community);
	p[1] = cop__v_id(thread);
	p[2] = cop__v_id(target);
	p[3] = cop__v_int(kind);
	p[4] = cop__v_int(created);
	return cop__rop_run(s, COP_ROP_X_LINK_INS, p, 5, "saving a link");
}

int cop_thread_link(cop_store *s, const char *thread_id,
	const char *target_id, cop_link_kind kind)
{
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
	if ((rc = cop__has_rop(s, "link")) != COP_OK)
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
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* Start the page after it->after. */
static int link_page(cop_link_iter *it)
{
	cop_store *s = it->store;
	cop_val p[3];
	int rc;

	p[0] = cop__v_id(&it->thread);
	p[1] = cop__v_key(&it->after);
	p[2] = cop__v_int(LINK_PAGE);
	it->got = 0;
	rc = cop__rop_rows(s, COP_ROP_LINK_LIST, p, 3, &it->rows,
		"listing links");
	if (rc != COP_OK)
		it->rows = NULL;
	return rc;
}

int cop_link_iter_new(cop_link_iter **out, cop_store *s, const char *thread_id)
{
	cop_link_iter *it;
	cop_thread_rec t;
	cop__access acc;
	cop_id tid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK ||
	    (rc = cop__has_rop(s, "link")) != COP_OK ||
	    (rc = cop__thread_load(s, &tid, &t, &acc)) != COP_OK)
		return rc;
	cop_rec_clear(COP_REC_THREAD, &t);
	if (!(it = cop_mallocz(sizeof(*it))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	it->store = s;
	it->thread = tid;
	if ((rc = link_page(it)) != COP_OK) {
		cop_free(it);
		return rc;
	}
	*out = it;
	return cop__ok(s);
}

int cop_link_iter_next(cop_link **out, cop_link_iter *it)
{
	cop_link *l;
	cop_row row;
	int rc;

	if (!out)
		return COP_EINVAL;
	*out = NULL;
	if (!it)
		return COP_EINVAL;
	for (;;) {
		if (it->over || !it->rows)
			return COP_ITEROVER;
		rc = it->rows->next(it->rows, &row);
		if (rc == COP_OK)
			break;
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
	it->got++;
	if (!(l = cop_mallocz(sizeof(*l))))
		return cop__error(it->store, COP_ENOMEM, "out of memory");
	l->r.thread_id = row.col[0].id;
	l->r.target_id = row.col[1].id;
	l->r.kind = (int)row.col[2].i;
	l->r.created = row.col[3].i;
	it->after = l->r.target_id;
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
