/*
 * flag.c: flags raised on contributions for moderators to review, and
 * their review queue.  Flags are kept through the backend's moderation
 * interface (sys/backend.h's cop_backend_moderation; on backends of
 * versions 2 to 4, the same methods over their rop(), sql/moderation.c),
 * and raising or resolving one depends on the trust privileges
 * (COP_PRIV_FLAG, COP_PRIV_MODERATE).
 */
#include "recognition/recognition_int.h"

/* The backend's table of this feature (COP__FEATURE_GET). */
#define MODERATION(s, out) \
	COP__FEATURE_GET(s, out, moderation, cop__sql_moderation, "moderation")

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

void cop_flag_free(cop_flag *f)
{
	if (!f)
		return;
	cop_free(f->reason);
	cop_free(f);
}

/* A flag object from a record (whose strings stay the record's). */
static int flag_from_rec(cop_store *s, const cop_flag_rec *r, cop_flag **out)
{
	cop_flag *f = cop_mallocz(sizeof(*f));

	if (!f || !(f->reason = cop_strdup(r->reason ? r->reason : ""))) {
		cop_free(f);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	f->id = r->id;
	f->community = r->community_id;
	f->contribution = r->contribution_id;
	f->flagger = r->flagger_id;
	f->state = r->state;
	f->created = r->created;
	f->resolver = r->resolver_id;
	f->resolved = r->resolved;
	*out = f;
	return COP_OK;
}

int cop_flag_raise(cop_flag **out, cop_store *s, const char *contribution_id,
	const char *reason)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	const cop_backend_moderation *m;
	cop_flag *f = NULL;
	cop_flag_rec r;
	cop_id cid;
	int rc, allowed = 0, found = 0;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system does not flag; "
			"act as a member");
	if ((rc = MODERATION(s, &m)) != COP_OK)
		return rc;
	if ((rc = cop__check_text(s, reason, "reason", 0, FLAG_REASON_MAX, 0))
			!= COP_OK)
		return rc;
	if ((rc = cop__rec_contribution_write(s, contribution_id, &cid, &c, &t,
			&acc)) != COP_OK)
		return rc;
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
		rc = m->flag_find(s->be, &cid, &s->actor, &found);
		if (rc != COP_OK)
			rc = cop__be_error(s, rc, "moderation");
		else if (found)
			rc = cop__error(s, COP_EEXISTS, "you have already flagged "
				"this contribution");
	}
	/* The record (its reason borrowed), and the flag made from it. */
	memset(&r, 0, sizeof(r));
	if (rc == COP_OK)
		rc = cop__id_new_now(s, &r.id, &r.created);
	if (rc == COP_OK) {
		r.community_id = c.community_id;
		r.contribution_id = cid;
		r.flagger_id = s->actor;
		r.reason = (char *)reason;
		r.state = COP_FLAG_OPEN;
		rc = flag_from_rec(s, &r, &f);
	}
	if (rc == COP_OK && (rc = m->flag_insert(s->be, &r)) != COP_OK)
		rc = cop__be_error(s, rc, "moderation");
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

/* A flag is seen by whoever sees its contribution; one the actor does
 * not see is refused as not there ("no such flag"). */
static int flag_seen(cop_store *s, const cop_flag *f)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	int rc;

	rc = cop__rec_contribution_load(s, &f->contribution, f->t_contribution,
		&c, &t, &acc);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	return rc == COP_ENOTFOUND ? cop__missing(s, "flag") : rc;
}

/* An upheld flag @p f hides its contribution when its community says so
 * (cop_community_set_flag_hides()) and it is not hidden yet: through
 * cop_contribution_hide(), in the resolution's transaction, so that it
 * is in the moderation log, with the reason "upheld flag <flag id>". */
static int upheld_hide(cop_store *s, const cop_flag *f)
{
	cop_community_rec k;
	cop_contribution_rec c;
	char reason[64], text[COP_ID_TEXT_LEN + 1];
	cop_key key;
	int rc, hide;

	memset(&key, 0, sizeof(key));
	key.id = f->community;
	if ((rc = cop__rec_get(s, COP_REC_COMMUNITY, &key, &k)) != COP_OK)
		return rc == COP_ENOTFOUND ? COP_OK : rc;
	hide = k.flag_hides;
	cop_rec_clear(COP_REC_COMMUNITY, &k);
	if (!hide)
		return COP_OK;
	key.id = f->contribution;
	if ((rc = cop__rec_get(s, COP_REC_CONTRIBUTION, &key, &c)) != COP_OK)
		return rc == COP_ENOTFOUND ? COP_OK : rc;
	hide = !c.hidden;
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	if (!hide)
		return COP_OK;
	memcpy(reason, "upheld flag ", 12);
	cop_id_format(reason + 12, &f->id);
	cop_id_format(text, &f->contribution);
	return cop_contribution_hide(s, text, reason);
}

int cop_flag_resolve(cop_store *s, const char *flag_id, cop_flag_state outcome)
{
	const cop_backend_moderation *m;
	cop_flag *f = NULL;
	cop_flag_rec r;
	cop_id fid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (outcome != COP_FLAG_UPHELD && outcome != COP_FLAG_DISMISSED)
		return cop__error(s, COP_EINVAL, "a flag is resolved as upheld "
			"or dismissed");
	if ((rc = MODERATION(s, &m)) != COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &fid, flag_id, "flag")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = m->flag_get(s->be, &fid, &r);
	if (rc == COP_OK) {
		rc = flag_from_rec(s, &r, &f);
		cop_rec_clear(COP_REC_FLAG, &r);
	} else if (rc == COP_ENOTFOUND) {
		rc = cop__missing(s, "flag");
	} else {
		rc = cop__be_error(s, rc, "moderation");
	}
	if (rc == COP_OK)
		rc = flag_seen(s, f);
	if (rc == COP_OK)
		rc = flag_moderator(s, &f->community, "resolve flags");
	if (rc == COP_OK && f->state != COP_FLAG_OPEN)
		rc = cop__error(s, COP_EINVAL, "the flag is already %s",
			flag_state_names[f->state % 3]);
	if (rc == COP_OK) {
		rc = m->flag_resolve(s->be, &fid, outcome,
			s->has_actor ? &s->actor : NULL, cop__now(s));
		if (rc != COP_OK)
			rc = cop__be_error(s, rc, "moderation");
	}
	if (rc == COP_OK)
		rc = cop__log(s, outcome == COP_FLAG_UPHELD ? "flag.uphold" :
			"flag.dismiss", &fid, &f->community);
	if (rc == COP_OK && outcome == COP_FLAG_UPHELD)
		rc = upheld_hide(s, f);
	cop_flag_free(f);
	return cop__write_done(s, rc);
}

static int flag_make(cop_store *s, void *rec, void **obj, cop__key *key)
{
	cop_flag *f;
	int rc = flag_from_rec(s, rec, &f);

	if (rc != COP_OK)
		return rc;
	key->num = f->created;
	key->id = f->id;
	*obj = f;
	return COP_OK;
}

/* What flag_open() lists: a community's flags in one state. */
typedef struct flag_listing {
	const cop_backend_moderation *m;
	cop_id community;
	int state;
} flag_listing;

static int flag_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	const flag_listing *l = arg;
	cop_flag_query fq;
	int rc;

	memset(&fq, 0, sizeof(fq));
	fq.community = l->community;
	fq.state = l->state;
	fq.has_after = q->has_after;
	fq.after_created = q->after_num;
	fq.after_id = q->after_id;
	fq.limit = q->limit;
	rc = l->m->flag_list(s->be, &fq, bi);
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "moderation");
}

int cop_flag_iter_new(cop_flag_iter **out, cop_store *s, const char *community,
	cop_flag_state state, const cop_page *page)
{
	flag_listing l;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK)
		return rc;
	if ((int)state < COP_FLAG_OPEN || (int)state > COP_FLAG_DISMISSED)
		return cop__error(s, COP_EINVAL, "invalid flag state %d", (int)state);
	if ((rc = MODERATION(s, &l.m)) != COP_OK)
		return rc;
	if ((rc = cop__rec_listing_args(s, community, NULL, &l.community,
			NULL)) != COP_OK)
		return rc;
	if ((rc = flag_moderator(s, &l.community, "review flags")) != COP_OK)
		return rc;
	l.state = state;
	if ((rc = cop__iter_typed((cop__iter **)out, s, page, COP_REC_FLAG,
			flag_open, &l, flag_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

COP__ITER_FNS(cop_flag, cop_flag)

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
