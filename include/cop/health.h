/** @file
 * health.h: a community's health report (docs/health.md): who takes part
 * and how much, how fast questions get a response, how much the
 * community depends on a few people, and its stage, over a period, as one
 * JSON document, computed from roll-ups kept with every write; and its
 * scorecard, thresholds, the comparison across communities and the text
 * and HTML pages (docs/health-scorecard.md).
 */
#ifndef COP_HEALTH_H
#define COP_HEALTH_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** The participation levels' thresholds (docs/health.md). */
#define COP_HEALTH_CORE_CONTRIBUTIONS 10   /**< core: at least this many */
#define COP_HEALTH_ACTIVE_CONTRIBUTIONS 3  /**< active: at least this many */
/** The window of inactive_contributors and the dispersed stage (days). */
#define COP_HEALTH_QUIET_DAYS 90
/** A community younger than this (days) is coalescing. */
#define COP_HEALTH_YOUNG_DAYS 180
/** A period at most this long (days) is shown by week, else by month. */
#define COP_HEALTH_WEEKLY_DAYS 182

/**
 * The health report of @p community over the days @p from to @p to, as
 * the JSON document docs/health.md describes (format 1): for the
 * community's facilitators and owners, members with the moderate
 * privilege, and the system.
 * @param out        receives the document, NUL-terminated UTF-8 (caller
 *                   owns it: cop_text_dispose(), event.h, or
 *                   cop_free()).  NULL on failure.
 * @param community  id or slug.
 * @param from       "YYYY-MM-DD" (UTC, included), or NULL for the
 *                   community's first day (its creation, or its first
 *                   contribution when earlier; never after @p to).
 * @param to         "YYYY-MM-DD" (included), or NULL for today by the
 *                   store's clock.
 * @return COP_OK, COP_EINVAL (NULL argument, a bad date, @p from after
 *         @p to), COP_ENOTFOUND (no such community), COP_EPERM (one
 *         the actor cannot see, or not one who may read it), COP_ENOTSUP
 *         (built without jansson, or a backend without the health
 *         table), COP_ENOMEM, COP_EIO.  Nothing changes.
 */
COP_EXTERN(cop_status) cop_health_report_json(char **out, cop_store *store,
	const char *community, const char *from, const char *to);

/* ==== the scorecard, its thresholds, the comparison and the pages ==========
 */

/**
 * Set a community's thresholds for one indicator of the health scorecard
 * (docs/health-scorecard.md lists the indicators, which way each is
 * judged and their defaults).  For an indicator where more is better,
 * a value is good at or above @p good and poor below @p poor, so
 * @p poor must not be above @p good; where less is better (the response
 * times, the top 10 %'s share, the unresponded share), good at or below
 * @p good and poor above @p poor, so @p good must not be above @p poor.
 * For the community's facilitators and owners, members holding the
 * moderate privilege, and the system.  Logged ("community.health").
 * @param community  its id or slug.
 * @param indicator  an indicator's name ("answered_share",
 *                   "participation.core", ...).
 * @param good, poor finite, 0 to the indicator's largest (1 for a share).
 * @return COP_OK, COP_EINVAL (bad community, unknown indicator, a bound
 *         out of range, inverted bounds), COP_ENOTFOUND, COP_EPERM,
 *         COP_EREADONLY, COP_ENOTSUP (a backend without the thresholds'
 *         storage), COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_health_threshold_set(cop_store *store,
	const char *community, const char *indicator, double good,
	double poor);

/**
 * A community's thresholds for one indicator: the ones it set, else the
 * defaults.  For those who see the community (the scorecard shows them
 * in every report).
 * @param good, poor receive the bounds (0 on failure).
 * @return COP_OK, COP_EINVAL (bad arguments, unknown indicator),
 *         COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_health_threshold_lookup(double *good, double *poor,
	cop_store *store, const char *community, const char *indicator);

/**
 * Put a community's thresholds back to the defaults: one indicator's,
 * or every indicator's when @p indicator is NULL.  Who may: as
 * cop_health_threshold_set().  Logged ("community.health").
 * @return as cop_health_threshold_set().
 */
COP_EXTERN(cop_status) cop_health_threshold_reset(cop_store *store,
	const char *community, const char *indicator);

/**
 * The name of the scorecard's indicator number @p i (0 up), static, or
 * NULL past the last: for listing them.
 */
COP_EXTERN(const char *) cop_health_indicator_name(int i);

/**
 * Which factors go with healthy communities in this store: the report of
 * each community the actor sees, over the inclusive days @p from to
 * @p to ("YYYY-MM-DD"; NULL: the whole history), each scored; then for
 * each factor, how the communities where it is good fare on the health
 * measure against those where it is not, with the counts
 * (docs/health-scorecard.md, "Comparison").
 * @param out_json  receives the JSON text (caller owns:
 *                  cop_text_dispose()).
 * @return COP_OK, COP_EINVAL, COP_ENOTSUP (no jansson), COP_ENOMEM,
 *         COP_EIO.
 */
COP_EXTERN(cop_status) cop_health_compare(char **out_json, cop_store *store,
	const char *from, const char *to);

/**
 * Render a health report (the JSON text of the report, with or without
 * its scorecard) as a page: "text" (every figure with its label, the
 * stage and its evidence, the scorecard) or "html" (one self-contained
 * file: inline CSS and SVG charts, no script, nothing fetched).  Every
 * text of the report is escaped in HTML; a figure without a value is
 * shown as "no data".  Needs no store: a failure's message is
 * cop_errmsg(NULL).
 * @param out     receives the page, NUL-terminated (caller owns:
 *                cop_text_dispose()).
 * @param format  "text" or "html".
 * @return COP_OK, COP_EINVAL (NULL, JSON that is not an object, an
 *         unknown format), COP_ENOTSUP (no jansson), COP_ENOMEM.
 */
COP_EXTERN(cop_status) cop_health_render(char **out, const char *report_json,
	const char *format);

COP_END_DECL

#endif
