/*
 * check_community.c: communities, visibility, memberships, roles,
 * join/leave, who may post.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static tu_world W;

static void world_setup(void)
{
	tu_store_setup();
	tu_world_make(tu_store, &W);
}

static void world_teardown(void)
{
	tu_store_teardown();
}

/* The membership listing of @p community as "handle:role:status,..." */
static void membership_list(cop_store *s, const char *community, char *out,
	size_t outsz)
{
	cop_membership_iter *it = NULL;
	cop_membership *m = NULL;
	char item[128];
	int rc;

	out[0] = '\0';
	TU_OK(s, cop_membership_iter_new(&it, s, community, NULL));
	while ((rc = cop_membership_iter_next(&m, it)) == COP_OK) {
		snprintf(item, sizeof(item), "%s%s:%s:%s", *out ? "," : "",
			cop_membership_handle(m),
			cop_role_name(cop_membership_role(m)),
			cop_membership_status_name(
				cop_membership_status_get(m)));
		strncat(out, item, outsz - strlen(out) - 1);
		cop_membership_free(m);
	}
	ck_assert_msg(rc == COP_ITEROVER, "%s", tu_ename(rc));
	cop_membership_iter_free(it);
}

/* The role and status of @p member in @p community (as the system). */
static void membership_of(cop_store *s, const char *community,
	const char *member, int *role, int *status)
{
	cop_membership *m = NULL;
	const char *actor = cop_store_actor(s);
	tu_idbuf saved;

	saved[0] = '\0';
	if (actor)
		memcpy(saved, actor, sizeof(saved));
	tu_as(s, NULL);
	TU_OK(s, cop_membership_lookup(&m, s, community, member));
	*role = cop_membership_role(m);
	*status = cop_membership_status_get(m);
	cop_membership_free(m);
	if (saved[0])
		tu_as(s, saved);
}

/* ---- names ----------------------------------------------------------------- */

START_TEST(test_names)
{
	cop_visibility v;
	cop_role r;
	cop_membership_status st;
	int i;

	for (i = COP_VISIBILITY_PUBLIC; i <= COP_VISIBILITY_INVITE_ONLY; i++) {
		ck_assert_ptr_nonnull(cop_visibility_name(i));
		TU_OK(NULL, cop_visibility_parse(&v, cop_visibility_name(i)));
		ck_assert_int_eq(v, i);
	}
	for (i = COP_ROLE_OBSERVER; i <= COP_ROLE_OWNER; i++) {
		ck_assert_ptr_nonnull(cop_role_name(i));
		TU_OK(NULL, cop_role_parse(&r, cop_role_name(i)));
		ck_assert_int_eq(r, i);
	}
	for (i = COP_MEMBERSHIP_ACTIVE; i <= COP_MEMBERSHIP_SILENCED; i++) {
		ck_assert_ptr_nonnull(cop_membership_status_name(i));
		TU_OK(NULL, cop_membership_status_parse(&st,
			cop_membership_status_name(i)));
		ck_assert_int_eq(st, i);
	}
	ck_assert_str_eq(cop_visibility_name(COP_VISIBILITY_INVITE_ONLY),
		"invite-only");
	ck_assert_str_eq(cop_role_name(COP_ROLE_FACILITATOR), "facilitator");
	ck_assert_str_eq(cop_membership_status_name(COP_MEMBERSHIP_BANNED),
		"banned");
	ck_assert_ptr_null(cop_visibility_name((cop_visibility)9));
	ck_assert_ptr_null(cop_role_name((cop_role)-1));
	ck_assert_ptr_null(cop_membership_status_name(
		(cop_membership_status)99));
	ck_assert_int_eq(cop_role_parse(&r, "king"), COP_EINVAL);
	ck_assert_int_eq(cop_role_parse(&r, NULL), COP_EINVAL);
	ck_assert_int_eq(cop_visibility_parse(&v, "Public "), COP_EINVAL);
	ck_assert_int_eq(cop_membership_status_parse(&st, ""), COP_EINVAL);
}
END_TEST

/* ---- creation ------------------------------------------------------------------- */

START_TEST(test_create)
{
	cop_store *s = tu_store;
	cop_community *c = NULL, *g = NULL;
	cop_membership *ms = NULL;
	tu_idbuf a;
	char *before;

	tu_member(s, a, "anna");
	tu_as(s, a);
	TU_OK(s, cop_community_create(&c, s, "gardening-42", "Gärtner",
		"Grow things together", "de", COP_VISIBILITY_PRIVATE));
	ck_assert_str_eq(cop_community_slug(c), "gardening-42");
	ck_assert_str_eq(cop_community_name(c), "Gärtner");
	ck_assert_str_eq(cop_community_purpose(c), "Grow things together");
	ck_assert_str_eq(cop_community_language(c), "de");
	ck_assert_int_eq(cop_community_visibility(c), COP_VISIBILITY_PRIVATE);
	ck_assert_int_eq(cop_community_created(c), TU_T0);

	/* By id and by slug. */
	TU_OK(s, cop_community_lookup(&g, s, cop_community_id(c)));
	ck_assert_str_eq(cop_community_slug(g), "gardening-42");
	cop_community_free(g);
	TU_OK(s, cop_community_lookup(&g, s, "gardening-42"));
	ck_assert_str_eq(cop_community_id(g), cop_community_id(c));
	ck_assert_str_eq(cop_community_purpose(g), "Grow things together");
	cop_community_free(g);

	/* The creating member owns it. */
	TU_OK(s, cop_membership_lookup(&ms, s, "gardening-42", a));
	ck_assert_int_eq(cop_membership_role(ms), COP_ROLE_OWNER);
	ck_assert_int_eq(cop_membership_status_get(ms), COP_MEMBERSHIP_ACTIVE);
	ck_assert_str_eq(cop_membership_member_id(ms), a);
	ck_assert_str_eq(cop_membership_community_id(ms), cop_community_id(c));
	ck_assert_str_eq(cop_membership_handle(ms), "anna");
	cop_membership_free(ms);
	cop_community_free(c);

	/* The system creates a community with no members; defaults. */
	tu_as(s, NULL);
	TU_OK(s, cop_community_create(&c, s, "plain", "Plain", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	ck_assert_str_eq(cop_community_language(c), "en");
	ck_assert_ptr_null(cop_community_purpose(c));
	cop_community_free(c);
	ck_assert_int_eq(tu_count_memberships(s, "plain"), 0);
	ck_assert_int_eq(tu_count_communities(s), 2);

	/* Slugs are unique. */
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_community_create(&c, s, "plain", "Again", NULL, NULL,
			COP_VISIBILITY_PUBLIC));
	ck_assert_ptr_null(c);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_create(&c, s, "Upper", "X", NULL, NULL,
			COP_VISIBILITY_PUBLIC));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_create(&c, s, "-dash", "X", NULL, NULL,
			COP_VISIBILITY_PUBLIC));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_create(&c, s, "under_score", "X", NULL, NULL,
			COP_VISIBILITY_PUBLIC));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_create(&c, s, "ok", "X", NULL, NULL,
			(cop_visibility)3));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_create(&c, s, "ok", "X", NULL, "not a language",
			COP_VISIBILITY_PUBLIC));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_lookup(&g, s, "nosuch"));
	ck_assert_ptr_null(g);
	free(before);
}
END_TEST

START_TEST(test_listing_pages)
{
	cop_store *s = tu_store;
	cop_community_iter *it = NULL;
	cop_community *c = NULL;
	cop_page pg = COP_PAGE_INIT;
	char got[256] = "", *cur;

	/* The world has inv, priv, pub; the system sees all, by slug. */
	TU_OK(s, cop_community_create(NULL, s, "aaa", "A", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	pg.limit = 2;
	TU_OK(s, cop_community_iter_new(&it, s, &pg));
	while (cop_community_iter_next(&c, it) == COP_OK) {
		strcat(got, cop_community_slug(c));
		strcat(got, ",");
		cop_community_free(c);
	}
	ck_assert_str_eq(got, "aaa,inv,");
	cur = strdup(cop_community_iter_cursor(it));
	cop_community_iter_free(it);
	/* Inserted before the cursor: the next page does not move. */
	TU_OK(s, cop_community_create(NULL, s, "abc", "B", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	pg.after = cur;
	pg.limit = 0;
	TU_OK(s, cop_community_iter_new(&it, s, &pg));
	while (cop_community_iter_next(&c, it) == COP_OK) {
		strcat(got, cop_community_slug(c));
		strcat(got, ",");
		cop_community_free(c);
	}
	cop_community_iter_free(it);
	free(cur);
	ck_assert_str_eq(got, "aaa,inv,priv,pub,");
}
END_TEST

/* ---- visibility ---------------------------------------------------------------- */

/* What @p who may see of the three communities. */
static void check_sees(cop_store *s, const char *who, int pub, int priv,
	int inv)
{
	cop_community *c = NULL;
	cop_thread *t = NULL;
	cop_contribution *x = NULL;
	struct { const char *slug, *id, *thread, *post; int sees; } cs[3];
	int i, rc;

	cs[0].slug = "pub"; cs[0].id = W.pub; cs[0].thread = W.pub_thread;
	cs[0].post = W.pub_post; cs[0].sees = pub;
	cs[1].slug = "priv"; cs[1].id = W.priv; cs[1].thread = W.priv_thread;
	cs[1].post = W.priv_post; cs[1].sees = priv;
	cs[2].slug = "inv"; cs[2].id = W.inv; cs[2].thread = W.inv_thread;
	cs[2].post = W.inv_post; cs[2].sees = inv;

	tu_as(s, who);
	for (i = 0; i < 3; i++) {
		int want = cs[i].sees ? COP_OK : COP_ENOTFOUND;

		ck_assert_msg(tu_lists_community(s, cs[i].slug) == cs[i].sees,
			"listing of %s", cs[i].slug);
		rc = cop_community_lookup(&c, s, cs[i].slug);
		ck_assert_msg(rc == want, "get %s: %s", cs[i].slug,
			tu_ename(rc));
		if (rc == COP_OK)
			ck_assert_str_eq(cop_community_id(c), cs[i].id);
		else
			ck_assert_ptr_null(c);
		cop_community_free(c);
		c = NULL;
		rc = cop_community_lookup(&c, s, cs[i].id);
		ck_assert_msg(rc == want, "get %s by id: %s", cs[i].slug,
			tu_ename(rc));
		cop_community_free(c);
		c = NULL;

		rc = tu_count_threads(s, cs[i].slug);
		ck_assert_msg(cs[i].sees ? rc == 1 : rc == COP_ENOTFOUND,
			"threads of %s: %d", cs[i].slug, rc);
		/* Six memberships, ben's ban among them: the moderators',
		 * his own and the system's to see (visibility.h). */
		rc = tu_count_memberships(s, cs[i].slug);
		ck_assert_msg(cs[i].sees ? rc == (!who || who == W.owner ||
			who == W.banned ? 6 : 5) : rc == COP_ENOTFOUND,
			"memberships of %s: %d", cs[i].slug, rc);
		rc = cop_thread_lookup(&t, s, cs[i].thread);
		ck_assert_msg(rc == want, "thread of %s: %s", cs[i].slug,
			tu_ename(rc));
		cop_thread_free(t);
		t = NULL;
		rc = tu_count_contribs(s, cs[i].thread);
		ck_assert_msg(cs[i].sees ? rc == 1 : rc == COP_ENOTFOUND,
			"contributions of %s: %d", cs[i].slug, rc);
		rc = cop_contribution_lookup(&x, s, cs[i].post);
		ck_assert_msg(rc == want, "post of %s: %s", cs[i].slug,
			tu_ename(rc));
		cop_contribution_free(x);
		x = NULL;
	}
	tu_as(s, NULL);
}

START_TEST(test_visibility)
{
	cop_store *s = tu_store;

	check_sees(s, NULL, 1, 1, 1);           /* the system */
	check_sees(s, W.owner, 1, 1, 1);
	check_sees(s, W.member, 1, 1, 1);
	check_sees(s, W.silenced, 1, 1, 1);     /* reads, cannot post */
	check_sees(s, W.outsider, 1, 0, 0);
	check_sees(s, W.banned, 1, 0, 0);       /* sees what the public sees */
}
END_TEST

START_TEST(test_visibility_author_listing)
{
	cop_store *s = tu_store;

	/* olga wrote in priv; an outsider listing her work sees nothing. */
	ck_assert_int_eq(tu_count_by_author(s, W.owner), 1);
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_count_by_author(s, W.owner), 0);
	tu_as(s, W.member);
	ck_assert_int_eq(tu_count_by_author(s, W.owner), 1);
}
END_TEST

/* ---- joining and leaving ---------------------------------------------------------- */

START_TEST(test_join_public)
{
	cop_store *s = tu_store;
	cop_membership *ms = NULL;
	char *before;
	tu_idbuf nb;

	tu_tick(s, 5000);
	tu_as(s, W.outsider);
	TU_OK(s, cop_community_join(&ms, s, "pub", W.outsider, 12));
	ck_assert_int_eq(cop_membership_role(ms), COP_ROLE_MEMBER);
	ck_assert_int_eq(cop_membership_status_get(ms), COP_MEMBERSHIP_ACTIVE);
	ck_assert_int_eq(cop_membership_pledged_hours(ms), 12);
	ck_assert_int_eq(cop_membership_joined(ms), cop_store_now(s));
	ck_assert_str_eq(cop_membership_member_id(ms), W.outsider);
	ck_assert_str_eq(cop_membership_community_id(ms), W.pub);
	cop_membership_free(ms);
	/* Seven, but ben's ban is not otto's to see (visibility.h). */
	ck_assert_int_eq(tu_count_memberships(s, "pub"), 6);

	/* Once is enough. */
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_community_join(&ms, s, "pub", W.outsider, 1));
	ck_assert_ptr_null(ms);
	/* Private and invite-only communities are joined through a
	 * facilitator. */
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_join(NULL, s, "priv", W.outsider, 1));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_join(NULL, s, "inv", W.outsider, 1));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_join(NULL, s, W.inv, W.outsider, 1));
	/* Nobody adds others but facilitators. */
	tu_member(s, nb, "newbie");
	free(before);
	before = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_join(NULL, s, "pub", W.core, 1));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_join(NULL, s, "pub", W.member, 1));
	/* Newbie, in no community, is seen by nobody: not there. */
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_join(NULL, s, "pub", nb, 1));
	/* Bad pledges. */
	tu_as(s, nb);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_join(NULL, s, "pub", nb, -1));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_join(NULL, s, "pub", nb, 745));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_join(NULL, s, "nosuch", nb, 1));
	free(before);
	TU_OK(s, cop_community_join(NULL, s, "pub", nb, 744));
	ck_assert_int_eq(tu_count_memberships(s, "pub"), 7);  /* not ben */
}
END_TEST

START_TEST(test_facilitator_adds)
{
	cop_store *s = tu_store;
	char *before;
	int role, status;

	/* A facilitator no longer adds anyone without their consent: they
	 * invite (check_consent.c); only the system adds. */
	before = tu_snapshot(s);
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_join(NULL, s, "priv", W.member, 0));
	tu_as(s, W.owner);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_join(NULL, s, "pub", W.member, 0));
	/* Otto, in no community, is seen by neither: not there. */
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_join(NULL, s, "pub", W.outsider, 0));
	free(before);
	/* The system adds an outsider to the private community, who then
	 * sees it. */
	tu_as(s, NULL);
	TU_OK(s, cop_community_join(NULL, s, "priv", W.outsider, 0));
	membership_of(s, "priv", W.outsider, &role, &status);
	ck_assert_int_eq(role, COP_ROLE_MEMBER);
	ck_assert_int_eq(status, COP_MEMBERSHIP_ACTIVE);
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_lists_community(s, "priv"), 1);
	ck_assert_int_eq(tu_lists_community(s, "inv"), 0);
	ck_assert_int_eq(tu_lists_thread(s, "priv", W.priv_thread), 1);
	/* The owner invites them to the invite-only one; they accept. */
	tu_as(s, W.owner);
	TU_OK(s, cop_community_invite(NULL, s, "inv", W.outsider));
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_lists_community(s, "inv"), 0);
	TU_OK(s, cop_invitation_accept(s, "inv"));
	tu_as(s, W.outsider);
	ck_assert_int_eq(tu_lists_community(s, "inv"), 1);
	ck_assert_int_eq(tu_count_threads(s, "inv"), 1);
}
END_TEST

START_TEST(test_leave_and_rejoin)
{
	cop_store *s = tu_store;
	char list[512], *before;
	int role, status;

	tu_as(s, W.member);
	TU_OK(s, cop_community_leave(s, "priv", W.member));
	/* Gone from the listing and from the private community's sight. */
	tu_as(s, NULL);
	membership_list(s, "priv", list, sizeof(list));
	ck_assert_msg(!tu_contains(list, "mia:"), "%s", list);
	tu_as(s, W.member);
	ck_assert_int_eq(tu_lists_community(s, "priv"), 0);
	TU_RC(s, COP_ENOTFOUND, tu_count_threads(s, "priv"));
	/* A member does not make others leave. */
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_leave(s, "pub", W.core));
	free(before);

	/* Public: leave, not twice, rejoin themself. */
	TU_OK(s, cop_community_leave(s, "pub", W.member));
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_leave(s, "pub", W.member));
	free(before);
	TU_OK(s, cop_community_join(NULL, s, "pub", W.member, 2));
	membership_of(s, "pub", W.member, &role, &status);
	ck_assert_int_eq(status, COP_MEMBERSHIP_ACTIVE);
	/* Private: not by themself; back through a facilitator's
	 * invitation, which they accept. */
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_join(NULL, s, "priv", W.member, 0));
	free(before);
	tu_as(s, W.facil);
	TU_OK(s, cop_community_invite(NULL, s, "priv", W.member));
	tu_as(s, W.member);
	TU_OK(s, cop_invitation_accept(s, "priv"));
	tu_as(s, W.facil);
	membership_of(s, "priv", W.member, &role, &status);
	ck_assert_int_eq(role, COP_ROLE_MEMBER);
	ck_assert_int_eq(status, COP_MEMBERSHIP_ACTIVE);

	/* A facilitator removes a member; a member cannot remove another. */
	TU_OK(s, cop_community_leave(s, "pub", W.core));
	tu_as(s, W.member);
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_leave(s, "pub", W.silenced));
	free(before);
}
END_TEST

START_TEST(test_leave_not_member)
{
	cop_store *s = tu_store;
	char *before = tu_snapshot(s);

	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_leave(s, "pub", W.outsider));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_leave(s, "pub", W.outsider));
	free(before);
}
END_TEST

START_TEST(test_banned_cannot_rejoin)
{
	cop_store *s = tu_store;
	char *before = tu_snapshot(s);

	tu_as(s, W.banned);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_join(NULL, s, "pub", W.banned, 1));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_leave(s, "pub", W.banned));
	tu_as(s, NULL);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_join(NULL, s, "pub", W.banned, 1));
	free(before);
}
END_TEST

START_TEST(test_last_owner_stays)
{
	cop_store *s = tu_store;
	char *before = tu_snapshot(s);
	int role, status;

	tu_as(s, W.owner);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_leave(s, "pub", W.owner));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_role(s, "pub", W.owner,
			COP_ROLE_FACILITATOR));
	tu_as(s, NULL);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_status(s, "pub", W.owner,
			COP_MEMBERSHIP_BANNED));
	free(before);

	/* With a second owner, the first may step down. */
	tu_as(s, W.owner);
	TU_OK(s, cop_membership_set_role(s, "pub", W.facil, COP_ROLE_OWNER));
	TU_OK(s, cop_membership_set_role(s, "pub", W.owner, COP_ROLE_CORE));
	membership_of(s, "pub", W.owner, &role, &status);
	ck_assert_int_eq(role, COP_ROLE_CORE);
	membership_of(s, "pub", W.facil, &role, &status);
	ck_assert_int_eq(role, COP_ROLE_OWNER);
}
END_TEST

/* ---- roles and statuses ------------------------------------------------------------ */

START_TEST(test_membership_listing)
{
	char list[512];

	membership_list(tu_store, "pub", list, sizeof(list));
	ck_assert_str_eq(list, "olga:owner:active,fred:facilitator:active,"
		"cora:core:active,ben:member:banned,mia:member:active,"
		"sid:member:silenced");
}
END_TEST

START_TEST(test_membership_pages)
{
	cop_store *s = tu_store;
	cop_membership_iter *it = NULL;
	cop_membership *m = NULL;
	cop_page pg = COP_PAGE_INIT;
	char got[256] = "", *cur = NULL;
	tu_idbuf x;
	int rc;

	/* Pages of 2, with a member joining after page 1: she sorts after
	 * the cursor and shows up once, nothing repeats or goes missing. */
	pg.limit = 2;
	for (;;) {
		pg.after = cur;
		TU_OK(s, cop_membership_iter_new(&it, s, "pub", &pg));
		rc = cop_membership_iter_next(&m, it);
		if (rc == COP_ITEROVER) {
			cop_membership_iter_free(it);
			break;
		}
		do {
			ck_assert_int_eq(rc, COP_OK);
			strcat(got, cop_membership_handle(m));
			strcat(got, ",");
			cop_membership_free(m);
		} while ((rc = cop_membership_iter_next(&m, it)) != COP_ITEROVER);
		free(cur);
		cur = strdup(cop_membership_iter_cursor(it));
		cop_membership_iter_free(it);
		if (strcmp(got, "olga,fred,") == 0) {
			tu_member(s, x, "aardvark");
			TU_OK(s, cop_community_join(NULL, s, "pub", x, 0));
		}
	}
	free(cur);
	ck_assert_str_eq(got, "olga,fred,cora,aardvark,ben,mia,sid,");
}
END_TEST

START_TEST(test_roles)
{
	cop_store *s = tu_store;
	char *before;
	int role, status;

	/* Members and core members change no roles. */
	before = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_role(s, "pub", W.member, COP_ROLE_CORE));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_role(s, "pub", W.silenced, COP_ROLE_CORE));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_role(s, "pub", W.member, COP_ROLE_CORE));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_role(s, "pub", W.core,
			COP_ROLE_FACILITATOR));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_role(s, "pub", W.member, COP_ROLE_CORE));
	/* A facilitator of another community has no say here. */
	tu_as(s, NULL);
	free(before);
	TU_OK(s, cop_community_create(NULL, s, "other", "Other", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	TU_OK(s, cop_community_join(NULL, s, "other", W.outsider, 0));
	TU_OK(s, cop_membership_set_role(s, "other", W.outsider,
		COP_ROLE_FACILITATOR));
	before = tu_snapshot(s);
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_role(s, "pub", W.member, COP_ROLE_CORE));

	/* A facilitator gives roles up to facilitator ... */
	tu_as(s, W.facil);
	TU_OK(s, cop_membership_set_role(s, "pub", W.member, COP_ROLE_CORE));
	membership_of(s, "pub", W.member, &role, &status);
	ck_assert_int_eq(role, COP_ROLE_CORE);
	TU_OK(s, cop_membership_set_role(s, "pub", W.member,
		COP_ROLE_FACILITATOR));
	membership_of(s, "pub", W.member, &role, &status);
	ck_assert_int_eq(role, COP_ROLE_FACILITATOR);
	TU_OK(s, cop_membership_set_role(s, "pub", W.member,
		COP_ROLE_OBSERVER));
	membership_of(s, "pub", W.member, &role, &status);
	ck_assert_int_eq(role, COP_ROLE_OBSERVER);
	/* ... but makes no owners and does not touch the owner. */
	free(before);
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_role(s, "pub", W.member, COP_ROLE_OWNER));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_role(s, "pub", W.owner, COP_ROLE_MEMBER));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_status(s, "pub", W.owner,
			COP_MEMBERSHIP_BANNED));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_membership_set_role(s, "pub", W.member, (cop_role)5));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_membership_set_role(s, "pub", W.outsider, COP_ROLE_CORE));
	free(before);

	/* The owner makes owners. */
	tu_as(s, W.owner);
	TU_OK(s, cop_membership_set_role(s, "pub", W.member, COP_ROLE_OWNER));
	membership_of(s, "pub", W.member, &role, &status);
	ck_assert_int_eq(role, COP_ROLE_OWNER);
}
END_TEST

START_TEST(test_status_and_posting)
{
	cop_store *s = tu_store;
	cop_thread *t = NULL;
	cop_contribution *c = NULL;
	char *before;
	int role, status;

	/* Banned and silenced members cannot post. */
	before = tu_snapshot(s);
	tu_as(s, W.banned);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION, "Spam",
			NULL, NULL, "spam spam"));
	ck_assert_ptr_null(t);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_REPLY,
			NULL, NULL, NULL, "spam"));
	ck_assert_ptr_null(c);
	tu_as(s, W.silenced);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION, "Psst",
			NULL, NULL, "hello?"));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_REPLY,
			NULL, NULL, NULL, "hello?"));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_thread_create(&t, s, "priv", COP_THREAD_QUESTION, "Psst",
			NULL, NULL, "hello?"));
	/* Outsiders neither, even in a public community. */
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION, "Hi",
			NULL, NULL, "hi"));
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_REPLY,
			NULL, NULL, NULL, "hi"));

	/* Only facilitators change statuses. */
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_status(s, "pub", W.silenced,
			COP_MEMBERSHIP_ACTIVE));
	tu_as(s, W.silenced);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_status(s, "pub", W.silenced,
			COP_MEMBERSHIP_ACTIVE));
	free(before);

	/* A facilitator silences mia, who then cannot post; reinstated,
	 * she can. */
	tu_as(s, W.facil);
	TU_OK(s, cop_membership_set_status(s, "pub", W.member,
		COP_MEMBERSHIP_SILENCED));
	membership_of(s, "pub", W.member, &role, &status);
	ck_assert_int_eq(status, COP_MEMBERSHIP_SILENCED);
	tu_as(s, W.member);
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_create(&c, s, W.pub_thread, COP_CONTRIB_REPLY,
			NULL, NULL, NULL, "can I?"));
	/* Nor edit her own post. */
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_edit(&c, s, W.pub_post, "edited", NULL));
	free(before);
	tu_as(s, W.facil);
	TU_OK(s, cop_membership_set_status(s, "pub", W.member,
		COP_MEMBERSHIP_ACTIVE));
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_create(&c, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "I can"));
	cop_contribution_free(c);

	/* Reinstated, ben posts again. */
	tu_as(s, W.facil);
	TU_OK(s, cop_membership_set_status(s, "pub", W.banned,
		COP_MEMBERSHIP_ACTIVE));
	tu_as(s, W.banned);
	TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION,
		"Back", NULL, NULL, "I am back"));
	cop_thread_free(t);
	ck_assert_int_eq(tu_count_threads(s, "pub"), 2);
	ck_assert_int_eq(tu_count_contribs(s, W.pub_thread), 2);
}
END_TEST

START_TEST(test_ban_hides_private)
{
	cop_store *s = tu_store;
	cop_thread *t = NULL;

	tu_as(s, W.member);
	TU_OK(s, cop_thread_lookup(&t, s, W.priv_thread));
	cop_thread_free(t);
	tu_as(s, W.facil);
	TU_OK(s, cop_membership_set_status(s, "priv", W.member,
		COP_MEMBERSHIP_BANNED));
	tu_as(s, W.member);
	TU_RC(s, COP_ENOTFOUND, cop_thread_lookup(&t, s, W.priv_thread));
	ck_assert_ptr_null(t);
	ck_assert_int_eq(tu_lists_community(s, "priv"), 0);
}
END_TEST

START_TEST(test_pledge)
{
	cop_store *s = tu_store;
	cop_membership *ms = NULL;
	char *before;

	tu_as(s, W.member);
	TU_OK(s, cop_membership_set_pledge(s, "pub", W.member, 20));
	TU_OK(s, cop_membership_lookup(&ms, s, "pub", W.member));
	ck_assert_int_eq(cop_membership_pledged_hours(ms), 20);
	ck_assert_int_eq(cop_membership_role(ms), COP_ROLE_MEMBER);
	cop_membership_free(ms);
	tu_as(s, W.facil);
	TU_OK(s, cop_membership_set_pledge(s, "pub", W.member, 0));
	TU_OK(s, cop_membership_lookup(&ms, s, "pub", W.member));
	ck_assert_int_eq(cop_membership_pledged_hours(ms), 0);
	cop_membership_free(ms);

	before = tu_snapshot(s);
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_membership_set_pledge(s, "pub", W.member, 5));
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_membership_set_pledge(s, "pub", W.member, 745));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_membership_set_pledge(s, "pub", W.member, -3));
	free(before);
}
END_TEST

START_TEST(test_stats_by_community)
{
	cop_store *s = tu_store;
	cop_stats st;

	memset(&st, 0, sizeof(st));
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	ck_assert_int_eq(st.version, COP_STATS_VERSION);
	ck_assert_int_eq(st.members, 7);
	ck_assert_int_eq(st.communities, 3);
	ck_assert_int_eq(st.threads, 3);
	ck_assert_int_eq(st.questions, 1);
	ck_assert_int_eq(st.contributions, 3);
	TU_OK(s, cop_stats_lookup(&st, s, "priv"));
	ck_assert_int_eq(st.threads, 1);
	ck_assert_int_eq(st.questions, 1);
	ck_assert_int_eq(st.contributions, 1);
	TU_OK(s, cop_stats_lookup(&st, s, "pub"));
	ck_assert_int_eq(st.questions, 0);
	tu_as(s, W.outsider);
	TU_RC(s, COP_ENOTFOUND, cop_stats_lookup(&st, s, "priv"));
	TU_RC(s, COP_ENOTFOUND, cop_stats_lookup(&st, s, "nosuch"));
}
END_TEST

static Suite *community_suite(void)
{
	Suite *s = suite_create("community");
	TCase *tc;

	tc = tu_tcase(s, "basics", tu_store_setup, tu_store_teardown);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_create);

	tc = tu_tcase(s, "world", world_setup, world_teardown);
	tcase_add_test(tc, test_listing_pages);
	tcase_add_test(tc, test_visibility);
	tcase_add_test(tc, test_visibility_author_listing);
	tcase_add_test(tc, test_join_public);
	tcase_add_test(tc, test_facilitator_adds);
	tcase_add_test(tc, test_leave_and_rejoin);
	tcase_add_test(tc, test_leave_not_member);
	tcase_add_test(tc, test_banned_cannot_rejoin);
	tcase_add_test(tc, test_last_owner_stays);
	tcase_add_test(tc, test_membership_listing);
	tcase_add_test(tc, test_membership_pages);
	tcase_add_test(tc, test_roles);
	tcase_add_test(tc, test_status_and_posting);
	tcase_add_test(tc, test_ban_hides_private);
	tcase_add_test(tc, test_pledge);
	tcase_add_test(tc, test_stats_by_community);
	return s;
}

int main(void)
{
	return tu_run(community_suite());
}
