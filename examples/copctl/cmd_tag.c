/*
 * copctl: libcop's example command-line tool.
 * cmd_tag.c: a community's tags (include/cop/tag.h): tag list, show,
 * counts, describe, rename, merge.
 */
#include <stdio.h>
#include <string.h>

#include "copctl.h"

/* A tag as a JSON object. */
static json_t *tag_json(struct copctl *ctl, const cop_tag *t)
{
	(void)ctl;
	return json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:o}",
		"name", cop_tag_name(t),
		"uses", (json_int_t)cop_tag_uses(t),
		"synonym_of", copctl_json_str(cop_tag_synonym_of(t)),
		"excerpt", copctl_json_str(cop_tag_excerpt(t)),
		"wiki", copctl_json_str(cop_tag_wiki(t)),
		"created", copctl_json_time(cop_tag_created(t)),
		"updated", copctl_json_time(cop_tag_updated(t)));
}

/* A tag on one line: its name, its uses, what it stands for or its
 * description. */
static void tag_line(struct copctl *ctl, const cop_tag *t)
{
	(void)ctl;
	if (cop_tag_synonym_of(t))
		printf("%-24s %8lld  -> %s\n", cop_tag_name(t),
			(long long)cop_tag_uses(t), cop_tag_synonym_of(t));
	else
		printf("%-24s %8lld  %s\n", cop_tag_name(t),
			(long long)cop_tag_uses(t),
			cop_tag_excerpt(t) ? cop_tag_excerpt(t) : "");
}

COPCTL_LISTING_FN(tags_out, cop_tag, cop_tag, tag_json, tag_line)

/* tag list COMMUNITY [--by name|uses]. */
static int cmd_tag_list(struct copctl *ctl, const struct args *a)
{
	cop_tag_order order = COP_TAGS_BY_NAME;
	cop_page page = COP_PAGE_INIT;
	cop_tag_iter *it = NULL;
	int rc;

	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if (a->opt[OPT_BY] && cop_tag_order_parse(&order, a->opt[OPT_BY])
			!= COP_OK)
		return copctl_usage_error("--by is name or uses, not",
			a->opt[OPT_BY]);
	if ((rc = cop_tag_iter_new(&it, ctl->store, a->pos[0], order, &page))
			!= COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	return tags_out(ctl, it, NULL, "tags", &page);
}

/* A tag in full: JSON, or its fields and texts as lines. */
static int tag_out(struct copctl *ctl, cop_tag *t)
{
	char when[32];
	int rc = COPCTL_EXIT_OK;

	if (ctl->json) {
		rc = copctl_print_json(tag_json(ctl, t));
		cop_tag_free(t);
		return rc;
	}
	printf("tag:        %s\n", cop_tag_name(t));
	printf("uses:       %lld\n", (long long)cop_tag_uses(t));
	if (cop_tag_synonym_of(t))
		printf("synonym of: %s\n", cop_tag_synonym_of(t));
	printf("created:    %s\n", copctl_time_text(when, sizeof(when),
		cop_tag_created(t)));
	printf("updated:    %s\n", copctl_time_text(when, sizeof(when),
		cop_tag_updated(t)));
	if (cop_tag_excerpt(t)) {
		printf("excerpt:\n");
		copctl_print_indented(cop_tag_excerpt(t), "  ");
	}
	if (cop_tag_wiki(t)) {
		printf("wiki:\n");
		copctl_print_indented(cop_tag_wiki(t), "  ");
	}
	cop_tag_free(t);
	return rc;
}

/* tag show COMMUNITY TAG. */
static int cmd_tag_show(struct copctl *ctl, const struct args *a)
{
	cop_tag *t = NULL;
	int rc = cop_tag_lookup(&t, ctl->store, a->pos[0], a->pos[1]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[1]);
	return tag_out(ctl, t);
}

/* tag describe COMMUNITY TAG [--excerpt TEXT] [--wiki TEXT]: what is
 * not given becomes none. */
static int cmd_tag_describe(struct copctl *ctl, const struct args *a)
{
	cop_tag *t = NULL;
	int rc = cop_tag_describe(&t, ctl->store, a->pos[0], a->pos[1],
		a->opt[OPT_EXCERPT], a->opt[OPT_WIKI]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[1]);
	return tag_out(ctl, t);
}

/* tag rename COMMUNITY TAG NEW_NAME. */
static int cmd_tag_rename(struct copctl *ctl, const struct args *a)
{
	cop_tag *t = NULL;
	int rc = cop_tag_rename(&t, ctl->store, a->pos[0], a->pos[1],
		a->pos[2]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[1]);
	return tag_out(ctl, t);
}

/* tag merge COMMUNITY TAG INTO. */
static int cmd_tag_merge(struct copctl *ctl, const struct args *a)
{
	cop_tag *t = NULL;
	int rc = cop_tag_merge(&t, ctl->store, a->pos[0], a->pos[1], a->pos[2]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[1]);
	return tag_out(ctl, t);
}

/* tag counts COMMUNITY: of its tags, those used (by a thread you see)
 * and those described. */
static int cmd_tag_counts(struct copctl *ctl, const struct args *a)
{
	int64_t used = 0, described = 0;
	int rc = cop_tag_counts(ctl->store, a->pos[0], &used, &described);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, a->pos[0]);
	if (ctl->json)
		return copctl_print_json(json_pack("{s:I, s:I}",
			"used", (json_int_t)used,
			"described", (json_int_t)described));
	printf("used:      %lld\n", (long long)used);
	printf("described: %lld\n", (long long)described);
	return COPCTL_EXIT_OK;
}

const struct command copctl_tag_commands[] = {
	{ "tag", "list", O(OPT_BY) | OPTS_PAGE, 1, 1, OPEN_EXISTING,
	  cmd_tag_list, "COMMUNITY [--by name|uses] [--limit N] "
	  "[--after CURSOR]",
	  "a community's tags with their uses (as you see them)" },
	{ "tag", "show", 0, 2, 2, OPEN_EXISTING, cmd_tag_show,
	  "COMMUNITY TAG", "a tag: its uses, synonym, description and wiki" },
	{ "tag", "counts", 0, 1, 1, OPEN_EXISTING, cmd_tag_counts,
	  "COMMUNITY", "how many tags are used (as you see them) and described" },
	{ "tag", "describe", O(OPT_EXCERPT) | O(OPT_WIKI), 2, 2, OPEN_EXISTING,
	  cmd_tag_describe, "COMMUNITY TAG [--excerpt TEXT] [--wiki TEXT]",
	  "describe a tag (facilitators; what is not given becomes none)" },
	{ "tag", "rename", 0, 3, 3, OPEN_EXISTING, cmd_tag_rename,
	  "COMMUNITY TAG NEW_NAME",
	  "rename a tag in every thread (facilitators)" },
	{ "tag", "merge", 0, 3, 3, OPEN_EXISTING, cmd_tag_merge,
	  "COMMUNITY TAG INTO",
	  "move a tag's threads to another; it becomes a synonym "
	  "(facilitators)" },
	COPCTL_COMMANDS_END
};
