/** @file
 * stats.h: counts of what a store holds.
 */
#ifndef COP_STATS_H
#define COP_STATS_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** Counts.  Fields are only ever appended. */
typedef struct cop_stats {
	unsigned int version;        /**< COP_STATS_VERSION */
	int64_t members;         /**< members, every status */
	int64_t communities;     /**< communities */
	int64_t threads;         /**< threads of every kind */
	int64_t questions;           /**< threads of kind question */
	int64_t answers;             /**< contributions of kind answer */
	int64_t comments;            /**< contributions of kind comment */
	int64_t contributions;       /**< all contributions */
	int64_t votes_up;        /**< votes of kind up */
	int64_t votes_down;      /**< votes of kind down */
	int64_t accepted_answers; /**< threads with an accepted answer */
	int64_t badges_awarded;  /**< badges awarded */
	int64_t tags;                /**< distinct tags in use */
	/* ---- version 2 ---- */
	int64_t tags_described;      /**< tags with a description or wiki
	                                  text (docs/tags.md) */
} cop_stats;

#define COP_STATS_VERSION 2  /**< The version of cop_stats this header knows. */
/** A zeroed cop_stats (cop_stats_lookup() fills it in, its version too). */
#define COP_STATS_INIT { COP_STATS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
	0 }

/**
 * Count what the store holds, as the actor sees it: the system counts
 * everything; a member counts only what they may see (the members they
 * see: those of a public community or of one they belong to, and
 * themself; the communities they see, and there the threads,
 * contributions, votes, accepted answers and tags they see, hidden
 * threads and contributions left out as in every listing, and the
 * badges but those for what they may not see).
 * @param out        filled in; its version is set by the library.
 * @param community  NULL for the whole store, or an id or slug.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP (a
 *         member, on a backend older than interface version 9), COP_EIO.
 */
COP_EXTERN(cop_status) cop_stats_lookup(cop_stats *out, cop_store *store,
	const char *community);

COP_END_DECL

#endif
