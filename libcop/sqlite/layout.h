/*
 * sqlite/layout.h: how a contribution's row ids are chosen in the SQLite
 * schema (version 4; see "Layout" in sqlite.c), as SQL fragments.  The
 * backend's insert is written with them, and so is the benchmark's plain
 * side (bench/), so that both lay their files out alike by construction.
 *
 *   INSERT INTO cop_contribution (rid, fid, ...)
 *   SELECT SQ_CON_KEYS, ... FROM SQ_CON_BLOCK("?2")
 *
 * SQ_CON_BLOCK(T) is a one-row subquery "b" whose lo is the first rid of
 * the block of thread T's rows: the block of its existing contributions,
 * else a new one after every block in use.  SQ_CON_KEYS is the rid (the
 * next one in that block) and the fid (1 up, for the full-text index).
 */
#ifndef COP_SQLITE_LAYOUT_H
#define COP_SQLITE_LAYOUT_H

#define SQ_CON_KEYS "coalesce((SELECT c.rid + 1 FROM cop_contribution c " \
	"WHERE c.rid >= b.lo AND c.rid < b.lo + 4294967296 " \
	"ORDER BY c.rid DESC LIMIT 1), b.lo), " \
	"coalesce((SELECT max(c.fid) FROM cop_contribution c), 0) + 1"

#define SQ_CON_BLOCK(THREAD_) "(SELECT coalesce((SELECT c.rid >> 32 " \
	"FROM cop_contribution c WHERE c.thread_id = " THREAD_ " " \
	"ORDER BY c.created, c.id LIMIT 1), (SELECT (c.rid >> 32) + 1 " \
	"FROM cop_contribution c ORDER BY c.rid DESC LIMIT 1), 1) << 32 " \
	"AS lo) b"

#endif
