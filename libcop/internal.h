/*
 * internal.h: what the core's modules share.  Not installed.
 *
 * Module map:
 *   alloc.c        the one allocator and its fault injection
 *   error.c        status codes, messages on the store
 *   util.c         UTF-8 and argument validation, tags, ids, cursors
 *   store.c        open/close, backend registry, actor, clock, batches,
 *                  write transactions, the change log, access checks
 *   iter.c         the generic iterator under every public iterator
 *   member.c community.c thread.c contribution.c log.c search.c stats.c
 *                  the public entity APIs
 *   recognition/   votes, accepted answers, kudos, reputation, trust,
 *                  badges, leaderboards, configuration, cop_verify, one
 *                  file each (through the backend's recognition
 *                  interface, cop_backend_recognition)
 *   flag.c         flags on contributions and their review queue (through
 *                  the backend's moderation interface)
 *   link.c         links between threads
 *   import_se.c import_se_rows.c import_se_xml.c (import_se.h)
 *                  the Stack Exchange dump importer (libxml2): the run,
 *                  the rows mapped to records, the XML reader
 *   json_export.c json_import.c json_sections.c (json_doc.h) jsonout.c
 *                  a community as JSON, out and in (jansson)
 *   privacy.c privacy_export.c (privacy_self.h)
 *                  a member's erasure and data export
 *   visibility.h   who may see what, in C and in SQL, defined once
 *   sql/           what the SQL backends share: the core tables'
 *                  columns (tables.h) and what is made of them, records'
 *                  field maps, the shared tables, the moderation, links,
 *                  import-sources, recognition, privacy and export
 *                  interfaces over rop()
 *   recognition_sql.h  the statements of the backends' rop() operations
 *   sqlite/        the SQLite backend
 *   postgresql/    the PostgreSQL backend
 *
 * SQL is written in visibility.h, sql/, recognition_sql.h and the two
 * backends' folders; the core's modules hold none.
 */
#ifndef COP_INTERNAL_H
#define COP_INTERNAL_H

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#ifndef COP_BUILDING
# define COP_BUILDING 1
#endif

#include <stdarg.h>
#include <string.h>
#include "cop/cop.h"
#include "cop/sys/alloc.h"
#include "cop/sys/backend.h"

#if defined(__GNUC__)
# define COP__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
# define COP__PRINTF(f, a)
#endif

#define COP__ERRMSG_MAX 512

struct cop_store {
	cop_backend *be;
	unsigned int flags;        /* COP_OPEN_* */
	int in_batch;              /* cop_batch_begin() is open */
	int writing;               /* cop__write_begin() levels open: the
	                              actor's access is then checked against
	                              moderation (moderation.c) */
	int has_actor;             /* a member or the anonymous viewer */
	int anonymous;             /* the anonymous viewer: has_actor, with
	                              cop__anonymous_id, no member's id */
	int actor_erased;          /* the actor was seen erased: erasure is
	                              final, so every write of theirs is
	                              refused from now on without a read */
	int actor_checked;         /* the actor was seen not erased inside the
	                              write transaction open now: not read
	                              again until it ends (cop__actor_seen()) */
	cop_id actor;
	char actor_text[COP_ID_TEXT_LEN + 1];
	cop_time fixed_now;        /* 0: the system clock */
	cop_time id_last_ms;       /* for monotonic ids within one ms */
	unsigned int id_seq;
	unsigned char id_pool[4096];  /* random bytes for ids (util.c) */
	unsigned int id_pool_n;    /* bytes left at the pool's end */
	unsigned long id_pool_gen; /* the process that filled it (util.c,
	                              id_generation()) */
	int errcode;
	char errmsg[COP__ERRMSG_MAX];  /* fixed: reporting ENOMEM must not allocate */
};

/* ---- errors (error.c) ---------------------------------------------- */

/** Record @p code and a formatted message on the store; returns @p code. */
int cop__error(cop_store *s, int code, const char *fmt, ...) COP__PRINTF(3, 4);
/** Record a backend failure: "@p what: <backend's errmsg>"; returns @p code. */
int cop__be_error(cop_store *s, int code, const char *what);
/** Clear the store's error state; returns COP_OK. */
int cop__ok(cop_store *s);
/** Set the thread's cop_open() error (store NULL); returns @p code. */
int cop__open_error(int code, const char *fmt, ...) COP__PRINTF(2, 3);

/* Define @p old, a function's name before the rename of fetches to
 * _lookup (cop/deprecated.h), as another name of @p new, which the same
 * file defines: one function, two symbols, no wrapper. */
#define COP__ALIAS(old, new) \
	extern __typeof__(new) old __attribute__((alias(#new)))

/**
 * Make room for one more element in the array whose pointer is at @p arr
 * (@p n elements of @p size bytes used, *cap allocated), doubling it from
 * @p first elements when full.  COP_OK, or COP_ENOMEM (recorded; the
 * array stays as it was).
 */
int cop__grow(cop_store *s, void *arr, size_t n, size_t *cap, size_t size,
	size_t first);

/* ---- a hash table (htab.c) ------------------------------------------ */

typedef struct cop__htab_slot cop__htab_slot;

/**
 * A hash table of 64-bit keys to 64-bit values (any but UINT64_MAX):
 * open addressing, doubled when 3/4 full; zeroed, it is empty.  Several
 * entries may have one key (a hash of a longer key: cop__hash_bytes());
 * cop__htab_next() walks them.  The table owns its slots only
 * (cop__htab_free()); what the values point at stays the caller's.
 */
typedef struct cop__htab {
	cop__htab_slot *v;
	size_t n, cap;           /* entries; slots (0 or a power of two) */
} cop__htab;

/** A 64-bit hash of @p n bytes at @p p (@p seed varies it). */
uint64_t cop__hash_bytes(const void *p, size_t n, uint64_t seed);
/** cop__hash_bytes() of a NUL-terminated string. */
uint64_t cop__hash_str(const char *s);
/** Add an entry (@p key, @p val), even when @p key has one already.
 *  0, or -1 when out of memory or @p val is UINT64_MAX (unchanged). */
int cop__htab_add(cop__htab *t, uint64_t key, uint64_t val);
/**
 * The next value of @p key into *val: 1, or 0 when there is no more.
 * *pos is 0 for the first and then where the walk is; an add in between
 * may move the entries (start again).
 */
int cop__htab_next(const cop__htab *t, uint64_t key, size_t *pos,
	uint64_t *val);
/** The first value of @p key into *val: 1, or 0 when it has none. */
int cop__htab_get(const cop__htab *t, uint64_t key, uint64_t *val);
/** Slot @p i (0 to cap - 1) into *key and *val: 1, or 0 when empty. */
int cop__htab_slot_at(const cop__htab *t, size_t i, uint64_t *key,
	uint64_t *val);
/** Empty the table, keeping its slots. */
void cop__htab_clear(cop__htab *t);
/** Free the slots; the table is empty (zeroed) after. */
void cop__htab_free(cop__htab *t);

/* ---- a set of small integer keys as bits (htab.c) ------------------ */

#define COP__KEYSET_PAGE 65536   /* keys a page (8 KiB) */
#define COP__KEYSET_MIN (-(int64_t)COP__KEYSET_PAGE)    /* smallest key */
#define COP__KEYSET_MAX ((int64_t)UINT32_MAX - COP__KEYSET_PAGE)

/**
 * A set of integer keys from COP__KEYSET_MIN to COP__KEYSET_MAX (a
 * dump's ids, dense from 1 up, -1 for a site's own user) as a bit each,
 * in pages of COP__KEYSET_PAGE keys made when a key first reaches them:
 * 8 KiB per 65,536 keys, a lookup one memory read.  *pages (shared by
 * several sets, may be NULL) counts the pages they may still make.
 * Zeroed, it is empty; it owns its pages (cop__keyset_free()).
 */
typedef struct cop__keyset {
	uint64_t **page;         /* [(key - COP__KEYSET_MIN) / PAGE] or NULL */
	size_t npage;            /* slots of page */
	size_t *pages;           /* pages the sets may still make, or NULL */
} cop__keyset;

/** 1 when @p key is in the set, else 0. */
int cop__keyset_has(const cop__keyset *k, int64_t key);
/** Add @p key: 0 (also when there already), 1 when the set cannot hold
 *  it (out of range, or a new page past *pages), -1 when out of memory;
 *  its keys and *pages unchanged unless 0. */
int cop__keyset_add(cop__keyset *k, int64_t key);
/** Free the pages (counted back into *pages); the set is empty after,
 *  its pages pointer kept. */
void cop__keyset_free(cop__keyset *k);

/* ---- validation (util.c) ------------------------------------------- */

/** 1 if @p s (of length @p len) is valid UTF-8 (no overlongs, surrogates
 *  or NUL); stores the number of code points in *ncp when not NULL. */
int cop__utf8_valid(const char *s, size_t len, size_t *ncp);
/** The length (1 to 4) of the valid UTF-8 character at @p p, of which
 *  @p avail bytes (at least 1) may be read; 0 when it is not one (NUL,
 *  an overlong, a surrogate, a cut sequence, a stray byte). */
size_t cop__utf8_seq(const unsigned char *p, size_t avail);

/**
 * Check a text argument: NULL or "" gives COP_EINVAL unless @p optional
 * (then NULL is accepted, "" too); invalid UTF-8 gives COP_EENCODING;
 * more than @p max_chars code points (or @p max_bytes bytes, when not 0)
 * gives COP_ETOOBIG.  @p what names the argument in the message.
 */
int cop__check_text(cop_store *s, const char *v, const char *what,
	int optional, size_t max_chars, size_t max_bytes);
/**
 * The first check of a public function with an output parameter @p out:
 * *out is set to NULL when @p out is given; COP_EINVAL when @p s is NULL
 * (no message: there is no store to hold one) or, with "out is NULL",
 * when @p out is.  An expression: COP_OK or the code.
 */
#define COP__CHECK_OUT(s, out) \
	((out) ? (void)(*(out) = NULL) : (void)0, \
	 cop__check_out((s), (out) != NULL))
/** COP__CHECK_OUT()'s checks: COP_EINVAL for no store or no @p has_out. */
int cop__check_out(cop_store *s, int has_out);
/** A community argument: COP_EINVAL ("community is required") for NULL/"". */
int cop__check_community_arg(cop_store *s, const char *community);
/** Handle: 1-64 of [A-Za-z0-9_.-]. */
int cop__check_handle(cop_store *s, const char *v);
/** Slug: 1-64 of [a-z0-9-], not starting with '-'. */
int cop__check_slug(cop_store *s, const char *v);
/** BCP 47-shaped tag ([A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*), at most 35 chars. */
int cop__check_language(cop_store *s, const char *v, const char *what);
/** Space-separated language tags (for members), at most 10. */
int cop__check_languages(cop_store *s, const char *v);
/** Normalise a tag list into *out (cop_malloc'd; "" for NULL/empty). */
int cop__tags_normalize(cop_store *s, const char *in, char **out);
/** In a write, each tag of the normalised list *tags that is a synonym
 *  in community @p community replaced by the tag it stands for (*tags
 *  replaced, normalised again, when one was); nothing without a tags
 *  table (tag.c).  COP_OK, COP_ENOMEM, COP_EIO. */
int cop__tags_resolve(cop_store *s, const cop_id *community, char **tags);
/** @p in as one tag's name (its case folded, checked as threads' tags
 *  are: cop__tags_normalize()) into @p out; @p what names it in the
 *  errors (tag.c).  COP_OK, COP_EINVAL (none, or more than one),
 *  COP_ETOOBIG, COP_EENCODING, COP_ENOMEM. */
int cop__tag_name_check(cop_store *s, const char *in, const char *what,
	char out[36]);
/** The tags described of @p community (NULL: every one) as the actor
 *  sees them into st->tags_described; nothing without a tags table
 *  (tag.c).  COP_OK, COP_ENOMEM, COP_EIO. */
int cop__tag_stats(cop_store *s, const cop_id *community, cop_stats *st);

/* ---- enum names (util.c) ------------------------------------------------ */

/** The index of @p name in @p names[0..n), or -1 (also for NULL). */
int cop__name_index(const char *const *names, int n, const char *name);

/**
 * Define the public `PREFIX_name(TYPE)` and `PREFIX_parse(TYPE *, name)`
 * of an enum whose values are 0..N-1, from its table of names.
 */
#define COP__ENUM_NAMES(prefix, type, names) \
	const char *prefix##_name(type v) \
	{ \
		int n_ = (int)(sizeof(names) / sizeof((names)[0])); \
		return (int)v >= 0 && (int)v < n_ ? (names)[v] : NULL; \
	} \
	int prefix##_parse(type *out, const char *name) \
	{ \
		int i_ = cop__name_index(names, \
			(int)(sizeof(names) / sizeof((names)[0])), name); \
		if (!out || i_ < 0) \
			return COP_EINVAL; \
		*out = (type)i_; \
		return COP_OK; \
	}

/* ---- ids (util.c) ------------------------------------------------------ */

/** Days since 1970-01-01 of a civil date (proleptic Gregorian; any
 *  year, month 1-12, day 1-31 unchecked). */
int64_t cop__days_from_civil(int64_t y, int m, int d);
/** The civil date (@p y, @p m 1-12, @p d 1-31) of day @p z since
 *  1970-01-01: cop__days_from_civil() backwards. */
void cop__civil_from_days(int64_t z, int64_t *y, int *m, int *d);

/** A new time-ordered id, using the store's clock. */
int cop__id_new(cop_store *s, cop_id *out);
/** The same, and *now receives the clock reading the id was made from
 * (the object's creation time: one reading for both). */
int cop__id_new_now(cop_store *s, cop_id *out, cop_time *now);
/** Parse a text id argument; COP_EINVAL ("malformed @p what id") on NULL/bad. */
int cop__id_arg(cop_store *s, cop_id *out, const char *text, const char *what);
/** Format into @p buf, or "" for the nil id (for optional getters). */
void cop__id_text(char *buf, const cop_id *id);
/**
 * The text of an object's id, formatted into @p buf (COP_ID_TEXT_LEN + 1
 * bytes, zeroed when the object was made) on first use: listings make
 * many objects whose ids are never read.  NULL for the nil id.
 */
const char *cop__lazy_id(char *buf, const cop_id *id);
/** The nil id. */
extern const cop_id cop__nil_id;
/** The anonymous viewer's id (all bits set): no id libcop makes, so no
 *  member, author or membership ever has it. */
extern const cop_id cop__anonymous_id;

/* ---- the store (store.c) ----------------------------------------------- */

/** The actor's id, or NULL for the system (cop__anonymous_id for the
 *  anonymous viewer, who is an outsider everywhere). */
const cop_id *cop__actor(const cop_store *s);
/** Refuse a write by the anonymous viewer: COP_EPERM with its message. */
int cop__anonymous_refused(cop_store *s);
/**
 * Note member record @p m, just read, when it is the actor's: an erased
 * actor (COP_MEMBER_DELETED) is remembered for good; one seen not erased
 * inside a write transaction (s->writing or a batch) is not read again
 * by cop__write_end() until that transaction ends, since the read was
 * made inside it (no other writer changes the row before it ends: the
 * store's one writer, or the row locked by the read).  Folds the check
 * of cop__write_end() into a read a write makes anyway.
 */
void cop__actor_seen(cop_store *s, const cop_member_rec *m);
/** cop__actor_seen() of what a read told of the actor (a member, not
 *  the anonymous viewer): @p erased, or not. */
void cop__actor_known(cop_store *s, int erased);
/** Refuse a write by an erased actor: COP_EPERM with its message (which
 *  names nobody). */
int cop__erased_refused(cop_store *s);

/**
 * Start a write: COP_EREADONLY on a read-only store; else begins a
 * (nested) backend transaction.  Pair with cop__write_end().
 */
int cop__write_begin(cop_store *s);
/**
 * End a write started by cop__write_begin(): commit when @p rc is COP_OK,
 * else roll back.  Returns @p rc, or the commit's error (after rolling
 * back).  The store's error message is kept from the first failure.
 * The anonymous viewer's write is refused here (COP_EPERM, rolled back),
 * whatever let it through, and so is an erased actor's, with one
 * message (a COP_EPERM refusal of theirs too: it says why): the actor's
 * erasure is read inside the transaction, before it commits, at most
 * once per transaction and not at all when a read the write made told
 * it (cop__actor_known(): the moderation in force, the actor's own
 * record), never for the system.
 */
int cop__write_end(cop_store *s, int rc);
/**
 * cop__write_end() for a write the store makes for itself, whoever acts
 * (the store's secret, made for whoever needs it first, the anonymous
 * viewer's log cursors too): no refusal of the anonymous viewer.
 */
int cop__write_end_own(cop_store *s, int rc);
/** cop__write_end(), then, when the write committed, the store's error
 *  cleared (cop__ok()): the end of a write that hands out nothing. */
int cop__write_done(cop_store *s, int rc);
/** Append a change-log entry for the actor at the store's time. */
int cop__log(cop_store *s, const char *op, const cop_id *object,
	const cop_id *community);

/** What the actor may do in one community. */
typedef struct cop__access {
	int system;          /* the actor is the system */
	int visible;         /* may see the community */
	int has_membership;  /* a membership row exists */
	int role;            /* cop_role, when has_membership */
	int status;          /* cop_membership_status, when has_membership */
	int can_post;        /* active (not silenced/banned/pending/left) */
	int is_facilitator;  /* active facilitator or owner, or the system */
	unsigned int restrained; /* in a write: COP_MOD_SUSPENDED and/or
	                            COP_MOD_SILENCED in force on the actor
	                            (can_post and is_facilitator are 0) */
} cop__access;

/**
 * Resolve a community argument (text id or slug) and the actor's access.
 * COP_EINVAL for NULL/empty, COP_ENOTFOUND ("no such community") when
 * absent or when the actor may not see it: the two look the same.  @p rec (optional) receives the record, which the
 * caller clears with cop_rec_clear().
 */
int cop__community_resolve(cop_store *s, const char *id_or_slug,
	cop_community_rec *rec, cop__access *acc);
/**
 * cop__community_resolve(), without refusing a community the actor may
 * not see (acc->visible says whether they do): for joining with consent,
 * where a member asks to join, or answers an invitation to, a community
 * they do not see yet.  The caller refuses with cop__community_unseen()
 * what it does not allow, so that nothing more shows than there.
 */
int cop__community_resolve_any(cop_store *s, const char *id_or_slug,
	cop_community_rec *rec, cop__access *acc);
/**
 * The end of a write that hands out membership @p ms of member @p m (or
 * NULL: no handle) in community @p c: cop__write_end_out() into @p out,
 * then the three records cleared.  Returns as cop__write_end_out().
 */
int cop__membership_write_end(cop_store *s, int rc, cop_community_rec *c,
	cop_member_rec *m, cop_membership_rec *ms, cop_membership **out);
/** COP_ENOTFOUND, "no such community": the refusal of a community the
 *  actor may not see, the same as of one that is not there
 *  (@p id_or_slug is not named). */
int cop__community_unseen(cop_store *s, const char *id_or_slug);
/**
 * COP_ENOTFOUND, "no such @p what" (a kind of object: "thread",
 * "contribution"...): the one refusal of an object that is not there and
 * of one the actor may not see, so that the two cannot be told apart.
 * It names no id, not even the caller's (docs/privacy.md).
 */
int cop__missing(cop_store *s, const char *what);
/** The actor's access to the community with id @p cid (already resolved). */
int cop__community_access(cop_store *s, const cop_id *cid,
	int visibility, cop__access *acc);
/** The state of thread @p t derived from its properties (thread.h). */
int cop__thread_state_of(const cop_thread_rec *t);
/** Give @p t the properties of @p state (a cop_thread_state), as
 *  cop_thread_set_state() does, and that state. */
void cop__thread_set_state_flags(cop_thread_rec *t, int state);
/** A thread record that came with a state and no properties (an old
 *  document, an old backend): its properties from the state. */
void cop__thread_flags_from_state(cop_thread_rec *t);
/**
 * Thread @p t, read in this transaction, answered (@p answered 1) or no
 * longer (0): *t's answered flag and state set, and stored by the export
 * table's thread_answered (version 6: only those two columns), else by
 * an update of the whole row.  The backend's code, not recorded on @p s.
 */
int cop__thread_store_answered(cop_store *s, cop_thread_rec *t,
	int answered);
/**
 * In a write, add entry @p e (its number not read) to its thread's
 * history (thread_history.c); COP_OK without recording when the backend
 * has no history.  Errors recorded on @p s.
 */
int cop__thread_history_put(cop_store *s, const cop_thread_change_rec *e);
/** The same for thread @p t, kind @p kind (a cop_thread_change_kind),
 *  the values before and after and the comment (NULL: none), by the
 *  actor, now. */
int cop__thread_history_add(cop_store *s, const cop_thread_rec *t,
	int kind, const char *old_value, const char *new_value,
	const char *comment);
/** What one walk of a thread's history keeps of the entries of a kind
 *  (cop__thread_history_values()); the strings cop_malloc'd, NULL when
 *  none.  Zeroed, it is empty; cop__history_values_clear() frees it. */
typedef struct cop__history_values {
	int n;                   /* entries of the kind */
	char *first_old;         /* the first one's value before */
	char *last_new;          /* the last one's new value */
	int by_actor;            /* entries of the kind by the actor asked */
	char *actor_new;         /* the last of those's new value */
} cop__history_values;
/**
 * Walk thread @p thread's history once, oldest first, keeping into *out
 * (zeroed by the call) what cop__history_values holds of its entries of
 * kind @p kind, those by @p actor (NULL: none asked) apart.  COP_ENOTSUP
 * (no message) when the backend keeps no history; other errors recorded
 * on @p s, *out then empty.
 */
int cop__thread_history_values(cop_store *s, const cop_id *thread, int kind,
	const cop_id *actor, cop__history_values *out);
/** Free what @p v holds; it is empty after. */
void cop__history_values_clear(cop__history_values *v);
/** The history of each property (closed, locked, pinned, hidden) that
 *  differs between @p before and @p after (thread @p after), by the
 *  actor, now. */
int cop__thread_history_flags(cop_store *s, const cop_thread_rec *before,
	const cop_thread_rec *after);
/**
 * Load a thread the actor may see (hidden threads only for facilitators),
 * with the actor's access to its community.  COP_ENOTFOUND ("no such
 * thread") when it is not there or the actor may not see it.  @p rec
 * (the caller clears it; cleared on failure) or @p acc may be NULL when
 * only whether the actor sees the thread matters.
 */
int cop__thread_load(cop_store *s, const cop_id *tid, cop_thread_rec *rec,
	cop__access *acc);
/**
 * Read the record of @p kind at @p key into @p rec (cleared on failure).
 * COP_ENOTFOUND is returned with no message (the caller words it); any
 * other failure is recorded as "reading a <kind>".
 */
int cop__rec_get(cop_store *s, cop_rec_kind kind, const cop_key *key,
	void *rec);
/**
 * Read member @p id (@p text: its id as given, for the message) into
 * @p rec, or only check that it exists when @p rec is NULL, whoever the
 * actor (setting the actor, the actor's own record).
 * COP_ENOTFOUND ("no member ...") or a backend error.
 */
int cop__member_load(cop_store *s, const cop_id *id, const char *text,
	cop_member_rec *rec);
/**
 * cop__member_load() for a member the actor names: one the actor sees
 * (cop__member_seen()).  COP_ENOTFOUND ("no such member", the same for a
 * member not there and one not seen, neither named) or a backend error.
 */
int cop__member_load_seen(cop_store *s, const cop_id *id,
	cop_member_rec *rec);
/**
 * COP_OK when the actor sees member @p id (visibility.h: the system sees
 * every member, a member themself and the members, active or silenced,
 * of the communities they see); else COP_ENOTFOUND ("no such member",
 * as for a member that is not there) or a backend error.  Does not check
 * that the member exists when the actor is the system or that member.
 */
int cop__member_seen(cop_store *s, const cop_id *id);
/** The store's time for an operation now. */
cop_time cop__now(cop_store *s);

/** The built-in SQLite backend's open function (libcop/sqlite/). */
int cop__sqlite_open(cop_backend **out, const char *uri,
	const cop_open_options *opts, char **errmsg);

/* ---- objects ------------------------------------------------------------- */

/* Room for an object's id as text, formatted on first use (cop__lazy_id()). */
#define COP__IDLEN (COP_ID_TEXT_LEN + 1)

/*
 * Object type T: its record (of type R) as member r, then room for the
 * text of each of its ids (the char arrays named in the rest, one
 * COP__IDLEN each, named after the record's id fields).
 */
#define COP__OBJECT(T, R, ...) struct T { R r; char __VA_ARGS__; }
#define COP__ID(F) F[COP__IDLEN]

COP__OBJECT(cop_member, cop_member_rec, COP__ID(id));
COP__OBJECT(cop_community, cop_community_rec, COP__ID(id));
COP__OBJECT(cop_membership, cop_membership_rec, COP__ID(community_id),
	COP__ID(member_id));
COP__OBJECT(cop_thread, cop_thread_rec, COP__ID(id), COP__ID(community_id),
	COP__ID(author_id), COP__ID(summary_id));
COP__OBJECT(cop_contribution, cop_contribution_rec, COP__ID(id),
	COP__ID(thread_id), COP__ID(community_id), COP__ID(author_id),
	COP__ID(reply_to), COP__ID(translation_of));
COP__OBJECT(cop_revision, cop_revision_rec, COP__ID(contribution_id),
	COP__ID(author_id), COP__ID(editor_id));
COP__OBJECT(cop_log_entry, cop_log_rec, COP__ID(actor_id),
	COP__ID(object_id), COP__ID(community_id));
COP__OBJECT(cop_search_hit, cop_search_hit_rec, COP__ID(thread_id),
	COP__ID(contribution_id), COP__ID(community_id));
/* Recognition's objects made whole from their records
 * (libcop/recognition/). */
COP__OBJECT(cop_kudos, cop_kudos_rec, COP__ID(id), COP__ID(community_id),
	COP__ID(from_id), COP__ID(to_id), COP__ID(contribution_id));
COP__OBJECT(cop_ledger_entry, cop_ledger_rec, COP__ID(member_id),
	COP__ID(object_id), COP__ID(actor_id));
COP__OBJECT(cop_leader, cop_leader_rec, COP__ID(member_id));
/* Follows and notifications (libcop/notification.c). */
COP__OBJECT(cop_follow, cop_follow_rec, COP__ID(member_id),
	COP__ID(target_id), COP__ID(community_id));
COP__OBJECT(cop_notification, cop_notification_rec, COP__ID(id),
	COP__ID(member_id), COP__ID(community_id), COP__ID(thread_id),
	COP__ID(contribution_id), COP__ID(object_id), COP__ID(actor_id));
/* A thread's history (libcop/thread_history.c). */
COP__OBJECT(cop_thread_change, cop_thread_change_rec, COP__ID(thread_id),
	COP__ID(community_id), COP__ID(actor_id));
/* The moderation log's entries (libcop/moderation.c). */
COP__OBJECT(cop_modlog_entry, cop_modaction_rec, COP__ID(id),
	COP__ID(community_id), COP__ID(actor_id), COP__ID(member_id),
	COP__ID(object_id));
/* The funding ledger's entries (libcop/funding.c), with their dates as
 * text (YYYY-MM-DD), made when the entry is. */
COP__OBJECT(cop_fund_entry, cop_fund_rec, COP__ID(id),
	COP__ID(community_id), COP__ID(event_id), COP__ID(actor_id),
	date[16], received_date[16]);
/* A digest's items (libcop/digest.c). */
COP__OBJECT(cop_digest_item, cop_digest_rec, COP__ID(community_id),
	COP__ID(thread_id), COP__ID(contribution_id), COP__ID(member_id),
	COP__ID(actor_id));
/* Events (libcop/event.c). */
COP__OBJECT(cop_event, cop_event_rec, COP__ID(id), COP__ID(community_id),
	COP__ID(creator_id));
/* The facilitator's queue's items (libcop/facilitation.c). */
COP__OBJECT(cop_queue_item, cop_queue_rec, COP__ID(object_id));
/* A community's tags (libcop/tag.c); uses as the reader sees them. */
COP__OBJECT(cop_tag, cop_tag_rec, COP__ID(community_id));

/*
 * The getters and _free() of an object type T (a struct whose record is
 * its member r), generated: each getter takes a const object, borrows
 * from it and gives a default for NULL.  A getter of field F is named
 * T_F (T_F_get where T_F names an enum type); the doc comments are in
 * include/cop/.
 */
/** Define getter @p fn of T: @p expr (of object o), or @p dflt for NULL. */
#define COP__GETTER_FN(fn, T, rtype, expr, dflt) \
	rtype fn(const T *o) \
	{ \
		return o ? (rtype)(expr) : (dflt); \
	}
/** T_F(o): the id o->r.F as text, formatted on first use into o->F. */
#define COP__GETTER_ID(T, F) COP__GETTER_FN(T##_##F, T, const char *, \
	cop__lazy_id((char *)o->F, &o->r.F), NULL)
/** T_F(o): the string o->r.F (borrowed), or NULL. */
#define COP__GETTER_TEXT(T, F) \
	COP__GETTER_FN(T##_##F, T, const char *, o->r.F, NULL)
/** T_F(o): the optional string o->r.F, NULL when absent or empty. */
#define COP__GETTER_OPT(T, F) COP__GETTER_FN(T##_##F, T, const char *, \
	o->r.F && *o->r.F ? o->r.F : NULL, NULL)
/** T_F(o): o->r.F as @p rtype, or @p dflt for NULL. */
#define COP__GETTER(T, F, rtype, dflt) \
	COP__GETTER_FN(T##_##F, T, rtype, o->r.F, dflt)
/** T_F_get(o): the same, for an enum field (T_F names its type). */
#define COP__GETTER_GET(T, F, rtype, dflt) \
	COP__GETTER_FN(T##_##F##_get, T, rtype, o->r.F, dflt)
/** T_free(o): free an object (one block: the object and its strings). */
#define COP__FREE_FN(T) \
	void T##_free(T *o) \
	{ \
		cop_free(o); \
	}

/**
 * Wrap a record filled by a backend into a new object of its kind: one
 * allocation holding the object and copies of the record's strings.  The
 * record's own strings are freed (also on failure).  Returns COP_OK or
 * COP_ENOMEM (recorded on @p s).  Objects are freed with cop_free() alone.
 */
int cop__wrap(cop_store *s, cop_rec_kind kind, void *rec, void **out);
/**
 * A getter's object from a load: when *rc is COP_OK, @p rec is wrapped
 * (cop__wrap()) into a new object, which is returned, and the store's
 * error is cleared; else, or when wrapping fails (*rc set), @p rec is
 * cleared and NULL returned.
 */
void *cop__wrap_result(cop_store *s, int *rc, cop_rec_kind kind, void *rec);
/**
 * End a write (cop__write_end()) that hands out an object: first, when
 * @p rc is COP_OK and @p obj is not NULL, *obj receives a new object
 * copied from @p rec (its strings borrowed, left alone).  On failure
 * *obj is NULL.  Returns COP_OK (the store's error cleared) or the first
 * failure.
 */
int cop__write_end_obj(cop_store *s, int rc, cop_rec_kind kind,
	const void *rec, void **obj);
/**
 * cop__write_end_obj() for an operation's out argument @p out (a T ** for
 * an object type T, or NULL for no object): *out receives the new object
 * or NULL.  Returns as cop__write_end_obj() does.
 */
int cop__write_end_out(cop_store *s, int rc, cop_rec_kind kind,
	const void *rec, void *out);
/**
 * Insert record @p rec of @p kind (the backend's insert(); the record
 * stays the caller's).  COP_OK; COP_EEXISTS as "@p key '@p value' is
 * taken" when @p key is not NULL and the record's unique key is taken;
 * any other backend failure as "@p what: ..." (cop__be_error()).
 */
int cop__rec_insert(cop_store *s, cop_rec_kind kind, void *rec,
	const char *what, const char *key, const char *value);
/**
 * Update record @p rec of @p kind (the backend's update()).  COP_OK, or
 * the backend's failure as "@p what: ..." (cop__be_error()).
 */
int cop__rec_update(cop_store *s, cop_rec_kind kind, const void *rec,
	const char *what);
/**
 * bi->next() for the core's own use of a backend listing: the record's
 * strings are always owned afterwards (copied when the iterator lends
 * them), to be freed with cop_rec_clear().
 */
int cop__be_next_owned(cop_backend_iter *bi, cop_rec_kind kind, void *rec);
/** The size of a record of @p kind (0 for unknown kinds). */
size_t cop__rec_size(cop_rec_kind kind);
/** The same over a record whose strings are borrowed (left alone). */
int cop__wrap_borrowed(cop_store *s, cop_rec_kind kind, const void *rec,
	void **out);

/* ---- iterators (iter.c) --------------------------------------------------- */

/** A listing's sort key of one item (see iter.c's cursors). */
typedef struct cop__key {
	int64_t num, num2;
	int has_id;
	cop_id id;
	char text[80];
} cop__key;

/** A typed feature listing's record into an object (caller owns) and its
 *  sort key (num, id); the record's strings stay the iterator's. */
typedef int (*cop__typed_make)(cop_store *s, void *rec, void **obj,
	cop__key *k);
/** Start the backend listing of a typed feature iterator, with the
 *  keyset bound and limit of @p q (has_after, after_num, after_id,
 *  limit, from the caller's page); errors recorded on @p s. */
typedef int (*cop__iter_open)(cop_store *s, const cop_query *q, void *arg,
	cop_backend_iter **bi);

typedef struct cop__iter cop__iter;

/** What a record hook returns to drop a record (cop__iter_hooks.rec). */
#define COP__ITER_SKIP 1

/**
 * What one listing does to each record before it is handed out, and how
 * its cursors are written (cop__iter_set_hooks()); a NULL member does
 * nothing (the generic cursor).
 */
typedef struct cop__iter_hooks {
	/** Called on each record the backend gives, before its sort key is
	 *  saved and it becomes an object, with @p rec NULL once the backend
	 *  has no more: it may change the record, and returns COP_OK (hand
	 *  it out), COP__ITER_SKIP (drop it), COP_ITEROVER (the listing ends
	 *  here) or an error recorded on the store (the listing ends). */
	int (*rec)(cop__iter *it, void *rec, void *arg);
	/** Write the cursor of sort key @p k into @p buf (@p size bytes):
	 *  COP_OK, or an error (no cursor). */
	int (*cursor)(cop__iter *it, const cop__key *k, char *buf, size_t size,
		void *arg);
	/** Free the hooks' @p arg with the iterator. */
	void (*free)(void *arg);
} cop__iter_hooks;

/** The one iterator under each public cop_X_iter. */
struct cop__iter {
	cop_store *store;
	cop_backend_iter *bi;
	cop_query q;
	cop_rec_kind kind;     /* record kind produced */
	char *after_text;      /* owned copy of the cursor's text part */
	char cursor[160];      /* cursor text, made on demand from the key */
	int cursor_stale;      /* the key below is newer than cursor[] */
	cop__key key;          /* sort key of the last item returned */
	void *peeked;          /* the next item, read ahead (owned), or NULL */
	cop__key peek_key;     /* its sort key */
	int over;
	/* A typed feature listing (cop__iter_typed()): */
	cop__typed_make rec_make;  /* a record into an object and its sort key */
	const cop__iter_hooks *hooks;  /* the listing's own, or NULL */
	void *hook_arg;        /* theirs (owned: hooks->free) */
};

/**
 * Define a public iterator's PREFIX_iter_next() and PREFIX_iter_free()
 * over the generic iterator: every public iterator is a cop__iter.
 */
#define COP__ITER_NEXT_FREE(prefix, objtype) \
	int prefix##_iter_next(objtype **out, prefix##_iter *it) \
	{ \
		void *obj_ = NULL; \
		int rc_; \
		if (!out) \
			return COP_EINVAL; \
		*out = NULL; \
		if (!it) \
			return COP_EINVAL; \
		if ((rc_ = cop__iter_next((cop__iter *)it, &obj_)) == COP_OK) \
			*out = obj_; \
		return rc_; \
	} \
	void prefix##_iter_free(prefix##_iter *it) \
	{ \
		if (it) \
			cop__iter_free((cop__iter *)it); \
	}
/** The same and PREFIX_iter_cursor(), for a listing with cursors. */
#define COP__ITER_FNS(prefix, objtype) \
	COP__ITER_NEXT_FREE(prefix, objtype) \
	const char *prefix##_iter_cursor(const prefix##_iter *it) \
	{ \
		return it ? cop__iter_cursor((cop__iter *)it) : NULL; \
	}
/**
 * Define PREFIX_iter_new(out, s, page), listing @p list_kind over the
 * whole store, and the iterator's other functions (COP__ITER_FNS()).
 */
#define COP__ITER_STORE(prefix, objtype, list_kind) \
	int prefix##_iter_new(prefix##_iter **out, cop_store *s, \
		const cop_page *page) \
	{ \
		cop__iter *it_ = NULL; \
		int rc_; \
		if ((rc_ = COP__CHECK_OUT(s, out)) != COP_OK) \
			return rc_; \
		rc_ = cop__iter_list(&it_, s, list_kind, NULL, page); \
		*out = (prefix##_iter *)it_; \
		return rc_; \
	} \
	COP__ITER_FNS(prefix, objtype)

/** Map a list kind to the record kind it produces. */
cop_rec_kind cop__list_rec_kind(cop_list_kind k);

/**
 * Start a listing: applies @p page (cursor parse: COP_EINVAL when
 * malformed; limit) to @p q, then calls the backend.  Returns a new
 * iterator in *out.
 */
int cop__iter_start(cop__iter **out, cop_store *s, cop_query *q,
	const cop_page *page);
/** Start a listing over a typed feature listing (records of @p kind,
 *  recognition's, flags) that @p open starts with the page's keyset
 *  bound (number, id), with the same cursors as cop__iter_start();
 *  @p make turns records into objects and sort keys (num, id). */
int cop__iter_typed(cop__iter **out, cop_store *s, const cop_page *page,
	cop_rec_kind kind, cop__iter_open open, void *arg, cop__typed_make make);
/** COP_EINVAL ("unsupported cop_page version") unless @p page is NULL or
 *  of this version. */
int cop__check_page(cop_store *s, const cop_page *page);
/**
 * Start the listing @p kind of what the actor may see, below @p parent
 * (NULL: none), one @p page: cop__iter_start() over that query.  On
 * success the store's error is cleared.
 */
int cop__iter_list(cop__iter **out, cop_store *s, cop_list_kind kind,
	const cop_id *parent, const cop_page *page);
/** Start over a backend search iterator (no cursor). */
int cop__iter_from_backend(cop__iter **out, cop_store *s,
	cop_backend_iter *bi, cop_rec_kind kind);
/** Next object (wrapped, caller owns) or COP_ITEROVER; updates the cursor. */
int cop__iter_next(cop__iter *it, void **obj);
/**
 * Read the next object ahead, so that a caller can tell an empty listing
 * from one with rows before handing the iterator out.  *found is 1 when
 * there is one (cop__iter_next() returns it next, and moves the cursor
 * only then), 0 at the end.  COP_OK, or the error of reading a listing.
 */
int cop__iter_peek(cop__iter *it, int *found);
/**
 * Give @p it the record and cursor hooks @p h with @p arg (the iterator
 * owns @p arg from now on: h->free frees it with the iterator, or now if
 * @p it is NULL).  Set before the first item is read.
 */
void cop__iter_set_hooks(cop__iter *it, const cop__iter_hooks *h, void *arg);
/** Borrowed cursor, or NULL (formatted on demand). */
const char *cop__iter_cursor(cop__iter *it);
void cop__iter_free(cop__iter *it);

/* ---- backend operations (rop: recognition and interop storage) ------------ */

/** A parameter of a backend operation: an id (nil: NULL). */
static inline cop_val cop__v_id(const cop_id *id)
{
	cop_val v;
	memset(&v, 0, sizeof(v));
	v.type = COP_VAL_ID;
	if (id)
		v.id = *id;
	return v;
}

/** An id sent as its 16 bytes even when nil (keyset bounds). */
static inline cop_val cop__v_key(const cop_id *id)
{
	cop_val v = cop__v_id(id);
	v.type = COP_VAL_KEY;
	return v;
}

static inline cop_val cop__v_int(int64_t i)
{
	cop_val v;
	memset(&v, 0, sizeof(v));
	v.type = COP_VAL_INT;
	v.i = i;
	return v;
}

/** Text, or NULL for NULL. */
static inline cop_val cop__v_text(const char *t)
{
	cop_val v;
	memset(&v, 0, sizeof(v));
	v.type = t ? COP_VAL_TEXT : COP_VAL_NULL;
	v.text = t;
	return v;
}

/** Column @p i of a row as a number (0 when NULL or absent). */
static inline int64_t cop__r_int(const cop_row *r, unsigned int i)
{
	return i < r->ncols && r->col[i].type == COP_VAL_INT ? r->col[i].i : 0;
}

/** Column @p i as an id (nil when NULL or absent). */
static inline cop_id cop__r_id(const cop_row *r, unsigned int i)
{
	cop_id z;
	memset(&z, 0, sizeof(z));
	return i < r->ncols && r->col[i].type == COP_VAL_ID ? r->col[i].id : z;
}

/** Column @p i as text (borrowed until the next row), or NULL. */
static inline const char *cop__r_text(const cop_row *r, unsigned int i)
{
	return i < r->ncols && r->col[i].type == COP_VAL_TEXT ?
		r->col[i].text : NULL;
}


/* ---- recognition (recognition/) ------------------------------------------- */

/**
 * Count a new contribution in its author's standing (posts, days
 * active) and award the badges it triggers (first post, summary writer,
 * welcomer).  @p t is the thread after the contribution was counted in
 * it.  Inside the caller's write transaction; a no-op on backends
 * without recognition storage.
 */
int cop__recognition_contribution(cop_store *s, const cop_contribution_rec *c,
	const cop_thread_rec *t);
/**
 * cop__recognition_contribution() for an imported contribution, whose
 * rows come out of time order: its day (of c->created) counts as a day
 * active unless @p counted (the import counted that member's day
 * already) or it is the standing's last day, and the last day becomes
 * the latest.
 */
int cop__recognition_imported(cop_store *s, const cop_contribution_rec *c,
	const cop_thread_rec *t, int counted);
/**
 * Many anonymous votes cast, or answers accepted, by the system in
 * community @p community, in one pass (recognition/bulk.c): *out
 * receives a bulk (NULL when the backend has no recognition storage or
 * the community awards rule badges: cast each vote with cop_vote_cast(),
 * accept each answer with cop_answer_accept() then).  Inside the
 * caller's write transaction; nothing else may write standings, scores
 * or period totals of the community until cop__rec_bulk_end() (but
 * after cop__rec_bulk_sync(), for standings).
 */
typedef struct cop__rec_bulk cop__rec_bulk;
int cop__rec_bulk_begin(cop_store *s, const cop_id *community,
	cop__rec_bulk **out);
/**
 * Cast one vote of @p kind (COP_VOTE_UP or COP_VOTE_DOWN) on
 * contribution @p c (in thread of kind @p thread_kind with @p tags; the
 * contribution or its thread hidden when @p masked) at the store's
 * clock, as cop_vote_cast() as the system would: the vote, its author's
 * ledger entry (daily cap and floor applied; masked on hidden content)
 * and the change log entry are written now; the standing, the score and
 * the period totals at the end.
 */
int cop__rec_bulk_vote(cop__rec_bulk *b, const cop_contribution_rec *c,
	int thread_kind, const char *tags, int masked, int kind);
/**
 * Count imported contribution @p c in its author's standing kept by
 * bulk @p b, as cop__recognition_imported() (@p counted: the import
 * counted that day already) in a community without rule badges.
 */
int cop__rec_bulk_contribution(cop__rec_bulk *b, const cop_contribution_rec *c,
	int counted);
/**
 * Accept answer @p c (its id, community, thread and author) at the
 * store's clock, as cop_answer_accept() as the system would: the
 * author's ledger entry, the accepted answer, the thread answered, the
 * change log entry and the notifications are written now; the standing
 * and the period totals at the end.  *done 0 when the bulk left it,
 * nothing written: the thread has an accepted answer already, or is
 * missing or not a question; the caller calls cop__rec_bulk_sync() then
 * cop_answer_accept().  @p known, when not NULL, is answer @p c's thread
 * as it is in the store now, which the caller read (borrowed: its
 * answered and state are set as written); NULL: the bulk reads it.
 */
int cop__rec_bulk_accept(cop__rec_bulk *b, const cop_contribution_rec *c,
	cop_thread_rec *known, int *done);
/**
 * Write the standings bulk @p b changed and forget them, so that an
 * event made by the public call in between reads and writes them
 * itself; the bulk reads them again after.
 */
int cop__rec_bulk_sync(cop__rec_bulk *b);
/**
 * End bulk @p b (NULL: nothing) after status @p rc: when COP_OK, write
 * what it kept (period totals, scores, standings with their trust
 * level); then free it.  Returns @p rc, or the first write's error.
 */
int cop__rec_bulk_end(cop__rec_bulk *b, int rc);
/**
 * Whether the actor, with access @p acc to community @p cid, holds
 * privilege @p priv (a cop_privilege): facilitators, owners and the
 * system always; members from their trust level.  *out is 1 or 0.
 */
int cop__recognition_allows(cop_store *s, const cop_id *cid,
	const cop__access *acc, int priv, int *out);
/** Fill the recognition counts of @p st (community NULL: all). */
int cop__recognition_stats(cop_store *s, const cop_id *community,
	cop_stats *st);
/**
 * Bring community @p cid's derived recognition data back in line with
 * its facts after rows were deleted (a member's erasure): scores,
 * standings' counters, reputations and trust levels, missing badges, and
 * the leaderboard totals rebuilt from the ledger, as cop_verify() with
 * repair does, without a report or a log entry.  Inside the caller's
 * write transaction; a no-op without recognition storage.
 */
int cop__recognition_recount(cop_store *s, const cop_id *cid);
/* What cop__recognition_points() sets right: the period totals always,
 * the reputations too with COP__REC_POINTS_REP; COP__REC_POINTS_SET
 * (for cop__rec_points_check(): write the differences) it adds itself. */
#define COP__REC_POINTS_REP 1
#define COP__REC_POINTS_SET 2
/**
 * Make community @p cid's reputations (with COP__REC_POINTS_REP in
 * @p fix) and leaderboard period totals the sums of the applied points
 * of the ledger entries on objects that are not hidden (a hidden thread,
 * a hidden contribution, a vote or kudos on one: docs/recognition.md
 * "Hidden content"), member by member, writing only what differs: after
 * thread or contribution @p object is hidden or shown again, only for
 * the members with ledger entries on it or its content (the backend's
 * ledger_standings; every member when the backend has none); with
 * @p object NULL, every member of the community (after a JSON import
 * rebuilt the totals from the whole ledger).  Inside the caller's write
 * transaction; a no-op without recognition storage.
 */
int cop__recognition_points(cop_store *s, const cop_id *cid,
	const cop_id *object, int fix);
/**
 * Count @p posts read (at most the thread's contributions) in thread
 * @p t for the actor, with a day of activity (cop_thread_read()).  Inside
 * the caller's write transaction.
 */
int cop__recognition_read(cop_store *s, const cop_thread_rec *t, int posts);

/* ---- typed feature interfaces over rop() (sql/) ---------------------------- */

/** Moderation, links and import sources (sys/backend.h, version 5),
 *  written once over a backend's rop(): the SQL backends' tables, and the
 *  core's for backends of versions 2 to 4, which have rop() but no
 *  tables (for the version-6 tables below: versions 2 to 5). */
extern const cop_backend_moderation cop__sql_moderation;
extern const cop_backend_digest cop__sql_digest;
extern const cop_backend_links cop__sql_links;
extern const cop_backend_sources cop__sql_sources;
/** Recognition, a member's data and community export (version 6), as
 *  above. */
extern const cop_backend_recognition cop__sql_recognition;
extern const cop_backend_privacy cop__sql_privacy;
extern const cop_backend_export cop__sql_export;
/** The funding ledger and hours given (version 7), as above. */
extern const cop_backend_funding cop__sql_funding;
/** Subscriptions and notifications (version 7), as above. */
extern const cop_backend_notify cop__sql_notify;
/** Events (version 7), as above: the core's table for backends of
 *  versions 2 to 6. */
extern const cop_backend_events cop__sql_events;
extern const cop_backend_history cop__sql_history;
/** The facilitator's queue, its thresholds, summary coverage (version
 *  7), as above. */
extern const cop_backend_facilitation cop__sql_facilitation;

/** An import's options (NULL or of this version) and actor (the system
 *  only): COP_OK or COP_EINVAL with its message (import_mbox.c). */
int cop__import_check(cop_store *s, const cop_import_options *opts);
/**
 * The replied and has_answer flags of @p community's threads set from
 * their contributions (cop_backend_export.threads_replied, version 7),
 * as cop_contribution_create() sets them one by one: every importer
 * writes contributions with cop_backend.insert(), which does not.
 * COP_OK, also on a table older than version 7 (nothing changes), or
 * the backend's error with its message.  (import_mbox.c.)
 */
int cop__import_replied(cop_store *s, const cop_id *community);
/**
 * End an import's write transaction (every importer's): the store's clock
 * back to @p saved_now; when the import @p changed something and @p rc is
 * COP_OK, the community's threads' replied flags made
 * (cop__import_replied()) and a "community.import" entry in the change
 * log for @p community; then cop__write_end(@p rc).  (import_mbox.c,
 * which is always built.)
 */
int cop__import_end(cop_store *s, int rc, int changed, const cop_id *community,
	cop_time saved_now);
extern const cop_backend_health cop__sql_health;
/** Members' mail addresses and the mail secret (version 7), as above. */
extern const cop_backend_mail cop__sql_mail;
/** A community's tags (version 10), as above. */
extern const cop_backend_tags cop__sql_tags;

/**
 * Fill @p rec (of @p kind, @p size bytes, zeroed first) from @p n values
 * in the order of its fields (its table's columns, as an operation's row
 * gives them; sql/record.c): strings copied, for the caller to free with
 * cop_rec_clear().  COP_OK, or COP_ENOMEM (nothing left to free).
 */
int cop__rec_from_vals(cop_rec_kind kind, const cop_val *v, unsigned int n,
	void *rec, size_t size);

/** The interface version that added each feature table's member of
 *  cop_backend (COP__FEATURE). */
#define COP__SINCE_moderation 5
#define COP__SINCE_links 5
#define COP__SINCE_sources 5
#define COP__SINCE_recognition 6
#define COP__SINCE_privacy 6
#define COP__SINCE_export 6
#define COP__SINCE_funding 7
#define COP__SINCE_digest 7
#define COP__SINCE_notify 7
#define COP__SINCE_events 7
#define COP__SINCE_facilitation 7
#define COP__SINCE_mbox 8
#define COP__SINCE_health 8
#define COP__SINCE_mail 8
#define COP__SINCE_tags 10
#define COP__SINCE_history 10

/**
 * The table of a typed feature for the store's backend: its own member
 * @p member from the version that added it (COP__SINCE_<member>), else
 * @p over_rop when it has rop(); NULL when it has neither.
 */
#define COP__FEATURE(s, member, over_rop) \
	((s)->be->version >= COP__SINCE_##member ? (s)->be->member : \
	 (s)->be->version >= 2 && (s)->be->rop ? &(over_rop) : NULL)
/**
 * COP_OK when @p table (a feature table, its version first) is there,
 * else COP_ENOTSUP ("the <backend> backend has no @p what storage").
 */
int cop__feature_check(cop_store *s, const void *table, const char *what);
/** *OUT = the store's table of feature MEMBER (see COP__FEATURE);
 *  COP_OK or COP_ENOTSUP naming @p what. */
#define COP__FEATURE_GET(s, out, member, over_rop, what) \
	cop__feature_check((s), (*(out) = COP__FEATURE(s, member, over_rop)), \
		(what))
/** *OUT = the store's export table (cop_backend_export): the exports'
 *  scans, the importers' bulk inserts; COP_OK or COP_ENOTSUP. */
#define COP__EXPORT(s, out) \
	COP__FEATURE_GET(s, out, export, cop__sql_export, "export")
/** COP_OK when the backend has every table a JSON export or import
 *  reads or writes (recognition, member data, export), else
 *  COP_ENOTSUP naming the first missing. */
int cop__exchange_check(cop_store *s);

/* ---- contributions (contribution.c) ------------------------------------------ */

/**
 * In a write, add contribution @p c (its reply_to and translation_of
 * already set, the rest zeroed) of @p kind to thread @p t, by the actor:
 * its id and time, its language (NULL: the thread's) and body (both
 * borrowed by @p c), the thread's count and activity, recognition's
 * hook, the notifications (@p replied: whose contribution it answers,
 * NULL for the thread's author), the change log ("contribution.create").
 * Permissions are the caller's.
 */
int cop__contribution_add(cop_store *s, cop_thread_rec *t,
	cop_contribution_rec *c, int kind, const char *language,
	const char *body, const cop_id *replied);
/**
 * In a write, make @p body the new revision of contribution @p c (its
 * body before kept as a revision, with @p comment, NULL for none):
 * @p upd receives the updated record (borrowing @p body and @p c's
 * strings); the revision records who made the edit (the actor); logged
 * "contribution.edit".  Permissions are the caller's.
 */
int cop__contribution_revise(cop_store *s, const cop_contribution_rec *c,
	const char *body, const char *comment, cop_contribution_rec *upd);

/* ---- moderation (moderation.c) ---------------------------------------------- */

/**
 * In a write (s->writing), what moderation holds on the actor in the
 * community @p cid (NULL: store-wide only) at the store's time: sets
 * acc->restrained and, when anything is in force, takes can_post and
 * is_facilitator away.  The one check every write path passes through
 * (cop__community_access(), cop__thread_load()).  Nothing for the
 * system, outside writes, or on a backend without moderation actions.
 */
int cop__moderation_restrain(cop_store *s, const cop_id *cid,
	cop__access *acc);
/** COP_EPERM ("member ... is suspended") when the actor is suspended
 *  now: for the writes that reach no community (a member's profile, a
 *  new community). */
int cop__moderation_check_actor(cop_store *s);
/** COP_OK when the actor, with access @p acc to community @p cid, may
 *  moderate there (facilitators, owners, members holding the moderate
 *  privilege, the system; not restrained), else COP_EPERM ("only ... may
 *  @p what"). */
int cop__moderator_check(cop_store *s, const cop_id *cid,
	const cop__access *acc, const char *what);
/** Community @p community (its id or slug) resolved into *cid, the actor
 *  one who may moderate it (cop__moderator_check(), @p what: what is
 *  refused otherwise); as cop__community_resolve() when it is not there
 *  or not seen (facilitation.c). */
int cop__community_moderated(cop_store *s, const char *community,
	cop_id *cid, const char *what);
/** COP_ENOTFOUND ("no such contribution", cop__missing()) when the actor
 *  may not see contribution @p c (hidden) with access @p acc to its
 *  thread; @p c is cleared then.  @p text is not named. */
int cop__contribution_check(cop_store *s, const char *text,
	cop_contribution_rec *c, const cop__access *acc);

/* ---- notifications (notification.c) ------------------------------------------ */

/*
 * The notifications of an event, written inside the event's write
 * transaction (notify.h has the rules); each a no-op on a backend
 * without notifications.  Errors recorded on the store.
 */
/** A new contribution @p c in thread @p t (its tags as they are now):
 *  the mentions in its body, a reply to member @p replied (NULL or nil:
 *  none), and the followers; @p first: the thread's first post. */
int cop__notify_contribution(cop_store *s, const cop_contribution_rec *c,
	const cop_thread_rec *t, const cop_id *replied, int first);
/** Answer @p c accepted in thread @p t: its author and the asker. */
int cop__notify_accept(cop_store *s, const cop_contribution_rec *c,
	const cop_thread_rec *t);
/** Kudos @p k given (on a contribution in @p thread, NULL: none). */
int cop__notify_kudos(cop_store *s, const cop_kudos_rec *k,
	const cop_id *thread);
/** Badge @p b awarded. */
int cop__notify_badge(cop_store *s, const cop_badge_rec *b);
/** Member @p member erased: their follows and notifications go. */
int cop__notify_forget(cop_store *s, const cop_id *member);

/* ---- thread links (link.c) ------------------------------------------------ */

/** Whether thread @p thread links to @p target (*found 1 or 0). */
int cop__link_exists(cop_store *s, const cop_id *thread, const cop_id *target,
	int *found);
/** Insert a link (no checks; the caller checked it is new).  Inside the
 *  caller's write transaction. */
int cop__link_put(cop_store *s, const cop_id *community, const cop_id *thread,
	const cop_id *target, int kind, cop_time created);


#endif
