/*
 * consent.c: joining a restricted community with consent (join requests
 * and invitations), and changing a community.  The rules are in
 * community.h ("joining with consent").
 *
 * A request is a membership of status COP_MEMBERSHIP_PENDING, an
 * invitation one of status COP_MEMBERSHIP_INVITED; a declined one
 * becomes COP_MEMBERSHIP_LEFT.  Neither sees more than the public does
 * (visibility.h), so nothing of a restricted community shows through
 * them.
 */
#include <ctype.h>
#include <string.h>

#include "internal.h"

/* ---- helpers ------------------------------------------------------------ */

/* Load the membership of @p mid in @p cid into @p out; *found says
 * whether there is one (COP_OK either way, or a backend error). */
static int ms_find(cop_store *s, const cop_id *cid, const cop_id *mid,
	cop_membership_rec *out, int *found)
{
	cop_key key;
	int rc;

	*found = 0;
	memset(&key, 0, sizeof(key));
	key.id = *cid;
	key.id2 = *mid;
	rc = cop__rec_get(s, COP_REC_MEMBERSHIP, &key, out);
	if (rc == COP_OK)
		*found = 1;
	return rc == COP_ENOTFOUND ? COP_OK : rc;
}

/* Give membership @p ms of @p cid and @p mid @p status (as a plain
 * member, from now when it becomes active or is asked for), write it
 * (insert when not @p found) and its change-log entry @p op. */
static int ms_write(cop_store *s, cop_membership_rec *ms, int found,
	const cop_id *cid, const cop_id *mid, int status, const char *op)
{
	int rc;

	ms->community_id = *cid;
	ms->member_id = *mid;
	if (status != COP_MEMBERSHIP_LEFT) {
		ms->role = COP_ROLE_MEMBER;
		ms->joined = cop__now(s);
	}
	if (!found)
		ms->pledged_hours = 0;
	ms->status = status;
	rc = found ? cop__rec_update(s, COP_REC_MEMBERSHIP, ms,
			"updating a membership")
		: cop__rec_insert(s, COP_REC_MEMBERSHIP, ms,
			"adding a membership", NULL, NULL);
	return rc == COP_OK ? cop__log(s, op, mid, cid) : rc;
}

/* COP_EPERM when moderation holds the actor back (acc->restrained). */
static int restrained_check(cop_store *s, const cop__access *acc)
{
	if (!acc->restrained)
		return COP_OK;
	return cop__error(s, COP_EPERM, "member %s is %s", s->actor_text,
		acc->restrained & COP_MOD_SUSPENDED ? "suspended" :
		"silenced in this community");
}

/* The actor (a member, not the system) is an active member of the store,
 * not held back: COP_OK, else COP_EINVAL or COP_EPERM.  The actor's
 * record into @p m (zeroed first; the caller clears it). */
static int asker_check(cop_store *s, const cop__access *acc, const char *what,
	cop_member_rec *m)
{
	int rc;

	if (!cop__actor(s))
		return cop__error(s, COP_EINVAL, "the system is no member: it "
			"cannot %s (cop_community_join adds members)", what);
	if ((rc = restrained_check(s, acc)) != COP_OK)
		return rc;
	rc = cop__member_load(s, cop__actor(s), s->actor_text, m);
	if (rc == COP_OK && m->status != COP_MEMBER_ACTIVE)
		rc = cop__error(s, COP_EPERM, "member %s is not active",
			s->actor_text);
	return rc;
}

/* The start of a member's write about their own membership of
 * @p community, as facilitator_begin() (below) for a facilitator's: the
 * write begun (*begun), the community resolved into @p c whether the
 * actor sees it or not (@p acc says), the actor allowed to @p what (a
 * @p request to join, or not) and their record read into @p m (cleared
 * by the caller). */
static int asker_begin(cop_store *s, const char *community,
	cop_community_rec *c, cop__access *acc, int *begun, const char *what,
	int request, cop_member_rec *m)
{
	int rc;

	*begun = 0;
	memset(c, 0, sizeof(*c));
	memset(m, 0, sizeof(*m));
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = cop__write_begin(s)) != COP_OK)
		return rc;
	*begun = 1;
	if ((rc = cop__community_resolve_any(s, community, c, acc)) != COP_OK)
		return rc;
	/* An asker who may not ask (suspended, erased) learns nothing of a
	 * community they do not see: as one that is not there; but an
	 * invite-only community takes requests from outside. */
	if ((rc = asker_check(s, acc, what, m)) != COP_OK && !acc->visible &&
	    cop__actor(s) && !(request &&
	    c->visibility == COP_VISIBILITY_INVITE_ONLY))
		rc = cop__community_unseen(s, community);
	return rc;
}

/* The actor may answer requests and invite in community @p c. */
static int facilitator_check(cop_store *s, const cop__access *acc,
	const cop_community_rec *c, const char *what)
{
	int rc;

	if ((rc = restrained_check(s, acc)) != COP_OK)
		return rc;
	if (!acc->is_facilitator)
		return cop__error(s, COP_EPERM, "only facilitators and owners "
			"may %s in community '%s'", what, c->slug);
	return COP_OK;
}

/* The start of a facilitator's write about member @p member_id of
 * @p community: the arguments checked (into *mid), the write begun
 * (*begun: end it with cop__write_done() or cop__write_end_out()), the
 * community resolved into @p c (cleared by the caller) and the actor
 * allowed to @p what. */
static int facilitator_begin(cop_store *s, const char *community,
	const char *member_id, cop_id *mid, cop_community_rec *c, int *begun,
	const char *what)
{
	cop__access acc;
	int rc;

	*begun = 0;
	memset(c, 0, sizeof(*c));
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = cop__id_arg(s, mid, member_id, "member")) != COP_OK ||
	    (rc = cop__write_begin(s)) != COP_OK)
		return rc;
	*begun = 1;
	if ((rc = cop__community_resolve(s, community, c, &acc)) != COP_OK)
		return rc;
	return facilitator_check(s, &acc, c, what);
}

/* ---- join requests -------------------------------------------------------- */

int cop_community_request(cop_membership **out, cop_store *s,
	const char *community)
{
	cop_community_rec c;
	cop_membership_rec ms;
	cop_member_rec m;
	cop__access acc;
	int rc, begun, found = 0;

	if (out)
		*out = NULL;
	memset(&ms, 0, sizeof(ms));
	rc = asker_begin(s, community, &c, &acc, &begun,
		"ask to join a community", 1, &m);
	if (!begun)
		return rc;
	if (rc == COP_OK)
		rc = ms_find(s, &c.id, cop__actor(s), &ms, &found);
	/* A private community takes no requests, and shows nothing more
	 * than any look from outside does (its invitee excepted). */
	if (rc == COP_OK && c.visibility == COP_VISIBILITY_PRIVATE &&
	    !acc.visible && !(found && ms.status == COP_MEMBERSHIP_INVITED))
		rc = cop__community_unseen(s, community);
	if (rc == COP_OK && c.visibility == COP_VISIBILITY_PUBLIC && !found)
		rc = cop__error(s, COP_EINVAL, "community '%s' is public: "
			"join it", c.slug);
	if (rc == COP_OK && found) {
		switch (ms.status) {
		case COP_MEMBERSHIP_BANNED:
			rc = cop__error(s, COP_EPERM, "member %s is banned from "
				"community '%s'", s->actor_text, c.slug);
			break;
		case COP_MEMBERSHIP_PENDING:
			rc = cop__error(s, COP_EEXISTS, "member %s has already "
				"asked to join community '%s'", s->actor_text,
				c.slug);
			break;
		case COP_MEMBERSHIP_INVITED:
			rc = cop__error(s, COP_EEXISTS, "member %s is invited to "
				"community '%s': accept the invitation",
				s->actor_text, c.slug);
			break;
		case COP_MEMBERSHIP_LEFT:
			if (c.visibility == COP_VISIBILITY_PUBLIC)
				rc = cop__error(s, COP_EINVAL, "community '%s' "
					"is public: join it", c.slug);
			break;
		default:
			rc = cop__error(s, COP_EEXISTS, "member %s is already a "
				"member of community '%s'", s->actor_text, c.slug);
			break;
		}
	}
	if (rc == COP_OK)
		rc = ms_write(s, &ms, found, &c.id, cop__actor(s),
			COP_MEMBERSHIP_PENDING, "membership.request");
	return cop__membership_write_end(s, rc, &c, &m, &ms, out);
}

/* Approve (@p approve) or decline the pending request of @p member_id. */
static int request_answer(cop_store *s, const char *community,
	const char *member_id, int approve)
{
	cop_community_rec c;
	cop_membership_rec ms;
	cop_id mid;
	int rc, begun, found = 0;

	memset(&ms, 0, sizeof(ms));
	rc = facilitator_begin(s, community, member_id, &mid, &c, &begun,
		"answer join requests");
	if (!begun)
		return rc;
	if (rc == COP_OK)
		rc = ms_find(s, &c.id, &mid, &ms, &found);
	if (rc == COP_OK && (!found || ms.status != COP_MEMBERSHIP_PENDING))
		rc = cop__error(s, COP_ENOTFOUND, "no join request from that "
			"member in community '%s'", c.slug);
	if (rc == COP_OK)
		rc = ms_write(s, &ms, found, &c.id, &mid, approve ?
			COP_MEMBERSHIP_ACTIVE : COP_MEMBERSHIP_LEFT, approve ?
			"membership.approve" : "membership.decline");
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	cop_rec_clear(COP_REC_MEMBERSHIP, &ms);
	return cop__write_done(s, rc);
}

int cop_community_approve(cop_store *s, const char *community,
	const char *member_id)
{
	return request_answer(s, community, member_id, 1);
}

int cop_community_decline(cop_store *s, const char *community,
	const char *member_id)
{
	return request_answer(s, community, member_id, 0);
}

/* ---- invitations ---------------------------------------------------------- */

int cop_community_invite(cop_membership **out, cop_store *s,
	const char *community, const char *member_id)
{
	cop_community_rec c;
	cop_member_rec m;
	cop_membership_rec ms;
	cop_id mid;
	int rc, begun, found = 0;

	if (out)
		*out = NULL;
	memset(&m, 0, sizeof(m));
	memset(&ms, 0, sizeof(ms));
	rc = facilitator_begin(s, community, member_id, &mid, &c, &begun,
		"invite members");
	if (!begun)
		return rc;
	if (rc == COP_OK)
		rc = cop__member_load_seen(s, &mid, &m);
	if (rc == COP_OK && m.status != COP_MEMBER_ACTIVE)
		rc = cop__error(s, COP_EPERM, "member %s is not active",
			member_id);
	if (rc == COP_OK)
		rc = ms_find(s, &c.id, &mid, &ms, &found);
	if (rc == COP_OK && found) {
		switch (ms.status) {
		case COP_MEMBERSHIP_LEFT:
			break;
		case COP_MEMBERSHIP_BANNED:
			rc = cop__error(s, COP_EPERM, "member %s is banned from "
				"community '%s'", member_id, c.slug);
			break;
		case COP_MEMBERSHIP_INVITED:
			rc = cop__error(s, COP_EEXISTS, "member %s is already "
				"invited to community '%s'", member_id, c.slug);
			break;
		case COP_MEMBERSHIP_PENDING:
			rc = cop__error(s, COP_EEXISTS, "member %s has asked to "
				"join community '%s': approve the request",
				member_id, c.slug);
			break;
		default:
			rc = cop__error(s, COP_EEXISTS, "member %s is already a "
				"member of community '%s'", member_id, c.slug);
			break;
		}
	}
	if (rc == COP_OK)
		rc = ms_write(s, &ms, found, &c.id, &mid,
			COP_MEMBERSHIP_INVITED, "membership.invite");
	return cop__membership_write_end(s, rc, &c, &m, &ms, out);
}

/* Accept (@p accept) or decline the actor's invitation to @p community. */
static int invitation_answer(cop_store *s, const char *community, int accept)
{
	cop_community_rec c;
	cop_membership_rec ms;
	cop_member_rec m;
	cop__access acc;
	int rc, begun, found = 0;

	memset(&ms, 0, sizeof(ms));
	rc = asker_begin(s, community, &c, &acc, &begun,
		"answer an invitation", 0, &m);
	cop_rec_clear(COP_REC_MEMBER, &m);
	if (!begun)
		return rc;
	if (rc == COP_OK)
		rc = ms_find(s, &c.id, cop__actor(s), &ms, &found);
	if (rc == COP_OK && (!found || ms.status != COP_MEMBERSHIP_INVITED))
		rc = !acc.visible ? cop__community_unseen(s, community) :
			cop__error(s, COP_ENOTFOUND, "member %s has no "
				"invitation to community '%s'", s->actor_text,
				c.slug);
	if (rc == COP_OK)
		rc = ms_write(s, &ms, found, &c.id, cop__actor(s), accept ?
			COP_MEMBERSHIP_ACTIVE : COP_MEMBERSHIP_LEFT, accept ?
			"membership.accept" : "membership.refuse");
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	cop_rec_clear(COP_REC_MEMBERSHIP, &ms);
	return cop__write_done(s, rc);
}

int cop_invitation_accept(cop_store *s, const char *community)
{
	return invitation_answer(s, community, 1);
}

int cop_invitation_decline(cop_store *s, const char *community)
{
	return invitation_answer(s, community, 0);
}

/* ---- listings ------------------------------------------------------------- */

/* A backend listing of memberships with only those of one status, at
 * most @c limit of them (0: all): the listings below read a community's
 * memberships or a member's, which are few, and keep their keyset. */
typedef struct status_iter {
	cop_backend_iter base;
	cop_backend_iter *inner;   /* NULL: an empty listing */
	int status;
	unsigned int limit, n;
} status_iter;

static int status_next(cop_backend_iter *bi, void *rec)
{
	status_iter *f = (status_iter *)bi;
	cop_membership_rec *r = rec;
	int rc;

	if (!f->inner || (f->limit && f->n >= f->limit))
		return COP_ITEROVER;
	for (;;) {
		memset(r, 0, sizeof(*r));
		if ((rc = f->inner->next(f->inner, r)) != COP_OK)
			return rc;
		if (r->status == f->status) {
			f->n++;
			return COP_OK;
		}
		if (!(f->base.flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_MEMBERSHIP, r);
	}
}

static void status_free(cop_backend_iter *bi)
{
	status_iter *f = (status_iter *)bi;

	if (f->inner)
		f->inner->free(f->inner);
	cop_free(f);
}

/* *bi: @p inner (taken, may be NULL) with only the rows of @p status. */
static int status_wrap(cop_store *s, cop_backend_iter *inner, int status,
	unsigned int limit, cop_backend_iter **bi)
{
	status_iter *f = cop_mallocz(sizeof(*f));

	if (!f) {
		if (inner)
			inner->free(inner);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	f->base.next = status_next;
	f->base.free = status_free;
	f->base.flags = inner ? inner->flags : 0;
	f->inner = inner;
	f->status = status;
	f->limit = limit;
	*bi = &f->base;
	return COP_OK;
}

/* The actor's memberships (the export's scan by member), invitations
 * only; none for the system. */
static int invites_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	const cop_backend_export *x = arg;
	cop_backend_iter *inner = NULL;
	cop_export_query eq;
	int rc;

	if (cop__actor(s)) {
		memset(&eq, 0, sizeof(eq));
		eq.by = COP_EXPORT_BY_MEMBER;
		eq.scope = *cop__actor(s);
		eq.has_after = q->has_after;
		eq.after_id = q->after_id;
		if ((rc = x->scan_memberships(s->be, &eq, &inner)) != COP_OK)
			return cop__be_error(s, rc, "listing invitations");
	}
	return status_wrap(s, inner, COP_MEMBERSHIP_INVITED, q->limit, bi);
}

/* An invitation into an object, its key the community's id. */
static int invite_make(cop_store *s, void *rec, void **obj, cop__key *k)
{
	const cop_membership_rec *r = rec;

	k->id = r->community_id;
	return cop__wrap_borrowed(s, COP_REC_MEMBERSHIP, rec, obj);
}

int cop_invitation_iter_new(cop_membership_iter **out, cop_store *s,
	const cop_page *page)
{
	const cop_backend_export *x;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__check_page(s, page)) != COP_OK ||
	    (rc = COP__EXPORT(s, &x)) != COP_OK ||
	    (rc = cop__iter_typed((cop__iter **)out, s, page,
			COP_REC_MEMBERSHIP, invites_open, (void *)x,
			invite_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

/* Community *arg's memberships (its listing), pending requests only. */
static int requests_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	cop_backend_iter *inner = NULL;
	cop_query lq;
	int rc;

	memset(&lq, 0, sizeof(lq));
	lq.kind = COP_LIST_MEMBERSHIPS;
	lq.viewer = cop__actor(s);
	lq.parent = *(const cop_id *)arg;
	lq.has_after = q->has_after;
	lq.after_num = q->after_num;
	lq.after_text = q->after_text;
	if ((rc = s->be->list(s->be, &lq, &inner)) != COP_OK)
		return cop__be_error(s, rc, "listing join requests");
	return status_wrap(s, inner, COP_MEMBERSHIP_PENDING, q->limit, bi);
}

/* A request into an object, its key that of the membership listing
 * (role, lowercased handle). */
static int request_make(cop_store *s, void *rec, void **obj, cop__key *k)
{
	const cop_membership_rec *r = rec;
	const char *h = r->handle ? r->handle : "";
	size_t i;

	k->num = r->role;
	for (i = 0; h[i] && i < sizeof(k->text) - 1; i++)
		k->text[i] = (char)tolower((unsigned char)h[i]);
	k->text[i] = '\0';
	return cop__wrap_borrowed(s, COP_REC_MEMBERSHIP, rec, obj);
}

/* The id of @p community, whose join requests the actor (a facilitator,
 * an owner, the system) may read, into *cid. */
static int requests_scope(cop_store *s, const char *community, cop_id *cid)
{
	cop_community_rec c;
	cop__access acc;
	int rc;

	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	*cid = c.id;
	if (!acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators and owners "
			"may list the join requests of community '%s'", c.slug);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return rc;
}

int cop_community_request_iter_new(cop_membership_iter **out, cop_store *s,
	const char *community, const cop_page *page)
{
	cop_id cid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__check_page(s, page)) != COP_OK ||
	    (rc = requests_scope(s, community, &cid)) != COP_OK ||
	    (rc = cop__iter_typed((cop__iter **)out, s, page,
			COP_REC_MEMBERSHIP, requests_open, &cid,
			request_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

/* ---- changing a community ---------------------------------------------------- */

/* A change of a community: NULL and -1 leave a field as it is. */
typedef struct community_change {
	const char *name, *purpose, *language;
	int visibility, flag_hides;
} community_change;

/* Apply change @p ch to @p community (a facilitator's, an owner's or the
 * system's), logged as @p op; *out (optional) the community as it is. */
static int community_write(cop_community **out, cop_store *s,
	const char *community, const community_change *ch, const char *op)
{
	cop_community_rec c, now;
	cop__access acc;
	int rc;

	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc != COP_OK)
		return cop__write_done(s, rc);
	if ((rc = restrained_check(s, &acc)) == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators and owners "
			"may change community '%s'", c.slug);
	/* The new values are the caller's: borrowed into a copy. */
	now = c;
	if (ch->name)
		now.name = (char *)ch->name;
	if (ch->purpose)
		now.purpose = *ch->purpose ? (char *)ch->purpose : NULL;
	if (ch->language)
		now.language = (char *)ch->language;
	if (ch->visibility != COP_VISIBILITY_UNCHANGED)
		now.visibility = ch->visibility;
	if (ch->flag_hides >= 0)
		now.flag_hides = ch->flag_hides;
	if (rc == COP_OK)
		rc = cop__rec_update(s, COP_REC_COMMUNITY, &now,
			"updating a community");
	if (rc == COP_OK)
		rc = cop__log(s, op, &c.id, &c.id);
	rc = cop__write_end_out(s, rc, COP_REC_COMMUNITY, &now, out);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return rc;
}

int cop_community_update(cop_community **out, cop_store *s,
	const char *community, const char *name, const char *purpose,
	const char *language, int visibility)
{
	const community_change ch = { name, purpose, language, visibility, -1 };
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (name && (rc = cop__check_text(s, name, "name", 0, 200, 0))
			!= COP_OK) ||
	    (rc = cop__check_text(s, purpose, "purpose", 1, 4000, 0))
			!= COP_OK ||
	    (language && (rc = cop__check_language(s, language, "language"))
			!= COP_OK))
		return rc;
	if (visibility != COP_VISIBILITY_UNCHANGED &&
	    (visibility < COP_VISIBILITY_PUBLIC ||
	     visibility > COP_VISIBILITY_INVITE_ONLY))
		return cop__error(s, COP_EINVAL, "invalid visibility %d",
			visibility);
	if (!name && !purpose && !language &&
	    visibility == COP_VISIBILITY_UNCHANGED)
		return cop__error(s, COP_EINVAL, "nothing to change: give a "
			"name, purpose, language or visibility");
	return community_write(out, s, community, &ch, "community.update");
}

int cop_community_set_flag_hides(cop_store *s, const char *community, int on)
{
	const community_change ch = { NULL, NULL, NULL,
		COP_VISIBILITY_UNCHANGED, on };
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK)
		return rc;
	if (on != 0 && on != 1)
		return cop__error(s, COP_EINVAL, "flag_hides is 0 or 1, not %d",
			on);
	return community_write(NULL, s, community, &ch,
		"community.set_flag_hides");
}
