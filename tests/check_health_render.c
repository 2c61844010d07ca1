/*
 * check_health_render.c: the health scorecard, its thresholds, the
 * comparison across communities and the text and HTML pages
 * (include/cop/health.h, docs/health-scorecard.md), on reports written
 * by hand here (the metrics are not computed by this code).
 *
 * The scorecard's judgement and the comparison are pure functions of
 * libcop's (health_indicator.c, health_score.c, health_compare.c), which
 * this test compiles in; the thresholds and the pages are reached
 * through the public API.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "health_int.h"

TU_WORLD_FIXTURE(W)

/* A report from JSON text (ck_assert on a malformed one). */
static json_t *report(const char *text)
{
	json_error_t err;
	json_t *r = json_loads(text, 0, &err);

	ck_assert_msg(r != NULL, "bad test JSON: %s", err.text);
	return r;
}

/* The scorecard entry of @p indicator (the first one) in @p card. */
static const json_t *entry_of(const json_t *card, const char *indicator)
{
	size_t i;

	for (i = 0; i < json_array_size(card); i++)
		if (strcmp(json_string_value(json_object_get(
				json_array_get(card, i), "indicator")),
				indicator) == 0)
			return json_array_get(card, i);
	ck_abort_msg("no scorecard entry for %s", indicator);
	return NULL;
}

/* The status the scorecard gives @p indicator in report @p text against
 * @p t (the defaults when NULL). */
static char *status_in(const char *text, const char *indicator,
	const cop__health_thresholds *t)
{
	cop__health_thresholds def;
	json_t *r = report(text), *card;
	char *st;

	cop__health_thresholds_default(&def);
	card = cop__health_scorecard_eval(r, t ? t : &def);
	ck_assert_ptr_nonnull(card);
	st = strdup(json_string_value(json_object_get(entry_of(card,
		indicator), "status")));
	json_decref(card);
	json_decref(r);
	return st;
}

#define STATUS_IS(text, indicator, want) do { \
	char *st_ = status_in((text), (indicator), NULL); \
	ck_assert_msg(strcmp(st_, (want)) == 0, "%s in %s: %s, not %s", \
		(indicator), (text), st_, (want)); \
	free(st_); \
} while (0)

/* More is better: good at the good bound, watch just below it and at the
 * poor bound, poor just below that; null unknown. */
START_TEST(test_edges_higher)
{
	/* answered_share: good 0.8, poor 0.5. */
	STATUS_IS("{\"answered_share\": 0.8}", "answered_share", "good");
	STATUS_IS("{\"answered_share\": 0.7999}", "answered_share", "watch");
	STATUS_IS("{\"answered_share\": 0.5}", "answered_share", "watch");
	STATUS_IS("{\"answered_share\": 0.4999}", "answered_share", "poor");
	STATUS_IS("{\"answered_share\": 1}", "answered_share", "good");
	STATUS_IS("{\"answered_share\": 0}", "answered_share", "poor");
	STATUS_IS("{\"answered_share\": null}", "answered_share", "unknown");
	STATUS_IS("{}", "answered_share", "unknown");
	/* A nested count: participation.core, good 3, poor 1. */
	STATUS_IS("{\"participation\": {\"core\": 3}}", "participation.core",
		"good");
	STATUS_IS("{\"participation\": {\"core\": 2}}", "participation.core",
		"watch");
	STATUS_IS("{\"participation\": {\"core\": 1}}", "participation.core",
		"watch");
	STATUS_IS("{\"participation\": {\"core\": 0}}", "participation.core",
		"poor");
	/* absence_factor: 1 member carrying half is poor, 2 watch, 3 good. */
	STATUS_IS("{\"absence_factor\": 1}", "absence_factor", "poor");
	STATUS_IS("{\"absence_factor\": 2}", "absence_factor", "watch");
	STATUS_IS("{\"absence_factor\": 3}", "absence_factor", "good");
}
END_TEST

/* Less is better: good at the good bound, watch just above it and at the
 * poor bound, poor just above that. */
START_TEST(test_edges_lower)
{
	static const char *const ind = "time_to_first_response_hours.median";

	STATUS_IS("{\"time_to_first_response_hours\": {\"median\": 24}}", ind,
		"good");
	STATUS_IS("{\"time_to_first_response_hours\": {\"median\": 24.01}}",
		ind, "watch");
	STATUS_IS("{\"time_to_first_response_hours\": {\"median\": 72}}", ind,
		"watch");
	STATUS_IS("{\"time_to_first_response_hours\": {\"median\": 72.01}}",
		ind, "poor");
	STATUS_IS("{\"time_to_first_response_hours\": {\"median\": null}}", ind,
		"unknown");
	STATUS_IS("{\"participation\": {\"top10_share\": 0.7}}",
		"participation.top10_share", "good");
	STATUS_IS("{\"participation\": {\"top10_share\": 0.9}}",
		"participation.top10_share", "watch");
	STATUS_IS("{\"participation\": {\"top10_share\": 0.91}}",
		"participation.top10_share", "poor");
}
END_TEST

/* The derived indicators: their values from the figures they name, and
 * unknown when those are missing or make no whole. */
START_TEST(test_derived)
{
	cop__health_thresholds t;
	json_t *r;
	int i;

	cop__health_thresholds_default(&t);
	/* unresponded 1 of 10: 0.1, good (at most 0.1); 3 of 10 watch; 4 of
	 * 10 poor; no questions: unknown. */
	r = report("{\"time_to_first_response_hours\": {\"responded\": 9, "
		"\"unresponded\": 1}}");
	i = cop__health_indicator_find("unresponded_share");
	ck_assert_double_eq_tol(cop__health_value(r, i), 0.1, 1e-12);
	json_decref(r);
	STATUS_IS("{\"time_to_first_response_hours\": {\"responded\": 9, "
		"\"unresponded\": 1}}", "unresponded_share", "good");
	STATUS_IS("{\"time_to_first_response_hours\": {\"responded\": 7, "
		"\"unresponded\": 3}}", "unresponded_share", "watch");
	STATUS_IS("{\"time_to_first_response_hours\": {\"responded\": 6, "
		"\"unresponded\": 4}}", "unresponded_share", "poor");
	STATUS_IS("{\"time_to_first_response_hours\": {\"responded\": 0, "
		"\"unresponded\": 0}}", "unresponded_share", "unknown");
	/* The shortest runway of the currencies that have one. */
	r = report("{\"funding\": [{\"currency\": \"EUR\", \"runway_months\": "
		"8}, {\"currency\": \"USD\", \"runway_months\": null}, "
		"{\"currency\": \"GHS\", \"runway_months\": 2.5}]}");
	i = cop__health_indicator_find("runway_months");
	ck_assert_double_eq_tol(cop__health_value(r, i), 2.5, 1e-12);
	json_decref(r);
	STATUS_IS("{\"funding\": [{\"runway_months\": 6}]}", "runway_months",
		"good");
	STATUS_IS("{\"funding\": [{\"runway_months\": null}]}",
		"runway_months", "unknown");
	STATUS_IS("{\"funding\": []}", "runway_months", "unknown");
	/* Hours given of those pledged; nothing pledged: unknown. */
	STATUS_IS("{\"hours_pledged\": 40, \"hours_given\": 32}",
		"hours_given_share", "good");
	STATUS_IS("{\"hours_pledged\": 40, \"hours_given\": 19}",
		"hours_given_share", "poor");
	STATUS_IS("{\"hours_pledged\": 0, \"hours_given\": 5}",
		"hours_given_share", "unknown");
	STATUS_IS("{\"hours_pledged\": null, \"hours_given\": 5}",
		"hours_given_share", "unknown");
}
END_TEST

/* A report of nulls: every entry unknown, its value null (never 0), each
 * factor and obstacle of the notes there, each with a sentence. */
START_TEST(test_all_unknown)
{
	static const char *const factors[] = { "many_sharing", "core_group",
		"common_purpose", "source_of_support", "supporting_others",
		"regular_summaries", "language_technology", "face_to_face",
		"recognition", "financial_guarantee", "staff_time", "funding",
		"facilitation_support" };
	cop__health_thresholds t;
	json_t *r = report("{\"answered_share\": null, \"participation\": "
		"{\"core\": null}}"), *card;
	const json_t *e;
	size_t i, k;
	int obstacles = 0, found;

	cop__health_thresholds_default(&t);
	card = cop__health_scorecard_eval(r, &t);
	ck_assert_ptr_nonnull(card);
	ck_assert_uint_ge(json_array_size(card), 13);
	for (i = 0; i < json_array_size(card); i++) {
		e = json_array_get(card, i);
		ck_assert_str_eq(json_string_value(json_object_get(e, "status")),
			"unknown");
		ck_assert(json_is_null(json_object_get(e, "value")));
		ck_assert(tu_contains(json_string_value(json_object_get(e,
			"why")), "no figure"));
		obstacles += strcmp(json_string_value(json_object_get(e,
			"kind")), "obstacle") == 0;
	}
	ck_assert_int_eq(obstacles, 3);
	for (k = 0; k < sizeof(factors) / sizeof(factors[0]); k++) {
		found = 0;
		for (i = 0; i < json_array_size(card); i++)
			found |= strcmp(json_string_value(json_object_get(
				json_array_get(card, i), "factor")), factors[k]) == 0;
		ck_assert_msg(found, "no entry for %s", factors[k]);
	}
	json_decref(card);
	json_decref(r);
}
END_TEST

/* A community's own thresholds move the statuses; the sentence names the
 * value and the bound it was judged by. */
START_TEST(test_own_thresholds)
{
	cop__health_thresholds t;
	json_t *r = report("{\"answered_share\": 0.6}"), *card;
	const json_t *e;
	int i = cop__health_indicator_find("answered_share");

	cop__health_thresholds_default(&t);
	card = cop__health_scorecard_eval(r, &t);
	e = entry_of(card, "answered_share");
	ck_assert_str_eq(json_string_value(json_object_get(e, "status")),
		"watch");
	ck_assert_str_eq(json_string_value(json_object_get(e, "why")),
		"answered_share is 60 %, between the poor mark of 50 % and the "
		"good mark of 80 %: it shows whether questions asked here get an "
		"answer.");
	ck_assert_double_eq_tol(json_number_value(json_object_get(e, "value")),
		0.6, 1e-12);
	json_decref(card);
	t.good[i] = 0.6;
	t.poor[i] = 0.3;
	card = cop__health_scorecard_eval(r, &t);
	e = entry_of(card, "answered_share");
	ck_assert_str_eq(json_string_value(json_object_get(e, "status")),
		"good");
	json_decref(card);
	t.good[i] = 0.9;
	t.poor[i] = 0.7;
	card = cop__health_scorecard_eval(r, &t);
	ck_assert_str_eq(json_string_value(json_object_get(entry_of(card,
		"answered_share"), "status")), "poor");
	json_decref(card);
	json_decref(r);
	ck_assert_int_eq(cop__health_indicator_find("languages"), -1);
	ck_assert_str_eq(cop_health_indicator_name(0), "active_members");
	ck_assert_ptr_null(cop_health_indicator_name(COP__HEALTH_NIND));
	ck_assert_ptr_null(cop_health_indicator_name(-1));
}
END_TEST

/* A scored report of a period of @p days days from 2026-01-01, with
 * @p active members and the given answered share, and absence factor
 * @p absence (core group: good at 3). */
static json_t *scored(int days, int active, const char *answered,
	const char *absence)
{
	cop__health_thresholds t;
	char text[512];
	json_t *r;

	snprintf(text, sizeof(text), "{\"from\": \"2026-01-01\", \"to\": "
		"\"2026-%s\", \"active_members\": %d, \"answered_share\": %s, "
		"\"absence_factor\": %s, \"participation\": {\"core\": 3}}",
		days == 31 ? "01-31" : "03-01", active, answered, absence);
	r = report(text);
	cop__health_thresholds_default(&t);
	json_object_set_new(r, "scorecard", cop__health_scorecard_eval(r, &t));
	return r;
}

static const json_t *factor_in(const json_t *cmp, const char *factor)
{
	const json_t *fs = json_object_get(cmp, "factors");
	size_t i;

	for (i = 0; i < json_array_size(fs); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(fs,
				i), "factor")), factor) == 0)
			return json_array_get(fs, i);
	ck_abort_msg("no factor %s", factor);
	return NULL;
}

static double num_at(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(json_object_get(o, a), b);

	ck_assert_msg(json_is_number(v), "%s.%s is not a number", a, b);
	return json_number_value(v);
}

/* The comparison: per factor, the communities where it is good against
 * the rest on active members per month and answered share, with counts;
 * unknown ones counted apart, an empty group's means null. */
START_TEST(test_compare)
{
	json_t *reports = json_array(), *cmp;
	const json_t *f;

	/* Core group good (absence 3, core 3) in two communities of a
	 * 31-day month: 62 and 31 active members (62 and 31 a month),
	 * answered 0.9 and 0.7.  Not good (absence 1) in one: 31 active,
	 * answered 0.3.  Unknown (absence null: core alone is not the
	 * whole factor, so it still counts, as good) in none; one report
	 * without any of it: no scorecard entries known for core_group. */
	json_array_append_new(reports, scored(31, 62, "0.9", "3"));
	json_array_append_new(reports, scored(31, 31, "0.7", "3"));
	json_array_append_new(reports, scored(31, 31, "0.3", "1"));
	json_array_append_new(reports, report("{\"scorecard\": []}"));
	cmp = cop__health_compare(reports);
	ck_assert_ptr_nonnull(cmp);
	ck_assert_int_eq(json_integer_value(json_object_get(cmp,
		"communities")), 4);
	f = factor_in(cmp, "core_group");
	ck_assert_int_eq(num_at(f, "good", "communities"), 2);
	ck_assert_int_eq(num_at(f, "not_good", "communities"), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(f, "unknown")), 1);
	/* 62 and 31 active in 31 days: 60.875 and 30.4375 a month. */
	ck_assert_double_eq_tol(num_at(f, "good", "active_members_per_month"),
		(62 + 31) / 2.0 * (365.25 / 12) / 31, 1e-9);
	ck_assert_double_eq_tol(num_at(f, "good", "answered_share"), 0.8,
		1e-12);
	ck_assert_double_eq_tol(num_at(f, "not_good", "answered_share"), 0.3,
		1e-12);
	ck_assert_double_eq_tol(num_at(f, "difference", "answered_share"), 0.5,
		1e-12);
	/* Source of support: answered 0.9 good; 0.7 and 0.3 not (the median
	 * response time is unknown everywhere, so answered decides). */
	f = factor_in(cmp, "source_of_support");
	ck_assert_int_eq(num_at(f, "good", "communities"), 1);
	ck_assert_int_eq(num_at(f, "not_good", "communities"), 2);
	/* Funding: unknown everywhere: both groups empty, means null. */
	f = factor_in(cmp, "funding");
	ck_assert_int_eq(num_at(f, "good", "communities"), 0);
	ck_assert(json_is_null(json_object_get(json_object_get(f, "good"),
		"answered_share")));
	ck_assert(json_is_null(json_object_get(json_object_get(f,
		"difference"), "answered_share")));
	ck_assert_int_eq(json_integer_value(json_object_get(f, "unknown")), 4);
	json_decref(cmp);
	json_decref(reports);
	/* No communities: no factors, no failure. */
	reports = json_array();
	cmp = cop__health_compare(reports);
	ck_assert_ptr_nonnull(cmp);
	ck_assert_uint_eq(json_array_size(json_object_get(cmp, "factors")), 0);
	json_decref(cmp);
	json_decref(reports);
}
END_TEST

/* The hand-written report of the tests, scored with the defaults, as
 * JSON text (free()). */
static char *fixture(const char *name_override)
{
	static const char text[] =
		"{\"format\": 1, \"community\": {\"id\": \"x\", \"slug\": "
		"\"brew<i>\", \"name\": \"Brewers <script>alert(1)</script> & "
		"'Co' \\u001b[31m\\nred\"}, \"from\": \"2026-01-01\", \"to\": "
		"\"2026-01-28\", \"generated\": \"2026-12-06T10:00:00Z\", "
		"\"contributions\": 123, \"questions\": 40, \"active_members\": "
		"10, \"new_contributors\": 3, \"inactive_contributors\": 2, "
		"\"participation\": {\"core\": 2, \"active\": 5, \"peripheral\": "
		"10, \"inactive\": null, \"top1_share\": 0.31, \"top10_share\": "
		"0.62}, \"time_to_first_response_hours\": {\"median\": 2.5, "
		"\"p90\": 30.0, \"responded\": 35, \"unresponded\": 5, "
		"\"histogram\": [{\"label\": \"under 1 h\", \"max_hours\": 1, "
		"\"count\": 10}, {\"label\": \"1 to 4 h\", \"max_hours\": 4, "
		"\"count\": 8}, {\"label\": \"4 to 24 h\", \"max_hours\": 24, "
		"\"count\": 9}, {\"label\": \"over 1 day <&>\", \"max_hours\": "
		"null, \"count\": 1}]}, \"answered_share\": 0.9, "
		"\"accepted_share\": 0.5, \"summary_coverage\": null, "
		"\"summaries\": {\"covered\": 0, \"eligible\": 0}, "
		"\"absence_factor\": 2, \"absence_factor_organisations\": 1, "
		"\"newcomer_retention\": null, \"events_held\": 0, "
		"\"attendance_rate\": null, \"hours_pledged\": 40.0, "
		"\"hours_given\": 31.5, \"funding\": [{\"currency\": \"EUR\", "
		"\"exponent\": 2, \"balance\": 125050, \"burn\": 30000, "
		"\"runway_months\": 4.2}], \"activity\": {\"unit\": \"week\", "
		"\"series\": [{\"start\": \"2025-12-29\", \"contributions\": 12, "
		"\"active_members\": 4, \"new_contributors\": 1}, {\"start\": "
		"\"2026-01-05\", \"contributions\": 0, \"active_members\": 0, "
		"\"new_contributors\": 0}, {\"start\": \"2026-01-12\", "
		"\"contributions\": 30, \"active_members\": 6, "
		"\"new_contributors\": 2}, {\"start\": \"2026-01-19\", "
		"\"contributions\": 81, \"active_members\": 9, "
		"\"new_contributors\": 0}, {\"start\": \"2026-01-26\", "
		"\"contributions\": 0, \"active_members\": 0, "
		"\"new_contributors\": 0}]}, \"stage\": {\"name\": \"maturing\", "
		"\"evidence\": [\"Five <b>weeks</b> & more\"]}}";
	cop__health_thresholds t;
	json_t *r = report(text);
	char *out;

	if (name_override)
		json_object_set_new(json_object_get(r, "community"), "name",
			json_string(name_override));
	cop__health_thresholds_default(&t);
	json_object_set_new(r, "scorecard", cop__health_scorecard_eval(r, &t));
	out = json_dumps(r, 0);
	json_decref(r);
	return out;
}

/* How many times @p needle occurs in @p hay. */
static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The text of svg data-chart=@p name in @p html (free()). */
static char *chart(const char *html, const char *name)
{
	char key[64];
	const char *a, *z;

	snprintf(key, sizeof(key), "data-chart=\"%s\"", name);
	a = strstr(html, key);
	ck_assert_msg(a != NULL, "no chart %s", name);
	z = strstr(a, "</svg>");
	ck_assert_ptr_nonnull(z);
	return strndup(a, (size_t)(z - a));
}

/* The HTML page: one file, no script, nothing fetched, four charts with
 * a bar per unit, level and band and a mark per scorecard entry, every
 * text escaped, null figures "no data". */
START_TEST(test_html)
{
	char *json = fixture(NULL), *html = NULL, *c;

	ck_assert_int_eq(cop_health_render(&html, json, "html"), COP_OK);
	ck_assert_ptr_nonnull(html);
	ck_assert(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	ck_assert_int_eq(count(html, "<script"), 0);
	ck_assert_int_eq(count(html, "</script"), 0);
	ck_assert_int_eq(count(html, "http:"), 0);
	ck_assert_int_eq(count(html, "https:"), 0);
	ck_assert_int_eq(count(html, "<img"), 0);
	ck_assert_int_eq(count(html, "<link"), 0);
	ck_assert_int_eq(count(html, "\x1b"), 0);
	ck_assert_int_eq(count(html, "<svg class=\"chart\""), 4);
	ck_assert(tu_contains(html, "Brewers &lt;script&gt;alert(1)&lt;/script"
		"&gt; &amp; &#39;Co&#39;"));
	ck_assert(tu_contains(html, "(brew&lt;i&gt;)"));
	ck_assert(tu_contains(html, "Five &lt;b&gt;weeks&lt;/b&gt; &amp; "
		"more"));
	ck_assert_int_eq(count(html, "<b>"), 0);
	ck_assert_int_eq(count(html, "<i>"), 0);
	c = chart(html, "activity");
	ck_assert_int_eq(count(c, "<rect class=\"bar\""), 5);
	ck_assert_int_eq(count(c, "<circle class=\"point\""), 5);
	free(c);
	/* Participation: inactive is null: three bars, and "no data". */
	c = chart(html, "participation");
	ck_assert_int_eq(count(c, "<rect class=\"bar level\""), 3);
	ck_assert_int_eq(count(c, "no data"), 1);
	free(c);
	c = chart(html, "response-times");
	ck_assert_int_eq(count(c, "<rect class=\"bar\""), 4);
	ck_assert(tu_contains(c, "over 1 day &lt;&amp;&gt;"));
	free(c);
	c = chart(html, "scorecard");
	ck_assert_int_eq(count(c, "<g class=\"score status-"), 18);
	ck_assert_int_eq(count(c, "<g class=\"score status-good\">"),
		count(c, "<circle class=\"mark\"") -
		count(c, "<g class=\"score status-unknown\">"));
	ck_assert_int_ge(count(c, "status-unknown"), 1);
	ck_assert_int_ge(count(c, ">poor</text>"), 1);
	free(c);
	/* Null figures: "no data" in the figures' table, never a 0. */
	ck_assert(tu_contains(html, "Summary coverage</th><td class=\"num "
		"nodata\">no data</td>"));
	ck_assert(tu_contains(html, "Newcomer retention</th><td class=\"num "
		"nodata\">no data</td>"));
	ck_assert(tu_contains(html, "Events held</th><td class=\"num\">0</td>"));
	cop_free(html);
	free(json);
}
END_TEST

/* The text page: every figure with its label, null as "no data", the
 * stage with its evidence, the scorecard; no control character of the
 * report's text reaches the terminal. */
START_TEST(test_text)
{
	char *json = fixture(NULL), *text = NULL;

	ck_assert_int_eq(cop_health_render(&text, json, "text"), COP_OK);
	ck_assert(tu_contains(text, "Health of Brewers <script>alert(1)"
		"</script> & 'Co'  [31m red (brew<i>)\n"));
	ck_assert_int_eq(count(text, "\x1b"), 0);
	ck_assert(tu_contains(text, "  Answered share"));
	ck_assert(tu_contains(text, "90 %\n"));
	ck_assert(tu_contains(text, "  Summary coverage                no data\n"));
	ck_assert(tu_contains(text, "  Newcomer retention              no data\n"));
	ck_assert(tu_contains(text, "  Inactive                        no data\n"));
	ck_assert(tu_contains(text, "  Median                          2.5 h\n"));
	ck_assert(tu_contains(text, "  EUR: balance 1250.50, burn 300.00 a "
		"month, runway 4.2 months\n"));
	ck_assert(tu_contains(text, "  2026-01-12  contributions 30, active "
		"members 6, new contributors 2\n"));
	ck_assert(tu_contains(text, "Stage: maturing\n  - Five <b>weeks</b> & "
		"more\n"));
	ck_assert(tu_contains(text, "Scorecard\n"));
	ck_assert(tu_contains(text, "  [watch] Core group and facilitation: "
		"absence_factor 2\n"));
	ck_assert(tu_contains(text, "  [unknown] Common sense of purpose: "
		"newcomer_retention no data\n"));
	ck_assert(tu_contains(text, "(obstacle)"));
	cop_free(text);
	free(json);
}
END_TEST

/* Bad input: a clear code and message, nothing handed out. */
START_TEST(test_render_bad)
{
	char *out = (char *)"untouched";

	ck_assert_int_eq(cop_health_render(&out, "{\"format\": ", "text"),
		COP_EINVAL);
	ck_assert_ptr_null(out);
	ck_assert(tu_contains(cop_errmsg(NULL), "not JSON"));
	ck_assert_int_eq(cop_health_render(&out, "[1, 2]", "html"), COP_EINVAL);
	ck_assert(tu_contains(cop_errmsg(NULL), "not a JSON object"));
	ck_assert_int_eq(cop_health_render(&out, "{}", "pdf"), COP_EINVAL);
	ck_assert(tu_contains(cop_errmsg(NULL), "unknown report format "
		"\"pdf\""));
	ck_assert_int_eq(cop_health_render(&out, "{}", NULL), COP_EINVAL);
	ck_assert_int_eq(cop_health_render(&out, NULL, "text"), COP_EINVAL);
	ck_assert_int_eq(cop_health_render(NULL, "{}", "text"), COP_EINVAL);
	/* An empty report renders: every figure "no data". */
	ck_assert_int_eq(cop_health_render(&out, "{}", "html"), COP_OK);
	ck_assert_int_eq(cop_errcode(NULL), COP_OK);
	ck_assert_int_eq(count(out, "<svg class=\"chart\""), 4);
	ck_assert_int_ge(count(out, "no data"), 27);
	cop_free(out);
	ck_assert_int_eq(cop_health_render(&out, "{}", "text"), COP_OK);
	ck_assert_int_ge(count(out, "no data"), 27);
	cop_free(out);
	/* Figures that cannot be lengths draw nothing below the axis. */
	ck_assert_int_eq(cop_health_render(&out, "{\"participation\": "
		"{\"core\": -5}, \"time_to_first_response_hours\": "
		"{\"histogram\": [{\"label\": \"x\", \"count\": -2}]}}",
		"html"), COP_OK);
	ck_assert_int_eq(count(out, "=\"-"), 0);
	cop_free(out);
}
END_TEST

/* The thresholds a community sets: the defaults until then; who may;
 * bad input refused, changing nothing; logged; reset. */
START_TEST(test_thresholds)
{
	cop_store *s = tu_store;
	double good = -1, poor = -1;
	char *snap, op[64];

	tu_as(s, W.member);
	TU_OK(s, cop_health_threshold_lookup(&good, &poor, s, "pub",
		"answered_share"));
	ck_assert_double_eq(good, 0.8);
	ck_assert_double_eq(poor, 0.5);
	snap = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_health_threshold_set(s, "pub", "answered_share", 0.7, 0.4));
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_health_threshold_reset(s, "pub", NULL));
	tu_as(s, W.outsider);
	ck_assert_int_ne(cop_health_threshold_lookup(&good, &poor, s, "priv",
		"answered_share"), COP_OK);
	ck_assert_double_eq(good, 0);
	tu_as(s, W.facil);
	ck_assert_int_eq(cop_health_threshold_set(s, "pub", "languages", 0.7,
		0.4), COP_EINVAL);
	ck_assert(tu_contains(cop_errmsg(s), "unknown indicator \"languages\""));
	ck_assert_int_eq(cop_health_threshold_set(s, "pub", "answered_share",
		0.4, 0.7), COP_EINVAL);
	ck_assert(tu_contains(cop_errmsg(s), "the poor bound (0.7) may not be "
		"above the good one (0.4)"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_health_threshold_set(s, "pub", "languages", 0.7, 0.4));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_health_threshold_set(s, "pub", "answered_share", 0.4, 0.7));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap, cop_health_threshold_set(s,
		"pub", "time_to_first_response_hours.median", 72, 24));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_health_threshold_set(s, "pub", "answered_share", 1.5, 0.4));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_health_threshold_set(s, "pub", "answered_share", NAN, 0.4));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_health_threshold_set(s, "pub", NULL, 0.7, 0.4));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_health_threshold_set(s, "nowhere", "answered_share", 0.7,
			0.4));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_health_threshold_reset(s, "pub", "languages"));
	TU_OK(s, cop_health_threshold_lookup(&good, &poor, s, "pub",
		"answered_share"));
	ck_assert_double_eq(good, 0.8);
	/* Set: equal bounds are allowed (no watch band). */
	TU_OK(s, cop_health_threshold_set(s, "pub", "answered_share", 0.7,
		0.7));
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "community.health");
	TU_OK(s, cop_health_threshold_set(s, "pub", "answered_share", 0.75,
		0.333333));
	TU_OK(s, cop_health_threshold_set(s, "pub",
		"time_to_first_response_hours.median", 12, 48));
	tu_as(s, W.member);
	TU_OK(s, cop_health_threshold_lookup(&good, &poor, s, "pub",
		"answered_share"));
	ck_assert_double_eq_tol(good, 0.75, 1e-9);
	ck_assert_double_eq_tol(poor, 0.333333, 1e-9);
	/* Another community keeps the defaults. */
	tu_as(s, W.owner);
	TU_OK(s, cop_health_threshold_lookup(&good, &poor, s, "priv",
		"answered_share"));
	ck_assert_double_eq(good, 0.8);
	/* Reset one, then all. */
	TU_OK(s, cop_health_threshold_reset(s, "pub", "answered_share"));
	TU_OK(s, cop_health_threshold_lookup(&good, &poor, s, "pub",
		"answered_share"));
	ck_assert_double_eq(good, 0.8);
	TU_OK(s, cop_health_threshold_lookup(&good, &poor, s, "pub",
		"time_to_first_response_hours.median"));
	ck_assert_double_eq(good, 12);
	TU_OK(s, cop_health_threshold_reset(s, "pub", NULL));
	TU_OK(s, cop_health_threshold_lookup(&good, &poor, s, "pub",
		"time_to_first_response_hours.median"));
	ck_assert_double_eq(good, 24);
	ck_assert_double_eq(poor, 72);
	/* The system may too. */
	tu_as(s, NULL);
	TU_OK(s, cop_health_threshold_set(s, "inv", "events_held", 1, 0));
	ck_assert_int_eq(cop_health_threshold_lookup(NULL, &poor, s, "inv",
		"events_held"), COP_EINVAL);
	free(snap);
}
END_TEST

static Suite *health_suite(void)
{
	Suite *s = suite_create("health_render");
	TCase *tc = tu_tcase(s, "scorecard", NULL, NULL);

	tcase_add_test(tc, test_edges_higher);
	tcase_add_test(tc, test_edges_lower);
	tcase_add_test(tc, test_derived);
	tcase_add_test(tc, test_all_unknown);
	tcase_add_test(tc, test_own_thresholds);
	tcase_add_test(tc, test_compare);
	tc = tu_tcase(s, "pages", NULL, NULL);
	tcase_add_test(tc, test_html);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_render_bad);
	tc = tu_tcase(s, "thresholds", setup, teardown);
	tcase_add_test(tc, test_thresholds);
	return s;
}

int main(void)
{
	return tu_run(health_suite());
}
