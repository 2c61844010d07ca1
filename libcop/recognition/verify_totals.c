/*
 * verify_totals.c: the points that count, member by member: a member's
 * reputation and leaderboard period totals against the ledger entries on
 * objects nobody has hidden (cop_verify's check and repair, and the
 * recount after a thread or contribution is hidden or shown again).
 * See recognition_int.h and docs/recognition.md ("Hidden content").
 */
#include "recognition_int.h"

/* The reader who sees only what everyone sees: a member of nothing and
 * the author of nothing, so that the backend's ledger listing for a
 * reader (cop_recognition_query.viewer) leaves out exactly the entries
 * on a hidden thread, on a hidden contribution, and on a vote or kudos
 * on one (visibility.h's COP_SQL_OBJ_HIDDEN).  The ids this library
 * makes (UUIDs, their version bits set) never have every bit set. */
static const cop_id nobody = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

/* ---- one member's period totals ---------------------------------------------------- */

typedef struct tot {
	int period;
	int64_t start;
	int64_t points;              /* as the ledger gives it */
	int64_t stored;              /* as stored */
	char tag[64];
} tot;

typedef struct tots {
	tot *v;
	size_t n, cap;
	int64_t sum;                 /* the entries' points */
} tots;

/* The total (@p period, @p start, @p tag), made (0 points) when new:
 * its index into t->v in *at. */
static int tots_find(cop_store *s, tots *t, int period, int64_t start,
	const char *tag, size_t *at)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].period == period && t->v[i].start == start &&
		    !strcmp(t->v[i].tag, tag)) {
			*at = i;
			return COP_OK;
		}
	if (cop__grow(s, &t->v, t->n, &t->cap, sizeof(*t->v),
		32) != COP_OK)
		return COP_ENOMEM;
	memset(&t->v[t->n], 0, sizeof(t->v[0]));
	t->v[t->n].period = period;
	t->v[t->n].start = start;
	snprintf(t->v[t->n].tag, sizeof(t->v[0].tag), "%s", tag);
	*at = t->n++;
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
	size_t i;
	int rc = tots_find(a->s, a->t, per, start, tag, &i);

	if (rc == COP_OK)
		a->t->v[i].points += a->points;
	return rc;
}

/* One ledger entry of the member's that counts: its points in its
 * totals (those cop__rec_totals_add() adds to) and in the sum. */
static int tots_entry(cop_store *s, void *rec, void *arg)
{
	const cop_ledger_rec *r = rec;
	tot_add a;

	a.s = s;
	a.t = arg;
	a.points = r->points;
	a.t->sum += r->points;
	if (r->points == 0)
		return COP_OK;
	return cop__rec_totals_each(r->tags, r->time, tot_add_one, &a);
}

/* One stored total of the member's. */
static int tots_stored(cop_store *s, void *rec, void *arg)
{
	const cop_total_rec *r = rec;
	size_t i;
	int rc = tots_find(s, arg, r->period, r->start, r->tag ? r->tag : "",
		&i);

	if (rc == COP_OK)
		((tots *)arg)->v[i].stored = r->points;
	return rc;
}

/* ---- checking and setting right ----------------------------------------------------- */

typedef struct pcheck {
	const cop_community_rec *c;
	cop_verify_report *rep;      /* NULL: no report */
	int fix;                     /* COP__REC_POINTS_* */
	int *diffs;
	tots t;
	standing *st;                /* a page of standings */
	size_t n, cap;
	cop_id after;                /* the standings' keyset */
} pcheck;

static int page_standing(cop_store *s, void *rec, void *arg)
{
	pcheck *p = arg;

	if (cop__grow(s, &p->st, p->n, &p->cap, sizeof(*p->st), 64) != COP_OK)
		return COP_ENOMEM;
	p->st[p->n++] = *(const standing *)rec;
	p->after = ((const standing *)rec)->member_id;
	return COP_OK;
}

static int report(cop_store *s, pcheck *p, const char *a, const tot *e)
{
	int per = e->period < 0 || e->period > 4 ? 4 : e->period;

	(*p->diffs)++;
	if (!p->rep)
		return COP_OK;
	if (e->stored == 0)
		return cop__rec_report_add(s, p->rep, "%s: member %s: %s total "
			"from %" PRId64 "%s%s missing, ledger gives %" PRId64,
			p->c->slug, a, cop_period_name((cop_period)per), e->start,
			*e->tag ? " tag " : "", e->tag, e->points);
	return cop__rec_report_add(s, p->rep, "%s: member %s: %s total from %"
		PRId64 "%s%s: %" PRId64 ", ledger gives %" PRId64, p->c->slug, a,
		cop_period_name((cop_period)per), e->start, *e->tag ? " tag " : "",
		e->tag, e->stored, e->points);
}

/* Member @p st's reputation and totals: the ledger's against the stored
 * ones, each difference reported and (as p->fix says) set right. */
static int member_check(cop_store *s, pcheck *p, standing *st)
{
	const cop_backend_recognition *rt = REC_T(s);
	const cop_recognition_query q = { p->c->id, st->member_id, 0, 0,
		{ { 0 } }, 0, &nobody };
	cop_backend_iter *it;
	cop_total_rec tr;
	char a[37];
	size_t i;
	int rc;

	p->t.n = 0;
	p->t.sum = 0;
	cop_id_format(a, &st->member_id);
	rc = rt->ledger_list(s->be, &q, &it);
	rc = cop__rec_each(s, rc, it, COP_REC_LEDGER, tots_entry, &p->t, NULL);
	if (rc == COP_OK) {
		rc = rt->total_list(s->be, &p->c->id, &st->member_id, &it);
		rc = cop__rec_each(s, rc, it, COP_REC_TOTAL, tots_stored, &p->t,
			NULL);
	}
	if (rc == COP_OK && (p->fix & COP__REC_POINTS_REP) &&
	    st->reputation != REP_INITIAL + p->t.sum) {
		(*p->diffs)++;
		if (p->rep)
			rc = cop__rec_report_add(s, p->rep, "%s: member %s: "
				"reputation %" PRId64 ", ledger gives %" PRId64,
				p->c->slug, a, st->reputation,
				REP_INITIAL + p->t.sum);
		if (rc == COP_OK && (p->fix & COP__REC_POINTS_SET)) {
			st->reputation = REP_INITIAL + p->t.sum;
			rc = cop__rec_standing_write(s, st);
		}
	}
	memset(&tr, 0, sizeof(tr));
	tr.community_id = p->c->id;
	tr.member_id = st->member_id;
	for (i = 0; i < p->t.n && rc == COP_OK; i++) {
		tot *e = &p->t.v[i];
		if (e->stored == e->points)
			continue;
		if ((rc = report(s, p, a, e)) != COP_OK ||
		    !(p->fix & COP__REC_POINTS_SET))
			continue;
		tr.period = e->period;
		tr.start = e->start;
		tr.tag = e->tag;
		tr.points = e->points - e->stored;
		rc = cop__rec_be(s, rt->total_add(s->be, &tr));
	}
	return rc;
}

int cop__rec_points_check(cop_store *s, const cop_community_rec *c,
	cop_verify_report *rep, int fix, int *diffs)
{
	pcheck p;
	size_t got = 500, i;
	int rc = COP_OK, dummy = 0;

	memset(&p, 0, sizeof(p));
	p.c = c;
	p.rep = rep;
	p.fix = fix;
	p.diffs = diffs ? diffs : &dummy;
	/* Page by page: the standings read, their listing closed, then each
	 * member's ledger and totals read and set right (a statement
	 * reading a table is not used to write it). */
	while (rc == COP_OK && got == 500) {
		cop_backend_iter *it;
		p.n = 0;
		rc = REC_T(s)->standing_list(s->be, &c->id, &p.after, 500, &it);
		rc = cop__rec_each(s, rc, it, COP_REC_STANDING, page_standing, &p,
			&got);
		for (i = 0; i < p.n && rc == COP_OK; i++)
			rc = member_check(s, &p, &p.st[i]);
	}
	cop_free(p.st);
	cop_free(p.t.v);
	return rc;
}

/* Only the members with entries on @p object's content: their
 * standings read in one statement (the backend's ledger_standings), the
 * listing closed, then each member checked.  COP_ENOTSUP (nothing done)
 * from a backend that has no such listing. */
static int object_check(cop_store *s, pcheck *p, const cop_id *object)
{
	const cop_backend_recognition *rt = REC_T(s);
	cop_backend_iter *it = NULL;
	size_t i;
	int rc;

	if (rt->version < 4 || !rt->ledger_standings)
		return COP_ENOTSUP;
	rc = rt->ledger_standings(s->be, &p->c->id, object, &it);
	/* A backend of versions 2 to 5 serves its table over its rop(),
	 * which may not know the operation. */
	if (rc == COP_ENOTSUP)
		return rc;
	rc = cop__rec_each(s, rc, it, COP_REC_STANDING, page_standing, p, NULL);
	for (i = 0; i < p->n && rc == COP_OK; i++)
		rc = member_check(s, p, &p->st[i]);
	return rc;
}

int cop__recognition_points(cop_store *s, const cop_id *cid,
	const cop_id *object, int fix)
{
	cop_community_rec c;
	pcheck p;
	int rc, diffs = 0;

	if (!HAS_REC(s))
		return COP_OK;
	memset(&c, 0, sizeof(c));
	c.id = *cid;
	c.slug = (char *)"";
	if (object) {
		memset(&p, 0, sizeof(p));
		p.c = &c;
		p.fix = fix | COP__REC_POINTS_SET;
		p.diffs = &diffs;
		rc = object_check(s, &p, object);
		cop_free(p.st);
		cop_free(p.t.v);
		if (rc != COP_ENOTSUP)
			return rc;
	}
	return cop__rec_points_check(s, &c, NULL, fix | COP__REC_POINTS_SET,
		NULL);
}
