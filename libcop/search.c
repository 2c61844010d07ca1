/*
 * search.c: full-text search over thread titles and contributions.
 */
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "text.h"

#define SEARCH_QUERY_MAX 1000
#define SEARCH_LIMIT_DEFAULT 50
#define SEARCH_LIMIT_MAX 1000
#define MARK_MAX 32             /* bytes of a snippet marker */
/* The one error of a query without words, whatever it holds instead. */
#define NO_WORDS "the query has no words (letters or digits) to search for"

int cop_search_iter_new(cop_search_iter **out, cop_store *s,
	const char *query, const cop_search_options *opts)
{
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	cop_search_query sq;
	cop_community_rec c;
	cop__access acc;
	cop_backend_iter *bi = NULL;
	cop__iter *it = NULL;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK)
		return rc;
	if (opts) {
		if (opts->version == 1)
			memcpy(&o, opts, offsetof(cop_search_options, mark_open));
		else if (opts->version == COP_SEARCH_OPTIONS_VERSION)
			o = *opts;
		else
			return cop__error(s, COP_EINVAL, "unsupported "
				"cop_search_options version %u", opts->version);
		o.version = COP_SEARCH_OPTIONS_VERSION;
	}
	if ((o.mark_open && (rc = cop__check_text(s, o.mark_open, "mark_open",
			1, MARK_MAX, MARK_MAX)) != COP_OK) ||
	    (o.mark_close && (rc = cop__check_text(s, o.mark_close,
			"mark_close", 1, MARK_MAX, MARK_MAX)) != COP_OK))
		return rc;
	if (!query)
		return cop__error(s, COP_EINVAL, "query is NULL");
	/* "" is a query without words like any other. */
	if ((rc = cop__check_text(s, query, "query", 1, SEARCH_QUERY_MAX,
			SEARCH_QUERY_MAX)) != COP_OK)
		return rc;
	if (!cop__text_has_word(query))
		return cop__error(s, COP_EINVAL, NO_WORDS);
	if (o.community && !*o.community)
		return cop__error(s, COP_EINVAL,
			"community is empty (NULL searches every community)");
	if (o.language && (rc = cop__check_language(s, o.language, "language"))
			!= COP_OK)
		return rc;

	memset(&sq, 0, sizeof(sq));
	sq.viewer = cop__actor(s);
	sq.text = query;
	sq.language = o.language;
	sq.mark_open = o.mark_open ? o.mark_open : "[";
	sq.mark_close = o.mark_close ? o.mark_close : "]";
	sq.limit = o.limit == 0 ? SEARCH_LIMIT_DEFAULT :
		o.limit > SEARCH_LIMIT_MAX ? SEARCH_LIMIT_MAX : o.limit;
	if (o.community) {
		memset(&c, 0, sizeof(c));
		rc = cop__community_resolve(s, o.community, &c, &acc);
		sq.community_id = c.id;
		cop_rec_clear(COP_REC_COMMUNITY, &c);
		if (rc != COP_OK)
			return rc;
	}
	if ((rc = s->be->search(s->be, &sq, &bi)) != COP_OK) {
		/* The engine found no words either: the same error. */
		if (rc == COP_EINVAL)
			return cop__error(s, COP_EINVAL, NO_WORDS);
		return cop__be_error(s, rc, "searching");
	}
	if ((rc = cop__iter_from_backend(&it, s, bi, COP_REC_SEARCH_HIT))
			!= COP_OK)
		return rc;
	*out = (cop_search_iter *)it;
	return cop__ok(s);
}

COP__ITER_NEXT_FREE(cop_search, cop_search_hit)


COP__FREE_FN(cop_search_hit)
COP__GETTER_ID(cop_search_hit, thread_id)
COP__GETTER_ID(cop_search_hit, contribution_id)
COP__GETTER_ID(cop_search_hit, community_id)
COP__GETTER_TEXT(cop_search_hit, title)
COP__GETTER_TEXT(cop_search_hit, snippet)
COP__GETTER(cop_search_hit, score, double, 0.0)
