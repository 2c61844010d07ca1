/** @file
 * search.h: full-text search over thread titles and contributions.
 */
#ifndef COP_SEARCH_H
#define COP_SEARCH_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

typedef struct cop_search_hit cop_search_hit;  /**< A search hit.  Opaque; free with cop_search_hit_free(). */
typedef struct cop_search_iter cop_search_iter;  /**< An iterator over search hits (cop_search_iter_next(), cop_search_iter_free()). */

/** Options for cop_search_iter_new(). */
typedef struct cop_search_options {
	unsigned int version;       /**< COP_SEARCH_OPTIONS_VERSION */
	const char *community;      /**< id or slug to search in; NULL: all visible */
	const char *language;       /**< only contributions in this language; NULL: any */
	unsigned int limit;         /**< most hits; 0: 50 */
	/* Version 2. */
	/** Written before each match in snippets; NULL: "[".  At most 32
	 *  bytes of UTF-8; "" marks nothing. */
	const char *mark_open;
	/** Written after each match in snippets; NULL: "]". */
	const char *mark_close;
	/** Start after this hit: a cursor from cop_search_iter_cursor() of
	 *  the same query and filters; NULL: the best hits.  The page holds
	 *  at most @c limit hits. */
	const char *after;
} cop_search_options;

/** 2: mark_open, mark_close, after.  Version 1 (without them) is still
 *  taken. */
#define COP_SEARCH_OPTIONS_VERSION 2
/** A cop_search_options with its version set and the defaults. */
#define COP_SEARCH_OPTIONS_INIT { COP_SEARCH_OPTIONS_VERSION, NULL, NULL, 0, \
	NULL, NULL, NULL }

/**
 * Markers that never occur in a snippet's text: a snippet holds no C0
 * control character but tab and newline (the others become spaces), so
 * these two (SOH and STX) mark matches unambiguously, for a program to
 * find the matches' offsets or render them its own way.
 */
#define COP_SEARCH_MARK_OPEN "\x01"
#define COP_SEARCH_MARK_CLOSE "\x02"  /**< The marker after a match (STX); COP_SEARCH_MARK_OPEN (SOH) is before. */

/**
 * Search.  The query is words (Unicode-aware, case and diacritics folded:
 * "cafe" finds "Café"); every word must match; a trailing '*' makes a word
 * a prefix; "quoted phrases" match as phrases.  Any other punctuation is
 * treated as a word separator, never as syntax.  Only what the actor may
 * see is found.  Best matches first.  A query without a word character
 * (letters and digits of any script; not punctuation, symbols, emoji or
 * marks), "" included, is always the same COP_EINVAL, "the query has no
 * words (letters or digits) to search for", on every engine.
 * Hits are ranked by score, ties in a fixed order, so pages follow one
 * another: the next page starts after cop_search_iter_cursor() of the
 * last hit of this one (a change to the index between pages may move
 * hits across the boundary, as any ranking does).
 * @return COP_OK, COP_EINVAL (no words, NULL query, bad options or
 *         cursor), COP_EENCODING,
 *         COP_ETOOBIG (query over 1000 bytes), COP_ENOTFOUND / COP_EPERM
 *         (community), COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_search_iter_new(cop_search_iter **out,
	cop_store *store, const char *query, const cop_search_options *opts);
/** @return COP_OK with a hit owned by the caller, COP_ITEROVER, or an error. */
COP_EXTERN(cop_status) cop_search_iter_next(cop_search_hit **out,
	cop_search_iter *it);
/** The cursor after the last hit returned, for cop_search_options.after;
 *  owned by the iterator, valid until its next call.  Before the first
 *  hit: the options' cursor when it started from one, else NULL. */
COP_EXTERN(const char *) cop_search_iter_cursor(const cop_search_iter *it);
/** Free the iterator; NULL is harmless. */
COP_EXTERN(void) cop_search_iter_free(cop_search_iter *it);
/** Free the object and the strings it owns; NULL is harmless. */
COP_EXTERN(void) cop_search_hit_free(cop_search_hit *h);

/** @name Borrowed getters (owned by the hit). */
/**@{*/
COP_EXTERN(const char *) cop_search_hit_thread_id(const cop_search_hit *h);
/** The contribution matched. */
COP_EXTERN(const char *) cop_search_hit_contribution_id(const cop_search_hit *h);
COP_EXTERN(const char *) cop_search_hit_community_id(const cop_search_hit *h);
COP_EXTERN(const char *) cop_search_hit_title(const cop_search_hit *h);
/** A short extract of the text with each match between the markers of
 *  cop_search_options (by default "[" and "]", which may also occur in
 *  the text: see COP_SEARCH_MARK_OPEN). */
COP_EXTERN(const char *) cop_search_hit_snippet(const cop_search_hit *h);
/** Relevance: higher is better. */
COP_EXTERN(double) cop_search_hit_score(const cop_search_hit *h);
/**@}*/

COP_END_DECL

#endif
