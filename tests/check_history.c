/*
 * check_history.c: a thread's history (thread.h): its first title and
 * tags, each change of title or tags (cop_thread_edit()) with the value
 * before and after, and each property closed, locked, pinned or hidden
 * turned on or off, with who did it and when; read as the thread is
 * (not found by whoever may not see it), a page at a time; a refused
 * edit changes nothing.
 */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "cop/sys/backend.h"

TU_WORLD_FIXTURE(W)

/* Thread @p thread's history as the actor reads it, one line an entry:
 * "number kind old>new actor +ms comment" (absent values as "-", the
 * actor as "sys" when none, times after the first entry's), into
 * @p out. */
static int history(cop_store *s, const char *thread, const cop_page *page,
	char *out, size_t n)
{
	cop_thread_history_iter *it = NULL;
	cop_thread_change *c = NULL;
	size_t used = 0;
	cop_time first = 0;
	int rc;

	out[0] = '\0';
	if ((rc = cop_thread_history_iter_new(&it, s, thread, page)) != COP_OK)
		return rc;
	while ((rc = cop_thread_history_iter_next(&c, it)) == COP_OK) {
		const char *a = cop_thread_change_actor_id(c);

		if (!used)
			first = cop_thread_change_created(c);

		ck_assert_str_eq(cop_thread_change_thread_id(c), thread);
		used += (size_t)snprintf(out + used, n - used,
			"%d %s %s>%s %s +%lld %s\n", cop_thread_change_number(c),
			cop_thread_change_kind_name(cop_thread_change_kind_get(c)),
			cop_thread_change_old_value(c) ?
			cop_thread_change_old_value(c) : "-",
			cop_thread_change_new_value(c) ?
			cop_thread_change_new_value(c) : "-",
			!a ? "sys" : strcmp(a, W.member) == 0 ? "mia" :
			strcmp(a, W.facil) == 0 ? "fred" :
			strcmp(a, W.owner) == 0 ? "olga" :
			strcmp(a, W.core) == 0 ? "cora" : a,
			(long long)(cop_thread_change_created(c) - first),
			cop_thread_change_comment(c) ?
			cop_thread_change_comment(c) : "-");
		ck_assert_msg(used < n, "history too long");
		cop_thread_change_free(c);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_thread_history_iter_free(it);
	return COP_OK;
}

START_TEST(test_created)
{
	cop_store *s = tu_store;
	tu_idbuf tid, pid;
	char h[2048];

	/* The world's threads: their titles, no tags (the world is made
	 * 3 s after its first thread). */
	TU_OK(s, history(s, W.pub_thread, NULL, h, sizeof(h)));
	ck_assert_str_eq(h, "1 title ->Welcome to pub mia +0 -\n");
	tu_as(s, W.member);
	tu_tick(s, 5000);
	tu_thread(s, tid, pid, "pub", COP_THREAD_QUESTION, "How to brew?",
		"Which yeast?");
	TU_OK(s, history(s, tid, NULL, h, sizeof(h)));
	ck_assert_str_eq(h, "1 title ->How to brew? mia +0 -\n");
	{
		cop_thread *t = NULL;

		TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_QUESTION,
			"Hops", "Hops  ale", NULL, "Cascade?"));
		TU_OK(s, history(s, cop_thread_id(t), NULL, h, sizeof(h)));
		ck_assert_str_eq(h, "1 title ->Hops mia +0 -\n"
			"2 tags ->ale hops mia +0 -\n");
		cop_thread_free(t);
	}
}
END_TEST

START_TEST(test_flags)
{
	cop_store *s = tu_store;
	char h[2048];

	tu_as(s, W.facil);
	tu_tick(s, 1000);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_CLOSED, 1));
	/* Already closed: nothing more to record. */
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_CLOSED, 1));
	tu_tick(s, 1000);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_CLOSED, 0));
	tu_as(s, W.owner);
	tu_tick(s, 1000);
	/* The old form: locked turns locked on (closed is off already). */
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_LOCKED));
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_PINNED, 1));
	tu_as(s, NULL);
	tu_tick(s, 1000);
	/* Hidden turns locked and pinned off. */
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_HIDDEN));
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_HIDDEN, 0));
	TU_OK(s, history(s, W.pub_thread, NULL, h, sizeof(h)));
	ck_assert_str_eq(h,
		"1 title ->Welcome to pub mia +0 -\n"
		"2 closed ->- fred +4000 -\n"
		"3 reopened ->- fred +5000 -\n"
		"4 locked ->- olga +6000 -\n"
		"5 pinned ->- olga +6000 -\n"
		"6 unlocked ->- sys +7000 -\n"
		"7 unpinned ->- sys +7000 -\n"
		"8 hidden ->- sys +7000 -\n"
		"9 shown ->- sys +7000 -\n");
}
END_TEST

START_TEST(test_edit)
{
	cop_store *s = tu_store;
	char h[2048], before[2048], *snap;
	cop_thread *t = NULL;

	tu_as(s, W.member);
	tu_tick(s, 1000);
	TU_OK(s, cop_thread_edit(s, W.pub_thread, "Welcome, all", NULL,
		"friendlier"));
	tu_as(s, W.facil);
	tu_tick(s, 1000);
	TU_OK(s, cop_thread_edit(s, W.pub_thread, NULL, "Intro  meta", NULL));
	/* The same title again: nothing to record. */
	TU_OK(s, cop_thread_edit(s, W.pub_thread, "Welcome, all", "intro meta",
		NULL));
	TU_OK(s, cop_thread_lookup(&t, s, W.pub_thread));
	ck_assert_str_eq(cop_thread_title(t), "Welcome, all");
	ck_assert_str_eq(cop_thread_tags(t), "intro meta");
	cop_thread_free(t);
	TU_OK(s, history(s, W.pub_thread, NULL, h, sizeof(h)));
	ck_assert_str_eq(h,
		"1 title ->Welcome to pub mia +0 -\n"
		"2 title Welcome to pub>Welcome, all mia +4000 friendlier\n"
		"3 tags ->intro meta fred +5000 -\n");
	/* Refused: another member's thread without the privilege, bad
	 * input; nothing changes. */
	snprintf(before, sizeof(before), "%s", h);
	snap = tu_snapshot(s);
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_thread_edit(s, W.priv_thread, "Mine now", NULL, NULL));
	tu_as(s, W.silenced);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_thread_edit(s, W.pub_thread, "Mine now", NULL, NULL));
	tu_as(s, W.member);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_thread_edit(s, W.pub_thread, NULL, NULL, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_thread_edit(s, W.pub_thread, "", NULL, NULL));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, snap,
		cop_thread_edit(s, "nope", "A title", NULL, NULL));
	tu_as(s, W.outsider);
	TU_FAILS_UNCHANGED(s, COP_ENOTFOUND, snap,
		cop_thread_edit(s, W.priv_thread, "A title", NULL, NULL));
	free(snap);
	tu_as(s, W.member);
	TU_OK(s, history(s, W.pub_thread, NULL, h, sizeof(h)));
	ck_assert_str_eq(h, before);
}
END_TEST

/* Another member's thread: the edit-others privilege (trust level 3 by
 * default) or the moderate one, each on its own, lets a member edit it. */
START_TEST(test_edit_privileges)
{
	cop_store *s = tu_store;
	cop_recognition_config cfg;
	char h[2048], *snap;

	snap = tu_snapshot(s);
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_thread_edit(s, W.pub_thread, "Cora's", NULL, NULL));
	free(snap);
	tu_as(s, NULL);
	TU_OK(s, cop_trust_set(s, "pub", W.core, 3));
	tu_as(s, W.core);
	tu_tick(s, 1000);
	TU_OK(s, cop_thread_edit(s, W.pub_thread, "Cora's", NULL, NULL));
	/* Editing others at 4, moderating at 3: moderators still may. */
	tu_as(s, NULL);
	TU_OK(s, cop_recognition_config_lookup(&cfg, s, "pub"));
	cfg.priv_edit_others = 4;
	cfg.priv_moderate = 3;
	TU_OK(s, cop_recognition_config_set(s, "pub", &cfg));
	tu_as(s, W.core);
	tu_tick(s, 1000);
	TU_OK(s, cop_thread_edit(s, W.pub_thread, NULL, "meta", "moderated"));
	/* Neither: refused. */
	tu_as(s, NULL);
	TU_OK(s, cop_trust_set(s, "pub", W.core, 2));
	snap = tu_snapshot(s);
	tu_as(s, W.core);
	TU_FAILS_UNCHANGED(s, COP_EPERM, snap,
		cop_thread_edit(s, W.pub_thread, "Cora's again", NULL, NULL));
	free(snap);
	TU_OK(s, history(s, W.pub_thread, NULL, h, sizeof(h)));
	ck_assert_str_eq(h,
		"1 title ->Welcome to pub mia +0 -\n"
		"2 title Welcome to pub>Cora's cora +4000 -\n"
		"3 tags ->meta cora +5000 moderated\n");
}
END_TEST

START_TEST(test_seen_as_the_thread)
{
	cop_store *s = tu_store;
	char h[2048];

	/* A private community's thread: not found by an outsider. */
	tu_as(s, W.outsider);
	ck_assert_int_eq(history(s, W.priv_thread, NULL, h, sizeof(h)),
		COP_ENOTFOUND);
	/* No such thread (a post's id), alike. */
	ck_assert_int_eq(history(s, W.pub_post, NULL, h, sizeof(h)),
		COP_ENOTFOUND);
	tu_as(s, W.member);
	TU_OK(s, history(s, W.priv_thread, NULL, h, sizeof(h)));
	ck_assert_str_eq(h, "1 title ->Secret plans olga +0 -\n");
	/* A hidden thread: its history with it, for moderators only. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_HIDDEN, 1));
	tu_as(s, W.member);
	ck_assert_int_eq(history(s, W.pub_thread, NULL, h, sizeof(h)),
		COP_ENOTFOUND);
	ck_assert_int_eq(cop_thread_edit(s, W.pub_thread, "Back", NULL, NULL),
		COP_ENOTFOUND);
	tu_as(s, W.facil);
	TU_OK(s, history(s, W.pub_thread, NULL, h, sizeof(h)));
	ck_assert_str_eq(h, "1 title ->Welcome to pub mia +0 -\n"
		"2 hidden ->- fred +3000 -\n");
}
END_TEST

START_TEST(test_pages)
{
	cop_store *s = tu_store;
	cop_page page = COP_PAGE_INIT;
	cop_thread_history_iter *it = NULL;
	cop_thread_change *c = NULL;
	char cursor[160], h[2048];
	int i, seen = 0;

	tu_as(s, W.facil);
	for (i = 0; i < 3; i++) {
		TU_OK(s, cop_thread_set_flag(s, W.pub_thread,
			COP_THREAD_FLAG_PINNED, 1));
		TU_OK(s, cop_thread_set_flag(s, W.pub_thread,
			COP_THREAD_FLAG_PINNED, 0));
	}
	/* Seven entries, two a page, each page after the last's cursor. */
	page.limit = 2;
	cursor[0] = '\0';
	for (;;) {
		int got = 0, rc;

		page.after = cursor[0] ? cursor : NULL;
		TU_OK(s, cop_thread_history_iter_new(&it, s, W.pub_thread,
			&page));
		while ((rc = cop_thread_history_iter_next(&c, it)) == COP_OK) {
			ck_assert_int_eq(cop_thread_change_number(c), ++seen);
			cop_thread_change_free(c);
			got++;
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		if (got)
			snprintf(cursor, sizeof(cursor), "%s",
				cop_thread_history_iter_cursor(it));
		cop_thread_history_iter_free(it);
		if (got < 2)
			break;
	}
	ck_assert_int_eq(seen, 7);
	page.after = "not a cursor";
	ck_assert_int_eq(history(s, W.pub_thread, &page, h, sizeof(h)),
		COP_EINVAL);
}
END_TEST

/* How many entries the store holds of thread @p thread's history, read
 * by the backend itself (a thread gone has none left behind). */
static int stored_entries(const char *thread)
{
	cop_backend *be = NULL;
	cop_backend_iter *it = NULL;
	cop_thread_change_rec r;
	cop_id tid;
	int n = 0, rc;

	TU_OK(NULL, cop_id_parse(&tid, thread));
	TU_OK(NULL, cop_backend_open(&be, tu_uri(), NULL));
	ck_assert_ptr_nonnull(be->history);
	TU_OK(NULL, be->history->history_list(be, &tid, 0, 0, &it));
	memset(&r, 0, sizeof(r));
	while ((rc = it->next(it, &r)) == COP_OK) {
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_THREAD_CHANGE, &r);
		memset(&r, 0, sizeof(r));
		n++;
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	be->free(be);
	return n;
}

START_TEST(test_erased_with_the_thread)
{
	cop_store *s = tu_store;

	/* mia's thread, retitled, goes with her under the policy "remove":
	 * none of its titles stays behind. */
	tu_as(s, W.member);
	TU_OK(s, cop_thread_edit(s, W.pub_thread, "Welcome, all", "intro",
		NULL));
	ck_assert_int_eq(stored_entries(W.pub_thread), 3);
	ck_assert_int_eq(stored_entries(W.priv_thread), 1);
	tu_as(s, NULL);
	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	TU_OK(s, cop_member_erase(s, W.member));
	ck_assert_int_eq(stored_entries(W.pub_thread), 0);
	ck_assert_int_eq(stored_entries(W.priv_thread), 1);
}
END_TEST

#ifdef COP_HAVE_LIBXML2
/* ---- the beer dump's history ------------------------------------------------------ */

/* The PostHistory types of each kind of a thread's history (kind i:
 * types[i], 0 ends). */
static const int kind_types[6][4] = {
	{ 1, 4, 7, 0 }, { 3, 6, 9, 0 }, { 10, 0 }, { 11, 0 }, { 14, 0 },
	{ 15, 0 }
};

/* The dump's count of each kind: its PostHistory rows of those types
 * about a question of its Posts.xml. */
static void beer_expected(long long want[6])
{
	const char *src = getenv("COP_SRCDIR");
	char cmd[4200], line[65536];
	long long *qs = NULL;
	size_t nq = 0, cap = 0;
	FILE *f;
	int i, j;

	snprintf(cmd, sizeof(cmd), "gzip -dc '%s/tests/data/beer/Posts.xml.gz'",
		src && *src ? src : SRCDIR_FALLBACK);
	ck_assert_ptr_nonnull(f = popen(cmd, "r"));
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "<row ") &&
		    tu_attr_int(line, " PostTypeId=\"", -1) == 1) {
			if (nq == cap) {
				cap = cap ? cap * 2 : 1024;
				ck_assert_ptr_nonnull(qs = realloc(qs,
					cap * sizeof(*qs)));
			}
			qs[nq++] = tu_attr_int(line, " Id=\"", -1);
		}
	ck_assert_int_eq(pclose(f), 0);
	qsort(qs, nq, sizeof(*qs), tu_cmp_ll);
	snprintf(cmd, sizeof(cmd),
		"gzip -dc '%s/tests/data/beer/PostHistory.xml.gz'",
		src && *src ? src : SRCDIR_FALLBACK);
	ck_assert_ptr_nonnull(f = popen(cmd, "r"));
	memset(want, 0, 6 * sizeof(want[0]));
	while (fgets(line, sizeof(line), f)) {
		long long type, post;

		if (!strstr(line, "<row "))
			continue;
		type = tu_attr_int(line, " PostHistoryTypeId=\"", -1);
		post = tu_attr_int(line, " PostId=\"", -1);
		if (!bsearch(&post, qs, nq, sizeof(*qs), tu_cmp_ll))
			continue;
		for (i = 0; i < 6; i++)
			for (j = 0; kind_types[i][j]; j++)
				if (kind_types[i][j] == type)
					want[i]++;
	}
	ck_assert_int_eq(pclose(f), 0);
	free(qs);
	ck_assert_msg(nq > 500, "%zu questions", nq);
}

START_TEST(test_beer)
{
	cop_store *s = tu_store;
	cop_import_report rep = COP_IMPORT_REPORT_INIT;
	cop_thread_iter *ti = NULL;
	cop_thread *t = NULL;
	long long want[6], got[6] = { 0 }, sum = 0;
	char dir[4096];
	const char *src = getenv("COP_SRCDIR");
	int i, rc, threads = 0, titled = 0;

	if (getenv("COP_TEST_VALGRIND"))
		return;         /* minutes under valgrind: check_import's */
	beer_expected(want);
	snprintf(dir, sizeof(dir), "%s/tests/data/beer",
		src && *src ? src : SRCDIR_FALLBACK);
	TU_OK(s, cop_import_stackexchange(&rep, s, dir, NULL));
	ck_assert_int_eq(rep.version, COP_IMPORT_REPORT_VERSION);
	TU_OK(s, cop_thread_iter_new(&ti, s, "beer", NULL));
	while ((rc = cop_thread_iter_next(&t, ti)) == COP_OK) {
		cop_thread_history_iter *hi = NULL;
		cop_thread_change *c = NULL;
		char last_title[1024] = "", last[2][1024] = { "", "" };

		TU_OK(s, cop_thread_history_iter_new(&hi, s, cop_thread_id(t),
			NULL));
		while ((rc = cop_thread_history_iter_next(&c, hi)) == COP_OK) {
			int k = cop_thread_change_kind_get(c);
			const char *was = cop_thread_change_old_value(c);

			ck_assert_int_lt(k, 6);
			got[k]++;
			/* A title or tags change: the value before is the
			 * last of its kind (none before the first). */
			if (k <= COP_THREAD_CHANGE_TAGS) {
				ck_assert_str_eq(was ? was : "", last[k]);
				snprintf(last[k], sizeof(last[k]), "%s",
					cop_thread_change_new_value(c) ?
					cop_thread_change_new_value(c) : "");
			}
			if (k == COP_THREAD_CHANGE_TITLE)
				snprintf(last_title, sizeof(last_title), "%s",
					cop_thread_change_new_value(c));
			cop_thread_change_free(c);
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		cop_thread_history_iter_free(hi);
		/* The last title of the history is the thread's. */
		if (*last_title) {
			ck_assert_str_eq(last_title, cop_thread_title(t));
			titled++;
		}
		threads++;
		cop_thread_free(t);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_thread_iter_free(ti);
	ck_assert_int_eq(threads, 591);
	ck_assert_int_eq(titled, 591);
	for (i = 0; i < 6; i++) {
		ck_assert_msg(got[i] == want[i], "%s: %lld entries, the dump "
			"has %lld", cop_thread_change_kind_name(
			(cop_thread_change_kind)i), got[i], want[i]);
		sum += want[i];
	}
	ck_assert_int_eq(rep.history, sum);
	/* Closing and locking are in the dump (so counted, not just 0). */
	ck_assert_int_gt(want[2], 0);
	/* Again: nothing new. */
	TU_OK(s, cop_import_stackexchange(&rep, s, dir, NULL));
	ck_assert_int_eq(rep.history, 0);
}
END_TEST
#endif

static Suite *history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tu_tcase(s, "history", setup, teardown);

	tcase_add_test(tc, test_created);
	tcase_add_test(tc, test_flags);
	tcase_add_test(tc, test_edit);
	tcase_add_test(tc, test_edit_privileges);
	tcase_add_test(tc, test_seen_as_the_thread);
	tcase_add_test(tc, test_pages);
	tcase_add_test(tc, test_erased_with_the_thread);
#ifdef COP_HAVE_LIBXML2
	/* The dump's history: the import needs libxml2 (check_import says
	 * what a build without it answers). */
	tc = tu_tcase(s, "beer", tu_store_setup, tu_store_teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_beer);
#endif
	return s;
}

int main(void)
{
	return tu_run(history_suite());
}
