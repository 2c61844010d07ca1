/*
 * ledger.c: the reputation ledger, its period totals, and time periods.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

static const char *const period_names[] = {
	"week", "month", "quarter", "year", "all"
};
static const char *const reason_names[] = {
	"upvote", "downvote", "downvote-given", "helpful", "accepted",
	"acceptor", "kudos", "reversal", "attended"
};

COP__ENUM_NAMES(cop_period, cop_period, period_names)

const char *cop_rep_reason_name(cop_rep_reason r)
{
	return (int)r >= 0 && (int)r < (int)(sizeof(reason_names) /
		sizeof(reason_names[0])) ? reason_names[r] : NULL;
}

/* ---- time periods ---------------------------------------------------------- */

int64_t cop__rec_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

cop_time cop_period_start(cop_period p, cop_time t)
{
	int64_t day = cop__rec_floor_div(t, DAY_MS), y;
	int m, d;

	switch (p) {
	case COP_PERIOD_WEEK:
		/* 1970-01-01 was a Thursday: Monday-based weekday (day + 3) % 7. */
		return (day - ((day % 7 + 7 + 3) % 7)) * DAY_MS;
	case COP_PERIOD_MONTH:
		cop__civil_from_days(day, &y, &m, &d);
		return cop__days_from_civil(y, m, 1) * DAY_MS;
	case COP_PERIOD_QUARTER:
		cop__civil_from_days(day, &y, &m, &d);
		return cop__days_from_civil(y, (m - 1) / 3 * 3 + 1, 1) * DAY_MS;
	case COP_PERIOD_YEAR:
		cop__civil_from_days(day, &y, &m, &d);
		return cop__days_from_civil(y, 1, 1) * DAY_MS;
	default:
		return 0;
	}
}

int cop__rec_totals_each(const char *tags, cop_time t,
	cop__rec_total_fn fn, void *arg)
{
	char tag[64];
	const char *q;
	int per, rc;

	for (per = 0; per <= COP_PERIOD_ALL; per++) {
		int64_t start = cop_period_start((cop_period)per, t);
		if ((rc = fn(per, start, "", arg)) != COP_OK)
			return rc;
		for (q = tags; q && *q; ) {
			size_t n = strcspn(q, " ");
			if (n > 0 && n < sizeof(tag)) {
				memcpy(tag, q, n);
				tag[n] = '\0';
				if ((rc = fn(per, start, tag, arg)) != COP_OK)
					return rc;
			}
			q += n;
			while (*q == ' ')
				q++;
		}
	}
	return COP_OK;
}

typedef struct total_add {
	cop_store *s;
	cop_total_rec r;             /* its tag borrowed */
} total_add;

static int total_add_one(int per, int64_t start, const char *tag, void *arg)
{
	total_add *a = arg;

	a->r.period = per;
	a->r.start = start;
	a->r.tag = (char *)tag;
	return cop__rec_be(a->s, REC_T(a->s)->total_add(a->s->be, &a->r));
}

/* Add points to the period totals (whole community and each tag). */
int cop__rec_totals_add(cop_store *s, const cop_id *cid, const cop_id *mid,
	const char *tags, cop_time t, int64_t points)
{
	total_add a;

	memset(&a, 0, sizeof(a));
	a.s = s;
	a.r.community_id = *cid;
	a.r.member_id = *mid;
	a.r.points = points;
	return cop__rec_totals_each(tags, t, total_add_one, &a);
}

int64_t cop__rec_points(const cop_recognition_config *cfg, standing *st,
	cop_time now, int nominal, int capped)
{
	int64_t eff = nominal, day, lim;

	if (capped && eff > 0) {
		day = cop__rec_floor_div(now, DAY_MS);
		if (st->cap_day != day) {
			st->cap_day = day;
			st->cap_used = 0;
		}
		lim = cfg->daily_cap - st->cap_used;
		if (lim < 0)
			lim = 0;
		if (eff > lim)
			eff = lim;
		st->cap_used += eff;
	}
	if (eff < 0) {
		lim = cfg->floor - st->reputation;
		if (lim > 0)
			lim = 0;
		if (eff < lim)
			eff = lim;
	}
	st->reputation += eff;
	return eff;
}

int64_t cop__rec_points_on(const cop_recognition_config *cfg, standing *st,
	cop_time now, int nominal, int capped, int masked)
{
	cop_recognition_config nofloor;
	int64_t eff;

	if (!masked)
		return cop__rec_points(cfg, st, now, nominal, capped);
	/* On a hidden object the entry counts in nothing until the object
	 * is shown again (cop__recognition_points()).  It meets the daily
	 * cap, not the floor: the reputation it would be held at is not the
	 * one it will count in, and a reversal written now must undo its
	 * original whole. */
	nofloor = *cfg;
	nofloor.floor = INT_MIN;
	eff = cop__rec_points(&nofloor, st, now, nominal, capped);
	st->reputation -= eff;
	return eff;
}

/*
 * Append a ledger entry of @p nominal points for @p mid, applying the
 * daily cap (when @p capped) and the floor; *applied (optional) receives
 * the points applied.  Nothing is written for 0 nominal points.
 */
int cop__rec_ledger_add(rctx *x, const cop_id *mid, int nominal,
	cop_rep_reason reason, const cop_id *object, int capped, int *applied)
{
	standing *st;
	int64_t eff;
	cop_ledger_rec e;
	int rc;

	if (applied)
		*applied = 0;
	if (nominal == 0 || !mid || cop_id_is_nil(mid))
		return COP_OK;
	if ((rc = cop__rec_ctx_standing(x, mid, &st)) != COP_OK)
		return rc;
	eff = cop__rec_points_on(&x->cfg, st, x->now, nominal, capped,
		x->masked);
	REC_DIRTY(x, st);
	/* The entry, its tags borrowed. */
	memset(&e, 0, sizeof(e));
	if ((rc = cop__id_new(x->s, &e.id)) != COP_OK)
		return rc;
	e.community_id = x->community;
	e.member_id = *mid;
	e.points = eff;
	e.nominal = nominal;
	e.reason = reason;
	if (object)
		e.object_id = *object;
	if (cop__actor(x->s))
		e.actor_id = *cop__actor(x->s);
	e.time = x->now;
	e.tags = (char *)x->tags;
	rc = cop__rec_be(x->s, REC_T(x->s)->ledger_insert(x->s->be, &e));
	if (rc != COP_OK)
		return rc;
	if (eff != 0 && !x->masked && (rc = cop__rec_totals_add(x->s, &x->community, mid, x->tags,
			x->now, eff)) != COP_OK)
		return rc;
	if (applied)
		*applied = (int)eff;
	return COP_OK;
}

/* Reverse an entry that applied @p applied points. */
int cop__rec_ledger_reverse(rctx *x, const cop_id *mid, int applied,
	const cop_id *object)
{
	return cop__rec_ledger_add(x, mid, -applied, COP_REP_REVERSAL, object, 0,
		NULL);
}

/* ---- the ledger (public) ------------------------------------------------------------ */

REC_WRAP_MAKE(ledger_make, COP_REC_LEDGER, cop_ledger_rec, time, id)
REC_MEMBER_LISTING(cop_ledger_iter_new, cop_ledger_iter, COP_REC_LEDGER,
	ledger_make)

COP__ITER_FNS(cop_ledger, cop_ledger_entry)

COP__FREE_FN(cop_ledger_entry)
COP__GETTER_ID(cop_ledger_entry, member_id)
COP__GETTER(cop_ledger_entry, points, int, 0)
COP__GETTER(cop_ledger_entry, nominal, int, 0)
COP__GETTER(cop_ledger_entry, reason, cop_rep_reason, COP_REP_UPVOTE)
COP__GETTER_ID(cop_ledger_entry, object_id)
COP__GETTER_ID(cop_ledger_entry, actor_id)
COP__GETTER(cop_ledger_entry, time, cop_time, 0)
