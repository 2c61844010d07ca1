/*
 * deprecated.c: the functions' old names (include/cop/deprecated.h), each
 * calling its new one.
 */
#include "internal.h"
#include "cop/deprecated.h"

cop_status cop_member_get_by_handle(cop_member **out, cop_store *store,
	const char *handle)
{
	return cop_member_lookup_by_handle(out, store, handle);
}

cop_status cop_member_get(cop_member **out, cop_store *store,
	const char *member_id)
{
	return cop_member_lookup(out, store, member_id);
}

cop_status cop_community_get(cop_community **out, cop_store *store,
	const char *id_or_slug)
{
	return cop_community_lookup(out, store, id_or_slug);
}

cop_status cop_contribution_get(cop_contribution **out, cop_store *store,
	const char *contribution_id)
{
	return cop_contribution_lookup(out, store, contribution_id);
}

cop_status cop_membership_get(cop_membership **out, cop_store *store,
	const char *community, const char *member_id)
{
	return cop_membership_lookup(out, store, community, member_id);
}

cop_status cop_thread_get(cop_thread **out, cop_store *store,
	const char *thread_id)
{
	return cop_thread_lookup(out, store, thread_id);
}

cop_status cop_vote_get(cop_vote_kind *out, cop_store *store,
	const char *contribution_id)
{
	return cop_vote_lookup(out, store, contribution_id);
}

cop_status cop_standing_get(cop_standing **out, cop_store *store,
	const char *community, const char *member)
{
	return cop_standing_lookup(out, store, community, member);
}

cop_status cop_stats_get(cop_stats *out, cop_store *store,
	const char *community)
{
	return cop_stats_lookup(out, store, community);
}

cop_status cop_recognition_config_get(cop_recognition_config *out,
	cop_store *store, const char *community)
{
	return cop_recognition_config_lookup(out, store, community);
}

cop_status cop_community_erasure(cop_erasure_policy *out, cop_store *store,
	const char *community)
{
	return cop_community_erasure_lookup(out, store, community);
}

cop_status cop_answer_accepted(cop_contribution **out, cop_store *store,
	const char *thread_id)
{
	return cop_answer_lookup(out, store, thread_id);
}
