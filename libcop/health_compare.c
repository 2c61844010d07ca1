/*
 * health_compare.c: which factors go with healthy communities here
 * (docs/health-scorecard.md, "Comparison").  A pure function over the
 * scored reports of a store's communities: for each factor of the
 * scorecard, the communities where it is good against those where it is
 * not, on the health measure (active members per month and answered
 * share), with the counts.
 */
#include <math.h>
#include <stdio.h>
#include "health_int.h"

/* Days from 1970-01-01 of "YYYY-MM-DD" into *out; -1 when malformed. */
static int day_number(const char *s, long *out)
{
	int y, m, d, n = 0;
	long era, yoe, doy, doe;

	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || s[10] || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	/* Howard Hinnant's days_from_civil. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = era * 146097 + doe - 719468;
	return 0;
}

/* The report's active members per month (of 365.25 / 12 days) over its
 * inclusive period, or NaN. */
static double per_month(const json_t *r)
{
	const json_t *a = json_object_get(r, "active_members");
	long from, to;

	if (!json_is_number(a) ||
	    day_number(json_string_value(json_object_get(r, "from")),
		    &from) < 0 ||
	    day_number(json_string_value(json_object_get(r, "to")), &to) < 0 ||
	    to < from)
		return NAN;
	return json_number_value(a) / ((double)(to - from + 1) /
		(365.25 / 12));
}

static double number_or_nan(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* A factor's status in report @p r: 1 good (every known entry of it
 * good), 0 not good (some known entry watch or poor), -1 unknown. */
static int factor_good(const json_t *r, const char *factor)
{
	const json_t *card = json_object_get(r, "scorecard"), *e;
	const char *st;
	int known = 0, good = 1;
	size_t i;

	for (i = 0; i < json_array_size(card); i++) {
		e = json_array_get(card, i);
		if (!json_is_string(json_object_get(e, "factor")) ||
		    strcmp(json_string_value(json_object_get(e, "factor")),
			    factor) != 0)
			continue;
		st = json_string_value(json_object_get(e, "status"));
		if (!st || strcmp(st, "unknown") == 0)
			continue;
		known = 1;
		if (strcmp(st, "good") != 0)
			good = 0;
	}
	return known ? good : -1;
}

/* A mean, its count of values: sum and n. */
typedef struct mean {
	double sum;
	int n;
} mean;

static void mean_add(mean *m, double v)
{
	if (!isnan(v)) {
		m->sum += v;
		m->n++;
	}
}

static json_t *mean_json(const mean *m)
{
	return m->n ? json_real(m->sum / m->n) : json_null();
}

/* One group of communities: its count and its means. */
typedef struct group {
	int n;
	mean active, answered;
} group;

static json_t *group_json(const group *g)
{
	return json_pack("{s:i, s:o, s:o}", "communities", g->n,
		"active_members_per_month", mean_json(&g->active),
		"answered_share", mean_json(&g->answered));
}

/* good's mean less the other's, or null. */
static json_t *diff_json(const mean *a, const mean *b)
{
	if (!a->n || !b->n)
		return json_null();
	return json_real(a->sum / a->n - b->sum / b->n);
}

/* The comparison of @p factor (@p label, @p kind) over @p reports. */
static json_t *compare_factor(const json_t *reports, const char *factor,
	const char *label, const char *kind)
{
	group good, other;
	const json_t *r;
	int unknown = 0, st;
	size_t i;

	memset(&good, 0, sizeof(good));
	memset(&other, 0, sizeof(other));
	for (i = 0; i < json_array_size(reports); i++) {
		group *g;

		r = json_array_get(reports, i);
		if ((st = factor_good(r, factor)) < 0) {
			unknown++;
			continue;
		}
		g = st ? &good : &other;
		g->n++;
		mean_add(&g->active, per_month(r));
		mean_add(&g->answered,
			number_or_nan(json_object_get(r, "answered_share")));
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:i, s:{s:o, s:o}}",
		"factor", factor, "label", label, "kind", kind,
		"good", group_json(&good), "not_good", group_json(&other),
		"unknown", unknown, "difference",
		"active_members_per_month", diff_json(&good.active, &other.active),
		"answered_share", diff_json(&good.answered, &other.answered));
}

/* Whether @p factor was already compared (an earlier entry of the first
 * scorecard names it). */
static int seen_before(const json_t *card, size_t upto, const char *factor)
{
	const char *f;
	size_t i;

	for (i = 0; i < upto; i++) {
		f = json_string_value(json_object_get(json_array_get(card, i),
			"factor"));
		if (f && strcmp(f, factor) == 0)
			return 1;
	}
	return 0;
}

json_t *cop__health_compare(const json_t *reports)
{
	const json_t *card = NULL, *e;
	json_t *out, *factors, *one;
	const char *factor, *label, *kind;
	size_t i;

	/* The factors, in the order of the first scorecard there is. */
	for (i = 0; !card && i < json_array_size(reports); i++)
		card = json_object_get(json_array_get(reports, i), "scorecard");
	if (!(factors = json_array()))
		return NULL;
	for (i = 0; i < json_array_size(card); i++) {
		e = json_array_get(card, i);
		factor = json_string_value(json_object_get(e, "factor"));
		label = json_string_value(json_object_get(e, "label"));
		kind = json_string_value(json_object_get(e, "kind"));
		if (!factor || seen_before(card, i, factor))
			continue;
		one = compare_factor(reports, factor, label ? label : factor,
			kind ? kind : "factor");
		if (!one || json_array_append_new(factors, one) != 0) {
			json_decref(factors);
			return NULL;
		}
	}
	out = json_pack("{s:i, s:[s, s], s:o}", "communities",
		(int)json_array_size(reports), "measure",
		"active_members_per_month", "answered_share", "factors", factors);
	return out;
}
