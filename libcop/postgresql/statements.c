/*
 * postgresql/statements.c: the PostgreSQL backend's statements (the
 * records' reads and writes, listings, search, stats).
 */
#include "postgresql/pq.h"

/* ---- statements --------------------------------------------------------- */

/* The records' columns (sql/sql.h), and the sort keys listings page by. */
#define MEMBER_COLS COP_SQL_MEMBER_COLS ", u.handle_lower"
#define COMM_COLS COP_SQL_COMM_COLS
#define MS_COLS COP_SQL_MS_COLS ", u.handle_lower"
#define THR_COLS COP_SQL_THR_COLS ", t.pinned"
#define CON_COLS COP_SQL_CON_COLS
#define REV_COLS COP_SQL_REV_COLS
#define LOG_COLS COP_SQL_LOG_COLS

/* The visibility rule (visibility.h) for the viewer $V. */
#define VIS(V) COP_SQL_VISIBLE(V "::bytea")
#define SEEN(V) COP_SQL_SEEN(V "::bytea")
/*
 * The system variants: the viewer is NULL.  A statement of its own, so
 * that PostgreSQL can keep one generic plan for it (with "$V IS NULL OR
 * ..." it would plan every execution anew, to fold the test).
 */
#define VIS_SYS(V) "(" V "::bytea IS NULL)"
#define SEEN_SYS(V) "(" V "::bytea IS NULL)"
/* A contribution (alias c) seen by $V (SEEN_C) or by the system. */
#define SEEN_C(V) COP_SQL_CON_SEEN(V "::bytea")
#define SEEN_SYS_C(V) "(" V "::bytea IS NULL)"
/* A log entry (alias l) whose object $V may see (COP_SQL_OBJ_HIDDEN; an
 * entry of no community about a member: one $V sees), or any for the
 * system. */
#define SEEN_O(V) "NOT " COP_SQL_OBJ_HIDDEN(V "::bytea", "l.object_id") \
	" AND " COP_SQL_LOG_MEMBER_SEEN(V "::bytea", "l") \
	" AND " COP_SQL_LOG_MODERATED_SEEN(V "::bytea", "l")
#define SEEN_SYS_O(V) "(" V "::bytea IS NULL)"

/* The tsvector of a contribution of kind $K in thread $T with body $B. */
#define CON_TSV(K, T, B) "cop_tsv(CASE WHEN " K "::int = 0 THEN " \
	"(SELECT x.title FROM cop_thread x WHERE x.id = " T "::bytea) END, " \
	B "::text)"

/* What is indexed of a contribution: its text, $17 after its columns
 * (pg_p_stext()), or its body ($9) when that is NULL. */
#define CON_TEXT "coalesce($17::text, $9::text)"
/* A post's tsvector under the thread's new title w.title: the body's
 * part (weight B), made from the text when the post was written, is
 * kept as it is. */
#define RETITLED_TSV "pg_catalog.setweight(pg_catalog.to_tsvector(" \
	"'pg_catalog.simple', coalesce(cop_norm(w.title), '')), 'A') " \
	"OPERATOR(pg_catalog.||) pg_catalog.ts_filter(c.tsv, '{b}')"

/* Inserts and updates: sql/tables.h, with the upserts and full-text
 * index of this engine around them. */

/* Statements with a viewer, written once for both variants. */
#define SQL_L_COMMS(VIS_, SEEN_) \
		"SELECT " COMM_COLS " FROM cop_community k WHERE " VIS_("$1") \
		" ORDER BY k.slug LIMIT $2::bigint"

#define SQL_L_COMMS_A(VIS_, SEEN_) \
		"SELECT " COMM_COLS " FROM cop_community k WHERE " VIS_("$1") \
		" AND k.slug > $3::text COLLATE \"C\" " \
		"ORDER BY k.slug LIMIT $2::bigint"

#define SQL_L_THR(VIS_, SEEN_) \
		"SELECT " THR_COLS " FROM cop_thread t " \
		"WHERE t.community_id = coalesce($1::bytea, (SELECT k.id " \
		"FROM cop_community k WHERE k.slug = $4::text COLLATE \"C\")) " \
		"AND " SEEN_("$2") \
		" ORDER BY t.pinned DESC, t.last_activity DESC, t.id DESC " \
		"LIMIT $3::bigint"

#define SQL_L_THR_A(VIS_, SEEN_) \
		"SELECT " THR_COLS " FROM cop_thread t " \
		"WHERE t.community_id = coalesce($1::bytea, (SELECT k.id " \
		"FROM cop_community k WHERE k.slug = $7::text COLLATE \"C\")) " \
		"AND " SEEN_("$2") \
		" AND (t.pinned, t.last_activity, t.id) < " \
		"($4::int, $5::bigint, $6::bytea) " \
		"ORDER BY t.pinned DESC, t.last_activity DESC, t.id DESC " \
		"LIMIT $3::bigint"

#define SQL_L_AC(VIS_, SEEN_) \
		"SELECT " CON_COLS " FROM cop_contribution c " \
		"JOIN cop_community k ON k.id = c.community_id " \
		"JOIN cop_thread t ON t.id = c.thread_id " \
		"WHERE c.author_id = $1::bytea AND " VIS_("$2") " AND " SEEN_("$2") \
		" AND " SEEN_ ## _C("$2") \
		" ORDER BY c.created DESC, c.id DESC LIMIT $3::bigint"

#define SQL_L_AC_A(VIS_, SEEN_) \
		"SELECT " CON_COLS " FROM cop_contribution c " \
		"JOIN cop_community k ON k.id = c.community_id " \
		"JOIN cop_thread t ON t.id = c.thread_id " \
		"WHERE c.author_id = $1::bytea AND " VIS_("$2") " AND " SEEN_("$2") \
		" AND " SEEN_ ## _C("$2") \
		" AND (c.created, c.id) < ($4::bigint, $5::bytea) " \
		"ORDER BY c.created DESC, c.id DESC LIMIT $3::bigint"

#define SQL_L_LOG(VIS_, SEEN_) \
		"SELECT " LOG_COLS " FROM cop_log l WHERE l.seq > $3::bigint " \
		"AND (l.community_id IS NULL OR $1::bytea IS NULL OR EXISTS (" \
		"SELECT 1 FROM cop_community k WHERE k.id = l.community_id AND " \
		VIS_("$1") ")) AND " SEEN_ ## _O("$1") \
		" ORDER BY l.seq LIMIT $2::bigint"

/* Snippets: ts_headline's options (with the markers: search.c), and
 * the C0 controls but tab and newline that a snippet's text never holds
 * (text.h), made spaces. */
#define HEADLINE_OPTS "$6::text"
#define NO_CONTROLS(T_) "pg_catalog.translate(" T_ ", E'\\x01\\x02\\x03" \
	"\\x04\\x05\\x06\\x07\\x08\\x0b\\x0c\\x0d\\x0e\\x0f\\x10\\x11\\x12" \
	"\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f', " \
	"'                             ')"

/* The search joins the community only to check its visibility.  An HTML
 * body's snippet is made by S_HEADLINE from its text (postgresql/search.c). */
#define KJOIN_VIS "JOIN cop_community k ON k.id = c.community_id "
#define KJOIN_VIS_SYS ""
#define SQL_SEARCH(VIS_, SEEN_) \
		"SELECT s.thread_id, s.id, s.community_id, s.title, " \
		"CASE WHEN s.format <> 1 THEN ts_headline('cop_fold', " \
		NO_CONTROLS("s.body") ", " \
		"$1::tsquery, " HEADLINE_OPTS ") END, " \
		"s.score, CASE WHEN s.format = 1 THEN s.body END " \
		"FROM (SELECT c.thread_id, c.id, c.community_id, t.title, " \
		"c.body, c.format, ts_rank(c.tsv, $1::tsquery) AS score " \
		"FROM cop_contribution c " \
		"JOIN cop_thread t ON t.id = c.thread_id " \
		KJOIN_ ## VIS_ \
		"WHERE c.tsv @@ $1::tsquery " \
		"AND ($2::bytea IS NULL OR c.community_id = $2::bytea) " \
		"AND ($3::text IS NULL OR c.language = $3::text) " \
		"AND " VIS_("$4") " AND " SEEN_("$4") " AND " SEEN_ ## _C("$4") \
		" AND ($7::real IS NULL OR ts_rank(c.tsv, $1::tsquery) < $7::real " \
		"OR (ts_rank(c.tsv, $1::tsquery) = $7::real AND c.id > $8::bytea)) " \
		" ORDER BY score DESC, c.id LIMIT $5::bigint) s " \
		"ORDER BY s.score DESC, s.id"

/* A read with a viewer (S) and the same read for the system (S_S, named
 * NAME "_s"), written once by SQL(VIS_, SEEN_): binary results. */
#define PG_VIEWER_READ(S, NAME, SQL) \
	[S] = { NAME, SQL(VIS, SEEN), 1, 0, 1 }, \
	[S##_S] = { NAME "_s", SQL(VIS_SYS, SEEN_SYS), 1, 0, 1 }

/* A read (S, binary results) and the same read locking its rows inside a
 * write transaction (SL, named NAME "_l", SQL followed by LOCK). */
#define PG_LOCKED_READ(S, SL, NAME, SQL, LOCK) \
	[S] = { NAME, SQL, 1, 0, 1 }, \
	[SL] = { NAME "_l", SQL " " LOCK, 0, 0, 1 }
#define PG_LOCK "FOR NO KEY UPDATE"

/*
 * A bulk load's contributions at once (copy.c, PG_COPY_CON): the insert
 * of S_INS + COP_REC_CONTRIBUTION, its 17 parameters read from the
 * staged row s (columns p1 to p17, text, cast as the statement casts
 * them).  Without ON CONFLICT: a taken key fails it (unique_violation,
 * COP_EEXISTS), as the insert's check would, and the bulk load with it.
 */
const char pg_con_batched[] =
	"INSERT INTO cop_contribution ("
	COP_SQL_ICOLS(COP_SQL_TABLE_CONTRIBUTION, PG) ", tsv) SELECT "
	COP_SQL_IVALS(COP_SQL_TABLE_CONTRIBUTION, PGS) ", "
	CON_TSV("s.p5", "s.p2", "coalesce(s.p17, s.p9)")
	" FROM cop_stage_con s";

const pg_stmt pg_stmts[S_COUNT] = {
	[S_INS + COP_REC_MEMBER] = { "cop_member_ins",
		COP_SQL_INSERT("cop_member", COP_SQL_TABLE_MEMBER, PG)
		" ON CONFLICT DO NOTHING RETURNING 1", 0, 0 },
	/* The handle must stay unique: refuse (count 0) rather than fail,
	 * which would abort the surrounding transaction. */
	[S_UPD + COP_REC_MEMBER] = { "cop_member_upd",
		"WITH w AS (" COP_SQL_UPDATE("cop_member", COP_SQL_TABLE_MEMBER, PG)
		" AND NOT EXISTS (SELECT 1 FROM cop_member o "
		"WHERE o.handle_lower = lower($2::text COLLATE \"C\") "
		"AND o.id <> $1::bytea) RETURNING 1) "
		"SELECT (SELECT count(*) FROM w), "
		"(SELECT count(*) FROM cop_member WHERE id = $1::bytea)", 0, 0 },
	PG_LOCKED_READ(S_GET + COP_REC_MEMBER, S_GET_L + COP_REC_MEMBER,
		"cop_member_lookup", "SELECT " MEMBER_COLS " FROM cop_member u "
		"WHERE u.id = $1::bytea", PG_LOCK),
	PG_LOCKED_READ(S_MEMBER_BYNAME, S_MEMBER_BYNAME_L, "cop_member_byname",
		"SELECT " MEMBER_COLS " FROM cop_member u "
		"WHERE u.handle_lower = lower($1::text COLLATE \"C\")", PG_LOCK),

	[S_INS + COP_REC_COMMUNITY] = { "cop_comm_ins",
		COP_SQL_INSERT("cop_community", COP_SQL_TABLE_COMMUNITY, PG)
		" ON CONFLICT DO NOTHING RETURNING 1", 0, 0 },
	[S_UPD + COP_REC_COMMUNITY] = { "cop_comm_upd",
		"WITH w AS (" COP_SQL_UPDATE("cop_community",
		COP_SQL_TABLE_COMMUNITY, PG) " AND NOT EXISTS (SELECT 1 "
		"FROM cop_community o "
		"WHERE o.slug = $2::text COLLATE \"C\" AND o.id <> $1::bytea) "
		"RETURNING 1) SELECT (SELECT count(*) FROM w), "
		"(SELECT count(*) FROM cop_community WHERE id = $1::bytea)", 0, 0 },
	[S_GET + COP_REC_COMMUNITY] = { "cop_comm_get",
		"SELECT " COMM_COLS " FROM cop_community k WHERE k.id = $1::bytea", 1, 0, 1 },
	[S_COMM_BYSLUG] = { "cop_comm_byslug",
		"SELECT " COMM_COLS " FROM cop_community k "
		"WHERE k.slug = $1::text COLLATE \"C\"", 1, 0, 1 },

	[S_INS + COP_REC_MEMBERSHIP] = { "cop_ms_ins",
		COP_SQL_INSERT("cop_membership", COP_SQL_TABLE_MEMBERSHIP, PG)
		" ON CONFLICT DO NOTHING RETURNING 1", 0, 0 },
	[S_UPD + COP_REC_MEMBERSHIP] = { "cop_ms_upd",
		COP_SQL_UPDATE("cop_membership", COP_SQL_TABLE_MEMBERSHIP, PG)
		" RETURNING 1", 0, 0 },
	PG_LOCKED_READ(S_GET + COP_REC_MEMBERSHIP, S_GET_L + COP_REC_MEMBERSHIP,
		"cop_ms_get", "SELECT " MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = $1::bytea AND m.member_id = $2::bytea",
		PG_LOCK " OF m"),

	/* A thread's title is indexed with its post: (re)index the post
	 * when the thread arrives after it or its title changes. */
	[S_INS + COP_REC_THREAD] = { "cop_thr_ins",
		"WITH w AS (" COP_SQL_INSERT("cop_thread", COP_SQL_TABLE_THREAD, PG)
		" ON CONFLICT DO NOTHING RETURNING id, title), "
		"x AS (UPDATE cop_contribution c SET tsv = " RETITLED_TSV " "
		"FROM w WHERE c.thread_id = w.id AND c.kind = 0 RETURNING 1) "
		"SELECT count(*) FROM w", 0, 1 },
	[S_UPD + COP_REC_THREAD] = { "cop_thr_upd",
		"WITH o AS (SELECT title FROM cop_thread WHERE id = $1::bytea), "
		"w AS (" COP_SQL_UPDATE("cop_thread", COP_SQL_TABLE_THREAD, PG)
		" RETURNING id, title), "
		"x AS (UPDATE cop_contribution c SET tsv = " RETITLED_TSV " "
		"FROM w, o WHERE c.thread_id = w.id AND c.kind = 0 "
		"AND w.title IS DISTINCT FROM o.title RETURNING 1) "
		"SELECT count(*) FROM w", 0, 1 },
	PG_LOCKED_READ(S_GET + COP_REC_THREAD, S_GET_L + COP_REC_THREAD,
		"cop_thr_get", "SELECT " THR_COLS " FROM cop_thread t "
		"WHERE t.id = $1::bytea", PG_LOCK),
	/* thread, viewer: the thread, its community's visibility and the
	 * viewer's membership there, in one round trip. */
	[S_THR_ACCESS] = { "cop_thr_access",
		"SELECT " THR_COLS ", (k.id IS NOT NULL)::int, k.visibility, "
		"(m.member_id IS NOT NULL)::int, m.role, m.status "
		"FROM cop_thread t "
		"LEFT JOIN cop_community k ON k.id = t.community_id "
		"LEFT JOIN cop_membership m ON m.community_id = t.community_id "
		"AND m.member_id = $2::bytea WHERE t.id = $1::bytea", 1, 0, 1 },

	[S_INS + COP_REC_CONTRIBUTION] = { "cop_con_ins",
		"INSERT INTO cop_contribution ("
		COP_SQL_ICOLS(COP_SQL_TABLE_CONTRIBUTION, PG) ", tsv) VALUES ("
		COP_SQL_IVALS(COP_SQL_TABLE_CONTRIBUTION, PG) ", "
		CON_TSV("$5", "$2", CON_TEXT) ") ON CONFLICT DO NOTHING "
		"RETURNING 1", 0, 0 },
	/* Re-index only when the body or kind changes (not on score updates). */
	[S_UPD + COP_REC_CONTRIBUTION] = { "cop_con_upd",
		"UPDATE cop_contribution SET "
		COP_SQL_SETS(COP_SQL_TABLE_CONTRIBUTION, PG) ", "
		"tsv = CASE WHEN body IS DISTINCT FROM $9::text "
		"OR kind IS DISTINCT FROM $5::int OR thread_id IS DISTINCT FROM "
		"$2::bytea THEN " CON_TSV("$5", "$2", CON_TEXT) " ELSE tsv END "
		"WHERE " COP_SQL_WHERE(COP_SQL_TABLE_CONTRIBUTION, PG)
		" RETURNING 1", 0, 0 },
	PG_LOCKED_READ(S_GET + COP_REC_CONTRIBUTION,
		S_GET_L + COP_REC_CONTRIBUTION, "cop_con_get",
		"SELECT " CON_COLS " FROM cop_contribution c "
		"WHERE c.id = $1::bytea", PG_LOCK),

	[S_INS + COP_REC_REVISION] = { "cop_rev_ins",
		COP_SQL_INSERT("cop_revision", COP_SQL_TABLE_REVISION, PG)
		" ON CONFLICT DO NOTHING RETURNING 1", 0, 0 },
	[S_UPD + COP_REC_REVISION] = { "cop_rev_upd",
		COP_SQL_UPDATE("cop_revision", COP_SQL_TABLE_REVISION, PG)
		" RETURNING 1", 0, 0 },
	[S_GET + COP_REC_REVISION] = { "cop_rev_get",
		"SELECT " REV_COLS " FROM cop_revision r "
		"WHERE r.contribution_id = $1::bytea AND r.number = $2::int", 1, 0, 1 },

	[S_INS + COP_REC_LOG] = { "cop_log_ins",
		"SELECT cop_log_append("
		COP_SQL_IVALS(COP_SQL_TABLE_LOG, PG) ")", 0, 0 },
	[S_LOG_LAST] = { "cop_log_last",
		"SELECT coalesce(max(seq), 0) FROM cop_log", 1, 0 },

	/* Listings: $-numbers are (parent,) viewer, limit, then the key. */
	[S_L_MEMBERS] = { "cop_l_members",
		"SELECT " MEMBER_COLS " FROM cop_member u "
		"ORDER BY u.handle_lower LIMIT $1::bigint", 1, 0, 1 },
	[S_L_MEMBERS_A] = { "cop_l_members_a",
		"SELECT " MEMBER_COLS " FROM cop_member u "
		"WHERE u.handle_lower > $2::text COLLATE \"C\" "
		"ORDER BY u.handle_lower LIMIT $1::bigint", 1, 0, 1 },
	/* The same for a viewer ($2, then the key $3): the members they
	 * see (visibility.h). */
	[S_L_MEMBERS_V] = { "cop_l_members_v",
		"SELECT " MEMBER_COLS " FROM cop_member u WHERE "
		COP_SQL_MEMBER_SEEN("$2::bytea", "u.id")
		" ORDER BY u.handle_lower LIMIT $1::bigint", 1, 0, 1 },
	[S_L_MEMBERS_A_V] = { "cop_l_members_a_v",
		"SELECT " MEMBER_COLS " FROM cop_member u "
		"WHERE u.handle_lower > $3::text COLLATE \"C\" AND "
		COP_SQL_MEMBER_SEEN("$2::bytea", "u.id")
		" ORDER BY u.handle_lower LIMIT $1::bigint", 1, 0, 1 },
	[S_MEMBER_SEEN] = { "cop_member_seen",          /* member, viewer */
		COP_SQL_MEMBER_SEEN_BY("$1::bytea", "$2::bytea"), 1, 0, 1 },
	PG_VIEWER_READ(S_L_COMMS, "cop_l_comms", SQL_L_COMMS),
	PG_VIEWER_READ(S_L_COMMS_A, "cop_l_comms_a", SQL_L_COMMS_A),
	[S_L_MS] = { "cop_l_ms",
		"SELECT " MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = $1::bytea AND m.status <> " COP_SQL_MS_LEFT " "
		"AND " COP_SQL_MS_SHOWN("$3::bytea") " "
		"ORDER BY m.role DESC, u.handle_lower LIMIT $2::bigint", 1, 0, 1 },
	[S_L_MS_A] = { "cop_l_ms_a",
		"SELECT " MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = $1::bytea AND m.status <> " COP_SQL_MS_LEFT " "
		"AND (m.role < $3::int OR (m.role = $3::int "
		"AND u.handle_lower > $4::text COLLATE \"C\")) "
		"AND " COP_SQL_MS_SHOWN("$5::bytea") " "
		"ORDER BY m.role DESC, u.handle_lower LIMIT $2::bigint", 1, 0, 1 },
	PG_VIEWER_READ(S_L_THR, "cop_l_thr", SQL_L_THR),
	PG_VIEWER_READ(S_L_THR_A, "cop_l_thr_a", SQL_L_THR_A),
	[S_L_TC] = { "cop_l_tc",
		"SELECT " CON_COLS " FROM cop_contribution c "
		"WHERE c.thread_id = $1::bytea AND " SEEN_C("$3")
		" ORDER BY c.created, c.id LIMIT $2::bigint", 1, 0, 1 },
	[S_L_TC_A] = { "cop_l_tc_a",
		"SELECT " CON_COLS " FROM cop_contribution c "
		"WHERE c.thread_id = $1::bytea "
		"AND (c.created, c.id) > ($3::bigint, $4::bytea) "
		"AND " SEEN_C("$5")
		" ORDER BY c.created, c.id LIMIT $2::bigint", 1, 0, 1 },
	PG_VIEWER_READ(S_L_AC, "cop_l_ac", SQL_L_AC),
	PG_VIEWER_READ(S_L_AC_A, "cop_l_ac_a", SQL_L_AC_A),
	[S_L_REV] = { "cop_l_rev",
		"SELECT " REV_COLS " FROM cop_revision r "
		"WHERE r.contribution_id = $1::bytea AND r.number > $3::int "
		"ORDER BY r.number LIMIT $2::bigint", 1, 0, 1 },
	PG_VIEWER_READ(S_L_LOG, "cop_l_log", SQL_L_LOG),

	[S_NORM] = { "cop_norm",
		"SELECT cop_norm(x.u) FROM unnest($1::text[]) "
		"WITH ORDINALITY AS x(u, i) ORDER BY x.i", 1, 0 },
	/* Snippets only for the hits returned: ts_headline is costly. */
	[S_SEARCH] = { "cop_search",
		SQL_SEARCH(VIS, SEEN), 1, 0 },
	[S_SEARCH_S] = { "cop_search_s",
		SQL_SEARCH(VIS_SYS, SEEN_SYS), 1, 0 },
	/* tsquery, texts, options: their snippets, in order. */
	[S_HEADLINE] = { "cop_headline",
		"SELECT ts_headline('cop_fold', x.t, $1::tsquery, $3::text) "
		"FROM unnest($2::text[]) WITH ORDINALITY AS x(t, i) "
		"ORDER BY x.i", 1, 0 },
	/* after, limit: contributions by id with their title (posts). */
	[S_REINDEX_PAGE] = { "cop_reindex_page",
		"SELECT c.id, c.format, c.body, CASE WHEN c.kind = 0 THEN "
		"(SELECT t.title FROM cop_thread t WHERE t.id = c.thread_id) END "
		"FROM cop_contribution c WHERE c.id > $1::bytea "
		"ORDER BY c.id LIMIT $2::bigint", 0, 0, 1 },
	/* id, title, text. */
	/* The community a bulk load's roll-ups skip (bulk.c; reset by
	 * cop_health_refill() or the transaction's end). */
	[S_BULK_COMMUNITY] = { "cop_bulk_community",
		"SELECT set_config('cop.bulk', encode($1::bytea, 'hex'), true)",
		0, 0 },
	[S_HEALTH_REFILL] = { "cop_health_refill",
		"SELECT cop_health_refill($1::bytea)", 0, 0 },
	/* The period totals (community, period, start, tag, member,
	 * points) of arrays $1 to $6 added, their keys made as needed, as
	 * the view's trigger adds them one by one (sql/schema.h's
	 * COP_SQL_REP_TRIGGER_PG): a row's key is looked up by its unique
	 * index, else read from the key inserts' answers (which the
	 * statement's own reads do not see).  Not a join with the key
	 * tables: the planner, which guesses 100 rows from unnest(), read
	 * every key of every community for each accepted answer. */
	[S_BULK_TOTALS] = { "cop_bulk_totals",
		"WITH s AS (SELECT community_id, period, pstart,"
		" tag COLLATE \"C\" AS tag, member_id, points FROM unnest("
		"$1::bytea[], $2::int[], $3::bigint[], $4::text[], $5::bytea[],"
		" $6::bigint[]) AS s (community_id, period, pstart, tag,"
		" member_id, points)),"
		" m AS (INSERT INTO cop_rep_member (community_id, member_id)"
		" SELECT DISTINCT s.community_id, s.member_id FROM s WHERE NOT"
		" EXISTS (SELECT 1 FROM cop_rep_member k WHERE k.community_id ="
		" s.community_id AND k.member_id = s.member_id) ORDER BY 1, 2"
		" ON CONFLICT DO NOTHING RETURNING id, community_id, member_id),"
		" c AS (INSERT INTO cop_rep_scope (community_id, tag)"
		" SELECT DISTINCT s.community_id, s.tag FROM s WHERE NOT EXISTS"
		" (SELECT 1 FROM cop_rep_scope k WHERE k.community_id ="
		" s.community_id AND k.tag = s.tag) ORDER BY 1, 2"
		" ON CONFLICT DO NOTHING RETURNING id, community_id, tag)"
		" INSERT INTO cop_rep_sum (who, scope, period, pstart, points)"
		" SELECT coalesce((SELECT k.id FROM cop_rep_member k WHERE"
		" k.community_id = s.community_id AND k.member_id ="
		" s.member_id), (SELECT m.id FROM m WHERE m.community_id ="
		" s.community_id AND m.member_id = s.member_id)),"
		" coalesce((SELECT k.id FROM cop_rep_scope k WHERE"
		" k.community_id = s.community_id AND k.tag = s.tag),"
		" (SELECT c.id FROM c WHERE c.community_id = s.community_id"
		" AND c.tag = s.tag)), s.period, s.pstart, sum(s.points)"
		" FROM s"
		" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
		" ON CONFLICT (who, scope, period, pstart) DO UPDATE SET"
		" points = cop_rep_sum.points + excluded.points", 0, 0 },
	[S_REINDEX] = { "cop_reindex",
		"UPDATE cop_contribution SET tsv = cop_tsv($2::text, $3::text) "
		"WHERE id = $1::bytea", 0, 0 },
	[S_STATS] = { "cop_stats",
		COP_SQL_STATS("(SELECT count(DISTINCT g) FROM cop_thread, "
		"unnest(string_to_array(tags, ' ')) AS g WHERE g <> '')"), 1, 0 },
	[S_STATS_C] = { "cop_stats_c",
		COP_SQL_STATS_C("$1::bytea", "(SELECT count(DISTINCT g) "
		"FROM cop_thread, unnest(string_to_array(tags, ' ')) AS g "
		"WHERE community_id = $1::bytea AND g <> '')"), 1, 0 },
	[S_STATS_SEEN] = { "cop_stats_seen",            /* community, viewer */
		COP_SQL_STATS_SEEN("$1::bytea", "$2::bytea", "(SELECT count("
		"DISTINCT g) FROM (SELECT t.tags FROM " COP_SQL_STATS_THREADS(
		"$1::bytea", "$2::bytea") ") s, unnest(string_to_array(s.tags, "
		"' ')) AS g WHERE g <> '')"), 1, 0 },
};

