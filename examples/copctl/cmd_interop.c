/*
 * copctl: libcop's example command-line tool.
 * cmd_interop.c: JSON export and import of a community, a member's
 * export and erasure, a community's erasure policy: `copctl export`,
 * `import json`, `member export|erase`, `community policy`.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "copctl.h"

static int cmd_export(struct copctl *ctl, const struct args *a)
{
	int rc;

	if (!a->opt[OPT_COMMUNITY])
		return copctl_usage_error("export needs --community SLUG", NULL);
	fflush(stdout);
	rc = cop_export_json(ctl->store, a->opt[OPT_COMMUNITY], STDOUT_FILENO);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, "export");
	return COPCTL_EXIT_OK;
}

static int cmd_import_json(struct copctl *ctl, const struct args *a)
{
	cop_import_report rep = { .version = COP_IMPORT_REPORT_VERSION };
	cop_import_options opts = { .version = COP_IMPORT_OPTIONS_VERSION };
	int fd, rc;

	opts.community = a->opt[OPT_COMMUNITY];
	if (!strcmp(a->pos[0], "-"))
		fd = STDIN_FILENO;
	else if ((fd = open(a->pos[0], O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "copctl: %s: %s\n", a->pos[0], strerror(errno));
		return COPCTL_EXIT_FAIL;
	}
	rc = cop_import_json(&rep, ctl->store, fd, &opts);
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (ctl->json) {
		json_t *o = json_object();
		json_object_set_new(o, "members", json_integer(rep.members));
		json_object_set_new(o, "threads", json_integer(rep.threads));
		json_object_set_new(o, "contributions",
			json_integer(rep.contributions));
		json_object_set_new(o, "revisions", json_integer(rep.revisions));
		json_object_set_new(o, "votes", json_integer(rep.votes));
		json_object_set_new(o, "accepted", json_integer(rep.accepted));
		json_object_set_new(o, "kudos", json_integer(rep.kudos));
		json_object_set_new(o, "badges", json_integer(rep.badges));
		json_object_set_new(o, "links", json_integer(rep.links));
		json_object_set_new(o, "unchanged", json_integer(rep.unchanged));
		return copctl_print_json(o);
	}
	printf("imported %" PRId64 " members (%" PRId64 " already there), %"
		PRId64 " threads, %" PRId64 " contributions, %" PRId64
		" revisions, %" PRId64 " votes, %" PRId64 " accepted answers, %"
		PRId64 " kudos, %" PRId64 " badges, %" PRId64 " links\n",
		rep.members, rep.unchanged, rep.threads, rep.contributions,
		rep.revisions, rep.votes, rep.accepted, rep.kudos, rep.badges,
		rep.links);
	return COPCTL_EXIT_OK;
}

static int cmd_member_export(struct copctl *ctl, const struct args *a)
{
	char member_id[COP_ID_TEXT_LEN + 1];
	int rc;

	if ((rc = copctl_member_id_of(ctl, a->pos[0], member_id)) != COPCTL_EXIT_OK)
		return rc;
	fflush(stdout);
	rc = cop_member_export_json(ctl->store, member_id, STDOUT_FILENO);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, "member export");
	return COPCTL_EXIT_OK;
}

static int cmd_member_erase(struct copctl *ctl, const struct args *a)
{
	char member_id[COP_ID_TEXT_LEN + 1];
	cop_member *m = NULL;
	int rc;

	if ((rc = copctl_member_id_of(ctl, a->pos[0], member_id)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_member_erase(ctl->store, member_id);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, "member erase");
	rc = cop_member_lookup(&m, ctl->store, member_id);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		rc = copctl_print_json(json_pack("{s:s,s:s,s:s}", "id", member_id,
			"erased", a->pos[0], "handle", cop_member_handle(m)));
	} else {
		printf("%s erased (now %s)\n", a->pos[0], cop_member_handle(m));
		rc = COPCTL_EXIT_OK;
	}
	cop_member_free(m);
	return rc;
}

static int cmd_community_policy(struct copctl *ctl, const struct args *a)
{
	cop_erasure_policy p;
	int rc;

	if (a->npos > 1) {
		if (cop_erasure_policy_parse(&p, a->pos[1]) != COP_OK)
			return copctl_usage_error("a policy is anonymize or remove, "
				"not", a->pos[1]);
		rc = cop_community_set_erasure(ctl->store, a->pos[0], p);
		if (rc != COP_OK)
			return copctl_fail(ctl, rc, NULL);
	}
	rc = cop_community_erasure_lookup(&p, ctl->store, a->pos[0]);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json)
		return copctl_print_json(json_pack("{s:s,s:s}", "community",
			a->pos[0], "erasure", COPCTL_ENUM(erasure_policy, p)));
	printf("%s: erasure %s\n", a->pos[0], COPCTL_ENUM(erasure_policy, p));
	return COPCTL_EXIT_OK;
}

/* member export, erase; community policy; export; import json. */
const struct command copctl_interop_commands[] = {
	{ "member", "export", 0, 1, 1, OPEN_EXISTING, cmd_member_export,
	  "HANDLE > FILE",
	  "write everything about a member as JSON on stdout (themself or "
	  "the system)" },
	{ "member", "erase", 0, 1, 1, OPEN_EXISTING, cmd_member_erase,
	  "HANDLE", "erase a member's personal data; their contributions are "
	  "kept anonymously or removed, per community policy" },
	{ "community", "policy", 0, 1, 2, OPEN_EXISTING, cmd_community_policy,
	  "SLUG [anonymize|remove]",
	  "show or set what erasing a member does to their contributions" },
	{ "export", NULL, O(OPT_COMMUNITY), 0, 0, OPEN_EXISTING, cmd_export,
	  "--community SLUG > FILE",
	  "write a community (what you can see of it) as JSON on stdout" },
	{ "import", "json", O(OPT_COMMUNITY), 1, 1, OPEN_CREATE,
	  cmd_import_json, "FILE [--community SLUG]",
	  "import a community exported as JSON (under another slug with "
	  "--community)" },
	COPCTL_COMMANDS_END
};
