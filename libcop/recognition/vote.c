/*
 * vote.c: votes and reactions on contributions.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

static const char *const vote_names[] = { "up", "down", "helpful", "thanks" };

COP__ENUM_NAMES(cop_vote_kind, cop_vote_kind, vote_names)

/* ---- votes ------------------------------------------------------------------- */

typedef cop_vote_rec vote;

int cop__rec_vote_weight(int kind)
{
	return kind == COP_VOTE_UP || kind == COP_VOTE_HELPFUL ? 1 :
		kind == COP_VOTE_DOWN ? -1 : 0;
}

static int vote_like(int kind)
{
	return kind == COP_VOTE_UP || kind == COP_VOTE_HELPFUL ||
		kind == COP_VOTE_THANKS;
}

/* @p voter's vote on @p cid into *v (zeroed when none): *found 1 or 0. */
static int vote_read(cop_store *s, const cop_id *cid, const cop_id *voter,
	vote *v, int *found)
{
	int rc = REC_T(s)->vote_get(s->be, cid, voter, v);

	*found = rc == COP_OK;
	if (rc == COP_ENOTFOUND) {
		memset(v, 0, sizeof(*v));
		return COP_OK;
	}
	return cop__rec_be(s, rc);
}

/* Change a vote to @p kind (-1: retract).  Inside a write transaction. */
static int vote_apply(cop_store *s, const char *text, int kind)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	const cop_id *actor = cop__actor(s);
	standing *sa = NULL, *sv = NULL;
	vote v;
	rctx x;
	cop_id cid;
	int rc, found = 0, old, nominal, cost, allowed, delta;

	memset(&v, 0, sizeof(v));
	if ((rc = cop__id_arg(s, &cid, text, "contribution")) != COP_OK)
		return rc;
	rc = cop__rec_contribution_load(s, &cid, text, &c, &t, &acc);
	if (rc == COP_OK && actor) {
		if (!acc.can_post)
			rc = cop__error(s, COP_EPERM, "only active members of the "
				"community may vote");
		else if (cop__same_id(actor, &c.author_id))
			rc = cop__error(s, COP_EPERM,
				"no voting on your own contributions");
	}
	if (rc == COP_OK && kind == COP_VOTE_DOWN) {
		rc = cop__recognition_allows(s, &c.community_id, &acc,
			COP_PRIV_VOTE_DOWN, &allowed);
		if (rc == COP_OK && !allowed)
			rc = cop__error(s, COP_EPERM, "voting down needs trust "
				"level privilege vote-down");
	}
	if (rc == COP_OK && actor)
		rc = vote_read(s, &cid, actor, &v, &found);
	old = found ? v.kind : -1;
	if (rc == COP_OK && kind < 0 && old < 0)
		rc = cop__error(s, COP_ENOTFOUND, "no vote to retract");
	if (rc == COP_OK && kind >= 0 && old == kind)
		rc = cop__error(s, COP_EEXISTS, "the same vote is already cast");
	if (rc == COP_OK)
		rc = cop__rec_ctx_init(&x, s, &c.community_id, t.tags);
	/* A vote on hidden content (a moderator's) counts when it is shown. */
	x.masked = c.hidden || t.hidden;
	if (rc == COP_OK && !found) {
		rc = cop__id_new(s, &v.id);
		v.community_id = c.community_id;
		v.contribution_id = cid;
		if (actor)
			v.voter_id = *actor;
		v.author_id = c.author_id;
		v.created = x.now;
	}
	v.changed = x.now;
	/* Undo the old vote. */
	if (rc == COP_OK && old >= 0) {
		rc = cop__rec_ledger_reverse(&x, &c.author_id, v.rep_author, &v.id);
		if (rc == COP_OK)
			rc = cop__rec_ledger_reverse(&x, actor, v.rep_voter, &v.id);
		v.rep_author = v.rep_voter = 0;
		if (rc == COP_OK && vote_like(old)) {
			if (!cop_id_is_nil(&c.author_id) &&
			    (rc = cop__rec_ctx_standing(&x, &c.author_id, &sa)) == COP_OK) {
				sa->likes_received--;
				REC_DIRTY(&x, sa);
			}
			if (rc == COP_OK && actor &&
			    (rc = cop__rec_ctx_standing(&x, actor, &sv)) == COP_OK) {
				sv->likes_given--;
				REC_DIRTY(&x, sv);
			}
		}
	}
	/* Apply the new one. */
	if (rc == COP_OK && kind >= 0) {
		cop_rep_reason reason = COP_REP_UPVOTE;
		cost = 0;
		switch (kind) {
		case COP_VOTE_UP:
			nominal = c.kind == COP_CONTRIB_ANSWER ? x.cfg.up_answer :
				c.kind == COP_CONTRIB_POST &&
				t.kind == COP_THREAD_QUESTION ? x.cfg.up_question :
				x.cfg.up_other;
			break;
		case COP_VOTE_HELPFUL:
			nominal = x.cfg.helpful;
			reason = COP_REP_HELPFUL;
			break;
		case COP_VOTE_DOWN:
			nominal = x.cfg.down_received;
			reason = COP_REP_DOWNVOTE;
			if (c.kind == COP_CONTRIB_ANSWER)
				cost = x.cfg.down_answer_cost;
			break;
		default:
			nominal = 0;
			break;
		}
		rc = cop__rec_ledger_add(&x, &c.author_id, nominal, reason, &v.id,
			kind != COP_VOTE_DOWN, &v.rep_author);
		if (rc == COP_OK)
			rc = cop__rec_ledger_add(&x, actor, cost, COP_REP_DOWNVOTE_GIVEN, &v.id,
				0, &v.rep_voter);
		if (rc == COP_OK && vote_like(kind)) {
			if (!cop_id_is_nil(&c.author_id) &&
			    (rc = cop__rec_ctx_standing(&x, &c.author_id, &sa)) == COP_OK) {
				sa->likes_received++;
				REC_DIRTY(&x, sa);
			}
			if (rc == COP_OK && actor &&
			    (rc = cop__rec_ctx_standing(&x, actor, &sv)) == COP_OK) {
				sv->likes_given++;
				REC_DIRTY(&x, sv);
			}
		}
	}
	if (rc == COP_OK && actor)
		rc = cop__rec_ctx_active(&x, actor);
	v.kind = kind;
	if (rc == COP_OK)
		rc = cop__rec_be(s, REC_T(s)->vote_put(s->be, &v));
	delta = cop__rec_vote_weight(kind) - cop__rec_vote_weight(old);
	if (rc == COP_OK && delta != 0)
		rc = cop__rec_be(s, REC_T(s)->score_add(s->be, &cid, delta));
	if (rc == COP_OK)
		rc = cop__rec_score_badges(&x, &c, t.kind, c.score, c.score + delta);
	if (rc == COP_OK)
		rc = cop__rec_ctx_flush(&x);
	if (rc == COP_OK)
		rc = cop__log(s, kind >= 0 ? "vote.cast" : "vote.retract", &v.id,
			&c.community_id);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	return rc;
}

int cop_vote_cast(cop_store *s, const char *contribution_id,
	cop_vote_kind kind)
{
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((int)kind < COP_VOTE_UP || (int)kind > COP_VOTE_THANKS)
		return cop__error(s, COP_EINVAL, "invalid vote kind %d", (int)kind);
	if ((rc = cop__rec_write_begin(s, NULL, NULL, NULL)) != COP_OK)
		return rc;
	return cop__rec_write_end(s, vote_apply(s, contribution_id, kind));
}

int cop_vote_retract(cop_store *s, const char *contribution_id)
{
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system's anonymous votes "
			"cannot be retracted");
	if ((rc = cop__rec_write_begin(s, NULL, NULL, NULL)) != COP_OK)
		return rc;
	return cop__rec_write_end(s, vote_apply(s, contribution_id, -1));
}

int cop_vote_lookup(cop_vote_kind *out, cop_store *s, const char *contribution_id)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	const cop_backend_recognition *rt;
	cop_id cid;
	vote v;
	int rc, found = 0;

	if ((rc = cop__rec_out_arg(s, out)) != COP_OK)
		return rc;
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system has no vote of its own");
	if ((rc = RECOGNITION(s, &rt)) != COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &cid, contribution_id, "contribution")) != COP_OK)
		return rc;
	rc = cop__rec_contribution_load(s, &cid, contribution_id, &c, &t, &acc);
	if (rc == COP_OK)
		rc = vote_read(s, &cid, &s->actor, &v, &found);
	if (rc == COP_OK && (!found || v.kind < 0))
		rc = cop__error(s, COP_ENOTFOUND, "no vote");
	if (rc == COP_OK)
		*out = (cop_vote_kind)v.kind;
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	return rc == COP_OK ? cop__ok(s) : rc;
}
COP__ALIAS(cop_vote_get, cop_vote_lookup);
