/*
 * check_privacy.c: a member's own data.  The JSON export (parsed back
 * with jansson and checked field by field), who may export, erase and
 * set the erasure policy, erasure under each policy in a community with
 * votes, accepted answers, kudos, badges, edits and replies by others
 * (what remains, stats, search, cop_verify clean), refusals that change
 * nothing, and erasure with every allocation failing in turn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "testutil.h"

static tu_world W;
/*
 * In pub (badge thresholds 1, so one up-vote earns a score badge):
 *  Q1 question by mia ("zebra", tag "soil"), answers A1 by cora (accepted
 *  by mia, up-voted by fred, commented on by fred: A1C) and A2 by fred
 *  (up-voted by mia);  mia's post QP1 up-voted by cora.
 *  Q2 question by cora ("Pruning season", tag "trees"), answers A3 by
 *  mia ("okapi", edited once; accepted by cora, up-voted by fred, replied
 *  to by fred: A3C "narwhal") and A4 by fred (up-voted by cora).
 *  Kudos: cora to mia for A3, mia to cora ("Thanks Cora").
 *  olga replied to mia's pub_thread (R1).
 */
static tu_idbuf Q1, QP1, A1, A1C, A2, Q2, QP2, A3, A3C, A4, R1;

static void thread_tagged(tu_idbuf id, tu_idbuf post, const char *title,
	const char *tags, const char *body)
{
	cop_thread *t = NULL;

	TU_OK(tu_store, cop_thread_create(&t, tu_store, "pub",
		COP_THREAD_QUESTION, title, tags, NULL, body));
	snprintf(id, sizeof(tu_idbuf), "%s", cop_thread_id(t));
	cop_thread_free(t);
	tu_first_post(tu_store, post, id);
}

static void world_setup(void)
{
	cop_recognition_config cfg = COP_RECOGNITION_CONFIG_INIT;
	cop_contribution *c = NULL;
	cop_kudos *k = NULL;
	cop_store *s;

	tu_store_setup();
	s = tu_store;
	tu_world_make(s, &W);
	cfg.badge_answer1 = 1;
	cfg.badge_question1 = 1;
	TU_OK(s, cop_recognition_config_set(s, "pub", &cfg));

	tu_as(s, W.member);
	thread_tagged(Q1, QP1, "Garden soil", "soil", "Compost wisdom zebra");
	tu_tick(s, 1000);
	tu_as(s, W.core);
	tu_contrib(s, A1, Q1, COP_CONTRIB_ANSWER, NULL, "Use mulch giraffe");
	tu_tick(s, 1000);
	tu_as(s, W.facil);
	tu_contrib(s, A2, Q1, COP_CONTRIB_ANSWER, NULL, "Water in the morning");
	tu_contrib(s, A1C, Q1, COP_CONTRIB_COMMENT, A1, "Mulch helps a lot");
	TU_OK(s, cop_vote_cast(s, A1, COP_VOTE_UP));
	tu_as(s, W.core);
	TU_OK(s, cop_vote_cast(s, QP1, COP_VOTE_UP));
	tu_as(s, W.member);
	TU_OK(s, cop_vote_cast(s, A2, COP_VOTE_UP));
	TU_OK(s, cop_answer_accept(s, A1));
	tu_tick(s, 1000);

	tu_as(s, W.core);
	thread_tagged(Q2, QP2, "Pruning season", "trees", "When to prune apples");
	tu_tick(s, 1000);
	tu_as(s, W.member);
	tu_contrib(s, A3, Q2, COP_CONTRIB_ANSWER, NULL, "Prune in autumn okapi");
	TU_OK(s, cop_contribution_edit(&c, s, A3, "Prune in winter okapi",
		"season"));
	cop_contribution_free(c);
	tu_tick(s, 1000);
	tu_as(s, W.facil);
	tu_contrib(s, A4, Q2, COP_CONTRIB_ANSWER, NULL, "Prune after flowering");
	TU_OK(s, cop_vote_cast(s, A3, COP_VOTE_UP));
	tu_tick(s, 1000);
	tu_contrib(s, A3C, Q2, COP_CONTRIB_COMMENT, A3, "Agreed narwhal");
	tu_as(s, W.core);
	TU_OK(s, cop_vote_cast(s, A4, COP_VOTE_UP));
	TU_OK(s, cop_answer_accept(s, A3));
	TU_OK(s, cop_kudos_give(&k, s, "pub", W.member, A3, "Great tip"));
	cop_kudos_free(k);
	tu_as(s, W.member);
	TU_OK(s, cop_kudos_give(&k, s, "pub", W.core, NULL, "Thanks Cora"));
	cop_kudos_free(k);
	tu_tick(s, 1000);
	tu_as(s, W.owner);
	tu_contrib(s, R1, W.pub_thread, COP_CONTRIB_REPLY, NULL,
		"Welcome aboard");
	tu_tick(s, 1000);
	tu_as(s, NULL);
}

static void world_teardown(void)
{
	tu_store_teardown();
}

/* ---- helpers ------------------------------------------------------------------ */

/* Export @p member as the current actor into a parsed document (NULL
 * when the export fails: *rc receives its code). */
static json_t *export(cop_store *s, const char *member, int *rc)
{
	json_error_t err;
	json_t *doc = NULL;
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	*rc = cop_member_export_json(s, member, fileno(f));
	if (*rc == COP_OK) {
		rewind(f);
		doc = json_loadf(f, 0, &err);
		ck_assert_msg(doc != NULL, "export is not JSON: %s (line %d)",
			err.text, err.line);
	}
	fclose(f);
	return doc;
}

static json_t *export_ok(cop_store *s, const char *member)
{
	int rc;
	json_t *doc = export(s, member, &rc);

	ck_assert_msg(rc == COP_OK, "export: %s (%s)", tu_ename(rc),
		cop_errmsg(s));
	return doc;
}

static size_t arr_len(json_t *doc, const char *name)
{
	json_t *a = json_object_get(doc, name);

	ck_assert_msg(json_is_array(a), "%s is not an array", name);
	return json_array_size(a);
}

/* The element of array @p name whose "id" is @p id, or NULL. */
static json_t *by_id(json_t *doc, const char *name, const char *field,
	const char *id)
{
	json_t *a = json_object_get(doc, name), *e;
	size_t i;

	json_array_foreach(a, i, e) {
		const char *v = json_string_value(json_object_get(e, field));
		if (v && !strcmp(v, id))
			return e;
	}
	return NULL;
}

static const char *str(json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

static json_int_t num(json_t *o, const char *name)
{
	return json_integer_value(json_object_get(o, name));
}

static int64_t rep(cop_store *s, const char *member)
{
	cop_standing *st = NULL;
	int64_t r;

	TU_OK(s, cop_standing_lookup(&st, s, "pub", member));
	r = cop_standing_reputation(st);
	cop_standing_free(st);
	return r;
}

static int exists(cop_store *s, const char *contribution)
{
	cop_contribution *c = NULL;
	int rc = cop_contribution_lookup(&c, s, contribution);

	cop_contribution_free(c);
	ck_assert_msg(rc == COP_OK || rc == COP_ENOTFOUND, "get: %s",
		tu_ename(rc));
	return rc == COP_OK;
}

static int thread_exists(cop_store *s, const char *thread)
{
	cop_thread *t = NULL;
	int rc = cop_thread_lookup(&t, s, thread);

	cop_thread_free(t);
	ck_assert_msg(rc == COP_OK || rc == COP_ENOTFOUND, "get: %s",
		tu_ename(rc));
	return rc == COP_OK;
}

static int search(cop_store *s, const char *q)
{
	return tu_count_search(s, q, NULL);
}

static void assert_verified(cop_store *s)
{
	cop_verify_report *r = NULL;
	size_t i;

	tu_as(s, NULL);
	TU_OK(s, cop_verify(&r, s, NULL, 0));
	for (i = 0; i < cop_verify_report_count(r); i++)
		fprintf(stderr, "verify: %s\n", cop_verify_report_line(r, i));
	ck_assert_int_eq(cop_verify_report_count(r), 0);
	cop_verify_report_free(r);
}

static int badges(cop_store *s, const char *member, cop_badge b)
{
	cop_badge_iter *it = NULL;
	cop_badge_award *a = NULL;
	int n = 0, rc;

	TU_OK(s, cop_badge_iter_new(&it, s, "pub", member, NULL));
	while ((rc = cop_badge_iter_next(&a, it)) == COP_OK) {
		if ((int)b < 0 || cop_badge_award_badge(a) == b)
			n++;
		cop_badge_award_free(a);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_badge_iter_free(it);
	return n;
}

/* The kudos @p member received in pub, messages joined by "|". */
static void kudos_of(cop_store *s, const char *member, char *buf, size_t n)
{
	cop_kudos_iter *it = NULL;
	cop_kudos *k = NULL;
	int rc;

	buf[0] = '\0';
	TU_OK(s, cop_kudos_iter_new(&it, s, "pub", member, NULL));
	while ((rc = cop_kudos_iter_next(&k, it)) == COP_OK) {
		size_t l = strlen(buf);
		snprintf(buf + l, n - l, "%s%s", l ? "|" : "",
			cop_kudos_message(k));
		cop_kudos_free(k);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_kudos_iter_free(it);
}

/* The foundation's snapshot plus each world member's own export (their
 * votes, kudos, ledger, standings and badges). */
static char *picture(cop_store *s)
{
	const char *ids[] = { W.owner, W.facil, W.core, W.member };
	char *snap = tu_snapshot(s), *all;
	size_t i, len = strlen(snap) + 1;
	const char *keep = cop_store_actor(s);
	char actor[COP_ID_TEXT_LEN + 1] = "";

	if (keep)
		snprintf(actor, sizeof(actor), "%s", keep);
	all = snap;
	tu_as(s, NULL);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		json_t *doc = export_ok(s, ids[i]);
		char *d;
		json_object_del(doc, "exported");
		d = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
		ck_assert_ptr_nonnull(d);
		len += strlen(d) + 1;
		all = realloc(all, len);
		ck_assert_ptr_nonnull(all);
		strcat(all, "\n");
		strcat(all, d);
		free(d);
		json_decref(doc);
	}
	tu_as(s, actor[0] ? actor : NULL);
	return all;
}

static void assert_same_picture(cop_store *s, const char *before,
	const char *what)
{
	char *now = picture(s);

	ck_assert_msg(!strcmp(before, now), "%s changed the store", what);
	free(now);
}

/* ---- names and policies --------------------------------------------------------- */

START_TEST(test_policy_names)
{
	cop_erasure_policy p;

	ck_assert_str_eq(cop_erasure_policy_name(COP_ERASE_ANONYMIZE),
		"anonymize");
	ck_assert_str_eq(cop_erasure_policy_name(COP_ERASE_REMOVE), "remove");
	ck_assert_ptr_null(cop_erasure_policy_name((cop_erasure_policy)2));
	ck_assert_ptr_null(cop_erasure_policy_name((cop_erasure_policy)-1));
	ck_assert_int_eq(cop_erasure_policy_parse(&p, "remove"), COP_OK);
	ck_assert_int_eq(p, COP_ERASE_REMOVE);
	ck_assert_int_eq(cop_erasure_policy_parse(&p, "anonymize"), COP_OK);
	ck_assert_int_eq(p, COP_ERASE_ANONYMIZE);
	ck_assert_int_eq(cop_erasure_policy_parse(&p, "delete"), COP_EINVAL);
	ck_assert_int_eq(cop_erasure_policy_parse(&p, NULL), COP_EINVAL);
	ck_assert_int_eq(cop_erasure_policy_parse(NULL, "remove"), COP_EINVAL);
}
END_TEST

START_TEST(test_policy_set)
{
	cop_store *s = tu_store;
	cop_erasure_policy p = COP_ERASE_REMOVE;
	char *before;
	int64_t seq;

	/* No row: anonymize. */
	TU_OK(s, cop_community_erasure_lookup(&p, s, "pub"));
	ck_assert_int_eq(p, COP_ERASE_ANONYMIZE);

	/* A member, a core member and an outsider may not set it. */
	before = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, before,
		cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_set_erasure(s, "priv", COP_ERASE_REMOVE));
	tu_as(s, NULL);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_set_erasure(s, "pub", (cop_erasure_policy)7));
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, before,
		cop_community_set_erasure(s, "nowhere", COP_ERASE_REMOVE));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, before,
		cop_community_set_erasure(s, NULL, COP_ERASE_REMOVE));
	free(before);
	TU_OK(s, cop_community_erasure_lookup(&p, s, "pub"));
	ck_assert_int_eq(p, COP_ERASE_ANONYMIZE);

	/* A facilitator, an owner, the system may; each logs. */
	seq = cop_log_last_seq(s);
	tu_as(s, W.facil);
	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	TU_OK(s, cop_community_erasure_lookup(&p, s, "pub"));
	ck_assert_int_eq(p, COP_ERASE_REMOVE);
	tu_as(s, W.owner);
	TU_OK(s, cop_community_set_erasure(s, W.pub, COP_ERASE_ANONYMIZE));
	TU_OK(s, cop_community_erasure_lookup(&p, s, "pub"));
	ck_assert_int_eq(p, COP_ERASE_ANONYMIZE);
	tu_as(s, NULL);
	TU_OK(s, cop_community_set_erasure(s, "inv", COP_ERASE_REMOVE));
	ck_assert_int_eq(cop_log_last_seq(s), seq + 3);
	TU_OK(s, cop_community_erasure_lookup(&p, s, "inv"));
	ck_assert_int_eq(p, COP_ERASE_REMOVE);
	/* Other communities keep theirs. */
	TU_OK(s, cop_community_erasure_lookup(&p, s, "priv"));
	ck_assert_int_eq(p, COP_ERASE_ANONYMIZE);

	/* Reading: whoever sees the community. */
	tu_as(s, W.outsider);
	TU_OK(s, cop_community_erasure_lookup(&p, s, "pub"));
	TU_RC(s, COP_ENOTFOUND, cop_community_erasure_lookup(&p, s, "inv"));
	TU_RC(s, COP_EINVAL, cop_community_erasure_lookup(NULL, s, "pub"));
	tu_as(s, NULL);
}
END_TEST

/* ---- export ---------------------------------------------------------------------- */

START_TEST(test_export)
{
	cop_store *s = tu_store;
	json_t *doc, *m, *e, *revs;
	json_int_t sum = 0;
	int mine = 0;
	size_t i;

	tu_as(s, W.member);
	doc = export_ok(s, W.member);
	ck_assert_str_eq(str(doc, "format"), "libcop-member");
	ck_assert_int_eq(num(doc, "version"), 1);
	m = json_object_get(doc, "member");
	ck_assert_str_eq(str(m, "id"), W.member);
	ck_assert_str_eq(str(m, "handle"), "mia");
	ck_assert_str_eq(str(m, "status"), "active");

	/* pub, priv, inv. */
	ck_assert_int_eq(arr_len(doc, "memberships"), 3);
	e = by_id(doc, "memberships", "community_id", W.pub);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(str(e, "community"), "pub");
	ck_assert_str_eq(str(e, "role"), "member");
	ck_assert_str_eq(str(e, "status"), "active");

	/* pub_post, QP1, A3 (with its first body as a revision). */
	ck_assert_int_eq(arr_len(doc, "contributions"), 3);
	e = by_id(doc, "contributions", "id", QP1);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(str(e, "kind"), "post");
	ck_assert_str_eq(str(e, "title"), "Garden soil");
	ck_assert_str_eq(str(e, "body"), "Compost wisdom zebra");
	ck_assert_int_eq(num(e, "score"), 1);
	ck_assert_int_eq(json_array_size(json_object_get(e, "revisions")), 0);
	e = by_id(doc, "contributions", "id", A3);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(str(e, "kind"), "answer");
	ck_assert_str_eq(str(e, "body"), "Prune in winter okapi");
	ck_assert_str_eq(str(e, "thread_id"), Q2);
	ck_assert(json_is_null(json_object_get(e, "title")));
	revs = json_object_get(e, "revisions");
	ck_assert_int_eq(json_array_size(revs), 1);
	ck_assert_str_eq(str(json_array_get(revs, 0), "body"),
		"Prune in autumn okapi");
	ck_assert_str_eq(str(json_array_get(revs, 0), "author_id"), W.member);

	/* One vote cast: up on A2. */
	ck_assert_int_eq(arr_len(doc, "votes"), 1);
	e = json_array_get(json_object_get(doc, "votes"), 0);
	ck_assert_str_eq(str(e, "contribution_id"), A2);
	ck_assert_str_eq(str(e, "kind"), "up");

	/* Kudos, each way. */
	ck_assert_int_eq(arr_len(doc, "kudos_given"), 1);
	e = json_array_get(json_object_get(doc, "kudos_given"), 0);
	ck_assert_str_eq(str(e, "message"), "Thanks Cora");
	ck_assert_str_eq(str(e, "to_id"), W.core);
	ck_assert_int_eq(arr_len(doc, "kudos_received"), 1);
	e = json_array_get(json_object_get(doc, "kudos_received"), 0);
	ck_assert_str_eq(str(e, "message"), "Great tip");
	ck_assert_str_eq(str(e, "contribution_id"), A3);

	/* Ledger: +10 (QP1 up), +2 (accepting A1), +10 (A3 up), +15 (A3
	 * accepted); the standing holds 1 + their sum. */
	ck_assert_int_eq(arr_len(doc, "ledger"), 4);
	json_array_foreach(json_object_get(doc, "ledger"), i, e) {
		json_t *who = json_object_get(e, "actor_id");

		sum += num(e, "points");
		/* Who voted or accepted is named only when it is the member
		 * (accepting A1, +2); other members' ids are null. */
		ck_assert(json_is_null(who) || (json_is_string(who) &&
			!strcmp(json_string_value(who), W.member)));
		mine += json_is_string(who);
	}
	ck_assert_int_eq(sum, 37);
	ck_assert_int_eq(mine, 1);
	ck_assert_int_eq(arr_len(doc, "standings"), 1);
	e = json_array_get(json_object_get(doc, "standings"), 0);
	ck_assert_str_eq(str(e, "community_id"), W.pub);
	ck_assert_int_eq(num(e, "reputation"), 38);
	ck_assert_int_eq(num(e, "posts"), 3);
	ck_assert_int_eq(num(e, "accepted"), 1);
	ck_assert_int_eq(num(e, "kudos_received"), 1);

	/* Badges: first-post, nice-question (QP1), nice-answer (A3),
	 * first-accepted, appreciated. */
	ck_assert_int_eq(arr_len(doc, "badges"), 5);
	ck_assert_int_eq(arr_len(doc, "badges"), (size_t)badges(s, W.member, -1));
	e = by_id(doc, "badges", "name", "nice-answer");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(str(e, "object_id"), A3);
	ck_assert_str_eq(str(e, "class"), "bronze");
	ck_assert_ptr_nonnull(by_id(doc, "badges", "name", "first-accepted"));
	json_decref(doc);

	/* The system may too, and gets the same document. */
	tu_as(s, NULL);
	doc = export_ok(s, "mia");
	ck_assert_str_eq(str(json_object_get(doc, "member"), "id"), W.member);
	ck_assert_int_eq(arr_len(doc, "contributions"), 3);
	json_decref(doc);

	/* Someone with nothing: empty arrays. */
	doc = export_ok(s, W.outsider);
	ck_assert_int_eq(arr_len(doc, "memberships"), 0);
	ck_assert_int_eq(arr_len(doc, "contributions"), 0);
	ck_assert_int_eq(arr_len(doc, "ledger"), 0);
	json_decref(doc);
}
END_TEST

/* The records of meetings, time and subscriptions: the hours a member
 * gave (with their note), their RSVPs and attendance, their follows are
 * in their export; erasure empties the hours' notes and keeps the rest,
 * and forgets the follows. */
START_TEST(test_export_v7)
{
	cop_store *s = tu_store;
	cop_event_spec spec = COP_EVENT_SPEC_INIT;
	cop_event *ev = NULL;
	json_t *doc, *e;
	char evid[64];
	cop_time now = cop_store_now(s);

	tu_as(s, W.facil);
	spec.title = "Field day";
	spec.start = now + 3600000;
	spec.end = now + 7200000;
	TU_OK(s, cop_event_create(&ev, s, "pub", &spec));
	snprintf(evid, sizeof(evid), "%s", cop_event_id(ev));
	cop_event_free(ev);
	tu_as(s, W.member);
	TU_OK(s, cop_event_rsvp(s, evid, COP_RSVP_YES, NULL));
	TU_OK(s, cop_hours_record(s, "pub", NULL, "2026-11", 12.5,
		"Seed swap notes"));
	TU_OK(s, cop_follow_set(s, COP_FOLLOW_THREAD, Q1, NULL,
		COP_FOLLOW_WATCHING));
	tu_tick(s, 3 * 3600000);
	tu_as(s, W.facil);
	TU_OK(s, cop_event_attend(s, evid, "mia", COP_ATTENDANCE_ATTENDED));

	tu_as(s, W.member);
	doc = export_ok(s, W.member);
	ck_assert_int_eq(arr_len(doc, "hours"), 1);
	e = json_array_get(json_object_get(doc, "hours"), 0);
	ck_assert_str_eq(str(e, "community_id"), W.pub);
	ck_assert_str_eq(str(e, "month"), "2026-11");
	ck_assert_int_eq(num(e, "minutes"), 750);
	ck_assert(json_real_value(json_object_get(e, "hours")) == 12.5);
	ck_assert_str_eq(str(e, "note"), "Seed swap notes");
	ck_assert_int_eq(arr_len(doc, "rsvps"), 1);
	e = json_array_get(json_object_get(doc, "rsvps"), 0);
	ck_assert_str_eq(str(e, "event_id"), evid);
	ck_assert_str_eq(str(e, "answer"), "yes");
	ck_assert_str_eq(str(e, "attendance"), "attended");
	e = by_id(doc, "follows", "target_id", Q1);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(str(e, "kind"), "thread");
	ck_assert_str_eq(str(e, "level"), "watching");
	json_decref(doc);

	/* Someone else's export holds none of it. */
	tu_as(s, NULL);
	doc = export_ok(s, W.core);
	ck_assert_int_eq(arr_len(doc, "hours"), 0);
	ck_assert_int_eq(arr_len(doc, "rsvps"), 0);
	ck_assert_ptr_null(by_id(doc, "follows", "target_id", Q1));
	json_decref(doc);

	/* Erasure: the note goes, the hours and the attendance stay. */
	tu_as(s, W.member);
	TU_OK(s, cop_member_erase(s, W.member));
	tu_as(s, NULL);
	doc = export_ok(s, W.member);
	ck_assert_int_eq(arr_len(doc, "hours"), 1);
	e = json_array_get(json_object_get(doc, "hours"), 0);
	ck_assert_str_eq(str(e, "note"), "");
	ck_assert_int_eq(num(e, "minutes"), 750);
	ck_assert_int_eq(arr_len(doc, "rsvps"), 1);
	ck_assert_int_eq(arr_len(doc, "follows"), 0);
	json_decref(doc);
	assert_verified(s);
}
END_TEST

/* After leaving a private community, a member's export holds their own
 * words there as they wrote them, never another member's id or text:
 * not a facilitator's later edit of their reply, nor who thanked them
 * and how (issue 17). */
START_TEST(test_export_left)
{
	cop_store *s = tu_store;
	tu_idbuf r, r2;
	json_t *doc, *e, *revs, *k;
	char *text;
	size_t i;

	tu_as(s, W.member);
	tu_contrib(s, r, W.priv_thread, COP_CONTRIB_ANSWER, NULL,
		"My first words");
	TU_OK(s, cop_contribution_edit(NULL, s, r, "My second words", "mine"));
	tu_contrib(s, r2, W.priv_thread, COP_CONTRIB_COMMENT, r,
		"Untouched words");
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_edit(NULL, s, r, "Fred rewrote this",
		"fred's note"));
	tu_as(s, W.core);
	TU_OK(s, cop_kudos_give(NULL, s, "priv", W.member, r,
		"Cora thanks mia"));
	/* Still a member: the export shows the edit, as she sees it. */
	tu_as(s, W.member);
	doc = export_ok(s, W.member);
	e = by_id(doc, "contributions", "id", r);
	ck_assert_str_eq(str(e, "body"), "Fred rewrote this");
	json_decref(doc);
	TU_OK(s, cop_community_leave(s, "priv", W.member));
	doc = export_ok(s, W.member);
	e = by_id(doc, "contributions", "id", r);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(str(e, "body"), "My second words");
	ck_assert_int_eq(num(e, "revision"), 2);
	revs = json_object_get(e, "revisions");
	ck_assert_int_eq(json_array_size(revs), 1);
	ck_assert_str_eq(str(json_array_get(revs, 0), "body"),
		"My first words");
	ck_assert_str_eq(str(json_array_get(revs, 0), "editor_id"), W.member);
	e = by_id(doc, "contributions", "id", r2);
	ck_assert_str_eq(str(e, "body"), "Untouched words");
	k = json_object_get(doc, "kudos_received");
	for (i = 0; i < json_array_size(k); i++) {
		json_t *x = json_array_get(k, i);
		if (strcmp(str(x, "community_id"), W.priv))
			continue;
		ck_assert(json_is_null(json_object_get(x, "from_id")));
		ck_assert(json_is_null(json_object_get(x, "message")));
	}
	text = json_dumps(doc, 0);
	ck_assert_ptr_null(strstr(text, "Fred rewrote"));
	ck_assert_ptr_null(strstr(text, "fred's note"));
	ck_assert_ptr_null(strstr(text, "Cora thanks"));
	ck_assert_ptr_null(strstr(text, W.facil));   /* the editor */
	free(text);
	json_decref(doc);
}
END_TEST

/* The entry of @p doc's thread_history of thread @p thread numbered
 * @p number; NULL when there is none. */
static json_t *history_entry(json_t *doc, const char *thread, int number)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(doc, "thread_history"), i, e)
		if (!strcmp(str(e, "thread_id"), thread) &&
		    num(e, "number") == number)
			return e;
	return NULL;
}

/* The entries of @p doc's thread_history of thread @p thread. */
static int history_of(json_t *doc, const char *thread)
{
	json_t *e;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(doc, "thread_history"), i, e)
		n += !strcmp(str(e, "thread_id"), thread);
	return n;
}

/* What a member did to threads (their history's entries whose actor they
 * are) is in their export: not another member's entries, not those of a
 * thread they may no longer see (hidden, or in a private community they
 * left), and in a public community they left not the value before their
 * change (issue 17). */
START_TEST(test_export_history)
{
	cop_store *s = tu_store;
	tu_idbuf pt, pp, pt2, pp2;
	json_t *doc, *e;
	char *text;

	/* fred retitles mia's thread in pub, then mia gives it her own. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_edit(s, W.pub_thread, "Fred named this", NULL,
		NULL));
	tu_tick(s, 1000);
	tu_as(s, W.member);
	TU_OK(s, cop_thread_edit(s, W.pub_thread, "Mia named this", NULL,
		"my title"));
	TU_OK(s, cop_thread_edit(s, Q1, NULL, "soil compost", NULL));
	/* In priv: her own thread, which fred retitles and she again. */
	tu_thread(s, pt, pp, "priv", COP_THREAD_DISCUSSION, "Mia's secret",
		"Between us");
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_edit(s, pt, "Fred's secret words", NULL, NULL));
	TU_OK(s, cop_thread_set_flag(s, Q1, COP_THREAD_FLAG_CLOSED, 1));
	tu_as(s, W.member);
	TU_OK(s, cop_thread_edit(s, pt, "Mia's secret again", NULL, NULL));
	tu_tick(s, 1000);

	doc = export_ok(s, W.member);
	/* pub_thread 1 and 3, Q1 1 to 3 (title, tags, her retag), pt 1 and
	 * 3: never fred's entries (pub_thread 2, Q1's closing, pt 2). */
	ck_assert_int_eq(arr_len(doc, "thread_history"), 7);
	ck_assert_int_eq(history_of(doc, W.pub_thread), 2);
	ck_assert_int_eq(history_of(doc, Q1), 3);
	ck_assert_int_eq(history_of(doc, pt), 2);
	ck_assert_ptr_null(history_entry(doc, W.pub_thread, 2));
	ck_assert_ptr_null(history_entry(doc, Q1, 4));
	e = history_entry(doc, W.pub_thread, 3);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(str(e, "kind"), "title");
	ck_assert_str_eq(str(e, "community_id"), W.pub);
	ck_assert_str_eq(str(e, "old_value"), "Fred named this");
	ck_assert_str_eq(str(e, "new_value"), "Mia named this");
	ck_assert_str_eq(str(e, "comment"), "my title");
	ck_assert_int_eq(num(e, "created"), cop_store_now(s) - 1000);
	ck_assert_ptr_null(json_object_get(e, "actor_id"));
	e = history_entry(doc, Q1, 3);
	ck_assert_str_eq(str(e, "kind"), "tags");
	ck_assert_str_eq(str(e, "old_value"), "soil");
	ck_assert_str_eq(str(e, "new_value"), "compost soil");
	ck_assert(json_is_null(json_object_get(e, "comment")));
	e = history_entry(doc, pt, 3);
	ck_assert_str_eq(str(e, "old_value"), "Fred's secret words");
	json_decref(doc);

	/* fred's export has his, not hers. */
	tu_as(s, NULL);
	doc = export_ok(s, W.facil);
	ck_assert_int_eq(history_of(doc, W.pub_thread), 1);
	ck_assert_str_eq(str(history_entry(doc, Q1, 4), "kind"), "closed");
	ck_assert_ptr_null(history_entry(doc, Q1, 3));
	json_decref(doc);

	/* Q1 hidden: none of its entries; priv left: none of pt's (fred's
	 * title was the value before hers); pub left: her entries stay, the
	 * values before them do not. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, Q1, COP_THREAD_FLAG_HIDDEN, 1));
	tu_as(s, W.member);
	doc = export_ok(s, W.member);
	ck_assert_int_eq(history_of(doc, Q1), 0);
	ck_assert_int_eq(history_of(doc, pt), 2);
	json_decref(doc);
	/* A thread of hers in priv she never retitles. */
	tu_thread(s, pt2, pp2, "priv", COP_THREAD_DISCUSSION, "Mia's plain one",
		"Also between us");
	TU_OK(s, cop_community_leave(s, "priv", W.member));
	TU_OK(s, cop_community_leave(s, "pub", W.member));
	/* Titles fred gives her threads once she has left are his words:
	 * her first posts keep the titles she last gave them. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_edit(s, pt, "Fred's later words", NULL, NULL));
	TU_OK(s, cop_thread_edit(s, pt2, "Fred's other words", NULL, NULL));
	tu_as(s, W.member);
	doc = export_ok(s, W.member);
	ck_assert_str_eq(str(by_id(doc, "contributions", "id", pp), "title"),
		"Mia's secret again");
	ck_assert_str_eq(str(by_id(doc, "contributions", "id", pp2), "title"),
		"Mia's plain one");
	text = json_dumps(doc, 0);
	ck_assert_ptr_null(strstr(text, "Fred's later"));
	ck_assert_ptr_null(strstr(text, "Fred's other"));
	free(text);
	ck_assert_int_eq(arr_len(doc, "thread_history"), 2);
	ck_assert_int_eq(history_of(doc, pt), 0);
	e = history_entry(doc, W.pub_thread, 3);
	ck_assert_ptr_nonnull(e);
	ck_assert(json_is_null(json_object_get(e, "old_value")));
	ck_assert_str_eq(str(e, "new_value"), "Mia named this");
	ck_assert_str_eq(str(e, "comment"), "my title");
	text = json_dumps(json_object_get(doc, "thread_history"), 0);
	ck_assert_ptr_null(strstr(text, "Fred"));
	ck_assert_ptr_null(strstr(text, "secret"));
	ck_assert_ptr_null(strstr(text, Q1));
	free(text);
	json_decref(doc);
}
END_TEST

/* Erasure and a member's history entries: under "anonymize" they stay,
 * by the erased profile (the same id), and stay in the export; under
 * "remove" the history of the threads removed goes with them. */
START_TEST(test_erase_history)
{
	cop_store *s = tu_store;
	cop_thread_history_iter *it = NULL;
	cop_thread_change *c = NULL;
	tu_idbuf pt, pp;
	json_t *doc;

	tu_as(s, W.member);
	tu_thread(s, pt, pp, "priv", COP_THREAD_DISCUSSION, "Mia's secret",
		"Between us");
	TU_OK(s, cop_thread_edit(s, Q1, "Garden soil, again", NULL, NULL));
	tu_as(s, NULL);
	TU_OK(s, cop_community_set_erasure(s, "priv", COP_ERASE_REMOVE));
	TU_OK(s, cop_member_erase(s, W.member));

	/* Q1 stays (anonymize), its entries hers still. */
	TU_OK(s, cop_thread_history_iter_new(&it, s, Q1, NULL));
	TU_OK(s, cop_thread_history_iter_next(&c, it));
	ck_assert_str_eq(cop_thread_change_actor_id(c), W.member);
	cop_thread_change_free(c);
	TU_OK(s, cop_thread_history_iter_next(&c, it));
	cop_thread_change_free(c);
	TU_OK(s, cop_thread_history_iter_next(&c, it));
	ck_assert_int_eq(cop_thread_change_number(c), 3);
	ck_assert_str_eq(cop_thread_change_new_value(c), "Garden soil, again");
	ck_assert_str_eq(cop_thread_change_actor_id(c), W.member);
	cop_thread_change_free(c);
	cop_thread_history_iter_free(it);
	ck_assert_int_eq(thread_exists(s, pt), 0);
	doc = export_ok(s, W.member);
	ck_assert_int_eq(history_of(doc, Q1), 3);
	ck_assert_int_eq(history_of(doc, pt), 0);
	json_decref(doc);
	assert_verified(s);
}
END_TEST

START_TEST(test_export_refused)
{
	cop_store *s = tu_store;
	tu_idbuf nobody;
	int rc;

	cop_id_format(nobody, &(cop_id){ { 1, 2, 3 } });
	/* Another member, a facilitator, an owner: no. */
	tu_as(s, W.core);
	ck_assert_ptr_null(export(s, W.member, &rc));
	ck_assert_int_eq(rc, COP_EPERM);
	ck_assert_ptr_null(export(s, "mia", &rc));
	ck_assert_int_eq(rc, COP_EPERM);
	tu_as(s, W.owner);
	ck_assert_ptr_null(export(s, W.member, &rc));
	ck_assert_int_eq(rc, COP_EPERM);
	tu_as(s, NULL);
	ck_assert_ptr_null(export(s, nobody, &rc));
	ck_assert_int_eq(rc, COP_ENOTFOUND);
	ck_assert_ptr_null(export(s, "nobody", &rc));
	ck_assert_int_eq(rc, COP_ENOTFOUND);
	ck_assert_ptr_null(export(s, "no such handle!", &rc));
	ck_assert_int_eq(rc, COP_EINVAL);
	TU_RC(s, COP_EINVAL, cop_member_export_json(s, W.member, -1));
	TU_RC(s, COP_EINVAL, cop_member_export_json(s, NULL, 1));
	TU_RC(s, COP_EINVAL, cop_member_export_json(NULL, W.member, 1));
	/* A closed descriptor: an I/O error. */
	{
		int fds[2];
		ck_assert_int_eq(pipe(fds), 0);
		close(fds[0]);
		close(fds[1]);
		TU_RC(s, COP_EIO, cop_member_export_json(s, W.member, fds[1]));
	}
}
END_TEST

/* ---- erasure ------------------------------------------------------------------------ */

START_TEST(test_erase_refused)
{
	cop_store *s = tu_store;
	tu_idbuf nobody;
	char *before;

	cop_id_format(nobody, &(cop_id){ { 1, 2, 3 } });
	before = picture(s);
	tu_as(s, W.core);
	TU_RC(s, COP_EPERM, cop_member_erase(s, W.member));
	assert_same_picture(s, before, "erase by another member");
	TU_RC(s, COP_EPERM, cop_member_erase(s, "mia"));
	tu_as(s, W.owner);
	TU_RC(s, COP_EPERM, cop_member_erase(s, W.member));
	/* A member who is not there, or one she may not see (otto, in no
	 * community), is refused as missing: no sign of who exists. */
	TU_RC(s, COP_ENOTFOUND, cop_member_erase(s, nobody));
	ck_assert_str_eq(cop_errmsg(s), "no such member");
	TU_RC(s, COP_ENOTFOUND, cop_member_erase(s, W.outsider));
	ck_assert_str_eq(cop_errmsg(s), "no such member");
	tu_as(s, NULL);
	TU_RC(s, COP_ENOTFOUND, cop_member_erase(s, nobody));
	TU_RC(s, COP_ENOTFOUND, cop_member_erase(s, "nobody"));
	TU_RC(s, COP_EINVAL, cop_member_erase(s, "bad handle!"));
	TU_RC(s, COP_EINVAL, cop_member_erase(s, ""));
	TU_RC(s, COP_EINVAL, cop_member_erase(s, NULL));
	TU_RC(s, COP_EINVAL, cop_member_erase(NULL, W.member));
	assert_same_picture(s, before, "refused erasures");
	free(before);

	/* Twice: the second is refused and changes nothing. */
	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	TU_OK(s, cop_member_erase(s, W.member));
	before = picture(s);
	TU_RC(s, COP_EINVAL, cop_member_erase(s, W.member));
	ck_assert(tu_contains(cop_errmsg(s), "already erased"));
	TU_RC(s, COP_ENOTFOUND, cop_member_erase(s, "mia"));
	tu_as(s, W.member);
	TU_RC(s, COP_EINVAL, cop_member_erase(s, W.member));
	assert_same_picture(s, before, "a second erasure");
	free(before);
	tu_as(s, NULL);
}
END_TEST

/* What both policies do to the profile, memberships and kudos. */
static void assert_profile_erased(cop_store *s)
{
	cop_member *m = NULL;
	cop_contribution *c = NULL;
	cop_thread *t = NULL;
	char buf[200];
	size_t i;

	tu_as(s, NULL);
	TU_OK(s, cop_member_lookup(&m, s, W.member));
	ck_assert(!strncmp(cop_member_handle(m), "erased-", 7));
	ck_assert_uint_eq(strlen(cop_member_handle(m)), 15);
	for (i = 7; i < 15; i++)
		ck_assert(strchr("0123456789abcdef", cop_member_handle(m)[i]));
	ck_assert_str_eq(cop_member_display_name(m), "Erased member");
	ck_assert_ptr_null(cop_member_organisation(m));
	ck_assert_ptr_null(cop_member_languages(m));
	ck_assert_int_eq(cop_member_status_get(m), COP_MEMBER_DELETED);
	cop_member_free(m);
	TU_RC(s, COP_ENOTFOUND, cop_member_lookup_by_handle(&m, s, "mia"));
	/* No community counts them; they can no longer post or vote. */
	ck_assert_int_eq(tu_count_memberships(s, "pub"), 5);
	ck_assert_int_eq(tu_count_memberships(s, "priv"), 5);
	tu_as(s, W.member);
	TU_RC(s, COP_EPERM, cop_thread_create(&t, s, "pub",
		COP_THREAD_DISCUSSION, "Back", NULL, NULL, "I am back"));
	TU_RC(s, COP_EPERM, cop_contribution_create(&c, s, Q2,
		COP_CONTRIB_ANSWER, NULL, NULL, NULL, "Again"));
	TU_RC(s, COP_EPERM, cop_vote_cast(s, A4, COP_VOTE_UP));
	{ cop_membership *ms = NULL;
	  TU_RC(s, COP_EPERM, cop_community_join(&ms, s, "pub", W.member, 0)); }
	tu_as(s, NULL);
	/* The kudos mia wrote lost their message; those to her are kept
	 * unless they were for a removed contribution. */
	kudos_of(s, W.core, buf, sizeof(buf));
	ck_assert_str_eq(buf, "(erased)");
}

START_TEST(test_erase_anonymize)
{
	cop_store *s = tu_store;
	cop_stats before, after;
	cop_thread *t = NULL;
	cop_contribution *c = NULL;
	cop_revision_iter *ri = NULL;
	cop_revision *r = NULL;
	json_t *doc;
	char buf[200];
	int64_t seq, rc_cora = rep(s, W.core), rc_fred = rep(s, W.facil);
	int64_t rc_mia = rep(s, W.member);

	memset(&before, 0, sizeof(before));
	TU_OK(s, cop_stats_lookup(&before, s, NULL));
	seq = cop_log_last_seq(s);
	tu_as(s, W.member);
	TU_OK(s, cop_member_erase(s, W.member));
	tu_as(s, NULL);
	ck_assert_int_eq(cop_log_last_seq(s), seq + 1);
	assert_profile_erased(s);

	/* Everything stays, under the erased profile. */
	memset(&after, 0, sizeof(after));
	TU_OK(s, cop_stats_lookup(&after, s, NULL));
	ck_assert_int_eq(after.threads, before.threads);
	ck_assert_int_eq(after.contributions, before.contributions);
	ck_assert_int_eq(after.votes_up, before.votes_up);
	ck_assert_int_eq(after.accepted_answers, before.accepted_answers);
	ck_assert_int_eq(after.badges_awarded, before.badges_awarded);
	ck_assert_int_eq(after.tags, before.tags);
	ck_assert_int_eq(after.members, before.members);
	TU_OK(s, cop_contribution_lookup(&c, s, A3));
	ck_assert_str_eq(cop_contribution_author_id(c), W.member);
	ck_assert_str_eq(cop_contribution_body(c), "Prune in winter okapi");
	cop_contribution_free(c);
	TU_OK(s, cop_revision_iter_new(&ri, s, A3));
	TU_OK(s, cop_revision_iter_next(&r, ri));
	ck_assert_str_eq(cop_revision_author_id(r), W.member);
	cop_revision_free(r);
	cop_revision_iter_free(ri);
	TU_OK(s, cop_thread_lookup(&t, s, Q1));
	ck_assert_int_eq(cop_thread_contribution_count(t), 4);
	ck_assert_int_eq(cop_thread_state_get(t), COP_THREAD_ANSWERED);
	cop_thread_free(t);
	ck_assert_int_eq(rep(s, W.core), rc_cora);
	ck_assert_int_eq(rep(s, W.facil), rc_fred);
	ck_assert_int_eq(rep(s, W.member), rc_mia);
	kudos_of(s, W.member, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Great tip");
	ck_assert_int_eq(search(s, "zebra"), 1);
	ck_assert_int_eq(search(s, "okapi"), 1);

	/* The export now shows the placeholder, and no kudos message. */
	doc = export_ok(s, W.member);
	ck_assert_str_eq(str(json_object_get(doc, "member"), "display_name"),
		"Erased member");
	ck_assert_str_eq(str(json_object_get(doc, "member"), "status"),
		"deleted");
	ck_assert_int_eq(arr_len(doc, "contributions"), 3);
	ck_assert_str_eq(str(json_array_get(json_object_get(doc,
		"kudos_given"), 0), "message"), "(erased)");
	ck_assert_str_eq(str(json_array_get(json_object_get(doc,
		"memberships"), 0), "status"), "left");
	json_decref(doc);
	assert_verified(s);

	/* The erased profile stays empty, whoever tries to fill it. */
	tu_as(s, W.member);
	TU_RC(s, COP_EPERM, cop_member_update(s, W.member, "Mia again",
		NULL, NULL));
	tu_as(s, NULL);
	TU_RC(s, COP_EPERM, cop_member_update(s, W.member, NULL, "Org", NULL));
	assert_profile_erased(s);
}
END_TEST

START_TEST(test_erase_remove)
{
	cop_store *s = tu_store;
	cop_stats before, after, pb, pa;
	cop_thread *t = NULL;
	cop_contribution *c = NULL;
	char buf[200];
	int64_t seq;

	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	memset(&before, 0, sizeof(before));
	memset(&pb, 0, sizeof(pb));
	TU_OK(s, cop_stats_lookup(&before, s, NULL));
	TU_OK(s, cop_stats_lookup(&pb, s, "pub"));
	ck_assert_int_eq(rep(s, W.core), 1 + 10 + 15 + 2);
	ck_assert_int_eq(rep(s, W.facil), 1 + 10 + 10);
	ck_assert_int_eq(search(s, "zebra"), 1);
	ck_assert_int_eq(search(s, "giraffe"), 1);
	ck_assert_int_eq(search(s, "okapi"), 1);
	ck_assert_int_eq(search(s, "narwhal"), 1);
	ck_assert_int_eq(search(s, "soil"), 1);
	seq = cop_log_last_seq(s);

	tu_as(s, W.member);
	TU_OK(s, cop_member_erase(s, W.member));
	tu_as(s, NULL);
	/* One entry for the removal in pub, one for the member. */
	ck_assert_int_eq(cop_log_last_seq(s), seq + 2);
	assert_profile_erased(s);

	/* mia's threads went whole (Q1 with cora's and fred's answers and
	 * the comment, pub_thread with olga's reply); in Q2 her answer and
	 * fred's comment on it. */
	ck_assert(!thread_exists(s, Q1));
	ck_assert(!thread_exists(s, W.pub_thread));
	ck_assert(thread_exists(s, Q2));
	ck_assert(!exists(s, QP1));
	ck_assert(!exists(s, A1));
	ck_assert(!exists(s, A1C));
	ck_assert(!exists(s, A2));
	ck_assert(!exists(s, W.pub_post));
	ck_assert(!exists(s, R1));
	ck_assert(!exists(s, A3));
	ck_assert(!exists(s, A3C));
	ck_assert(exists(s, QP2));
	ck_assert(exists(s, A4));
	ck_assert(exists(s, W.priv_post));
	ck_assert_int_eq(tu_count_contribs(s, Q2), 2);
	ck_assert_int_eq(tu_count_by_author(s, W.member), 0);
	TU_OK(s, cop_thread_lookup(&t, s, Q2));
	ck_assert_int_eq(cop_thread_contribution_count(t), 2);
	/* The accepted answer went: the question is open again. */
	ck_assert_int_eq(cop_thread_state_get(t), COP_THREAD_OPEN);
	TU_OK(s, cop_contribution_lookup(&c, s, A4));
	ck_assert_int_eq(cop_thread_last_activity(t), cop_contribution_created(c));
	ck_assert_int_eq(cop_contribution_score(c), 1);
	cop_contribution_free(c);
	cop_thread_free(t);
	TU_RC(s, COP_ENOTFOUND, cop_answer_lookup(&c, s, Q2));

	/* Counts: 2 threads, 8 contributions, 4 of 5 up-votes, both
	 * accepted answers, 4 score badges (QP1, A1, A2, A3; A4's stays)
	 * and a tag went. */
	memset(&after, 0, sizeof(after));
	memset(&pa, 0, sizeof(pa));
	TU_OK(s, cop_stats_lookup(&after, s, NULL));
	TU_OK(s, cop_stats_lookup(&pa, s, "pub"));
	ck_assert_int_eq(after.threads, before.threads - 2);
	ck_assert_int_eq(after.questions, before.questions - 1);
	ck_assert_int_eq(after.contributions, before.contributions - 8);
	ck_assert_int_eq(after.answers, before.answers - 3);
	ck_assert_int_eq(after.comments, before.comments - 2);
	ck_assert_int_eq(after.votes_up, before.votes_up - 4);
	ck_assert_int_eq(after.votes_up, 1);
	ck_assert_int_eq(after.accepted_answers, 0);
	ck_assert_int_eq(after.badges_awarded, before.badges_awarded - 4);
	ck_assert_int_eq(after.tags, before.tags - 1);
	ck_assert_int_eq(pa.members, pb.members - 1);
	ck_assert_int_eq(after.members, before.members);

	/* Reputation: cora keeps nothing (her answer, its acceptance and
	 * her accepting A3 went), fred keeps A4's up-vote, mia nothing. */
	ck_assert_int_eq(rep(s, W.core), 1);
	ck_assert_int_eq(rep(s, W.facil), 11);
	ck_assert_int_eq(rep(s, W.member), 1);
	ck_assert_int_eq(badges(s, W.facil, COP_BADGE_NICE_ANSWER), 1);
	ck_assert_int_eq(badges(s, W.core, COP_BADGE_NICE_ANSWER), 0);
	ck_assert_int_eq(badges(s, W.member, COP_BADGE_NICE_ANSWER), 0);
	ck_assert_int_eq(badges(s, W.member, COP_BADGE_NICE_QUESTION), 0);
	/* Once-only badges are never taken back. */
	ck_assert_int_eq(badges(s, W.core, COP_BADGE_FIRST_ACCEPTED), 1);
	/* cora's kudos for A3 went with it. */
	kudos_of(s, W.member, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	/* The leaderboard agrees (all time). */
	{
		cop_leader_iter *it = NULL;
		cop_leader *l = NULL;
		int n = 0, rc;
		TU_OK(s, cop_leader_iter_new(&it, s, "pub", NULL, COP_PERIOD_ALL,
			0, NULL));
		while ((rc = cop_leader_iter_next(&l, it)) == COP_OK) {
			if (cop_leader_points(l) != 0) {
				n++;
				ck_assert_str_eq(cop_leader_member_id(l), W.facil);
				ck_assert_int_eq(cop_leader_points(l), 10);
			}
			cop_leader_free(l);
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		cop_leader_iter_free(it);
		ck_assert_int_eq(n, 1);
	}

	/* Search forgets them, keeps the rest. */
	ck_assert_int_eq(search(s, "zebra"), 0);
	ck_assert_int_eq(search(s, "giraffe"), 0);
	ck_assert_int_eq(search(s, "okapi"), 0);
	ck_assert_int_eq(search(s, "narwhal"), 0);
	ck_assert_int_eq(search(s, "soil"), 0);
	ck_assert_int_eq(search(s, "Welcome"), 0);
	ck_assert_int_eq(search(s, "pruning"), 1);
	ck_assert_int_eq(search(s, "flowering"), 1);
	assert_verified(s);

	/* Life goes on: new posts, votes and a search. */
	tu_as(s, W.core);
	tu_contrib(s, A3, Q2, COP_CONTRIB_COMMENT, A4, "Nice walrus");
	TU_OK(s, cop_answer_accept(s, A4));
	ck_assert_int_eq(search(s, "walrus"), 1);
	ck_assert_int_eq(search(s, "zebra"), 0);
	assert_verified(s);
}
END_TEST

/* The other communities keep their own policy. */
/* The cascade, transitively: in cora's Q2, mia's answer A3 goes with
 * fred's comment on it, olga's reply to that comment, cora's translation
 * of A3 and fred's reply to the translation; what answers a kept
 * contribution stays. */
START_TEST(test_erase_cascade)
{
	cop_store *s = tu_store;
	tu_idbuf x1, t1, x2, k1;
	cop_contribution *c = NULL;

	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	tu_as(s, W.owner);
	tu_contrib(s, x1, Q2, COP_CONTRIB_COMMENT, A3C, "Under the comment");
	tu_as(s, W.core);
	TU_OK(s, cop_contribution_create(&c, s, Q2, COP_CONTRIB_ANSWER, NULL,
		A3, "fr", "Tailler en hiver"));
	snprintf(t1, sizeof(t1), "%s", cop_contribution_id(c));
	cop_contribution_free(c);
	tu_contrib(s, k1, Q2, COP_CONTRIB_COMMENT, A4, "On the kept answer");
	tu_as(s, W.facil);
	tu_contrib(s, x2, Q2, COP_CONTRIB_COMMENT, t1, "Sur la traduction");
	tu_as(s, NULL);
	ck_assert_int_eq(tu_count_contribs(s, Q2), 8);

	tu_as(s, W.member);
	TU_OK(s, cop_member_erase(s, W.member));
	tu_as(s, NULL);
	ck_assert(!exists(s, A3));
	ck_assert(!exists(s, A3C));
	ck_assert(!exists(s, x1));
	ck_assert(!exists(s, t1));
	ck_assert(!exists(s, x2));
	ck_assert(exists(s, QP2));
	ck_assert(exists(s, A4));
	ck_assert(exists(s, k1));
	ck_assert_int_eq(tu_count_contribs(s, Q2), 3);
	assert_verified(s);
}
END_TEST

START_TEST(test_erase_mixed)
{
	cop_store *s = tu_store;
	tu_idbuf pt, pp, pr;

	/* mia answers in priv (anonymize) and pub removes. */
	tu_as(s, W.member);
	tu_contrib(s, pr, W.priv_thread, COP_CONTRIB_ANSWER, NULL,
		"Private answer quagga");
	tu_as(s, W.facil);
	tu_thread(s, pt, pp, "inv", COP_THREAD_DISCUSSION, "Sujet", "Texte");
	tu_as(s, NULL);
	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	TU_OK(s, cop_member_erase(s, W.member));
	ck_assert(exists(s, pr));
	ck_assert_int_eq(search(s, "quagga"), 1);
	ck_assert(!exists(s, A3));
	ck_assert(exists(s, pp));
	assert_verified(s);
}
END_TEST

/* ---- an erased actor ------------------------------------------------------------------ */

#define ERASED_MSG "an erased member may not change anything"

/* Each write an erased actor tries on @p s is refused with COP_EPERM and
 * the erased actor's message, which names nobody. */
static void assert_writes_refused(cop_store *s, const char *event,
	const char *erased)
{
	cop_contribution *c = NULL;
	cop_kudos *k = NULL;

#define REFUSED(call) do { TU_RC(s, COP_EPERM, call); \
	ck_assert_str_eq(cop_errmsg(s), ERASED_MSG); } while (0)
	REFUSED(cop_follow_set(s, COP_FOLLOW_COMMUNITY, "pub", NULL,
		COP_FOLLOW_WATCHING));
	REFUSED(cop_follow_set(s, COP_FOLLOW_THREAD, Q2, NULL,
		COP_FOLLOW_WATCHING));
	REFUSED(cop_contribution_create(&c, s, Q2, COP_CONTRIB_ANSWER, NULL,
		NULL, NULL, "Still here"));
	ck_assert_ptr_null(c);
	REFUSED(cop_vote_cast(s, A4, COP_VOTE_UP));
	REFUSED(cop_kudos_give(&k, s, "pub", W.core, NULL, "Thanks again"));
	ck_assert_ptr_null(k);
	REFUSED(cop_event_rsvp(s, event, COP_RSVP_YES, NULL));
	REFUSED(cop_thread_read(s, Q2, 1));
#undef REFUSED
	ck_assert(!tu_contains(cop_errmsg(s), erased));
}

/* Event "Field day" in pub, an hour from now, made on @p s as the
 * system, @p o's clock set to @p s's: its id into @p evid (64 bytes). */
static void field_day(cop_store *s, cop_store *o, char *evid)
{
	cop_event_spec spec = COP_EVENT_SPEC_INIT;
	cop_event *ev = NULL;

	TU_OK(o, cop_store_set_time(o, cop_store_now(s)));
	spec.title = "Field day";
	spec.start = cop_store_now(s) + 3600000;
	spec.end = spec.start + 3600000;
	TU_OK(s, cop_event_create(&ev, s, "pub", &spec));
	snprintf(evid, 64, "%s", cop_event_id(ev));
	cop_event_free(ev);
}

/* A member erased by another connection while a store acts as them may
 * not act at all (issue 17): follows, contributions, votes, kudos, RSVPs,
 * reads counted are each refused with COP_EPERM and the one message that
 * says why (not what else stands in the way: the memberships erasure
 * ended), and change nothing; the system still writes. */
START_TEST(test_erased_actor)
{
	cop_store *s = tu_store, *o = tu_open();
	cop_follow_iter *fi = NULL;
	cop_follow *f = NULL;
	char evid[64], *before;

	field_day(s, o, evid);
	tu_as(s, W.member);      /* mia acts on s, not erased yet */
	TU_OK(o, cop_member_erase(o, W.member));
	before = picture(s);
	tu_as(s, W.member);
	assert_writes_refused(s, evid, W.member);
	/* Known erased now, and still so on a store that just met her. */
	assert_writes_refused(s, evid, W.member);
	tu_as(o, W.member);
	assert_writes_refused(o, evid, W.member);
	tu_as(o, NULL);
	assert_same_picture(s, before, "an erased member's writes");
	TU_OK(s, cop_follow_iter_new(&fi, s, W.member, NULL));
	ck_assert_int_eq(cop_follow_iter_next(&f, fi), COP_ITEROVER);
	cop_follow_iter_free(fi);
	free(before);
	/* The system is never refused. */
	tu_as(s, NULL);
	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	tu_close(o);
}
END_TEST

/* The backend's action_force(), which reports the member's erasure with
 * what is in force, told without it: as a backend that does not report
 * it (sys/backend.h, COP_MOD_KNOWN), so the core reads the member. */
static int (*force_real)(cop_backend *, const cop_id *, const cop_id *,
	cop_time, unsigned int *);
static int force_unknown(cop_backend *be, const cop_id *member,
	const cop_id *community, cop_time now, unsigned int *out)
{
	int rc = force_real(be, member, community, now, out);

	*out &= COP_MOD_SUSPENDED | COP_MOD_SILENCED;
	return rc;
}

/* The same refusals on a backend that does not tell the member's
 * erasure with the moderation in force: the core reads the member in
 * the write's transaction, and still sees an erasure made by another
 * connection after the store began acting as them. */
START_TEST(test_erased_actor_unfolded)
{
	static cop_backend_moderation mt;
	cop_store *s = tu_store, *o = NULL;
	cop_backend *be = NULL;
	char evid[64], *before;

	TU_OK(NULL, cop_backend_open(&be, tu_uri(), &tu_system));
	mt = *be->moderation;
	force_real = mt.action_force;
	mt.action_force = force_unknown;
	be->moderation = &mt;
	TU_OK(NULL, cop_open_backend(&o, be, &tu_system));
	field_day(s, o, evid);
	tu_as(o, W.member);   /* mia acts on o, not erased yet */
	TU_OK(o, cop_follow_set(o, COP_FOLLOW_THREAD, Q1, NULL,
		COP_FOLLOW_WATCHING));
	TU_OK(s, cop_member_erase(s, W.member));
	before = picture(s);
	assert_writes_refused(o, evid, W.member);
	assert_same_picture(s, before, "an erased member's writes");
	free(before);
	tu_close(o);
}
END_TEST

/* Erasing oneself works, inside a batch too; every write after it in
 * the same transaction is refused, and the batch keeps the erasure. */
START_TEST(test_erased_self_batch)
{
	cop_store *s = tu_store;
	cop_follow_iter *fi = NULL;
	cop_follow *f = NULL;
	cop_member *m = NULL;

	tu_as(s, W.core);
	TU_OK(s, cop_follow_set(s, COP_FOLLOW_THREAD, Q1, NULL,
		COP_FOLLOW_WATCHING));     /* cora seen not erased in it */
	TU_OK(s, cop_batch_begin(s));
	TU_OK(s, cop_follow_set(s, COP_FOLLOW_THREAD, Q2, NULL,
		COP_FOLLOW_WATCHING));
	TU_OK(s, cop_member_erase(s, W.core));
	TU_RC(s, COP_EPERM, cop_follow_set(s, COP_FOLLOW_COMMUNITY, "pub",
		NULL, COP_FOLLOW_WATCHING));
	ck_assert_str_eq(cop_errmsg(s), ERASED_MSG);
	TU_RC(s, COP_EPERM, cop_vote_cast(s, A4, COP_VOTE_DOWN));
	TU_OK(s, cop_batch_commit(s));
	TU_RC(s, COP_EPERM, cop_follow_set(s, COP_FOLLOW_COMMUNITY, "pub",
		NULL, COP_FOLLOW_WATCHING));
	tu_as(s, NULL);
	TU_OK(s, cop_member_lookup(&m, s, W.core));
	ck_assert_int_eq(cop_member_status_get(m), COP_MEMBER_DELETED);
	cop_member_free(m);
	/* Erasure forgot her follows; the refused one was not written. */
	TU_OK(s, cop_follow_iter_new(&fi, s, W.core, NULL));
	ck_assert_int_eq(cop_follow_iter_next(&f, fi), COP_ITEROVER);
	cop_follow_iter_free(fi);
	assert_verified(s);
}
END_TEST

/* ---- allocation failures ---------------------------------------------------------------- */

START_TEST(test_erase_alloc)
{
	cop_store *s = tu_store;
	char *before;
	long n;
	int rc = COP_ENOMEM;

	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	before = picture(s);
	for (n = 1; n < 100000; n++) {
		long injected;
		cop_alloc_fail_at(n, 0);
		rc = cop_member_erase(s, W.member);
		injected = cop_alloc_failures();
		cop_alloc_fail_at(0, 0);
		if (injected == 0)
			break;
		ck_assert_msg(rc == COP_ENOMEM, "allocation %ld failing: %s (%s)",
			n, tu_ename(rc), cop_errmsg(s));
		ck_assert_int_eq(cop_errcode(s), COP_ENOMEM);
		assert_same_picture(s, before, "a failed erasure");
	}
	TU_OK(s, rc);
	ck_assert_int_gt(n, 5);
	ck_assert(!exists(s, A3));
	assert_verified(s);
	free(before);
}
END_TEST

static Suite *privacy_suite(void)
{
	Suite *su = suite_create("privacy");
	TCase *tc;

	tc = tu_tcase(su, "policy", world_setup, world_teardown);
	tcase_add_test(tc, test_policy_names);
	tcase_add_test(tc, test_policy_set);
	tc = tu_tcase(su, "export", world_setup, world_teardown);
	tcase_add_test(tc, test_export);
	tcase_add_test(tc, test_export_v7);
	tcase_add_test(tc, test_export_refused);
	tcase_add_test(tc, test_export_left);
	tcase_add_test(tc, test_export_history);
	tc = tu_tcase(su, "erase", world_setup, world_teardown);
	tcase_add_test(tc, test_erase_refused);
	tcase_add_test(tc, test_erase_anonymize);
	tcase_add_test(tc, test_erase_history);
	tcase_add_test(tc, test_erase_remove);
	tcase_add_test(tc, test_erase_cascade);
	tcase_add_test(tc, test_erase_mixed);
	tcase_add_test(tc, test_erased_actor);
	tcase_add_test(tc, test_erased_actor_unfolded);
	tcase_add_test(tc, test_erased_self_batch);
	tc = tu_tcase(su, "alloc", world_setup, world_teardown);
	tcase_add_test(tc, test_erase_alloc);
	return su;
}

int main(void)
{
	return tu_run(privacy_suite());
}
