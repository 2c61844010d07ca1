/*
 * search.c: full-text search over thread titles and contributions.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "text.h"

#define SEARCH_QUERY_MAX 1000
#define SEARCH_LIMIT_DEFAULT 50
#define SEARCH_LIMIT_MAX 1000
#define MARK_MAX 32             /* bytes of a snippet marker */
/* The one error of a query without words, whatever it holds instead. */
#define NO_WORDS "the query has no words (letters or digits) to search for"

/*
 * A search cursor: the ranking key of a hit, "s1:<score>:<key>:<id>",
 * the score as the 16 hex digits of its IEEE 754 bits (exact), the
 * engine's tie-break key in decimal and the contribution id in 32 hex.
 */
#define CURSOR_PREFIX "s1:"

static void cursor_make(char *buf, size_t size, const cop_search_hit_rec *h)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t bits;
	char id[33];
	size_t i;

	memcpy(&bits, &h->score, sizeof(bits));
	for (i = 0; i < 16; i++) {
		id[2 * i] = hex[h->contribution_id.bytes[i] >> 4];
		id[2 * i + 1] = hex[h->contribution_id.bytes[i] & 15];
	}
	id[32] = '\0';
	snprintf(buf, size, CURSOR_PREFIX "%016llx:%lld:%s",
		(unsigned long long)bits, (long long)h->key, id);
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
		c - 'a' + 10 : -1;
}

/* Parse cursor @p c into @p q: 0, or -1 when it is not one. */
static int cursor_parse(const char *c, cop_search_query *q)
{
	uint64_t bits = 0;
	int64_t key = 0;
	size_t i;
	int neg = 0, digits = 0;

	if (strncmp(c, CURSOR_PREFIX, strlen(CURSOR_PREFIX)) != 0)
		return -1;
	c += strlen(CURSOR_PREFIX);
	for (i = 0; i < 16; i++) {
		int v = hexval((unsigned char)c[i]);
		if (v < 0)
			return -1;
		bits = bits << 4 | (uint64_t)v;
	}
	c += 16;
	if (*c++ != ':')
		return -1;
	if (*c == '-') {
		neg = 1;
		c++;
	}
	for (; *c >= '0' && *c <= '9'; c++, digits++) {
		if (digits >= 18)
			return -1;
		key = key * 10 + (*c - '0');
	}
	if (!digits || *c++ != ':')
		return -1;
	for (i = 0; i < 16; i++) {
		int hi = hexval((unsigned char)c[2 * i]), lo;
		if (hi < 0 || (lo = hexval((unsigned char)c[2 * i + 1])) < 0)
			return -1;
		q->after_id.bytes[i] = (unsigned char)(hi << 4 | lo);
	}
	if (c[32] != '\0')
		return -1;
	memcpy(&q->after_score, &bits, sizeof(bits));
	if (q->after_score != q->after_score)       /* NaN */
		return -1;
	q->after_key = neg ? -key : key;
	q->has_after = 1;
	return 0;
}

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
	if (o.after && cursor_parse(o.after, &sq) < 0)
		return cop__error(s, COP_EINVAL, "malformed search cursor");
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
	/* Before the first hit, the cursor is the one the page started at. */
	if (o.after)
		snprintf(it->cursor, sizeof(it->cursor), "%s", o.after);
	*out = (cop_search_iter *)it;
	return cop__ok(s);
}

int cop_search_iter_next(cop_search_hit **out, cop_search_iter *sit)
{
	cop__iter *it = (cop__iter *)sit;
	void *obj = NULL;
	int rc;

	if (!out)
		return COP_EINVAL;
	*out = NULL;
	if (!it)
		return COP_EINVAL;
	if ((rc = cop__iter_next(it, &obj)) != COP_OK)
		return rc;
	*out = obj;
	cursor_make(it->cursor, sizeof(it->cursor), &(*out)->r);
	return COP_OK;
}

const char *cop_search_iter_cursor(const cop_search_iter *it)
{
	return it ? cop__iter_cursor((cop__iter *)it) : NULL;
}

void cop_search_iter_free(cop_search_iter *it)
{
	if (it)
		cop__iter_free((cop__iter *)it);
}


COP__FREE_FN(cop_search_hit)
COP__GETTER_ID(cop_search_hit, thread_id)
COP__GETTER_ID(cop_search_hit, contribution_id)
COP__GETTER_ID(cop_search_hit, community_id)
COP__GETTER_TEXT(cop_search_hit, title)
COP__GETTER_TEXT(cop_search_hit, snippet)
COP__GETTER(cop_search_hit, score, double, 0.0)
