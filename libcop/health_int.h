/*
 * health_int.h: what the health report's parts share (not installed).
 *
 * The report itself (the metrics: docs/health.md) is built by
 * cop__health_report_build(); the scorecard (health_score.c), the
 * comparison across communities (health_compare.c) and the text and
 * HTML pages (health_render.c, health_html.c) only read that document,
 * never the store's facts (docs/health-scorecard.md).
 *
 * The indicators and their thresholds (health_indicator.c) need no
 * jansson; everything else here does.
 */
#ifndef COP_HEALTH_INT_H
#define COP_HEALTH_INT_H

#include "internal.h"
#include "cop/health.h"

/* ---- indicators and thresholds (health_indicator.c) ------------------------ */

/** How an indicator's value is judged. */
typedef enum cop__health_dir {
	COP__HEALTH_HIGHER = 0,  /* more is better: good at or above
	                            good, poor below poor */
	COP__HEALTH_LOWER = 1    /* less is better: good at or below good,
	                            poor above poor */
} cop__health_dir;

/** One indicator the scorecard reads from the report. */
typedef struct cop__health_indicator {
	const char *name;        /* as in the scorecard's "indicator" */
	cop__health_dir dir;
	double good, poor;       /* the defaults */
	double max;              /* the largest bound a community may set
	                            (1 for shares) */
	const char *unit;        /* "", "share", "hours", "months",
	                            "members", ... for the sentences */
} cop__health_indicator;

/** The number of indicators (docs/health-scorecard.md). */
#define COP__HEALTH_NIND 17

/** The indicators, in the order of their numbers. */
extern const cop__health_indicator cop__health_indicators[COP__HEALTH_NIND];

/** The number of indicator @p name, or -1. */
int cop__health_indicator_find(const char *name);

/** A community's thresholds, one pair per indicator (its number). */
typedef struct cop__health_thresholds {
	double good[COP__HEALTH_NIND];
	double poor[COP__HEALTH_NIND];
} cop__health_thresholds;

/** *t = the defaults of every indicator. */
void cop__health_thresholds_default(cop__health_thresholds *t);

/**
 * *t = the thresholds of community @p cid: the defaults where it set
 * none.  Reads only (the caller has resolved the community and checked
 * who may read).  COP_OK, COP_ENOTSUP (no facilitation table of version
 * 2), or a backend error with its message.
 */
int cop__health_thresholds_read(cop_store *s, const cop_id *cid,
	cop__health_thresholds *t);

/** The status of @p value (NaN: unknown) against the thresholds of
 *  indicator @p i: "good", "watch", "poor" or "unknown" (static). */
const char *cop__health_status(int i, double value,
	const cop__health_thresholds *t);

#ifdef COP_HAVE_JANSSON
#include <jansson.h>

/* ---- the report (health.c, engineer A's) --------------------------------------- */

/**
 * Build community @p community_id's report (the JSON document of
 * docs/health.md) over the inclusive days @p from to @p to ("YYYY-MM-DD",
 * NULL: the whole history): *out receives a new object (the caller
 * json_decref()s it).  Provided by the metrics (health_json.c).
 */
cop_status cop__health_report_build(cop_store *store,
	const char *community_id, const char *from, const char *to,
	json_t **out);

/* ---- the scorecard (health_score.c) -------------------------------------------- */

/**
 * Append "scorecard" to @p report (replacing one there), judged against
 * community @p community_id's thresholds (the defaults where it set
 * none).  Reads only the thresholds; the caller has checked that the
 * actor may read the community's report.  COP_OK, COP_EINVAL (NULL, a
 * report that is not an object), COP_ENOMEM, or as
 * cop__health_thresholds_read().
 */
cop_status cop__health_scorecard(cop_store *store, const char *community_id,
	json_t *report);

/**
 * The pure part of cop__health_scorecard(): a new array (the caller
 * json_decref()s it) of the scorecard of @p report against @p t, or NULL
 * when out of memory.  Every entry: factor, kind, label, indicator,
 * value (null when the report has none), status, why.
 */
json_t *cop__health_scorecard_eval(const json_t *report,
	const cop__health_thresholds *t);

/**
 * The value of indicator @p i in @p report (a number; derived indicators
 * computed from the figures they name), or NaN when the report has none
 * (null, absent, or nothing to derive it from).
 */
double cop__health_value(const json_t *report, int i);

/* ---- the comparison (health_compare.c) ----------------------------------------- */

/**
 * Which factors go with healthy communities: @p reports is an array of
 * reports, each with its scorecard.  A new object (the caller
 * json_decref()s it), or NULL when out of memory; see
 * docs/health-scorecard.md for its keys and the health measure.
 */
json_t *cop__health_compare(const json_t *reports);

/* ---- the pages (health_render.c, health_html.c) -------------------------------- */

/** A growing text; oom set at the first failed allocation. */
typedef struct cop__hbuf {
	char *p;
	size_t n, cap;
	int oom;
} cop__hbuf;

void cop__hb_add(cop__hbuf *b, const char *s, size_t n);
void cop__hb_puts(cop__hbuf *b, const char *s);
void cop__hb_printf(cop__hbuf *b, const char *fmt, ...) COP__PRINTF(2, 3);
/** @p s with &, <, >, " and ' escaped for HTML text and attributes. */
void cop__hb_html(cop__hbuf *b, const char *s);
/** A figure: "no data" for null or absent, else the number (an integer
 *  without decimals, a share as a percentage when @p share). */
void cop__hb_figure(cop__hbuf *b, const json_t *v, int share);

/** For each pair of @p pairs (a text, a key; a NULL text ends them): the
 *  text as it is, then the figure at that key of @p o. */
void cop__hb_fields(cop__hbuf *b, const json_t *o, const char *const *pairs);

/** The page's heading: @p sep[0], the community's name, sep[1], its slug,
 *  sep[2], the first day ("start" when none), sep[3], the last ("now"),
 *  sep[4], when the report was made; each text of the report written with
 *  @p text (escaped for its page). */
void cop__hb_heading(cop__hbuf *b, const json_t *report,
	void (*text)(cop__hbuf *b, const char *s), const char *const sep[5]);

/** The text page of @p report into @p b. */
void cop__health_text(cop__hbuf *b, const json_t *report);
/** The HTML page of @p report into @p b. */
void cop__health_html(cop__hbuf *b, const json_t *report);

#endif /* COP_HAVE_JANSSON */

#endif
