/*
 * check_mail.c: members' mail addresses and mail tokens
 * (include/cop/mail.h, docs/mail.md).  Addresses added, listed, made
 * primary and removed by the member themself and the system only; an
 * address belongs to one member (taken: COP_EEXISTS, without saying
 * whose); GMime's parser decides what an address is; verification by
 * token (expiry, single use, bound to member and address); reply and
 * unsubscribe tokens signed with the store's secret, refused when forged
 * or of another kind; addresses in the member's export and gone with
 * the erasure; every refusal changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

TU_WORLD_FIXTURE(W)

/* Every address of every world member with its flags, and the log's
 * last seq, as the system: what a refused call must leave unchanged. */
static char *mail_dump(cop_store *s)
{
	const char *who[] = { W.owner, W.facil, W.core, W.member, W.outsider };
	cop_email_list *l = NULL;
	tu_idbuf saved;
	size_t n = 0, i, j, cap = 4096;
	char *buf = malloc(cap);

	ck_assert_ptr_nonnull(buf);
	tu_as_system(s, saved);
	buf[0] = '\0';
	for (i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		TU_OK(s, cop_member_email_list(&l, s, who[i]));
		for (j = 0; j < cop_email_list_count(l); j++)
			n += (size_t)snprintf(buf + n, cap - n, "%zu %s %d %d\n", i,
				cop_email_list_address(l, j),
				cop_email_list_primary(l, j),
				cop_email_list_verified(l, j));
		cop_email_list_free(l);
	}
	snprintf(buf + n, cap - n, "log %lld\n", (long long)cop_log_last_seq(s));
	tu_as_restore(s, saved);
	return buf;
}

/* Assert @p expr fails with @p want and a message, and changes
 * nothing. */
#define FAILS_UNCHANGED(s, want, expr) do { \
		char *before_ = mail_dump(s), *after_; \
		TU_RC(s, want, expr); \
		tu_assert_failed_msg(s, want); \
		after_ = mail_dump(s); \
		ck_assert_str_eq(after_, before_); \
		free(before_); \
		free(after_); \
	} while (0)

/* The addresses of @p member as the system: "addr P V, ...". */
static void addresses(cop_store *s, const char *member, char *out, size_t sz)
{
	cop_email_list *l = NULL;
	tu_idbuf saved;
	size_t i, n = 0;

	tu_as_system(s, saved);
	TU_OK(s, cop_member_email_list(&l, s, member));
	out[0] = '\0';
	for (i = 0; i < cop_email_list_count(l); i++)
		n += (size_t)snprintf(out + n, sz - n, "%s%s %d %d", i ? ", " : "",
			cop_email_list_address(l, i), cop_email_list_primary(l, i),
			cop_email_list_verified(l, i));
	ck_assert_ptr_null(cop_email_list_address(l, i));
	cop_email_list_free(l);
	tu_as_restore(s, saved);
}

START_TEST(test_add_list)
{
	cop_store *s = tu_store;
	cop_email_list *l = NULL;
	char got[512], op[64];

	tu_as(s, W.member);
	TU_OK(s, cop_member_email_add(s, W.member, "Mia@Example.ORG"));
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "member.email.add");
	TU_OK(s, cop_member_email_add(s, "mia", "mia.work@example.net"));
	TU_OK(s, cop_member_email_list(&l, s, W.member));
	ck_assert_uint_eq(cop_email_list_count(l), 2);
	ck_assert_str_eq(cop_email_list_address(l, 0), "mia.work@example.net");
	ck_assert_int_eq(cop_email_list_primary(l, 0), 0);
	ck_assert_str_eq(cop_email_list_address(l, 1), "mia@example.org");
	ck_assert_int_eq(cop_email_list_primary(l, 1), 1);
	ck_assert_int_eq(cop_email_list_verified(l, 1), 0);
	ck_assert_int_ge(cop_email_list_created(l, 1), TU_T0);
	cop_email_list_free(l);

	/* Another member sees none of them, nor adds to them. */
	tu_as(s, W.core);
	TU_RC(s, COP_EPERM, cop_member_email_list(&l, s, W.member));
	ck_assert_ptr_null(l);
	TU_RC(s, COP_EPERM, cop_member_email_list(&l, s, "mia"));
	FAILS_UNCHANGED(s, COP_EPERM, cop_member_email_add(s, W.member,
		"x@example.org"));
	/* An address taken, by anyone, whatever its case: who has it is not
	 * said. */
	TU_RC(s, COP_EEXISTS, cop_member_email_add(s, W.core,
		"MIA@example.org"));
	ck_assert_str_eq(cop_errmsg(s), "the address is taken");
	FAILS_UNCHANGED(s, COP_EEXISTS, cop_member_email_add(s, W.core,
		"MIA@example.org"));
	tu_as(s, W.member);
	TU_RC(s, COP_EEXISTS, cop_member_email_add(s, W.member,
		"mia@example.org"));
	ck_assert_str_eq(cop_errmsg(s), "the address is taken");
	FAILS_UNCHANGED(s, COP_EEXISTS, cop_member_email_add(s, W.member,
		"mia@example.org"));

	/* The system reads and writes anyone's. */
	tu_as(s, NULL);
	TU_OK(s, cop_member_email_add(s, W.core, "cora@example.org"));
	addresses(s, W.core, got, sizeof(got));
	ck_assert_str_eq(got, "cora@example.org 1 0");
	TU_RC(s, COP_ENOTFOUND, cop_member_email_list(&l, s, "nobody"));
}
END_TEST

START_TEST(test_bad_input)
{
	static const char *const bad[] = {
		"", "not an address", "Mia <mia@example.org>", "a@b.org, c@d.org",
		"@example.org", "mia@", "mia@.org", "mia@example..org",
		"mia@example.org.", "mia example@example.org", "(x)@y.org",
		"undisclosed-recipients:;", "mia@exa\nmple.org",
	};
	cop_store *s = tu_store;
	cop_email_list *l = NULL;
	char *longest, *local;
	size_t i;

	tu_as(s, W.member);
	TU_OK(s, cop_member_email_add(s, W.member, "mia@example.org"));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		FAILS_UNCHANGED(s, COP_EINVAL, cop_member_email_add(s, W.member,
			bad[i]));
	}
	FAILS_UNCHANGED(s, COP_EINVAL, cop_member_email_add(s, W.member, NULL));
	FAILS_UNCHANGED(s, COP_EENCODING, cop_member_email_add(s, W.member,
		"mi\xff@example.org"));
	/* 254 bytes are an address; 255 are too many. */
	local = tu_repeat('a', 64);
	longest = malloc(300);
	ck_assert_ptr_nonnull(longest);
	snprintf(longest, 300, "%s@%s.%s.%s.a", local, local + 2, local + 2,
		local + 3);
	ck_assert_uint_eq(strlen(longest), 254);
	TU_OK(s, cop_member_email_add(s, W.member, longest));
	strcat(longest, "x");
	FAILS_UNCHANGED(s, COP_ETOOBIG, cop_member_email_add(s, W.member,
		longest));
	free(local);
	free(longest);
	FAILS_UNCHANGED(s, COP_EINVAL, cop_member_email_add(s, "no such!",
		"z@example.org"));
	tu_as(s, NULL);
	FAILS_UNCHANGED(s, COP_ENOTFOUND, cop_member_email_add(s, "nobody",
		"z@example.org"));
	TU_RC(s, COP_EINVAL, cop_member_email_list(NULL, s, W.member));
	ck_assert_int_eq(cop_member_email_list(&l, NULL, W.member), COP_EINVAL);
	ck_assert_uint_eq(cop_email_list_count(NULL), 0);
	ck_assert_ptr_null(cop_email_list_address(NULL, 0));
	cop_email_list_free(NULL);
}
END_TEST

START_TEST(test_primary_remove)
{
	cop_store *s = tu_store;
	char got[512], *tok = NULL, op[64];

	tu_as(s, W.member);
	TU_OK(s, cop_member_email_add(s, W.member, "a@example.org"));
	TU_OK(s, cop_member_email_add(s, W.member, "b@example.org"));
	TU_OK(s, cop_member_email_add(s, W.member, "c@example.org"));
	TU_OK(s, cop_member_email_set_primary(s, W.member, "C@example.org"));
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "member.email.primary");
	addresses(s, W.member, got, sizeof(got));
	ck_assert_str_eq(got, "a@example.org 0 0, b@example.org 0 0, "
		"c@example.org 1 0");
	/* b verified: when the primary goes, b takes its place. */
	TU_OK(s, cop_member_email_token(&tok, s, W.member, "b@example.org"));
	TU_OK(s, cop_member_email_verify(s, tok));
	cop_free(tok);
	TU_OK(s, cop_member_email_remove(s, W.member, "c@example.org"));
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "member.email.remove");
	addresses(s, W.member, got, sizeof(got));
	ck_assert_str_eq(got, "a@example.org 0 0, b@example.org 1 1");
	/* Without a verified one left, the first becomes primary. */
	TU_OK(s, cop_member_email_remove(s, W.member, "b@example.org"));
	addresses(s, W.member, got, sizeof(got));
	ck_assert_str_eq(got, "a@example.org 1 0");

	/* Another member's address is no address of theirs. */
	tu_as(s, W.core);
	TU_OK(s, cop_member_email_add(s, W.core, "cora@example.org"));
	FAILS_UNCHANGED(s, COP_ENOTFOUND, cop_member_email_remove(s, W.core,
		"a@example.org"));
	FAILS_UNCHANGED(s, COP_ENOTFOUND, cop_member_email_set_primary(s,
		W.core, "a@example.org"));
	FAILS_UNCHANGED(s, COP_EPERM, cop_member_email_remove(s, W.member,
		"a@example.org"));
	FAILS_UNCHANGED(s, COP_EINVAL, cop_member_email_remove(s, W.core,
		"cora"));
	tu_as(s, NULL);
	TU_OK(s, cop_member_email_remove(s, W.member, "a@example.org"));
	addresses(s, W.member, got, sizeof(got));
	ck_assert_str_eq(got, "");
}
END_TEST

START_TEST(test_verify)
{
	cop_store *s = tu_store;
	char got[512], *tok = NULL, *tok2 = NULL, *other = NULL, op[64];
	char forged[128];

	tu_as(s, W.member);
	TU_OK(s, cop_member_email_add(s, W.member, "mia@example.org"));
	TU_OK(s, cop_member_email_token(&tok, s, W.member, "MIA@example.org"));
	ck_assert_ptr_nonnull(tok);
	ck_assert_uint_eq(strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
		"nopqrstuvwxyz0123456789-_"), strlen(tok));

	/* Forged: one character changed (each position tried). */
	for (size_t i = 0; i < strlen(tok); i++) {
		snprintf(forged, sizeof(forged), "%s", tok);
		forged[i] = forged[i] == 'A' ? 'B' : 'A';
		FAILS_UNCHANGED(s, COP_EPERM, cop_member_email_verify(s, forged));
	}
	FAILS_UNCHANGED(s, COP_EINVAL, cop_member_email_verify(s, "short"));
	FAILS_UNCHANGED(s, COP_EINVAL, cop_member_email_verify(s, NULL));
	snprintf(forged, sizeof(forged), "%s", tok);
	forged[3] = '+';
	FAILS_UNCHANGED(s, COP_EINVAL, cop_member_email_verify(s, forged));

	/* Another member cannot use it; the member and the system can. */
	tu_as(s, W.core);
	FAILS_UNCHANGED(s, COP_EPERM, cop_member_email_verify(s, tok));
	FAILS_UNCHANGED(s, COP_EPERM, cop_member_email_token(&other, s,
		W.member, "mia@example.org"));
	tu_as(s, W.member);
	TU_OK(s, cop_member_email_verify(s, tok));
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "member.email.verify");
	addresses(s, W.member, got, sizeof(got));
	ck_assert_str_eq(got, "mia@example.org 1 1");
	/* Used once. */
	FAILS_UNCHANGED(s, COP_EEXISTS, cop_member_email_verify(s, tok));
	FAILS_UNCHANGED(s, COP_EEXISTS, cop_member_email_token(&other, s,
		W.member, "mia@example.org"));

	/* Expired after COP_EMAIL_TOKEN_TTL. */
	TU_OK(s, cop_member_email_add(s, W.member, "late@example.org"));
	TU_OK(s, cop_member_email_token(&tok2, s, W.member, "late@example.org"));
	tu_tick(s, COP_EMAIL_TOKEN_TTL + 1);
	TU_RC(s, COP_EPERM, cop_member_email_verify(s, tok2));
	ck_assert(tu_contains(cop_errmsg(s), "expired"));
	FAILS_UNCHANGED(s, COP_EPERM, cop_member_email_verify(s, tok2));
	cop_free(tok2);

	/* Bound to the address as it was added: removed and added again,
	 * the old token names nothing. */
	TU_OK(s, cop_member_email_token(&tok2, s, W.member, "late@example.org"));
	TU_OK(s, cop_member_email_remove(s, W.member, "late@example.org"));
	FAILS_UNCHANGED(s, COP_ENOTFOUND, cop_member_email_verify(s, tok2));
	tu_tick(s, 1);
	TU_OK(s, cop_member_email_add(s, W.member, "late@example.org"));
	FAILS_UNCHANGED(s, COP_ENOTFOUND, cop_member_email_verify(s, tok2));
	cop_free(tok2);

	/* No address of theirs; the system verifies for anyone. */
	TU_RC(s, COP_ENOTFOUND, cop_member_email_token(&other, s, W.member,
		"nobody@example.org"));
	ck_assert_ptr_null(other);
	tu_as(s, NULL);
	TU_OK(s, cop_member_email_token(&tok2, s, W.member, "late@example.org"));
	TU_OK(s, cop_member_email_verify(s, tok2));
	cop_free(tok2);
	addresses(s, W.member, got, sizeof(got));
	ck_assert_str_eq(got, "late@example.org 0 1, mia@example.org 1 1");
	cop_free(tok);
}
END_TEST

START_TEST(test_tokens)
{
	cop_store *s = tu_store;
	char *tok = NULL, *m = NULL, *o = NULL, *v = NULL, forged[128];
	cop_mail_token_kind k;

	/* Reply tokens fit a local part: "reply+" and 58 characters. */
	TU_OK(s, cop_mail_token_make(&tok, s, COP_MAIL_TOKEN_REPLY, W.member,
		W.pub_post));
	ck_assert_uint_le(strlen("reply+") + strlen(tok), 64);
	TU_OK(s, cop_mail_token_check(&m, &o, s, COP_MAIL_TOKEN_REPLY, tok));
	ck_assert_str_eq(m, W.member);
	ck_assert_str_eq(o, W.pub_post);
	cop_free(m);
	cop_free(o);
	/* A token of one kind is not one of another. */
	TU_RC(s, COP_EPERM, cop_mail_token_check(&m, &o, s,
		COP_MAIL_TOKEN_UNSUBSCRIBE, tok));
	ck_assert_ptr_null(m);
	ck_assert_ptr_null(o);
	snprintf(forged, sizeof(forged), "%s", tok);
	forged[10] = forged[10] == 'x' ? 'y' : 'x';
	TU_RC(s, COP_EPERM, cop_mail_token_check(&m, &o, s,
		COP_MAIL_TOKEN_REPLY, forged));
	cop_free(tok);
	TU_OK(s, cop_mail_token_make(&tok, s, COP_MAIL_TOKEN_UNSUBSCRIBE,
		W.member, W.pub));
	TU_OK(s, cop_mail_token_check(&m, &o, s, COP_MAIL_TOKEN_UNSUBSCRIBE,
		tok));
	ck_assert_str_eq(o, W.pub);
	cop_free(m);
	cop_free(o);
	TU_RC(s, COP_EPERM, cop_mail_token_check(&m, &o, s,
		COP_MAIL_TOKEN_REPLY, tok));
	/* A verification token is neither. */
	TU_OK(s, cop_member_email_add(s, W.member, "mia@example.org"));
	TU_OK(s, cop_member_email_token(&v, s, W.member, "mia@example.org"));
	TU_RC(s, COP_EINVAL, cop_mail_token_check(&m, &o, s,
		COP_MAIL_TOKEN_REPLY, v));
	TU_RC(s, COP_EINVAL, cop_member_email_verify(s, tok));
	cop_free(v);
	cop_free(tok);

	/* Only the system makes them; kinds by name. */
	tu_as(s, W.member);
	TU_RC(s, COP_EPERM, cop_mail_token_make(&tok, s, COP_MAIL_TOKEN_REPLY,
		W.member, W.pub_post));
	ck_assert_ptr_null(tok);
	tu_as(s, NULL);
	TU_RC(s, COP_EINVAL, cop_mail_token_make(&tok, s, COP_MAIL_TOKEN_VERIFY,
		W.member, W.pub_post));
	TU_RC(s, COP_EINVAL, cop_mail_token_make(&tok, s, COP_MAIL_TOKEN_REPLY,
		"mia", W.pub_post));
	TU_RC(s, COP_EINVAL, cop_mail_token_check(&m, &o, s,
		COP_MAIL_TOKEN_VERIFY, "x"));
	ck_assert_str_eq(cop_mail_token_kind_name(COP_MAIL_TOKEN_REPLY), "reply");
	ck_assert_int_eq(cop_mail_token_kind_parse(&k, "unsubscribe"), COP_OK);
	ck_assert_int_eq(k, COP_MAIL_TOKEN_UNSUBSCRIBE);
	ck_assert_int_eq(cop_mail_token_kind_parse(&k, "nope"), COP_EINVAL);
}
END_TEST

/* A store that never made a token checks none. */
START_TEST(test_no_secret)
{
	cop_store *s = tu_store;
	char *m = NULL, *o = NULL;

	TU_RC(s, COP_EPERM, cop_mail_token_check(&m, &o, s,
		COP_MAIL_TOKEN_REPLY, "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
}
END_TEST

/* The member's export holds their addresses (when the library has
 * jansson); the erasure removes them. */
START_TEST(test_export_erase)
{
	cop_store *s = tu_store;
	char got[256], path[] = "/tmp/check_mail_XXXXXX", *text;
	FILE *f;
	long len;
	int fd;

	tu_as(s, W.member);
	TU_OK(s, cop_member_email_add(s, W.member, "mia@example.org"));
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	if (cop_member_export_json(s, W.member, fd) == COP_ENOTSUP) {
		close(fd);
		unlink(path);
		goto erase;
	}
	f = fdopen(fd, "r");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(fread(text, 1, (size_t)len, f), (size_t)len);
	text[len] = '\0';
	fclose(f);
	unlink(path);
	ck_assert_msg(tu_contains(text, "\"emails\":[\n{\"address\":"
		"\"mia@example.org\",\"created\":1700000005000,\"primary\":true,"
		"\"verified\":false}\n]"), "%s", text);
	free(text);
erase:
	TU_OK(s, cop_member_erase(s, W.member));
	addresses(s, W.member, got, sizeof(got));
	ck_assert_str_eq(got, "");
	/* Free for someone else now. */
	tu_as(s, W.core);
	TU_OK(s, cop_member_email_add(s, W.core, "mia@example.org"));
}
END_TEST

static Suite *mail_suite(void)
{
	Suite *s = suite_create("mail");
	TCase *tc = tu_tcase(s, "addresses", setup, teardown);

	tcase_add_test(tc, test_add_list);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_primary_remove);
	tcase_add_test(tc, test_verify);
	tcase_add_test(tc, test_tokens);
	tcase_add_test(tc, test_no_secret);
	tcase_add_test(tc, test_export_erase);
	return s;
}

int main(void)
{
	return tu_run(mail_suite());
}
