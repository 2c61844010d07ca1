/*
 * libcop: moving communities in and out.  Stack Exchange dump import,
 * JSON export and import of a whole community, a member's own data
 * (export and erasure), thread links and imported badges.
 */
#ifndef COP_INTEROP_H
#define COP_INTEROP_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- imports ------------------------------------------------------------------ */

/** Called now and then while an import reads @p file: @p done of
 *  @p total bytes (total 0 when unknown).  Must not call into the store. */
typedef void (*cop_progress_fn)(void *ctx, const char *file,
	uint64_t done, uint64_t total);

#define COP_IMPORT_OPTIONS_VERSION 1

/** Options of an import; zero them, set version, then what you need. */
typedef struct cop_import_options {
	int version;                 /**< COP_IMPORT_OPTIONS_VERSION */
	/** Slug of the community to import into.  Stack Exchange: NULL for
	 *  the folder's name made into a slug; created when absent.  JSON:
	 *  NULL for the document's own slug. */
	const char *community;
	cop_progress_fn progress;    /**< NULL: no progress reports */
	void *progress_ctx;
} cop_import_options;

#define COP_IMPORT_REPORT_VERSION 1

/** What an import did.  Counts are of rows newly written; rows already
 *  imported before (same source id) are counted in @c unchanged. */
typedef struct cop_import_report {
	int version;                 /**< COP_IMPORT_REPORT_VERSION */
	int64_t members;
	int64_t threads;
	int64_t contributions;       /**< all kinds, first posts included */
	int64_t revisions;
	int64_t votes;
	int64_t accepted;
	int64_t kudos;
	int64_t badges;
	int64_t links;
	int64_t unchanged;
	/* Rows naming something the input does not hold (deleted posts,
	 * unknown users): counted and skipped, never fatal. */
	int64_t skipped_votes;
	int64_t skipped_links;
	int64_t skipped_comments;
	int64_t skipped_revisions;
	int64_t skipped_badges;
	int64_t skipped_posts;       /**< e.g. tag wikis, answers without a question */
	int64_t skipped_accepts;     /**< accepted answers missing from the input */
	/** Rows of kinds libcop has no place for, read and left out (Stack
	 *  Exchange: votes other than up and down, post history other than
	 *  body revisions, post links other than related and duplicate). */
	int64_t ignored;
} cop_import_report;

/**
 * Import an official Stack Exchange data dump (the folder holding
 * Users.xml, Posts.xml, Comments.xml, Votes.xml, Badges.xml,
 * PostHistory.xml, PostLinks.xml, Tags.xml; all but Users.xml and
 * Posts.xml may be missing), streamed with libxml2's reader so memory
 * stays flat whatever the dump's size.
 *
 * Users become members, questions question threads with their first
 * contribution, then answers, comments, tags, accepted answers, votes
 * (anonymous: the dumps do not say who voted), badges (as awarded, with
 * their dates, under their own names), post history as revisions and
 * post links as thread links.  Original timestamps are kept; bodies are
 * kept as HTML (COP_FORMAT_HTML).  Source ids are remembered, so
 * importing the same dump again changes nothing.  Runs as the system
 * (the store's actor must be the system).
 *
 * The whole import is one transaction: on any failure the store is as
 * it was before, and the message (cop_errmsg()) names the file, the line
 * and the reason.
 *
 * @param out   receives the counts (may be NULL).
 * @param dir   the dump's folder.
 * @param opts  NULL for defaults.
 * @return COP_OK, COP_EINVAL (bad arguments, an actor is set),
 *         COP_ENOTFOUND (no such folder or no Users.xml/Posts.xml),
 *         COP_EFORMAT (malformed XML, invalid UTF-8, a missing required
 *         attribute), COP_EREADONLY, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(int) cop_import_stackexchange(cop_import_report *out,
	cop_store *store, const char *dir, const cop_import_options *opts);

/* ---- JSON ------------------------------------------------------------------------ */

/**
 * Write everything a community holds that the actor may see (the
 * community, its members' public profiles and memberships, threads,
 * contributions and their revisions, links, votes, accepted answers,
 * kudos, the reputation ledger, standings, badges, import source ids and
 * configuration) as one JSON document to the file descriptor @p fd,
 * streamed one record per line (docs/json.md).  Hidden threads, and
 * everything hanging on them, are written only for facilitators, owners
 * and the system.  The output is deterministic: exporting, importing
 * into an empty store (of either backend) and exporting again gives the
 * same bytes.  The records are read in pages outside a transaction: a
 * store written to meanwhile may give a document mixing before and
 * after.
 * @param community  id or slug.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOMEM,
 *         COP_EIO (also when writing to @p fd fails).
 */
COP_EXTERN(int) cop_export_json(cop_store *store, const char *community,
	int fd);

/**
 * Import a document written by cop_export_json() from @p fd, keeping its
 * ids and times, in one transaction, as the system (the store's actor
 * must be the system).  Works across backends.  Members already in the
 * store (same id) are kept as they are.  The document is read one
 * record at a time (memory stays bounded; no record may exceed 4 MiB).
 * Period totals are rebuilt from the ledger; when the document is a
 * partial view (exported by a member who could not see everything), the
 * counters that disagree with it are repaired as cop_verify() would, so
 * a later verification finds nothing.  Contributions are indexed for
 * search.  @p opts->community imports under another slug (the ids stay,
 * so a community cannot be imported twice into one store).
 * @param out  receives the counts (may be NULL); filled on success.
 * @return COP_OK, COP_EINVAL (bad arguments or slug), COP_EPERM (an
 *         actor is set), COP_EEXISTS (the community's id or slug, another
 *         record's id, or a handle taken by another member),
 *         COP_EFORMAT (not a libcop document, another version, malformed
 *         JSON, invalid UTF-8, a missing or invalid field, a record
 *         naming a thread or contribution the document does not hold, a
 *         record the API would refuse: an author without a membership
 *         in the community, a vote on one's own contribution, kudos to
 *         oneself, a contribution replying to itself;
 *         the message gives the line, and the column where jansson
 *         gives one), COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM, COP_EIO
 *         (also when reading @p fd fails).  On failure nothing changes.
 */
COP_EXTERN(int) cop_import_json(cop_import_report *out, cop_store *store,
	int fd, const cop_import_options *opts);

/* ---- a member's own data ----------------------------------------------------------- */

/**
 * Write everything the store holds about one member as one JSON
 * document to @p fd: profile, memberships, contributions, votes cast,
 * kudos given and received, reputation ledger and standings, badges
 * (docs/privacy.md), streamed.  Allowed to the member themself and to
 * the system.
 * @param member  id or handle.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOMEM,
 *         COP_EIO (also when writing to @p fd fails), COP_ENOTSUP.
 */
COP_EXTERN(int) cop_member_export_json(cop_store *store, const char *member,
	int fd);

/** What happens to an erased member's contributions in a community. */
typedef enum cop_erasure_policy {
	COP_ERASE_ANONYMIZE = 0,   /**< kept, under an anonymous name (default) */
	COP_ERASE_REMOVE = 1       /**< removed, with what hangs on them */
} cop_erasure_policy;

/** Static name ("anonymize", "remove"), NULL for unknown values. */
COP_EXTERN(const char *) cop_erasure_policy_name(cop_erasure_policy p);
/** Parse a policy's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(int) cop_erasure_policy_parse(cop_erasure_policy *out,
	const char *name);

/**
 * Set a community's erasure policy (facilitators, owners, the system).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_EREADONLY,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(int) cop_community_set_erasure(cop_store *store,
	const char *community, cop_erasure_policy policy);

/** A community's erasure policy.  @return COP_OK, COP_EINVAL,
 *  COP_ENOTFOUND, COP_EPERM, COP_EIO. */
COP_EXTERN(int) cop_community_erasure(cop_erasure_policy *out,
	cop_store *store, const char *community);

/**
 * Erase a member (themself or the system): their profile's personal
 * data goes (handle, display name, organisation, languages), their
 * contributions are kept anonymously or removed per each community's
 * policy, and scores, counts and reputation stay consistent
 * (cop_verify() finds no difference afterwards).  The profile keeps
 * its id under a placeholder handle ("erased-" and hex digits), the
 * status COP_MEMBER_DELETED, and every membership ends ("left"), so the
 * member can no longer act.  Kudos messages they wrote are replaced;
 * votes they cast are kept under the erased profile.  One transaction;
 * on failure nothing changes (docs/privacy.md).
 * @param member  id or handle.
 * @return COP_OK, COP_EINVAL (also for a member already erased),
 *         COP_ENOTFOUND, COP_EPERM, COP_EREADONLY, COP_ENOMEM, COP_EIO,
 *         COP_ENOTSUP.
 */
COP_EXTERN(int) cop_member_erase(cop_store *store, const char *member);

/* ---- thread links -------------------------------------------------------------------- */

/** Kinds of link between two threads. */
typedef enum cop_link_kind {
	COP_LINK_RELATED = 0,
	COP_LINK_DUPLICATE = 1     /**< the thread duplicates the target */
} cop_link_kind;

typedef struct cop_link cop_link;
typedef struct cop_link_iter cop_link_iter;

/** Static name ("related", "duplicate"), NULL for unknown values. */
COP_EXTERN(const char *) cop_link_kind_name(cop_link_kind k);
/** Parse a link kind's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(int) cop_link_kind_parse(cop_link_kind *out, const char *name);

/**
 * Link thread @p thread_id to @p target_id (same community; facilitators,
 * owners, the system).
 * @return COP_OK, COP_EINVAL (bad ids, a thread linked to itself, two
 *         communities), COP_EEXISTS, COP_ENOTFOUND, COP_EPERM,
 *         COP_EREADONLY, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(int) cop_thread_link(cop_store *store, const char *thread_id,
	const char *target_id, cop_link_kind kind);

/** List a thread's links (by target id).  @return COP_OK, COP_EINVAL,
 *  COP_ENOTFOUND, COP_EPERM, COP_ENOMEM, COP_EIO. */
COP_EXTERN(int) cop_link_iter_new(cop_link_iter **out, cop_store *store,
	const char *thread_id);
/** Next link (caller owns it: cop_link_free()), or COP_ITEROVER;
 *  COP_EINVAL for NULL arguments, COP_ENOMEM, COP_EIO. */
COP_EXTERN(int) cop_link_iter_next(cop_link **out, cop_link_iter *it);
/** Free an iterator and what it still holds; NULL is harmless. */
COP_EXTERN(void) cop_link_iter_free(cop_link_iter *it);
/** Free a link; NULL is harmless. */
COP_EXTERN(void) cop_link_free(cop_link *l);

/* Borrowed getters, valid while the link lives. */
COP_EXTERN(const char *) cop_link_thread_id(const cop_link *l);
COP_EXTERN(const char *) cop_link_target_id(const cop_link *l);
COP_EXTERN(cop_link_kind) cop_link_kind_get(const cop_link *l);
COP_EXTERN(cop_time) cop_link_created(const cop_link *l);

#ifdef __cplusplus
}
#endif

#endif /* COP_INTEROP_H */
