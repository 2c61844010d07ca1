/*
 * health_threshold.c: the health scorecard's thresholds a community sets
 * (include/cop/health.h, docs/health-scorecard.md), and the scorecard
 * appended to a report with them (cop__health_scorecard(), with jansson).
 *
 * A community's thresholds are stored only where it set them (the
 * facilitation table's version 2, sys/backend.h), in millionths; the
 * defaults are health_indicator.c's.  Checked like the facilitator's
 * queue's thresholds (facilitation.c): who may set them, bad input
 * refused before anything is written, a change-log entry.
 */
#include <math.h>
#include "health_int.h"

/* The store's facilitation table of version 2 at least, or COP_ENOTSUP. */
static int table_get(cop_store *s, const cop_backend_facilitation **out)
{
	int rc = COP__FEATURE_GET(s, out, facilitation, cop__sql_facilitation,
		"the health scorecard's thresholds");

	if (rc == COP_OK && (*out)->version < 2)
		return cop__error(s, COP_ENOTSUP, "the health scorecard's "
			"thresholds: the backend's facilitation table is older "
			"than version 2");
	return rc;
}

/* Millionths and back: bounds are at most 1e6, so exact to 1e-6. */
static int64_t to_micro(double v)
{
	return (int64_t)(v * 1e6 + 0.5);  /* v >= 0 */
}

static double from_micro(int64_t v)
{
	return (double)v / 1e6;
}

int cop__health_thresholds_read(cop_store *s, const cop_id *cid,
	cop__health_thresholds *t)
{
	const cop_backend_facilitation *f;
	int64_t good, poor;
	int rc, i;

	cop__health_thresholds_default(t);
	if ((rc = table_get(s, &f)) != COP_OK)
		return rc;
	for (i = 0; i < COP__HEALTH_NIND; i++) {
		rc = f->health_get(s->be, cid, cop__health_indicators[i].name,
			&good, &poor);
		if (rc == COP_ENOTFOUND)
			continue;
		if (rc != COP_OK)
			return cop__be_error(s, rc, "reading the health "
				"scorecard's thresholds");
		t->good[i] = from_micro(good);
		t->poor[i] = from_micro(poor);
	}
	return COP_OK;
}

/* Indicator @p name's number into *i, or COP_EINVAL naming it. */
static int indicator_arg(cop_store *s, const char *name, int *i)
{
	if (!name || !*name)
		return cop__error(s, COP_EINVAL, "no indicator given");
	if ((*i = cop__health_indicator_find(name)) < 0)
		return cop__error(s, COP_EINVAL, "unknown indicator \"%.64s\" "
			"(see docs/health-scorecard.md)", name);
	return COP_OK;
}

/* Bounds @p good and @p poor for indicator @p i: finite, 0 to its
 * largest, not inverted. */
static int check_bounds(cop_store *s, int i, double good, double poor)
{
	const cop__health_indicator *ind = &cop__health_indicators[i];

	if (!isfinite(good) || !isfinite(poor) || good < 0 || poor < 0 ||
	    good > ind->max || poor > ind->max)
		return cop__error(s, COP_EINVAL, "the bounds of %s are 0 to "
			"%g", ind->name, ind->max);
	if (ind->dir == COP__HEALTH_HIGHER && poor > good)
		return cop__error(s, COP_EINVAL, "more %s is better: the poor "
			"bound (%g) may not be above the good one (%g)",
			ind->name, poor, good);
	if (ind->dir == COP__HEALTH_LOWER && good > poor)
		return cop__error(s, COP_EINVAL, "less %s is better: the good "
			"bound (%g) may not be above the poor one (%g)",
			ind->name, good, poor);
	return COP_OK;
}

/* In a write: indicator @p i's bounds in @p community stored (@p put) or
 * forgotten (every indicator's when @p i < 0), by one who may moderate
 * it, and logged. */
static int write_bounds(cop_store *s, const cop_backend_facilitation *f,
	const char *community, int i, int put, double good, double poor)
{
	const char *name = i < 0 ? NULL : cop__health_indicators[i].name;
	cop_id cid;
	int rc;

	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__community_moderated(s, community, &cid,
		"set the health scorecard's thresholds");
	if (rc == COP_OK) {
		rc = put ? f->health_put(s->be, &cid, name, to_micro(good),
			to_micro(poor)) : f->health_del(s->be, &cid, name);
		if (rc != COP_OK)
			rc = cop__be_error(s, rc, put ? "storing a health "
				"threshold" : "resetting health thresholds");
	}
	if (rc == COP_OK)
		rc = cop__log(s, "community.health", &cid, &cid);
	return cop__write_done(s, rc);
}

int cop_health_threshold_set(cop_store *s, const char *community,
	const char *indicator, double good, double poor)
{
	const cop_backend_facilitation *f;
	int rc, i;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = indicator_arg(s, indicator, &i)) != COP_OK ||
	    (rc = check_bounds(s, i, good, poor)) != COP_OK ||
	    (rc = table_get(s, &f)) != COP_OK)
		return rc;
	return write_bounds(s, f, community, i, 1, good, poor);
}

int cop_health_threshold_reset(cop_store *s, const char *community,
	const char *indicator)
{
	const cop_backend_facilitation *f;
	int rc, i = -1;

	if (!s)
		return COP_EINVAL;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (indicator && (rc = indicator_arg(s, indicator, &i)) != COP_OK) ||
	    (rc = table_get(s, &f)) != COP_OK)
		return rc;
	return write_bounds(s, f, community, i, 0, 0, 0);
}

/* The thresholds of community @p community (its id or slug), for an actor
 * who sees it. */
static int community_thresholds(cop_store *s, const char *community,
	cop__health_thresholds *t)
{
	cop_community_rec c;
	cop__access acc;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	rc = cop__health_thresholds_read(s, &c.id, t);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return rc;
}

int cop_health_threshold_lookup(double *good, double *poor, cop_store *s,
	const char *community, const char *indicator)
{
	cop__health_thresholds t;
	int rc, i;

	if ((rc = cop__check_out(s, good && poor)) != COP_OK)
		return rc;
	*good = *poor = 0;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = indicator_arg(s, indicator, &i)) != COP_OK)
		return rc;
	if ((rc = community_thresholds(s, community, &t)) != COP_OK)
		return rc;
	*good = t.good[i];
	*poor = t.poor[i];
	return cop__ok(s);
}

#ifdef COP_HAVE_JANSSON
cop_status cop__health_scorecard(cop_store *s, const char *community_id,
	json_t *report)
{
	cop__health_thresholds t;
	json_t *card;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!json_is_object(report))
		return cop__error(s, COP_EINVAL, "a health report is an object");
	if ((rc = community_thresholds(s, community_id, &t)) != COP_OK)
		return rc;
	if (!(card = cop__health_scorecard_eval(report, &t)) ||
	    json_object_set_new(report, "scorecard", card) != 0)
		return cop__error(s, COP_ENOMEM, "scoring the report: out of "
			"memory");
	return COP_OK;
}
#endif
