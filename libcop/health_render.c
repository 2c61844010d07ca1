/*
 * health_render.c: a health report as a page (include/cop/health.h's
 * cop_health_render(), docs/health-scorecard.md, "Reports"): the growing
 * buffer and figures both pages share, and the text page.  The HTML page
 * is health_html.c's.  Both read only the report's JSON document; a
 * figure without a value (null, or absent) is "no data", never 0.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include "health_int.h"

/* ---- the buffer ---------------------------------------------------------------- */

static int hb_room(cop__hbuf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->oom)
		return -1;
	if (b->n + n + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 1024;
	while (cap < b->n + n + 1)
		cap *= 2;
	if (!(p = cop_realloc(b->p, cap))) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void cop__hb_add(cop__hbuf *b, const char *s, size_t n)
{
	if (hb_room(b, n) < 0)
		return;
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void cop__hb_puts(cop__hbuf *b, const char *s)
{
	cop__hb_add(b, s, strlen(s));
}

void cop__hb_printf(cop__hbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n > 0)
		cop__hb_add(b, small, (size_t)n < sizeof(small) ? (size_t)n :
			sizeof(small) - 1);
}

void cop__hb_html(cop__hbuf *b, const char *s)
{
	const char *run = s;

	for (; s && *s; s++) {
		const char *esc = NULL;

		switch (*s) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\'': esc = "&#39;"; break;
		default:
			/* A control character (not a newline or tab) is no
			 * text: a space. */
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				esc = " ";
		}
		if (esc) {
			cop__hb_add(b, run, (size_t)(s - run));
			cop__hb_puts(b, esc);
			run = s + 1;
		}
	}
	if (run && s)
		cop__hb_add(b, run, (size_t)(s - run));
}

/* Text for the text page: control characters (a newline too: a label is
 * one line) become spaces, so no text can move the terminal. */
static void hb_plain(cop__hbuf *b, const char *s)
{
	for (; s && *s; s++) {
		char c = (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s;

		cop__hb_add(b, &c, 1);
	}
}

/* A number, at most two decimals, trailing zeros dropped. */
static void hb_num(cop__hbuf *b, double v)
{
	char buf[64];
	size_t n;

	snprintf(buf, sizeof(buf), "%.2f", v);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		n--;
	if (n > 0 && buf[n - 1] == '.')
		n--;
	buf[n] = '\0';
	cop__hb_puts(b, strcmp(buf, "-0") == 0 ? "0" : buf);
}

void cop__hb_figure(cop__hbuf *b, const json_t *v, int share)
{
	if (!json_is_number(v)) {
		cop__hb_puts(b, "no data");
		return;
	}
	if (share) {
		hb_num(b, json_number_value(v) * 100);
		cop__hb_puts(b, " %");
		return;
	}
	hb_num(b, json_number_value(v));
}

void cop__hb_fields(cop__hbuf *b, const json_t *o, const char *const *pairs)
{
	for (; pairs[0]; pairs += 2) {
		cop__hb_puts(b, pairs[0]);
		cop__hb_figure(b, json_object_get(o, pairs[1]), 0);
	}
}

void cop__hb_heading(cop__hbuf *b, const json_t *r,
	void (*text)(cop__hbuf *b, const char *s), const char *const sep[5])
{
	const json_t *c = json_object_get(r, "community");
	const char *v[5];
	int i;

	v[0] = json_string_value(json_object_get(c, "name"));
	v[1] = json_string_value(json_object_get(c, "slug"));
	v[2] = json_string_value(json_object_get(r, "from"));
	v[3] = json_string_value(json_object_get(r, "to"));
	v[4] = json_string_value(json_object_get(r, "generated"));
	for (i = 0; i < 5; i++) {
		cop__hb_puts(b, sep[i]);
		text(b, v[i] ? v[i] : i == 2 ? "start" : i == 3 ? "now" : "");
	}
}

/* ---- the text page ----------------------------------------------------------- */

/* The object at @p key of @p o, or NULL. */
#define GET(o, key) json_object_get((o), (key))

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(GET(o, key));

	return s ? s : "";
}

/* "  Label .......... figure\n" */
static void line(cop__hbuf *b, const char *label, const json_t *v, int share,
	const char *unit)
{
	size_t n = strlen(label);

	cop__hb_puts(b, "  ");
	hb_plain(b, label);
	cop__hb_add(b, "                                  ",
		n < 32 ? 32 - n : 1);
	cop__hb_figure(b, v, share);
	if (json_is_number(v) && unit)
		cop__hb_puts(b, unit);
	cop__hb_puts(b, "\n");
}

/* An amount in minor units @p v with @p exp decimals. */
static void amount(cop__hbuf *b, const json_t *v, int exp)
{
	json_int_t a, p = 1;
	int i;

	if (!json_is_integer(v)) {
		cop__hb_figure(b, v, 0);
		return;
	}
	a = json_integer_value(v);
	for (i = 0; i < exp && i < 6; i++)
		p *= 10;
	if (a < 0) {
		cop__hb_puts(b, "-");
		a = -a;
	}
	cop__hb_printf(b, "%lld", (long long)(a / p));
	if (exp > 0)
		cop__hb_printf(b, ".%0*lld", exp > 6 ? 6 : exp,
			(long long)(a % p));
}

static void text_funding(cop__hbuf *b, const json_t *f)
{
	const json_t *c;
	size_t i;
	int exp;

	cop__hb_puts(b, "Funding\n");
	if (json_array_size(f) == 0)
		cop__hb_puts(b, "  no data\n");
	for (i = 0; i < json_array_size(f); i++) {
		c = json_array_get(f, i);
		exp = (int)json_integer_value(GET(c, "exponent"));
		cop__hb_puts(b, "  ");
		hb_plain(b, str(c, "currency"));
		cop__hb_puts(b, ": balance ");
		amount(b, GET(c, "balance"), exp);
		cop__hb_puts(b, ", burn ");
		amount(b, GET(c, "burn"), exp);
		cop__hb_puts(b, " a month, runway ");
		cop__hb_figure(b, GET(c, "runway_months"), 0);
		if (json_is_number(GET(c, "runway_months")))
			cop__hb_puts(b, " months");
		cop__hb_puts(b, "\n");
	}
}

static void text_series(cop__hbuf *b, const json_t *act)
{
	static const char *const unit_fields[] = {
		"  contributions ", "contributions",
		", active members ", "active_members",
		", new contributors ", "new_contributors", NULL, NULL };
	const json_t *series = GET(act, "series"), *u;
	size_t i;

	cop__hb_puts(b, "Activity by ");
	hb_plain(b, json_is_string(GET(act, "unit")) ? str(act, "unit") :
		"period");
	cop__hb_puts(b, "\n");
	if (json_array_size(series) == 0)
		cop__hb_puts(b, "  no data\n");
	for (i = 0; i < json_array_size(series); i++) {
		u = json_array_get(series, i);
		cop__hb_puts(b, "  ");
		hb_plain(b, str(u, "start"));
		cop__hb_fields(b, u, unit_fields);
		cop__hb_puts(b, "\n");
	}
}

static void text_scorecard(cop__hbuf *b, const json_t *card)
{
	const json_t *e;
	size_t i;

	cop__hb_puts(b, "Scorecard\n");
	if (json_array_size(card) == 0)
		cop__hb_puts(b, "  no data\n");
	for (i = 0; i < json_array_size(card); i++) {
		e = json_array_get(card, i);
		cop__hb_puts(b, "  [");
		hb_plain(b, str(e, "status"));
		cop__hb_puts(b, "] ");
		hb_plain(b, str(e, "label"));
		cop__hb_puts(b, strcmp(str(e, "kind"), "obstacle") == 0 ?
			" (obstacle)" : "");
		cop__hb_puts(b, ": ");
		hb_plain(b, str(e, "indicator"));
		cop__hb_puts(b, " ");
		cop__hb_figure(b, GET(e, "value"), 0);
		cop__hb_puts(b, "\n    ");
		hb_plain(b, str(e, "why"));
		cop__hb_puts(b, "\n");
	}
}

void cop__health_text(cop__hbuf *b, const json_t *r)
{
	static const char *const heading[5] = { "Health of ", " (",
		")\nPeriod: ", " to ", " (generated " };
	const json_t *p = GET(r, "participation");
	const json_t *t = GET(r, "time_to_first_response_hours");
	const json_t *h = GET(t, "histogram"), *ev, *e;
	size_t i;

	cop__hb_heading(b, r, hb_plain, heading);
	cop__hb_puts(b, ")\n\nActivity\n");
	line(b, "Contributions", GET(r, "contributions"), 0, NULL);
	line(b, "Questions", GET(r, "questions"), 0, NULL);
	line(b, "Active members", GET(r, "active_members"), 0, NULL);
	line(b, "New contributors", GET(r, "new_contributors"), 0, NULL);
	line(b, "Inactive contributors", GET(r, "inactive_contributors"), 0,
		NULL);
	cop__hb_puts(b, "Participation\n");
	line(b, "Core", GET(p, "core"), 0, NULL);
	line(b, "Active", GET(p, "active"), 0, NULL);
	line(b, "Peripheral", GET(p, "peripheral"), 0, NULL);
	line(b, "Inactive", GET(p, "inactive"), 0, NULL);
	line(b, "Top 1 % share", GET(p, "top1_share"), 1, NULL);
	line(b, "Top 10 % share", GET(p, "top10_share"), 1, NULL);
	cop__hb_puts(b, "Time to first response\n");
	line(b, "Median", GET(t, "median"), 0, " h");
	line(b, "90th percentile", GET(t, "p90"), 0, " h");
	line(b, "Responded", GET(t, "responded"), 0, NULL);
	line(b, "Unresponded", GET(t, "unresponded"), 0, NULL);
	for (i = 0; i < json_array_size(h); i++) {
		e = json_array_get(h, i);
		line(b, str(e, "label"), GET(e, "count"), 0, NULL);
	}
	cop__hb_puts(b, "Questions\n");
	line(b, "Answered share", GET(r, "answered_share"), 1, NULL);
	line(b, "Accepted share", GET(r, "accepted_share"), 1, NULL);
	cop__hb_puts(b, "Summaries\n");
	line(b, "Summary coverage", GET(r, "summary_coverage"), 1, NULL);
	line(b, "Covered", GET(GET(r, "summaries"), "covered"), 0, NULL);
	line(b, "Eligible", GET(GET(r, "summaries"), "eligible"), 0, NULL);
	cop__hb_puts(b, "Core group\n");
	line(b, "Absence factor", GET(r, "absence_factor"), 0, NULL);
	line(b, "Absence factor (organisations)",
		GET(r, "absence_factor_organisations"), 0, NULL);
	line(b, "Newcomer retention", GET(r, "newcomer_retention"), 1, NULL);
	cop__hb_puts(b, "Events and time\n");
	line(b, "Events held", GET(r, "events_held"), 0, NULL);
	line(b, "Attendance rate", GET(r, "attendance_rate"), 1, NULL);
	line(b, "Hours pledged", GET(r, "hours_pledged"), 0, NULL);
	line(b, "Hours given", GET(r, "hours_given"), 0, NULL);
	text_funding(b, GET(r, "funding"));
	text_series(b, GET(r, "activity"));
	cop__hb_puts(b, "Stage: ");
	hb_plain(b, json_is_string(GET(GET(r, "stage"), "name")) ?
		str(GET(r, "stage"), "name") : "no data");
	cop__hb_puts(b, "\n");
	ev = GET(GET(r, "stage"), "evidence");
	for (i = 0; i < json_array_size(ev); i++) {
		cop__hb_puts(b, "  - ");
		hb_plain(b, json_string_value(json_array_get(ev, i)));
		cop__hb_puts(b, "\n");
	}
	text_scorecard(b, GET(r, "scorecard"));
}

/* ---- the entry point ------------------------------------------------------- */

cop_status cop_health_render(char **out, const char *report_json,
	const char *format)
{
	json_error_t err;
	cop__hbuf b;
	json_t *r;
	int html;

	if (!out)
		return cop__open_error(COP_EINVAL, "out is NULL");
	*out = NULL;
	if (!format || (strcmp(format, "text") != 0 &&
			strcmp(format, "html") != 0))
		return cop__open_error(COP_EINVAL, "unknown report format "
			"\"%.32s\" (text or html)", format ? format : "(null)");
	if (!report_json)
		return cop__open_error(COP_EINVAL, "no report given");
	html = format[0] == 'h';
	if (!(r = json_loads(report_json, JSON_REJECT_DUPLICATES, &err)))
		return cop__open_error(COP_EINVAL, "the report is not JSON "
			"(line %d: %.120s)", err.line, err.text);
	if (!json_is_object(r)) {
		json_decref(r);
		return cop__open_error(COP_EINVAL, "the report is not a JSON "
			"object");
	}
	memset(&b, 0, sizeof(b));
	if (html)
		cop__health_html(&b, r);
	else
		cop__health_text(&b, r);
	json_decref(r);
	if (b.oom || !b.p) {
		cop_free(b.p);
		return cop__open_error(COP_ENOMEM, "rendering the report: out "
			"of memory");
	}
	*out = b.p;
	return cop__open_error(COP_OK, "%s", "");
}
