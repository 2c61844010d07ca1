/** @file
 * libcop: links between threads (related, duplicate).
 */
#ifndef COP_LINK_H
#define COP_LINK_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** Kinds of link between two threads. */
typedef enum cop_link_kind {
	COP_LINK_RELATED = 0,
	COP_LINK_DUPLICATE = 1     /**< the thread duplicates the target */
} cop_link_kind;

typedef struct cop_link cop_link;  /**< A link.  Opaque; free with cop_link_free(). */
typedef struct cop_link_iter cop_link_iter;  /**< An iterator over links (cop_link_iter_next(), cop_link_iter_free()). */

/** Static name ("related", "duplicate"), NULL for unknown values. */
COP_EXTERN(const char *) cop_link_kind_name(cop_link_kind k);
/** Parse a link kind's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_link_kind_parse(cop_link_kind *out,
	const char *name);

/**
 * Link thread @p thread_id to @p target_id (same community; facilitators,
 * owners, the system).
 * @return COP_OK, COP_EINVAL (bad ids, a thread linked to itself, two
 *         communities), COP_EEXISTS, COP_ENOTFOUND, COP_EPERM,
 *         COP_EREADONLY, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_thread_link(cop_store *store, const char *thread_id,
	const char *target_id, cop_link_kind kind);

/** List a thread's links (by target id); a link to a hidden thread is
 *  listed only to those who see it (the community's moderators and the
 *  system).  @return COP_OK, COP_EINVAL,
 *  COP_ENOTFOUND, COP_EPERM, COP_ENOMEM, COP_EIO. */
COP_EXTERN(cop_status) cop_link_iter_new(cop_link_iter **out, cop_store *store,
	const char *thread_id);
/** Next link (caller owns it: cop_link_free()), or COP_ITEROVER;
 *  COP_EINVAL for NULL arguments, COP_ENOMEM, COP_EIO. */
COP_EXTERN(cop_status) cop_link_iter_next(cop_link **out, cop_link_iter *it);
/** Free an iterator and what it still holds; NULL is harmless. */
COP_EXTERN(void) cop_link_iter_free(cop_link_iter *it);
/** Free a link; NULL is harmless. */
COP_EXTERN(void) cop_link_free(cop_link *l);

/* Borrowed getters, valid while the link lives. */
COP_EXTERN(const char *) cop_link_thread_id(const cop_link *l);  /**< The linking thread's id; borrowed, valid while the link lives. */
COP_EXTERN(const char *) cop_link_target_id(const cop_link *l);  /**< The id of the thread linked to; borrowed, like the others. */
COP_EXTERN(cop_link_kind) cop_link_kind_get(const cop_link *l);  /**< Related or duplicate. */
COP_EXTERN(cop_time) cop_link_created(const cop_link *l);  /**< When the link was made. */

COP_END_DECL

#endif /* COP_LINK_H */
