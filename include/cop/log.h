/** @file
 * log.h: the change log.  Every mutation is appended with a sequence
 * number in the same transaction, so applications can follow changes.
 */
#ifndef COP_LOG_H
#define COP_LOG_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

typedef struct cop_log_entry cop_log_entry;  /**< A log entry.  Opaque; free with cop_log_entry_free(). */
typedef struct cop_log_iter cop_log_iter;  /**< An iterator over change log entries (cop_log_iter_next(), cop_log_iter_free()). */

/**
 * Iterate over the change log from sequence number @p after_seq (exclusive)
 * on, in order.  Entries about a community the actor cannot see are
 * skipped, and so are entries about a thread or contribution hidden
 * from the actor (visibility.h's rule: a hidden thread, or a vote,
 * kudos or flag on a contribution the actor may not see).
 * @param limit  most entries, 0 for all.
 * @return COP_OK, COP_EINVAL (negative seq), COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_log_iter_new(cop_log_iter **out, cop_store *store,
	int64_t after_seq, unsigned int limit);
/** @return COP_OK with an entry owned by the caller, COP_ITEROVER, or an error. */
COP_EXTERN(cop_status) cop_log_iter_next(cop_log_entry **out, cop_log_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_log_iter_free(cop_log_iter *it);
/** Free the object and the strings it owns; NULL is harmless. */
COP_EXTERN(void) cop_log_entry_free(cop_log_entry *e);

/**
 * The highest sequence number in the log (0 when empty), or a negative
 * COP_E* code on failure: a value or a status in one int64_t, which the
 * bindings check by this function's name.
 */
COP_EXTERN(int64_t) cop_log_last_seq(cop_store *store);

/** @name Borrowed getters (owned by the entry). */
/**@{*/
/** The entry's sequence number (a value, not a status). */
COP_EXTERN(int64_t) cop_log_entry_seq(const cop_log_entry *e);
COP_EXTERN(cop_time) cop_log_entry_time(const cop_log_entry *e);
/** Acting member's text id, or NULL for the system; NULL too for a
 *  vote's entry read by a member who is not its voter nor a moderator
 *  of its community (who voted is not shown, docs/privacy.md). */
COP_EXTERN(const char *) cop_log_entry_actor_id(const cop_log_entry *e);
/** What happened: "member.create", "thread.set_state", ... */
COP_EXTERN(const char *) cop_log_entry_op(const cop_log_entry *e);
/** Text id of the object changed. */
COP_EXTERN(const char *) cop_log_entry_object_id(const cop_log_entry *e);
/** Text id of its community, or NULL. */
COP_EXTERN(const char *) cop_log_entry_community_id(const cop_log_entry *e);
/**@}*/

COP_END_DECL

#endif
