/*
 * mail.c: the mail interface (cop_backend_mail, interface version 8):
 * members' addresses (insert, get, list, verify, primary, delete,
 * forget) with their errors, the store's mail secret, stored once, the
 * messages taken in, by Message-ID, and (version 2) members' delivery
 * choices and the outbox, once per member and source.
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

/* The backend's mail table, or skip. */
static const cop_backend_mail *ml(void)
{
	if (bt_be->version < 7 || !bt_be->mail) {
		printf("# SKIP mail: backend %s has no mail table\n", bt_be->name);
		return NULL;
	}
	ck_assert_uint_ge(bt_be->mail->version, 1);
	return bt_be->mail;
}

static cop_email_rec email(const char *address, unsigned int m, int primary,
	cop_time created)
{
	cop_email_rec e;

	memset(&e, 0, sizeof(e));
	e.address = (char *)address;
	e.member_id = bt_id(m);
	e.is_primary = primary;
	e.created = created;
	return e;
}

/* Member @p m's addresses: "address P V, ..." in the listing's order. */
static const char *list(const cop_backend_mail *t, unsigned int m)
{
	static char buf[512];
	cop_backend_iter *it = NULL;
	cop_email_rec e;
	cop_id id = bt_id(m);
	size_t n = 0;
	int rc;

	buf[0] = '\0';
	BT_OK(bt_be, t->email_list(bt_be, &id, &it));
	while ((rc = it->next(it, &e)) == COP_OK) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s %d %d",
			n ? ", " : "", e.address, e.is_primary, e.verified);
		BT_ID_EQ(e.member_id, bt_id(m), "member");
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_EMAIL, &e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	return buf;
}

START_TEST(addresses)
{
	const cop_backend_mail *t = ml();
	cop_email_rec e, got;
	cop_id m10 = bt_id(10), m11 = bt_id(11);

	if (!t)
		return;
	bt_member(bt_be, 10, "ama");
	bt_member(bt_be, 11, "kofi");
	e = email("b@example.org", 10, 1, 5);
	BT_OK(bt_be, t->email_insert(bt_be, &e));
	e = email("a@example.org", 10, 0, 6);
	BT_OK(bt_be, t->email_insert(bt_be, &e));
	e = email("k@example.org", 11, 1, 7);
	BT_OK(bt_be, t->email_insert(bt_be, &e));
	/* An address belongs to one member. */
	e = email("a@example.org", 11, 0, 8);
	BT_RC(bt_be, COP_EEXISTS, t->email_insert(bt_be, &e));
	ck_assert_str_eq(list(t, 10), "a@example.org 0 0, b@example.org 1 0");
	ck_assert_str_eq(list(t, 11), "k@example.org 1 0");
	ck_assert_str_eq(list(t, 12), "");

	memset(&got, 0, sizeof(got));
	BT_OK(bt_be, t->email_get(bt_be, "a@example.org", &got));
	ck_assert_str_eq(got.address, "a@example.org");
	BT_ID_EQ(got.member_id, bt_id(10), "member");
	ck_assert_int_eq(got.created, 6);
	cop_rec_clear(COP_REC_EMAIL, &got);
	BT_RC(bt_be, COP_ENOTFOUND, t->email_get(bt_be, "x@example.org", &got));

	/* Verify, primary and delete touch only the member's own. */
	BT_RC(bt_be, COP_ENOTFOUND, t->email_verify(bt_be, &m11,
		"a@example.org", 1));
	BT_OK(bt_be, t->email_verify(bt_be, &m10, "a@example.org", 1));
	BT_RC(bt_be, COP_ENOTFOUND, t->email_primary(bt_be, &m11,
		"a@example.org"));
	ck_assert_str_eq(list(t, 11), "k@example.org 1 0");
	BT_OK(bt_be, t->email_primary(bt_be, &m10, "a@example.org"));
	ck_assert_str_eq(list(t, 10), "a@example.org 1 1, b@example.org 0 0");
	BT_RC(bt_be, COP_ENOTFOUND, t->email_delete(bt_be, &m11,
		"b@example.org"));
	BT_OK(bt_be, t->email_delete(bt_be, &m10, "b@example.org"));
	BT_RC(bt_be, COP_ENOTFOUND, t->email_delete(bt_be, &m10,
		"b@example.org"));
	ck_assert_str_eq(list(t, 10), "a@example.org 1 1");
	BT_OK(bt_be, t->email_forget(bt_be, &m10));
	ck_assert_str_eq(list(t, 10), "");
	ck_assert_str_eq(list(t, 11), "k@example.org 1 0");
}
END_TEST

START_TEST(secret)
{
	const cop_backend_mail *t = ml();
	char *v = NULL;

	if (!t)
		return;
	BT_RC(bt_be, COP_ENOTFOUND, t->secret_get(bt_be, &v));
	ck_assert_ptr_null(v);
	BT_OK(bt_be, t->secret_put(bt_be, "first"));
	/* The first stays. */
	BT_OK(bt_be, t->secret_put(bt_be, "second"));
	BT_OK(bt_be, t->secret_get(bt_be, &v));
	ck_assert_str_eq(v, "first");
	cop_free(v);
}
END_TEST

START_TEST(messages)
{
	const cop_backend_mail *t = ml();
	cop_id k = bt_id(1), c = bt_id(20), nil, gk, gc;

	if (!t)
		return;
	memset(&nil, 0, sizeof(nil));
	BT_RC(bt_be, COP_ENOTFOUND, t->message_get(bt_be, "a@x", &gk, &gc));
	BT_OK(bt_be, t->message_put(bt_be, "a@x", &k, &c, 5));
	BT_OK(bt_be, t->message_put(bt_be, "sha256:00", &k, &nil, 6));
	BT_RC(bt_be, COP_EEXISTS, t->message_put(bt_be, "a@x", &k, &nil, 7));
	BT_OK(bt_be, t->message_get(bt_be, "a@x", &gk, &gc));
	BT_ID_EQ(gk, bt_id(1), "community");
	BT_ID_EQ(gc, bt_id(20), "contribution");
	BT_OK(bt_be, t->message_get(bt_be, "sha256:00", &gk, &gc));
	ck_assert(bt_id_eq(&gc, &nil));
	/* Message-IDs are compared as written. */
	BT_RC(bt_be, COP_ENOTFOUND, t->message_get(bt_be, "A@x", &gk, &gc));
}
END_TEST

/* Preferences as "member community mode since last; ..." */
static int pref_line(void *arg, const cop_mail_pref_rec *r)
{
	char *buf = arg;
	size_t n = strlen(buf);

	snprintf(buf + n, 512 - n, "%s%u %u %d %lld %lld", n ? "; " : "",
		(unsigned int)r->member_id.bytes[15],
		(unsigned int)r->community_id.bytes[15], r->mode,
		(long long)r->since, (long long)r->last_digest);
	return COP_OK;
}

START_TEST(prefs)
{
	const cop_backend_mail *t = ml();
	cop_id m10 = bt_id(10), m11 = bt_id(11), c1 = bt_id(1);
	cop_mail_pref_rec p, got;
	char buf[512] = "";

	if (!t || t->version < 2)
		return;
	bt_member(bt_be, 10, "ama");
	bt_member(bt_be, 11, "kofi");
	bt_community(bt_be, 1, "hub", 0);
	BT_RC(bt_be, COP_ENOTFOUND, t->pref_get(bt_be, &m10, &c1, &got));
	memset(&p, 0, sizeof(p));
	p.member_id = m10;
	p.community_id = c1;
	p.mode = 1;
	p.since = 5;
	BT_OK(bt_be, t->pref_put(bt_be, &p));
	p.member_id = m11;
	p.mode = 0;                     /* none: not listed */
	BT_OK(bt_be, t->pref_put(bt_be, &p));
	BT_OK(bt_be, t->pref_get(bt_be, &m10, &c1, &got));
	ck_assert_int_eq(got.mode, 1);
	ck_assert_int_eq(got.last_digest, 5);
	BT_OK(bt_be, t->pref_sent(bt_be, &m10, &c1, 9));
	BT_RC(bt_be, COP_ENOTFOUND, t->pref_sent(bt_be, &m10, &m11, 9));
	BT_OK(bt_be, t->pref_each(bt_be, pref_line, buf));
	ck_assert_str_eq(buf, "10 1 1 5 9");
	/* Set again: mode, since and last_digest replaced. */
	p.member_id = m10;
	p.mode = 3;
	p.since = 20;
	BT_OK(bt_be, t->pref_put(bt_be, &p));
	buf[0] = '\0';
	BT_OK(bt_be, t->pref_each(bt_be, pref_line, buf));
	ck_assert_str_eq(buf, "10 1 3 20 20");
	BT_OK(bt_be, t->pref_forget(bt_be, &m10));
	BT_RC(bt_be, COP_ENOTFOUND, t->pref_get(bt_be, &m10, &c1, &got));
	BT_OK(bt_be, t->pref_get(bt_be, &m11, &c1, &got));
}
END_TEST

/* The outbox as "id source state attempts reason; ..." */
static int out_line(void *arg, const cop_outbox_rec *r)
{
	char *buf = arg;
	size_t n = strlen(buf);

	snprintf(buf + n, 512 - n, "%s%u %s %s %d %d %s", n ? "; " : "",
		(unsigned int)r->id.bytes[15], r->source, r->recipient, r->state,
		r->attempts, r->reason ? r->reason : "-");
	return COP_OK;
}

static cop_outbox_rec out_rec(unsigned int id, unsigned int m,
	const char *source, cop_time created)
{
	cop_outbox_rec r;

	memset(&r, 0, sizeof(r));
	r.id = bt_id(id);
	r.member_id = bt_id(m);
	r.community_id = bt_id(1);
	r.source = source;
	r.recipient = m == 10 ? "ama@example.org" : "kofi@example.org";
	r.sender = "notify@example.org";
	r.message = "Subject: x\n\nbody\n";
	r.created = created;
	return r;
}

START_TEST(outbox)
{
	const cop_backend_mail *t = ml();
	cop_id m10 = bt_id(10), id;
	cop_outbox_rec r;
	char buf[512] = "";

	if (!t || t->version < 2)
		return;
	bt_member(bt_be, 10, "ama");
	bt_member(bt_be, 11, "kofi");
	r = out_rec(51, 10, "n:a", 2);
	BT_OK(bt_be, t->outbox_put(bt_be, &r));
	r = out_rec(52, 11, "n:a", 1);
	BT_OK(bt_be, t->outbox_put(bt_be, &r));
	/* Once per member and source. */
	r = out_rec(53, 10, "n:a", 3);
	BT_RC(bt_be, COP_EEXISTS, t->outbox_put(bt_be, &r));
	BT_OK(bt_be, t->outbox_each(bt_be, -1, out_line, buf));
	ck_assert_str_eq(buf, "52 n:a kofi@example.org 0 0 -; "
		"51 n:a ama@example.org 0 0 -");
	id = bt_id(51);
	BT_OK(bt_be, t->outbox_mark(bt_be, &id, 2, "exit 75", 4));
	BT_OK(bt_be, t->outbox_mark(bt_be, &id, 1, NULL, 5));
	id = bt_id(59);
	BT_RC(bt_be, COP_ENOTFOUND, t->outbox_mark(bt_be, &id, 1, NULL, 5));
	buf[0] = '\0';
	BT_OK(bt_be, t->outbox_each(bt_be, 1, out_line, buf));
	ck_assert_str_eq(buf, "51 n:a ama@example.org 1 2 -");
	BT_OK(bt_be, t->outbox_forget(bt_be, &m10));
	buf[0] = '\0';
	BT_OK(bt_be, t->outbox_each(bt_be, -1, out_line, buf));
	ck_assert_str_eq(buf, "52 n:a kofi@example.org 0 0 -");
}
END_TEST

Suite *bt_mail_suite(void)
{
	const TTest *const tests[] = { addresses, secret, messages, prefs,
		outbox };

	return BT_SUITE("mail", bt_setup, bt_teardown, tests);
}
