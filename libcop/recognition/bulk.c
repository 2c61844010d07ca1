/*
 * bulk.c: many anonymous votes in one pass (an import's Votes.xml),
 * answers accepted by the system (an import's accepted answers), and
 * imported contributions counted in their authors' standings.
 *
 * cop_vote_cast() is one event: a savepoint, the configuration, the
 * contribution and its thread loaded and checked, the author's standing
 * read and written back, the vote, the score, a ledger entry and its
 * period totals (5 periods, for the community and each of the thread's
 * tags: up to 30 upserts), the change log entry.  A bulk of votes keeps
 * what the votes share in memory instead: the configuration once, the
 * standings it touched (written back once, with their trust level, at
 * the end), the contributions' score changes (added once each at the
 * end) and the period totals (summed in a bounded table, added when it
 * fills and at the end).  Each vote still writes its own vote, ledger
 * entry and change log entry, in the same order and with the same
 * values as cop_vote_cast() as the system: the daily cap and the floor
 * are applied in the order of the votes, so the results are the same.
 *
 * An accept is the same kind of event (cop_answer_accept(): a savepoint,
 * the loads, the configuration, the standing, an entry and its totals,
 * the thread written, the log, the notifications); in a bulk it reads
 * the thread and its accepted answer, writes its entry, the accepted
 * answer, the thread, the log entry and the notifications as the call
 * does, and keeps the standing and the totals with the votes'.  A
 * thread that has an accepted answer already is left to the call (which
 * undoes that answer first), after cop__rec_bulk_sync().
 *
 * Only for communities without rule badges (a vote may earn a score
 * badge there, which reads the contribution's score as it is; an accept
 * the first-accepted badge): the importer falls back to cop_vote_cast()
 * and cop_answer_accept() otherwise.  See recognition_int.h.
 */
#include "recognition_int.h"

#define BULK_TOTAL_MAX 98304      /* period totals summed before a flush */

typedef struct bstanding {
	cop_id member;
	int dirty;
	standing st;
} bstanding;

typedef struct btotal {
	cop_id member;
	int64_t start, points;
	int period;
	const char *tag;             /* one of the bulk's tags */
} btotal;

typedef struct bscore {
	cop_id contribution;
	int delta;
} bscore;

struct cop__rec_bulk {
	cop_store *s;
	cop_id community;
	cop_recognition_config cfg;
	bstanding *st;               /* the standings touched */
	size_t nst, capst;
	cop__htab sth;               /* member -> index into st */
	btotal *tot;                 /* BULK_TOTAL_MAX */
	size_t ntot;
	cop__htab toth;              /* total's key -> index into tot */
	char **tags;                 /* the totals' tags, each once */
	size_t ntags, captags;
	cop__htab tagh;              /* tag -> index into tags */
	bscore *sc;                  /* the scores changed */
	size_t nsc, capsc;
	cop__htab sch;               /* contribution -> index into sc */
	/* The backend's export table (NULL: none), whose plain insert
	 * stores a vote the bulk makes: its id is new, so the upsert's
	 * ON CONFLICT (id) could never meet a row. */
	const cop_backend_export *xt;
};

static int bulk_nomem(cop_store *s)
{
	return cop__error(s, COP_ENOMEM, "out of memory");
}

/* ---- tables by id ---------------------------------------------------------------- */

/* The index of @p id's entry in the array *arr of @p size-byte entries
 * each starting with their id (*n used, *cap allocated), indexed by
 * @p h; made (zeroed but its id) when new: *made 1. */
static int bulk_entry(cop__rec_bulk *b, cop__htab *h, void *arr, size_t *n,
	size_t *cap, size_t size, const cop_id *id, size_t *out, int *made)
{
	uint64_t key = cop__hash_bytes(id->bytes, 16, 0), i;
	unsigned char *v = *(unsigned char **)arr;
	size_t pos = 0;
	int rc;

	*made = 0;
	while (cop__htab_next(h, key, &pos, &i))
		if (cop__same_id((const cop_id *)(v + i * size), id)) {
			*out = (size_t)i;
			return COP_OK;
		}
	if ((rc = cop__grow(b->s, arr, *n, cap, size, 1024)) != COP_OK)
		return rc;
	v = *(unsigned char **)arr;
	memset(v + *n * size, 0, size);
	memcpy(v + *n * size, id, sizeof(*id));
	if (cop__htab_add(h, key, *n) != 0)
		return bulk_nomem(b->s);
	*out = (*n)++;
	*made = 1;
	return COP_OK;
}

/* ---- standings ------------------------------------------------------------------ */

/* The bulk's standing of @p mid, read on first use. */
static int bulk_standing(cop__rec_bulk *b, const cop_id *mid, bstanding **out)
{
	size_t i;
	int rc, made;

	if ((rc = bulk_entry(b, &b->sth, &b->st, &b->nst, &b->capst,
			sizeof(*b->st), mid, &i, &made)) != COP_OK)
		return rc;
	*out = &b->st[i];
	if (!made)
		return COP_OK;
	return cop__rec_standing_read(b->s, &b->community, mid, &(*out)->st);
}

/* Write the standings changed, with their trust level, and forget them
 * all: the next use reads the store again. */
static int st_flush(cop__rec_bulk *b)
{
	size_t i;
	int rc = COP_OK;

	for (i = 0; rc == COP_OK && i < b->nst; i++) {
		standing *st = &b->st[i].st;
		if (!b->st[i].dirty)
			continue;
		if (!st->trust_manual)
			st->trust = cop__rec_trust_auto(&b->cfg, st);
		rc = cop__rec_standing_write(b->s, st);
	}
	b->nst = 0;
	cop__htab_clear(&b->sth);
	return rc;
}

/* ---- period totals ------------------------------------------------------------- */

/* The order the totals are handed to the backend in: by period, start,
 * tag and member.  It was the table's key order when the totals were
 * keyed by those columns; since they are keyed by integers (the member
 * and tag keys, sql/schema.h) the backends order the rows for their
 * B-trees themselves (SQLite's held rows, sqlite/totals.c; PostgreSQL's
 * staged sums, ORDER BY).  What this order still decides is the order
 * in which a load's new keys are made: member-first measured 1.9% more
 * instructions for the flush (session 25). */
static int tot_cmp(const void *pa, const void *pb)
{
	const btotal *a = *(const btotal *const *)pa;
	const btotal *b = *(const btotal *const *)pb;
	int c;

	if (a->period != b->period)
		return a->period < b->period ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->tag != b->tag && (c = strcmp(a->tag, b->tag)) != 0)
		return c;
	return memcmp(a->member.bytes, b->member.bytes, 16);
}

/* Add the summed totals to the stored ones, in key order; the table is
 * empty after. */
static int tot_flush(cop__rec_bulk *b)
{
	cop_total_rec r;
	btotal **v;
	size_t i;
	int rc = COP_OK;

	if (!b->ntot)
		return COP_OK;
	/* Pointers sorted: glibc's qsort() takes a buffer as large as what
	 * it sorts, and the totals are 4.5 MiB when full. */
	if (!(v = cop_malloc(b->ntot * sizeof(*v))))
		return bulk_nomem(b->s);
	for (i = 0; i < b->ntot; i++)
		v[i] = &b->tot[i];
	qsort(v, b->ntot, sizeof(*v), tot_cmp);
	for (i = 0; rc == COP_OK && i < b->ntot; i++) {
		btotal *t = v[i];
		memset(&r, 0, sizeof(r));
		r.community_id = b->community;
		r.member_id = t->member;
		r.period = t->period;
		r.start = t->start;
		r.tag = (char *)t->tag;
		r.points = t->points;
		rc = cop__rec_be(b->s, REC_T(b->s)->total_add(b->s->be, &r));
	}
	cop_free(v);
	cop__htab_clear(&b->toth);
	b->ntot = 0;
	return rc;
}

/* Tag @p tag as the bulk keeps it (each once, for its life) into *out. */
static int tag_of(cop__rec_bulk *b, const char *tag, const char **out)
{
	uint64_t h = cop__hash_str(tag), i;
	size_t pos = 0;
	char *c;
	int rc;

	while (cop__htab_next(&b->tagh, h, &pos, &i))
		if (!strcmp(b->tags[i], tag)) {
			*out = b->tags[i];
			return COP_OK;
		}
	if ((rc = cop__grow(b->s, &b->tags, b->ntags, &b->captags,
			sizeof(*b->tags), 64)) != COP_OK)
		return rc;
	if (!(c = cop_strdup(tag)))
		return bulk_nomem(b->s);
	if (cop__htab_add(&b->tagh, h, b->ntags) != 0) {
		cop_free(c);
		return bulk_nomem(b->s);
	}
	b->tags[b->ntags++] = c;
	*out = c;
	return COP_OK;
}

typedef struct tot_arg {
	cop__rec_bulk *b;
	const cop_id *member;
	int64_t points;
} tot_arg;

/*
 * Add the points to the total of (member, period @p per from @p start,
 * @p tag).  Its key is hashed with the tag's text, not with the bulk's
 * copy of it: a total summed already is found in one lookup, and the
 * copy (tag_of(), a second lookup) is looked up only for a new total
 * (each call was both: five of each per member and tag of an entry).
 */
static int tot_one(int per, int64_t start, const char *tag, void *arg)
{
	tot_arg *a = arg;
	cop__rec_bulk *b = a->b;
	uint64_t h, i;
	const char *tg = NULL;
	size_t pos = 0;
	btotal *t;
	int rc;

	h = cop__hash_bytes(a->member->bytes, 16, (uint64_t)start * 31 +
		(uint64_t)per) ^ (cop__hash_str(tag) * 0x9e3779b97f4a7c15ULL);
	while (cop__htab_next(&b->toth, h, &pos, &i)) {
		t = &b->tot[i];
		if (t->period == per && t->start == start &&
		    cop__same_id(&t->member, a->member) &&
		    !strcmp(t->tag, tag)) {
			t->points += a->points;
			return COP_OK;
		}
	}
	if ((rc = tag_of(b, tag, &tg)) != COP_OK)
		return rc;
	if (b->ntot >= BULK_TOTAL_MAX && (rc = tot_flush(b)) != COP_OK)
		return rc;
	if (cop__htab_add(&b->toth, h, b->ntot) != 0)
		return bulk_nomem(b->s);
	t = &b->tot[b->ntot++];
	t->member = *a->member;
	t->period = per;
	t->start = start;
	t->points = a->points;
	t->tag = tg;
	return COP_OK;
}

/* ---- scores ---------------------------------------------------------------------- */

static int sc_add(cop__rec_bulk *b, const cop_id *cid, int delta)
{
	size_t i;
	int rc, made;

	if ((rc = bulk_entry(b, &b->sch, &b->sc, &b->nsc, &b->capsc,
			sizeof(*b->sc), cid, &i, &made)) == COP_OK)
		b->sc[i].delta += delta;
	return rc;
}

/* ---- ledger entries ---------------------------------------------------------------- */

/*
 * The entry of @p nominal points (not 0) for the member of standing
 * @p bs about @p object at the store's clock, as cop__rec_ledger_add()
 * as the system writes it (no actor): the daily cap when @p capped, the
 * floor, and on a hidden object (@p masked) the cap alone, the
 * reputation and the totals left as they are.  *eff receives the
 * points applied; the totals are summed in the bulk.
 */
static int bulk_ledger(cop__rec_bulk *b, bstanding *bs, int nominal,
	cop_rep_reason reason, const cop_id *object, const char *tags,
	int capped, int masked, int64_t *eff)
{
	cop_store *s = b->s;
	cop_ledger_rec e;
	int rc;

	memset(&e, 0, sizeof(e));
	e.time = cop__now(s);
	*eff = cop__rec_points_on(&b->cfg, &bs->st, e.time, nominal, capped,
		masked);
	bs->dirty = 1;
	if ((rc = cop__id_new(s, &e.id)) != COP_OK)
		return rc;
	e.community_id = b->community;
	e.member_id = bs->member;
	e.points = *eff;
	e.nominal = nominal;
	e.reason = reason;
	e.object_id = *object;
	e.tags = (char *)(tags ? tags : "");
	if ((rc = cop__rec_be(s, REC_T(s)->ledger_insert(s->be, &e))) != COP_OK)
		return rc;
	if (*eff != 0 && !masked) {
		tot_arg a;
		a.b = b;
		a.member = &bs->member;
		a.points = *eff;
		return cop__rec_totals_each(e.tags, e.time, tot_one, &a);
	}
	return COP_OK;
}

/* ---- the bulk ---------------------------------------------------------------------- */

int cop__rec_bulk_begin(cop_store *s, const cop_id *community,
	cop__rec_bulk **out)
{
	cop__rec_bulk *b;
	int rc;

	*out = NULL;
	if (!HAS_REC(s))
		return COP_OK;
	if (!(b = cop_mallocz(sizeof(*b))) ||
	    !(b->tot = cop_malloc(BULK_TOTAL_MAX * sizeof(*b->tot)))) {
		cop_free(b);
		return bulk_nomem(s);
	}
	b->s = s;
	b->community = *community;
	b->xt = COP__FEATURE(s, export, cop__sql_export);
	if ((rc = cop__rec_config_load(s, community, &b->cfg)) != COP_OK) {
		cop__rec_bulk_end(b, rc);
		return rc;
	}
	if (b->cfg.rule_badges) {
		/* Score badges read each score as it is: vote by vote. */
		cop__rec_bulk_end(b, COP_ERROR);
		return COP_OK;
	}
	*out = b;
	return COP_OK;
}

int cop__rec_bulk_vote(cop__rec_bulk *b, const cop_contribution_rec *c,
	int thread_kind, const char *tags, int masked, int kind)
{
	cop_store *s = b->s;
	cop_vote_rec v;
	bstanding *bs = NULL;
	int64_t eff;
	int rc, nominal, weight = cop__rec_vote_weight(kind);

	memset(&v, 0, sizeof(v));
	if ((rc = cop__id_new(s, &v.id)) != COP_OK)
		return rc;
	v.community_id = c->community_id;
	v.contribution_id = c->id;
	v.author_id = c->author_id;
	v.created = v.changed = cop__now(s);
	v.kind = kind;
	nominal = kind == COP_VOTE_DOWN ? b->cfg.down_received :
		c->kind == COP_CONTRIB_ANSWER ? b->cfg.up_answer :
		c->kind == COP_CONTRIB_POST && thread_kind == COP_THREAD_QUESTION ?
		b->cfg.up_question : b->cfg.up_other;
	/* The author's ledger entry, as cop__rec_ledger_add(); the system
	 * voting pays no cost and counts no day. */
	if (!cop_id_is_nil(&c->author_id) &&
	    (rc = bulk_standing(b, &c->author_id, &bs)) != COP_OK)
		return rc;
	if (bs && nominal != 0) {
		if ((rc = bulk_ledger(b, bs, nominal, kind == COP_VOTE_DOWN ?
				COP_REP_DOWNVOTE : COP_REP_UPVOTE, &v.id, tags,
				kind != COP_VOTE_DOWN, masked, &eff)) != COP_OK)
			return rc;
		v.rep_author = (int)eff;
	}
	if (bs && kind == COP_VOTE_UP) {
		bs->st.likes_received++;
		bs->dirty = 1;
	}
	if ((rc = cop__rec_be(s, b->xt ? b->xt->vote_insert(s->be, &v) :
			REC_T(s)->vote_put(s->be, &v))) != COP_OK ||
	    (weight != 0 && (rc = sc_add(b, &c->id, weight)) != COP_OK))
		return rc;
	return cop__log(s, "vote.cast", &v.id, &c->community_id);
}

/*
 * An accepted answer as cop_answer_accept() as the system makes it
 * (accept.c), in its order: the author's entry (no cap; the thread
 * hidden: masked), the accepted answer, the thread answered, the change
 * log entry, the notifications; the author's standing (its accepted
 * count) and the totals kept in the bulk.  No badge: the bulk is only
 * for communities without rule badges.  What the bulk cannot do as
 * the call does is left to it (*done 0, nothing written): a thread
 * that is missing or not a question (the call's refusal), or that has
 * an accepted answer (the call undoes it first).
 */
int cop__rec_bulk_accept(cop__rec_bulk *b, const cop_contribution_rec *c,
	cop_thread_rec *known, int *done)
{
	cop_store *s = b->s;
	cop_thread_rec read, *tp = known;
	cop_accept_rec a;
	cop_key key;
	bstanding *bs = NULL;
	int64_t eff;
	int rc, found;

	*done = 0;
	if (!tp) {
		memset(&key, 0, sizeof(key));
		key.id = c->thread_id;
		if ((rc = cop__rec_get(s, COP_REC_THREAD, &key, &read)) != COP_OK)
			return rc == COP_ENOTFOUND ? COP_OK : rc;
		tp = &read;
	}
	if (tp->kind != COP_THREAD_QUESTION) {
		rc = COP_OK;
		goto out;
	}
	rc = REC_T(s)->accept_get(s->be, &tp->id, &a);
	found = rc == COP_OK && !cop_id_is_nil(&a.contribution_id);
	if (rc == COP_ENOTFOUND)
		rc = COP_OK;
	if ((rc = cop__rec_be(s, rc)) != COP_OK || found)
		goto out;
	*done = 1;
	memset(&a, 0, sizeof(a));
	a.thread_id = tp->id;
	a.community_id = c->community_id;
	a.contribution_id = c->id;
	a.author_id = c->author_id;
	a.created = cop__now(s);
	if (!cop_id_is_nil(&c->author_id)) {
		rc = bulk_standing(b, &c->author_id, &bs);
		if (rc == COP_OK && b->cfg.accept_author != 0 &&
		    (rc = bulk_ledger(b, bs, b->cfg.accept_author,
				COP_REP_ACCEPTED, &tp->id, tp->tags, 0,
				tp->hidden != 0, &eff)) == COP_OK)
			a.rep_author = (int)eff;
		if (rc == COP_OK) {
			bs->st.accepted++;
			bs->dirty = 1;
		}
	}
	if (rc == COP_OK)
		rc = cop__rec_be(s, REC_T(s)->accept_put(s->be, &a));
	if (rc == COP_OK && !tp->answered &&
	    (rc = cop__thread_store_answered(s, tp, 1)) != COP_OK)
		rc = cop__be_error(s, rc, "updating a thread");
	if (rc == COP_OK)
		rc = cop__log(s, "answer.accept", &c->id, &c->community_id);
	if (rc == COP_OK)
		rc = cop__notify_accept(s, c, tp);
out:
	if (tp == &read)
		cop_rec_clear(COP_REC_THREAD, &read);
	return rc;
}

int cop__rec_bulk_contribution(cop__rec_bulk *b, const cop_contribution_rec *c,
	int counted)
{
	int64_t day = cop__rec_floor_div(c->created, DAY_MS);
	bstanding *bs;
	int rc;

	if (cop_id_is_nil(&c->author_id))
		return COP_OK;
	if ((rc = bulk_standing(b, &c->author_id, &bs)) != COP_OK)
		return rc;
	/* As cop__recognition_imported(), its badges off. */
	if (!counted && bs->st.last_day != day)
		bs->st.days_active++;
	if (day > bs->st.last_day)
		bs->st.last_day = day;
	bs->st.posts++;
	bs->dirty = 1;
	return COP_OK;
}

int cop__rec_bulk_sync(cop__rec_bulk *b)
{
	/* The totals the bulk sums are added to the stored ones, whatever
	 * the order: only the standings, which an event reads and writes
	 * whole, must be the store's. */
	return st_flush(b);
}

int cop__rec_bulk_end(cop__rec_bulk *b, int rc)
{
	size_t i;

	if (!b)
		return rc;
	if (rc == COP_OK)
		rc = tot_flush(b);
	for (i = 0; rc == COP_OK && i < b->nsc; i++)
		if (b->sc[i].delta != 0)
			rc = cop__rec_be(b->s, REC_T(b->s)->score_add(b->s->be,
				&b->sc[i].contribution, b->sc[i].delta));
	if (rc == COP_OK)
		rc = st_flush(b);
	cop_free(b->st);
	cop__htab_free(&b->sth);
	cop_free(b->sc);
	cop__htab_free(&b->sch);
	cop_free(b->tot);
	cop__htab_free(&b->toth);
	for (i = 0; i < b->ntags; i++)
		cop_free(b->tags[i]);
	cop_free(b->tags);
	cop__htab_free(&b->tagh);
	cop_free(b);
	return rc;
}
