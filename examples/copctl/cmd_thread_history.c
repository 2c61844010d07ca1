/*
 * copctl: libcop's example command-line tool.
 * cmd_thread_history.c: a thread's title and tags changed, and its
 * history: `copctl thread edit|history`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copctl.h"

static int cmd_thread_edit(struct copctl *ctl, const struct args *a)
{
	cop_thread *t = NULL;
	int rc;

	if ((rc = cop_thread_edit(ctl->store, a->pos[0], a->opt[OPT_TITLE],
			a->opt[OPT_TAGS], a->opt[OPT_COMMENT])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if ((rc = cop_thread_lookup(&t, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(copctl_thread_json(t));
	} else {
		printf("thread %s: %s [%s]\n", cop_thread_id(t),
			cop_thread_title(t), cop_thread_tags(t));
		rc = COPCTL_EXIT_OK;
	}
	cop_thread_free(t);
	return rc;
}

static json_t *change_json(struct copctl *ctl, const cop_thread_change *c)
{
	json_t *o = json_object();
	const char *actor = cop_thread_change_actor_id(c);

	json_object_set_new(o, "number",
		json_integer(cop_thread_change_number(c)));
	json_object_set_new(o, "kind", copctl_json_str(COPCTL_ENUM(
		thread_change_kind, cop_thread_change_kind_get(c))));
	json_object_set_new(o, "old",
		copctl_json_str(cop_thread_change_old_value(c)));
	json_object_set_new(o, "new",
		copctl_json_str(cop_thread_change_new_value(c)));
	json_object_set_new(o, "actor_id", copctl_json_str(actor));
	json_object_set_new(o, "actor",
		actor ? copctl_json_str(copctl_handle_of(ctl, actor)) : json_null());
	json_object_set_new(o, "created",
		copctl_json_time(cop_thread_change_created(c)));
	json_object_set_new(o, "comment",
		copctl_json_str(cop_thread_change_comment(c)));
	return o;
}

/* "3  2024-05-01 10:00  title by mia: Old -> New  (note)" */
static void change_print(struct copctl *ctl, const cop_thread_change *c)
{
	const char *actor = cop_thread_change_actor_id(c);
	const char *was = cop_thread_change_old_value(c);
	const char *now = cop_thread_change_new_value(c);
	char when[32];

	printf("%d  %s  %s by %s", cop_thread_change_number(c),
		copctl_time_text(when, sizeof(when),
			cop_thread_change_created(c)),
		COPCTL_ENUM(thread_change_kind, cop_thread_change_kind_get(c)),
		actor ? copctl_handle_of(ctl, actor) : "the system");
	if (was || now)
		printf(": %s -> %s", was ? was : "(none)", now ? now : "(none)");
	if (cop_thread_change_comment(c))
		printf("  (%s)", cop_thread_change_comment(c));
	printf("\n");
}

static int cmd_thread_history(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_thread_history_iter *it = NULL;
	cop_thread_change *c = NULL;
	json_t *list = NULL;
	unsigned int count = 0;
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_thread_history_iter_new(&it, ctl->store, a->pos[0],
			&page)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		list = json_array();
	while ((rc = cop_thread_history_iter_next(&c, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, change_json(ctl, c));
		else
			change_print(ctl, c);
		cop_thread_change_free(c);
		count++;
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(list);
	} else {
		json_t *obj = ctl->json ? json_pack("{s:o}", "history", list) :
			NULL;

		rc = copctl_listing_end(ctl, obj, &page, count,
			cop_thread_history_iter_cursor(it));
	}
	cop_thread_history_iter_free(it);
	return rc;
}

/* thread edit, history. */
const struct command copctl_thread_history_commands[] = {
	{ "thread", "edit", O(OPT_TITLE) | O(OPT_TAGS) | O(OPT_COMMENT), 1, 1,
	  OPEN_EXISTING, cmd_thread_edit,
	  "THREAD_ID [--title T] [--tags \"a b\"] [--comment NOTE]",
	  "change a thread's title or tags (kept in its history)" },
	{ "thread", "history", OPTS_PAGE, 1, 1, OPEN_EXISTING,
	  cmd_thread_history, "THREAD_ID [--limit N] [--after CURSOR]",
	  "a thread's history: titles, tags, closing, locking, ..." },
	COPCTL_COMMANDS_END
};
