/*
 * privacy.c: a member's own data: export and erasure, and the
 * communities' erasure policies.  Stub: being written.
 */
#include "internal.h"

static const char *const policy_names[] = { "anonymize", "remove" };
COP__ENUM_NAMES(cop_erasure_policy, cop_erasure_policy, policy_names)

int cop_member_export_json(cop_store *s, const char *member, int fd)
{
	(void)member; (void)fd;
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "not yet implemented");
}

int cop_community_set_erasure(cop_store *s, const char *community,
	cop_erasure_policy policy)
{
	(void)community; (void)policy;
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "not yet implemented");
}

int cop_community_erasure(cop_erasure_policy *out, cop_store *s,
	const char *community)
{
	(void)out; (void)community;
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "not yet implemented");
}

int cop_member_erase(cop_store *s, const char *member)
{
	(void)member;
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "not yet implemented");
}
