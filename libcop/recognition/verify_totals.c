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
	char tag[40];
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
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		tot *v = cop_realloc(t->v, cap * sizeof(*v));
		if (!v)
			return cop__error(s, COP_ENOMEM, "out of memory");
		t->v = v;
		t->cap = cap;
	}
	memset(&t->v[t->n], 0, sizeof(t->v[0]));
	t->v[t->n].period = period;
	t->v[t->n].start = start;
	snprintf(t->v[t->n].tag, sizeof(t->v[0].tag), "%s", tag);
	t->v[t->n].points = points;
	t->n++;
	return COP_OK;
}

/* Add one ledger entry's points to its totals (as cop__rec_totals_add()
 * does). */
static int tots_entry(cop_store *s, tots *t, const char *tags, cop_time time,
	int64_t points)
{
	char tag[40];
	const char *q;
	int per, rc;

	for (per = 0; per <= COP_PERIOD_ALL; per++) {
		int64_t start = cop_period_start((cop_period)per, time);
		if ((rc = tots_add(s, t, per, start, "", points)) != COP_OK)
			return rc;
		for (q = tags; q && *q; ) {
			size_t n = strcspn(q, " ");
			if (n > 0 && n < sizeof(tag)) {
				memcpy(tag, q, n);
				tag[n] = '\0';
				if ((rc = tots_add(s, t, per, start, tag, points)) != COP_OK)
					return rc;
			}
			q += n;
			while (*q == ' ')
				q++;
		}
	}
	return COP_OK;
}

/* Compare a member's expected totals with the stored ones. */
static int tots_flush(cop_store *s, const cop_community_rec *c, tots *t,
	cop_verify_report *rep, int *diffs)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[2];
	char a[37];
	size_t i;
	int rc;

	if (!t->have)
		return COP_OK;
	cop_id_format(a, &t->member);
	p[0] = cop__v_id(&c->id);
	p[1] = cop__v_id(&t->member);
	if ((rc = rop_rows(s, COP_ROP_TOTAL_MEMBER, p, 2, &it)) != COP_OK)
		return rc;
	while ((rc = rop_next(s, it, &row)) == COP_OK) {
		int per = (int)cop__r_int(&row, 0);
		int64_t start = cop__r_int(&row, 1), pts = cop__r_int(&row, 3), want = 0;
		const char *tag = cop__r_text(&row, 2) ? cop__r_text(&row, 2) : "";
		for (i = 0; i < t->n; i++)
			if (t->v[i].period == per && t->v[i].start == start &&
			    !strcmp(t->v[i].tag, tag)) {
				t->v[i].seen = 1;
				want = t->v[i].points;
				break;
			}
		if (pts != want) {
			(*diffs)++;
			if ((rc = cop__rec_report_add(s, rep, "%s: member %s: %s total from %"
					PRId64 "%s%s: %" PRId64 ", ledger gives %" PRId64,
					c->slug, a, cop_period_name((cop_period)(per < 0 || per > 4 ? 4 : per)),
					start, *tag ? " tag " : "", tag, pts, want)) != COP_OK)
				break;
		}
	}
	it->free(it);
	if (rc != COP_ITEROVER)
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

/* Recompute every member's period totals from the ledger and compare. */
int cop__rec_verify_totals(cop_store *s, const cop_community_rec *c,
	cop_verify_report *rep, int *diffs)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[5];
	cop_id am, ai;
	int64_t at = INT64_MIN;
	tots t;
	int rc = COP_OK, more = 1;

	memset(&t, 0, sizeof(t));
	memset(&am, 0, sizeof(am));
	memset(&ai, 0, sizeof(ai));
	while (more && rc == COP_OK) {
		int got = 0;
		p[0] = cop__v_id(&c->id);
		p[1] = cop__v_id(&am);
		p[1].type = COP_VAL_KEY;
		p[2] = cop__v_int(at);
		p[3] = cop__v_id(&ai);
		p[3].type = COP_VAL_KEY;
		p[4] = cop__v_int(500);
		if ((rc = rop_rows(s, COP_ROP_LEDGER_SCAN, p, 5, &it)) != COP_OK)
			break;
		while ((rc = rop_next(s, it, &row)) == COP_OK) {
			cop_id mid = cop__r_id(&row, 2);
			got++;
			if (t.have && !cop__same_id(&mid, &t.member) &&
			    (rc = tots_flush(s, c, &t, rep, diffs)) != COP_OK)
				break;
			t.member = mid;
			t.have = 1;
			am = mid;
			at = cop__r_int(&row, 8);
			ai = cop__r_id(&row, 0);
			if (cop__r_int(&row, 3) != 0 &&
			    (rc = tots_entry(s, &t, cop__r_text(&row, 9), at,
					cop__r_int(&row, 3))) != COP_OK)
				break;
		}
		it->free(it);
		if (rc != COP_ITEROVER)
			break;
		rc = COP_OK;
		more = got == 500;
	}
	if (rc == COP_OK)
		rc = tots_flush(s, c, &t, rep, diffs);
	cop_free(t.v);
	return rc;
}
