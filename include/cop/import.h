/** @file
 * libcop: importing a community from elsewhere: the options and the
 * report every import shares, the Stack Exchange data dump import
 * (docs/import.md; needs libxml2: a build without it answers
 * COP_ENOTSUP) and the mailing-list archive import (mbox, with GMime:
 * docs/mail-archives.md).
 */
#ifndef COP_IMPORT_H
#define COP_IMPORT_H

#include "common.h"
#include "errors.h"
#include "contribution.h"

COP_BEGIN_DECL

/** Called now and then while an import reads @p file: @p done of
 *  @p total bytes (total 0 when unknown).  Must not call into the store. */
typedef void (*cop_progress_fn)(void *ctx, const char *file,
	uint64_t done, uint64_t total);

#define COP_IMPORT_OPTIONS_VERSION 1  /**< The version of cop_import_options this header knows. */

/** Options of an import: start from COP_IMPORT_OPTIONS_INIT (or zero
 *  them and set version), then set what you need.  NULL: the defaults. */
typedef struct cop_import_options {
	unsigned int version;        /**< COP_IMPORT_OPTIONS_VERSION */
	/** Slug of the community to import into.  Stack Exchange: NULL for
	 *  the folder's name made into a slug; created when absent.  JSON:
	 *  NULL for the document's own slug. */
	const char *community;
	cop_progress_fn progress;    /**< NULL: no progress reports */
	void *progress_ctx;      /**< passed to progress as it is */
} cop_import_options;

/** A cop_import_options with its version set and the defaults. */
#define COP_IMPORT_OPTIONS_INIT { COP_IMPORT_OPTIONS_VERSION, NULL, NULL, NULL }

#define COP_IMPORT_REPORT_VERSION 2  /**< The version of cop_import_report this header knows. */

/** What an import did.  Counts are of rows newly written; rows already
 *  imported before (same source id) are counted in @c unchanged.  Filled
 *  in by the import (its version too); COP_IMPORT_REPORT_INIT zeroes
 *  one.  Fields are only ever appended. */
typedef struct cop_import_report {
	unsigned int version;        /**< COP_IMPORT_REPORT_VERSION */
	int64_t members;         /**< members created */
	int64_t threads;         /**< threads created */
	int64_t contributions;       /**< all kinds, first posts included */
	int64_t revisions;       /**< earlier revisions written */
	int64_t votes;           /**< votes written */
	int64_t accepted;        /**< accepted answers written */
	int64_t kudos;           /**< kudos written */
	int64_t badges;          /**< badges awarded */
	int64_t links;           /**< thread links written */
	int64_t unchanged;       /**< rows imported before (same source id), left as they are */
	/* Rows naming something the input does not hold (deleted posts,
	 * unknown users): counted and skipped, never fatal. */
	/** Rows skipped because what they name is not in the input (see above). @{ */
	int64_t skipped_votes;
	int64_t skipped_links;
	int64_t skipped_comments;
	int64_t skipped_revisions;
	int64_t skipped_badges;
	/** @} */
	int64_t skipped_posts;       /**< e.g. tag wikis, answers without a question */
	int64_t skipped_accepts;     /**< accepted answers missing from the input */
	/** Rows of kinds libcop has no place for, read and left out (Stack
	 *  Exchange: votes other than up and down, post history other than
	 *  body revisions, post links other than related and duplicate). */
	int64_t ignored;
	/** Version 2: entries of threads' histories written (Stack
	 *  Exchange: titles, tags, closing, reopening, locking and
	 *  unlocking; docs/import.md; JSON: the records of
	 *  thread_history, docs/json.md). */
	int64_t history;
} cop_import_report;

/** A cop_import_report with its version set, every count 0. */
#define COP_IMPORT_REPORT_INIT { COP_IMPORT_REPORT_VERSION, \
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0,  0, 0 }

/**
 * Import an official Stack Exchange data dump (the folder holding
 * Users.xml, Posts.xml, Comments.xml, Votes.xml, Badges.xml,
 * PostHistory.xml, PostLinks.xml, Tags.xml; all but Users.xml and
 * Posts.xml may be missing), streamed with libxml2's reader so memory
 * stays flat whatever the dump's size.  Each file is parsed in a second
 * thread, a few batches of rows ahead of the calling thread, which
 * alone writes them and calls opts->progress (docs/import.md).
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
COP_EXTERN(cop_status) cop_import_stackexchange(cop_import_report *out,
	cop_store *store, const char *dir, const cop_import_options *opts);

/**
 * Import mailing-list archives: mbox files and Mailman's monthly archives
 * (plain or gzip-compressed, Mailman's obfuscated "user at example.org"
 * From lines included), read with GMime 3's mbox parser, the files in the
 * order given as one archive (docs/mail-archives.md).
 *
 * Each distinct From address becomes a member: the member that has the
 * address (cop_member_email) or a new one, its handle made from the
 * address (made unique), the sender's name as its name, the address
 * recorded unverified; each is made a member of the community.  The
 * messages are threaded by the JWZ algorithm (References, then
 * In-Reply-To, then the subject without its "Re:" and "[list]"
 * prefixes): a thread's root, or the earliest message of a thread whose
 * root is missing, starts a discussion thread (its subject the title);
 * the others are replies with reply_to set to the nearest message above
 * them.  Times come from Date (UTC), bodies from the text part
 * (text/plain preferred; text/html kept as COP_FORMAT_HTML) decoded to
 * UTF-8 whatever their charset.  A message without a Message-ID gets a
 * stable synthetic one ("<sha256 hex>@mbox.libcop.invalid" of its
 * address, date, subject and text).  Messages without a From address or
 * a Date, and repeats of a Message-ID, are skipped (skipped_posts).
 *
 * Message-IDs are remembered (cop_mail_message), so importing the same
 * archive again changes nothing (counted in unchanged); a later archive's
 * replies to messages imported before go on in their threads.  Runs as
 * the system (the store's actor must be the system).  The whole import is
 * one transaction: on any failure the store is as it was before, and the
 * message (cop_errmsg()) names the file and the reason.
 *
 * @param out     receives the counts (members, threads, contributions,
 *                unchanged, skipped_posts; may be NULL).
 * @param files   the files' paths, @p nfiles of them.
 * @param opts    its community (required): the community's slug, created
 *                (public) when absent; progress reports (each file as it
 *                is read, @p total its size; then "(writing)", @p done
 *                and @p total counting messages).
 * @return COP_OK, COP_EINVAL (bad arguments, no community, an actor is
 *         set), COP_ENOTFOUND (no such file), COP_EFORMAT (not an mbox
 *         file, a damaged gzip file), COP_EREADONLY, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_import_mbox(cop_import_report *out,
	cop_store *store, const char *const *files, size_t nfiles,
	const cop_import_options *opts);

/**
 * Look up the contribution a mail message became, by its Message-ID
 * (without angle brackets, as imported by cop_import_mbox()).
 * @param out  receives a new object, owned by the caller
 *             (cop_contribution_free()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (no such message, or one the
 *         actor may not see: the two look the same), COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_mbox_message_lookup(cop_contribution **out,
	cop_store *store, const char *message_id);

COP_END_DECL

#endif /* COP_IMPORT_H */
