/*
 * verify.c: cop_verify (derived recognition data against the facts, with
 * repair) and the recognition counts of cop_stats.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"
#include "health_figures.h"

/* ---- verification ----------------------------------------------------------------------- */

struct cop_verify_report {
	char **lines;
	size_t n, cap;
	int repaired;
	int recount;                 /* cop__recognition_recount's: no health */
};

int cop__rec_report_add(cop_store *s, cop_verify_report *r,
	const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (cop__grow(s, &r->lines, r->n, &r->cap, sizeof(*r->lines),
		16) != COP_OK)
		return COP_ENOMEM;
	if (!(r->lines[r->n] = cop_strdup(buf)))
		return cop__error(s, COP_ENOMEM, "out of memory");
	r->n++;
	return COP_OK;
}

/* A difference to repair: a row's ids and numbers, kept for after the
 * scan (a statement reading a table is not used to write it). */
typedef struct fix {
	int what;
	cop_id a, b;
	int64_t n[6];
} fix;

typedef struct fixes {
	fix *v;
	size_t n, cap;
} fixes;

static int fix_add(cop_store *s, fixes *f, const fix *x)
{
	if (cop__grow(s, &f->v, f->n, &f->cap, sizeof(*f->v),
		16) != COP_OK)
		return COP_ENOMEM;
	f->v[f->n++] = *x;
	return COP_OK;
}

enum { FIX_SCORE, FIX_COUNTS, FIX_TRUST, FIX_BADGE };

/* Verifying one community: what the scans' rows are checked against,
 * and the differences found. */
typedef struct vstate {
	const cop_community_rec *c;
	cop_verify_report *rep;
	cop_recognition_config cfg;
	fixes f;
	cop_id after;                /* the standings' keyset */
} vstate;

/* A stored number against the one the facts give, every row a
 * difference: @p a the contribution's or member's id, @p stored and
 * @p facts the numbers. */
static int check_diff(cop_store *s, vstate *v, int what, const char *noun,
	const char *name, const char *source, const cop_id *id, int64_t stored,
	int64_t facts)
{
	char a[37];
	fix x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.what = what;
	x.a = *id;
	x.n[0] = stored;
	x.n[1] = facts;
	cop_id_format(a, &x.a);
	if ((rc = cop__rec_report_add(s, v->rep, "%s: %s %s: %s %" PRId64
			", %s %" PRId64, v->c->slug, noun, a, name, x.n[0],
			source, x.n[1])) != COP_OK)
		return rc;
	return fix_add(s, &v->f, &x);
}

static int score_row(cop_store *s, void *rec, void *arg)
{
	const cop_score_check_rec *r = rec;

	return check_diff(s, arg, FIX_SCORE, "contribution", "score",
		"votes give", &r->contribution_id, r->score, r->expected);
}

/* A member's counters against the facts: (member, five stored, five
 * counted). */
static int counts_row(cop_store *s, void *rec, void *arg)
{
	static const char *const names[] = { "posts", "likes given",
		"likes received", "kudos received", "accepted answers" };
	const cop_counts_check_rec *r = rec;
	vstate *v = arg;
	char a[37];
	fix x;
	int k, rc;

	memset(&x, 0, sizeof(x));
	x.what = FIX_COUNTS;
	x.a = r->member_id;
	cop_id_format(a, &x.a);
	for (k = 0; k < 5; k++) {
		x.n[k] = r->counted[k];
		if (r->stored[k] != x.n[k] &&
		    (rc = cop__rec_report_add(s, v->rep, "%s: member %s: %s %d"
				", facts give %" PRId64, v->c->slug, a, names[k],
				r->stored[k], x.n[k])) != COP_OK)
			return rc;
	}
	return fix_add(s, &v->f, &x);
}

/* A standing's trust level and once-only badges (with the counters as
 * the facts give them). */
static int standing_row(cop_store *s, void *rec, void *arg)
{
	vstate *v = arg;
	const cop_recognition_config *cfg = &v->cfg;
	standing st = *(const standing *)rec;
	char a[37];
	size_t i;
	fix x;
	int lvl, k, rc;

	v->after = st.member_id;
	for (i = 0; i < v->f.n; i++)
		if (v->f.v[i].what == FIX_COUNTS &&
		    cop__same_id(&v->f.v[i].a, &st.member_id)) {
			st.posts = (int)v->f.v[i].n[0];
			st.likes_given = (int)v->f.v[i].n[1];
			st.likes_received = (int)v->f.v[i].n[2];
			st.kudos_received = (int)v->f.v[i].n[3];
			st.accepted = (int)v->f.v[i].n[4];
		}
	cop_id_format(a, &st.member_id);
	lvl = st.trust_manual ? st.trust : cop__rec_trust_auto(cfg, &st);
	if (lvl != st.trust) {
		memset(&x, 0, sizeof(x));
		x.what = FIX_TRUST;
		x.a = st.member_id;
		x.n[0] = lvl;
		if ((rc = cop__rec_report_add(s, v->rep, "%s: member %s: trust "
				"level %d, activity gives %d", v->c->slug, a,
				st.trust, lvl)) != COP_OK ||
		    (rc = fix_add(s, &v->f, &x)) != COP_OK)
			return rc;
	}
	{
		const int want[][2] = {
			{ COP_BADGE_FIRST_POST, st.posts >= 1 },
			{ COP_BADGE_FIRST_ACCEPTED, st.accepted >= 1 },
			{ COP_BADGE_APPRECIATED, cfg->badge_kudos1 > 0 &&
				st.kudos_received >= cfg->badge_kudos1 },
			{ COP_BADGE_VALUED, cfg->badge_kudos2 > 0 &&
				st.kudos_received >= cfg->badge_kudos2 },
			{ COP_BADGE_TREASURED, cfg->badge_kudos3 > 0 &&
				st.kudos_received >= cfg->badge_kudos3 },
		};
		for (k = 0; k < 5; k++) {
			memset(&x, 0, sizeof(x));
			x.what = FIX_BADGE;
			x.a = st.member_id;
			x.b = st.member_id;
			x.n[0] = want[k][0];
			if (cfg->rule_badges && want[k][1] &&
			    (rc = fix_add(s, &v->f, &x)) != COP_OK)
				return rc;
		}
	}
	return COP_OK;
}

/* A high-scoring contribution's score badges: (contribution, author,
 * score, contribution kind, thread kind). */
static int high_row(cop_store *s, void *rec, void *arg)
{
	const cop_high_score_rec *r = rec;
	vstate *v = arg;
	int64_t score = r->score;
	int th[3], k, rc;
	cop_badge first;
	fix x;

	if (!cop__rec_score_thresholds(&v->cfg, r->kind, r->thread_kind, th,
			&first))
		return COP_OK;
	for (k = 0; k < 3; k++) {
		if (th[k] <= 0 || score < th[k])
			continue;
		memset(&x, 0, sizeof(x));
		x.what = FIX_BADGE;
		x.a = r->author_id;
		x.b = r->contribution_id;
		x.n[0] = first + k;
		if ((rc = fix_add(s, &v->f, &x)) != COP_OK)
			return rc;
	}
	return COP_OK;
}

/* Apply the differences found. */
static int verify_repair(cop_store *s, vstate *v)
{
	const cop_backend_recognition *t = REC_T(s);
	const cop_id *cid = &v->c->id;
	size_t i;
	rctx xc;
	int rc;

	if ((rc = cop__rec_ctx_init(&xc, s, cid, NULL)) != COP_OK)
		return rc;
	for (i = 0; i < v->f.n && rc == COP_OK; i++) {
		fix *f = &v->f.v[i];
		standing st;
		switch (f->what) {
		case FIX_SCORE:
			rc = cop__rec_be(s, t->score_set(s->be, &f->a, f->n[1]));
			break;
		case FIX_COUNTS:
		case FIX_TRUST:
			if ((rc = cop__rec_standing_read(s, cid, &f->a, &st)) != COP_OK)
				break;
			if (f->what == FIX_COUNTS) {
				st.posts = (int)f->n[0];
				st.likes_given = (int)f->n[1];
				st.likes_received = (int)f->n[2];
				st.kudos_received = (int)f->n[3];
				st.accepted = (int)f->n[4];
				if (!st.trust_manual)
					st.trust = cop__rec_trust_auto(&v->cfg, &st);
			} else {
				st.trust = (int)f->n[0];
			}
			rc = cop__rec_standing_write(s, &st);
			break;
		case FIX_BADGE:
			rc = cop__rec_badge_give(&xc, &f->a, (cop_badge)f->n[0], &f->b, NULL);
			break;
		default:
			break;
		}
	}
	/* Reputations and period totals were set right as they were
	 * checked (cop__rec_points_check()). */
	return rc;
}

static int verify_community(cop_store *s, const cop_community_rec *c,
	int repair, cop_verify_report *rep)
{
	const cop_backend_recognition *t = REC_T(s);
	cop_backend_iter *it;
	vstate v;
	char a[37];
	size_t i, got;
	int rc, k, minth, weights[4], tdiffs = 0;

	memset(&v, 0, sizeof(v));
	v.c = c;
	v.rep = rep;
	if ((rc = cop__rec_config_load(s, &c->id, &v.cfg)) != COP_OK)
		return rc;

	/* Scores (the votes' weights given here: the rule is the core's),
	 * then counters. */
	for (k = 0; k < 4; k++)
		weights[k] = cop__rec_vote_weight(k);
	rc = t->verify_scores(s->be, &c->id, weights, &it);
	rc = cop__rec_each(s, rc, it, COP_REC_SCORE_CHECK, score_row, &v, NULL);
	if (rc == COP_OK) {
		rc = t->verify_counts(s->be, &c->id, &it);
		rc = cop__rec_each(s, rc, it, COP_REC_COUNTS_CHECK, counts_row, &v,
			NULL);
	}

	/* Trust levels and once-only badges, from each standing. */
	for (got = 500; rc == COP_OK && got == 500; ) {
		rc = t->standing_list(s->be, &c->id, &v.after, 500, &it);
		rc = cop__rec_each(s, rc, it, COP_REC_STANDING, standing_row, &v,
			&got);
	}

	/* Score badges. */
	minth = v.cfg.badge_answer1;
	if (v.cfg.badge_question1 < minth)
		minth = v.cfg.badge_question1;
	if (minth < 1)
		minth = 1;
	/* Rule badges switched off: none is due. */
	if (!v.cfg.rule_badges)
		minth = INT_MAX;
	if (rc == COP_OK) {
		rc = t->verify_high_scores(s->be, &c->id, minth, &it);
		rc = cop__rec_each(s, rc, it, COP_REC_HIGH_SCORE, high_row, &v,
			NULL);
	}

	/* Reputations and leaderboard totals: the points of the ledger
	 * entries on objects that are not hidden, member by member (set
	 * right there when repairing). */
	if (rc == COP_OK)
		rc = cop__rec_points_check(s, c, rep, COP__REC_POINTS_REP |
			(repair ? COP__REC_POINTS_SET : 0), &tdiffs);

	/* The health report's roll-ups (docs/health.md): reported, never
	 * repaired here (the database keeps them). */
	if (rc == COP_OK && !rep->recount)
		rc = cop__health_verify(s, c, rep);

	/* Which of the badges due are missing. */
	for (i = 0; i < v.f.n && rc == COP_OK; i++) {
		fix *f = &v.f.v[i];
		int have = 0;
		if (f->what != FIX_BADGE)
			continue;
		rc = t->badge_find(s->be, &c->id, &f->a, (int)f->n[0], &f->b, &have);
		if ((rc = cop__rec_be(s, rc)) != COP_OK)
			break;
		if (have) {
			f->what = -1;
			continue;
		}
		cop_id_format(a, &f->a);
		rc = cop__rec_report_add(s, rep, "%s: member %s: badge %s missing",
			c->slug, a, cop_badge_name((cop_badge)f->n[0]));
	}

	if (rc == COP_OK && repair)
		rc = verify_repair(s, &v);
	cop_free(v.f.v);
	return rc;
}

/* The whole store's derived index (cop_backend.check_index, version 8):
 * a report line when it differs from the rows; rebuilt with @p repair. */
static int verify_index(cop_store *s, int repair, cop_verify_report *r)
{
	char *problem = NULL;
	int rc;

	if (s->be->version < 8 || !s->be->check_index)
		return COP_OK;
	rc = s->be->check_index(s->be, repair, &problem);
	if (rc != COP_OK)
		return cop__be_error(s, rc, "checking the search index");
	if (problem)
		rc = cop__rec_report_add(s, r, "%s", problem);
	cop_free(problem);
	return rc;
}

int cop_verify(cop_verify_report **out, cop_store *s, const char *community,
	int repair)
{
	const cop_backend_recognition *t;
	cop_verify_report *r;
	cop_community_rec c;
	cop__access acc;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = cop__rec_out_arg(s, out)) != COP_OK)
		return rc;
	if (s->has_actor)
		return cop__error(s, COP_EPERM, "only the system verifies");
	if ((rc = RECOGNITION(s, &t)) != COP_OK)
		return rc;
	if (community && !*community)
		return cop__error(s, COP_EINVAL, "community is empty");
	if (!(r = cop_mallocz(sizeof(*r))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	/* Repairs run in one write transaction; a plain check only reads
	 * (also on a read-only store). */
	if (repair && (rc = cop__write_begin(s)) != COP_OK) {
		cop_verify_report_free(r);
		return rc;
	}
	memset(&c, 0, sizeof(c));
	if (community) {
		rc = cop__community_resolve(s, community, &c, &acc);
		if (rc == COP_OK)
			rc = verify_community(s, &c, repair, r);
		if (rc == COP_OK && repair)
			rc = cop__log(s, "recognition.repair", &c.id, &c.id);
		cop_rec_clear(COP_REC_COMMUNITY, &c);
	} else {
		cop_backend_iter *bi = NULL;
		cop_query q;
		/* Collect the ids first: the listing must not stay open while
		 * verify_community() runs its own statements. */
		cop_id *ids = NULL;
		char **slugs = NULL;
		size_t n = 0, cap = 0, i;
		memset(&q, 0, sizeof(q));
		q.kind = COP_LIST_COMMUNITIES;
		rc = s->be->list(s->be, &q, &bi);
		if (rc != COP_OK)
			rc = cop__be_error(s, rc, "listing communities");
		while (rc == COP_OK) {
			int nr = cop__be_next_owned(bi, COP_REC_COMMUNITY, &c);
			if (nr == COP_ITEROVER)
				break;
			if (nr != COP_OK) {
				rc = cop__be_error(s, nr, "listing communities");
				break;
			}
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 16;
				cop_id *ni = cop_realloc(ids, nc * sizeof(*ni));
				char **ns = ni ? cop_realloc(slugs, nc * sizeof(*ns)) : NULL;
				if (ni)
					ids = ni;
				if (ns)
					slugs = ns;
				if (!ni || !ns) {
					cop_rec_clear(COP_REC_COMMUNITY, &c);
					rc = cop__error(s, COP_ENOMEM, "out of memory");
					break;
				}
				cap = nc;
			}
			ids[n] = c.id;
			slugs[n] = c.slug;
			c.slug = NULL;
			cop_rec_clear(COP_REC_COMMUNITY, &c);
			n++;
		}
		if (bi)
			bi->free(bi);
		for (i = 0; i < n && rc == COP_OK; i++) {
			memset(&c, 0, sizeof(c));
			c.id = ids[i];
			c.slug = slugs[i];
			rc = verify_community(s, &c, repair, r);
			if (rc == COP_OK && repair)
				rc = cop__log(s, "recognition.repair", &c.id, &c.id);
		}
		for (i = 0; i < n; i++)
			cop_free(slugs[i]);
		cop_free(slugs);
		cop_free(ids);
		if (rc == COP_OK)
			rc = verify_index(s, repair, r);
	}
	if (repair)
		rc = cop__write_end(s, rc);
	if (rc != COP_OK) {
		cop_verify_report_free(r);
		return rc;
	}
	r->repaired = repair && r->n > 0;
	*out = r;
	return cop__ok(s);
}

size_t cop_verify_report_count(const cop_verify_report *r)
{
	return r ? r->n : 0;
}

const char *cop_verify_report_line(const cop_verify_report *r, size_t i)
{
	return r && i < r->n ? r->lines[i] : NULL;
}

int cop_verify_report_repaired(const cop_verify_report *r)
{
	return r ? r->repaired : 0;
}

void cop_verify_report_free(cop_verify_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		cop_free(r->lines[i]);
	cop_free(r->lines);
	cop_free(r);
}

int cop__recognition_recount(cop_store *s, const cop_id *cid)
{
	cop_verify_report r;
	cop_community_rec c;
	size_t i;
	int rc;

	if (!HAS_REC(s))
		return COP_OK;
	memset(&r, 0, sizeof(r));
	r.recount = 1;
	memset(&c, 0, sizeof(c));
	c.id = *cid;
	c.slug = (char *)"";
	rc = verify_community(s, &c, 1, &r);
	for (i = 0; i < r.n; i++)
		cop_free(r.lines[i]);
	cop_free(r.lines);
	return rc;
}

/* ---- stats ------------------------------------------------------------------------ */

int cop__recognition_stats(cop_store *s, const cop_id *community, cop_stats *st)
{
	if (!HAS_REC(s))
		return COP_OK;
	return cop__rec_be(s, REC_T(s)->stats(s->be, community, st));
}
