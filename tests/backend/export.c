/*
 * export.c: the export and import interface (cop_backend_export,
 * interface version 6): every scan by each scope it has, its rows, order
 * and keyset paging, the "all" flag leaving out a hidden thread and what
 * hangs on it, the records' fields, the inserts (COP_EEXISTS on a taken
 * key) and the importers' counters.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include "betest.h"
#include "faultbe.h"

/* ---- the store every test starts from ------------------------------------ */

/* Operation parameters. */
static cop_val v_id(unsigned int n)
{
	cop_val v = { .type = COP_VAL_ID };

	if (n)
		v.id = bt_id(n);
	return v;
}

#define V_INT(x) ((cop_val){ .type = COP_VAL_INT, .i = (x) })
#define V_TEXT(x) ((cop_val){ .type = COP_VAL_TEXT, .text = (x) })

static void revision(unsigned int contrib, unsigned int c, int number,
	const char *body)
{
	cop_revision_rec r;

	memset(&r, 0, sizeof(r));
	r.contribution_id = bt_id(contrib);
	r.community_id = bt_id(c);
	r.number = number;
	r.author_id = bt_id(1);
	r.body = (char *)body;
	r.comment = number == 1 ? NULL : "typo";
	r.created = TU_T0 + number;
	BT_OK(bt_be, bt_be->insert(bt_be, COP_REC_REVISION, &r));
}

static cop_vote_rec vote(unsigned int id, unsigned int contrib,
	unsigned int voter, unsigned int author)
{
	cop_vote_rec v;

	memset(&v, 0, sizeof(v));
	v.id = bt_id(id);
	v.community_id = bt_id(10);
	v.contribution_id = bt_id(contrib);
	v.voter_id = bt_id(voter);
	v.author_id = bt_id(author);
	v.kind = 1;
	v.rep_author = 10;
	v.rep_voter = -1;
	v.created = 100;
	v.changed = 101;
	return v;
}

static cop_standing_rec standing(unsigned int c, unsigned int m,
	int64_t rep)
{
	cop_standing_rec s = { .community_id = bt_id(c), .member_id = bt_id(m),
		.reputation = rep, .cap_day = 20000, .cap_used = 30, .trust = 2,
		.trust_manual = 1, .days_active = 4, .last_day = 20001,
		.posts = 5, .likes_given = 6, .likes_received = 7,
		.kudos_received = 8, .accepted = 9, .posts_read = 11 };

	return s;
}

static cop_badge_rec badge(unsigned int id, unsigned int m, int b,
	unsigned int object, const char *name, int klass)
{
	cop_badge_rec r;

	memset(&r, 0, sizeof(r));
	r.id = bt_id(id);
	r.community_id = bt_id(10);
	r.member_id = bt_id(m);
	r.badge = b;
	r.object_id = bt_id(object);
	r.awarded = 700 + id;
	r.name = (char *)name;
	r.badge_class = klass;
	return r;
}

static void source(const cop_backend_sources *src, int kind, const char *id,
	unsigned int object)
{
	cop_id c = bt_id(10), o = bt_id(object);

	BT_OK(bt_be, src->source_insert(bt_be, &c, kind, id, &o));
}

static void run(int op, cop_val *p, unsigned int n)
{
	BT_OK(bt_be, bt_be->rop(bt_be, op, p, n, NULL));
}

/*
 * Members 1 (ama), 2 (kofi), 3 (lucie, no membership in 10).  Community
 * 10: threads 20 (open, by 1), 21 (hidden, by 2), 23 (open, by 2);
 * contributions 30 (post of 20, by 1; revisions 1 and 2), 31 (answer in
 * 20, by 2), 32 (post of hidden 21, by 2; revision 1), 34 (post of 23).
 * Community 11: thread 22, contribution 33 (by 1); ama is a member.
 */
static void seed(const cop_backend_export *x)
{
	const cop_backend_sources *src = bt_be->sources;
	cop_vote_rec v;
	cop_standing_rec st;
	cop_badge_rec b;
	cop_val p[10];

	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_member(bt_be, 2, "kofi");
	bt_membership(bt_be, 10, 2, COP_ROLE_MEMBER, COP_MEMBERSHIP_ACTIVE);
	bt_member(bt_be, 1, "ama");
	bt_membership(bt_be, 10, 1, COP_ROLE_OWNER, COP_MEMBERSHIP_ACTIVE);
	bt_member(bt_be, 3, "lucie");
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	bt_membership(bt_be, 11, 1, COP_ROLE_MEMBER, COP_MEMBERSHIP_ACTIVE);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "Open", TU_T0);
	bt_thread(bt_be, 21, 10, 2, COP_THREAD_HIDDEN, "Hidden", TU_T0);
	bt_thread(bt_be, 23, 10, 2, COP_THREAD_OPEN, "Other", TU_T0);
	bt_thread(bt_be, 22, 11, 1, COP_THREAD_OPEN, "Elsewhere", TU_T0);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "first", 300);
	bt_contrib(bt_be, 31, 20, 10, 2, COP_CONTRIB_ANSWER, "answer", 310);
	bt_contrib(bt_be, 32, 21, 10, 2, COP_CONTRIB_POST, "hidden", 320);
	bt_contrib(bt_be, 33, 22, 11, 1, COP_CONTRIB_POST, "there", 330);
	bt_contrib(bt_be, 34, 23, 10, 2, COP_CONTRIB_POST, "other", 340);
	revision(30, 10, 2, "first, edited");
	revision(30, 10, 1, "frist");
	revision(32, 10, 1, "hiden");
	/* Links: 20 -> 23, 20 -> 21 (hidden), 23 -> 20. */
	p[0] = v_id(10); p[1] = v_id(20); p[2] = v_id(23); p[3] = V_INT(0);
	p[4] = V_INT(1);
	run(COP_ROP_X_LINK_INS, p, 5);
	p[2] = v_id(21);
	run(COP_ROP_X_LINK_INS, p, 5);
	p[1] = v_id(23); p[2] = v_id(20);
	run(COP_ROP_X_LINK_INS, p, 5);
	/* Votes 41 (kofi on 30) and 40 (ama on hidden 32). */
	v = vote(41, 30, 2, 1);
	BT_OK(bt_be, x->vote_insert(bt_be, &v));
	v = vote(40, 32, 1, 2);
	v.voter_id = bt_nil();
	BT_OK(bt_be, x->vote_insert(bt_be, &v));
	/* Accepted answers: 31 in 20, 32 in hidden 21. */
	p[0] = v_id(20); p[1] = v_id(10); p[2] = v_id(31); p[3] = v_id(2);
	p[4] = v_id(1); p[5] = V_INT(15); p[6] = V_INT(2); p[7] = V_INT(500);
	run(COP_ROP_ACCEPT_PUT, p, 8);
	p[0] = v_id(21); p[2] = v_id(32);
	run(COP_ROP_ACCEPT_PUT, p, 8);
	/* Kudos 50 (ama to kofi on 31), 51 (kofi to ama on hidden 32), 52
	 * (the system to kofi, on nothing). */
	p[0] = v_id(50); p[1] = v_id(10); p[2] = v_id(1); p[3] = v_id(2);
	p[4] = v_id(31); p[5] = V_TEXT("thanks"); p[6] = V_INT(600);
	run(COP_ROP_KUDOS_INS, p, 7);
	p[0] = v_id(51); p[2] = v_id(2); p[3] = v_id(1); p[4] = v_id(32);
	run(COP_ROP_KUDOS_INS, p, 7);
	p[0] = v_id(52); p[2] = v_id(0); p[3] = v_id(2); p[4] = v_id(0);
	run(COP_ROP_KUDOS_INS, p, 7);
	/* Ledger 60 (kofi, for 31), 61 (ama, for hidden 32). */
	p[0] = v_id(60); p[1] = v_id(10); p[2] = v_id(2); p[3] = V_INT(10);
	p[4] = V_INT(12); p[5] = V_INT(1); p[6] = v_id(31); p[7] = v_id(1);
	p[8] = V_INT(800); p[9] = V_TEXT("okra");
	run(COP_ROP_LEDGER_INS, p, 10);
	p[0] = v_id(61); p[2] = v_id(1); p[6] = v_id(32); p[7] = v_id(0);
	run(COP_ROP_LEDGER_INS, p, 10);
	/* Standings. */
	st = standing(10, 2, 25);
	BT_OK(bt_be, x->standing_insert(bt_be, &st));
	st = standing(10, 1, -3);
	BT_OK(bt_be, x->standing_insert(bt_be, &st));
	st = standing(11, 1, 7);
	BT_OK(bt_be, x->standing_insert(bt_be, &st));
	/* Badges 70 (ama, for 30, no class), 71 (kofi, named, bronze), 72
	 * (ama, for hidden 32). */
	b = badge(70, 1, 1, 30, NULL, -1);
	BT_OK(bt_be, x->badge_insert(bt_be, &b));
	b = badge(71, 2, COP_BADGE_NAMED, 71, "Famous", COP_BADGE_BRONZE);
	BT_OK(bt_be, x->badge_insert(bt_be, &b));
	b = badge(72, 1, 1, 32, NULL, -1);
	BT_OK(bt_be, x->badge_insert(bt_be, &b));
	/* Sources, written out of their order: [kind, object, source id]
	 * gives 1:20:c 1:30:a 1:30:b 2:32:z. */
	ck_assert_ptr_nonnull(src);
	source(src, 1, "b", 30);
	source(src, 2, "z", 32);
	source(src, 1, "c", 20);
	source(src, 1, "a", 30);
}

/* The export table with the store seeded, or NULL (the test skips). */
static const cop_backend_export *seeded(void)
{
	const cop_backend_export *x = bt_be->version >= 6 ? bt_be->export :
		NULL;

	if (!x) {
		printf("# SKIP export: backend %s has no export table\n",
			bt_be->name);
		return NULL;
	}
	ck_assert_uint_ge(x->version, COP_BACKEND_EXPORT_VERSION);
	seed(x);
	return x;
}

/* ---- reading a scan ------------------------------------------------------------ */

/* Any record a scan gives. */
typedef union xrec {
	cop_member_rec m;
	cop_membership_rec ms;
	cop_thread_rec t;
	cop_contribution_rec c;
	cop_revision_rec r;
	cop_link_rec l;
	cop_vote_rec v;
	cop_accept_rec a;
	cop_kudos_rec k;
	cop_ledger_rec g;
	cop_standing_rec s;
	cop_badge_rec b;
	cop_source_rec o;
	cop_thread_change_rec h;
} xrec;

/* A scan: its method, record kind, and a name for messages. */
typedef struct xscan {
	const char *name;
	cop_export_scan_fn fn;
	cop_rec_kind kind;
	cop_backend *be;         /* whose scan: bt_be unless set */
} xscan;

/* Row @p r's sort key as text ("20:23", "1:30:a"), and the bound after
 * it in @p q. */
static void row_key(const xscan *sc, int by, const xrec *r, char *out,
	size_t size, cop_export_query *q)
{
	q->has_after = 1;
	switch (sc->kind) {
	case COP_REC_THREAD: q->after_id = r->t.id; break;
	case COP_REC_CONTRIBUTION: q->after_id = r->c.id; break;
	case COP_REC_MEMBER: q->after_id = r->m.id; break;
	case COP_REC_VOTE: q->after_id = r->v.id; break;
	case COP_REC_ACCEPT: q->after_id = r->a.thread_id; break;
	case COP_REC_KUDOS: q->after_id = r->k.id; break;
	case COP_REC_LEDGER: q->after_id = r->g.id; break;
	case COP_REC_BADGE: q->after_id = r->b.id; break;
	/* By member: the community is the key. */
	case COP_REC_MEMBERSHIP:
		q->after_id = by == COP_EXPORT_BY_MEMBER ? r->ms.community_id :
			r->ms.member_id;
		break;
	case COP_REC_STANDING:
		q->after_id = by == COP_EXPORT_BY_MEMBER ? r->s.community_id :
			r->s.member_id;
		break;
	case COP_REC_REVISION:
	case COP_REC_THREAD_CHANGE:
		/* (contribution or thread, number) */
		q->after_id = sc->kind == COP_REC_REVISION ?
			r->r.contribution_id : r->h.thread_id;
		q->after_num = sc->kind == COP_REC_REVISION ? r->r.number :
			r->h.number;
		snprintf(out, size, "%u:%d", bt_id_num(&q->after_id),
			(int)q->after_num);
		return;
	case COP_REC_LINK:
		q->after_id = r->l.thread_id;
		q->after_id2 = r->l.target_id;
		snprintf(out, size, "%u:%u", bt_id_num(&r->l.thread_id),
			bt_id_num(&r->l.target_id));
		return;
	default:
		q->after_num = r->o.kind;
		q->after_id = r->o.object_id;
		q->after_text = r->o.source_id;
		snprintf(out, size, "%d:%u:%s", r->o.kind,
			bt_id_num(&r->o.object_id), r->o.source_id);
		return;
	}
	snprintf(out, size, "%u", bt_id_num(&q->after_id));
}

/* The keys of scan @p sc over @p q, at most @p max rows ("20 23");
 * @p first receives the first record (its strings the caller's) when
 * not NULL.  Asserts the iterator ends with COP_ITEROVER. */
static char *scan_keys(const xscan *sc, const cop_export_query *q,
	unsigned int max, xrec *first)
{
	static char buf[4][512];
	static int which;
	char *out = buf[which++ & 3], key[128];
	cop_export_query next = *q;
	cop_backend_iter *it = NULL;
	unsigned int n = 0;
	xrec r;
	int rc;

	out[0] = '\0';
	BT_OK(sc->be, sc->fn(sc->be, q, &it));
	while (n < max && (rc = it->next(it, &r)) == COP_OK) {
		row_key(sc, q->by, &r, key, sizeof(key), &next);
		if (n++)
			strcat(out, " ");
		strcat(out, key);
		if (first && n == 1 && !(it->flags & COP_BACKEND_ITER_BORROWED))
			*first = r;
		else if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(sc->kind, &r);
	}
	if (n < max)
		ck_assert_msg(rc == COP_ITEROVER, "%s: %s", sc->name,
			tu_ename(rc));
	it->free(it);
	return out;
}

static cop_export_query query(int by, unsigned int scope, int all)
{
	cop_export_query q;

	memset(&q, 0, sizeof(q));
	q.by = by;
	q.scope = bt_id(scope);
	q.all = all;
	return q;
}

/* Scan @p sc a row a page, each page after the last row: the rows it
 * gives in all. */
static char *scan_paged(const xscan *sc, cop_export_query q)
{
	static char out[512], text[128];
	char key[128];
	cop_backend_iter *it = NULL;
	xrec r, r2;
	int rc, rc2;

	out[0] = '\0';
	q.limit = 1;
	for (;;) {
		BT_OK(sc->be, sc->fn(sc->be, &q, &it));
		if ((rc = it->next(it, &r)) == COP_OK) {
			row_key(sc, q.by, &r, key, sizeof(key), &q);
			/* The bound must outlive the row (sources' text). */
			if (sc->kind == COP_REC_SOURCE) {
				snprintf(text, sizeof(text), "%s", q.after_text);
				q.after_text = text;
			}
			if (!(it->flags & COP_BACKEND_ITER_BORROWED))
				cop_rec_clear(sc->kind, &r);
			rc2 = it->next(it, &r2);
			ck_assert_msg(rc2 == COP_ITEROVER, "%s: a page of one "
				"row gave %s", sc->name, tu_ename(rc2));
		}
		it->free(it);
		if (rc != COP_OK)
			break;
		if (out[0])
			strcat(out, " ");
		strcat(out, key);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	return out;
}

#define SC(m, k) { #m, NULL, COP_REC_##k, NULL }
/* Every scan, its method filled in from the table (scan_of()). */
enum { S_MEMBERS, S_MEMBERSHIPS, S_THREADS, S_CONTRIBS, S_REVISIONS,
	S_LINKS, S_VOTES, S_ACCEPTS, S_KUDOS, S_LEDGER, S_STANDINGS, S_BADGES,
	S_SOURCES, S_HISTORY, S_COUNT };

static xscan scan_of(const cop_backend_export *x, int which)
{
	static const xscan names[S_COUNT] = {
		SC(scan_members, MEMBER), SC(scan_memberships, MEMBERSHIP),
		SC(scan_threads, THREAD), SC(scan_contributions, CONTRIBUTION),
		SC(scan_revisions, REVISION), SC(scan_links, LINK),
		SC(scan_votes, VOTE), SC(scan_accepts, ACCEPT),
		SC(scan_kudos, KUDOS), SC(scan_ledger, LEDGER),
		SC(scan_standings, STANDING), SC(scan_badges, BADGE),
		SC(scan_sources, SOURCE), SC(scan_history, THREAD_CHANGE),
	};
	const cop_export_scan_fn fns[S_COUNT] = {
		x->scan_members, x->scan_memberships, x->scan_threads,
		x->scan_contributions, x->scan_revisions, x->scan_links,
		x->scan_votes, x->scan_accepts, x->scan_kudos, x->scan_ledger,
		x->scan_standings, x->scan_badges, x->scan_sources,
		x->scan_history,
	};
	xscan sc = names[which];

	sc.fn = fns[which];
	sc.be = bt_be;
	ck_assert_ptr_nonnull(sc.fn);
	return sc;
}

/* What each scan gives: by community 10 with all = 1, with all = 0, and
 * by member 1 and 2 ("" where the scan has no such scope). */
static const struct expect {
	int scan;
	const char *all, *shown;
} community_rows[] = {
	{ S_MEMBERS, "1 2", "1 2" },
	{ S_MEMBERSHIPS, "1 2", "1 2" },
	{ S_THREADS, "20 21 23", "20 23" },
	{ S_CONTRIBS, "30 31 32 34", "30 31 34" },
	{ S_REVISIONS, "30:1 30:2 32:1", "30:1 30:2" },
	{ S_LINKS, "20:21 20:23 23:20", "20:23 23:20" },
	{ S_VOTES, "40 41", "41" },
	{ S_ACCEPTS, "20 21", "20" },
	{ S_KUDOS, "50 51 52", "50 52" },
	{ S_LEDGER, "60 61", "60" },
	{ S_STANDINGS, "1 2", "1 2" },
	{ S_BADGES, "70 71 72", "70 71" },
	{ S_SOURCES, "1:20:c 1:30:a 1:30:b 2:32:z", "1:20:c 1:30:a 1:30:b" },
};

static const struct expect member_rows[] = {
	/* member 1 (all), member 2 (shown) */
	{ S_MEMBERSHIPS, "10 11", "10" },
	{ S_CONTRIBS, "30 33", "31 32 34" },
	{ S_VOTES, "", "41" },
	{ S_KUDOS, "50 51", "50 51 52" },
	{ S_LEDGER, "61", "60" },
	{ S_STANDINGS, "10 11", "10" },
	{ S_BADGES, "70 72", "71" },
};

/* Each scan of table @p rows (@p n) by @p by: over scope @p a (its
 * "all" flag @p all_a) it gives e->all, over @p b (@p all_b) e->shown,
 * read at once and a row a page; over @p none nothing. */
static void expect_scans(const cop_backend_export *x,
	const struct expect *rows, size_t n, int by, unsigned int a,
	int all_a, unsigned int b, int all_b, unsigned int none)
{
	cop_export_query q;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		xscan sc = scan_of(x, rows[i].scan);

		for (k = 0; k < 2; k++) {
			const char *want = k ? rows[i].shown : rows[i].all;

			q = query(by, k ? b : a, k ? all_b : all_a);
			ck_assert_msg(!strcmp(scan_keys(&sc, &q, 100, NULL), want),
				"%s (%s): got \"%s\", expected \"%s\"", sc.name,
				k ? "shown" : "all", scan_keys(&sc, &q, 100, NULL),
				want);
			ck_assert_msg(!strcmp(scan_paged(&sc, q), want),
				"%s (%s) a row a page: got \"%s\"", sc.name,
				k ? "shown" : "all", scan_paged(&sc, q));
			/* A limit stops there. */
			q.limit = 1;
			ck_assert_uint_le(strlen(scan_keys(&sc, &q, 100, NULL)),
				strlen(want));
		}
		q = query(by, none, 1);
		ck_assert_str_eq(scan_keys(&sc, &q, 100, NULL), "");
	}
}

START_TEST(community_scans_rows_order_all_and_paging)
{
	const cop_backend_export *x = seeded();

	if (!x)
		return;
	/* Community 10 with all = 1, then 0; no community 12. */
	expect_scans(x, community_rows, sizeof(community_rows) /
		sizeof(community_rows[0]), COP_EXPORT_BY_COMMUNITY, 10, 1, 10, 0,
		12);
}
END_TEST

START_TEST(member_scans_rows_order_and_paging)
{
	const cop_backend_export *x = seeded();
	cop_export_query q;
	xscan sc;

	if (!x)
		return;
	/* Members 1 and 2 ("all" plays no part); lucie has nothing. */
	expect_scans(x, member_rows, sizeof(member_rows) /
		sizeof(member_rows[0]), COP_EXPORT_BY_MEMBER, 1, 0, 2, 1, 3);
	/* A contribution's revisions, by number. */
	sc = scan_of(x, S_REVISIONS);
	q = query(COP_EXPORT_BY_CONTRIBUTION, 30, 0);
	ck_assert_str_eq(scan_keys(&sc, &q, 100, NULL), "30:1 30:2");
	ck_assert_str_eq(scan_paged(&sc, q), "30:1 30:2");
	q = query(COP_EXPORT_BY_CONTRIBUTION, 31, 0);
	ck_assert_str_eq(scan_keys(&sc, &q, 100, NULL), "");
}
END_TEST

/* A scope a scan does not have is COP_ENOTSUP. */
START_TEST(scans_refuse_scopes_they_lack)
{
	const cop_backend_export *x = seeded();
	static const int by_member_only_community[] = {
		S_MEMBERS, S_THREADS, S_LINKS, S_ACCEPTS, S_SOURCES
	};
	cop_backend_iter *it = NULL;
	cop_export_query q;
	size_t i;

	if (!x)
		return;
	q = query(COP_EXPORT_BY_MEMBER, 1, 0);
	for (i = 0; i < sizeof(by_member_only_community) /
	     sizeof(by_member_only_community[0]); i++) {
		xscan sc = scan_of(x, by_member_only_community[i]);
		BT_RC(bt_be, COP_ENOTSUP, sc.fn(bt_be, &q, &it));
		ck_assert_ptr_null(it);
	}
	q = query(COP_EXPORT_BY_CONTRIBUTION, 30, 0);
	BT_RC(bt_be, COP_ENOTSUP, x->scan_votes(bt_be, &q, &it));
	q = query(0, 10, 0);
	BT_RC(bt_be, COP_ENOTSUP, x->scan_revisions(bt_be, &q, &it));
	ck_assert_ptr_null(it);
}
END_TEST

/* The first record of @p sc over @p q after id @p after (0: from the
 * start) into @p r. */
static void first_after(const xscan *sc, cop_export_query *q,
	unsigned int after, xrec *r)
{
	q->has_after = after != 0;
	q->after_id = bt_id(after ? after : 1);
	scan_keys(sc, q, 1, r);
}

/* The records' fields, each as written, the scope filled in. */
START_TEST(scan_records_fields)
{
	cop_export_query q = query(COP_EXPORT_BY_COMMUNITY, 10, 1);
	const cop_backend_export *x = seeded();
	xscan sc;
	xrec r;

	if (!x)
		return;
	sc = scan_of(x, S_VOTES);
	first_after(&sc, &q, 40, &r);
	BT_ID_EQ(r.v.id, bt_id(41), "vote");
	BT_ID_EQ(r.v.community_id, bt_id(10), "community");
	BT_ID_EQ(r.v.contribution_id, bt_id(30), "contribution");
	BT_ID_EQ(r.v.voter_id, bt_id(2), "voter");
	BT_ID_EQ(r.v.author_id, bt_id(1), "author");
	ck_assert_int_eq(r.v.kind, 1);
	ck_assert_int_eq(r.v.rep_author, 10);
	ck_assert_int_eq(r.v.rep_voter, -1);
	ck_assert_int_eq(r.v.created, 100);
	ck_assert_int_eq(r.v.changed, 101);
	/* A nil voter stays nil. */
	first_after(&sc, &q, 0, &r);
	ck_assert(cop_id_is_nil(&r.v.voter_id));

	sc = scan_of(x, S_STANDINGS);
	first_after(&sc, &q, 1, &r);
	BT_ID_EQ(r.s.member_id, bt_id(2), "member");
	BT_ID_EQ(r.s.community_id, bt_id(10), "community");
	ck_assert_int_eq(r.s.reputation, 25);
	ck_assert_int_eq(r.s.cap_day, 20000);
	ck_assert_int_eq(r.s.cap_used, 30);
	ck_assert_int_eq(r.s.trust, 2);
	ck_assert_int_eq(r.s.trust_manual, 1);
	ck_assert_int_eq(r.s.days_active, 4);
	ck_assert_int_eq(r.s.last_day, 20001);
	ck_assert_int_eq(r.s.posts + r.s.likes_given + r.s.likes_received +
		r.s.kudos_received + r.s.accepted, 5 + 6 + 7 + 8 + 9);
	ck_assert_int_eq(r.s.posts_read, 11);

	/* Badges: no class is -1, bronze is 0. */
	sc = scan_of(x, S_BADGES);
	first_after(&sc, &q, 0, &r);
	BT_ID_EQ(r.b.id, bt_id(70), "badge");
	ck_assert_int_eq(r.b.badge_class, -1);
	ck_assert_ptr_null(r.b.name);
	BT_ID_EQ(r.b.object_id, bt_id(30), "object");
	ck_assert_int_eq(r.b.awarded, 770);
	first_after(&sc, &q, 70, &r);
	ck_assert_int_eq(r.b.badge, COP_BADGE_NAMED);
	ck_assert_int_eq(r.b.badge_class, COP_BADGE_BRONZE);
	BT_STR_EQ(r.b.name, "Famous");
	cop_rec_clear(COP_REC_BADGE, &r);

	/* Revisions: the comment is optional. */
	sc = scan_of(x, S_REVISIONS);
	first_after(&sc, &q, 0, &r);
	ck_assert_int_eq(r.r.number, 1);
	BT_STR_EQ(r.r.body, "frist");
	ck_assert_ptr_null(r.r.comment);
	BT_ID_EQ(r.r.community_id, bt_id(10), "community");
	cop_rec_clear(COP_REC_REVISION, &r);
	q.has_after = 1;
	q.after_id = bt_id(30);
	q.after_num = 1;
	scan_keys(&sc, &q, 1, &r);
	BT_STR_EQ(r.r.comment, "typo");
	BT_STR_EQ(r.r.body, "first, edited");
	cop_rec_clear(COP_REC_REVISION, &r);

	/* Sources. */
	sc = scan_of(x, S_SOURCES);
	first_after(&sc, &q, 0, &r);
	BT_ID_EQ(r.o.community_id, bt_id(10), "community");
	ck_assert_int_eq(r.o.kind, 1);
	BT_STR_EQ(r.o.source_id, "c");
	BT_ID_EQ(r.o.object_id, bt_id(20), "object");
	cop_rec_clear(COP_REC_SOURCE, &r);

	/* Links. */
	sc = scan_of(x, S_LINKS);
	scan_keys(&sc, &q, 1, &r);
	BT_ID_EQ(r.l.thread_id, bt_id(20), "thread");
	BT_ID_EQ(r.l.target_id, bt_id(21), "target");
	ck_assert_int_eq(r.l.created, 1);

	/* By member: a membership's community slug, a first post's thread
	 * title (an answer has none). */
	q = query(COP_EXPORT_BY_MEMBER, 1, 0);
	sc = scan_of(x, S_MEMBERSHIPS);
	scan_keys(&sc, &q, 1, &r);
	BT_ID_EQ(r.ms.member_id, bt_id(1), "member");
	BT_ID_EQ(r.ms.community_id, bt_id(10), "community");
	BT_STR_EQ(r.ms.community_slug, "ten");
	ck_assert_int_eq(r.ms.role, COP_ROLE_OWNER);
	cop_rec_clear(COP_REC_MEMBERSHIP, &r);
	sc = scan_of(x, S_CONTRIBS);
	scan_keys(&sc, &q, 1, &r);
	BT_ID_EQ(r.c.author_id, bt_id(1), "author");
	BT_ID_EQ(r.c.thread_id, bt_id(20), "thread");
	BT_STR_EQ(r.c.thread_title, "Open");
	BT_STR_EQ(r.c.body, "first");
	cop_rec_clear(COP_REC_CONTRIBUTION, &r);
	q = query(COP_EXPORT_BY_MEMBER, 2, 0);
	scan_keys(&sc, &q, 1, &r);
	BT_ID_EQ(r.c.id, bt_id(31), "answer");
	ck_assert_ptr_null(r.c.thread_title);
	cop_rec_clear(COP_REC_CONTRIBUTION, &r);
	sc = scan_of(x, S_VOTES);
	scan_keys(&sc, &q, 1, &r);
	BT_ID_EQ(r.v.voter_id, bt_id(2), "voter");
	ck_assert_int_eq(r.v.rep_voter, -1);
}
END_TEST

START_TEST(inserts_refuse_taken_keys)
{
	/* A taken id; the same voter on the same contribution. */
	cop_vote_rec v = vote(41, 31, 1, 2);
	const cop_backend_export *x = seeded();
	cop_standing_rec st;
	cop_badge_rec b;
	cop_export_query q = query(COP_EXPORT_BY_COMMUNITY, 10, 1);
	xscan sc;
	xrec r;

	if (!x)
		return;
	BT_RC(bt_be, COP_EEXISTS, x->vote_insert(bt_be, &v));
	v = vote(42, 30, 2, 1);
	BT_RC(bt_be, COP_EEXISTS, x->vote_insert(bt_be, &v));
	st = standing(10, 1, 99);
	BT_RC(bt_be, COP_EEXISTS, x->standing_insert(bt_be, &st));
	b = badge(70, 2, 1, 31, NULL, -1);
	BT_RC(bt_be, COP_EEXISTS, x->badge_insert(bt_be, &b));
	b = badge(73, 1, 1, 30, NULL, -1);
	BT_RC(bt_be, COP_EEXISTS, x->badge_insert(bt_be, &b));
	/* Nothing changed. */
	sc = scan_of(x, S_STANDINGS);
	scan_keys(&sc, &q, 1, &r);
	ck_assert_int_eq(r.s.reputation, -3);
	sc = scan_of(x, S_VOTES);
	ck_assert_str_eq(scan_keys(&sc, &q, 100, NULL), "40 41");
	sc = scan_of(x, S_BADGES);
	ck_assert_str_eq(scan_keys(&sc, &q, 100, NULL), "70 71 72");
}
END_TEST

START_TEST(counters_bump_threads_and_revisions)
{
	int number = -1;
	cop_id id = bt_id(20);
	const cop_backend_export *x = seeded();
	cop_thread_rec t;
	cop_contribution_rec c;
	cop_key key;

	if (!x)
		return;
	memset(&key, 0, sizeof(key));
	key.id = id;
	/* Last activity only ever goes up. */
	BT_OK(bt_be, x->thread_bump(bt_be, &id, TU_T0 + 50));
	BT_OK(bt_be, x->thread_bump(bt_be, &id, TU_T0 - 50));
	memset(&t, 0, sizeof(t));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_THREAD, &key, &t));
	ck_assert_int_eq(t.contribution_count, 3);
	ck_assert_int_eq(t.last_activity, TU_T0 + 50);
	cop_rec_clear(COP_REC_THREAD, &t);

	id = bt_id(31);
	key.id = id;
	BT_OK(bt_be, x->revision_bump(bt_be, &id, 900, &number));
	ck_assert_int_eq(number, 1);
	BT_OK(bt_be, x->revision_bump(bt_be, &id, 0, &number));
	ck_assert_int_eq(number, 2);
	memset(&c, 0, sizeof(c));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &c));
	ck_assert_int_eq(c.revision, 3);
	ck_assert_int_eq(c.edited, 900);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	id = bt_id(99);
	BT_RC(bt_be, COP_ENOTFOUND, x->revision_bump(bt_be, &id, 0, &number));
}
END_TEST

/* An accept's thread (version 6): answered and its state, every other
 * column as it was; no such thread is COP_ENOTFOUND. */
START_TEST(accepted_thread_answered)
{
	cop_id id = bt_id(20);
	const cop_backend_export *x = seeded();
	cop_thread_rec t, before;
	cop_key key;

	if (!x)
		return;
	memset(&key, 0, sizeof(key));
	key.id = id;
	memset(&before, 0, sizeof(before));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_THREAD, &key, &before));
	ck_assert_int_eq(before.answered, 0);
	BT_OK(bt_be, x->thread_answered(bt_be, &id, 1, COP_THREAD_ANSWERED));
	memset(&t, 0, sizeof(t));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_THREAD, &key, &t));
	ck_assert_int_eq(t.answered, 1);
	ck_assert_int_eq(t.state, COP_THREAD_ANSWERED);
	ck_assert_int_eq(memcmp(&t.community_id, &before.community_id,
		sizeof(cop_id)), 0);
	ck_assert_str_eq(t.title, before.title);
	ck_assert_str_eq(t.tags, before.tags);
	ck_assert_int_eq(t.kind, before.kind);
	ck_assert_int_eq(t.created, before.created);
	ck_assert_int_eq(t.last_activity, before.last_activity);
	ck_assert_int_eq(t.contribution_count, before.contribution_count);
	ck_assert_int_eq(t.pinned + t.closed + t.locked + t.hidden,
		before.pinned + before.closed + before.locked + before.hidden);
	cop_rec_clear(COP_REC_THREAD, &t);
	cop_rec_clear(COP_REC_THREAD, &before);
	id = bt_id(99);
	BT_RC(bt_be, COP_ENOTFOUND, x->thread_answered(bt_be, &id, 1,
		COP_THREAD_ANSWERED));
}
END_TEST

/* An importer sets who replaced a revision, with that edit's note
 * (version 4): nothing else of it changes, nor any other revision. */
START_TEST(revisions_replaced_by_an_importer)
{
	const cop_backend_export *x = seeded();
	cop_id id = bt_id(30), ed = bt_id(2), nil;
	cop_revision_rec r;
	cop_key key;

	if (!x)
		return;
	memset(&nil, 0, sizeof(nil));
	memset(&key, 0, sizeof(key));
	key.id = id;
	key.number = 1;
	BT_OK(bt_be, x->revision_replaced(bt_be, &id, 1, &ed, "spelling"));
	memset(&r, 0, sizeof(r));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_REVISION, &key, &r));
	BT_ID_EQ(r.editor_id, ed, "editor");
	BT_STR_EQ(r.comment, "spelling");
	BT_STR_EQ(r.body, "frist");
	BT_ID_EQ(r.author_id, bt_id(1), "author");
	ck_assert_int_eq(r.created, TU_T0 + 1);
	cop_rec_clear(COP_REC_REVISION, &r);
	key.number = 2;
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_REVISION, &key, &r));
	ck_assert(cop_id_is_nil(&r.editor_id));
	BT_STR_EQ(r.comment, "typo");
	cop_rec_clear(COP_REC_REVISION, &r);
	/* Nobody known and no note: NULL. */
	BT_OK(bt_be, x->revision_replaced(bt_be, &id, 1, &nil, NULL));
	key.number = 1;
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_REVISION, &key, &r));
	ck_assert(cop_id_is_nil(&r.editor_id));
	BT_STR_EQ(r.comment, NULL);
	cop_rec_clear(COP_REC_REVISION, &r);
	/* No such revision, no such contribution: nothing to change. */
	BT_OK(bt_be, x->revision_replaced(bt_be, &id, 9, &ed, "x"));
	id = bt_id(99);
	BT_OK(bt_be, x->revision_replaced(bt_be, &id, 1, &ed, "x"));
}
END_TEST

/* Through the fault-injecting wrapper (tests/faultbe.c) every method is
 * forwarded, and an injected failure is the method's COP_EIO with
 * nothing written. */
/*
 * Threads' histories (export table version 4), written through the
 * history table: 20 (open): 1 title by ama, 2 closed by kofi; hidden 21:
 * 1 title by kofi, 2 hidden by ama; 23: 1 title by kofi; 22 (community
 * 11): 1 title by ama.  Not in seed(): a backend of version 5 exports
 * no history (version_5_backend_exports_through_rop).
 */
static void seed_history(void)
{
	static const struct { unsigned int thread, c, actor; int kind;
		const char *value; } rows[] = {
		{ 20, 10, 1, COP_THREAD_CHANGE_TITLE, "Open" },
		{ 21, 10, 2, COP_THREAD_CHANGE_TITLE, "Hidden" },
		{ 22, 11, 1, COP_THREAD_CHANGE_TITLE, "Elsewhere" },
		{ 23, 10, 2, COP_THREAD_CHANGE_TITLE, "Other" },
		{ 21, 10, 1, COP_THREAD_CHANGE_HIDDEN, NULL },
		{ 20, 10, 2, COP_THREAD_CHANGE_CLOSED, NULL },
	};
	cop_thread_change_rec e;
	size_t i;
	int number;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&e, 0, sizeof(e));
		e.thread_id = bt_id(rows[i].thread);
		e.community_id = bt_id(rows[i].c);
		e.kind = rows[i].kind;
		e.new_value = (char *)rows[i].value;
		e.actor_id = bt_id(rows[i].actor);
		e.created = TU_T0 + (cop_time)i;
		e.comment = i == 5 ? "answered" : NULL;
		BT_OK(bt_be, bt_be->history->history_add(bt_be, &e, &number));
	}
}

static const struct expect history_community[] = {
	{ S_HISTORY, "20:1 20:2 21:1 21:2 23:1", "20:1 20:2 23:1" },
};
/* ama owns 10 (sees hidden 21); kofi does not. */
static const struct expect history_member[] = {
	{ S_HISTORY, "20:1 21:2 22:1", "20:2 23:1" },
};

/* The first entry of @p sc over @p q after entry @p number of thread
 * @p thread is @p want, the scope filled in. */
static void history_is(const xscan *sc, cop_export_query q,
	unsigned int thread, int number, const cop_thread_change_rec *want)
{
	xrec r;

	q.has_after = 1;
	q.after_id = bt_id(thread);
	q.after_num = number;
	scan_keys(sc, &q, 1, &r);
	ck_assert_uint_eq(bt_id_num(&r.h.thread_id), bt_id_num(&want->thread_id));
	ck_assert_int_eq(r.h.number, want->number);
	ck_assert_uint_eq(bt_id_num(&r.h.community_id), bt_id_num(&want->community_id));
	ck_assert_int_eq(r.h.kind, want->kind);
	ck_assert_pstr_eq(r.h.old_value, want->old_value);
	ck_assert_pstr_eq(r.h.new_value, want->new_value);
	ck_assert_uint_eq(bt_id_num(&r.h.actor_id), bt_id_num(&want->actor_id));
	ck_assert_int_eq(r.h.created, want->created);
	ck_assert_pstr_eq(r.h.comment, want->comment);
	cop_rec_clear(COP_REC_THREAD_CHANGE, &r);
}

/* A thread's history by community (the hidden thread's only with
 * "all"), and by member (what they did, on the threads they see), in
 * order, a row a page too; the records' fields, the scope filled in. */
START_TEST(history_scans_by_community_and_member)
{
	const cop_backend_export *x = seeded();
	cop_thread_change_rec want;
	cop_backend_iter *it = NULL;
	cop_export_query q;
	xscan sc;

	if (!x)
		return;
	if (!bt_be->history) {
		printf("# SKIP history scans: backend %s has no history\n",
			bt_be->name);
		return;
	}
	seed_history();
	expect_scans(x, history_community, 1, COP_EXPORT_BY_COMMUNITY, 10, 1,
		10, 0, 12);
	expect_scans(x, history_member, 1, COP_EXPORT_BY_MEMBER, 1, 0, 2, 1,
		3);
	sc = scan_of(x, S_HISTORY);
	want = (cop_thread_change_rec){ .thread_id = bt_id(20), .number = 2,
		.community_id = bt_id(10), .kind = COP_THREAD_CHANGE_CLOSED,
		.actor_id = bt_id(2), .created = TU_T0 + 5,
		.comment = "answered" };
	history_is(&sc, query(COP_EXPORT_BY_COMMUNITY, 10, 0), 20, 1, &want);
	want = (cop_thread_change_rec){ .thread_id = bt_id(22), .number = 1,
		.community_id = bt_id(11), .kind = COP_THREAD_CHANGE_TITLE,
		.new_value = "Elsewhere", .actor_id = bt_id(1),
		.created = TU_T0 + 2 };
	history_is(&sc, query(COP_EXPORT_BY_MEMBER, 1, 0), 21, 2, &want);
	q = query(COP_EXPORT_BY_CONTRIBUTION, 30, 0);
	BT_RC(bt_be, COP_ENOTSUP, x->scan_history(bt_be, &q, &it));
	ck_assert_ptr_null(it);
}
END_TEST

START_TEST(methods_through_the_fault_wrapper)
{
	cop_export_query q = query(COP_EXPORT_BY_COMMUNITY, 10, 1);
	const cop_backend_export *x = seeded(), *fx;
	cop_backend *fw = NULL;
	cop_backend_iter *it = NULL;
	cop_vote_rec v = vote(42, 31, 1, 2);
	cop_id id = bt_id(20);
	faultbe *fctl = NULL;
	xscan sc;
	int number;

	if (!x)
		return;
	ck_assert_int_eq(faultbe_wrap(&fw, &fctl, bt_open()), COP_OK);
	ck_assert_ptr_nonnull(fx = fw->export);
	sc = scan_of(fx, S_VOTES);
	sc.be = fw;
	ck_assert_str_eq(scan_keys(&sc, &q, 100, NULL), "40 41");
	faultbe_fail_at(fctl, 1, FAULTBE_MODERATION, 1);
	BT_RC(fw, COP_EIO, fx->scan_sources(fw, &q, &it));
	ck_assert_ptr_null(it);
	BT_RC(fw, COP_EIO, fx->vote_insert(fw, &v));
	BT_RC(fw, COP_EIO, fx->thread_bump(fw, &id, 0));
	BT_RC(fw, COP_EIO, fx->revision_bump(fw, &id, 0, &number));
	BT_RC(fw, COP_EIO, fx->revision_replaced(fw, &id, 1, &id, NULL));
	BT_RC(fw, COP_EIO, fx->thread_answered(fw, &id, 1, 1));
	ck_assert_int_ge(faultbe_failures(fctl), 6);
	faultbe_fail_at(fctl, 0, 0, 0);
	ck_assert_str_eq(scan_keys(&sc, &q, 100, NULL), "40 41");
	BT_OK(fw, fx->vote_insert(fw, &v));
	ck_assert_str_eq(scan_keys(&sc, &q, 100, NULL), "40 41 42");
	fw->free(fw);
}
END_TEST

/* The whole JSON export of community "ten" (@p member NULL) or of a
 * member's data (the export time left out), as a string to free. */
static char *export_text(cop_backend *be, const char *member)
{
	cop_store *s = NULL;
	FILE *f = tmpfile();
	char *text, *at;
	long n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(cop_open_backend(&s, be, &tu_system), COP_OK);
	if (member)
		TU_OK(s, cop_member_export_json(s, member, fileno(f)));
	else
		TU_OK(s, cop_export_json(s, "ten", fileno(f)));
	tu_close(s);
	n = ftell(f);
	ck_assert_int_gt(n, 0);
	text = calloc(1, (size_t)n + 1);
	rewind(f);
	ck_assert_uint_eq(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	if ((at = strstr(text, "\"exported\":")))
		memset(at, ' ', strcspn(at, ","));
	return text;
}

/* A backend of version 5 (its export table gone) exports the same bytes
 * through rop(), the core using the table written over it. */
START_TEST(version_5_backend_exports_through_rop)
{
	const cop_backend_export *x = seeded();
	const char *const who[] = { NULL, "ama", "kofi" };
	cop_backend *old;
	char *a, *b;
	size_t i;

	if (!x || !bt_be->rop)
		return;
#ifndef COP_HAVE_JANSSON
	/* The documents need jansson; the scans are tested above. */
	printf("# SKIP the JSON export through rop(): no jansson\n");
	return;
#endif
	for (i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		a = export_text(bt_open(), who[i]);
		old = bt_open();
		old->version = 5;
		old->export = NULL;
		b = export_text(old, who[i]);
		ck_assert_str_eq(a, b);
		ck_assert_ptr_nonnull(strstr(a, who[i] ? "\"votes\":[" :
			"\"sources\":[\n"));
		free(a);
		free(b);
	}
}
END_TEST

Suite *bt_export_suite(void)
{
	const TTest *const tests[] = {
		community_scans_rows_order_all_and_paging,
		member_scans_rows_order_and_paging, scans_refuse_scopes_they_lack,
		scan_records_fields, inserts_refuse_taken_keys,
		counters_bump_threads_and_revisions, accepted_thread_answered,
		revisions_replaced_by_an_importer,
		methods_through_the_fault_wrapper,
		version_5_backend_exports_through_rop,
		history_scans_by_community_and_member
	};

	return BT_SUITE("export", bt_setup, bt_teardown, tests);
}
