/*
 * txn.c: nested transactions (savepoints), and what a second instance on
 * the same store sees.
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

/* 1 when member bt_id(n) is there for @p be. */
START_TEST(inner_rollback_undoes_its_level)
{
	int64_t seq;
	cop_log_rec l;

	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 1, "outer");
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 2, "inner");
	memset(&l, 0, sizeof(l));
	l.op = "inner";
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));
	ck_assert(bt_has_member(bt_be, 2));
	BT_OK(bt_be, bt_be->rollback(bt_be));
	ck_assert(bt_has_member(bt_be, 1));
	ck_assert(!bt_has_member(bt_be, 2));
	/* A third level after the rolled back one. */
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 3, "again");
	BT_OK(bt_be, bt_be->commit(bt_be));
	BT_OK(bt_be, bt_be->commit(bt_be));
	ck_assert(bt_has_member(bt_be, 1));
	ck_assert(!bt_has_member(bt_be, 2));
	ck_assert(bt_has_member(bt_be, 3));
	BT_OK(bt_be, bt_be->log_last_seq(bt_be, &seq));
	ck_assert_int_eq(seq, 0);
	/* The rolled back handle is free again. */
	bt_member(bt_be, 2, "inner");
}
END_TEST

START_TEST(outer_rollback_undoes_everything)
{
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 1, "one");
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 2, "two");
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	BT_OK(bt_be, bt_be->commit(bt_be));
	BT_OK(bt_be, bt_be->commit(bt_be));
	ck_assert(bt_has_member(bt_be, 2));
	BT_OK(bt_be, bt_be->rollback(bt_be));
	ck_assert(!bt_has_member(bt_be, 1));
	ck_assert(!bt_has_member(bt_be, 2));
	{
		cop_community_rec c;
		cop_key key;

		memset(&key, 0, sizeof(key));
		key.id = bt_id(10);
		memset(&c, 0, sizeof(c));
		BT_RC(bt_be, COP_ENOTFOUND,
			bt_be->get(bt_be, COP_REC_COMMUNITY, &key, &c));
	}
	/* The instance is usable after: a new transaction commits. */
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 1, "one");
	BT_OK(bt_be, bt_be->commit(bt_be));
	ck_assert(bt_has_member(bt_be, 1));
}
END_TEST

START_TEST(failed_insert_keeps_the_transaction)
{
	cop_member_rec m;

	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 1, "taken");
	BT_OK(bt_be, bt_be->begin(bt_be));
	memset(&m, 0, sizeof(m));
	m.id = bt_id(2);
	m.handle = "TAKEN";
	m.display_name = "x";
	BT_RC(bt_be, COP_EEXISTS, bt_be->insert(bt_be, COP_REC_MEMBER, &m));
	BT_OK(bt_be, bt_be->rollback(bt_be));
	bt_member(bt_be, 3, "after");
	BT_OK(bt_be, bt_be->commit(bt_be));
	ck_assert(bt_has_member(bt_be, 1));
	ck_assert(!bt_has_member(bt_be, 2));
	ck_assert(bt_has_member(bt_be, 3));
}
END_TEST

static int shareable(void)
{
	if (strstr(tu_uri(), ":memory:")) {
		printf("# SKIP backend txn visibility: %s is not shared\n",
			tu_uri());
		return 0;
	}
	return 1;
}

START_TEST(commit_is_visible_to_another_instance)
{
	cop_backend *other;

	if (!shareable())
		return;
	other = bt_open();
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 1, "pending");
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 2, "nested");
	BT_OK(bt_be, bt_be->commit(bt_be));
	/* Not yet: an inner commit publishes nothing. */
	ck_assert(!bt_has_member(other, 1));
	ck_assert(!bt_has_member(other, 2));
	BT_OK(bt_be, bt_be->commit(bt_be));
	ck_assert(bt_has_member(other, 1));
	ck_assert(bt_has_member(other, 2));

	/* A rolled back transaction is never seen. */
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 3, "doomed");
	BT_OK(bt_be, bt_be->rollback(bt_be));
	ck_assert(!bt_has_member(other, 3));

	/* And the other way round. */
	BT_OK(other, other->begin(other));
	bt_member(other, 4, "from-other");
	BT_OK(other, other->commit(other));
	ck_assert(bt_has_member(bt_be, 4));
	other->free(other);
}
END_TEST

Suite *bt_txn_suite(void)
{
	const TTest *const tests[] = {
		inner_rollback_undoes_its_level,
		outer_rollback_undoes_everything,
		failed_insert_keeps_the_transaction,
		commit_is_visible_to_another_instance
	};

	return BT_SUITE("backend transactions", bt_setup, bt_teardown, tests);
}
