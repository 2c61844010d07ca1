/** @file
 * notify.h: subscriptions and notifications.
 *
 * A member follows a community, a thread, or a tag in a community, at a
 * level:
 *  - watching: a notification for every new contribution there (new
 *    threads and every reply);
 *  - tracking: a notification for every new thread there (a thread
 *    followed at tracking adds nothing: its replies to the member's own
 *    contributions and the mentions of the member notify anyway);
 *  - muted: nothing from there, not even a reply to the member's own
 *    contribution or a mention, whatever a broader follow says.
 * Precedence: the most specific follow of a thread decides, a follow of
 * the thread before a follow of one of its tags before a follow of its
 * community (among the thread's tags: muted, then watching, then
 * tracking).  Without any follow a member is notified only of what
 * concerns them (below).
 *
 * A member is notified, in the same transaction as the event:
 *  - of a reply to one of their contributions (a contribution whose
 *    reply_to is theirs, or, without reply_to, a new contribution in a
 *    thread they started): COP_NOTIFY_REPLY;
 *  - of a new contribution in what they watch, or a new thread in what
 *    they track: COP_NOTIFY_POST;
 *  - of an "@handle" mention of them in a contribution's body, read as
 *    CommonMark (libcmark): only in text, never inside a code span, a
 *    code block, a link's URL or raw HTML; unknown handles are ignored:
 *    COP_NOTIFY_MENTION;
 *  - of an accepted answer, when it is theirs or answers their question:
 *    COP_NOTIFY_ACCEPTED;
 *  - of kudos they receive: COP_NOTIFY_KUDOS; of a badge awarded to
 *    them: COP_NOTIFY_BADGE.
 * Never of their own action; one notification per member per event
 * (a mention, then a reply, then a post, whichever comes first).
 *
 * A member's feed is newest first, by keyset pages, each notification
 * read or unread.  It shows only what the member may see now, by the
 * store's one visibility rule (a private community they left, a hidden
 * thread, a hidden or removed contribution drop out, also from the
 * counts), and only the member (or the system) reads and marks it.
 */
#ifndef COP_NOTIFY_H
#define COP_NOTIFY_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** What a follow follows. */
typedef enum cop_follow_kind {
	COP_FOLLOW_COMMUNITY = 0,  /**< a community */
	COP_FOLLOW_THREAD = 1,     /**< a thread */
	COP_FOLLOW_TAG = 2         /**< a tag in a community */
} cop_follow_kind;

/** How closely (see above). */
typedef enum cop_follow_level {
	COP_FOLLOW_WATCHING = 0,
	COP_FOLLOW_TRACKING = 1,
	COP_FOLLOW_MUTED = 2
} cop_follow_level;

/** What a notification is about. */
typedef enum cop_notification_kind {
	COP_NOTIFY_REPLY = 0,      /**< a reply to your contribution */
	COP_NOTIFY_POST = 1,       /**< a new post in what you follow */
	COP_NOTIFY_MENTION = 2,    /**< a mention ("@you") in a contribution */
	COP_NOTIFY_ACCEPTED = 3,   /**< an accepted answer, yours or to you */
	COP_NOTIFY_KUDOS = 4,      /**< kudos you received */
	COP_NOTIFY_BADGE = 5       /**< a badge awarded to you */
} cop_notification_kind;

typedef struct cop_follow cop_follow;  /**< A follow.  Opaque; free with cop_follow_free(). */
typedef struct cop_follow_iter cop_follow_iter;  /**< An iterator over follows (cop_follow_iter_next(), cop_follow_iter_free()). */
typedef struct cop_notification cop_notification;  /**< A notification.  Opaque; free with cop_notification_free(). */
typedef struct cop_notification_iter cop_notification_iter;  /**< An iterator over notifications (cop_notification_iter_next(), cop_notification_iter_free()). */

/** Static name ("community", "thread", "tag"), NULL for unknown values. */
COP_EXTERN(const char *) cop_follow_kind_name(cop_follow_kind k);
/** Parse a follow kind's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_follow_kind_parse(cop_follow_kind *out,
	const char *name);
/** Static name ("watching", "tracking", "muted"), NULL for unknown. */
COP_EXTERN(const char *) cop_follow_level_name(cop_follow_level l);
/** Parse a follow level's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_follow_level_parse(cop_follow_level *out,
	const char *name);
/** Static name ("reply", "post", "mention", "accepted", "kudos",
 *  "badge"), NULL for unknown values. */
COP_EXTERN(const char *) cop_notification_kind_name(cop_notification_kind k);
/** Parse a notification kind's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_notification_kind_parse(cop_notification_kind *out,
	const char *name);

/**
 * The actor follows a community, a thread or a tag, at @p level; a
 * follow of the same target changes its level.  Members only (the
 * system follows nothing), of what they may see.
 * @param kind    what @p target names.
 * @param target  a community's id or slug (community, tag), or a
 *                thread's id.
 * @param tag     the tag (kind tag only, else NULL): a-z 0-9 + # . -.
 * @return COP_OK, COP_EINVAL (bad arguments, the system), COP_ENOTFOUND
 *         (no such community or thread the actor sees), COP_EPERM (a
 *         suspended or erased member), COP_EREADONLY, COP_ENOTSUP (a backend
 *         without notifications), COP_ENOMEM, COP_EIO.  On failure
 *         nothing changes.
 */
COP_EXTERN(cop_status) cop_follow_set(cop_store *store, cop_follow_kind kind,
	const char *target, const char *tag, cop_follow_level level);

/**
 * The actor stops following a target (as cop_follow_set() names it).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (no such target, or not
 *         followed), COP_EPERM (an erased member), COP_EREADONLY,
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_follow_remove(cop_store *store,
	cop_follow_kind kind, const char *target, const char *tag);

/**
 * A member's follows, oldest first, by keyset pages (@p page may be
 * NULL).  For the member and the system.
 * @param member  id or handle; NULL: the actor.
 * @param out     receives the iterator (caller owns: cop_follow_iter_free()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM (another member's),
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_follow_iter_new(cop_follow_iter **out,
	cop_store *store, const char *member, const cop_page *page);
/** Next follow (caller owns it: cop_follow_free()), or COP_ITEROVER. */
COP_EXTERN(cop_status) cop_follow_iter_next(cop_follow **out,
	cop_follow_iter *it);
/** Cursor after the last follow returned (borrowed), or NULL. */
COP_EXTERN(const char *) cop_follow_iter_cursor(const cop_follow_iter *it);
/** Free an iterator; NULL is harmless. */
COP_EXTERN(void) cop_follow_iter_free(cop_follow_iter *it);
/** Free a follow; NULL is harmless. */
COP_EXTERN(void) cop_follow_free(cop_follow *f);
/** @name Follow getters (borrowed strings, valid while the follow lives). */
/**@{*/
COP_EXTERN(cop_follow_kind) cop_follow_kind_get(const cop_follow *f);
COP_EXTERN(cop_follow_level) cop_follow_level_get(const cop_follow *f);
COP_EXTERN(const char *) cop_follow_member_id(const cop_follow *f);
COP_EXTERN(const char *) cop_follow_community_id(const cop_follow *f);
/** The thread, NULL unless kind is thread. */
COP_EXTERN(const char *) cop_follow_thread_id(const cop_follow *f);
/** The tag, NULL unless kind is tag. */
COP_EXTERN(const char *) cop_follow_tag(const cop_follow *f);
COP_EXTERN(cop_time) cop_follow_created(const cop_follow *f);
/**@}*/

/**
 * A member's notifications, newest first, by keyset pages (@p page may
 * be NULL): only what the member may see now.  For the member and the
 * system.
 * @param member  id or handle; NULL: the actor.
 * @param unread  1: only the unread ones.
 * @param out     receives the iterator (caller owns:
 *                cop_notification_iter_free()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (no such member), COP_EPERM
 *         (another member's feed), COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_notification_iter_new(cop_notification_iter **out,
	cop_store *store, const char *member, int unread, const cop_page *page);
/** Next notification (caller owns it: cop_notification_free()), or
 *  COP_ITEROVER, or an error. */
COP_EXTERN(cop_status) cop_notification_iter_next(cop_notification **out,
	cop_notification_iter *it);
/** Cursor after the last notification returned (borrowed), or NULL. */
COP_EXTERN(const char *) cop_notification_iter_cursor(const cop_notification_iter *it);
/** Free an iterator; NULL is harmless. */
COP_EXTERN(void) cop_notification_iter_free(cop_notification_iter *it);

/**
 * How many notifications a member sees (@p unread: only the unread).
 * Permission as cop_notification_iter_new().
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_notification_count(cop_store *store,
	const char *member, int unread, uint64_t *out);

/**
 * Mark notifications of a member read: @p n ids, or, when @p ids is NULL
 * and @p n 0, every unread one.  One already read stays as it was.  All
 * or nothing.  Permission as cop_notification_iter_new().
 * @param count  receives how many were marked (may be NULL).
 * @return COP_OK, COP_EINVAL (a bad id), COP_ENOTFOUND (no such member,
 *         or a notification the member does not see: nothing is marked
 *         then), COP_EPERM, COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM,
 *         COP_EIO.
 */
COP_EXTERN(cop_status) cop_notification_mark_read(cop_store *store,
	const char *member, const char *const *ids, size_t n,
	unsigned int *count);

/** Free a notification; NULL is harmless. */
COP_EXTERN(void) cop_notification_free(cop_notification *x);
/** @name Notification getters (borrowed, valid while it lives). */
/**@{*/
/** Its id (the event's: unique among the member's notifications). */
COP_EXTERN(const char *) cop_notification_id(const cop_notification *x);
COP_EXTERN(cop_notification_kind) cop_notification_kind_get(const cop_notification *x);
COP_EXTERN(const char *) cop_notification_member_id(const cop_notification *x);
COP_EXTERN(const char *) cop_notification_community_id(const cop_notification *x);
/** The thread, NULL when none (a badge, kudos without a contribution). */
COP_EXTERN(const char *) cop_notification_thread_id(const cop_notification *x);
/** The contribution, NULL when none. */
COP_EXTERN(const char *) cop_notification_contribution_id(const cop_notification *x);
/** The kudos or badge award, NULL for the others. */
COP_EXTERN(const char *) cop_notification_object_id(const cop_notification *x);
/** Who acted, NULL for the system. */
COP_EXTERN(const char *) cop_notification_actor_id(const cop_notification *x);
COP_EXTERN(cop_time) cop_notification_created(const cop_notification *x);
/** When it was marked read, 0 while unread. */
COP_EXTERN(cop_time) cop_notification_read(const cop_notification *x);
/**@}*/

COP_END_DECL

#endif
