/*
 * copctl: libcop's example command-line tool.
 * output.c: what every command prints with: errors, JSON, times,
 * counts, member handles, the end of a listing.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "copctl.h"

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
	if (cop_member_lookup(&m, ctl->store, member_id) != COP_OK)
		return member_id;
	slot = &handle_cache[handle_cache_next++ % HANDLE_CACHE_SIZE];
	snprintf(slot->id, sizeof(slot->id), "%s", member_id);
	snprintf(slot->handle, sizeof(slot->handle), "%s", cop_member_handle(m));
	cop_member_free(m);
	return slot->handle;
}

/* Print @p text with every line indented by @p indent. */
void copctl_print_indented(const char *text, const char *indent)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		printf("%s%.*s\n", indent, (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

/* Whether a listing stopped because the page was full. */
static int page_full(const cop_page *page, unsigned int count)
{
	return page->limit > 0 && count == page->limit;
}

/* Close a listing: "next" in JSON, "next: CURSOR" in text. */
int copctl_listing_end(struct copctl *ctl, json_t *obj, const cop_page *page,
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
