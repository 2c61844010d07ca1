/*
 * sqlite/layout.h: how a contribution's row ids are chosen in the SQLite
 * schema (version 4; see "Layout" in schema.c), as SQL fragments.  The
 * backend's insert is written with them, and so is the benchmarks'
 * plain sides (bench/), so that both lay their files out alike by
 * construction.
 *
 *   INSERT INTO cop_contribution (rid, fid, ...)
 *   VALUES (SQ_CON_KEYS("?2"), ...)
 *
 * SQ_CON_LO(T) is the first rid of the block of thread T's rows: the
 * block of its existing contributions, else a new one after every block
 * in use.  SQ_CON_KEYS(T) is the rid (the next one in that block) and
 * the fid (1 up, for the full-text index).  One row of VALUES, not
 * INSERT ... SELECT: a SELECT that reads the table it inserts into is
 * run into a temporary table first (its own pager and page cache, made
 * and freed per row: a sixth of the insert's instructions), where the
 * scalar subqueries of VALUES are run once each.
 */
#ifndef COP_SQLITE_LAYOUT_H
#define COP_SQLITE_LAYOUT_H

#define SQ_CON_LO(THREAD_) "(SELECT coalesce((SELECT c.rid >> 32 " \
	"FROM cop_contribution c WHERE c.thread_id = " THREAD_ " " \
	"ORDER BY c.created, c.id LIMIT 1), (SELECT (c.rid >> 32) + 1 " \
	"FROM cop_contribution c ORDER BY c.rid DESC LIMIT 1), 1) << 32)"

#define SQ_CON_KEYS(THREAD_) "coalesce((SELECT c.rid + 1 " \
	"FROM cop_contribution c WHERE c.rid >= " SQ_CON_LO(THREAD_) \
	" AND c.rid < " SQ_CON_LO(THREAD_) " + 4294967296 " \
	"ORDER BY c.rid DESC LIMIT 1), " SQ_CON_LO(THREAD_) "), " \
	"coalesce((SELECT max(c.fid) FROM cop_contribution c), 0) + 1"

#endif
