/*
 * check_search.c: full-text search: words, prefixes, phrases, case and
 * diacritics folded, snippets, filters by visibility, community and
 * language, and queries full of SQL/FTS syntax that must stay plain words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static tu_world W;
/* Content made by search_setup(). */
static tu_idbuf T1, P1, R1, T2, T3, T4, P4;

static void search_setup(void)
{
	cop_store *s;

	tu_store_setup();
	s = tu_store;
	tu_world_make(s, &W);
	tu_as(s, W.member);
	tu_thread(s, T1, P1, "pub", COP_THREAD_DISCUSSION, "Coffee culture",
		"We love the café au lait in Paris.");
	tu_as(s, W.core);
	tu_contrib(s, R1, T1, COP_CONTRIB_REPLY, NULL,
		"Élan vital and naïve questions, all welcome");
	tu_as(s, W.member);
	tu_thread(s, T2, NULL, "pub", COP_THREAD_DISCUSSION, "Zebra crossings",
		"Stripes everywhere");
	tu_as(s, W.owner);
	tu_thread(s, T3, NULL, "priv", COP_THREAD_DISCUSSION, "Secret recipe",
		"The café secret sauce");
	tu_as(s, W.facil);
	tu_thread(s, T4, P4, "inv", COP_THREAD_DISCUSSION, "Le coin",
		"Un café crème, s'il vous plaît");
	tu_as(s, NULL);
}

static void search_teardown(void)
{
	tu_store_teardown();
}

/*
 * Run a search as the current actor; return the status and write the
 * distinct thread ids hit, as letters of T1..T4 and world threads
 * ("1234" order of first appearance, 'w' for world threads), into @p out.
 */
static int run(cop_store *s, const char *q, const char *community,
	const char *lang, unsigned limit, char *out)
{
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	double last = 1e300;
	int rc, n = 0;

	o.community = community;
	o.language = lang;
	o.limit = limit;
	out[0] = '\0';
	rc = cop_search_iter_new(&it, s, q, &o);
	if (rc != COP_OK) {
		ck_assert_ptr_null(it);
		return rc;
	}
	while ((rc = cop_search_iter_next(&h, it)) == COP_OK) {
		const char *tid = cop_search_hit_thread_id(h);
		char c = !strcmp(tid, T1) ? '1' : !strcmp(tid, T2) ? '2' :
			!strcmp(tid, T3) ? '3' : !strcmp(tid, T4) ? '4' : 'w';

		ck_assert_uint_eq(strlen(cop_search_hit_contribution_id(h)),
			COP_ID_TEXT_LEN);
		ck_assert_ptr_nonnull(cop_search_hit_title(h));
		ck_assert_ptr_nonnull(cop_search_hit_snippet(h));
		ck_assert_msg(cop_search_hit_score(h) <= last,
			"hits not best first");
		last = cop_search_hit_score(h);
		if (!strchr(out, c)) {
			size_t l = strlen(out);

			out[l] = c;
			out[l + 1] = '\0';
		}
		n++;
		cop_search_hit_free(h);
	}
	cop_search_iter_free(it);
	ck_assert_msg(rc == COP_ITEROVER, "search '%s': %s", q, tu_ename(rc));
	return COP_OK;
}

/* Sorted copy of @p s (for comparing sets of threads). */
static const char *sorted(const char *s)
{
	static char buf[32];
	size_t i, j, n = strlen(s);

	ck_assert_uint_lt(n, sizeof(buf));
	memcpy(buf, s, n + 1);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && buf[j - 1] > buf[j]; j--) {
			char t = buf[j];

			buf[j] = buf[j - 1];
			buf[j - 1] = t;
		}
	return buf;
}

/* Assert the set of threads @p q finds as the current actor. */
#define FINDS(s, q, want) do { \
	char got_[32]; \
	TU_OK(s, run(s, q, NULL, NULL, 0, got_)); \
	ck_assert_msg(strcmp(sorted(got_), want) == 0, \
		"search '%s': threads '%s', expected '%s'", q, got_, want); \
} while (0)

START_TEST(test_words_and_folding)
{
	cop_store *s = tu_store;

	FINDS(s, "cafe", "134");
	FINDS(s, "café", "134");
	FINDS(s, "CAFÉ", "134");
	FINDS(s, "Cafe", "134");
	FINDS(s, "CAFE", "134");
	FINDS(s, "elan NAIVE", "1");
	FINDS(s, "ÉLAN", "1");
	FINDS(s, "creme", "4");
	FINDS(s, "plait", "4");
	/* Titles are searched too. */
	FINDS(s, "zebra", "2");
	FINDS(s, "Coffee", "1");
	FINDS(s, "recipe", "3");
	/* Every word must match. */
	FINDS(s, "cafe paris", "1");
	FINDS(s, "cafe tokyo", "");
	FINDS(s, "nothingatall", "");
}
END_TEST

START_TEST(test_prefix_and_phrase)
{
	cop_store *s = tu_store;

	FINDS(s, "caf*", "134");
	FINDS(s, "zeb*", "2");
	FINDS(s, "stri*", "2");
	FINDS(s, "\"au lait\"", "1");
	FINDS(s, "\"lait au\"", "");
	FINDS(s, "\"secret sauce\" cafe", "3");
	FINDS(s, "\"CAFÉ AU LAIT\"", "1");
}
END_TEST

START_TEST(test_hit_fields_and_snippet)
{
	cop_store *s = tu_store;
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	const char *snip, *open, *close;

	TU_OK(s, cop_search_iter_new(&it, s, "naive", NULL));
	TU_OK(s, cop_search_iter_next(&h, it));
	ck_assert_str_eq(cop_search_hit_thread_id(h), T1);
	ck_assert_str_eq(cop_search_hit_contribution_id(h), R1);
	ck_assert_str_eq(cop_search_hit_community_id(h), W.pub);
	ck_assert_str_eq(cop_search_hit_title(h), "Coffee culture");
	snip = cop_search_hit_snippet(h);
	open = strchr(snip, '[');
	close = open ? strchr(open, ']') : NULL;
	ck_assert_msg(open && close, "snippet '%s' marks no match", snip);
	ck_assert_msg(close - open - 1 == (int)strlen("naïve") &&
		strncmp(open + 1, "naïve", strlen("naïve")) == 0,
		"snippet '%s' does not mark 'naïve'", snip);
	ck_assert(tu_contains(snip, "vital"));
	cop_search_hit_free(h);
	TU_RC(s, COP_ITEROVER, cop_search_iter_next(&h, it));
	ck_assert_ptr_null(h);
	cop_search_iter_free(it);

	/* The café of the first post, marked. */
	TU_OK(s, cop_search_iter_new(&it, s, "paris", NULL));
	TU_OK(s, cop_search_iter_next(&h, it));
	ck_assert_str_eq(cop_search_hit_contribution_id(h), P1);
	ck_assert_msg(tu_contains(cop_search_hit_snippet(h), "[Paris]"),
		"snippet '%s'", cop_search_hit_snippet(h));
	cop_search_hit_free(h);
	cop_search_iter_free(it);
}
END_TEST

START_TEST(test_visibility)
{
	cop_store *s = tu_store;

	tu_as(s, W.outsider);
	FINDS(s, "cafe", "1");
	FINDS(s, "secret", "");
	FINDS(s, "recipe", "");
	FINDS(s, "garden", "");       /* the world's private post */
	tu_as(s, W.banned);
	FINDS(s, "cafe", "1");
	FINDS(s, "creme", "");
	tu_as(s, W.silenced);
	FINDS(s, "cafe", "134");
	tu_as(s, W.member);
	FINDS(s, "cafe", "134");
	FINDS(s, "garden", "w");

	/* Hidden threads: facilitators only. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_state(s, T2, COP_THREAD_HIDDEN));
	FINDS(s, "zebra", "2");
	tu_as(s, W.member);
	FINDS(s, "zebra", "");
	FINDS(s, "stripes", "");
	tu_as(s, W.outsider);
	FINDS(s, "zebra", "");
	tu_as(s, NULL);
	FINDS(s, "zebra", "2");
}
END_TEST

START_TEST(test_filters)
{
	cop_store *s = tu_store;
	char got[32];

	TU_OK(s, run(s, "cafe", "priv", NULL, 0, got));
	ck_assert_str_eq(got, "3");
	TU_OK(s, run(s, "cafe", W.inv, NULL, 0, got));
	ck_assert_str_eq(got, "4");
	TU_OK(s, run(s, "cafe", "pub", NULL, 0, got));
	ck_assert_str_eq(got, "1");
	TU_OK(s, run(s, "cafe", NULL, "fr", 0, got));
	ck_assert_str_eq(got, "4");
	TU_OK(s, run(s, "cafe", NULL, "en", 0, got));
	ck_assert_str_eq(sorted(got), "13");
	TU_OK(s, run(s, "cafe", "inv", "en", 0, got));
	ck_assert_str_eq(got, "");
	TU_OK(s, run(s, "cafe", NULL, NULL, 1, got));
	ck_assert_uint_eq(strlen(got), 1);
	ck_assert_int_eq(tu_count_search(s, "cafe", NULL), 3);

	tu_as(s, W.outsider);
	TU_RC(s, COP_ENOTFOUND, run(s, "cafe", "priv", NULL, 0, got));
	TU_RC(s, COP_ENOTFOUND, run(s, "cafe", "inv", NULL, 0, got));
	TU_RC(s, COP_ENOTFOUND, run(s, "cafe", "nosuch", NULL, 0, got));
	TU_OK(s, run(s, "cafe", "pub", NULL, 0, got));
	ck_assert_str_eq(got, "1");
}
END_TEST

START_TEST(test_translations_by_language)
{
	cop_store *s = tu_store;
	cop_contribution *c = NULL;
	char got[32];

	tu_as(s, W.member);
	TU_OK(s, cop_contribution_create(&c, s, T1, COP_CONTRIB_REPLY, NULL,
		P1, "fr", "Nous aimons le café au lait à Paris."));
	cop_contribution_free(c);
	tu_as(s, NULL);
	TU_OK(s, run(s, "aimons", NULL, "fr", 0, got));
	ck_assert_str_eq(got, "1");
	TU_OK(s, run(s, "aimons", NULL, "en", 0, got));
	ck_assert_str_eq(got, "");
	TU_OK(s, run(s, "paris", NULL, "fr", 0, got));
	ck_assert_str_eq(got, "1");
	ck_assert_int_eq(tu_count_search(s, "paris", NULL), 2);
}
END_TEST

START_TEST(test_metacharacters)
{
	static const char *const plain_cafe[] = {
		"(cafe)", "{cafe}", "^cafe", "cafe;", "+cafe", "cafe)",
		"cafe:", "-cafe", "'cafe'", "cafe'--", "cafe/*", "%cafe%",
		"cafe\\", "cafe,", "[cafe]", "cafe*)",
	};
	static const char *const odd[] = {
		"cafe' OR 1=1; --", "'; DROP TABLE cop_thread; --",
		"\"; DELETE FROM x; --", "NEAR(cafe lait)", "cafe AND lait",
		"cafe OR zebra", "NOT cafe", "title:cafe", "cafe NEAR/2 lait",
		"\"unbalanced", "cafe\"\"", "*cafe", "c*a*f*e", "a:b:c:",
		"col:(cafe)", "{title body}: cafe", "cafe\"", "cafe \"\"\"",
		"Robert'); DROP TABLE Students;--",
	};
	cop_store *s = tu_store;
	char *before = tu_snapshot(s);
	char got[32];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(plain_cafe) / sizeof(plain_cafe[0]); i++) {
		rc = run(s, plain_cafe[i], NULL, NULL, 0, got);
		ck_assert_msg(rc == COP_OK, "'%s': %s (%s)", plain_cafe[i],
			tu_ename(rc), cop_errmsg(s));
		ck_assert_msg(strcmp(sorted(got), "134") == 0,
			"'%s' found '%s'", plain_cafe[i], got);
	}
	/* Whatever they find, they are never syntax errors. */
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		rc = run(s, odd[i], NULL, NULL, 0, got);
		ck_assert_msg(rc == COP_OK, "'%s': %s (%s)", odd[i],
			tu_ename(rc), cop_errmsg(s));
	}
	/* "'" is a separator: the Robert query needs the word "robert". */
	TU_OK(s, run(s, "cafe' OR 1=1; --", NULL, NULL, 0, got));
	ck_assert_str_eq(got, "");
	TU_OK(s, run(s, "Robert'); DROP TABLE Students;--", NULL, NULL, 0,
		got));
	ck_assert_str_eq(got, "");
	tu_assert_unchanged(s, before, "searching");
	FINDS(s, "cafe", "134");
	free(before);
}
END_TEST

START_TEST(test_bad_queries)
{
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	cop_store *s = tu_store;
	cop_search_iter *it = NULL;
	char *big = tu_repeat('a', 1001);
	char got[32];

	TU_RC(s, COP_EINVAL, run(s, "", NULL, NULL, 0, got));
	TU_RC(s, COP_EINVAL, run(s, "    ", NULL, NULL, 0, got));
	TU_RC(s, COP_EINVAL, run(s, "!!! ??? ---", NULL, NULL, 0, got));
	TU_RC(s, COP_EINVAL, cop_search_iter_new(&it, s, NULL, NULL));
	TU_RC(s, COP_ETOOBIG, run(s, big, NULL, NULL, 0, got));
	big[1000] = '\0';
	TU_OK(s, run(s, big, NULL, NULL, 0, got));
	ck_assert_str_eq(got, "");
	TU_RC(s, COP_EENCODING, run(s, "caf\xe9", NULL, NULL, 0, got));
	TU_RC(s, COP_EENCODING, run(s, "\xc0\xaf" "cafe", NULL, NULL, 0, got));
	TU_RC(s, COP_EINVAL, run(s, "cafe", "", NULL, 0, got));
	TU_RC(s, COP_EINVAL, run(s, "cafe", NULL, "not a language", 0, got));
	o.version = 0;
	TU_RC(s, COP_EINVAL, cop_search_iter_new(&it, s, "cafe", &o));
	ck_assert_ptr_null(it);
	TU_RC(s, COP_EINVAL, cop_search_iter_new(NULL, s, "cafe", NULL));
	free(big);
}
END_TEST

/* The snippet of the first hit of @p q with markers @p open, @p close
 * (malloc'd). */
static char *snippet_with(cop_store *s, const char *q, const char *open,
	const char *close)
{
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	char *snip;

	o.mark_open = open;
	o.mark_close = close;
	TU_OK(s, cop_search_iter_new(&it, s, q, &o));
	TU_OK(s, cop_search_iter_next(&h, it));
	snip = strdup(cop_search_hit_snippet(h));
	cop_search_hit_free(h);
	cop_search_iter_free(it);
	return snip;
}

/* The caller chooses the markers; the default stays "[" "]"; the
 * controls of COP_SEARCH_MARK_OPEN never occur in a snippet's text, so
 * they tell matches from brackets in the text. */
START_TEST(test_markers)
{
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	cop_search_iter *it = NULL;
	cop_store *s = tu_store;
	char *snip, *big = tu_repeat('x', 33);
	const char *p;
	int opens = 0;

	snip = snippet_with(s, "paris", NULL, NULL);
	ck_assert_msg(tu_contains(snip, "[Paris]"), "snippet '%s'", snip);
	free(snip);
	snip = snippet_with(s, "paris", "<<", "\xe2\x9f\xa7");
	ck_assert_msg(tu_contains(snip, "<<Paris\xe2\x9f\xa7"), "'%s'", snip);
	ck_assert(!strchr(snip, '['));
	free(snip);
	snip = snippet_with(s, "paris", "", "");
	ck_assert_msg(tu_contains(snip, "in Paris."), "'%s'", snip);
	free(snip);

	tu_as(s, W.member);
	tu_contrib(s, NULL, T2, COP_CONTRIB_REPLY, NULL,
		"Use [quokka] and a\x01" "b\x02" "c\x1f; then quokka again\tand\n");
	tu_as(s, NULL);
	snip = snippet_with(s, "quokka", COP_SEARCH_MARK_OPEN,
		COP_SEARCH_MARK_CLOSE);
	ck_assert_msg(tu_contains(snip, "\x01quokka\x02] and a b c ; "
		"then \x01quokka\x02 again"), "'%s'", snip);
	for (p = snip; *p; p++)
		opens += *p == '\x01';
	ck_assert_int_eq(opens, 2);
	free(snip);
	snip = snippet_with(s, "quokka", NULL, NULL);
	ck_assert_msg(tu_contains(snip, "[quokka]] and"), "'%s'", snip);
	free(snip);

	/* Version 1 options (no markers) are still taken. */
	o.version = 1;
	TU_OK(s, cop_search_iter_new(&it, s, "paris", &o));
	cop_search_iter_free(it);
	o.version = COP_SEARCH_OPTIONS_VERSION;
	o.mark_open = big;
	TU_RC(s, COP_ETOOBIG, cop_search_iter_new(&it, s, "paris", &o));
	o.mark_open = NULL;
	o.mark_close = "\xff";
	TU_RC(s, COP_EENCODING, cop_search_iter_new(&it, s, "paris", &o));
	ck_assert_ptr_null(it);
	free(big);
}
END_TEST

/* CJK runs are segmented as overlapping bigrams at index and query time
 * (Lucene's CJKAnalyzer): a two-character word inside a sentence is
 * found, a longer one as a phrase of bigrams, a character alone in the
 * text by itself; Latin words beside CJK ones stay words. */
START_TEST(test_cjk)
{
	cop_store *s = tu_store;
	char *snip;

	tu_as(s, W.member);
	tu_contrib(s, NULL, T2, COP_CONTRIB_REPLY, NULL,
		"\xe6\x88\x91\xe7\x9a\x84\xe7\xac\x94\xe8\xae\xb0"
		"\xe6\x9c\xac\xe5\xbe\x88\xe5\xa5\xbd\xe7\x94\xa8\xe3\x80\x82"
		/* 我的笔记本很好用。 */
		" \xe7\x8c\xab \xe5\x8f\xaf\xe7\x88\xb1"
		/* 猫 可爱 */);
	tu_contrib(s, NULL, T4 /* inv */, COP_CONTRIB_REPLY, NULL,
		"Python\xe7\xbc\x96\xe7\xa8\x8b\xe5\xbe\x88\xe6\x9c\x89"
		"\xe8\xb6\xa3 and \xe6\x9d\xb1\xe4\xba\xac\xe3\x82\xbf"
		"\xe3\x83\xaf\xe3\x83\xbc\xe3\x81\xab\xe8\xa1\x8c\xe3\x81"
		"\x8d\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f"
		/* Python编程很有趣 and 東京タワーに行きました */);
	tu_as(s, NULL);
	/* 笔记: two characters inside the sentence. */
	FINDS(s, "\xe7\xac\x94\xe8\xae\xb0", "2");
	snip = snippet_with(s, "\xe7\xac\x94\xe8\xae\xb0", "<", ">");
	ck_assert_msg(tu_contains(snip, "\xe6\x88\x91\xe7\x9a\x84"),
		"snippet '%s'", snip);
	free(snip);
	/* 笔记本, 记本很好: phrases of bigrams; 本好 is not in the text. */
	FINDS(s, "\xe7\xac\x94\xe8\xae\xb0\xe6\x9c\xac", "2");
	FINDS(s, "\xe8\xae\xb0\xe6\x9c\xac\xe5\xbe\x88\xe5\xa5\xbd", "2");
	FINDS(s, "\xe6\x9c\xac\xe5\xa5\xbd", "");
	/* 猫 alone in the text, by itself; 可 (inside 可爱) is not a word. */
	FINDS(s, "\xe7\x8c\xab", "2");
	FINDS(s, "\xe5\x8f\xaf", "");
	FINDS(s, "\xe5\x8f\xaf\xe7\x88\xb1", "2");
	/* Mixed: the Latin word, the CJK one beside it, both at once. */
	FINDS(s, "python", "4");
	FINDS(s, "\xe7\xbc\x96\xe7\xa8\x8b", "4");
	FINDS(s, "Python\xe7\xbc\x96\xe7\xa8\x8b", "4");
	FINDS(s, "python \xe6\x9c\x89\xe8\xb6\xa3", "4");
	/* Japanese: タワー in 東京タワーに. */
	FINDS(s, "\xe3\x82\xbf\xe3\x83\xaf\xe3\x83\xbc", "4");
	/* Latin text unchanged. */
	FINDS(s, "cafe", "134");
}
END_TEST

/* Where CJK begins (text.c, cop__text_is_cjk(): U+1100 up; SQLite's
 * tokenizer passes a byte below 0xe1 over without decoding it): the
 * lowest CJK range, Hangul Jamo (U+1100..U+11FF, lead byte 0xe1), and
 * the first of hiragana (U+3041) and of the Hangul syllables (U+AC00)
 * are segmented as bigrams, so a run's middle character alone is not
 * found; the letters just below them, Tibetan (U+0F40, lead byte 0xe0),
 * Georgian (U+10D0, lead byte 0xe1 too), Meetei Mayek (U+ABC0), and
 * Ethiopic just above the Jamo (U+1200), stay words as unicode61 makes
 * them, found whole, not by their first two letters. */
START_TEST(test_cjk_bounds)
{
	static const char *const cjk[][3] = {
		/* ᄀᄁᄂ (U+1100..): ᄀᄁ, ᄁᄂ; ᄁ */
		{ "\xe1\x84\x80\xe1\x84\x81", "\xe1\x84\x81\xe1\x84\x82",
		  "\xe1\x84\x81" },
		/* ᇽᇾᇿ (..U+11FF) */
		{ "\xe1\x87\xbd\xe1\x87\xbe", "\xe1\x87\xbe\xe1\x87\xbf",
		  "\xe1\x87\xbe" },
		/* ぁあぃ (U+3041..) */
		{ "\xe3\x81\x81\xe3\x81\x82", "\xe3\x81\x82\xe3\x81\x83",
		  "\xe3\x81\x82" },
		/* 가각갂 (U+AC00..) */
		{ "\xea\xb0\x80\xea\xb0\x81", "\xea\xb0\x81\xea\xb0\x82",
		  "\xea\xb0\x81" },
	};
	static const char *const words[][2] = {
		/* ཀཁག (U+0F40..): the word, its first two letters */
		{ "\xe0\xbd\x80\xe0\xbd\x81\xe0\xbd\x82",
		  "\xe0\xbd\x80\xe0\xbd\x81" },
		/* აბგ (U+10D0..) */
		{ "\xe1\x83\x90\xe1\x83\x91\xe1\x83\x92",
		  "\xe1\x83\x90\xe1\x83\x91" },
		/* ሀሁሂ (U+1200..) */
		{ "\xe1\x88\x80\xe1\x88\x81\xe1\x88\x82",
		  "\xe1\x88\x80\xe1\x88\x81" },
		/* ꯀꯁꯂ (U+ABC0..) */
		{ "\xea\xaf\x80\xea\xaf\x81\xea\xaf\x82",
		  "\xea\xaf\x80\xea\xaf\x81" },
	};
	cop_store *s = tu_store;
	size_t i;

	tu_as(s, W.member);
	tu_contrib(s, NULL, T2, COP_CONTRIB_REPLY, NULL,
		"\xe1\x84\x80\xe1\x84\x81\xe1\x84\x82 "
		"\xe1\x87\xbd\xe1\x87\xbe\xe1\x87\xbf "
		"\xe3\x81\x81\xe3\x81\x82\xe3\x81\x83 "
		"\xea\xb0\x80\xea\xb0\x81\xea\xb0\x82 "
		"\xe0\xbd\x80\xe0\xbd\x81\xe0\xbd\x82 "
		"\xe1\x83\x90\xe1\x83\x91\xe1\x83\x92 "
		"\xe1\x88\x80\xe1\x88\x81\xe1\x88\x82 "
		"\xea\xaf\x80\xea\xaf\x81\xea\xaf\x82");
	tu_as(s, NULL);
	for (i = 0; i < sizeof(cjk) / sizeof(cjk[0]); i++) {
		FINDS(s, cjk[i][0], "2");
		FINDS(s, cjk[i][1], "2");
		FINDS(s, cjk[i][2], "");
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		FINDS(s, words[i][0], "2");
		FINDS(s, words[i][1], "");
	}
}
END_TEST

/* The contribution ids of the hits of @p q as the current actor, one
 * page of @p limit after @p after (NULL: the first), appended to @p ids
 * (n of them so far); the page's cursor into @p cursor.  Returns the
 * number of hits of the page. */
static int page_of(cop_store *s, const char *q, const char *community,
	unsigned limit, const char *after, char ids[][COP_ID_TEXT_LEN + 1],
	int n, char *cursor)
{
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	int got = 0, rc;

	o.community = community;
	o.limit = limit;
	o.after = after;
	TU_OK(s, cop_search_iter_new(&it, s, q, &o));
	if (after)
		ck_assert_str_eq(cop_search_iter_cursor(it), after);
	else
		ck_assert_ptr_null(cop_search_iter_cursor(it));
	while ((rc = cop_search_iter_next(&h, it)) == COP_OK) {
		ck_assert_int_lt(n + got, 200);
		snprintf(ids[n + got], COP_ID_TEXT_LEN + 1, "%s",
			cop_search_hit_contribution_id(h));
		got++;
		cop_search_hit_free(h);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	snprintf(cursor, 160, "%s", cop_search_iter_cursor(it) ?
		cop_search_iter_cursor(it) : "");
	cop_search_iter_free(it);
	return got;
}

/* Pages of a search follow one another with cursors: every hit once, in
 * the order of one page of them all, ties (identical replies) included,
 * with and without filters and as a member; a bad cursor is refused. */
START_TEST(test_cursor_pages)
{
	static char all[200][COP_ID_TEXT_LEN + 1], paged[200][COP_ID_TEXT_LEN + 1];
	static const char *const bad[] = {
		"", "x", "s1:", "s1:zz:1:00", "s1:3ff0000000000000:1:",
		"s1:3ff0000000000000::0123456789abcdef0123456789abcdef",
		"s1:3ff0000000000000:1:0123456789abcdef0123456789abcdeg",
		"s1:7ff8000000000000:1:0123456789abcdef0123456789abcdef",
		"s1:3ff0000000000000:1:0123456789abcdef0123456789abcdef0",
	};
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	cop_search_iter *it = NULL;
	cop_store *s = tu_store;
	char cursor[160], after[160];
	const char *comm[] = { NULL, "pub" };
	int i, k, n, total, pass;
	char body[128];

	tu_as(s, W.member);
	for (i = 0; i < 23; i++) {
		/* Scores vary with the repetitions; every third is a tie. */
		snprintf(body, sizeof(body), "ibex %s%s", i % 3 ? "" : "ibex ",
			i % 5 ? "" : "ibex ibex");
		tu_contrib(s, NULL, i % 2 ? T2 : T1, COP_CONTRIB_REPLY, NULL,
			body);
	}
	tu_contrib(s, NULL, T4, COP_CONTRIB_REPLY, NULL, "ibex in inv");
	for (pass = 0; pass < 4; pass++) {
		const char *c = comm[pass % 2];

		tu_as(s, pass < 2 ? NULL : W.member);
		total = page_of(s, "ibex", c, 1000, NULL, all, 0, cursor);
		ck_assert_int_ge(total, 23);
		for (k = 1; k <= 7; k += 3) {
			n = 0;
			after[0] = '\0';
			for (i = 0; i < 100; i++) {
				int got = page_of(s, "ibex", c, (unsigned)k,
					i ? after : NULL, paged, n, cursor);
				n += got;
				if (got < k)
					break;
				ck_assert(cursor[0]);
				snprintf(after, sizeof(after), "%s", cursor);
			}
			ck_assert_int_eq(n, total);
			for (i = 0; i < n; i++)
				ck_assert_msg(strcmp(paged[i], all[i]) == 0,
					"page size %d: hit %d differs", k, i);
		}
	}
	tu_as(s, NULL);
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		o.after = bad[i];
		TU_RC(s, COP_EINVAL, cop_search_iter_new(&it, s, "ibex", &o));
		ck_assert_ptr_null(it);
	}
}
END_TEST

/* A query without words is one error, whatever it holds instead: empty,
 * blanks, punctuation, emoji, symbols, quotes and stars. */
START_TEST(test_no_words)
{
	static const char *const none[] = {
		"", "   ", "!!!", "!!! ??? ---", "\xf0\x9f\x98\x80",
		"\xf0\x9f\x98\x80 \xf0\x9f\x8e\x89\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
		"\xe2\x9d\xa4\xef\xb8\x8f", "\xe2\x80\x94 \xc2\xbf \xe3\x80\x82",
		"\"\"", "\"!!!\"", "* ** ***", "\xc2\xa9\xe2\x82\xac\xe2\x86\x92",
		"\xef\xbc\x81\xef\xbc\x9f",
	};
	const char *first = NULL;
	cop_store *s = tu_store;
	char got[32], msg[256];
	size_t i;

	for (i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		int rc = run(s, none[i], NULL, NULL, 0, got);

		ck_assert_msg(rc == COP_EINVAL, "'%s': %s", none[i], tu_ename(rc));
		if (!first) {
			snprintf(msg, sizeof(msg), "%s", cop_errmsg(s));
			first = msg;
			ck_assert(tu_contains(msg, "no words"));
		}
		ck_assert_msg(strcmp(cop_errmsg(s), first) == 0,
			"'%s': '%s', not '%s'", none[i], cop_errmsg(s), first);
	}
	/* A word among them is a query. */
	FINDS(s, "\xf0\x9f\x98\x80 cafe !!!", "134");
}
END_TEST

START_TEST(test_index_follows_edits)
{
	cop_store *s = tu_store;

	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(NULL, s, P1,
		"Tea time in London instead", NULL));
	tu_as(s, NULL);
	FINDS(s, "london", "1");
	FINDS(s, "paris", "");
	FINDS(s, "cafe", "34");
	/* The title still finds the thread. */
	FINDS(s, "coffee", "1");
	/* New contributions are found at once. */
	tu_as(s, W.member);
	tu_contrib(s, NULL, T2, COP_CONTRIB_REPLY, NULL, "Quagga sighting");
	FINDS(s, "quagga", "2");
}
END_TEST

/* A batch finds what it wrote, edits included, before it commits; what
 * it rolls back is found no more. */
START_TEST(test_batch_search)
{
	cop_store *s = tu_store;
	tu_idbuf t5, r5, r6, x;

	TU_OK(s, cop_batch_begin(s));
	tu_as(s, W.member);
	tu_thread(s, t5, NULL, "pub", COP_THREAD_DISCUSSION, "Okapi notes",
		"The okapi lives in forests");
	tu_contrib(s, r5, T2, COP_CONTRIB_REPLY, NULL, "Quagga sighting");
	tu_as(s, NULL);
	FINDS(s, "okapi", "w");
	FINDS(s, "quagga", "2");
	/* Edits: of rows the batch wrote, before and after a search, and
	 * of a row from before the batch. */
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(NULL, s, r5, "Zebu sighting", NULL));
	tu_contrib(s, r6, T2, COP_CONTRIB_REPLY, NULL, "Gnu herd");
	TU_OK(s, cop_contribution_edit(NULL, s, r6, "Eland herd", NULL));
	TU_OK(s, cop_contribution_edit(NULL, s, P1, "Tea time in London",
		NULL));
	/* A failing operation inside the batch. */
	TU_RC(s, COP_EPERM, cop_contribution_edit(NULL, s, R1, "Gnu", NULL));
	tu_as(s, NULL);
	FINDS(s, "quagga", "");
	FINDS(s, "zebu", "2");
	FINDS(s, "gnu", "");
	FINDS(s, "eland", "2");
	FINDS(s, "london", "1");
	FINDS(s, "paris", "");
	tu_as(s, W.member);
	tu_contrib(s, NULL, T2, COP_CONTRIB_REPLY, NULL, "Impala jump");
	TU_OK(s, cop_batch_commit(s));
	tu_as(s, NULL);
	FINDS(s, "impala", "2");
	FINDS(s, "eland", "2");
	FINDS(s, "okapi", "w");
	FINDS(s, "coffee", "1");

	/* Rolled back: searched inside the batch, and not. */
	TU_OK(s, cop_batch_begin(s));
	tu_as(s, W.member);
	tu_contrib(s, x, T2, COP_CONTRIB_REPLY, NULL, "Kudu spotted");
	tu_as(s, NULL);
	FINDS(s, "kudu", "2");
	tu_as(s, W.member);
	tu_contrib(s, NULL, T2, COP_CONTRIB_REPLY, NULL, "Oryx spotted");
	TU_OK(s, cop_batch_rollback(s));
	tu_as(s, NULL);
	FINDS(s, "kudu", "");
	FINDS(s, "oryx", "");
	/* Single operations after a batch are found at once. */
	tu_as(s, W.member);
	tu_contrib(s, NULL, T2, COP_CONTRIB_REPLY, NULL, "Kudu again");
	tu_as(s, NULL);
	FINDS(s, "kudu", "2");
	FINDS(s, "oryx", "");
}
END_TEST

static Suite *search_suite(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tu_tcase(s, "search", search_setup, search_teardown);

	tcase_add_test(tc, test_words_and_folding);
	tcase_add_test(tc, test_prefix_and_phrase);
	tcase_add_test(tc, test_hit_fields_and_snippet);
	tcase_add_test(tc, test_visibility);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_translations_by_language);
	tcase_add_test(tc, test_metacharacters);
	tcase_add_test(tc, test_bad_queries);
	tcase_add_test(tc, test_no_words);
	tcase_add_test(tc, test_markers);
	tcase_add_test(tc, test_cjk);
	tcase_add_test(tc, test_cjk_bounds);
	tcase_add_test(tc, test_cursor_pages);
	tcase_add_test(tc, test_index_follows_edits);
	tcase_add_test(tc, test_batch_search);
	return s;
}

int main(void)
{
	return tu_run(search_suite());
}
