/*
 * check_consent.c: joining with consent (community.h): join requests
 * asked, listed, approved and declined; invitations made, listed,
 * accepted and declined; facilitators no longer adding anyone, the system
 * still; every refusal changing nothing; each step in the change log;
 * and a community's update, validated, permission-checked and logged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define HOUR (3600000LL)

TU_WORLD_FIXTURE(W)

/* Assert that @p expr fails with @p want and a message holding
 * @p text, changing nothing. */
#define FAILS_SAYING(s, want, text, expr) do { \
	char *b_ = tu_snapshot(s); \
	char m_[512]; \
	TU_RC((s), (want), (expr)); \
	snprintf(m_, sizeof(m_), "%s", cop_errmsg(s)); \
	ck_assert_msg(strstr(m_, (text)) != NULL, "%s", m_); \
	tu_assert_unchanged((s), b_, #expr); \
	free(b_); \
} while (0)

#define ASSERT_LAST_OP(s, want) do { \
	char op_[64]; \
	tu_last_op((s), op_, sizeof(op_)); \
	ck_assert_str_eq(op_, (want)); \
} while (0)

/* The status of @p member's membership in @p community, as the system
 * (-1: none); the actor is kept. */
static int status_of(cop_store *s, const char *community, const char *member)
{
	cop_membership *m = NULL;
	tu_idbuf saved;
	int rc, st = -1;

	tu_as_system(s, saved);
	rc = cop_membership_lookup(&m, s, community, member);
	if (rc == COP_OK)
		st = cop_membership_status_get(m);
	else
		ck_assert_int_eq(rc, COP_ENOTFOUND);
	cop_membership_free(m);
	tu_as_restore(s, saved);
	return st;
}

/* A community's pending requests as "handle,handle" (one page of
 * @p limit after @p after; *next receives the cursor). */
static int requests(cop_store *s, const char *community, const char *after,
	unsigned int limit, char *out, size_t n, char *next, size_t nn)
{
	cop_page page = COP_PAGE_INIT;
	cop_membership_iter *it = NULL;
	cop_membership *m = NULL;
	const char *c;
	int rc;

	out[0] = '\0';
	page.after = after;
	page.limit = limit;
	if ((rc = cop_community_request_iter_new(&it, s, community, &page))
			!= COP_OK)
		return rc;
	while ((rc = cop_membership_iter_next(&m, it)) == COP_OK) {
		ck_assert_int_eq(cop_membership_status_get(m),
			COP_MEMBERSHIP_PENDING);
		if (*out)
			strncat(out, ",", n - strlen(out) - 1);
		strncat(out, cop_membership_handle(m), n - strlen(out) - 1);
		cop_membership_free(m);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	if (next) {
		c = cop_membership_iter_cursor(it);
		snprintf(next, nn, "%s", c ? c : "");
	}
	cop_membership_iter_free(it);
	return COP_OK;
}

/* The actor's invitations as "slug,slug". */
static void invitations(cop_store *s, char *out, size_t n)
{
	cop_membership_iter *it = NULL;
	cop_membership *m = NULL;
	int rc;

	out[0] = '\0';
	TU_OK(s, cop_invitation_iter_new(&it, s, NULL));
	while ((rc = cop_membership_iter_next(&m, it)) == COP_OK) {
		ck_assert_int_eq(cop_membership_status_get(m),
			COP_MEMBERSHIP_INVITED);
		ck_assert_ptr_nonnull(cop_membership_community_slug(m));
		if (*out)
			strncat(out, ",", n - strlen(out) - 1);
		strncat(out, cop_membership_community_slug(m),
			n - strlen(out) - 1);
		cop_membership_free(m);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_membership_iter_free(it);
}

/* ---- join requests ------------------------------------------------------------ */

START_TEST(test_request_approve)
{
	cop_store *s = tu_store;
	cop_membership *ms = NULL;
	char list[256], *before;

	/* otto asks to join the invite-only community he cannot see. */
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_lists_community(s, "inv"), 0);
	TU_OK(s, cop_community_request(&ms, s, "inv"));
	ck_assert_int_eq(cop_membership_status_get(ms), COP_MEMBERSHIP_PENDING);
	ck_assert_int_eq(cop_membership_role(ms), COP_ROLE_MEMBER);
	ck_assert_str_eq(cop_membership_member_id(ms), W.outsider);
	ck_assert_str_eq(cop_membership_handle(ms), "otto");
	cop_membership_free(ms);
	ASSERT_LAST_OP(s, "membership.request");
	/* Asking sees nothing more, nor posts. */
	ck_assert_int_eq(tu_lists_community(s, "inv"), 0);
	TU_RC(s, COP_ENOTFOUND, tu_count_threads(s, "inv"));
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_community_request(NULL, s, "inv"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_join(NULL, s, "inv", W.outsider, 0));
	/* Nor can he answer it himself; a member or core member cannot
	 * either, nor list the requests. */
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_approve(s, "inv", W.outsider));
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_approve(s, "inv", W.outsider));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_decline(s, "inv", W.outsider));
	TU_RC(s, COP_EPERM, requests(s, "inv", NULL, 0, list, sizeof(list),
		NULL, 0));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_approve(s, "inv", W.outsider));
	free(before);
	/* The facilitator lists and approves it. */
	tu_as(s, W.facil);
	TU_OK(s, requests(s, "inv", NULL, 0, list, sizeof(list), NULL, 0));
	ck_assert_str_eq(list, "otto");
	tu_tick(s, 1000);
	TU_OK(s, cop_community_approve(s, "inv", W.outsider));
	ASSERT_LAST_OP(s, "membership.approve");
	ck_assert_int_eq(status_of(s, "inv", W.outsider),
		COP_MEMBERSHIP_ACTIVE);
	TU_OK(s, requests(s, "inv", NULL, 0, list, sizeof(list), NULL, 0));
	ck_assert_str_eq(list, "");
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_approve(s, "inv", W.outsider));
	free(before);
	/* otto is in: he sees and posts. */
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_lists_community(s, "inv"), 1);
	ck_assert_int_eq(tu_count_threads(s, "inv"), 1);
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_community_request(NULL, s, "inv"));
	free(before);
}
END_TEST

START_TEST(test_request_decline)
{
	cop_store *s = tu_store;
	char list[256], *before;

	tu_as(s, W.outsider);
	TU_OK(s, cop_community_request(NULL, s, "inv"));
	/* The owner declines: the membership is "left". */
	tu_as(s, W.owner);
	TU_OK(s, cop_community_decline(s, "inv", W.outsider));
	ASSERT_LAST_OP(s, "membership.decline");
	ck_assert_int_eq(status_of(s, "inv", W.outsider), COP_MEMBERSHIP_LEFT);
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_approve(s, "inv", W.outsider));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_decline(s, "inv", W.outsider));
	free(before);
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_lists_community(s, "inv"), 0);
	/* He may ask again at once. */
	TU_OK(s, cop_community_request(NULL, s, "inv"));
	ck_assert_int_eq(status_of(s, "inv", W.outsider),
		COP_MEMBERSHIP_PENDING);
	/* The system answers requests too. */
	tu_as(s, NULL);
	TU_OK(s, cop_community_decline(s, "inv", W.outsider));
	tu_as(s, W.outsider);
	TU_OK(s, cop_community_request(NULL, s, "inv"));
	/* A facilitator who wants no more bans the request. */
	tu_as(s, W.facil);
	TU_OK(s, cop_membership_set_status(s, "inv", W.outsider,
		COP_MEMBERSHIP_BANNED));
	TU_OK(s, requests(s, "inv", NULL, 0, list, sizeof(list), NULL, 0));
	ck_assert_str_eq(list, "");
	tu_as(s, W.outsider);
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_request(NULL, s, "inv"));
	free(before);
}
END_TEST

START_TEST(test_request_refused)
{
	cop_store *s = tu_store;
	char *before = tu_snapshot(s);
	cop_community *c = NULL;

	tu_as(s, W.outsider);
	/* A private community takes no requests, and says no more than a
	 * lookup does. */
	TU_RC(s, COP_ENOTFOUND, cop_community_lookup(&c, s, "priv"));
	FAILS_SAYING(s, COP_ENOTFOUND, "no such community",
		cop_community_request(NULL, s, "priv"));
	/* A public one is joined; no such community; bad arguments. */
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_request(NULL, s, "pub"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_request(NULL, s, "nosuch"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_request(NULL, s, ""));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_request(NULL, s, NULL));
	/* Members, the banned, the system. */
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_community_request(NULL, s, "inv"));
	tu_as(s, W.banned);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_request(NULL, s, "inv"));
	tu_as(s, NULL);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_request(NULL, s, "inv"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_approve(s, "inv", W.outsider));
	/* A suspended member asks nothing. */
	TU_OK(s, cop_member_suspend(s, W.outsider, 0, "Spam."));
	free(before);
	before = tu_snapshot(s);
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_request(NULL, s, "inv"));
	free(before);
}
END_TEST

START_TEST(test_requests_paged)
{
	cop_store *s = tu_store;
	static const char *const handles[] = { "zoe", "abe", "kim" };
	char list[256], next[160], all[256];
	tu_idbuf id;
	size_t i;

	for (i = 0; i < 3; i++) {
		tu_as(s, NULL);
		tu_member(s, id, handles[i]);
		tu_as(s, id);
		TU_OK(s, cop_community_request(NULL, s, "inv"));
	}
	/* otto asks and is approved: not a request any more. */
	tu_as(s, W.outsider);
	TU_OK(s, cop_community_request(NULL, s, "inv"));
	tu_as(s, W.facil);
	TU_OK(s, cop_community_approve(s, "inv", W.outsider));
	/* Pages of one, by handle, with cursors. */
	all[0] = '\0';
	next[0] = '\0';
	for (i = 0; i < 4; i++) {
		TU_OK(s, requests(s, "inv", i ? next : NULL, 1, list,
			sizeof(list), next, sizeof(next)));
		if (!*list)
			break;
		if (*all)
			strcat(all, ",");
		strcat(all, list);
	}
	ck_assert_str_eq(all, "abe,kim,zoe");
	ck_assert_int_eq((int)i, 3);
}
END_TEST

/* ---- invitations ---------------------------------------------------------------- */

/* Make member @p id seen by everyone (visibility.h: a member of a public
 * community), as the system: a member in no community is seen by none,
 * and a facilitator invites only members they see. */
static void seen_by_all(cop_store *s, const char *id)
{
	tu_idbuf saved;

	int rc;

	tu_as_system(s, saved);
	rc = cop_community_create(NULL, s, "lobby", "Lobby", NULL, "en",
		COP_VISIBILITY_PUBLIC);
	ck_assert_msg(rc == COP_OK || rc == COP_EEXISTS, "%s", cop_errmsg(s));
	TU_OK(s, cop_community_join(NULL, s, "lobby", id, 0));
	tu_as_restore(s, saved);
}

START_TEST(test_invite_accept)
{
	cop_store *s = tu_store;
	cop_membership *ms = NULL;
	char list[256], *before;

	/* Otto, in no community, is seen by nobody: not invited but by the
	 * system (test_invite_unseen); once in a public one, by fred. */
	seen_by_all(s, W.outsider);
	tu_as(s, W.facil);
	TU_OK(s, cop_community_invite(&ms, s, "priv", W.outsider));
	ck_assert_int_eq(cop_membership_status_get(ms), COP_MEMBERSHIP_INVITED);
	ck_assert_str_eq(cop_membership_handle(ms), "otto");
	cop_membership_free(ms);
	ASSERT_LAST_OP(s, "membership.invite");
	/* Not a join request. */
	TU_OK(s, requests(s, "priv", NULL, 0, list, sizeof(list), NULL, 0));
	ck_assert_str_eq(list, "");
	/* The invitee sees the invitation, and nothing more yet. */
	tu_as(s, W.outsider);
	invitations(s, list, sizeof(list));
	ck_assert_str_eq(list, "priv");
	ck_assert_int_eq(tu_lists_community(s, "priv"), 0);
	TU_RC(s, COP_ENOTFOUND, tu_count_threads(s, "priv"));
	/* Others do not answer it for him. */
	tu_as(s, W.member);
	invitations(s, list, sizeof(list));
	ck_assert_str_eq(list, "");
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_invitation_accept(s, "priv"));
	tu_as(s, NULL);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_invitation_accept(s, "priv"));
	invitations(s, list, sizeof(list));
	ck_assert_str_eq(list, "");
	free(before);
	/* He accepts. */
	tu_as(s, W.outsider);
	TU_OK(s, cop_invitation_accept(s, "priv"));
	ASSERT_LAST_OP(s, "membership.accept");
	ck_assert_int_eq(status_of(s, "priv", W.outsider),
		COP_MEMBERSHIP_ACTIVE);
	ck_assert_int_eq(tu_lists_community(s, "priv"), 1);
	ck_assert_int_eq(tu_count_threads(s, "priv"), 1);
	invitations(s, list, sizeof(list));
	ck_assert_str_eq(list, "");
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_invitation_accept(s, "priv"));
	free(before);
}
END_TEST

START_TEST(test_invite_decline)
{
	cop_store *s = tu_store;
	char list[256], *before;

	tu_as(s, NULL);
	TU_OK(s, cop_community_invite(NULL, s, "inv", W.outsider));
	seen_by_all(s, W.outsider);
	tu_as(s, W.owner);
	TU_OK(s, cop_community_invite(NULL, s, "pub", W.outsider));
	tu_as(s, W.outsider);
	invitations(s, list, sizeof(list));
	ck_assert_msg(tu_contains(list, "inv") && tu_contains(list, "pub"),
		"%s", list);
	TU_OK(s, cop_invitation_decline(s, "inv"));
	ASSERT_LAST_OP(s, "membership.refuse");
	ck_assert_int_eq(status_of(s, "inv", W.outsider), COP_MEMBERSHIP_LEFT);
	invitations(s, list, sizeof(list));
	ck_assert_str_eq(list, "pub");
	ck_assert_int_eq(tu_lists_community(s, "inv"), 0);
	/* Nothing left to answer, and nothing shown of the community. */
	before = tu_snapshot(s);
	FAILS_SAYING(s, COP_ENOTFOUND, "no such community",
		cop_invitation_accept(s, "inv"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_invitation_decline(s, "inv"));
	free(before);
	/* He may be invited again; he may ask again. */
	TU_OK(s, cop_community_request(NULL, s, "inv"));
	tu_as(s, W.facil);
	TU_OK(s, cop_community_decline(s, "inv", W.outsider));
	TU_OK(s, cop_community_invite(NULL, s, "inv", W.outsider));
	ck_assert_int_eq(status_of(s, "inv", W.outsider),
		COP_MEMBERSHIP_INVITED);
}
END_TEST

START_TEST(test_invite_refused)
{
	cop_store *s = tu_store;
	tu_idbuf nb;
	char *before;

	tu_member(s, nb, "newbie");
	before = tu_snapshot(s);
	/* Only facilitators, owners and the system invite. */
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_invite(NULL, s, "pub", nb));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_invite(NULL, s, "inv", nb));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_invite(NULL, s, "priv", nb));
	/* Members, the banned, unknown members, bad arguments. */
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_community_invite(NULL, s, "inv", W.member));
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_community_invite(NULL, s, "inv", W.silenced));
	/* Bea, banned and in no other community, is seen by none of its
	 * ordinary members, but by those who moderate it (her ban is
	 * theirs to manage, visibility.h): the facilitator, and the
	 * system, are told she is banned. */
	FAILS_SAYING(s, COP_EPERM, "is banned from community 'inv'",
		cop_community_invite(NULL, s, "inv", W.banned));
	tu_as(s, NULL);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_invite(NULL, s, "inv", W.banned));
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_invite(NULL, s, "inv",
			"01890000-0000-7000-8000-000000000000"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_invite(NULL, s, "inv", "not an id"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_invite(NULL, s, "nosuch", nb));
	free(before);
	/* Not twice; not over a pending request (newbie and otto first
	 * made ones fred sees). */
	seen_by_all(s, nb);
	seen_by_all(s, W.outsider);
	TU_OK(s, cop_community_invite(NULL, s, "inv", nb));
	tu_as(s, W.outsider);
	TU_OK(s, cop_community_request(NULL, s, "inv"));
	tu_as(s, W.facil);
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_community_invite(NULL, s, "inv", nb));
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_community_invite(NULL, s, "inv", W.outsider));
	/* Nor a request over an invitation. */
	tu_as(s, nb);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_community_request(NULL, s, "inv"));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_join(NULL, s, "inv", nb, 0));
	free(before);
	/* Nor does a facilitator make an invitation a membership. */
	tu_as(s, W.facil);
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_status(s, "inv", nb, COP_MEMBERSHIP_ACTIVE));
	free(before);
	/* A silenced facilitator invites nobody. */
	tu_as(s, W.owner);
	TU_OK(s, cop_community_silence(s, "pub", W.facil, 0, "Cool off."));
	tu_as(s, W.facil);
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_invite(NULL, s, "pub", W.outsider));
	free(before);
}
END_TEST

START_TEST(test_no_force_add)
{
	cop_store *s = tu_store;
	char *before = tu_snapshot(s);

	/* Facilitators and owners add nobody without consent (otto made
	 * one they see first: one they do not is not there for them). */
	free(before);
	seen_by_all(s, W.outsider);
	before = tu_snapshot(s);
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_join(NULL, s, "inv", W.outsider, 0));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_join(NULL, s, "pub", W.outsider, 0));
	tu_as(s, W.owner);
	FAILS_SAYING(s, COP_EPERM, "invite",
		cop_community_join(NULL, s, "priv", W.outsider, 0));
	free(before);
	/* The system still does, also over a request or an invitation. */
	tu_as(s, NULL);
	TU_OK(s, cop_community_join(NULL, s, "priv", W.outsider, 0));
	ck_assert_int_eq(status_of(s, "priv", W.outsider),
		COP_MEMBERSHIP_ACTIVE);
	TU_OK(s, cop_community_invite(NULL, s, "inv", W.outsider));
	TU_OK(s, cop_community_join(NULL, s, "inv", W.outsider, 0));
	ck_assert_int_eq(status_of(s, "inv", W.outsider),
		COP_MEMBERSHIP_ACTIVE);
}
END_TEST

/* ---- a community's update ---------------------------------------------------- */

START_TEST(test_update)
{
	cop_store *s = tu_store;
	cop_community *c = NULL;
	char *before, *big;

	tu_as(s, W.facil);
	TU_OK(s, cop_community_update(&c, s, "pub", "The open square", NULL,
		NULL, COP_VISIBILITY_UNCHANGED));
	ck_assert_str_eq(cop_community_name(c), "The open square");
	ck_assert_str_eq(cop_community_purpose(c), "Practice in the open");
	ck_assert_str_eq(cop_community_language(c), "en");
	ck_assert_int_eq(cop_community_visibility(c), COP_VISIBILITY_PUBLIC);
	cop_community_free(c);
	ASSERT_LAST_OP(s, "community.update");
	tu_as(s, W.owner);
	TU_OK(s, cop_community_update(NULL, s, "pub", NULL, "", "de",
		COP_VISIBILITY_INVITE_ONLY));
	TU_OK(s, cop_community_lookup(&c, s, "pub"));
	ck_assert_str_eq(cop_community_name(c), "The open square");
	ck_assert_ptr_null(cop_community_purpose(c));
	ck_assert_str_eq(cop_community_language(c), "de");
	ck_assert_int_eq(cop_community_visibility(c),
		COP_VISIBILITY_INVITE_ONLY);
	cop_community_free(c);
	/* Now invite-only: an outsider no longer sees it. */
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_lists_community(s, "pub"), 0);

	/* Refused, and nothing changes. */
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_update(NULL, s, "pub", "Mine", NULL, NULL,
			COP_VISIBILITY_PUBLIC));
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_update(NULL, s, "pub", "Mine", NULL, NULL,
			COP_VISIBILITY_UNCHANGED));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_update(NULL, s, "pub", NULL, "Ours", NULL,
			COP_VISIBILITY_UNCHANGED));
	/* Validated as a creation is. */
	tu_as(s, W.owner);
	big = tu_repeat('x', 201);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_update(NULL, s, "pub", "", NULL, NULL,
			COP_VISIBILITY_UNCHANGED));
	TU_FAILS_UNCHANGED(s, COP_ETOOBIG, before,
		cop_community_update(NULL, s, "pub", big, NULL, NULL,
			COP_VISIBILITY_UNCHANGED));
	TU_FAILS_UNCHANGED(s, COP_EENCODING, before,
		cop_community_update(NULL, s, "pub", "Bad \xff name", NULL,
			NULL, COP_VISIBILITY_UNCHANGED));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_update(NULL, s, "pub", NULL, NULL, "not a tag!",
			COP_VISIBILITY_UNCHANGED));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_update(NULL, s, "pub", NULL, NULL, NULL, 7));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_update(NULL, s, "pub", NULL, NULL, NULL,
			COP_VISIBILITY_UNCHANGED));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_update(NULL, s, "nosuch", "X", NULL, NULL,
			COP_VISIBILITY_UNCHANGED));
	free(big);
	big = tu_repeat('p', 4001);
	TU_FAILS_UNCHANGED(s, COP_ETOOBIG, before,
		cop_community_update(NULL, s, "pub", NULL, big, NULL,
			COP_VISIBILITY_UNCHANGED));
	free(big);
	/* A suspended owner changes nothing. */
	tu_as(s, NULL);
	TU_OK(s, cop_member_suspend(s, W.owner, 0, "Away."));
	free(before);
	before = tu_snapshot(s);
	tu_as(s, W.owner);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_update(NULL, s, "pub", "Mine", NULL, NULL,
			COP_VISIBILITY_UNCHANGED));
	free(before);
	/* The system may. */
	tu_as(s, NULL);
	TU_OK(s, cop_community_update(NULL, s, "priv", NULL, NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_lists_community(s, "priv"), 1);
}
END_TEST

START_TEST(test_names)
{
	cop_membership_status st;

	ck_assert_str_eq(cop_membership_status_name(COP_MEMBERSHIP_INVITED),
		"invited");
	TU_OK(NULL, cop_membership_status_parse(&st, "invited"));
	ck_assert_int_eq(st, COP_MEMBERSHIP_INVITED);
	ck_assert_ptr_null(cop_membership_status_name(
		(cop_membership_status)6));
}
END_TEST

static Suite *consent_suite(void)
{
	Suite *s = suite_create("consent");
	TCase *tc = tu_tcase(s, "consent", setup, teardown);

	tcase_add_test(tc, test_request_approve);
	tcase_add_test(tc, test_request_decline);
	tcase_add_test(tc, test_request_refused);
	tcase_add_test(tc, test_requests_paged);
	tcase_add_test(tc, test_invite_accept);
	tcase_add_test(tc, test_invite_decline);
	tcase_add_test(tc, test_invite_refused);
	tcase_add_test(tc, test_no_force_add);
	tcase_add_test(tc, test_update);
	tcase_add_test(tc, test_names);
	return s;
}

int main(void)
{
	return tu_run(consent_suite());
}
