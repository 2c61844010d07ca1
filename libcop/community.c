/*
 * community.c: communities and memberships.
 */
#include <string.h>

#include "internal.h"

/* ---- names ----------------------------------------------------------------- */

static const char *const visibility_names[] = {
	"public", "private", "invite-only"
};
static const char *const role_names[] = {
	"observer", "member", "core", "facilitator", "owner"
};
static const char *const status_names[] = {
	"active", "pending", "left", "banned", "silenced", "invited"
};

COP__ENUM_NAMES(cop_visibility, cop_visibility, visibility_names)
COP__ENUM_NAMES(cop_role, cop_role, role_names)
COP__ENUM_NAMES(cop_membership_status, cop_membership_status, status_names)

/* ---- helpers ----------------------------------------------------------------- */

static int check_pledge(cop_store *s, int hours)
{
	if (hours < 0 || hours > 744)
		return cop__error(s, COP_EINVAL,
			"pledged_hours must be between 0 and 744, not %d", hours);
	return COP_OK;
}

static int same_id(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

/* The actor is an active owner of the community, or the system. */
static int acc_is_owner(const cop__access *a)
{
	return a->system || (a->has_membership &&
		a->status == COP_MEMBERSHIP_ACTIVE && a->role == COP_ROLE_OWNER);
}

/* A membership that counts toward "the community has an owner". */
static int counts_as_owner(int role, int status)
{
	return role == COP_ROLE_OWNER && status == COP_MEMBERSHIP_ACTIVE;
}

/* Load a membership; COP_ENOTFOUND (no message) when there is none. */
static int membership_load(cop_store *s, const cop_id *cid, const cop_id *mid,
	cop_membership_rec *out)
{
	cop_key key;

	memset(&key, 0, sizeof(key));
	key.id = *cid;
	key.id2 = *mid;
	return cop__rec_get(s, COP_REC_MEMBERSHIP, &key, out);
}

/* Load the current (not left) membership of @p mid, or COP_ENOTFOUND. */
static int membership_current(cop_store *s, const cop_id *cid,
	const cop_id *mid, const char *member_text, cop_membership_rec *out)
{
	int rc = membership_load(s, cid, mid, out);

	if (rc == COP_OK && out->status == COP_MEMBERSHIP_LEFT) {
		cop_rec_clear(COP_REC_MEMBERSHIP, out);
		rc = COP_ENOTFOUND;
	}
	if (rc == COP_ENOTFOUND)
		return cop__error(s, rc,
			"member %s is not a member of the community", member_text);
	return rc;
}

/* Count the community's active owners (stops at 2: that is enough). */
static int count_owners(cop_store *s, const cop_id *cid, int *n)
{
	cop_backend_iter *bi = NULL;
	cop_membership_rec r;
	cop_query q;
	int rc, role;

	*n = 0;
	memset(&q, 0, sizeof(q));
	q.kind = COP_LIST_MEMBERSHIPS;
	q.viewer = NULL;
	q.parent = *cid;
	if ((rc = s->be->list(s->be, &q, &bi)) != COP_OK)
		return cop__be_error(s, rc, "listing memberships");
	for (;;) {
		memset(&r, 0, sizeof(r));
		rc = cop__be_next_owned(bi, COP_REC_MEMBERSHIP, &r);
		if (rc == COP_ITEROVER) {
			rc = COP_OK;
			break;
		}
		if (rc != COP_OK) {
			cop_rec_clear(COP_REC_MEMBERSHIP, &r);
			rc = cop__be_error(s, rc, "listing memberships");
			break;
		}
		role = r.role;
		if (counts_as_owner(r.role, r.status))
			(*n)++;
		cop_rec_clear(COP_REC_MEMBERSHIP, &r);
		/* Owners come first (role desc); two are enough to know. */
		if (role < COP_ROLE_OWNER || *n >= 2)
			break;
	}
	bi->free(bi);
	return rc;
}

/* Refuse a change that would leave the community without an owner. */
static int keep_an_owner(cop_store *s, const cop_id *cid,
	const cop_membership_rec *cur, int role, int status)
{
	int n, rc;

	if (!counts_as_owner(cur->role, cur->status) ||
	    counts_as_owner(role, status))
		return COP_OK;
	if ((rc = count_owners(s, cid, &n)) != COP_OK)
		return rc;
	if (n <= 1)
		return cop__error(s, COP_EPERM,
			"a community must keep at least one owner");
	return COP_OK;
}

/* ---- communities ----------------------------------------------------------- */

int cop_community_create(cop_community **out, cop_store *s, const char *slug,
	const char *name, const char *purpose, const char *language,
	cop_visibility visibility)
{
	cop_community_rec r;
	cop_membership_rec ms;
	cop_member_rec actor_rec;
	const cop_id *actor;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_slug(s, slug)) != COP_OK ||
	    (rc = cop__check_text(s, name, "name", 0, 200, 0)) != COP_OK ||
	    (rc = cop__check_text(s, purpose, "purpose", 1, 4000, 0)) != COP_OK)
		return rc;
	if (language && (rc = cop__check_language(s, language, "language"))
			!= COP_OK)
		return rc;
	if ((int)visibility < COP_VISIBILITY_PUBLIC ||
	    (int)visibility > COP_VISIBILITY_INVITE_ONLY)
		return cop__error(s, COP_EINVAL, "invalid visibility %d",
			(int)visibility);

	memset(&r, 0, sizeof(r));
	r.slug = (char *)slug;
	r.name = (char *)name;
	r.purpose = purpose && *purpose ? (char *)purpose : NULL;
	r.language = (char *)(language ? language : "en");
	r.visibility = visibility;

	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	actor = cop__actor(s);
	if (s->anonymous)
		rc = cop__anonymous_refused(s);
	else if (actor) {
		memset(&actor_rec, 0, sizeof(actor_rec));
		rc = cop__member_load(s, actor, s->actor_text, &actor_rec);
		if (rc == COP_OK && actor_rec.status != COP_MEMBER_ACTIVE)
			rc = cop__error(s, COP_EPERM, "member %s is not active",
				s->actor_text);
		cop_rec_clear(COP_REC_MEMBER, &actor_rec);
		if (rc == COP_OK)
			rc = cop__moderation_check_actor(s);
	}
	if (rc == COP_OK)
		rc = cop__id_new_now(s, &r.id, &r.created);
	if (rc == COP_OK)
		rc = cop__rec_insert(s, COP_REC_COMMUNITY, &r,
			"creating a community", "slug", slug);
	if (rc == COP_OK && actor) {
		memset(&ms, 0, sizeof(ms));
		ms.community_id = r.id;
		ms.member_id = *actor;
		ms.role = COP_ROLE_OWNER;
		ms.status = COP_MEMBERSHIP_ACTIVE;
		ms.joined = r.created;
		ms.pledged_hours = 0;
		rc = cop__rec_insert(s, COP_REC_MEMBERSHIP, &ms,
			"adding the owner", NULL, NULL);
	}
	if (rc == COP_OK)
		rc = cop__log(s, "community.create", &r.id, &r.id);
	rc = cop__write_end_out(s, rc, COP_REC_COMMUNITY, &r, out);
	return rc;
}

int cop_community_lookup(cop_community **out, cop_store *s,
	const char *id_or_slug)
{
	cop_community_rec r;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__check_community_arg(s, id_or_slug)) != COP_OK)
		return rc;
	rc = cop__community_resolve(s, id_or_slug, &r, NULL);
	*out = cop__wrap_result(s, &rc, COP_REC_COMMUNITY, &r);
	return rc;
}
COP__ALIAS(cop_community_get, cop_community_lookup);

COP__FREE_FN(cop_community)
COP__GETTER_ID(cop_community, id)
COP__GETTER_TEXT(cop_community, slug)
COP__GETTER_TEXT(cop_community, name)
COP__GETTER_OPT(cop_community, purpose)
COP__GETTER_TEXT(cop_community, language)
COP__GETTER(cop_community, created, cop_time, 0)
COP__GETTER(cop_community, visibility, cop_visibility, COP_VISIBILITY_PUBLIC)
COP__GETTER(cop_community, flag_hides, int, 0)

COP__ITER_STORE(cop_community, cop_community, COP_LIST_COMMUNITIES)

/* ---- memberships ------------------------------------------------------------ */

int cop_community_join(cop_membership **out, cop_store *s,
	const char *community, const char *member_id, int pledged_hours)
{
	cop_community_rec c;
	cop_member_rec m;
	cop_membership_rec ms;
	cop__access acc;
	const cop_id *actor;
	cop_id mid;
	int rc, exists = 0;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = cop__id_arg(s, &mid, member_id, "member")) != COP_OK ||
	    (rc = check_pledge(s, pledged_hours)) != COP_OK)
		return rc;

	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&m, 0, sizeof(m));
	memset(&ms, 0, sizeof(ms));
	actor = cop__actor(s);
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK)
		rc = cop__member_load_seen(s, &mid, &m);
	if (rc == COP_OK && acc.restrained)
		rc = cop__error(s, COP_EPERM, "member %s is %s", s->actor_text,
			acc.restrained & COP_MOD_SUSPENDED ? "suspended" :
			"silenced in this community");
	if (rc == COP_OK && actor) {
		/* A member: only oneself, only a public community; the
		 * others are joined with consent (community.h). */
		if (!same_id(actor, &mid))
			rc = cop__error(s, COP_EPERM, "facilitators invite "
				"members (cop_community_invite); only the system "
				"adds them to a community");
		else if (c.visibility != COP_VISIBILITY_PUBLIC)
			rc = cop__error(s, COP_EPERM, "community '%s' is joined "
				"by request or invitation", c.slug);
	}
	if (rc == COP_OK && m.status != COP_MEMBER_ACTIVE)
		rc = cop__error(s, COP_EPERM, "member %s is not active",
			member_id);
	if (rc == COP_OK) {
		rc = membership_load(s, &c.id, &mid, &ms);
		if (rc == COP_OK)
			exists = 1;
		else if (rc == COP_ENOTFOUND)
			rc = COP_OK;
	}
	if (rc == COP_OK && exists) {
		switch (ms.status) {
		case COP_MEMBERSHIP_BANNED:
			rc = cop__error(s, COP_EPERM, "member %s is banned "
				"from community '%s'", member_id, c.slug);
			break;
		case COP_MEMBERSHIP_ACTIVE:
		case COP_MEMBERSHIP_SILENCED:
			rc = cop__error(s, COP_EEXISTS, "member %s is already "
				"a member of community '%s'", member_id, c.slug);
			break;
		case COP_MEMBERSHIP_PENDING:
		case COP_MEMBERSHIP_INVITED:
			/* The system, or the member in a public community:
			 * the request or invitation is answered by joining. */
		default:   /* left: rejoin as a plain member */
			break;
		}
	}
	if (rc == COP_OK) {
		cop_rec_clear(COP_REC_MEMBERSHIP, &ms);
		ms.community_id = c.id;
		ms.member_id = mid;
		ms.role = COP_ROLE_MEMBER;
		ms.status = COP_MEMBERSHIP_ACTIVE;
		ms.joined = cop__now(s);
		ms.pledged_hours = pledged_hours;
		rc = exists ? cop__rec_update(s, COP_REC_MEMBERSHIP, &ms,
				"adding a membership")
			: cop__rec_insert(s, COP_REC_MEMBERSHIP, &ms,
				"adding a membership", NULL, NULL);
	}
	if (rc == COP_OK)
		rc = cop__log(s, "membership.join", &mid, &c.id);
	return cop__membership_write_end(s, rc, &c, &m, &ms, out);
}

int cop__membership_write_end(cop_store *s, int rc, cop_community_rec *c,
	cop_member_rec *m, cop_membership_rec *ms, cop_membership **out)
{
	cop_membership_rec made = *ms;

	made.handle = m ? m->handle : NULL;   /* borrowed: the object copies it */
	rc = cop__write_end_out(s, rc, COP_REC_MEMBERSHIP, &made, out);
	cop_rec_clear(COP_REC_COMMUNITY, c);
	if (m)
		cop_rec_clear(COP_REC_MEMBER, m);
	cop_rec_clear(COP_REC_MEMBERSHIP, ms);
	return rc;
}

/* What a membership change does. */
enum ms_change { MS_LEAVE, MS_ROLE, MS_STATUS, MS_PLEDGE };

static const char *const change_ops[] = {
	"membership.leave", "membership.set_role", "membership.set_status",
	"membership.set_pledge"
};

/* The shared body of leave, set_role, set_status and set_pledge. */
static int membership_change(cop_store *s, const char *community,
	const char *member_id, enum ms_change what, int value)
{
	cop_community_rec c;
	cop_membership_rec ms;
	cop__access acc;
	const cop_id *actor;
	cop_id mid;
	int rc, self, owner, role, status;

	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = cop__id_arg(s, &mid, member_id, "member")) != COP_OK)
		return rc;
	if (what == MS_ROLE && (value < COP_ROLE_OBSERVER ||
	    value > COP_ROLE_OWNER))
		return cop__error(s, COP_EINVAL, "invalid role %d", value);
	if (what == MS_STATUS && (value < COP_MEMBERSHIP_ACTIVE ||
	    value > COP_MEMBERSHIP_SILENCED))
		return cop__error(s, COP_EINVAL, "invalid membership status %d",
			value);
	if (what == MS_PLEDGE && (rc = check_pledge(s, value)) != COP_OK)
		return rc;

	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&ms, 0, sizeof(ms));
	actor = cop__actor(s);
	self = actor && same_id(actor, &mid);
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc != COP_OK)
		goto done;
	owner = acc_is_owner(&acc);
	/* Who may do it, before looking at the target. */
	if ((what == MS_ROLE || what == MS_STATUS) && !acc.is_facilitator) {
		rc = cop__error(s, COP_EPERM, "only facilitators and owners "
			"may change %s in community '%s'",
			what == MS_ROLE ? "roles" : "a membership's status",
			c.slug);
		goto done;
	}
	if ((what == MS_LEAVE || what == MS_PLEDGE) && !self &&
	    !acc.is_facilitator) {
		rc = cop__error(s, COP_EPERM, "only the member themself or a "
			"facilitator may change member %s's membership",
			member_id);
		goto done;
	}
	if (what == MS_ROLE && value == COP_ROLE_OWNER && !owner) {
		rc = cop__error(s, COP_EPERM,
			"only owners may make a member an owner");
		goto done;
	}
	if ((rc = membership_current(s, &c.id, &mid, member_id, &ms)) != COP_OK)
		goto done;
	/* A facilitator does not change an owner's role or status, nor
	 * removes them (an owner may leave themself). */
	if (what != MS_PLEDGE && ms.role == COP_ROLE_OWNER && !owner &&
	    !self) {
		rc = cop__error(s, COP_EPERM,
			"only owners may change an owner's membership");
		goto done;
	}
	/* An invitation is the invitee's to answer: a facilitator does not
	 * make it a membership (the system may). */
	if (what == MS_STATUS && ms.status == COP_MEMBERSHIP_INVITED &&
	    !acc.system) {
		rc = cop__error(s, COP_EPERM, "member %s is invited: the "
			"invitation is theirs to accept", member_id);
		goto done;
	}
	if (what == MS_LEAVE && ms.status == COP_MEMBERSHIP_BANNED &&
	    !acc.is_facilitator) {
		rc = cop__error(s, COP_EPERM,
			"a banned member cannot leave the community");
		goto done;
	}
	role = ms.role;
	status = ms.status;
	switch (what) {
	case MS_LEAVE: status = COP_MEMBERSHIP_LEFT; break;
	case MS_ROLE: role = value; break;
	case MS_STATUS: status = value; break;
	case MS_PLEDGE: ms.pledged_hours = value; break;
	}
	if ((rc = keep_an_owner(s, &c.id, &ms, role, status)) != COP_OK)
		goto done;
	ms.role = role;
	ms.status = status;
	if ((rc = cop__rec_update(s, COP_REC_MEMBERSHIP, &ms,
			"updating a membership")) != COP_OK)
		goto done;
	rc = cop__log(s, change_ops[what], &mid, &c.id);
done:
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	cop_rec_clear(COP_REC_MEMBERSHIP, &ms);
	return cop__write_done(s, rc);
}

int cop_community_leave(cop_store *s, const char *community,
	const char *member_id)
{
	if (!s)
		return COP_EINVAL;
	return membership_change(s, community, member_id, MS_LEAVE, 0);
}

int cop_membership_set_role(cop_store *s, const char *community,
	const char *member_id, cop_role role)
{
	if (!s)
		return COP_EINVAL;
	return membership_change(s, community, member_id, MS_ROLE, (int)role);
}

int cop_membership_set_status(cop_store *s, const char *community,
	const char *member_id, cop_membership_status status)
{
	if (!s)
		return COP_EINVAL;
	return membership_change(s, community, member_id, MS_STATUS,
		(int)status);
}

int cop_membership_set_pledge(cop_store *s, const char *community,
	const char *member_id, int pledged_hours)
{
	if (!s)
		return COP_EINVAL;
	return membership_change(s, community, member_id, MS_PLEDGE,
		pledged_hours);
}

int cop_membership_lookup(cop_membership **out, cop_store *s,
	const char *community, const char *member_id)
{
	cop_community_rec c;
	cop_membership_rec ms;
	cop_id mid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = cop__id_arg(s, &mid, member_id, "member")) != COP_OK)
		return rc;
	memset(&ms, 0, sizeof(ms));
	rc = cop__community_resolve(s, community, &c, NULL);
	/* A member the actor may not see is missing (visibility.h). */
	if (rc == COP_OK)
		rc = cop__member_seen(s, &mid);
	if (rc == COP_OK) {
		rc = membership_load(s, &c.id, &mid, &ms);
		if (rc == COP_ENOTFOUND)
			rc = cop__error(s, rc, "the member is not a member of "
				"community '%s'", c.slug);
	}
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	*out = cop__wrap_result(s, &rc, COP_REC_MEMBERSHIP, &ms);
	return rc;
}
COP__ALIAS(cop_membership_get, cop_membership_lookup);

COP__FREE_FN(cop_membership)
COP__GETTER_ID(cop_membership, community_id)
COP__GETTER_ID(cop_membership, member_id)
COP__GETTER_TEXT(cop_membership, handle)
COP__GETTER(cop_membership, role, cop_role, COP_ROLE_OBSERVER)
COP__GETTER_GET(cop_membership, status,
	cop_membership_status, COP_MEMBERSHIP_LEFT)
COP__GETTER(cop_membership, joined, cop_time, 0)
COP__GETTER(cop_membership, pledged_hours, int, 0)
COP__GETTER_OPT(cop_membership, community_slug)

int cop_membership_iter_new(cop_membership_iter **out, cop_store *s,
	const char *community, const cop_page *page)
{
	cop_community_rec c;
	cop__iter *it = NULL;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = cop__check_page(s, page)) != COP_OK ||
	    (rc = cop__community_resolve(s, community, &c, NULL)) != COP_OK)
		return rc;
	rc = cop__iter_list(&it, s, COP_LIST_MEMBERSHIPS, &c.id, page);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	*out = (cop_membership_iter *)it;
	return rc;
}

COP__ITER_FNS(cop_membership, cop_membership)
