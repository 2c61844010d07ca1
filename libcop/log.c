/*
 * log.c: the change log.
 *
 * The system reads the log by its sequence numbers (replication): its
 * cursor is the last entry's number in decimal.  Any other reader sees
 * no global number (docs/privacy.md): its entries are numbered 1, 2, ...
 * in the order it sees them, and its cursor is that number signed with
 * the store's secret (mail_token.c) for that reader, with a digest of
 * the entry it names (its time and object, which the reader sees).  What
 * a member reads, cursors included, is so made only of what it may see:
 * it is the same whether or not anything it may not see happened in
 * between.  Resuming skips the entries before the cursor's; when the
 * reader's view has changed so that the entry there is another one, the
 * cursor is refused (COP_ENOTFOUND) rather than miss or repeat entries.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "mail_int.h"

/* The token kind of a reader's log cursor (mail's kinds are 0-2). */
#define CURSOR_KIND 0x4c
/* Its body: the reader's id, the entry's number, its digest. */
#define CURSOR_BODY (16 + 8 + 8)
#define BAD_CURSOR "bad cursor"

/* What a member's log listing keeps: its numbering, where it resumes,
 * and who the reader may see as a vote's voter. */
typedef struct log_reader {
	cop_id reader;
	int64_t number;          /* the reader's number of the last entry read */
	int64_t skip;            /* entries before the page's first */
	int check;               /* the skip-th entry must have digest @p at */
	uint64_t at;
	unsigned int limit, given;
	/* Whether the reader moderates a community, by community: read once
	 * per community of the listing. */
	struct moderated { cop_id community; int moderates; } *mods;
	size_t n_mods, cap_mods;
} log_reader;

/* An entry's digest as its reader sees it: FNV-1a over its time and its
 * object's id. */
static uint64_t digest(int64_t time, const cop_id *object)
{
	unsigned char b[8 + 16];
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	cop__mail_put64(b, time);
	memcpy(b + 8, object->bytes, 16);
	for (i = 0; i < sizeof(b); i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

/* Whether the reader moderates @p cid (cached): COP_OK or an error. */
static int moderates(cop_store *s, log_reader *l, const cop_id *cid, int *out)
{
	char text[COP_ID_TEXT_LEN + 1];
	cop__access acc;
	size_t i;

	for (i = 0; i < l->n_mods; i++)
		if (memcmp(l->mods[i].community.bytes, cid->bytes, 16) == 0) {
			*out = l->mods[i].moderates;
			return COP_OK;
		}
	*out = 0;
	cop_id_format(text, cid);
	/* A community the reader may not see: no voter either. */
	if (cop__community_resolve(s, text, NULL, &acc) != COP_OK ||
	    cop__recognition_allows(s, cid, &acc, COP_PRIV_MODERATE, out)
			!= COP_OK)
		*out = 0;
	if (l->n_mods == l->cap_mods) {
		size_t cap = l->cap_mods ? 2 * l->cap_mods : 8;
		struct moderated *m = cop_realloc(l->mods, cap * sizeof(*m));

		if (!m)
			return cop__error(s, COP_ENOMEM, "out of memory");
		l->mods = m;
		l->cap_mods = cap;
	}
	l->mods[l->n_mods].community = *cid;
	l->mods[l->n_mods++].moderates = *out;
	return COP_OK;
}

/*
 * Each entry a member reads: numbered in the reader's order, passed over
 * before the page's start, and, for a vote (vote.cast, vote.retract),
 * without its voter unless the reader is the voter or a moderator of its
 * community (docs/privacy.md), as the ledger's entries.
 */
static int reader_rec(cop__iter *it, void *rec, void *arg)
{
	log_reader *l = arg;
	cop_log_rec *r = rec;
	int mod = 0, rc;

	if (!r) {
		if (l->check && l->number < l->skip)
			return cop__error(it->store, COP_ENOTFOUND, "the cursor's "
				"entry is no longer in the log as you see it");
		return COP_ITEROVER;
	}
	if (l->limit && l->given == l->limit)
		return COP_ITEROVER;
	r->seq = ++l->number;
	if (l->number <= l->skip) {
		if (l->check && l->number == l->skip &&
		    digest(r->time, &r->object_id) != l->at)
			return cop__error(it->store, COP_ENOTFOUND, "the cursor's "
				"entry is no longer in the log as you see it");
		return COP__ITER_SKIP;
	}
	if (r->op && strncmp(r->op, "vote.", 5) == 0 &&
	    memcmp(r->actor_id.bytes, l->reader.bytes, 16) != 0) {
		if ((rc = moderates(it->store, l, &r->community_id, &mod))
				!= COP_OK)
			return rc;
		if (!mod)
			memset(&r->actor_id, 0, sizeof(r->actor_id));
	}
	l->given++;
	return COP_OK;
}

/* A member's cursor: the reader, the entry's number and digest, signed. */
static int reader_cursor(cop__iter *it, const cop__key *k, char *buf,
	size_t size, void *arg)
{
	const log_reader *l = arg;
	unsigned char body[CURSOR_BODY];
	char *token = NULL;
	int rc;

	memcpy(body, l->reader.bytes, 16);
	cop__mail_put64(body + 16, k->num);
	cop__mail_put64(body + 24, (int64_t)digest(k->num2, &k->id));
	if ((rc = cop__mail_token_make(it->store, CURSOR_KIND, body,
			sizeof(body), &token)) != COP_OK)
		return rc;
	snprintf(buf, size, "%s", token);
	cop_free(token);
	return COP_OK;
}

static void reader_free(void *arg)
{
	log_reader *l = arg;

	if (l) {
		cop_free(l->mods);
		cop_free(l);
	}
}

static const cop__iter_hooks reader_hooks = {
	reader_rec, reader_cursor, reader_free
};

/* The system's cursor: the last entry's sequence number. */
static int system_cursor(cop__iter *it, const cop__key *k, char *buf,
	size_t size, void *arg)
{
	(void)it;
	(void)arg;
	snprintf(buf, size, "%lld", (long long)k->num);
	return COP_OK;
}

static const cop__iter_hooks system_hooks = { NULL, system_cursor, NULL };

/* The system's cursor @p c into *seq: 0, or -1 when it is not one. */
static int system_cursor_parse(const char *c, int64_t *seq)
{
	int64_t v = 0;
	size_t i;

	for (i = 0; c[i]; i++) {
		if (c[i] < '0' || c[i] > '9' || i >= 18)
			return -1;
		v = v * 10 + (c[i] - '0');
	}
	if (!i)
		return -1;
	*seq = v;
	return 0;
}

/* A member's cursor @p c into @p l (its number, its entry's digest):
 * COP_OK, COP_EINVAL "bad cursor" (recorded), COP_ENOMEM, COP_EIO. */
static int reader_cursor_parse(cop_store *s, const char *c, log_reader *l)
{
	unsigned char body[CURSOR_BODY];
	/* Only the text made for it: an edited cursor is refused. */
	int rc = cop__mail_token_check(s, CURSOR_KIND, c, body, sizeof(body));

	if (rc == COP_EINVAL || rc == COP_EPERM ||
	    (rc == COP_OK && (memcmp(body, l->reader.bytes, 16) != 0 ||
			cop__mail_get64(body + 16) <= 0)))
		return cop__error(s, COP_EINVAL, BAD_CURSOR);
	if (rc != COP_OK)
		return rc;
	l->skip = cop__mail_get64(body + 16);
	l->at = (uint64_t)cop__mail_get64(body + 24);
	l->check = 1;
	return COP_OK;
}

/*
 * Start the log as the actor reads it: the system from after sequence
 * number @p after_seq; a member after its own @p after_seq-th entry, or
 * after the entry of cursor @p cursor.  @p cursors: whether a member's
 * cursors are wanted (the store's secret is made now, not in the middle
 * of the listing): 0 no, 1 if the store can (it may be read-only or
 * without mail storage), 2 yes (an error otherwise).
 */
static int log_start(cop__iter **out, cop_store *s, int64_t after_seq,
	const char *cursor, unsigned int limit, int cursors)
{
	log_reader *l = NULL;
	cop_query q;
	char *token = NULL;
	int rc;

	memset(&q, 0, sizeof(q));
	q.kind = COP_LIST_LOG;
	q.viewer = cop__actor(s);
	q.has_after = 1;
	if (!s->has_actor) {
		if (cursor && system_cursor_parse(cursor, &after_seq) != 0)
			return cop__error(s, COP_EINVAL, BAD_CURSOR);
		q.after_num = after_seq;
		q.limit = limit;
	} else {
		if (!(l = cop_mallocz(sizeof(*l))))
			return cop__error(s, COP_ENOMEM, "out of memory");
		l->reader = s->actor;
		l->skip = after_seq;
		l->limit = limit;
		rc = cursor ? reader_cursor_parse(s, cursor, l) : COP_OK;
		/* The backend reads no further than the page's end. */
		if (limit && l->skip <= (int64_t)(UINT_MAX - limit))
			q.limit = limit + (unsigned int)l->skip;
		if (rc == COP_OK && cursors &&
		    (rc = cop__mail_token_make(s, CURSOR_KIND,
				(const unsigned char *)"", 0, &token)) != COP_OK &&
		    cursors == 1 && (rc == COP_EREADONLY || rc == COP_ENOTSUP))
			rc = COP_OK;
		cop_free(token);
		if (rc != COP_OK) {
			reader_free(l);
			return rc;
		}
	}
	if ((rc = cop__iter_start(out, s, &q, NULL)) != COP_OK) {
		reader_free(l);
		return rc;
	}
	cop__iter_set_hooks(*out, l ? &reader_hooks : &system_hooks, l);
	/* Before the first entry, the cursor is the one the page started
	 * at. */
	if (cursor)
		snprintf((*out)->cursor, sizeof((*out)->cursor), "%s", cursor);
	return COP_OK;
}

int cop_log_iter_new(cop_log_iter **out, cop_store *s, int64_t after_seq,
	unsigned int limit)
{
	cop__iter *it = NULL;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK)
		return rc;
	if (after_seq < 0)
		return cop__error(s, COP_EINVAL,
			"after_seq must not be negative");
	if ((rc = log_start(&it, s, after_seq, NULL, limit, 1)) != COP_OK)
		return rc;
	*out = (cop_log_iter *)it;
	return cop__ok(s);
}

int cop_log_iter_page(cop_log_iter **out, cop_store *s, const cop_page *page)
{
	cop__iter *it = NULL;
	const char *after = page && page->after && *page->after ?
		page->after : NULL;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__check_page(s, page)) != COP_OK)
		return rc;
	if (after && strlen(after) >= sizeof(it->cursor))
		return cop__error(s, COP_EINVAL, BAD_CURSOR);
	if ((rc = log_start(&it, s, 0, after, page ? page->limit : 0, 2))
			!= COP_OK)
		return rc;
	*out = (cop_log_iter *)it;
	return cop__ok(s);
}

COP__ITER_FNS(cop_log, cop_log_entry)
COP__FREE_FN(cop_log_entry)

int64_t cop_log_last_seq(cop_store *s)
{
	cop__iter *it = NULL;
	void *e = NULL;
	int64_t seq = 0;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!s->has_actor) {
		if ((rc = s->be->log_last_seq(s->be, &seq)) != COP_OK)
			return cop__be_error(s, rc, "reading the log");
		cop__ok(s);
		return seq;
	}
	/* A member's: how many entries it sees. */
	if ((rc = log_start(&it, s, 0, NULL, 0, 0)) != COP_OK)
		return rc;
	while ((rc = cop__iter_next(it, &e)) == COP_OK) {
		seq = cop_log_entry_seq(e);
		cop_log_entry_free(e);
	}
	cop__iter_free(it);
	if (rc != COP_ITEROVER)
		return rc;
	cop__ok(s);
	return seq;
}

COP__GETTER(cop_log_entry, seq, int64_t, 0)
COP__GETTER(cop_log_entry, time, cop_time, 0)
COP__GETTER_ID(cop_log_entry, actor_id)
COP__GETTER_TEXT(cop_log_entry, op)
COP__GETTER_ID(cop_log_entry, object_id)
COP__GETTER_ID(cop_log_entry, community_id)
