/*
 * sqlite/search.c: full-text search over FTS5 (see "Search" in
 * sqlite/schema.c).
 */
#include "sqlite/sq.h"
#include "text.h"

/*
 * Turn the user's query into an FTS5 query that cannot be a syntax
 * error: "quoted phrases" and words (runs without blanks or quotes, a
 * trailing '*' asking for a prefix) become FTS5 strings, with inner
 * quotes doubled, joined by spaces (AND).  Units without a word
 * character (cop__text_is_word()) are dropped.  *out is NULL when nothing is left.
 */
int sq_fts_query(const char *text, char **out)
{
	const char *s = text;
	size_t len = strlen(text), n = 0;
	char *q;
	int terms = 0;

	*out = NULL;
	q = cop_malloc(len * 7 + 8);
	if (!q)
		return COP_ENOMEM;
	while (*s) {
		const char *u, *e, *p;
		size_t ul, i;
		int prefix = 0, word = 0;

		if ((unsigned char)*s <= ' ') {
			s++;
			continue;
		}
		if (*s == '"') {
			u = s + 1;
			e = strchr(u, '"');
			if (!e)
				e = u + strlen(u);
			ul = (size_t)(e - u);
			s = *e ? e + 1 : e;
			if (*s == '*') {
				prefix = 1;
				s++;
			}
		} else {
			u = s;
			e = s;
			while (*e && (unsigned char)*e > ' ' && *e != '"')
				e++;
			ul = (size_t)(e - u);
			s = e;
			while (ul > 0 && u[ul - 1] == '*') {
				prefix = 1;
				ul--;
			}
		}
		for (p = u; p < u + ul && !word; )
			word = cop__text_is_word(cop__text_next(&p));
		if (!word)
			continue;
		if (terms++)
			q[n++] = ' ';
		q[n++] = '"';
		for (i = 0; i < ul; i++) {
			char c = u[i];
			if ((unsigned char)c < ' ')
				c = ' ';
			if (c == '"')
				q[n++] = '"';
			q[n++] = c;
		}
		q[n++] = '"';
		if (prefix) {
			q[n++] = ' ';
			q[n++] = '*';
		}
	}
	q[n] = '\0';
	if (!terms) {
		cop_free(q);
		return COP_OK;
	}
	*out = q;
	return COP_OK;
}

int sq_search_fill(sq_iter *it, cop_search_hit_rec *h)
{
	sq_backend *b = it->b;
	sqlite3_stmt *st = it->st, *sn;
	int rc;

	memset(h, 0, sizeof(*h));
	if ((rc = sq_c_id(b, st, 1, &h->thread_id)) < 0 ||
	    (rc = sq_c_id(b, st, 2, &h->contribution_id)) < 0 ||
	    (rc = sq_c_id(b, st, 3, &h->community_id)) < 0)
		goto fail;
	h->score = sqlite3_column_double(st, 4);
	h->key = sqlite3_column_int64(st, 0);
	/* The title and snippet of this hit only. */
	if ((rc = sq_prep(b, S_SNIPPET, &sn)) < 0)
		goto fail;
	if (sqlite3_bind_text(sn, 1, it->match, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(sn, 4, it->mark_open, -1, SQLITE_STATIC) !=
		SQLITE_OK ||
	    sqlite3_bind_text(sn, 5, it->mark_close, -1, SQLITE_STATIC) !=
		SQLITE_OK ||
	    sqlite3_bind_int64(sn, 2, sqlite3_column_int64(st, 0)) != SQLITE_OK ||
	    sq_b_key(sn, 3, &h->thread_id) != SQLITE_OK) {
		rc = sq_err(b, sqlite3_errcode(b->db), sq_stmts[S_SNIPPET].name);
		goto fail;
	}
	rc = sqlite3_step(sn);
	if (rc == SQLITE_ROW) {
		if ((rc = sq_c_text(b, sn, 0, &h->snippet)) == COP_OK)
			rc = sq_c_text(b, sn, 1, &h->title);
	} else if (rc == SQLITE_DONE) {
		rc = COP_OK;
	} else {
		rc = sq_err(b, rc, sq_stmts[S_SNIPPET].name);
	}
	sqlite3_reset(sn);
	if (rc < 0)
		goto fail;
	if ((!h->snippet && !(h->snippet = cop_strdup(""))) ||
	    (!h->title && !(h->title = cop_strdup("")))) {
		rc = sq_fail(b, COP_ENOMEM, "out of memory");
		goto fail;
	}
	return COP_OK;
fail:
	sq_rec_drop(b, COP_REC_SEARCH_HIT, h);
	return rc;
}

int sq_search(cop_backend *be, const cop_search_query *q,
	cop_backend_iter **out)
{
	sq_backend *b = SQ(be);
	sq_iter *it;
	sqlite3_stmt *st;
	char *match = NULL;
	int rc, brc = 0;

	*out = NULL;
	b->errmsg[0] = '\0';
	if (!q->text)
		return sq_fail(b, COP_EINVAL, "the query has no words");
	if ((rc = sq_fts_query(q->text, &match)) < 0)
		return sq_fail(b, rc, "out of memory");
	if (!match)     /* no words to look for: the core checks them first */
		return sq_fail(b, COP_EINVAL, "the query has no words");
	if ((rc = sq_iter_new(b, S_SEARCH, COP_REC_SEARCH_HIT, &it)) < 0) {
		cop_free(match);
		return rc;
	}
	it->match = match;
	it->mark_open = cop_strdup(q->mark_open ? q->mark_open : "[");
	it->mark_close = cop_strdup(q->mark_close ? q->mark_close : "]");
	if (!it->mark_open || !it->mark_close) {
		sq_iter_free(&it->base);
		return sq_fail(b, COP_ENOMEM, "out of memory");
	}
	st = it->st;
	brc |= sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	brc |= sq_bt_id(st, 2, &q->community_id);
	brc |= sq_bt_text(st, 3, q->language);
	brc |= sq_bt_id(st, 4, q->viewer);
	it->search_limit = q->limit ? q->limit : SQ_SEARCH_LIMIT;
	/* Without filters every match is a hit: the best `limit` are the
	 * answer.  With filters, rank a few times more and retry with all
	 * when too few pass (sq_iter_step()). */
	it->search_k = (cop_id_is_nil(&q->community_id) && !q->language &&
		!q->viewer) ? it->search_limit : it->search_limit * 4 + 64;
	/* A later page: rank every match (the cursor's hit may be anywhere). */
	if (q->has_after) {
		it->search_k = -1;
		brc |= sqlite3_bind_int(st, 7, 1);
		brc |= sqlite3_bind_double(st, 8, q->after_score);
		brc |= sqlite3_bind_int64(st, 9, q->after_key);
	}
	brc |= sq_b_int(st, 5, it->search_limit);
	brc |= sqlite3_bind_int64(st, 6, it->search_k);
	return sq_iter_begin(it, brc, S_SEARCH, out);
}


/*
 * The full-text index against the contributions it is built from
 * (cop_backend.check_index): FTS5's integrity-check with rank 1 reads
 * every row of the content view and compares, which is as long as the
 * index; a difference is SQLITE_CORRUPT_VTAB.  The repair is FTS5's
 * rebuild, from the view.
 */
int sq_check_index(cop_backend *be, int repair, char **problem)
{
	sq_backend *b = SQ(be);
	int rc;

	*problem = NULL;
	if (b->readonly)
		return COP_OK;
	rc = sqlite3_exec(b->db, "INSERT INTO cop_fts (cop_fts, rank) "
		"VALUES ('integrity-check', 1)", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return COP_OK;
	if ((rc & 0xff) != SQLITE_CORRUPT)
		return sq_err(b, rc, "checking the search index");
	if (!(*problem = cop_strdup("search index: it does not match the "
	    "contributions (rebuilt by a repair)")))
		return sq_fail(b, COP_ENOMEM, "out of memory");
	if (!repair)
		return COP_OK;
	rc = sqlite3_exec(b->db, "INSERT INTO cop_fts (cop_fts) VALUES "
		"('rebuild')", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return COP_OK;
	cop_free(*problem);
	*problem = NULL;
	return sq_err(b, rc, "rebuilding the search index");
}

/*
 * cop_text(format, body): what the full-text index reads of a
 * contribution: the text of an HTML body (cop__html_text()), any other
 * body as it is (so too an HTML body when libcop has no libxml2) but for
 * its C0 controls other than tab and newline, made spaces (text.h).
 */
static void fn_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *body;
	char *text;

	(void)argc;
	if (sqlite3_value_type(argv[1]) != SQLITE_TEXT) {
		sqlite3_result_value(ctx, argv[1]);
		return;
	}
	body = (const char *)sqlite3_value_text(argv[1]);
	if (!body) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (sqlite3_value_int(argv[0]) != COP_FORMAT_HTML) {
		size_t n = (size_t)sqlite3_value_bytes(argv[1]);

		if (!cop__text_has_controls(body, n)) {
			sqlite3_result_value(ctx, argv[1]);
			return;
		}
		if (!(text = cop_strndup(body, n))) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		cop__text_no_controls(text, n);
		sqlite3_result_text(ctx, text, (int)n, cop_free);
		return;
	}
	if (cop__html_text(body, (size_t)sqlite3_value_bytes(argv[1]),
			&text) < 0) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (!text) {
		sqlite3_result_value(ctx, argv[1]);
		return;
	}
	sqlite3_result_text(ctx, text, -1, cop_free);
}

/*
 * The tokenizer "cop" (docs/search.md): unicode61 with diacritics removed
 * for everything but runs of CJK characters, which become their
 * overlapping bigrams (a character alone: itself), as Lucene's
 * CJKAnalyzer makes them, at index and at query time.  Offsets are the
 * text's own, so snippets show it as it is.
 */
typedef struct cop_tok {
	fts5_tokenizer inner;       /* unicode61's methods */
	Fts5Tokenizer *u61;         /* unicode61 remove_diacritics 2 */
} cop_tok;

/* unicode61's tokens of a piece of the text, at its offset there. */
typedef struct tok_piece {
	void *ctx;
	int (*token)(void *, int, const char *, int, int, int);
	int off;
} tok_piece;

static int piece_token(void *arg, int flags, const char *t, int n,
	int start, int end)
{
	tok_piece *p = arg;

	return p->token(p->ctx, flags, t, n, start + p->off, end + p->off);
}

static int tok_create(void *api, const char **argv, int argc,
	Fts5Tokenizer **out)
{
	static const char *u61_args[] = { "remove_diacritics", "2" };
	fts5_api *fts = api;
	cop_tok *t;
	void *ud = NULL;
	int rc;

	(void)argv;
	*out = NULL;
	if (argc != 0)
		return SQLITE_ERROR;
	if (!(t = sqlite3_malloc(sizeof(*t))))
		return SQLITE_NOMEM;
	memset(t, 0, sizeof(*t));
	rc = fts->xFindTokenizer(fts, "unicode61", &ud, &t->inner);
	if (rc == SQLITE_OK)
		rc = t->inner.xCreate(ud, u61_args, 2, &t->u61);
	if (rc != SQLITE_OK) {
		sqlite3_free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *tk)
{
	cop_tok *t = (cop_tok *)tk;

	if (t) {
		t->inner.xDelete(t->u61);
		sqlite3_free(t);
	}
}

/* The length of the character at @p s (of @p n bytes) and whether it is
 * CJK; a byte that starts no character is one byte, not CJK. */
static int char_len(const char *s, int n, int *cjk)
{
	size_t k = cop__utf8_seq((const unsigned char *)s,
		(size_t)(n < 4 ? n : 4));
	const char *p = s;

	if (k == 0) {
		*cjk = 0;
		return 1;
	}
	*cjk = cop__text_is_cjk(cop__text_next(&p));
	return (int)k;
}

static int tok_tokenize(Fts5Tokenizer *tk, void *ctx, int flags,
	const char *text, int n,
	int (*token)(void *, int, const char *, int, int, int))
{
	cop_tok *t = (cop_tok *)tk;
	tok_piece piece;
	int i = 0, rc = SQLITE_OK;

	piece.ctx = ctx;
	piece.token = token;
	while (i < n && rc == SQLITE_OK) {
		int j = i, k, cjk, start = i, prev = -1, run = 0;

		/* The text up to the next CJK character: unicode61's.  A
		 * CJK character's first byte is 0xe1 or above (U+1100 up), and
		 * no other byte of a character is: those below are passed
		 * over one by one without decoding. */
		while (j < n) {
			if ((unsigned char)text[j] < 0xe1) {
				j++;
				continue;
			}
			k = char_len(text + j, n - j, &cjk);
			if (cjk)
				break;
			j += k;
		}
		if (j > i) {
			piece.off = i;
			rc = t->inner.xTokenize(t->u61, &piece, flags, text + i,
				j - i, piece_token);
		}
		/* A run of CJK characters: its bigrams. */
		start = j;
		while (j < n && rc == SQLITE_OK) {
			k = char_len(text + j, n - j, &cjk);
			if (!cjk)
				break;
			if (prev >= 0)
				rc = token(ctx, 0, text + prev, j + k - prev, prev,
					j + k);
			prev = j;
			run++;
			j += k;
		}
		if (run == 1 && rc == SQLITE_OK)
			rc = token(ctx, 0, text + start, j - start, start, j);
		i = j;
	}
	return rc;
}

/*
 * cop_rank(cop_fts, title weight, body weight): a match's score for a
 * reader who is not the system, from its own row only.  bm25() weighs a
 * term by how rare it is in the whole index (its IDF) and a row's length
 * against the index's average: both count rows the reader may not see,
 * so comparing scores could confirm that a private text holds a guessed
 * word.  This is bm25's term-frequency part alone, with a fixed average
 * length (COP_RANK_AVGLEN tokens): each phrase's hits in a column,
 * saturated (k1 1.2) and normalised by that column's length (b 0.75),
 * times the column's weight, summed.  Higher is better.
 */
#define COP_RANK_AVGLEN 64.0
static void fn_rank(const Fts5ExtensionApi *x, Fts5Context *fc,
	sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int nphrase = x->xPhraseCount(fc), ncol = x->xColumnCount(fc);
	int ninst, i, p, c, off, len;
	double score = 0.0;

	if (x->xInstCount(fc, &ninst) != SQLITE_OK) {
		sqlite3_result_error(ctx, "cop_rank: no instances", -1);
		return;
	}
	for (p = 0; p < nphrase; p++) {
		for (c = 0; c < ncol; c++) {
			double tf = 0.0, w = c < argc ?
				sqlite3_value_double(argv[c]) : 1.0;
			int ip, ic;
			for (i = 0; i < ninst; i++)
				if (x->xInst(fc, i, &ip, &ic, &off) == SQLITE_OK &&
				    ip == p && ic == c)
					tf += 1.0;
			if (tf == 0.0)
				continue;
			if (x->xColumnSize(fc, c, &len) != SQLITE_OK)
				len = 0;
			score += w * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 *
				len / COP_RANK_AVGLEN));
		}
	}
	sqlite3_result_double(ctx, score);
}

/* The FTS5 API of @p db, or NULL. */
static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) !=
			SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

/*
 * The full-text index in a bulk load (schema version 28).  FTS5 writes
 * its pending terms out as a segment at every statement savepoint, and
 * a statement that fires triggers opens one: through the triggers, each
 * contribution an import wrote became a segment, merged again and
 * again.  sq_fts_hold() marks the highest fid there is; until
 * sq_fts_release(), cop_fts_held(fid) is 1 for every contribution above
 * it, and the index's triggers leave those rows alone (written, changed
 * or deleted: the index never had them).  sq_fts_release() then indexes
 * them as they are, in one statement, one segment.  Meanwhile a search
 * does not find them; a bulk load is an import, which searches nothing.
 * The mark is this connection's: another one sees cop_fts_held() 0 (no
 * other connection writes while this one is in its transaction).
 */
static void fn_fts_held(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sq_backend *b = sqlite3_user_data(ctx);

	(void)argc;
	sqlite3_result_int(ctx, b->bulk.on &&
		sqlite3_value_int64(argv[0]) > b->bulk.fts_mark);
}

int sq_fts_hold(sq_backend *b)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (b->bulk.on)
		return COP_OK;
	rc = sqlite3_prepare_v2(b->db, "SELECT coalesce(max(fid), 0) FROM "
		"cop_contribution", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		b->bulk.fts_mark = sqlite3_column_int64(st, 0);
		b->bulk.on = 1;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? COP_OK : sq_err(b, rc, "holding the index");
}

/* FTS5's pending terms, in bytes, before it writes them out as a
 * segment: its default, and while a bulk load's contributions are
 * indexed (fewer, larger segments, merged less: the 5-copy beer import
 * freed 1 MiB of pages in merges with the default). */
#define SQ_FTS_HASH "1048576"
#define SQ_FTS_FILL_HASH "8388608"

int sq_fts_release(sq_backend *b)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!b->bulk.on)
		return COP_OK;
	b->bulk.on = 0;   /* the load ends: its rows are indexed, or none is */
	rc = sqlite3_exec(b->db, "INSERT INTO cop_fts (cop_fts, rank) VALUES "
		"('hashsize', " SQ_FTS_FILL_HASH ")", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(b->db, "INSERT INTO cop_fts (rowid, "
			"title, body) SELECT rid, title, body FROM cop_fts_src "
			"WHERE rid > ?1 ORDER BY rid", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, b->bulk.fts_mark);
		if ((rc = sqlite3_step(st)) == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(b->db, "INSERT INTO cop_fts (cop_fts, rank) "
			"VALUES ('hashsize', " SQ_FTS_HASH ")", NULL, NULL, NULL);
	return rc == SQLITE_OK ? COP_OK : sq_err(b, rc,
		"indexing the bulk load's contributions");
}

/* cop_bulk_community(id): 1 while a bulk load is on and @a id (a
 * community's) is the load's community (sq_backend.bulk.community), else
 * 0; the health roll-ups' triggers skip its rows (schema version 29,
 * sql/schema.h COP_SQL_BULK_TRIGGERS_SQ).  This connection's, as
 * cop_fts_held() is. */
static void fn_bulk_community(sqlite3_context *ctx, int argc,
	sqlite3_value **argv)
{
	sq_backend *b = sqlite3_user_data(ctx);
	const void *id;

	(void)argc;
	if (!b->bulk.named || sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	id = sqlite3_value_blob(argv[0]);
	sqlite3_result_int(ctx, sqlite3_value_bytes(argv[0]) ==
		(int)sizeof(b->bulk.community.bytes) && !memcmp(id,
		b->bulk.community.bytes, sizeof(b->bulk.community.bytes)));
}

int sq_search_register(sq_backend *b)
{
	static fts5_tokenizer tok = { tok_create, tok_delete, tok_tokenize };
	sqlite3 *db = b->db;
	fts5_api *api;
	int rc;

	rc = sqlite3_create_function(db, "cop_text", 2, SQLITE_UTF8 |
		SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, fn_text, NULL,
		NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cop_fts_held", 1,
			SQLITE_UTF8 | SQLITE_INNOCUOUS, b, fn_fts_held, NULL,
			NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "cop_bulk_community", 1,
			SQLITE_UTF8 | SQLITE_INNOCUOUS, b, fn_bulk_community,
			NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if (!(api = fts5_of(db)))
		return SQLITE_ERROR;
	if ((rc = api->xCreateTokenizer(api, "cop", api, &tok, NULL)) !=
			SQLITE_OK)
		return rc;
	return api->xCreateFunction(api, "cop_rank", NULL, fn_rank, NULL);
}
