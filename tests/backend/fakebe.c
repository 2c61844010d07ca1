/*
 * fakebe.c: a small in-memory backend (see fakebe.h).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "betest.h"
#include "fakebe.h"

int fakebe_freed;

/* The string fields of each record kind, by offset (0 ends a list). */
#define S(type, f) offsetof(type, f)
static const size_t str_fields[COP_REC_LOG + 1][5] = {
	[COP_REC_MEMBER] = { S(cop_member_rec, handle),
		S(cop_member_rec, display_name),
		S(cop_member_rec, organisation),
		S(cop_member_rec, languages) },
	[COP_REC_COMMUNITY] = { S(cop_community_rec, slug),
		S(cop_community_rec, name), S(cop_community_rec, purpose),
		S(cop_community_rec, language) },
	[COP_REC_MEMBERSHIP] = { S(cop_membership_rec, handle) },
	[COP_REC_THREAD] = { S(cop_thread_rec, title),
		S(cop_thread_rec, tags), S(cop_thread_rec, language) },
	[COP_REC_CONTRIBUTION] = { S(cop_contribution_rec, language),
		S(cop_contribution_rec, body) },
	[COP_REC_REVISION] = { S(cop_revision_rec, body),
		S(cop_revision_rec, comment) },
	[COP_REC_LOG] = { S(cop_log_rec, op) },
};
static const size_t rec_size[COP_REC_LOG + 1] = {
	[COP_REC_MEMBER] = sizeof(cop_member_rec),
	[COP_REC_COMMUNITY] = sizeof(cop_community_rec),
	[COP_REC_MEMBERSHIP] = sizeof(cop_membership_rec),
	[COP_REC_THREAD] = sizeof(cop_thread_rec),
	[COP_REC_CONTRIBUTION] = sizeof(cop_contribution_rec),
	[COP_REC_REVISION] = sizeof(cop_revision_rec),
	[COP_REC_LOG] = sizeof(cop_log_rec),
};

typedef struct entry {
	struct entry *next;
	cop_rec_kind kind;
	bt_any_rec r;
} entry;

typedef struct fake {
	cop_backend base;
	entry *head, *tail;
	int depth;
	int64_t seq;
	long gets[COP_REC_LOG + 1];
	long trapped;
	const char *msg;
} fake;

#define FK(be) ((fake *)(be))

static int valid_kind(cop_rec_kind k)
{
	return k >= COP_REC_MEMBER && k <= COP_REC_LOG;
}

/* Copy @p src of @p kind into @p dst with strings of its own (NULL stays
 * NULL).  COP_ENOMEM leaves @p dst cleared.  (No string field is at
 * offset 0, so 0 ends each list.) */
static int rec_copy(cop_rec_kind kind, void *dst, const void *src)
{
	const size_t *f, *g;

	memcpy(dst, src, rec_size[kind]);
	for (f = str_fields[kind]; *f; f++) {
		char **p = (char **)((char *)dst + *f);

		if (*p && !(*p = cop_strdup(*p))) {
			/* The strings after this one are still borrowed. */
			for (g = f + 1; *g; g++)
				*(char **)((char *)dst + *g) = NULL;
			cop_rec_clear(kind, dst);
			return COP_ENOMEM;
		}
	}
	return COP_OK;
}

static int id_eq(const cop_id *a, const cop_id *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* 1 when entry @p e is the record @p key names. */
static int matches(const entry *e, cop_rec_kind kind, const cop_key *key)
{
	if (e->kind != kind)
		return 0;
	switch (kind) {
	case COP_REC_MEMBER:
		return key->name ? strcasecmp(e->r.m.handle, key->name) == 0 :
			id_eq(&e->r.m.id, &key->id);
	case COP_REC_COMMUNITY:
		return key->name ? strcmp(e->r.c.slug, key->name) == 0 :
			id_eq(&e->r.c.id, &key->id);
	case COP_REC_MEMBERSHIP:
		return id_eq(&e->r.ms.community_id, &key->id) &&
			id_eq(&e->r.ms.member_id, &key->id2);
	case COP_REC_THREAD:
		return id_eq(&e->r.t.id, &key->id);
	case COP_REC_CONTRIBUTION:
		return id_eq(&e->r.x.id, &key->id);
	case COP_REC_REVISION:
		return id_eq(&e->r.r.contribution_id, &key->id) &&
			e->r.r.number == key->number;
	default:
		return 0;
	}
}

static entry *find(fake *f, cop_rec_kind kind, const cop_key *key)
{
	entry *e;

	for (e = f->head; e; e = e->next)
		if (matches(e, kind, key))
			return e;
	return NULL;
}

/* The key of a record to write; @p alt the other unique key (handle,
 * slug), name NULL when the kind has none. */
static void key_of(cop_rec_kind kind, const void *rec, cop_key *key,
	cop_key *alt)
{
	const bt_any_rec *r = rec;

	memset(key, 0, sizeof(*key));
	memset(alt, 0, sizeof(*alt));
	switch (kind) {
	case COP_REC_MEMBER:
		key->id = r->m.id;
		alt->name = r->m.handle;
		break;
	case COP_REC_COMMUNITY:
		key->id = r->c.id;
		alt->name = r->c.slug;
		break;
	case COP_REC_MEMBERSHIP:
		key->id = r->ms.community_id;
		key->id2 = r->ms.member_id;
		break;
	case COP_REC_THREAD: key->id = r->t.id; break;
	case COP_REC_CONTRIBUTION: key->id = r->x.id; break;
	case COP_REC_REVISION:
		key->id = r->r.contribution_id;
		key->number = r->r.number;
		break;
	default: break;
	}
}

static void fk_free(cop_backend *be)
{
	fake *f = FK(be);
	entry *e, *next;

	for (e = f->head; e; e = next) {
		next = e->next;
		cop_rec_clear(e->kind, &e->r);
		free(e);
	}
	free(f);
	fakebe_freed++;
}

static const char *fk_errmsg(cop_backend *be)
{
	return FK(be)->msg ? FK(be)->msg : "no error";
}

static int fk_fail(fake *f, int rc, const char *msg)
{
	f->msg = msg;
	return rc;
}

static int fk_begin(cop_backend *be)
{
	FK(be)->depth++;
	return COP_OK;
}

static int fk_end(cop_backend *be)
{
	fake *f = FK(be);

	if (f->depth == 0)
		return fk_fail(f, COP_ERROR, "no transaction");
	f->depth--;
	return COP_OK;
}

static int fk_insert(cop_backend *be, cop_rec_kind kind, void *rec)
{
	fake *f = FK(be);
	cop_key key, alt;
	entry *e;

	if (!valid_kind(kind))
		return fk_fail(f, COP_EINVAL, "unknown record kind");
	if (kind == COP_REC_LOG)
		((cop_log_rec *)rec)->seq = f->seq + 1;
	else {
		key_of(kind, rec, &key, &alt);
		if (find(f, kind, &key) || (alt.name && find(f, kind, &alt)))
			return fk_fail(f, COP_EEXISTS, "key taken");
	}
	if (!(e = calloc(1, sizeof(*e))))
		return fk_fail(f, COP_ENOMEM, "out of memory");
	e->kind = kind;
	if (rec_copy(kind, &e->r, rec) != COP_OK) {
		free(e);
		return fk_fail(f, COP_ENOMEM, "out of memory");
	}
	if (kind == COP_REC_MEMBERSHIP) {
		cop_free(e->r.ms.handle);     /* ignored on write */
		e->r.ms.handle = NULL;
	}
	if (kind == COP_REC_LOG)
		f->seq++;
	if (f->tail)
		f->tail->next = e;
	else
		f->head = e;
	f->tail = e;
	return COP_OK;
}

static int fk_update(cop_backend *be, cop_rec_kind kind, const void *rec)
{
	fake *f = FK(be);
	cop_key key, alt;
	entry *e, *other;
	bt_any_rec copy;

	if (!valid_kind(kind) || kind == COP_REC_LOG || kind == COP_REC_REVISION)
		return fk_fail(f, COP_EINVAL, "not updatable");
	key_of(kind, rec, &key, &alt);
	if (!(e = find(f, kind, &key)))
		return fk_fail(f, COP_ENOTFOUND, "no such record");
	if (alt.name && (other = find(f, kind, &alt)) && other != e)
		return fk_fail(f, COP_EEXISTS, "key taken");
	if (rec_copy(kind, &copy, rec) != COP_OK)
		return fk_fail(f, COP_ENOMEM, "out of memory");
	if (kind == COP_REC_MEMBERSHIP) {
		cop_free(copy.ms.handle);
		copy.ms.handle = NULL;
	}
	cop_rec_clear(kind, &e->r);
	e->r = copy;
	return COP_OK;
}

/* Copy entry @p e out, the membership's handle from its member. */
static int copy_out(fake *f, const entry *e, void *out)
{
	if (rec_copy(e->kind, out, &e->r) != COP_OK)
		return fk_fail(f, COP_ENOMEM, "out of memory");
	if (e->kind == COP_REC_MEMBERSHIP) {
		cop_key mk;
		entry *m;

		memset(&mk, 0, sizeof(mk));
		mk.id = e->r.ms.member_id;
		m = find(f, COP_REC_MEMBER, &mk);
		if (m && !(((cop_membership_rec *)out)->handle =
			    cop_strdup(m->r.m.handle)))
			return fk_fail(f, COP_ENOMEM, "out of memory");
	}
	return COP_OK;
}

static int fk_get(cop_backend *be, cop_rec_kind kind, const cop_key *key,
	void *out)
{
	fake *f = FK(be);
	entry *e;

	if (!valid_kind(kind))
		return fk_fail(f, COP_EINVAL, "unknown record kind");
	f->gets[kind]++;
	if (!(e = find(f, kind, key)))
		return fk_fail(f, COP_ENOTFOUND, "no such record");
	return copy_out(f, e, out);
}

/* ---- listings: insertion order, parent filters only ---------------------------- */

typedef struct fk_iter {
	cop_backend_iter base;
	fake *f;
	entry *at;                /* next candidate */
	cop_list_kind kind;       /* 0: search (no rows) */
	cop_id parent;
	unsigned int left;        /* rows still allowed (limit), or -1 */
} fk_iter;

static int list_match(const fk_iter *it, const entry *e)
{
	switch (it->kind) {
	case COP_LIST_MEMBERS: return e->kind == COP_REC_MEMBER;
	case COP_LIST_COMMUNITIES: return e->kind == COP_REC_COMMUNITY;
	case COP_LIST_MEMBERSHIPS:
		return e->kind == COP_REC_MEMBERSHIP &&
			id_eq(&e->r.ms.community_id, &it->parent) &&
			e->r.ms.status != COP_MEMBERSHIP_LEFT;
	case COP_LIST_THREADS:
		return e->kind == COP_REC_THREAD &&
			id_eq(&e->r.t.community_id, &it->parent);
	case COP_LIST_THREAD_CONTRIBS:
		return e->kind == COP_REC_CONTRIBUTION &&
			id_eq(&e->r.x.thread_id, &it->parent);
	case COP_LIST_AUTHOR_CONTRIBS:
		return e->kind == COP_REC_CONTRIBUTION &&
			id_eq(&e->r.x.author_id, &it->parent);
	case COP_LIST_REVISIONS:
		return e->kind == COP_REC_REVISION &&
			id_eq(&e->r.r.contribution_id, &it->parent);
	case COP_LIST_LOG: return e->kind == COP_REC_LOG;
	}
	return 0;
}

static int fk_next(cop_backend_iter *bi, void *rec)
{
	fk_iter *it = (fk_iter *)bi;

	while (it->kind && it->left && it->at) {
		entry *e = it->at;

		it->at = e->next;
		if (list_match(it, e)) {
			it->left--;
			return copy_out(it->f, e, rec);
		}
	}
	return COP_ITEROVER;
}

static void fk_iter_free(cop_backend_iter *bi)
{
	free(bi);
}

static int iter_new(fake *f, cop_list_kind kind, const cop_id *parent,
	unsigned int limit, cop_backend_iter **out)
{
	fk_iter *it = calloc(1, sizeof(*it));

	*out = NULL;
	if (!it)
		return fk_fail(f, COP_ENOMEM, "out of memory");
	it->base.next = fk_next;
	it->base.free = fk_iter_free;
	it->f = f;
	it->at = f->head;
	it->kind = kind;
	if (parent)
		it->parent = *parent;
	it->left = limit ? limit : (unsigned int)-1;
	*out = &it->base;
	return COP_OK;
}

static int fk_list(cop_backend *be, const cop_query *q,
	cop_backend_iter **out)
{
	fake *f = FK(be);

	if (q->has_after)                  /* one page is all it has */
		return iter_new(f, (cop_list_kind)0, NULL, 0, out);
	return iter_new(f, q->kind, &q->parent, q->limit, out);
}

static int fk_search(cop_backend *be, const cop_search_query *q,
	cop_backend_iter **out)
{
	(void)q;
	return iter_new(FK(be), (cop_list_kind)0, NULL, 0, out);
}

static int fk_stats(cop_backend *be, const cop_id *community, cop_stats *out)
{
	fake *f = FK(be);
	entry *e;

	(void)community;
	for (e = f->head; e; e = e->next) {
		out->members += e->kind == COP_REC_MEMBER;
		out->communities += e->kind == COP_REC_COMMUNITY;
		out->threads += e->kind == COP_REC_THREAD;
		out->contributions += e->kind == COP_REC_CONTRIBUTION;
	}
	return COP_OK;
}

static int fk_log_last_seq(cop_backend *be, int64_t *out)
{
	*out = FK(be)->seq;
	return COP_OK;
}

/* ---- traps for methods of later versions --------------------------------------- */

static int trap_rop(cop_backend *be, int op, const cop_val *params,
	unsigned int n, cop_backend_iter **rows)
{
	(void)op;
	(void)params;
	(void)n;
	if (rows)
		*rows = NULL;
	FK(be)->trapped++;
	return COP_EIO;
}

static int trap_thread_access(cop_backend *be, const cop_id *thread,
	const cop_id *viewer, cop_thread_rec *rec, cop_access_rec *acc)
{
	(void)thread;
	(void)viewer;
	(void)rec;
	(void)acc;
	FK(be)->trapped++;
	return COP_EIO;
}

/* The methods of version 1. */
static const cop_backend fake_methods = {
	.name = "fake",
	.free = fk_free, .errmsg = fk_errmsg,
	.begin = fk_begin, .commit = fk_end, .rollback = fk_end,
	.insert = fk_insert, .update = fk_update, .get = fk_get,
	.list = fk_list, .search = fk_search, .stats = fk_stats,
	.log_last_seq = fk_log_last_seq,
};

cop_backend *fakebe_new(unsigned int version)
{
	fake *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->base = fake_methods;
	f->base.version = version;
	return &f->base;
}

long fakebe_gets(cop_backend *be, cop_rec_kind kind)
{
	return valid_kind(kind) ? FK(be)->gets[kind] : 0;
}

void fakebe_set_traps(cop_backend *be)
{
	be->rop = trap_rop;
	be->thread_access = trap_thread_access;
}

long fakebe_trapped(cop_backend *be)
{
	return FK(be)->trapped;
}
