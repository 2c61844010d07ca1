/*
 * betest.c: helpers shared by the backend conformance suite (betest.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "betest.h"

cop_backend *bt_be;

cop_backend *bt_open(void)
{
	cop_backend *be = NULL;
	int rc = cop_backend_open(&be, tu_uri(), NULL);

	ck_assert_msg(rc == COP_OK, "cop_backend_open(%s): %s (%s)", tu_uri(),
		tu_ename(rc), cop_errmsg(NULL));
	ck_assert_ptr_nonnull(be);
	ck_assert_uint_ge(be->version, 1);
	ck_assert_uint_le(be->version, COP_BACKEND_VERSION);
	return be;
}

cop_store *bt_store_pair(cop_backend *be, cop_member **a, cop_member **b)
{
	cop_store *s = NULL;
	cop_community *k = NULL;

	ck_assert_int_eq(cop_open_backend(&s, be, &tu_system), COP_OK);
	TU_OK(s, cop_member_create(a, s, "ama", "Ama", NULL, "en"));
	TU_OK(s, cop_member_create(b, s, "kofi", "Kofi", NULL, "en"));
	TU_OK(s, cop_community_create(&k, s, "c", "C", NULL, "en",
		COP_VISIBILITY_PUBLIC));
	cop_community_free(k);
	TU_OK(s, cop_community_join(NULL, s, "c", cop_member_id(*a), 0));
	TU_OK(s, cop_community_join(NULL, s, "c", cop_member_id(*b), 0));
	return s;
}

void bt_setup(void)
{
	tu_loc_new();
	bt_be = bt_open();
}

void bt_teardown(void)
{
	if (bt_be) {
		bt_be->free(bt_be);
		bt_be = NULL;
	}
	tu_loc_free();
}

/* ---- ids ---------------------------------------------------------------------- */

cop_id bt_id(unsigned int n)
{
	cop_id id;

	memset(&id, 0, sizeof(id));
	/* A version-7 shape: the "time" first (constant), then n. */
	id.bytes[0] = 0x01;
	id.bytes[6] = 0x70;
	id.bytes[8] = 0x80;
	id.bytes[12] = (unsigned char)(n >> 24);
	id.bytes[13] = (unsigned char)(n >> 16);
	id.bytes[14] = (unsigned char)(n >> 8);
	id.bytes[15] = (unsigned char)n;
	return id;
}

cop_id bt_nil(void)
{
	cop_id id;

	memset(&id, 0, sizeof(id));
	return id;
}

int bt_id_eq(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

unsigned int bt_id_num(const cop_id *id)
{
	cop_id z = bt_id(0);

	if (memcmp(id->bytes, z.bytes, 12) != 0)
		return 0;
	return (unsigned int)id->bytes[12] << 24 |
		(unsigned int)id->bytes[13] << 16 |
		(unsigned int)id->bytes[14] << 8 | id->bytes[15];
}

int bt_has_member(cop_backend *be, unsigned int n)
{
	cop_member_rec m;
	cop_key key;
	int rc;

	memset(&key, 0, sizeof(key));
	key.id = bt_id(n);
	memset(&m, 0, sizeof(m));
	rc = be->get(be, COP_REC_MEMBER, &key, &m);
	ck_assert_msg(rc == COP_OK || rc == COP_ENOTFOUND, "get: %s (%s)",
		tu_ename(rc), be->errmsg(be));
	cop_rec_clear(COP_REC_MEMBER, &m);
	return rc == COP_OK;
}

Suite *bt_suite(const char *name, void (*setup)(void),
	void (*teardown)(void), const TTest *const *tests, size_t n)
{
	Suite *s = suite_create(name);
	TCase *tc = tu_tcase(s, name, setup, teardown);
	size_t i;

	for (i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	return s;
}

/* ---- records ---------------------------------------------------------------- */

void bt_member(cop_backend *be, unsigned int n, const char *handle)
{
	cop_member_rec m;
	char name[100];

	snprintf(name, sizeof(name), "Name %s", handle);
	memset(&m, 0, sizeof(m));
	m.id = bt_id(n);
	m.handle = (char *)handle;
	m.display_name = name;
	m.status = 0;
	m.created = TU_T0 + n;
	BT_OK(be, be->insert(be, COP_REC_MEMBER, &m));
}

void bt_community(cop_backend *be, unsigned int n, const char *slug,
	int visibility)
{
	cop_community_rec c;

	memset(&c, 0, sizeof(c));
	c.id = bt_id(n);
	c.slug = (char *)slug;
	c.name = (char *)slug;
	c.language = "en";
	c.visibility = visibility;
	c.created = TU_T0 + n;
	BT_OK(be, be->insert(be, COP_REC_COMMUNITY, &c));
}

void bt_membership(cop_backend *be, unsigned int c, unsigned int m,
	int role, int status)
{
	cop_membership_rec r;

	memset(&r, 0, sizeof(r));
	r.community_id = bt_id(c);
	r.member_id = bt_id(m);
	r.role = role;
	r.status = status;
	r.joined = TU_T0 + m;
	BT_OK(be, be->insert(be, COP_REC_MEMBERSHIP, &r));
}

void bt_thread(cop_backend *be, unsigned int n, unsigned int c,
	unsigned int author, int state, const char *title, cop_time activity)
{
	cop_thread_rec t;

	memset(&t, 0, sizeof(t));
	t.id = bt_id(n);
	t.community_id = bt_id(c);
	t.author_id = author ? bt_id(author) : bt_nil();
	t.kind = COP_THREAD_DISCUSSION;
	t.state = state;
	/* The properties the state stands for (thread.h). */
	t.answered = state == COP_THREAD_ANSWERED;
	t.closed = state == COP_THREAD_CLOSED;
	t.locked = state == COP_THREAD_LOCKED;
	t.pinned = state == COP_THREAD_PINNED;
	t.hidden = state == COP_THREAD_HIDDEN;
	t.title = (char *)title;
	t.tags = "";
	t.language = "en";
	t.created = TU_T0;
	t.last_activity = activity;
	t.contribution_count = 1;
	BT_OK(be, be->insert(be, COP_REC_THREAD, &t));
}

void bt_contrib(cop_backend *be, unsigned int n, unsigned int t,
	unsigned int c, unsigned int author, int kind, const char *body,
	cop_time created)
{
	cop_contribution_rec r;

	memset(&r, 0, sizeof(r));
	r.id = bt_id(n);
	r.thread_id = bt_id(t);
	r.community_id = bt_id(c);
	r.author_id = author ? bt_id(author) : bt_nil();
	r.kind = kind;
	r.language = "en";
	r.body = (char *)body;
	r.created = created;
	r.revision = 1;
	BT_OK(be, be->insert(be, COP_REC_CONTRIBUTION, &r));
}

void bt_get(cop_backend *be, cop_rec_kind kind, unsigned int n, void *rec,
	size_t size)
{
	cop_key key;

	memset(&key, 0, sizeof(key));
	key.id = bt_id(n);
	memset(rec, 0, size);
	BT_OK(be, be->get(be, kind, &key, rec));
}

void bt_question(cop_backend *be, unsigned int n)
{
	cop_thread_rec t;

	bt_get(be, COP_REC_THREAD, n, &t, sizeof(t));
	t.kind = COP_THREAD_QUESTION;
	BT_OK(be, be->update(be, COP_REC_THREAD, &t));
	cop_rec_clear(COP_REC_THREAD, &t);
}

/* ---- the health roll-ups ------------------------------------------------------ */

int bt_has_health(cop_backend *be)
{
	return be->version >= 8 && be->health && be->health->version >= 1;
}

void bt_health_start(cop_backend *be)
{
	bt_member(be, 1, "ama");
	bt_member(be, 2, "kofi");
	bt_community(be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_thread(be, 20, 10, 1, COP_THREAD_OPEN, "T", TU_T0);
	bt_contrib(be, 30, 20, 10, 1, COP_CONTRIB_POST, "p", TU_T0);
}

void bt_set_created(cop_backend *be, unsigned int n, cop_time created)
{
	cop_contribution_rec x;

	bt_get(be, COP_REC_CONTRIBUTION, n, &x, sizeof(x));
	x.created = created;
	BT_OK(be, be->update(be, COP_REC_CONTRIBUTION, &x));
	cop_rec_clear(COP_REC_CONTRIBUTION, &x);
}

static int diff_row(void *arg, const cop_health_check_rec *r)
{
	static const char *const which[] = { "day (facts)", "day (stored)",
		"member day (facts)", "member day (stored)", "question (facts)",
		"question (stored)", "member (facts)", "member (stored)" };

	printf("# roll-up differs: %s member/thread %u day %lld: %lld %lld "
		"%lld\n", r->which >= 0 && r->which < 8 ? which[r->which] : "?",
		bt_id_num(&r->member_id), (long long)r->day,
		(long long)r->contributions, (long long)r->authored,
		(long long)r->questions);
	fflush(stdout);
	(*(int *)arg)++;
	return 0;
}

int bt_health_diffs(cop_backend *be, unsigned int c)
{
	cop_id k = bt_id(c);
	int n = 0;

	BT_OK(be, be->health->verify(be, &k, diff_row, &n));
	return n;
}

struct days_out {
	char *buf;
	size_t len, cap;
	int64_t d0;
};

static void days_add(struct days_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void days_add(struct days_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len >= o->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static int day_row(void *arg, const cop_health_day_rec *r)
{
	struct days_out *o = arg;

	days_add(o, " %lld:%lld/%lld/%lld", (long long)(r->day - o->d0),
		(long long)r->contributions, (long long)r->authored,
		(long long)r->questions);
	return 0;
}

static int mday_row(void *arg, const cop_health_mday_rec *r)
{
	struct days_out *o = arg;

	days_add(o, " %u@%lld:%lld", bt_id_num(&r->member_id),
		(long long)(r->day - o->d0), (long long)r->contributions);
	return 0;
}

const char *bt_health_days(cop_backend *be, unsigned int c, int64_t d0,
	int64_t d1)
{
	static char buf[1024];
	struct days_out o = { buf, 0, sizeof(buf), d0 };
	cop_id k = bt_id(c);

	buf[0] = '\0';
	BT_OK(be, be->health->days(be, &k, d0, d1, day_row, &o));
	days_add(&o, " |");
	BT_OK(be, be->health->member_days(be, &k, d0, d1, mday_row, &o));
	return buf[0] == ' ' ? buf + 1 : buf;
}

/* ---- listings ----------------------------------------------------------------- */

/* The record kind of each listing kind. */
static const cop_rec_kind rec_of_list[] = {
	[COP_LIST_MEMBERS] = COP_REC_MEMBER,
	[COP_LIST_COMMUNITIES] = COP_REC_COMMUNITY,
	[COP_LIST_MEMBERSHIPS] = COP_REC_MEMBERSHIP,
	[COP_LIST_THREADS] = COP_REC_THREAD,
	[COP_LIST_THREAD_CONTRIBS] = COP_REC_CONTRIBUTION,
	[COP_LIST_AUTHOR_CONTRIBS] = COP_REC_CONTRIBUTION,
	[COP_LIST_REVISIONS] = COP_REC_REVISION,
	[COP_LIST_LOG] = COP_REC_LOG,
};

static char *dup_or_null(const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	ck_assert_ptr_nonnull(p);
	return p;
}

/* Copy the keys of one row of kind @p k. */
static void row_keys(bt_rows *out, cop_list_kind k, const void *rec)
{
	size_t i = out->n;

	out->num[i] = out->num2[i] = 0;
	out->text[i] = NULL;
	switch (k) {
	case COP_LIST_MEMBERS: {
		const cop_member_rec *m = rec;

		out->id[i] = m->id;
		out->text[i] = dup_or_null(m->handle);
		break;
	}
	case COP_LIST_COMMUNITIES: {
		const cop_community_rec *c = rec;

		out->id[i] = c->id;
		out->text[i] = dup_or_null(c->slug);
		break;
	}
	case COP_LIST_MEMBERSHIPS: {
		const cop_membership_rec *m = rec;

		out->id[i] = m->member_id;
		out->num[i] = m->role;
		out->text[i] = dup_or_null(m->handle);
		break;
	}
	case COP_LIST_THREADS: {
		const cop_thread_rec *t = rec;

		out->id[i] = t->id;
		out->num[i] = t->last_activity;
		out->num2[i] = t->state == COP_THREAD_PINNED;
		out->text[i] = dup_or_null(t->title);
		break;
	}
	case COP_LIST_THREAD_CONTRIBS:
	case COP_LIST_AUTHOR_CONTRIBS: {
		const cop_contribution_rec *c = rec;

		out->id[i] = c->id;
		out->num[i] = c->created;
		out->text[i] = dup_or_null(c->body);
		break;
	}
	case COP_LIST_REVISIONS: {
		const cop_revision_rec *r = rec;

		out->id[i] = r->contribution_id;
		out->num[i] = r->number;
		out->text[i] = dup_or_null(r->body);
		break;
	}
	case COP_LIST_LOG: {
		const cop_log_rec *l = rec;

		out->id[i] = l->object_id;
		out->num[i] = l->seq;
		out->text[i] = dup_or_null(l->op);
		break;
	}
	}
	out->n++;
}

int bt_list(cop_backend *be, const cop_query *q, bt_rows *out)
{
	cop_backend_iter *it = NULL;
	bt_any_rec rec;
	cop_rec_kind rk;
	int rc;

	ck_assert_msg(q->kind >= COP_LIST_MEMBERS && q->kind <= COP_LIST_LOG,
		"listing kind %d", (int)q->kind);
	rk = rec_of_list[q->kind];
	memset(out, 0, sizeof(*out));
	if ((rc = be->list(be, q, &it)) != COP_OK) {
		ck_assert_ptr_null(it);
		return rc;
	}
	ck_assert_ptr_nonnull(it);
	ck_assert_ptr_nonnull(it->next);
	ck_assert_ptr_nonnull(it->free);
	out->flags = it->flags;
	for (;;) {
		memset(&rec, 0, sizeof(rec));
		if ((rc = it->next(it, &rec)) != COP_OK)
			break;
		ck_assert_uint_lt(out->n, BT_ROWS_MAX);
		row_keys(out, q->kind, &rec);
		/* Borrowed strings stay the iterator's; else they are ours. */
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(rk, &rec);
	}
	it->free(it);
	return rc;
}

void bt_expect(const cop_query *q, const char *want)
{
	bt_rows rows;

	BT_RC(bt_be, COP_ITEROVER, bt_list(bt_be, q, &rows));
	BT_ROWS_ARE(&rows, want);
	bt_rows_free(&rows);
}

void bt_rows_free(bt_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++) {
		free(rows->text[i]);
		rows->text[i] = NULL;
	}
	rows->n = 0;
}

const char *bt_rows_str(const bt_rows *rows)
{
	static char buf[BT_ROWS_MAX * 8];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < rows->n && len + 12 < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%u",
			i ? " " : "", bt_id_num(&rows->id[i]));
	return buf;
}

cop_query bt_query(cop_list_kind kind, unsigned int parent)
{
	cop_query q;

	memset(&q, 0, sizeof(q));
	q.kind = kind;
	q.parent = parent ? bt_id(parent) : bt_nil();
	return q;
}

void bt_query_after(cop_query *q, const bt_rows *rows, size_t i)
{
	static char text[256];

	ck_assert_uint_lt(i, rows->n);
	q->has_after = 1;
	q->after_num = rows->num[i];
	q->after_num2 = rows->num2[i];
	q->after_id = rows->id[i];
	q->after_text = NULL;
	if (q->kind == COP_LIST_MEMBERS || q->kind == COP_LIST_COMMUNITIES ||
	    q->kind == COP_LIST_MEMBERSHIPS) {
		size_t j;

		ck_assert_ptr_nonnull(rows->text[i]);
		ck_assert_uint_lt(strlen(rows->text[i]), sizeof(text));
		/* Members and memberships go by the lowercase handle. */
		for (j = 0; rows->text[i][j]; j++) {
			char ch = rows->text[i][j];

			text[j] = q->kind == COP_LIST_COMMUNITIES ? ch :
				(char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
		}
		text[j] = '\0';
		q->after_text = text;
	}
}
