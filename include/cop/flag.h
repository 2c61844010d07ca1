/** @file
 * flag.h: flags raised on contributions for the moderators' attention,
 * and their review queue.
 *
 * Who may flag and who may resolve follows the trust privileges of
 * recognition.h (COP_PRIV_FLAG, COP_PRIV_MODERATE); see
 * docs/recognition.md.
 */
#ifndef COP_FLAG_H
#define COP_FLAG_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** The state of a flag. */
typedef enum cop_flag_state {
	COP_FLAG_OPEN = 0,         /**< waiting for review */
	COP_FLAG_UPHELD = 1,       /**< a moderator agreed */
	COP_FLAG_DISMISSED = 2     /**< a moderator disagreed */
} cop_flag_state;

typedef struct cop_flag cop_flag;  /**< A flag.  Opaque; free with cop_flag_free(). */
typedef struct cop_flag_iter cop_flag_iter;  /**< An iterator over flags (cop_flag_iter_next(), cop_flag_iter_free()). */

/** Static name ("open", "upheld", "dismissed"), NULL for unknown values. */
COP_EXTERN(const char *) cop_flag_state_name(cop_flag_state st);
/** Parse a flag state's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_flag_state_parse(cop_flag_state *out,
	const char *name);

/**
 * Flag a contribution for the moderators' attention, as the actor: an
 * active member holding the flag privilege (COP_PRIV_FLAG: trust level
 * 1 by default; facilitators and owners always), not on their own
 * contribution, once per contribution.
 * @param out     receives the flag (caller owns it: cop_flag_free()), or NULL.
 * @param reason  1-500 characters of UTF-8.
 * @return COP_OK, COP_EINVAL (as the system, bad reason), COP_ENOTFOUND,
 *         COP_EEXISTS (already flagged by the actor), COP_EPERM (own
 *         contribution, no privilege, not an active member, not
 *         visible), COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 *         On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_flag_raise(cop_flag **out, cop_store *store,
	const char *contribution_id, const char *reason);

/**
 * Resolve an open flag as upheld or dismissed: facilitators, owners,
 * members holding the moderate privilege (COP_PRIV_MODERATE), the system.
 * @return COP_OK, COP_EINVAL (bad id or state, already resolved),
 *         COP_ENOTFOUND, COP_EPERM, COP_EREADONLY, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_flag_resolve(cop_store *store, const char *flag_id,
	cop_flag_state outcome);

/**
 * The review queue: a community's flags in state @p state, oldest
 * first, by keyset pages (@p page may be NULL).  For those who may
 * resolve flags.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_flag_iter_new(cop_flag_iter **out, cop_store *store,
	const char *community, cop_flag_state state, const cop_page *page);
/** Next flag (caller owns it), or COP_ITEROVER. */
COP_EXTERN(cop_status) cop_flag_iter_next(cop_flag **out, cop_flag_iter *it);
/** Cursor after the last flag returned (borrowed), or NULL. */
COP_EXTERN(const char *) cop_flag_iter_cursor(const cop_flag_iter *it);
/** Free an iterator; NULL is harmless. */
COP_EXTERN(void) cop_flag_iter_free(cop_flag_iter *it);

/** Free a flag; NULL is harmless. */
COP_EXTERN(void) cop_flag_free(cop_flag *f);
/** @name Getters (borrowed strings, valid while the flag lives). */
/**@{*/
COP_EXTERN(const char *) cop_flag_id(const cop_flag *f);
COP_EXTERN(const char *) cop_flag_community_id(const cop_flag *f);
COP_EXTERN(const char *) cop_flag_contribution_id(const cop_flag *f);
COP_EXTERN(const char *) cop_flag_flagger_id(const cop_flag *f);
COP_EXTERN(const char *) cop_flag_reason(const cop_flag *f);
COP_EXTERN(cop_flag_state) cop_flag_state_get(const cop_flag *f);
COP_EXTERN(cop_time) cop_flag_created(const cop_flag *f);
/** Who resolved it, NULL while open or when the system did. */
COP_EXTERN(const char *) cop_flag_resolver_id(const cop_flag *f);
/** When it was resolved, 0 while open. */
COP_EXTERN(cop_time) cop_flag_resolved(const cop_flag *f);
/**@}*/

COP_END_DECL

#endif
