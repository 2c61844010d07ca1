/*
 * recognition_int.h: what the recognition files share.  Not installed.
 *
 * Recognition is votes and reactions (vote.c), accepted answers
 * (accept.c), kudos (kudos.c), the reputation ledger and its period
 * totals (ledger.c), standings and the per-event context (standing.c),
 * trust levels and privileges (trust.c), badges (badge.c), leaderboards
 * (leaderboard.c), configuration (config.c), cop_verify (verify.c,
 * verify_totals.c) and the listings' common start (listing.c); the
 * listings page through the core's iterator (iter.c, cop__iter_typed()).
 * See docs/recognition.md for the rules.
 *
 * Storage goes through the backend's recognition interface
 * (sys/backend.h's cop_backend_recognition; on backends of versions 2 to
 * 5, the same methods over their rop(), sql/recognition.c).
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
#ifndef COP_RECOGNITION_INT_H
#define COP_RECOGNITION_INT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <inttypes.h>
#include <limits.h>

#include "internal.h"

#define DAY_MS 86400000LL
#define REP_INITIAL 1          /* every member starts with 1 */

/* ---- small helpers ----------------------------------------------------------- */

static inline int cop__same_id(const cop_id *a, const cop_id *b)
{
	return memcmp(a->bytes, b->bytes, 16) == 0;
}

/* The backend's recognition table (COP__FEATURE_GET): COP_OK, or
 * COP_ENOTSUP recorded. */
#define RECOGNITION(s, out) COP__FEATURE_GET(s, out, recognition, \
	cop__sql_recognition, "recognition")
/* The backend's recognition table, or NULL when it has none. */
#define REC_T(s) COP__FEATURE(s, recognition, cop__sql_recognition)
/* Whether the backend has recognition storage. */
#define HAS_REC(s) (REC_T(s) != NULL)

/* ---- calling the backend (listing.c) ----------------------------------------- */

/** A recognition method's status @p rc, a failure recorded on @p s. */
int cop__rec_be(cop_store *s, int rc);

/** A record of a listing handed over by cop__rec_each(), its strings
 *  borrowed until the callback returns; COP_OK, or an error recorded on
 *  @p s (the listing stops). */
typedef int (*cop__rec_fn)(cop_store *s, void *rec, void *arg);

/**
 * Read the records of kind @p kind of the listing @p it that a method
 * started with status @p rc, handing each to @p fn (NULL: only count
 * them) in order; *got (optional) receives how many.  The iterator is
 * freed.  COP_OK after the records, or the first error (the method's or
 * the listing's, recorded, or @p fn's).
 */
int cop__rec_each(cop_store *s, int rc, cop_backend_iter *it,
	cop_rec_kind kind, cop__rec_fn fn, void *arg, size_t *got);

/**
 * A listing's record @p rec of @p kind (kudos, a ledger entry, a
 * leaderboard row) into a new object of its kind in *obj (one block, the
 * strings copied: the record's stay the iterator's) and its sort key
 * (@p num, @p id) into @p key.  COP_OK, or COP_ENOMEM (recorded).
 */
int cop__rec_wrap_key(cop_store *s, cop_rec_kind kind, const void *rec,
	void **obj, cop__key *key, int64_t num, const cop_id *id);
/** Define @p fn, the cop__typed_make of a listing of records of type
 *  @p R (@p kind) keyed by their fields (@p num, @p id). */
#define REC_WRAP_MAKE(fn, kind, R, num, id) \
	static int fn(cop_store *s, void *rec, void **obj, cop__key *key) \
	{ \
		const R *r_ = rec; \
		return cop__rec_wrap_key(s, kind, rec, obj, key, r_->num, \
			&r_->id); \
	}

/* ---- the configuring calls (listing.c) ----------------------------------------- */

/**
 * Resolve @p community into *c (zeroed first; the caller clears it with
 * cop_rec_clear()) and check that the actor facilitates it: COP_OK,
 * COP_EPERM ("only facilitators and owners may @p what"), or the errors
 * of cop__community_resolve().
 */
int cop__rec_facilitator(cop_store *s, const char *community,
	cop_community_rec *c, const char *what);
/** The checks opening a call that hands back through @p out: COP_EINVAL
 *  without a store, COP_EINVAL ("out is NULL") without @p out. */
int cop__rec_out_arg(cop_store *s, const void *out);
/**
 * Start a recognition write: COP_EINVAL without a store (unrecorded),
 * COP_ENOTSUP without recognition storage,
 * then (when @p id is given) the id argument @p text parsed into *id
 * (COP_EINVAL, "malformed @p what id"), then cop__write_begin().  On
 * COP_OK the caller ends the write with cop__rec_write_end().
 */
int cop__rec_write_begin(cop_store *s, cop_id *id, const char *text,
	const char *what);
/** End a write (cop__write_end()) and return its status, clearing the
 *  store's message on success (cop__ok()). */
int cop__rec_write_end(cop_store *s, int rc);

/* ---- small helpers, continued -------------------------------------------------- */

/**
 * Define the public getter @p fn of the id in field @p f of an object of
 * type @p type: its text (in the object's t_<f>, made on first use), or
 * NULL for a NULL object or the nil id.
 */
#define REC_ID_GETTER(fn, type, f) \
	const char *fn(const type *o) \
	{ \
		return o ? cop__lazy_id((char *)o->t_##f, &o->f) : NULL; \
	}

/** What a vote of @p kind (a cop_vote_kind, or -1: retracted) adds to its
 *  contribution's score: the one rule, which cop_verify() hands to the
 *  backend's check of the scores as parameters. */
int cop__rec_vote_weight(int kind);

/** Floor division (rounds toward minus infinity). */
int64_t cop__rec_floor_div(int64_t a, int64_t b);

/**
 * Load contribution @p cid (@p text in messages) into *c and its thread
 * into *t, with the actor's access to the thread in *acc: COP_OK,
 * COP_ENOTFOUND ("no such contribution": not there or not visible) or a
 * backend error.  *c and
 * *t are zeroed first; the caller clears them after, also on failure.
 */
int cop__rec_contribution_load(cop_store *s, const cop_id *cid,
	const char *text, cop_contribution_rec *c, cop_thread_rec *t,
	cop__access *acc);
/**
 * The start of a write about contribution @p text: its id into *cid, the
 * write begun (cop__write_begin()), then cop__rec_contribution_load().
 * COP_OK with the write open (the caller ends it and clears *c and *t);
 * on failure nothing is left open and *c, *t hold nothing.
 */
int cop__rec_contribution_write(cop_store *s, const char *text, cop_id *cid,
	cop_contribution_rec *c, cop_thread_rec *t, cop__access *acc);

/** Resolve a member by id or handle into *out (ENOTFOUND, EINVAL). */
int cop__rec_member_resolve(cop_store *s, const char *text, cop_id *out);

/* ---- configuration (config.c) -------------------------------------------------- */

/** Community @p cid's configuration into *out (the defaults where unset). */
int cop__rec_config_load(cop_store *s, const cop_id *cid,
	cop_recognition_config *out);

/* ---- standings (standing.c) ----------------------------------------------------- */

/* A standing as the backend keeps it. */
typedef cop_standing_rec standing;

/** Read a standing; a member without one gets the initial standing. */
int cop__rec_standing_read(cop_store *s, const cop_id *cid, const cop_id *mid,
	standing *st);
int cop__rec_standing_write(cop_store *s, const standing *st);

/* ---- the context of one recognition event (standing.c) ------------------------ */

#define CTX_STANDINGS 6

typedef struct rctx {
	cop_store *s;
	cop_id community;
	cop_recognition_config cfg;
	cop_time now;
	const char *tags;            /* of the thread, for tag totals */
	int masked;                  /* the event's object is hidden (a thread
	                                or contribution, docs/recognition.md
	                                "Hidden content"): its entries count
	                                in no reputation or total until shown */
	standing st[CTX_STANDINGS];
	unsigned int dirty;          /* bit i: st[i] changed */
	int nst;
} rctx;

int cop__rec_ctx_init(rctx *x, cop_store *s, const cop_id *cid,
	const char *tags);
/** The cached standing of @p mid (read on first use). */
int cop__rec_ctx_standing(rctx *x, const cop_id *mid, standing **out);
/** Mark cached standing @p st (of the event's) changed: written back by
 *  cop__rec_ctx_flush(). */
#define REC_DIRTY(x_, st_) \
	((x_)->dirty |= 1u << (unsigned int)((st_) - (x_)->st))
/**
 * The start of a facilitator's change to @p member in @p community, in a
 * write: the community resolved and checked into *c (cop__rec_facilitator(),
 * @p what; the caller clears *c), the member into *mid, then the event's
 * context *x.  COP_OK, or the first of their errors.
 */
int cop__rec_facilitator_ctx(rctx *x, cop_store *s, const char *community,
	const char *member, const char *what, cop_community_rec *c, cop_id *mid);
/** Count a day of activity for the actor. */
int cop__rec_ctx_active(rctx *x, const cop_id *mid);
/** Write back every changed standing, with its trust level. */
int cop__rec_ctx_flush(rctx *x);

/* ---- trust (trust.c) ----------------------------------------------------------- */

/** The automatic trust level of a standing. */
int cop__rec_trust_auto(const cop_recognition_config *c, const standing *st);

/* ---- the ledger and its totals (ledger.c) -------------------------------------- */

typedef int (*cop__rec_total_fn)(int period, int64_t start, const char *tag,
	void *arg);
/**
 * Call @p fn for each period total an entry at time @p t counts in: each
 * period (its start), for the whole community (tag "") and for each of
 * the space-separated @p tags (NULL: none).  Stops at fn's first error.
 */
int cop__rec_totals_each(const char *tags, cop_time t, cop__rec_total_fn fn,
	void *arg);
/** Add points to the period totals (whole community and each tag). */
int cop__rec_totals_add(cop_store *s, const cop_id *cid, const cop_id *mid,
	const char *tags, cop_time t, int64_t points);
/**
 * The points @p nominal points at time @p now apply to standing @p st
 * (changed: its reputation, and its day's capped points when @p capped):
 * the daily cap for capped gains, the floor for losses.
 */
int64_t cop__rec_points(const cop_recognition_config *cfg, standing *st,
	cop_time now, int nominal, int capped);
/**
 * cop__rec_points() for an entry on an object that is hidden when
 * @p masked: then the cap applies but not the floor, and the reputation
 * is left as it was (the entry counts in nothing until the object is
 * shown).
 */
int64_t cop__rec_points_on(const cop_recognition_config *cfg, standing *st,
	cop_time now, int nominal, int capped, int masked);
/**
 * Append a ledger entry of @p nominal points for @p mid, applying the
 * daily cap (when @p capped) and the floor; *applied (optional) receives
 * the points applied.  Nothing is written for 0 nominal points.  When
 * the event's object is hidden (x->masked), the entry meets the cap but
 * not the floor, and changes neither the reputation nor the totals.
 */
int cop__rec_ledger_add(rctx *x, const cop_id *mid, int nominal,
	cop_rep_reason reason, const cop_id *object, int capped, int *applied);
/** Reverse an entry that applied @p applied points. */
int cop__rec_ledger_reverse(rctx *x, const cop_id *mid, int applied,
	const cop_id *object);

/* ---- badges (badge.c) ------------------------------------------------------------- */

/** Award a badge (idempotent: a badge already held is no change). */
int cop__rec_badge_give(rctx *x, const cop_id *mid, cop_badge b,
	const cop_id *object, int *given);
/**
 * The score badges a contribution of kind @p ckind in a thread of kind
 * @p tkind can earn: 1 with their thresholds in th[] and the first badge
 * (the others follow it) in *first, or 0 when it earns none.
 */
int cop__rec_score_thresholds(const cop_recognition_config *g, int ckind,
	int tkind, int th[3], cop_badge *first);
/** Score badges for a contribution whose score went from @p from to @p to. */
int cop__rec_score_badges(rctx *x, const cop_contribution_rec *c, int tkind,
	int from, int to);

/* ---- verification (verify.c, verify_totals.c) ----------------------------------- */


int cop__rec_report_add(cop_store *s, cop_verify_report *r, const char *fmt, ...)
	COP__PRINTF(3, 4);
/**
 * Check every member (with a standing) of community @p c: the reputation
 * (with COP__REC_POINTS_REP in @p fix) and the period totals against the
 * ledger entries on objects that are not hidden (verify_totals.c); each
 * difference counted in *diffs (optional), written to @p rep (NULL: no
 * report) and, with COP__REC_POINTS_SET, set right.  COP_OK, or the
 * first error.
 */
int cop__rec_points_check(cop_store *s, const cop_community_rec *c,
	cop_verify_report *rep, int fix, int *diffs);

/* ---- listings (listing.c) ----------------------------------------------------- */

/** Resolve a community and a member (optional) for a listing. */
int cop__rec_listing_args(cop_store *s, const char *community,
	const char *member, cop_id *cid, cop_id *mid);
/**
 * The opening of a call that hands back through @p out what it finds of
 * @p member in @p community: *out (when given) set to NULL, the checks of
 * cop__rec_out_arg(), then cop__rec_listing_args() into *cid and *mid.
 */
int cop__rec_member_args(cop_store *s, void **out, const char *community,
	const char *member, cop_id *cid, cop_id *mid);
/** cop__rec_member_args(), with the actor's access to the community in
 *  @p acc. */
int cop__rec_member_args_acc(cop_store *s, void **out,
	const char *community, const char *member, cop_id *cid, cop_id *mid,
	cop__access *acc);
/**
 * Start a listing of @p member's records of @p kind (COP_REC_KUDOS
 * received, COP_REC_LEDGER, COP_REC_BADGE) in @p community, newest first
 * (the backend's kudos_list, ledger_list or badge_list).  The public
 * iterator is the cop__iter in *out, its objects made by @p make.  COP_OK,
 * or the errors of a listing (COP_EINVAL, COP_ENOTFOUND, COP_EPERM,
 * COP_ENOTSUP, COP_ENOMEM, COP_EIO).
 */
int cop__rec_member_listing(cop__iter **out, cop_store *s,
	const char *community, const char *member, const cop_page *page,
	cop_rec_kind kind, cop__typed_make make);
/** Define the public @p fn starting a member's listing of iterator type
 *  @p it over records of @p kind and their maker @p make. */
#define REC_MEMBER_LISTING(fn, it, kind, make) \
	int fn(it **out, cop_store *s, const char *community, \
		const char *member, const cop_page *page) \
	{ \
		return cop__rec_member_listing((cop__iter **)out, s, community, \
			member, page, kind, make); \
	}

#endif
