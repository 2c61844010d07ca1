/*
 * visibility.c: the matrix of who sees what, from the rule in
 * sys/backend.h's header comment:
 *  - a community is visible when it is public, or when the viewer has a
 *    membership in it with status active or silenced;
 *  - a hidden thread (and its contributions) only when the viewer is an
 *    active facilitator or owner there (or the system).
 * The expected rows are computed here from that rule and the data the
 * test made, never from the backend's answers.
 */
#include <stdio.h>
#include <string.h>

#include "betest.h"

/* Viewers: id numbers 1..NV; each has the same membership (or none) in
 * every community.  The writer (member 50) authors every contribution. */
typedef struct viewer {
	const char *handle;
	int has;                 /* has a membership */
	int role, status;
} viewer;

static const viewer viewers[] = {
	{ "outsider", 0, 0, 0 },
	{ "member", 1, COP_ROLE_MEMBER, COP_MEMBERSHIP_ACTIVE },
	{ "pending", 1, COP_ROLE_MEMBER, COP_MEMBERSHIP_PENDING },
	{ "left", 1, COP_ROLE_MEMBER, COP_MEMBERSHIP_LEFT },
	{ "banned", 1, COP_ROLE_MEMBER, COP_MEMBERSHIP_BANNED },
	{ "silenced", 1, COP_ROLE_MEMBER, COP_MEMBERSHIP_SILENCED },
	{ "observer", 1, COP_ROLE_OBSERVER, COP_MEMBERSHIP_ACTIVE },
	{ "core", 1, COP_ROLE_CORE, COP_MEMBERSHIP_ACTIVE },
	{ "facil", 1, COP_ROLE_FACILITATOR, COP_MEMBERSHIP_ACTIVE },
	{ "owner", 1, COP_ROLE_OWNER, COP_MEMBERSHIP_ACTIVE },
	{ "silenced-facil", 1, COP_ROLE_FACILITATOR, COP_MEMBERSHIP_SILENCED },
	{ "banned-owner", 1, COP_ROLE_OWNER, COP_MEMBERSHIP_BANNED },
	{ "pending-owner", 1, COP_ROLE_OWNER, COP_MEMBERSHIP_PENDING },
	{ "left-facil", 1, COP_ROLE_FACILITATOR, COP_MEMBERSHIP_LEFT },
};
#define NV ((unsigned int)(sizeof(viewers) / sizeof(viewers[0])))
#define WRITER 50u

/* Communities 101..103; in each, thread 10c+1 (open) and 10c+2 (hidden)
 * with posts 10c+3 and 10c+4 (ids of community 101: 1011..1014). */
static const struct { const char *slug; int visibility; } comms[] = {
	{ "pub", COP_VISIBILITY_PUBLIC },
	{ "priv", COP_VISIBILITY_PRIVATE },
	{ "inv", COP_VISIBILITY_INVITE_ONLY },
};
#define NC 3u
#define COMM(i) (101u + (i))
#define THREAD(i, hidden) (COMM(i) * 10u + 1u + (hidden))
#define POST(i, hidden) (COMM(i) * 10u + 3u + (hidden))

static void make_world(void)
{
	unsigned int v, c;
	cop_log_rec l;
	char body[64];

	bt_member(bt_be, WRITER, "writer");
	for (v = 0; v < NV; v++)
		bt_member(bt_be, v + 1, viewers[v].handle);
	for (c = 0; c < NC; c++) {
		bt_community(bt_be, COMM(c), comms[c].slug, comms[c].visibility);
		bt_membership(bt_be, COMM(c), WRITER, COP_ROLE_MEMBER,
			COP_MEMBERSHIP_ACTIVE);
		for (v = 0; v < NV; v++)
			if (viewers[v].has)
				bt_membership(bt_be, COMM(c), v + 1,
					viewers[v].role, viewers[v].status);
		bt_thread(bt_be, THREAD(c, 0), COMM(c), WRITER,
			COP_THREAD_OPEN, "Harvest notes", TU_T0 + c);
		bt_thread(bt_be, THREAD(c, 1), COMM(c), WRITER,
			COP_THREAD_HIDDEN, "Harvest notes", TU_T0 + c);
		snprintf(body, sizeof(body), "okra zebra %s open",
			comms[c].slug);
		bt_contrib(bt_be, POST(c, 0), THREAD(c, 0), COMM(c), WRITER,
			COP_CONTRIB_POST, body, TU_T0 + 2 * c);
		snprintf(body, sizeof(body), "okra zebra %s hidden",
			comms[c].slug);
		bt_contrib(bt_be, POST(c, 1), THREAD(c, 1), COMM(c), WRITER,
			COP_CONTRIB_POST, body, TU_T0 + 2 * c + 1);
		memset(&l, 0, sizeof(l));
		l.op = "thread.create";
		l.object_id = bt_id(THREAD(c, 0));
		l.community_id = bt_id(COMM(c));
		BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));
	}
	memset(&l, 0, sizeof(l));
	l.op = "member.create";
	l.object_id = bt_id(WRITER);
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_LOG, &l));
}

/* The rule.  @p v: viewer index, or -1 for the system. */
static int sees_community(int v, unsigned int c)
{
	if (v < 0 || comms[c].visibility == COP_VISIBILITY_PUBLIC)
		return 1;
	return viewers[v].has &&
		(viewers[v].status == COP_MEMBERSHIP_ACTIVE ||
		 viewers[v].status == COP_MEMBERSHIP_SILENCED);
}

static int sees_hidden(int v)
{
	return v < 0 || (viewers[v].has &&
		viewers[v].status == COP_MEMBERSHIP_ACTIVE &&
		(viewers[v].role == COP_ROLE_FACILITATOR ||
		 viewers[v].role == COP_ROLE_OWNER));
}

static int sees_thread(int v, int hidden)
{
	return !hidden || sees_hidden(v);
}

static int sees_post(int v, unsigned int c, int hidden)
{
	return sees_community(v, c) && sees_thread(v, hidden);
}

static const char *vname(int v)
{
	return v < 0 ? "the system" : viewers[v].handle;
}

/* Append number @p n to the space-separated list @p buf. */
static void add(char *buf, unsigned int n)
{
	sprintf(buf + strlen(buf), "%s%u", *buf ? " " : "", n);
}

/* Query @p q as viewer @p v (-1: the system). */
static void as_viewer(cop_query *q, int v, cop_id *buf)
{
	if (v < 0) {
		q->viewer = NULL;
		return;
	}
	*buf = bt_id((unsigned int)v + 1);
	q->viewer = buf;
}

static void expect_rows(const cop_query *q, const char *want, int v,
	const char *what)
{
	bt_rows rows;

	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, q, &rows));
	ck_assert_msg(strcmp(bt_rows_str(&rows), want) == 0,
		"%s as %s: got \"%s\", expected \"%s\"", what, vname(v),
		bt_rows_str(&rows), want);
	bt_rows_free(&rows);
}

START_TEST(community_rows)
{
	int v;
	unsigned int c;
	cop_id vid;

	make_world();
	for (v = -1; v < (int)NV; v++) {
		cop_query q = bt_query(COP_LIST_COMMUNITIES, 0);
		char want[256] = "";
		/* In slug order: inv, priv, pub. */
		static const unsigned int order[] = { 2, 1, 0 };

		for (c = 0; c < NC; c++)
			if (sees_community(v, order[c]))
				add(want, COMM(order[c]));
		as_viewer(&q, v, &vid);
		expect_rows(&q, want, v, "communities");
	}
}
END_TEST

START_TEST(thread_rows)
{
	int v;
	unsigned int c;
	cop_id vid;

	make_world();
	for (v = -1; v < (int)NV; v++) {
		for (c = 0; c < NC; c++) {
			cop_query q = bt_query(COP_LIST_THREADS, COMM(c));
			char want[64] = "";

			/* Same activity: id descending, the hidden one first. */
			if (sees_thread(v, 1))
				add(want, THREAD(c, 1));
			add(want, THREAD(c, 0));
			as_viewer(&q, v, &vid);
			expect_rows(&q, want, v, comms[c].slug);
			if (bt_be->version >= 4) {
				q.parent = bt_nil();
				q.parent_slug = comms[c].slug;
				expect_rows(&q, want, v, "threads by slug");
			}
		}
	}
}
END_TEST

START_TEST(author_contribs)
{
	int v, h;
	unsigned int c;
	cop_id vid;

	make_world();
	for (v = -1; v < (int)NV; v++) {
		cop_query q = bt_query(COP_LIST_AUTHOR_CONTRIBS, WRITER);
		char want[256] = "";

		/* Newest first: community 103's hidden post down. */
		for (c = NC; c-- > 0;)
			for (h = 1; h >= 0; h--)
				if (sees_post(v, c, h))
					add(want, POST(c, h));
		as_viewer(&q, v, &vid);
		expect_rows(&q, want, v, "author contributions");
	}
}
END_TEST

START_TEST(log_rows)
{
	int v;
	unsigned int c;
	cop_id vid;

	make_world();
	for (v = -1; v < (int)NV; v++) {
		cop_query q = bt_query(COP_LIST_LOG, 0);
		char want[256] = "";

		for (c = 0; c < NC; c++)
			if (sees_community(v, c))
				add(want, THREAD(c, 0));
		add(want, WRITER);           /* no community: everyone */
		as_viewer(&q, v, &vid);
		expect_rows(&q, want, v, "log");
	}
}
END_TEST

START_TEST(search_hits)
{
	int v, h;
	unsigned int c;
	cop_id vid;

	make_world();
	for (v = -1; v < (int)NV; v++) {
		cop_search_query sq;
		cop_backend_iter *it = NULL;
		cop_search_hit_rec hit;
		unsigned char seen[NC][2];
		int rc, n = 0, want = 0;

		memset(seen, 0, sizeof(seen));
		memset(&sq, 0, sizeof(sq));
		vid = bt_id((unsigned int)(v + 1));
		sq.viewer = v < 0 ? NULL : &vid;
		sq.text = "zebra";
		sq.limit = 100;
		BT_OK(bt_be, bt_be->search(bt_be, &sq, &it));
		for (;;) {
			unsigned int num;

			memset(&hit, 0, sizeof(hit));
			if ((rc = it->next(it, &hit)) != COP_OK)
				break;
			num = bt_id_num(&hit.contribution_id);
			ck_assert_msg(num >= POST(0, 0) &&
				num <= POST(NC - 1, 1) && num % 10 >= 3,
				"search hit %u is no post", num);
			c = num / 10 - 101;
			h = (int)(num % 10 - 3);
			BT_ID_EQ(hit.thread_id, bt_id(THREAD(c, h)),
				"hit thread");
			BT_ID_EQ(hit.community_id, bt_id(COMM(c)),
				"hit community");
			ck_assert_msg(sees_post(v, c, h), "%s sees post %u "
				"in search", vname(v), num);
			ck_assert(!seen[c][h]);
			seen[c][h] = 1;
			n++;
			if (!(it->flags & COP_BACKEND_ITER_BORROWED))
				cop_rec_clear(COP_REC_SEARCH_HIT, &hit);
		}
		it->free(it);
		ck_assert_int_eq(rc, COP_ITEROVER);
		for (c = 0; c < NC; c++)
			for (h = 0; h < 2; h++)
				want += sees_post(v, c, h);
		ck_assert_msg(n == want, "search as %s: %d hits, expected %d",
			vname(v), n, want);
	}
}
END_TEST

START_TEST(thread_access)
{
	int v, h;
	unsigned int c;
	cop_id vid, tid;
	cop_thread_rec t;
	cop_access_rec acc;

	if (bt_be->version < 3 || !bt_be->thread_access) {
		printf("# SKIP thread_access: backend %s lacks it\n",
			bt_be->name);
		return;
	}
	make_world();
	for (v = -1; v < (int)NV; v++) {
		for (c = 0; c < NC; c++) {
			for (h = 0; h < 2; h++) {
				const cop_id *vp = NULL;

				if (v >= 0) {
					vid = bt_id((unsigned int)v + 1);
					vp = &vid;
				}
				tid = bt_id(THREAD(c, h));
				memset(&t, 0, sizeof(t));
				memset(&acc, 0xff, sizeof(acc));
				BT_OK(bt_be, bt_be->thread_access(bt_be, &tid,
					vp, &t, &acc));
				BT_ID_EQ(t.id, tid, "thread_access id");
				BT_ID_EQ(t.community_id, bt_id(COMM(c)),
					"thread_access community");
				ck_assert_int_eq(t.state, h ?
					COP_THREAD_HIDDEN : COP_THREAD_OPEN);
				BT_STR_EQ(t.title, "Harvest notes");
				cop_rec_clear(COP_REC_THREAD, &t);
				ck_assert_int_eq(acc.has_community, 1);
				ck_assert_int_eq(acc.visibility,
					comms[c].visibility);
				if (v < 0 || !viewers[v].has) {
					ck_assert_msg(acc.has_membership == 0,
						"%s has a membership",
						vname(v));
					continue;
				}
				ck_assert_int_eq(acc.has_membership, 1);
				ck_assert_int_eq(acc.role, viewers[v].role);
				ck_assert_int_eq(acc.status, viewers[v].status);
			}
		}
	}
	/* No such thread; a thread whose community is missing. */
	tid = bt_id(9999);
	BT_RC(bt_be, COP_ENOTFOUND,
		bt_be->thread_access(bt_be, &tid, NULL, &t, &acc));
	bt_thread(bt_be, 9998, 9997, WRITER, COP_THREAD_OPEN, "orphan", TU_T0);
	tid = bt_id(9998);
	vid = bt_id(1);
	memset(&acc, 0xff, sizeof(acc));
	BT_OK(bt_be, bt_be->thread_access(bt_be, &tid, &vid, &t, &acc));
	cop_rec_clear(COP_REC_THREAD, &t);
	ck_assert_int_eq(acc.has_community, 0);
	ck_assert_int_eq(acc.has_membership, 0);
}
END_TEST

/* member_seen (version 10): a viewer sees themself and the members
 * (active or silenced) of the communities they see, and a moderator the
 * members of any status but left of the communities they moderate; a
 * member not there is as one not seen. */
START_TEST(member_seen)
{
	unsigned int u, c;
	int v, want;
	cop_id vid, uid;

	if (bt_be->version < 10 || !bt_be->member_seen) {
		printf("# SKIP member_seen: backend %s lacks it\n",
			bt_be->name);
		return;
	}
	make_world();
	for (v = 0; v < (int)NV; v++) {
		vid = bt_id((unsigned int)v + 1);
		for (u = 1; u <= NV + 1; u++) {
			const viewer *m = u <= NV ? &viewers[u - 1] : NULL;

			uid = bt_id(u <= NV ? u : WRITER);
			want = u == (unsigned int)v + 1;
			for (c = 0; c < NC && !want; c++)
				want = sees_community(v, c) && (!m ||
					(m->has && (m->status ==
					COP_MEMBERSHIP_ACTIVE || m->status ==
					COP_MEMBERSHIP_SILENCED)));
			/* A moderator sees every membership they manage:
			 * any status but left (visibility.h). */
			if (!want && sees_hidden(v) && m && m->has &&
			    m->status != COP_MEMBERSHIP_LEFT)
				want = 1;
			ck_assert_msg(bt_be->member_seen(bt_be, &uid, &vid) ==
				(want ? COP_OK : COP_ENOTFOUND),
				"%s sees %s: expected %d", vname(v),
				m ? m->handle : "writer", want);
		}
		uid = bt_id(9999);
		BT_RC(bt_be, COP_ENOTFOUND,
			bt_be->member_seen(bt_be, &uid, &vid));
	}
}
END_TEST

Suite *bt_visibility_suite(void)
{
	const TTest *const tests[] = {
		community_rows, thread_rows, author_contribs, log_rows,
		search_hits, thread_access, member_seen
	};

	return BT_SUITE("backend visibility", bt_setup, bt_teardown, tests);
}
