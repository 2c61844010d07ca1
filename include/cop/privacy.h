/** @file
 * libcop: a member's own data: its export as JSON, the communities'
 * erasure policies and the erasure of a member (docs/privacy.md).  The
 * export needs jansson: a build without it answers COP_ENOTSUP.
 */
#ifndef COP_PRIVACY_H
#define COP_PRIVACY_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/**
 * Write everything the store holds about one member as one JSON
 * document to @p fd: profile, memberships, contributions, votes cast,
 * kudos given and received, reputation ledger and standings, badges
 * (docs/privacy.md), streamed.  Allowed to the member themself and to
 * the system.
 * @param member  id or handle.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOMEM,
 *         COP_EIO (also when writing to @p fd fails), COP_ENOTSUP.
 */
COP_EXTERN(cop_status) cop_member_export_json(cop_store *store,
	const char *member, int fd);

/** What happens to an erased member's contributions in a community. */
typedef enum cop_erasure_policy {
	COP_ERASE_ANONYMIZE = 0,   /**< kept, under an anonymous name (default) */
	COP_ERASE_REMOVE = 1       /**< removed, with what hangs on them */
} cop_erasure_policy;

/** Static name ("anonymize", "remove"), NULL for unknown values. */
COP_EXTERN(const char *) cop_erasure_policy_name(cop_erasure_policy p);
/** Parse a policy's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_erasure_policy_parse(cop_erasure_policy *out,
	const char *name);

/**
 * Set a community's erasure policy (facilitators, owners, the system).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_EREADONLY,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_community_set_erasure(cop_store *store,
	const char *community, cop_erasure_policy policy);

/** A community's erasure policy.  @return COP_OK, COP_EINVAL,
 *  COP_ENOTFOUND, COP_EPERM, COP_EIO. */
COP_EXTERN(cop_status) cop_community_erasure_lookup(cop_erasure_policy *out,
	cop_store *store, const char *community);

/**
 * Erase a member (themself or the system): their profile's personal
 * data goes (handle, display name, organisation, languages), their
 * contributions are kept anonymously or removed per each community's
 * policy, and scores, counts and reputation stay consistent
 * (cop_verify() finds no difference afterwards).  The profile keeps
 * its id under a placeholder handle ("erased-" and hex digits), the
 * status COP_MEMBER_DELETED, and every membership ends ("left"), so the
 * member can no longer act: every write as them is refused from then on
 * (COP_EPERM, "an erased member may not change anything"), also by a
 * store that was acting as them already.  Kudos messages they wrote are replaced;
 * votes they cast are kept under the erased profile.  One transaction;
 * on failure nothing changes (docs/privacy.md).
 * @param member  id or handle.
 * @return COP_OK, COP_EINVAL (also for a member already erased),
 *         COP_ENOTFOUND, COP_EPERM, COP_EREADONLY, COP_ENOMEM, COP_EIO,
 *         COP_ENOTSUP.
 */
COP_EXTERN(cop_status) cop_member_erase(cop_store *store, const char *member);

COP_END_DECL

#endif /* COP_PRIVACY_H */
