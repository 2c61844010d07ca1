/*
 * health_html.c: a health report as one self-contained HTML page
 * (docs/health-scorecard.md, "Reports"): inline CSS, inline SVG charts
 * (activity over time, participation levels, the response-time
 * distribution, the scorecard), no script, nothing fetched (the page's
 * Content-Security-Policy forbids it too).  Readable without colour:
 * every status is a word and a shape, the participation levels have
 * patterns as well as shades, every bar and point its figure in a
 * tooltip and in the tables.  Every text of the report is escaped; a
 * figure without a value is "no data".
 */
#include <stdio.h>
#include "health_int.h"

#define GET(o, key) json_object_get((o), (key))

/* The chart area: the drawing's width and the plot's margins. */
#define W 720.0
#define LEFT 48.0
#define RIGHT 16.0

static const char css[] =
	"body{font-family:sans-serif;margin:2em auto;max-width:52em;"
	"color:#111;background:#fff;line-height:1.4}"
	"h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #999;padding:.2em .5em;text-align:left;"
	"vertical-align:top}td.num{text-align:right}"
	"figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.3em}"
	"svg.chart{width:100%;height:auto;border:1px solid #ccc}"
	"svg text{font-size:11px;fill:#111}"
	".bar{fill:#3b6ea5;stroke:#111;stroke-width:.5}"
	".point{fill:#fff;stroke:#111;stroke-width:1.5}"
	".line{fill:none;stroke:#111;stroke-width:1}"
	".axis{stroke:#111;stroke-width:1}"
	".status-good .mark{fill:#2e7d32}.status-watch .mark{fill:#f9a825}"
	".status-poor .mark{fill:#c62828}.status-unknown .mark{fill:#fff;"
	"stroke:#555;stroke-dasharray:2 2}"
	".mark{stroke:#111;stroke-width:1}"
	"td.status{font-weight:bold;text-transform:uppercase}"
	".nodata{font-style:italic}";

/* Attribute-safe text. */
#define ESC(b, s) cop__hb_html((b), (s))

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(GET(o, key));

	return s ? s : "";
}

/* A figure as a length: 0 when null, absent or negative. */
static double num(const json_t *v)
{
	double d = json_is_number(v) ? json_number_value(v) : 0;

	return d > 0 ? d : 0;
}

/* A table row: label, figure ("no data" when null). */
static void row(cop__hbuf *b, const char *label, const json_t *v, int share,
	const char *unit)
{
	cop__hb_puts(b, "<tr><th scope=\"row\">");
	ESC(b, label);
	cop__hb_puts(b, json_is_number(v) ? "</th><td class=\"num\">" :
		"</th><td class=\"num nodata\">");
	cop__hb_figure(b, v, share);
	if (json_is_number(v) && unit)
		cop__hb_puts(b, unit);
	cop__hb_puts(b, "</td></tr>\n");
}

static void figures(cop__hbuf *b, const json_t *r)
{
	static const char *const money[] = {
		"</td><td class=\"num\">", "balance",
		"</td><td class=\"num\">", "burn",
		"</td><td class=\"num\">", "runway_months", NULL, NULL };
	const json_t *p = GET(r, "participation");
	const json_t *t = GET(r, "time_to_first_response_hours");
	const json_t *f = GET(r, "funding"), *c;
	size_t i;

	cop__hb_puts(b, "<section id=\"figures\"><h2>Figures</h2>\n<table>\n");
	row(b, "Contributions", GET(r, "contributions"), 0, NULL);
	row(b, "Questions", GET(r, "questions"), 0, NULL);
	row(b, "Active members", GET(r, "active_members"), 0, NULL);
	row(b, "New contributors", GET(r, "new_contributors"), 0, NULL);
	row(b, "Inactive contributors", GET(r, "inactive_contributors"), 0,
		NULL);
	row(b, "Participation: core", GET(p, "core"), 0, NULL);
	row(b, "Participation: active", GET(p, "active"), 0, NULL);
	row(b, "Participation: peripheral", GET(p, "peripheral"), 0, NULL);
	row(b, "Participation: inactive", GET(p, "inactive"), 0, NULL);
	row(b, "Share of the top 1 %", GET(p, "top1_share"), 1, NULL);
	row(b, "Share of the top 10 %", GET(p, "top10_share"), 1, NULL);
	row(b, "First response: median", GET(t, "median"), 0, " h");
	row(b, "First response: 90th percentile", GET(t, "p90"), 0, " h");
	row(b, "Questions responded to", GET(t, "responded"), 0, NULL);
	row(b, "Questions without response", GET(t, "unresponded"), 0, NULL);
	row(b, "Answered share", GET(r, "answered_share"), 1, NULL);
	row(b, "Accepted share", GET(r, "accepted_share"), 1, NULL);
	row(b, "Summary coverage", GET(r, "summary_coverage"), 1, NULL);
	row(b, "Summaries: covered", GET(GET(r, "summaries"), "covered"), 0,
		NULL);
	row(b, "Summaries: eligible", GET(GET(r, "summaries"), "eligible"), 0,
		NULL);
	row(b, "Absence factor", GET(r, "absence_factor"), 0, NULL);
	row(b, "Absence factor (organisations)",
		GET(r, "absence_factor_organisations"), 0, NULL);
	row(b, "Newcomer retention", GET(r, "newcomer_retention"), 1, NULL);
	row(b, "Events held", GET(r, "events_held"), 0, NULL);
	row(b, "Attendance rate", GET(r, "attendance_rate"), 1, NULL);
	row(b, "Hours pledged", GET(r, "hours_pledged"), 0, NULL);
	row(b, "Hours given", GET(r, "hours_given"), 0, NULL);
	cop__hb_puts(b, "</table>\n<table><caption>Funding (minor units)"
		"</caption>\n<tr><th scope=\"col\">Currency</th><th scope=\"col\">"
		"Balance</th><th scope=\"col\">Burn a month</th>"
		"<th scope=\"col\">Runway (months)</th></tr>\n");
	if (json_array_size(f) == 0)
		cop__hb_puts(b, "<tr><td colspan=\"4\" class=\"nodata\">no data"
			"</td></tr>\n");
	for (i = 0; i < json_array_size(f); i++) {
		c = json_array_get(f, i);
		cop__hb_puts(b, "<tr><td>");
		ESC(b, str(c, "currency"));
		cop__hb_fields(b, c, money);
		cop__hb_puts(b, "</td></tr>\n");
	}
	cop__hb_puts(b, "</table></section>\n");
}

/* A tooltip: "LABEL: FIGURE WHAT" as an SVG title, and the end of the
 * element @p end it belongs to ("rect", "circle"). */
static void tooltip(cop__hbuf *b, const char *label, const json_t *v,
	const char *what, const char *end)
{
	cop__hb_puts(b, "<title>");
	ESC(b, label);
	cop__hb_puts(b, ": ");
	cop__hb_figure(b, v, 0);
	cop__hb_printf(b, "%s</title></%s>\n", what, end);
}

/* A bar at (x, y), @p w wide and @p h high, with its tooltip. */
static void bar(cop__hbuf *b, double x, double y, double w, double h,
	const char *label, const json_t *v, const char *what)
{
	cop__hb_printf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" "
		"width=\"%.1f\" height=\"%.1f\">", x, y, w, h);
	tooltip(b, label, v, what, "rect");
}

/* Open a chart: its figure, caption and svg of height @p h. */
static void chart_open(cop__hbuf *b, const char *name, const char *caption,
	double h)
{
	cop__hb_printf(b, "<figure id=\"chart-%s\"><figcaption id=\"cap-%s\">",
		name, name);
	ESC(b, caption);
	cop__hb_printf(b, "</figcaption>\n<svg class=\"chart\" "
		"data-chart=\"%s\" "
		"viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
		"role=\"img\" aria-labelledby=\"cap-%s\">\n", name, W, h, W, h,
		name);
}

static void chart_close(cop__hbuf *b)
{
	cop__hb_puts(b, "</svg></figure>\n");
}

static void no_data(cop__hbuf *b, double y)
{
	cop__hb_printf(b, "<text class=\"nodata\" x=\"%.0f\" y=\"%.0f\">"
		"no data</text>\n", LEFT, y);
}

/* Activity over time: a bar per unit for its contributions, a point per
 * unit (joined by a line) for its active members. */
static void chart_activity(cop__hbuf *b, const json_t *act)
{
	const json_t *series = GET(act, "series"), *u;
	size_t n = json_array_size(series), i;
	double max = 1, h = 240, top = 20, base = 200, step, x, y, v;
	const char *unit = json_is_string(GET(act, "unit")) ?
		str(act, "unit") : "period";
	char cap[160];

	snprintf(cap, sizeof(cap), "Activity over time, by %.16s: "
		"contributions (bars) and active members (round points)", unit);
	chart_open(b, "activity", cap, h);
	if (n == 0) {
		no_data(b, 100);
		chart_close(b);
		return;
	}
	for (i = 0; i < n; i++) {
		u = json_array_get(series, i);
		if (num(GET(u, "contributions")) > max)
			max = num(GET(u, "contributions"));
		if (num(GET(u, "active_members")) > max)
			max = num(GET(u, "active_members"));
	}
	step = (W - LEFT - RIGHT) / (double)n;
	cop__hb_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
		"x2=\"%.1f\" y2=\"%.1f\"/>\n<text x=\"4\" y=\"%.1f\">%.0f</text>"
		"\n<text x=\"4\" y=\"%.1f\">0</text>\n", LEFT, base, W - RIGHT,
		base, top + 4, max, base);
	for (i = 0; i < n; i++) {
		u = json_array_get(series, i);
		v = num(GET(u, "contributions"));
		x = LEFT + step * (double)i;
		y = base - (base - top) * v / max;
		bar(b, x + step * 0.1, y, step * 0.8, base - y,
			str(u, "start"), GET(u, "contributions"), " contributions");
	}
	cop__hb_puts(b, "<polyline class=\"line\" points=\"");
	for (i = 0; i < n; i++) {
		u = json_array_get(series, i);
		cop__hb_printf(b, "%s%.1f,%.1f", i ? " " : "",
			LEFT + step * ((double)i + 0.5),
			base - (base - top) * num(GET(u, "active_members")) / max);
	}
	cop__hb_puts(b, "\"/>\n");
	for (i = 0; i < n; i++) {
		u = json_array_get(series, i);
		cop__hb_printf(b, "<circle class=\"point\" cx=\"%.1f\" "
			"cy=\"%.1f\" r=\"3.5\">",
			LEFT + step * ((double)i + 0.5),
			base - (base - top) * num(GET(u, "active_members")) / max);
		tooltip(b, str(u, "start"), GET(u, "active_members"),
			" active members", "circle");
	}
	cop__hb_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", LEFT, base + 16);
	ESC(b, str(json_array_get(series, 0), "start"));
	cop__hb_printf(b, "</text>\n<text x=\"%.1f\" y=\"%.1f\" "
		"text-anchor=\"end\">", W - RIGHT, base + 16);
	ESC(b, str(json_array_get(series, n - 1), "start"));
	cop__hb_puts(b, "</text>\n");
	chart_close(b);
}

/* Participation levels: a horizontal bar per level, each with its own
 * pattern, its figure written beside it. */
static void chart_participation(cop__hbuf *b, const json_t *p)
{
	static const char *const level[] = { "core", "active", "peripheral",
		"inactive" };
	static const char *const fill[] = { "#1b4f72", "url(#hatch)",
		"url(#dots)", "#fff" };
	double max = 1, y, len;
	const json_t *v;
	int i;

	chart_open(b, "participation", "Participation levels (members at "
		"each level)", 150);
	cop__hb_puts(b, "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" "
		"patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" "
		"fill=\"#fff\"/><path d=\"M0,6 L6,0\" stroke=\"#1b4f72\" "
		"stroke-width=\"2\"/></pattern><pattern id=\"dots\" width=\"5\" "
		"height=\"5\" patternUnits=\"userSpaceOnUse\"><rect width=\"5\" "
		"height=\"5\" fill=\"#fff\"/><circle cx=\"2.5\" cy=\"2.5\" "
		"r=\"1.2\" fill=\"#1b4f72\"/></pattern></defs>\n");
	for (i = 0; i < 4; i++)
		if (num(GET(p, level[i])) > max)
			max = num(GET(p, level[i]));
	for (i = 0; i < 4; i++) {
		v = GET(p, level[i]);
		y = 12 + 32.0 * i;
		cop__hb_printf(b, "<text x=\"4\" y=\"%.1f\">%s</text>\n", y + 15,
			level[i]);
		if (!json_is_number(v)) {
			cop__hb_printf(b, "<text class=\"nodata\" x=\"%.1f\" "
				"y=\"%.1f\">no data</text>\n", LEFT + 40, y + 15);
			continue;
		}
		len = (W - LEFT - 40 - RIGHT - 60) * num(v) / max;
		cop__hb_printf(b, "<rect class=\"bar level\" x=\"%.1f\" "
			"y=\"%.1f\" width=\"%.1f\" height=\"22\" style=\"fill:%s\">",
			LEFT + 40, y, len, fill[i]);
		tooltip(b, level[i], v, "", "rect");
		cop__hb_printf(b, "<text x=\"%.1f\" y=\"%.1f\">",
			LEFT + 46 + len, y + 15);
		cop__hb_figure(b, v, 0);
		cop__hb_puts(b, "</text>\n");
	}
	chart_close(b);
}

/* The response-time distribution: a bar per bucket of the histogram,
 * its count above it and its label below. */
static void chart_histogram(cop__hbuf *b, const json_t *t)
{
	const json_t *h = GET(t, "histogram"), *e;
	size_t n = json_array_size(h), i;
	double max = 1, top = 20, base = 170, step, x, y;

	chart_open(b, "response-times", "Time to first response (questions "
		"in each band)", 200);
	if (n == 0) {
		no_data(b, 100);
		chart_close(b);
		return;
	}
	for (i = 0; i < n; i++)
		if (num(GET(json_array_get(h, i), "count")) > max)
			max = num(GET(json_array_get(h, i), "count"));
	step = (W - LEFT - RIGHT) / (double)n;
	cop__hb_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
		"x2=\"%.1f\" y2=\"%.1f\"/>\n", LEFT, base, W - RIGHT, base);
	for (i = 0; i < n; i++) {
		e = json_array_get(h, i);
		x = LEFT + step * (double)i;
		y = base - (base - top) * num(GET(e, "count")) / max;
		bar(b, x + step * 0.15, y, step * 0.7, base - y,
			str(e, "label"), GET(e, "count"), "");
		cop__hb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">", x + step / 2, y - 4);
		cop__hb_figure(b, GET(e, "count"), 0);
		cop__hb_printf(b, "</text>\n<text x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">", x + step / 2, base + 16);
		ESC(b, str(e, "label"));
		cop__hb_puts(b, "</text>\n");
	}
	chart_close(b);
}

/* A status's mark at (x, y): good a circle, watch a triangle, poor a
 * square with a cross, unknown a dashed circle with a question mark. */
static void mark(cop__hbuf *b, const char *status, double x, double y)
{
	if (strcmp(status, "good") == 0)
		cop__hb_printf(b, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" "
			"r=\"7\"/>", x, y);
	else if (strcmp(status, "watch") == 0)
		cop__hb_printf(b, "<polygon class=\"mark\" points=\"%.1f,%.1f "
			"%.1f,%.1f %.1f,%.1f\"/>", x, y - 8, x + 8, y + 7, x - 8,
			y + 7);
	else if (strcmp(status, "poor") == 0)
		cop__hb_printf(b, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" "
			"width=\"14\" height=\"14\"/><path class=\"axis\" "
			"d=\"M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f L%.1f,%.1f\"/>",
			x - 7, y - 7, x - 5, y - 5, x + 5, y + 5, x - 5, y + 5,
			x + 5, y - 5);
	else
		cop__hb_printf(b, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" "
			"r=\"7\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
			"?</text>", x, y, x, y + 4);
}

/* The status's word, known or "unknown". */
static const char *status_word(const json_t *e)
{
	const char *s = str(e, "status");

	return strcmp(s, "good") == 0 || strcmp(s, "watch") == 0 ||
		strcmp(s, "poor") == 0 ? s : "unknown";
}

/* The scorecard: a row per entry, its status as a mark and a word. */
static void chart_scorecard(cop__hbuf *b, const json_t *card)
{
	size_t n = json_array_size(card), i;
	const json_t *e;
	const char *st;
	double y;

	chart_open(b, "scorecard", "Scorecard (good: circle, watch: triangle, "
		"poor: crossed square, unknown: dashed circle)",
		n ? 12.0 + 24.0 * (double)n : 40);
	if (n == 0)
		no_data(b, 24);
	for (i = 0; i < n; i++) {
		e = json_array_get(card, i);
		st = status_word(e);
		y = 20 + 24.0 * (double)i;
		cop__hb_printf(b, "<g class=\"score status-%s\">", st);
		mark(b, st, 14, y);
		cop__hb_printf(b, "<text x=\"30\" y=\"%.1f\">%s</text>"
			"<text x=\"90\" y=\"%.1f\">", y + 4, st, y + 4);
		ESC(b, str(e, "label"));
		cop__hb_puts(b, strcmp(str(e, "kind"), "obstacle") == 0 ?
			" (obstacle)" : "");
		cop__hb_printf(b, "</text><text x=\"400\" y=\"%.1f\">", y + 4);
		ESC(b, str(e, "indicator"));
		cop__hb_puts(b, " ");
		cop__hb_figure(b, GET(e, "value"), 0);
		cop__hb_puts(b, "</text></g>\n");
	}
	chart_close(b);
}

static void scorecard_table(cop__hbuf *b, const json_t *card)
{
	const json_t *e;
	size_t i;

	cop__hb_puts(b, "<table><tr><th scope=\"col\">Status</th>"
		"<th scope=\"col\">Factor</th><th scope=\"col\">Indicator</th>"
		"<th scope=\"col\">Value</th><th scope=\"col\">Why</th></tr>\n");
	for (i = 0; i < json_array_size(card); i++) {
		e = json_array_get(card, i);
		cop__hb_printf(b, "<tr class=\"status-%s\"><td class=\"status\">"
			"%s</td><td>", status_word(e), status_word(e));
		ESC(b, str(e, "label"));
		cop__hb_puts(b, strcmp(str(e, "kind"), "obstacle") == 0 ?
			" (obstacle)" : "");
		cop__hb_puts(b, "</td><td>");
		ESC(b, str(e, "indicator"));
		cop__hb_puts(b, json_is_number(GET(e, "value")) ?
			"</td><td class=\"num\">" : "</td><td class=\"num nodata\">");
		cop__hb_figure(b, GET(e, "value"), 0);
		cop__hb_puts(b, "</td><td>");
		ESC(b, str(e, "why"));
		cop__hb_puts(b, "</td></tr>\n");
	}
	cop__hb_puts(b, "</table>\n");
}

void cop__health_html(cop__hbuf *b, const json_t *r)
{
	static const char *const heading[5] = { "</style></head>\n<body>\n"
		"<header><h1>Health of ", " <small>(", ")</small></h1>\n<p>"
		"Period: ", " to ", " (generated " };
	const json_t *c = GET(r, "community"), *stage = GET(r, "stage"), *ev;
	size_t i;

	cop__hb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
		"<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-"
		"Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
		"\">\n<meta name=\"viewport\" content=\"width=device-width, "
		"initial-scale=1\">\n<title>Health of ");
	ESC(b, str(c, "name"));
	cop__hb_puts(b, "</title>\n<style>");
	cop__hb_puts(b, css);
	cop__hb_heading(b, r, cop__hb_html, heading);
	cop__hb_puts(b, ")</p></header>\n<section id=\"stage\"><h2>Stage: ");
	ESC(b, json_is_string(GET(stage, "name")) ? str(stage, "name") :
		"no data");
	cop__hb_puts(b, "</h2>\n<ul>\n");
	ev = GET(stage, "evidence");
	for (i = 0; i < json_array_size(ev); i++) {
		cop__hb_puts(b, "<li>");
		ESC(b, json_string_value(json_array_get(ev, i)));
		cop__hb_puts(b, "</li>\n");
	}
	cop__hb_puts(b, "</ul></section>\n<section id=\"charts\"><h2>Charts"
		"</h2>\n");
	chart_activity(b, GET(r, "activity"));
	chart_participation(b, GET(r, "participation"));
	chart_histogram(b, GET(r, "time_to_first_response_hours"));
	cop__hb_puts(b, "</section>\n<section id=\"scorecard\"><h2>Scorecard"
		"</h2>\n");
	chart_scorecard(b, GET(r, "scorecard"));
	scorecard_table(b, GET(r, "scorecard"));
	cop__hb_puts(b, "</section>\n");
	figures(b, r);
	cop__hb_puts(b, "</body></html>\n");
}
