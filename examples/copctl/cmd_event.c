/*
 * copctl: libcop's example command-line tool.
 * cmd_event.c: events (docs/events.md): `copctl event new | list | show |
 * cancel | ics`, `rsvp`, `attend`.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "copctl.h"

/* ---- an event, as JSON and as text ---------------------------------------- */

static json_t *event_json(struct copctl *ctl, const cop_event *e)
{
	const char *creator = cop_event_creator_id(e);
	int answer = cop_event_answer(e);
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(cop_event_id(e)));
	json_object_set_new(o, "community_id",
		json_string(cop_event_community_id(e)));
	json_object_set_new(o, "kind", copctl_json_str(COPCTL_ENUM(event_kind,
		cop_event_kind_get(e))));
	json_object_set_new(o, "title", copctl_json_str(cop_event_title(e)));
	json_object_set_new(o, "body", copctl_json_str(cop_event_body(e)));
	json_object_set_new(o, "start", copctl_json_time(cop_event_start(e)));
	json_object_set_new(o, "end", copctl_json_time(cop_event_end(e)));
	json_object_set_new(o, "tz", copctl_json_str(cop_event_tz(e)));
	json_object_set_new(o, "place", copctl_json_str(cop_event_place(e)));
	json_object_set_new(o, "url", copctl_json_str(cop_event_url(e)));
	json_object_set_new(o, "capacity",
		json_integer(cop_event_capacity(e)));
	json_object_set_new(o, "creator", creator ?
		copctl_json_str(copctl_handle_of(ctl, creator)) : json_null());
	json_object_set_new(o, "sequence",
		json_integer(cop_event_sequence(e)));
	json_object_set_new(o, "cancelled",
		copctl_json_time(cop_event_cancelled(e)));
	json_object_set_new(o, "cancel_reason", cop_event_cancelled(e) ?
		copctl_json_str(cop_event_cancel_reason(e)) : json_null());
	json_object_set_new(o, "yes", json_integer(cop_event_yes_count(e)));
	json_object_set_new(o, "maybe", json_integer(cop_event_maybe_count(e)));
	json_object_set_new(o, "waiting",
		json_integer(cop_event_waiting_count(e)));
	json_object_set_new(o, "attended",
		json_integer(cop_event_attended_count(e)));
	json_object_set_new(o, "answer", answer < 0 ? json_null() :
		copctl_json_str(COPCTL_ENUM(rsvp, answer)));
	json_object_set_new(o, "answer_waiting",
		json_boolean(cop_event_answer_waiting(e)));
	return o;
}

/* One line: start, kind, title, counts, id. */
static void event_line(const cop_event *e)
{
	char when[32];

	printf("%s  %-12s %s  [yes %lld, maybe %lld, waiting %lld, "
		"attended %lld]%s  %s\n",
		copctl_time_text(when, sizeof(when), cop_event_start(e)),
		COPCTL_ENUM(event_kind, cop_event_kind_get(e)),
		cop_event_title(e), (long long)cop_event_yes_count(e),
		(long long)cop_event_maybe_count(e),
		(long long)cop_event_waiting_count(e),
		(long long)cop_event_attended_count(e),
		cop_event_cancelled(e) ? " (cancelled)" : "", cop_event_id(e));
}

static void event_print(struct copctl *ctl, const cop_event *e)
{
	const char *creator = cop_event_creator_id(e);
	int answer = cop_event_answer(e);
	char start[32], end[32];

	printf("%s\n", cop_event_title(e));
	printf("  id:        %s\n", cop_event_id(e));
	printf("  kind:      %s\n", COPCTL_ENUM(event_kind,
		cop_event_kind_get(e)));
	printf("  when:      %s - %s UTC (shown in %s)\n",
		copctl_time_text(start, sizeof(start), cop_event_start(e)),
		copctl_time_text(end, sizeof(end), cop_event_end(e)),
		cop_event_tz(e));
	if (cop_event_place(e))
		printf("  place:     %s\n", cop_event_place(e));
	if (cop_event_url(e))
		printf("  url:       %s\n", cop_event_url(e));
	if (cop_event_capacity(e))
		printf("  capacity:  %d\n", cop_event_capacity(e));
	printf("  by:        %s\n", creator ? copctl_handle_of(ctl, creator) :
		"the system");
	printf("  answers:   yes %lld, maybe %lld, waiting %lld\n",
		(long long)cop_event_yes_count(e),
		(long long)cop_event_maybe_count(e),
		(long long)cop_event_waiting_count(e));
	printf("  attended:  %lld\n", (long long)cop_event_attended_count(e));
	if (answer >= 0)
		printf("  yours:     %s%s\n", COPCTL_ENUM(rsvp, answer),
			cop_event_answer_waiting(e) ? " (waiting)" : "");
	if (cop_event_cancelled(e))
		printf("  cancelled: %s\n", cop_event_cancel_reason(e));
	if (*cop_event_body(e)) {
		putchar('\n');
		copctl_print_indented(cop_event_body(e), "  ");
	}
}

static int event_out(struct copctl *ctl, const cop_event *e)
{
	if (ctl->json)
		return copctl_print_json(event_json(ctl, e));
	event_print(ctl, e);
	return COPCTL_EXIT_OK;
}

/* ---- event new ------------------------------------------------------------- */

/* --start or --end ("YYYY-MM-DD HH:MM", UTC) into *out. */
static int when_of(const struct args *a, enum opt_id id, const char *name,
	cop_time *out)
{
	if (!a->opt[id])
		return copctl_usage_error("event new needs --start and --end",
			NULL);
	if (copctl_time_parse(out, a->opt[id]) != 0) {
		fprintf(stderr, "copctl: %s takes \"YYYY-MM-DD HH:MM\" (UTC), "
			"not '%s'\n", name, a->opt[id]);
		return COPCTL_EXIT_USAGE;
	}
	return COPCTL_EXIT_OK;
}

/* --capacity N into *out: any whole number, so that the library says
 * what a negative one is. */
static int capacity_of(const struct args *a, int *out)
{
	const char *v = a->opt[OPT_CAPACITY];
	char *end;
	long n;

	if (!v)
		return COPCTL_EXIT_OK;
	n = strtol(v, &end, 10);
	if (!*v || *end || n < -1000000000L || n > 1000000000L)
		return copctl_usage_error("--capacity takes a whole number, not",
			v);
	*out = (int)n;
	return COPCTL_EXIT_OK;
}

static int cmd_event_new(struct copctl *ctl, const struct args *a)
{
	cop_event_spec sp = COP_EVENT_SPEC_INIT;
	cop_event *e = NULL;
	char *owned = NULL;
	int rc;

	if (!a->opt[OPT_TITLE])
		return copctl_usage_error("event new needs --title TEXT", NULL);
	if ((rc = when_of(a, OPT_START, "--start", &sp.start)) != 0 ||
	    (rc = when_of(a, OPT_END, "--end", &sp.end)) != 0)
		return rc;
	if (a->opt[OPT_KIND] && cop_event_kind_parse(&sp.kind,
			a->opt[OPT_KIND]) != COP_OK)
		return copctl_usage_error("--kind is online, face-to-face or "
			"hybrid, not", a->opt[OPT_KIND]);
	if ((rc = capacity_of(a, &sp.capacity)) != COPCTL_EXIT_OK)
		return rc;
	sp.title = a->opt[OPT_TITLE];
	sp.tz = a->opt[OPT_TZ];
	sp.place = a->opt[OPT_PLACE];
	sp.url = a->opt[OPT_URL];
	if ((a->opt[OPT_BODY] || !isatty(STDIN_FILENO)) &&
	    (rc = copctl_read_body(a, &sp.body, &owned)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_event_create(&e, ctl->store, a->pos[0], &sp);
	free(owned);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	rc = event_out(ctl, e);
	cop_event_free(e);
	return rc;
}

/* ---- event list, show, cancel, ics ------------------------------------------ */

/* Print the events of listing @p it (paged by @p page) and its next
 * cursor; frees @p it. */
static int events_out(struct copctl *ctl, cop_event_iter *it,
	const cop_page *page)
{
	cop_event *e = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	int rc;

	if (ctl->json) {
		obj = json_object();
		list = json_array();
		json_object_set_new(obj, "events", list);
	}
	while ((rc = cop_event_iter_next(&e, it)) == COP_OK) {
		count++;
		if (ctl->json)
			json_array_append_new(list, event_json(ctl, e));
		else
			event_line(e);
		cop_event_free(e);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_event_iter_free(it);
		return rc;
	}
	rc = copctl_listing_end(ctl, obj, page, count,
		cop_event_iter_cursor(it));
	cop_event_iter_free(it);
	return rc;
}

static int cmd_event_list(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_event_iter *it = NULL;
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_event_iter_new(&it, ctl->store, a->pos[0], a->opt[OPT_PAST] ?
		COP_EVENTS_PAST : COP_EVENTS_UPCOMING, &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	return events_out(ctl, it, &page);
}

/* event member HANDLE: the events a member answered, latest first. */
static int cmd_event_member(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_event_iter *it = NULL;
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_member_event_iter_new(&it, ctl->store, a->pos[0], &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	return events_out(ctl, it, &page);
}

/* event update EVENT_ID: the fields given replace the event's, the
 * others are kept (cop_event_update() takes them all). */
static int cmd_event_update(struct copctl *ctl, const struct args *a)
{
	cop_event_spec sp = COP_EVENT_SPEC_INIT;
	cop_event *old = NULL, *e = NULL;
	char *owned = NULL;
	int rc;

	if ((rc = cop_event_lookup(&old, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	sp.kind = cop_event_kind_get(old);
	sp.title = cop_event_title(old);
	sp.body = cop_event_body(old);
	sp.start = cop_event_start(old);
	sp.end = cop_event_end(old);
	sp.tz = cop_event_tz(old);
	sp.place = cop_event_place(old);
	sp.url = cop_event_url(old);
	sp.capacity = cop_event_capacity(old);
	rc = COPCTL_EXIT_OK;
	if (a->opt[OPT_START])
		rc = when_of(a, OPT_START, "--start", &sp.start);
	if (rc == COPCTL_EXIT_OK && a->opt[OPT_END])
		rc = when_of(a, OPT_END, "--end", &sp.end);
	if (rc == COPCTL_EXIT_OK && a->opt[OPT_KIND] &&
	    cop_event_kind_parse(&sp.kind, a->opt[OPT_KIND]) != COP_OK)
		rc = copctl_usage_error("--kind is online, face-to-face or "
			"hybrid, not", a->opt[OPT_KIND]);
	if (rc == COPCTL_EXIT_OK)
		rc = capacity_of(a, &sp.capacity);
	if (rc == COPCTL_EXIT_OK && a->opt[OPT_BODY])
		rc = copctl_read_body(a, &sp.body, &owned);
	if (rc == COPCTL_EXIT_OK) {
		if (a->opt[OPT_TITLE])
			sp.title = a->opt[OPT_TITLE];
		if (a->opt[OPT_TZ])
			sp.tz = a->opt[OPT_TZ];
		if (a->opt[OPT_PLACE])
			sp.place = a->opt[OPT_PLACE];
		if (a->opt[OPT_URL])
			sp.url = a->opt[OPT_URL];
		if ((rc = cop_event_update(&e, ctl->store, a->pos[0], &sp)) !=
				COP_OK)
			rc = copctl_fail(ctl, rc, NULL);
		else
			rc = event_out(ctl, e);
	}
	free(owned);
	cop_event_free(e);
	cop_event_free(old);
	return rc;
}

static int cmd_event_show(struct copctl *ctl, const struct args *a)
{
	cop_event *e = NULL;
	int rc = cop_event_lookup(&e, ctl->store, a->pos[0]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	rc = event_out(ctl, e);
	cop_event_free(e);
	return rc;
}

static int cmd_event_cancel(struct copctl *ctl, const struct args *a)
{
	int rc;

	if (!a->opt[OPT_REASON])
		return copctl_usage_error("event cancel needs --reason TEXT",
			NULL);
	if ((rc = cop_event_cancel(ctl->store, a->pos[0], a->opt[OPT_REASON]))
			!= COP_OK)
		return copctl_fail(ctl, rc, NULL);
	return cmd_event_show(ctl, a);
}

/* The iCalendar text as it is (its CRLF line ends) into a file or a
 * pipe; to a terminal through the escaping filter, as all text. */
static int ics_write(const char *ics)
{
	size_t len = strlen(ics), done = 0;
	ssize_t n;

	if (isatty(STDOUT_FILENO))
		return fputs(ics, stdout) == EOF ? COPCTL_EXIT_FAIL :
			COPCTL_EXIT_OK;
	fflush(stdout);
	while (done < len) {
		if ((n = write(STDOUT_FILENO, ics + done, len - done)) <= 0) {
			perror("copctl: writing iCalendar");
			return COPCTL_EXIT_FAIL;
		}
		done += (size_t)n;
	}
	return COPCTL_EXIT_OK;
}

static int cmd_event_ics(struct copctl *ctl, const struct args *a)
{
	char *ics = NULL;
	int rc;

	if ((a->npos == 1) == (a->opt[OPT_COMMUNITY] != NULL))
		return copctl_usage_error("event ics takes an EVENT_ID or "
			"--community SLUG", NULL);
	rc = a->npos ? cop_event_ics(&ics, ctl->store, a->pos[0]) :
		cop_community_ics(&ics, ctl->store, a->opt[OPT_COMMUNITY]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		rc = copctl_print_json(json_pack("{s:s}", "ics", ics));
	else
		rc = ics_write(ics);
	cop_text_dispose(ics);
	return rc;
}

/* ---- rsvp, attend ---------------------------------------------------------------- */

static int cmd_rsvp(struct copctl *ctl, const struct args *a)
{
	cop_rsvp answer;
	int rc, waiting = 0;

	if (cop_rsvp_parse(&answer, a->pos[1]) != COP_OK)
		return copctl_usage_error("an answer is yes, no or maybe, not",
			a->pos[1]);
	rc = cop_event_rsvp(ctl->store, a->pos[0], answer, &waiting);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		return copctl_print_json(json_pack("{s:s, s:s, s:b}", "event",
			a->pos[0], "answer", a->pos[1], "waiting", waiting));
	printf("%s %s%s\n", a->pos[0], a->pos[1],
		waiting ? " (on the waiting list)" : "");
	return COPCTL_EXIT_OK;
}

static int cmd_attend(struct copctl *ctl, const struct args *a)
{
	cop_attendance att = a->opt[OPT_ABSENT] ? COP_ATTENDANCE_ABSENT :
		COP_ATTENDANCE_ATTENDED;
	json_t *members = ctl->json ? json_array() : NULL;
	int i, rc;

	for (i = 1; i < a->npos; i++) {
		if ((rc = cop_event_attend(ctl->store, a->pos[0], a->pos[i], att))
				!= COP_OK) {
			json_decref(members);
			return copctl_fail(ctl, rc, a->pos[i]);
		}
		if (members)
			json_array_append_new(members, json_string(a->pos[i]));
		else
			printf("%s %s\n", a->pos[i], cop_attendance_name(att));
	}
	if (!ctl->json)
		return COPCTL_EXIT_OK;
	return copctl_print_json(json_pack("{s:s, s:s, s:o}", "event",
		a->pos[0], "attendance", cop_attendance_name(att), "members",
		members));
}

/* event new, update, list, member, show, cancel, ics; rsvp; attend. */
const struct command copctl_event_commands[] = {
	{ "event", "update", O(OPT_TITLE) | O(OPT_START) | O(OPT_END) |
	  O(OPT_TZ) | O(OPT_KIND) | O(OPT_PLACE) | O(OPT_URL) |
	  O(OPT_CAPACITY) | O(OPT_BODY), 1, 1, OPEN_EXISTING, cmd_event_update,
	  "EVENT_ID [--title T] [--start DATETIME] [--end DATETIME] [--tz ZONE] "
	  "[--kind K] [--place P] [--url U] [--capacity N] [--body TEXT]",
	  "change an event: the fields given, the others kept" },
	{ "event", "member", OPTS_PAGE, 1, 1, OPEN_EXISTING, cmd_event_member,
	  "HANDLE [--limit N] [--after CURSOR]",
	  "the events a member answered, latest first (themself, the system)" },
	{ "event", "new", O(OPT_TITLE) | O(OPT_START) | O(OPT_END) | O(OPT_TZ) |
	  O(OPT_KIND) | O(OPT_PLACE) | O(OPT_URL) | O(OPT_CAPACITY) |
	  O(OPT_BODY), 1, 1, OPEN_EXISTING, cmd_event_new,
	  "COMMUNITY --title T --start DATETIME --end DATETIME [--tz ZONE] "
	  "[--kind online|face-to-face|hybrid] [--place P] [--url U] "
	  "[--capacity N] [--body TEXT | < FILE]",
	  "create an event (DATETIME: \"YYYY-MM-DD HH:MM\", UTC)" },
	{ "event", "list", O(OPT_PAST) | OPTS_PAGE, 1, 1, OPEN_EXISTING,
	  cmd_event_list, "COMMUNITY [--past] [--limit N] [--after CURSOR]",
	  "a community's upcoming (or past) events" },
	{ "event", "show", 0, 1, 1, OPEN_EXISTING, cmd_event_show,
	  "EVENT_ID", "an event with its answers and attendance" },
	{ "event", "cancel", O(OPT_REASON), 1, 1, OPEN_EXISTING,
	  cmd_event_cancel, "EVENT_ID --reason TEXT", "cancel an event" },
	{ "event", "ics", O(OPT_COMMUNITY), 0, 1, OPEN_EXISTING, cmd_event_ics,
	  "(EVENT_ID | --community SLUG)",
	  "an event, or a community's calendar, as iCalendar" },
	{ "rsvp", NULL, 0, 2, 2, OPEN_EXISTING, cmd_rsvp,
	  "EVENT_ID yes|no|maybe", "answer an event (as --as HANDLE)" },
	{ "attend", NULL, O(OPT_ABSENT), 2, MAX_POSITIONAL, OPEN_EXISTING,
	  cmd_attend, "EVENT_ID HANDLE... [--absent]",
	  "record who attended an event (or was absent)" },
	COPCTL_COMMANDS_END
};
