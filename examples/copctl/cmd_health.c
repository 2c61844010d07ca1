/*
 * copctl: libcop's example command-line tool.
 * cmd_health.c: a community's health report, `copctl report`
 * (docs/health.md).
 */
#include <stdio.h>
#include <string.h>

#include "copctl.h"

/* report --community SLUG [--from DATE] [--to DATE] [--format F]: the
 * JSON document, or its text (the default) or HTML page. */
static int cmd_report(struct copctl *ctl, const struct args *a)
{
	const char *format = a->opt[OPT_FORMAT];
	char *doc = NULL;
	int rc;

	if (!a->opt[OPT_COMMUNITY])
		return copctl_usage_error("report needs --community SLUG", NULL);
	if (!format)
		format = ctl->json ? "json" : "text";
	if (strcmp(format, "json") && strcmp(format, "text") &&
	    strcmp(format, "html"))
		return copctl_usage_error("--format is text, json or html, not",
			format);
	if (ctl->json && strcmp(format, "json"))
		return copctl_usage_error("--json is --format json, not", format);
	rc = cop_health_report_json(&doc, ctl->store, a->opt[OPT_COMMUNITY],
		a->opt[OPT_FROM], a->opt[OPT_TO]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->opt[OPT_COMMUNITY]);
	if (strcmp(format, "json")) {
		/* The text or HTML page of the document (health-scorecard). */
		char *page = NULL;

		rc = cop_health_render(&page, doc, format);
		cop_text_dispose(doc);
		if (rc != COP_OK)
			return copctl_fail(ctl, rc, format);
		doc = page;
	}
	rc = fputs(doc, stdout) == EOF || (doc[0] &&
		doc[strlen(doc) - 1] != '\n' && fputc('\n', stdout) == EOF) ?
		COPCTL_EXIT_FAIL : COPCTL_EXIT_OK;
	cop_text_dispose(doc);
	return rc;
}

/* report. */
const struct command copctl_health_commands[] = {
	{ "report", NULL, O(OPT_COMMUNITY) | O(OPT_FROM) | O(OPT_TO) |
	  O(OPT_FORMAT), 0, 0, OPEN_EXISTING, cmd_report,
	  "--community SLUG [--from DATE] [--to DATE] [--format text|json|html]",
	  "a community's health report over a period (facilitators, owners, "
	  "trust level 4)" },
	COPCTL_COMMANDS_END
};
