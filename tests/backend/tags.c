/*
 * tags.c: the tags interface (cop_backend_tags, interface version 10):
 * every method, its records and its errors; the uses the database keeps
 * from the threads' tags (created, retagged, moved, hidden), the
 * listings' orders and keyset bounds with the reader's count, and the
 * counts as a viewer sees them.
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

/* The backend's tags table, or skip. */
static const cop_backend_tags *tg(void)
{
	if (bt_be->version < 10 || !bt_be->tags) {
		printf("# SKIP tags: backend %s has no tags table\n",
			bt_be->name);
		return NULL;
	}
	ck_assert_uint_ge(bt_be->tags->version, 1);
	return bt_be->tags;
}

/* Thread @p n of community @p c tagged @p tags, hidden or not. */
static void tagged(unsigned int n, unsigned int c, const char *tags,
	int hidden)
{
	cop_thread_rec t;

	memset(&t, 0, sizeof(t));
	t.id = bt_id(n);
	t.community_id = bt_id(c);
	t.author_id = bt_nil();
	t.kind = COP_THREAD_DISCUSSION;
	t.state = hidden ? COP_THREAD_HIDDEN : COP_THREAD_OPEN;
	t.hidden = hidden;
	t.title = (char *)"Tagged";
	t.tags = (char *)tags;
	t.language = (char *)"en";
	t.created = TU_T0 + n;
	t.last_activity = TU_T0 + n;
	t.contribution_count = 1;
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_THREAD, &t));
}

/* Thread @p n's tags, community and hidden flag changed. */
static void retag(unsigned int n, unsigned int c, const char *tags,
	int hidden)
{
	cop_thread_rec t;
	cop_key k;

	memset(&k, 0, sizeof(k));
	k.id = bt_id(n);
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_THREAD, &k, &t));
	cop_free(t.tags);
	t.tags = cop_strdup(tags);
	t.community_id = bt_id(c);
	t.hidden = hidden;
	t.state = hidden ? COP_THREAD_HIDDEN : COP_THREAD_OPEN;
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_THREAD, &t));
	cop_rec_clear(COP_REC_THREAD, &t);
}

/* "uses/hidden_uses" of tag @p name of community @p c, "-" when none. */
static const char *uses(const cop_backend_tags *t, unsigned int c,
	const char *name)
{
	static char buf[64];
	cop_id cid = bt_id(c);
	cop_tag_rec r;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = t->tag_get(bt_be, &cid, name, &r);
	if (rc == COP_ENOTFOUND)
		return "-";
	BT_OK(bt_be, rc);
	snprintf(buf, sizeof(buf), "%lld/%lld", (long long)r.uses,
		(long long)r.hidden_uses);
	cop_rec_clear(COP_REC_TAG, &r);
	return buf;
}

/* A listing as "name:uses ...". */
static const char *list(const cop_backend_tags *t, const cop_tag_query *q)
{
	static char buf[400];
	cop_backend_iter *it = NULL;
	cop_tag_rec r;
	size_t n = 0;
	int rc;

	buf[0] = '\0';
	BT_OK(bt_be, t->tag_list(bt_be, q, &it));
	while ((rc = it->next(it, &r)) == COP_OK)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s:%lld",
			n ? " " : "", r.name, (long long)r.uses);
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	return buf;
}

static int count_thread(void *arg, const cop_id *id)
{
	(void)id;
	(*(int *)arg)++;
	return COP_OK;
}

START_TEST(uses_kept)
{
	const cop_backend_tags *t = tg();

	if (!t)
		return;
	bt_community(bt_be, 1, "one", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 2, "two", COP_VISIBILITY_PUBLIC);
	tagged(10, 1, "ale hops", 0);
	tagged(11, 1, "ale", 1);
	tagged(12, 2, "ale", 0);
	tagged(13, 1, "", 0);
	ck_assert_str_eq(uses(t, 1, "ale"), "2/1");
	ck_assert_str_eq(uses(t, 1, "hops"), "1/0");
	ck_assert_str_eq(uses(t, 2, "ale"), "1/0");
	ck_assert_str_eq(uses(t, 1, "stout"), "-");
	retag(11, 1, "ale", 0);                   /* shown */
	ck_assert_str_eq(uses(t, 1, "ale"), "2/0");
	retag(10, 1, "stout", 0);                 /* retagged */
	ck_assert_str_eq(uses(t, 1, "hops"), "0/0");
	ck_assert_str_eq(uses(t, 1, "stout"), "1/0");
	retag(11, 2, "ale", 1);                   /* moved, hidden */
	ck_assert_str_eq(uses(t, 1, "ale"), "0/0");
	ck_assert_str_eq(uses(t, 2, "ale"), "2/1");
}
END_TEST

START_TEST(rows_and_listings)
{
	const cop_backend_tags *t = tg();
	cop_id c1 = bt_id(1);
	cop_tag_query q;
	cop_tag_rec r, got;
	int n = 0;

	if (!t)
		return;
	bt_community(bt_be, 1, "one", COP_VISIBILITY_PUBLIC);
	tagged(10, 1, "ale hops", 0);
	tagged(11, 1, "ale", 1);
	tagged(12, 1, "ales stout", 0);
	tagged(13, 1, "stout", 0);
	/* Described: the uses stay the database's. */
	memset(&r, 0, sizeof(r));
	r.community_id = c1;
	r.name = (char *)"ale";
	r.excerpt = (char *)"Top-fermented.";
	r.created = r.updated = 5;
	BT_OK(bt_be, t->tag_put(bt_be, &r));
	memset(&got, 0, sizeof(got));
	BT_OK(bt_be, t->tag_get(bt_be, &c1, "ale", &got));
	ck_assert_str_eq(got.excerpt, "Top-fermented.");
	ck_assert_ptr_null(got.wiki);
	ck_assert_int_eq(got.uses, 2);
	ck_assert_int_eq(got.updated, 5);
	cop_rec_clear(COP_REC_TAG, &got);
	r.name = (char *)"porter";               /* no thread */
	r.synonym_of = (char *)"stout";
	BT_OK(bt_be, t->tag_put(bt_be, &r));
	memset(&q, 0, sizeof(q));
	q.community = c1;
	q.hidden_too = 1;
	ck_assert_str_eq(list(t, &q), "ale:2 ales:1 hops:1 porter:0 stout:2");
	q.hidden_too = 0;
	ck_assert_str_eq(list(t, &q), "ale:1 ales:1 hops:1 porter:0 stout:2");
	q.by_uses = 1;
	ck_assert_str_eq(list(t, &q), "stout:2 ale:1 ales:1 hops:1 porter:0");
	q.limit = 2;
	q.has_after = 1;
	q.after_uses = 1;
	q.after_name = "ale";
	ck_assert_str_eq(list(t, &q), "ales:1 hops:1");
	q.by_uses = 0;
	q.after_name = "hops";
	ck_assert_str_eq(list(t, &q), "porter:0 stout:2");
	/* A tag's threads: "ale" is not "ales". */
	BT_OK(bt_be, t->tag_threads(bt_be, &c1, "ale", count_thread, &n));
	ck_assert_int_eq(n, 2);
	BT_OK(bt_be, t->tag_synonyms(bt_be, &c1, "stout", "porter"));
	memset(&got, 0, sizeof(got));
	BT_OK(bt_be, t->tag_get(bt_be, &c1, "porter", &got));
	ck_assert_str_eq(got.synonym_of, "porter");
	cop_rec_clear(COP_REC_TAG, &got);
	BT_OK(bt_be, t->tag_delete(bt_be, &c1, "porter"));
	BT_RC(bt_be, COP_ENOTFOUND, t->tag_delete(bt_be, &c1, "porter"));
	BT_RC(bt_be, COP_ENOTFOUND, t->tag_get(bt_be, &c1, "porter", &got));
}
END_TEST

START_TEST(counts_seen)
{
	const cop_backend_tags *t = tg();
	cop_id c1 = bt_id(1), c2 = bt_id(2), fac = bt_id(30), mem = bt_id(31);
	cop_tag_rec r;
	int64_t used, described;

	if (!t)
		return;
	bt_member(bt_be, 30, "fac");
	bt_member(bt_be, 31, "mem");
	bt_community(bt_be, 1, "one", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 2, "two", COP_VISIBILITY_PRIVATE);
	bt_membership(bt_be, 1, 30, COP_ROLE_FACILITATOR, COP_MEMBERSHIP_ACTIVE);
	bt_membership(bt_be, 1, 31, COP_ROLE_MEMBER, COP_MEMBERSHIP_ACTIVE);
	tagged(10, 1, "ale", 0);
	tagged(11, 1, "hidden", 1);
	tagged(12, 2, "secret", 0);
	memset(&r, 0, sizeof(r));
	r.community_id = c2;
	r.name = (char *)"secret";
	r.wiki = (char *)"Shh.";
	BT_OK(bt_be, t->tag_put(bt_be, &r));
	BT_OK(bt_be, t->tag_counts(bt_be, &c1, NULL, &used, &described));
	ck_assert_int_eq(used, 2);
	BT_OK(bt_be, t->tag_counts(bt_be, &c1, &fac, &used, &described));
	ck_assert_int_eq(used, 2);
	BT_OK(bt_be, t->tag_counts(bt_be, &c1, &mem, &used, &described));
	ck_assert_int_eq(used, 1);
	ck_assert_int_eq(described, 0);
	/* Every community: the private one only for who sees it. */
	BT_OK(bt_be, t->tag_counts(bt_be, NULL, &mem, &used, &described));
	ck_assert_int_eq(used, 1);
	ck_assert_int_eq(described, 0);
	BT_OK(bt_be, t->tag_counts(bt_be, NULL, NULL, &used, &described));
	ck_assert_int_eq(used, 3);
	ck_assert_int_eq(described, 1);
	BT_OK(bt_be, t->tag_counts(bt_be, &c2, &mem, &used, &described));
	ck_assert_int_eq(used + described, 0);
}
END_TEST

Suite *bt_tags_suite(void)
{
	const TTest *const tests[] = { uses_kept, rows_and_listings,
		counts_seen };

	return BT_SUITE("tags", bt_setup, bt_teardown, tests);
}
