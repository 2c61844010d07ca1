/*
 * accept.c: accepted answers to question threads.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- accepted answers ---------------------------------------------------------- */

typedef cop_accept_rec accept;

/* Thread @p tid's accepted answer into *a (zeroed when none): *found 1
 * when an answer is accepted. */
static int accept_read(cop_store *s, const cop_id *tid, accept *a, int *found)
{
	int rc = REC_T(s)->accept_get(s->be, tid, a);

	if (rc == COP_ENOTFOUND) {
		memset(a, 0, sizeof(*a));
		rc = COP_OK;
	}
	*found = rc == COP_OK && !cop_id_is_nil(&a->contribution_id);
	return cop__rec_be(s, rc);
}

/* Undo an accepted answer's entries and counter. */
static int accept_undo(rctx *x, accept *a)
{
	standing *st;
	int rc;

	if ((rc = cop__rec_ledger_reverse(x, &a->author_id, a->rep_author,
			&a->thread_id)) != COP_OK ||
	    (rc = cop__rec_ledger_reverse(x, &a->acceptor_id, a->rep_acceptor,
			&a->thread_id)) != COP_OK)
		return rc;
	if (!cop_id_is_nil(&a->author_id)) {
		if ((rc = cop__rec_ctx_standing(x, &a->author_id, &st)) != COP_OK)
			return rc;
		st->accepted--;
		REC_DIRTY(x, st);
	}
	memset(&a->contribution_id, 0, sizeof(a->contribution_id));
	memset(&a->author_id, 0, sizeof(a->author_id));
	memset(&a->acceptor_id, 0, sizeof(a->acceptor_id));
	a->rep_author = a->rep_acceptor = 0;
	return COP_OK;
}

/* Load the thread and check the actor may accept in it. */
static int accept_check(cop_store *s, cop_thread_rec *t, cop__access *acc)
{
	const cop_id *actor = cop__actor(s);

	if (t->kind != COP_THREAD_QUESTION)
		return cop__error(s, COP_EINVAL, "only question threads have "
			"accepted answers");
	if (acc->system || acc->is_facilitator)
		return COP_OK;
	if (actor && cop__same_id(actor, &t->author_id) && acc->can_post)
		return COP_OK;
	return cop__error(s, COP_EPERM, "only the asker or a facilitator may "
		"accept an answer");
}

/* Thread @p t answered (@p answered 1) or no longer (0). */
static int thread_set_answered(cop_store *s, cop_thread_rec *t, int answered)
{
	int rc;

	if (t->answered == answered)
		return COP_OK;
	rc = cop__thread_store_answered(s, t, answered);
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "updating a thread");
}

/*
 * The start of an accept (of answer @p cid) or an unaccept (@p cid NULL)
 * in thread @p t, loaded: the actor's right to it, the accepted answer
 * read into *a, the refusal of accepting the same answer again or of
 * unaccepting where none is accepted, then the event's context *x in
 * @p community and the accepted answer undone there.
 */
static int accept_start(rctx *x, cop_store *s, cop_thread_rec *t,
	cop__access *acc, const cop_id *community, const cop_id *cid, accept *a)
{
	int rc, found = 0;

	rc = accept_check(s, t, acc);
	if (rc == COP_OK)
		rc = accept_read(s, &t->id, a, &found);
	if (rc == COP_OK && cid && found && cop__same_id(&a->contribution_id, cid))
		rc = cop__error(s, COP_EEXISTS, "this answer is already accepted");
	if (rc == COP_OK && !cid && !found)
		rc = cop__error(s, COP_ENOTFOUND, "no accepted answer");
	if (rc == COP_OK)
		rc = cop__rec_ctx_init(x, s, community, t->tags);
	/* Its entries' object is the thread: hidden with it. */
	x->masked = t->hidden != 0;
	if (rc == COP_OK && found)
		rc = accept_undo(x, a);
	return rc;
}

/* The writes ending an accept or an unaccept: the thread's accepted
 * answer @p a, its answered property (@p answered), the event's standings,
 * and the log entry @p event about @p obj in the event's community. */
static int accept_finish(rctx *x, const accept *a, cop_thread_rec *t,
	int answered, const char *event, const cop_id *obj)
{
	int rc = cop__rec_be(x->s, REC_T(x->s)->accept_put(x->s->be, a));

	if (rc == COP_OK)
		rc = thread_set_answered(x->s, t, answered);
	if (rc == COP_OK)
		rc = cop__rec_ctx_flush(x);
	if (rc == COP_OK)
		rc = cop__log(x->s, event, obj, &x->community);
	return rc;
}

int cop_answer_accept(cop_store *s, const char *answer_id)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	const cop_id *actor;
	standing *st;
	accept a;
	rctx x;
	cop_id cid;
	int rc;

	if ((rc = cop__rec_write_begin(s, &cid, answer_id, "answer")) != COP_OK)
		return rc;
	actor = cop__actor(s);
	rc = cop__rec_contribution_load(s, &cid, answer_id, &c, &t, &acc);
	if (rc == COP_OK && c.kind != COP_CONTRIB_ANSWER)
		rc = cop__error(s, COP_EINVAL, "only answers can be accepted");
	if (rc == COP_OK)
		rc = accept_start(&x, s, &t, &acc, &c.community_id, &cid, &a);
	if (rc == COP_OK) {
		a.thread_id = t.id;
		a.community_id = c.community_id;
		a.contribution_id = cid;
		a.author_id = c.author_id;
		if (actor)
			a.acceptor_id = *actor;
		a.created = x.now;
		/* No reputation from accepting one's own answer. */
		if (!actor || !cop__same_id(actor, &c.author_id)) {
			rc = cop__rec_ledger_add(&x, &c.author_id, x.cfg.accept_author,
				COP_REP_ACCEPTED, &t.id, 0, &a.rep_author);
			if (rc == COP_OK)
				rc = cop__rec_ledger_add(&x, actor, x.cfg.accept_acceptor,
					COP_REP_ACCEPTOR, &t.id, 0, &a.rep_acceptor);
		}
	}
	if (rc == COP_OK && !cop_id_is_nil(&c.author_id) &&
	    (rc = cop__rec_ctx_standing(&x, &c.author_id, &st)) == COP_OK) {
		st->accepted++;
		REC_DIRTY(&x, st);
		rc = cop__rec_badge_give(&x, &c.author_id, COP_BADGE_FIRST_ACCEPTED, NULL,
			NULL);
	}
	if (rc == COP_OK && actor && !cop__same_id(actor, &t.author_id))
		rc = cop__rec_badge_give(&x, actor, COP_BADGE_FACILITATOR, NULL, NULL);
	if (rc == COP_OK && actor)
		rc = cop__rec_ctx_active(&x, actor);
	if (rc == COP_OK)
		rc = accept_finish(&x, &a, &t, 1,
			"answer.accept", &cid);
	if (rc == COP_OK)
		rc = cop__notify_accept(s, &c, &t);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	return cop__rec_write_end(s, rc);
}

int cop_answer_unaccept(cop_store *s, const char *thread_id)
{
	cop_thread_rec t;
	cop__access acc;
	accept a;
	rctx x;
	cop_id tid;
	int rc;

	if ((rc = cop__rec_write_begin(s, &tid, thread_id, "thread")) != COP_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	rc = cop__thread_load(s, &tid, &t, &acc);
	if (rc == COP_OK)
		rc = accept_start(&x, s, &t, &acc, &t.community_id, NULL, &a);
	if (rc == COP_OK)
		rc = cop__rec_ctx_active(&x, cop__actor(s));
	if (rc == COP_OK) {
		a.created = x.now;
		rc = accept_finish(&x, &a, &t, 0,
			"answer.unaccept", &tid);
	}
	cop_rec_clear(COP_REC_THREAD, &t);
	return cop__rec_write_end(s, rc);
}

int cop_answer_lookup(cop_contribution **out, cop_store *s,
	const char *thread_id)
{
	cop_thread_rec t;
	cop__access acc;
	const cop_backend_recognition *rt;
	char text[COP_ID_TEXT_LEN + 1];
	accept a;
	cop_id tid;
	int rc, found = 0;

	if (out)
		*out = NULL;
	if ((rc = cop__rec_out_arg(s, out)) != COP_OK)
		return rc;
	if ((rc = RECOGNITION(s, &rt)) != COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	rc = cop__thread_load(s, &tid, &t, &acc);
	cop_rec_clear(COP_REC_THREAD, &t);
	if (rc == COP_OK)
		rc = accept_read(s, &tid, &a, &found);
	if (rc == COP_OK && !found)
		rc = cop__error(s, COP_ENOTFOUND, "no accepted answer");
	if (rc != COP_OK)
		return rc;
	cop_id_format(text, &a.contribution_id);
	return cop_contribution_lookup(out, s, text);
}
COP__ALIAS(cop_answer_accepted, cop_answer_lookup);
