/** @file
 * digest.h: what happened in a member's communities, or in one
 * community, over a period: a digest.
 *
 * A digest covers the half-open period [since, until) of the store's
 * clock (cop_store_now()): an item that happened at exactly `until` is
 * in the next digest, not this one.  Its sections, in order:
 *
 *  - new threads: threads created in the period;
 *  - unanswered questions: questions created in the period that have no
 *    accepted answer and are not closed;
 *  - accepted answers: answers accepted in the period;
 *  - most helpful: contributions ranked by the score they gained in the
 *    period (the sum of the weights of the votes cast in it that still
 *    stand, as cop_contribution_score() counts them), highest first;
 *    only those that gained more than 0;
 *  - new summaries: contributions of the summary kind created or revised
 *    (edited) in the period;
 *  - kudos given in the period, and badges awarded in it;
 *  - upcoming events (event.h): those not cancelled that start in the
 *    fourteen days after the digest's end, soonest first; an item's
 *    title is the event's, its time the start, its text where it is
 *    (the place, else the link), its points how many answered yes.
 *
 * Each section holds at most the options' limit of items per community
 * (COP_DIGEST_LIMIT by default).  Only what the reader may see is in it,
 * by the one visibility rule of the library: a community's digest is
 * read as the actor sees it; a member's is read as that member: their
 * communities (memberships active or silenced), never a private
 * community's content to an outsider, nor a hidden thread or a hidden
 * contribution (nor kudos or a badge for one) to a member who may not
 * see it.  In a member's digest the threads in the member's languages
 * come first in the new-thread and unanswered sections.
 *
 * A member's digest can be marked as sent (cop_digest_mark_sent()): the
 * next one of that member whose start is not given starts where it
 * ended, so consecutive marked digests neither miss nor repeat an item.
 */
#ifndef COP_DIGEST_H
#define COP_DIGEST_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

typedef struct cop_digest cop_digest;  /**< A digest.  Opaque; free with cop_digest_free(). */
typedef struct cop_digest_item cop_digest_item;  /**< A digest item.  Opaque; owned by what it came from (see its getters). */

/** A digest's sections, in the order they are shown. */
typedef enum cop_digest_section {
	COP_DIGEST_THREADS = 0,     /**< new threads */
	COP_DIGEST_UNANSWERED = 1,  /**< unanswered questions */
	COP_DIGEST_ACCEPTED = 2,    /**< newly accepted answers */
	COP_DIGEST_HELPFUL = 3,     /**< most helpful contributions */
	COP_DIGEST_SUMMARIES = 4,   /**< new summaries */
	COP_DIGEST_KUDOS = 5,       /**< people recognised: kudos */
	COP_DIGEST_BADGES = 6,      /**< people recognised: badges */
	COP_DIGEST_EVENTS = 7       /**< events in the fortnight after the end */
} cop_digest_section;

/** How many sections a digest has. */
#define COP_DIGEST_SECTIONS 8

/** The length of a digest when neither its start nor a sent mark says. */
typedef enum cop_digest_period {
	COP_DIGEST_DAY = 0,         /**< 24 hours */
	COP_DIGEST_WEEK = 1,        /**< 7 days */
	COP_DIGEST_MONTH = 2        /**< 30 days */
} cop_digest_period;

/** What cop_digest_render() writes. */
typedef enum cop_digest_format {
	COP_DIGEST_TEXT = 0,        /**< plain text */
	COP_DIGEST_MARKDOWN = 1,    /**< CommonMark, member text escaped */
	COP_DIGEST_HTML = 2         /**< HTML made by libcmark from the
	                                 CommonMark, raw HTML left out */
} cop_digest_format;

/** The most items a section holds per community by default. */
#define COP_DIGEST_LIMIT 20
/** The most it may hold. */
#define COP_DIGEST_LIMIT_MAX 1000

#define COP_DIGEST_OPTIONS_VERSION 1  /**< The version of cop_digest_options this header knows. */

/** How a digest is made.  Zeroed fields take their defaults. */
typedef struct cop_digest_options {
	unsigned int version;       /**< COP_DIGEST_OPTIONS_VERSION */
	cop_digest_period period;   /**< the length when since is 0 */
	/** The start: 0 for the end of the member's last digest marked as
	 *  sent, or (no mark, or a community's digest) until minus the
	 *  period. */
	cop_time since;
	/** The end (excluded): 0 for now. */
	cop_time until;
	/** The most items per section and community: 0 for
	 *  COP_DIGEST_LIMIT, at most COP_DIGEST_LIMIT_MAX. */
	unsigned int limit;
} cop_digest_options;

/** Initialise @p opts to the defaults (a week ending now). */
COP_EXTERN(void) cop_digest_options_init(cop_digest_options *opts);

/** Static names ("threads", "unanswered", "accepted", "helpful",
 *  "summaries", "kudos", "badges", "events"), NULL for unknown values. */
COP_EXTERN(const char *) cop_digest_section_name(cop_digest_section s);
/** Parse a section's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_digest_section_parse(cop_digest_section *out,
	const char *name);
/** Static names ("day", "week", "month"), NULL for unknown values. */
COP_EXTERN(const char *) cop_digest_period_name(cop_digest_period p);
/** Parse a period's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_digest_period_parse(cop_digest_period *out,
	const char *name);
/** Static names ("text", "md", "html"), NULL for unknown values. */
COP_EXTERN(const char *) cop_digest_format_name(cop_digest_format f);
/** Parse a format's name.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_digest_format_parse(cop_digest_format *out,
	const char *name);

/**
 * A community's digest, as the actor sees it (the system sees all).
 * @param out        receives the digest (caller owns: cop_digest_free()).
 * @param community  its id or slug.
 * @param opts       NULL for the defaults.
 * @return COP_OK, COP_EINVAL (bad arguments: since not before until, an
 *         unknown period, a limit above COP_DIGEST_LIMIT_MAX),
 *         COP_ENOTFOUND (also a community the actor may not see),
 *         COP_ENOTSUP (a backend without digests), COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_digest_community(cop_digest **out,
	cop_store *store, const char *community, const cop_digest_options *opts);

/**
 * A member's digest: their communities, read as that member.  For the
 * member themselves and the system.
 * @param member  the member's id or handle.
 * @param opts    NULL for the defaults; since 0 starts at the end of the
 *                member's last digest marked as sent, if any.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (no such member), COP_EPERM
 *         (another member's digest), COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_digest_member(cop_digest **out, cop_store *store,
	const char *member, const cop_digest_options *opts);

/**
 * Mark a member's digest as sent: the member's next digest without a
 * given start starts at its end.  For the member and the system; logged
 * ("digest.sent", its object the member).
 * @return COP_OK, COP_EINVAL (NULL, a community's digest, a digest that
 *         ends before the last one marked: marking it would repeat
 *         items), COP_EPERM, COP_EREADONLY, COP_ENOTSUP, COP_ENOMEM,
 *         COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_digest_mark_sent(cop_store *store,
	const cop_digest *d);

/** Free a digest and its items; NULL is harmless. */
COP_EXTERN(void) cop_digest_free(cop_digest *d);

/** @name A digest's fields (borrowed, valid while the digest lives). */
/**@{*/
/** Its start (included). */
COP_EXTERN(cop_time) cop_digest_since(const cop_digest *d);
/** Its end (excluded). */
COP_EXTERN(cop_time) cop_digest_until(const cop_digest *d);
/** The member's id of a member's digest, else NULL. */
COP_EXTERN(const char *) cop_digest_member_id(const cop_digest *d);
/** The member's handle of a member's digest, else NULL. */
COP_EXTERN(const char *) cop_digest_member_handle(const cop_digest *d);
/** The community's slug of a community's digest, else NULL. */
COP_EXTERN(const char *) cop_digest_community_slug(const cop_digest *d);
/** How many items section @p sec holds (0 for an unknown section). */
COP_EXTERN(size_t) cop_digest_count(const cop_digest *d,
	cop_digest_section sec);
/** Item @p i of section @p sec (borrowed), NULL past the end. */
COP_EXTERN(const cop_digest_item *) cop_digest_item_at(const cop_digest *d,
	cop_digest_section sec, size_t i);
/**@}*/

/** @name An item's fields (borrowed strings, valid while the digest
 *  lives; NULL where the item has none). */
/**@{*/
COP_EXTERN(cop_digest_section)
	cop_digest_item_section_get(const cop_digest_item *it);
COP_EXTERN(const char *)
	cop_digest_item_community_id(const cop_digest_item *it);
COP_EXTERN(const char *)
	cop_digest_item_community_slug(const cop_digest_item *it);
/** The thread (NULL for kudos and badges on no contribution). */
COP_EXTERN(const char *) cop_digest_item_thread_id(const cop_digest_item *it);
/** The answer, helpful contribution, summary, or what kudos or a badge
 *  was for; else NULL. */
COP_EXTERN(const char *)
	cop_digest_item_contribution_id(const cop_digest_item *it);
/** Who it is about: the thread's or contribution's author, the kudos'
 *  recipient, the badge's holder (NULL: the system). */
COP_EXTERN(const char *) cop_digest_item_member_id(const cop_digest_item *it);
COP_EXTERN(const char *)
	cop_digest_item_member_handle(const cop_digest_item *it);
/** Who acted: the acceptor of an answer, the giver of kudos. */
COP_EXTERN(const char *) cop_digest_item_actor_id(const cop_digest_item *it);
COP_EXTERN(const char *)
	cop_digest_item_actor_handle(const cop_digest_item *it);
/** The thread's title. */
COP_EXTERN(const char *) cop_digest_item_title(const cop_digest_item *it);
COP_EXTERN(const char *) cop_digest_item_language(const cop_digest_item *it);
/** A summary's body, a kudos' message. */
COP_EXTERN(const char *) cop_digest_item_text(const cop_digest_item *it);
/** When it happened, within the digest's period. */
COP_EXTERN(cop_time) cop_digest_item_time(const cop_digest_item *it);
/** Threads: their contributions; accepted answers: the score; helpful
 *  contributions: the score gained in the period; summaries: the
 *  revision; else 0. */
COP_EXTERN(int64_t) cop_digest_item_points(const cop_digest_item *it);
/** Badges: the badge's name (cop_badge_name(), or an imported badge's
 *  own). */
COP_EXTERN(const char *) cop_digest_item_badge(const cop_digest_item *it);
/**@}*/

/**
 * Render a digest: plain text, CommonMark (member text escaped, so a
 * title or a message cannot make markup or links), or HTML (libcmark's
 * rendering of that CommonMark, raw HTML left out).
 * @param out  receives the text, NUL-terminated (caller owns: cop_free()).
 * @return COP_OK, COP_EINVAL (NULL, an unknown format), COP_ENOMEM.
 */
COP_EXTERN(cop_status) cop_digest_render(char **out, const cop_digest *d,
	cop_digest_format format);

COP_END_DECL

#endif
