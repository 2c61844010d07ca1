/*
 * postgresql/pg.c: the PostgreSQL backend, over libpq.
 *
 * One connection per backend instance.  Statements are prepared once per
 * connection (lazily, on first use) and run with PQexecPrepared: ids go
 * as 16-byte binary bytea parameters, everything else as text.  The
 * records' reads (gets and listings, pg_stmt.binary) return binary
 * results: ids as their 16 bytes, integers big-endian, no hex or decimal
 * to parse on every row; a listing hands its rows' strings out borrowed
 * from the batch (COP_BACKEND_ITER_BORROWED).  Other results come back
 * as text (bytea in hex).  Inside a transaction, writes whose
 * only answer is "done", and the transaction's own commands, wait and go
 * to the server in one pipeline with the next statement whose answer is
 * needed (see "statements sent later" below, and docs/postgresql.md).
 *
 * Schema (version 1, see schema_v1 below): every table is prefixed cop_
 * and every row of a community's data carries community_id.  Ids are
 * bytea(16), so keyset order is the bytewise order SQLite uses for blobs;
 * handles and slugs are compared under COLLATE "C" (byte order).
 *
 * Concurrency.  Writes run in READ COMMITTED transactions.  By default
 * (cop_locking=store) the outermost begin takes an EXCLUSIVE lock on
 * cop_meta: one write transaction per store at a time, as on SQLite, so
 * what the core reads inside it stays current until commit and its
 * read-modify-writes of counters (a thread's contribution_count, a
 * contribution's revision and score) never lose an update.  Readers are
 * never blocked.  With cop_locking=row, get() of a member, membership,
 * thread or contribution inside a write transaction locks that row
 * instead (SELECT ... FOR NO KEY UPDATE), so writers to different rows
 * run in parallel; a deadlock between them is reported as COP_EBUSY.
 * Either way the change log is appended under a lock held to commit, so
 * log seqs are gap-free and in commit order (a reader following the log
 * never misses an entry).
 *
 * Search.  Each contribution carries a tsvector: its body (weight B) and,
 * for the post that opens a thread, the thread's title (weight A).  Text
 * is folded by cop_norm() (unaccent when the extension is available,
 * else a translate() table for Latin letters; lowercase; anything but
 * letters and digits becomes a space) and parsed with the 'simple'
 * configuration.  Queries are parsed here (words, trailing '*' prefixes,
 * "quoted phrases") and folded by the same cop_norm() on the server.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <endian.h>
#include <libpq-fe.h>

#include "internal.h"
#include "postgresql/pg.h"
#include "recognition_sql.h"
#include "sql/sql.h"
#include "sql/schema.h"

#define PG_SCHEMA_VERSION 3
#define PG_BATCH 256              /* rows fetched per listing round trip */
#define PG_MAXP 16                /* most parameters of one statement */
#define PG_ERRMSG_MAX 512
#define PG_LOCK_KEY 1668247600    /* advisory lock taken while migrating */

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

/* The tsvector of a contribution of kind $K in thread $T with body $B. */
#define CON_TSV(K, T, B) "cop_tsv(CASE WHEN " K "::int = 0 THEN " \
	"(SELECT x.title FROM cop_thread x WHERE x.id = " T "::bytea) END, " \
	B "::text)"

enum {
	S_MEMBER_INS, S_MEMBER_UPD, S_MEMBER_GET, S_MEMBER_GET_L,
	S_MEMBER_BYNAME, S_MEMBER_BYNAME_L,
	S_COMM_INS, S_COMM_UPD, S_COMM_GET, S_COMM_BYSLUG,
	S_MS_INS, S_MS_UPD, S_MS_GET, S_MS_GET_L,
	S_THR_INS, S_THR_UPD, S_THR_GET, S_THR_GET_L, S_THR_ACCESS,
	S_CON_INS, S_CON_UPD, S_CON_GET, S_CON_GET_L,
	S_REV_INS, S_REV_GET,
	S_LOG_INS, S_LOG_LAST,
	S_L_MEMBERS, S_L_MEMBERS_A, S_L_COMMS, S_L_COMMS_A,
	S_L_MS, S_L_MS_A, S_L_THR, S_L_THR_A, S_L_TC, S_L_TC_A,
	S_L_AC, S_L_AC_A, S_L_REV, S_L_LOG,
	S_NORM, S_SEARCH, S_STATS, S_STATS_C,
	/* The same listings and search for the system (no viewer). */
	S_L_COMMS_S, S_L_COMMS_A_S, S_L_THR_S, S_L_THR_A_S, S_L_AC_S,
	S_L_AC_A_S, S_L_LOG_S, S_SEARCH_S,
	S_COUNT
};

typedef struct pg_stmt {
	const char *name;
	const char *sql;
	int readonly;        /* may be retried after a reconnection */
	int counted;         /* a write answering SELECT count(*) */
	int binary;          /* results in binary (see r_id, r_int) */
} pg_stmt;

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
		" ORDER BY c.created DESC, c.id DESC LIMIT $3::bigint"

#define SQL_L_AC_A(VIS_, SEEN_) \
		"SELECT " CON_COLS " FROM cop_contribution c " \
		"JOIN cop_community k ON k.id = c.community_id " \
		"JOIN cop_thread t ON t.id = c.thread_id " \
		"WHERE c.author_id = $1::bytea AND " VIS_("$2") " AND " SEEN_("$2") \
		" AND (c.created, c.id) < ($4::bigint, $5::bytea) " \
		"ORDER BY c.created DESC, c.id DESC LIMIT $3::bigint"

#define SQL_L_LOG(VIS_, SEEN_) \
		"SELECT " LOG_COLS " FROM cop_log l WHERE l.seq > $3::bigint " \
		"AND (l.community_id IS NULL OR $1::bytea IS NULL OR EXISTS (" \
		"SELECT 1 FROM cop_community k WHERE k.id = l.community_id AND " \
		VIS_("$1") ")) ORDER BY l.seq LIMIT $2::bigint"

/* The search joins the community only to check its visibility. */
#define KJOIN_VIS "JOIN cop_community k ON k.id = c.community_id "
#define KJOIN_VIS_SYS ""
#define SQL_SEARCH(VIS_, SEEN_) \
		"SELECT s.thread_id, s.id, s.community_id, s.title, " \
		"ts_headline('cop_fold', s.body, $1::tsquery, " \
		"'StartSel=[, StopSel=], MinWords=8, MaxWords=24, ShortWord=1'), " \
		"s.score FROM (SELECT c.thread_id, c.id, c.community_id, t.title, " \
		"c.body, ts_rank(c.tsv, $1::tsquery) AS score " \
		"FROM cop_contribution c " \
		"JOIN cop_thread t ON t.id = c.thread_id " \
		KJOIN_ ## VIS_ \
		"WHERE c.tsv @@ $1::tsquery " \
		"AND ($2::bytea IS NULL OR c.community_id = $2::bytea) " \
		"AND ($3::text IS NULL OR c.language = $3::text) " \
		"AND " VIS_("$4") " AND " SEEN_("$4") \
		" ORDER BY score DESC, c.id LIMIT $5::bigint) s " \
		"ORDER BY s.score DESC, s.id"

static const pg_stmt stmts[S_COUNT] = {
	[S_MEMBER_INS] = { "cop_member_ins",
		"INSERT INTO cop_member (id, handle, display_name, organisation, "
		"languages, status, created) VALUES ($1::bytea, $2::text, $3::text, "
		"$4::text, $5::text, $6::int, $7::bigint) ON CONFLICT DO NOTHING "
		"RETURNING 1", 0, 0 },
	/* The handle must stay unique: refuse (count 0) rather than fail,
	 * which would abort the surrounding transaction. */
	[S_MEMBER_UPD] = { "cop_member_upd",
		"WITH w AS (UPDATE cop_member SET handle = $2::text, "
		"display_name = $3::text, organisation = $4::text, "
		"languages = $5::text, status = $6::int, created = $7::bigint "
		"WHERE id = $1::bytea AND NOT EXISTS (SELECT 1 FROM cop_member o "
		"WHERE o.handle_lower = lower($2::text COLLATE \"C\") "
		"AND o.id <> $1::bytea) RETURNING 1) "
		"SELECT (SELECT count(*) FROM w), "
		"(SELECT count(*) FROM cop_member WHERE id = $1::bytea)", 0, 0 },
	[S_MEMBER_GET] = { "cop_member_get",
		"SELECT " MEMBER_COLS " FROM cop_member u WHERE u.id = $1::bytea", 1, 0, 1 },
	[S_MEMBER_GET_L] = { "cop_member_get_l",
		"SELECT " MEMBER_COLS " FROM cop_member u WHERE u.id = $1::bytea "
		"FOR NO KEY UPDATE", 0, 0, 1 },
	[S_MEMBER_BYNAME] = { "cop_member_byname",
		"SELECT " MEMBER_COLS " FROM cop_member u "
		"WHERE u.handle_lower = lower($1::text COLLATE \"C\")", 1, 0, 1 },
	[S_MEMBER_BYNAME_L] = { "cop_member_byname_l",
		"SELECT " MEMBER_COLS " FROM cop_member u "
		"WHERE u.handle_lower = lower($1::text COLLATE \"C\") "
		"FOR NO KEY UPDATE", 0, 0, 1 },

	[S_COMM_INS] = { "cop_comm_ins",
		"INSERT INTO cop_community (id, slug, name, purpose, language, "
		"visibility, created) VALUES ($1::bytea, $2::text, $3::text, "
		"$4::text, $5::text, $6::int, $7::bigint) ON CONFLICT DO NOTHING "
		"RETURNING 1", 0, 0 },
	[S_COMM_UPD] = { "cop_comm_upd",
		"WITH w AS (UPDATE cop_community SET slug = $2::text, "
		"name = $3::text, purpose = $4::text, language = $5::text, "
		"visibility = $6::int, created = $7::bigint WHERE id = $1::bytea "
		"AND NOT EXISTS (SELECT 1 FROM cop_community o "
		"WHERE o.slug = $2::text COLLATE \"C\" AND o.id <> $1::bytea) "
		"RETURNING 1) SELECT (SELECT count(*) FROM w), "
		"(SELECT count(*) FROM cop_community WHERE id = $1::bytea)", 0, 0 },
	[S_COMM_GET] = { "cop_comm_get",
		"SELECT " COMM_COLS " FROM cop_community k WHERE k.id = $1::bytea", 1, 0, 1 },
	[S_COMM_BYSLUG] = { "cop_comm_byslug",
		"SELECT " COMM_COLS " FROM cop_community k "
		"WHERE k.slug = $1::text COLLATE \"C\"", 1, 0, 1 },

	[S_MS_INS] = { "cop_ms_ins",
		"INSERT INTO cop_membership (community_id, member_id, role, status, "
		"joined, pledged_hours) VALUES ($1::bytea, $2::bytea, $3::int, "
		"$4::int, $5::bigint, $6::int) ON CONFLICT DO NOTHING RETURNING 1", 0, 0 },
	[S_MS_UPD] = { "cop_ms_upd",
		"UPDATE cop_membership SET role = $3::int, status = $4::int, "
		"joined = $5::bigint, pledged_hours = $6::int "
		"WHERE community_id = $1::bytea AND member_id = $2::bytea "
		"RETURNING 1", 0, 0 },
	[S_MS_GET] = { "cop_ms_get",
		"SELECT " MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = $1::bytea AND m.member_id = $2::bytea", 1, 0, 1 },
	[S_MS_GET_L] = { "cop_ms_get_l",
		"SELECT " MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = $1::bytea AND m.member_id = $2::bytea "
		"FOR NO KEY UPDATE OF m", 0, 0, 1 },

	/* A thread's title is indexed with its post: (re)index the post
	 * when the thread arrives after it or its title changes. */
	[S_THR_INS] = { "cop_thr_ins",
		"WITH w AS (INSERT INTO cop_thread (id, community_id, author_id, "
		"kind, state, title, tags, language, created, last_activity, "
		"contribution_count) VALUES ($1::bytea, $2::bytea, $3::bytea, "
		"$4::int, $5::int, $6::text, $7::text, $8::text, $9::bigint, "
		"$10::bigint, $11::int) ON CONFLICT DO NOTHING RETURNING id, title), "
		"x AS (UPDATE cop_contribution c SET tsv = cop_tsv(w.title, c.body) "
		"FROM w WHERE c.thread_id = w.id AND c.kind = 0 RETURNING 1) "
		"SELECT count(*) FROM w", 0, 1 },
	[S_THR_UPD] = { "cop_thr_upd",
		"WITH o AS (SELECT title FROM cop_thread WHERE id = $1::bytea), "
		"w AS (UPDATE cop_thread SET community_id = $2::bytea, "
		"author_id = $3::bytea, kind = $4::int, state = $5::int, "
		"title = $6::text, tags = $7::text, language = $8::text, "
		"created = $9::bigint, last_activity = $10::bigint, "
		"contribution_count = $11::int WHERE id = $1::bytea "
		"RETURNING id, title), "
		"x AS (UPDATE cop_contribution c SET tsv = cop_tsv(w.title, c.body) "
		"FROM w, o WHERE c.thread_id = w.id AND c.kind = 0 "
		"AND w.title IS DISTINCT FROM o.title RETURNING 1) "
		"SELECT count(*) FROM w", 0, 1 },
	[S_THR_GET] = { "cop_thr_get",
		"SELECT " THR_COLS " FROM cop_thread t WHERE t.id = $1::bytea", 1, 0, 1 },
	[S_THR_GET_L] = { "cop_thr_get_l",
		"SELECT " THR_COLS " FROM cop_thread t WHERE t.id = $1::bytea "
		"FOR NO KEY UPDATE", 0, 0, 1 },
	/* thread, viewer: the thread, its community's visibility and the
	 * viewer's membership there, in one round trip. */
	[S_THR_ACCESS] = { "cop_thr_access",
		"SELECT " THR_COLS ", (k.id IS NOT NULL)::int, k.visibility, "
		"(m.member_id IS NOT NULL)::int, m.role, m.status "
		"FROM cop_thread t "
		"LEFT JOIN cop_community k ON k.id = t.community_id "
		"LEFT JOIN cop_membership m ON m.community_id = t.community_id "
		"AND m.member_id = $2::bytea WHERE t.id = $1::bytea", 1, 0, 1 },

	[S_CON_INS] = { "cop_con_ins",
		"INSERT INTO cop_contribution (id, thread_id, community_id, "
		"author_id, kind, reply_to, translation_of, language, body, format, "
		"created, edited, revision, score, tsv) VALUES ($1::bytea, "
		"$2::bytea, $3::bytea, $4::bytea, $5::int, $6::bytea, $7::bytea, "
		"$8::text, $9::text, $10::int, $11::bigint, $12::bigint, $13::int, "
		"$14::int, " CON_TSV("$5", "$2", "$9") ") ON CONFLICT DO NOTHING "
		"RETURNING 1", 0, 0 },
	/* Re-index only when the body or kind changes (not on score updates). */
	[S_CON_UPD] = { "cop_con_upd",
		"UPDATE cop_contribution SET thread_id = $2::bytea, "
		"community_id = $3::bytea, author_id = $4::bytea, kind = $5::int, "
		"reply_to = $6::bytea, translation_of = $7::bytea, "
		"language = $8::text, body = $9::text, format = $10::int, "
		"created = $11::bigint, edited = $12::bigint, revision = $13::int, "
		"score = $14::int, tsv = CASE WHEN body IS DISTINCT FROM $9::text "
		"OR kind IS DISTINCT FROM $5::int OR thread_id IS DISTINCT FROM "
		"$2::bytea THEN " CON_TSV("$5", "$2", "$9") " ELSE tsv END "
		"WHERE id = $1::bytea RETURNING 1", 0, 0 },
	[S_CON_GET] = { "cop_con_get",
		"SELECT " CON_COLS " FROM cop_contribution c WHERE c.id = $1::bytea", 1, 0, 1 },
	[S_CON_GET_L] = { "cop_con_get_l",
		"SELECT " CON_COLS " FROM cop_contribution c WHERE c.id = $1::bytea "
		"FOR NO KEY UPDATE", 0, 0, 1 },

	[S_REV_INS] = { "cop_rev_ins",
		"INSERT INTO cop_revision (contribution_id, community_id, number, "
		"author_id, body, comment, created) VALUES ($1::bytea, $2::bytea, "
		"$3::int, $4::bytea, $5::text, $6::text, $7::bigint) "
		"ON CONFLICT DO NOTHING RETURNING 1", 0, 0 },
	[S_REV_GET] = { "cop_rev_get",
		"SELECT " REV_COLS " FROM cop_revision r "
		"WHERE r.contribution_id = $1::bytea AND r.number = $2::int", 1, 0, 1 },

	[S_LOG_INS] = { "cop_log_ins",
		"SELECT cop_log_append($1::bigint, $2::bytea, $3::text, $4::bytea, "
		"$5::bytea)", 0, 0 },
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
	[S_L_COMMS] = { "cop_l_comms",
		SQL_L_COMMS(VIS, SEEN), 1, 0, 1 },
	[S_L_COMMS_S] = { "cop_l_comms_s",
		SQL_L_COMMS(VIS_SYS, SEEN_SYS), 1, 0, 1 },
	[S_L_COMMS_A] = { "cop_l_comms_a",
		SQL_L_COMMS_A(VIS, SEEN), 1, 0, 1 },
	[S_L_COMMS_A_S] = { "cop_l_comms_a_s",
		SQL_L_COMMS_A(VIS_SYS, SEEN_SYS), 1, 0, 1 },
	[S_L_MS] = { "cop_l_ms",
		"SELECT " MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = $1::bytea AND m.status <> " COP_SQL_MS_LEFT " "
		"ORDER BY m.role DESC, u.handle_lower LIMIT $2::bigint", 1, 0, 1 },
	[S_L_MS_A] = { "cop_l_ms_a",
		"SELECT " MS_COLS " FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id "
		"WHERE m.community_id = $1::bytea AND m.status <> " COP_SQL_MS_LEFT " "
		"AND (m.role < $3::int OR (m.role = $3::int "
		"AND u.handle_lower > $4::text COLLATE \"C\")) "
		"ORDER BY m.role DESC, u.handle_lower LIMIT $2::bigint", 1, 0, 1 },
	[S_L_THR] = { "cop_l_thr",
		SQL_L_THR(VIS, SEEN), 1, 0, 1 },
	[S_L_THR_S] = { "cop_l_thr_s",
		SQL_L_THR(VIS_SYS, SEEN_SYS), 1, 0, 1 },
	[S_L_THR_A] = { "cop_l_thr_a",
		SQL_L_THR_A(VIS, SEEN), 1, 0, 1 },
	[S_L_THR_A_S] = { "cop_l_thr_a_s",
		SQL_L_THR_A(VIS_SYS, SEEN_SYS), 1, 0, 1 },
	[S_L_TC] = { "cop_l_tc",
		"SELECT " CON_COLS " FROM cop_contribution c "
		"WHERE c.thread_id = $1::bytea "
		"ORDER BY c.created, c.id LIMIT $2::bigint", 1, 0, 1 },
	[S_L_TC_A] = { "cop_l_tc_a",
		"SELECT " CON_COLS " FROM cop_contribution c "
		"WHERE c.thread_id = $1::bytea "
		"AND (c.created, c.id) > ($3::bigint, $4::bytea) "
		"ORDER BY c.created, c.id LIMIT $2::bigint", 1, 0, 1 },
	[S_L_AC] = { "cop_l_ac",
		SQL_L_AC(VIS, SEEN), 1, 0, 1 },
	[S_L_AC_S] = { "cop_l_ac_s",
		SQL_L_AC(VIS_SYS, SEEN_SYS), 1, 0, 1 },
	[S_L_AC_A] = { "cop_l_ac_a",
		SQL_L_AC_A(VIS, SEEN), 1, 0, 1 },
	[S_L_AC_A_S] = { "cop_l_ac_a_s",
		SQL_L_AC_A(VIS_SYS, SEEN_SYS), 1, 0, 1 },
	[S_L_REV] = { "cop_l_rev",
		"SELECT " REV_COLS " FROM cop_revision r "
		"WHERE r.contribution_id = $1::bytea AND r.number > $3::int "
		"ORDER BY r.number LIMIT $2::bigint", 1, 0, 1 },
	[S_L_LOG] = { "cop_l_log",
		SQL_L_LOG(VIS, SEEN), 1, 0, 1 },
	[S_L_LOG_S] = { "cop_l_log_s",
		SQL_L_LOG(VIS_SYS, SEEN_SYS), 1, 0, 1 },

	[S_NORM] = { "cop_norm",
		"SELECT cop_norm(x.u) FROM unnest($1::text[]) "
		"WITH ORDINALITY AS x(u, i) ORDER BY x.i", 1, 0 },
	/* Snippets only for the hits returned: ts_headline is costly. */
	[S_SEARCH] = { "cop_search",
		SQL_SEARCH(VIS, SEEN), 1, 0 },
	[S_SEARCH_S] = { "cop_search_s",
		SQL_SEARCH(VIS_SYS, SEEN_SYS), 1, 0 },
	[S_STATS] = { "cop_stats",
		"SELECT (SELECT count(*) FROM cop_member), "
		"(SELECT count(*) FROM cop_community), "
		"(SELECT count(*) FROM cop_thread), "
		"(SELECT count(*) FROM cop_thread WHERE kind = 1), "
		"(SELECT count(*) FROM cop_contribution WHERE kind = 2), "
		"(SELECT count(*) FROM cop_contribution WHERE kind = 3), "
		"(SELECT count(*) FROM cop_contribution), "
		"(SELECT count(DISTINCT g) FROM cop_thread, "
		"unnest(string_to_array(tags, ' ')) AS g WHERE g <> '')", 1, 0 },
	[S_STATS_C] = { "cop_stats_c",
		"SELECT (SELECT count(*) FROM cop_membership "
		"WHERE community_id = $1::bytea AND status IN " COP_SQL_MS_SEES "), "
		"(SELECT count(*) FROM cop_community WHERE id = $1::bytea), "
		"(SELECT count(*) FROM cop_thread WHERE community_id = $1::bytea), "
		"(SELECT count(*) FROM cop_thread WHERE community_id = $1::bytea "
		"AND kind = 1), "
		"(SELECT count(*) FROM cop_contribution "
		"WHERE community_id = $1::bytea AND kind = 2), "
		"(SELECT count(*) FROM cop_contribution "
		"WHERE community_id = $1::bytea AND kind = 3), "
		"(SELECT count(*) FROM cop_contribution "
		"WHERE community_id = $1::bytea), "
		"(SELECT count(DISTINCT g) FROM cop_thread, "
		"unnest(string_to_array(tags, ' ')) AS g "
		"WHERE community_id = $1::bytea AND g <> '')", 1, 0 },
};

/* ---- the schema ------------------------------------------------------------ */

/*
 * Version 1.  %1$s is replaced by the folding expression of $1 and %2$s
 * by the separator class (see pg_schema_create()); %3$s is the quoted
 * schema the functions live in.
 */
static const char schema_v1[] =
	"CREATE TABLE cop_meta ("
	" key text COLLATE \"C\" PRIMARY KEY,"
	" value text NOT NULL);\n"
	"CREATE FUNCTION cop_norm(text) RETURNS text LANGUAGE sql IMMUTABLE"
	" PARALLEL SAFE AS $f$SELECT pg_catalog.btrim(pg_catalog.regexp_replace("
	"pg_catalog.lower(%1$s), '%2$s', ' ', 'g'))$f$;\n"
	"CREATE FUNCTION cop_tsv(text, text) RETURNS tsvector LANGUAGE sql"
	" IMMUTABLE PARALLEL SAFE AS $f$SELECT"
	" pg_catalog.setweight(pg_catalog.to_tsvector('pg_catalog.simple',"
	" coalesce(%3$s.cop_norm($1), '')), 'A') OPERATOR(pg_catalog.||)"
	" pg_catalog.setweight(pg_catalog.to_tsvector('pg_catalog.simple',"
	" coalesce(%3$s.cop_norm($2), '')), 'B')$f$;\n"
	"CREATE TEXT SEARCH CONFIGURATION cop_fold (COPY = pg_catalog.simple);\n"
	"CREATE TABLE cop_member ("
	" id bytea PRIMARY KEY CHECK (octet_length(id) = 16),"
	" handle text NOT NULL,"
	" handle_lower text COLLATE \"C\" NOT NULL"
	"  GENERATED ALWAYS AS (lower(handle COLLATE \"C\")) STORED,"
	" display_name text NOT NULL,"
	" organisation text,"
	" languages text,"
	" status integer NOT NULL,"
	" created bigint NOT NULL);\n"
	"CREATE UNIQUE INDEX cop_member_handle ON cop_member (handle_lower);\n"
	"CREATE TABLE cop_community ("
	" id bytea PRIMARY KEY CHECK (octet_length(id) = 16),"
	" slug text COLLATE \"C\" NOT NULL UNIQUE,"
	" name text NOT NULL,"
	" purpose text,"
	" language text NOT NULL,"
	" visibility integer NOT NULL,"
	" created bigint NOT NULL);\n"
	"CREATE TABLE cop_membership ("
	" community_id bytea NOT NULL,"
	" member_id bytea NOT NULL,"
	" role integer NOT NULL,"
	" status integer NOT NULL,"
	" joined bigint NOT NULL,"
	" pledged_hours integer NOT NULL,"
	" PRIMARY KEY (community_id, member_id));\n"
	"CREATE INDEX cop_membership_member ON cop_membership (member_id);\n"
	"CREATE TABLE cop_thread ("
	" id bytea PRIMARY KEY CHECK (octet_length(id) = 16),"
	" community_id bytea NOT NULL,"
	" author_id bytea,"
	" kind integer NOT NULL,"
	" state integer NOT NULL,"
	" pinned integer NOT NULL"
	"  GENERATED ALWAYS AS (CASE WHEN state = " COP_SQL_PINNED " THEN 1 ELSE 0"
	" END) STORED,"
	" title text NOT NULL,"
	" tags text NOT NULL,"
	" language text NOT NULL,"
	" created bigint NOT NULL,"
	" last_activity bigint NOT NULL,"
	" contribution_count integer NOT NULL);\n"
	"CREATE INDEX cop_thread_list ON cop_thread"
	" (community_id, pinned DESC, last_activity DESC, id DESC);\n"
	"CREATE TABLE cop_contribution ("
	" id bytea PRIMARY KEY CHECK (octet_length(id) = 16),"
	" thread_id bytea NOT NULL,"
	" community_id bytea NOT NULL,"
	" author_id bytea,"
	" kind integer NOT NULL,"
	" reply_to bytea,"
	" translation_of bytea,"
	" language text NOT NULL,"
	" body text NOT NULL,"
	" format integer NOT NULL,"
	" created bigint NOT NULL,"
	" edited bigint NOT NULL,"
	" revision integer NOT NULL,"
	" score integer NOT NULL,"
	" tsv tsvector NOT NULL);\n"
	"CREATE INDEX cop_contribution_thread ON cop_contribution"
	" (thread_id, created, id);\n"
	"CREATE INDEX cop_contribution_author ON cop_contribution"
	" (author_id, created DESC, id DESC);\n"
	"CREATE INDEX cop_contribution_community ON cop_contribution"
	" (community_id);\n"
	"CREATE INDEX cop_contribution_tsv ON cop_contribution USING gin (tsv);\n"
	"CREATE TABLE cop_revision ("
	" contribution_id bytea NOT NULL,"
	" number integer NOT NULL,"
	" community_id bytea NOT NULL,"
	" author_id bytea,"
	" body text NOT NULL,"
	" comment text,"
	" created bigint NOT NULL,"
	" PRIMARY KEY (contribution_id, number));\n"
	"CREATE TABLE cop_log ("
	" seq bigint PRIMARY KEY,"
	" time bigint NOT NULL,"
	" actor_id bytea,"
	" op text NOT NULL,"
	" object_id bytea,"
	" community_id bytea);\n"
	/* Appends under a lock held to commit: seqs are gap-free and follow
	 * commit order.  Each statement of a VOLATILE function takes a new
	 * snapshot, so max(seq) sees the previous holder's row. */
	"CREATE FUNCTION cop_log_append(bigint, bytea, text, bytea, bytea)"
	" RETURNS bigint LANGUAGE plpgsql VOLATILE AS $f$\n"
	"DECLARE s bigint;\n"
	"BEGIN\n"
	" LOCK TABLE %3$s.cop_log IN EXCLUSIVE MODE;\n"
	" INSERT INTO %3$s.cop_log (seq, time, actor_id, op, object_id,"
	" community_id) SELECT coalesce(max(seq), 0) + 1, $1, $2, $3, $4, $5"
	" FROM %3$s.cop_log RETURNING seq INTO s;\n"
	" RETURN s;\n"
	"END$f$;\n";

/* Latin letters with diacritics and their base letters, for databases
 * without the unaccent extension (one character for one). */
static const char fold_from[] =
	"ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƀƠơƯưƵƶǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ";
static const char fold_to[] =
	"AAAAAACEEEEIIIINOOOOOOUUUUYaaaaaaceeeeiiiinoooooouuuuyyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkLlLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzbOoUuZzAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy";

/* Separators when the database's ctype does not know non-ASCII letters:
 * ASCII punctuation and controls, Latin-1 punctuation, general and CJK
 * punctuation. */
#define SEP_ASCII "[^0-9A-Za-z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6" \
	"\\u00d8-\\u00f6\\u00f8-\\u1fff\\u2070-\\u2dff\\u2e80-\\u2fff" \
	"\\u3005-\\u3007\\u3021-\\u3029\\u3031-\\ufeff\\uff10-\\uff19" \
	"\\uff21-\\uff3a\\uff41-\\uff5a\\uff66-\\U0010ffff]+"
#define SEP_ALNUM "[^[:alnum:]]+"

/* The engine's types for sql/schema.h. */
#define PG_TYPES "bytea", "int", "bigint", "text", "text COLLATE \"C\"", ""

/*
 * Version 2: recognition (votes, accepted answers, kudos, the reputation
 * ledger, standings, period totals, badges, configuration); see
 * sys/backend.h for the tables and libcop/recognition_sql.h for the
 * statements, shared with the SQLite backend.
 */
static const char schema_v2[] =
	COP_SQL_SCHEMA(COP_SQL_SCHEMA_RECOGNITION, PG_TYPES);

/* Version 3: interoperability (see the SQLite backend's schema_v3):
 * import source ids, thread links, named badges, erasure policies,
 * flags, posts read. */
static const char schema_v3[] =
	COP_SQL_SCHEMA(COP_SQL_SCHEMA_INTEROP, PG_TYPES);

/* ---- the instance ------------------------------------------------------------ */

typedef struct pg_backend {
	cop_backend base;
	PGconn *conn;
	char *conninfo;       /* the URI without libcop's parameters */
	char *schema;         /* cop_schema, or NULL */
	int drop_schema;      /* cop_schema_drop=1 */
	int readonly;
	int busy_ms;
	int row_locks;        /* cop_locking=row: lock rows, not the store */
	int depth;            /* open transaction levels */
	int txn_lost;         /* the connection died inside a transaction */
	int txn_dead;         /* the transaction's BEGIN, LOCK or SAVEPOINT
	                         failed: this code until it is rolled back */
	char dead_msg[PG_ERRMSG_MAX];
	struct pg_qent *q;    /* statements waiting to be sent (pg_defer) */
	int qn, qcap;
	unsigned char prepared[S_COUNT];
	unsigned char rprepared[2][COP_ROP__COUNT];  /* recognition; [1]: locking */
	char errmsg[PG_ERRMSG_MAX];
} pg_backend;

#define PG(be) ((pg_backend *)(be))

static int pg_fail(pg_backend *b, int code, const char *fmt, ...)
	COP__PRINTF(3, 4);

static int pg_fail(pg_backend *b, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->errmsg, sizeof(b->errmsg), fmt, ap);
	va_end(ap);
	return code;
}

/* Copy a libpq message (without its trailing newline) after a prefix. */
static int pg_fail_text(pg_backend *b, int code, const char *what,
	const char *text)
{
	size_t n;

	if (!text || !*text)
		text = "unknown error";
	snprintf(b->errmsg, sizeof(b->errmsg), "%s: %s", what, text);
	/* libpq's messages span lines: keep one. */
	for (n = 0; b->errmsg[n]; n++)
		if (b->errmsg[n] == '\n' || b->errmsg[n] == '\t')
			b->errmsg[n] = ' ';
	n = strlen(b->errmsg);
	while (n > 0 && (b->errmsg[n - 1] == '\n' || b->errmsg[n - 1] == ' '))
		b->errmsg[--n] = '\0';
	return code;
}

static int pg_conn_error(pg_backend *b, const char *what)
{
	return pg_fail_text(b, COP_EIO, what, PQerrorMessage(b->conn));
}

/* Map a failed result to a status code, with the server's message. */
static int pg_result_error(pg_backend *b, const PGresult *r, const char *what)
{
	const char *state;
	int code = COP_EIO;

	if (!r) {
		if (!b->conn || PQstatus(b->conn) == CONNECTION_BAD)
			return pg_conn_error(b, what);
		return pg_fail(b, COP_ENOMEM, "%s: out of memory", what);
	}
	state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (state) {
		if (!strcmp(state, "23505"))
			code = COP_EEXISTS;
		else if (!strcmp(state, "25006"))
			code = COP_EREADONLY;
		else if (!strcmp(state, "40001") || !strcmp(state, "40P01") ||
		         !strcmp(state, "55P03") || !strcmp(state, "55006") ||
		         !strcmp(state, "57014") || !strcmp(state, "53300"))
			code = COP_EBUSY;
		else if (!strcmp(state, "53200"))
			code = COP_ENOMEM;
		else if (!strcmp(state, "42P01") || !strcmp(state, "42883") ||
		         !strcmp(state, "42703") || !strcmp(state, "3F000") ||
		         !strncmp(state, "XX", 2))
			code = COP_ECORRUPT;
	}
	if (code == COP_EIO && PQstatus(b->conn) == CONNECTION_BAD)
		return pg_conn_error(b, what);
	if (PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY))
		return pg_fail_text(b, code, what,
			PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
	return pg_fail_text(b, code, what, PQresultErrorMessage(r));
}

static const char *pg_errmsg(cop_backend *be)
{
	return PG(be)->errmsg[0] ? PG(be)->errmsg : "no error";
}

/* ---- parameters and results ------------------------------------------------- */

typedef struct pg_params {
	int n;
	const char *v[PG_MAXP];
	int len[PG_MAXP];
	int fmt[PG_MAXP];
	char num[PG_MAXP][24];
} pg_params;

static void p_null(pg_params *p)
{
	p->v[p->n] = NULL;
	p->len[p->n] = 0;
	p->fmt[p->n] = 0;
	p->n++;
}

/* An id, always sent (keys). */
static void p_key(pg_params *p, const cop_id *id)
{
	p->v[p->n] = (const char *)id->bytes;
	p->len[p->n] = 16;
	p->fmt[p->n] = 1;
	p->n++;
}

/* An optional id: NULL when nil (or when @p id is NULL). */
static void p_id(pg_params *p, const cop_id *id)
{
	if (!id || cop_id_is_nil(id))
		p_null(p);
	else
		p_key(p, id);
}

static void p_text(pg_params *p, const char *s)
{
	p->v[p->n] = s;
	p->len[p->n] = 0;
	p->fmt[p->n] = 0;
	p->n++;
}

static void p_int(pg_params *p, int64_t v)
{
	snprintf(p->num[p->n], sizeof(p->num[0]), "%" PRId64, v);
	p_text(p, p->num[p->n]);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of each hex digit, 16 for any other byte (ids in text
 * results: search hits, the recognition engine's rows). */
static const unsigned char hexv[256] = {
#define H16 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16
	H16, H16, H16,
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 16, 16, 16, 16, 16,
	16, 10, 11, 12, 13, 14, 15, 16, 16, 16, 16, 16, 16, 16, 16, 16, H16,
	16, 10, 11, 12, 13, 14, 15, 16, 16, 16, 16, 16, 16, 16, 16, 16, H16,
	H16, H16, H16, H16, H16, H16, H16, H16
#undef H16
};

/* An id column (bytea: hex text, or its 16 bytes in binary results);
 * NULL gives the nil id. */
static int r_id(pg_backend *b, const PGresult *r, int row, int col,
	cop_id *out)
{
	const unsigned char *s;
	int i;

	if (PQfformat(r, col) == 1 && PQgetlength(r, row, col) == 16) {
		/* Binary: the 16 bytes themselves. */
		memcpy(out->bytes, PQgetvalue(r, row, col), 16);
		return COP_OK;
	}
	if (PQgetisnull(r, row, col)) {
		memset(out, 0, sizeof(*out));
		return COP_OK;
	}
	s = (const unsigned char *)PQgetvalue(r, row, col);
	if (PQfformat(r, col) == 1)
		goto bad;
	if (PQgetlength(r, row, col) != 34 || s[0] != '\\' || s[1] != 'x')
		goto bad;
	for (i = 0; i < 16; i++) {
		unsigned int hi = hexv[s[2 + 2 * i]], lo = hexv[s[3 + 2 * i]];
		if ((hi | lo) & 16)
			goto bad;
		out->bytes[i] = (unsigned char)(hi << 4 | lo);
	}
	return COP_OK;
bad:
	memset(out, 0, sizeof(*out));
	return pg_fail(b, COP_ECORRUPT, "malformed id in column %s",
		PQfname(r, col));
}

/*
 * An integer column; NULL is 0.  Text results carry the server's
 * decimal; binary ones (statements marked so, whose integer columns are
 * all bool, int2, int4 or int8) a big-endian integer of the column's
 * width, or a bool's one byte; there a NULL is the only empty value.
 */
static int64_t r_int(const PGresult *r, int row, int col)
{
	const char *s;
	uint64_t v = 0;
	int neg;

	if (PQfformat(r, col) == 1) {
		const unsigned char *u;
		uint32_t w;
		uint16_t h;

		switch (PQgetlength(r, row, col)) {
		case 8:
			memcpy(&v, PQgetvalue(r, row, col), 8);
			return (int64_t)be64toh(v);
		case 4:
			memcpy(&w, PQgetvalue(r, row, col), 4);
			return (int32_t)be32toh(w);
		case 2:
			memcpy(&h, PQgetvalue(r, row, col), 2);
			return (int16_t)be16toh(h);
		case 1:
			u = (const unsigned char *)PQgetvalue(r, row, col);
			return u[0];
		default:
			return 0;
		}
	}
	if (PQgetisnull(r, row, col))
		return 0;
	s = PQgetvalue(r, row, col);
	if ((neg = *s == '-'))
		s++;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return neg ? (int64_t)(0 - v) : (int64_t)v;
}

/*
 * A text column; NULL stays NULL.  With @p borrow the string is libpq's
 * own (valid until the result is cleared: a listing's borrowed rows,
 * COP_BACKEND_ITER_BORROWED), else a cop_strdup'd copy.
 */
static int r_text(pg_backend *b, const PGresult *r, int row, int col,
	char **out, int borrow)
{
	*out = NULL;
	if (PQgetisnull(r, row, col))
		return COP_OK;
	if (borrow) {
		*out = PQgetvalue(r, row, col);
		return COP_OK;
	}
	*out = cop_strndup(PQgetvalue(r, row, col),
		(size_t)PQgetlength(r, row, col));
	if (!*out)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	return COP_OK;
}

/* Undo a record filled in part: free its strings unless borrowed. */
static void fill_undo(cop_rec_kind kind, void *rec, size_t size, int borrow)
{
	if (borrow)
		memset(rec, 0, size);
	else
		cop_rec_clear(kind, rec);
}

/* ---- records from rows ---------------------------------------------------- */

/* Readers and binders for sql/sql.h's records.  The binders append:
 * sql/sql.h binds parameters in order. */
typedef struct pg_row {
	pg_backend *b;
	const PGresult *r;
	pg_params *p;
	int row;
	int borrow;
} pg_row;

static int io_col_id(void *ctx, int col, cop_id *out)
{
	pg_row *w = ctx;
	return r_id(w->b, w->r, w->row, col, out);
}

static int io_col_text(void *ctx, int col, char **out)
{
	pg_row *w = ctx;
	return r_text(w->b, w->r, w->row, col, out, w->borrow);
}

static int64_t io_col_int(void *ctx, int col)
{
	pg_row *w = ctx;
	return r_int(w->r, w->row, col);
}

static int io_bind_id(void *ctx, int i, const cop_id *id, int key)
{
	(void)i;
	if (key)
		p_key(((pg_row *)ctx)->p, id);
	else
		p_id(((pg_row *)ctx)->p, id);
	return COP_OK;
}

static int io_bind_text(void *ctx, int i, const char *s)
{
	(void)i;
	p_text(((pg_row *)ctx)->p, s);
	return COP_OK;
}

static int io_bind_int(void *ctx, int i, int64_t v)
{
	(void)i;
	p_int(((pg_row *)ctx)->p, v);
	return COP_OK;
}

static const cop_sql_io pg_io = {
	io_col_id, io_col_text, io_col_int,
	io_bind_id, io_bind_text, io_bind_int
};

/* Append the fields @p rec's insert or update writes to @p p. */
static void bind_rec(pg_params *p, cop_rec_kind kind, const void *rec)
{
	pg_row w = { NULL, NULL, p, 0, 0 };
	(void)cop__sql_bind(&pg_io, &w, kind, rec);
}

static int fill_hit(pg_backend *b, const PGresult *r, int i,
	cop_search_hit_rec *h, int borrow)
{
	int rc;

	memset(h, 0, sizeof(*h));
	if ((rc = r_id(b, r, i, 0, &h->thread_id)) < 0 ||
	    (rc = r_id(b, r, i, 1, &h->contribution_id)) < 0 ||
	    (rc = r_id(b, r, i, 2, &h->community_id)) < 0 ||
	    (rc = r_text(b, r, i, 3, &h->title, borrow)) < 0 ||
	    (rc = r_text(b, r, i, 4, &h->snippet, borrow)) < 0)
		goto fail;
	h->score = PQgetisnull(r, i, 5) ? 0.0 : strtod(PQgetvalue(r, i, 5), NULL);
	return COP_OK;
fail:
	fill_undo(COP_REC_SEARCH_HIT, h, sizeof(*h), borrow);
	return rc;
}

/* Record @p kind from row @p i of @p r (strings borrowed: see r_text). */
static int fill_rec(pg_backend *b, cop_rec_kind kind, const PGresult *r,
	int i, void *rec, int borrow)
{
	pg_row w = { b, r, NULL, i, borrow };
	int rc;

	if (kind == COP_REC_SEARCH_HIT)
		return fill_hit(b, r, i, rec, borrow);
	if (kind < COP_REC_MEMBER || kind > COP_REC_LOG)
		return pg_fail(b, COP_ERROR, "unknown record kind %d", (int)kind);
	rc = cop__sql_fill(&pg_io, &w, kind, 0, rec, cop__rec_size(kind));
	if (rc < 0)
		fill_undo(kind, rec, cop__rec_size(kind), borrow);
	return rc;
}

/* ---- the connection ------------------------------------------------------ */

static void pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Run one or more statements without parameters (simple protocol). */
static int pg_run(pg_backend *b, const char *sql, const char *what)
{
	PGresult *r = PQexec(b->conn, sql);
	int rc = COP_OK;

	if (!r || (PQresultStatus(r) != PGRES_COMMAND_OK &&
	           PQresultStatus(r) != PGRES_TUPLES_OK))
		rc = pg_result_error(b, r, what);
	PQclear(r);
	return rc;
}

/*
 * Session settings, after connecting and after every reconnection.
 *
 * plan_cache_mode: every statement is prepared once and its plan does
 * not depend on the values it is given (keyed lookups and keyset
 * listings on indexes), but a listing's LIMIT is a parameter, and with a
 * parameter LIMIT the generic plan's estimate (a tenth of the rows) looks
 * dearer than a custom plan for 50 rows.  Left to choose, PostgreSQL
 * then plans a listing again on every execution, or not, depending on
 * the statistics of the moment: on a thread listing that was 741k
 * instructions on the server against 516k with the generic plan.
 */
static int pg_session(pg_backend *b)
{
	char sql[512];
	const char *enc;
	char *ident = NULL;
	int rc;

	if (PQsetClientEncoding(b->conn, "UTF8") != 0)
		return pg_conn_error(b, "setting the client encoding");
	enc = PQparameterStatus(b->conn, "server_encoding");
	if (!enc || strcmp(enc, "UTF8") != 0)
		return pg_fail(b, COP_ENOTSUP,
			"the database encoding is %s; libcop needs UTF8 "
			"(CREATE DATABASE ... ENCODING 'UTF8')", enc ? enc : "unknown");
	if (b->schema) {
		ident = PQescapeIdentifier(b->conn, b->schema, strlen(b->schema));
		if (!ident)
			return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	snprintf(sql, sizeof(sql),
		"SET client_min_messages TO warning; "
		"SET bytea_output TO hex; "
		"SET standard_conforming_strings TO on; "
		"SET lock_timeout TO %d; "
		"SET plan_cache_mode TO force_generic_plan; "
		"SET default_transaction_isolation TO 'read committed'%s%s%s",
		b->busy_ms,
		b->readonly ? "; SET default_transaction_read_only TO on" : "",
		ident ? "; SET search_path TO " : "", ident ? ident : "");
	PQfreemem(ident);
	rc = pg_run(b, sql, "setting up the session");
	memset(b->prepared, 0, sizeof(b->prepared));
	memset(b->rprepared, 0, sizeof(b->rprepared));
	return rc;
}

/*
 * Make sure the connection is usable: after it broke outside a
 * transaction, reconnect (statements are prepared again on use).
 */
static int pg_ensure(pg_backend *b)
{
	if (b->txn_lost)
		return pg_fail(b, COP_EIO,
			"the connection to the server was lost in a transaction");
	if (b->txn_dead)
		return pg_fail(b, b->txn_dead, "%s", b->dead_msg);
	if (PQstatus(b->conn) == CONNECTION_OK)
		return COP_OK;
	if (b->depth > 0) {
		b->txn_lost = 1;
		return pg_conn_error(b, "connection lost in a transaction");
	}
	PQreset(b->conn);
	if (PQstatus(b->conn) != CONNECTION_OK)
		return pg_conn_error(b, "reconnecting");
	return pg_session(b);
}

/* Prepare statement @p name on this connection unless *done says so. */
static int pg_prepare(pg_backend *b, const char *name, const char *sql,
	const char *what, unsigned char *done)
{
	PGresult *r;
	int rc;

	if (*done)
		return COP_OK;
	r = PQprepare(b->conn, name, sql, 0, NULL);
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = pg_result_error(b, r, what);
		PQclear(r);
		if (PQstatus(b->conn) == CONNECTION_BAD && b->depth > 0)
			b->txn_lost = 1;
		return rc;
	}
	PQclear(r);
	*done = 1;
	return COP_OK;
}

/* ---- statements sent later ---------------------------------------------------- */

/*
 * Inside a transaction, the writes whose only answer is "done" (see
 * pg_defer) and the transaction's own BEGIN, LOCK and SAVEPOINT commands
 * are not sent at once: they wait in b->q and go to the server in one
 * pipeline (libpq's pipeline mode) with the next statement whose answer
 * is needed, or with COMMIT.  A mutation then costs a round trip per
 * read it makes and one to commit, instead of one per statement.
 *
 * A failure is reported by the call that sends the statement, with the
 * code and message of the statement that failed (its name is in the
 * message); the core rolls back then, as after any failure.  What waits
 * is sent before a nested commit reports success (a mutation of a batch
 * never succeeds with a write unsent), before a savepoint is taken, and
 * before COMMIT when a write's answer must still be checked (an insert
 * that found its key taken, an update that found no row), so that a
 * transaction never commits past a failed check.
 */

enum {
	Q_DONE,      /* any success will do */
	Q_INSERTED,  /* one row (or a count above 0), else COP_EEXISTS */
	Q_UPDATED,   /* one row (or a count above 0), else COP_ENOTFOUND */
	Q_SEQ        /* one non-NULL value (the log's seq) */
};

typedef struct pg_qent {
	const char *name;     /* prepared statement, or NULL: sql */
	char sql[48];         /* BEGIN, LOCK, SAVEPOINT, RELEASE, COMMIT */
	int check;            /* Q_* */
	int counted;          /* the answer is a count */
	int sp;               /* SAVEPOINT cop_<sp> when > 0 */
	int read;             /* a listing's first batch, for it (below) */
	struct pg_iter *it;   /* ... NULL once that listing is freed */
	int binary;           /* results in binary */
	int n;
	const char *v[PG_MAXP];
	int len[PG_MAXP];
	int fmt[PG_MAXP];
	char *mem;            /* the parameters' bytes, owned */
} pg_qent;

struct pg_iter;
static void iter_unqueue(struct pg_iter *it, PGresult *r);

static const char *q_label(const pg_qent *e)
{
	return e->name ? e->name : e->sql;
}

/* A new entry at the end of the queue, zeroed; NULL when out of memory. */
static pg_qent *q_add(pg_backend *b)
{
	pg_qent *e;

	if (b->qn == b->qcap) {
		int cap = b->qcap ? 2 * b->qcap : 8;
		pg_qent *q = cop_realloc(b->q, (size_t)cap * sizeof(*q));
		if (!q)
			return NULL;
		b->q = q;
		b->qcap = cap;
	}
	e = &b->q[b->qn];
	memset(e, 0, sizeof(*e));
	return e;
}

/* Queue a transaction command (no parameters). */
static int q_sql(pg_backend *b, const char *sql, int sp)
{
	pg_qent *e = q_add(b);

	if (!e)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	snprintf(e->sql, sizeof(e->sql), "%s", sql);
	e->sp = sp;
	b->qn++;
	return COP_OK;
}

/* Queue prepared statement @p name with a copy of its parameters. */
static int q_stmt(pg_backend *b, const char *name, const pg_params *p,
	int check, int counted)
{
	pg_qent *e = q_add(b);
	size_t size = 0, k[PG_MAXP];
	char *at;
	int i;

	if (!e)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	for (i = 0; i < p->n; i++) {
		k[i] = !p->v[i] ? 0 : p->fmt[i] ? (size_t)p->len[i] :
			strlen(p->v[i]) + 1;
		size += k[i];
	}
	if (!(e->mem = cop_malloc(size ? size : 1)))
		return pg_fail(b, COP_ENOMEM, "out of memory");
	for (i = 0, at = e->mem; i < p->n; i++) {
		e->v[i] = p->v[i] ? at : NULL;
		e->len[i] = p->len[i];
		e->fmt[i] = p->fmt[i];
		if (k[i])
			memcpy(at, p->v[i], k[i]);
		at += k[i];
	}
	e->n = p->n;
	e->name = name;
	e->check = check;
	e->counted = counted;
	b->qn++;
	return COP_OK;
}

/* Queue the first batch of listing @p it (see pg_list). */
static int q_read(pg_backend *b, const char *name, int binary,
	const pg_params *p, struct pg_iter *it)
{
	int rc = q_stmt(b, name, p, Q_DONE, 0);

	if (rc < 0)
		return rc;
	b->q[b->qn - 1].binary = binary;
	b->q[b->qn - 1].read = 1;
	b->q[b->qn - 1].it = it;
	return COP_OK;
}

/* Forget the entries from @p from on (they were never sent). */
static void q_drop(pg_backend *b, int from)
{
	int i;

	for (i = from; i < b->qn; i++) {
		pg_qent *e = &b->q[i];
		cop_free(e->mem);
		if (e->read && e->it)
			iter_unqueue(e->it, NULL);
	}
	if (from < b->qn)
		b->qn = from;
}

/* Whether a write waits (@p soft: one whose answer is still to check). */
static int q_has_write(const pg_backend *b, int soft)
{
	int i;

	for (i = 0; i < b->qn; i++) {
		const pg_qent *e = &b->q[i];
		if (e->name && !e->read && (!soft ||
		    e->check == Q_INSERTED || e->check == Q_UPDATED))
			return 1;
	}
	return 0;
}

/* Does answer @p r show what entry @p e expects? */
static int q_check(pg_backend *b, const char *name, int check, int counted,
	const PGresult *r)
{
	int n = PQntuples(r);

	if (counted)
		n = n == 1 ? (int)r_int(r, 0, 0) : 0;
	switch (check) {
	case Q_INSERTED:
		if (n == 0)
			return pg_fail(b, COP_EEXISTS, "%s: a unique key is taken",
				name);
		break;
	case Q_UPDATED:
		if (n == 0)
			return pg_fail(b, COP_ENOTFOUND, "%s: no such record", name);
		break;
	case Q_SEQ:
		if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0))
			return pg_fail(b, COP_ECORRUPT, "%s: log append returned "
				"no seq", name);
		break;
	}
	return COP_OK;
}

/* A transaction command failed: the transaction is over on the server;
 * every call fails with its error until the core has rolled back. */
static void pg_dead(pg_backend *b, int rc)
{
	if (PQstatus(b->conn) == CONNECTION_BAD) {
		b->txn_lost = 1;
		return;
	}
	memcpy(b->dead_msg, b->errmsg, sizeof(b->dead_msg));
	b->txn_dead = rc;
	if (PQtransactionStatus(b->conn) != PQTRANS_IDLE)
		pg_run(b, "ROLLBACK", "rollback");
	memcpy(b->errmsg, b->dead_msg, sizeof(b->errmsg));
}

/*
 * Send the queue in one pipeline and read every answer.  When @p out is
 * not NULL it receives the answer to the last entry (which the caller
 * added for it).  Returns the first failure in order; the queue is empty
 * afterwards.  A failed transaction command makes the transaction dead.
 */
static int q_send(pg_backend *b, PGresult **out)
{
	PGresult *r;
	int i, rc = COP_OK, sent = 0, ctl_failed = 0;

	if (out)
		*out = NULL;
	if (!PQenterPipelineMode(b->conn)) {
		rc = pg_conn_error(b, "entering pipeline mode");
		goto done;
	}
	for (i = 0; i < b->qn; i++, sent++) {
		pg_qent *e = &b->q[i];
		int ok = e->name ?
			PQsendQueryPrepared(b->conn, e->name, e->n, e->v, e->len,
				e->fmt, e->binary) :
			PQsendQueryParams(b->conn, e->sql, 0, NULL, NULL, NULL,
				NULL, 0);
		if (!ok) {
			rc = pg_conn_error(b, q_label(e));
			break;
		}
	}
	if (!PQpipelineSync(b->conn) && rc == COP_OK)
		rc = pg_conn_error(b, "sending a pipeline");
	for (i = 0; i < sent; i++) {
		pg_qent *e = &b->q[i];
		ExecStatusType st;

		if (!(r = PQgetResult(b->conn))) {
			if (rc == COP_OK)
				rc = pg_conn_error(b, q_label(e));
			break;
		}
		st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_ABORTED) {
			if (!e->name)
				ctl_failed = 1;
		} else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			if (rc == COP_OK)
				rc = pg_result_error(b, r, q_label(e));
			if (!e->name)
				ctl_failed = 1;
		} else if (e->read) {
			/* A listing's first batch: it keeps the answer. */
			if (e->it) {
				iter_unqueue(e->it, r);
				e->it = NULL;
				r = NULL;
			}
		} else if (rc == COP_OK && e->name) {
			rc = q_check(b, e->name, e->check, e->counted, r);
		}
		if (out && i == b->qn - 1 && rc == COP_OK) {
			*out = r;
			r = NULL;
		}
		PQclear(r);
		/* Each answer ends with a NULL. */
		while ((r = PQgetResult(b->conn)) != NULL)
			PQclear(r);
	}
	/* Up to the sync point, then out of pipeline mode. */
	while (PQstatus(b->conn) == CONNECTION_OK &&
	       (r = PQgetResult(b->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(r);
		PQclear(r);
		if (st == PGRES_PIPELINE_SYNC)
			break;
	}
	if (!PQexitPipelineMode(b->conn) && rc == COP_OK)
		rc = pg_conn_error(b, "leaving pipeline mode");
done:
	q_drop(b, 0);
	if (rc < 0 && out && *out) {
		PQclear(*out);
		*out = NULL;
	}
	if (rc < 0 && PQstatus(b->conn) == CONNECTION_BAD && b->depth > 0)
		b->txn_lost = 1;
	else if (rc < 0 && ctl_failed)
		pg_dead(b, rc);
	return rc;
}

/* Send what waits, if anything. */
static int q_flush(pg_backend *b)
{
	return b->qn > 0 ? q_send(b, NULL) : COP_OK;
}

/*
 * Run prepared statement @p s.  *out receives the result (PGRES_TUPLES_OK
 * or PGRES_COMMAND_OK) for the caller to PQclear.  What waits in the
 * queue goes first, in the same round trip.  A read that finds the
 * connection broken outside a transaction is retried once on a new one.
 */
static int pg_exec_named(pg_backend *b, const char *name, const char *sql,
	unsigned char *prepared, int readonly, int binary, const pg_params *p,
	PGresult **out)
{
	PGresult *r;
	int rc, tries = 0;
	static const pg_params none;

	*out = NULL;
	if (!p)
		p = &none;
again:
	if ((rc = pg_ensure(b)) < 0)
		return rc;
	if ((rc = pg_prepare(b, name, sql, name, prepared)) < 0) {
		if (PQstatus(b->conn) == CONNECTION_BAD && b->depth == 0 &&
		    readonly && tries++ == 0)
			goto again;
		return rc;
	}
	if (b->qn > 0) {
		pg_qent *e = q_add(b);
		if (!e)
			return pg_fail(b, COP_ENOMEM, "out of memory");
		/* The last entry borrows the caller's parameters. */
		e->name = name;
		e->binary = binary;
		e->n = p->n;
		memcpy(e->v, p->v, sizeof(e->v));
		memcpy(e->len, p->len, sizeof(e->len));
		memcpy(e->fmt, p->fmt, sizeof(e->fmt));
		b->qn++;
		return q_send(b, out);
	}
	r = PQexecPrepared(b->conn, name, p->n, p->v, p->len, p->fmt,
		binary);
	if (r && (PQresultStatus(r) == PGRES_TUPLES_OK ||
	          PQresultStatus(r) == PGRES_COMMAND_OK)) {
		*out = r;
		return COP_OK;
	}
	if (PQstatus(b->conn) == CONNECTION_BAD) {
		if (b->depth == 0 && readonly && tries++ == 0) {
			PQclear(r);
			goto again;
		}
		if (b->depth > 0)
			b->txn_lost = 1;
	}
	rc = pg_result_error(b, r, name);
	PQclear(r);
	return rc;
}

static int pg_exec(pg_backend *b, int s, const pg_params *p, PGresult **out)
{
	return pg_exec_named(b, stmts[s].name, stmts[s].sql, &b->prepared[s],
		stmts[s].readonly, stmts[s].binary, p, out);
}

/*
 * Run a write whose answer only says it was done (and passes @p check):
 * inside a transaction it waits in the queue (see above), else it runs
 * now.
 */
static int pg_defer_named(pg_backend *b, const char *name, const char *sql,
	unsigned char *prepared, int counted, const pg_params *p, int check)
{
	PGresult *r;
	int rc;

	if (b->depth == 0 || b->txn_lost || b->txn_dead) {
		if ((rc = pg_exec_named(b, name, sql, prepared, 0, 0, p, &r)) < 0)
			return rc;
		rc = q_check(b, name, check, counted, r);
		PQclear(r);
		return rc;
	}
	if ((rc = pg_ensure(b)) < 0 ||
	    (rc = pg_prepare(b, name, sql, name, prepared)) < 0)
		return rc;
	return q_stmt(b, name, p, check, counted);
}

static int pg_defer(pg_backend *b, int s, const pg_params *p, int check)
{
	return pg_defer_named(b, stmts[s].name, stmts[s].sql, &b->prepared[s],
		stmts[s].counted, p, check);
}

/* ---- transactions ------------------------------------------------------------ */

/*
 * The transaction's commands wait in the queue too: BEGIN (and the store
 * lock) go with the transaction's first statement, SAVEPOINT with the
 * level's first, RELEASE with the next; a level that sent nothing sends
 * neither its SAVEPOINT nor its RELEASE, a transaction that sent nothing
 * sends neither BEGIN nor COMMIT.
 */
static int pg_begin(cop_backend *be)
{
	pg_backend *b = PG(be);
	char sql[48];
	int rc, mark = b->qn;

	if (b->depth == 0) {
		if ((rc = pg_ensure(b)) < 0)
			return rc;
		/* One writer per store at a time (cop_locking=store), as on
		 * SQLite: what a transaction reads stays current until it
		 * commits.  Readers are not blocked. */
		if ((rc = q_sql(b, "BEGIN ISOLATION LEVEL READ COMMITTED",
				0)) < 0 ||
		    (!b->row_locks && !b->readonly &&
		     (rc = q_sql(b, "LOCK TABLE cop_meta IN EXCLUSIVE MODE",
				0)) < 0)) {
			q_drop(b, mark);
			return rc;
		}
	} else {
		if ((rc = pg_ensure(b)) < 0)
			return rc;
		/* A failure before the savepoint must not look like one
		 * inside it: writes still waiting go first. */
		if (q_has_write(b, 0) && (rc = q_flush(b)) < 0)
			return rc;
		snprintf(sql, sizeof(sql), "SAVEPOINT cop_%d", b->depth);
		if ((rc = q_sql(b, sql, b->depth)) < 0)
			return rc;
	}
	b->depth++;
	return COP_OK;
}

static int pg_commit(cop_backend *be)
{
	pg_backend *b = PG(be);
	PGresult *r;
	char sql[48];
	int rc = COP_OK;

	if (b->depth == 0)
		return pg_fail(b, COP_ERROR, "commit without a transaction");
	if (b->txn_lost || b->txn_dead) {
		rc = b->txn_lost ? COP_EIO : b->txn_dead;
		if (b->depth == 1) {
			q_drop(b, 0);
			b->depth = 0, b->txn_lost = 0, b->txn_dead = 0;
		}
		if (rc == COP_EIO && !b->txn_dead)
			return pg_fail(b, COP_EIO, "the connection to the server "
				"was lost in a transaction");
		return pg_fail(b, rc, "%s", b->dead_msg);
	}
	if (b->depth > 1) {
		/* The level's writes are done before it reports success. */
		if (q_has_write(b, 0) && (rc = q_flush(b)) < 0)
			return rc;
		if (b->qn > 0 && b->q[b->qn - 1].sp == b->depth - 1) {
			/* Nothing sent since its SAVEPOINT: drop both. */
			q_drop(b, b->qn - 1);
		} else {
			snprintf(sql, sizeof(sql), "RELEASE SAVEPOINT cop_%d",
				b->depth - 1);
			if ((rc = q_sql(b, sql, 0)) < 0)
				return rc;
		}
		b->depth--;
		return COP_OK;
	}
	/* The transaction ends whatever happens. */
	b->depth = 0;
	if (q_has_write(b, 1) && (rc = q_flush(b)) < 0)
		goto fail;
	if (!q_has_write(b, 0) &&
	    PQtransactionStatus(b->conn) == PQTRANS_IDLE) {
		/* BEGIN was never sent: there is nothing to commit. */
		q_drop(b, 0);
		return COP_OK;
	}
	if ((rc = q_sql(b, "COMMIT", 0)) < 0)
		goto fail;
	rc = q_send(b, &r);
	if (rc == COP_OK) {
		/* The server answers ROLLBACK to the COMMIT of a failed
		 * transaction. */
		if (strcmp(PQcmdStatus(r), "COMMIT") != 0)
			rc = pg_fail(b, COP_EIO, "commit: the transaction had "
				"failed and was rolled back");
		PQclear(r);
		return rc;
	}
fail:
	q_drop(b, 0);
	b->txn_dead = 0;
	if (b->txn_lost) {
		b->txn_lost = 0;
		return rc;
	}
	if (PQstatus(b->conn) == CONNECTION_OK &&
	    PQtransactionStatus(b->conn) != PQTRANS_IDLE) {
		char keep[PG_ERRMSG_MAX];
		memcpy(keep, b->errmsg, sizeof(keep));
		pg_run(b, "ROLLBACK", "rollback");
		memcpy(b->errmsg, keep, sizeof(keep));
	}
	return rc;
}

static int pg_rollback(cop_backend *be)
{
	pg_backend *b = PG(be);
	char sql[96];
	int rc, i;

	/* After a failed COMMIT the transaction is already over. */
	if (b->depth == 0)
		return COP_OK;
	if (b->txn_lost || b->txn_dead) {
		if (--b->depth == 0) {
			q_drop(b, 0);
			b->txn_lost = 0;
			b->txn_dead = 0;
		}
		return COP_OK;
	}
	if (b->depth == 1) {
		b->depth = 0;
		q_drop(b, 0);
		/* Nothing to undo when BEGIN was never sent. */
		if (PQtransactionStatus(b->conn) == PQTRANS_IDLE)
			return COP_OK;
		rc = pg_run(b, "ROLLBACK", "rollback");
		if (rc < 0 && PQstatus(b->conn) == CONNECTION_BAD)
			rc = COP_OK;   /* the server rolled it back */
		return rc;
	}
	/* The level's SAVEPOINT still waiting: it and all after it are
	 * simply never sent. */
	for (i = b->qn - 1; i >= 0; i--)
		if (b->q[i].sp == b->depth - 1)
			break;
	b->depth--;
	if (i >= 0) {
		q_drop(b, i);
		return COP_OK;
	}
	/* Else everything waiting came after it. */
	q_drop(b, 0);
	snprintf(sql, sizeof(sql),
		"ROLLBACK TO SAVEPOINT cop_%d; RELEASE SAVEPOINT cop_%d",
		b->depth, b->depth);
	rc = pg_run(b, sql, "rollback to savepoint");
	if (rc < 0 && PQstatus(b->conn) == CONNECTION_BAD) {
		b->txn_lost = 1;
		return COP_OK;
	}
	return rc;
}

/* ---- insert, update, get ---------------------------------------------- */

/* Run a write that returns one row when it did something. */
static int pg_write(pg_backend *b, int s, const pg_params *p, int *count)
{
	PGresult *r;
	int rc = pg_exec(b, s, p, &r);

	if (rc < 0)
		return rc;
	*count = PQntuples(r);
	if (stmts[s].counted)
		*count = *count == 1 ? (int)r_int(r, 0, 0) : 0;
	PQclear(r);
	return COP_OK;
}

static int pg_insert(cop_backend *be, cop_rec_kind kind, void *rec)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	int rc, n = 0, s;

	b->errmsg[0] = '\0';
	p.n = 0;
	switch (kind) {
	case COP_REC_MEMBER: s = S_MEMBER_INS; break;
	case COP_REC_COMMUNITY: s = S_COMM_INS; break;
	case COP_REC_MEMBERSHIP: s = S_MS_INS; break;
	case COP_REC_THREAD: s = S_THR_INS; break;
	case COP_REC_CONTRIBUTION: s = S_CON_INS; break;
	case COP_REC_REVISION: s = S_REV_INS; break;
	case COP_REC_LOG: s = S_LOG_INS; break;
	default:
		return pg_fail(b, COP_ERROR, "cannot insert records of kind %d",
			(int)kind);
	}
	bind_rec(&p, kind, rec);
	if (kind == COP_REC_LOG) {
		cop_log_rec *l = rec;
		if (b->depth > 0) {
			/* The seq is assigned when the append is sent. */
			l->seq = 0;
			return pg_defer(b, S_LOG_INS, &p, Q_SEQ);
		}
		if ((rc = pg_exec(b, S_LOG_INS, &p, &r)) < 0)
			return rc;
		if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
			PQclear(r);
			return pg_fail(b, COP_ECORRUPT, "log append returned no seq");
		}
		l->seq = r_int(r, 0, 0);
		PQclear(r);
		return COP_OK;
	}
	/* Threads, contributions and revisions have fresh keys in the
	 * API's writes: their answer can wait (see pg_defer). */
	if (s == S_THR_INS || s == S_CON_INS || s == S_REV_INS)
		return pg_defer(b, s, &p, Q_INSERTED);
	if ((rc = pg_write(b, s, &p, &n)) < 0)
		return rc;
	if (n == 0)
		return pg_fail(b, COP_EEXISTS, "%s: a unique key is taken",
			stmts[s].name);
	return COP_OK;
}

static int pg_update(cop_backend *be, cop_rec_kind kind, const void *rec)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	int rc, s, n = 0;

	b->errmsg[0] = '\0';
	p.n = 0;
	switch (kind) {
	case COP_REC_MEMBER: s = S_MEMBER_UPD; break;
	case COP_REC_COMMUNITY: s = S_COMM_UPD; break;
	case COP_REC_MEMBERSHIP: s = S_MS_UPD; break;
	case COP_REC_THREAD: s = S_THR_UPD; break;
	case COP_REC_CONTRIBUTION: s = S_CON_UPD; break;
	default:
		return pg_fail(b, COP_ERROR, "cannot update records of kind %d",
			(int)kind);
	}
	bind_rec(&p, kind, rec);
	switch (kind) {
	case COP_REC_MEMBER:
	case COP_REC_COMMUNITY:
		/* Two counts: rows updated, rows with that id. */
		if ((rc = pg_exec(b, s, &p, &r)) < 0)
			return rc;
		n = (int)r_int(r, 0, 0);
		if (n == 0 && r_int(r, 0, 1) > 0) {
			PQclear(r);
			return pg_fail(b, COP_EEXISTS, "%s: the %s is taken",
				stmts[s].name, kind == COP_REC_MEMBER ? "handle" : "slug");
		}
		PQclear(r);
		break;
	case COP_REC_MEMBERSHIP:
		if ((rc = pg_write(b, s, &p, &n)) < 0)
			return rc;
		break;
	default:
		/* Threads and contributions: the answer can wait. */
		return pg_defer(b, s, &p, Q_UPDATED);
	}
	if (n == 0)
		return pg_fail(b, COP_ENOTFOUND, "%s: no such record", stmts[s].name);
	return COP_OK;
}

static int pg_get(cop_backend *be, cop_rec_kind kind, const cop_key *key,
	void *out)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	int rc, s, lock = b->row_locks && b->depth > 0 && !b->readonly;

	b->errmsg[0] = '\0';
	p.n = 0;
	switch (kind) {
	case COP_REC_MEMBER:
		if (key->name) {
			s = lock ? S_MEMBER_BYNAME_L : S_MEMBER_BYNAME;
			p_text(&p, key->name);
		} else {
			s = lock ? S_MEMBER_GET_L : S_MEMBER_GET;
			p_key(&p, &key->id);
		}
		break;
	case COP_REC_COMMUNITY:
		/* Never updated read-modify-write: not locked, so writers in
		 * one community do not queue on its row. */
		if (key->name) {
			s = S_COMM_BYSLUG;
			p_text(&p, key->name);
		} else {
			s = S_COMM_GET;
			p_key(&p, &key->id);
		}
		break;
	case COP_REC_MEMBERSHIP:
		s = lock ? S_MS_GET_L : S_MS_GET;
		p_key(&p, &key->id); p_key(&p, &key->id2);
		break;
	case COP_REC_THREAD:
		s = lock ? S_THR_GET_L : S_THR_GET;
		p_key(&p, &key->id);
		break;
	case COP_REC_CONTRIBUTION:
		s = lock ? S_CON_GET_L : S_CON_GET;
		p_key(&p, &key->id);
		break;
	case COP_REC_REVISION:
		s = S_REV_GET;
		p_key(&p, &key->id); p_int(&p, key->number);
		break;
	default:
		return pg_fail(b, COP_ERROR, "cannot get records of kind %d",
			(int)kind);
	}
	if ((rc = pg_exec(b, s, &p, &r)) < 0)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return pg_fail(b, COP_ENOTFOUND, "not found");
	}
	rc = fill_rec(b, kind, r, 0, out, 0);
	PQclear(r);
	return rc;
}

/*
 * A thread with its community's visibility and the viewer's membership.
 * One query; but where get() locks rows (cop_locking=row, in a write
 * transaction) the three get()s, which lock the thread and the
 * membership (a row on the nullable side of an outer join cannot be).
 */
static int pg_thread_access(cop_backend *be, const cop_id *thread,
	const cop_id *viewer, cop_thread_rec *rec, cop_access_rec *acc)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	int rc;

	b->errmsg[0] = '\0';
	memset(acc, 0, sizeof(*acc));
	if (b->row_locks && b->depth > 0 && !b->readonly) {
		cop_community_rec c;
		cop_membership_rec m;
		cop_key key;

		memset(&key, 0, sizeof(key));
		key.id = *thread;
		if ((rc = pg_get(be, COP_REC_THREAD, &key, rec)) < 0)
			return rc;
		memset(&c, 0, sizeof(c));
		key.id = rec->community_id;
		rc = pg_get(be, COP_REC_COMMUNITY, &key, &c);
		acc->has_community = rc == COP_OK;
		acc->visibility = c.visibility;
		cop_rec_clear(COP_REC_COMMUNITY, &c);
		if (rc == COP_OK && viewer) {
			memset(&m, 0, sizeof(m));
			key.id2 = *viewer;
			rc = pg_get(be, COP_REC_MEMBERSHIP, &key, &m);
			acc->has_membership = rc == COP_OK;
			acc->role = m.role;
			acc->status = m.status;
			cop_rec_clear(COP_REC_MEMBERSHIP, &m);
		}
		if (rc == COP_ENOTFOUND)
			rc = COP_OK;
		if (rc < 0)
			cop_rec_clear(COP_REC_THREAD, rec);
		else
			b->errmsg[0] = '\0';
		return rc;
	}
	p.n = 0;
	p_key(&p, thread);
	p_id(&p, viewer);
	if ((rc = pg_exec(b, S_THR_ACCESS, &p, &r)) < 0)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return pg_fail(b, COP_ENOTFOUND, "not found");
	}
	rc = fill_rec(b, COP_REC_THREAD, r, 0, rec, 0);
	if (rc == COP_OK) {
		acc->has_community = (int)r_int(r, 0, 12);
		acc->visibility = (int)r_int(r, 0, 13);
		acc->has_membership = (int)r_int(r, 0, 14);
		acc->role = (int)r_int(r, 0, 15);
		acc->status = (int)r_int(r, 0, 16);
	}
	PQclear(r);
	return rc;
}

/* ---- listings ------------------------------------------------------------- */

typedef struct pg_iter {
	cop_backend_iter base;
	pg_backend *b;
	cop_list_kind kind;
	cop_rec_kind rec_kind;
	cop_id parent;
	cop_id viewer;
	int has_viewer;
	/* The key of the last row returned (or of the caller's cursor). */
	int has_after;
	int64_t after_num, after_num2;
	char *after_text;
	cop_id after_id;
	int unlimited;
	unsigned int remaining;   /* rows still wanted when limited */
	int last_batch;           /* the server has no more rows */
	PGresult *res;            /* the current batch */
	int row;
	char *parent_slug;        /* threads of the community of this slug */
	unsigned int want;        /* rows asked for in the current batch */
	int queued;               /* the first batch waits in b->q */
} pg_iter;

/* The queue is done with listing @p it's first batch: @p r is its
 * answer, or NULL when it was not sent (it is fetched on next()). */
static void iter_unqueue(struct pg_iter *it, PGresult *r)
{
	it->queued = 0;
	if (!r)
		return;
	PQclear(it->res);
	it->res = r;
	it->row = 0;
	if ((unsigned int)PQntuples(r) < it->want)
		it->last_batch = 1;
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

/* The statement and parameters of the iterator's next batch. */
static int iter_query(pg_iter *it, int *sp, pg_params *p)
{
	pg_backend *b = it->b;
	const cop_id *viewer = it->has_viewer ? &it->viewer : NULL;
	unsigned int want = PG_BATCH;
	int s;

	if (!it->unlimited && it->remaining < want)
		want = it->remaining;
	it->want = want;
	p->n = 0;
	switch (it->kind) {
	case COP_LIST_MEMBERS:
		s = it->has_after ? S_L_MEMBERS_A : S_L_MEMBERS;
		p_int(p, want);
		if (it->has_after)
			p_text(p, it->after_text ? it->after_text : "");
		break;
	case COP_LIST_COMMUNITIES:
		s = it->has_after ? (viewer ? S_L_COMMS_A : S_L_COMMS_A_S) :
			(viewer ? S_L_COMMS : S_L_COMMS_S);
		p_id(p, viewer); p_int(p, want);
		if (it->has_after)
			p_text(p, it->after_text ? it->after_text : "");
		break;
	case COP_LIST_MEMBERSHIPS:
		s = it->has_after ? S_L_MS_A : S_L_MS;
		p_key(p, &it->parent); p_int(p, want);
		if (it->has_after) {
			p_int(p, it->after_num);
			p_text(p, it->after_text ? it->after_text : "");
		}
		break;
	case COP_LIST_THREADS:
		s = it->has_after ? (viewer ? S_L_THR_A : S_L_THR_A_S) :
			(viewer ? S_L_THR : S_L_THR_S);
		if (it->parent_slug)
			p_null(p);
		else
			p_key(p, &it->parent);
		p_id(p, viewer); p_int(p, want);
		if (it->has_after) {
			p_int(p, it->after_num2); p_int(p, it->after_num);
			p_key(p, &it->after_id);
		}
		p_text(p, it->parent_slug);
		break;
	case COP_LIST_THREAD_CONTRIBS:
		s = it->has_after ? S_L_TC_A : S_L_TC;
		p_key(p, &it->parent); p_int(p, want);
		if (it->has_after) {
			p_int(p, it->after_num); p_key(p, &it->after_id);
		}
		break;
	case COP_LIST_AUTHOR_CONTRIBS:
		s = it->has_after ? (viewer ? S_L_AC_A : S_L_AC_A_S) :
			(viewer ? S_L_AC : S_L_AC_S);
		p_key(p, &it->parent); p_id(p, viewer); p_int(p, want);
		if (it->has_after) {
			p_int(p, it->after_num); p_key(p, &it->after_id);
		}
		break;
	case COP_LIST_REVISIONS:
		s = S_L_REV;
		p_key(p, &it->parent); p_int(p, want);
		p_int(p, it->has_after ? it->after_num : INT32_MIN);
		break;
	case COP_LIST_LOG:
		s = viewer ? S_L_LOG : S_L_LOG_S;
		p_id(p, viewer); p_int(p, want);
		p_int(p, it->has_after ? it->after_num : INT64_MIN / 2);
		break;
	default:
		return pg_fail(b, COP_ERROR, "unknown listing %d", (int)it->kind);
	}
	*sp = s;
	return COP_OK;
}

/* Remember the sort key of row @p i of the current batch (the last one
 * returned, when the next batch is to be fetched). */
static int iter_key(pg_iter *it, int i)
{
	const PGresult *r = it->res;
	char *text = NULL;
	int rc = COP_OK;

	switch (it->kind) {
	case COP_LIST_MEMBERS:
		rc = r_text(it->b, r, i, 7, &text, 0);
		break;
	case COP_LIST_COMMUNITIES:
		rc = r_text(it->b, r, i, 1, &text, 0);
		break;
	case COP_LIST_MEMBERSHIPS:
		it->after_num = r_int(r, i, 2);
		rc = r_text(it->b, r, i, 7, &text, 0);
		break;
	case COP_LIST_THREADS:
		it->after_num2 = r_int(r, i, 11);
		it->after_num = r_int(r, i, 9);
		rc = r_id(it->b, r, i, 0, &it->after_id);
		break;
	case COP_LIST_THREAD_CONTRIBS:
	case COP_LIST_AUTHOR_CONTRIBS:
		it->after_num = r_int(r, i, 10);
		rc = r_id(it->b, r, i, 0, &it->after_id);
		break;
	case COP_LIST_REVISIONS:
		it->after_num = r_int(r, i, 2);
		break;
	case COP_LIST_LOG:
		it->after_num = r_int(r, i, 0);
		break;
	}
	if (rc < 0)
		return rc;
	if (text) {
		cop_free(it->after_text);
		it->after_text = text;
	}
	it->has_after = 1;
	return COP_OK;
}

/* Fetch the next batch of rows after the iterator's key. */
static int iter_fetch(pg_iter *it)
{
	pg_params p;
	int s, rc;

	/* After the last row returned; a failure leaves it to fetch again. */
	if (it->res && it->row > 0 && (rc = iter_key(it, it->row - 1)) < 0)
		return rc;
	if ((rc = iter_query(it, &s, &p)) < 0)
		return rc;
	PQclear(it->res);
	it->res = NULL;
	it->row = 0;
	if ((rc = pg_exec(it->b, s, &p, &it->res)) < 0)
		return rc;
	if ((unsigned int)PQntuples(it->res) < it->want)
		it->last_batch = 1;
	return COP_OK;
}

static int iter_next(cop_backend_iter *bi, void *rec)
{
	pg_iter *it = (pg_iter *)bi;
	int rc;

	if (!it->unlimited && it->remaining == 0)
		return COP_ITEROVER;
	if (it->queued && (rc = q_flush(it->b)) < 0)
		return rc;
	if (!it->res || it->row >= PQntuples(it->res)) {
		if (it->last_batch)
			return COP_ITEROVER;
		if ((rc = iter_fetch(it)) < 0)
			return rc;
		if (PQntuples(it->res) == 0)
			return COP_ITEROVER;
	}
	if ((rc = fill_rec(it->b, it->rec_kind, it->res, it->row, rec, 1)) < 0)
		return rc;
	it->row++;
	if (!it->unlimited)
		it->remaining--;
	return COP_OK;
}

static void iter_free(cop_backend_iter *bi)
{
	pg_iter *it = (pg_iter *)bi;

	if (!it)
		return;
	if (it->queued) {
		/* Its first batch still waits: the answer will be dropped. */
		int i;
		for (i = 0; i < it->b->qn; i++)
			if (it->b->q[i].it == it)
				it->b->q[i].it = NULL;
	}
	PQclear(it->res);
	cop_free(it->after_text);
	cop_free(it->parent_slug);
	cop_free(it);
}

static int pg_list(cop_backend *be, const cop_query *q, cop_backend_iter **out)
{
	pg_backend *b = PG(be);
	pg_iter *it;
	int rc;

	*out = NULL;
	b->errmsg[0] = '\0';
	if (!list_rec_kind(q->kind))
		return pg_fail(b, COP_ERROR, "unknown listing %d", (int)q->kind);
	it = cop_mallocz(sizeof(*it));
	if (!it)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	it->base.next = iter_next;
	it->base.free = iter_free;
	/* Rows' strings are the batch's (freed on the next fetch). */
	it->base.flags = COP_BACKEND_ITER_BORROWED;
	it->b = b;
	it->kind = q->kind;
	it->rec_kind = list_rec_kind(q->kind);
	it->parent = q->parent;
	if (q->viewer) {
		it->has_viewer = 1;
		it->viewer = *q->viewer;
	}
	it->has_after = q->has_after;
	it->after_num = q->after_num;
	it->after_num2 = q->after_num2;
	it->after_id = q->after_id;
	if (q->has_after && q->after_text) {
		it->after_text = cop_strdup(q->after_text);
		if (!it->after_text) {
			cop_free(it);
			return pg_fail(b, COP_ENOMEM, "out of memory");
		}
	}
	if (q->kind == COP_LIST_THREADS && q->parent_slug &&
	    !(it->parent_slug = cop_strdup(q->parent_slug))) {
		iter_free(&it->base);
		return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	it->unlimited = q->limit == 0;
	it->remaining = q->limit;
	/*
	 * The first batch now, so errors show at the start; but a thread's
	 * contributions and a community's threads are read by the core just
	 * before it reads the thread or community (the access check): their
	 * first batch waits and goes with that read, in one round trip.
	 */
	if (q->kind == COP_LIST_THREADS || q->kind == COP_LIST_THREAD_CONTRIBS) {
		pg_params p;
		int s;
		if ((rc = pg_ensure(b)) < 0 ||
		    (rc = iter_query(it, &s, &p)) < 0 ||
		    (rc = pg_prepare(b, stmts[s].name, stmts[s].sql,
			stmts[s].name, &b->prepared[s])) < 0 ||
		    (rc = q_read(b, stmts[s].name, stmts[s].binary, &p, it)) < 0) {
			iter_free(&it->base);
			return rc;
		}
		it->queued = 1;
	} else if ((rc = iter_fetch(it)) < 0) {
		iter_free(&it->base);
		return rc;
	}
	*out = &it->base;
	return COP_OK;
}

/* ---- search ------------------------------------------------------------------ */

typedef struct pg_unit {
	const char *s;
	size_t n;
	int phrase;
	int prefix;
} pg_unit;

typedef struct pg_buf {
	char *p;
	size_t n, cap;
	int oom;
} pg_buf;

static void buf_add(pg_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		char *p;
		while (cap < b->n + n + 1)
			cap *= 2;
		p = cop_realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void buf_str(pg_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/*
 * Split the user's query: "quoted phrases", and words (runs without
 * blanks or quotes) where a trailing '*' asks for a prefix.  Everything
 * else (punctuation inside words included) is left to cop_norm() on the
 * server, which makes it separators.  Returns the number of units.
 */
static size_t query_units(const char *q, pg_unit *u, size_t max)
{
	size_t n = 0;
	const char *s = q;

	while (*s && n < max) {
		if ((unsigned char)*s <= ' ') {
			s++;
			continue;
		}
		if (*s == '"') {
			const char *e = strchr(s + 1, '"');
			if (!e)
				e = s + strlen(s);
			u[n].s = s + 1;
			u[n].n = (size_t)(e - s - 1);
			u[n].phrase = 1;
			u[n].prefix = 0;
			s = *e ? e + 1 : e;
			if (*s == '*') {
				u[n].prefix = 1;
				s++;
			}
			n++;
			continue;
		}
		{
			const char *e = s;
			while (*e && (unsigned char)*e > ' ' && *e != '"')
				e++;
			u[n].s = s;
			u[n].n = (size_t)(e - s);
			u[n].phrase = 0;
			u[n].prefix = 0;
			while (u[n].n > 0 && s[u[n].n - 1] == '*') {
				u[n].prefix = 1;
				u[n].n--;
			}
			s = e;
			n++;
		}
	}
	return n;
}

/*
 * Build the tsquery text for @p text: each unit folded on the server,
 * words' tokens and phrases joined by &, phrase tokens by <->, ':*' on
 * a prefix unit's last token.  COP_EINVAL when nothing is left.
 */
static int query_build(pg_backend *b, const char *text, char **out)
{
	pg_unit units[256];
	size_t nu, i, j;
	pg_buf arr = { 0 }, q = { 0 };
	pg_params p;
	PGresult *r = NULL;
	int rc, terms = 0;

	*out = NULL;
	nu = query_units(text, units, sizeof(units) / sizeof(units[0]));
	/* A text[] literal of the units; blanks inside stay blanks. */
	buf_str(&arr, "{");
	for (i = 0; i < nu; i++) {
		buf_str(&arr, i ? ",\"" : "\"");
		for (j = 0; j < units[i].n; j++) {
			char c = units[i].s[j];
			if (c == '"' || c == '\\')
				buf_add(&arr, "\\", 1);
			if ((unsigned char)c < ' ')
				c = ' ';
			buf_add(&arr, &c, 1);
		}
		buf_str(&arr, "\"");
	}
	buf_str(&arr, "}");
	if (arr.oom) {
		cop_free(arr.p);
		return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	if (nu == 0) {
		cop_free(arr.p);
		return pg_fail(b, COP_EINVAL, "the query has no words");
	}
	p.n = 0;
	p_text(&p, arr.p);
	rc = pg_exec(b, S_NORM, &p, &r);
	cop_free(arr.p);
	if (rc < 0)
		return rc;
	for (i = 0; i < nu && (int)i < PQntuples(r); i++) {
		const char *t = PQgetisnull(r, (int)i, 0) ? "" :
			PQgetvalue(r, (int)i, 0);
		int ntok = 0;

		while (*t) {
			const char *e;
			while (*t == ' ')
				t++;
			if (!*t)
				break;
			e = strchr(t, ' ');
			if (!e)
				e = t + strlen(t);
			if (ntok == 0 && terms > 0)
				buf_str(&q, " & ");
			if (ntok == 0 && units[i].phrase)
				buf_str(&q, "(");
			if (ntok > 0)
				buf_str(&q, units[i].phrase ? " <-> " : " & ");
			buf_str(&q, "'");
			for (; t < e; t++) {
				if (*t == '\'' || *t == '\\')
					buf_add(&q, t, 1);
				buf_add(&q, t, 1);
			}
			buf_str(&q, "'");
			ntok++;
			if (!*e || !e[strspn(e, " ")]) {
				if (units[i].prefix)
					buf_str(&q, ":*");
				if (units[i].phrase)
					buf_str(&q, ")");
			}
		}
		if (ntok)
			terms++;
	}
	PQclear(r);
	if (q.oom) {
		cop_free(q.p);
		return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	if (terms == 0) {
		cop_free(q.p);
		return pg_fail(b, COP_EINVAL, "the query has no words");
	}
	*out = q.p;
	return COP_OK;
}

typedef struct pg_search_iter {
	cop_backend_iter base;
	pg_backend *b;
	PGresult *res;
	int row;
} pg_search_iter;

static int search_next(cop_backend_iter *bi, void *rec)
{
	pg_search_iter *it = (pg_search_iter *)bi;
	int rc;

	if (it->row >= PQntuples(it->res))
		return COP_ITEROVER;
	if ((rc = fill_hit(it->b, it->res, it->row, rec, 0)) < 0)
		return rc;
	it->row++;
	return COP_OK;
}

static void search_free(cop_backend_iter *bi)
{
	pg_search_iter *it = (pg_search_iter *)bi;

	if (!it)
		return;
	PQclear(it->res);
	cop_free(it);
}

static int pg_search(cop_backend *be, const cop_search_query *q,
	cop_backend_iter **out)
{
	pg_backend *b = PG(be);
	pg_search_iter *it;
	pg_params p;
	char *tsq = NULL;
	int rc;

	*out = NULL;
	b->errmsg[0] = '\0';
	if (!q->text)
		return pg_fail(b, COP_EINVAL, "the query has no words");
	it = cop_mallocz(sizeof(*it));
	if (!it)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	it->base.next = search_next;
	it->base.free = search_free;
	it->b = b;
	if ((rc = query_build(b, q->text, &tsq)) < 0)
		goto fail;
	p.n = 0;
	p_text(&p, tsq);
	p_id(&p, &q->community_id);
	p_text(&p, q->language);
	p_id(&p, q->viewer);
	p_int(&p, q->limit ? q->limit : 50);
	rc = pg_exec(b, q->viewer ? S_SEARCH : S_SEARCH_S, &p, &it->res);
	cop_free(tsq);
	if (rc < 0)
		goto fail;
	*out = &it->base;
	return COP_OK;
fail:
	search_free(&it->base);
	return rc;
}

/* ---- stats, log --------------------------------------------------------------- */

static int pg_stats(cop_backend *be, const cop_id *community, cop_stats *out)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	int rc;

	b->errmsg[0] = '\0';
	p.n = 0;
	if (community)
		p_key(&p, community);
	if ((rc = pg_exec(b, community ? S_STATS_C : S_STATS, &p, &r)) < 0)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return pg_fail(b, COP_ECORRUPT, "stats returned no row");
	}
	out->members = r_int(r, 0, 0);
	out->communities = r_int(r, 0, 1);
	out->threads = r_int(r, 0, 2);
	out->questions = r_int(r, 0, 3);
	out->answers = r_int(r, 0, 4);
	out->comments = r_int(r, 0, 5);
	out->contributions = r_int(r, 0, 6);
	out->votes_up = 0;
	out->votes_down = 0;
	out->accepted_answers = 0;
	out->badges_awarded = 0;
	out->tags = r_int(r, 0, 7);
	PQclear(r);
	return COP_OK;
}

static int pg_log_last_seq(cop_backend *be, int64_t *out)
{
	pg_backend *b = PG(be);
	PGresult *r;
	int rc;

	b->errmsg[0] = '\0';
	*out = 0;
	if ((rc = pg_exec(b, S_LOG_LAST, NULL, &r)) < 0)
		return rc;
	if (PQntuples(r) == 1)
		*out = r_int(r, 0, 0);
	PQclear(r);
	return COP_OK;
}

/* ---- recognition operations ---------------------------------------------------
 *
 * The statements are shared with the SQLite backend (recognition_sql.h);
 * PostgreSQL infers their parameters' types from the columns they meet.
 * With cop_locking=row, reads of a vote, an accepted answer or a
 * standing inside a write transaction lock the row (FOR UPDATE), as
 * get() does for the foundation's records.  Rows come from one result
 * (recognition listings are paged by the core), and point into it.
 */

typedef struct pg_rows {
	cop_backend_iter base;
	pg_backend *b;
	PGresult *r;
	int i;
} pg_rows;

static void prows_free(cop_backend_iter *bi)
{
	pg_rows *r = (pg_rows *)bi;

	if (!r)
		return;
	PQclear(r->r);
	cop_free(r);
}

static int prows_next(cop_backend_iter *bi, void *rec)
{
	pg_rows *r = (pg_rows *)bi;
	cop_row *row = rec;
	int c, n, rc;

	if (r->i >= PQntuples(r->r))
		return COP_ITEROVER;
	n = PQnfields(r->r);
	if (n > COP_ROW_MAX)
		n = COP_ROW_MAX;
	memset(row, 0, sizeof(*row));
	row->ncols = (unsigned int)n;
	for (c = 0; c < n; c++) {
		cop_val *v = &row->col[c];
		if (PQgetisnull(r->r, r->i, c)) {
			v->type = COP_VAL_NULL;
			continue;
		}
		switch (PQftype(r->r, c)) {
		case 17:        /* bytea */
			if ((rc = r_id(r->b, r->r, r->i, c, &v->id)) < 0)
				return rc;
			v->type = COP_VAL_ID;
			break;
		case 20: case 21: case 23: case 1700:   /* int8 int2 int4 numeric */
			v->type = COP_VAL_INT;
			v->i = r_int(r->r, r->i, c);
			break;
		default:
			v->type = COP_VAL_TEXT;
			v->text = PQgetvalue(r->r, r->i, c);
			break;
		}
	}
	r->i++;
	return COP_OK;
}

/* The recognition writes the core never reads an answer from, nor
 * tells one failure from another. */
static int rop_deferrable(int op)
{
	switch (op) {
	case COP_ROP_VOTE_PUT: case COP_ROP_ACCEPT_PUT: case COP_ROP_KUDOS_INS:
	case COP_ROP_LEDGER_INS: case COP_ROP_STANDING_PUT:
	case COP_ROP_TOTAL_ADD: case COP_ROP_BADGE_INS: case COP_ROP_SCORE_ADD:
	case COP_ROP_SCORE_SET: case COP_ROP_THREAD_BUMP:
		return 1;
	}
	return 0;
}

static int pg_rop(cop_backend *be, int op, const cop_val *params,
	unsigned int n, cop_backend_iter **rows)
{
	pg_backend *b = PG(be);
	pg_params p;
	PGresult *r;
	pg_rows *it;
	char name[64], *sql = NULL;
	unsigned int i;
	int rc, lock;

	b->errmsg[0] = '\0';
	if (rows)
		*rows = NULL;
	if (op <= 0 || op >= COP_ROP__COUNT || !rs_stmts[op].sql)
		return pg_fail(b, COP_ERROR, "unknown recognition operation %d", op);
	if (n > PG_MAXP)
		return pg_fail(b, COP_ERROR, "too many parameters");
	memset(&p, 0, sizeof(p));
	for (i = 0; i < n; i++) {
		switch (params[i].type) {
		case COP_VAL_INT: p_int(&p, params[i].i); break;
		case COP_VAL_ID: p_id(&p, &params[i].id); break;
		case COP_VAL_KEY: p_key(&p, &params[i].id); break;
		case COP_VAL_TEXT: p_text(&p, params[i].text); break;
		default: p_null(&p); break;
		}
	}
	/* Writes whose rows nobody reads can wait (see pg_defer). */
	if (!rows && rop_deferrable(op))
		return pg_defer_named(b, rs_stmts[op].name, rs_stmts[op].sql,
			&b->rprepared[0][op], 0, &p, Q_DONE);
	if ((rc = pg_ensure(b)) < 0)
		return rc;
	lock = b->row_locks && b->depth > 0 && (op == COP_ROP_VOTE_GET ||
		op == COP_ROP_ACCEPT_GET || op == COP_ROP_STANDING_GET);
	snprintf(name, sizeof(name), "%s%s", rs_stmts[op].name, lock ? "_l" : "");
	if (lock && !b->rprepared[1][op]) {
		const char *text = rs_stmts[op].sql;
		size_t len = strlen(text);
		if (!(sql = cop_malloc(len + 12)))
			return pg_fail(b, COP_ENOMEM, "out of memory");
		memcpy(sql, text, len);
		memcpy(sql + len, " FOR UPDATE", 12);
	}
	rc = pg_exec_named(b, name, sql ? sql : rs_stmts[op].sql,
		&b->rprepared[lock][op], 0, 0, &p, &r);
	cop_free(sql);
	if (rc < 0)
		return rc;
	if (!rows) {
		PQclear(r);
		return COP_OK;
	}
	if (!(it = cop_mallocz(sizeof(*it)))) {
		PQclear(r);
		return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	it->base.next = prows_next;
	it->base.free = prows_free;
	it->b = b;
	it->r = r;
	*rows = &it->base;
	return COP_OK;
}

/* ---- schema creation and migration ------------------------------------------- */

/* One text value from a query with no parameters; NULL when no row/null. */
static int pg_value(pg_backend *b, const char *sql, char **out)
{
	PGresult *r = PQexec(b->conn, sql);
	int rc = COP_OK;

	*out = NULL;
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_result_error(b, r, "reading the schema");
	else if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
		*out = cop_strdup(PQgetvalue(r, 0, 0));
		if (!*out)
			rc = pg_fail(b, COP_ENOMEM, "out of memory");
	}
	PQclear(r);
	return rc;
}

/*
 * The schema's version: 0 when there is no libcop schema, -1 (with
 * ECORRUPT recorded) when the tables are not libcop's.
 */
static int pg_schema_version(pg_backend *b, int *version)
{
	char *v = NULL;
	int rc;

	*version = 0;
	if ((rc = pg_value(b, "SELECT to_regclass('cop_meta')::text", &v)) < 0)
		return rc;
	if (!v) {
		/* No meta table: a stray cop_ table means someone else's schema. */
		if ((rc = pg_value(b, "SELECT to_regclass('cop_member')::text",
		                   &v)) < 0)
			return rc;
		if (v) {
			cop_free(v);
			return pg_fail(b, COP_ECORRUPT,
				"the schema has libcop tables but no cop_meta: "
				"not a libcop database");
		}
		return COP_OK;
	}
	cop_free(v);
	if ((rc = pg_value(b, "SELECT value FROM cop_meta "
	                      "WHERE key = 'schema_version'", &v)) < 0)
		return rc;
	if (!v || atoi(v) <= 0) {
		cop_free(v);
		return pg_fail(b, COP_ECORRUPT,
			"cop_meta has no schema_version: not a libcop database");
	}
	*version = atoi(v);
	cop_free(v);
	return COP_OK;
}

/* Create version 1 in the current schema (inside the migration transaction). */
static int pg_schema_create(pg_backend *b)
{
	char *ext = NULL, *cur = NULL, *alnum = NULL, *has_public = NULL;
	char *qext = NULL, *qcur = NULL, *fold = NULL, *sql = NULL;
	char small[512];
	const char *sep;
	size_t n;
	int rc;

	/* unaccent: where it is installed, else try to install it where a
	 * dropped per-test schema will not take it along (public, or the
	 * current schema when no cop_schema is in use). */
	if ((rc = pg_value(b, "SELECT n.nspname FROM pg_extension e "
	                      "JOIN pg_namespace n ON n.oid = e.extnamespace "
	                      "WHERE e.extname = 'unaccent'", &ext)) < 0)
		goto out;
	if (!ext) {
		if ((rc = pg_value(b, "SELECT 'public' FROM pg_namespace "
		                      "WHERE nspname = 'public'", &has_public)) < 0)
			goto out;
		if (has_public || !b->schema) {
			if ((rc = pg_run(b, "SAVEPOINT cop_ext", "savepoint")) < 0)
				goto out;
			if (pg_run(b, has_public ?
			    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public" :
			    "CREATE EXTENSION IF NOT EXISTS unaccent", "unaccent") < 0) {
				if ((rc = pg_run(b, "ROLLBACK TO SAVEPOINT cop_ext",
				                 "rollback to savepoint")) < 0)
					goto out;
			}
			if ((rc = pg_run(b, "RELEASE SAVEPOINT cop_ext",
			                 "release savepoint")) < 0)
				goto out;
			if ((rc = pg_value(b, "SELECT n.nspname FROM pg_extension e "
			    "JOIN pg_namespace n ON n.oid = e.extnamespace "
			    "WHERE e.extname = 'unaccent'", &ext)) < 0)
				goto out;
		}
	}
	if ((rc = pg_value(b, "SELECT current_schema()", &cur)) < 0)
		goto out;
	if (!cur) {
		rc = pg_fail(b, COP_EIO, "no schema to create the tables in "
			"(check search_path, or use cop_schema=NAME)");
		goto out;
	}
	/* Does this database's ctype know non-ASCII letters? */
	if ((rc = pg_value(b, "SELECT (U&'\\00e9\\0416' ~ '^[[:alnum:]]+$')::text",
	                   &alnum)) < 0)
		goto out;
	sep = alnum && !strcmp(alnum, "true") ? SEP_ALNUM : SEP_ASCII;

	qcur = PQescapeIdentifier(b->conn, cur, strlen(cur));
	if (ext)
		qext = PQescapeIdentifier(b->conn, ext, strlen(ext));
	if (!qcur || (ext && !qext)) {
		rc = pg_fail(b, COP_ENOMEM, "out of memory");
		goto out;
	}
	n = strlen(qext ? qext : "") * 2 + sizeof(fold_from) + sizeof(fold_to) + 128;
	fold = cop_malloc(n);
	if (!fold) {
		rc = pg_fail(b, COP_ENOMEM, "out of memory");
		goto out;
	}
	if (qext)
		snprintf(fold, n, "%s.unaccent('%s.unaccent'::regdictionary, $1)",
			qext, qext);
	else
		snprintf(fold, n, "pg_catalog.translate($1, '%s', '%s')",
			fold_from, fold_to);
	n = sizeof(schema_v1) + strlen(fold) + strlen(sep) + 8 * strlen(qcur) + 64;
	sql = cop_malloc(n);
	if (!sql) {
		rc = pg_fail(b, COP_ENOMEM, "out of memory");
		goto out;
	}
	snprintf(sql, n, schema_v1, fold, sep, qcur);
	if ((rc = pg_run(b, sql, "creating the schema")) < 0)
		goto out;
	if (qext) {
		/* Headlines find "Café" for 'cafe' through this configuration. */
		snprintf(small, sizeof(small),
			"ALTER TEXT SEARCH CONFIGURATION cop_fold ALTER MAPPING FOR "
			"asciihword, asciiword, hword, hword_asciipart, hword_numpart, "
			"hword_part, numhword, numword, word WITH %s.unaccent, "
			"pg_catalog.simple", qext);
		if ((rc = pg_run(b, small, "creating the search configuration")) < 0)
			goto out;
	}
	if ((rc = pg_run(b, schema_v2, "creating the schema")) < 0)
		goto out;
	if ((rc = pg_run(b, schema_v3, "creating the schema")) < 0)
		goto out;
	snprintf(small, sizeof(small), "INSERT INTO cop_meta (key, value) VALUES "
		"('schema_version', '%d'), ('fold', '%s'), ('created_by', 'libcop')",
		PG_SCHEMA_VERSION, qext ? "unaccent" : "translate");
	rc = pg_run(b, small, "creating the schema");
out:
	PQfreemem(qext);
	PQfreemem(qcur);
	cop_free(ext);
	cop_free(cur);
	cop_free(alnum);
	cop_free(has_public);
	cop_free(fold);
	cop_free(sql);
	return rc;
}

/* Migrations from version N to N+1, in order. */
static int pg_migrate(pg_backend *b, int from)
{
	if (from == 1)
		return pg_run(b, schema_v2, "migrating the schema to version 2");
	if (from == 2)
		return pg_run(b, schema_v3, "migrating the schema to version 3");
	return pg_fail(b, COP_ECORRUPT, "no migration from schema version %d",
		from);
}

/* Open, create or migrate the schema according to @p flags. */
static int pg_schema(pg_backend *b, unsigned int flags)
{
	char sql[256];
	char *ident = NULL, *found = NULL;
	int rc, version;

	if ((rc = pg_schema_version(b, &version)) < 0)
		return rc;
	if (version == PG_SCHEMA_VERSION)
		return COP_OK;
	if (version > PG_SCHEMA_VERSION)
		return pg_fail(b, COP_EVERSION, "schema version %d is newer than "
			"this library's (%d)", version, PG_SCHEMA_VERSION);
	if (version == 0 && (flags & (COP_OPEN_NOCREATE | COP_OPEN_READONLY)))
		return pg_fail(b, COP_ENOTFOUND, "no libcop schema in this "
			"database%s%s", b->schema ? " under schema " : "",
			b->schema ? b->schema : "");
	if (b->readonly)
		return pg_fail(b, COP_EVERSION, "schema version %d is older than "
			"this library's (%d): open it once read-write to migrate",
			version, PG_SCHEMA_VERSION);

	/* Create or migrate under a lock, so concurrent openers wait. */
	if ((rc = pg_run(b, "BEGIN ISOLATION LEVEL READ COMMITTED", "begin")) < 0)
		return rc;
	snprintf(sql, sizeof(sql), "SELECT pg_advisory_xact_lock(%d)",
		PG_LOCK_KEY);
	if ((rc = pg_run(b, sql, "locking the schema")) < 0)
		goto fail;
	if (b->schema) {
		ident = PQescapeIdentifier(b->conn, b->schema, strlen(b->schema));
		if (!ident) {
			rc = pg_fail(b, COP_ENOMEM, "out of memory");
			goto fail;
		}
		/* Only when missing: CREATE SCHEMA needs the CREATE privilege on
		 * the database even with IF NOT EXISTS.  (The name is checked:
		 * letters, digits and '_' only.) */
		snprintf(sql, sizeof(sql), "SELECT to_regnamespace('%s')::text",
			ident);
		if ((rc = pg_value(b, sql, &found)) < 0) {
			PQfreemem(ident);
			goto fail;
		}
		snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", ident);
		PQfreemem(ident);
		if (!found && (rc = pg_run(b, sql, "creating the schema")) < 0)
			goto fail;
		cop_free(found);
	}
	if ((rc = pg_schema_version(b, &version)) < 0)
		goto fail;
	if (version == 0) {
		if ((rc = pg_schema_create(b)) < 0)
			goto fail;
		version = PG_SCHEMA_VERSION;
	}
	while (version < PG_SCHEMA_VERSION) {
		if ((rc = pg_migrate(b, version)) < 0)
			goto fail;
		version++;
		snprintf(sql, sizeof(sql), "UPDATE cop_meta SET value = '%d' "
			"WHERE key = 'schema_version'", version);
		if ((rc = pg_run(b, sql, "migrating the schema")) < 0)
			goto fail;
	}
	if (version > PG_SCHEMA_VERSION) {
		rc = pg_fail(b, COP_EVERSION, "schema version %d is newer than "
			"this library's (%d)", version, PG_SCHEMA_VERSION);
		goto fail;
	}
	{
		PGresult *r = PQexec(b->conn, "COMMIT");
		if (!r || PQresultStatus(r) != PGRES_COMMAND_OK ||
		    strcmp(PQcmdStatus(r), "COMMIT") != 0)
			rc = r && PQresultStatus(r) == PGRES_COMMAND_OK ?
				pg_fail(b, COP_EIO, "creating the schema failed") :
				pg_result_error(b, r, "commit");
		PQclear(r);
	}
	/* Statements prepared so far saw no tables. */
	memset(b->prepared, 0, sizeof(b->prepared));
	memset(b->rprepared, 0, sizeof(b->rprepared));
	return rc;
fail:
	{
		char keep[PG_ERRMSG_MAX];
		memcpy(keep, b->errmsg, sizeof(keep));
		pg_run(b, "ROLLBACK", "rollback");
		memcpy(b->errmsg, keep, sizeof(keep));
	}
	return rc;
}

/* ---- opening and closing ---------------------------------------------------- */

static int valid_schema_name(const char *s)
{
	size_t i;

	if (!s[0] || strlen(s) > 63)
		return 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	      s[0] == '_'))
		return 0;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	if (!strncmp(s, "pg_", 3))
		return 0;
	return 1;
}

/* Percent-decode @p s (length @p n) into a new string. */
static char *pct_decode(const char *s, size_t n)
{
	char *o = cop_malloc(n + 1), *p = o;
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*p++ = (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
			i += 2;
		} else {
			*p++ = s[i];
		}
	}
	*p = '\0';
	return o;
}

/*
 * Take libcop's parameters (cop_schema, cop_schema_drop) out of the URI's
 * query; the rest goes to libpq.
 */
static int pg_parse_uri(pg_backend *b, const char *uri)
{
	const char *q = strchr(uri, '?'), *s;
	pg_buf out = { 0 };
	int first = 1;

	if (strncmp(uri, "postgresql://", 13) != 0 &&
	    strncmp(uri, "postgres://", 11) != 0)
		return pg_fail(b, COP_EINVAL, "not a PostgreSQL URI "
			"(postgresql://...): %.100s", uri);
	if (!q) {
		b->conninfo = cop_strdup(uri);
		return b->conninfo ? COP_OK : pg_fail(b, COP_ENOMEM, "out of memory");
	}
	buf_add(&out, uri, (size_t)(q - uri));
	for (s = q + 1; *s; ) {
		const char *e = strchr(s, '&'), *eq;
		size_t n;
		if (!e)
			e = s + strlen(s);
		n = (size_t)(e - s);
		eq = memchr(s, '=', n);
		if (n >= 4 && !strncmp(s, "cop_", 4)) {
			size_t kn = eq ? (size_t)(eq - s) : n;
			char *v = eq ? pct_decode(eq + 1, (size_t)(e - eq - 1)) :
				cop_strdup("");
			if (!v) {
				cop_free(out.p);
				return pg_fail(b, COP_ENOMEM, "out of memory");
			}
			if (kn == 10 && !strncmp(s, "cop_schema", 10)) {
				if (!valid_schema_name(v)) {
					pg_fail(b, COP_EINVAL, "cop_schema: \"%.80s\" is not a "
						"valid schema name ([A-Za-z_][A-Za-z0-9_]*, "
						"at most 63, not pg_...)", v);
					cop_free(v);
					cop_free(out.p);
					return COP_EINVAL;
				}
				cop_free(b->schema);
				b->schema = v;
			} else if (kn == 11 && !strncmp(s, "cop_locking", 11)) {
				if (!strcmp(v, "store"))
					b->row_locks = 0;
				else if (!strcmp(v, "row"))
					b->row_locks = 1;
				else {
					pg_fail(b, COP_EINVAL, "cop_locking: \"%.80s\" is not "
						"store or row", v);
					cop_free(v);
					cop_free(out.p);
					return COP_EINVAL;
				}
				cop_free(v);
			} else if (kn == 15 && !strncmp(s, "cop_schema_drop", 15)) {
				if (!strcmp(v, "1") || !strcmp(v, "true") ||
				    !strcmp(v, "yes") || !strcmp(v, "on"))
					b->drop_schema = 1;
				else if (!strcmp(v, "0") || !strcmp(v, "false") ||
				         !strcmp(v, "no") || !strcmp(v, "off"))
					b->drop_schema = 0;
				else {
					pg_fail(b, COP_EINVAL, "cop_schema_drop: \"%.80s\" "
						"is not 0 or 1", v);
					cop_free(v);
					cop_free(out.p);
					return COP_EINVAL;
				}
				cop_free(v);
			} else {
				pg_fail(b, COP_EINVAL, "unknown libcop URI parameter "
					"\"%.*s\"", (int)(kn > 60 ? 60 : kn), s);
				cop_free(v);
				cop_free(out.p);
				return COP_EINVAL;
			}
		} else if (n > 0) {
			buf_str(&out, first ? "?" : "&");
			buf_add(&out, s, n);
			first = 0;
		}
		s = *e ? e + 1 : e;
	}
	if (b->drop_schema && !b->schema) {
		cop_free(out.p);
		return pg_fail(b, COP_EINVAL, "cop_schema_drop needs cop_schema");
	}
	if (out.oom || !out.p) {
		cop_free(out.p);
		return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	b->conninfo = out.p;
	return COP_OK;
}

static void pg_free(cop_backend *be)
{
	pg_backend *b = PG(be);
	char sql[128];
	char *ident;

	if (!b)
		return;
	/* What waits belongs to a transaction closed without commit. */
	q_drop(b, 0);
	cop_free(b->q);
	if (b->conn && PQstatus(b->conn) == CONNECTION_OK) {
		if (PQtransactionStatus(b->conn) != PQTRANS_IDLE)
			pg_run(b, "ROLLBACK", "rollback");
		if (b->drop_schema && b->schema) {
			ident = PQescapeIdentifier(b->conn, b->schema, strlen(b->schema));
			if (ident) {
				snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE",
					ident);
				PQfreemem(ident);
				pg_run(b, sql, "dropping the schema");
			}
		}
	}
	if (b->conn)
		PQfinish(b->conn);
	cop_free(b->conninfo);
	cop_free(b->schema);
	cop_free(b);
}

static int open_fail(pg_backend *b, int rc, char **errmsg)
{
	if (errmsg)
		*errmsg = cop_strdup(b->errmsg[0] ? b->errmsg : cop_strerror(rc));
	/* Nothing was created that should be dropped. */
	b->drop_schema = 0;
	pg_free(&b->base);
	return rc;
}

int cop__pg_open(cop_backend **out, const char *uri,
	const cop_open_options *opts, char **errmsg)
{
	pg_backend *b;
	unsigned int flags = opts ? opts->flags : 0;
	int rc;

	if (out)
		*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!out || !uri)
		return COP_EINVAL;
	b = cop_mallocz(sizeof(*b));
	if (!b)
		return COP_ENOMEM;
	b->base.version = COP_BACKEND_VERSION;
	b->base.name = "postgresql";
	b->base.free = pg_free;
	b->base.errmsg = pg_errmsg;
	b->base.begin = pg_begin;
	b->base.commit = pg_commit;
	b->base.rollback = pg_rollback;
	b->base.insert = pg_insert;
	b->base.update = pg_update;
	b->base.get = pg_get;
	b->base.list = pg_list;
	b->base.search = pg_search;
	b->base.stats = pg_stats;
	b->base.log_last_seq = pg_log_last_seq;
	b->base.rop = pg_rop;
	b->base.thread_access = pg_thread_access;
	b->readonly = (flags & COP_OPEN_READONLY) != 0;
	b->busy_ms = opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000;

	if ((rc = pg_parse_uri(b, uri)) < 0)
		return open_fail(b, rc, errmsg);
	b->conn = PQconnectdb(b->conninfo);
	if (!b->conn)
		return open_fail(b, pg_fail(b, COP_ENOMEM, "out of memory"), errmsg);
	PQsetNoticeProcessor(b->conn, pg_quiet, NULL);
	if (PQstatus(b->conn) != CONNECTION_OK) {
		const char *m = PQerrorMessage(b->conn);
		rc = strstr(m, "database \"") && strstr(m, "\" does not exist") ?
			COP_ENOTFOUND : COP_EIO;
		return open_fail(b, pg_fail_text(b, rc, "connecting", m), errmsg);
	}
	if ((rc = pg_session(b)) < 0)
		return open_fail(b, rc, errmsg);
	if ((rc = pg_schema(b, flags)) < 0)
		return open_fail(b, rc, errmsg);
	b->errmsg[0] = '\0';
	*out = &b->base;
	return COP_OK;
}
