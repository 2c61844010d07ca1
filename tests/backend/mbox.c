/*
 * mbox.c: the mail-archive interface (cop_backend_mbox, interface version
 * 7): members' email addresses and the messages imported, every method
 * and its errors.
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

static const cop_backend_mbox *mbx(void)
{
	if (bt_be->version < 7 || !bt_be->mbox) {
		printf("# SKIP mbox: backend %s has no mail-archive table\n",
			bt_be->name);
		return NULL;
	}
	ck_assert_uint_ge(bt_be->mbox->version, 1);
	return bt_be->mbox;
}

START_TEST(addresses)
{
	const cop_backend_mbox *m = mbx();
	cop_id ama = bt_id(1), kofi = bt_id(2), got;

	if (!m)
		return;
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "kofi");
	BT_RC(bt_be, COP_ENOTFOUND, m->email_member(bt_be, "ama@example.org",
		&got));
	BT_OK(bt_be, m->email_insert(bt_be, "ama@example.org", &ama, 1, 0, 5));
	BT_OK(bt_be, m->email_insert(bt_be, "ama@work.example", &ama, 0, 1, 6));
	BT_OK(bt_be, m->email_member(bt_be, "ama@example.org", &got));
	BT_ID_EQ(got, ama, "member");
	BT_OK(bt_be, m->email_member(bt_be, "ama@work.example", &got));
	BT_ID_EQ(got, ama, "member");
	/* One member per address. */
	BT_RC(bt_be, COP_EEXISTS, m->email_insert(bt_be, "ama@example.org",
		&kofi, 1, 0, 7));
	BT_OK(bt_be, m->email_member(bt_be, "ama@example.org", &got));
	BT_ID_EQ(got, ama, "member");
}
END_TEST

START_TEST(messages)
{
	const cop_backend_mbox *m = mbx();
	cop_id c = bt_id(10), con = bt_id(50), got;

	if (!m)
		return;
	BT_RC(bt_be, COP_ENOTFOUND, m->message_get(bt_be, "a@example.org",
		&got));
	BT_OK(bt_be, m->message_insert(bt_be, "a@example.org", &c, &con, 5));
	BT_OK(bt_be, m->message_get(bt_be, "a@example.org", &got));
	BT_ID_EQ(got, con, "contribution");
	BT_RC(bt_be, COP_EEXISTS, m->message_insert(bt_be, "a@example.org", &c,
		NULL, 6));
	/* A message that became no contribution: the nil id. */
	BT_OK(bt_be, m->message_insert(bt_be, "b@example.org", &c, NULL, 7));
	BT_OK(bt_be, m->message_get(bt_be, "b@example.org", &got));
	BT_ID_EQ(got, bt_nil(), "contribution");
}
END_TEST

Suite *bt_mbox_suite(void)
{
	const TTest *const tests[] = { addresses, messages };

	return BT_SUITE("mbox", bt_setup, bt_teardown, tests);
}
