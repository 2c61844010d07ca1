/*
 * bench/mbox_baseline.h: the plain side of cop-bench-mbox (mbox_baseline.c).
 */
#ifndef COP_MBOX_BASELINE_H
#define COP_MBOX_BASELINE_H

#include <stdint.h>

/* What the plain import did. */
typedef struct mbox_counts {
	int64_t messages, members, threads;
} mbox_counts;

/* Import mbox file @p mbox into the SQLite file @p db (made by libcop,
 * community @p slug in it) with GMime and plain statements in one
 * transaction; dies on failure. */
void mbox_baseline(const char *mbox, const char *db, const char *slug,
	mbox_counts *out);

#endif
