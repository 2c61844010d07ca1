/*
 * copctl: libcop's example command-line tool.
 * cmd_thread.c: threads and contributions: `copctl thread
 * new|list|show|state|set`,
 * `post`, `reply`, `edit`, `history`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copctl.h"

#define OPTS_POST (O(OPT_TO) | O(OPT_KIND) | O(OPT_BODY) | O(OPT_LANG) | \
                   O(OPT_TRANSLATION_OF))

json_t *copctl_thread_json(const cop_thread *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", copctl_json_str(cop_thread_id(t)));
	json_object_set_new(o, "community_id",
		copctl_json_str(cop_thread_community_id(t)));
	json_object_set_new(o, "author_id",
		copctl_json_str(cop_thread_author_id(t)));
	json_object_set_new(o, "kind",
		copctl_json_str(COPCTL_ENUM(thread_kind, cop_thread_kind_get(t))));
	json_object_set_new(o, "state",
		copctl_json_str(COPCTL_ENUM(thread_state, cop_thread_state_get(t))));
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

/* A thread's object with its properties, as booleans (thread show and
 * thread set). */
static json_t *thread_json_flags(const cop_thread *t)
{
	json_t *o = copctl_thread_json(t);

	json_object_set_new(o, "closed", json_boolean(cop_thread_is_closed(t)));
	json_object_set_new(o, "locked", json_boolean(cop_thread_is_locked(t)));
	json_object_set_new(o, "pinned", json_boolean(cop_thread_is_pinned(t)));
	json_object_set_new(o, "hidden", json_boolean(cop_thread_is_hidden(t)));
	json_object_set_new(o, "answered",
		json_boolean(cop_thread_is_answered(t)));
	return o;
}

/* "closed, pinned": the properties that are on, "" when none. */
static const char *thread_flags_text(char *buf, size_t sz, const cop_thread *t)
{
	const int on[] = { cop_thread_is_closed(t), cop_thread_is_locked(t),
		cop_thread_is_pinned(t), cop_thread_is_hidden(t),
		cop_thread_is_answered(t) };
	static const char *const names[] = { "closed", "locked", "pinned",
		"hidden", "answered" };
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(on) / sizeof(on[0]); i++)
		if (on[i] && n < sz)
			n += (size_t)snprintf(buf + n, sz - n, "%s%s",
				n ? ", " : "", names[i]);
	return buf;
}

static void thread_print_line(const cop_thread *t)
{
	char when[32];

	printf("%s  %-12s %-8s %3d  %s  %s\n", cop_thread_id(t),
		COPCTL_ENUM(thread_kind, cop_thread_kind_get(t)),
		COPCTL_ENUM(thread_state, cop_thread_state_get(t)),
		cop_thread_contribution_count(t),
		copctl_time_text(when, sizeof(when), cop_thread_last_activity(t)),
		cop_thread_title(t));
}

json_t *copctl_contribution_json(struct copctl *ctl,
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
		COPCTL_ENUM(contribution_kind, cop_contribution_kind_get(c))));
	json_object_set_new(o, "reply_to",
		copctl_json_str(cop_contribution_reply_to(c)));
	json_object_set_new(o, "translation_of",
		copctl_json_str(cop_contribution_translation_of(c)));
	json_object_set_new(o, "language",
		copctl_json_str(cop_contribution_language(c)));
	json_object_set_new(o, "format", json_string(
		COPCTL_ENUM(body_format, cop_contribution_format(c))));
	json_object_set_new(o, "body", copctl_json_str(cop_contribution_body(c)));
	json_object_set_new(o, "created",
		copctl_json_time(cop_contribution_created(c)));
	json_object_set_new(o, "edited",
		copctl_json_time(cop_contribution_edited(c)));
	json_object_set_new(o, "revision",
		json_integer(cop_contribution_revision(c)));
	json_object_set_new(o, "score", json_integer(cop_contribution_score(c)));
	json_object_set_new(o, "source_score",
		cop_contribution_has_source_score(c) ?
		json_integer(cop_contribution_source_score(c)) : json_null());
	return o;
}

int copctl_contribution_done(struct copctl *ctl, cop_contribution *c,
	const char *line)
{
	int rc = COPCTL_EXIT_OK;

	if (ctl->json)
		rc = copctl_print_json(copctl_contribution_json(ctl, c));
	else
		printf("%s\n", line);
	cop_contribution_free(c);
	return rc;
}

static void contribution_print(struct copctl *ctl, const cop_contribution *c)
{
	char when[32];

	printf("-- %s  %s by %s, %s [%s]", cop_contribution_id(c),
		COPCTL_ENUM(contribution_kind, cop_contribution_kind_get(c)),
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
	if (cop_contribution_has_source_score(c))
		printf("   score %d where it was imported from\n",
			cop_contribution_source_score(c));
	copctl_print_indented(cop_contribution_body(c), "   ");
}

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
	if ((rc = copctl_read_body(a, &body, &owned)) != COPCTL_EXIT_OK)
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
			COPCTL_ENUM(thread_kind, cop_thread_kind_get(t)), cop_thread_id(t),
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

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
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

		rc = copctl_listing_end(ctl, obj, &page, count, cop_thread_iter_cursor(it));
	}
	cop_thread_iter_free(it);
	return rc;
}

static void thread_print_header(struct copctl *ctl, const cop_thread *t)
{
	char when[32], flags[64];

	printf("%s\n", cop_thread_title(t));
	printf("  %s, %s, %s, by %s, started %s", COPCTL_ENUM(thread_kind, 
		cop_thread_kind_get(t)),
		COPCTL_ENUM(thread_state, cop_thread_state_get(t)),
		cop_thread_language(t),
		copctl_handle_of(ctl, cop_thread_author_id(t)),
		copctl_time_text(when, sizeof(when), cop_thread_created(t)));
	printf(", %d contribution%s\n", cop_thread_contribution_count(t),
		cop_thread_contribution_count(t) == 1 ? "" : "s");
	if (cop_thread_tags(t) && *cop_thread_tags(t))
		printf("  tags: %s\n", cop_thread_tags(t));
	if (*thread_flags_text(flags, sizeof(flags), t))
		printf("  properties: %s\n", flags);
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

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_thread_lookup(&t, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	rc = cop_contribution_iter_new(&it, ctl->store, a->pos[0], &page);
	if (rc != COP_OK) {
		rc = copctl_fail(ctl, rc, NULL);
		cop_thread_free(t);
		return rc;
	}
	if (ctl->json) {
		list = json_array();
		obj = json_pack("{s:o, s:O}", "thread", thread_json_flags(t),
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
			json_array_append_new(list, copctl_contribution_json(ctl, c));
		else
			contribution_print(ctl, c);
		cop_contribution_free(c);
		count++;
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(obj);
	} else {
		rc = copctl_listing_end(ctl, obj, &page, count,
			cop_contribution_iter_cursor(it));
	}
	cop_contribution_iter_free(it);
	cop_thread_free(t);
	return rc;
}

/* After thread state or set: the thread as it is now ("thread ID is now
 * STATE", with the properties in brackets when @p with_flags). */
static int thread_print_changed(struct copctl *ctl, const char *id,
	int with_flags)
{
	cop_thread *t = NULL;
	char flags[64] = "";
	int rc;

	if ((rc = cop_thread_lookup(&t, ctl->store, id)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(with_flags ? thread_json_flags(t) :
			copctl_thread_json(t));
	} else {
		if (with_flags)
			thread_flags_text(flags, sizeof(flags), t);
		printf("thread %s is now %s%s%s%s\n", cop_thread_id(t),
			COPCTL_ENUM(thread_state, cop_thread_state_get(t)),
			*flags ? " (" : "", flags, *flags ? ")" : "");
		rc = COPCTL_EXIT_OK;
	}
	cop_thread_free(t);
	return rc;
}

static int cmd_thread_state(struct copctl *ctl, const struct args *a)
{
	cop_thread_state state;
	int rc;

	if (cop_thread_state_parse(&state, a->pos[1]) != COP_OK)
		return copctl_usage_error("a thread's state is open, answered, "
			"closed, locked, pinned or hidden, not", a->pos[1]);
	if ((rc = cop_thread_set_state(ctl->store, a->pos[0], state)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	return thread_print_changed(ctl, a->pos[0], 0);
}

/* thread set THREAD_ID FLAG on|off: one property, the others kept. */
static int cmd_thread_set(struct copctl *ctl, const struct args *a)
{
	cop_thread_flag flag;
	int rc, on;

	if (cop_thread_flag_parse(&flag, a->pos[1]) != COP_OK)
		return copctl_usage_error("a thread's property is closed, locked, "
			"pinned or hidden, not", a->pos[1]);
	if (!strcmp(a->pos[2], "on"))
		on = 1;
	else if (!strcmp(a->pos[2], "off"))
		on = 0;
	else
		return copctl_usage_error("a property is set on or off, not",
			a->pos[2]);
	if ((rc = cop_thread_set_flag(ctl->store, a->pos[0], flag, on)) !=
	    COP_OK)
		return copctl_fail(ctl, rc, NULL);
	return thread_print_changed(ctl, a->pos[0], 1);
}

/* post and reply: add a contribution (a reply unless --kind says else). */
static int cmd_reply(struct copctl *ctl, const struct args *a)
{
	char line[160];
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
	if ((rc = copctl_read_body(a, &body, &owned)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_contribution_create(&c, ctl->store, a->pos[0], kind,
		a->opt[OPT_TO], a->opt[OPT_TRANSLATION_OF], a->opt[OPT_LANG], body);
	free(owned);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	snprintf(line, sizeof(line), "added %s %s to thread %s",
		COPCTL_ENUM(contribution_kind, cop_contribution_kind_get(c)),
		cop_contribution_id(c), cop_contribution_thread_id(c));
	return copctl_contribution_done(ctl, c, line);
}

static int cmd_edit(struct copctl *ctl, const struct args *a)
{
	char line[160];
	cop_contribution *c = NULL;
	const char *body;
	char *owned;
	int rc;

	if ((rc = copctl_read_body(a, &body, &owned)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_contribution_edit(&c, ctl->store, a->pos[0], body,
		a->opt[OPT_COMMENT]);
	free(owned);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	snprintf(line, sizeof(line), "edited %s: now revision %d",
		cop_contribution_id(c), cop_contribution_revision(c));
	return copctl_contribution_done(ctl, c, line);
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
	json_object_set_new(o, "editor_id",
		copctl_json_str(cop_revision_editor_id(r)));
	json_object_set_new(o, "redacted",
		copctl_json_time(cop_revision_redacted(r)));
	return o;
}

static void revision_print(struct copctl *ctl, const cop_revision *r)
{
	const char *author = cop_revision_author_id(r);
	const char *editor = cop_revision_editor_id(r);
	char when[32];

	printf("-- revision %d by %s, %s\n", cop_revision_number(r),
		copctl_handle_of(ctl, cop_revision_author_id(r)),
		copctl_time_text(when, sizeof(when), cop_revision_created(r)));
	/* No editor: the system, or someone the store does not name (an
	 * imported edit by a deleted user); the store cannot tell which. */
	if (!editor)
		printf("   replaced (editor unknown)\n");
	else if (!author || strcmp(editor, author) != 0)
		printf("   replaced by %s\n", copctl_handle_of(ctl, editor));
	if (cop_revision_comment(r))
		printf("   replaced with the note: %s\n", cop_revision_comment(r));
	if (cop_revision_redacted(r))
		printf("   redacted %s\n", copctl_time_text(when, sizeof(when),
			cop_revision_redacted(r)));
	copctl_print_indented(cop_revision_body(r), "   ");
}

static int cmd_history(struct copctl *ctl, const struct args *a)
{
	cop_contribution *c = NULL;
	cop_revision_iter *it = NULL;
	cop_revision *r = NULL;
	json_t *obj = NULL, *list = NULL;
	int rc;

	if ((rc = cop_contribution_lookup(&c, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if ((rc = cop_revision_iter_new(&it, ctl->store, a->pos[0])) != COP_OK) {
		rc = copctl_fail(ctl, rc, NULL);
		cop_contribution_free(c);
		return rc;
	}
	if (ctl->json) {
		list = json_array();
		obj = json_pack("{s:o, s:O}", "contribution",
			copctl_contribution_json(ctl, c), "revisions", list);
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
		copctl_print_indented(cop_contribution_body(c), "   ");
		rc = COPCTL_EXIT_OK;
	}
	cop_revision_iter_free(it);
	cop_contribution_free(c);
	return rc;
}

/* thread new, list, show, state; post, reply, edit, history. */
const struct command copctl_thread_commands[] = {
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
	  "change a thread's state (the old form of thread set)" },
	{ "thread", "set", 0, 3, 3, OPEN_EXISTING, cmd_thread_set,
	  "THREAD_ID closed|locked|pinned|hidden on|off",
	  "turn one of a thread's properties on or off" },
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
	COPCTL_COMMANDS_END
};
