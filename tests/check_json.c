/*
 * check_json.c: JSON export and import of a whole community
 * (cop_export_json(), cop_import_json()).
 *
 * A rich community (members in every role, threads of each kind, a
 * hidden and a pinned one, edits, votes up and down, an accepted answer,
 * kudos, badges) is exported, imported into an empty store and exported
 * again: the two documents must be the same bytes, the counts the same,
 * cop_verify() clean and search must find the imported text.  Links,
 * source ids, named badges and the erasure policy (whose writers are
 * other modules) are added to the document by hand and must survive a
 * round trip too.  Then what a member may see, every kind of bad input
 * (the store unchanged each time), write failures and allocation
 * failures.  When COP_TEST_URI names PostgreSQL, documents also travel
 * between SQLite and PostgreSQL.
 */
#define _GNU_SOURCE
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "testutil.h"

/* ---- helpers ----------------------------------------------------------------- */

/* A memory file holding @p len bytes of @p data, at offset 0. */
static int mem_fd(const char *data, size_t len)
{
	int fd = memfd_create("cop-json", 0);
	size_t off = 0;

	ck_assert_int_ge(fd, 0);
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		ck_assert_int_gt(n, 0);
		off += (size_t)n;
	}
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* Export @p community as the store's actor: the document (malloc'd). */
static char *export_doc(cop_store *s, const char *community, size_t *len)
{
	int fd = memfd_create("cop-json", 0);
	off_t size, off = 0;
	char *buf;

	ck_assert_int_ge(fd, 0);
	TU_OK(s, cop_export_json(s, community, fd));
	size = lseek(fd, 0, SEEK_END);
	ck_assert_int_ge(size, 0);
	buf = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(buf);
	while (off < size) {
		ssize_t n = pread(fd, buf + off, (size_t)(size - off), off);
		ck_assert_int_gt(n, 0);
		off += n;
	}
	buf[size] = '\0';
	close(fd);
	if (len)
		*len = (size_t)size;
	return buf;
}

/* Import @p doc; returns the status. */
static int import_doc(cop_store *s, const char *doc, size_t len,
	cop_import_report *rep, const char *slug)
{
	cop_import_options o;
	int fd = mem_fd(doc, len), rc;

	memset(&o, 0, sizeof(o));
	o.version = COP_IMPORT_OPTIONS_VERSION;
	o.community = slug;
	if (rep) {
		memset(rep, 0, sizeof(*rep));
		rep->version = COP_IMPORT_REPORT_VERSION;
	}
	rc = cop_import_json(rep, s, fd, &o);
	close(fd);
	return rc;
}

/* Another empty store of the backend under test (SQLite when @p sqlite). */
typedef struct other {
	cop_store *s;
	char *uri, *drop;
} other;

static int other_counter;

static void other_open(other *o, int sqlite)
{
	const char *env = getenv("COP_TEST_URI");

	memset(o, 0, sizeof(*o));
	if (sqlite || tu_backend_is_sqlite() || !env) {
		char *path = tu_sqlite_path_new();
		ck_assert_int_ge(asprintf(&o->uri, "sqlite:%s", path), 0);
		free(path);
	} else {
		const char *sep = strchr(env, '?') ? "&" : "?";
		ck_assert_int_ge(asprintf(&o->uri, "%s%scop_schema=j%ld_%d", env,
			sep, (long)getpid(), ++other_counter), 0);
		ck_assert_int_ge(asprintf(&o->drop, "%s&cop_schema_drop=1",
			o->uri), 0);
	}
	ck_assert_int_eq(cop_open(&o->s, o->uri, &tu_system), COP_OK);
	TU_OK(o->s, cop_store_set_time(o->s, TU_T0 + 86400000LL * 30));
}

static void other_close(other *o)
{
	cop_store *d = NULL;

	if (o->s)
		tu_close(o->s);
	if (o->drop && cop_open(&d, o->drop, &tu_system) == COP_OK)
		cop_close(d);
	free(o->uri);
	free(o->drop);
	memset(o, 0, sizeof(*o));
}

static void stats_of(cop_store *s, const char *community, cop_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->version = COP_STATS_VERSION;
	TU_OK(s, cop_stats_lookup(st, s, community));
}

static void assert_stats_eq(const cop_stats *a, const cop_stats *b)
{
	ck_assert_int_eq(a->threads, b->threads);
	ck_assert_int_eq(a->questions, b->questions);
	ck_assert_int_eq(a->answers, b->answers);
	ck_assert_int_eq(a->comments, b->comments);
	ck_assert_int_eq(a->contributions, b->contributions);
	ck_assert_int_eq(a->votes_up, b->votes_up);
	ck_assert_int_eq(a->votes_down, b->votes_down);
	ck_assert_int_eq(a->accepted_answers, b->accepted_answers);
	ck_assert_int_eq(a->badges_awarded, b->badges_awarded);
	ck_assert_int_eq(a->tags, b->tags);
}

static void assert_verify_clean(cop_store *s, const char *community)
{
	cop_verify_report *r = NULL;

	TU_OK(s, cop_verify(&r, s, community, 0));
	ck_assert_msg(cop_verify_report_count(r) == 0, "verify: %s",
		cop_verify_report_line(r, 0));
	cop_verify_report_free(r);
}

/* TU_T0 as format 2 writes it. */
#define T0_TEXT "2023-11-14T22:13:20.000Z"

/* Replace the first @p old in @p doc (malloc'd) by @p new. */
static char *subst(char *doc, const char *old, const char *new)
{
	char *at = strstr(doc, old), *out;
	size_t a, o = strlen(old), n = strlen(new), l = strlen(doc);

	ck_assert_msg(at != NULL, "'%s' not in the document", old);
	a = (size_t)(at - doc);
	out = malloc(l - o + n + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, doc, a);
	memcpy(out + a, new, n);
	memcpy(out + a + n, at + o, l - a - o + 1);
	free(doc);
	return out;
}

static int count_of(const char *hay, const char *needle)
{
	int n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* ---- the rich community ------------------------------------------------------------ */

typedef struct rich {
	tu_world w;
	tu_idbuf q, q_post, ans1, ans2, comment, ann, ann_post, hidden,
		hidden_post, disc_reply;
} rich;

static void rich_make(cop_store *s, rich *r)
{
	cop_thread *t = NULL;
	cop_recognition_config cfg;
	tu_world *w = &r->w;

	tu_world_make(s, w);
	/* A recognition configuration of its own. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.version = COP_RECOGNITION_CONFIG_VERSION;
	TU_OK(s, cop_recognition_config_lookup(&cfg, s, "pub"));
	cfg.up_answer = 12;
	cfg.badge_kudos1 = 1;
	TU_OK(s, cop_recognition_config_set(s, "pub", &cfg));

	/* A question with two answers, a comment, an edit. */
	tu_tick(s, 60000);
	tu_as(s, w->member);
	TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_QUESTION,
		"How do I ferment millet beer?", "brewing millet", "en",
		"My pito turns sour after two days.  Why?"));
	strcpy(r->q, cop_thread_id(t));
	cop_thread_free(t);
	tu_first_post(s, r->q_post, r->q);
	tu_tick(s, 60000);
	tu_as(s, w->core);
	tu_contrib(s, r->ans1, r->q, COP_CONTRIB_ANSWER, NULL,
		"Keep the calabash cool and cover it with a cloth.");
	tu_tick(s, 60000);
	tu_as(s, w->facil);
	tu_contrib(s, r->ans2, r->q, COP_CONTRIB_ANSWER, NULL,
		"Add less sorghum malt at the start.");
	tu_tick(s, 60000);
	tu_as(s, w->owner);
	tu_contrib(s, r->comment, r->q, COP_CONTRIB_COMMENT, r->ans1,
		"A clay pot works too.");
	tu_tick(s, 60000);
	tu_as(s, w->core);
	TU_OK(s, cop_contribution_edit(NULL, s, r->ans1,
		"Keep the calabash cool, covered with a damp cloth.",
		"more precise"));
	tu_tick(s, 60000);
	TU_OK(s, cop_contribution_edit(NULL, s, r->ans1,
		"Keep the calabash cool, covered with a damp cotton cloth.", NULL));

	/* Votes up and down, an accepted answer, kudos. */
	tu_tick(s, 60000);
	tu_as(s, w->member);
	TU_OK(s, cop_vote_cast(s, r->ans1, COP_VOTE_UP));
	TU_OK(s, cop_vote_cast(s, r->ans2, COP_VOTE_HELPFUL));
	tu_as(s, w->facil);
	TU_OK(s, cop_vote_cast(s, r->ans1, COP_VOTE_UP));
	TU_OK(s, cop_vote_cast(s, r->q_post, COP_VOTE_UP));
	tu_as(s, w->owner);
	TU_OK(s, cop_vote_cast(s, r->ans2, COP_VOTE_DOWN));
	TU_OK(s, cop_vote_cast(s, r->q_post, COP_VOTE_THANKS));
	tu_as(s, w->core);
	TU_OK(s, cop_vote_cast(s, r->ans2, COP_VOTE_UP));
	TU_OK(s, cop_vote_retract(s, r->ans2));
	tu_tick(s, 86400000LL);
	tu_as(s, w->member);
	TU_OK(s, cop_answer_accept(s, r->ans1));
	TU_OK(s, cop_kudos_give(NULL, s, "pub", w->core, r->ans1,
		"Thank you, the pito stays sweet now."));
	tu_as(s, w->core);
	TU_OK(s, cop_kudos_give(NULL, s, "pub", w->facil, NULL, "Great facilitation"));

	/* A pinned announcement, a reply in the discussion, a badge by hand. */
	tu_tick(s, 60000);
	tu_as(s, w->facil);
	TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_ANNOUNCEMENT,
		"Field visit to Tamale", "events", "en",
		"We meet at the market on Saturday."));
	strcpy(r->ann, cop_thread_id(t));
	cop_thread_free(t);
	tu_first_post(s, r->ann_post, r->ann);
	TU_OK(s, cop_thread_set_state(s, r->ann, COP_THREAD_PINNED));
	TU_OK(s, cop_badge_award_give(s, "pub", w->member,
		COP_BADGE_EVENT_ATTENDEE, NULL));
	tu_as(s, w->silenced);
	tu_as(s, w->core);
	tu_contrib(s, r->disc_reply, w->pub_thread, COP_CONTRIB_REPLY, NULL,
		"Welcome, everyone: tell us what you brew.");

	/* A hidden thread, voted on before it was hidden. */
	tu_tick(s, 60000);
	tu_as(s, w->member);
	TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION,
		"Selling malt cheaply", "market", "en",
		"Zanzibarian sorghum malt, best price."));
	strcpy(r->hidden, cop_thread_id(t));
	cop_thread_free(t);
	tu_first_post(s, r->hidden_post, r->hidden);
	tu_as(s, w->core);
	TU_OK(s, cop_vote_cast(s, r->hidden_post, COP_VOTE_UP));
	tu_as(s, w->facil);
	TU_OK(s, cop_thread_set_state(s, r->hidden, COP_THREAD_HIDDEN));
	tu_as(s, NULL);
}

/* ---- round trips ------------------------------------------------------------------- */

START_TEST(test_round_trip)
{
	rich r;
	other o2, o3;
	cop_import_report rep;
	cop_stats a, b;
	char *d1, *d2, *d3;
	size_t l1, l2, l3;
	int64_t seq;

	rich_make(tu_store, &r);
	d1 = export_doc(tu_store, "pub", &l1);
	ck_assert_msg(!strncmp(d1, "{\"format\":\"libcop\",\"version\":2,\n",
		32), "%.60s", d1);
	/* Everything is there, the hidden thread too (as the system). */
	ck_assert(tu_contains(d1, r.q));
	ck_assert(tu_contains(d1, r.hidden));
	ck_assert(tu_contains(d1, "Zanzibarian"));
	ck_assert(tu_contains(d1, "\"comment\":\"more precise\""));
	ck_assert(tu_contains(d1, "\"up_answer\"") || tu_contains(d1,
		"up_answer"));
	/* One record per line: members of pub (6 with a membership). */
	ck_assert_int_eq(count_of(d1, "\"handle\":"), 6);
	ck_assert(!tu_contains(d1, "\"otto\""));
	ck_assert_int_eq(d1[l1 - 1], '\n');

	other_open(&o2, 0);
	TU_OK(o2.s, import_doc(o2.s, d1, l1, &rep, NULL));
	ck_assert_int_eq(rep.members, 6);
	ck_assert_int_eq(rep.unchanged, 0);
	ck_assert_int_eq(rep.threads, 4);
	ck_assert_int_eq(rep.contributions, 8);
	ck_assert_int_eq(rep.revisions, 2);
	ck_assert_int_eq(rep.votes, 8);
	ck_assert_int_eq(rep.accepted, 1);
	ck_assert_int_eq(rep.kudos, 2);
	ck_assert_int_gt(rep.badges, 3);
	/* One log entry for the import, nothing repaired. */
	seq = cop_log_last_seq(o2.s);
	ck_assert_int_eq(seq, 1);

	d2 = export_doc(o2.s, "pub", &l2);
	ck_assert_uint_eq(l1, l2);
	ck_assert_msg(memcmp(d1, d2, l1) == 0, "re-export differs");
	stats_of(tu_store, "pub", &a);
	stats_of(o2.s, "pub", &b);
	assert_stats_eq(&a, &b);
	ck_assert_int_eq(b.votes_down, 1);
	ck_assert_int_eq(b.accepted_answers, 1);
	assert_verify_clean(o2.s, NULL);
	/* Search knows the imported text, titles too. */
	ck_assert_int_eq(tu_count_search(o2.s, "calabash", NULL), 1);
	ck_assert_int_eq(tu_count_search(o2.s, "millet", NULL), 1);
	/* Reputation came along, and the leaderboard was rebuilt. */
	{
		cop_standing *s1 = NULL, *s2 = NULL;
		cop_leader_iter *it = NULL;
		cop_leader *l = NULL;
		TU_OK(tu_store, cop_standing_lookup(&s1, tu_store, "pub", r.w.core));
		TU_OK(o2.s, cop_standing_lookup(&s2, o2.s, "pub", r.w.core));
		ck_assert_int_gt(cop_standing_reputation(s1), 1);
		ck_assert_int_eq(cop_standing_reputation(s1),
			cop_standing_reputation(s2));
		ck_assert_int_eq(cop_standing_kudos_received(s1),
			cop_standing_kudos_received(s2));
		TU_OK(o2.s, cop_leader_iter_new(&it, o2.s, "pub", NULL,
			COP_PERIOD_ALL, 0, NULL));
		TU_OK(o2.s, cop_leader_iter_next(&l, it));
		ck_assert_str_eq(cop_leader_member_id(l), r.w.core);
		ck_assert_int_eq(cop_leader_points(l),
			cop_standing_reputation(s1) - 1);
		cop_leader_free(l);
		cop_leader_iter_free(it);
		cop_standing_free(s1);
		cop_standing_free(s2);
	}

	/* Once more, from the copy. */
	other_open(&o3, 0);
	TU_OK(o3.s, import_doc(o3.s, d2, l2, NULL, NULL));
	d3 = export_doc(o3.s, "pub", &l3);
	ck_assert_uint_eq(l1, l3);
	ck_assert(memcmp(d1, d3, l1) == 0);
	other_close(&o3);
	other_close(&o2);
	free(d1);
	free(d2);
	free(d3);
}
END_TEST

/* The facilitator's queue reads the same questions in the imported store
 * as in the one exported (the import writes contributions without
 * cop_contribution_create(), and its end marks the threads replied to):
 * one answered by another member and not accepted, one to which only
 * its asker added a contribution, one nobody touched, besides the rich
 * store's accepted one. */
START_TEST(test_queue_after_import)
{
	cop_thread *t = NULL;
	tu_idbuf q2, q3, q4, p3, c;
	rich r;
	other o2;
	char *d1;
	size_t l1;
	int u1, a1, u2, a2;

	rich_make(tu_store, &r);
	tu_as(tu_store, r.w.member);
	TU_OK(tu_store, cop_thread_create(&t, tu_store, "pub",
		COP_THREAD_QUESTION, "Which yeast?", "yeast", "en", "Any?"));
	strcpy(q2, cop_thread_id(t));
	cop_thread_free(t);
	TU_OK(tu_store, cop_thread_create(&t, tu_store, "pub",
		COP_THREAD_QUESTION, "Which malt?", "malt", "en", "Any?"));
	strcpy(q3, cop_thread_id(t));
	cop_thread_free(t);
	tu_first_post(tu_store, p3, q3);
	tu_contrib(tu_store, c, q3, COP_CONTRIB_COMMENT, p3, "Pale, I think.");
	TU_OK(tu_store, cop_thread_create(&t, tu_store, "pub",
		COP_THREAD_QUESTION, "Which water?", "water", "en", "Any?"));
	strcpy(q4, cop_thread_id(t));
	cop_thread_free(t);
	tu_as(tu_store, r.w.core);
	tu_contrib(tu_store, c, q2, COP_CONTRIB_ANSWER, NULL, "Ale yeast.");

	d1 = export_doc(tu_store, "pub", &l1);
	other_open(&o2, 0);
	TU_OK(o2.s, import_doc(o2.s, d1, l1, NULL, NULL));
	tu_queue_matches_facts(tu_store, "pub", TU_T0 + 400 * 86400000LL,
		&u1, &a1);
	tu_queue_matches_facts(o2.s, "pub", TU_T0 + 400 * 86400000LL,
		&u2, &a2);
	ck_assert_int_eq(u1, 2);
	ck_assert_int_eq(a1, 1);
	ck_assert_int_eq(u2, u1);
	ck_assert_int_eq(a2, a1);
	other_close(&o2);
	free(d1);
}
END_TEST

/* The id of thread @p t's summary in @p s ("" for none), as the system. */
static void summary_of(cop_store *s, const char *t, tu_idbuf out)
{
	cop_thread *th = NULL;
	tu_idbuf saved;

	tu_as_system(s, saved);
	TU_OK(s, cop_thread_lookup(&th, s, t));
	snprintf(out, sizeof(tu_idbuf), "%s", cop_thread_summary_id(th) ?
		cop_thread_summary_id(th) : "");
	cop_thread_free(th);
	tu_as_restore(s, saved);
}

/* A thread's summary comes through an export and an import (format 2's
 * summary_id): summarizing again in the copy revises it; a contribution
 * of kind summary that is not its thread's summary makes none; one
 * naming a contribution that is not a summary in the thread is refused;
 * and a summary hidden from the exporter is written as null, its id
 * nowhere in the document. */
START_TEST(test_summary_round_trip)
{
	cop_contribution *c = NULL;
	cop_thread *t = NULL;
	tu_idbuf d1, d2, p1, sum, extra, got;
	rich r;
	other o2, o3;
	char *doc, *bad, *at;
	size_t len;

	rich_make(tu_store, &r);
	tu_as(tu_store, r.w.facil);
	TU_OK(tu_store, cop_thread_create(&t, tu_store, "pub",
		COP_THREAD_DISCUSSION, "Dyes", NULL, "en", "Indigo or woad?"));
	strcpy(d1, cop_thread_id(t));
	cop_thread_free(t);
	TU_OK(tu_store, cop_thread_summarize(&c, tu_store, d1, "Woad."));
	strcpy(sum, cop_contribution_id(c));
	cop_contribution_free(c);
	TU_OK(tu_store, cop_thread_create(&t, tu_store, "pub",
		COP_THREAD_DISCUSSION, "Mordants", NULL, "en", "Alum?"));
	strcpy(d2, cop_thread_id(t));
	cop_thread_free(t);
	tu_contrib(tu_store, extra, d2, COP_CONTRIB_SUMMARY, NULL, "Alum.");
	summary_of(tu_store, d1, got);
	ck_assert_str_eq(got, sum);
	summary_of(tu_store, d2, got);
	ck_assert_str_eq(got, "");

	doc = export_doc(tu_store, "pub", &len);
	ck_assert(tu_contains(doc, "\"summary_id\":null"));
	other_open(&o2, 0);
	TU_OK(o2.s, import_doc(o2.s, doc, len, NULL, NULL));
	summary_of(o2.s, d1, got);
	ck_assert_str_eq(got, sum);
	summary_of(o2.s, d2, got);
	ck_assert_str_eq(got, "");
	TU_OK(o2.s, cop_thread_summarize(&c, o2.s, d1, "Woad, mostly."));
	ck_assert_str_eq(cop_contribution_id(c), sum);
	ck_assert_int_eq(cop_contribution_revision(c), 2);
	cop_contribution_free(c);
	other_close(&o2);

	/* The summary named is the first post of its thread. */
	tu_first_post(tu_store, p1, d1);
	bad = strdup(doc);
	ck_assert_ptr_nonnull(bad);
	at = strstr(bad, sum);
	ck_assert_ptr_nonnull(at);
	ck_assert(at > bad + 13 && !strncmp(at - 13, "summary_id\":\"", 13));
	memcpy(at, p1, strlen(p1));
	other_open(&o3, 0);
	TU_RC(o3.s, COP_EFORMAT, import_doc(o3.s, bad, len, NULL, NULL));
	ck_assert(tu_contains(cop_errmsg(o3.s), "is not a summary"));
	ck_assert_int_eq(tu_count_threads(o3.s, "pub"), COP_ENOTFOUND);
	other_close(&o3);
	free(bad);
	free(doc);

	/* Hidden, and exported by a member who may not see it. */
	tu_as(tu_store, r.w.facil);
	TU_OK(tu_store, cop_contribution_hide(tu_store, sum, "off topic"));
	tu_as(tu_store, r.w.member);
	doc = export_doc(tu_store, "pub", &len);
	ck_assert(!tu_contains(doc, sum));
	ck_assert(tu_contains(doc, d1));
	free(doc);
}
END_TEST

/* A contribution hidden by a moderator stays hidden through an export
 * by the system and an import (format 2's hidden): a plain member of
 * the copy does not see it, a facilitator does; a document without the
 * key (written before it) imports it shown, as before. */
START_TEST(test_hidden_round_trip)
{
	cop_contribution *c = NULL;
	tu_idbuf sv;
	rich r;
	other o2, o3;
	char *doc, *old, key[80];
	size_t len;

	rich_make(tu_store, &r);
	tu_as(tu_store, r.w.facil);
	TU_OK(tu_store, cop_contribution_hide(tu_store, r.ans2, "rude"));
	tu_as_system(tu_store, sv);
	doc = export_doc(tu_store, "pub", &len);
	ck_assert(tu_contains(doc, "\"hidden\":1,"));
	other_open(&o2, 0);
	TU_OK(o2.s, import_doc(o2.s, doc, len, NULL, NULL));
	tu_as(o2.s, r.w.member);
	TU_RC(o2.s, COP_ENOTFOUND, cop_contribution_lookup(&c, o2.s, r.ans2));
	tu_as(o2.s, r.w.facil);
	TU_OK(o2.s, cop_contribution_lookup(&c, o2.s, r.ans2));
	ck_assert_int_eq(cop_contribution_hidden(c), 1);
	cop_contribution_free(c);
	tu_as_system(o2.s, sv);
	assert_verify_clean(o2.s, NULL);
	other_close(&o2);

	snprintf(key, sizeof(key), "\"hidden\":1,\"id\":\"%s\"", r.ans2);
	ck_assert(tu_contains(doc, key));
	old = subst(strdup(doc), key, key + 11);
	other_open(&o3, 0);
	TU_OK(o3.s, import_doc(o3.s, old, strlen(old), NULL, NULL));
	tu_as(o3.s, r.w.member);
	TU_OK(o3.s, cop_contribution_lookup(&c, o3.s, r.ans2));
	ck_assert_int_eq(cop_contribution_hidden(c), 0);
	cop_contribution_free(c);
	other_close(&o3);
	free(old);
	free(doc);
}
END_TEST

/* When revision 1 of @p contribution in @p s was redacted (0: never), as
 * the system reads it; its text then COP_REDACTED_TEXT. */
static cop_time redacted_of(cop_store *s, const char *contribution)
{
	cop_revision_iter *it = NULL;
	cop_revision *rv = NULL;
	cop_time t = -1;
	tu_idbuf sv;

	tu_as_system(s, sv);
	TU_OK(s, cop_revision_iter_new(&it, s, contribution));
	while (cop_revision_iter_next(&rv, it) == COP_OK) {
		if (cop_revision_number(rv) == 1) {
			t = cop_revision_redacted(rv);
			if (t)
				ck_assert_str_eq(cop_revision_body(rv),
					COP_REDACTED_TEXT);
		}
		cop_revision_free(rv);
	}
	cop_revision_iter_free(it);
	tu_as_restore(s, sv);
	ck_assert_int_ge(t, 0);
	return t;
}

/* A revision's redaction (format 2's redacted) survives an export and an
 * import: the copy says when, as the original does; a document without
 * the key (written before it) has the placeholder text unredacted. */
START_TEST(test_redacted_round_trip)
{
	rich r;
	other o2, o3;
	char *doc, *old, *at, *end;
	size_t len;
	cop_time when;

	rich_make(tu_store, &r);
	tu_as(tu_store, r.w.facil);
	TU_OK(tu_store, cop_revision_redact(tu_store, r.ans1, 1, "a phone "
		"number"));
	when = redacted_of(tu_store, r.ans1);
	ck_assert_int_gt(when, 0);
	doc = export_doc(tu_store, "pub", &len);
	other_open(&o2, 0);
	TU_OK(o2.s, import_doc(o2.s, doc, len, NULL, NULL));
	ck_assert_int_eq(redacted_of(o2.s, r.ans1), when);
	other_close(&o2);

	/* The key left out of the redacted revision's line (it is last). */
	old = strdup(doc);
	ck_assert_ptr_nonnull(old);
	at = strstr(old, ",\"redacted\":\"");
	ck_assert_ptr_nonnull(at);
	end = strchr(at + 13, '"');
	ck_assert_ptr_nonnull(end);
	memmove(at, end + 1, strlen(end + 1) + 1);
	ck_assert(!tu_contains(old, "\"redacted\":\""));
	other_open(&o3, 0);
	TU_OK(o3.s, import_doc(o3.s, old, strlen(old), NULL, NULL));
	ck_assert_int_eq(redacted_of(o3.s, r.ans1), 0);
	other_close(&o3);
	free(old);
	free(doc);
}
END_TEST

/* Links, source ids, a named badge and an erasure policy, written into
 * the document by hand, survive a round trip byte for byte. */
START_TEST(test_round_trip_extras)
{
	rich r;
	other o2, o3;
	cop_import_report rep;
	char *d1, *d2, *d3, line[1024];
	size_t l2, l3;

	rich_make(tu_store, &r);
	d1 = export_doc(tu_store, "pub", NULL);
	ck_assert(tu_contains(d1, "\"links\":[]"));
	ck_assert(tu_contains(d1, "\"sources\":[]"));
	ck_assert(tu_contains(d1, "\"erasure\":null"));
	snprintf(line, sizeof(line), "\"links\":[\n{\"created\":\"%s\","
		"\"kind\":\"duplicate\",\"target_id\":\"%s\",\"thread_id\":\"%s\"}\n]",
		T0_TEXT, r.w.pub_thread, r.q);
	d1 = subst(d1, "\"links\":[]", line);
	/* Two source ids of one object, in byte order ("10" < "9"). */
	snprintf(line, sizeof(line), "\"sources\":[\n"
		"{\"kind\":1,\"object_id\":\"%s\",\"source_id\":\"10\"},\n"
		"{\"kind\":1,\"object_id\":\"%s\",\"source_id\":\"9\"},\n"
		"{\"kind\":2,\"object_id\":\"%s\",\"source_id\":\"7\"}\n]",
		r.q, r.q, r.q_post);
	d1 = subst(d1, "\"sources\":[]", line);
	d1 = subst(d1, "\"erasure\":null", "\"erasure\":\"remove\"");
	/* A named badge, last by id. */
	snprintf(line, sizeof(line), ",\n{\"awarded\":\"%s\",\"badge\":\"named\","
		"\"class\":\"gold\",\"id\":\"ffffffff-ffff-7fff-bfff-ffffffffffff\","
		"\"member_id\":\"%s\",\"name\":\"Beer Connoisseur\","
		"\"object_id\":\"%s\"}\n],\n\"sources\"", T0_TEXT,
		r.w.member, r.w.member);
	d1 = subst(d1, "\n],\n\"sources\"", line);

	other_open(&o2, 0);
	TU_OK(o2.s, import_doc(o2.s, d1, strlen(d1), &rep, NULL));
	ck_assert_int_eq(rep.links, 1);
	d2 = export_doc(o2.s, "pub", &l2);
	ck_assert_msg(strcmp(d1, d2) == 0, "re-export differs:\n%s\n----\n%s",
		d1, d2);
	assert_verify_clean(o2.s, NULL);
	other_open(&o3, 0);
	TU_OK(o3.s, import_doc(o3.s, d2, l2, NULL, NULL));
	d3 = export_doc(o3.s, "pub", &l3);
	ck_assert(l3 == l2 && memcmp(d2, d3, l2) == 0);
	other_close(&o3);
	other_close(&o2);
	free(d1);
	free(d2);
	free(d3);
}
END_TEST

/* Between SQLite and PostgreSQL (when the tests run on PostgreSQL). */
START_TEST(test_cross_backend)
{
	rich r;
	other lite, pg;
	char *d1, *d2, *d3;
	size_t l1, l2, l3;

	if (tu_backend_is_sqlite())
		return;
	rich_make(tu_store, &r);
	d1 = export_doc(tu_store, "pub", &l1);
	other_open(&lite, 1);
	TU_OK(lite.s, import_doc(lite.s, d1, l1, NULL, NULL));
	d2 = export_doc(lite.s, "pub", &l2);
	ck_assert(l1 == l2 && memcmp(d1, d2, l1) == 0);
	assert_verify_clean(lite.s, NULL);
	other_open(&pg, 0);
	TU_OK(pg.s, import_doc(pg.s, d2, l2, NULL, NULL));
	d3 = export_doc(pg.s, "pub", &l3);
	ck_assert(l1 == l3 && memcmp(d1, d3, l1) == 0);
	assert_verify_clean(pg.s, NULL);
	other_close(&pg);
	other_close(&lite);
	free(d1);
	free(d2);
	free(d3);
}
END_TEST

/* Members already in the store are kept; another slug on request. */
START_TEST(test_existing_members_and_rename)
{
	rich r;
	other o;
	cop_import_report rep;
	cop_community *c = NULL;
	char *dp, *di, *snap;
	size_t lp, li;

	rich_make(tu_store, &r);
	dp = export_doc(tu_store, "pub", &lp);
	di = export_doc(tu_store, "inv", &li);
	/* The store holding the community refuses it, even renamed. */
	snap = tu_snapshot(tu_store);
	TU_RC(tu_store, COP_EEXISTS, import_doc(tu_store, dp, lp, NULL, "pub2"));
	ck_assert(tu_contains(cop_errmsg(tu_store), "already in the store"));
	tu_assert_unchanged(tu_store, snap, "import");
	free(snap);

	other_open(&o, 0);
	TU_OK(o.s, import_doc(o.s, di, li, &rep, NULL));
	ck_assert_int_eq(rep.members, 6);
	ck_assert_int_eq(rep.unchanged, 0);
	/* The same members again: kept as they are. */
	TU_OK(o.s, import_doc(o.s, dp, lp, &rep, "copy"));
	ck_assert_int_eq(rep.members, 0);
	ck_assert_int_eq(rep.unchanged, 6);
	TU_OK(o.s, cop_community_lookup(&c, o.s, "copy"));
	ck_assert_str_eq(cop_community_id(c), r.w.pub);
	cop_community_free(c);
	c = NULL;
	ck_assert_int_eq(cop_community_lookup(&c, o.s, "pub"), COP_ENOTFOUND);
	ck_assert_int_eq(tu_count_members(o.s), 6);
	/* A bad slug is refused before anything is read. */
	TU_RC(o.s, COP_EINVAL, import_doc(o.s, dp, lp, NULL, "Not A Slug"));
	assert_verify_clean(o.s, NULL);
	other_close(&o);
	free(dp);
	free(di);
}
END_TEST

/* ---- what the actor may see ----------------------------------------------------------- */

/* Whether document @p doc has field @p key with the value @p id. */
static int has_field(const char *doc, const char *key, const char *id)
{
	char a[128], b[128];

	snprintf(a, sizeof(a), "\"%s\":\"%s\"", key, id);
	snprintf(b, sizeof(b), "\"%s\": \"%s\"", key, id);
	return tu_contains(doc, a) || tu_contains(doc, b);
}

START_TEST(test_visibility)
{
	rich r;
	other o;
	char *dm, *df;
	size_t lm;

	rich_make(tu_store, &r);
	/* A non-member of a private community may not export it. */
	tu_as(tu_store, r.w.outsider);
	TU_RC(tu_store, COP_ENOTFOUND, cop_export_json(tu_store, "priv", 1));
	tu_as(tu_store, r.w.banned);
	TU_RC(tu_store, COP_ENOTFOUND, cop_export_json(tu_store, "priv", 1));
	TU_RC(tu_store, COP_ENOTFOUND, cop_export_json(tu_store, "nope", 1));
	/* A plain member: no hidden thread, nothing hanging on it. */
	tu_as(tu_store, r.w.member);
	dm = export_doc(tu_store, "pub", &lm);
	ck_assert(!tu_contains(dm, r.hidden));
	ck_assert(!tu_contains(dm, r.hidden_post));
	ck_assert(!tu_contains(dm, "Zanzibarian"));
	ck_assert(!tu_contains(dm, "Selling malt"));
	ck_assert(tu_contains(dm, r.q));
	/* Who voted: a plain member's export names only the member there
	 * (votes and ledger entries), a facilitator's every voter. */
	ck_assert(has_field(dm, "voter_id", r.w.member));
	ck_assert(!has_field(dm, "voter_id", r.w.facil));
	ck_assert(!has_field(dm, "voter_id", r.w.owner));
	ck_assert(!has_field(dm, "actor_id", r.w.facil));
	ck_assert(!has_field(dm, "actor_id", r.w.owner));
	/* A facilitator sees it all. */
	tu_as(tu_store, r.w.facil);
	df = export_doc(tu_store, "pub", NULL);
	ck_assert(has_field(df, "voter_id", r.w.owner));
	ck_assert(has_field(df, "actor_id", r.w.owner));
	ck_assert(tu_contains(df, r.hidden));
	ck_assert(tu_contains(df, "Zanzibarian"));
	ck_assert_int_gt(strlen(df), lm);
	tu_as(tu_store, NULL);
	/* The partial view imports cleanly: the counts that disagree with
	 * it are repaired, so verify finds nothing. */
	other_open(&o, 0);
	TU_OK(o.s, import_doc(o.s, dm, lm, NULL, NULL));
	assert_verify_clean(o.s, NULL);
	ck_assert_int_eq(tu_count_search(o.s, "Zanzibarian", NULL), 0);
	ck_assert_int_eq(tu_count_search(o.s, "calabash", NULL), 1);
	other_close(&o);
	free(dm);
	free(df);
}
END_TEST

/* ---- bad input ---------------------------------------------------------------------------- */

static void bad(cop_store *s, const char *snap, int want, const char *doc,
	size_t len, const char *msg)
{
	int rc = import_doc(s, doc, len, NULL, NULL);

	ck_assert_msg(rc == want, "expected %s, got %s (%s) for %.80s",
		tu_ename(want), tu_ename(rc), cop_errmsg(s), doc);
	tu_assert_failed_msg(s, want);
	if (msg)
		ck_assert_msg(tu_contains(cop_errmsg(s), msg), "message '%s' "
			"lacks '%s'", cop_errmsg(s), msg);
	tu_assert_unchanged(s, snap, doc);
}

/*
 * A thread's properties travel: an answered, pinned, locked question
 * exports them (with its state) and imports with all of them; a
 * document of before them, with the state alone, imports with the
 * properties of that state; a document whose properties and state
 * disagree, or with some of the properties only, is refused.
 */
START_TEST(test_thread_flags)
{
	tu_world w;
	tu_idbuf answer;
	other o;
	char *doc, *old, *snap, flags[64];
	size_t len;
	static const char *const keys[] = { "\"answered\":1,", "\"closed\":0,",
		"\"hidden\":0,", "\"locked\":1,", "\"pinned\":1," };
	size_t i;

	tu_world_make(tu_store, &w);
	tu_as(tu_store, w.member);
	tu_contrib(tu_store, answer, w.priv_thread, COP_CONTRIB_ANSWER, NULL,
		"Plant early");
	tu_as(tu_store, w.owner);
	TU_OK(tu_store, cop_answer_accept(tu_store, answer));
	TU_OK(tu_store, cop_thread_set_flag(tu_store, w.priv_thread,
		COP_THREAD_FLAG_PINNED, 1));
	TU_OK(tu_store, cop_thread_set_flag(tu_store, w.priv_thread,
		COP_THREAD_FLAG_LOCKED, 1));
	tu_as(tu_store, NULL);
	doc = export_doc(tu_store, "priv", &len);
	ck_assert_msg(tu_contains(doc, "\"state\":\"locked\","), "%.600s",
		strstr(doc, "\"threads\""));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ck_assert_msg(tu_contains(doc, keys[i]), "%s: %.600s", keys[i],
			strstr(doc, "\"threads\""));

	other_open(&o, 0);
	TU_OK(o.s, import_doc(o.s, doc, len, NULL, NULL));
	tu_thread_flags(o.s, w.priv_thread, flags, sizeof(flags));
	ck_assert_str_eq(flags, "01101 locked");
	other_close(&o);

	/* A document of before: the state alone. */
	old = strdup(doc);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		old = subst(old, keys[i], "");
	ck_assert(!tu_contains(old, "\"pinned\":"));
	other_open(&o, 0);
	TU_OK(o.s, import_doc(o.s, old, strlen(old), NULL, NULL));
	tu_thread_flags(o.s, w.priv_thread, flags, sizeof(flags));
	ck_assert_str_eq(flags, "01000 locked");
	other_close(&o);
	free(old);

	/* Disagreeing, or some of them only: refused, nothing changed. */
	other_open(&o, 0);
	snap = tu_snapshot(o.s);
	old = subst(strdup(doc), "\"state\":\"locked\",",
		"\"state\":\"pinned\",");
	bad(o.s, snap, COP_EFORMAT, old, strlen(old), "state pinned");
	free(old);
	old = subst(strdup(doc), "\"hidden\":0,", "");
	bad(o.s, snap, COP_EFORMAT, old, strlen(old), "go together");
	free(old);
	old = subst(strdup(doc), "\"hidden\":0,", "\"hidden\":2,");
	bad(o.s, snap, COP_EFORMAT, old, strlen(old), "hidden");
	free(old);
	free(snap);
	other_close(&o);
	free(doc);
}
END_TEST

/* The entries of thread @p thread's history in @p s, as lines "number
 * kind actor old>new (comment)" into @p buf. */
static void history_text(cop_store *s, const char *thread, char *buf,
	size_t n)
{
	cop_thread_history_iter *it = NULL;
	cop_thread_change *c = NULL;
	size_t off = 0;
	int rc;

	buf[0] = '\0';
	TU_OK(s, cop_thread_history_iter_new(&it, s, thread, NULL));
	while ((rc = cop_thread_history_iter_next(&c, it)) == COP_OK) {
		const char *a = cop_thread_change_actor_id(c);
		const char *o = cop_thread_change_old_value(c);
		const char *v = cop_thread_change_new_value(c);
		const char *m = cop_thread_change_comment(c);
		off += (size_t)snprintf(buf + off, off < n ? n - off : 0,
			"%d %s %s %s>%s (%s) %lld\n", cop_thread_change_number(c),
			cop_thread_change_kind_name(cop_thread_change_kind_get(c)),
			a ? a : "-", o ? o : "-", v ? v : "-", m ? m : "-",
			(long long)cop_thread_change_created(c));
		cop_thread_change_free(c);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	ck_assert_uint_lt(off, n);
	cop_thread_history_iter_free(it);
}

/* Thread history records made bad: text @c from of a good document
 * becomes @c to; the import gives COP_EFORMAT, its message holding
 * @c msg. */
static const struct { const char *from, *to, *msg; } bad_history[] = {
	{ "\"new_value\":\"How do I ferment millet beer?\",\"number\":1",
	  "\"new_value\":\"How do I ferment millet beer?\",\"number\":2",
	  "where 1 comes next" },
	{ "\"kind\":\"title\",\"new_value\":\"How do I ferment millet beer?\"",
	  "\"kind\":\"closed\",\"new_value\":\"How do I ferment millet beer?\"",
	  "null for the other kinds" },
	{ "\"kind\":\"tags\",\"new_value\":\"brewing millet\"",
	  "\"kind\":\"tags\",\"new_value\":\"Millet  brewing\"",
	  "normalised tags" },
	{ "\"kind\":\"title\",\"new_value\":\"How do I ferment millet beer?\"",
	  "\"kind\":\"renamed\",\"new_value\":\"How do I ferment millet beer?\"",
	  "not one of its names" },
	{ "\"comment\":\"clearer\"", "\"comment\":\"\"", "comment" },
	{ "\"comment\":\"clearer\"", "\"comment\":\"clearer\",\"by\":1",
	  "unknown field" },
	{ NULL, NULL, NULL }
};

/*
 * A thread's history travels in format 2 (docs/json.md,
 * "thread_history"): every entry (titles and tags with who, when, the
 * values before and after and the comment; closing, reopening, pinning,
 * hiding) comes back the same, numbered as it was, byte for byte; a plain
 * member's document leaves out the history of a hidden thread; an entry
 * out of order, with values its kind has not, of no such kind or with a
 * bad comment is refused, the store unchanged; a document without the
 * section gives threads with no history.
 */
START_TEST(test_history)
{
	rich r;
	other o;
	cop_import_report rep;
	char *doc, *dm, *snap, *e, h1[2048], h2[2048];
	size_t len, i;

	rich_make(tu_store, &r);
	tu_as(tu_store, r.w.facil);
	TU_OK(tu_store, cop_thread_edit(tu_store, r.q,
		"How do I ferment millet beer well?", "brewing millet sorghum",
		"clearer"));
	TU_OK(tu_store, cop_thread_set_flag(tu_store, r.q,
		COP_THREAD_FLAG_CLOSED, 1));
	tu_tick(tu_store, 1000);
	TU_OK(tu_store, cop_thread_set_flag(tu_store, r.q,
		COP_THREAD_FLAG_CLOSED, 0));
	tu_as(tu_store, NULL);
	doc = export_doc(tu_store, "pub", &len);
	ck_assert_msg(tu_contains(doc, "\n],\n\"thread_history\":[\n{"),
		"%.300s", strstr(doc, "\"thread_history\""));
	/* q: title, tags, the new title and tags, closed, reopened. */
	ck_assert_int_eq(count_of(doc, "\"comment\":\"clearer\""), 2);
	ck_assert(tu_contains(doc, "\"kind\":\"reopened\""));
	ck_assert(tu_contains(doc, "\"kind\":\"hidden\""));
	ck_assert(tu_contains(doc, "\"old_value\":\"brewing millet\""));
	history_text(tu_store, r.q, h1, sizeof(h1));
	ck_assert_int_eq(count_of(h1, "\n"), 6);

	other_open(&o, 0);
	TU_OK(o.s, import_doc(o.s, doc, len, &rep, NULL));
	ck_assert_int_eq(rep.history, count_of(doc, "\"kind\":\"") -
		count_of(doc, "\"kind\":\"question\"") -
		count_of(doc, "\"kind\":\"discussion\"") -
		count_of(doc, "\"kind\":\"announcement\"") -
		count_of(doc, "\"kind\":\"post\"") -
		count_of(doc, "\"kind\":\"answer\"") -
		count_of(doc, "\"kind\":\"comment\"") -
		count_of(doc, "\"kind\":\"reply\"") -
		count_of(doc, "\"kind\":\"up\"") -
		count_of(doc, "\"kind\":\"down\"") -
		count_of(doc, "\"kind\":\"helpful\"") -
		count_of(doc, "\"kind\":\"thanks\"") -
		count_of(doc, "\"kind\":\"retracted\""));
	ck_assert_int_ge(rep.history, 11);
	history_text(o.s, r.q, h2, sizeof(h2));
	ck_assert_str_eq(h1, h2);
	history_text(tu_store, r.hidden, h1, sizeof(h1));
	history_text(o.s, r.hidden, h2, sizeof(h2));
	ck_assert_str_eq(h1, h2);
	other_close(&o);

	/* A plain member's document: no history of the hidden thread. */
	tu_as(tu_store, r.w.member);
	dm = export_doc(tu_store, "pub", NULL);
	ck_assert(!tu_contains(dm, "\"kind\":\"hidden\""));
	ck_assert(!tu_contains(dm, r.hidden));
	ck_assert(tu_contains(dm, "\"kind\":\"reopened\""));
	free(dm);
	tu_as(tu_store, NULL);

	/* Bad entries: refused, nothing changed. */
	other_open(&o, 0);
	snap = tu_snapshot(o.s);
	for (i = 0; bad_history[i].from; i++) {
		ck_assert_msg(tu_contains(doc, bad_history[i].from), "%s",
			bad_history[i].from);
		e = subst(strdup(doc), bad_history[i].from, bad_history[i].to);
		bad(o.s, snap, COP_EFORMAT, e, strlen(e), bad_history[i].msg);
		free(e);
	}
	/* Of a thread not in the document (the first line ending so is
	 * q's first entry: the accepted answer comes later). */
	snprintf(h1, sizeof(h1), "\"thread_id\":\"%s\"}", r.q);
	e = subst(strdup(doc), h1, "\"thread_id\":"
		"\"ffffffff-ffff-7fff-bfff-ffffffffffff\"}");
	bad(o.s, snap, COP_EFORMAT, e, strlen(e), "no such thread");
	free(e);
	free(snap);

	/* Without the section: threads with no history. */
	e = strstr(doc, "\"thread_history\":[");
	ck_assert_ptr_nonnull(e);
	memmove(e, strstr(e, "\n]") + 4, strlen(strstr(e, "\n]") + 4) + 1);
	ck_assert(!tu_contains(doc, "thread_history"));
	TU_OK(o.s, import_doc(o.s, doc, strlen(doc), &rep, NULL));
	ck_assert_int_eq(rep.history, 0);
	history_text(o.s, r.q, h2, sizeof(h2));
	ck_assert_str_eq(h2, "");
	dm = export_doc(o.s, "pub", NULL);
	ck_assert(tu_contains(dm, "\n],\n\"thread_history\":[],\n"
		"\"contributions\":["));
	free(dm);
	other_close(&o);
	free(doc);
}
END_TEST

/* Check tag @p name of "pub" in @p s: its uses, excerpt, synonym. */
static void tag_is(cop_store *s, const char *name, int64_t uses,
	const char *excerpt, const char *synonym_of)
{
	cop_tag *t = NULL;

	TU_OK(s, cop_tag_lookup(&t, s, "pub", name));
	ck_assert_int_eq(cop_tag_uses(t), uses);
	ck_assert_pstr_eq(cop_tag_excerpt(t), excerpt);
	ck_assert_pstr_eq(cop_tag_synonym_of(t), synonym_of);
	cop_tag_free(t);
}

/* Tag records made bad: text @c from of a good document becomes @c to;
 * the import gives @c want, its message holding @c msg. */
static const struct { int want; const char *from, *to, *msg; } bad_tags[] = {
	{ COP_EFORMAT, "\"synonym_of\":\"grain\"", "\"synonym_of\":\"nosuch\"",
	  "no tag of the document" },
	{ COP_EFORMAT, "\"name\":\"lonely\",\"synonym_of\":null",
	  "\"name\":\"lonely\",\"synonym_of\":\"millet\"", "itself a synonym" },
	{ COP_EFORMAT, "\"name\":\"lonely\",\"synonym_of\":null",
	  "\"name\":\"lonely\",\"synonym_of\":\"lonely\"",
	  "a synonym of itself" },
	{ COP_EEXISTS, "\"name\":\"lonely\"", "\"name\":\"brewing\"", "twice" },
	{ COP_EFORMAT, "\"name\":\"lonely\"", "\"name\":\"Lonely\"", "one tag" },
	{ COP_EFORMAT, "\"name\":\"lonely\"", "\"name\":\"a b\"", "one tag" },
	{ COP_EFORMAT, "\"name\":\"lonely\"", "\"name\":\"lonely\",\"uses\":3",
	  "unknown field" },
	{ COP_EFORMAT, "\"excerpt\":\"Making beer\"", "\"excerpt\":7",
	  "excerpt" },
};

/*
 * The community's tags travel as records (docs/json.md, "tags"): a
 * description, a longer text, a synonym and a tag no thread uses come
 * back the same, byte for byte, their uses counted again from the
 * threads; a plain member's export leaves out a tag only hidden threads
 * use; a synonym of no tag or of a synonym, a tag twice, a bad name and
 * a uses field are refused, the store unchanged.
 */
START_TEST(test_tags)
{
	rich r;
	other o;
	cop_tag *t = NULL;
	char *doc, *again, *dm, *snap, name[16];
	size_t len, lm;
	int i;

	rich_make(tu_store, &r);
	tu_as(tu_store, r.w.facil);
	TU_OK(tu_store, cop_tag_describe(NULL, tu_store, "pub", "brewing",
		"Making beer", "Malting, mashing, fermenting."));
	TU_OK(tu_store, cop_tag_describe(NULL, tu_store, "pub", "lonely",
		"A tag without threads", NULL));
	tu_tick(tu_store, 60000);
	TU_OK(tu_store, cop_tag_merge(NULL, tu_store, "pub", "millet", "grain"));
	/* More than a page of the scan (X_PAGE, 500). */
	for (i = 0; i < 520; i++) {
		snprintf(name, sizeof(name), "zz-%03d", i);
		TU_OK(tu_store, cop_tag_describe(NULL, tu_store, "pub", name,
			name, NULL));
	}
	tu_as(tu_store, NULL);
	doc = export_doc(tu_store, "pub", &len);
	ck_assert_int_eq(count_of(doc, "\"name\":\"zz-"), 520);
	ck_assert(tu_contains(doc, "\"name\":\"zz-499\""));
	ck_assert(tu_contains(doc, "\"name\":\"zz-500\""));
	ck_assert(strstr(doc, "\"name\":\"zz-499\"") <
		strstr(doc, "\"name\":\"zz-500\""));
	ck_assert(tu_contains(doc, "\n\"tags\":["));
	ck_assert(tu_contains(doc, "\"excerpt\":\"Making beer\""));
	ck_assert(tu_contains(doc, "\"wiki\":\"Malting, mashing, fermenting.\""));
	ck_assert(tu_contains(doc, "\"name\":\"lonely\",\"synonym_of\":null"));
	ck_assert(tu_contains(doc, "\"name\":\"millet\",\"synonym_of\":\"grain\""));
	ck_assert(tu_contains(doc, "\"name\":\"market\""));
	ck_assert(!tu_contains(doc, "\"uses\""));

	/* Back the same; the uses are the threads'. */
	other_open(&o, 0);
	TU_OK(o.s, import_doc(o.s, doc, len, NULL, NULL));
	again = export_doc(o.s, "pub", NULL);
	ck_assert_str_eq(again, doc);
	free(again);
	tag_is(o.s, "grain", 1, NULL, NULL);
	tag_is(o.s, "millet", 0, NULL, "grain");
	tag_is(o.s, "lonely", 0, "A tag without threads", NULL);
	tag_is(o.s, "brewing", 1, "Making beer", NULL);
	tag_is(o.s, "market", 1, NULL, NULL);
	assert_verify_clean(o.s, NULL);
	other_close(&o);

	/* A plain member: no tag that only a hidden thread uses. */
	tu_as(tu_store, r.w.member);
	dm = export_doc(tu_store, "pub", &lm);
	ck_assert(!tu_contains(dm, "\"name\":\"market\""));
	ck_assert(tu_contains(dm, "\"name\":\"lonely\""));
	ck_assert(tu_contains(dm, "\"name\":\"millet\",\"synonym_of\":\"grain\""));
	tu_as(tu_store, NULL);
	other_open(&o, 0);
	TU_OK(o.s, import_doc(o.s, dm, lm, NULL, NULL));
	TU_RC(o.s, COP_ENOTFOUND, cop_tag_lookup(&t, o.s, "pub", "market"));
	ck_assert_ptr_null(t);
	other_close(&o);
	free(dm);

	/* Bad tags change nothing. */
	other_open(&o, 0);
	snap = tu_snapshot(o.s);
	for (i = 0; i < (int)(sizeof(bad_tags) / sizeof(bad_tags[0])); i++) {
		dm = subst(strdup(doc), bad_tags[i].from, bad_tags[i].to);
		bad(o.s, snap, bad_tags[i].want, dm, strlen(dm), bad_tags[i].msg);
		free(dm);
	}
	free(snap);
	other_close(&o);
	free(doc);
}
END_TEST

START_TEST(test_bad_input)
{
	rich r;
	other o;
	char *doc, *snap, *d;
	size_t len, i;
	int64_t seq;
	tu_idbuf zed;

	rich_make(tu_store, &r);
	doc = export_doc(tu_store, "inv", &len);
	other_open(&o, 0);
	tu_member(o.s, zed, "zed");
	snap = tu_snapshot(o.s);
	seq = cop_log_last_seq(o.s);

	bad(o.s, snap, COP_EFORMAT, "", 0, "truncated");
	bad(o.s, snap, COP_EFORMAT, "hello", 5, "line 1");
	bad(o.s, snap, COP_EFORMAT, "[1,2]", 5, "line 1, column 1");
	bad(o.s, snap, COP_EFORMAT, "{\"format\":\"other\",\"version\":1}",
		31, "not a libcop document");
	bad(o.s, snap, COP_EFORMAT, "{\"version\":1}", 13, "format");
	bad(o.s, snap, COP_EFORMAT, "{\"format\":\"libcop\",\"version\":3}",
		31, "version");
	bad(o.s, snap, COP_EFORMAT, "{\"format\":\"libcop\",\"version\":0}",
		31, "version");
	bad(o.s, snap, COP_EFORMAT, "{\"format\":\"libcop\",\"version\":1}",
		31, "no community");
	bad(o.s, snap, COP_EFORMAT, "{\"format\":\"libcop\",\"version\":1,"
		"\"members\":[]}", 44, "before the community");
	bad(o.s, snap, COP_EFORMAT, "{\"format\":\"libcop\",\"version\":1,\n"
		"\"community\":{\"id\":\"x\"}}", 55, "line 2");
	bad(o.s, snap, COP_EFORMAT, "{\"format\":\"libcop\",\"version\":1,\n"
		"\"community\":{\"id\":\"x\",\"id\":\"y\"}}", 64, "line 2, column");
	bad(o.s, snap, COP_EFORMAT, "{\"format\":\"libcop\",\"version\":1,\n"
		"  \"community\":{\"id\":tru}}", 58, "line 2, column 23");

	/* Every truncation of a real document (but its final newline). */
	ck_assert_int_eq(doc[len - 1], '\n');
	for (i = 0; i + 1 < len; i += (len > 4000 && i > 200 ? 97 : 1))
		bad(o.s, snap, COP_EFORMAT, doc, i, NULL);
	/* Trailing data. */
	d = malloc(len + 3);
	memcpy(d, doc, len);
	memcpy(d + len, "{}", 3);
	bad(o.s, snap, COP_EFORMAT, d, len + 2, "after the document");
	free(d);

	/* Edited documents. */
#define EDIT(old, new, code, msg) do { \
		char *e_ = subst(strdup(doc), old, new); \
		bad(o.s, snap, code, e_, strlen(e_), msg); \
		free(e_); \
	} while (0)
	EDIT("\"format\":\"libcop\"", "\"format\":\"libcap\"",
		COP_EFORMAT, "not a libcop document");
	EDIT("\"version\":2", "\"version\":\"2\"", COP_EFORMAT, "version");
	EDIT("\"slug\":\"inv\"", "\"slug\":\"Bad Slug\"", COP_EFORMAT, "slug");
	EDIT("\"slug\":\"inv\",", "", COP_EFORMAT, "slug missing");
	EDIT("\"handle\":\"olga\",", "", COP_EFORMAT, "handle missing");
	EDIT("\"handle\":\"olga\"", "\"handle\":17", COP_EFORMAT, "handle");
	EDIT("\"handle\":\"olga\"", "\"handle\":\"ol\xff" "ga\"", COP_EFORMAT,
		"line 4, column");
	EDIT("\"title\":\"Bienvenue\"", "\"title\":\"Bien\xc3venue\"",
		COP_EFORMAT, "unable to decode byte 0xc3");
	EDIT(r.w.owner, "not-an-id-at-all", COP_EFORMAT, "not an id");
	EDIT("\"role\":\"owner\"", "\"role\":\"king\"", COP_EFORMAT, "role");
	/* Format 2 names its values and writes times as text. */
	EDIT("\"role\":\"owner\"", "\"role\":4", COP_EFORMAT, "role");
	EDIT("\"status\":\"active\"", "\"status\":\"Active\"", COP_EFORMAT,
		"status is not one of its names");
	EDIT("\"joined\":\"", "\"joined\":\"x", COP_EFORMAT, "RFC 3339");
	EDIT("\"created\":\"20", "\"created\":\"19", COP_EFORMAT, "RFC 3339");
	/* Format 1 has numbers there. */
	EDIT("\"version\":2", "\"version\":1", COP_EFORMAT, "not an integer");
	EDIT("\"status\":\"active\"", "\"status\":\"active\",\"extra\":1", COP_EFORMAT,
		"unknown field");
	EDIT("\"threads\":[", "\"threadz\":[", COP_EFORMAT, "unknown member");
	EDIT("\"language\":\"fr\"", "\"language\":\"??\"",
		COP_EFORMAT, "language");
	EDIT("\"thread_id\":\"", "\"thread_id\":\"0", COP_EFORMAT, "thread_id");
	/* A member whose handle another member holds. */
	EDIT("\"handle\":\"olga\"", "\"handle\":\"ZED\"", COP_EEXISTS, "ZED");
	/* Tags as the library would never write them (thread or ledger). */
	EDIT("\"tags\":\"", "\"tags\":\"Not A Tag ", COP_EFORMAT,
		"not a list of valid tags");
	/* Sections out of order. */
	{
		char *a = strstr(doc, "\"revisions\":["), *b = strstr(doc,
			",\n\"links\":[");
		char *e = malloc(len + 1), *p = e;
		ck_assert(a && b);
		/* community, ..., links..., then revisions last. */
		memcpy(p, doc, (size_t)(a - doc));
		p += a - doc;
		memcpy(p, b + 2, len - (size_t)(b + 2 - doc) - 2);
		p += len - (size_t)(b + 2 - doc) - 2;
		memcpy(p, ",\n", 2);
		p += 2;
		memcpy(p, a, (size_t)(b - a));
		p += b - a;
		memcpy(p, "}\n", 2);
		p += 2;
		bad(o.s, snap, COP_EFORMAT, e, (size_t)(p - e), "out of order");
		free(e);
	}
	ck_assert_int_eq(cop_log_last_seq(o.s), seq);

	/* Arguments. */
	TU_RC(o.s, COP_EINVAL, cop_import_json(NULL, o.s, -1, NULL));
	TU_RC(o.s, COP_EINVAL, cop_export_json(o.s, "inv", -1));
	ck_assert_int_eq(cop_import_json(NULL, NULL, 0, NULL), COP_EINVAL);
	ck_assert_int_eq(cop_export_json(NULL, "inv", 1), COP_EINVAL);
	tu_as(o.s, zed);
	{
		int fd = mem_fd(doc, len);
		TU_RC(o.s, COP_EPERM, cop_import_json(NULL, o.s, fd, NULL));
		close(fd);
	}
	tu_as(o.s, NULL);
	/* A good document still imports after all that. */
	TU_OK(o.s, import_doc(o.s, doc, len, NULL, "inv"));
	free(snap);
	other_close(&o);
	free(doc);
}
END_TEST

/*
 * In the first record of @p section whose @p dst and @p src fields both
 * hold ids, set dst to src's id (or to @p id when src is NULL).  Records
 * are flat objects, one per line.
 */
static char *set_id(const char *doc, const char *section, const char *dst,
	const char *src, const char *id)
{
	char key[64], *out = strdup(doc), *rec, *end, *d, *v;
	size_t kl;

	ck_assert_ptr_nonnull(out);
	snprintf(key, sizeof(key), "\"%s\":[", section);
	rec = strstr(out, key);
	ck_assert_msg(rec != NULL, "no section %s", section);
	for (;; rec = end) {
		rec = strchr(rec, '{');
		ck_assert_msg(rec != NULL, "no record of %s with %s", section,
			dst);
		end = strchr(rec, '}');
		snprintf(key, sizeof(key), "\"%s\":\"", dst);
		kl = strlen(key);
		d = strstr(rec, key);
		if (!d || d > end)
			continue;
		v = (char *)id;
		if (src) {
			snprintf(key, sizeof(key), "\"%s\":\"", src);
			v = strstr(rec, key);
			if (!v || v > end)
				continue;
			v += strlen(key);
		}
		memcpy(d + kl, v, 36);
		return out;
	}
}

/* The first record of @p section twice in a row; *line receives the
 * copy's line ("line N" in messages). */
static char *dup_record(const char *doc, const char *section, int *line)
{
	char key[64], *out, *rec, *end;
	size_t n = strlen(doc), a, l;

	snprintf(key, sizeof(key), "\"%s\":[", section);
	rec = strstr(doc, key);
	ck_assert_msg(rec != NULL, "no section %s", section);
	rec = strchr(rec, '{');
	end = strchr(rec, '}');
	ck_assert(rec && end);
	a = (size_t)(end + 1 - doc);
	l = (size_t)(end + 1 - rec);
	out = malloc(n + l + 3);
	ck_assert_ptr_nonnull(out);
	memcpy(out, doc, a);
	memcpy(out + a, ",\n", 2);
	memcpy(out + a + 2, rec, l);
	memcpy(out + a + 2 + l, doc + a, n - a + 1);
	*line = 1;
	for (rec = out; rec < out + a + 2; rec++)
		*line += *rec == '\n';
	return out;
}

/* What the API refuses, a document cannot bring in either. */
START_TEST(test_api_rules)
{
	rich r;
	other o;
	char *doc, *snap, *e;
	size_t len;
	tu_idbuf zed;

	rich_make(tu_store, &r);
	doc = export_doc(tu_store, "pub", &len);
	other_open(&o, 0);
	tu_member(o.s, zed, "zed");
	snap = tu_snapshot(o.s);

	e = set_id(doc, "votes", "author_id", "voter_id", NULL);
	bad(o.s, snap, COP_EFORMAT, e, strlen(e), "vote on their own");
	free(e);
	e = set_id(doc, "kudos", "to_id", "from_id", NULL);
	bad(o.s, snap, COP_EFORMAT, e, strlen(e), "kudos to themselves");
	free(e);
	e = set_id(doc, "contributions", "reply_to", "id", NULL);
	bad(o.s, snap, COP_EFORMAT, e, strlen(e), "of itself");
	free(e);
	/* zed is a member of the store, but not of the community. */
	e = set_id(doc, "contributions", "author_id", NULL, zed);
	bad(o.s, snap, COP_EFORMAT, e, strlen(e), "not a member");
	free(e);
	e = set_id(doc, "threads", "author_id", NULL, zed);
	bad(o.s, snap, COP_EFORMAT, e, strlen(e), "not a member");
	free(e);
	/* A record twice: its id is taken by the time the second comes.
	 * The message names the copy's line on both backends (PostgreSQL
	 * checks an insert's answer when it is sent: the record's own
	 * level, closing, sends it). */
	{
		static const char *const secs[] = { "contributions", "threads" };
		char want[64];
		int k, line;
		for (k = 0; k < 2; k++) {
			e = dup_record(doc, secs[k], &line);
			snprintf(want, sizeof(want), "line %d: %.*s: already in "
				"the store", line, (int)strlen(secs[k]) - 1, secs[k]);
			bad(o.s, snap, COP_EEXISTS, e, strlen(e), want);
			free(e);
		}
	}
	/* The document as it is imports. */
	TU_OK(o.s, import_doc(o.s, doc, len, NULL, NULL));
	free(snap);
	other_close(&o);
	free(doc);
}
END_TEST

START_TEST(test_write_failure)
{
	rich r;
	int fd;

	rich_make(tu_store, &r);
	fd = open("/dev/full", O_WRONLY);
	if (fd >= 0) {
		TU_RC(tu_store, COP_EIO, cop_export_json(tu_store, "pub", fd));
		ck_assert(tu_contains(cop_errmsg(tu_store), "writing"));
		close(fd);
	}
	/* A descriptor open only for reading. */
	fd = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	TU_RC(tu_store, COP_EIO, cop_export_json(tu_store, "pub", fd));
	close(fd);
	/* Reading from a descriptor open only for writing. */
	fd = open("/dev/null", O_WRONLY);
	ck_assert_int_ge(fd, 0);
	{
		char *snap = tu_snapshot(tu_store);
		TU_FAILS_UNCHANGED(tu_store, COP_EIO, snap,
			cop_import_json(NULL, tu_store, fd, NULL));
		free(snap);
	}
	close(fd);
}
END_TEST

START_TEST(test_read_only)
{
	rich r;
	other o;
	cop_store *ro = NULL;
	char *doc;
	size_t len;

	rich_make(tu_store, &r);
	doc = export_doc(tu_store, "inv", &len);
	other_open(&o, 0);
	tu_close(o.s);
	{
		cop_open_options oo;
		memset(&oo, 0, sizeof(oo));
		oo.version = COP_OPEN_OPTIONS_VERSION;
		oo.flags = COP_OPEN_READONLY;
		oo.flags |= COP_OPEN_SYSTEM;
		ck_assert_int_eq(cop_open(&ro, o.uri, &oo), COP_OK);
	}
	o.s = ro;
	TU_RC(ro, COP_EREADONLY, import_doc(ro, doc, len, NULL, NULL));
	other_close(&o);
	free(doc);
}
END_TEST

/* ---- allocation failures ------------------------------------------------------------------- */

START_TEST(test_alloc_import)
{
	tu_world w;
	other o;
	char *doc, *snap;
	size_t len;
	long n;
	int rc = COP_ENOMEM;

	tu_world_make(tu_store, &w);
	doc = export_doc(tu_store, "inv", &len);
	other_open(&o, 0);
	snap = tu_snapshot(o.s);
	for (n = 1; n < 20000; n++) {
		cop_alloc_fail_at(n, 0);
		rc = import_doc(o.s, doc, len, NULL, NULL);
		if (cop_alloc_failures() == 0)
			break;
		cop_alloc_fail_at(0, 0);
		ck_assert_msg(rc == COP_ENOMEM, "failure %ld: %s (%s)", n,
			tu_ename(rc), cop_errmsg(o.s));
		tu_assert_unchanged(o.s, snap, "import");
	}
	cop_alloc_fail_at(0, 0);
	TU_OK(o.s, rc);
	ck_assert_int_gt(n, 5);
	free(snap);
	other_close(&o);
	free(doc);
}
END_TEST

START_TEST(test_alloc_export)
{
	tu_world w;
	char *full, *snap;
	long n;
	int rc = COP_ENOMEM, fd;

	tu_world_make(tu_store, &w);
	full = export_doc(tu_store, "pub", NULL);
	snap = tu_snapshot(tu_store);
	for (n = 1; n < 20000; n++) {
		fd = memfd_create("cop-json", 0);
		ck_assert_int_ge(fd, 0);
		cop_alloc_fail_at(n, 0);
		rc = cop_export_json(tu_store, "pub", fd);
		close(fd);
		if (cop_alloc_failures() == 0)
			break;
		cop_alloc_fail_at(0, 0);
		ck_assert_msg(rc == COP_ENOMEM, "failure %ld: %s (%s)", n,
			tu_ename(rc), cop_errmsg(tu_store));
	}
	cop_alloc_fail_at(0, 0);
	TU_OK(tu_store, rc);
	tu_assert_unchanged(tu_store, snap, "export");
	free(snap);
	free(full);
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc;

	tc = tu_tcase(s, "round trip", tu_store_setup, tu_store_teardown);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_round_trip_extras);
	tcase_add_test(tc, test_queue_after_import);
	tcase_add_test(tc, test_summary_round_trip);
	tcase_add_test(tc, test_hidden_round_trip);
	tcase_add_test(tc, test_redacted_round_trip);
	tcase_add_test(tc, test_cross_backend);
	tcase_add_test(tc, test_existing_members_and_rename);
	tcase_add_test(tc, test_thread_flags);
	tcase_add_test(tc, test_tags);
	tcase_add_test(tc, test_history);
	tc = tu_tcase(s, "visibility", tu_store_setup, tu_store_teardown);
	tcase_add_test(tc, test_visibility);
	tc = tu_tcase(s, "bad input", tu_store_setup, tu_store_teardown);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_api_rules);
	tcase_add_test(tc, test_write_failure);
	tcase_add_test(tc, test_read_only);
	tc = tu_tcase(s, "allocation", tu_store_setup, tu_store_teardown);
	tcase_add_test(tc, test_alloc_import);
	tcase_add_test(tc, test_alloc_export);
	return s;
}

/* ---- a build without jansson ----------------------------------------------------------- */

#ifndef COP_HAVE_JANSSON
/* Every JSON function answers COP_ENOTSUP, naming jansson, and changes
 * nothing. */
START_TEST(test_without_jansson)
{
	cop_import_report r;
	char *snap = tu_snapshot(tu_store);
	int fd = open("/dev/null", O_RDWR);

	printf("# SKIP the JSON export and import: libcop was built without "
		"jansson\n");
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(cop_export_json(tu_store, "x", fd), COP_ENOTSUP);
	ck_assert_ptr_nonnull(strstr(cop_errmsg(tu_store), "jansson"));
	ck_assert_int_eq(cop_import_json(&r, tu_store, fd, NULL), COP_ENOTSUP);
	ck_assert_ptr_nonnull(strstr(cop_errmsg(tu_store), "jansson"));
	ck_assert_int_eq(cop_member_export_json(tu_store, "x", fd), COP_ENOTSUP);
	ck_assert_ptr_nonnull(strstr(cop_errmsg(tu_store), "jansson"));
	ck_assert_int_eq(cop_export_json(NULL, "x", fd), COP_EINVAL);
	close(fd);
	tu_assert_unchanged(tu_store, snap, "the JSON functions without jansson");
	free(snap);
}
END_TEST

static Suite *without_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tu_tcase(s, "without jansson", tu_store_setup,
		tu_store_teardown);
	tcase_add_test(tc, test_without_jansson);
	return s;
}
#endif

int main(void)
{
#ifndef COP_HAVE_JANSSON
	if (1)
		return tu_run(without_suite());
#endif
	return tu_run(json_suite());
}
