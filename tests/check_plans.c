/*
 * check_plans.c: the query plans SQLite chooses for the shared
 * recognition statements (libcop/recognition_sql.h, compiled in: the
 * statements the backends run, not copies) on a new store, for the
 * statements whose access path a schema step chose: each reads the
 * index meant for it, and none passes over a whole large table.
 * (PostgreSQL's plans are checked by hand with EXPLAIN: docs/history.md,
 * bench/README.md.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "testutil.h"
#include "recognition_sql.h"

static char *path;
static sqlite3 *db;

static void plans_setup(void)
{
	cop_store *s = NULL;

	path = tu_sqlite_path_new();
	TU_OK(NULL, cop_open(&s, path, &tu_system));
	tu_close(s);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
}

static void plans_teardown(void)
{
	sqlite3_close(db);
	db = NULL;
	free(path);
	path = NULL;
}

/* The plan of statement @p op, its lines' details joined by "; "
 * (static buffer). */
static const char *plan_of(cop_rop op)
{
	static char out[8192];
	sqlite3_stmt *st = NULL;
	size_t len = 0;
	char *sql;

	ck_assert_ptr_nonnull(rs_stmts[op].sql);
	sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", rs_stmts[op].sql);
	ck_assert_ptr_nonnull(sql);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
		"%s: %s", rs_stmts[op].name, sqlite3_errmsg(db));
	sqlite3_free(sql);
	out[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW && len < sizeof(out) - 1)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s; ",
			(const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	return out;
}

/* Statement @p op's plan holds @p want ("INDEX <name> ", or a primary
 * key's search) and passes over none of @p scans (aliases or tables, a
 * list ending with NULL): no "SCAN x", of the table or of one of its
 * indexes. */
static void assert_plan(cop_rop op, const char *want,
	const char *const *scans)
{
	const char *p = plan_of(op), *at;
	char scan[128];
	size_t i, n;

	ck_assert_msg(strstr(p, want), "%s: no %s: %s", rs_stmts[op].name,
		want, p);
	for (i = 0; scans && scans[i]; i++) {
		n = (size_t)snprintf(scan, sizeof(scan), "SCAN %s", scans[i]);
		for (at = p; (at = strstr(at, scan)) != NULL; at += n)
			ck_assert_msg(at[n] != ' ' && at[n] != ';', "%s: %s",
				rs_stmts[op].name, p);
	}
}

/* A member's export of the history entries they made (issue 17): a
 * range of the index by actor, in the keyset's order, not a pass over
 * the history for every page. */
START_TEST(test_history_by_actor)
{
	static const char *const scans[] = { "h", "cop_thread_history", NULL };

	assert_plan(COP_ROP_P_HISTORY, "INDEX cop_thread_history_actor ",
		scans);
}
END_TEST

/* The ledger keyed by the member in the community (SQLite's version 26,
 * issue 18): a member's entries, and a community's, are ranges of
 * cop_ledger_row's key found from the members' keys, never a pass over
 * the ledger. */
START_TEST(test_ledger_by_key)
{
	static const char *const scans[] = { "l", "o", "cop_ledger",
		"cop_ledger_row", NULL };
	static const cop_rop ops[] = { COP_ROP_LEDGER_LIST,
		COP_ROP_LEDGER_SEEN, COP_ROP_LEDGER_SCAN, COP_ROP_V_REPUTATION,
		COP_ROP_X_LEDGER };
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		assert_plan(ops[i], "USING PRIMARY KEY (who=?", scans);
}
END_TEST

/* The import's ids keyed by the community's number: a lookup is one
 * search of cop_source_row's key. */
START_TEST(test_source_by_key)
{
	static const char *const scans[] = { "s", "cop_source",
		"cop_source_row", NULL };

	assert_plan(COP_ROP_SOURCE_GET, "USING PRIMARY KEY (ck=? AND kind=? "
		"AND source_id=?)", scans);
	assert_plan(COP_ROP_X_SOURCES, "USING PRIMARY KEY (ck=?", scans);
}
END_TEST

/* A member's badges without cop_badge_member: a range of cop_badge_once
 * (community, member), then sorted; never the community's badges by
 * time (cop_badge_awarded, which the digest reads). */
START_TEST(test_badges_by_member)
{
	static const char *const scans[] = { "o", "cop_badge", NULL };

	ck_assert(!strstr(plan_of(COP_ROP_BADGE_LIST), "cop_badge_awarded"));
	ck_assert(!strstr(plan_of(COP_ROP_BADGE_SEEN), "cop_badge_awarded"));
	assert_plan(COP_ROP_BADGE_LIST, "INDEX cop_badge_once ", scans);
	assert_plan(COP_ROP_BADGE_SEEN, "INDEX cop_badge_once ", scans);
	assert_plan(COP_ROP_BADGE_HAS, "INDEX cop_badge_once ", scans);
}
END_TEST

static Suite *plans_suite(void)
{
	Suite *s = suite_create("plans");
	TCase *tc = tu_tcase(s, "sqlite", plans_setup, plans_teardown);

	tcase_add_test(tc, test_history_by_actor);
	tcase_add_test(tc, test_ledger_by_key);
	tcase_add_test(tc, test_source_by_key);
	tcase_add_test(tc, test_badges_by_member);
	return s;
}

/* The plans are SQLite's, on a file of the test's own whatever backend
 * COP_TEST_URI names: the PostgreSQL stage runs them too (a skip there
 * would be one README does not allow). */
int main(void)
{
	return tu_run(plans_suite());
}
