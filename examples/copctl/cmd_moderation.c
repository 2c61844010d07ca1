/*
 * copctl: libcop's example command-line tool.
 * cmd_moderation.c: moderation that holds: `copctl member suspend |
 * unsuspend`, `community silence | unsilence`, `hide`, `unhide`,
 * `modlog`.
 */
#include <stdio.h>
#include <string.h>

#include "copctl.h"

/* --until DATE into *until (0 when absent). */
static int until_of(const struct args *a, cop_time *until)
{
	return copctl_opt_date(a, OPT_UNTIL, "until", until);
}

static int cmd_member_suspend(struct copctl *ctl, const struct args *a)
{
	cop_time until;
	int rc;

	if (!a->opt[OPT_REASON])
		return copctl_usage_error("member suspend needs --reason TEXT",
			NULL);
	if ((rc = until_of(a, &until)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_member_suspend(ctl->store, a->pos[0], until, a->opt[OPT_REASON]);
	return rc == COP_OK ? copctl_done(ctl, "suspended", a->pos[0]) :
		copctl_fail(ctl, rc, a->pos[0]);
}

static int cmd_member_unsuspend(struct copctl *ctl, const struct args *a)
{
	int rc = cop_member_unsuspend(ctl->store, a->pos[0]);

	return rc == COP_OK ? copctl_done(ctl, "unsuspended", a->pos[0]) :
		copctl_fail(ctl, rc, a->pos[0]);
}

static int cmd_community_silence(struct copctl *ctl, const struct args *a)
{
	cop_time until;
	int rc;

	if (!a->opt[OPT_REASON])
		return copctl_usage_error("community silence needs --reason TEXT",
			NULL);
	if ((rc = until_of(a, &until)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_community_silence(ctl->store, a->pos[0], a->pos[1], until,
		a->opt[OPT_REASON]);
	return rc == COP_OK ? copctl_done(ctl, "silenced", a->pos[1]) :
		copctl_fail(ctl, rc, a->pos[1]);
}

static int cmd_community_unsilence(struct copctl *ctl, const struct args *a)
{
	int rc = cop_community_unsilence(ctl->store, a->pos[0], a->pos[1]);

	return rc == COP_OK ? copctl_done(ctl, "unsilenced", a->pos[1]) :
		copctl_fail(ctl, rc, a->pos[1]);
}

static int cmd_hide(struct copctl *ctl, const struct args *a)
{
	int rc;

	if (!a->opt[OPT_REASON])
		return copctl_usage_error("hide needs --reason TEXT", NULL);
	rc = cop_contribution_hide(ctl->store, a->pos[0], a->opt[OPT_REASON]);
	return rc == COP_OK ? copctl_done(ctl, "hidden", a->pos[0]) :
		copctl_fail(ctl, rc, a->pos[0]);
}

static int cmd_unhide(struct copctl *ctl, const struct args *a)
{
	int rc = cop_contribution_unhide(ctl->store, a->pos[0]);

	return rc == COP_OK ? copctl_done(ctl, "shown", a->pos[0]) :
		copctl_fail(ctl, rc, a->pos[0]);
}

static json_t *entry_json(struct copctl *ctl, const cop_modlog_entry *e)
{
	json_t *o = json_object();
	const char *c = cop_modlog_entry_contribution_id(e);

	json_object_set_new(o, "id", json_string(cop_modlog_entry_id(e)));
	json_object_set_new(o, "action", copctl_json_str(COPCTL_ENUM(
		modlog_kind, cop_modlog_entry_kind_get(e))));
	json_object_set_new(o, "by", copctl_who_json(ctl,
		cop_modlog_entry_actor_id(e)));
	json_object_set_new(o, "member", copctl_who_json(ctl,
		cop_modlog_entry_member_id(e)));
	json_object_set_new(o, "contribution", c ? json_string(c) : json_null());
	json_object_set_new(o, "reason", copctl_json_str(
		cop_modlog_entry_reason(e)));
	json_object_set_new(o, "start", copctl_json_time(
		cop_modlog_entry_start(e)));
	json_object_set_new(o, "until", copctl_json_time(
		cop_modlog_entry_until(e)));
	json_object_set_new(o, "lifted", copctl_json_time(
		cop_modlog_entry_lifted(e)));
	return o;
}

static void entry_print(struct copctl *ctl, const cop_modlog_entry *e)
{
	const char *member = cop_modlog_entry_member_id(e);
	const char *actor = cop_modlog_entry_actor_id(e);
	char when[32], until[32];

	printf("%s  %s %s by %s", copctl_time_text(when, sizeof(when),
			cop_modlog_entry_start(e)),
		COPCTL_ENUM(modlog_kind, cop_modlog_entry_kind_get(e)),
		member ? copctl_handle_of(ctl, member) :
			cop_modlog_entry_contribution_id(e),
		actor ? copctl_handle_of(ctl, actor) : "the system");
	if (cop_modlog_entry_until(e))
		printf(" until %s", copctl_time_text(until, sizeof(until),
			cop_modlog_entry_until(e)));
	if (cop_modlog_entry_lifted(e))
		printf(" (lifted)");
	if (*cop_modlog_entry_reason(e))
		printf(": %s", cop_modlog_entry_reason(e));
	putchar('\n');
}

COPCTL_LISTING_FN(modlog_print, cop_modlog, cop_modlog_entry, entry_json,
	entry_print)

static int cmd_modlog(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_modlog_iter *it = NULL;
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_modlog_iter_new(&it, ctl->store, a->pos[0], &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	return modlog_print(ctl, it, NULL, "entries", &page);
}

/* member suspend, unsuspend; community silence, unsilence; hide, unhide;
 * modlog. */
const struct command copctl_moderation_commands[] = {
	{ "member", "suspend", O(OPT_UNTIL) | O(OPT_REASON), 1, 1,
	  OPEN_EXISTING, cmd_member_suspend,
	  "HANDLE [--until DATE] --reason TEXT",
	  "suspend a member everywhere (the system)" },
	{ "member", "unsuspend", 0, 1, 1, OPEN_EXISTING, cmd_member_unsuspend,
	  "HANDLE", "lift a member's suspension" },
	{ "community", "silence", O(OPT_UNTIL) | O(OPT_REASON), 2, 2,
	  OPEN_EXISTING, cmd_community_silence,
	  "SLUG HANDLE [--until DATE] --reason TEXT",
	  "silence a member in a community" },
	{ "community", "unsilence", 0, 2, 2, OPEN_EXISTING,
	  cmd_community_unsilence, "SLUG HANDLE", "lift a member's silence" },
	{ "hide", NULL, O(OPT_REASON), 1, 1, OPEN_EXISTING, cmd_hide,
	  "CONTRIB_ID --reason TEXT", "hide a contribution" },
	{ "unhide", NULL, 0, 1, 1, OPEN_EXISTING, cmd_unhide,
	  "CONTRIB_ID", "show a hidden contribution again" },
	{ "modlog", NULL, OPTS_PAGE, 1, 1, OPEN_EXISTING, cmd_modlog,
	  "COMMUNITY [--limit N] [--after CURSOR]",
	  "a community's moderation log, newest first" },
	COPCTL_COMMANDS_END
};
