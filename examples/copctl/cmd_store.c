/*
 * copctl: libcop's example command-line tool.
 * cmd_store.c: store-wide commands: `copctl init`, `search`, `log`, `stats`.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "copctl.h"

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

/*
 * copctl asks for snippets marked with COP_SEARCH_MARK_OPEN and _CLOSE,
 * which never occur in their text, and shows the matches its own way
 * (docs/copctl.md, "search"): rendered into @p out (malloc'd) with
 * @p open and @p close around each match and, when @p escape, a
 * backslash before each '\\', '[' and ']' of the text.  With @p text and
 * @p matches not NULL, it gives the text without markers too, and the
 * matches as [start, end) offsets in code points of it.
 */
static char *snippet_render(const char *snip, const char *open,
	const char *close, int escape, char **text, json_t *matches)
{
	size_t n = strlen(snip), lo = strlen(open), lc = strlen(close);
	size_t cap = n * 2 + 1, i, w = 0, t = 0, cp = 0, start = 0;
	char *out = malloc(cap + n * (lo > lc ? lo : lc)), *plain = NULL;

	if (!out)
		return NULL;
	if (text && !(plain = malloc(n + 1))) {
		free(out);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)snip[i];

		if (snip[i] == COP_SEARCH_MARK_OPEN[0]) {
			memcpy(out + w, open, lo);
			w += lo;
			start = cp;
			continue;
		}
		if (snip[i] == COP_SEARCH_MARK_CLOSE[0]) {
			memcpy(out + w, close, lc);
			w += lc;
			if (matches)
				json_array_append_new(matches, json_pack("[I, I]",
					(json_int_t)start, (json_int_t)cp));
			continue;
		}
		if (escape && (c == '\\' || c == '[' || c == ']'))
			out[w++] = '\\';
		out[w++] = (char)c;
		if (plain)
			plain[t++] = (char)c;
		if ((c & 0xc0) != 0x80)
			cp++;
	}
	out[w] = '\0';
	if (plain) {
		plain[t] = '\0';
		*text = plain;
	}
	return out;
}

static json_t *hit_json(const cop_search_hit *h)
{
	json_t *o = json_object(), *matches = json_array();
	char *text = NULL, *snip = snippet_render(cop_search_hit_snippet(h),
		"[", "]", 0, &text, matches);

	json_object_set_new(o, "thread_id",
		copctl_json_str(cop_search_hit_thread_id(h)));
	json_object_set_new(o, "contribution_id",
		copctl_json_str(cop_search_hit_contribution_id(h)));
	json_object_set_new(o, "community_id",
		copctl_json_str(cop_search_hit_community_id(h)));
	json_object_set_new(o, "title", copctl_json_str(cop_search_hit_title(h)));
	json_object_set_new(o, "snippet", copctl_json_str(snip ? snip : ""));
	json_object_set_new(o, "score", json_real(cop_search_hit_score(h)));
	json_object_set_new(o, "text", copctl_json_str(text ? text : ""));
	json_object_set_new(o, "matches", matches);
	free(snip);
	free(text);
	return o;
}

static void hit_print(const cop_search_hit *h, int tty)
{
	char *snip = tty ? snippet_render(cop_search_hit_snippet(h), "\033[1m",
		"\033[22m", 0, NULL, NULL) : snippet_render(
		cop_search_hit_snippet(h), "[", "]", 1, NULL, NULL);

	printf("%s  %s\n", cop_search_hit_thread_id(h), cop_search_hit_title(h));
	printf("  %s: %s\n", cop_search_hit_contribution_id(h),
		snip ? snip : "");
	free(snip);
}

/* The hits of a page when --limit is not given (the library's default). */
#define SEARCH_PAGE 50
#define SEARCH_MAX 1000         /* the most hits of a page */

static int cmd_search(struct copctl *ctl, const struct args *a)
{
	cop_search_options opts = COP_SEARCH_OPTIONS_INIT;
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	json_t *list = NULL;
	unsigned long limit = 0;
	char query[2048];
	const char *next;
	unsigned long count = 0;
	int rc, tty;

	if ((rc = copctl_opt_uint(a, OPT_LIMIT, "limit", 10000, &limit)) != COPCTL_EXIT_OK)
		return rc;
	if (join_words(query, sizeof(query), a) < 0)
		return copctl_usage_error("the query is too long", NULL);
	opts.community = a->opt[OPT_COMMUNITY];
	opts.language = a->opt[OPT_LANG];
	opts.limit = (unsigned int)limit;
	opts.after = a->opt[OPT_AFTER];
	opts.mark_open = COP_SEARCH_MARK_OPEN;
	opts.mark_close = COP_SEARCH_MARK_CLOSE;
	tty = isatty(STDOUT_FILENO);
	if ((rc = cop_search_iter_new(&it, ctl->store, query, &opts)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		list = json_array();
	while ((rc = cop_search_iter_next(&h, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, hit_json(h));
		else
			hit_print(h, tty);
		cop_search_hit_free(h);
		count++;
	}
	/* A full page has a next one, perhaps empty (as other listings). */
	next = count == (!limit ? SEARCH_PAGE : limit > SEARCH_MAX ? SEARCH_MAX :
		limit) ?
		cop_search_iter_cursor(it) : NULL;
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(list);
	} else if (list) {
		rc = copctl_print_json(json_pack("{s:s, s:o, s:o}", "query", query,
			"hits", list, "next", copctl_json_str(next)));
	} else {
		if (next)
			printf("next: %s\n", next);
		rc = COPCTL_EXIT_OK;
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
	const char *object = cop_log_entry_object_id(e);
	char when[32];

	/* An entry without an object (a mail refused or dropped): "-". */
	printf("%6lld  %s  %-16s %-20s %s\n", (long long)cop_log_entry_seq(e),
		copctl_time_text(when, sizeof(when), cop_log_entry_time(e)),
		copctl_handle_of(ctl, cop_log_entry_actor_id(e)),
		cop_log_entry_op(e), object ? object : "-");
}

/* The change log, a page after --after (a cursor: the system's is the
 * last entry's sequence number, a member's is opaque). */
static int cmd_log(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	json_t *list = NULL, *next;
	unsigned long limit = 0;
	unsigned int count = 0;
	const char *cursor;
	int64_t last = 0;
	int rc;

	if ((rc = copctl_opt_uint(a, OPT_LIMIT, "limit", 1000000, &limit)) !=
	    COPCTL_EXIT_OK)
		return rc;
	page.after = a->opt[OPT_AFTER];
	page.limit = (unsigned int)limit;
	rc = cop_log_iter_page(&it, ctl->store, &page);
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
	if (rc != COP_ITEROVER) {
		cop_log_iter_free(it);
		json_decref(list);
		return copctl_fail(ctl, rc, NULL);
	}
	/* A full page has a next one, perhaps empty (as other listings). */
	cursor = limit && count == limit ? cop_log_iter_cursor(it) : NULL;
	if (list) {
		json_t *obj = json_pack("{s:o}", "entries", list);

		/* The system's cursor is its sequence number, a number in
		 * JSON; a member's and the anonymous viewer's is text. */
		next = !cursor ? json_null() :
			cop_store_actor_kind(ctl->store) == COP_ACTOR_SYSTEM ?
			json_integer(last) : copctl_json_str(cursor);
		json_object_set_new(obj, "next", next);
		cop_log_iter_free(it);
		return copctl_print_json(obj);
	}
	if (cursor)
		printf("next: %s\n", cursor);
	cop_log_iter_free(it);
	return COPCTL_EXIT_OK;
}

static int cmd_stats(struct copctl *ctl, const struct args *a)
{
	cop_stats st = { .version = COP_STATS_VERSION };
	int rc = cop_stats_lookup(&st, ctl->store, a->opt[OPT_COMMUNITY]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		return copctl_print_json(copctl_stats_json(&st));
	copctl_stats_print(&st, "");
	return COPCTL_EXIT_OK;
}

/* init, search, log, stats. */
const struct command copctl_store_commands[] = {
	{ "init", NULL, 0, 0, 0, OPEN_CREATE, cmd_init,
	  "", "create the database (or check an existing one)" },
	{ "search", NULL, O(OPT_COMMUNITY) | O(OPT_LANG) | O(OPT_LIMIT) |
	  O(OPT_AFTER), 1, MAX_POSITIONAL, OPEN_EXISTING, cmd_search,
	  "QUERY... [--community SLUG] [--lang L] [--limit N] [--after CURSOR]",
	  "full-text search of what you can see" },
	{ "log", NULL, O(OPT_AFTER) | O(OPT_LIMIT), 0, 0, OPEN_EXISTING,
	  cmd_log, "[--after CURSOR] [--limit N]", "read the change log" },
	{ "stats", NULL, O(OPT_COMMUNITY), 0, 0, OPEN_EXISTING, cmd_stats,
	  "[--community SLUG]", "count what the store holds" },
	COPCTL_COMMANDS_END
};
