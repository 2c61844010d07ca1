/*
 * copctl: libcop's example command-line tool.
 * cmd_import.c: `copctl import stackexchange DIR`, `copctl import mbox
 * FILE... --community SLUG`.
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "copctl.h"

#define BAR_WIDTH 30

/* The progress bar's state: the file drawn last, to end its line. */
struct bar {
	char file[64];
	int drawn;
	int last_pct;
};

static void bar_end(struct bar *b)
{
	if (b->drawn)
		fputc('\n', stderr);
	b->drawn = 0;
}

/* cop_progress_fn: one line per file, redrawn in place. */
static void bar_progress(void *ctx, const char *file, uint64_t done,
	uint64_t total)
{
	struct bar *b = ctx;
	char fill[BAR_WIDTH + 1];
	int pct, n, i;

	if (strcmp(b->file, file) != 0) {
		bar_end(b);
		snprintf(b->file, sizeof(b->file), "%s", file);
		b->last_pct = -1;
	}
	if (total == 0) {
		fprintf(stderr, "\r%-20s %" PRIu64 " KiB", file, done / 1024);
		b->drawn = 1;
		return;
	}
	pct = (int)(done * 100 / total);
	if (pct == b->last_pct)
		return;
	b->last_pct = pct;
	n = pct * BAR_WIDTH / 100;
	for (i = 0; i < BAR_WIDTH; i++)
		fill[i] = i < n ? '#' : '.';
	fill[BAR_WIDTH] = '\0';
	fprintf(stderr, "\r%-20s [%s] %3d%%", file, fill, pct);
	b->drawn = 1;
}

struct report_field { const char *name; size_t off; };
#define F(n) { #n, offsetof(cop_import_report, n) }
static const struct report_field se_fields[] = {
	F(members), F(threads), F(contributions), F(revisions), F(votes),
	F(accepted), F(badges), F(links), F(unchanged),
	F(skipped_posts), F(skipped_comments), F(skipped_revisions),
	F(skipped_votes), F(skipped_accepts), F(skipped_badges),
	F(skipped_links), F(ignored), F(history),
};
static const struct report_field mbox_fields[] = {
	F(members), F(threads), F(contributions), F(unchanged),
	F(skipped_posts),
};
#undef F

/* An import's report: its fields as JSON, or a line each. */
static int import_report(struct copctl *ctl, const cop_import_report *rep,
	const char *what, const struct report_field *fields, size_t n)
{
	size_t i;

	if (ctl->json) {
		json_t *o = json_object();
		for (i = 0; i < n; i++)
			json_object_set_new(o, fields[i].name, json_integer(
				*(const int64_t *)((const char *)rep + fields[i].off)));
		return copctl_print_json(o);
	}
	printf("imported %s\n", what);
	for (i = 0; i < n; i++) {
		int64_t v = *(const int64_t *)((const char *)rep + fields[i].off);
		/* Skipped kinds are always shown, the rest when not 0. */
		if (v != 0 || !strncmp(fields[i].name, "skipped_", 8))
			printf("  %-18s %" PRId64 "\n", fields[i].name, v);
	}
	return COPCTL_EXIT_OK;
}

/* Options with the progress bar unless quiet or not a terminal. */
static void import_options(cop_import_options *opts, struct bar *b,
	const char *community, int quiet)
{
	memset(opts, 0, sizeof(*opts));
	memset(b, 0, sizeof(*b));
	opts->version = COP_IMPORT_OPTIONS_VERSION;
	opts->community = community;
	if (!quiet && isatty(STDERR_FILENO)) {
		opts->progress = bar_progress;
		opts->progress_ctx = b;
	}
}

int copctl_import_stackexchange(struct copctl *ctl, const char *dir,
	const char *community, int quiet)
{
	cop_import_options opts;
	cop_import_report rep;
	struct bar b;
	int rc;

	import_options(&opts, &b, community, quiet);
	rc = cop_import_stackexchange(&rep, ctl->store, dir, &opts);
	bar_end(&b);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, "import stackexchange");
	return import_report(ctl, &rep, dir, se_fields,
		sizeof(se_fields) / sizeof(se_fields[0]));
}

static int cmd_import_se(struct copctl *ctl, const struct args *a)
{
	return copctl_import_stackexchange(ctl, a->pos[0],
		a->opt[OPT_COMMUNITY], a->opt[OPT_QUIET] != NULL);
}

static int cmd_import_mbox(struct copctl *ctl, const struct args *a)
{
	cop_import_options opts;
	cop_import_report rep;
	struct bar b;
	int rc;

	if (!a->opt[OPT_COMMUNITY])
		return copctl_usage_error("import mbox needs --community SLUG",
			NULL);
	import_options(&opts, &b, a->opt[OPT_COMMUNITY],
		a->opt[OPT_QUIET] != NULL);
	rc = cop_import_mbox(&rep, ctl->store, a->pos, (size_t)a->npos, &opts);
	bar_end(&b);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, "import mbox");
	return import_report(ctl, &rep, a->npos == 1 ? a->pos[0] : "mbox files",
		mbox_fields, sizeof(mbox_fields) / sizeof(mbox_fields[0]));
}

static int cmd_import_message(struct copctl *ctl, const struct args *a)
{
	cop_contribution *c = NULL;
	int rc = cop_mbox_message_lookup(&c, ctl->store, a->pos[0]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, "import message");
	if (ctl->json) {
		json_t *o = json_object();
		json_object_set_new(o, "message_id", json_string(a->pos[0]));
		json_object_set_new(o, "contribution_id",
			json_string(cop_contribution_id(c)));
		json_object_set_new(o, "thread_id",
			json_string(cop_contribution_thread_id(c)));
		cop_contribution_free(c);
		return copctl_print_json(o);
	}
	printf("%s %s\n", cop_contribution_id(c), cop_contribution_thread_id(c));
	cop_contribution_free(c);
	return COPCTL_EXIT_OK;
}

/* import stackexchange, mbox (import json: cmd_interop.c). */
const struct command copctl_import_commands[] = {
	{ "import", "stackexchange", O(OPT_COMMUNITY) | O(OPT_QUIET), 1, 1,
	  OPEN_CREATE, cmd_import_se, "DIR [--community SLUG] [--quiet]",
	  "import a Stack Exchange data dump (slug: the folder's name)" },
	{ "import", "mbox", O(OPT_COMMUNITY) | O(OPT_QUIET), 1, MAX_POSITIONAL,
	  OPEN_CREATE, cmd_import_mbox, "FILE... --community SLUG [--quiet]",
	  "import mailing-list archives (mbox, Mailman; .gz too)" },
	{ "import", "message", 0, 1, 1, OPEN_EXISTING, cmd_import_message,
	  "MESSAGE-ID", "the contribution and thread a mail message became" },
	COPCTL_COMMANDS_END
};
