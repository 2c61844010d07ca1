/*
 * check_digest.c: digests (include/cop/digest.h).  Every section's rule
 * on a community's week; the half-open period and the sent mark, so
 * that consecutive marked digests neither miss nor repeat an item (an
 * item made exactly at a digest's end is in the next one only) and the
 * change log; privacy (a private community's content never reaches an
 * outsider, a hidden thread or contribution never a member who may not
 * see it); who may read and mark whose digest; bad options; the
 * member's languages first; the renderings, member text unable to make
 * markup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cop/sys/alloc.h>
#include "testutil.h"

#define HOUR (3600000LL)
#define T1 (TU_T0 + HOUR)

static tu_world W;

static void setup(void)
{
	tu_store_setup();
	tu_world_make(tu_store, &W);
	TU_OK(tu_store, cop_store_set_time(tu_store, T1));
}

static void teardown(void)
{
	tu_store_teardown();
}

/* Options for [since, until) (0: the default). */
static cop_digest_options period(cop_time since, cop_time until)
{
	cop_digest_options o;

	cop_digest_options_init(&o);
	o.since = since;
	o.until = until;
	return o;
}

/* The index of the item of section @p k whose title (or, for kudos and
 * badges, member handle) is @p what, or -1. */
static int find(const cop_digest *d, cop_digest_section k, const char *what)
{
	const cop_digest_item *it;
	const char *v;
	size_t i;

	for (i = 0; (it = cop_digest_item_at(d, k, i)) != NULL; i++) {
		v = k == COP_DIGEST_KUDOS || k == COP_DIGEST_BADGES ?
			cop_digest_item_member_handle(it) :
			cop_digest_item_title(it);
		if (v && strcmp(v, what) == 0)
			return (int)i;
	}
	return -1;
}

/* Whether any item of any section of @p d is from community @p slug or
 * names thread or contribution @p id. */
static int mentions(const cop_digest *d, const char *slug, const char *id)
{
	const cop_digest_item *it;
	size_t i;
	int k;

	for (k = 0; k < COP_DIGEST_SECTIONS; k++)
		for (i = 0; (it = cop_digest_item_at(d, k, i)) != NULL; i++) {
			const char *t = cop_digest_item_thread_id(it);
			const char *c = cop_digest_item_contribution_id(it);
			if ((slug && strcmp(cop_digest_item_community_slug(it),
					slug) == 0) ||
			    (id && ((t && strcmp(t, id) == 0) ||
				    (c && strcmp(c, id) == 0))))
				return 1;
		}
	return 0;
}

/* The digest of @p name (a member when @p member, else a community)
 * over [since, until), read as @p who. */
static cop_digest *digest_of(cop_store *s, const char *who, int member,
	const char *name, cop_time since, cop_time until)
{
	cop_digest_options o = period(since, until);
	cop_digest *d = NULL;

	tu_as(s, who);
	TU_OK(s, member ? cop_digest_member(&d, s, name, &o) :
		cop_digest_community(&d, s, name, &o));
	ck_assert_ptr_nonnull(d);
	return d;
}
#define member_digest(s, who, m, since, until) \
	digest_of(s, who, 1, m, since, until)
#define community_digest(s, who, c, since, until) \
	digest_of(s, who, 0, c, since, until)

/* Every section on a week of pub. */
/* The helpful contributions are ranked first and read with the viewer's
 * rule a window at a time: with more hidden contributions at the top of
 * the ranking than a window holds (64 rows for a limit of 1), a member
 * still gets the first one they see, the system the first of all, and
 * no limit gives every one the viewer sees, in order. */
START_TEST(test_helpful_windows)
{
	enum { HIDDEN = 70 };
	cop_store *s = tu_store;
	tu_idbuf T, TP, C[HIDDEN + 2];
	cop_digest_options o = period(T1, 0);
	const cop_digest_item *it;
	cop_digest *d = NULL;
	int i;

	tu_as(s, W.owner);
	tu_thread(s, T, TP, "pub", COP_THREAD_DISCUSSION, "Many replies",
		"Reply below.");
	/* Replies made in order: their ids rank them among equal scores. */
	for (i = 0; i < HIDDEN + 2; i++) {
		tu_as(s, W.member);
		tu_tick(s, 10);
		tu_contrib(s, C[i], T, COP_CONTRIB_REPLY, NULL, "A reply");
		tu_as(s, W.core);
		TU_OK(s, cop_vote_cast(s, C[i], COP_VOTE_UP));
		if (i < HIDDEN) {
			tu_as(s, W.facil);
			TU_OK(s, cop_contribution_hide(s, C[i], "off topic"));
		}
	}
	tu_tick(s, 1000);

	o.limit = 1;
	tu_as(s, W.core);
	TU_OK(s, cop_digest_community(&d, s, "pub", &o));
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_HELPFUL), 1);
	it = cop_digest_item_at(d, COP_DIGEST_HELPFUL, 0);
	ck_assert_str_eq(cop_digest_item_contribution_id(it), C[HIDDEN]);
	ck_assert_int_eq(cop_digest_item_points(it), 1);
	ck_assert(!mentions(d, NULL, C[0]));
	cop_digest_free(d);
	tu_as(s, NULL);
	TU_OK(s, cop_digest_community(&d, s, "pub", &o));
	it = cop_digest_item_at(d, COP_DIGEST_HELPFUL, 0);
	ck_assert_str_eq(cop_digest_item_contribution_id(it), C[0]);
	cop_digest_free(d);
	o.limit = COP_DIGEST_LIMIT_MAX;
	tu_as(s, W.core);
	TU_OK(s, cop_digest_community(&d, s, "pub", &o));
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_HELPFUL), 2);
	it = cop_digest_item_at(d, COP_DIGEST_HELPFUL, 1);
	ck_assert_str_eq(cop_digest_item_contribution_id(it), C[HIDDEN + 1]);
	cop_digest_free(d);
}
END_TEST

START_TEST(test_sections)
{
	cop_store *s = tu_store;
	tu_idbuf D, DP, Q, QP, Q2, Q2P, A, SUM;
	const cop_digest_item *it;
	cop_digest *d;
	int i;

	tu_as(s, W.member);
	tu_thread(s, D, DP, "pub", COP_THREAD_DISCUSSION, "Garden tools",
		"Which spade?");
	tu_tick(s, 1000);
	tu_as(s, W.owner);
	tu_thread(s, Q, QP, "pub", COP_THREAD_QUESTION, "How do we start",
		"Where does one begin?");
	tu_as(s, W.member);
	tu_contrib(s, A, Q, COP_CONTRIB_ANSWER, NULL, "Begin with people.");
	tu_tick(s, 1000);
	tu_as(s, W.core);
	TU_OK(s, cop_vote_cast(s, A, COP_VOTE_UP));
	tu_as(s, W.facil);
	TU_OK(s, cop_vote_cast(s, A, COP_VOTE_HELPFUL));
	tu_tick(s, 1000);
	tu_as(s, W.owner);
	TU_OK(s, cop_answer_accept(s, A));
	tu_as(s, W.facil);
	tu_contrib(s, SUM, D, COP_CONTRIB_SUMMARY, NULL,
		"We agreed on spades.");
	TU_OK(s, cop_kudos_give(NULL, s, "pub", W.member, A, "Great answer"));
	tu_tick(s, 1000);
	tu_as(s, W.core);
	tu_thread(s, Q2, Q2P, "pub", COP_THREAD_QUESTION, "Who waters",
		"Nobody knows.");
	tu_tick(s, 1000);

	d = community_digest(s, NULL, "pub", T1, 0);
	ck_assert_int_eq(cop_digest_since(d), T1);
	ck_assert_int_eq(cop_digest_until(d), cop_store_now(s));
	ck_assert_str_eq(cop_digest_community_slug(d), "pub");
	ck_assert_ptr_null(cop_digest_member_id(d));
	/* New threads, in the order they were made. */
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_THREADS), 3);
	ck_assert_int_eq(find(d, COP_DIGEST_THREADS, "Garden tools"), 0);
	ck_assert_int_eq(find(d, COP_DIGEST_THREADS, "How do we start"), 1);
	ck_assert_int_eq(find(d, COP_DIGEST_THREADS, "Who waters"), 2);
	it = cop_digest_item_at(d, COP_DIGEST_THREADS, 0);
	ck_assert_str_eq(cop_digest_item_thread_id(it), D);
	ck_assert_str_eq(cop_digest_item_member_handle(it), "mia");
	ck_assert_str_eq(cop_digest_item_community_id(it), W.pub);
	ck_assert_int_eq(cop_digest_item_points(it), 2);
	ck_assert_int_eq(cop_digest_item_time(it), T1);
	/* Unanswered: the answered question is not. */
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_UNANSWERED), 1);
	ck_assert_int_eq(find(d, COP_DIGEST_UNANSWERED, "Who waters"), 0);
	/* The accepted answer, by whom. */
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_ACCEPTED), 1);
	it = cop_digest_item_at(d, COP_DIGEST_ACCEPTED, 0);
	ck_assert_str_eq(cop_digest_item_contribution_id(it), A);
	ck_assert_str_eq(cop_digest_item_member_handle(it), "mia");
	ck_assert_str_eq(cop_digest_item_actor_handle(it), "olga");
	ck_assert_str_eq(cop_digest_item_title(it), "How do we start");
	/* Helpful: the score gained in the period (up + helpful). */
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_HELPFUL), 1);
	it = cop_digest_item_at(d, COP_DIGEST_HELPFUL, 0);
	ck_assert_str_eq(cop_digest_item_contribution_id(it), A);
	ck_assert_int_eq(cop_digest_item_points(it), 2);
	/* The summary, its text. */
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_SUMMARIES), 1);
	it = cop_digest_item_at(d, COP_DIGEST_SUMMARIES, 0);
	ck_assert_str_eq(cop_digest_item_contribution_id(it), SUM);
	ck_assert_str_eq(cop_digest_item_text(it), "We agreed on spades.");
	ck_assert_str_eq(cop_digest_item_member_handle(it), "fred");
	ck_assert_int_eq(cop_digest_item_points(it), 1);
	/* Kudos and badges. */
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_KUDOS), 1);
	it = cop_digest_item_at(d, COP_DIGEST_KUDOS, 0);
	ck_assert_str_eq(cop_digest_item_member_handle(it), "mia");
	ck_assert_str_eq(cop_digest_item_actor_handle(it), "fred");
	ck_assert_str_eq(cop_digest_item_text(it), "Great answer");
	ck_assert_str_eq(cop_digest_item_title(it), "How do we start");
	ck_assert_int_ge((i = find(d, COP_DIGEST_BADGES, "mia")), 0);
	ck_assert_ptr_nonnull(cop_digest_item_badge(cop_digest_item_at(d,
		COP_DIGEST_BADGES, (size_t)i)));
	ck_assert_int_ge(find(d, COP_DIGEST_BADGES, "fred"), 0);
	/* No events yet; no section past the last. */
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_EVENTS), 0);
	ck_assert_ptr_null(cop_digest_item_at(d, COP_DIGEST_EVENTS, 0));
	ck_assert_uint_eq(cop_digest_count(d, (cop_digest_section)8), 0);
	cop_digest_free(d);

	/* A limit of one item per section. */
	{
		cop_digest_options o = period(T1, 0);
		o.limit = 1;
		tu_as(s, NULL);
		TU_OK(s, cop_digest_community(&d, s, "pub", &o));
		ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_THREADS), 1);
		ck_assert_int_eq(find(d, COP_DIGEST_THREADS, "Garden tools"), 0);
		cop_digest_free(d);
	}
	/* The day before: none of it. */
	d = community_digest(s, NULL, "pub", T1 - 24 * HOUR, T1);
	ck_assert_int_lt(find(d, COP_DIGEST_THREADS, "Garden tools"), 0);
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_KUDOS), 0);
	cop_digest_free(d);
}
END_TEST

/* Consecutive marked digests: neither miss nor repeat, at the
 * boundary too. */
START_TEST(test_sent)
{
	cop_store *s = tu_store;
	tu_idbuf X, XP, Y, YP, Z, ZP;
	cop_digest *d1, *d2, *d3, *d0;
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	int64_t seq;

	/* Y just before the first digest's end, X exactly at it. */
	TU_OK(s, cop_store_set_time(s, T1 - 1));
	tu_as(s, W.core);
	tu_thread(s, Y, YP, "pub", COP_THREAD_DISCUSSION, "Before", "y");
	TU_OK(s, cop_store_set_time(s, T1));
	tu_thread(s, X, XP, "pub", COP_THREAD_DISCUSSION, "At the end", "x");

	d1 = member_digest(s, W.member, W.member, 0, T1);
	ck_assert_str_eq(cop_digest_member_handle(d1), "mia");
	ck_assert_str_eq(cop_digest_member_id(d1), W.member);
	ck_assert_int_eq(cop_digest_since(d1), T1 - 7 * 24 * HOUR);
	ck_assert_int_ge(find(d1, COP_DIGEST_THREADS, "Before"), 0);
	ck_assert_int_lt(find(d1, COP_DIGEST_THREADS, "At the end"), 0);
	TU_OK(s, cop_digest_mark_sent(s, d1));

	tu_tick(s, 1000);
	tu_as(s, W.core);
	tu_thread(s, Z, ZP, "pub", COP_THREAD_DISCUSSION, "Later", "z");
	tu_tick(s, 1000);
	/* The next starts where the last sent ended. */
	d2 = member_digest(s, W.member, W.member, 0, 0);
	ck_assert_int_eq(cop_digest_since(d2), T1);
	ck_assert_int_lt(find(d2, COP_DIGEST_THREADS, "Before"), 0);
	ck_assert_int_ge(find(d2, COP_DIGEST_THREADS, "At the end"), 0);
	ck_assert_int_ge(find(d2, COP_DIGEST_THREADS, "Later"), 0);
	/* Not marked: the next one starts at the same place. */
	d0 = member_digest(s, NULL, W.member, 0, 0);
	ck_assert_int_eq(cop_digest_since(d0), T1);
	cop_digest_free(d0);
	tu_as(s, NULL);
	TU_OK(s, cop_digest_mark_sent(s, d2));

	tu_tick(s, 1000);
	d3 = member_digest(s, W.member, W.member, 0, 0);
	ck_assert_int_eq(cop_digest_since(d3), cop_digest_until(d2));
	ck_assert_uint_eq(cop_digest_count(d3, COP_DIGEST_THREADS), 0);
	/* Marking the older one now would repeat: refused, unchanged. */
	{
		char *snap = tu_snapshot(s);
		tu_as(s, W.member);
		TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
			cop_digest_mark_sent(s, d1));
		free(snap);
	}
	/* Marking the same end again is harmless, and in the change log. */
	seq = cop_log_last_seq(s);
	TU_OK(s, cop_digest_mark_sent(s, d2));
	TU_OK(s, cop_log_iter_new(&it, s, seq, 1));
	TU_OK(s, cop_log_iter_next(&e, it));
	ck_assert_str_eq(cop_log_entry_op(e), "digest.sent");
	ck_assert_str_eq(cop_log_entry_object_id(e), W.member);
	ck_assert_str_eq(cop_log_entry_actor_id(e), W.member);
	cop_log_entry_free(e);
	cop_log_iter_free(it);
	cop_digest_free(d1);
	cop_digest_free(d2);
	cop_digest_free(d3);
}
END_TEST

/* A private community's content never reaches an outsider. */
START_TEST(test_private)
{
	cop_store *s = tu_store;
	tu_idbuf P, PP;
	cop_digest *d = NULL;

	tu_as(s, W.owner);
	tu_thread(s, P, PP, "priv", COP_THREAD_DISCUSSION, "Private plans",
		"Behind walls");
	TU_OK(s, cop_kudos_give(NULL, s, "priv", W.member, NULL, "Secret"));
	tu_tick(s, 1000);

	/* The outsider's digest: nothing of priv (nor of anything). */
	d = member_digest(s, W.outsider, W.outsider, T1 - 7 * 24 * HOUR, 0);
	ck_assert(!mentions(d, "priv", P));
	cop_digest_free(d);
	/* Nor priv's digest, as the outsider. */
	tu_as(s, W.outsider);
	d = NULL;
	ck_assert_int_ne(cop_digest_community(&d, s, "priv", NULL), COP_OK);
	ck_assert_ptr_null(d);
	/* A banned member's digest has none of priv either. */
	d = member_digest(s, W.banned, W.banned, T1 - 7 * 24 * HOUR, 0);
	ck_assert(!mentions(d, "priv", NULL));
	cop_digest_free(d);
	/* A member's has it. */
	d = member_digest(s, W.member, W.member, T1, 0);
	ck_assert_int_ge(find(d, COP_DIGEST_THREADS, "Private plans"), 0);
	ck_assert_int_ge(find(d, COP_DIGEST_KUDOS, "mia"), 0);
	ck_assert(mentions(d, "priv", P));
	cop_digest_free(d);
}
END_TEST

/* Hidden threads and contributions: only for those who may see them. */
START_TEST(test_hidden)
{
	cop_store *s = tu_store;
	tu_idbuf H, HP, R;
	cop_digest *d;

	tu_as(s, W.member);
	tu_thread(s, H, HP, "pub", COP_THREAD_DISCUSSION, "Hidden away",
		"h");
	tu_as(s, W.core);
	tu_contrib(s, R, W.pub_thread, COP_CONTRIB_REPLY, NULL, "A reply.");
	tu_as(s, W.member);
	TU_OK(s, cop_vote_cast(s, R, COP_VOTE_UP));
	TU_OK(s, cop_kudos_give(NULL, s, "pub", W.core, R, "For the reply"));
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, H, COP_THREAD_FLAG_HIDDEN, 1));
	TU_OK(s, cop_contribution_hide(s, R, "Off topic"));
	tu_tick(s, 1000);

	/* A member who may not see them: neither. */
	d = member_digest(s, W.member, W.member, T1, 0);
	ck_assert(!mentions(d, NULL, H));
	ck_assert(!mentions(d, NULL, R));
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_KUDOS), 0);
	cop_digest_free(d);
	/* The community's, as an outsider (public): neither. */
	d = community_digest(s, W.outsider, "pub", T1, 0);
	ck_assert(!mentions(d, NULL, H));
	ck_assert(!mentions(d, NULL, R));
	cop_digest_free(d);
	/* The author of the hidden reply sees it (not the hidden thread). */
	d = member_digest(s, W.core, W.core, T1, 0);
	ck_assert(!mentions(d, NULL, H));
	ck_assert_int_eq(cop_digest_count(d, COP_DIGEST_HELPFUL), 1);
	ck_assert(mentions(d, NULL, R));
	cop_digest_free(d);
	/* A facilitator sees both. */
	d = member_digest(s, W.facil, W.facil, T1, 0);
	ck_assert(mentions(d, NULL, H));
	ck_assert(mentions(d, NULL, R));
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_KUDOS), 1);
	cop_digest_free(d);
}
END_TEST

/* Who may read and mark whose digest; bad input. */
START_TEST(test_refused)
{
	cop_store *s = tu_store;
	cop_digest_options o;
	cop_digest *d = NULL, *mine;
	char *snap;

	tu_as(s, W.member);
	TU_RC(s, COP_EPERM, cop_digest_member(&d, s, W.facil, NULL));
	ck_assert_ptr_null(d);
	TU_RC(s, COP_ENOTFOUND, cop_digest_member(&d, s, "nobody", NULL));
	TU_RC(s, COP_EINVAL, cop_digest_member(&d, s, "", NULL));
	TU_RC(s, COP_ENOTFOUND, cop_digest_community(&d, s, "nowhere", NULL));
	ck_assert_int_eq(cop_digest_community(NULL, s, "pub", NULL),
		COP_EINVAL);
	o = period(T1, T1);
	TU_RC(s, COP_EINVAL, cop_digest_community(&d, s, "pub", &o));
	o = period(T1 + 1, T1);
	TU_RC(s, COP_EINVAL, cop_digest_member(&d, s, W.member, &o));
	o = period(0, 0);
	o.limit = COP_DIGEST_LIMIT_MAX + 1;
	TU_RC(s, COP_EINVAL, cop_digest_community(&d, s, "pub", &o));
	o = period(0, 0);
	o.period = (cop_digest_period)3;
	TU_RC(s, COP_EINVAL, cop_digest_community(&d, s, "pub", &o));
	o = period(0, 0);
	o.version = 99;
	TU_RC(s, COP_EINVAL, cop_digest_community(&d, s, "pub", &o));
	ck_assert_ptr_null(d);

	/* A community's digest is not marked; another's is not marked by
	 * a member. */
	snap = tu_snapshot(s);
	d = community_digest(s, W.member, "pub", 0, 0);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_digest_mark_sent(s, d));
	cop_digest_free(d);
	mine = member_digest(s, NULL, W.member, 0, 0);
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap, cop_digest_mark_sent(s, mine));
	ck_assert_int_eq(cop_digest_mark_sent(s, NULL), COP_EINVAL);
	/* A suspended member marks nothing. */
	tu_as(s, NULL);
	TU_OK(s, cop_member_suspend(s, W.member, 0, "Spam"));
	free(snap);
	snap = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap, cop_digest_mark_sent(s, mine));
	free(snap);
	cop_digest_free(mine);
}
END_TEST

/* A member's languages first. */
START_TEST(test_languages)
{
	tu_idbuf A, AP, B, BP;
	cop_digest *d;
	cop_member *m = NULL;
	cop_store *s = tu_store;

	tu_as(s, NULL);
	TU_OK(s, cop_member_create(&m, s, "lea", "Lea", NULL, "fr-CA de"));
	TU_OK(s, cop_community_join(NULL, s, "pub", cop_member_id(m), 1));
	TU_OK(s, cop_community_join(NULL, s, "inv", cop_member_id(m), 1));
	tu_as(s, W.facil);
	tu_thread(s, A, AP, "pub", COP_THREAD_DISCUSSION, "In English", "a");
	tu_tick(s, 1000);
	tu_thread(s, B, BP, "inv", COP_THREAD_DISCUSSION, "En francais", "b");
	tu_tick(s, 1000);
	d = member_digest(s, cop_member_id(m), "lea", T1, 0);
	ck_assert_uint_eq(cop_digest_count(d, COP_DIGEST_THREADS), 2);
	ck_assert_int_eq(find(d, COP_DIGEST_THREADS, "En francais"), 0);
	ck_assert_int_eq(find(d, COP_DIGEST_THREADS, "In English"), 1);
	cop_digest_free(d);
	/* Without those languages: by time. */
	d = member_digest(s, W.facil, W.facil, T1, 0);
	ck_assert_int_eq(find(d, COP_DIGEST_THREADS, "In English"), 0);
	cop_digest_free(d);
	cop_member_free(m);
}
END_TEST

/* Text, CommonMark and HTML; member text makes no markup. */
START_TEST(test_render)
{
	static const char evil[] = "<script>alert(1)</script> "
		"[click](http://evil.example) *x* <b>b</b>";
	cop_store *s = tu_store;
	tu_idbuf E, EP;
	cop_digest *d;
	char *text = NULL, *md = NULL, *html = NULL;

	tu_as(s, W.member);
	tu_thread(s, E, EP, "pub", COP_THREAD_DISCUSSION, evil, "e");
	tu_tick(s, 1000);
	d = community_digest(s, NULL, "pub", T1, 0);
	TU_OK(s, cop_digest_render(&text, d, COP_DIGEST_TEXT));
	TU_OK(s, cop_digest_render(&md, d, COP_DIGEST_MARKDOWN));
	TU_OK(s, cop_digest_render(&html, d, COP_DIGEST_HTML));
	{
		/* In which rendering (0 text, 1 md, 2 html) what is (1) or is
		 * not (0) found. */
		static const struct { int in; const char *what; int found; }
		checks[] = {
			{ 0, "Digest of pub", 1 }, { 0, "New threads", 1 },
			{ 1, "# Digest of pub", 1 }, { 1, "\\<script\\>", 1 },
			{ 1, "\\[click\\]\\(http\\:", 1 },
			{ 2, "<h1>Digest of pub</h1>", 1 }, { 2, "<li>", 1 },
			{ 2, "&lt;script&gt;", 1 }, { 2, "<script", 0 },
			{ 2, "<a ", 0 }, { 2, "<b>", 0 }, { 2, "<em>", 0 },
		};
		const char *out[3];
		size_t i;

		out[0] = text;
		out[1] = md;
		out[2] = html;
		ck_assert(tu_contains(text, evil));
		for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
			ck_assert_msg(tu_contains(out[checks[i].in],
				checks[i].what) == checks[i].found, "%s in %s",
				checks[i].what, out[checks[i].in]);
	}
	cop_free(text);
	cop_free(md);
	cop_free(html);
	ck_assert_int_eq(cop_digest_render(&text, d, (cop_digest_format)3),
		COP_EINVAL);
	ck_assert_ptr_null(text);
	ck_assert_int_eq(cop_digest_render(&text, NULL, COP_DIGEST_TEXT),
		COP_EINVAL);
	cop_digest_free(d);
	/* An empty period says so. */
	d = community_digest(s, NULL, "pub", T1 - 2 * HOUR, T1 - HOUR);
	TU_OK(s, cop_digest_render(&text, d, COP_DIGEST_TEXT));
	ck_assert(tu_contains(text, "Nothing new"));
	cop_free(text);
	cop_digest_free(d);
}
END_TEST

START_TEST(test_names)
{
	static const char *const sections[] = { "threads", "unanswered",
		"accepted", "helpful", "summaries", "kudos", "badges", "events" };
	cop_digest_section k;
	cop_digest_period p;
	cop_digest_format f;
	int i;

	/* Each section's name parses back to it. */
	for (i = 0; i < COP_DIGEST_SECTIONS; i++) {
		ck_assert_str_eq(cop_digest_section_name(i), sections[i]);
		TU_OK(NULL, cop_digest_section_parse(&k, sections[i]));
		ck_assert_int_eq(k, i);
	}
	ck_assert_ptr_null(cop_digest_section_name(COP_DIGEST_SECTIONS));
	TU_OK(NULL, cop_digest_period_parse(&p, "month"));
	ck_assert_int_eq(p, COP_DIGEST_MONTH);
	TU_OK(NULL, cop_digest_format_parse(&f, "md"));
	ck_assert_int_eq(f, COP_DIGEST_MARKDOWN);
	ck_assert_int_eq(cop_digest_period_parse(&p, "year") +
		cop_digest_format_parse(&f, "pdf"), 2 * COP_EINVAL);
	ck_assert_str_eq(cop_digest_format_name(COP_DIGEST_HTML), "html");
}
END_TEST


/* Upcoming events: those starting in the fortnight after a digest's end,
 * not cancelled, of communities the reader sees; as text with where and
 * how many come. */
START_TEST(test_events)
{
	cop_store *s = tu_store;
	cop_event_spec e = COP_EVENT_SPEC_INIT;
	cop_event *ev = NULL, *gone = NULL;
	cop_time until = cop_store_now(s) + 24 * HOUR;
	cop_digest *d;
	char *text = NULL;

	tu_as(s, W.owner);
	e.kind = COP_EVENT_FACE_TO_FACE;
	e.place = "Accra";
	e.title = "Field day";
	e.start = until + 3 * 24 * HOUR;
	e.end = e.start + 2 * HOUR;
	TU_OK(s, cop_event_create(&ev, s, "pub", &e));
	e.title = "Called off";
	TU_OK(s, cop_event_create(&gone, s, "pub", &e));
	TU_OK(s, cop_event_cancel(s, cop_event_id(gone), "Rain"));
	e.title = "Too far ahead";
	e.start = until + 15 * 24 * HOUR;
	e.end = e.start + HOUR;
	TU_OK(s, cop_event_create(NULL, s, "pub", &e));
	e.title = "Behind walls";
	e.start = until + 2 * 24 * HOUR;
	e.end = e.start + HOUR;
	TU_OK(s, cop_event_create(NULL, s, "priv", &e));
	TU_OK(s, cop_event_rsvp(s, cop_event_id(ev), COP_RSVP_YES, NULL));

	d = community_digest(s, NULL, "pub", until - 7 * 24 * HOUR, until);
	ck_assert_int_eq(cop_digest_count(d, COP_DIGEST_EVENTS), 1);
	ck_assert_int_eq(find(d, COP_DIGEST_EVENTS, "Field day"), 0);
	ck_assert_str_eq(cop_digest_item_text(cop_digest_item_at(d,
		COP_DIGEST_EVENTS, 0)), "Accra");
	ck_assert_int_eq(cop_digest_item_points(cop_digest_item_at(d,
		COP_DIGEST_EVENTS, 0)), 1);
	TU_OK(s, cop_digest_render(&text, d, COP_DIGEST_TEXT));
	ck_assert_ptr_nonnull(strstr(text, "Upcoming events"));
	ck_assert_ptr_nonnull(strstr(text, "Field day, Accra (1 going)"));
	cop_free(text);
	cop_digest_free(d);
	/* The outsider's digest has none of priv's; a member's has it. */
	d = member_digest(s, W.outsider, W.outsider, until - HOUR, until);
	ck_assert_int_lt(find(d, COP_DIGEST_EVENTS, "Behind walls"), 0);
	cop_digest_free(d);
	d = member_digest(s, W.member, W.member, until - HOUR, until);
	ck_assert_int_ge(find(d, COP_DIGEST_EVENTS, "Behind walls"), 0);
	ck_assert_int_ge(find(d, COP_DIGEST_EVENTS, "Field day"), 0);
	cop_digest_free(d);
	cop_event_free(ev);
	cop_event_free(gone);
}
END_TEST

static Suite *digest_suite(void)
{
	Suite *s = suite_create("digest");
	TCase *tc = tu_tcase(s, "digest", setup, teardown);

	tcase_add_test(tc, test_sections);
	tcase_add_test(tc, test_helpful_windows);
	tcase_add_test(tc, test_sent);
	tcase_add_test(tc, test_private);
	tcase_add_test(tc, test_hidden);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_languages);
	tcase_add_test(tc, test_render);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_events);
	return s;
}

int main(void)
{
	return tu_run(digest_suite());
}
