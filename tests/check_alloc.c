/*
 * check_alloc.c: allocation failures.  A compact scenario (open, create
 * members, a community, join, a thread, a reply, an edit, listings, a
 * search) runs with the Nth allocation failing, for N = 1, 2, ... until a
 * run passes without an injected failure.  Every failure must give
 * COP_ENOMEM and leave the store as it was; leaks are caught by valgrind
 * or LeakSanitizer, which CI runs over this program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Most attempts for one step before giving up. */
#define MAX_N 20000

/* ---- the allocator itself ------------------------------------------------ */

START_TEST(test_alloc_api)
{
	long count;
	char *p, *q;

	cop_alloc_fail_at(0, 0);
	ck_assert_int_eq(cop_alloc_failures(), 0);
	count = cop_alloc_count();
	p = cop_malloc(16);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(cop_alloc_count(), count + 1);
	cop_free(p);

	/* The next one fails, once. */
	cop_alloc_fail_at(1, 0);
	ck_assert_ptr_null(cop_malloc(16));
	ck_assert_int_eq(cop_alloc_failures(), 1);
	p = cop_malloc(16);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(cop_alloc_failures(), 1);
	cop_free(p);

	/* The third one, and every later one. */
	cop_alloc_fail_at(3, 1);
	p = cop_strdup("one");
	q = cop_mallocz(8);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(cop_alloc_failures(), 0);
	ck_assert_ptr_null(cop_malloc(1));
	ck_assert_ptr_null(cop_strdup("two"));
	ck_assert_ptr_null(cop_mallocz(4));
	ck_assert_int_eq(cop_alloc_failures(), 3);
	/* A failed realloc leaves the block alone. */
	ck_assert_ptr_null(cop_realloc(p, 4096));
	ck_assert_str_eq(p, "one");
	cop_alloc_fail_at(0, 0);
	ck_assert_int_eq(cop_alloc_failures(), 0);
	p = cop_realloc(p, 4096);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p, "one");
	cop_free(p);
	ck_assert_mem_eq(q, "\0\0\0\0\0\0\0\0", 8);
	cop_free(q);

	ck_assert_ptr_null(cop_strdup(NULL));
	p = cop_strndup("abcdef", 3);
	ck_assert_str_eq(p, "abc");
	cop_free(p);
	cop_free(NULL);
	ck_assert_int_eq(cop_alloc_failures(), 0);
}
END_TEST

/* ---- opening ------------------------------------------------------------------ */

static void loc_setup(void)
{
	cop_alloc_fail_at(0, 0);
	tu_loc_new();
}

static void loc_teardown(void)
{
	cop_alloc_fail_at(0, 0);
	tu_loc_free();
}

START_TEST(test_open)
{
	cop_store *s = NULL;
	cop_stats st;
	long n, failed = 0;
	int rc;

	for (n = 1; n < MAX_N; n++) {
		cop_alloc_fail_at(n, 0);
		rc = cop_open(&s, tu_uri(), &tu_system);
		if (cop_alloc_failures() == 0) {
			cop_alloc_fail_at(0, 0);
			TU_OK(NULL, rc);
			break;
		}
		cop_alloc_fail_at(0, 0);
		failed++;
		ck_assert_msg(rc == COP_ENOMEM, "cop_open with allocation %ld "
			"failing: %s (%s)", n, tu_ename(rc), cop_errmsg(NULL));
		ck_assert_ptr_null(s);
		ck_assert_int_eq(cop_errcode(NULL), COP_ENOMEM);
		ck_assert_str_ne(cop_errmsg(NULL), "no error");
		/* Whatever was left behind opens cleanly and is empty. */
		s = tu_open();
		memset(&st, 0, sizeof(st));
		TU_OK(s, cop_stats_lookup(&st, s, NULL));
		ck_assert_int_eq(st.members, 0);
		ck_assert_int_eq(cop_log_last_seq(s), 0);
		tu_close(s);
		s = NULL;
	}
	ck_assert_msg(n < MAX_N, "cop_open never passed");
	if (getenv("COP_TEST_VERBOSE"))
		fprintf(stderr, "alloc: cop_open: %ld allocations\n", n - 1);
	ck_assert_int_gt(failed, 0);
	/* The store opened at last works. */
	TU_OK(s, cop_member_create(NULL, s, "works", "Works", NULL, NULL));
	ck_assert_int_eq(tu_count_members(s), 1);
	tu_close(s);
}
END_TEST

/* ---- the scenario ------------------------------------------------------------ */

static cop_store *S;
static tu_idbuf A, B, T, R, E;  /* made by the steps */

static void scenario_setup(void)
{
	cop_alloc_fail_at(0, 0);
	memset(A, 0, sizeof(A));
	memset(B, 0, sizeof(B));
	memset(T, 0, sizeof(T));
	memset(R, 0, sizeof(R));
	memset(E, 0, sizeof(E));
	tu_loc_new();
	S = tu_open();
	TU_OK(S, cop_store_set_time(S, TU_T0));
}

static void scenario_teardown(void)
{
	cop_alloc_fail_at(0, 0);
	if (S)
		cop_close(S);
	S = NULL;
	tu_loc_free();
}

/* The steps; test_scenario() sets each one's actor (with injection off). */

static int step_member_a(cop_store *s)
{
	cop_member *m = NULL;
	int rc = cop_member_create(&m, s, "alice", "Alice", "Org", "en fr");

	if (rc == COP_OK)
		memcpy(A, cop_member_id(m), sizeof(A));
	cop_member_free(m);
	return rc;
}

static int step_member_b(cop_store *s)
{
	cop_member *m = NULL;
	int rc = cop_member_create(&m, s, "bob", "Bob", NULL, NULL);

	if (rc == COP_OK)
		memcpy(B, cop_member_id(m), sizeof(B));
	cop_member_free(m);
	return rc;
}

static int step_community(cop_store *s)
{
	cop_community *c = NULL;
	int rc = cop_community_create(&c, s, "garden", "Garden", "Grow",
		NULL, COP_VISIBILITY_PRIVATE);

	cop_community_free(c);
	return rc;
}

static int step_join(cop_store *s)
{
	cop_membership *ms = NULL;
	int rc = cop_community_join(&ms, s, "garden", B, 2);

	cop_membership_free(ms);
	return rc;
}

static int step_thread(cop_store *s)
{
	cop_thread *t = NULL;
	int rc = cop_thread_create(&t, s, "garden", COP_THREAD_QUESTION,
		"When to plant?", "spring seeds", NULL, "Tomatoes, when?");

	if (rc == COP_OK)
		memcpy(T, cop_thread_id(t), sizeof(T));
	cop_thread_free(t);
	return rc;
}

static int step_reply(cop_store *s)
{
	cop_contribution *c = NULL;
	int rc = cop_contribution_create(&c, s, T, COP_CONTRIB_ANSWER, NULL,
		NULL, NULL, "After the last frost");

	if (rc == COP_OK)
		memcpy(R, cop_contribution_id(c), sizeof(R));
	cop_contribution_free(c);
	return rc;
}

static int step_edit(cop_store *s)
{
	cop_contribution *c = NULL;
	int rc = cop_contribution_edit(&c, s, R, "After the last frost, in May",
		"month");

	cop_contribution_free(c);
	return rc;
}

static int step_set_state(cop_store *s)
{
	return cop_thread_set_state(s, T, COP_THREAD_ANSWERED);
}

/* An event in progress (include/cop/event.h), its answer, attendance,
 * its iCalendar and the community's listing. */
static int step_event(cop_store *s)
{
	cop_event_spec sp = COP_EVENT_SPEC_INIT;
	cop_event *e = NULL;
	int rc;

	sp.title = "Seed swap";
	sp.body = "Bring *seeds*.";
	sp.start = TU_T0 - 3600000;
	sp.end = TU_T0 + 3600000;
	sp.tz = "Europe/London";
	sp.capacity = 10;
	rc = cop_event_create(&e, s, "garden", &sp);
	if (rc == COP_OK)
		memcpy(E, cop_event_id(e), sizeof(E));
	cop_event_free(e);
	return rc;
}

static int step_rsvp(cop_store *s)
{
	return cop_event_rsvp(s, E, COP_RSVP_YES, NULL);
}

static int step_attend(cop_store *s)
{
	return cop_event_attend(s, E, B, COP_ATTENDANCE_ATTENDED);
}

static int step_event_read(cop_store *s)
{
	cop_event_iter *it = NULL;
	cop_event *e = NULL;
	char *ics = NULL;
	int rc = cop_event_ics(&ics, s, E);

	cop_text_dispose(ics);
	ics = NULL;
	if (rc == COP_OK)
		rc = cop_community_ics(&ics, s, "garden");
	cop_text_dispose(ics);
	if (rc == COP_OK)
		rc = cop_event_iter_new(&it, s, "garden", COP_EVENTS_UPCOMING,
			NULL);
	while (rc == COP_OK && (rc = cop_event_iter_next(&e, it)) == COP_OK)
		cop_event_free(e);
	cop_event_iter_free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

/* Listings and gets: the first error, or COP_OK. */
static int step_list(cop_store *s)
{
	cop_thread_iter *ti = NULL;
	cop_thread *t = NULL;
	cop_contribution_iter *ci = NULL;
	cop_contribution *c = NULL;
	cop_revision_iter *ri = NULL;
	cop_revision *r = NULL;
	cop_membership_iter *mi = NULL;
	cop_membership *m = NULL;
	cop_log_iter *li = NULL;
	cop_log_entry *e = NULL;
	int rc, n = 0;

	if ((rc = cop_thread_iter_new(&ti, s, "garden", NULL)) != COP_OK)
		return rc;
	while ((rc = cop_thread_iter_next(&t, ti)) == COP_OK) {
		n++;
		cop_thread_free(t);
	}
	cop_thread_iter_free(ti);
	if (rc != COP_ITEROVER)
		return rc;
	ck_assert_int_eq(n, 1);

	if ((rc = cop_contribution_iter_new(&ci, s, T, NULL)) != COP_OK)
		return rc;
	for (n = 0; (rc = cop_contribution_iter_next(&c, ci)) == COP_OK; n++)
		cop_contribution_free(c);
	cop_contribution_iter_free(ci);
	if (rc != COP_ITEROVER)
		return rc;
	ck_assert_int_eq(n, 2);

	if ((rc = cop_revision_iter_new(&ri, s, R)) != COP_OK)
		return rc;
	for (n = 0; (rc = cop_revision_iter_next(&r, ri)) == COP_OK; n++)
		cop_revision_free(r);
	cop_revision_iter_free(ri);
	if (rc != COP_ITEROVER)
		return rc;
	ck_assert_int_eq(n, 1);

	if ((rc = cop_membership_iter_new(&mi, s, "garden", NULL)) != COP_OK)
		return rc;
	for (n = 0; (rc = cop_membership_iter_next(&m, mi)) == COP_OK; n++)
		cop_membership_free(m);
	cop_membership_iter_free(mi);
	if (rc != COP_ITEROVER)
		return rc;
	ck_assert_int_eq(n, 2);

	if ((rc = cop_log_iter_new(&li, s, 0, 0)) != COP_OK)
		return rc;
	for (n = 0; (rc = cop_log_iter_next(&e, li)) == COP_OK; n++)
		cop_log_entry_free(e);
	cop_log_iter_free(li);
	if (rc != COP_ITEROVER)
		return rc;
	ck_assert_int_eq(n, 8);

	if ((rc = cop_contribution_lookup(&c, s, R)) != COP_OK)
		return rc;
	ck_assert_str_eq(cop_contribution_body(c),
		"After the last frost, in May");
	cop_contribution_free(c);
	return COP_OK;
}

static int step_search(cop_store *s)
{
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	int rc, n = 0;

	o.community = "garden";
	if ((rc = cop_search_iter_new(&it, s, "frost may", &o)) != COP_OK)
		return rc;
	while ((rc = cop_search_iter_next(&h, it)) == COP_OK) {
		ck_assert_str_eq(cop_search_hit_contribution_id(h), R);
		n++;
		cop_search_hit_free(h);
	}
	cop_search_iter_free(it);
	if (rc != COP_ITEROVER)
		return rc;
	ck_assert_int_eq(n, 1);
	return COP_OK;
}

/* A step's own failure report, when it had to clean up after it. */
static int saved_code;

static int step_batch(cop_store *s)
{
	cop_member *m = NULL;
	int rc;

	if ((rc = cop_batch_begin(s)) != COP_OK)
		return rc;
	rc = cop_member_create(&m, s, "carol", "Carol", NULL, NULL);
	if (rc == COP_OK)
		rc = cop_community_join(NULL, s, "garden", cop_member_id(m), 1);
	cop_member_free(m);
	if (rc != COP_OK) {
		/* Report this failure, not the rollback's success (the one
		 * injected failure has happened: the rollback gets memory). */
		saved_code = cop_errcode(s);
		TU_OK(s, cop_batch_rollback(s));
		return rc;
	}
	return cop_batch_commit(s);
}

typedef struct step {
	const char *name;
	int (*fn)(cop_store *s);
	int as;              /* 0: the system, 'a' or 'b': that member */
} step;

static const step steps[] = {
	{ "member a", step_member_a, 0 },
	{ "member b", step_member_b, 0 },
	{ "community", step_community, 'a' },
	{ "join", step_join, 0 },
	{ "thread", step_thread, 'b' },
	{ "reply", step_reply, 0 },
	{ "edit", step_edit, 0 },
	{ "set_state", step_set_state, 'a' },
	{ "list", step_list, 'b' },
	{ "search", step_search, 'b' },
	{ "event", step_event, 'a' },
	{ "rsvp", step_rsvp, 'b' },
	{ "attend", step_attend, 'a' },
	{ "event read", step_event_read, 'b' },
	{ "batch", step_batch, 0 },
};

START_TEST(test_scenario)
{
	long n, failures = 0;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		char *before;

		tu_as(S, steps[i].as == 'a' ? A : steps[i].as == 'b' ? B : NULL);
		before = tu_snapshot(S);
		for (n = 1; n < MAX_N; n++) {
			long injected;

			saved_code = 0;
			cop_alloc_fail_at(n, 0);
			rc = steps[i].fn(S);
			injected = cop_alloc_failures();
			cop_alloc_fail_at(0, 0);
			if (!saved_code)
				saved_code = cop_errcode(S);
			if (injected == 0) {
				ck_assert_msg(rc == COP_OK, "%s: %s (%s)",
					steps[i].name, tu_ename(rc),
					cop_errmsg(S));
				break;
			}
			failures++;
			ck_assert_int_eq(injected, 1);
			ck_assert_msg(rc == COP_ENOMEM, "%s with allocation %ld "
				"failing: %s (%s)", steps[i].name, n,
				tu_ename(rc), cop_errmsg(S));
			ck_assert_msg(saved_code == COP_ENOMEM, "%s with "
				"allocation %ld failing: cop_errcode() %s",
				steps[i].name, n, tu_ename(saved_code));
			tu_assert_unchanged(S, before, steps[i].name);
		}
		ck_assert_msg(n < MAX_N, "%s never passed", steps[i].name);
		if (getenv("COP_TEST_VERBOSE"))
			fprintf(stderr, "alloc: %s: %ld allocations\n",
				steps[i].name, n - 1);
		free(before);
	}
	ck_assert_int_gt(failures, (long)(sizeof(steps) / sizeof(steps[0])));
	/* The outcome of the whole scenario. */
	{
		cop_stats st;

		memset(&st, 0, sizeof(st));
		TU_OK(S, cop_stats_lookup(&st, S, NULL));
		ck_assert_int_eq(st.members, 3);
		ck_assert_int_eq(st.communities, 1);
		ck_assert_int_eq(st.threads, 1);
		ck_assert_int_eq(st.answers, 1);
		ck_assert_int_eq(tu_count_memberships(S, "garden"), 3);
	}
}
END_TEST

START_TEST(test_persistent_failure)
{
	cop_thread *t = NULL;
	cop_member_iter *it = NULL;
	char *before;
	int rc;

	TU_OK(S, step_member_a(S));
	TU_OK(S, step_member_b(S));
	tu_as(S, A);
	TU_OK(S, step_community(S));
	tu_as(S, NULL);
	TU_OK(S, step_join(S));
	tu_as(S, B);
	TU_OK(S, step_thread(S));
	before = tu_snapshot(S);
	/* Every allocation from now fails. */
	cop_alloc_fail_at(1, 1);
	rc = cop_contribution_create(NULL, S, T, COP_CONTRIB_ANSWER, NULL,
		NULL, NULL, "no memory");
	ck_assert_int_eq(rc, COP_ENOMEM);
	rc = cop_thread_lookup(&t, S, T);
	ck_assert_int_eq(rc, COP_ENOMEM);
	ck_assert_ptr_null(t);
	rc = cop_member_iter_new(&it, S, NULL);
	ck_assert_int_eq(rc, COP_ENOMEM);
	ck_assert_ptr_null(it);
	ck_assert_int_ge(cop_alloc_failures(), 3);
	ck_assert_str_ne(cop_errmsg(S), "no error");
	cop_alloc_fail_at(0, 0);
	tu_assert_unchanged(S, before, "allocations failing");
	free(before);
	/* Memory is back: so is the store. */
	TU_OK(S, cop_contribution_create(NULL, S, T, COP_CONTRIB_ANSWER, NULL,
		NULL, NULL, "memory"));
	ck_assert_int_eq(tu_count_contribs(S, T), 2);
}
END_TEST

/* An item that fails to be handed out (out of memory) does not move the
 * listing's cursor: a page from the cursor starts at that item. */
START_TEST(test_listing_cursor_after_failure)
{
	static const char *const handles[] = { "ada", "bea", "cai" };
	cop_store *s = NULL;
	cop_member_iter *it = NULL;
	cop_member *m = NULL;
	cop_page pg = COP_PAGE_INIT;
	char *cursor;
	int i;

	TU_OK(NULL, cop_open(&s, tu_uri(), &tu_system));
	for (i = 0; i < 3; i++)
		TU_OK(s, cop_member_create(NULL, s, handles[i], "Someone", NULL,
			NULL));
	/* The cursor after the first member, from a listing of its own. */
	TU_OK(s, cop_member_iter_new(&it, s, NULL));
	TU_OK(s, cop_member_iter_next(&m, it));
	cop_member_free(m);
	cursor = strdup(cop_member_iter_cursor(it));
	cop_member_iter_free(it);
	/* Its cursor is not asked for before the next item fails. */
	TU_OK(s, cop_member_iter_new(&it, s, NULL));
	TU_OK(s, cop_member_iter_next(&m, it));
	ck_assert_str_eq(cop_member_handle(m), "ada");
	cop_member_free(m);
	cop_alloc_fail_at(1, 0);
	ck_assert_int_eq(cop_member_iter_next(&m, it), COP_ENOMEM);
	ck_assert_int_eq(cop_alloc_failures(), 1);
	cop_alloc_fail_at(0, 0);
	ck_assert_ptr_null(m);
	ck_assert_str_eq(cop_member_iter_cursor(it), cursor);
	cop_member_iter_free(it);
	pg.after = cursor;
	TU_OK(s, cop_member_iter_new(&it, s, &pg));
	TU_OK(s, cop_member_iter_next(&m, it));
	ck_assert_str_eq(cop_member_handle(m), "bea");
	cop_member_free(m);
	cop_member_iter_free(it);
	free(cursor);
	tu_close(s);
}
END_TEST

static Suite *alloc_suite(void)
{
	Suite *s = suite_create("alloc");
	TCase *tc;

	tc = tu_tcase(s, "api", loc_setup, loc_teardown);
	tcase_add_test(tc, test_alloc_api);
	tcase_add_test(tc, test_open);
	tcase_add_test(tc, test_listing_cursor_after_failure);
	tc = tu_tcase(s, "scenario", scenario_setup, scenario_teardown);
	tcase_add_test(tc, test_scenario);
	tcase_add_test(tc, test_persistent_failure);
	return s;
}

int main(void)
{
	return tu_run(alloc_suite());
}
