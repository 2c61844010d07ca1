/*
 * check_permission_matrix.c: every public read and write path that names
 * an object, as every kind of actor, against every kind of object
 * (docs/privacy.md, "Refused as missing").
 *
 * A path is one row of paths[]: a call taking the id of one kind of
 * object (a community, a thread, a contribution, an event, a funding
 * ledger entry, a flag; or a contribution named as reply_to or
 * translation_of in a thread the actor sees).  Each row runs
 *
 *   - as each actor of actors[]: the system, the owner, a facilitator, a
 *     core member, a member, a silenced member, a member suspended
 *     store-wide, a banned member, a member who left, an erased member,
 *     an outsider, and the anonymous viewer (a store's default: it sees
 *     what an outsider sees, and writes nothing);
 *   - against the objects of each scope of scopes[]: a public, a private
 *     and an invite-only community, a hidden thread, a hidden
 *     contribution (both in the public community);
 *
 * inside a batch that is rolled back after it, so that rows do not see
 * each other's writes.  Where the rule (visibility.h, restated in sees()
 * below) says the actor may not see the object, the call must be refused
 * exactly as the same call naming an id that does not exist: the same
 * code, COP_ENOTFOUND, and the same message, naming no id of the world.
 * Where the actor sees it, it must not be refused so.  Whatever is
 * refused changes nothing: the store's counts, its change log's last
 * sequence and what the erased member has (follows, answered events,
 * memberships) are the same after it.  An erased member may not act at
 * all (issue 17): every write (a row marked WROW) is refused, whatever
 * it names, and changes nothing.
 *
 * Members are named the same way (test_member_paths: every path naming a
 * member, every member, by id and by handle), and the listings are
 * checked for what they contain (test_member_listing,
 * test_listing_contents): every id a listing yields is one the actor sees
 * by the rule, and every one the actor sees is there.
 *
 * The world, the actors and the rule restated are matrix.h's, shared by
 * the matrix's suites.  The store is the one COP_TEST_URI names (testutil.h): the
 * suite runs on SQLite and on PostgreSQL.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "matrix.h"

/* ---- the paths ---------------------------------------------------------- */

/* A path: calls it with @p id (of the row's kind) and, where it needs
 * one, the community of the same scope (@p o). */
typedef int (*path_fn)(cop_store *s, const char *id, const objects *o);

typedef struct row {
	const char *name;
	int kind;
	path_fn fn;
	int asks;      /* a request to join (sees()) */
	int writes;    /* a write: an erased member's is refused */
} row;

/* Free what a lookup gave. */
#define OBJ(T, call) do { T *o_ = NULL; int rc_ = (call); T##_free(o_); \
	return rc_; } while (0)
#define TEXT(call) do { char *t_ = NULL; int rc_ = (call); cop_free(t_); \
	return rc_; } while (0)
#define INTO(T, call) do { T v_; memset(&v_, 0, sizeof(v_)); \
	return (call); } while (0)
/* A versioned struct (its INIT macro @p I) the call fills or reads. */
#define VINTO(T, I, call) do { T v_ = I; return (call); } while (0)
#define ITER(T, call) do { T##_iter *it_ = NULL; int rc_ = (call); \
	T##_iter_free(it_); return rc_; } while (0)

/* Communities. */
static int p_community_lookup(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_community, cop_community_lookup(&o_, s, id)); }
static int p_community_update(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_community, cop_community_update(&o_, s, id, "Renamed",
	NULL, NULL, -1)); }
static int p_membership_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_membership, cop_membership_iter_new(&it_, s, id, NULL)); }
static int p_membership_lookup(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_membership, cop_membership_lookup(&o_, s, id, W.member)); }
static int p_join(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_membership, cop_community_join(&o_, s, id,
	cop_store_actor(s), 0)); }
static int p_leave(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_community_leave(s, id, cop_store_actor(s)); }
static int p_set_role(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_membership_set_role(s, id, W.member, COP_ROLE_CORE); }
static int p_set_status(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_membership_set_status(s, id, W.member,
	COP_MEMBERSHIP_BANNED); }
static int p_set_pledge(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_membership_set_pledge(s, id, W.member, 3); }
static int p_request(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_membership, cop_community_request(&o_, s, id)); }
static int p_approve(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_community_approve(s, id, W.outsider); }
static int p_decline(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_community_decline(s, id, W.outsider); }
static int p_invite(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_membership, cop_community_invite(&o_, s, id, W.outsider)); }
static int p_invitation_accept(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_invitation_accept(s, id); }
static int p_invitation_decline(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_invitation_decline(s, id); }
static int p_request_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_membership, cop_community_request_iter_new(&it_, s, id,
	NULL)); }
static int p_flag_hides(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_community_set_flag_hides(s, id, 1); }
static int p_thread_create(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_thread, cop_thread_create(&o_, s, id, COP_THREAD_DISCUSSION,
	"A new thread", NULL, NULL, "Its body")); }
static int p_thread_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_thread, cop_thread_iter_new(&it_, s, id, NULL)); }
static int p_digest(cop_store *s, const char *id, const objects *o)
{
	cop_digest *d = NULL;
	int rc = cop_digest_community(&d, s, id, NULL);

	(void)o;
	cop_digest_free(d);
	return rc;
}
static int p_event_create(cop_store *s, const char *id, const objects *o)
{
	cop_event_spec e = event_spec();

	(void)o;
	OBJ(cop_event, cop_event_create(&o_, s, id, &e));
}
static int p_event_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_event, cop_event_iter_new(&it_, s, id, COP_EVENTS_UPCOMING,
	NULL)); }
static int p_community_ics(cop_store *s, const char *id, const objects *o)
{ (void)o; TEXT(cop_community_ics(&t_, s, id)); }
static int p_threshold_set(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_queue_threshold_set(s, id, COP_QUEUE_IDLE, 3600); }
static int p_threshold_lookup(cop_store *s, const char *id, const objects *o)
{
	int64_t v = 0;

	(void)o;
	return cop_queue_threshold_lookup(&v, s, id, COP_QUEUE_IDLE);
}
static int p_queue_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_queue, cop_queue_iter_new(&it_, s, id, NULL)); }
static int p_summary_coverage(cop_store *s, const char *id, const objects *o)
{
	int64_t a = 0, b = 0;

	(void)o;
	return cop_summary_coverage(&a, &b, s, id);
}
static int p_flag_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_flag, cop_flag_iter_new(&it_, s, id, COP_FLAG_OPEN,
	NULL)); }
static int p_fund_add(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_fund_entry, cop_fund_add(&o_, s, id, COP_FUND_GRANT, 1000,
	"EUR", NULL, "A foundation", NULL, NULL)); }
static int p_fund_set_visibility(cop_store *s, const char *id,
	const objects *o)
{ (void)o; return cop_fund_set_visibility(s, id, COP_FUND_MEMBERS); }
static int p_fund_visibility(cop_store *s, const char *id, const objects *o)
{ (void)o; INTO(cop_fund_visibility,
	cop_fund_visibility_lookup(&v_, s, id)); }
static int p_fund_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_fund, cop_fund_iter_new(&it_, s, id, NULL)); }
static int p_fund_report(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_fund_report, cop_fund_report_lookup(&o_, s, id, NULL, 0)); }
static int p_hours_record(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_hours_record(s, id, W.member, NULL, 2.0, NULL); }
static int p_hours_report(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_hours_report, cop_hours_report_lookup(&o_, s, id, NULL,
	NULL, COP_HOURS_BY_MEMBER)); }
static int p_health_json(cop_store *s, const char *id, const objects *o)
{ (void)o; TEXT(cop_health_report_json(&t_, s, id, NULL, NULL)); }
static int p_health_threshold_set(cop_store *s, const char *id,
	const objects *o)
{ (void)o; return cop_health_threshold_set(s, id, "response", 1, 2); }
static int p_health_threshold(cop_store *s, const char *id, const objects *o)
{
	double g = 0, p = 0;

	(void)o;
	return cop_health_threshold_lookup(&g, &p, s, id, "response");
}
static int p_health_threshold_reset(cop_store *s, const char *id,
	const objects *o)
{ (void)o; return cop_health_threshold_reset(s, id, "response"); }
static int p_export(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_export_json(s, id, null_fd); }
static int p_modlog_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_modlog, cop_modlog_iter_new(&it_, s, id, NULL)); }
static int p_silence(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_community_silence(s, id, W.member, 0, "Loud"); }
static int p_unsilence(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_community_unsilence(s, id, W.silenced); }
static int p_set_erasure(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_community_set_erasure(s, id, COP_ERASE_REMOVE); }
static int p_erasure(cop_store *s, const char *id, const objects *o)
{ (void)o; INTO(cop_erasure_policy,
	cop_community_erasure_lookup(&v_, s, id)); }
static int p_rconfig(cop_store *s, const char *id, const objects *o)
{ (void)o; VINTO(cop_recognition_config, COP_RECOGNITION_CONFIG_INIT,
	cop_recognition_config_lookup(&v_, s, id)); }
static int p_rconfig_set(cop_store *s, const char *id, const objects *o)
{ (void)o; VINTO(cop_recognition_config, COP_RECOGNITION_CONFIG_INIT,
	cop_recognition_config_set(s, id, &v_)); }
static int p_kudos(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_kudos, cop_kudos_give(&o_, s, id, W.member, NULL,
	"Thank you")); }
static int p_kudos_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_kudos, cop_kudos_iter_new(&it_, s, id, NULL, NULL)); }
static int p_standing(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_standing, cop_standing_lookup(&o_, s, id, W.member)); }
static int p_trust_set(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_trust_set(s, id, W.member, 2); }
static int p_trust_can(cop_store *s, const char *id, const objects *o)
{
	int v = 0;

	(void)o;
	return cop_trust_can(&v, s, id, W.member, COP_PRIV_FLAG);
}
static int p_ledger_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_ledger, cop_ledger_iter_new(&it_, s, id, NULL, NULL)); }
static int p_badge_give(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_badge_award_give(s, id, W.member,
	COP_BADGE_EVENT_ATTENDEE, NULL); }
static int p_badge_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_badge, cop_badge_iter_new(&it_, s, id, NULL, NULL)); }
static int p_leader_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_leader, cop_leader_iter_new(&it_, s, id, NULL,
	COP_PERIOD_ALL, 0, NULL)); }
static int p_verify(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_verify_report, cop_verify(&o_, s, id, 0)); }
static int p_stats(cop_store *s, const char *id, const objects *o)
{ (void)o; VINTO(cop_stats, COP_STATS_INIT, cop_stats_lookup(&v_, s, id)); }
static int p_search(cop_store *s, const char *id, const objects *o)
{
	cop_search_options so = COP_SEARCH_OPTIONS_INIT;

	(void)o;
	so.community = id;
	ITER(cop_search, cop_search_iter_new(&it_, s, "share", &so));
}
static int p_follow_community(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_follow_set(s, COP_FOLLOW_COMMUNITY, id, NULL,
	COP_FOLLOW_WATCHING); }

/* Threads. */
static int p_thread_lookup(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_thread, cop_thread_lookup(&o_, s, id)); }
static int p_thread_flag(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_thread_set_flag(s, id, COP_THREAD_FLAG_PINNED, 1); }
static int p_thread_state(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_thread_set_state(s, id, COP_THREAD_CLOSED); }
static int p_thread_read(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_thread_read(s, id, 1); }
static int p_reply(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_contribution, cop_contribution_create(&o_, s, id,
	COP_CONTRIB_ANSWER, NULL, NULL, NULL, "An answer")); }
static int p_contrib_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_contribution, cop_contribution_iter_new(&it_, s, id,
	NULL)); }
static int p_unaccept(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_answer_unaccept(s, id); }
static int p_answer_lookup(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_contribution, cop_answer_lookup(&o_, s, id)); }
static int p_summarize(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_contribution, cop_thread_summarize(&o_, s, id,
	"In short")); }
static int p_link_from(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_thread_link(s, id, W.pub_thread, COP_LINK_RELATED); }
static int p_link_to(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_thread_link(s, W.pub_thread, id, COP_LINK_RELATED); }
static int p_link_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_link, cop_link_iter_new(&it_, s, id)); }
static int p_follow_thread(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_follow_set(s, COP_FOLLOW_THREAD, id, NULL,
	COP_FOLLOW_WATCHING); }
static int p_unfollow_thread(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_follow_remove(s, COP_FOLLOW_THREAD, id, NULL); }

/* Contributions. */
static int p_contrib_lookup(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_contribution, cop_contribution_lookup(&o_, s, id)); }
static int p_edit(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_contribution, cop_contribution_edit(&o_, s, id,
	"Edited", "typo")); }
static int p_revision_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_revision, cop_revision_iter_new(&it_, s, id)); }
static int p_flag_raise(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_flag, cop_flag_raise(&o_, s, id, "Spam")); }
static int p_hide(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_contribution_hide(s, id, "Off topic"); }
static int p_unhide(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_contribution_unhide(s, id); }
static int p_redact(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_revision_redact(s, id, 1, "Personal data"); }
static int p_vote(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_vote_cast(s, id, COP_VOTE_UP); }
static int p_vote_retract(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_vote_retract(s, id); }
static int p_vote_lookup(cop_store *s, const char *id, const objects *o)
{ (void)o; INTO(cop_vote_kind, cop_vote_lookup(&v_, s, id)); }
static int p_accept(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_answer_accept(s, id); }
static int p_kudos_for(cop_store *s, const char *id, const objects *o)
{ OBJ(cop_kudos, cop_kudos_give(&o_, s, o->community, W.core, id,
	"For this answer")); }
static int p_badge_for(cop_store *s, const char *id, const objects *o)
{ return cop_badge_award_give(s, o->community, W.core,
	COP_BADGE_NICE_ANSWER, id); }
static int p_badge_to_otto(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_badge_award_give(s, id, W.outsider,
	COP_BADGE_EVENT_ATTENDEE, NULL); }
static int p_badge_to_gone(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_badge_award_give(s, id, gone,
	COP_BADGE_EVENT_ATTENDEE, NULL); }
static int p_reply_token(cop_store *s, const char *id, const objects *o)
{ (void)o; TEXT(cop_mail_token_make(&t_, s, COP_MAIL_TOKEN_REPLY,
	cop_store_actor(s) ? cop_store_actor(s) : W.member, id)); }

/* A contribution named by reply_to or translation_of, in the public
 * community's question (which every actor sees). */
static int p_reply_to(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_contribution, cop_contribution_create(&o_, s,
	O[S_PUB].thread, COP_CONTRIB_COMMENT, id, NULL, NULL, "A comment")); }
static int p_translation_of(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_contribution, cop_contribution_create(&o_, s,
	O[S_PUB].thread, COP_CONTRIB_ANSWER, NULL, id, "fr", "Une reponse")); }

/* Events. */
static int p_event_lookup(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_event, cop_event_lookup(&o_, s, id)); }
static int p_event_update(cop_store *s, const char *id, const objects *o)
{
	cop_event_spec e = event_spec();

	(void)o;
	OBJ(cop_event, cop_event_update(&o_, s, id, &e));
}
static int p_event_cancel(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_event_cancel(s, id, "Rain"); }
static int p_rsvp(cop_store *s, const char *id, const objects *o)
{
	int waiting = 0;

	(void)o;
	return cop_event_rsvp(s, id, COP_RSVP_YES, &waiting);
}
static int p_attend(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_event_attend(s, id, W.member, COP_ATTENDANCE_ATTENDED); }
static int p_event_ics(cop_store *s, const char *id, const objects *o)
{ (void)o; TEXT(cop_event_ics(&t_, s, id)); }
static int p_fund_for_event(cop_store *s, const char *id, const objects *o)
{ OBJ(cop_fund_entry, cop_fund_add(&o_, s, o->community, COP_FUND_EXPENSE,
	500, "EUR", NULL, "A caterer", NULL, id)); }

/* Funding ledger entries. */
static int p_fund_receive(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_fund_receive(s, id); }
static int p_fund_lookup(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_fund_entry, cop_fund_entry_lookup(&o_, s, id)); }

/* Flags. */
static int p_flag_resolve(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_flag_resolve(s, id, COP_FLAG_DISMISSED); }

#define ROW(kind, fn) { #fn + 2, kind, fn, 0, 0 }
#define WROW(kind, fn) { #fn + 2, kind, fn, 0, 1 }
static const row paths[] = {
	ROW(K_COMMUNITY, p_community_lookup),
	WROW(K_COMMUNITY, p_community_update),
	ROW(K_COMMUNITY, p_membership_iter),
	ROW(K_COMMUNITY, p_membership_lookup),
	WROW(K_COMMUNITY, p_join),
	WROW(K_COMMUNITY, p_leave),
	WROW(K_COMMUNITY, p_set_role),
	WROW(K_COMMUNITY, p_set_status),
	WROW(K_COMMUNITY, p_set_pledge),
	{ "request", K_COMMUNITY, p_request, 1, 1 },
	WROW(K_COMMUNITY, p_approve),
	WROW(K_COMMUNITY, p_decline),
	WROW(K_COMMUNITY, p_invite),
	WROW(K_COMMUNITY, p_invitation_accept),
	WROW(K_COMMUNITY, p_invitation_decline),
	ROW(K_COMMUNITY, p_request_iter),
	WROW(K_COMMUNITY, p_flag_hides),
	WROW(K_COMMUNITY, p_thread_create),
	ROW(K_COMMUNITY, p_thread_iter),
	ROW(K_COMMUNITY, p_digest),
	WROW(K_COMMUNITY, p_event_create),
	ROW(K_COMMUNITY, p_event_iter),
	ROW(K_COMMUNITY, p_community_ics),
	WROW(K_COMMUNITY, p_threshold_set),
	ROW(K_COMMUNITY, p_threshold_lookup),
	ROW(K_COMMUNITY, p_queue_iter),
	ROW(K_COMMUNITY, p_summary_coverage),
	ROW(K_COMMUNITY, p_flag_iter),
	WROW(K_COMMUNITY, p_fund_add),
	WROW(K_COMMUNITY, p_fund_set_visibility),
	ROW(K_COMMUNITY, p_fund_visibility),
	ROW(K_COMMUNITY, p_fund_iter),
	ROW(K_COMMUNITY, p_fund_report),
	WROW(K_COMMUNITY, p_hours_record),
	ROW(K_COMMUNITY, p_hours_report),
	ROW(K_COMMUNITY, p_health_json),
	WROW(K_COMMUNITY, p_health_threshold_set),
	ROW(K_COMMUNITY, p_health_threshold),
	WROW(K_COMMUNITY, p_health_threshold_reset),
	ROW(K_COMMUNITY, p_export),
	ROW(K_COMMUNITY, p_modlog_iter),
	WROW(K_COMMUNITY, p_silence),
	WROW(K_COMMUNITY, p_unsilence),
	WROW(K_COMMUNITY, p_set_erasure),
	ROW(K_COMMUNITY, p_erasure),
	ROW(K_COMMUNITY, p_rconfig),
	WROW(K_COMMUNITY, p_rconfig_set),
	WROW(K_COMMUNITY, p_kudos),
	ROW(K_COMMUNITY, p_kudos_iter),
	ROW(K_COMMUNITY, p_standing),
	WROW(K_COMMUNITY, p_trust_set),
	ROW(K_COMMUNITY, p_trust_can),
	ROW(K_COMMUNITY, p_ledger_iter),
	WROW(K_COMMUNITY, p_badge_give),
	ROW(K_COMMUNITY, p_badge_iter),
	ROW(K_COMMUNITY, p_leader_iter),
	ROW(K_COMMUNITY, p_verify),
	ROW(K_COMMUNITY, p_stats),
	ROW(K_COMMUNITY, p_search),
	WROW(K_COMMUNITY, p_follow_community),
	ROW(K_THREAD, p_thread_lookup),
	WROW(K_THREAD, p_thread_flag),
	WROW(K_THREAD, p_thread_state),
	WROW(K_THREAD, p_thread_read),
	WROW(K_THREAD, p_reply),
	ROW(K_THREAD, p_contrib_iter),
	WROW(K_THREAD, p_unaccept),
	ROW(K_THREAD, p_answer_lookup),
	WROW(K_THREAD, p_summarize),
	WROW(K_THREAD, p_link_from),
	WROW(K_THREAD, p_link_to),
	ROW(K_THREAD, p_link_iter),
	WROW(K_THREAD, p_follow_thread),
	WROW(K_THREAD, p_unfollow_thread),
	ROW(K_CONTRIB, p_contrib_lookup),
	WROW(K_CONTRIB, p_edit),
	ROW(K_CONTRIB, p_revision_iter),
	WROW(K_CONTRIB, p_flag_raise),
	WROW(K_CONTRIB, p_hide),
	WROW(K_CONTRIB, p_unhide),
	WROW(K_CONTRIB, p_redact),
	WROW(K_CONTRIB, p_vote),
	WROW(K_CONTRIB, p_vote_retract),
	ROW(K_CONTRIB, p_vote_lookup),
	WROW(K_CONTRIB, p_accept),
	WROW(K_CONTRIB, p_kudos_for),
	WROW(K_CONTRIB, p_badge_for),
	ROW(K_CONTRIB, p_reply_token),
	WROW(K_REPLY_TO, p_reply_to),
	WROW(K_TRANSLATION_OF, p_translation_of),
	ROW(K_EVENT, p_event_lookup),
	WROW(K_EVENT, p_event_update),
	WROW(K_EVENT, p_event_cancel),
	WROW(K_EVENT, p_rsvp),
	WROW(K_EVENT, p_attend),
	ROW(K_EVENT, p_event_ics),
	WROW(K_EVENT, p_fund_for_event),
	WROW(K_FUND, p_fund_receive),
	ROW(K_FUND, p_fund_lookup),
	WROW(K_FLAG, p_flag_resolve),
};
#define NPATHS (sizeof(paths) / sizeof(paths[0]))

/* ---- the checks --------------------------------------------------------- */

/* What the erased member has in the store, as the system: her follows,
 * the events she answered and her memberships' statuses (writes that
 * neither count nor log, which the counts below would miss). */
static void erased_print(cop_store *s, char *buf, size_t n)
{
	const char *const comms[3] = { W.pub, W.priv, W.inv };
	cop_follow_iter *fi = NULL;
	cop_event_iter *ei = NULL;
	cop_follow *f = NULL;
	cop_event *e = NULL;
	int follows = 0, events = 0, i;
	size_t len;

	TU_OK(s, cop_follow_iter_new(&fi, s, erased, NULL));
	while (cop_follow_iter_next(&f, fi) == COP_OK) {
		follows++;
		cop_follow_free(f);
	}
	cop_follow_iter_free(fi);
	TU_OK(s, cop_member_event_iter_new(&ei, s, erased, NULL));
	while (cop_event_iter_next(&e, ei) == COP_OK) {
		events++;
		cop_event_free(e);
	}
	cop_event_iter_free(ei);
	snprintf(buf, n, " erin: follows=%d events=%d memberships=", follows,
		events);
	for (i = 0; i < 3; i++) {
		cop_membership *ms = NULL;
		int rc = cop_membership_lookup(&ms, s, comms[i], erased);

		len = strlen(buf);
		snprintf(buf + len, n - len, "%s%s", i ? "," : "",
			rc == COP_OK ? cop_membership_status_name(
			cop_membership_status_get(ms)) : tu_ename(rc));
		cop_membership_free(ms);
	}
}

/* The store's fingerprint, as the system: its counts, the change log's
 * last sequence and what the erased member has. */
static void fingerprint(cop_store *s, char *buf, size_t n)
{
	cop_stats st = COP_STATS_INIT;
	tu_idbuf saved;
	size_t len;

	tu_as_system(s, saved);
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	snprintf(buf, n, "m=%lld c=%lld t=%lld x=%lld vu=%lld vd=%lld "
		"aa=%lld b=%lld log=%lld", (long long)st.members,
		(long long)st.communities, (long long)st.threads,
		(long long)st.contributions, (long long)st.votes_up,
		(long long)st.votes_down, (long long)st.accepted_answers,
		(long long)st.badges_awarded, (long long)cop_log_last_seq(s));
	len = strlen(buf);
	erased_print(s, buf + len, n - len);
	tu_as_restore(s, saved);
}

/* The id of kind @p k in @p o. */
static const char *object_id(const objects *o, int k)
{
	switch (k) {
	case K_COMMUNITY: return o->community;
	case K_THREAD: return o->thread;
	case K_EVENT: return o->event;
	case K_FUND: return o->fund;
	case K_FLAG: return o->flag;
	default: return o->contrib;
	}
}

/* Whether @p msg names an id of the world's. */
static const char *names_an_id(const char *msg)
{
	const tu_idbuf *const ids[] = { &W.owner, &W.facil, &W.core,
		&W.member, &W.outsider, &W.banned, &W.silenced, &W.pub,
		&W.priv, &W.inv, &W.pub_thread, &W.pub_post, &W.priv_thread,
		&W.priv_post, &W.inv_thread, &W.inv_post, &gone, &erased,
		&suspended };
	size_t i;
	int sc;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (tu_contains(msg, *ids[i]))
			return *ids[i];
	for (sc = 0; sc < NSCOPES; sc++) {
		const objects *o = &O[sc];
		const char *const oid[] = { o->thread, o->post, o->contrib,
			o->event, o->fund, o->flag };

		for (i = 0; i < sizeof(oid) / sizeof(oid[0]); i++)
			if (*oid[i] && tu_contains(msg, oid[i]))
				return oid[i];
	}
	return NULL;
}

typedef struct outcome {
	int rc;
	char msg[512];
	char before[256], after[256];
} outcome;

/* Run row @p r with @p id as actor @p a, in a batch rolled back after. */
static void run(cop_store *s, const row *r, const char *id, const objects *o,
	int a, outcome *out)
{
	TU_OK(s, cop_batch_begin(s));
	fingerprint(s, out->before, sizeof(out->before));
	act(s, a);
	out->rc = r->fn(s, id, o);
	snprintf(out->msg, sizeof(out->msg), "%s",
		out->rc == COP_OK ? "" : cop_errmsg(s));
	tu_as(s, NULL);
	fingerprint(s, out->after, sizeof(out->after));
	TU_OK(s, cop_batch_rollback(s));
}

/* Every row, every actor, against the objects of scope @p sc: each
 * failure printed, then their number asserted to be none. */
static void matrix(int sc)
{
	cop_store *s = tu_store;
	size_t i;
	int a, failures = 0;

#define FAIL(...) do { printf("# %s as %s, %s: ", r->name, \
	actor_names[a], scope_names[sc]); printf(__VA_ARGS__); \
	printf("\n"); fflush(stdout); failures++; } while (0)
	for (i = 0; i < NPATHS; i++) {
		const row *r = &paths[i];
		const char *id = object_id(&O[sc], r->kind);

		for (a = 0; a < NACTORS; a++) {
			outcome got, none;
			const char *named;

			run(s, r, id, &O[sc], a, &got);
			run(s, r, unknown_id, &O[sc], a, &none);
			if (a == A_ANONYMOUS && strcmp(got.before, got.after))
				FAIL("the anonymous viewer changed the store "
					"(%s): %s / %s", tu_ename(got.rc),
					got.before, got.after);
			else if (a == A_ERASED && (strcmp(got.before,
			    got.after) || (r->writes && got.rc == COP_OK)))
				FAIL("an erased member's write was not refused "
					"(%s): %s / %s", tu_ename(got.rc),
					got.before, got.after);
			else if (got.rc != COP_OK &&
			    strcmp(got.before, got.after))
				FAIL("refused (%s: %s) but changed the store: "
					"%s / %s", tu_ename(got.rc), got.msg,
					got.before, got.after);
			if (sees(a, sc, r->kind, r->asks)) {
				if (got.rc == COP_ENOTFOUND &&
				    !strcmp(got.msg, none.msg))
					FAIL("refused as missing (%s) what the "
						"actor sees", got.msg);
				continue;
			}
			/* Refused exactly as an unknown id: COP_ENOTFOUND,
			 * or what refuses the call before any object is
			 * looked at (the actor may not post in the thread
			 * a reply_to is checked in, say). */
			if (got.rc == COP_OK || got.rc != none.rc ||
			    strcmp(got.msg, none.msg))
				FAIL("not refused as missing: %s \"%s\", an "
					"unknown id: %s \"%s\"",
					tu_ename(got.rc), got.msg,
					tu_ename(none.rc), none.msg);
			else if ((named = names_an_id(got.msg)) != NULL)
				FAIL("the refusal \"%s\" names %s", got.msg,
					named);
		}
	}
#undef FAIL
	ck_assert_msg(failures == 0, "%d failures in the %s (listed in "
		"the log)", failures, scope_names[sc]);
}

/* Row @p r run with @p id as actor @p a (scope S_PUB's objects for the
 * community), asserting code @p code, and, when it is refused, that the
 * store did not change; @p missing: refused exactly as an unknown id. */
static void named(const row *r, int a, const char *id, int code,
	int missing)
{
	outcome got, none;

	run(tu_store, r, id, &O[S_PUB], a, &got);
	ck_assert_msg(got.rc == code, "%s as %s naming %s: %s (%s), not %s",
		r->name, actor_names[a], id, tu_ename(got.rc), got.msg,
		tu_ename(code));
	if (got.rc != COP_OK)
		ck_assert_msg(!strcmp(got.before, got.after), "%s: refused "
			"but changed the store", r->name);
	if (!missing)
		return;
	run(tu_store, r, unknown_id, &O[S_PUB], a, &none);
	ck_assert_msg(none.rc == got.rc && !strcmp(none.msg, got.msg),
		"%s naming %s: \"%s\", an unknown id: \"%s\"", r->name, id,
		got.msg, none.msg);
	ck_assert_msg(!names_an_id(got.msg), "\"%s\" names an id", got.msg);
}

/* A badge awarded by hand, and kudos, name what they are for: it is
 * there, of the right kind, in the same community, seen by the actor;
 * anything else is refused as missing, and changes nothing. */
START_TEST(test_named_objects)
{
	static const row badge = { "badge_for", K_CONTRIB, p_badge_for, 0, 1 };
	static const row kudos = { "kudos_for", K_CONTRIB, p_kudos_for, 0, 1 };
	static const row attendee = { "badge_give", K_COMMUNITY,
		p_badge_give, 0, 1 };
	static const row to_otto = { "badge_to_otto", K_COMMUNITY,
		p_badge_to_otto, 0, 1 };
	static const row to_gone = { "badge_to_gone", K_COMMUNITY,
		p_badge_to_gone, 0, 1 };
	/* The call, its actor, what it names, the code it gives, and
	 * whether that is the refusal of an unknown id. */
	static const struct {
		const row *r;
		int a;
		const char *id;
		int want, missing;
	} cases[] = {
		/* A facilitator of pub (and of priv) awards cora's answer;
		 * not one of another community, nor an id of another kind. */
		{ &badge, A_FACIL, unknown_id, COP_ENOTFOUND, 1 },
		{ &badge, A_FACIL, O[S_PRIV].contrib, COP_ENOTFOUND, 1 },
		{ &badge, A_FACIL, O[S_INV].contrib, COP_ENOTFOUND, 1 },
		{ &badge, A_FACIL, O[S_PUB].event, COP_ENOTFOUND, 1 },
		{ &badge, A_FACIL, O[S_PUB].thread, COP_ENOTFOUND, 1 },
		{ &badge, A_FACIL, O[S_PUB].flag, COP_ENOTFOUND, 1 },
		/* A first post, not by cora: refused as such (fred sees it). */
		{ &badge, A_FACIL, O[S_PUB].post, COP_EINVAL, 0 },
		{ &badge, A_FACIL, O[S_PUB].contrib, COP_OK, 0 },
		/* A member may not award, whatever is named. */
		{ &badge, A_MEMBER, O[S_PUB].contrib, COP_EPERM, 0 },
		{ &badge, A_OUTSIDER, O[S_PRIV].contrib, COP_EPERM, 0 },
		/* Badges for members of the community only: not otto, in
		 * no community, not gail, who left them all: neither is
		 * seen by a facilitator, so both are refused as missing
		 * (test_member_paths compares with an unknown member). */
		{ &to_otto, A_FACIL, W.pub, COP_ENOTFOUND, 0 },
		{ &to_gone, A_FACIL, W.pub, COP_ENOTFOUND, 0 },
		{ &attendee, A_FACIL, W.pub, COP_OK, 0 },
		/* Mia thanks cora for an answer she sees, and for none
		 * other. */
		{ &kudos, A_MEMBER, O[S_PUB].contrib, COP_OK, 0 },
		{ &kudos, A_MEMBER, unknown_id, COP_ENOTFOUND, 1 },
		{ &kudos, A_MEMBER, O[S_HIDDEN_CONTRIB].contrib, COP_ENOTFOUND,
		  1 },
		{ &kudos, A_MEMBER, O[S_HIDDEN_THREAD].contrib, COP_ENOTFOUND,
		  1 },
		{ &kudos, A_MEMBER, O[S_PRIV].contrib, COP_ENOTFOUND, 1 },
		{ &kudos, A_MEMBER, O[S_PUB].event, COP_ENOTFOUND, 1 },
		/* Cora's hidden answer, thanked by someone who sees it. */
		{ &kudos, A_OWNER, O[S_HIDDEN_CONTRIB].contrib, COP_OK, 0 },
		/* Not cora's: refused as such. */
		{ &kudos, A_MEMBER, O[S_PUB].post, COP_EINVAL, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		named(cases[i].r, cases[i].a, cases[i].id, cases[i].want,
			cases[i].missing);
}
END_TEST

/* The paths that name a member (@p id; @p o unused: the public
 * community's objects). */
static int m_lookup(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_member, cop_member_lookup(&o_, s, id)); }
static int m_kudos_to(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_kudos, cop_kudos_give(&o_, s, W.pub, id, NULL,
	"Thanks")); }
static int m_badge_to(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_badge_award_give(s, W.pub, id,
	COP_BADGE_EVENT_ATTENDEE, NULL); }
static int m_standing(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_standing, cop_standing_lookup(&o_, s, W.pub, id)); }
static int m_trust_set(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_trust_set(s, W.pub, id, 2); }
static int m_kudos_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_kudos, cop_kudos_iter_new(&it_, s, W.pub, id, NULL)); }
static int m_ledger_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_ledger, cop_ledger_iter_new(&it_, s, W.pub, id,
	NULL)); }
static int m_badge_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_badge, cop_badge_iter_new(&it_, s, W.pub, id, NULL)); }
static int m_follow_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_follow, cop_follow_iter_new(&it_, s, id, NULL)); }
static int m_invite(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_membership, cop_community_invite(&o_, s, W.priv, id)); }
static int m_join(cop_store *s, const char *id, const objects *o)
{ (void)o; OBJ(cop_membership, cop_community_join(&o_, s, W.pub, id, 0)); }
static int m_hours(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_hours_record(s, W.pub, id, NULL, 1.0, NULL); }
static int m_export(cop_store *s, const char *id, const objects *o)
{ (void)o; return cop_member_export_json(s, id, null_fd); }
static int m_author_iter(cop_store *s, const char *id, const objects *o)
{ (void)o; ITER(cop_contribution, cop_contribution_iter_by_author(&it_,
	s, id, NULL)); }

#define MROW(fn) { #fn + 2, -1, fn, 0, 0 }
#define MWROW(fn) { #fn + 2, -1, fn, 0, 1 }
static const row member_paths[] = {
	MROW(m_lookup), MWROW(m_kudos_to), MWROW(m_badge_to),
	MROW(m_standing), MWROW(m_trust_set), MROW(m_kudos_iter),
	MROW(m_ledger_iter), MROW(m_badge_iter), MROW(m_follow_iter),
	MWROW(m_invite), MWROW(m_join), MWROW(m_hours), MROW(m_export),
	MROW(m_author_iter),
};

/* Every path naming a member, as every actor, naming every member: one
 * the actor may not see is refused exactly as an id no member has (the
 * same code and message, no id in it, nothing changed); and a member
 * looked up by handle likewise, as a handle nobody has. */
START_TEST(test_member_paths)
{
	cop_store *s = tu_store;
	size_t i;
	int a, t, failures = 0;

	members_make(s);
#define FAIL(...) do { printf("# %s as %s naming %s: ", name, \
	actor_names[a], target_id(t)); printf(__VA_ARGS__); printf("\n"); \
	fflush(stdout); failures++; } while (0)
	for (a = 0; a < NACTORS; a++) {
		tu_as(s, NULL);
		for (t = 0; t < NTARGETS; t++) {
			const char *name;
			outcome got, none;

			for (i = 0; i < sizeof(member_paths) /
					sizeof(member_paths[0]); i++) {
				const row *r = &member_paths[i];
				const char *named;

				name = r->name;
				run(s, r, target_id(t), &O[S_PUB], a, &got);
				run(s, r, unknown_id, &O[S_PUB], a, &none);
				if (got.rc != COP_OK &&
				    strcmp(got.before, got.after))
					FAIL("refused (%s) but changed the "
						"store", got.msg);
				else if (a == A_ERASED && (strcmp(got.before,
				    got.after) || (r->writes &&
				    got.rc == COP_OK)))
					FAIL("an erased member's write was "
						"not refused (%s): %s / %s",
						tu_ename(got.rc), got.before,
						got.after);
				if (sees_member(a, t)) {
					if (!strcmp(got.msg, "no such member"))
						FAIL("refused as missing a "
							"member the actor "
							"sees");
					continue;
				}
				if (got.rc != none.rc ||
				    strcmp(got.msg, none.msg))
					FAIL("not refused as missing: %s "
						"\"%s\", an unknown id: %s "
						"\"%s\"", tu_ename(got.rc),
						got.msg, tu_ename(none.rc),
						none.msg);
				else if (((named = names_an_id(got.msg)) &&
				    strcmp(named, actor_id(a))) ||
				    (named = tu_contains(got.msg, pia) ? pia :
				    tu_contains(got.msg, ivy) ? ivy : NULL))
					FAIL("the refusal \"%s\" names %s",
						got.msg, named);
			}
			/* By handle: as a handle nobody has. */
			{
				cop_member *m = NULL, *n = NULL;
				char handle[80], msg[512];
				int rc, rc_none;

				name = "lookup_by_handle";
				tu_as(s, NULL);
				TU_OK(s, cop_member_lookup(&m, s,
					target_id(t)));
				snprintf(handle, sizeof(handle), "%s",
					cop_member_handle(m));
				cop_member_free(m);
				m = NULL;
				act(s, a);
				rc = cop_member_lookup_by_handle(&m, s, handle);
				snprintf(msg, sizeof(msg), "%s", rc == COP_OK ?
					"" : cop_errmsg(s));
				rc_none = cop_member_lookup_by_handle(&n, s,
					"nobody-here");
				if (sees_member(a, t)) {
					if (rc != COP_OK || strcmp(
					    cop_member_id(m), target_id(t)))
						FAIL("%s: %s", tu_ename(rc),
							msg);
				} else if (rc != rc_none || strcmp(msg,
				    cop_errmsg(s)) || tu_contains(msg,
				    handle)) {
					FAIL("by handle %s: %s \"%s\", a "
						"handle nobody has: %s \"%s\"",
						handle, tu_ename(rc), msg,
						tu_ename(rc_none),
						cop_errmsg(s));
				}
				cop_member_free(m);
				cop_member_free(n);
				tu_as(s, NULL);
			}
		}
	}
#undef FAIL
	ck_assert_msg(failures == 0, "%d failures (listed in the log)",
		failures);
}
END_TEST

/* The member listing, as every actor, yields exactly the members the
 * actor sees: none they may not, none missing. */
START_TEST(test_member_listing)
{
	cop_store *s = tu_store;
	int a, t, failures = 0;

	members_make(s);
	for (a = 0; a < NACTORS; a++) {
		int listed[NTARGETS] = { 0 };
		cop_member_iter *it = NULL;
		cop_member *m = NULL;
		int rc;

		act(s, a);
		TU_OK(s, cop_member_iter_new(&it, s, NULL));
		while ((rc = cop_member_iter_next(&m, it)) == COP_OK) {
			for (t = 0; t < NTARGETS; t++)
				if (!strcmp(cop_member_id(m), target_id(t)))
					break;
			if (t == NTARGETS) {
				printf("# members as %s: an unknown member "
					"%s\n", actor_names[a],
					cop_member_handle(m));
				failures++;
			} else {
				listed[t]++;
			}
			cop_member_free(m);
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		cop_member_iter_free(it);
		for (t = 0; t < NTARGETS; t++)
			if (listed[t] != sees_member(a, t)) {
				printf("# members as %s: %s listed %d times, "
					"seen: %d\n", actor_names[a],
					target_id(t), listed[t],
					sees_member(a, t));
				failures++;
			}
		tu_as(s, NULL);
	}
	fflush(stdout);
	ck_assert_msg(failures == 0, "%d failures (listed in the log)",
		failures);
}
END_TEST

/* The listings of threads, contributions, events, flags, the funding
 * ledger and search, as every actor: each yields what the actor sees by
 * the rule (sees(), restated from visibility.h), all of it, and nothing
 * else. */
START_TEST(test_listing_contents)
{
	cop_store *s = tu_store;
	const char *const comms[3] = { W.pub, W.priv, W.inv };
	const int scope_of[3] = { S_PUB, S_PRIV, S_INV };
	cop_search_options so = COP_SEARCH_OPTIONS_INIT;
	int a, sc, c, failures = 0;
	got_ids got;
	size_t n;

	for (a = 0; a < NACTORS; a++) {
		act(s, a);
		for (c = 0; c < 3; c++) {
			const char *cid = comms[c];
			int cs = scope_of[c];
			want w[16];
			size_t nw = 0;
			const char *const world_thread[3] = { W.pub_thread,
				W.priv_thread, W.inv_thread };

			/* Threads: the world's and the scopes' in it. */
			w[nw].id = world_thread[c];
			w[nw++].seen = sees(a, cs, K_THREAD, 0);
			for (sc = 0; sc < NSCOPES; sc++)
				if (!strcmp(O[sc].community, cid) &&
				    sc != S_HIDDEN_CONTRIB) {
					w[nw].id = O[sc].thread;
					w[nw++].seen = sees(a, sc, K_THREAD, 0);
				}
			COLLECT(cop_thread_iter, cop_thread,
				cop_thread_iter_new(&it_, s, cid, NULL),
				cop_thread_id);
			failures += contents("threads", a, got, n, w, nw);
			/* Events and, to moderators, flags and the funding
			 * ledger. */
			nw = 0;
			for (sc = 0; sc < NSCOPES; sc++)
				if (!strcmp(O[sc].community, cid)) {
					w[nw].id = O[sc].event;
					w[nw++].seen = sees(a, sc, K_EVENT, 0);
				}
			COLLECT(cop_event_iter, cop_event,
				cop_event_iter_new(&it_, s, cid,
				COP_EVENTS_UPCOMING, NULL), cop_event_id);
			failures += contents("events", a, got, n, w, nw);
			nw = 0;
			for (sc = 0; sc < NSCOPES; sc++)
				if (!strcmp(O[sc].community, cid)) {
					w[nw].id = O[sc].fund;
					w[nw++].seen = sees(a, sc, K_FUND, 0);
				}
			COLLECT(cop_fund_iter, cop_fund_entry,
				cop_fund_iter_new(&it_, s, cid, NULL),
				cop_fund_entry_id);
			failures += contents("funding", a, got, n, w, nw);
			nw = 0;
			for (sc = 0; sc < NSCOPES; sc++)
				if (!strcmp(O[sc].community, cid)) {
					w[nw].id = O[sc].flag;
					w[nw++].seen = moderates(a) &&
						sees(a, sc, K_FLAG, 0);
				}
			COLLECT(cop_flag_iter, cop_flag,
				cop_flag_iter_new(&it_, s, cid, COP_FLAG_OPEN,
				NULL), cop_flag_id);
			failures += contents("flags", a, got, n, w, nw);
		}
		/* Each scope's thread's contributions: its first post, cora's
		 * answer; the public question also holds the hidden answer. */
		for (sc = 0; sc < NSCOPES; sc++) {
			want w[3];
			size_t nw = 0;

			if (sc == S_HIDDEN_CONTRIB)
				continue;
			w[nw].id = O[sc].post;
			w[nw++].seen = sees(a, sc, K_THREAD, 0);
			w[nw].id = O[sc].contrib;
			w[nw++].seen = sees(a, sc, K_CONTRIB, 0);
			if (sc == S_PUB) {
				w[nw].id = O[S_HIDDEN_CONTRIB].contrib;
				w[nw++].seen = sees(a, S_HIDDEN_CONTRIB,
					K_CONTRIB, 0);
			}
			COLLECT(cop_contribution_iter, cop_contribution,
				cop_contribution_iter_new(&it_, s, O[sc].thread,
				NULL), cop_contribution_id);
			failures += contents("contributions", a, got, n, w, nw);
		}
		/* Search, store-wide: "share" is in every scope's question
		 * (its title, with its first post). */
		{
			want w[NSCOPES];
			size_t nw = 0;

			for (sc = 0; sc < NSCOPES; sc++)
				if (sc != S_HIDDEN_CONTRIB) {
					w[nw].id = O[sc].post;
					w[nw++].seen = sees(a, sc, K_THREAD, 0);
				}
			so.limit = 50;
			COLLECT(cop_search_iter, cop_search_hit,
				cop_search_iter_new(&it_, s, "share", &so),
				cop_search_hit_contribution_id);
			failures += contents("search", a, got, n, w, nw);
		}
		tu_as(s, NULL);
	}
	ck_assert_msg(failures == 0, "%d failures (listed in the log)",
		failures);
}
END_TEST

/* Kudos (cora's, for her answer of every scope, from olga), the links of the
 * public welcome thread (to the public question and to the hidden one)
 * and the counts of each community, as every actor: what the actor sees
 * by the rule, all of it, and nothing else. */
START_TEST(test_listing_contents_recognition)
{
	cop_store *s = tu_store;
	const char *const comms[3] = { W.pub, W.priv, W.inv };
	const int scope_of[3] = { S_PUB, S_PRIV, S_INV };
	tu_idbuf kudos[NSCOPES];
	int a, sc, c, failures = 0;
	got_ids got;
	size_t n;

	tu_as(s, W.owner);
	for (sc = 0; sc < NSCOPES; sc++) {
		cop_kudos *k = NULL;

		TU_OK(s, cop_kudos_give(&k, s, O[sc].community, W.core,
			O[sc].contrib, "Thank you"));
		snprintf(kudos[sc], sizeof(kudos[sc]), "%s", cop_kudos_id(k));
		cop_kudos_free(k);
	}
	tu_as(s, NULL);
	TU_OK(s, cop_thread_link(s, W.pub_thread, O[S_PUB].thread,
		COP_LINK_RELATED));
	TU_OK(s, cop_thread_link(s, W.pub_thread, O[S_HIDDEN_THREAD].thread,
		COP_LINK_RELATED));
	for (a = 0; a < NACTORS; a++) {
		act(s, a);
		for (c = 0; c < 3; c++) {
			cop_stats st = COP_STATS_INIT;
			int64_t threads, contribs;
			want w[NSCOPES];
			size_t nw = 0;
			int cs = scope_of[c], rc;

			for (sc = 0; sc < NSCOPES; sc++)
				if (!strcmp(O[sc].community, comms[c])) {
					w[nw].id = kudos[sc];
					w[nw++].seen = sees(a, sc, K_CONTRIB, 0);
				}
			COLLECT(cop_kudos_iter, cop_kudos,
				cop_kudos_iter_new(&it_, s, comms[c], W.core,
				NULL), cop_kudos_id);
			failures += contents("kudos", a, got, n, w, nw);
			/* The counts: a community not seen is not there. */
			rc = cop_stats_lookup(&st, s, comms[c]);
			if (!sees_community(a, cs)) {
				if (rc != COP_ENOTFOUND) {
					printf("# stats as %s of %s: %s\n",
						actor_names[a], comms[c],
						tu_ename(rc));
					failures++;
				}
				continue;
			}
			threads = sees(a, cs, K_THREAD, 0);
			contribs = sees(a, cs, K_THREAD, 0);
			for (sc = 0; sc < NSCOPES; sc++) {
				if (strcmp(O[sc].community, comms[c]))
					continue;
				if (sc != S_HIDDEN_CONTRIB) {
					threads += sees(a, sc, K_THREAD, 0);
					contribs += sees(a, sc, K_THREAD, 0);
				}
				contribs += sees(a, sc, K_CONTRIB, 0);
			}
			if (rc != COP_OK || st.threads != threads ||
			    st.contributions != contribs) {
				printf("# stats as %s of %s: %s, %lld threads "
					"(%lld seen), %lld contributions "
					"(%lld seen)\n", actor_names[a],
					comms[c], tu_ename(rc),
					(long long)st.threads,
					(long long)threads,
					(long long)st.contributions,
					(long long)contribs);
				failures++;
			}
		}
		{
			want w[2];

			w[0].id = O[S_PUB].thread;
			w[0].seen = sees(a, S_PUB, K_THREAD, 0);
			w[1].id = O[S_HIDDEN_THREAD].thread;
			w[1].seen = sees(a, S_HIDDEN_THREAD, K_THREAD, 0);
			COLLECT(cop_link_iter, cop_link,
				cop_link_iter_new(&it_, s, W.pub_thread),
				cop_link_target_id);
			failures += contents("links", a, got, n, w, 2);
		}
		tu_as(s, NULL);
	}
	fflush(stdout);
	ck_assert_msg(failures == 0, "%d failures (listed in the log)",
		failures);
}
END_TEST

START_TEST(test_public)
{
	matrix(S_PUB);
}
END_TEST

START_TEST(test_private)
{
	matrix(S_PRIV);
}
END_TEST

START_TEST(test_invite_only)
{
	matrix(S_INV);
}
END_TEST

START_TEST(test_hidden_thread)
{
	matrix(S_HIDDEN_THREAD);
}
END_TEST

START_TEST(test_hidden_contribution)
{
	matrix(S_HIDDEN_CONTRIB);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_public, test_private,
		test_invite_only, test_hidden_thread, test_hidden_contribution,
		test_named_objects, test_member_paths, test_member_listing,
		test_listing_contents, test_listing_contents_recognition };

	return matrix_run("permission_matrix", tests,
		sizeof(tests) / sizeof(tests[0]));
}
