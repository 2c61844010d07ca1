/** @file
 * community.h: communities and memberships.
 */
#ifndef COP_COMMUNITY_H
#define COP_COMMUNITY_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

typedef struct cop_community cop_community;  /**< A community.  Opaque; free with cop_community_free(). */
typedef struct cop_community_iter cop_community_iter;  /**< An iterator over communities (cop_community_iter_next(), cop_community_iter_free()). */
typedef struct cop_membership cop_membership;  /**< A membership.  Opaque; free with cop_membership_free(). */
typedef struct cop_membership_iter cop_membership_iter;  /**< An iterator over memberships (cop_membership_iter_next(), cop_membership_iter_free()). */

/**
 * Who can see a community.  Non-members never see anything of a private or
 * invite-only community; anyone may join a public one; an invite-only
 * community is joined through a facilitator; a private one is not listed.
 */
typedef enum cop_visibility {
	COP_VISIBILITY_PUBLIC = 0,
	COP_VISIBILITY_PRIVATE = 1,
	COP_VISIBILITY_INVITE_ONLY = 2
} cop_visibility;

/** Roles in a community, in increasing order of rights. */
typedef enum cop_role {
	COP_ROLE_OBSERVER = 0,         /**< reads, cannot post */
	COP_ROLE_MEMBER = 1,
	COP_ROLE_CORE = 2,
	COP_ROLE_FACILITATOR = 3,
	COP_ROLE_OWNER = 4
} cop_role;

/** The status of a membership. */
typedef enum cop_membership_status {
	COP_MEMBERSHIP_ACTIVE = 0,
	COP_MEMBERSHIP_PENDING = 1,   /**< asked to join (a join request:
	                                   cop_community_request()) */
	COP_MEMBERSHIP_LEFT = 2,
	COP_MEMBERSHIP_BANNED = 3,    /**< sees only what the public sees; cannot post */
	COP_MEMBERSHIP_SILENCED = 4,  /**< reads, cannot post */
	COP_MEMBERSHIP_INVITED = 5    /**< invited, not yet answered
	                                   (cop_community_invite()); sees
	                                   nothing of a restricted community */
} cop_membership_status;

/** Static names: "public", "owner", "active", ... "invited"; NULL for
 *  unknown values. */
COP_EXTERN(const char *) cop_visibility_name(cop_visibility v);
COP_EXTERN(const char *) cop_role_name(cop_role r);  /**< The static name of a cop_role value, as above; NULL for an unknown one. */
COP_EXTERN(const char *) cop_membership_status_name(cop_membership_status s);  /**< The static name of a cop_membership_status value, as above; NULL for an unknown one. */
/** Parse those names.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_visibility_parse(cop_visibility *out,
	const char *name);
COP_EXTERN(cop_status) cop_role_parse(cop_role *out, const char *name);  /**< Parse a cop_role name, as above: COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_membership_status_parse(cop_membership_status *out,
	const char *name);  /**< Parse a cop_membership_status name, as above: COP_OK or COP_EINVAL. */

/**
 * Create a community.  When the actor is a member, they become its owner.
 *
 * @param out       receives the community (caller owns it), or NULL.
 * @param slug      unique, 1-64 characters of [a-z0-9-], not starting with '-'.
 * @param name      1-200 characters of UTF-8.
 * @param purpose   the domain / purpose statement, NULL or up to 4000 chars.
 * @param language  BCP 47 tag, NULL for "en".
 * @return COP_OK, COP_EINVAL, COP_ETOOBIG, COP_EENCODING, COP_EEXISTS (slug
 *         taken), COP_EPERM (actor suspended), COP_EREADONLY, COP_ENOMEM,
 *         COP_EIO.  On failure nothing is changed.
 */
COP_EXTERN(cop_status) cop_community_create(cop_community **out,
	cop_store *store, const char *slug, const char *name,
	const char *purpose, const char *language, cop_visibility visibility);

/**
 * Look up a community by text id or by slug.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND ("no such community": none,
 *         or one the actor may not see, the two alike), COP_ENOMEM,
 *         COP_EIO.
 */
COP_EXTERN(cop_status) cop_community_lookup(cop_community **out, cop_store *store,
	const char *id_or_slug);

/** Free a community.  NULL is harmless. */
COP_EXTERN(void) cop_community_free(cop_community *c);

/** @name Borrowed getters (owned by the community object). */
/**@{*/
COP_EXTERN(const char *) cop_community_id(const cop_community *c);
COP_EXTERN(const char *) cop_community_slug(const cop_community *c);
COP_EXTERN(const char *) cop_community_name(const cop_community *c);
/** Purpose statement, or NULL. */
COP_EXTERN(const char *) cop_community_purpose(const cop_community *c);
COP_EXTERN(const char *) cop_community_language(const cop_community *c);
COP_EXTERN(cop_visibility) cop_community_visibility(const cop_community *c);
COP_EXTERN(cop_time) cop_community_created(const cop_community *c);
/** Whether an upheld flag hides its contribution here (1) or not (0,
 *  the default): cop_community_set_flag_hides(). */
COP_EXTERN(int) cop_community_flag_hides(const cop_community *c);
/**@}*/

/**
 * Iterate over the communities the actor can see, ordered by slug.
 * @return COP_OK, COP_EINVAL (bad cursor), COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_community_iter_new(cop_community_iter **out,
	cop_store *store, const cop_page *page);
/** @return COP_OK with a community owned by the caller, COP_ITEROVER, or an error. */
COP_EXTERN(cop_status) cop_community_iter_next(cop_community **out,
	cop_community_iter *it);
/** Cursor after the last item returned (owned by the iterator), or NULL. */
COP_EXTERN(const char *) cop_community_iter_cursor(const cop_community_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_community_iter_free(cop_community_iter *it);

/**
 * Join a community, or (the system) add a member to it.
 *
 * A member joins a public community themself and becomes an active
 * member; a restricted (invite-only or private) community is joined
 * with consent on both sides: a join request that a facilitator
 * approves (cop_community_request()), or an invitation that the member
 * accepts (cop_community_invite()).  Facilitators and owners do not add
 * other members: they invite them (refused here with COP_EPERM).  The
 * system adds anyone to any community as an active member.  A member
 * who left a public community may rejoin; a banned member may not.
 *
 * @param out            receives the membership (caller owns it), or NULL.
 * @param community      text id or slug.
 * @param member_id      text id of the member joining.
 * @param pledged_hours  hours a month the member pledges (0-744).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EEXISTS (already an
 *         active member), COP_EPERM, COP_EREADONLY, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_community_join(cop_membership **out,
	cop_store *store, const char *community, const char *member_id,
	int pledged_hours);

/**
 * Leave a community (the member themself, a facilitator or the system).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (not a member), COP_EPERM, ...
 */
COP_EXTERN(cop_status) cop_community_leave(cop_store *store,
	const char *community, const char *member_id);

/**
 * Change a member's role.  Facilitators may give roles up to facilitator;
 * only owners and the system make or unmake owners.  A community always
 * keeps at least one owner once it has had one.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_EREADONLY, ...
 */
COP_EXTERN(cop_status) cop_membership_set_role(cop_store *store,
	const char *community, const char *member_id, cop_role role);

/**
 * Change a membership's status (ban, silence, reinstate): facilitators,
 * owners and the system; a facilitator cannot ban an owner, nor change
 * an invitation's status (the invitee answers it; the system may).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_EREADONLY, ...
 */
COP_EXTERN(cop_status) cop_membership_set_status(cop_store *store,
	const char *community, const char *member_id,
	cop_membership_status status);

/**
 * Change the hours a month a member pledges (themself, a facilitator, the
 * system).  @return COP_OK, COP_EINVAL (out of 0-744), COP_ENOTFOUND, COP_EPERM, ...
 */
COP_EXTERN(cop_status) cop_membership_set_pledge(cop_store *store,
	const char *community, const char *member_id, int pledged_hours);

/**
 * Look up one membership.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (also for a community the
 *         actor may not see, and "no such member" for a member the actor
 *         may not see, as for an id no member has).
 */
COP_EXTERN(cop_status) cop_membership_lookup(cop_membership **out,
	cop_store *store, const char *community, const char *member_id);

/** Free the object and the strings it owns; NULL is harmless. */
COP_EXTERN(void) cop_membership_free(cop_membership *ms);

/** @name Borrowed getters (owned by the membership object). */
/**@{*/
COP_EXTERN(const char *) cop_membership_community_id(const cop_membership *ms);
COP_EXTERN(const char *) cop_membership_member_id(const cop_membership *ms);
/** The member's handle (filled in by gets and listings). */
COP_EXTERN(const char *) cop_membership_handle(const cop_membership *ms);
COP_EXTERN(cop_role) cop_membership_role(const cop_membership *ms);
COP_EXTERN(cop_membership_status) cop_membership_status_get(const cop_membership *ms);
COP_EXTERN(cop_time) cop_membership_joined(const cop_membership *ms);
/** Hours a month the member pledged (a value, not a status). */
COP_EXTERN(int) cop_membership_pledged_hours(const cop_membership *ms);
/** The community's slug, filled in only by cop_invitation_iter_new()
 *  (the invitee may not see the community yet); NULL otherwise. */
COP_EXTERN(const char *) cop_membership_community_slug(const cop_membership *ms);
/**@}*/

/**
 * Iterate over a community's memberships by role (owners first), then
 * handle.  Members who left are not listed; a join request, an
 * invitation or a ban is listed only to the community's moderators
 * (active facilitators and owners), to its member and to the system
 * (docs/privacy.md).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (also for a community the
 *         actor may not see), ...
 */
COP_EXTERN(cop_status) cop_membership_iter_new(cop_membership_iter **out,
	cop_store *store, const char *community, const cop_page *page);
/** The next item into *out (the caller owns it: cop_membership_free()).
 *  @return COP_OK, COP_ITEROVER at the end, COP_EINVAL, COP_ENOMEM, COP_EIO. */
COP_EXTERN(cop_status) cop_membership_iter_next(cop_membership **out,
	cop_membership_iter *it);
/** The cursor after the last item returned, for cop_page.after; owned by
 *  the iterator, valid until its next call.  Before the first item: the
 *  page's cursor when it started from one, else NULL. */
COP_EXTERN(const char *) cop_membership_iter_cursor(const cop_membership_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_membership_iter_free(cop_membership_iter *it);

/* ---- joining with consent ---------------------------------------------------
 *
 * A restricted community takes members with their consent and its
 * facilitators':
 *
 *  - an invite-only community takes join requests: a member asks
 *    (cop_community_request(): a membership of status
 *    COP_MEMBERSHIP_PENDING, which the facilitator's queue lists as a
 *    pending join request), and a facilitator, an owner or the system
 *    approves it (the member becomes active) or declines it;
 *  - a private community, which is not listed, takes no requests (it
 *    refuses them as it refuses any look from outside, COP_ENOTFOUND "no
 *    such community", as if it were not there): it is joined by
 *    invitation only;
 *  - any community takes invitations: a facilitator, an owner or the
 *    system invites a member (a membership of status
 *    COP_MEMBERSHIP_INVITED, which sees nothing more than before), and
 *    the member accepts (becomes active) or declines.
 *
 * A declined request or invitation leaves the membership "left": the
 * member may ask again at once (or be invited again), as someone who
 * left may; a facilitator who wants no more requests from them bans
 * them (cop_membership_set_status(), COP_MEMBERSHIP_BANNED on the
 * pending request), and a banned member can neither ask nor be invited.
 * A request while invited, or an invitation while a request is
 * pending, is COP_EEXISTS: the other side answers what is there.
 *
 * Each step is in the change log: "membership.request",
 * "membership.approve", "membership.decline", "membership.invite",
 * "membership.accept", "membership.refuse" (an invitation declined);
 * the object is the member, the community the community.  A suspended
 * actor, or one silenced in the community, is refused every step.
 */

/**
 * Ask to join an invite-only community (the actor, a member).
 * @param out  receives the pending membership (caller owns it), or NULL.
 * @return COP_OK, COP_EINVAL (a public community: join it; the system,
 *         which is no member), COP_ENOTFOUND (none, or a private
 *         community), COP_EEXISTS (already a member, a request pending,
 *         or invited), COP_EPERM (banned, suspended, not an active
 *         member),
 *         COP_EREADONLY, COP_ENOMEM, COP_EIO.  On failure nothing
 *         changes.
 */
COP_EXTERN(cop_status) cop_community_request(cop_membership **out,
	cop_store *store, const char *community);

/**
 * Approve a pending join request: the member becomes an active member
 * (role member), from now.  For the community's facilitators and owners
 * and the system.
 * @param member_id  the member who asked (text id).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (no request pending from
 *         them), COP_EPERM, COP_EREADONLY, COP_ENOMEM, COP_EIO.  On
 *         failure nothing changes.
 */
COP_EXTERN(cop_status) cop_community_approve(cop_store *store,
	const char *community, const char *member_id);

/**
 * Decline a pending join request: the membership becomes "left" (the
 * member may ask again).  Permission and errors as
 * cop_community_approve().
 */
COP_EXTERN(cop_status) cop_community_decline(cop_store *store,
	const char *community, const char *member_id);

/**
 * Invite a member to a community.  For its facilitators and owners and
 * the system.
 * @param out        receives the invitation (caller owns it), or NULL.
 * @param member_id  the member invited (text id); an active member.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EEXISTS (already a
 *         member, already invited, or a request of theirs pending),
 *         COP_EPERM (not a facilitator; the member banned there or not
 *         active), COP_EREADONLY, COP_ENOMEM, COP_EIO.  On failure
 *         nothing changes.
 */
COP_EXTERN(cop_status) cop_community_invite(cop_membership **out,
	cop_store *store, const char *community, const char *member_id);

/**
 * Accept the invitation the actor has to a community: they become an
 * active member (role member), from now.
 * @return COP_OK, COP_EINVAL (the system, which is no member),
 *         COP_ENOTFOUND (no invitation; "no such community" instead
 *         for a community the actor may not see), COP_EPERM (suspended),
 *         COP_EREADONLY, COP_ENOMEM, COP_EIO.  On failure nothing
 *         changes.
 */
COP_EXTERN(cop_status) cop_invitation_accept(cop_store *store,
	const char *community);

/**
 * Decline the invitation the actor has to a community: the membership
 * becomes "left".  Errors as cop_invitation_accept().
 */
COP_EXTERN(cop_status) cop_invitation_decline(cop_store *store,
	const char *community);

/**
 * The actor's pending invitations, by community id, each with the
 * community's slug (cop_membership_community_slug()).  The system has
 * none (an empty listing).
 * @param out  receives the iterator (caller owns it:
 *             cop_membership_iter_free()).
 * @return COP_OK, COP_EINVAL (bad page or cursor), COP_ENOTSUP (a
 *         backend without the export scans), COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_invitation_iter_new(cop_membership_iter **out,
	cop_store *store, const cop_page *page);

/**
 * A community's pending join requests, in the order of its membership
 * listing (by role, then handle).  For its facilitators and owners and
 * the system.
 * @param out  receives the iterator (caller owns it:
 *             cop_membership_iter_free()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOMEM,
 *         COP_EIO.
 */
COP_EXTERN(cop_status) cop_community_request_iter_new(
	cop_membership_iter **out, cop_store *store, const char *community,
	const cop_page *page);

/**
 * Set whether an upheld flag hides its contribution in a community
 * (@p on 1), or only closes the flag (0, the default): when set,
 * cop_flag_resolve() with COP_FLAG_UPHELD hides the flagged
 * contribution as cop_contribution_hide() does (moderation.h), in the
 * same transaction, unless it is hidden already.  For the community's
 * facilitators and owners and the system; in the change log as
 * "community.set_flag_hides".
 * @return COP_OK, COP_EINVAL (@p on not 0 or 1), COP_ENOTFOUND,
 *         COP_EPERM, COP_EREADONLY, COP_ENOMEM, COP_EIO.  On failure
 *         nothing changes.
 */
COP_EXTERN(cop_status) cop_community_set_flag_hides(cop_store *store,
	const char *community, int on);

/** cop_community_update(): leave the visibility as it is. */
#define COP_VISIBILITY_UNCHANGED (-1)

/**
 * Change a community's name, purpose, language and visibility, each
 * validated as by cop_community_create(); NULL (COP_VISIBILITY_UNCHANGED
 * for the visibility) leaves one as it is, and an empty purpose removes
 * it.  For the community's facilitators and owners and the system; in
 * the change log as "community.update".
 * @param out  receives the community as it now is (caller owns it), or
 *             NULL.
 * @return COP_OK, COP_EINVAL, COP_ETOOBIG, COP_EENCODING, COP_ENOTFOUND,
 *         COP_EPERM, COP_EREADONLY, COP_ENOMEM, COP_EIO.  On failure
 *         nothing changes.
 */
COP_EXTERN(cop_status) cop_community_update(cop_community **out,
	cop_store *store, const char *community, const char *name,
	const char *purpose, const char *language, int visibility);

COP_END_DECL

#endif
