/*
 * copctl: libcop's example command-line tool.
 * cmd_flag.c: flags for the moderators: `copctl flag raise|list|resolve`.
 */
#include <stdio.h>

#include "copctl.h"

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
		COPCTL_ENUM(flag_state, cop_flag_state_get(f))));
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
	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
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
	rc = copctl_listing_end(ctl, obj, &page, count, cop_flag_iter_cursor(it));
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

/* flag raise, list, resolve. */
const struct command copctl_flag_commands[] = {
	{ "flag", "raise", O(OPT_MESSAGE), 1, 1, OPEN_EXISTING, cmd_flag_raise,
	  "CONTRIB_ID --message REASON",
	  "flag a contribution for the moderators" },
	{ "flag", "list", OPTS_PAGE, 1, 2, OPEN_EXISTING, cmd_flag_list,
	  "COMMUNITY [open|upheld|dismissed] [--limit N] [--after CURSOR]",
	  "the moderators' queue of flags, oldest first" },
	{ "flag", "resolve", 0, 2, 2, OPEN_EXISTING, cmd_flag_resolve,
	  "FLAG_ID upheld|dismissed", "close a flag" },
	COPCTL_COMMANDS_END
};
