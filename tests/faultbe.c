/*
 * faultbe.c: a backend wrapper that injects I/O errors (see faultbe.h).
 */
#include <stdlib.h>
#include <string.h>

#include "faultbe.h"

struct faultbe {
	cop_backend base;          /* first: the store sees a cop_backend */
	cop_backend *inner;
	long countdown;            /* >0: fail when it reaches 0 */
	unsigned int kinds;
	int persistent, tripped;
	long calls, failures;
	int injected;              /* the last call failed on purpose */
};

#define FB(be) ((faultbe *)(be))

/* Called at each call of kind @p k: 1 if it must fail. */
static int fb_fail(faultbe *fb, unsigned int k)
{
	fb->injected = 0;
	if (!(fb->kinds & k))
		return 0;
	fb->calls++;
	if (!fb->tripped) {
		if (fb->countdown <= 0 || --fb->countdown > 0)
			return 0;
		if (fb->persistent)
			fb->tripped = 1;
	}
	fb->failures++;
	fb->injected = 1;
	return 1;
}

static void fb_free(cop_backend *be)
{
	faultbe *fb = FB(be);

	if (fb->inner)
		fb->inner->free(fb->inner);
	free(fb);
}

static const char *fb_errmsg(cop_backend *be)
{
	faultbe *fb = FB(be);

	return fb->injected ? FAULTBE_MESSAGE : fb->inner->errmsg(fb->inner);
}

static int fb_begin(cop_backend *be)
{
	faultbe *fb = FB(be);

	if (fb_fail(fb, FAULTBE_BEGIN))
		return COP_EIO;
	return fb->inner->begin(fb->inner);
}

static int fb_commit(cop_backend *be)
{
	faultbe *fb = FB(be);

	/* The transaction stays open: the core rolls it back. */
	if (fb_fail(fb, FAULTBE_COMMIT))
		return COP_EIO;
	return fb->inner->commit(fb->inner);
}

static int fb_rollback(cop_backend *be)
{
	faultbe *fb = FB(be);

	fb->injected = 0;
	return fb->inner->rollback(fb->inner);
}

static int fb_insert(cop_backend *be, cop_rec_kind kind, void *rec)
{
	faultbe *fb = FB(be);

	if (fb_fail(fb, FAULTBE_INSERT))
		return COP_EIO;
	return fb->inner->insert(fb->inner, kind, rec);
}

static int fb_update(cop_backend *be, cop_rec_kind kind, const void *rec)
{
	faultbe *fb = FB(be);

	if (fb_fail(fb, FAULTBE_UPDATE))
		return COP_EIO;
	return fb->inner->update(fb->inner, kind, rec);
}

static int fb_get(cop_backend *be, cop_rec_kind kind, const cop_key *key,
	void *out)
{
	faultbe *fb = FB(be);

	if (fb_fail(fb, FAULTBE_GET))
		return COP_EIO;
	return fb->inner->get(fb->inner, kind, key, out);
}

static int fb_list(cop_backend *be, const cop_query *q,
	cop_backend_iter **out)
{
	faultbe *fb = FB(be);

	fb->injected = 0;
	return fb->inner->list(fb->inner, q, out);
}

static int fb_search(cop_backend *be, const cop_search_query *q,
	cop_backend_iter **out)
{
	faultbe *fb = FB(be);

	fb->injected = 0;
	return fb->inner->search(fb->inner, q, out);
}

static int fb_stats(cop_backend *be, const cop_id *community, cop_stats *out)
{
	faultbe *fb = FB(be);

	fb->injected = 0;
	return fb->inner->stats(fb->inner, community, out);
}

static int fb_rop(cop_backend *be, int op, const cop_val *params,
	unsigned int n, cop_backend_iter **rows)
{
	faultbe *fb = FB(be);

	if (fb_fail(fb, FAULTBE_ROP))
		return COP_EIO;
	return fb->inner->rop(fb->inner, op, params, n, rows);
}

static int fb_thread_access(cop_backend *be, const cop_id *thread,
	const cop_id *viewer, cop_thread_rec *rec, cop_access_rec *acc)
{
	faultbe *fb = FB(be);

	fb->injected = 0;
	return fb->inner->thread_access(fb->inner, thread, viewer, rec, acc);
}

static int fb_stats_seen(cop_backend *be, const cop_id *community,
	const cop_id *viewer, cop_stats *out)
{
	faultbe *fb = FB(be);

	fb->injected = 0;
	return fb->inner->stats_seen(fb->inner, community, viewer, out);
}

static int fb_member_seen(cop_backend *be, const cop_id *member,
	const cop_id *viewer)
{
	faultbe *fb = FB(be);

	fb->injected = 0;
	return fb->inner->member_seen(fb->inner, member, viewer);
}

static int fb_bulk(cop_backend *be, int on)
{
	faultbe *fb = FB(be);

	fb->injected = 0;
	return fb->inner->bulk(fb->inner, on);
}

static int fb_check_index(cop_backend *be, int repair, char **problem)
{
	faultbe *fb = FB(be);

	fb->injected = 0;
	return fb->inner->check_index(fb->inner, repair, problem);
}

static int fb_log_last_seq(cop_backend *be, int64_t *out)
{
	faultbe *fb = FB(be);

	fb->injected = 0;
	return fb->inner->log_last_seq(fb->inner, out);
}

/* Moderation (interface version 5), forwarded to the inner backend's
 * table; every call is of kind FAULTBE_MODERATION. */
#define FB_MOD(be) (FB(be)->inner->moderation)

static int fb_flag_insert(cop_backend *be, const cop_flag_rec *flag)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_MOD(be)->flag_insert(FB(be)->inner, flag);
}

static int fb_flag_get(cop_backend *be, const cop_id *id, cop_flag_rec *out)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_MOD(be)->flag_get(FB(be)->inner, id, out);
}

static int fb_flag_find(cop_backend *be, const cop_id *contribution,
	const cop_id *flagger, int *found)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_MOD(be)->flag_find(FB(be)->inner, contribution, flagger,
		found);
}

static int fb_flag_resolve(cop_backend *be, const cop_id *id, int state,
	const cop_id *resolver, cop_time resolved)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_MOD(be)->flag_resolve(FB(be)->inner, id, state, resolver,
		resolved);
}

static int fb_flag_list(cop_backend *be, const cop_flag_query *q,
	cop_backend_iter **out)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_MOD(be)->flag_list(FB(be)->inner, q, out);
}

/* Version 2 of the table: moderation actions (COP_ENOTSUP when the
 * inner table is older). */
#define FB_MOD2(be) (FB_MOD(be)->version >= 2)

static int fb_action_insert(cop_backend *be, const cop_modaction_rec *a)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_MOD2(be) ? FB_MOD(be)->action_insert(FB(be)->inner, a) :
		COP_ENOTSUP;
}

static int fb_action_lift(cop_backend *be, const cop_id *member,
	const cop_id *community, int kind, cop_time now, unsigned int *count)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_MOD2(be) ? FB_MOD(be)->action_lift(FB(be)->inner, member,
		community, kind, now, count) : COP_ENOTSUP;
}

static int fb_action_force(cop_backend *be, const cop_id *member,
	const cop_id *community, cop_time now, unsigned int *out)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_MOD2(be) ? FB_MOD(be)->action_force(FB(be)->inner, member,
		community, now, out) : COP_ENOTSUP;
}

static int fb_action_list(cop_backend *be, const cop_modaction_query *q,
	cop_backend_iter **out)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_MOD2(be) ? FB_MOD(be)->action_list(FB(be)->inner, q, out) :
		COP_ENOTSUP;
}

static const cop_backend_moderation fb_moderation = {
	COP_BACKEND_MODERATION_VERSION,
	fb_flag_insert, fb_flag_get, fb_flag_find, fb_flag_resolve,
	fb_flag_list, fb_action_insert, fb_action_lift, fb_action_force,
	fb_action_list
};

/* Notifications (interface version 7), forwarded likewise. */
#define FB_NT(be) (FB(be)->inner->notify)
#define FB_NT_FWD(be, call) \
	(fb_fail(FB(be), FAULTBE_MODERATION) ? COP_EIO : \
	 FB_NT(be)->call)

static int fb_follow_put(cop_backend *be, const cop_follow_rec *f)
{
	return FB_NT_FWD(be, follow_put(FB(be)->inner, f));
}

static int fb_follow_delete(cop_backend *be, const cop_id *member, int kind,
	const cop_id *target, const char *tag, unsigned int *count)
{
	return FB_NT_FWD(be, follow_delete(FB(be)->inner, member, kind, target,
		tag, count));
}

static int fb_follow_list(cop_backend *be, const cop_follow_query *q,
	cop_backend_iter **out)
{
	return FB_NT_FWD(be, follow_list(FB(be)->inner, q, out));
}

static int fb_note_put(cop_backend *be, const cop_notification_rec *n,
	const char *tags)
{
	return FB_NT_FWD(be, note_put(FB(be)->inner, n, tags));
}

static int fb_note_fanout(cop_backend *be, const cop_notification_rec *n,
	const char *tags, int first)
{
	return FB_NT_FWD(be, note_fanout(FB(be)->inner, n, tags, first));
}

static int fb_note_list(cop_backend *be, const cop_notification_query *q,
	cop_backend_iter **out)
{
	return FB_NT_FWD(be, note_list(FB(be)->inner, q, out));
}

static int fb_note_count(cop_backend *be, const cop_id *member, int unread,
	uint64_t *out)
{
	return FB_NT_FWD(be, note_count(FB(be)->inner, member, unread, out));
}

static int fb_note_mark(cop_backend *be, const cop_id *member,
	const cop_id *id, cop_time now, unsigned int *count)
{
	return FB_NT_FWD(be, note_mark(FB(be)->inner, member, id, now, count));
}

static int fb_forget(cop_backend *be, const cop_id *member)
{
	return FB_NT_FWD(be, forget(FB(be)->inner, member));
}

static const cop_backend_notify fb_notify = {
	COP_BACKEND_NOTIFY_VERSION, fb_follow_put, fb_follow_delete,
	fb_follow_list, fb_note_put, fb_note_fanout, fb_note_list,
	fb_note_count, fb_note_mark, fb_forget
};

/* Links (interface version 5), forwarded likewise (FAULTBE_MODERATION
 * covers every typed feature interface). */
#define FB_LNK(be) (FB(be)->inner->links)

static int fb_link_insert(cop_backend *be, const cop_link_rec *link)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_LNK(be)->link_insert(FB(be)->inner, link);
}

static int fb_link_get(cop_backend *be, const cop_id *thread,
	const cop_id *target, cop_link_rec *out)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_LNK(be)->link_get(FB(be)->inner, thread, target, out);
}

static int fb_link_list(cop_backend *be, const cop_id *thread,
	const cop_id *after, unsigned int limit, cop_backend_iter **out)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_LNK(be)->link_list(FB(be)->inner, thread, after, limit, out);
}

static const cop_backend_links fb_links = {
	COP_BACKEND_LINKS_VERSION, fb_link_insert, fb_link_get, fb_link_list
};

/* A thread's history (interface version 10), forwarded likewise. */
#define FB_HIST(be) (FB(be)->inner->history)

static int fb_history_add(cop_backend *be, const cop_thread_change_rec *e,
	int *number)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_HIST(be)->history_add(FB(be)->inner, e, number);
}

static int fb_history_list(cop_backend *be, const cop_id *thread, int after,
	unsigned int limit, cop_backend_iter **out)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_HIST(be)->history_list(FB(be)->inner, thread, after, limit,
		out);
}

static const cop_backend_history fb_history = {
	COP_BACKEND_HISTORY_VERSION, fb_history_add, fb_history_list
};

/* Import sources (interface version 5), forwarded likewise. */
#define FB_SRC(be) (FB(be)->inner->sources)

static int fb_source_get(cop_backend *be, const cop_id *community, int kind,
	const char *source_id, cop_id *object)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_SRC(be)->source_get(FB(be)->inner, community, kind, source_id,
		object);
}

static int fb_source_insert(cop_backend *be, const cop_id *community,
	int kind, const char *source_id, const cop_id *object)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_SRC(be)->source_insert(FB(be)->inner, community, kind,
		source_id, object);
}

static const cop_backend_sources fb_sources = {
	COP_BACKEND_SOURCES_VERSION, fb_source_get, fb_source_insert
};

/* A member's data and its erasure (interface version 6), forwarded
 * likewise. */
#define FB_PRIV(be) (FB(be)->inner->privacy)

static int fb_member_communities(cop_backend *be, const cop_id *member,
	cop_id **ids, size_t *n)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION)) {
		*ids = NULL;
		*n = 0;
		return COP_EIO;
	}
	return FB_PRIV(be)->member_communities(FB(be)->inner, member, ids, n);
}

static int fb_member_leave(cop_backend *be, const cop_id *member)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_PRIV(be)->member_leave(FB(be)->inner, member);
}

static int fb_kudos_erase(cop_backend *be, const cop_id *member,
	const char *text)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_PRIV(be)->kudos_erase(FB(be)->inner, member, text);
}

static int fb_policy_get(cop_backend *be, const cop_id *community,
	int *policy)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_PRIV(be)->policy_get(FB(be)->inner, community, policy);
}

static int fb_policy_put(cop_backend *be, const cop_id *community,
	int policy)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_PRIV(be)->policy_put(FB(be)->inner, community, policy);
}

static int fb_erase_graph(cop_backend *be, const cop_id *community,
	const cop_id *member, cop_erase_node **nodes, size_t *n)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION)) {
		*nodes = NULL;
		*n = 0;
		return COP_EIO;
	}
	return FB_PRIV(be)->erase_graph(FB(be)->inner, community, member,
		nodes, n);
}

static int fb_erase_remove(cop_backend *be, const cop_id *community,
	const cop_id *contribs, size_t ncontribs, const cop_id *threads,
	size_t nthreads)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_PRIV(be)->erase_remove(FB(be)->inner, community, contribs,
		ncontribs, threads, nthreads);
}

static const cop_backend_privacy fb_privacy = {
	COP_BACKEND_PRIVACY_VERSION, fb_member_communities, fb_member_leave,
	fb_kudos_erase, fb_policy_get, fb_policy_put, fb_erase_graph,
	fb_erase_remove
};

/* Export and import (interface version 6), forwarded likewise. */
#define FB_EXP(be) (FB(be)->inner->export)

/* A forwarded export scan M. */
#define FB_SCAN(M) \
	static int fb_##M(cop_backend *be, const cop_export_query *q, \
		cop_backend_iter **out) \
	{ \
		if (fb_fail(FB(be), FAULTBE_MODERATION)) \
			return COP_EIO; \
		return FB_EXP(be)->M(FB(be)->inner, q, out); \
	}
FB_SCAN(scan_members)
FB_SCAN(scan_memberships)
FB_SCAN(scan_threads)
FB_SCAN(scan_contributions)
FB_SCAN(scan_revisions)
FB_SCAN(scan_links)
FB_SCAN(scan_votes)
FB_SCAN(scan_accepts)
FB_SCAN(scan_kudos)
FB_SCAN(scan_ledger)
FB_SCAN(scan_standings)
FB_SCAN(scan_badges)
FB_SCAN(scan_sources)
FB_SCAN(scan_hours)
FB_SCAN(scan_rsvps)
FB_SCAN(scan_follows)
FB_SCAN(scan_tags)
FB_SCAN(scan_history)

/* A forwarded insert M of record type T. */
#define FB_INS(M, T) \
	static int fb_##M(cop_backend *be, const T *rec) \
	{ \
		if (fb_fail(FB(be), FAULTBE_MODERATION)) \
			return COP_EIO; \
		return FB_EXP(be)->M(FB(be)->inner, rec); \
	}
FB_INS(vote_insert, cop_vote_rec)
FB_INS(standing_insert, cop_standing_rec)
FB_INS(badge_insert, cop_badge_rec)

static int fb_thread_bump(cop_backend *be, const cop_id *thread,
	cop_time time)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_EXP(be)->thread_bump(FB(be)->inner, thread, time);
}

static int fb_revision_bump(cop_backend *be, const cop_id *contribution,
	cop_time edited, int *number)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_EXP(be)->revision_bump(FB(be)->inner, contribution, edited,
		number);
}

static int fb_hours_erase(cop_backend *be, const cop_id *member,
	const char *text)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_EXP(be)->hours_erase(FB(be)->inner, member, text);
}

static int fb_revision_replaced(cop_backend *be, const cop_id *contribution,
	int number, const cop_id *editor, const char *comment)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_EXP(be)->revision_replaced(FB(be)->inner, contribution,
		number, editor, comment);
}

static int fb_thread_add(cop_backend *be, const cop_id *thread,
	cop_time time, int64_t n)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_EXP(be)->thread_add(FB(be)->inner, thread, time, n);
}

static int fb_thread_answered(cop_backend *be, const cop_id *thread,
	int answered, int state)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_EXP(be)->thread_answered(FB(be)->inner, thread, answered,
		state);
}

static int fb_threads_replied(cop_backend *be, const cop_id *community)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_EXP(be)->threads_replied(FB(be)->inner, community);
}

static const cop_backend_export fb_export = {
	COP_BACKEND_EXPORT_VERSION,
	fb_scan_members, fb_scan_memberships, fb_scan_threads,
	fb_scan_contributions, fb_scan_revisions, fb_scan_links,
	fb_scan_votes, fb_scan_accepts, fb_scan_kudos, fb_scan_ledger,
	fb_scan_standings, fb_scan_badges, fb_scan_sources,
	fb_vote_insert, fb_standing_insert, fb_badge_insert,
	fb_thread_bump, fb_revision_bump,
	fb_scan_hours, fb_scan_rsvps, fb_scan_follows, fb_hours_erase,
	fb_scan_tags, fb_scan_history, fb_revision_replaced, fb_thread_add,
	fb_thread_answered, fb_threads_replied
};

/* The funding ledger and hours given (interface version 7), forwarded
 * likewise: FB_FWD(M, (params), (args)) defines fb_M. */
#define FB_FUND(be) (FB(be)->inner->funding)
#define FB_FWD(M, PARAMS, ARGS) \
	static int fb_##M PARAMS \
	{ \
		if (fb_fail(FB(be), FAULTBE_MODERATION)) \
			return COP_EIO; \
		return FB_FUND(be)->M ARGS; \
	}
FB_FWD(entry_insert, (cop_backend *be, const cop_fund_rec *e),
	(FB(be)->inner, e))
FB_FWD(entry_get, (cop_backend *be, const cop_id *id, cop_fund_rec *out),
	(FB(be)->inner, id, out))
FB_FWD(entry_receive, (cop_backend *be, const cop_id *id, int64_t day),
	(FB(be)->inner, id, day))
FB_FWD(entry_list, (cop_backend *be, const cop_fund_query *q,
	cop_backend_iter **out), (FB(be)->inner, q, out))
FB_FWD(total_add, (cop_backend *be, const cop_id *community,
	const char *currency, int64_t month, int kind, int64_t amount),
	(FB(be)->inner, community, currency, month, kind, amount))
FB_FWD(sums, (cop_backend *be, const cop_id *community, int64_t from,
	int64_t to, cop_backend_iter **out),
	(FB(be)->inner, community, from, to, out))
FB_FWD(day_sums, (cop_backend *be, const cop_id *community, int64_t from,
	int64_t to, cop_backend_iter **out),
	(FB(be)->inner, community, from, to, out))
FB_FWD(config_get, (cop_backend *be, const cop_id *community, int *out),
	(FB(be)->inner, community, out))
FB_FWD(config_set, (cop_backend *be, const cop_id *community, int v),
	(FB(be)->inner, community, v))
FB_FWD(hours_set, (cop_backend *be, const cop_hours_rec *h),
	(FB(be)->inner, h))
FB_FWD(hours_get, (cop_backend *be, const cop_id *community, int64_t month,
	const cop_id *member, cop_hours_rec *out),
	(FB(be)->inner, community, month, member, out))
FB_FWD(hours_rows, (cop_backend *be, const cop_id *community, int64_t from,
	int64_t to, int by, cop_backend_iter **out),
	(FB(be)->inner, community, from, to, by, out))
FB_FWD(hours_rows_seen, (cop_backend *be, const cop_id *community,
	int64_t from, int64_t to, const cop_id *viewer, cop_backend_iter **out),
	(FB(be)->inner, community, from, to, viewer, out))

static const cop_backend_funding fb_funding = {
	COP_BACKEND_FUNDING_VERSION, fb_entry_insert, fb_entry_get,
	fb_entry_receive, fb_entry_list, fb_total_add, fb_sums, fb_day_sums,
	fb_config_get, fb_config_set, fb_hours_set, fb_hours_get,
	fb_hours_rows, fb_hours_rows_seen
};

/* Digests (interface version 7), forwarded likewise (FAULTBE_MODERATION
 * covers every typed feature interface). */
#define FB_DG(be) (FB(be)->inner->digest)

/* fb_dg_NAME(be, ...): fail on purpose, or call the inner table's NAME. */
#define FB_DG_FORWARD(NAME, PARAMS, ARGS) \
	static int fb_dg_##NAME PARAMS \
	{ \
		return fb_fail(FB(be), FAULTBE_MODERATION) ? COP_EIO : \
			FB_DG(be)->NAME ARGS; \
	}
FB_DG_FORWARD(section, (cop_backend *be, const cop_digest_query *q,
	cop_backend_iter **out), (FB(be)->inner, q, out))
FB_DG_FORWARD(communities, (cop_backend *be, const cop_id *member,
	cop_backend_iter **out), (FB(be)->inner, member, out))
FB_DG_FORWARD(sent_get, (cop_backend *be, const cop_id *member,
	cop_time *until), (FB(be)->inner, member, until))
FB_DG_FORWARD(sent_put, (cop_backend *be, const cop_id *member,
	cop_time until, cop_time marked), (FB(be)->inner, member, until,
	marked))

static const cop_backend_digest fb_digest = {
	COP_BACKEND_DIGEST_VERSION, fb_dg_section, fb_dg_communities,
	fb_dg_sent_get, fb_dg_sent_put
};

/* Events (interface version 7), forwarded likewise. */
#define FB_EV(be) (FB(be)->inner->events)
/* A forwarded events method M, its parameters PARAMS, its arguments
 * ARGS (after the backend). */
#define FB_EVM(M, PARAMS, ARGS) \
	static int fb_##M PARAMS \
	{ \
		if (fb_fail(FB(be), FAULTBE_MODERATION)) \
			return COP_EIO; \
		return FB_EV(be)->M ARGS; \
	}
FB_EVM(event_insert, (cop_backend *be, const cop_event_rec *e),
	(FB(be)->inner, e))
FB_EVM(event_update, (cop_backend *be, const cop_event_rec *e),
	(FB(be)->inner, e))
FB_EVM(event_get, (cop_backend *be, const cop_id *id, const cop_id *member,
	cop_event_rec *out), (FB(be)->inner, id, member, out))
FB_EVM(event_list, (cop_backend *be, const cop_event_query *q,
	cop_backend_iter **out), (FB(be)->inner, q, out))
FB_EVM(rsvp_put, (cop_backend *be, const cop_rsvp_rec *r),
	(FB(be)->inner, r))
FB_EVM(rsvp_get, (cop_backend *be, const cop_id *event,
	const cop_id *member, cop_rsvp_rec *out),
	(FB(be)->inner, event, member, out))
FB_EVM(rsvp_promote, (cop_backend *be, const cop_id *event, unsigned int n,
	unsigned int *count), (FB(be)->inner, event, n, count))

static const cop_backend_events fb_events = {
	COP_BACKEND_EVENTS_VERSION, fb_event_insert, fb_event_update,
	fb_event_get, fb_event_list, fb_rsvp_put, fb_rsvp_get, fb_rsvp_promote
};

/* Tags (interface version 10), forwarded like events. */
#define FB_TG(be) (FB(be)->inner->tags)
#define FB_TGM(M, PARAMS, ARGS) \
	static int fb_##M PARAMS \
	{ \
		if (fb_fail(FB(be), FAULTBE_MODERATION)) \
			return COP_EIO; \
		return FB_TG(be)->M ARGS; \
	}
FB_TGM(tag_get, (cop_backend *be, const cop_id *community, const char *name,
	cop_tag_rec *out), (FB(be)->inner, community, name, out))
FB_TGM(tag_put, (cop_backend *be, const cop_tag_rec *r), (FB(be)->inner, r))
FB_TGM(tag_delete, (cop_backend *be, const cop_id *community,
	const char *name), (FB(be)->inner, community, name))
FB_TGM(tag_list, (cop_backend *be, const cop_tag_query *q,
	cop_backend_iter **out), (FB(be)->inner, q, out))
FB_TGM(tag_threads, (cop_backend *be, const cop_id *community,
	const char *name, int (*each)(void *arg, const cop_id *thread),
	void *arg), (FB(be)->inner, community, name, each, arg))
FB_TGM(tag_synonyms, (cop_backend *be, const cop_id *community,
	const char *from, const char *to), (FB(be)->inner, community, from, to))
FB_TGM(tag_counts, (cop_backend *be, const cop_id *community,
	const cop_id *viewer, int64_t *used, int64_t *described),
	(FB(be)->inner, community, viewer, used, described))

static const cop_backend_tags fb_tags = {
	COP_BACKEND_TAGS_VERSION, fb_tag_get, fb_tag_put, fb_tag_delete,
	fb_tag_list, fb_tag_threads, fb_tag_synonyms, fb_tag_counts
};

/* Mail (interface version 7), forwarded like events. */
#define FB_ML(be) (FB(be)->inner->mail)
#define FB_MLM(M, PARAMS, ARGS) \
	static int fb_mail_##M PARAMS \
	{ \
		if (fb_fail(FB(be), FAULTBE_MODERATION)) \
			return COP_EIO; \
		return FB_ML(be)->M ARGS; \
	}
FB_MLM(email_insert, (cop_backend *be, const cop_email_rec *e),
	(FB(be)->inner, e))
FB_MLM(email_get, (cop_backend *be, const char *address, cop_email_rec *out),
	(FB(be)->inner, address, out))
FB_MLM(email_list, (cop_backend *be, const cop_id *member,
	cop_backend_iter **out), (FB(be)->inner, member, out))
FB_MLM(email_verify, (cop_backend *be, const cop_id *member,
	const char *address, int verified),
	(FB(be)->inner, member, address, verified))
FB_MLM(email_primary, (cop_backend *be, const cop_id *member,
	const char *address), (FB(be)->inner, member, address))
FB_MLM(email_delete, (cop_backend *be, const cop_id *member,
	const char *address), (FB(be)->inner, member, address))
FB_MLM(email_forget, (cop_backend *be, const cop_id *member),
	(FB(be)->inner, member))
FB_MLM(secret_get, (cop_backend *be, char **out), (FB(be)->inner, out))
FB_MLM(secret_put, (cop_backend *be, const char *secret),
	(FB(be)->inner, secret))
FB_MLM(message_get, (cop_backend *be, const char *message_id,
	cop_id *community, cop_id *contribution),
	(FB(be)->inner, message_id, community, contribution))
FB_MLM(message_put, (cop_backend *be, const char *message_id,
	const cop_id *community, const cop_id *contribution, cop_time created),
	(FB(be)->inner, message_id, community, contribution, created))
FB_MLM(pref_put, (cop_backend *be, const cop_mail_pref_rec *r),
	(FB(be)->inner, r))
FB_MLM(pref_get, (cop_backend *be, const cop_id *member,
	const cop_id *community, cop_mail_pref_rec *out),
	(FB(be)->inner, member, community, out))
FB_MLM(pref_each, (cop_backend *be,
	int (*each)(void *arg, const cop_mail_pref_rec *r), void *arg),
	(FB(be)->inner, each, arg))
FB_MLM(pref_sent, (cop_backend *be, const cop_id *member,
	const cop_id *community, cop_time last_digest),
	(FB(be)->inner, member, community, last_digest))
FB_MLM(pref_forget, (cop_backend *be, const cop_id *member),
	(FB(be)->inner, member))
FB_MLM(outbox_put, (cop_backend *be, const cop_outbox_rec *r),
	(FB(be)->inner, r))
FB_MLM(outbox_each, (cop_backend *be, int state,
	int (*each)(void *arg, const cop_outbox_rec *r), void *arg),
	(FB(be)->inner, state, each, arg))
FB_MLM(outbox_mark, (cop_backend *be, const cop_id *id, int state,
	const char *reason, cop_time updated),
	(FB(be)->inner, id, state, reason, updated))
FB_MLM(outbox_forget, (cop_backend *be, const cop_id *member),
	(FB(be)->inner, member))

static const cop_backend_mail fb_mail = {
	COP_BACKEND_MAIL_VERSION, fb_mail_email_insert, fb_mail_email_get,
	fb_mail_email_list, fb_mail_email_verify, fb_mail_email_primary,
	fb_mail_email_delete, fb_mail_email_forget, fb_mail_secret_get,
	fb_mail_secret_put, fb_mail_message_get, fb_mail_message_put,
	fb_mail_pref_put, fb_mail_pref_get, fb_mail_pref_each,
	fb_mail_pref_sent, fb_mail_pref_forget, fb_mail_outbox_put,
	fb_mail_outbox_each, fb_mail_outbox_mark, fb_mail_outbox_forget
};

/* The facilitator's queue (interface version 7), forwarded likewise. */
#define FB_FAC(be) (FB(be)->inner->facilitation)

static int fb_threshold_get(cop_backend *be, const cop_id *community,
	int kind, int64_t *seconds)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_FAC(be)->threshold_get(FB(be)->inner, community, kind,
		seconds);
}

static int fb_threshold_put(cop_backend *be, const cop_id *community,
	int kind, int64_t seconds)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_FAC(be)->threshold_put(FB(be)->inner, community, kind,
		seconds);
}

static int fb_queue_list(cop_backend *be, const cop_queue_query *q,
	cop_backend_iter **out)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_FAC(be)->queue_list(FB(be)->inner, q, out);
}

static int fb_coverage(cop_backend *be, const cop_id *community,
	int hidden_too, cop_time idle_cutoff, int64_t *total, int64_t *covered)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_FAC(be)->coverage(FB(be)->inner, community, hidden_too,
		idle_cutoff, total, covered);
}

static int fb_thresholds_get(cop_backend *be, const cop_id *community,
	int64_t *seconds, unsigned int n)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_FAC(be)->thresholds_get(FB(be)->inner, community, seconds,
		n);
}

static int fb_health_get(cop_backend *be, const cop_id *community,
	const char *indicator, int64_t *good, int64_t *poor)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_FAC(be)->health_get(FB(be)->inner, community, indicator,
		good, poor);
}

static int fb_health_put(cop_backend *be, const cop_id *community,
	const char *indicator, int64_t good, int64_t poor)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_FAC(be)->health_put(FB(be)->inner, community, indicator,
		good, poor);
}

static int fb_health_del(cop_backend *be, const cop_id *community,
	const char *indicator)
{
	if (fb_fail(FB(be), FAULTBE_MODERATION))
		return COP_EIO;
	return FB_FAC(be)->health_del(FB(be)->inner, community, indicator);
}

static const cop_backend_facilitation fb_facilitation = {
	COP_BACKEND_FACILITATION_VERSION,
	fb_threshold_get, fb_threshold_put, fb_queue_list, fb_coverage,
	fb_thresholds_get, fb_health_get, fb_health_put, fb_health_del
};

/* The health roll-ups (interface version 7), forwarded likewise. */
#define FB_H(be) (FB(be)->inner->health)
#define FB_H_FWD(name, params, args) \
	static int fb_h_##name params \
	{ \
		if (fb_fail(FB(be), FAULTBE_MODERATION)) \
			return COP_EIO; \
		return FB_H(be)->name args; \
	}
FB_H_FWD(days, (cop_backend *be, const cop_id *c, int64_t d0, int64_t d1,
	int (*each)(void *, const cop_health_day_rec *), void *arg),
	(FB(be)->inner, c, d0, d1, each, arg))
FB_H_FWD(members, (cop_backend *be, const cop_id *c, int64_t d1,
	int (*each)(void *, const cop_health_member_rec *), void *arg),
	(FB(be)->inner, c, d1, each, arg))
FB_H_FWD(member_days, (cop_backend *be, const cop_id *c, int64_t d0,
	int64_t d1, int (*each)(void *, const cop_health_mday_rec *),
	void *arg), (FB(be)->inner, c, d0, d1, each, arg))
FB_H_FWD(questions, (cop_backend *be, const cop_id *c, cop_time t0,
	cop_time t1, int (*each)(void *, const cop_health_question_rec *),
	void *arg), (FB(be)->inner, c, t0, t1, each, arg))
FB_H_FWD(attendance, (cop_backend *be, const cop_id *c, cop_time t1,
	int (*each)(void *, const cop_health_attend_rec *), void *arg),
	(FB(be)->inner, c, t1, each, arg))
FB_H_FWD(verify, (cop_backend *be, const cop_id *c,
	int (*each)(void *, const cop_health_check_rec *), void *arg),
	(FB(be)->inner, c, each, arg))

static const cop_backend_health fb_health = {
	COP_BACKEND_HEALTH_VERSION, fb_h_days, fb_h_members, fb_h_member_days,
	fb_h_questions, fb_h_attendance, fb_h_verify
};

/* Recognition (interface version 6), forwarded to the inner backend's
 * table; every call is of kinds FAULTBE_ROP (recognition storage, as
 * its operations) and FAULTBE_MODERATION (a typed feature interface). */
#define FB_REC(be) (FB(be)->inner->recognition)
#define FB_REC_FWD(name, params, args) \
	static int fb_r_##name params \
	{ \
		if (fb_fail(FB(be), FAULTBE_ROP | FAULTBE_MODERATION)) \
			return COP_EIO; \
		return FB_REC(be)->name args; \
	}
#define IN FB(be)->inner

FB_REC_FWD(vote_get, (cop_backend *be, const cop_id *c, const cop_id *v,
	cop_vote_rec *out), (IN, c, v, out))
FB_REC_FWD(vote_put, (cop_backend *be, const cop_vote_rec *r), (IN, r))
FB_REC_FWD(accept_get, (cop_backend *be, const cop_id *t,
	cop_accept_rec *out), (IN, t, out))
FB_REC_FWD(accept_put, (cop_backend *be, const cop_accept_rec *r), (IN, r))
FB_REC_FWD(kudos_insert, (cop_backend *be, const cop_kudos_rec *r), (IN, r))
FB_REC_FWD(kudos_list, (cop_backend *be, const cop_recognition_query *q,
	cop_backend_iter **out), (IN, q, out))
FB_REC_FWD(ledger_insert, (cop_backend *be, const cop_ledger_rec *r),
	(IN, r))
FB_REC_FWD(ledger_list, (cop_backend *be, const cop_recognition_query *q,
	cop_backend_iter **out), (IN, q, out))
FB_REC_FWD(ledger_scan, (cop_backend *be, const cop_ledger_scan_query *q,
	cop_backend_iter **out), (IN, q, out))
FB_REC_FWD(standing_get, (cop_backend *be, const cop_id *c, const cop_id *m,
	cop_standing_rec *out), (IN, c, m, out))
FB_REC_FWD(standing_put, (cop_backend *be, const cop_standing_rec *r),
	(IN, r))
FB_REC_FWD(standing_list, (cop_backend *be, const cop_id *c,
	const cop_id *after, unsigned int limit, cop_backend_iter **out),
	(IN, c, after, limit, out))
FB_REC_FWD(total_add, (cop_backend *be, const cop_total_rec *r), (IN, r))
FB_REC_FWD(total_clear, (cop_backend *be, const cop_id *c), (IN, c))
FB_REC_FWD(total_list, (cop_backend *be, const cop_id *c, const cop_id *m,
	cop_backend_iter **out), (IN, c, m, out))
FB_REC_FWD(board, (cop_backend *be, const cop_board_query *q,
	cop_backend_iter **out), (IN, q, out))
FB_REC_FWD(badge_insert, (cop_backend *be, const cop_badge_rec *r,
	int *inserted), (IN, r, inserted))
FB_REC_FWD(badge_list, (cop_backend *be, const cop_recognition_query *q,
	cop_backend_iter **out), (IN, q, out))
FB_REC_FWD(badge_find, (cop_backend *be, const cop_id *c, const cop_id *m,
	int badge, const cop_id *o, int *found), (IN, c, m, badge, o, found))
FB_REC_FWD(config_get, (cop_backend *be, const cop_id *c, char **body),
	(IN, c, body))
FB_REC_FWD(config_put, (cop_backend *be, const cop_id *c, const char *body),
	(IN, c, body))
FB_REC_FWD(score_add, (cop_backend *be, const cop_id *c, int delta),
	(IN, c, delta))
FB_REC_FWD(score_set, (cop_backend *be, const cop_id *c, int64_t score),
	(IN, c, score))
FB_REC_FWD(stats, (cop_backend *be, const cop_id *c, cop_stats *out),
	(IN, c, out))
FB_REC_FWD(verify_scores, (cop_backend *be, const cop_id *c,
	const int weights[4], cop_backend_iter **out), (IN, c, weights, out))
FB_REC_FWD(verify_reputation, (cop_backend *be, const cop_id *c,
	int64_t initial, cop_backend_iter **out), (IN, c, initial, out))
FB_REC_FWD(verify_counts, (cop_backend *be, const cop_id *c,
	cop_backend_iter **out), (IN, c, out))
FB_REC_FWD(verify_high_scores, (cop_backend *be, const cop_id *c,
	int64_t min_score, cop_backend_iter **out), (IN, c, min_score, out))
FB_REC_FWD(ledger_standings, (cop_backend *be, const cop_id *c,
	const cop_id *o, cop_backend_iter **out), (IN, c, o, out))
#undef IN

static const cop_backend_recognition fb_recognition = {
	COP_BACKEND_RECOGNITION_VERSION, fb_r_vote_get, fb_r_vote_put,
	fb_r_accept_get, fb_r_accept_put, fb_r_kudos_insert, fb_r_kudos_list,
	fb_r_ledger_insert, fb_r_ledger_list, fb_r_ledger_scan, fb_r_standing_get,
	fb_r_standing_put, fb_r_standing_list, fb_r_total_add, fb_r_total_clear,
	fb_r_total_list, fb_r_board, fb_r_badge_insert, fb_r_badge_list, fb_r_badge_find,
	fb_r_config_get, fb_r_config_put, fb_r_score_add, fb_r_score_set,
	fb_r_stats, fb_r_verify_scores, fb_r_verify_reputation,
	fb_r_verify_counts, fb_r_verify_high_scores, fb_r_ledger_standings
};

int faultbe_wrap(cop_backend **out, faultbe **fbp, cop_backend *inner)
{
	faultbe *fb;

	*out = NULL;
	*fbp = NULL;
	if (!(fb = calloc(1, sizeof(*fb)))) {
		inner->free(inner);
		return COP_ENOMEM;
	}
	fb->inner = inner;
	/* The inner backend's version: the store reaches what it has the
	 * way it would reach it without the wrapper. */
	fb->base.version = inner->version;
	fb->base.name = "fault";
	fb->base.free = fb_free;
	fb->base.errmsg = fb_errmsg;
	fb->base.begin = fb_begin;
	fb->base.commit = fb_commit;
	fb->base.rollback = fb_rollback;
	fb->base.insert = fb_insert;
	fb->base.update = fb_update;
	fb->base.get = fb_get;
	fb->base.list = fb_list;
	fb->base.search = fb_search;
	fb->base.stats = fb_stats;
	fb->base.log_last_seq = fb_log_last_seq;
	/* Recognition when the inner backend has it (interface version 2). */
	fb->base.rop = inner->version >= 2 && inner->rop ? fb_rop : NULL;
	/* Reads, passed through like get() (interface version 3). */
	fb->base.thread_access = inner->version >= 3 && inner->thread_access ?
		fb_thread_access : NULL;
	/* Moderation when the inner backend has a table (version 5). */
	if (inner->version >= 5) {
		fb->base.moderation = inner->moderation ? &fb_moderation : NULL;
		fb->base.links = inner->links ? &fb_links : NULL;
		fb->base.sources = inner->sources ? &fb_sources : NULL;
	}
	/* Recognition, a member's data, export and import when the inner
	 * backend has those tables (version 6). */
	if (inner->version >= 6) {
		fb->base.recognition = inner->recognition ? &fb_recognition :
			NULL;
		fb->base.privacy = inner->privacy ? &fb_privacy : NULL;
		fb->base.export = inner->export ? &fb_export : NULL;
	}
	/* The funding table when the inner backend has one (version 7). */
	if (inner->version >= 7)
		fb->base.funding = inner->funding ? &fb_funding : NULL;
	/* Digests when the inner backend has the table (version 7). */
	if (inner->version >= 7)
		fb->base.digest = inner->digest ? &fb_digest : NULL;
	/* Notifications when the inner backend has them (version 7). */
	if (inner->version >= 7)
		fb->base.notify = inner->notify ? &fb_notify : NULL;
	/* Events when the inner backend has them (version 7). */
	if (inner->version >= 7)
		fb->base.events = inner->events ? &fb_events : NULL;
	/* The facilitator's queue when the inner backend has its table
	 * (version 7). */
	if (inner->version >= 7)
		fb->base.facilitation = inner->facilitation ? &fb_facilitation :
			NULL;
	/* Counts as a member sees them when the inner backend has them
	 * (version 9). */
	if (inner->version >= 9)
		fb->base.stats_seen = inner->stats_seen ? fb_stats_seen : NULL;
	/* Whether a member sees another, when the inner backend can tell
	 * (version 10). */
	if (inner->version >= 10)
		fb->base.member_seen = inner->member_seen ? fb_member_seen :
			NULL;
	/* The index check when the inner backend has one (version 8). */
	if (inner->version >= 8)
		fb->base.check_index = inner->check_index ? fb_check_index :
			NULL;
	/* Mail archives when the inner backend has their table (version 8). */
	if (inner->version >= 8)
	/* The health roll-ups when the inner backend has them (version 8). */
	if (inner->version >= 8)
		fb->base.health = inner->health ? &fb_health : NULL;
	/* Mail when the inner backend has its table (version 8). */
	if (inner->version >= 8)
		fb->base.mail = inner->mail ? &fb_mail : NULL;
	/* Tags when the inner backend has their table (version 10). */
	if (inner->version >= 10)
		fb->base.tags = inner->tags ? &fb_tags : NULL;
	/* A thread's history when the inner backend has one (version 10). */
	if (inner->version >= 10)
		fb->base.history = inner->history ? &fb_history : NULL;
	/* The bulk load's announcement when the inner backend takes it
	 * (version 10). */
	if (inner->version >= 10)
		fb->base.bulk = inner->bulk ? fb_bulk : NULL;
	*out = &fb->base;
	*fbp = fb;
	return COP_OK;
}

int faultbe_open(cop_store **out, faultbe **fbp, const char *uri,
	const cop_open_options *opts)
{
	cop_backend *inner = NULL, *be = NULL;
	faultbe *fb = NULL;
	int rc;

	*out = NULL;
	*fbp = NULL;
	if ((rc = cop_backend_open(&inner, uri, opts)) != COP_OK)
		return rc;
	if ((rc = faultbe_wrap(&be, &fb, inner)) != COP_OK)
		return rc;
	/* The store owns the wrapper from here on, also on failure. */
	if ((rc = cop_open_backend(out, be, opts)) != COP_OK)
		return rc;
	*fbp = fb;
	return COP_OK;
}

void faultbe_fail_at(faultbe *fb, long n, unsigned int kinds, int persistent)
{
	fb->countdown = n > 0 ? n : 0;
	fb->kinds = kinds;
	fb->persistent = persistent;
	fb->tripped = 0;
	fb->calls = 0;
	fb->failures = 0;
	fb->injected = 0;
}

long faultbe_calls(const faultbe *fb)
{
	return fb->calls;
}

long faultbe_failures(const faultbe *fb)
{
	return fb->failures;
}
