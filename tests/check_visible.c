/*
 * check_visible.c: every listing, count and ledger shows only what the
 * actor may see (issue 17): a hidden thread of a public community, and
 * what hangs on it (kudos, ledger entries, badges, links, change-log
 * entries, counts), is seen by its moderators and the system only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

TU_WORLD_FIXTURE(W)

/* The hidden thread of pub (by cora, hidden by fred), its first post,
 * the vote olga cast on it, the kudos olga gave for it, and a visible
 * kudos olga gave cora for nothing in particular; cora's reply R in
 * pub_thread, which olga up-voted too. */
static tu_idbuf H, HP, VOTE, KUDOS, R;

static void hidden_setup(void)
{
	cop_store *s;
	cop_kudos *k = NULL;
	cop_ledger_iter *it = NULL;
	cop_ledger_entry *e = NULL;

	setup();
	s = tu_store;
	tu_as(s, W.core);
	tu_thread(s, H, HP, "pub", COP_THREAD_QUESTION, "Quiet plans",
		"A question not everybody should read");
	tu_contrib(s, R, W.pub_thread, COP_CONTRIB_REPLY, NULL, "In the open");
	tu_as(s, W.owner);
	TU_OK(s, cop_vote_cast(s, HP, COP_VOTE_UP));
	TU_OK(s, cop_vote_cast(s, R, COP_VOTE_UP));
	TU_OK(s, cop_kudos_give(&k, s, "pub", W.core, HP, "For the quiet one"));
	strcpy(KUDOS, cop_kudos_id(k));
	cop_kudos_free(k);
	TU_OK(s, cop_kudos_give(NULL, s, "pub", W.core, NULL, "For being here"));
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_link(s, W.pub_thread, H, COP_LINK_RELATED));
	TU_OK(s, cop_thread_set_flag(s, H, COP_THREAD_FLAG_HIDDEN, 1));
	/* The vote's id, from cora's ledger as the system sees it. */
	tu_as(s, NULL);
	VOTE[0] = '\0';
	TU_OK(s, cop_ledger_iter_new(&it, s, "pub", W.core, NULL));
	while (cop_ledger_iter_next(&e, it) == COP_OK) {
		if (cop_ledger_entry_reason(e) == COP_REP_UPVOTE)
			strcpy(VOTE, cop_ledger_entry_object_id(e));
		cop_ledger_entry_free(e);
	}
	cop_ledger_iter_free(it);
	ck_assert_str_ne(VOTE, "");
}

/* Whether @p id is one of the hidden thread's objects. */
static int on_hidden(const char *id)
{
	return id && (!strcmp(id, H) || !strcmp(id, HP) ||
		!strcmp(id, VOTE) || !strcmp(id, KUDOS));
}

/* Kudos cora received in pub as the actor sees them: how many, and how
 * many for the hidden post. */
static void kudos_seen(cop_store *s, int *all, int *hidden)
{
	cop_kudos_iter *it = NULL;
	cop_kudos *k = NULL;
	cop_page pg = COP_PAGE_INIT;
	int rc;

	*all = *hidden = 0;
	pg.limit = 1;   /* a page at a time: the cursor goes past none */
	for (;;) {
		TU_OK(s, cop_kudos_iter_new(&it, s, "pub", W.core, &pg));
		rc = cop_kudos_iter_next(&k, it);
		if (rc == COP_ITEROVER) {
			cop_kudos_iter_free(it);
			break;
		}
		ck_assert_int_eq(rc, COP_OK);
		(*all)++;
		*hidden += on_hidden(cop_kudos_contribution_id(k)) ||
			on_hidden(cop_kudos_id(k));
		cop_kudos_free(k);
		free((char *)pg.after);
		pg.after = strdup(cop_kudos_iter_cursor(it));
		cop_kudos_iter_free(it);
	}
	free((char *)pg.after);
}

/* Cora's ledger entries in pub as the actor sees them, and how many are
 * on the hidden thread. */
static void ledger_seen(cop_store *s, int *all, int *hidden)
{
	cop_ledger_iter *it = NULL;
	cop_ledger_entry *e = NULL;

	*all = *hidden = 0;
	TU_OK(s, cop_ledger_iter_new(&it, s, "pub", W.core, NULL));
	while (cop_ledger_iter_next(&e, it) == COP_OK) {
		(*all)++;
		*hidden += on_hidden(cop_ledger_entry_object_id(e));
		cop_ledger_entry_free(e);
	}
	cop_ledger_iter_free(it);
}

static int links_seen(cop_store *s)
{
	cop_link_iter *it = NULL;
	cop_link *l = NULL;
	int n = 0;

	TU_OK(s, cop_link_iter_new(&it, s, W.pub_thread));
	while (cop_link_iter_next(&l, it) == COP_OK) {
		ck_assert_str_eq(cop_link_target_id(l), H);
		n++;
		cop_link_free(l);
	}
	cop_link_iter_free(it);
	return n;
}

/* Log entries about the hidden thread's objects the actor reads. */
static int log_hidden(cop_store *s)
{
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	int n = 0;

	TU_OK(s, cop_log_iter_new(&it, s, 0, 0));
	while (cop_log_iter_next(&e, it) == COP_OK) {
		n += on_hidden(cop_log_entry_object_id(e));
		cop_log_entry_free(e);
	}
	cop_log_iter_free(it);
	return n;
}

START_TEST(test_kudos)
{
	/* The system and the community's moderators see both kudos; a
	 * plain member, an outsider and cora herself (not a moderator) only
	 * the one that is not for the hidden post. */
	static const struct { const char *who; int all, hidden; } want[] = {
		{ NULL, 2, 1 }, { W.facil, 2, 1 }, { W.member, 1, 0 },
		{ W.outsider, 1, 0 }, { W.core, 1, 0 } };
	cop_store *s = tu_store;
	int all, hidden;
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		tu_as(s, want[i].who);
		kudos_seen(s, &all, &hidden);
		ck_assert_int_eq(all, want[i].all);
		ck_assert_int_eq(hidden, want[i].hidden);
	}
}
END_TEST

START_TEST(test_ledger)
{
	cop_store *s = tu_store;
	int all_sys, all, hidden;

	tu_as(s, NULL);
	ledger_seen(s, &all_sys, &hidden);
	/* The up-vote on the hidden post. */
	ck_assert_int_eq(hidden, 1);
	tu_as(s, W.facil);
	ledger_seen(s, &all, &hidden);
	ck_assert_int_eq(all, all_sys);
	tu_as(s, W.member);
	ledger_seen(s, &all, &hidden);
	ck_assert_int_eq(hidden, 0);
	ck_assert_int_eq(all, all_sys - 1);   /* the up-vote on R */
	ck_assert_int_gt(all, 0);
}
END_TEST

START_TEST(test_links)
{
	cop_store *s = tu_store;

	tu_as(s, NULL);
	ck_assert_int_eq(links_seen(s), 1);
	tu_as(s, W.facil);
	ck_assert_int_eq(links_seen(s), 1);
	tu_as(s, W.member);
	ck_assert_int_eq(links_seen(s), 0);
	tu_as(s, W.outsider);
	ck_assert_int_eq(links_seen(s), 0);
	/* Shown again: listed again. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, H, COP_THREAD_FLAG_HIDDEN, 0));
	tu_as(s, W.member);
	ck_assert_int_eq(links_seen(s), 1);
}
END_TEST

START_TEST(test_log)
{
	cop_store *s = tu_store;

	tu_as(s, NULL);
	/* The thread, its post, the vote, the kudos, the link, the hiding. */
	ck_assert_int_ge(log_hidden(s), 4);
	tu_as(s, W.facil);
	ck_assert_int_eq(log_hidden(s), log_hidden(s));
	ck_assert_int_ge(log_hidden(s), 4);
	tu_as(s, W.member);
	ck_assert_int_eq(log_hidden(s), 0);
	tu_as(s, W.outsider);
	ck_assert_int_eq(log_hidden(s), 0);
}
END_TEST

/* The vote entries of the change log the actor reads, into *votes, and
 * how many of them name the voter (the owner, who voted for R and HP). */
static int log_voters(cop_store *s, int *votes)
{
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	const char *a;
	int named = 0;

	*votes = 0;
	TU_OK(s, cop_log_iter_new(&it, s, 0, 0));
	while (cop_log_iter_next(&e, it) == COP_OK) {
		if (!strncmp(cop_log_entry_op(e), "vote.", 5)) {
			(*votes)++;
			a = cop_log_entry_actor_id(e);
			named += a && !strcmp(a, W.owner);
		}
		cop_log_entry_free(e);
	}
	cop_log_iter_free(it);
	return named;
}

/* Who voted shows in the change log to the voter, the community's
 * moderators and the system only; a member reads the vote on R with no
 * actor. */
START_TEST(test_log_voters)
{
	cop_store *s = tu_store;
	int votes;

	tu_as(s, NULL);
	ck_assert_int_eq(log_voters(s, &votes), 2);
	ck_assert_int_eq(votes, 2);
	tu_as(s, W.owner);
	ck_assert_int_eq(log_voters(s, &votes), 2);
	tu_as(s, W.facil);
	ck_assert_int_eq(log_voters(s, &votes), 2);
	tu_as(s, W.member);
	ck_assert_int_eq(log_voters(s, &votes), 0);
	ck_assert_int_eq(votes, 1);
}
END_TEST

/* Counts of @p community (NULL: the store) as the actor sees them. */
static cop_stats stats_of(cop_store *s, const char *community)
{
	cop_stats st = COP_STATS_INIT;

	TU_OK(s, cop_stats_lookup(&st, s, community));
	return st;
}

START_TEST(test_stats)
{
	cop_store *s = tu_store;
	cop_stats sys, st;

	tu_as(s, NULL);
	sys = stats_of(s, "pub");
	/* A moderator of pub counts what the system counts there. */
	tu_as(s, W.facil);
	st = stats_of(s, "pub");
	ck_assert_int_eq(memcmp(&st, &sys, sizeof(st)), 0);
	/* A plain member does not count the hidden thread, its post, the
	 * vote on it. */
	tu_as(s, W.member);
	st = stats_of(s, "pub");
	ck_assert_int_eq(st.threads, sys.threads - 1);
	ck_assert_int_eq(st.questions, sys.questions - 1);
	ck_assert_int_eq(st.contributions, sys.contributions - 1);
	ck_assert_int_eq(st.votes_up, sys.votes_up - 1);
	ck_assert_int_eq(st.members, sys.members);
	ck_assert_int_eq(st.communities, 1);
	/* Store-wide: the system counts everything; an outsider only the
	 * public community, its members and themself, and not the hidden
	 * thread. */
	tu_as(s, NULL);
	sys = stats_of(s, NULL);
	ck_assert_int_eq(sys.communities, 3);
	tu_as(s, W.outsider);
	st = stats_of(s, NULL);
	ck_assert_int_eq(st.communities, 1);
	ck_assert_int_eq(st.threads, 1);   /* pub_thread */
	ck_assert_int_lt(st.contributions, sys.contributions);
	ck_assert_int_lt(st.votes_up, sys.votes_up);
	ck_assert_int_lt(st.members, sys.members);
	tu_as(s, W.member);
	st = stats_of(s, NULL);
	ck_assert_int_eq(st.communities, 3);
	ck_assert_int_eq(st.threads, sys.threads - 1);
	/* A member no one shares a community with, alone, is counted by
	 * the system and by themself only. */
	{
		tu_idbuf loner;
		tu_as(s, NULL);
		tu_member(s, loner, "loner");
		ck_assert_int_eq(stats_of(s, NULL).members, sys.members + 1);
		tu_as(s, W.member);
		ck_assert_int_eq(stats_of(s, NULL).members, st.members);
		tu_as(s, loner);
		ck_assert_int_eq(stats_of(s, NULL).communities, 1);
		ck_assert_int_eq(stats_of(s, NULL).threads, 1);
	}
}
END_TEST

/* The hits of @p q as the actor sees them, "contribution score" lines
 * in order, into @p buf. */
static void hits_of(cop_store *s, const char *q, char *buf, size_t n)
{
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	size_t used = 0;

	buf[0] = '\0';
	TU_OK(s, cop_search_iter_new(&it, s, q, NULL));
	while (cop_search_iter_next(&h, it) == COP_OK) {
		used += (size_t)snprintf(buf + used, n - used, "%s %.17g\n",
			cop_search_hit_contribution_id(h),
			cop_search_hit_score(h));
		ck_assert_uint_lt(used, n);
		cop_search_hit_free(h);
	}
	cop_search_iter_free(it);
}

/* A member who guesses a word a private text holds cannot confirm it by
 * comparing scores: a hit's score and the order of hits come from the
 * rows the reader sees, whatever else holds the word. */
START_TEST(test_search_rank)
{
	cop_store *s = tu_store;
	tu_idbuf t, p;
	char before[2048], after[2048], sys1[2048], sys2[2048];
	int i;

	tu_as(s, W.member);
	tu_thread(s, t, p, "pub", COP_THREAD_DISCUSSION, "Spices",
		"Is zanzibarian pepper any good for a compost heap");
	tu_thread(s, t, p, "pub", COP_THREAD_DISCUSSION, "More spices",
		"A long note on zanzibarian cloves and zanzibarian pepper, "
		"with other words around them to make it longer than the first");
	/* Otto, an outsider, sees pub only. */
	tu_as(s, W.outsider);
	hits_of(s, "zanzibarian", before, sizeof(before));
	ck_assert_str_ne(before, "");
	tu_as(s, NULL);
	hits_of(s, "zanzibarian", sys1, sizeof(sys1));
	/* The private community's texts hold the word, many times. */
	tu_as(s, W.owner);
	for (i = 0; i < 12; i++)
		tu_contrib(s, p, W.priv_thread, COP_CONTRIB_ANSWER, NULL,
			"zanzibarian zanzibarian: the secret ingredient");
	tu_as(s, W.outsider);
	hits_of(s, "zanzibarian", after, sizeof(after));
	ck_assert_str_eq(after, before);
	/* Nor do a hidden thread's texts change what he sees. */
	tu_as(s, W.core);
	tu_thread(s, t, p, "pub", COP_THREAD_DISCUSSION, "Hidden spices",
		"zanzibarian zanzibarian zanzibarian");
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, t, COP_THREAD_FLAG_HIDDEN, 1));
	tu_as(s, W.outsider);
	hits_of(s, "zanzibarian", after, sizeof(after));
	ck_assert_str_eq(after, before);
	/* The system's ranking still weighs the whole index. */
	tu_as(s, NULL);
	hits_of(s, "zanzibarian", sys2, sizeof(sys2));
	ck_assert_str_ne(sys2, sys1);
}
END_TEST

/* 1 when the actor's member listing, a page of two at a time, holds
 * @p id; the count in *n. */
static int lists_member(cop_store *s, const char *id, int *n)
{
	cop_member_iter *it = NULL;
	cop_member *m = NULL;
	cop_page pg = COP_PAGE_INIT;
	int found = 0, got;

	*n = 0;
	pg.limit = 2;
	do {
		TU_OK(s, cop_member_iter_new(&it, s, &pg));
		for (got = 0; cop_member_iter_next(&m, it) == COP_OK; got++) {
			found |= !strcmp(cop_member_id(m), id);
			(*n)++;
			cop_member_free(m);
		}
		free((char *)pg.after);
		pg.after = cop_member_iter_cursor(it) ?
			strdup(cop_member_iter_cursor(it)) : NULL;
		cop_member_iter_free(it);
	} while (got == 2 && pg.after);
	free((char *)pg.after);
	return found;
}

/* The member directory: a member is seen by the system, by themself, by
 * those who share a community with them, and by everyone when they are
 * in a public community. */
START_TEST(test_members)
{
	cop_store *s = tu_store;
	tu_idbuf loner, pia;
	int n_sys, n;

	tu_as(s, NULL);
	tu_member(s, loner, "loner");
	tu_member(s, pia, "pia");
	TU_OK(s, cop_community_join(NULL, s, "priv", pia, 0));
	ck_assert_int_eq(lists_member(s, loner, &n_sys), 1);
	ck_assert_int_eq(lists_member(s, pia, &n), 1);
	/* Otto, in no community, sees pub's members and himself. */
	tu_as(s, W.outsider);
	ck_assert_int_eq(lists_member(s, pia, &n), 0);
	ck_assert_int_eq(lists_member(s, loner, &n), 0);
	ck_assert_int_eq(lists_member(s, W.outsider, &n), 1);
	ck_assert_int_eq(lists_member(s, W.member, &n), 1);
	/* Not loner, pia, nor ben (banned everywhere: a membership that no
	 * longer sees its community is no longer shared). */
	ck_assert_int_eq(lists_member(s, W.banned, &n), 0);
	ck_assert_int_eq(n, n_sys - 3);
	/* Mia shares priv with pia. */
	tu_as(s, W.member);
	ck_assert_int_eq(lists_member(s, pia, &n), 1);
	ck_assert_int_eq(lists_member(s, loner, &n), 0);
	ck_assert_int_eq(lists_member(s, W.outsider, &n), 0);
	ck_assert_int_eq(n, n_sys - 3);   /* loner, otto, ben */
	tu_as(s, loner);
	ck_assert_int_eq(lists_member(s, loner, &n), 1);
	ck_assert_int_eq(lists_member(s, pia, &n), 0);
	/* Pia leaves: no one but the system and she sees her now. */
	tu_as(s, pia);
	TU_OK(s, cop_community_leave(s, "priv", pia));
	ck_assert_int_eq(lists_member(s, pia, &n), 1);
	tu_as(s, W.member);
	ck_assert_int_eq(lists_member(s, pia, &n), 0);
}
END_TEST

static Suite *visible_suite(void)
{
	Suite *s = suite_create("visible");
	TCase *tc;

	tc = tu_tcase(s, "hidden thread", hidden_setup, teardown);
	tcase_add_test(tc, test_kudos);
	tcase_add_test(tc, test_ledger);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_log);
	tcase_add_test(tc, test_log_voters);
	tcase_add_test(tc, test_stats);
	tcase_add_test(tc, test_search_rank);
	tcase_add_test(tc, test_members);
	return s;
}

int main(void)
{
	return tu_run(visible_suite());
}
