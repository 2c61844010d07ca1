/*
 * flag.c: flags raised on contributions for moderators to review, and
 * their review queue.  Flags are kept in the recognition storage (the
 * backend's rop() operations) and raising or resolving one depends on
 * the trust privileges (COP_PRIV_FLAG, COP_PRIV_MODERATE).
 */
#include "recognition/recognition_int.h"

static const char *const flag_state_names[] = { "open", "upheld", "dismissed" };
COP__ENUM_NAMES(cop_flag_state, cop_flag_state, flag_state_names)

#define FLAG_REASON_MAX 500

struct cop_flag {
	cop_id id, community, contribution, flagger, resolver;
	char *reason;
	int state;
	cop_time created, resolved;
	char t_id[37], t_community[37], t_contribution[37], t_flagger[37],
	     t_resolver[37];
};

/* The flag table's columns, as its operations' rows give them. */
static const cop__rec_col flag_cols[] = {
	REC_COL(REC_ID, cop_flag, id), REC_COL(REC_ID, cop_flag, community),
	REC_COL(REC_ID, cop_flag, contribution), REC_COL(REC_ID, cop_flag, flagger),
	REC_COL(REC_TEXT, cop_flag, reason), REC_COL(REC_INT, cop_flag, state),
	REC_COL(REC_I64, cop_flag, created), REC_COL(REC_ID, cop_flag, resolver),
	REC_COL(REC_I64, cop_flag, resolved),
};
static const cop__rec_table flag_table = REC_TABLE(cop_flag, flag_cols, 6, 0);

void cop_flag_free(cop_flag *f)
{
	cop__rec_obj_free(&flag_table, f);
}

/* A flag's row into the cop_flag * at @p out. */
static int flag_row(cop_store *s, const cop_row *r, void *out)
{
	void *f;
	int rc = cop__rec_obj_new(s, &flag_table, r, &f);

	*(cop_flag **)out = f;
	return rc;
}

int cop_flag_raise(cop_flag **out, cop_store *s, const char *contribution_id,
	const char *reason)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	cop_flag *f = NULL;
	cop_val p[9];
	cop_id cid;
	int64_t n = 0;
	int rc, allowed = 0;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system does not flag; "
			"act as a member");
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__check_text(s, reason, "reason", 0, FLAG_REASON_MAX, 0))
			!= COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &cid, contribution_id, "contribution")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	rc = cop__rec_contribution_load(s, &cid, contribution_id, &c, &t, &acc);
	if (rc == COP_OK && !acc.can_post)
		rc = cop__error(s, COP_EPERM, "only active members of the "
			"community may flag");
	if (rc == COP_OK && cop__same_id(&s->actor, &c.author_id))
		rc = cop__error(s, COP_EPERM, "no flagging your own contributions");
	if (rc == COP_OK) {
		rc = cop__recognition_allows(s, &c.community_id, &acc,
			COP_PRIV_FLAG, &allowed);
		if (rc == COP_OK && !allowed)
			rc = cop__error(s, COP_EPERM, "flagging needs trust level "
				"privilege flag");
	}
	if (rc == COP_OK) {
		p[0] = cop__v_id(&cid);
		p[1] = cop__v_id(&s->actor);
		rc = cop__rec_count(s, COP_ROP_FLAG_HAS, p, 2, &n);
		if (rc == COP_OK && n > 0)
			rc = cop__error(s, COP_EEXISTS, "you have already flagged "
				"this contribution");
	}
	if (rc == COP_OK && !(f = cop_mallocz(sizeof(*f))))
		rc = cop__error(s, COP_ENOMEM, "out of memory");
	if (rc == COP_OK && !(f->reason = cop_strdup(reason)))
		rc = cop__error(s, COP_ENOMEM, "out of memory");
	if (rc == COP_OK)
		rc = cop__id_new_now(s, &f->id, &f->created);
	if (rc == COP_OK) {
		f->community = c.community_id;
		f->contribution = cid;
		f->flagger = s->actor;
		f->state = COP_FLAG_OPEN;
		p[0] = cop__v_id(&f->id);
		p[1] = cop__v_id(&f->community);
		p[2] = cop__v_id(&f->contribution);
		p[3] = cop__v_id(&f->flagger);
		p[4] = cop__v_text(f->reason);
		p[5] = cop__v_int(f->state);
		p[6] = cop__v_int(f->created);
		p[7] = cop__v_id(&cop__nil_id);
		p[8] = cop__v_int(0);
		rc = rop_run(s, COP_ROP_FLAG_INS, p, 9);
	}
	if (rc == COP_OK)
		rc = cop__log(s, "flag.raise", &f->id, &c.community_id);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	rc = cop__write_end(s, rc);
	if (rc != COP_OK || !out)
		cop_flag_free(f);
	else
		*out = f;
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* May the actor resolve flags in community @p cid?  EPERM when not. */
static int flag_moderator(cop_store *s, const cop_id *cid, const char *what)
{
	cop__access acc;
	int rc, allowed = 0;

	/* Moderators are active members: visibility follows from that. */
	if ((rc = cop__community_access(s, cid, -1, &acc)) != COP_OK)
		return rc;
	if (!acc.system && !acc.can_post)
		return cop__error(s, COP_EPERM, "only active members may %s", what);
	if ((rc = cop__recognition_allows(s, cid, &acc, COP_PRIV_MODERATE,
			&allowed)) != COP_OK)
		return rc;
	return allowed ? COP_OK : cop__error(s, COP_EPERM, "only facilitators, "
		"owners and members with the moderate privilege may %s", what);
}

int cop_flag_resolve(cop_store *s, const char *flag_id, cop_flag_state outcome)
{
	cop_flag *f = NULL;
	cop_val p[4];
	cop_id fid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (outcome != COP_FLAG_UPHELD && outcome != COP_FLAG_DISMISSED)
		return cop__error(s, COP_EINVAL, "a flag is resolved as upheld "
			"or dismissed");
	if ((rc = cop__rec_write_begin(s, &fid, flag_id, "flag")) != COP_OK)
		return rc;
	p[0] = cop__v_id(&fid);
	rc = cop__rec_rows(s, COP_ROP_FLAG_GET, p, 1, 1, flag_row, &f, NULL);
	if (rc == COP_OK && !f)
		rc = cop__error(s, COP_ENOTFOUND, "no such flag %s", flag_id);
	if (rc == COP_OK)
		rc = flag_moderator(s, &f->community, "resolve flags");
	if (rc == COP_OK && f->state != COP_FLAG_OPEN)
		rc = cop__error(s, COP_EINVAL, "the flag is already %s",
			flag_state_names[f->state % 3]);
	if (rc == COP_OK) {
		p[0] = cop__v_id(&fid);
		p[1] = cop__v_int(outcome);
		p[2] = s->has_actor ? cop__v_id(&s->actor) : cop__v_id(&cop__nil_id);
		p[3] = cop__v_int(cop__now(s));
		rc = rop_run(s, COP_ROP_FLAG_RESOLVE, p, 4);
	}
	if (rc == COP_OK)
		rc = cop__log(s, outcome == COP_FLAG_UPHELD ? "flag.uphold" :
			"flag.dismiss", &fid, &f->community);
	cop_flag_free(f);
	return cop__rec_write_end(s, rc);
}

static int flag_make(cop_store *s, const cop_row *r, void **obj,
	cop__key *key)
{
	return cop__rec_make(s, &flag_table, r, obj, key);
}

int cop_flag_iter_new(cop_flag_iter **out, cop_store *s, const char *community,
	cop_flag_state state, const cop_page *page)
{
	cop_val p[5];
	cop_id cid;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = cop__rec_out_arg(s, out)) != COP_OK)
		return rc;
	if ((int)state < COP_FLAG_OPEN || (int)state > COP_FLAG_DISMISSED)
		return cop__error(s, COP_EINVAL, "invalid flag state %d", (int)state);
	if ((rc = cop__rec_listing_args(s, community, NULL, &cid, NULL)) != COP_OK)
		return rc;
	if ((rc = flag_moderator(s, &cid, "review flags")) != COP_OK)
		return rc;
	p[0] = cop__v_id(&cid);
	p[1] = cop__v_int(state);
	if ((rc = cop__iter_rows((cop__iter **)out, s, COP_ROP_FLAG_LIST, p, 5,
			page, INT64_MIN, &cop__nil_id, flag_make, NULL,
			"recognition")) != COP_OK)
		return rc;
	return cop__ok(s);
}

COP__ITER_NEXT_FREE(cop_flag, cop_flag)
COP__ITER_CURSOR(cop_flag)

REC_ID_GETTER(cop_flag_id, cop_flag, id)
REC_ID_GETTER(cop_flag_community_id, cop_flag, community)
REC_ID_GETTER(cop_flag_contribution_id, cop_flag, contribution)
REC_ID_GETTER(cop_flag_flagger_id, cop_flag, flagger)
const char *cop_flag_reason(const cop_flag *f) { return f ? f->reason : NULL; }
cop_flag_state cop_flag_state_get(const cop_flag *f)
{
	return f ? (cop_flag_state)f->state : COP_FLAG_OPEN;
}
cop_time cop_flag_created(const cop_flag *f) { return f ? f->created : 0; }
REC_ID_GETTER(cop_flag_resolver_id, cop_flag, resolver)
cop_time cop_flag_resolved(const cop_flag *f) { return f ? f->resolved : 0; }
