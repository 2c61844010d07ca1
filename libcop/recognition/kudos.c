/*
 * kudos.c: kudos from one member to another, and their listing.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- kudos -------------------------------------------------------------------------- */

struct cop_kudos {
	cop_id id, community, from, to, contribution;
	char *message;
	cop_time created;
	char t_id[37], t_community[37], t_from[37], t_to[37], t_contribution[37];
};

/* The kudos table's columns, as its operations' rows give them. */
static const cop__rec_col kudos_cols[] = {
	REC_COL(REC_ID, cop_kudos, id), REC_COL(REC_ID, cop_kudos, community),
	REC_COL(REC_ID, cop_kudos, from), REC_COL(REC_ID, cop_kudos, to),
	REC_COL(REC_ID, cop_kudos, contribution),
	REC_COL(REC_TEXT, cop_kudos, message), REC_COL(REC_I64, cop_kudos, created),
};
static const cop__rec_table kudos_table =
	REC_TABLE(cop_kudos, kudos_cols, 6, 0);

void cop_kudos_free(cop_kudos *k)
{
	cop__rec_obj_free(&kudos_table, k);
}

static int kudos_badges(rctx *x, const standing *st)
{
	const int th[3] = { x->cfg.badge_kudos1, x->cfg.badge_kudos2,
		x->cfg.badge_kudos3 };
	int i, rc;

	for (i = 0; i < 3; i++)
		if (th[i] > 0 && st->kudos_received == th[i] &&
		    (rc = cop__rec_badge_give(x, &st->member,
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
	const cop_id *actor;
	void *k = NULL;
	cop_key key;
	cop_val p[7];
	standing *st;
	rctx x;
	cop_id tid, kid, conid;
	int rc, applied;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = has_rop(s)) != COP_OK)
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
		memset(&key, 0, sizeof(key));
		key.id = conid;
		rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &key, &con);
		if (rc == COP_ENOTFOUND)
			rc = cop__error(s, rc, "no such contribution %s", contribution);
		else if (rc != COP_OK)
			rc = cop__be_error(s, rc, "reading a contribution");
		else if (!cop__same_id(&con.community_id, &c.id) ||
		         !cop__same_id(&con.author_id, &tid))
			rc = cop__error(s, COP_EINVAL, "the contribution is not by "
				"%s in this community", to);
	}
	if (rc == COP_OK)
		rc = cop__rec_ctx_init(&x, s, &c.id, NULL);
	if (rc == COP_OK)
		rc = cop__id_new(s, &kid);
	if (rc == COP_OK) {
		p[0] = cop__v_id(&kid);
		p[1] = cop__v_id(&c.id);
		p[2] = cop__v_id(actor);
		p[3] = cop__v_id(&tid);
		p[4] = cop__v_id(&conid);
		p[5] = cop__v_text(message);
		p[6] = cop__v_int(x.now);
		rc = rop_run(s, COP_ROP_KUDOS_INS, p, 7);
	}
	if (rc == COP_OK)
		rc = cop__rec_ledger_add(&x, &tid, x.cfg.kudos, COP_REP_KUDOS, &kid, 0,
			&applied);
	if (rc == COP_OK && (rc = cop__rec_ctx_standing(&x, &tid, &st)) == COP_OK) {
		st->kudos_received++;
		st->dirty = 1;
		rc = kudos_badges(&x, st);
	}
	if (rc == COP_OK && actor)
		rc = cop__rec_ctx_active(&x, actor);
	if (rc == COP_OK)
		rc = cop__rec_ctx_flush(&x);
	if (rc == COP_OK)
		rc = cop__log(s, "kudos.give", &kid, &c.id);
	if (rc == COP_OK && out) {
		cop_row r;
		memset(&r, 0, sizeof(r));
		r.ncols = 7;
		memcpy(r.col, p, sizeof(p));
		rc = cop__rec_obj_new(s, &kudos_table, &r, &k);
	}
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

REC_ID_GETTER(cop_kudos_id, cop_kudos, id)
REC_ID_GETTER(cop_kudos_community_id, cop_kudos, community)
REC_ID_GETTER(cop_kudos_from_id, cop_kudos, from)
REC_ID_GETTER(cop_kudos_to_id, cop_kudos, to)
REC_ID_GETTER(cop_kudos_contribution_id, cop_kudos, contribution)
const char *cop_kudos_message(const cop_kudos *k)
{
	return k ? k->message : NULL;
}
cop_time cop_kudos_created(const cop_kudos *k)
{
	return k ? k->created : 0;
}

REC_MAKE(kudos_make, kudos_table)
REC_MEMBER_LISTING(cop_kudos_iter_new, cop_kudos_iter, COP_ROP_KUDOS_LIST,
	kudos_make)

COP__ITER_FNS(cop_kudos, cop_kudos)
