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

/* ---- incoming mail ------------------------------------------------------------- */

#define DOMAIN "lists.example.org"

/* Fixture tests/data/mail/@p name, with each @TOKEN@ replaced by
 * @p token; malloc'd. */
static char *fixture(const char *name, const char *token)
{
	const char *src = getenv("COP_SRCDIR");
	char path[1024], *buf, *at, *out;
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/tests/data/mail/%s", src ? src : ".",
		name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	while (token && (at = strstr(buf, "@TOKEN@"))) {
		len += (long)strlen(token);
		out = malloc((size_t)len + 1);
		ck_assert_ptr_nonnull(out);
		snprintf(out, (size_t)len + 1, "%.*s%s%s", (int)(at - buf), buf,
			token, at + 7);
		free(buf);
		buf = out;
	}
	return buf;
}

/* Ingest fixture @p name (as the system) and return the result. */
static cop_mail_result *ingest(cop_store *s, const char *name,
	const char *token)
{
	cop_mail_result *r = NULL;
	char *msg = fixture(name, token);
	tu_idbuf saved;

	tu_as_system(s, saved);
	TU_OK(s, cop_mail_ingest(&r, s, DOMAIN, msg, strlen(msg)));
	ck_assert_ptr_nonnull(r);
	tu_as_restore(s, saved);
	free(msg);
	return r;
}

/* The store's picture without its log line, and the log's last seq. */
static char *picture(cop_store *s, int64_t *seq)
{
	char *snap = tu_snapshot(s), *l = strstr(snap, "\nlog ");

	ck_assert_ptr_nonnull(l);
	memset(l + 1, 'x', strcspn(l + 1, "\n"));
	*seq = cop_log_last_seq(s);
	return snap;
}


/* The body of contribution @p id, as the system (malloc'd). */
static char *body_of(cop_store *s, const char *id)
{
	cop_contribution *c = NULL;
	char *b;

	tu_as(s, NULL);
	TU_OK(s, cop_contribution_lookup(&c, s, id));
	b = strdup(cop_contribution_body(c));
	cop_contribution_free(c);
	return b;
}

/* Ingest @p name, assert it is accepted with the body @p want. */
static void accepted_body(cop_store *s, const char *name, const char *token,
	const char *want)
{
	cop_mail_result *r = ingest(s, name, token);
	char *b;

	ck_assert_msg(cop_mail_result_outcome_get(r) == COP_MAIL_ACCEPTED,
		"%s: %s", name, cop_mail_result_reason(r));
	b = body_of(s, cop_mail_result_contribution_id(r));
	ck_assert_str_eq(b, want);
	free(b);
	cop_mail_result_free(r);
}

/* Ingest @p name, assert it is refused (or dropped) with @p outcome and
 * @p code, that nothing but one log line "OP" changed. */
static void refused(cop_store *s, const char *name, const char *token,
	cop_mail_outcome outcome, int code, const char *op)
{
	int64_t seq0, seq1;
	char *before = picture(s, &seq0), *after, got[64];
	cop_mail_result *r = ingest(s, name, token);

	ck_assert_msg(cop_mail_result_outcome_get(r) == outcome, "%s: %s (%s)",
		name, cop_mail_outcome_name(cop_mail_result_outcome_get(r)),
		cop_mail_result_reason(r));
	ck_assert_int_eq(cop_mail_result_code(r), code);
	ck_assert_ptr_null(cop_mail_result_contribution_id(r));
	ck_assert_str_ne(cop_mail_result_reason(r), "");
	after = picture(s, &seq1);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(seq1, seq0 + 1);
	tu_last_op(s, got, sizeof(got));
	ck_assert_str_eq(got, op);
	cop_mail_result_free(r);
	free(before);
	free(after);
}

START_TEST(test_ingest_new_threads)
{
	cop_store *s = tu_store;
	cop_mail_result *r;
	cop_contribution *c = NULL;
	cop_thread *t = NULL;
	int64_t seq0, seq1;
	char *b, *before, *after, op[64], first[COP_ID_TEXT_LEN + 1];

	tu_verified_email(s, W.member, "mia@example.org");
	/* Quoted-printable ISO-8859-1, its subject too; the signature cut. */
	r = ingest(s, "qp-latin1.eml", NULL);
	ck_assert_msg(cop_mail_result_outcome_get(r) == COP_MAIL_ACCEPTED, "%s",
		cop_mail_result_reason(r));
	ck_assert_int_eq(cop_mail_result_code(r), COP_OK);
	ck_assert_str_eq(cop_mail_result_message_id(r), "qp1@example.org");
	snprintf(first, sizeof(first), "%s", cop_mail_result_contribution_id(r));
	cop_mail_result_free(r);
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "mail.accepted");
	TU_OK(s, cop_contribution_lookup(&c, s, first));
	ck_assert_str_eq(cop_contribution_author_id(c), W.member);
	ck_assert_str_eq(cop_contribution_body(c), "Shall we meet at the caf\xc3\xa9 "
		"on Friday? The soft line break joins this.");
	TU_OK(s, cop_thread_lookup(&t, s, cop_contribution_thread_id(c)));
	ck_assert_str_eq(cop_thread_title(t), "Caf\xc3\xa9 talk");
	ck_assert_str_eq(cop_thread_community_id(t), W.pub);
	cop_thread_free(t);
	cop_contribution_free(c);

	/* The same message again changes nothing and names the first. */
	before = picture(s, &seq0);
	r = ingest(s, "qp-latin1.eml", NULL);
	ck_assert_int_eq(cop_mail_result_outcome_get(r), COP_MAIL_DUPLICATE);
	ck_assert_str_eq(cop_mail_result_contribution_id(r), first);
	cop_mail_result_free(r);
	after = picture(s, &seq1);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(seq1, seq0);
	free(before);
	free(after);

	/* Base64 UTF-8. */
	accepted_body(s, "base64-utf8.eml", NULL, "Les notes de la "
		"r\xc3\xa9union \xc3\xa0 Accra sont pr\xc3\xaates.");

	/* HTML only: its text, without style, script or quoted text. */
	r = ingest(s, "html-only.eml", NULL);
	ck_assert_msg(cop_mail_result_outcome_get(r) == COP_MAIL_ACCEPTED ||
		cop_mail_result_code(r) == COP_ENOTSUP, "%s",
		cop_mail_result_reason(r));
	if (cop_mail_result_outcome_get(r) == COP_MAIL_ACCEPTED) {
		b = body_of(s, cop_mail_result_contribution_id(r));
		ck_assert_str_eq(b, "First point.\nSecond point.");
		free(b);
	}
	cop_mail_result_free(r);

	/* An attachment is listed, not stored. */
	accepted_body(s, "attachment.eml", NULL, "The report is attached.\n\n"
		"Attachments (not stored):\n- report.pdf (application/pdf)");

	/* No Message-ID: known by its hash, so again is a duplicate. */
	r = ingest(s, "no-message-id.eml", NULL);
	ck_assert_int_eq(cop_mail_result_outcome_get(r), COP_MAIL_ACCEPTED);
	ck_assert(strncmp(cop_mail_result_message_id(r), "sha256:", 7) == 0);
	cop_mail_result_free(r);
	r = ingest(s, "no-message-id.eml", NULL);
	ck_assert_int_eq(cop_mail_result_outcome_get(r), COP_MAIL_DUPLICATE);
	cop_mail_result_free(r);
}
END_TEST

START_TEST(test_ingest_replies)
{
	cop_store *s = tu_store;
	cop_mail_result *r;
	cop_contribution *c = NULL;
	char *tok = NULL, *other = NULL, forged[128];
	char first[COP_ID_TEXT_LEN + 1];

	tu_verified_email(s, W.member, "mia@example.org");
	tu_as(s, NULL);
	TU_OK(s, cop_mail_token_make(&tok, s, COP_MAIL_TOKEN_REPLY, W.member,
		W.pub_post));
	r = ingest(s, "reply.eml", tok);
	ck_assert_msg(cop_mail_result_outcome_get(r) == COP_MAIL_ACCEPTED, "%s",
		cop_mail_result_reason(r));
	TU_OK(s, cop_contribution_lookup(&c, s,
		cop_mail_result_contribution_id(r)));
	ck_assert_str_eq(cop_contribution_thread_id(c), W.pub_thread);
	ck_assert_str_eq(cop_contribution_reply_to(c), W.pub_post);
	ck_assert_str_eq(cop_contribution_author_id(c), W.member);
	/* The quoted text and its attribution trimmed. */
	ck_assert_str_eq(cop_contribution_body(c),
		"Thanks, I will bring the notes.");
	snprintf(first, sizeof(first), "%s", cop_contribution_id(c));
	cop_contribution_free(c);
	cop_mail_result_free(r);

	/* Broken References do not matter: the token says where. */
	accepted_body(s, "broken-references.eml", tok,
		"A reply whose References are broken.");

	/* Forged: a character of the token changed. */
	snprintf(forged, sizeof(forged), "%s", tok);
	forged[8] = forged[8] == 'Q' ? 'R' : 'Q';
	refused(s, "broken-references.eml", forged, COP_MAIL_REFUSED, COP_EPERM,
		"mail.refused");
	/* Another member's token, used by mia (a new message). */
	TU_OK(s, cop_mail_token_make(&other, s, COP_MAIL_TOKEN_REPLY, W.core,
		W.pub_post));
	refused(s, "broken-references.eml", other, COP_MAIL_REFUSED, COP_EPERM,
		"mail.refused");
	/* A closed thread refuses the reply with the API's code (a token for
	 * another contribution there, so a new Message-ID). */
	tu_as(s, NULL);
	TU_OK(s, cop_thread_set_flag(s, W.pub_thread, COP_THREAD_FLAG_CLOSED, 1));
	cop_free(other);
	TU_OK(s, cop_mail_token_make(&other, s, COP_MAIL_TOKEN_REPLY, W.member,
		first));
	refused(s, "broken-references.eml", other, COP_MAIL_REFUSED, COP_EPERM,
		"mail.refused");
	cop_free(tok);
	cop_free(other);
}
END_TEST

START_TEST(test_ingest_refused)
{
	cop_store *s = tu_store;
	cop_mail_result *r = NULL;

	tu_verified_email(s, W.member, "mia@example.org");
	tu_verified_email(s, W.outsider, "otto@example.org");
	tu_verified_email(s, W.silenced, "sid@example.org");
	refused(s, "autoreply.eml", NULL, COP_MAIL_AUTOREPLY, COP_OK,
		"mail.dropped");
	refused(s, "bulk.eml", NULL, COP_MAIL_AUTOREPLY, COP_OK, "mail.dropped");
	refused(s, "dsn.eml", NULL, COP_MAIL_BOUNCE, COP_OK, "mail.dropped");
	refused(s, "stranger.eml", NULL, COP_MAIL_REFUSED, COP_EPERM,
		"mail.refused");
	refused(s, "private.eml", NULL, COP_MAIL_REFUSED, COP_ENOTFOUND,
		"mail.refused");
	refused(s, "silenced.eml", NULL, COP_MAIL_REFUSED, COP_EPERM,
		"mail.refused");
	/* An unverified address is no sender. */
	tu_as(s, NULL);
	TU_OK(s, cop_member_email_remove(s, W.member, "mia@example.org"));
	TU_OK(s, cop_member_email_add(s, W.member, "mia@example.org"));
	refused(s, "qp-latin1.eml", NULL, COP_MAIL_REFUSED, COP_EPERM,
		"mail.refused");
	/* Not a message at all. */
	tu_as(s, NULL);
	TU_OK(s, cop_mail_ingest(&r, s, DOMAIN, "", 0));
	ck_assert_int_eq(cop_mail_result_code(r), COP_EFORMAT);
	cop_mail_result_free(r);
	/* Bad calls. */
	TU_RC(s, COP_EINVAL, cop_mail_ingest(&r, s, NULL, "x", 1));
	TU_RC(s, COP_EINVAL, cop_mail_ingest(&r, s, "a@b", "x", 1));
	ck_assert_ptr_null(r);
	tu_as(s, W.member);
	TU_RC(s, COP_EPERM, cop_mail_ingest(&r, s, DOMAIN, "x", 1));
	ck_assert_str_eq(cop_mail_outcome_name(COP_MAIL_BOUNCE), "bounce");
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
	tc = tu_tcase(s, "ingest", setup, teardown);
	tcase_add_test(tc, test_ingest_new_threads);
	tcase_add_test(tc, test_ingest_replies);
	tcase_add_test(tc, test_ingest_refused);
	return s;
}

int main(void)
{
	return tu_run(mail_suite());
}
