/*
 * health_figures.h: the health report's figures as health.c computes
 * them (docs/health.md), which health_json.c writes out.  Not installed.
 */
#ifndef COP_HEALTH_FIGURES_H
#define COP_HEALTH_FIGURES_H

#include "internal.h"
#include "cop/health.h"
#include "cop/funding.h"
#include "cop/recognition.h"

#define COP__H_BUCKETS 6

/** One unit of the activity series. */
typedef struct cop__health_unit {
	int64_t start;            /* its first day */
	int64_t contributions, active, fresh;
} cop__health_unit;

/** A share or a figure that may have no value: has 0 is null. */
typedef struct cop__health_num {
	int has;
	double v;
} cop__health_num;

typedef struct cop__health {
	cop_community_rec c;
	int64_t d0, d1;           /* the period's days */
	cop_time now;
	int64_t contributions, authored, questions;
	int64_t active_members, new_contributors, inactive_contributors;
	int64_t core, active, peripheral, inactive;
	cop__health_num top1, top10;
	cop__health_num median, p90;
	int64_t responded, unresponded, bucket[COP__H_BUCKETS];
	cop__health_num answered_share, accepted_share;
	int64_t covered, eligible;
	cop__health_num coverage;
	cop__health_num absence, absence_org;
	cop__health_num retention;
	int64_t events_held;
	cop__health_num attendance_rate;
	double hours_pledged, hours_given;
	cop_fund_report *funding;   /* NULL: none the reader sees */
	int weekly;
	size_t nunits;
	cop__health_unit *units;
	const char *stage;
	char evidence[3][200];
	int nevidence;
	int64_t first_day;        /* the community's first contribution; -1 */
	int64_t ever;             /* members with activity up to d1 */
} cop__health;

/** The bucket bounds (hours, excluded) and labels. */
extern const int cop__health_bucket_max[COP__H_BUCKETS];
extern const char *const cop__health_bucket_label[COP__H_BUCKETS];

/** Compute @p h for community @p community over @p from .. @p to (the
 *  checks of cop_health_report_json()); cop__health_clear() after, also
 *  on failure. */
int cop__health_compute(cop_store *s, const char *community,
	const char *from, const char *to, cop__health *h);
void cop__health_clear(cop__health *h);
/** The health roll-ups of community @p c checked against the facts,
 *  each difference a line of @p rep (cop_verify()). */
int cop__health_verify(cop_store *s, const cop_community_rec *c,
	cop_verify_report *rep);
/** Day @p day as "YYYY-MM-DD" into @p buf (11 bytes). */
void cop__health_day_text(char *buf, int64_t day);

#endif
