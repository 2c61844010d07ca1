/*
 * copctl: libcop's example command-line tool.
 *
 *   copctl [--db URI] [--as HANDLE | --anonymous] [--json] [--durable] COMMAND ...
 *
 * copctl.c is the dispatcher: the options, the command line, help and
 * usage, opening the store and acting as --as.  The commands live in one
 * file per noun, each holding its part of the command table (a row per
 * command: its words, the options it takes, how many positional
 * arguments, how the store is opened, and the function that runs it):
 *
 *   cmd_store.c        init, search, log, stats
 *   cmd_member.c       member add, list, show
 *   cmd_community.c    community create, list, show, join, members, role
 *   cmd_thread.c       thread new, list, show, state, set; post, reply, edit,
 *                      history
 *   cmd_interop.c      export, import json, member export, member erase,
 *                      community policy
 *   cmd_import.c       import stackexchange
 *   cmd_recognition.c  vote, accept, kudos, reputation, badges,
 *                      leaderboard, verify
 *   cmd_flag.c         flag raise, list, resolve
 *   cmd_moderation.c   member suspend, unsuspend; community silence,
 *                      unsilence; hide, unhide, modlog
 *   cmd_funding.c      fund add, received, list, report, visibility;
 *                      hours report; hours
 *   cmd_digest.c       digest
 *   cmd_event.c        event new, list, show, cancel, ics; rsvp; attend
 *   cmd_facilitation.c queue, summary
 *   cmd_report_score.c report threshold, render, compare
 *   cmd_mail.c         email add, list, primary, remove, token, verify;
 *                      mail token, check, ingest
 *   demo.c             demo
 *
 * and help and version here.  output.c holds what every command prints
 * with; copctl.h what the files share.  main() parses the command line
 * against the command's row, opens the store, acts as --as, and calls the
 * row's function.
 *
 * copctl uses only the public API (<cop/cop.h>) and jansson.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "copctl.h"

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

#define OPTS_GLOBAL (O(OPT_DB) | O(OPT_AS) | O(OPT_JSON) | O(OPT_HELP) | \
                     O(OPT_VERSION) | O(OPT_DURABLE) | O(OPT_ANONYMOUS))

struct option_def {
	const char *name;      /* without the leading "--" */
	enum opt_id id;
	int has_arg;
};

static const struct option_def option_defs[] = {
	{ "db",             OPT_DB,             1 },
	{ "as",             OPT_AS,             1 },
	{ "anonymous",      OPT_ANONYMOUS,      0 },
	{ "json",           OPT_JSON,           0 },
	{ "durable",        OPT_DURABLE,        0 },
	{ "help",           OPT_HELP,           0 },
	{ "version",        OPT_VERSION,        0 },
	{ "name",           OPT_NAME,           1 },
	{ "org",            OPT_ORG,            1 },
	{ "lang",           OPT_LANG,           1 },
	{ "limit",          OPT_LIMIT,          1 },
	{ "after",          OPT_AFTER,          1 },
	{ "purpose",        OPT_PURPOSE,        1 },
	{ "visibility",     OPT_VISIBILITY,     1 },
	{ "member",         OPT_MEMBER,         1 },
	{ "hours",          OPT_HOURS,          1 },
	{ "title",          OPT_TITLE,          1 },
	{ "kind",           OPT_KIND,           1 },
	{ "tags",           OPT_TAGS,           1 },
	{ "body",           OPT_BODY,           1 },
	{ "to",             OPT_TO,             1 },
	{ "translation-of", OPT_TRANSLATION_OF, 1 },
	{ "comment",        OPT_COMMENT,        1 },
	{ "community",      OPT_COMMUNITY,      1 },
	{ "period",         OPT_PERIOD,         1 },
	{ "tag",            OPT_TAG,            1 },
	{ "repair",         OPT_REPAIR,         0 },
	{ "message",        OPT_MESSAGE,        1 },
	{ "for",            OPT_FOR,            1 },
	{ "undo",           OPT_UNDO,           0 },
	{ "quiet",          OPT_QUIET,          0 },
	{ "until",          OPT_UNTIL,          1 },
	{ "reason",         OPT_REASON,         1 },
	{ "date",           OPT_DATE,           1 },
	{ "counterparty",   OPT_COUNTERPARTY,   1 },
	{ "note",           OPT_NOTE,           1 },
	{ "event",          OPT_EVENT,          1 },
	{ "at",             OPT_AT,             1 },
	{ "window-months",  OPT_WINDOW_MONTHS,  1 },
	{ "month",          OPT_MONTH,          1 },
	{ "by",             OPT_BY,             1 },
	{ "since",          OPT_SINCE,          1 },
	{ "format",         OPT_FORMAT,         1 },
	{ "mark-sent",      OPT_MARK_SENT,      0 },
	{ "level",          OPT_LEVEL,          1 },
	{ "unread",         OPT_UNREAD,         0 },
	{ "all",            OPT_ALL,            0 },
	{ "domain",         OPT_DOMAIN,         1 },
	{ "start",          OPT_START,          1 },
	{ "end",            OPT_END,            1 },
	{ "tz",             OPT_TZ,             1 },
	{ "place",          OPT_PLACE,          1 },
	{ "url",            OPT_URL,            1 },
	{ "capacity",       OPT_CAPACITY,       1 },
	{ "past",           OPT_PAST,           0 },
	{ "absent",         OPT_ABSENT,         0 },
	{ "from",           OPT_FROM,           1 },
	{ "sendmail",       OPT_SENDMAIL,       1 },
	{ "excerpt",        OPT_EXCERPT,        1 },
	{ "wiki",           OPT_WIKI,           1 },
};

/* ------------------------------------------------------------------ */
/* The command table                                                   */
/* ------------------------------------------------------------------ */

static int cmd_help(struct copctl *ctl, const struct args *a);
static int cmd_version(struct copctl *ctl, const struct args *a);

/* help and version. */
static const struct command general_commands[] = {
	{ "help", NULL, 0, 0, 1, OPEN_NONE, cmd_help,
	  "[COMMAND]", "show this help" },
	{ "version", NULL, 0, 0, 0, OPEN_NONE, cmd_version,
	  "", "show the versions of copctl and libcop" },
	COPCTL_COMMANDS_END
};

/* The parts of the command table, one per file (see copctl.h). */
static const struct command *const command_tables[] = {
	copctl_store_commands,
	copctl_member_commands,
	copctl_community_commands,
	copctl_thread_commands,
	copctl_thread_history_commands,
	copctl_interop_commands,
	copctl_import_commands,
	copctl_recognition_commands,
	copctl_flag_commands,
	copctl_moderation_commands,
	copctl_funding_commands,
	copctl_digest_commands,
	copctl_notify_commands,
	copctl_consent_commands,
	copctl_event_commands,
	copctl_facilitation_commands,
	copctl_report_score_commands,
	copctl_health_commands,
	copctl_mail_commands,
	copctl_tag_commands,
	copctl_demo_commands,
	general_commands,
};

/*
 * The order `copctl help` lists the commands in: by command word, in this
 * order, and the rows of one word in the order of command_tables (so
 * "member export" comes after "member show").  A word missing here comes
 * last.
 */
static const char *const help_order[] = {
	"init", "member", "community", "thread", "post", "reply", "edit",
	"history", "search", "log", "stats", "export", "import", "vote",
	"accept", "kudos", "reputation", "badges", "leaderboard", "flag",
	"hide", "unhide", "redact", "modlog", "queue", "summary", "report",
	"invitation",
	"tag", "event", "rsvp", "attend", "fund", "hours", "digest", "follow",
	"unfollow", "follows", "notifications", "report", "email", "mail",
	"verify", "demo", "help",
	"version",
};

/* Where command word @p name comes in the help. */
static size_t help_rank(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(help_order); i++)
		if (strcmp(help_order[i], name) == 0)
			return i;
	return ARRAY_SIZE(help_order);
}

#define COPCTL_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Reading a command's arguments (declared in copctl.h)                */
/* ------------------------------------------------------------------ */

/* Parse an unsigned integer option into *out (left alone when absent). */
int copctl_opt_uint(const struct args *a, enum opt_id id, const char *name,
	unsigned long max, unsigned long *out)
{
	const char *s = a->opt[id];
	char *end;
	unsigned long v;

	if (!s)
		return COPCTL_EXIT_OK;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v > max || s[0] == '-') {
		fprintf(stderr, "copctl: --%s wants a number from 0 to %lu, not '%s'\n",
			name, max, s);
		return COPCTL_EXIT_USAGE;
	}
	*out = v;
	return COPCTL_EXIT_OK;
}

/* Parse a date option into *out (0 when absent). */
int copctl_opt_date(const struct args *a, enum opt_id id, const char *name,
	cop_time *out)
{
	const char *v = a->opt[id];
	char buf[32], msg[96];

	*out = 0;
	if (!v)
		return COPCTL_EXIT_OK;
	if (strlen(v) == 10) {
		snprintf(buf, sizeof(buf), "%s 00:00", v);
		v = buf;
	}
	if (copctl_time_parse(out, v) == 0)
		return COPCTL_EXIT_OK;
	snprintf(msg, sizeof(msg), "--%s takes YYYY-MM-DD or "
		"\"YYYY-MM-DD HH:MM\" (UTC), not", name);
	return copctl_usage_error(msg, a->opt[id]);
}

/* Fill a keyset page from --limit and --after. */
int copctl_page_from_args(cop_page *page, const struct args *a)
{
	unsigned long limit = 0;
	int rc = copctl_opt_uint(a, OPT_LIMIT, "limit", 1000000, &limit);

	page->after = a->opt[OPT_AFTER];
	page->limit = (unsigned int)limit;
	return rc;
}

/* The member id of @p handle into @p id (COP_ID_TEXT_LEN + 1 bytes),
 * read as the acting member (--as, --anonymous, else the system): a
 * member that actor may not see is "no such member", as one that is not
 * there, so the answer shows nothing the call itself would not.  (A
 * facilitator sees the members whose requests, invitations and bans it
 * manages: docs/privacy.md.) */
int copctl_member_id_of(struct copctl *ctl, const char *handle, char *id)
{
	cop_member *m = NULL;
	int rc;

	if ((rc = cop_member_lookup_by_handle(&m, ctl->store, handle)) != COP_OK)
		return copctl_fail(ctl, rc, handle);
	snprintf(id, COP_ID_TEXT_LEN + 1, "%s", cop_member_id(m));
	cop_member_free(m);
	return COPCTL_EXIT_OK;
}

/*
 * The body of a contribution: --body, or all of standard input.  *owned
 * receives what must be freed (NULL when the body is --body's text).
 */
int copctl_read_body(const struct args *a, const char **body, char **owned)
{
	size_t len = 0, cap = 4096;
	char *buf;

	*owned = NULL;
	if (a->opt[OPT_BODY]) {
		*body = a->opt[OPT_BODY];
		return COPCTL_EXIT_OK;
	}
	if (isatty(STDIN_FILENO))
		fprintf(stderr, "copctl: reading the body from standard input "
			"(end with Ctrl-D), or use --body TEXT\n");
	buf = malloc(cap);
	while (buf) {
		/* Read at most one byte past the limit: the library says ETOOBIG. */
		size_t n = fread(buf + len, 1, cap - len - 1, stdin);

		len += n;
		if (n == 0 || len > COP_BODY_MAX)
			break;
		if (cap - len - 1 == 0) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (!buf) {
		fprintf(stderr, "copctl: out of memory reading the body\n");
		return COPCTL_EXIT_FAIL;
	}
	if (ferror(stdin)) {
		free(buf);
		fprintf(stderr, "copctl: cannot read the body: %s\n", strerror(errno));
		return COPCTL_EXIT_FAIL;
	}
	buf[len] = '\0';
	*body = *owned = buf;
	return COPCTL_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Help and version                                                    */
/* ------------------------------------------------------------------ */

static void print_usage_line(FILE *f, const struct command *cmd)
{
	char words[48];

	snprintf(words, sizeof(words), "%s%s%s", cmd->name,
		cmd->sub ? " " : "", cmd->sub ? cmd->sub : "");
	fprintf(f, "  %-18s %s\n", words, cmd->usage);
	fprintf(f, "  %-18s   %s\n", "", cmd->summary);
}

static void print_usage(FILE *f, const char *only)
{
	const struct command *cmd;
	size_t rank, t;

	if (!only)
		fprintf(f,
			"usage: copctl [--db URI] [--as HANDLE | --anonymous] [--json] [--durable] COMMAND ...\n"
			"\n"
			"  --db URI     the store: PATH, sqlite:PATH or :memory:\n"
			"               (default: $COP_DB, else ./cop.db)\n"
			"  --as HANDLE  act as this member (default: the system, with\n"
			"               no restrictions: copctl is the store's\n"
			"               administrator's tool)\n"
			"  --anonymous  act as the anonymous viewer: public content\n"
			"               only, no writes (what a visitor sees)\n"
			"  --json       print JSON on standard output\n"
			"  --durable    sync every commit to disk (COP_OPEN_DURABLE)\n"
			"\n"
			"commands:\n");
	for (rank = 0; rank <= ARRAY_SIZE(help_order); rank++)
		for (t = 0; t < ARRAY_SIZE(command_tables); t++)
			for (cmd = command_tables[t]; cmd->name; cmd++)
				if (help_rank(cmd->name) == rank &&
				    (!only || strcmp(cmd->name, only) == 0))
					print_usage_line(f, cmd);
	if (!only)
		fprintf(f, "\nA body is read from standard input unless --body "
			"is given.  Exit status: 0 ok, 1 refused or failed, "
			"2 bad usage.\n");
}

/* Whether some command has the word @p name. */
static int command_word_known(const char *name)
{
	const struct command *cmd;
	size_t t;

	for (t = 0; t < ARRAY_SIZE(command_tables); t++)
		for (cmd = command_tables[t]; cmd->name; cmd++)
			if (strcmp(cmd->name, name) == 0)
				return 1;
	return 0;
}

static int cmd_help(struct copctl *ctl, const struct args *a)
{
	(void)ctl;
	if (a->npos == 1 && !command_word_known(a->pos[0]))
		return copctl_usage_error("no such command", a->pos[0]);
	print_usage(stdout, a->npos == 1 ? a->pos[0] : NULL);
	return COPCTL_EXIT_OK;
}

static int cmd_version(struct copctl *ctl, const struct args *a)
{
	(void)a;
	if (ctl->json) {
		json_t *o = json_object();

		json_object_set_new(o, "copctl", json_string(COPCTL_VERSION));
		json_object_set_new(o, "libcop", copctl_json_str(cop_version()));
		return copctl_print_json(o);
	}
	printf("copctl %s (libcop %s)\n", COPCTL_VERSION, cop_version());
	return COPCTL_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* The command line                                                    */
/* ------------------------------------------------------------------ */

static const struct option_def *find_option(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(option_defs); i++)
		if (strlen(option_defs[i].name) == len &&
		    strncmp(option_defs[i].name, name, len) == 0)
			return &option_defs[i];
	return NULL;
}

/*
 * Parse argv[*i] (an option) into @p a, consuming its value.  Options
 * are "--name VALUE" or "--name=VALUE".
 */
static int parse_option(struct args *a, opt_set allowed, int argc,
	char **argv, int *i)
{
	const char *arg = argv[*i] + 2;
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct option_def *def = find_option(arg, len);

	if (!def || !(allowed & O(def->id)))
		return copctl_usage_error("unknown option for this command",
			argv[*i]);
	if (!def->has_arg) {
		if (eq)
			return copctl_usage_error("this option takes no value",
				argv[*i]);
		a->opt[def->id] = "";
		return COPCTL_EXIT_OK;
	}
	if (eq) {
		a->opt[def->id] = eq + 1;
	} else {
		if (*i + 1 >= argc)
			return copctl_usage_error("missing value for", argv[*i]);
		a->opt[def->id] = argv[++*i];
	}
	return COPCTL_EXIT_OK;
}

/*
 * Parse argv[from..] against @p allowed options; positional arguments go
 * to a->pos.  With @p stop_at_word, stop at the first positional (for the
 * global options before the command); *next receives where parsing stopped.
 */
static int parse_args(struct args *a, opt_set allowed, int argc,
	char **argv, int from, int stop_at_word, int *next)
{
	int i, only_words = 0;

	for (i = from; i < argc; i++) {
		int rc;

		if (!only_words && strcmp(argv[i], "--") == 0 && !stop_at_word) {
			only_words = 1;
			continue;
		}
		if (!only_words && strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
			if ((rc = parse_option(a, allowed, argc, argv, &i)) != COPCTL_EXIT_OK)
				return rc;
			continue;
		}
		if (stop_at_word)
			break;
		if (a->npos == MAX_POSITIONAL)
			return copctl_usage_error("too many arguments", NULL);
		a->pos[a->npos++] = argv[i];
	}
	*next = i;
	return COPCTL_EXIT_OK;
}

/* Find the table row for argv[at] (and argv[at+1] for subcommands). */
static const struct command *find_command(int argc, char **argv, int at,
	int *words)
{
	const char *name = argv[at];
	const char *sub = at + 1 < argc ? argv[at + 1] : NULL;
	const struct command *cmd;
	size_t t;

	for (t = 0; t < ARRAY_SIZE(command_tables); t++)
		for (cmd = command_tables[t]; cmd->name; cmd++) {
			if (strcmp(cmd->name, name) != 0)
				continue;
			if (!cmd->sub) {
				*words = 1;
				return cmd;
			}
			if (sub && strcmp(cmd->sub, sub) == 0) {
				*words = 2;
				return cmd;
			}
		}
	if (!command_word_known(name)) {
		copctl_usage_error("unknown command", name);
	} else {
		fprintf(stderr, "copctl: '%s' needs one of:\n", name);
		print_usage(stderr, name);
	}
	return NULL;
}

static int check_arity(const struct command *cmd, const struct args *a)
{
	if (a->npos >= cmd->min_pos && a->npos <= cmd->max_pos)
		return COPCTL_EXIT_OK;
	fprintf(stderr, "copctl: %s: wrong number of arguments\nusage:\n",
		cmd->name);
	print_usage_line(stderr, cmd);
	return COPCTL_EXIT_USAGE;
}

/* Open the store as @p cmd wants it, and act as --as. */
static int open_store(struct copctl *ctl, const struct command *cmd)
{
	cop_open_options opts = COP_OPEN_OPTIONS_INIT;
	cop_member *m = NULL;
	char context[96];
	int rc;

	/* The administrator's tool acts as the system unless told. */
	opts.flags |= COP_OPEN_SYSTEM;
	if (cmd->open == OPEN_EXISTING)
		opts.flags |= COP_OPEN_NOCREATE;
	if (ctl->durable)
		opts.flags |= COP_OPEN_DURABLE;
	rc = cop_open(&ctl->store, ctl->db, &opts);
	if (rc != COP_OK) {
		copctl_fail(NULL, rc, ctl->db);
		if (rc == COP_ENOTFOUND)
			fprintf(stderr, "copctl: create it with 'copctl --db %s init'\n",
				ctl->db);
		return COPCTL_EXIT_FAIL;
	}
	if (ctl->anonymous &&
	    (rc = cop_store_set_actor(ctl->store, NULL)) != COP_OK)
		return copctl_fail(ctl, rc, "--anonymous");
	if (!ctl->as)
		return COPCTL_EXIT_OK;
	snprintf(context, sizeof(context), "--as %s", ctl->as);
	if ((rc = cop_member_lookup_by_handle(&m, ctl->store, ctl->as)) != COP_OK)
		return copctl_fail(ctl, rc, context);
	rc = cop_store_set_actor(ctl->store, cop_member_id(m));
	cop_member_free(m);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, context);
	return COPCTL_EXIT_OK;
}

static const char *default_db(void)
{
	const char *env = getenv("COP_DB");

	return env && *env ? env : "cop.db";
}

static int run(struct copctl *ctl, int argc, char **argv)
{
	struct args global, a;
	const struct command *cmd;
	int rc, at, words = 0, rest;

	memset(&global, 0, sizeof(global));
	memset(&a, 0, sizeof(a));
	if ((rc = parse_args(&global, OPTS_GLOBAL, argc, argv, 1, 1, &at)) != 0)
		return rc;
	ctl->json = global.opt[OPT_JSON] != NULL;
	if (global.opt[OPT_VERSION])
		return cmd_version(ctl, &global);
	if (at == argc) {
		if (global.opt[OPT_HELP]) {
			print_usage(stdout, NULL);
			return COPCTL_EXIT_OK;
		}
		print_usage(stderr, NULL);
		return COPCTL_EXIT_USAGE;
	}
	if (!(cmd = find_command(argc, argv, at, &words)))
		return COPCTL_EXIT_USAGE;
	memcpy(a.opt, global.opt, sizeof(a.opt));
	rc = parse_args(&a, OPTS_GLOBAL | cmd->opts, argc, argv, at + words, 0,
		&rest);
	if (rc != COPCTL_EXIT_OK)
		return rc;
	ctl->json = a.opt[OPT_JSON] != NULL;
	if (!ctl->json && copctl_text_output_begin() != 0) {
		fprintf(stderr, "copctl: cannot set up the output\n");
		return COPCTL_EXIT_FAIL;
	}
	if (a.opt[OPT_VERSION])
		return cmd_version(ctl, &a);
	if (a.opt[OPT_HELP]) {
		print_usage_line(stdout, cmd);
		return COPCTL_EXIT_OK;
	}
	if ((rc = check_arity(cmd, &a)) != COPCTL_EXIT_OK)
		return rc;
	ctl->db = a.opt[OPT_DB] ? a.opt[OPT_DB] : default_db();
	ctl->as = a.opt[OPT_AS];
	ctl->anonymous = a.opt[OPT_ANONYMOUS] != NULL;
	if (ctl->as && ctl->anonymous) {
		fprintf(stderr, "copctl: --as and --anonymous are two actors: "
			"give one\n");
		return COPCTL_EXIT_USAGE;
	}
	ctl->durable = a.opt[OPT_DURABLE] != NULL;
	if (cmd->open != OPEN_NONE &&
	    (rc = open_store(ctl, cmd)) != COPCTL_EXIT_OK)
		return rc;
	return cmd->run(ctl, &a);
}

int main(int argc, char **argv)
{
	struct copctl ctl = { NULL, NULL, NULL, 0, 0, 0 };
	int status;

	status = run(&ctl, argc, argv);
	if ((copctl_text_output_end() != 0 || fflush(stdout) != 0) &&
	    status == COPCTL_EXIT_OK) {
		fprintf(stderr, "copctl: cannot write the output\n");
		status = COPCTL_EXIT_FAIL;
	}
	if (ctl.store && cop_close(ctl.store) != COP_OK &&
	    status == COPCTL_EXIT_OK) {
		fprintf(stderr, "copctl: %s\n", cop_strerror(COP_EIO));
		status = COPCTL_EXIT_FAIL;
	}
	return status;
}
