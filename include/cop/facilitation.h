/** @file
 * facilitation.h: what a facilitator works from.  The facilitator's
 * queue (what needs doing in a community, oldest first), its thresholds,
 * and thread summaries with their coverage.
 *
 * The queue lists, for one community, each item with its kind, its
 * object (a thread, a member or a flag) and how long it has waited, by
 * the store's clock (cop_store_now()).  An item of a kind is listed once
 * it has waited at least the community's threshold for that kind
 * (cop_queue_threshold_set(); the defaults are COP_QUEUE_DEFAULT_*).
 * The rules of each kind, with the time it waits from:
 *
 *  - unanswered: a question, neither closed nor hidden, to which no one
 *    but its asker has contributed; from when it was asked;
 *  - unaccepted: a question, neither closed nor hidden, that someone but
 *    its asker has answered (a contribution of kind answer), with no
 *    accepted answer; from when it was asked;
 *  - idle: a discussion, not hidden, without a summary; from its last
 *    activity;
 *  - newcomer: a member (active or silenced there, not erased) whose
 *    first shown contribution in the community opened a thread, not
 *    hidden, to which no one else has contributed; from that first
 *    contribution;
 *  - flag: an open flag on a shown contribution in a shown thread; from
 *    when it was raised;
 *  - join request: a membership with status COP_MEMBERSHIP_PENDING of a
 *    member not erased; from when it was asked for;
 *  - quiet: a member (membership active, not erased) who was active
 *    there, that is who has made at least COP_QUEUE_ACTIVE_POSTS
 *    contributions in the community, and who has done nothing there
 *    (posted, voted, thanked, read: what counts a day of activity in
 *    their standing, recognition.h) for the threshold; from the start
 *    (00:00 UTC) of their last day of activity;
 *  - event: an event of the community (event.h), not cancelled, that
 *    ended N hours ago or more with no attendance recorded for anyone
 *    (it waits from its end; the item's object is the event).
 *
 * Hidden threads and contributions and erased members are never listed.
 * Only the community's facilitators and owners, members holding the
 * moderate privilege (COP_PRIV_MODERATE) and the system may read the
 * queue and its thresholds, or set them.
 */
#ifndef COP_FACILITATION_H
#define COP_FACILITATION_H

#include "common.h"
#include "errors.h"
#include "contribution.h"

COP_BEGIN_DECL

/** The kinds of the queue's items, in the queue's order among items
 *  that started waiting at the same time. */
typedef enum cop_queue_kind {
	COP_QUEUE_UNANSWERED = 0,     /**< a question nobody answered */
	COP_QUEUE_UNACCEPTED = 1,     /**< answered, no answer accepted */
	COP_QUEUE_IDLE = 2,           /**< an idle discussion, no summary */
	COP_QUEUE_NEWCOMER = 3,       /**< a newcomer's first post, no reply */
	COP_QUEUE_FLAG = 4,           /**< an open flag */
	COP_QUEUE_JOIN_REQUEST = 5,   /**< a pending join request */
	COP_QUEUE_QUIET = 6,          /**< an active member gone quiet */
	COP_QUEUE_EVENT = 7           /**< an event ended without
	                                   attendance recorded */
} cop_queue_kind;

/** How many kinds there are (valid kinds are 0 to this less one). */
#define COP_QUEUE_KINDS 8

/** The default thresholds, in seconds. */
#define COP_QUEUE_DEFAULT_UNANSWERED (24 * 3600)       /**< 24 hours */
#define COP_QUEUE_DEFAULT_UNACCEPTED (7 * 86400)       /**< 7 days */
#define COP_QUEUE_DEFAULT_IDLE (14 * 86400)            /**< 14 days */
#define COP_QUEUE_DEFAULT_NEWCOMER (48 * 3600)         /**< 48 hours */
#define COP_QUEUE_DEFAULT_FLAG 0                       /**< at once */
#define COP_QUEUE_DEFAULT_JOIN_REQUEST 0               /**< at once */
#define COP_QUEUE_DEFAULT_QUIET (30 * 86400)           /**< 30 days */
#define COP_QUEUE_DEFAULT_EVENT (86400)                /**< 1 day */

/** The contributions that make a member active (COP_QUEUE_QUIET). */
#define COP_QUEUE_ACTIVE_POSTS 3
/** The longest threshold, in seconds (10 years). */
#define COP_QUEUE_THRESHOLD_MAX ((int64_t)3650 * 86400)

typedef struct cop_queue_item cop_queue_item;  /**< A queue item.  Opaque; free with cop_queue_item_free(). */
typedef struct cop_queue_iter cop_queue_iter;  /**< An iterator over queue items (cop_queue_iter_next(), cop_queue_iter_free()). */

/** Static name ("unanswered", "unaccepted", "idle", "newcomer", "flag",
 *  "join-request", "quiet", "event"), NULL for unknown values. */
COP_EXTERN(const char *) cop_queue_kind_name(cop_queue_kind k);
/** Parse a queue kind's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_queue_kind_parse(cop_queue_kind *out,
	const char *name);

/**
 * Set a community's threshold for one kind of the queue: an item of that
 * kind is listed once it has waited @p seconds.  For the community's
 * facilitators and owners, members holding the moderate privilege, and
 * the system.  Logged ("community.queue").
 * @param community  its id or slug.
 * @param seconds    0 to COP_QUEUE_THRESHOLD_MAX.
 * @return COP_OK, COP_EINVAL (bad community, kind or seconds),
 *         COP_ENOTFOUND, COP_EPERM, COP_EREADONLY, COP_ENOTSUP (a backend
 *         without facilitation storage), COP_ENOMEM, COP_EIO.  On failure
 *         nothing changes.
 */
COP_EXTERN(cop_status) cop_queue_threshold_set(cop_store *store,
	const char *community, cop_queue_kind kind, int64_t seconds);

/**
 * A community's threshold for one kind, in seconds, into *out: the one
 * set, else the default.  Permission as cop_queue_iter_new().
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_queue_threshold_lookup(int64_t *out,
	cop_store *store, const char *community, cop_queue_kind kind);

/**
 * The facilitator's queue of a community, oldest first (by when each
 * item started waiting, then kind, then object id), by keyset pages
 * (@p page may be NULL: the whole queue).  For the community's
 * facilitators and owners, members holding the moderate privilege, and
 * the system; anyone else gets the refusal they get for whatever they
 * may not see (COP_ENOTFOUND, as for none), or COP_EPERM, and nothing
 * of the queue.
 * @param out        receives the iterator (caller owns:
 *                   cop_queue_iter_free()).
 * @param community  its id or slug.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_queue_iter_new(cop_queue_iter **out,
	cop_store *store, const char *community, const cop_page *page);
/** Next item (caller owns it: cop_queue_item_free()), or COP_ITEROVER,
 *  or an error. */
COP_EXTERN(cop_status) cop_queue_iter_next(cop_queue_item **out,
	cop_queue_iter *it);
/** Cursor after the last item returned (borrowed, valid until the next
 *  call on the iterator), or NULL. */
COP_EXTERN(const char *) cop_queue_iter_cursor(const cop_queue_iter *it);
/** Free an iterator; NULL is harmless. */
COP_EXTERN(void) cop_queue_iter_free(cop_queue_iter *it);

/** Free an item; NULL is harmless. */
COP_EXTERN(void) cop_queue_item_free(cop_queue_item *item);
/** @name Getters (borrowed strings, valid while the item lives). */
/**@{*/
COP_EXTERN(cop_queue_kind) cop_queue_item_kind_get(const cop_queue_item *item);
/** Its object's id: a thread (unanswered, unaccepted, idle), a member
 *  (newcomer, join request, quiet) or a flag. */
COP_EXTERN(const char *) cop_queue_item_object_id(const cop_queue_item *item);
/** When it started waiting (store time, milliseconds). */
COP_EXTERN(cop_time) cop_queue_item_since(const cop_queue_item *item);
/** How long it has waited when the page was read, in whole seconds by
 *  the store's clock. */
COP_EXTERN(int64_t) cop_queue_item_waited(const cop_queue_item *item);
/**@}*/

/**
 * Write a thread's summary.  The first call makes a contribution of kind
 * COP_CONTRIB_SUMMARY in the thread, which becomes the thread's summary
 * (cop_thread_summary_id()); each later call makes a new revision of it,
 * as cop_contribution_edit() does (its history in cop_revision_iter_new()).
 * A closed or locked thread takes its summary too.  For the community's
 * facilitators, owners and core members (active, neither silenced nor
 * suspended) and the system.  Logged as the contribution's creation or
 * edit ("contribution.create", "contribution.edit").
 * @param out        receives the summary, owned by the caller
 *                   (cop_contribution_free()); may be NULL.
 * @param thread_id  the thread's id.
 * @param body       the summary, CommonMark, 1 byte to COP_BODY_MAX.
 * @return COP_OK, COP_EINVAL (bad id or body), COP_EENCODING,
 *         COP_ETOOBIG, COP_ENOTFOUND, COP_EPERM, COP_EREADONLY,
 *         COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_thread_summarize(cop_contribution **out,
	cop_store *store, const char *thread_id, const char *body);

/**
 * Summary coverage of a community: of its discussions that are closed or
 * idle (their last activity at least the community's idle threshold
 * old, COP_QUEUE_IDLE), *total receives how many the actor may see and
 * *covered how many of those have a summary.  For anyone who may see the
 * community; hidden threads count only for those who see them.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_summary_coverage(int64_t *covered, int64_t *total,
	cop_store *store, const char *community);

COP_END_DECL

#endif
