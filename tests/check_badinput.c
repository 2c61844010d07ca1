/*
 * check_badinput.c: bad input gives a specific code and changes nothing:
 * invalid UTF-8, empty and oversized strings, unknown and malformed ids,
 * out-of-range values, NULL pointers, bad pages; SQL metacharacters are
 * stored verbatim.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define UNKNOWN_ID "0188a0a0-0000-7000-8000-000000000000"

static tu_world W;
static char *BEFORE;     /* snapshot after the fixture */

static void world_setup(void)
{
	tu_store_setup();
	tu_world_make(tu_store, &W);
	BEFORE = tu_snapshot(tu_store);
}

static void world_teardown(void)
{
	free(BEFORE);
	BEFORE = NULL;
	tu_store_teardown();
}

/* Fails with @p code, leaves the store as the fixture made it. */
#define BAD(code, expr) TU_FAILS_UNCHANGED(tu_store, code, BEFORE, expr)

static const char *const bad_utf8[] = {
	"\xff",                         /* never valid */
	"abc\xfe" "def",
	"\x80" "cont",                  /* lone continuation byte */
	"\xc0\xaf",                     /* overlong '/' */
	"\xe0\x80\xaf",                 /* overlong, 3 bytes */
	"\xed\xa0\x80",                 /* UTF-16 surrogate */
	"\xe2\x82",                     /* truncated */
	"caf\xc3",                      /* truncated at the end */
	"\xf4\x90\x80\x80",             /* above U+10FFFF */
	"\xf8\x88\x80\x80\x80",         /* 5-byte form */
	"ok \xc3\x28 no",               /* bad continuation */
};
#define N_BAD_UTF8 (sizeof(bad_utf8) / sizeof(bad_utf8[0]))

START_TEST(test_invalid_utf8)
{
	cop_store *s = tu_store;
	cop_search_iter *sit = NULL;
	size_t i;

	for (i = 0; i < N_BAD_UTF8; i++) {
		const char *b = bad_utf8[i];

		tu_as(s, NULL);
		BAD(COP_EENCODING, cop_member_create(NULL, s, "fresh", b, NULL,
			NULL));
		BAD(COP_EENCODING, cop_member_create(NULL, s, "fresh", "Fresh",
			b, NULL));
		/* As handles and slugs (unless a space makes them invalid
		 * before the bad byte). */
		if (!strchr(b, ' '))
			BAD(COP_EENCODING, cop_member_create(NULL, s, b,
				"Fresh", NULL, NULL));
		BAD(COP_EENCODING, cop_member_update(s, W.member, b, NULL,
			NULL));
		BAD(COP_EENCODING, cop_member_update(s, W.member, NULL, b,
			NULL));
		BAD(COP_EENCODING, cop_community_create(NULL, s, "fresh", b,
			NULL, NULL, COP_VISIBILITY_PUBLIC));
		BAD(COP_EENCODING, cop_community_create(NULL, s, "fresh",
			"Fresh", b, NULL, COP_VISIBILITY_PUBLIC));
		if (!strchr(b, ' ') && !strchr(b, 'A'))
			BAD(COP_EENCODING, cop_community_create(NULL, s, b,
				"Fresh", NULL, NULL, COP_VISIBILITY_PUBLIC));
		tu_as(s, W.member);
		BAD(COP_EENCODING, cop_thread_create(NULL, s, "pub",
			COP_THREAD_DISCUSSION, b, NULL, NULL, "body"));
		BAD(COP_EENCODING, cop_thread_create(NULL, s, "pub",
			COP_THREAD_DISCUSSION, "Title", NULL, NULL, b));
		BAD(COP_EENCODING, cop_contribution_create(NULL, s,
			W.pub_thread, COP_CONTRIB_REPLY, NULL, NULL, NULL, b));
		BAD(COP_EENCODING, cop_contribution_edit(NULL, s, W.pub_post,
			b, NULL));
		BAD(COP_EENCODING, cop_contribution_edit(NULL, s, W.pub_post,
			"fine", b));
		BAD(COP_EENCODING, cop_search_iter_new(&sit, s, b, NULL));
		ck_assert_ptr_null(sit);
	}
	tu_as(s, NULL);
}
END_TEST

/* Whether @p m is valid UTF-8 (shortest forms, no surrogates) without
 * control characters. */
static int clean_text(const char *m)
{
	const unsigned char *p = (const unsigned char *)m;

	while (*p) {
		unsigned int c = *p, cp, n, i;

		if (c < 0x20 || c == 0x7f)
			return 0;
		if (c < 0x80) {
			p++;
			continue;
		}
		n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
		if (c < 0xc2 || c > 0xf4)
			return 0;
		cp = c & (0x3f >> n);
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		p += n + 1;
	}
	return 1;
}

/* A refusal's message quotes what it was given: never its invalid bytes
 * or control characters, never half a character where it is cut. */
START_TEST(test_messages_are_clean)
{
	cop_store *s = tu_store;
	cop_community *c = NULL;
	cop_member *m = NULL;
	char longer[512];
	size_t i;

	for (i = 0; i < N_BAD_UTF8 + 2; i++) {
		const char *b = i < N_BAD_UTF8 ? bad_utf8[i] :
			i == N_BAD_UTF8 ? "x\x1b]0;owned\x07y" : "two\nlines\r";

		ck_assert_int_lt(cop_community_lookup(&c, s, b), 0);
		ck_assert_msg(clean_text(cop_errmsg(s)), "#%zu: %s", i,
			cop_errmsg(s));
		ck_assert_int_lt(cop_member_lookup_by_handle(&m, s, b), 0);
		ck_assert_msg(clean_text(cop_errmsg(s)), "#%zu: %s", i,
			cop_errmsg(s));
	}
	/* "a" then two-byte characters: a precision of 64 bytes cuts the
	 * 32nd in half; the message keeps 31 whole ones. */
	strcpy(longer, "a");
	for (i = 0; i < 100; i++)
		strcat(longer, "\xc3\xa9");
	ck_assert_int_eq(cop_community_lookup(&c, s, longer), COP_EINVAL);
	ck_assert_msg(clean_text(cop_errmsg(s)), "%s", cop_errmsg(s));
	ck_assert_ptr_nonnull(strstr(cop_errmsg(s), "\xc3\xa9'"));
	ck_assert_ptr_null(c);
	ck_assert_ptr_null(m);
}
END_TEST

START_TEST(test_empty_strings)
{
	cop_store *s = tu_store;
	cop_member *m = NULL;
	cop_community *c = NULL;

	BAD(COP_EINVAL, cop_member_create(NULL, s, "", "Name", NULL, NULL));
	BAD(COP_EINVAL, cop_member_create(NULL, s, "fresh", "", NULL, NULL));
	BAD(COP_EINVAL, cop_member_update(s, W.member, "", NULL, NULL));
	BAD(COP_EINVAL, cop_member_lookup_by_handle(&m, s, ""));
	BAD(COP_EINVAL, cop_member_lookup(&m, s, ""));
	BAD(COP_EINVAL, cop_community_create(NULL, s, "", "Name", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	BAD(COP_EINVAL, cop_community_create(NULL, s, "fresh", "", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	BAD(COP_EINVAL, cop_community_lookup(&c, s, ""));
	BAD(COP_EINVAL, cop_community_join(NULL, s, "", W.outsider, 0));
	BAD(COP_EINVAL, cop_community_join(NULL, s, "pub", "", 0));
	BAD(COP_EINVAL, cop_community_leave(s, "", W.member));
	BAD(COP_EINVAL, cop_membership_set_role(s, "", W.member,
		COP_ROLE_CORE));
	BAD(COP_EINVAL, cop_store_set_actor(s, ""));
	tu_as(s, W.member);
	BAD(COP_EINVAL, cop_thread_create(NULL, s, "", COP_THREAD_DISCUSSION,
		"Title", NULL, NULL, "body"));
	BAD(COP_EINVAL, cop_thread_create(NULL, s, "pub",
		COP_THREAD_DISCUSSION, "", NULL, NULL, "body"));
	BAD(COP_EINVAL, cop_thread_create(NULL, s, "pub",
		COP_THREAD_DISCUSSION, "Title", NULL, NULL, ""));
	BAD(COP_EINVAL, cop_thread_create(NULL, s, "pub",
		COP_THREAD_DISCUSSION, "Title", NULL, "", "body"));
	BAD(COP_EINVAL, cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, ""));
	BAD(COP_EINVAL, cop_contribution_create(NULL, s, "",
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "body"));
	BAD(COP_EINVAL, cop_contribution_edit(NULL, s, W.pub_post, "", NULL));
	ck_assert_ptr_null(m);
	ck_assert_ptr_null(c);
	tu_as(s, NULL);
}
END_TEST

START_TEST(test_oversized)
{
	cop_store *s = tu_store;
	char *s65 = tu_repeat('a', 65), *s201 = tu_repeat('n', 201);
	char *s301 = tu_repeat('t', 301), *s501 = tu_repeat('c', 501);
	char *s4001 = tu_repeat('p', 4001), *s1001 = tu_repeat('q', 1001);
	char *body = tu_repeat('b', COP_BODY_MAX + 1);
	cop_search_iter *sit = NULL;
	cop_contribution *c = NULL;

	BAD(COP_ETOOBIG, cop_member_create(NULL, s, s65, "Name", NULL, NULL));
	BAD(COP_ETOOBIG, cop_member_create(NULL, s, "fresh", s201, NULL,
		NULL));
	BAD(COP_ETOOBIG, cop_member_create(NULL, s, "fresh", "Name", s201,
		NULL));
	BAD(COP_ETOOBIG, cop_member_update(s, W.member, s201, NULL, NULL));
	BAD(COP_ETOOBIG, cop_member_update(s, W.member, NULL, s201, NULL));
	BAD(COP_ETOOBIG, cop_community_create(NULL, s, s65, "Name", NULL,
		NULL, COP_VISIBILITY_PUBLIC));
	BAD(COP_ETOOBIG, cop_community_create(NULL, s, "fresh", s201, NULL,
		NULL, COP_VISIBILITY_PUBLIC));
	BAD(COP_ETOOBIG, cop_community_create(NULL, s, "fresh", "Name", s4001,
		NULL, COP_VISIBILITY_PUBLIC));
	tu_as(s, W.member);
	BAD(COP_ETOOBIG, cop_thread_create(NULL, s, "pub",
		COP_THREAD_DISCUSSION, s301, NULL, NULL, "body"));
	BAD(COP_ETOOBIG, cop_thread_create(NULL, s, "pub",
		COP_THREAD_DISCUSSION, "Title", NULL, NULL, body));
	{
		/* 10 MB that would collapse to the one tag "a". */
		size_t i, n = 10u << 20;
		char *many = tu_repeat(' ', n);

		for (i = 0; i < n; i += 2)
			many[i] = 'a';
		BAD(COP_ETOOBIG, cop_thread_create(NULL, s, "pub",
			COP_THREAD_DISCUSSION, "Title", many, NULL, "body"));
		free(many);
	}
	BAD(COP_ETOOBIG, cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, body));
	BAD(COP_ETOOBIG, cop_contribution_edit(NULL, s, W.pub_post, body,
		NULL));
	BAD(COP_ETOOBIG, cop_contribution_edit(NULL, s, W.pub_post, "fine",
		s501));
	BAD(COP_ETOOBIG, cop_search_iter_new(&sit, s, s1001, NULL));
	ck_assert_ptr_null(sit);

	/* Exactly at the limits: accepted and kept whole. */
	body[COP_BODY_MAX] = '\0';
	s501[500] = '\0';
	TU_OK(s, cop_contribution_create(&c, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, body));
	ck_assert_uint_eq(strlen(cop_contribution_body(c)), COP_BODY_MAX);
	cop_contribution_free(c);
	TU_OK(s, cop_contribution_edit(&c, s, W.pub_post, body, s501));
	ck_assert_uint_eq(strlen(cop_contribution_body(c)), COP_BODY_MAX);
	cop_contribution_free(c);
	TU_OK(s, cop_contribution_lookup(&c, s, W.pub_post));
	ck_assert_str_eq(cop_contribution_body(c), body);
	cop_contribution_free(c);

	{
		/* The longest tags accepted, which collapse to one tag (a
		 * write: last, after the checks that nothing changed). */
		char *most = tu_repeat(' ', COP_THREAD_MAX_TAGS_BYTES);
		cop_thread *t = NULL;
		size_t i;

		for (i = 0; i < COP_THREAD_MAX_TAGS_BYTES; i += 2)
			most[i] = 'a';
		TU_OK(s, cop_thread_create(&t, s, "pub",
			COP_THREAD_DISCUSSION, "Title", most, NULL, "body"));
		ck_assert_str_eq(cop_thread_tags(t), "a");
		cop_thread_free(t);
		free(most);
	}
	free(s65);
	free(s201);
	free(s301);
	free(s501);
	free(s4001);
	free(s1001);
	free(body);
}
END_TEST

START_TEST(test_unknown_ids)
{
	cop_store *s = tu_store;
	cop_member *m = NULL;
	cop_thread *t = NULL;
	cop_contribution *c = NULL;
	cop_membership *ms = NULL;
	cop_contribution_iter *cit = NULL;
	cop_revision_iter *rit = NULL;
	const char *const *id;
	const char *wrong_kind[4];

	/* Unknown ids, and ids of other kinds of object. */
	wrong_kind[0] = UNKNOWN_ID;
	wrong_kind[1] = W.pub;          /* a community */
	wrong_kind[2] = W.pub_post;     /* a contribution */
	wrong_kind[3] = W.member;       /* a member */
	for (id = wrong_kind; id < wrong_kind + 4; id++) {
		if (*id != W.member) {
			BAD(COP_ENOTFOUND, cop_member_lookup(&m, s, *id));
			BAD(COP_ENOTFOUND, cop_member_update(s, *id, "X", NULL,
				NULL));
			BAD(COP_ENOTFOUND, cop_store_set_actor(s, *id));
			BAD(COP_ENOTFOUND, cop_community_join(NULL, s, "pub",
				*id, 0));
			BAD(COP_ENOTFOUND, tu_count_by_author(s, *id));
		}
		if (*id != W.pub) {
			BAD(COP_ENOTFOUND, cop_community_join(NULL, s, *id,
				W.outsider, 0));
			BAD(COP_ENOTFOUND, tu_count_threads(s, *id));
		}
		BAD(COP_ENOTFOUND, cop_thread_lookup(&t, s, *id));
		BAD(COP_ENOTFOUND, cop_thread_set_state(s, *id,
			COP_THREAD_LOCKED));
		BAD(COP_ENOTFOUND, cop_contribution_create(NULL, s, *id,
			COP_CONTRIB_REPLY, NULL, NULL, NULL, "body"));
		BAD(COP_ENOTFOUND, cop_contribution_iter_new(&cit, s, *id,
			NULL));
		if (*id != W.pub_post) {
			BAD(COP_ENOTFOUND, cop_contribution_lookup(&c, s, *id));
			BAD(COP_ENOTFOUND, cop_contribution_edit(NULL, s, *id,
				"body", NULL));
			BAD(COP_ENOTFOUND, cop_revision_iter_new(&rit, s, *id));
			BAD(COP_ENOTFOUND, cop_contribution_create(NULL, s,
				W.pub_thread, COP_CONTRIB_COMMENT, *id, NULL,
				NULL, "body"));
			BAD(COP_ENOTFOUND, cop_contribution_create(NULL, s,
				W.pub_thread, COP_CONTRIB_REPLY, NULL, *id,
				NULL, "body"));
		}
	}
	BAD(COP_ENOTFOUND, cop_member_lookup_by_handle(&m, s, "nobody"));
	/* Handles are not patterns. */
	BAD(COP_ENOTFOUND, cop_member_lookup_by_handle(&m, s, "m_a"));
	BAD(COP_ENOTFOUND, cop_member_lookup_by_handle(&m, s, "mi."));
	BAD(COP_ENOTFOUND, cop_membership_lookup(&ms, s, "pub", W.outsider));
	BAD(COP_ENOTFOUND, cop_membership_set_role(s, "pub", W.outsider,
		COP_ROLE_CORE));
	BAD(COP_ENOTFOUND, cop_membership_set_status(s, "pub", W.outsider,
		COP_MEMBERSHIP_BANNED));
	BAD(COP_ENOTFOUND, cop_membership_set_pledge(s, "pub", W.outsider, 1));
	BAD(COP_ENOTFOUND, cop_community_leave(s, "pub", W.outsider));
	BAD(COP_ENOTFOUND, cop_community_leave(s, "nosuch", W.member));
	ck_assert_ptr_null(m);
	ck_assert_ptr_null(t);
	ck_assert_ptr_null(c);
	ck_assert_ptr_null(ms);
	ck_assert_ptr_null(cit);
	ck_assert_ptr_null(rit);
}
END_TEST

START_TEST(test_malformed_ids)
{
	static const char *const bad[] = {
		"123", "not-an-id", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
		"0188a0a0-0000-7000-8000-00000000000",
		"0188a0a0-0000-7000-8000-0000000000000",
		"0188a0a0-0000-7000-8000-000000000000 ",
		" 0188a0a0-0000-7000-8000-000000000000",
		"0188a0a0-0000-7000-8000-000000000000'; --",
		"0188a0a000007000800000000000000000000",
		"' OR '1'='1",
	};
	cop_store *s = tu_store;
	cop_member *m = NULL;
	cop_thread *t = NULL;
	cop_contribution *c = NULL;
	cop_contribution_iter *cit = NULL;
	cop_revision_iter *rit = NULL;
	cop_membership *ms = NULL;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *b = bad[i];

		tu_as(s, NULL);
		BAD(COP_EINVAL, cop_member_lookup(&m, s, b));
		BAD(COP_EINVAL, cop_member_update(s, b, "X", NULL, NULL));
		BAD(COP_EINVAL, cop_store_set_actor(s, b));
		BAD(COP_EINVAL, cop_community_join(NULL, s, "pub", b, 0));
		BAD(COP_EINVAL, cop_community_leave(s, "pub", b));
		BAD(COP_EINVAL, cop_membership_set_role(s, "pub", b,
			COP_ROLE_CORE));
		BAD(COP_EINVAL, cop_membership_set_status(s, "pub", b,
			COP_MEMBERSHIP_BANNED));
		BAD(COP_EINVAL, cop_membership_set_pledge(s, "pub", b, 3));
		BAD(COP_EINVAL, cop_membership_lookup(&ms, s, "pub", b));
		BAD(COP_EINVAL, cop_thread_lookup(&t, s, b));
		BAD(COP_EINVAL, cop_thread_set_state(s, b, COP_THREAD_LOCKED));
		BAD(COP_EINVAL, cop_contribution_lookup(&c, s, b));
		BAD(COP_EINVAL, cop_contribution_edit(NULL, s, b, "x", NULL));
		BAD(COP_EINVAL, cop_contribution_iter_new(&cit, s, b, NULL));
		BAD(COP_EINVAL, cop_contribution_iter_by_author(&cit, s, b,
			NULL));
		BAD(COP_EINVAL, cop_revision_iter_new(&rit, s, b));
		tu_as(s, W.member);
		BAD(COP_EINVAL, cop_contribution_create(NULL, s, b,
			COP_CONTRIB_REPLY, NULL, NULL, NULL, "body"));
		BAD(COP_EINVAL, cop_contribution_create(NULL, s, W.pub_thread,
			COP_CONTRIB_COMMENT, b, NULL, NULL, "body"));
		BAD(COP_EINVAL, cop_contribution_create(NULL, s, W.pub_thread,
			COP_CONTRIB_REPLY, NULL, b, NULL, "body"));
		/* A community argument is an id or a slug: neither. */
		if (strchr(b, ' ') || strchr(b, '\''))
			BAD(COP_EINVAL, cop_thread_create(NULL, s, b,
				COP_THREAD_DISCUSSION, "T", NULL, NULL, "b"));
	}
	tu_as(s, NULL);
	ck_assert_ptr_null(m);
	ck_assert_ptr_null(t);
	ck_assert_ptr_null(c);
	ck_assert_ptr_null(cit);
	ck_assert_ptr_null(rit);
	ck_assert_ptr_null(ms);
}
END_TEST

START_TEST(test_out_of_range)
{
	cop_store *s = tu_store;

	BAD(COP_EINVAL, cop_community_create(NULL, s, "fresh", "Fresh", NULL,
		NULL, (cop_visibility)-1));
	BAD(COP_EINVAL, cop_community_create(NULL, s, "fresh", "Fresh", NULL,
		NULL, (cop_visibility)3));
	BAD(COP_EINVAL, cop_community_create(NULL, s, "fresh", "Fresh", NULL,
		"e", COP_VISIBILITY_PUBLIC));
	BAD(COP_EINVAL, cop_community_create(NULL, s, "fresh", "Fresh", NULL,
		"en_US", COP_VISIBILITY_PUBLIC));
	BAD(COP_EINVAL, cop_membership_set_role(s, "pub", W.member,
		(cop_role)-1));
	BAD(COP_EINVAL, cop_membership_set_role(s, "pub", W.member,
		(cop_role)5));
	BAD(COP_EINVAL, cop_membership_set_status(s, "pub", W.member,
		(cop_membership_status)5));
	BAD(COP_EINVAL, cop_membership_set_status(s, "pub", W.member,
		(cop_membership_status)-2));
	BAD(COP_EINVAL, cop_membership_set_pledge(s, "pub", W.member, -1));
	BAD(COP_EINVAL, cop_membership_set_pledge(s, "pub", W.member, 745));
	BAD(COP_EINVAL, cop_community_join(NULL, s, "pub", W.outsider, 100000));
	BAD(COP_EINVAL, cop_thread_create(NULL, s, "pub", (cop_thread_kind)-1,
		"T", NULL, NULL, "b"));
	BAD(COP_EINVAL, cop_thread_create(NULL, s, "pub", (cop_thread_kind)3,
		"T", NULL, NULL, "b"));
	BAD(COP_EINVAL, cop_thread_set_state(s, W.pub_thread,
		(cop_thread_state)-1));
	BAD(COP_EINVAL, cop_thread_set_state(s, W.pub_thread,
		(cop_thread_state)6));
	BAD(COP_EINVAL, cop_contribution_create(NULL, s, W.pub_thread,
		(cop_contribution_kind)-1, NULL, NULL, NULL, "b"));
	BAD(COP_EINVAL, cop_contribution_create(NULL, s, W.pub_thread,
		(cop_contribution_kind)6, NULL, NULL, NULL, "b"));
	BAD(COP_EINVAL, cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, "x-", "b"));
	BAD(COP_EINVAL, cop_store_set_time(s, -1));
	BAD(COP_EINVAL, cop_thread_create(NULL, s, "pub",
		COP_THREAD_DISCUSSION, "T", "UPPER_case", NULL, "b"));
	BAD(COP_EINVAL, cop_thread_create(NULL, s, "pub",
		COP_THREAD_DISCUSSION, "T", "drop;table", NULL, "b"));
	ck_assert_int_eq(cop_store_now(s), TU_T0 + 5000);
}
END_TEST

START_TEST(test_null_pointers)
{
	cop_store *s = tu_store;
	cop_member *m = NULL;
	cop_community *c = NULL;
	cop_thread *t = NULL;
	cop_contribution *x = NULL;
	cop_membership *ms = NULL;
	cop_member_iter *mit = NULL;
	cop_thread_iter *tit = NULL;
	cop_log_iter *lit = NULL;
	cop_stats st;

	/* A NULL store. */
	ck_assert_int_eq(cop_member_create(&m, NULL, "h", "N", NULL, NULL),
		COP_EINVAL);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(cop_member_lookup(&m, NULL, W.member), COP_EINVAL);
	ck_assert_int_eq(cop_member_update(NULL, W.member, "N", NULL, NULL),
		COP_EINVAL);
	ck_assert_int_eq(cop_community_create(&c, NULL, "x", "X", NULL, NULL,
		COP_VISIBILITY_PUBLIC), COP_EINVAL);
	ck_assert_int_eq(cop_community_lookup(&c, NULL, "pub"), COP_EINVAL);
	ck_assert_int_eq(cop_community_join(&ms, NULL, "pub", W.outsider, 0),
		COP_EINVAL);
	ck_assert_int_eq(cop_community_leave(NULL, "pub", W.member),
		COP_EINVAL);
	ck_assert_int_eq(cop_membership_set_role(NULL, "pub", W.member,
		COP_ROLE_CORE), COP_EINVAL);
	ck_assert_int_eq(cop_thread_create(&t, NULL, "pub",
		COP_THREAD_DISCUSSION, "T", NULL, NULL, "b"), COP_EINVAL);
	ck_assert_int_eq(cop_thread_lookup(&t, NULL, W.pub_thread), COP_EINVAL);
	ck_assert_int_eq(cop_thread_set_state(NULL, W.pub_thread,
		COP_THREAD_LOCKED), COP_EINVAL);
	ck_assert_int_eq(cop_contribution_create(&x, NULL, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "b"), COP_EINVAL);
	ck_assert_int_eq(cop_contribution_edit(&x, NULL, W.pub_post, "b",
		NULL), COP_EINVAL);
	ck_assert_int_eq(cop_member_iter_new(&mit, NULL, NULL), COP_EINVAL);
	ck_assert_int_eq(cop_log_iter_new(&lit, NULL, 0, 0), COP_EINVAL);
	ck_assert_int_eq(cop_stats_lookup(&st, NULL, NULL), COP_EINVAL);
	ck_assert_int_eq(cop_store_set_actor(NULL, NULL), COP_EINVAL);
	ck_assert_int_eq(cop_batch_begin(NULL), COP_EINVAL);
	ck_assert_int_eq(cop_batch_commit(NULL), COP_EINVAL);
	ck_assert_int_eq(cop_batch_rollback(NULL), COP_EINVAL);
	ck_assert_ptr_null(m);
	ck_assert_ptr_null(c);
	ck_assert_ptr_null(t);
	ck_assert_ptr_null(x);
	ck_assert_ptr_null(ms);
	ck_assert_ptr_null(mit);
	ck_assert_ptr_null(lit);

	/* NULL required arguments. */
	BAD(COP_EINVAL, cop_member_create(NULL, s, NULL, "N", NULL, NULL));
	BAD(COP_EINVAL, cop_member_create(NULL, s, "fresh", NULL, NULL, NULL));
	BAD(COP_EINVAL, cop_member_update(s, NULL, "N", NULL, NULL));
	BAD(COP_EINVAL, cop_member_lookup(&m, s, NULL));
	BAD(COP_EINVAL, cop_member_lookup(NULL, s, W.member));
	BAD(COP_EINVAL, cop_member_lookup_by_handle(&m, s, NULL));
	BAD(COP_EINVAL, cop_member_iter_new(NULL, s, NULL));
	BAD(COP_EINVAL, cop_community_create(NULL, s, NULL, "N", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	BAD(COP_EINVAL, cop_community_create(NULL, s, "fresh", NULL, NULL,
		NULL, COP_VISIBILITY_PUBLIC));
	BAD(COP_EINVAL, cop_community_lookup(&c, s, NULL));
	BAD(COP_EINVAL, cop_community_lookup(NULL, s, "pub"));
	BAD(COP_EINVAL, cop_community_join(NULL, s, NULL, W.outsider, 0));
	BAD(COP_EINVAL, cop_community_join(NULL, s, "pub", NULL, 0));
	BAD(COP_EINVAL, cop_community_leave(s, NULL, W.member));
	BAD(COP_EINVAL, cop_community_leave(s, "pub", NULL));
	BAD(COP_EINVAL, cop_membership_lookup(&ms, s, "pub", NULL));
	BAD(COP_EINVAL, cop_membership_lookup(NULL, s, "pub", W.member));
	BAD(COP_EINVAL, cop_membership_iter_new(NULL, s, "pub", NULL));
	BAD(COP_EINVAL, cop_thread_create(NULL, s, NULL,
		COP_THREAD_DISCUSSION, "T", NULL, NULL, "b"));
	BAD(COP_EINVAL, cop_thread_create(NULL, s, "pub",
		COP_THREAD_DISCUSSION, NULL, NULL, NULL, "b"));
	BAD(COP_EINVAL, cop_thread_create(NULL, s, "pub",
		COP_THREAD_DISCUSSION, "T", NULL, NULL, NULL));
	BAD(COP_EINVAL, cop_thread_lookup(&t, s, NULL));
	BAD(COP_EINVAL, cop_thread_lookup(NULL, s, W.pub_thread));
	BAD(COP_EINVAL, cop_thread_set_state(s, NULL, COP_THREAD_LOCKED));
	BAD(COP_EINVAL, cop_thread_iter_new(&tit, s, NULL, NULL));
	BAD(COP_EINVAL, cop_thread_iter_new(NULL, s, "pub", NULL));
	BAD(COP_EINVAL, cop_contribution_create(NULL, s, NULL,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, "b"));
	BAD(COP_EINVAL, cop_contribution_create(NULL, s, W.pub_thread,
		COP_CONTRIB_REPLY, NULL, NULL, NULL, NULL));
	BAD(COP_EINVAL, cop_contribution_edit(NULL, s, NULL, "b", NULL));
	BAD(COP_EINVAL, cop_contribution_edit(NULL, s, W.pub_post, NULL,
		NULL));
	BAD(COP_EINVAL, cop_contribution_lookup(&x, s, NULL));
	BAD(COP_EINVAL, cop_contribution_lookup(NULL, s, W.pub_post));
	BAD(COP_EINVAL, cop_stats_lookup(NULL, s, NULL));
	BAD(COP_EINVAL, cop_log_iter_new(NULL, s, 0, 0));

	/* Iterators: NULL in, NULL out. */
	TU_OK(s, cop_thread_iter_new(&tit, s, "pub", NULL));
	ck_assert_int_eq(cop_thread_iter_next(NULL, tit), COP_EINVAL);
	ck_assert_int_eq(cop_thread_iter_next(&t, NULL), COP_EINVAL);
	ck_assert_ptr_null(t);
	/* The iterator still works after those. */
	TU_OK(s, cop_thread_iter_next(&t, tit));
	ck_assert_str_eq(cop_thread_id(t), W.pub_thread);
	cop_thread_free(t);
	cop_thread_iter_free(tit);
	ck_assert_int_eq(cop_member_iter_next(&m, NULL), COP_EINVAL);
	ck_assert_int_eq(cop_log_iter_next(NULL, NULL), COP_EINVAL);

	/* Freeing NULL is harmless. */
	cop_member_free(NULL);
	cop_community_free(NULL);
	cop_membership_free(NULL);
	cop_thread_free(NULL);
	cop_contribution_free(NULL);
	cop_revision_free(NULL);
	cop_log_entry_free(NULL);
	cop_search_hit_free(NULL);
	cop_member_iter_free(NULL);
	cop_community_iter_free(NULL);
	cop_membership_iter_free(NULL);
	cop_thread_iter_free(NULL);
	cop_contribution_iter_free(NULL);
	cop_revision_iter_free(NULL);
	cop_log_iter_free(NULL);
	cop_search_iter_free(NULL);
	tu_assert_unchanged(s, BEFORE, "NULL arguments");
}
END_TEST

START_TEST(test_bad_pages)
{
	static const char *const cursors[] = {
		"garbage", "c1:", "c1:x:y:z:w", "c9:0:0:-:", "%s%s%s%n",
		"'; DROP TABLE cop_thread; --", "c1:1:2:zz:abc",
	};
	cop_store *s = tu_store;
	cop_page pg = COP_PAGE_INIT;
	cop_member_iter *mit = NULL;
	cop_thread_iter *tit = NULL;
	cop_community_iter *cit = NULL;
	cop_membership_iter *msit = NULL;
	cop_contribution_iter *xit = NULL;
	char *huge = tu_repeat('9', 10000);
	size_t i;

	for (i = 0; i <= sizeof(cursors) / sizeof(cursors[0]); i++) {
		pg.after = i < sizeof(cursors) / sizeof(cursors[0]) ?
			cursors[i] : huge;
		BAD(COP_EINVAL, cop_member_iter_new(&mit, s, &pg));
		BAD(COP_EINVAL, cop_community_iter_new(&cit, s, &pg));
		BAD(COP_EINVAL, cop_membership_iter_new(&msit, s, "pub", &pg));
		BAD(COP_EINVAL, cop_thread_iter_new(&tit, s, "pub", &pg));
		BAD(COP_EINVAL, cop_contribution_iter_new(&xit, s,
			W.pub_thread, &pg));
		BAD(COP_EINVAL, cop_contribution_iter_by_author(&xit, s,
			W.member, &pg));
	}
	pg.after = NULL;
	pg.version = 0;
	BAD(COP_EINVAL, cop_member_iter_new(&mit, s, &pg));
	BAD(COP_EINVAL, cop_community_iter_new(&cit, s, &pg));
	BAD(COP_EINVAL, cop_membership_iter_new(&msit, s, "pub", &pg));
	BAD(COP_EINVAL, cop_thread_iter_new(&tit, s, "pub", &pg));
	BAD(COP_EINVAL, cop_contribution_iter_new(&xit, s, W.pub_thread, &pg));
	BAD(COP_EINVAL, cop_contribution_iter_by_author(&xit, s, W.member,
		&pg));
	ck_assert_ptr_null(mit);
	ck_assert_ptr_null(cit);
	ck_assert_ptr_null(msit);
	ck_assert_ptr_null(tit);
	ck_assert_ptr_null(xit);
	free(huge);
}
END_TEST

/* A struct taken with a version this library does not know: COP_EINVAL,
 * a message naming the struct, nothing changed. */
#define BAD_VERSION(name, expr) do { \
	int bv_rc_ = (expr); \
	ck_assert_msg(bv_rc_ == COP_EINVAL, "%s: expected COP_EINVAL, got %s", \
		#expr, tu_ename(bv_rc_)); \
	ck_assert_msg(strstr(cop_errmsg(tu_store), name) != NULL, \
		"%s: message '%s' does not name %s", #expr, \
		cop_errmsg(tu_store), name); \
	tu_assert_unchanged(tu_store, BEFORE, #expr); \
} while (0)

START_TEST(test_bad_struct_versions)
{
	cop_store *s = tu_store, *other = NULL;
	cop_page pg = COP_PAGE_INIT;
	cop_search_options so = COP_SEARCH_OPTIONS_INIT;
	cop_import_options io = COP_IMPORT_OPTIONS_INIT;
	cop_import_report rep = COP_IMPORT_REPORT_INIT;
	cop_open_options oo = COP_OPEN_OPTIONS_INIT;
	cop_recognition_config cfg = COP_RECOGNITION_CONFIG_INIT;
	cop_member_iter *mit = NULL;
	cop_flag_iter *fit = NULL;
	cop_kudos_iter *kit = NULL;
	cop_ledger_iter *lit = NULL;
	cop_badge_iter *bit = NULL;
	cop_leader_iter *ldit = NULL;
	cop_search_iter *sit = NULL;
	int rc;

	ck_assert_uint_eq(io.version, COP_IMPORT_OPTIONS_VERSION);
	ck_assert_uint_eq(rep.version, COP_IMPORT_REPORT_VERSION);
	pg.version = 99;
	BAD_VERSION("cop_page", cop_member_iter_new(&mit, s, &pg));
	BAD_VERSION("cop_page", cop_flag_iter_new(&fit, s, "pub",
		COP_FLAG_OPEN, &pg));
	BAD_VERSION("cop_page", cop_kudos_iter_new(&kit, s, "pub", W.member,
		&pg));
	BAD_VERSION("cop_page", cop_ledger_iter_new(&lit, s, "pub", W.member,
		&pg));
	BAD_VERSION("cop_page", cop_badge_iter_new(&bit, s, "pub", W.member,
		&pg));
	BAD_VERSION("cop_page", cop_leader_iter_new(&ldit, s, "pub", NULL,
		COP_PERIOD_ALL, 0, &pg));
	so.version = 99;
	BAD_VERSION("cop_search_options", cop_search_iter_new(&sit, s, "x",
		&so));
	io.version = 99;
	rc = cop_import_json(&rep, s, 0, &io);
	if (rc != COP_ENOTSUP)      /* built without jansson */
		BAD_VERSION("cop_import_options",
			cop_import_json(&rep, s, 0, &io));
	rc = cop_import_stackexchange(&rep, s, "/nonexistent", &io);
	if (rc != COP_ENOTSUP)      /* built without libxml2 */
		BAD_VERSION("cop_import_options",
			cop_import_stackexchange(&rep, s, "/nonexistent", &io));
	cfg.version = 99;
	BAD_VERSION("cop_recognition_config",
		cop_recognition_config_set(s, "pub", &cfg));
	ck_assert_ptr_null(mit);
	ck_assert_ptr_null(fit);
	ck_assert_ptr_null(kit);
	ck_assert_ptr_null(lit);
	ck_assert_ptr_null(bit);
	ck_assert_ptr_null(ldit);
	ck_assert_ptr_null(sit);
	oo.version = 99;
	ck_assert_int_eq(cop_open(&other, ":memory:", &oo), COP_EINVAL);
	ck_assert_ptr_null(other);
	ck_assert_ptr_nonnull(strstr(cop_errmsg(NULL), "cop_open_options"));
}
END_TEST

START_TEST(test_metacharacters_verbatim)
{
	static const char *const name = "Robert'); DROP TABLE cop_member;--";
	static const char *const org = "O'Brien & \"Sons\"; DELETE FROM x; %s%n";
	static const char *const cname = "x'; DROP TABLE cop_community; --";
	static const char *const purpose =
		"`rm -rf /` $(id) <script>alert(1)</script> \\' \\\" %% _ *";
	static const char *const title = "'; DROP TABLE x; --";
	static const char *const body =
		"SELECT * FROM cop_member WHERE 1=1; -- ' \" \\ % _ \x7f\t\n"
		"'); UPDATE cop_thread SET state = 5; --";
	cop_store *s = tu_store;
	cop_member *m = NULL;
	cop_community *c = NULL;
	cop_thread *t = NULL;
	cop_contribution *x = NULL;
	cop_stats st;
	tu_idbuf mid, tid, xid;
	char *now;

	TU_OK(s, cop_member_create(&m, s, "bobby", name, org, NULL));
	memcpy(mid, cop_member_id(m), sizeof(mid));
	cop_member_free(m);
	TU_OK(s, cop_community_create(&c, s, "sqli", cname, purpose, NULL,
		COP_VISIBILITY_PUBLIC));
	cop_community_free(c);
	TU_OK(s, cop_community_join(NULL, s, "sqli", mid, 0));
	tu_as(s, mid);
	TU_OK(s, cop_thread_create(&t, s, "sqli", COP_THREAD_DISCUSSION, title,
		"c++ c# sql", NULL, body));
	memcpy(tid, cop_thread_id(t), sizeof(tid));
	cop_thread_free(t);
	TU_OK(s, cop_contribution_create(&x, s, tid, COP_CONTRIB_REPLY, NULL,
		NULL, NULL, body));
	memcpy(xid, cop_contribution_id(x), sizeof(xid));
	cop_contribution_free(x);
	TU_OK(s, cop_contribution_edit(NULL, s, xid, title, body));
	tu_as(s, NULL);

	/* Read back exactly. */
	TU_OK(s, cop_member_lookup(&m, s, mid));
	ck_assert_str_eq(cop_member_display_name(m), name);
	ck_assert_str_eq(cop_member_organisation(m), org);
	cop_member_free(m);
	TU_OK(s, cop_community_lookup(&c, s, "sqli"));
	ck_assert_str_eq(cop_community_name(c), cname);
	ck_assert_str_eq(cop_community_purpose(c), purpose);
	cop_community_free(c);
	TU_OK(s, cop_thread_lookup(&t, s, tid));
	ck_assert_str_eq(cop_thread_title(t), title);
	ck_assert_str_eq(cop_thread_tags(t), "c# c++ sql");
	ck_assert_int_eq(cop_thread_state_get(t), COP_THREAD_OPEN);
	cop_thread_free(t);
	TU_OK(s, cop_contribution_lookup(&x, s, xid));
	ck_assert_str_eq(cop_contribution_body(x), title);
	cop_contribution_free(x);
	{
		cop_revision_iter *it = NULL;
		cop_revision *r = NULL;

		TU_OK(s, cop_revision_iter_new(&it, s, xid));
		TU_OK(s, cop_revision_iter_next(&r, it));
		ck_assert_str_eq(cop_revision_body(r), body);
		ck_assert_str_eq(cop_revision_comment(r), body);
		cop_revision_free(r);
		cop_revision_iter_free(it);
	}
	/* Nothing was dropped or rewritten. */
	memset(&st, 0, sizeof(st));
	TU_OK(s, cop_stats_lookup(&st, s, NULL));
	ck_assert_int_eq(st.members, 8);
	ck_assert_int_eq(st.communities, 4);
	ck_assert_int_eq(st.threads, 4);
	ck_assert_int_eq(st.contributions, 5);
	ck_assert_int_eq(tu_count_threads(s, "pub"), 1);
	ck_assert_int_eq(tu_count_members(s), 8);
	/* Handles with metacharacters are refused, not matched. */
	now = tu_snapshot(s);
	TU_FAILS_UNCHANGED(s, COP_EINVAL, now,
		cop_member_lookup_by_handle(&m, s, "x' OR '1'='1"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, now,
		cop_member_lookup_by_handle(&m, s, "mi%"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, now,
		cop_community_lookup(&c, s, "pub' OR 1=1 --"));
	TU_FAILS_UNCHANGED(s, COP_EINVAL, now,
		cop_community_lookup(&c, s, "p%"));
	free(now);
}
END_TEST

static Suite *badinput_suite(void)
{
	Suite *s = suite_create("badinput");
	TCase *tc = tu_tcase(s, "badinput", world_setup, world_teardown);

	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_messages_are_clean);
	tcase_add_test(tc, test_empty_strings);
	tcase_add_test(tc, test_oversized);
	tcase_add_test(tc, test_unknown_ids);
	tcase_add_test(tc, test_malformed_ids);
	tcase_add_test(tc, test_out_of_range);
	tcase_add_test(tc, test_null_pointers);
	tcase_add_test(tc, test_bad_pages);
	tcase_add_test(tc, test_bad_struct_versions);
	tcase_add_test(tc, test_metacharacters_verbatim);
	return s;
}

int main(void)
{
	return tu_run(badinput_suite());
}
