/*
 * moderation.c: moderation that holds (include/cop/moderation.h).
 * Suspensions (store-wide) and silences (in a community) with a reason
 * and an optional end, hidden contributions, and the moderation log.
 *
 * The rules live here: what is in force on the actor is read before
 * every write, where the core computes the actor's access
 * (cop__moderation_restrain(), called from store.c), so that no write
 * path needs a check of its own; an action is in force while start <=
 * now < until (until 0: no end) and it is not lifted, by the store's
 * clock, so an action ends by itself.  The actions are kept through the
 * backend's moderation table from its version 2 (sys/backend.h; the SQL
 * backends: sql/moderation.c), a contribution's hiding in its column
 * hidden, and who sees a hidden contribution is visibility.h's rule.
 */
#include "recognition/recognition_int.h"
#include "visibility.h"
#include "cop/moderation.h"

_Static_assert((int)COP_MODLOG_SUSPEND == COP_MODACTION_SUSPEND &&
	(int)COP_MODLOG_SILENCE == COP_MODACTION_SILENCE &&
	(int)COP_MODLOG_HIDE == COP_MODACTION_HIDE &&
	(int)COP_MODLOG_UNHIDE == COP_MODACTION_UNHIDE &&
	(int)COP_MODLOG_UNSUSPEND == COP_MODACTION_UNSUSPEND &&
	(int)COP_MODLOG_UNSILENCE == COP_MODACTION_UNSILENCE &&
	(int)COP_MODLOG_REDACT == COP_MODACTION_REDACT, "modlog kinds");

static const char *const modlog_kind_names[] = {
	"suspend", "silence", "hide", "unhide", "unsuspend", "unsilence",
	"redact"
};
COP__ENUM_NAMES(cop_modlog_kind, cop_modlog_kind, modlog_kind_names)

#define REASON_MAX 500

/* The backend's table when it keeps moderation actions (version 2),
 * else NULL. */
static const cop_backend_moderation *actions_table(cop_store *s)
{
	const cop_backend_moderation *m =
		COP__FEATURE(s, moderation, cop__sql_moderation);

	return m && m->version >= 2 ? m : NULL;
}

/* The same, or COP_ENOTSUP with a message. */
static int actions_get(cop_store *s, const cop_backend_moderation **out)
{
	if ((*out = actions_table(s)) != NULL)
		return COP_OK;
	return cop__error(s, COP_ENOTSUP, "the %s backend has no moderation "
		"actions", s->be->name ? s->be->name : "store's");
}

/* What is in force on @p member at the store's time (COP_MOD_* bits);
 * @p community NULL: only a suspension is asked. */
static int in_force(cop_store *s, const cop_backend_moderation *m,
	const cop_id *member, const cop_id *community, unsigned int *out)
{
	int rc = m->action_force(s->be, member, community, cop__now(s), out);

	if (rc == COP_ENOTSUP) {   /* an older rop() without the operation */
		*out = 0;
		return COP_OK;
	}
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "reading moderation");
}

int cop__moderation_restrain(cop_store *s, const cop_id *cid,
	cop__access *acc)
{
	const cop_backend_moderation *m;
	unsigned int bits = 0;
	int rc;

	acc->restrained = 0;
	if (!s->has_actor || !s->writing || !(m = actions_table(s)))
		return COP_OK;
	if ((rc = in_force(s, m, &s->actor, cid, &bits)) != COP_OK)
		return rc;
	/* The actor's erasure, read with it: cop__write_end() need not
	 * read it again (issue 17). */
	if ((bits & COP_MOD_KNOWN) && !s->anonymous)
		cop__actor_known(s, (bits & COP_MOD_ERASED) != 0);
	if (bits & COP_MOD_ERASED) {
		acc->can_post = 0;
		acc->is_facilitator = 0;
	}
	bits &= COP_MOD_SUSPENDED | COP_MOD_SILENCED;
	if (bits) {
		acc->restrained = bits;
		acc->can_post = 0;
		acc->is_facilitator = 0;
	}
	return COP_OK;
}

/* The refusal of a write by a restrained actor. */
static int restrained_error(cop_store *s, unsigned int bits)
{
	return cop__error(s, COP_EPERM, "member %s is %s", s->actor_text,
		bits & COP_MOD_SUSPENDED ? "suspended" :
		"silenced in this community");
}

int cop__moderation_check_actor(cop_store *s)
{
	cop__access acc;
	int rc;

	memset(&acc, 0, sizeof(acc));
	if ((rc = cop__moderation_restrain(s, NULL, &acc)) != COP_OK)
		return rc;
	return acc.restrained ? restrained_error(s, acc.restrained) : COP_OK;
}

int cop__contribution_check(cop_store *s, const char *text,
	cop_contribution_rec *c, const cop__access *acc)
{
	const cop_id *actor = cop__actor(s);

	if (cop__sees_contribution(1, acc->system || acc->is_facilitator,
			actor && cop__same_id(actor, &c->author_id), c->hidden))
		return COP_OK;
	(void)text;
	cop_rec_clear(COP_REC_CONTRIBUTION, c);
	return cop__missing(s, "contribution");
}

/* ---- checks ------------------------------------------------------------------ */

static int check_reason(cop_store *s, const char *reason)
{
	return cop__check_text(s, reason, "reason", 0, REASON_MAX, 0);
}

static int check_until(cop_store *s, cop_time until)
{
	if (until == 0 || until > cop__now(s))
		return COP_OK;
	return cop__error(s, COP_EINVAL, "the end of a suspension or silence "
		"must be after now (or 0: none)");
}

/* May the actor moderate there (silence, hide, read the moderation
 * log, the facilitator's queue)?  internal.h. */
int cop__moderator_check(cop_store *s, const cop_id *cid,
	const cop__access *acc, const char *what)
{
	int rc, allowed = 0;

	if (acc->restrained)
		return restrained_error(s, acc->restrained);
	if (!acc->system && !acc->can_post)
		return cop__error(s, COP_EPERM, "only active members may %s",
			what);
	if ((rc = cop__recognition_allows(s, cid, acc, COP_PRIV_MODERATE,
			&allowed)) != COP_OK)
		return rc;
	return allowed ? COP_OK : cop__error(s, COP_EPERM, "only facilitators, "
		"owners and members with the moderate privilege may %s", what);
}

/* Write a moderation action of @p kind, and its change-log entry @p op
 * (object: the member, or the contribution). */
static int action_write(cop_store *s, const cop_backend_moderation *m,
	int kind, const cop_id *community, const cop_id *member,
	const cop_id *object, cop_time until, const char *reason,
	const char *op)
{
	cop_modaction_rec a;
	int rc;

	memset(&a, 0, sizeof(a));
	if ((rc = cop__id_new_now(s, &a.id, &a.start)) != COP_OK)
		return rc;
	if (community)
		a.community_id = *community;
	a.kind = kind;
	if (s->has_actor)
		a.actor_id = s->actor;
	if (member)
		a.member_id = *member;
	if (object)
		a.object_id = *object;
	a.reason = (char *)(reason ? reason : "");
	a.until = until;
	if ((rc = m->action_insert(s->be, &a)) != COP_OK)
		return cop__be_error(s, rc, "recording a moderation action");
	return cop__log(s, op, member ? member : object, community);
}

/* ---- suspension ------------------------------------------------------------------ */

/* The opening shared by the four actions on a member: the table, the
 * member (id or handle) into *mid, a write begun. */
static int member_begin(cop_store *s, const cop_backend_moderation **m,
	const char *member, cop_id *mid)
{
	int rc;

	if ((rc = actions_get(s, m)) != COP_OK)
		return rc;
	if (!member || !*member)
		return cop__error(s, COP_EINVAL, "member is required");
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	if ((rc = cop__rec_member_resolve(s, member, mid)) != COP_OK)
		return cop__write_end(s, rc);
	return COP_OK;
}

int cop_member_suspend(cop_store *s, const char *member, cop_time until,
	const char *reason)
{
	const cop_backend_moderation *m;
	unsigned int bits = 0;
	cop_id mid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = check_reason(s, reason)) != COP_OK ||
	    (rc = check_until(s, until)) != COP_OK)
		return rc;
	if ((rc = member_begin(s, &m, member, &mid)) != COP_OK)
		return rc;
	if (s->has_actor)
		rc = cop__error(s, COP_EPERM, "only the system suspends members");
	if (rc == COP_OK)
		rc = in_force(s, m, &mid, NULL, &bits);
	if (rc == COP_OK && (bits & COP_MOD_SUSPENDED))
		rc = cop__error(s, COP_EEXISTS, "member %s is already suspended",
			member);
	if (rc == COP_OK)
		rc = action_write(s, m, COP_MODACTION_SUSPEND, NULL, &mid, NULL,
			until, reason, "member.suspend");
	return cop__write_done(s, rc);
}

/* Lift what of @p kind is in force on @p mid in @p community (NULL:
 * store-wide); ENOTFOUND ("member ... is not <state>") when nothing. */
static int lift(cop_store *s, const cop_backend_moderation *m,
	const cop_id *mid, const cop_id *community, int kind,
	const char *member, const char *state)
{
	unsigned int n = 0;
	int rc = m->action_lift(s->be, mid, community, kind, cop__now(s), &n);

	if (rc != COP_OK)
		return cop__be_error(s, rc, "lifting a moderation action");
	return n ? COP_OK : cop__error(s, COP_ENOTFOUND, "member %s is not %s",
		member, state);
}

int cop_member_unsuspend(cop_store *s, const char *member)
{
	const cop_backend_moderation *m;
	cop_id mid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = member_begin(s, &m, member, &mid)) != COP_OK)
		return rc;
	if (s->has_actor)
		rc = cop__error(s, COP_EPERM, "only the system lifts a "
			"suspension");
	if (rc == COP_OK)
		rc = lift(s, m, &mid, NULL, COP_MODACTION_SUSPEND, member,
			"suspended");
	if (rc == COP_OK)
		rc = action_write(s, m, COP_MODACTION_UNSUSPEND, NULL, &mid,
			NULL, 0, "", "member.unsuspend");
	return cop__write_done(s, rc);
}

/* ---- silence --------------------------------------------------------------------- */

/* The community resolved, the actor a moderator there, the member one
 * of its members (not the actor). */
static int silence_args(cop_store *s, const char *community,
	const char *member, const cop_id *mid, cop_id *cid, const char *what)
{
	cop_community_rec c;
	cop_membership_rec ms;
	cop__access acc;
	cop_key key;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	*cid = c.id;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if ((rc = cop__moderator_check(s, cid, &acc, what)) != COP_OK)
		return rc;
	if (s->has_actor && cop__same_id(&s->actor, mid))
		return cop__error(s, COP_EINVAL, "no moderating oneself");
	memset(&key, 0, sizeof(key));
	key.id = *cid;
	key.id2 = *mid;
	memset(&ms, 0, sizeof(ms));
	rc = cop__rec_get(s, COP_REC_MEMBERSHIP, &key, &ms);
	cop_rec_clear(COP_REC_MEMBERSHIP, &ms);
	if (rc == COP_ENOTFOUND)
		return cop__error(s, rc, "member %s is not a member of "
			"community '%s'", member, community);
	return rc;
}

int cop_community_silence(cop_store *s, const char *community,
	const char *member, cop_time until, const char *reason)
{
	const cop_backend_moderation *m;
	unsigned int bits = 0;
	cop_id mid, cid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = check_reason(s, reason)) != COP_OK ||
	    (rc = check_until(s, until)) != COP_OK)
		return rc;
	if ((rc = member_begin(s, &m, member, &mid)) != COP_OK)
		return rc;
	rc = silence_args(s, community, member, &mid, &cid, "silence members");
	if (rc == COP_OK)
		rc = in_force(s, m, &mid, &cid, &bits);
	if (rc == COP_OK && (bits & COP_MOD_SILENCED))
		rc = cop__error(s, COP_EEXISTS, "member %s is already silenced "
			"in community '%s'", member, community);
	if (rc == COP_OK)
		rc = action_write(s, m, COP_MODACTION_SILENCE, &cid, &mid, NULL,
			until, reason, "community.silence");
	return cop__write_done(s, rc);
}

int cop_community_unsilence(cop_store *s, const char *community,
	const char *member)
{
	const cop_backend_moderation *m;
	cop_id mid, cid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK)
		return rc;
	if ((rc = member_begin(s, &m, member, &mid)) != COP_OK)
		return rc;
	rc = silence_args(s, community, member, &mid, &cid, "lift a silence");
	if (rc == COP_OK)
		rc = lift(s, m, &mid, &cid, COP_MODACTION_SILENCE, member,
			"silenced there");
	if (rc == COP_OK)
		rc = action_write(s, m, COP_MODACTION_UNSILENCE, &cid, &mid, NULL,
			0, "", "community.unsilence");
	return cop__write_done(s, rc);
}

/* ---- hidden contributions ------------------------------------------------------- */

/* Hide (@p hide 1) or show a contribution. */
static int hide_set(cop_store *s, const char *contribution_id, int hide,
	const char *reason)
{
	const cop_backend_moderation *m;
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	cop_id cid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = actions_get(s, &m)) != COP_OK)
		return rc;
	if (hide && (rc = check_reason(s, reason)) != COP_OK)
		return rc;
	if ((rc = cop__rec_contribution_write(s, contribution_id, &cid, &c, &t,
			&acc)) != COP_OK)
		return rc;
	if (rc == COP_OK)
		rc = cop__moderator_check(s, &c.community_id, &acc, hide ?
			"hide contributions" : "show hidden contributions");
	if (rc == COP_OK && hide && c.hidden)
		rc = cop__error(s, COP_EEXISTS, "contribution %s is already "
			"hidden", contribution_id);
	if (rc == COP_OK && !hide && !c.hidden)
		rc = cop__error(s, COP_EINVAL, "contribution %s is not hidden",
			contribution_id);
	if (rc == COP_OK) {
		c.hidden = hide;
		rc = cop__rec_update(s, COP_REC_CONTRIBUTION, &c,
			"hiding a contribution");
	}
	/* Its points (and its votes' and kudos') count only while it is
	 * shown (docs/recognition.md, "Hidden content"). */
	if (rc == COP_OK)
		rc = cop__recognition_points(s, &c.community_id, &cid,
			COP__REC_POINTS_REP);
	if (rc == COP_OK)
		rc = action_write(s, m, hide ? COP_MODACTION_HIDE :
			COP_MODACTION_UNHIDE, &c.community_id, NULL, &cid, 0,
			reason, hide ? "contribution.hide" : "contribution.unhide");
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	return cop__write_done(s, rc);
}

int cop_contribution_hide(cop_store *s, const char *contribution_id,
	const char *reason)
{
	return hide_set(s, contribution_id, 1, reason);
}

int cop_contribution_unhide(cop_store *s, const char *contribution_id)
{
	return hide_set(s, contribution_id, 0, NULL);
}

int cop_revision_redact(cop_store *s, const char *contribution_id,
	int number, const char *reason)
{
	const cop_backend_moderation *m;
	cop_contribution_rec c;
	cop_revision_rec r;
	cop_thread_rec t;
	cop__access acc;
	cop_key key;
	cop_id cid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = actions_get(s, &m)) != COP_OK ||
	    (rc = check_reason(s, reason)) != COP_OK)
		return rc;
	if (number < 1)
		return cop__error(s, COP_EINVAL, "a revision's number is 1 or "
			"more, not %d", number);
	if ((rc = cop__rec_contribution_write(s, contribution_id, &cid, &c, &t,
			&acc)) != COP_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	rc = cop__moderator_check(s, &c.community_id, &acc, "redact revisions");
	if (rc == COP_OK && number >= c.revision)
		rc = cop__error(s, number == c.revision ? COP_EINVAL :
			COP_ENOTFOUND, "contribution %s has %s", contribution_id,
			number == c.revision ? "that text as its current one: "
			"edit it, then redact the revision it replaced" :
			"no such revision");
	if (rc == COP_OK) {
		memset(&key, 0, sizeof(key));
		key.id = cid;
		key.number = number;
		rc = cop__rec_get(s, COP_REC_REVISION, &key, &r);
		if (rc == COP_ENOTFOUND)
			rc = cop__error(s, rc, "contribution %s has no revision "
				"%d", contribution_id, number);
	}
	if (rc == COP_OK && r.redacted)
		rc = cop__error(s, COP_EEXISTS, "revision %d of contribution %s "
			"is already redacted", number, contribution_id);
	if (rc == COP_OK) {
		char *body = r.body;

		r.body = (char *)COP_REDACTED_TEXT;
		r.redacted = cop__now(s);
		rc = cop__rec_update(s, COP_REC_REVISION, &r,
			"redacting a revision");
		r.body = body;
	}
	if (rc == COP_OK)
		rc = action_write(s, m, COP_MODACTION_REDACT, &c.community_id,
			NULL, &cid, 0, reason, "contribution.redact");
	cop_rec_clear(COP_REC_REVISION, &r);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	return cop__write_done(s, rc);
}

/* ---- the moderation log ----------------------------------------------------------- */

void cop_modlog_entry_free(cop_modlog_entry *e)
{
	cop_free(e);
}

/* A listed record into an entry (cop_modlog_entry, internal.h: one block
 * with its reason) and its keyset key [start desc, id desc]. */
static int entry_make(cop_store *s, void *rec, void **obj, cop__key *key)
{
	const cop_modaction_rec *r = rec;

	key->num = r->start;
	key->id = r->id;
	return cop__wrap_borrowed(s, COP_REC_MODACTION, rec, obj);
}

/* The moderation log of community *arg (nil: the store-wide actions). */
static int modlog_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	const cop_modaction_query mq = { *(const cop_id *)arg, q->has_after,
		q->after_num, q->after_id, q->limit };
	const cop_backend_moderation *m;
	int rc = actions_get(s, &m);

	if (rc == COP_OK && (rc = m->action_list(s->be, &mq, bi)) != COP_OK)
		rc = cop__be_error(s, rc, "moderation");
	return rc;
}

/* Whose log @p community names into *cid: a community the actor
 * moderates, or (NULL) the store-wide actions, the system's alone. */
static int modlog_scope(cop_store *s, const char *community, cop_id *cid)
{
	cop_community_rec c;
	cop__access acc;
	int rc;

	memset(cid, 0, sizeof(*cid));
	if (!community)
		return s->has_actor ? cop__error(s, COP_EPERM, "only the system "
			"reads the store-wide moderation log") : COP_OK;
	memset(&c, 0, sizeof(c));
	if ((rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	*cid = c.id;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return cop__moderator_check(s, cid, &acc, "read the moderation log");
}

int cop_modlog_iter_new(cop_modlog_iter **out, cop_store *s,
	const char *community, const cop_page *page)
{
	const cop_backend_moderation *m;
	cop_id cid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = actions_get(s, &m)) != COP_OK ||
	    (rc = modlog_scope(s, community, &cid)) != COP_OK ||
	    (rc = cop__iter_typed((cop__iter **)out, s, page,
			COP_REC_MODACTION, modlog_open, &cid, entry_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

COP__ITER_FNS(cop_modlog, cop_modlog_entry)

/* The text of id field F of an entry, formatted on first use. */
#define ENTRY_ID(fn, F) \
	const char *fn(const cop_modlog_entry *e) \
	{ \
		return e ? cop__lazy_id((char *)e->F, &e->r.F) : NULL; \
	}
ENTRY_ID(cop_modlog_entry_id, id)
ENTRY_ID(cop_modlog_entry_community_id, community_id)
ENTRY_ID(cop_modlog_entry_actor_id, actor_id)
ENTRY_ID(cop_modlog_entry_member_id, member_id)
ENTRY_ID(cop_modlog_entry_contribution_id, object_id)

cop_modlog_kind cop_modlog_entry_kind_get(const cop_modlog_entry *e)
{
	return e ? (cop_modlog_kind)e->r.kind : COP_MODLOG_SUSPEND;
}
const char *cop_modlog_entry_reason(const cop_modlog_entry *e)
{
	return e ? e->r.reason : NULL;
}
cop_time cop_modlog_entry_start(const cop_modlog_entry *e)
{
	return e ? e->r.start : 0;
}
cop_time cop_modlog_entry_until(const cop_modlog_entry *e)
{
	return e ? e->r.until : 0;
}
cop_time cop_modlog_entry_lifted(const cop_modlog_entry *e)
{
	return e ? e->r.lifted : 0;
}
