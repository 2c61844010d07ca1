/*
 * verify_totals.c: cop_verify's check of the leaderboard period totals
 * against the ledger.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- verifying the period totals -------------------------------------------------- */

typedef struct tot {
	int period;
	int64_t start, points;
	char tag[64];
	int seen;
} tot;

typedef struct tots {
	tot *v;
	size_t n, cap;
	cop_id member;
	int have;
} tots;

static int tots_add(cop_store *s, tots *t, int period, int64_t start,
	const char *tag, int64_t points)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].period == period && t->v[i].start == start &&
		    !strcmp(t->v[i].tag, tag)) {
			t->v[i].points += points;
			return COP_OK;
		}
	if (cop__grow(s, &t->v, t->n, &t->cap, sizeof(*t->v),
		32) != COP_OK)
		return COP_ENOMEM;
	memset(&t->v[t->n], 0, sizeof(t->v[0]));
	t->v[t->n].period = period;
	t->v[t->n].start = start;
	snprintf(t->v[t->n].tag, sizeof(t->v[0].tag), "%s", tag);
	t->v[t->n].points = points;
	t->n++;
	return COP_OK;
}

typedef struct tot_add {
	cop_store *s;
	tots *t;
	int64_t points;
} tot_add;

static int tot_add_one(int per, int64_t start, const char *tag, void *arg)
{
	tot_add *a = arg;

	return tots_add(a->s, a->t, per, start, tag, a->points);
}

/* Add one ledger entry's points to its totals (those
 * cop__rec_totals_add() adds to). */
static int tots_entry(cop_store *s, tots *t, const char *tags, cop_time time,
	int64_t points)
{
	tot_add a;

	a.s = s;
	a.t = t;
	a.points = points;
	return cop__rec_totals_each(tags, time, tot_add_one, &a);
}

typedef struct vflush {
	const cop_community_rec *c;
	tots *t;
	cop_verify_report *rep;
	int *diffs;
	const char *a;               /* the member's id, formatted */
} vflush;

/* A stored total against the ledger's. */
static int vflush_row(cop_store *s, void *rec, void *arg)
{
	const cop_total_rec *r = rec;
	vflush *v = arg;
	tots *t = v->t;
	int per = r->period;
	int64_t start = r->start, pts = r->points, want = 0;
	const char *tag = r->tag ? r->tag : "";
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].period == per && t->v[i].start == start &&
		    !strcmp(t->v[i].tag, tag)) {
			t->v[i].seen = 1;
			want = t->v[i].points;
			break;
		}
	if (pts == want)
		return COP_OK;
	(*v->diffs)++;
	return cop__rec_report_add(s, v->rep, "%s: member %s: %s total from %"
		PRId64 "%s%s: %" PRId64 ", ledger gives %" PRId64,
		v->c->slug, v->a, cop_period_name((cop_period)(per < 0 || per > 4 ? 4 : per)),
		start, *tag ? " tag " : "", tag, pts, want);
}

/* Compare a member's expected totals with the stored ones. */
static int tots_flush(cop_store *s, const cop_community_rec *c, tots *t,
	cop_verify_report *rep, int *diffs)
{
	cop_backend_iter *it;
	vflush v;
	char a[37];
	size_t i;
	int rc;

	if (!t->have)
		return COP_OK;
	cop_id_format(a, &t->member);
	v.c = c;
	v.t = t;
	v.rep = rep;
	v.diffs = diffs;
	v.a = a;
	rc = REC_T(s)->total_list(s->be, &c->id, &t->member, &it);
	if ((rc = cop__rec_each(s, rc, it, COP_REC_TOTAL, vflush_row, &v,
			NULL)) != COP_OK)
		return rc;
	for (i = 0; i < t->n; i++)
		if (!t->v[i].seen && t->v[i].points != 0) {
			(*diffs)++;
			if ((rc = cop__rec_report_add(s, rep, "%s: member %s: %s total from %"
					PRId64 "%s%s missing, ledger gives %" PRId64, c->slug, a,
					cop_period_name((cop_period)t->v[i].period), t->v[i].start,
					*t->v[i].tag ? " tag " : "", t->v[i].tag,
					t->v[i].points)) != COP_OK)
				return rc;
		}
	t->n = 0;
	t->have = 0;
	return COP_OK;
}

typedef struct vtot {
	const cop_community_rec *c;
	cop_verify_report *rep;
	int *diffs;
	tots t;
} vtot;

/* One ledger entry: a new member's first flushes the previous member. */
static int vtot_entry(cop_store *s, const cop__rec_entry *e, void *arg)
{
	vtot *v = arg;
	int rc;

	if (v->t.have && !cop__same_id(&e->member, &v->t.member) &&
	    (rc = tots_flush(s, v->c, &v->t, v->rep, v->diffs)) != COP_OK)
		return rc;
	v->t.member = e->member;
	v->t.have = 1;
	if (e->points != 0)
		return tots_entry(s, &v->t, e->tags, e->time, e->points);
	return COP_OK;
}

/* Recompute every member's period totals from the ledger and compare. */
int cop__rec_verify_totals(cop_store *s, const cop_community_rec *c,
	cop_verify_report *rep, int *diffs)
{
	vtot v;
	int rc;

	memset(&v, 0, sizeof(v));
	v.c = c;
	v.rep = rep;
	v.diffs = diffs;
	rc = cop__rec_ledger_scan(s, &c->id, 500, vtot_entry, NULL, &v);
	if (rc == COP_OK)
		rc = tots_flush(s, c, &v.t, rep, diffs);
	cop_free(v.t.v);
	return rc;
}
