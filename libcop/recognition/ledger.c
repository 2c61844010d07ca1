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
	"acceptor", "kudos", "reversal"
};

COP__ENUM_NAMES(cop_period, cop_period, period_names)

const char *cop_rep_reason_name(cop_rep_reason r)
{
	return (int)r >= 0 && (int)r < 8 ? reason_names[r] : NULL;
}

/* ---- time periods ---------------------------------------------------------- */

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y += *m <= 2;
}

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
		civil_from_days(day, &y, &m, &d);
		return cop__days_from_civil(y, m, 1) * DAY_MS;
	case COP_PERIOD_QUARTER:
		civil_from_days(day, &y, &m, &d);
		return cop__days_from_civil(y, (m - 1) / 3 * 3 + 1, 1) * DAY_MS;
	case COP_PERIOD_YEAR:
		civil_from_days(day, &y, &m, &d);
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
	cop_val p[6];
} total_add;

static int total_add_one(int per, int64_t start, const char *tag, void *arg)
{
	total_add *a = arg;

	a->p[1] = cop__v_int(per);
	a->p[2] = cop__v_int(start);
	a->p[3] = cop__v_text(tag);
	return rop_run(a->s, COP_ROP_TOTAL_ADD, a->p, 6);
}

/* Add points to the period totals (whole community and each tag). */
int cop__rec_totals_add(cop_store *s, const cop_id *cid, const cop_id *mid,
	const char *tags, cop_time t, int64_t points)
{
	total_add a;

	a.s = s;
	a.p[0] = cop__v_id(cid);
	a.p[4] = cop__v_id(mid);
	a.p[5] = cop__v_int(points);
	return cop__rec_totals_each(tags, t, total_add_one, &a);
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
	int64_t eff = nominal, day, lim;
	cop_val p[10];
	cop_id eid;
	int rc;

	if (applied)
		*applied = 0;
	if (nominal == 0 || !mid || cop_id_is_nil(mid))
		return COP_OK;
	if ((rc = cop__rec_ctx_standing(x, mid, &st)) != COP_OK)
		return rc;
	if (capped && eff > 0) {
		day = cop__rec_floor_div(x->now, DAY_MS);
		if (st->cap_day != day) {
			st->cap_day = day;
			st->cap_used = 0;
		}
		lim = x->cfg.daily_cap - st->cap_used;
		if (lim < 0)
			lim = 0;
		if (eff > lim)
			eff = lim;
		st->cap_used += eff;
	}
	if (eff < 0) {
		lim = x->cfg.floor - st->reputation;
		if (lim > 0)
			lim = 0;
		if (eff < lim)
			eff = lim;
	}
	st->reputation += eff;
	st->dirty = 1;
	if ((rc = cop__rec_row_start(x, mid, &eid, p)) != COP_OK)
		return rc;
	p[3] = cop__v_int(eff);
	p[4] = cop__v_int(nominal);
	p[5] = cop__v_int(reason);
	p[6] = cop__v_id(object);
	p[7] = cop__v_id(cop__actor(x->s));
	p[8] = cop__v_int(x->now);
	p[9] = cop__v_text(x->tags);
	if ((rc = rop_run(x->s, COP_ROP_LEDGER_INS, p, 10)) != COP_OK)
		return rc;
	if (eff != 0 && (rc = cop__rec_totals_add(x->s, &x->community, mid, x->tags,
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

/* ---- scanning the ledger ------------------------------------------------------------ */

typedef struct scan {
	cop_id member, id;           /* the keyset: the last entry read */
	cop_time time;
	cop__rec_entry_fn entry;
	void *arg;
} scan;

static int scan_row(cop_store *s, const cop_row *r, void *arg)
{
	scan *sc = arg;
	cop__rec_entry e;

	e.member = cop__r_id(r, 2);
	e.points = cop__r_int(r, 3);
	e.time = cop__r_int(r, 8);
	e.tags = cop__r_text(r, 9);
	sc->member = e.member;
	sc->time = e.time;
	sc->id = cop__r_id(r, 0);
	return sc->entry(s, &e, sc->arg);
}

int cop__rec_ledger_scan(cop_store *s, const cop_id *cid, unsigned int page,
	cop__rec_entry_fn entry, int (*page_done)(cop_store *s, void *arg),
	void *arg)
{
	cop_val p[5];
	size_t got = page;
	scan sc;
	int rc = COP_OK;

	memset(&sc, 0, sizeof(sc));
	sc.time = INT64_MIN;
	sc.entry = entry;
	sc.arg = arg;
	while (rc == COP_OK && got == page) {
		p[0] = cop__v_id(cid);
		p[1] = cop__v_key(&sc.member);
		p[2] = cop__v_int(sc.time);
		p[3] = cop__v_key(&sc.id);
		p[4] = cop__v_int(page);
		rc = cop__rec_rows(s, COP_ROP_LEDGER_SCAN, p, 5, 0, scan_row, &sc,
			&got);
		if (rc == COP_OK && page_done)
			rc = page_done(s, arg);
	}
	return rc;
}

/* ---- the ledger (public) ------------------------------------------------------------ */

struct cop_ledger_entry {
	cop_id id, member, object, actor;
	int points, nominal, reason;
	cop_time time;
	char t_member[37], t_object[37], t_actor[37];
};

/* The ledger's columns, as its listing's rows give them. */
static const cop__rec_col ledger_cols[] = {
	REC_COL(REC_ID, cop_ledger_entry, id), REC_NONE,
	REC_COL(REC_ID, cop_ledger_entry, member),
	REC_COL(REC_INT, cop_ledger_entry, points),
	REC_COL(REC_INT, cop_ledger_entry, nominal),
	REC_COL(REC_INT, cop_ledger_entry, reason),
	REC_COL(REC_ID, cop_ledger_entry, object),
	REC_COL(REC_ID, cop_ledger_entry, actor),
	REC_COL(REC_I64, cop_ledger_entry, time),
};
static const cop__rec_table ledger_table =
	REC_TABLE(cop_ledger_entry, ledger_cols, 8, 0);

REC_MAKE(ledger_make, ledger_table)
REC_MEMBER_LISTING(cop_ledger_iter_new, cop_ledger_iter, COP_ROP_LEDGER_LIST,
	ledger_make)

COP__ITER_FNS(cop_ledger, cop_ledger_entry)

void cop_ledger_entry_free(cop_ledger_entry *e) { cop_free(e); }
REC_ID_GETTER(cop_ledger_entry_member_id, cop_ledger_entry, member)
int cop_ledger_entry_points(const cop_ledger_entry *e) { return e ? e->points : 0; }
int cop_ledger_entry_nominal(const cop_ledger_entry *e) { return e ? e->nominal : 0; }
cop_rep_reason cop_ledger_entry_reason(const cop_ledger_entry *e)
{
	return e ? (cop_rep_reason)e->reason : COP_REP_UPVOTE;
}
REC_ID_GETTER(cop_ledger_entry_object_id, cop_ledger_entry, object)
REC_ID_GETTER(cop_ledger_entry_actor_id, cop_ledger_entry, actor)
cop_time cop_ledger_entry_time(const cop_ledger_entry *e) { return e ? e->time : 0; }
