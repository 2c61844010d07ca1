/*
 * iter.c: the one iterator under every public listing, and its cursors.
 * A listing comes from the backend's list() method (cop__iter_start()),
 * a search (cop__iter_from_backend()) or a typed feature listing
 * (cop__iter_typed(): recognition and flags).  A listing may give its
 * iterator hooks (cop__iter_set_hooks()): one called on each record
 * before it is handed out (the ledger and the change log blank who voted,
 * the log numbers a member's entries), one that writes its cursors (the
 * log's, log.c).
 *
 * A cursor is the sort key of the last item returned, in text:
 *   "c1:<num2>:<num>:<id as 32 hex, or ->:<text>"
 * It is kept in a fixed buffer, so that advancing never allocates after
 * the backend has moved (texts in keys are handles and slugs: at most 64
 * ASCII characters).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A record of any kind. */
typedef union any_rec {
	cop_member_rec member;
	cop_community_rec community;
	cop_membership_rec membership;
	cop_thread_rec thread;
	cop_contribution_rec contribution;
	cop_revision_rec revision;
	cop_log_rec log;
	cop_search_hit_rec hit;
	cop_flag_rec flag;
	cop_link_rec link;
	cop_kudos_rec kudos;
	cop_ledger_rec ledger;
	cop_badge_rec badge;
	cop_leader_rec leader;
	cop_modaction_rec modaction;
	cop_event_rec event;
} any_rec;

cop_rec_kind cop__list_rec_kind(cop_list_kind k)
{
	switch (k) {
	case COP_LIST_MEMBERS: return COP_REC_MEMBER;
	case COP_LIST_COMMUNITIES: return COP_REC_COMMUNITY;
	case COP_LIST_MEMBERSHIPS: return COP_REC_MEMBERSHIP;
	case COP_LIST_THREADS: return COP_REC_THREAD;
	case COP_LIST_THREAD_CONTRIBS:
	case COP_LIST_AUTHOR_CONTRIBS: return COP_REC_CONTRIBUTION;
	case COP_LIST_REVISIONS: return COP_REC_REVISION;
	case COP_LIST_LOG: return COP_REC_LOG;
	}
	return (cop_rec_kind)0;
}

static int parse_int(const char **p, int64_t *out)
{
	char *end;
	long long v;

	if (!isdigit((unsigned char)**p) && **p != '-')
		return -1;
	v = strtoll(*p, &end, 10);
	if (end == *p || *end != ':')
		return -1;
	*out = v;
	*p = end + 1;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parse a cursor into @p q; *text receives its text part (borrowed). */
static int cursor_parse(const char *c, cop_query *q, const char **text)
{
	const char *p = c;
	int i;

	if (strncmp(p, "c1:", 3) != 0)
		return -1;
	p += 3;
	if (parse_int(&p, &q->after_num2) || parse_int(&p, &q->after_num))
		return -1;
	if (*p == '-') {
		memset(&q->after_id, 0, sizeof(q->after_id));
		p++;
	} else {
		for (i = 0; i < 16; i++) {
			int hi = hexval((unsigned char)p[0]);
			int lo = hi < 0 ? -1 : hexval((unsigned char)p[1]);

			if (lo < 0)
				return -1;
			q->after_id.bytes[i] = (unsigned char)(hi << 4 | lo);
			p += 2;
		}
	}
	if (*p != ':')
		return -1;
	*text = p + 1;
	return 0;
}

/* Write @p v in decimal at @p w; returns the end. */
static char *put_int(char *w, int64_t v)
{
	char tmp[24];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*w++ = '-';
	while (n)
		*w++ = tmp[--n];
	return w;
}

/* Keep the sort key of @p r (of the listing's kind) in @p k; the cursor
 * text is made only when asked for (cop__iter_cursor()). */
static void key_save(const cop__iter *it, cop__key *k, const any_rec *r)
{
	const char *text = "";
	size_t i;

	k->num = k->num2 = 0;
	k->has_id = 0;
	switch (it->q.kind) {
	case COP_LIST_MEMBERS:
		text = r->member.handle;
		break;
	case COP_LIST_COMMUNITIES:
		text = r->community.slug;
		break;
	case COP_LIST_MEMBERSHIPS:
		k->num = r->membership.role;
		text = r->membership.handle ? r->membership.handle : "";
		break;
	case COP_LIST_THREADS:
		k->num2 = r->thread.pinned != 0;
		k->num = r->thread.last_activity;
		k->id = r->thread.id;
		k->has_id = 1;
		break;
	case COP_LIST_THREAD_CONTRIBS:
	case COP_LIST_AUTHOR_CONTRIBS:
		k->num = r->contribution.created;
		k->id = r->contribution.id;
		k->has_id = 1;
		break;
	case COP_LIST_REVISIONS:
		k->num = r->revision.number;
		break;
	case COP_LIST_LOG:
		/* The order; and what a reader sees of the entry, for the
		 * reader's cursors (log.c). */
		k->num = r->log.seq;
		k->num2 = r->log.time;
		k->id = r->log.object_id;
		break;
	}
	/* Keys with text are handles and slugs: ASCII, lowercased. */
	for (i = 0; text[i] && i < sizeof(k->text) - 1; i++)
		k->text[i] = (char)tolower((unsigned char)text[i]);
	k->text[i] = '\0';
}

/* Format the saved key into it->cursor. */
static void cursor_format(cop__iter *it)
{
	static const char hex[] = "0123456789abcdef";
	char *w = it->cursor;
	int i;

	memcpy(w, "c1:", 3);
	w += 3;
	w = put_int(w, it->key.num2);
	*w++ = ':';
	w = put_int(w, it->key.num);
	*w++ = ':';
	if (it->key.has_id) {
		for (i = 0; i < 16; i++) {
			*w++ = hex[it->key.id.bytes[i] >> 4];
			*w++ = hex[it->key.id.bytes[i] & 15];
		}
	} else {
		*w++ = '-';
	}
	*w++ = ':';
	strcpy(w, it->key.text);
	it->cursor_stale = 0;
}

int cop__check_page(cop_store *s, const cop_page *page)
{
	if (page && page->version != COP_PAGE_VERSION)
		return cop__error(s, COP_EINVAL,
			"unsupported cop_page version %u", page->version);
	return COP_OK;
}

/* A new iterator over query @p q with @p page applied (cursor parse:
 * COP_EINVAL when malformed; limit). */
static int iter_new(cop__iter **out, cop_store *s, const cop_query *q,
	const cop_page *page)
{
	cop__iter *it;
	const char *text = NULL;
	int rc;

	*out = NULL;
	if ((rc = cop__check_page(s, page)) != COP_OK)
		return rc;
	if (!(it = cop_mallocz(sizeof(*it))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	it->store = s;
	it->q = *q;
	it->kind = cop__list_rec_kind(q->kind);
	if (page && page->after && *page->after) {
		if (strlen(page->after) >= sizeof(it->cursor) ||
		    cursor_parse(page->after, &it->q, &text) != 0) {
			cop_free(it);
			return cop__error(s, COP_EINVAL, "malformed cursor '%.40s'",
				page->after);
		}
		if (!(it->after_text = cop_strdup(text))) {
			cop_free(it);
			return cop__error(s, COP_ENOMEM, "out of memory");
		}
		it->q.has_after = 1;
		it->q.after_text = it->after_text;
		strcpy(it->cursor, page->after);
	}
	if (page)
		it->q.limit = page->limit;
	*out = it;
	return COP_OK;
}

int cop__iter_start(cop__iter **out, cop_store *s, cop_query *q,
	const cop_page *page)
{
	cop__iter *it;
	int rc;

	if ((rc = iter_new(&it, s, q, page)) != COP_OK)
		return rc;
	rc = s->be->list(s->be, &it->q, &it->bi);
	it->q.parent_slug = NULL;   /* the caller's; the backend has copied it */
	if (rc != COP_OK) {
		cop__be_error(s, rc, "listing");
		cop_free(it->after_text);
		cop_free(it);
		return rc;
	}
	*out = it;
	return COP_OK;
}

int cop__iter_typed(cop__iter **out, cop_store *s, const cop_page *page,
	cop_rec_kind kind, cop__iter_open open, void *arg, cop__typed_make make)
{
	cop__iter *it;
	cop_query q;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = iter_new(&it, s, &q, page)) != COP_OK) {
		*out = NULL;
		return rc;
	}
	it->kind = kind;
	it->rec_make = make;
	if ((rc = open(s, &it->q, arg, &it->bi)) != COP_OK) {
		it->bi = NULL;
		cop__iter_free(it);
		*out = NULL;
		return rc;
	}
	*out = it;
	return COP_OK;
}

int cop__iter_list(cop__iter **out, cop_store *s, cop_list_kind kind,
	const cop_id *parent, const cop_page *page)
{
	cop_query q;
	int rc;

	memset(&q, 0, sizeof(q));
	q.kind = kind;
	q.viewer = cop__actor(s);
	if (parent)
		q.parent = *parent;
	if ((rc = cop__iter_start(out, s, &q, page)) != COP_OK)
		return rc;
	return cop__ok(s);
}

int cop__iter_from_backend(cop__iter **out, cop_store *s,
	cop_backend_iter *bi, cop_rec_kind kind)
{
	cop__iter *it;

	*out = NULL;
	if (!(it = cop_mallocz(sizeof(*it)))) {
		bi->free(bi);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	it->store = s;
	it->bi = bi;
	it->kind = kind;
	*out = it;
	return COP_OK;
}

/* Read one object from the backend into *obj and its sort key into @p k:
 * COP_OK, COP_ITEROVER (the listing is over) or an error.  The backend
 * hands out a record of it->kind, of a typed feature listing when
 * it->rec_make is set. */
static int read_one(cop__iter *it, cop__key *k, void **obj)
{
	any_rec r;
	int owned = !(it->bi->flags & COP_BACKEND_ITER_BORROWED);
	int rc;

	do {
		/* A record starts zeroed. */
		memset(&r, 0, sizeof(r));
		rc = it->bi->next(it->bi, &r);
		if (rc != COP_OK && rc != COP_ITEROVER) {
			if (owned)
				cop_rec_clear(it->kind, &r);
			return cop__be_error(it->store, rc,
				"reading a listing");
		}
		/* The listing's hook sees each record, and the end. */
		if (it->hooks && it->hooks->rec) {
			int h = it->hooks->rec(it, rc == COP_OK ? &r : NULL,
				it->hook_arg);

			if (h != COP_OK && rc == COP_OK && owned)
				cop_rec_clear(it->kind, &r);
			if (h != COP_OK && h != COP__ITER_SKIP)
				rc = h;
			else if (h == COP__ITER_SKIP && rc == COP_OK)
				rc = COP__ITER_SKIP;
		}
	} while (rc == COP__ITER_SKIP);
	if (rc != COP_OK) {
		/* Over, by the backend or the hook (which has recorded its
		 * error). */
		it->over = 1;
		if (rc == COP_ITEROVER)
			cop__ok(it->store);
		return rc;
	}
	if (it->rec_make) {
		memset(k, 0, sizeof(*k));
		k->has_id = 1;
		rc = it->rec_make(it->store, &r, obj, k);
		if (owned)
			cop_rec_clear(it->kind, &r);
		return rc;
	}
	if (it->q.kind)
		key_save(it, k, &r);
	if (!owned)
		return cop__wrap_borrowed(it->store, it->kind, &r, obj);
	return cop__wrap(it->store, it->kind, &r, obj);
}

/* Whether the listing has sort keys (and so cursors). */
static int keyed(const cop__iter *it)
{
	return it->q.kind != 0 || it->rec_make != NULL;
}

int cop__iter_next(cop__iter *it, void **obj)
{
	cop__key k;
	int rc;

	*obj = NULL;
	if (it->peeked) {
		*obj = it->peeked;
		it->peeked = NULL;
		it->key = it->peek_key;
		it->cursor_stale = keyed(it);
		return cop__ok(it->store);
	}
	if (it->over)
		return COP_ITEROVER;
	/* The cursor moves only past an item handed out: after a failed
	 * one (out of memory) it still resumes at that item. */
	rc = read_one(it, &k, obj);
	if (rc == COP_OK && keyed(it)) {
		it->key = k;
		it->cursor_stale = 1;
	}
	return rc;
}

int cop__iter_peek(cop__iter *it, int *found)
{
	int rc;

	*found = 0;
	if (it->peeked) {
		*found = 1;
		return COP_OK;
	}
	if (it->over)
		return COP_OK;
	rc = read_one(it, &it->peek_key, &it->peeked);
	if (rc == COP_ITEROVER)
		return COP_OK;
	*found = rc == COP_OK;
	return rc;
}

void cop__iter_set_hooks(cop__iter *it, const cop__iter_hooks *h, void *arg)
{
	if (!it) {
		if (h && h->free)
			h->free(arg);
		return;
	}
	it->hooks = h;
	it->hook_arg = arg;
}

const char *cop__iter_cursor(cop__iter *it)
{
	if (it->cursor_stale && it->hooks && it->hooks->cursor) {
		if (it->hooks->cursor(it, &it->key, it->cursor,
				sizeof(it->cursor), it->hook_arg) != COP_OK)
			it->cursor[0] = '\0';
		it->cursor_stale = 0;
	} else if (it->cursor_stale) {
		cursor_format(it);
	}
	return it->cursor[0] ? it->cursor : NULL;
}

void cop__iter_free(cop__iter *it)
{
	if (!it)
		return;
	if (it->hooks && it->hooks->free)
		it->hooks->free(it->hook_arg);
	if (it->bi)
		it->bi->free(it->bi);
	cop_free(it->peeked);   /* one block, as every object (store.c) */
	cop_free(it->after_text);
	cop_free(it);
}
