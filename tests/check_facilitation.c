/*
 * check_facilitation.c: the facilitator's queue, its thresholds,
 * summaries and their coverage (include/cop/facilitation.h).  Every
 * kind of the queue at its threshold (one second before: absent; at
 * it: present) by the store's clock; pages without miss or repeat; who
 * may read it (others refused as for what they may not see, nothing
 * revealed); hidden content and erased members absent; summaries made,
 * revised and refused; coverage counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define SEC (1000LL)
#define HOUR (3600 * SEC)
#define DAY (24 * HOUR)

static tu_world W;

static void setup(void)
{
	tu_store_setup();
	tu_world_make(tu_store, &W);
}

static void teardown(void)
{
	tu_store_teardown();
}

/* How long the item (@p kind, @p object) of @p community's queue has
 * waited, in seconds, as the current actor reads the queue; -1 when it
 * is not there. */
static int64_t waited(cop_store *s, const char *community, cop_queue_kind kind,
	const char *object)
{
	cop_queue_iter *it = NULL;
	cop_queue_item *item = NULL;
	int64_t found = -1;
	int rc;

	TU_OK(s, cop_queue_iter_new(&it, s, community, NULL));
	while ((rc = cop_queue_iter_next(&item, it)) == COP_OK) {
		if (cop_queue_item_kind_get(item) == kind &&
		    strcmp(cop_queue_item_object_id(item), object) == 0)
			found = cop_queue_item_waited(item);
		cop_queue_item_free(item);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_queue_iter_free(it);
	return found;
}

/* At @p start + @p threshold less a second the item is absent; at
 * start + threshold it is there, having waited the threshold. */
static void boundary(cop_store *s, const char *community, cop_queue_kind kind,
	const char *object, cop_time start, cop_time threshold)
{
	TU_OK(s, cop_store_set_time(s, start + threshold - SEC));
	ck_assert_msg(waited(s, community, kind, object) == -1,
		"%s listed a second early (waited %lld)", cop_queue_kind_name(kind),
		(long long)waited(s, community, kind, object));
	TU_OK(s, cop_store_set_time(s, start + threshold));
	ck_assert_msg(waited(s, community, kind, object) == threshold / SEC,
		"%s not listed at its threshold", cop_queue_kind_name(kind));
}

START_TEST(test_unanswered_unaccepted)
{
	cop_store *s = tu_store;
	tu_idbuf q, post, mine, reply, answer;
	cop_time asked;

	/* The clock is fixed: what is made now is made at cop_store_now(). */
	asked = cop_store_now(s);
	tu_as(s, W.member);
	tu_thread(s, q, post, "pub", COP_THREAD_QUESTION, "Where to start",
		"Where does one begin?");
	tu_as(s, NULL);
	boundary(s, "pub", COP_QUEUE_UNANSWERED, q, asked, 24 * HOUR);
	/* The asker's own reply answers nothing. */
	tu_as(s, W.member);
	tu_contrib(s, mine, q, COP_CONTRIB_REPLY, NULL, "Anyone?");
	tu_as(s, W.facil);
	ck_assert(waited(s, "pub", COP_QUEUE_UNANSWERED, q) >= 0);
	/* Someone else's reply does; an answer makes it unaccepted. */
	tu_as(s, W.core);
	tu_contrib(s, reply, q, COP_CONTRIB_REPLY, NULL, "Good question.");
	tu_as(s, NULL);
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_UNANSWERED, q), -1);
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_UNACCEPTED, q), -1);
	tu_as(s, W.core);
	tu_contrib(s, answer, q, COP_CONTRIB_ANSWER, NULL, "Begin small.");
	tu_as(s, NULL);
	boundary(s, "pub", COP_QUEUE_UNACCEPTED, q, asked, 7 * DAY);
	TU_OK(s, cop_answer_accept(s, answer));
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_UNACCEPTED, q), -1);
	/* A closed question waits for nobody. */
	TU_OK(s, cop_answer_unaccept(s, q));
	ck_assert(waited(s, "pub", COP_QUEUE_UNACCEPTED, q) >= 0);
	TU_OK(s, cop_thread_set_flag(s, q, COP_THREAD_FLAG_CLOSED, 1));
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_UNACCEPTED, q), -1);
}
END_TEST

START_TEST(test_idle)
{
	cop_store *s = tu_store;
	cop_thread *t = NULL;
	cop_time last;

	TU_OK(s, cop_thread_lookup(&t, s, W.pub_thread));
	last = cop_thread_last_activity(t);
	cop_thread_free(t);
	boundary(s, "pub", COP_QUEUE_IDLE, W.pub_thread, last, 14 * DAY);
	/* A summary takes it off the queue. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_summarize(NULL, s, W.pub_thread, "We met."));
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_IDLE, W.pub_thread), -1);
}
END_TEST

START_TEST(test_newcomer)
{
	cop_store *s = tu_store;
	tu_idbuf nia, t, post, again, reply;
	cop_time first;

	tu_member(s, nia, "nia");
	TU_OK(s, cop_community_join(NULL, s, "pub", nia, 0));
	tu_tick(s, SEC);
	tu_as(s, nia);
	first = cop_store_now(s);
	tu_thread(s, t, post, "pub", COP_THREAD_DISCUSSION, "Hello",
		"I am new here.");
	tu_as(s, NULL);
	boundary(s, "pub", COP_QUEUE_NEWCOMER, nia, first, 48 * HOUR);
	/* Their own second word is no reply; another member's is. */
	tu_as(s, nia);
	tu_contrib(s, again, t, COP_CONTRIB_REPLY, NULL, "Hello?");
	tu_as(s, W.facil);
	ck_assert(waited(s, "pub", COP_QUEUE_NEWCOMER, nia) >= 0);
	tu_as(s, W.member);
	tu_contrib(s, reply, t, COP_CONTRIB_REPLY, NULL, "Welcome, nia!");
	tu_as(s, W.facil);
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_NEWCOMER, nia), -1);
}
END_TEST

START_TEST(test_flag_and_join)
{
	cop_store *s = tu_store;
	cop_flag *f = NULL;
	cop_membership *ms = NULL;
	char flag[COP_ID_TEXT_LEN + 1];
	cop_time raised, joined;
	int64_t secs = -1;

	/* Flags wait no time by default: a threshold makes it a minute. */
	TU_OK(s, cop_queue_threshold_lookup(&secs, s, "pub", COP_QUEUE_FLAG));
	ck_assert_int_eq(secs, 0);
	TU_OK(s, cop_queue_threshold_set(s, "pub", COP_QUEUE_FLAG, 60));
	TU_OK(s, cop_queue_threshold_lookup(&secs, s, "pub", COP_QUEUE_FLAG));
	ck_assert_int_eq(secs, 60);
	tu_as(s, W.facil);
	TU_OK(s, cop_flag_raise(&f, s, W.pub_post, "Off topic."));
	snprintf(flag, sizeof(flag), "%s", cop_flag_id(f));
	raised = cop_flag_created(f);
	cop_flag_free(f);
	tu_as(s, NULL);
	boundary(s, "pub", COP_QUEUE_FLAG, flag, raised, 60 * SEC);
	TU_OK(s, cop_flag_resolve(s, flag, COP_FLAG_DISMISSED));
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_FLAG, flag), -1);

	/* A join request: a pending membership. */
	TU_OK(s, cop_queue_threshold_set(s, "inv", COP_QUEUE_JOIN_REQUEST,
		3600));
	TU_OK(s, cop_community_join(&ms, s, "inv", W.outsider, 0));
	joined = cop_membership_joined(ms);
	cop_membership_free(ms);
	TU_OK(s, cop_membership_set_status(s, "inv", W.outsider,
		COP_MEMBERSHIP_PENDING));
	boundary(s, "inv", COP_QUEUE_JOIN_REQUEST, W.outsider, joined, HOUR);
	TU_OK(s, cop_membership_set_status(s, "inv", W.outsider,
		COP_MEMBERSHIP_ACTIVE));
	ck_assert_int_eq(waited(s, "inv", COP_QUEUE_JOIN_REQUEST, W.outsider),
		-1);
}
END_TEST

START_TEST(test_quiet)
{
	cop_store *s = tu_store;
	tu_idbuf a, b, c;
	cop_contribution *k = NULL;
	/* (b: the third contribution's id, kept to be read back) */
	cop_time last;

	/* mia has one post in pub: not active yet, however long ago. */
	TU_OK(s, cop_store_set_time(s, TU_T0 + 400 * DAY));
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_QUIET, W.member), -1);
	tu_as(s, W.member);
	tu_contrib(s, a, W.pub_thread, COP_CONTRIB_REPLY, NULL, "Two.");
	tu_tick(s, SEC);
	TU_OK(s, cop_contribution_create(&k, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "Three."));
	snprintf(b, sizeof(tu_idbuf), "%s", cop_contribution_id(k));
	last = cop_contribution_created(k);
	cop_contribution_free(k);
	tu_as(s, NULL);
	/* Quiet from the start of the last day active (standings count
	 * days). */
	boundary(s, "pub", COP_QUEUE_QUIET, W.member, last - last % DAY,
		30 * DAY);
	/* Speaking again ends it. */
	tu_as(s, W.member);
	tu_contrib(s, c, W.pub_thread, COP_CONTRIB_REPLY, NULL, "Four.");
	tu_as(s, NULL);
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_QUIET, W.member), -1);
}
END_TEST

/* Every item of the queue, as "kind:object" lines, by pages of @p limit
 * (0: one listing). */
static char *listing(cop_store *s, const char *community, unsigned int limit)
{
	cop_page page = COP_PAGE_INIT;
	cop_queue_iter *it = NULL;
	cop_queue_item *item = NULL;
	char *out = calloc(1, 65536), cursor[200] = "";
	int rc, n;

	ck_assert_ptr_nonnull(out);
	page.limit = limit;
	do {
		page.after = cursor[0] ? cursor : NULL;
		TU_OK(s, cop_queue_iter_new(&it, s, community, &page));
		n = 0;
		while ((rc = cop_queue_iter_next(&item, it)) == COP_OK) {
			snprintf(out + strlen(out), 65536 - strlen(out),
				"%s:%s:%lld\n",
				cop_queue_kind_name(cop_queue_item_kind_get(item)),
				cop_queue_item_object_id(item),
				(long long)cop_queue_item_since(item));
			cop_queue_item_free(item);
			n++;
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		if (n)
			snprintf(cursor, sizeof(cursor), "%s",
				cop_queue_iter_cursor(it));
		cop_queue_iter_free(it);
	} while (limit && n == (int)limit);
	return out;
}

START_TEST(test_pages)
{
	cop_store *s = tu_store;
	tu_idbuf t, post;
	char title[32], *whole, *paged;
	int i, lines = 0;

	/* Questions asked in pairs at the same time (ties broken by kind
	 * and id), and the world's threads and newcomers. */
	for (i = 0; i < 9; i++) {
		tu_as(s, i % 2 ? W.member : W.core);
		snprintf(title, sizeof(title), "Question %d", i);
		tu_thread(s, t, post, "pub", COP_THREAD_QUESTION, title,
			"Anyone?");
		if (i % 2)
			tu_tick(s, SEC);
	}
	tu_as(s, W.facil);
	TU_OK(s, cop_store_set_time(s, TU_T0 + 60 * DAY));
	whole = listing(s, "pub", 0);
	for (i = 0; whole[i]; i++)
		lines += whole[i] == '\n';
	ck_assert_int_ge(lines, 12);
	for (i = 1; i <= 4; i++) {
		paged = listing(s, "pub", (unsigned int)i);
		ck_assert_str_eq(paged, whole);
		free(paged);
	}
	free(whole);
}
END_TEST

START_TEST(test_permission)
{
	cop_store *s = tu_store;
	cop_queue_iter *it = NULL;
	cop_community *c = NULL;
	char *snap = tu_snapshot(s);
	int64_t secs = 0, n = 0, m = 0;
	int rc;

	/* A plain or core member: refused, with no iterator. */
	tu_as(s, W.member);
	ck_assert_int_eq(cop_queue_iter_new(&it, s, "pub", NULL), COP_EPERM);
	ck_assert_ptr_null(it);
	tu_as(s, W.core);
	ck_assert_int_eq(cop_queue_iter_new(&it, s, "pub", NULL), COP_EPERM);
	ck_assert_int_eq(cop_queue_threshold_lookup(&secs, s, "pub",
		COP_QUEUE_IDLE), COP_EPERM);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_queue_threshold_set(s, "pub", COP_QUEUE_IDLE, 60));
	/* An outsider of a private community: what any read of it gives. */
	tu_as(s, W.outsider);
	rc = cop_community_lookup(&c, s, "priv");
	ck_assert_int_ne(rc, COP_OK);
	ck_assert_int_eq(cop_queue_iter_new(&it, s, "priv", NULL), rc);
	ck_assert_ptr_null(it);
	ck_assert_int_eq(cop_summary_coverage(&n, &m, s, "priv"), rc);
	ck_assert_ptr_null(strstr(cop_errmsg(s), W.priv_thread));
	/* The moderate privilege (trust level 4) lets a member read it. */
	tu_as(s, NULL);
	TU_OK(s, cop_trust_set(s, "pub", W.member, 4));
	tu_as(s, W.member);
	TU_OK(s, cop_queue_iter_new(&it, s, "pub", NULL));
	cop_queue_iter_free(it);
	/* Facilitators, owners, the system. */
	tu_as(s, W.facil);
	TU_OK(s, cop_queue_iter_new(&it, s, "pub", NULL));
	cop_queue_iter_free(it);
	tu_as(s, W.owner);
	TU_OK(s, cop_queue_iter_new(&it, s, "priv", NULL));
	cop_queue_iter_free(it);
	/* Bad arguments. */
	tu_as(s, NULL);
	ck_assert_int_eq(cop_queue_iter_new(&it, s, NULL, NULL), COP_EINVAL);
	ck_assert_int_eq(cop_queue_iter_new(&it, s, "nowhere", NULL),
		COP_ENOTFOUND);
	ck_assert_int_eq(cop_queue_threshold_set(s, "pub", COP_QUEUE_IDLE, -1),
		COP_EINVAL);
	ck_assert_int_eq(cop_queue_threshold_set(s, "pub",
		(cop_queue_kind)COP_QUEUE_KINDS, 60), COP_EINVAL);
	free(snap);
}
END_TEST

START_TEST(test_hidden_absent)
{
	cop_store *s = tu_store;
	tu_idbuf q, post, nia, t2, post2;
	cop_flag *f = NULL;
	char flag[COP_ID_TEXT_LEN + 1];

	tu_as(s, W.member);
	tu_thread(s, q, post, "pub", COP_THREAD_QUESTION, "Hidden one",
		"Nobody answers.");
	tu_as(s, W.facil);
	TU_OK(s, cop_flag_raise(&f, s, W.pub_post, "Spam."));
	snprintf(flag, sizeof(flag), "%s", cop_flag_id(f));
	cop_flag_free(f);
	tu_member(s, nia, "nia");
	tu_as(s, NULL);         /* only the system adds a member */
	TU_OK(s, cop_community_join(NULL, s, "pub", nia, 0));
	tu_as(s, nia);
	tu_thread(s, t2, post2, "pub", COP_THREAD_DISCUSSION, "Hi", "New.");
	tu_as(s, NULL);
	TU_OK(s, cop_store_set_time(s, TU_T0 + 60 * DAY));
	ck_assert(waited(s, "pub", COP_QUEUE_UNANSWERED, q) >= 0);
	ck_assert(waited(s, "pub", COP_QUEUE_FLAG, flag) >= 0);
	ck_assert(waited(s, "pub", COP_QUEUE_NEWCOMER, nia) >= 0);
	/* A hidden thread, a hidden contribution, an erased member. */
	TU_OK(s, cop_thread_set_flag(s, q, COP_THREAD_FLAG_HIDDEN, 1));
	TU_OK(s, cop_contribution_hide(s, W.pub_post, "Spam indeed."));
	TU_OK(s, cop_member_erase(s, nia));
	{
		const struct { cop_queue_kind kind; const char *object; } gone[] = {
			{ COP_QUEUE_UNANSWERED, q }, { COP_QUEUE_IDLE, q },
			{ COP_QUEUE_FLAG, flag }, { COP_QUEUE_NEWCOMER, nia },
			{ COP_QUEUE_QUIET, nia } };
		size_t i;

		for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
			ck_assert_int_eq(waited(s, "pub", gone[i].kind,
				gone[i].object), -1);
	}
}
END_TEST

START_TEST(test_summary)
{
	cop_store *s = tu_store;
	cop_contribution *c = NULL;
	cop_thread *t = NULL;
	char *snap, id[COP_ID_TEXT_LEN + 1];

	/* Members and outsiders are refused; nothing changes. */
	snap = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_thread_summarize(&c, s, W.pub_thread, "Mine."));
	ck_assert_ptr_null(c);
	tu_as(s, W.silenced);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_thread_summarize(NULL, s, W.pub_thread, "Mine."));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_thread_summarize(NULL, s, W.priv_thread, "Mine."));
	tu_as(s, W.facil);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_thread_summarize(NULL, s, W.pub_thread, ""));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_thread_summarize(NULL, s, "not-an-id", "Text."));
	free(snap);

	/* A core member writes the first: a summary contribution. */
	tu_as(s, W.core);
	TU_OK(s, cop_thread_summarize(&c, s, W.pub_thread, "We agreed."));
	ck_assert_int_eq(cop_contribution_kind_get(c), COP_CONTRIB_SUMMARY);
	ck_assert_int_eq(cop_contribution_revision(c), 1);
	snprintf(id, sizeof(id), "%s", cop_contribution_id(c));
	cop_contribution_free(c);
	TU_OK(s, cop_thread_lookup(&t, s, W.pub_thread));
	ck_assert_str_eq(cop_thread_summary_id(t), id);
	cop_thread_free(t);
	/* A facilitator revises it, closed as the thread is. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_CLOSED,
		1));
	TU_OK(s, cop_thread_summarize(&c, s, W.pub_thread, "We agreed twice."));
	ck_assert_str_eq(cop_contribution_id(c), id);
	ck_assert_int_eq(cop_contribution_revision(c), 2);
	ck_assert_str_eq(cop_contribution_body(c), "We agreed twice.");
	cop_contribution_free(c);
	ck_assert_int_eq(tu_count_revisions(s, id), 1);
	TU_OK(s, cop_thread_lookup(&t, s, W.pub_thread));
	ck_assert_str_eq(cop_thread_summary_id(t), id);
	cop_thread_free(t);
	TU_OK(s, cop_thread_lookup(&t, s, W.inv_thread));
	ck_assert_ptr_null(cop_thread_summary_id(t));
	cop_thread_free(t);
}
END_TEST

START_TEST(test_coverage)
{
	cop_store *s = tu_store;
	tu_idbuf d1, p1, d2, p2, d3, p3;
	int64_t covered = -1, total = -1;

	/* pub: the world's discussion, and three more. */
	tu_as(s, W.member);
	tu_thread(s, d1, p1, "pub", COP_THREAD_DISCUSSION, "One", "1");
	tu_thread(s, d2, p2, "pub", COP_THREAD_DISCUSSION, "Two", "2");
	tu_thread(s, d3, p3, "pub", COP_THREAD_DISCUSSION, "Three", "3");
	TU_OK(s, cop_summary_coverage(&covered, &total, s, "pub"));
	ck_assert_int_eq(total, 0);
	ck_assert_int_eq(covered, 0);
	/* Closed counts at once; idle after 14 days. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, d1, COP_THREAD_FLAG_CLOSED, 1));
	TU_OK(s, cop_thread_summarize(NULL, s, d1, "Done."));
	TU_OK(s, cop_summary_coverage(&covered, &total, s, "pub"));
	ck_assert_int_eq(total, 1);
	ck_assert_int_eq(covered, 1);
	TU_OK(s, cop_store_set_time(s, TU_T0 + 30 * DAY));
	TU_OK(s, cop_thread_summarize(NULL, s, d2, "Two done."));
	TU_OK(s, cop_store_set_time(s, TU_T0 + 60 * DAY));
	TU_OK(s, cop_summary_coverage(&covered, &total, s, "pub"));
	ck_assert_int_eq(total, 4);
	ck_assert_int_eq(covered, 2);
	/* A hidden discussion counts only for those who see it. */
	TU_OK(s, cop_thread_set_flag(s, d3, COP_THREAD_FLAG_HIDDEN, 1));
	TU_OK(s, cop_summary_coverage(&covered, &total, s, "pub"));
	ck_assert_int_eq(total, 4);
	tu_as(s, W.member);
	TU_OK(s, cop_summary_coverage(&covered, &total, s, "pub"));
	ck_assert_int_eq(total, 3);
	ck_assert_int_eq(covered, 2);
}
END_TEST

/* Every kind's name parses back to it; no other name or number does. */
START_TEST(test_names)
{
	cop_queue_kind k, back;

	for (k = COP_QUEUE_UNANSWERED; k < COP_QUEUE_KINDS; k++) {
		TU_OK(NULL, cop_queue_kind_parse(&back, cop_queue_kind_name(k)));
		ck_assert_int_eq(back, k);
	}
	ck_assert_str_eq(cop_queue_kind_name(COP_QUEUE_JOIN_REQUEST),
		"join-request");
	ck_assert_ptr_null(cop_queue_kind_name(COP_QUEUE_KINDS));
	ck_assert_int_eq(cop_queue_kind_parse(&back, "late"), COP_EINVAL);
}
END_TEST


/* An event that ended with no attendance recorded waits from its end (1
 * day by default); a cancelled one never; recording attendance (absent
 * counts) takes it off. */
START_TEST(test_event)
{
	cop_store *s = tu_store;
	cop_event_spec e = COP_EVENT_SPEC_INIT;
	cop_event *ev = NULL, *gone = NULL;
	char id[COP_ID_TEXT_LEN + 1], gid[COP_ID_TEXT_LEN + 1];
	cop_time start = cop_store_now(s) + DAY;

	e.title = "Field day";
	e.start = start;
	e.end = start + 2 * HOUR;
	TU_OK(s, cop_event_create(&ev, s, "pub", &e));
	snprintf(id, sizeof(id), "%s", cop_event_id(ev));
	e.title = "Rained off";
	TU_OK(s, cop_event_create(&gone, s, "pub", &e));
	snprintf(gid, sizeof(gid), "%s", cop_event_id(gone));
	TU_OK(s, cop_event_cancel(s, gid, "Rain"));
	boundary(s, "pub", COP_QUEUE_EVENT, id, e.end, DAY);
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_EVENT, gid), -1);
	TU_OK(s, cop_event_attend(s, id, W.member, COP_ATTENDANCE_ABSENT));
	ck_assert_int_eq(waited(s, "pub", COP_QUEUE_EVENT, id), -1);
	cop_event_free(ev);
	cop_event_free(gone);
}
END_TEST

static Suite *facilitation_suite(void)
{
	Suite *s = suite_create("facilitation");
	TCase *tc = tu_tcase(s, "facilitation", setup, teardown);

	tcase_add_test(tc, test_unanswered_unaccepted);
	tcase_add_test(tc, test_idle);
	tcase_add_test(tc, test_newcomer);
	tcase_add_test(tc, test_flag_and_join);
	tcase_add_test(tc, test_quiet);
	tcase_add_test(tc, test_pages);
	tcase_add_test(tc, test_permission);
	tcase_add_test(tc, test_hidden_absent);
	tcase_add_test(tc, test_summary);
	tcase_add_test(tc, test_coverage);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_event);
	return s;
}

int main(void)
{
	return tu_run(facilitation_suite());
}
