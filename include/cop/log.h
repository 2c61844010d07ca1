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
 * kudos or flag on a contribution the actor may not see), and entries
 * of no community about a member the actor may not see (created,
 * changed, suspended, erased: cop_member_lookup()'s rule).
 *
 * Sequence numbers are the system's (for replication).  A member (anyone
 * but the system) sees none: its entries are numbered 1, 2, ... in the
 * order it sees them (cop_log_entry_seq()), and @p after_seq is such a
 * number of its own (docs/privacy.md).  Paging: cop_log_iter_page().
 * @param limit  most entries, 0 for all.
 * @return COP_OK, COP_EINVAL (negative seq), COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_log_iter_new(cop_log_iter **out, cop_store *store,
	int64_t after_seq, unsigned int limit);
/**
 * Iterate over the change log as the actor reads it, one @p page (NULL:
 * all of it from the start): the entries of cop_log_iter_new(), after
 * the page's cursor (page->after, from cop_log_iter_cursor(); NULL or ""
 * from the start), at most page->limit of them (0: all).
 *
 * The system's cursor is the last entry's sequence number in decimal.  A
 * member's (anyone but the system) is opaque: it shows no sequence
 * number, it is the member's own (signed with the store's secret for
 * that reader) and it is made only of what the member sees, so that no
 * page shows whether anything the member may not see happened in
 * between.  It is a place in the member's view of the log: when that
 * view has changed before it since (the member joined or left a
 * community, a thread was hidden), so that the entry there is another,
 * the listing fails with COP_ENOTFOUND instead of repeating or missing
 * entries; read again from the start.
 * @return COP_OK; COP_EINVAL (bad page version; "bad cursor": not one
 *         of this store's for this reader, edited or forged);
 *         COP_ENOMEM, COP_EIO, COP_EREADONLY (a member's first cursor
 *         on a store opened read-only that never made one: the store's
 *         secret is made then).  COP_ENOTFOUND from cop_log_iter_next(),
 *         as above.
 */
COP_EXTERN(cop_status) cop_log_iter_page(cop_log_iter **out, cop_store *store,
	const cop_page *page);
/** @return COP_OK with an entry owned by the caller, COP_ITEROVER, or an error. */
COP_EXTERN(cop_status) cop_log_iter_next(cop_log_entry **out, cop_log_iter *it);
/** The cursor after the last entry returned, for cop_page.after of
 *  cop_log_iter_page(); owned by the iterator, valid until the next call
 *  on it.  Before the first entry: the page's cursor when it started
 *  from one, else NULL (also when it could not be made: the store's
 *  error says why). */
COP_EXTERN(const char *) cop_log_iter_cursor(const cop_log_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_log_iter_free(cop_log_iter *it);
/** Free the object and the strings it owns; NULL is harmless. */
COP_EXTERN(void) cop_log_entry_free(cop_log_entry *e);

/**
 * The highest sequence number in the log (0 when empty), or a negative
 * COP_E* code on failure: a value or a status in one int64_t, which the
 * bindings check by this function's name.  Read by a member (anyone but
 * the system): the number of entries it sees, the member's own number
 * of its last (cop_log_entry_seq()); that reads the member's whole view
 * of the log.
 */
COP_EXTERN(int64_t) cop_log_last_seq(cop_store *store);

/** @name Borrowed getters (owned by the entry). */
/**@{*/
/** The entry's sequence number (a value, not a status): the system's;
 *  to a member, its own number of the entry (cop_log_iter_new()). */
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
