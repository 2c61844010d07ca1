/*
 * fault.c: the backend's operations through the fault-injecting wrapper
 * (tests/faultbe.c): an injected failure on the Nth call returns its code
 * and message, and after the rollback nothing of the transaction is
 * visible, to this instance or to another.
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"
#include "faultbe.h"

static cop_backend *fw;       /* the wrapper over a real instance */
static faultbe *fctl;

static void fault_setup(void)
{
	tu_loc_new();
	ck_assert_int_eq(faultbe_wrap(&fw, &fctl, bt_open()), COP_OK);
	ck_assert_str_eq(fw->name, "fault");
}

static void fault_teardown(void)
{
	if (fw) {
		fw->free(fw);
		fw = NULL;
	}
	tu_loc_free();
}

/* Nothing of a failed transaction: no members 1-3, no community 10, an
 * empty log, for @p be and for a second instance. */
static void assert_nothing(cop_backend *be)
{
	cop_backend *other = bt_open();
	cop_backend *each[2];
	int i;

	each[0] = be;
	each[1] = other;
	for (i = 0; i < 2; i++) {
		int64_t seq = -1;
		cop_stats st;

		ck_assert(!bt_has_member(each[i], 1));
		ck_assert(!bt_has_member(each[i], 2));
		ck_assert(!bt_has_member(each[i], 3));
		BT_OK(each[i], each[i]->log_last_seq(each[i], &seq));
		ck_assert_int_eq(seq, 0);
		memset(&st, 0, sizeof(st));
		st.version = COP_STATS_VERSION;
		BT_OK(each[i], each[i]->stats(each[i], NULL, &st));
		ck_assert_int_eq(st.members, 0);
		ck_assert_int_eq(st.communities, 0);
	}
	other->free(other);
}

/* The transaction the tests fail: begin, member 1, member 2 in a nested
 * level, an update of member 2, a community, a log entry, commit; rolled
 * back at the first failure.  Returns that failure's status, or COP_OK. */
static int transaction(cop_backend *be)
{
	cop_member_rec m;
	cop_community_rec c;
	cop_log_rec l;
	int rc;

	if ((rc = be->begin(be)) != COP_OK)
		return rc;
	memset(&m, 0, sizeof(m));
	m.id = bt_id(1);
	m.handle = "one";
	m.display_name = "One";
	if ((rc = be->insert(be, COP_REC_MEMBER, &m)) != COP_OK)
		goto fail;
	if ((rc = be->begin(be)) != COP_OK)
		goto fail;
	m.id = bt_id(2);
	m.handle = "two";
	if ((rc = be->insert(be, COP_REC_MEMBER, &m)) != COP_OK) {
		be->rollback(be);
		goto fail;
	}
	if ((rc = be->commit(be)) != COP_OK) {
		be->rollback(be);
		goto fail;
	}
	m.display_name = "Two, renamed";
	if ((rc = be->update(be, COP_REC_MEMBER, &m)) != COP_OK)
		goto fail;
	memset(&c, 0, sizeof(c));
	c.id = bt_id(10);
	c.slug = "ten";
	c.name = "Ten";
	c.language = "en";
	if ((rc = be->insert(be, COP_REC_COMMUNITY, &c)) != COP_OK)
		goto fail;
	memset(&l, 0, sizeof(l));
	l.op = "member.create";
	l.object_id = bt_id(1);
	if ((rc = be->insert(be, COP_REC_LOG, &l)) != COP_OK)
		goto fail;
	if ((rc = be->commit(be)) != COP_OK)
		goto fail;
	return COP_OK;
fail:
	BT_OK(be, be->rollback(be));
	return rc;
}

/* Fail the @p n th call of @p kinds: the transaction fails with COP_EIO
 * and the injected message, and leaves nothing. */
static void fail_nth(long n, unsigned int kinds)
{
	int rc;

	faultbe_fail_at(fctl, n, kinds, 0);
	rc = transaction(fw);
	ck_assert_msg(rc == COP_EIO, "call %ld of 0x%x: %s", n, kinds,
		tu_ename(rc));
	ck_assert_int_eq(faultbe_failures(fctl), 1);
	assert_nothing(fw);
}

START_TEST(each_write_fails_in_turn)
{
	long n;

	/* The writes: insert 1, insert 2, the inner commit, the update,
	 * the community, the log entry, the outer commit. */
	for (n = 1; n <= 7; n++)
		fail_nth(n, FAULTBE_WRITES);
	/* Without injection everything is there. */
	faultbe_fail_at(fctl, 0, FAULTBE_WRITES, 0);
	BT_OK(fw, transaction(fw));
	ck_assert_int_eq(faultbe_calls(fctl), 7);
	ck_assert_int_eq(faultbe_failures(fctl), 0);
	ck_assert(bt_has_member(fw, 1));
	ck_assert(bt_has_member(fw, 2));
}
END_TEST

START_TEST(begin_fails)
{
	fail_nth(1, FAULTBE_BEGIN);
	fail_nth(2, FAULTBE_BEGIN);
}
END_TEST

START_TEST(message_and_code)
{
	cop_member_rec m;

	faultbe_fail_at(fctl, 1, FAULTBE_INSERT, 0);
	memset(&m, 0, sizeof(m));
	m.id = bt_id(1);
	m.handle = "one";
	m.display_name = "One";
	ck_assert_int_eq(fw->insert(fw, COP_REC_MEMBER, &m), COP_EIO);
	ck_assert_str_eq(fw->errmsg(fw), FAULTBE_MESSAGE);
	ck_assert(!bt_has_member(fw, 1));
	/* Not persistent: the next call goes through. */
	BT_OK(fw, fw->insert(fw, COP_REC_MEMBER, &m));
	ck_assert(bt_has_member(fw, 1));
	/* A real failure gives the backend's own message. */
	m.id = bt_id(2);
	BT_RC(fw, COP_EEXISTS, fw->insert(fw, COP_REC_MEMBER, &m));
	ck_assert_str_ne(fw->errmsg(fw), FAULTBE_MESSAGE);
}
END_TEST

START_TEST(persistent_failure)
{
	cop_member_rec m;
	cop_key key;

	bt_member(fw, 1, "one");
	faultbe_fail_at(fctl, 2, FAULTBE_GET, 1);
	memset(&key, 0, sizeof(key));
	key.id = bt_id(1);
	memset(&m, 0, sizeof(m));
	BT_OK(fw, fw->get(fw, COP_REC_MEMBER, &key, &m));
	cop_rec_clear(COP_REC_MEMBER, &m);
	ck_assert_int_eq(fw->get(fw, COP_REC_MEMBER, &key, &m), COP_EIO);
	ck_assert_int_eq(fw->get(fw, COP_REC_MEMBER, &key, &m), COP_EIO);
	ck_assert_int_eq(faultbe_failures(fctl), 2);
	ck_assert_int_eq(faultbe_calls(fctl), 3);
	ck_assert_ptr_null(m.handle);
}
END_TEST

START_TEST(rop_fails)
{
	cop_val p[2];
	int rc;

	if (!fw->rop) {
		printf("# SKIP fault rop: backend has no rop()\n");
		return;
	}
	memset(p, 0, sizeof(p));
	p[0].type = COP_VAL_ID;
	p[0].id = bt_id(10);
	p[1].type = COP_VAL_TEXT;
	p[1].text = "{}";
	BT_OK(fw, fw->begin(fw));
	bt_member(fw, 1, "one");
	faultbe_fail_at(fctl, 1, FAULTBE_ROP, 0);
	rc = fw->rop(fw, COP_ROP_CONFIG_PUT, p, 2, NULL);
	ck_assert_int_eq(rc, COP_EIO);
	BT_OK(fw, fw->rollback(fw));
	assert_nothing(fw);
	/* Nothing of the operation was stored either. */
	{
		cop_backend_iter *it = NULL;
		cop_row row;

		BT_OK(fw, fw->rop(fw, COP_ROP_CONFIG_GET, p, 1, &it));
		memset(&row, 0, sizeof(row));
		ck_assert_int_eq(it->next(it, &row), COP_ITEROVER);
		it->free(it);
	}
}
END_TEST

Suite *bt_fault_suite(void)
{
	const TTest *const tests[] = {
		each_write_fails_in_turn, begin_fails, message_and_code,
		persistent_failure, rop_fails
	};

	return BT_SUITE("backend faults", fault_setup, fault_teardown, tests);
}
