/*
 * check_editing.c: the rest of "moderation that holds" (moderation.h):
 * moderators editing others' contributions, each revision recording who
 * made the edit; a revision's text redacted, the fact and the reason
 * kept, in the moderation and change logs; an upheld flag hiding its
 * contribution when its community says so, and not otherwise; every
 * refusal changing nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

TU_WORLD_FIXTURE(W)

#define ASSERT_LAST_OP(s, want) do { \
	char op_[64]; \
	tu_last_op((s), op_, sizeof(op_)); \
	ck_assert_str_eq(op_, (want)); \
} while (0)

/* Revision @p number of @p contribution (as the actor). */
static cop_revision *revision(cop_store *s, const char *contribution,
	int number)
{
	cop_revision_iter *it = NULL;
	cop_revision *r = NULL, *found = NULL;
	int rc;

	TU_OK(s, cop_revision_iter_new(&it, s, contribution));
	while ((rc = cop_revision_iter_next(&r, it)) == COP_OK) {
		if (cop_revision_number(r) == number && !found)
			found = r;
		else
			cop_revision_free(r);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_revision_iter_free(it);
	ck_assert_msg(found != NULL, "no revision %d", number);
	return found;
}

/* The newest moderation log entry of @p community (as the system). */
static void last_modlog(cop_store *s, const char *community,
	cop_modlog_kind *kind, char *reason, size_t n, char *object)
{
	cop_modlog_iter *it = NULL;
	cop_modlog_entry *e = NULL;
	tu_idbuf saved;

	tu_as_system(s, saved);
	TU_OK(s, cop_modlog_iter_new(&it, s, community, NULL));
	TU_OK(s, cop_modlog_iter_next(&e, it));
	*kind = cop_modlog_entry_kind_get(e);
	snprintf(reason, n, "%s", cop_modlog_entry_reason(e));
	snprintf(object, sizeof(tu_idbuf), "%s",
		cop_modlog_entry_contribution_id(e) ?
		cop_modlog_entry_contribution_id(e) : "");
	cop_modlog_entry_free(e);
	cop_modlog_iter_free(it);
	tu_as_restore(s, saved);
}

START_TEST(test_editor_recorded)
{
	cop_store *s = tu_store;
	cop_revision *r;
	char *before;

	/* The author, then a facilitator, then a member holding the
	 * moderate privilege, then the system edit mia's post. */
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "Hello again",
		"typo"));
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "Hello, all",
		"tidied"));
	tu_as(s, NULL);
	TU_OK(s, cop_trust_set(s, "pub", W.core, 4));
	tu_as(s, W.core);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "Hello, everyone",
		NULL));
	ASSERT_LAST_OP(s, "contribution.edit");
	tu_as(s, NULL);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "Hello!", NULL));
	/* Each revision records who made the edit that replaced it. */
	tu_as(s, W.outsider);
	r = revision(s, W.pub_post, 1);
	ck_assert_str_eq(cop_revision_body(r), "Hello from the public square");
	ck_assert_str_eq(cop_revision_author_id(r), W.member);
	ck_assert_str_eq(cop_revision_editor_id(r), W.member);
	ck_assert_str_eq(cop_revision_comment(r), "typo");
	ck_assert_int_eq(cop_revision_redacted(r), 0);
	cop_revision_free(r);
	r = revision(s, W.pub_post, 2);
	ck_assert_str_eq(cop_revision_editor_id(r), W.facil);
	ck_assert_str_eq(cop_revision_author_id(r), W.member);
	cop_revision_free(r);
	r = revision(s, W.pub_post, 3);
	ck_assert_str_eq(cop_revision_editor_id(r), W.core);
	cop_revision_free(r);
	r = revision(s, W.pub_post, 4);
	ck_assert_ptr_null(cop_revision_editor_id(r));
	cop_revision_free(r);
	/* Others without the role or privilege still may not. */
	before = tu_snapshot(s);
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_edit(NULL, s, W.pub_post, "Mine", NULL));
	tu_as(s, W.silenced);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_edit(NULL, s, W.pub_post, "Mine", NULL));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_contribution_edit(NULL, s, W.inv_post, "Mine", NULL));
	free(before);
}
END_TEST

START_TEST(test_redact)
{
	cop_store *s = tu_store;
	cop_modlog_kind kind;
	cop_revision *r;
	char reason[128], object[64], *before;

	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post,
		"My phone is private now", "oops"));
	/* Refused: members, core, the current text, bad numbers, bad
	 * reasons; nothing changes. */
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_revision_redact(s, W.pub_post, 1, "My own."));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_revision_redact(s, W.pub_post, 1, "Doxxing."));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_revision_redact(s, W.priv_post, 1, "Doxxing."));
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_revision_redact(s, W.pub_post, 2, "Current."));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_revision_redact(s, W.pub_post, 3, "Beyond."));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_revision_redact(s, W.pub_post, 0, "Zero."));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_revision_redact(s, W.pub_post, 1, ""));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_revision_redact(s, W.pub_post, 1, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_revision_redact(s, "not an id", 1, "Bad."));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_revision_redact(s, W.inv_post, 1, "Never edited."));
	free(before);
	/* The facilitator redacts revision 1. */
	tu_tick(s, 1000);
	TU_OK(s, cop_revision_redact(s, W.pub_post, 1, "Personal data."));
	ASSERT_LAST_OP(s, "contribution.redact");
	last_modlog(s, "pub", &kind, reason, sizeof(reason), object);
	ck_assert_int_eq(kind, COP_MODLOG_REDACT);
	ck_assert_str_eq(cop_modlog_kind_name(kind), "redact");
	ck_assert_str_eq(reason, "Personal data.");
	ck_assert_str_eq(object, W.pub_post);
	/* The text is gone for everyone, the fact stays. */
	tu_as(s, W.outsider);
	r = revision(s, W.pub_post, 1);
	ck_assert_str_eq(cop_revision_body(r), COP_REDACTED_TEXT);
	ck_assert_int_eq(cop_revision_redacted(r), cop_store_now(s));
	ck_assert_str_eq(cop_revision_editor_id(r), W.member);
	ck_assert_str_eq(cop_revision_comment(r), "oops");
	cop_revision_free(r);
	/* Not twice. */
	tu_as(s, W.owner);
	before = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EEXISTS, before,
		cop_revision_redact(s, W.pub_post, 1, "Again."));
	free(before);
	/* A member with the moderate privilege may; so may the system. */
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "Third", NULL));
	tu_as(s, NULL);
	TU_OK(s, cop_trust_set(s, "pub", W.core, 4));
	tu_as(s, W.core);
	TU_OK(s, cop_revision_redact(s, W.pub_post, 2, "Also personal."));
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "Fourth", NULL));
	tu_as(s, NULL);
	TU_OK(s, cop_revision_redact(s, W.pub_post, 3, "System."));
}
END_TEST

/* Raise a flag on @p contribution as @p who and resolve it as the
 * facilitator with @p outcome. */
static void flag_and_resolve(cop_store *s, const char *who,
	const char *contribution, cop_flag_state outcome)
{
	cop_flag *f = NULL;
	tu_idbuf fid;

	tu_as(s, who);
	TU_OK(s, cop_flag_raise(&f, s, contribution, "Rude."));
	snprintf(fid, sizeof(fid), "%s", cop_flag_id(f));
	cop_flag_free(f);
	tu_as(s, W.facil);
	TU_OK(s, cop_flag_resolve(s, fid, outcome));
}

/* Whether @p contribution is hidden (as the system). */
static int hidden(cop_store *s, const char *contribution)
{
	cop_contribution *c = NULL;
	int h;

	tu_as(s, NULL);
	TU_OK(s, cop_contribution_lookup(&c, s, contribution));
	h = cop_contribution_hidden(c);
	cop_contribution_free(c);
	return h;
}

START_TEST(test_upheld_flag_hides)
{
	cop_store *s = tu_store;
	cop_community *c = NULL;
	cop_modlog_kind kind;
	char reason[128], object[64], *before;
	tu_idbuf reply, reply2;

	tu_as(s, W.core);
	tu_contrib(s, reply, W.pub_thread, COP_CONTRIB_REPLY, NULL,
		"A rude reply.");
	tu_contrib(s, reply2, W.pub_thread, COP_CONTRIB_REPLY, NULL,
		"Another rude reply.");
	/* Off by default: an upheld flag only closes the flag. */
	tu_as(s, NULL);
	TU_OK(s, cop_community_lookup(&c, s, "pub"));
	ck_assert_int_eq(cop_community_flag_hides(c), 0);
	cop_community_free(c);
	flag_and_resolve(s, W.member, reply, COP_FLAG_UPHELD);
	ck_assert_int_eq(hidden(s, reply), 0);
	/* Only facilitators, owners and the system set it. */
	before = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_set_flag_hides(s, "pub", 1));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_set_flag_hides(s, "pub", 1));
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_set_flag_hides(s, "pub", 2));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_set_flag_hides(s, "nosuch", 1));
	free(before);
	TU_OK(s, cop_community_set_flag_hides(s, "pub", 1));
	ASSERT_LAST_OP(s, "community.set_flag_hides");
	TU_OK(s, cop_community_lookup(&c, s, "pub"));
	ck_assert_int_eq(cop_community_flag_hides(c), 1);
	ck_assert_str_eq(cop_community_name(c), "The public square");
	cop_community_free(c);
	/* On: a dismissed flag hides nothing, an upheld one hides. */
	flag_and_resolve(s, W.member, reply2, COP_FLAG_DISMISSED);
	ck_assert_int_eq(hidden(s, reply2), 0);
	flag_and_resolve(s, W.owner, reply2, COP_FLAG_UPHELD);
	ck_assert_int_eq(hidden(s, reply2), 1);
	last_modlog(s, "pub", &kind, reason, sizeof(reason), object);
	ck_assert_int_eq(kind, COP_MODLOG_HIDE);
	ck_assert_str_eq(object, reply2);
	ck_assert_msg(strncmp(reason, "upheld flag ", 12) == 0, "%s", reason);
	ASSERT_LAST_OP(s, "contribution.hide");
	/* Hidden from a member, seen by its author. */
	tu_as(s, W.member);
	ck_assert_int_eq(tu_count_contribs(s, W.pub_thread), 2);
	tu_as(s, W.core);
	ck_assert_int_eq(tu_count_contribs(s, W.pub_thread), 3);
	/* Already hidden: a second upheld flag resolves, hides nothing
	 * more. */
	flag_and_resolve(s, W.facil, reply2, COP_FLAG_UPHELD);
	ASSERT_LAST_OP(s, "flag.uphold");
	/* Off again. */
	tu_as(s, W.owner);
	TU_OK(s, cop_community_set_flag_hides(s, "pub", 0));
	tu_as(s, W.core);
	tu_contrib(s, reply, W.pub_thread, COP_CONTRIB_REPLY, NULL,
		"A third rude reply.");
	flag_and_resolve(s, W.member, reply, COP_FLAG_UPHELD);
	ck_assert_int_eq(hidden(s, reply), 0);
}
END_TEST

static Suite *editing_suite(void)
{
	Suite *s = suite_create("editing");
	TCase *tc = tu_tcase(s, "editing", setup, teardown);

	tcase_add_test(tc, test_editor_recorded);
	tcase_add_test(tc, test_redact);
	tcase_add_test(tc, test_upheld_flag_hides);
	return s;
}

int main(void)
{
	return tu_run(editing_suite());
}
