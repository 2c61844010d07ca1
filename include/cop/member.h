/** @file
 * member.h: the people of communities.
 */
#ifndef COP_MEMBER_H
#define COP_MEMBER_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** A member (a person).  Opaque; free with cop_member_free(). */
typedef struct cop_member cop_member;
/** An iterator over members. */
typedef struct cop_member_iter cop_member_iter;

/** A member's account status. */
typedef enum cop_member_status {
	COP_MEMBER_ACTIVE = 0,
	COP_MEMBER_SUSPENDED = 1,
	COP_MEMBER_DELETED = 2
} cop_member_status;

/** Static name of a member's status ("active", "suspended", "deleted"),
 *  NULL for unknown values. */
COP_EXTERN(const char *) cop_member_status_name(cop_member_status s);
/** Parse such a name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_member_status_parse(cop_member_status *out,
	const char *name);

/**
 * Create a member.  Only the system (no actor) creates members.
 *
 * @param out           receives the new member, owned by the caller (free
 *                      with cop_member_free()); may be NULL if not wanted.
 * @param handle        unique login-like name: 1-64 characters of
 *                      [A-Za-z0-9_.-]; unique regardless of case.
 * @param display_name  1-200 characters of UTF-8.
 * @param organisation  NULL or up to 200 characters of UTF-8.
 * @param languages     NULL or space-separated BCP 47 tags ("en fr-CA").
 * @return COP_OK; COP_EINVAL (NULL/empty/malformed argument), COP_ETOOBIG,
 *         COP_EENCODING (invalid UTF-8), COP_EEXISTS (handle taken),
 *         COP_EPERM (actor is not the system), COP_EREADONLY, COP_ENOMEM,
 *         COP_EIO.  On failure nothing is changed.
 */
COP_EXTERN(cop_status) cop_member_create(cop_member **out, cop_store *store,
	const char *handle, const char *display_name,
	const char *organisation, const char *languages);

/**
 * Change a member's profile.  The member themself or the system may do it.
 * NULL arguments leave that field unchanged; "" clears organisation or
 * languages.
 * @return COP_OK, COP_EINVAL, COP_ETOOBIG, COP_EENCODING, COP_ENOTFOUND,
 *         COP_EPERM (someone else's profile, an erased member's),
 *         COP_EREADONLY, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_member_update(cop_store *store,
	const char *member_id, const char *display_name,
	const char *organisation, const char *languages);

/**
 * Look up a member by text id: one the actor sees, as the member listing
 * shows them (cop_member_iter_new()): the system sees every member, a
 * member themself and the members (active or silenced) of the public
 * communities and of those they belong to.  A member the actor may not
 * see is refused exactly as one that does not exist.
 * @param out  receives the member, owned by the caller.
 * @return COP_OK, COP_EINVAL (malformed id), COP_ENOTFOUND ("no such
 *         member": none, or not seen; the id is not named), COP_ENOMEM,
 *         COP_EIO.
 */
COP_EXTERN(cop_status) cop_member_lookup(cop_member **out, cop_store *store,
	const char *member_id);

/**
 * Look up a member by handle (case-insensitive), one the actor sees (as
 * cop_member_lookup(); the handle is not named in the message).
 * @return as cop_member_lookup().
 */
COP_EXTERN(cop_status) cop_member_lookup_by_handle(cop_member **out,
	cop_store *store, const char *handle);

/** Free a member.  NULL is harmless. */
COP_EXTERN(void) cop_member_free(cop_member *member);

/** @name Borrowed getters: strings are owned by the member object. */
/**@{*/
COP_EXTERN(const char *) cop_member_id(const cop_member *m);
COP_EXTERN(const char *) cop_member_handle(const cop_member *m);
COP_EXTERN(const char *) cop_member_display_name(const cop_member *m);
/** Organisation, or NULL when none. */
COP_EXTERN(const char *) cop_member_organisation(const cop_member *m);
/** Space-separated BCP 47 tags, or NULL when none. */
COP_EXTERN(const char *) cop_member_languages(const cop_member *m);
COP_EXTERN(cop_member_status) cop_member_status_get(const cop_member *m);
COP_EXTERN(cop_time) cop_member_created(const cop_member *m);
/**@}*/

/**
 * Iterate over the members the actor sees, ordered by handle: the system
 * sees all; a member sees themself, the members of every public
 * community and those of the communities they belong to (active or
 * silenced memberships), never one who shares no such community.
 * @param out   receives the iterator, owned by the caller.
 * @param page  keyset page, or NULL for all.
 * @return COP_OK, COP_EINVAL (bad cursor), COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_member_iter_new(cop_member_iter **out,
	cop_store *store, const cop_page *page);

/**
 * Next member.
 * @param out  receives a member owned by the caller.
 * @return COP_OK, COP_ITEROVER at the end, or an error.
 */
COP_EXTERN(cop_status) cop_member_iter_next(cop_member **out,
	cop_member_iter *it);

/**
 * The cursor after the last item returned, to start the next page from.
 * Owned by the iterator, valid until the next call on it; NULL before the
 * first item.
 */
COP_EXTERN(const char *) cop_member_iter_cursor(const cop_member_iter *it);

/** Free an iterator.  NULL is harmless. */
COP_EXTERN(void) cop_member_iter_free(cop_member_iter *it);

COP_END_DECL

#endif
