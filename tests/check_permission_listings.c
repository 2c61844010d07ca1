/*
 * check_permission_listings.c: the permission matrix's listings, checked
 * for what they contain (issue 17; docs/privacy.md, "What a reader
 * sees"), for the listings check_permission_matrix.c does not hold: a
 * community's memberships and a member's, the recognition ledger,
 * badges, the change log, notifications, tags, a thread's history,
 * leaderboards (and the points on them), the events a member answered,
 * hours and follows.
 *
 * Each test adds to the matrix's world (matrix.h) what its listing
 * lists, as the system, then lists as every actor of enum actor and
 * asserts that the listing yields exactly what the actor sees by the
 * rule of libcop/visibility.h, restated in matrix.c (sees(),
 * sees_member()): every id it yields is one the actor sees, and every
 * one the actor sees is there.  A listing the actor may not read at all
 * yields nothing.
 *
 * The store is the one COP_TEST_URI names (testutil.h): the suite runs on
 * SQLite and on PostgreSQL.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

static const int scope_of[3] = { S_PUB, S_PRIV, S_INV };

static const char *community_of(int c)
{
	return c == 0 ? W.pub : c == 1 ? W.priv : W.inv;
}

#define CHECK_NONE(failures) ck_assert_msg((failures) == 0, \
	"%d failures (listed in the log)", (failures))

/* ---- memberships --------------------------------------------------------- */

/* Whether member @p t has a membership of community @p c (0 pub, 1 priv,
 * 2 inv) of any status, and which (@p status). */
static int has_membership(int t, int c, cop_membership_status *status)
{
	*status = COP_MEMBERSHIP_ACTIVE;
	switch (t) {
	case T_OTTO:
		return 0;
	case T_BEN:
		*status = COP_MEMBERSHIP_BANNED;
		return 1;
	case T_SID:
		*status = COP_MEMBERSHIP_SILENCED;
		return 1;
	case T_GAIL: case T_ERIN:
		*status = COP_MEMBERSHIP_LEFT;
		return 1;
	case T_PIA:
		return c == 1;
	case T_IVY:
		return c == 2;
	case T_INA:
		*status = COP_MEMBERSHIP_INVITED;
		return c == 1;
	case T_REX:
		*status = COP_MEMBERSHIP_PENDING;
		return c == 2;
	default:
		return 1;
	}
}

/* Whether actor @p a sees member @p t's membership (@p status) of a
 * community of scope @p sc it sees: one that shows its member (active
 * or silenced) is seen by all who see the community; a request, an
 * invitation or a ban only by those who manage it (its moderators), the
 * member and the system; one left is not listed (community.h). */
static int sees_membership(int a, int t, int sc, cop_membership_status st)
{
	if (!sees_community(a, sc) || st == COP_MEMBERSHIP_LEFT)
		return 0;
	if (st == COP_MEMBERSHIP_ACTIVE || st == COP_MEMBERSHIP_SILENCED)
		return 1;
	return moderates(a) || (a != A_SYSTEM && a != A_ANONYMOUS &&
		!strcmp(actor_id(a), target_id(t)));
}

/* A community's memberships (cop_membership_iter_new) and each member's
 * membership of it (cop_membership_lookup), as every actor: exactly the
 * memberships the actor sees; a member the actor may not see has none
 * to them. */
START_TEST(test_memberships)
{
	cop_store *s = tu_store;
	int a, c, t, failures = 0;
	got_ids got;
	size_t n;

	members_make(s);
	for (a = 0; a < NACTORS; a++) {
		act(s, a);
		for (c = 0; c < 3; c++) {
			want w[NTARGETS];
			size_t nw = 0;

			for (t = 0; t < NTARGETS; t++) {
				cop_membership_status st;
				cop_membership *ms = NULL;
				int rc, seen;

				if (!has_membership(t, c, &st))
					continue;
				w[nw].id = target_id(t);
				w[nw++].seen = sees_membership(a, t,
					scope_of[c], st);
				/* The member's membership, looked up: there
				 * when the actor sees the community and the
				 * member, whatever its status (a left one
				 * too: the member's past). */
				seen = sees_community(a, scope_of[c]) &&
					sees_member(a, t);
				rc = cop_membership_lookup(&ms, s,
					community_of(c), target_id(t));
				if ((rc == COP_OK) != seen || (rc == COP_OK &&
				    cop_membership_status_get(ms) != st)) {
					printf("# membership of %s in %s as "
						"%s: %s, seen: %d\n",
						target_id(t), community_of(c),
						actor_names[a], tu_ename(rc),
						seen);
					failures++;
				}
				cop_membership_free(ms);
			}
			COLLECT(cop_membership_iter, cop_membership,
				cop_membership_iter_new(&it_, s,
				community_of(c), NULL),
				cop_membership_member_id);
			failures += contents("memberships", a, got, n, w, nw);
		}
		tu_as(s, NULL);
	}
	CHECK_NONE(failures);
}
END_TEST

/* ---- the recognition ledger and badges ----------------------------------- */

/* Fred's up-vote of cora's answer of every scope, and a nice-answer
 * badge for each: the vote ids into @p votes. */
static void votes_make(cop_store *s, tu_idbuf votes[NSCOPES])
{
	int sc;

	for (sc = 0; sc < NSCOPES; sc++) {
		cop_ledger_iter *it = NULL;
		cop_ledger_entry *e = NULL;

		tu_as(s, W.facil);
		TU_OK(s, cop_vote_cast(s, O[sc].contrib, COP_VOTE_UP));
		tu_as(s, NULL);
		TU_OK(s, cop_badge_award_give(s, O[sc].community, W.core,
			COP_BADGE_NICE_ANSWER, O[sc].contrib));
		/* The vote's id: the newest of cora's ledger entries. */
		TU_OK(s, cop_ledger_iter_new(&it, s, O[sc].community, W.core,
			NULL));
		TU_OK(s, cop_ledger_iter_next(&e, it));
		ck_assert_int_eq(cop_ledger_entry_reason(e), COP_REP_UPVOTE);
		snprintf(votes[sc], sizeof(votes[sc]), "%s",
			cop_ledger_entry_object_id(e));
		cop_ledger_entry_free(e);
		cop_ledger_iter_free(it);
		tu_tick(s, 1000);
	}
}

/* A badge's contribution; "" for one of none (dropped: drop_none()). */
static const char *badge_object(const cop_badge_award *b)
{
	const char *id = cop_badge_award_object_id(b);

	return id ? id : "";
}

/* Drop the "" ids from @p got (@p n of them). */
static void drop_none(got_ids got, size_t *n)
{
	size_t i, k = 0;

	for (i = 0; i < *n; i++)
		if (*got[i])
			memmove(got[k++], got[i], sizeof(got[0]));
	*n = k;
}

/* Cora's ledger and badges in each community, as every actor: the
 * entries for the votes on her answers and the badges for them that the
 * actor sees (those on an answer the actor sees), all of them and
 * nothing else; and who voted (fred) only to the system, the
 * community's moderators and fred: not to cora, whose ledger it is. */
START_TEST(test_ledger_badges)
{
	cop_store *s = tu_store;
	tu_idbuf votes[NSCOPES];
	int a, c, sc, failures = 0;
	got_ids got;
	size_t n;

	votes_make(s, votes);
	for (a = 0; a < NACTORS; a++) {
		act(s, a);
		for (c = 0; c < 3; c++) {
			const char *cid = community_of(c);
			want w[NSCOPES];
			size_t nw = 0;
			cop_ledger_iter *it = NULL;
			cop_ledger_entry *e = NULL;
			int voters = 0, shown = 0;

			for (sc = 0; sc < NSCOPES; sc++)
				if (!strcmp(O[sc].community, cid)) {
					w[nw].id = votes[sc];
					w[nw++].seen = sees(a, sc, K_CONTRIB, 0);
				}
			n = 0;
			if (cop_ledger_iter_new(&it, s, cid, W.core, NULL) ==
			    COP_OK)
				while (n < MAXGOT && cop_ledger_iter_next(&e,
				    it) == COP_OK) {
					if (cop_ledger_entry_reason(e) ==
					    COP_REP_UPVOTE) {
						snprintf(got[n++],
							sizeof(got[0]), "%s",
							cop_ledger_entry_object_id(e));
						shown++;
						voters += cop_ledger_entry_actor_id(
							e) && !strcmp(
							cop_ledger_entry_actor_id(
							e), W.facil);
					}
					cop_ledger_entry_free(e);
				}
			cop_ledger_iter_free(it);
			failures += contents("cora's ledger", a, got, n, w, nw);
			if (voters != (moderates(a) ? shown : 0)) {
				printf("# cora's ledger in %s as %s names the "
					"voter in %d of %d entries\n", cid,
					actor_names[a], voters, shown);
				failures++;
			}
			/* Badges: the same answers'. */
			nw = scope_wants(w, a, cid, offsetof(objects, contrib),
				K_CONTRIB);
			COLLECT(cop_badge_iter, cop_badge_award,
				cop_badge_iter_new(&it_, s, cid, W.core, NULL),
				badge_object);
			drop_none(got, &n);
			failures += contents("cora's badges", a, got, n, w, nw);
		}
		tu_as(s, NULL);
	}
	CHECK_NONE(failures);
}
END_TEST

/* ---- the change log ------------------------------------------------------- */

/* One entry of the log as the system reads it. */
typedef struct entry {
	int64_t seq;
	char op[40], object[40], community[40];
} entry;

#define MAXLOG 512

/* The log as the current actor reads it, into @p e: the number read. */
static size_t log_read(cop_store *s, entry *e)
{
	cop_log_iter *it = NULL;
	cop_log_entry *x = NULL;
	size_t n = 0;
	int rc;

	TU_OK(s, cop_log_iter_new(&it, s, 0, 0));
	while ((rc = cop_log_iter_next(&x, it)) == COP_OK) {
		ck_assert_uint_lt(n, MAXLOG);
		e[n].seq = cop_log_entry_seq(x);
		snprintf(e[n].op, sizeof(e[n].op), "%s", cop_log_entry_op(x));
		snprintf(e[n].object, sizeof(e[n].object), "%s",
			cop_log_entry_object_id(x) ? cop_log_entry_object_id(x) :
			"");
		snprintf(e[n].community, sizeof(e[n].community), "%s",
			cop_log_entry_community_id(x) ?
			cop_log_entry_community_id(x) : "");
		n++;
		cop_log_entry_free(x);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_log_iter_free(it);
	return n;
}

/* Whether actor @p a sees entry @p e, by the rule restated: an entry
 * about a community the actor does not see, or about a thread or
 * contribution (or a flag on one) hidden from it, is not shown; one of
 * no community about a member (created, changed, suspended, erased) only
 * to those who see that member; one of a flag or the funding ledger only
 * to those who moderate. */
static int sees_entry(int a, const entry *e)
{
	int sc, c, t;

	if (!*e->community) {
		for (t = 0; t < NTARGETS; t++)
			if (!strcmp(e->object, target_id(t)))
				return sees_member(a, t);
		return 1;
	}
	for (c = 0; c < 3; c++)
		if (!strcmp(e->community, community_of(c)) &&
		    !sees_community(a, scope_of[c]))
			return 0;
	/* Flags, and the funding ledger (the world leaves it to the
	 * moderators): only to those who moderate. */
	if ((!strncmp(e->op, "flag.", 5) || !strncmp(e->op, "fund.", 5)) &&
	    !moderates(a))
		return 0;
	for (sc = S_HIDDEN_THREAD; sc < NSCOPES; sc++) {
		const objects *o = &O[sc];

		if (sc == S_HIDDEN_THREAD && (!strcmp(e->object, o->thread) ||
		    !strcmp(e->object, o->post)))
			return sees(a, sc, K_THREAD, 0);
		if (!strcmp(e->object, o->contrib) ||
		    !strcmp(e->object, o->flag))
			return sees(a, sc, K_CONTRIB, 0);
	}
	return 1;
}

/* The change log as every actor reads it: exactly the system's entries
 * the actor sees (sees_entry()), in its order, numbered 1, 2, ... for
 * anyone but the system, cop_log_last_seq() their number; and the same,
 * entry for entry and number for number, after something the actor may
 * not see happened (a reply in the hidden thread, one in the private
 * community). */
START_TEST(test_log)
{
	cop_store *s = tu_store;
	static entry all[MAXLOG], mine[MAXLOG], again[MAXLOG];
	size_t nall, n, m, i, k;
	int a, failures = 0;

	members_make(s);
	tu_as(s, NULL);
	nall = log_read(s, all);
	for (a = 0; a < NACTORS; a++) {
		act(s, a);
		n = log_read(s, mine);
		/* The actor's entries are the system's it reads, in order:
		 * walk both. */
		for (i = 0, k = 0; i < nall; i++) {
			int seen = sees_entry(a, &all[i]), got_it = k < n &&
				!strcmp(mine[k].op, all[i].op) &&
				!strcmp(mine[k].object, all[i].object) &&
				!strcmp(mine[k].community, all[i].community);

			if (got_it != seen) {
				printf("# log as %s: %s %s %s (%s)\n",
					actor_names[a], got_it ? "yields" :
					"misses", all[i].op, all[i].object,
					got_it ? "which it may not see" :
					"which it sees");
				failures++;
			}
			if (!got_it)
				continue;
			if (mine[k].seq != (a == A_SYSTEM ? all[i].seq :
			    (int64_t)k + 1)) {
				printf("# log as %s: entry %zu numbered "
					"%lld\n", actor_names[a], k + 1,
					(long long)mine[k].seq);
				failures++;
			}
			k++;
		}
		if (k != n || cop_log_last_seq(s) != (a == A_SYSTEM ?
		    all[nall - 1].seq : (int64_t)n)) {
			printf("# log as %s: %zu entries, %zu of them the "
				"system's, last %lld\n", actor_names[a], n, k,
				(long long)cop_log_last_seq(s));
			failures++;
		}
		/* What the actor may not see changes nothing it reads: a
		 * reply in the hidden thread, one in the private
		 * community. */
		if (!sees(a, S_HIDDEN_THREAD, K_THREAD, 0) ||
		    !sees_community(a, S_PRIV)) {
			tu_idbuf r;

			TU_OK(s, cop_batch_begin(s));
			tu_as(s, W.owner);
			if (!sees(a, S_HIDDEN_THREAD, K_THREAD, 0))
				tu_contrib(s, r, O[S_HIDDEN_THREAD].thread,
					COP_CONTRIB_ANSWER, NULL, "Unseen");
			if (!sees_community(a, S_PRIV))
				tu_contrib(s, r, O[S_PRIV].thread,
					COP_CONTRIB_ANSWER, NULL, "Unseen too");
			act(s, a);
			m = log_read(s, again);
			for (i = 0, k = m == n; k && i < n; i++)
				k = again[i].seq == mine[i].seq &&
					!strcmp(again[i].op, mine[i].op) &&
					!strcmp(again[i].object,
					mine[i].object);
			if (!k || cop_log_last_seq(s) != (int64_t)n) {
				printf("# log as %s: %zu entries after what "
					"it may not see, %zu before\n",
					actor_names[a], m, n);
				failures++;
			}
			tu_as(s, NULL);
			TU_OK(s, cop_batch_rollback(s));
		}
		tu_as(s, NULL);
	}
	fflush(stdout);
	CHECK_NONE(failures);
}
END_TEST

/* ---- what members do ------------------------------------------------------ */

/* Call @p fn with 0 to @p n - 1 as every actor that is a member (not the
 * system, not the anonymous viewer): whether each call succeeded into
 * @p ok (0 for the others). */
static void as_each_member(cop_store *s, int ok[NACTORS][NSCOPES], int n,
	int (*fn)(cop_store *s, int i))
{
	int a, i;

	memset(ok, 0, sizeof(int) * NACTORS * NSCOPES);
	for (a = 0; a < NACTORS; a++) {
		if (a == A_SYSTEM || a == A_ANONYMOUS)
			continue;
		act(s, a);
		for (i = 0; i < n; i++)
			ok[a][i] = fn(s, i) == COP_OK;
		tu_as(s, NULL);
	}
}

/* The actor follows community @p c (0 pub, 1 priv, 2 inv), watching. */
static int follow_community(cop_store *s, int c)
{
	return cop_follow_set(s, COP_FOLLOW_COMMUNITY, community_of(c), NULL,
		COP_FOLLOW_WATCHING);
}

/* The actor answers yes to the event of scope @p sc. */
static int answer_event(cop_store *s, int sc)
{
	return cop_event_rsvp(s, O[sc].event, COP_RSVP_YES, NULL);
}

/* ---- notifications -------------------------------------------------------- */

/* A notification's contribution; "" for one of none (a badge, kudos:
 * dropped, drop_none()). */
static const char *notification_contribution(const cop_notification *x)
{
	const char *id = cop_notification_contribution_id(x);

	return id ? id : "";
}

/* Each actor's own feed, as it reads it and as the system reads it for
 * it, after every member actor followed every community it could
 * (watching) and the owner replied to each scope's question (hidden
 * afterwards in the hidden contribution's scope): exactly the
 * notifications of contributions the actor sees now, and
 * cop_notification_count() their number.  Mia, who asked each question,
 * is notified of every reply to it, cora's answers of the world too. */
START_TEST(test_notifications)
{
	cop_store *s = tu_store;
	int follows[NACTORS][NSCOPES];
	tu_idbuf reply[NSCOPES];
	int a, c, sc, failures = 0, as_system;
	got_ids got;
	size_t n;

	as_each_member(s, follows, 3, follow_community);
	/* Those who see a community may follow it (but the suspended). */
	for (a = 0; a < NACTORS; a++)
		for (c = 0; c < 3; c++)
			if (a != A_SYSTEM && a != A_ANONYMOUS &&
			    a != A_SUSPENDED && a != A_ERASED &&
			    follows[a][c] != sees_community(a, scope_of[c])) {
				printf("# %s follows %s: %d\n", actor_names[a],
					community_of(c), follows[a][c]);
				failures++;
			}
	tu_as(s, W.owner);
	for (sc = 0; sc < NSCOPES; sc++)
		tu_contrib(s, reply[sc], O[sc].thread, COP_CONTRIB_ANSWER,
			NULL, "A reply");
	tu_as(s, NULL);
	TU_OK(s, cop_contribution_hide(s, reply[S_HIDDEN_CONTRIB],
		"Off topic"));
	for (a = 0; a < NACTORS; a++) {
		want w[2 * NSCOPES];
		size_t nw = 0;

		if (a == A_SYSTEM || a == A_ANONYMOUS)
			continue;
		for (sc = 0; sc < NSCOPES; sc++) {
			int cs = sc == S_PRIV ? 1 : sc == S_INV ? 2 : 0;
			/* The owner's hidden reply: moderators only. */
			int seen = sc == S_HIDDEN_CONTRIB ? moderates(a) :
				sees(a, sc, K_THREAD, 0);

			/* An erased member's feed went with them. */
			w[nw].id = reply[sc];
			w[nw++].seen = seen && a != A_OWNER && a != A_ERASED &&
				(follows[a][cs] || a == A_MEMBER);
			if (a == A_MEMBER) {
				w[nw].id = O[sc].contrib;
				w[nw++].seen = sees(a, sc, K_CONTRIB, 0);
			}
		}
		for (as_system = 0; as_system < 2; as_system++) {
			const char *who = as_system ? actor_id(a) : NULL;
			uint64_t count = 0;
			size_t total;

			if (as_system)
				tu_as(s, NULL);
			else
				act(s, a);
			COLLECT(cop_notification_iter, cop_notification,
				cop_notification_iter_new(&it_, s, who, 0,
				NULL), notification_contribution);
			total = n;
			drop_none(got, &n);
			failures += contents(as_system ? "the feed, read by "
				"the system," : "the feed", a, got, n, w, nw);
			if (cop_notification_count(s, who, 0, &count) !=
			    COP_OK || count != total) {
				printf("# the feed's count as %s: %llu, %zu "
					"listed\n", actor_names[a],
					(unsigned long long)count, total);
				failures++;
			}
		}
		tu_as(s, NULL);
	}
	fflush(stdout);
	CHECK_NONE(failures);
}
END_TEST

/* ---- tags ------------------------------------------------------------------- */

/* The public community's tags, as every actor, when "shared" tags the
 * public question and the hidden thread and "secret" only the hidden
 * thread: each tag's uses are the threads the actor sees (a tag no
 * thread the actor sees uses is listed with none), and the used count
 * (cop_tag_counts) the tags with a use the actor sees. */
START_TEST(test_tags)
{
	cop_store *s = tu_store;
	int a, failures = 0;

	TU_OK(s, cop_thread_edit(s, O[S_PUB].thread, NULL, "shared", NULL));
	TU_OK(s, cop_thread_edit(s, O[S_HIDDEN_THREAD].thread, NULL,
		"shared secret", NULL));
	for (a = 0; a < NACTORS; a++) {
		int hidden = sees(a, S_HIDDEN_THREAD, K_THREAD, 0);
		int64_t shared = -1, secret = -1, used = -1, described = -1;
		cop_tag_iter *it = NULL;
		cop_tag *tag = NULL;
		int listed = 0;

		act(s, a);
		TU_OK(s, cop_tag_iter_new(&it, s, W.pub, COP_TAGS_BY_NAME,
			NULL));
		while (cop_tag_iter_next(&tag, it) == COP_OK) {
			if (!strcmp(cop_tag_name(tag), "shared"))
				shared = cop_tag_uses(tag);
			else if (!strcmp(cop_tag_name(tag), "secret"))
				secret = cop_tag_uses(tag);
			listed++;
			cop_tag_free(tag);
		}
		cop_tag_iter_free(it);
		TU_OK(s, cop_tag_counts(s, W.pub, &used, &described));
		if (shared != 1 + hidden || (secret != hidden &&
		    !(secret == -1 && !hidden)) || used != 1 + hidden) {
			printf("# tags as %s: shared %lld, secret %lld, "
				"%lld used (%d listed); the hidden thread "
				"seen: %d\n", actor_names[a], (long long)shared,
				(long long)secret, (long long)used, listed,
				hidden);
			failures++;
		}
		tu_as(s, NULL);
	}
	fflush(stdout);
	CHECK_NONE(failures);
}
END_TEST

/* ---- a thread's history ------------------------------------------------------ */

/* Each scope's thread's history, as every actor: refused exactly as a
 * thread that does not exist to an actor who may not see the thread,
 * and all of it (as the system reads it) to one who does. */
START_TEST(test_thread_history)
{
	cop_store *s = tu_store;
	int a, sc, failures = 0;

	for (sc = 0; sc < NSCOPES; sc++)
		TU_OK(s, cop_thread_edit(s, O[sc].thread, "Retitled", NULL,
			"Clearer"));
	for (sc = 0; sc < NSCOPES; sc++) {
		size_t all;
		got_ids got;
		size_t n;

		if (sc == S_HIDDEN_CONTRIB)
			continue;
		tu_as(s, NULL);
		COLLECT(cop_thread_history_iter, cop_thread_change,
			cop_thread_history_iter_new(&it_, s, O[sc].thread,
			NULL), cop_thread_change_thread_id);
		all = n;
		ck_assert_uint_ge(all, 2);
		for (a = 0; a < NACTORS; a++) {
			cop_thread_history_iter *it = NULL;
			char msg[256], none_msg[256];
			int rc, rc_none;

			act(s, a);
			rc = cop_thread_history_iter_new(&it, s, O[sc].thread,
				NULL);
			snprintf(msg, sizeof(msg), "%s", rc == COP_OK ? "" :
				cop_errmsg(s));
			cop_thread_history_iter_free(it);
			it = NULL;
			rc_none = cop_thread_history_iter_new(&it, s,
				unknown_id, NULL);
			snprintf(none_msg, sizeof(none_msg), "%s",
				cop_errmsg(s));
			cop_thread_history_iter_free(it);
			COLLECT(cop_thread_history_iter, cop_thread_change,
				cop_thread_history_iter_new(&it_, s,
				O[sc].thread, NULL),
				cop_thread_change_thread_id);
			if (sees(a, sc, K_THREAD, 0) ? (rc != COP_OK ||
			    n != all) : (rc != rc_none || strcmp(msg,
			    none_msg) || n != 0)) {
				printf("# history of the %s's thread as %s: "
					"%s \"%s\", %zu of %zu entries; an "
					"unknown thread: %s \"%s\"\n",
					scope_names[sc], actor_names[a],
					tu_ename(rc), msg, n, all,
					tu_ename(rc_none), none_msg);
				failures++;
			}
			tu_as(s, NULL);
		}
	}
	fflush(stdout);
	CHECK_NONE(failures);
}
END_TEST

/* ---- leaderboards ------------------------------------------------------------ */

/* Each community's leaderboard (all time), as every actor, after fred
 * up-voted cora's answer of every scope and gail, back in the public
 * community for an answer that fred up-voted too, left it again: a
 * community the actor may not see has no board for it (refused exactly
 * as one that does not exist: a private community's totals never reach
 * an outsider's ranking), and a board names only members the actor sees
 * (cora; not gail, who is in no community now, but to herself and the
 * system). */
START_TEST(test_leaderboards)
{
	cop_store *s = tu_store;
	tu_idbuf votes[NSCOPES], answer;
	int a, c, failures = 0;
	got_ids got;
	size_t n;

	votes_make(s, votes);
	TU_OK(s, cop_community_join(NULL, s, W.pub, gone, 0));
	tu_as(s, gone);
	tu_contrib(s, answer, O[S_PUB].thread, COP_CONTRIB_ANSWER, NULL,
		"Mine");
	tu_as(s, W.facil);
	TU_OK(s, cop_vote_cast(s, answer, COP_VOTE_UP));
	tu_as(s, NULL);
	TU_OK(s, cop_community_leave(s, W.pub, gone));
	for (a = 0; a < NACTORS; a++) {
		act(s, a);
		for (c = 0; c < 3; c++) {
			want w[2];
			size_t nw = 0;
			cop_leader_iter *it = NULL;
			char msg[256];
			int rc, rc_none;

			rc = cop_leader_iter_new(&it, s, community_of(c), NULL,
				COP_PERIOD_ALL, 0, NULL);
			snprintf(msg, sizeof(msg), "%s", rc == COP_OK ? "" :
				cop_errmsg(s));
			cop_leader_iter_free(it);
			it = NULL;
			rc_none = cop_leader_iter_new(&it, s, unknown_id, NULL,
				COP_PERIOD_ALL, 0, NULL);
			cop_leader_iter_free(it);
			if (sees_community(a, scope_of[c]) ? rc != COP_OK :
			    (rc != rc_none || strcmp(msg, cop_errmsg(s)))) {
				printf("# the board of %s as %s: %s \"%s\"\n",
					community_of(c), actor_names[a],
					tu_ename(rc), msg);
				failures++;
			}
			w[nw].id = W.core;
			w[nw++].seen = sees_community(a, scope_of[c]);
			if (c == 0) {
				w[nw].id = gone;
				w[nw++].seen = a == A_SYSTEM || a == A_GONE;
			}
			COLLECT(cop_leader_iter, cop_leader,
				cop_leader_iter_new(&it_, s, community_of(c),
				NULL, COP_PERIOD_ALL, 0, NULL),
				cop_leader_member_id);
			failures += contents("the board", a, got, n, w, nw);
		}
		tu_as(s, NULL);
	}
	CHECK_NONE(failures);
}
END_TEST

/* The points of cora's ledger in community @p cid that the current
 * actor reads. */
static int64_t ledger_points(cop_store *s, const char *cid)
{
	cop_ledger_iter *it = NULL;
	cop_ledger_entry *e = NULL;
	int64_t sum = 0;
	int rc;

	TU_OK(s, cop_ledger_iter_new(&it, s, cid, W.core, NULL));
	while ((rc = cop_ledger_iter_next(&e, it)) == COP_OK) {
		sum += cop_ledger_entry_points(e);
		cop_ledger_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_ledger_iter_free(it);
	return sum;
}

/* After fred up-voted cora's answer of every scope (those of the hidden
 * thread and the hidden answer in pub among them), every actor who sees
 * a community reads there, on every period's board, cora's points as
 * the ledger a plain member (mia) reads gives them: the points of hidden
 * content show through no total, to anyone (docs/recognition.md,
 * "Hidden content"). */
START_TEST(test_board_points)
{
	cop_store *s = tu_store;
	tu_idbuf votes[NSCOPES];
	int a, c, p, failures = 0;

	votes_make(s, votes);
	for (c = 0; c < 3; c++) {
		int64_t plain, got;

		act(s, A_MEMBER);
		plain = ledger_points(s, community_of(c));
		for (a = 0; a < NACTORS; a++) {
			if (!sees_community(a, scope_of[c]))
				continue;
			act(s, a);
			for (p = COP_PERIOD_WEEK; p <= COP_PERIOD_ALL; p++) {
				got = tu_board_points(s, community_of(c), W.core,
					NULL, (cop_period)p, 0);
				if (got != plain) {
					printf("# cora's %s points in %s as %s: %lld, "
						"the ledger mia reads gives %lld\n",
						cop_period_name((cop_period)p),
						community_of(c), actor_names[a],
						(long long)got, (long long)plain);
					failures++;
				}
			}
		}
		tu_as(s, NULL);
	}
	CHECK_NONE(failures);
}
END_TEST

/* Whether actor @p a is an active member who may answer events (not
 * silenced, not suspended store-wide). */
static int answers_events(int a)
{
	return a == A_OWNER || a == A_FACIL || a == A_CORE || a == A_MEMBER;
}

/* ---- events' answers ---------------------------------------------------------- */

/* Every member actor that may answers yes to every scope's event it
 * sees; then, as every actor, each community's events carry the yes
 * answers of its members (counts as the community's: the events of a
 * community the actor may not see are not listed at all), and the
 * events a member answered (cop_member_event_iter_new, their own, or any
 * member's as the system) are those of the communities the reader sees;
 * and after mia left the private community, hers no longer hold its
 * event. */
START_TEST(test_rsvps)
{
	cop_store *s = tu_store;
	int answered[NACTORS][NSCOPES];
	int a, sc, failures = 0;
	got_ids got;
	size_t n;

	as_each_member(s, answered, NSCOPES, answer_event);
	for (a = 0; a < NACTORS; a++) {
		for (sc = 0; sc < NSCOPES; sc++) {
			int may = a != A_SYSTEM && a != A_ANONYMOUS &&
				sees(a, sc, K_EVENT, 0) && answers_events(a);

			if (answered[a][sc] != may) {
				printf("# %s answered the %s's event: %d\n",
					actor_names[a], scope_names[sc],
					answered[a][sc]);
				failures++;
			}
		}
	}
	for (a = 0; a < NACTORS; a++) {
		int pass;

		for (pass = 0; pass < 2; pass++) {
			want w[NSCOPES];
			size_t nw = 0;

			if (a == A_SYSTEM || a == A_ANONYMOUS)
				break;
			if (pass)
				tu_as(s, NULL);
			else
				act(s, a);
			for (sc = 0; sc < NSCOPES; sc++)
				if (answered[a][sc]) {
					w[nw].id = O[sc].event;
					w[nw++].seen = pass ||
						sees(a, sc, K_EVENT, 0);
				}
			COLLECT(cop_event_iter, cop_event,
				cop_member_event_iter_new(&it_, s, actor_id(a),
				NULL), cop_event_id);
			failures += contents(pass ? "the events answered, "
				"read by the system," : "the events answered",
				a, got, n, w, nw);
		}
		tu_as(s, NULL);
	}
	/* Mia leaves the private community: her answer there is no more
	 * hers to list, and the event is not listed to her. */
	TU_OK(s, cop_community_leave(s, W.priv, W.member));
	{
		want w[NSCOPES];

		act(s, A_MEMBER);
		for (sc = 0; sc < NSCOPES; sc++) {
			w[sc].id = O[sc].event;
			w[sc].seen = sc != S_PRIV;
		}
		COLLECT(cop_event_iter, cop_event,
			cop_member_event_iter_new(&it_, s, W.member, NULL),
			cop_event_id);
		failures += contents("the events answered, after leaving",
			A_MEMBER, got, n, w, NSCOPES);
		tu_as(s, NULL);
	}
	CHECK_NONE(failures);
}
END_TEST

/* ---- hours ------------------------------------------------------------------ */

/* Each community's hours by member, after the system recorded an hour
 * for every member with a membership there it could (active, silenced,
 * banned): the report is for its active and silenced members, its
 * moderators and the system (refused to anyone else), and its rows
 * name only the members the reader sees (not ben, banned, to anyone but
 * the moderators and the system). */
START_TEST(test_hours)
{
	cop_store *s = tu_store;
	int recorded[3][NTARGETS];
	int a, c, t, failures = 0;

	members_make(s);
	tu_as(s, NULL);
	for (c = 0; c < 3; c++)
		for (t = 0; t < NTARGETS; t++)
			recorded[c][t] = cop_hours_record(s, community_of(c),
				target_id(t), NULL, 1.0, NULL) == COP_OK;
	/* Gail left and erin was erased after their hours: they stay in
	 * the figures, named to the system only. */
	TU_OK(s, cop_community_join(NULL, s, W.pub, gone, 0));
	TU_OK(s, cop_hours_record(s, W.pub, gone, NULL, 2.0, "Before I go"));
	TU_OK(s, cop_community_leave(s, W.pub, gone));
	recorded[0][T_GAIL] = 1;
	for (a = 0; a < NACTORS; a++) {
		act(s, a);
		for (c = 0; c < 3; c++) {
			cop_hours_report *r = NULL;
			int rc, may;
			size_t i;

			may = a == A_SYSTEM || (a != A_ANONYMOUS &&
				a != A_BANNED && a != A_GONE &&
				a != A_ERASED && a != A_OUTSIDER);
			rc = cop_hours_report_lookup(&r, s, community_of(c),
				NULL, NULL, COP_HOURS_BY_MEMBER);
			if ((rc == COP_OK) != may) {
				printf("# hours of %s as %s: %s\n",
					community_of(c), actor_names[a],
					tu_ename(rc));
				failures++;
			}
			for (t = 0; rc == COP_OK && t < NTARGETS; t++) {
				int named = 0;

				for (i = 0; i < cop_hours_report_count(r); i++)
					named += !strcmp(target_id(t),
						cop_hours_report_member_id(r,
						i));
				/* A row for each member with hours that
				 * the actor sees, none for one it does
				 * not. */
				if (named > sees_member(a, t) ||
				    (recorded[c][t] && named !=
				    sees_member(a, t))) {
					printf("# hours of %s as %s name %s "
						"%d times, seen: %d\n",
						community_of(c), actor_names[a],
						target_id(t), named,
						sees_member(a, t));
					failures++;
				}
			}
			cop_hours_report_free(r);
		}
		tu_as(s, NULL);
	}
	fflush(stdout);
	CHECK_NONE(failures);
}
END_TEST

/* ---- follows ------------------------------------------------------------------ */

/* The actor follows the question thread of scope @p sc, watching. */
static int follow_thread(cop_store *s, int sc)
{
	return cop_follow_set(s, COP_FOLLOW_THREAD, O[sc].thread, NULL,
		COP_FOLLOW_WATCHING);
}

/* A follow's thread, or its community for a follow of a community. */
static const char *follow_target(const cop_follow *f)
{
	return cop_follow_thread_id(f) ? cop_follow_thread_id(f) :
		cop_follow_community_id(f);
}

/* Every member actor follows every community and every scope's thread
 * it may: exactly those it sees (but the suspended member, who may not
 * follow), and its follows, as it and the system list them, are those. */
START_TEST(test_follows)
{
	cop_store *s = tu_store;
	int comms[NACTORS][NSCOPES], threads[NACTORS][NSCOPES];
	int a, c, sc, pass, failures = 0;
	got_ids got;
	size_t n;

	as_each_member(s, comms, 3, follow_community);
	as_each_member(s, threads, NSCOPES, follow_thread);
	for (a = 0; a < NACTORS; a++) {
		want w[3 + NSCOPES];
		size_t nw = 0;
		int member = a != A_SYSTEM && a != A_ANONYMOUS &&
			a != A_SUSPENDED && a != A_ERASED;

		for (c = 0; c < 3; c++) {
			if (member && comms[a][c] !=
			    sees_community(a, scope_of[c])) {
				printf("# %s follows %s: %d\n", actor_names[a],
					community_of(c), comms[a][c]);
				failures++;
			}
			w[nw].id = community_of(c);
			w[nw++].seen = comms[a][c];
		}
		for (sc = 0; sc < NSCOPES; sc++) {
			/* The hidden contribution's scope shares the public
			 * question: one follow. */
			if (member && sc != S_HIDDEN_CONTRIB && threads[a][sc] !=
			    sees(a, sc, K_THREAD, 0)) {
				printf("# %s follows the %s's thread: %d\n",
					actor_names[a], scope_names[sc],
					threads[a][sc]);
				failures++;
			}
			if (sc == S_HIDDEN_CONTRIB)
				continue;
			w[nw].id = O[sc].thread;
			w[nw++].seen = threads[a][sc];
		}
		if (a == A_SYSTEM || a == A_ANONYMOUS)
			continue;
		for (pass = 0; pass < 2; pass++) {
			if (pass)
				tu_as(s, NULL);
			else
				act(s, a);
			COLLECT(cop_follow_iter, cop_follow,
				cop_follow_iter_new(&it_, s, actor_id(a), NULL),
				follow_target);
			failures += contents(pass ? "follows, read by the "
				"system," : "follows", a, got, n, w, nw);
		}
		tu_as(s, NULL);
	}
	CHECK_NONE(failures);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_memberships, test_ledger_badges,
		test_log, test_notifications, test_tags, test_thread_history,
		test_leaderboards, test_board_points, test_rsvps, test_hours,
		test_follows };

	return matrix_run("permission_listings", tests,
		sizeof(tests) / sizeof(tests[0]));
}
