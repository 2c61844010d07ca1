/*
 * check_log_cursor.c: the change log's pages and cursors
 * (cop_log_iter_page(), cop_log_iter_cursor()): the system's are its
 * sequence numbers; a member's are opaque, its own, and show nothing of
 * what it may not see (issues 17 and 21, docs/privacy.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

TU_WORLD_FIXTURE(W)

/* Append @p text to the growing string *buf. */
static void add(char **buf, const char *text)
{
	size_t n = *buf ? strlen(*buf) : 0;

	*buf = realloc(*buf, n + strlen(text) + 1);
	ck_assert_ptr_nonnull(*buf);
	strcpy(*buf + n, text);
}

static const char *nz(const char *s)
{
	return s ? s : "-";
}

/* One entry as a line of text: all a reader gets of it. */
static void add_entry(char **buf, const cop_log_entry *e)
{
	char line[400];

	snprintf(line, sizeof(line), "%lld %lld %s %s %s %s\n",
		(long long)cop_log_entry_seq(e),
		(long long)cop_log_entry_time(e),
		nz(cop_log_entry_actor_id(e)), cop_log_entry_op(e),
		nz(cop_log_entry_object_id(e)),
		nz(cop_log_entry_community_id(e)));
	add(buf, line);
}

/*
 * The whole log as the actor reads it in pages of @p limit, each page
 * started from the previous one's cursor: every entry and, after each
 * page, its cursor ("cursor -" for none).  The caller frees it.
 * *pages receives how many pages were read.
 */
static char *read_paged(cop_store *s, unsigned int limit, int *pages)
{
	cop_page page = COP_PAGE_INIT;
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	char *buf = NULL, *cursor = NULL;
	unsigned int n;
	int rc;

	add(&buf, "");
	page.limit = limit;
	for (*pages = 0;; ) {
		page.after = cursor;
		TU_OK(s, cop_log_iter_page(&it, s, &page));
		for (n = 0; (rc = cop_log_iter_next(&e, it)) == COP_OK; n++) {
			add_entry(&buf, e);
			cop_log_entry_free(e);
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		(*pages)++;
		free(cursor);
		cursor = cop_log_iter_cursor(it) ?
			strdup(cop_log_iter_cursor(it)) : NULL;
		add(&buf, "cursor ");
		add(&buf, nz(cursor));
		add(&buf, "\n");
		cop_log_iter_free(it);
		if (n < limit)
			break;
	}
	free(cursor);
	return buf;
}

/* The whole log as the actor reads it in one listing, entries only. */
static char *read_all(cop_store *s)
{
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	char *buf = NULL;
	int rc;

	add(&buf, "");
	TU_OK(s, cop_log_iter_new(&it, s, 0, 0));
	while ((rc = cop_log_iter_next(&e, it)) == COP_OK) {
		add_entry(&buf, e);
		cop_log_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_log_iter_free(it);
	return buf;
}

/* @p text without its "cursor" lines (in place). */
static char *entries_only(char *text)
{
	char *r = text, *w = text;

	while (*r) {
		char *end = strchr(r, '\n');
		size_t n = end ? (size_t)(end - r + 1) : strlen(r);

		if (strncmp(r, "cursor ", 7) != 0) {
			memmove(w, r, n);
			w += n;
		}
		r += n;
	}
	*w = '\0';
	return text;
}

/* The cursor after the first @p n entries the actor reads (owned). */
static char *cursor_after(cop_store *s, unsigned int n)
{
	cop_page page = COP_PAGE_INIT;
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	char *c;

	page.limit = n;
	TU_OK(s, cop_log_iter_page(&it, s, &page));
	while (cop_log_iter_next(&e, it) == COP_OK)
		cop_log_entry_free(e);
	ck_assert_ptr_nonnull(cop_log_iter_cursor(it));
	c = strdup(cop_log_iter_cursor(it));
	cop_log_iter_free(it);
	return c;
}

/* The first entry after cursor @p c: its op, or the listing's status. */
static int first_after(cop_store *s, const char *c, const char **op)
{
	cop_page page = COP_PAGE_INIT;
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	static char buf[64];
	int rc;

	page.after = c;
	page.limit = 1;
	if ((rc = cop_log_iter_page(&it, s, &page)) != COP_OK)
		return rc;
	if ((rc = cop_log_iter_next(&e, it)) == COP_OK) {
		snprintf(buf, sizeof(buf), "%s", cop_log_entry_op(e));
		*op = buf;
		cop_log_entry_free(e);
	}
	cop_log_iter_free(it);
	return rc;
}

/* The system pages by sequence numbers: the cursor is the last entry's,
 * in decimal, and a page after it starts at the next. */
START_TEST(test_system_pages)
{
	cop_store *s = tu_store;
	char *paged, *all, *c, want[32];
	int pages;
	int64_t last = cop_log_last_seq(s);

	all = read_all(s);
	paged = read_paged(s, 4, &pages);
	ck_assert_int_eq(pages, (int)(last / 4 + 1));
	c = cursor_after(s, 5);
	ck_assert_str_eq(c, "5");
	ck_assert_str_eq(entries_only(paged), all);
	/* The first line is entry 1: the system's numbers are the store's. */
	ck_assert_int_eq(strncmp(all, "1 ", 2), 0);
	snprintf(want, sizeof(want), "\n%lld ", (long long)last);
	ck_assert_ptr_nonnull(strstr(all, want));
	/* A cursor past the end: nothing; a member's or a malformed one is
	 * refused. */
	free(c);
	ck_assert_int_eq(first_after(s, "999999", &(const char *){ NULL }),
		COP_ITEROVER);
	TU_RC(s, COP_EINVAL, first_after(s, "c1:0:5:-:", &(const char *){ 0 }));
	ck_assert_str_eq(cop_errmsg(s), "bad cursor");
	TU_RC(s, COP_EINVAL, first_after(s, "-5", &(const char *){ 0 }));
	TU_RC(s, COP_EINVAL, first_after(s, "12345678901234567890",
		&(const char *){ 0 }));
	tu_as(s, W.member);
	c = cursor_after(s, 5);
	tu_as(s, NULL);
	TU_RC(s, COP_EINVAL, first_after(s, c, &(const char *){ 0 }));
	free(c);
	free(paged);
	free(all);
}
END_TEST

/* A member pages through the log with cursors and reads each entry it
 * may see exactly once, as one listing gives them, numbered 1, 2, ...
 * with no global sequence number anywhere. */
START_TEST(test_member_pages)
{
	cop_store *s = tu_store;
	const char *readers[] = { W.member, W.outsider, W.facil };
	char *paged, *all, *c, want[32];
	size_t i;
	int pages, limit;
	int64_t sys_last = cop_log_last_seq(s), n;

	for (i = 0; i < sizeof(readers) / sizeof(*readers); i++) {
		tu_as(s, readers[i]);
		all = read_all(s);
		n = cop_log_last_seq(s);
		ck_assert_int_gt(n, 0);
		for (limit = 1; limit <= 7; limit += 3) {
			paged = read_paged(s, (unsigned int)limit, &pages);
			ck_assert_int_eq(pages, (int)(n / limit + 1));
			ck_assert_str_eq(entries_only(paged), all);
			free(paged);
		}
		/* Numbered in the reader's own order, the last is the count. */
		ck_assert_int_eq(strncmp(all, "1 ", 2), 0);
		snprintf(want, sizeof(want), "\n%lld ", (long long)n);
		ck_assert_ptr_nonnull(strstr(all, want));
		snprintf(want, sizeof(want), "\n%lld ", (long long)n + 1);
		ck_assert_ptr_null(strstr(all, want));
		/* Its cursor shows no number. */
		c = cursor_after(s, 3);
		ck_assert_ptr_null(strchr(c, ':'));
		ck_assert_uint_gt(strlen(c), 40);
		free(c);
		free(all);
	}
	/* The outsider sees less than the system. */
	tu_as(s, W.outsider);
	ck_assert_int_lt(cop_log_last_seq(s), sys_last);
	/* The old listing takes the member's own numbers too. */
	tu_as(s, W.member);
	ck_assert_int_eq(tu_count_log(s, 3), (int)cop_log_last_seq(s) - 3);
}
END_TEST

/* Between two of a member's entries, what it may not see leaves no
 * trace: no gap in its numbers; its cursors go on. */
START_TEST(test_member_no_gaps)
{
	cop_store *s = tu_store;
	const char *op = NULL;
	char *c;
	int64_t n, sys;

	tu_as(s, W.outsider);
	n = cop_log_last_seq(s);
	c = cursor_after(s, (unsigned int)n);
	ck_assert_int_eq(first_after(s, c, &op), COP_ITEROVER);
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "One", NULL));
	tu_as(s, NULL);
	sys = cop_log_last_seq(s);
	TU_OK(s, cop_contribution_edit(NULL, s, W.priv_post, "Hidden", NULL));
	TU_OK(s, cop_contribution_edit(NULL, s, W.inv_post, "Cache", NULL));
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "Two", NULL));
	tu_as(s, NULL);
	ck_assert_int_eq(cop_log_last_seq(s), sys + 3);
	tu_as(s, W.outsider);
	ck_assert_int_eq(cop_log_last_seq(s), n + 2);
	ck_assert_int_eq(first_after(s, c, &op), COP_OK);
	ck_assert_str_eq(op, "contribution.edit");
	free(c);
	c = cursor_after(s, (unsigned int)n + 1);
	ck_assert_int_eq(first_after(s, c, &op), COP_OK);
	ck_assert_str_eq(op, "contribution.edit");
	free(c);
}
END_TEST

/* Copy file @p from to @p to. */
static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[8192];
	size_t n;

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

/* A member's reading, cursors included, after the same visible history
 * with (@p private_too) or without private activity in between. */
static char *history(cop_store *s, int private_too)
{
	char *view;
	int pages;

	TU_OK(s, cop_store_set_time(s, TU_T0 + 60000));
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "One", NULL));
	if (private_too) {
		tu_as(s, W.owner);
		TU_OK(s, cop_contribution_edit(NULL, s, W.priv_post, "Hidden",
			NULL));
		TU_OK(s, cop_thread_set_state(s, W.priv_thread,
			COP_THREAD_LOCKED));
	}
	tu_as(s, W.member);
	TU_OK(s, cop_contribution_edit(NULL, s, W.pub_post, "Two", NULL));
	tu_as(s, W.outsider);
	view = read_paged(s, 2, &pages);
	tu_as(s, NULL);
	return view;
}

/*
 * The same store twice (one file copied, so one secret): the outsider's
 * reading is byte for byte the same whether or not private activity
 * happened between its entries, cursors included.  SQLite only: a
 * PostgreSQL store has no file to copy (test_member_no_gaps covers the
 * numbers there).
 */
START_TEST(test_member_view_identical)
{
	cop_store *s = tu_store, *s2 = NULL;
	cop_open_options o = tu_system;
	char *copy, *quiet, *busy, *c;
	int64_t sys_quiet, sys_busy;

	if (!tu_backend_is_sqlite())
		return;
	/* The store's secret exists before the copy. */
	tu_as(s, W.outsider);
	c = cursor_after(s, 1);
	free(c);
	tu_as(s, NULL);
	tu_close(s);
	tu_store = NULL;
	copy = malloc(strlen(tu_path()) + 6);
	ck_assert_ptr_nonnull(copy);
	sprintf(copy, "%s.copy", tu_path());
	copy_file(tu_path(), copy);
	tu_store = s = tu_open();
	ck_assert_int_eq(cop_open(&s2, copy, &o), COP_OK);

	quiet = history(s, 0);
	busy = history(s2, 1);
	sys_quiet = cop_log_last_seq(s);
	sys_busy = cop_log_last_seq(s2);
	ck_assert_int_eq(sys_busy, sys_quiet + 2);
	ck_assert_str_eq(busy, quiet);
	ck_assert_ptr_nonnull(strstr(quiet, "cursor "));

	/* The system's view is not the same: its numbers differ. */
	free(quiet);
	free(busy);
	quiet = read_all(s);
	busy = read_all(s2);
	ck_assert_str_ne(busy, quiet);
	free(quiet);
	free(busy);
	tu_close(s2);
	unlink(copy);
	free(copy);
}
END_TEST

/* Cursors that are not the reader's own, unedited, are refused. */
START_TEST(test_member_bad_cursors)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"abcdefghijklmnopqrstuvwxyz0123456789-_";
	cop_store *s = tu_store;
	const char *op = NULL;
	char *mine, *edited, *theirs;
	size_t i;

	tu_as(s, W.member);
	mine = cursor_after(s, 3);
	ck_assert_int_eq(first_after(s, mine, &op), COP_OK);
	/* Each character changed in turn. */
	edited = strdup(mine);
	for (i = 0; edited[i]; i++) {
		char was = edited[i];

		edited[i] = was == 'A' ? 'B' : 'A';
		TU_RC(s, COP_EINVAL, first_after(s, edited, &op));
		ck_assert_str_eq(cop_errmsg(s), "bad cursor");
		edited[i] = was;
	}
	/* Only the low bits of the last character changed, which a base64
	 * decoder ignores (the cursor's 43 bytes are 58 characters, 4 bits
	 * more): the same bytes, but not the text made for them. */
	i = strlen(edited) - 1;
	edited[i] = b64[(strchr(b64, edited[i]) - b64) ^ 1];
	TU_RC(s, COP_EINVAL, first_after(s, edited, &op));
	ck_assert_str_eq(cop_errmsg(s), "bad cursor");
	strcpy(edited, mine);
	/* Cut short, made longer, the system's, a number. */
	edited[strlen(edited) - 1] = '\0';
	TU_RC(s, COP_EINVAL, first_after(s, edited, &op));
	free(edited);
	edited = malloc(strlen(mine) + 2);
	ck_assert_ptr_nonnull(edited);
	sprintf(edited, "%sA", mine);
	TU_RC(s, COP_EINVAL, first_after(s, edited, &op));
	free(edited);
	TU_RC(s, COP_EINVAL, first_after(s, "3", &op));
	ck_assert_str_eq(cop_errmsg(s), "bad cursor");
	TU_RC(s, COP_EINVAL, first_after(s, "c1:0:3:-:", &op));
	/* Another member's cursor is not this one's. */
	tu_as(s, W.core);
	theirs = cursor_after(s, 3);
	ck_assert_str_ne(theirs, mine);
	tu_as(s, W.member);
	TU_RC(s, COP_EINVAL, first_after(s, theirs, &op));
	ck_assert_str_eq(cop_errmsg(s), "bad cursor");
	/* "" starts at the beginning, as NULL does. */
	ck_assert_int_eq(first_after(s, "", &op), COP_OK);
	ck_assert_str_eq(op, "member.create");
	free(theirs);
	free(mine);
}
END_TEST

/* When the member's view changed before its cursor (a thread it saw was
 * hidden), the next page is refused rather than miss or repeat entries;
 * from the start it reads its new view. */
START_TEST(test_member_view_changed)
{
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	cop_store *s = tu_store;
	const char *op = NULL;
	char *c;
	int64_t n;

	tu_as(s, W.outsider);
	n = cop_log_last_seq(s);
	c = cursor_after(s, (unsigned int)n);
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_state(s, W.pub_thread, COP_THREAD_HIDDEN));
	tu_as(s, W.outsider);
	ck_assert_int_lt(cop_log_last_seq(s), n);
	TU_OK(s, cop_log_iter_page(&it, s, &(cop_page){ COP_PAGE_VERSION, c,
		0 }));
	TU_RC(s, COP_ENOTFOUND, cop_log_iter_next(&e, it));
	ck_assert_ptr_null(e);
	TU_RC(s, COP_ITEROVER, cop_log_iter_next(&e, it));
	cop_log_iter_free(it);
	free(c);
	ck_assert_int_eq(first_after(s, NULL, &op), COP_OK);
	/* The system reads on by its numbers. */
	tu_as(s, NULL);
	ck_assert_int_eq(first_after(s, "3", &op), COP_OK);
}
END_TEST

/* When the member's view changed before its cursor so that its number
 * now names another entry (one it saw before was hidden), the next page
 * is refused too, rather than pass over the entry now at that number. */
START_TEST(test_member_view_shifted)
{
	cop_store *s = tu_store;
	const char *op = NULL;
	tu_idbuf a, b, c, post;
	char *cur;
	int64_t k;

	tu_as(s, W.facil);
	tu_thread(s, a, post, W.pub, COP_THREAD_DISCUSSION, "A", "first");
	tu_thread(s, b, post, W.pub, COP_THREAD_DISCUSSION, "B", "second");
	/* The outsider's cursor at B's creation, its last entry. */
	tu_as(s, W.outsider);
	k = cop_log_last_seq(s);
	cur = cursor_after(s, (unsigned int)k);
	tu_as(s, W.facil);
	tu_thread(s, c, post, W.pub, COP_THREAD_DISCUSSION, "C", "third");
	tu_as(s, W.outsider);
	ck_assert_int_eq(first_after(s, cur, &op), COP_OK);
	ck_assert_str_eq(op, "thread.create");
	/* A hidden: the outsider's k-th entry is C's creation now. */
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_set_state(s, a, COP_THREAD_HIDDEN));
	tu_as(s, W.outsider);
	ck_assert_int_eq(cop_log_last_seq(s), k);
	TU_RC(s, COP_ENOTFOUND, first_after(s, cur, &op));
	ck_assert(tu_contains(cop_errmsg(s), "no longer in the log"));
	free(cur);
}
END_TEST

/* Who voted stays hidden from a plain member on every page, and the
 * voter's own vote names them. */
START_TEST(test_member_voters)
{
	cop_store *s = tu_store;
	char *view, named[80];
	int pages;

	snprintf(named, sizeof(named), " %s vote.cast ", W.core);
	tu_as(s, W.core);
	TU_OK(s, cop_vote_cast(s, W.pub_post, COP_VOTE_UP));
	tu_as(s, W.member);
	view = read_paged(s, 2, &pages);
	ck_assert_ptr_null(strstr(view, named));
	ck_assert_ptr_nonnull(strstr(view, " - vote.cast "));
	free(view);
	tu_as(s, W.core);
	view = read_paged(s, 2, &pages);
	ck_assert_ptr_nonnull(strstr(view, named));
	free(view);
}
END_TEST

static Suite *log_cursor_suite(void)
{
	Suite *s = suite_create("log_cursor");
	TCase *tc = tu_tcase(s, "world", setup, teardown);

	tcase_add_test(tc, test_system_pages);
	tcase_add_test(tc, test_member_pages);
	tcase_add_test(tc, test_member_no_gaps);
	tcase_add_test(tc, test_member_view_identical);
	tcase_add_test(tc, test_member_bad_cursors);
	tcase_add_test(tc, test_member_view_changed);
	tcase_add_test(tc, test_member_view_shifted);
	tcase_add_test(tc, test_member_voters);
	return s;
}

int main(void)
{
	return tu_run(log_cursor_suite());
}
