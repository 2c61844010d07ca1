/*
 * sqlite/schema.c: the SQLite backend's schema, its migrations, and
 * opening a database at the current version.
 *
 * Schema (the core tables' columns: sql/tables.h; the tables, indexes,
 * full-text index and triggers: schema_core below).  Every table is
 * prefixed cop_ and every row of a community's data carries
 * community_id, so that the data could later be spread by community;
 * keys and listing indexes lead with it where the access path allows
 * (memberships, thread listings, tags, per-community counts).  Ids are
 * 16-byte BLOBs, nil ids are NULL; times are integers (UTC ms).  Small
 * tables are WITHOUT ROWID on their id.  Contributions and revisions,
 * whose bodies may be large, are rowid tables with the body as the last
 * column.  Foreign keys are not declared: the core checks references
 * before it writes, and the rows of one community may later live apart
 * from the members they name.
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
 * Search.  cop_fts is an FTS5 table (unicode61, diacritics removed; from
 * version 27 the tokenizer "cop", which makes CJK runs bigrams) with
 * external content: the view cop_fts_src gives, for each contribution
 * fid, its text (cop_text() of its format and body: an HTML body without
 * its markup, see sqlite/search.c; from version 27) and, for the post
 * that opens a thread (kind 0), the thread's title.  Triggers keep it current when a contribution is
 * inserted or its body/kind/thread changes, and when a thread is
 * inserted (after its post) or retitled; from version 28 they leave
 * alone the rows a bulk load wrote, indexed at its end (sq_fts_hold()).  The user's text becomes a
 * query of quoted FTS5 strings (see sq_fts_query()), so no input is a syntax
 * error.  Hits are ranked by -bm25 (title weighted 2, body 1); what the
 * viewer may see is checked against two sets made once per search (the
 * communities it sees, the hidden threads it does not facilitate; a
 * partial index keeps the latter cheap), and titles and snippets are
 * read only for the hits returned, one by one.
 *
 * Health roll-ups (sql/schema.h: cop_health_day, cop_health_member_day,
 * cop_health_question, cop_health_member) are kept by triggers; from
 * version 29 they leave alone the rows of a bulk load's community,
 * whose roll-ups its end makes again from the facts (sq_bulk_refill()).
 *
 * Tags.  cop_thread_tag (community_id, tag, thread_id) holds one row per
 * tag in use, kept by triggers on cop_thread from its normalised
 * space-separated tags column; stats count its distinct tags.
 *
 * Schema versions.  cop_meta holds 'schema_version' and
 * 'application' = 'libcop'.  A new database is created at the current
 * version (schema_new); migrations[i] takes an existing one from
 * version i to i + 1; opening applies every missing step in one
 * transaction, once the file's tables and columns are known to be
 * those of its label (sq_marks: a new step adds its mark there).  A
 * migration step is history: it writes what its version changed, in
 * the words of that version, and is never edited after.
 */

#include "sqlite/sq.h"
#include "sql/schema.h"
#include "sqlite/layout.h"

/* ---- the schema -------------------------------------------------------- */

/*
 * Pieces that a new database and the version 4 migration both write:
 * the contributions table's indexes, and the full-text index's view and
 * triggers, whose key column was rid in version 1 and is fid from
 * version 4 on.  SQ_CON_V4 is the contributions table as version 4
 * rebuilt it (history: a later column is added by a later step).
 */
#define SQ_CON_V4(NAME_) \
	"CREATE TABLE " NAME_ " (" \
	" rid INTEGER PRIMARY KEY," \
	" fid INTEGER NOT NULL," \
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
/* The full-text index's source: a view (see "Search" above).  BODY_
 * gives what is indexed of a contribution's row: its body up to version
 * 26, its text (cop_text(), see sqlite/search.c) from version 27. */
#define SQ_FTS_VIEW_OF(KEY_, BODY_) \
	"CREATE VIEW cop_fts_src AS SELECT c." KEY_ " AS rid," \
	" CASE WHEN c.kind = 0 THEN t.title END AS title, " BODY_("c") " AS body" \
	" FROM cop_contribution c LEFT JOIN cop_thread t ON t.id = c.thread_id;\n"
#define SQ_FTS_TITLE(ROW_) "CASE WHEN " ROW_ ".kind = 0 THEN (SELECT title " \
	"FROM cop_thread WHERE id = " ROW_ ".thread_id) END"
/* A post stored before its thread was indexed without a title. */
#define SQ_FTS_TRIGGERS_OF(KEY_, BODY_) \
	"CREATE TRIGGER cop_contribution_fts_ins AFTER INSERT ON cop_contribution" \
	" BEGIN" \
	"  INSERT INTO cop_fts (rowid, title, body) VALUES (new." KEY_ ", " \
	SQ_FTS_TITLE("new") ", " BODY_("new") ");" \
	" END;\n" \
	"CREATE TRIGGER cop_contribution_fts_upd" \
	" AFTER UPDATE OF body, kind, thread_id ON cop_contribution" \
	" WHEN old.body IS NOT new.body OR old.kind IS NOT new.kind" \
	"  OR old.thread_id IS NOT new.thread_id" \
	" BEGIN" \
	"  INSERT INTO cop_fts (cop_fts, rowid, title, body) VALUES ('delete'," \
	"   old." KEY_ ", " SQ_FTS_TITLE("old") ", " BODY_("old") ");" \
	"  INSERT INTO cop_fts (rowid, title, body) VALUES (new." KEY_ ", " \
	SQ_FTS_TITLE("new") ", " BODY_("new") ");" \
	" END;\n" \
	"CREATE TRIGGER cop_thread_fts_ins AFTER INSERT ON cop_thread" \
	" BEGIN" \
	"  INSERT INTO cop_fts (cop_fts, rowid, title, body)" \
	"   SELECT 'delete', c." KEY_ ", NULL, " BODY_("c") \
	" FROM cop_contribution c" \
	"   WHERE c.thread_id = new.id AND c.kind = 0;" \
	"  INSERT INTO cop_fts (rowid, title, body)" \
	"   SELECT c." KEY_ ", new.title, " BODY_("c") " FROM cop_contribution c" \
	"   WHERE c.thread_id = new.id AND c.kind = 0;" \
	" END;\n" \
	"CREATE TRIGGER cop_thread_fts_upd AFTER UPDATE OF title ON cop_thread" \
	" WHEN old.title IS NOT new.title" \
	" BEGIN" \
	"  INSERT INTO cop_fts (cop_fts, rowid, title, body)" \
	"   SELECT 'delete', c." KEY_ ", old.title, " BODY_("c") \
	" FROM cop_contribution c" \
	"   WHERE c.thread_id = old.id AND c.kind = 0;" \
	"  INSERT INTO cop_fts (rowid, title, body)" \
	"   SELECT c." KEY_ ", new.title, " BODY_("c") " FROM cop_contribution c" \
	"   WHERE c.thread_id = new.id AND c.kind = 0;" \
	" END;\n"
/* The body as it is (versions 1 to 26), and its text (version 27). */
#define SQ_FTS_BODY(ROW_) ROW_ ".body"
#define SQ_FTS_TEXT(ROW_) "cop_text(" ROW_ ".format, " ROW_ ".body)"
#define SQ_FTS_VIEW(KEY_) SQ_FTS_VIEW_OF(KEY_, SQ_FTS_BODY)
#define SQ_FTS_TRIGGERS(KEY_) SQ_FTS_TRIGGERS_OF(KEY_, SQ_FTS_BODY)
/* The full-text table from version 27: its tokenizer, "cop", is
 * unicode61 with CJK runs made bigrams (sqlite/search.c). */
#define SQ_FTS_TABLE \
	"CREATE VIRTUAL TABLE cop_fts USING fts5 (title, body," \
	" content = 'cop_fts_src', content_rowid = 'rid'," \
	" tokenize = 'cop');\n"

/* Hidden threads, which the listing's visibility test looks up (a new
 * database and the version 5 migration). */
#define SQ_THREAD_HIDDEN_INDEX \
	"CREATE INDEX cop_thread_hidden ON cop_thread (community_id)" \
	" WHERE " COP_SQL_THREAD_HIDDEN("cop_thread") ";\n"

/*
 * The core tables as they are now, for a new database; then the
 * recognition and interoperability tables (schema_v2, schema_v3 below)
 * complete it at the current version.  Existing databases reach the
 * same shape through the migrations.
 */
static const char schema_core[] =
	"CREATE TABLE cop_meta ("
	" key TEXT NOT NULL PRIMARY KEY,"
	" value TEXT NOT NULL) WITHOUT ROWID;\n"

	COP_SQL_CREATE("cop_member", COP_SQL_TABLE_MEMBER, SQ, "", "")
	" WITHOUT ROWID;\n"
	"CREATE UNIQUE INDEX cop_member_handle ON cop_member (handle_lower);\n"

	COP_SQL_CREATE("cop_community", COP_SQL_TABLE_COMMUNITY, SQ, "", "")
	" WITHOUT ROWID;\n"
	"CREATE UNIQUE INDEX cop_community_slug ON cop_community (slug);\n"

	COP_SQL_CREATE("cop_membership", COP_SQL_TABLE_MEMBERSHIP, SQ, "",
		", PRIMARY KEY (" COP_SQL_PKEY(COP_SQL_TABLE_MEMBERSHIP) ")")
	" WITHOUT ROWID;\n"
	"CREATE INDEX cop_membership_member ON cop_membership (member_id);\n"

	COP_SQL_CREATE("cop_thread", COP_SQL_TABLE_THREAD, SQ, "", "")
	" WITHOUT ROWID;\n"
	"CREATE INDEX cop_thread_list ON cop_thread"
	" (community_id, pinned, last_activity, id);\n"
	SQ_THREAD_HIDDEN_INDEX

	"CREATE TABLE cop_thread_tag ("
	" community_id BLOB NOT NULL,"
	" tag TEXT NOT NULL,"
	" thread_id BLOB NOT NULL,"
	" PRIMARY KEY (community_id, tag, thread_id)) WITHOUT ROWID;\n"

	/* rid and fid: see "Layout" above. */
	COP_SQL_CREATE("cop_contribution", COP_SQL_TABLE_CONTRIBUTION, SQ,
		" rid INTEGER PRIMARY KEY, fid INTEGER NOT NULL,", "") ";\n"
	SQ_CON_INDEXES
	"CREATE UNIQUE INDEX cop_contribution_fid ON cop_contribution (fid);\n"

	COP_SQL_CREATE("cop_revision", COP_SQL_TABLE_REVISION, SQ, "",
		", PRIMARY KEY (" COP_SQL_PKEY(COP_SQL_TABLE_REVISION) ")") ";\n"

	/* seq is the rowid: 1 up, no gaps. */
	COP_SQL_CREATE("cop_log", COP_SQL_TABLE_LOG, SQ, " seq INTEGER PRIMARY KEY,", "")
	";\n"

	/* Full-text search: external content read through a view. */
	SQ_FTS_VIEW_OF("fid", SQ_FTS_TEXT)
	SQ_FTS_TABLE
	SQ_FTS_TRIGGERS_OF("fid", SQ_FTS_TEXT)

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

COP_SQL_SHARED_STEPS(SQ_TYPES);

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
	SQ_CON_V4("cop_contribution_v4")
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

/* Version 5: a thread's properties (closed, locked, pinned, hidden,
 * answered) stored apart, each 0 or 1, where version 4 kept one state
 * (pinned was already a column, derived from it: it becomes the
 * property as it is).  COP_SQL_THREAD_FLAGS_V5 (sql/schema.h) fills the
 * new columns from the state and the accepted answers; the state column
 * stays, written from the properties (thread.h).  The hidden threads'
 * index tests the property. */
static const char schema_v5[] =
	COP_SQL_THREAD_FLAGS_V5(SQ)
	"DROP INDEX cop_thread_hidden;\n"
	SQ_THREAD_HIDDEN_INDEX;

/* Version 6: moderation actions (suspensions, silences, hidden
 * contributions: the moderation log), and a contribution may be hidden
 * (its column hidden, 0 for the rows already there). */
COP_SQL_MODERATION_STEPS(SQ_TYPES, SQ);
/* Version 7: the funding ledger, its totals, who sees it, and the hours
 * given (sql/schema.h). */
COP_SQL_FUNDING_STEPS(SQ_TYPES, SQ);
/* Version 8: digests (the end of each member's last digest sent, and
 * the indexes of a period's rows). */
COP_SQL_DIGEST_STEPS(SQ_TYPES);
/* Version 9: subscriptions and notifications (sql/schema.h). */
COP_SQL_NOTIFY_STEPS(SQ_TYPES);
/* Version 10: who made each revision, its redaction, and the
 * communities' flag_hides setting (sql/schema.h). */
COP_SQL_EDITOR_STEPS(SQ);
/* Version 11: events, their RSVPs and attendance (sql/schema.h). */
COP_SQL_EVENTS_STEPS(SQ_TYPES);

/* Version 12: the facilitator's queue (its thresholds and indexes), and
 * a thread knows its current summary (its column summary_id, NULL for
 * the rows already there). */
COP_SQL_FACILITATION_STEPS(SQ_TYPES, SQ);

/* Version 13: the hours by organisation (sql/schema.h), kept by these
 * triggers. */
#define SQ_HOURS_ORG_TRIGGERS \
	"CREATE TRIGGER cop_horg_hours_ins AFTER INSERT ON cop_hours BEGIN " \
	COP_SQL_HORG_HOURS_INS "END;\n" \
	"CREATE TRIGGER cop_horg_hours_upd AFTER UPDATE OF minutes ON" \
	" cop_hours BEGIN " COP_SQL_HORG_HOURS_UPD "END;\n" \
	"CREATE TRIGGER cop_horg_hours_del AFTER DELETE ON cop_hours BEGIN " \
	COP_SQL_HORG_HOURS_DEL "END;\n" \
	"CREATE TRIGGER cop_horg_ms_ins AFTER INSERT ON cop_membership BEGIN " \
	COP_SQL_HORG_MS_INS "END;\n" \
	"CREATE TRIGGER cop_horg_ms_upd AFTER UPDATE OF status, pledged_hours" \
	" ON cop_membership BEGIN " COP_SQL_HORG_MS_DEL COP_SQL_HORG_MS_INS \
	"END;\n" \
	"CREATE TRIGGER cop_horg_ms_del AFTER DELETE ON cop_membership BEGIN " \
	COP_SQL_HORG_MS_DEL "END;\n" \
	"CREATE TRIGGER cop_horg_member AFTER UPDATE OF organisation ON" \
	" cop_member WHEN COALESCE(OLD.organisation, '') <>" \
	" COALESCE(NEW.organisation, '') BEGIN " \
	COP_SQL_HORG_MEMBER_ORG("COALESCE(OLD.organisation, '')", \
		"COALESCE(NEW.organisation, '')") "END;\n"
COP_SQL_HOURS_ORG_STEPS(SQ_TYPES, SQ_HOURS_ORG_TRIGGERS);
/* Version 14 (SQLite only): a contribution deleted (a member's erasure
 * with the policy "remove") leaves the full-text index with it; its
 * entry stayed, and the index no longer matched the contributions
 * (cop_verify() says so, and its repair rebuilds an index left so
 * before).  The body and title were blanked by the erasure first, but
 * the entry is removed with whatever it holds. */
#define SQ_FTS_DELETE_TRIGGER_OF(BODY_) \
	"CREATE TRIGGER cop_contribution_fts_del AFTER DELETE ON cop_contribution" \
	" BEGIN" \
	"  INSERT INTO cop_fts (cop_fts, rowid, title, body) VALUES ('delete'," \
	"   old.fid, " SQ_FTS_TITLE("old") ", " BODY_("old") ");" \
	" END;\n"
/* (The index read the body as it is then; a new store's, and version
 * 19's, read its text: schema_fts_delete.) */
static const char schema_fts_delete_step[] =
	SQ_FTS_DELETE_TRIGGER_OF(SQ_FTS_BODY);
static const char schema_fts_delete[] = SQ_FTS_DELETE_TRIGGER_OF(SQ_FTS_TEXT);
/* Version 15: the health scorecard's thresholds (sql/schema.h). */
COP_SQL_HEALTH_STEPS(SQ_TYPES);
/* Version 16: mail archives, members' email addresses and the messages
 * imported (sql/schema.h). */
COP_SQL_MBOX_STEPS(SQ_TYPES);
/* Version 17: the health roll-ups, their triggers, filled from the
 * facts (sql/schema.h, docs/health.md). */
COP_SQL_ROLLUP_STEPS(SQ_TYPES, COP_SQL_HEALTH_TRIGGERS_SQ);
/* Version 18: the questions' roll-up, its triggers, filled from the
 * facts (sql/schema.h, docs/health.md). */
COP_SQL_HQ_STEPS(SQ_TYPES, COP_SQL_HQ_TRIGGERS_SQ);
/* Version 19: outgoing mail, members' delivery preferences and the outbox
 * (sql/schema.h, docs/mail.md). */
COP_SQL_MAILOUT_STEPS(SQ_TYPES);
/* Version 20: the members' roll-up (first day, organisation), its
 * triggers, filled from the member days (sql/schema.h, docs/health.md). */
COP_SQL_HM_STEPS(SQ_TYPES, COP_SQL_HM_TRIGGERS_SQ);
/* Version 21: a community's tags as records, their uses kept by
 * triggers, filled from the threads (sql/schema.h, docs/tags.md). */
COP_SQL_TAG_STEPS(SQ_TYPES, COP_SQL_TAG_SPLIT_SQ, COP_SQL_TAG_TRIGGERS_SQ);
/* Version 22: a thread's history, filled with each thread's title and
 * tags (sql/schema.h, docs/history.md). */
COP_SQL_HISTORY_STEPS(SQ_TYPES);
/* Version 23: the score a contribution had where it was imported from
 * (sql/schema.h, docs/import.md). */
COP_SQL_SOURCE_SCORE_STEPS(SQ);
/* Version 24: the store made smaller (issue 18): the period totals
 * keyed by integers, cop_rep_total a view of them, and the votes' author
 * index dropped (sql/schema.h). */
COP_SQL_SIZE_STEPS("INTEGER PRIMARY KEY", SQ_TYPES, COP_SQL_REP_TRIGGER_SQ);
/* Version 25: a member's history entries by actor (issue 17; sql/schema.h). */
static const char schema_history_actor_step[] = COP_SQL_HISTORY_ACTOR_INDEX;
/*
 * Version 26 (SQLite only): the store made smaller again (issue 18), as
 * version 24 did the period totals: two tables whose every key carried
 * 16-byte ids are now views of tables keyed by small integers, with the
 * same columns, written through INSTEAD OF triggers, so that the shared
 * statements (recognition_sql.h) read and write them as before.
 *
 * - cop_source (community, kind, source id) -> object: its rows are
 *   cop_source_row's, keyed by the community's number (cop_community_key,
 *   one row a community) instead of its id.
 * - cop_ledger: its rows are cop_ledger_row's, keyed by the member in
 *   the community (the totals' key, cop_rep_member.id, "who"), the time
 *   and the id: a member's entries in time order are a range of the
 *   table itself, and the index by member (two ids and the key's id
 *   again) is gone.  Nothing reads an entry by its id alone (an
 *   export's page by id sorts the community's entries, as it did).  A
 *   member's key is never deleted: clearing a community's totals
 *   deletes their rows, not the keys (COP_ROP_TOTAL_CLEAR).
 * - the badges' index by member and time (cop_badge_member) goes, as on
 *   PostgreSQL (sql/schema.h's COP_SQL_BADGE_MEMBER_DROP).
 *
 * The plans of the statements that read them: tests/check_plans.
 * The triggers make a missing key with INSERT OR IGNORE (a NULL id is
 * then refused by the row's NOT NULL key) and write the row with its
 * key looked up in VALUES: a NOT EXISTS probe made the 20x import's
 * 700k inserts a microsecond each slower.  The backend's own inserts
 * (COP_ROP_LEDGER_INS, COP_ROP_X_SOURCE_INS) pass them by: sqlite/rop.c
 * writes the tables directly; the triggers serve other writers.
 * PostgreSQL keeps the tables:
 * its bulk load COPYs into them, and COPY into a view goes row by row
 * through the trigger.
 */
#define SQ_SOURCE_ROW \
	"CREATE TABLE cop_community_key (" \
	" id INTEGER PRIMARY KEY," \
	" community_id BLOB NOT NULL UNIQUE);\n" \
	"CREATE TABLE cop_source_row (" \
	" ck INTEGER NOT NULL," \
	" kind INTEGER NOT NULL," \
	" source_id TEXT NOT NULL," \
	" object_id BLOB NOT NULL," \
	" PRIMARY KEY (ck, kind, source_id)) WITHOUT ROWID;\n"
#define SQ_SOURCE_FILL \
	"INSERT INTO cop_community_key (community_id) SELECT DISTINCT" \
	" community_id FROM cop_source ORDER BY 1;\n" \
	"INSERT INTO cop_source_row (ck, kind, source_id, object_id)" \
	" SELECT k.id, s.kind, s.source_id, s.object_id FROM cop_source s" \
	" JOIN cop_community_key k ON k.community_id = s.community_id" \
	" ORDER BY 1, 2, 3;\n" \
	"DROP TABLE cop_source;\n"
#define SQ_SOURCE_VIEW \
	"CREATE VIEW cop_source AS SELECT k.community_id AS community_id," \
	" s.kind AS kind, s.source_id AS source_id, s.object_id AS object_id" \
	" FROM cop_source_row s JOIN cop_community_key k ON k.id = s.ck;\n" \
	"CREATE TRIGGER cop_source_add INSTEAD OF INSERT ON cop_source BEGIN" \
	" INSERT OR IGNORE INTO cop_community_key (community_id)" \
	" VALUES (new.community_id);" \
	" INSERT INTO cop_source_row (ck, kind, source_id, object_id)" \
	" VALUES ((SELECT k.id FROM cop_community_key k" \
	" WHERE k.community_id = new.community_id), new.kind," \
	" new.source_id, new.object_id);" \
	" END;\n"
#define SQ_LEDGER_ROW \
	"CREATE TABLE cop_ledger_row (" \
	" who INTEGER NOT NULL," \
	" time INTEGER NOT NULL," \
	" id BLOB NOT NULL," \
	" points INTEGER NOT NULL," \
	" nominal INTEGER NOT NULL," \
	" reason INTEGER NOT NULL," \
	" object_id BLOB," \
	" actor_id BLOB," \
	" tags TEXT NOT NULL," \
	" PRIMARY KEY (who, time, id)) WITHOUT ROWID;\n"
#define SQ_LEDGER_FILL \
	"INSERT INTO cop_rep_member (community_id, member_id) SELECT DISTINCT" \
	" l.community_id, l.member_id FROM cop_ledger l WHERE NOT EXISTS" \
	" (SELECT 1 FROM cop_rep_member w WHERE w.community_id =" \
	" l.community_id AND w.member_id = l.member_id) ORDER BY 1, 2;\n" \
	"INSERT INTO cop_ledger_row (who, time, id, points, nominal, reason," \
	" object_id, actor_id, tags) SELECT w.id, l.time, l.id, l.points," \
	" l.nominal, l.reason, l.object_id, l.actor_id, l.tags" \
	" FROM cop_ledger l JOIN cop_rep_member w ON w.community_id =" \
	" l.community_id AND w.member_id = l.member_id ORDER BY 1, 2, 3;\n" \
	"DROP TABLE cop_ledger;\n"
#define SQ_LEDGER_VIEW \
	"CREATE VIEW cop_ledger AS SELECT l.id AS id," \
	" w.community_id AS community_id, w.member_id AS member_id," \
	" l.points AS points, l.nominal AS nominal, l.reason AS reason," \
	" l.object_id AS object_id, l.actor_id AS actor_id, l.time AS time," \
	" l.tags AS tags FROM cop_ledger_row l" \
	" JOIN cop_rep_member w ON w.id = l.who;\n" \
	"CREATE TRIGGER cop_ledger_add INSTEAD OF INSERT ON cop_ledger BEGIN" \
	" INSERT OR IGNORE INTO cop_rep_member (community_id, member_id)" \
	" VALUES (new.community_id, new.member_id);" \
	" INSERT INTO cop_ledger_row (who, time, id, points, nominal, reason," \
	" object_id, actor_id, tags) VALUES ((SELECT w.id FROM" \
	" cop_rep_member w WHERE w.community_id = new.community_id AND" \
	" w.member_id = new.member_id), new.time, new.id, new.points," \
	" new.nominal, new.reason, new.object_id, new.actor_id, new.tags);" \
	" END;\n" \
	"CREATE TRIGGER cop_ledger_del INSTEAD OF DELETE ON cop_ledger BEGIN" \
	" DELETE FROM cop_ledger_row WHERE who = (SELECT w.id FROM" \
	" cop_rep_member w WHERE w.community_id = old.community_id AND" \
	" w.member_id = old.member_id) AND time = old.time AND id = old.id;" \
	" END;\n"
static const char schema_keys_step[] =
	SQ_SOURCE_ROW SQ_SOURCE_FILL SQ_SOURCE_VIEW
	SQ_LEDGER_ROW SQ_LEDGER_FILL SQ_LEDGER_VIEW
	COP_SQL_BADGE_MEMBER_DROP;
/* Version 27: search reads text (docs/search.md): the index is made
 * again, with the tokenizer "cop" (CJK runs as bigrams), from each
 * contribution's text, cop_text() of its format and body (an HTML
 * body's text, without its markup). */
static const char schema_search_step[] =
	"DROP VIEW cop_fts_src;\n"
	"DROP TRIGGER cop_contribution_fts_ins;\n"
	"DROP TRIGGER cop_contribution_fts_upd;\n"
	"DROP TRIGGER cop_thread_fts_ins;\n"
	"DROP TRIGGER cop_thread_fts_upd;\n"
	"DROP TRIGGER cop_contribution_fts_del;\n"
	"DROP TABLE cop_fts;\n"
	SQ_FTS_VIEW_OF("fid", SQ_FTS_TEXT)
	SQ_FTS_TABLE
	SQ_FTS_TRIGGERS_OF("fid", SQ_FTS_TEXT)
	SQ_FTS_DELETE_TRIGGER_OF(SQ_FTS_TEXT)
	"INSERT INTO cop_fts (cop_fts) VALUES ('rebuild');\n";

/* Version 28: a bulk load indexes its contributions at its end
 * (sqlite/search.c, sq_fts_hold()).  FTS5 writes out its pending terms
 * at every statement savepoint, and every statement that fires a
 * trigger opens one: a contribution written through the triggers was
 * a segment of its own (an import's index was written about three
 * times over in merges).  While a bulk load holds the index,
 * cop_fts_held(fid) is 1 for the contributions written in it (fid
 * above the mark), whose rows the triggers leave alone: the load's end
 * indexes them, as they are then, in one statement.  Every other row
 * goes through the triggers as before.  The triggers are new ones, with
 * new names (the mark of this version), but the delete trigger, whose
 * name is version 14's mark. */
#define SQ_FTS_HELD(ROW_) "cop_fts_held(" ROW_ ".fid)"
/* Thread T's post (not held) taken out of the index with title OLD_
 * and put back with the thread's new title. */
#define SQ_FTS_THREAD_POST(OLD_, T_) \
	"  INSERT INTO cop_fts (cop_fts, rowid, title, body)" \
	"   SELECT 'delete', c.fid, " OLD_ ", " SQ_FTS_TEXT("c") \
	" FROM cop_contribution c WHERE c.thread_id = " T_ ".id" \
	" AND c.kind = 0 AND NOT " SQ_FTS_HELD("c") ";" \
	"  INSERT INTO cop_fts (rowid, title, body)" \
	"   SELECT c.fid, new.title, " SQ_FTS_TEXT("c") \
	" FROM cop_contribution c WHERE c.thread_id = new.id" \
	" AND c.kind = 0 AND NOT " SQ_FTS_HELD("c") ";"
#define SQ_FTS_TRIGGERS_HELD \
	"CREATE TRIGGER cop_fts_con_ins AFTER INSERT ON cop_contribution" \
	" WHEN NOT " SQ_FTS_HELD("new") \
	" BEGIN" \
	"  INSERT INTO cop_fts (rowid, title, body) VALUES (new.fid, " \
	SQ_FTS_TITLE("new") ", " SQ_FTS_TEXT("new") ");" \
	" END;\n" \
	"CREATE TRIGGER cop_fts_con_upd" \
	" AFTER UPDATE OF body, kind, thread_id ON cop_contribution" \
	" WHEN (old.body IS NOT new.body OR old.kind IS NOT new.kind" \
	"  OR old.thread_id IS NOT new.thread_id) AND NOT " SQ_FTS_HELD("old") \
	" BEGIN" \
	"  INSERT INTO cop_fts (cop_fts, rowid, title, body) VALUES ('delete'," \
	"   old.fid, " SQ_FTS_TITLE("old") ", " SQ_FTS_TEXT("old") ");" \
	"  INSERT INTO cop_fts (rowid, title, body) VALUES (new.fid, " \
	SQ_FTS_TITLE("new") ", " SQ_FTS_TEXT("new") ");" \
	" END;\n" \
	"CREATE TRIGGER cop_fts_thread_ins AFTER INSERT ON cop_thread" \
	" BEGIN" SQ_FTS_THREAD_POST("NULL", "new") " END;\n" \
	"CREATE TRIGGER cop_fts_thread_upd AFTER UPDATE OF title ON cop_thread" \
	" WHEN old.title IS NOT new.title" \
	" BEGIN" SQ_FTS_THREAD_POST("old.title", "old") " END;\n" \
	"CREATE TRIGGER cop_contribution_fts_del AFTER DELETE ON cop_contribution" \
	" WHEN NOT " SQ_FTS_HELD("old") \
	" BEGIN" \
	"  INSERT INTO cop_fts (cop_fts, rowid, title, body) VALUES ('delete'," \
	"   old.fid, " SQ_FTS_TITLE("old") ", " SQ_FTS_TEXT("old") ");" \
	" END;\n"
static const char schema_fts_held_step[] =
	"DROP TRIGGER cop_contribution_fts_ins;\n"
	"DROP TRIGGER cop_contribution_fts_upd;\n"
	"DROP TRIGGER cop_thread_fts_ins;\n"
	"DROP TRIGGER cop_thread_fts_upd;\n"
	"DROP TRIGGER cop_contribution_fts_del;\n"
	SQ_FTS_TRIGGERS_HELD;

/* Version 29: a bulk load's community gets its health roll-ups at the
 * load's end (sql/schema.h, COP_SQL_BULK_STEP_SQ; sq_bulk_refill()
 * below): every statement of an import fired the roll-ups' triggers,
 * about a fifth of its time.  The triggers are made again with a guard,
 * cop_bulk_community(community_id); the contribution's insert into the
 * health days under a new name, cop_health_con_add, the version's mark. */
static const char schema_bulk_step[] = COP_SQL_BULK_STEP_SQ;
/* Version 30: the roll-ups' update triggers only on the columns they
 * read (sql/schema.h, COP_SQL_UPD_OF_STEP_SQ). */
static const char schema_upd_of_step[] = COP_SQL_UPD_OF_STEP_SQ;
/* Version 31: the indexes of the contributions and accepted answers no
 * statement needs dropped, the member index made again with the kind
 * (issue 18; sql/schema.h, COP_SQL_INDEX_DROPS). */
static const char schema_idx_step[] = COP_SQL_INDEX_DROPS;
/* Version 32: a thread's health days follow it to another community
 * (sql/schema.h, COP_SQL_THREAD_MOVE_STEP_SQ). */
static const char schema_thread_move_step[] = COP_SQL_THREAD_MOVE_STEP_SQ;
/*
 * Version 33: the period totals without their foreign key to the member
 * keys, as PostgreSQL's version 30 (issue 18).  Nothing deletes a key
 * (sql/schema.h; the key cache of sqlite/rop.c rests on it), so the
 * ON DELETE CASCADE never acted, and with foreign_keys on every total
 * written paid a seek of its key in cop_rep_member.  SQLite cannot drop
 * a constraint: the table is made again without it (the generalized
 * ALTER TABLE procedure of lang_altertable.html), its rows copied in key
 * order, the old one dropped and the new one renamed.  The view
 * cop_rep_total goes first, its INSTEAD OF trigger with it, and is made
 * again after: from SQLite 3.26 a rename checks every view and trigger,
 * and the view would name a table that is gone.  (The foreign key
 * checks nothing here: the migration runs in a transaction, where
 * foreign_keys cannot be turned off, and dropping a child table checks
 * no parent.)  The board index, dropped with the old table, is made
 * again under a new name, cop_rep_sum_rank: the version's mark
 * (sq_marks), since no table or column is new.
 *
 * A new store makes the same objects (schema_rep_fk_new) without the
 * copy and the rename: its table is empty, so it is dropped and made
 * again under its name.  A rename makes SQLite check and parse every
 * view and trigger of the schema again: run on each new store, the
 * step cost cop_open() 55 M instructions (the 1x beer import's
 * callgrind, 91 M before), all of what the import gained.  The
 * table's text differs by the quotes a rename puts round its name
 * ("cop_rep_sum"), not in meaning (tests/check_store.c compares a new
 * store's columns, keys and indexes with a migrated one's).
 */
#define SQ_REP_SUM_V33(NAME_) \
	"CREATE TABLE " NAME_ " (" \
	" who INTEGER NOT NULL," \
	" scope INTEGER NOT NULL," \
	" period INTEGER NOT NULL," \
	" pstart INTEGER NOT NULL," \
	" points INTEGER NOT NULL," \
	" PRIMARY KEY (who, scope, period, pstart)) WITHOUT ROWID;\n"
#define SQ_REP_SUM_V33_REST \
	"CREATE INDEX cop_rep_sum_rank ON cop_rep_sum" \
	" (scope, period, pstart, points DESC, who);\n" \
	COP_SQL_REP_VIEW COP_SQL_REP_TRIGGER_SQ
static const char schema_rep_fk_step[] =
	"DROP VIEW cop_rep_total;\n"
	SQ_REP_SUM_V33("cop_rep_sum_v33")
	"INSERT INTO cop_rep_sum_v33 (who, scope, period, pstart, points)"
	" SELECT who, scope, period, pstart, points FROM cop_rep_sum"
	" ORDER BY 1, 2, 3, 4;\n"
	"DROP TABLE cop_rep_sum;\n"
	"ALTER TABLE cop_rep_sum_v33 RENAME TO cop_rep_sum;\n"
	SQ_REP_SUM_V33_REST;
static const char schema_rep_fk_new[] =
	"DROP VIEW cop_rep_total;\n"
	"DROP TABLE cop_rep_sum;\n"
	SQ_REP_SUM_V33("cop_rep_sum")
	SQ_REP_SUM_V33_REST;
/* Version 34: the threads' replied and has_answer made from their
 * contributions where an import left them 0 (sql/schema.h,
 * COP_SQL_THREADS_REPLIED). */
static const char schema_replied_step[] = COP_SQL_THREADS_REPLIED_STEP;

/*
 * The end of a bulk load (sq_bulk_end()): its community's health
 * roll-ups made again from the facts (the statements of PostgreSQL's
 * cop_health_refill(), COP_SQL_HEALTH_REFILL_ROWS, but for the days and
 * member days read from the contributions' member index, one by one
 * with the community bound to $1) while the triggers still skip its
 * rows; then the triggers follow every row again.  COP_OK without a
 * community.
 */
int sq_bulk_refill(sq_backend *b)
{
	static const char sql[] = COP_SQL_HEALTH_REFILL_FROM(
		COP_SQL_HEALTH_DAY_FACTS_IDX, COP_SQL_HEALTH_MEMBER_FACTS_IDX);
	const char *p = sql, *tail = NULL;
	sqlite3_stmt *st;
	int rc = SQLITE_OK;

	if (!b->bulk.named)
		return COP_OK;
	while (rc == SQLITE_OK && *p) {
		st = NULL;
		rc = sqlite3_prepare_v2(b->db, p, -1, &st, &tail);
		if (rc != SQLITE_OK || !st)
			break;
		rc = sq_b_id(st, 1, &b->bulk.community);
		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
			rc = SQLITE_OK;
		sqlite3_finalize(st);
		p = tail;
	}
	b->bulk.named = 0;
	return rc == SQLITE_OK ? COP_OK : sq_err(b, rc,
		"making the bulk load's health roll-ups again");
}

/* migrations[i] takes the schema from version i to i + 1.  Version 1
 * was created by earlier releases.  A new database is created from
 * schema_new up to the version SQ_CREATE_FROM starts from, then by the
 * steps from there on (a new step is added here only), but for those
 * fresh_steps[] names. */
static const char *const migrations[] = {
	NULL,
	schema_v2,
	schema_v3,
	schema_v4,
	schema_v5,
	schema_mod_step,
	COP_SQL_STEPS_V7,
	schema_fts_delete_step,
	schema_health,
	schema_mbox_step,
	schema_rollup_step,
	schema_hq_step,
	schema_mailout_step,
	schema_hm_step,
	schema_tag_step,
	schema_history_step,
	schema_source_score_step,
	schema_size_step,
	schema_history_actor_step,
	schema_keys_step,
	schema_search_step,
	schema_fts_held_step,
	schema_bulk_step,
	schema_upd_of_step,
	schema_idx_step,
	schema_thread_move_step,
	schema_rep_fk_step,
	schema_replied_step,
};
static const char *const schema_new[] = {
	schema_core,
	schema_v2,
	schema_v3,
	schema_mod,
	schema_fund,
	schema_digest,
	schema_notify,
	schema_events,
	schema_fac,
	schema_horg,
	schema_fts_delete,
	schema_health,
	schema_mbox_step,
	schema_rollup,
	schema_hq,
	schema_mailout_step,
	schema_hm,
	schema_tag,
	schema_history,
};
#define SQ_CREATE_FROM schema_size_step
/* The steps a new store takes otherwise: its index is made by
 * schema_new already as schema_search_step makes it again, and its
 * empty totals' table is made again without a copy and a rename. */
static const struct {
	const char *step, *fresh;   /* fresh: NULL for nothing */
} fresh_steps[] = {
	{ schema_search_step, NULL },
	{ schema_rep_fk_step, schema_rep_fk_new },
};

#define SQ_SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* ---- opening, schema ---------------------------------------------------- */

static int sq_exec(sq_backend *b, const char *sql, const char *what)
{
	int rc = sqlite3_exec(b->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? COP_OK : sq_err(b, rc, what);
}

/*
 * Prepare and step @p sql (a probe of what the file holds) to its row:
 * COP_OK with *out on it (the caller finalizes it), else COP_ECORRUPT
 * ("not a libcop database (<where><why>)") when the file is not SQLite
 * or, for cop_meta (@p where not ""), a table without libcop's columns
 * (SQLITE_ERROR), or the error of "reading <what>".
 */
static int probe_row(sq_backend *b, const char *sql, const char *where,
	const char *what, sqlite3_stmt **out)
{
	sqlite3_stmt *st = NULL;
	char why[256];
	int rc, code;

	*out = NULL;
	rc = sqlite3_prepare_v2(b->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = st;
		return COP_OK;
	}
	code = sq_code(rc);
	snprintf(why, sizeof(why), "%s", sqlite3_errmsg(b->db));
	sqlite3_finalize(st);
	if (code == COP_ECORRUPT || (*where && (rc & 0xff) == SQLITE_ERROR))
		return sq_fail(b, COP_ECORRUPT, "not a libcop database (%s%s)",
			where, why);
	return sq_fail(b, code == COP_OK ? COP_EIO : code, "reading %s: %s",
		what, why);
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
	char *end;
	long n;
	int rc, has_meta;

	*version = 0;
	*objects = 0;
	if ((rc = probe_row(b, probe, "", "the schema", &st)) < 0)
		return rc;
	*objects = sqlite3_column_int(st, 0);
	has_meta = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	if (!has_meta)
		return COP_OK;
	if ((rc = probe_row(b, meta, "cop_meta: ", "cop_meta", &st)) < 0)
		return rc;
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
		/* The message first: v is the statement's, gone with it. */
		rc = sq_fail(b, COP_ECORRUPT, "not a libcop database "
			"(bad schema_version \"%.40s\")", v);
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	*version = (int)n;
	return COP_OK;
}

/* Connection settings, once the file is known to be ours (or empty). */
static int sq_pragmas(sq_backend *b, int memory, int durable)
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
	/* NORMAL: a WAL commit is synced at checkpoints, so power loss may
	 * lose the last ones; FULL syncs the WAL at every commit. */
	return sq_exec(b, durable ? "PRAGMA synchronous = FULL" :
		"PRAGMA synchronous = NORMAL", "setting up the connection");
}

static int sq_migrate(sq_backend *b);

/* Open, create or migrate the schema according to @p flags. */
int sq_schema(sq_backend *b, unsigned int flags, int memory)
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
	if ((rc = sq_pragmas(b, memory,
	    (flags & COP_OPEN_DURABLE) != 0)) < 0)
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

/*
 * The shape each version has: a table or column (NULL: the table, the
 * trigger or the index) that version added, so that a file at version v has every mark of versions
 * up to v and none of a later one.  A file whose label is not its shape
 * (a version 4 file labelled 3 would have its contributions rebuilt with
 * the wrong fid, and its search broken without a word) is refused
 * before anything is migrated.  One mark a step is enough to tell
 * neighbouring versions apart; a later step adds its own.
 */
static const struct sq_mark {
	int version;
	const char *table, *column;
} sq_marks[] = {
	{ 1, "cop_contribution", "rid" },
	{ 1, "cop_fts", NULL },
	{ 2, "cop_vote", NULL },
	{ 3, "cop_link", NULL },
	{ 3, "cop_badge", "class" },
	{ 4, "cop_contribution", "fid" },
	{ 5, "cop_thread", "answered" },
	{ 6, "cop_modaction", NULL },
	{ 6, "cop_contribution", "hidden" },
	{ 7, "cop_fund", NULL },
	{ 8, "cop_digest_sent", NULL },
	{ 9, "cop_follow", NULL },
	{ 10, "cop_revision", "editor_id" },
	{ 11, "cop_event", NULL },
	{ 12, "cop_queue_threshold", NULL },
	{ 12, "cop_thread", "summary_id" },
	{ 13, "cop_hours_org", NULL },
	{ 14, "cop_contribution_fts_del", NULL },
	{ 15, "cop_health_threshold", NULL },
	{ 16, "cop_mail_message", NULL },
	{ 17, "cop_health_day", NULL },
	{ 18, "cop_health_question", NULL },
	{ 19, "cop_mail_outbox", NULL },
	{ 20, "cop_health_member", NULL },
	{ 21, "cop_tag", NULL },
	{ 22, "cop_thread_history", NULL },
	{ 23, "cop_contribution", "source_score" },
	{ 24, "cop_rep_sum", NULL },
	{ 25, "cop_thread_history_actor", NULL },
	{ 26, "cop_ledger_row", NULL },
	{ 28, "cop_fts_con_ins", NULL },
	{ 29, "cop_health_con_add", NULL },
	{ 30, "cop_health_con_chg", NULL },
	{ 31, "cop_contribution_member_kind", NULL },
	{ 32, "cop_health_thread_chg", NULL },
	{ 33, "cop_rep_sum_rank", NULL },
};

/* COP_ECORRUPT unless the file's tables and columns are those of
 * @p version (sq_marks). */
static int sq_check_shape(sq_backend *b, int version)
{
	static const char sql[] =
		"SELECT CASE WHEN ?2 IS NULL THEN (SELECT count(*) FROM "
		"sqlite_master WHERE type IN ('table', 'trigger', 'index') AND "
		"name = ?1) ELSE "
		"(SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2) END";
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc, has;

	rc = sqlite3_prepare_v2(b->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_err(b, rc, "reading the schema");
	for (i = 0; i < sizeof(sq_marks) / sizeof(sq_marks[0]); i++) {
		const struct sq_mark *m = &sq_marks[i];

		sqlite3_bind_text(st, 1, m->table, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, m->column, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			rc = sq_err(b, rc, "reading the schema");
			sqlite3_finalize(st);
			return rc;
		}
		has = sqlite3_column_int(st, 0) > 0;
		sqlite3_reset(st);
		if (has != (m->version <= version)) {
			sqlite3_finalize(st);
			return sq_fail(b, COP_ECORRUPT, "not a libcop database of "
				"schema version %d, as it says: it %s %s%s%s, which "
				"version %d added", version, has ? "has" : "lacks",
				m->table, m->column ? "." : "",
				m->column ? m->column : "", m->version);
		}
	}
	sqlite3_finalize(st);
	return COP_OK;
}

/* A new store's schema, at the current version (in sq_migrate()'s
 * transaction). */
static int sq_create(sq_backend *b)
{
	const char *sql;
	size_t i, j;
	int rc, v;

	for (i = 0; i < sizeof(schema_new) / sizeof(schema_new[0]); i++)
		if ((rc = sq_exec(b, schema_new[i], "creating the schema")) < 0)
			return rc;
	for (v = 1; v < SQ_SCHEMA_VERSION && migrations[v] != SQ_CREATE_FROM;
	     v++)
		;
	for (; v < SQ_SCHEMA_VERSION; v++) {
		sql = migrations[v];
		for (j = 0; j < sizeof(fresh_steps) / sizeof(fresh_steps[0]); j++)
			if (fresh_steps[j].step == sql)
				sql = fresh_steps[j].fresh;
		if (sql && (rc = sq_exec(b, sql, "creating the schema")) < 0)
			return rc;
	}
	return COP_OK;
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
	if (version > 0 && version < SQ_SCHEMA_VERSION &&
	    (rc = sq_check_shape(b, version)) < 0)
		goto fail;
	if (version < SQ_SCHEMA_VERSION) {
		if (version == 0 && (rc = sq_create(b)) < 0)
			goto fail;
		if (version == 0)
			version = SQ_SCHEMA_VERSION;
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

