/*
 * postgresql/search.c: full-text search (see "Search" in postgresql/pg.c).
 */
#include "postgresql/pq.h"
#include "text.h"

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
	/* A text[] literal of the units; blanks inside stay blanks.  CJK
	 * runs become bigrams, as in the index, and the unit a phrase. */
	pg_buf_str(&arr, "{");
	for (i = 0; i < nu; i++) {
		const char *us = units[i].s;
		size_t un = units[i].n;
		char *cjk = NULL;

		if (cop__text_cjk_bigrams(us, un, &cjk) < 0)
			arr.oom = 1;
		if (cjk) {
			us = cjk;
			un = strlen(cjk);
			units[i].phrase = 1;
		}
		pg_buf_str(&arr, i ? ",\"" : "\"");
		for (j = 0; j < un; j++) {
			char c = us[j];
			if (c == '"' || c == '\\')
				pg_buf_add(&arr, "\\", 1);
			if ((unsigned char)c < ' ')
				c = ' ';
			pg_buf_add(&arr, &c, 1);
		}
		pg_buf_str(&arr, "\"");
		cop_free(cjk);
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

/* The hits, and the snippets of their HTML bodies made apart. */
typedef struct pg_search_iter {
	pg_result_iter r;
	PGresult *hl;      /* S_HEADLINE's rows, or NULL */
	int *hl_row;       /* a hit's row there, -1 for none */
} pg_search_iter;

static int search_next(cop_backend_iter *bi, void *rec)
{
	pg_search_iter *it = (pg_search_iter *)bi;
	cop_search_hit_rec *h = rec;
	int rc, k;

	if (it->r.row >= PQntuples(it->r.res))
		return COP_ITEROVER;
	if ((rc = pg_fill_hit(it->r.b, it->r.res, it->r.row, h, 0)) < 0)
		return rc;
	k = it->hl_row ? it->hl_row[it->r.row] : -1;
	if (k >= 0) {
		cop_free(h->snippet);
		h->snippet = NULL;
		if ((rc = pg_r_text(it->r.b, it->hl, k, 0, &h->snippet, 0)) < 0) {
			cop_rec_clear(COP_REC_SEARCH_HIT, h);
			return rc;
		}
	}
	if (!h->snippet && !(h->snippet = cop_strdup(""))) {
		cop_rec_clear(COP_REC_SEARCH_HIT, h);
		return pg_fail(it->r.b, COP_ENOMEM, "out of memory");
	}
	it->r.row++;
	return COP_OK;
}

static void search_free(cop_backend_iter *bi)
{
	pg_search_iter *it = (pg_search_iter *)bi;

	if (!it)
		return;
	PQclear(it->hl);
	cop_free(it->hl_row);
	pg_result_iter_free(bi);
}

/* ts_headline's options with the markers of @p q, into @p out: each
 * value quoted ("" for a quote). */
static void headline_opts(pg_buf *out, const cop_search_query *q)
{
	const char *m[2], *s;
	int i;

	m[0] = q->mark_open ? q->mark_open : "[";
	m[1] = q->mark_close ? q->mark_close : "]";
	for (i = 0; i < 2; i++) {
		pg_buf_str(out, i ? ", StopSel=\"" : "StartSel=\"");
		for (s = m[i]; *s; s++) {
			if (*s == '"')
				pg_buf_str(out, "\"\"");
			else
				pg_buf_add(out, s, 1);
		}
		pg_buf_str(out, "\"");
	}
	pg_buf_str(out, ", MinWords=8, MaxWords=24, ShortWord=1");
}

/* Add @p s to the text[] literal in @p arr, quoted. */
static void array_add(pg_buf *arr, const char *s, int first)
{
	pg_buf_str(arr, first ? "{\"" : ",\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			pg_buf_add(arr, "\\", 1);
		pg_buf_add(arr, s, 1);
	}
	pg_buf_str(arr, "\"");
}

/*
 * The snippets of the hits whose body is HTML (column 6 of the hits:
 * the body, else NULL): made by ts_headline from their text, in one
 * round trip.
 */
static int html_snippets(pg_backend *b, pg_search_iter *it, const char *tsq,
	const char *opts)
{
	int i, n = PQntuples(it->r.res), k = 0, rc;
	pg_buf arr = { 0 };
	pg_params p;

	for (i = 0; i < n; i++) {
		char *text = NULL;
		const char *body;

		if (PQgetisnull(it->r.res, i, 6))
			continue;
		if (!it->hl_row) {
			int j;
			if (!(it->hl_row = cop_malloc(sizeof(int) * (size_t)n)))
				goto oom;
			for (j = 0; j < n; j++)
				it->hl_row[j] = -1;
		}
		body = PQgetvalue(it->r.res, i, 6);
		if (cop__html_text(body, (size_t)PQgetlength(it->r.res, i, 6),
				&text) < 0)
			goto oom;
		if (!text) {    /* no libxml2: the body, without controls */
			if (!(text = cop_strdup(body)))
				goto oom;
			cop__text_no_controls(text, strlen(text));
		}
		array_add(&arr, text, k == 0);
		cop_free(text);
		it->hl_row[i] = k++;
	}
	if (k == 0)
		return COP_OK;
	pg_buf_str(&arr, "}");
	if (arr.oom)
		goto oom;
	p.n = 0;
	pg_p_text(&p, tsq);
	pg_p_text(&p, arr.p);
	pg_p_text(&p, opts);
	rc = pg_exec(b, S_HEADLINE, &p, &it->hl);
	cop_free(arr.p);
	if (rc < 0)
		return rc;
	if (PQntuples(it->hl) != k)
		return pg_fail(b, COP_ECORRUPT, "%s: %d snippets for %d texts",
			pg_stmts[S_HEADLINE].name, PQntuples(it->hl), k);
	return COP_OK;
oom:
	cop_free(arr.p);
	return pg_fail(b, COP_ENOMEM, "out of memory");
}

int pg_search(cop_backend *be, const cop_search_query *q,
	cop_backend_iter **out)
{
	pg_backend *b = PG(be);
	pg_search_iter *it;
	pg_params p;
	pg_buf opts = { 0 };
	char *tsq = NULL, score[40];
	int rc;

	*out = NULL;
	b->errmsg[0] = '\0';
	if (!q->text)
		return pg_fail(b, COP_EINVAL, "the query has no words");
	it = cop__sql_iter_alloc(sizeof(*it), search_next, search_free);
	if (!it)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	it->r.b = b;
	if ((rc = query_build(b, q->text, &tsq)) < 0)
		goto fail;
	headline_opts(&opts, q);
	if (opts.oom) {
		rc = pg_fail(b, COP_ENOMEM, "out of memory");
		goto fail;
	}
	p.n = 0;
	pg_p_text(&p, tsq);
	pg_p_id(&p, &q->community_id);
	pg_p_text(&p, q->language);
	pg_p_id(&p, q->viewer);
	pg_p_int(&p, q->limit ? q->limit : 50);
	pg_p_text(&p, opts.p);
	if (q->has_after) {     /* ts_rank is a real: exact as %.9g */
		snprintf(score, sizeof(score), "%.9g", q->after_score);
		pg_p_text(&p, score);
		pg_p_key(&p, &q->after_id);
	} else {
		pg_p_null(&p);
		pg_p_null(&p);
	}
	rc = pg_exec(b, q->viewer ? S_SEARCH : S_SEARCH_S, &p, &it->r.res);
	if (rc >= 0)
		rc = html_snippets(b, it, tsq, opts.p);
	if (rc < 0)
		goto fail;
	cop_free(tsq);
	cop_free(opts.p);
	*out = &it->r.base;
	return COP_OK;
fail:
	cop_free(tsq);
	cop_free(opts.p);
	search_free(&it->r.base);
	return rc;
}
