/*
 * copctl: libcop's example command-line tool.
 * cmd_member.c: `copctl member add|list|show`.
 */
#include <stdio.h>

#include "copctl.h"

static json_t *member_json(const cop_member *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", copctl_json_str(cop_member_id(m)));
	json_object_set_new(o, "handle", copctl_json_str(cop_member_handle(m)));
	json_object_set_new(o, "display_name",
		copctl_json_str(cop_member_display_name(m)));
	json_object_set_new(o, "organisation",
		copctl_json_str(cop_member_organisation(m)));
	json_object_set_new(o, "languages",
		copctl_json_str(cop_member_languages(m)));
	json_object_set_new(o, "status",
		json_string(COPCTL_ENUM(member_status, cop_member_status_get(m))));
	json_object_set_new(o, "created", copctl_json_time(cop_member_created(m)));
	return o;
}

static void member_print_line(const cop_member *m)
{
	const char *org = cop_member_organisation(m);
	const char *langs = cop_member_languages(m);

	printf("%-20s %s", cop_member_handle(m), cop_member_display_name(m));
	if (org)
		printf(" (%s)", org);
	if (langs)
		printf(" [%s]", langs);
	putchar('\n');
}

static int cmd_member_add(struct copctl *ctl, const struct args *a)
{
	cop_member *m = NULL;
	int rc;

	if (!a->opt[OPT_NAME])
		return copctl_usage_error("member add needs --name NAME", NULL);
	rc = cop_member_create(&m, ctl->store, a->pos[0], a->opt[OPT_NAME],
		a->opt[OPT_ORG], a->opt[OPT_LANG]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(member_json(m));
	} else {
		printf("added member %s (%s)\n", cop_member_handle(m),
			cop_member_id(m));
		rc = COPCTL_EXIT_OK;
	}
	cop_member_free(m);
	return rc;
}

static int cmd_member_list(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_member_iter *it = NULL;
	cop_member *m = NULL;
	json_t *list = NULL;
	unsigned int count = 0;
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_member_iter_new(&it, ctl->store, &page)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		list = json_array();
	while ((rc = cop_member_iter_next(&m, it)) == COP_OK) {
		if (list)
			json_array_append_new(list, member_json(m));
		else
			member_print_line(m);
		cop_member_free(m);
		count++;
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(list);
	} else {
		json_t *obj = ctl->json ? json_pack("{s:o}", "members", list) : NULL;

		rc = copctl_listing_end(ctl, obj, &page, count,
			cop_member_iter_cursor(it));
	}
	cop_member_iter_free(it);
	return rc;
}

/* A member's latest contributions, for `member show`. */
#define MEMBER_SHOW_RECENT 5

/*
 * The recognition part of a member's profile: per community the actor
 * can see and the member belongs to, reputation, trust level and the
 * latest kudos received.  Into @p list (JSON) or printed.
 */
static int member_recognition(struct copctl *ctl, const cop_member *m,
	json_t *list)
{
	cop_page page = { COP_PAGE_VERSION, NULL, MEMBER_SHOW_RECENT };
	cop_community_iter *cit = NULL;
	cop_community *c = NULL;
	int rc;

	if ((rc = cop_community_iter_new(&cit, ctl->store, NULL)) != COP_OK)
		return rc;
	while ((rc = cop_community_iter_next(&c, cit)) == COP_OK) {
		cop_membership *ms = NULL;
		cop_standing *st = NULL;
		cop_kudos_iter *kit = NULL;
		cop_kudos *k = NULL;
		json_t *o = NULL, *kl = NULL;
		char when[32];

		rc = cop_membership_lookup(&ms, ctl->store, cop_community_id(c),
			cop_member_id(m));
		cop_membership_free(ms);
		if (rc == COP_OK)
			rc = cop_standing_lookup(&st, ctl->store, cop_community_id(c),
				cop_member_id(m));
		if (rc == COP_ENOTFOUND || rc == COP_ENOTSUP) {
			cop_community_free(c);
			continue;
		}
		if (rc == COP_OK)
			rc = cop_kudos_iter_new(&kit, ctl->store, cop_community_id(c),
				cop_member_id(m), &page);
		if (rc == COP_OK && list) {
			o = json_object();
			kl = json_array();
			json_object_set_new(o, "community",
				json_string(cop_community_slug(c)));
			json_object_set_new(o, "reputation",
				json_integer(cop_standing_reputation(st)));
			json_object_set_new(o, "trust_level",
				json_integer(cop_standing_trust_level(st)));
			json_object_set_new(o, "kudos", kl);
			json_array_append_new(list, o);
		} else if (rc == COP_OK) {
			printf("  in %s: reputation %lld, trust level %d\n",
				cop_community_slug(c),
				(long long)cop_standing_reputation(st),
				cop_standing_trust_level(st));
		}
		while (rc == COP_OK && (rc = cop_kudos_iter_next(&k, kit)) == COP_OK) {
			if (kl)
				json_array_append_new(kl, copctl_kudos_json(ctl, k));
			else
				printf("    kudos from %s, %s: %s\n",
					copctl_handle_of(ctl, cop_kudos_from_id(k)),
					copctl_time_text(when, sizeof(when),
						cop_kudos_created(k)),
					cop_kudos_message(k));
			cop_kudos_free(k);
		}
		if (rc == COP_ITEROVER)
			rc = COP_OK;
		cop_kudos_iter_free(kit);
		cop_standing_free(st);
		cop_community_free(c);
		if (rc != COP_OK)
			break;
	}
	cop_community_iter_free(cit);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int cmd_member_show(struct copctl *ctl, const struct args *a)
{
	cop_page page = { COP_PAGE_VERSION, NULL, MEMBER_SHOW_RECENT };
	cop_contribution_iter *it = NULL;
	cop_contribution *c = NULL;
	cop_member *m = NULL;
	json_t *obj = NULL, *recent = NULL;
	char when[32];
	int rc;

	if ((rc = cop_member_lookup_by_handle(&m, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	rc = cop_contribution_iter_by_author(&it, ctl->store, cop_member_id(m),
		&page);
	if (rc != COP_OK) {
		rc = copctl_fail(ctl, rc, NULL);
		cop_member_free(m);
		return rc;
	}
	if (ctl->json) {
		obj = member_json(m);
		recent = json_array();
		if (!obj || !recent || json_object_set(obj, "recent_contributions",
				recent) != 0) {
			json_decref(obj);
			json_decref(recent);
			cop_contribution_iter_free(it);
			cop_member_free(m);
			return copctl_print_json(NULL);
		}
		json_decref(recent);   /* obj holds it now */
	} else {
		member_print_line(m);
		printf("  id       %s\n  status   %s\n  created  %s\n",
			cop_member_id(m),
			COPCTL_ENUM(member_status, cop_member_status_get(m)),
			copctl_time_text(when, sizeof(when), cop_member_created(m)));
		printf("  latest contributions:\n");
	}
	while ((rc = cop_contribution_iter_next(&c, it)) == COP_OK) {
		if (recent)
			json_array_append_new(recent, copctl_contribution_json(ctl, c));
		else
			printf("    %s  %-8s %s  thread %s\n", cop_contribution_id(c),
				COPCTL_ENUM(contribution_kind, cop_contribution_kind_get(c)),
				copctl_time_text(when, sizeof(when),
					cop_contribution_created(c)),
				cop_contribution_thread_id(c));
		cop_contribution_free(c);
	}
	if (rc == COP_ITEROVER) {
		json_t *rec = obj ? json_array() : NULL;
		if (obj && (!rec || json_object_set_new(obj, "recognition", rec))) {
			json_decref(obj);
			obj = NULL;
			rc = COP_ENOMEM;
		} else {
			rc = member_recognition(ctl, m, rec);
		}
		if (rc == COP_OK)
			rc = COP_ITEROVER;
	}
	if (rc != COP_ITEROVER) {
		rc = copctl_fail(ctl, rc, NULL);
		json_decref(obj);
	} else {
		rc = obj ? copctl_print_json(obj) : COPCTL_EXIT_OK;
	}
	cop_contribution_iter_free(it);
	cop_member_free(m);
	return rc;
}

/* member add, list, show (member export and erase: cmd_interop.c). */
const struct command copctl_member_commands[] = {
	{ "member", "add", O(OPT_NAME) | O(OPT_ORG) | O(OPT_LANG), 1, 1,
	  OPEN_EXISTING, cmd_member_add,
	  "HANDLE --name NAME [--org ORG] [--lang \"en fr\"]", "add a member" },
	{ "member", "list", OPTS_PAGE, 0, 0, OPEN_EXISTING, cmd_member_list,
	  "[--limit N] [--after CURSOR]", "list members by handle" },
	{ "member", "show", 0, 1, 1, OPEN_EXISTING, cmd_member_show,
	  "HANDLE", "show a member and their latest contributions" },
	COPCTL_COMMANDS_END
};
