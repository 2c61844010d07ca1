/*
 * bench/se_baseline.h: the floor of cop-bench-import (se_baseline.c).
 */
#ifndef COP_SE_BASELINE_H
#define COP_SE_BASELINE_H

/* Import the Stack Exchange dump in @p dump into a new plain SQLite file
 * @p db (replaced) as the floor program does; the rows read.  *secs
 * receives the time from opening the file to closing it.  Dies on
 * failure. */
long se_baseline(const char *dump, const char *db, double *secs);

#endif
