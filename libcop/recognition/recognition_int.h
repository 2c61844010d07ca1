/*
 * recognition_int.h: what the recognition files share.  Not installed.
 *
 * Recognition is votes and reactions (vote.c), accepted answers
 * (accept.c), kudos (kudos.c), the reputation ledger and its period
 * totals (ledger.c), standings and the per-event context (standing.c),
 * trust levels and privileges (trust.c), badges (badge.c), leaderboards
 * (leaderboard.c), configuration (config.c), cop_verify (verify.c,
 * verify_totals.c) and the listings' common start (listing.c); the
 * listings page through the core's iterator (iter.c, cop__iter_rows()).
 * See docs/recognition.md for the rules.
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

/* The shared operation helpers (store.c), worded for recognition. */
#define has_rop(s) cop__has_rop((s), "recognition")
#define rop_run(s, op, p, n) cop__rop_run((s), (op), (p), (n), "recognition")
#define rop_rows(s, op, p, n, it) \
	cop__rop_rows((s), (op), (p), (n), (it), "recognition")
#define rop_next(s, it, row) cop__rop_next((s), (it), (row), "recognition rows")

/* ---- rows of an operation (listing.c) ----------------------------------------- */

/** A row handed over by cop__rec_rows(), borrowed until the callback
 *  returns; COP_OK, or an error recorded on @p s (the rows stop). */
typedef int (*cop__rec_row_fn)(cop_store *s, const cop_row *r, void *arg);

/**
 * Run operation @p op and hand its rows, at most @p max of them (0: all),
 * to @p fn (NULL: only count them) in order; *got (optional) receives how
 * many.  COP_OK after the rows, or the first error (the operation's,
 * recorded, or @p fn's).
 */
int cop__rec_rows(cop_store *s, int op, const cop_val *p, unsigned int n,
	size_t max, cop__rec_row_fn fn, void *arg, size_t *got);
/** The number in the first column of the first row of @p op (a count)
 *  into *out; 0 without a row. */
int cop__rec_count(cop_store *s, int op, const cop_val *p, unsigned int n,
	int64_t *out);

/** How one column of a row maps to a field of a struct. */
typedef enum {
	REC_ID,      /* cop_id */
	REC_INT,     /* int */
	REC_I64,     /* int64_t (cop_time) */
	REC_TEXT,    /* char *, cop_strdup'd ("" for NULL) on reading */
	REC_SKIP     /* a column the struct does not keep */
} cop__rec_type;

typedef struct cop__rec_col {
	cop__rec_type type;
	size_t off;
} cop__rec_col;

/** Column of a table, in order: field @p f of struct @p st. */
#define REC_COL(type, st, f) { type, offsetof(st, f) }
/** A column the struct does not keep. */
#define REC_NONE { REC_SKIP, 0 }
#define REC_NCOLS(cols) ((unsigned int)(sizeof(cols) / sizeof((cols)[0])))

/** A public object made from a listing's rows: its struct, columns, and
 *  the columns of its sort key (a number and an id). */
typedef struct cop__rec_table {
	size_t size;
	const cop__rec_col *cols;
	unsigned int ncols;
	unsigned int key_num, key_id;
} cop__rec_table;

#define REC_TABLE(st, cols, num, id) \
	{ sizeof(st), cols, REC_NCOLS(cols), num, id }

/**
 * Read row @p r into the fields of @p obj, column i into cols[i].  COP_OK,
 * or COP_ENOMEM (recorded) when a text column cannot be copied: the texts
 * copied so far stay in @p obj for its free function.
 */
int cop__rec_cols_read(cop_store *s, void *obj, const cop__rec_col *cols,
	size_t n, const cop_row *r);
/** The fields of @p obj as an operation's parameters p[0..n), in the
 *  same order (texts borrowed from @p obj). */
void cop__rec_cols_params(const void *obj, const cop__rec_col *cols,
	size_t n, cop_val *p);
/** A new object of table @p t read from row @p r into *out (the caller
 *  frees it with cop__rec_obj_free()).  COP_OK or COP_ENOMEM. */
int cop__rec_obj_new(cop_store *s, const cop__rec_table *t, const cop_row *r,
	void **out);
/** Free an object of table @p t and its texts; NULL is harmless. */
void cop__rec_obj_free(const cop__rec_table *t, void *obj);
/** A listing's cop__row_make over table @p t. */
int cop__rec_make(cop_store *s, const cop__rec_table *t, const cop_row *r,
	void **obj, cop__key *key);
/** Define @p fn, the cop__row_make of a listing over table @p t. */
#define REC_MAKE(fn, t) \
	static int fn(cop_store *s, const cop_row *r, void **obj, cop__key *key) \
	{ \
		return cop__rec_make(s, &(t), r, obj, key); \
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
 * COP_ENOTFOUND, COP_EPERM (not visible) or a backend error.  The
 * caller zeroes *c and *t first and clears them after.
 */
int cop__rec_contribution_load(cop_store *s, const cop_id *cid,
	const char *text, cop_contribution_rec *c, cop_thread_rec *t,
	cop__access *acc);

/** Resolve a member by id or handle into *out (ENOTFOUND, EINVAL). */
int cop__rec_member_resolve(cop_store *s, const char *text, cop_id *out);

/* ---- configuration (config.c) -------------------------------------------------- */

/** Community @p cid's configuration into *out (the defaults where unset). */
int cop__rec_config_load(cop_store *s, const cop_id *cid,
	cop_recognition_config *out);

/* ---- standings (standing.c) ----------------------------------------------------- */

typedef struct standing {
	cop_id community, member;
	int64_t reputation, cap_day, cap_used;
	int trust, trust_manual, days_active;
	int64_t last_day;
	int posts, likes_given, likes_received, kudos_received, accepted;
	int posts_read;
	int dirty;
} standing;

void cop__rec_standing_from_row(standing *st, const cop_row *r);
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
	standing st[CTX_STANDINGS];
	int nst;
} rctx;

int cop__rec_ctx_init(rctx *x, cop_store *s, const cop_id *cid,
	const char *tags);
/** The cached standing of @p mid (read on first use). */
int cop__rec_ctx_standing(rctx *x, const cop_id *mid, standing **out);
/**
 * The first parameters of a new row about member @p mid in the event's
 * community: p[0] a new id (made into *id, which p[0] borrows), p[1] the
 * community, p[2] the member (borrowed).  COP_OK, or cop__id_new()'s error.
 */
int cop__rec_row_start(rctx *x, const cop_id *mid, cop_id *id, cop_val *p);
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
 * Append a ledger entry of @p nominal points for @p mid, applying the
 * daily cap (when @p capped) and the floor; *applied (optional) receives
 * the points applied.  Nothing is written for 0 nominal points.
 */
int cop__rec_ledger_add(rctx *x, const cop_id *mid, int nominal,
	cop_rep_reason reason, const cop_id *object, int capped, int *applied);
/** Reverse an entry that applied @p applied points. */
int cop__rec_ledger_reverse(rctx *x, const cop_id *mid, int applied,
	const cop_id *object);

/** One entry of a ledger scan, borrowed until the callback returns. */
typedef struct cop__rec_entry {
	cop_id member;
	int64_t points;
	cop_time time;
	const char *tags;            /* the thread's tags, or NULL */
} cop__rec_entry;

typedef int (*cop__rec_entry_fn)(cop_store *s, const cop__rec_entry *e,
	void *arg);

/**
 * Scan community @p cid's whole ledger in (member, time, id) order,
 * keyset-paged @p page entries a statement: each entry goes to @p entry,
 * and after each page, its statement closed, @p page_done (optional) is
 * called.  COP_OK, or the first error (the operation's or a callback's).
 */
int cop__rec_ledger_scan(cop_store *s, const cop_id *cid, unsigned int page,
	cop__rec_entry_fn entry, int (*page_done)(cop_store *s, void *arg),
	void *arg);

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

/**
 * Make room for one more element in the array whose pointer is at @p arr
 * (@p n elements of @p size bytes used, *cap allocated), doubling it from
 * @p first elements when full.  COP_OK, or COP_ENOMEM (recorded; the
 * array stays as it was).
 */
int cop__rec_grow(cop_store *s, void *arr, size_t n, size_t *cap, size_t size,
	size_t first);

int cop__rec_report_add(cop_store *s, cop_verify_report *r, const char *fmt, ...)
	COP__PRINTF(3, 4);
/** Recompute every member's period totals from the ledger and compare. */
int cop__rec_verify_totals(cop_store *s, const cop_community_rec *c,
	cop_verify_report *rep, int *diffs);

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
/**
 * Start a listing of @p member's rows of operation @p op (kudos, ledger,
 * badges) in @p community, newest first: the operation's parameters are
 * (community, member, after number, after id, limit).  The public
 * iterator is the cop__iter in *out.  COP_OK, or the errors of a
 * listing (COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 * COP_ENOMEM, COP_EIO).
 */
int cop__rec_member_listing(cop__iter **out, cop_store *s,
	const char *community, const char *member, const cop_page *page, int op,
	cop__row_make make);
/** Define the public @p fn starting a member's listing of iterator type
 *  @p it over operation @p op and its rows' maker @p make. */
#define REC_MEMBER_LISTING(fn, it, op, make) \
	int fn(it **out, cop_store *s, const char *community, \
		const char *member, const cop_page *page) \
	{ \
		return cop__rec_member_listing((cop__iter **)out, s, community, \
			member, page, op, make); \
	}

#endif
