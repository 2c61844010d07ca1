/*
 * check_store.c: opening and closing stores, URI forms, options, the
 * actor, the clock, batches, ids, errors.
 */
#define _GNU_SOURCE 1

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "testutil.h"
#include "tu_sqlite.h"

static void loc_setup(void)
{
	tu_loc_new();
}

static void loc_teardown(void)
{
	tu_loc_free();
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Create member @p handle on a fresh open of @p uri and close it. */
static void make_member_at(const char *uri, const char *handle)
{
	cop_store *s = NULL;

	TU_OK(NULL, cop_open(&s, uri, &tu_system));
	TU_OK(s, cop_member_create(NULL, s, handle, "Someone", NULL, NULL));
	tu_close(s);
}

/* 1 when @p uri holds a member with @p handle. */
static int has_member_at(const char *uri, const char *handle)
{
	cop_store *s = NULL;
	cop_member *m = NULL;
	int rc;

	TU_OK(NULL, cop_open(&s, uri, &tu_system));
	rc = cop_member_lookup_by_handle(&m, s, handle);
	ck_assert_msg(rc == COP_OK || rc == COP_ENOTFOUND, "%s",
		tu_ename(rc));
	if (rc == COP_OK)
		ck_assert_str_eq(cop_member_handle(m), handle);
	cop_member_free(m);
	tu_close(s);
	return rc == COP_OK;
}

/* ---- version, open, close --------------------------------------------------- */

START_TEST(test_version)
{
	const char *v = cop_version();

	ck_assert_ptr_nonnull(v);
	ck_assert_msg(v[0] >= '0' && v[0] <= '9', "version '%s'", v);
	ck_assert_ptr_nonnull(strchr(v, '.'));
}
END_TEST

START_TEST(test_open_close_roundtrip)
{
	cop_store *s = NULL;
	cop_stats st;

	s = tu_open();
	if (tu_backend_name())
		ck_assert_str_eq(cop_store_backend_name(s), tu_backend_name());
	memset(&st, 0, sizeof(st));
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	ck_assert_int_eq(st.members, 0);
	ck_assert_int_eq(st.communities, 0);
	ck_assert_int_eq(cop_log_last_seq(s), 0);
	ck_assert_str_eq(cop_errmsg(s), "no error");
	ck_assert_int_eq(cop_errcode(s), COP_OK);
	TU_OK(s, cop_member_create(NULL, s, "alice", "Alice", NULL, NULL));
	tu_close(s);

	/* What was written is there on the next open. */
	s = tu_open();
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	ck_assert_int_eq(st.members, 1);
	ck_assert_int_eq(cop_log_last_seq(s), 1);
	tu_close(s);
	ck_assert(has_member_at(tu_uri(), "alice"));
	ck_assert_int_eq(cop_close(NULL), COP_OK);
}
END_TEST

/* COP_OPEN_DURABLE: accepted on every backend, and what a durable store
 * commits is there when it is opened again, durable or not; a flag
 * libcop does not know is refused. */
START_TEST(test_open_durable)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = NULL;
	cop_stats st = COP_STATS_INIT;

	o.flags = COP_OPEN_DURABLE;
	o.flags |= COP_OPEN_SYSTEM;
	TU_OK(NULL, cop_open(&s, tu_uri(), &o));
	TU_OK(s, cop_member_create(NULL, s, "dora", "Dora", NULL, NULL));
	tu_close(s);
	s = tu_open();
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	ck_assert_int_eq(st.members, 1);
	tu_close(s);
	o.flags = COP_OPEN_DURABLE | COP_OPEN_READONLY;
	o.flags |= COP_OPEN_SYSTEM;
	TU_OK(NULL, cop_open(&s, tu_uri(), &o));
	tu_close(s);
	s = (cop_store *)&o;
	o.flags = 0x80u;
	ck_assert_int_eq(cop_open(&s, tu_uri(), &o), COP_EINVAL);
	ck_assert_ptr_null(s);
}
END_TEST

START_TEST(test_open_uri_forms)
{
	char *path = tu_sqlite_path_new(), *uri = NULL;
	cop_store *s = NULL;

	/* A plain path creates a file ... */
	make_member_at(path, "plain");
	ck_assert(file_exists(path));
	/* ... that "sqlite:PATH" opens. */
	ck_assert_int_ge(asprintf(&uri, "sqlite:%s", path), 0);
	ck_assert(has_member_at(uri, "plain"));
	make_member_at(uri, "prefixed");
	ck_assert(has_member_at(path, "prefixed"));

	TU_OK(NULL, cop_open(&s, uri, &tu_system));
	ck_assert_str_eq(cop_store_backend_name(s), "sqlite");
	tu_close(s);
	free(uri);
	free(path);
}
END_TEST

START_TEST(test_open_memory)
{
	cop_store *a = NULL, *b = NULL;
	cop_member *m = NULL;

	TU_OK(NULL, cop_open(&a, ":memory:", &tu_system));
	ck_assert_str_eq(cop_store_backend_name(a), "sqlite");
	TU_OK(a, cop_member_create(NULL, a, "memo", "Memo", NULL, NULL));
	TU_OK(a, cop_member_lookup_by_handle(&m, a, "memo"));
	cop_member_free(m);
	/* Each ":memory:" store is private. */
	TU_OK(NULL, cop_open(&b, ":memory:", &tu_system));
	TU_RC(b, COP_ENOTFOUND, cop_member_lookup_by_handle(&m, b, "memo"));
	ck_assert_ptr_null(m);
	ck_assert_int_eq(tu_count_members(b), 0);
	ck_assert_int_eq(tu_count_members(a), 1);
	tu_close(b);
	tu_close(a);
}
END_TEST

START_TEST(test_open_bad_arguments)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = (cop_store *)&o;   /* must be reset to NULL */

	ck_assert_int_eq(cop_open(&s, NULL, NULL), COP_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(cop_errcode(NULL), COP_EINVAL);
	ck_assert_str_ne(cop_errmsg(NULL), "no error");

	s = (cop_store *)&o;
	ck_assert_int_eq(cop_open(&s, "", NULL), COP_EINVAL);
	ck_assert_ptr_null(s);

	ck_assert_int_eq(cop_open(NULL, tu_uri(), NULL), COP_EINVAL);

	s = (cop_store *)&o;
	ck_assert_int_eq(cop_open(&s, "nosuchscheme://host/db", NULL),
		COP_ENOTSUP);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(cop_errcode(NULL), COP_ENOTSUP);
	ck_assert_str_ne(cop_errmsg(NULL), "no error");

	o.version = 999;
	s = (cop_store *)&o;
	ck_assert_int_eq(cop_open(&s, tu_uri(), &o), COP_EINVAL);
	ck_assert_ptr_null(s);
	o.version = 0;
	ck_assert_int_eq(cop_open(&s, tu_uri(), &o), COP_EINVAL);
	ck_assert_ptr_null(s);

	/* A good open clears the thread's open error. */
	o.version = COP_OPEN_OPTIONS_VERSION;
	o.busy_timeout_ms = 250;
	o.flags |= COP_OPEN_SYSTEM;
	TU_OK(NULL, cop_open(&s, tu_uri(), &o));
	ck_assert_int_eq(cop_errcode(NULL), COP_OK);
	ck_assert_str_eq(cop_errmsg(NULL), "no error");
	tu_close(s);
}
END_TEST

START_TEST(test_open_nocreate)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	char *path = tu_sqlite_path_new();
	cop_store *s = NULL;

	o.flags = COP_OPEN_NOCREATE;
	ck_assert_int_eq(cop_open(&s, path, &o), COP_ENOTFOUND);
	ck_assert_ptr_null(s);
	ck_assert_str_ne(cop_errmsg(NULL), "no error");
	ck_assert_msg(!file_exists(path), "NOCREATE created %s", path);

	make_member_at(path, "first");
	o.flags |= COP_OPEN_SYSTEM;
	TU_OK(NULL, cop_open(&s, path, &o));
	TU_OK(s, cop_member_create(NULL, s, "second", "Second", NULL, NULL));
	ck_assert_int_eq(tu_count_members(s), 2);
	tu_close(s);
	free(path);
}
END_TEST

START_TEST(test_open_nocreate_backend)
{
	cop_store *s = NULL;

	/* The same on whatever backend the tests run on. */
	s = tu_open();
	TU_OK(s, cop_member_create(NULL, s, "kept", "Kept", NULL, NULL));
	tu_close(s);
	s = tu_open_flags(COP_OPEN_NOCREATE);
	ck_assert_int_eq(tu_count_members(s), 1);
	tu_close(s);
}
END_TEST

START_TEST(test_open_readonly)
{
	cop_store *s;
	cop_member *m = NULL;
	char *before;
	tu_idbuf id;

	s = tu_open();
	TU_OK(s, cop_member_create(&m, s, "reader", "Reader", NULL, NULL));
	memcpy(id, cop_member_id(m), sizeof(id));
	cop_member_free(m);
	TU_OK(s, cop_community_create(NULL, s, "ro", "Read only", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	tu_close(s);

	s = tu_open_flags(COP_OPEN_READONLY);
	before = tu_snapshot(s);
	/* Reads work. */
	TU_OK(s, cop_member_lookup(&m, s, id));
	ck_assert_str_eq(cop_member_handle(m), "reader");
	cop_member_free(m);
	ck_assert_int_eq(tu_count_communities(s), 1);
	/* Every mutation is refused. */
	TU_FAILS_UNCHANGED(s, COP_EREADONLY, before,
		cop_member_create(&m, s, "writer", "Writer", NULL, NULL));
	ck_assert_ptr_null(m);
	TU_FAILS_UNCHANGED(s, COP_EREADONLY, before,
		cop_member_update(s, id, "New name", NULL, NULL));
	TU_FAILS_UNCHANGED(s, COP_EREADONLY, before,
		cop_community_create(NULL, s, "ro2", "Two", NULL, NULL,
			COP_VISIBILITY_PUBLIC));
	TU_FAILS_UNCHANGED(s, COP_EREADONLY, before,
		cop_community_join(NULL, s, "ro", id, 1));
	TU_FAILS_UNCHANGED(s, COP_EREADONLY, before,
		cop_thread_create(NULL, s, "ro", COP_THREAD_DISCUSSION, "T",
			NULL, NULL, "body"));
	TU_FAILS_UNCHANGED(s, COP_EREADONLY, before, cop_batch_begin(s));
	/* The actor and the clock are not mutations. */
	TU_OK(s, cop_store_set_actor(s, id));
	TU_OK(s, cop_store_set_time(s, TU_T0));
	TU_OK(s, cop_store_act_as_system(s));
	free(before);
	tu_close(s);
}
END_TEST

START_TEST(test_open_readonly_missing)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	char *path = tu_sqlite_path_new();
	cop_store *s = NULL;

	o.flags = COP_OPEN_READONLY;
	ck_assert_int_eq(cop_open(&s, path, &o), COP_ENOTFOUND);
	ck_assert_ptr_null(s);
	ck_assert_msg(!file_exists(path), "READONLY created %s", path);
	free(path);
}
END_TEST

START_TEST(test_open_not_a_database)
{
	char *path = tu_sqlite_path_new();
	cop_store *s = NULL;
	FILE *f;
	int i, rc;

	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 512; i++)
		fputs("this is not a database at all. ", f);
	fclose(f);
	rc = cop_open(&s, path, &tu_system);
	ck_assert_msg(rc == COP_ECORRUPT, "got %s (%s)", tu_ename(rc),
		cop_errmsg(NULL));
	ck_assert_ptr_null(s);
	ck_assert_str_ne(cop_errmsg(NULL), "no error");
	free(path);
}
END_TEST

/* A table dropped behind libcop's back: COP_ECORRUPT, as PostgreSQL
 * reports an undefined table, not a generic I/O error. */
START_TEST(test_dropped_table_is_corrupt)
{
	char *path = tu_sqlite_path_new();
	cop_store *s = NULL;
	cop_member *m = NULL;
	sqlite3 *db = NULL;
	int rc;

	TU_OK(NULL, cop_open(&s, path, &tu_system));
	TU_OK(s, cop_member_create(NULL, s, "ama", "Ama", NULL, NULL));
	tu_close(s);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "DROP TABLE cop_member", NULL, NULL,
		NULL), SQLITE_OK);
	sqlite3_close(db);
	TU_OK(NULL, cop_open(&s, path, &tu_system));
	rc = cop_member_lookup_by_handle(&m, s, "ama");
	ck_assert_msg(rc == COP_ECORRUPT, "got %s (%s)", tu_ename(rc),
		cop_errmsg(s));
	ck_assert_ptr_nonnull(strstr(cop_errmsg(s), "no such table"));
	ck_assert_ptr_null(m);
	tu_close(s);
	free(path);
}
END_TEST

/* libcop's full-text table reads with its tokenizer "cop" (CJK runs as
 * bigrams): another SQLite client stands unicode61 in for it to read
 * the table's shape or count ASCII words. */
static void cop_tokenizer_alias(sqlite3 *db)
{
	fts5_api *api = NULL;
	fts5_tokenizer t;
	sqlite3_stmt *st = NULL;
	void *ud = NULL;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st,
		NULL), SQLITE_OK);
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	ck_assert_ptr_nonnull(api);
	ck_assert_int_eq(api->xFindTokenizer(api, "unicode61", &ud, &t),
		SQLITE_OK);
	ck_assert_int_eq(api->xCreateTokenizer(api, "cop", ud, &t, NULL),
		SQLITE_OK);
}

/* cop_text() as it was before version 13: the body as it is. */
static void body_as_is(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_value(ctx, argv[1]);
}

/* How many rows the full-text index of the file at @p path gives for
 * the FTS5 query @p match. */
static int fts_count(const char *path, const char *match)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int n;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	cop_tokenizer_alias(db);
	ck_assert_int_eq(sqlite3_create_function(db, "cop_text", 2,
		SQLITE_UTF8, NULL, body_as_is, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM cop_fts "
		"WHERE cop_fts MATCH ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/*
 * The search step (SQLite's version 27) makes the full-text index again from
 * the text: a store at the version before it whose index holds an HTML
 * body's markup (as it was indexed before: here a contribution made HTML
 * behind libcop's back, with cop_text() the body as it is), migrated,
 * finds the words of its text only.
 */
START_TEST(test_migrate_search_text)
{
	char *path = tu_sqlite_path_new();
	cop_store *s = NULL;
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	sqlite3 *db = NULL;
	tu_world w;
	tu_idbuf t;

	TU_OK(NULL, cop_open(&s, path, &tu_system));
	tu_world_make(s, &w);
	tu_as(s, w.member);
	tu_thread(s, t, NULL, "pub", COP_THREAD_DISCUSSION, "Beans",
		"to be replaced");
	tu_close(s);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	cop_tokenizer_alias(db);
	ck_assert_int_eq(sqlite3_create_function(db, "cop_text", 2,
		SQLITE_UTF8, NULL, body_as_is, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_fts_held(db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	/* The search step is version 27 (28 made the index's triggers
	 * again, 29 and 30 the health roll-ups'): the version before it,
	 * 26, with the triggers' names of then. */
	ck_assert_msg(sqlite3_exec(db, "UPDATE cop_contribution SET "
		"format = 1, body = '<p class=\"okapi\">Velvet <a href=\""
		"https://zanzibar.example/\">beans</a></p>' WHERE body = "
		"'to be replaced'; UPDATE cop_meta SET value = '26' "
		"WHERE key = 'schema_version'",
		NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
	ck_assert_int_eq(tu_sqlite_fts_names_v27(db), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(fts_count(path, "zanzibar"), 1);
	ck_assert_int_eq(fts_count(path, "okapi"), 1);

	TU_OK(NULL, cop_open(&s, path, &tu_system));
	TU_OK(s, cop_search_iter_new(&it, s, "velvet beans", NULL));
	TU_OK(s, cop_search_iter_next(&h, it));
#ifdef COP_HAVE_LIBXML2
	ck_assert_msg(!strchr(cop_search_hit_snippet(h), '<'), "snippet '%s'",
		cop_search_hit_snippet(h));
#endif
	cop_search_hit_free(h);
	TU_RC(s, COP_ITEROVER, cop_search_iter_next(&h, it));
	cop_search_iter_free(it);
	tu_close(s);
#ifdef COP_HAVE_LIBXML2
	ck_assert_int_eq(fts_count(path, "zanzibar"), 0);
	ck_assert_int_eq(fts_count(path, "okapi"), 0);
#endif
	ck_assert_int_eq(fts_count(path, "velvet"), 1);
	TU_OK(NULL, cop_open(&s, path, &tu_system));
#ifdef COP_HAVE_LIBXML2
	TU_OK(s, cop_search_iter_new(&it, s, "zanzibar", NULL));
	TU_RC(s, COP_ITEROVER, cop_search_iter_next(&h, it));
	cop_search_iter_free(it);
	TU_OK(s, cop_search_iter_new(&it, s, "okapi", NULL));
	TU_RC(s, COP_ITEROVER, cop_search_iter_next(&h, it));
	cop_search_iter_free(it);
#endif
	tu_close(s);
	free(path);
}
END_TEST

/* A path that is not a regular file is refused at once: a FIFO would
 * block the first read forever (the alarm fails the test if it does). */
START_TEST(test_open_not_a_file)
{
	char *path = tu_sqlite_path_new();
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = NULL;
	char *dir;

	ck_assert_int_eq(mkfifo(path, 0600), 0);
	alarm(20);
	o.flags = COP_OPEN_READONLY;
	ck_assert_int_eq(cop_open(&s, path, &o), COP_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_ptr_nonnull(strstr(cop_errmsg(NULL), "regular file"));
	ck_assert_int_eq(cop_open(&s, path, NULL), COP_EINVAL);
	alarm(0);
	unlink(path);
	/* A folder, likewise. */
	dir = strdup(path);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_eq(cop_open(&s, dir, NULL), COP_EINVAL);
	ck_assert_ptr_null(s);
	rmdir(dir);
	free(dir);
	free(path);
}
END_TEST

/* A cop_meta whose schema_version is not a version: COP_ECORRUPT naming
 * it (the message was once made from a finalized statement's text). */
START_TEST(test_open_bad_schema_version)
{
	static const char *const bad[] = { "abc", "0", "-1", "3x", "" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *path = tu_sqlite_path_new(), sql[200], want[64];
		cop_store *s = NULL;
		sqlite3 *db = NULL;
		int rc;

		ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
		snprintf(sql, sizeof(sql), "CREATE TABLE cop_meta (key TEXT "
			"PRIMARY KEY, value TEXT); INSERT INTO cop_meta VALUES "
			"('application', 'libcop'), ('schema_version', '%s')",
			bad[i]);
		ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL),
			SQLITE_OK);
		sqlite3_close(db);
		rc = cop_open(&s, path, &tu_system);
		ck_assert_msg(rc == COP_ECORRUPT, "'%s': got %s (%s)", bad[i],
			tu_ename(rc), cop_errmsg(NULL));
		ck_assert_ptr_null(s);
		snprintf(want, sizeof(want), "bad schema_version \"%s\"",
			bad[i]);
		ck_assert_msg(strstr(cop_errmsg(NULL), want), "'%s': %s",
			bad[i], cop_errmsg(NULL));
		free(path);
	}
}
END_TEST

/* ---- the actor --------------------------------------------------------------- */

START_TEST(test_actor)
{
	cop_store *s = tu_store;
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	tu_idbuf a, b;
	int64_t seq;

	tu_member(s, a, "alpha");
	tu_member(s, b, "beta");
	ck_assert_ptr_null(cop_store_actor(s));
	TU_OK(s, cop_store_set_actor(s, a));
	ck_assert_str_eq(cop_store_actor(s), a);

	/* Bad ids leave the actor as it was. */
	TU_RC(s, COP_EINVAL, cop_store_set_actor(s, "not-an-id"));
	ck_assert_str_eq(cop_store_actor(s), a);
	TU_RC(s, COP_EINVAL, cop_store_set_actor(s, ""));
	ck_assert_str_eq(cop_store_actor(s), a);
	TU_RC(s, COP_ENOTFOUND, cop_store_set_actor(s,
		"0188a0a0-0000-7000-8000-000000000000"));
	ck_assert_str_eq(cop_store_actor(s), a);
	ck_assert_str_ne(cop_errmsg(s), "no error");

	/* Upper case ids are accepted; the actor is given back in lowercase. */
	{
		char up[COP_ID_TEXT_LEN + 1];
		size_t i;

		for (i = 0; i <= COP_ID_TEXT_LEN; i++)
			up[i] = (b[i] >= 'a' && b[i] <= 'f') ? b[i] - 32 : b[i];
		TU_OK(s, cop_store_set_actor(s, up));
		ck_assert_str_eq(cop_store_actor(s), b);
	}

	/* What a member does is recorded as theirs.  (The system's sequence
	 * number: a member's cop_log_last_seq() counts only what it sees.) */
	{
		tu_idbuf saved;

		tu_as_system(s, saved);
		seq = cop_log_last_seq(s);
		tu_as_restore(s, saved);
	}
	TU_OK(s, cop_community_create(NULL, s, "acted", "Acted", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	TU_OK(s, cop_store_act_as_system(s));
	ck_assert_ptr_null(cop_store_actor(s));
	TU_OK(s, cop_log_iter_new(&it, s, seq, 0));
	TU_OK(s, cop_log_iter_next(&e, it));
	ck_assert_str_eq(cop_log_entry_op(e), "community.create");
	ck_assert_str_eq(cop_log_entry_actor_id(e), b);
	cop_log_entry_free(e);
	TU_RC(s, COP_ITEROVER, cop_log_iter_next(&e, it));
	ck_assert_ptr_null(e);
	cop_log_iter_free(it);
}
END_TEST

/* ---- the clock --------------------------------------------------------------- */

START_TEST(test_clock)
{
	cop_store *s = tu_store;
	cop_member *m = NULL;
	cop_id id;
	cop_time now, sys;

	ck_assert_int_eq(cop_store_now(s), TU_T0);
	TU_OK(s, cop_member_create(&m, s, "clocked", "Clocked", NULL, NULL));
	ck_assert_int_eq(cop_member_created(m), TU_T0);
	TU_OK(s, cop_id_parse(&id, cop_member_id(m)));
	ck_assert_int_eq(cop_id_time(&id), TU_T0);
	cop_member_free(m);

	TU_OK(s, cop_store_set_time(s, TU_T0 + 123456));
	ck_assert_int_eq(cop_store_now(s), TU_T0 + 123456);
	TU_OK(s, cop_member_create(&m, s, "later", "Later", NULL, NULL));
	ck_assert_int_eq(cop_member_created(m), TU_T0 + 123456);
	cop_member_free(m);

	/* A negative time is refused and changes nothing. */
	TU_RC(s, COP_EINVAL, cop_store_set_time(s, -5));
	ck_assert_int_eq(cop_store_now(s), TU_T0 + 123456);

	/* 0 goes back to the system clock. */
	TU_OK(s, cop_store_set_time(s, 0));
	sys = (cop_time)time(NULL) * 1000;
	now = cop_store_now(s);
	ck_assert_msg(now > sys - 60000 && now < sys + 60000,
		"system clock %lld vs %lld", (long long)now, (long long)sys);
	TU_OK(s, cop_member_create(&m, s, "realtime", "Real", NULL, NULL));
	ck_assert_msg(cop_member_created(m) > sys - 60000 &&
		cop_member_created(m) < sys + 60000, "created at %lld",
		(long long)cop_member_created(m));
	cop_member_free(m);
}
END_TEST

/* ---- batches ------------------------------------------------------------------ */

START_TEST(test_batch_commit)
{
	cop_store *s = tu_store;
	int64_t seq = cop_log_last_seq(s);

	TU_OK(s, cop_batch_begin(s));
	TU_RC(s, COP_EBUSY, cop_batch_begin(s));
	TU_OK(s, cop_member_create(NULL, s, "b1", "B one", NULL, NULL));
	TU_OK(s, cop_member_create(NULL, s, "b2", "B two", NULL, NULL));
	TU_OK(s, cop_community_create(NULL, s, "batched", "Batched", NULL,
		NULL, COP_VISIBILITY_PUBLIC));
	/* Inside the batch, its own writes are seen. */
	ck_assert_int_eq(tu_count_members(s), 2);
	TU_OK(s, cop_batch_commit(s));
	TU_RC(s, COP_EINVAL, cop_batch_commit(s));
	ck_assert_int_eq(cop_log_last_seq(s), seq + 3);
	ck_assert_int_eq(tu_count_log(s, seq), 3);

	/* Committed for good: a new connection sees it. */
	tu_close(s);
	tu_store = s = tu_open();
	ck_assert_int_eq(tu_count_members(s), 2);
	ck_assert_int_eq(tu_count_communities(s), 1);
	ck_assert_int_eq(cop_log_last_seq(s), seq + 3);
}
END_TEST

START_TEST(test_batch_rollback)
{
	cop_store *s = tu_store;
	char *before;
	tu_idbuf keep;

	tu_member(s, keep, "keep");
	before = tu_snapshot(s);
	TU_RC(s, COP_EINVAL, cop_batch_rollback(s));
	TU_OK(s, cop_batch_begin(s));
	TU_OK(s, cop_member_create(NULL, s, "gone1", "Gone", NULL, NULL));
	TU_OK(s, cop_member_create(NULL, s, "gone2", "Gone", NULL, NULL));
	TU_OK(s, cop_member_update(s, keep, "Renamed", "Org", "de"));
	ck_assert_int_eq(tu_count_members(s), 3);
	TU_OK(s, cop_batch_rollback(s));
	tu_assert_unchanged(s, before, "cop_batch_rollback");
	TU_RC(s, COP_EINVAL, cop_batch_rollback(s));
	/* A new batch may start after a rollback. */
	TU_OK(s, cop_batch_begin(s));
	TU_OK(s, cop_member_create(NULL, s, "after", "After", NULL, NULL));
	TU_OK(s, cop_batch_commit(s));
	ck_assert_int_eq(tu_count_members(s), 2);
	free(before);
}
END_TEST

START_TEST(test_batch_failure_inside)
{
	cop_store *s = tu_store;
	int64_t seq = cop_log_last_seq(s);

	TU_OK(s, cop_batch_begin(s));
	TU_OK(s, cop_member_create(NULL, s, "one", "One", NULL, NULL));
	/* A failing mutation is undone by itself; the batch goes on. */
	TU_RC(s, COP_EEXISTS, cop_member_create(NULL, s, "ONE", "Dup", NULL,
		NULL));
	TU_RC(s, COP_EINVAL, cop_member_create(NULL, s, "bad handle",
		"Bad", NULL, NULL));
	TU_OK(s, cop_member_create(NULL, s, "two", "Two", NULL, NULL));
	TU_OK(s, cop_batch_commit(s));
	ck_assert_int_eq(tu_count_members(s), 2);
	ck_assert_int_eq(cop_log_last_seq(s), seq + 2);
}
END_TEST

START_TEST(test_batch_close_rolls_back)
{
	cop_store *s = tu_store;

	TU_OK(s, cop_member_create(NULL, s, "stays", "Stays", NULL, NULL));
	TU_OK(s, cop_batch_begin(s));
	TU_OK(s, cop_member_create(NULL, s, "lost", "Lost", NULL, NULL));
	tu_close(s);
	tu_store = s = tu_open();
	ck_assert_int_eq(tu_count_members(s), 1);
	ck_assert_int_eq(cop_log_last_seq(s), 1);
}
END_TEST

START_TEST(test_busy)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *a = tu_store, *b = NULL;
	char *before;

	o.busy_timeout_ms = 100;
	o.flags |= COP_OPEN_SYSTEM;
	TU_OK(NULL, cop_open(&b, tu_uri(), &o));
	TU_OK(a, cop_batch_begin(a));
	TU_OK(a, cop_member_create(NULL, a, "holder", "Holder", NULL, NULL));
	/* b cannot write while a's batch holds the write lock. */
	TU_RC(b, COP_EBUSY, cop_member_create(NULL, b, "waiter", "Waiter",
		NULL, NULL));
	ck_assert_str_ne(cop_errmsg(b), "no error");
	TU_OK(a, cop_batch_commit(a));
	before = tu_snapshot(b);
	ck_assert(tu_contains(before, "h=holder"));
	ck_assert(!tu_contains(before, "h=waiter"));
	free(before);
	TU_OK(b, cop_member_create(NULL, b, "waiter", "Waiter", NULL, NULL));
	ck_assert_int_eq(tu_count_members(a), 2);
	tu_close(b);
}
END_TEST

/* ---- ids ----------------------------------------------------------------------- */

START_TEST(test_id_parse_format)
{
	static const char *const bad[] = {
		"", "xyz", "0188a0a0-0000-7000-8000-00000000000",     /* 35 */
		"0188a0a0-0000-7000-8000-0000000000000",             /* 37 */
		"0188a0a0-0000-7000-8000-00000000000g",
		"0188a0a000000-7000-8000-0000-00000000",
		"0188a0a0_0000_7000_8000_000000000000",
		"{188a0a0-0000-7000-8000-000000000000}",
		" 188a0a0-0000-7000-8000-000000000000",
	};
	const char *text = "0188A0A0-1234-7ABC-8DEF-0123456789AB";
	char out[COP_ID_TEXT_LEN + 1];
	cop_id id, id2, nil;
	size_t i;

	TU_OK(NULL, cop_id_parse(&id, text));
	cop_id_format(out, &id);
	ck_assert_str_eq(out, "0188a0a0-1234-7abc-8def-0123456789ab");
	ck_assert_int_eq(id.bytes[0], 0x01);
	ck_assert_int_eq(id.bytes[1], 0x88);
	ck_assert_int_eq(id.bytes[15], 0xab);
	TU_OK(NULL, cop_id_parse(&id2, out));
	ck_assert_mem_eq(id.bytes, id2.bytes, 16);
	ck_assert_int_eq(cop_id_is_nil(&id), 0);
	/* The time is the first 48 bits. */
	ck_assert_int_eq(cop_id_time(&id), (cop_time)0x0188a0a01234LL);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cop_id_parse(&id2, bad[i]) == COP_EINVAL,
			"'%s' parsed", bad[i]);
	ck_assert_int_eq(cop_id_parse(&id2, NULL), COP_EINVAL);

	TU_OK(NULL, cop_id_parse(&nil, "00000000-0000-0000-0000-000000000000"));
	ck_assert_int_eq(cop_id_is_nil(&nil), 1);
	memset(&nil, 0, sizeof(nil));
	cop_id_format(out, &nil);
	ck_assert_str_eq(out, "00000000-0000-0000-0000-000000000000");
}
END_TEST

START_TEST(test_id_time_order)
{
	cop_store *s = tu_store;
	tu_idbuf ids[24];
	char h[16];
	cop_id id;
	int i;

	/* Made at increasing times, and several in the same millisecond. */
	for (i = 0; i < 24; i++) {
		snprintf(h, sizeof(h), "m%02d", i);
		if (i % 8 == 0)
			TU_OK(s, cop_store_set_time(s, TU_T0 + i * 1000));
		tu_member(s, ids[i], h);
		TU_OK(s, cop_id_parse(&id, ids[i]));
		ck_assert_int_eq(cop_id_time(&id), TU_T0 + (i / 8) * 8000);
		/* Version 7 layout. */
		ck_assert_int_eq(ids[i][14], '7');
		ck_assert_msg(strchr("89ab", ids[i][19]) != NULL, "variant %s",
			ids[i]);
		if (i > 0)
			ck_assert_msg(strcmp(ids[i - 1], ids[i]) < 0,
				"%s !< %s", ids[i - 1], ids[i]);
	}
}
END_TEST

/*
 * A child forked with a store open makes other ids than its parent: what
 * is left of the store's random bytes is not used on both sides of the
 * fork.  On a fixed clock the time and sequence parts of the next id are
 * the same in both, so only the random part can tell them apart.
 */
START_TEST(test_id_fork)
{
	cop_store *s = NULL;
	cop_member *m = NULL;
	char got[COP_ID_TEXT_LEN + 2] = "";
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	TU_OK(NULL, cop_open(&s, ":memory:", &tu_system));
	TU_OK(s, cop_store_set_time(s, TU_T0));
	TU_OK(s, cop_member_create(&m, s, "before", "Before", NULL, NULL));
	cop_member_free(m);
	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		if (cop_member_create(&m, s, "child", "Child", NULL, NULL) ==
		    COP_OK)
			dprintf(fds[1], "%s", cop_member_id(m));
		cop_member_free(m);
		cop_close(s);   /* its own copy of the memory store */
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], got, sizeof(got) - 1);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq((int)n, COP_ID_TEXT_LEN);
	TU_OK(s, cop_member_create(&m, s, "parent", "Parent", NULL, NULL));
	ck_assert_msg(strcmp(got, cop_member_id(m)) != 0,
		"the child made the parent's id %s", got);
	/* Only the random part differs. */
	ck_assert_int_eq(memcmp(got, cop_member_id(m), 19), 0);
	cop_member_free(m);
	cop_close(s);
}
END_TEST

/*
 * On the running clock, an object's id carries the millisecond it was
 * created in: one clock reading makes both.  Two readings would differ
 * whenever the clock ticked between them (some of these creates would).
 */
START_TEST(test_id_time_is_created)
{
	cop_store *s = tu_store;
	cop_member *m = NULL;
	cop_community *k = NULL;
	cop_thread *t = NULL;
	cop_contribution *c = NULL;
	char h[16];
	cop_id id;
	int i;

	TU_OK(s, cop_store_set_time(s, 0));
	TU_OK(s, cop_community_create(&k, s, "clock", "Clock", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	TU_OK(s, cop_id_parse(&id, cop_community_id(k)));
	ck_assert_int_eq(cop_id_time(&id), cop_community_created(k));
	TU_OK(s, cop_thread_create(&t, s, "clock", COP_THREAD_DISCUSSION,
		"Ticks", NULL, NULL, "Body"));
	TU_OK(s, cop_id_parse(&id, cop_thread_id(t)));
	ck_assert_int_eq(cop_id_time(&id), cop_thread_created(t));
	for (i = 0; i < 300; i++) {
		snprintf(h, sizeof(h), "tick%03d", i);
		TU_OK(s, cop_member_create(&m, s, h, "Tick", NULL, NULL));
		TU_OK(s, cop_id_parse(&id, cop_member_id(m)));
		ck_assert_int_eq(cop_id_time(&id), cop_member_created(m));
		cop_member_free(m);
		TU_OK(s, cop_contribution_create(&c, s, cop_thread_id(t),
			COP_CONTRIB_REPLY, NULL, NULL, NULL, "tock"));
		TU_OK(s, cop_id_parse(&id, cop_contribution_id(c)));
		ck_assert_int_eq(cop_id_time(&id), cop_contribution_created(c));
		cop_contribution_free(c);
	}
	cop_thread_free(t);
	cop_community_free(k);
}
END_TEST

START_TEST(test_time_utc)
{
	ck_assert_int_eq(cop_time_utc(1970, 1, 1, 0, 0, 0, 0), 0);
	ck_assert_int_eq(cop_time_utc(2023, 11, 14, 22, 13, 20, 0),
		1700000000000LL);
	ck_assert_int_eq(cop_time_utc(2000, 2, 29, 12, 0, 0, 5),
		951825600005LL);
	ck_assert_int_eq(cop_time_utc(2024, 12, 31, 23, 59, 59, 999),
		1735689599999LL);
	/* A leap second reads as the next minute's first. */
	ck_assert_int_eq(cop_time_utc(2016, 12, 31, 23, 59, 60, 0),
		cop_time_utc(2017, 1, 1, 0, 0, 0, 0));
	/* Out of range: each field on its own. */
	ck_assert_int_eq(cop_time_utc(1969, 12, 31, 23, 59, 59, 0), -1);
	ck_assert_int_eq(cop_time_utc(10000, 1, 1, 0, 0, 0, 0), -1);
	ck_assert_int_eq(cop_time_utc(2023, 0, 1, 0, 0, 0, 0), -1);
	ck_assert_int_eq(cop_time_utc(2023, 13, 1, 0, 0, 0, 0), -1);
	ck_assert_int_eq(cop_time_utc(2023, 1, 0, 0, 0, 0, 0), -1);
	ck_assert_int_eq(cop_time_utc(2023, 4, 31, 0, 0, 0, 0), -1);
	ck_assert_int_eq(cop_time_utc(2023, 2, 29, 0, 0, 0, 0), -1);
	ck_assert_int_eq(cop_time_utc(1900 + 200, 2, 29, 0, 0, 0, 0), -1);
	ck_assert_int_ne(cop_time_utc(2400, 2, 29, 0, 0, 0, 0), -1);
	ck_assert_int_eq(cop_time_utc(2023, 1, 1, 24, 0, 0, 0), -1);
	ck_assert_int_eq(cop_time_utc(2023, 1, 1, 0, 60, 0, 0), -1);
	ck_assert_int_eq(cop_time_utc(2023, 1, 1, 0, 0, 61, 0), -1);
	ck_assert_int_eq(cop_time_utc(2023, 1, 1, 0, 0, 0, 1000), -1);
	ck_assert_int_eq(cop_time_utc(2023, 1, 1, -1, 0, 0, 0), -1);
}
END_TEST

/* ---- errors ------------------------------------------------------------------ */

START_TEST(test_errors)
{
#define X(name, value, cls, msg) { name, #name, msg },
	static const struct { int code; const char *name, *msg; } tab[] = {
		COP_ERROR_TABLE(X)
	};
#undef X
	cop_store *s = tu_store;
	size_t i, j;

	ck_assert_int_eq(COP_OK, 0);
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		ck_assert_str_eq(cop_strerror(tab[i].code), tab[i].msg);
		ck_assert_str_eq(cop_error_name(tab[i].code), tab[i].name);
		for (j = 0; j < i; j++)
			ck_assert_int_ne(tab[i].code, tab[j].code);
	}
	ck_assert_str_eq(cop_strerror(COP_ENOTFOUND), "not found");
	ck_assert_str_eq(cop_error_name(COP_EPERM), "COP_EPERM");
	ck_assert_str_eq(cop_strerror(-12345), "unknown error");
	ck_assert_str_eq(cop_strerror(42), "unknown error");
	ck_assert_ptr_null(cop_error_name(-12345));

	/* The store keeps the last failure, a success clears it. */
	ck_assert_str_eq(cop_errmsg(s), "no error");
	TU_RC(s, COP_EINVAL, cop_member_create(NULL, s, "", "Nobody", NULL,
		NULL));
	ck_assert_int_eq(cop_errcode(s), COP_EINVAL);
	ck_assert_str_ne(cop_errmsg(s), "no error");
	ck_assert_str_ne(cop_errmsg(s), "");
	TU_OK(s, cop_member_create(NULL, s, "somebody", "Somebody", NULL,
		NULL));
	ck_assert_int_eq(cop_errcode(s), COP_OK);
	ck_assert_str_eq(cop_errmsg(s), "no error");
	TU_RC(s, COP_EEXISTS, cop_member_create(NULL, s, "Somebody", "Again",
		NULL, NULL));
	ck_assert_int_eq(cop_errcode(s), COP_EEXISTS);
	ck_assert_msg(tu_contains(cop_errmsg(s), "omebody"),
		"message '%s' does not name the handle", cop_errmsg(s));
}
END_TEST

/* ---- a file of an older schema ------------------------------------------ */

/* Copy @p from to @p to (a fresh path). */
static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *in = fopen(from, "rb"), *out;
	size_t n;

	ck_assert_msg(in != NULL, "cannot read %s", from);
	out = fopen(to, "wb");
	ck_assert_msg(out != NULL, "cannot write %s", to);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	ck_assert(!ferror(in));
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

/* A copy of tests/data/@p name at a new temporary path, returned; the
 * source's path into *from.  The caller frees both. */
static char *data_copy(const char *name, char **from)
{
	const char *src = getenv("COP_SRCDIR");
	char *path = tu_sqlite_path_new();

	ck_assert_int_ge(asprintf(from, "%s/tests/data/%s",
		src && *src ? src : SRCDIR_FALLBACK, name), 0);
	copy_file(*from, path);
	return path;
}

/* The contribution ids a search finds, best first: "a,b,". */
static void search_ids(cop_store *s, const char *query, char *out, size_t sz)
{
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	int rc;

	out[0] = '\0';
	TU_OK(s, cop_search_iter_new(&it, s, query, NULL));
	while ((rc = cop_search_iter_next(&h, it)) == COP_OK) {
		strncat(out, cop_search_hit_contribution_id(h), sz - strlen(out) - 1);
		strncat(out, ",", sz - strlen(out) - 1);
		cop_search_hit_free(h);
	}
	ck_assert_msg(rc == COP_ITEROVER, "%s", tu_ename(rc));
	cop_search_iter_free(it);
}

/*
 * One page of @p thread's contributions, "id score," each, into @p out;
 * the iterator's cursor after it (or "-") into @p cursor.
 */
static void thread_page(cop_store *s, const char *thread, const char *after,
	unsigned int limit, char *out, size_t sz, char *cursor, size_t csz)
{
	cop_page page = { COP_PAGE_VERSION, after, limit };
	cop_contribution_iter *ci = NULL;
	cop_contribution *c = NULL;
	char one[64];
	int rc;

	TU_OK(s, cop_contribution_iter_new(&ci, s, thread, &page));
	for (out[0] = '\0'; (rc = cop_contribution_iter_next(&c, ci)) == COP_OK;
	     cop_contribution_free(c)) {
		snprintf(one, sizeof(one), "%s %d,", cop_contribution_id(c),
			cop_contribution_score(c));
		strncat(out, one, sz - strlen(out) - 1);
	}
	ck_assert_msg(rc == COP_ITEROVER, "%s", tu_ename(rc));
	snprintf(cursor, csz, "%s", cop_contribution_iter_cursor(ci) ?
		cop_contribution_iter_cursor(ci) : "-");
	cop_contribution_iter_free(ci);
}

/*
 * As the system, write an answer ("zebrafinch") to @p thread and start a
 * discussion ("quokka") in ksghana-cop; a search finds each alone.  The
 * answer's id into @p reply, the new thread's first post's into @p post.
 */
static void write_and_find(cop_store *s, const char *thread, tu_idbuf reply,
	tu_idbuf post)
{
	cop_contribution *c = NULL;
	cop_thread *t = NULL;
	char ids[512], want[64], cursor[128];

	TU_OK(s, cop_contribution_create(&c, s, thread, COP_CONTRIB_ANSWER,
		NULL, NULL, NULL, "Budget lines for zebrafinch workshops."));
	snprintf(reply, sizeof(tu_idbuf), "%s", cop_contribution_id(c));
	cop_contribution_free(c);
	TU_OK(s, cop_thread_create(&t, s, "ksghana-cop", COP_THREAD_DISCUSSION,
		"Quokka field days", "", "en", "Who runs the quokka days?"));
	thread_page(s, cop_thread_id(t), NULL, 1, ids, sizeof(ids), cursor,
		sizeof(cursor));
	cop_thread_free(t);
	snprintf(post, sizeof(tu_idbuf), "%.36s", ids);
	snprintf(want, sizeof(want), "%s,", reply);
	search_ids(s, "zebrafinch", ids, sizeof(ids));
	ck_assert_str_eq(ids, want);
	snprintf(want, sizeof(want), "%s,", post);
	search_ids(s, "quokka", ids, sizeof(ids));
	ck_assert_str_eq(ids, want);
}

/* Opened read-only, @p path's search for "quokka" finds @p post alone. */
static void quokka_read_only(const char *path, const char *post)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = NULL;
	char ids[512], want[64];

	o.flags = COP_OPEN_READONLY;
	o.flags |= COP_OPEN_SYSTEM;
	TU_OK(NULL, cop_open(&s, path, &o));
	snprintf(want, sizeof(want), "%s,", post);
	search_ids(s, "quokka", ids, sizeof(ids));
	ck_assert_str_eq(ids, want);
	tu_close(s);
}

/*
 * tests/data/schema3.db is what `copctl demo` wrote with schema version 3
 * (before a thread's contributions were stored together, version 4).  A
 * read-only open refuses it and changes nothing; a read-write open
 * migrates it, and every count, search hit and thread page is as the
 * older library gave them; new contributions, to an old thread and a new
 * one, are found by search and listed in order; cop_verify finds nothing.
 */
START_TEST(test_migrate_schema3)
{
	static const char thread[] = "0128b14a-f800-7000-a9a5-e47f37b9722a";
	char *from = NULL, *path = data_copy("schema3.db", &from);
	char ids[512], page[2048], cursor[128], want[64];
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = NULL;
	cop_stats st;
	cop_verify_report *rep = NULL;
	tu_idbuf reply_id, post_id;
	const char *p;
	int n;

	o.flags = COP_OPEN_READONLY;
	ck_assert_int_eq(cop_open(&s, path, &o), COP_EVERSION);
	ck_assert_msg(tu_contains(cop_errmsg(NULL), "older"), "'%s'",
		cop_errmsg(NULL));
	ck_assert_ptr_null(s);

	TU_OK(NULL, cop_open(&s, path, &tu_system));
	memset(&st, 0, sizeof(st));
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	ck_assert_int_eq(st.members, 11);
	ck_assert_int_eq(st.threads, 7);
	ck_assert_int_eq(st.contributions, 30);
	ck_assert_int_eq(st.answers, 15);
	ck_assert_int_eq(st.comments, 5);
	ck_assert_int_eq(st.votes_up, 5);
	ck_assert_int_eq(st.accepted_answers, 2);
	ck_assert_int_eq(st.badges_awarded, 16);
	ck_assert_int_eq(st.tags, 13);
	/* The hits and their order of the version-3 library. */
	search_ids(s, "money", ids, sizeof(ids));
	ck_assert_str_eq(ids, "0128b4f0-ce80-7000-ba3a-43ab2590a93e,"
		"0128b14a-f800-7001-8772-26010fd9811d,"
		"0128b527-bd00-7000-b938-7109884be13b,");
	search_ids(s, "ressources", ids, sizeof(ids));
	ck_assert_str_eq(ids, "0128b038-4f80-7001-9a2f-85fd0a0d2d16,");

	/* A reply to an old thread, and a new thread. */
	write_and_find(s, thread, reply_id, post_id);
	search_ids(s, "money", ids, sizeof(ids));
	ck_assert_str_eq(ids, "0128b4f0-ce80-7000-ba3a-43ab2590a93e,"
		"0128b14a-f800-7001-8772-26010fd9811d,"
		"0128b527-bd00-7000-b938-7109884be13b,");

	/* The old thread's page: its five, then the reply. */
	thread_page(s, thread, NULL, 0, page, sizeof(page), cursor,
		sizeof(cursor));
	for (n = 0, p = page; (p = strchr(p, ',')) != NULL; p++)
		n++;
	ck_assert_int_eq(n, 6);
	ck_assert_msg(strncmp(page, "0128b14a-f800-7001-8772-26010fd9811d ",
		37) == 0, "page starts '%s'", page);
	snprintf(want, sizeof(want), "%s 0,", reply_id);
	ck_assert_str_eq(page + strlen(page) - strlen(want), want);

	TU_OK(s, cop_verify(&rep, s, NULL, 0));
	ck_assert_msg(cop_verify_report_count(rep) == 0, "%s",
		cop_verify_report_line(rep, 0));
	cop_verify_report_free(rep);
	memset(&st, 0, sizeof(st));
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	ck_assert_int_eq(st.threads, 8);
	ck_assert_int_eq(st.contributions, 32);
	tu_close(s);

	/* Migrated once: now a read-only open takes it. */
	quokka_read_only(path, post_id);
	free(from);
	free(path);
}
END_TEST

/* ---- a schema-4 file from the last release ---------------------------------- */

/*
 * A member's recognition in @p community, malloc'd: "rep=.. trust=..
 * days=.. posts=.. given=.. received=.. kudos=.. accepted=..", their
 * badges, newest first ("badges=a,b,"), and the community's all-time
 * leaderboard ("board=handle points,...").
 */
static char *recognition_text(cop_store *s, const char *community,
	const char *member)
{
	cop_standing *st = NULL;
	cop_badge_iter *bi = NULL;
	cop_badge_award *a = NULL;
	cop_leader_iter *li = NULL;
	cop_leader *l = NULL;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int rc;

	ck_assert_ptr_nonnull(f);
	TU_OK(s, cop_standing_lookup(&st, s, community, member));
	fprintf(f, "rep=%lld trust=%d days=%d posts=%d given=%d received=%d "
		"kudos=%d accepted=%d badges=",
		(long long)cop_standing_reputation(st),
		cop_standing_trust_level(st), cop_standing_days_active(st),
		cop_standing_posts(st), cop_standing_likes_given(st),
		cop_standing_likes_received(st),
		cop_standing_kudos_received(st), cop_standing_accepted(st));
	cop_standing_free(st);
	TU_OK(s, cop_badge_iter_new(&bi, s, community, member, NULL));
	for (; (rc = cop_badge_iter_next(&a, bi)) == COP_OK;
	     cop_badge_award_free(a))
		fprintf(f, "%s,", cop_badge_award_name(a));
	ck_assert_msg(rc == COP_ITEROVER, "%s", tu_ename(rc));
	cop_badge_iter_free(bi);
	fputs(" board=", f);
	TU_OK(s, cop_leader_iter_new(&li, s, community, NULL, COP_PERIOD_ALL,
		0, NULL));
	for (; (rc = cop_leader_iter_next(&l, li)) == COP_OK; cop_leader_free(l))
		fprintf(f, "%s %lld,", cop_leader_handle(l),
			(long long)cop_leader_points(l));
	ck_assert_msg(rc == COP_ITEROVER, "%s", tu_ename(rc));
	cop_leader_iter_free(li);
	ck_assert_int_eq(fclose(f), 0);
	return out;
}

/* Assert @p got (malloc'd) is @p want, and free it. */
static void assert_text(char *got, const char *want)
{
	ck_assert_str_eq(got, want);
	free(got);
}

/* The log's last entry, "seq op object", as the store reads it. */
static void last_log_text(cop_store *s, char *out, size_t sz)
{
	int64_t seq = cop_log_last_seq(s);
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;

	ck_assert_msg(seq > 0, "cop_log_last_seq: %lld", (long long)seq);
	TU_OK(s, cop_log_iter_new(&it, s, seq - 1, 0));
	TU_OK(s, cop_log_iter_next(&e, it));
	snprintf(out, sz, "%lld %s %s", (long long)cop_log_entry_seq(e),
		cop_log_entry_op(e), cop_log_entry_object_id(e));
	cop_log_entry_free(e);
	ck_assert_int_eq(cop_log_iter_next(&e, it), COP_ITEROVER);
	cop_log_iter_free(it);
}

/*
 * The SQLite file's schema as written: every table, index, trigger and
 * view with its SQL, one a line, by type and name; its cop_meta rows
 * after.  Read straight from the file (malloc'd; free() it).
 */
static char *file_rows(const char *path, const char *const *sql, size_t n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&out, &len);
	int k;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
		NULL), SQLITE_OK);
	cop_tokenizer_alias(db);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(sqlite3_prepare_v2(db, sql[i], -1, &st, NULL),
			SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (k = 0; k < sqlite3_column_count(st); k++)
				fprintf(f, "%s|", sqlite3_column_text(st, k) ?
					(const char *)sqlite3_column_text(st, k) :
					"NULL");
			fputc('\n', f);
		}
		ck_assert_int_eq(sqlite3_finalize(st), SQLITE_OK);
	}
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	ck_assert_int_eq(fclose(f), 0);
	return out;
}

/* The schema objects and cop_meta of the file at @p path, as text. */
static char *file_schema(const char *path)
{
	static const char *const sql[] = {
		"SELECT type, name, sql FROM sqlite_master ORDER BY type, name",
		"SELECT * FROM cop_meta ORDER BY 1",
	};

	return file_rows(path, sql, sizeof(sql) / sizeof(sql[0]));
}

/* What the schema of the file at @p path means, as text: its objects
 * (the text of each but tables, whose text depends on how they were
 * made), each table's columns, foreign keys and each index's columns,
 * and cop_meta. */
static char *file_shape(const char *path)
{
	static const char *const sql[] = {
		"SELECT type, name, tbl_name, CASE WHEN type <> 'table' "
		"THEN sql END FROM sqlite_master ORDER BY type, name",
		"SELECT m.name, x.* FROM sqlite_master m, "
		"pragma_table_xinfo(m.name) x WHERE m.type = 'table' "
		"ORDER BY m.name, x.cid",
		"SELECT m.name, x.* FROM sqlite_master m, "
		"pragma_index_xinfo(m.name) x WHERE m.type = 'index' "
		"ORDER BY m.name, x.seqno",
		/* A table's foreign keys are in its text only (version 33
		 * dropped the totals' one). */
		"SELECT m.name, f.* FROM sqlite_master m, "
		"pragma_foreign_key_list(m.name) f WHERE m.type = 'table' "
		"ORDER BY m.name, f.id, f.seq",
		"SELECT * FROM cop_meta ORDER BY 1",
	};

	return file_rows(path, sql, sizeof(sql) / sizeof(sql[0]));
}

/* 1 when the files at @p a and @p b hold the same bytes. */
static int same_bytes(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int ca, cb;

	ck_assert_msg(fa && fb, "cannot read %s or %s", a, b);
	do {
		ca = getc(fa);
		cb = getc(fb);
	} while (ca == cb && ca != EOF);
	fclose(fa);
	fclose(fb);
	return ca == cb;
}

/* 1 when @p a and @p b hold the same counts. */
static int stats_same(const cop_stats *a, const cop_stats *b)
{
	return a->members == b->members && a->communities == b->communities &&
		a->threads == b->threads && a->questions == b->questions &&
		a->answers == b->answers && a->comments == b->comments &&
		a->contributions == b->contributions &&
		a->votes_up == b->votes_up && a->votes_down == b->votes_down &&
		a->accepted_answers == b->accepted_answers &&
		a->badges_awarded == b->badges_awarded && a->tags == b->tags;
}

/*
 * What the released library (schema 4, before the tables were written
 * once for both backends) gave for tests/data/schema4.db, read with its
 * copctl: the counts (of the store and of its one community) and the
 * log's last seq, searches, the pages of the longest thread, standings,
 * badges, the leaderboard and the log's last entry; and cop_verify finds
 * nothing.  tu_snapshot(s) into *snap (the caller frees it).
 */
static void assert_as_released(cop_store *s, char **snap)
{
	static const char head[] = "stats m=11 c=1 t=7 q=5 a=15 cm=5 x=30 "
		"vu=5 vd=0 aa=2 b=16 tags=13\nlog 73\n";
	static const char thread[] = "0128abbf-e6c0-7000-9b4e-c3eeb75434f0";
	char buf[1024], cursor[128], last[128];
	cop_stats all, one;
	cop_verify_report *rep = NULL;

	*snap = tu_snapshot(s);
	ck_assert_msg(strncmp(*snap, head, strlen(head)) == 0, "%.120s",
		*snap);
	memset(&all, 0, sizeof(all));
	memset(&one, 0, sizeof(one));
	TU_OK(s, cop_stats_lookup(&all, s, NULL));
	TU_OK(s, cop_stats_lookup(&one, s, "ksghana-cop"));
	ck_assert(stats_same(&all, &one));

	search_ids(s, "money", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0128b4f0-ce80-7000-a55a-f5f02ccba7ae,"
		"0128b14a-f800-7001-bdac-101469c936c4,"
		"0128b527-bd00-7000-a221-8b097a14184d,");
	search_ids(s, "facilitation", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0128b14a-f800-7001-bdac-101469c936c4,"
		"0128b005-f4e0-7000-8c65-ea7bef24ca0b,"
		"0128afef-1180-7000-9a50-45bb39218cdb,"
		"0128b527-bd00-7000-a221-8b097a14184d,"
		"0128b4f0-ce80-7000-a55a-f5f02ccba7ae,"
		"0128ac4d-cee0-7000-a948-52b762fc6236,"
		"0128abdb-5e00-7000-a86e-ef6cd017f54b,"
		"0128ba4e-1900-7000-bced-d9692b02b9cf,");
	search_ids(s, "ressources", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0128b038-4f80-7001-b714-12cd04f8302e,");

	/* Its nine contributions, four a page, and the cursors. */
	thread_page(s, thread, NULL, 4, buf, sizeof(buf), cursor,
		sizeof(cursor));
	ck_assert_str_eq(buf, "0128abbf-e6c0-7001-933e-a9637dda1762 0,"
		"0128ac4d-cee0-7000-a948-52b762fc6236 1,"
		"0128ac77-01c0-7000-88d5-272b262fefe1 0,"
		"0128b01c-d840-7000-9fb6-4267661e9331 0,");
	ck_assert_str_eq(cursor,
		"c1:0:1274265000000:0128b01cd84070009fb64267661e9331:");
	thread_page(s, thread, "c1:0:1274265000000:"
		"0128b01cd84070009fb64267661e9331:", 4, buf, sizeof(buf),
		cursor, sizeof(cursor));
	ck_assert_str_eq(buf, "0128b0e6-42c0-7000-8c54-733ef063bbff 0,"
		"0128b10a-e1c0-7000-a59e-e85bac0336af 0,"
		"0128b12f-80c0-7000-914e-76ff7cb591c0 0,"
		"0128b166-6f40-7000-a3fa-235851e81e93 0,");
	ck_assert_str_eq(cursor,
		"c1:0:1274286600000:0128b1666f407000a3fa235851e81e93:");
	thread_page(s, thread, cursor, 4, buf, sizeof(buf), last,
		sizeof(last));
	ck_assert_str_eq(buf, "0128ba4e-1900-7000-bced-d9692b02b9cf 0,");
	ck_assert_str_eq(last,
		"c1:0:1274436000000:0128ba4e19007000bcedd9692b02b9cf:");

	assert_text(recognition_text(s, "ksghana-cop", "kwame.owusu"),
		"rep=41 trust=2 days=5 posts=3 given=2 received=3 kudos=1 "
		"accepted=1 badges=appreciated,first-accepted,first-post, "
		"board=kwame.owusu 40,marie.ndiaye 25,ama.mensah 10,"
		"yaw.boateng 10,lucie 4,");
	assert_text(recognition_text(s, "ksghana-cop", "marie.ndiaye"),
		"rep=26 trust=2 days=3 posts=3 given=1 received=2 kudos=0 "
		"accepted=1 badges=first-accepted,first-post, "
		"board=kwame.owusu 40,marie.ndiaye 25,ama.mensah 10,"
		"yaw.boateng 10,lucie 4,");

	last_log_text(s, buf, sizeof(buf));
	ck_assert_str_eq(buf,
		"73 badge.award 0128aa88-9f40-7000-a2e7-e41babbd5772");
	/* The figures agree with the facts. */
	TU_OK(s, cop_verify(&rep, s, NULL, 0));
	ck_assert_msg(cop_verify_report_count(rep) == 0, "%s",
		cop_verify_report_line(rep, 0));
	cop_verify_report_free(rep);
}

/* Run @p sql on the file at @p path, as an older library would have. */
static void file_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
		NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK,
		"%s", sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
}

/*
 * The version 5 migration: a version-4 file with threads in each state
 * (closed, locked and hidden set by hand in schema4.db, an accepted
 * answer in a pinned thread) opens with each thread's properties from
 * its state, answered where an answer is accepted, and the same state
 * read back; a member does not see the hidden one, a facilitator does.
 */
START_TEST(test_migrate_thread_states)
{
	static const struct { const char *id, *want; } th[] = {
		{ "0128aabf-8dc0-7000-a2a5-a8c552eaf336", "00100 pinned" },
		{ "0128abb6-bf00-7000-93d0-b34539a6971f", "00001 answered" },
		{ "0128abbb-52e0-7000-b632-e5526ca9d7ad", "10000 closed" },
		{ "0128abbf-e6c0-7000-9b4e-c3eeb75434f0", "01000 locked" },
		{ "0128abc4-7aa0-7000-ae16-60ef748679e5", "00101 pinned" },
		{ "0128b038-4f80-7000-b7e2-cf0e389ac04f", "00010 hidden" },
		{ "0128b14a-f800-7000-822c-781db79fe8c5", "00000 open" },
	};
	char *from = NULL, *path = data_copy("schema4.db", &from);
	char buf[64];
	cop_store *s = NULL;
	cop_thread *t = NULL;
	size_t i;

	file_exec(path, "UPDATE cop_thread SET state = 2 WHERE hex(id) = "
		"'0128ABBB52E07000B632E5526CA9D7AD';"
		"UPDATE cop_thread SET state = 3 WHERE hex(id) = "
		"'0128ABBFE6C070009B4EC3EEB75434F0';"
		"UPDATE cop_thread SET state = 4, pinned = 1 WHERE hex(id) = "
		"'0128ABC47AA07000AE1660EF748679E5';"
		"UPDATE cop_thread SET state = 5 WHERE hex(id) = "
		"'0128B0384F807000B7E2CF0E389AC04F';");
	TU_OK(NULL, cop_open(&s, path, &tu_system));
	for (i = 0; i < sizeof(th) / sizeof(th[0]); i++) {
		tu_thread_flags(s, th[i].id, buf, sizeof(buf));
		ck_assert_msg(strcmp(buf, th[i].want) == 0, "%s: %s, not %s",
			th[i].id, buf, th[i].want);
	}
	/* kwame, a member: not the hidden thread; lucie, a facilitator: it. */
	tu_as(s, "0128aa88-9f40-7002-8632-f0b0204193a1");
	ck_assert_int_eq(cop_thread_lookup(&t, s, th[5].id), COP_ENOTFOUND);
	ck_assert_ptr_null(t);
	TU_OK(s, cop_thread_lookup(&t, s, th[0].id));
	cop_thread_free(t);
	tu_as(s, "0128aa88-9f40-7001-ae25-153781b61862");
	TU_OK(s, cop_thread_lookup(&t, s, th[5].id));
	ck_assert(cop_thread_is_hidden(t));
	cop_thread_free(t);
	tu_close(s);
	free(path);
	free(from);
}
END_TEST

/*
 * A new file is created at the current version from the core tables'
 * columns (libcop/sql/tables.h), an older one reaches it through the
 * migrations: both must mean the same schema, column for column and
 * index for index.  (A column added to a table without its migration
 * step, or the other way round, fails here.)
 */
START_TEST(test_new_is_migrated)
{
	char *from = NULL, *old = data_copy("schema3.db", &from);
	char *path = tu_sqlite_path_new(), *a, *b;
	cop_store *s = NULL;

	TU_OK(NULL, cop_open(&s, path, &tu_system));
	tu_close(s);
	TU_OK(NULL, cop_open(&s, old, &tu_system));
	tu_close(s);
	a = file_shape(path);
	b = file_shape(old);
	ck_assert(tu_contains(a, "table|cop_contribution|"));
	ck_assert(tu_contains(a, "cop_contribution|15|body|TEXT|1|"));
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	free(path);
	free(old);
	free(from);
}
END_TEST

/* The store at @p path labelled @p label as it is: refused as
 * COP_ECORRUPT naming @p what, its mark, nothing migrated. */
static void relabel_refused(const char *path, int label, const char *what)
{
	sqlite3 *db = NULL;
	cop_store *s = NULL;
	char sql[128];
	int rc;

	snprintf(sql, sizeof(sql), "UPDATE cop_meta SET value = '%d' "
		"WHERE key = 'schema_version'", label);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	rc = cop_open(&s, path, &tu_system);
	ck_assert_msg(rc == COP_ECORRUPT, "%s", tu_ename(rc));
	ck_assert_msg(strstr(cop_errmsg(NULL), what), "%s", cop_errmsg(NULL));
}

/*
 * Version 31 dropped the contributions' community index and the accepted
 * answers' author index and made the member index again with the kind
 * (sql/schema.h, COP_SQL_INDEX_DROPS).  A store of version 30 (a new one
 * with those indexes of then, with rows in them) migrated has the new
 * store's schema, index for index; a store of version 31 labelled 30 is
 * refused, its mark (cop_contribution_member_kind) told.
 */
START_TEST(test_migrate_index_drops)
{
	char *path = tu_sqlite_path_new(), *fresh = tu_sqlite_path_new();
	char *a, *b, *v30;
	cop_store *s = NULL;
	sqlite3 *db = NULL;
	tu_world w;
	tu_idbuf t;

	TU_OK(NULL, cop_open(&s, fresh, &tu_system));
	tu_close(s);
	TU_OK(NULL, cop_open(&s, path, &tu_system));
	tu_world_make(s, &w);
	tu_as(s, w.member);
	tu_thread(s, t, NULL, "pub", COP_THREAD_QUESTION, "Hops",
		"When do they go in?");
	tu_close(s);

	/* Labelled 30 as it is: refused, nothing migrated. */
	relabel_refused(path, 30, "has cop_contribution_member_kind");

	/* The indexes of version 30 back: migrated to the new schema. */
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_indexes_v30(db), SQLITE_OK);
	sqlite3_close(db);
	v30 = file_shape(path);
	ck_assert(tu_contains(v30, "index|cop_contribution_community|"));
	ck_assert(tu_contains(v30, "index|cop_accept_author|"));
	ck_assert(!tu_contains(v30, "cop_contribution_member_kind"));
	TU_OK(NULL, cop_open(&s, path, &tu_system));
	tu_close(s);
	a = file_shape(fresh);
	b = file_shape(path);
	ck_assert(!tu_contains(b, "cop_contribution_community"));
	ck_assert(!tu_contains(b, "cop_accept_author"));
	ck_assert(!tu_contains(b, "index|cop_contribution_member|"));
	ck_assert(tu_contains(b, "index|cop_contribution_member_kind|"));
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	free(v30);
	free(path);
	free(fresh);
}
END_TEST

/* The number @p sql (one integer) reads from the file at @p path. */
static long long file_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
		NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
		"%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The period totals' rows, one string (the caller frees it). */
static char *file_totals(const char *path)
{
	static const char *const sql[] = {
		"SELECT * FROM cop_rep_sum ORDER BY 1, 2, 3, 4",
	};

	return file_rows(path, sql, 1);
}

#define REP_FKS "SELECT count(*) FROM pragma_foreign_key_list('cop_rep_sum')"

/*
 * Version 33 made the period totals' table again without its foreign
 * key to the member keys (sqlite/schema.c, schema_rep_fk_step), its
 * board index named cop_rep_sum_rank, the version's mark.  A new store
 * has no foreign key.  A store of version 32 (the table of then, with
 * the key, its board index cop_rep_sum_board, and totals in it)
 * migrated: the same rows, no foreign key, the new store's schema, the
 * leaderboards as they were, and the view cop_rep_total and its
 * trigger still adding to the totals.  A store of version 33 labelled
 * 32 is refused, its mark told.
 */
START_TEST(test_migrate_rep_fk)
{
	char *path = tu_sqlite_path_new(), *fresh = tu_sqlite_path_new();
	char *a, *b, *rows, *rows_after, board[1024], board_after[1024];
	cop_store *s = NULL;
	sqlite3 *db = NULL;
	tu_world w;
	tu_idbuf t, p;
	long long n;

	TU_OK(NULL, cop_open(&s, fresh, &tu_system));
	tu_close(s);
	ck_assert_int_eq(file_int(fresh, REP_FKS), 0);
	TU_OK(NULL, cop_open(&s, path, &tu_system));
	tu_world_make(s, &w);
	tu_as(s, w.member);
	tu_thread(s, t, p, "pub", COP_THREAD_QUESTION, "Hops",
		"When do they go in?");
	tu_as(s, w.core);
	TU_OK(s, cop_vote_cast(s, p, COP_VOTE_UP));
	tu_as(s, w.facil);
	TU_OK(s, cop_vote_cast(s, p, COP_VOTE_UP));
	tu_as(s, NULL);
	board[0] = '\0';
	ck_assert_uint_gt(tu_board(s, "pub", NULL, COP_PERIOD_ALL, 0, 0, 1,
		board, sizeof(board)), 0);
	tu_close(s);
	ck_assert_int_eq(file_int(path, REP_FKS), 0);
	n = file_int(path, "SELECT count(*) FROM cop_rep_sum");
	ck_assert_int_gt(n, 0);

	/* Labelled 32 as it is: refused, nothing migrated. */
	relabel_refused(path, 32, "has cop_rep_sum_rank");

	/* The table of version 32 back, with its rows: migrated. */
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_rep_fk_v32(db), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(file_int(path, REP_FKS), 1);
	ck_assert_int_eq(file_int(path, "SELECT count(*) FROM sqlite_master "
		"WHERE name = 'cop_rep_sum_board'"), 1);
	rows = file_totals(path);
	TU_OK(NULL, cop_open(&s, path, &tu_system));
	board_after[0] = '\0';
	tu_board(s, "pub", NULL, COP_PERIOD_ALL, 0, 0, 1, board_after,
		sizeof(board_after));
	ck_assert_str_eq(board_after, board);
	tu_close(s);
	ck_assert_int_eq(file_int(path, REP_FKS), 0);
	ck_assert_int_eq(file_int(path, "SELECT count(*) FROM sqlite_master "
		"WHERE name = 'cop_rep_sum_board'"), 0);
	rows_after = file_totals(path);
	ck_assert_str_eq(rows_after, rows);
	a = file_shape(fresh);
	b = file_shape(path);
	ck_assert_int_eq(file_int(path, "SELECT count(*) FROM sqlite_master "
		"WHERE name = 'cop_rep_sum_rank'"), 1);
	ck_assert_str_eq(a, b);

	/* The view's trigger (other writers' way in) adds to the totals
	 * of the table made again. */
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, "PRAGMA foreign_keys = ON; "
		"INSERT INTO cop_rep_total (community_id, period, pstart, tag, "
		"member_id, points) SELECT community_id, period, pstart, tag, "
		"member_id, 7 FROM cop_rep_total LIMIT 1; "
		"INSERT INTO cop_rep_total (community_id, period, pstart, tag, "
		"member_id, points) SELECT community_id, period, pstart, "
		"'fresh-tag', member_id, 5 FROM cop_rep_total LIMIT 1",
		NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
	ck_assert_int_eq(file_int(path, "SELECT count(*) FROM cop_rep_sum"),
		n + 1);
	ck_assert_int_eq(file_int(path, "SELECT sum(points) FROM cop_rep_total "
		"WHERE tag = 'fresh-tag'"), 5);
	free(rows_after);
	free(rows);
	free(a);
	free(b);
	free(path);
	free(fresh);
}
END_TEST

/*
 * tests/data/schema4.db is what `copctl demo` wrote with the released
 * library (schema version 4, before the tables were written once for both
 * backends, before a thread's properties were stored apart and before
 * moderation actions).  Opened read-only it is refused as older (writing
 * no byte); opened read-write it is migrated to the current version
 * (version 5: the thread's properties; version 6: moderation actions and
 * the contributions' column hidden; version 7: the funding ledger; 8:
 * digests; 9: notifications; 10: who made each revision, its
 * redaction, flag_hides; 11: events; 12: the facilitator's queue and
 * the threads' columns summary_id, replied and has_answer; 13: the hours
 * by organisation; 14: the full-text index's delete trigger; 15: the
 * health scorecard's thresholds; 16: mail archives; 17: the health
 * report's roll-ups; 18: search reads text; and later steps), and reads as the
 * released library read
 * it, read-write and then read-only; cop_verify finds nothing; a vote, a
 * reply and a new thread are written, counted and found as the released
 * library did them; and no later open rewrites the migrated schema.
 */
START_TEST(test_open_schema4)
{
	static const char thread[] = "0128b14a-f800-7000-822c-781db79fe8c5";
	static const char lucie[] = "0128aa88-9f40-7001-ae25-153781b61862";
	static const char head[] = "stats m=11 c=1 t=8 q=5 a=16 cm=5 x=32 "
		"vu=6 vd=0 aa=2 b=16 tags=13\nlog 76\n";
	char *from = NULL, *path = data_copy("schema4.db", &from);
	char *schema = file_schema(path), *now, *snap, *snap_rw, *migrated;
	char buf[1024], cursor[128], want[64];
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = NULL;
	cop_verify_report *rep = NULL;
	tu_idbuf reply_id, post_id;
	size_t i;

	ck_assert(tu_contains(schema, "table|cop_contribution|"));
	ck_assert(tu_contains(schema, "schema_version|4|"));

	o.flags = COP_OPEN_READONLY;
	ck_assert_int_eq(cop_open(&s, path, &o), COP_EVERSION);
	ck_assert_ptr_null(s);
	ck_assert_msg(same_bytes(path, from), "a read-only open wrote to it");

	/* Read-write, it is migrated and reads as released; read-only then,
	 * it reads the same, to the last field. */
	TU_OK(NULL, cop_open(&s, path, &tu_system));
	assert_as_released(s, &snap_rw);
	tu_close(s);
	migrated = file_schema(path);
	/* At the version a new file has (test_new_is_migrated compares the
	 * rest). */
	{
		char *fresh = tu_sqlite_path_new(), *fs, *v, *end;

		TU_OK(NULL, cop_open(&s, fresh, &tu_system));
		tu_close(s);
		fs = file_schema(fresh);
		v = strstr(fs, "schema_version|");
		ck_assert_ptr_nonnull(v);
		end = strchr(v + strlen("schema_version|"), '|');
		ck_assert_ptr_nonnull(end);
		end[1] = '\0';
		ck_assert_msg(tu_contains(migrated, v), "not at %s", v);
		ck_assert(strcmp(v, "schema_version|12|") > 0 ||
			strlen(v) > strlen("schema_version|12|"));
		free(fs);
		free(fresh);
	}
	ck_assert(tu_contains(migrated, "trigger|cop_contribution_fts_del|"));
	ck_assert(tu_contains(migrated, "table|cop_health_threshold|"));
	/* Version 21: the index reads each contribution's text. */
	ck_assert(tu_contains(migrated, "cop_text(c.format, c.body) AS body"));
	ck_assert(tu_contains(migrated, "table|cop_mail_message|"));
	ck_assert(tu_contains(migrated, "table|cop_health_day|"));
	ck_assert(tu_contains(migrated, "table|cop_health_question|"));
	ck_assert(tu_contains(migrated, "table|cop_mail_outbox|"));
	ck_assert(tu_contains(migrated, "table|cop_health_member|"));
	/* A member's history entries by actor (issue 17). */
	ck_assert(tu_contains(migrated, "index|cop_thread_history_actor|"));
	/* Version 21: a community's tags, their uses kept by triggers. */
	ck_assert(tu_contains(migrated, "table|cop_tag|"));
	ck_assert(tu_contains(migrated, "trigger|cop_tag_thread_upd|"));
	ck_assert(tu_contains(migrated, "table|cop_member_email|"));
	ck_assert(tu_contains(migrated, "table|cop_fund|"));
	ck_assert(tu_contains(migrated, "table|cop_hours|"));
	ck_assert(tu_contains(migrated, "table|cop_digest_sent|"));
	ck_assert(tu_contains(migrated, "index|cop_thread_created|"));
	ck_assert(tu_contains(migrated, "table|cop_follow|"));
	ck_assert(tu_contains(migrated, "table|cop_notification|"));
	/* Version 10: who made each revision, redaction, flag_hides. */
	ck_assert(tu_contains(migrated, ", editor_id BLOB, redacted INTEGER "
		"NOT NULL DEFAULT 0"));
	ck_assert(tu_contains(migrated, ", flag_hides INTEGER NOT NULL "
		"DEFAULT 0"));
	ck_assert(tu_contains(migrated, "table|cop_event|"));
	ck_assert(tu_contains(migrated, "table|cop_rsvp|"));
	ck_assert(tu_contains(migrated, "table|cop_queue_threshold|"));
	/* Version 13: mail archives (members' addresses, messages). */
	ck_assert(tu_contains(migrated, "table|cop_member_email|"));
	ck_assert(tu_contains(migrated, "index|cop_member_email_member|"));
	ck_assert(tu_contains(migrated, "table|cop_mail_message|"));
	ck_assert(tu_contains(migrated, "WHERE cop_thread.hidden <> 0"));
	ck_assert(tu_contains(migrated, "table|cop_modaction|"));
	ck_assert(tu_contains(migrated, "index|cop_modaction_member|"));
	ck_assert(tu_contains(migrated, "index|cop_modaction_log|"));
	ck_assert(tu_contains(migrated, "table|cop_follow|"));
	ck_assert(tu_contains(migrated, "index|cop_follow_target|"));
	ck_assert(tu_contains(migrated, "table|cop_notification|"));
	ck_assert(tu_contains(migrated, "index|cop_contribution_hidden|"));
	ck_assert(tu_contains(migrated, ", hidden INTEGER NOT NULL DEFAULT 0"));
	/* Version 23: the score where a contribution was imported from. */
	ck_assert(tu_contains(migrated, ", hidden INTEGER NOT NULL DEFAULT 0, "
		"source_score INTEGER)|"));
	free(schema);
	schema = migrated;
	o.flags |= COP_OPEN_SYSTEM;
	TU_OK(NULL, cop_open(&s, path, &o));
	assert_as_released(s, &snap);
	tu_close(s);
	ck_assert_msg(strcmp(snap, snap_rw) == 0, "read-write reads another "
		"store than read-only");
	TU_OK(NULL, cop_open(&s, path, &tu_system));

	/* Its one revision: made by its author (version 7). */
	{
		cop_revision_iter *rit = NULL;
		cop_revision *rev = NULL;

		TU_OK(s, cop_revision_iter_new(&rit, s,
			"0128b4f0-ce80-7000-a55a-f5f02ccba7ae"));
		TU_OK(s, cop_revision_iter_next(&rev, rit));
		ck_assert_ptr_nonnull(cop_revision_editor_id(rev));
		ck_assert_str_eq(cop_revision_editor_id(rev),
			cop_revision_author_id(rev));
		ck_assert_int_eq(cop_revision_redacted(rev), 0);
		cop_revision_free(rev);
		cop_revision_iter_free(rit);
	}

	/* A vote, a reply to an old thread, a new thread. */
	tu_as(s, lucie);
	TU_OK(s, cop_vote_cast(s, "0128abdb-5e00-7000-a86e-ef6cd017f54b",
		COP_VOTE_UP));
	tu_as(s, NULL);
	write_and_find(s, thread, reply_id, post_id);
	free(snap);
	snap = tu_snapshot(s);
	ck_assert_msg(strncmp(snap, head, strlen(head)) == 0, "%.120s", snap);
	last_log_text(s, buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, "76 thread.create ", 17) == 0, "%s", buf);
	/* The old thread's page: its five as they were, then the reply. */
	thread_page(s, thread, NULL, 0, buf, sizeof(buf), cursor,
		sizeof(cursor));
	snprintf(want, sizeof(want), "%s 0,", reply_id);
	ck_assert_msg(strncmp(buf, "0128b14a-f800-7001-bdac-101469c936c4 0,"
		"0128b4f0-ce80-7000-a55a-f5f02ccba7ae 0,"
		"0128b527-bd00-7000-a221-8b097a14184d 0,"
		"0128b54c-5c00-7000-87f0-1fa61b4fd241 0,"
		"0128b63a-6580-7000-bbe5-2bf9cf4113bd 0,", 5 * 39) == 0 &&
		strcmp(buf + 5 * 39, want) == 0, "page '%s'", buf);
	/* The vote: ten points to its author, as the released library gave. */
	assert_text(recognition_text(s, "ksghana-cop", "kwame.owusu"),
		"rep=51 trust=2 days=5 posts=3 given=2 received=4 kudos=1 "
		"accepted=1 badges=appreciated,first-accepted,first-post, "
		"board=kwame.owusu 50,marie.ndiaye 25,ama.mensah 10,"
		"yaw.boateng 10,lucie 4,");
	TU_OK(s, cop_verify(&rep, s, NULL, 0));
	ck_assert_msg(cop_verify_report_count(rep) == 0, "%s",
		cop_verify_report_line(rep, 0));
	cop_verify_report_free(rep);
	tu_close(s);

	/* What was written reads back read-only; the schema is as it was
	 * once migrated. */
	quokka_read_only(path, post_id);
	now = file_schema(path);
	for (i = 0; now[i] && now[i] == schema[i]; i++)
		;
	while (i > 0 && schema[i - 1] != '\n')
		i--;
	ck_assert_msg(!now[i] && !schema[i], "the schema was rewritten: "
		"'%.300s' where it was '%.300s'", now + i, schema + i);
	free(now);
	free(schema);
	free(snap);
	free(snap_rw);
	free(from);
	free(path);
}
END_TEST

/*
 * The SQLite layout (schema 4): contributions of interleaved threads get
 * rids in one block per thread, consecutive in the order written, each
 * new thread's block after the last; fids count every contribution in the
 * order written.  Read from the file itself.
 */
START_TEST(test_layout_by_thread)
{
	char *path = tu_sqlite_path_new(), a[40], b[40];
	cop_store *s = NULL;
	cop_thread *t = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	/* Threads a (0) and b (1) and the order their rows were written. */
	static const int order[] = { 0, 1, 0, 1, 0, 0, 1 };
	int64_t lo[2] = { 0, 0 }, n[2] = { 0, 0 };
	int i, k;

	TU_OK(NULL, cop_open(&s, path, &tu_system));
	TU_OK(s, cop_community_create(NULL, s, "lay", "Layout", "Rows",
		"en", COP_VISIBILITY_PUBLIC));
	TU_OK(s, cop_thread_create(&t, s, "lay", COP_THREAD_DISCUSSION, "A",
		"", "en", "First of a."));
	snprintf(a, sizeof(a), "%s", cop_thread_id(t));
	cop_thread_free(t);
	TU_OK(s, cop_thread_create(&t, s, "lay", COP_THREAD_DISCUSSION, "B",
		"", "en", "First of b."));
	snprintf(b, sizeof(b), "%s", cop_thread_id(t));
	cop_thread_free(t);
	for (i = 2; i < (int)(sizeof(order) / sizeof(order[0])); i++)
		TU_OK(s, cop_contribution_create(NULL, s, order[i] ? b : a,
			COP_CONTRIB_REPLY, NULL, NULL, NULL, "A reply."));
	tu_close(s);

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
		NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT c.rid, c.fid, "
		"c.thread_id = (SELECT t.id FROM cop_thread t WHERE t.title = 'B') "
		"FROM cop_contribution c ORDER BY c.fid", -1, &st, NULL),
		SQLITE_OK);
	for (i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
		int64_t rid = sqlite3_column_int64(st, 0);

		ck_assert_int_lt(i, (int)(sizeof(order) / sizeof(order[0])));
		ck_assert_int_eq(sqlite3_column_int64(st, 1), i + 1);
		k = sqlite3_column_int(st, 2);
		ck_assert_int_eq(k, order[i]);
		if (n[k] == 0)
			lo[k] = rid;
		ck_assert_msg(rid == lo[k] + n[k], "row %d of thread %d: rid "
			"%lld, want %lld", i, k, (long long)rid,
			(long long)(lo[k] + n[k]));
		n[k]++;
	}
	ck_assert_int_eq(i, (int)(sizeof(order) / sizeof(order[0])));
	ck_assert_int_eq(sqlite3_finalize(st), SQLITE_OK);
	sqlite3_close(db);
	/* Each block starts on a multiple of 2^32, b's after a's. */
	ck_assert_int_eq(lo[0] % 4294967296LL, 0);
	ck_assert_int_eq(lo[1], lo[0] + 4294967296LL);
	free(path);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc;

	tc = tu_tcase(s, "open", loc_setup, loc_teardown);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_open_close_roundtrip);
	tcase_add_test(tc, test_open_durable);
	tcase_add_test(tc, test_open_uri_forms);
	tcase_add_test(tc, test_open_memory);
	tcase_add_test(tc, test_open_bad_arguments);
	tcase_add_test(tc, test_open_nocreate);
	tcase_add_test(tc, test_open_nocreate_backend);
	tcase_add_test(tc, test_open_readonly);
	tcase_add_test(tc, test_open_readonly_missing);
	tcase_add_test(tc, test_open_not_a_database);
	tcase_add_test(tc, test_open_bad_schema_version);
	tcase_add_test(tc, test_open_not_a_file);
	tcase_add_test(tc, test_dropped_table_is_corrupt);
	tcase_add_test(tc, test_migrate_schema3);
	tcase_add_test(tc, test_open_schema4);
	tcase_add_test(tc, test_new_is_migrated);
	tcase_add_test(tc, test_migrate_index_drops);
	tcase_add_test(tc, test_migrate_rep_fk);
	tcase_add_test(tc, test_migrate_search_text);
	tcase_add_test(tc, test_migrate_thread_states);
	tcase_add_test(tc, test_layout_by_thread);

	tc = tu_tcase(s, "store", tu_store_setup, tu_store_teardown);
	tcase_add_test(tc, test_actor);
	tcase_add_test(tc, test_clock);
	tcase_add_test(tc, test_batch_commit);
	tcase_add_test(tc, test_batch_rollback);
	tcase_add_test(tc, test_batch_failure_inside);
	tcase_add_test(tc, test_batch_close_rolls_back);
	tcase_add_test(tc, test_busy);
	tcase_add_test(tc, test_errors);

	tc = tu_tcase(s, "ids", tu_store_setup, tu_store_teardown);
	tcase_add_test(tc, test_id_parse_format);
	tcase_add_test(tc, test_id_time_order);
	tcase_add_test(tc, test_id_fork);
	tcase_add_test(tc, test_id_time_is_created);
	tcase_add_test(tc, test_time_utc);
	return s;
}

int main(void)
{
	return tu_run(store_suite());
}
