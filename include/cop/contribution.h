/** @file
 * contribution.h: posts, replies, answers, comments, resources, summaries,
 * and their revision history.
 */
#ifndef COP_CONTRIBUTION_H
#define COP_CONTRIBUTION_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

typedef struct cop_contribution cop_contribution;  /**< A contribution.  Opaque; free with cop_contribution_free(). */
typedef struct cop_contribution_iter cop_contribution_iter;  /**< An iterator over contributions (cop_contribution_iter_next(), cop_contribution_iter_free()). */
typedef struct cop_revision cop_revision;  /**< A revision.  Opaque; free with cop_revision_free(). */
typedef struct cop_revision_iter cop_revision_iter;  /**< An iterator over revisions (cop_revision_iter_next(), cop_revision_iter_free()). */

/** What a contribution is in its thread. */
typedef enum cop_contribution_kind {
	COP_CONTRIB_POST = 0,      /**< the first contribution of a thread */
	COP_CONTRIB_REPLY = 1,
	COP_CONTRIB_ANSWER = 2,    /**< only in question threads */
	COP_CONTRIB_COMMENT = 3,   /**< needs reply_to */
	COP_CONTRIB_RESOURCE = 4,
	COP_CONTRIB_SUMMARY = 5    /**< only facilitators, owners, the system */
} cop_contribution_kind;

/** Body formats. */
typedef enum cop_body_format {
	COP_FORMAT_MARKDOWN = 0,   /**< CommonMark */
	COP_FORMAT_HTML = 1        /**< imported HTML, kept as it was */
} cop_body_format;

/** Static name of a body format ("markdown", "html"), NULL for unknown
 *  values. */
COP_EXTERN(const char *) cop_body_format_name(cop_body_format f);
/** Parse such a name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_body_format_parse(cop_body_format *out,
	const char *name);

/** Most bytes in one body. */
#define COP_BODY_MAX (256 * 1024)

/** Static name of a kind ("post", "answer"...), NULL for unknown values. */
COP_EXTERN(const char *) cop_contribution_kind_name(cop_contribution_kind k);
/** Parse a kind's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_contribution_kind_parse(cop_contribution_kind *out,
	const char *name);

/**
 * Add a contribution to a thread, by the actor.
 *
 * @param out             receives the contribution (caller owns it), or NULL.
 * @param thread_id       text id of the thread.
 * @param kind            any kind but COP_CONTRIB_POST.
 * @param reply_to        NULL, or the text id of a contribution in the same
 *                        thread (required for comments).
 * @param translation_of  NULL, or the text id of a contribution in the same
 *                        thread that this one translates.
 * @param language        BCP 47 tag, NULL for the thread's language.
 * @param body            CommonMark, 1 byte to COP_BODY_MAX of UTF-8.
 * @return COP_OK, COP_EINVAL, COP_ETOOBIG, COP_EENCODING, COP_ENOTFOUND,
 *         COP_EPERM (not an active member, silenced, banned, thread closed
 *         or locked, summary by a non-facilitator), COP_EREADONLY,
 *         COP_ENOMEM, COP_EIO.  On failure nothing is changed.
 */
COP_EXTERN(cop_status) cop_contribution_create(cop_contribution **out,
	cop_store *store, const char *thread_id, cop_contribution_kind kind,
	const char *reply_to, const char *translation_of,
	const char *language, const char *body);

/**
 * Edit a contribution: its author, the system, a moderator of its
 * community (an active facilitator or owner, or a member holding the
 * moderate privilege), or an active member with the edit-others
 * privilege (trust level, see recognition.h).  The previous body is kept
 * as a revision, which records who made the edit
 * (cop_revision_editor_id()).
 *
 * @param out      receives the edited contribution (caller owns it), or NULL.
 * @param body     the new body (as for creation).
 * @param comment  NULL or a short note on the edit (up to 500 characters).
 * @return COP_OK, COP_EINVAL, COP_ETOOBIG, COP_EENCODING, COP_ENOTFOUND,
 *         COP_EPERM, COP_EREADONLY, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_contribution_edit(cop_contribution **out,
	cop_store *store, const char *contribution_id, const char *body,
	const char *comment);

/**
 * Look up a contribution.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND ("no such contribution": none,
 *         or one the actor may not see, the two alike).
 */
COP_EXTERN(cop_status) cop_contribution_lookup(cop_contribution **out,
	cop_store *store, const char *contribution_id);

/** Free the object and the strings it owns; NULL is harmless. */
COP_EXTERN(void) cop_contribution_free(cop_contribution *c);

/** @name Borrowed getters (owned by the contribution object). */
/**@{*/
COP_EXTERN(const char *) cop_contribution_id(const cop_contribution *c);
COP_EXTERN(const char *) cop_contribution_thread_id(const cop_contribution *c);
COP_EXTERN(const char *) cop_contribution_community_id(const cop_contribution *c);
/** Author's text id, or NULL for the system. */
COP_EXTERN(const char *) cop_contribution_author_id(const cop_contribution *c);
COP_EXTERN(cop_contribution_kind) cop_contribution_kind_get(const cop_contribution *c);
/** Text id, or NULL. */
COP_EXTERN(const char *) cop_contribution_reply_to(const cop_contribution *c);
/** Text id, or NULL. */
COP_EXTERN(const char *) cop_contribution_translation_of(const cop_contribution *c);
COP_EXTERN(const char *) cop_contribution_language(const cop_contribution *c);
COP_EXTERN(const char *) cop_contribution_body(const cop_contribution *c);
COP_EXTERN(cop_body_format) cop_contribution_format(const cop_contribution *c);
COP_EXTERN(cop_time) cop_contribution_created(const cop_contribution *c);
/** Time of the last edit, 0 when never edited. */
COP_EXTERN(cop_time) cop_contribution_edited(const cop_contribution *c);
/** Revision number of the current body: 1 for the original (a value,
 *  not a status). */
COP_EXTERN(int) cop_contribution_revision(const cop_contribution *c);
/** The score kept current by votes (0 until votes exist; a value, not
 *  a status). */
COP_EXTERN(int) cop_contribution_score(const cop_contribution *c);
/** 1 when a moderator hid it (cop_contribution_hide(), moderation.h):
 *  only its author, its community's facilitators and owners and the
 *  system see it then; else 0. */
COP_EXTERN(int) cop_contribution_hidden(const cop_contribution *c);
/** 1 when it has a source score (cop_contribution_source_score()),
 *  0 when not: one made through the API has none. */
COP_EXTERN(int) cop_contribution_has_source_score(const cop_contribution *c);
/** The score it had where it was imported from (a Stack Exchange
 *  dump's Score of the post or comment, docs/import.md), kept apart
 *  from cop_contribution_score(), which is the sum of the votes held
 *  here; 0 when it has none (cop_contribution_has_source_score()).  A
 *  value, not a status. */
COP_EXTERN(int) cop_contribution_source_score(const cop_contribution *c);
/**@}*/

/**
 * Iterate over a thread's contributions in the order they were made.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_contribution_iter_new(cop_contribution_iter **out,
	cop_store *store, const char *thread_id, const cop_page *page);

/**
 * Iterate over a member's contributions, newest first, only those the
 * actor may see.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_contribution_iter_by_author(
	cop_contribution_iter **out, cop_store *store, const char *member_id,
	const cop_page *page);

/** The next item into *out (the caller owns it: cop_contribution_free()).
 *  @return COP_OK, COP_ITEROVER at the end, COP_EINVAL, COP_ENOMEM, COP_EIO. */
COP_EXTERN(cop_status) cop_contribution_iter_next(cop_contribution **out,
	cop_contribution_iter *it);
/** The cursor after the last item returned, for cop_page.after; owned by
 *  the iterator, valid until its next call.  Before the first item: the
 *  page's cursor when it started from one, else NULL. */
COP_EXTERN(const char *) cop_contribution_iter_cursor(const cop_contribution_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_contribution_iter_free(cop_contribution_iter *it);

/**
 * Iterate over a contribution's earlier revisions, oldest first (the
 * current body is the contribution's own).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_revision_iter_new(cop_revision_iter **out,
	cop_store *store, const char *contribution_id);
/** The next item into *out (the caller owns it: cop_revision_free()).
 *  @return COP_OK, COP_ITEROVER at the end, COP_EINVAL, COP_ENOMEM, COP_EIO. */
COP_EXTERN(cop_status) cop_revision_iter_next(cop_revision **out,
	cop_revision_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_revision_iter_free(cop_revision_iter *it);
/** Free the object and the strings it owns; NULL is harmless. */
COP_EXTERN(void) cop_revision_free(cop_revision *r);

/** @name Borrowed getters (owned by the revision object). */
/**@{*/
COP_EXTERN(const char *) cop_revision_contribution_id(const cop_revision *r);
/** The revision's number, from 1 (a value, not a status). */
COP_EXTERN(int) cop_revision_number(const cop_revision *r);
/** Who wrote this revision's body: text id, or NULL for the system. */
COP_EXTERN(const char *) cop_revision_author_id(const cop_revision *r);
COP_EXTERN(const char *) cop_revision_body(const cop_revision *r);
/** The edit note that replaced this revision, or NULL. */
COP_EXTERN(const char *) cop_revision_comment(const cop_revision *r);
COP_EXTERN(cop_time) cop_revision_created(const cop_revision *r);
/** Who made the edit that replaced this revision's text (with its note,
 *  cop_revision_comment()): the author, a moderator or a member with the
 *  edit-others privilege; text id, or NULL for the system.  Revisions
 *  older than this field: their contribution's author. */
COP_EXTERN(const char *) cop_revision_editor_id(const cop_revision *r);
/** When its text was redacted (cop_revision_redact(): the body is then
 *  COP_REDACTED_TEXT), 0 when it was not. */
COP_EXTERN(cop_time) cop_revision_redacted(const cop_revision *r);
/**@}*/

COP_END_DECL

#endif
