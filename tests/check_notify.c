/*
 * check_notify.c: subscriptions and notifications (include/cop/notify.h).
 * Each source of a notification (a reply, a post in what one follows, a
 * mention, an accepted answer, kudos, a badge); mentions in code do not
 * notify; muted wins over a broader follow; one notification per member
 * per event; the feed never shows what its member may not see, also
 * after they lose access, in the listing and the counts; marking read;
 * pages without a miss or a repeat; who may read a feed; and a write
 * and its notifications are one (a failure leaves none: faultbe).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "faultbe.h"

TU_WORLD_FIXTURE(W)

/* Member @p who's feed as the system: each notification's kind, newest
 * first, badges left out unless @p badges ("mention reply"); checks that
 * the unread count agrees with the listing. */
static const char *feed(cop_store *s, const char *who, int unread,
	int badges)
{
	static char buf[1024];
	cop_notification_iter *it = NULL;
	cop_notification *x = NULL;
	uint64_t count = 0;
	int rc, n = 0;

	buf[0] = '\0';
	tu_as(s, NULL);
	TU_OK(s, cop_notification_iter_new(&it, s, who, unread, NULL));
	while ((rc = cop_notification_iter_next(&x, it)) == COP_OK) {
		cop_notification_kind k = cop_notification_kind_get(x);
		n++;
		if (k != COP_NOTIFY_BADGE || badges)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				"%s%s", buf[0] ? " " : "",
				cop_notification_kind_name(k));
		cop_notification_free(x);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_notification_iter_free(it);
	TU_OK(s, cop_notification_count(s, who, unread, &count));
	ck_assert_int_eq((int)count, n);
	return buf;
}

/* The newest notification of @p who (as the system) of kind @p kind:
 * its contribution id into @p out ("" when none), its id into @p id. */
static void newest(cop_store *s, const char *who, cop_notification_kind kind,
	tu_idbuf contribution, tu_idbuf id)
{
	cop_notification_iter *it = NULL;
	cop_notification *x = NULL;

	contribution[0] = id[0] = '\0';
	tu_as(s, NULL);
	TU_OK(s, cop_notification_iter_new(&it, s, who, 0, NULL));
	while (cop_notification_iter_next(&x, it) == COP_OK) {
		if (cop_notification_kind_get(x) == kind && !id[0]) {
			snprintf(contribution, sizeof(tu_idbuf), "%s",
				cop_notification_contribution_id(x) ?
				cop_notification_contribution_id(x) : "");
			snprintf(id, sizeof(tu_idbuf), "%s",
				cop_notification_id(x));
		}
		cop_notification_free(x);
	}
	cop_notification_iter_free(it);
}

/* @p who follows @p target (and @p tag) at @p level. */
static void follow(cop_store *s, const char *who, cop_follow_kind kind,
	const char *target, const char *tag, cop_follow_level level)
{
	tu_as(s, who);
	TU_OK(s, cop_follow_set(s, kind, target, tag, level));
	tu_as(s, NULL);
}

/* How many follows member @p who has, as the system sees them. */
static int follows_of(cop_store *s, const char *who)
{
	cop_follow_iter *it = NULL;
	cop_follow *f = NULL;
	int n = 0, rc;

	tu_as(s, NULL);
	TU_OK(s, cop_follow_iter_new(&it, s, who, NULL));
	while ((rc = cop_follow_iter_next(&f, it)) == COP_OK) {
		n++;
		cop_follow_free(f);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_follow_iter_free(it);
	return n;
}

/* A reply by @p who in @p thread (reply_to @p to, or NULL). */
static void reply(cop_store *s, tu_idbuf id, const char *who,
	const char *thread, const char *to, const char *body)
{
	tu_as(s, who);
	tu_tick(s, 1000);
	tu_contrib(s, id, thread, COP_CONTRIB_REPLY, to, body);
	tu_as(s, NULL);
}

START_TEST(test_reply)
{
	cop_store *s = tu_store;
	tu_idbuf r1, r2, r3, c, id;

	/* A reply without reply_to answers the thread's author. */
	reply(s, r1, W.core, W.pub_thread, NULL, "Welcome indeed.");
	ck_assert_str_eq(feed(s, W.member, 0, 0), "reply");
	newest(s, W.member, COP_NOTIFY_REPLY, c, id);
	ck_assert_str_eq(c, r1);
	ck_assert_str_eq(id, r1);
	ck_assert_str_eq(feed(s, W.core, 0, 0), "");
	/* reply_to: its author, not the thread's. */
	reply(s, r2, W.owner, W.pub_thread, r1, "To cora.");
	ck_assert_str_eq(feed(s, W.core, 0, 0), "reply");
	ck_assert_str_eq(feed(s, W.member, 0, 0), "reply");
	/* Never of one's own action. */
	reply(s, r3, W.member, W.pub_thread, NULL, "My own thread.");
	ck_assert_str_eq(feed(s, W.member, 0, 0), "reply");
	ck_assert_str_eq(feed(s, W.owner, 0, 0), "");
}
END_TEST

START_TEST(test_follow_levels)
{
	cop_store *s = tu_store;
	tu_idbuf r1, t1, p1;

	follow(s, W.facil, COP_FOLLOW_COMMUNITY, "pub", NULL,
		COP_FOLLOW_WATCHING);
	follow(s, W.core, COP_FOLLOW_COMMUNITY, "pub", NULL,
		COP_FOLLOW_TRACKING);
	follow(s, W.owner, COP_FOLLOW_TAG, "pub", "Gardens",
		COP_FOLLOW_WATCHING);
	/* A reply: watching only. */
	reply(s, r1, W.member, W.pub_thread, NULL, "More on this.");
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "post");
	ck_assert_str_eq(feed(s, W.core, 0, 0), "");
	ck_assert_str_eq(feed(s, W.owner, 0, 0), "");
	/* A new thread: watching and tracking; its tag: the tag's. */
	tu_as(s, W.member);
	tu_tick(s, 1000);
	TU_OK(s, cop_thread_create(NULL, s, "pub", COP_THREAD_DISCUSSION,
		"Seeds", "gardens seeds", NULL, "Swap seeds here."));
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "post post");
	ck_assert_str_eq(feed(s, W.core, 0, 0), "post");
	ck_assert_str_eq(feed(s, W.owner, 0, 0), "post");
	tu_as(s, W.member);
	tu_thread(s, t1, p1, "pub", COP_THREAD_DISCUSSION, "Tools",
		"Which tools?");
	ck_assert_str_eq(feed(s, W.owner, 0, 0), "post");
	/* A thread followed: its replies, and only its. */
	follow(s, W.outsider, COP_FOLLOW_THREAD, t1, NULL, COP_FOLLOW_WATCHING);
	reply(s, r1, W.core, t1, NULL, "A spade.");
	ck_assert_str_eq(feed(s, W.outsider, 0, 0), "post");
	reply(s, r1, W.core, W.pub_thread, NULL, "Elsewhere.");
	ck_assert_str_eq(feed(s, W.outsider, 0, 0), "post");
	/* Unfollowed: nothing more. */
	tu_as(s, W.outsider);
	TU_OK(s, cop_follow_remove(s, COP_FOLLOW_THREAD, t1, NULL));
	reply(s, r1, W.core, t1, NULL, "A rake.");
	ck_assert_str_eq(feed(s, W.outsider, 0, 0), "post");
	/* The system posts: followers are told, the system is no one. */
	tu_as(s, NULL);
	TU_OK(s, cop_thread_create(NULL, s, "pub", COP_THREAD_ANNOUNCEMENT,
		"News", NULL, NULL, "From the system."));
	ck_assert_str_eq(feed(s, W.core, 0, 0), "post post post");
}
END_TEST

START_TEST(test_muted_wins)
{
	cop_store *s = tu_store;
	cop_thread *th = NULL;
	tu_idbuf r1, t1, p1;

	follow(s, W.facil, COP_FOLLOW_COMMUNITY, "pub", NULL,
		COP_FOLLOW_WATCHING);
	follow(s, W.facil, COP_FOLLOW_THREAD, W.pub_thread, NULL,
		COP_FOLLOW_MUTED);
	/* The thread's author mutes it: not even replies to them. */
	follow(s, W.member, COP_FOLLOW_THREAD, W.pub_thread, NULL,
		COP_FOLLOW_MUTED);
	reply(s, r1, W.core, W.pub_thread, NULL, "Hello @fred and @mia.");
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "");
	ck_assert_str_eq(feed(s, W.member, 0, 0), "");
	/* Elsewhere in pub the community's follow holds. */
	tu_as(s, W.core);
	tu_tick(s, 1000);
	tu_thread(s, t1, p1, "pub", COP_THREAD_DISCUSSION, "Other", "Other.");
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "post");
	/* A muted tag outranks the community; a thread's follow the tag. */
	follow(s, W.facil, COP_FOLLOW_TAG, "pub", "noise", COP_FOLLOW_MUTED);
	tu_as(s, W.core);
	tu_tick(s, 1000);
	TU_OK(s, cop_thread_create(&th, s, "pub", COP_THREAD_DISCUSSION,
		"Noisy", "noise other", NULL, "Loud."));
	snprintf(t1, sizeof(t1), "%s", cop_thread_id(th));
	cop_thread_free(th);
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "post");
	follow(s, W.facil, COP_FOLLOW_THREAD, t1, NULL, COP_FOLLOW_WATCHING);
	reply(s, r1, W.core, t1, NULL, "Louder.");
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "post post");
	/* The level of a follow changes in place. */
	follow(s, W.facil, COP_FOLLOW_THREAD, W.pub_thread, NULL,
		COP_FOLLOW_WATCHING);
	reply(s, r1, W.core, W.pub_thread, NULL, "Now heard.");
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "post post post");
}
END_TEST

START_TEST(test_mentions)
{
	cop_store *s = tu_store;
	tu_idbuf r1, c, id;

	reply(s, r1, W.core, W.pub_thread, NULL,
		"Thanks @Fred, and @nobody.\n\n"
		"Code: `@olga` and\n\n"
		"```\n@sid\n```\n\n"
		"    @ben indented\n\n"
		"[a link](https://example.org/@otto) <b>@x</b> mail a@cora.org "
		"and @cora herself.");
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "mention");
	newest(s, W.facil, COP_NOTIFY_MENTION, c, id);
	ck_assert_str_eq(c, r1);
	ck_assert_str_eq(feed(s, W.owner, 0, 0), "");
	ck_assert_str_eq(feed(s, W.silenced, 0, 0), "");
	ck_assert_str_eq(feed(s, W.banned, 0, 0), "");
	ck_assert_str_eq(feed(s, W.outsider, 0, 0), "");
	ck_assert_str_eq(feed(s, W.core, 0, 0), "");
	/* The thread's author: a reply. */
	ck_assert_str_eq(feed(s, W.member, 0, 0), "reply");
	/* In a thread's first post too; link text is text; a sentence's
	 * full stop is not the handle's. */
	tu_as(s, W.core);
	TU_OK(s, cop_thread_create(NULL, s, "pub", COP_THREAD_DISCUSSION,
		"Ask", NULL, NULL, "See [@olga](https://x.org). Or @otto."));
	ck_assert_str_eq(feed(s, W.owner, 0, 0), "mention");
	ck_assert_str_eq(feed(s, W.outsider, 0, 0), "mention");
}
END_TEST

START_TEST(test_no_duplicates)
{
	cop_store *s = tu_store;
	tu_idbuf r1, r2;

	/* cora watches pub, is replied to and mentioned: one mention. */
	follow(s, W.core, COP_FOLLOW_COMMUNITY, "pub", NULL,
		COP_FOLLOW_WATCHING);
	follow(s, W.core, COP_FOLLOW_THREAD, W.pub_thread, NULL,
		COP_FOLLOW_WATCHING);
	follow(s, W.core, COP_FOLLOW_TAG, "pub", "x", COP_FOLLOW_WATCHING);
	reply(s, r1, W.core, W.pub_thread, NULL, "Mine.");
	reply(s, r2, W.owner, W.pub_thread, r1, "Right, @cora @CORA.");
	ck_assert_str_eq(feed(s, W.core, 0, 0), "mention");
	/* Replied to and watching: one reply. */
	reply(s, r2, W.facil, W.pub_thread, r1, "Again.");
	ck_assert_str_eq(feed(s, W.core, 0, 0), "reply mention");
}
END_TEST

START_TEST(test_accept_kudos_badge)
{
	cop_store *s = tu_store;
	tu_idbuf q, qp, a, c, id;

	tu_as(s, W.owner);
	tu_thread(s, q, qp, "pub", COP_THREAD_QUESTION, "How?", "How to?");
	reply(s, a, W.member, q, NULL, "Like this.");
	/* (an answer, not a reply, for acceptance) */
	tu_as(s, W.member);
	tu_tick(s, 1000);
	tu_contrib(s, a, q, COP_CONTRIB_ANSWER, NULL, "Like that.");
	ck_assert_str_eq(feed(s, W.owner, 0, 0), "reply reply");
	/* The asker accepts: the answer's author is told, not the asker. */
	tu_as(s, W.owner);
	tu_tick(s, 1000);
	TU_OK(s, cop_answer_accept(s, a));
	ck_assert_str_eq(feed(s, W.member, 0, 0), "accepted");
	newest(s, W.member, COP_NOTIFY_ACCEPTED, c, id);
	ck_assert_str_eq(c, a);
	ck_assert_str_eq(feed(s, W.owner, 0, 0), "reply reply");
	/* Kudos, on the answer. */
	tu_as(s, W.core);
	tu_tick(s, 1000);
	TU_OK(s, cop_kudos_give(NULL, s, "pub", "mia", a, "Great help."));
	ck_assert_str_eq(feed(s, W.member, 0, 0), "kudos accepted");
	newest(s, W.member, COP_NOTIFY_KUDOS, c, id);
	ck_assert_str_eq(c, a);
	/* A badge given by hand, with the kudos' own badge before it. */
	tu_as(s, NULL);
	tu_tick(s, 1000);
	TU_OK(s, cop_badge_award_give(s, "pub", "mia",
		COP_BADGE_EVENT_ATTENDEE, NULL));
	ck_assert(tu_contains(feed(s, W.member, 0, 1), "badge kudos accepted"));
	newest(s, W.member, COP_NOTIFY_BADGE, c, id);
	ck_assert_str_eq(c, "");
	/* The facilitator accepting someone else's answer: both told. */
	tu_as(s, W.facil);
	tu_tick(s, 1000);
	TU_OK(s, cop_answer_unaccept(s, q));
	tu_tick(s, 1000);
	TU_OK(s, cop_answer_accept(s, a));
	ck_assert_str_eq(feed(s, W.owner, 0, 0), "accepted reply reply");
	ck_assert_str_eq(feed(s, W.member, 0, 0),
		"accepted kudos accepted");
}
END_TEST

START_TEST(test_visibility)
{
	cop_store *s = tu_store;
	tu_idbuf r1, r2;
	uint64_t n;

	/* A mention of an outsider in a private community: never shown. */
	reply(s, r1, W.owner, W.priv_thread, NULL, "Ask @otto and @mia.");
	ck_assert_str_eq(feed(s, W.outsider, 0, 0), "");
	ck_assert_str_eq(feed(s, W.member, 0, 0), "mention");
	/* mia leaves priv: gone, from the count too (left: her first
	 * post's badge, in pub). */
	tu_as(s, W.member);
	TU_OK(s, cop_community_leave(s, "priv", W.member));
	ck_assert_str_eq(feed(s, W.member, 0, 1), "badge");
	TU_OK(s, cop_notification_count(s, W.member, 0, &n));
	ck_assert_int_eq((int)n, 1);
	/* A hidden contribution: gone for a member, back when shown. */
	reply(s, r2, W.core, W.pub_thread, NULL, "Hi @mia.");
	ck_assert_str_eq(feed(s, W.member, 0, 0), "mention");
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_hide(s, r2, "Off topic."));
	ck_assert_str_eq(feed(s, W.member, 0, 0), "");
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_unhide(s, r2));
	ck_assert_str_eq(feed(s, W.member, 0, 0), "mention");
	/* A hidden thread: gone for members, not for its moderators. */
	reply(s, r1, W.core, W.pub_thread, NULL, "Hi @fred.");
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_HIDDEN,
		1));
	ck_assert_str_eq(feed(s, W.member, 0, 0), "");
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "mention");
	/* The facilitator demoted: gone for them too, back when shown. */
	tu_as(s, NULL);
	TU_OK(s, cop_membership_set_role(s, "pub", W.facil, COP_ROLE_MEMBER));
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "");
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_HIDDEN,
		0));
	ck_assert_str_eq(feed(s, W.facil, 0, 0), "mention");
	ck_assert_str_eq(feed(s, W.member, 0, 0), "reply mention");
	/* An erased member has no feed nor follows left. */
	follow(s, W.facil, COP_FOLLOW_COMMUNITY, "pub", NULL,
		COP_FOLLOW_WATCHING);
	ck_assert_int_eq(follows_of(s, W.facil), 1);
	tu_as(s, NULL);
	TU_OK(s, cop_member_erase(s, W.facil));
	ck_assert_str_eq(feed(s, W.facil, 0, 1), "");
	ck_assert_int_eq(follows_of(s, W.facil), 0);
	/* A contribution removed by its author's erasure takes its
	 * notifications along. */
	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	reply(s, r1, W.owner, W.pub_thread, NULL,
		"Bye @cora.");
	ck_assert_str_eq(feed(s, W.core, 0, 0), "mention");
	tu_as(s, NULL);
	TU_OK(s, cop_member_erase(s, W.owner));
	ck_assert_str_eq(feed(s, W.core, 0, 0), "");
}
END_TEST

START_TEST(test_mark_read)
{
	cop_store *s = tu_store;
	tu_idbuf r[4], c, id;
	const char *ids[2];
	char *snap;
	unsigned int n;
	uint64_t u;
	int i;

	for (i = 0; i < 4; i++)
		reply(s, r[i], W.core, W.pub_thread, NULL, "Hello @mia.");
	ck_assert_str_eq(feed(s, W.member, 1, 0),
		"mention mention mention mention");
	/* One, as the member. */
	tu_as(s, W.member);
	ids[0] = r[3];
	TU_OK(s, cop_notification_mark_read(s, NULL, ids, 1, &n));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(feed(s, W.member, 1, 0), "mention mention mention");
	ck_assert_str_eq(feed(s, W.member, 0, 0),
		"mention mention mention mention");
	newest(s, W.member, COP_NOTIFY_MENTION, c, id);
	/* Again: kept as it was. */
	tu_as(s, W.member);
	TU_OK(s, cop_notification_mark_read(s, "mia", ids, 1, &n));
	/* Many, all or nothing: an unknown one marks none. */
	snap = tu_snapshot(s);
	ids[0] = r[2];
	ids[1] = W.pub_post;
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_notification_mark_read(s, NULL, ids, 2, &n));
	ids[1] = "not-an-id";
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_notification_mark_read(s, NULL, ids, 2, &n));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_notification_mark_read(s, NULL, NULL, 2, &n));
	/* Only the member and the system. */
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_notification_mark_read(s, "mia", NULL, 0, &n));
	free(snap);
	ck_assert_int_eq(cop_notification_count(s, "mia", 1, &u), COP_EPERM);
	ck_assert_int_eq(cop_notification_iter_new(NULL, s, "mia", 0, NULL),
		COP_EINVAL);
	tu_as(s, W.member);
	ids[1] = r[1];
	TU_OK(s, cop_notification_mark_read(s, NULL, ids, 2, &n));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(feed(s, W.member, 1, 0), "mention");
	/* All (the last mention and the first post's badge), by the
	 * system. */
	tu_as(s, NULL);
	TU_OK(s, cop_notification_mark_read(s, "mia", NULL, 0, &n));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(feed(s, W.member, 1, 0), "");
	TU_OK(s, cop_notification_count(s, "mia", 1, &u));
	ck_assert_int_eq((int)u, 0);
	TU_OK(s, cop_notification_count(s, "mia", 0, &u));
	ck_assert_int_eq((int)u, 5);
	/* The system has no feed of its own. */
	tu_as(s, NULL);
	ck_assert_int_eq(cop_notification_count(s, NULL, 0, &u), COP_EINVAL);
}
END_TEST

START_TEST(test_pages)
{
	cop_store *s = tu_store;
	cop_page page = COP_PAGE_INIT;
	cop_notification_iter *it = NULL;
	cop_notification *x = NULL;
	tu_idbuf r, seen[12];
	char cursor[160];
	int i, n = 0, rc, pages = 0;

	/* Ten, two of them in the same millisecond. */
	for (i = 0; i < 10; i++) {
		tu_as(s, W.core);
		if (i != 5)
			tu_tick(s, 1000);
		tu_contrib(s, r, W.pub_thread, COP_CONTRIB_REPLY, NULL,
			"Hey @mia.");
	}
	tu_as(s, W.member);
	page.limit = 3;
	cursor[0] = '\0';
	do {
		int got = 0;

		page.after = cursor[0] ? cursor : NULL;
		TU_OK(s, cop_notification_iter_new(&it, s, NULL, 0, &page));
		while ((rc = cop_notification_iter_next(&x, it)) == COP_OK) {
			int j;
			for (j = 0; j < n; j++)
				ck_assert_str_ne(seen[j], cop_notification_id(x));
			ck_assert_int_lt(n, 12);
			snprintf(seen[n++], sizeof(tu_idbuf), "%s",
				cop_notification_id(x));
			got++;
			cop_notification_free(x);
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		if (got)
			snprintf(cursor, sizeof(cursor), "%s",
				cop_notification_iter_cursor(it));
		cop_notification_iter_free(it);
		pages++;
		/* A new one meanwhile goes first, not into later pages. */
		if (pages == 2) {
			tu_as(s, W.core);
			tu_tick(s, 1000);
			tu_contrib(s, r, W.pub_thread, COP_CONTRIB_REPLY, NULL,
				"Late @mia.");
			tu_as(s, W.member);
		}
		if (!got)
			break;
	} while (1);
	/* Ten replies and mia's first-post badge. */
	ck_assert_int_eq(n, 11);
	ck_assert_int_eq(pages, 5);
	for (i = 0; i < n; i++)
		ck_assert_str_ne(seen[i], r);
}
END_TEST

START_TEST(test_follow_api)
{
	cop_store *s = tu_store;
	cop_follow_iter *it = NULL;
	cop_follow *f = NULL;
	char *snap = tu_snapshot(s);
	int rc, n = 0;

	/* The system follows nothing; bad arguments change nothing. */
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_follow_set(s,
		COP_FOLLOW_COMMUNITY, "pub", NULL, COP_FOLLOW_WATCHING));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_follow_set(s,
		COP_FOLLOW_COMMUNITY, "pub", NULL, (cop_follow_level)3));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_follow_set(s,
		COP_FOLLOW_TAG, "pub", NULL, COP_FOLLOW_WATCHING));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_follow_set(s,
		COP_FOLLOW_COMMUNITY, "pub", "x", COP_FOLLOW_WATCHING));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_follow_set(s,
		COP_FOLLOW_TAG, "pub", "a b", COP_FOLLOW_WATCHING));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_follow_set(s,
		(cop_follow_kind)7, "pub", NULL, COP_FOLLOW_WATCHING));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap, cop_follow_set(s,
		COP_FOLLOW_COMMUNITY, "nowhere", NULL, COP_FOLLOW_WATCHING));
	/* What the outsider may not see. */
	ck_assert_int_ne(cop_follow_set(s, COP_FOLLOW_COMMUNITY, "priv", NULL,
		COP_FOLLOW_WATCHING), COP_OK);
	ck_assert_int_ne(cop_follow_set(s, COP_FOLLOW_THREAD, W.priv_thread,
		NULL, COP_FOLLOW_WATCHING), COP_OK);
	tu_assert_unchanged(s, snap, "refused follows");
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap, cop_follow_remove(s,
		COP_FOLLOW_COMMUNITY, "pub", NULL));
	free(snap);
	/* Following, listed oldest first. */
	TU_OK(s, cop_follow_set(s, COP_FOLLOW_COMMUNITY, "pub", NULL,
		COP_FOLLOW_TRACKING));
	tu_tick(s, 1000);
	TU_OK(s, cop_follow_set(s, COP_FOLLOW_TAG, "pub", "Seeds",
		COP_FOLLOW_MUTED));
	tu_tick(s, 1000);
	TU_OK(s, cop_follow_set(s, COP_FOLLOW_THREAD, W.pub_thread, NULL,
		COP_FOLLOW_WATCHING));
	TU_OK(s, cop_follow_iter_new(&it, s, NULL, NULL));
	while ((rc = cop_follow_iter_next(&f, it)) == COP_OK) {
		switch (n++) {
		case 0:
			ck_assert_int_eq(cop_follow_kind_get(f),
				COP_FOLLOW_COMMUNITY);
			ck_assert_int_eq(cop_follow_level_get(f),
				COP_FOLLOW_TRACKING);
			ck_assert_str_eq(cop_follow_community_id(f), W.pub);
			ck_assert_ptr_null(cop_follow_thread_id(f));
			ck_assert_ptr_null(cop_follow_tag(f));
			break;
		case 1:
			ck_assert_str_eq(cop_follow_tag(f), "seeds");
			ck_assert_int_eq(cop_follow_level_get(f),
				COP_FOLLOW_MUTED);
			break;
		default:
			ck_assert_str_eq(cop_follow_thread_id(f), W.pub_thread);
			ck_assert_str_eq(cop_follow_member_id(f), W.outsider);
			ck_assert_int_eq(cop_follow_created(f), TU_T0 + 7000);
		}
		cop_follow_free(f);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	ck_assert_int_eq(n, 3);
	cop_follow_iter_free(it);
	/* Another member's follows: theirs and the system's to read. */
	tu_as(s, W.member);
	ck_assert_int_eq(cop_follow_iter_new(&it, s, W.core, NULL), COP_EPERM);
	/* Otto, in no community, is not there for her. */
	ck_assert_int_eq(cop_follow_iter_new(&it, s, "otto", NULL),
		COP_ENOTFOUND);
	tu_as(s, NULL);
	TU_OK(s, cop_follow_iter_new(&it, s, "otto", NULL));
	cop_follow_iter_free(it);
	/* Unfollowing. */
	tu_as(s, W.outsider);
	TU_OK(s, cop_follow_remove(s, COP_FOLLOW_TAG, "pub", "seeds"));
	ck_assert_int_eq(cop_follow_remove(s, COP_FOLLOW_TAG, "pub", "seeds"),
		COP_ENOTFOUND);
}
END_TEST

START_TEST(test_names)
{
	/* Each enum's names both ways, and one past its last value. */
	static const char *const kinds[] = { "community", "thread", "tag" };
	static const char *const levels[] = { "watching", "tracking", "muted" };
	static const char *const notes[] = { "reply", "post", "mention",
		"accepted", "kudos", "badge" };
	cop_follow_kind k;
	cop_follow_level l;
	cop_notification_kind nk;
	int i;

	for (i = 0; i < 3; i++) {
		ck_assert_str_eq(cop_follow_kind_name((cop_follow_kind)i),
			kinds[i]);
		TU_OK(NULL, cop_follow_kind_parse(&k, kinds[i]));
		ck_assert_int_eq(k, i);
		ck_assert_str_eq(cop_follow_level_name((cop_follow_level)i),
			levels[i]);
		TU_OK(NULL, cop_follow_level_parse(&l, levels[i]));
		ck_assert_int_eq(l, i);
	}
	for (i = 0; i < 6; i++) {
		ck_assert_str_eq(cop_notification_kind_name(
			(cop_notification_kind)i), notes[i]);
		TU_OK(NULL, cop_notification_kind_parse(&nk, notes[i]));
		ck_assert_int_eq(nk, i);
	}
	ck_assert_ptr_null(cop_follow_kind_name((cop_follow_kind)3));
	ck_assert_ptr_null(cop_follow_level_name((cop_follow_level)3));
	ck_assert_ptr_null(cop_notification_kind_name((cop_notification_kind)6));
	ck_assert_int_eq(cop_follow_level_parse(&l, "loud"), COP_EINVAL);
}
END_TEST

/* A write and its notifications are one: each failed call of the typed
 * tables (the notifications' among them) or of a commit leaves neither
 * the reply nor a notification. */
START_TEST(test_atomic)
{
	cop_store *s = NULL;
	faultbe *fb = NULL;
	tu_world w;
	tu_idbuf id;
	cop_contribution *c = NULL;
	long n;
	int rc;

	tu_loc_new();
	TU_OK(NULL, faultbe_open(&s, &fb, tu_uri(), NULL));
	tu_world_make(s, &w);
	tu_as(s, w.facil);
	TU_OK(s, cop_follow_set(s, COP_FOLLOW_COMMUNITY, "pub", NULL,
		COP_FOLLOW_WATCHING));
	for (n = 1; ; n++) {
		char *before = tu_snapshot(s);

		ck_assert_int_lt(n, 100);
		tu_as(s, w.core);
		faultbe_fail_at(fb, n, FAULTBE_MODERATION | FAULTBE_WRITES, 0);
		rc = cop_contribution_create(&c, s, w.pub_thread,
			COP_CONTRIB_REPLY, NULL, NULL, NULL, "Hi @olga.");
		if (faultbe_failures(fb) == 0) {
			faultbe_fail_at(fb, 0, 0, 0);
			TU_OK(s, rc);
			free(before);
			break;
		}
		faultbe_fail_at(fb, 0, 0, 0);
		ck_assert_int_eq(rc, COP_EIO);
		tu_assert_unchanged(s, before, "a failed reply");
		ck_assert_str_eq(feed(s, w.facil, 0, 0), "");
		ck_assert_str_eq(feed(s, w.owner, 0, 0), "");
		ck_assert_str_eq(feed(s, w.member, 0, 0), "");
		free(before);
	}
	/* The notification calls were among those failed. */
	ck_assert_int_gt(n, 4);
	snprintf(id, sizeof(id), "%s", cop_contribution_id(c));
	cop_contribution_free(c);
	ck_assert_str_eq(feed(s, w.facil, 0, 0), "post");
	ck_assert_str_eq(feed(s, w.owner, 0, 0), "mention");
	ck_assert_str_eq(feed(s, w.member, 0, 0), "reply");
	cop_close(s);
	tu_loc_free();
}
END_TEST

static Suite *notify_suite(void)
{
	Suite *s = suite_create("notify");
	TCase *tc = tu_tcase(s, "notify", setup, teardown);
	TCase *ta = tu_tcase(s, "atomic", NULL, NULL);

	tcase_add_test(tc, test_reply);
	tcase_add_test(tc, test_follow_levels);
	tcase_add_test(tc, test_muted_wins);
	tcase_add_test(tc, test_mentions);
	tcase_add_test(tc, test_no_duplicates);
	tcase_add_test(tc, test_accept_kudos_badge);
	tcase_add_test(tc, test_visibility);
	tcase_add_test(tc, test_mark_read);
	tcase_add_test(tc, test_pages);
	tcase_add_test(tc, test_follow_api);
	tcase_add_test(tc, test_names);
	tcase_add_test(ta, test_atomic);
	return s;
}

int main(void)
{
	return tu_run(notify_suite());
}
