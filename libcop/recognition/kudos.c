/*
 * kudos.c: kudos from one member to another, and their listing.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- kudos -------------------------------------------------------------------------- */

COP__FREE_FN(cop_kudos)

static int kudos_badges(rctx *x, const standing *st)
{
	const int th[3] = { x->cfg.badge_kudos1, x->cfg.badge_kudos2,
		x->cfg.badge_kudos3 };
	int i, rc;

	for (i = 0; i < 3; i++)
		if (th[i] > 0 && st->kudos_received == th[i] &&
		    (rc = cop__rec_badge_give(x, &st->member_id,
				(cop_badge)(COP_BADGE_APPRECIATED + i), NULL, NULL))
				!= COP_OK)
			return rc;
	return COP_OK;
}

int cop_kudos_give(cop_kudos **out, cop_store *s, const char *community,
	const char *to, const char *contribution, const char *message)
{
	cop_community_rec c;
	cop_contribution_rec con;
	cop_membership_rec m;
	cop__access acc;
	const cop_backend_recognition *rt;
	const cop_id *actor;
	void *k = NULL;
	cop_kudos_rec kr;
	cop_key key;
	standing *st;
	rctx x;
	cop_id tid, conid;
	int rc, applied, hidden = 0;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = RECOGNITION(s, &rt)) != COP_OK)
		return rc;
	if ((rc = cop__check_text(s, message, "message", 0, COP_KUDOS_MAX, 0))
			!= COP_OK)
		return rc;
	memset(&conid, 0, sizeof(conid));
	if (contribution && (rc = cop__id_arg(s, &conid, contribution,
			"contribution")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	actor = cop__actor(s);
	memset(&c, 0, sizeof(c));
	memset(&con, 0, sizeof(con));
	memset(&m, 0, sizeof(m));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !acc.system && !acc.can_post)
		rc = cop__error(s, COP_EPERM, "only active members may give kudos");
	if (rc == COP_OK)
		rc = cop__rec_member_resolve(s, to, &tid);
	if (rc == COP_OK && actor && cop__same_id(actor, &tid))
		rc = cop__error(s, COP_EINVAL, "no kudos to oneself");
	if (rc == COP_OK) {
		memset(&key, 0, sizeof(key));
		key.id = c.id;
		key.id2 = tid;
		rc = s->be->get(s->be, COP_REC_MEMBERSHIP, &key, &m);
		if (rc == COP_ENOTFOUND || (rc == COP_OK &&
		    m.status == COP_MEMBERSHIP_LEFT))
			rc = cop__error(s, COP_ENOTFOUND, "%s is not a member of "
				"the community", to);
		else if (rc != COP_OK)
			rc = cop__be_error(s, rc, "reading a membership");
	}
	if (rc == COP_OK && contribution) {
		/* Only for one the giver sees (not in a thread, or itself,
		 * hidden from them), in this community: anything else is
		 * refused as missing, like an unknown id. */
		cop_thread_rec t;
		cop__access tacc;

		rc = cop__rec_contribution_load(s, &conid, contribution, &con,
			&t, &tacc);
		hidden = con.hidden || t.hidden;
		cop_rec_clear(COP_REC_THREAD, &t);
		if (rc == COP_OK && !cop__same_id(&con.community_id, &c.id))
			rc = cop__missing(s, "contribution");
		else if (rc == COP_OK && !cop__same_id(&con.author_id, &tid))
			rc = cop__error(s, COP_EINVAL, "the contribution is not by "
				"%s in this community", to);
	}
	if (rc == COP_OK)
		rc = cop__rec_ctx_init(&x, s, &c.id, NULL);
	x.masked = hidden;
	memset(&kr, 0, sizeof(kr));
	if (rc == COP_OK && (rc = cop__id_new(s, &kr.id)) == COP_OK) {
		/* The record, its message borrowed. */
		const cop_kudos_rec k0 = { kr.id, c.id,
			actor ? *actor : cop__nil_id, tid, conid, (char *)message,
			x.now };
		kr = k0;
		rc = cop__rec_be(s, rt->kudos_insert(s->be, &kr));
	}
	if (rc == COP_OK)
		rc = cop__rec_ledger_add(&x, &tid, x.cfg.kudos, COP_REP_KUDOS, &kr.id,
			0, &applied);
	if (rc == COP_OK && (rc = cop__rec_ctx_standing(&x, &tid, &st)) == COP_OK) {
		st->kudos_received++;
		REC_DIRTY(&x, st);
		rc = kudos_badges(&x, st);
	}
	if (rc == COP_OK && actor)
		rc = cop__rec_ctx_active(&x, actor);
	if (rc == COP_OK)
		rc = cop__rec_ctx_flush(&x);
	if (rc == COP_OK)
		rc = cop__notify_kudos(s, &kr, contribution ? &con.thread_id : NULL);
	if (rc == COP_OK)
		rc = cop__log(s, "kudos.give", &kr.id, &c.id);
	if (rc == COP_OK && out)
		rc = cop__wrap_borrowed(s, COP_REC_KUDOS, &kr, &k);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	cop_rec_clear(COP_REC_CONTRIBUTION, &con);
	cop_rec_clear(COP_REC_MEMBERSHIP, &m);
	rc = cop__write_end(s, rc);
	if (rc != COP_OK) {
		cop_kudos_free(k);
		return rc;
	}
	if (out)
		*out = k;
	return cop__ok(s);
}

COP__GETTER_ID(cop_kudos, id)
COP__GETTER_ID(cop_kudos, community_id)
COP__GETTER_ID(cop_kudos, from_id)
COP__GETTER_ID(cop_kudos, to_id)
COP__GETTER_ID(cop_kudos, contribution_id)
COP__GETTER_TEXT(cop_kudos, message)
COP__GETTER(cop_kudos, created, cop_time, 0)

REC_WRAP_MAKE(kudos_make, COP_REC_KUDOS, cop_kudos_rec, created, id)
REC_MEMBER_LISTING(cop_kudos_iter_new, cop_kudos_iter, COP_REC_KUDOS,
	kudos_make)

COP__ITER_FNS(cop_kudos, cop_kudos)
