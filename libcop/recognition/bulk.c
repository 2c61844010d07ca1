/*
 * bulk.c: many anonymous votes in one pass (an import's Votes.xml), and
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
 * Only for communities without rule badges (a vote may earn a score
 * badge there, which reads the contribution's score as it is): the
 * importer falls back to cop_vote_cast() otherwise.  See
 * recognition_int.h.
 */
#include "recognition_int.h"

#define BULK_TOTAL_SLOTS (1u << 17)  /* period totals summed before a flush */
#define BULK_TOTAL_FILL (BULK_TOTAL_SLOTS / 4 * 3)

/* The head of an entry of an id-keyed table (idtab). */
typedef struct bkey {
	cop_id id;
	int used;
} bkey;

/* An open-addressing table of entries of @p size bytes, each starting
 * with a bkey; grows by doubling at 3/4. */
typedef struct idtab {
	unsigned char *v;
	size_t n, cap, size;
	uint64_t salt;
} idtab;

typedef struct bstanding {
	bkey k;                      /* the member */
	int dirty;
	standing st;
} bstanding;

typedef struct btotal {
	cop_id member;
	int64_t start, points;
	int period, used;
	char tag[64];
} btotal;

typedef struct bscore {
	bkey k;                      /* the contribution */
	int delta;
} bscore;

struct cop__rec_bulk {
	cop_store *s;
	cop_id community;
	cop_recognition_config cfg;
	idtab st;                    /* bstanding, by member */
	btotal *tot;                 /* BULK_TOTAL_SLOTS */
	size_t ntot;
	idtab sc;                    /* bscore, by contribution */
};

static size_t id_hash(const cop_id *id, uint64_t salt)
{
	uint64_t h = salt, w;
	int i;

	for (i = 0; i < 16; i += 8) {
		memcpy(&w, id->bytes + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 31;
	}
	return (size_t)h;
}

static int bulk_nomem(cop_store *s)
{
	return cop__error(s, COP_ENOMEM, "out of memory");
}

/* ---- tables by id ---------------------------------------------------------------- */

#define IDTAB_AT(t, i) ((bkey *)((t)->v + (i) * (t)->size))

/* Entry @p id of table @p t into *out, made (zeroed but its key) when
 * new: *made 1. */
static int idtab_get(cop__rec_bulk *b, idtab *t, const cop_id *id,
	void **out, int *made)
{
	size_t i, j;

	if ((t->n + 1) * 4 > t->cap * 3) {
		idtab n = *t;
		n.cap = t->cap ? t->cap * 2 : 1024;
		if (!(n.v = cop_mallocz(n.cap * n.size)))
			return bulk_nomem(b->s);
		for (i = 0; i < t->cap; i++) {
			bkey *k = IDTAB_AT(t, i);
			if (!k->used)
				continue;
			for (j = id_hash(&k->id, n.salt) & (n.cap - 1);
			     IDTAB_AT(&n, j)->used; j = (j + 1) & (n.cap - 1))
				;
			memcpy(IDTAB_AT(&n, j), k, n.size);
		}
		cop_free(t->v);
		*t = n;
	}
	*made = 0;
	for (j = id_hash(id, t->salt) & (t->cap - 1); IDTAB_AT(t, j)->used;
	     j = (j + 1) & (t->cap - 1))
		if (cop__same_id(&IDTAB_AT(t, j)->id, id)) {
			*out = IDTAB_AT(t, j);
			return COP_OK;
		}
	IDTAB_AT(t, j)->used = 1;
	IDTAB_AT(t, j)->id = *id;
	t->n++;
	*made = 1;
	*out = IDTAB_AT(t, j);
	return COP_OK;
}

/* ---- standings ------------------------------------------------------------------ */

/* The bulk's standing of @p mid, read on first use. */
static int bulk_standing(cop__rec_bulk *b, const cop_id *mid, bstanding **out)
{
	int rc, made;

	if ((rc = idtab_get(b, &b->st, mid, (void **)out, &made)) != COP_OK ||
	    !made)
		return rc;
	return cop__rec_standing_read(b->s, &b->community, mid, &(*out)->st);
}

/* ---- period totals ------------------------------------------------------------- */

/* The totals' key order (the table's): its B-tree is written in order. */
static int tot_cmp(const void *pa, const void *pb)
{
	const btotal *a = *(const btotal *const *)pa;
	const btotal *b = *(const btotal *const *)pb;
	int c;

	if (a->period != b->period)
		return a->period < b->period ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if ((c = strcmp(a->tag, b->tag)) != 0)
		return c;
	return memcmp(a->member.bytes, b->member.bytes, 16);
}

/* Add the summed totals to the stored ones, in key order; the table is
 * empty after. */
static int tot_flush(cop__rec_bulk *b)
{
	cop_total_rec r;
	btotal **v;
	size_t i, n = 0;
	int rc = COP_OK;

	if (!b->ntot)
		return COP_OK;
	if (!(v = cop_mallocz(b->ntot * sizeof(*v))))
		return bulk_nomem(b->s);
	for (i = 0; i < BULK_TOTAL_SLOTS; i++)
		if (b->tot[i].used)
			v[n++] = &b->tot[i];
	qsort(v, n, sizeof(*v), tot_cmp);
	for (i = 0; rc == COP_OK && i < n; i++) {
		btotal *t = v[i];
		memset(&r, 0, sizeof(r));
		r.community_id = b->community;
		r.member_id = t->member;
		r.period = t->period;
		r.start = t->start;
		r.tag = t->tag;
		r.points = t->points;
		rc = cop__rec_be(b->s, REC_T(b->s)->total_add(b->s->be, &r));
	}
	cop_free(v);
	memset(b->tot, 0, BULK_TOTAL_SLOTS * sizeof(*b->tot));
	b->ntot = 0;
	return rc;
}

typedef struct tot_arg {
	cop__rec_bulk *b;
	const cop_id *member;
	int64_t points;
} tot_arg;

static int tot_one(int per, int64_t start, const char *tag, void *arg)
{
	tot_arg *a = arg;
	cop__rec_bulk *b = a->b;
	uint64_t h = id_hash(a->member, (uint64_t)start * 31 + (uint64_t)per);
	const unsigned char *p;
	size_t j;
	int rc;

	for (p = (const unsigned char *)tag; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	if (b->ntot >= BULK_TOTAL_FILL && (rc = tot_flush(b)) != COP_OK)
		return rc;
	for (j = h & (BULK_TOTAL_SLOTS - 1); b->tot[j].used;
	     j = (j + 1) & (BULK_TOTAL_SLOTS - 1)) {
		btotal *t = &b->tot[j];
		if (t->period == per && t->start == start &&
		    cop__same_id(&t->member, a->member) && !strcmp(t->tag, tag)) {
			t->points += a->points;
			return COP_OK;
		}
	}
	b->tot[j].used = 1;
	b->tot[j].member = *a->member;
	b->tot[j].period = per;
	b->tot[j].start = start;
	b->tot[j].points = a->points;
	snprintf(b->tot[j].tag, sizeof(b->tot[j].tag), "%s", tag);
	b->ntot++;
	return COP_OK;
}

/* ---- scores ---------------------------------------------------------------------- */

static int sc_add(cop__rec_bulk *b, const cop_id *cid, int delta)
{
	bscore *e;
	int rc, made;

	if ((rc = idtab_get(b, &b->sc, cid, (void **)&e, &made)) == COP_OK)
		e->delta += delta;
	return rc;
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
	    !(b->tot = cop_mallocz(BULK_TOTAL_SLOTS * sizeof(*b->tot)))) {
		cop_free(b);
		return bulk_nomem(s);
	}
	b->s = s;
	b->community = *community;
	b->st.size = sizeof(bstanding);
	b->st.salt = 1;
	b->sc.size = sizeof(bscore);
	b->sc.salt = 2;
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
	int thread_kind, const char *tags, int kind)
{
	cop_store *s = b->s;
	cop_vote_rec v;
	cop_ledger_rec e;
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
		eff = cop__rec_points(&b->cfg, &bs->st, v.created, nominal,
			kind != COP_VOTE_DOWN);
		memset(&e, 0, sizeof(e));
		if ((rc = cop__id_new(s, &e.id)) != COP_OK)
			return rc;
		e.community_id = b->community;
		e.member_id = c->author_id;
		e.points = eff;
		e.nominal = nominal;
		e.reason = kind == COP_VOTE_DOWN ? COP_REP_DOWNVOTE : COP_REP_UPVOTE;
		e.object_id = v.id;
		e.time = v.created;
		e.tags = (char *)(tags ? tags : "");
		if ((rc = cop__rec_be(s, REC_T(s)->ledger_insert(s->be, &e)))
				!= COP_OK)
			return rc;
		if (eff != 0) {
			tot_arg a;
			a.b = b;
			a.member = &c->author_id;
			a.points = eff;
			if ((rc = cop__rec_totals_each(e.tags, e.time, tot_one, &a))
					!= COP_OK)
				return rc;
		}
		v.rep_author = (int)eff;
		bs->dirty = 1;
	}
	if (bs && kind == COP_VOTE_UP) {
		bs->st.likes_received++;
		bs->dirty = 1;
	}
	if ((rc = cop__rec_be(s, REC_T(s)->vote_put(s->be, &v))) != COP_OK ||
	    (weight != 0 && (rc = sc_add(b, &c->id, weight)) != COP_OK))
		return rc;
	return cop__log(s, "vote.cast", &v.id, &c->community_id);
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

int cop__rec_bulk_end(cop__rec_bulk *b, int rc)
{
	size_t i;

	if (!b)
		return rc;
	if (rc == COP_OK)
		rc = tot_flush(b);
	for (i = 0; rc == COP_OK && i < b->sc.cap; i++) {
		bscore *e = (bscore *)IDTAB_AT(&b->sc, i);
		if (e->k.used && e->delta != 0)
			rc = cop__rec_be(b->s, REC_T(b->s)->score_add(b->s->be,
				&e->k.id, e->delta));
	}
	for (i = 0; rc == COP_OK && i < b->st.cap; i++) {
		bstanding *e = (bstanding *)IDTAB_AT(&b->st, i);
		standing *st = &e->st;
		if (!e->k.used || !e->dirty)
			continue;
		if (!st->trust_manual)
			st->trust = cop__rec_trust_auto(&b->cfg, st);
		rc = cop__rec_standing_write(b->s, st);
	}
	cop_free(b->st.v);
	cop_free(b->sc.v);
	cop_free(b->tot);
	cop_free(b);
	return rc;
}
