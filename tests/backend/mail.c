/*
 * mail.c: the mail interface (cop_backend_mail, interface version 7):
 * members' addresses (insert, get, list, verify, primary, delete,
 * forget) with their errors, the store's mail secret, stored once, and
 * the messages taken in, by Message-ID.
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

Suite *bt_mail_suite(void)
{
	const TTest *const tests[] = { addresses, secret, messages };

	return BT_SUITE("mail", bt_setup, bt_teardown, tests);
}
