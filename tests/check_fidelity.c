/*
 * check_fidelity.c: what a Stack Exchange import keeps of the dump
 * beyond the counts (issue 18, "Fidelity" and "History kept"): each
 * post's and comment's Score as the contribution's source score, apart
 * from the score its votes make (none for a contribution made through
 * the API), through the JSON export too; and who made each revision, the
 * same as the API records it: each revision's author is the
 * contribution's, its editor whoever replaced its body.
 */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

TU_WORLD_FIXTURE(W)

/* ---- made through the API: no source score ------------------------------------- */

START_TEST(test_api_has_none)
{
	cop_store *s = tu_store;
	cop_community *k = NULL;
	cop_thread *t = NULL;
	cop_contribution *c = NULL;
	cop_contribution_iter *it = NULL;

	TU_OK(s, cop_community_create(&k, s, "api", "API", NULL, "en",
		COP_VISIBILITY_PUBLIC));
	TU_OK(s, cop_thread_create(&t, s, "api", COP_THREAD_QUESTION, "Why?",
		NULL, NULL, "Because."));
	TU_OK(s, cop_contribution_iter_new(&it, s, cop_thread_id(t), NULL));
	TU_OK(s, cop_contribution_iter_next(&c, it));
	ck_assert_int_eq(cop_contribution_has_source_score(c), 0);
	ck_assert_int_eq(cop_contribution_source_score(c), 0);
	cop_contribution_free(c);
	cop_contribution_iter_free(it);
	/* NULL is harmless. */
	ck_assert_int_eq(cop_contribution_has_source_score(NULL), 0);
	ck_assert_int_eq(cop_contribution_source_score(NULL), 0);
	cop_thread_free(t);
	cop_community_free(k);
}
END_TEST

/*
 * A revision's null editor is the system (or, imported, nobody known),
 * never the author: after leaving a private community, the member's
 * export holds the bodies they wrote there, not the one the system put
 * in place of theirs (libcop/privacy_export.c, own_revisions()).
 */
START_TEST(test_export_null_editor)
{
	cop_store *s = tu_store;
	tu_idbuf r;
	char *text;
	long n;
	FILE *f;
	int rc;

	tu_as(s, W.member);
	tu_contrib(s, r, W.priv_thread, COP_CONTRIB_ANSWER, NULL,
		"My first words");
	TU_OK(s, cop_contribution_edit(NULL, s, r, "My second words", NULL));
	TU_OK(s, cop_store_act_as_system(s));
	TU_OK(s, cop_contribution_edit(NULL, s, r, "The system rewrote this",
		NULL));
	tu_as(s, W.member);
	TU_OK(s, cop_community_leave(s, "priv", W.member));
	ck_assert_ptr_nonnull(f = tmpfile());
	rc = cop_member_export_json(s, W.member, fileno(f));
	if (rc == COP_ENOTSUP) {     /* libcop without jansson */
		fclose(f);
		return;
	}
	TU_OK(s, rc);
	n = ftell(f);
	ck_assert_int_gt(n, 0);
	rewind(f);
	ck_assert_ptr_nonnull(text = calloc(1, (size_t)n + 1));
	ck_assert_uint_eq(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "My first words"));
	ck_assert_ptr_nonnull(strstr(text, "My second words"));
	ck_assert_ptr_null(strstr(text, "The system rewrote"));
	free(text);
}
END_TEST

#ifdef COP_HAVE_LIBXML2
/* ---- the beer dump ---------------------------------------------------------------- */

static const char *srcdir(void)
{
	const char *src = getenv("COP_SRCDIR");

	return src && *src ? src : SRCDIR_FALLBACK;
}

/* Append @p v to the array *a of *n (*cap allocated). */
static void push(long long **a, size_t *n, size_t *cap, long long v)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		ck_assert_ptr_nonnull(*a = realloc(*a, *cap * sizeof(**a)));
	}
	(*a)[(*n)++] = v;
}

/* What the dump says: the number of comments on a question or answer
 * kept (every post of type 1, and of type 2 whose question is there),
 * the sum of their Score and how many are not 0; and the sum of those
 * posts' Score. */
struct dump_scores {
	long long comments, comment_sum, comment_nonzero, post_sum;
};

static void dump_scores(struct dump_scores *d)
{
	char cmd[4200], line[65536];
	long long *qs = NULL, *ps = NULL;
	size_t nq = 0, np = 0, cap = 0, capp = 0;
	FILE *f;
	int pass;

	memset(d, 0, sizeof(*d));
	/* Questions first, then the answers whose question is there. */
	for (pass = 0; pass < 2; pass++) {
		snprintf(cmd, sizeof(cmd), "gzip -dc '%s/tests/data/beer/"
			"Posts.xml.gz'", srcdir());
		ck_assert_ptr_nonnull(f = popen(cmd, "r"));
		while (fgets(line, sizeof(line), f)) {
			long long type, parent;

			if (!strstr(line, "<row "))
				continue;
			type = tu_attr_int(line, " PostTypeId=\"", -1);
			parent = tu_attr_int(line, " ParentId=\"", -1);
			if (pass == 0 ? type != 1 : (type != 2 || !bsearch(&parent,
					qs, nq, sizeof(*qs), tu_cmp_ll)))
				continue;
			if (pass == 0)
				push(&qs, &nq, &cap, tu_attr_int(line, " Id=\"", -1));
			push(&ps, &np, &capp, tu_attr_int(line, " Id=\"", -1));
			d->post_sum += tu_attr_int(line, " Score=\"", 0);
		}
		ck_assert_int_eq(pclose(f), 0);
		if (pass == 0)
			qsort(qs, nq, sizeof(*qs), tu_cmp_ll);
	}
	qsort(ps, np, sizeof(*ps), tu_cmp_ll);
	snprintf(cmd, sizeof(cmd), "gzip -dc '%s/tests/data/beer/"
		"Comments.xml.gz'", srcdir());
	ck_assert_ptr_nonnull(f = popen(cmd, "r"));
	while (fgets(line, sizeof(line), f)) {
		long long post, score;

		if (!strstr(line, "<row "))
			continue;
		post = tu_attr_int(line, " PostId=\"", -1);
		if (!bsearch(&post, ps, np, sizeof(*ps), tu_cmp_ll))
			continue;
		score = tu_attr_int(line, " Score=\"", 0);
		d->comments++;
		d->comment_sum += score;
		d->comment_nonzero += score != 0;
	}
	ck_assert_int_eq(pclose(f), 0);
	free(qs);
	free(ps);
	ck_assert_msg(nq > 500, "%zu questions", nq);
}

static void import_beer(cop_store *s)
{
	cop_import_report rep = COP_IMPORT_REPORT_INIT;
	char dir[4200];

	snprintf(dir, sizeof(dir), "%s/tests/data/beer", srcdir());
	TU_OK(s, cop_import_stackexchange(&rep, s, dir, NULL));
}

/* A Score that is not an integer, or out of range: the import fails
 * with the file, line and attribute, and nothing is imported. */
START_TEST(test_bad_scores)
{
	static const char *const bad[] = {
		"Posts.xml", "x", "Posts.xml", "2147483648",
		"Comments.xml", "1.5", "Comments.xml", "-2147483649"
	};
	cop_store *s = tu_store;
	char dir[] = "/tmp/fidelity-XXXXXX", path[200];
	cop_stats st = COP_STATS_INIT;
	size_t i;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i += 2) {
		int comments = !strcmp(bad[i], "Comments.xml");

		snprintf(path, sizeof(path), "%s/Users.xml", dir);
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		fputs("<users>\n<row Id=\"1\" DisplayName=\"A\" CreationDate="
			"\"2015-01-01T00:00:00.000\" />\n</users>\n", f);
		fclose(f);
		snprintf(path, sizeof(path), "%s/Posts.xml", dir);
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		fprintf(f, "<posts>\n<row Id=\"10\" PostTypeId=\"1\" "
			"CreationDate=\"2015-03-01T10:00:00.000\" Score=\"%s\" "
			"Body=\"b\" OwnerUserId=\"1\" Title=\"T\" "
			"Tags=\"&lt;t&gt;\" />\n</posts>\n",
			comments ? "1" : bad[i + 1]);
		fclose(f);
		snprintf(path, sizeof(path), "%s/Comments.xml", dir);
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		fprintf(f, "<comments>\n<row Id=\"100\" PostId=\"10\" "
			"Score=\"%s\" Text=\"c\" CreationDate="
			"\"2015-03-01T13:00:00.000\" UserId=\"1\" />\n"
			"</comments>\n", comments ? bad[i + 1] : "0");
		fclose(f);
		TU_RC(s, COP_EFORMAT, cop_import_stackexchange(NULL, s, dir,
			NULL));
		ck_assert_msg(strstr(cop_errmsg(s), bad[i]) &&
			strstr(cop_errmsg(s), "Score"), "%s", cop_errmsg(s));
		TU_OK(s, cop_stats_lookup(&st, s, NULL));
		ck_assert_int_eq(st.communities, 0);
		ck_assert_int_eq(st.members, 0);
	}
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

START_TEST(test_beer_scores)
{
	cop_store *s = tu_store;
	cop_thread_iter *ti = NULL;
	cop_thread *t = NULL;
	cop_verify_report *vr = NULL;
	struct dump_scores want, got;
	int rc;

	if (getenv("COP_TEST_VALGRIND"))
		return;         /* minutes under valgrind: check_import's */
	dump_scores(&want);
	import_beer(s);
	memset(&got, 0, sizeof(got));
	TU_OK(s, cop_thread_iter_new(&ti, s, "beer", NULL));
	while ((rc = cop_thread_iter_next(&t, ti)) == COP_OK) {
		cop_contribution_iter *ci = NULL;
		cop_contribution *c = NULL;

		TU_OK(s, cop_contribution_iter_new(&ci, s, cop_thread_id(t),
			NULL));
		while ((rc = cop_contribution_iter_next(&c, ci)) == COP_OK) {
			/* Every imported contribution has one. */
			ck_assert_int_eq(cop_contribution_has_source_score(c), 1);
			if (cop_contribution_kind_get(c) == COP_CONTRIB_COMMENT) {
				got.comments++;
				got.comment_sum += cop_contribution_source_score(c);
				got.comment_nonzero +=
					cop_contribution_source_score(c) != 0;
				/* Comment votes are not in the dump: the
				 * vote-derived score stays 0. */
				ck_assert_int_eq(cop_contribution_score(c), 0);
			} else {
				got.post_sum += cop_contribution_source_score(c);
			}
			cop_contribution_free(c);
		}
		ck_assert_int_eq(rc, COP_ITEROVER);
		cop_contribution_iter_free(ci);
		cop_thread_free(t);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_thread_iter_free(ti);
	ck_assert_int_eq(got.comments, want.comments);
	ck_assert_int_eq(got.comment_sum, want.comment_sum);
	ck_assert_int_eq(got.comment_nonzero, want.comment_nonzero);
	ck_assert_int_eq(got.post_sum, want.post_sum);
	/* Not all 0: the dump's comments have scores. */
	ck_assert_int_gt(want.comment_nonzero, 100);
	/* The vote-derived scores still equal their votes. */
	TU_OK(s, cop_verify(&vr, s, NULL, 0));
	ck_assert_int_eq(cop_verify_report_count(vr), 0);
	cop_verify_report_free(vr);
}
END_TEST

/* The JSON export writes the source score (null for none), and its
 * import reads it back. */
START_TEST(test_beer_scores_json)
{
	cop_store *s = tu_store;
	char *doc = NULL;
	size_t len = 0;
	FILE *f;
	const char *p;
	long long nonnull = 0;

	if (getenv("COP_TEST_VALGRIND"))
		return;
	import_beer(s);
	ck_assert_ptr_nonnull(f = tmpfile());
	TU_OK(s, cop_export_json(s, "beer", fileno(f)));
	fflush(f);
	rewind(f);
	ck_assert_ptr_nonnull(doc = malloc(64u << 20));
	len = fread(doc, 1, (64u << 20) - 1, f);
	doc[len] = '\0';
	fclose(f);
	for (p = doc; (p = strstr(p, "\"source_score\":")); p++)
		if (strncmp(p + 15, " null", 5) && strncmp(p + 15, "null", 4))
			nonnull++;
	ck_assert_int_eq(nonnull, 591 + 1398 + 1860);
	free(doc);
}
END_TEST

/* "YYYY-MM-DDTHH:MM:SS.mmm" (UTC) as a cop_time. */
static cop_time at(const char *text)
{
	struct tm tm;
	int ms = 0;

	memset(&tm, 0, sizeof(tm));
	ck_assert_int_eq(sscanf(text, "%d-%d-%dT%d:%d:%d.%d", &tm.tm_year,
		&tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
		&ms), 7);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (cop_time)timegm(&tm) * 1000 + ms;
}

/* The handle of member @p id ("-" for NULL: the system, or nobody
 * known), into @p buf. */
static const char *handle(cop_store *s, const char *id, char *buf, size_t n)
{
	cop_member *m = NULL;

	if (!id)
		return "-";
	TU_OK(s, cop_member_lookup(&m, s, id));
	snprintf(buf, n, "%s", cop_member_handle(m));
	cop_member_free(m);
	return buf;
}

/* The contribution of the beer dump created at @p when, as
 * "author: n author/editor, ..." of its revisions. */
static void revisions_of(cop_store *s, cop_time when, char *out, size_t n)
{
	cop_thread_iter *ti = NULL;
	cop_thread *t = NULL;
	int rc, found = 0;

	out[0] = '\0';
	TU_OK(s, cop_thread_iter_new(&ti, s, "beer", NULL));
	while (!found && (rc = cop_thread_iter_next(&t, ti)) == COP_OK) {
		cop_contribution_iter *ci = NULL;
		cop_contribution *c = NULL;

		TU_OK(s, cop_contribution_iter_new(&ci, s, cop_thread_id(t),
			NULL));
		while (!found && (rc = cop_contribution_iter_next(&c, ci))
				== COP_OK) {
			cop_revision_iter *ri = NULL;
			cop_revision *r = NULL;
			char a[80], e[80];
			size_t used;
			int count = 0;

			if (cop_contribution_created(c) == when &&
			    cop_contribution_kind_get(c) != COP_CONTRIB_COMMENT) {
				found = 1;
				used = (size_t)snprintf(out, n, "%s:", handle(s,
					cop_contribution_author_id(c), a,
					sizeof(a)));
				TU_OK(s, cop_revision_iter_new(&ri, s,
					cop_contribution_id(c)));
				while ((rc = cop_revision_iter_next(&r, ri))
						== COP_OK) {
					used += (size_t)snprintf(out + used,
						n - used, " %d %s/%s(%.12s)",
						cop_revision_number(r),
						handle(s, cop_revision_author_id(r),
							a, sizeof(a)),
						handle(s, cop_revision_editor_id(r),
							e, sizeof(e)),
						cop_revision_comment(r) ?
						cop_revision_comment(r) : "");
					cop_revision_free(r);
					count++;
				}
				ck_assert_int_eq(rc, COP_ITEROVER);
				cop_revision_iter_free(ri);
				/* The current body comes after them. */
				ck_assert_int_eq(cop_contribution_revision(c),
					count + 1);
			}
			cop_contribution_free(c);
		}
		cop_contribution_iter_free(ci);
		cop_thread_free(t);
	}
	cop_thread_iter_free(ti);
	ck_assert_msg(found, "no contribution made at %lld", (long long)when);
}

/*
 * Answer 170 of the dump: written by user 129 (PostHistory rows 428,
 * 530, 539, 626), edited by users 28, 27 and 76 in turn.  Each
 * revision's author is the answer's; its editor and comment the user
 * who replaced its body and the note of that edit, and the last one's
 * (whose text is the current body) its own, as the API has the current
 * body's editor and note on the last revision.
 * Question 4900: written by a deleted user (only UserDisplayName), edited
 * by user 5064, then by the deleted user again: nobody known (NULL).
 */
START_TEST(test_beer_editors)
{
	cop_store *s = tu_store;
	char got[1024];

	if (getenv("COP_TEST_VALGRIND"))
		return;
	import_beer(s);
	revisions_of(s, at("2014-01-22T09:03:52.203"), got, sizeof(got));
	ck_assert_str_eq(got, "beer-129: "
		"1 beer-129/beer-28(fix spelling) "
		"2 beer-129/beer-27(Added detail) "
		"3 beer-129/beer-76(Correct gram) "
		"4 beer-129/beer-76(Correct gram)");
	revisions_of(s, at("2016-03-24T09:28:38.067"), got, sizeof(got));
	ck_assert_str_eq(got, "-: 1 -/beer-5064(Added one wo) "
		"2 -/-(Without maki) 3 -/-(Without maki)");
}
END_TEST
#endif

static Suite *fidelity_suite(void)
{
	Suite *s = suite_create("fidelity");
	TCase *tc = tu_tcase(s, "api", tu_store_setup, tu_store_teardown);

	tcase_add_test(tc, test_api_has_none);
	tc = tu_tcase(s, "editors", setup, teardown);
	tcase_add_test(tc, test_export_null_editor);
#ifdef COP_HAVE_LIBXML2
	tc = tu_tcase(s, "beer", tu_store_setup, tu_store_teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_bad_scores);
	tcase_add_test(tc, test_beer_scores);
	tcase_add_test(tc, test_beer_scores_json);
	tcase_add_test(tc, test_beer_editors);
#endif
	return s;
}

int main(void)
{
	return tu_run(fidelity_suite());
}
