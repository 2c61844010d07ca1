/*
 * copctl: libcop's example command-line tool.
 * cmd_recognition.c: recognition: `copctl vote`, `accept`, `kudos`,
 * `reputation`, `badges`, `leaderboard`, `verify`.
 */
#include <stdio.h>
#include <string.h>

#include "copctl.h"

static int cmd_vote(struct copctl *ctl, const struct args *a)
{
	const char *what = a->npos > 1 ? a->pos[1] : "up";
	cop_vote_kind k = COP_VOTE_UP;
	int rc;

	if (!strcmp(what, "retract")) {
		rc = cop_vote_retract(ctl->store, a->pos[0]);
	} else {
		if (cop_vote_kind_parse(&k, what) != COP_OK)
			return copctl_usage_error("unknown vote", what);
		rc = cop_vote_cast(ctl->store, a->pos[0], k);
	}
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		json_t *o = json_object();
		json_object_set_new(o, "contribution", json_string(a->pos[0]));
		json_object_set_new(o, "vote", json_string(what));
		return copctl_print_json(o);
	}
	printf("%s %s\n", strcmp(what, "retract") ? "voted" : "retracted vote",
		strcmp(what, "retract") ? what : "");
	return COPCTL_EXIT_OK;
}

static int cmd_accept(struct copctl *ctl, const struct args *a)
{
	int undo = a->opt[OPT_UNDO] != NULL;
	int rc = undo ? cop_answer_unaccept(ctl->store, a->pos[0]) :
		cop_answer_accept(ctl->store, a->pos[0]);

	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		json_t *o = json_object();
		json_object_set_new(o, undo ? "thread" : "answer",
			json_string(a->pos[0]));
		json_object_set_new(o, "accepted", json_boolean(!undo));
		return copctl_print_json(o);
	}
	printf(undo ? "no accepted answer in %s now\n" : "accepted %s\n",
		a->pos[0]);
	return COPCTL_EXIT_OK;
}

json_t *copctl_kudos_json(struct copctl *ctl, const cop_kudos *k)
{
	json_t *o = json_object();
	const char *from = cop_kudos_from_id(k);

	json_object_set_new(o, "id", json_string(cop_kudos_id(k)));
	json_object_set_new(o, "from", copctl_json_str(copctl_handle_of(ctl, from)));
	json_object_set_new(o, "to", copctl_json_str(
		copctl_handle_of(ctl, cop_kudos_to_id(k))));
	json_object_set_new(o, "contribution",
		copctl_json_str(cop_kudos_contribution_id(k)));
	json_object_set_new(o, "message", copctl_json_str(cop_kudos_message(k)));
	json_object_set_new(o, "created", copctl_json_time(cop_kudos_created(k)));
	return o;
}

static int cmd_kudos(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_kudos_iter *it = NULL;
	cop_kudos *k = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	char when[32];
	int rc;

	if (a->opt[OPT_MESSAGE]) {
		rc = cop_kudos_give(&k, ctl->store, a->pos[0], a->pos[1],
			a->opt[OPT_FOR], a->opt[OPT_MESSAGE]);
		if (rc != COP_OK)
			return copctl_fail(ctl, rc, NULL);
		if (ctl->json)
			rc = copctl_print_json(copctl_kudos_json(ctl, k));
		else
			printf("kudos to %s: %s\n", a->pos[1], cop_kudos_message(k)),
			rc = COPCTL_EXIT_OK;
		cop_kudos_free(k);
		return rc;
	}
	if (a->opt[OPT_FOR])
		return copctl_usage_error("--for needs --message", NULL);
	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_kudos_iter_new(&it, ctl->store, a->pos[0], a->pos[1], &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		obj = json_object();
		list = json_array();
		json_object_set_new(obj, "kudos", list);
	}
	while ((rc = cop_kudos_iter_next(&k, it)) == COP_OK) {
		count++;
		if (ctl->json)
			json_array_append_new(list, copctl_kudos_json(ctl, k));
		else
			printf("%s  from %s: %s\n", copctl_time_text(when,
				sizeof(when), cop_kudos_created(k)),
				copctl_handle_of(ctl, cop_kudos_from_id(k)),
				cop_kudos_message(k));
		cop_kudos_free(k);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_kudos_iter_free(it);
		return rc;
	}
	rc = copctl_listing_end(ctl, obj, &page, count, cop_kudos_iter_cursor(it));
	cop_kudos_iter_free(it);
	return rc;
}

/* The member a recognition command is about: HANDLE, else --as. */
static const char *member_arg(struct copctl *ctl, const struct args *a)
{
	return a->npos > 1 ? a->pos[1] : ctl->as;
}

/* A standing's count for --json: null when not shown to the actor. */
static json_t *count_json(int n)
{
	return n < 0 ? json_null() : json_integer(n);
}

static int cmd_reputation(struct copctl *ctl, const struct args *a)
{
	const char *who = member_arg(ctl, a);
	cop_page page = COP_PAGE_INIT;
	cop_standing *st = NULL;
	cop_ledger_iter *it = NULL;
	cop_ledger_entry *e = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	char when[32];
	int rc;

	if (!who)
		return copctl_usage_error("whose reputation? give HANDLE or --as",
			NULL);
	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	if ((rc = cop_standing_lookup(&st, ctl->store, a->pos[0], who)) != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		obj = json_object();
		json_object_set_new(obj, "member", json_string(who));
		json_object_set_new(obj, "reputation",
			json_integer(cop_standing_reputation(st)));
		json_object_set_new(obj, "trust_level",
			json_integer(cop_standing_trust_level(st)));
		json_object_set_new(obj, "trust_manual",
			json_boolean(cop_standing_trust_manual(st)));
		json_object_set_new(obj, "days_active",
			count_json(cop_standing_days_active(st)));
		json_object_set_new(obj, "posts", count_json(cop_standing_posts(st)));
		json_object_set_new(obj, "likes_given",
			count_json(cop_standing_likes_given(st)));
		json_object_set_new(obj, "likes_received",
			count_json(cop_standing_likes_received(st)));
		json_object_set_new(obj, "kudos_received",
			count_json(cop_standing_kudos_received(st)));
		json_object_set_new(obj, "accepted",
			count_json(cop_standing_accepted(st)));
		list = json_array();
		json_object_set_new(obj, "ledger", list);
	} else {
		printf("%s in %s: reputation %lld, trust level %d%s\n", who,
			a->pos[0], (long long)cop_standing_reputation(st),
			cop_standing_trust_level(st),
			cop_standing_trust_manual(st) ? " (set by hand)" : "");
		if (cop_standing_posts(st) < 0)
			printf("  (its counts are shown to the member and the "
				"community's facilitators only)\n");
		else
			printf("  %d days active, %d posts, %d likes given, "
				"%d received, %d kudos, %d accepted answers\n",
				cop_standing_days_active(st), cop_standing_posts(st),
				cop_standing_likes_given(st),
				cop_standing_likes_received(st),
				cop_standing_kudos_received(st),
				cop_standing_accepted(st));
	}
	cop_standing_free(st);
	rc = cop_ledger_iter_new(&it, ctl->store, a->pos[0], who, &page);
	if (rc != COP_OK) {
		json_decref(obj);
		return copctl_fail(ctl, rc, NULL);
	}
	while ((rc = cop_ledger_iter_next(&e, it)) == COP_OK) {
		count++;
		if (ctl->json) {
			json_t *o = json_object();
			json_object_set_new(o, "points",
				json_integer(cop_ledger_entry_points(e)));
			json_object_set_new(o, "nominal",
				json_integer(cop_ledger_entry_nominal(e)));
			json_object_set_new(o, "reason", json_string(
				COPCTL_ENUM(rep_reason, cop_ledger_entry_reason(e))));
			json_object_set_new(o, "object",
				copctl_json_str(cop_ledger_entry_object_id(e)));
			json_object_set_new(o, "by", copctl_json_str(
				copctl_handle_of(ctl, cop_ledger_entry_actor_id(e))));
			json_object_set_new(o, "time",
				copctl_json_time(cop_ledger_entry_time(e)));
			json_array_append_new(list, o);
		} else {
			printf("  %s  %+4d  %-15s", copctl_time_text(when, sizeof(when),
				cop_ledger_entry_time(e)), cop_ledger_entry_points(e),
				COPCTL_ENUM(rep_reason, cop_ledger_entry_reason(e)));
			if (cop_ledger_entry_points(e) != cop_ledger_entry_nominal(e))
				printf(" (of %+d)", cop_ledger_entry_nominal(e));
			putchar('\n');
		}
		cop_ledger_entry_free(e);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_ledger_iter_free(it);
		return rc;
	}
	rc = copctl_listing_end(ctl, obj, &page, count, cop_ledger_iter_cursor(it));
	cop_ledger_iter_free(it);
	return rc;
}

static int cmd_badges(struct copctl *ctl, const struct args *a)
{
	const char *who = member_arg(ctl, a);
	cop_page page = COP_PAGE_INIT;
	cop_badge_iter *it = NULL;
	cop_badge_award *b = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	char when[32];
	int rc;

	if (!who)
		return copctl_usage_error("whose badges? give HANDLE or --as", NULL);
	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_badge_iter_new(&it, ctl->store, a->pos[0], who, &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		obj = json_object();
		list = json_array();
		json_object_set_new(obj, "badges", list);
	}
	while ((rc = cop_badge_iter_next(&b, it)) == COP_OK) {
		count++;
		if (ctl->json) {
			json_t *o = json_object();
			json_object_set_new(o, "badge",
				copctl_json_str(cop_badge_award_name(b)));
			json_object_set_new(o, "class", copctl_json_str(
				COPCTL_ENUM(badge_class, (cop_badge_class)cop_badge_award_class(b))));
			json_object_set_new(o, "contribution",
				copctl_json_str(cop_badge_award_object_id(b)));
			json_object_set_new(o, "awarded",
				copctl_json_time(cop_badge_award_awarded(b)));
			json_array_append_new(list, o);
		} else {
			printf("%s  %-6s %s%s%s\n", copctl_time_text(when, sizeof(when),
				cop_badge_award_awarded(b)),
				COPCTL_ENUM(badge_class, (cop_badge_class)cop_badge_award_class(b)),
				cop_badge_award_name(b), cop_badge_award_object_id(b) ? " for " : "",
				cop_badge_award_object_id(b) ? cop_badge_award_object_id(b) : "");
		}
		cop_badge_award_free(b);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_badge_iter_free(it);
		return rc;
	}
	rc = copctl_listing_end(ctl, obj, &page, count, cop_badge_iter_cursor(it));
	cop_badge_iter_free(it);
	return rc;
}

static int cmd_leaderboard(struct copctl *ctl, const struct args *a)
{
	cop_page page = COP_PAGE_INIT;
	cop_period period = COP_PERIOD_ALL;
	cop_leader_iter *it = NULL;
	cop_leader *l = NULL;
	json_t *obj = NULL, *list = NULL;
	unsigned int count = 0;
	int rc;

	if (a->opt[OPT_PERIOD] &&
	    cop_period_parse(&period, a->opt[OPT_PERIOD]) != COP_OK)
		return copctl_usage_error("unknown period", a->opt[OPT_PERIOD]);
	if ((rc = copctl_page_from_args(&page, a)) != COPCTL_EXIT_OK)
		return rc;
	rc = cop_leader_iter_new(&it, ctl->store, a->pos[0], a->opt[OPT_TAG],
		period, 0, &page);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	if (ctl->json) {
		obj = json_object();
		json_object_set_new(obj, "period", json_string(COPCTL_ENUM(period, period)));
		json_object_set_new(obj, "tag", copctl_json_str(a->opt[OPT_TAG]));
		list = json_array();
		json_object_set_new(obj, "leaders", list);
	}
	while ((rc = cop_leader_iter_next(&l, it)) == COP_OK) {
		count++;
		if (ctl->json) {
			json_t *o = json_object();
			json_object_set_new(o, "handle", json_string(cop_leader_handle(l)));
			json_object_set_new(o, "points",
				json_integer(cop_leader_points(l)));
			json_array_append_new(list, o);
		} else {
			printf("%6lld  %s\n", (long long)cop_leader_points(l),
				cop_leader_handle(l));
		}
		cop_leader_free(l);
	}
	if (rc != COP_ITEROVER) {
		json_decref(obj);
		rc = copctl_fail(ctl, rc, NULL);
		cop_leader_iter_free(it);
		return rc;
	}
	rc = copctl_listing_end(ctl, obj, &page, count, cop_leader_iter_cursor(it));
	cop_leader_iter_free(it);
	return rc;
}

static int cmd_verify(struct copctl *ctl, const struct args *a)
{
	cop_verify_report *r = NULL, *again = NULL;
	int repair = a->opt[OPT_REPAIR] != NULL;
	size_t i, n, left = 0;
	int rc;

	rc = cop_verify(&r, ctl->store, a->opt[OPT_COMMUNITY], repair);
	if (rc != COP_OK)
		return copctl_fail(ctl, rc, NULL);
	n = cop_verify_report_count(r);
	/* After a repair, check again: exit 0 only when nothing is left. */
	if (repair && n > 0) {
		rc = cop_verify(&again, ctl->store, a->opt[OPT_COMMUNITY], 0);
		if (rc != COP_OK) {
			cop_verify_report_free(r);
			return copctl_fail(ctl, rc, NULL);
		}
		left = cop_verify_report_count(again);
		cop_verify_report_free(again);
	} else {
		left = n;
	}
	if (ctl->json) {
		json_t *o = json_object(), *list = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(list,
				json_string(cop_verify_report_line(r, i)));
		json_object_set_new(o, "differences", list);
		json_object_set_new(o, "repaired", json_boolean(repair && n > 0));
		json_object_set_new(o, "remaining", json_integer((json_int_t)left));
		rc = copctl_print_json(o);
	} else {
		for (i = 0; i < n; i++)
			printf("%s\n", cop_verify_report_line(r, i));
		if (n == 0)
			printf("verify: no differences\n");
		else
			printf("verify: %zu difference%s%s\n", n, n == 1 ? "" : "s",
				repair ? (left ? ", some remain after repair" :
					", repaired") : "");
		rc = COPCTL_EXIT_OK;
	}
	cop_verify_report_free(r);
	if (rc == COPCTL_EXIT_OK && left > 0)
		rc = COPCTL_EXIT_FAIL;
	return rc;
}

/* vote, accept, kudos, reputation, badges, leaderboard, verify. */
const struct command copctl_recognition_commands[] = {
	{ "vote", NULL, 0, 1, 2, OPEN_EXISTING, cmd_vote,
	  "CONTRIB_ID [up|down|helpful|thanks|retract]",
	  "vote on a contribution (up by default), change or retract it" },
	{ "accept", NULL, O(OPT_UNDO), 1, 1, OPEN_EXISTING, cmd_accept,
	  "ANSWER_ID | --undo THREAD_ID",
	  "accept an answer to your question (or take it back)" },
	{ "kudos", NULL, O(OPT_MESSAGE) | O(OPT_FOR) | OPTS_PAGE, 2, 2,
	  OPEN_EXISTING, cmd_kudos,
	  "COMMUNITY HANDLE [--message TEXT [--for CONTRIB_ID]]",
	  "thank a member (without --message: list their kudos)" },
	{ "reputation", NULL, OPTS_PAGE, 1, 2, OPEN_EXISTING, cmd_reputation,
	  "COMMUNITY [HANDLE] [--limit N] [--after CURSOR]",
	  "a member's reputation, trust level and ledger" },
	{ "badges", NULL, OPTS_PAGE, 1, 2, OPEN_EXISTING, cmd_badges,
	  "COMMUNITY [HANDLE] [--limit N] [--after CURSOR]",
	  "a member's badges, newest first" },
	{ "leaderboard", NULL, O(OPT_PERIOD) | O(OPT_TAG) | OPTS_PAGE, 1, 1,
	  OPEN_EXISTING, cmd_leaderboard,
	  "COMMUNITY [--period week|month|quarter|year|all] [--tag TAG] "
	  "[--limit N] [--after CURSOR]",
	  "members by reputation gained in a period" },
	{ "verify", NULL, O(OPT_COMMUNITY) | O(OPT_REPAIR), 0, 0, OPEN_EXISTING,
	  cmd_verify, "[--community SLUG] [--repair]",
	  "recompute recognition from the facts; exit 0 only when all agree" },
	COPCTL_COMMANDS_END
};
