/*
 * recognition.c: votes and reactions, accepted answers, kudos, the
 * reputation ledger and its totals, trust levels, badges, leaderboards,
 * configuration and cop_verify.  See docs/recognition.md for the rules.
 *
 * Storage goes through the backend's rop() operations (sys/backend.h).
 * Every mutation follows the core's pattern: cop__write_begin, load and
 * check, then writes (the event's row, the contribution's score, ledger
 * entries with their standing and period totals, badges), cop__log,
 * cop__write_end; a refusal happens before the first write.
 *
 * Standings (a member's reputation, trust level and counters in one
 * community) are read into a small per-operation cache, changed in
 * memory and written back once at the end, so that one event touching
 * the same member twice (a vote change, an accept replacing another)
 * writes one consistent row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <inttypes.h>
#include <limits.h>

#include "internal.h"

#define DAY_MS 86400000LL
#define REP_INITIAL 1          /* every member starts with 1 */
#define MAX_TAG_TOTALS (COP_THREAD_MAX_TAGS + 1)

/* ---- names ---------------------------------------------------------------- */

static const char *const vote_names[] = { "up", "down", "helpful", "thanks" };
static const char *const badge_names[] = {
	"first-post", "first-accepted", "nice-answer", "good-answer",
	"great-answer", "nice-question", "good-question", "great-question",
	"facilitator", "summary-writer", "welcomer", "event-attendee",
	"appreciated", "valued", "treasured"
};
static const int badge_class[] = { 0, 0, 0, 1, 2, 0, 1, 2, 1, 0, 0, 0, 0, 1, 2 };
static const int badge_per_object[] = { 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };
static const char *const class_names[] = { "bronze", "silver", "gold" };
static const char *const period_names[] = {
	"week", "month", "quarter", "year", "all"
};
static const char *const reason_names[] = {
	"upvote", "downvote", "downvote-given", "helpful", "accepted",
	"acceptor", "kudos", "reversal"
};
static const char *const priv_names[] = {
	"flag", "vote-down", "edit-others", "moderate"
};

#define NBADGES ((int)(sizeof(badge_names) / sizeof(badge_names[0])))

COP__ENUM_NAMES(cop_vote_kind, cop_vote_kind, vote_names)
COP__ENUM_NAMES(cop_badge, cop_badge, badge_names)
COP__ENUM_NAMES(cop_period, cop_period, period_names)

const char *cop_badge_class_name(cop_badge_class c)
{
	return (int)c >= 0 && (int)c < 3 ? class_names[c] : NULL;
}

const char *cop_rep_reason_name(cop_rep_reason r)
{
	return (int)r >= 0 && (int)r < 8 ? reason_names[r] : NULL;
}

const char *cop_privilege_name(cop_privilege p)
{
	return (int)p >= 0 && (int)p < 4 ? priv_names[p] : NULL;
}

int cop_badge_class_of(cop_badge b)
{
	return (int)b >= 0 && (int)b < NBADGES ? badge_class[b] : -1;
}

int cop_badge_once(cop_badge b)
{
	return (int)b >= 0 && (int)b < NBADGES ? !badge_per_object[b] : 0;
}

/* ---- small helpers ----------------------------------------------------------- */

static int same_id(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, 16) == 0;
}

/* The shared operation helpers (store.c), worded for recognition. */
#define has_rop(s) cop__has_rop((s), "recognition")
#define rop_run(s, op, p, n) cop__rop_run((s), (op), (p), (n), "recognition")
#define rop_rows(s, op, p, n, it) \
	cop__rop_rows((s), (op), (p), (n), (it), "recognition")
#define rop_next(s, it, row) cop__rop_next((s), (it), (row), "recognition rows")

/* ---- time periods ---------------------------------------------------------- */

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y += *m <= 2;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

cop_time cop_period_start(cop_period p, cop_time t)
{
	int64_t day = floor_div(t, DAY_MS), y;
	int m, d;

	switch (p) {
	case COP_PERIOD_WEEK:
		/* 1970-01-01 was a Thursday: Monday-based weekday (day + 3) % 7. */
		return (day - ((day % 7 + 7 + 3) % 7)) * DAY_MS;
	case COP_PERIOD_MONTH:
		civil_from_days(day, &y, &m, &d);
		return cop__days_from_civil(y, m, 1) * DAY_MS;
	case COP_PERIOD_QUARTER:
		civil_from_days(day, &y, &m, &d);
		return cop__days_from_civil(y, (m - 1) / 3 * 3 + 1, 1) * DAY_MS;
	case COP_PERIOD_YEAR:
		civil_from_days(day, &y, &m, &d);
		return cop__days_from_civil(y, 1, 1) * DAY_MS;
	default:
		return 0;
	}
}

/* ---- configuration ------------------------------------------------------------- */

typedef struct cfg_field {
	const char *name;
	size_t off;
} cfg_field;

#define F(n) { #n, offsetof(cop_recognition_config, n) }
static const cfg_field cfg_fields[] = {
	F(up_question), F(up_answer), F(up_other), F(helpful),
	F(down_received), F(down_answer_cost), F(accept_author),
	F(accept_acceptor), F(kudos), F(daily_cap), F(floor),
	F(trust1_days), F(trust1_posts), F(trust1_given), F(trust1_received),
	F(trust2_days), F(trust2_posts), F(trust2_given), F(trust2_received),
	F(trust3_days), F(trust3_posts), F(trust3_given), F(trust3_received),
	F(priv_flag), F(priv_vote_down), F(priv_edit_others), F(priv_moderate),
	F(badge_answer1), F(badge_answer2), F(badge_answer3),
	F(badge_question1), F(badge_question2), F(badge_question3),
	F(badge_kudos1), F(badge_kudos2), F(badge_kudos3),
	F(trust1_read), F(trust2_read), F(trust3_read), F(rule_badges),
};
#undef F
#define NFIELDS (sizeof(cfg_fields) / sizeof(cfg_fields[0]))

static int *cfg_at(cop_recognition_config *c, size_t i)
{
	return (int *)((char *)c + cfg_fields[i].off);
}

/* Parse "name=value" lines over the defaults; unknown names are kept
 * out (a newer library's settings). */
static void cfg_parse(cop_recognition_config *c, const char *body)
{
	const char *p = body;
	size_t i;

	while (p && *p) {
		const char *eq = strchr(p, '='), *nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (eq && eq < nl) {
			for (i = 0; i < NFIELDS; i++) {
				size_t n = strlen(cfg_fields[i].name);
				if ((size_t)(eq - p) == n &&
				    !strncmp(p, cfg_fields[i].name, n)) {
					*cfg_at(c, i) = (int)strtol(eq + 1, NULL, 10);
					break;
				}
			}
		}
		p = *nl ? nl + 1 : nl;
	}
}

static int cfg_load(cop_store *s, const cop_id *cid, cop_recognition_config *out)
{
	static const cop_recognition_config defaults = COP_RECOGNITION_CONFIG_INIT;
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[1];
	int rc;

	*out = defaults;
	p[0] = cop__v_id(cid);
	if ((rc = rop_rows(s, COP_ROP_CONFIG_GET, p, 1, &it)) != COP_OK)
		return rc;
	rc = rop_next(s, it, &row);
	if (rc == COP_OK && cop__r_text(&row, 1))
		cfg_parse(out, cop__r_text(&row, 1));
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int cfg_check(cop_store *s, const cop_recognition_config *c)
{
	if (c->version != COP_RECOGNITION_CONFIG_VERSION)
		return cop__error(s, COP_EINVAL, "unsupported "
			"cop_recognition_config version %u", c->version);
	if (c->floor > REP_INITIAL)
		return cop__error(s, COP_EINVAL, "floor must be at most %d",
			REP_INITIAL);
	if (c->daily_cap < 0)
		return cop__error(s, COP_EINVAL, "daily_cap must not be negative");
	if (c->priv_flag < 0 || c->priv_flag > 4 || c->priv_vote_down < 0 ||
	    c->priv_vote_down > 4 || c->priv_edit_others < 0 ||
	    c->priv_edit_others > 4 || c->priv_moderate < 0 ||
	    c->priv_moderate > 4)
		return cop__error(s, COP_EINVAL, "privilege levels are 0-4");
	if (c->rule_badges != 0 && c->rule_badges != 1)
		return cop__error(s, COP_EINVAL, "rule_badges is 0 or 1");
	return COP_OK;
}

int cop_recognition_config_get(cop_recognition_config *out, cop_store *s,
	const char *community)
{
	cop_community_rec c;
	cop__access acc;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK)
		rc = cfg_load(s, &c.id, out);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_recognition_config_set(cop_store *s, const char *community,
	const cop_recognition_config *config)
{
	cop_community_rec c;
	cop__access acc;
	char body[2048];
	size_t i, n = 0;
	cop_val p[2];
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!config)
		return cop__error(s, COP_EINVAL, "config is NULL");
	if ((rc = has_rop(s)) != COP_OK || (rc = cfg_check(s, config)) != COP_OK)
		return rc;
	for (i = 0; i < NFIELDS; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n, "%s=%d\n",
			cfg_fields[i].name,
			*cfg_at((cop_recognition_config *)config, i));
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators and owners may "
			"configure recognition");
	if (rc == COP_OK) {
		p[0] = cop__v_id(&c.id);
		p[1] = cop__v_text(body);
		rc = rop_run(s, COP_ROP_CONFIG_PUT, p, 2);
	}
	if (rc == COP_OK)
		rc = cop__log(s, "recognition.configure", &c.id, &c.id);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* ---- standings ------------------------------------------------------------------ */

typedef struct standing {
	cop_id community, member;
	int64_t reputation, cap_day, cap_used;
	int trust, trust_manual, days_active;
	int64_t last_day;
	int posts, likes_given, likes_received, kudos_received, accepted;
	int posts_read;
	int dirty;
} standing;

static void standing_from_row(standing *st, const cop_row *r)
{
	memset(st, 0, sizeof(*st));
	st->community = cop__r_id(r, 0);
	st->member = cop__r_id(r, 1);
	st->reputation = cop__r_int(r, 2);
	st->cap_day = cop__r_int(r, 3);
	st->cap_used = cop__r_int(r, 4);
	st->trust = (int)cop__r_int(r, 5);
	st->trust_manual = (int)cop__r_int(r, 6);
	st->days_active = (int)cop__r_int(r, 7);
	st->last_day = cop__r_int(r, 8);
	st->posts = (int)cop__r_int(r, 9);
	st->likes_given = (int)cop__r_int(r, 10);
	st->likes_received = (int)cop__r_int(r, 11);
	st->kudos_received = (int)cop__r_int(r, 12);
	st->accepted = (int)cop__r_int(r, 13);
	st->posts_read = (int)cop__r_int(r, 14);
}

/* Read a standing; a member without one gets the initial standing. */
static int standing_read(cop_store *s, const cop_id *cid, const cop_id *mid,
	standing *st)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[2];
	int rc;

	p[0] = cop__v_id(cid);
	p[1] = cop__v_id(mid);
	if ((rc = rop_rows(s, COP_ROP_STANDING_GET, p, 2, &it)) != COP_OK)
		return rc;
	rc = rop_next(s, it, &row);
	if (rc == COP_OK) {
		standing_from_row(st, &row);
	} else if (rc == COP_ITEROVER) {
		memset(st, 0, sizeof(*st));
		st->community = *cid;
		st->member = *mid;
		st->reputation = REP_INITIAL;
		st->last_day = -1;
		rc = COP_OK;
	}
	it->free(it);
	return rc;
}

static int standing_write(cop_store *s, const standing *st)
{
	cop_val p[15];

	p[0] = cop__v_id(&st->community);
	p[1] = cop__v_id(&st->member);
	p[2] = cop__v_int(st->reputation);
	p[3] = cop__v_int(st->cap_day);
	p[4] = cop__v_int(st->cap_used);
	p[5] = cop__v_int(st->trust);
	p[6] = cop__v_int(st->trust_manual);
	p[7] = cop__v_int(st->days_active);
	p[8] = cop__v_int(st->last_day);
	p[9] = cop__v_int(st->posts);
	p[10] = cop__v_int(st->likes_given);
	p[11] = cop__v_int(st->likes_received);
	p[12] = cop__v_int(st->kudos_received);
	p[13] = cop__v_int(st->accepted);
	p[14] = cop__v_int(st->posts_read);
	return rop_run(s, COP_ROP_STANDING_PUT, p, 15);
}

/* The automatic trust level of a standing. */
static int trust_auto(const cop_recognition_config *c, const standing *st)
{
	const int need[3][5] = {
		{ c->trust1_days, c->trust1_posts, c->trust1_given,
		  c->trust1_received, c->trust1_read },
		{ c->trust2_days, c->trust2_posts, c->trust2_given,
		  c->trust2_received, c->trust2_read },
		{ c->trust3_days, c->trust3_posts, c->trust3_given,
		  c->trust3_received, c->trust3_read },
	};
	int l;

	for (l = 0; l < 3; l++)
		if (st->days_active < need[l][0] || st->posts < need[l][1] ||
		    st->likes_given < need[l][2] ||
		    st->likes_received < need[l][3] ||
		    st->posts_read < need[l][4])
			break;
	return l;
}

/* ---- the context of one recognition event ------------------------------------ */

#define CTX_STANDINGS 6

typedef struct rctx {
	cop_store *s;
	cop_id community;
	cop_recognition_config cfg;
	cop_time now;
	const char *tags;            /* of the thread, for tag totals */
	standing st[CTX_STANDINGS];
	int nst;
} rctx;

static int ctx_init(rctx *x, cop_store *s, const cop_id *cid, const char *tags)
{
	memset(x, 0, sizeof(*x));
	x->s = s;
	x->community = *cid;
	x->now = cop__now(s);
	x->tags = tags ? tags : "";
	return cfg_load(s, cid, &x->cfg);
}

static int ctx_standing(rctx *x, const cop_id *mid, standing **out)
{
	int i, rc;

	for (i = 0; i < x->nst; i++)
		if (same_id(&x->st[i].member, mid)) {
			*out = &x->st[i];
			return COP_OK;
		}
	if (x->nst == CTX_STANDINGS)
		return cop__error(x->s, COP_ERROR, "too many standings in one event");
	if ((rc = standing_read(x->s, &x->community, mid, &x->st[x->nst])) != COP_OK)
		return rc;
	*out = &x->st[x->nst++];
	return COP_OK;
}

/* Count a day of activity for the actor. */
static int ctx_active(rctx *x, const cop_id *mid)
{
	standing *st;
	int64_t day = floor_div(x->now, DAY_MS);
	int rc;

	if (!mid || cop_id_is_nil(mid))
		return COP_OK;
	if ((rc = ctx_standing(x, mid, &st)) != COP_OK)
		return rc;
	if (st->last_day != day) {
		st->last_day = day;
		st->days_active++;
	}
	st->dirty = 1;
	return COP_OK;
}

/* Write back every changed standing, with its trust level. */
static int ctx_flush(rctx *x)
{
	int i, rc;

	for (i = 0; i < x->nst; i++) {
		standing *st = &x->st[i];
		if (!st->dirty)
			continue;
		if (!st->trust_manual)
			st->trust = trust_auto(&x->cfg, st);
		if ((rc = standing_write(x->s, st)) != COP_OK)
			return rc;
		st->dirty = 0;
	}
	return COP_OK;
}

/* Add points to the period totals (whole community and each tag). */
static int totals_add(cop_store *s, const cop_id *cid, const cop_id *mid,
	const char *tags, cop_time t, int64_t points)
{
	cop_val p[6];
	char tag[64];
	const char *q;
	int per, rc;

	p[0] = cop__v_id(cid);
	p[4] = cop__v_id(mid);
	p[5] = cop__v_int(points);
	for (per = 0; per <= COP_PERIOD_ALL; per++) {
		p[1] = cop__v_int(per);
		p[2] = cop__v_int(cop_period_start((cop_period)per, t));
		p[3] = cop__v_text("");
		if ((rc = rop_run(s, COP_ROP_TOTAL_ADD, p, 6)) != COP_OK)
			return rc;
		for (q = tags; q && *q; ) {
			size_t n = strcspn(q, " ");
			if (n > 0 && n < sizeof(tag)) {
				memcpy(tag, q, n);
				tag[n] = '\0';
				p[3] = cop__v_text(tag);
				if ((rc = rop_run(s, COP_ROP_TOTAL_ADD, p, 6)) != COP_OK)
					return rc;
			}
			q += n;
			while (*q == ' ')
				q++;
		}
	}
	return COP_OK;
}

/*
 * Append a ledger entry of @p nominal points for @p mid, applying the
 * daily cap (when @p capped) and the floor; *applied (optional) receives
 * the points applied.  Nothing is written for 0 nominal points.
 */
static int ledger_add(rctx *x, const cop_id *mid, int nominal,
	cop_rep_reason reason, const cop_id *object, int capped, int *applied)
{
	standing *st;
	int64_t eff = nominal, day, lim;
	cop_val p[10];
	cop_id eid;
	int rc;

	if (applied)
		*applied = 0;
	if (nominal == 0 || !mid || cop_id_is_nil(mid))
		return COP_OK;
	if ((rc = ctx_standing(x, mid, &st)) != COP_OK)
		return rc;
	if (capped && eff > 0) {
		day = floor_div(x->now, DAY_MS);
		if (st->cap_day != day) {
			st->cap_day = day;
			st->cap_used = 0;
		}
		lim = x->cfg.daily_cap - st->cap_used;
		if (lim < 0)
			lim = 0;
		if (eff > lim)
			eff = lim;
		st->cap_used += eff;
	}
	if (eff < 0) {
		lim = x->cfg.floor - st->reputation;
		if (lim > 0)
			lim = 0;
		if (eff < lim)
			eff = lim;
	}
	st->reputation += eff;
	st->dirty = 1;
	if ((rc = cop__id_new(x->s, &eid)) != COP_OK)
		return rc;
	p[0] = cop__v_id(&eid);
	p[1] = cop__v_id(&x->community);
	p[2] = cop__v_id(mid);
	p[3] = cop__v_int(eff);
	p[4] = cop__v_int(nominal);
	p[5] = cop__v_int(reason);
	p[6] = cop__v_id(object);
	p[7] = cop__v_id(cop__actor(x->s));
	p[8] = cop__v_int(x->now);
	p[9] = cop__v_text(x->tags);
	if ((rc = rop_run(x->s, COP_ROP_LEDGER_INS, p, 10)) != COP_OK)
		return rc;
	if (eff != 0 && (rc = totals_add(x->s, &x->community, mid, x->tags,
			x->now, eff)) != COP_OK)
		return rc;
	if (applied)
		*applied = (int)eff;
	return COP_OK;
}

/* Reverse an entry that applied @p applied points. */
static int ledger_reverse(rctx *x, const cop_id *mid, int applied,
	const cop_id *object)
{
	return ledger_add(x, mid, -applied, COP_REP_REVERSAL, object, 0, NULL);
}

/* Award a badge (idempotent: a badge already held is no change). */
static int badge_give(rctx *x, const cop_id *mid, cop_badge b,
	const cop_id *object, int *given)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[6];
	cop_id bid;
	int rc;

	if (given)
		*given = 0;
	if (!mid || cop_id_is_nil(mid))
		return COP_OK;
	/* Rule badges switched off (imported communities). */
	if (!x->cfg.rule_badges)
		return COP_OK;
	if ((rc = cop__id_new(x->s, &bid)) != COP_OK)
		return rc;
	p[0] = cop__v_id(&bid);
	p[1] = cop__v_id(&x->community);
	p[2] = cop__v_id(mid);
	p[3] = cop__v_int(b);
	/* Once-only badges carry the member's own id as their object. */
	p[4] = cop__v_id(badge_per_object[b] && object ? object : mid);
	p[5] = cop__v_int(x->now);
	if ((rc = rop_rows(x->s, COP_ROP_BADGE_INS, p, 6, &it)) != COP_OK)
		return rc;
	rc = rop_next(x->s, it, &row);
	it->free(it);
	if (rc == COP_OK && given)
		*given = 1;
	return rc == COP_ITEROVER || rc == COP_OK ? COP_OK : rc;
}

/* Score badges for a contribution whose score went from @p from to @p to. */
static int score_badges(rctx *x, const cop_contribution_rec *c, int tkind,
	int from, int to)
{
	const cop_recognition_config *g = &x->cfg;
	int th[3], i, rc;
	cop_badge first;

	if (to <= from || cop_id_is_nil(&c->author_id))
		return COP_OK;
	if (c->kind == COP_CONTRIB_ANSWER) {
		th[0] = g->badge_answer1; th[1] = g->badge_answer2;
		th[2] = g->badge_answer3;
		first = COP_BADGE_NICE_ANSWER;
	} else if (c->kind == COP_CONTRIB_POST && tkind == COP_THREAD_QUESTION) {
		th[0] = g->badge_question1; th[1] = g->badge_question2;
		th[2] = g->badge_question3;
		first = COP_BADGE_NICE_QUESTION;
	} else {
		return COP_OK;
	}
	for (i = 0; i < 3; i++)
		if (th[i] > 0 && from < th[i] && to >= th[i] &&
		    (rc = badge_give(x, &c->author_id, (cop_badge)(first + i),
				&c->id, NULL)) != COP_OK)
			return rc;
	return COP_OK;
}

static int kudos_badges(rctx *x, const standing *st)
{
	const int th[3] = { x->cfg.badge_kudos1, x->cfg.badge_kudos2,
		x->cfg.badge_kudos3 };
	int i, rc;

	for (i = 0; i < 3; i++)
		if (th[i] > 0 && st->kudos_received == th[i] &&
		    (rc = badge_give(x, &st->member,
				(cop_badge)(COP_BADGE_APPRECIATED + i), NULL, NULL))
				!= COP_OK)
			return rc;
	return COP_OK;
}

/* ---- the contribution hook ---------------------------------------------------- */

int cop__recognition_contribution(cop_store *s, const cop_contribution_rec *c,
	const cop_thread_rec *t)
{
	standing *st, *ta;
	rctx x;
	int rc;

	if (s->be->version < 2 || !s->be->rop || cop_id_is_nil(&c->author_id))
		return COP_OK;
	if ((rc = ctx_init(&x, s, &c->community_id, t->tags)) != COP_OK)
		return rc;
	if ((rc = ctx_active(&x, &c->author_id)) != COP_OK ||
	    (rc = ctx_standing(&x, &c->author_id, &st)) != COP_OK)
		return rc;
	st->posts++;
	if (st->posts == 1 &&
	    (rc = badge_give(&x, &c->author_id, COP_BADGE_FIRST_POST, NULL,
			NULL)) != COP_OK)
		return rc;
	if (c->kind == COP_CONTRIB_SUMMARY &&
	    (rc = badge_give(&x, &c->author_id, COP_BADGE_SUMMARY_WRITER, NULL,
			NULL)) != COP_OK)
		return rc;
	/* Welcomer: the first reply in a thread that is its author's first
	 * contribution in the community. */
	if ((c->kind == COP_CONTRIB_REPLY || c->kind == COP_CONTRIB_ANSWER) &&
	    t->contribution_count == 2 && !cop_id_is_nil(&t->author_id) &&
	    !same_id(&t->author_id, &c->author_id)) {
		if ((rc = ctx_standing(&x, &t->author_id, &ta)) != COP_OK)
			return rc;
		if (ta->posts == 1 &&
		    (rc = badge_give(&x, &c->author_id, COP_BADGE_WELCOMER, NULL,
				NULL)) != COP_OK)
			return rc;
	}
	return ctx_flush(&x);
}

int cop__recognition_allows(cop_store *s, const cop_id *cid,
	const cop__access *acc, int priv, int *out)
{
	cop_recognition_config cfg;
	standing st;
	int need, rc;

	*out = 0;
	/* Facilitators and owners hold every privilege but editing others'
	 * words, which comes from the trust level alone. */
	if (acc->system ||
	    (acc->is_facilitator && priv != COP_PRIV_EDIT_OTHERS)) {
		*out = 1;
		return COP_OK;
	}
	if (!s->has_actor || s->be->version < 2 || !s->be->rop)
		return COP_OK;
	if ((rc = cfg_load(s, cid, &cfg)) != COP_OK ||
	    (rc = standing_read(s, cid, &s->actor, &st)) != COP_OK)
		return rc;
	switch (priv) {
	case COP_PRIV_FLAG: need = cfg.priv_flag; break;
	case COP_PRIV_VOTE_DOWN: need = cfg.priv_vote_down; break;
	case COP_PRIV_EDIT_OTHERS: need = cfg.priv_edit_others; break;
	default: need = cfg.priv_moderate; break;
	}
	*out = st.trust >= need;
	return COP_OK;
}

/* ---- votes ------------------------------------------------------------------- */

typedef struct vote {
	cop_id id, community, contribution, voter, author;
	int kind, rep_author, rep_voter;
	cop_time created, changed;
} vote;

static int vote_weight(int kind)
{
	return kind == COP_VOTE_UP || kind == COP_VOTE_HELPFUL ? 1 :
		kind == COP_VOTE_DOWN ? -1 : 0;
}

static int vote_like(int kind)
{
	return kind == COP_VOTE_UP || kind == COP_VOTE_HELPFUL ||
		kind == COP_VOTE_THANKS;
}

static int vote_read(cop_store *s, const cop_id *cid, const cop_id *voter,
	vote *v, int *found)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[2];
	int rc;

	*found = 0;
	p[0] = cop__v_id(cid);
	p[1] = cop__v_id(voter);
	if ((rc = rop_rows(s, COP_ROP_VOTE_GET, p, 2, &it)) != COP_OK)
		return rc;
	rc = rop_next(s, it, &row);
	if (rc == COP_OK) {
		v->id = cop__r_id(&row, 0);
		v->community = cop__r_id(&row, 1);
		v->contribution = cop__r_id(&row, 2);
		v->voter = cop__r_id(&row, 3);
		v->author = cop__r_id(&row, 4);
		v->kind = (int)cop__r_int(&row, 5);
		v->rep_author = (int)cop__r_int(&row, 6);
		v->rep_voter = (int)cop__r_int(&row, 7);
		v->created = cop__r_int(&row, 8);
		v->changed = cop__r_int(&row, 9);
		*found = 1;
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int vote_write(cop_store *s, const vote *v)
{
	cop_val p[10];

	p[0] = cop__v_id(&v->id);
	p[1] = cop__v_id(&v->community);
	p[2] = cop__v_id(&v->contribution);
	p[3] = cop__v_id(&v->voter);
	p[4] = cop__v_id(&v->author);
	p[5] = cop__v_int(v->kind);
	p[6] = cop__v_int(v->rep_author);
	p[7] = cop__v_int(v->rep_voter);
	p[8] = cop__v_int(v->created);
	p[9] = cop__v_int(v->changed);
	return rop_run(s, COP_ROP_VOTE_PUT, p, 10);
}

/* Change a vote to @p kind (-1: retract).  Inside a write transaction. */
static int vote_apply(cop_store *s, const char *text, int kind)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	const cop_id *actor = cop__actor(s);
	cop_key key;
	standing *sa = NULL, *sv = NULL;
	vote v;
	rctx x;
	cop_id cid;
	int rc, found = 0, old, nominal, cost, allowed, delta;

	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	memset(&v, 0, sizeof(v));
	if ((rc = cop__id_arg(s, &cid, text, "contribution")) != COP_OK)
		return rc;
	memset(&key, 0, sizeof(key));
	key.id = cid;
	rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &key, &c);
	if (rc == COP_ENOTFOUND)
		rc = cop__error(s, rc, "no such contribution %s", text);
	else if (rc != COP_OK)
		rc = cop__be_error(s, rc, "reading a contribution");
	if (rc == COP_OK)
		rc = cop__thread_load(s, &c.thread_id, &t, &acc);
	if (rc == COP_OK && actor) {
		if (!acc.can_post)
			rc = cop__error(s, COP_EPERM, "only active members of the "
				"community may vote");
		else if (same_id(actor, &c.author_id))
			rc = cop__error(s, COP_EPERM,
				"no voting on your own contributions");
	}
	if (rc == COP_OK && kind == COP_VOTE_DOWN) {
		rc = cop__recognition_allows(s, &c.community_id, &acc,
			COP_PRIV_VOTE_DOWN, &allowed);
		if (rc == COP_OK && !allowed)
			rc = cop__error(s, COP_EPERM, "voting down needs trust "
				"level privilege vote-down");
	}
	if (rc == COP_OK && actor)
		rc = vote_read(s, &cid, actor, &v, &found);
	old = found ? v.kind : -1;
	if (rc == COP_OK && kind < 0 && old < 0)
		rc = cop__error(s, COP_ENOTFOUND, "no vote to retract");
	if (rc == COP_OK && kind >= 0 && old == kind)
		rc = cop__error(s, COP_EEXISTS, "the same vote is already cast");
	if (rc == COP_OK)
		rc = ctx_init(&x, s, &c.community_id, t.tags);
	if (rc == COP_OK && !found) {
		rc = cop__id_new(s, &v.id);
		v.community = c.community_id;
		v.contribution = cid;
		if (actor)
			v.voter = *actor;
		v.author = c.author_id;
		v.created = x.now;
	}
	v.changed = x.now;
	/* Undo the old vote. */
	if (rc == COP_OK && old >= 0) {
		rc = ledger_reverse(&x, &c.author_id, v.rep_author, &v.id);
		if (rc == COP_OK)
			rc = ledger_reverse(&x, actor, v.rep_voter, &v.id);
		v.rep_author = v.rep_voter = 0;
		if (rc == COP_OK && vote_like(old)) {
			if (!cop_id_is_nil(&c.author_id) &&
			    (rc = ctx_standing(&x, &c.author_id, &sa)) == COP_OK) {
				sa->likes_received--;
				sa->dirty = 1;
			}
			if (rc == COP_OK && actor &&
			    (rc = ctx_standing(&x, actor, &sv)) == COP_OK) {
				sv->likes_given--;
				sv->dirty = 1;
			}
		}
	}
	/* Apply the new one. */
	if (rc == COP_OK && kind >= 0) {
		cop_rep_reason reason = COP_REP_UPVOTE;
		cost = 0;
		switch (kind) {
		case COP_VOTE_UP:
			nominal = c.kind == COP_CONTRIB_ANSWER ? x.cfg.up_answer :
				c.kind == COP_CONTRIB_POST &&
				t.kind == COP_THREAD_QUESTION ? x.cfg.up_question :
				x.cfg.up_other;
			break;
		case COP_VOTE_HELPFUL:
			nominal = x.cfg.helpful;
			reason = COP_REP_HELPFUL;
			break;
		case COP_VOTE_DOWN:
			nominal = x.cfg.down_received;
			reason = COP_REP_DOWNVOTE;
			if (c.kind == COP_CONTRIB_ANSWER)
				cost = x.cfg.down_answer_cost;
			break;
		default:
			nominal = 0;
			break;
		}
		rc = ledger_add(&x, &c.author_id, nominal, reason, &v.id,
			kind != COP_VOTE_DOWN, &v.rep_author);
		if (rc == COP_OK)
			rc = ledger_add(&x, actor, cost, COP_REP_DOWNVOTE_GIVEN, &v.id,
				0, &v.rep_voter);
		if (rc == COP_OK && vote_like(kind)) {
			if (!cop_id_is_nil(&c.author_id) &&
			    (rc = ctx_standing(&x, &c.author_id, &sa)) == COP_OK) {
				sa->likes_received++;
				sa->dirty = 1;
			}
			if (rc == COP_OK && actor &&
			    (rc = ctx_standing(&x, actor, &sv)) == COP_OK) {
				sv->likes_given++;
				sv->dirty = 1;
			}
		}
	}
	if (rc == COP_OK && actor)
		rc = ctx_active(&x, actor);
	v.kind = kind;
	if (rc == COP_OK)
		rc = vote_write(s, &v);
	delta = vote_weight(kind) - vote_weight(old);
	if (rc == COP_OK && delta != 0) {
		cop_val p[2];
		p[0] = cop__v_id(&cid);
		p[1] = cop__v_int(delta);
		rc = rop_run(s, COP_ROP_SCORE_ADD, p, 2);
	}
	if (rc == COP_OK)
		rc = score_badges(&x, &c, t.kind, c.score, c.score + delta);
	if (rc == COP_OK)
		rc = ctx_flush(&x);
	if (rc == COP_OK)
		rc = cop__log(s, kind >= 0 ? "vote.cast" : "vote.retract", &v.id,
			&c.community_id);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	return rc;
}

int cop_vote_cast(cop_store *s, const char *contribution_id,
	cop_vote_kind kind)
{
	int rc;

	if (!s)
		return COP_EINVAL;
	if ((int)kind < COP_VOTE_UP || (int)kind > COP_VOTE_THANKS)
		return cop__error(s, COP_EINVAL, "invalid vote kind %d", (int)kind);
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__write_end(s, vote_apply(s, contribution_id, kind));
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_vote_retract(cop_store *s, const char *contribution_id)
{
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system's anonymous votes "
			"cannot be retracted");
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	rc = cop__write_end(s, vote_apply(s, contribution_id, -1));
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_vote_get(cop_vote_kind *out, cop_store *s, const char *contribution_id)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	cop_key key;
	cop_id cid;
	vote v;
	int rc, found = 0;

	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system has no vote of its own");
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &cid, contribution_id, "contribution")) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	memset(&key, 0, sizeof(key));
	key.id = cid;
	rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &key, &c);
	if (rc == COP_ENOTFOUND)
		rc = cop__error(s, rc, "no such contribution %s", contribution_id);
	else if (rc != COP_OK)
		rc = cop__be_error(s, rc, "reading a contribution");
	if (rc == COP_OK)
		rc = cop__thread_load(s, &c.thread_id, &t, &acc);
	if (rc == COP_OK)
		rc = vote_read(s, &cid, &s->actor, &v, &found);
	if (rc == COP_OK && (!found || v.kind < 0))
		rc = cop__error(s, COP_ENOTFOUND, "no vote");
	if (rc == COP_OK)
		*out = (cop_vote_kind)v.kind;
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* ---- accepted answers ---------------------------------------------------------- */

typedef struct accept {
	cop_id thread, community, contribution, author, acceptor;
	int rep_author, rep_acceptor;
	cop_time created;
} accept;

static int accept_read(cop_store *s, const cop_id *tid, accept *a, int *found)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[1];
	int rc;

	*found = 0;
	memset(a, 0, sizeof(*a));
	p[0] = cop__v_id(tid);
	if ((rc = rop_rows(s, COP_ROP_ACCEPT_GET, p, 1, &it)) != COP_OK)
		return rc;
	rc = rop_next(s, it, &row);
	if (rc == COP_OK) {
		a->thread = cop__r_id(&row, 0);
		a->community = cop__r_id(&row, 1);
		a->contribution = cop__r_id(&row, 2);
		a->author = cop__r_id(&row, 3);
		a->acceptor = cop__r_id(&row, 4);
		a->rep_author = (int)cop__r_int(&row, 5);
		a->rep_acceptor = (int)cop__r_int(&row, 6);
		a->created = cop__r_int(&row, 7);
		*found = !cop_id_is_nil(&a->contribution);
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int accept_write(cop_store *s, const accept *a)
{
	cop_val p[8];

	p[0] = cop__v_id(&a->thread);
	p[1] = cop__v_id(&a->community);
	p[2] = cop__v_id(&a->contribution);
	p[3] = cop__v_id(&a->author);
	p[4] = cop__v_id(&a->acceptor);
	p[5] = cop__v_int(a->rep_author);
	p[6] = cop__v_int(a->rep_acceptor);
	p[7] = cop__v_int(a->created);
	return rop_run(s, COP_ROP_ACCEPT_PUT, p, 8);
}

/* Undo an accepted answer's entries and counter. */
static int accept_undo(rctx *x, accept *a)
{
	standing *st;
	int rc;

	if ((rc = ledger_reverse(x, &a->author, a->rep_author, &a->thread)) != COP_OK ||
	    (rc = ledger_reverse(x, &a->acceptor, a->rep_acceptor, &a->thread))
			!= COP_OK)
		return rc;
	if (!cop_id_is_nil(&a->author)) {
		if ((rc = ctx_standing(x, &a->author, &st)) != COP_OK)
			return rc;
		st->accepted--;
		st->dirty = 1;
	}
	memset(&a->contribution, 0, sizeof(a->contribution));
	memset(&a->author, 0, sizeof(a->author));
	memset(&a->acceptor, 0, sizeof(a->acceptor));
	a->rep_author = a->rep_acceptor = 0;
	return COP_OK;
}

/* Load the thread and check the actor may accept in it. */
static int accept_check(cop_store *s, cop_thread_rec *t, cop__access *acc)
{
	const cop_id *actor = cop__actor(s);

	if (t->kind != COP_THREAD_QUESTION)
		return cop__error(s, COP_EINVAL, "only question threads have "
			"accepted answers");
	if (acc->system || acc->is_facilitator)
		return COP_OK;
	if (actor && same_id(actor, &t->author_id) && acc->can_post)
		return COP_OK;
	return cop__error(s, COP_EPERM, "only the asker or a facilitator may "
		"accept an answer");
}

static int thread_set_state(cop_store *s, cop_thread_rec *t, int from, int to)
{
	int rc;

	if (t->state != from)
		return COP_OK;
	t->state = to;
	rc = s->be->update(s->be, COP_REC_THREAD, t);
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "updating a thread");
}

int cop_answer_accept(cop_store *s, const char *answer_id)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	const cop_id *actor;
	cop_key key;
	standing *st;
	accept a;
	rctx x;
	cop_id cid;
	int rc, found = 0;

	if (!s)
		return COP_EINVAL;
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &cid, answer_id, "answer")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	actor = cop__actor(s);
	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	memset(&key, 0, sizeof(key));
	key.id = cid;
	rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &key, &c);
	if (rc == COP_ENOTFOUND)
		rc = cop__error(s, rc, "no such contribution %s", answer_id);
	else if (rc != COP_OK)
		rc = cop__be_error(s, rc, "reading a contribution");
	if (rc == COP_OK)
		rc = cop__thread_load(s, &c.thread_id, &t, &acc);
	if (rc == COP_OK && c.kind != COP_CONTRIB_ANSWER)
		rc = cop__error(s, COP_EINVAL, "only answers can be accepted");
	if (rc == COP_OK)
		rc = accept_check(s, &t, &acc);
	if (rc == COP_OK)
		rc = accept_read(s, &t.id, &a, &found);
	if (rc == COP_OK && found && same_id(&a.contribution, &cid))
		rc = cop__error(s, COP_EEXISTS, "this answer is already accepted");
	if (rc == COP_OK)
		rc = ctx_init(&x, s, &c.community_id, t.tags);
	if (rc == COP_OK && found)
		rc = accept_undo(&x, &a);
	if (rc == COP_OK) {
		a.thread = t.id;
		a.community = c.community_id;
		a.contribution = cid;
		a.author = c.author_id;
		if (actor)
			a.acceptor = *actor;
		a.created = x.now;
		/* No reputation from accepting one's own answer. */
		if (!actor || !same_id(actor, &c.author_id)) {
			rc = ledger_add(&x, &c.author_id, x.cfg.accept_author,
				COP_REP_ACCEPTED, &t.id, 0, &a.rep_author);
			if (rc == COP_OK)
				rc = ledger_add(&x, actor, x.cfg.accept_acceptor,
					COP_REP_ACCEPTOR, &t.id, 0, &a.rep_acceptor);
		}
	}
	if (rc == COP_OK && !cop_id_is_nil(&c.author_id) &&
	    (rc = ctx_standing(&x, &c.author_id, &st)) == COP_OK) {
		st->accepted++;
		st->dirty = 1;
		rc = badge_give(&x, &c.author_id, COP_BADGE_FIRST_ACCEPTED, NULL,
			NULL);
	}
	if (rc == COP_OK && actor && !same_id(actor, &t.author_id))
		rc = badge_give(&x, actor, COP_BADGE_FACILITATOR, NULL, NULL);
	if (rc == COP_OK && actor)
		rc = ctx_active(&x, actor);
	if (rc == COP_OK)
		rc = accept_write(s, &a);
	if (rc == COP_OK)
		rc = thread_set_state(s, &t, COP_THREAD_OPEN, COP_THREAD_ANSWERED);
	if (rc == COP_OK)
		rc = ctx_flush(&x);
	if (rc == COP_OK)
		rc = cop__log(s, "answer.accept", &cid, &c.community_id);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_answer_unaccept(cop_store *s, const char *thread_id)
{
	cop_thread_rec t;
	cop__access acc;
	accept a;
	rctx x;
	cop_id tid;
	int rc, found = 0;

	if (!s)
		return COP_EINVAL;
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	rc = cop__thread_load(s, &tid, &t, &acc);
	if (rc == COP_OK)
		rc = accept_check(s, &t, &acc);
	if (rc == COP_OK)
		rc = accept_read(s, &tid, &a, &found);
	if (rc == COP_OK && !found)
		rc = cop__error(s, COP_ENOTFOUND, "no accepted answer");
	if (rc == COP_OK)
		rc = ctx_init(&x, s, &t.community_id, t.tags);
	if (rc == COP_OK)
		rc = accept_undo(&x, &a);
	if (rc == COP_OK)
		rc = ctx_active(&x, cop__actor(s));
	if (rc == COP_OK) {
		a.created = x.now;
		rc = accept_write(s, &a);
	}
	if (rc == COP_OK)
		rc = thread_set_state(s, &t, COP_THREAD_ANSWERED, COP_THREAD_OPEN);
	if (rc == COP_OK)
		rc = ctx_flush(&x);
	if (rc == COP_OK)
		rc = cop__log(s, "answer.unaccept", &tid, &t.community_id);
	cop_rec_clear(COP_REC_THREAD, &t);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_answer_accepted(cop_contribution **out, cop_store *s,
	const char *thread_id)
{
	cop_thread_rec t;
	cop__access acc;
	char text[COP_ID_TEXT_LEN + 1];
	accept a;
	cop_id tid;
	int rc, found = 0;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	rc = cop__thread_load(s, &tid, &t, &acc);
	cop_rec_clear(COP_REC_THREAD, &t);
	if (rc == COP_OK)
		rc = accept_read(s, &tid, &a, &found);
	if (rc == COP_OK && !found)
		rc = cop__error(s, COP_ENOTFOUND, "no accepted answer");
	if (rc != COP_OK)
		return rc;
	cop_id_format(text, &a.contribution);
	return cop_contribution_get(out, s, text);
}

/* ---- members by id or handle ------------------------------------------------------ */

static int member_resolve(cop_store *s, const char *text, cop_id *out)
{
	cop_member_rec m;
	cop_key key;
	int rc;

	if (!text || !*text)
		return cop__error(s, COP_EINVAL, "member is required");
	memset(&key, 0, sizeof(key));
	memset(&m, 0, sizeof(m));
	if (cop_id_parse(&key.id, text) != COP_OK)
		key.name = text;
	rc = s->be->get(s->be, COP_REC_MEMBER, &key, &m);
	if (rc == COP_OK)
		*out = m.id;
	cop_rec_clear(COP_REC_MEMBER, &m);
	if (rc == COP_ENOTFOUND)
		return cop__error(s, rc, "no member %s", text);
	return rc == COP_OK ? COP_OK : cop__be_error(s, rc, "reading a member");
}

/* ---- kudos -------------------------------------------------------------------------- */

struct cop_kudos {
	cop_id id, community, from, to, contribution;
	char *message;
	cop_time created;
	char t_id[37], t_community[37], t_from[37], t_to[37], t_contribution[37];
};

void cop_kudos_free(cop_kudos *k)
{
	if (!k)
		return;
	cop_free(k->message);
	cop_free(k);
}

static int kudos_from_row(cop_store *s, const cop_row *r, cop_kudos **out)
{
	cop_kudos *k = cop_mallocz(sizeof(*k));

	if (!k || !(k->message = cop_strdup(cop__r_text(r, 5) ? cop__r_text(r, 5) : ""))) {
		cop_free(k);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	k->id = cop__r_id(r, 0);
	k->community = cop__r_id(r, 1);
	k->from = cop__r_id(r, 2);
	k->to = cop__r_id(r, 3);
	k->contribution = cop__r_id(r, 4);
	k->created = cop__r_int(r, 6);
	*out = k;
	return COP_OK;
}

int cop_kudos_give(cop_kudos **out, cop_store *s, const char *community,
	const char *to, const char *contribution, const char *message)
{
	cop_community_rec c;
	cop_contribution_rec con;
	cop_membership_rec m;
	cop__access acc;
	const cop_id *actor;
	cop_kudos *k = NULL;
	cop_key key;
	cop_val p[7];
	standing *st;
	rctx x;
	cop_id tid, kid, conid;
	int rc, applied;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__check_text(s, message, "message", 0, COP_KUDOS_MAX, 0))
			!= COP_OK)
		return rc;
	memset(&conid, 0, sizeof(conid));
	if (contribution && (rc = cop__id_arg(s, &conid, contribution,
			"contribution")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	actor = cop__actor(s);
	memset(&c, 0, sizeof(c));
	memset(&con, 0, sizeof(con));
	memset(&m, 0, sizeof(m));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !acc.system && !acc.can_post)
		rc = cop__error(s, COP_EPERM, "only active members may give kudos");
	if (rc == COP_OK)
		rc = member_resolve(s, to, &tid);
	if (rc == COP_OK && actor && same_id(actor, &tid))
		rc = cop__error(s, COP_EINVAL, "no kudos to oneself");
	if (rc == COP_OK) {
		memset(&key, 0, sizeof(key));
		key.id = c.id;
		key.id2 = tid;
		rc = s->be->get(s->be, COP_REC_MEMBERSHIP, &key, &m);
		if (rc == COP_ENOTFOUND || (rc == COP_OK &&
		    m.status == COP_MEMBERSHIP_LEFT))
			rc = cop__error(s, COP_ENOTFOUND, "%s is not a member of "
				"the community", to);
		else if (rc != COP_OK)
			rc = cop__be_error(s, rc, "reading a membership");
	}
	if (rc == COP_OK && contribution) {
		memset(&key, 0, sizeof(key));
		key.id = conid;
		rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &key, &con);
		if (rc == COP_ENOTFOUND)
			rc = cop__error(s, rc, "no such contribution %s", contribution);
		else if (rc != COP_OK)
			rc = cop__be_error(s, rc, "reading a contribution");
		else if (!same_id(&con.community_id, &c.id) ||
		         !same_id(&con.author_id, &tid))
			rc = cop__error(s, COP_EINVAL, "the contribution is not by "
				"%s in this community", to);
	}
	if (rc == COP_OK)
		rc = ctx_init(&x, s, &c.id, NULL);
	if (rc == COP_OK)
		rc = cop__id_new(s, &kid);
	if (rc == COP_OK) {
		p[0] = cop__v_id(&kid);
		p[1] = cop__v_id(&c.id);
		p[2] = cop__v_id(actor);
		p[3] = cop__v_id(&tid);
		p[4] = cop__v_id(&conid);
		p[5] = cop__v_text(message);
		p[6] = cop__v_int(x.now);
		rc = rop_run(s, COP_ROP_KUDOS_INS, p, 7);
	}
	if (rc == COP_OK)
		rc = ledger_add(&x, &tid, x.cfg.kudos, COP_REP_KUDOS, &kid, 0,
			&applied);
	if (rc == COP_OK && (rc = ctx_standing(&x, &tid, &st)) == COP_OK) {
		st->kudos_received++;
		st->dirty = 1;
		rc = kudos_badges(&x, st);
	}
	if (rc == COP_OK && actor)
		rc = ctx_active(&x, actor);
	if (rc == COP_OK)
		rc = ctx_flush(&x);
	if (rc == COP_OK)
		rc = cop__log(s, "kudos.give", &kid, &c.id);
	if (rc == COP_OK && out) {
		cop_row r;
		memset(&r, 0, sizeof(r));
		r.ncols = 7;
		memcpy(r.col, p, sizeof(p));
		rc = kudos_from_row(s, &r, &k);
	}
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	cop_rec_clear(COP_REC_CONTRIBUTION, &con);
	cop_rec_clear(COP_REC_MEMBERSHIP, &m);
	rc = cop__write_end(s, rc);
	if (rc != COP_OK) {
		cop_kudos_free(k);
		return rc;
	}
	if (out)
		*out = k;
	return cop__ok(s);
}

const char *cop_kudos_id(const cop_kudos *k)
{
	return k ? cop__lazy_id((char *)k->t_id, &k->id) : NULL;
}
const char *cop_kudos_community_id(const cop_kudos *k)
{
	return k ? cop__lazy_id((char *)k->t_community, &k->community) : NULL;
}
const char *cop_kudos_from_id(const cop_kudos *k)
{
	return k ? cop__lazy_id((char *)k->t_from, &k->from) : NULL;
}
const char *cop_kudos_to_id(const cop_kudos *k)
{
	return k ? cop__lazy_id((char *)k->t_to, &k->to) : NULL;
}
const char *cop_kudos_contribution_id(const cop_kudos *k)
{
	return k ? cop__lazy_id((char *)k->t_contribution, &k->contribution) : NULL;
}
const char *cop_kudos_message(const cop_kudos *k)
{
	return k ? k->message : NULL;
}
cop_time cop_kudos_created(const cop_kudos *k)
{
	return k ? k->created : 0;
}

/* ---- a keyset iterator over a recognition operation ----------------------------- */

/*
 * Listings here are keyset-paged on (number, id): the cursor is
 * "<number>.<32 hex digits>".  The iterator runs the operation once with
 * the page's limit and streams its rows.
 */
typedef struct rit {
	cop_store *s;
	cop_backend_iter *bi;
	char cursor[64];
	int has_cursor;
	int (*make)(cop_store *s, const cop_row *r, void **obj,
		int64_t *knum, cop_id *kid);
} rit;

static int cursor_parse(const char *c, int64_t *num, cop_id *id)
{
	char *end;
	int i;

	*num = strtoll(c, &end, 10);
	if (end == c || *end != '.' || strlen(end + 1) != 32)
		return COP_EINVAL;
	for (i = 0; i < 16; i++) {
		unsigned int b;
		if (sscanf(end + 1 + 2 * i, "%2x", &b) != 1)
			return COP_EINVAL;
		id->bytes[i] = (unsigned char)b;
	}
	return COP_OK;
}

static void cursor_make(char *buf, size_t n, int64_t num, const cop_id *id)
{
	int i, k = snprintf(buf, n, "%" PRId64 ".", num);

	for (i = 0; i < 16 && (size_t)k + 2 < n; i++)
		k += snprintf(buf + k, n - (size_t)k, "%02x", id->bytes[i]);
}

/*
 * Start: @p p holds the operation's parameters; the last three are
 * (after number, after id, limit), filled here from @p page (descending
 * order: no cursor starts at @p top).
 */
static int rit_start(rit **out, cop_store *s, int op, cop_val *p,
	unsigned int n, const cop_page *page, int64_t top, const cop_id *top_id,
	int (*make)(cop_store *, const cop_row *, void **, int64_t *, cop_id *))
{
	rit *it;
	int64_t num = top;
	cop_id id = *top_id;
	int rc;

	*out = NULL;
	if (page && page->version != COP_PAGE_VERSION)
		return cop__error(s, COP_EINVAL, "unsupported cop_page version %u",
			page->version);
	if (page && page->after && cursor_parse(page->after, &num, &id) != COP_OK)
		return cop__error(s, COP_EINVAL, "malformed cursor");
	p[n - 3] = cop__v_int(num);
	p[n - 2] = cop__v_id(&id);
	/* A nil id would be sent as NULL: keep the bytes. */
	p[n - 2].type = COP_VAL_KEY;
	p[n - 1] = cop__v_int(page && page->limit ? (int64_t)page->limit : INT32_MAX);
	it = cop_mallocz(sizeof(*it));
	if (!it)
		return cop__error(s, COP_ENOMEM, "out of memory");
	it->s = s;
	it->make = make;
	if (page && page->after) {
		snprintf(it->cursor, sizeof(it->cursor), "%s", page->after);
		it->has_cursor = 1;
	}
	if ((rc = rop_rows(s, op, p, n, &it->bi)) != COP_OK) {
		cop_free(it);
		return rc;
	}
	*out = it;
	return COP_OK;
}

static int rit_next(rit *it, void **obj)
{
	cop_row row;
	int64_t num;
	cop_id id;
	int rc;

	*obj = NULL;
	if (!it->bi)
		return COP_ITEROVER;
	rc = rop_next(it->s, it->bi, &row);
	if (rc != COP_OK)
		return rc;
	if ((rc = it->make(it->s, &row, obj, &num, &id)) != COP_OK)
		return rc;
	cursor_make(it->cursor, sizeof(it->cursor), num, &id);
	it->has_cursor = 1;
	return COP_OK;
}

static void rit_free(rit *it)
{
	if (!it)
		return;
	if (it->bi)
		it->bi->free(it->bi);
	cop_free(it);
}

/*
 * The public next/cursor (RIT_ITER_NEXT) and free (RIT_ITER) of an
 * iterator `struct PREFIX_iter { rit *r; ... }` over a rit.
 */
#define RIT_ITER_NEXT(prefix, objtype) \
	int prefix##_iter_next(objtype **out, prefix##_iter *it) \
	{ \
		if (!out || !it) \
			return COP_EINVAL; \
		return rit_next(it->r, (void **)out); \
	} \
	const char *prefix##_iter_cursor(const prefix##_iter *it) \
	{ \
		return it && it->r->has_cursor ? it->r->cursor : NULL; \
	}
#define RIT_ITER(prefix, objtype) \
	RIT_ITER_NEXT(prefix, objtype) \
	void prefix##_iter_free(prefix##_iter *it) \
	{ \
		if (!it) \
			return; \
		rit_free(it->r); \
		cop_free(it); \
	}

/* Resolve a community and a member for a listing. */
static int listing_args(cop_store *s, const char *community,
	const char *member, cop_id *cid, cop_id *mid)
{
	cop_community_rec c;
	cop__access acc;
	int rc;

	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK)
		*cid = c.id;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc == COP_OK && mid)
		rc = member_resolve(s, member, mid);
	return rc;
}

static const cop_id id_top = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

struct cop_kudos_iter { rit *r; };

static int kudos_make(cop_store *s, const cop_row *r, void **obj,
	int64_t *num, cop_id *id)
{
	cop_kudos *k;
	int rc = kudos_from_row(s, r, &k);
	if (rc != COP_OK)
		return rc;
	*num = k->created;
	*id = k->id;
	*obj = k;
	return COP_OK;
}

int cop_kudos_iter_new(cop_kudos_iter **out, cop_store *s,
	const char *community, const char *member, const cop_page *page)
{
	cop_kudos_iter *it;
	cop_val p[5];
	cop_id cid, mid;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((rc = listing_args(s, community, member, &cid, &mid)) != COP_OK)
		return rc;
	if (!(it = cop_mallocz(sizeof(*it))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	p[0] = cop__v_id(&cid);
	p[1] = cop__v_id(&mid);
	rc = rit_start(&it->r, s, COP_ROP_KUDOS_LIST, p, 5, page, INT64_MAX,
		&id_top, kudos_make);
	if (rc != COP_OK) {
		cop_free(it);
		return rc;
	}
	*out = it;
	return cop__ok(s);
}

RIT_ITER(cop_kudos, cop_kudos)

/* ---- standings (public) --------------------------------------------------------- */

struct cop_standing {
	standing st;
	char t_member[37];
};

int cop_standing_get(cop_standing **out, cop_store *s, const char *community,
	const char *member)
{
	cop_standing *o;
	cop_id cid, mid;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((rc = listing_args(s, community, member, &cid, &mid)) != COP_OK)
		return rc;
	if (!(o = cop_mallocz(sizeof(*o))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	if ((rc = standing_read(s, &cid, &mid, &o->st)) != COP_OK) {
		cop_free(o);
		return rc;
	}
	*out = o;
	return cop__ok(s);
}

void cop_standing_free(cop_standing *st) { cop_free(st); }
const char *cop_standing_member_id(const cop_standing *st)
{
	return st ? cop__lazy_id((char *)st->t_member, &st->st.member) : NULL;
}
int64_t cop_standing_reputation(const cop_standing *st) { return st ? st->st.reputation : 0; }
int cop_standing_trust_level(const cop_standing *st) { return st ? st->st.trust : 0; }
int cop_standing_trust_manual(const cop_standing *st) { return st ? st->st.trust_manual : 0; }
int cop_standing_days_active(const cop_standing *st) { return st ? st->st.days_active : 0; }
int cop_standing_posts(const cop_standing *st) { return st ? st->st.posts : 0; }
int cop_standing_likes_given(const cop_standing *st) { return st ? st->st.likes_given : 0; }
int cop_standing_likes_received(const cop_standing *st) { return st ? st->st.likes_received : 0; }
int cop_standing_kudos_received(const cop_standing *st) { return st ? st->st.kudos_received : 0; }
int cop_standing_accepted(const cop_standing *st) { return st ? st->st.accepted : 0; }

int cop_trust_set(cop_store *s, const char *community, const char *member,
	int level)
{
	cop_community_rec c;
	cop__access acc;
	standing *st;
	rctx x;
	cop_id mid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (level < -1 || level > 4)
		return cop__error(s, COP_EINVAL, "trust levels are 0-4 (-1: automatic)");
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators and owners may "
			"set trust levels");
	if (rc == COP_OK)
		rc = member_resolve(s, member, &mid);
	if (rc == COP_OK)
		rc = ctx_init(&x, s, &c.id, NULL);
	if (rc == COP_OK && (rc = ctx_standing(&x, &mid, &st)) == COP_OK) {
		st->trust_manual = level >= 0;
		if (level >= 0)
			st->trust = level;
		st->dirty = 1;
		rc = ctx_flush(&x);
	}
	if (rc == COP_OK)
		rc = cop__log(s, "trust.set", &mid, &c.id);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_trust_can(int *out, cop_store *s, const char *community,
	const char *member, cop_privilege priv)
{
	cop_community_rec c;
	cop_recognition_config cfg;
	cop_membership_rec m;
	cop__access acc;
	cop_key key;
	standing st;
	cop_id mid;
	int rc, need;

	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((int)priv < 0 || (int)priv > COP_PRIV_MODERATE)
		return cop__error(s, COP_EINVAL, "invalid privilege %d", (int)priv);
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&m, 0, sizeof(m));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !member) {
		if (!s->has_actor) {
			*out = 1;
			cop_rec_clear(COP_REC_COMMUNITY, &c);
			return cop__ok(s);
		}
		mid = s->actor;
	} else if (rc == COP_OK) {
		rc = member_resolve(s, member, &mid);
	}
	if (rc == COP_OK)
		rc = cfg_load(s, &c.id, &cfg);
	if (rc == COP_OK)
		rc = standing_read(s, &c.id, &mid, &st);
	if (rc == COP_OK) {
		memset(&key, 0, sizeof(key));
		key.id = c.id;
		key.id2 = mid;
		if (s->be->get(s->be, COP_REC_MEMBERSHIP, &key, &m) == COP_OK &&
		    m.status == COP_MEMBERSHIP_ACTIVE &&
		    m.role >= COP_ROLE_FACILITATOR && priv != COP_PRIV_EDIT_OTHERS) {
			*out = 1;
		} else {
			switch (priv) {
			case COP_PRIV_FLAG: need = cfg.priv_flag; break;
			case COP_PRIV_VOTE_DOWN: need = cfg.priv_vote_down; break;
			case COP_PRIV_EDIT_OTHERS: need = cfg.priv_edit_others; break;
			default: need = cfg.priv_moderate; break;
			}
			*out = st.trust >= need;
		}
	}
	cop_rec_clear(COP_REC_MEMBERSHIP, &m);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* ---- the ledger (public) ------------------------------------------------------------ */

struct cop_ledger_entry {
	cop_id id, member, object, actor;
	int points, nominal, reason;
	cop_time time;
	char t_member[37], t_object[37], t_actor[37];
};
struct cop_ledger_iter { rit *r; };

static int ledger_make(cop_store *s, const cop_row *r, void **obj,
	int64_t *num, cop_id *id)
{
	cop_ledger_entry *e = cop_mallocz(sizeof(*e));

	if (!e)
		return cop__error(s, COP_ENOMEM, "out of memory");
	e->id = cop__r_id(r, 0);
	e->member = cop__r_id(r, 2);
	e->points = (int)cop__r_int(r, 3);
	e->nominal = (int)cop__r_int(r, 4);
	e->reason = (int)cop__r_int(r, 5);
	e->object = cop__r_id(r, 6);
	e->actor = cop__r_id(r, 7);
	e->time = cop__r_int(r, 8);
	*num = e->time;
	*id = e->id;
	*obj = e;
	return COP_OK;
}

int cop_ledger_iter_new(cop_ledger_iter **out, cop_store *s,
	const char *community, const char *member, const cop_page *page)
{
	cop_ledger_iter *it;
	cop_val p[5];
	cop_id cid, mid;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((rc = listing_args(s, community, member, &cid, &mid)) != COP_OK)
		return rc;
	if (!(it = cop_mallocz(sizeof(*it))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	p[0] = cop__v_id(&cid);
	p[1] = cop__v_id(&mid);
	rc = rit_start(&it->r, s, COP_ROP_LEDGER_LIST, p, 5, page, INT64_MAX,
		&id_top, ledger_make);
	if (rc != COP_OK) {
		cop_free(it);
		return rc;
	}
	*out = it;
	return cop__ok(s);
}

RIT_ITER(cop_ledger, cop_ledger_entry)

void cop_ledger_entry_free(cop_ledger_entry *e) { cop_free(e); }
const char *cop_ledger_entry_member_id(const cop_ledger_entry *e)
{
	return e ? cop__lazy_id((char *)e->t_member, &e->member) : NULL;
}
int cop_ledger_entry_points(const cop_ledger_entry *e) { return e ? e->points : 0; }
int cop_ledger_entry_nominal(const cop_ledger_entry *e) { return e ? e->nominal : 0; }
cop_rep_reason cop_ledger_entry_reason(const cop_ledger_entry *e)
{
	return e ? (cop_rep_reason)e->reason : COP_REP_UPVOTE;
}
const char *cop_ledger_entry_object_id(const cop_ledger_entry *e)
{
	return e ? cop__lazy_id((char *)e->t_object, &e->object) : NULL;
}
const char *cop_ledger_entry_actor_id(const cop_ledger_entry *e)
{
	return e ? cop__lazy_id((char *)e->t_actor, &e->actor) : NULL;
}
cop_time cop_ledger_entry_time(const cop_ledger_entry *e) { return e ? e->time : 0; }

/* ---- badges (public) ------------------------------------------------------------------ */

struct cop_badge_award {
	cop_id id, member, object;
	int badge;
	int klass;                 /* imported badges: their own class */
	cop_time awarded;
	char t_member[37], t_object[37];
	char name[128];            /* imported badges: their own name */
};
struct cop_badge_iter { rit *r; };

int cop_badge_award_give(cop_store *s, const char *community,
	const char *member, cop_badge badge, const char *object)
{
	cop_community_rec c;
	cop__access acc;
	rctx x;
	cop_id mid, oid;
	int rc, given = 0;

	if (!s)
		return COP_EINVAL;
	if ((int)badge < 0 || (int)badge >= NBADGES)
		return cop__error(s, COP_EINVAL, "invalid badge %d", (int)badge);
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	memset(&oid, 0, sizeof(oid));
	if (badge_per_object[badge] && !object)
		return cop__error(s, COP_EINVAL, "badge %s needs a contribution",
			badge_names[badge]);
	if (object && (rc = cop__id_arg(s, &oid, object, "object")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK && !acc.is_facilitator)
		rc = cop__error(s, COP_EPERM, "only facilitators and owners may "
			"award badges");
	if (rc == COP_OK)
		rc = member_resolve(s, member, &mid);
	if (rc == COP_OK)
		rc = ctx_init(&x, s, &c.id, NULL);
	/* By hand: given even where rule badges are switched off. */
	x.cfg.rule_badges = 1;
	if (rc == COP_OK)
		rc = badge_give(&x, &mid, badge, &oid, &given);
	if (rc == COP_OK && !given)
		rc = cop__error(s, COP_EEXISTS, "the badge is already awarded");
	if (rc == COP_OK)
		rc = cop__log(s, "badge.award", &mid, &c.id);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

static int badge_make(cop_store *s, const cop_row *r, void **obj,
	int64_t *num, cop_id *id)
{
	cop_badge_award *a = cop_mallocz(sizeof(*a));

	if (!a)
		return cop__error(s, COP_ENOMEM, "out of memory");
	a->id = cop__r_id(r, 0);
	a->member = cop__r_id(r, 2);
	a->badge = (int)cop__r_int(r, 3);
	a->object = cop__r_id(r, 4);
	if (!badge_per_object[a->badge < 0 || a->badge >= NBADGES ? 0 : a->badge])
		memset(&a->object, 0, sizeof(a->object));
	a->awarded = cop__r_int(r, 5);
	if (a->badge == COP_BADGE_NAMED) {
		snprintf(a->name, sizeof(a->name), "%s",
			cop__r_text(r, 6) ? cop__r_text(r, 6) : "");
		a->klass = (int)cop__r_int(r, 7);
	}
	*num = a->awarded;
	*id = a->id;
	*obj = a;
	return COP_OK;
}

int cop_badge_iter_new(cop_badge_iter **out, cop_store *s,
	const char *community, const char *member, const cop_page *page)
{
	cop_badge_iter *it;
	cop_val p[5];
	cop_id cid, mid;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((rc = listing_args(s, community, member, &cid, &mid)) != COP_OK)
		return rc;
	if (!(it = cop_mallocz(sizeof(*it))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	p[0] = cop__v_id(&cid);
	p[1] = cop__v_id(&mid);
	rc = rit_start(&it->r, s, COP_ROP_BADGE_LIST, p, 5, page, INT64_MAX,
		&id_top, badge_make);
	if (rc != COP_OK) {
		cop_free(it);
		return rc;
	}
	*out = it;
	return cop__ok(s);
}

RIT_ITER(cop_badge, cop_badge_award)

void cop_badge_award_free(cop_badge_award *a) { cop_free(a); }
cop_badge cop_badge_award_badge(const cop_badge_award *a)
{
	return a ? (cop_badge)a->badge : COP_BADGE_FIRST_POST;
}
const char *cop_badge_award_member_id(const cop_badge_award *a)
{
	return a ? cop__lazy_id((char *)a->t_member, &a->member) : NULL;
}
const char *cop_badge_award_object_id(const cop_badge_award *a)
{
	return a ? cop__lazy_id((char *)a->t_object, &a->object) : NULL;
}
cop_time cop_badge_award_awarded(const cop_badge_award *a) { return a ? a->awarded : 0; }
const char *cop_badge_award_name(const cop_badge_award *a)
{
	if (!a)
		return NULL;
	return a->badge == COP_BADGE_NAMED ? a->name :
		cop_badge_name((cop_badge)a->badge);
}
int cop_badge_award_class(const cop_badge_award *a)
{
	if (!a)
		return -1;
	return a->badge == COP_BADGE_NAMED ? a->klass :
		cop_badge_class_of((cop_badge)a->badge);
}

/* ---- leaderboards ----------------------------------------------------------------- */

struct cop_leader {
	cop_id member;
	int64_t points;
	char *handle;
	char t_member[37];
};
struct cop_leader_iter { rit *r; char *tag; };

static int leader_make(cop_store *s, const cop_row *r, void **obj,
	int64_t *num, cop_id *id)
{
	cop_leader *l = cop_mallocz(sizeof(*l));

	if (!l || !(l->handle = cop_strdup(cop__r_text(r, 2) ? cop__r_text(r, 2) : ""))) {
		cop_free(l);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	l->member = cop__r_id(r, 0);
	l->points = cop__r_int(r, 1);
	*num = l->points;
	*id = l->member;
	*obj = l;
	return COP_OK;
}

/*
 * The board is ordered by points descending, then member id ascending;
 * the keyset parameters are (points, member): rows with fewer points, or
 * as many and a greater id.  Without a cursor: INT64_MAX and any id.
 */
int cop_leader_iter_new(cop_leader_iter **out, cop_store *s,
	const char *community, const char *tag, cop_period period, cop_time at,
	const cop_page *page)
{
	cop_leader_iter *it;
	char *ntag = NULL;
	cop_val p[7];
	cop_id cid;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((int)period < 0 || (int)period > COP_PERIOD_ALL)
		return cop__error(s, COP_EINVAL, "invalid period %d", (int)period);
	if (at < 0)
		return cop__error(s, COP_EINVAL, "negative time");
	if (tag && *tag) {
		if ((rc = cop__tags_normalize(s, tag, &ntag)) != COP_OK)
			return rc;
		if (strchr(ntag, ' ')) {
			cop_free(ntag);
			return cop__error(s, COP_EINVAL, "one tag only");
		}
	}
	if ((rc = listing_args(s, community, NULL, &cid, NULL)) != COP_OK) {
		cop_free(ntag);
		return rc;
	}
	if (!(it = cop_mallocz(sizeof(*it)))) {
		cop_free(ntag);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	it->tag = ntag;
	p[0] = cop__v_id(&cid);
	p[1] = cop__v_int(period);
	p[2] = cop__v_int(cop_period_start(period, at ? at : cop__now(s)));
	p[3] = cop__v_text(ntag ? ntag : "");
	{
		cop_id low;
		memset(&low, 0, sizeof(low));
		rc = rit_start(&it->r, s, COP_ROP_BOARD, p, 7, page, INT64_MAX,
			&low, leader_make);
	}
	if (rc != COP_OK) {
		cop_free(it->tag);
		cop_free(it);
		return rc;
	}
	*out = it;
	return cop__ok(s);
}

RIT_ITER_NEXT(cop_leader, cop_leader)

void cop_leader_iter_free(cop_leader_iter *it)
{
	if (!it)
		return;
	rit_free(it->r);
	cop_free(it->tag);
	cop_free(it);
}

void cop_leader_free(cop_leader *l)
{
	if (!l)
		return;
	cop_free(l->handle);
	cop_free(l);
}
const char *cop_leader_member_id(const cop_leader *l)
{
	return l ? cop__lazy_id((char *)l->t_member, &l->member) : NULL;
}
const char *cop_leader_handle(const cop_leader *l) { return l ? l->handle : NULL; }
int64_t cop_leader_points(const cop_leader *l) { return l ? l->points : 0; }

/* ---- verification ----------------------------------------------------------------------- */

struct cop_verify_report {
	char **lines;
	size_t n, cap;
	int repaired;
};

static int report_add(cop_store *s, cop_verify_report *r, const char *fmt, ...)
	COP__PRINTF(3, 4);

static int report_add(cop_store *s, cop_verify_report *r, const char *fmt, ...)
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

/* ---- verifying the period totals -------------------------------------------------- */

typedef struct tot {
	int period;
	int64_t start, points;
	char tag[40];
	int seen;
} tot;

typedef struct tots {
	tot *v;
	size_t n, cap;
	cop_id member;
	int have;
} tots;

static int tots_add(cop_store *s, tots *t, int period, int64_t start,
	const char *tag, int64_t points)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].period == period && t->v[i].start == start &&
		    !strcmp(t->v[i].tag, tag)) {
			t->v[i].points += points;
			return COP_OK;
		}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		tot *v = cop_realloc(t->v, cap * sizeof(*v));
		if (!v)
			return cop__error(s, COP_ENOMEM, "out of memory");
		t->v = v;
		t->cap = cap;
	}
	memset(&t->v[t->n], 0, sizeof(t->v[0]));
	t->v[t->n].period = period;
	t->v[t->n].start = start;
	snprintf(t->v[t->n].tag, sizeof(t->v[0].tag), "%s", tag);
	t->v[t->n].points = points;
	t->n++;
	return COP_OK;
}

/* Add one ledger entry's points to its totals (as totals_add() does). */
static int tots_entry(cop_store *s, tots *t, const char *tags, cop_time time,
	int64_t points)
{
	char tag[40];
	const char *q;
	int per, rc;

	for (per = 0; per <= COP_PERIOD_ALL; per++) {
		int64_t start = cop_period_start((cop_period)per, time);
		if ((rc = tots_add(s, t, per, start, "", points)) != COP_OK)
			return rc;
		for (q = tags; q && *q; ) {
			size_t n = strcspn(q, " ");
			if (n > 0 && n < sizeof(tag)) {
				memcpy(tag, q, n);
				tag[n] = '\0';
				if ((rc = tots_add(s, t, per, start, tag, points)) != COP_OK)
					return rc;
			}
			q += n;
			while (*q == ' ')
				q++;
		}
	}
	return COP_OK;
}

/* Compare a member's expected totals with the stored ones. */
static int tots_flush(cop_store *s, const cop_community_rec *c, tots *t,
	cop_verify_report *rep, int *diffs)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[2];
	char a[37];
	size_t i;
	int rc;

	if (!t->have)
		return COP_OK;
	cop_id_format(a, &t->member);
	p[0] = cop__v_id(&c->id);
	p[1] = cop__v_id(&t->member);
	if ((rc = rop_rows(s, COP_ROP_TOTAL_MEMBER, p, 2, &it)) != COP_OK)
		return rc;
	while ((rc = rop_next(s, it, &row)) == COP_OK) {
		int per = (int)cop__r_int(&row, 0);
		int64_t start = cop__r_int(&row, 1), pts = cop__r_int(&row, 3), want = 0;
		const char *tag = cop__r_text(&row, 2) ? cop__r_text(&row, 2) : "";
		for (i = 0; i < t->n; i++)
			if (t->v[i].period == per && t->v[i].start == start &&
			    !strcmp(t->v[i].tag, tag)) {
				t->v[i].seen = 1;
				want = t->v[i].points;
				break;
			}
		if (pts != want) {
			(*diffs)++;
			if ((rc = report_add(s, rep, "%s: member %s: %s total from %"
					PRId64 "%s%s: %" PRId64 ", ledger gives %" PRId64,
					c->slug, a, period_names[per < 0 || per > 4 ? 4 : per],
					start, *tag ? " tag " : "", tag, pts, want)) != COP_OK)
				break;
		}
	}
	it->free(it);
	if (rc != COP_ITEROVER)
		return rc;
	for (i = 0; i < t->n; i++)
		if (!t->v[i].seen && t->v[i].points != 0) {
			(*diffs)++;
			if ((rc = report_add(s, rep, "%s: member %s: %s total from %"
					PRId64 "%s%s missing, ledger gives %" PRId64, c->slug, a,
					period_names[t->v[i].period], t->v[i].start,
					*t->v[i].tag ? " tag " : "", t->v[i].tag,
					t->v[i].points)) != COP_OK)
				return rc;
		}
	t->n = 0;
	t->have = 0;
	return COP_OK;
}

/* Recompute every member's period totals from the ledger and compare. */
static int verify_totals(cop_store *s, const cop_community_rec *c,
	cop_verify_report *rep, int *diffs)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[5];
	cop_id am, ai;
	int64_t at = INT64_MIN;
	tots t;
	int rc = COP_OK, more = 1;

	memset(&t, 0, sizeof(t));
	memset(&am, 0, sizeof(am));
	memset(&ai, 0, sizeof(ai));
	while (more && rc == COP_OK) {
		int got = 0;
		p[0] = cop__v_id(&c->id);
		p[1] = cop__v_id(&am);
		p[1].type = COP_VAL_KEY;
		p[2] = cop__v_int(at);
		p[3] = cop__v_id(&ai);
		p[3].type = COP_VAL_KEY;
		p[4] = cop__v_int(500);
		if ((rc = rop_rows(s, COP_ROP_LEDGER_SCAN, p, 5, &it)) != COP_OK)
			break;
		while ((rc = rop_next(s, it, &row)) == COP_OK) {
			cop_id mid = cop__r_id(&row, 2);
			got++;
			if (t.have && !same_id(&mid, &t.member) &&
			    (rc = tots_flush(s, c, &t, rep, diffs)) != COP_OK)
				break;
			t.member = mid;
			t.have = 1;
			am = mid;
			at = cop__r_int(&row, 8);
			ai = cop__r_id(&row, 0);
			if (cop__r_int(&row, 3) != 0 &&
			    (rc = tots_entry(s, &t, cop__r_text(&row, 9), at,
					cop__r_int(&row, 3))) != COP_OK)
				break;
		}
		it->free(it);
		if (rc != COP_ITEROVER)
			break;
		rc = COP_OK;
		more = got == 500;
	}
	if (rc == COP_OK)
		rc = tots_flush(s, c, &t, rep, diffs);
	cop_free(t.v);
	return rc;
}

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
	if ((rc = cfg_load(s, &c->id, &cfg)) != COP_OK)
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
		if ((rc = report_add(s, rep, "%s: contribution %s: score %" PRId64
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
			    (rc = report_add(s, rep, "%s: member %s: %s %" PRId64
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
		if ((rc = report_add(s, rep, "%s: member %s: reputation %" PRId64
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
				standing_from_row(&st, &row);
				after = st.member;
				for (i = 0; i < f.n; i++)
					if (f.v[i].what == FIX_COUNTS &&
					    same_id(&f.v[i].a, &st.member)) {
						st.posts = (int)f.v[i].n[0];
						st.likes_given = (int)f.v[i].n[1];
						st.likes_received = (int)f.v[i].n[2];
						st.kudos_received = (int)f.v[i].n[3];
						st.accepted = (int)f.v[i].n[4];
					}
				cop_id_format(a, &st.member);
				lvl = st.trust_manual ? st.trust : trust_auto(&cfg, &st);
				if (lvl != st.trust) {
					memset(&x, 0, sizeof(x));
					x.what = FIX_TRUST;
					x.a = st.member;
					x.n[0] = lvl;
					if ((rc = report_add(s, rep, "%s: member %s: trust "
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
		if ((rc = verify_totals(s, c, rep, &tdiffs)) != COP_OK)
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
		rc = report_add(s, rep, "%s: member %s: badge %s missing", c->slug,
			a, badge_names[f.v[i].n[0]]);
	}

	if (rc == COP_OK && repair) {
		rctx xc;
		if ((rc = ctx_init(&xc, s, &c->id, NULL)) != COP_OK)
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
				if ((rc = standing_read(s, &c->id, &v->a, &st)) != COP_OK)
					break;
				if (v->what == FIX_COUNTS) {
					st.posts = (int)v->n[0];
					st.likes_given = (int)v->n[1];
					st.likes_received = (int)v->n[2];
					st.kudos_received = (int)v->n[3];
					st.accepted = (int)v->n[4];
					if (!st.trust_manual)
						st.trust = trust_auto(&cfg, &st);
				} else if (v->what == FIX_REP) {
					st.reputation = v->n[1];
				} else {
					st.trust = (int)v->n[0];
				}
				rc = standing_write(s, &st);
				break;
			case FIX_BADGE:
				rc = badge_give(&xc, &v->a, (cop_badge)v->n[0], &v->b, NULL);
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
						rc = totals_add(s, &c->id, &buf[i].m, buf[i].tags,
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

/* ---- reading --------------------------------------------------------------------- */

int cop_thread_read(cop_store *s, const char *thread_id, int posts)
{
	cop_thread_rec t;
	cop__access acc;
	standing *st;
	rctx x;
	cop_id tid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system does not read threads");
	if (posts < 0)
		return cop__error(s, COP_EINVAL, "posts read must not be negative");
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &tid, thread_id, "thread")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	rc = cop__thread_load(s, &tid, &t, &acc);
	if (rc == COP_OK)
		rc = ctx_init(&x, s, &t.community_id, NULL);
	if (rc == COP_OK && (rc = ctx_active(&x, &s->actor)) == COP_OK &&
	    (rc = ctx_standing(&x, &s->actor, &st)) == COP_OK) {
		int n = posts < t.contribution_count ? posts : t.contribution_count;
		st->posts_read = st->posts_read > INT_MAX - n ? INT_MAX :
			st->posts_read + n;
		st->dirty = 1;
		rc = ctx_flush(&x);
	}
	cop_rec_clear(COP_REC_THREAD, &t);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

int cop_standing_posts_read(const cop_standing *st)
{
	return st ? st->st.posts_read : 0;
}

/* ---- flags ------------------------------------------------------------------------ */

static const char *const flag_state_names[] = { "open", "upheld", "dismissed" };
COP__ENUM_NAMES(cop_flag_state, cop_flag_state, flag_state_names)

#define FLAG_REASON_MAX 500

struct cop_flag {
	cop_id id, community, contribution, flagger, resolver;
	char *reason;
	int state;
	cop_time created, resolved;
	char t_id[37], t_community[37], t_contribution[37], t_flagger[37],
	     t_resolver[37];
};

void cop_flag_free(cop_flag *f)
{
	if (!f)
		return;
	cop_free(f->reason);
	cop_free(f);
}

static int flag_from_row(cop_store *s, const cop_row *r, cop_flag **out)
{
	cop_flag *f = cop_mallocz(sizeof(*f));

	if (!f || !(f->reason = cop_strdup(cop__r_text(r, 4) ? cop__r_text(r, 4) : ""))) {
		cop_free(f);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	f->id = cop__r_id(r, 0);
	f->community = cop__r_id(r, 1);
	f->contribution = cop__r_id(r, 2);
	f->flagger = cop__r_id(r, 3);
	f->state = (int)cop__r_int(r, 5);
	f->created = cop__r_int(r, 6);
	f->resolver = cop__r_id(r, 7);
	f->resolved = cop__r_int(r, 8);
	*out = f;
	return COP_OK;
}

/* One value of a count(*) operation into *n. */
static int rop_count(cop_store *s, int op, const cop_val *p, unsigned int np,
	int64_t *n)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	int rc;

	*n = 0;
	if ((rc = rop_rows(s, op, p, np, &it)) != COP_OK)
		return rc;
	rc = rop_next(s, it, &row);
	if (rc == COP_OK)
		*n = cop__r_int(&row, 0);
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

int cop_flag_raise(cop_flag **out, cop_store *s, const char *contribution_id,
	const char *reason)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop__access acc;
	cop_key key;
	cop_flag *f = NULL;
	cop_val p[9];
	cop_id cid;
	int64_t n = 0;
	int rc, allowed = 0;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!s->has_actor)
		return cop__error(s, COP_EINVAL, "the system does not flag; "
			"act as a member");
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__check_text(s, reason, "reason", 0, FLAG_REASON_MAX, 0))
			!= COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &cid, contribution_id, "contribution")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	memset(&key, 0, sizeof(key));
	key.id = cid;
	rc = s->be->get(s->be, COP_REC_CONTRIBUTION, &key, &c);
	if (rc == COP_ENOTFOUND)
		rc = cop__error(s, rc, "no such contribution %s", contribution_id);
	else if (rc != COP_OK)
		rc = cop__be_error(s, rc, "reading a contribution");
	if (rc == COP_OK)
		rc = cop__thread_load(s, &c.thread_id, &t, &acc);
	if (rc == COP_OK && !acc.can_post)
		rc = cop__error(s, COP_EPERM, "only active members of the "
			"community may flag");
	if (rc == COP_OK && same_id(&s->actor, &c.author_id))
		rc = cop__error(s, COP_EPERM, "no flagging your own contributions");
	if (rc == COP_OK) {
		rc = cop__recognition_allows(s, &c.community_id, &acc,
			COP_PRIV_FLAG, &allowed);
		if (rc == COP_OK && !allowed)
			rc = cop__error(s, COP_EPERM, "flagging needs trust level "
				"privilege flag");
	}
	if (rc == COP_OK) {
		p[0] = cop__v_id(&cid);
		p[1] = cop__v_id(&s->actor);
		rc = rop_count(s, COP_ROP_FLAG_HAS, p, 2, &n);
		if (rc == COP_OK && n > 0)
			rc = cop__error(s, COP_EEXISTS, "you have already flagged "
				"this contribution");
	}
	if (rc == COP_OK && !(f = cop_mallocz(sizeof(*f))))
		rc = cop__error(s, COP_ENOMEM, "out of memory");
	if (rc == COP_OK && !(f->reason = cop_strdup(reason)))
		rc = cop__error(s, COP_ENOMEM, "out of memory");
	if (rc == COP_OK)
		rc = cop__id_new_now(s, &f->id, &f->created);
	if (rc == COP_OK) {
		f->community = c.community_id;
		f->contribution = cid;
		f->flagger = s->actor;
		f->state = COP_FLAG_OPEN;
		p[0] = cop__v_id(&f->id);
		p[1] = cop__v_id(&f->community);
		p[2] = cop__v_id(&f->contribution);
		p[3] = cop__v_id(&f->flagger);
		p[4] = cop__v_text(f->reason);
		p[5] = cop__v_int(f->state);
		p[6] = cop__v_int(f->created);
		p[7] = cop__v_id(&cop__nil_id);
		p[8] = cop__v_int(0);
		rc = rop_run(s, COP_ROP_FLAG_INS, p, 9);
	}
	if (rc == COP_OK)
		rc = cop__log(s, "flag.raise", &f->id, &c.community_id);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	cop_rec_clear(COP_REC_THREAD, &t);
	rc = cop__write_end(s, rc);
	if (rc != COP_OK || !out)
		cop_flag_free(f);
	else
		*out = f;
	return rc == COP_OK ? cop__ok(s) : rc;
}

/* May the actor resolve flags in community @p cid?  EPERM when not. */
static int flag_moderator(cop_store *s, const cop_id *cid, const char *what)
{
	cop__access acc;
	int rc, allowed = 0;

	/* Moderators are active members: visibility follows from that. */
	if ((rc = cop__community_access(s, cid, -1, &acc)) != COP_OK)
		return rc;
	if (!acc.system && !acc.can_post)
		return cop__error(s, COP_EPERM, "only active members may %s", what);
	if ((rc = cop__recognition_allows(s, cid, &acc, COP_PRIV_MODERATE,
			&allowed)) != COP_OK)
		return rc;
	return allowed ? COP_OK : cop__error(s, COP_EPERM, "only facilitators, "
		"owners and members with the moderate privilege may %s", what);
}

int cop_flag_resolve(cop_store *s, const char *flag_id, cop_flag_state outcome)
{
	cop_backend_iter *it = NULL;
	cop_flag *f = NULL;
	cop_row row;
	cop_val p[4];
	cop_id fid;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (outcome != COP_FLAG_UPHELD && outcome != COP_FLAG_DISMISSED)
		return cop__error(s, COP_EINVAL, "a flag is resolved as upheld "
			"or dismissed");
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__id_arg(s, &fid, flag_id, "flag")) != COP_OK)
		return rc;
	if ((rc = cop__write_begin(s)) != COP_OK)
		return rc;
	p[0] = cop__v_id(&fid);
	rc = rop_rows(s, COP_ROP_FLAG_GET, p, 1, &it);
	if (rc == COP_OK) {
		rc = rop_next(s, it, &row);
		if (rc == COP_OK)
			rc = flag_from_row(s, &row, &f);
		else if (rc == COP_ITEROVER)
			rc = cop__error(s, COP_ENOTFOUND, "no such flag %s", flag_id);
		it->free(it);
	}
	if (rc == COP_OK)
		rc = flag_moderator(s, &f->community, "resolve flags");
	if (rc == COP_OK && f->state != COP_FLAG_OPEN)
		rc = cop__error(s, COP_EINVAL, "the flag is already %s",
			flag_state_names[f->state % 3]);
	if (rc == COP_OK) {
		p[0] = cop__v_id(&fid);
		p[1] = cop__v_int(outcome);
		p[2] = s->has_actor ? cop__v_id(&s->actor) : cop__v_id(&cop__nil_id);
		p[3] = cop__v_int(cop__now(s));
		rc = rop_run(s, COP_ROP_FLAG_RESOLVE, p, 4);
	}
	if (rc == COP_OK)
		rc = cop__log(s, outcome == COP_FLAG_UPHELD ? "flag.uphold" :
			"flag.dismiss", &fid, &f->community);
	cop_flag_free(f);
	rc = cop__write_end(s, rc);
	return rc == COP_OK ? cop__ok(s) : rc;
}

struct cop_flag_iter { rit *r; };

static int flag_make(cop_store *s, const cop_row *r, void **obj,
	int64_t *num, cop_id *id)
{
	cop_flag *f;
	int rc = flag_from_row(s, r, &f);

	if (rc != COP_OK)
		return rc;
	*num = f->created;
	*id = f->id;
	*obj = f;
	return COP_OK;
}

int cop_flag_iter_new(cop_flag_iter **out, cop_store *s, const char *community,
	cop_flag_state state, const cop_page *page)
{
	cop_flag_iter *it;
	cop_val p[5];
	cop_id cid;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((int)state < COP_FLAG_OPEN || (int)state > COP_FLAG_DISMISSED)
		return cop__error(s, COP_EINVAL, "invalid flag state %d", (int)state);
	if ((rc = listing_args(s, community, NULL, &cid, NULL)) != COP_OK)
		return rc;
	if ((rc = flag_moderator(s, &cid, "review flags")) != COP_OK)
		return rc;
	if (!(it = cop_mallocz(sizeof(*it))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	p[0] = cop__v_id(&cid);
	p[1] = cop__v_int(state);
	if ((rc = rit_start(&it->r, s, COP_ROP_FLAG_LIST, p, 5, page, INT64_MIN,
			&cop__nil_id, flag_make)) != COP_OK) {
		cop_free(it);
		return rc;
	}
	*out = it;
	return cop__ok(s);
}

RIT_ITER(cop_flag, cop_flag)

const char *cop_flag_id(const cop_flag *f)
{
	return f ? cop__lazy_id((char *)f->t_id, &f->id) : NULL;
}
const char *cop_flag_community_id(const cop_flag *f)
{
	return f ? cop__lazy_id((char *)f->t_community, &f->community) : NULL;
}
const char *cop_flag_contribution_id(const cop_flag *f)
{
	return f ? cop__lazy_id((char *)f->t_contribution, &f->contribution) : NULL;
}
const char *cop_flag_flagger_id(const cop_flag *f)
{
	return f ? cop__lazy_id((char *)f->t_flagger, &f->flagger) : NULL;
}
const char *cop_flag_reason(const cop_flag *f) { return f ? f->reason : NULL; }
cop_flag_state cop_flag_state_get(const cop_flag *f)
{
	return f ? (cop_flag_state)f->state : COP_FLAG_OPEN;
}
cop_time cop_flag_created(const cop_flag *f) { return f ? f->created : 0; }
const char *cop_flag_resolver_id(const cop_flag *f)
{
	return f ? cop__lazy_id((char *)f->t_resolver, &f->resolver) : NULL;
}
cop_time cop_flag_resolved(const cop_flag *f) { return f ? f->resolved : 0; }
