/*
 * privacy.c: the member-data interface (cop_backend_privacy, interface
 * version 6): every method, and the removal of a doomed set on a small
 * graph with everything that hangs on it, the expected rows written from
 * the rule of sys/backend.h; the core's erasure on a backend of version 5
 * through rop(); and COP_ROP_P_REVISIONS, the revisions a member's
 * export reads.  The recognition rows are written and read with rop()
 * (the export scans, "all" set), the way every SQL backend stores them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "betest.h"

/* The backend's privacy table, or skip. */
static const cop_backend_privacy *priv(void)
{
	if (bt_be->version < 6 || !bt_be->privacy || !bt_be->rop) {
		printf("# SKIP privacy: backend %s has no privacy table\n",
			bt_be->name);
		return NULL;
	}
	ck_assert_uint_ge(bt_be->privacy->version, 1);
	return bt_be->privacy;
}

/* A parameter: an id bt_id(@p n) (0: NULL), a number or a text. */
static cop_val val(int type, unsigned int n, int64_t i, const char *text)
{
	cop_val v;

	memset(&v, 0, sizeof(v));
	v.type = type == COP_VAL_ID && n == 0 ? COP_VAL_NULL : type;
	if (type == COP_VAL_ID && n)
		v.id = bt_id(n);
	v.i = i;
	v.text = text;
	return v;
}
#define v_id(n) val(COP_VAL_ID, (n), 0, NULL)
#define v_int(i) val(COP_VAL_INT, 0, (i), NULL)
#define v_text(t) val(COP_VAL_TEXT, 0, 0, (t))

/* Run operation @p op with the @p n values of @p p, asserting success. */
static void run(int op, const cop_val *p, unsigned int n)
{
	BT_OK(bt_be, bt_be->rop(bt_be, op, p, n, NULL));
}

/* Column @p col of every row of @p op: id numbers ("-" for nil), ints
 * and quoted texts, space-separated; static buffer. */
static const char *col_of(int op, const cop_val *p, unsigned int n,
	unsigned int col)
{
	static char buf[1024];
	cop_backend_iter *it = NULL;
	cop_row row;
	size_t len = 0;
	int rc;

	buf[0] = '\0';
	BT_OK(bt_be, bt_be->rop(bt_be, op, p, n, &it));
	while ((rc = it->next(it, &row)) == COP_OK) {
		const cop_val *v = &row.col[col];
		const char *sep = len ? " " : "";
		ck_assert_uint_lt(col, row.ncols);
		if (v->type == COP_VAL_ID)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%u",
				sep, bt_id_num(&v->id));
		else if (v->type == COP_VAL_INT)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
				"%s%lld", sep, (long long)v->i);
		else if (v->type == COP_VAL_TEXT)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
				"%s'%s'", sep, v->text);
		else
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s-",
				sep);
		ck_assert_uint_lt(len, sizeof(buf));
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	return buf;
}

/* Column @p col of export scan @p op of community @p c, everything
 * ("all" 1), from the first row ($3 the nil key, $4 0 where the order
 * has a second key). */
static const char *scan(int op, unsigned int c, unsigned int nkeys,
	unsigned int col)
{
	cop_val p[6];
	unsigned int n = 0;

	p[n++] = v_id(c);
	p[n++] = v_int(1);
	memset(&p[n], 0, sizeof(p[n]));
	p[n++].type = COP_VAL_KEY;
	if (nkeys == 2) {
		/* Links: a second id key; revisions: a number. */
		if (op == COP_ROP_X_LINKS) {
			memset(&p[n], 0, sizeof(p[n]));
			p[n++].type = COP_VAL_KEY;
		} else {
			p[n++] = v_int(0);
		}
	}
	p[n++] = v_int(1000);
	return col_of(op, p, n, col);
}

#define EXPECT(got, want) do { \
	const char *g_ = (got); \
	ck_assert_msg(strcmp(g_, (want)) == 0, "%s: got \"%s\", expected " \
		"\"%s\"", #got, g_, (want)); \
} while (0)

/* ---- leaving, kudos, policies ----------------------------------------- */

/* The communities of member bt_id(@p m), as id numbers; static buffer. */
static const char *communities_of(const cop_backend_privacy *t,
	unsigned int m)
{
	static char buf[256];
	cop_id id = bt_id(m), *ids = NULL;
	size_t n = 0, i, len = 0;

	BT_OK(bt_be, t->member_communities(bt_be, &id, &ids, &n));
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%u",
			i ? " " : "", bt_id_num(&ids[i]));
	cop_free(ids);
	return buf;
}

START_TEST(communities_and_leaving)
{
	const cop_backend_privacy *t = priv();
	cop_membership_rec ms;
	cop_standing_rec st;
	cop_key key;
	cop_id *ids = NULL, m;
	size_t n = 99;
	cop_val p[15];
	unsigned int i;

	if (!t)
		return;
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "kofi");
	bt_member(bt_be, 3, "esi");
	bt_member(bt_be, 4, "yaw");
	bt_member(bt_be, 9, "none");
	for (i = 10; i <= 13; i++)
		bt_community(bt_be, i, i == 10 ? "ten" : i == 11 ? "eleven" :
			i == 12 ? "twelve" : "thirteen", COP_VISIBILITY_PUBLIC);
	/* 1: a membership in 12 (left already), 10 and 11; 2: a membership
	 * in 10; 3: only a thread in 11 and a contribution in 13; 4: only a
	 * standing in 12. */
	bt_membership(bt_be, 12, 1, COP_ROLE_MEMBER, COP_MEMBERSHIP_LEFT);
	bt_membership(bt_be, 10, 1, COP_ROLE_MEMBER, COP_MEMBERSHIP_ACTIVE);
	bt_membership(bt_be, 11, 1, COP_ROLE_FACILITATOR, COP_MEMBERSHIP_ACTIVE);
	bt_membership(bt_be, 10, 2, COP_ROLE_MEMBER, COP_MEMBERSHIP_ACTIVE);
	bt_thread(bt_be, 20, 11, 3, COP_THREAD_OPEN, "T", 1000);
	bt_thread(bt_be, 21, 13, 2, COP_THREAD_OPEN, "U", 1000);
	bt_contrib(bt_be, 30, 21, 13, 3, COP_CONTRIB_REPLY, "r", 100);
	memset(&st, 0, sizeof(st));
	memset(p, 0, sizeof(p));
	p[0] = v_id(12);
	p[1] = v_id(4);
	for (i = 2; i < 15; i++)
		p[i] = v_int(0);
	run(COP_ROP_STANDING_PUT, p, 15);

	EXPECT(communities_of(t, 1), "10 11 12");
	/* A thread, a contribution; a standing. */
	EXPECT(communities_of(t, 3), "11 13");
	EXPECT(communities_of(t, 4), "12");
	m = bt_id(9);
	ids = (cop_id *)&m;
	BT_OK(bt_be, t->member_communities(bt_be, &m, &ids, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(ids);

	/* Leaving: every membership of 1 is left, role kept; 2's stays. */
	m = bt_id(1);
	BT_OK(bt_be, t->member_leave(bt_be, &m));
	memset(&key, 0, sizeof(key));
	for (i = 10; i <= 12; i++) {
		key.id = bt_id(i);
		key.id2 = bt_id(1);
		BT_OK(bt_be, bt_be->get(bt_be, COP_REC_MEMBERSHIP, &key, &ms));
		ck_assert_int_eq(ms.status, COP_MEMBERSHIP_LEFT);
		ck_assert_int_eq(ms.role, i == 11 ? COP_ROLE_FACILITATOR :
			COP_ROLE_MEMBER);
		cop_rec_clear(COP_REC_MEMBERSHIP, &ms);
	}
	key.id = bt_id(10);
	key.id2 = bt_id(2);
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_MEMBERSHIP, &key, &ms));
	ck_assert_int_eq(ms.status, COP_MEMBERSHIP_ACTIVE);
	cop_rec_clear(COP_REC_MEMBERSHIP, &ms);
	/* No membership: nothing to do. */
	m = bt_id(9);
	BT_OK(bt_be, t->member_leave(bt_be, &m));
}
END_TEST

START_TEST(kudos_erase)
{
	const cop_backend_privacy *t = priv();
	cop_val p[7];
	cop_id m;

	if (!t)
		return;
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "kofi");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	/* Kudos 50 (1 to 2, in 10), 51 (2 to 1), 52 (1 to 2, in 11). */
	p[0] = v_id(50); p[1] = v_id(10); p[2] = v_id(1); p[3] = v_id(2);
	p[4] = v_id(0); p[5] = v_text("thanks"); p[6] = v_int(400);
	run(COP_ROP_KUDOS_INS, p, 7);
	p[0] = v_id(51); p[2] = v_id(2); p[3] = v_id(1);
	p[5] = v_text("welcome");
	run(COP_ROP_KUDOS_INS, p, 7);
	p[0] = v_id(52); p[1] = v_id(11); p[2] = v_id(1); p[3] = v_id(2);
	p[5] = v_text("again \xe2\x9c\x93");
	run(COP_ROP_KUDOS_INS, p, 7);
	m = bt_id(1);
	BT_OK(bt_be, t->kudos_erase(bt_be, &m, "(erased)"));
	EXPECT(scan(COP_ROP_X_KUDOS, 10, 1, 4), "'(erased)' 'welcome'");
	EXPECT(scan(COP_ROP_X_KUDOS, 11, 1, 4), "'(erased)'");
	/* Senders and receivers stay. */
	EXPECT(scan(COP_ROP_X_KUDOS, 10, 1, 1), "1 2");
	BT_OK(bt_be, t->kudos_erase(bt_be, &m, ""));
	EXPECT(scan(COP_ROP_X_KUDOS, 10, 1, 4), "'' 'welcome'");
}
END_TEST

START_TEST(policies)
{
	const cop_backend_privacy *t = priv();
	cop_id c10 = bt_id(10), c11 = bt_id(11);
	int pol = -1;

	if (!t)
		return;
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	BT_RC(bt_be, COP_ENOTFOUND, t->policy_get(bt_be, &c10, &pol));
	ck_assert_int_eq(pol, 0);
	BT_OK(bt_be, t->policy_put(bt_be, &c10, COP_ERASE_REMOVE));
	BT_OK(bt_be, t->policy_get(bt_be, &c10, &pol));
	ck_assert_int_eq(pol, COP_ERASE_REMOVE);
	/* Replaced, not added. */
	BT_OK(bt_be, t->policy_put(bt_be, &c10, COP_ERASE_ANONYMIZE));
	pol = -1;
	BT_OK(bt_be, t->policy_get(bt_be, &c10, &pol));
	ck_assert_int_eq(pol, COP_ERASE_ANONYMIZE);
	pol = -1;
	BT_RC(bt_be, COP_ENOTFOUND, t->policy_get(bt_be, &c11, &pol));
	ck_assert_int_eq(pol, 0);
}
END_TEST

/* ---- the removal --------------------------------------------------------- */

/*
 * Members 1 (erased), 2, 3; community 10, and 11 that nothing touches.
 * In 10:
 *   thread 20 by 1: post 30 (1), reply 31 (2) to 30, answer 32 (3),
 *     accepted;
 *   thread 21 by 2, answered: post 33 (2), reply 34 (1) to 33, accepted;
 *     reply 35 (3) to 34, reply 36 (2) to 35, translation 37 (3) of 34,
 *     reply 38 (3) to 33 at time 150;
 *   thread 22 by 2, answered: post 39 (2), accepted;
 *   thread 23 by 1 without contributions.
 * In 11: thread 24 by 1, post 40 (1).
 * Doomed by the rule: threads 20 and 23 (opened by 1); contributions
 * 30, 31, 32 (of thread 20), 34 (1's), 35 and 37 (answering and
 * translating 34), 36 (answering 35).  Kept: 33, 38, 39, and all of 11.
 */
static void graph(void)
{
	static const char *const handles[] = { "ama", "kofi", "esi" };
	static const struct { unsigned int n, c, by; int state;
		const char *title; } th[] = {
		{ 20, 10, 1, COP_THREAD_ANSWERED, "Doomed" },
		{ 21, 10, 2, COP_THREAD_ANSWERED, "Kept" },
		{ 22, 10, 2, COP_THREAD_ANSWERED, "Other" },
		{ 23, 10, 1, COP_THREAD_OPEN, "Empty" },
		{ 24, 11, 1, COP_THREAD_OPEN, "Elsewhere" }
	};
	/* id, thread, author, kind, reply_to, translation_of, created */
	static const struct { unsigned int n, t, by; int kind;
		unsigned int to, of; const char *body; cop_time at; } co[] = {
		{ 30, 20, 1, COP_CONTRIB_POST, 0, 0, "zebra post", 100 },
		{ 31, 20, 2, COP_CONTRIB_REPLY, 30, 0, "zebra reply", 101 },
		{ 32, 20, 3, COP_CONTRIB_ANSWER, 0, 0, "zebra answer", 102 },
		{ 33, 21, 2, COP_CONTRIB_POST, 0, 0, "okapi post", 110 },
		{ 34, 21, 1, COP_CONTRIB_ANSWER, 33, 0, "zebra mine", 200 },
		{ 35, 21, 3, COP_CONTRIB_REPLY, 34, 0, "zebra under", 201 },
		{ 36, 21, 2, COP_CONTRIB_REPLY, 35, 0, "zebra deeper", 202 },
		{ 37, 21, 3, COP_CONTRIB_REPLY, 0, 34, "zebre traduit", 203 },
		{ 38, 21, 3, COP_CONTRIB_REPLY, 33, 0, "okapi reply", 150 },
		{ 39, 22, 2, COP_CONTRIB_POST, 0, 0, "okapi other", 120 },
		{ 40, 24, 1, COP_CONTRIB_POST, 0, 0, "zebra elsewhere", 130 }
	};
	cop_contribution_rec r;
	size_t i;

	for (i = 0; i < 3; i++)
		bt_member(bt_be, (unsigned int)i + 1, handles[i]);
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	for (i = 0; i < sizeof(th) / sizeof(th[0]); i++)
		bt_thread(bt_be, th[i].n, th[i].c, th[i].by, th[i].state,
			th[i].title, 1000);
	for (i = 0; i < sizeof(co) / sizeof(co[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.id = bt_id(co[i].n);
		r.thread_id = bt_id(co[i].t);
		r.community_id = bt_id(co[i].t == 24 ? 11 : 10);
		r.author_id = bt_id(co[i].by);
		r.kind = co[i].kind;
		r.reply_to = co[i].to ? bt_id(co[i].to) : bt_nil();
		r.translation_of = co[i].of ? bt_id(co[i].of) : bt_nil();
		r.language = "en";
		r.body = (char *)co[i].body;
		r.created = co[i].at;
		r.revision = 1;
		BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_CONTRIBUTION, &r));
	}
}

/* What hangs on the graph's contributions. */
static void hanging(void)
{
	static const unsigned int votes[][3] = {
		/* id, contribution, voter */
		{ 50, 30, 2 }, { 51, 33, 1 }, { 52, 35, 3 }, { 53, 38, 2 },
		{ 54, 40, 2 }
	};
	static const unsigned int kudos[][4] = {
		/* id, from, to, contribution (0: none) */
		{ 60, 2, 1, 34 }, { 61, 1, 2, 33 }, { 62, 3, 1, 0 }
	};
	static const unsigned int ledger[][3] = {
		/* id, member, object (0: none) */
		{ 70, 1, 50 }, { 71, 3, 52 }, { 72, 2, 53 }, { 73, 1, 60 },
		{ 74, 1, 21 }, { 75, 3, 20 }, { 76, 2, 0 }, { 77, 2, 22 },
		{ 78, 2, 61 }
	};
	static const unsigned int badges[][3] = {
		/* id, member, object */
		{ 80, 3, 35 }, { 81, 2, 33 }, { 82, 1, 1 }
	};
	static const unsigned int accepts[][3] = {
		/* thread, contribution, author */
		{ 20, 32, 3 }, { 21, 34, 1 }, { 22, 39, 2 }
	};
	static const unsigned int links[][2] = {
		{ 22, 20 }, { 20, 21 }, { 21, 22 }, { 23, 22 }
	};
	cop_revision_rec rev;
	cop_val p[10];
	size_t i;

	for (i = 0; i < sizeof(votes) / sizeof(votes[0]); i++) {
		p[0] = v_id(votes[i][0]);
		p[1] = v_id(votes[i][1] == 40 ? 11 : 10);
		p[2] = v_id(votes[i][1]);
		p[3] = v_id(votes[i][2]);
		p[4] = v_id(0);
		p[5] = v_int(0); p[6] = v_int(10); p[7] = v_int(0);
		p[8] = v_int(300); p[9] = v_int(300);
		run(COP_ROP_VOTE_PUT, p, 10);
	}
	for (i = 0; i < sizeof(kudos) / sizeof(kudos[0]); i++) {
		p[0] = v_id(kudos[i][0]); p[1] = v_id(10);
		p[2] = v_id(kudos[i][1]); p[3] = v_id(kudos[i][2]);
		p[4] = v_id(kudos[i][3]); p[5] = v_text("k"); p[6] = v_int(400);
		run(COP_ROP_KUDOS_INS, p, 7);
	}
	for (i = 0; i < sizeof(ledger) / sizeof(ledger[0]); i++) {
		p[0] = v_id(ledger[i][0]); p[1] = v_id(10);
		p[2] = v_id(ledger[i][1]); p[3] = v_int(5); p[4] = v_int(5);
		p[5] = v_int(1); p[6] = v_id(ledger[i][2]); p[7] = v_id(0);
		p[8] = v_int(500); p[9] = v_text("");
		run(COP_ROP_LEDGER_INS, p, 10);
	}
	for (i = 0; i < sizeof(badges) / sizeof(badges[0]); i++) {
		p[0] = v_id(badges[i][0]); p[1] = v_id(10);
		p[2] = v_id(badges[i][1]); p[3] = v_int(3);
		p[4] = v_id(badges[i][2]); p[5] = v_int(700);
		EXPECT(col_of(COP_ROP_BADGE_INS, p, 6, 0), "1");
	}
	for (i = 0; i < sizeof(accepts) / sizeof(accepts[0]); i++) {
		p[0] = v_id(accepts[i][0]); p[1] = v_id(10);
		p[2] = v_id(accepts[i][1]); p[3] = v_id(accepts[i][2]);
		p[4] = v_id(2); p[5] = v_int(15); p[6] = v_int(2);
		p[7] = v_int(600);
		run(COP_ROP_ACCEPT_PUT, p, 8);
	}
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		p[0] = v_id(10); p[1] = v_id(links[i][0]);
		p[2] = v_id(links[i][1]); p[3] = v_int(0); p[4] = v_int(800);
		run(COP_ROP_X_LINK_INS, p, 5);
	}
	/* Flags 90 (on doomed 36) and 91 (on kept 38). */
	p[0] = v_id(90); p[1] = v_id(10); p[2] = v_id(36); p[3] = v_id(3);
	p[4] = v_text("f"); p[5] = v_int(0); p[6] = v_int(900);
	p[7] = v_id(0); p[8] = v_int(0);
	run(COP_ROP_FLAG_INS, p, 9);
	p[0] = v_id(91); p[2] = v_id(38);
	run(COP_ROP_FLAG_INS, p, 9);
	/* Earlier bodies of doomed 34 and of kept 33. */
	memset(&rev, 0, sizeof(rev));
	rev.contribution_id = bt_id(34);
	rev.community_id = bt_id(10);
	rev.number = 1;
	rev.author_id = bt_id(1);
	rev.body = "zebra first";
	rev.created = 190;
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_REVISION, &rev));
	rev.contribution_id = bt_id(33);
	rev.author_id = bt_id(2);
	rev.body = "okapi first";
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_REVISION, &rev));
}

/* The nodes as text: "id/thread/thread author/author/reply/translation"
 * with "-" for nil, space-separated; static buffer. */
static const char *nodes_str(const cop_erase_node *v, size_t n)
{
	static char buf[1024];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		const cop_id *f[6];
		int j;
		f[0] = &v[i].id; f[1] = &v[i].thread_id;
		f[2] = &v[i].thread_author_id; f[3] = &v[i].author_id;
		f[4] = &v[i].reply_to; f[5] = &v[i].translation_of;
		for (j = 0; j < 6; j++) {
			const char *sep = j ? "/" : i ? " " : "";
			if (cop_id_is_nil(f[j]))
				len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"%s-", sep);
			else
				len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"%s%u", sep, bt_id_num(f[j]));
		}
		ck_assert_uint_lt(len, sizeof(buf));
	}
	return buf;
}

START_TEST(graph_scan)
{
	const cop_backend_privacy *t = priv();
	cop_erase_node *nodes = NULL;
	cop_id c;
	size_t n = 0;

	if (!t)
		return;
	graph();
	cop_id m1 = bt_id(1), m2 = bt_id(2), m3 = bt_id(3), m9 = bt_id(9);

	c = bt_id(10);
	/* Member 1 opened threads 20 and 23 and answered in 21. */
	BT_OK(bt_be, t->erase_graph(bt_be, &c, &m1, &nodes, &n));
	EXPECT(nodes_str(nodes, n),
		"30/20/1/1/-/- 31/20/1/2/30/- 32/20/1/3/-/- "
		"33/21/2/2/-/- 34/21/2/1/33/- 35/21/2/3/34/- 36/21/2/2/35/- "
		"37/21/2/3/-/34 38/21/2/3/33/- "
		"-/23/1/-/-/-");
	cop_free(nodes);
	/* Member 2 opened 21 and 22 and replied in 20. */
	BT_OK(bt_be, t->erase_graph(bt_be, &c, &m2, &nodes, &n));
	EXPECT(nodes_str(nodes, n),
		"30/20/1/1/-/- 31/20/1/2/30/- 32/20/1/3/-/- "
		"33/21/2/2/-/- 34/21/2/1/33/- 35/21/2/3/34/- 36/21/2/2/35/- "
		"37/21/2/3/-/34 38/21/2/3/33/- "
		"39/22/2/2/-/-");
	cop_free(nodes);
	/* Member 3 only contributed, in 20 and 21. */
	BT_OK(bt_be, t->erase_graph(bt_be, &c, &m3, &nodes, &n));
	EXPECT(nodes_str(nodes, n),
		"30/20/1/1/-/- 31/20/1/2/30/- 32/20/1/3/-/- "
		"33/21/2/2/-/- 34/21/2/1/33/- 35/21/2/3/34/- 36/21/2/2/35/- "
		"37/21/2/3/-/34 38/21/2/3/33/-");
	cop_free(nodes);
	/* A member who touched nothing there. */
	nodes = (cop_erase_node *)&c;
	BT_OK(bt_be, t->erase_graph(bt_be, &c, &m9, &nodes, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(nodes);
	c = bt_id(11);
	BT_OK(bt_be, t->erase_graph(bt_be, &c, &m1, &nodes, &n));
	EXPECT(nodes_str(nodes, n), "40/24/1/1/-/-");
	cop_free(nodes);
	/* A community without threads. */
	c = bt_id(12);
	nodes = (cop_erase_node *)&c;
	BT_OK(bt_be, t->erase_graph(bt_be, &c, &m1, &nodes, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(nodes);
}
END_TEST

/* How many search hits @p text has (as the system). */
static int hits(const char *text)
{
	cop_search_query q;
	cop_search_hit_rec h;
	cop_backend_iter *it = NULL;
	int n = 0, rc;

	memset(&q, 0, sizeof(q));
	q.text = text;
	q.limit = 50;
	BT_OK(bt_be, bt_be->search(bt_be, &q, &it));
	while ((rc = it->next(it, &h)) == COP_OK) {
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(COP_REC_SEARCH_HIT, &h);
		n++;
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	it->free(it);
	return n;
}

/* Whether record @p n of @p kind is there. */
static int has(cop_rec_kind kind, unsigned int n)
{
	union { cop_thread_rec t; cop_contribution_rec c; } r;
	cop_key key;
	int rc;

	memset(&key, 0, sizeof(key));
	key.id = bt_id(n);
	rc = bt_be->get(bt_be, kind, &key, &r);
	ck_assert_msg(rc == COP_OK || rc == COP_ENOTFOUND, "get %u: %s", n,
		tu_ename(rc));
	if (rc == COP_OK)
		cop_rec_clear(kind, &r);
	return rc == COP_OK;
}

START_TEST(removal)
{
	static const unsigned int doomed[] = { 30, 31, 32, 34, 35, 36, 37 };
	static const unsigned int kept[] = { 33, 38, 39, 40 };
	const cop_backend_privacy *t = priv();
	cop_id contribs[7], threads[2], c = bt_id(10);
	cop_thread_rec th;
	cop_key key;
	cop_val p[1];
	size_t i;

	if (!t)
		return;
	graph();
	hanging();
	ck_assert_int_eq(hits("zebra"), 7);
	for (i = 0; i < 7; i++)
		contribs[i] = bt_id(doomed[i]);
	threads[0] = bt_id(20);
	threads[1] = bt_id(23);
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, t->erase_remove(bt_be, &c, contribs, 7, threads, 2));
	BT_OK(bt_be, bt_be->commit(bt_be));

	for (i = 0; i < 7; i++)
		ck_assert_msg(!has(COP_REC_CONTRIBUTION, doomed[i]),
			"contribution %u is still there", doomed[i]);
	for (i = 0; i < 4; i++)
		ck_assert_msg(has(COP_REC_CONTRIBUTION, kept[i]),
			"contribution %u is gone", kept[i]);
	ck_assert(!has(COP_REC_THREAD, 20));
	ck_assert(!has(COP_REC_THREAD, 23));
	ck_assert(has(COP_REC_THREAD, 24));
	/* Thread 21 keeps 33 and 38: counted again, its activity the later
	 * of them, open again (its accepted answer went); 22 untouched. */
	memset(&key, 0, sizeof(key));
	key.id = bt_id(21);
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_THREAD, &key, &th));
	ck_assert_int_eq(th.contribution_count, 2);
	ck_assert_int_eq(th.last_activity, 150);
	ck_assert_int_eq(th.state, COP_THREAD_OPEN);
	BT_STR_EQ(th.title, "Kept");
	cop_rec_clear(COP_REC_THREAD, &th);
	key.id = bt_id(22);
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_THREAD, &key, &th));
	ck_assert_int_eq(th.contribution_count, 1);
	ck_assert_int_eq(th.last_activity, 1000);
	ck_assert_int_eq(th.state, COP_THREAD_ANSWERED);
	cop_rec_clear(COP_REC_THREAD, &th);

	/* Votes on doomed 30 and 35 went; 1's vote on kept 33 stays. */
	EXPECT(scan(COP_ROP_X_VOTES, 10, 1, 0), "51 53");
	EXPECT(scan(COP_ROP_X_VOTES, 11, 1, 0), "54");
	/* Kudos on doomed 34 went; on 33 and on nothing stay. */
	EXPECT(scan(COP_ROP_X_KUDOS, 10, 1, 0), "61 62");
	/* Ledger: of votes 50, 52, kudos 60, accepted answer 34 (object
	 * thread 21), doomed thread 20 went. */
	EXPECT(scan(COP_ROP_X_LEDGER, 10, 1, 0), "72 76 77 78");
	/* Badges on doomed 35 went; on 33 and once-only stay. */
	EXPECT(scan(COP_ROP_X_BADGES, 10, 1, 0), "81 82");
	/* Accepted answers: of doomed thread 20, doomed answer 34 went. */
	EXPECT(scan(COP_ROP_X_ACCEPTS, 10, 1, 0), "22");
	/* Links from or to doomed threads 20 and 23 went. */
	EXPECT(scan(COP_ROP_X_LINKS, 10, 2, 0), "21");
	EXPECT(scan(COP_ROP_X_LINKS, 10, 2, 1), "22");
	/* Revisions and flags of doomed contributions went. */
	EXPECT(scan(COP_ROP_X_REVISIONS, 10, 2, 0), "33");
	p[0] = v_id(90);
	EXPECT(col_of(COP_ROP_FLAG_GET, p, 1, 0), "");
	p[0] = v_id(91);
	EXPECT(col_of(COP_ROP_FLAG_GET, p, 1, 0), "91");
	/* The search index forgot the doomed bodies (and kept 11's). */
	ck_assert_int_eq(hits("zebra"), 1);
	ck_assert_int_eq(hits("okapi"), 3);

	/* Again, the rows gone: nothing changes; nothing at all: a no-op. */
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, t->erase_remove(bt_be, &c, contribs, 7, threads, 2));
	BT_OK(bt_be, t->erase_remove(bt_be, &c, NULL, 0, NULL, 0));
	BT_OK(bt_be, bt_be->commit(bt_be));
	EXPECT(scan(COP_ROP_X_VOTES, 10, 1, 0), "51 53");
	ck_assert(has(COP_REC_CONTRIBUTION, 33));
}
END_TEST

/* A removal rolled back leaves everything, and the set of doomed ids
 * does not leak into the next removal. */
START_TEST(removal_rolled_back)
{
	const cop_backend_privacy *t = priv();
	cop_id contribs[1], threads[1], c = bt_id(10);

	if (!t)
		return;
	graph();
	hanging();
	contribs[0] = bt_id(34);
	threads[0] = bt_id(23);
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, t->erase_remove(bt_be, &c, contribs, 1, threads, 1));
	BT_OK(bt_be, bt_be->rollback(bt_be));
	ck_assert(has(COP_REC_CONTRIBUTION, 34));
	ck_assert(has(COP_REC_THREAD, 23));
	/* Only 38 now: 34 must not be removed with it. */
	contribs[0] = bt_id(38);
	BT_OK(bt_be, bt_be->begin(bt_be));
	BT_OK(bt_be, t->erase_remove(bt_be, &c, contribs, 1, NULL, 0));
	BT_OK(bt_be, bt_be->commit(bt_be));
	ck_assert(!has(COP_REC_CONTRIBUTION, 38));
	ck_assert(has(COP_REC_CONTRIBUTION, 34));
	ck_assert(has(COP_REC_THREAD, 23));
	EXPECT(scan(COP_ROP_X_VOTES, 10, 1, 0), "50 51 52");
}
END_TEST

/* The removal operations of interface versions 2 to 5, which computed
 * the doomed set in SQL, are retired: COP_ENOTSUP, nothing removed. */
START_TEST(retired_operations)
{
	cop_val p[2];
	int op, rc;

	if (!priv())
		return;
	graph();
	p[0] = v_id(10);
	p[1] = v_id(1);
	for (op = COP_ROP_P_RM_COUNT; op <= COP_ROP_P_RM_THREADS; op++) {
		rc = bt_be->rop(bt_be, op, p, 2, NULL);
		ck_assert_msg(rc == COP_ENOTSUP, "operation %d: %s", op,
			tu_ename(rc));
	}
	ck_assert(has(COP_REC_THREAD, 20));
	ck_assert(has(COP_REC_CONTRIBUTION, 34));
}
END_TEST

/* COP_ROP_P_REVISIONS: a contribution's earlier bodies, in number order
 * after a bound, at most a limit. */
START_TEST(revisions_scan)
{
	cop_revision_rec rev;
	cop_val p[3];
	int i;

	if (!priv())
		return;
	graph();
	memset(&rev, 0, sizeof(rev));
	rev.contribution_id = bt_id(34);
	rev.community_id = bt_id(10);
	rev.author_id = bt_id(1);
	for (i = 1; i <= 3; i++) {
		rev.number = i;
		rev.body = i == 1 ? "one" : i == 2 ? "two" : "three";
		rev.comment = i == 2 ? "typo" : NULL;
		rev.created = 100 + i;
		BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_REVISION, &rev));
	}
	p[0] = v_id(34); p[1] = v_int(0); p[2] = v_int(10);
	EXPECT(col_of(COP_ROP_P_REVISIONS, p, 3, 0), "1 2 3");
	EXPECT(col_of(COP_ROP_P_REVISIONS, p, 3, 1), "1 1 1");
	EXPECT(col_of(COP_ROP_P_REVISIONS, p, 3, 2), "- 'typo' -");
	EXPECT(col_of(COP_ROP_P_REVISIONS, p, 3, 3), "101 102 103");
	EXPECT(col_of(COP_ROP_P_REVISIONS, p, 3, 4), "'one' 'two' 'three'");
	p[1] = v_int(1); p[2] = v_int(1);
	EXPECT(col_of(COP_ROP_P_REVISIONS, p, 3, 0), "2");
	p[1] = v_int(3); p[2] = v_int(10);
	EXPECT(col_of(COP_ROP_P_REVISIONS, p, 3, 0), "");
	p[0] = v_id(33); p[1] = v_int(0);
	EXPECT(col_of(COP_ROP_P_REVISIONS, p, 3, 0), "");
}
END_TEST

/* This backend made to report version 5, without its privacy table, in
 * a store: the core must reach member data through rop(); NULL (and the
 * backend freed) when it has no rop(). */
static cop_store *store_at_version_5(void)
{
	cop_backend *be = bt_open();
	cop_store *s = NULL;

	if (be->version >= 6 && be->rop) {
		be->version = 5;
		be->privacy = NULL;
		ck_assert_int_eq(cop_open_backend(&s, be, &tu_system), COP_OK);
	} else {
		be->free(be);
	}
	return s;
}

/* The public erasure, policy "remove", at version 5: mia opened
 * pub_thread, which goes whole with olga's reply to her post; her own
 * reply in fred's thread goes with cora's answer to it; fred's thread
 * stays. */
START_TEST(version_5_backend_erasure_through_rop)
{
	cop_store *s = store_at_version_5();
	cop_erasure_policy pol = COP_ERASE_ANONYMIZE;
	tu_world w;
	tu_idbuf r1, r2, r3;

	if (!s)
		return;
	TU_OK(s, cop_store_set_time(s, TU_T0));
	tu_world_make(s, &w);
	TU_OK(s, cop_community_set_erasure(s, "pub", COP_ERASE_REMOVE));
	TU_OK(s, cop_community_erasure_lookup(&pol, s, "pub"));
	ck_assert_int_eq(pol, COP_ERASE_REMOVE);
	tu_as(s, w.owner);
	tu_contrib(s, r1, w.pub_thread, COP_CONTRIB_REPLY, w.pub_post, "Hi");
	tu_thread(s, r2, r3, "pub", COP_THREAD_DISCUSSION, "Olga's", "Body");
	tu_as(s, w.member);
	tu_contrib(s, r1, r2, COP_CONTRIB_REPLY, NULL, "Mia's reply");
	tu_as(s, w.core);
	tu_contrib(s, r3, r2, COP_CONTRIB_REPLY, r1, "Answering Mia");
	tu_as(s, NULL);
	ck_assert_int_eq(tu_count_threads(s, "pub"), 2);
	ck_assert_int_eq(tu_count_contribs(s, r2), 3);
	TU_OK(s, cop_member_erase(s, w.member));
	ck_assert_int_eq(tu_count_threads(s, "pub"), 1);
	ck_assert_int_eq(tu_count_contribs(s, r2), 1);
	ck_assert_int_eq(tu_count_by_author(s, w.member), 0);
	tu_close(s);
}
END_TEST

Suite *bt_privacy_suite(void)
{
	const TTest *const tests[] = {
		communities_and_leaving, kudos_erase, policies, graph_scan,
		removal, removal_rolled_back, retired_operations, revisions_scan,
		version_5_backend_erasure_through_rop
	};

	return BT_SUITE("privacy", bt_setup, bt_teardown, tests);
}
