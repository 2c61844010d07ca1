/*
 * check_tag.c: a community's tags (include/cop/tag.h).  Counts kept by
 * the store through thread creation, hiding and showing, renaming and
 * merging, and as each reader sees them (a hidden thread counts only for
 * facilitators); listings by name and by uses with their cursors;
 * describing; who may write; synonyms given to new threads; a community
 * the actor may not see refused as missing; bad input refused with
 * nothing changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

TU_WORLD_FIXTURE(W)

/* Create a thread in @p community tagged @p tags as the current actor;
 * its id into @p id. */
static void tagged(char *id, const char *community, const char *title,
	const char *tags)
{
	cop_thread *t = NULL;

	TU_OK(tu_store, cop_thread_create(&t, tu_store, community,
		COP_THREAD_QUESTION, title, tags, NULL, "Body text."));
	snprintf(id, sizeof(tu_idbuf), "%s", cop_thread_id(t));
	cop_thread_free(t);
}

/* Tag @p name of @p community's uses as the current actor sees them, -1
 * when there is no such tag. */
static int64_t uses(const char *community, const char *name)
{
	cop_tag *t = NULL;
	int64_t n;
	int rc = cop_tag_lookup(&t, tu_store, community, name);

	if (rc == COP_ENOTFOUND)
		return -1;
	TU_OK(tu_store, rc);
	n = cop_tag_uses(t);
	cop_tag_free(t);
	return n;
}

/* A listing of @p community's tags in @p order, pages of @p limit, as
 * "name:uses name:uses ..." into @p buf. */
static void listing(const char *community, cop_tag_order order,
	unsigned int limit, char *buf, size_t n)
{
	cop_page page = COP_PAGE_INIT;
	char cursor[200] = "";
	size_t used = 0;
	int more = 1;

	buf[0] = '\0';
	page.limit = limit;
	while (more) {
		cop_tag_iter *it = NULL;
		cop_tag *t = NULL;
		int rc, got = 0;

		page.after = cursor[0] ? cursor : NULL;
		TU_OK(tu_store, cop_tag_iter_new(&it, tu_store, community, order,
			&page));
		while ((rc = cop_tag_iter_next(&t, it)) == COP_OK) {
			used += (size_t)snprintf(buf + used, n - used, "%s%s:%lld",
				used ? " " : "", cop_tag_name(t),
				(long long)cop_tag_uses(t));
			cop_tag_free(t);
			got++;
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		if (got)
			snprintf(cursor, sizeof(cursor), "%s",
				cop_tag_iter_cursor(it));
		more = got == (int)limit;
		cop_tag_iter_free(it);
	}
}

/* The tags of thread @p id as the system sees them, into @p buf. */
static void thread_tags(const char *id, char *buf, size_t n)
{
	cop_thread *t = NULL;

	tu_as(tu_store, NULL);
	TU_OK(tu_store, cop_thread_lookup(&t, tu_store, id));
	snprintf(buf, n, "%s", cop_thread_tags(t));
	cop_thread_free(t);
}

START_TEST(test_counts)
{
	cop_store *s = tu_store;
	tu_idbuf a, b, c, d;
	char buf[400];
	int64_t used, described;

	tu_as(s, W.member);
	tagged(a, "pub", "How to brew", "brewing Hops");
	tagged(b, "pub", "Which hops", "hops yeast");
	tagged(c, "pub", "Wild yeast", "yeast");
	ck_assert_int_eq(uses("pub", "hops"), 2);
	ck_assert_int_eq(uses("pub", "HOPS"), 2);
	ck_assert_int_eq(uses("pub", "brewing"), 1);
	ck_assert_int_eq(uses("pub", "malt"), -1);

	/* Hidden: a member no longer counts it, a facilitator does. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, b, COP_THREAD_FLAG_HIDDEN, 1));
	ck_assert_int_eq(uses("pub", "hops"), 2);
	tu_as(s, W.member);
	ck_assert_int_eq(uses("pub", "hops"), 1);
	ck_assert_int_eq(uses("pub", "yeast"), 1);
	tu_as(s, W.outsider);
	ck_assert_int_eq(uses("pub", "yeast"), 1);
	tu_as(s, NULL);
	ck_assert_int_eq(uses("pub", "yeast"), 2);
	listing("pub", COP_TAGS_BY_NAME, 2, buf, sizeof(buf));
	ck_assert_str_eq(buf, "brewing:1 hops:2 yeast:2");
	tu_as(s, W.member);
	listing("pub", COP_TAGS_BY_USES, 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "brewing:1 hops:1 yeast:1");
	tu_as(s, W.facil);
	listing("pub", COP_TAGS_BY_USES, 2, buf, sizeof(buf));
	ck_assert_str_eq(buf, "hops:2 yeast:2 brewing:1");

	/* Shown again: counted again for everyone. */
	TU_OK(s, cop_thread_set_flag(s, b, COP_THREAD_FLAG_HIDDEN, 0));
	tu_as(s, W.member);
	ck_assert_int_eq(uses("pub", "hops"), 2);

	/* A tag only a hidden thread uses is used for who sees that thread
	 * only. */
	tagged(d, "pub", "Sour", "sour");
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, d, COP_THREAD_FLAG_HIDDEN, 1));
	TU_OK(s, cop_tag_counts(s, "pub", &used, &described));
	ck_assert_int_eq(used, 4);
	tu_as(s, W.member);
	TU_OK(s, cop_tag_counts(s, "pub", &used, &described));
	ck_assert_int_eq(used, 3);
	ck_assert_int_eq(described, 0);
	ck_assert_int_eq(uses("pub", "sour"), 0);

	/* Tags are the community's: the private one has its own. */
	tu_as(s, W.owner);
	tagged(c, "priv", "Secret hops", "hops");
	ck_assert_int_eq(uses("priv", "hops"), 1);
	ck_assert_int_eq(uses("pub", "hops"), 2);
	tu_as(s, NULL);
}
END_TEST

/* A thread removed (an erasure with the policy "remove") takes its tags'
 * uses with it; the tag stays, its description too. */
START_TEST(test_removed)
{
	cop_store *s = tu_store;
	tu_idbuf a, b;

	tu_as(s, W.member);
	tagged(a, "pub", "Going", "porter stout");
	tu_as(s, W.core);
	tagged(b, "pub", "Staying", "stout");
	tu_as(s, W.facil);
	TU_OK(s, cop_tag_describe(NULL, s, "pub", "porter", "Dark.", NULL));
	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	tu_as(s, NULL);
	ck_assert_int_eq(uses("pub", "stout"), 2);
	TU_OK(s, cop_member_erase(s, W.member));
	ck_assert_int_eq(uses("pub", "stout"), 1);
	ck_assert_int_eq(uses("pub", "porter"), 0);
	{
		cop_tag *t = NULL;

		TU_OK(s, cop_tag_lookup(&t, s, "pub", "porter"));
		ck_assert_str_eq(cop_tag_excerpt(t), "Dark.");
		cop_tag_free(t);
	}
	/* The welcome thread, untagged, went too: nothing else moved. */
	ck_assert_int_eq(uses("pub", "nothing"), -1);
}
END_TEST

START_TEST(test_describe)
{
	cop_store *s = tu_store;
	cop_tag *t = NULL;
	tu_idbuf a;
	int64_t used, described;

	tu_as(s, W.member);
	tagged(a, "pub", "How to brew", "brewing");
	TU_RC(s, COP_EPERM, cop_tag_describe(NULL, s, "pub", "brewing",
		"Making beer.", NULL));
	tu_as(s, W.facil);
	TU_OK(s, cop_tag_describe(&t, s, "pub", "brewing", "Making beer.",
		"The long *text* about brewing."));
	ck_assert_str_eq(cop_tag_name(t), "brewing");
	ck_assert_str_eq(cop_tag_excerpt(t), "Making beer.");
	ck_assert_str_eq(cop_tag_wiki(t), "The long *text* about brewing.");
	ck_assert_int_eq(cop_tag_uses(t), 1);
	ck_assert_ptr_null(cop_tag_synonym_of(t));
	cop_tag_free(t);
	/* A tag no thread uses yet, described into being. */
	TU_OK(s, cop_tag_describe(NULL, s, "pub", "cider", "Apples.", NULL));
	ck_assert_int_eq(uses("pub", "cider"), 0);
	TU_OK(s, cop_tag_counts(s, "pub", &used, &described));
	ck_assert_int_eq(used, 1);
	ck_assert_int_eq(described, 2);
	/* Cleared. */
	TU_OK(s, cop_tag_describe(&t, s, "pub", "cider", NULL, ""));
	ck_assert_ptr_null(cop_tag_excerpt(t));
	cop_tag_free(t);
	TU_OK(s, cop_tag_counts(s, "pub", &used, &described));
	ck_assert_int_eq(described, 1);
	/* The store's counts: the tags described, of a community and of the
	 * communities the reader sees. */
	{
		cop_stats st = COP_STATS_INIT;

		TU_OK(s, cop_stats_lookup(&st, s, "pub"));
		ck_assert_int_eq(st.tags, 1);
		ck_assert_int_eq(st.tags_described, 1);
		tu_as(s, W.owner);
		TU_OK(s, cop_tag_describe(NULL, s, "priv", "secret", "Shh.", NULL));
		tu_as(s, W.outsider);
		TU_OK(s, cop_stats_lookup(&st, s, NULL));
		ck_assert_int_eq(st.tags_described, 1);
		tu_as(s, NULL);
		TU_OK(s, cop_stats_lookup(&st, s, NULL));
		ck_assert_int_eq(st.tags_described, 2);
		tu_as(s, W.facil);
	}
	/* Bad input. */
	TU_RC(s, COP_EINVAL, cop_tag_describe(NULL, s, "pub", "two tags", "x",
		NULL));
	TU_RC(s, COP_EINVAL, cop_tag_describe(NULL, s, "pub", "", "x", NULL));
	TU_RC(s, COP_EINVAL, cop_tag_describe(NULL, s, "pub", "a_b", "x",
		NULL));
	TU_RC(s, COP_ENOTFOUND, cop_tag_describe(NULL, s, "nowhere", "a", "x",
		NULL));
	/* A name longer than a thread's tag may be, or not UTF-8. */
	TU_RC(s, COP_ETOOBIG, cop_tag_describe(NULL, s, "pub",
		"abcdefghijklmnopqrstuvwxyz0123456789", "x", NULL));
	TU_RC(s, COP_ETOOBIG, cop_tag_lookup(&t, s, "pub",
		"abcdefghijklmnopqrstuvwxyz0123456789"));
	TU_RC(s, COP_EENCODING, cop_tag_rename(NULL, s, "pub", "brewing",
		"bad\xff"));
	ck_assert_int_eq(uses("pub", "brewing"), 1);
	ck_assert_int_eq(uses("pub", "two"), -1);
	tu_as(s, NULL);
}
END_TEST

START_TEST(test_rename_merge)
{
	cop_store *s = tu_store;
	cop_tag *t = NULL;
	tu_idbuf a, b, c;
	char buf[400];

	tu_as(s, W.member);
	tagged(a, "pub", "One", "ale hops");
	tagged(b, "pub", "Two", "beer ale");
	tagged(c, "pub", "Three", "beer");
	tu_as(s, W.facil);
	TU_OK(s, cop_tag_describe(NULL, s, "pub", "ale", "Top-fermented.",
		NULL));
	/* Rename: threads follow, the description too. */
	TU_RC(s, COP_EPERM, (tu_as(s, W.member), cop_tag_rename(NULL, s, "pub",
		"ale", "ales")));
	tu_as(s, W.facil);
	TU_RC(s, COP_EEXISTS, cop_tag_rename(NULL, s, "pub", "ale", "beer"));
	TU_RC(s, COP_ENOTFOUND, cop_tag_rename(NULL, s, "pub", "lager", "x"));
	TU_RC(s, COP_EINVAL, cop_tag_rename(NULL, s, "pub", "ale", "ale"));
	TU_OK(s, cop_tag_rename(&t, s, "pub", "ale", "ales"));
	ck_assert_str_eq(cop_tag_name(t), "ales");
	ck_assert_str_eq(cop_tag_excerpt(t), "Top-fermented.");
	ck_assert_int_eq(cop_tag_uses(t), 2);
	cop_tag_free(t);
	ck_assert_int_eq(uses("pub", "ale"), -1);
	thread_tags(a, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ales hops");
	thread_tags(b, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ales beer");

	/* Merge beer into ales: a thread with both keeps one. */
	tu_as(s, W.facil);
	TU_OK(s, cop_tag_merge(&t, s, "pub", "beer", "ales"));
	ck_assert_str_eq(cop_tag_name(t), "ales");
	ck_assert_int_eq(cop_tag_uses(t), 3);
	cop_tag_free(t);
	thread_tags(b, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ales");
	thread_tags(c, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ales");
	tu_as(s, W.facil);
	TU_OK(s, cop_tag_lookup(&t, s, "pub", "beer"));
	ck_assert_str_eq(cop_tag_synonym_of(t), "ales");
	ck_assert_int_eq(cop_tag_uses(t), 0);
	cop_tag_free(t);
	/* Into a synonym: refused. */
	TU_RC(s, COP_EINVAL, cop_tag_merge(NULL, s, "pub", "hops", "beer"));
	TU_RC(s, COP_EINVAL, cop_tag_merge(NULL, s, "pub", "hops", "hops"));

	/* A new thread tagged with the synonym gets the tag. */
	tu_as(s, W.member);
	tagged(a, "pub", "Four", "beer stout");
	thread_tags(a, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ales stout");
	ck_assert_int_eq(uses("pub", "ales"), 4);
	ck_assert_int_eq(uses("pub", "beer"), 0);

	/* A renamed tag's synonyms follow it. */
	tu_as(s, W.facil);
	TU_OK(s, cop_tag_rename(NULL, s, "pub", "ales", "ale"));
	TU_OK(s, cop_tag_lookup(&t, s, "pub", "beer"));
	ck_assert_str_eq(cop_tag_synonym_of(t), "ale");
	cop_tag_free(t);
	ck_assert_int_eq(uses("pub", "ale"), 4);
	tu_as(s, NULL);
}
END_TEST

/* Merging a tag that has synonyms: they become the synonyms of the tag
 * merged into (made by the merge), and a refused rename changes
 * nothing. */
START_TEST(test_merge_synonyms)
{
	cop_store *s = tu_store;
	cop_tag *t = NULL;
	tu_idbuf a, b, c;
	char buf[400];

	tu_as(s, W.member);
	tagged(a, "pub", "One", "pils");
	tagged(b, "pub", "Two", "helles");
	tu_as(s, W.facil);
	TU_OK(s, cop_tag_merge(NULL, s, "pub", "pils", "helles"));
	ck_assert_int_eq(uses("pub", "lager"), -1);
	TU_OK(s, cop_tag_merge(&t, s, "pub", "helles", "lager"));
	ck_assert_str_eq(cop_tag_name(t), "lager");
	ck_assert_int_eq(cop_tag_uses(t), 2);
	ck_assert_ptr_null(cop_tag_synonym_of(t));
	cop_tag_free(t);
	TU_OK(s, cop_tag_lookup(&t, s, "pub", "helles"));
	ck_assert_str_eq(cop_tag_synonym_of(t), "lager");
	cop_tag_free(t);
	TU_OK(s, cop_tag_lookup(&t, s, "pub", "pils"));
	ck_assert_str_eq(cop_tag_synonym_of(t), "lager");
	cop_tag_free(t);
	thread_tags(a, buf, sizeof(buf));
	ck_assert_str_eq(buf, "lager");
	thread_tags(b, buf, sizeof(buf));
	ck_assert_str_eq(buf, "lager");
	/* Either synonym gives a new thread the tag. */
	tu_as(s, W.member);
	tagged(c, "pub", "Three", "pils helles");
	thread_tags(c, buf, sizeof(buf));
	ck_assert_str_eq(buf, "lager");

	/* Refused: the threads and the tags stay as they were. */
	tu_as(s, W.facil);
	TU_RC(s, COP_EEXISTS, cop_tag_rename(NULL, s, "pub", "lager", "pils"));
	TU_RC(s, COP_EINVAL, cop_tag_merge(NULL, s, "pub", "lager", "helles"));
	thread_tags(a, buf, sizeof(buf));
	ck_assert_str_eq(buf, "lager");
	tu_as(s, W.facil);
	ck_assert_int_eq(uses("pub", "lager"), 3);
	TU_OK(s, cop_tag_lookup(&t, s, "pub", "pils"));
	ck_assert_str_eq(cop_tag_synonym_of(t), "lager");
	cop_tag_free(t);
	tu_as(s, NULL);
}
END_TEST

START_TEST(test_visibility)
{
	cop_store *s = tu_store;
	cop_tag_iter *it = NULL;
	cop_tag *t = NULL;
	tu_idbuf a;
	int64_t used, described;

	tu_as(s, W.owner);
	tagged(a, "priv", "Secret", "plans");
	tu_as(s, W.outsider);
	TU_RC(s, COP_ENOTFOUND, cop_tag_lookup(&t, s, "priv", "plans"));
	TU_RC(s, COP_ENOTFOUND, cop_tag_iter_new(&it, s, "priv",
		COP_TAGS_BY_NAME, NULL));
	TU_RC(s, COP_ENOTFOUND, cop_tag_counts(s, "priv", &used, &described));
	TU_RC(s, COP_ENOTFOUND, cop_tag_describe(NULL, s, "priv", "plans", "x",
		NULL));
	/* The message names neither the tag nor tells it from no community. */
	ck_assert_ptr_null(strstr(cop_errmsg(s), "plans"));
	tu_as(s, W.member);
	ck_assert_int_eq(uses("priv", "plans"), 1);
	TU_RC(s, COP_EINVAL, cop_tag_iter_new(&it, s, "priv", (cop_tag_order)7,
		NULL));
	tu_as(s, NULL);
}
END_TEST

START_TEST(test_names)
{
	cop_tag_order o;

	ck_assert_str_eq(cop_tag_order_name(COP_TAGS_BY_USES), "uses");
	ck_assert_ptr_null(cop_tag_order_name((cop_tag_order)2));
	ck_assert_int_eq(cop_tag_order_parse(&o, "name"), COP_OK);
	ck_assert_int_eq(o, COP_TAGS_BY_NAME);
	ck_assert_int_eq(cop_tag_order_parse(&o, "most"), COP_EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tag");

	tcase_add_test(tu_tcase(s, "counts", setup, teardown), test_counts);
	tcase_add_test(tu_tcase(s, "describe", setup, teardown), test_describe);
	tcase_add_test(tu_tcase(s, "removed", setup, teardown), test_removed);
	tcase_add_test(tu_tcase(s, "rename", setup, teardown),
		test_rename_merge);
	tcase_add_test(tu_tcase(s, "synonyms", setup, teardown),
		test_merge_synonyms);
	tcase_add_test(tu_tcase(s, "visibility", setup, teardown),
		test_visibility);
	tcase_add_test(tu_tcase(s, "names", NULL, NULL), test_names);
	return tu_run(s);
}
