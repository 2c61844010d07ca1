/*
 * standing.c: standings (a member's reputation, trust level and counters in
 * one community), the context of one recognition event that caches them,
 * and the contribution hook.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* Read a standing; a member without one gets the initial standing. */
int cop__rec_standing_read(cop_store *s, const cop_id *cid, const cop_id *mid,
	standing *st)
{
	int rc = REC_T(s)->standing_get(s->be, cid, mid, st);

	if (rc == COP_ENOTFOUND) {
		memset(st, 0, sizeof(*st));
		st->community_id = *cid;
		st->member_id = *mid;
		st->reputation = REP_INITIAL;
		st->last_day = -1;
		return COP_OK;
	}
	return cop__rec_be(s, rc);
}

int cop__rec_standing_write(cop_store *s, const standing *st)
{
	return cop__rec_be(s, REC_T(s)->standing_put(s->be, st));
}

/* ---- the context of one recognition event ------------------------------------ */

int cop__rec_ctx_init(rctx *x, cop_store *s, const cop_id *cid,
	const char *tags)
{
	memset(x, 0, sizeof(*x));
	x->s = s;
	x->community = *cid;
	x->now = cop__now(s);
	x->tags = tags ? tags : "";
	return cop__rec_config_load(s, cid, &x->cfg);
}

int cop__rec_ctx_standing(rctx *x, const cop_id *mid, standing **out)
{
	int i, rc;

	for (i = 0; i < x->nst; i++)
		if (cop__same_id(&x->st[i].member_id, mid)) {
			*out = &x->st[i];
			return COP_OK;
		}
	if (x->nst == CTX_STANDINGS)
		return cop__error(x->s, COP_ERROR, "too many standings in one event");
	if ((rc = cop__rec_standing_read(x->s, &x->community, mid,
			&x->st[x->nst])) != COP_OK)
		return rc;
	*out = &x->st[x->nst++];
	return COP_OK;
}

/* Count a day of activity for the actor. */
int cop__rec_ctx_active(rctx *x, const cop_id *mid)
{
	standing *st;
	int64_t day = cop__rec_floor_div(x->now, DAY_MS);
	int rc;

	if (!mid || cop_id_is_nil(mid))
		return COP_OK;
	if ((rc = cop__rec_ctx_standing(x, mid, &st)) != COP_OK)
		return rc;
	if (st->last_day != day) {
		st->last_day = day;
		st->days_active++;
	}
	REC_DIRTY(x, st);
	return COP_OK;
}

/* Write back every changed standing, with its trust level. */
int cop__rec_ctx_flush(rctx *x)
{
	int i, rc;

	for (i = 0; i < x->nst; i++) {
		standing *st = &x->st[i];
		if (!(x->dirty & (1u << i)))
			continue;
		if (!st->trust_manual)
			st->trust = cop__rec_trust_auto(&x->cfg, st);
		if ((rc = cop__rec_standing_write(x->s, st)) != COP_OK)
			return rc;
		x->dirty &= ~(1u << i);
	}
	return COP_OK;
}

/* ---- the contribution hook ---------------------------------------------------- */

/* The contribution hook; @p counted: -1 count the day as any activity
 * does; for an import, 0 its day is new to the import (counted unless
 * it is the last day), 1 the import counted it already. */
static int contribution_hook(cop_store *s, const cop_contribution_rec *c,
	const cop_thread_rec *t, int counted)
{
	standing *st, *ta;
	rctx x;
	int rc;

	if (!HAS_REC(s) || cop_id_is_nil(&c->author_id))
		return COP_OK;
	if ((rc = cop__rec_ctx_init(&x, s, &c->community_id, t->tags)) != COP_OK)
		return rc;
	if (counted < 0)
		rc = cop__rec_ctx_active(&x, &c->author_id);
	if (rc != COP_OK ||
	    (rc = cop__rec_ctx_standing(&x, &c->author_id, &st)) != COP_OK)
		return rc;
	if (counted >= 0) {
		/* Imported rows come out of time order: a day counts once
		 * whatever the order, the last day is the latest. */
		int64_t day = cop__rec_floor_div(c->created, DAY_MS);
		if (!counted && st->last_day != day)
			st->days_active++;
		if (day > st->last_day)
			st->last_day = day;
		REC_DIRTY(&x, st);
	}
	st->posts++;
	if (st->posts == 1 &&
	    (rc = cop__rec_badge_give(&x, &c->author_id, COP_BADGE_FIRST_POST, NULL,
			NULL)) != COP_OK)
		return rc;
	if (c->kind == COP_CONTRIB_SUMMARY &&
	    (rc = cop__rec_badge_give(&x, &c->author_id,
			COP_BADGE_SUMMARY_WRITER, NULL, NULL)) != COP_OK)
		return rc;
	/* Welcomer: the first reply in a thread that is its author's first
	 * contribution in the community. */
	if ((c->kind == COP_CONTRIB_REPLY || c->kind == COP_CONTRIB_ANSWER) &&
	    t->contribution_count == 2 && !cop_id_is_nil(&t->author_id) &&
	    !cop__same_id(&t->author_id, &c->author_id)) {
		if ((rc = cop__rec_ctx_standing(&x, &t->author_id, &ta)) != COP_OK)
			return rc;
		if (ta->posts == 1 &&
		    (rc = cop__rec_badge_give(&x, &c->author_id, COP_BADGE_WELCOMER, NULL,
				NULL)) != COP_OK)
			return rc;
	}
	return cop__rec_ctx_flush(&x);
}

int cop__recognition_contribution(cop_store *s, const cop_contribution_rec *c,
	const cop_thread_rec *t)
{
	return contribution_hook(s, c, t, -1);
}

int cop__recognition_imported(cop_store *s, const cop_contribution_rec *c,
	const cop_thread_rec *t, int counted)
{
	return contribution_hook(s, c, t, counted ? 1 : 0);
}

/* ---- contributions ---------------------------------------------------------------- */

int cop__rec_contribution_load(cop_store *s, const cop_id *cid,
	const char *text, cop_contribution_rec *c, cop_thread_rec *t,
	cop__access *acc)
{
	cop_key key;
	int rc;

	memset(c, 0, sizeof(*c));
	memset(t, 0, sizeof(*t));
	memset(&key, 0, sizeof(key));
	key.id = *cid;
	rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &key, c);
	if (rc == COP_ENOTFOUND)
		return cop__missing(s, "contribution");
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading a contribution");
	/* In a thread the actor does not see: as not there. */
	if ((rc = cop__thread_load(s, &c->thread_id, t, acc)) != COP_OK)
		return rc == COP_ENOTFOUND ? cop__missing(s, "contribution") :
			rc;
	return cop__contribution_check(s, text, c, acc);
}

int cop__rec_contribution_write(cop_store *s, const char *text, cop_id *cid,
	cop_contribution_rec *c, cop_thread_rec *t, cop__access *acc)
{
	int rc;

	memset(c, 0, sizeof(*c));
	memset(t, 0, sizeof(*t));
	if ((rc = cop__id_arg(s, cid, text, "contribution")) != COP_OK ||
	    (rc = cop__write_begin(s)) != COP_OK)
		return rc;
	if ((rc = cop__rec_contribution_load(s, cid, text, c, t, acc)) != COP_OK) {
		cop_rec_clear(COP_REC_CONTRIBUTION, c);
		cop_rec_clear(COP_REC_THREAD, t);
		return cop__write_end(s, rc);
	}
	return COP_OK;
}

/* ---- members by id or handle ------------------------------------------------------ */

int cop__rec_member_resolve(cop_store *s, const char *text, cop_id *out)
{
	cop_member_rec m;
	cop_key key;
	int rc;

	if (!text || !*text)
		return cop__error(s, COP_EINVAL, "member is required");
	memset(&key, 0, sizeof(key));
	memset(&m, 0, sizeof(m));
	if (cop_id_parse(&key.id, text) != COP_OK)
		key.name = text;
	rc = s->be->get(s->be, COP_REC_MEMBER, &key, &m);
	if (rc == COP_OK)
		*out = m.id;
	cop_rec_clear(COP_REC_MEMBER, &m);
	if (rc == COP_ENOTFOUND)
		return cop__missing(s, "member");
	if (rc != COP_OK)
		return cop__be_error(s, rc, "reading a member");
	return cop__member_seen(s, out);
}

/* ---- standings (public) --------------------------------------------------------- */

struct cop_standing {
	standing st;
	char t_member[37];
};

int cop_standing_lookup(cop_standing **out, cop_store *s, const char *community,
	const char *member)
{
	cop_recognition_config cfg;
	cop__access acc;
	cop_standing *o;
	cop_id cid, mid;
	int rc;

	if ((rc = cop__rec_member_args_acc(s, (void **)out, community, member,
			&cid, &mid, &acc)) != COP_OK)
		return rc;
	if (!(o = cop_mallocz(sizeof(*o))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	if ((rc = cop__rec_standing_read(s, &cid, &mid, &o->st)) != COP_OK ||
	    (rc = cop__rec_config_load(s, &cid, &cfg)) != COP_OK) {
		cop_free(o);
		return rc;
	}
	/* Points of hidden content taken out may leave the sum below the
	 * floor: the reputation read never is (docs/recognition.md). */
	if (o->st.reputation < cfg.floor)
		o->st.reputation = cfg.floor;
	/* The counters count the facts, hidden content included: only
	 * those who see that content, and the member, read them; to anyone
	 * else they are -1, so that no count tells of a hidden
	 * contribution (docs/recognition.md, "Hidden content"). */
	if (!acc.system && !acc.is_facilitator && (!s->has_actor ||
	    s->anonymous || memcmp(&s->actor, &mid, sizeof(mid)) != 0)) {
		o->st.days_active = o->st.posts = o->st.likes_given = -1;
		o->st.likes_received = o->st.kudos_received = -1;
		o->st.accepted = o->st.posts_read = -1;
	}
	*out = o;
	return cop__ok(s);
}
COP__ALIAS(cop_standing_get, cop_standing_lookup);

void cop_standing_free(cop_standing *st) { cop_free(st); }
const char *cop_standing_member_id(const cop_standing *st)
{
	return st ? cop__lazy_id((char *)st->t_member, &st->st.member_id) : NULL;
}
int64_t cop_standing_reputation(const cop_standing *st) { return st ? st->st.reputation : 0; }
int cop_standing_trust_level(const cop_standing *st) { return st ? st->st.trust : 0; }
int cop_standing_trust_manual(const cop_standing *st) { return st ? st->st.trust_manual : 0; }
int cop_standing_days_active(const cop_standing *st) { return st ? st->st.days_active : 0; }
int cop_standing_posts(const cop_standing *st) { return st ? st->st.posts : 0; }
int cop_standing_likes_given(const cop_standing *st) { return st ? st->st.likes_given : 0; }
int cop_standing_likes_received(const cop_standing *st) { return st ? st->st.likes_received : 0; }
int cop_standing_kudos_received(const cop_standing *st) { return st ? st->st.kudos_received : 0; }
int cop_standing_accepted(const cop_standing *st) { return st ? st->st.accepted : 0; }

/* Count posts read in thread @p t for the actor (cop_thread_read()). */
int cop__recognition_read(cop_store *s, const cop_thread_rec *t, int posts)
{
	standing *st;
	rctx x;
	int rc;

	rc = cop__rec_ctx_init(&x, s, &t->community_id, NULL);
	if (rc == COP_OK && (rc = cop__rec_ctx_active(&x, &s->actor)) == COP_OK &&
	    (rc = cop__rec_ctx_standing(&x, &s->actor, &st)) == COP_OK) {
		int n = posts < t->contribution_count ? posts : t->contribution_count;
		st->posts_read = st->posts_read > INT_MAX - n ? INT_MAX :
			st->posts_read + n;
		REC_DIRTY(&x, st);
		rc = cop__rec_ctx_flush(&x);
	}
	return rc;
}

int cop_standing_posts_read(const cop_standing *st)
{
	return st ? st->st.posts_read : 0;
}
