/** @file
 * sys/backend.h: the storage interface, for backend authors only.
 *
 * The core holds no SQL: it validates, checks permissions, makes ids and
 * times, keeps every domain rule, and calls a backend through the struct
 * of function pointers below (as SQLite's sqlite3_io_methods and
 * libgit2's git_odb_backend do).  A backend selects and stores.
 *
 * Versions.  Methods are only ever appended, each with the interface
 * version that added it (COP_BACKEND_VERSION is the newest).  A store
 * takes a backend of any version from 1 to COP_BACKEND_VERSION and never
 * calls, or reads, a member its version does not have.  Start a backend
 * with cop_backend_init() (or COP_BACKEND_INIT): every method NULL, the
 * version set.
 *
 * Required and optional.  free, errmsg, begin, commit, rollback, insert,
 * update, get, list, search, stats and log_last_seq are required; the
 * rest are optional and may be NULL, and the core then falls back (as
 * for thread_access) or answers COP_ENOTSUP (as the recognition API
 * does with neither a recognition table nor rop()).  Within a method, an
 * operation, record kind or listing kind the backend does not know is
 * COP_ENOTSUP, never a generic error.
 *
 * Records.  A backend reads and writes plain records (cop_*_rec).  Strings
 * in records given to a backend are borrowed for the call.  Strings in
 * records a backend fills in (get, an iterator's next) are allocated with
 * cop_malloc()/cop_strdup() and belong to the caller, who frees them with
 * cop_rec_clear() -- unless the iterator lends them
 * (COP_BACKEND_ITER_BORROWED).  Optional strings are NULL when absent;
 * optional ids are the nil id when absent (stored as NULL).
 *
 * Errors.  Methods return COP_OK or a negative status: COP_ENOTFOUND,
 * COP_EEXISTS (a unique key is taken), COP_EBUSY, COP_ENOMEM, COP_EIO,
 * COP_ECORRUPT, COP_EREADONLY, COP_ENOTSUP, COP_EINVAL (a search the
 * engine cannot run); the detail goes to backend->errmsg().  A failed
 * write inside a transaction leaves the transaction to the core, which
 * rolls it back.
 *
 * Visibility.  Listing and search methods take the viewer (NULL for the
 * system) and return only what the viewer may see, by the one rule of
 * libcop/visibility.h (docs/architecture.md, "Who may do what"):
 *  - a community is visible when it is public, or when the viewer has a
 *    membership in it with status active or silenced;
 *  - a hidden thread (and its contributions) only when the viewer is an
 *    active facilitator or owner there (or the system);
 *  - a hidden contribution (cop_contribution_rec.hidden, moderation
 *    table version 2) only when the viewer is its author, or an active
 *    facilitator or owner there (or the system): in the thread and
 *    author listings and search.
 * tests/backend/ checks every backend against that rule, and every
 * method against this file.
 */
#ifndef COP_SYS_BACKEND_H
#define COP_SYS_BACKEND_H

#include "../common.h"
#include "../store.h"
#include "../stats.h"

COP_BEGIN_DECL

/*
 * Interface versions:
 *  1  the foundation: transactions, insert, update, get, list, search,
 *     stats, log_last_seq;
 *  2  rop(): recognition, moderation (flags), member data and erasure,
 *     community export and import, import sources and thread links, as
 *     numbered operations (cop_rop below; the operations from
 *     COP_ROP_FLAG_INS on joined version 2's list later, without a new
 *     version: a version-2 backend may answer them COP_ENOTSUP);
 *  3  thread_access();
 *  4  cop_query.parent_slug (a community's threads listed by its slug);
 *  5  typed feature interfaces, one struct of methods per feature, each
 *     with its own version: moderation (flags, cop_backend_moderation;
 *     its version 2 adds moderation actions: suspensions, silences,
 *     hidden contributions and the moderation log, and the
 *     contributions' column hidden),
 *     links between threads (cop_backend_links) and import sources
 *     (cop_backend_sources);
 *  6  typed tables for recognition (cop_backend_recognition), a member's
 *     data and erasure (cop_backend_privacy) and export and import
 *     (cop_backend_export: the exports' scans, the importers' bulk
 *     inserts and counters); the records they read and write, kinds
 *     COP_REC_VOTE to COP_REC_HIGH_SCORE.  From version 6 the core
 *     reaches every feature through a typed table and never calls rop();
 *     a backend of versions 2 to 5 is served by the same tables written
 *     over its rop() (libcop/sql/).  A feature to come adds its own
 *     table the same way, in a new version;
 *  7  the features of issues 15 and 19, each its own typed table: the
 *     funding ledger and hours given (cop_backend_funding; records
 *     COP_REC_FUND to COP_REC_HOURS_ROW); digests (cop_backend_digest:
 *     the rows of a digest's sections and the point up to which a
 *     member's digest was sent; COP_REC_DIGEST); subscriptions and
 *     notifications (cop_backend_notify: follows, the notifications
 *     written with their event, a member's feed; COP_REC_FOLLOW and
 *     COP_REC_NOTIFICATION); events (cop_backend_events: a community's
 *     meetings, their RSVPs and attendance; COP_REC_EVENT and
 *     COP_REC_RSVP); the facilitation table (cop_backend_facilitation:
 *     the facilitator's queue, its thresholds and summary coverage;
 *     COP_REC_QUEUE) and a thread's current summary
 *     (cop_thread_rec.summary_id);
 *  8  check_index(): what the backend derives from the rows on its own
 *     (SQLite's full-text index) checked against them, and rebuilt, for
 *     cop_verify(); the health report's roll-ups (cop_backend_health,
 *     docs/health.md); mail (cop_backend_mail: members' addresses, the
 *     store's mail secret and the messages taken in or imported, one
 *     table for incoming mail and the archive import; COP_REC_EMAIL).
 *  9  stats_seen(): the counts as a member sees them (issue 17).
 * 10  a community's tags as records (cop_backend_tags: a tag's
 *     description, wiki text and synonym, its uses kept by the database
 *     from the threads' tags; COP_REC_TAG).
 *     member_seen(): whether a member sees another (issue 17).
 *     a thread's history (cop_backend_history: title and tag changes,
 *     closed, reopened, locked, unlocked, pinned, unpinned, hidden,
 *     shown, with who and when; COP_REC_THREAD_CHANGE).
 *     bulk(): an importer announces a bulk load, which a backend may
 *     write in fewer round trips (PostgreSQL: COPY; issue 18).
 * 11  cop_contribution_rec.source_score: the score a contribution had
 *     where it was imported from (issue 18; a backend of an older
 *     version leaves it unset); the export table's version 4
 *     (revision_replaced: who replaced an imported revision, with the
 *     note of that edit).
 */
/** The version of struct cop_backend this library knows (see above). */
#define COP_BACKEND_VERSION 11

/** Kinds of records. */
typedef enum cop_rec_kind {
	COP_REC_MEMBER = 1,
	COP_REC_COMMUNITY = 2,
	COP_REC_MEMBERSHIP = 3,
	COP_REC_THREAD = 4,
	COP_REC_CONTRIBUTION = 5,
	COP_REC_REVISION = 6,
	COP_REC_LOG = 7,
	COP_REC_SEARCH_HIT = 8,
	COP_REC_FLAG = 9,        /**< version 5: cop_flag_rec */
	COP_REC_LINK = 10,       /**< version 5: cop_link_rec */
	COP_REC_VOTE = 11,       /**< version 6: cop_vote_rec */
	COP_REC_ACCEPT = 12,     /**< version 6: cop_accept_rec */
	COP_REC_KUDOS = 13,      /**< version 6: cop_kudos_rec */
	COP_REC_LEDGER = 14,     /**< version 6: cop_ledger_rec */
	COP_REC_STANDING = 15,   /**< version 6: cop_standing_rec */
	COP_REC_BADGE = 16,      /**< version 6: cop_badge_rec */
	COP_REC_SOURCE = 17,     /**< version 6: cop_source_rec */
	/* Version 6, the rows of recognition's reads (cop_total_rec,
	 * cop_leader_rec, and cop_verify()'s cop_score_check_rec,
	 * cop_rep_check_rec, cop_counts_check_rec, cop_high_score_rec): */
	COP_REC_TOTAL = 18, COP_REC_LEADER = 19, COP_REC_SCORE_CHECK = 20,
	COP_REC_REP_CHECK = 21, COP_REC_COUNTS_CHECK = 22,
	COP_REC_HIGH_SCORE = 23,
	COP_REC_MODACTION = 24,  /**< moderation table version 2:
	                            cop_modaction_rec */
	/* Version 7, the funding table (cop_backend_funding): */
	COP_REC_FUND = 25,       /**< cop_fund_rec, a ledger entry */
	COP_REC_FUND_SUM = 26,   /**< cop_fund_sum_rec, a sum of entries */
	COP_REC_HOURS = 27,      /**< cop_hours_rec, hours given in a month */
	COP_REC_HOURS_ROW = 28,  /**< cop_hours_row_rec, a row of the figures */
	COP_REC_DIGEST = 29,     /**< version 7: cop_digest_rec */
	COP_REC_FOLLOW = 30,     /**< version 7: cop_follow_rec */
	COP_REC_NOTIFICATION = 31, /**< version 7: cop_notification_rec */
	COP_REC_EVENT = 32,      /**< version 7: cop_event_rec */
	COP_REC_RSVP = 33,       /**< version 7: cop_rsvp_rec */
	COP_REC_QUEUE = 34,      /**< version 7: cop_queue_rec */
	COP_REC_EMAIL = 35,      /**< version 7: cop_email_rec */
	COP_REC_TAG = 36,        /**< version 10: cop_tag_rec */
	COP_REC_THREAD_CHANGE = 37 /**< version 10: cop_thread_change_rec */
} cop_rec_kind;

/** A member (key: id; unique: handle, case-insensitively). */
typedef struct cop_member_rec {
	cop_id id;               /**< the member's id */
	char *handle;            /**< unique, case-insensitively */
	char *display_name;      /**< 1-200 characters */
	char *organisation;      /**< optional */
	char *languages;         /**< optional */
	int status;              /**< cop_member_status */
	cop_time created;        /**< when the member was created */
} cop_member_rec;

/** A community (key: id; unique: slug). */
typedef struct cop_community_rec {
	cop_id id;               /**< the community's id */
	char *slug;              /**< unique */
	char *name;              /**< its display name */
	char *purpose;           /**< optional */
	char *language;          /**< its main language, a BCP 47 tag; optional */
	int visibility;          /**< cop_visibility */
	cop_time created;        /**< when it was created */
	int flag_hides;          /**< an upheld flag hides its contribution
	                            (cop_community_set_flag_hides()) */
} cop_community_rec;

/** A membership (key: community_id, member_id). */
typedef struct cop_membership_rec {
	cop_id community_id;     /**< the community */
	cop_id member_id;        /**< the member */
	int role;                /**< cop_role */
	int status;              /**< cop_membership_status */
	cop_time joined;         /**< when the membership began (or was requested) */
	int pledged_hours;       /**< hours a month the member pledged */
	char *handle;            /**< filled in by get and list from the member; ignored on write */
	char *community_slug;    /**< version 6: filled in only by the export's
	                            scan of a member's memberships; ignored on
	                            write */
} cop_membership_rec;

/** A thread (key: id). */
typedef struct cop_thread_rec {
	cop_id id;               /**< the thread's id */
	cop_id community_id;     /**< its community */
	cop_id author_id;        /**< nil: the system */
	int kind;                /**< cop_thread_kind */
	int state;               /**< cop_thread_state, derived by the core from
	                            the flags below (thread.h); kept for old
	                            readers */
	char *title;             /**< its title */
	char *tags;              /**< normalised: lowercase, sorted, single spaces; "" when none */
	char *language;          /**< a BCP 47 tag, or NULL */
	cop_time created;        /**< when it was created */
	cop_time last_activity;  /**< its last contribution's time (the listing order) */
	int contribution_count;  /**< its contributions, the first post included */
	/* The thread's properties, each 0 or 1 and independent of the
	 * others (read and written like every other field; schema 5 of the
	 * SQLite backend, 4 of the PostgreSQL one).  pinned leads the
	 * listing order (COP_LIST_THREADS); hidden decides who sees the
	 * thread (the core's visibility rule); answered follows the
	 * accepted answer (set and cleared by the core, and by erasure's
	 * COP_ROP_P_DEL_REOPEN). */
	/** The thread's properties, each 0 or 1 (see the comment above). @{ */
	int pinned;
	int closed;
	int locked;
	int hidden;
	int answered;
	/** @} */
	/* Version 7: the thread's current summary, a contribution of kind
	 * summary in it (cop_thread_summarize()); nil when it has none.
	 * SQLite schema 7, PostgreSQL 6. */
	cop_id summary_id;       /**< its current summary (see above); nil: none */
	/* Version 7, what the facilitator's queue reads a question by, each
	 * 0 or 1, set by the core when a contribution is added (and by the
	 * migration for the rows there before): replied, someone other than
	 * the thread's author has contributed to it; has_answer, someone
	 * other than its author has answered it (an answer contribution). */
	/** What the facilitator's queue reads, each 0 or 1 (see the comment above). @{ */
	int replied;
	int has_answer;
	/** @} */
} cop_thread_rec;

/** An integer that may be absent (a column that may be NULL). */
typedef struct cop_rec_opt_int {
	int set;                 /**< 0: absent (NULL), the value ignored */
	int value;               /**< the value when set */
} cop_rec_opt_int;

/** A contribution (key: id). */
typedef struct cop_contribution_rec {
	cop_id id;               /**< the contribution's id */
	cop_id thread_id;        /**< its thread */
	cop_id community_id;     /**< its thread's community */
	cop_id author_id;        /**< nil: the system */
	int kind;                /**< cop_contribution_kind */
	cop_id reply_to;         /**< nil: none */
	cop_id translation_of;   /**< nil: none */
	char *language;          /**< a BCP 47 tag, or NULL */
	char *body;              /**< its current body */
	int format;              /**< cop_body_format */
	cop_time created;        /**< when it was created */
	cop_time edited;         /**< 0: never */
	int revision;            /**< 1 for the original body */
	int score;               /**< the sum of its votes' weights */
	char *thread_title;      /**< version 6: filled in only by the export's
	                            scan of a member's contributions, for a
	                            thread's first post (NULL otherwise);
	                            ignored on write */
	int hidden;              /**< moderation table version 2: 1 when a
	                            moderator hid it (seen only by its
	                            author, the community's moderators and
	                            the system), else 0 */
	cop_rec_opt_int source_score; /**< interface version 11: the score
	                            it had where it was imported from (a
	                            Stack Exchange dump's Score), kept apart
	                            from the vote-derived score; unset for
	                            one made through the API */
} cop_contribution_rec;

/** An earlier body of a contribution (key: contribution_id, number). */
typedef struct cop_revision_rec {
	cop_id contribution_id;  /**< the contribution */
	cop_id community_id;     /**< its community */
	int number;              /**< 1 for the first body, one more each edit */
	cop_id author_id;        /**< the contribution's author */
	char *body;              /**< the body as it was */
	char *comment;           /**< optional */
	cop_time created;        /**< when that body was written */
	cop_id editor_id;        /**< who made it (nil: the system) */
	cop_time redacted;       /**< when its text was redacted, 0: never; a
	                            backend updates a revision only for this
	                            (update(), COP_REC_REVISION; one that
	                            cannot answers COP_ENOTSUP) */
} cop_revision_rec;

/** An entry of the change log (key: seq). */
typedef struct cop_log_rec {
	int64_t seq;             /**< assigned by the backend on insert, from 1 up */
	cop_time time;           /**< when it happened */
	cop_id actor_id;         /**< nil: the system */
	char *op;                /**< "member.create", ... */
	cop_id object_id;        /**< what it happened to */
	cop_id community_id;     /**< nil: none */
} cop_log_rec;

/** A search result: a contribution matching the query. */
typedef struct cop_search_hit_rec {
	cop_id thread_id;        /**< the contribution's thread */
	cop_id contribution_id;  /**< the contribution */
	cop_id community_id;     /**< its community */
	char *title;             /**< the thread's title */
	char *snippet;           /**< matches between "[" and "]" */
	double score;            /**< higher is better */
	int64_t key;             /**< the engine's tie-break after the score
	                            (SQLite: the index's rowid; else 0) */
} cop_search_hit_rec;

/**
 * A key for get().  Which fields are used depends on the kind:
 *  member: id, or (when name != NULL) handle, case-insensitively;
 *  community: id, or (when name != NULL) slug;
 *  membership: id = community id, id2 = member id;
 *  thread, contribution: id;
 *  revision: id = contribution id, number.
 */
typedef struct cop_key {
	cop_id id;               /**< see above, by record kind */
	cop_id id2;              /**< a membership's member id */
	const char *name;        /**< a handle or slug to look up by; NULL: by id */
	int number;              /**< a revision's number */
} cop_key;

/**
 * What thread_access() reads besides the thread: its community's
 * visibility and the viewer's membership there.  The core decides from
 * these what the viewer may do.
 */
typedef struct cop_access_rec {
	int has_community;       /**< 0: the thread's community is missing */
	int visibility;          /**< cop_visibility of the community */
	int has_membership;      /**< 0: no viewer, or not a member there */
	int role;                /**< cop_role, when has_membership */
	int status;              /**< cop_membership_status, when has_membership */
} cop_access_rec;

/** What to list, and in which order (keyset order in brackets). */
typedef enum cop_list_kind {
	COP_LIST_MEMBERS = 1,          /**< all members [handle_lower asc] */
	COP_LIST_COMMUNITIES = 2,      /**< visible [slug asc] */
	COP_LIST_MEMBERSHIPS = 3,      /**< parent=community, status != left
	                                  [role desc, handle_lower asc] */
	COP_LIST_THREADS = 4,          /**< parent=community, hidden filtered
	                                  [pinned desc, last_activity desc, id desc] */
	COP_LIST_THREAD_CONTRIBS = 5,  /**< parent=thread [created asc, id asc] */
	COP_LIST_AUTHOR_CONTRIBS = 6,  /**< parent=member, visible [created desc, id desc] */
	COP_LIST_REVISIONS = 7,        /**< parent=contribution [number asc] */
	COP_LIST_LOG = 8               /* visible or no community [seq asc] */
} cop_list_kind;

/**
 * A listing.  When has_after is set, the listing starts strictly after the
 * row whose sort key is (after_num, after_text, after_id) in the order
 * above, using the fields the order has:
 *  members: after_text; communities: after_text;
 *  memberships: after_num = role, after_text = lowercase handle;
 *  threads: after_num2 = pinned (0/1), after_num = last_activity, after_id;
 *  thread/author contributions: after_num = created, after_id;
 *  revisions: after_num = number; log: after_num = seq.
 */
typedef struct cop_query {
	cop_list_kind kind;      /**< what to list */
	const cop_id *viewer;    /**< NULL: the system */
	cop_id parent;           /**< the community, thread, contribution or member listed in; nil: none */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	int64_t after_num;       /**< the cursor's number (see above, by kind) */
	int64_t after_num2;      /**< the cursor's second number (threads: pinned) */
	const char *after_text;  /**< the cursor's text (handle, slug) */
	cop_id after_id;         /**< the cursor's id, the last tie-break */
	unsigned int limit;      /**< 0: no limit */
	/* ---- version 4 ---- */
	/** COP_LIST_THREADS only: when not NULL, the community is the one
	 *  with this slug and parent is nil (no community: no rows).  The
	 *  core then starts the listing before it reads the community, so
	 *  that a backend can send both in one round trip.  Borrowed for the
	 *  call, like every string here. */
	const char *parent_slug;
} cop_query;

/** A full-text query (see cop_search_iter_new()). */
typedef struct cop_search_query {
	const cop_id *viewer;    /**< NULL: the system */
	const char *text;        /**< the user's query, UTF-8, validated */
	cop_id community_id;     /**< nil: every visible community */
	const char *language;    /**< NULL: any */
	unsigned int limit;      /**< > 0 */
	/* Around each match in snippets; NULL: "[" and "]".  The snippet's
	 * text holds no C0 control character but tab and newline (others
	 * become spaces), so markers made of them are never ambiguous. */
	/** The markers around each match in snippets (see the comment above). @{ */
	const char *mark_open;
	const char *mark_close;
	/** @} */
	/* The page starts after the hit of this score and tie-break (key
	 * on SQLite, contribution id elsewhere), when has_after; ranked as
	 * the hits are: score descending, then the tie-break ascending. */
	/** The page's start (see the comment above). @{ */
	int has_after;
	double after_score;
	int64_t after_key;
	cop_id after_id;
	/** @} */
} cop_search_query;

/* ---- recognition (version 2) -------------------------------------------
 *
 * Recognition storage (votes, accepted answers, kudos, the reputation
 * ledger and its totals, standings, badges, per-community configuration)
 * is reached, on backends of versions 2 to 5, through one method, rop(),
 * that runs numbered operations with typed parameters and gives typed
 * rows (since version 6 through cop_backend_recognition, below, which the
 * SQL backends implement over these operations: libcop/sql/recognition.c).  Each operation's
 * parameters ($1, $2, ... in order) and result columns are listed below;
 * SQL backends share the statements in libcop/recognition_sql.h.
 * Ids travel as COP_VAL_ID (nil: absent, stored as NULL, except where
 * noted), times and numbers as COP_VAL_INT, text as COP_VAL_TEXT.
 *
 * Tables (every one keyed or indexed by community first):
 *  vote      (id, community_id, contribution_id, voter_id, author_id,
 *             kind, rep_author, rep_voter, created, changed);
 *             unique (contribution_id, voter_id) when voter_id is set;
 *             kind -1: retracted
 *  accept    (thread_id, community_id, contribution_id, author_id,
 *             acceptor_id, rep_author, rep_acceptor, created)
 *  kudos     (id, community_id, from_id, to_id, contribution_id,
 *             message, created)
 *  ledger    (id, community_id, member_id, points, nominal, reason,
 *             object_id, actor_id, time, tags)   append-only
 *  standing  (community_id, member_id, reputation, cap_day, cap_used,
 *             trust, trust_manual, days_active, last_day, posts,
 *             likes_given, likes_received, kudos_received, accepted)
 *  rep_total (community_id, period, start, tag, member_id, points);
 *             tag '' for the whole community
 *  badge     (id, community_id, member_id, badge, object_id, awarded,
 *             name, class); name and class only for imported badges
 *             (badge -1, COP_BADGE_NAMED, their object their own id);
 *             unique (community_id, member_id, badge, object_id), the
 *             object id never NULL (the member's own id for once-only badges)
 *  rconfig   (community_id, body)
 */

/** A typed value: an operation's parameter or a row's column. */
typedef enum cop_val_type {
	COP_VAL_NULL = 0,
	COP_VAL_INT = 1,
	COP_VAL_ID = 2,
	COP_VAL_TEXT = 3,
	COP_VAL_KEY = 4          /* an id sent as its 16 bytes even when nil
	                            (keyset bounds) */
} cop_val_type;

/** A value: a parameter or a column of a row. */
typedef struct cop_val {
	int type;                /**< cop_val_type */
	int64_t i;               /**< COP_VAL_INT */
	cop_id id;               /**< COP_VAL_ID, COP_VAL_KEY */
	const char *text;        /**< parameters: borrowed; rows: owned by the
	                            iterator until its next call */
} cop_val;

#define COP_ROW_MAX 24   /**< 16 before interface version 7 (a thread has 19 columns, an event read 22) */

/** A row of a recognition operation. */
typedef struct cop_row {
	unsigned int ncols;      /**< the columns used */
	cop_val col[COP_ROW_MAX]; /**< the columns, in the operation's order */
} cop_row;

/** Recognition operations: parameters -> result columns. */
typedef enum cop_rop {
	/* (contribution, voter) -> vote columns (as the table) */
	COP_ROP_VOTE_GET = 1,
	/* (vote columns) insert or replace by id */
	COP_ROP_VOTE_PUT,
	/* (thread) -> accept columns */
	COP_ROP_ACCEPT_GET,
	/* (accept columns) insert or replace by thread */
	COP_ROP_ACCEPT_PUT,
	/* (kudos columns) insert */
	COP_ROP_KUDOS_INS,
	/* (community, to, after_created, after_id, limit) -> kudos columns
	 * [created desc, id desc] */
	COP_ROP_KUDOS_LIST,
	/* (ledger columns) insert */
	COP_ROP_LEDGER_INS,
	/* (community, member, after_time, after_id, limit) -> ledger columns
	 * [time desc, id desc] */
	COP_ROP_LEDGER_LIST,
	/* (community, after_member, after_time, after_id, limit) -> ledger
	 * columns of the whole community [member_id, time, id] (for
	 * rebuilding totals) */
	COP_ROP_LEDGER_SCAN,
	/* (community, member) -> standing columns */
	COP_ROP_STANDING_GET,
	/* (standing columns) insert or replace */
	COP_ROP_STANDING_PUT,
	/* (community, after_member, limit) -> standing columns [member_id] */
	COP_ROP_STANDING_LIST,
	/* (community, period, start, tag, member, points) add points */
	COP_ROP_TOTAL_ADD,
	/* (community, period, start, tag, after_points, after_member, limit)
	 * -> (member_id, points, handle) [points desc, member_id asc] */
	COP_ROP_BOARD,
	/* (community) delete every rep_total row */
	COP_ROP_TOTAL_CLEAR,
	/* (badge columns) insert unless present -> one row when inserted */
	COP_ROP_BADGE_INS,
	/* (community, member, after_awarded, after_id, limit) -> badge
	 * columns, name, class [awarded desc, id desc] */
	COP_ROP_BADGE_LIST,
	/* (community, member, badge, object) -> (count) */
	COP_ROP_BADGE_HAS,
	/* (community) -> (community_id, body) */
	COP_ROP_CONFIG_GET,
	/* (community, body) insert or replace */
	COP_ROP_CONFIG_PUT,
	/* (contribution, delta) add delta to the contribution's score */
	COP_ROP_SCORE_ADD,
	/* (community, w0, w1, w2, w3) -> (contribution_id, score, expected
	 * score) for each contribution whose score differs from the sum of
	 * its votes' weights, w<kind> for a vote of that kind (0 for a
	 * retracted one) */
	COP_ROP_V_SCORES,
	/* (contribution, score) set a contribution's score */
	COP_ROP_SCORE_SET,
	/* (community, initial) -> (member_id, reputation, the sum of its
	 * ledger) where the standing's reputation differs from initial + that
	 * sum (the caller adds initial to compare) */
	COP_ROP_V_REPUTATION,
	/* (community) -> (member_id, posts, likes_given, likes_received,
	 * kudos_received, accepted, and the same five counted from the
	 * facts) for each standing whose counters differ */
	COP_ROP_V_COUNTS,
	/* (community, min_score) -> (contribution_id, author_id, score,
	 * contribution kind, thread kind) of authored contributions scoring
	 * at least min_score */
	COP_ROP_V_HIGH_SCORES,
	/* (community, member) -> rep_total columns of the member's totals */
	COP_ROP_TOTAL_MEMBER,
	/* (community or nil: all) -> (votes_up, votes_down,
	 * accepted_answers, badges_awarded) */
	COP_ROP_STATS,
	/* Flags: since interface version 5 reached through the moderation
	 * interface (cop_backend_moderation); still run as operations on
	 * backends of versions 2 to 4. */
	/* (flag columns) insert */
	COP_ROP_FLAG_INS,
	/* (flag id) -> flag columns */
	COP_ROP_FLAG_GET,
	/* (contribution, flagger) -> (count) */
	COP_ROP_FLAG_HAS,
	/* (flag id, state, resolver, resolved) update an open flag -> one
	 * row when updated */
	COP_ROP_FLAG_RESOLVE,
	/* (community, state, after_created, after_id, limit) -> flag columns
	 * [created, id] */
	COP_ROP_FLAG_LIST,
	/* A member's own data (libcop/privacy.c, privacy_export.c).  The
	 * export scans take the member, a keyset bound and a limit, across
	 * every community (since interface version 6 through
	 * cop_backend_export, as the community's). */
	/* (member, after_community, limit) -> (community_id, slug, role,
	 * status, joined, pledged_hours) [community_id] */
	COP_ROP_P_MEMBERSHIPS,
	/* (member, after_id, limit) -> (id, community_id, thread_id, kind,
	 * reply_to, translation_of, language, format, created, edited,
	 * revision, score, title (first posts only), body) of the member's
	 * contributions [id] */
	COP_ROP_P_CONTRIBS,
	/* (contribution, after_number, limit) -> (number, author_id,
	 * comment, created, body, editor_id) [number]; editor_id since
	 * SQLite schema 7, PostgreSQL 6 */
	COP_ROP_P_REVISIONS,
	/* (member, after_id, limit) -> (id, community_id, contribution_id,
	 * kind, rep_voter, created, changed) of the votes cast [id] */
	COP_ROP_P_VOTES,
	/* (member, after_id, limit) -> (id, community_id, from_id, to_id,
	 * contribution_id, message, created) of kudos given or received [id] */
	COP_ROP_P_KUDOS,
	/* (member, after_id, limit) -> (id, community_id, points, nominal,
	 * reason, object_id, actor_id, time, tags) [id] */
	COP_ROP_P_LEDGER,
	/* (member, after_community, limit) -> (community_id, reputation,
	 * trust, trust_manual, days_active, posts, likes_given,
	 * likes_received, kudos_received, accepted, posts_read)
	 * [community_id] */
	COP_ROP_P_STANDINGS,
	/* (member, after_id, limit) -> (id, community_id, badge, object_id,
	 * awarded, name, class) [id] */
	COP_ROP_P_BADGES,
	/* Leaving and erasure: since interface version 6 reached through
	 * cop_backend_privacy (member_communities, member_leave,
	 * kudos_erase), these serving backends of versions 2 to 5. */
	/* (member) -> (community_id) of every community where the member has
	 * a membership, a contribution, a thread or a standing [community_id] */
	COP_ROP_P_COMMUNITIES,
	/* (member) every membership of the member becomes "left" */
	COP_ROP_P_LEAVE,
	/* (member, text) the messages of the kudos the member gave become
	 * @c text */
	COP_ROP_P_KUDOS_ERASE,
	/* Retired in interface version 6: the removal of a member's
	 * contributions (policy "remove") by (community, member), each
	 * operation computing the doomed set itself.  The core now computes
	 * that set (libcop/privacy.c) and removes it by id with the
	 * COP_ROP_P_DOOMED_* and COP_ROP_P_DEL_* operations below; these
	 * numbers stay reserved, and the built-in backends answer them
	 * COP_ENOTSUP. */
	COP_ROP_P_RM_COUNT,
	COP_ROP_P_RM_LEDGER,
	COP_ROP_P_RM_BADGES,
	COP_ROP_P_RM_REOPEN,
	COP_ROP_P_RM_ACCEPTS,
	COP_ROP_P_RM_VOTES,
	COP_ROP_P_RM_KUDOS,
	COP_ROP_P_RM_FLAGS,
	COP_ROP_P_RM_REVISIONS,
	COP_ROP_P_RM_RECOUNT,
	COP_ROP_P_RM_BLANK,
	COP_ROP_P_RM_THREAD_BLANK,
	COP_ROP_P_RM_LINKS,
	COP_ROP_P_RM_CONTRIBS,
	COP_ROP_P_RM_THREADS,
	/* JSON export and import of a whole community (libcop/json_export.c,
	 * json_import.c, json_sections.c; since interface version 6 through
	 * cop_backend_export, the operations serving backends of versions 2
	 * to 5 and the SQL backends' table).  The scans take the community,
	 * "all" (1: hidden threads and what hangs on them too, 0: left out),
	 * a keyset bound and a limit, and give the columns named (never
	 * community_id). */
	/* (community, after_id, limit) -> (id, handle, display_name,
	 * organisation, languages, status, created) of the members with a
	 * membership in the community [id] */
	COP_ROP_X_MEMBERS,
	/* (community, after_member, limit) -> (member_id, role, status,
	 * joined, pledged_hours) [member_id] */
	COP_ROP_X_MEMBERSHIPS,
	/* (community, all, after_id, limit) -> (id, author_id, kind, state,
	 * pinned, title, tags, language, created, last_activity,
	 * contribution_count, closed, locked, hidden, answered) [id] */
	COP_ROP_X_THREADS,
	/* (community, all, after_id, limit) -> (id, thread_id, author_id,
	 * kind, reply_to, translation_of, language, body, format, created,
	 * edited, revision, score) [id] */
	COP_ROP_X_CONTRIBS,
	/* (community, all, after_contribution, after_number, limit) ->
	 * (contribution_id, number, author_id, body, comment, created,
	 * editor_id) [contribution_id, number] */
	COP_ROP_X_REVISIONS,
	/* (community, all, after_thread, after_target, limit) -> (thread_id,
	 * target_id, kind, created) [thread_id, target_id] */
	COP_ROP_X_LINKS,
	/* (community, all, after_id, limit) -> (id, contribution_id,
	 * voter_id, author_id, kind, rep_author, rep_voter, created,
	 * changed) [id] */
	COP_ROP_X_VOTES,
	/* (community, all, after_thread, limit) -> (thread_id,
	 * contribution_id, author_id, acceptor_id, rep_author, rep_acceptor,
	 * created) [thread_id] */
	COP_ROP_X_ACCEPTS,
	/* (community, all, after_id, limit) -> (id, from_id, to_id,
	 * contribution_id, message, created) [id] */
	COP_ROP_X_KUDOS,
	/* (community, all, after_id, limit) -> (id, member_id, points,
	 * nominal, reason, object_id, actor_id, time, tags) [id] */
	COP_ROP_X_LEDGER,
	/* (community, after_member, limit) -> (member_id, reputation,
	 * cap_day, cap_used, trust, trust_manual, days_active, last_day,
	 * posts, likes_given, likes_received, kudos_received, accepted,
	 * posts_read) [member_id] */
	COP_ROP_X_STANDINGS,
	/* (community, all, after_id, limit) -> (id, member_id, badge,
	 * object_id, awarded, name, class) [id] */
	COP_ROP_X_BADGES,
	/* (community, all, after_kind, after_object, after_source, limit) ->
	 * (kind, source_id, object_id) [kind, object_id, source_id] */
	COP_ROP_X_SOURCES,
	/* A community's erasure policy (since interface version 6 through
	 * cop_backend_privacy's policy_get and policy_put). */
	/* (community) -> (erasure) */
	COP_ROP_X_POLICY_GET,
	/* (community, erasure) insert or replace */
	COP_ROP_X_POLICY_PUT,
	/* (id, community, member, badge, object, awarded, name, class) insert */
	COP_ROP_X_BADGE_INS,
	/* (community, thread, target, kind, created) insert */
	COP_ROP_X_LINK_INS,
	/* (community, kind, source_id, object) insert */
	COP_ROP_X_SOURCE_INS,
	/* (community, member, reputation, cap_day, cap_used, trust,
	 * trust_manual, days_active, last_day, posts, likes_given,
	 * likes_received, kudos_received, accepted, posts_read) insert */
	COP_ROP_X_STANDING_INS,
	/* (vote columns) insert (COP_EEXISTS when the id is taken) */
	COP_ROP_X_VOTE_INS,
	/* Imports (libcop/import_se.c) and thread links (libcop/link.c; since
	 * interface version 5 through cop_backend_links, the operations
	 * serving backends of versions 2 to 4 and the JSON import). */
	/* (community, kind, source_id) -> (object_id) */
	COP_ROP_SOURCE_GET,
	/* (thread, target) -> (thread_id, target_id, kind, created) */
	COP_ROP_LINK_GET,
	/* (thread, after_target, limit) -> (thread_id, target_id, kind,
	 * created) [target_id] */
	COP_ROP_LINK_LIST,
	/* (thread, time) one more contribution in the thread, its last
	 * activity at least time (the search index is left alone) */
	COP_ROP_THREAD_BUMP,
	/* (contribution, edited or 0) the contribution's revision number goes
	 * up by one and its edited time to at least the one given -> (the
	 * number it had) */
	COP_ROP_REVISION_BUMP,
	/* Erasure, policy "remove" (interface version 6; since then reached
	 * through cop_backend_privacy's erase_graph and erase_remove, these
	 * operations serving backends of versions 2 to 5).  The core
	 * computes the doomed contributions and threads; the backend keeps
	 * them in a set of ids for the transaction (the SQL backends: a
	 * temporary table) and removes what hangs on them. */
	/* (community, member) -> (id, thread_id, thread author_id,
	 * author_id, reply_to, translation_of) of every contribution of the
	 * community's threads that the member opened or contributed to, and
	 * one row with a NULL id for such a thread without any
	 * [thread_id, id] */
	COP_ROP_P_GRAPH,
	/* () make the set of doomed ids, if the session has none yet */
	COP_ROP_P_DOOMED_OPEN,
	/* () empty the set */
	COP_ROP_P_DOOMED_CLEAR,
	/* (id, what) add an id to the set: what 0 a contribution, 1 a thread */
	COP_ROP_P_DOOMED_ADD,
	/* Each runs once on the set, in this order (each reads what a later
	 * one deletes); (community) unless noted: */
	/* ledger entries whose object is a vote or kudos on a doomed
	 * contribution, an accepted answer that is doomed, or a doomed thread */
	COP_ROP_P_DEL_LEDGER,
	/* badges whose object is a doomed contribution */
	COP_ROP_P_DEL_BADGES,
	/* (community, from, to) threads whose accepted answer is doomed are
	 * no longer answered (answered 0), and those in state from (answered,
	 * no other property) go to state to (open) */
	COP_ROP_P_DEL_REOPEN,
	/* accepted answers that are doomed or of doomed threads */
	COP_ROP_P_DEL_ACCEPTS,
	/* votes (), kudos (community), flags () and revisions () of doomed
	 * contributions */
	COP_ROP_P_DEL_VOTES,
	COP_ROP_P_DEL_KUDOS,
	COP_ROP_P_DEL_FLAGS,
	COP_ROP_P_DEL_REVISIONS,
	/* contribution counts and last activity (at least the thread's
	 * creation) of the threads, not doomed, that have doomed
	 * contributions, counting only the others */
	COP_ROP_P_DEL_RECOUNT,
	/* () doomed bodies, then doomed threads' titles and tags, become ''
	 * (so that search indexes kept by triggers forget them) */
	COP_ROP_P_DEL_BLANK,
	COP_ROP_P_DEL_THREAD_BLANK,
	/* () links from or to doomed threads */
	COP_ROP_P_DEL_LINKS,
	/* () the doomed contributions, then the doomed threads */
	COP_ROP_P_DEL_CONTRIBS,
	COP_ROP_P_DEL_THREADS,
	/* Moderation actions (cop_backend_moderation version 2; the table
	 * modaction below). */
	/* (modaction columns) insert */
	COP_ROP_MOD_INS,
	/* (member, community or nil: store-wide, kind, now, lifted) lift the
	 * actions of that kind in force at now -> one row per action lifted */
	COP_ROP_MOD_LIFT,
	/* (member, community or nil, now) -> (kind) of each suspension
	 * (store-wide) or silence (in the community) in force at now; and
	 * may add one row for the member's erasure, -1 when the member is
	 * erased, -2 when not, when that holds until the transaction ends
	 * (COP_MOD_KNOWN below) */
	COP_ROP_MOD_FORCE,
	/* (community or nil: store-wide, after_start, after_id, limit) ->
	 * modaction columns [start desc, id desc] */
	COP_ROP_MOD_LIST,
	/* The funding ledger and hours given (cop_backend_funding, interface
	 * version 7; the tables fund, fund_total, fund_config and hours
	 * below). */
	/* (fund columns) insert */
	COP_ROP_FUND_INS,
	/* (id) -> fund columns */
	COP_ROP_FUND_GET,
	/* (id, day) a pledge not yet received is received on day -> 1 */
	COP_ROP_FUND_RECEIVE,
	/* (community, after_day, after_id, limit) -> fund columns
	 * [day desc, id desc] */
	COP_ROP_FUND_LIST,
	/* (community, currency, month, kind, amount) add to a total */
	COP_ROP_FUND_TOTAL_ADD,
	/* (community, from_month, to_month) -> (currency, kind, sum, first
	 * month) from the totals, by currency and kind */
	COP_ROP_FUND_SUMS,
	/* (community, from_day, to_day) -> (currency, kind, sum, first day)
	 * from the entries dated then, and the pledges received then as
	 * kind COP_FUND_SUM_RECEIVED */
	COP_ROP_FUND_DAY_SUMS,
	/* (community) -> (visibility) */
	COP_ROP_FUND_CONFIG_GET,
	/* (community, visibility) upsert */
	COP_ROP_FUND_CONFIG_SET,
	/* (hours columns) upsert */
	COP_ROP_HOURS_SET,
	/* (community, month, member) -> hours columns */
	COP_ROP_HOURS_GET,
	/* (community, from_month, to_month) -> hours row columns: by member
	 * [handle], by organisation [organisation], in total (one row) */
	COP_ROP_HOURS_BY_MEMBER,
	COP_ROP_HOURS_BY_ORG,
	COP_ROP_HOURS_TOTAL,
	/* Digests (cop_backend_digest, interface version 7).  A section's
	 * rows: (community, viewer or nil: the system, since, until, limit)
	 * -> digest columns (cop_digest_rec) of what the viewer may see; the
	 * helpful contributions also take the weights of vote kinds 0 to 3
	 * ($6 to $9). */
	COP_ROP_DG_THREADS,
	COP_ROP_DG_UNANSWERED,
	COP_ROP_DG_ACCEPTED,
	COP_ROP_DG_HELPFUL,
	COP_ROP_DG_SUMMARIES,
	COP_ROP_DG_KUDOS,
	COP_ROP_DG_BADGES,
	/* (member) -> digest columns (the community's id, slug and
	 * language) of the communities the member sees as a member
	 * [slug asc] */
	COP_ROP_DG_COMMUNITIES,
	/* (member) -> (sent_until) */
	COP_ROP_DG_SENT_GET,
	/* (member, sent_until, marked) insert or replace */
	COP_ROP_DG_SENT_PUT,
	/* Subscriptions and notifications (cop_backend_notify; the tables
	 * follow and notification below).  Tags are the thread's, padded:
	 * " a b " ("  " when none). */
	/* (follow columns) insert, or set the level and created of the
	 * member's follow of that kind, target and tag */
	COP_ROP_FOLLOW_PUT,
	/* (member, kind, target, tag) delete -> one row per follow deleted */
	COP_ROP_FOLLOW_DEL,
	/* (member, after_created, after_id, limit) -> follow columns
	 * [created asc, id asc] */
	COP_ROP_FOLLOW_LIST,
	/* (notification columns but read) insert, nothing when the member
	 * has one with that id */
	COP_ROP_NOTE_INS,
	/* (notification columns but read, tags) the same, unless the
	 * member's follows mute the thread (notification.c's rule) */
	COP_ROP_NOTE_ONE,
	/* (id, community, thread, contribution, actor or nil, created,
	 * tags, first post 0/1) a post notification for each follower the
	 * follows make watch the thread (tracking too for a first post),
	 * but the actor and who has one with that id */
	COP_ROP_NOTE_FANOUT,
	/* (member, unread only 0/1, after_id, limit) -> notification
	 * columns the member sees [id desc] */
	COP_ROP_NOTE_LIST,
	/* (member, unread only 0/1) -> (count) of those the member sees */
	COP_ROP_NOTE_COUNT,
	/* (member, id, now) mark read (kept when read already) the one the
	 * member sees -> one row when it did */
	COP_ROP_NOTE_MARK,
	/* (member, now) mark read every unread one the member sees -> one
	 * row per notification marked */
	COP_ROP_NOTE_MARK_ALL,
	/* () a member's erasure, policy "remove" (run with the COP_ROP_P_DEL_*
	 * steps, before the contributions go): the notifications about a
	 * doomed contribution or thread */
	COP_ROP_NOTE_DEL_DOOMED,
	/* (member) a member's erasure: their follows, then their
	 * notifications */
	COP_ROP_FOLLOW_FORGET,
	COP_ROP_NOTE_FORGET,
	/* Events (cop_backend_events, interface version 7; the tables event
	 * and rsvp below). */
	/* (event columns) insert */
	COP_ROP_EV_INS,
	/* (event columns) update by id -> one row when it was there */
	COP_ROP_EV_UPD,
	/* (id, member or nil) -> event columns, counts, member's answer */
	COP_ROP_EV_GET,
	/* (community or nil, viewer or nil, member or nil, ends above, ends
	 * at most, starts from, starts before, only the member's, only
	 * without attendance, not cancelled, after_start, after_id, limit)
	 * -> as COP_ROP_EV_GET, [starts asc, id asc] */
	COP_ROP_EV_LIST_ASC,
	/* the same, [starts desc, id desc] */
	COP_ROP_EV_LIST_DESC,
	/* (rsvp columns) insert or replace by (event, member) */
	COP_ROP_EV_RSVP_PUT,
	/* (event, member) -> rsvp columns */
	COP_ROP_EV_RSVP_GET,
	/* (event, n) the first n waiting yes confirmed -> one row each */
	COP_ROP_EV_PROMOTE,
	/* The facilitation table (version 7, cop_backend_facilitation). */
	/* (community, kind) -> (seconds) */
	COP_ROP_Q_CONF_GET,
	/* (community, kind, seconds) insert or replace */
	COP_ROP_Q_CONF_PUT,
	/* (community, the cutoff of each of the seven kinds, after_since,
	 * after_kind, after_id, limit) -> queue columns (kind, object_id,
	 * since) [since, kind, object_id] */
	COP_ROP_Q_LIST,
	/* (community, hidden too (0 or 1), idle cutoff) -> (total,
	 * covered) */
	COP_ROP_Q_COVERAGE,
	/* (community) -> (kind, seconds) of every threshold stored */
	COP_ROP_Q_CONF_ALL,
	/* A member's own data of interface version 7 (the member export's
	 * scans of cop_backend_export version 2; libcop/privacy_export.c). */
	/* (member, after_community, after_month, limit) -> (community_id,
	 * month, minutes, note, reporter_id, changed) of the hours the
	 * member gave [community_id, month] */
	COP_ROP_P_HOURS,
	/* (member, after_event, limit) -> (event_id, community_id, answer,
	 * waiting, answered, attendance, recorded) of the member's RSVPs and
	 * attendance [event_id] */
	COP_ROP_P_RSVPS,
	/* (member, after_id, limit) -> (id, kind, target_id, community_id,
	 * tag, level, created) of the member's follows [id] */
	COP_ROP_P_FOLLOWS,
	/* (member, text) a member's erasure: the note of every hours report
	 * of the member becomes text */
	COP_ROP_P_HOURS_ERASE,
	/* The health scorecard's thresholds (cop_backend_facilitation
	 * version 2; table health_threshold below). */
	/* (community, indicator) -> (good, poor) */
	COP_ROP_H_CONF_GET,
	/* (community, indicator, good, poor) insert or replace */
	COP_ROP_H_CONF_PUT,
	/* (community, indicator or NULL: every one) delete */
	COP_ROP_H_CONF_DEL,
	/* The health table (version 7, cop_backend_health; the roll-ups
	 * cop_health_day and cop_health_member_day, docs/health.md). */
	/* (community, from day, to day) -> (day, contributions, authored,
	 * questions) [day] */
	COP_ROP_H_DAYS,
	/* (community, to day) -> (member, first day, organisation) of the
	 * members whose first day is at most to day */
	COP_ROP_H_MEMBERS,
	/* (community, from day, to day) -> (member, day, contributions)
	 * [day, member] */
	COP_ROP_H_MEMBER_DAYS,
	/* (community, from, before) -> (created, first response or NULL,
	 * answered 0/1, accepted 0/1) of the questions created then */
	COP_ROP_H_QUESTIONS,
	/* (community, before) -> (event, starts, member or NULL,
	 * attendance) of the events not cancelled starting before then,
	 * one row per attendance recorded, or one with NULL without any */
	COP_ROP_H_ATTENDANCE,
	/* (community) -> (which, member (a day's row: the community), day,
	 * contributions, authored, questions): the roll-ups' rows that
	 * differ from the facts; which 0: a day as the facts give it, 1: as stored, 2: a
	 * member's day as the facts give it, 3: as stored; 4: a question
	 * (thread, day, ms to its first response or -1, answered, accepted)
	 * as the facts give it, 5: as stored */
	COP_ROP_H_VERIFY,
	/* Mail (version 7, cop_backend_mail; the table member_email below). */
	/* (email columns) insert */
	COP_ROP_MAIL_EMAIL_INS,
	/* (address) -> email columns */
	COP_ROP_MAIL_EMAIL_GET,
	/* (member) -> email columns [address asc] */
	COP_ROP_MAIL_EMAIL_LIST,
	/* (address, member, verified) -> one row when it was the member's */
	COP_ROP_MAIL_EMAIL_VERIFY,
	/* (member, address) the address the member's only primary -> one row
	 * per address of the member */
	COP_ROP_MAIL_EMAIL_PRIMARY,
	/* (member, address) delete -> one row when it was there */
	COP_ROP_MAIL_EMAIL_DEL,
	/* (member) delete every address of the member */
	COP_ROP_MAIL_EMAIL_FORGET,
	/* () -> (the store's mail secret) */
	COP_ROP_MAIL_SECRET_GET,
	/* (secret) stored unless the store has one */
	COP_ROP_MAIL_SECRET_PUT,
	/* (message_id) -> (community, contribution or nil) */
	COP_ROP_MAIL_MSG_GET,
	/* (message_id, community, contribution or nil, created) insert */
	COP_ROP_MAIL_MSG_PUT,
	/* Outgoing mail (cop_backend_mail version 2; the tables mail_pref
	 * and mail_outbox below). */
	/* (member, community, mode, since) insert or replace; last_digest
	 * since */
	COP_ROP_MAIL_PREF_PUT,
	/* (member, community) -> (member, community, mode, since,
	 * last_digest) */
	COP_ROP_MAIL_PREF_GET,
	/* () -> (member, community, mode, since, last_digest) of the modes
	 * not none [member, community] */
	COP_ROP_MAIL_PREF_LIST,
	/* (member, community, last_digest) update -> one row when there */
	COP_ROP_MAIL_PREF_SENT,
	/* (member) delete every preference of the member */
	COP_ROP_MAIL_PREF_FORGET,
	/* (id, member, community, source, recipient, sender, message,
	 * created) insert unless (member, source) is there -> one row when
	 * inserted */
	COP_ROP_MAIL_OUT_PUT,
	/* (state or -1: every state) -> outbox columns [created, id] */
	COP_ROP_MAIL_OUT_LIST,
	/* (id, state, reason or NULL, updated) update, attempts + 1 unless
	 * the state is waiting -> one row when there */
	COP_ROP_MAIL_OUT_MARK,
	/* (member) delete every outbox row of the member */
	COP_ROP_MAIL_OUT_FORGET,
	/* Listings of what hangs on a thread or contribution, for a viewer
	 * (recognition table version 2, cop_recognition_query.viewer): as
	 * COP_ROP_KUDOS_LIST, COP_ROP_LEDGER_LIST and COP_ROP_BADGE_LIST, with
	 * a sixth parameter, the viewer, whose hidden threads and
	 * contributions (visibility.h) take the rows on them out. */
	COP_ROP_KUDOS_SEEN,
	COP_ROP_LEDGER_SEEN,
	COP_ROP_BADGE_SEEN,
	/* Tags (version 10, cop_backend_tags; the table tag below). */
	/* (community, name) -> tag columns */
	COP_ROP_TAG_GET,
	/* (tag columns) insert (uses as given), or replace excerpt, wiki,
	 * synonym_of and updated of the row with its (community, name) */
	COP_ROP_TAG_PUT,
	/* (community, name) delete -> one row when it was there */
	COP_ROP_TAG_DEL,
	/* (community, hidden too 0/1, after_name, limit) -> tag columns,
	 * uses as seen (without hidden too: less hidden_uses, which is 0)
	 * [name] */
	COP_ROP_TAG_LIST_NAME,
	/* (community, hidden too 0/1, after_uses, after_name, limit) -> tag
	 * columns as COP_ROP_TAG_LIST_NAME's [uses as seen desc, name] */
	COP_ROP_TAG_LIST_USES,
	/* (community, name) -> (id) of the threads whose tags hold the name
	 * (and maybe a few more: the caller checks) */
	COP_ROP_TAG_THREADS,
	/* (community, from, to) synonyms of from become synonyms of to */
	COP_ROP_TAG_SYNONYMS,
	/* (community or NULL: every one, viewer or NULL: the system) ->
	 * (used, described) of the tags of the communities the viewer sees,
	 * hidden threads counted only where the viewer moderates */
	COP_ROP_TAG_COUNTS,
	/* A thread's history (version 10, cop_backend_history; the table
	 * cop_thread_history below). */
	/* (thread, community, kind, old, new, actor or nil, created, comment)
	 * insert, numbered one after the thread's last entry -> (number) */
	COP_ROP_HIST_INS,
	/* (thread, after number, limit) -> history columns [number] */
	COP_ROP_HIST_LIST,
	/* () the history of the doomed threads (erasure, as
	 * COP_ROP_P_DEL_LINKS) */
	COP_ROP_HIST_DEL_DOOMED,
	/* JSON export (cop_backend_export version 3): (community, all 0/1,
	 * after_name, limit) -> (name, excerpt, wiki, synonym_of, created,
	 * updated) of the community's tags [name]; without all, a tag
	 * known only through hidden threads (every use hidden, no
	 * description, no synonym to or from it) is left out. */
	COP_ROP_X_TAGS,
	/* JSON export (cop_backend_export version 4): (community, all 0/1,
	 * after thread, after number, limit) -> (thread_id, number, kind,
	 * old_value, new_value, actor_id, created, comment) of the history
	 * of the community's threads [thread_id, number]; without all, the
	 * history of hidden threads is left out. */
	COP_ROP_X_HISTORY,
	/* A member's export (cop_backend_export version 4): (member, after
	 * thread, after number, limit) -> (thread_id, number, community_id,
	 * kind, old_value, new_value, created, comment) of the history
	 * entries whose actor is the member, on the threads the member sees
	 * (visibility.h's rule, the member as viewer) [thread_id, number]. */
	COP_ROP_P_HISTORY,
	/* Import (cop_backend_export version 4): (contribution, number,
	 * editor, comment) revision number's editor_id and comment become
	 * editor and comment. */
	COP_ROP_REVISION_REPLACED,
	/* A leaderboard for a reader (recognition table version 3,
	 * cop_board_query.viewer): as COP_ROP_BOARD, with an eighth
	 * parameter, the reader, whom a member it may not see
	 * (COP_SQL_MEMBER_SEEN) is not ranked to. */
	COP_ROP_BOARD_SEEN,
	/* The hours by member for a reader (funding table version 2,
	 * hours_rows_seen()): as cop_backend_funding.hours_rows() by member,
	 * (community, from, to, reader), without the rows of the members the
	 * reader may not see (COP_SQL_MEMBER_SEEN). */
	COP_ROP_HOURS_BY_MEMBER_SEEN,
	/* The members a hide or show recounts (recognition table version
	 * 4, ledger_standings): (community, object: a thread or a
	 * contribution) -> standing columns of the community's members
	 * with a ledger entry whose object is the object itself, a
	 * contribution of it (the thread's, or the contribution), or a
	 * vote or kudos on such a contribution, each member once
	 * [member_id]. */
	COP_ROP_LEDGER_STANDINGS,
	/* Imports (cop_backend_export version 5, thread_add): (thread,
	 * time, n) n more contributions in the thread, its last activity
	 * at least time (the search index is left alone): COP_ROP_THREAD_BUMP
	 * n times in one statement. */
	COP_ROP_THREAD_ADD,
	/* Accepted answers (cop_backend_export version 6, thread_answered):
	 * (thread, answered, state) the thread's answered and state columns
	 * set, no other -> one row (1) when the thread was found, none
	 * when there is no such thread (in a transaction a backend that
	 * holds its writes back may answer the row and fail a later call
	 * with COP_ENOTFOUND, as PostgreSQL does an update of a thread). */
	COP_ROP_THREAD_ANSWERED,
	/* Imports (cop_backend_export version 7, threads_replied):
	 * (community) each thread of the community whose replied or
	 * has_answer is 0 gets them from its contributions, as
	 * cop_contribution_create() sets them (COP_SQL_THREADS_REPLIED:
	 * someone other than the thread's author contributed; answered);
	 * no other column changes. */
	COP_ROP_THREADS_REPLIED,
	COP_ROP__COUNT
} cop_rop;

typedef struct cop_backend cop_backend;
typedef struct cop_backend_iter cop_backend_iter;

/* ---- moderation (version 5) ------------------------------------------------
 *
 * Flags raised on contributions (libcop/flag.c).  Table:
 *  flag (id, community_id, contribution_id, flagger_id, reason, state,
 *        created, resolver_id, resolved); unique (contribution_id,
 *        flagger_id); state a cop_flag_state (0 open, 1 upheld,
 *        2 dismissed); resolver nil and resolved 0 while open.
 */

/** A flag (key: id). */
typedef struct cop_flag_rec {
	cop_id id;               /**< the flag's id */
	cop_id community_id;     /**< its community */
	cop_id contribution_id;  /**< the contribution flagged */
	cop_id flagger_id;       /**< who raised it */
	char *reason;            /**< "" when none given */
	int state;               /**< cop_flag_state */
	cop_time created;        /**< when it was raised */
	cop_id resolver_id;      /**< nil: open, or resolved by the system */
	cop_time resolved;       /**< 0: open */
} cop_flag_rec;

/** A community's flags in one state, oldest first: keyset order
 *  [created asc, id asc], starting strictly after (after_created,
 *  after_id) when has_after is set. */
typedef struct cop_flag_query {
	cop_id community;        /**< the community */
	int state;               /**< cop_flag_state */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	cop_time after_created;  /**< the cursor's creation time */
	cop_id after_id;         /**< the cursor's id, the last tie-break */
	unsigned int limit;      /**< 0: no limit */
} cop_flag_query;

/*
 * Moderation actions (table version 2).  Table:
 *  modaction (id, community_id, kind, actor_id, member_id, object_id,
 *             reason, start, until, lifted); community nil for a
 *             store-wide action (a suspension); member nil for a
 *             contribution's hiding, object nil for a member's; until 0:
 *             no end; lifted 0: not lifted.  Append-only but for lifted.
 * A contribution's hiding is its column hidden (cop_contribution_rec),
 * written by update() like every other field.
 */

/** What a moderation action did (cop_modaction_rec.kind). */
typedef enum cop_modaction_kind {
	COP_MODACTION_SUSPEND = 0,    /**< a member, store-wide */
	COP_MODACTION_SILENCE = 1,    /**< a member, in a community */
	COP_MODACTION_HIDE = 2,       /**< a contribution */
	COP_MODACTION_UNHIDE = 3,     /**< a contribution */
	COP_MODACTION_UNSUSPEND = 4,  /**< a member, store-wide */
	COP_MODACTION_UNSILENCE = 5,  /**< a member, in a community */
	COP_MODACTION_REDACT = 6      /* a contribution's revision */
} cop_modaction_kind;

/** A moderation action, an entry of the moderation log (key: id). */
typedef struct cop_modaction_rec {
	cop_id id;               /**< the action's id */
	cop_id community_id;     /**< nil: store-wide */
	int kind;                /**< cop_modaction_kind */
	cop_id actor_id;         /**< nil: the system */
	cop_id member_id;        /**< nil: the action is on a contribution */
	cop_id object_id;        /**< the contribution; nil for a member */
	char *reason;            /**< "" when none given */
	cop_time start;          /**< when it was taken, and took effect */
	cop_time until;          /**< 0: no end */
	cop_time lifted;         /**< 0: not lifted */
} cop_modaction_rec;

/** A moderation log: a community's actions (or the store-wide ones,
 *  community nil), newest first: keyset order [start desc, id desc],
 *  starting strictly after (after_start, after_id) when has_after. */
typedef struct cop_modaction_query {
	cop_id community;        /**< the community */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	cop_time after_start;    /**< the cursor's time */
	cop_id after_id;         /**< the cursor's id, the last tie-break */
	unsigned int limit;      /**< 0: no limit */
} cop_modaction_query;

/* What cop_backend_moderation.action_force() reports (bits). */
#define COP_MOD_SUSPENDED 0x1u   /**< a suspension is in force */
#define COP_MOD_SILENCED 0x2u    /**< a silence in the community is */
/** The member is erased (COP_MEMBER_DELETED); only with COP_MOD_KNOWN. */
#define COP_MOD_ERASED 0x4u
/** The member's erasure was read with the rest (COP_MOD_ERASED says
 *  it), inside the write transaction and so that it holds until the
 *  transaction ends (the store's one writer, or the member's row locked):
 *  the core then does not read the member again to refuse an erased
 *  actor's write.  Optional: without it the core reads the member. */
#define COP_MOD_KNOWN 0x8u

/** The methods of cop_backend_moderation this library knows. */
#define COP_BACKEND_MODERATION_VERSION 2

/**
 * Moderation storage (cop_backend.moderation, interface version 5).
 * Every method of its version is required in a table a backend hands
 * out; a backend without moderation storage has no table (NULL), and the
 * flag API then gives COP_ENOTSUP.  The core reads the table's version
 * before it calls a version-2 method: a table of version 1 has no
 * moderation actions, and the moderation API (moderation.h) gives
 * COP_ENOTSUP (and nobody is suspended, silenced or hidden).  Records'
 * strings: as for the core records (the caller's to free with
 * cop_rec_clear(COP_REC_FLAG or COP_REC_MODACTION, ...)).
 */
typedef struct cop_backend_moderation {
	/** COP_BACKEND_MODERATION_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  Store a new flag, every field as given.  COP_EEXISTS
	 *  when its id is taken or its flagger flagged that contribution
	 *  already. */
	int (*flag_insert)(cop_backend *be, const cop_flag_rec *flag);
	/** Version 1.  Read flag @p id into @p out (the caller owns its
	 *  strings).  COP_ENOTFOUND when there is none. */
	int (*flag_get)(cop_backend *be, const cop_id *id, cop_flag_rec *out);
	/** Version 1.  Whether @p flagger has flagged @p contribution:
	 *  *found 1 or 0. */
	int (*flag_find)(cop_backend *be, const cop_id *contribution,
	                 const cop_id *flagger, int *found);
	/** Version 1.  Resolve flag @p id if it is open: its state becomes
	 *  @p state, its resolver @p resolver (NULL or nil: none), its
	 *  resolved time @p resolved.  COP_ENOTFOUND when there is no open
	 *  flag with that id (nothing changes then). */
	int (*flag_resolve)(cop_backend *be, const cop_id *id, int state,
	                    const cop_id *resolver, cop_time resolved);
	/** Version 1.  Start listing the flags @p q selects: *out receives an
	 *  iterator whose next() fills cop_flag_rec records, owned by the
	 *  caller (it->free()); their strings are the caller's unless the
	 *  iterator lends them (COP_BACKEND_ITER_BORROWED). */
	int (*flag_list)(cop_backend *be, const cop_flag_query *q,
	                 cop_backend_iter **out);

	/* ---- version 2: moderation actions ---- */

	/** Version 2.  Store a new moderation action, every field as given
	 *  (the reason borrowed for the call).  COP_EEXISTS when its id is
	 *  taken. */
	int (*action_insert)(cop_backend *be, const cop_modaction_rec *a);
	/** Version 2.  Lift the actions of @p kind on @p member in
	 *  @p community (NULL or nil: store-wide) that are in force at
	 *  @p now (start <= now, until 0 or above now, not lifted): their
	 *  lifted becomes @p now.  *count receives how many were lifted
	 *  (0: none, nothing changed). */
	int (*action_lift)(cop_backend *be, const cop_id *member,
	                   const cop_id *community, int kind, cop_time now,
	                   unsigned int *count);
	/** Version 2.  What is in force on @p member at @p now: *out
	 *  receives COP_MOD_SUSPENDED when a suspension is, and
	 *  COP_MOD_SILENCED when a silence in @p community (NULL or nil:
	 *  none asked) is; 0 when neither.  It may add COP_MOD_KNOWN (and
	 *  COP_MOD_ERASED when the member is erased). */
	int (*action_force)(cop_backend *be, const cop_id *member,
	                    const cop_id *community, cop_time now,
	                    unsigned int *out);
	/** Version 2.  Start listing the moderation log @p q selects: *out
	 *  receives an iterator of cop_modaction_rec records, owned by the
	 *  caller (it->free()), strings as flag_list()'s. */
	int (*action_list)(cop_backend *be, const cop_modaction_query *q,
	                   cop_backend_iter **out);
} cop_backend_moderation;

/* ---- funding (version 7) ---------------------------------------------------
 *
 * A community's funding ledger and its members' hours given
 * (libcop/funding.c).  Tables:
 *  fund (id, community_id, kind, amount, currency, day, counterparty,
 *        note, event_id, received, actor_id, created): kind a
 *        cop_fund_kind, amount in minor units (above 0), currency an
 *        ISO 4217 code, day and received dates as YYYYMMDD (received 0:
 *        not received; only pledges are received), event nil: none;
 *  fund_total (community_id, currency, month, kind, amount): the sum of
 *        the amounts of each kind dated in each month (YYYYMM), the
 *        pledges received counted again as COP_FUND_SUM_RECEIVED in the
 *        month they were received, kept by the core in the transaction
 *        of each write;
 *  fund_config (community_id, visibility): who sees the ledger (absent:
 *        0, facilitators and owners);
 *  hours (community_id, month, member_id, minutes, note, reporter_id,
 *        changed): the hours a member gave in a month, keyed by
 *        (community, month, member).
 */

/** A ledger entry (key: id). */
typedef struct cop_fund_rec {
	cop_id id;               /**< the entry's id */
	cop_id community_id;     /**< its community */
	int kind;                /**< cop_fund_kind */
	int64_t amount;          /**< minor units, above 0 */
	char *currency;          /**< ISO 4217 code */
	int64_t day;             /**< YYYYMMDD */
	char *counterparty;      /**< "" when none */
	char *note;              /**< "" when none */
	cop_id event_id;         /**< nil: none */
	int64_t received;        /**< YYYYMMDD, 0: not received */
	cop_id actor_id;         /**< who wrote it, nil: the system */
	cop_time created;        /**< when it was recorded */
} cop_fund_rec;

/** What the totals count beyond the entries' kinds: pledges received,
 *  by the month (day) they were received. */
#define COP_FUND_SUM_RECEIVED 4

/** A sum of amounts of one currency and kind (a row of sums() and
 *  day_sums()); first: the earliest month (sums) or day (day_sums). */
typedef struct cop_fund_sum_rec {
	char *currency;          /**< ISO 4217 code */
	int kind;                /**< cop_fund_kind or COP_FUND_SUM_RECEIVED */
	int64_t amount;          /**< the sum, in the currency's minor units */
	int64_t first;           /**< the earliest month (sums) or day (day_sums) */
} cop_fund_sum_rec;

/** A community's entries, newest first: keyset order [day desc, id
 *  desc], starting strictly after (after_day, after_id) when has_after. */
typedef struct cop_fund_query {
	cop_id community;        /**< the community */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	int64_t after_day;       /**< the cursor's day */
	cop_id after_id;         /**< the cursor's id, the last tie-break */
	unsigned int limit;      /**< 0: no limit */
} cop_fund_query;

/** The hours a member gave in a month (key: community, month, member). */
typedef struct cop_hours_rec {
	cop_id community_id;     /**< the community */
	int64_t month;           /**< YYYYMM */
	cop_id member_id;        /**< who gave them */
	int64_t minutes;         /**< 0 to 744 hours */
	char *note;              /**< "" when none */
	cop_id reporter_id;      /**< who reported them, nil: the system */
	cop_time changed;        /**< when they were last reported */
} cop_hours_rec;

/** What hours_rows() groups by. */
enum {
	COP_HOURS_ROWS_TOTAL = 0,     /**< one row: the community */
	COP_HOURS_ROWS_MEMBER = 1,    /**< a row a member [handle] */
	COP_HOURS_ROWS_ORG = 2        /* a row an organisation [name] */
};

/** A row of the hours figures: pledged, the sum of the pledged hours a
 *  month of the active and silenced memberships; minutes, the minutes
 *  given over the months asked.  By member: the member's id, handle and
 *  organisation (NULL: none), the members who pledged or gave; by
 *  organisation: the organisation ("" for the members without one),
 *  member nil, handle NULL; in total: member nil, handle and
 *  organisation NULL. */
typedef struct cop_hours_row_rec {
	cop_id member_id;        /**< by member: the member; else nil */
	char *handle;            /**< by member: the handle; else NULL */
	char *organisation;      /**< the organisation (see above) */
	int64_t pledged;         /**< pledged hours a month (see above) */
	int64_t minutes;         /**< minutes given over the months asked */
} cop_hours_row_rec;

/** The methods of cop_backend_funding this library knows. */
#define COP_BACKEND_FUNDING_VERSION 2

/**
 * Funding storage (cop_backend.funding, interface version 7): every
 * method required in a table a backend hands out; a backend without one
 * has no table (NULL), and the funding API (funding.h) gives
 * COP_ENOTSUP.  The rules (who writes, what a total counts) are the
 * core's; the table stores and sums.  Records' strings: as for the core
 * records (cop_rec_clear(COP_REC_FUND ... COP_REC_HOURS_ROW, ...)).
 */
typedef struct cop_backend_funding {
	/** COP_BACKEND_FUNDING_VERSION when the table was written. */
	unsigned int version;
	/** Store a new ledger entry, every field as given.  COP_EEXISTS when
	 *  its id is taken. */
	int (*entry_insert)(cop_backend *be, const cop_fund_rec *e);
	/** Read entry @p id into @p out (the caller owns its strings).
	 *  COP_ENOTFOUND when there is none. */
	int (*entry_get)(cop_backend *be, const cop_id *id, cop_fund_rec *out);
	/** Mark pledge @p id received on @p day (YYYYMMDD) if it is a pledge
	 *  not yet received; COP_ENOTFOUND (nothing changes) else. */
	int (*entry_receive)(cop_backend *be, const cop_id *id, int64_t day);
	/** Start listing the entries @p q selects: *out receives an iterator
	 *  of cop_fund_rec, owned by the caller (it->free()), strings as
	 *  cop_backend_moderation.flag_list()'s. */
	int (*entry_list)(cop_backend *be, const cop_fund_query *q,
	                  cop_backend_iter **out);
	/** Add @p amount (may be negative) to the total of (@p community,
	 *  @p currency, @p month YYYYMM, @p kind), made at 0 when absent. */
	int (*total_add)(cop_backend *be, const cop_id *community,
	                 const char *currency, int64_t month, int kind,
	                 int64_t amount);
	/** Start reading the totals of @p community for the months from
	 *  @p from to @p to (YYYYMM, both included), summed by currency and
	 *  kind: an iterator of cop_fund_sum_rec [currency, kind], first the
	 *  earliest month with a total. */
	int (*sums)(cop_backend *be, const cop_id *community, int64_t from,
	            int64_t to, cop_backend_iter **out);
	/** The same from the entries themselves for the days from @p from to
	 *  @p to (YYYYMMDD): by their day, and the pledges received then as
	 *  kind COP_FUND_SUM_RECEIVED by their received day; first the
	 *  earliest day. */
	int (*day_sums)(cop_backend *be, const cop_id *community,
	                int64_t from, int64_t to, cop_backend_iter **out);
	/** Who sees @p community's ledger into *out (a
	 *  cop_fund_visibility; 0 when never set). */
	int (*config_get)(cop_backend *be, const cop_id *community, int *out);
	/** Set it. */
	int (*config_set)(cop_backend *be, const cop_id *community,
	                  int visibility);
	/** Store @p h, replacing the row with its key. */
	int (*hours_set)(cop_backend *be, const cop_hours_rec *h);
	/** Read the row (@p community, @p month, @p member) into @p out.
	 *  COP_ENOTFOUND when there is none. */
	int (*hours_get)(cop_backend *be, const cop_id *community,
	                 int64_t month, const cop_id *member,
	                 cop_hours_rec *out);
	/** Start reading the hours figures of @p community for the months
	 *  from @p from to @p to (YYYYMM), grouped by @p by
	 *  (COP_HOURS_ROWS_*): an iterator of cop_hours_row_rec. */
	int (*hours_rows)(cop_backend *be, const cop_id *community,
	                  int64_t from, int64_t to, int by,
	                  cop_backend_iter **out);
	/* ---- version 2 ---- */
	/** As hours_rows() by member (COP_HOURS_ROWS_MEMBER), for @p viewer:
	 *  no row names a member the viewer may not see (visibility.h's
	 *  member rule, COP_SQL_MEMBER_SEEN), whose hours the totals keep. */
	int (*hours_rows_seen)(cop_backend *be, const cop_id *community,
	                       int64_t from, int64_t to, const cop_id *viewer,
	                       cop_backend_iter **out);
} cop_backend_funding;
/* ---- digests (version 7) ---------------------------------------------------
 *
 * A digest (include/cop/digest.h) is made of sections, each a listing of
 * what happened in one community in a period [since, until) of the
 * store's clock, as a viewer sees it (visibility.h's rule, applied where
 * the rows are selected).  Table: digest_sent (member_id, sent_until,
 * marked): the end of the last digest marked as sent to a member.
 */

/** A digest's sections, in the order they are shown. */
typedef enum cop_digest_section_kind {
	COP_DG_THREADS = 0,      /**< threads created in the period */
	COP_DG_UNANSWERED = 1,   /**< questions created in it, not answered
	                            nor closed */
	COP_DG_ACCEPTED = 2,     /**< answers accepted in it */
	COP_DG_HELPFUL = 3,      /**< contributions by score gained in it */
	COP_DG_SUMMARIES = 4,    /**< summaries created or revised in it */
	COP_DG_KUDOS = 5,        /**< kudos given in it */
	COP_DG_BADGES = 6,       /**< badges awarded in it */
	COP_DG_SECTIONS = 7      /* how many the backend gives */
} cop_digest_section_kind;

/** A row of a digest's section.  Which fields a section fills: */
typedef struct cop_digest_rec {
	int section;             /**< cop_digest_section_kind */
	cop_id community_id;     /**< the community */
	char *community_slug;    /**< its slug */
	cop_id thread_id;        /**< nil for kudos and badges on no thread */
	cop_id contribution_id;  /**< the answer, the helpful contribution, the
	                            summary, the kudos' or badge's; else nil */
	cop_id member_id;        /**< who it is about: the thread's or the
	                            contribution's author, the kudos'
	                            recipient, the badge's holder; nil: the
	                            system */
	char *member_handle;     /**< NULL when member_id is nil or erased */
	cop_id actor_id;         /**< who acted on it: the acceptor, the kudos'
	                            giver; nil otherwise */
	char *actor_handle;      /**< NULL when actor_id is nil or erased */
	char *title;             /**< the thread's title, NULL without a thread */
	char *language;          /**< the thread's or contribution's, or NULL */
	char *text;              /**< a summary's body, a kudos' message, or
	                            NULL */
	cop_time time;           /**< when it happened (created, accepted,
	                            revised, given, awarded; for helpful
	                            contributions the last vote counted) */
	int64_t points;          /**< threads: contributions; accepted and
	                            helpful: the score (helpful: gained in
	                            the period); summaries: the revision */
	int badge;               /**< badges: cop_badge (-1: named) */
	char *badge_name;        /**< badges: a named badge's name, else NULL */
} cop_digest_rec;

/** One section's rows: the community's, as @p viewer (NULL: the system)
 *  sees them, of the period [since, until), at most @p limit (0: no
 *  limit), in the section's order (time, then id; helpful contributions
 *  by points gained, highest first, then id). */
typedef struct cop_digest_query {
	int section;             /**< cop_digest_section_kind */
	cop_id community;        /**< the community */
	const cop_id *viewer;    /**< NULL: the system */
	cop_time since;          /**< the period's start (included) */
	cop_time until;          /**< its end (excluded) */
	unsigned int limit;      /**< 0: no limit */
	int weights[4];          /**< helpful: what a vote of kind 0 to 3 adds
	                            to a score (the core's rule) */
} cop_digest_query;

/** The methods of cop_backend_digest this library knows. */
#define COP_BACKEND_DIGEST_VERSION 1

/**
 * Digest storage (cop_backend.digest, interface version 7).  Every
 * method is required in a table a backend hands out; no table (NULL):
 * the digest API gives COP_ENOTSUP.
 */
typedef struct cop_backend_digest {
	/** COP_BACKEND_DIGEST_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  Start listing the rows of @p q: *out receives an
	 *  iterator of cop_digest_rec records, owned by the caller
	 *  (it->free()); strings as cop_backend_moderation's flag_list().
	 *  COP_ENOTSUP for an unknown section. */
	int (*section)(cop_backend *be, const cop_digest_query *q,
	               cop_backend_iter **out);
	/** Version 1.  Start listing the communities @p member sees as a
	 *  member (membership active or silenced), by slug: *out receives an
	 *  iterator of cop_digest_rec with only community_id,
	 *  community_slug and language (the community's) filled, owned by
	 *  the caller. */
	int (*communities)(cop_backend *be, const cop_id *member,
	                   cop_backend_iter **out);
	/** Version 1.  The end of the last digest marked as sent to
	 *  @p member into *until: COP_ENOTFOUND when none was. */
	int (*sent_get)(cop_backend *be, const cop_id *member,
	                cop_time *until);
	/** Version 1.  Record that @p member's digest up to @p until was
	 *  sent at @p marked (replacing what was recorded). */
	int (*sent_put)(cop_backend *be, const cop_id *member, cop_time until,
	                cop_time marked);
} cop_backend_digest;
/* ---- facilitation (version 7) -------------------------------------------------
 *
 * The facilitator's queue (libcop/facilitation.c, facilitation.h): what
 * needs doing in a community, oldest first.  Table:
 *  queue_threshold (community_id, kind, seconds), keyed by (community_id,
 *        kind): a community's thresholds where they differ from the
 *        defaults (the core keeps the defaults).
 * The queue itself is read from the core tables (threads, contributions,
 * memberships, members, flags) and the events'; its rules are the
 * core's, given to the backend as cutoffs.
 */

/** Kinds of the queue's items (facilitation.h's cop_queue_kind). */
#define COP_QUEUE_KINDS_STORED 8   /* kinds 0-7 (7: events) */
/** The methods of cop_backend_facilitation this library knows (2: all of
 * a community's queue thresholds in one read, and the health scorecard's
 * thresholds, table health_threshold (community_id, indicator, good,
 * poor) keyed by (community_id, indicator), the bounds in millionths; a
 * community's where it set them, the core keeping the defaults). */
#define COP_BACKEND_FACILITATION_VERSION 2

/** An item of the facilitator's queue. */
typedef struct cop_queue_rec {
	int kind;                /**< cop_queue_kind */
	cop_id object_id;        /**< a thread (kinds 0-2), a member (3, 5, 6),
	                            a flag (4) */
	cop_time since;          /**< when it started waiting */
	int64_t waited;          /**< ignored by backends (0): the seconds from
	                            since to the listing's time, filled by the
	                            core */
} cop_queue_rec;

/**
 * A page of a community's queue.  cutoff[k] is the latest time an item
 * of kind k may have started waiting to be listed (the store's time less
 * the community's threshold for k); the rules of each kind are in
 * docs/facilitation.md and the SQL backends' statement.  Keyset order
 * [since asc, kind asc, object_id asc], strictly after (after_since,
 * after_kind, after_id) when has_after.  Hidden threads and
 * contributions, and erased members, are never listed.
 */
typedef struct cop_queue_query {
	cop_id community;        /**< the community */
	cop_time cutoff[COP_QUEUE_KINDS_STORED]; /**< per stored kind: the latest start of waiting listed (see above) */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	cop_time after_since;    /**< the cursor's since */
	int after_kind;          /**< the cursor's kind */
	cop_id after_id;         /**< the cursor's id, the last tie-break */
	unsigned int limit;      /**< 0: no limit */
} cop_queue_query;

/**
 * Facilitation storage (cop_backend.facilitation, interface version 7),
 * of version COP_BACKEND_FACILITATION_VERSION (above), each method of
 * its version required (the core reads thresholds_get only from a table
 * of version 2); without it (NULL) the queue, its thresholds and summary
 * coverage give COP_ENOTSUP.
 */
typedef struct cop_backend_facilitation {
	/** COP_BACKEND_FACILITATION_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  The threshold of queue kind @p kind in @p community
	 *  into *seconds.  COP_ENOTFOUND when none is stored. */
	int (*threshold_get)(cop_backend *be, const cop_id *community,
	                     int kind, int64_t *seconds);
	/** Version 1.  Store the threshold of @p kind in @p community
	 *  (replacing one stored before). */
	int (*threshold_put)(cop_backend *be, const cop_id *community,
	                     int kind, int64_t seconds);
	/** Version 1.  Start listing the queue @p q selects: *out receives
	 *  an iterator of cop_queue_rec records, owned by the caller
	 *  (it->free()). */
	int (*queue_list)(cop_backend *be, const cop_queue_query *q,
	                  cop_backend_iter **out);
	/** Version 1.  Summary coverage in @p community: of its discussions
	 *  that are closed or whose last activity is at or before
	 *  @p idle_cutoff, hidden ones only when @p hidden_too (the core
	 *  decides, by visibility.h's rule, whether the viewer sees them),
	 *  *total receives how many there are and *covered how many of them
	 *  have a summary. */
	int (*coverage)(cop_backend *be, const cop_id *community,
	                int hidden_too, cop_time idle_cutoff,
	                int64_t *total, int64_t *covered);
	/** Version 2.  Every threshold stored for @p community at once:
	 *  seconds[k] receives kind k's, for k below @p n, or -1 where none
	 *  is stored (so a page of the queue reads its thresholds in one
	 *  statement, not one a kind). */
	int (*thresholds_get)(cop_backend *be, const cop_id *community,
	                      int64_t *seconds, unsigned int n);
	/** Version 2.  The health scorecard's thresholds of @p indicator
	 *  (its name) in @p community into *good and *poor (millionths).
	 *  COP_ENOTFOUND when none are stored. */
	int (*health_get)(cop_backend *be, const cop_id *community,
	                  const char *indicator, int64_t *good, int64_t *poor);
	/** Version 2.  Store them (replacing those stored before). */
	int (*health_put)(cop_backend *be, const cop_id *community,
	                  const char *indicator, int64_t good, int64_t poor);
	/** Version 2.  Forget those of @p indicator in @p community, or of
	 *  every indicator when @p indicator is NULL (none stored: COP_OK). */
	int (*health_del)(cop_backend *be, const cop_id *community,
	                  const char *indicator);
} cop_backend_facilitation;

/* ---- links between threads (version 5) -------------------------------------
 *
 * Table: link (community_id, thread_id, target_id, kind, created), keyed
 * by (thread_id, target_id); kind a cop_link_kind.
 */

/** A link from a thread to a target thread of the same community. */
typedef struct cop_link_rec {
	cop_id thread_id;        /**< the linking thread */
	cop_id target_id;        /**< the thread it links to */
	int kind;                /**< cop_link_kind */
	cop_time created;        /**< when it was linked */
	cop_id community_id;     /**< written; may be nil when read */
} cop_link_rec;

/** The methods of cop_backend_links this library knows. */
#define COP_BACKEND_LINKS_VERSION 1

/**
 * Link storage (cop_backend.links, interface version 5).  Every method is
 * required in a table a backend hands out; no table (NULL): the link API
 * gives COP_ENOTSUP.
 */
typedef struct cop_backend_links {
	/** COP_BACKEND_LINKS_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  Store a new link, every field as given.  COP_EEXISTS
	 *  when the thread links to that target already. */
	int (*link_insert)(cop_backend *be, const cop_link_rec *link);
	/** Version 1.  Read the link from @p thread to @p target into @p out.
	 *  COP_ENOTFOUND when there is none. */
	int (*link_get)(cop_backend *be, const cop_id *thread,
	                const cop_id *target, cop_link_rec *out);
	/** Version 1.  Start listing @p thread's links in target order,
	 *  strictly after @p after (NULL: from the first), at most @p limit
	 *  (0: no limit): *out receives an iterator of cop_link_rec, owned
	 *  by the caller (it->free()). */
	int (*link_list)(cop_backend *be, const cop_id *thread,
	                 const cop_id *after, unsigned int limit,
	                 cop_backend_iter **out);
} cop_backend_links;

/* ---- import sources (version 5) --------------------------------------------
 *
 * What an import came from, so that importing again changes nothing.
 * Table: source (community_id, kind, source_id, object_id), keyed by
 * (community_id, kind, source_id); kind the importer's (libcop/import_se.h),
 * source_id the id in the imported data, as text.
 */

/** The methods of cop_backend_sources this library knows. */
#define COP_BACKEND_SOURCES_VERSION 1

/**
 * Import-source storage (cop_backend.sources, interface version 5).  Every
 * method is required in a table a backend hands out; no table (NULL):
 * the importers give COP_ENOTSUP.
 */
typedef struct cop_backend_sources {
	/** COP_BACKEND_SOURCES_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  The object imported from (@p community, @p kind,
	 *  @p source_id) into *object.  COP_ENOTFOUND when none was. */
	int (*source_get)(cop_backend *be, const cop_id *community, int kind,
	                  const char *source_id, cop_id *object);
	/** Version 1.  Remember that (@p community, @p kind, @p source_id)
	 *  became @p object.  COP_EEXISTS when that source is known. */
	int (*source_insert)(cop_backend *be, const cop_id *community, int kind,
	                     const char *source_id, const cop_id *object);
} cop_backend_sources;

/* ---- recognition (version 6) -----------------------------------------------
 *
 * Votes, accepted answers, kudos, the reputation ledger, standings, period
 * totals and leaderboards, badges, a community's configuration, and the
 * reads of cop_verify() (libcop/recognition/).
 */

/** A vote (key: id; unique (contribution_id, voter_id)). */
typedef struct cop_vote_rec {
	cop_id id;               /**< the vote's id */
	cop_id community_id;     /**< its community */
	cop_id contribution_id;  /**< the contribution voted on */
	cop_id voter_id;         /**< nil: the system, or an erased voter */
	cop_id author_id;        /**< the contribution's author; nil: none */
	int kind;                /**< cop_vote_kind; -1: retracted */
	int rep_author;          /**< points the vote gave its author */
	int rep_voter;           /**< points it gave its voter */
	cop_time created;        /**< when it was cast */
	cop_time changed;        /**< when its kind last changed */
} cop_vote_rec;

/** A thread's accepted answer (key: thread_id). */
typedef struct cop_accept_rec {
	cop_id thread_id;        /**< the thread */
	cop_id community_id;     /**< its community */
	cop_id contribution_id;  /**< nil: none accepted any more */
	cop_id author_id;        /**< the answer's author */
	cop_id acceptor_id;      /**< who accepted it; nil: the system */
	int rep_author;          /**< points it gave the answer's author */
	int rep_acceptor;        /**< points it gave the acceptor */
	cop_time created;        /**< when it was accepted */
} cop_accept_rec;

/** Kudos from one member to another (key: id). */
typedef struct cop_kudos_rec {
	cop_id id;               /**< the kudos' id */
	cop_id community_id;     /**< its community */
	cop_id from_id;          /**< nil: the system or an erased member */
	cop_id to_id;            /**< the recipient */
	cop_id contribution_id;  /**< nil: for no contribution */
	char *message;           /**< "" when none */
	cop_time created;        /**< when they were given */
} cop_kudos_rec;

/** A reputation ledger entry (key: id). */
typedef struct cop_ledger_rec {
	cop_id id;               /**< the entry's id */
	cop_id community_id;     /**< its community */
	cop_id member_id;        /**< whose reputation it changes */
	int64_t points;          /**< applied, after caps and the floor */
	int64_t nominal;         /**< before them */
	int reason;              /**< cop_rep_reason */
	cop_id object_id;        /**< nil: none */
	cop_id actor_id;         /**< nil: the system */
	cop_time time;           /**< when */
	char *tags;              /**< the thread's tags then, "" when none */
} cop_ledger_rec;

/** A member's standing in a community (key: community_id, member_id). */
typedef struct cop_standing_rec {
	cop_id community_id;     /**< the community */
	cop_id member_id;        /**< the member */
	int64_t reputation;      /**< the member's reputation there */
	int64_t cap_day;         /**< the day (days since the epoch) of cap_used */
	int64_t cap_used;        /**< capped points earned that day */
	int trust;               /**< cop trust level 0-4 */
	int trust_manual;        /**< 1: set by a facilitator */
	int days_active;         /**< days with activity (for trust levels) */
	int64_t last_day;        /**< the last day active */
	/** The counters trust levels read: posts, likes given and received, kudos received, accepted answers, posts read. @{ */
	int posts, likes_given, likes_received, kudos_received, accepted;
	int posts_read;
	/** @} */
} cop_standing_rec;

/** A badge awarded (key: id; unique (community_id, member_id, badge,
 *  object_id)). */
typedef struct cop_badge_rec {
	cop_id id;               /**< the award's id */
	cop_id community_id;     /**< its community */
	cop_id member_id;        /**< the holder */
	int badge;               /**< cop_badge, or COP_BADGE_NAMED (-1) */
	cop_id object_id;        /**< never nil: the contribution of a per-object
	                            badge, else the member's own id (a named
	                            badge: its own id) */
	cop_time awarded;        /**< when it was awarded */
	char *name;              /**< a named (imported) badge's name; NULL: none */
	int badge_class;         /**< a named badge's cop_badge_class (bronze is
	                            0); stored NULL for the others, which the
	                            export's scans give as -1 and the
	                            recognition listings as 0 */
} cop_badge_rec;

/** A member's points in one period total (key: community_id, period,
 *  start, tag, member_id). */
typedef struct cop_total_rec {
	cop_id community_id;     /**< the community */
	int period;              /**< cop_period */
	cop_time start;          /**< the period's start (cop_period_start()) */
	char *tag;               /**< one tag, or "" for the whole community */
	cop_id member_id;        /**< the member */
	int64_t points;          /**< their points in the period */
} cop_total_rec;

/** A row of a leaderboard (board()). */
typedef struct cop_leader_rec {
	cop_id member_id;        /**< the member */
	int64_t points;          /**< their points */
	char *handle;            /**< the member's handle */
} cop_leader_rec;

/** A contribution whose stored score differs from its votes'
 *  (verify_scores()). */
typedef struct cop_score_check_rec {
	cop_id contribution_id;  /**< the contribution */
	int64_t score;           /**< stored */
	int64_t expected;        /**< the sum of its votes' weights */
} cop_score_check_rec;

/** A standing whose reputation differs from its ledger's
 *  (verify_reputation()). */
typedef struct cop_rep_check_rec {
	cop_id member_id;        /**< the member */
	int64_t reputation;      /**< stored */
	int64_t ledger;          /**< the sum of the member's ledger (without the
	                            initial reputation) */
} cop_rep_check_rec;

/** A standing whose counters differ from the facts (verify_counts()).
 *  Both arrays in the order posts, likes_given, likes_received,
 *  kudos_received, accepted. */
typedef struct cop_counts_check_rec {
	cop_id member_id;        /**< the member */
	int stored[5];           /**< the standing's counters */
	int counted[5];          /**< from the contributions, votes of kinds up,
	                            helpful and thanks, kudos and accepted
	                            answers */
} cop_counts_check_rec;

/** An authored contribution scoring high enough for a score badge
 *  (verify_high_scores()). */
typedef struct cop_high_score_rec {
	cop_id contribution_id;  /**< the contribution */
	cop_id author_id;        /**< its author */
	int score;               /**< its score */
	int kind;                /**< the contribution's cop_contribution_kind */
	int thread_kind;         /**< its thread's cop_thread_kind */
} cop_high_score_rec;

/**
 * A member's rows of one kind in a community (kudos received, ledger
 * entries, badges), newest first: keyset order [time desc, id desc] (the
 * time is created, time or awarded), starting strictly after
 * (after_time, after_id) when has_after is set.
 */
typedef struct cop_recognition_query {
	cop_id community;        /**< the community */
	cop_id member;           /**< the member */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	cop_time after_time;     /**< the cursor's time */
	cop_id after_id;         /**< the cursor's id, the last tie-break */
	unsigned int limit;      /**< 0: no limit */
	/** Table version 2: the reader, NULL for the system.  Rows on a
	 *  thread or a contribution hidden from the reader (a kudos for a
	 *  hidden reply, a ledger entry or badge for a vote or answer in a
	 *  hidden thread) are left out; the system sees them all. */
	const cop_id *viewer;
} cop_recognition_query;

/**
 * A community's whole ledger in keyset order [member_id asc, time asc,
 * id asc], starting strictly after (after_member, after_time, after_id)
 * when has_after is set.
 */
typedef struct cop_ledger_scan_query {
	cop_id community;        /**< the community */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	cop_id after_member;     /**< the cursor's member */
	cop_time after_time;     /**< the cursor's time */
	cop_id after_id;         /**< the cursor's id, the last tie-break */
	unsigned int limit;      /**< 0: no limit */
} cop_ledger_scan_query;

/**
 * A leaderboard: the totals of one period (its start) and tag in a
 * community, in keyset order [points desc, member_id asc], starting
 * strictly after (after_points, after_member) when has_after is set.
 */
typedef struct cop_board_query {
	cop_id community;        /**< the community */
	int period;              /**< cop_period */
	cop_time start;          /**< the period's start */
	const char *tag;         /**< one tag, or "" (borrowed for the call) */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	int64_t after_points;    /**< the cursor's points */
	cop_id after_member;     /**< the cursor's member */
	unsigned int limit;      /**< 0: no limit */
	/** Table version 3: the reader, NULL for the system.  A member the
	 *  reader may not see (visibility.h, COP_SQL_MEMBER_SEEN: one who
	 *  left, was erased, or is banned, to anyone but the moderators)
	 *  is left off the board. */
	const cop_id *viewer;
} cop_board_query;

/** The methods of cop_backend_recognition this library knows.  Version 2
 *  adds no method: its member listings read cop_recognition_query.viewer.
 *  Version 3 adds none either: its board reads cop_board_query.viewer.
 *  Version 4 adds ledger_standings. */
#define COP_BACKEND_RECOGNITION_VERSION 4

/**
 * Recognition storage (cop_backend.recognition, interface version 6).
 * Every method is required in a table a backend hands out; no table
 * (NULL): the recognition API gives COP_ENOTSUP.  Records given to a
 * method are borrowed for the call; strings in records a method fills in
 * (a get, an iterator's next()) are the caller's to free with
 * cop_rec_clear() of the record's kind, unless the iterator lends them
 * (COP_BACKEND_ITER_BORROWED).  Listings give iterators owned by the
 * caller (it->free()).  The domain rules (weights, caps, which badges are
 * due) are the core's: these methods select and store.
 */
typedef struct cop_backend_recognition {
	/** COP_BACKEND_RECOGNITION_VERSION when the table was written. */
	unsigned int version;

	/** Version 1.  Read @p voter's vote on @p contribution (retracted
	 *  ones too) into @p out.  COP_ENOTFOUND when there is none. */
	int (*vote_get)(cop_backend *be, const cop_id *contribution,
	                const cop_id *voter, cop_vote_rec *out);
	/** Version 1.  Store @p vote: a new one, or, when a vote with its id
	 *  exists, its kind, rep_author, rep_voter and changed replace that
	 *  vote's (the rest stays).  COP_EEXISTS when a new vote's voter has
	 *  a vote on that contribution already. */
	int (*vote_put)(cop_backend *be, const cop_vote_rec *vote);
	/** Version 1.  Read @p thread's accepted answer into @p out (its
	 *  contribution nil once unaccepted).  COP_ENOTFOUND when the thread
	 *  never had one. */
	int (*accept_get)(cop_backend *be, const cop_id *thread,
	                  cop_accept_rec *out);
	/** Version 1.  Store the accepted answer of its thread, every field as
	 *  given, replacing the thread's earlier one. */
	int (*accept_put)(cop_backend *be, const cop_accept_rec *accept);
	/** Version 1.  Store new kudos, every field as given.  COP_EEXISTS
	 *  when the id is taken. */
	int (*kudos_insert)(cop_backend *be, const cop_kudos_rec *kudos);
	/** Version 1.  Start listing the kudos q->member received in
	 *  q->community (see cop_recognition_query): *out receives an
	 *  iterator of cop_kudos_rec. */
	int (*kudos_list)(cop_backend *be, const cop_recognition_query *q,
	                  cop_backend_iter **out);
	/** Version 1.  Append a ledger entry, every field as given.
	 *  COP_EEXISTS when the id is taken. */
	int (*ledger_insert)(cop_backend *be, const cop_ledger_rec *entry);
	/** Version 1.  Start listing q->member's ledger entries in
	 *  q->community (see cop_recognition_query): an iterator of
	 *  cop_ledger_rec. */
	int (*ledger_list)(cop_backend *be, const cop_recognition_query *q,
	                   cop_backend_iter **out);
	/** Version 1.  Start a scan of q->community's whole ledger (see
	 *  cop_ledger_scan_query), for rebuilding and checking the period
	 *  totals: an iterator of cop_ledger_rec. */
	int (*ledger_scan)(cop_backend *be, const cop_ledger_scan_query *q,
	                   cop_backend_iter **out);
	/** Version 1.  Read @p member's standing in @p community into @p out.
	 *  COP_ENOTFOUND when the member has none yet. */
	int (*standing_get)(cop_backend *be, const cop_id *community,
	                    const cop_id *member, cop_standing_rec *out);
	/** Version 1.  Store a standing, every field as given, replacing the
	 *  member's earlier one in that community. */
	int (*standing_put)(cop_backend *be, const cop_standing_rec *standing);
	/** Version 1.  Start listing @p community's standings in member_id
	 *  order, strictly after @p after (NULL: from the first), at most
	 *  @p limit (0: no limit): an iterator of cop_standing_rec. */
	int (*standing_list)(cop_backend *be, const cop_id *community,
	                     const cop_id *after, unsigned int limit,
	                     cop_backend_iter **out);
	/** Version 1.  Add total->points to the member's total of that
	 *  community, period, start and tag (a new total starts at 0). */
	int (*total_add)(cop_backend *be, const cop_total_rec *total);
	/** Version 1.  Delete every period total of @p community (before they
	 *  are rebuilt from the ledger). */
	int (*total_clear)(cop_backend *be, const cop_id *community);
	/** Version 1.  Start listing @p member's period totals in
	 *  @p community, in no particular order: an iterator of
	 *  cop_total_rec. */
	int (*total_list)(cop_backend *be, const cop_id *community,
	                  const cop_id *member, cop_backend_iter **out);
	/** Version 1.  Start the leaderboard @p q (see cop_board_query): an
	 *  iterator of cop_leader_rec, the handle from the member. */
	int (*board)(cop_backend *be, const cop_board_query *q,
	             cop_backend_iter **out);
	/** Version 1.  Award a badge unless the member holds it already (the
	 *  same community, badge and object): id, community, member, badge,
	 *  object and awarded stored as given (name and class are for named
	 *  badges, which only the JSON import writes: not stored here).
	 *  *inserted is 1 when the badge was new, 0 when it was held (not an
	 *  error). */
	int (*badge_insert)(cop_backend *be, const cop_badge_rec *badge,
	                    int *inserted);
	/** Version 1.  Start listing q->member's badges in q->community (see
	 *  cop_recognition_query): an iterator of cop_badge_rec. */
	int (*badge_list)(cop_backend *be, const cop_recognition_query *q,
	                  cop_backend_iter **out);
	/** Version 1.  Whether @p member holds @p badge for @p object in
	 *  @p community: *found 1 or 0. */
	int (*badge_find)(cop_backend *be, const cop_id *community,
	                  const cop_id *member, int badge, const cop_id *object,
	                  int *found);
	/** Version 1.  Read @p community's configuration text ("name=value"
	 *  lines) into *body, cop_malloc'd, the caller's to free.
	 *  COP_ENOTFOUND when it has none (the defaults apply). */
	int (*config_get)(cop_backend *be, const cop_id *community, char **body);
	/** Version 1.  Store @p community's configuration text, replacing
	 *  its earlier one. */
	int (*config_put)(cop_backend *be, const cop_id *community,
	                  const char *body);
	/** Version 1.  Add @p delta to @p contribution's score (no
	 *  contribution: no change). */
	int (*score_add)(cop_backend *be, const cop_id *contribution, int delta);
	/** Version 1.  Set @p contribution's score (no contribution: no
	 *  change). */
	int (*score_set)(cop_backend *be, const cop_id *contribution,
	                 int64_t score);
	/** Version 1.  Fill the recognition counts of @p out (votes_up,
	 *  votes_down, accepted_answers, badges_awarded; the rest is left as
	 *  it is) for the whole store (@p community NULL) or one community. */
	int (*stats)(cop_backend *be, const cop_id *community, cop_stats *out);
	/** Version 1.  Start listing @p community's contributions whose score
	 *  differs from the sum of their votes' weights, weights[k] for a vote
	 *  of kind k (0 for a retracted one): an iterator of
	 *  cop_score_check_rec. */
	int (*verify_scores)(cop_backend *be, const cop_id *community,
	                     const int weights[4], cop_backend_iter **out);
	/** Version 1.  Start listing @p community's standings whose
	 *  reputation differs from @p initial plus the sum of the member's
	 *  ledger: an iterator of cop_rep_check_rec. */
	int (*verify_reputation)(cop_backend *be, const cop_id *community,
	                         int64_t initial, cop_backend_iter **out);
	/** Version 1.  Start listing @p community's standings whose counters
	 *  differ from the facts: an iterator of cop_counts_check_rec. */
	int (*verify_counts)(cop_backend *be, const cop_id *community,
	                     cop_backend_iter **out);
	/** Version 1.  Start listing @p community's authored contributions
	 *  scoring at least @p min_score, in id order: an iterator of
	 *  cop_high_score_rec. */
	int (*verify_high_scores)(cop_backend *be, const cop_id *community,
	                          int64_t min_score, cop_backend_iter **out);
	/** Version 4.  Start listing, in member_id order, the standings in
	 *  @p community of the members with a ledger entry there whose
	 *  object is @p object (a thread or a contribution), a contribution
	 *  of it (a thread's contributions; the contribution itself), or a
	 *  vote or kudos on such a contribution: each member once, whatever
	 *  the number of entries (the members whose points a hide or show
	 *  of @p object may change, docs/recognition.md "Hidden content").
	 *  An iterator of cop_standing_rec; none when no entry is there.
	 *  The SQL backends scan the community's ledger (no index by
	 *  object). */
	int (*ledger_standings)(cop_backend *be, const cop_id *community,
	                        const cop_id *object, cop_backend_iter **out);
} cop_backend_recognition;

/* ---- a member's own data (version 6) ---------------------------------------
 *
 * Leaving every community, the communities' erasure policies, and
 * erasing a member's contributions (libcop/privacy.c).  The member
 * export's scans (libcop/privacy_export.c) are not part of it.  Table:
 *  policy (community_id, erasure); erasure a cop_erasure_policy.
 *
 * Erasure with policy "remove" is a rule of the core: it reads the
 * threads a member touched in a community (erase_graph), computes the
 * doomed contributions and threads (docs/privacy.md), and hands their
 * ids to erase_remove, which deletes them and what hangs on them.
 */

/** A contribution's place in its thread, as erasure reads it. */
typedef struct cop_erase_node {
	cop_id id;               /**< nil: a thread without contributions */
	cop_id thread_id;        /**< its thread */
	cop_id thread_author_id; /**< the thread's author; nil: the system */
	cop_id author_id;        /**< nil: the system (or no contribution) */
	cop_id reply_to;         /**< nil: none */
	cop_id translation_of;   /**< nil: none */
} cop_erase_node;

/** The methods of cop_backend_privacy this library knows. */
#define COP_BACKEND_PRIVACY_VERSION 1

/**
 * Member-data storage (cop_backend.privacy, interface version 6).  Every
 * method is required in a table a backend hands out; no table (NULL):
 * the erasure policies and a member's erasure give COP_ENOTSUP.  Every
 * write runs inside the caller's write transaction.
 */
typedef struct cop_backend_privacy {
	/** COP_BACKEND_PRIVACY_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  The communities where @p member has a membership (in
	 *  any status), a contribution, a thread or a standing, each once,
	 *  in ascending id order: *ids receives an array of *n ids,
	 *  allocated with cop_malloc() and owned by the caller (cop_free());
	 *  NULL and 0 when there is none, and on failure. */
	int (*member_communities)(cop_backend *be, const cop_id *member,
	                          cop_id **ids, size_t *n);
	/** Version 1.  Every membership of @p member, in every community,
	 *  becomes COP_MEMBERSHIP_LEFT (its role and dates kept). */
	int (*member_leave)(cop_backend *be, const cop_id *member);
	/** Version 1.  The message of every kudos @p member gave becomes
	 *  @p text (borrowed for the call). */
	int (*kudos_erase)(cop_backend *be, const cop_id *member,
	                   const char *text);
	/** Version 1.  Community @p community's erasure policy into *policy,
	 *  as it was stored.  COP_ENOTFOUND when none is set (*policy is
	 *  then 0, COP_ERASE_ANONYMIZE, the default). */
	int (*policy_get)(cop_backend *be, const cop_id *community,
	                  int *policy);
	/** Version 1.  Set community @p community's erasure policy (insert or
	 *  replace); the core validates @p policy. */
	int (*policy_put)(cop_backend *be, const cop_id *community, int policy);
	/** Version 1.  Every contribution of the threads of community
	 *  @p community that member @p member opened or contributed to, as
	 *  a node, and one node with a nil id for each such thread without
	 *  contributions, ordered by thread id then id (the cascade never
	 *  leaves a thread, so the other threads cannot be doomed): *nodes
	 *  receives an array of *n, allocated with cop_malloc() and owned by
	 *  the caller (cop_free()); NULL and 0 when there is none, and on
	 *  failure.  Hidden threads included. */
	int (*erase_graph)(cop_backend *be, const cop_id *community,
	                   const cop_id *member, cop_erase_node **nodes,
	                   size_t *n);
	/** Version 1.  Remove the @p ncontribs contributions @p contribs and
	 *  the @p nthreads threads @p threads of community @p community (the
	 *  doomed ones the core computed; the arrays borrowed for the call),
	 *  with what hangs on them, in this order:
	 *   - ledger entries whose object is a vote or kudos on a removed
	 *     contribution, the thread of an accepted answer that is removed,
	 *     or a removed thread;
	 *   - badges whose object is a removed contribution;
	 *   - threads whose accepted answer is removed are no longer
	 *     answered (their state, when COP_THREAD_ANSWERED, becomes
	 *     COP_THREAD_OPEN);
	 *   - accepted answers that are removed or of removed threads;
	 *   - votes, kudos, flags and revisions of removed contributions;
	 *   - the threads kept that lose contributions: contribution_count
	 *     and last_activity (the latest created, at least the thread's)
	 *     over the contributions they keep;
	 *   - removed bodies, then removed threads' titles and tags, become
	 *     "" (search indexes forget them);
	 *   - links from or to removed threads;
	 *   - the contributions, then the threads.
	 *  No rule beyond these: the derived recognition data (scores,
	 *  standings, totals) is the core's to recount.  An id of a row
	 *  already gone changes nothing; none (both counts 0) is a no-op. */
	int (*erase_remove)(cop_backend *be, const cop_id *community,
	                    const cop_id *contribs, size_t ncontribs,
	                    const cop_id *threads, size_t nthreads);
} cop_backend_privacy;

/* ---- community export and import (version 6) -------------------------------
 *
 * The scans that the two JSON exports read, a whole community's
 * (libcop/json_export.c, json_sections.c) and a member's own data across
 * every community (libcop/privacy_export.c), both written by
 * libcop/jsonout.c; and the inserts and counters the importers write in
 * bulk (json_sections.c, import_se_rows.c).  A JSON import's links and
 * import sources go through cop_backend_links.link_insert and
 * cop_backend_sources.source_insert.
 */

/** An import source (key: community_id, kind, source_id): see
 *  cop_backend_sources. */
typedef struct cop_source_rec {
	cop_id community_id;     /**< the community imported into */
	int kind;                /**< the importer's kind (libcop/import_se.h) */
	char *source_id;         /**< the id in the imported data, as text */
	cop_id object_id;        /**< what it became */
} cop_source_rec;

/** Whose rows an export scan reads. */
typedef enum cop_export_by {
	/** One community's, for the community export. */
	COP_EXPORT_BY_COMMUNITY = 1,
	/** One member's, across every community, for the member export. */
	COP_EXPORT_BY_MEMBER = 2,
	/** One contribution's (its revisions), for the member export. */
	COP_EXPORT_BY_CONTRIBUTION = 3
} cop_export_by;

/**
 * An export scan: the rows of @c scope (a community, member or
 * contribution, as @c by says) in the scan's keyset order, starting
 * strictly after the bound when @c has_after is set, at most @c limit.
 * Each scan says which bound fields its order uses: an order's id
 * columns are after_id then after_id2, its number after_num, its text
 * after_text.  Scans take no viewer: the core decides what its caller
 * may read.  A community scan with @c all 1 gives every row; with 0 it
 * leaves out hidden threads and what hangs on them (their
 * contributions, revisions, links from or to them, votes, accepted
 * answers, kudos on their contributions, and the ledger entries, badges
 * and import sources whose object is one of those).
 */
typedef struct cop_export_query {
	int by;                  /**< cop_export_by */
	cop_id scope;            /**< the community, member or contribution */
	int all;                 /**< community scans: 1 everything, 0 without
	                            what hangs on hidden threads */
	int has_after;           /**< 0: from the first row */
	cop_id after_id;         /**< the cursor's id */
	cop_id after_id2;        /**< the cursor's second id */
	int64_t after_num;       /**< the cursor's number */
	const char *after_text;  /**< borrowed for the call */
	unsigned int limit;      /**< 0: no limit */
} cop_export_query;

/**
 * An export scan method: start scan @p q.  *out receives an iterator,
 * owned by the caller (it->free()), whose next() fills records of the
 * scan's kind (zeroed first; strings the caller's, cop_rec_clear(),
 * unless the iterator lends them, COP_BACKEND_ITER_BORROWED).  The
 * scope's own id is filled in (a community scan's community_id, a member
 * scan's member); a field the scan does not read stays zero (nil, NULL,
 * 0).  COP_ENOTSUP for a @c by the scan does not have; errors as for
 * list().
 */
typedef int (*cop_export_scan_fn)(cop_backend *be, const cop_export_query *q,
	cop_backend_iter **out);

/** The methods of cop_backend_export this library knows. */
#define COP_BACKEND_EXPORT_VERSION 7

/**
 * Export storage (cop_backend.export, interface version 7).  Every method
 * is required in a table a backend hands out; no table (NULL): the JSON
 * exports and imports give COP_ENOTSUP.  Every method up to
 * revision_bump is version 1 of the table; the member's records of
 * interface version 7 (scan_hours to hours_erase) are version 2, and the
 * core reads them only from a table of that version (a member export
 * from an older table has those sections empty, an erasure keeps the
 * notes of the hours).  scan_tags (interface version 10) is version 3,
 * read only from a table of that version (a community export from an
 * older one has no tags).  scan_history (over the history table of
 * interface version 10) and revision_replaced (interface version 11)
 * are version 4, read and called only on a table of that version (the
 * exports from an older one have their thread_history sections empty;
 * an import through one leaves each revision's editor and note as it
 * wrote them).  thread_add is version 5, called only on a table of
 * that version (an import through an older one bumps each thread once
 * per contribution, thread_bump).  thread_answered is version 6, called
 * only on a table of that version (an accept through an older one
 * rewrites the whole thread, cop_backend.update).  threads_replied is
 * version 7, called only on a table of that version (an import through
 * an older one leaves its threads' replied and has_answer as it
 * inserted them).
 */
typedef struct cop_backend_export {
	/** COP_BACKEND_EXPORT_VERSION when the table was written. */
	unsigned int version;

	/* Scans (cop_export_scan_fn); the order in brackets, then the bound
	 * fields it uses. */

	/** cop_member_rec.  By community: the members with a membership in
	 *  it [id] after_id. */
	cop_export_scan_fn scan_members;
	/** cop_membership_rec (without handle).  By community [member_id]
	 *  after_id; by member [community_id] after_id, with
	 *  community_slug. */
	cop_export_scan_fn scan_memberships;
	/** cop_thread_rec.  By community [id] after_id. */
	cop_export_scan_fn scan_threads;
	/** cop_contribution_rec.  By community [id] after_id; by member (its
	 *  author) [id] after_id, with thread_title for first posts. */
	cop_export_scan_fn scan_contributions;
	/** cop_revision_rec.  By community [contribution_id, number]
	 *  after_id, after_num; by contribution [number] after_num, without
	 *  community_id. */
	cop_export_scan_fn scan_revisions;
	/** cop_link_rec.  By community [thread_id, target_id] after_id,
	 *  after_id2. */
	cop_export_scan_fn scan_links;
	/** cop_vote_rec.  By community [id] after_id; by member (the votes
	 *  it cast) [id] after_id, without author_id and rep_author. */
	cop_export_scan_fn scan_votes;
	/** cop_accept_rec.  By community [thread_id] after_id. */
	cop_export_scan_fn scan_accepts;
	/** cop_kudos_rec.  By community [id] after_id; by member (given or
	 *  received) [id] after_id. */
	cop_export_scan_fn scan_kudos;
	/** cop_ledger_rec.  By community [id] after_id; by member [id]
	 *  after_id. */
	cop_export_scan_fn scan_ledger;
	/** cop_standing_rec.  By community [member_id] after_id; by member
	 *  [community_id] after_id, without cap_day, cap_used and last_day. */
	cop_export_scan_fn scan_standings;
	/** cop_badge_rec (badge_class -1: none).  By community [id] after_id;
	 *  by member [id] after_id. */
	cop_export_scan_fn scan_badges;
	/** cop_source_rec.  By community [kind, object_id, source_id]
	 *  after_num, after_id, after_text. */
	cop_export_scan_fn scan_sources;

	/* Inserts: every field as given, strings borrowed for the call;
	 * COP_EEXISTS when the key (or a unique field) is taken, nothing
	 * written then. */

	/** Store a vote (key id; unique contribution_id and voter_id). */
	int (*vote_insert)(cop_backend *be, const cop_vote_rec *v);
	/** Store a standing (key community_id, member_id). */
	int (*standing_insert)(cop_backend *be, const cop_standing_rec *st);
	/** Store a badge (key id; unique community_id, member_id, badge,
	 *  object_id); badge_class below 0 is stored as none. */
	int (*badge_insert)(cop_backend *be, const cop_badge_rec *b);

	/* Counters an importer keeps while it adds contributions. */

	/** One more contribution in @p thread, its last activity at least
	 *  @p time (the search index is left alone).  COP_OK also when
	 *  there is no such thread (nothing changes). */
	int (*thread_bump)(cop_backend *be, const cop_id *thread, cop_time time);
	/** Contribution @p contribution's revision number goes up by one and
	 *  its edited time to at least @p edited (0: unchanged); *number
	 *  receives the number it had.  COP_ENOTFOUND when there is no such
	 *  contribution. */
	int (*revision_bump)(cop_backend *be, const cop_id *contribution,
	                     cop_time edited, int *number);

	/* Version 2 (interface version 7): a member's records of the
	 * features of version 7, by member only (COP_ENOTSUP otherwise). */

	/** Version 2.  cop_hours_rec: the hours the member gave, by member
	 *  [community_id, month] after_id, after_num. */
	cop_export_scan_fn scan_hours;
	/** Version 2.  cop_rsvp_rec: the member's RSVPs and attendance, by
	 *  member [event_id] after_id. */
	cop_export_scan_fn scan_rsvps;
	/** Version 2.  cop_follow_rec: the member's follows, by member [id]
	 *  after_id. */
	cop_export_scan_fn scan_follows;
	/** Version 2.  A member's erasure: the note of every hours report
	 *  of @p member becomes @p text (borrowed for the call). */
	int (*hours_erase)(cop_backend *be, const cop_id *member,
	                   const char *text);

	/* Version 3 (interface version 10). */

	/** Version 3.  cop_tag_rec without uses and hidden_uses: the
	 *  community's tags, by community [name] after_text; with @c all 0
	 *  a tag known only through hidden threads (every use hidden, no
	 *  excerpt or wiki, no synonym to or from it) is left out. */
	cop_export_scan_fn scan_tags;

	/* Version 4 (the history table of interface version 10). */

	/** Version 4.  cop_thread_change_rec: a thread's history.  By
	 *  community [thread_id, number] after_id, after_num; with @c all 0
	 *  the history of hidden threads is left out.  By member: the
	 *  entries whose actor is the member (actor_id is the member), on
	 *  the threads the member sees by the rule of visibility (the
	 *  member as the viewer: a thread of a community they see, a hidden
	 *  one only where they moderate) [thread_id, number] after_id,
	 *  after_num. */
	cop_export_scan_fn scan_history;

	/* Version 4 (interface version 11). */

	/** Version 4.  Revision @p number of contribution @p contribution:
	 *  its editor_id becomes @p editor (nil: NULL) and its comment
	 *  @p comment (NULL: none; borrowed for the call), who made the body
	 *  that replaced it and the note of that edit (an importer learns
	 *  them from the next revision).  COP_OK also when there is no such
	 *  revision (nothing changes). */
	int (*revision_replaced)(cop_backend *be, const cop_id *contribution,
	                         int number, const cop_id *editor,
	                         const char *comment);

	/* Version 5. */

	/** Version 5.  @p n (1 or more) more contributions in @p thread,
	 *  its last activity at least @p time (the search index is left
	 *  alone): thread_bump() @p n times at once, so that an importer
	 *  writes each thread once for all it added.  COP_OK also when
	 *  there is no such thread (nothing changes); COP_ENOTSUP from a
	 *  backend of versions 2 to 5 whose rop() does not know
	 *  COP_ROP_THREAD_ADD (the caller bumps instead). */
	int (*thread_add)(cop_backend *be, const cop_id *thread, cop_time time,
	                  int64_t n);

	/* Version 6. */

	/** Version 6.  Thread @p thread's answered flag becomes @p answered
	 *  (0 or 1) and its state @p state (a cop_thread_state), its other
	 *  columns left as they are: what cop_backend.update() of the whole
	 *  thread, read in the same transaction and changed in those two
	 *  fields only, would leave in every table, without the writes of
	 *  the columns that did not change (an accept writes only these).
	 *  The caller computes the state from the thread it read.
	 *  COP_ENOTFOUND when there is no such thread (as update(); in a
	 *  transaction, from a later call on a backend that holds its
	 *  writes back); COP_ENOTSUP from a backend of versions 2 to 5
	 *  whose rop() does not know COP_ROP_THREAD_ANSWERED (the caller
	 *  updates the whole thread instead). */
	int (*thread_answered)(cop_backend *be, const cop_id *thread,
	                       int answered, int state);

	/* Version 7. */

	/** Version 7.  Every thread of community @p community whose replied
	 *  or has_answer (cop_thread_rec) is 0 gets them from its
	 *  contributions as cop_contribution_create() would have set them
	 *  one by one: replied when someone other than the thread's author
	 *  contributed to it, has_answer when such a contribution is an
	 *  answer; a flag already 1 stays, no other column changes.  An
	 *  importer, which writes contributions with cop_backend.insert(),
	 *  calls it once at its end.  COP_OK also when nothing changes;
	 *  COP_ENOTSUP from a backend of versions 2 to 5 whose rop() does
	 *  not know COP_ROP_THREADS_REPLIED (the flags then stay as the
	 *  importer wrote them). */
	int (*threads_replied)(cop_backend *be, const cop_id *community);
} cop_backend_export;

/* ---- subscriptions and notifications (version 7) --------------------------
 *
 * Tables:
 *  follow       (id, member_id, kind, target_id, community_id, tag,
 *                level, created); unique (member_id, kind, target_id,
 *                tag); kind 0 a community (target the community), 1 a
 *                thread (target the thread), 2 a tag in a community
 *                (target the community, tag set; "" for the others);
 *                level 0 watching, 1 tracking, 2 muted (notify.h).
 *  notification (id, member_id, kind, community_id, thread_id,
 *                contribution_id, object_id, actor_id, created, read_at);
 *                key (member_id, id): id is the event's (a contribution,
 *                a kudos, a badge award, an acceptance), so a member has
 *                one notification per event, and time-ordered (version
 *                7 ids), so the key is also the feed's order; read_at 0:
 *                unread.
 * A member's feed shows only what the member sees now, by the rule of
 * libcop/visibility.h applied where the rows are selected (listing,
 * count, marking): the community visible to the member, the thread (when
 * there is one) seen, the contribution (when there is one) there and
 * seen; none for a deleted member.
 */

/** A follow (key: id; unique member_id, kind, target_id, tag). */
typedef struct cop_follow_rec {
	cop_id id;               /**< the follow's id */
	cop_id member_id;        /**< the follower */
	int kind;                /**< cop_follow_kind */
	cop_id target_id;        /**< the community, or the thread */
	cop_id community_id;     /**< the community of what is followed */
	char *tag;               /**< "" unless kind is tag */
	int level;               /**< cop_follow_level */
	cop_time created;        /**< when it began */
} cop_follow_rec;

/** A notification (key: member_id, id). */
typedef struct cop_notification_rec {
	cop_id id;               /**< the event's id */
	cop_id member_id;        /**< who is notified */
	int kind;                /**< cop_notification_kind */
	cop_id community_id;     /**< its community */
	cop_id thread_id;        /**< nil: none */
	cop_id contribution_id;  /**< nil: none */
	cop_id object_id;        /**< a kudos or badge award; nil: none */
	cop_id actor_id;         /**< nil: the system */
	cop_time created;        /**< when it was made */
	cop_time read;           /**< 0: unread */
} cop_notification_rec;

/** A member's follows, oldest first: keyset order [created asc, id asc],
 *  strictly after (after_created, after_id) when has_after. */
typedef struct cop_follow_query {
	cop_id member;           /**< the follower */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	cop_time after_created;  /**< the cursor's creation time */
	cop_id after_id;         /**< the cursor's id, the last tie-break */
	unsigned int limit;      /**< 0: no limit */
} cop_follow_query;

/** A member's feed, newest first: keyset order [id desc] (an event's id
 *  is time-ordered), strictly after after_id when has_after. */
typedef struct cop_notification_query {
	cop_id member;           /**< whose notifications */
	int unread;              /**< 1: only the unread */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	cop_id after_id;         /**< the cursor's id, the last tie-break */
	unsigned int limit;      /**< 0: no limit */
} cop_notification_query;

/** The methods of cop_backend_notify this library knows. */
#define COP_BACKEND_NOTIFY_VERSION 1

/**
 * Subscriptions and notifications (cop_backend.notify, interface version
 * 7).  Every method is required in a table a backend hands out.  The
 * rules (who is notified of what, precedence of follows, mentions) are
 * the core's (libcop/notification.c); the table stores and selects.  The
 * write methods run inside the core's write transaction, with the event
 * they notify of.  Records' strings: as for the core records.
 */
typedef struct cop_backend_notify {
	/** COP_BACKEND_NOTIFY_VERSION when the table was written. */
	unsigned int version;
	/** Store follow @p f, or, when the member follows that target (kind,
	 *  target_id, tag) already, set that follow's level and created. */
	int (*follow_put)(cop_backend *be, const cop_follow_rec *f);
	/** Delete @p member's follow of @p kind, @p target and @p tag ("" for
	 *  none); *count receives 1, or 0 when there was none. */
	int (*follow_delete)(cop_backend *be, const cop_id *member, int kind,
	                     const cop_id *target, const char *tag,
	                     unsigned int *count);
	/** Start listing the follows @p q selects: *out receives an
	 *  iterator of cop_follow_rec, owned by the caller (it->free());
	 *  strings the caller's unless lent (COP_BACKEND_ITER_BORROWED). */
	int (*follow_list)(cop_backend *be, const cop_follow_query *q,
	                   cop_backend_iter **out);
	/** Store notification @p n as it is (read 0); nothing when its member
	 *  has one with its id already (one per member per event).  When
	 *  @p tags is not NULL (the thread's tags, padded: " a b "), nothing
	 *  either when the member's follows mute the thread: their most
	 *  specific follow of it (thread, then a tag of it, then its
	 *  community; among tags muted first) is muted. */
	int (*note_put)(cop_backend *be, const cop_notification_rec *n,
	                const char *tags);
	/** Notify the followers of a new contribution (@p n: its id, kind,
	 *  community, thread, contribution, actor and time; member ignored):
	 *  every member whose most specific follow (as note_put()) is
	 *  watching, or tracking when @p first (a thread's first post), gets
	 *  @p n, but its actor and who has one with that id already.  One
	 *  statement, however many followers. */
	int (*note_fanout)(cop_backend *be, const cop_notification_rec *n,
	                   const char *tags, int first);
	/** Start listing the feed @p q selects (only what its member sees,
	 *  see above): *out receives an iterator of cop_notification_rec,
	 *  owned by the caller. */
	int (*note_list)(cop_backend *be, const cop_notification_query *q,
	                 cop_backend_iter **out);
	/** *out = how many notifications @p member sees (@p unread: only the
	 *  unread ones). */
	int (*note_count)(cop_backend *be, const cop_id *member, int unread,
	                  uint64_t *out);
	/** Mark read at @p now @p member's notification @p id (NULL: every
	 *  unread one), only among those the member sees; one already read
	 *  keeps its time.  *count receives how many were found (for one:
	 *  1, or 0 when the member sees none with that id). */
	int (*note_mark)(cop_backend *be, const cop_id *member,
	                 const cop_id *id, cop_time now, unsigned int *count);
	/** Delete @p member's follows and notifications (a member's
	 *  erasure: their settings and feed are their data). */
	int (*forget)(cop_backend *be, const cop_id *member);
} cop_backend_notify;

/**
 * An iterator made by list() or search().  Embed it first in the
 * backend's own iterator struct.
 */
struct cop_backend_iter {
	/** Fill @p rec (of the listing's record kind) and return COP_OK,
	 *  or return COP_ITEROVER, or an error. */
	int (*next)(cop_backend_iter *it, void *rec);
	/** Free the iterator (required). */
	void (*free)(cop_backend_iter *it);
	/** COP_BACKEND_ITER_* bits; 0 (as zeroed memory leaves it) is the
	 *  default: strings in filled records are owned by the caller. */
	unsigned int flags;
};

/**
 * The strings in records an iterator's next() fills are borrowed: valid
 * until the next call on that iterator (or its free), never freed by the
 * caller, who copies what it keeps.  Saves an allocation per string per
 * row for backends that can hand out their row buffers (SQLite's column
 * text).  On failure next() leaves no borrowed string in the record.
 */
#define COP_BACKEND_ITER_BORROWED 0x1u

/* ---- events (version 7) ----------------------------------------------------
 *
 * A community's meetings (libcop/event.c, include/cop/event.h).  Tables:
 *  event (id, community_id, kind, title, body, place, url, tz, starts,
 *         ends, capacity, creator_id, changed, sequence, cancelled,
 *         reason); place, url NULL when none; cancelled 0 while not
 *         cancelled, reason "" then;
 *  rsvp (event_id, member_id, community_id, answer, waiting, answered,
 *        attendance, recorded), keyed by (event_id, member_id); answer
 *        -1 (none: only attendance recorded), 0 no, 1 yes, 2 maybe;
 *        waiting 1 for a yes on the waiting list (ordered by answered,
 *        then member_id); attendance 0 not recorded, 1 attended,
 *        2 absent.
 * The counts of cop_event_rec are computed when read, from rsvp.
 */

/** An event (key: id), with what a read adds after the table's columns. */
typedef struct cop_event_rec {
	cop_id id;               /**< the event's id */
	cop_id community_id;     /**< its community */
	int kind;                /**< cop_event_kind */
	char *title;             /**< its title */
	char *body;              /**< CommonMark as given, "" when none */
	char *place;             /**< NULL: none */
	char *url;               /**< NULL: none */
	char *tz;                /**< IANA time zone name, for display */
	/** When it starts and ends. @{ */
	cop_time start, end;     /**< UTC instants, start < end */
	/** @} */
	int capacity;            /**< 0: unlimited */
	cop_id creator_id;       /**< nil: the system */
	cop_time changed;        /**< creation, then the last change */
	int sequence;            /**< 0, one more at each change (iCalendar) */
	cop_time cancelled;      /**< 0: not cancelled */
	char *reason;            /**< the cancellation's, "" when none */
	/* read, not written: */
	/** Counts: yes answers, maybe answers, yeses on the waiting list, attendances. @{ */
	int64_t yes, maybe, waiting, attended;   /**< counts */
	/** @} */
	int answer;              /**< the asked member's: -1 none, cop_rsvp */
	int answer_waiting;      /**< 1: that yes is on the waiting list */
} cop_event_rec;

/** A member's answer and attendance for an event (key: event_id,
 *  member_id). */
typedef struct cop_rsvp_rec {
	cop_id event_id;         /**< the event */
	cop_id member_id;        /**< the member */
	cop_id community_id;     /**< the event's community */
	int answer;              /**< -1 none, else a cop_rsvp */
	int waiting;             /**< 1: a yes on the waiting list */
	cop_time answered;       /**< when the answer was last changed */
	int attendance;          /**< cop_attendance */
	cop_time recorded;       /**< when attendance was recorded, 0: never */
} cop_rsvp_rec;

/** Which events a listing selects (cop_event_query.which). */
typedef enum cop_event_list_kind {
	COP_EVQ_UPCOMING = 0,    /**< ends after now; [start asc, id asc] */
	COP_EVQ_PAST = 1,        /**< ended at or before now; [start desc, id desc] */
	COP_EVQ_MEMBER = 2,      /**< the member has answered; [start desc, id desc] */
	COP_EVQ_UNRECORDED = 3,  /**< ended at or before now, not cancelled, no
	                            attendance recorded; [start asc, id asc] */
	COP_EVQ_WINDOW = 4       /* not cancelled, t0 <= start < t1;
	                            [start asc, id asc] */
} cop_event_list_kind;

/** A listing of events: only those @p viewer sees (visibility.h's rule
 *  for their community), keyset-paged on (start, id) in the listing's
 *  order, starting strictly after (after_start, after_id) when
 *  has_after. */
typedef struct cop_event_query {
	int which;               /**< cop_event_list_kind */
	cop_id community;        /**< nil: every community */
	const cop_id *viewer;    /**< NULL: the system */
	cop_id member;           /**< COP_EVQ_MEMBER: whose; else whose answer
	                            each row reports (nil: none) */
	cop_time now;            /**< UPCOMING, PAST, UNRECORDED */
	/** COP_EVQ_WINDOW: the events starting in [t0, t1). @{ */
	cop_time t0, t1;         /**< WINDOW */
	/** @} */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	cop_time after_start;    /**< the cursor's start */
	cop_id after_id;         /**< the cursor's id, the last tie-break */
	unsigned int limit;      /**< 0: no limit */
} cop_event_query;

/** The methods of cop_backend_events this library knows. */
#define COP_BACKEND_EVENTS_VERSION 1

/**
 * Event storage (cop_backend.events, interface version 7).  Every method
 * is required in a table a backend hands out; no table (NULL): the event
 * API gives COP_ENOTSUP.  Records' strings: as for the core records (the
 * caller's to free with cop_rec_clear(COP_REC_EVENT or COP_REC_RSVP)).
 */
typedef struct cop_backend_events {
	/** COP_BACKEND_EVENTS_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  Store a new event, every column as given (the read
	 *  fields ignored).  COP_EEXISTS when its id is taken. */
	int (*event_insert)(cop_backend *be, const cop_event_rec *e);
	/** Version 1.  Replace every column of event e->id.  COP_ENOTFOUND
	 *  when there is none (nothing changes then). */
	int (*event_update)(cop_backend *be, const cop_event_rec *e);
	/** Version 1.  Read event @p id into @p out with its counts, and the
	 *  answer of @p member (NULL or nil: none asked, answer -1).
	 *  COP_ENOTFOUND when there is none. */
	int (*event_get)(cop_backend *be, const cop_id *id,
	                 const cop_id *member, cop_event_rec *out);
	/** Version 1.  Start the listing @p q selects: *out receives an
	 *  iterator of cop_event_rec records (as event_get() fills them),
	 *  owned by the caller (it->free()); strings as flag_list()'s. */
	int (*event_list)(cop_backend *be, const cop_event_query *q,
	                  cop_backend_iter **out);
	/** Version 1.  Store @p r, replacing the row of its (event, member). */
	int (*rsvp_put)(cop_backend *be, const cop_rsvp_rec *r);
	/** Version 1.  Read the row of (@p event, @p member) into @p out.
	 *  COP_ENOTFOUND when there is none. */
	int (*rsvp_get)(cop_backend *be, const cop_id *event,
	                const cop_id *member, cop_rsvp_rec *out);
	/** Version 1.  Confirm the first @p n yes answers on @p event's
	 *  waiting list (by answered, then member id): their waiting
	 *  becomes 0.  *count receives how many moved up. */
	int (*rsvp_promote)(cop_backend *be, const cop_id *event,
	                    unsigned int n, unsigned int *count);
} cop_backend_events;

/* ---- health (version 7) ------------------------------------------------------
 *
 * The health report's roll-ups (libcop/health.c, docs/health.md): per
 * community and day, and per community, member and day, kept by the
 * database with every write of a contribution or a thread; the
 * questions, attendance and the check against the facts.  Days are UTC
 * days since the epoch (time / 86400000).  Each method hands its rows
 * to @p each, one at a time (strings lent for the call); a non-zero
 * return of @p each stops and is returned.
 */
/** A community's figures of one day. */
typedef struct cop_health_day_rec {
	/** The day; its contributions not hidden, those of them with a member author, the questions asked. @{ */
	int64_t day, contributions, authored, questions;
	/** @} */
} cop_health_day_rec;
/** A member who contributed, and since when. */
typedef struct cop_health_member_rec {
	cop_id member_id;        /**< the member */
	int64_t first_day;        /**< the first day with a counted contribution */
	const char *organisation; /**< NULL: none */
} cop_health_member_rec;
/** A member's contributions of one day. */
typedef struct cop_health_mday_rec {
	cop_id member_id;        /**< the member */
	/** The day and the member's contributions that day. @{ */
	int64_t day, contributions;
	/** @} */
} cop_health_mday_rec;
/** A question and how it was answered. */
typedef struct cop_health_question_rec {
	cop_time created;        /**< when it was asked */
	cop_time responded;       /**< 0: no response */
	/** 1: it has an answer; 1: an accepted one. @{ */
	int answered, accepted;
	/** @} */
} cop_health_question_rec;
/** A member's attendance of an event. */
typedef struct cop_health_attend_rec {
	cop_id event_id;         /**< the event */
	cop_time starts;         /**< when it starts */
	cop_id member_id;         /**< nil: the event has no attendance */
	int attendance;           /**< cop_attendance: 1 attended, 2 absent */
} cop_health_attend_rec;
/** A row of the check of the stored figures against the facts. */
typedef struct cop_health_check_rec {
	int which;                /**< 0 day (facts), 1 day (stored), 2 member
	                             day (facts), 3 member day (stored), 4
	                             question (facts), 5 question (stored), 6
	                             member (facts), 7 member (stored) */
	cop_id member_id;         /**< a member day's or a member's; a
	                             question's thread (else not to be read) */
	/** As in cop_health_day_rec (a member day: contributions only); a
	 *  question's: its day, the milliseconds to its first response (-1:
	 *  none), answered 0/1, accepted 0/1; a member's: their first day
	 *  (the rest 0). @{ */
	int64_t day, contributions, authored, questions;
	/** @} */
} cop_health_check_rec;

/** The methods of cop_backend_health this library knows. */
#define COP_BACKEND_HEALTH_VERSION 1

/**
 * Health storage (cop_backend.health, interface version 7).  Every method
 * is required in a table a backend hands out; no table (NULL): the health
 * API gives COP_ENOTSUP.  The rules are the core's; the table keeps the
 * roll-ups exact (triggers in the SQL backends) and reads them.
 */
typedef struct cop_backend_health {
	/** COP_BACKEND_HEALTH_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  The day rows of @p community from day @p d0 to
	 *  @p d1 (both included), by day. */
	int (*days)(cop_backend *be, const cop_id *community, int64_t d0,
	            int64_t d1, int (*each)(void *arg,
	            const cop_health_day_rec *r), void *arg);
	/** Version 1.  Each member with a counted contribution on or before
	 *  day @p d1, with their first such day and organisation. */
	int (*members)(cop_backend *be, const cop_id *community, int64_t d1,
	               int (*each)(void *arg, const cop_health_member_rec *r),
	               void *arg);
	/** Version 1.  The member day rows from day @p d0 to @p d1, by day. */
	int (*member_days)(cop_backend *be, const cop_id *community,
	                   int64_t d0, int64_t d1, int (*each)(void *arg,
	                   const cop_health_mday_rec *r), void *arg);
	/** Version 1.  The questions (not hidden) created from @p t0 to
	 *  before @p t1, each with its first response (the earliest counted
	 *  contribution with a known author other than the asker), whether
	 *  it has a counted answer and a counted accepted answer. */
	int (*questions)(cop_backend *be, const cop_id *community, cop_time t0,
	                 cop_time t1, int (*each)(void *arg,
	                 const cop_health_question_rec *r), void *arg);
	/** Version 1.  The attendance recorded at the events not cancelled
	 *  starting before @p t1, by start. */
	int (*attendance)(cop_backend *be, const cop_id *community,
	                  cop_time t1, int (*each)(void *arg,
	                  const cop_health_attend_rec *r), void *arg);
	/** Version 1.  The roll-ups' rows of @p community that differ from
	 *  the facts (none: they agree). */
	int (*verify)(cop_backend *be, const cop_id *community,
	              int (*each)(void *arg, const cop_health_check_rec *r),
	              void *arg);
} cop_backend_health;
/* ---- mail (version 7) ---------------------------------------------------------
 *
 * Members' mail addresses (libcop/mail_address.c, cop/mail.h,
 * docs/mail.md), shared by incoming mail (libcop/mail_ingest.c) and the
 * mailing-list archive import (libcop/import_mbox.c,
 * docs/mail-archives.md), which reads and writes the same two tables
 * through the same methods.  Tables:
 *  member_email (address, member_id, is_primary, verified, created):
 *        the address lower-cased, the whole of it, is the key (an
 *        address belongs to one member).
 *  mail_message (message_id, community_id, contribution_id, created):
 *        the messages taken in or imported, by Message-ID without its
 *        brackets, and the contribution each became (nil: none).
 *  mail_pref (member_id, community_id, mode, since, last_digest): how a
 *        member gets a community's mail (version 2).
 *  mail_outbox (id, member_id, community_id, source, recipient, sender,
 *        message, created, state, attempts, reason, updated): outgoing
 *        messages, rendered once (version 2).
 * The store's mail secret, which signs mail tokens, is a value of the
 * store's own metadata (never exported).
 */

/** A member's address (key: address). */
typedef struct cop_email_rec {
	cop_id member_id;        /**< whose address */
	char *address;           /**< lower-cased; the key */
	int is_primary;          /**< 0 or 1 */
	int verified;            /**< 0 or 1 */
	cop_time created;        /**< when it was added */
} cop_email_rec;

/** A member's delivery preference for a community (key: member,
 *  community); strings none. */
typedef struct cop_mail_pref_rec {
	cop_id member_id;        /**< the member */
	cop_id community_id;     /**< the community */
	int mode;                /**< cop_mail_delivery: 0 none .. 3 weekly */
	cop_time since;          /**< when it was set: nothing older is mailed */
	cop_time last_digest;    /**< the end of the last digest mailed */
} cop_mail_pref_rec;

/** A message of the outbox (key: id; (member, source) unique).  Its
 *  strings are lent to the callback that receives it. */
typedef struct cop_outbox_rec {
	cop_id id;               /**< the message's id */
	cop_id member_id;        /**< the recipient member */
	cop_id community_id;     /**< the community it is about */
	const char *source;      /**< what it is of: "n:ID", "d:TIME" */
	const char *recipient;   /**< the address it goes to */
	const char *sender;      /**< the envelope sender */
	const char *message;     /**< the RFC 5322 message, rendered once */
	cop_time created;        /**< when it was queued */
	int state;               /**< cop_outbox_state: 0 waiting, 1 sent,
	                            2 failed */
	int attempts;            /**< hand-overs that were tried */
	const char *reason;      /**< why the last one failed, or NULL */
	cop_time updated;        /**< the last change of state */
} cop_outbox_rec;

/** The methods of cop_backend_mail this library knows. */
#define COP_BACKEND_MAIL_VERSION 2

/**
 * Mail storage (cop_backend.mail, interface version 8).  Every method is
 * required in a table a backend hands out; no table (NULL): the mail API
 * and the mbox import give COP_ENOTSUP.  Records' strings: as for the core records (the
 * caller's to free with cop_rec_clear(COP_REC_EMAIL)).
 */
typedef struct cop_backend_mail {
	/** COP_BACKEND_MAIL_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  Store a new address, every column as given.
	 *  COP_EEXISTS when the address is taken (by anyone). */
	int (*email_insert)(cop_backend *be, const cop_email_rec *e);
	/** Version 1.  Read @p address (lower-cased) into @p out.
	 *  COP_ENOTFOUND when there is none. */
	int (*email_get)(cop_backend *be, const char *address,
	                 cop_email_rec *out);
	/** Version 1.  Start the listing of @p member's addresses, by
	 *  address: *out receives an iterator of cop_email_rec records,
	 *  owned by the caller (it->free()); strings as flag_list()'s. */
	int (*email_list)(cop_backend *be, const cop_id *member,
	                  cop_backend_iter **out);
	/** Version 1.  Set verified of @p address, @p member's.
	 *  COP_ENOTFOUND when it is not theirs (nothing changes then). */
	int (*email_verify)(cop_backend *be, const cop_id *member,
	                    const char *address, int verified);
	/** Version 1.  Make @p address the only primary address of
	 *  @p member.  COP_ENOTFOUND when it is not theirs (nothing changes
	 *  then). */
	int (*email_primary)(cop_backend *be, const cop_id *member,
	                     const char *address);
	/** Version 1.  Remove @p address, @p member's.  COP_ENOTFOUND when
	 *  it is not theirs. */
	int (*email_delete)(cop_backend *be, const cop_id *member,
	                    const char *address);
	/** Version 1.  Remove every address of @p member (erasure). */
	int (*email_forget)(cop_backend *be, const cop_id *member);
	/** Version 1.  The store's mail secret into *out (cop_malloc'd, the
	 *  caller's).  COP_ENOTFOUND when the store has none yet. */
	int (*secret_get)(cop_backend *be, char **out);
	/** Version 1.  Store @p secret as the store's mail secret, unless it
	 *  has one (then nothing changes: read it back with secret_get()). */
	int (*secret_put)(cop_backend *be, const char *secret);
	/** Version 1.  The community and contribution (nil: none) a message
	 *  taken in with @p message_id was recorded with.  COP_ENOTFOUND when
	 *  there is none. */
	int (*message_get)(cop_backend *be, const char *message_id,
	                   cop_id *community, cop_id *contribution);
	/** Version 1.  Record a message taken in.  COP_EEXISTS when its
	 *  Message-ID is recorded already. */
	int (*message_put)(cop_backend *be, const char *message_id,
	                   const cop_id *community, const cop_id *contribution,
	                   cop_time created);
	/** Version 2.  Set a member's delivery preference for a community
	 *  (insert or replace; last_digest becomes @p r->since). */
	int (*pref_put)(cop_backend *be, const cop_mail_pref_rec *r);
	/** Version 2.  Read a member's preference for a community.
	 *  COP_ENOTFOUND when none was set. */
	int (*pref_get)(cop_backend *be, const cop_id *member,
	                const cop_id *community, cop_mail_pref_rec *out);
	/** Version 2.  Each preference other than none, by member and
	 *  community, to @p each (non-zero stops, returned). */
	int (*pref_each)(cop_backend *be,
	                 int (*each)(void *arg, const cop_mail_pref_rec *r),
	                 void *arg);
	/** Version 2.  Record the end of the last digest mailed.
	 *  COP_ENOTFOUND when there is no preference. */
	int (*pref_sent)(cop_backend *be, const cop_id *member,
	                 const cop_id *community, cop_time last_digest);
	/** Version 2.  Remove every preference of @p member (erasure). */
	int (*pref_forget)(cop_backend *be, const cop_id *member);
	/** Version 2.  Add a message to the outbox, waiting, no attempts.
	 *  COP_EEXISTS when the member has one of that source (nothing
	 *  changes then). */
	int (*outbox_put)(cop_backend *be, const cop_outbox_rec *r);
	/** Version 2.  Each message of the outbox in state @p state (-1:
	 *  every state), oldest first, to @p each (non-zero stops,
	 *  returned). */
	int (*outbox_each)(cop_backend *be, int state,
	                   int (*each)(void *arg, const cop_outbox_rec *r),
	                   void *arg);
	/** Version 2.  Set a message's state, the reason (NULL: none) and
	 *  when; an attempt is counted unless the state is waiting.
	 *  COP_ENOTFOUND when there is no such message. */
	int (*outbox_mark)(cop_backend *be, const cop_id *id, int state,
	                   const char *reason, cop_time updated);
	/** Version 2.  Remove every message to @p member (erasure). */
	int (*outbox_forget)(cop_backend *be, const cop_id *member);
} cop_backend_mail;

/* ---- tags (version 10) -------------------------------------------------------
 *
 * A community's tags as records (libcop/tag.c, docs/tags.md): keyed
 * (community, name), with a description (the tag wiki's excerpt), a
 * longer text (its wiki body) and the tag it is a synonym of.  Its uses
 * are kept by the database itself: triggers on the threads (sql/schema.h)
 * add and take away each tag of a thread as it is created, retagged,
 * moved, hidden, shown or deleted, so no write path can forget them.
 */

/** A tag of a community (key: community_id, name).  A row is made by
 *  the first thread that uses it or by tag_put(), and stays when no
 *  thread uses it any more. */
typedef struct cop_tag_rec {
	cop_id community_id;     /**< its community */
	char *name;              /**< 1-35 of a-z 0-9 + # . - */
	char *excerpt;           /**< its description, NULL: none */
	char *wiki;              /**< its longer text, NULL: none */
	char *synonym_of;        /**< the tag it is a synonym of, NULL: none */
	int64_t uses;            /**< threads tagged with it (read only) */
	int64_t hidden_uses;     /**< of those, the hidden ones (read only) */
	cop_time created;        /**< when it was made */
	cop_time updated;        /**< when it was last described */
} cop_tag_rec;

/** A listing of a community's tags, keyset-paged. */
typedef struct cop_tag_query {
	cop_id community;        /**< whose tags */
	int by_uses;             /**< 0: by name; 1: by uses desc, then name */
	int hidden_too;          /**< 1: hidden threads' uses count; 0:
	                            they do not (each row's uses is then
	                            uses - hidden_uses, and hidden_uses 0),
	                            in the rows and the order by uses */
	int has_after;           /**< 1: start strictly after the after_* position (a cursor) */
	int64_t after_uses;      /**< by uses: the cursor's uses */
	const char *after_name;  /**< the cursor's name (borrowed) */
	unsigned int limit;      /**< 0: no limit */
} cop_tag_query;

/** The methods of cop_backend_tags this library knows. */
#define COP_BACKEND_TAGS_VERSION 1

/**
 * Tag storage (cop_backend.tags, interface version 10).  Every method is
 * required in a table a backend hands out; no table (NULL): the tag API
 * gives COP_ENOTSUP.  Records' strings: as for the core records (the
 * caller's to free with cop_rec_clear(COP_REC_TAG)).
 */
typedef struct cop_backend_tags {
	/** COP_BACKEND_TAGS_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  Read the tag @p name of @p community into @p out.
	 *  COP_ENOTFOUND when there is none. */
	int (*tag_get)(cop_backend *be, const cop_id *community,
	               const char *name, cop_tag_rec *out);
	/** Version 1.  Store @p r: a new row (its uses as given: 0 for a
	 *  tag no thread uses), or the excerpt, wiki,
	 *  synonym_of and updated of the row with its key (its uses and
	 *  created stay). */
	int (*tag_put)(cop_backend *be, const cop_tag_rec *r);
	/** Version 1.  Delete the tag @p name of @p community.
	 *  COP_ENOTFOUND when there is none. */
	int (*tag_delete)(cop_backend *be, const cop_id *community,
	                  const char *name);
	/** Version 1.  Start the listing @p q selects: *out receives an
	 *  iterator of cop_tag_rec records, owned by the caller
	 *  (it->free()); strings as flag_list()'s. */
	int (*tag_list)(cop_backend *be, const cop_tag_query *q,
	                cop_backend_iter **out);
	/** Version 1.  Hand @p each the id of every thread of @p community
	 *  (hidden ones too) whose tags hold @p name; a few others may come
	 *  too (the caller checks the thread's tags).  A non-zero return of
	 *  @p each stops and is returned. */
	int (*tag_threads)(cop_backend *be, const cop_id *community,
	                   const char *name,
	                   int (*each)(void *arg, const cop_id *thread),
	                   void *arg);
	/** Version 1.  Every tag of @p community that is a synonym of
	 *  @p from becomes one of @p to. */
	int (*tag_synonyms)(cop_backend *be, const cop_id *community,
	                    const char *from, const char *to);
	/** Version 1.  Of the tags of @p community (NULL: of every
	 *  community) that @p viewer (NULL: the system) sees, by
	 *  visibility.h's rule: those used by a thread the viewer sees
	 *  (a hidden one only where the viewer moderates) into *used, and
	 *  those with an excerpt or a wiki text into *described. */
	int (*tag_counts)(cop_backend *be, const cop_id *community,
	                  const cop_id *viewer, int64_t *used,
	                  int64_t *described);
} cop_backend_tags;

/* ---- a thread's history (version 10) ---------------------------------------
 *
 * Table: thread_history (thread_id, number, community_id, kind, old, new,
 * actor_id, created, comment), keyed by (thread_id, number): what was
 * done to a thread, numbered from 1 in the order it was done.
 */

/** An entry of a thread's history. */
typedef struct cop_thread_change_rec {
	cop_id thread_id;        /**< the thread */
	int number;              /**< 1, 2, ... in the thread; given by
	                              history_add */
	cop_id community_id;     /**< the thread's community */
	int kind;                /**< cop_thread_change_kind */
	char *old_value;         /**< the title or tags before, or NULL */
	char *new_value;         /**< the title or tags after, or NULL */
	cop_id actor_id;         /**< who did it; nil: the system or unknown */
	cop_time created;        /**< when */
	char *comment;           /**< why, or NULL */
} cop_thread_change_rec;

/** The methods of cop_backend_history this library knows. */
#define COP_BACKEND_HISTORY_VERSION 1

/**
 * A thread's history (cop_backend.history, interface version 10).  Every
 * method is required in a table a backend hands out; no table (NULL):
 * the history API gives COP_ENOTSUP and no change is recorded.
 */
typedef struct cop_backend_history {
	/** COP_BACKEND_HISTORY_VERSION when the table was written. */
	unsigned int version;
	/** Version 1.  Add @p e to its thread's history, numbered one after
	 *  the thread's last entry (its number field is not read); *number
	 *  receives the number given (may be NULL).
	 *  @return COP_OK, COP_ENOMEM, COP_EIO. */
	int (*history_add)(cop_backend *be, const cop_thread_change_rec *e,
	                   int *number);
	/** Version 1.  Start listing @p thread's history in number order,
	 *  strictly after number @p after (0: from the first), at most
	 *  @p limit (0: no limit): *out receives an iterator of
	 *  cop_thread_change_rec, owned by the caller (it->free()). */
	int (*history_list)(cop_backend *be, const cop_id *thread, int after,
	                    unsigned int limit, cop_backend_iter **out);
} cop_backend_history;

/**
 * A backend instance.  Embed it first in the backend's own struct.
 * Every method is required unless marked optional.
 */
struct cop_backend {
	/** The interface version the backend implements (1 to
	 *  COP_BACKEND_VERSION); members after it are never read. */
	unsigned int version;
	/** The backend's name ("sqlite"), static; used in messages. */
	const char *name;

	/* ---- version 1 ---- */

	/** Version 1, required.  Close and free the instance, rolling back
	 *  an open transaction.  Iterators still open stay valid to free
	 *  (their next() then fails). */
	void (*free)(cop_backend *be);
	/** Version 1, required.  The detail of the last failure, or a
	 *  constant "no error"; owned by the backend, valid until its next
	 *  call. */
	const char *(*errmsg)(cop_backend *be);

	/** Version 1, required.  Transactions nest: the outermost begin
	 *  starts a write transaction whose reads stay current until it
	 *  ends; an inner begin makes a savepoint.  commit and rollback close
	 *  the innermost level.  COP_EBUSY when the store is locked past the
	 *  backend's timeout, COP_EREADONLY on a read-only instance.  A
	 *  backend may send writes later (pipelining) as long as commit
	 *  reports their failure and nothing after a failed write commits. */
	int (*begin)(cop_backend *be);
	int (*commit)(cop_backend *be); /**< Version 1, required: see begin. */
	int (*rollback)(cop_backend *be); /**< Version 1, required: see begin. */

	/** Version 1, required.  Insert a record of @p kind (member,
	 *  community, membership, thread, contribution, revision, log;
	 *  COP_ENOTSUP for another kind).  Contributions are indexed for
	 *  search, and threads' titles with their first post.  For
	 *  COP_REC_LOG the backend assigns rec->seq, 1 up without gaps in
	 *  commit order; inside a transaction it may leave rec->seq 0 (a
	 *  backend that sends the append later), the seq then being fixed
	 *  when the append runs.  The record's strings are borrowed for the
	 *  call.  COP_EEXISTS when a unique key is taken (a member's handle,
	 *  case-insensitively; a community's slug; any record's id or key). */
	int (*insert)(cop_backend *be, cop_rec_kind kind, void *rec);
	/** Version 1, required.  Replace every field of the record with the
	 *  same key (member, community, membership, thread, contribution;
	 *  COP_ENOTSUP for another kind), keeping the search index current.
	 *  COP_ENOTFOUND when there is none; COP_EEXISTS when the new value
	 *  of a unique field is taken (the row is then unchanged). */
	int (*update)(cop_backend *be, cop_rec_kind kind, const void *rec);
	/** Version 1, required.  Read the record of @p kind with @p key
	 *  (see cop_key) into @p out, whose strings the caller then owns
	 *  (cop_rec_clear()).  On failure @p out holds no string.
	 *  COP_ENOTFOUND when absent, COP_ENOTSUP for a kind without get
	 *  (log, search hit). */
	int (*get)(cop_backend *be, cop_rec_kind kind, const cop_key *key,
	           void *out);
	/** Version 1, required.  Start the listing @p q (see cop_list_kind
	 *  for each kind's rows, order and filter; cop_query for the keyset
	 *  bound): *out receives an iterator whose next() fills records of
	 *  the listing's kind, owned by the caller (it->free()).  Only rows
	 *  q->viewer may see.  COP_ENOTSUP for an unknown kind. */
	int (*list)(cop_backend *be, const cop_query *q, cop_backend_iter **out);
	/** Version 1, required.  Start a full-text search: *out receives an
	 *  iterator of cop_search_hit_rec, best first, at most q->limit,
	 *  only what q->viewer may see; owned by the caller.  No user text
	 *  is a syntax error: a query without words finds nothing (or is
	 *  COP_EINVAL, "the query has no words"). */
	int (*search)(cop_backend *be, const cop_search_query *q,
	              cop_backend_iter **out);
	/** Version 1, required.  Fill the counts of cop_stats (the
	 *  recognition counts are left 0: the core adds them) for the whole
	 *  store (@p community NULL) or one community. */
	int (*stats)(cop_backend *be, const cop_id *community, cop_stats *out);
	/** Version 1, required.  The highest log seq, 0 when the log is
	 *  empty. */
	int (*log_last_seq)(cop_backend *be, int64_t *out);

	/* ---- version 2 ---- */

	/** Version 2, optional.  Run operation @p op (see cop_rop: its
	 *  parameters and result columns) with the @p n values of @p params
	 *  (borrowed for the call).  When @p rows is not NULL it receives an
	 *  iterator, owned by the caller, whose next() fills cop_row records
	 *  (their text valid until the next call); else the operation runs to
	 *  completion and its rows are dropped.  COP_ENOTSUP for an operation
	 *  the backend does not know.  For a backend of version 2 to 5 this
	 *  is how the core reaches recognition, moderation, links, sources,
	 *  member data and export (through the tables of libcop/sql/ written
	 *  over it); NULL there: those APIs give COP_ENOTSUP.  From version 6
	 *  the core never calls it: it uses the typed tables below, which a
	 *  backend may write over its own rop() (the SQL backends do) or
	 *  directly. */
	int (*rop)(cop_backend *be, int op, const cop_val *params,
	           unsigned int n, cop_backend_iter **rows);

	/* ---- version 3 ---- */

	/** Version 3, optional.  Read thread @p thread into @p rec (as
	 *  get(COP_REC_THREAD), the caller owning its strings) and, in the
	 *  same query, its community's visibility and @p viewer's membership
	 *  in that community into @p acc (no membership when @p viewer is
	 *  NULL): what the core would otherwise read with three get()s.
	 *  Inside a write transaction it locks what those get()s lock.
	 *  COP_ENOTFOUND when there is no such thread.  NULL: the core makes
	 *  the three get()s. */
	int (*thread_access)(cop_backend *be, const cop_id *thread,
	                     const cop_id *viewer, cop_thread_rec *rec,
	                     cop_access_rec *acc);

	/* ---- version 5 ---- */

	/** Version 5, optional.  Moderation storage (flags): a table of
	 *  methods that lives as long as the backend, or NULL (the flag API
	 *  gives COP_ENOTSUP).  A backend of version 2 to 4 has none; the
	 *  core reaches its flags through rop() instead. */
	const cop_backend_moderation *moderation;
	/** Version 5, optional.  Links between threads: a table of methods
	 *  that lives as long as the backend, or NULL (COP_ENOTSUP).  A
	 *  backend of version 2 to 4 has none; the core reaches its links
	 *  through rop() instead. */
	const cop_backend_links *links;
	/** Version 5, optional.  Import sources: a table of methods that lives
	 *  as long as the backend, or NULL (COP_ENOTSUP).  A backend of
	 *  version 2 to 4 has none; the core reaches its sources through
	 *  rop() instead. */
	const cop_backend_sources *sources;

	/* ---- version 6 ---- */

	/** Version 6, optional.  Recognition storage: a table of methods that
	 *  lives as long as the backend, or NULL (COP_ENOTSUP).  A backend of
	 *  version 2 to 5 has none; the core reaches its recognition through
	 *  rop() instead. */
	const cop_backend_recognition *recognition;
	/** Version 6, optional.  A member's own data and its erasure, as
	 *  recognition. */
	const cop_backend_privacy *privacy;
	/** Version 6, optional.  Community export and import, as
	 *  recognition. */
	const cop_backend_export *export;

	/* ---- version 7 ---- */

	/** Version 7, optional.  The funding ledger and hours given: a
	 *  table of methods that lives as long as the backend, or NULL (the
	 *  funding API gives COP_ENOTSUP).  A backend of version 2 to 6 is
	 *  served by the table written over its rop(). */
	const cop_backend_funding *funding;
	/** Version 7, optional.  Digests: a table of methods that lives as
	 *  long as the backend, or NULL (COP_ENOTSUP).  A backend of version
	 *  2 to 6 has none; the core reaches its digests through rop()
	 *  instead. */
	const cop_backend_digest *digest;
	/** Version 7, optional.  Subscriptions and notifications: a table of
	 *  methods that lives as long as the backend, or NULL (the follow
	 *  and notification APIs give COP_ENOTSUP, and no write notifies).
	 *  A backend of version 2 to 6 has none; the core reaches them
	 *  through rop() instead. */
	const cop_backend_notify *notify;
	/** Version 7, optional.  Events, their RSVPs and attendance: a table
	 *  of methods that lives as long as the backend, or NULL (the event
	 *  API gives COP_ENOTSUP).  A backend of version 2 to 6 has none; the
	 *  core reaches its events through rop() instead. */
	const cop_backend_events *events;
	/** Version 7, optional.  The facilitator's queue, its thresholds and
	 *  summary coverage: a table of methods that lives as long as the
	 *  backend, or NULL (COP_ENOTSUP).  A backend of version 2 to 6 has
	 *  none; the core reaches the same storage through rop(). */
	const cop_backend_facilitation *facilitation;

	/* ---- version 8 ---- */

	/** Version 8, optional.  Check what the backend keeps on its own
	 *  beside the rows, derived from them (SQLite: the full-text index,
	 *  FTS5 with external content), against them, for cop_verify().
	 *  *problem receives a line naming the difference, cop_malloc'd and
	 *  owned by the caller, or NULL when they agree.  With @p repair
	 *  (inside the caller's write transaction) what differs is rebuilt
	 *  from the rows, and *problem still says what was found.  A
	 *  read-only store is not checked (COP_OK, *problem NULL).  NULL:
	 *  nothing to check (PostgreSQL's index is the server's).
	 *  @return COP_OK, COP_ENOMEM, COP_EIO. */
	int (*check_index)(cop_backend *be, int repair, char **problem);

	/** Version 8, optional.  The health report's roll-ups: a table of
	 *  methods that lives as long as the backend, or NULL (the health
	 *  API gives COP_ENOTSUP).  A backend of version 2 to 7 is served by
	 *  the table written over its rop() (its schema must have the
	 *  roll-ups). */
	const cop_backend_health *health;

	/** Version 8, optional.  Members' mail addresses, the store's
	 *  mail secret and the messages taken in or imported: a table of
	 *  methods that lives as long as the backend, or NULL (the mail API
	 *  and the mbox import give COP_ENOTSUP).  A backend of
	 *  version 2 to 7 has none; the core reaches the same storage
	 *  through rop(). */
	const cop_backend_mail *mail;

	/* ---- version 9 ---- */

	/** Version 9, optional.  Fill every count of cop_stats, the
	 *  recognition counts too, as @p viewer (a member, never NULL) sees
	 *  them, by visibility.h's rule: the members they see, the
	 *  communities they see, and in those the threads, contributions,
	 *  votes, accepted answers and tags they see, and the badges but
	 *  those for what they may not see; for the whole store (@p
	 *  community NULL) or one community.  NULL: the core gives
	 *  COP_ENOTSUP to a member asking for counts (never the system's). */
	int (*stats_seen)(cop_backend *be, const cop_id *community,
	                  const cop_id *viewer, cop_stats *out);

	/* ---- version 10 ---- */

	/** Version 10, optional.  A community's tags: a table of methods
	 *  that lives as long as the backend, or NULL (the tag API gives
	 *  COP_ENOTSUP).  A backend of version 2 to 9 is served by the
	 *  table written over its rop() (its schema must have the tags). */
	const cop_backend_tags *tags;
	/** Version 10, optional.  COP_OK when member @p member exists and
	 *  @p viewer (a member, never NULL) sees them by visibility.h's rule
	 *  (the member listing's: themself, or a member, active or silenced,
	 *  of a community the viewer sees); COP_ENOTFOUND when the member is
	 *  not there or the viewer may not see them, one answer for both.
	 *  NULL: the core walks the viewer's member listing instead. */
	int (*member_seen)(cop_backend *be, const cop_id *member,
	                   const cop_id *viewer);
	/** Version 10, optional.  A thread's history: a table of methods
	 *  that lives as long as the backend, or NULL (the history API gives
	 *  COP_ENOTSUP and a thread's changes are not recorded).  A backend
	 *  of version 2 to 9 has none; the core reaches the same storage
	 *  through rop() (its schema must have the table). */
	const cop_backend_history *history;
	/** Version 10, optional.  Called by an importer inside its
	 *  transaction with @p on 1: what follows, until the outermost
	 *  transaction ends (or bulk(be, 0)), is a bulk load, many inserts
	 *  of which any failure fails the whole transaction.  The backend may
	 *  then hold the writes back and send them together (PostgreSQL:
	 *  COPY), reporting a failed insert (COP_EEXISTS, a broken reference)
	 *  at a later call or at commit instead of the insert's own; it still
	 *  never commits past a failure, and what was written is visible to
	 *  every read that follows.  (SQLite writes as always, but
	 *  indexes the load's contributions for search at its end: until
	 *  then a search does not find them; and makes the health
	 *  roll-ups of the load's community again there: until then they
	 *  lack its rows.)  With @p on 0 the load ends
	 *  there.  COP_OK, or COP_EINVAL outside a transaction.  NULL: the
	 *  writes go as they always do. */
	int (*bulk)(cop_backend *be, int on);
};

/**
 * Opens a backend instance for @p uri, the whole URI as given to
 * cop_open() ("postgresql://host/db", "sqlite:/tmp/x.db", and for the
 * default "sqlite" backend also a plain path or ":memory:").  On failure
 * returns an error and may set *errmsg to a cop_malloc'd message the
 * caller frees.
 */
typedef int (*cop_backend_open_fn)(cop_backend **out, const char *uri,
	const cop_open_options *opts, char **errmsg);

/**
 * Register a backend for a URI scheme ("sqlite", "postgresql").  A later
 * registration of the same scheme replaces the earlier one.  The built-in
 * backends are registered when the library first needs them.
 * @return COP_OK, COP_EINVAL, COP_ENOMEM.
 */
COP_EXTERN(cop_status) cop_backend_register(const char *scheme, cop_backend_open_fn open);

/**
 * Open a backend instance for @p uri through the registry, without
 * wrapping it in a store (for wrappers such as fault injectors).
 * @param out  receives the instance, owned by the caller (be->free()).
 * @return as cop_open().
 */
COP_EXTERN(cop_status) cop_backend_open(cop_backend **out, const char *uri,
	const cop_open_options *opts);

/**
 * Make a store over a backend instance.  The store takes ownership of
 * @p be, also on failure.
 * @return COP_OK, COP_EINVAL (NULL, unsupported version), COP_ENOMEM.
 */
COP_EXTERN(cop_status) cop_open_backend(cop_store **out, cop_backend *be,
	const cop_open_options *opts);

/** The initial value of a cop_backend: every method NULL, this version. */
#define COP_BACKEND_INIT { COP_BACKEND_VERSION, NULL, NULL, NULL, NULL, \
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/**
 * Initialise @p be (a backend's embedded struct) for interface @p version:
 * every method NULL, the name NULL, the version set.  Call it before
 * setting the methods a backend has, as libgit2's git_odb_init_backend().
 * @return COP_OK; COP_EINVAL when @p be is NULL or @p version is not
 *         from 1 to COP_BACKEND_VERSION (nothing is written then).
 */
COP_EXTERN(cop_status) cop_backend_init(cop_backend *be, unsigned int version);

/** Free the strings a backend put in a record of @p kind, and zero it. */
COP_EXTERN(void) cop_rec_clear(cop_rec_kind kind, void *rec);

COP_END_DECL

#endif
