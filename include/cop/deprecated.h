/** @file
 * libcop - the machinery of a community of practice.
 * deprecated.h: the names functions had before version 0.2 named
 * fetching from the store apart from reading a field (docs/architecture.md,
 * "Names"), kept so that programs written against them still build and
 * link.  Each is the same function as its new name, under a second
 * symbol.  Not wrapped by the bindings; define COP_NO_DEPRECATED before
 * including cop.h to leave them out.
 */
#ifndef COP_DEPRECATED_H
#define COP_DEPRECATED_H

#include "cop.h"

#if defined(__GNUC__) && !defined(COP_BUILDING)
# define COP_DEPRECATED_FOR(f) __attribute__((deprecated("use " #f)))
#else
# define COP_DEPRECATED_FOR(f)  /**< Marks a declaration deprecated for f (GCC, clang; nothing elsewhere). */
#endif

COP_BEGIN_DECL

/** The old name of cop_member_lookup_by_handle() (member.h). */
COP_EXTERN(cop_status) cop_member_get_by_handle(cop_member **out,
	cop_store *store, const char *handle)
	COP_DEPRECATED_FOR(cop_member_lookup_by_handle);

/** The old name of cop_member_lookup() (member.h). */
COP_EXTERN(cop_status) cop_member_get(cop_member **out, cop_store *store,
	const char *member_id)
	COP_DEPRECATED_FOR(cop_member_lookup);

/** The old name of cop_community_lookup() (community.h). */
COP_EXTERN(cop_status) cop_community_get(cop_community **out, cop_store *store,
	const char *id_or_slug)
	COP_DEPRECATED_FOR(cop_community_lookup);

/** The old name of cop_contribution_lookup() (contribution.h). */
COP_EXTERN(cop_status) cop_contribution_get(cop_contribution **out,
	cop_store *store, const char *contribution_id)
	COP_DEPRECATED_FOR(cop_contribution_lookup);

/** The old name of cop_membership_lookup() (community.h). */
COP_EXTERN(cop_status) cop_membership_get(cop_membership **out,
	cop_store *store, const char *community, const char *member_id)
	COP_DEPRECATED_FOR(cop_membership_lookup);

/** The old name of cop_thread_lookup() (thread.h). */
COP_EXTERN(cop_status) cop_thread_get(cop_thread **out, cop_store *store,
	const char *thread_id)
	COP_DEPRECATED_FOR(cop_thread_lookup);

/** The old name of cop_vote_lookup() (recognition.h). */
COP_EXTERN(cop_status) cop_vote_get(cop_vote_kind *out, cop_store *store,
	const char *contribution_id)
	COP_DEPRECATED_FOR(cop_vote_lookup);

/** The old name of cop_standing_lookup() (recognition.h). */
COP_EXTERN(cop_status) cop_standing_get(cop_standing **out, cop_store *store,
	const char *community, const char *member)
	COP_DEPRECATED_FOR(cop_standing_lookup);

/** The old name of cop_stats_lookup() (stats.h). */
COP_EXTERN(cop_status) cop_stats_get(cop_stats *out, cop_store *store,
	const char *community)
	COP_DEPRECATED_FOR(cop_stats_lookup);

/** The old name of cop_recognition_config_lookup() (recognition.h). */
COP_EXTERN(cop_status) cop_recognition_config_get(cop_recognition_config *out,
	cop_store *store, const char *community)
	COP_DEPRECATED_FOR(cop_recognition_config_lookup);

/** The old name of cop_community_erasure_lookup() (privacy.h). */
COP_EXTERN(cop_status) cop_community_erasure(cop_erasure_policy *out,
	cop_store *store, const char *community)
	COP_DEPRECATED_FOR(cop_community_erasure_lookup);

/** The old name of cop_answer_lookup() (recognition.h). */
COP_EXTERN(cop_status) cop_answer_accepted(cop_contribution **out,
	cop_store *store, const char *thread_id)
	COP_DEPRECATED_FOR(cop_answer_lookup);

COP_END_DECL

#endif
