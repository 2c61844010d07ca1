/*
 * verify.c: cop_verify (derived recognition data against the facts, with
 * repair) and the recognition counts of cop_stats.
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- verification ----------------------------------------------------------------------- */

struct cop_verify_report {
	char **lines;
	size_t n, cap;
	int repaired;
};

int cop__rec_report_add(cop_store *s, cop_verify_report *r,
	const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		char **l = cop_realloc(r->lines, cap * sizeof(*l));
		if (!l)
			return cop__error(s, COP_ENOMEM, "out of memory");
		r->lines = l;
		r->cap = cap;
	}
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
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		fix *v = cop_realloc(f->v, cap * sizeof(*v));
		if (!v)
			return cop__error(s, COP_ENOMEM, "out of memory");
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n++] = *x;
	return COP_OK;
}

enum { FIX_SCORE, FIX_COUNTS, FIX_REP, FIX_TRUST, FIX_BADGE };

static int verify_community(cop_store *s, const cop_community_rec *c,
	int repair, cop_verify_report *rep)
{
	cop_backend_iter *it = NULL;
	cop_recognition_config cfg;
	char a[37];
	cop_row row;
	cop_val p[6];
	fixes f;
	fix x;
	size_t i;
	int rc, minth;

	memset(&f, 0, sizeof(f));
	if ((rc = cop__rec_config_load(s, &c->id, &cfg)) != COP_OK)
		return rc;
	p[0] = cop__v_id(&c->id);

	/* Scores. */
	if ((rc = rop_rows(s, COP_ROP_V_SCORES, p, 1, &it)) != COP_OK)
		goto out;
	while ((rc = rop_next(s, it, &row)) == COP_OK) {
		memset(&x, 0, sizeof(x));
		x.what = FIX_SCORE;
		x.a = cop__r_id(&row, 0);
		x.n[0] = cop__r_int(&row, 1);
		x.n[1] = cop__r_int(&row, 2);
		cop_id_format(a, &x.a);
		if ((rc = cop__rec_report_add(s, rep, "%s: contribution %s: score %" PRId64
				", votes give %" PRId64, c->slug, a, x.n[0], x.n[1]))
				!= COP_OK || (rc = fix_add(s, &f, &x)) != COP_OK)
			break;
	}
	it->free(it);
	if (rc != COP_ITEROVER)
		goto out;

	/* Counters. */
	if ((rc = rop_rows(s, COP_ROP_V_COUNTS, p, 1, &it)) != COP_OK)
		goto out;
	while ((rc = rop_next(s, it, &row)) == COP_OK) {
		int k;
		memset(&x, 0, sizeof(x));
		x.what = FIX_COUNTS;
		x.a = cop__r_id(&row, 0);
		cop_id_format(a, &x.a);
		for (k = 0; k < 5; k++) {
			static const char *const names[] = { "posts", "likes given",
				"likes received", "kudos received", "accepted answers" };
			x.n[k] = cop__r_int(&row, (unsigned)(6 + k));
			if (cop__r_int(&row, (unsigned)(1 + k)) != x.n[k] &&
			    (rc = cop__rec_report_add(s, rep, "%s: member %s: %s %" PRId64
					", facts give %" PRId64, c->slug, a, names[k],
					cop__r_int(&row, (unsigned)(1 + k)), x.n[k])) != COP_OK)
				break;
		}
		if (rc != COP_OK || (rc = fix_add(s, &f, &x)) != COP_OK)
			break;
	}
	it->free(it);
	if (rc != COP_ITEROVER)
		goto out;

	/* Reputation totals. */
	p[1] = cop__v_int(REP_INITIAL);
	if ((rc = rop_rows(s, COP_ROP_V_REPUTATION, p, 2, &it)) != COP_OK)
		goto out;
	while ((rc = rop_next(s, it, &row)) == COP_OK) {
		memset(&x, 0, sizeof(x));
		x.what = FIX_REP;
		x.a = cop__r_id(&row, 0);
		x.n[0] = cop__r_int(&row, 1);
		x.n[1] = REP_INITIAL + cop__r_int(&row, 2);
		cop_id_format(a, &x.a);
		if ((rc = cop__rec_report_add(s, rep, "%s: member %s: reputation %" PRId64
				", ledger gives %" PRId64, c->slug, a, x.n[0], x.n[1]))
				!= COP_OK || (rc = fix_add(s, &f, &x)) != COP_OK)
			break;
	}
	it->free(it);
	if (rc != COP_ITEROVER)
		goto out;

	/* Trust levels and once-only badges, from each standing (with the
	 * counters as the facts give them). */
	{
		cop_id after;
		int more = 1;
		memset(&after, 0, sizeof(after));
		while (more) {
			int got = 0;
			p[1] = cop__v_id(&after);
			p[1].type = COP_VAL_KEY;
			p[2] = cop__v_int(500);
			if ((rc = rop_rows(s, COP_ROP_STANDING_LIST, p, 3, &it)) != COP_OK)
				goto out;
			while ((rc = rop_next(s, it, &row)) == COP_OK) {
				standing st;
				int lvl, k;
				got++;
				cop__rec_standing_from_row(&st, &row);
				after = st.member;
				for (i = 0; i < f.n; i++)
					if (f.v[i].what == FIX_COUNTS &&
					    cop__same_id(&f.v[i].a, &st.member)) {
						st.posts = (int)f.v[i].n[0];
						st.likes_given = (int)f.v[i].n[1];
						st.likes_received = (int)f.v[i].n[2];
						st.kudos_received = (int)f.v[i].n[3];
						st.accepted = (int)f.v[i].n[4];
					}
				cop_id_format(a, &st.member);
				lvl = st.trust_manual ? st.trust : cop__rec_trust_auto(&cfg, &st);
				if (lvl != st.trust) {
					memset(&x, 0, sizeof(x));
					x.what = FIX_TRUST;
					x.a = st.member;
					x.n[0] = lvl;
					if ((rc = cop__rec_report_add(s, rep, "%s: member %s: trust "
							"level %d, activity gives %d", c->slug, a,
							st.trust, lvl)) != COP_OK ||
					    (rc = fix_add(s, &f, &x)) != COP_OK)
						break;
				}
				{
					const int want[][2] = {
						{ COP_BADGE_FIRST_POST, st.posts >= 1 },
						{ COP_BADGE_FIRST_ACCEPTED, st.accepted >= 1 },
						{ COP_BADGE_APPRECIATED, cfg.badge_kudos1 > 0 &&
							st.kudos_received >= cfg.badge_kudos1 },
						{ COP_BADGE_VALUED, cfg.badge_kudos2 > 0 &&
							st.kudos_received >= cfg.badge_kudos2 },
						{ COP_BADGE_TREASURED, cfg.badge_kudos3 > 0 &&
							st.kudos_received >= cfg.badge_kudos3 },
					};
					for (k = 0; k < 5 && rc == COP_OK; k++) {
						memset(&x, 0, sizeof(x));
						x.what = FIX_BADGE;
						x.a = st.member;
						x.b = st.member;
						x.n[0] = want[k][0];
						if (cfg.rule_badges && want[k][1] &&
						    (rc = fix_add(s, &f, &x)) != COP_OK)
							break;
					}
				}
				if (rc != COP_OK)
					break;
			}
			it->free(it);
			if (rc != COP_ITEROVER)
				goto out;
			more = got == 500;
		}
	}

	/* Score badges. */
	minth = cfg.badge_answer1;
	if (cfg.badge_question1 < minth)
		minth = cfg.badge_question1;
	if (minth < 1)
		minth = 1;
	/* Rule badges switched off: none is due. */
	if (!cfg.rule_badges)
		minth = INT_MAX;
	p[1] = cop__v_int(minth);
	if ((rc = rop_rows(s, COP_ROP_V_HIGH_SCORES, p, 2, &it)) != COP_OK)
		goto out;
	while ((rc = rop_next(s, it, &row)) == COP_OK) {
		int ck = (int)cop__r_int(&row, 3), tk = (int)cop__r_int(&row, 4), k;
		int64_t score = cop__r_int(&row, 2);
		int th[3];
		cop_badge first;
		if (ck == COP_CONTRIB_ANSWER) {
			th[0] = cfg.badge_answer1; th[1] = cfg.badge_answer2;
			th[2] = cfg.badge_answer3;
			first = COP_BADGE_NICE_ANSWER;
		} else if (ck == COP_CONTRIB_POST && tk == COP_THREAD_QUESTION) {
			th[0] = cfg.badge_question1; th[1] = cfg.badge_question2;
			th[2] = cfg.badge_question3;
			first = COP_BADGE_NICE_QUESTION;
		} else {
			continue;
		}
		for (k = 0; k < 3; k++) {
			if (th[k] <= 0 || score < th[k])
				continue;
			memset(&x, 0, sizeof(x));
			x.what = FIX_BADGE;
			x.a = cop__r_id(&row, 1);
			x.b = cop__r_id(&row, 0);
			x.n[0] = first + k;
			if ((rc = fix_add(s, &f, &x)) != COP_OK)
				break;
		}
		if (rc != COP_OK)
			break;
	}
	it->free(it);
	if (rc != COP_ITEROVER)
		goto out;
	rc = COP_OK;

	/* Leaderboard totals. */
	{
		int tdiffs = 0;
		if ((rc = cop__rec_verify_totals(s, c, rep, &tdiffs)) != COP_OK)
			goto out;
	}

	/* Which of the badges due are missing. */
	for (i = 0; i < f.n && rc == COP_OK; i++) {
		int64_t have = 0;
		if (f.v[i].what != FIX_BADGE)
			continue;
		p[1] = cop__v_id(&f.v[i].a);
		p[2] = cop__v_int(f.v[i].n[0]);
		p[3] = cop__v_id(&f.v[i].b);
		if ((rc = rop_rows(s, COP_ROP_BADGE_HAS, p, 4, &it)) != COP_OK)
			break;
		if ((rc = rop_next(s, it, &row)) == COP_OK)
			have = cop__r_int(&row, 0);
		it->free(it);
		if (rc != COP_OK && rc != COP_ITEROVER)
			break;
		rc = COP_OK;
		if (have) {
			f.v[i].what = -1;
			continue;
		}
		cop_id_format(a, &f.v[i].a);
		rc = cop__rec_report_add(s, rep, "%s: member %s: badge %s missing", c->slug,
			a, cop_badge_name((cop_badge)f.v[i].n[0]));
	}

	if (rc == COP_OK && repair) {
		rctx xc;
		if ((rc = cop__rec_ctx_init(&xc, s, &c->id, NULL)) != COP_OK)
			goto out;
		for (i = 0; i < f.n && rc == COP_OK; i++) {
			fix *v = &f.v[i];
			standing st;
			switch (v->what) {
			case FIX_SCORE:
				p[0] = cop__v_id(&v->a);
				p[1] = cop__v_int(v->n[1]);
				rc = rop_run(s, COP_ROP_SCORE_SET, p, 2);
				break;
			case FIX_COUNTS:
			case FIX_REP:
			case FIX_TRUST:
				if ((rc = cop__rec_standing_read(s, &c->id, &v->a, &st)) != COP_OK)
					break;
				if (v->what == FIX_COUNTS) {
					st.posts = (int)v->n[0];
					st.likes_given = (int)v->n[1];
					st.likes_received = (int)v->n[2];
					st.kudos_received = (int)v->n[3];
					st.accepted = (int)v->n[4];
					if (!st.trust_manual)
						st.trust = cop__rec_trust_auto(&cfg, &st);
				} else if (v->what == FIX_REP) {
					st.reputation = v->n[1];
				} else {
					st.trust = (int)v->n[0];
				}
				rc = cop__rec_standing_write(s, &st);
				break;
			case FIX_BADGE:
				rc = cop__rec_badge_give(&xc, &v->a, (cop_badge)v->n[0], &v->b, NULL);
				break;
			default:
				break;
			}
		}
		/* Period totals: rebuilt from the ledger. */
		if (rc == COP_OK) {
			p[0] = cop__v_id(&c->id);
			rc = rop_run(s, COP_ROP_TOTAL_CLEAR, p, 1);
		}
		if (rc == COP_OK) {
			cop_id am, ai;
			int64_t at = INT64_MIN;
			int more = 1;
			memset(&am, 0, sizeof(am));
			memset(&ai, 0, sizeof(ai));
			while (more && rc == COP_OK) {
				int got = 0;
				/* Collect a page, then write its totals. */
				struct { cop_id m; int64_t t, pts; char tags[400]; } buf[200];
				p[0] = cop__v_id(&c->id);
				p[1] = cop__v_id(&am);
				p[1].type = COP_VAL_KEY;
				p[2] = cop__v_int(at);
				p[3] = cop__v_id(&ai);
				p[3].type = COP_VAL_KEY;
				p[4] = cop__v_int(200);
				if ((rc = rop_rows(s, COP_ROP_LEDGER_SCAN, p, 5, &it)) != COP_OK)
					break;
				while ((rc = rop_next(s, it, &row)) == COP_OK) {
					buf[got].m = cop__r_id(&row, 2);
					buf[got].pts = cop__r_int(&row, 3);
					buf[got].t = cop__r_int(&row, 8);
					snprintf(buf[got].tags, sizeof(buf[got].tags), "%s",
						cop__r_text(&row, 9) ? cop__r_text(&row, 9) : "");
					am = buf[got].m;
					at = buf[got].t;
					ai = cop__r_id(&row, 0);
					got++;
				}
				it->free(it);
				if (rc != COP_ITEROVER)
					break;
				rc = COP_OK;
				for (i = 0; i < (size_t)got && rc == COP_OK; i++)
					if (buf[i].pts != 0)
						rc = cop__rec_totals_add(s, &c->id, &buf[i].m, buf[i].tags,
							buf[i].t, buf[i].pts);
				more = got == 200;
			}
		}
	}
out:
	cop_free(f.v);
	if (rc == COP_ITEROVER)
		rc = COP_OK;
	return rc;
}

int cop_verify(cop_verify_report **out, cop_store *s, const char *community,
	int repair)
{
	cop_verify_report *r;
	cop_community_rec c;
	cop__access acc;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if (s->has_actor)
		return cop__error(s, COP_EPERM, "only the system verifies");
	if ((rc = has_rop(s)) != COP_OK)
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

	if (s->be->version < 2 || !s->be->rop)
		return COP_OK;
	memset(&r, 0, sizeof(r));
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
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[1];
	int rc;

	if (s->be->version < 2 || !s->be->rop)
		return COP_OK;
	p[0] = cop__v_id(community);
	if ((rc = rop_rows(s, COP_ROP_STATS, p, 1, &it)) != COP_OK)
		return rc;
	rc = rop_next(s, it, &row);
	if (rc == COP_OK) {
		st->votes_up = cop__r_int(&row, 0);
		st->votes_down = cop__r_int(&row, 1);
		st->accepted_answers = cop__r_int(&row, 2);
		st->badges_awarded = cop__r_int(&row, 3);
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}
