/*
 * copctl: libcop's example command-line tool.
 * cmd_consent.c: joining with consent and changing a community:
 * `copctl community request|requests|approve|decline|invite|update|
 * flag-hides`, `invitation accept|decline|list`, and `redact`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copctl.h"

/* A membership the command made: its JSON, or the line @p fmt with the
 * member's handle and the community. */
static int membership_done(struct copctl *ctl, const cop_membership *ms,
	const char *fmt, const char *who, const char *community)
{
	if (ctl->json)
		return copctl_print_json(copctl_membership_json(ms));
	printf(fmt, who, community);
	putchar('\n');
	return COPCTL_EXIT_OK;
}

static int cmd_request(struct copctl *ctl, const struct args *a)
{
	cop_membership *ms = NULL;
	int rc = cop_community_request(&ms, ctl->store, a->pos[0]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	rc = membership_done(ctl, ms, "%s asked to join %s",
		ctl->as ? ctl->as : "the system", a->pos[0]);
	cop_membership_free(ms);
	return rc;
}

/* A listing of memberships (requests or invitations) under @p key. */
static int memberships_list(struct copctl *ctl, const cop_page *page,
	cop_membership_iter *it, const char *key, int by_community)
{
	cop_membership *ms = NULL;
	json_t *list = ctl->json ? json_array() : NULL;
	unsigned int count = 0;
	char when[32];
	int rc;

	while ((rc = cop_membership_iter_next(&ms, it)) == COP_OK) {
		if (list) {
			json_t *o = copctl_membership_json(ms);

			if (by_community)
				json_object_set_new(o, "community",
					copctl_json_str(
					cop_membership_community_slug(ms)));
			json_array_append_new(list, o);
		} else {
			printf("%-24s %s\n", by_community ?
				cop_membership_community_slug(ms) :
				cop_membership_handle(ms),
				copctl_time_text(when, sizeof(when),
					cop_membership_joined(ms)));
		}
		cop_membership_free(ms);
		count++;
	}
	if (rc != COP_ITEROVER) {
		json_decref(list);
		return copctl_fail(ctl, rc, NULL);
	}
	return copctl_listing_end(ctl, list ? json_pack("{s:o}", key, list) :
		NULL, page, count, cop_membership_iter_cursor(it));
}

static int cmd_requests(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_membership_iter *it = NULL;
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_community_request_iter_new(&it, ctl->store, a->pos[0], &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	rc = memberships_list(ctl, &page, it, "requests", 0);
	cop_membership_iter_free(it);
	return rc;
}

/* approve (@p approve) or decline SLUG HANDLE. */
static int request_answer(struct copctl *ctl, const struct args *a,
	int approve)
{
	char member_id[COP_ID_TEXT_LEN + 1];
	int rc;

	if ((rc = copctl_member_id_of(ctl, a->pos[1], member_id)) != COPCTL_EXIT_OK)
		return rc;
	rc = approve ? cop_community_approve(ctl->store, a->pos[0], member_id) :
		cop_community_decline(ctl->store, a->pos[0], member_id);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[1]);
	return copctl_done(ctl, approve ? "approved" : "declined", a->pos[1]);
}

static int cmd_approve(struct copctl *ctl, const struct args *a)
{
	return request_answer(ctl, a, 1);
}

static int cmd_decline(struct copctl *ctl, const struct args *a)
{
	return request_answer(ctl, a, 0);
}

static int cmd_invite(struct copctl *ctl, const struct args *a)
{
	char member_id[COP_ID_TEXT_LEN + 1];
	cop_membership *ms = NULL;
	int rc;

	if ((rc = copctl_member_id_of(ctl, a->pos[1], member_id)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_community_invite(&ms, ctl->store, a->pos[0], member_id);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[1]);
	rc = membership_done(ctl, ms, "%s invited to %s", a->pos[1], a->pos[0]);
	cop_membership_free(ms);
	return rc;
}

static int cmd_invitation_accept(struct copctl *ctl, const struct args *a)
{
	int rc = cop_invitation_accept(ctl->store, a->pos[0]);

	return rc == COP_OK ? copctl_done(ctl, "invitation accepted", a->pos[0]) :
		copctl_fail(ctl, rc, a->pos[0]);
}

static int cmd_invitation_decline(struct copctl *ctl, const struct args *a)
{
	int rc = cop_invitation_decline(ctl->store, a->pos[0]);

	return rc == COP_OK ? copctl_done(ctl, "invitation declined", a->pos[0]) :
		copctl_fail(ctl, rc, a->pos[0]);
}

static int cmd_invitation_list(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_membership_iter *it = NULL;
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_invitation_iter_new(&it, ctl->store, &page)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	rc = memberships_list(ctl, &page, it, "invitations", 1);
	cop_membership_iter_free(it);
	return rc;
}

static int cmd_update(struct copctl *ctl, const struct args *a)
{
	cop_visibility vis = COP_VISIBILITY_PUBLIC;
	cop_community *c = NULL;
	int rc;

	if (!a->opt[OPT_NAME] && !a->opt[OPT_PURPOSE] && !a->opt[OPT_LANG] &&
	    !a->opt[OPT_VISIBILITY])
		return copctl_usage_error("community update needs --name, "
			"--purpose, --visibility or --lang", NULL);
	if (a->opt[OPT_VISIBILITY] &&
	    cop_visibility_parse(&vis, a->opt[OPT_VISIBILITY]) != COP_OK)
		return copctl_usage_error("--visibility is public, private or "
			"invite-only, not", a->opt[OPT_VISIBILITY]);
	rc = cop_community_update(&c, ctl->store, a->pos[0], a->opt[OPT_NAME],
		a->opt[OPT_PURPOSE], a->opt[OPT_LANG], a->opt[OPT_VISIBILITY] ?
		(int)vis : COP_VISIBILITY_UNCHANGED);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (ctl->json) {
		rc = copctl_print_json(copctl_community_json(c));
	} else {
		printf("updated community %s: %s (%s, %s)\n",
			cop_community_slug(c), cop_community_name(c),
			COPCTL_ENUM(visibility, cop_community_visibility(c)),
			cop_community_language(c));
		rc = COPCTL_EXIT_OK;
	}
	cop_community_free(c);
	return rc;
}

/* community flag-hides SLUG [on|off]: set, or (no word) show, whether an
 * upheld flag hides its contribution. */
static int cmd_flag_hides(struct copctl *ctl, const struct args *a)
{
	cop_community *c = NULL;
	int rc, on;

	if (a->npos == 2) {
		if (strcmp(a->pos[1], "on") != 0 && strcmp(a->pos[1], "off") != 0)
			return copctl_usage_error("community flag-hides takes on "
				"or off, not", a->pos[1]);
		on = strcmp(a->pos[1], "on") == 0;
		rc = cop_community_set_flag_hides(ctl->store, a->pos[0], on);
		if (rc != COP_OK)
			return copctl_fail(ctl, rc, a->pos[0]);
	}
	if ((rc = cop_community_lookup(&c, ctl->store, a->pos[0])) != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	on = cop_community_flag_hides(c);
	cop_community_free(c);
	if (ctl->json)
		return copctl_print_json(json_pack("{s:s,s:b}", "community",
			a->pos[0], "flag_hides", on));
	printf("%s: an upheld flag %s\n", a->pos[0], on ?
		"hides its contribution" : "does not hide its contribution");
	return COPCTL_EXIT_OK;
}

/* redact CONTRIB_ID REVISION --reason TEXT. */
static int cmd_redact(struct copctl *ctl, const struct args *a)
{
	char what[64];
	unsigned long n;
	char *end;
	int rc;

	if (!a->opt[OPT_REASON])
		return copctl_usage_error("redact needs --reason TEXT", NULL);
	n = strtoul(a->pos[1], &end, 10);
	if (!*a->pos[1] || *end || n < 1 || n > 2147483647UL)
		return copctl_usage_error("a revision is a number from 1, not",
			a->pos[1]);
	rc = cop_revision_redact(ctl->store, a->pos[0], (int)n,
		a->opt[OPT_REASON]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	snprintf(what, sizeof(what), "revision %lu redacted", n);
	return copctl_done(ctl, what, a->pos[0]);
}

/* community request ... flag-hides; invitation accept, decline, list;
 * redact. */
const struct command copctl_consent_commands[] = {
	{ "community", "request", 0, 1, 1, OPEN_EXISTING, cmd_request,
	  "SLUG", "ask to join an invite-only community" },
	{ "community", "requests", OPTS_PAGE, 1, 1, OPEN_EXISTING,
	  cmd_requests, "SLUG [--limit N] [--after CURSOR]",
	  "a community's pending join requests (facilitators)" },
	{ "community", "approve", 0, 2, 2, OPEN_EXISTING, cmd_approve,
	  "SLUG HANDLE", "approve a join request" },
	{ "community", "decline", 0, 2, 2, OPEN_EXISTING, cmd_decline,
	  "SLUG HANDLE", "decline a join request" },
	{ "community", "invite", 0, 2, 2, OPEN_EXISTING, cmd_invite,
	  "SLUG HANDLE", "invite a member to a community" },
	{ "community", "update", O(OPT_NAME) | O(OPT_PURPOSE) |
	  O(OPT_VISIBILITY) | O(OPT_LANG), 1, 1, OPEN_EXISTING, cmd_update,
	  "SLUG [--name N] [--purpose P] [--visibility V] [--lang L]",
	  "change a community's name, purpose, visibility or language" },
	{ "community", "flag-hides", 0, 1, 2, OPEN_EXISTING, cmd_flag_hides,
	  "SLUG [on|off]", "whether an upheld flag hides its contribution" },
	{ "invitation", "accept", 0, 1, 1, OPEN_EXISTING,
	  cmd_invitation_accept, "SLUG", "accept an invitation" },
	{ "invitation", "decline", 0, 1, 1, OPEN_EXISTING,
	  cmd_invitation_decline, "SLUG", "decline an invitation" },
	{ "invitation", "list", OPTS_PAGE, 0, 0, OPEN_EXISTING,
	  cmd_invitation_list, "[--limit N] [--after CURSOR]",
	  "your pending invitations" },
	{ "redact", NULL, O(OPT_REASON), 2, 2, OPEN_EXISTING, cmd_redact,
	  "CONTRIB_ID REVISION --reason TEXT",
	  "redact an earlier revision's text" },
	COPCTL_COMMANDS_END
};
