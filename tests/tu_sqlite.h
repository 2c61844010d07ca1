/*
 * tests/tu_sqlite.h: what tests that take a store's SQLite file back to
 * an older schema version need (include after <sqlite3.h>).
 */
#ifndef TU_SQLITE_H
#define TU_SQLITE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cop_fts_held() as another SQLite client has it: no bulk load holds
 * the full-text index, so its triggers index every row. */
static inline void tu_fts_held_none(sqlite3_context *ctx, int argc,
	sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, 0);
}

/* Register the stand-in cop_fts_held() on @p db. */
static inline int tu_sqlite_fts_held(sqlite3 *db)
{
	return sqlite3_create_function(db, "cop_fts_held", 1, SQLITE_UTF8,
		NULL, tu_fts_held_none, NULL, NULL);
}

/* cop_bulk_community() as another SQLite client has it: no bulk load
 * is on, so the health roll-ups' triggers follow every row. */
static inline int tu_sqlite_bulk_community(sqlite3 *db)
{
	return sqlite3_create_function(db, "cop_bulk_community", 1,
		SQLITE_UTF8, NULL, tu_fts_held_none, NULL, NULL);
}

/* Triggers names[i][0] renamed names[i][1], the same statements.
 * SQLITE_OK, or the first error. */
static inline int tu_sqlite_rename_triggers(sqlite3 *db,
	const char *const (*names)[2], size_t n)
{
	char drop[128];
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; rc == SQLITE_OK && i < n; i++) {
		sqlite3_stmt *st = NULL;
		const char *sql, *rest;
		char *made;
		size_t len;

		rc = sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master "
			"WHERE type = 'trigger' AND name = ?1", -1, &st, NULL);
		if (rc != SQLITE_OK)
			break;
		sqlite3_bind_text(st, 1, names[i][0], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_finalize(st);
			return SQLITE_NOTFOUND;
		}
		sql = (const char *)sqlite3_column_text(st, 0);
		rest = strstr(sql, names[i][0]);
		len = strlen(sql) - strlen(names[i][0]) +
			strlen(names[i][1]) + 1;
		if (!rest || !(made = malloc(len))) {
			sqlite3_finalize(st);
			return SQLITE_NOMEM;
		}
		snprintf(made, len, "%.*s%s%s", (int)(rest - sql), sql,
			names[i][1], rest + strlen(names[i][0]));
		sqlite3_finalize(st);
		snprintf(drop, sizeof(drop), "DROP TRIGGER %s", names[i][0]);
		rc = sqlite3_exec(db, drop, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, made, NULL, NULL, NULL);
		free(made);
	}
	return rc;
}

/*
 * The period totals' table as it was before version 33 (sql/schema.h,
 * sqlite/schema.c's schema_rep_fk_step): with its foreign key to the
 * member keys and its board index under the name of then
 * (cop_rep_sum_board, not the version's mark cop_rep_sum_rank), its
 * rows kept; so that the file looks like a store of version 32 or
 * before to the migration.  Left alone when the file has no
 * cop_rep_sum_rank (a test that took it back further made the table
 * of then itself).  The rename under legacy_alter_table leaves the view
 * cop_rep_total and its trigger as they are: they name the table, not
 * the one renamed.  SQLITE_OK, or the first error.
 */
static inline int tu_sqlite_rep_fk_v32(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int rc, has;

	rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master "
		"WHERE name = 'cop_rep_sum_rank'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc;
	}
	has = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!has)
		return SQLITE_OK;
	rc = sqlite3_exec(db, "PRAGMA legacy_alter_table = ON; "
		"CREATE TABLE cop_rep_sum_v32 ("
		" who INTEGER NOT NULL REFERENCES cop_rep_member (id)"
		" ON DELETE CASCADE,"
		" scope INTEGER NOT NULL,"
		" period INTEGER NOT NULL,"
		" pstart INTEGER NOT NULL,"
		" points INTEGER NOT NULL,"
		" PRIMARY KEY (who, scope, period, pstart)) WITHOUT ROWID; "
		"INSERT INTO cop_rep_sum_v32 SELECT who, scope, period, pstart,"
		" points FROM cop_rep_sum; "
		"DROP TABLE cop_rep_sum; "
		"ALTER TABLE cop_rep_sum_v32 RENAME TO cop_rep_sum; "
		"CREATE INDEX cop_rep_sum_board ON cop_rep_sum"
		" (scope, period, pstart, points DESC, who);", NULL, NULL, NULL);
	sqlite3_exec(db, "PRAGMA legacy_alter_table = OFF", NULL, NULL, NULL);
	return rc;
}

/*
 * The thread's health update trigger under the name it had before
 * version 32 (sql/schema.h, COP_SQL_THREAD_MOVE_STEP_SQ), so that the
 * file looks like a store of version 31 or before to the migration,
 * which drops it by that name; and the period totals' table of then
 * (tu_sqlite_rep_fk_v32()).  SQLITE_OK, or the first error.
 */
static inline int tu_sqlite_thread_names_v31(sqlite3 *db)
{
	static const char *const names[][2] = {
		{ "cop_health_thread_chg", "cop_health_thread_upd" },
	};
	int rc = tu_sqlite_rep_fk_v32(db);

	return rc == SQLITE_OK ? tu_sqlite_rename_triggers(db, names,
		sizeof(names) / sizeof(names[0])) : rc;
}

/*
 * The indexes of version 30 and before that version 31 dropped (sql/schema.h,
 * COP_SQL_INDEX_DROPS) made again, and the member index without the
 * kind, so that the file looks like a store of version 30 or before to
 * the migration, which drops them by name; and the trigger of then
 * (tu_sqlite_thread_names_v31()).  SQLITE_OK, or the first error.
 */
static inline int tu_sqlite_indexes_v30(sqlite3 *db)
{
	int rc = tu_sqlite_thread_names_v31(db);

	if (rc != SQLITE_OK)
		return rc;
	return sqlite3_exec(db,
		"DROP INDEX cop_contribution_member_kind; "
		"CREATE INDEX cop_contribution_member ON cop_contribution "
		"(community_id, author_id, hidden, created); "
		"CREATE INDEX cop_contribution_community ON cop_contribution "
		"(community_id, kind); "
		"CREATE INDEX cop_accept_author ON cop_accept "
		"(community_id, author_id);", NULL, NULL, NULL);
}

/*
 * The health roll-ups' triggers under the names they had before version
 * 29 (which made them again, with their names but one's; version 30 the
 * update triggers, one renamed again), so that the
 * file looks like a store of version 28 or before to the migration,
 * which drops them by those names; and the indexes of then
 * (tu_sqlite_indexes_v30()).  SQLITE_OK, or the first error.
 */
static inline int tu_sqlite_health_names_v28(sqlite3 *db)
{
	static const char *const names[][2] = {
		{ "cop_health_con_add", "cop_health_con_ins" },
		{ "cop_health_con_chg", "cop_health_con_upd" },
	};
	int rc = tu_sqlite_rename_triggers(db, names,
		sizeof(names) / sizeof(names[0]));

	return rc == SQLITE_OK ? tu_sqlite_indexes_v30(db) : rc;
}

/*
 * The full-text index's triggers under the names they had before
 * version 28 (which made them again, with new names but the delete
 * trigger's): the same statements, renamed, so that the file looks like
 * a store of version 27 or before to the migration, which drops them by
 * those names; and the health roll-ups' triggers and the indexes of
 * then (tu_sqlite_health_names_v28()).  SQLITE_OK, or the first error.
 */
static inline int tu_sqlite_fts_names_v27(sqlite3 *db)
{
	static const char *const names[][2] = {
		{ "cop_fts_con_ins", "cop_contribution_fts_ins" },
		{ "cop_fts_con_upd", "cop_contribution_fts_upd" },
		{ "cop_fts_thread_ins", "cop_thread_fts_ins" },
		{ "cop_fts_thread_upd", "cop_thread_fts_upd" },
	};
	int rc = tu_sqlite_rename_triggers(db, names,
		sizeof(names) / sizeof(names[0]));

	return rc == SQLITE_OK ? tu_sqlite_health_names_v28(db) : rc;
}

#endif
