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

#include "visibility.h"
#include "cop/notify.h"
#include "sql/schema.h"

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
#define RS_MOD_COLS "id, community_id, kind, actor_id, member_id, " \
	"object_id, reason, started, ends, lifted"
/* A moderation action in force at time T. */
#define RS_MOD_FORCE(T) "lifted = 0 AND started <= " T " AND (ends = 0 " \
	"OR ends > " T ")"
/* COP_ROP_MOD_FORCE: the kinds in force on member $1 at $3 (a silence in
 * community $2), then from the member's row in table M (the table, or a
 * locked copy of it) -1 when erased, -2 when not (sys/backend.h). */
#define RS_MOD_FORCE_KINDS "SELECT DISTINCT kind FROM cop_modaction " \
	"WHERE member_id = $1 AND kind IN (0, 1) AND " RS_MOD_FORCE("$3") \
	" AND ((kind = 0 AND community_id IS NULL) OR (kind = 1 AND " \
	"community_id = $2))"
#define RS_MOD_FORCE_STATE(M) "SELECT CASE WHEN status = " \
	COP__V_STR(COP__V_MEMBER_DELETED) " THEN -1 ELSE -2 END FROM " M \
	" WHERE id = $1"
#define RS_FUND_COLS "id, community_id, kind, amount, currency, day, " \
	"counterparty, note, event_id, received, actor_id, created"
#define RS_HOURS_COLS "community_id, month, member_id, minutes, note, " \
	"reporter_id, changed"
/* The hours figures of community $1, months $2 to $3: each membership
 * that sees its community (visibility.h) with its pledge, and each
 * member's minutes given then. */
#define RS_HOURS_FROM "FROM cop_membership m JOIN cop_member u " \
	"ON u.id = m.member_id LEFT JOIN (SELECT member_id, " \
	"CAST(sum(minutes) AS BIGINT) AS minutes FROM cop_hours " \
	"WHERE community_id = $1 AND month >= $2 AND month <= $3 " \
	"GROUP BY member_id) h ON h.member_id = m.member_id " \
	"WHERE m.community_id = $1 AND ((" COP_SQL_MS_SEEING("m") \
	" AND m.pledged_hours > 0) OR h.minutes IS NOT NULL) "
/* The pledged hours a month and the minutes given, of cop_hours_org's
 * rows of community $1 and months $2 to $3. */
#define RS_HORG_SUMS "CAST(COALESCE(sum(CASE WHEN month = 0 THEN pledged " \
	"ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(sum(CASE WHEN month = 0 " \
	"THEN 0 ELSE minutes END), 0) AS BIGINT)"
#define RS_HORG_WHERE "community_id = $1 AND (month = 0 OR (month >= $2 " \
	"AND month <= $3))"
#define RS_HOURS_PLEDGED "CASE WHEN " COP_SQL_MS_SEEING("m") \
	" THEN m.pledged_hours ELSE 0 END"
#define RS_TAG_COLS "community_id, name, excerpt, wiki, synonym_of, uses, " \
	"hidden_uses, created, updated"
/* A tag's uses as the reader sees them ($2 = 1: hidden threads too). */
#define RS_TAG_SEEN "(uses - CASE WHEN $2 = 1 THEN 0 ELSE hidden_uses END)"
/* A tag's columns with its uses as the reader sees them. */
#define RS_TAG_READ "community_id, name, excerpt, wiki, synonym_of, " \
	RS_TAG_SEEN ", CASE WHEN $2 = 1 THEN hidden_uses ELSE 0 END, " \
	"created, updated"
#define RS_HIST_COLS "thread_id, number, community_id, kind, old_value, " \
	"new_value, actor_id, created, comment"
/* History entries (aliased h) after thread T, number N. */
#define RS_HIST_AFTER(T, N) "(h.thread_id > " T " OR (h.thread_id = " T \
	" AND h.number > " N "))"
#define RS_BADGE_COLS "id, community_id, member_id, badge, object_id, awarded"
#define RS_EV_COLS "id, community_id, kind, title, body, place, url, tz, " \
	"starts, ends, capacity, creator_id, changed, sequence, cancelled, reason"
#define RS_RSVP_COLS "event_id, member_id, community_id, answer, waiting, " \
	"answered, attendance, recorded"
/* An event's rows of cop_rsvp aliased r matching COND. */
#define RS_EV_COUNT(COND) "(SELECT count(*) FROM cop_rsvp r " \
	"WHERE r.event_id = e.id AND " COND ")"
/* The answer (and waiting) of member M to the event aliased e. */
#define RS_EV_ANSWER(COL, DFLT, M) "COALESCE((SELECT r." COL " FROM " \
	"cop_rsvp r WHERE r.event_id = e.id AND r.member_id = " M "), " DFLT ")"
/* An event read (cop_event_rec): its columns, the counts of confirmed
 * yes, maybe, waiting yes and attended, and member M's answer. */
#define RS_EV_READ(M) "e.id, e.community_id, e.kind, e.title, e.body, " \
	"e.place, e.url, e.tz, e.starts, e.ends, e.capacity, e.creator_id, " \
	"e.changed, e.sequence, e.cancelled, e.reason, " \
	RS_EV_COUNT("r.answer = 1 AND r.waiting = 0") ", " \
	RS_EV_COUNT("r.answer = 2") ", " \
	RS_EV_COUNT("r.answer = 1 AND r.waiting = 1") ", " \
	RS_EV_COUNT("r.attendance = 1") ", " \
	RS_EV_ANSWER("answer", "-1", M) ", " RS_EV_ANSWER("waiting", "0", M)
/* A listing of events (COP_ROP_EV_LIST_*; sys/backend.h's
 * cop_event_query) in order ORD with keyset comparison CMP.  The
 * viewer's membership v0 is joined first only so that PostgreSQL types
 * $2 before visibility.h's rule tests it for NULL. */
#define RS_EV_LIST(CMP, ORD) "SELECT " RS_EV_READ("$3") " FROM cop_event e " \
	"JOIN cop_community k ON k.id = e.community_id " \
	"LEFT JOIN cop_membership v0 ON v0.community_id = k.id " \
	"AND v0.member_id = $2 " \
	"WHERE (e.community_id = $1 OR $1 IS NULL) AND " COP_SQL_VISIBLE("$2") \
	" AND e.ends > $4 AND e.ends <= $5 AND e.starts >= $6 " \
	"AND e.starts < $7 AND ($8 = 0 OR EXISTS (SELECT 1 FROM cop_rsvp r " \
	"WHERE r.event_id = e.id AND r.member_id = $3 AND r.answer >= 0)) " \
	"AND ($9 = 0 OR (e.cancelled = 0 AND NOT EXISTS (SELECT 1 FROM " \
	"cop_rsvp r WHERE r.event_id = e.id AND r.attendance <> 0))) " \
	"AND ($10 = 0 OR e.cancelled = 0) AND (e.starts " CMP " $11 OR " \
	"(e.starts = $11 AND e.id " CMP " $12)) ORDER BY e.starts " ORD \
	", e.id " ORD " LIMIT $13"

/* Subscriptions and notifications (libcop/notification.c), their columns
 * plain and as aliased f and n. */
#define RS_FOLLOW_COLS "id, member_id, kind, target_id, community_id, " \
	"tag, level, created"
#define RS_FOLLOW_COLS_F "f.id, f.member_id, f.kind, f.target_id, " \
	"f.community_id, f.tag, f.level, f.created"
#define RS_NOTE_COLS "id, member_id, kind, community_id, thread_id, " \
	"contribution_id, object_id, actor_id, created, read_at"
#define RS_NOTE_COLS_N "n.id, n.member_id, n.kind, n.community_id, " \
	"n.thread_id, n.contribution_id, n.object_id, n.actor_id, n.created, " \
	"n.read_at"
/* The numbers of notify.h the statements use. */
_Static_assert(COP_FOLLOW_COMMUNITY == 0 && COP_FOLLOW_THREAD == 1 &&
	COP_FOLLOW_TAG == 2, "follow kinds");
_Static_assert(COP_FOLLOW_WATCHING == 0 && COP_FOLLOW_TRACKING == 1 &&
	COP_FOLLOW_MUTED == 2, "follow levels");
/* The follows (aliased f) of the thread T, of community C and padded
 * tags G ("% a b %"): of the thread, of the community, of one of its
 * tags. */
#define RS_N_SCOPE(T, C, G) "((f.kind = 1 AND f.target_id = " T ") OR " \
	"(f.target_id = " C " AND (f.kind = 0 OR (f.kind = 2 AND " G \
	" LIKE ('% ' || f.tag || ' %')))))"
/* A member's most specific follow among those, as a rank whose
 * remainder by 4 is the level it gives: 3 muted, 2 watching, 1
 * tracking.  A thread's follow outranks its tags', which outrank its
 * community's; among tags muted, then watching, then tracking. */
#define RS_N_RANK "MAX(CASE f.kind WHEN 1 THEN 8 WHEN 2 THEN 4 ELSE 0 END + " \
	"CASE f.level WHEN 2 THEN 3 WHEN 0 THEN 2 ELSE 1 END)"
/* A member's notifications (aliased n; the member is $1), and the rule of
 * visibility.h for that member: the member not deleted, the community
 * visible, the thread (if any) not hidden from the member, the
 * contribution (if any) not hidden from the member.  (A removed one's
 * notifications go with it: COP_ROP_NOTE_DEL_DOOMED.)  The hidden threads
 * and contributions the member may not see are selected once a statement
 * (through the partial indexes on their ids, sql/schema.h: a few rows),
 * so a page reads no thread or contribution row. */
#define RS_N_FROM "FROM cop_notification n " \
	"JOIN cop_community k ON k.id = n.community_id "
#define RS_N_HIDDEN_T "SELECT t.id FROM cop_thread t WHERE " \
	COP_SQL_THREAD_HIDDEN("t") " AND NOT " COP_SQL_SEEN("$1")
#define RS_N_HIDDEN_C "SELECT c.id FROM cop_contribution c WHERE " \
	"c.hidden <> 0 AND NOT " COP_SQL_CON_SEEN("$1")
/* (Each set is first asked whether it is empty, once a statement: when
 * the member is hidden nothing, no row is looked up in it.) */
#define RS_N_SEEN "EXISTS (SELECT 1 FROM cop_member r WHERE r.id = $1 AND " \
	COP_SQL_MEMBER_PRESENT("r") ") AND " COP_SQL_VISIBLE("$1") \
	" AND (NOT EXISTS (" RS_N_HIDDEN_T ") OR n.thread_id IS NULL OR " \
	"n.thread_id NOT IN (" RS_N_HIDDEN_T ")) AND (NOT EXISTS (" \
	RS_N_HIDDEN_C ") OR n.contribution_id IS NULL OR " \
	"n.contribution_id NOT IN (" RS_N_HIDDEN_C "))"

/* What a vote of kind K adds to a score: the weights of kinds 0 to 3 are
 * parameters $2 to $5, which the core gives from its one rule
 * (cop__rec_vote_weight()); a retracted vote (-1) adds nothing. */
#define RS_WEIGHT(K) "CASE " K " WHEN 0 THEN $2 WHEN 1 THEN $3 " \
	"WHEN 2 THEN $4 WHEN 3 THEN $5 ELSE 0 END"

/* A member's erasure, policy "remove": the doomed ids the core computed
 * (libcop/privacy.c), kept for the transaction in the temporary table
 * cop_doomed (id, what): what 0 a contribution, 1 a thread.  Made with
 * the types of the columns it holds, so that one statement serves both
 * engines. */
#define RS_D_CONTRIBS "(SELECT id FROM cop_doomed WHERE what = 0)"
#define RS_D_THREADS "(SELECT id FROM cop_doomed WHERE what = 1)"
/* The statement of erasure operation COP_ROP_P_<OP>, named
 * cop_r_p_<NAME>. */
#define RS_P_STMT(OP, NAME, SQL) [COP_ROP_P_##OP] = { "cop_r_p_" NAME, SQL }

/* JSON export: object O (a ledger entry's, a badge's, a source's) may
 * be seen when $2 = 1 (everything) or it is none of a hidden thread of
 * community $1, a contribution in one, a vote or kudos on one. */
#define RS_X_SEEN(O) "($2 = 1 OR " O " IS NULL OR " O " NOT IN (" \
	"SELECT h.id FROM cop_thread h WHERE h.community_id = $1 " \
	"AND " COP_SQL_THREAD_HIDDEN("h") " UNION ALL SELECT c.id FROM cop_contribution c " \
	"JOIN cop_thread h ON h.id = c.thread_id WHERE h.community_id = $1 " \
	"AND " COP_SQL_THREAD_HIDDEN("h") " UNION ALL SELECT v.id FROM cop_vote v " \
	"JOIN cop_contribution c ON c.id = v.contribution_id " \
	"JOIN cop_thread h ON h.id = c.thread_id WHERE h.community_id = $1 " \
	"AND " COP_SQL_THREAD_HIDDEN("h") " UNION ALL SELECT k.id FROM cop_kudos k " \
	"JOIN cop_contribution c ON c.id = k.contribution_id " \
	"JOIN cop_thread h ON h.id = c.thread_id WHERE h.community_id = $1 " \
	"AND " COP_SQL_THREAD_HIDDEN("h") "))"

/* A member's rows of TABLE (COLS) in keyset order [T desc, id desc]:
 * ($1 community, $2 member in column WHO, $3 T, $4 id, $5 limit). */
#define RS_MEMBER_DESC(COLS, TABLE, WHO, T) "SELECT " COLS " FROM " TABLE \
	" WHERE community_id = $1 AND " WHO " = $2 AND (" T " < $3 OR (" T \
	" = $3 AND id < $4)) ORDER BY " T " DESC, id DESC LIMIT $5"

/* The same for viewer $6 (COP_ROP_KUDOS_SEEN and the others): the rows
 * whose OBJ (a column of the table, aliased o) is hidden from the viewer
 * are left out. */
#define RS_MEMBER_SEEN(COLS, TABLE, WHO, T, OBJ) "SELECT " COLS " FROM " \
	TABLE " o WHERE community_id = $1 AND " WHO " = $2 AND (" T " < $3 " \
	"OR (" T " = $3 AND id < $4)) AND (o." OBJ " IS NULL OR NOT " \
	COP_SQL_OBJ_HIDDEN("$6", "o." OBJ) ") ORDER BY " T " DESC, id DESC " \
	"LIMIT $5"

/* The contributions of O, a thread's or a contribution's id: the
 * thread's contributions, or the contribution itself (ids are unique
 * across tables, so one of the two matches nothing). */
#define RS_CONTENT(O) "SELECT c.id FROM cop_contribution c " \
	"WHERE c.thread_id = " O " OR c.id = " O

/* A leaderboard's page, the rows also meeting @p COND ("" or " AND
 * ..."): the board's totals in points order, those of equal points
 * sorted by member id (a key orders them by its number). */
#define RS_BOARD(COND) \
	"SELECT w.member_id, r.points, u.handle FROM cop_rep_sum r " \
	"CROSS JOIN cop_rep_member w JOIN cop_member u " \
	"ON u.id = w.member_id WHERE r.scope = (SELECT id " \
	"FROM cop_rep_scope WHERE community_id = $1 AND tag = $4) " \
	"AND r.period = $2 AND r.pstart = $3 AND w.id = r.who " \
	"AND (r.points < $5 OR (r.points = $5 AND w.member_id > $6))" COND \
	" ORDER BY r.points DESC, w.member_id LIMIT $7"

/* Export scans: the thread aliased T is shown when $2 = 1 (everything)
 * or it is not hidden; rows of alias A hang on a contribution (joined
 * as c, its thread as t); a page after key K ($3) of at most $4 rows. */
#define RS_X_SHOWN(T) "($2 = 1 OR " COP_SQL_THREAD_SHOWN(T) ")"
/* ... and the contribution aliased c is not hidden (moderation.h). */
#define RS_X_CSHOWN "($2 = 1 OR c.hidden = 0)"
#define RS_X_ON_CONTRIB(A) "JOIN cop_contribution c ON c.id = " A \
	".contribution_id JOIN cop_thread t ON t.id = c.thread_id "
#define RS_X_PAGE(K) " AND " K " > $3 ORDER BY " K " LIMIT $4"

/* Digests (libcop/digest.c): a section's rows ($1 community, $2 viewer
 * or NULL for the system, [$3, $4) the period, $5 the limit) as the
 * digest columns (sys/backend.h's cop_digest_rec), of what the viewer
 * may see by visibility.h's rule (the community aliased k, the thread t,
 * the contribution c).  m is the member an item is about, n the one who
 * acted. */
#define RS_DG_SEES COP_SQL_VISIBLE("$2") " AND " COP_SQL_SEEN("$2")
/* The viewer's row, never read: joined before the rule so that $2 first
 * meets a column (PostgreSQL then knows its type, which the rule's
 * "$2 IS NULL" alone does not tell it). */
#define RS_DG_VIEWER " LEFT JOIN cop_member vw ON vw.id = $2 "
#define RS_DG_CSEES RS_DG_SEES " AND " COP_SQL_CON_SEEN("$2")
#define RS_DG_IN(X) X " >= $3 AND " X " < $4"
#define RS_DG_THREAD(N, COND) "SELECT " #N ", t.community_id, k.slug, " \
	"t.id, NULL, t.author_id, m.handle, NULL, NULL, t.title, t.language, " \
	"NULL, t.created, t.contribution_count, 0, NULL FROM cop_thread t" \
	RS_DG_VIEWER "JOIN cop_community k ON k.id = t.community_id LEFT JOIN cop_member m " \
	"ON m.id = t.author_id WHERE t.community_id = $1 AND " \
	RS_DG_IN("t.created") COND " AND " RS_DG_SEES \
	" ORDER BY t.created, t.id LIMIT $5"
/* The score a vote of kind w.kind adds: the core's weights, $6 to $9. */
#define RS_DG_WEIGHT "CASE w.kind WHEN 0 THEN CAST($6 AS BIGINT) " \
	"WHEN 1 THEN CAST($7 AS BIGINT) WHEN 2 THEN CAST($8 AS BIGINT) " \
	"WHEN 3 THEN CAST($9 AS BIGINT) ELSE 0 END"
/* The facilitator's queue (COP_ROP_Q_LIST; docs/facilitation.md).
 * Parameters: $1 the community, $2 to $8 the cutoff of kinds 0 to 6
 * (the latest start an item may have to be listed), $9 to $11 the
 * keyset bound (since, kind, object id), $12 the page's size, $13 the
 * cutoff of kind 7 (events that ended without attendance).  Each
 * kind is one page of its own in its order, the pages merged.  The
 * numbers: thread kinds 0 discussion, 1 question; contribution kind 2
 * answer; membership statuses 0 active, 1 pending, 4 silenced; member
 * status 2 erased; 3 posts make a member active; a standing's last day
 * of activity is in days of 86400000 ms (checked against the enums and
 * constants in facilitation.c).  The quiet members come from their
 * standings (posts, last_day). */
#define RS_Q_AFTER(T, K, ID) "(" T " > $9 OR (" T " = $9 AND (" K " > $10 " \
	"OR (" K " = $10 AND " ID " > $11))))"
/* One kind's page: SELECT K, ID, T FROM WHERE..., T at most cutoff C. */
#define RS_Q_ARM(N, K, ID, T, FROM, C) "SELECT * FROM (SELECT " K " AS kind, " \
	ID " AS object_id, " T " AS since FROM " FROM " AND " T " <= " C \
	" AND " RS_Q_AFTER(T, K, ID) " ORDER BY " T ", " ID " LIMIT $12) " N
/* A question of the community, shown and open (its columns replied and
 * has_answer: whether someone but its asker contributed, answered). */
#define RS_Q_QUESTION "cop_thread t WHERE t.community_id = $1 AND " \
	"t.kind = 1 AND " COP_SQL_THREAD_SHOWN("t") " AND t.closed = 0"
/* A member of the community (membership m, statuses S), not erased. */
#define RS_Q_MEMBER(S) "cop_membership m JOIN cop_member u ON u.id = " \
	"m.member_id WHERE m.community_id = $1 AND m.status IN " S \
	" AND u.status <> 2"
/* Member M's shown contributions in the community (the index
 * cop_contribution_member_kind, cop_contribution_member before SQLite's
 * schema version 31, PostgreSQL's 27). */
#define RS_Q_POSTS(M) "cop_contribution c WHERE c.community_id = $1 " \
	"AND c.author_id = " M " AND c.hidden = 0"
#define RS_Q_LIST \
	RS_Q_ARM("q0", "0", "t.id", "t.created", RS_Q_QUESTION \
		" AND t.replied = 0", "$2") \
	" UNION ALL " RS_Q_ARM("q1", "1", "t.id", "t.created", RS_Q_QUESTION \
		" AND t.has_answer = 1 AND t.answered = 0", "$3") \
	" UNION ALL " RS_Q_ARM("q2", "2", "t.id", "t.last_activity", \
		"cop_thread t WHERE t.community_id = $1 AND t.kind = 0 AND " \
		COP_SQL_THREAD_SHOWN("t") " AND t.summary_id IS NULL", "$4") \
	" UNION ALL " RS_Q_ARM("q3", "3", "t.author_id", "t.created", \
		"cop_thread t JOIN cop_membership m ON m.community_id = $1 AND " \
		"m.member_id = t.author_id JOIN cop_member u ON u.id = m.member_id " \
		"WHERE t.community_id = $1 AND t.replied = 0 AND " \
		COP_SQL_THREAD_SHOWN("t") " AND m.status IN (0, 4) AND " \
		"u.status <> 2 AND NOT EXISTS (SELECT 1 FROM " \
		RS_Q_POSTS("t.author_id") " AND c.created < t.created)", "$5") \
	" UNION ALL " RS_Q_ARM("q4", "4", "g.id", "g.created", \
		"cop_flag g JOIN cop_contribution c ON c.id = g.contribution_id " \
		"JOIN cop_thread t ON t.id = c.thread_id WHERE g.community_id = $1 " \
		"AND g.state = 0 AND c.hidden = 0 AND " COP_SQL_THREAD_SHOWN("t"), \
		"$6") \
	" UNION ALL " RS_Q_ARM("q5", "5", "m.member_id", "m.joined", \
		RS_Q_MEMBER("(1)"), "$7") \
	" UNION ALL SELECT * FROM (SELECT 6 AS kind, s.member_id AS " \
		"object_id, s.last_day * 86400000 AS since FROM cop_standing s " \
		"JOIN cop_membership m ON m.community_id = s.community_id AND " \
		"m.member_id = s.member_id JOIN cop_member u ON u.id = " \
		"s.member_id WHERE s.community_id = $1 AND s.posts >= 3 AND " \
		"m.status = 0 AND u.status <> 2 AND s.last_day <= " \
		"CAST($8 AS BIGINT) / 86400000 " \
		"AND " RS_Q_AFTER("s.last_day * 86400000", "6", "s.member_id") \
		" ORDER BY s.last_day, s.member_id LIMIT $12) q6" \
	" UNION ALL " RS_Q_ARM("q7", "7", "e.id", "e.ends", \
		"cop_event e WHERE e.community_id = $1 AND e.cancelled = 0 AND " \
		"NOT EXISTS (SELECT 1 FROM cop_rsvp r WHERE r.event_id = e.id " \
		"AND r.recorded <> 0)", "$13") \
	" ORDER BY since, kind, object_id LIMIT $12"

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
		RS_MEMBER_DESC(RS_KUDOS_COLS, "cop_kudos", "to_id", "created") },
	[COP_ROP_LEDGER_INS] = { "cop_r_ledger_ins",
		"INSERT INTO cop_ledger (" RS_LEDGER_COLS ") VALUES ($1, $2, $3, "
		"$4, $5, $6, $7, $8, $9, $10)" },
	[COP_ROP_LEDGER_LIST] = { "cop_r_ledger_list",
		RS_MEMBER_DESC(RS_LEDGER_COLS, "cop_ledger", "member_id", "time") },
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
		/* The view's trigger adds the points to the total, and
		 * makes its keys (sql/schema.h's COP_SQL_REP_TRIGGER_SQ, _PG);
		 * SQLite's backend writes cop_rep_sum itself (sqlite/rop.c). */
		"INSERT INTO cop_rep_total (community_id, period, pstart, tag, "
		"member_id, points) VALUES ($1, $2, $3, $4, $5, $6)" },
	[COP_ROP_BOARD] = { "cop_r_board", RS_BOARD("") },
	[COP_ROP_TOTAL_CLEAR] = { "cop_r_total_clear",
		/* The totals of the community's members' keys; the keys stay
		 * (SQLite's ledger rows name them: sqlite/schema.c, version
		 * 26). */
		"DELETE FROM cop_rep_sum WHERE who IN (SELECT w.id FROM "
		"cop_rep_member w WHERE w.community_id = $1)" },
	[COP_ROP_BADGE_INS] = { "cop_r_badge_ins",
		"INSERT INTO cop_badge (" RS_BADGE_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6) ON CONFLICT DO NOTHING RETURNING 1" },
	/* A member's badges: the range of cop_badge_once (community,
	 * member), sorted; "+awarded" keeps SQLite off the community's
	 * index by time (cop_badge_awarded), which would read every badge
	 * of the community (schema: the member's index by time is gone). */
	[COP_ROP_BADGE_LIST] = { "cop_r_badge_list",
		RS_MEMBER_DESC(RS_BADGE_COLS ", name, class", "cop_badge",
			"member_id", "+awarded") },
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
	/* Each count grouped once over the community (a correlated count per
	 * standing would scan the community's votes once per member). */
	[COP_ROP_V_COUNTS] = { "cop_r_v_counts",
		"SELECT * FROM (SELECT s.member_id, s.posts, s.likes_given, "
		"s.likes_received, s.kudos_received, s.accepted, "
		"COALESCE(p.n, 0) AS e_posts, COALESCE(g.n, 0) AS e_given, "
		"COALESCE(r.n, 0) AS e_received, COALESCE(k.n, 0) AS e_kudos, "
		"COALESCE(a.n, 0) AS e_accepted FROM cop_standing s "
		"LEFT JOIN (SELECT author_id AS m, count(*) AS n "
		"FROM cop_contribution WHERE community_id = $1 "
		"GROUP BY author_id) p ON p.m = s.member_id "
		"LEFT JOIN (SELECT voter_id AS m, count(*) AS n FROM cop_vote "
		"WHERE community_id = $1 AND kind IN (0, 2, 3) "
		"GROUP BY voter_id) g ON g.m = s.member_id "
		"LEFT JOIN (SELECT author_id AS m, count(*) AS n FROM cop_vote "
		"WHERE community_id = $1 AND kind IN (0, 2, 3) "
		"GROUP BY author_id) r ON r.m = s.member_id "
		"LEFT JOIN (SELECT to_id AS m, count(*) AS n FROM cop_kudos "
		"WHERE community_id = $1 GROUP BY to_id) k ON k.m = s.member_id "
		"LEFT JOIN (SELECT author_id AS m, count(*) AS n FROM cop_accept "
		"WHERE community_id = $1 AND contribution_id IS NOT NULL "
		"GROUP BY author_id) a ON a.m = s.member_id "
		"WHERE s.community_id = $1) x "
		"WHERE x.posts <> x.e_posts OR x.likes_given <> x.e_given "
		"OR x.likes_received <> x.e_received "
		"OR x.kudos_received <> x.e_kudos OR x.accepted <> x.e_accepted" },
	[COP_ROP_V_HIGH_SCORES] = { "cop_r_v_high",
		"SELECT c.id, c.author_id, c.score, c.kind, t.kind "
		"FROM cop_contribution c JOIN cop_thread t ON t.id = c.thread_id "
		"WHERE c.community_id = $1 AND c.score >= $2 "
		"AND c.author_id IS NOT NULL ORDER BY c.id" },
	[COP_ROP_TOTAL_MEMBER] = { "cop_r_total_member",
		"SELECT w.community_id, r.period, r.pstart, s.tag, w.member_id, "
		"r.points FROM cop_rep_sum r CROSS JOIN cop_rep_member w "
		"CROSS JOIN cop_rep_scope s WHERE r.who = (SELECT id "
		"FROM cop_rep_member WHERE community_id = $1 AND member_id = $2) "
		"AND w.id = r.who AND s.id = r.scope" },
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
	/* Moderation actions (libcop/moderation.c); kinds 0 suspend
	 * (store-wide), 1 silence (cop_modaction_kind). */
	[COP_ROP_MOD_INS] = { "cop_r_mod_ins",
		"INSERT INTO cop_modaction (" RS_MOD_COLS ") VALUES ($1, $2, $3, "
		"$4, $5, $6, $7, $8, $9, $10)" },
	[COP_ROP_MOD_LIFT] = { "cop_r_mod_lift",
		"UPDATE cop_modaction SET lifted = $5 WHERE member_id = $1 "
		"AND kind = $3 AND (community_id = $2 OR (community_id IS NULL "
		"AND $2 IS NULL)) AND " RS_MOD_FORCE("$4") " RETURNING 1" },
	/* With what is in force, the member's erasure (-1 erased, -2 not):
	 * a write's check of its actor folded into the read of its
	 * moderation (store.c, issue 17). */
	[COP_ROP_MOD_FORCE] = { "cop_r_mod_force",
		RS_MOD_FORCE_KINDS " UNION ALL " RS_MOD_FORCE_STATE("cop_member") },
	[COP_ROP_MOD_LIST] = { "cop_r_mod_list",
		"SELECT " RS_MOD_COLS " FROM cop_modaction WHERE (community_id = $1 "
		"OR ($1 IS NULL AND community_id IS NULL)) AND (started < $2 OR "
		"(started = $2 AND id < $3)) ORDER BY started DESC, id DESC "
		"LIMIT $4" },
	/* The funding ledger and hours given (libcop/funding.c). */
	[COP_ROP_FUND_INS] = { "cop_r_fund_ins",
		"INSERT INTO cop_fund (" RS_FUND_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6, $7, $8, $9, $10, $11, $12)" },
	[COP_ROP_FUND_GET] = { "cop_r_fund_get",
		"SELECT " RS_FUND_COLS " FROM cop_fund WHERE id = $1" },
	[COP_ROP_FUND_RECEIVE] = { "cop_r_fund_receive",
		"UPDATE cop_fund SET received = $2 WHERE id = $1 AND kind = 1 "
		"AND received = 0 RETURNING 1" },
	[COP_ROP_FUND_LIST] = { "cop_r_fund_list",
		"SELECT " RS_FUND_COLS " FROM cop_fund WHERE community_id = $1 "
		"AND (day < $2 OR (day = $2 AND id < $3)) "
		"ORDER BY day DESC, id DESC LIMIT $4" },
	[COP_ROP_FUND_TOTAL_ADD] = { "cop_r_fund_total_add",
		"INSERT INTO cop_fund_total (community_id, currency, month, kind, "
		"amount) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (community_id, "
		"month, currency, kind) DO UPDATE SET amount = "
		"cop_fund_total.amount + excluded.amount" },
	[COP_ROP_FUND_SUMS] = { "cop_r_fund_sums",
		"SELECT currency, kind, CAST(sum(amount) AS BIGINT), min(month) "
		"FROM cop_fund_total WHERE community_id = $1 AND month >= $2 "
		"AND month <= $3 GROUP BY currency, kind ORDER BY currency, kind" },
	[COP_ROP_FUND_DAY_SUMS] = { "cop_r_fund_day_sums",
		"SELECT currency, kind, CAST(sum(amount) AS BIGINT), min(day) "
		"FROM cop_fund WHERE community_id = $1 AND day >= $2 "
		"AND day <= $3 GROUP BY currency, kind UNION ALL "
		"SELECT currency, 4, CAST(sum(amount) AS BIGINT), min(received) "
		"FROM cop_fund WHERE community_id = $1 AND received >= $2 "
		"AND received <= $3 AND received <> 0 GROUP BY currency" },
	[COP_ROP_FUND_CONFIG_GET] = { "cop_r_fund_config_get",
		"SELECT visibility FROM cop_fund_config WHERE community_id = $1" },
	[COP_ROP_FUND_CONFIG_SET] = { "cop_r_fund_config_set",
		"INSERT INTO cop_fund_config (community_id, visibility) VALUES "
		"($1, $2) ON CONFLICT (community_id) DO UPDATE SET visibility = "
		"excluded.visibility" },
	[COP_ROP_HOURS_SET] = { "cop_r_hours_set",
		"INSERT INTO cop_hours (" RS_HOURS_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6, $7) ON CONFLICT (community_id, month, member_id) DO UPDATE "
		"SET minutes = excluded.minutes, note = excluded.note, "
		"reporter_id = excluded.reporter_id, changed = excluded.changed" },
	[COP_ROP_HOURS_GET] = { "cop_r_hours_get",
		"SELECT " RS_HOURS_COLS " FROM cop_hours WHERE community_id = $1 "
		"AND month = $2 AND member_id = $3" },
	[COP_ROP_HOURS_BY_MEMBER] = { "cop_r_hours_by_member",
		"SELECT u.id, u.handle, NULLIF(u.organisation, ''), " RS_HOURS_PLEDGED ", "
		"COALESCE(h.minutes, 0) " RS_HOURS_FROM "ORDER BY u.handle, u.id" },
	/* By organisation and in total, from the totals the triggers keep
	 * (sql/schema.h's cop_hours_org). */
	[COP_ROP_HOURS_BY_ORG] = { "cop_r_hours_by_org",
		"SELECT NULL, NULL, organisation, " RS_HORG_SUMS " FROM "
		"cop_hours_org WHERE " RS_HORG_WHERE " GROUP BY organisation "
		"HAVING sum(CASE WHEN month = 0 THEN pledgers ELSE reports END) "
		"> 0 ORDER BY organisation" },
	[COP_ROP_HOURS_TOTAL] = { "cop_r_hours_total",
		"SELECT NULL, NULL, NULL, " RS_HORG_SUMS " FROM cop_hours_org "
		"WHERE " RS_HORG_WHERE },
	/* Digests (libcop/digest.c): thread kind 1 a question, contribution
	 * kind 5 a summary (checked there). */
	[COP_ROP_DG_THREADS] = { "cop_r_dg_threads", RS_DG_THREAD(0, "") },
	[COP_ROP_DG_UNANSWERED] = { "cop_r_dg_unanswered", RS_DG_THREAD(1,
		" AND t.kind = 1 AND t.answered = 0 AND t.closed = 0") },
	[COP_ROP_DG_ACCEPTED] = { "cop_r_dg_accepted",
		"SELECT 2, a.community_id, k.slug, a.thread_id, a.contribution_id, "
		"a.author_id, m.handle, a.acceptor_id, n.handle, t.title, "
		"t.language, NULL, a.created, c.score, 0, NULL FROM cop_accept a"
		RS_DG_VIEWER "JOIN cop_thread t ON t.id = a.thread_id JOIN cop_contribution c "
		"ON c.id = a.contribution_id JOIN cop_community k "
		"ON k.id = a.community_id LEFT JOIN cop_member m "
		"ON m.id = a.author_id LEFT JOIN cop_member n "
		"ON n.id = a.acceptor_id WHERE a.community_id = $1 AND "
		RS_DG_IN("a.created") " AND " RS_DG_CSEES
		" ORDER BY a.created, a.thread_id LIMIT $5" },
	/* A window of the contributions that gained most in the period:
	 * $5 of them from the $10th, whether the viewer sees them or not
	 * (the aggregate is ranked first, the rule read for the window's
	 * rows only); the section is -1, with no title or handle, for one
	 * the viewer does not see, and sql/digest.c goes on to the next
	 * window until the limit is met. */
	[COP_ROP_DG_HELPFUL] = { "cop_r_dg_helpful",
		"SELECT CASE WHEN " RS_DG_CSEES " THEN 3 ELSE -1 END, "
		"c.community_id, k.slug, c.thread_id, c.id, c.author_id, "
		"CASE WHEN " RS_DG_CSEES " THEN m.handle END, NULL, NULL, "
		"CASE WHEN " RS_DG_CSEES " THEN t.title END, c.language, NULL, "
		"g.lastv, g.gained, 0, NULL FROM (SELECT cid, gained, lastv FROM "
		"(SELECT w.contribution_id AS cid, SUM(" RS_DG_WEIGHT ") AS gained, "
		"MAX(w.created) AS lastv FROM cop_vote w WHERE w.community_id = $1 "
		"AND " RS_DG_IN("w.created") " GROUP BY w.contribution_id) a "
		"WHERE gained > 0 ORDER BY gained DESC, cid LIMIT $5 OFFSET $10) g"
		RS_DG_VIEWER "JOIN cop_contribution c ON c.id = g.cid JOIN "
		"cop_thread t ON t.id = c.thread_id JOIN cop_community k "
		"ON k.id = c.community_id LEFT JOIN cop_member m "
		"ON m.id = c.author_id ORDER BY g.gained DESC, c.id" },
	[COP_ROP_DG_SUMMARIES] = { "cop_r_dg_summaries",
		"SELECT 4, c.community_id, k.slug, c.thread_id, c.id, c.author_id, "
		"m.handle, NULL, NULL, t.title, c.language, c.body, CASE WHEN "
		RS_DG_IN("c.edited") " THEN c.edited ELSE c.created END, "
		"c.revision, 0, NULL FROM cop_contribution c" RS_DG_VIEWER
		"JOIN cop_thread t "
		"ON t.id = c.thread_id JOIN cop_community k "
		"ON k.id = c.community_id LEFT JOIN cop_member m "
		"ON m.id = c.author_id WHERE c.community_id = $1 AND c.kind = 5 "
		"AND c.created < $4 AND (c.created >= $3 OR ("
		RS_DG_IN("c.edited") ")) AND " RS_DG_CSEES
		" ORDER BY 13, c.id LIMIT $5" },
	[COP_ROP_DG_KUDOS] = { "cop_r_dg_kudos",
		"SELECT 5, u.community_id, k.slug, c.thread_id, u.contribution_id, "
		"u.to_id, m.handle, u.from_id, n.handle, t.title, NULL, u.message, "
		"u.created, 0, 0, NULL FROM cop_kudos u" RS_DG_VIEWER
		"JOIN cop_community k "
		"ON k.id = u.community_id LEFT JOIN cop_contribution c "
		"ON c.id = u.contribution_id LEFT JOIN cop_thread t "
		"ON t.id = c.thread_id LEFT JOIN cop_member m ON m.id = u.to_id "
		"LEFT JOIN cop_member n ON n.id = u.from_id "
		"WHERE u.community_id = $1 AND " RS_DG_IN("u.created") " AND "
		COP_SQL_VISIBLE("$2") " AND (u.contribution_id IS NULL OR "
		"(t.id IS NOT NULL AND " COP_SQL_SEEN("$2") " AND "
		COP_SQL_CON_SEEN("$2") ")) ORDER BY u.created, u.id LIMIT $5" },
	[COP_ROP_DG_BADGES] = { "cop_r_dg_badges",
		"SELECT 6, b.community_id, k.slug, c.thread_id, c.id, b.member_id, "
		"m.handle, NULL, NULL, t.title, NULL, NULL, b.awarded, 0, b.badge, "
		"b.name FROM cop_badge b" RS_DG_VIEWER "JOIN cop_community k "
		"ON k.id = b.community_id LEFT JOIN cop_contribution c "
		"ON c.id = b.object_id LEFT JOIN cop_thread t "
		"ON t.id = c.thread_id LEFT JOIN cop_member m "
		"ON m.id = b.member_id WHERE b.community_id = $1 AND "
		RS_DG_IN("b.awarded") " AND " COP_SQL_VISIBLE("$2")
		" AND (c.id IS NULL OR (t.id IS NOT NULL AND " COP_SQL_SEEN("$2")
		" AND " COP_SQL_CON_SEEN("$2") ")) ORDER BY b.awarded, b.id "
		"LIMIT $5" },
	[COP_ROP_DG_COMMUNITIES] = { "cop_r_dg_communities",
		"SELECT 0, k.id, k.slug, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
		"k.language, NULL, v.joined, v.role, 0, NULL FROM cop_membership v "
		"JOIN cop_community k ON k.id = v.community_id "
		"WHERE v.member_id = $1 AND " COP_SQL_MS_SEEING("v")
		" ORDER BY k.slug" },
	[COP_ROP_DG_SENT_GET] = { "cop_r_dg_sent_get",
		"SELECT sent_until FROM cop_digest_sent WHERE member_id = $1" },
	[COP_ROP_DG_SENT_PUT] = { "cop_r_dg_sent_put",
		"INSERT INTO cop_digest_sent (member_id, sent_until, marked) "
		"VALUES ($1, $2, $3) ON CONFLICT (member_id) DO UPDATE SET "
		"sent_until = $2, marked = $3" },
	/* Subscriptions and notifications (libcop/notification.c). */
	/* A follow is keyed by whose it is and what it follows. */
#define RS_FOLLOW_KEY "member_id, kind, target_id, tag"
	[COP_ROP_FOLLOW_PUT] = { "cop_r_follow_put", "INSERT INTO cop_follow ("
		RS_FOLLOW_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
		"ON CONFLICT (" RS_FOLLOW_KEY ") DO UPDATE SET level = "
		"excluded.level" },
	[COP_ROP_FOLLOW_DEL] = { "cop_r_follow_del", "DELETE FROM cop_follow "
		"WHERE (" RS_FOLLOW_KEY ") = ($1, $2, $3, $4) RETURNING 1" },
	/* Only what the member still sees (a thread's follow). */
	[COP_ROP_FOLLOW_LIST] = { "cop_r_follow_list",
		"SELECT " RS_FOLLOW_COLS_F " FROM cop_follow f "
		"JOIN cop_community k ON k.id = f.community_id "
		"LEFT JOIN cop_thread t ON f.kind = 1 AND t.id = f.target_id "
		"WHERE f.member_id = $1 AND (f.created > $2 OR (f.created = $2 "
		"AND f.id > $3)) AND " COP_SQL_VISIBLE("f.member_id") " AND "
		"(f.kind <> 1 OR (t.id IS NOT NULL AND " COP_SQL_SEEN("f.member_id")
		")) ORDER BY f.created, f.id LIMIT $4" },
	/* A notification's row from the parameters, kept when the member
	 * has one for that event (one per member per event). */
#define RS_NOTE_INTO "INSERT INTO cop_notification (" RS_NOTE_COLS ") "
#define RS_NOTE_VALS "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10"
	[COP_ROP_NOTE_INS] = { "cop_r_note_ins", RS_NOTE_INTO "VALUES ("
		RS_NOTE_VALS ") ON CONFLICT DO NOTHING" },
	[COP_ROP_NOTE_ONE] = { "cop_r_note_one", RS_NOTE_INTO "SELECT "
		RS_NOTE_VALS " WHERE COALESCE((SELECT " RS_N_RANK
		" FROM cop_follow f WHERE f.member_id = $2 AND "
		RS_N_SCOPE("$5", "$4", "$11") "), 0) % 4 <> 3 "
		"ON CONFLICT DO NOTHING" },
	[COP_ROP_NOTE_FANOUT] = { "cop_r_note_fanout",
		RS_NOTE_INTO "SELECT $1, "
		"g.member_id, $2, $3, $4, $5, NULL, $6, $7, 0 FROM (SELECT "
		"f.member_id, " RS_N_RANK " AS r FROM cop_follow f WHERE "
		RS_N_SCOPE("$4", "$3", "$8") " GROUP BY f.member_id) g "
		"WHERE (g.member_id <> $6 OR $6 IS NULL) AND (g.r % 4 = 2 OR "
		"(g.r % 4 = 1 AND $9 = 1)) ON CONFLICT DO NOTHING" },
	[COP_ROP_NOTE_LIST] = { "cop_r_note_list",
		"SELECT " RS_NOTE_COLS_N " " RS_N_FROM "WHERE n.member_id = $1 "
		"AND ($2 = 0 OR n.read_at = 0) AND n.id < $3 AND " RS_N_SEEN
		" ORDER BY n.id DESC LIMIT $4" },
	[COP_ROP_NOTE_COUNT] = { "cop_r_note_count",
		"SELECT count(*) " RS_N_FROM "WHERE n.member_id = $1 "
		"AND ($2 = 0 OR n.read_at = 0) AND " RS_N_SEEN },
	[COP_ROP_NOTE_MARK] = { "cop_r_note_mark",
		"UPDATE cop_notification SET read_at = CASE WHEN read_at = 0 "
		"THEN $3 ELSE read_at END WHERE member_id = $1 AND id = $2 AND id "
		"IN (SELECT n.id " RS_N_FROM "WHERE n.member_id = $1 AND n.id = $2 "
		"AND " RS_N_SEEN ") RETURNING 1" },
	[COP_ROP_NOTE_DEL_DOOMED] = { "cop_r_note_del_doomed",
		"DELETE FROM cop_notification WHERE contribution_id IN "
		RS_D_CONTRIBS " OR thread_id IN " RS_D_THREADS },
	[COP_ROP_FOLLOW_FORGET] = { "cop_r_follow_forget",
		"DELETE FROM cop_follow WHERE member_id = $1" },
	[COP_ROP_NOTE_FORGET] = { "cop_r_note_forget",
		"DELETE FROM cop_notification WHERE member_id = $1" },
	[COP_ROP_NOTE_MARK_ALL] = { "cop_r_note_mark_all",
		"UPDATE cop_notification SET read_at = $2 WHERE member_id = $1 "
		"AND read_at = 0 AND id IN (SELECT n.id " RS_N_FROM "WHERE "
		"n.member_id = $1 AND n.read_at = 0 AND " RS_N_SEEN ") "
		"RETURNING 1" },
	/* Events (libcop/event.c). */
	[COP_ROP_EV_INS] = { "cop_r_ev_ins",
		"INSERT INTO cop_event (" RS_EV_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)" },
	[COP_ROP_EV_UPD] = { "cop_r_ev_upd",
		"UPDATE cop_event SET community_id = $2, kind = $3, title = $4, "
		"body = $5, place = $6, url = $7, tz = $8, starts = $9, ends = $10, "
		"capacity = $11, creator_id = $12, changed = $13, sequence = $14, "
		"cancelled = $15, reason = $16 WHERE id = $1 RETURNING 1" },
	[COP_ROP_EV_GET] = { "cop_r_ev_get",
		"SELECT " RS_EV_READ("$2") " FROM cop_event e WHERE e.id = $1" },
	[COP_ROP_EV_LIST_ASC] = { "cop_r_ev_list_asc", RS_EV_LIST(">", "ASC") },
	[COP_ROP_EV_LIST_DESC] = { "cop_r_ev_list_desc",
		RS_EV_LIST("<", "DESC") },
	[COP_ROP_EV_RSVP_PUT] = { "cop_r_ev_rsvp_put",
		"INSERT INTO cop_rsvp (" RS_RSVP_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6, $7, $8) ON CONFLICT (event_id, member_id) DO UPDATE SET "
		"answer = excluded.answer, waiting = excluded.waiting, "
		"answered = excluded.answered, attendance = excluded.attendance, "
		"recorded = excluded.recorded" },
	[COP_ROP_EV_RSVP_GET] = { "cop_r_ev_rsvp_get",
		"SELECT " RS_RSVP_COLS " FROM cop_rsvp WHERE event_id = $1 "
		"AND member_id = $2" },
	[COP_ROP_EV_PROMOTE] = { "cop_r_ev_promote",
		"UPDATE cop_rsvp SET waiting = 0 WHERE event_id = $1 AND member_id "
		"IN (SELECT w.member_id FROM cop_rsvp w WHERE w.event_id = $1 "
		"AND w.answer = 1 AND w.waiting = 1 ORDER BY w.answered, "
		"w.member_id LIMIT $2) RETURNING 1" },
	/* The facilitator's queue (libcop/facilitation.c). */
	[COP_ROP_Q_CONF_GET] = { "cop_r_q_conf_get",
		"SELECT seconds FROM cop_queue_threshold WHERE community_id = $1 "
		"AND kind = $2" },
	[COP_ROP_Q_CONF_ALL] = { "cop_r_q_conf_all",
		"SELECT kind, seconds FROM cop_queue_threshold "
		"WHERE community_id = $1" },
	[COP_ROP_Q_CONF_PUT] = { "cop_r_q_conf_put",
		"INSERT INTO cop_queue_threshold (community_id, kind, seconds) "
		"VALUES ($1, $2, $3) ON CONFLICT (community_id, kind) DO UPDATE "
		"SET seconds = excluded.seconds" },
	[COP_ROP_Q_LIST] = { "cop_r_q_list", RS_Q_LIST },
	/* Discussions (kind 0) closed or idle since $3, the hidden ones
	 * when $2 = 1. */
	[COP_ROP_Q_COVERAGE] = { "cop_r_q_coverage",
		"SELECT count(*), count(t.summary_id) FROM cop_thread t "
		"WHERE t.community_id = $1 AND t.kind = 0 AND (t.closed = 1 OR "
		"t.last_activity <= $3) AND (" COP_SQL_THREAD_SHOWN("t") " OR "
		"$2 = 1)" },
	/* The health scorecard's thresholds (libcop/health_indicator.c). */
	[COP_ROP_H_CONF_GET] = { "cop_r_h_conf_get",
		"SELECT good, poor FROM cop_health_threshold WHERE "
		"community_id = $1 AND indicator = $2" },
	[COP_ROP_H_CONF_PUT] = { "cop_r_h_conf_put",
		"INSERT INTO cop_health_threshold (community_id, indicator, good, "
		"poor) VALUES ($1, $2, $3, $4) ON CONFLICT (community_id, "
		"indicator) DO UPDATE SET good = excluded.good, "
		"poor = excluded.poor" },
	[COP_ROP_H_CONF_DEL] = { "cop_r_h_conf_del",
		"DELETE FROM cop_health_threshold WHERE community_id = $1 AND "
		"(CAST($2 AS text) IS NULL OR indicator = $2)" },
	/* The health roll-ups (docs/health.md, sql/schema.h). */
	[COP_ROP_H_DAYS] = { "cop_r_h_days",
		"SELECT day, contributions, authored, questions FROM cop_health_day "
		"WHERE community_id = $1 AND day >= $2 AND day <= $3 ORDER BY day" },
	/* (From the members' roll-up, sql/schema.h: one row a member.) */
	[COP_ROP_H_MEMBERS] = { "cop_r_h_members",
		"SELECT member_id, first_day, organisation FROM cop_health_member "
		"WHERE community_id = $1 AND first_day <= $2" },
	[COP_ROP_H_MEMBER_DAYS] = { "cop_r_h_member_days",
		"SELECT member_id, day, contributions FROM cop_health_member_day "
		"WHERE community_id = $1 AND day >= $2 AND day <= $3 "
		"ORDER BY day, member_id" },
	/* The period's questions from their roll-up (sql/schema.h): the
	 * first response is the creation plus the time to it. */
	[COP_ROP_H_QUESTIONS] = { "cop_r_h_questions",
		"SELECT created, created + response_ms, answered, accepted FROM "
		"cop_health_question WHERE community_id = $1 AND created >= $2 "
		"AND created < $3" },
	[COP_ROP_H_ATTENDANCE] = { "cop_r_h_attendance",
		"SELECT e.id, e.starts, r.member_id, COALESCE(r.attendance, 0) "
		"FROM cop_event e LEFT JOIN cop_rsvp r ON r.event_id = e.id AND "
		"r.attendance IN (1, 2) WHERE e.community_id = $1 AND "
		"e.cancelled = 0 AND e.starts < $2 ORDER BY e.starts, e.id" },
	[COP_ROP_H_VERIFY] = { "cop_r_h_verify",
		"SELECT 0, $1, day, n, a, q FROM (" COP_SQL_HEALTH_DAY_FACTS
		" EXCEPT SELECT day, contributions, authored, questions FROM "
		"cop_health_day WHERE community_id = $1) f UNION ALL "
		"SELECT 1, $1, day, n, a, q FROM (SELECT day, contributions AS n, "
		"authored AS a, questions AS q FROM cop_health_day WHERE "
		"community_id = $1 EXCEPT " COP_SQL_HEALTH_DAY_FACTS ") r UNION ALL "
		"SELECT 2, member_id, day, n, 0, 0 FROM (" COP_SQL_HEALTH_MEMBER_FACTS
		" EXCEPT SELECT member_id, day, contributions FROM "
		"cop_health_member_day WHERE community_id = $1) g UNION ALL "
		"SELECT 3, member_id, day, n, 0, 0 FROM (SELECT member_id, day, "
		"contributions AS n FROM cop_health_member_day WHERE community_id "
		"= $1 EXCEPT " COP_SQL_HEALTH_MEMBER_FACTS ") s UNION ALL "
		"SELECT 4, thread_id, created / 86400000, COALESCE(response_ms, -1), "
		"answered, accepted "
		"FROM (" COP_SQL_HQ_FACTS " AND t.community_id = $1 EXCEPT SELECT "
		COP_SQL_HQ_COLS " FROM cop_health_question WHERE community_id = "
		"$1) u UNION ALL SELECT 5, thread_id, created / 86400000, "
		"COALESCE(response_ms, -1), answered, accepted FROM (SELECT " COP_SQL_HQ_COLS " FROM "
		"cop_health_question WHERE community_id = $1 EXCEPT "
		COP_SQL_HQ_FACTS " AND t.community_id = $1) v UNION ALL "
		"SELECT 6, member_id, first_day, 0, 0, 0 FROM (" COP_SQL_HM_FACTS
		" WHERE h.community_id = $1" COP_SQL_HM_GROUP " EXCEPT SELECT "
		COP_SQL_HM_COLS " FROM cop_health_member WHERE community_id = $1) w "
		"UNION ALL SELECT 7, member_id, first_day, 0, 0, 0 FROM (SELECT "
		COP_SQL_HM_COLS " FROM cop_health_member WHERE community_id = $1 "
		"EXCEPT " COP_SQL_HM_FACTS " WHERE h.community_id = $1"
		COP_SQL_HM_GROUP ") x ORDER BY 3, 1" },
	/* Members' mail addresses and the mail secret (libcop/mail_address.c,
	 * libcop/mail_token.c). */
#define RS_EMAIL_COLS "address, member_id, is_primary, verified, created"
	[COP_ROP_MAIL_EMAIL_INS] = { "cop_r_mail_email_ins",
		"INSERT INTO cop_member_email (" RS_EMAIL_COLS ") VALUES ($1, $2, "
		"$3, $4, $5)" },
	[COP_ROP_MAIL_EMAIL_GET] = { "cop_r_mail_email_get",
		"SELECT " RS_EMAIL_COLS " FROM cop_member_email WHERE address = $1" },
	[COP_ROP_MAIL_EMAIL_LIST] = { "cop_r_mail_email_list",
		"SELECT " RS_EMAIL_COLS " FROM cop_member_email WHERE member_id = $1 "
		"ORDER BY address" },
	[COP_ROP_MAIL_EMAIL_VERIFY] = { "cop_r_mail_email_verify",
		"UPDATE cop_member_email SET verified = $3 WHERE address = $1 AND "
		"member_id = $2 RETURNING 1" },
	[COP_ROP_MAIL_EMAIL_PRIMARY] = { "cop_r_mail_email_primary",
		"UPDATE cop_member_email SET is_primary = CASE WHEN address = $2 "
		"THEN 1 ELSE 0 END WHERE member_id = $1 AND EXISTS (SELECT 1 FROM "
		"cop_member_email e WHERE e.address = $2 AND e.member_id = $1) "
		"RETURNING 1" },
	[COP_ROP_MAIL_EMAIL_DEL] = { "cop_r_mail_email_del",
		"DELETE FROM cop_member_email WHERE member_id = $1 AND address = $2 "
		"RETURNING 1" },
	[COP_ROP_MAIL_EMAIL_FORGET] = { "cop_r_mail_email_forget",
		"DELETE FROM cop_member_email WHERE member_id = $1" },
	[COP_ROP_MAIL_SECRET_GET] = { "cop_r_mail_secret_get",
		"SELECT value FROM cop_meta WHERE key = 'mail_secret'" },
	[COP_ROP_MAIL_SECRET_PUT] = { "cop_r_mail_secret_put",
		"INSERT INTO cop_meta (key, value) VALUES ('mail_secret', $1) "
		"ON CONFLICT (key) DO NOTHING" },
	[COP_ROP_MAIL_MSG_GET] = { "cop_r_mail_msg_get",
		"SELECT community_id, contribution_id FROM cop_mail_message "
		"WHERE message_id = $1" },
	[COP_ROP_MAIL_MSG_PUT] = { "cop_r_mail_msg_put",
		"INSERT INTO cop_mail_message (message_id, community_id, "
		"contribution_id, created) VALUES ($1, $2, $3, $4)" },
	/* Outgoing mail (libcop/mail_outbox.c). */
#define RS_PREF_COLS "member_id, community_id, mode, since, last_digest"
	[COP_ROP_MAIL_PREF_PUT] = { "cop_r_mail_pref_put",
		"INSERT INTO cop_mail_pref (" RS_PREF_COLS ") VALUES ($1, $2, $3, "
		"$4, $4) ON CONFLICT (member_id, community_id) DO UPDATE SET "
		"mode = excluded.mode, since = excluded.since, "
		"last_digest = excluded.last_digest" },
	[COP_ROP_MAIL_PREF_GET] = { "cop_r_mail_pref_get",
		"SELECT " RS_PREF_COLS " FROM cop_mail_pref WHERE member_id = $1 "
		"AND community_id = $2" },
	[COP_ROP_MAIL_PREF_LIST] = { "cop_r_mail_pref_list",
		"SELECT " RS_PREF_COLS " FROM cop_mail_pref WHERE mode <> 0 "
		"ORDER BY member_id, community_id" },
	[COP_ROP_MAIL_PREF_SENT] = { "cop_r_mail_pref_sent",
		"UPDATE cop_mail_pref SET last_digest = $3 WHERE member_id = $1 "
		"AND community_id = $2 RETURNING 1" },
	[COP_ROP_MAIL_PREF_FORGET] = { "cop_r_mail_pref_forget",
		"DELETE FROM cop_mail_pref WHERE member_id = $1" },
#define RS_OUT_COLS "id, member_id, community_id, source, recipient, " \
	"sender, message, created"
	[COP_ROP_MAIL_OUT_PUT] = { "cop_r_mail_out_put",
		"INSERT INTO cop_mail_outbox (" RS_OUT_COLS ", state, attempts, "
		"updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, $8) "
		"ON CONFLICT (member_id, source) DO NOTHING RETURNING 1" },
	[COP_ROP_MAIL_OUT_LIST] = { "cop_r_mail_out_list",
		"SELECT " RS_OUT_COLS ", state, attempts, reason, updated "
		"FROM cop_mail_outbox WHERE $1 < 0 OR state = $1 "
		"ORDER BY created, id" },
	[COP_ROP_MAIL_OUT_MARK] = { "cop_r_mail_out_mark",
		"UPDATE cop_mail_outbox SET state = $2, reason = $3, updated = $4, "
		"attempts = attempts + CASE WHEN $2 = 0 THEN 0 ELSE 1 END "
		"WHERE id = $1 RETURNING 1" },
	[COP_ROP_MAIL_OUT_FORGET] = { "cop_r_mail_out_forget",
		"DELETE FROM cop_mail_outbox WHERE member_id = $1" },
	/* A member's own data (libcop/privacy.c). */
	[COP_ROP_P_MEMBERSHIPS] = { "cop_r_p_memberships",
		"SELECT m.community_id, k.slug, m.role, m.status, m.joined, "
		"m.pledged_hours FROM cop_membership m JOIN cop_community k "
		"ON k.id = m.community_id WHERE m.member_id = $1 "
		"AND m.community_id > $2 ORDER BY m.community_id LIMIT $3" },
	[COP_ROP_P_CONTRIBS] = { "cop_r_p_contribs",
		"SELECT c.id, c.community_id, c.thread_id, c.kind, c.reply_to, "
		"c.translation_of, c.language, c.format, c.created, c.edited, "
		"c.revision, c.score, CASE WHEN c.kind = 0 THEN t.title END, c.body "
		"FROM cop_contribution c JOIN cop_thread t ON t.id = c.thread_id "
		"WHERE c.author_id = $1 AND c.id > $2 ORDER BY c.id LIMIT $3" },
	[COP_ROP_P_REVISIONS] = { "cop_r_p_revisions",
		"SELECT number, author_id, comment, created, body, editor_id "
		"FROM cop_revision "
		"WHERE contribution_id = $1 AND number > $2 ORDER BY number "
		"LIMIT $3" },
	[COP_ROP_P_VOTES] = { "cop_r_p_votes",
		"SELECT id, community_id, contribution_id, kind, rep_voter, created, "
		"changed FROM cop_vote WHERE voter_id = $1 AND id > $2 "
		"ORDER BY id LIMIT $3" },
	[COP_ROP_P_KUDOS] = { "cop_r_p_kudos",
		"SELECT id, community_id, from_id, to_id, contribution_id, message, "
		"created FROM cop_kudos WHERE (from_id = $1 OR to_id = $1) "
		"AND id > $2 ORDER BY id LIMIT $3" },
	[COP_ROP_P_LEDGER] = { "cop_r_p_ledger",
		"SELECT id, community_id, points, nominal, reason, object_id, "
		"actor_id, time, tags FROM cop_ledger WHERE member_id = $1 "
		"AND id > $2 ORDER BY id LIMIT $3" },
	[COP_ROP_P_STANDINGS] = { "cop_r_p_standings",
		"SELECT community_id, reputation, trust, trust_manual, days_active, "
		"posts, likes_given, likes_received, kudos_received, accepted, "
		"posts_read FROM cop_standing WHERE member_id = $1 "
		"AND community_id > $2 ORDER BY community_id LIMIT $3" },
	[COP_ROP_P_BADGES] = { "cop_r_p_badges",
		"SELECT id, community_id, badge, object_id, awarded, name, class "
		"FROM cop_badge WHERE member_id = $1 AND id > $2 ORDER BY id "
		"LIMIT $3" },
	[COP_ROP_P_HOURS] = { "cop_r_p_hours",
		"SELECT community_id, month, minutes, note, reporter_id, changed "
		"FROM cop_hours WHERE member_id = $1 AND (community_id > $2 OR "
		"(community_id = $2 AND month > $3)) ORDER BY community_id, month "
		"LIMIT $4" },
	[COP_ROP_P_RSVPS] = { "cop_r_p_rsvps",
		"SELECT event_id, community_id, answer, waiting, answered, "
		"attendance, recorded FROM cop_rsvp WHERE member_id = $1 "
		"AND event_id > $2 ORDER BY event_id LIMIT $3" },
	[COP_ROP_P_FOLLOWS] = { "cop_r_p_follows",
		"SELECT id, kind, target_id, community_id, tag, level, created "
		"FROM cop_follow WHERE member_id = $1 AND id > $2 ORDER BY id "
		"LIMIT $3" },
	[COP_ROP_P_HOURS_ERASE] = { "cop_r_p_hours_erase",
		"UPDATE cop_hours SET note = $2 WHERE member_id = $1" },
	[COP_ROP_P_COMMUNITIES] = { "cop_r_p_communities",
		"SELECT community_id FROM cop_membership WHERE member_id = $1 "
		"UNION SELECT community_id FROM cop_contribution "
		"WHERE author_id = $1 UNION SELECT community_id FROM cop_thread "
		"WHERE author_id = $1 UNION SELECT community_id FROM cop_standing "
		"WHERE member_id = $1 ORDER BY 1" },
	[COP_ROP_P_LEAVE] = { "cop_r_p_leave",
		"UPDATE cop_membership SET status = " COP_SQL_MS_LEFT
		" WHERE member_id = $1" },
	[COP_ROP_P_KUDOS_ERASE] = { "cop_r_p_kudos_erase",
		"UPDATE cop_kudos SET message = $2 WHERE from_id = $1" },
	/* JSON export and import (libcop/json_export.c, json_import.c). */
	[COP_ROP_X_MEMBERS] = { "cop_r_x_members",
		"SELECT u.id, u.handle, u.display_name, u.organisation, "
		"u.languages, u.status, u.created FROM cop_membership m "
		"JOIN cop_member u ON u.id = m.member_id WHERE m.community_id = $1 "
		"AND m.member_id > $2 ORDER BY m.member_id LIMIT $3" },
	[COP_ROP_X_MEMBERSHIPS] = { "cop_r_x_memberships",
		"SELECT member_id, role, status, joined, pledged_hours "
		"FROM cop_membership WHERE community_id = $1 AND member_id > $2 "
		"ORDER BY member_id LIMIT $3" },
	[COP_ROP_X_THREADS] = { "cop_r_x_threads",
		"SELECT id, author_id, kind, state, pinned, title, tags, language, "
		"created, last_activity, contribution_count, closed, locked, "
		"hidden, answered, CASE WHEN $2 = 1 OR NOT EXISTS (SELECT 1 "
		"FROM cop_contribution s WHERE s.id = cop_thread.summary_id AND "
		"s.hidden <> 0) THEN summary_id END FROM cop_thread "
		"WHERE community_id = $1 AND ($2 = 1 OR "
		COP_SQL_THREAD_SHOWN("cop_thread") ")"
		RS_X_PAGE("id") },
	[COP_ROP_X_CONTRIBS] = { "cop_r_x_contribs",
		"SELECT c.id, c.thread_id, c.author_id, c.kind, c.reply_to, "
		"c.translation_of, c.language, c.body, c.format, c.created, "
		"c.edited, c.revision, c.score, c.source_score, c.hidden "
		"FROM cop_contribution c "
		"JOIN cop_thread t ON t.id = c.thread_id WHERE c.community_id = $1 "
		"AND " RS_X_SHOWN("t") " AND " RS_X_CSHOWN RS_X_PAGE("c.id") },
	[COP_ROP_X_REVISIONS] = { "cop_r_x_revisions",
		"SELECT r.contribution_id, r.number, r.author_id, r.body, "
		"r.comment, r.created, r.editor_id, r.redacted FROM cop_revision r "
		RS_X_ON_CONTRIB("r")
		"WHERE r.community_id = $1 AND " RS_X_SHOWN("t")
		" AND " RS_X_CSHOWN " AND (r.contribution_id > $3 OR "
		"(r.contribution_id = $3 AND r.number > $4)) "
		"ORDER BY r.contribution_id, r.number LIMIT $5" },
	[COP_ROP_X_LINKS] = { "cop_r_x_links",
		"SELECT l.thread_id, l.target_id, l.kind, l.created FROM cop_link l "
		"WHERE l.community_id = $1 AND ($2 = 1 OR NOT EXISTS (SELECT 1 "
		"FROM cop_thread h WHERE h.id IN (l.thread_id, l.target_id) "
		"AND " COP_SQL_THREAD_HIDDEN("h") ")) AND (l.thread_id > $3 OR (l.thread_id = $3 "
		"AND l.target_id > $4)) ORDER BY l.thread_id, l.target_id LIMIT $5" },
	[COP_ROP_X_VOTES] = { "cop_r_x_votes",
		"SELECT v.id, v.contribution_id, v.voter_id, v.author_id, v.kind, "
		"v.rep_author, v.rep_voter, v.created, v.changed FROM cop_vote v "
		RS_X_ON_CONTRIB("v") "WHERE v.community_id = $1 AND "
		RS_X_SHOWN("t") " AND " RS_X_CSHOWN RS_X_PAGE("v.id") },
	[COP_ROP_X_ACCEPTS] = { "cop_r_x_accepts",
		"SELECT a.thread_id, a.contribution_id, a.author_id, a.acceptor_id, "
		"a.rep_author, a.rep_acceptor, a.created FROM cop_accept a "
		"JOIN cop_thread t ON t.id = a.thread_id WHERE a.community_id = $1 "
		"AND " RS_X_SHOWN("t") RS_X_PAGE("a.thread_id") },
	[COP_ROP_X_KUDOS] = { "cop_r_x_kudos",
		"SELECT k.id, k.from_id, k.to_id, k.contribution_id, k.message, "
		"k.created FROM cop_kudos k "
		"LEFT JOIN cop_contribution c ON c.id = k.contribution_id "
		"LEFT JOIN cop_thread t ON t.id = c.thread_id "
		"WHERE k.community_id = $1 AND ($2 = 1 OR t.hidden IS NULL "
		"OR " COP_SQL_THREAD_SHOWN("t") ")" RS_X_PAGE("k.id") },
	[COP_ROP_X_LEDGER] = { "cop_r_x_ledger",
		"SELECT l.id, l.member_id, l.points, l.nominal, l.reason, "
		"l.object_id, l.actor_id, l.time, l.tags FROM cop_ledger l "
		"WHERE l.community_id = $1 AND " RS_X_SEEN("l.object_id")
		RS_X_PAGE("l.id") },
	[COP_ROP_X_STANDINGS] = { "cop_r_x_standings",
		"SELECT member_id, reputation, cap_day, cap_used, trust, "
		"trust_manual, days_active, last_day, posts, likes_given, "
		"likes_received, kudos_received, accepted, posts_read "
		"FROM cop_standing WHERE community_id = $1 AND member_id > $2 "
		"ORDER BY member_id LIMIT $3" },
	[COP_ROP_X_BADGES] = { "cop_r_x_badges",
		"SELECT b.id, b.member_id, b.badge, b.object_id, b.awarded, b.name, "
		"b.class FROM cop_badge b WHERE b.community_id = $1 AND "
		RS_X_SEEN("b.object_id") RS_X_PAGE("b.id") },
	[COP_ROP_X_SOURCES] = { "cop_r_x_sources",
		"SELECT s.kind, s.source_id, s.object_id FROM cop_source s "
		"WHERE s.community_id = $1 AND " RS_X_SEEN("s.object_id")
		" AND (s.kind > $3 OR (s.kind = $3 AND (s.object_id > $4 OR "
		"(s.object_id = $4 AND s.source_id > $5)))) "
		"ORDER BY s.kind, s.object_id, s.source_id LIMIT $6" },
	[COP_ROP_X_POLICY_GET] = { "cop_r_x_policy_get",
		"SELECT erasure FROM cop_policy WHERE community_id = $1" },
	[COP_ROP_X_POLICY_PUT] = { "cop_r_x_policy_put",
		"INSERT INTO cop_policy (community_id, erasure) VALUES ($1, $2) "
		"ON CONFLICT (community_id) DO UPDATE SET erasure = excluded.erasure" },
	[COP_ROP_X_BADGE_INS] = { "cop_r_x_badge_ins",
		"INSERT INTO cop_badge (id, community_id, member_id, badge, "
		"object_id, awarded, name, class) VALUES ($1, $2, $3, $4, $5, $6, "
		"$7, $8)" },
	[COP_ROP_X_LINK_INS] = { "cop_r_x_link_ins",
		"INSERT INTO cop_link (community_id, thread_id, target_id, kind, "
		"created) VALUES ($1, $2, $3, $4, $5)" },
	[COP_ROP_X_SOURCE_INS] = { "cop_r_x_source_ins",
		"INSERT INTO cop_source (community_id, kind, source_id, object_id) "
		"VALUES ($1, $2, $3, $4)" },
	[COP_ROP_X_STANDING_INS] = { "cop_r_x_standing_ins",
		"INSERT INTO cop_standing (community_id, member_id, reputation, "
		"cap_day, cap_used, trust, trust_manual, days_active, last_day, "
		"posts, likes_given, likes_received, kudos_received, accepted, "
		"posts_read) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
		"$12, $13, $14, $15)" },
	[COP_ROP_X_VOTE_INS] = { "cop_r_x_vote_ins",
		"INSERT INTO cop_vote (" RS_VOTE_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6, $7, $8, $9, $10)" },
	/* Imports (libcop/import_se.c) and thread links (libcop/link.c). */
	[COP_ROP_SOURCE_GET] = { "cop_r_source_get",
		"SELECT object_id FROM cop_source WHERE community_id = $1 "
		"AND kind = $2 AND source_id = $3" },
	[COP_ROP_LINK_GET] = { "cop_r_link_get",
		"SELECT thread_id, target_id, kind, created FROM cop_link "
		"WHERE thread_id = $1 AND target_id = $2" },
	[COP_ROP_LINK_LIST] = { "cop_r_link_list",
		"SELECT thread_id, target_id, kind, created FROM cop_link "
		"WHERE thread_id = $1 AND target_id > $2 ORDER BY target_id "
		"LIMIT $3" },
	[COP_ROP_THREAD_BUMP] = { "cop_r_thread_bump",
		"UPDATE cop_thread SET contribution_count = contribution_count + 1, "
		"last_activity = CASE WHEN last_activity < $2 THEN $2 "
		"ELSE last_activity END WHERE id = $1" },
	[COP_ROP_THREAD_ADD] = { "cop_r_thread_add",
		"UPDATE cop_thread SET contribution_count = contribution_count + $3, "
		"last_activity = CASE WHEN last_activity < $2 THEN $2 "
		"ELSE last_activity END WHERE id = $1" },
	/* An accept's thread: only the two columns it changes, so that
	 * no trigger or index of another column is touched (the whole-row
	 * update ran every one of them, to no effect); its row answers that
	 * the thread was found. */
	[COP_ROP_THREAD_ANSWERED] = { "cop_r_thread_answered",
		"UPDATE cop_thread SET answered = $2, state = $3 WHERE id = $1 "
		"RETURNING 1" },
	/* An import's threads' replied and has_answer from their
	 * contributions (sql/schema.h). */
	[COP_ROP_THREADS_REPLIED] = { "cop_r_threads_replied",
		COP_SQL_THREADS_REPLIED(" AND community_id = $1") },
	[COP_ROP_REVISION_BUMP] = { "cop_r_revision_bump",
		"UPDATE cop_contribution SET revision = revision + 1, "
		"edited = CASE WHEN edited < $2 THEN $2 ELSE edited END "
		"WHERE id = $1 RETURNING revision - 1" },
	/* Erasure, policy "remove" (libcop/privacy.c, sql/privacy.c). */
	RS_P_STMT(GRAPH, "graph",
		"SELECT c.id, t.id, t.author_id, c.author_id, c.reply_to, "
		"c.translation_of FROM cop_thread t LEFT JOIN cop_contribution c "
		"ON c.thread_id = t.id WHERE t.community_id = $1 "
		"AND (t.author_id = $2 OR t.id IN (SELECT m.thread_id "
		"FROM cop_contribution m WHERE m.community_id = $1 "
		"AND m.author_id = $2)) ORDER BY t.id, c.id"),
	RS_P_STMT(DOOMED_OPEN, "doomed_open",
		"CREATE TEMP TABLE IF NOT EXISTS cop_doomed AS SELECT id, "
		"kind AS what FROM cop_contribution WHERE 1 = 0"),
	RS_P_STMT(DOOMED_CLEAR, "doomed_clear",
		"DELETE FROM cop_doomed"),
	RS_P_STMT(DOOMED_ADD, "doomed_add",
		"INSERT INTO cop_doomed (id, what) VALUES ($1, $2)"),
	RS_P_STMT(DEL_LEDGER, "del_ledger",
		"DELETE FROM cop_ledger WHERE community_id = $1 AND object_id IN ("
		"SELECT v.id FROM cop_vote v WHERE v.contribution_id IN "
		RS_D_CONTRIBS " UNION ALL SELECT k.id FROM cop_kudos k "
		"WHERE k.contribution_id IN " RS_D_CONTRIBS " UNION ALL "
		"SELECT a.thread_id FROM cop_accept a WHERE a.contribution_id IN "
		RS_D_CONTRIBS " UNION ALL SELECT id FROM cop_doomed WHERE what = 1)"),
	RS_P_STMT(DEL_BADGES, "del_badges",
		"DELETE FROM cop_badge WHERE community_id = $1 AND object_id IN "
		RS_D_CONTRIBS),
	RS_P_STMT(DEL_REOPEN, "del_reopen",
		"UPDATE cop_thread SET answered = 0, state = CASE WHEN state = $2 "
		"THEN $3 ELSE state END WHERE answered <> 0 "
		"AND community_id = $1 AND id IN (SELECT a.thread_id "
		"FROM cop_accept a WHERE a.contribution_id IN " RS_D_CONTRIBS ")"),
	RS_P_STMT(DEL_ACCEPTS, "del_accepts",
		"DELETE FROM cop_accept WHERE community_id = $1 "
		"AND (contribution_id IN " RS_D_CONTRIBS " OR thread_id IN "
		RS_D_THREADS ")"),
	RS_P_STMT(DEL_VOTES, "del_votes",
		"DELETE FROM cop_vote WHERE contribution_id IN " RS_D_CONTRIBS),
	RS_P_STMT(DEL_KUDOS, "del_kudos",
		"DELETE FROM cop_kudos WHERE community_id = $1 "
		"AND contribution_id IN " RS_D_CONTRIBS),
	RS_P_STMT(DEL_FLAGS, "del_flags",
		"DELETE FROM cop_flag WHERE contribution_id IN " RS_D_CONTRIBS),
	RS_P_STMT(DEL_REVISIONS, "del_revisions",
		"DELETE FROM cop_revision WHERE contribution_id IN "
		RS_D_CONTRIBS),
	RS_P_STMT(DEL_RECOUNT, "del_recount",
		"UPDATE cop_thread SET contribution_count = "
		"(SELECT count(*) FROM cop_contribution c WHERE c.thread_id = "
		"cop_thread.id AND c.id NOT IN " RS_D_CONTRIBS "), last_activity = "
		"COALESCE((SELECT max(c.created) FROM cop_contribution c "
		"WHERE c.thread_id = cop_thread.id AND c.id NOT IN " RS_D_CONTRIBS
		"), created) WHERE community_id = $1 AND id IN (SELECT c.thread_id "
		"FROM cop_contribution c WHERE c.id IN " RS_D_CONTRIBS ") "
		"AND id NOT IN " RS_D_THREADS),
	RS_P_STMT(DEL_BLANK, "del_blank",
		"UPDATE cop_contribution SET body = '' WHERE id IN " RS_D_CONTRIBS),
	RS_P_STMT(DEL_THREAD_BLANK, "del_thread_blank",
		"UPDATE cop_thread SET title = '', tags = '' WHERE id IN "
		RS_D_THREADS),
	RS_P_STMT(DEL_LINKS, "del_links",
		"DELETE FROM cop_link WHERE thread_id IN " RS_D_THREADS
		" OR target_id IN " RS_D_THREADS),
	RS_P_STMT(DEL_CONTRIBS, "del_contribs",
		"DELETE FROM cop_contribution WHERE id IN " RS_D_CONTRIBS),
	RS_P_STMT(DEL_THREADS, "del_threads",
		"DELETE FROM cop_thread WHERE id IN " RS_D_THREADS),
	[COP_ROP_STATS] = { "cop_r_stats",
		"SELECT (SELECT count(*) FROM cop_vote v WHERE v.kind = 0 "
		"AND v.community_id = COALESCE($1, v.community_id)), "
		"(SELECT count(*) FROM cop_vote v WHERE v.kind = 1 "
		"AND v.community_id = COALESCE($1, v.community_id)), "
		"(SELECT count(*) FROM cop_accept a WHERE a.contribution_id "
		"IS NOT NULL AND a.community_id = COALESCE($1, a.community_id)), "
		"(SELECT count(*) FROM cop_badge b "
		"WHERE b.community_id = COALESCE($1, b.community_id))" },
	[COP_ROP_KUDOS_SEEN] = { "cop_r_kudos_seen",
		RS_MEMBER_SEEN(RS_KUDOS_COLS, "cop_kudos", "to_id", "created",
			"contribution_id") },
	[COP_ROP_LEDGER_SEEN] = { "cop_r_ledger_seen",
		RS_MEMBER_SEEN(RS_LEDGER_COLS, "cop_ledger", "member_id", "time",
			"object_id") },
	/* The reader $8 first meets a column (PostgreSQL infers a
	 * parameter's type from its first use). */
	/* The reader $4 first meets a column (PostgreSQL infers its type
	 * there), then visibility.h's member rule. */
	[COP_ROP_HOURS_BY_MEMBER_SEEN] = { "cop_r_hours_by_member_seen",
		"SELECT u.id, u.handle, NULLIF(u.organisation, ''), " RS_HOURS_PLEDGED ", "
		"COALESCE(h.minutes, 0) " RS_HOURS_FROM "AND (u.id = $4 OR "
		COP_SQL_MEMBER_SEEN("$4", "u.id") ") ORDER BY u.handle, u.id" },
	[COP_ROP_BOARD_SEEN] = { "cop_r_board_seen", RS_BOARD(" AND "
		"(w.member_id = $8 OR " COP_SQL_MEMBER_SEEN("$8", "w.member_id")
		")") },
	/* The ledger read by its column names only (community_id,
	 * member_id, object_id: cop_ledger may be a view); the object set
	 * selected once, the community's ledger scanned against it.  $2
	 * first meets a column (PostgreSQL infers its type). */
	[COP_ROP_LEDGER_STANDINGS] = { "cop_r_ledger_standings",
		"SELECT " RS_STANDING_COLS " FROM cop_standing "
		"WHERE community_id = $1 AND member_id IN (SELECT l.member_id "
		"FROM cop_ledger l WHERE l.community_id = $1 AND (l.object_id = $2 "
		"OR l.object_id IN (" RS_CONTENT("$2") " UNION ALL SELECT v.id "
		"FROM cop_vote v WHERE v.contribution_id IN (" RS_CONTENT("$2")
		") UNION ALL SELECT k.id FROM cop_kudos k WHERE k.contribution_id "
		"IN (" RS_CONTENT("$2") ")))) ORDER BY member_id" },
	[COP_ROP_BADGE_SEEN] = { "cop_r_badge_seen",   /* as BADGE_LIST */
		RS_MEMBER_SEEN(RS_BADGE_COLS ", name, class", "cop_badge",
			"member_id", "+awarded", "object_id") },
	/* Tags (libcop/tag.c); a tag's uses as the reader sees them: all
	 * of them when $2 = 1 (hidden threads too), else those of threads
	 * shown. */
	[COP_ROP_TAG_GET] = { "cop_r_tag_get",
		"SELECT " RS_TAG_COLS " FROM cop_tag WHERE community_id = $1 "
		"AND name = $2" },
	[COP_ROP_TAG_PUT] = { "cop_r_tag_put",
		"INSERT INTO cop_tag (" RS_TAG_COLS ") VALUES ($1, $2, $3, $4, "
		"$5, $6, $7, $8, $9) ON CONFLICT (community_id, name) DO UPDATE SET "
		"excerpt = excluded.excerpt, wiki = excluded.wiki, "
		"synonym_of = excluded.synonym_of, updated = excluded.updated" },
	[COP_ROP_TAG_DEL] = { "cop_r_tag_del",
		"DELETE FROM cop_tag WHERE community_id = $1 AND name = $2 "
		"RETURNING 1" },
	[COP_ROP_TAG_LIST_NAME] = { "cop_r_tag_list_name",
		"SELECT " RS_TAG_READ " FROM cop_tag WHERE community_id = $1 "
		"AND name > $3 ORDER BY name LIMIT $4" },
	[COP_ROP_TAG_LIST_USES] = { "cop_r_tag_list_uses",
		"SELECT " RS_TAG_READ " FROM cop_tag WHERE community_id = $1 "
		"AND (" RS_TAG_SEEN " < $3 OR (" RS_TAG_SEEN " = $3 AND "
		"name > $4)) ORDER BY " RS_TAG_SEEN " DESC, name LIMIT $5" },
	[COP_ROP_TAG_THREADS] = { "cop_r_tag_threads",
		"SELECT id FROM cop_thread WHERE community_id = $1 AND "
		"(' ' || tags || ' ') LIKE ('% ' || CAST($2 AS TEXT) || ' %')" },
	[COP_ROP_TAG_SYNONYMS] = { "cop_r_tag_synonyms",
		"UPDATE cop_tag SET synonym_of = $3 WHERE community_id = $1 "
		"AND synonym_of = $2" },
	[COP_ROP_TAG_COUNTS] = { "cop_r_tag_counts",
		/* $2 met first where its type shows (PostgreSQL). */
		"SELECT count(CASE WHEN g.uses - CASE WHEN EXISTS (SELECT 1 "
		"FROM cop_membership f WHERE f.community_id = g.community_id "
		"AND f.member_id = $2 AND " COP_SQL_MS_MODERATING("f") ") OR "
		"$2 IS NULL THEN 0 ELSE g.hidden_uses END > 0 "
		"THEN 1 END), count(CASE WHEN COALESCE(g.excerpt, '') <> '' OR "
		"COALESCE(g.wiki, '') <> '' THEN 1 END) FROM cop_tag g "
		"JOIN cop_community k ON k.id = g.community_id "
		"WHERE g.community_id = COALESCE($1, g.community_id) AND "
		COP_SQL_VISIBLE("$2") },
	/* A thread's history (sql/history.c). */
	[COP_ROP_HIST_INS] = { "cop_r_hist_ins",
		"INSERT INTO cop_thread_history (thread_id, number, community_id, "
		"kind, old_value, new_value, actor_id, created, comment) VALUES ($1, "
		"(SELECT COALESCE(max(h.number), 0) + 1 FROM cop_thread_history h "
		"WHERE h.thread_id = $1), $2, $3, $4, $5, $6, $7, $8) "
		"RETURNING number" },
	[COP_ROP_HIST_LIST] = { "cop_r_hist_list",
		"SELECT " RS_HIST_COLS " FROM cop_thread_history "
		"WHERE thread_id = $1 AND number > $2 ORDER BY number LIMIT $3" },
	[COP_ROP_HIST_DEL_DOOMED] = { "cop_r_hist_del_doomed",
		"DELETE FROM cop_thread_history WHERE thread_id IN "
		RS_D_THREADS },
	/* JSON export: a tag is left out without everything ($2 = 0) when
	 * it is known only through hidden threads. */
	[COP_ROP_X_TAGS] = { "cop_r_x_tags",
		"SELECT g.name, g.excerpt, g.wiki, g.synonym_of, g.created, "
		"g.updated FROM cop_tag g WHERE g.community_id = $1 AND ($2 = 1 "
		"OR g.hidden_uses = 0 OR g.uses > g.hidden_uses OR "
		"COALESCE(g.excerpt, '') <> '' OR COALESCE(g.wiki, '') <> '' OR "
		"g.synonym_of IS NOT NULL OR EXISTS (SELECT 1 FROM cop_tag s "
		"WHERE s.community_id = g.community_id AND s.synonym_of = g.name))"
		RS_X_PAGE("g.name") },
	/* JSON export: the history of the community's threads, of the
	 * hidden ones only with everything ($2 = 1). */
	[COP_ROP_X_HISTORY] = { "cop_r_x_history",
		"SELECT h.thread_id, h.number, h.kind, h.old_value, h.new_value, "
		"h.actor_id, h.created, h.comment FROM cop_thread_history h "
		"JOIN cop_thread t ON t.id = h.thread_id WHERE h.community_id = $1 "
		"AND " RS_X_SHOWN("t") " AND " RS_HIST_AFTER("$3", "$4")
		" ORDER BY h.thread_id, h.number LIMIT $5" },
	/* A member's export: what they did to the threads they see (the
	 * member $1 as the viewer of visibility.h's rule). */
	[COP_ROP_P_HISTORY] = { "cop_r_p_history",
		"SELECT h.thread_id, h.number, h.community_id, h.kind, "
		"h.old_value, h.new_value, h.created, h.comment "
		"FROM cop_thread_history h JOIN cop_thread t ON t.id = h.thread_id "
		"JOIN cop_community k ON k.id = t.community_id "
		"WHERE h.actor_id = $1 AND " COP_SQL_VISIBLE("$1") " AND "
		COP_SQL_SEEN("$1") " AND " RS_HIST_AFTER("$2", "$3")
		" ORDER BY h.thread_id, h.number LIMIT $4" },
	[COP_ROP_REVISION_REPLACED] = { "cop_r_revision_replaced",
		"UPDATE cop_revision SET editor_id = $3, comment = $4 "
		"WHERE contribution_id = $1 AND number = $2" },
};

#endif
