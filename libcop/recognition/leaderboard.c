/*
 * leaderboard.c: leaderboards over the period totals.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- leaderboards ----------------------------------------------------------------- */

struct cop_leader {
	cop_id member;
	int64_t points;
	char *handle;
	char t_member[37];
};

/* A board's columns: (member, points, handle). */
static const cop__rec_col leader_cols[] = {
	REC_COL(REC_ID, cop_leader, member), REC_COL(REC_I64, cop_leader, points),
	REC_COL(REC_TEXT, cop_leader, handle),
};
static const cop__rec_table leader_table =
	REC_TABLE(cop_leader, leader_cols, 1, 0);

REC_MAKE(leader_make, leader_table)

/*
 * The board is ordered by points descending, then member id ascending;
 * the keyset parameters are (points, member): rows with fewer points, or
 * as many and a greater id.  Without a cursor: INT64_MAX and any id.
 */
int cop_leader_iter_new(cop_leader_iter **out, cop_store *s,
	const char *community, const char *tag, cop_period period, cop_time at,
	const cop_page *page)
{
	char *ntag = NULL;
	cop_val p[7];
	cop_id cid;
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
	if ((rc = cop__rec_listing_args(s, community, NULL, &cid, NULL)) != COP_OK) {
		cop_free(ntag);
		return rc;
	}
	p[0] = cop__v_id(&cid);
	p[1] = cop__v_int(period);
	p[2] = cop__v_int(cop_period_start(period, at ? at : cop__now(s)));
	p[3] = cop__v_text(ntag ? ntag : "");
	/* The iterator keeps the tag the operation's parameter points to. */
	if ((rc = cop__iter_rows((cop__iter **)out, s, COP_ROP_BOARD, p, 7, page,
			INT64_MAX, &cop__nil_id, leader_make, ntag,
			"recognition")) != COP_OK)
		return rc;
	return cop__ok(s);
}

COP__ITER_FNS(cop_leader, cop_leader)

void cop_leader_free(cop_leader *l)
{
	cop__rec_obj_free(&leader_table, l);
}
REC_ID_GETTER(cop_leader_member_id, cop_leader, member)
const char *cop_leader_handle(const cop_leader *l) { return l ? l->handle : NULL; }
int64_t cop_leader_points(const cop_leader *l) { return l ? l->points : 0; }
