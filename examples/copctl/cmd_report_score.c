/*
 * cmd_report_score.c: the health scorecard's commands (include/cop/
 * health.h, docs/health-scorecard.md): report threshold (show or set a
 * community's thresholds), report render (a report's JSON as the text or
 * HTML page), report compare (which factors go with healthy communities).
 * The report itself, `copctl report --community`, is the metrics'.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copctl.h"

/* A bound from the command line into *out. */
static int bound_arg(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(*out))
		return copctl_usage_error("a bound is a number, not", s);
	return COPCTL_EXIT_OK;
}

/* One indicator's line, or its JSON object appended to @p list. */
static int show_one(struct copctl *ctl, const char *community,
	const char *indicator, json_t *list)
{
	double good = 0, poor = 0;
	int rc;

	if ((rc = cop_health_threshold_lookup(&good, &poor, ctl->store,
			community, indicator)) != COP_OK)
		return copctl_fail(ctl, rc, community);
	if (list)
		json_array_append_new(list, json_pack("{s:s, s:f, s:f}",
			"indicator", indicator, "good", good, "poor", poor));
	else
		printf("%s %s: good %g, poor %g\n", community, indicator, good,
			poor);
	return COPCTL_EXIT_OK;
}

/* report threshold COMMUNITY [INDICATOR [GOOD POOR | default]]: show
 * every indicator's bounds, or one's; set them; or put them back to the
 * defaults. */
static int cmd_report_threshold(struct copctl *ctl, const struct args *a)
{
	const char *community = a->pos[0], *ind = a->npos > 1 ? a->pos[1] : NULL;
	json_t *list = ctl->json ? json_array() : NULL;
	double good = 0, poor = 0;
	const char *name;
	int rc = COPCTL_EXIT_OK, i;

	if (a->npos == 3 && strcmp(a->pos[2], "default") != 0) {
		json_decref(list);
		return copctl_usage_error("give GOOD and POOR, or 'default', "
			"not", a->pos[2]);
	}
	if (a->npos == 3)
		rc = cop_health_threshold_reset(ctl->store, community, ind);
	else if (a->npos == 4 && ((rc = bound_arg(a->pos[2], &good)) !=
			COPCTL_EXIT_OK || (rc = bound_arg(a->pos[3], &poor)) !=
			COPCTL_EXIT_OK)) {
		json_decref(list);
		return rc;
	} else if (a->npos == 4)
		rc = cop_health_threshold_set(ctl->store, community, ind, good,
			poor);
	if (rc != COP_OK) {
		json_decref(list);
		return copctl_fail(ctl, rc, community);
	}
	if (ind)
		rc = show_one(ctl, community, ind, list);
	for (i = 0; !ind && rc == COPCTL_EXIT_OK &&
	     (name = cop_health_indicator_name(i)) != NULL; i++)
		rc = show_one(ctl, community, name, list);
	if (rc != COPCTL_EXIT_OK) {
		json_decref(list);
		return rc;
	}
	if (list)
		return copctl_print_json_decimal(json_pack("{s:s, s:o}",
			"community", community, "thresholds", list));
	return COPCTL_EXIT_OK;
}

/* All of @p path ("-": standard input) into a malloc'd text. */
static char *slurp(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t n = 0, cap = 0, got;
	char *p = NULL, *q;

	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (!(q = realloc(p, cap))) {
				free(p);
				p = NULL;
				break;
			}
			p = q;
		}
		got = fread(p + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (p && ferror(f)) {
		free(p);
		p = NULL;
	}
	if (p)
		p[n] = '\0';
	if (f != stdin)
		fclose(f);
	return p;
}

/* report render FILE [--format text|html]: a health report's JSON (as
 * `report --json` writes it) as its text or HTML page. */
static int cmd_report_render(struct copctl *ctl, const struct args *a)
{
	const char *format = a->opt[OPT_FORMAT] ? a->opt[OPT_FORMAT] : "text";
	char *json, *page = NULL;
	int rc;

	if (!(json = slurp(a->pos[0]))) {
		fprintf(stderr, "copctl: %s: %s\n", a->pos[0], strerror(errno));
		return COPCTL_EXIT_FAIL;
	}
	rc = cop_health_render(&page, json, format);
	free(json);
	if (rc != COP_OK)
		return copctl_fail(NULL, rc, a->pos[0]);
	if (ctl->json)
		rc = copctl_print_json(json_pack("{s:s, s:s}", "format", format,
			"page", page));
	else
		rc = fputs(page, stdout) < 0 ? COPCTL_EXIT_FAIL : COPCTL_EXIT_OK;
	cop_text_dispose(page);
	return rc;
}

/* report compare [FROM [TO]]: which factors go with healthy communities
 * in the store (always JSON). */
static int cmd_report_compare(struct copctl *ctl, const struct args *a)
{
	char *text = NULL;
	json_t *v;
	int rc;

	rc = cop_health_compare(&text, ctl->store, a->npos > 0 ? a->pos[0] :
		NULL, a->npos > 1 ? a->pos[1] : NULL);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	v = json_loads(text, 0, NULL);
	cop_text_dispose(text);
	return copctl_print_json_decimal(v);
}

/* report threshold; report render; report compare. */
const struct command copctl_report_score_commands[] = {
	{ "report", "threshold", 0, 1, 4, OPEN_EXISTING, cmd_report_threshold,
	  "COMMUNITY [INDICATOR [GOOD POOR | default]]",
	  "show, set or reset the health scorecard's thresholds" },
	{ "report", "render", O(OPT_FORMAT), 1, 1, OPEN_NONE, cmd_report_render,
	  "FILE [--format text|html]",
	  "a health report's JSON (FILE, or - for standard input) as a page" },
	{ "report", "compare", 0, 0, 2, OPEN_EXISTING, cmd_report_compare,
	  "[FROM [TO]]",
	  "which scorecard factors go with healthy communities (JSON)" },
	COPCTL_COMMANDS_END
};
