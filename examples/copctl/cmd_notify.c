/*
 * copctl: libcop's example command-line tool.
 * cmd_notify.c: subscriptions and notifications: `copctl follow |
 * unfollow (community SLUG | thread THREAD_ID | tag SLUG TAG)`,
 * `follows`, `notifications`, `notifications read`.
 */
#include <stdio.h>
#include <string.h>

#include "copctl.h"

/* What `follow WHAT ...` names: its kind, target and tag. */
static int follow_args(const struct args *a, cop_follow_kind *kind,
	const char **tag)
{
	if (cop_follow_kind_parse(kind, a->pos[0]) != COP_OK)
		return copctl_usage_error("follow takes community, thread or "
			"tag, not", a->pos[0]);
	if ((*kind == COP_FOLLOW_TAG) != (a->npos == 3))
		return copctl_usage_error(*kind == COP_FOLLOW_TAG ?
			"a tag is followed as: tag SLUG TAG" :
			"only a tag takes a second argument", NULL);
	*tag = *kind == COP_FOLLOW_TAG ? a->pos[2] : NULL;
	return COPCTL_EXIT_OK;
}

/* What a follow command did: "watching community pub", or in JSON
 * {"follow": ..., "target": ..., "tag": ..., "level": ...}. */
static int follow_done(struct copctl *ctl, const struct args *a,
	const char *level)
{
	json_t *o;

	if (!ctl->json) {
		printf("%s %s %s%s%s\n", level, a->pos[0], a->pos[1],
			a->npos == 3 ? " " : "", a->npos == 3 ? a->pos[2] : "");
		return COPCTL_EXIT_OK;
	}
	o = json_object();
	json_object_set_new(o, "follow", copctl_json_str(a->pos[0]));
	json_object_set_new(o, "target", copctl_json_str(a->pos[1]));
	json_object_set_new(o, "tag", copctl_json_str(a->npos == 3 ?
		a->pos[2] : NULL));
	json_object_set_new(o, "level", copctl_json_str(level));
	return copctl_print_json(o);
}

static int cmd_follow(struct copctl *ctl, const struct args *a)
{
	cop_follow_level level = COP_FOLLOW_WATCHING;
	cop_follow_kind kind;
	const char *tag;
	int rc;

	if ((rc = follow_args(a, &kind, &tag)) != COPCTL_EXIT_OK)
		return rc;
	if (a->opt[OPT_LEVEL] &&
	    cop_follow_level_parse(&level, a->opt[OPT_LEVEL]) != COP_OK)
		return copctl_usage_error("--level takes watching, tracking or "
			"muted, not", a->opt[OPT_LEVEL]);
	rc = cop_follow_set(ctl->store, kind, a->pos[1], tag, level);
	return rc == COP_OK ? follow_done(ctl, a,
		COPCTL_ENUM(follow_level, level)) : copctl_fail(ctl, rc, a->pos[1]);
}

static int cmd_unfollow(struct copctl *ctl, const struct args *a)
{
	cop_follow_kind kind;
	const char *tag;
	int rc;

	if ((rc = follow_args(a, &kind, &tag)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_follow_remove(ctl->store, kind, a->pos[1], tag);
	return rc == COP_OK ? follow_done(ctl, a, "unfollowed") :
		copctl_fail(ctl, rc, a->pos[1]);
}

/* A follow's target as its command names it: a thread's id, else the
 * community's id (and the tag). */
static const char *follow_target(const cop_follow *f)
{
	return cop_follow_thread_id(f) ? cop_follow_thread_id(f) :
		cop_follow_community_id(f);
}

static json_t *follow_json(struct copctl *ctl, const cop_follow *f)
{
	json_t *o = json_object();

	(void)ctl;
	json_object_set_new(o, "follow", copctl_json_str(COPCTL_ENUM(
		follow_kind, cop_follow_kind_get(f))));
	json_object_set_new(o, "target", copctl_json_str(follow_target(f)));
	json_object_set_new(o, "tag", copctl_json_str(cop_follow_tag(f)));
	json_object_set_new(o, "level", copctl_json_str(COPCTL_ENUM(
		follow_level, cop_follow_level_get(f))));
	return o;
}

static void follow_print(struct copctl *ctl, const cop_follow *f)
{
	(void)ctl;
	printf("%s %s %s%s%s\n",
		COPCTL_ENUM(follow_level, cop_follow_level_get(f)),
		COPCTL_ENUM(follow_kind, cop_follow_kind_get(f)),
		follow_target(f), cop_follow_tag(f) ? " " : "",
		cop_follow_tag(f) ? cop_follow_tag(f) : "");
}

COPCTL_LISTING_FN(follows_print, cop_follow, cop_follow, follow_json,
	follow_print)

static int cmd_follows(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_follow_iter *it = NULL;
	int rc = copctl_page_from_args(&page, a);

	if (rc != COPCTL_EXIT_OK)
		return rc;
	return (rc = cop_follow_iter_new(&it, ctl->store, a->opt[OPT_MEMBER],
		&page)) == COP_OK ? follows_print(ctl, it, NULL, "follows", &page) :
		copctl_fail(ctl, rc, a->opt[OPT_MEMBER]);
}

static json_t *note_json(struct copctl *ctl, const cop_notification *x)
{
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", cop_notification_id(x),
		"kind", copctl_json_str(COPCTL_ENUM(notification_kind,
			cop_notification_kind_get(x))),
		"by", copctl_who_json(ctl, cop_notification_actor_id(x)),
		"community", copctl_json_str(cop_notification_community_id(x)),
		"thread", copctl_json_str(cop_notification_thread_id(x)),
		"contribution", copctl_json_str(
			cop_notification_contribution_id(x)),
		"object", copctl_json_str(cop_notification_object_id(x)),
		"created", copctl_json_time(cop_notification_created(x)),
		"read", copctl_json_time(cop_notification_read(x)));
}

/* "2026-01-01 10:00  mention by cora  <contribution>  (unread)" */
void copctl_notification_print(struct copctl *ctl, const cop_notification *x)
{
	const char *actor = cop_notification_actor_id(x);
	const char *about = cop_notification_contribution_id(x);
	char when[32];

	printf("%s  %s by %s", copctl_time_text(when, sizeof(when),
			cop_notification_created(x)),
		COPCTL_ENUM(notification_kind, cop_notification_kind_get(x)),
		actor ? copctl_handle_of(ctl, actor) : "the system");
	if (about || cop_notification_object_id(x))
		printf("  %s", about ? about : cop_notification_object_id(x));
	printf("%s\n", cop_notification_read(x) ? "" : "  (unread)");
}

COPCTL_LISTING_FN(notes_print, cop_notification, cop_notification,
	note_json, copctl_notification_print)

static int cmd_notifications(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_notification_iter *it = NULL;
	const char *who = a->opt[OPT_MEMBER];
	uint64_t unread = 0;
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_notification_count(ctl->store, who, 1, &unread);
	if (rc == COP_OK)
		rc = cop_notification_iter_new(&it, ctl->store, who,
			a->opt[OPT_UNREAD] != NULL, &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, who);
	if (!ctl->json) {
		printf("%llu unread\n", (unsigned long long)unread);
		return notes_print(ctl, it, NULL, "notifications", &page);
	}
	return notes_print(ctl, it, json_pack("{s:I}", "unread",
		(json_int_t)unread), "notifications", &page);
}

static int cmd_notifications_read(struct copctl *ctl, const struct args *a)
{
	unsigned int n = 0;
	json_t *o;
	int rc;

	if ((a->opt[OPT_ALL] != NULL) == (a->npos > 0))
		return copctl_usage_error("notifications read takes --all or "
			"IDs", NULL);
	rc = cop_notification_mark_read(ctl->store, a->opt[OPT_MEMBER],
		a->npos ? a->pos : NULL, (size_t)a->npos, &n);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (!ctl->json) {
		printf("%u read\n", n);
		return COPCTL_EXIT_OK;
	}
	o = json_object();
	json_object_set_new(o, "read", json_integer((json_int_t)n));
	return copctl_print_json(o);
}

/* follow, unfollow, follows; notifications, notifications read. */
const struct command copctl_notify_commands[] = {
	{ "follow", NULL, O(OPT_LEVEL), 2, 3, OPEN_EXISTING, cmd_follow,
	  "(community SLUG | thread THREAD_ID | tag SLUG TAG) "
	  "[--level watching|tracking|muted]",
	  "follow a community, a thread or a tag (as --as)" },
	{ "unfollow", NULL, 0, 2, 3, OPEN_EXISTING, cmd_unfollow,
	  "(community SLUG | thread THREAD_ID | tag SLUG TAG)",
	  "stop following it" },
	{ "follows", NULL, OPTS_PAGE | O(OPT_MEMBER), 0, 0, OPEN_EXISTING,
	  cmd_follows, "[--member HANDLE] [--limit N] [--after CURSOR]",
	  "what a member follows, oldest first" },
	{ "notifications", "read", O(OPT_ALL) | O(OPT_MEMBER), 0,
	  MAX_POSITIONAL, OPEN_EXISTING, cmd_notifications_read,
	  "(--all | ID...) [--member HANDLE]", "mark notifications read" },
	{ "notifications", NULL, OPTS_PAGE | O(OPT_UNREAD) | O(OPT_MEMBER), 0,
	  0, OPEN_EXISTING, cmd_notifications,
	  "[--unread] [--member HANDLE] [--limit N] [--after CURSOR]",
	  "a member's notifications, newest first" },
	COPCTL_COMMANDS_END
};
