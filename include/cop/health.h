/*
 * cop/health.h: a community's health report (docs/health.md): who takes
 * part and how much, how fast questions get a response, how much the
 * community depends on a few people, and its stage, over a period, as one
 * JSON document, computed from roll-ups kept with every write.
 */
#ifndef COP_HEALTH_H
#define COP_HEALTH_H

#include "cop/common.h"

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

COP_END_DECL

#endif
