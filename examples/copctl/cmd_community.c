/*
 * copctl: libcop's example command-line tool.
 * cmd_community.c: `copctl community create|list|show|join|members|role`.
 */
#include <stdio.h>

#include "copctl.h"

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
		COPCTL_ENUM(visibility, cop_community_visibility(c))));
	json_object_set_new(o, "created",
		copctl_json_time(cop_community_created(c)));
	return o;
}

static void community_print_line(const cop_community *c)
{
	printf("%-24s %-11s %-5s %s\n", cop_community_slug(c),
		COPCTL_ENUM(visibility, cop_community_visibility(c)),
		cop_community_language(c), cop_community_name(c));
}

json_t *copctl_membership_json(const cop_membership *ms)
{
	json_t *o = json_object();

	json_object_set_new(o, "community_id",
		copctl_json_str(cop_membership_community_id(ms)));
	json_object_set_new(o, "member_id",
		copctl_json_str(cop_membership_member_id(ms)));
	json_object_set_new(o, "handle",
		copctl_json_str(cop_membership_handle(ms)));
	json_object_set_new(o, "role",
		copctl_json_str(COPCTL_ENUM(role, cop_membership_role(ms))));
	json_object_set_new(o, "status", copctl_json_str(
		COPCTL_ENUM(membership_status, cop_membership_status_get(ms))));
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
		COPCTL_ENUM(role, cop_membership_role(ms)),
		cop_membership_handle(ms) ? cop_membership_handle(ms) : "?",
		COPCTL_ENUM(membership_status, cop_membership_status_get(ms)),
		cop_membership_pledged_hours(ms),
		copctl_time_text(when, sizeof(when), cop_membership_joined(ms)));
}

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

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
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

		rc = copctl_listing_end(ctl, obj, &page, count,
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

	if ((rc = cop_community_lookup(&c, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if ((rc = cop_stats_lookup(&st, ctl->store, cop_community_id(c))) != COP_OK) {
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
			COPCTL_ENUM(visibility, cop_community_visibility(c)),
			cop_community_language(c),
			copctl_time_text(when, sizeof(when), cop_community_created(c)));
		if (cop_community_purpose(c)) {
			printf("  purpose:\n");
			copctl_print_indented(cop_community_purpose(c), "    ");
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
	return copctl_member_id_of(ctl, handle, id);
}

static int cmd_community_join(struct copctl *ctl, const struct args *a)
{
	char member_id[COP_ID_TEXT_LEN + 1];
	unsigned long hours = 0;
	cop_membership *ms = NULL;
	int rc;

	if ((rc = copctl_opt_uint(a, OPT_HOURS, "hours", 744, &hours)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = target_member(ctl, a, "community join", member_id)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_community_join(&ms, ctl->store, a->pos[0], member_id, (int)hours);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(copctl_membership_json(ms));
	} else {
		printf("%s joined %s as %s (%s, %d h/month)\n",
			copctl_handle_of(ctl, cop_membership_member_id(ms)), a->pos[0],
			COPCTL_ENUM(role, cop_membership_role(ms)),
			COPCTL_ENUM(membership_status, cop_membership_status_get(ms)),
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

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_membership_iter_new(&it, ctl->store, a->pos[0], &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		list = json_array();
	while ((rc = cop_membership_iter_next(&ms, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, copctl_membership_json(ms));
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

		rc = copctl_listing_end(ctl, obj, &page, count,
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
	if ((rc = copctl_member_id_of(ctl, a->pos[1], member_id)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_membership_set_role(ctl->store, a->pos[0], member_id, role);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	rc = cop_membership_lookup(&ms, ctl->store, a->pos[0], member_id);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(copctl_membership_json(ms));
	} else {
		printf("%s is now %s of %s\n", a->pos[1],
			COPCTL_ENUM(role, cop_membership_role(ms)), a->pos[0]);
		rc = COPCTL_EXIT_OK;
	}
	cop_membership_free(ms);
	return rc;
}

/* community create ... role (community policy: cmd_interop.c). */
const struct command copctl_community_commands[] = {
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
	  "join a public community (the system: add a member)" },
	{ "community", "members", OPTS_PAGE, 1, 1, OPEN_EXISTING,
	  cmd_community_members, "SLUG [--limit N] [--after CURSOR]",
	  "list a community's members by role" },
	{ "community", "role", 0, 3, 3, OPEN_EXISTING, cmd_community_role,
	  "SLUG HANDLE owner|facilitator|core|member|observer",
	  "change a member's role" },
	COPCTL_COMMANDS_END
};
