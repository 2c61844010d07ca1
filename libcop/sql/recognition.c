/*
 * sql/recognition.c: the recognition interface (sys/backend.h's
 * cop_backend_recognition: votes, accepted answers, kudos, the ledger,
 * standings, period totals and leaderboards, badges, configuration and
 * cop_verify()'s reads) written once over a backend's rop() and the
 * shared statements of recognition_sql.h.  The SQL backends hand it out
 * as their table; the core uses it for backends of versions 2 to 5,
 * which have rop() but no recognition table.
 */
#include <stdint.h>
#include "sql/sql.h"

/* The highest id: the start of a descending listing. */
static const cop_id id_top = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

/* A listing's limit as a parameter (0: none). */
static cop_val limit_val(unsigned int limit)
{
	return cop__v_int(limit ? (int64_t)limit : INT32_MAX);
}

/* Run operation @p op: its first row into *row (text valid while *it
 * lives; the caller frees *it), or COP_ENOTFOUND without one. */
static int first_row(cop_backend *be, int op, const cop_val *p,
	unsigned int n, cop_row *row, cop_backend_iter **it)
{
	int rc;

	*it = NULL;
	if ((rc = be->rop(be, op, p, n, it)) != COP_OK)
		return rc;
	rc = (*it)->next(*it, row);
	return rc == COP_ITEROVER ? COP_ENOTFOUND : rc;
}

/* Run operation @p op, a write, with the fields of @p rec (of @p kind). */
static int put_rec(cop_backend *be, int op, cop_rec_kind kind,
	const void *rec)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(kind, rec, p);

	return be->rop(be, op, p, n, NULL);
}

/* Run operation @p op with the one or two ids given. */
static int by_ids(cop_backend *be, int op, const cop_id *a, const cop_id *b,
	cop_rec_kind kind, void *rec, size_t size)
{
	cop_val p[2];

	p[0] = cop__v_id(a);
	p[1] = cop__v_id(b);
	return cop__sql_first_rec(be, op, p, b ? 2 : 1, kind, rec, size);
}

static int vote_get(cop_backend *be, const cop_id *contribution,
	const cop_id *voter, cop_vote_rec *out)
{
	return by_ids(be, COP_ROP_VOTE_GET, contribution, voter, COP_REC_VOTE,
		out, sizeof(*out));
}

static int vote_put(cop_backend *be, const cop_vote_rec *vote)
{
	return put_rec(be, COP_ROP_VOTE_PUT, COP_REC_VOTE, vote);
}

static int accept_get(cop_backend *be, const cop_id *thread,
	cop_accept_rec *out)
{
	return by_ids(be, COP_ROP_ACCEPT_GET, thread, NULL, COP_REC_ACCEPT, out,
		sizeof(*out));
}

static int accept_put(cop_backend *be, const cop_accept_rec *accept)
{
	return put_rec(be, COP_ROP_ACCEPT_PUT, COP_REC_ACCEPT, accept);
}

static int kudos_insert(cop_backend *be, const cop_kudos_rec *kudos)
{
	return put_rec(be, COP_ROP_KUDOS_INS, COP_REC_KUDOS, kudos);
}

/* A member's listing, newest first: (community, member, after time,
 * after id, limit), with the viewer (operation @p seen) for a reader
 * who is not the system. */
static int member_list(cop_backend *be, int op, int seen,
	const cop_recognition_query *q, cop_rec_kind kind, size_t size,
	cop_backend_iter **out)
{
	cop_val p[6];

	p[0] = cop__v_id(&q->community);
	p[1] = cop__v_id(&q->member);
	p[2] = cop__v_int(q->has_after ? q->after_time : INT64_MAX);
	p[3] = cop__v_key(q->has_after ? &q->after_id : &id_top);
	p[4] = limit_val(q->limit);
	if (q->viewer) {
		p[5] = cop__v_id(q->viewer);
		return cop__sql_rec_list(be, seen, p, 6, kind, size, out);
	}
	return cop__sql_rec_list(be, op, p, 5, kind, size, out);
}

static int kudos_list(cop_backend *be, const cop_recognition_query *q,
	cop_backend_iter **out)
{
	return member_list(be, COP_ROP_KUDOS_LIST, COP_ROP_KUDOS_SEEN, q,
		COP_REC_KUDOS, sizeof(cop_kudos_rec), out);
}

static int ledger_insert(cop_backend *be, const cop_ledger_rec *entry)
{
	return put_rec(be, COP_ROP_LEDGER_INS, COP_REC_LEDGER, entry);
}

static int ledger_list(cop_backend *be, const cop_recognition_query *q,
	cop_backend_iter **out)
{
	return member_list(be, COP_ROP_LEDGER_LIST, COP_ROP_LEDGER_SEEN, q,
		COP_REC_LEDGER, sizeof(cop_ledger_rec), out);
}

static int ledger_scan(cop_backend *be, const cop_ledger_scan_query *q,
	cop_backend_iter **out)
{
	cop_val p[5];

	p[0] = cop__v_id(&q->community);
	/* Without a bound: below every row (nil ids sent as their bytes). */
	p[1] = cop__v_key(q->has_after ? &q->after_member : &cop__nil_id);
	p[2] = cop__v_int(q->has_after ? q->after_time : INT64_MIN);
	p[3] = cop__v_key(q->has_after ? &q->after_id : &cop__nil_id);
	p[4] = limit_val(q->limit);
	return cop__sql_rec_list(be, COP_ROP_LEDGER_SCAN, p, 5, COP_REC_LEDGER,
		sizeof(cop_ledger_rec), out);
}

static int standing_get(cop_backend *be, const cop_id *community,
	const cop_id *member, cop_standing_rec *out)
{
	return by_ids(be, COP_ROP_STANDING_GET, community, member,
		COP_REC_STANDING, out, sizeof(*out));
}

static int standing_put(cop_backend *be, const cop_standing_rec *standing)
{
	return put_rec(be, COP_ROP_STANDING_PUT, COP_REC_STANDING, standing);
}

static int standing_list(cop_backend *be, const cop_id *community,
	const cop_id *after, unsigned int limit, cop_backend_iter **out)
{
	cop_val p[3];

	p[0] = cop__v_id(community);
	p[1] = cop__v_key(after ? after : &cop__nil_id);
	p[2] = limit_val(limit);
	return cop__sql_rec_list(be, COP_ROP_STANDING_LIST, p, 3,
		COP_REC_STANDING, sizeof(cop_standing_rec), out);
}

static int total_add(cop_backend *be, const cop_total_rec *total)
{
	return put_rec(be, COP_ROP_TOTAL_ADD, COP_REC_TOTAL, total);
}

static int total_clear(cop_backend *be, const cop_id *community)
{
	return cop__sql_run(be, COP_ROP_TOTAL_CLEAR, "i", community);
}

static int total_list(cop_backend *be, const cop_id *community,
	const cop_id *member, cop_backend_iter **out)
{
	cop_val p[2];

	p[0] = cop__v_id(community);
	p[1] = cop__v_id(member);
	return cop__sql_rec_list(be, COP_ROP_TOTAL_MEMBER, p, 2, COP_REC_TOTAL,
		sizeof(cop_total_rec), out);
}

static int board(cop_backend *be, const cop_board_query *q,
	cop_backend_iter **out)
{
	/* Without a bound: above every total, and any id after it.  For a
	 * reader, the members it sees (table version 3). */
	const cop_val p[8] = { cop__v_id(&q->community), cop__v_int(q->period),
		cop__v_int(q->start), cop__v_text(q->tag ? q->tag : ""),
		cop__v_int(q->has_after ? q->after_points : INT64_MAX),
		cop__v_key(q->has_after ? &q->after_member : &cop__nil_id),
		limit_val(q->limit),
		q->viewer ? cop__v_key(q->viewer) : cop__v_key(&cop__nil_id) };

	return cop__sql_rec_list(be, q->viewer ? COP_ROP_BOARD_SEEN :
		COP_ROP_BOARD, p, q->viewer ? 8 : 7, COP_REC_LEADER,
		sizeof(cop_leader_rec), out);
}

static int badge_insert(cop_backend *be, const cop_badge_rec *badge,
	int *inserted)
{
	cop_backend_iter *it = NULL;
	cop_val p[COP_ROW_MAX];
	cop_row row;
	int rc;

	*inserted = 0;
	/* The statement stores the first six fields; a row back: new. */
	(void)cop__sql_rec_vals(COP_REC_BADGE, badge, p);
	rc = first_row(be, COP_ROP_BADGE_INS, p, 6, &row, &it);
	if (it)
		it->free(it);
	if (rc == COP_OK)
		*inserted = 1;
	return rc == COP_ENOTFOUND ? COP_OK : rc;
}

static int badge_list(cop_backend *be, const cop_recognition_query *q,
	cop_backend_iter **out)
{
	return member_list(be, COP_ROP_BADGE_LIST, COP_ROP_BADGE_SEEN, q,
		COP_REC_BADGE, sizeof(cop_badge_rec), out);
}

/* The number in the first column of @p op's first row into *out. */
static int count(cop_backend *be, int op, const cop_val *p, unsigned int n,
	int64_t *out)
{
	cop_backend_iter *it;
	cop_row row;
	int rc = first_row(be, op, p, n, &row, &it);

	*out = rc == COP_OK ? cop__r_int(&row, 0) : 0;
	if (it)
		it->free(it);
	return rc == COP_ENOTFOUND ? COP_OK : rc;
}

static int badge_find(cop_backend *be, const cop_id *community,
	const cop_id *member, int badge, const cop_id *object, int *found)
{
	cop_val p[4];
	int64_t n;
	int rc;

	p[0] = cop__v_id(community);
	p[1] = cop__v_id(member);
	p[2] = cop__v_int(badge);
	p[3] = cop__v_id(object);
	rc = count(be, COP_ROP_BADGE_HAS, p, 4, &n);
	*found = rc == COP_OK && n > 0;
	return rc;
}

static int config_get(cop_backend *be, const cop_id *community, char **body)
{
	cop_backend_iter *it;
	cop_val p[1];
	cop_row row;
	int rc;

	*body = NULL;
	p[0] = cop__v_id(community);
	rc = first_row(be, COP_ROP_CONFIG_GET, p, 1, &row, &it);
	if (rc == COP_OK && !(*body = cop_strdup(cop__r_text(&row, 1) ?
			cop__r_text(&row, 1) : "")))
		rc = COP_ENOMEM;
	if (it)
		it->free(it);
	return rc;
}

static int config_put(cop_backend *be, const cop_id *community,
	const char *body)
{
	return cop__sql_run(be, COP_ROP_CONFIG_PUT, "it", community, body);
}

/* Run @p op with (contribution, number). */
static int score_op(cop_backend *be, int op, const cop_id *contribution,
	int64_t v)
{
	return cop__sql_run(be, op, "in", contribution, v);
}

static int score_add(cop_backend *be, const cop_id *contribution, int delta)
{
	return score_op(be, COP_ROP_SCORE_ADD, contribution, delta);
}

static int score_set(cop_backend *be, const cop_id *contribution,
	int64_t score)
{
	return score_op(be, COP_ROP_SCORE_SET, contribution, score);
}

static int stats(cop_backend *be, const cop_id *community, cop_stats *out)
{
	cop_backend_iter *it;
	cop_val p[1];
	cop_row row;
	int rc;

	p[0] = cop__v_id(community ? community : &cop__nil_id);
	rc = first_row(be, COP_ROP_STATS, p, 1, &row, &it);
	if (rc == COP_OK) {
		out->votes_up = cop__r_int(&row, 0);
		out->votes_down = cop__r_int(&row, 1);
		out->accepted_answers = cop__r_int(&row, 2);
		out->badges_awarded = cop__r_int(&row, 3);
	}
	if (it)
		it->free(it);
	return rc == COP_ENOTFOUND ? COP_OK : rc;
}

static int verify_scores(cop_backend *be, const cop_id *community,
	const int weights[4], cop_backend_iter **out)
{
	cop_val p[5];
	int k;

	p[0] = cop__v_id(community);
	for (k = 0; k < 4; k++)
		p[1 + k] = cop__v_int(weights[k]);
	return cop__sql_rec_list(be, COP_ROP_V_SCORES, p, 5, COP_REC_SCORE_CHECK,
		sizeof(cop_score_check_rec), out);
}

/* A check over (community[, number]). */
static int check_list(cop_backend *be, int op, const cop_id *community,
	int64_t v, unsigned int n, cop_rec_kind kind, size_t size,
	cop_backend_iter **out)
{
	cop_val p[2];

	p[0] = cop__v_id(community);
	p[1] = cop__v_int(v);
	return cop__sql_rec_list(be, op, p, n, kind, size, out);
}

static int verify_reputation(cop_backend *be, const cop_id *community,
	int64_t initial, cop_backend_iter **out)
{
	return check_list(be, COP_ROP_V_REPUTATION, community, initial, 2,
		COP_REC_REP_CHECK, sizeof(cop_rep_check_rec), out);
}

static int verify_counts(cop_backend *be, const cop_id *community,
	cop_backend_iter **out)
{
	return check_list(be, COP_ROP_V_COUNTS, community, 0, 1,
		COP_REC_COUNTS_CHECK, sizeof(cop_counts_check_rec), out);
}

static int verify_high_scores(cop_backend *be, const cop_id *community,
	int64_t min_score, cop_backend_iter **out)
{
	return check_list(be, COP_ROP_V_HIGH_SCORES, community, min_score, 2,
		COP_REC_HIGH_SCORE, sizeof(cop_high_score_rec), out);
}

static int ledger_standings(cop_backend *be, const cop_id *community,
	const cop_id *object, cop_backend_iter **out)
{
	cop_val p[2];

	p[0] = cop__v_id(community);
	p[1] = cop__v_id(object);
	return cop__sql_rec_list(be, COP_ROP_LEDGER_STANDINGS, p, 2,
		COP_REC_STANDING, sizeof(cop_standing_rec), out);
}

const cop_backend_recognition cop__sql_recognition = {
	COP_BACKEND_RECOGNITION_VERSION, vote_get, vote_put, accept_get,
	accept_put, kudos_insert, kudos_list, ledger_insert, ledger_list,
	ledger_scan, standing_get, standing_put, standing_list, total_add,
	total_clear, total_list, board, badge_insert, badge_list, badge_find,
	config_get, config_put, score_add, score_set, stats, verify_scores,
	verify_reputation, verify_counts, verify_high_scores, ledger_standings
};
