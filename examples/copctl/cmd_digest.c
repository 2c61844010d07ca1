/*
 * copctl: libcop's example command-line tool.
 * cmd_digest.c: `copctl digest (--community SLUG | --member HANDLE)
 * [--period day|week|month] [--since DATE] [--until DATE]
 * [--format text|md|html] [--mark-sent]`.
 */
#include <stdio.h>
#include <string.h>

#include <cop/sys/alloc.h>

#include "copctl.h"

/* An item's text fields, by their JSON keys. */
static const struct item_text {
	const char *key;
	const char *(*get)(const cop_digest_item *it);
} item_texts[] = {
	{ "community", cop_digest_item_community_slug },
	{ "thread", cop_digest_item_thread_id },
	{ "contribution", cop_digest_item_contribution_id },
	{ "title", cop_digest_item_title },
	{ "member", cop_digest_item_member_handle },
	{ "by", cop_digest_item_actor_handle },
	{ "text", cop_digest_item_text },
	{ "badge", cop_digest_item_badge },
};

/* An item as JSON: what it is about, who, when. */
static json_t *item_json(const cop_digest_item *it)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(item_texts); i++)
		json_object_set_new(o, item_texts[i].key,
			copctl_json_str(item_texts[i].get(it)));
	json_object_set_new(o, "points", json_integer(
		cop_digest_item_points(it)));
	json_object_set_new(o, "time", copctl_json_time(
		cop_digest_item_time(it)));
	return o;
}

/* The digest as one JSON object, its sections by name. */
static json_t *digest_json(const cop_digest *d, int marked)
{
	json_t *o = json_object(), *secs = json_object(), *list;
	const cop_digest_item *it;
	size_t i;
	int k;

	json_object_set_new(o, "community",
		copctl_json_str(cop_digest_community_slug(d)));
	json_object_set_new(o, "member",
		copctl_json_str(cop_digest_member_handle(d)));
	json_object_set_new(o, "since", copctl_json_time(cop_digest_since(d)));
	json_object_set_new(o, "until", copctl_json_time(cop_digest_until(d)));
	for (k = 0; k < COP_DIGEST_SECTIONS; k++) {
		list = json_array();
		for (i = 0; (it = cop_digest_item_at(d, k, i)) != NULL; i++)
			json_array_append_new(list, item_json(it));
		json_object_set_new(secs, cop_digest_section_name(k), list);
	}
	json_object_set_new(o, "sections", secs);
	json_object_set_new(o, "marked_sent", json_boolean(marked));
	return o;
}

/* The options of a digest from the command line. */
static int options_of(const struct args *a, cop_digest_options *o)
{
	int rc;

	cop_digest_options_init(o);
	if (a->opt[OPT_PERIOD] &&
	    cop_digest_period_parse(&o->period, a->opt[OPT_PERIOD]) != COP_OK)
		return copctl_usage_error("--period takes day, week or month, not",
			a->opt[OPT_PERIOD]);
	if ((rc = copctl_opt_date(a, OPT_SINCE, "since", &o->since)) !=
			COPCTL_EXIT_OK)
		return rc;
	return copctl_opt_date(a, OPT_UNTIL, "until", &o->until);
}

static int cmd_digest(struct copctl *ctl, const struct args *a)
{
	const char *community = a->opt[OPT_COMMUNITY];
	const char *member = a->opt[OPT_MEMBER];
	cop_digest_format format = COP_DIGEST_TEXT;
	cop_digest_options o;
	cop_digest *d = NULL;
	char *text = NULL;
	int rc;

	if (!community == !member)
		return copctl_usage_error("digest needs --community SLUG or "
			"--member HANDLE", NULL);
	if (a->opt[OPT_MARK_SENT] && !member)
		return copctl_usage_error("--mark-sent is for a member's digest",
			NULL);
	if (a->opt[OPT_FORMAT] &&
	    cop_digest_format_parse(&format, a->opt[OPT_FORMAT]) != COP_OK)
		return copctl_usage_error("--format takes text, md or html, not",
			a->opt[OPT_FORMAT]);
	if ((rc = options_of(a, &o)) != COPCTL_EXIT_OK)
		return rc;
	rc = member ? cop_digest_member(&d, ctl->store, member, &o) :
		cop_digest_community(&d, ctl->store, community, &o);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, member ? member : community);
	/* Made before it is marked, and marked before it is shown: a
	 * digest that cannot be made is not marked, and one shown is. */
	if (!ctl->json && (rc = cop_digest_render(&text, d, format)) != COP_OK)
		rc = copctl_fail(ctl, rc, NULL);
	else if (a->opt[OPT_MARK_SENT] &&
		 (rc = cop_digest_mark_sent(ctl->store, d)) != COP_OK)
		rc = copctl_fail(ctl, rc, member);
	else if (ctl->json)
		rc = copctl_print_json(digest_json(d,
			a->opt[OPT_MARK_SENT] != NULL));
	else
		rc = fputs(text, stdout) < 0 ? COPCTL_EXIT_FAIL : COPCTL_EXIT_OK;
	cop_free(text);
	cop_digest_free(d);
	return rc;
}

/* digest. */
const struct command copctl_digest_commands[] = {
	{ "digest", NULL, O(OPT_COMMUNITY) | O(OPT_MEMBER) | O(OPT_PERIOD) |
	  O(OPT_SINCE) | O(OPT_UNTIL) | O(OPT_FORMAT) | O(OPT_MARK_SENT), 0, 0,
	  OPEN_EXISTING, cmd_digest,
	  "(--community SLUG | --member HANDLE) [--period day|week|month] "
	  "[--since DATE] [--until DATE] [--format text|md|html] [--mark-sent]",
	  "what happened in a community, or in a member's communities" },
	COPCTL_COMMANDS_END
};
