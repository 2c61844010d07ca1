/** @file
 * tag.h: a community's tags as its vocabulary.
 *
 * A tag is a record of its community, named as threads' tags are (1-35
 * characters of a-z 0-9 + # . -), with a description (a short text, the
 * tag wiki's excerpt on a Stack Exchange import), a longer text (the tag
 * wiki's body), the tag it is a synonym of, and a count: the threads
 * tagged with it, kept by the store itself as threads are created,
 * moved, hidden, shown or deleted.  A tag exists once a thread uses it or
 * it is described; it stays when no thread uses it any more.
 *
 * Reads follow the community's visibility: a community the actor may not
 * see is refused as missing (COP_ENOTFOUND), and a tag's count is the
 * threads the actor sees (a hidden thread counts only for the
 * community's facilitators and owners, and the system).
 *
 * Facilitators, owners and the system describe, rename and merge tags.
 * Renaming rewrites the tag in every thread of the community; merging
 * moves every thread from one tag to another and leaves the first a
 * synonym of the second; a thread created (or retagged) with a synonym
 * gets the tag it stands for.  Every write is permission-checked, bad
 * input changes nothing, and each is in the change log ("tag.describe",
 * "tag.rename", "tag.merge", their object the community).
 * docs/tags.md describes the whole.
 */
#ifndef COP_TAG_H
#define COP_TAG_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** Longest description (excerpt), in bytes. */
#define COP_TAG_EXCERPT_MAX 4000
/** Longest longer text (wiki), in bytes. */
#define COP_TAG_WIKI_MAX 200000

typedef struct cop_tag cop_tag;  /**< A tag.  Opaque; free with cop_tag_free(). */
typedef struct cop_tag_iter cop_tag_iter;  /**< An iterator over tags (cop_tag_iter_next(), cop_tag_iter_free()). */

/** The order of a listing of tags. */
typedef enum cop_tag_order {
	COP_TAGS_BY_NAME = 0,    /**< by name */
	COP_TAGS_BY_USES = 1     /**< most used first, then by name */
} cop_tag_order;

COP_EXTERN(const char *) cop_tag_order_name(cop_tag_order o);  /**< The static name of a cop_tag_order value ("name", "uses"); NULL for an unknown one. */
COP_EXTERN(cop_status) cop_tag_order_parse(cop_tag_order *out,
	const char *name);  /**< Parse a cop_tag_order name, as above: COP_OK or COP_EINVAL. */

/**
 * Look up tag @p name of @p community.
 * @param out        receives the tag (caller owns: cop_tag_free()).
 * @param community  id or slug.
 * @param name       a tag's name (its case is folded).
 * @return COP_OK, COP_EINVAL (bad arguments, or @p name not one tag),
 *         COP_ETOOBIG (@p name longer than 35 characters), COP_EENCODING,
 *         COP_ENOTFOUND (no such tag, or a community the actor may not
 *         see), COP_ENOTSUP (a backend without tags), COP_ENOMEM,
 *         COP_EIO.
 */
COP_EXTERN(cop_status) cop_tag_lookup(cop_tag **out, cop_store *store,
	const char *community, const char *name);

/**
 * A community's tags, synonyms too, by name or most used first, by keyset
 * pages (@p page may be NULL; a cursor is good for the order it came
 * from).  Counts are as the actor sees them.
 * @param out  receives the iterator (caller owns: cop_tag_iter_free()).
 * @return COP_OK, COP_EINVAL (bad arguments or cursor), COP_ENOTFOUND
 *         (also a community the actor may not see), COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_tag_iter_new(cop_tag_iter **out, cop_store *store,
	const char *community, cop_tag_order order, const cop_page *page);
/** The next tag (caller owns: cop_tag_free()); COP_ITEROVER at the end. */
COP_EXTERN(cop_status) cop_tag_iter_next(cop_tag **out, cop_tag_iter *it);
/** The cursor after the last tag returned (borrowed from @p it), or NULL
 *  before the first. */
COP_EXTERN(const char *) cop_tag_iter_cursor(const cop_tag_iter *it);
/** Free an iterator (NULL is fine); the tags it gave stay the caller's. */
COP_EXTERN(void) cop_tag_iter_free(cop_tag_iter *it);

/**
 * Describe tag @p name of @p community: its description @p excerpt and
 * longer text @p wiki (NULL or "": none; both replace what was there).
 * The tag is made when it does not exist.  Facilitators, owners and the
 * system.  Logged as "tag.describe".
 * @param out  NULL, or receives the tag (caller owns: cop_tag_free()).
 * @return COP_OK, COP_EINVAL (bad name or arguments), COP_EENCODING,
 *         COP_ETOOBIG (a name longer than 35 characters, texts longer
 *         than COP_TAG_EXCERPT_MAX or COP_TAG_WIKI_MAX), COP_ENOTFOUND
 *         (community), COP_EPERM,
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_tag_describe(cop_tag **out, cop_store *store,
	const char *community, const char *name, const char *excerpt,
	const char *wiki);

/**
 * Rename tag @p name of @p community to @p new_name: every thread tagged
 * with it is tagged @p new_name instead, the tag keeps its description,
 * and its synonyms become synonyms of @p new_name.  Facilitators, owners
 * and the system.  Logged as "tag.rename".
 * @param out  NULL, or receives the renamed tag (caller owns).
 * @return COP_OK, COP_EINVAL (bad names, the same name), COP_ETOOBIG
 *         and COP_EENCODING (bad names), COP_ENOTFOUND (no such tag or
 *         community), COP_EEXISTS (@p new_name is a tag: merge instead),
 *         COP_EPERM, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_tag_rename(cop_tag **out, cop_store *store,
	const char *community, const char *name, const char *new_name);

/**
 * Merge tag @p name of @p community into @p into: every thread tagged
 * @p name is tagged @p into instead (once), @p name becomes a synonym of
 * @p into (so threads created with it get @p into), and the synonyms of
 * @p name become those of @p into.  @p into is made when it does not
 * exist; it may not itself be a synonym.  Facilitators, owners and the
 * system.  Logged as "tag.merge".
 * @param out  NULL, or receives the tag @p into (caller owns).
 * @return COP_OK, COP_EINVAL (bad names, the same name, @p into a
 *         synonym), COP_ETOOBIG and COP_EENCODING (bad names),
 *         COP_ENOTFOUND (no tag @p name, no community),
 *         COP_EPERM, COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_tag_merge(cop_tag **out, cop_store *store,
	const char *community, const char *name, const char *into);

/**
 * How many tags of @p community are used by a thread the actor sees
 * (*used) and how many have a description or longer text (*described).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND (also a community the actor
 *         may not see), COP_ENOTSUP, COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_tag_counts(cop_store *store, const char *community,
	int64_t *used, int64_t *described);

/** Free a tag (NULL is fine). */
COP_EXTERN(void) cop_tag_free(cop_tag *t);
/** The tag's community id (borrowed). */
COP_EXTERN(const char *) cop_tag_community_id(const cop_tag *t);
/** The tag's name (borrowed). */
COP_EXTERN(const char *) cop_tag_name(const cop_tag *t);
/** Its description, NULL when none (borrowed). */
COP_EXTERN(const char *) cop_tag_excerpt(const cop_tag *t);
/** Its longer text, NULL when none (borrowed). */
COP_EXTERN(const char *) cop_tag_wiki(const cop_tag *t);
/** The tag it is a synonym of, NULL when none (borrowed). */
COP_EXTERN(const char *) cop_tag_synonym_of(const cop_tag *t);
/** The threads tagged with it that the reader sees. */
COP_EXTERN(int64_t) cop_tag_uses(const cop_tag *t);
/** When it was made. */
COP_EXTERN(cop_time) cop_tag_created(const cop_tag *t);
/** When it was last described (its creation time when never). */
COP_EXTERN(cop_time) cop_tag_updated(const cop_tag *t);

COP_END_DECL

#endif
