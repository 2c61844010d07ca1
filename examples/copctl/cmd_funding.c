/*
 * copctl: libcop's example command-line tool.
 * cmd_funding.c: the funding ledger and hours given (docs/funding.md):
 * `copctl fund add | received | list | report | visibility`,
 * `hours report` and `hours`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "copctl.h"

/* An amount in minor units of @p cur as a JSON number in major units. */
static json_t *money_json(int64_t minor, const char *cur)
{
	int exp = cop_currency_exponent(cur);
	double unit = 1;

	while (exp-- > 0)
		unit *= 10;
	return json_real((double)minor / unit);
}

/* The same as text ("1250.50"), in a buffer of at least 32 bytes. */
static const char *money_text(char *buf, size_t n, int64_t minor,
	const char *cur)
{
	if (cop_amount_format(buf, n, minor, cur) < 0)
		snprintf(buf, n, "%lld", (long long)minor);
	return buf;
}

/* @p v rounded to two decimals. */
static double two_places(double v)
{
	return (double)(long long)(v * 100 + (v < 0 ? -0.5 : 0.5)) / 100;
}

static json_t *entry_json(struct copctl *ctl, const cop_fund_entry *e)
{
	json_t *o = json_object();
	const char *cur = cop_fund_entry_currency(e);
	const char *actor = cop_fund_entry_actor_id(e);

	json_object_set_new(o, "id", json_string(cop_fund_entry_id(e)));
	json_object_set_new(o, "kind", copctl_json_str(COPCTL_ENUM(fund_kind,
		cop_fund_entry_kind_get(e))));
	json_object_set_new(o, "amount", money_json(cop_fund_entry_amount(e),
		cur));
	json_object_set_new(o, "currency", copctl_json_str(cur));
	json_object_set_new(o, "date", copctl_json_str(cop_fund_entry_date(e)));
	json_object_set_new(o, "counterparty", copctl_json_str(
		cop_fund_entry_counterparty(e)));
	json_object_set_new(o, "note", copctl_json_str(cop_fund_entry_note(e)));
	json_object_set_new(o, "event", copctl_json_str(
		cop_fund_entry_event_id(e)));
	json_object_set_new(o, "received", copctl_json_str(
		cop_fund_entry_received(e)));
	json_object_set_new(o, "by", actor ? copctl_json_str(
		copctl_handle_of(ctl, actor)) : json_null());
	return o;
}

static void entry_print(const cop_fund_entry *e)
{
	const char *cur = cop_fund_entry_currency(e);
	char amount[32];

	printf("%s  %-7s %12s %s", cop_fund_entry_date(e),
		COPCTL_ENUM(fund_kind, cop_fund_entry_kind_get(e)),
		money_text(amount, sizeof(amount), cop_fund_entry_amount(e), cur),
		cur);
	if (*cop_fund_entry_counterparty(e))
		printf("  %s", cop_fund_entry_counterparty(e));
	if (cop_fund_entry_received(e))
		printf("  (received %s)", cop_fund_entry_received(e));
	if (*cop_fund_entry_note(e))
		printf(": %s", cop_fund_entry_note(e));
	printf("  %s\n", cop_fund_entry_id(e));
}

/* Print entry @p e (text or JSON) and free it. */
static int entry_out(struct copctl *ctl, cop_fund_entry *e)
{
	int rc = COPCTL_EXIT_OK;

	if (ctl->json)
		rc = copctl_print_json_decimal(entry_json(ctl, e));
	else
		entry_print(e);
	cop_fund_entry_free(e);
	return rc;
}

static int cmd_fund_add(struct copctl *ctl, const struct args *a)
{
	cop_fund_entry *e = NULL;
	cop_fund_kind kind;
	int64_t amount;
	int rc;

	if (cop_fund_kind_parse(&kind, a->pos[1]) != COP_OK)
		return copctl_usage_error("the kind is grant, pledge, income or "
			"expense, not", a->pos[1]);
	if (cop_currency_exponent(a->pos[3]) < 0)
		return copctl_usage_error("unknown currency (an ISO 4217 code "
			"such as EUR)", a->pos[3]);
	if (cop_amount_parse(&amount, a->pos[2], a->pos[3]) != COP_OK)
		return copctl_usage_error("the amount is a number above 0 in major "
			"units with no more decimals than the currency has, not",
			a->pos[2]);
	rc = cop_fund_add(&e, ctl->store, a->pos[0], kind, amount, a->pos[3],
		a->opt[OPT_DATE], a->opt[OPT_COUNTERPARTY], a->opt[OPT_NOTE],
		a->opt[OPT_EVENT]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	return entry_out(ctl, e);
}

static int cmd_fund_received(struct copctl *ctl, const struct args *a)
{
	cop_fund_entry *e = NULL;
	int rc = cop_fund_receive(ctl->store, a->pos[0]);

	if (rc == COP_OK)
		rc = cop_fund_entry_lookup(&e, ctl->store, a->pos[0]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	return entry_out(ctl, e);
}

static int cmd_fund_list(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_fund_iter *it = NULL;
	cop_fund_entry *e = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_fund_iter_new(&it, ctl->store, a->pos[0], &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (ctl->json) {
		obj = json_object();
		list = json_array();
		json_object_set_new(obj, "entries", list);
	}
	while ((rc = cop_fund_iter_next(&e, it)) == COP_OK) {
		count++;
		if (ctl->json)
			json_array_append_new(list, entry_json(ctl, e));
		else
			entry_print(e);
		cop_fund_entry_free(e);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_fund_iter_free(it);
		return rc;
	}
	rc = copctl_listing_end(ctl, obj, &page, count,
		cop_fund_iter_cursor(it));
	cop_fund_iter_free(it);
	return rc;
}

/* One currency of a report as JSON (copctl.h). */
json_t *copctl_fund_currency_json(const cop_fund_report *r, size_t i)
{
	const char *cur = cop_fund_report_currency(r, i);
	double runway = cop_fund_report_runway(r, i);
	json_t *o = json_object();

	json_object_set_new(o, "balance", money_json(
		cop_fund_report_balance(r, i), cur));
	json_object_set_new(o, "burn_per_month", money_json(
		cop_fund_report_burn(r, i), cur));
	json_object_set_new(o, "runway_months", runway < 0 ? json_null() :
		json_real(two_places(runway)));
	json_object_set_new(o, "pledged_outstanding", money_json(
		cop_fund_report_pledged_outstanding(r, i), cur));
	json_object_set_new(o, "burn_months", json_integer(
		cop_fund_report_burn_months(r, i)));
	return o;
}

/* One currency of a report as a line of text (copctl.h). */
void copctl_fund_currency_print(const cop_fund_report *r, size_t i)
{
	const char *cur = cop_fund_report_currency(r, i);
	double runway = cop_fund_report_runway(r, i);
	char b[32], c[32], p[32];

	printf("%s  balance %s  burn %s/month  ", cur,
		money_text(b, sizeof(b), cop_fund_report_balance(r, i), cur),
		money_text(c, sizeof(c), cop_fund_report_burn(r, i), cur));
	if (runway < 0)
		printf("runway none");
	else
		printf("runway %.1f months", runway);
	printf("  pledged %s\n", money_text(p, sizeof(p),
		cop_fund_report_pledged_outstanding(r, i), cur));
}

static void report_print(const char *community, const cop_fund_report *r)
{
	size_t i;

	printf("%s at %s (burn over %d months)\n", community,
		cop_fund_report_at(r), cop_fund_report_window(r));
	if (!cop_fund_report_count(r))
		printf("  no entries\n");
	for (i = 0; i < cop_fund_report_count(r); i++) {
		printf("  ");
		copctl_fund_currency_print(r, i);
	}
}

static int cmd_fund_report(struct copctl *ctl, const struct args *a)
{
	cop_fund_report *r = NULL;
	unsigned long window = 0;
	json_t *o, *cur;
	size_t i;
	int rc;

	if ((rc = copctl_opt_uint(a, OPT_WINDOW_MONTHS, "window-months",
			COP_FUND_WINDOW_MAX, &window)) != COPCTL_EXIT_OK)
		return rc;
	if (a->opt[OPT_WINDOW_MONTHS] && window == 0)
		return copctl_usage_error("--window-months wants 1 or more, not",
			a->opt[OPT_WINDOW_MONTHS]);
	rc = cop_fund_report_lookup(&r, ctl->store, a->pos[0], a->opt[OPT_AT],
		(int)window);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (!ctl->json) {
		report_print(a->pos[0], r);
		cop_fund_report_free(r);
		return COPCTL_EXIT_OK;
	}
	o = json_object();
	cur = json_object();
	json_object_set_new(o, "community", copctl_json_str(a->pos[0]));
	json_object_set_new(o, "at", copctl_json_str(cop_fund_report_at(r)));
	json_object_set_new(o, "window_months", json_integer(
		cop_fund_report_window(r)));
	for (i = 0; i < cop_fund_report_count(r); i++)
		json_object_set_new(cur, cop_fund_report_currency(r, i),
			copctl_fund_currency_json(r, i));
	json_object_set_new(o, "currencies", cur);
	cop_fund_report_free(r);
	return copctl_print_json_decimal(o);
}

static int cmd_fund_visibility(struct copctl *ctl, const struct args *a)
{
	cop_fund_visibility v;
	json_t *o;
	int rc;

	if (a->npos > 1) {
		if (cop_fund_visibility_parse(&v, a->pos[1]) != COP_OK)
			return copctl_usage_error("the ledger is seen by moderators or "
				"members, not", a->pos[1]);
		if ((rc = cop_fund_set_visibility(ctl->store, a->pos[0], v)) !=
		    COP_OK)
			return copctl_fail(ctl, rc, a->pos[0]);
	}
	if ((rc = cop_fund_visibility_lookup(&v, ctl->store, a->pos[0])) !=
	    COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (!ctl->json) {
		printf("%s: the ledger is seen by %s\n", a->pos[0],
			COPCTL_ENUM(fund_visibility, v));
		return COPCTL_EXIT_OK;
	}
	o = json_object();
	json_object_set_new(o, "community", copctl_json_str(a->pos[0]));
	json_object_set_new(o, "visibility", copctl_json_str(
		COPCTL_ENUM(fund_visibility, v)));
	return copctl_print_json_decimal(o);
}

/* --month, or this month by the store's clock, into @p buf. */
static const char *month_of(struct copctl *ctl, const struct args *a,
	char *buf, size_t n)
{
	time_t t;
	struct tm tm;

	if (a->opt[OPT_MONTH]) {
		snprintf(buf, n, "%s", a->opt[OPT_MONTH]);
		return buf;
	}
	t = (time_t)(cop_store_now(ctl->store) / 1000);
	gmtime_r(&t, &tm);
	snprintf(buf, n, "%04d-%02d", (tm.tm_year + 1900) % 10000,
		(tm.tm_mon + 1) % 100);
	return buf;
}

static int cmd_hours_report(struct copctl *ctl, const struct args *a)
{
	char month[32], *end;
	double hours;
	json_t *o;
	int rc;

	errno = 0;
	hours = strtod(a->pos[1], &end);
	if (!*a->pos[1] || *end || errno)
		return copctl_usage_error("HOURS is a number of hours, not",
			a->pos[1]);
	month_of(ctl, a, month, sizeof(month));
	rc = cop_hours_record(ctl->store, a->pos[0], a->opt[OPT_MEMBER],
		month, hours, a->opt[OPT_NOTE]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (!ctl->json) {
		printf("%s gave %g hours to %s in %s\n", a->opt[OPT_MEMBER] ?
			a->opt[OPT_MEMBER] : ctl->as ? ctl->as : "system", hours,
			a->pos[0], month);
		return COPCTL_EXIT_OK;
	}
	o = json_object();
	json_object_set_new(o, "community", copctl_json_str(a->pos[0]));
	json_object_set_new(o, "member", copctl_json_str(a->opt[OPT_MEMBER] ?
		a->opt[OPT_MEMBER] : ctl->as));
	json_object_set_new(o, "month", copctl_json_str(month));
	json_object_set_new(o, "given", json_real(hours));
	return copctl_print_json_decimal(o);
}

/* A row's name: the member's handle, the organisation, or the
 * community. */
static const char *row_name(const cop_hours_report *r, size_t i,
	cop_hours_by by, const char *community)
{
	const char *org = cop_hours_report_organisation(r, i);

	return by == COP_HOURS_BY_MEMBER ? cop_hours_report_handle(r, i) :
		by == COP_HOURS_BY_ORGANISATION ? (*org ? org :
		"(no organisation)") : community;
}

static json_t *hours_row_json(const cop_hours_report *r, size_t i,
	cop_hours_by by)
{
	double f = cop_hours_report_fulfilment(r, i);
	json_t *o = json_object();

	if (by == COP_HOURS_BY_MEMBER)
		json_object_set_new(o, "member", copctl_json_str(
			cop_hours_report_handle(r, i)));
	if (by != COP_HOURS_TOTAL)
		json_object_set_new(o, "organisation", copctl_json_str(
			cop_hours_report_organisation(r, i)));
	json_object_set_new(o, "pledged", json_real(
		cop_hours_report_pledged(r, i)));
	json_object_set_new(o, "given", json_real(cop_hours_report_given(r, i)));
	json_object_set_new(o, "fulfilment", f < 0 ? json_null() :
		json_real(two_places(f)));
	return o;
}

static int cmd_hours(struct copctl *ctl, const struct args *a)
{
	cop_hours_by by = COP_HOURS_TOTAL;
	cop_hours_report *r = NULL;
	char month[32];
	json_t *o, *rows;
	size_t i;
	int rc;

	if (a->opt[OPT_BY] && (cop_hours_by_parse(&by, a->opt[OPT_BY]) !=
	    COP_OK || by == COP_HOURS_TOTAL))
		return copctl_usage_error("--by takes member or organisation, not",
			a->opt[OPT_BY]);
	month_of(ctl, a, month, sizeof(month));
	rc = cop_hours_report_lookup(&r, ctl->store, a->pos[0], month, NULL, by);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (!ctl->json) {
		printf("%s in %s: hours pledged, given, fulfilment\n", a->pos[0],
			month);
		for (i = 0; i < cop_hours_report_count(r); i++) {
			double f = cop_hours_report_fulfilment(r, i);

			printf("  %-24s %7g %7g  ", row_name(r, i, by, a->pos[0]),
				cop_hours_report_pledged(r, i),
				cop_hours_report_given(r, i));
			if (f < 0)
				printf("-\n");
			else
				printf("%.0f%%\n", f * 100);
		}
		cop_hours_report_free(r);
		return COPCTL_EXIT_OK;
	}
	o = json_object();
	rows = json_array();
	json_object_set_new(o, "community", copctl_json_str(a->pos[0]));
	json_object_set_new(o, "month", copctl_json_str(month));
	json_object_set_new(o, "by", copctl_json_str(COPCTL_ENUM(hours_by, by)));
	for (i = 0; i < cop_hours_report_count(r); i++)
		json_array_append_new(rows, hours_row_json(r, i, by));
	json_object_set_new(o, "rows", rows);
	cop_hours_report_free(r);
	return copctl_print_json_decimal(o);
}

/* fund add, received, list, report, visibility; hours report; hours. */
const struct command copctl_funding_commands[] = {
	{ "fund", "add", O(OPT_DATE) | O(OPT_COUNTERPARTY) | O(OPT_NOTE) |
	  O(OPT_EVENT), 4, 4, OPEN_EXISTING, cmd_fund_add,
	  "COMMUNITY grant|pledge|income|expense AMOUNT CURRENCY [--date DATE] "
	  "[--counterparty NAME] [--note TEXT] [--event EVENT_ID]",
	  "add an entry to a community's funding ledger" },
	{ "fund", "received", 0, 1, 1, OPEN_EXISTING, cmd_fund_received,
	  "ENTRY_ID", "mark a pledge received" },
	{ "fund", "list", OPTS_PAGE, 1, 1, OPEN_EXISTING, cmd_fund_list,
	  "COMMUNITY [--limit N] [--after CURSOR]",
	  "a community's funding ledger, newest first" },
	{ "fund", "report", O(OPT_AT) | O(OPT_WINDOW_MONTHS), 1, 1,
	  OPEN_EXISTING, cmd_fund_report,
	  "COMMUNITY [--at DATE] [--window-months N]",
	  "balance, burn rate, runway and pledges per currency" },
	{ "fund", "visibility", 0, 1, 2, OPEN_EXISTING, cmd_fund_visibility,
	  "COMMUNITY [moderators|members]",
	  "show or set who sees a community's ledger" },
	{ "hours", "report", O(OPT_MEMBER) | O(OPT_MONTH) | O(OPT_NOTE), 2, 2,
	  OPEN_EXISTING, cmd_hours_report,
	  "COMMUNITY HOURS [--member HANDLE] [--month YYYY-MM] [--note TEXT]",
	  "report the hours given to a community in a month" },
	{ "hours", NULL, O(OPT_MONTH) | O(OPT_BY), 1, 1, OPEN_EXISTING,
	  cmd_hours, "COMMUNITY [--month YYYY-MM] [--by member|organisation]",
	  "hours pledged and given in a month" },
	COPCTL_COMMANDS_END
};
