/*
 * trust.c: trust levels and the privileges they grant.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

static const char *const priv_names[] = {
	"flag", "vote-down", "edit-others", "moderate"
};

const char *cop_privilege_name(cop_privilege p)
{
	return (int)p >= 0 && (int)p < 4 ? priv_names[p] : NULL;
}

/* The automatic trust level of a standing. */
int cop__rec_trust_auto(const cop_recognition_config *c, const standing *st)
{
	const int need[3][5] = {
		{ c->trust1_days, c->trust1_posts, c->trust1_given,
		  c->trust1_received, c->trust1_read },
		{ c->trust2_days, c->trust2_posts, c->trust2_given,
		  c->trust2_received, c->trust2_read },
		{ c->trust3_days, c->trust3_posts, c->trust3_given,
		  c->trust3_received, c->trust3_read },
	};
	int l;

	for (l = 0; l < 3; l++)
		if (st->days_active < need[l][0] || st->posts < need[l][1] ||
		    st->likes_given < need[l][2] ||
		    st->likes_received < need[l][3] ||
		    st->posts_read < need[l][4])
			break;
	return l;
}

int cop__recognition_allows(cop_store *s, const cop_id *cid,
	const cop__access *acc, int priv, int *out)
{
	cop_recognition_config cfg;
	standing st;
	int need, rc;

	*out = 0;
	/* Facilitators and owners hold every privilege but editing others'
	 * words, which comes from the trust level alone. */
	if (acc->system ||
	    (acc->is_facilitator && priv != COP_PRIV_EDIT_OTHERS)) {
		*out = 1;
		return COP_OK;
	}
	if (!s->has_actor || !HAS_REC(s))
		return COP_OK;
	if ((rc = cop__rec_config_load(s, cid, &cfg)) != COP_OK ||
	    (rc = cop__rec_standing_read(s, cid, &s->actor, &st)) != COP_OK)
		return rc;
	switch (priv) {
	case COP_PRIV_FLAG: need = cfg.priv_flag; break;
	case COP_PRIV_VOTE_DOWN: need = cfg.priv_vote_down; break;
	case COP_PRIV_EDIT_OTHERS: need = cfg.priv_edit_others; break;
	default: need = cfg.priv_moderate; break;
	}
	*out = st.trust >= need;
	return COP_OK;
}

int cop_trust_set(cop_store *s, const char *community, const char *member,
	int level)
{
	cop_community_rec c;
	standing *st;
	rctx x;
	cop_id mid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (level < -1 || level > 4)
		return cop__error(s, COP_EINVAL, "trust levels are 0-4 (-1: automatic)");
	if ((rc = cop__rec_write_begin(s, NULL, NULL, NULL)) != COP_OK)
		return rc;
	rc = cop__rec_facilitator_ctx(&x, s, community, member,
		"set trust levels", &c, &mid);
	if (rc == COP_OK && (rc = cop__rec_ctx_standing(&x, &mid, &st)) == COP_OK) {
		st->trust_manual = level >= 0;
		if (level >= 0)
			st->trust = level;
		REC_DIRTY(&x, st);
		rc = cop__rec_ctx_flush(&x);
	}
	if (rc == COP_OK)
		rc = cop__log(s, "trust.set", &mid, &c.id);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return cop__rec_write_end(s, rc);
}

int cop_trust_can(int *out, cop_store *s, const char *community,
	const char *member, cop_privilege priv)
{
	const cop_backend_recognition *rt;
	cop_community_rec c;
	cop_recognition_config cfg;
	cop_membership_rec m;
	cop__access acc;
	cop_key key;
	standing st;
	cop_id mid;
	int rc, need;

	if ((rc = cop__rec_out_arg(s, out)) != COP_OK)
		return rc;
	if ((int)priv < 0 || (int)priv > COP_PRIV_MODERATE)
		return cop__error(s, COP_EINVAL, "invalid privilege %d", (int)priv);
	if ((rc = RECOGNITION(s, &rt)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&m, 0, sizeof(m));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !member) {
		if (!s->has_actor) {
			*out = 1;
			cop_rec_clear(COP_REC_COMMUNITY, &c);
			return cop__ok(s);
		}
		mid = s->actor;
	} else if (rc == COP_OK) {
		rc = cop__rec_member_resolve(s, member, &mid);
	}
	if (rc == COP_OK)
		rc = cop__rec_config_load(s, &c.id, &cfg);
	if (rc == COP_OK)
		rc = cop__rec_standing_read(s, &c.id, &mid, &st);
	if (rc == COP_OK) {
		memset(&key, 0, sizeof(key));
		key.id = c.id;
		key.id2 = mid;
		if (s->be->get(s->be, COP_REC_MEMBERSHIP, &key, &m) == COP_OK &&
		    m.status == COP_MEMBERSHIP_ACTIVE &&
		    m.role >= COP_ROLE_FACILITATOR && priv != COP_PRIV_EDIT_OTHERS) {
			*out = 1;
		} else {
			switch (priv) {
			case COP_PRIV_FLAG: need = cfg.priv_flag; break;
			case COP_PRIV_VOTE_DOWN: need = cfg.priv_vote_down; break;
			case COP_PRIV_EDIT_OTHERS: need = cfg.priv_edit_others; break;
			default: need = cfg.priv_moderate; break;
			}
			*out = st.trust >= need;
		}
	}
	cop_rec_clear(COP_REC_MEMBERSHIP, &m);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return rc == COP_OK ? cop__ok(s) : rc;
}
