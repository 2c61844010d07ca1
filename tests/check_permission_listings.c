/*
 * check_permission_listings.c: the permission matrix's listings, checked
 * for what they contain (issue 17; docs/privacy.md, "What a reader
 * sees"), for the listings check_permission_matrix.c does not hold: a
 * community's memberships and a member's, the recognition ledger,
 * badges and the change log.
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
			nw = 0;
			for (sc = 0; sc < NSCOPES; sc++)
				if (!strcmp(O[sc].community, cid)) {
					w[nw].id = O[sc].contrib;
					w[nw++].seen = sees(a, sc, K_CONTRIB, 0);
				}
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
 * to those who see that member. */
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

int main(void)
{
	Suite *su = suite_create("permission_listings");
	TCase *tc = tu_tcase(su, "listings", matrix_setup, matrix_teardown);

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_memberships);
	tcase_add_test(tc, test_ledger_badges);
	tcase_add_test(tc, test_log);
	return tu_run(su);
}
