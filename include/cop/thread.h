/** @file
 * thread.h: discussion threads.
 */
#ifndef COP_THREAD_H
#define COP_THREAD_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

typedef struct cop_thread cop_thread;  /**< A thread.  Opaque; free with cop_thread_free(). */
typedef struct cop_thread_iter cop_thread_iter;  /**< An iterator over threads (cop_thread_iter_next(), cop_thread_iter_free()). */

/** What a thread is. */
typedef enum cop_thread_kind {
	COP_THREAD_DISCUSSION = 0,
	COP_THREAD_QUESTION = 1,
	COP_THREAD_ANNOUNCEMENT = 2   /**< only facilitators, owners, the system */
} cop_thread_kind;

/**
 * Thread states: the old form of a thread's properties, one value for
 * them all.  A thread has five properties, each on or off and
 * independent of the others (an answered thread can be pinned and
 * locked): closed (takes no contributions), locked (takes them only from
 * facilitators and owners), pinned (listed first), hidden (seen only by
 * those who moderate the community) and answered (an answer is
 * accepted).  The state is derived from them, the first that is on in
 * the order hidden, closed, locked, pinned, answered; open when none is.
 * Read them with cop_thread_is_closed() and the others, set them with
 * cop_thread_set_flag().
 */
typedef enum cop_thread_state {
	COP_THREAD_OPEN = 0,
	COP_THREAD_ANSWERED = 1,
	COP_THREAD_CLOSED = 2,
	COP_THREAD_LOCKED = 3,
	COP_THREAD_PINNED = 4,
	COP_THREAD_HIDDEN = 5
} cop_thread_state;

/**
 * The properties a moderator sets (cop_thread_set_flag()); answered is
 * not one of them: accepting an answer sets it (recognition.h).
 */
typedef enum cop_thread_flag {
	COP_THREAD_FLAG_CLOSED = 0,
	COP_THREAD_FLAG_LOCKED = 1,
	COP_THREAD_FLAG_PINNED = 2,
	COP_THREAD_FLAG_HIDDEN = 3
} cop_thread_flag;

/** Static names ("question", "locked"); NULL for unknown values. */
COP_EXTERN(const char *) cop_thread_kind_name(cop_thread_kind k);
COP_EXTERN(const char *) cop_thread_state_name(cop_thread_state s);  /**< The static name of a cop_thread_state value, as above; NULL for an unknown one. */
/** Static names of the flags ("closed", "locked", "pinned", "hidden");
 *  NULL for unknown values. */
COP_EXTERN(const char *) cop_thread_flag_name(cop_thread_flag f);
/** @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_thread_kind_parse(cop_thread_kind *out,
	const char *name);
COP_EXTERN(cop_status) cop_thread_state_parse(cop_thread_state *out,
	const char *name);  /**< Parse a cop_thread_state name, as above: COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_thread_flag_parse(cop_thread_flag *out,
	const char *name);  /**< Parse a cop_thread_flag name, as above: COP_OK or COP_EINVAL. */

/** Most tags on one thread. */
#define COP_THREAD_MAX_TAGS 10
/** The longest tags argument, in bytes, separators and repeats included
 *  (ten tags of 35 characters fit with room for spacing). */
#define COP_THREAD_MAX_TAGS_BYTES 1024

/**
 * Start a thread with its first contribution (a post) by the actor.
 * The actor must be an active member (not silenced or banned) of the
 * community, or the system.
 *
 * @param out        receives the thread (caller owns it), or NULL.
 * @param community  text id or slug.
 * @param title      1-300 characters of UTF-8.
 * @param tags       NULL or space-separated tags, each 1-35 characters of
 *                   [a-z0-9+#.-], at most COP_THREAD_MAX_TAGS; stored
 *                   lowercased, sorted and without duplicates.  Longer
 *                   than COP_THREAD_MAX_TAGS_BYTES: COP_ETOOBIG, even if
 *                   it would collapse to fewer tags.
 * @param language   BCP 47 tag, NULL for the community's language.
 * @param body       the first post, CommonMark, 1 byte to 256 KiB of UTF-8.
 * @return COP_OK, COP_EINVAL, COP_ETOOBIG, COP_EENCODING, COP_ENOTFOUND,
 *         COP_EPERM, COP_EREADONLY, COP_ENOMEM, COP_EIO.  On failure
 *         nothing is changed.
 */
COP_EXTERN(cop_status) cop_thread_create(cop_thread **out, cop_store *store,
	const char *community, cop_thread_kind kind, const char *title,
	const char *tags, const char *language, const char *body);

/**
 * Look up a thread.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND ("no such thread": none, or
 *         one the actor may not see, hidden ones included, the two
 *         alike).
 */
COP_EXTERN(cop_status) cop_thread_lookup(cop_thread **out, cop_store *store,
	const char *thread_id);

/**
 * Turn one of a thread's properties on or off (close or reopen, lock or
 * unlock, pin or unpin, hide or show), leaving the others as they are.
 * Only facilitators, owners, the system, and active members with the
 * moderate privilege (trust level, see recognition.h).  Logged in the
 * change log as "thread.set_flag" about the thread, also when the
 * property already had that value.
 * @param flag  the property.
 * @param on    nonzero to turn it on, 0 to turn it off.
 * @return COP_OK, COP_EINVAL (no such flag, bad id), COP_ENOTFOUND (also
 *         a thread the actor may not see), COP_EPERM (not allowed),
 *         COP_EREADONLY, COP_ENOMEM, COP_EIO.  On failure nothing is
 *         changed.
 */
COP_EXTERN(cop_status) cop_thread_set_flag(cop_store *store,
	const char *thread_id, cop_thread_flag flag, int on);

/**
 * The old form of cop_thread_set_flag(): give a thread the properties
 * of one state, so that cop_thread_state_get() then reads @p state.
 * Open turns closed, locked, pinned, hidden and answered off; answered
 * turns the first four off and answered on; closed, locked, pinned and
 * hidden turn that one on and the three others off, keeping answered.
 * Same permission as cop_thread_set_flag(); logged as
 * "thread.set_state".
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_EREADONLY,
 *         COP_ENOMEM, COP_EIO.  On failure nothing is changed.
 */
COP_EXTERN(cop_status) cop_thread_set_state(cop_store *store,
	const char *thread_id, cop_thread_state state);

/** Free the object and the strings it owns; NULL is harmless. */
COP_EXTERN(void) cop_thread_free(cop_thread *t);

/** @name Borrowed getters (owned by the thread object). */
/**@{*/
COP_EXTERN(const char *) cop_thread_id(const cop_thread *t);
COP_EXTERN(const char *) cop_thread_community_id(const cop_thread *t);
/** Author's text id, or NULL for the system. */
COP_EXTERN(const char *) cop_thread_author_id(const cop_thread *t);
COP_EXTERN(cop_thread_kind) cop_thread_kind_get(const cop_thread *t);
/** The state derived from the properties (see cop_thread_state). */
COP_EXTERN(cop_thread_state) cop_thread_state_get(const cop_thread *t);
/** The properties, each 1 or 0 (0 for NULL); answered: an answer is
 *  accepted. */
COP_EXTERN(int) cop_thread_is_closed(const cop_thread *t);
COP_EXTERN(int) cop_thread_is_locked(const cop_thread *t);
COP_EXTERN(int) cop_thread_is_pinned(const cop_thread *t);
COP_EXTERN(int) cop_thread_is_hidden(const cop_thread *t);
COP_EXTERN(int) cop_thread_is_answered(const cop_thread *t);
/** The id of the thread's current summary (cop_thread_summarize(),
 *  facilitation.h), or NULL when it has none. */
COP_EXTERN(const char *) cop_thread_summary_id(const cop_thread *t);
COP_EXTERN(const char *) cop_thread_title(const cop_thread *t);
/** Space-separated tags, "" when none. */
COP_EXTERN(const char *) cop_thread_tags(const cop_thread *t);
COP_EXTERN(const char *) cop_thread_language(const cop_thread *t);
COP_EXTERN(cop_time) cop_thread_created(const cop_thread *t);
COP_EXTERN(cop_time) cop_thread_last_activity(const cop_thread *t);
/** Number of contributions, the first post included (a value, not a
 *  status). */
COP_EXTERN(int) cop_thread_contribution_count(const cop_thread *t);
/**@}*/

/**
 * Report that the actor read @p posts more contributions of a thread
 * (an application calls it when a member opens a thread or scrolls
 * on).  It counts the day as a day of activity (days visited) and adds
 * to the member's posts read, at most the thread's contribution count
 * per call; both feed the automatic trust level (recognition.h:
 * cop_standing_days_active(), cop_standing_posts_read()).  Not logged
 * in the change log (reading changes no content).
 * @param posts  0 to count the visit alone, up to INT_MAX.
 * @return COP_OK, COP_EINVAL (as the system, negative @p posts),
 *         COP_ENOTFOUND (also a thread the actor may not see),
 *         COP_EPERM (an erased member: docs/privacy.md), COP_EREADONLY,
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_thread_read(cop_store *store, const char *thread_id,
	int posts);

/**
 * Iterate over a community's threads: pinned first, then by last activity,
 * newest first.  Hidden threads are listed only to facilitators, owners
 * and the system.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_thread_iter_new(cop_thread_iter **out,
	cop_store *store, const char *community, const cop_page *page);
/** The next item into *out (the caller owns it: cop_thread_free()).
 *  @return COP_OK, COP_ITEROVER at the end, COP_EINVAL, COP_ENOMEM, COP_EIO. */
COP_EXTERN(cop_status) cop_thread_iter_next(cop_thread **out,
	cop_thread_iter *it);
/** The cursor after the last item returned, for cop_page.after; owned by
 *  the iterator, valid until its next call.  Before the first item: the
 *  page's cursor when it started from one, else NULL. */
COP_EXTERN(const char *) cop_thread_iter_cursor(const cop_thread_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_thread_iter_free(cop_thread_iter *it);

/**
 * Change a thread's title, its tags or both: its author, the system, a
 * moderator of its community (an active facilitator or owner, or a member
 * holding the moderate privilege), or an active member with the
 * edit-others privilege (trust level, see recognition.h).  Each that
 * changes becomes an entry of the thread's history, with the value
 * before and after, the actor, the time and @p comment
 * (cop_thread_history_iter_new()).  Logged as "thread.edit".
 * @param title    the new title (1 to 300 characters), NULL to keep it.
 * @param tags     the new tags (as for cop_thread_create(); "" for none),
 *                 NULL to keep them.
 * @param comment  NULL or a short note on the change (up to 500
 *                 characters).
 * @return COP_OK, COP_EINVAL (bad id, neither title nor tags, a bad
 *         title, tag or comment), COP_ETOOBIG, COP_EENCODING,
 *         COP_ENOTFOUND (also a thread the actor may not see), COP_EPERM,
 *         COP_EREADONLY, COP_ENOMEM, COP_EIO.  On failure nothing is
 *         changed.
 */
COP_EXTERN(cop_status) cop_thread_edit(cop_store *store, const char *thread_id,
	const char *title, const char *tags, const char *comment);

/* ---- a thread's history ------------------------------------------------ */

typedef struct cop_thread_change cop_thread_change;  /**< An entry of a thread's history.  Opaque; free with cop_thread_change_free(). */
typedef struct cop_thread_history_iter cop_thread_history_iter;  /**< An iterator over a thread's history (cop_thread_history_iter_next(), cop_thread_history_iter_free()). */

/** What an entry of a thread's history records. */
typedef enum cop_thread_change_kind {
	COP_THREAD_CHANGE_TITLE = 0,     /**< the title set or changed */
	COP_THREAD_CHANGE_TAGS = 1,      /**< the tags set or changed */
	COP_THREAD_CHANGE_CLOSED = 2,
	COP_THREAD_CHANGE_REOPENED = 3,
	COP_THREAD_CHANGE_LOCKED = 4,
	COP_THREAD_CHANGE_UNLOCKED = 5,
	COP_THREAD_CHANGE_PINNED = 6,
	COP_THREAD_CHANGE_UNPINNED = 7,
	COP_THREAD_CHANGE_HIDDEN = 8,
	COP_THREAD_CHANGE_SHOWN = 9
} cop_thread_change_kind;

/** The static name of a cop_thread_change_kind value ("title", "tags",
 *  "closed", "reopened", "locked", "unlocked", "pinned", "unpinned",
 *  "hidden", "shown"); NULL for an unknown one. */
COP_EXTERN(const char *) cop_thread_change_kind_name(cop_thread_change_kind k);
/** Parse a name of cop_thread_change_kind_name() into *out.
 *  @return COP_OK, COP_EINVAL (NULL or an unknown name). */
COP_EXTERN(cop_status) cop_thread_change_kind_parse(cop_thread_change_kind *out,
	const char *name);

/**
 * Iterate over a thread's history, oldest first: its title and tags as
 * they were set and changed (old and new value), and each time it was
 * closed, reopened, locked, unlocked, pinned, unpinned, hidden or shown,
 * with who did it and when.  cop_thread_create() records the first title
 * and tags, cop_thread_set_flag() and cop_thread_set_state() each
 * property they turn on or off (not one that already had that value),
 * the Stack Exchange import the dump's PostHistory (docs/import.md).  The
 * history is read as the thread is: by whoever may see the thread.
 * @param thread_id  the thread's id.
 * @param page  NULL for everything, or a page (limit, cursor).
 * @return COP_OK, COP_EINVAL (bad id or cursor), COP_ENOTFOUND (also a
 *         thread the actor may not see), COP_ENOTSUP (a backend without
 *         a history), COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_thread_history_iter_new(
	cop_thread_history_iter **out, cop_store *store, const char *thread_id,
	const cop_page *page);
/** The next entry into *out (the caller owns it: cop_thread_change_free()).
 *  @return COP_OK, COP_ITEROVER at the end, COP_EINVAL, COP_ENOMEM, COP_EIO. */
COP_EXTERN(cop_status) cop_thread_history_iter_next(cop_thread_change **out,
	cop_thread_history_iter *it);
/** The cursor after the last entry returned, for cop_page.after; owned by
 *  the iterator, valid until its next call; NULL before the first. */
COP_EXTERN(const char *) cop_thread_history_iter_cursor(const cop_thread_history_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_thread_history_iter_free(cop_thread_history_iter *it);

/** Free an entry; NULL is harmless. */
COP_EXTERN(void) cop_thread_change_free(cop_thread_change *c);
/** @name Borrowed getters (owned by the entry; NULL or 0 for NULL). */
/**@{*/
COP_EXTERN(const char *) cop_thread_change_thread_id(const cop_thread_change *c);
/** 1, 2, ... in the order of the thread's history. */
COP_EXTERN(int) cop_thread_change_number(const cop_thread_change *c);
COP_EXTERN(cop_thread_change_kind) cop_thread_change_kind_get(const cop_thread_change *c);
/** The title or tags before (NULL for the first, and for the other kinds). */
COP_EXTERN(const char *) cop_thread_change_old_value(const cop_thread_change *c);
/** The title or tags after (NULL for the other kinds). */
COP_EXTERN(const char *) cop_thread_change_new_value(const cop_thread_change *c);
/** Who made the change; NULL for the system or someone not known (an
 *  import's deleted user). */
COP_EXTERN(const char *) cop_thread_change_actor_id(const cop_thread_change *c);
COP_EXTERN(cop_time) cop_thread_change_created(const cop_thread_change *c);
/** Why, when given (an import's comment, a close reason); else NULL. */
COP_EXTERN(const char *) cop_thread_change_comment(const cop_thread_change *c);
/**@}*/

COP_END_DECL

#endif
