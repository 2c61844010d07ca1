/*
 * sqlite/sqlite.c: the SQLite backend (the default), over libsqlite3.
 *
 * One connection per backend instance, opened in multi-thread mode (a
 * store must not be used by two threads at once).  File databases run in
 * WAL mode with synchronous=NORMAL; every connection gets a busy timeout
 * and foreign_keys=ON.
 *
 * Statements are prepared once per connection, lazily on first use, with
 * SQLITE_PREPARE_PERSISTENT, into b->stmt[] (indexed by the S_* enum
 * below), and reset after each use.  A listing borrows its statement from
 * that cache for as long as it streams rows; when the cached one is
 * already borrowed by another open listing of the same kind, the listing
 * prepares a private statement instead (finalized with the iterator).
 *
 * Transactions nest: the outermost begin is BEGIN IMMEDIATE (the write
 * lock is taken at once, so the reads a transaction makes stay current
 * until it commits), inner ones are SAVEPOINT s<depth>; commit and
 * rollback close the innermost level (RELEASE, or ROLLBACK TO + RELEASE).
 *
 * Schema (version 1, see schema_v1 below).  Every table is prefixed cop_
 * and every row of a community's data carries community_id, so that the
 * data could later be spread by community; keys and listing indexes lead
 * with it where the access path allows (memberships, thread listings,
 * tags, per-community counts).  Ids are 16-byte BLOBs, nil ids are NULL;
 * times are integers (UTC ms).  Small tables are WITHOUT ROWID on their
 * id.  Contributions and revisions, whose bodies may be large, are rowid
 * tables with the body as the last column.  Foreign keys are not
 * declared: the core checks references before it writes, and the rows
 * of one community may later live apart from the members they name.
 *
 * Layout (version 4).  A contribution's explicit INTEGER PRIMARY KEY, rid,
 * is (block << 32) + n: a thread's first contribution takes a new block
 * after every block in use, its later ones the next n in the block of
 * its contributions.  So a thread's rows lie together in the table,
 * however threads interleave in time, and a thread page reads a few
 * neighbouring pages instead of about one a row (on a million
 * contributions, half the time).  The full-text index cannot use rid:
 * FTS5 writes out its pending terms whenever a rowid is not above the
 * last one written, so it is keyed by fid, 1 up in order of writing,
 * with a unique index from fid to the row.  Neither changes on VACUUM.
 * Rows written before version 4 keep their rid (block 0) as their fid;
 * a block would overflow only past 2^32 contributions in one thread, and
 * blocks run out past 2^31 threads.
 *
 * Search.  cop_fts is an FTS5 table (unicode61, diacritics removed) with
 * external content: the view cop_fts_src gives, for each contribution
 * fid, its body and, for the post that opens a thread (kind 0), the
 * thread's title.  Triggers keep it current when a contribution is
 * inserted or its body/kind/thread changes, and when a thread is
 * inserted (after its post) or retitled.  The user's text becomes a
 * query of quoted FTS5 strings (see fts_query()), so no input is a syntax
 * error.  Hits are ranked by -bm25 (title weighted 2, body 1); what the
 * viewer may see is checked against two sets made once per search (the
 * communities it sees, the hidden threads it does not facilitate; a
 * partial index keeps the latter cheap), and titles and snippets are
 * read only for the hits returned, one by one.
 *
 * Tags.  cop_thread_tag (community_id, tag, thread_id) holds one row per
 * tag in use, kept by triggers on cop_thread from its normalised
 * space-separated tags column; stats count its distinct tags.
 *
 * Schema versions.  cop_meta holds 'schema_version' and
 * 'application' = 'libcop'.  migrations[i] takes a database from
 * version i to i + 1 (migrations[0] creates version 1); opening applies
 * every missing step in one transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <unistd.h>
#include <sqlite3.h>

#include "internal.h"
#include "recognition_sql.h"
#include "sql/sql.h"
#include "sql/schema.h"
#include "sqlite/layout.h"

#define SQ_ERRMSG_MAX 512
#define SQ_SP_CACHE 8             /* savepoint levels with cached statements */
#define SQ_BUSY_DEFAULT 5000      /* ms */
#define SQ_CACHE_KIB 16384        /* page cache per connection */
#define SQ_TEMP_STORE "PRAGMA temp_store = MEMORY"
#define SQ_SEARCH_LIMIT 50

/* ---- the schema -------------------------------------------------------- */

/*
 * Pieces that schema version 1 and version 4 both write: the
 * contributions table (version 4 adds fid before the body), its indexes,
 * and the full-text index's view and triggers, whose key column is rid
 * in version 1 and fid from version 4 on.
 */
#define SQ_CON_TABLE(NAME_, FID_) \
	"CREATE TABLE " NAME_ " (" \
	" rid INTEGER PRIMARY KEY," \
	FID_ \
	" id BLOB NOT NULL CHECK (length(id) = 16)," \
	" community_id BLOB NOT NULL," \
	" thread_id BLOB NOT NULL," \
	" author_id BLOB," \
	" kind INTEGER NOT NULL," \
	" reply_to BLOB," \
	" translation_of BLOB," \
	" language TEXT NOT NULL," \
	" format INTEGER NOT NULL," \
	" created INTEGER NOT NULL," \
	" edited INTEGER NOT NULL," \
	" revision INTEGER NOT NULL," \
	" score INTEGER NOT NULL," \
	" body TEXT NOT NULL);\n"
#define SQ_CON_INDEXES \
	"CREATE UNIQUE INDEX cop_contribution_id ON cop_contribution (id);\n" \
	"CREATE INDEX cop_contribution_thread ON cop_contribution" \
	" (thread_id, created, id);\n" \
	"CREATE INDEX cop_contribution_author ON cop_contribution" \
	" (author_id, created, id);\n" \
	"CREATE INDEX cop_contribution_community ON cop_contribution" \
	" (community_id, kind);\n"
/* The full-text index's source: a view (see "Search" above). */
#define SQ_FTS_VIEW(KEY_) \
	"CREATE VIEW cop_fts_src AS SELECT c." KEY_ " AS rid," \
	" CASE WHEN c.kind = 0 THEN t.title END AS title, c.body AS body" \
	" FROM cop_contribution c LEFT JOIN cop_thread t ON t.id = c.thread_id;\n"
#define SQ_FTS_TITLE(ROW_) "CASE WHEN " ROW_ ".kind = 0 THEN (SELECT title " \
	"FROM cop_thread WHERE id = " ROW_ ".thread_id) END"
/* A post stored before its thread was indexed without a title. */
#define SQ_FTS_TRIGGERS(KEY_) \
	"CREATE TRIGGER cop_contribution_fts_ins AFTER INSERT ON cop_contribution" \
	" BEGIN" \
	"  INSERT INTO cop_fts (rowid, title, body) VALUES (new." KEY_ ", " \
	SQ_FTS_TITLE("new") ", new.body);" \
	" END;\n" \
	"CREATE TRIGGER cop_contribution_fts_upd" \
	" AFTER UPDATE OF body, kind, thread_id ON cop_contribution" \
	" WHEN old.body IS NOT new.body OR old.kind IS NOT new.kind" \
	"  OR old.thread_id IS NOT new.thread_id" \
	" BEGIN" \
	"  INSERT INTO cop_fts (cop_fts, rowid, title, body) VALUES ('delete'," \
	"   old." KEY_ ", " SQ_FTS_TITLE("old") ", old.body);" \
	"  INSERT INTO cop_fts (rowid, title, body) VALUES (new." KEY_ ", " \
	SQ_FTS_TITLE("new") ", new.body);" \
	" END;\n" \
	"CREATE TRIGGER cop_thread_fts_ins AFTER INSERT ON cop_thread" \
	" BEGIN" \
	"  INSERT INTO cop_fts (cop_fts, rowid, title, body)" \
	"   SELECT 'delete', c." KEY_ ", NULL, c.body FROM cop_contribution c" \
	"   WHERE c.thread_id = new.id AND c.kind = 0;" \
	"  INSERT INTO cop_fts (rowid, title, body)" \
	"   SELECT c." KEY_ ", new.title, c.body FROM cop_contribution c" \
	"   WHERE c.thread_id = new.id AND c.kind = 0;" \
	" END;\n" \
	"CREATE TRIGGER cop_thread_fts_upd AFTER UPDATE OF title ON cop_thread" \
	" WHEN old.title IS NOT new.title" \
	" BEGIN" \
	"  INSERT INTO cop_fts (cop_fts, rowid, title, body)" \
	"   SELECT 'delete', c." KEY_ ", old.title, c.body FROM cop_contribution c" \
	"   WHERE c.thread_id = old.id AND c.kind = 0;" \
	"  INSERT INTO cop_fts (rowid, title, body)" \
	"   SELECT c." KEY_ ", new.title, c.body FROM cop_contribution c" \
	"   WHERE c.thread_id = new.id AND c.kind = 0;" \
	" END;\n"

static const char schema_v1[] =
	"CREATE TABLE cop_meta ("
	" key TEXT NOT NULL PRIMARY KEY,"
	" value TEXT NOT NULL) WITHOUT ROWID;\n"

	"CREATE TABLE cop_member ("
	" id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),"
	" handle TEXT NOT NULL,"
	" handle_lower TEXT NOT NULL,"      /* lower(handle): handles are ASCII */
	" display_name TEXT NOT NULL,"
	" organisation TEXT,"
	" languages TEXT,"
	" status INTEGER NOT NULL,"
	" created INTEGER NOT NULL) WITHOUT ROWID;\n"
	"CREATE UNIQUE INDEX cop_member_handle ON cop_member (handle_lower);\n"

	"CREATE TABLE cop_community ("
	" id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),"
	" slug TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" purpose TEXT,"
	" language TEXT NOT NULL,"
	" visibility INTEGER NOT NULL,"
	" created INTEGER NOT NULL) WITHOUT ROWID;\n"
	"CREATE UNIQUE INDEX cop_community_slug ON cop_community (slug);\n"

	"CREATE TABLE cop_membership ("
	" community_id BLOB NOT NULL,"
	" member_id BLOB NOT NULL,"
	" role INTEGER NOT NULL,"
	" status INTEGER NOT NULL,"
	" joined INTEGER NOT NULL,"
	" pledged_hours INTEGER NOT NULL,"
	" PRIMARY KEY (community_id, member_id)) WITHOUT ROWID;\n"
	"CREATE INDEX cop_membership_member ON cop_membership (member_id);\n"

	"CREATE TABLE cop_thread ("
	" id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),"
	" community_id BLOB NOT NULL,"
	" author_id BLOB,"
	" kind INTEGER NOT NULL,"
	" state INTEGER NOT NULL,"
	" pinned INTEGER NOT NULL,"         /* state = pinned: 1, else 0 */
	" title TEXT NOT NULL,"
	" tags TEXT NOT NULL,"
	" language TEXT NOT NULL,"
	" created INTEGER NOT NULL,"
	" last_activity INTEGER NOT NULL,"
	" contribution_count INTEGER NOT NULL) WITHOUT ROWID;\n"
	"CREATE INDEX cop_thread_list ON cop_thread"
	" (community_id, pinned, last_activity, id);\n"
	"CREATE INDEX cop_thread_hidden ON cop_thread (community_id)"
	" WHERE state = " COP_SQL_HIDDEN ";\n"

	"CREATE TABLE cop_thread_tag ("
	" community_id BLOB NOT NULL,"
	" tag TEXT NOT NULL,"
	" thread_id BLOB NOT NULL,"
	" PRIMARY KEY (community_id, tag, thread_id)) WITHOUT ROWID;\n"

	SQ_CON_TABLE("cop_contribution", "")
	SQ_CON_INDEXES

	"CREATE TABLE cop_revision ("
	" contribution_id BLOB NOT NULL,"
	" number INTEGER NOT NULL,"
	" community_id BLOB NOT NULL,"
	" author_id BLOB,"
	" created INTEGER NOT NULL,"
	" comment TEXT,"
	" body TEXT NOT NULL,"
	" PRIMARY KEY (contribution_id, number));\n"

	"CREATE TABLE cop_log ("
	" seq INTEGER PRIMARY KEY,"         /* the rowid: 1 up, no gaps */
	" time INTEGER NOT NULL,"
	" actor_id BLOB,"
	" op TEXT NOT NULL,"
	" object_id BLOB,"
	" community_id BLOB);\n"

	/* Full-text search: external content read through a view. */
	SQ_FTS_VIEW("rid")
	"CREATE VIRTUAL TABLE cop_fts USING fts5 (title, body,"
	" content = 'cop_fts_src', content_rowid = 'rid',"
	" tokenize = 'unicode61 remove_diacritics 2');\n"
	SQ_FTS_TRIGGERS("rid")

	/* Tags: the space-separated list made a JSON array (json_quote
	 * escapes everything but the spaces, which become "," separators). */
	"CREATE TRIGGER cop_thread_tag_ins AFTER INSERT ON cop_thread"
	" WHEN new.tags <> ''"
	" BEGIN"
	"  INSERT OR IGNORE INTO cop_thread_tag (community_id, tag, thread_id)"
	"   SELECT new.community_id, j.value, new.id FROM json_each('[' ||"
	"   replace(json_quote(new.tags), ' ', '\",\"') || ']') j"
	"   WHERE j.value <> '';"
	" END;\n"
	"CREATE TRIGGER cop_thread_tag_upd"
	" AFTER UPDATE OF tags, community_id ON cop_thread"
	" WHEN old.tags IS NOT new.tags OR old.community_id IS NOT new.community_id"
	" BEGIN"
	"  DELETE FROM cop_thread_tag WHERE community_id = old.community_id"
	"   AND thread_id = old.id AND tag IN (SELECT j.value FROM json_each('['"
	"   || replace(json_quote(old.tags), ' ', '\",\"') || ']') j);"
	"  INSERT OR IGNORE INTO cop_thread_tag (community_id, tag, thread_id)"
	"   SELECT new.community_id, j.value, new.id FROM json_each('[' ||"
	"   replace(json_quote(new.tags), ' ', '\",\"') || ']') j"
	"   WHERE j.value <> '';"
	" END;\n";

/* The engine's types for sql/schema.h. */
#define SQ_TYPES "BLOB", "INTEGER", "INTEGER", "TEXT", "TEXT", " WITHOUT ROWID"

/* Version 2: recognition (votes, accepted answers, kudos, the reputation
 * ledger, standings, period totals, badges, configuration); see
 * sys/backend.h for the tables and libcop/recognition_sql.h for the
 * statements. */
static const char schema_v2[] =
	COP_SQL_SCHEMA(COP_SQL_SCHEMA_RECOGNITION, SQ_TYPES);

/* Version 3: interoperability.  cop_source remembers the ids an import
 * came with (so importing again changes nothing), cop_link relates
 * threads (related, duplicate), badges may carry a name and class of
 * their own (awarded elsewhere and imported), cop_policy holds a
 * community's policy for erasing a member's contributions, cop_flag the
 * flags raised on contributions, and standings count posts read. */
static const char schema_v3[] =
	COP_SQL_SCHEMA(COP_SQL_SCHEMA_INTEROP, SQ_TYPES);

/* Version 4: a thread's contributions stored together (see "Layout"
 * above).  The table is rebuilt with fid before the body; rows keep
 * their rid, which becomes their fid too, so the full-text index stays
 * as it is.  The view and the triggers that name the table go with it
 * and come back reading fid. */
static const char schema_v4[] =
	"DROP VIEW cop_fts_src;\n"
	"DROP TRIGGER cop_contribution_fts_ins;\n"
	"DROP TRIGGER cop_contribution_fts_upd;\n"
	"DROP TRIGGER cop_thread_fts_ins;\n"
	"DROP TRIGGER cop_thread_fts_upd;\n"
	SQ_CON_TABLE("cop_contribution_v4", " fid INTEGER NOT NULL,")
	"INSERT INTO cop_contribution_v4 (rid, fid, id, community_id, thread_id,"
	" author_id, kind, reply_to, translation_of, language, format, created,"
	" edited, revision, score, body)"
	" SELECT rid, rid, id, community_id, thread_id, author_id, kind,"
	" reply_to, translation_of, language, format, created, edited, revision,"
	" score, body FROM cop_contribution ORDER BY rid;\n"
	"DROP TABLE cop_contribution;\n"
	"ALTER TABLE cop_contribution_v4 RENAME TO cop_contribution;\n"
	SQ_CON_INDEXES
	"CREATE UNIQUE INDEX cop_contribution_fid ON cop_contribution (fid);\n"
	SQ_FTS_VIEW("fid")
	SQ_FTS_TRIGGERS("fid");

/* migrations[i] takes the schema from version i to i + 1. */
static const char *const migrations[] = {
	schema_v1,
	schema_v2,
	schema_v3,
	schema_v4,
};

#define SQ_SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* ---- statements ---------------------------------------------------------- */

/* Column lists: sql/sql.h; the visibility rule: visibility.h. */

enum {
	S_BEGIN, S_COMMIT, S_ROLLBACK,
	S_MEMBER_INS, S_MEMBER_UPD, S_MEMBER_GET, S_MEMBER_BYNAME,
	S_COMM_INS, S_COMM_UPD, S_COMM_GET, S_COMM_BYSLUG,
	S_MS_INS, S_MS_UPD, S_MS_GET,
	S_THR_INS, S_THR_UPD, S_THR_GET, S_THR_ACCESS,
	S_CON_INS, S_CON_UPD, S_CON_GET,
	S_REV_INS, S_REV_GET,
	S_LOG_INS, S_LOG_LAST,
	S_L_MEMBERS, S_L_COMMS, S_L_MS, S_L_THR, S_L_TC, S_L_AC, S_L_REV,
	S_L_LOG,
	S_SEARCH, S_SNIPPET, S_STATS, S_STATS_C,
	S_COUNT
};

typedef struct sq_stmt_def {
	const char *name;
	const char *sql;
} sq_stmt_def;

static const sq_stmt_def stmts[S_COUNT] = {
	[S_BEGIN] = { "begin", "BEGIN IMMEDIATE" },
	[S_COMMIT] = { "commit", "COMMIT" },
	[S_ROLLBACK] = { "rollback", "ROLLBACK" },

	[S_MEMBER_INS] = { "member insert",
		"INSERT INTO cop_member (id, handle, handle_lower, display_name, "
		"organisation, languages, status, created) "
		"VALUES (?1, ?2, lower(?2), ?3, ?4, ?5, ?6, ?7)" },
	[S_MEMBER_UPD] = { "member update",
		"UPDATE cop_member SET handle = ?2, handle_lower = lower(?2), "
		"display_name = ?3, organisation = ?4, languages = ?5, "
		"status = ?6, created = ?7 WHERE id = ?1" },
	[S_MEMBER_GET] = { "member get",
		"SELECT " COP_SQL_MEMBER_COLS " FROM cop_member u WHERE u.id = ?1" },
	[S_MEMBER_BYNAME] = { "member get by handle",
		"SELECT " COP_SQL_MEMBER_COLS " FROM cop_member u "
		"WHERE u.handle_lower = lower(?1)" },

	[S_COMM_INS] = { "community insert",
		"INSERT INTO cop_community (id, slug, name, purpose, language, "
		"visibility, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)" },
	[S_COMM_UPD] = { "community update",
		"UPDATE cop_community SET slug = ?2, name = ?3, purpose = ?4, "
		"language = ?5, visibility = ?6, created = ?7 WHERE id = ?1" },
	[S_COMM_GET] = { "community get",
		"SELECT " COP_SQL_COMM_COLS " FROM cop_community k WHERE k.id = ?1" },
	[S_COMM_BYSLUG] = { "community get by slug",
		"SELECT " COP_SQL_COMM_COLS " FROM cop_community k WHERE k.slug = ?1" },

	[S_MS_INS] = { "membership insert",
		"INSERT INTO cop_membership (community_id, member_id, role, status, "
		"joined, pledged_hours) VALUES (?1, ?2, ?3, ?4, ?5, ?6)" },
	[S_MS_UPD] = { "membership update",
		"UPDATE cop_membership SET role = ?3, status = ?4, joined = ?5, "
		"pledged_hours = ?6 WHERE community_id = ?1 AND member_id = ?2" },
	[S_MS_GET] = { "membership get",
		"SELECT " COP_SQL_MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = ?1 AND m.member_id = ?2" },

	[S_THR_INS] = { "thread insert",
		"INSERT INTO cop_thread (id, community_id, author_id, kind, state, "
		"pinned, title, tags, language, created, last_activity, "
		"contribution_count) VALUES (?1, ?2, ?3, ?4, ?5, ?5 = " COP_SQL_PINNED
		", ?6, ?7, "
		"?8, ?9, ?10, ?11)" },
	[S_THR_UPD] = { "thread update",
		"UPDATE cop_thread SET community_id = ?2, author_id = ?3, "
		"kind = ?4, state = ?5, pinned = ?5 = " COP_SQL_PINNED ", title = ?6, "
		"tags = ?7, "
		"language = ?8, created = ?9, last_activity = ?10, "
		"contribution_count = ?11 WHERE id = ?1" },
	[S_THR_GET] = { "thread get",
		"SELECT " COP_SQL_THR_COLS " FROM cop_thread t WHERE t.id = ?1" },
	[S_THR_ACCESS] = { "thread access",                  /* thread, viewer */
		"SELECT " COP_SQL_THR_COLS ", k.id IS NOT NULL, k.visibility, "
		"m.member_id IS NOT NULL, m.role, m.status FROM cop_thread t "
		"LEFT JOIN cop_community k ON k.id = t.community_id "
		"LEFT JOIN cop_membership m ON m.community_id = t.community_id "
		"AND m.member_id = ?2 WHERE t.id = ?1" },

	[S_CON_INS] = { "contribution insert",  /* rid and fid: layout.h */
		"INSERT INTO cop_contribution (rid, fid, id, thread_id, "
		"community_id, author_id, kind, reply_to, translation_of, language, "
		"body, format, created, edited, revision, score) SELECT "
		SQ_CON_KEYS ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
		"?13, ?14 FROM " SQ_CON_BLOCK("?2") },
	[S_CON_UPD] = { "contribution update",
		"UPDATE cop_contribution SET thread_id = ?2, community_id = ?3, "
		"author_id = ?4, kind = ?5, reply_to = ?6, translation_of = ?7, "
		"language = ?8, body = ?9, format = ?10, created = ?11, "
		"edited = ?12, revision = ?13, score = ?14 WHERE id = ?1" },
	[S_CON_GET] = { "contribution get",
		"SELECT " COP_SQL_CON_COLS " FROM cop_contribution c WHERE c.id = ?1" },

	[S_REV_INS] = { "revision insert",
		"INSERT INTO cop_revision (contribution_id, community_id, number, "
		"author_id, body, comment, created) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)" },
	[S_REV_GET] = { "revision get",
		"SELECT " COP_SQL_REV_COLS " FROM cop_revision r "
		"WHERE r.contribution_id = ?1 AND r.number = ?2" },

	[S_LOG_INS] = { "log append",
		"INSERT INTO cop_log (time, actor_id, op, object_id, community_id) "
		"VALUES (?1, ?2, ?3, ?4, ?5)" },
	[S_LOG_LAST] = { "log last seq",
		"SELECT coalesce(max(seq), 0) FROM cop_log" },

	/* Listings.  Without a cursor the key parameters get a floor below
	 * (or a ceiling above) every row, so one statement serves both. */
	[S_L_MEMBERS] = { "member listing",            /* after, limit */
		"SELECT " COP_SQL_MEMBER_COLS " FROM cop_member u "
		"WHERE u.handle_lower > ?1 ORDER BY u.handle_lower LIMIT ?2" },
	[S_L_COMMS] = { "community listing",           /* viewer, after, limit */
		"SELECT " COP_SQL_COMM_COLS " FROM cop_community k "
		"WHERE k.slug > ?2 AND " COP_SQL_VISIBLE("?1")
		" ORDER BY k.slug LIMIT ?3" },
	[S_L_MS] = { "membership listing",   /* community, role, handle, limit */
		"SELECT " COP_SQL_MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = ?1 AND m.status <> " COP_SQL_MS_LEFT " "
		"AND (m.role < ?2 OR (m.role = ?2 AND u.handle_lower > ?3)) "
		"ORDER BY m.role DESC, u.handle_lower LIMIT ?4" },
	[S_L_THR] = { "thread listing",
		/* community, viewer, pinned, last_activity, id, limit */
		"SELECT " COP_SQL_THR_COLS " FROM cop_thread t "
		"WHERE t.community_id = ?1 "
		"AND (t.pinned, t.last_activity, t.id) < (?3, ?4, ?5) "
		"AND " COP_SQL_SEEN_IN("?2", "?1")
		" ORDER BY t.pinned DESC, t.last_activity DESC, t.id DESC "
		"LIMIT ?6" },
	[S_L_TC] = { "thread contribution listing",  /* thread, created, id, limit */
		"SELECT " COP_SQL_CON_COLS " FROM cop_contribution c "
		"WHERE c.thread_id = ?1 AND (c.created, c.id) > (?2, ?3) "
		"ORDER BY c.created, c.id LIMIT ?4" },
	[S_L_AC] = { "author contribution listing",
		/* author, viewer, created, id, limit */
		"SELECT " COP_SQL_CON_COLS " FROM cop_contribution c "
		"JOIN cop_thread t ON t.id = c.thread_id "
		"JOIN cop_community k ON k.id = c.community_id "
		"WHERE c.author_id = ?1 AND (c.created, c.id) < (?3, ?4) "
		"AND " COP_SQL_VISIBLE("?2") " AND " COP_SQL_SEEN("?2")
		" ORDER BY c.created DESC, c.id DESC LIMIT ?5" },
	[S_L_REV] = { "revision listing",        /* contribution, number, limit */
		"SELECT " COP_SQL_REV_COLS " FROM cop_revision r "
		"WHERE r.contribution_id = ?1 AND r.number > ?2 "
		"ORDER BY r.number LIMIT ?3" },
	[S_L_LOG] = { "log listing",                   /* viewer, seq, limit */
		"SELECT " COP_SQL_LOG_COLS " FROM cop_log l WHERE l.seq > ?2 "
		"AND (l.community_id IS NULL OR ?1 IS NULL OR EXISTS ("
		"SELECT 1 FROM cop_community k WHERE k.id = l.community_id "
		"AND " COP_SQL_VISIBLE("?1") ")) ORDER BY l.seq LIMIT ?3" },

	/* match, community, language, viewer, limit.  Visibility as two sets
	 * made once per search (communities the viewer sees, hidden threads
	 * the viewer does not facilitate), not per matching row; nothing at
	 * all for the system.  Titles and snippets come after the LIMIT. */
	[S_SEARCH] = { "search",
		/* The best ?6 matches by rank first (all of them when ?6 is
		 * -1), then the filters on those rows only: ranking every
		 * match against its contribution row costs a join per match.
		 * When the filters leave fewer than the limit, sq_search's
		 * iterator runs again with ?6 = -1 (see iter_step()).  Ties
		 * are broken by rowid in both steps, so the first run's hits
		 * are a prefix of the second's. */
		"WITH top AS (SELECT rowid AS rid, -bm25(cop_fts, 2.0, 1.0) AS score "
		"FROM cop_fts WHERE cop_fts MATCH ?1 "
		"ORDER BY score DESC, rowid LIMIT ?6) "
		"SELECT top.rid, c.thread_id, c.id, c.community_id, top.score "
		"FROM top JOIN cop_contribution c ON c.fid = top.rid "
		"WHERE (?2 IS NULL OR c.community_id = ?2) "
		"AND (?3 IS NULL OR c.language = ?3) "
		"AND (?4 IS NULL OR (c.community_id IN ("
		"SELECT k.id FROM cop_community k WHERE k.visibility = "
		COP_SQL_PUBLIC " UNION ALL SELECT v.community_id "
		"FROM cop_membership v WHERE v.member_id = ?4 AND "
		COP_SQL_MS_SEEING("v") ") "
		"AND c.thread_id NOT IN (SELECT t.id FROM cop_thread t "
		"WHERE t.state = " COP_SQL_HIDDEN " AND NOT EXISTS (SELECT 1 "
		"FROM cop_membership f WHERE f.community_id = t.community_id "
		"AND f.member_id = ?4 AND " COP_SQL_MS_MODERATING("f") ")))) "
		"ORDER BY top.score DESC, top.rid LIMIT ?5" },
	[S_SNIPPET] = { "search snippet",                /* match, rid, thread */
		"SELECT snippet(cop_fts, 1, '[', ']', '\xe2\x80\xa6', 16), "
		"(SELECT t.title FROM cop_thread t WHERE t.id = ?3) "
		"FROM cop_fts WHERE cop_fts MATCH ?1 AND rowid = ?2" },

	[S_STATS] = { "stats",
		"SELECT (SELECT count(*) FROM cop_member), "
		"(SELECT count(*) FROM cop_community), "
		"(SELECT count(*) FROM cop_thread), "
		"(SELECT count(*) FROM cop_thread WHERE kind = 1), "
		"(SELECT count(*) FROM cop_contribution WHERE kind = 2), "
		"(SELECT count(*) FROM cop_contribution WHERE kind = 3), "
		"(SELECT count(*) FROM cop_contribution), "
		"(SELECT count(DISTINCT tag) FROM cop_thread_tag)" },
	[S_STATS_C] = { "community stats",
		"SELECT (SELECT count(*) FROM cop_membership "
		"WHERE community_id = ?1 AND status IN " COP_SQL_MS_SEES "), "
		"(SELECT count(*) FROM cop_community WHERE id = ?1), "
		"(SELECT count(*) FROM cop_thread WHERE community_id = ?1), "
		"(SELECT count(*) FROM cop_thread WHERE community_id = ?1 "
		"AND kind = 1), "
		"(SELECT count(*) FROM cop_contribution WHERE community_id = ?1 "
		"AND kind = 2), "
		"(SELECT count(*) FROM cop_contribution WHERE community_id = ?1 "
		"AND kind = 3), "
		"(SELECT count(*) FROM cop_contribution WHERE community_id = ?1), "
		"(SELECT count(DISTINCT tag) FROM cop_thread_tag "
		"WHERE community_id = ?1)" },
};

/* ---- the instance ---------------------------------------------------------- */

enum { SP_OPEN, SP_RELEASE, SP_ROLLBACK_TO, SP_OPS };

typedef struct sq_iter sq_iter;

/* Most parameters of one recognition operation. */
#define SQ_ROP_PARAMS 32

typedef struct sq_backend {
	cop_backend base;
	sqlite3 *db;
	int readonly;
	int depth;              /* open transaction levels */
	int lost;               /* SQLite rolled the transaction back itself */
	int borrow;             /* c_text() lends column text (listings) */
	sqlite3_stmt *stmt[S_COUNT];
	unsigned char lent[S_COUNT];   /* borrowed by an open listing */
	sqlite3_stmt *sp[SQ_SP_CACHE][SP_OPS];
	sq_iter *iters;         /* open listings */
	sqlite3_stmt *rstmt[COP_ROP__COUNT];   /* recognition, see sq_rop() */
	unsigned char rlent[COP_ROP__COUNT];
	/* rparam[op][i]: the index of parameter $(i + 1) in op's statement
	 * (0: unused), looked up once when first prepared; rparam_n[op] is
	 * how many were looked up (0: not yet). */
	unsigned char rparam[COP_ROP__COUNT][SQ_ROP_PARAMS];
	unsigned char rparam_n[COP_ROP__COUNT];
	char errmsg[SQ_ERRMSG_MAX];
} sq_backend;

#define SQ(be) ((sq_backend *)(be))

static int sq_fail(sq_backend *b, int code, const char *fmt, ...)
	COP__PRINTF(3, 4);

static int sq_fail(sq_backend *b, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->errmsg, sizeof(b->errmsg), fmt, ap);
	va_end(ap);
	return code;
}

/* The status code for an SQLite result code (extended codes are on). */
static int sq_code(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return COP_OK;
	case SQLITE_CONSTRAINT:
		return rc == SQLITE_CONSTRAINT_UNIQUE ||
		       rc == SQLITE_CONSTRAINT_PRIMARYKEY ? COP_EEXISTS : COP_EIO;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return COP_EBUSY;
	case SQLITE_NOMEM:
		return COP_ENOMEM;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return COP_ECORRUPT;
	case SQLITE_READONLY:
		return COP_EREADONLY;
	default:
		return COP_EIO;
	}
}

/* Record the connection's last error, after "@p what: ". */
static int sq_err(sq_backend *b, int rc, const char *what)
{
	const char *m = b->db ? sqlite3_errmsg(b->db) : sqlite3_errstr(rc);
	int code = sq_code(rc);

	if (code == COP_OK)
		code = COP_EIO;
	if (!m || !*m || !strcmp(m, "not an error"))
		m = sqlite3_errstr(rc);
	snprintf(b->errmsg, sizeof(b->errmsg), "%s: %s", what, m);
	return code;
}

static const char *sq_errmsg(cop_backend *be)
{
	return SQ(be)->errmsg[0] ? SQ(be)->errmsg : "no error";
}

/* The cached statement @p s, prepared on first use. */
static int sq_prep(sq_backend *b, int s, sqlite3_stmt **out)
{
	int rc;

	if (!b->stmt[s]) {
		rc = sqlite3_prepare_v3(b->db, stmts[s].sql, -1,
			SQLITE_PREPARE_PERSISTENT, &b->stmt[s], NULL);
		if (rc != SQLITE_OK) {
			b->stmt[s] = NULL;
			*out = NULL;
			return sq_err(b, rc, stmts[s].name);
		}
	}
	*out = b->stmt[s];
	return COP_OK;
}

/* Step a statement that returns no rows (or ignore them), and reset it. */
static int sq_done(sq_backend *b, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		int code = sq_err(b, rc, what);
		sqlite3_reset(st);
		return code;
	}
	sqlite3_reset(st);
	return COP_OK;
}

/* Run one cached statement without parameters. */
static int sq_run(sq_backend *b, int s)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sq_prep(b, s, &st)) < 0)
		return rc;
	return sq_done(b, st, stmts[s].name);
}

/* ---- parameters and columns --------------------------------------------- */

/* Binding never copies in one-shot statements: the record outlives the
 * step.  Listings bind copies (SQLITE_TRANSIENT). */

static int b_key(sqlite3_stmt *st, int i, const cop_id *id)
{
	return sqlite3_bind_blob(st, i, id->bytes, 16, SQLITE_STATIC);
}

/* An optional id: NULL when nil or absent. */
static int b_id(sqlite3_stmt *st, int i, const cop_id *id)
{
	if (!id || cop_id_is_nil(id))
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_blob(st, i, id->bytes, 16, SQLITE_STATIC);
}

static int b_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static int b_int(sqlite3_stmt *st, int i, int64_t v)
{
	return sqlite3_bind_int64(st, i, v);
}

/* Copying variants for listings. */
static int bt_id(sqlite3_stmt *st, int i, const cop_id *id)
{
	if (!id || cop_id_is_nil(id))
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_blob(st, i, id->bytes, 16, SQLITE_TRANSIENT);
}

static int bt_key(sqlite3_stmt *st, int i, const cop_id *id)
{
	return sqlite3_bind_blob(st, i, id->bytes, 16, SQLITE_TRANSIENT);
}

static int bt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* A BLOB(16) column; NULL gives the nil id. */
static int c_id(sq_backend *b, sqlite3_stmt *st, int col, cop_id *out)
{
	const void *p;

	/* One call in the common case: a blob pointer, then its size;
	 * the type only when there is no pointer (NULL or out of memory). */
	p = sqlite3_column_blob(st, col);
	if (!p) {
		memset(out, 0, sizeof(*out));
		if (sqlite3_column_type(st, col) == SQLITE_NULL)
			return COP_OK;
		if (sqlite3_errcode(b->db) == SQLITE_NOMEM)
			return sq_fail(b, COP_ENOMEM, "out of memory");
		return sq_fail(b, COP_ECORRUPT, "malformed id in column %s",
			sqlite3_column_name(st, col));
	}
	if (sqlite3_column_bytes(st, col) != 16) {
		memset(out, 0, sizeof(*out));
		return sq_fail(b, COP_ECORRUPT, "malformed id in column %s",
			sqlite3_column_name(st, col));
	}
	memcpy(out->bytes, p, 16);
	return COP_OK;
}

/* A text column, cop_strndup'd; NULL stays NULL. */
static int c_text(sq_backend *b, sqlite3_stmt *st, int col, char **out)
{
	const unsigned char *p;

	size_t n;

	*out = NULL;
	p = sqlite3_column_text(st, col);
	if (!p) {
		if (sqlite3_column_type(st, col) == SQLITE_NULL)
			return COP_OK;
		return sq_fail(b, COP_ENOMEM, "out of memory");
	}
	if (b->borrow) {
		/* A listing's row: valid until the iterator steps again
		 * (COP_BACKEND_ITER_BORROWED). */
		*out = (char *)p;
		return COP_OK;
	}
	/* Stored text has no NUL inside (checked on the way in). */
	n = (size_t)sqlite3_column_bytes(st, col);
	if (!(*out = cop_malloc(n + 1)))
		return sq_fail(b, COP_ENOMEM, "out of memory");
	memcpy(*out, p, n + 1);
	return COP_OK;
}

#define c_int(st, col) sqlite3_column_int64((st), (col))

/* Undo a partly filled record: free its strings, unless they are lent. */
static void rec_drop(sq_backend *b, cop_rec_kind kind, void *rec)
{
	if (b->borrow) {
		memset(rec, 0, cop__rec_size(kind));
	} else {
		cop_rec_clear(kind, rec);
	}
}

/* ---- records from rows and to parameters (sql/sql.h) ---------------------- */

typedef struct sq_row {
	sq_backend *b;
	sqlite3_stmt *st;
} sq_row;

static int io_col_id(void *ctx, int col, cop_id *out)
{
	sq_row *r = ctx;
	return c_id(r->b, r->st, col, out);
}

static int io_col_text(void *ctx, int col, char **out)
{
	sq_row *r = ctx;
	return c_text(r->b, r->st, col, out);
}

static int64_t io_col_int(void *ctx, int col)
{
	return sqlite3_column_int64(((sq_row *)ctx)->st, col);
}

/* The binders answer COP_ERROR on failure; the caller reports the
 * connection's error (sq_err) with the statement's name. */
static int io_bind_id(void *ctx, int i, const cop_id *id, int key)
{
	sqlite3_stmt *st = ((sq_row *)ctx)->st;
	return (key ? b_key(st, i, id) : b_id(st, i, id)) == SQLITE_OK ?
		COP_OK : COP_ERROR;
}

static int io_bind_text(void *ctx, int i, const char *s)
{
	return b_text(((sq_row *)ctx)->st, i, s) == SQLITE_OK ?
		COP_OK : COP_ERROR;
}

static int io_bind_int(void *ctx, int i, int64_t v)
{
	return b_int(((sq_row *)ctx)->st, i, v) == SQLITE_OK ?
		COP_OK : COP_ERROR;
}

static const cop_sql_io sq_io = {
	io_col_id, io_col_text, io_col_int,
	io_bind_id, io_bind_text, io_bind_int
};

static int fill_rec(sq_backend *b, cop_rec_kind kind, sqlite3_stmt *st,
	void *rec)
{
	sq_row row = { b, st };
	int rc;

	if (kind < COP_REC_MEMBER || kind > COP_REC_LOG)
		return sq_fail(b, COP_ERROR, "cannot read records of kind %d",
			(int)kind);
	rc = cop__sql_fill(&sq_io, &row, kind, 0, rec, cop__rec_size(kind));
	if (rc < 0)
		rec_drop(b, kind, rec);
	return rc;
}

/* Bind the fields @p rec's insert or update writes. */
static int bind_rec(sq_backend *b, cop_rec_kind kind, sqlite3_stmt *st,
	const void *rec)
{
	sq_row row = { b, st };
	return cop__sql_bind(&sq_io, &row, kind, rec);
}

/* ---- transactions ------------------------------------------------------------ */

/*
 * SQLite rolls a whole transaction back by itself after some errors (out
 * of memory or disk, I/O): notice it, so that later writes do not run
 * outside any transaction and the outermost commit reports the loss.
 */
static int sq_txn_check(sq_backend *b)
{
	if (b->depth > 0 && (b->lost || sqlite3_get_autocommit(b->db))) {
		b->lost = 1;
		return sq_fail(b, COP_EIO, "the transaction was rolled back "
			"after an earlier error");
	}
	return COP_OK;
}

/* SAVEPOINT / RELEASE / ROLLBACK TO s<level>. */
static int sq_savepoint(sq_backend *b, int op, int level)
{
	static const char *const fmt[SP_OPS] = {
		"SAVEPOINT s%d", "RELEASE s%d", "ROLLBACK TO s%d"
	};
	char sql[64];
	int rc;

	snprintf(sql, sizeof(sql), fmt[op], level);
	if (level >= 1 && level <= SQ_SP_CACHE) {
		sqlite3_stmt **st = &b->sp[level - 1][op];
		if (!*st) {
			rc = sqlite3_prepare_v3(b->db, sql, -1,
				SQLITE_PREPARE_PERSISTENT, st, NULL);
			if (rc != SQLITE_OK) {
				*st = NULL;
				return sq_err(b, rc, "savepoint");
			}
		}
		return sq_done(b, *st, "savepoint");
	}
	rc = sqlite3_exec(b->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? COP_OK : sq_err(b, rc, "savepoint");
}

static int sq_begin(cop_backend *be)
{
	sq_backend *b = SQ(be);
	int rc;

	b->errmsg[0] = '\0';
	if (b->readonly)
		return sq_fail(b, COP_EREADONLY, "the store is read-only");
	if (b->depth == 0) {
		if ((rc = sq_run(b, S_BEGIN)) < 0)
			return rc;
		b->lost = 0;
		b->depth = 1;
		return COP_OK;
	}
	if ((rc = sq_txn_check(b)) < 0)
		return rc;
	if ((rc = sq_savepoint(b, SP_OPEN, b->depth)) < 0)
		return rc;
	b->depth++;
	return COP_OK;
}

static int sq_commit(cop_backend *be)
{
	sq_backend *b = SQ(be);
	char keep[SQ_ERRMSG_MAX];
	int rc;

	b->errmsg[0] = '\0';
	if (b->depth == 0)
		return sq_fail(b, COP_ERROR, "commit without a transaction");
	if (b->depth > 1) {
		/* On failure the savepoint stays for the caller's rollback. */
		if ((rc = sq_txn_check(b)) < 0)
			return rc;
		if ((rc = sq_savepoint(b, SP_RELEASE, b->depth - 1)) < 0)
			return rc;
		b->depth--;
		return COP_OK;
	}
	/* The outermost level ends whatever happens. */
	if ((rc = sq_txn_check(b)) < 0) {
		b->depth = 0;
		b->lost = 0;
		return rc;
	}
	rc = sq_run(b, S_COMMIT);
	if (rc < 0 && !sqlite3_get_autocommit(b->db)) {
		memcpy(keep, b->errmsg, sizeof(keep));
		sq_run(b, S_ROLLBACK);
		memcpy(b->errmsg, keep, sizeof(keep));
	}
	b->depth = 0;
	b->lost = 0;
	return rc;
}

static int sq_rollback(cop_backend *be)
{
	sq_backend *b = SQ(be);
	int rc, rc2;

	b->errmsg[0] = '\0';
	if (b->depth == 0)
		return COP_OK;     /* e.g. after a failed outermost commit */
	if (b->depth == 1) {
		b->depth = 0;
		b->lost = 0;
		if (sqlite3_get_autocommit(b->db))
			return COP_OK; /* SQLite rolled it back already */
		return sq_run(b, S_ROLLBACK);
	}
	if (b->lost || sqlite3_get_autocommit(b->db)) {
		b->lost = 1;
		b->depth--;
		return COP_OK;
	}
	rc = sq_savepoint(b, SP_ROLLBACK_TO, b->depth - 1);
	rc2 = sq_savepoint(b, SP_RELEASE, b->depth - 1);
	b->depth--;
	return rc < 0 ? rc : rc2;
}

/* ---- insert, update, get ------------------------------------------------- */

static int sq_insert(cop_backend *be, cop_rec_kind kind, void *rec)
{
	sq_backend *b = SQ(be);
	sqlite3_stmt *st;
	int rc, s;

	b->errmsg[0] = '\0';
	if ((rc = sq_txn_check(b)) < 0)
		return rc;
	switch (kind) {
	case COP_REC_MEMBER: s = S_MEMBER_INS; break;
	case COP_REC_COMMUNITY: s = S_COMM_INS; break;
	case COP_REC_MEMBERSHIP: s = S_MS_INS; break;
	case COP_REC_THREAD: s = S_THR_INS; break;
	case COP_REC_CONTRIBUTION: s = S_CON_INS; break;
	case COP_REC_REVISION: s = S_REV_INS; break;
	case COP_REC_LOG: s = S_LOG_INS; break;
	default:
		return sq_fail(b, COP_ERROR, "cannot insert records of kind %d",
			(int)kind);
	}
	if ((rc = sq_prep(b, s, &st)) < 0)
		return rc;
	if (bind_rec(b, kind, st, rec) < 0)
		return sq_err(b, sqlite3_errcode(b->db), stmts[s].name);
	if ((rc = sq_done(b, st, stmts[s].name)) < 0)
		return rc;
	if (kind == COP_REC_LOG)
		((cop_log_rec *)rec)->seq = sqlite3_last_insert_rowid(b->db);
	return COP_OK;
}

static int sq_update(cop_backend *be, cop_rec_kind kind, const void *rec)
{
	sq_backend *b = SQ(be);
	sqlite3_stmt *st;
	int rc, s;

	b->errmsg[0] = '\0';
	if ((rc = sq_txn_check(b)) < 0)
		return rc;
	switch (kind) {
	case COP_REC_MEMBER: s = S_MEMBER_UPD; break;
	case COP_REC_COMMUNITY: s = S_COMM_UPD; break;
	case COP_REC_MEMBERSHIP: s = S_MS_UPD; break;
	case COP_REC_THREAD: s = S_THR_UPD; break;
	case COP_REC_CONTRIBUTION: s = S_CON_UPD; break;
	default:
		return sq_fail(b, COP_ERROR, "cannot update records of kind %d",
			(int)kind);
	}
	if ((rc = sq_prep(b, s, &st)) < 0)
		return rc;
	if (bind_rec(b, kind, st, rec) < 0)
		return sq_err(b, sqlite3_errcode(b->db), stmts[s].name);
	if ((rc = sq_done(b, st, stmts[s].name)) < 0)
		return rc;
	if (sqlite3_changes(b->db) == 0)
		return sq_fail(b, COP_ENOTFOUND, "%s: no such record",
			stmts[s].name);
	return COP_OK;
}

static int sq_get(cop_backend *be, cop_rec_kind kind, const cop_key *key,
	void *out)
{
	sq_backend *b = SQ(be);
	sqlite3_stmt *st;
	int rc, brc = 0, s;

	b->errmsg[0] = '\0';
	switch (kind) {
	case COP_REC_MEMBER:
		s = key->name ? S_MEMBER_BYNAME : S_MEMBER_GET;
		break;
	case COP_REC_COMMUNITY:
		s = key->name ? S_COMM_BYSLUG : S_COMM_GET;
		break;
	case COP_REC_MEMBERSHIP: s = S_MS_GET; break;
	case COP_REC_THREAD: s = S_THR_GET; break;
	case COP_REC_CONTRIBUTION: s = S_CON_GET; break;
	case COP_REC_REVISION: s = S_REV_GET; break;
	default:
		return sq_fail(b, COP_ERROR, "cannot get records of kind %d",
			(int)kind);
	}
	if ((rc = sq_prep(b, s, &st)) < 0)
		return rc;
	switch (s) {
	case S_MEMBER_BYNAME:
	case S_COMM_BYSLUG:
		brc |= b_text(st, 1, key->name);
		break;
	case S_MS_GET:
		brc |= b_key(st, 1, &key->id);
		brc |= b_key(st, 2, &key->id2);
		break;
	case S_REV_GET:
		brc |= b_key(st, 1, &key->id);
		brc |= b_int(st, 2, key->number);
		break;
	default:
		brc |= b_key(st, 1, &key->id);
		break;
	}
	if (brc != SQLITE_OK)
		return sq_err(b, sqlite3_errcode(b->db), stmts[s].name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rc = fill_rec(b, kind, st, out);
	} else if (rc == SQLITE_DONE) {
		rc = sq_fail(b, COP_ENOTFOUND, "%s: not found", stmts[s].name);
	} else {
		rc = sq_err(b, rc, stmts[s].name);
	}
	sqlite3_reset(st);
	return rc;
}

/* A thread, its community's visibility and the viewer's membership in
 * one statement (and one read transaction). */
static int sq_thread_access(cop_backend *be, const cop_id *thread,
	const cop_id *viewer, cop_thread_rec *rec, cop_access_rec *acc)
{
	sq_backend *b = SQ(be);
	sqlite3_stmt *st;
	int rc, brc;

	b->errmsg[0] = '\0';
	memset(acc, 0, sizeof(*acc));
	if ((rc = sq_prep(b, S_THR_ACCESS, &st)) < 0)
		return rc;
	brc = b_key(st, 1, thread);
	brc |= b_id(st, 2, viewer);
	if (brc != SQLITE_OK)
		return sq_err(b, sqlite3_errcode(b->db), stmts[S_THR_ACCESS].name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rc = fill_rec(b, COP_REC_THREAD, st, rec);
		if (rc == COP_OK) {
			acc->has_community = sqlite3_column_int(st, 11);
			acc->visibility = sqlite3_column_int(st, 12);
			acc->has_membership = sqlite3_column_int(st, 13);
			acc->role = sqlite3_column_int(st, 14);
			acc->status = sqlite3_column_int(st, 15);
		}
	} else if (rc == SQLITE_DONE) {
		rc = sq_fail(b, COP_ENOTFOUND, "%s: not found",
			stmts[S_THR_ACCESS].name);
	} else {
		rc = sq_err(b, rc, stmts[S_THR_ACCESS].name);
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- listings and search -------------------------------------------------- */

struct sq_iter {
	cop_backend_iter base;
	sq_backend *b;          /* NULL once the backend is freed */
	sq_iter *prev, *next;   /* b->iters */
	sqlite3_stmt *st;       /* NULL when over */
	int slot;               /* b->stmt[] index when borrowed, else -1 */
	cop_rec_kind rec_kind;
	int have_row;           /* st is on a row not yet returned */
	int failed;             /* an error ended the listing */
	char *match;            /* search: the FTS5 query */
	int64_t search_k;       /* search: candidates ranked (?6); -1: all */
	int64_t search_limit;   /* search: hits wanted */
	int64_t delivered;      /* search: hits returned so far */
};

static void iter_release(sq_iter *it)
{
	if (!it->st)
		return;
	if (it->slot >= 0) {
		sqlite3_reset(it->st);
		sqlite3_clear_bindings(it->st);
		if (it->b)
			it->b->lent[it->slot] = 0;
	} else {
		sqlite3_finalize(it->st);
	}
	it->st = NULL;
	it->have_row = 0;
}

static void iter_unlink(sq_iter *it)
{
	if (!it->b)
		return;
	if (it->prev)
		it->prev->next = it->next;
	else
		it->b->iters = it->next;
	if (it->next)
		it->next->prev = it->prev;
	it->prev = it->next = NULL;
}

static void iter_free(cop_backend_iter *bi)
{
	sq_iter *it = (sq_iter *)bi;

	if (!it)
		return;
	iter_release(it);
	iter_unlink(it);
	cop_free(it->match);
	cop_free(it);
}

/* Step to the next row: COP_OK with have_row set, COP_ITEROVER, or an error. */
static int iter_step(sq_iter *it)
{
	int rc;

	if (it->have_row)
		return COP_OK;
	if (!it->st)
		return COP_ITEROVER;
	rc = sqlite3_step(it->st);
	if (rc == SQLITE_ROW) {
		it->have_row = 1;
		return COP_OK;
	}
	if (rc == SQLITE_DONE && it->rec_kind == COP_REC_SEARCH_HIT &&
	    it->search_k >= 0 && it->delivered < it->search_limit) {
		/* The filters left too few of the best candidates: rank every
		 * match, and skip the hits already returned (a prefix). */
		int64_t skip = it->delivered;

		it->search_k = -1;
		sqlite3_reset(it->st);
		if (sqlite3_bind_int64(it->st, 6, -1) != SQLITE_OK)
			rc = sqlite3_errcode(it->b->db);
		else
			while ((rc = sqlite3_step(it->st)) == SQLITE_ROW &&
			       skip-- > 0)
				;
		if (rc == SQLITE_ROW) {
			it->have_row = 1;
			return COP_OK;
		}
	}
	if (rc == SQLITE_DONE) {
		iter_release(it);
		return COP_ITEROVER;
	}
	/* Stepping again would start over: the listing ends here. */
	rc = sq_err(it->b, rc, "listing");
	it->failed = rc;
	iter_release(it);
	return rc;
}

static int search_fill(sq_iter *it, cop_search_hit_rec *h);

static int iter_next(cop_backend_iter *bi, void *rec)
{
	sq_iter *it = (sq_iter *)bi;
	int rc;

	if (!it->b)
		return COP_EIO;
	it->b->errmsg[0] = '\0';
	if (it->failed)
		return sq_fail(it->b, it->failed, "the listing failed earlier");
	if ((rc = iter_step(it)) < 0 || rc == COP_ITEROVER)
		return rc;
	if (it->rec_kind == COP_REC_SEARCH_HIT) {
		rc = search_fill(it, rec);
		if (rc == COP_OK)
			it->delivered++;
	} else {
		it->b->borrow = (it->base.flags & COP_BACKEND_ITER_BORROWED) != 0;
		rc = fill_rec(it->b, it->rec_kind, it->st, rec);
		it->b->borrow = 0;
	}
	/* On failure the row stays, to be read again. */
	if (rc < 0)
		return rc;
	it->have_row = 0;
	return COP_OK;
}

/* A new iterator over statement @p s (borrowed when free, else private). */
static int iter_new(sq_backend *b, int s, cop_rec_kind kind, sq_iter **out)
{
	sq_iter *it;
	int rc;

	*out = NULL;
	it = cop_mallocz(sizeof(*it));
	if (!it)
		return sq_fail(b, COP_ENOMEM, "out of memory");
	it->base.next = iter_next;
	it->base.free = iter_free;
	it->b = b;
	it->rec_kind = kind;
	it->slot = -1;
	if (!b->lent[s]) {
		if ((rc = sq_prep(b, s, &it->st)) < 0) {
			cop_free(it);
			return rc;
		}
		it->slot = s;
		b->lent[s] = 1;
	} else {
		rc = sqlite3_prepare_v3(b->db, stmts[s].sql, -1, 0, &it->st, NULL);
		if (rc != SQLITE_OK) {
			rc = sq_err(b, rc, stmts[s].name);
			cop_free(it);
			return rc;
		}
	}
	it->next = b->iters;
	if (b->iters)
		b->iters->prev = it;
	b->iters = it;
	*out = it;
	return COP_OK;
}

static cop_rec_kind list_rec_kind(cop_list_kind k)
{
	switch (k) {
	case COP_LIST_MEMBERS: return COP_REC_MEMBER;
	case COP_LIST_COMMUNITIES: return COP_REC_COMMUNITY;
	case COP_LIST_MEMBERSHIPS: return COP_REC_MEMBERSHIP;
	case COP_LIST_THREADS: return COP_REC_THREAD;
	case COP_LIST_THREAD_CONTRIBS: return COP_REC_CONTRIBUTION;
	case COP_LIST_AUTHOR_CONTRIBS: return COP_REC_CONTRIBUTION;
	case COP_LIST_REVISIONS: return COP_REC_REVISION;
	case COP_LIST_LOG: return COP_REC_LOG;
	}
	return (cop_rec_kind)0;
}

/* Above every id (16 bytes): 17 bytes of 0xff. */
static const unsigned char id_ceiling[17] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

static int sq_list(cop_backend *be, const cop_query *q, cop_backend_iter **out)
{
	sq_backend *b = SQ(be);
	cop_rec_kind rk;
	sq_iter *it;
	sqlite3_stmt *st;
	sqlite3_int64 limit;
	int rc, brc = 0, s, after;

	*out = NULL;
	b->errmsg[0] = '\0';
	rk = list_rec_kind(q->kind);
	switch (q->kind) {
	case COP_LIST_MEMBERS: s = S_L_MEMBERS; break;
	case COP_LIST_COMMUNITIES: s = S_L_COMMS; break;
	case COP_LIST_MEMBERSHIPS: s = S_L_MS; break;
	case COP_LIST_THREADS: s = S_L_THR; break;
	case COP_LIST_THREAD_CONTRIBS: s = S_L_TC; break;
	case COP_LIST_AUTHOR_CONTRIBS: s = S_L_AC; break;
	case COP_LIST_REVISIONS: s = S_L_REV; break;
	case COP_LIST_LOG: s = S_L_LOG; break;
	default:
		return sq_fail(b, COP_ERROR, "unknown listing %d", (int)q->kind);
	}
	if ((rc = iter_new(b, s, rk, &it)) < 0)
		return rc;
	it->base.flags = COP_BACKEND_ITER_BORROWED;
	st = it->st;
	after = q->has_after;
	limit = q->limit ? (sqlite3_int64)q->limit : -1;
	switch (q->kind) {
	case COP_LIST_MEMBERS:
		brc |= bt_text(st, 1, after && q->after_text ? q->after_text : "");
		brc |= b_int(st, 2, limit);
		break;
	case COP_LIST_COMMUNITIES:
		brc |= bt_id(st, 1, q->viewer);
		brc |= bt_text(st, 2, after && q->after_text ? q->after_text : "");
		brc |= b_int(st, 3, limit);
		break;
	case COP_LIST_MEMBERSHIPS:
		brc |= bt_key(st, 1, &q->parent);
		brc |= b_int(st, 2, after ? q->after_num : INT64_MAX);
		brc |= bt_text(st, 3, after && q->after_text ? q->after_text : "");
		brc |= b_int(st, 4, limit);
		break;
	case COP_LIST_THREADS:
		if (q->parent_slug) {
			/* By slug (version 4): the id first, in process. */
			cop_community_rec c;
			cop_key key;
			memset(&key, 0, sizeof(key));
			memset(&c, 0, sizeof(c));
			key.name = q->parent_slug;
			rc = sq_get(&b->base, COP_REC_COMMUNITY, &key, &c);
			if (rc != COP_OK && rc != COP_ENOTFOUND) {
				iter_free(&it->base);
				return rc;
			}
			brc |= rc == COP_OK ? bt_key(st, 1, &c.id) :
				sqlite3_bind_null(st, 1);
			cop_rec_clear(COP_REC_COMMUNITY, &c);
		} else {
			brc |= bt_key(st, 1, &q->parent);
		}
		brc |= bt_id(st, 2, q->viewer);
		if (after) {
			brc |= b_int(st, 3, q->after_num2);
			brc |= b_int(st, 4, q->after_num);
			brc |= bt_key(st, 5, &q->after_id);
		} else {
			brc |= b_int(st, 3, INT64_MAX);
			brc |= b_int(st, 4, INT64_MAX);
			brc |= sqlite3_bind_blob(st, 5, id_ceiling,
				(int)sizeof(id_ceiling), SQLITE_STATIC);
		}
		brc |= b_int(st, 6, limit);
		break;
	case COP_LIST_THREAD_CONTRIBS:
		brc |= bt_key(st, 1, &q->parent);
		if (after) {
			brc |= b_int(st, 2, q->after_num);
			brc |= bt_key(st, 3, &q->after_id);
		} else {
			brc |= b_int(st, 2, INT64_MIN);
			brc |= sqlite3_bind_zeroblob(st, 3, 0);
		}
		brc |= b_int(st, 4, limit);
		break;
	case COP_LIST_AUTHOR_CONTRIBS:
		brc |= bt_key(st, 1, &q->parent);
		brc |= bt_id(st, 2, q->viewer);
		if (after) {
			brc |= b_int(st, 3, q->after_num);
			brc |= bt_key(st, 4, &q->after_id);
		} else {
			brc |= b_int(st, 3, INT64_MAX);
			brc |= sqlite3_bind_blob(st, 4, id_ceiling,
				(int)sizeof(id_ceiling), SQLITE_STATIC);
		}
		brc |= b_int(st, 5, limit);
		break;
	case COP_LIST_REVISIONS:
		brc |= bt_key(st, 1, &q->parent);
		brc |= b_int(st, 2, after ? q->after_num : INT64_MIN);
		brc |= b_int(st, 3, limit);
		break;
	case COP_LIST_LOG:
		brc |= bt_id(st, 1, q->viewer);
		brc |= b_int(st, 2, after ? q->after_num : INT64_MIN);
		brc |= b_int(st, 3, limit);
		break;
	}
	if (brc != SQLITE_OK) {
		rc = sq_err(b, sqlite3_errcode(b->db), stmts[s].name);
		iter_free(&it->base);
		return rc;
	}
	/* The first row now, so that errors show at the start. */
	if ((rc = iter_step(it)) < 0 && rc != COP_ITEROVER) {
		iter_free(&it->base);
		return rc;
	}
	*out = &it->base;
	return COP_OK;
}

/*
 * Turn the user's query into an FTS5 query that cannot be a syntax
 * error: "quoted phrases" and words (runs without blanks or quotes, a
 * trailing '*' asking for a prefix) become FTS5 strings, with inner
 * quotes doubled, joined by spaces (AND).  Units without a letter or
 * digit are dropped.  *out is NULL when nothing is left.
 */
static int fts_query(const char *text, char **out)
{
	const char *s = text;
	size_t len = strlen(text), n = 0;
	char *q;
	int terms = 0;

	*out = NULL;
	q = cop_malloc(len * 7 + 8);
	if (!q)
		return COP_ENOMEM;
	while (*s) {
		const char *u, *e;
		size_t ul, i;
		int prefix = 0, word = 0;

		if ((unsigned char)*s <= ' ') {
			s++;
			continue;
		}
		if (*s == '"') {
			u = s + 1;
			e = strchr(u, '"');
			if (!e)
				e = u + strlen(u);
			ul = (size_t)(e - u);
			s = *e ? e + 1 : e;
			if (*s == '*') {
				prefix = 1;
				s++;
			}
		} else {
			u = s;
			e = s;
			while (*e && (unsigned char)*e > ' ' && *e != '"')
				e++;
			ul = (size_t)(e - u);
			s = e;
			while (ul > 0 && u[ul - 1] == '*') {
				prefix = 1;
				ul--;
			}
		}
		for (i = 0; i < ul; i++) {
			unsigned char c = (unsigned char)u[i];
			if (c >= 0x80 || (c >= '0' && c <= '9') ||
			    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
				word = 1;
				break;
			}
		}
		if (!word)
			continue;
		if (terms++)
			q[n++] = ' ';
		q[n++] = '"';
		for (i = 0; i < ul; i++) {
			char c = u[i];
			if ((unsigned char)c < ' ')
				c = ' ';
			if (c == '"')
				q[n++] = '"';
			q[n++] = c;
		}
		q[n++] = '"';
		if (prefix) {
			q[n++] = ' ';
			q[n++] = '*';
		}
	}
	q[n] = '\0';
	if (!terms) {
		cop_free(q);
		return COP_OK;
	}
	*out = q;
	return COP_OK;
}

static int search_fill(sq_iter *it, cop_search_hit_rec *h)
{
	sq_backend *b = it->b;
	sqlite3_stmt *st = it->st, *sn;
	int rc;

	memset(h, 0, sizeof(*h));
	if ((rc = c_id(b, st, 1, &h->thread_id)) < 0 ||
	    (rc = c_id(b, st, 2, &h->contribution_id)) < 0 ||
	    (rc = c_id(b, st, 3, &h->community_id)) < 0)
		goto fail;
	h->score = sqlite3_column_double(st, 4);
	/* The title and snippet of this hit only. */
	if ((rc = sq_prep(b, S_SNIPPET, &sn)) < 0)
		goto fail;
	if (sqlite3_bind_text(sn, 1, it->match, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(sn, 2, sqlite3_column_int64(st, 0)) != SQLITE_OK ||
	    b_key(sn, 3, &h->thread_id) != SQLITE_OK) {
		rc = sq_err(b, sqlite3_errcode(b->db), stmts[S_SNIPPET].name);
		goto fail;
	}
	rc = sqlite3_step(sn);
	if (rc == SQLITE_ROW) {
		if ((rc = c_text(b, sn, 0, &h->snippet)) == COP_OK)
			rc = c_text(b, sn, 1, &h->title);
	} else if (rc == SQLITE_DONE) {
		rc = COP_OK;
	} else {
		rc = sq_err(b, rc, stmts[S_SNIPPET].name);
	}
	sqlite3_reset(sn);
	if (rc < 0)
		goto fail;
	if ((!h->snippet && !(h->snippet = cop_strdup(""))) ||
	    (!h->title && !(h->title = cop_strdup("")))) {
		rc = sq_fail(b, COP_ENOMEM, "out of memory");
		goto fail;
	}
	return COP_OK;
fail:
	rec_drop(b, COP_REC_SEARCH_HIT, h);
	return rc;
}

static int sq_search(cop_backend *be, const cop_search_query *q,
	cop_backend_iter **out)
{
	sq_backend *b = SQ(be);
	sq_iter *it;
	sqlite3_stmt *st;
	char *match = NULL;
	int rc, brc = 0;

	*out = NULL;
	b->errmsg[0] = '\0';
	if (!q->text)
		return sq_fail(b, COP_EINVAL, "the query has no words");
	if ((rc = fts_query(q->text, &match)) < 0)
		return sq_fail(b, rc, "out of memory");
	if ((rc = iter_new(b, S_SEARCH, COP_REC_SEARCH_HIT, &it)) < 0) {
		cop_free(match);
		return rc;
	}
	it->match = match;
	if (!match) {
		/* No words to look for: nothing matches. */
		iter_release(it);
		*out = &it->base;
		return COP_OK;
	}
	st = it->st;
	brc |= sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	brc |= bt_id(st, 2, &q->community_id);
	brc |= bt_text(st, 3, q->language);
	brc |= bt_id(st, 4, q->viewer);
	it->search_limit = q->limit ? q->limit : SQ_SEARCH_LIMIT;
	/* Without filters every match is a hit: the best `limit` are the
	 * answer.  With filters, rank a few times more and retry with all
	 * when too few pass (iter_step()). */
	it->search_k = (cop_id_is_nil(&q->community_id) && !q->language &&
		!q->viewer) ? it->search_limit : it->search_limit * 4 + 64;
	brc |= b_int(st, 5, it->search_limit);
	brc |= sqlite3_bind_int64(st, 6, it->search_k);
	if (brc != SQLITE_OK) {
		rc = sq_err(b, sqlite3_errcode(b->db), stmts[S_SEARCH].name);
		iter_free(&it->base);
		return rc;
	}
	if ((rc = iter_step(it)) < 0 && rc != COP_ITEROVER) {
		iter_free(&it->base);
		return rc;
	}
	*out = &it->base;
	return COP_OK;
}

/* ---- stats, log ------------------------------------------------------------- */

static int sq_stats(cop_backend *be, const cop_id *community, cop_stats *out)
{
	sq_backend *b = SQ(be);
	sqlite3_stmt *st;
	int rc, s = community ? S_STATS_C : S_STATS;

	b->errmsg[0] = '\0';
	if ((rc = sq_prep(b, s, &st)) < 0)
		return rc;
	if (community && b_key(st, 1, community) != SQLITE_OK)
		return sq_err(b, sqlite3_errcode(b->db), stmts[s].name);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = sq_err(b, rc, stmts[s].name);
		sqlite3_reset(st);
		return rc;
	}
	out->members = c_int(st, 0);
	out->communities = c_int(st, 1);
	out->threads = c_int(st, 2);
	out->questions = c_int(st, 3);
	out->answers = c_int(st, 4);
	out->comments = c_int(st, 5);
	out->contributions = c_int(st, 6);
	out->votes_up = 0;
	out->votes_down = 0;
	out->accepted_answers = 0;
	out->badges_awarded = 0;
	out->tags = c_int(st, 7);
	sqlite3_reset(st);
	return COP_OK;
}

static int sq_log_last_seq(cop_backend *be, int64_t *out)
{
	sq_backend *b = SQ(be);
	sqlite3_stmt *st;
	int rc;

	b->errmsg[0] = '\0';
	*out = 0;
	if ((rc = sq_prep(b, S_LOG_LAST, &st)) < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = c_int(st, 0);
		rc = COP_OK;
	} else {
		rc = sq_err(b, rc, stmts[S_LOG_LAST].name);
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- recognition operations ------------------------------------------------
 *
 * The statements are shared with the PostgreSQL backend
 * (recognition_sql.h) and use $N parameters, bound here by name.  Like
 * listings, an operation returning rows borrows the cached statement
 * while its rows stream, or prepares a private one when it is lent.
 * Rows point into SQLite's column buffers (valid until the next step).
 */

typedef struct sq_rows {
	cop_backend_iter base;
	sq_backend *b;
	sqlite3_stmt *st;
	int slot;               /* rstmt[] index when borrowed, else -1 */
	int done;
} sq_rows;

static void rows_release(sq_rows *r)
{
	if (!r->st)
		return;
	if (r->slot >= 0) {
		sqlite3_reset(r->st);
		sqlite3_clear_bindings(r->st);
		r->b->rlent[r->slot] = 0;
	} else {
		sqlite3_finalize(r->st);
	}
	r->st = NULL;
}

static void rows_free(cop_backend_iter *bi)
{
	sq_rows *r = (sq_rows *)bi;

	if (!r)
		return;
	rows_release(r);
	cop_free(r);
}

static int rows_next(cop_backend_iter *bi, void *rec)
{
	sq_rows *r = (sq_rows *)bi;
	cop_row *row = rec;
	int rc, i, n;

	if (r->done || !r->st)
		return COP_ITEROVER;
	rc = sqlite3_step(r->st);
	if (rc == SQLITE_DONE) {
		r->done = 1;
		rows_release(r);
		return COP_ITEROVER;
	}
	if (rc != SQLITE_ROW) {
		rc = sq_err(r->b, rc, "recognition rows");
		r->done = 1;
		rows_release(r);
		return rc;
	}
	n = sqlite3_column_count(r->st);
	if (n > COP_ROW_MAX)
		n = COP_ROW_MAX;
	memset(row, 0, sizeof(*row));
	row->ncols = (unsigned int)n;
	for (i = 0; i < n; i++) {
		cop_val *v = &row->col[i];
		switch (sqlite3_column_type(r->st, i)) {
		case SQLITE_NULL:
			v->type = COP_VAL_NULL;
			break;
		case SQLITE_INTEGER:
		case SQLITE_FLOAT:
			v->type = COP_VAL_INT;
			v->i = sqlite3_column_int64(r->st, i);
			break;
		case SQLITE_BLOB:
			if ((rc = c_id(r->b, r->st, i, &v->id)) < 0)
				return rc;
			v->type = COP_VAL_ID;
			break;
		default:
			v->type = COP_VAL_TEXT;
			v->text = (const char *)sqlite3_column_text(r->st, i);
			if (!v->text)
				return sq_fail(r->b, COP_ENOMEM, "out of memory");
			break;
		}
	}
	return COP_OK;
}

static int sq_rop(cop_backend *be, int op, const cop_val *params,
	unsigned int n, cop_backend_iter **rows)
{
	sq_backend *b = SQ(be);
	sqlite3_stmt *st = NULL;
	sq_rows *r;
	sqlite3_destructor_type dtor;
	char name[16];
	unsigned int i;
	int rc, brc = 0, idx, slot = -1;

	b->errmsg[0] = '\0';
	if (rows)
		*rows = NULL;
	if (op <= 0 || op >= COP_ROP__COUNT || !rs_stmts[op].sql)
		return sq_fail(b, COP_ERROR, "unknown recognition operation %d", op);
	if ((rc = sq_txn_check(b)) < 0)
		return rc;
	if (!b->rlent[op]) {
		if (!b->rstmt[op]) {
			rc = sqlite3_prepare_v3(b->db, rs_stmts[op].sql, -1,
				SQLITE_PREPARE_PERSISTENT, &b->rstmt[op], NULL);
			if (rc != SQLITE_OK) {
				b->rstmt[op] = NULL;
				return sq_err(b, rc, rs_stmts[op].name);
			}
		}
		st = b->rstmt[op];
		slot = op;
	} else {
		rc = sqlite3_prepare_v3(b->db, rs_stmts[op].sql, -1, 0, &st, NULL);
		if (rc != SQLITE_OK)
			return sq_err(b, rc, rs_stmts[op].name);
	}
	if (n > SQ_ROP_PARAMS) {
		rc = sq_fail(b, COP_ERROR, "%s: more than %d parameters",
			rs_stmts[op].name, SQ_ROP_PARAMS);
		goto fail;
	}
	/* Names are looked up once per operation, not per call. */
	if (b->rparam_n[op] < SQ_ROP_PARAMS) {
		for (i = 0; i < SQ_ROP_PARAMS; i++) {
			snprintf(name, sizeof(name), "$%u", i + 1);
			idx = sqlite3_bind_parameter_index(st, name);
			b->rparam[op][i] = (unsigned char)(idx > 0 ? idx : 0);
		}
		b->rparam_n[op] = SQ_ROP_PARAMS;
	}
	/* Stepped here (no rows): the caller's values outlive the step. */
	dtor = rows ? SQLITE_TRANSIENT : SQLITE_STATIC;
	for (i = 0; i < n; i++) {
		if ((idx = b->rparam[op][i]) <= 0)
			continue;
		switch (params[i].type) {
		case COP_VAL_INT:
			brc |= sqlite3_bind_int64(st, idx, params[i].i);
			break;
		case COP_VAL_ID:
			brc |= cop_id_is_nil(&params[i].id) ?
				sqlite3_bind_null(st, idx) :
				sqlite3_bind_blob(st, idx, params[i].id.bytes, 16,
					dtor);
			break;
		case COP_VAL_KEY:
			brc |= sqlite3_bind_blob(st, idx, params[i].id.bytes, 16,
				dtor);
			break;
		case COP_VAL_TEXT:
			brc |= params[i].text ? sqlite3_bind_text(st, idx,
				params[i].text, -1, dtor) :
				sqlite3_bind_null(st, idx);
			break;
		default:
			brc |= sqlite3_bind_null(st, idx);
			break;
		}
	}
	if (brc != SQLITE_OK) {
		rc = sq_err(b, sqlite3_errcode(b->db), rs_stmts[op].name);
		goto fail;
	}
	if (!rows) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			rc = sq_err(b, rc, rs_stmts[op].name);
			goto fail;
		}
		rc = COP_OK;
		goto fail;      /* not a failure: release the statement */
	}
	r = cop_mallocz(sizeof(*r));
	if (!r) {
		rc = sq_fail(b, COP_ENOMEM, "out of memory");
		goto fail;
	}
	r->base.next = rows_next;
	r->base.free = rows_free;
	r->b = b;
	r->st = st;
	r->slot = slot;
	if (slot >= 0)
		b->rlent[slot] = 1;
	*rows = &r->base;
	return COP_OK;
fail:
	if (slot >= 0) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else {
		sqlite3_finalize(st);
	}
	return rc;
}

/* ---- opening, schema ---------------------------------------------------- */

static int sq_exec(sq_backend *b, const char *sql, const char *what)
{
	int rc = sqlite3_exec(b->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? COP_OK : sq_err(b, rc, what);
}

/*
 * What the database holds: *version 0 and *objects the number of schema
 * objects when there is no cop_meta; else the stored version (> 0).
 * COP_ECORRUPT when the file is not SQLite or cop_meta is not libcop's.
 */
static int sq_probe(sq_backend *b, int *version, int *objects)
{
	static const char probe[] =
		"SELECT (SELECT count(*) FROM sqlite_master), "
		"(SELECT count(*) FROM sqlite_master "
		"WHERE type = 'table' AND name = 'cop_meta')";
	static const char meta[] =
		"SELECT (SELECT value FROM cop_meta WHERE key = 'schema_version'), "
		"(SELECT value FROM cop_meta WHERE key = 'application')";
	sqlite3_stmt *st = NULL;
	const char *v, *app;
	char *end, why[256];
	long n;
	int rc, code, has_meta;

	*version = 0;
	*objects = 0;
	rc = sqlite3_prepare_v2(b->db, probe, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		code = sq_code(rc);
		snprintf(why, sizeof(why), "%s", sqlite3_errmsg(b->db));
		sqlite3_finalize(st);
		if (code == COP_ECORRUPT)
			return sq_fail(b, COP_ECORRUPT, "not a libcop database "
				"(%s)", why);
		return sq_fail(b, code == COP_OK ? COP_EIO : code,
			"reading the schema: %s", why);
	}
	*objects = sqlite3_column_int(st, 0);
	has_meta = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	if (!has_meta)
		return COP_OK;

	rc = sqlite3_prepare_v2(b->db, meta, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		code = sq_code(rc);
		snprintf(why, sizeof(why), "%s", sqlite3_errmsg(b->db));
		sqlite3_finalize(st);
		/* SQLITE_ERROR: a cop_meta without libcop's columns. */
		if (code == COP_ECORRUPT || (rc & 0xff) == SQLITE_ERROR)
			return sq_fail(b, COP_ECORRUPT, "not a libcop database "
				"(cop_meta: %s)", why);
		return sq_fail(b, code == COP_OK ? COP_EIO : code,
			"reading cop_meta: %s", why);
	}
	v = (const char *)sqlite3_column_text(st, 0);
	app = (const char *)sqlite3_column_text(st, 1);
	if (!app || strcmp(app, "libcop") != 0 || !v) {
		sqlite3_finalize(st);
		return sq_fail(b, COP_ECORRUPT, "not a libcop database "
			"(cop_meta has no libcop schema_version)");
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || end == v || n <= 0 || n > 1000000) {
		sqlite3_finalize(st);
		return sq_fail(b, COP_ECORRUPT, "not a libcop database "
			"(bad schema_version \"%.40s\")", v);
	}
	sqlite3_finalize(st);
	*version = (int)n;
	return COP_OK;
}

/* Connection settings, once the file is known to be ours (or empty). */
static int sq_pragmas(sq_backend *b, int memory)
{
	char sql[256];
	int rc;

	snprintf(sql, sizeof(sql), "PRAGMA foreign_keys = ON; "
		SQ_TEMP_STORE "; PRAGMA cache_size = -%d",
		SQ_CACHE_KIB);
	if ((rc = sq_exec(b, sql, "setting up the connection")) < 0)
		return rc;
	if (b->readonly)
		return COP_OK;
	if (!memory && (rc = sq_exec(b, "PRAGMA journal_mode = WAL",
	                             "setting WAL mode")) < 0)
		return rc;
	return sq_exec(b, "PRAGMA synchronous = NORMAL",
		"setting up the connection");
}

static int sq_migrate(sq_backend *b);

/* Open, create or migrate the schema according to @p flags. */
static int sq_schema(sq_backend *b, unsigned int flags, int memory)
{
	int rc, version, objects;

	if ((rc = sq_probe(b, &version, &objects)) < 0)
		return rc;
	if (version == 0 && objects > 0)
		return sq_fail(b, COP_ECORRUPT, "not a libcop database "
			"(it has tables but no cop_meta)");
	if (version > SQ_SCHEMA_VERSION)
		return sq_fail(b, COP_EVERSION, "schema version %d is newer than "
			"this library's (%d)", version, SQ_SCHEMA_VERSION);
	if ((rc = sq_pragmas(b, memory)) < 0)
		return rc;
	if (version == SQ_SCHEMA_VERSION)
		return COP_OK;
	if (version == 0 && (flags & (COP_OPEN_NOCREATE | COP_OPEN_READONLY)))
		return sq_fail(b, COP_ENOTFOUND, "no libcop database here "
			"(the file is empty)");
	if (b->readonly)
		return sq_fail(b, COP_EVERSION, "schema version %d is older than "
			"this library's (%d): open it once read-write to migrate",
			version, SQ_SCHEMA_VERSION);

	/* A migration may rewrite a whole table (version 4 does), and the
	 * statement journal that its DROP TABLE keeps is as large as the
	 * table: in a file, not in memory (SQ_TEMP_STORE otherwise). */
	if ((rc = sq_exec(b, "PRAGMA temp_store = FILE",
	                  "setting up the migration")) < 0)
		return rc;
	rc = sq_migrate(b);
	if (rc == COP_OK)
		rc = sq_exec(b, SQ_TEMP_STORE,
			"setting up the connection");
	return rc;
}

/* Create or migrate the schema in one transaction. */
static int sq_migrate(sq_backend *b)
{
	char sql[200], keep[SQ_ERRMSG_MAX];
	int rc, version, objects;

	/* Look again under the lock: another process may have done it
	 * meanwhile. */
	if ((rc = sq_exec(b, "BEGIN IMMEDIATE", "begin")) < 0)
		return rc;
	if ((rc = sq_probe(b, &version, &objects)) < 0)
		goto fail;
	if (version == 0 && objects > 0) {
		rc = sq_fail(b, COP_ECORRUPT, "not a libcop database "
			"(it has tables but no cop_meta)");
		goto fail;
	}
	if (version > SQ_SCHEMA_VERSION) {
		rc = sq_fail(b, COP_EVERSION, "schema version %d is newer than "
			"this library's (%d)", version, SQ_SCHEMA_VERSION);
		goto fail;
	}
	if (version < SQ_SCHEMA_VERSION) {
		for (; version < SQ_SCHEMA_VERSION; version++) {
			snprintf(sql, sizeof(sql), "migrating the schema to version %d",
				version + 1);
			if ((rc = sq_exec(b, migrations[version], sql)) < 0)
				goto fail;
		}
		snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO cop_meta "
			"(key, value) VALUES ('schema_version', '%d'), "
			"('application', 'libcop')", SQ_SCHEMA_VERSION);
		if ((rc = sq_exec(b, sql, "writing cop_meta")) < 0)
			goto fail;
	}
	if ((rc = sq_exec(b, "COMMIT", "commit")) < 0)
		goto fail;
	return COP_OK;
fail:
	memcpy(keep, b->errmsg, sizeof(keep));
	if (!sqlite3_get_autocommit(b->db))
		sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
	memcpy(b->errmsg, keep, sizeof(keep));
	return rc;
}

static void sq_free(cop_backend *be)
{
	sq_backend *b = SQ(be);
	sq_iter *it;
	int i, j;

	if (!b)
		return;
	/* Listings still open lose their statements (and their backend). */
	while ((it = b->iters) != NULL) {
		iter_release(it);
		iter_unlink(it);
		it->b = NULL;
	}
	if (b->db && !sqlite3_get_autocommit(b->db))
		sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(b->stmt[i]);
	for (i = 0; i < COP_ROP__COUNT; i++)
		sqlite3_finalize(b->rstmt[i]);
	for (i = 0; i < SQ_SP_CACHE; i++)
		for (j = 0; j < SP_OPS; j++)
			sqlite3_finalize(b->sp[i][j]);
	if (b->db)
		sqlite3_close_v2(b->db);
	cop_free(b);
}

static int open_fail(sq_backend *b, int rc, char **errmsg)
{
	if (errmsg)
		*errmsg = cop_strdup(b->errmsg[0] ? b->errmsg : cop_strerror(rc));
	sq_free(&b->base);
	return rc;
}

int cop__sqlite_open(cop_backend **out, const char *uri,
	const cop_open_options *opts, char **errmsg)
{
	sq_backend *b;
	unsigned int flags = opts ? opts->flags : 0;
	const char *path;
	int rc, oflags, memory;

	if (out)
		*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!out || !uri)
		return COP_EINVAL;
	if (!strncasecmp(uri, "sqlite://", 9))
		path = uri + 9;
	else if (!strncasecmp(uri, "sqlite:", 7))
		path = uri + 7;
	else
		path = uri;
	if (!*path) {
		if (errmsg)
			*errmsg = cop_strdup("the SQLite URI has no path");
		return COP_EINVAL;
	}
	memory = !strcmp(path, ":memory:");

	b = cop_mallocz(sizeof(*b));
	if (!b)
		return COP_ENOMEM;
	b->base.version = COP_BACKEND_VERSION;
	b->base.name = "sqlite";
	b->base.free = sq_free;
	b->base.errmsg = sq_errmsg;
	b->base.begin = sq_begin;
	b->base.commit = sq_commit;
	b->base.rollback = sq_rollback;
	b->base.insert = sq_insert;
	b->base.update = sq_update;
	b->base.get = sq_get;
	b->base.list = sq_list;
	b->base.search = sq_search;
	b->base.stats = sq_stats;
	b->base.log_last_seq = sq_log_last_seq;
	b->base.rop = sq_rop;
	b->base.thread_access = sq_thread_access;
	b->readonly = (flags & COP_OPEN_READONLY) != 0;

	oflags = SQLITE_OPEN_NOMUTEX;
	if (b->readonly)
		oflags |= SQLITE_OPEN_READONLY;
	else if (flags & COP_OPEN_NOCREATE)
		oflags |= SQLITE_OPEN_READWRITE;
	else
		oflags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (!strncmp(path, "file:", 5))
		oflags |= SQLITE_OPEN_URI;
	rc = sqlite3_open_v2(path, &b->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		if (!b->db || (rc & 0xff) == SQLITE_NOMEM)
			return open_fail(b, sq_fail(b, COP_ENOMEM, "out of memory"),
				errmsg);
		if ((rc & 0xff) == SQLITE_CANTOPEN &&
		    (flags & (COP_OPEN_NOCREATE | COP_OPEN_READONLY)) &&
		    !memory && oflags == (oflags & ~SQLITE_OPEN_URI) &&
		    access(path, F_OK) != 0 && errno == ENOENT)
			return open_fail(b, sq_fail(b, COP_ENOTFOUND,
				"no database at %.400s", path), errmsg);
		rc = sq_err(b, rc, "opening the database");
		if (rc != COP_ECORRUPT && rc != COP_EBUSY && rc != COP_EREADONLY)
			rc = COP_EIO;
		return open_fail(b, rc, errmsg);
	}
	sqlite3_extended_result_codes(b->db, 1);
	sqlite3_busy_timeout(b->db, opts && opts->busy_timeout_ms > 0 ?
		opts->busy_timeout_ms : SQ_BUSY_DEFAULT);
	if ((rc = sq_schema(b, flags, memory)) < 0)
		return open_fail(b, rc, errmsg);
	b->errmsg[0] = '\0';
	*out = &b->base;
	return COP_OK;
}
