/*
 * check_mailout.c: outgoing mail (include/cop/mail.h, docs/mail.md,
 * "Outgoing mail").  Delivery choices per member and community, by the
 * member themself or the system; the outbox filled once per
 * notification and per digest due, only for verified addresses, only
 * with what the member may see; the rendered message read back with
 * GMime (headers, parts); the round trip: a reply to the message's
 * Reply-To lands in the thread, by the member; a token forged or used by
 * another sender refused, changing nothing; `send` through a fake
 * sendmail (success, failure kept for retry); erasure removes the
 * member's outbox; every refusal changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <gmime/gmime.h>

#include "testutil.h"
#include "faultbe.h"

TU_WORLD_FIXTURE(W)

#define DOMAIN "lists.example.org"
#define FROM "notify@lists.example.org"
#define URL "https://example.org/unsubscribe/"
#define DAY ((cop_time)24 * 60 * 60 * 1000)


/* Fill the outbox as the system: how many were added. */
static unsigned int fill(cop_store *s)
{
	unsigned int n = 99;

	tu_as(s, NULL);
	TU_OK(s, cop_mail_outbox_fill(s, DOMAIN, FROM, URL, &n));
	return n;
}

/* The outbox as the system (the caller frees it). */
static cop_outbox *outbox(cop_store *s)
{
	cop_outbox *o = NULL;

	tu_as(s, NULL);
	TU_OK(s, cop_mail_outbox_list(&o, s, -1));
	ck_assert_ptr_nonnull(o);
	return o;
}

/* The outbox's rows and the log's last seq: what a refusal leaves. */
static char *mail_dump(cop_store *s)
{
	cop_outbox *o;
	tu_idbuf saved;
	size_t i, n = 0, cap = 8192;
	char *buf = malloc(cap);

	ck_assert_ptr_nonnull(buf);
	tu_as_system(s, saved);
	o = outbox(s);
	buf[0] = '\0';
	for (i = 0; i < cop_outbox_count(o) && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s %s %d %d\n",
			cop_outbox_id(o, i), cop_outbox_source(o, i),
			(int)cop_outbox_state_get(o, i), cop_outbox_attempts(o, i));
	cop_outbox_free(o);
	if (n < cap)
		snprintf(buf + n, cap - n, "log %lld\n",
			(long long)cop_log_last_seq(s));
	tu_as_restore(s, saved);
	return buf;
}

#define FAILS_UNCHANGED(s, want, expr) do { \
		char *before_ = mail_dump(s), *snap_ = tu_snapshot(s), *after_; \
		TU_RC(s, want, expr); \
		tu_assert_failed_msg(s, want); \
		after_ = mail_dump(s); \
		ck_assert_str_eq(after_, before_); \
		tu_assert_unchanged(s, snap_, #expr); \
		free(before_); \
		free(after_); \
		free(snap_); \
	} while (0)

/* The store's picture without its log line (a refused message writes
 * its own "mail.refused" line, and nothing else). */
static char *picture(cop_store *s)
{
	char *snap = tu_snapshot(s), *l = strstr(snap, "\nlog ");

	ck_assert_ptr_nonnull(l);
	memset(l + 1, 'x', strcspn(l + 1, "\n"));
	return snap;
}

/* Take in @p mail as the system: refused with COP_EPERM, and nothing
 * changed but the log's line for it. */
static void refused(cop_store *s, const char *mail)
{
	cop_mail_result *r = NULL;
	char *before = picture(s), *after, op[64];
	int64_t seq = cop_log_last_seq(s);

	tu_as(s, NULL);
	TU_OK(s, cop_mail_ingest(&r, s, DOMAIN, mail, strlen(mail)));
	ck_assert_int_eq(cop_mail_result_outcome_get(r), COP_MAIL_REFUSED);
	ck_assert_int_eq(cop_mail_result_code(r), COP_EPERM);
	cop_mail_result_free(r);
	after = picture(s);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(tu_count_log(s, seq), 1);
	tu_last_op(s, op, sizeof(op));
	ck_assert_str_eq(op, "mail.refused");
	free(before);
	free(after);
}

/* Message @p text parsed by GMime (the caller unrefs it). */
static GMimeMessage *parse(const char *text)
{
	GMimeStream *st;
	GMimeParser *p;
	GMimeMessage *m;

	g_mime_init();
	st = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	p = g_mime_parser_new_with_stream(st);
	m = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	g_object_unref(st);
	ck_assert_ptr_nonnull(m);
	return m;
}

static const char *header(GMimeMessage *m, const char *name)
{
	return g_mime_object_get_header((GMimeObject *)m, name);
}

/* The decoded text of the part of @p m of type text/@p sub. */
static char *part_text(GMimeMessage *m, const char *sub)
{
	GMimeObject *body = g_mime_message_get_mime_part(m);
	int i;

	ck_assert(GMIME_IS_MULTIPART(body));
	ck_assert(g_mime_content_type_is_type(g_mime_object_get_content_type(
		body), "multipart", "alternative"));
	for (i = 0; i < g_mime_multipart_get_count((GMimeMultipart *)body); i++) {
		GMimeObject *p = g_mime_multipart_get_part((GMimeMultipart *)body, i);
		GMimeContentType *ct = g_mime_object_get_content_type(p);
		if (g_mime_content_type_is_type(ct, "text", sub)) {
			ck_assert_str_eq(g_mime_content_type_get_parameter(ct,
				"charset"), "utf-8");
			return g_mime_text_part_get_text((GMimeTextPart *)p);
		}
	}
	ck_abort_msg("no text/%s part", sub);
	return NULL;
}

/* Mia and Cora of world @p w (verified addresses) take pub's mail, Mia
 * @p mia's way and Cora @p cora's. */
static void subscribe(cop_store *s, const tu_world *w, cop_mail_delivery mia,
	cop_mail_delivery cora)
{
	tu_verified_email(s, w->member, "mia@example.org");
	tu_verified_email(s, w->core, "cora@example.org");
	tu_as(s, w->member);
	TU_OK(s, cop_mail_delivery_set(s, w->member, "pub", mia));
	tu_as(s, w->core);
	TU_OK(s, cop_mail_delivery_set(s, w->core, "pub", cora));
}

START_TEST(test_delivery)
{
	cop_store *s = tu_store;
	cop_mail_delivery d = COP_MAIL_WEEKLY;

	ck_assert_str_eq(cop_mail_delivery_name(COP_MAIL_EVERY), "every");
	ck_assert_ptr_null(cop_mail_delivery_name((cop_mail_delivery)9));
	TU_OK(s, cop_mail_delivery_parse(&d, "weekly"));
	ck_assert_int_eq(d, COP_MAIL_WEEKLY);
	ck_assert_int_eq(cop_mail_delivery_parse(&d, "hourly"), COP_EINVAL);
	tu_as(s, W.member);
	TU_OK(s, cop_mail_delivery_get(&d, s, W.member, "pub"));
	ck_assert_int_eq(d, COP_MAIL_NONE);          /* the default */
	TU_OK(s, cop_mail_delivery_set(s, W.member, "pub", COP_MAIL_DAILY));
	TU_OK(s, cop_mail_delivery_get(&d, s, W.member, "pub"));
	ck_assert_int_eq(d, COP_MAIL_DAILY);
	TU_OK(s, cop_mail_delivery_set(s, W.member, "pub", COP_MAIL_EVERY));
	TU_OK(s, cop_mail_delivery_get(&d, s, W.member, "pub"));
	ck_assert_int_eq(d, COP_MAIL_EVERY);
	/* Refusals change nothing. */
	FAILS_UNCHANGED(s, COP_EINVAL, cop_mail_delivery_set(s, W.member, "pub",
		(cop_mail_delivery)7));
	FAILS_UNCHANGED(s, COP_EINVAL, cop_mail_delivery_set(s, W.member, NULL,
		COP_MAIL_NONE));
	tu_as(s, W.core);
	FAILS_UNCHANGED(s, COP_EPERM, cop_mail_delivery_set(s, W.member, "pub",
		COP_MAIL_NONE));
	FAILS_UNCHANGED(s, COP_EPERM, cop_mail_delivery_get(&d, s, W.member,
		"pub"));
	/* Not a member: refused; a private community the actor does not see
	 * is refused as missing, as the rest of the API refuses it. */
	tu_as(s, W.outsider);
	FAILS_UNCHANGED(s, COP_EPERM, cop_mail_delivery_set(s, W.outsider, "pub",
		COP_MAIL_EVERY));
	FAILS_UNCHANGED(s, COP_ENOTFOUND, cop_mail_delivery_set(s, W.outsider,
		"priv", COP_MAIL_EVERY));
	tu_as(s, NULL);
	FAILS_UNCHANGED(s, COP_ENOTFOUND, cop_mail_delivery_set(s, W.member,
		"nowhere", COP_MAIL_EVERY));
	/* The system sets anyone's. */
	TU_OK(s, cop_mail_delivery_set(s, W.member, "pub", COP_MAIL_WEEKLY));
	TU_OK(s, cop_mail_delivery_get(&d, s, W.member, "pub"));
	ck_assert_int_eq(d, COP_MAIL_WEEKLY);
}
END_TEST

/* Cora replies to Mia's first post in pub: the reply's id. */
static void cora_replies(cop_store *s, tu_idbuf id, const char *body)
{
	tu_tick(s, 1000);
	tu_as(s, W.core);
	tu_contrib(s, id, W.pub_thread, COP_CONTRIB_REPLY, W.pub_post, body);
}

START_TEST(test_message_round_trip)
{
	cop_store *s = tu_store;
	GMimeMessage *m;
	InternetAddressList *rl;
	cop_outbox *o;
	cop_mail_result *r = NULL;
	cop_contribution *c = NULL;
	tu_idbuf reply;
	char want[256], *text, *html, *mail, *forged, *tok;
	const char *rt;

	tu_verified_email(s, W.member, "mia@example.org");
	tu_verified_email(s, W.core, "cora@example.org");
	tu_as(s, W.member);
	TU_OK(s, cop_mail_delivery_set(s, W.member, "pub", COP_MAIL_EVERY));
	cora_replies(s, reply, "Try *this*, Mia — r\xc3\xa9sum\xc3\xa9s "
		"<script>alert(1)</script>");
	ck_assert_uint_eq(fill(s), 1);
	ck_assert_uint_eq(fill(s), 0);       /* once */
	o = outbox(s);
	ck_assert_uint_eq(cop_outbox_count(o), 1);
	ck_assert_str_eq(cop_outbox_recipient(o, 0), "mia@example.org");
	ck_assert_str_eq(cop_outbox_sender(o, 0), FROM);
	ck_assert_str_eq(cop_outbox_member_id(o, 0), W.member);
	ck_assert_str_eq(cop_outbox_community_id(o, 0), W.pub);
	ck_assert_int_eq(cop_outbox_state_get(o, 0), COP_OUTBOX_WAITING);
	ck_assert_int_eq(cop_outbox_attempts(o, 0), 0);
	ck_assert_ptr_null(cop_outbox_reason(o, 0));
	ck_assert_ptr_null(cop_outbox_id(o, 1));

	m = parse(cop_outbox_message(o, 0));
	snprintf(want, sizeof(want), "c.%s@" DOMAIN, reply);
	ck_assert_str_eq(g_mime_message_get_message_id(m), want);
	snprintf(want, sizeof(want), "<c.%s@" DOMAIN ">", W.pub_post);
	ck_assert_str_eq(header(m, "In-Reply-To"), want);
	ck_assert_str_eq(header(m, "References"), want);
	ck_assert_str_eq(header(m, "List-Id"), "<pub." DOMAIN ">");
	ck_assert_str_eq(header(m, "List-Post"), "<mailto:pub@" DOMAIN ">");
	ck_assert_str_eq(header(m, "List-Unsubscribe-Post"),
		"List-Unsubscribe=One-Click");
	ck_assert(!strncmp(header(m, "List-Unsubscribe"), "<" URL,
		strlen("<" URL)));
	ck_assert_str_eq(g_mime_message_get_subject(m), "[pub] Re: Welcome to pub");
	/* The unsubscribe token names Mia and pub. */
	tok = strdup(header(m, "List-Unsubscribe") + strlen("<" URL));
	tok[strlen(tok) - 1] = '\0';
	{
		char *who = NULL, *what = NULL;
		TU_OK(s, cop_mail_token_check(&who, &what, s,
			COP_MAIL_TOKEN_UNSUBSCRIBE, tok));
		ck_assert_str_eq(who, W.member);
		ck_assert_str_eq(what, W.pub);
		cop_text_dispose(who);
		cop_text_dispose(what);
	}
	/* One click: another member may not use it, a forged one is refused,
	 * Mia's own (or the system's) sets her delivery to none. */
	{
		cop_mail_delivery d;
		char *bad = strdup(tok);
		bad[12] = bad[12] == 'A' ? 'B' : 'A';
		tu_as(s, W.core);
		FAILS_UNCHANGED(s, COP_EPERM, cop_mail_unsubscribe(s, tok));
		tu_as(s, NULL);
		FAILS_UNCHANGED(s, COP_EPERM, cop_mail_unsubscribe(s, bad));
		free(bad);
		tu_as(s, W.member);
		TU_OK(s, cop_mail_delivery_get(&d, s, W.member, "pub"));
		ck_assert_int_eq(d, COP_MAIL_EVERY);
		TU_OK(s, cop_mail_unsubscribe(s, tok));
		TU_OK(s, cop_mail_delivery_get(&d, s, W.member, "pub"));
		ck_assert_int_eq(d, COP_MAIL_NONE);
		TU_OK(s, cop_mail_unsubscribe(s, tok));   /* again: no change */
		tu_as(s, NULL);
		TU_OK(s, cop_mail_delivery_set(s, W.member, "pub", COP_MAIL_EVERY));
	}
	free(tok);
	text = part_text(m, "plain");
	ck_assert(tu_contains(text, "Mia \xe2\x80\x94 r\xc3\xa9sum\xc3\xa9s"));
	html = part_text(m, "html");
	ck_assert(tu_contains(html, "<em>this</em>"));
	ck_assert(!tu_contains(html, "<script>"));   /* CMARK_OPT_SAFE */
	g_free(text);
	g_free(html);
	rl = g_mime_message_get_reply_to(m);
	ck_assert_int_eq(internet_address_list_length(rl), 1);
	rt = internet_address_mailbox_get_addr((InternetAddressMailbox *)
		internet_address_list_get_address(rl, 0));
	ck_assert(!strncmp(rt, "reply+", 6));
	ck_assert(tu_contains(rt, "@" DOMAIN));

	/* Another sender with Mia's reply address: refused, nothing changes. */
	mail = g_strdup_printf("From: cora@example.org\r\nTo: %s\r\n"
		"Subject: Re\r\nMessage-ID: <r0@example.org>\r\n\r\nMe too.\r\n", rt);
	refused(s, mail);
	g_free(mail);
	/* A forged token (one character changed): refused likewise. */
	forged = strdup(rt);
	forged[10] = forged[10] == 'A' ? 'B' : 'A';
	mail = g_strdup_printf("From: mia@example.org\r\nTo: %s\r\n"
		"Subject: Re\r\nMessage-ID: <r1@example.org>\r\n\r\nForged.\r\n",
		forged);
	refused(s, mail);
	g_free(mail);
	free(forged);

	/* Mia replies from her client: In-Reply-To the message's id. */
	mail = g_strdup_printf("From: Mia <mia@example.org>\r\nTo: %s\r\n"
		"Subject: Re: [pub] Re: Welcome to pub\r\n"
		"Message-ID: <r2@example.org>\r\nIn-Reply-To: <%s>\r\n\r\n"
		"Thanks, Cora!\r\n\r\nOn Monday Cora wrote:\r\n> Try this\r\n",
		rt, g_mime_message_get_message_id(m));
	TU_OK(s, cop_mail_ingest(&r, s, DOMAIN, mail, strlen(mail)));
	ck_assert_int_eq(cop_mail_result_outcome_get(r), COP_MAIL_ACCEPTED);
	TU_OK(s, cop_contribution_lookup(&c, s, cop_mail_result_contribution_id(r)));
	ck_assert_str_eq(cop_contribution_thread_id(c), W.pub_thread);
	ck_assert_str_eq(cop_contribution_author_id(c), W.member);
	ck_assert_str_eq(cop_contribution_reply_to(c), reply);
	ck_assert_str_eq(cop_contribution_body(c), "Thanks, Cora!");
	cop_contribution_free(c);
	cop_mail_result_free(r);
	g_free(mail);
	g_object_unref(m);
	cop_outbox_free(o);
}
END_TEST

/* A reply to a reply: References name the thread's first message, then
 * the parent's. */
START_TEST(test_threading)
{
	cop_store *s = tu_store;
	GMimeMessage *m;
	cop_outbox *o;
	tu_idbuf first, second;
	char want[512];

	tu_verified_email(s, W.core, "cora@example.org");
	tu_as(s, W.core);
	TU_OK(s, cop_mail_delivery_set(s, W.core, "pub", COP_MAIL_EVERY));
	cora_replies(s, first, "First.");
	tu_tick(s, 1000);
	tu_as(s, W.member);
	tu_contrib(s, second, W.pub_thread, COP_CONTRIB_REPLY, first, "Second.");
	ck_assert_uint_eq(fill(s), 1);
	o = outbox(s);
	m = parse(cop_outbox_message(o, 0));
	snprintf(want, sizeof(want), "<c.%s@" DOMAIN ">", first);
	ck_assert_str_eq(header(m, "In-Reply-To"), want);
	snprintf(want, sizeof(want), "<c.%s@" DOMAIN "> <c.%s@" DOMAIN ">",
		W.pub_post, first);
	ck_assert(g_mime_object_get_header((GMimeObject *)m, "References"));
	{
		/* GMime gives the folded value unfolded, or with the fold. */
		char *refs = g_strdup(header(m, "References")), *p;
		for (p = refs; *p; p++)
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		while ((p = strstr(refs, "  ")))
			memmove(p, p + 1, strlen(p));
		ck_assert_str_eq(refs, want);
		g_free(refs);
	}
	g_object_unref(m);
	cop_outbox_free(o);
}
END_TEST

/* No mail about what the member may not see, nor to an address not
 * verified, nor of a community whose choice is none. */
START_TEST(test_privacy)
{
	cop_store *s = tu_store;
	cop_outbox *o;
	tu_idbuf hidden, seen, other;

	tu_verified_email(s, W.member, "mia@example.org");
	tu_as(s, NULL);
	TU_OK(s, cop_member_email_add(s, W.core, "cora@example.org"));
	tu_as(s, W.member);
	TU_OK(s, cop_mail_delivery_set(s, W.member, "pub", COP_MAIL_EVERY));
	tu_as(s, W.core);
	TU_OK(s, cop_mail_delivery_set(s, W.core, "pub", COP_MAIL_EVERY));
	/* A reply hidden by a facilitator before the outbox is filled. */
	cora_replies(s, hidden, "Something to hide");
	tu_as(s, W.facil);
	TU_OK(s, cop_contribution_hide(s, hidden, "off topic"));
	/* A reply to Mia in priv, whose choice is none. */
	tu_tick(s, 1000);
	tu_as(s, W.core);
	tu_contrib(s, other, W.priv_thread, COP_CONTRIB_REPLY, NULL, "@mia x");
	/* A reply she sees: mailed; Cora's address is not verified: none. */
	cora_replies(s, seen, "Visible");
	tu_as(s, W.member);
	tu_contrib(s, NULL, W.pub_thread, COP_CONTRIB_REPLY, seen, "Re @cora");
	ck_assert_uint_eq(fill(s), 1);
	o = outbox(s);
	ck_assert_uint_eq(cop_outbox_count(o), 1);
	ck_assert(tu_contains(cop_outbox_message(o, 0), seen));
	ck_assert(!tu_contains(cop_outbox_message(o, 0), hidden));
	ck_assert(!tu_contains(cop_outbox_message(o, 0), "hide"));
	cop_outbox_free(o);
	/* Mia leaves pub: its mail stops, also when she comes back for
	 * what happened meanwhile. */
	tu_as(s, W.member);
	TU_OK(s, cop_community_leave(s, "pub", W.member));
	cora_replies(s, other, "While you were away");
	ck_assert_uint_eq(fill(s), 0);
}
END_TEST

START_TEST(test_digest)
{
	cop_store *s = tu_store;
	GMimeMessage *m;
	cop_outbox *o;
	cop_thread *t = NULL;
	char *text;

	subscribe(s, &W, COP_MAIL_DAILY, COP_MAIL_WEEKLY);
	tu_tick(s, 60 * 60 * 1000);
	tu_as(s, W.facil);
	TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION,
		"Seed fairs this month", NULL, NULL, "Who is going?"));
	cop_thread_free(t);
	ck_assert_uint_eq(fill(s), 0);           /* a day has not passed */
	tu_tick(s, DAY);
	ck_assert_uint_eq(fill(s), 1);           /* Mia's daily digest */
	ck_assert_uint_eq(fill(s), 0);
	o = outbox(s);
	ck_assert_str_eq(cop_outbox_recipient(o, 0), "mia@example.org");
	ck_assert(!strncmp(cop_outbox_source(o, 0), "d:", 2));
	m = parse(cop_outbox_message(o, 0));
	ck_assert_str_eq(g_mime_message_get_subject(m), "[pub] Daily digest");
	ck_assert_str_eq(header(m, "List-Id"), "<pub." DOMAIN ">");
	text = part_text(m, "plain");
	ck_assert(tu_contains(text, "Seed fairs this month"));
	g_free(text);
	text = part_text(m, "html");
	ck_assert(tu_contains(text, "Seed fairs this month"));
	g_free(text);
	g_object_unref(m);
	cop_outbox_free(o);
	/* A day with nothing: no digest. */
	tu_tick(s, DAY);
	ck_assert_uint_eq(fill(s), 0);
	/* The week passed: Cora's weekly digest, with the thread. */
	tu_tick(s, 5 * DAY);
	ck_assert_uint_eq(fill(s), 1);
	o = outbox(s);
	ck_assert_uint_eq(cop_outbox_count(o), 2);
	ck_assert_str_eq(cop_outbox_recipient(o, 1), "cora@example.org");
	ck_assert(tu_contains(cop_outbox_message(o, 1), "Weekly digest"));
	cop_outbox_free(o);
}
END_TEST

/* A fake sendmail: records its arguments and its input, exits with
 * the number in @p dir/status. */
static void fake_sendmail(const char *dir, char *prog, size_t n)
{
	FILE *f;

	snprintf(prog, n, "%s/sendmail", dir);
	f = fopen(prog, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "#!/bin/sh\necho \"$@\" >> '%s/args'\ncat > '%s/in'\n"
		"exit $(cat '%s/status')\n", dir, dir, dir);
	fclose(f);
	ck_assert_int_eq(chmod(prog, 0755), 0);
}

static void set_status(const char *dir, int status)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/status", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%d\n", status);
	fclose(f);
}

static char *slurp(const char *dir, const char *name)
{
	char path[512], *buf;
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)len + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return buf;
}

START_TEST(test_send)
{
	cop_store *s = tu_store;
	cop_outbox *o;
	tu_idbuf reply;
	char dir[] = "/tmp/check-mailout.XXXXXX", prog[512], *got;
	unsigned int sent = 9, failed = 9;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	fake_sendmail(dir, prog, sizeof(prog));
	tu_verified_email(s, W.member, "mia@example.org");
	tu_as(s, W.member);
	TU_OK(s, cop_mail_delivery_set(s, W.member, "pub", COP_MAIL_EVERY));
	cora_replies(s, reply, "Hello");
	ck_assert_uint_eq(fill(s), 1);
	/* The program fails: failed, with why, kept for the next run. */
	set_status(dir, 75);
	tu_as(s, NULL);
	TU_OK(s, cop_mail_outbox_send(s, prog, &sent, &failed));
	ck_assert_uint_eq(sent, 0);
	ck_assert_uint_eq(failed, 1);
	o = outbox(s);
	ck_assert_int_eq(cop_outbox_state_get(o, 0), COP_OUTBOX_FAILED);
	ck_assert_int_eq(cop_outbox_attempts(o, 0), 1);
	ck_assert(tu_contains(cop_outbox_reason(o, 0), "exited with status 75"));
	cop_outbox_free(o);
	/* It succeeds: sent, the message on its input, the arguments. */
	set_status(dir, 0);
	TU_OK(s, cop_mail_outbox_send(s, prog, &sent, &failed));
	ck_assert_uint_eq(sent, 1);
	ck_assert_uint_eq(failed, 0);
	o = outbox(s);
	ck_assert_int_eq(cop_outbox_state_get(o, 0), COP_OUTBOX_SENT);
	ck_assert_int_eq(cop_outbox_attempts(o, 0), 2);
	ck_assert_ptr_null(cop_outbox_reason(o, 0));
	got = slurp(dir, "in");
	ck_assert_str_eq(got, cop_outbox_message(o, 0));
	free(got);
	got = slurp(dir, "args");
	ck_assert_str_eq(got, "-oi -f " FROM " -- mia@example.org\n"
		"-oi -f " FROM " -- mia@example.org\n");
	free(got);
	cop_outbox_free(o);
	/* Nothing left: the program is not run. */
	TU_OK(s, cop_mail_outbox_send(s, prog, &sent, &failed));
	ck_assert_uint_eq(sent + failed, 0);
	/* A program that cannot run: failed, not an error of the call. */
	cora_replies(s, reply, "Again");
	ck_assert_uint_eq(fill(s), 1);
	TU_OK(s, cop_mail_outbox_send(s, "/nonexistent/sendmail", &sent,
		&failed));
	ck_assert_uint_eq(failed, 1);
	o = outbox(s);
	ck_assert_msg(tu_contains(cop_outbox_reason(o, 1), "could not run"),
		"%s", cop_outbox_reason(o, 1) ? cop_outbox_reason(o, 1) : "(none)");
	cop_outbox_free(o);
	unlink(prog);
	snprintf(prog, sizeof(prog), "%s/args", dir);
	unlink(prog);
	snprintf(prog, sizeof(prog), "%s/in", dir);
	unlink(prog);
	snprintf(prog, sizeof(prog), "%s/status", dir);
	unlink(prog);
	rmdir(dir);
}
END_TEST

START_TEST(test_erase)
{
	cop_store *s = tu_store;
	cop_outbox *o;
	tu_idbuf reply;

	subscribe(s, &W, COP_MAIL_EVERY, COP_MAIL_EVERY);
	cora_replies(s, reply, "Hello Mia");
	tu_as(s, W.member);
	tu_contrib(s, NULL, W.pub_thread, COP_CONTRIB_REPLY, reply, "Hi Cora");
	ck_assert_uint_eq(fill(s), 2);
	tu_as(s, NULL);
	TU_OK(s, cop_member_erase(s, W.member));
	o = outbox(s);
	ck_assert_uint_eq(cop_outbox_count(o), 1);
	ck_assert_str_eq(cop_outbox_recipient(o, 0), "cora@example.org");
	cop_outbox_free(o);
	/* Her choice went with her: nothing more for her. */
	cora_replies(s, reply, "Still there?");
	ck_assert_uint_eq(fill(s), 0);
}
END_TEST

/* Filling reads as each member and gives the caller back its own actor,
 * on success and on every failure (an I/O error injected at each read
 * in turn), with the failure's own code and message. */
START_TEST(test_fill_keeps_actor)
{
	cop_store *s = NULL;
	faultbe *fb = NULL;
	tu_world w;
	tu_idbuf reply;
	cop_thread *t = NULL;
	unsigned int count;
	long n;
	int rc;

	tu_loc_new();
	TU_OK(NULL, faultbe_open(&s, &fb, tu_uri(), NULL));
	tu_world_make(s, &w);
	subscribe(s, &w, COP_MAIL_EVERY, COP_MAIL_DAILY);
	tu_tick(s, 1000);
	tu_contrib(s, reply, w.pub_thread, COP_CONTRIB_REPLY, w.pub_post,
		"Hello Mia");
	tu_as(s, w.facil);
	TU_OK(s, cop_thread_create(&t, s, "pub", COP_THREAD_DISCUSSION,
		"Seed fairs", NULL, NULL, "Who is going?"));
	cop_thread_free(t);
	tu_tick(s, DAY);
	for (n = 1; ; n++) {
		ck_assert_int_lt(n, 500);
		tu_as(s, NULL);
		faultbe_fail_at(fb, n, FAULTBE_GET | FAULTBE_ROP |
			FAULTBE_MODERATION, 0);
		rc = cop_mail_outbox_fill(s, DOMAIN, FROM, URL, &count);
		ck_assert_int_eq(cop_store_actor_kind(s), COP_ACTOR_SYSTEM);
		if (faultbe_failures(fb) == 0) {
			faultbe_fail_at(fb, 0, 0, 0);
			TU_OK(s, rc);
			break;
		}
		faultbe_fail_at(fb, 0, 0, 0);
		ck_assert_msg(rc == COP_EIO, "read %ld: %s", n, tu_ename(rc));
		ck_assert_msg(tu_contains(cop_errmsg(s), FAULTBE_MESSAGE),
			"read %ld: message '%s'", n, cop_errmsg(s));
	}
	/* Mia's reply mail and Cora's daily digest, after all. */
	ck_assert_uint_eq(count, 2);
	ck_assert_int_gt(n, 2);
	/* A member is refused and stays the actor. */
	tu_as(s, w.member);
	TU_RC(s, COP_EPERM, cop_mail_outbox_fill(s, DOMAIN, FROM, URL, &count));
	ck_assert_int_eq(cop_store_actor_kind(s), COP_ACTOR_MEMBER);
	ck_assert_str_eq(cop_store_actor(s), w.member);
	cop_close(s);
}
END_TEST

START_TEST(test_bad_input)
{
	cop_store *s = tu_store;
	cop_outbox *o = NULL;
	unsigned int n = 5;

	tu_as(s, NULL);
	FAILS_UNCHANGED(s, COP_EINVAL, cop_mail_outbox_fill(s, NULL, FROM, URL,
		&n));
	FAILS_UNCHANGED(s, COP_EINVAL, cop_mail_outbox_fill(s, "a@b", FROM, URL,
		&n));
	FAILS_UNCHANGED(s, COP_EINVAL, cop_mail_outbox_fill(s, DOMAIN,
		"Not <an address>", URL, &n));
	FAILS_UNCHANGED(s, COP_EINVAL, cop_mail_outbox_fill(s, DOMAIN, FROM,
		"http://example.org/u/", &n));
	FAILS_UNCHANGED(s, COP_EINVAL, cop_mail_outbox_fill(s, DOMAIN, FROM,
		NULL, &n));
	FAILS_UNCHANGED(s, COP_EINVAL, cop_mail_outbox_send(s, NULL, NULL, NULL));
	FAILS_UNCHANGED(s, COP_EINVAL, cop_mail_outbox_list(&o, s, 3));
	ck_assert_ptr_null(o);
	tu_as(s, W.member);
	FAILS_UNCHANGED(s, COP_EPERM, cop_mail_outbox_fill(s, DOMAIN, FROM, URL,
		&n));
	FAILS_UNCHANGED(s, COP_EPERM, cop_mail_outbox_send(s, "/bin/true", NULL,
		NULL));
	FAILS_UNCHANGED(s, COP_EPERM, cop_mail_outbox_list(&o, s, -1));
	ck_assert_ptr_null(o);
	ck_assert_uint_eq(cop_outbox_count(NULL), 0);
	ck_assert_ptr_null(cop_outbox_message(NULL, 0));
	ck_assert_str_eq(cop_outbox_state_name(COP_OUTBOX_FAILED), "failed");
	ck_assert_ptr_null(cop_outbox_state_name((cop_outbox_state)5));
	cop_outbox_free(NULL);
}
END_TEST

static Suite *mailout_suite(void)
{
	Suite *s = suite_create("mailout");
	TCase *tc = tu_tcase(s, "outgoing", setup, teardown);

	tcase_add_test(tc, test_delivery);
	tcase_add_test(tc, test_message_round_trip);
	tcase_add_test(tc, test_threading);
	tcase_add_test(tc, test_privacy);
	tcase_add_test(tc, test_digest);
	tcase_add_test(tc, test_send);
	tcase_add_test(tc, test_erase);
	tcase_add_test(tc, test_fill_keeps_actor);
	tcase_add_test(tc, test_bad_input);
	return s;
}

int main(void)
{
	return tu_run(mailout_suite());
}
