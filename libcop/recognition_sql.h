/*
 * recognition_sql.h: the SQL of the recognition operations (cop_rop, see
 * sys/backend.h), shared by the SQLite and PostgreSQL backends.
 *
 * The statements are written in the dialect both engines accept:
 * parameters are $1, $2 ... (SQLite binds them by name, PostgreSQL by
 * position and infers their types from the columns they meet), upserts
 * are INSERT ... ON CONFLICT, no engine-specific functions.  Each
 * backend creates the tables itself (its own DDL) and runs these.
 * Not installed; included only by the backends.
 */
#ifndef COP_RECOGNITION_SQL_H
#define COP_RECOGNITION_SQL_H

#define RS_VOTE_COLS "id, community_id, contribution_id, voter_id, " \
	"author_id, kind, rep_author, rep_voter, created, changed"
#define RS_ACCEPT_COLS "thread_id, community_id, contribution_id, " \
	"author_id, acceptor_id, rep_author, rep_acceptor, created"
#define RS_KUDOS_COLS "id, community_id, from_id, to_id, contribution_id, " \
	"message, created"
#define RS_LEDGER_COLS "id, community_id, member_id, points, nominal, " \
	"reason, object_id, actor_id, time, tags"
#define RS_STANDING_COLS "community_id, member_id, reputation, cap_day, " \
	"cap_used, trust, trust_manual, days_active, last_day, posts, " \
	"likes_given, likes_received, kudos_received, accepted, posts_read"
#define RS_FLAG_COLS "id, community_id, contribution_id, flagger_id, " \
	"reason, state, created, resolver_id, resolved"
#define RS_BADGE_COLS "id, community_id, member_id, badge, object_id, awarded"

/* Score weight of a vote kind: up and helpful +1, down -1. */
#define RS_WEIGHT(K) "CASE " K " WHEN 0 THEN 1 WHEN 1 THEN -1 " \
	"WHEN 2 THEN 1 ELSE 0 END"

typedef struct rs_stmt {
	const char *name;
	const char *sql;
} rs_stmt;

static const rs_stmt rs_stmts[COP_ROP__COUNT] = {
	[COP_ROP_VOTE_GET] = { "cop_r_vote_get",
		"SELECT " RS_VOTE_COLS " FROM cop_vote "
		"WHERE contribution_id = $1 AND voter_id = $2" },
	[COP_ROP_VOTE_PUT] = { "cop_r_vote_put",
		"INSERT INTO cop_vote (" RS_VOTE_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO UPDATE SET "
		"kind = excluded.kind, rep_author = excluded.rep_author, "
		"rep_voter = excluded.rep_voter, changed = excluded.changed" },
	[COP_ROP_ACCEPT_GET] = { "cop_r_accept_get",
		"SELECT " RS_ACCEPT_COLS " FROM cop_accept WHERE thread_id = $1" },
	[COP_ROP_ACCEPT_PUT] = { "cop_r_accept_put",
		"INSERT INTO cop_accept (" RS_ACCEPT_COLS ") VALUES ($1, $2, $3, "
		"$4, $5, $6, $7, $8) ON CONFLICT (thread_id) DO UPDATE SET "
		"contribution_id = excluded.contribution_id, "
		"author_id = excluded.author_id, "
		"acceptor_id = excluded.acceptor_id, "
		"rep_author = excluded.rep_author, "
		"rep_acceptor = excluded.rep_acceptor, created = excluded.created" },
	[COP_ROP_KUDOS_INS] = { "cop_r_kudos_ins",
		"INSERT INTO cop_kudos (" RS_KUDOS_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6, $7)" },
	[COP_ROP_KUDOS_LIST] = { "cop_r_kudos_list",
		"SELECT " RS_KUDOS_COLS " FROM cop_kudos WHERE community_id = $1 "
		"AND to_id = $2 AND (created < $3 OR (created = $3 AND id < $4)) "
		"ORDER BY created DESC, id DESC LIMIT $5" },
	[COP_ROP_LEDGER_INS] = { "cop_r_ledger_ins",
		"INSERT INTO cop_ledger (" RS_LEDGER_COLS ") VALUES ($1, $2, $3, "
		"$4, $5, $6, $7, $8, $9, $10)" },
	[COP_ROP_LEDGER_LIST] = { "cop_r_ledger_list",
		"SELECT " RS_LEDGER_COLS " FROM cop_ledger WHERE community_id = $1 "
		"AND member_id = $2 AND (time < $3 OR (time = $3 AND id < $4)) "
		"ORDER BY time DESC, id DESC LIMIT $5" },
	[COP_ROP_LEDGER_SCAN] = { "cop_r_ledger_scan",
		"SELECT " RS_LEDGER_COLS " FROM cop_ledger WHERE community_id = $1 "
		"AND (member_id > $2 OR (member_id = $2 AND (time > $3 OR "
		"(time = $3 AND id > $4)))) ORDER BY member_id, time, id LIMIT $5" },
	[COP_ROP_STANDING_GET] = { "cop_r_standing_get",
		"SELECT " RS_STANDING_COLS " FROM cop_standing "
		"WHERE community_id = $1 AND member_id = $2" },
	[COP_ROP_STANDING_PUT] = { "cop_r_standing_put",
		"INSERT INTO cop_standing (" RS_STANDING_COLS ") VALUES ($1, $2, "
		"$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
		"ON CONFLICT (community_id, member_id) DO UPDATE SET "
		"reputation = excluded.reputation, cap_day = excluded.cap_day, "
		"cap_used = excluded.cap_used, trust = excluded.trust, "
		"trust_manual = excluded.trust_manual, "
		"days_active = excluded.days_active, last_day = excluded.last_day, "
		"posts = excluded.posts, likes_given = excluded.likes_given, "
		"likes_received = excluded.likes_received, "
		"kudos_received = excluded.kudos_received, "
		"accepted = excluded.accepted, posts_read = excluded.posts_read" },
	[COP_ROP_STANDING_LIST] = { "cop_r_standing_list",
		"SELECT " RS_STANDING_COLS " FROM cop_standing "
		"WHERE community_id = $1 AND member_id > $2 "
		"ORDER BY member_id LIMIT $3" },
	[COP_ROP_TOTAL_ADD] = { "cop_r_total_add",
		"INSERT INTO cop_rep_total (community_id, period, pstart, tag, "
		"member_id, points) VALUES ($1, $2, $3, $4, $5, $6) "
		"ON CONFLICT (community_id, period, pstart, tag, member_id) "
		"DO UPDATE SET points = cop_rep_total.points + excluded.points" },
	[COP_ROP_BOARD] = { "cop_r_board",
		"SELECT r.member_id, r.points, u.handle FROM cop_rep_total r "
		"JOIN cop_member u ON u.id = r.member_id "
		"WHERE r.community_id = $1 AND r.period = $2 AND r.pstart = $3 "
		"AND r.tag = $4 AND (r.points < $5 OR (r.points = $5 "
		"AND r.member_id > $6)) "
		"ORDER BY r.points DESC, r.member_id LIMIT $7" },
	[COP_ROP_TOTAL_CLEAR] = { "cop_r_total_clear",
		"DELETE FROM cop_rep_total WHERE community_id = $1" },
	[COP_ROP_BADGE_INS] = { "cop_r_badge_ins",
		"INSERT INTO cop_badge (" RS_BADGE_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6) ON CONFLICT DO NOTHING RETURNING 1" },
	[COP_ROP_BADGE_LIST] = { "cop_r_badge_list",
		"SELECT " RS_BADGE_COLS " FROM cop_badge WHERE community_id = $1 "
		"AND member_id = $2 AND (awarded < $3 OR (awarded = $3 "
		"AND id < $4)) ORDER BY awarded DESC, id DESC LIMIT $5" },
	[COP_ROP_BADGE_HAS] = { "cop_r_badge_has",
		"SELECT count(*) FROM cop_badge WHERE community_id = $1 "
		"AND member_id = $2 AND badge = $3 AND object_id = $4" },
	[COP_ROP_CONFIG_GET] = { "cop_r_config_get",
		"SELECT community_id, body FROM cop_rconfig WHERE community_id = $1" },
	[COP_ROP_CONFIG_PUT] = { "cop_r_config_put",
		"INSERT INTO cop_rconfig (community_id, body) VALUES ($1, $2) "
		"ON CONFLICT (community_id) DO UPDATE SET body = excluded.body" },
	[COP_ROP_SCORE_ADD] = { "cop_r_score_add",
		"UPDATE cop_contribution SET score = score + $2 WHERE id = $1" },
	[COP_ROP_V_SCORES] = { "cop_r_v_scores",
		"SELECT * FROM (SELECT c.id, c.score, COALESCE((SELECT SUM("
		RS_WEIGHT("v.kind") ") FROM cop_vote v "
		"WHERE v.contribution_id = c.id), 0) AS e FROM cop_contribution c "
		"WHERE c.community_id = $1) x WHERE x.score <> x.e" },
	[COP_ROP_SCORE_SET] = { "cop_r_score_set",
		"UPDATE cop_contribution SET score = $2 WHERE id = $1" },
	[COP_ROP_V_REPUTATION] = { "cop_r_v_reputation",
		"SELECT * FROM (SELECT s.member_id, s.reputation, "
		"COALESCE((SELECT SUM(l.points) FROM cop_ledger l "
		"WHERE l.community_id = s.community_id "
		"AND l.member_id = s.member_id), 0) AS e FROM cop_standing s "
		"WHERE s.community_id = $1) x WHERE x.reputation <> x.e + $2" },
	[COP_ROP_V_COUNTS] = { "cop_r_v_counts",
		"SELECT * FROM (SELECT s.member_id, s.posts, s.likes_given, "
		"s.likes_received, s.kudos_received, s.accepted, "
		"(SELECT count(*) FROM cop_contribution c "
		"WHERE c.community_id = s.community_id "
		"AND c.author_id = s.member_id) AS e_posts, "
		"(SELECT count(*) FROM cop_vote v WHERE v.community_id = "
		"s.community_id AND v.voter_id = s.member_id "
		"AND v.kind IN (0, 2, 3)) AS e_given, "
		"(SELECT count(*) FROM cop_vote v WHERE v.community_id = "
		"s.community_id AND v.author_id = s.member_id "
		"AND v.kind IN (0, 2, 3)) AS e_received, "
		"(SELECT count(*) FROM cop_kudos k WHERE k.community_id = "
		"s.community_id AND k.to_id = s.member_id) AS e_kudos, "
		"(SELECT count(*) FROM cop_accept a WHERE a.community_id = "
		"s.community_id AND a.author_id = s.member_id "
		"AND a.contribution_id IS NOT NULL) AS e_accepted "
		"FROM cop_standing s WHERE s.community_id = $1) x "
		"WHERE x.posts <> x.e_posts OR x.likes_given <> x.e_given "
		"OR x.likes_received <> x.e_received "
		"OR x.kudos_received <> x.e_kudos OR x.accepted <> x.e_accepted" },
	[COP_ROP_V_HIGH_SCORES] = { "cop_r_v_high",
		"SELECT c.id, c.author_id, c.score, c.kind, t.kind "
		"FROM cop_contribution c JOIN cop_thread t ON t.id = c.thread_id "
		"WHERE c.community_id = $1 AND c.score >= $2 "
		"AND c.author_id IS NOT NULL ORDER BY c.id" },
	[COP_ROP_TOTAL_MEMBER] = { "cop_r_total_member",
		"SELECT period, pstart, tag, points FROM cop_rep_total "
		"WHERE community_id = $1 AND member_id = $2" },
	[COP_ROP_FLAG_INS] = { "cop_r_flag_ins",
		"INSERT INTO cop_flag (" RS_FLAG_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6, $7, $8, $9)" },
	[COP_ROP_FLAG_GET] = { "cop_r_flag_get",
		"SELECT " RS_FLAG_COLS " FROM cop_flag WHERE id = $1" },
	[COP_ROP_FLAG_HAS] = { "cop_r_flag_has",
		"SELECT count(*) FROM cop_flag WHERE contribution_id = $1 "
		"AND flagger_id = $2" },
	[COP_ROP_FLAG_RESOLVE] = { "cop_r_flag_resolve",
		"UPDATE cop_flag SET state = $2, resolver_id = $3, resolved = $4 "
		"WHERE id = $1 AND state = 0 RETURNING 1" },
	[COP_ROP_FLAG_LIST] = { "cop_r_flag_list",
		"SELECT " RS_FLAG_COLS " FROM cop_flag WHERE community_id = $1 "
		"AND state = $2 AND (created > $3 OR (created = $3 AND id > $4)) "
		"ORDER BY created, id LIMIT $5" },
	[COP_ROP_STATS] = { "cop_r_stats",
		"SELECT (SELECT count(*) FROM cop_vote v WHERE v.kind = 0 "
		"AND v.community_id = COALESCE($1, v.community_id)), "
		"(SELECT count(*) FROM cop_vote v WHERE v.kind = 1 "
		"AND v.community_id = COALESCE($1, v.community_id)), "
		"(SELECT count(*) FROM cop_accept a WHERE a.contribution_id "
		"IS NOT NULL AND a.community_id = COALESCE($1, a.community_id)), "
		"(SELECT count(*) FROM cop_badge b "
		"WHERE b.community_id = COALESCE($1, b.community_id))" },
};

#endif
