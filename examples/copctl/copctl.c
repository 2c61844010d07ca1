/*
 * copctl: libcop's example command-line tool.
 *
 *   copctl [--db URI] [--as HANDLE] [--json] COMMAND ...
 *
 * Every command is one row of the table `commands` below: its words, the
 * options it takes, how many positional arguments, how the store is opened,
 * and the function that runs it.  main() parses the command line against
 * that row, opens the store, acts as --as, and calls the function.
 *
 * copctl uses only the public API (<cop/cop.h>) and jansson.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "copctl.h"

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

enum opt_id {
	OPT_DB, OPT_AS, OPT_JSON, OPT_HELP, OPT_VERSION,  /* global */
	OPT_NAME, OPT_ORG, OPT_LANG, OPT_LIMIT, OPT_AFTER, OPT_PURPOSE,
	OPT_VISIBILITY, OPT_MEMBER, OPT_HOURS, OPT_TITLE, OPT_KIND, OPT_TAGS,
	OPT_BODY, OPT_TO, OPT_TRANSLATION_OF, OPT_COMMENT, OPT_COMMUNITY,
	OPT_PERIOD, OPT_TAG, OPT_REPAIR, OPT_MESSAGE, OPT_FOR, OPT_UNDO,
	OPT_QUIET,
	OPT__COUNT
};

#define O(id) (1u << (id))
#define OPTS_GLOBAL (O(OPT_DB) | O(OPT_AS) | O(OPT_JSON) | O(OPT_HELP) | \
                     O(OPT_VERSION))
#define OPTS_PAGE   (O(OPT_LIMIT) | O(OPT_AFTER))

struct option_def {
	const char *name;      /* without the leading "--" */
	enum opt_id id;
	int has_arg;
};

static const struct option_def option_defs[] = {
	{ "db",             OPT_DB,             1 },
	{ "as",             OPT_AS,             1 },
	{ "json",           OPT_JSON,           0 },
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
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_POSITIONAL 16

/* The parsed command line of one command. */
struct args {
	const char *opt[OPT__COUNT];      /* value, "" for flags, NULL if absent */
	const char *pos[MAX_POSITIONAL];
	int npos;
};

/* ------------------------------------------------------------------ */
/* The command table                                                   */
/* ------------------------------------------------------------------ */

/* How a command opens the store. */
enum open_mode {
	OPEN_NONE,       /* help, version: no store */
	OPEN_CREATE,     /* init, demo: create the database when missing */
	OPEN_EXISTING    /* every other command: the database must exist */
};

typedef int (*command_fn)(struct copctl *ctl, const struct args *a);

struct command {
	const char *name;
	const char *sub;          /* subcommand, or NULL */
	unsigned int opts;        /* allowed options besides the global ones */
	int min_pos, max_pos;     /* positional arguments */
	enum open_mode open;
	command_fn run;
	const char *usage;        /* arguments, after the command words */
	const char *summary;
};

static int cmd_help(struct copctl *ctl, const struct args *a);
static int cmd_version(struct copctl *ctl, const struct args *a);
static int cmd_init(struct copctl *ctl, const struct args *a);
static int cmd_member_add(struct copctl *ctl, const struct args *a);
static int cmd_member_list(struct copctl *ctl, const struct args *a);
static int cmd_member_show(struct copctl *ctl, const struct args *a);
static int cmd_member_export(struct copctl *ctl, const struct args *a);
static int cmd_member_erase(struct copctl *ctl, const struct args *a);
static int cmd_community_policy(struct copctl *ctl, const struct args *a);
static int cmd_community_create(struct copctl *ctl, const struct args *a);
static int cmd_community_list(struct copctl *ctl, const struct args *a);
static int cmd_community_show(struct copctl *ctl, const struct args *a);
static int cmd_community_join(struct copctl *ctl, const struct args *a);
static int cmd_community_members(struct copctl *ctl, const struct args *a);
static int cmd_community_role(struct copctl *ctl, const struct args *a);
static int cmd_thread_new(struct copctl *ctl, const struct args *a);
static int cmd_thread_list(struct copctl *ctl, const struct args *a);
static int cmd_thread_show(struct copctl *ctl, const struct args *a);
static int cmd_thread_state(struct copctl *ctl, const struct args *a);
static int cmd_reply(struct copctl *ctl, const struct args *a);
static int cmd_edit(struct copctl *ctl, const struct args *a);
static int cmd_history(struct copctl *ctl, const struct args *a);
static int cmd_search(struct copctl *ctl, const struct args *a);
static int cmd_log(struct copctl *ctl, const struct args *a);
static int cmd_stats(struct copctl *ctl, const struct args *a);
static int cmd_export(struct copctl *ctl, const struct args *a);
static int cmd_import_json(struct copctl *ctl, const struct args *a);
static int cmd_import_se(struct copctl *ctl, const struct args *a);
static int cmd_demo(struct copctl *ctl, const struct args *a);
static int cmd_vote(struct copctl *ctl, const struct args *a);
static int cmd_accept(struct copctl *ctl, const struct args *a);
static int cmd_kudos(struct copctl *ctl, const struct args *a);
static int cmd_reputation(struct copctl *ctl, const struct args *a);
static int cmd_badges(struct copctl *ctl, const struct args *a);
static int cmd_leaderboard(struct copctl *ctl, const struct args *a);
static int cmd_verify(struct copctl *ctl, const struct args *a);
static int cmd_flag_raise(struct copctl *ctl, const struct args *a);
static int cmd_flag_list(struct copctl *ctl, const struct args *a);
static int cmd_flag_resolve(struct copctl *ctl, const struct args *a);

#define OPTS_POST (O(OPT_TO) | O(OPT_KIND) | O(OPT_BODY) | O(OPT_LANG) | \
                   O(OPT_TRANSLATION_OF))

static const struct command commands[] = {
	{ "init", NULL, 0, 0, 0, OPEN_CREATE, cmd_init,
	  "", "create the database (or check an existing one)" },
	{ "member", "add", O(OPT_NAME) | O(OPT_ORG) | O(OPT_LANG), 1, 1,
	  OPEN_EXISTING, cmd_member_add,
	  "HANDLE --name NAME [--org ORG] [--lang \"en fr\"]", "add a member" },
	{ "member", "list", OPTS_PAGE, 0, 0, OPEN_EXISTING, cmd_member_list,
	  "[--limit N] [--after CURSOR]", "list members by handle" },
	{ "member", "show", 0, 1, 1, OPEN_EXISTING, cmd_member_show,
	  "HANDLE", "show a member and their latest contributions" },
	{ "member", "export", 0, 1, 1, OPEN_EXISTING, cmd_member_export,
	  "HANDLE > FILE",
	  "write everything about a member as JSON on stdout (themself or "
	  "the system)" },
	{ "member", "erase", 0, 1, 1, OPEN_EXISTING, cmd_member_erase,
	  "HANDLE", "erase a member's personal data; their contributions are "
	  "kept anonymously or removed, per community policy" },
	{ "community", "create", O(OPT_NAME) | O(OPT_PURPOSE) | O(OPT_LANG) |
	  O(OPT_VISIBILITY), 1, 1, OPEN_EXISTING, cmd_community_create,
	  "SLUG --name NAME [--purpose P] [--lang L] "
	  "[--visibility public|private|invite-only]", "create a community" },
	{ "community", "list", OPTS_PAGE, 0, 0, OPEN_EXISTING,
	  cmd_community_list, "[--limit N] [--after CURSOR]",
	  "list the communities you can see" },
	{ "community", "show", 0, 1, 1, OPEN_EXISTING, cmd_community_show,
	  "SLUG", "show a community and its counts" },
	{ "community", "join", O(OPT_MEMBER) | O(OPT_HOURS), 1, 1,
	  OPEN_EXISTING, cmd_community_join,
	  "SLUG [--member HANDLE] [--hours N]",
	  "join a community (or add a member to it)" },
	{ "community", "members", OPTS_PAGE, 1, 1, OPEN_EXISTING,
	  cmd_community_members, "SLUG [--limit N] [--after CURSOR]",
	  "list a community's members by role" },
	{ "community", "role", 0, 3, 3, OPEN_EXISTING, cmd_community_role,
	  "SLUG HANDLE owner|facilitator|core|member|observer",
	  "change a member's role" },
	{ "community", "policy", 0, 1, 2, OPEN_EXISTING, cmd_community_policy,
	  "SLUG [anonymize|remove]",
	  "show or set what erasing a member does to their contributions" },
	{ "thread", "new", O(OPT_TITLE) | O(OPT_KIND) | O(OPT_TAGS) |
	  O(OPT_LANG) | O(OPT_BODY), 1, 1, OPEN_EXISTING, cmd_thread_new,
	  "COMMUNITY --title T [--kind discussion|question|announcement] "
	  "[--tags \"a b\"] [--lang L] [--body TEXT | < FILE]",
	  "start a thread" },
	{ "thread", "list", OPTS_PAGE, 1, 1, OPEN_EXISTING, cmd_thread_list,
	  "COMMUNITY [--limit N] [--after CURSOR]",
	  "list a community's threads, latest activity first" },
	{ "thread", "show", OPTS_PAGE, 1, 1, OPEN_EXISTING, cmd_thread_show,
	  "THREAD_ID [--limit N] [--after CURSOR]",
	  "show a thread and its contributions" },
	{ "thread", "state", 0, 2, 2, OPEN_EXISTING, cmd_thread_state,
	  "THREAD_ID open|answered|closed|locked|pinned|hidden",
	  "change a thread's state" },
	{ "post", NULL, OPTS_POST, 1, 1, OPEN_EXISTING, cmd_reply,
	  "THREAD_ID [--to CONTRIB_ID] [--kind KIND] [--lang L] "
	  "[--translation-of CONTRIB_ID] [--body TEXT | < FILE]",
	  "add a contribution to a thread (same as reply)" },
	{ "reply", NULL, OPTS_POST, 1, 1, OPEN_EXISTING, cmd_reply,
	  "THREAD_ID [--to CONTRIB_ID] "
	  "[--kind reply|answer|comment|resource|summary] [--lang L] "
	  "[--translation-of CONTRIB_ID] [--body TEXT | < FILE]",
	  "reply to a thread" },
	{ "edit", NULL, O(OPT_BODY) | O(OPT_COMMENT), 1, 1, OPEN_EXISTING,
	  cmd_edit, "CONTRIB_ID [--body TEXT | < FILE] [--comment C]",
	  "edit your contribution (the old body is kept)" },
	{ "history", NULL, 0, 1, 1, OPEN_EXISTING, cmd_history,
	  "CONTRIB_ID", "show a contribution's earlier revisions" },
	{ "search", NULL, O(OPT_COMMUNITY) | O(OPT_LANG) | O(OPT_LIMIT), 1,
	  MAX_POSITIONAL, OPEN_EXISTING, cmd_search,
	  "QUERY... [--community SLUG] [--lang L] [--limit N]",
	  "full-text search of what you can see" },
	{ "log", NULL, O(OPT_AFTER) | O(OPT_LIMIT), 0, 0, OPEN_EXISTING,
	  cmd_log, "[--after SEQ] [--limit N]", "read the change log" },
	{ "stats", NULL, O(OPT_COMMUNITY), 0, 0, OPEN_EXISTING, cmd_stats,
	  "[--community SLUG]", "count what the store holds" },
	{ "export", NULL, O(OPT_COMMUNITY), 0, 0, OPEN_EXISTING, cmd_export,
	  "--community SLUG > FILE",
	  "write a community (what you can see of it) as JSON on stdout" },
	{ "import", "json", O(OPT_COMMUNITY), 1, 1, OPEN_CREATE,
	  cmd_import_json, "FILE [--community SLUG]",
	  "import a community exported as JSON (under another slug with "
	  "--community)" },
	{ "import", "stackexchange", O(OPT_COMMUNITY) | O(OPT_QUIET), 1, 1,
	  OPEN_CREATE, cmd_import_se, "DIR [--community SLUG] [--quiet]",
	  "import a Stack Exchange data dump (slug: the folder's name)" },
	{ "vote", NULL, 0, 1, 2, OPEN_EXISTING, cmd_vote,
	  "CONTRIB_ID [up|down|helpful|thanks|retract]",
	  "vote on a contribution (up by default), change or retract it" },
	{ "accept", NULL, O(OPT_UNDO), 1, 1, OPEN_EXISTING, cmd_accept,
	  "ANSWER_ID | --undo THREAD_ID",
	  "accept an answer to your question (or take it back)" },
	{ "kudos", NULL, O(OPT_MESSAGE) | O(OPT_FOR) | OPTS_PAGE, 2, 2,
	  OPEN_EXISTING, cmd_kudos,
	  "COMMUNITY HANDLE [--message TEXT [--for CONTRIB_ID]]",
	  "thank a member (without --message: list their kudos)" },
	{ "reputation", NULL, OPTS_PAGE, 1, 2, OPEN_EXISTING, cmd_reputation,
	  "COMMUNITY [HANDLE] [--limit N] [--after CURSOR]",
	  "a member's reputation, trust level and ledger" },
	{ "badges", NULL, OPTS_PAGE, 1, 2, OPEN_EXISTING, cmd_badges,
	  "COMMUNITY [HANDLE] [--limit N] [--after CURSOR]",
	  "a member's badges, newest first" },
	{ "leaderboard", NULL, O(OPT_PERIOD) | O(OPT_TAG) | OPTS_PAGE, 1, 1,
	  OPEN_EXISTING, cmd_leaderboard,
	  "COMMUNITY [--period week|month|quarter|year|all] [--tag TAG] "
	  "[--limit N] [--after CURSOR]",
	  "members by reputation gained in a period" },
	{ "flag", "raise", O(OPT_MESSAGE), 1, 1, OPEN_EXISTING, cmd_flag_raise,
	  "CONTRIB_ID --message REASON",
	  "flag a contribution for the moderators" },
	{ "flag", "list", OPTS_PAGE, 1, 2, OPEN_EXISTING, cmd_flag_list,
	  "COMMUNITY [open|upheld|dismissed] [--limit N] [--after CURSOR]",
	  "the moderators' queue of flags, oldest first" },
	{ "flag", "resolve", 0, 2, 2, OPEN_EXISTING, cmd_flag_resolve,
	  "FLAG_ID upheld|dismissed", "close a flag" },
	{ "verify", NULL, O(OPT_COMMUNITY) | O(OPT_REPAIR), 0, 0, OPEN_EXISTING,
	  cmd_verify, "[--community SLUG] [--repair]",
	  "recompute recognition from the facts; exit 0 only when all agree" },
	{ "demo", NULL, 0, 0, 0, OPEN_CREATE, cmd_demo,
	  "", "build the KSGhana community of practice (May 2010)" },
	{ "help", NULL, 0, 0, 1, OPEN_NONE, cmd_help,
	  "[COMMAND]", "show this help" },
	{ "version", NULL, 0, 0, 0, OPEN_NONE, cmd_version,
	  "", "show the versions of copctl and libcop" },
};

#define COPCTL_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Shared helpers (declared in copctl.h)                               */
/* ------------------------------------------------------------------ */

int copctl_fail(struct copctl *ctl, int rc, const char *context)
{
	const char *msg = cop_errmsg(ctl ? ctl->store : NULL);

	if (!msg || !*msg || cop_errcode(ctl ? ctl->store : NULL) == COP_OK)
		msg = cop_strerror(rc);
	if (context)
		fprintf(stderr, "copctl: %s: %s\n", context, msg);
	else
		fprintf(stderr, "copctl: %s\n", msg);
	return COPCTL_EXIT_FAIL;
}

int copctl_usage_error(const char *message, const char *arg)
{
	if (arg)
		fprintf(stderr, "copctl: %s '%s'\n", message, arg);
	else
		fprintf(stderr, "copctl: %s\n", message);
	fprintf(stderr, "Try 'copctl help'.\n");
	return COPCTL_EXIT_USAGE;
}

int copctl_print_json(json_t *value)
{
	int rc;

	if (!value) {
		fprintf(stderr, "copctl: out of memory building JSON\n");
		return COPCTL_EXIT_FAIL;
	}
	rc = json_dumpf(value, stdout, JSON_INDENT(2));
	json_decref(value);
	if (rc != 0) {
		fprintf(stderr, "copctl: cannot write JSON\n");
		return COPCTL_EXIT_FAIL;
	}
	fputc('\n', stdout);
	return COPCTL_EXIT_OK;
}

json_t *copctl_json_str(const char *s)
{
	json_t *j;

	if (!s)
		return json_null();
	j = json_string(s);
	return j ? j : json_null();
}

static int time_split(struct tm *tm, cop_time t)
{
	time_t secs = (time_t)(t / 1000);

	return gmtime_r(&secs, tm) ? 0 : -1;
}

json_t *copctl_json_time(cop_time t)
{
	char buf[80];
	struct tm tm;

	if (t <= 0 || time_split(&tm, t) < 0)
		return json_null();
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		tm.tm_min, tm.tm_sec, (int)(t % 1000));
	return json_string(buf);
}

const char *copctl_time_text(char *buf, size_t size, cop_time t)
{
	struct tm tm;

	if (t <= 0 || time_split(&tm, t) < 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
		tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	return buf;
}

int copctl_time_parse(cop_time *out, const char *text)
{
	int y, mo, d, h, mi;
	char extra;

	if (sscanf(text, "%d-%d-%d %d:%d%c", &y, &mo, &d, &h, &mi, &extra) != 5)
		return -1;
	if ((*out = cop_time_utc(y, mo, d, h, mi, 0, 0)) < 0)
		return -1;
	return 0;
}

/* The stats fields, in output order: one table for text and JSON. */
struct stats_field {
	const char *name;
	size_t offset;
};

static const struct stats_field stats_fields[] = {
	{ "members",          offsetof(cop_stats, members) },
	{ "communities",      offsetof(cop_stats, communities) },
	{ "threads",          offsetof(cop_stats, threads) },
	{ "questions",        offsetof(cop_stats, questions) },
	{ "answers",          offsetof(cop_stats, answers) },
	{ "comments",         offsetof(cop_stats, comments) },
	{ "contributions",    offsetof(cop_stats, contributions) },
	{ "votes_up",         offsetof(cop_stats, votes_up) },
	{ "votes_down",       offsetof(cop_stats, votes_down) },
	{ "accepted_answers", offsetof(cop_stats, accepted_answers) },
	{ "badges_awarded",   offsetof(cop_stats, badges_awarded) },
	{ "tags",             offsetof(cop_stats, tags) },
};

static int64_t stats_value(const cop_stats *st, const struct stats_field *f)
{
	int64_t v;

	memcpy(&v, (const char *)st + f->offset, sizeof(v));
	return v;
}

json_t *copctl_stats_json(const cop_stats *st)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; o && i < ARRAY_SIZE(stats_fields); i++)
		json_object_set_new(o, stats_fields[i].name,
			json_integer((json_int_t)stats_value(st, &stats_fields[i])));
	return o;
}

void copctl_stats_print(const cop_stats *st, const char *indent)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(stats_fields); i++)
		printf("%s%-17s %lld\n", indent, stats_fields[i].name,
			(long long)stats_value(st, &stats_fields[i]));
}

/* A tiny cache: listings show the same few authors again and again. */
#define HANDLE_CACHE_SIZE 32

struct handle_slot {
	char id[COP_ID_TEXT_LEN + 1];
	char handle[72];
};

static struct handle_slot handle_cache[HANDLE_CACHE_SIZE];
static unsigned int handle_cache_next;

const char *copctl_handle_of(struct copctl *ctl, const char *member_id)
{
	struct handle_slot *slot;
	cop_member *m = NULL;
	size_t i;

	if (!member_id)
		return "system";
	for (i = 0; i < HANDLE_CACHE_SIZE; i++)
		if (strcmp(handle_cache[i].id, member_id) == 0)
			return handle_cache[i].handle;
	if (cop_member_get(&m, ctl->store, member_id) != COP_OK)
		return member_id;
	slot = &handle_cache[handle_cache_next++ % HANDLE_CACHE_SIZE];
	snprintf(slot->id, sizeof(slot->id), "%s", member_id);
	snprintf(slot->handle, sizeof(slot->handle), "%s", cop_member_handle(m));
	cop_member_free(m);
	return slot->handle;
}

/* ------------------------------------------------------------------ */
/* Objects as JSON and as text                                         */
/* ------------------------------------------------------------------ */

static const char *member_status_name(cop_member_status s)
{
	switch (s) {
	case COP_MEMBER_ACTIVE: return "active";
	case COP_MEMBER_SUSPENDED: return "suspended";
	case COP_MEMBER_DELETED: return "deleted";
	}
	return "unknown";
}

static json_t *member_json(const cop_member *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", copctl_json_str(cop_member_id(m)));
	json_object_set_new(o, "handle", copctl_json_str(cop_member_handle(m)));
	json_object_set_new(o, "display_name",
		copctl_json_str(cop_member_display_name(m)));
	json_object_set_new(o, "organisation",
		copctl_json_str(cop_member_organisation(m)));
	json_object_set_new(o, "languages",
		copctl_json_str(cop_member_languages(m)));
	json_object_set_new(o, "status",
		json_string(member_status_name(cop_member_status_get(m))));
	json_object_set_new(o, "created", copctl_json_time(cop_member_created(m)));
	return o;
}

static void member_print_line(const cop_member *m)
{
	const char *org = cop_member_organisation(m);
	const char *langs = cop_member_languages(m);

	printf("%-20s %s", cop_member_handle(m), cop_member_display_name(m));
	if (org)
		printf(" (%s)", org);
	if (langs)
		printf(" [%s]", langs);
	putchar('\n');
}

json_t *copctl_community_json(const cop_community *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", copctl_json_str(cop_community_id(c)));
	json_object_set_new(o, "slug", copctl_json_str(cop_community_slug(c)));
	json_object_set_new(o, "name", copctl_json_str(cop_community_name(c)));
	json_object_set_new(o, "purpose",
		copctl_json_str(cop_community_purpose(c)));
	json_object_set_new(o, "language",
		copctl_json_str(cop_community_language(c)));
	json_object_set_new(o, "visibility", copctl_json_str(
		cop_visibility_name(cop_community_visibility(c))));
	json_object_set_new(o, "created",
		copctl_json_time(cop_community_created(c)));
	return o;
}

static void community_print_line(const cop_community *c)
{
	printf("%-24s %-11s %-5s %s\n", cop_community_slug(c),
		cop_visibility_name(cop_community_visibility(c)),
		cop_community_language(c), cop_community_name(c));
}

static json_t *membership_json(const cop_membership *ms)
{
	json_t *o = json_object();

	json_object_set_new(o, "community_id",
		copctl_json_str(cop_membership_community_id(ms)));
	json_object_set_new(o, "member_id",
		copctl_json_str(cop_membership_member_id(ms)));
	json_object_set_new(o, "handle",
		copctl_json_str(cop_membership_handle(ms)));
	json_object_set_new(o, "role",
		copctl_json_str(cop_role_name(cop_membership_role(ms))));
	json_object_set_new(o, "status", copctl_json_str(
		cop_membership_status_name(cop_membership_status_get(ms))));
	json_object_set_new(o, "pledged_hours",
		json_integer(cop_membership_pledged_hours(ms)));
	json_object_set_new(o, "joined",
		copctl_json_time(cop_membership_joined(ms)));
	return o;
}

static void membership_print_line(const cop_membership *ms)
{
	char when[32];

	printf("%-12s %-20s %-9s %3d h/month  joined %s\n",
		cop_role_name(cop_membership_role(ms)),
		cop_membership_handle(ms) ? cop_membership_handle(ms) : "?",
		cop_membership_status_name(cop_membership_status_get(ms)),
		cop_membership_pledged_hours(ms),
		copctl_time_text(when, sizeof(when), cop_membership_joined(ms)));
}

json_t *copctl_thread_json(const cop_thread *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", copctl_json_str(cop_thread_id(t)));
	json_object_set_new(o, "community_id",
		copctl_json_str(cop_thread_community_id(t)));
	json_object_set_new(o, "author_id",
		copctl_json_str(cop_thread_author_id(t)));
	json_object_set_new(o, "kind",
		copctl_json_str(cop_thread_kind_name(cop_thread_kind_get(t))));
	json_object_set_new(o, "state",
		copctl_json_str(cop_thread_state_name(cop_thread_state_get(t))));
	json_object_set_new(o, "title", copctl_json_str(cop_thread_title(t)));
	json_object_set_new(o, "tags", copctl_json_str(cop_thread_tags(t)));
	json_object_set_new(o, "language",
		copctl_json_str(cop_thread_language(t)));
	json_object_set_new(o, "created", copctl_json_time(cop_thread_created(t)));
	json_object_set_new(o, "last_activity",
		copctl_json_time(cop_thread_last_activity(t)));
	json_object_set_new(o, "contributions",
		json_integer(cop_thread_contribution_count(t)));
	return o;
}

static void thread_print_line(const cop_thread *t)
{
	char when[32];

	printf("%s  %-12s %-8s %3d  %s  %s\n", cop_thread_id(t),
		cop_thread_kind_name(cop_thread_kind_get(t)),
		cop_thread_state_name(cop_thread_state_get(t)),
		cop_thread_contribution_count(t),
		copctl_time_text(when, sizeof(when), cop_thread_last_activity(t)),
		cop_thread_title(t));
}

static json_t *contribution_json(struct copctl *ctl,
	const cop_contribution *c)
{
	json_t *o = json_object();
	const char *author = cop_contribution_author_id(c);

	json_object_set_new(o, "id", copctl_json_str(cop_contribution_id(c)));
	json_object_set_new(o, "thread_id",
		copctl_json_str(cop_contribution_thread_id(c)));
	json_object_set_new(o, "community_id",
		copctl_json_str(cop_contribution_community_id(c)));
	json_object_set_new(o, "author_id", copctl_json_str(author));
	json_object_set_new(o, "author",
		author ? copctl_json_str(copctl_handle_of(ctl, author)) : json_null());
	json_object_set_new(o, "kind", copctl_json_str(
		cop_contribution_kind_name(cop_contribution_kind_get(c))));
	json_object_set_new(o, "reply_to",
		copctl_json_str(cop_contribution_reply_to(c)));
	json_object_set_new(o, "translation_of",
		copctl_json_str(cop_contribution_translation_of(c)));
	json_object_set_new(o, "language",
		copctl_json_str(cop_contribution_language(c)));
	json_object_set_new(o, "format", json_string(
		cop_contribution_format(c) == COP_FORMAT_HTML ? "html" : "markdown"));
	json_object_set_new(o, "body", copctl_json_str(cop_contribution_body(c)));
	json_object_set_new(o, "created",
		copctl_json_time(cop_contribution_created(c)));
	json_object_set_new(o, "edited",
		copctl_json_time(cop_contribution_edited(c)));
	json_object_set_new(o, "revision",
		json_integer(cop_contribution_revision(c)));
	json_object_set_new(o, "score", json_integer(cop_contribution_score(c)));
	return o;
}

/* Print @p text with every line indented by @p indent. */
static void print_indented(const char *text, const char *indent)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		printf("%s%.*s\n", indent, (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

static void contribution_print(struct copctl *ctl, const cop_contribution *c)
{
	char when[32];

	printf("-- %s  %s by %s, %s [%s]", cop_contribution_id(c),
		cop_contribution_kind_name(cop_contribution_kind_get(c)),
		copctl_handle_of(ctl, cop_contribution_author_id(c)),
		copctl_time_text(when, sizeof(when), cop_contribution_created(c)),
		cop_contribution_language(c));
	if (cop_contribution_revision(c) > 1)
		printf(" (revision %d, edited %s)", cop_contribution_revision(c),
			copctl_time_text(when, sizeof(when),
				cop_contribution_edited(c)));
	putchar('\n');
	if (cop_contribution_reply_to(c))
		printf("   in reply to %s\n", cop_contribution_reply_to(c));
	if (cop_contribution_translation_of(c))
		printf("   translation of %s\n", cop_contribution_translation_of(c));
	print_indented(cop_contribution_body(c), "   ");
}

/* ------------------------------------------------------------------ */
/* Small command helpers                                               */
/* ------------------------------------------------------------------ */

/* Parse an unsigned integer option into *out (left alone when absent). */
static int opt_uint(const struct args *a, enum opt_id id, const char *name,
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

/* Fill a keyset page from --limit and --after. */
static int page_from_args(cop_page *page, const struct args *a)
{
	unsigned long limit = 0;
	int rc = opt_uint(a, OPT_LIMIT, "limit", 1000000, &limit);

	page->after = a->opt[OPT_AFTER];
	page->limit = (unsigned int)limit;
	return rc;
}

/* Whether a listing stopped because the page was full. */
static int page_full(const cop_page *page, unsigned int count)
{
	return page->limit > 0 && count == page->limit;
}

/* Close a listing: "next" in JSON, "next: CURSOR" in text. */
static int listing_end(struct copctl *ctl, json_t *obj, const cop_page *page,
	unsigned int count, const char *cursor)
{
	const char *next = page_full(page, count) ? cursor : NULL;

	if (ctl->json) {
		json_object_set_new(obj, "next", copctl_json_str(next));
		return copctl_print_json(obj);
	}
	if (next)
		printf("next: %s\n", next);
	return COPCTL_EXIT_OK;
}

/* The member id of @p handle into @p id (COP_ID_TEXT_LEN + 1 bytes). */
static int member_id_of(struct copctl *ctl, const char *handle, char *id)
{
	cop_member *m = NULL;
	int rc = cop_member_get_by_handle(&m, ctl->store, handle);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, handle);
	snprintf(id, COP_ID_TEXT_LEN + 1, "%s", cop_member_id(m));
	cop_member_free(m);
	return COPCTL_EXIT_OK;
}

/*
 * The body of a contribution: --body, or all of standard input.  *owned
 * receives what must be freed (NULL when the body is --body's text).
 */
static int read_body(const struct args *a, const char **body, char **owned)
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
/* Commands: general                                                   */
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
	size_t i;

	if (!only)
		fprintf(f,
			"usage: copctl [--db URI] [--as HANDLE] [--json] COMMAND ...\n"
			"\n"
			"  --db URI     the store: PATH, sqlite:PATH or :memory:\n"
			"               (default: $COP_DB, else ./cop.db)\n"
			"  --as HANDLE  act as this member (default: the system)\n"
			"  --json       print JSON on standard output\n"
			"\n"
			"commands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!only || strcmp(commands[i].name, only) == 0)
			print_usage_line(f, &commands[i]);
	if (!only)
		fprintf(f, "\nA body is read from standard input unless --body "
			"is given.  Exit status: 0 ok, 1 refused or failed, "
			"2 bad usage.\n");
}

static int cmd_help(struct copctl *ctl, const struct args *a)
{
	size_t i;

	(void)ctl;
	if (a->npos == 1) {
		for (i = 0; i < ARRAY_SIZE(commands); i++)
			if (strcmp(commands[i].name, a->pos[0]) == 0)
				break;
		if (i == ARRAY_SIZE(commands))
			return copctl_usage_error("no such command", a->pos[0]);
	}
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

static int cmd_init(struct copctl *ctl, const struct args *a)
{
	int64_t seq = cop_log_last_seq(ctl->store);

	(void)a;
	if (seq < 0)
		return copctl_fail(ctl, (int)seq, NULL);
	if (ctl->json) {
		json_t *o = json_object();

		json_object_set_new(o, "db", json_string(ctl->db));
		json_object_set_new(o, "backend",
			copctl_json_str(cop_store_backend_name(ctl->store)));
		json_object_set_new(o, "libcop", copctl_json_str(cop_version()));
		json_object_set_new(o, "last_seq", json_integer(seq));
		return copctl_print_json(o);
	}
	printf("%s is ready (%s backend, libcop %s, %lld change%s logged)\n",
		ctl->db, cop_store_backend_name(ctl->store), cop_version(),
		(long long)seq, seq == 1 ? "" : "s");
	return COPCTL_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Commands: members                                                   */
/* ------------------------------------------------------------------ */

static int cmd_member_add(struct copctl *ctl, const struct args *a)
{
	cop_member *m = NULL;
	int rc;

	if (!a->opt[OPT_NAME])
		return copctl_usage_error("member add needs --name NAME", NULL);
	rc = cop_member_create(&m, ctl->store, a->pos[0], a->opt[OPT_NAME],
		a->opt[OPT_ORG], a->opt[OPT_LANG]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(member_json(m));
	} else {
		printf("added member %s (%s)\n", cop_member_handle(m),
			cop_member_id(m));
		rc = COPCTL_EXIT_OK;
	}
	cop_member_free(m);
	return rc;
}

static int cmd_member_list(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_member_iter *it = NULL;
	cop_member *m = NULL;
	json_t *list = NULL;
	unsigned int count = 0;
	int rc;

	if ((rc = page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_member_iter_new(&it, ctl->store, &page)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		list = json_array();
	while ((rc = cop_member_iter_next(&m, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, member_json(m));
		else
			member_print_line(m);
		cop_member_free(m);
		count++;
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(list);
	} else {
		json_t *obj = ctl->json ? json_pack("{s:o}", "members", list) : NULL;

		rc = listing_end(ctl, obj, &page, count,
			cop_member_iter_cursor(it));
	}
	cop_member_iter_free(it);
	return rc;
}

/* A member's latest contributions, for `member show`. */
#define MEMBER_SHOW_RECENT 5

static json_t *kudos_json(struct copctl *ctl, const cop_kudos *k);

/*
 * The recognition part of a member's profile: per community the actor
 * can see and the member belongs to, reputation, trust level and the
 * latest kudos received.  Into @p list (JSON) or printed.
 */
static int member_recognition(struct copctl *ctl, const cop_member *m,
	json_t *list)
{
	cop_page page = { COP_PAGE_VERSION, NULL, MEMBER_SHOW_RECENT };
	cop_community_iter *cit = NULL;
	cop_community *c = NULL;
	int rc;

	if ((rc = cop_community_iter_new(&cit, ctl->store, NULL)) != COP_OK)
		return rc;
	while ((rc = cop_community_iter_next(&c, cit)) == COP_OK) {
		cop_membership *ms = NULL;
		cop_standing *st = NULL;
		cop_kudos_iter *kit = NULL;
		cop_kudos *k = NULL;
		json_t *o = NULL, *kl = NULL;
		char when[32];

		rc = cop_membership_get(&ms, ctl->store, cop_community_id(c),
			cop_member_id(m));
		cop_membership_free(ms);
		if (rc == COP_OK)
			rc = cop_standing_get(&st, ctl->store, cop_community_id(c),
				cop_member_id(m));
		if (rc == COP_ENOTFOUND || rc == COP_ENOTSUP) {
			cop_community_free(c);
			continue;
		}
		if (rc == COP_OK)
			rc = cop_kudos_iter_new(&kit, ctl->store, cop_community_id(c),
				cop_member_id(m), &page);
		if (rc == COP_OK && list) {
			o = json_object();
			kl = json_array();
			json_object_set_new(o, "community",
				json_string(cop_community_slug(c)));
			json_object_set_new(o, "reputation",
				json_integer(cop_standing_reputation(st)));
			json_object_set_new(o, "trust_level",
				json_integer(cop_standing_trust_level(st)));
			json_object_set_new(o, "kudos", kl);
			json_array_append_new(list, o);
		} else if (rc == COP_OK) {
			printf("  in %s: reputation %lld, trust level %d\n",
				cop_community_slug(c),
				(long long)cop_standing_reputation(st),
				cop_standing_trust_level(st));
		}
		while (rc == COP_OK && (rc = cop_kudos_iter_next(&k, kit)) == COP_OK) {
			if (kl)
				json_array_append_new(kl, kudos_json(ctl, k));
			else
				printf("    kudos from %s, %s: %s\n",
					copctl_handle_of(ctl, cop_kudos_from_id(k)),
					copctl_time_text(when, sizeof(when),
						cop_kudos_created(k)),
					cop_kudos_message(k));
			cop_kudos_free(k);
		}
		if (rc == COP_ITEROVER)
			rc = COP_OK;
		cop_kudos_iter_free(kit);
		cop_standing_free(st);
		cop_community_free(c);
		if (rc != COP_OK)
			break;
	}
	cop_community_iter_free(cit);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int cmd_member_show(struct copctl *ctl, const struct args *a)
{
	cop_page page = { COP_PAGE_VERSION, NULL, MEMBER_SHOW_RECENT };
	cop_contribution_iter *it = NULL;
	cop_contribution *c = NULL;
	cop_member *m = NULL;
	json_t *obj = NULL, *recent = NULL;
	char when[32];
	int rc;

	if ((rc = cop_member_get_by_handle(&m, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	rc = cop_contribution_iter_by_author(&it, ctl->store, cop_member_id(m),
		&page);
	if (rc != COP_OK) {
		rc = copctl_fail(ctl, rc, NULL);
		cop_member_free(m);
		return rc;
	}
	if (ctl->json) {
		obj = member_json(m);
		recent = json_array();
		if (!obj || !recent || json_object_set(obj, "recent_contributions",
				recent) != 0) {
			json_decref(obj);
			json_decref(recent);
			cop_contribution_iter_free(it);
			cop_member_free(m);
			return copctl_print_json(NULL);
		}
		json_decref(recent);   /* obj holds it now */
	} else {
		member_print_line(m);
		printf("  id       %s\n  status   %s\n  created  %s\n",
			cop_member_id(m),
			member_status_name(cop_member_status_get(m)),
			copctl_time_text(when, sizeof(when), cop_member_created(m)));
		printf("  latest contributions:\n");
	}
	while ((rc = cop_contribution_iter_next(&c, it)) == COP_OK) {
		if (recent)
			json_array_append_new(recent, contribution_json(ctl, c));
		else
			printf("    %s  %-8s %s  thread %s\n", cop_contribution_id(c),
				cop_contribution_kind_name(cop_contribution_kind_get(c)),
				copctl_time_text(when, sizeof(when),
					cop_contribution_created(c)),
				cop_contribution_thread_id(c));
		cop_contribution_free(c);
	}
	if (rc == COP_ITEROVER) {
		json_t *rec = obj ? json_array() : NULL;
		if (obj && (!rec || json_object_set_new(obj, "recognition", rec))) {
			json_decref(obj);
			obj = NULL;
			rc = COP_ENOMEM;
		} else {
			rc = member_recognition(ctl, m, rec);
		}
		if (rc == COP_OK)
			rc = COP_ITEROVER;
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(obj);
	} else {
		rc = obj ? copctl_print_json(obj) : COPCTL_EXIT_OK;
	}
	cop_contribution_iter_free(it);
	cop_member_free(m);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Commands: communities                                               */
/* ------------------------------------------------------------------ */

static int cmd_community_create(struct copctl *ctl, const struct args *a)
{
	cop_visibility vis = COP_VISIBILITY_PUBLIC;
	cop_community *c = NULL;
	int rc;

	if (!a->opt[OPT_NAME])
		return copctl_usage_error("community create needs --name NAME", NULL);
	if (a->opt[OPT_VISIBILITY] &&
	    cop_visibility_parse(&vis, a->opt[OPT_VISIBILITY]) != COP_OK)
		return copctl_usage_error("--visibility is public, private or "
			"invite-only, not", a->opt[OPT_VISIBILITY]);
	rc = cop_community_create(&c, ctl->store, a->pos[0], a->opt[OPT_NAME],
		a->opt[OPT_PURPOSE], a->opt[OPT_LANG], vis);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(copctl_community_json(c));
	} else {
		printf("created community %s (%s)%s%s\n", cop_community_slug(c),
			cop_community_id(c), ctl->as ? ", owner " : "",
			ctl->as ? ctl->as : "");
		rc = COPCTL_EXIT_OK;
	}
	cop_community_free(c);
	return rc;
}

static int cmd_community_list(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_community_iter *it = NULL;
	cop_community *c = NULL;
	json_t *list = NULL;
	unsigned int count = 0;
	int rc;

	if ((rc = page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_community_iter_new(&it, ctl->store, &page)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		list = json_array();
	while ((rc = cop_community_iter_next(&c, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, copctl_community_json(c));
		else
			community_print_line(c);
		cop_community_free(c);
		count++;
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(list);
	} else {
		json_t *obj = ctl->json ?
			json_pack("{s:o}", "communities", list) : NULL;

		rc = listing_end(ctl, obj, &page, count,
			cop_community_iter_cursor(it));
	}
	cop_community_iter_free(it);
	return rc;
}

static int cmd_community_show(struct copctl *ctl, const struct args *a)
{
	cop_stats st = { .version = COP_STATS_VERSION };
	cop_community *c = NULL;
	char when[32];
	int rc;

	if ((rc = cop_community_get(&c, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if ((rc = cop_stats_get(&st, ctl->store, cop_community_id(c))) != COP_OK) {
		rc = copctl_fail(ctl, rc, NULL);
		cop_community_free(c);
		return rc;
	}
	if (ctl->json) {
		json_t *obj = copctl_community_json(c);

		json_object_set_new(obj, "stats", copctl_stats_json(&st));
		rc = copctl_print_json(obj);
	} else {
		printf("%s: %s\n", cop_community_slug(c), cop_community_name(c));
		printf("  id          %s\n  visibility  %s\n  language    %s\n"
			"  created     %s\n", cop_community_id(c),
			cop_visibility_name(cop_community_visibility(c)),
			cop_community_language(c),
			copctl_time_text(when, sizeof(when), cop_community_created(c)));
		if (cop_community_purpose(c)) {
			printf("  purpose:\n");
			print_indented(cop_community_purpose(c), "    ");
		}
		printf("  counts:\n");
		copctl_stats_print(&st, "    ");
		rc = COPCTL_EXIT_OK;
	}
	cop_community_free(c);
	return rc;
}

/* The member a command is about: --member HANDLE, else the --as member. */
static int target_member(struct copctl *ctl, const struct args *a,
	const char *command, char *id)
{
	const char *handle = a->opt[OPT_MEMBER] ? a->opt[OPT_MEMBER] : ctl->as;

	if (!handle) {
		fprintf(stderr, "copctl: %s needs --member HANDLE (or --as HANDLE)\n",
			command);
		return COPCTL_EXIT_USAGE;
	}
	return member_id_of(ctl, handle, id);
}

static int cmd_community_join(struct copctl *ctl, const struct args *a)
{
	char member_id[COP_ID_TEXT_LEN + 1];
	unsigned long hours = 0;
	cop_membership *ms = NULL;
	int rc;

	if ((rc = opt_uint(a, OPT_HOURS, "hours", 744, &hours)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = target_member(ctl, a, "community join", member_id)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_community_join(&ms, ctl->store, a->pos[0], member_id, (int)hours);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(membership_json(ms));
	} else {
		printf("%s joined %s as %s (%s, %d h/month)\n",
			copctl_handle_of(ctl, cop_membership_member_id(ms)), a->pos[0],
			cop_role_name(cop_membership_role(ms)),
			cop_membership_status_name(cop_membership_status_get(ms)),
			cop_membership_pledged_hours(ms));
		rc = COPCTL_EXIT_OK;
	}
	cop_membership_free(ms);
	return rc;
}

static int cmd_community_members(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_membership_iter *it = NULL;
	cop_membership *ms = NULL;
	json_t *list = NULL;
	unsigned int count = 0;
	int rc;

	if ((rc = page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_membership_iter_new(&it, ctl->store, a->pos[0], &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		list = json_array();
	while ((rc = cop_membership_iter_next(&ms, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, membership_json(ms));
		else
			membership_print_line(ms);
		cop_membership_free(ms);
		count++;
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(list);
	} else {
		json_t *obj = ctl->json ? json_pack("{s:o}", "members", list) : NULL;

		rc = listing_end(ctl, obj, &page, count,
			cop_membership_iter_cursor(it));
	}
	cop_membership_iter_free(it);
	return rc;
}

static int cmd_community_role(struct copctl *ctl, const struct args *a)
{
	char member_id[COP_ID_TEXT_LEN + 1];
	cop_membership *ms = NULL;
	cop_role role;
	int rc;

	if (cop_role_parse(&role, a->pos[2]) != COP_OK)
		return copctl_usage_error("a role is owner, facilitator, core, "
			"member or observer, not", a->pos[2]);
	if ((rc = member_id_of(ctl, a->pos[1], member_id)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_membership_set_role(ctl->store, a->pos[0], member_id, role);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	rc = cop_membership_get(&ms, ctl->store, a->pos[0], member_id);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(membership_json(ms));
	} else {
		printf("%s is now %s of %s\n", a->pos[1],
			cop_role_name(cop_membership_role(ms)), a->pos[0]);
		rc = COPCTL_EXIT_OK;
	}
	cop_membership_free(ms);
	return rc;
}

static int cmd_import_se(struct copctl *ctl, const struct args *a)
{
	return copctl_import_stackexchange(ctl, a->pos[0],
		a->opt[OPT_COMMUNITY], a->opt[OPT_QUIET] != NULL);
}

static int cmd_member_export(struct copctl *ctl, const struct args *a)
{
	char member_id[COP_ID_TEXT_LEN + 1];
	int rc;

	if ((rc = member_id_of(ctl, a->pos[0], member_id)) != COPCTL_EXIT_OK)
		return rc;
	fflush(stdout);
	rc = cop_member_export_json(ctl->store, member_id, STDOUT_FILENO);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, "member export");
	return COPCTL_EXIT_OK;
}

static int cmd_member_erase(struct copctl *ctl, const struct args *a)
{
	char member_id[COP_ID_TEXT_LEN + 1];
	cop_member *m = NULL;
	int rc;

	if ((rc = member_id_of(ctl, a->pos[0], member_id)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_member_erase(ctl->store, member_id);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, "member erase");
	rc = cop_member_get(&m, ctl->store, member_id);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(json_pack("{s:s,s:s,s:s}", "id", member_id,
			"erased", a->pos[0], "handle", cop_member_handle(m)));
	} else {
		printf("%s erased (now %s)\n", a->pos[0], cop_member_handle(m));
		rc = COPCTL_EXIT_OK;
	}
	cop_member_free(m);
	return rc;
}

static int cmd_community_policy(struct copctl *ctl, const struct args *a)
{
	cop_erasure_policy p;
	int rc;

	if (a->npos > 1) {
		if (cop_erasure_policy_parse(&p, a->pos[1]) != COP_OK)
			return copctl_usage_error("a policy is anonymize or remove, "
				"not", a->pos[1]);
		rc = cop_community_set_erasure(ctl->store, a->pos[0], p);
		if (rc != COP_OK)
			return copctl_fail(ctl, rc, NULL);
	}
	rc = cop_community_erasure(&p, ctl->store, a->pos[0]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		return copctl_print_json(json_pack("{s:s,s:s}", "community",
			a->pos[0], "erasure", cop_erasure_policy_name(p)));
	printf("%s: erasure %s\n", a->pos[0], cop_erasure_policy_name(p));
	return COPCTL_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Commands: threads and contributions                                 */
/* ------------------------------------------------------------------ */

static int cmd_thread_new(struct copctl *ctl, const struct args *a)
{
	cop_thread_kind kind = COP_THREAD_DISCUSSION;
	cop_thread *t = NULL;
	const char *body;
	char *owned;
	int rc;

	if (!a->opt[OPT_TITLE])
		return copctl_usage_error("thread new needs --title TITLE", NULL);
	if (a->opt[OPT_KIND] &&
	    cop_thread_kind_parse(&kind, a->opt[OPT_KIND]) != COP_OK)
		return copctl_usage_error("a thread's kind is discussion, question "
			"or announcement, not", a->opt[OPT_KIND]);
	if ((rc = read_body(a, &body, &owned)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_thread_create(&t, ctl->store, a->pos[0], kind, a->opt[OPT_TITLE],
		a->opt[OPT_TAGS], a->opt[OPT_LANG], body);
	free(owned);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(copctl_thread_json(t));
	} else {
		printf("started %s %s in %s: %s\n",
			cop_thread_kind_name(cop_thread_kind_get(t)), cop_thread_id(t),
			a->pos[0], cop_thread_title(t));
		rc = COPCTL_EXIT_OK;
	}
	cop_thread_free(t);
	return rc;
}

static int cmd_thread_list(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;
	json_t *list = NULL;
	unsigned int count = 0;
	int rc;

	if ((rc = page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_thread_iter_new(&it, ctl->store, a->pos[0], &page)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		list = json_array();
	while ((rc = cop_thread_iter_next(&t, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, copctl_thread_json(t));
		else
			thread_print_line(t);
		cop_thread_free(t);
		count++;
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(list);
	} else {
		json_t *obj = ctl->json ? json_pack("{s:o}", "threads", list) : NULL;

		rc = listing_end(ctl, obj, &page, count, cop_thread_iter_cursor(it));
	}
	cop_thread_iter_free(it);
	return rc;
}

static void thread_print_header(struct copctl *ctl, const cop_thread *t)
{
	char when[32];

	printf("%s\n", cop_thread_title(t));
	printf("  %s, %s, %s, by %s, started %s", cop_thread_kind_name(
		cop_thread_kind_get(t)),
		cop_thread_state_name(cop_thread_state_get(t)),
		cop_thread_language(t),
		copctl_handle_of(ctl, cop_thread_author_id(t)),
		copctl_time_text(when, sizeof(when), cop_thread_created(t)));
	printf(", %d contribution%s\n", cop_thread_contribution_count(t),
		cop_thread_contribution_count(t) == 1 ? "" : "s");
	if (cop_thread_tags(t) && *cop_thread_tags(t))
		printf("  tags: %s\n", cop_thread_tags(t));
	printf("  id: %s\n\n", cop_thread_id(t));
}

static int cmd_thread_show(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_contribution_iter *it = NULL;
	cop_contribution *c = NULL;
	cop_thread *t = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	int rc;

	if ((rc = page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_thread_get(&t, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	rc = cop_contribution_iter_new(&it, ctl->store, a->pos[0], &page);
	if (rc != COP_OK) {
		rc = copctl_fail(ctl, rc, NULL);
		cop_thread_free(t);
		return rc;
	}
	if (ctl->json) {
		list = json_array();
		obj = json_pack("{s:o, s:O}", "thread", copctl_thread_json(t),
			"contributions", list);
		json_decref(list);   /* obj holds it now, if it was made */
		if (!obj) {
			cop_contribution_iter_free(it);
			cop_thread_free(t);
			return copctl_print_json(NULL);
		}
	} else {
		thread_print_header(ctl, t);
	}
	while ((rc = cop_contribution_iter_next(&c, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, contribution_json(ctl, c));
		else
			contribution_print(ctl, c);
		cop_contribution_free(c);
		count++;
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(obj);
	} else {
		rc = listing_end(ctl, obj, &page, count,
			cop_contribution_iter_cursor(it));
	}
	cop_contribution_iter_free(it);
	cop_thread_free(t);
	return rc;
}

static int cmd_thread_state(struct copctl *ctl, const struct args *a)
{
	cop_thread_state state;
	cop_thread *t = NULL;
	int rc;

	if (cop_thread_state_parse(&state, a->pos[1]) != COP_OK)
		return copctl_usage_error("a thread's state is open, answered, "
			"closed, locked, pinned or hidden, not", a->pos[1]);
	if ((rc = cop_thread_set_state(ctl->store, a->pos[0], state)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if ((rc = cop_thread_get(&t, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(copctl_thread_json(t));
	} else {
		printf("thread %s is now %s\n", cop_thread_id(t),
			cop_thread_state_name(cop_thread_state_get(t)));
		rc = COPCTL_EXIT_OK;
	}
	cop_thread_free(t);
	return rc;
}

/* post and reply: add a contribution (a reply unless --kind says else). */
static int cmd_reply(struct copctl *ctl, const struct args *a)
{
	cop_contribution_kind kind = COP_CONTRIB_REPLY;
	cop_contribution *c = NULL;
	const char *body;
	char *owned;
	int rc;

	if (a->opt[OPT_KIND] &&
	    (cop_contribution_kind_parse(&kind, a->opt[OPT_KIND]) != COP_OK ||
	     kind == COP_CONTRIB_POST))
		return copctl_usage_error("a contribution's kind is reply, answer, "
			"comment, resource or summary, not", a->opt[OPT_KIND]);
	if ((rc = read_body(a, &body, &owned)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_contribution_create(&c, ctl->store, a->pos[0], kind,
		a->opt[OPT_TO], a->opt[OPT_TRANSLATION_OF], a->opt[OPT_LANG], body);
	free(owned);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(contribution_json(ctl, c));
	} else {
		printf("added %s %s to thread %s\n",
			cop_contribution_kind_name(cop_contribution_kind_get(c)),
			cop_contribution_id(c), cop_contribution_thread_id(c));
		rc = COPCTL_EXIT_OK;
	}
	cop_contribution_free(c);
	return rc;
}

static int cmd_edit(struct copctl *ctl, const struct args *a)
{
	cop_contribution *c = NULL;
	const char *body;
	char *owned;
	int rc;

	if ((rc = read_body(a, &body, &owned)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_contribution_edit(&c, ctl->store, a->pos[0], body,
		a->opt[OPT_COMMENT]);
	free(owned);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(contribution_json(ctl, c));
	} else {
		printf("edited %s: now revision %d\n", cop_contribution_id(c),
			cop_contribution_revision(c));
		rc = COPCTL_EXIT_OK;
	}
	cop_contribution_free(c);
	return rc;
}

static json_t *revision_json(struct copctl *ctl, const cop_revision *r)
{
	json_t *o = json_object();
	const char *author = cop_revision_author_id(r);

	json_object_set_new(o, "number", json_integer(cop_revision_number(r)));
	json_object_set_new(o, "author_id", copctl_json_str(author));
	json_object_set_new(o, "author",
		author ? copctl_json_str(copctl_handle_of(ctl, author)) : json_null());
	json_object_set_new(o, "created", copctl_json_time(cop_revision_created(r)));
	json_object_set_new(o, "comment", copctl_json_str(cop_revision_comment(r)));
	json_object_set_new(o, "body", copctl_json_str(cop_revision_body(r)));
	return o;
}

static void revision_print(struct copctl *ctl, const cop_revision *r)
{
	char when[32];

	printf("-- revision %d by %s, %s\n", cop_revision_number(r),
		copctl_handle_of(ctl, cop_revision_author_id(r)),
		copctl_time_text(when, sizeof(when), cop_revision_created(r)));
	if (cop_revision_comment(r))
		printf("   replaced with the note: %s\n", cop_revision_comment(r));
	print_indented(cop_revision_body(r), "   ");
}

static int cmd_history(struct copctl *ctl, const struct args *a)
{
	cop_contribution *c = NULL;
	cop_revision_iter *it = NULL;
	cop_revision *r = NULL;
	json_t *obj = NULL, *list = NULL;
	int rc;

	if ((rc = cop_contribution_get(&c, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if ((rc = cop_revision_iter_new(&it, ctl->store, a->pos[0])) != COP_OK) {
		rc = copctl_fail(ctl, rc, NULL);
		cop_contribution_free(c);
		return rc;
	}
	if (ctl->json) {
		list = json_array();
		obj = json_pack("{s:o, s:O}", "contribution",
			contribution_json(ctl, c), "revisions", list);
		json_decref(list);   /* obj holds it now, if it was made */
		if (!obj) {
			cop_revision_iter_free(it);
			cop_contribution_free(c);
			return copctl_print_json(NULL);
		}
	}
	while ((rc = cop_revision_iter_next(&r, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, revision_json(ctl, r));
		else
			revision_print(ctl, r);
		cop_revision_free(r);
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(obj);
	} else if (obj) {
		rc = copctl_print_json(obj);
	} else {
		printf("-- current (revision %d):\n", cop_contribution_revision(c));
		print_indented(cop_contribution_body(c), "   ");
		rc = COPCTL_EXIT_OK;
	}
	cop_revision_iter_free(it);
	cop_contribution_free(c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Commands: search, log, stats, demo                                  */
/* ------------------------------------------------------------------ */

/* Join the positional arguments with spaces into @p buf. */
static int join_words(char *buf, size_t size, const struct args *a)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < a->npos; i++) {
		int n = snprintf(buf + len, size - len, "%s%s", i ? " " : "",
			a->pos[i]);

		if (n < 0 || (size_t)n >= size - len)
			return -1;
		len += (size_t)n;
	}
	return 0;
}

static json_t *hit_json(const cop_search_hit *h)
{
	json_t *o = json_object();

	json_object_set_new(o, "thread_id",
		copctl_json_str(cop_search_hit_thread_id(h)));
	json_object_set_new(o, "contribution_id",
		copctl_json_str(cop_search_hit_contribution_id(h)));
	json_object_set_new(o, "community_id",
		copctl_json_str(cop_search_hit_community_id(h)));
	json_object_set_new(o, "title", copctl_json_str(cop_search_hit_title(h)));
	json_object_set_new(o, "snippet",
		copctl_json_str(cop_search_hit_snippet(h)));
	json_object_set_new(o, "score", json_real(cop_search_hit_score(h)));
	return o;
}

static void hit_print(const cop_search_hit *h)
{
	printf("%s  %s\n", cop_search_hit_thread_id(h), cop_search_hit_title(h));
	printf("  %s: %s\n", cop_search_hit_contribution_id(h),
		cop_search_hit_snippet(h));
}

static int cmd_search(struct copctl *ctl, const struct args *a)
{
	cop_search_options opts = COP_SEARCH_OPTIONS_INIT;
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	json_t *list = NULL;
	unsigned long limit = 0;
	char query[2048];
	int rc;

	if ((rc = opt_uint(a, OPT_LIMIT, "limit", 10000, &limit)) != COPCTL_EXIT_OK)
		return rc;
	if (join_words(query, sizeof(query), a) < 0)
		return copctl_usage_error("the query is too long", NULL);
	opts.community = a->opt[OPT_COMMUNITY];
	opts.language = a->opt[OPT_LANG];
	opts.limit = (unsigned int)limit;
	if ((rc = cop_search_iter_new(&it, ctl->store, query, &opts)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		list = json_array();
	while ((rc = cop_search_iter_next(&h, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, hit_json(h));
		else
			hit_print(h);
		cop_search_hit_free(h);
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(list);
	} else {
		rc = list ? copctl_print_json(json_pack("{s:s, s:o}", "query", query,
			"hits", list)) : COPCTL_EXIT_OK;
	}
	cop_search_iter_free(it);
	return rc;
}

static json_t *log_entry_json(struct copctl *ctl, const cop_log_entry *e)
{
	json_t *o = json_object();
	const char *actor = cop_log_entry_actor_id(e);

	json_object_set_new(o, "seq", json_integer(cop_log_entry_seq(e)));
	json_object_set_new(o, "time", copctl_json_time(cop_log_entry_time(e)));
	json_object_set_new(o, "actor_id", copctl_json_str(actor));
	json_object_set_new(o, "actor",
		actor ? copctl_json_str(copctl_handle_of(ctl, actor)) : json_null());
	json_object_set_new(o, "op", copctl_json_str(cop_log_entry_op(e)));
	json_object_set_new(o, "object_id",
		copctl_json_str(cop_log_entry_object_id(e)));
	json_object_set_new(o, "community_id",
		copctl_json_str(cop_log_entry_community_id(e)));
	return o;
}

static void log_entry_print(struct copctl *ctl, const cop_log_entry *e)
{
	char when[32];

	printf("%6lld  %s  %-16s %-20s %s\n", (long long)cop_log_entry_seq(e),
		copctl_time_text(when, sizeof(when), cop_log_entry_time(e)),
		copctl_handle_of(ctl, cop_log_entry_actor_id(e)),
		cop_log_entry_op(e), cop_log_entry_object_id(e));
}

static int cmd_log(struct copctl *ctl, const struct args *a)
{
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	json_t *list = NULL;
	unsigned long after = 0, limit = 0;
	unsigned int count = 0;
	int64_t last = 0;
	int rc;

	if ((rc = opt_uint(a, OPT_AFTER, "after", LONG_MAX,
			&after)) != COPCTL_EXIT_OK ||
	    (rc = opt_uint(a, OPT_LIMIT, "limit", 1000000, &limit)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_log_iter_new(&it, ctl->store, (int64_t)after, (unsigned int)limit);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		list = json_array();
	while ((rc = cop_log_iter_next(&e, it)) == COP_OK) {
		last = cop_log_entry_seq(e);
		if (list)
			json_array_append_new(list, log_entry_json(ctl, e));
		else
			log_entry_print(ctl, e);
		cop_log_entry_free(e);
		count++;
	}
	cop_log_iter_free(it);
	if (rc != COP_ITEROVER) {
		json_decref(list);
		return copctl_fail(ctl, rc, NULL);
	}
	if (list) {
		json_t *obj = json_pack("{s:o}", "entries", list);

		json_object_set_new(obj, "next", limit && count == limit ?
			json_integer(last) : json_null());
		return copctl_print_json(obj);
	}
	if (limit && count == limit)
		printf("next: %lld\n", (long long)last);
	return COPCTL_EXIT_OK;
}

static int cmd_stats(struct copctl *ctl, const struct args *a)
{
	cop_stats st = { .version = COP_STATS_VERSION };
	int rc = cop_stats_get(&st, ctl->store, a->opt[OPT_COMMUNITY]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		return copctl_print_json(copctl_stats_json(&st));
	copctl_stats_print(&st, "");
	return COPCTL_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* JSON export and import of a community                               */
/* ------------------------------------------------------------------ */

static int cmd_export(struct copctl *ctl, const struct args *a)
{
	int rc;

	if (!a->opt[OPT_COMMUNITY])
		return copctl_usage_error("export needs --community SLUG", NULL);
	fflush(stdout);
	rc = cop_export_json(ctl->store, a->opt[OPT_COMMUNITY], STDOUT_FILENO);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, "export");
	return COPCTL_EXIT_OK;
}

static int cmd_import_json(struct copctl *ctl, const struct args *a)
{
	cop_import_report rep = { .version = COP_IMPORT_REPORT_VERSION };
	cop_import_options opts = { .version = COP_IMPORT_OPTIONS_VERSION };
	int fd, rc;

	opts.community = a->opt[OPT_COMMUNITY];
	if (!strcmp(a->pos[0], "-"))
		fd = STDIN_FILENO;
	else if ((fd = open(a->pos[0], O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "copctl: %s: %s\n", a->pos[0], strerror(errno));
		return COPCTL_EXIT_FAIL;
	}
	rc = cop_import_json(&rep, ctl->store, fd, &opts);
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (ctl->json) {
		json_t *o = json_object();
		json_object_set_new(o, "members", json_integer(rep.members));
		json_object_set_new(o, "threads", json_integer(rep.threads));
		json_object_set_new(o, "contributions",
			json_integer(rep.contributions));
		json_object_set_new(o, "revisions", json_integer(rep.revisions));
		json_object_set_new(o, "votes", json_integer(rep.votes));
		json_object_set_new(o, "accepted", json_integer(rep.accepted));
		json_object_set_new(o, "kudos", json_integer(rep.kudos));
		json_object_set_new(o, "badges", json_integer(rep.badges));
		json_object_set_new(o, "links", json_integer(rep.links));
		json_object_set_new(o, "unchanged", json_integer(rep.unchanged));
		return copctl_print_json(o);
	}
	printf("imported %" PRId64 " members (%" PRId64 " already there), %"
		PRId64 " threads, %" PRId64 " contributions, %" PRId64
		" revisions, %" PRId64 " votes, %" PRId64 " accepted answers, %"
		PRId64 " kudos, %" PRId64 " badges, %" PRId64 " links\n",
		rep.members, rep.unchanged, rep.threads, rep.contributions,
		rep.revisions, rep.votes, rep.accepted, rep.kudos, rep.badges,
		rep.links);
	return COPCTL_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Recognition                                                         */
/* ------------------------------------------------------------------ */

static int cmd_vote(struct copctl *ctl, const struct args *a)
{
	const char *what = a->npos > 1 ? a->pos[1] : "up";
	cop_vote_kind k = COP_VOTE_UP;
	int rc;

	if (!strcmp(what, "retract")) {
		rc = cop_vote_retract(ctl->store, a->pos[0]);
	} else {
		if (cop_vote_kind_parse(&k, what) != COP_OK)
			return copctl_usage_error("unknown vote", what);
		rc = cop_vote_cast(ctl->store, a->pos[0], k);
	}
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		json_t *o = json_object();
		json_object_set_new(o, "contribution", json_string(a->pos[0]));
		json_object_set_new(o, "vote", json_string(what));
		return copctl_print_json(o);
	}
	printf("%s %s\n", strcmp(what, "retract") ? "voted" : "retracted vote",
		strcmp(what, "retract") ? what : "");
	return COPCTL_EXIT_OK;
}

static int cmd_accept(struct copctl *ctl, const struct args *a)
{
	int undo = a->opt[OPT_UNDO] != NULL;
	int rc = undo ? cop_answer_unaccept(ctl->store, a->pos[0]) :
		cop_answer_accept(ctl->store, a->pos[0]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		json_t *o = json_object();
		json_object_set_new(o, undo ? "thread" : "answer",
			json_string(a->pos[0]));
		json_object_set_new(o, "accepted", json_boolean(!undo));
		return copctl_print_json(o);
	}
	printf(undo ? "no accepted answer in %s now\n" : "accepted %s\n",
		a->pos[0]);
	return COPCTL_EXIT_OK;
}

static json_t *kudos_json(struct copctl *ctl, const cop_kudos *k)
{
	json_t *o = json_object();
	const char *from = cop_kudos_from_id(k);

	json_object_set_new(o, "id", json_string(cop_kudos_id(k)));
	json_object_set_new(o, "from", copctl_json_str(copctl_handle_of(ctl, from)));
	json_object_set_new(o, "to", copctl_json_str(
		copctl_handle_of(ctl, cop_kudos_to_id(k))));
	json_object_set_new(o, "contribution",
		copctl_json_str(cop_kudos_contribution_id(k)));
	json_object_set_new(o, "message", copctl_json_str(cop_kudos_message(k)));
	json_object_set_new(o, "created", copctl_json_time(cop_kudos_created(k)));
	return o;
}

static int cmd_kudos(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_kudos_iter *it = NULL;
	cop_kudos *k = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	char when[32];
	int rc;

	if (a->opt[OPT_MESSAGE]) {
		rc = cop_kudos_give(&k, ctl->store, a->pos[0], a->pos[1],
			a->opt[OPT_FOR], a->opt[OPT_MESSAGE]);
		if (rc != COP_OK)
			return copctl_fail(ctl, rc, NULL);
		if (ctl->json)
			rc = copctl_print_json(kudos_json(ctl, k));
		else
			printf("kudos to %s: %s\n", a->pos[1], cop_kudos_message(k)),
			rc = COPCTL_EXIT_OK;
		cop_kudos_free(k);
		return rc;
	}
	if (a->opt[OPT_FOR])
		return copctl_usage_error("--for needs --message", NULL);
	if ((rc = page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_kudos_iter_new(&it, ctl->store, a->pos[0], a->pos[1], &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		obj = json_object();
		list = json_array();
		json_object_set_new(obj, "kudos", list);
	}
	while ((rc = cop_kudos_iter_next(&k, it)) == COP_OK) {
		count++;
		if (ctl->json)
			json_array_append_new(list, kudos_json(ctl, k));
		else
			printf("%s  from %s: %s\n", copctl_time_text(when,
				sizeof(when), cop_kudos_created(k)),
				copctl_handle_of(ctl, cop_kudos_from_id(k)),
				cop_kudos_message(k));
		cop_kudos_free(k);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_kudos_iter_free(it);
		return rc;
	}
	rc = listing_end(ctl, obj, &page, count, cop_kudos_iter_cursor(it));
	cop_kudos_iter_free(it);
	return rc;
}

static json_t *flag_json(struct copctl *ctl, const cop_flag *f)
{
	json_t *o = json_object();
	const char *resolver = cop_flag_resolver_id(f);

	json_object_set_new(o, "id", json_string(cop_flag_id(f)));
	json_object_set_new(o, "contribution",
		json_string(cop_flag_contribution_id(f)));
	json_object_set_new(o, "flagger", copctl_json_str(
		copctl_handle_of(ctl, cop_flag_flagger_id(f))));
	json_object_set_new(o, "reason", copctl_json_str(cop_flag_reason(f)));
	json_object_set_new(o, "state", copctl_json_str(
		cop_flag_state_name(cop_flag_state_get(f))));
	json_object_set_new(o, "created", copctl_json_time(cop_flag_created(f)));
	json_object_set_new(o, "resolver", resolver ?
		copctl_json_str(copctl_handle_of(ctl, resolver)) : json_null());
	json_object_set_new(o, "resolved", copctl_json_time(cop_flag_resolved(f)));
	return o;
}

static int cmd_flag_raise(struct copctl *ctl, const struct args *a)
{
	cop_flag *f = NULL;
	int rc;

	if (!a->opt[OPT_MESSAGE])
		return copctl_usage_error("flag raise needs --message REASON", NULL);
	rc = cop_flag_raise(&f, ctl->store, a->pos[0], a->opt[OPT_MESSAGE]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (ctl->json)
		rc = copctl_print_json(flag_json(ctl, f));
	else
		printf("flag %s raised\n", cop_flag_id(f)), rc = COPCTL_EXIT_OK;
	cop_flag_free(f);
	return rc;
}

static int cmd_flag_list(struct copctl *ctl, const struct args *a)
{
	cop_flag_state state = COP_FLAG_OPEN;
	cop_page page = COP_PAGE_INIT;
	cop_flag_iter *it = NULL;
	cop_flag *f = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	char when[32];
	int rc;

	if (a->npos > 1 && cop_flag_state_parse(&state, a->pos[1]) != COP_OK)
		return copctl_usage_error("the state is open, upheld or "
			"dismissed, not", a->pos[1]);
	if ((rc = page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_flag_iter_new(&it, ctl->store, a->pos[0], state, &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		obj = json_object();
		list = json_array();
		json_object_set_new(obj, "flags", list);
	}
	while ((rc = cop_flag_iter_next(&f, it)) == COP_OK) {
		count++;
		if (ctl->json)
			json_array_append_new(list, flag_json(ctl, f));
		else
			printf("%s  %s  by %s on %s: %s\n", cop_flag_id(f),
				copctl_time_text(when, sizeof(when),
					cop_flag_created(f)),
				copctl_handle_of(ctl, cop_flag_flagger_id(f)),
				cop_flag_contribution_id(f), cop_flag_reason(f));
		cop_flag_free(f);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_flag_iter_free(it);
		return rc;
	}
	rc = listing_end(ctl, obj, &page, count, cop_flag_iter_cursor(it));
	cop_flag_iter_free(it);
	return rc;
}

static int cmd_flag_resolve(struct copctl *ctl, const struct args *a)
{
	cop_flag_state outcome;
	int rc;

	if (cop_flag_state_parse(&outcome, a->pos[1]) != COP_OK ||
	    outcome == COP_FLAG_OPEN)
		return copctl_usage_error("a flag is resolved as upheld or "
			"dismissed, not", a->pos[1]);
	if ((rc = cop_flag_resolve(ctl->store, a->pos[0], outcome)) != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (!ctl->json)
		printf("flag %s %s\n", a->pos[0], a->pos[1]);
	return COPCTL_EXIT_OK;
}

/* The member a recognition command is about: HANDLE, else --as. */
static const char *member_arg(struct copctl *ctl, const struct args *a)
{
	return a->npos > 1 ? a->pos[1] : ctl->as;
}

static int cmd_reputation(struct copctl *ctl, const struct args *a)
{
	const char *who = member_arg(ctl, a);
	cop_page page = COP_PAGE_INIT;
	cop_standing *st = NULL;
	cop_ledger_iter *it = NULL;
	cop_ledger_entry *e = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	char when[32];
	int rc;

	if (!who)
		return copctl_usage_error("whose reputation? give HANDLE or --as",
			NULL);
	if ((rc = page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_standing_get(&st, ctl->store, a->pos[0], who)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		obj = json_object();
		json_object_set_new(obj, "member", json_string(who));
		json_object_set_new(obj, "reputation",
			json_integer(cop_standing_reputation(st)));
		json_object_set_new(obj, "trust_level",
			json_integer(cop_standing_trust_level(st)));
		json_object_set_new(obj, "trust_manual",
			json_boolean(cop_standing_trust_manual(st)));
		json_object_set_new(obj, "days_active",
			json_integer(cop_standing_days_active(st)));
		json_object_set_new(obj, "posts", json_integer(cop_standing_posts(st)));
		json_object_set_new(obj, "likes_given",
			json_integer(cop_standing_likes_given(st)));
		json_object_set_new(obj, "likes_received",
			json_integer(cop_standing_likes_received(st)));
		json_object_set_new(obj, "kudos_received",
			json_integer(cop_standing_kudos_received(st)));
		json_object_set_new(obj, "accepted",
			json_integer(cop_standing_accepted(st)));
		list = json_array();
		json_object_set_new(obj, "ledger", list);
	} else {
		printf("%s in %s: reputation %lld, trust level %d%s\n", who,
			a->pos[0], (long long)cop_standing_reputation(st),
			cop_standing_trust_level(st),
			cop_standing_trust_manual(st) ? " (set by hand)" : "");
		printf("  %d days active, %d posts, %d likes given, %d received, "
			"%d kudos, %d accepted answers\n",
			cop_standing_days_active(st), cop_standing_posts(st),
			cop_standing_likes_given(st), cop_standing_likes_received(st),
			cop_standing_kudos_received(st), cop_standing_accepted(st));
	}
	cop_standing_free(st);
	rc = cop_ledger_iter_new(&it, ctl->store, a->pos[0], who, &page);
	if (rc != COP_OK) {
		json_decref(obj);
		return copctl_fail(ctl, rc, NULL);
	}
	while ((rc = cop_ledger_iter_next(&e, it)) == COP_OK) {
		count++;
		if (ctl->json) {
			json_t *o = json_object();
			json_object_set_new(o, "points",
				json_integer(cop_ledger_entry_points(e)));
			json_object_set_new(o, "nominal",
				json_integer(cop_ledger_entry_nominal(e)));
			json_object_set_new(o, "reason", json_string(
				cop_rep_reason_name(cop_ledger_entry_reason(e))));
			json_object_set_new(o, "object",
				copctl_json_str(cop_ledger_entry_object_id(e)));
			json_object_set_new(o, "by", copctl_json_str(
				copctl_handle_of(ctl, cop_ledger_entry_actor_id(e))));
			json_object_set_new(o, "time",
				copctl_json_time(cop_ledger_entry_time(e)));
			json_array_append_new(list, o);
		} else {
			printf("  %s  %+4d  %-15s", copctl_time_text(when, sizeof(when),
				cop_ledger_entry_time(e)), cop_ledger_entry_points(e),
				cop_rep_reason_name(cop_ledger_entry_reason(e)));
			if (cop_ledger_entry_points(e) != cop_ledger_entry_nominal(e))
				printf(" (of %+d)", cop_ledger_entry_nominal(e));
			putchar('\n');
		}
		cop_ledger_entry_free(e);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_ledger_iter_free(it);
		return rc;
	}
	rc = listing_end(ctl, obj, &page, count, cop_ledger_iter_cursor(it));
	cop_ledger_iter_free(it);
	return rc;
}

static int cmd_badges(struct copctl *ctl, const struct args *a)
{
	const char *who = member_arg(ctl, a);
	cop_page page = COP_PAGE_INIT;
	cop_badge_iter *it = NULL;
	cop_badge_award *b = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	char when[32];
	int rc;

	if (!who)
		return copctl_usage_error("whose badges? give HANDLE or --as", NULL);
	if ((rc = page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_badge_iter_new(&it, ctl->store, a->pos[0], who, &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		obj = json_object();
		list = json_array();
		json_object_set_new(obj, "badges", list);
	}
	while ((rc = cop_badge_iter_next(&b, it)) == COP_OK) {
		count++;
		if (ctl->json) {
			json_t *o = json_object();
			json_object_set_new(o, "badge",
				copctl_json_str(cop_badge_award_name(b)));
			json_object_set_new(o, "class", copctl_json_str(
				cop_badge_class_name((cop_badge_class)cop_badge_award_class(b))));
			json_object_set_new(o, "contribution",
				copctl_json_str(cop_badge_award_object_id(b)));
			json_object_set_new(o, "awarded",
				copctl_json_time(cop_badge_award_awarded(b)));
			json_array_append_new(list, o);
		} else {
			printf("%s  %-6s %s%s%s\n", copctl_time_text(when, sizeof(when),
				cop_badge_award_awarded(b)),
				cop_badge_class_name((cop_badge_class)cop_badge_award_class(b)),
				cop_badge_award_name(b), cop_badge_award_object_id(b) ? " for " : "",
				cop_badge_award_object_id(b) ? cop_badge_award_object_id(b) : "");
		}
		cop_badge_award_free(b);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_badge_iter_free(it);
		return rc;
	}
	rc = listing_end(ctl, obj, &page, count, cop_badge_iter_cursor(it));
	cop_badge_iter_free(it);
	return rc;
}

static int cmd_leaderboard(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_period period = COP_PERIOD_ALL;
	cop_leader_iter *it = NULL;
	cop_leader *l = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	int rc;

	if (a->opt[OPT_PERIOD] &&
	    cop_period_parse(&period, a->opt[OPT_PERIOD]) != COP_OK)
		return copctl_usage_error("unknown period", a->opt[OPT_PERIOD]);
	if ((rc = page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_leader_iter_new(&it, ctl->store, a->pos[0], a->opt[OPT_TAG],
		period, 0, &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		obj = json_object();
		json_object_set_new(obj, "period", json_string(cop_period_name(period)));
		json_object_set_new(obj, "tag", copctl_json_str(a->opt[OPT_TAG]));
		list = json_array();
		json_object_set_new(obj, "leaders", list);
	}
	while ((rc = cop_leader_iter_next(&l, it)) == COP_OK) {
		count++;
		if (ctl->json) {
			json_t *o = json_object();
			json_object_set_new(o, "handle", json_string(cop_leader_handle(l)));
			json_object_set_new(o, "points",
				json_integer(cop_leader_points(l)));
			json_array_append_new(list, o);
		} else {
			printf("%6lld  %s\n", (long long)cop_leader_points(l),
				cop_leader_handle(l));
		}
		cop_leader_free(l);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_leader_iter_free(it);
		return rc;
	}
	rc = listing_end(ctl, obj, &page, count, cop_leader_iter_cursor(it));
	cop_leader_iter_free(it);
	return rc;
}

static int cmd_verify(struct copctl *ctl, const struct args *a)
{
	cop_verify_report *r = NULL, *again = NULL;
	int repair = a->opt[OPT_REPAIR] != NULL;
	size_t i, n, left = 0;
	int rc;

	rc = cop_verify(&r, ctl->store, a->opt[OPT_COMMUNITY], repair);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	n = cop_verify_report_count(r);
	/* After a repair, check again: exit 0 only when nothing is left. */
	if (repair && n > 0) {
		rc = cop_verify(&again, ctl->store, a->opt[OPT_COMMUNITY], 0);
		if (rc != COP_OK) {
			cop_verify_report_free(r);
			return copctl_fail(ctl, rc, NULL);
		}
		left = cop_verify_report_count(again);
		cop_verify_report_free(again);
	} else {
		left = n;
	}
	if (ctl->json) {
		json_t *o = json_object(), *list = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(list,
				json_string(cop_verify_report_line(r, i)));
		json_object_set_new(o, "differences", list);
		json_object_set_new(o, "repaired", json_boolean(repair && n > 0));
		json_object_set_new(o, "remaining", json_integer((json_int_t)left));
		rc = copctl_print_json(o);
	} else {
		for (i = 0; i < n; i++)
			printf("%s\n", cop_verify_report_line(r, i));
		if (n == 0)
			printf("verify: no differences\n");
		else
			printf("verify: %zu difference%s%s\n", n, n == 1 ? "" : "s",
				repair ? (left ? ", some remain after repair" :
					", repaired") : "");
		rc = COPCTL_EXIT_OK;
	}
	cop_verify_report_free(r);
	if (rc == COPCTL_EXIT_OK && left > 0)
		rc = COPCTL_EXIT_FAIL;
	return rc;
}

static int cmd_demo(struct copctl *ctl, const struct args *a)
{
	(void)a;
	if (ctl->as)
		return copctl_usage_error("demo acts as its own members; "
			"drop --as", NULL);
	return copctl_demo(ctl);
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
static int parse_option(struct args *a, unsigned int allowed, int argc,
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
static int parse_args(struct args *a, unsigned int allowed, int argc,
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
	int known_name = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		const struct command *cmd = &commands[i];

		if (strcmp(cmd->name, name) != 0)
			continue;
		known_name = 1;
		if (!cmd->sub) {
			*words = 1;
			return cmd;
		}
		if (sub && strcmp(cmd->sub, sub) == 0) {
			*words = 2;
			return cmd;
		}
	}
	if (!known_name) {
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

	if (cmd->open == OPEN_EXISTING)
		opts.flags |= COP_OPEN_NOCREATE;
	rc = cop_open(&ctl->store, ctl->db, &opts);
	if (rc != COP_OK) {
		copctl_fail(NULL, rc, ctl->db);
		if (rc == COP_ENOTFOUND)
			fprintf(stderr, "copctl: create it with 'copctl --db %s init'\n",
				ctl->db);
		return COPCTL_EXIT_FAIL;
	}
	if (!ctl->as)
		return COPCTL_EXIT_OK;
	snprintf(context, sizeof(context), "--as %s", ctl->as);
	if ((rc = cop_member_get_by_handle(&m, ctl->store, ctl->as)) != COP_OK)
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
	if (cmd->open != OPEN_NONE &&
	    (rc = open_store(ctl, cmd)) != COPCTL_EXIT_OK)
		return rc;
	return cmd->run(ctl, &a);
}

int main(int argc, char **argv)
{
	struct copctl ctl = { NULL, NULL, NULL, 0 };
	int status;

	status = run(&ctl, argc, argv);
	if (fflush(stdout) != 0 && status == COPCTL_EXIT_OK) {
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
