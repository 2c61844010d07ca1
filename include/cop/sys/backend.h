/*
 * sys/backend.h: the storage interface, for backend authors only.
 *
 * The core holds no SQL: it validates, checks permissions, makes ids and
 * times, and calls a backend through the struct of function pointers
 * below (as SQLite's VFS and libgit2's ODB backends do).  New methods are
 * only ever appended, with a new COP_BACKEND_VERSION.
 *
 * Records.  A backend reads and writes plain records (cop_*_rec).  Strings
 * in records given to a backend are borrowed for the call.  Strings in
 * records a backend fills in (get, iterator next) must be allocated with
 * cop_malloc()/cop_strdup() and belong to the caller, who frees them with
 * cop_rec_clear().  Optional strings are NULL when absent; optional ids
 * are the nil id when absent (stored as NULL).
 *
 * Errors.  Methods return COP_OK or a negative status: COP_ENOTFOUND,
 * COP_EEXISTS (a unique key is taken), COP_EBUSY, COP_ENOMEM, COP_EIO,
 * COP_ECORRUPT, COP_EREADONLY; the detail goes to backend->errmsg().
 *
 * Visibility.  Listing and search methods take the viewer (NULL for the
 * system) and must return only what the viewer may see:
 *  - a community is visible when it is public, or when the viewer has a
 *    membership in it with status active or silenced;
 *  - a hidden thread (and its contributions) only when the viewer is an
 *    active facilitator or owner there (or the system).
 */
#ifndef COP_SYS_BACKEND_H
#define COP_SYS_BACKEND_H

#include "../common.h"
#include "../store.h"
#include "../stats.h"

COP_BEGIN_DECL

#define COP_BACKEND_VERSION 1

/** Kinds of records. */
typedef enum cop_rec_kind {
	COP_REC_MEMBER = 1,
	COP_REC_COMMUNITY = 2,
	COP_REC_MEMBERSHIP = 3,
	COP_REC_THREAD = 4,
	COP_REC_CONTRIBUTION = 5,
	COP_REC_REVISION = 6,
	COP_REC_LOG = 7,
	COP_REC_SEARCH_HIT = 8
} cop_rec_kind;

typedef struct cop_member_rec {
	cop_id id;
	char *handle;            /* unique, case-insensitively */
	char *display_name;
	char *organisation;      /* optional */
	char *languages;         /* optional */
	int status;              /* cop_member_status */
	cop_time created;
} cop_member_rec;

typedef struct cop_community_rec {
	cop_id id;
	char *slug;              /* unique */
	char *name;
	char *purpose;           /* optional */
	char *language;
	int visibility;          /* cop_visibility */
	cop_time created;
} cop_community_rec;

/* Key: (community_id, member_id). */
typedef struct cop_membership_rec {
	cop_id community_id;
	cop_id member_id;
	int role;                /* cop_role */
	int status;              /* cop_membership_status */
	cop_time joined;
	int pledged_hours;
	char *handle;            /* filled in by get and list from the member; ignored on write */
} cop_membership_rec;

typedef struct cop_thread_rec {
	cop_id id;
	cop_id community_id;
	cop_id author_id;        /* nil: the system */
	int kind;                /* cop_thread_kind */
	int state;               /* cop_thread_state */
	char *title;
	char *tags;              /* normalised: lowercase, sorted, single spaces; "" when none */
	char *language;
	cop_time created;
	cop_time last_activity;
	int contribution_count;
} cop_thread_rec;

typedef struct cop_contribution_rec {
	cop_id id;
	cop_id thread_id;
	cop_id community_id;
	cop_id author_id;        /* nil: the system */
	int kind;                /* cop_contribution_kind */
	cop_id reply_to;         /* nil: none */
	cop_id translation_of;   /* nil: none */
	char *language;
	char *body;
	int format;              /* cop_body_format */
	cop_time created;
	cop_time edited;         /* 0: never */
	int revision;            /* 1 for the original body */
	int score;
} cop_contribution_rec;

/* Key: (contribution_id, number).  An earlier body of a contribution. */
typedef struct cop_revision_rec {
	cop_id contribution_id;
	cop_id community_id;
	int number;
	cop_id author_id;
	char *body;
	char *comment;           /* optional */
	cop_time created;
} cop_revision_rec;

typedef struct cop_log_rec {
	int64_t seq;             /* assigned by the backend on insert, from 1 up */
	cop_time time;
	cop_id actor_id;         /* nil: the system */
	char *op;                /* "member.create", ... */
	cop_id object_id;
	cop_id community_id;     /* nil: none */
} cop_log_rec;

typedef struct cop_search_hit_rec {
	cop_id thread_id;
	cop_id contribution_id;
	cop_id community_id;
	char *title;
	char *snippet;           /* matches between "[" and "]" */
	double score;            /* higher is better */
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
	cop_id id;
	cop_id id2;
	const char *name;
	int number;
} cop_key;

/** What to list, and in which order (keyset order in brackets). */
typedef enum cop_list_kind {
	COP_LIST_MEMBERS = 1,          /* all members [handle_lower asc] */
	COP_LIST_COMMUNITIES = 2,      /* visible [slug asc] */
	COP_LIST_MEMBERSHIPS = 3,      /* parent=community, status != left
	                                  [role desc, handle_lower asc] */
	COP_LIST_THREADS = 4,          /* parent=community, hidden filtered
	                                  [pinned desc, last_activity desc, id desc] */
	COP_LIST_THREAD_CONTRIBS = 5,  /* parent=thread [created asc, id asc] */
	COP_LIST_AUTHOR_CONTRIBS = 6,  /* parent=member, visible [created desc, id desc] */
	COP_LIST_REVISIONS = 7,        /* parent=contribution [number asc] */
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
	cop_list_kind kind;
	const cop_id *viewer;    /* NULL: the system */
	cop_id parent;
	int has_after;
	int64_t after_num;
	int64_t after_num2;
	const char *after_text;
	cop_id after_id;
	unsigned int limit;      /* 0: no limit */
} cop_query;

/** A full-text query (see cop_search_iter_new()). */
typedef struct cop_search_query {
	const cop_id *viewer;    /* NULL: the system */
	const char *text;        /* the user's query, UTF-8, validated */
	cop_id community_id;     /* nil: every visible community */
	const char *language;    /* NULL: any */
	unsigned int limit;      /* > 0 */
} cop_search_query;

typedef struct cop_backend cop_backend;
typedef struct cop_backend_iter cop_backend_iter;

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
};

/**
 * A backend instance.  Embed it first in the backend's own struct.
 * Every method is required unless marked optional.
 */
struct cop_backend {
	unsigned int version;    /* COP_BACKEND_VERSION */
	const char *name;        /* "sqlite" */

	/** Close and free the instance. */
	void (*free)(cop_backend *be);
	/** The detail of the last failure (owned by the backend). */
	const char *(*errmsg)(cop_backend *be);

	/** Transactions nest: the outermost begin starts a write transaction,
	 *  inner ones make savepoints; commit and rollback close the innermost. */
	int (*begin)(cop_backend *be);
	int (*commit)(cop_backend *be);
	int (*rollback)(cop_backend *be);

	/** Insert a record (member, community, membership, thread,
	 *  contribution, revision, log).  For COP_REC_LOG the backend assigns
	 *  rec->seq.  Contributions are indexed for search; threads' titles too.
	 *  COP_EEXISTS when a unique key is taken. */
	int (*insert)(cop_backend *be, cop_rec_kind kind, void *rec);
	/** Replace the record with the same key (member, community,
	 *  membership, thread, contribution; search index kept current).
	 *  COP_ENOTFOUND when there is none. */
	int (*update)(cop_backend *be, cop_rec_kind kind, const void *rec);
	/** Read one record by key into @p out.  COP_ENOTFOUND when absent. */
	int (*get)(cop_backend *be, cop_rec_kind kind, const cop_key *key,
	           void *out);
	/** Start a listing.  Records are of the kind the listing names. */
	int (*list)(cop_backend *be, const cop_query *q, cop_backend_iter **out);
	/** Start a full-text search; records are cop_search_hit_rec. */
	int (*search)(cop_backend *be, const cop_search_query *q,
	              cop_backend_iter **out);
	/** Count (see cop_stats); @p community NULL for the whole store. */
	int (*stats)(cop_backend *be, const cop_id *community, cop_stats *out);
	/** The highest log seq, 0 when empty. */
	int (*log_last_seq)(cop_backend *be, int64_t *out);
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
COP_EXTERN(int) cop_backend_register(const char *scheme, cop_backend_open_fn open);

/**
 * Open a backend instance for @p uri through the registry, without
 * wrapping it in a store (for wrappers such as fault injectors).
 * @param out  receives the instance, owned by the caller (be->free()).
 * @return as cop_open().
 */
COP_EXTERN(int) cop_backend_open(cop_backend **out, const char *uri,
	const cop_open_options *opts);

/**
 * Make a store over a backend instance.  The store takes ownership of
 * @p be, also on failure.
 * @return COP_OK, COP_EINVAL (NULL, unsupported version), COP_ENOMEM.
 */
COP_EXTERN(int) cop_open_backend(cop_store **out, cop_backend *be,
	const cop_open_options *opts);

/** Free the strings a backend put in a record of @p kind, and zero it. */
COP_EXTERN(void) cop_rec_clear(cop_rec_kind kind, void *rec);

COP_END_DECL

#endif
