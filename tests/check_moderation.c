/*
 * check_moderation.c: moderation that holds (include/cop/moderation.h).
 * Suspended and silenced members refused on every write path and let
 * back in when the period ends (the store's clock) or the action is
 * lifted; moderation refused to members without the role, changing
 * nothing; hidden contributions unseen by outsiders and members in every
 * read path, seen by their author and the moderators; the moderation
 * log's pages and who may read it; the change log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define HOUR (3600000LL)

static tu_world W;
static tu_idbuf ANSWER, REPLY, PUB_Q, PUB_Q_POST;

/* The world, plus a question in pub by olga with an answer by mia (for
 * votes and accepted answers) and a reply by cora in pub_thread. */
static void setup(void)
{
	tu_store_setup();
	tu_world_make(tu_store, &W);
	tu_as(tu_store, W.owner);
	tu_thread(tu_store, PUB_Q, PUB_Q_POST, "pub", COP_THREAD_QUESTION,
		"How do we start", "Where does one begin?");
	tu_as(tu_store, W.member);
	tu_contrib(tu_store, ANSWER, PUB_Q, COP_CONTRIB_ANSWER, NULL,
		"Begin with the people.");
	tu_as(tu_store, W.core);
	tu_contrib(tu_store, REPLY, W.pub_thread, COP_CONTRIB_REPLY, NULL,
		"A reply from cora about gardens.");
	tu_as(tu_store, NULL);
}

static void teardown(void)
{
	tu_store_teardown();
}

/*
 * Write paths a member takes in pub, as the actor: each refused with
 * COP_EPERM and the store unchanged when @p refused (1: suspended; 2:
 * silenced in pub, where the profile, in no community, still changes),
 * else each succeeding.
 */
static void writes(cop_store *s, const char *who, int refused)
{
	char *snap = tu_snapshot(s);
	int rcs[6], i;

	tu_as(s, who);
	rcs[0] = cop_thread_create(NULL, s, "pub", COP_THREAD_DISCUSSION,
		"A new thread", NULL, NULL, "A body.");
	rcs[1] = cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "Another reply.");
	rcs[2] = cop_vote_cast(s, REPLY, COP_VOTE_UP);
	rcs[3] = cop_kudos_give(NULL, s, "pub", W.core, REPLY, "Thanks!");
	rcs[4] = cop_flag_raise(NULL, s, REPLY, "Looks off.");
	for (i = 0; i < 5; i++)
		ck_assert_msg(rcs[i] == (refused ? COP_EPERM : COP_OK),
			"write %d: %s (%s)", i, tu_ename(rcs[i]), cop_errmsg(s));
	if (refused)
		tu_assert_unchanged(s, snap, "refused writes");
	/* A profile is in no community: only a suspension stops it. */
	rcs[5] = cop_member_update(s, who, "New name", NULL, NULL);
	ck_assert_msg(rcs[5] == (refused == 1 ? COP_EPERM : COP_OK),
		"profile: %s (%s)", tu_ename(rcs[5]), cop_errmsg(s));
	tu_as(s, NULL);
	free(snap);
}

START_TEST(test_suspend)
{
	cop_store *s = tu_store;
	char *snap, op[64];

	/* Only the system suspends; a refusal changes nothing. */
	snap = tu_snapshot(s);
	tu_as(s, W.owner);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_member_suspend(s, "mia", 0, "Spam."));
	tu_as(s, NULL);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_member_suspend(s, "mia", 0, ""));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_member_suspend(s, "mia", 0, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_member_suspend(s, "mia", cop_store_now(s), "Past."));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_member_suspend(s, "nobody", 0, "Who?"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_member_unsuspend(s, "mia"));
	free(snap);

	/* Suspended for a day: nothing written anywhere, reading goes on. */
	TU_OK(s, cop_member_suspend(s, "mia", cop_store_now(s) + 24 * HOUR,
		"Spam in three communities."));
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "member.suspend");
	snap = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, snap,
		cop_member_suspend(s, "mia", 0, "Again."));
	free(snap);
	writes(s, W.member, 1);
	tu_as(s, W.member);
	ck_assert_int_eq(cop_community_create(NULL, s, "mine", "Mine", NULL,
		NULL, COP_VISIBILITY_PUBLIC), COP_EPERM);
	ck_assert_int_eq(cop_contribution_edit(NULL, s, ANSWER, "Edited.",
		NULL), COP_EPERM);
	ck_assert_int_eq(cop_contribution_create(NULL, s, W.priv_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "In priv."), COP_EPERM);
	ck_assert_int_eq(tu_count_contribs(s, W.pub_thread), 2);
	tu_as(s, NULL);

	/* An hour before the end, still; at the end, let back in. */
	tu_tick(s, 23 * HOUR);
	writes(s, W.member, 1);
	tu_tick(s, HOUR);
	writes(s, W.member, 0);
	/* Ended by the clock: nothing to lift. */
	ck_assert_int_eq(cop_member_unsuspend(s, "mia"), COP_ENOTFOUND);
}
END_TEST

START_TEST(test_unsuspend)
{
	cop_store *s = tu_store;
	char op[64];

	TU_OK(s, cop_member_suspend(s, W.member, 0, "Until we talk."));
	tu_tick(s, 1000 * HOUR);
	writes(s, W.member, 1);
	tu_as(s, W.owner);
	ck_assert_int_eq(cop_member_unsuspend(s, "mia"), COP_EPERM);
	tu_as(s, NULL);
	TU_OK(s, cop_member_unsuspend(s, "mia"));
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "member.unsuspend");
	writes(s, W.member, 0);
}
END_TEST

START_TEST(test_silence)
{
	cop_store *s = tu_store;
	char *snap, op[64];

	/* Members without the role may not silence; nothing changes. */
	snap = tu_snapshot(s);
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_community_silence(s, "pub", "mia", 0, "Rude."));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_community_silence(s, "pub", "mia", 0, "Rude."));
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_community_silence(s, "pub", "fred", 0, "Me."));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_community_silence(s, "pub", "otto", 0, "Not here."));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_community_silence(s, "pub", "mia", 0, ""));
	free(snap);

	/* fred silences mia in pub for two hours. */
	TU_OK(s, cop_community_silence(s, "pub", "mia",
		cop_store_now(s) + 2 * HOUR, "Heated words."));
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "community.silence");
	tu_as(s, NULL);
	writes(s, W.member, 2);
	/* She still reads pub, and writes elsewhere. */
	tu_as(s, W.member);
	ck_assert_int_eq(tu_count_contribs(s, W.pub_thread), 2);
	TU_OK(s, cop_contribution_create(NULL, s, W.priv_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "In priv, fine."));
	ck_assert_int_eq(cop_contribution_edit(NULL, s, ANSWER, "Edited.",
		NULL), COP_EPERM);
	tu_as(s, W.owner);
	ck_assert_int_eq(cop_answer_accept(s, ANSWER), COP_OK);
	tu_as(s, NULL);

	/* Two hours later she writes again. */
	tu_tick(s, 2 * HOUR);
	writes(s, W.member, 0);
}
END_TEST

START_TEST(test_silenced_moderator)
{
	cop_store *s = tu_store;

	/* A silenced facilitator moderates nothing there. */
	tu_as(s, W.owner);
	TU_OK(s, cop_community_silence(s, "pub", "fred", 0, "A pause."));
	tu_as(s, W.facil);
	ck_assert_int_eq(cop_community_silence(s, "pub", "mia", 0, "Rude."),
		COP_EPERM);
	ck_assert_int_eq(cop_contribution_hide(s, REPLY, "Off."), COP_EPERM);
	ck_assert_int_eq(cop_thread_set_state(s, W.pub_thread,
		COP_THREAD_LOCKED), COP_EPERM);
	ck_assert_int_eq(cop_thread_link(s, W.pub_thread, PUB_Q,
		COP_LINK_RELATED), COP_EPERM);
	ck_assert_int_eq(cop_membership_set_role(s, "pub", W.member,
		COP_ROLE_CORE), COP_EPERM);
	/* ... and still in inv. */
	TU_OK(s, cop_membership_set_role(s, "inv", W.member, COP_ROLE_CORE));
	tu_as(s, W.owner);
	ck_assert_int_eq(cop_community_unsilence(s, "pub", "mia"),
		COP_ENOTFOUND);
	TU_OK(s, cop_community_unsilence(s, "pub", "fred"));
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_LOCKED));
}
END_TEST

START_TEST(test_suspended_join)
{
	cop_store *s = tu_store;
	tu_idbuf nina;

	tu_member(s, nina, "nina");
	TU_OK(s, cop_member_suspend(s, nina, 0, "Bot."));
	tu_as(s, nina);
	ck_assert_int_eq(cop_community_join(NULL, s, "pub", nina, 0),
		COP_EPERM);
	tu_as(s, NULL);
	TU_OK(s, cop_member_unsuspend(s, nina));
	tu_as(s, nina);
	TU_OK(s, cop_community_join(NULL, s, "pub", nina, 0));
}
END_TEST

/* Whether the actor finds contribution @p id in each read path: lookup,
 * the thread's page, the author's listing, search for @p word. */
static void sees(cop_store *s, const char *who, const char *id,
	const char *thread, const char *author, const char *word, int want)
{
	cop_contribution *c = NULL;
	int rc, n0, n1;

	tu_as(s, who);
	rc = cop_contribution_lookup(&c, s, id);
	ck_assert_msg(want ? rc == COP_OK : rc == COP_ENOTFOUND, "lookup: %s",
		tu_ename(rc));
	if (c)
		ck_assert_int_eq(cop_contribution_hidden(c), !want ? 0 :
			cop_contribution_hidden(c));
	cop_contribution_free(c);
	n0 = tu_count_contribs(s, thread);
	n1 = tu_count_by_author(s, author);
	rc = tu_count_search(s, word, NULL);
	tu_as(s, NULL);
	ck_assert_int_eq(n0, tu_count_contribs(s, thread) - (want ? 0 : 1));
	ck_assert_int_eq(n1, tu_count_by_author(s, author) - (want ? 0 : 1));
	ck_assert_int_eq(rc, want ? 1 : 0);
}

START_TEST(test_hide)
{
	cop_store *s = tu_store;
	cop_contribution *c = NULL;
	char *snap, op[64];

	/* Without the role: refused, nothing changes. */
	snap = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_contribution_hide(s, REPLY, "Off topic."));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_contribution_hide(s, REPLY, "Mine, off topic."));
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_contribution_hide(s, REPLY, ""));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_contribution_unhide(s, REPLY));
	free(snap);

	sees(s, W.member, REPLY, W.pub_thread, W.core, "gardens", 1);
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_hide(s, REPLY, "Off topic."));
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "contribution.hide");
	ck_assert_int_eq(cop_contribution_hide(s, REPLY, "Again."), COP_EEXISTS);
	TU_OK(s, cop_contribution_lookup(&c, s, REPLY));
	ck_assert_int_eq(cop_contribution_hidden(c), 1);
	cop_contribution_free(c);

	/* Unseen by a member, an outsider, a silenced member; seen by its
	 * author, the facilitator, the owner and the system. */
	sees(s, W.member, REPLY, W.pub_thread, W.core, "gardens", 0);
	sees(s, W.outsider, REPLY, W.pub_thread, W.core, "gardens", 0);
	sees(s, W.silenced, REPLY, W.pub_thread, W.core, "gardens", 0);
	sees(s, W.core, REPLY, W.pub_thread, W.core, "gardens", 1);
	sees(s, W.facil, REPLY, W.pub_thread, W.core, "gardens", 1);
	sees(s, W.owner, REPLY, W.pub_thread, W.core, "gardens", 1);
	/* Nobody votes on, flags or thanks what they cannot see. */
	tu_as(s, W.member);
	ck_assert_int_eq(cop_vote_cast(s, REPLY, COP_VOTE_UP), COP_ENOTFOUND);
	ck_assert_int_eq(cop_flag_raise(NULL, s, REPLY, "Hm."), COP_ENOTFOUND);
	/* Its author still edits it. */
	tu_as(s, W.core);
	TU_OK(s, cop_contribution_edit(NULL, s, REPLY, "A reply about "
		"gardens, calmer.", NULL));

	tu_as(s, W.owner);
	TU_OK(s, cop_contribution_unhide(s, REPLY));
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "contribution.unhide");
	sees(s, W.member, REPLY, W.pub_thread, W.core, "gardens", 1);
}
END_TEST

START_TEST(test_modlog)
{
	cop_store *s = tu_store;
	cop_modlog_iter *it = NULL;
	cop_modlog_entry *e = NULL;
	cop_page page = COP_PAGE_INIT;
	char cursor[256];
	const char *kinds[8];
	int n = 0, rc, i;

	tu_as(s, W.facil);
	TU_OK(s, cop_community_silence(s, "pub", "mia", 0, "One."));
	tu_tick(s, 1000);
	TU_OK(s, cop_contribution_hide(s, REPLY, "Two."));
	tu_tick(s, 1000);
	TU_OK(s, cop_community_unsilence(s, "pub", "mia"));
	tu_tick(s, 1000);
	TU_OK(s, cop_contribution_unhide(s, REPLY));
	tu_tick(s, 1000);
	TU_OK(s, cop_community_silence(s, "priv", "mia", 0, "Elsewhere."));
	tu_as(s, NULL);
	TU_OK(s, cop_member_suspend(s, "ben", 0, "Store-wide."));

	/* Pages of two, newest first, only pub's. */
	tu_as(s, W.facil);
	page.limit = 2;
	cursor[0] = '\0';
	for (;;) {
		int got = 0;
		page.after = cursor[0] ? cursor : NULL;
		TU_OK(s, cop_modlog_iter_new(&it, s, "pub", &page));
		while ((rc = cop_modlog_iter_next(&e, it)) == COP_OK) {
			ck_assert_str_eq(cop_modlog_entry_community_id(e), W.pub);
			ck_assert_str_eq(cop_modlog_entry_actor_id(e), W.facil);
			kinds[n++] = cop_modlog_kind_name(
				cop_modlog_entry_kind_get(e));
			ck_assert(n <= 4);
			if (cop_modlog_entry_kind_get(e) == COP_MODLOG_HIDE) {
				ck_assert_str_eq(cop_modlog_entry_reason(e), "Two.");
				ck_assert_str_eq(cop_modlog_entry_contribution_id(e),
					REPLY);
				ck_assert_ptr_null(cop_modlog_entry_member_id(e));
			}
			if (cop_modlog_entry_kind_get(e) == COP_MODLOG_SILENCE) {
				ck_assert_str_eq(cop_modlog_entry_member_id(e),
					W.member);
				ck_assert(cop_modlog_entry_lifted(e) > 0);
			}
			cop_modlog_entry_free(e);
			got++;
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		if (got)
			snprintf(cursor, sizeof(cursor), "%s",
				cop_modlog_iter_cursor(it));
		cop_modlog_iter_free(it);
		if (got < 2)
			break;
	}
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(kinds[0], "unhide");
	ck_assert_str_eq(kinds[1], "unsilence");
	ck_assert_str_eq(kinds[2], "hide");
	ck_assert_str_eq(kinds[3], "silence");

	/* Who may read it. */
	for (i = 0; i < 3; i++) {
		const char *who = i == 0 ? W.member : i == 1 ? W.core : W.outsider;
		tu_as(s, who);
		ck_assert_int_eq(cop_modlog_iter_new(&it, s, "pub", NULL),
			COP_EPERM);
		ck_assert_ptr_null(it);
	}
	tu_as(s, W.owner);
	TU_OK(s, cop_modlog_iter_new(&it, s, "pub", NULL));
	cop_modlog_iter_free(it);
	ck_assert_int_eq(cop_modlog_iter_new(&it, s, NULL, NULL), COP_EPERM);
	/* The store-wide log, for the system. */
	tu_as(s, NULL);
	TU_OK(s, cop_modlog_iter_new(&it, s, NULL, NULL));
	TU_OK(s, cop_modlog_iter_next(&e, it));
	ck_assert_int_eq(cop_modlog_entry_kind_get(e), COP_MODLOG_SUSPEND);
	ck_assert_ptr_null(cop_modlog_entry_community_id(e));
	ck_assert_ptr_null(cop_modlog_entry_actor_id(e));
	ck_assert_str_eq(cop_modlog_entry_member_id(e), W.banned);
	ck_assert_int_eq(cop_modlog_entry_until(e), 0);
	cop_modlog_entry_free(e);
	ck_assert_int_eq(cop_modlog_iter_next(&e, it), COP_ITEROVER);
	cop_modlog_iter_free(it);
}
END_TEST

START_TEST(test_names)
{
	cop_modlog_kind k;

	ck_assert_str_eq(cop_modlog_kind_name(COP_MODLOG_UNSILENCE),
		"unsilence");
	ck_assert_ptr_null(cop_modlog_kind_name((cop_modlog_kind)7));
	TU_OK(NULL, cop_modlog_kind_parse(&k, "hide"));
	ck_assert_int_eq(k, COP_MODLOG_HIDE);
	ck_assert_int_eq(cop_modlog_kind_parse(&k, "ban"), COP_EINVAL);
}
END_TEST

static Suite *moderation_suite(void)
{
	Suite *s = suite_create("moderation");
	TCase *tc = tu_tcase(s, "moderation", setup, teardown);

	tcase_add_test(tc, test_suspend);
	tcase_add_test(tc, test_unsuspend);
	tcase_add_test(tc, test_silence);
	tcase_add_test(tc, test_silenced_moderator);
	tcase_add_test(tc, test_suspended_join);
	tcase_add_test(tc, test_hide);
	tcase_add_test(tc, test_modlog);
	tcase_add_test(tc, test_names);
	return s;
}

int main(void)
{
	return tu_run(moderation_suite());
}
