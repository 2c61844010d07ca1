/*
 * funding.c: a community's funding ledger and its members' hours given
 * (include/cop/funding.h, docs/funding.md).
 *
 * The rules live here: who writes and sees the ledger, what an entry
 * and an hours report may hold, and what each figure means.  Every write
 * keeps the totals the figures are read from (per community, currency,
 * month and kind: the backend's fund_total) in its own transaction, so a
 * report reads a few hundred totals, never the entries, except those of
 * the report's own month up to its date.  The hours given are kept one
 * row per community, month and member, which is their total.  Storage
 * is the backend's funding table (sys/backend.h; the SQL backends:
 * sql/funding.c).
 */
#include <stdio.h>
#include <time.h>
#include "recognition/recognition_int.h"
#include "visibility.h"
#include "cop/funding.h"
#include "event_int.h"

static const char *const fund_kind_names[] = {
	"grant", "pledge", "income", "expense"
};
COP__ENUM_NAMES(cop_fund_kind, cop_fund_kind, fund_kind_names)

static const char *const fund_visibility_names[] = {
	"moderators", "members"
};
COP__ENUM_NAMES(cop_fund_visibility, cop_fund_visibility,
	fund_visibility_names)
/* visibility.h's COP_SQL_LOG_MODERATED_SEEN writes it as a number. */
_Static_assert(COP_FUND_MEMBERS == 1, "COP_SQL_LOG_MODERATED_SEEN");

static const char *const hours_by_names[] = {
	"total", "member", "organisation"
};
COP__ENUM_NAMES(cop_hours_by, cop_hours_by, hours_by_names)

#define COUNTERPARTY_MAX 200
#define NOTE_MAX 1000

/* The backend's funding table, or COP_ENOTSUP. */
static int table_get(cop_store *s, const cop_backend_funding **out)
{
	return COP__FEATURE_GET(s, out, funding, cop__sql_funding, "funding");
}

/* ---- dates and months ---------------------------------------------------------- */

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Today by the store's clock (UTC) as YYYYMMDD. */
static int64_t today(cop_store *s)
{
	time_t t = (time_t)(cop__now(s) / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	return (int64_t)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
		tm.tm_mday;
}

/* Digits p[0..n-1] as a number, or -1. */
static int digits(const char *p, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* "YYYY-MM-DD" (@p with_day) or "YYYY-MM" into YYYYMMDD or YYYYMM;
 * NULL: today or this month.  Years 1900 to 9999. */
static int parse_date(cop_store *s, const char *text, int with_day,
	int64_t *out)
{
	size_t len = with_day ? 10 : 7;
	int y, m, d = 1;

	if (!text) {
		*out = with_day ? today(s) : today(s) / 100;
		return COP_OK;
	}
	if (strlen(text) != len || text[4] != '-' ||
	    (with_day && text[7] != '-') ||
	    (y = digits(text, 4)) < 1900 || (m = digits(text + 5, 2)) < 1 ||
	    m > 12 || (with_day && ((d = digits(text + 8, 2)) < 1 ||
	    d > month_days(y, m))))
		return cop__error(s, COP_EINVAL, with_day ? "bad date '%.32s' "
			"(YYYY-MM-DD)" : "bad month '%.32s' (YYYY-MM)", text);
	*out = with_day ? (int64_t)y * 10000 + m * 100 + d :
		(int64_t)y * 100 + m;
	return COP_OK;
}

/* YYYYMMDD as text. */
static void date_text(char *buf, size_t n, int64_t day)
{
	snprintf(buf, n, "%04d-%02d-%02d", (int)(day / 10000),
		(int)(day / 100 % 100), (int)(day % 100));
}

/* Months since year 0 of YYYYMM, and back. */
static int64_t month_index(int64_t ym)
{
	return ym / 100 * 12 + ym % 100 - 1;
}

static int64_t month_of_index(int64_t i)
{
	return i / 12 * 100 + i % 12 + 1;
}

/* ---- who may do what -------------------------------------------------------- */

/* The community @p community resolved into *cid with the actor's access. */
static int community_get(cop_store *s, const char *community, cop_id *cid,
	cop__access *acc)
{
	cop_community_rec c;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = cop__community_resolve(s, community, &c, acc)) != COP_OK)
		return rc;
	*cid = c.id;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return COP_OK;
}

/* Whether the actor, with access @p acc, sees the ledger of @p cid: the
 * system, its facilitators and owners, and, when its setting says so,
 * every member whose membership sees the community (visibility.h). */
static int sees_ledger(cop_store *s, const cop_backend_funding *f,
	const cop_id *cid, const cop__access *acc, int *sees)
{
	int vis = 0, rc;

	*sees = acc->system || cop__moderates(acc->has_membership, acc->role,
		acc->status);
	if (*sees || !acc->has_membership ||
	    !cop__sees_community(!COP_VISIBILITY_PUBLIC, 1, acc->status))
		return COP_OK;
	if ((rc = f->config_get(s->be, cid, &vis)) != COP_OK)
		return cop__be_error(s, rc, "reading the ledger's setting");
	*sees = vis == COP_FUND_MEMBERS;
	return COP_OK;
}

/* COP_EPERM unless the actor sees the ledger of @p community. */
static int ledger_read(cop_store *s, const cop_backend_funding *f,
	const char *community, cop_id *cid)
{
	cop__access acc;
	int rc, sees = 0;

	if ((rc = community_get(s, community, cid, &acc)) != COP_OK ||
	    (rc = sees_ledger(s, f, cid, &acc, &sees)) != COP_OK)
		return rc;
	return sees ? COP_OK : cop__error(s, COP_EPERM, "the ledger of "
		"community '%.64s' is not visible to this member", community);
}

/* COP_EPERM unless the actor, with access @p acc, writes the ledger:
 * the system, the facilitators and owners (not restrained). */
static int writer_check(cop_store *s, const cop__access *acc, const char *what)
{
	if (acc->system || acc->is_facilitator)
		return COP_OK;
	return cop__error(s, COP_EPERM, "only facilitators, owners and the "
		"system %s", what);
}

/* ---- the ledger ------------------------------------------------------------------ */

/* Add @p amount to the total of the entry's (or its receipt's) month. */
static int total_add(cop_store *s, const cop_backend_funding *f,
	const cop_fund_rec *e, int kind, int64_t day)
{
	int rc = f->total_add(s->be, &e->community_id, e->currency, day / 100,
		kind, e->amount);

	return rc == COP_OK ? COP_OK : cop__be_error(s, rc,
		"keeping the ledger's totals");
}

static int entry_wrap(cop_store *s, const cop_fund_rec *rec,
	cop_fund_entry **out);

/* The checks of an entry's arguments that need no store read. */
static int entry_check(cop_store *s, cop_fund_kind kind, int64_t amount,
	const char *currency, const char *counterparty, const char *note,
	const char *event_id, cop_id *event)
{
	int rc, exp = cop_currency_exponent(currency);

	if (!cop_fund_kind_name(kind))
		return cop__error(s, COP_EINVAL, "unknown ledger entry kind %d",
			(int)kind);
	if (exp < 0)
		return cop__error(s, COP_EINVAL, "unknown currency '%.16s' (an "
			"active ISO 4217 code, such as EUR)", currency ? currency :
			"(null)");
	if (amount <= 0 || amount > COP_FUND_AMOUNT_MAX)
		return cop__error(s, COP_EINVAL, "amount %lld out of range (1 to "
			"%lld minor units)", (long long)amount,
			(long long)COP_FUND_AMOUNT_MAX);
	if ((rc = cop__check_text(s, counterparty, "counterparty", 1,
			COUNTERPARTY_MAX, 0)) != COP_OK ||
	    (rc = cop__check_text(s, note, "note", 1, NOTE_MAX, 0)) != COP_OK)
		return rc;
	memset(event, 0, sizeof(*event));
	/* Its form here; that it is an event of the community, in the
	 * write (event_check()). */
	if (event_id && *event_id && cop_id_parse(event, event_id) != COP_OK)
		return cop__error(s, COP_EINVAL, "bad event id '%.64s'", event_id);
	return COP_OK;
}

/* In a write: @p event (nil: none) is an event of community @p cid;
 * COP_ENOTFOUND ("no such event") otherwise. */
static int event_check(cop_store *s, const cop_id *event, const cop_id *cid)
{
	const cop_backend_events *t;
	cop_event_rec r;
	int rc, same;

	if (cop_id_is_nil(event))
		return COP_OK;
	if ((rc = cop__event_table(s, &t)) != COP_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	rc = t->event_get(s->be, event, NULL, &r);
	same = rc == COP_OK && memcmp(&r.community_id, cid, sizeof(*cid)) == 0;
	cop_rec_clear(COP_REC_EVENT, &r);
	if (rc != COP_OK && rc != COP_ENOTFOUND)
		return cop__be_error(s, rc, "reading an event");
	if (!same)   /* not there, or not in this community: no such */
		return cop__missing(s, "event");
	return COP_OK;
}

int cop_fund_add(cop_fund_entry **out, cop_store *s, const char *community,
	cop_fund_kind kind, int64_t amount, const char *currency,
	const char *date, const char *counterparty, const char *note,
	const char *event_id)
{
	const cop_backend_funding *f;
	cop__access acc;
	cop_fund_rec e;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	memset(&e, 0, sizeof(e));
	if ((rc = table_get(s, &f)) != COP_OK ||
	    (rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = entry_check(s, kind, amount, currency, counterparty, note,
			event_id, &e.event_id)) != COP_OK ||
	    (rc = parse_date(s, date, 1, &e.day)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = community_get(s, community, &e.community_id, &acc);
	if (rc == COP_OK)
		rc = writer_check(s, &acc, "write the ledger");
	if (rc == COP_OK)
		rc = event_check(s, &e.event_id, &e.community_id);
	if (rc == COP_OK)
		rc = cop__id_new_now(s, &e.id, &e.created);
	if (rc == COP_OK) {
		e.kind = kind;
		e.amount = amount;
		e.currency = (char *)currency;
		e.counterparty = (char *)(counterparty ? counterparty : "");
		e.note = (char *)(note ? note : "");
		if (s->has_actor)
			e.actor_id = s->actor;
		if ((rc = f->entry_insert(s->be, &e)) != COP_OK)
			rc = cop__be_error(s, rc, "adding a ledger entry");
	}
	if (rc == COP_OK)
		rc = total_add(s, f, &e, kind, e.day);
	if (rc == COP_OK)
		rc = cop__log(s, "fund.add", &e.id, &e.community_id);
	if ((rc = cop__write_end(s, rc)) == COP_OK && out)
		rc = entry_wrap(s, &e, out);
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* Entry @p text into @p e when the actor sees its ledger: ENOTFOUND,
 * worded as for a missing one, when it does not (or there is none). */
static int entry_load(cop_store *s, const cop_backend_funding *f,
	const char *text, cop_fund_rec *e, cop__access *acc)
{
	cop_community_rec c;
	cop_key key;
	cop_id id;
	int rc, sees = 0;

	memset(e, 0, sizeof(*e));
	if (!text || cop_id_parse(&id, text) != COP_OK)
		return cop__error(s, COP_EINVAL, "bad ledger entry id '%.64s'",
			text ? text : "(null)");
	rc = f->entry_get(s->be, &id, e);
	if (rc != COP_OK && rc != COP_ENOTFOUND)
		return cop__be_error(s, rc, "reading a ledger entry");
	memset(&key, 0, sizeof(key));
	key.id = e->community_id;
	memset(&c, 0, sizeof(c));
	if (rc == COP_OK &&
	    (rc = cop__rec_get(s, COP_REC_COMMUNITY, &key, &c)) == COP_OK) {
		rc = cop__community_access(s, &c.id, c.visibility, acc);
		cop_rec_clear(COP_REC_COMMUNITY, &c);
		if (rc == COP_OK && !acc->visible)
			rc = COP_ENOTFOUND;
		if (rc == COP_OK && (rc = sees_ledger(s, f, &e->community_id, acc,
				&sees)) == COP_OK && !sees)
			rc = COP_ENOTFOUND;
	}
	if (rc == COP_OK)
		return COP_OK;
	cop_rec_clear(COP_REC_FUND, e);
	return rc == COP_ENOTFOUND ? cop__missing(s, "ledger entry") : rc;
}

int cop_fund_receive(cop_store *s, const char *entry_id)
{
	const cop_backend_funding *f;
	cop__access acc;
	cop_fund_rec e;
	int64_t day;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = table_get(s, &f)) != COP_OK ||
	    (rc = cop__write_begin(s)) != COP_OK)
		return rc;
	if ((rc = entry_load(s, f, entry_id, &e, &acc)) != COP_OK)
		return cop__write_end(s, rc);
	rc = writer_check(s, &acc, "write the ledger");
	if (rc == COP_OK && e.kind != COP_FUND_PLEDGE)
		rc = cop__error(s, COP_EINVAL, "ledger entry %s is a %s, not a "
			"pledge", entry_id, cop_fund_kind_name(e.kind));
	if (rc == COP_OK && e.received)
		rc = cop__error(s, COP_EEXISTS, "pledge %s was already received",
			entry_id);
	day = today(s);
	if (day < e.day)
		day = e.day;
	if (rc == COP_OK && (rc = f->entry_receive(s->be, &e.id, day)) != COP_OK)
		rc = cop__be_error(s, rc, "receiving a pledge");
	if (rc == COP_OK)
		rc = total_add(s, f, &e, COP_FUND_SUM_RECEIVED, day);
	if (rc == COP_OK)
		rc = cop__log(s, "fund.received", &e.id, &e.community_id);
	cop_rec_clear(COP_REC_FUND, &e);
	return cop__write_done(s, rc);
}

/* The entry object made from @p rec (strings borrowed), its dates as
 * text. */
static int entry_wrap(cop_store *s, const cop_fund_rec *rec,
	cop_fund_entry **out)
{
	int rc = cop__wrap_borrowed(s, COP_REC_FUND, rec, (void **)out);

	if (rc == COP_OK) {
		date_text((*out)->date, sizeof((*out)->date), rec->day);
		if (rec->received)
			date_text((*out)->received_date,
				sizeof((*out)->received_date), rec->received);
	}
	return rc;
}

int cop_fund_entry_lookup(cop_fund_entry **out, cop_store *s,
	const char *entry_id)
{
	const cop_backend_funding *f;
	cop__access acc;
	cop_fund_rec e;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = table_get(s, &f)) != COP_OK ||
	    (rc = entry_load(s, f, entry_id, &e, &acc)) != COP_OK)
		return rc;
	rc = entry_wrap(s, &e, out);
	cop_rec_clear(COP_REC_FUND, &e);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_fund_set_visibility(cop_store *s, const char *community,
	cop_fund_visibility visibility)
{
	const cop_backend_funding *f;
	cop__access acc;
	cop_id cid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((rc = table_get(s, &f)) != COP_OK ||
	    (rc = cop__check_community_arg(s, community)) != COP_OK)
		return rc;
	if (!cop_fund_visibility_name(visibility))
		return cop__error(s, COP_EINVAL, "unknown ledger visibility %d",
			(int)visibility);
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = community_get(s, community, &cid, &acc);
	if (rc == COP_OK)
		rc = writer_check(s, &acc, "set who sees the ledger");
	if (rc == COP_OK && (rc = f->config_set(s->be, &cid, visibility)) !=
	    COP_OK)
		rc = cop__be_error(s, rc, "setting the ledger's visibility");
	if (rc == COP_OK)
		rc = cop__log(s, "fund.visibility", &cid, &cid);
	return cop__write_done(s, rc);
}

int cop_fund_visibility_lookup(cop_fund_visibility *out, cop_store *s,
	const char *community)
{
	const cop_backend_funding *f;
	cop__access acc;
	cop_id cid;
	int rc, vis = 0;

	if (out)
		*out = COP_FUND_MODERATORS;
	if ((rc = cop__check_out(s, out != NULL)) != COP_OK ||
	    (rc = table_get(s, &f)) != COP_OK ||
	    (rc = community_get(s, community, &cid, &acc)) != COP_OK)
		return rc;
	if ((rc = f->config_get(s->be, &cid, &vis)) != COP_OK)
		return cop__be_error(s, rc, "reading the ledger's setting");
	*out = (cop_fund_visibility)vis;
	return cop__ok(s);
}

/* ---- the ledger's listing ---------------------------------------------------------- */

void cop_fund_entry_free(cop_fund_entry *e)
{
	cop_free(e);
}

/* A listed record into an entry and its keyset key [day desc, id desc]. */
static int entry_make(cop_store *s, void *rec, void **obj, cop__key *key)
{
	const cop_fund_rec *r = rec;

	key->num = r->day;
	key->id = r->id;
	return entry_wrap(s, r, (cop_fund_entry **)obj);
}

static int fund_open(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi)
{
	const cop_fund_query fq = { *(const cop_id *)arg, q->has_after,
		q->after_num, q->after_id, q->limit };
	const cop_backend_funding *f;
	int rc = table_get(s, &f);

	if (rc == COP_OK && (rc = f->entry_list(s->be, &fq, bi)) != COP_OK)
		rc = cop__be_error(s, rc, "listing the ledger");
	return rc;
}

int cop_fund_iter_new(cop_fund_iter **out, cop_store *s,
	const char *community, const cop_page *page)
{
	const cop_backend_funding *f;
	cop_id cid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = table_get(s, &f)) != COP_OK ||
	    (rc = ledger_read(s, f, community, &cid)) != COP_OK ||
	    (rc = cop__iter_typed((cop__iter **)out, s, page, COP_REC_FUND,
			fund_open, &cid, entry_make)) != COP_OK)
		return rc;
	return cop__ok(s);
}

COP__ITER_FNS(cop_fund, cop_fund_entry)

#define ENTRY_ID(fn, F) \
	const char *fn(const cop_fund_entry *e) \
	{ \
		return e && !cop_id_is_nil(&e->r.F) ? \
			cop__lazy_id((char *)e->F, &e->r.F) : NULL; \
	}
ENTRY_ID(cop_fund_entry_id, id)
ENTRY_ID(cop_fund_entry_community_id, community_id)
ENTRY_ID(cop_fund_entry_event_id, event_id)
ENTRY_ID(cop_fund_entry_actor_id, actor_id)

cop_fund_kind cop_fund_entry_kind_get(const cop_fund_entry *e)
{
	return e ? (cop_fund_kind)e->r.kind : COP_FUND_GRANT;
}
int64_t cop_fund_entry_amount(const cop_fund_entry *e)
{
	return e ? e->r.amount : 0;
}
const char *cop_fund_entry_currency(const cop_fund_entry *e)
{
	return e ? e->r.currency : NULL;
}
const char *cop_fund_entry_date(const cop_fund_entry *e)
{
	return e ? e->date : NULL;
}
const char *cop_fund_entry_counterparty(const cop_fund_entry *e)
{
	return e ? e->r.counterparty : NULL;
}
const char *cop_fund_entry_note(const cop_fund_entry *e)
{
	return e ? e->r.note : NULL;
}
const char *cop_fund_entry_received(const cop_fund_entry *e)
{
	return e && e->r.received ? e->received_date : NULL;
}
cop_time cop_fund_entry_created(const cop_fund_entry *e)
{
	return e ? e->r.created : 0;
}

/* ---- the report -------------------------------------------------------------------- */

/* One currency's sums. */
typedef struct fund_cur {
	char code[4];
	int64_t by_kind[5];      /* cop_fund_kind, then received */
	int64_t window;          /* expenses in the window's months */
	int64_t first;           /* its first month (YYYYMM) */
	int64_t balance, burn, pledged;
	int burn_months;
	double runway;
} fund_cur;

struct cop_fund_report {
	char at[16];
	int window;
	size_t n;
	fund_cur cur[];
};

/* The currency @p code of report @p r, added when new (in code order);
 * NULL when there is no room left (cannot happen: room is made for
 * every row read, see report_read()). */
static fund_cur *cur_of(cop_fund_report *r, size_t cap, const char *code)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->cur[i].code, code) == 0)
			return &r->cur[i];
	if (r->n == cap || strlen(code) != 3)
		return NULL;
	for (i = r->n; i > 0 && strcmp(r->cur[i - 1].code, code) > 0; i--)
		r->cur[i] = r->cur[i - 1];
	memset(&r->cur[i], 0, sizeof(r->cur[i]));
	memcpy(r->cur[i].code, code, 4);
	r->cur[i].first = INT64_MAX;
	r->n++;
	return &r->cur[i];
}

/* How report_read() adds a row: to the kinds' sums (with its first
 * month, @p first_div 1 for months, 100 for days), or to the window. */
enum { ADD_KINDS, ADD_WINDOW };

/* Read the rows of @p bi (cop_fund_sum_rec) into the report, growing it
 * as needed (*r may move). */
static int report_read(cop_store *s, cop_backend_iter *bi,
	cop_fund_report **r, size_t *cap, int how, int first_div)
{
	cop_fund_sum_rec row;
	fund_cur *c;
	int rc;

	while ((rc = cop__be_next_owned(bi, COP_REC_FUND_SUM, &row)) == COP_OK) {
		if (row.currency && (*r)->n == *cap) {
			cop_fund_report *g = cop_realloc(*r, sizeof(**r) +
				(*cap * 2 + 4) * sizeof(fund_cur));

			if (!g) {
				cop_rec_clear(COP_REC_FUND_SUM, &row);
				rc = cop__error(s, COP_ENOMEM, "out of memory");
				break;
			}
			*r = g;
			*cap = *cap * 2 + 4;
		}
		c = row.currency ? cur_of(*r, *cap, row.currency) : NULL;
		if (c && how == ADD_WINDOW && row.kind == COP_FUND_EXPENSE)
			c->window += row.amount;
		if (c && how == ADD_KINDS && row.kind >= 0 && row.kind <= 4) {
			c->by_kind[row.kind] += row.amount;
			if (row.first / first_div < c->first)
				c->first = row.first / first_div;
		}
		cop_rec_clear(COP_REC_FUND_SUM, &row);
	}
	bi->free(bi);
	if (rc == COP_ITEROVER)
		return COP_OK;
	return rc == COP_ENOMEM ? rc : cop__be_error(s, rc, "reading the "
		"ledger's totals");
}

/* The figures of each currency from its sums (docs/funding.md). */
static void report_figures(cop_fund_report *r, int64_t month)
{
	int64_t avail, m = month_index(month);
	size_t i;

	for (i = 0; i < r->n; i++) {
		fund_cur *c = &r->cur[i];

		c->balance = c->by_kind[COP_FUND_GRANT] +
			c->by_kind[COP_FUND_INCOME] +
			c->by_kind[COP_FUND_SUM_RECEIVED] -
			c->by_kind[COP_FUND_EXPENSE];
		c->pledged = c->by_kind[COP_FUND_PLEDGE] -
			c->by_kind[COP_FUND_SUM_RECEIVED];
		/* The whole months of the window on or after the currency's
		 * first month: the window starts no earlier than its first
		 * entry. */
		avail = m - month_index(c->first);
		c->burn_months = (int)(avail < 0 ? 0 : avail < r->window ? avail :
			r->window);
		c->burn = c->burn_months ? (c->window + c->burn_months / 2) /
			c->burn_months : 0;
		c->runway = c->window <= 0 || !c->burn_months ? -1 :
			c->balance <= 0 ? 0 : (double)c->balance *
			c->burn_months / (double)c->window;
	}
}

int cop_fund_report_lookup(cop_fund_report **out, cop_store *s,
	const char *community, const char *at, int window)
{
	const cop_backend_funding *f;
	cop_backend_iter *bi = NULL;
	cop_fund_report *r;
	int64_t day, month, prev, wfrom;
	size_t cap = 4;
	cop_id cid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = table_get(s, &f)) != COP_OK ||
	    (rc = parse_date(s, at, 1, &day)) != COP_OK)
		return rc;
	if (window == 0)
		window = COP_FUND_WINDOW_DEFAULT;
	if (window < 1 || window > COP_FUND_WINDOW_MAX)
		return cop__error(s, COP_EINVAL, "window of %d months out of range "
			"(1 to %d)", window, COP_FUND_WINDOW_MAX);
	if ((rc = ledger_read(s, f, community, &cid)) != COP_OK)
		return rc;
	if (!(r = cop_mallocz(sizeof(*r) + cap * sizeof(fund_cur))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	date_text(r->at, sizeof(r->at), day);
	r->window = window;
	month = day / 100;
	prev = month_of_index(month_index(month) - 1);
	wfrom = month_of_index(month_index(month) - window);
	/* The months before the date's from the totals; the date's own month
	 * up to the date from the entries; the window from the totals. */
	rc = f->sums(s->be, &cid, 0, prev, &bi);
	if (rc == COP_OK)
		rc = report_read(s, bi, &r, &cap, ADD_KINDS, 1);
	else
		rc = cop__be_error(s, rc, "reading the ledger's totals");
	if (rc == COP_OK && (rc = f->day_sums(s->be, &cid, month * 100 + 1, day,
			&bi)) != COP_OK)
		rc = cop__be_error(s, rc, "reading the ledger");
	else if (rc == COP_OK)
		rc = report_read(s, bi, &r, &cap, ADD_KINDS, 100);
	if (rc == COP_OK && (rc = f->sums(s->be, &cid, wfrom, prev, &bi)) !=
	    COP_OK)
		rc = cop__be_error(s, rc, "reading the ledger's totals");
	else if (rc == COP_OK)
		rc = report_read(s, bi, &r, &cap, ADD_WINDOW, 1);
	if (rc != COP_OK) {
		cop_free(r);
		return rc;
	}
	report_figures(r, month);
	*out = r;
	return cop__ok(s);
}

void cop_fund_report_free(cop_fund_report *r)
{
	cop_free(r);
}

const char *cop_fund_report_at(const cop_fund_report *r)
{
	return r ? r->at : NULL;
}

int cop_fund_report_window(const cop_fund_report *r)
{
	return r ? r->window : 0;
}

size_t cop_fund_report_count(const cop_fund_report *r)
{
	return r ? r->n : 0;
}

#define CUR(r, i) ((r) && (i) < (r)->n)

const char *cop_fund_report_currency(const cop_fund_report *r, size_t i)
{
	return CUR(r, i) ? r->cur[i].code : NULL;
}
int64_t cop_fund_report_balance(const cop_fund_report *r, size_t i)
{
	return CUR(r, i) ? r->cur[i].balance : 0;
}
int64_t cop_fund_report_burn(const cop_fund_report *r, size_t i)
{
	return CUR(r, i) ? r->cur[i].burn : 0;
}
int cop_fund_report_burn_months(const cop_fund_report *r, size_t i)
{
	return CUR(r, i) ? r->cur[i].burn_months : 0;
}
double cop_fund_report_runway(const cop_fund_report *r, size_t i)
{
	return CUR(r, i) ? r->cur[i].runway : -1;
}
int64_t cop_fund_report_pledged_outstanding(const cop_fund_report *r,
	size_t i)
{
	return CUR(r, i) ? r->cur[i].pledged : 0;
}

/* ---- hours given ---------------------------------------------------------------- */

int cop_hours_record(cop_store *s, const char *community, const char *member,
	const char *month, double hours, const char *note)
{
	const cop_backend_funding *f;
	cop_membership_rec ms;
	cop__access acc;
	cop_hours_rec h;
	cop_key key;
	int rc;

	if (!s)
		return COP_EINVAL;
	memset(&h, 0, sizeof(h));
	if ((rc = table_get(s, &f)) != COP_OK ||
	    (rc = cop__check_community_arg(s, community)) != COP_OK ||
	    (rc = parse_date(s, month, 0, &h.month)) != COP_OK ||
	    (rc = cop__check_text(s, note, "note", 1, NOTE_MAX, 0)) != COP_OK)
		return rc;
	if (!(hours >= 0 && hours <= COP_HOURS_MAX))
		return cop__error(s, COP_EINVAL, "%g hours out of range (0 to %d "
			"in a month)", hours, COP_HOURS_MAX);
	if (!member && !s->has_actor)
		return cop__error(s, COP_EINVAL, "member is required when the "
			"system reports hours");
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = community_get(s, community, &h.community_id, &acc);
	if (rc == COP_OK && member)
		rc = cop__rec_member_resolve(s, member, &h.member_id);
	else if (rc == COP_OK)
		h.member_id = s->actor;
	memset(&key, 0, sizeof(key));
	key.id = h.community_id;
	key.id2 = h.member_id;
	memset(&ms, 0, sizeof(ms));
	if (rc == COP_OK &&
	    (rc = cop__rec_get(s, COP_REC_MEMBERSHIP, &key, &ms)) == COP_ENOTFOUND)
		rc = cop__error(s, rc, "member %s is not a member of community "
			"'%.64s'", member ? member : s->actor_text, community);
	cop_rec_clear(COP_REC_MEMBERSHIP, &ms);
	if (rc == COP_OK && !acc.system && !acc.is_facilitator &&
	    (!cop__same_id(&s->actor, &h.member_id) || !acc.has_membership ||
	     acc.status != COP_MEMBERSHIP_ACTIVE || acc.restrained))
		rc = cop__error(s, COP_EPERM, "only active members report their "
			"own hours (facilitators and owners, anyone's)");
	if (rc == COP_OK) {
		h.minutes = (int64_t)(hours * 60 + 0.5);
		h.note = (char *)(note ? note : "");
		if (s->has_actor)
			h.reporter_id = s->actor;
		h.changed = cop__now(s);
		if ((rc = f->hours_set(s->be, &h)) != COP_OK)
			rc = cop__be_error(s, rc, "reporting hours");
	}
	if (rc == COP_OK)
		rc = cop__log(s, "hours.report", &h.member_id, &h.community_id);
	return cop__write_done(s, rc);
}

struct cop_hours_report {
	size_t n;
	cop_hours_row_rec *rows;     /* their strings in the block */
	char (*ids)[COP__IDLEN];
};

void cop_hours_report_free(cop_hours_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		cop_rec_clear(COP_REC_HOURS_ROW, &r->rows[i]);
	cop_free(r->rows);
	cop_free(r->ids);
	cop_free(r);
}

/* Read every row of @p bi into @p r, the pledges times @p months. */
static int hours_read(cop_store *s, cop_backend_iter *bi,
	cop_hours_report *r, int64_t months)
{
	cop_hours_row_rec row;
	size_t cap = 0;
	int rc;

	while ((rc = cop__be_next_owned(bi, COP_REC_HOURS_ROW, &row)) ==
	    COP_OK) {
		if ((rc = cop__grow(s, &r->rows, r->n, &cap, sizeof(row), 16)) !=
		    COP_OK) {
			cop_rec_clear(COP_REC_HOURS_ROW, &row);
			break;
		}
		row.pledged *= months;
		r->rows[r->n++] = row;
	}
	bi->free(bi);
	if (rc == COP_ITEROVER)
		rc = COP_OK;
	else if (rc != COP_ENOMEM)
		rc = cop__be_error(s, rc, "reading hours");
	if (rc == COP_OK && r->n &&
	    !(r->ids = cop_mallocz(r->n * sizeof(*r->ids))))
		rc = cop__error(s, COP_ENOMEM, "out of memory");
	return rc;
}

int cop_hours_report_lookup(cop_hours_report **out, cop_store *s,
	const char *community, const char *from, const char *to,
	cop_hours_by by)
{
	const cop_backend_funding *f;
	cop_backend_iter *bi = NULL;
	cop_hours_report *r;
	int64_t mfrom, mto;
	cop__access acc;
	cop_id cid;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = table_get(s, &f)) != COP_OK ||
	    (rc = parse_date(s, from, 0, &mfrom)) != COP_OK)
		return rc;
	mto = mfrom;
	if (to && (rc = parse_date(s, to, 0, &mto)) != COP_OK)
		return rc;
	if (mto < mfrom)
		return cop__error(s, COP_EINVAL, "the period ends before it "
			"starts");
	if ((int)by < COP_HOURS_TOTAL || by > COP_HOURS_BY_ORGANISATION)
		return cop__error(s, COP_EINVAL, "unknown grouping %d", (int)by);
	if ((rc = community_get(s, community, &cid, &acc)) != COP_OK)
		return rc;
	if (!acc.system && !(acc.has_membership &&
	    cop__sees_community(!COP_VISIBILITY_PUBLIC, 1, acc.status)))
		return cop__error(s, COP_EPERM, "the hours of community '%.64s' "
			"are for its members", community);
	if (!(r = cop_mallocz(sizeof(*r))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	/* By member for a member: no row names one they may not see
	 * (visibility.h: who left or was erased, a ban to anyone but its
	 * moderators), chosen by the statement; the totals keep their hours. */
	if (by == COP_HOURS_BY_MEMBER && !acc.system)
		rc = f->version >= 2 && f->hours_rows_seen ?
			f->hours_rows_seen(s->be, &cid, mfrom, mto, cop__actor(s),
				&bi) : COP_ENOTSUP;
	else
		rc = f->hours_rows(s->be, &cid, mfrom, mto, (int)by, &bi);
	if (rc != COP_OK)
		rc = cop__be_error(s, rc, "reading hours");
	else
		rc = hours_read(s, bi, r, month_index(mto) - month_index(mfrom) +
			1);
	if (rc != COP_OK) {
		cop_hours_report_free(r);
		return rc;
	}
	*out = r;
	return cop__ok(s);
}

size_t cop_hours_report_count(const cop_hours_report *r)
{
	return r ? r->n : 0;
}

#define ROW(r, i) ((r) && (i) < (r)->n)

const char *cop_hours_report_member_id(const cop_hours_report *r, size_t i)
{
	return ROW(r, i) && !cop_id_is_nil(&r->rows[i].member_id) ?
		cop__lazy_id(r->ids[i], &r->rows[i].member_id) : NULL;
}
const char *cop_hours_report_handle(const cop_hours_report *r, size_t i)
{
	return ROW(r, i) ? r->rows[i].handle : NULL;
}
const char *cop_hours_report_organisation(const cop_hours_report *r,
	size_t i)
{
	return ROW(r, i) ? r->rows[i].organisation : NULL;
}
double cop_hours_report_pledged(const cop_hours_report *r, size_t i)
{
	return ROW(r, i) ? (double)r->rows[i].pledged : 0;
}
double cop_hours_report_given(const cop_hours_report *r, size_t i)
{
	return ROW(r, i) ? (double)r->rows[i].minutes / 60.0 : 0;
}
double cop_hours_report_fulfilment(const cop_hours_report *r, size_t i)
{
	return ROW(r, i) && r->rows[i].pledged > 0 ?
		(double)r->rows[i].minutes / 60.0 / (double)r->rows[i].pledged :
		-1;
}
