/*
 * import_se_history.c: a Stack Exchange dump's PostHistory rows that are
 * a question's history rather than a body revision (docs/import.md):
 * types 1, 4 and 7 (the title set, changed, rolled back), 3, 6 and 9
 * (the tags set, changed, rolled back) and 10, 11, 14, 15 (closed, reopened, locked, unlocked),
 * each an entry of the thread's history (thread.h) with the row's user,
 * time and comment.  The value before a change is the thread's last of
 * its kind.  A row is remembered by its source id (SRC_HISTORY), so
 * importing again adds nothing.
 *
 * The value before comes from memory for a thread the import made (its
 * history is then only what the import wrote, in its one transaction),
 * from the store for another (a thread of an earlier import) or beyond
 * SE_HIST_MAX threads: on PostgreSQL a read is a round trip.
 */
#include <string.h>

#include "import_se.h"

/* Threads whose last title and tags are kept (about 40 bytes each and
 * the texts): beyond, the store is read. */
#define SE_HIST_MAX (1u << 17)

/* A thread the import made, and the last title and tags it gave it. */
struct se_hist {
	cop_id thread;
	char *last[2];           /* title, tags (cop_malloc'd; NULL: none) */
	int known;               /* 0: forgotten (out of memory) */
};

static uint64_t hist_key(const cop_id *thread)
{
	return cop__hash_bytes(thread, sizeof(*thread), 0);
}

static struct se_hist *hist_of(se *x, const cop_id *thread)
{
	uint64_t i;
	size_t pos = 0;

	while (cop__htab_next(&x->histx, hist_key(thread), &pos, &i))
		if (!memcmp(&x->hist[i].thread, thread, sizeof(*thread)))
			return x->hist[i].known ? &x->hist[i] : NULL;
	return NULL;
}

void cop__se_history_new(se *x, const cop_id *thread)
{
	struct se_hist *h;

	if (x->nhist >= SE_HIST_MAX ||
	    cop__grow(NULL, &x->hist, x->nhist, &x->caphist,
			sizeof(*x->hist), 256) != COP_OK)
		return;
	h = &x->hist[x->nhist];
	memset(h, 0, sizeof(*h));
	h->thread = *thread;
	h->known = 1;
	if (cop__htab_add(&x->histx, hist_key(thread), x->nhist) == 0)
		x->nhist++;
}

void cop__se_history_free(se *x)
{
	size_t i;

	for (i = 0; i < x->nhist; i++) {
		cop_free(x->hist[i].last[0]);
		cop_free(x->hist[i].last[1]);
	}
	cop_free(x->hist);
	x->hist = NULL;
	x->nhist = x->caphist = 0;
	cop__htab_free(&x->histx);
}

/* Slot of @p kind (title or tags) in a thread's kept values. */
static int hist_slot(int kind)
{
	return kind == COP_THREAD_CHANGE_TAGS;
}

int cop__se_history_kind(int64_t type)
{
	switch (type) {
	case 1: case 4: case 7: return COP_THREAD_CHANGE_TITLE;
	case 3: case 6: case 9: return COP_THREAD_CHANGE_TAGS;
	case 10: return COP_THREAD_CHANGE_CLOSED;
	case 11: return COP_THREAD_CHANGE_REOPENED;
	case 14: return COP_THREAD_CHANGE_LOCKED;
	case 15: return COP_THREAD_CHANGE_UNLOCKED;
	default: return -1;
	}
}

/* The last value of @p kind in thread @p thread's history into *out
 * (cop_malloc'd; NULL when none). */
static int history_last(se *x, const cop_id *thread, int kind, char **out)
{
	cop__history_values v;
	struct se_hist *h;
	int rc;

	*out = NULL;
	if ((h = hist_of(x, thread))) {
		const char *last = h->last[hist_slot(kind)];
		if (last && !(*out = cop_strdup(last)))
			return cop__error(x->s, COP_ENOMEM, "out of memory");
		return COP_OK;
	}
	if ((rc = cop__feature_check(x->s, COP__FEATURE(x->s, history,
			cop__sql_history), "thread history")) != COP_OK ||
	    (rc = cop__thread_history_values(x->s, thread, kind, NULL, &v))
			!= COP_OK)
		return rc;
	*out = v.last_new;
	v.last_new = NULL;
	cop__history_values_clear(&v);
	return COP_OK;
}

int cop__se_thread_history(se *x, const char **v, int64_t id, int64_t type,
	int64_t pid, cop_time created)
{
	cop_thread_change_rec e;
	struct se_hist *h;
	char comment[SE_COMMENT_MAX * 4 + 1], *value = NULL, *old = NULL;
	cop_id post, thread;
	int rc, found = 0, pkind = -1, kind = cop__se_history_kind(type);
	size_t n;

	if ((rc = cop__se_seen(x, SRC_HISTORY, id, &found)) != COP_OK || found)
		return rc;
	if ((rc = cop__se_lookup(x, SRC_POST, pid, &post, &thread, &pkind,
			&found)) != COP_OK)
		return rc;
	if (!found) {
		x->rep.skipped_revisions++;
		return COP_OK;
	}
	/* A history is a thread's: what is done to an answer (locked, say)
	 * has no place. */
	if (pkind != COP_CONTRIB_POST) {
		x->rep.ignored++;
		return COP_OK;
	}
	memset(&e, 0, sizeof(e));
	if ((rc = cop__se_user(x, v[4], &e.actor_id)) != COP_OK)
		return rc;
	if (kind == COP_THREAD_CHANGE_TITLE) {
		if (v[6] && cop__se_prefix(v[6], 301) > cop__se_prefix(v[6], 300))
			return cop__se_format(x, "attribute %s is too long",
				"Text");
		if (v[6] && *v[6] && !(value = cop_strdup(v[6])))
			return cop__error(x->s, COP_ENOMEM, "out of memory");
	} else if (kind == COP_THREAD_CHANGE_TAGS &&
		   (rc = cop__se_tags(x, v[6], "Text", &value)) != COP_OK) {
		return rc;
	}
	if ((kind == COP_THREAD_CHANGE_TITLE || kind == COP_THREAD_CHANGE_TAGS) &&
	    (rc = history_last(x, &thread, kind, &old)) != COP_OK)
		goto out;
	n = v[5] ? cop__se_prefix(v[5], SE_COMMENT_MAX) : 0;
	memcpy(comment, v[5] ? v[5] : "", n);
	comment[n] = '\0';
	e.thread_id = thread;
	e.community_id = x->c.id;
	e.kind = kind;
	e.old_value = old && *old ? old : NULL;
	e.new_value = value && *value ? value : NULL;
	e.created = created;
	e.comment = n ? comment : NULL;
	if ((rc = cop__thread_history_put(x->s, &e)) != COP_OK)
		goto out;
	if ((kind == COP_THREAD_CHANGE_TITLE || kind == COP_THREAD_CHANGE_TAGS) &&
	    (h = hist_of(x, &thread))) {
		char **last = &h->last[hist_slot(kind)];
		cop_free(*last);
		*last = NULL;
		/* Out of memory: the store is read for this thread. */
		if (e.new_value && !(*last = cop_strdup(e.new_value)))
			h->known = 0;
	}
	x->rep.history++;
	rc = cop__se_source_put(x, SRC_HISTORY, id, &thread, NULL, -1);
out:
	cop_free(value);
	cop_free(old);
	return rc;
}
