/*
 * copctl: libcop's example command-line tool.
 * output.c: what every command prints with: errors, JSON, times,
 * counts, member handles, the end of a listing.
 */
#define _GNU_SOURCE   /* fopencookie */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
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

/* Print @p value with jansson's @p flags (see copctl_print_json()). */
static int print_json_flags(json_t *value, size_t flags)
{
	int rc;

	if (!value) {
		fprintf(stderr, "copctl: out of memory building JSON\n");
		return COPCTL_EXIT_FAIL;
	}
	rc = json_dumpf(value, stdout, flags);
	json_decref(value);
	if (rc != 0) {
		fprintf(stderr, "copctl: cannot write JSON\n");
		return COPCTL_EXIT_FAIL;
	}
	fputc('\n', stdout);
	return COPCTL_EXIT_OK;
}

int copctl_print_json(json_t *value)
{
	return print_json_flags(value, JSON_INDENT(2));
}

int copctl_print_json_decimal(json_t *value)
{
	return print_json_flags(value, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
}

/* The length of the valid UTF-8 sequence at @p s (1 to 4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

json_t *copctl_json_str(const char *s)
{
	static int warned;
	const unsigned char *p;
	char *fixed, *w;
	json_t *j;
	size_t n;

	if (!s)
		return json_null();
	if ((j = json_string(s)))
		return j;
	/* Not UTF-8 (a store written by other means): each invalid byte
	 * becomes U+FFFD, and the user is told once. */
	if (!(fixed = malloc(strlen(s) * 3 + 1)))
		return json_null();
	for (p = (const unsigned char *)s, w = fixed; *p; p += n) {
		if ((n = utf8_len(p)) == 0) {
			memcpy(w, "\xef\xbf\xbd", 3);
			w += 3;
			n = 1;
		} else {
			memcpy(w, p, n);
			w += n;
		}
	}
	*w = '\0';
	j = json_string(fixed);
	free(fixed);
	if (!warned) {
		warned = 1;
		fprintf(stderr, "copctl: warning: stored text is not valid "
			"UTF-8; its invalid bytes are shown as U+FFFD\n");
	}
	return j ? j : json_null();
}

const char *copctl_enum(const char *name, int value)
{
	static char buf[4][24];
	static unsigned int next;
	char *b;

	if (name)
		return name;
	b = buf[next++ % 4];
	snprintf(b, sizeof(buf[0]), "unknown(%d)", value);
	return b;
}

/* ---- text output: no control characters from stored text ---------------- */

static FILE *real_stdout;
static int held_c2;          /* a 0xC2 byte held back: a C1 control may follow */

static ssize_t text_write(void *cookie, const char *buf, size_t n)
{
	FILE *out = cookie;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (held_c2) {
			held_c2 = 0;
			if (c >= 0x80 && c <= 0x9f) {
				fprintf(out, "\\u%04x", c);
				continue;
			}
			putc(0xc2, out);
		}
		if (c == 0xc2)
			held_c2 = 1;
		else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			putc(c, out);
	}
	return ferror(out) ? -1 : (ssize_t)n;
}

static int text_close(void *cookie)
{
	FILE *out = cookie;

	if (held_c2)
		putc(0xc2, out);
	held_c2 = 0;
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

int copctl_text_output_begin(void)
{
	static const cookie_io_functions_t io = {
		.write = text_write, .close = text_close,
	};
	FILE *f;

	if (real_stdout)
		return 0;
	if (!(f = fopencookie(stdout, "w", io)))
		return -1;
	real_stdout = stdout;
	stdout = f;
	return 0;
}

int copctl_text_output_end(void)
{
	int rc;

	if (!real_stdout)
		return 0;
	rc = fclose(stdout);
	stdout = real_stdout;
	real_stdout = NULL;
	return rc;
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
	{ "tags_described",   offsetof(cop_stats, tags_described) },
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

/* Close a listing: "next" in JSON, "next: CURSOR" in text.  (Its real
 * numbers, a ledger's amounts, print as decimals.) */
int copctl_listing_end(struct copctl *ctl, json_t *obj, const cop_page *page,
	unsigned int count, const char *cursor)
{
	const char *next = page_full(page, count) ? cursor : NULL;

	if (ctl->json) {
		json_object_set_new(obj, "next", copctl_json_str(next));
		return copctl_print_json_decimal(obj);
	}
	if (next)
		printf("next: %s\n", next);
	return COPCTL_EXIT_OK;
}

json_t *copctl_who_json(struct copctl *ctl, const char *member_id)
{
	return member_id ? copctl_json_str(copctl_handle_of(ctl, member_id)) :
		json_null();
}

int copctl_done(struct copctl *ctl, const char *what, const char *object)
{
	json_t *o;

	if (!ctl->json) {
		printf("%s %s\n", object, what);
		return COPCTL_EXIT_OK;
	}
	o = json_object();
	json_object_set_new(o, "object", copctl_json_str(object));
	json_object_set_new(o, "done", copctl_json_str(what));
	return copctl_print_json(o);
}
