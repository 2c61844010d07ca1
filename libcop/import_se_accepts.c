/*
 * import_se_accepts.c: a Stack Exchange dump's accepted answers
 * (docs/import.md), after Posts.xml: each through the recognition bulk
 * (recognition/bulk.c) or cop_answer_accept(), a fresh import's threads
 * read at once.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import_se.h"

/* ---- the accepted answers ------------------------------------------------------- */

/*
 * Accept answer @p c (cleared after) as the system: through the pass's
 * bulk (recognition/bulk.c), which writes what cop_answer_accept() would
 * and keeps the standings and totals with it, or, where the bulk leaves
 * it (or there is none), through the call; every accept through the
 * call when @p call.
 */
static int se_accept_one(se *x, cop_contribution_rec *c,
	cop_thread_rec *known, int call)
{
	char text[COP_ID_TEXT_LEN + 1];
	int rc = COP_OK, done = 0;

	if (x->bulk && !call)
		rc = cop__rec_bulk_accept(x->bulk, c, known, &done);
	if (rc == COP_OK && !done && x->bulk)
		rc = cop__rec_bulk_sync(x->bulk);
	if (rc == COP_OK && !done) {
		cop_id_format(text, &c->id);
		rc = cop_answer_accept(x->s, text);
	}
	cop_rec_clear(COP_REC_CONTRIBUTION, c);
	return rc;
}

/*
 * The threads of the accepted answers, read at once: a fresh import
 * lists its community's threads (every one of them its own) and keeps
 * the ones asked for, instead of reading each (on PostgreSQL each read
 * was a round trip, with the writes queued before it: 359 of the beer
 * dump's 499).  Each is handed out once: an accept writes its thread.
 */
typedef struct se_thrs {
	cop_thread_rec *t;       /* the threads asked for, in order asked */
	unsigned char *got;      /* 1: t[i] read; 2: handed out */
	size_t n;
	cop__htab h;             /* hash of a thread's id -> index in t */
} se_thrs;

static uint64_t se_thr_hash(const cop_id *id)
{
	return cop__hash_bytes(id, sizeof(*id), 0x5e7);
}

/* Index of thread @p id in @p w, or -1. */
static ptrdiff_t se_thr_find(const se_thrs *w, const cop_id *id)
{
	size_t pos = 0;
	uint64_t i;

	while (cop__htab_next(&w->h, se_thr_hash(id), &pos, &i))
		if (!memcmp(&w->t[i].id, id, sizeof(*id)))
			return (ptrdiff_t)i;
	return -1;
}

static void se_thrs_free(se_thrs *w)
{
	size_t i;

	for (i = 0; w->got && i < w->n; i++)
		if (w->got[i])
			cop_rec_clear(COP_REC_THREAD, &w->t[i]);
	cop_free(w->t);
	cop_free(w->got);
	cop__htab_free(&w->h);
	memset(w, 0, sizeof(*w));
}

/* Read the threads of the answers to accept (a fresh import's) into
 * @p w; a thread not read there is read by the accept. */
static int se_thrs_read(se *x, se_thrs *w)
{
	cop_store *s = x->s;
	cop_backend_iter *it;
	cop_thread_rec r;
	cop_query q;
	cop_id aid, thread;
	size_t i;
	ptrdiff_t j;
	int rc, found;

	memset(w, 0, sizeof(*w));
	if (!x->fresh || x->nacc == 0)
		return COP_OK;
	if (!(w->t = cop_mallocz(x->nacc * sizeof(*w->t))) ||
	    !(w->got = cop_mallocz(x->nacc)))
		goto oom;
	for (i = 0; i < x->nacc; i++) {
		if ((rc = cop__se_lookup(x, SRC_POST, x->acc[i].answer, &aid,
				&thread, NULL, &found)) != COP_OK)
			goto fail;
		if (!found || se_thr_find(w, &thread) >= 0)
			continue;
		w->t[w->n].id = thread;
		if (cop__htab_add(&w->h, se_thr_hash(&thread), w->n) < 0)
			goto oom;
		w->n++;
	}
	memset(&q, 0, sizeof(q));
	q.kind = COP_LIST_THREADS;
	q.parent = x->c.id;
	if ((rc = s->be->list(s->be, &q, &it)) != COP_OK) {
		rc = cop__be_error(s, rc, "listing threads");
		goto fail;
	}
	for (;;) {
		memset(&r, 0, sizeof(r));
		if ((rc = cop__be_next_owned(it, COP_REC_THREAD, &r)) != COP_OK)
			break;
		j = se_thr_find(w, &r.id);
		if (j < 0 || w->got[j]) {
			cop_rec_clear(COP_REC_THREAD, &r);
			continue;
		}
		w->t[j] = r;
		w->got[j] = 1;
	}
	it->free(it);
	if (rc == COP_ITEROVER)
		return COP_OK;
	if (rc == COP_ENOMEM)
		goto oom;
	rc = cop__be_error(s, rc, "listing threads");
	goto fail;
oom:
	rc = cop__error(s, COP_ENOMEM, "out of memory");
fail:
	se_thrs_free(w);
	return rc;
}

/* The accepted answers the questions named, once every answer is in. */
int cop__se_accepts(se *x)
{
	cop_store *s = x->s;
	cop_contribution_rec c;
	cop_key k;
	cop_id aid, thread;
	size_t i;
	int rc, found, pkind;
	/* For tests only (check_import compares the two ways): every
	 * accept through cop_answer_accept(). */
	int call = getenv("COP_TEST_SE_ACCEPT_CALL") != NULL;
	se_thrs w;
	ptrdiff_t j;

	if ((rc = se_thrs_read(x, &w)) != COP_OK)
		return rc;
	for (i = 0; i < x->nacc; i++) {
		if ((rc = cop__se_seen(x, SRC_ACCEPT, x->acc[i].question, &found))
				!= COP_OK)
			break;
		if (found)
			continue;
		pkind = -1;
		if ((rc = cop__se_lookup(x, SRC_POST, x->acc[i].answer, &aid, &thread,
				&pkind, &found)) != COP_OK)
			break;
		memset(&c, 0, sizeof(c));
		if (found && x->acc[i].known) {
			/* An answer this import made: what it wrote. */
			c.id = aid;
			c.community_id = x->c.id;
			c.kind = pkind;
			c.thread_id = thread;
			c.author_id = x->acc[i].author;
			c.created = x->acc[i].created;
		} else if (found) {
			memset(&k, 0, sizeof(k));
			k.id = aid;
			if ((rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &k, &c))
					!= COP_OK) {
				rc = cop__be_error(s, rc, "reading an answer");
				break;
			}
		}
		if (found && c.kind == COP_CONTRIB_ANSWER) {
			/* The answer must be to this question. */
			cop_id qpost, qthread;
			int qfound = 0;
			if ((rc = cop__se_lookup(x, SRC_POST, x->acc[i].question, &qpost,
					&qthread, NULL, &qfound)) != COP_OK) {
				cop_rec_clear(COP_REC_CONTRIBUTION, &c);
				break;
			}
			found = qfound && !memcmp(&qthread, &c.thread_id,
				sizeof(qthread));
		}
		if (!found || c.kind != COP_CONTRIB_ANSWER) {
			cop_rec_clear(COP_REC_CONTRIBUTION, &c);
			x->rep.skipped_accepts++;
			continue;
		}
		s->fixed_now = c.created;
		j = se_thr_find(&w, &c.thread_id);
		if (j >= 0 && w.got[j] != 1)
			j = -1;
		else if (j >= 0)
			w.got[j] = 2;
		if ((rc = se_accept_one(x, &c, j >= 0 ? &w.t[j] : NULL, call))
				!= COP_OK)
			break;
		x->rep.accepted++;
		if ((rc = cop__se_source_put(x, SRC_ACCEPT, x->acc[i].question, &aid,
				NULL, -1)) != COP_OK)
			break;
	}
	se_thrs_free(&w);
	return rc;
}
