/*
 * leaderboard.c: leaderboards over the period totals.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- leaderboards ----------------------------------------------------------------- */

REC_WRAP_MAKE(leader_make, COP_REC_LEADER, cop_leader_rec, points,
	member_id)

/* What board_open() lists: the board's query without its keyset. */
typedef struct board_listing {
	const cop_backend_recognition *t;
	cop_board_query q;
} board_listing;

static int board_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	board_listing *l = arg;

	l->q.has_after = q->has_after;
	l->q.after_points = q->after_num;
	l->q.after_member = q->after_id;
	l->q.limit = q->limit;
	return cop__rec_be(s, l->t->board(s->be, &l->q, bi));
}

/*
 * The board is ordered by points descending, then member id ascending;
 * its keyset is (points, member): rows with fewer points, or as many and
 * a greater id.
 */
int cop_leader_iter_new(cop_leader_iter **out, cop_store *s,
	const char *community, const char *tag, cop_period period, cop_time at,
	const cop_page *page)
{
	board_listing l;
	char *ntag = NULL;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = cop__rec_out_arg(s, out)) != COP_OK)
		return rc;
	if ((int)period < 0 || (int)period > COP_PERIOD_ALL)
		return cop__error(s, COP_EINVAL, "invalid period %d", (int)period);
	if (at < 0)
		return cop__error(s, COP_EINVAL, "negative time");
	if (tag && *tag) {
		if ((rc = cop__tags_normalize(s, tag, &ntag)) != COP_OK)
			return rc;
		if (strchr(ntag, ' ')) {
			cop_free(ntag);
			return cop__error(s, COP_EINVAL, "one tag only");
		}
	}
	memset(&l, 0, sizeof(l));
	rc = cop__rec_listing_args(s, community, NULL, &l.q.community, NULL);
	if (rc == COP_OK) {
		l.t = REC_T(s);
		/* A reader is ranked only the members it sees (a backend
		 * before table version 3 ranks everyone). */
		l.q.viewer = l.t->version >= 3 ? cop__actor(s) : NULL;
		l.q.period = period;
		l.q.start = cop_period_start(period, at ? at : cop__now(s));
		/* Borrowed for the backend's call: the listing keeps no
		 * parameter. */
		l.q.tag = ntag ? ntag : "";
		rc = cop__iter_typed((cop__iter **)out, s, page, COP_REC_LEADER,
			board_open, &l, leader_make);
	}
	cop_free(ntag);
	return rc == COP_OK ? cop__ok(s) : rc;
}

COP__ITER_FNS(cop_leader, cop_leader)

COP__FREE_FN(cop_leader)
COP__GETTER_ID(cop_leader, member_id)
COP__GETTER_TEXT(cop_leader, handle)
COP__GETTER(cop_leader, points, int64_t, 0)
