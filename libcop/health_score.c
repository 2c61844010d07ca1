/*
 * health_score.c: the health scorecard (docs/health-scorecard.md).  Each
 * success factor of the workshop notes and each obstacle maps to one or
 * more indicators of the report (health_indicator.c), each judged good,
 * watch or poor against the community's thresholds (unknown when the
 * report has no figure), with one sentence saying why.
 *
 * The judgement is a pure function of (report, thresholds),
 * cop__health_scorecard_eval() (the tests compile this file in); the
 * store part, which only reads the community's thresholds, is
 * health_threshold.c's cop__health_scorecard().  Nothing here computes a metric: the values are
 * the report's, or plain arithmetic on them (a share of two of its
 * counts, the shortest runway).
 */
#include <math.h>
#include <stdio.h>
#include "health_int.h"

/* Indicator numbers (cop__health_indicators' order). */
enum {
	I_ACTIVE, I_TOP10, I_ABSENCE, I_CORE, I_RETENTION, I_ANSWERED,
	I_TTFR_MEDIAN, I_ACCEPTED, I_ABSENCE_ORG, I_SUMMARY, I_UNRESPONDED,
	I_EVENTS, I_ATTENDANCE, I_NEW, I_RUNWAY, I_HOURS, I_TTFR_P90
};

/* One line of the scorecard: a factor or obstacle, one of its
 * indicators, and what the indicator says about it. */
typedef struct entry {
	const char *factor;
	const char *kind;
	const char *label;
	int indicator;
	const char *meaning;
} entry;

static const entry entries[] = {
	{ "many_sharing", "factor", "Many sharing knowledge", I_ACTIVE,
	  "how many members contributed in the period" },
	{ "many_sharing", "factor", "Many sharing knowledge", I_TOP10,
	  "how much of the talk comes from the busiest tenth of contributors" },
	{ "core_group", "factor", "Core group and facilitation", I_ABSENCE,
	  "how few members carry half of the contributions" },
	{ "core_group", "factor", "Core group and facilitation", I_CORE,
	  "how many members form the core group" },
	{ "common_purpose", "factor", "Common sense of purpose", I_RETENTION,
	  "whether newcomers find a purpose to come back for" },
	{ "source_of_support", "factor", "Seen as a source of support",
	  I_ANSWERED, "whether questions asked here get an answer" },
	{ "source_of_support", "factor", "Seen as a source of support",
	  I_TTFR_MEDIAN, "how soon a question usually gets a first response" },
	{ "supporting_others", "factor", "Members supporting others",
	  I_ACCEPTED, "whether the answers members give solve the question" },
	{ "supporting_others", "factor", "Members supporting others",
	  I_ABSENCE_ORG, "whether support comes from several organisations" },
	{ "regular_summaries", "factor", "Regular summaries", I_SUMMARY,
	  "whether finished discussions get a summary" },
	{ "language_technology", "factor", "Language and technology support",
	  I_UNRESPONDED, "how many questions nobody could take up (the report "
	  "has no figure for languages)" },
	{ "face_to_face", "factor", "Face-to-face meetings", I_EVENTS,
	  "whether members are brought together" },
	{ "face_to_face", "factor", "Face-to-face meetings", I_ATTENDANCE,
	  "whether those who answered yes came" },
	{ "recognition", "factor", "Recognition and visibility", I_NEW,
	  "whether the community draws new contributors (the report has no "
	  "figure for recognition itself)" },
	{ "financial_guarantee", "factor", "Financial guarantee", I_RUNWAY,
	  "how many months the money lasts at the current burn" },
	{ "staff_time", "obstacle", "Staff time", I_HOURS,
	  "how much of the time pledged was given" },
	{ "funding", "obstacle", "Funding", I_RUNWAY,
	  "how soon the money runs out at the current burn" },
	{ "facilitation_support", "obstacle", "Facilitation support",
	  I_TTFR_P90, "how long the slowest tenth of questions wait for a "
	  "first response" },
};

/* The number at @p path ("a.b") in @p o, or NaN. */
static double path_number(const json_t *o, const char *path)
{
	char key[64];
	const char *dot;
	size_t n;

	while ((dot = strchr(path, '.')) != NULL) {
		n = (size_t)(dot - path);
		if (n >= sizeof(key))
			return NAN;
		memcpy(key, path, n);
		key[n] = '\0';
		o = json_object_get(o, key);
		path = dot + 1;
	}
	o = json_object_get(o, path);
	return json_is_number(o) ? json_number_value(o) : NAN;
}

/* The shortest runway of the report's currencies that have one. */
static double runway(const json_t *report)
{
	const json_t *f = json_object_get(report, "funding"), *r;
	double best = NAN, v;
	size_t i;

	for (i = 0; i < json_array_size(f); i++) {
		r = json_object_get(json_array_get(f, i), "runway_months");
		if (!json_is_number(r))
			continue;
		v = json_number_value(r);
		if (isnan(best) || v < best)
			best = v;
	}
	return best;
}

/* @p a / (@p b), NaN when either is missing or the whole is 0. */
static double ratio(double a, double b)
{
	if (isnan(a) || isnan(b) || b <= 0)
		return NAN;
	return a / b;
}

double cop__health_value(const json_t *report, int i)
{
	double a, b;

	switch (i) {
	case I_UNRESPONDED:
		a = path_number(report, "time_to_first_response_hours."
			"unresponded");
		b = path_number(report, "time_to_first_response_hours."
			"responded");
		return ratio(a, a + b);
	case I_RUNWAY:
		return runway(report);
	case I_HOURS:
		return ratio(path_number(report, "hours_given"),
			path_number(report, "hours_pledged"));
	default:
		if (i < 0 || i >= COP__HEALTH_NIND)
			return NAN;
		return path_number(report, cop__health_indicators[i].name);
	}
}

/* @p v of indicator @p i as a figure with its unit. */
static void figure(char *buf, size_t size, int i, double v)
{
	const char *unit = cop__health_indicators[i].unit;

	if (strcmp(unit, "share") == 0)
		snprintf(buf, size, "%.0f %%", v * 100);
	else if (strcmp(unit, "ratio") == 0)
		snprintf(buf, size, "%.0f %%", v * 100);
	else if (strcmp(unit, "hours") == 0)
		snprintf(buf, size, "%.3g h", v);
	else if (strcmp(unit, "months") == 0)
		snprintf(buf, size, "%.3g months", v);
	else
		snprintf(buf, size, "%.6g", v);
}

/* The sentence saying why entry @p e has @p status at value @p v. */
static void why(char *buf, size_t size, const entry *e, double v,
	const char *status, const cop__health_thresholds *t)
{
	const cop__health_indicator *ind = &cop__health_indicators[e->indicator];
	char val[48], good[48], poor[48];
	int hi = ind->dir == COP__HEALTH_HIGHER;

	if (strcmp(status, "unknown") == 0) {
		snprintf(buf, size, "The report has no figure for %s in this "
			"period, which would show %s.", ind->name, e->meaning);
		return;
	}
	figure(val, sizeof(val), e->indicator, v);
	figure(good, sizeof(good), e->indicator, t->good[e->indicator]);
	figure(poor, sizeof(poor), e->indicator, t->poor[e->indicator]);
	if (strcmp(status, "good") == 0)
		snprintf(buf, size, "%s is %s, at or %s the good mark of %s: "
			"it shows %s.", ind->name, val, hi ? "above" : "below",
			good, e->meaning);
	else if (strcmp(status, "poor") == 0)
		snprintf(buf, size, "%s is %s, %s the poor mark of %s: it "
			"shows %s.", ind->name, val, hi ? "below" : "above", poor,
			e->meaning);
	else
		snprintf(buf, size, "%s is %s, between the poor mark of %s and "
			"the good mark of %s: it shows %s.", ind->name, val, poor,
			good, e->meaning);
}

/* Set @p key of @p o to @p v (stolen); 0, or -1 when out of memory. */
static int put(json_t *o, const char *key, json_t *v)
{
	return v && json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

/* @p v as JSON: null for NaN, an integer when it is one (as the report
 * wrote it), else a real. */
static json_t *number(double v)
{
	if (isnan(v))
		return json_null();
	if (v > -9007199254740992.0 && v < 9007199254740992.0 &&
	    v == (double)(int64_t)v)
		return json_integer((json_int_t)v);
	return json_real(v);
}

json_t *cop__health_scorecard_eval(const json_t *report,
	const cop__health_thresholds *t)
{
	json_t *card = json_array(), *o;
	const char *status;
	char sentence[512];
	double v;
	size_t k;
	int bad = card == NULL;

	for (k = 0; !bad && k < sizeof(entries) / sizeof(entries[0]); k++) {
		const entry *e = &entries[k];

		v = cop__health_value(report, e->indicator);
		status = cop__health_status(e->indicator, v, t);
		why(sentence, sizeof(sentence), e, v, status, t);
		o = json_object();
		bad = !o || json_array_append_new(card, o) != 0 ||
			put(o, "factor", json_string(e->factor)) ||
			put(o, "kind", json_string(e->kind)) ||
			put(o, "label", json_string(e->label)) ||
			put(o, "indicator", json_string(
				cop__health_indicators[e->indicator].name)) ||
			put(o, "value", number(v)) ||
			put(o, "status", json_string(status)) ||
			put(o, "why", json_string(sentence));
	}
	if (bad) {
		json_decref(card);
		return NULL;
	}
	return card;
}
