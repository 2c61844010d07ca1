/*
 * copctl: libcop's example command-line tool.
 * cmd_facilitation.c: what a facilitator works from: `copctl queue`,
 * `summary`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copctl.h"

/* What the lines of copctl_queue_items() start with. */
const char *copctl_queue_indent = "";

/* How long something waited, in seconds, as "3d 4h", "5h 12m", "40s". */
static const char *waited_text(char *buf, size_t size, int64_t secs)
{
	if (secs >= 86400)
		snprintf(buf, size, "%lldd %lldh", (long long)(secs / 86400),
			(long long)(secs % 86400 / 3600));
	else if (secs >= 3600)
		snprintf(buf, size, "%lldh %lldm", (long long)(secs / 3600),
			(long long)(secs % 3600 / 60));
	else if (secs >= 60)
		snprintf(buf, size, "%lldm", (long long)(secs / 60));
	else
		snprintf(buf, size, "%llds", (long long)secs);
	return buf;
}

/* What an item's object is called: a thread's or an event's title, a
 * member's handle (NULL for a flag). */
static char *item_label(struct copctl *ctl, const cop_queue_item *item)
{
	const char *id = cop_queue_item_object_id(item);
	cop_thread *t = NULL;
	char *label = NULL;

	switch (cop_queue_item_kind_get(item)) {
	case COP_QUEUE_UNANSWERED:
	case COP_QUEUE_UNACCEPTED:
	case COP_QUEUE_IDLE:
		if (cop_thread_lookup(&t, ctl->store, id) == COP_OK)
			label = strdup(cop_thread_title(t));
		cop_thread_free(t);
		return label;
	case COP_QUEUE_NEWCOMER:
	case COP_QUEUE_JOIN_REQUEST:
	case COP_QUEUE_QUIET:
		return strdup(copctl_handle_of(ctl, id));
	case COP_QUEUE_EVENT: {
		cop_event *e = NULL;

		if (cop_event_lookup(&e, ctl->store, id) == COP_OK)
			label = strdup(cop_event_title(e));
		cop_event_free(e);
		return label;
	}
	default:
		return NULL;
	}
}

static json_t *item_json(const cop_queue_item *item, const char *label)
{
	json_t *o = json_object();
	cop_queue_kind k = cop_queue_item_kind_get(item);

	json_object_set_new(o, "kind", copctl_json_str(COPCTL_ENUM(queue_kind,
		k)));
	json_object_set_new(o, "object", json_string(
		cop_queue_item_object_id(item)));
	json_object_set_new(o, "label", copctl_json_str(label));
	json_object_set_new(o, "since", copctl_json_time(
		cop_queue_item_since(item)));
	json_object_set_new(o, "waited", json_integer(
		cop_queue_item_waited(item)));
	return o;
}

static void item_print(const cop_queue_item *item, const char *label)
{
	char waited[32];

	printf("%s%-12s %s%s%s%s  waited %s\n", copctl_queue_indent,
		COPCTL_ENUM(queue_kind, cop_queue_item_kind_get(item)),
		cop_queue_item_object_id(item), label ? " \"" : "",
		label ? label : "", label ? "\"" : "",
		waited_text(waited, sizeof(waited),
			cop_queue_item_waited(item)));
}

int copctl_queue_items(struct copctl *ctl, const char *community,
	const cop_page *page, json_t *list, unsigned int *count, char *cursor,
	size_t cursor_size)
{
	cop_queue_iter *it = NULL;
	cop_queue_item *item = NULL;
	char *label;
	int rc = cop_queue_iter_new(&it, ctl->store, community, page);

	*count = 0;
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, community);
	while ((rc = cop_queue_iter_next(&item, it)) == COP_OK) {
		++*count;
		label = item_label(ctl, item);
		if (list)
			json_array_append_new(list, item_json(item, label));
		else
			item_print(item, label);
		free(label);
		cop_queue_item_free(item);
	}
	if (cursor)
		snprintf(cursor, cursor_size, "%s",
			cop_queue_iter_cursor(it) ? cop_queue_iter_cursor(it) : "");
	cop_queue_iter_free(it);
	return rc == COP_ITEROVER ? COPCTL_EXIT_OK : copctl_fail(ctl, rc, NULL);
}

static int cmd_queue(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	char cursor[200];
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if (ctl->json) {
		obj = json_object();
		list = json_array();
		json_object_set_new(obj, "items", list);
	}
	rc = copctl_queue_items(ctl, a->pos[0], &page, list, &count, cursor,
		sizeof(cursor));
	if (rc != COPCTL_EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (!ctl->json && count == 0)
		printf("nothing waits in %s\n", a->pos[0]);
	return copctl_listing_end(ctl, obj, &page, count,
		cursor[0] ? cursor : NULL);
}

static int cmd_summary(struct copctl *ctl, const struct args *a)
{
	cop_contribution *c = NULL;
	const char *body;
	char *owned, line[160];
	int rc;

	if ((rc = copctl_read_body(a, &body, &owned)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_thread_summarize(&c, ctl->store, a->pos[0], body);
	free(owned);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	snprintf(line, sizeof(line), "summary %s of thread %s: revision %d",
		cop_contribution_id(c), a->pos[0], cop_contribution_revision(c));
	return copctl_contribution_done(ctl, c, line);
}

/* queue threshold COMMUNITY KIND [SECONDS]: show, or set, how long an
 * item of a kind waits before it is listed. */
static int cmd_queue_threshold(struct copctl *ctl, const struct args *a)
{
	cop_queue_kind kind;
	unsigned long secs;
	int64_t now = 0;
	int rc;

	if (cop_queue_kind_parse(&kind, a->pos[1]) != COP_OK)
		return copctl_usage_error("no queue kind is called", a->pos[1]);
	if (a->npos > 2) {
		char *end;

		secs = strtoul(a->pos[2], &end, 10);
		if (!*a->pos[2] || *end || a->pos[2][0] == '-')
			return copctl_usage_error("SECONDS is a whole number, not",
				a->pos[2]);
		if ((rc = cop_queue_threshold_set(ctl->store, a->pos[0], kind,
				(int64_t)secs)) != COP_OK)
			return copctl_fail(ctl, rc, a->pos[0]);
	}
	if ((rc = cop_queue_threshold_lookup(&now, ctl->store, a->pos[0],
			kind)) != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (ctl->json)
		return copctl_print_json(json_pack("{s:s, s:s, s:I}",
			"community", a->pos[0], "kind", cop_queue_kind_name(kind),
			"seconds", (json_int_t)now));
	printf("%s %s: %lld seconds\n", a->pos[0], cop_queue_kind_name(kind),
		(long long)now);
	return COPCTL_EXIT_OK;
}

/* summary coverage COMMUNITY: of the closed or idle discussions, how
 * many have a summary. */
static int cmd_summary_coverage(struct copctl *ctl, const struct args *a)
{
	int64_t covered = 0, total = 0;
	int rc;

	if ((rc = cop_summary_coverage(&covered, &total, ctl->store,
			a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (ctl->json)
		return copctl_print_json(json_pack("{s:s, s:I, s:I}",
			"community", a->pos[0], "covered", (json_int_t)covered,
			"total", (json_int_t)total));
	printf("%s: %lld of %lld closed or idle discussions have a summary\n",
		a->pos[0], (long long)covered, (long long)total);
	return COPCTL_EXIT_OK;
}

/* queue; queue threshold; summary; summary coverage. */
const struct command copctl_facilitation_commands[] = {
	{ "queue", "threshold", 0, 2, 3, OPEN_EXISTING, cmd_queue_threshold,
	  "COMMUNITY KIND [SECONDS]",
	  "show, or set, how long an item of a kind waits before it is listed" },
	{ "summary", "coverage", 0, 1, 1, OPEN_EXISTING, cmd_summary_coverage,
	  "COMMUNITY",
	  "how many closed or idle discussions have a summary" },
	{ "queue", NULL, OPTS_PAGE, 1, 1, OPEN_EXISTING, cmd_queue,
	  "COMMUNITY [--limit N] [--after CURSOR]",
	  "the facilitator's queue, oldest first" },
	{ "summary", NULL, O(OPT_BODY), 1, 1, OPEN_EXISTING, cmd_summary,
	  "THREAD_ID [--body TEXT | < FILE]",
	  "write a thread's summary (a new revision when it has one)" },
	COPCTL_COMMANDS_END
};
