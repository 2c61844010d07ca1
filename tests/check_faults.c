/*
 * check_faults.c: the store under faults (issue 17): a full disk, a
 * table dropped behind libcop's back, on whichever engine COP_TEST_URI
 * names; and, on SQLite files, a WAL store in a folder the process
 * cannot write or on read-only media; on PostgreSQL, a store put back
 * at the version before the bulk load's step (issue 18), migrated.
 *
 * The damage is done with the engine's own client (sqlite3, libpq) on
 * the test's location, as an administrator or a failing disk would.
 */
#define _GNU_SOURCE 1

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>
#ifdef HAVE_LIBPQ
#include <libpq-fe.h>
#endif

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

#ifdef HAVE_LIBPQ
/* The location's URI without libcop's own parameters (cop_schema=...),
 * for libpq, and the schema it names into @p schema. */
static char *pg_conninfo(char *schema, size_t size)
{
	const char *u = tu_uri(), *q = strchr(u, '?'), *p;
	char *out = strndup(u, q ? (size_t)(q - u) : strlen(u));
	char *o = out;

	ck_assert_ptr_nonnull(out);
	schema[0] = '\0';
	for (p = q; p && *p; ) {
		const char *end = strchr(p + 1, '&');
		size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);

		if (!strncmp(p + 1, "cop_schema=", 11))
			snprintf(schema, size, "%.*s", (int)(n - 11), p + 12);
		else {
			/* Keep the parameters libpq knows. */
			size_t len = strlen(o);
			char *grown = realloc(o, len + n + 2);
			ck_assert_ptr_nonnull(grown);
			o = grown;
			snprintf(o + len, n + 2, "%c%.*s", strchr(o, '?') ? '&' :
				'?', (int)n, p + 1);
		}
		p = end;
	}
	return o;
}
#endif

/* Run @p sql on the current location with the engine's own client, as
 * an administrator would behind libcop's back. */
static void admin_sql(const char *sql)
{
	if (tu_backend_is_sqlite()) {
		sqlite3 *db = NULL;
		char *err = NULL;

		ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
		ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
		ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) ==
			SQLITE_OK, "%s: %s", sql, err);
		sqlite3_close(db);
		return;
	}
#ifdef HAVE_LIBPQ
	{
		char schema[128], set[200], *ci = pg_conninfo(schema,
			sizeof(schema));
		PGconn *c = PQconnectdb(ci);
		PGresult *r;

		ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s",
			PQerrorMessage(c));
		snprintf(set, sizeof(set), "SET search_path TO %s", schema);
		r = PQexec(c, set);
		ck_assert_int_eq(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
		r = PQexec(c, sql);
		ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s: %s",
			sql, PQresultErrorMessage(r));
		PQclear(r);
		PQfinish(c);
		free(ci);
	}
#else
	ck_abort_msg("no client for %s", tu_uri());
#endif
}

/* 1 when admin_sql() can reach the current location's engine. */
static int have_admin(void)
{
	const char *be = tu_backend_name();

	if (be && !strcmp(be, "sqlite"))
		return 1;
#ifdef HAVE_LIBPQ
	if (be && !strcmp(be, "postgresql"))
		return 1;
#endif
	printf("# SKIP check_faults: no client for %s\n", tu_uri());
	return 0;
}

/* A member (ama) and a public community (c), on a fresh open. */
static void seed(void)
{
	cop_store *s = tu_open();

	TU_OK(s, cop_member_create(NULL, s, "ama", "Ama", NULL, NULL));
	TU_OK(s, cop_community_create(NULL, s, "c", "C", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	tu_close(s);
}

/* ---- a dropped table ----------------------------------------------------- */

/* A table dropped behind libcop's back is COP_ECORRUPT on every engine
 * (docs/libcop.md, "Errors"): SQLite's "no such table" as PostgreSQL's
 * undefined_table. */
START_TEST(test_dropped_table)
{
	cop_store *s;
	cop_member *m = NULL;

	if (!have_admin())
		return;
	seed();
	/* (PostgreSQL: the mail addresses' foreign key goes with it.) */
	admin_sql(strncmp(tu_uri(), "postgres", 8) == 0 ?
		"DROP TABLE cop_member CASCADE" : "DROP TABLE cop_member");
	s = tu_open();
	TU_RC(s, COP_ECORRUPT, cop_member_lookup_by_handle(&m, s, "ama"));
	ck_assert_ptr_null(m);
	TU_RC(s, COP_ECORRUPT, cop_member_create(NULL, s, "kofi", "Kofi",
		NULL, NULL));
	ck_assert_ptr_nonnull(strstr(cop_errmsg(s), "cop_member"));
	/* What does not read the table still works. */
	TU_OK(s, cop_community_create(NULL, s, "d", "D", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	tu_close(s);
}
END_TEST

/* ---- the threads replied to, migrated -------------------------------------- */

/* A store whose threads' replied and has_answer an import left 0 (before
 * SQLite's and PostgreSQL's version 34) has them made from the
 * contributions by the step: the facilitator's queue then lists the
 * question nobody else answered as unanswered and the one another
 * member answered as unaccepted, on every engine. */
START_TEST(test_replied_migrated)
{
	cop_thread *t = NULL;
	cop_store *s;
	tu_idbuf kofi, q1, c;
	int u, a;

	if (!have_admin())
		return;
	seed();
	s = tu_open();
	tu_member(s, kofi, "kofi");
	TU_OK(s, cop_community_join(NULL, s, "c", kofi, 0));
	TU_OK(s, cop_thread_create(&t, s, "c", COP_THREAD_QUESTION,
		"Indigo", NULL, NULL, "How long in the vat?"));
	strcpy(q1, cop_thread_id(t));
	cop_thread_free(t);
	TU_OK(s, cop_thread_create(NULL, s, "c", COP_THREAD_QUESTION,
		"Madder", NULL, NULL, "Which mordant?"));
	tu_as(s, kofi);
	tu_contrib(s, c, q1, COP_CONTRIB_ANSWER, NULL, "Three days.");
	tu_close(s);
	admin_sql("UPDATE cop_thread SET replied = 0, has_answer = 0; "
		"UPDATE cop_meta SET value = '33' WHERE key = 'schema_version'");

	s = tu_open();
	tu_queue_matches_facts(s, "c", 4102444800000LL, &u, &a);
	ck_assert_int_eq(u, 1);
	ck_assert_int_eq(a, 1);
	tu_close(s);
}
END_TEST

/* ---- PostgreSQL: the bulk load's step, migrated ---------------------------- */

/* Fails (the DO block raises) unless the health roll-ups' trigger
 * functions of the current schema are (@p guarded 1) or are not (0)
 * those of the bulk-load step: each skips the community cop.bulk names,
 * and cop_health_refill() exists. */
static void pg_assert_bulk_step(int guarded)
{
	char sql[1024];

	snprintf(sql, sizeof(sql), "DO $t$ BEGIN IF (SELECT count(*) FROM "
		"pg_proc WHERE pronamespace = current_schema()::regnamespace "
		"AND proname IN ('cop_health_con', 'cop_health_thread', "
		"'cop_hq_con', 'cop_hq_thread', 'cop_hq_accept', 'cop_hm_day') "
		"AND prosrc LIKE '%%current_setting(''cop.bulk''%%') <> %d OR "
		"(to_regprocedure('cop_health_refill(bytea)') IS NULL) = %s "
		"THEN RAISE EXCEPTION 'not the step''s functions'; END IF; "
		"END $t$", guarded ? 6 : 0, guarded ? "true" : "false");
	admin_sql(sql);
}

/* Fails unless the period totals have (@p present 1) or have not (0) a
 * foreign key (PostgreSQL's version 30 drops the one to the member
 * keys). */
static void pg_assert_rep_fk(int present)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "DO $t$ BEGIN IF (SELECT count(*) FROM "
		"pg_constraint WHERE conrelid = 'cop_rep_sum'::regclass AND "
		"contype = 'f') <> %d THEN RAISE EXCEPTION 'the totals'' "
		"foreign key: not %d'; END IF; END $t$", present, present);
	admin_sql(sql);
}

/* Fail unless cop_contribution's fill factor is @p ff. */
static void pg_assert_fill(int ff)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "DO $t$ BEGIN IF NOT EXISTS (SELECT 1 "
		"FROM pg_class WHERE oid = 'cop_contribution'::regclass AND "
		"'fillfactor=%d' = ANY (reloptions)) THEN RAISE EXCEPTION "
		"'the contributions'' fill factor: not %d'; END IF; END $t$",
		ff, ff);
	admin_sql(sql);
}

/* Fail unless a membership's insert runs the hours' trigger function
 * by the trigger cop_horg_ms_ins with a WHEN (@p split 1), or by
 * cop_horg_ms with its update and delete (0). */
static void pg_assert_horg_split(int split)
{
	char sql[640];

	snprintf(sql, sizeof(sql), "DO $t$ BEGIN IF (SELECT count(*) FROM "
		"pg_trigger WHERE tgrelid = 'cop_membership'::regclass AND "
		"tgname = 'cop_horg_ms_ins' AND tgqual IS NOT NULL) <> %d OR "
		"(SELECT count(*) FROM pg_trigger WHERE tgrelid = "
		"'cop_membership'::regclass AND tgname = 'cop_horg_ms' AND "
		"tgtype & 4 = 4) <> %d THEN RAISE EXCEPTION 'the hours'' "
		"membership trigger: not split %d'; END IF; END $t$",
		split, !split, split);
	admin_sql(sql);
}

/* Fail unless a contribution's vector is made from cop_words() (@p
 * words 1: PostgreSQL's version 33) or from cop_norm() with no
 * cop_words() (0). */
static void pg_assert_words(int words)
{
	char sql[640];

	snprintf(sql, sizeof(sql), "DO $t$ BEGIN IF (SELECT prosrc LIKE "
		"'%%.cop_words($1)%%.cop_words($2)%%' FROM pg_proc WHERE oid = "
		"'cop_tsv(text, text)'::regprocedure) <> %s OR "
		"(to_regprocedure('cop_words(text)') IS NULL) = %s THEN RAISE "
		"EXCEPTION 'cop_tsv(): not from cop_words() %d'; END IF; "
		"END $t$", words ? "true" : "false", words ? "true" : "false",
		words);
	admin_sql(sql);
}

/*
 * PostgreSQL's version 33: cop_words(), which leaves blanks where
 * cop_norm() makes runs of them one space, gives the same vectors as
 * cop_norm() for text that tries every way of joining words the
 * 'simple' parser has (hosts, e-mail addresses, URLs, paths, versions,
 * numbers, hyphens, tags, entities), every blank, and text in other
 * scripts; a cop_words() that let one of them through would make a
 * token of two words (or drop a tag's words) and fail.
 */
START_TEST(test_pg_words_same_vectors)
{
	cop_store *s;

	if (!have_admin() || tu_backend_is_sqlite())
		return;
	seed();
	s = tu_open();
	tu_close(s);
	pg_assert_words(1);
	admin_sql("DO $t$ DECLARE n int; BEGIN SELECT count(*) INTO n FROM "
		"unnest(ARRAY['foo.example.com and bar', 'mail ama@example.org',"
		" 'see https://example.com/a/b?x=1&y=2#top now', '/usr/local/bin"
		" path', 'version 8.3.0-rc1', '-12.5e3 +7 3,000', 'well-known"
		" co-op', '<p class=\"x\">Kente <b>cloth</b></p>', 'x &amp; y "
		"&#233; z', E'tab\\there\\nline\\r\\nend  two  spaces',"
		" E' \\t lead and trail \\n ', E'\\u00a0nbsp\\u2003em\\u3000ideo',"
		" E'Caf\\u00e9 na\\u00efve \\u00c5ngstr\\u00f6m', E'\\u7b14\\u8bb0"
		"\\u672c\\u7535\\u8111 \\u65e5\\u672c\\u8a9e', E'emoji "
		"\\U0001F37A!!! beer', 'under_score don''t a/b a:b a+b a~b a=b',"
		" '', '   ', E'\\t\\n']) x WHERE to_tsvector('simple', cop_words(x)) IS "
		"DISTINCT FROM to_tsvector('simple', cop_norm(x)) OR "
		"cop_tsv(x, x) IS DISTINCT FROM "
		"setweight(to_tsvector('simple', cop_norm(x)), 'A') || "
		"setweight(to_tsvector('simple', cop_norm(x)), 'B'); "
		"IF n <> 0 THEN RAISE EXCEPTION '% texts differ', n; END IF; "
		"END $t$");
}
END_TEST

/*
 * PostgreSQL's step that lets a bulk load skip the health roll-ups'
 * triggers (docs/postgresql.md): a store put back at the version before
 * it (the functions without their guard, no refill, its label) is
 * migrated when opened, and an import into it then leaves roll-ups
 * cop_verify() finds equal to the facts, beside a community written
 * through the API before.
 */
START_TEST(test_pg_bulk_step_migrated)
{
	cop_verify_report *rep = NULL;
	cop_store *s;
	char dir[4096];
	const char *src = getenv("COP_SRCDIR");
	int rc;

	if (!have_admin() || tu_backend_is_sqlite())
		return;
	seed();
	s = tu_open();
	TU_OK(s, cop_thread_create(NULL, s, "c", COP_THREAD_QUESTION,
		"Indigo", NULL, NULL, "How long in the vat?"));
	tu_close(s);
	pg_assert_bulk_step(1);
	pg_assert_rep_fk(0);
	pg_assert_fill(50);
	pg_assert_horg_split(1);
	pg_assert_words(1);
	/* The version before: each function without its guard (and the
	 * indexes of then, which version 27 drops by name, the thread's
	 * health trigger under the name version 28 drops, the totals'
	 * foreign key, which version 30 drops, and the contributions'
	 * fill factor before version 31, its memberships' hours trigger
	 * before version 32, its vectors from cop_norm() before version
	 * 33). */
	admin_sql("ALTER TABLE cop_rep_sum ADD FOREIGN KEY (who) REFERENCES "
		"cop_rep_member (id) ON DELETE CASCADE");
	pg_assert_rep_fk(1);
	admin_sql("ALTER TABLE cop_contribution SET (fillfactor = 85)");
	pg_assert_fill(85);
	admin_sql("DROP TRIGGER cop_horg_ms_ins ON cop_membership; "
		"DROP TRIGGER cop_horg_ms ON cop_membership; CREATE TRIGGER "
		"cop_horg_ms AFTER INSERT OR UPDATE OF status, pledged_hours "
		"OR DELETE ON cop_membership FOR EACH ROW EXECUTE FUNCTION "
		"cop_horg_ms()");
	pg_assert_horg_split(0);
	admin_sql("DO $t$ BEGIN EXECUTE (SELECT format('CREATE OR REPLACE "
		"FUNCTION %I.cop_tsv(text, text) RETURNS tsvector LANGUAGE sql "
		"IMMUTABLE AS %L', current_schema(), replace(prosrc, "
		"'.cop_words($', '.cop_norm($')) FROM pg_proc WHERE oid = "
		"'cop_tsv(text, text)'::regprocedure); END $t$; "
		"DROP FUNCTION cop_words(text)");
	pg_assert_words(0);
	admin_sql("ALTER TRIGGER cop_health_thread_chg ON cop_thread "
		"RENAME TO cop_health_thread_upd; "
		"DROP INDEX cop_contribution_member_kind; "
		"CREATE INDEX cop_contribution_member ON cop_contribution "
		"(community_id, author_id, hidden, created); "
		"CREATE INDEX cop_contribution_community ON cop_contribution "
		"(community_id); CREATE INDEX cop_accept_author ON cop_accept "
		"(community_id, author_id)");
	admin_sql("DO $t$ DECLARE f text; BEGIN FOR f IN SELECT "
		"pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace "
		"= current_schema()::regnamespace AND p.prosrc LIKE "
		"'%current_setting(''cop.bulk''%' AND p.proname <> "
		"'cop_health_refill' LOOP EXECUTE regexp_replace(f, "
		"'IF \\(TG_OP = ''INSERT'' OR encode.*?END IF; ', ''); END LOOP;"
		" END $t$; DROP FUNCTION cop_health_refill(bytea); "
		"UPDATE cop_meta SET value = '24' WHERE key = 'schema_version'");
	pg_assert_bulk_step(0);

	s = tu_open();
	pg_assert_bulk_step(1);
	pg_assert_rep_fk(0);
	pg_assert_fill(50);
	pg_assert_horg_split(1);
	pg_assert_words(1);
	snprintf(dir, sizeof(dir), "%s/tests/data/beer",
		src && *src ? src : SRCDIR_FALLBACK);
	rc = cop_import_stackexchange(NULL, s, dir, NULL);
	if (rc == COP_ENOTSUP) {
		printf("# SKIP the import: libcop built without libxml2\n");
		tu_close(s);
		return;
	}
	TU_OK(s, rc);
	TU_OK(s, cop_verify(&rep, s, NULL, 0));
	ck_assert_msg(cop_verify_report_count(rep) == 0, "verify: %s",
		cop_verify_report_line(rep, 0));
	cop_verify_report_free(rep);
	tu_close(s);
}
END_TEST

/* ---- a full disk --------------------------------------------------------- */

/* SQLite: every connection of this process may grow its file by a few
 * pages only (PRAGMA max_page_count is per connection, so it is set on
 * each as it opens); a write past them fails as on a full disk. */
static int full_pages;

static int full_ext(sqlite3 *db, char **err, const void *api)
{
	char sql[64];

	(void)api;
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %d", full_pages);
	return sqlite3_exec(db, sql, NULL, NULL, err);
}

/* The pages the store's file holds now (its WAL checkpointed). */
static int file_pages(void)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int n;

	ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st,
		NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* A full disk is COP_EFULL (not COP_EIO), names itself, changes
 * nothing, and the store goes on reading. */
START_TEST(test_disk_full)
{
	cop_store *s;
	cop_member *m = NULL;
	char *before, *body;
	int rc = COP_OK, i;

	if (!have_admin())
		return;
	seed();
	if (tu_backend_is_sqlite()) {
		full_pages = file_pages() + 8;
		ck_assert_int_eq(sqlite3_auto_extension((void (*)(void))full_ext),
			SQLITE_OK);
	} else {
		/* PostgreSQL: the server's disk_full (SQLSTATE 53100),
		 * raised where a write would have met it. */
		admin_sql("CREATE FUNCTION cop_test_full() RETURNS trigger "
			"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
			"'could not extend file: No space left on device' USING "
			"ERRCODE = 'disk_full'; END $$; CREATE TRIGGER "
			"cop_test_full BEFORE INSERT ON cop_thread FOR EACH ROW "
			"EXECUTE FUNCTION cop_test_full()");
	}
	s = tu_open();
	before = tu_snapshot(s);
	body = malloc(60000);
	ck_assert_ptr_nonnull(body);
	memset(body, 'x', 59999);
	body[59999] = '\0';
	for (i = 0; i < 100 && rc == COP_OK; i++)
		rc = cop_thread_create(NULL, s, "c", COP_THREAD_DISCUSSION,
			"Big", NULL, NULL, body);
	ck_assert_msg(rc == COP_EFULL, "got %s (%s)", tu_ename(rc),
		cop_errmsg(s));
	ck_assert_int_eq(cop_errcode(s), COP_EFULL);
	ck_assert_str_eq(cop_error_name(COP_EFULL), "COP_EFULL");
	ck_assert_msg(strstr(cop_errmsg(s), "full") ||
		strstr(cop_errmsg(s), "No space"), "%s", cop_errmsg(s));
	if (i == 1) {
		/* The first write failed: nothing changed. */
		char *after = tu_snapshot(s);
		ck_assert_str_eq(after, before);
		free(after);
	}
	/* Reads go on; a write that needs no new page too. */
	TU_OK(s, cop_member_lookup_by_handle(&m, s, "ama"));
	cop_member_free(m);
	tu_close(s);
	if (tu_backend_is_sqlite())
		sqlite3_cancel_auto_extension((void (*)(void))full_ext);
	free(body);
	free(before);
}
END_TEST

/* ---- a store the process cannot write ------------------------------------ */

/* In the child: the store at @p path opens read-only and reads, and a
 * read-write open is COP_EREADONLY.  NULL, or what went wrong. */
static const char *unwritable_checks(const char *path, char *why,
	size_t size)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = NULL;
	cop_member *m = NULL;
	int rc;

	o.flags = COP_OPEN_READONLY;
	o.flags |= COP_OPEN_SYSTEM;
	if ((rc = cop_open(&s, path, &o)) != COP_OK) {
		snprintf(why, size, "read-only open: %s (%s)", tu_ename(rc),
			cop_errmsg(NULL));
		return why;
	}
	rc = cop_member_lookup_by_handle(&m, s, "ama");
	cop_member_free(m);
	if (rc != COP_OK) {
		snprintf(why, size, "read: %s (%s)", tu_ename(rc),
			cop_errmsg(s));
		cop_close(s);
		return why;
	}
	rc = cop_member_create(NULL, s, "kofi", "Kofi", NULL, NULL);
	cop_close(s);
	if (rc != COP_EREADONLY) {
		snprintf(why, size, "write on a read-only open: %s",
			tu_ename(rc));
		return why;
	}
	s = NULL;
	rc = cop_open(&s, path, &tu_system);
	if (rc != COP_EREADONLY || s || !strstr(cop_errmsg(NULL),
	    "open it read-only")) {
		snprintf(why, size, "read-write open: %s (%s)", tu_ename(rc),
			cop_errmsg(NULL));
		cop_close(s);
		return why;
	}
	return NULL;
}

enum { AS_NOBODY, ON_READONLY_MOUNT };

/* Run unwritable_checks() in a child, as nobody or on a read-only bind
 * mount of the store's folder.  Returns 0 when they passed, 77 when the
 * child could not set the case up (a skip, said on stdout), else fails
 * the test with the child's message. */
static int run_unwritable(const char *dir, const char *path, int how)
{
	int fds[2], status;
	char msg[600] = "";
	ssize_t n;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		const char *err;
		char why[512];

		close(fds[0]);
		if (how == AS_NOBODY && geteuid() == 0) {
			struct passwd *pw = getpwnam("nobody");
			if (!pw || setgroups(0, NULL) != 0 ||
			    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
				dprintf(fds[1], "SKIP cannot become nobody");
				_exit(77);
			}
		}
		if (how == ON_READONLY_MOUNT &&
		    (unshare(CLONE_NEWNS) != 0 ||
		     /* (Strings where the kernel ignores them: valgrind
		      * reads every pointer mount() is given.) */
		     mount("none", "/", "", MS_REC | MS_PRIVATE, NULL) != 0 ||
		     mount(dir, dir, "", MS_BIND, NULL) != 0 ||
		     mount("none", dir, "", MS_REMOUNT | MS_BIND | MS_RDONLY,
		           NULL) != 0)) {
			dprintf(fds[1], "SKIP cannot mount read-only: %s",
				strerror(errno));
			_exit(77);
		}
		if (access(path, R_OK) != 0) {
			dprintf(fds[1], "SKIP cannot reach %s as uid %ld", path,
				(long)getuid());
			_exit(77);
		}
		if (how == AS_NOBODY && access(dir, W_OK) == 0) {
			dprintf(fds[1], "SKIP %s is writable (running as root?)",
				dir);
			_exit(77);
		}
		err = unwritable_checks(path, why, sizeof(why));
		if (err)
			dprintf(fds[1], "%s", err);
		_exit(err ? 1 : 0);
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof(msg) - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "the child died: %d", status);
	if (WEXITSTATUS(status) == 77) {
		printf("# SKIP check_faults: %s\n", msg);
		return 77;
	}
	ck_assert_msg(WEXITSTATUS(status) == 0, "%s: %s", how == AS_NOBODY ?
		"in a folder it cannot write" : "on read-only media", msg);
	return 0;
}

/* A WAL store in a folder the process cannot write, and on read-only
 * media: both open read-only and read (the file immutable), both refuse
 * a read-write open with COP_EREADONLY.  Root is made nobody for the
 * first (root writes anywhere); the second needs a mount namespace. */
START_TEST(test_unwritable_folder)
{
	char *path, *dir;

	if (!tu_backend_is_sqlite())
		return;
	seed();
	path = strdup(tu_path());
	dir = strdup(path);
	ck_assert_ptr_nonnull(path);
	ck_assert_ptr_nonnull(dir);
	*strrchr(dir, '/') = '\0';
	/* Everyone may read, nobody but root may write. */
	ck_assert_int_eq(chmod(dir, 0555), 0);
	ck_assert_int_eq(chmod(path, 0444), 0);
	run_unwritable(dir, path, AS_NOBODY);
	if (geteuid() == 0)
		run_unwritable(dir, path, ON_READONLY_MOUNT);
	else
		printf("# SKIP check_faults: read-only media needs root "
			"(a mount namespace)\n");
	ck_assert_int_eq(chmod(dir, 0700), 0);
	free(dir);
	free(path);
}
END_TEST

/* ---- a file whose label is not its shape --------------------------------- */

/* Copy tests/data/@p name to a new path (the caller frees it). */
static char *data_copy(const char *name)
{
	const char *src = getenv("COP_SRCDIR");
	char *from = NULL, *path = tu_sqlite_path_new(), buf[65536];
	FILE *in, *out;
	size_t n;

	ck_assert_int_ge(asprintf(&from, "%s/tests/data/%s",
		src && *src ? src : SRCDIR_FALLBACK, name), 0);
	ck_assert_ptr_nonnull(in = fopen(from, "rb"));
	ck_assert_ptr_nonnull(out = fopen(path, "wb"));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
	free(from);
	return path;
}

/* The file's schema and label, one string (the caller frees it). */
static char *file_shape(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *out;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
		NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT (SELECT value FROM "
		"cop_meta WHERE key = 'schema_version') || ':' || (SELECT "
		"group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master "
		"ORDER BY name))", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	ck_assert_ptr_nonnull(out);
	return out;
}

/* Open @p name relabelled @p label: COP_ECORRUPT naming @p what, and the
 * file left as it was (nothing migrated). */
static void open_mislabelled(const char *name, int label, const char *what)
{
	char *path = data_copy(name), *before, *after, sql[128];
	cop_store *s = NULL;
	sqlite3 *db = NULL;
	int rc;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(tu_sqlite_bulk_community(db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "UPDATE cop_meta SET value = '%d' "
		"WHERE key = 'schema_version'", label);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	before = file_shape(path);
	rc = cop_open(&s, path, &tu_system);
	ck_assert_msg(rc == COP_ECORRUPT, "%s as %d: %s (%s)", name, label,
		tu_ename(rc), cop_errmsg(NULL));
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(cop_errmsg(NULL), what), "%s", cop_errmsg(NULL));
	snprintf(sql, sizeof(sql), "schema version %d", label);
	ck_assert_msg(strstr(cop_errmsg(NULL), sql), "%s", cop_errmsg(NULL));
	after = file_shape(path);
	ck_assert_str_eq(after, before);
	free(after);
	free(before);
	free(path);
}

/* A file's label must be its shape before it is migrated: a version 4
 * file labelled 3 used to be "migrated" again, its contributions'
 * fid overwritten and its search silently broken. */
START_TEST(test_mislabelled_schema)
{
	open_mislabelled("schema4.db", 3, "has cop_contribution.fid");
	open_mislabelled("schema3.db", 4, "lacks cop_contribution.fid");
	open_mislabelled("schema4.db", 2, "has cop_link");
	open_mislabelled("schema4.db", 5, "lacks cop_thread.answered");
}
END_TEST

/* A full-text index that no longer matches its contributions (here a
 * row's fid moved behind the triggers' back, as a mislabelled migration
 * did) is reported by cop_verify() and rebuilt by its repair. */
START_TEST(test_verify_search_index)
{
	cop_verify_report *rep = NULL;
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	cop_thread *t = NULL;
	cop_store *s;

	if (!tu_backend_is_sqlite())
		return;
	seed();
	s = tu_open();
	TU_OK(s, cop_thread_create(&t, s, "c", COP_THREAD_DISCUSSION, "Kente",
		NULL, NULL, "weaving mosaic patterns"));
	TU_OK(s, cop_verify(&rep, s, NULL, 0));
	ck_assert_uint_eq(cop_verify_report_count(rep), 0);
	cop_verify_report_free(rep);
	tu_close(s);
	admin_sql("UPDATE cop_contribution SET fid = fid + 1000");

	s = tu_open();
	TU_OK(s, cop_verify(&rep, s, NULL, 0));
	ck_assert_uint_eq(cop_verify_report_count(rep), 1);
	ck_assert_msg(strstr(cop_verify_report_line(rep, 0), "search index"),
		"%s", cop_verify_report_line(rep, 0));
	ck_assert_int_eq(cop_verify_report_repaired(rep), 0);
	cop_verify_report_free(rep);
	/* The repair rebuilds it: found again, and nothing left to say. */
	TU_OK(s, cop_verify(&rep, s, NULL, 1));
	ck_assert_uint_eq(cop_verify_report_count(rep), 1);
	ck_assert_int_eq(cop_verify_report_repaired(rep), 1);
	cop_verify_report_free(rep);
	TU_OK(s, cop_verify(&rep, s, NULL, 0));
	ck_assert_uint_eq(cop_verify_report_count(rep), 0);
	cop_verify_report_free(rep);
	TU_OK(s, cop_search_iter_new(&it, s, "mosaic", NULL));
	TU_OK(s, cop_search_iter_next(&h, it));
	ck_assert_str_eq(cop_search_hit_thread_id(h), cop_thread_id(t));
	cop_search_hit_free(h);
	cop_search_iter_free(it);
	cop_thread_free(t);
	tu_close(s);
}
END_TEST

static Suite *faults_suite(void)
{
	Suite *s = suite_create("faults");
	TCase *tc;

	tc = tu_tcase(s, "engines", loc_setup, loc_teardown);
	tcase_add_test(tc, test_dropped_table);
	tcase_add_test(tc, test_replied_migrated);
	tcase_add_test(tc, test_disk_full);
	tcase_add_test(tc, test_pg_bulk_step_migrated);
	tcase_add_test(tc, test_pg_words_same_vectors);
	tc = tu_tcase(s, "files", loc_setup, loc_teardown);
	tcase_add_test(tc, test_unwritable_folder);
	tcase_add_test(tc, test_mislabelled_schema);
	tcase_add_test(tc, test_verify_search_index);
	return s;
}

int main(void)
{
	return tu_run(faults_suite());
}
