/*
 * sqlite/statements.c: the SQLite backend's statements (the records'
 * reads and writes, listings, search, stats), prepared once per
 * connection from this table (sq_prep()).
 */
#include "sqlite/sq.h"
#include "sqlite/layout.h"
#include "sql/schema.h"

/* Thread ?1 as the row R, when it has tags, and its tags j(value): what
 * the tag triggers read from "new" (sql/schema.h, sqlite/schema.c). */
#define SQ_BULK_THREAD_OF(R) "(SELECT * FROM cop_thread WHERE id = ?1" \
	" AND tags <> '') " R ", " COP_SQL_TAG_SPLIT_SQ(R)

/* ---- statements ---------------------------------------------------------- */

/* Column lists: sql/sql.h; inserts and updates: sql/tables.h; the
 * visibility rule: visibility.h. */

const sq_stmt_def sq_stmts[S_COUNT] = {
	[S_BEGIN] = { "begin", "BEGIN IMMEDIATE" },
	[S_COMMIT] = { "commit", "COMMIT" },
	[S_ROLLBACK] = { "rollback", "ROLLBACK" },

	[S_INS + COP_REC_MEMBER] = { "member insert",
		COP_SQL_INSERT("cop_member", COP_SQL_TABLE_MEMBER, SQ) },
	[S_UPD + COP_REC_MEMBER] = { "member update",
		COP_SQL_UPDATE("cop_member", COP_SQL_TABLE_MEMBER, SQ) },
	[S_GET + COP_REC_MEMBER] = { "member get",
		"SELECT " COP_SQL_MEMBER_COLS " FROM cop_member u WHERE u.id = ?1" },
	[S_MEMBER_BYNAME] = { "member get by handle",
		"SELECT " COP_SQL_MEMBER_COLS " FROM cop_member u "
		"WHERE u.handle_lower = lower(?1)" },

	[S_INS + COP_REC_COMMUNITY] = { "community insert",
		COP_SQL_INSERT("cop_community", COP_SQL_TABLE_COMMUNITY, SQ) },
	[S_UPD + COP_REC_COMMUNITY] = { "community update",
		COP_SQL_UPDATE("cop_community", COP_SQL_TABLE_COMMUNITY, SQ) },
	[S_GET + COP_REC_COMMUNITY] = { "community get",
		"SELECT " COP_SQL_COMM_COLS " FROM cop_community k WHERE k.id = ?1" },
	[S_COMM_BYSLUG] = { "community get by slug",
		"SELECT " COP_SQL_COMM_COLS " FROM cop_community k WHERE k.slug = ?1" },

	[S_INS + COP_REC_MEMBERSHIP] = { "membership insert",
		COP_SQL_INSERT("cop_membership", COP_SQL_TABLE_MEMBERSHIP, SQ) },
	[S_UPD + COP_REC_MEMBERSHIP] = { "membership update",
		COP_SQL_UPDATE("cop_membership", COP_SQL_TABLE_MEMBERSHIP, SQ) },
	[S_GET + COP_REC_MEMBERSHIP] = { "membership get",
		"SELECT " COP_SQL_MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = ?1 AND m.member_id = ?2" },

	[S_INS + COP_REC_THREAD] = { "thread insert",
		COP_SQL_INSERT("cop_thread", COP_SQL_TABLE_THREAD, SQ) },
	[S_UPD + COP_REC_THREAD] = { "thread update",
		COP_SQL_UPDATE("cop_thread", COP_SQL_TABLE_THREAD, SQ) },
	[S_GET + COP_REC_THREAD] = { "thread get",
		"SELECT " COP_SQL_THR_COLS " FROM cop_thread t WHERE t.id = ?1" },
	[S_THR_ACCESS] = { "thread access",                  /* thread, viewer */
		"SELECT " COP_SQL_THR_COLS ", k.id IS NOT NULL, k.visibility, "
		"m.member_id IS NOT NULL, m.role, m.status FROM cop_thread t "
		"LEFT JOIN cop_community k ON k.id = t.community_id "
		"LEFT JOIN cop_membership m ON m.community_id = t.community_id "
		"AND m.member_id = ?2 WHERE t.id = ?1" },

	[S_INS + COP_REC_CONTRIBUTION] = { "contribution insert",  /* rid and fid: layout.h */
		"INSERT INTO cop_contribution (rid, fid, "
		COP_SQL_ICOLS(COP_SQL_TABLE_CONTRIBUTION, SQ) ") VALUES ("
		SQ_CON_KEYS("?2") ", "
		COP_SQL_IVALS(COP_SQL_TABLE_CONTRIBUTION, SQ) ")" },
	[S_UPD + COP_REC_CONTRIBUTION] = { "contribution update",
		COP_SQL_UPDATE("cop_contribution", COP_SQL_TABLE_CONTRIBUTION,
		SQ) },
	[S_GET + COP_REC_CONTRIBUTION] = { "contribution get",
		"SELECT " COP_SQL_CON_COLS " FROM cop_contribution c WHERE c.id = ?1" },

	[S_INS + COP_REC_REVISION] = { "revision insert",
		COP_SQL_INSERT("cop_revision", COP_SQL_TABLE_REVISION, SQ) },
	[S_UPD + COP_REC_REVISION] = { "revision update",
		COP_SQL_UPDATE("cop_revision", COP_SQL_TABLE_REVISION, SQ) },
	[S_GET + COP_REC_REVISION] = { "revision get",
		"SELECT " COP_SQL_REV_COLS " FROM cop_revision r "
		"WHERE r.contribution_id = ?1 AND r.number = ?2" },

	[S_INS + COP_REC_LOG] = { "log append",
		COP_SQL_INSERT("cop_log", COP_SQL_TABLE_LOG, SQ) },
	[S_LOG_LAST] = { "log last seq",
		"SELECT coalesce(max(seq), 0) FROM cop_log" },

	/* Listings.  Without a cursor the key parameters get a floor below
	 * (or a ceiling above) every row, so one statement serves both. */
	[S_L_MEMBERS] = { "member listing",    /* after, limit, viewer */
		"SELECT " COP_SQL_MEMBER_COLS " FROM cop_member u "
		"WHERE u.handle_lower > ?1 AND " COP_SQL_MEMBER_SEEN("?3", "u.id")
		" ORDER BY u.handle_lower LIMIT ?2" },
	[S_L_COMMS] = { "community listing",           /* viewer, after, limit */
		"SELECT " COP_SQL_COMM_COLS " FROM cop_community k "
		"WHERE k.slug > ?2 AND " COP_SQL_VISIBLE("?1")
		" ORDER BY k.slug LIMIT ?3" },
	[S_L_MS] = { "membership listing",
		/* community, role, handle, limit, viewer */
		"SELECT " COP_SQL_MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = ?1 AND m.status <> " COP_SQL_MS_LEFT " "
		"AND (m.role < ?2 OR (m.role = ?2 AND u.handle_lower > ?3)) "
		"AND " COP_SQL_MS_SHOWN("?5") " "
		"ORDER BY m.role DESC, u.handle_lower LIMIT ?4" },
	[S_L_THR] = { "thread listing",
		/* community, viewer, pinned, last_activity, id, limit */
		"SELECT " COP_SQL_THR_COLS " FROM cop_thread t "
		"WHERE t.community_id = ?1 "
		"AND (t.pinned, t.last_activity, t.id) < (?3, ?4, ?5) "
		"AND " COP_SQL_SEEN_IN("?2", "?1")
		" ORDER BY t.pinned DESC, t.last_activity DESC, t.id DESC "
		"LIMIT ?6" },
	[S_L_TC] = { "thread contribution listing",
		/* thread, created, id, limit, viewer */
		"SELECT " COP_SQL_CON_COLS " FROM cop_contribution c "
		"WHERE c.thread_id = ?1 AND (c.created, c.id) > (?2, ?3) "
		"AND " COP_SQL_CON_SEEN("?5")
		" ORDER BY c.created, c.id LIMIT ?4" },
	[S_L_AC] = { "author contribution listing",
		/* author, viewer, created, id, limit */
		"SELECT " COP_SQL_CON_COLS " FROM cop_contribution c "
		"JOIN cop_thread t ON t.id = c.thread_id "
		"JOIN cop_community k ON k.id = c.community_id "
		"WHERE c.author_id = ?1 AND (c.created, c.id) < (?3, ?4) "
		"AND " COP_SQL_VISIBLE("?2") " AND " COP_SQL_SEEN("?2")
		" AND " COP_SQL_CON_SEEN("?2")
		" ORDER BY c.created DESC, c.id DESC LIMIT ?5" },
	[S_L_REV] = { "revision listing",        /* contribution, number, limit */
		"SELECT " COP_SQL_REV_COLS " FROM cop_revision r "
		"WHERE r.contribution_id = ?1 AND r.number > ?2 "
		"ORDER BY r.number LIMIT ?3" },
	[S_L_LOG] = { "log listing",                   /* viewer, seq, limit */
		"SELECT " COP_SQL_LOG_COLS " FROM cop_log l WHERE l.seq > ?2 "
		"AND (l.community_id IS NULL OR ?1 IS NULL OR EXISTS ("
		"SELECT 1 FROM cop_community k WHERE k.id = l.community_id "
		"AND " COP_SQL_VISIBLE("?1") ")) AND (?1 IS NULL OR NOT "
		/* (the system's log reads no other row) */
		COP_SQL_OBJ_HIDDEN("?1", "l.object_id")
		") AND " COP_SQL_LOG_MEMBER_SEEN("?1", "l")
		" AND " COP_SQL_LOG_MODERATED_SEEN("?1", "l")
		" ORDER BY l.seq LIMIT ?3" },

	/* match, community, language, viewer, limit.  Visibility as two sets
	 * made once per search (communities the viewer sees, hidden threads
	 * the viewer does not facilitate), not per matching row; nothing at
	 * all for the system.  Titles and snippets come after the LIMIT. */
	[S_SEARCH] = { "search",
		/* The best ?6 matches by rank first (all of them when ?6 is
		 * -1), then the filters on those rows only: ranking every
		 * match against its contribution row costs a join per match.
		 * When the filters leave fewer than the limit, sq_search's
		 * iterator runs again with ?6 = -1 (see sq_iter_step()).  Ties
		 * are broken by rowid in both steps, so the first run's hits
		 * are a prefix of the second's. */
		/* A reader who is not the system gets scores from each row
		 * alone (cop_rank, sqlite/search.c): bm25's use the whole
		 * index, rows the reader may not see included. */
		"WITH top AS (SELECT rowid AS rid, CASE WHEN ?4 IS NULL "
		"THEN -bm25(cop_fts, 2.0, 1.0) ELSE cop_rank(cop_fts, 2.0, 1.0) "
		"END AS score "
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
		"WHERE " COP_SQL_THREAD_HIDDEN("t") " AND NOT EXISTS (SELECT 1 "
		"FROM cop_membership f WHERE f.community_id = t.community_id "
		"AND f.member_id = ?4 AND " COP_SQL_MS_MODERATING("f") "))) "
		"AND " COP_SQL_CON_SEEN("?4") ") "
		/* After the cursor's hit (?7 not NULL): score ?8, rowid ?9. */
		"AND (?7 IS NULL OR top.score < ?8 OR (top.score = ?8 "
		"AND top.rid > ?9)) "
		"ORDER BY top.score DESC, top.rid LIMIT ?5" },
	/* match, rid, thread, markers */
	[S_SNIPPET] = { "search snippet",
		"SELECT snippet(cop_fts, 1, ?4, ?5, '\xe2\x80\xa6', 16), "
		"(SELECT t.title FROM cop_thread t WHERE t.id = ?3) "
		"FROM cop_fts WHERE cop_fts MATCH ?1 AND rowid = ?2" },

	[S_STATS] = { "stats",
		COP_SQL_STATS("(SELECT count(DISTINCT tag) FROM cop_thread_tag)") },
	[S_STATS_C] = { "community stats",
		COP_SQL_STATS_C("?1", "(SELECT count(DISTINCT tag) "
		"FROM cop_thread_tag WHERE community_id = ?1)") },
	[S_STATS_SEEN] = { "stats as seen",            /* community, viewer */
		COP_SQL_STATS_SEEN("?1", "?2", "(SELECT count(DISTINCT g.tag) "
		"FROM cop_thread_tag g, " COP_SQL_STATS_THREADS("?1", "?2")
		" AND g.thread_id = t.id)") },
	[S_MEMBER_SEEN] = { "member as seen",            /* member, viewer */
		COP_SQL_MEMBER_SEEN_BY("?1", "?2") },
	/* The keys of the ledger's, sources' and period totals' rows
	 * (schema.c, version 26; sql/schema.h's COP_SQL_SCHEMA_REP), made
	 * by sq_rop() (rop.c) the first time a member in a community, a
	 * community, or a community's tag has an entry, a source id or a
	 * total. */
	[S_KEY_MEMBER] = { "member's key",            /* community, member */
		"INSERT OR IGNORE INTO cop_rep_member (community_id, member_id) "
		"VALUES (?1, ?2)" },
	[S_KEY_COMMUNITY] = { "community's key",                /* community */
		"INSERT OR IGNORE INTO cop_community_key (community_id) "
		"VALUES (?1)" },
	[S_KEY_SCOPE] = { "tag's key",                     /* community, tag */
		"INSERT OR IGNORE INTO cop_rep_scope (community_id, tag) "
		"VALUES (?1, ?2)" },
	/* ... and found. */
	[S_KEYQ_MEMBER] = { "member's key",           /* community, member */
		"SELECT id FROM cop_rep_member "
		"WHERE community_id = ?1 AND member_id = ?2" },
	[S_KEYQ_COMMUNITY] = { "community's key",               /* community */
		"SELECT id FROM cop_community_key WHERE community_id = ?1" },
	[S_KEYQ_SCOPE] = { "tag's key",                    /* community, tag */
		"SELECT id FROM cop_rep_scope WHERE community_id = ?1 AND tag = ?2" },
	/* A thread a bulk load writes with the triggers off (sqlite.c,
	 * sq_notrig_row()): whether a post of the index is in it
	 * already (the index's trigger would write it again: fid not
	 * above the mark ?2), and then the work of the tag triggers
	 * cop_thread_tag_ins and cop_tag_thread_ins, the same
	 * statements on the row written. */
	[S_BULK_OLD_POST] = { "bulk thread's posts",      /* thread, mark */
		"SELECT 1 FROM cop_contribution c WHERE c.thread_id = ?1"
		" AND c.kind = 0 AND c.fid <= ?2 LIMIT 1" },
	[S_BULK_THREAD_TAG] = { "bulk thread's tags",           /* thread */
		"INSERT OR IGNORE INTO cop_thread_tag (community_id, tag,"
		" thread_id) SELECT t.community_id, j.value, t.id FROM "
		SQ_BULK_THREAD_OF("t") " WHERE j.value <> ''" },
	[S_BULK_TAG_COUNT] = { "bulk thread's tag uses",        /* thread */
		COP_SQL_TAG_COUNT("t", "1", SQ_BULK_THREAD_OF) },
	/* The community of thread ?1's accept, before a bulk load puts
	 * one with the triggers off (sq_notrig_rop()). */
	[S_BULK_ACCEPT_OF] = { "bulk accept's community",       /* thread */
		"SELECT community_id FROM cop_accept WHERE thread_id = ?1" },
	/* The revision a bump replaced (rop.c, COP_ROP_REVISION_BUMP),
	 * read after it. */
	[S_REV_BUMPED] = { "revision bumped",               /* contribution */
		"SELECT revision - 1 FROM cop_contribution WHERE id = ?1" },
};

