/*
 * bulk.c: a bulk load (cop_backend.bulk, interface version 10): the
 * writes of an import may be sent later and together (PostgreSQL: COPY),
 * yet every read sees them, a failure still fails the commit, and what
 * is written is what the same calls write without it.
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

/* Enough rows of one statement for the PostgreSQL backend to COPY them
 * (copy.c takes 128 and more). */
#define NROWS 150

static int has_bulk(void)
{
	if (bt_be->version < 10 || !bt_be->bulk || !bt_be->sources ||
	    !bt_be->recognition) {
		printf("# SKIP bulk: backend %s takes no bulk load\n",
			bt_be->name);
		return 0;
	}
	return 1;
}

/* Source id @p i, with the characters COPY's text format escapes. */
static void source_id(char *out, size_t cap, int i)
{
	snprintf(out, cap, "%d%s", i, i % 4 == 0 ? "\t\\N" : i % 4 == 1 ?
		"\\x\n" : i % 4 == 2 ? "\r'é" : "");
}

START_TEST(bulk_needs_a_transaction)
{
	if (!has_bulk())
		return;
	BT_RC(bt_be, COP_EINVAL, bt_be->bulk(bt_be, 1));
	/* And ends with it: the next transaction writes as always. */
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	BT_OK(bt_be, bt_be->commit(bt_be));
	BT_OK(bt_be, bt_be->begin(bt_be));
	bt_member(bt_be, 1, "one");
	BT_RC(bt_be, COP_EEXISTS, bt_be->insert(bt_be, COP_REC_MEMBER,
		&(cop_member_rec){ .id = bt_id(2), .handle = (char *)"ONE",
			.display_name = (char *)"x", .created = TU_T0 }));
	BT_OK(bt_be, bt_be->rollback(bt_be));
}
END_TEST

START_TEST(bulk_rows_are_read_and_committed)
{
	const cop_backend_sources *m;
	const cop_backend_recognition *t;
	cop_id k = bt_id(10), got, obj;
	cop_backend_iter *it = NULL;
	cop_total_rec r, row;
	cop_backend *other;
	char sid[32];
	int i, rc, n = 0;
	int64_t sum = 0;

	if (!has_bulk())
		return;
	m = bt_be->sources;
	t = bt_be->recognition;
	bt_member(bt_be, 1, "ama");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	/* A total before the load: the load's rows of its key add to it. */
	memset(&r, 0, sizeof(r));
	r.community_id = k;
	r.period = COP_PERIOD_ALL;
	r.tag = "";
	r.member_id = bt_id(1);
	r.points = 1000;
	BT_OK(bt_be, t->total_add(bt_be, &r));

	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	for (i = 0; i < NROWS; i++) {
		source_id(sid, sizeof(sid), i);
		obj = bt_id(100 + (unsigned int)i);
		BT_OK(bt_be, m->source_insert(bt_be, &k, 1, sid, &obj));
		/* The same key many times, and another tag each. */
		r.tag = "";
		r.points = i + 1;
		BT_OK(bt_be, t->total_add(bt_be, &r));
		r.tag = i % 2 ? "okra" : "yam";
		BT_OK(bt_be, t->total_add(bt_be, &r));
	}
	/* A read sees every write before it. */
	for (i = 0; i < NROWS; i += 7) {
		source_id(sid, sizeof(sid), i);
		BT_OK(bt_be, m->source_get(bt_be, &k, 1, sid, &got));
		BT_ID_EQ(got, bt_id(100 + (unsigned int)i), "object");
	}
	/* More after the read, then the commit sends them. */
	for (i = NROWS; i < 2 * NROWS; i++) {
		source_id(sid, sizeof(sid), i);
		obj = bt_id(100 + (unsigned int)i);
		BT_OK(bt_be, m->source_insert(bt_be, &k, 1, sid, &obj));
	}
	BT_OK(bt_be, bt_be->commit(bt_be));

	other = bt_open();
	for (i = 0; i < 2 * NROWS; i++) {
		source_id(sid, sizeof(sid), i);
		BT_OK(other, other->sources->source_get(other, &k, 1, sid, &got));
		BT_ID_EQ(got, bt_id(100 + (unsigned int)i), "object");
	}
	rc = other->recognition->total_list(other, &k, &r.member_id, &it);
	ck_assert_int_eq(rc, COP_OK);
	for (;;) {
		memset(&row, 0, sizeof(row));
		if ((rc = it->next(it, &row)) != COP_OK)
			break;
		n++;
		if (!strcmp(row.tag, ""))
			ck_assert_int_eq(row.points, 1000 + NROWS * (NROWS + 1) / 2);
		else
			sum += row.points;
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_TOTAL, &row);
	}
	it->free(it);
	ck_assert_int_eq(rc, COP_ITEROVER);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(sum, NROWS * (NROWS + 1) / 2);
	other->free(other);
}
END_TEST

/* After a failed write (@p rc, or one still unsent): the commit fails,
 * and nothing of the transaction is there (member 1 was its first). */
static void never_commits(int rc, const char *what)
{
	if (rc == COP_OK)
		rc = bt_be->commit(bt_be);
	else
		BT_OK(bt_be, bt_be->rollback(bt_be));
	ck_assert_msg(rc != COP_OK, "a bulk load with %s committed", what);
	ck_assert(!bt_has_member(bt_be, 1));
}

START_TEST(bulk_failure_fails_the_commit)
{
	const cop_backend_sources *m;
	cop_id k = bt_id(10), got, obj = bt_id(100);
	char sid[32];
	int i, rc = COP_OK;

	if (!has_bulk())
		return;
	m = bt_be->sources;
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	/* A taken handle, then a source twice among many (they go by
	 * COPY): each may fail at once or later, but never commits. */
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	bt_member(bt_be, 1, "ama");
	rc = bt_be->insert(bt_be, COP_REC_MEMBER, &(cop_member_rec){
		.id = bt_id(2), .handle = (char *)"Ama", .display_name = (char *)"x",
		.created = TU_T0 });
	never_commits(rc, "a taken handle");

	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	bt_member(bt_be, 1, "ama");
	for (i = 0; i < NROWS; i++) {
		snprintf(sid, sizeof(sid), "%d", i == NROWS / 2 ? 0 : i);
		if ((rc = m->source_insert(bt_be, &k, 1, sid, &obj)) != COP_OK)
			break;
	}
	never_commits(rc, "a taken key");
	BT_RC(bt_be, COP_ENOTFOUND, m->source_get(bt_be, &k, 1, "1", &got));

	/* The same rows without the duplicate commit. */
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	for (i = 0; i < NROWS; i++) {
		snprintf(sid, sizeof(sid), "%d", i);
		BT_OK(bt_be, m->source_insert(bt_be, &k, 1, sid, &obj));
	}
	BT_OK(bt_be, bt_be->commit(bt_be));
	BT_OK(bt_be, m->source_get(bt_be, &k, 1, "1", &got));
}
END_TEST

/* The reads a bulk load answers from what its transaction wrote give
 * what the server would. */
START_TEST(bulk_reads_its_own_writes)
{
	const cop_backend_recognition *t;
	cop_id k = bt_id(10), c31 = bt_id(31), c30 = bt_id(30);
	cop_id m1 = bt_id(1), m3 = bt_id(3);
	cop_standing_rec st, got;
	cop_contribution_rec c;
	cop_key key;
	int number, round;

	if (!has_bulk() || !bt_be->export)
		return;
	t = bt_be->recognition;
	bt_member(bt_be, 1, "ama");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "Q", TU_T0);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "q", TU_T0);
	memset(&st, 0, sizeof(st));
	st.community_id = k;
	st.member_id = m1;
	st.reputation = 7;
	BT_OK(bt_be, t->standing_put(bt_be, &st));
	for (round = 0; round < 2; round++) {
		/* Once committed, once rolled back: the rows written in the
		 * rolled back one are gone, and so is what it knew. */
		BT_OK(bt_be, bt_be->begin(bt_be));
		BT_OK(bt_be, bt_be->bulk(bt_be, 1));
		bt_member(bt_be, 3 + (unsigned int)round, round ? "esi" : "kofi");
		bt_contrib(bt_be, 31 + (unsigned int)round, 20, 10, 1,
			COP_CONTRIB_ANSWER, "a", TU_T0 + 1);
		/* A member of before, one of this transaction. */
		BT_OK(bt_be, t->standing_get(bt_be, &k, &m1, &got));
		ck_assert_int_eq(got.reputation, 7);
		m3 = bt_id(3 + (unsigned int)round);
		BT_RC(bt_be, COP_ENOTFOUND, t->standing_get(bt_be, &k, &m3, &got));
		st.member_id = m3;
		st.reputation = 11;
		st.days_active = 2;
		st.last_day = 19000;
		BT_OK(bt_be, t->standing_put(bt_be, &st));
		memset(&got, 0, sizeof(got));
		BT_OK(bt_be, t->standing_get(bt_be, &k, &m3, &got));
		ck_assert(!memcmp(&got, &st, sizeof(st)));
		st.reputation = 12;
		BT_OK(bt_be, t->standing_put(bt_be, &st));
		BT_OK(bt_be, t->standing_get(bt_be, &k, &m3, &got));
		ck_assert_int_eq(got.reputation, 12);
		/* Revision numbers: a post of before, one of this transaction. */
		BT_OK(bt_be, bt_be->export->revision_bump(bt_be, &c30, 5, &number));
		ck_assert_int_eq(number, 1 + round);
		c31 = bt_id(31 + (unsigned int)round);
		BT_OK(bt_be, bt_be->export->revision_bump(bt_be, &c31, 5, &number));
		ck_assert_int_eq(number, 1);
		BT_OK(bt_be, bt_be->export->revision_bump(bt_be, &c31, 6, &number));
		ck_assert_int_eq(number, 2);
		if (round == 0)
			BT_OK(bt_be, bt_be->commit(bt_be));
		else
			BT_OK(bt_be, bt_be->rollback(bt_be));
	}
	memset(&key, 0, sizeof(key));
	key.id = bt_id(31);
	memset(&c, 0, sizeof(c));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &c));
	ck_assert_int_eq(c.revision, 3);
	ck_assert_int_eq(c.edited, 6);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	key.id = c30;
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &c));
	ck_assert_int_eq(c.revision, 2);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	m3 = bt_id(3);
	BT_OK(bt_be, t->standing_get(bt_be, &k, &m3, &got));
	ck_assert_int_eq(got.reputation, 12);
	m3 = bt_id(4);
	BT_RC(bt_be, COP_ENOTFOUND, t->standing_get(bt_be, &k, &m3, &got));
	ck_assert(!bt_has_member(bt_be, 4));
}
END_TEST

/* A community's settings and a thread's accepted answer, both of the
 * transaction, read back as written. */
START_TEST(bulk_reads_its_own_settings_and_accepts)
{
	const cop_backend_recognition *t;
	cop_id k = bt_id(11), th = bt_id(21);
	cop_accept_rec a, got;
	char *body = NULL;

	if (!has_bulk())
		return;
	t = bt_be->recognition;
	bt_member(bt_be, 1, "ama");
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 21, 11, 1, COP_THREAD_OPEN, "Q", TU_T0);
	bt_contrib(bt_be, 31, 21, 11, 1, COP_CONTRIB_ANSWER, "a", TU_T0);
	BT_RC(bt_be, COP_ENOTFOUND, t->config_get(bt_be, &k, &body));
	BT_OK(bt_be, t->config_put(bt_be, &k, "{\"rule_badges\": 0}"));
	BT_OK(bt_be, t->config_get(bt_be, &k, &body));
	ck_assert_str_eq(body, "{\"rule_badges\": 0}");
	cop_free(body);
	body = NULL;
	BT_RC(bt_be, COP_ENOTFOUND, t->accept_get(bt_be, &th, &got));
	memset(&a, 0, sizeof(a));
	a.thread_id = th;
	a.community_id = k;
	a.contribution_id = bt_id(31);
	a.author_id = bt_id(1);
	a.rep_author = 15;
	a.created = TU_T0 + 5;
	BT_OK(bt_be, t->accept_put(bt_be, &a));
	memset(&got, 0, sizeof(got));
	BT_OK(bt_be, t->accept_get(bt_be, &th, &got));
	ck_assert(!memcmp(&got, &a, sizeof(a)));
	BT_OK(bt_be, bt_be->commit(bt_be));
	memset(&got, 0, sizeof(got));
	BT_OK(bt_be, t->accept_get(bt_be, &th, &got));
	ck_assert(!memcmp(&got, &a, sizeof(a)));
	BT_OK(bt_be, t->config_get(bt_be, &k, &body));
	ck_assert_str_eq(body, "{\"rule_badges\": 0}");
	cop_free(body);
}
END_TEST

#define get_thread(n, t) bt_get(bt_be, COP_REC_THREAD, (n), (t), \
	sizeof(*(t)))
#define get_contrib(n, c) bt_get(bt_be, COP_REC_CONTRIBUTION, (n), (c), \
	sizeof(*(c)))

/* Many counter updates of a few rows (PostgreSQL sends them staged,
 * each row updated once): the counts add up and the latest time is
 * kept, read in the load and after it, as one update at a time leaves
 * them; and a thread rewritten whole after its bumps keeps what the
 * rewrite says, as without a bulk load. */
START_TEST(bulk_counters_add_up)
{
	const cop_backend_export *x;
	cop_id t20 = bt_id(20), t21 = bt_id(21), t22 = bt_id(22), c30 = bt_id(30);
	cop_thread_rec t;
	cop_contribution_rec c;
	int i, number, n20, n21;

	if (!has_bulk() || !bt_be->export)
		return;
	x = bt_be->export;
	bt_member(bt_be, 1, "ama");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "Q", TU_T0);
	bt_thread(bt_be, 21, 10, 1, COP_THREAD_OPEN, "R", TU_T0);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "q", TU_T0);
	get_thread(20, &t);
	n20 = t.contribution_count;
	cop_rec_clear(COP_REC_THREAD, &t);
	/* Out of time order: the latest is kept. */
	for (i = 0; i < NROWS; i++) {
		BT_OK(bt_be, x->thread_bump(bt_be, &t20,
			TU_T0 + (i == 7 ? 5000 : i)));
		BT_OK(bt_be, x->revision_bump(bt_be, &c30,
			i == 9 ? TU_T0 + 7000 : i == 3 ? 0 : TU_T0 + i, &number));
		ck_assert_int_eq(number, 1 + i);
	}
	BT_OK(bt_be, x->thread_bump(bt_be, &t21, TU_T0 + 1));
	/* No such thread: nothing changes. */
	BT_OK(bt_be, x->thread_bump(bt_be, &t22, TU_T0 + 1));
	get_thread(20, &t);
	ck_assert_int_eq(t.contribution_count, n20 + NROWS);
	ck_assert_int_eq(t.last_activity, TU_T0 + 5000);
	cop_rec_clear(COP_REC_THREAD, &t);
	/* Bumps, then the thread rewritten from what was read before
	 * them: the rewrite's count stands. */
	get_thread(21, &t);
	n21 = t.contribution_count;
	ck_assert_int_eq(t.last_activity, TU_T0 + 1);
	for (i = 0; i < NROWS; i++)
		BT_OK(bt_be, x->thread_bump(bt_be, &t21, TU_T0 + 2));
	t.pinned = 1;
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_THREAD, &t));
	cop_rec_clear(COP_REC_THREAD, &t);
	BT_OK(bt_be, bt_be->commit(bt_be));
	get_thread(20, &t);
	ck_assert_int_eq(t.contribution_count, n20 + NROWS);
	ck_assert_int_eq(t.last_activity, TU_T0 + 5000);
	cop_rec_clear(COP_REC_THREAD, &t);
	get_thread(21, &t);
	ck_assert_int_eq(t.contribution_count, n21);
	ck_assert_int_eq(t.last_activity, TU_T0 + 1);
	ck_assert_int_eq(t.pinned, 1);
	cop_rec_clear(COP_REC_THREAD, &t);
	get_contrib(30, &c);
	ck_assert_int_eq(c.revision, 1 + NROWS);
	ck_assert_int_eq(c.edited, TU_T0 + 7000);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
}
END_TEST

/* An import's adds of many contributions at once (thread_add; on
 * PostgreSQL staged, the amounts summed) amid accepts' threads answered
 * (thread_answered, which rewrites no count: the adds may go after it):
 * the counts add up, the latest time is kept, each thread answered as
 * last set, in the load and after it; an add to no thread changes
 * nothing. */
START_TEST(bulk_thread_adds_add_up)
{
	const cop_backend_export *x;
	cop_id t20 = bt_id(20), t21 = bt_id(21), t22 = bt_id(22);
	cop_thread_rec t;
	int i, n20, n21;

	if (!has_bulk() || !bt_be->export || bt_be->export->version < 6)
		return;
	x = bt_be->export;
	bt_member(bt_be, 1, "ama");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "Q", TU_T0);
	bt_thread(bt_be, 21, 10, 1, COP_THREAD_OPEN, "R", TU_T0);
	get_thread(20, &t);
	n20 = t.contribution_count;
	cop_rec_clear(COP_REC_THREAD, &t);
	get_thread(21, &t);
	n21 = t.contribution_count;
	cop_rec_clear(COP_REC_THREAD, &t);
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	for (i = 0; i < NROWS; i++) {
		BT_OK(bt_be, x->thread_add(bt_be, &t20,
			TU_T0 + (i == 7 ? 6000 : i), 2));
		BT_OK(bt_be, x->thread_answered(bt_be, &t21, i % 2,
			i % 2 ? COP_THREAD_ANSWERED : COP_THREAD_OPEN));
		BT_OK(bt_be, x->thread_add(bt_be, &t21, TU_T0 + 3, 1));
	}
	BT_OK(bt_be, x->thread_add(bt_be, &t22, TU_T0 + 9000, 5));
	for (i = 0; i < 2; i++) {
		get_thread(20, &t);
		ck_assert_int_eq(t.contribution_count, n20 + 2 * NROWS);
		ck_assert_int_eq(t.last_activity, TU_T0 + 6000);
		ck_assert_int_eq(t.answered, 0);
		cop_rec_clear(COP_REC_THREAD, &t);
		get_thread(21, &t);
		ck_assert_int_eq(t.contribution_count, n21 + NROWS);
		ck_assert_int_eq(t.last_activity, TU_T0 + 3);
		ck_assert_int_eq(t.answered, (NROWS - 1) % 2);
		ck_assert_int_eq(t.state, (NROWS - 1) % 2 ?
			COP_THREAD_ANSWERED : COP_THREAD_OPEN);
		cop_rec_clear(COP_REC_THREAD, &t);
		if (i == 0)
			BT_OK(bt_be, bt_be->commit(bt_be));
	}
}
END_TEST

/* Contribution bt_id(@p n) moved to thread bt_id(@p t) of community
 * bt_id(@p c), as the backend interface may (the public API never). */
static void move_contrib(unsigned int n, unsigned int t, unsigned int c)
{
	cop_contribution_rec x;

	get_contrib(n, &x);
	x.thread_id = bt_id(t);
	x.community_id = bt_id(c);
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_CONTRIBUTION, &x));
	cop_rec_clear(COP_REC_CONTRIBUTION, &x);
}

/* A bulk load begun, and community bt_id(11) "ay" made in it: the load's
 * community (its first). */
static void load_community(void)
{
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	bt_community(bt_be, 11, "ay", COP_VISIBILITY_PUBLIC);
}

/* The health roll-ups' triggers skip the rows of the load's community
 * (its end makes its roll-ups again), but an update only when both its
 * old and its new row are of it (issue 18): a contribution moved from
 * another community into the load's, or out of it, leaves the other
 * community's roll-ups (days, member days, questions) as the facts
 * give them, in the load and after it. */
START_TEST(bulk_health_rows_moved)
{
	int64_t d = BT_DAY(TU_T0);
	const char *b_days = "0:1/1/2 3:1/1/0 | 1@0:1 1@3:1";

	if (!has_bulk() || !bt_has_health(bt_be))
		return;
	bt_health_start(bt_be);
	bt_question(bt_be, 20);
	bt_thread(bt_be, 21, 10, 1, COP_THREAD_OPEN, "Q", TU_T0);
	bt_question(bt_be, 21);
	bt_contrib(bt_be, 31, 20, 10, 2, COP_CONTRIB_ANSWER, "a",
		TU_T0 + BT_DAY_MS);
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3),
		"0:1/1/2 1:1/1/0 | 1@0:1 2@1:1");

	load_community();
	bt_thread(bt_be, 22, 11, 2, COP_THREAD_OPEN, "Q", TU_T0);
	bt_question(bt_be, 22);
	bt_contrib(bt_be, 32, 22, 11, 2, COP_CONTRIB_POST, "q",
		TU_T0 + 2 * BT_DAY_MS);
	bt_contrib(bt_be, 34, 22, 11, 1, COP_CONTRIB_ANSWER, "a",
		TU_T0 + 3 * BT_DAY_MS);
	/* Into the load's community, and out of it. */
	move_contrib(31, 22, 11);
	move_contrib(34, 21, 10);
	/* The other community's roll-ups follow at once. */
	ck_assert_int_eq(bt_health_diffs(bt_be, 10), 0);
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3), b_days);
	BT_OK(bt_be, bt_be->commit(bt_be));

	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3), b_days);
	ck_assert_str_eq(bt_health_days(bt_be, 11, d, d + 3),
		"0:0/0/1 1:1/1/0 2:1/1/0 | 2@1:1 2@2:1");
	ck_assert_int_eq(bt_health_diffs(bt_be, 10), 0);
	ck_assert_int_eq(bt_health_diffs(bt_be, 11), 0);
}
END_TEST

/* A contribution's created changed to another day moves its count to
 * that day (SQLite: created is among the columns its update trigger
 * fires on), in a bulk load too: of another community at once, of the
 * load's at its end (issue 18). */
START_TEST(bulk_health_created_moves)
{
	int64_t d = BT_DAY(TU_T0);
	const char *moved = "2:1/1/0 | 1@2:1";

	if (!has_bulk() || !bt_has_health(bt_be))
		return;
	bt_health_start(bt_be);

	load_community();
	bt_thread(bt_be, 21, 11, 1, COP_THREAD_OPEN, "T", TU_T0);
	bt_contrib(bt_be, 31, 21, 11, 1, COP_CONTRIB_POST, "p", TU_T0);
	bt_set_created(bt_be, 30, TU_T0 + 2 * BT_DAY_MS);
	bt_set_created(bt_be, 31, TU_T0 + 2 * BT_DAY_MS);
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3), moved);
	ck_assert_int_eq(bt_health_diffs(bt_be, 10), 0);
	BT_OK(bt_be, bt_be->commit(bt_be));

	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 3), moved);
	ck_assert_str_eq(bt_health_days(bt_be, 11, d, d + 3), moved);
	ck_assert_int_eq(bt_health_diffs(bt_be, 10), 0);
	ck_assert_int_eq(bt_health_diffs(bt_be, 11), 0);
}
END_TEST

/* A contribution's hidden flag set (in a load: no trigger follows it). */
static void hide_contrib(unsigned int n)
{
	cop_contribution_rec x;

	get_contrib(n, &x);
	x.hidden = 1;
	BT_OK(bt_be, bt_be->update(bt_be, COP_REC_CONTRIBUTION, &x));
	cop_rec_clear(COP_REC_CONTRIBUTION, &x);
}

/* The load's end makes the days and member days again from what is
 * shown only (SQLite reads them from the contributions' member index and
 * takes those of hidden threads off again, issue 18): a hidden thread's
 * contributions, authored or not, and a hidden contribution count on no
 * day, a day or member day whose every contribution is hidden has no
 * row, and a hidden contribution in a hidden thread is not taken off
 * twice. */
START_TEST(bulk_health_hidden_left_out)
{
	int64_t d = BT_DAY(TU_T0);

	if (!has_bulk() || !bt_has_health(bt_be))
		return;
	bt_health_start(bt_be);
	load_community();
	bt_thread(bt_be, 22, 11, 2, COP_THREAD_OPEN, "Q", TU_T0);
	bt_question(bt_be, 22);
	bt_contrib(bt_be, 32, 22, 11, 2, COP_CONTRIB_POST, "q", TU_T0);
	bt_contrib(bt_be, 33, 22, 11, 0, COP_CONTRIB_ANSWER, "a",
		TU_T0 + BT_DAY_MS);
	bt_contrib(bt_be, 36, 22, 11, 1, COP_CONTRIB_ANSWER, "h",
		TU_T0 + 3 * BT_DAY_MS);
	hide_contrib(36);
	bt_thread(bt_be, 23, 11, 1, COP_THREAD_HIDDEN, "H", TU_T0);
	bt_question(bt_be, 23);
	bt_contrib(bt_be, 34, 23, 11, 1, COP_CONTRIB_POST, "q",
		TU_T0 + BT_DAY_MS);
	bt_contrib(bt_be, 35, 23, 11, 2, COP_CONTRIB_ANSWER, "a",
		TU_T0 + 2 * BT_DAY_MS);
	bt_contrib(bt_be, 37, 23, 11, 2, COP_CONTRIB_ANSWER, "b",
		TU_T0 + BT_DAY_MS);
	hide_contrib(37);
	bt_contrib(bt_be, 38, 23, 11, 0, COP_CONTRIB_ANSWER, "c", TU_T0);
	BT_OK(bt_be, bt_be->commit(bt_be));

	ck_assert_str_eq(bt_health_days(bt_be, 11, d, d + 4),
		"0:1/1/1 1:1/0/0 | 2@0:1");
	ck_assert_int_eq(bt_health_diffs(bt_be, 11), 0);
	ck_assert_str_eq(bt_health_days(bt_be, 10, d, d + 4), "0:1/1/0 | 1@0:1");
	ck_assert_int_eq(bt_health_diffs(bt_be, 10), 0);
}
END_TEST

/* Member bt_id(@p m)'s totals in community bt_id(10): the points of
 * tags "", "yam" and "a\"b\\c" (-1: none) into @p got. */
static void totals_of(cop_backend *be, unsigned int m, int64_t got[3])
{
	static const char *const tags[3] = { "", "yam", "a\"b\\c" };
	cop_id k = bt_id(10), who = bt_id(m);
	cop_backend_iter *it = NULL;
	cop_total_rec row;
	int j, rc;

	got[0] = got[1] = got[2] = -1;
	BT_OK(be, be->recognition->total_list(be, &k, &who, &it));
	for (;;) {
		memset(&row, 0, sizeof(row));
		if ((rc = it->next(it, &row)) != COP_OK)
			break;
		ck_assert_int_eq(row.period, COP_PERIOD_ALL);
		for (j = 0; j < 3 && strcmp(row.tag, tags[j]); j++)
			;
		ck_assert_msg(j < 3, "tag \"%s\"", row.tag);
		got[j] = row.points;
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_TOTAL, &row);
	}
	it->free(it);
	ck_assert_int_eq(rc, COP_ITEROVER);
}

/* A few period totals in a load (PostgreSQL: too few for a COPY, sent
 * in one statement): a member's and a tag's keys made, the rows of one
 * total added up and to the total before the load, and a read in the
 * load sees them all. */
START_TEST(bulk_few_totals_add_up)
{
	const cop_backend_recognition *t;
	cop_total_rec r;
	cop_backend *other;
	int64_t got[3];
	int i;

	if (!has_bulk())
		return;
	t = bt_be->recognition;
	bt_member(bt_be, 1, "ama");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	memset(&r, 0, sizeof(r));
	r.community_id = bt_id(10);
	r.period = COP_PERIOD_ALL;
	r.tag = "";
	r.member_id = bt_id(1);
	r.points = 1000;
	BT_OK(bt_be, t->total_add(bt_be, &r));
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	bt_member(bt_be, 2, "kofi");
	for (i = 0; i < 6; i++) {
		r.member_id = bt_id(1 + (unsigned int)(i % 2));
		r.tag = i % 3 == 0 ? "" : i % 3 == 1 ? "yam" : "a\"b\\c";
		r.points = 10 + i;
		BT_OK(bt_be, t->total_add(bt_be, &r));
	}
	/* member 1: "" 1000 + 10, "a\"b\\c" 12, "yam" 14; member 2: "yam"
	 * 11, "" 13, "a\"b\\c" 15. */
	totals_of(bt_be, 1, got);
	ck_assert_int_eq(got[0], 1010);
	ck_assert_int_eq(got[1], 14);
	ck_assert_int_eq(got[2], 12);
	totals_of(bt_be, 2, got);
	ck_assert_int_eq(got[0], 13);
	ck_assert_int_eq(got[1], 11);
	ck_assert_int_eq(got[2], 15);
	/* Two more after the read (one key twice), then the commit. */
	r.member_id = bt_id(2);
	r.tag = "yam";
	r.points = 100;
	BT_OK(bt_be, t->total_add(bt_be, &r));
	BT_OK(bt_be, t->total_add(bt_be, &r));
	BT_OK(bt_be, bt_be->commit(bt_be));
	other = bt_open();
	totals_of(other, 1, got);
	ck_assert_int_eq(got[0], 1010);
	totals_of(other, 2, got);
	ck_assert_int_eq(got[0], 13);
	ck_assert_int_eq(got[1], 211);
	ck_assert_int_eq(got[2], 15);
	other->free(other);
}
END_TEST

/*
 * Totals enough for a COPY (PostgreSQL: the members with no total yet
 * get theirs by a plain insert) for a member with a total before the
 * load (1), one with none (2), and a third whose only total before is
 * of another tag (3): each adds up.  After a read, a second send of
 * rows of the same keys: member 2 has totals now, and they add to
 * them.
 */
START_TEST(bulk_new_totals_add_up)
{
	const cop_backend_recognition *t;
	cop_total_rec r;
	cop_backend *other;
	int64_t got[3], want[4][3];
	unsigned int m;
	int i, pass;

	if (!has_bulk())
		return;
	t = bt_be->recognition;
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "kofi");
	bt_member(bt_be, 3, "esi");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	memset(want, 0, sizeof(want));
	memset(&r, 0, sizeof(r));
	r.community_id = bt_id(10);
	r.period = COP_PERIOD_ALL;
	r.member_id = bt_id(1);
	r.tag = "";
	r.points = 1000;
	BT_OK(bt_be, t->total_add(bt_be, &r));
	want[1][0] = 1000;
	r.member_id = bt_id(3);
	r.tag = "yam";
	r.points = 7;
	BT_OK(bt_be, t->total_add(bt_be, &r));
	want[3][1] = 7;
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < NROWS; i++) {
			m = 1 + (unsigned int)(i % 3);
			r.member_id = bt_id(m);
			r.tag = i % 2 ? "" : "a\"b\\c";
			r.points = i + 1;
			BT_OK(bt_be, t->total_add(bt_be, &r));
			want[m][i % 2 ? 0 : 2] += i + 1;
		}
		/* A read sees them all (and sends them). */
		for (m = 1; m <= 3; m++) {
			totals_of(bt_be, m, got);
			ck_assert_int_eq(got[0], want[m][0]);
			ck_assert_int_eq(got[1], want[m][1] ? want[m][1] : -1);
			ck_assert_int_eq(got[2], want[m][2]);
		}
	}
	BT_OK(bt_be, bt_be->commit(bt_be));
	other = bt_open();
	for (m = 1; m <= 3; m++) {
		totals_of(other, m, got);
		ck_assert_int_eq(got[0], want[m][0]);
		ck_assert_int_eq(got[1], want[m][1] ? want[m][1] : -1);
		ck_assert_int_eq(got[2], want[m][2]);
	}
	other->free(other);
}
END_TEST

/* The log's entries since seq @p base: exactly @p n, numbered base + 1,
 * base + 2, ... in the order appended (object bt_id(1000 + i)). */
static void log_in_order(cop_backend *be, int64_t base, int n)
{
	cop_query q = bt_query(COP_LIST_LOG, 0);
	bt_rows rows;
	int64_t last = -1;
	int i;

	q.has_after = 1;
	q.after_num = base;
	ck_assert_int_eq(bt_list(be, &q, &rows), COP_ITEROVER);
	ck_assert_int_eq((int)rows.n, n);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(rows.num[i], base + 1 + i);
		ck_assert_uint_eq(bt_id_num(&rows.id[i]), 1000 + (unsigned int)i);
	}
	bt_rows_free(&rows);
	BT_OK(be, be->log_last_seq(be, &last));
	ck_assert_int_eq(last, base + n);
}

/* The log's appends of a bulk load (PostgreSQL sends many at once,
 * numbered together): a read in the load sees every append before it,
 * and the seqs are gap-free in the order of the appends, as one append
 * at a time numbers them. */
START_TEST(bulk_log_appends_in_order)
{
	cop_backend *other;
	cop_log_rec l;
	int64_t base = -1;
	int i;

	if (!has_bulk())
		return;
	memset(&l, 0, sizeof(l));
	l.op = "before";
	l.object_id = bt_id(999);
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));
	BT_OK(bt_be, bt_be->log_last_seq(bt_be, &base));
	ck_assert_int_gt(base, 0);
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	for (i = 0; i < NROWS + 40; i++) {
		memset(&l, 0, sizeof(l));
		l.time = TU_T0 + (i % 3);
		l.op = i % 2 ? "op\t\n" : "op";
		l.object_id = bt_id(1000 + (unsigned int)i);
		if (i % 5)
			l.actor_id = bt_id(1);
		BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));
		/* Reads after 20 and after NROWS appends see them all. */
		if (i == 19 || i == NROWS - 1)
			log_in_order(bt_be, base, i + 1);
	}
	BT_OK(bt_be, bt_be->commit(bt_be));
	other = bt_open();
	log_in_order(other, base, NROWS + 40);
	other->free(other);
}
END_TEST

/* The hits of search @p text: how many, and the score of contribution
 * bt_id(@p n) among them in *score (-1: not among them). */
static int search_hits(const char *text, unsigned int n, double *score)
{
	cop_backend_iter *it = NULL;
	cop_search_hit_rec h;
	cop_search_query q;
	int hits = 0, rc;

	memset(&q, 0, sizeof(q));
	q.text = text;
	q.limit = 50;
	*score = -1;
	BT_OK(bt_be, bt_be->search(bt_be, &q, &it));
	for (;;) {
		memset(&h, 0, sizeof(h));
		if ((rc = it->next(it, &h)) != COP_OK)
			break;
		hits++;
		if (bt_id_num(&h.contribution_id) == n)
			*score = h.score;
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_SEARCH_HIT, &h);
	}
	it->free(it);
	ck_assert_int_eq(rc, COP_ITEROVER);
	return hits;
}

/* Score addition @p v to contribution bt_id(@p n), as the vote bulk
 * sends it. */
static void score_add(unsigned int n, int v)
{
	cop_val p[2];

	memset(p, 0, sizeof(p));
	p[0].type = COP_VAL_ID;
	p[0].id = bt_id(n);
	p[1].type = COP_VAL_INT;
	p[1].i = v;
	BT_OK(bt_be, bt_be->rop(bt_be, COP_ROP_SCORE_ADD, p, 2, NULL));
}

/*
 * Many contributions in a bulk load (PostgreSQL: by COPY, their
 * full-text vectors made in one statement, before the other plans):
 * each reads back as written (bodies with what COPY escapes), is found
 * by search with the score a contribution written without a bulk load
 * gets (the same vector), a thread's first post by its title too.  In
 * the same send, a score added and a revision number bumped one at a
 * time (too few to be staged, so in the pipeline) after them, and a
 * thread inserted after a contribution of its own (which it re-indexes
 * with its title), and 20 score additions (staged) after others: each
 * applies to the row the insert wrote, as it would one insert at a
 * time.
 */
START_TEST(bulk_contributions_as_inserted)
{
	const cop_backend_export *x;
	cop_contribution_rec c;
	cop_id c1006 = bt_id(1006), t20 = bt_id(20);
	char body[128];
	double sa, sb;
	int i, number;

	if (!has_bulk() || !bt_be->export)
		return;
	x = bt_be->export;
	bt_member(bt_be, 1, "ama");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "Alpha lager", TU_T0);
	bt_thread(bt_be, 21, 10, 1, COP_THREAD_OPEN, "Beta stout", TU_T0);
	/* Outside the bulk load: the vector to compare with. */
	bt_contrib(bt_be, 3000, 21, 10, 1, COP_CONTRIB_REPLY,
		"w10x shared\ttext, a\\b", TU_T0);
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	for (i = 0; i < NROWS; i++) {
		snprintf(body, sizeof(body), "w%dx shared\ttext, a\\b%s", i,
			i % 3 ? "\r\n" : "");
		bt_contrib(bt_be, 1000 + i, 20, 10, 1, i == 0 ?
			COP_CONTRIB_POST : COP_CONTRIB_REPLY, body, TU_T0 + i);
	}
	score_add(1005, 3);
	BT_OK(bt_be, x->revision_bump(bt_be, &c1006, TU_T0 + 99, &number));
	ck_assert_int_eq(number, 1);
	/* A read: what waits is sent; each part below in a send of its
	 * own. */
	get_contrib(1000, &c);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	/* A contribution, then its thread (the backend interface allows
	 * it): the thread's insert re-indexes it with the title; then
	 * enough contributions of another thread for a COPY. */
	bt_contrib(bt_be, 2000, 22, 10, 1, COP_CONTRIB_POST, "gamma body",
		TU_T0);
	bt_thread(bt_be, 22, 10, 1, COP_THREAD_OPEN, "Gamma porter", TU_T0);
	for (i = 0; i < 20; i++)
		bt_contrib(bt_be, 5000 + i, 21, 10, 1, COP_CONTRIB_REPLY, "delta",
			TU_T0);
	get_contrib(2000, &c);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	for (i = 0; i < NROWS; i++) {
		snprintf(body, sizeof(body), "v%dy more\\text", i);
		bt_contrib(bt_be, 4000 + i, 21, 10, 1, COP_CONTRIB_REPLY, body,
			TU_T0 + i);
	}
	/* Enough score additions to be staged (a plan of their own, run
	 * after the contributions'). */
	for (i = 0; i < 20; i++)
		score_add(4000 + i, i + 1);
	BT_OK(bt_be, bt_be->commit(bt_be));
	for (i = 0; i < NROWS; i++) {
		snprintf(body, sizeof(body), "w%dx shared\ttext, a\\b%s", i,
			i % 3 ? "\r\n" : "");
		get_contrib(1000 + i, &c);
		ck_assert_str_eq(c.body, body);
		ck_assert_int_eq(c.score, i == 5 ? 3 : 0);
		ck_assert_int_eq(c.revision, i == 6 ? 2 : 1);
		ck_assert_int_eq(c.created, TU_T0 + i);
		ck_assert(bt_id_eq(&c.thread_id, &t20));
		cop_rec_clear(COP_REC_CONTRIBUTION, &c);
		get_contrib(4000 + i, &c);
		snprintf(body, sizeof(body), "v%dy more\\text", i);
		ck_assert_str_eq(c.body, body);
		ck_assert_int_eq(c.score, i < 20 ? i + 1 : 0);
		cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	}
	ck_assert_int_eq(search_hits("w10x", 1010, &sa), 2);
	ck_assert_int_eq(search_hits("w10x", 3000, &sb), 2);
	ck_assert(sa > 0 && sa == sb);
	ck_assert_int_eq(search_hits("v149y", 4149, &sa), 1);
	ck_assert(sa > 0);
	ck_assert_int_eq(search_hits("alpha", 1000, &sa), 1);
	ck_assert(sa > 0);
	ck_assert_int_eq(search_hits("gamma", 2000, &sa), 1);
	ck_assert(sa > 0);
	ck_assert_int_eq(search_hits("porter", 2000, &sa), 1);
	ck_assert(sa > 0);
	ck_assert_int_eq(search_hits("delta", 5019, &sa), 20);
	ck_assert(sa > 0);
}
END_TEST

/* Revision @p number of contribution bt_id(@p n), as a bulk load writes
 * them: body "r<number>\t\\<n>", by member 1, edited by member 2. */
static void put_revision(unsigned int n, int number)
{
	cop_revision_rec r;
	char body[64];

	memset(&r, 0, sizeof(r));
	snprintf(body, sizeof(body), "r%d\t\\%u", number, n);
	r.contribution_id = bt_id(n);
	r.community_id = bt_id(10);
	r.number = number;
	r.author_id = bt_id(1);
	r.body = body;
	r.comment = number % 2 ? (char *)"odd\nline" : NULL;
	r.created = TU_T0 + number;
	r.editor_id = bt_id(2);
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_REVISION, &r));
}

/* Assert revision @p number of bt_id(@p n) reads as put_revision() put
 * it, with comment @p comment and editor bt_id(@p editor). */
static void revision_is(unsigned int n, int number, const char *comment,
	unsigned int editor)
{
	cop_revision_rec r;
	cop_id ed = bt_id(editor);
	cop_key key;
	char body[64];

	memset(&key, 0, sizeof(key));
	key.id = bt_id(n);
	key.number = number;
	memset(&r, 0, sizeof(r));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_REVISION, &key, &r));
	snprintf(body, sizeof(body), "r%d\t\\%u", number, n);
	ck_assert_str_eq(r.body, body);
	if (comment)
		ck_assert_str_eq(r.comment, comment);
	else
		ck_assert_ptr_null(r.comment);
	ck_assert_int_eq(r.created, TU_T0 + number);
	ck_assert(bt_id_eq(&r.editor_id, &ed));
	cop_rec_clear(COP_REC_REVISION, &r);
}

/*
 * Many revisions in a bulk load (PostgreSQL: by COPY, staged): each
 * reads back as written (COPY's escapes in its body and comment), and
 * who replaced one (revision_replaced(), sent alone after them in the
 * same send) applies to the row the insert wrote; a second send of
 * revisions alone goes by COPY too.
 */
START_TEST(bulk_revisions_as_inserted)
{
	const cop_backend_export *x;
	cop_id c30 = bt_id(30), three = bt_id(3);
	cop_contribution_rec c;
	int i;

	if (!has_bulk() || !bt_be->export || bt_be->export->version < 4 ||
	    !bt_be->export->revision_replaced)
		return;
	x = bt_be->export;
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "bo");
	bt_member(bt_be, 3, "cy");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "Q", TU_T0);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "q", TU_T0);
	bt_contrib(bt_be, 31, 20, 10, 1, COP_CONTRIB_REPLY, "r", TU_T0);
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	for (i = 1; i <= NROWS; i++)
		put_revision(30, i);
	BT_OK(bt_be, x->revision_replaced(bt_be, &c30, 7, &three, "by cy"));
	/* A read: what waits is sent; the rest in a send of its own. */
	get_contrib(30, &c);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	for (i = 1; i <= NROWS; i++)
		put_revision(31, i);
	BT_OK(bt_be, bt_be->commit(bt_be));
	for (i = 1; i <= NROWS; i++) {
		revision_is(30, i, i == 7 ? "by cy" : i % 2 ? "odd\nline" :
			NULL, i == 7 ? 3 : 2);
		revision_is(31, i, i % 2 ? "odd\nline" : NULL, 2);
	}
}
END_TEST

/* Entry @p i of a history: kind 1 or 2, the values with what COPY
 * escapes, member 1 as the actor or none. */
static void history_entry(cop_thread_change_rec *e, unsigned int thread,
	int i, char *old, char *nw, size_t cap)
{
	memset(e, 0, sizeof(*e));
	snprintf(old, cap, "o%d\t%u", i, thread);
	snprintf(nw, cap, "n%d\\x%u\n", i, thread);
	e->thread_id = bt_id(thread);
	e->community_id = bt_id(10);
	e->kind = 1 + i % 2;
	e->old_value = i % 3 ? old : NULL;
	e->new_value = nw;
	e->actor_id = i % 4 ? bt_id(1) : bt_nil();
	e->created = TU_T0 + i;
	e->comment = i % 5 ? NULL : (char *)"c";
}

/* Thread bt_id(@p thread)'s history holds @p before entries of its own,
 * then the NROWS / 2 entries history_entry() made of it, numbered on. */
static void history_is(const cop_backend_history *h, unsigned int thread,
	int before)
{
	cop_backend_iter *it = NULL;
	cop_thread_change_rec e, want;
	cop_id t = bt_id(thread);
	char old[64], nw[64];
	int n = 0, i, rc;

	BT_OK(bt_be, h->history_list(bt_be, &t, 0, 0, &it));
	while ((rc = it->next(it, &e)) == COP_OK) {
		n++;
		ck_assert_int_eq(e.number, n);
		if (n > before) {
			/* The entries of this thread were i = 2k (+1 for 21). */
			i = 2 * (n - before - 1) + (thread == 21);
			history_entry(&want, thread, i, old, nw, sizeof(old));
			ck_assert_int_eq(e.kind, want.kind);
			if (want.old_value)
				ck_assert_str_eq(e.old_value, want.old_value);
			else
				ck_assert_ptr_null(e.old_value);
			ck_assert_str_eq(e.new_value, want.new_value);
			ck_assert(bt_id_eq(&e.actor_id, &want.actor_id));
			ck_assert_int_eq(e.created, want.created);
			ck_assert_int_eq(e.comment != NULL, want.comment != NULL);
		}
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_THREAD_CHANGE, &e);
	}
	it->free(it);
	ck_assert_int_eq(rc, COP_ITEROVER);
	ck_assert_int_eq(n, before + NROWS / 2);
}

/*
 * A thread's history in a bulk load (PostgreSQL: staged by COPY and
 * numbered in one statement): two threads' entries interleaved, one
 * with entries before the load, are numbered 1, 2, ... in the order
 * they were added and read back as written, in the load and after it.
 */
START_TEST(bulk_history_numbered)
{
	const cop_backend_history *h = bt_be->history;
	cop_thread_change_rec e;
	char old[64], nw[64];
	int i;

	if (!has_bulk() || !h)
		return;
	bt_member(bt_be, 1, "ama");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "Q", TU_T0);
	bt_thread(bt_be, 21, 10, 1, COP_THREAD_OPEN, "R", TU_T0);
	memset(&e, 0, sizeof(e));
	e.thread_id = bt_id(20);
	e.community_id = bt_id(10);
	e.kind = 1;
	e.new_value = "before";
	e.created = TU_T0;
	BT_OK(bt_be, h->history_add(bt_be, &e, NULL));
	BT_OK(bt_be, h->history_add(bt_be, &e, NULL));
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, bt_be->bulk(bt_be, 1));
	for (i = 0; i < NROWS; i++) {
		history_entry(&e, 20 + (unsigned int)(i % 2), i, old, nw,
			sizeof(old));
		BT_OK(bt_be, h->history_add(bt_be, &e, NULL));
	}
	history_is(h, 20, 2);
	history_is(h, 21, 0);
	BT_OK(bt_be, bt_be->commit(bt_be));
	history_is(h, 20, 2);
	history_is(h, 21, 0);
}
END_TEST

Suite *bt_bulk_suite(void)
{
	const TTest *const tests[] = {
		bulk_needs_a_transaction,
		bulk_rows_are_read_and_committed,
		bulk_failure_fails_the_commit,
		bulk_reads_its_own_writes,
		bulk_reads_its_own_settings_and_accepts,
		bulk_counters_add_up, bulk_thread_adds_add_up,
		bulk_health_rows_moved,
		bulk_health_created_moves,
		bulk_health_hidden_left_out,
		bulk_log_appends_in_order,
		bulk_few_totals_add_up,
		bulk_new_totals_add_up,
		bulk_contributions_as_inserted,
		bulk_revisions_as_inserted,
		bulk_history_numbered
	};

	return BT_SUITE("backend bulk load", bt_setup, bt_teardown, tests);
}
