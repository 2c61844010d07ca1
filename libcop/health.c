/*
 * health.c: the health report's figures (include/cop/health.h,
 * docs/health.md), computed from the roll-ups the backend's health table
 * reads (sys/backend.h, cop_backend_health; the SQL backends keep them
 * with triggers, sql/schema.h), and their check in cop_verify().  The
 * JSON document is written by health_json.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "health_figures.h"
#include "recognition/recognition_int.h"
#include "cop/facilitation.h"
#include "cop/funding.h"
#include "cop/recognition.h"

#define DAY_MS 86400000LL

const int cop__health_bucket_max[COP__H_BUCKETS] = { 1, 4, 24, 72, 168, 0 };
const char *const cop__health_bucket_label[COP__H_BUCKETS] = {
	"under 1 h", "1 to 4 h", "4 to 24 h", "1 to 3 days", "3 to 7 days",
	"over 7 days"
};

static int table_get(cop_store *s, const cop_backend_health **out)
{
	return COP__FEATURE_GET(s, out, health, cop__sql_health, "health");
}

/* ---- days ------------------------------------------------------------------ */

void cop__health_day_text(char *buf, int64_t day)
{
	int64_t y;
	int m, d;

	cop__civil_from_days(day, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02d-%02d", (int)y, m, d);
}

/* "YYYY-MM-DD" into a day: COP_EINVAL naming @p what otherwise. */
static int day_parse(cop_store *s, const char *text, const char *what,
	int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int y, m, d, i, leap;

	for (i = 0; text[i]; i++)
		if (i >= 10 || (i == 4 || i == 7 ? text[i] != '-' :
		    text[i] < '0' || text[i] > '9'))
			break;
	if (i != 10 || text[i])
		return cop__error(s, COP_EINVAL, "%s is not a date "
			"(YYYY-MM-DD)", what);
	y = atoi(text);
	m = atoi(text + 5);
	d = atoi(text + 8);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !leap) || y < 1970)
		return cop__error(s, COP_EINVAL, "%s is not a date "
			"(YYYY-MM-DD)", what);
	*out = cop__days_from_civil(y, m, d);
	return COP_OK;
}

static int64_t day_of(cop_time t)
{
	return t >= 0 ? t / DAY_MS : -((-t + DAY_MS - 1) / DAY_MS);
}

/* ---- members ------------------------------------------------------------- */

typedef struct hmember {
	cop_id id;
	char *org;
	int64_t first;            /* first counted contribution; INT64_MAX */
	int64_t c;                /* contributions in the period */
	int64_t units;            /* units with activity in the period */
	unsigned char *bits;      /* which (allocated at the first) */
	int before, last90, retained;
} hmember;

typedef struct hwork {
	cop_store *s;
	cop__health *h;
	hmember *m;
	size_t n, cap;
	int sorted;
	int64_t *q;               /* response times (ms) */
	size_t nq, capq;
	cop_id last_event;
	int64_t attended, absent;
	int err;
} hwork;

static int id_cmp(const void *a, const void *b)
{
	return memcmp(&((const hmember *)a)->id, &((const hmember *)b)->id,
		sizeof(cop_id));
}

static hmember *member_find(hwork *w, const cop_id *id)
{
	hmember key;

	if (!w->n)
		return NULL;
	key.id = *id;
	return bsearch(&key, w->m, w->n, sizeof(*w->m), id_cmp);
}

static hmember *member_add(hwork *w, const cop_id *id)
{
	hmember *m;

	if (cop__grow(w->s, &w->m, w->n, &w->cap, sizeof(*w->m), 64) != COP_OK)
		return NULL;
	m = &w->m[w->n++];
	memset(m, 0, sizeof(*m));
	m->id = *id;
	m->first = INT64_MAX;
	return m;
}

static int on_member(void *arg, const cop_health_member_rec *r)
{
	hwork *w = arg;
	hmember *m = member_add(w, &r->member_id);

	if (!m)
		return COP_ENOMEM;
	m->first = r->first_day;
	if (r->organisation && *r->organisation &&
	    !(m->org = cop_strdup(r->organisation)))
		return cop__error(w->s, COP_ENOMEM, "out of memory");
	return COP_OK;
}

/* The unit of day @p d in the period. */
static int64_t unit_of(const cop__health *h, int64_t d)
{
	int64_t y0, y;
	int m0, m, dd;

	if (h->weekly)
		return (d - h->d0) / 7;
	cop__civil_from_days(h->d0, &y0, &m0, &dd);
	cop__civil_from_days(d, &y, &m, &dd);
	return (y * 12 + m) - (y0 * 12 + m0);
}

/* Activity of member @p m on day @p d (@p n contributions). */
static int activity(hwork *w, hmember *m, int64_t d, int64_t n)
{
	cop__health *h = w->h;
	int64_t u;

	if (d < h->d0)
		m->before = 1;
	if (d >= h->d1 - (COP_HEALTH_QUIET_DAYS - 1) && d <= h->d1)
		m->last90 = 1;
	if (d < h->d0 || d > h->d1)
		return COP_OK;
	m->c += n;
	if (n > 0 && d > m->first)
		m->retained = 1;
	u = unit_of(h, d);
	if (u < 0 || (size_t)u >= h->nunits)
		return COP_OK;
	if (!m->bits && !(m->bits = cop_mallocz((h->nunits + 7) / 8)))
		return cop__error(w->s, COP_ENOMEM, "out of memory");
	if (!(m->bits[u / 8] & (1u << (u % 8)))) {
		m->bits[u / 8] |= (unsigned char)(1u << (u % 8));
		m->units++;
		h->units[u].active++;
	}
	return COP_OK;
}

static int on_mday(void *arg, const cop_health_mday_rec *r)
{
	hwork *w = arg;
	hmember *m = member_find(w, &r->member_id);

	return m ? activity(w, m, r->day, r->contributions) : COP_OK;
}

static int on_day(void *arg, const cop_health_day_rec *r)
{
	hwork *w = arg;
	cop__health *h = w->h;
	int64_t u = unit_of(h, r->day);

	h->contributions += r->contributions;
	h->authored += r->authored;
	h->questions += r->questions;
	if (u >= 0 && (size_t)u < h->nunits)
		h->units[u].contributions += r->contributions;
	return COP_OK;
}

static int on_question(void *arg, const cop_health_question_rec *r)
{
	hwork *w = arg;
	cop__health *h = w->h;

	if (r->answered)
		h->answered_share.v++;
	if (r->accepted)
		h->accepted_share.v++;
	if (!r->responded) {
		h->unresponded++;
		return COP_OK;
	}
	if (cop__grow(w->s, &w->q, w->nq, &w->capq, sizeof(*w->q), 64) != COP_OK)
		return COP_ENOMEM;
	w->q[w->nq++] = r->responded > r->created ? r->responded - r->created
		: 0;
	return COP_OK;
}

/* Attendance, in two passes: first only the members who attended
 * (w->sorted 0: added), then their activity and the events' counts. */
static int on_attend(void *arg, const cop_health_attend_rec *r)
{
	hwork *w = arg;
	cop__health *h = w->h;
	int64_t d = day_of(r->starts);
	int attended = r->attendance == COP_ATTENDANCE_ATTENDED &&
		!cop__same_id(&r->member_id, &cop__nil_id);
	hmember *m;

	if (!w->sorted) {
		if (attended && d <= h->d1 && !member_find(w, &r->member_id)) {
			/* Kept sorted as they come: few members only attend. */
			if (!member_add(w, &r->member_id))
				return COP_ENOMEM;
			qsort(w->m, w->n, sizeof(*w->m), id_cmp);
		}
		return COP_OK;
	}
	if (d >= h->d0 && d <= h->d1) {
		if (!cop__same_id(&r->event_id, &w->last_event))
			h->events_held++;
		w->last_event = r->event_id;
		if (r->attendance == COP_ATTENDANCE_ATTENDED)
			w->attended++;
		else if (r->attendance == COP_ATTENDANCE_ABSENT)
			w->absent++;
	}
	if (attended && (m = member_find(w, &r->member_id)) != NULL)
		return activity(w, m, d, 0);
	return COP_OK;
}

/* ---- the figures ---------------------------------------------------------- */

static int i64_desc(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The fewest of the counts @p v (sorted decreasing) making at least half
 * of @p total. */
static cop__health_num fewest_half(const int64_t *v, size_t n, int64_t total)
{
	cop__health_num r = { 0, 0 };
	int64_t sum = 0;
	size_t i;

	if (total <= 0)
		return r;
	for (i = 0; i < n; i++) {
		sum += v[i];
		if (2 * sum >= total)
			break;
	}
	r.has = 1;
	r.v = (double)(i + 1);
	return r;
}

static cop__health_num share_top(const int64_t *v, size_t n, int64_t total,
	int percent)
{
	cop__health_num r = { 0, 0 };
	size_t k = (n * (size_t)percent + 99) / 100, i;
	int64_t sum = 0;

	if (total <= 0 || !n)
		return r;
	for (i = 0; i < k && i < n; i++)
		sum += v[i];
	r.has = 1;
	r.v = (double)sum / (double)total;
	return r;
}

static int org_cmp(const void *a, const void *b)
{
	const hmember *x = *(const hmember *const *)a;
	const hmember *y = *(const hmember *const *)b;

	if (!x->org || !y->org)
		return x->org ? -1 : y->org ? 1 : 0;
	return strcmp(x->org, y->org);
}

/* The members' figures: levels, shares, absence factors, retention. */
static int member_figures(hwork *w)
{
	cop__health *h = w->h;
	int64_t *v = NULL, U = (int64_t)h->nunits, half;
	hmember **byorg = NULL;
	size_t i, nv = 0, no = 0, newcomers = 0, retained = 0;

	half = h->d0 + (h->d1 - h->d0 + 1) / 2;  /* the first day after */
	if (w->n && (!(v = cop_malloc(w->n * sizeof(*v))) ||
	    !(byorg = cop_malloc(w->n * sizeof(*byorg))))) {
		cop_free(v);
		return cop__error(w->s, COP_ENOMEM, "out of memory");
	}
	for (i = 0; i < w->n; i++) {
		hmember *m = &w->m[i];
		int in = m->units > 0;
		if (m->first <= h->d1 || in || m->before)
			h->ever++;
		if (in) {
			h->active_members++;
			if (m->c >= COP_HEALTH_CORE_CONTRIBUTIONS &&
			    2 * m->units >= U)
				h->core++;
			else if (m->c >= COP_HEALTH_ACTIVE_CONTRIBUTIONS ||
			    4 * m->units >= U)
				h->active++;
			else
				h->peripheral++;
		} else if (m->before || m->first < h->d0) {
			h->inactive++;
		}
		if (m->first >= h->d0 && m->first <= h->d1) {
			int64_t u = unit_of(h, m->first);
			h->new_contributors++;
			if ((size_t)u < h->nunits)
				h->units[u].fresh++;
		}
		if (m->first < h->d1 - (COP_HEALTH_QUIET_DAYS - 1) && !m->last90)
			h->inactive_contributors++;
		if (m->first >= h->d0 && m->first < half) {
			newcomers++;
			retained += m->retained != 0;
		}
		if (m->c > 0) {
			v[nv++] = m->c;
			byorg[no++] = m;
		}
	}
	if (nv > 1)
		qsort(v, nv, sizeof(*v), i64_desc);
	h->top1 = share_top(v, nv, h->authored, 1);
	h->top10 = share_top(v, nv, h->authored, 10);
	h->absence = fewest_half(v, nv, h->authored);
	/* By organisation: a member without one is an organisation alone. */
	if (no > 1)
		qsort(byorg, no, sizeof(*byorg), org_cmp);
	for (i = 0, nv = 0; i < no; i++) {
		if (i > 0 && byorg[i]->org && byorg[i - 1]->org &&
		    !strcmp(byorg[i]->org, byorg[i - 1]->org))
			v[nv - 1] += byorg[i]->c;
		else
			v[nv++] = byorg[i]->c;
	}
	if (nv > 1)
		qsort(v, nv, sizeof(*v), i64_desc);
	h->absence_org = fewest_half(v, nv, h->authored);
	if (newcomers) {
		h->retention.has = 1;
		h->retention.v = (double)retained / (double)newcomers;
	}
	cop_free(v);
	cop_free(byorg);
	return COP_OK;
}

/* Put the k-th smallest of @p v[0..n) (k from 0) at v[k], the smaller
 * ones before it and the larger after: Hoare's selection, in time linear
 * on average (equal values split evenly), without sorting them all. */
static void select_kth(int64_t *v, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k, i, j;
	int64_t a, b, c, p, t;

	/* Wirth's "find", the pivot the median of three. */
	while (lo < hi) {
		a = v[lo];
		b = v[lo + (hi - lo) / 2];
		c = v[hi];
		p = a < b ? (b < c ? b : a < c ? c : a) :
			(a < c ? a : b < c ? c : b);
		i = lo;
		j = hi;
		do {
			while (v[i] < p)
				i++;
			while (p < v[j])
				j--;
			if (i <= j) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
		} while (i <= j);
		if (j < kk)
			lo = i;
		if (kk < i)
			hi = j;
	}
}

/* The response times' figures from w->q. */
static void response_figures(hwork *w)
{
	cop__health *h = w->h;
	size_t i, n = w->nq, k50, k90;
	int b;

	h->responded = (int64_t)n;
	if (h->questions > 0 || n || h->unresponded) {
		int64_t nq = (int64_t)n + h->unresponded;
		h->answered_share.has = h->accepted_share.has = nq > 0;
		if (nq > 0) {
			h->answered_share.v /= (double)nq;
			h->accepted_share.v /= (double)nq;
		}
	}
	if (!n)
		return;
	/* The nearest ranks: the 90th first, then the median among the
	 * values at or below it. */
	k90 = (n * 90 + 99) / 100 - 1;
	k50 = (n * 50 + 99) / 100 - 1;
	select_kth(w->q, n, k90);
	select_kth(w->q, k90 + 1, k50);
	h->median.has = h->p90.has = 1;
	h->median.v = (double)w->q[k50] / 3600000.0;
	h->p90.v = (double)w->q[k90] / 3600000.0;
	for (i = 0; i < n; i++) {
		for (b = 0; b < COP__H_BUCKETS - 1; b++)
			if (w->q[i] < (int64_t)cop__health_bucket_max[b] * 3600000)
				break;
		h->bucket[b]++;
	}
}

static void evidence(cop__health *h, const char *fmt, ...)
	COP__PRINTF(2, 3);
static void evidence(cop__health *h, const char *fmt, ...)
{
	va_list ap;

	if (h->nevidence >= 3)
		return;
	va_start(ap, fmt);
	vsnprintf(h->evidence[h->nevidence++], sizeof(h->evidence[0]), fmt, ap);
	va_end(ap);
}

/* The stage, by the first rule that holds (docs/health.md). */
static void stage(cop__health *h, int64_t recent)
{
	char to[11], first[11];

	cop__health_day_text(to, h->d1);
	if (h->ever < 3) {
		h->stage = "potential";
		evidence(h, "%lld members have taken part by %s; a community "
			"needs at least 3.", (long long)h->ever, to);
	} else if (recent == 0) {
		h->stage = "dispersed";
		evidence(h, "Nobody took part in the %d days up to %s.",
			COP_HEALTH_QUIET_DAYS, to);
	} else if (h->first_day >= 0 &&
	    h->d1 - h->first_day < COP_HEALTH_YOUNG_DAYS) {
		cop__health_day_text(first, h->first_day);
		h->stage = "coalescing";
		evidence(h, "The first contribution was on %s, %lld days before "
			"%s (under %d).", first, (long long)(h->d1 - h->first_day),
			to, COP_HEALTH_YOUNG_DAYS);
	} else if (h->active_members > 0 &&
	    4 * h->new_contributors >= h->active_members) {
		h->stage = "maturing";
		evidence(h, "%lld of the %lld members active in the period "
			"contributed for the first time (a quarter or more): it is "
			"still growing.", (long long)h->new_contributors,
			(long long)h->active_members);
	} else {
		h->stage = "active";
		evidence(h, "%lld of the %lld members active in the period are "
			"new (under a quarter): its membership is settled.",
			(long long)h->new_contributors,
			(long long)h->active_members);
		if (h->absence.has)
			evidence(h, "Its absence factor is %.0f.", h->absence.v);
	}
}

/* The units of the period, each with its first day. */
static int units_make(cop_store *s, cop__health *h)
{
	int64_t y, d, n;
	int m, dd;
	size_t i;

	h->weekly = h->d1 - h->d0 + 1 <= COP_HEALTH_WEEKLY_DAYS;
	n = unit_of(h, h->d1) + 1;
	if (!(h->units = cop_mallocz((size_t)n * sizeof(*h->units))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	h->nunits = (size_t)n;
	for (i = 0; i < h->nunits; i++) {
		if (h->weekly) {
			h->units[i].start = h->d0 + 7 * (int64_t)i;
			continue;
		}
		if (i == 0) {
			h->units[i].start = h->d0;
			continue;
		}
		cop__civil_from_days(h->d0, &y, &m, &dd);
		d = (int64_t)m - 1 + (int64_t)i;
		h->units[i].start = cop__days_from_civil(y + d / 12,
			(int)(d % 12) + 1, 1);
	}
	return COP_OK;
}

/* The first day row's day into the int64_t @p arg, and stop. */
static int first_row(void *arg, const cop_health_day_rec *r)
{
	*(int64_t *)arg = r->day;
	return 1;
}

/* The community, the reader's right, the period. */
static int scope(cop_store *s, const cop_backend_health *t,
	const char *community, const char *from, const char *to,
	cop__health *h)
{
	cop__access acc;
	int64_t first = INT64_MAX;
	int rc;

	if ((rc = cop__community_resolve(s, community, &h->c, &acc)) != COP_OK ||
	    (rc = cop__moderator_check(s, &h->c.id, &acc,
			"read the health report")) != COP_OK)
		return rc;
	h->now = cop__now(s);
	h->d0 = day_of(h->c.created);
	h->d1 = day_of(h->now);
	if ((from && (rc = day_parse(s, from, "from", &h->d0)) != COP_OK) ||
	    (to && (rc = day_parse(s, to, "to", &h->d1)) != COP_OK))
		return rc;
	if (!from) {
		/* Its first day: its creation, or its first day row when that
		 * is earlier (an import keeps its rows' times); not after to. */
		rc = t->days(s->be, &h->c.id, INT64_MIN / 2, h->d1, first_row,
			&first);
		if (rc != COP_OK && rc != 1)
			return cop__be_error(s, rc, "reading the health roll-ups");
		if (first < h->d0)
			h->d0 = first;
		if (h->d0 > h->d1)
			h->d0 = h->d1;
	}
	if (h->d0 > h->d1)
		return cop__error(s, COP_EINVAL, "from is after to");
	return COP_OK;
}

/* Events, hours and funding through their own APIs. */
static int others(cop_store *s, const char *community, cop__health *h)
{
	cop_hours_report *hr = NULL;
	char m0[11], m1[11], day[11];
	int rc;

	cop__health_day_text(m0, h->d0);
	cop__health_day_text(m1, h->d1);
	m0[7] = m1[7] = '\0';
	rc = cop_hours_report_lookup(&hr, s, community, m0, m1,
		COP_HOURS_TOTAL);
	if (rc == COP_OK && cop_hours_report_count(hr) > 0) {
		h->hours_pledged = cop_hours_report_pledged(hr, 0);
		h->hours_given = cop_hours_report_given(hr, 0);
	}
	cop_hours_report_free(hr);
	if (rc != COP_OK && rc != COP_EPERM && rc != COP_ENOTSUP)
		return rc;
	cop__health_day_text(day, h->d1);
	rc = cop_fund_report_lookup(&h->funding, s, community, day, 0);
	if (rc != COP_OK && rc != COP_EPERM && rc != COP_ENOTSUP)
		return rc;
	cop__ok(s);
	return COP_OK;
}

int cop__health_compute(cop_store *s, const char *community,
	const char *from, const char *to, cop__health *h)
{
	const cop_backend_health *t;
	hwork w;
	int64_t lo, recent = 0;
	size_t i;
	int rc;

	memset(h, 0, sizeof(*h));
	memset(&w, 0, sizeof(w));
	h->first_day = -1;
	w.s = s;
	w.h = h;
	if ((rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = table_get(s, &t)) != COP_OK ||
	    (rc = scope(s, t, community, from, to, h)) != COP_OK ||
	    (rc = units_make(s, h)) != COP_OK)
		return rc;
	lo = h->d1 - (COP_HEALTH_QUIET_DAYS - 1);
	if (lo > h->d0)
		lo = h->d0;
	rc = t->days(s->be, &h->c.id, h->d0, h->d1, on_day, &w);
	if (rc == COP_OK)
		rc = t->members(s->be, &h->c.id, h->d1, on_member, &w);
	if (rc == COP_OK) {
		if (w.n > 1)
			qsort(w.m, w.n, sizeof(*w.m), id_cmp);
		for (i = 0; i < w.n; i++)
			if (h->first_day < 0 || w.m[i].first < h->first_day)
				h->first_day = w.m[i].first;
		rc = t->attendance(s->be, &h->c.id, (h->d1 + 1) * DAY_MS,
			on_attend, &w);
	}
	if (rc == COP_OK) {
		w.sorted = 1;
		rc = t->member_days(s->be, &h->c.id, lo, h->d1, on_mday, &w);
	}
	if (rc == COP_OK) {
		cop_time end = (h->d1 + 1) * DAY_MS;
		rc = t->attendance(s->be, &h->c.id, end < h->now + 1 ? end :
			h->now + 1, on_attend, &w);
	}
	if (rc == COP_OK)
		rc = t->questions(s->be, &h->c.id, h->d0 * DAY_MS,
			(h->d1 + 1) * DAY_MS, on_question, &w);
	if (rc != COP_OK)
		rc = cop__be_error(s, rc, "reading the health roll-ups");
	if (rc == COP_OK)
		rc = member_figures(&w);
	if (rc == COP_OK) {
		response_figures(&w);
		if (w.attended + w.absent > 0) {
			h->attendance_rate.has = 1;
			h->attendance_rate.v = (double)w.attended /
				(double)(w.attended + w.absent);
		}
		for (i = 0; i < w.n; i++)
			recent += w.m[i].last90 != 0;
		rc = cop_summary_coverage(&h->covered, &h->eligible, s, community);
		if (rc == COP_OK && h->eligible > 0) {
			h->coverage.has = 1;
			h->coverage.v = (double)h->covered / (double)h->eligible;
		}
	}
	if (rc == COP_OK)
		rc = others(s, community, h);
	if (rc == COP_OK)
		stage(h, recent);
	for (i = 0; i < w.n; i++) {
		cop_free(w.m[i].org);
		cop_free(w.m[i].bits);
	}
	cop_free(w.m);
	cop_free(w.q);
	return rc;
}

void cop__health_clear(cop__health *h)
{
	cop_rec_clear(COP_REC_COMMUNITY, &h->c);
	cop_free(h->units);
	cop_fund_report_free(h->funding);
	h->units = NULL;
	h->funding = NULL;
}

/* ---- cop_verify ---------------------------------------------------------- */

typedef struct vctx {
	cop_store *s;
	const cop_community_rec *c;
	cop_verify_report *rep;
} vctx;

static int on_check(void *arg, const cop_health_check_rec *r)
{
	static const char *const what[] = {
		"missing or different (the facts give",
		"stored but the facts differ (stored",
		"missing or different (the facts give",
		"stored but the facts differ (stored"
	};
	vctx *v = arg;
	char day[11], mid[37];

	cop__health_day_text(day, r->day);
	if (r->which < 2)
		return cop__rec_report_add(v->s, v->rep, "%s: health roll-up "
			"cop_health_day %s: %s contributions %lld, authored %lld, "
			"questions %lld)", v->c->slug, day, what[r->which & 3],
			(long long)r->contributions, (long long)r->authored,
			(long long)r->questions);
	cop_id_format(mid, &r->member_id);
	if (r->which >= 6)
		return cop__rec_report_add(v->s, v->rep, "%s: health roll-up "
			"cop_health_member member %s: %s first day %s, or another "
			"organisation)", v->c->slug, mid, what[r->which & 3], day);
	if (r->which >= 4)
		return cop__rec_report_add(v->s, v->rep, "%s: health roll-up "
			"cop_health_question thread %s (created %s): %s first "
			"response after %lld ms (-1: none), answered %lld, accepted "
			"%lld)", v->c->slug, mid, day, what[r->which & 3],
			(long long)r->contributions, (long long)r->authored,
			(long long)r->questions);
	return cop__rec_report_add(v->s, v->rep, "%s: health roll-up "
		"cop_health_member_day %s member %s: %s contributions %lld)",
		v->c->slug, day, mid, what[r->which & 3],
		(long long)r->contributions);
}

int cop__health_verify(cop_store *s, const cop_community_rec *c,
	cop_verify_report *rep)
{
	const cop_backend_health *t = COP__FEATURE(s, health, cop__sql_health);
	vctx v;
	int rc;

	if (!t)
		return COP_OK;
	v.s = s;
	v.c = c;
	v.rep = rep;
	rc = t->verify(s->be, &c->id, on_check, &v);
	if (rc != COP_OK)
		rc = cop__be_error(s, rc, "checking the health roll-ups");
	return rc;
}
