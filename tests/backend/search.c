/*
 * search.c: full-text search through the backend: hits on bodies and
 * titles, snippets, the community and language filters, the limit, and
 * no syntax error from any text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include "betest.h"

typedef struct hits {
	int n;
	unsigned int post[64];
	char *snippet[64];
	char *title[64];
	double score[64];
} hits;

static int run(const cop_search_query *q, hits *out)
{
	cop_backend_iter *it = NULL;
	cop_search_hit_rec h;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = bt_be->search(bt_be, q, &it)) != COP_OK)
		return rc;
	for (;;) {
		memset(&h, 0, sizeof(h));
		if ((rc = it->next(it, &h)) != COP_OK)
			break;
		ck_assert_int_lt(out->n, 64);
		out->post[out->n] = bt_id_num(&h.contribution_id);
		out->snippet[out->n] = h.snippet ? strdup(h.snippet) : NULL;
		out->title[out->n] = h.title ? strdup(h.title) : NULL;
		out->score[out->n] = h.score;
		out->n++;
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_SEARCH_HIT, &h);
	}
	it->free(it);
	return rc;
}

static void hits_free(hits *h)
{
	int i;

	for (i = 0; i < h->n; i++) {
		free(h->snippet[i]);
		free(h->title[i]);
	}
	h->n = 0;
}

static int has_post(const hits *h, unsigned int post)
{
	int i;

	for (i = 0; i < h->n; i++)
		if (h->post[i] == post)
			return 1;
	return 0;
}

/* Assert that @p q finds exactly post @p post (0: nothing). */
static void expect_one(const cop_search_query *q, unsigned int post)
{
	hits h;

	BT_RC(bt_be, COP_ITEROVER, run(q, &h));
	ck_assert_msg(h.n == (post ? 1 : 0), "\"%s\": %d hits", q->text, h.n);
	if (post)
		ck_assert_uint_eq(h.post[0], post);
	hits_free(&h);
}

static cop_search_query query(const char *text)
{
	cop_search_query q;

	memset(&q, 0, sizeof(q));
	q.text = text;
	q.limit = 50;
	return q;
}

/* Give contribution @p n a new language, body (NULL: keep) or format
 * (-1: keep) by update(). */
static void set_contrib_as(unsigned int n, const char *language,
	const char *body, int format)
{
	cop_contribution_rec c;
	cop_key key;

	memset(&key, 0, sizeof(key));
	key.id = bt_id(n);
	memset(&c, 0, sizeof(c));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &c));
	if (language) {
		cop_free(c.language);
		c.language = cop_strdup(language);
	}
	if (body) {
		cop_free(c.body);
		c.body = cop_strdup(body);
	}
	if (format >= 0)
		c.format = format;
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_CONTRIBUTION, &c));
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
}

static void set_contrib(unsigned int n, const char *language,
	const char *body)
{
	set_contrib_as(n, language, body, -1);
}

/* Community 10 (en), 11 (fr); threads 20 "Cassava blight" and 21
 * "Irrigation"; posts 30 (en), 31 (fr), 32 in 11. */
static void make_corpus(void)
{
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST,
		"Leaves turn yellow; the cassava mosaic spreads fast", TU_T0);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "Cassava blight", TU_T0);
	bt_contrib(bt_be, 31, 20, 10, 2, COP_CONTRIB_REPLY,
		"Les feuilles de manioc jaunissent", TU_T0 + 1);
	set_contrib(31, "fr", NULL);
	bt_contrib(bt_be, 32, 21, 11, 1, COP_CONTRIB_POST,
		"Drip irrigation saves water for cassava", TU_T0 + 2);
	bt_thread(bt_be, 21, 11, 1, COP_THREAD_OPEN, "Irrigation", TU_T0);
}

START_TEST(hits_and_snippets)
{
	cop_search_query q = query("mosaic");
	hits h;
	int i;

	make_corpus();
	BT_RC(bt_be, COP_ITEROVER, run(&q, &h));
	ck_assert_int_eq(h.n, 1);
	ck_assert_uint_eq(h.post[0], 30);
	ck_assert_msg(tu_contains(h.snippet[0], "[mosaic]"),
		"snippet \"%s\"", h.snippet[0]);
	BT_STR_EQ(h.title[0], "Cassava blight");
	hits_free(&h);

	/* Two matching bodies; the title of thread 20 counts for post 30. */
	q.text = "cassava";
	BT_RC(bt_be, COP_ITEROVER, run(&q, &h));
	ck_assert_int_eq(h.n, 2);
	ck_assert(has_post(&h, 30) && has_post(&h, 32));
	for (i = 1; i < h.n; i++)
		ck_assert(h.score[i - 1] >= h.score[i]);
	hits_free(&h);

	/* A title alone finds its thread's first post. */
	q.text = "blight";
	expect_one(&q, 30);

	q.text = "nothingmatchesthis";
	expect_one(&q, 0);
}
END_TEST

START_TEST(an_update_reindexes)
{
	cop_search_query q = query("mosaic");
	hits h;

	make_corpus();
	set_contrib(30, NULL, "Whitefly carries the virus");
	expect_one(&q, 0);
	q.text = "whitefly";
	BT_RC(bt_be, COP_ITEROVER, run(&q, &h));
	ck_assert_int_eq(h.n, 1);
	hits_free(&h);
}
END_TEST

/* Give thread @p n the title @p title by update(). */
static void retitle(unsigned int n, const char *title)
{
	cop_thread_rec t;
	cop_key key;

	memset(&key, 0, sizeof(key));
	key.id = bt_id(n);
	memset(&t, 0, sizeof(t));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_THREAD, &key, &t));
	cop_free(t.title);
	t.title = cop_strdup(title);
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_THREAD, &t));
	cop_rec_clear(COP_REC_THREAD, &t);
}

/* Make contribution @p n an HTML one with @p body, as an import does. */
static void set_html(unsigned int n, const char *body)
{
	set_contrib_as(n, NULL, body, COP_FORMAT_HTML);
}

/* An HTML body is indexed and snippeted as its text: words of its text
 * are found, words only in its tags, attributes and URLs, scripts and
 * styles are not, entities are decoded, and snippets hold no markup.
 * A title change keeps the body's text indexed. */
START_TEST(html_is_read_as_text)
{
	static const char *const absent[] = {
		"img", "src", "zanzibar", "href", "quetzal", "https", "onclick",
		"wombat", "style", "kumquat", "div", "nbsp", "amp", "eacute",
		"gif",
	};
	cop_search_query q = query("velvet");
	size_t i;
	hits h;

	make_corpus();
	set_html(32, "<div class=\"kumquat\"><p>Velvet beans &amp; "
		"caf&eacute; <b>fix</b>nitrogen.<img src=\"https://zanzibar."
		"example/img.gif\" alt=\"\" onclick=\"wombat()\"></p>"
		"<p>See <a href=\"https://quetzal.example/x\">the trial</a>"
		"&nbsp;notes.</p><script>var x = \"wombat\";</script>"
		"<style>p { color: kumquat }</style></div>");
#ifndef COP_HAVE_LIBXML2
	/* Without libxml2 an HTML body is indexed as it is. */
	q.text = "zanzibar";
	expect_one(&q, 32);
	return;
#endif
	for (i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		q.text = absent[i];
		expect_one(&q, 0);
	}
	/* The text's words; an inline element joins, a block separates. */
	q.text = "cafe";
	expect_one(&q, 32);
	q.text = "fixnitrogen";
	expect_one(&q, 32);
	q.text = "trial notes";
	expect_one(&q, 32);
	q.text = "\"fixnitrogen see\"";
	expect_one(&q, 32);
	q.text = "velvet";
	BT_RC(bt_be, COP_ITEROVER, run(&q, &h));
	ck_assert_int_eq(h.n, 1);
	ck_assert_msg(tu_contains(h.snippet[0], "[Velvet] beans & caf\xc3\xa9"),
		"snippet \"%s\"", h.snippet[0]);
	ck_assert_msg(!strchr(h.snippet[0], '<') && !strchr(h.snippet[0], '>')
		&& !tu_contains(h.snippet[0], "&amp;") &&
		!tu_contains(h.snippet[0], "zanzibar"),
		"snippet \"%s\"", h.snippet[0]);
	hits_free(&h);
	/* The thread's new title, and the body's text still. */
	retitle(21, "Legumes");
	q.text = "legumes velvet";
	expect_one(&q, 32);
	q.text = "irrigation";
	expect_one(&q, 0);
	q.text = "quetzal";
	expect_one(&q, 0);
}
END_TEST

START_TEST(filters_and_limit)
{
	cop_search_query q = query("cassava manioc irrigation");
	hits h;

	make_corpus();
	/* Several words: any of them (the backends' query form). */
	q.text = "cassava";
	q.community_id = bt_id(11);
	expect_one(&q, 32);

	q.community_id = bt_nil();
	q.text = "feuilles";
	q.language = "fr";
	expect_one(&q, 31);
	q.language = "en";
	expect_one(&q, 0);

	q.language = NULL;
	q.text = "cassava";
	q.limit = 1;
	BT_RC(bt_be, COP_ITEROVER, run(&q, &h));
	ck_assert_int_eq(h.n, 1);
	hits_free(&h);
}
END_TEST

START_TEST(any_text_is_no_syntax_error)
{
	/* Texts with no word at all: a backend may find nothing, or refuse
	 * them with COP_EINVAL and a message (PostgreSQL does: "the query
	 * has no words"), never fail otherwise. */
	static const char *wordless[] = {
		"\"", "'", "(", ")", "*", "^", "[", "\\", "%", "_", ";", "--",
		"<->", ":*", "   ", "+", "-",
	};
	static const char *texts[] = {
		"\"unbalanced", "cassava*", "a:b", "title:cassava",
		"NEAR(a b)", "AND", "OR NOT", "-cassava", "+cassava", "{x}",
		"cassava & mosaic | !x", "\xc3\xa9t\xc3\xa9", "a",
		"x'); DROP TABLE cop_member; --", "mosaic\"", "(cassava",
		"cassava)", "\"cassava mosaic\"", "cassava:*", "c++ & c#",
	};
	size_t i;

	make_corpus();
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		cop_search_query q = query(texts[i]);
		hits h;
		int rc = run(&q, &h);

		ck_assert_msg(rc == COP_ITEROVER, "search \"%s\": %s (%s)",
			texts[i], tu_ename(rc), bt_be->errmsg(bt_be));
		hits_free(&h);
	}
	for (i = 0; i < sizeof(wordless) / sizeof(wordless[0]); i++) {
		cop_search_query q = query(wordless[i]);
		hits h;
		int rc = run(&q, &h);

		ck_assert_msg(rc == COP_ITEROVER || rc == COP_EINVAL,
			"search \"%s\": %s (%s)", wordless[i], tu_ename(rc),
			bt_be->errmsg(bt_be));
		ck_assert_int_eq(h.n, 0);
		if (rc == COP_EINVAL)
			ck_assert(*bt_be->errmsg(bt_be));
		hits_free(&h);
	}
	/* Still there. */
	{
		cop_member_rec m;
		cop_key key;

		bt_member(bt_be, 1, "still");
		memset(&key, 0, sizeof(key));
		key.id = bt_id(1);
		memset(&m, 0, sizeof(m));
		BT_OK(bt_be, bt_be->get(bt_be, COP_REC_MEMBER, &key, &m));
		cop_rec_clear(COP_REC_MEMBER, &m);
	}
}
END_TEST

Suite *bt_search_suite(void)
{
	const TTest *const tests[] = {
		hits_and_snippets, an_update_reindexes, filters_and_limit,
		any_text_is_no_syntax_error, html_is_read_as_text
	};

	return BT_SUITE("backend search", bt_setup, bt_teardown, tests);
}
