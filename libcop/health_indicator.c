/*
 * health_indicator.c: the health scorecard's indicators, their default
 * thresholds, and how a value is judged against thresholds
 * (docs/health-scorecard.md).  Pure: no store, no jansson (the tests
 * compile it in).  The thresholds a community sets are
 * health_threshold.c's.
 */
#include <math.h>
#include "health_int.h"

/* Every indicator: its name (a path in the report, or a figure derived
 * from the report's: unresponded_share, runway_months,
 * hours_given_share), which way it is judged, its default good and poor
 * bounds, the largest bound a community may set, its unit. */
const cop__health_indicator cop__health_indicators[COP__HEALTH_NIND] = {
	{ "active_members", COP__HEALTH_HIGHER, 10, 3, 1e6, "members" },
	{ "participation.top10_share", COP__HEALTH_LOWER, 0.7, 0.9, 1,
	  "share" },
	{ "absence_factor", COP__HEALTH_HIGHER, 3, 2, 1e6, "members" },
	{ "participation.core", COP__HEALTH_HIGHER, 3, 1, 1e6, "members" },
	{ "newcomer_retention", COP__HEALTH_HIGHER, 0.4, 0.15, 1, "share" },
	{ "answered_share", COP__HEALTH_HIGHER, 0.8, 0.5, 1, "share" },
	{ "time_to_first_response_hours.median", COP__HEALTH_LOWER, 24, 72,
	  1e6, "hours" },
	{ "accepted_share", COP__HEALTH_HIGHER, 0.5, 0.2, 1, "share" },
	{ "absence_factor_organisations", COP__HEALTH_HIGHER, 3, 2, 1e6,
	  "organisations" },
	{ "summary_coverage", COP__HEALTH_HIGHER, 0.5, 0.2, 1, "share" },
	{ "unresponded_share", COP__HEALTH_LOWER, 0.1, 0.3, 1, "share" },
	{ "events_held", COP__HEALTH_HIGHER, 2, 1, 1e6, "events" },
	{ "attendance_rate", COP__HEALTH_HIGHER, 0.7, 0.4, 1, "share" },
	{ "new_contributors", COP__HEALTH_HIGHER, 3, 1, 1e6, "members" },
	{ "runway_months", COP__HEALTH_HIGHER, 6, 3, 1e6, "months" },
	{ "hours_given_share", COP__HEALTH_HIGHER, 0.8, 0.5, 10, "ratio" },
	{ "time_to_first_response_hours.p90", COP__HEALTH_LOWER, 72, 168,
	  1e6, "hours" },
};

int cop__health_indicator_find(const char *name)
{
	int i;

	for (i = 0; name && i < COP__HEALTH_NIND; i++)
		if (strcmp(cop__health_indicators[i].name, name) == 0)
			return i;
	return -1;
}

const char *cop_health_indicator_name(int i)
{
	return i >= 0 && i < COP__HEALTH_NIND ?
		cop__health_indicators[i].name : NULL;
}

void cop__health_thresholds_default(cop__health_thresholds *t)
{
	int i;

	for (i = 0; i < COP__HEALTH_NIND; i++) {
		t->good[i] = cop__health_indicators[i].good;
		t->poor[i] = cop__health_indicators[i].poor;
	}
}

const char *cop__health_status(int i, double v,
	const cop__health_thresholds *t)
{
	if (isnan(v))
		return "unknown";
	if (cop__health_indicators[i].dir == COP__HEALTH_HIGHER)
		return v >= t->good[i] ? "good" : v < t->poor[i] ? "poor" :
			"watch";
	return v <= t->good[i] ? "good" : v > t->poor[i] ? "poor" : "watch";
}
