/** @file
 * moderation.h: moderation that holds.  A member suspended store-wide,
 * or silenced in one community, each with a reason and an optional end
 * time; a contribution hidden with a reason; and the moderation log
 * that moderators page through.
 *
 * A suspension or a silence is in force from when it is taken until its
 * end time (0: none) passes or it is lifted, by the store's clock
 * (cop_store_now(), which tests fix with cop_store_set_time()): nothing
 * has to run for it to end.  While it is in force, every write the
 * member attempts is refused with COP_EPERM (a suspended member writes
 * nowhere; a silenced one nowhere in that community, and still reads
 * it): threads, contributions, edits, votes, accepted answers, kudos,
 * flags, joins, links, memberships, moderation.
 *
 * A hidden contribution is seen only by its author, the facilitators
 * and owners of its community and the system, in every read (a lookup,
 * a thread's page, an author's listing, search, the community export of
 * a member who does not moderate it).
 *
 * A revision's text may be redacted (cop_revision_redact()), and a
 * community may have an upheld flag hide its contribution
 * (cop_community_set_flag_hides(), community.h): cop_flag_resolve()
 * then hides it as cop_contribution_hide() does, in the same
 * transaction, with the reason "upheld flag " and the flag's id.
 *
 * Every action is permission-checked, refused actions change nothing,
 * and each is in the change log ("member.suspend", "member.unsuspend",
 * "community.silence", "community.unsilence", "contribution.hide",
 * "contribution.unhide", "contribution.redact") and in the moderation
 * log.
 */
#ifndef COP_MODERATION_H
#define COP_MODERATION_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** What a moderation log entry records. */
typedef enum cop_modlog_kind {
	COP_MODLOG_SUSPEND = 0,    /**< a member suspended, store-wide */
	COP_MODLOG_SILENCE = 1,    /**< a member silenced in a community */
	COP_MODLOG_HIDE = 2,       /**< a contribution hidden */
	COP_MODLOG_UNHIDE = 3,     /**< a contribution shown again */
	COP_MODLOG_UNSUSPEND = 4,  /**< a suspension lifted */
	COP_MODLOG_UNSILENCE = 5,  /**< a silence lifted */
	COP_MODLOG_REDACT = 6      /**< a revision's text redacted (the entry's
	                                contribution is the revision's) */
} cop_modlog_kind;

/** The text a redacted revision keeps (cop_revision_redact()). */
#define COP_REDACTED_TEXT "[redacted]"

typedef struct cop_modlog_entry cop_modlog_entry;  /**< A modlog entry.  Opaque; free with cop_modlog_entry_free(). */
typedef struct cop_modlog_iter cop_modlog_iter;  /**< An iterator over moderation log entries (cop_modlog_iter_next(), cop_modlog_iter_free()). */

/** Static name ("suspend", "silence", "hide", "unhide", "unsuspend",
 *  "unsilence", "redact"), NULL for unknown values. */
COP_EXTERN(const char *) cop_modlog_kind_name(cop_modlog_kind k);
/** Parse a moderation log kind's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_modlog_kind_parse(cop_modlog_kind *out,
	const char *name);

/**
 * Suspend a member store-wide until @p until (0: until lifted).  Only
 * the system suspends.
 * @param member  the member's id or handle.
 * @param until   the end, a store time after now, or 0.
 * @param reason  1-500 characters of UTF-8.
 * @return COP_OK, COP_EINVAL (bad member, reason or until), COP_ENOTFOUND
 *         (no such member), COP_EEXISTS (a suspension is in force),
 *         COP_EPERM (not the system), COP_EREADONLY, COP_ENOTSUP (a
 *         backend without moderation actions), COP_ENOMEM, COP_EIO.
 *         On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_member_suspend(cop_store *store,
	const char *member, cop_time until, const char *reason);

/**
 * Lift the suspension in force on a member.  Only the system.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (no such member, or no
 *         suspension in force), COP_EPERM, COP_EREADONLY, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_member_unsuspend(cop_store *store,
	const char *member);

/**
 * Silence a member of a community until @p until (0: until lifted): they
 * still read it, and write nothing there.  For the community's
 * facilitators and owners, members holding the moderate privilege
 * (COP_PRIV_MODERATE), and the system; not on oneself.
 * @param community  its id or slug.
 * @param member     the member's id or handle; a member of the community.
 * @param until      the end, a store time after now, or 0.
 * @param reason     1-500 characters of UTF-8.
 * @return COP_OK, COP_EINVAL (bad arguments, oneself), COP_ENOTFOUND (no
 *         such community or member, or not a member there), COP_EEXISTS
 *         (a silence is in force), COP_EPERM, COP_EREADONLY,
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_community_silence(cop_store *store,
	const char *community, const char *member, cop_time until,
	const char *reason);

/**
 * Lift the silence in force on a member of a community.  Permission as
 * cop_community_silence().
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (also: no silence in
 *         force), COP_EPERM, COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM,
 *         COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_community_unsilence(cop_store *store,
	const char *community, const char *member);

/**
 * Hide a contribution: from then on seen only by its author, the
 * community's facilitators and owners, and the system.  For those who
 * may silence in its community (as cop_community_silence()).
 * @param reason  1-500 characters of UTF-8.
 * @return COP_OK, COP_EINVAL (bad id or reason), COP_ENOTFOUND,
 *         COP_EEXISTS (already hidden), COP_EPERM, COP_EREADONLY,
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_contribution_hide(cop_store *store,
	const char *contribution_id, const char *reason);

/**
 * Show a hidden contribution again.  Permission as
 * cop_contribution_hide().
 * @return COP_OK, COP_EINVAL (bad id, not hidden), COP_ENOTFOUND,
 *         COP_EPERM, COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 *         On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_contribution_unhide(cop_store *store,
	const char *contribution_id);

/**
 * Redact an earlier revision of a contribution: its text becomes
 * COP_REDACTED_TEXT, and the fact stays (cop_revision_redacted(), the
 * time) with its reason (the moderation log's entry, kind
 * COP_MODLOG_REDACT; the change log's "contribution.redact").  The
 * current text is not a revision: a moderator edits it (the old text
 * becomes a revision), then redacts that.  Permission as
 * cop_contribution_hide().
 * @param number  the revision's number, 1 up to the contribution's
 *                revision - 1.
 * @param reason  1-500 characters of UTF-8.
 * @return COP_OK, COP_EINVAL (bad id, number or reason; the current
 *         text), COP_ENOTFOUND (no such contribution or revision),
 *         COP_EEXISTS (already redacted), COP_EPERM, COP_EREADONLY,
 *         COP_ENOTSUP (a backend without moderation actions or that
 *         cannot update a revision), COP_ENOMEM, COP_EIO.  On failure
 *         nothing changes.
 */
COP_EXTERN(cop_status) cop_revision_redact(cop_store *store,
	const char *contribution_id, int number, const char *reason);

/**
 * The moderation log of a community (its silences, hidden and shown
 * contributions), newest first, by keyset pages (@p page may be NULL).
 * For its facilitators and owners, members holding the moderate
 * privilege, and the system.  @p community NULL: the store-wide actions
 * (suspensions), for the system only.
 * @param out  receives the iterator (caller owns: cop_modlog_iter_free()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_modlog_iter_new(cop_modlog_iter **out,
	cop_store *store, const char *community, const cop_page *page);
/** Next entry (caller owns it: cop_modlog_entry_free()), or
 *  COP_ITEROVER, or an error. */
COP_EXTERN(cop_status) cop_modlog_iter_next(cop_modlog_entry **out,
	cop_modlog_iter *it);
/** Cursor after the last entry returned (borrowed, valid until the next
 *  call on the iterator), or NULL. */
COP_EXTERN(const char *) cop_modlog_iter_cursor(const cop_modlog_iter *it);
/** Free an iterator; NULL is harmless. */
COP_EXTERN(void) cop_modlog_iter_free(cop_modlog_iter *it);

/** Free an entry; NULL is harmless. */
COP_EXTERN(void) cop_modlog_entry_free(cop_modlog_entry *e);
/** @name Getters (borrowed strings, valid while the entry lives). */
/**@{*/
COP_EXTERN(const char *) cop_modlog_entry_id(const cop_modlog_entry *e);
/** The community, NULL for a store-wide action. */
COP_EXTERN(const char *) cop_modlog_entry_community_id(const cop_modlog_entry *e);
COP_EXTERN(cop_modlog_kind) cop_modlog_entry_kind_get(const cop_modlog_entry *e);
/** Who took it, NULL for the system. */
COP_EXTERN(const char *) cop_modlog_entry_actor_id(const cop_modlog_entry *e);
/** The member it is about, NULL for a contribution's. */
COP_EXTERN(const char *) cop_modlog_entry_member_id(const cop_modlog_entry *e);
/** The contribution it is about, NULL for a member's. */
COP_EXTERN(const char *) cop_modlog_entry_contribution_id(const cop_modlog_entry *e);
/** Its reason, "" when none was given (lifting takes none). */
COP_EXTERN(const char *) cop_modlog_entry_reason(const cop_modlog_entry *e);
COP_EXTERN(cop_time) cop_modlog_entry_start(const cop_modlog_entry *e);
/** The end it was given, 0 for none. */
COP_EXTERN(cop_time) cop_modlog_entry_until(const cop_modlog_entry *e);
/** When it was lifted, 0 when it was not. */
COP_EXTERN(cop_time) cop_modlog_entry_lifted(const cop_modlog_entry *e);
/**@}*/

COP_END_DECL

#endif
