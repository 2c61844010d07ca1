/*
 * postgresql/search.c: full-text search (see "Search" in postgresql/pg.c).
 */
#include "postgresql/pq.h"

/* ---- search ------------------------------------------------------------------ */

typedef struct pg_unit {
	const char *s;
	size_t n;
	int phrase;
	int prefix;
} pg_unit;


/*
 * Split the user's query: "quoted phrases", and words (runs without
 * blanks or quotes) where a trailing '*' asks for a prefix.  Everything
 * else (punctuation inside words included) is left to cop_norm() on the
 * server, which makes it separators.  Returns the number of units.
 */
/* A query text built in @p buf of @p words words: COP_ENOMEM when it ran
 * out of memory, COP_EINVAL when it has no words (@p buf freed then). */
static int built(pg_backend *b, pg_buf *buf, size_t words)
{
	if (!buf->oom && words > 0)
		return COP_OK;
	cop_free(buf->p);
	buf->p = NULL;
	if (buf->oom)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	return pg_fail(b, COP_EINVAL, "the query has no words");
}

static size_t query_units(const char *q, pg_unit *u, size_t max)
{
	size_t n = 0;
	const char *s = q;

	while (*s && n < max) {
		if ((unsigned char)*s <= ' ') {
			s++;
			continue;
		}
		if (*s == '"') {
			const char *e = strchr(s + 1, '"');
			if (!e)
				e = s + strlen(s);
			u[n].s = s + 1;
			u[n].n = (size_t)(e - s - 1);
			u[n].phrase = 1;
			u[n].prefix = 0;
			s = *e ? e + 1 : e;
			if (*s == '*') {
				u[n].prefix = 1;
				s++;
			}
			n++;
			continue;
		}
		{
			const char *e = s;
			while (*e && (unsigned char)*e > ' ' && *e != '"')
				e++;
			u[n].s = s;
			u[n].n = (size_t)(e - s);
			u[n].phrase = 0;
			u[n].prefix = 0;
			while (u[n].n > 0 && s[u[n].n - 1] == '*') {
				u[n].prefix = 1;
				u[n].n--;
			}
			s = e;
			n++;
		}
	}
	return n;
}

/*
 * Build the tsquery text for @p text: each unit folded on the server,
 * words' tokens and phrases joined by &, phrase tokens by <->, ':*' on
 * a prefix unit's last token.  COP_EINVAL when nothing is left.
 */
static int query_build(pg_backend *b, const char *text, char **out)
{
	pg_unit units[256];
	size_t nu, i, j;
	pg_buf arr = { 0 }, q = { 0 };
	pg_params p;
	PGresult *r = NULL;
	int rc, terms = 0;

	*out = NULL;
	nu = query_units(text, units, sizeof(units) / sizeof(units[0]));
	/* A text[] literal of the units; blanks inside stay blanks. */
	pg_buf_str(&arr, "{");
	for (i = 0; i < nu; i++) {
		pg_buf_str(&arr, i ? ",\"" : "\"");
		for (j = 0; j < units[i].n; j++) {
			char c = units[i].s[j];
			if (c == '"' || c == '\\')
				pg_buf_add(&arr, "\\", 1);
			if ((unsigned char)c < ' ')
				c = ' ';
			pg_buf_add(&arr, &c, 1);
		}
		pg_buf_str(&arr, "\"");
	}
	pg_buf_str(&arr, "}");
	if ((rc = built(b, &arr, nu)) < 0)
		return rc;
	p.n = 0;
	pg_p_text(&p, arr.p);
	rc = pg_exec(b, S_NORM, &p, &r);
	cop_free(arr.p);
	if (rc < 0)
		return rc;
	for (i = 0; i < nu && (int)i < PQntuples(r); i++) {
		const char *t = PQgetisnull(r, (int)i, 0) ? "" :
			PQgetvalue(r, (int)i, 0);
		int ntok = 0;

		while (*t) {
			const char *e;
			while (*t == ' ')
				t++;
			if (!*t)
				break;
			e = strchr(t, ' ');
			if (!e)
				e = t + strlen(t);
			if (ntok == 0 && terms > 0)
				pg_buf_str(&q, " & ");
			if (ntok == 0 && units[i].phrase)
				pg_buf_str(&q, "(");
			if (ntok > 0)
				pg_buf_str(&q, units[i].phrase ? " <-> " : " & ");
			pg_buf_str(&q, "'");
			for (; t < e; t++) {
				if (*t == '\'' || *t == '\\')
					pg_buf_add(&q, t, 1);
				pg_buf_add(&q, t, 1);
			}
			pg_buf_str(&q, "'");
			ntok++;
			if (!*e || !e[strspn(e, " ")]) {
				if (units[i].prefix)
					pg_buf_str(&q, ":*");
				if (units[i].phrase)
					pg_buf_str(&q, ")");
			}
		}
		if (ntok)
			terms++;
	}
	PQclear(r);
	if ((rc = built(b, &q, terms)) < 0)
		return rc;
	*out = q.p;
	return COP_OK;
}

typedef pg_result_iter pg_search_iter;

static int search_next(cop_backend_iter *bi, void *rec)
{
	pg_search_iter *it = (pg_search_iter *)bi;
	int rc;

	if (it->row >= PQntuples(it->res))
		return COP_ITEROVER;
	if ((rc = pg_fill_hit(it->b, it->res, it->row, rec, 0)) < 0)
		return rc;
	it->row++;
	return COP_OK;
}

int pg_search(cop_backend *be, const cop_search_query *q,
	cop_backend_iter **out)
{
	pg_backend *b = PG(be);
	pg_search_iter *it;
	pg_params p;
	char *tsq = NULL;
	int rc;

	*out = NULL;
	b->errmsg[0] = '\0';
	if (!q->text)
		return pg_fail(b, COP_EINVAL, "the query has no words");
	it = cop__sql_iter_alloc(sizeof(*it), search_next, pg_result_iter_free);
	if (!it)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	it->b = b;
	if ((rc = query_build(b, q->text, &tsq)) < 0)
		goto fail;
	p.n = 0;
	pg_p_text(&p, tsq);
	pg_p_id(&p, &q->community_id);
	pg_p_text(&p, q->language);
	pg_p_id(&p, q->viewer);
	pg_p_int(&p, q->limit ? q->limit : 50);
	rc = pg_exec(b, q->viewer ? S_SEARCH : S_SEARCH_S, &p, &it->res);
	cop_free(tsq);
	if (rc < 0)
		goto fail;
	*out = &it->base;
	return COP_OK;
fail:
	pg_result_iter_free(&it->base);
	return rc;
}

