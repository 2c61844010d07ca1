/*
 * postgresql/pg.c: the PostgreSQL backend, over libpq: the instance,
 * parameters and results, the connection, opening and closing.
 *
 * One connection per backend instance.  Statements are prepared once per
 * connection (lazily, on first use) and run with PQexecPrepared: ids go
 * as 16-byte binary bytea parameters, everything else as text.  The
 * records' reads (gets and listings, pg_stmt.binary) return binary
 * results: ids as their 16 bytes, integers big-endian, no hex or decimal
 * to parse on every row; a listing hands its rows' strings out borrowed
 * from the batch (COP_BACKEND_ITER_BORROWED).  Other results come back
 * as text (bytea in hex).  Inside a transaction, writes whose
 * only answer is "done", and the transaction's own commands, wait and go
 * to the server in one pipeline with the next statement whose answer is
 * needed (see "statements sent later" below, and docs/postgresql.md).
 *
 * Concurrency.  Writes run in READ COMMITTED transactions.  By default
 * (cop_locking=store) the outermost begin takes an EXCLUSIVE lock on
 * cop_meta: one write transaction per store at a time, as on SQLite, so
 * what the core reads inside it stays current until commit and its
 * read-modify-writes of counters (a thread's contribution_count, a
 * contribution's revision and score) never lose an update.  Readers are
 * never blocked.  With cop_locking=row, get() of a member, membership,
 * thread or contribution inside a write transaction locks that row
 * instead (SELECT ... FOR NO KEY UPDATE), so writers to different rows
 * run in parallel; a deadlock between them is reported as COP_EBUSY.
 * Either way the change log is appended under a lock held to commit, so
 * log seqs are gap-free and in commit order (a reader following the log
 * never misses an entry).
 *
 * Search.  Each contribution carries a tsvector: its body (weight B) and,
 * for the post that opens a thread, the thread's title (weight A).  Text
 * is folded by cop_norm() (unaccent when the extension is available,
 * else a translate() table for Latin letters; lowercase; anything but
 * letters and digits becomes a space) and parsed with the 'simple'
 * configuration.  Queries are parsed in search.c (words, trailing '*' prefixes,
 * "quoted phrases") and folded by the same cop_norm() on the server.
 *
 * The schema is in postgresql/schema.c, the statements in
 * postgresql/statements.c, the pipeline of statements sent later and the
 * transactions in postgresql/pipeline.c, records and listings in
 * postgresql/records.c, search in postgresql/search.c and the
 * recognition operations in postgresql/rop.c; postgresql/pq.h is what
 * they share.
 */

#include "postgresql/pq.h"
#include "text.h"

/* ---- the instance ------------------------------------------------------------ */

COP_SQL_DEFINE_FAIL(pg_fail, pg_backend)

/* Copy a libpq message (without its trailing newline) after a prefix. */
static int pg_fail_text(pg_backend *b, int code, const char *what,
	const char *text)
{
	size_t n;

	if (!text || !*text)
		text = "unknown error";
	snprintf(b->errmsg, sizeof(b->errmsg), "%s: %s", what, text);
	/* libpq's messages span lines: keep one. */
	for (n = 0; b->errmsg[n]; n++)
		if (b->errmsg[n] == '\n' || b->errmsg[n] == '\t')
			b->errmsg[n] = ' ';
	n = strlen(b->errmsg);
	while (n > 0 && (b->errmsg[n - 1] == '\n' || b->errmsg[n - 1] == ' '))
		b->errmsg[--n] = '\0';
	return code;
}

int pg_conn_error(pg_backend *b, const char *what)
{
	return pg_fail_text(b, COP_EIO, what, PQerrorMessage(b->conn));
}

/* Map a failed result to a status code, with the server's message. */
int pg_result_error(pg_backend *b, const PGresult *r, const char *what)
{
	const char *state;
	int code = COP_EIO;

	if (!r) {
		if (!b->conn || PQstatus(b->conn) == CONNECTION_BAD)
			return pg_conn_error(b, what);
		return pg_fail(b, COP_ENOMEM, "%s: out of memory", what);
	}
	state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (state) {
		if (!strcmp(state, "23505"))
			code = COP_EEXISTS;
		else if (!strcmp(state, "25006"))
			code = COP_EREADONLY;
		else if (!strcmp(state, "40001") || !strcmp(state, "40P01") ||
		         !strcmp(state, "55P03") || !strcmp(state, "55006") ||
		         !strcmp(state, "57014") || !strcmp(state, "53300"))
			code = COP_EBUSY;
		else if (!strcmp(state, "53200"))
			code = COP_ENOMEM;
		else if (!strcmp(state, "53100"))
			code = COP_EFULL;
		else if (!strcmp(state, "42P01") || !strcmp(state, "42883") ||
		         !strcmp(state, "42703") || !strcmp(state, "3F000") ||
		         !strncmp(state, "XX", 2))
			code = COP_ECORRUPT;
	}
	if (code == COP_EIO && PQstatus(b->conn) == CONNECTION_BAD)
		return pg_conn_error(b, what);
	if (PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY))
		return pg_fail_text(b, code, what,
			PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
	return pg_fail_text(b, code, what, PQresultErrorMessage(r));
}

const char *pg_errmsg(cop_backend *be)
{
	return PG(be)->errmsg[0] ? PG(be)->errmsg : "no error";
}

/* ---- parameters and results ------------------------------------------------- */


void pg_p_null(pg_params *p)
{
	p->v[p->n] = NULL;
	p->len[p->n] = 0;
	p->fmt[p->n] = 0;
	p->n++;
}

/* An id, always sent (keys). */
void pg_p_key(pg_params *p, const cop_id *id)
{
	p->v[p->n] = (const char *)id->bytes;
	p->len[p->n] = 16;
	p->fmt[p->n] = 1;
	p->n++;
}

/* An optional id: NULL when nil (or when @p id is NULL). */
void pg_p_id(pg_params *p, const cop_id *id)
{
	if (!id || cop_id_is_nil(id))
		pg_p_null(p);
	else
		pg_p_key(p, id);
}

void pg_p_text(pg_params *p, const char *s)
{
	p->v[p->n] = s;
	p->len[p->n] = 0;
	p->fmt[p->n] = 0;
	p->n++;
}

int pg_stext(int format, const char *body, size_t len, char **out)
{
	char *html = NULL, *cjk = NULL;

	*out = NULL;
	if (!body)
		return 0;
	if (format == COP_FORMAT_HTML && cop__html_text(body, len, &html) < 0)
		return -1;
	if (html) {
		body = html;
		len = strlen(html);
	}
	/* CJK runs as bigrams, before to_tsvector('simple', ...). */
	if (cop__text_cjk_bigrams(body, len, &cjk) < 0) {
		cop_free(html);
		return -1;
	}
	if (cjk) {
		cop_free(html);
		html = cjk;
	}
	*out = html;
	return 0;
}

int pg_p_stext(pg_backend *b, pg_params *p, int format, const char *body)
{
	cop_free(b->stext);
	b->stext = NULL;
	if (body && pg_stext(format, body, strlen(body), &b->stext) < 0)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	pg_p_text(p, b->stext);
	return COP_OK;
}

void pg_p_int(pg_params *p, int64_t v)
{
	snprintf(p->num[p->n], sizeof(p->num[0]), "%" PRId64, v);
	pg_p_text(p, p->num[p->n]);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of each hex digit, 16 for any other byte (ids in text
 * results: search hits, the recognition engine's rows). */
static const unsigned char hexv[256] = {
#define H16 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16
	H16, H16, H16,
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 16, 16, 16, 16, 16,
	16, 10, 11, 12, 13, 14, 15, 16, 16, 16, 16, 16, 16, 16, 16, 16, H16,
	16, 10, 11, 12, 13, 14, 15, 16, 16, 16, 16, 16, 16, 16, 16, 16, H16,
	H16, H16, H16, H16, H16, H16, H16, H16
#undef H16
};

/* An id column (bytea: hex text, or its 16 bytes in binary results);
 * NULL gives the nil id. */
int pg_r_id(pg_backend *b, const PGresult *r, int row, int col,
	cop_id *out)
{
	const unsigned char *s;
	int i;

	if (PQfformat(r, col) == 1 && PQgetlength(r, row, col) == 16) {
		/* Binary: the 16 bytes themselves. */
		memcpy(out->bytes, PQgetvalue(r, row, col), 16);
		return COP_OK;
	}
	if (PQgetisnull(r, row, col)) {
		memset(out, 0, sizeof(*out));
		return COP_OK;
	}
	s = (const unsigned char *)PQgetvalue(r, row, col);
	if (PQfformat(r, col) == 1)
		goto bad;
	if (PQgetlength(r, row, col) != 34 || s[0] != '\\' || s[1] != 'x')
		goto bad;
	for (i = 0; i < 16; i++) {
		unsigned int hi = hexv[s[2 + 2 * i]], lo = hexv[s[3 + 2 * i]];
		if ((hi | lo) & 16)
			goto bad;
		out->bytes[i] = (unsigned char)(hi << 4 | lo);
	}
	return COP_OK;
bad:
	memset(out, 0, sizeof(*out));
	return pg_fail(b, COP_ECORRUPT, "malformed id in column %s",
		PQfname(r, col));
}

/*
 * An integer column; NULL is 0.  Text results carry the server's
 * decimal; binary ones (statements marked so, whose integer columns are
 * all bool, int2, int4 or int8) a big-endian integer of the column's
 * width, or a bool's one byte; there a NULL is the only empty value.
 */
int64_t pg_r_int(const PGresult *r, int row, int col)
{
	const char *s;
	uint64_t v = 0;
	int neg;

	if (PQfformat(r, col) == 1) {
		const unsigned char *u;
		uint32_t w;
		uint16_t h;

		switch (PQgetlength(r, row, col)) {
		case 8:
			memcpy(&v, PQgetvalue(r, row, col), 8);
			return (int64_t)be64toh(v);
		case 4:
			memcpy(&w, PQgetvalue(r, row, col), 4);
			return (int32_t)be32toh(w);
		case 2:
			memcpy(&h, PQgetvalue(r, row, col), 2);
			return (int16_t)be16toh(h);
		case 1:
			u = (const unsigned char *)PQgetvalue(r, row, col);
			return u[0];
		default:
			return 0;
		}
	}
	if (PQgetisnull(r, row, col))
		return 0;
	s = PQgetvalue(r, row, col);
	if ((neg = *s == '-'))
		s++;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return neg ? (int64_t)(0 - v) : (int64_t)v;
}

/*
 * A text column; NULL stays NULL.  With @p borrow the string is libpq's
 * own (valid until the result is cleared: a listing's borrowed rows,
 * COP_BACKEND_ITER_BORROWED), else a cop_strdup'd copy.
 */
int pg_r_text(pg_backend *b, const PGresult *r, int row, int col,
	char **out, int borrow)
{
	*out = NULL;
	if (PQgetisnull(r, row, col))
		return COP_OK;
	if (borrow) {
		*out = PQgetvalue(r, row, col);
		return COP_OK;
	}
	*out = cop_strndup(PQgetvalue(r, row, col),
		(size_t)PQgetlength(r, row, col));
	if (!*out)
		return pg_fail(b, COP_ENOMEM, "out of memory");
	return COP_OK;
}

/* Undo a record filled in part: free its strings unless borrowed. */
static void fill_undo(cop_rec_kind kind, void *rec, size_t size, int borrow)
{
	if (borrow)
		memset(rec, 0, size);
	else
		cop_rec_clear(kind, rec);
}

/* ---- records from rows ---------------------------------------------------- */

/* Readers and binders for sql/sql.h's records.  The binders append:
 * sql/sql.h binds parameters in order. */

static int io_col_id(void *ctx, int col, cop_id *out)
{
	pg_row *w = ctx;
	return pg_r_id(w->b, w->r, w->row, col, out);
}

static int io_col_text(void *ctx, int col, char **out)
{
	pg_row *w = ctx;
	return pg_r_text(w->b, w->r, w->row, col, out, w->borrow);
}

static int64_t io_col_int(void *ctx, int col)
{
	pg_row *w = ctx;
	return pg_r_int(w->r, w->row, col);
}

/* Bind parameter @p i (1-based, from the first of the record's, kept in
 * the row's `row`) next: fields are bound in any order. */
static void pg_bind_at(void *ctx, int i)
{
	pg_row *w = ctx;

	w->p->n = w->row + i - 1;
}

static int io_bind_id(void *ctx, int i, const cop_id *id, int key)
{
	pg_bind_at(ctx, i);
	if (key)
		pg_p_key(((pg_row *)ctx)->p, id);
	else
		pg_p_id(((pg_row *)ctx)->p, id);
	return COP_OK;
}

static int io_bind_text(void *ctx, int i, const char *s)
{
	pg_bind_at(ctx, i);
	pg_p_text(((pg_row *)ctx)->p, s);
	return COP_OK;
}

static int io_bind_int(void *ctx, int i, int64_t v)
{
	pg_bind_at(ctx, i);
	pg_p_int(((pg_row *)ctx)->p, v);
	return COP_OK;
}

static int io_col_null(void *ctx, int col)
{
	pg_row *w = ctx;
	return PQgetisnull(w->r, w->row, col);
}

const cop_sql_io pg_io = {
	io_col_id, io_col_text, io_col_int,
	io_bind_id, io_bind_text, io_bind_int, io_col_null
};

/* Append the fields @p rec's insert or update writes to @p p. */
void pg_bind_rec(pg_params *p, cop_rec_kind kind, const void *rec)
{
	const cop_sql_record *r = &cop__sql_records[kind];
	pg_row w = { NULL, NULL, p, p->n, 0 };

	(void)cop__sql_bind(&pg_io, &w, kind, rec);
	p->n = w.row + (r->nbind - r->bind_from);
}

int pg_fill_hit(pg_backend *b, const PGresult *r, int i,
	cop_search_hit_rec *h, int borrow)
{
	int rc;

	memset(h, 0, sizeof(*h));
	if ((rc = pg_r_id(b, r, i, 0, &h->thread_id)) < 0 ||
	    (rc = pg_r_id(b, r, i, 1, &h->contribution_id)) < 0 ||
	    (rc = pg_r_id(b, r, i, 2, &h->community_id)) < 0 ||
	    (rc = pg_r_text(b, r, i, 3, &h->title, borrow)) < 0 ||
	    (rc = pg_r_text(b, r, i, 4, &h->snippet, borrow)) < 0)
		goto fail;
	h->score = PQgetisnull(r, i, 5) ? 0.0 : strtod(PQgetvalue(r, i, 5), NULL);
	return COP_OK;
fail:
	fill_undo(COP_REC_SEARCH_HIT, h, sizeof(*h), borrow);
	return rc;
}

/* Record @p kind from row @p i of @p r (strings borrowed: see pg_r_text). */
int pg_fill_rec(pg_backend *b, cop_rec_kind kind, const PGresult *r,
	int i, void *rec, int borrow)
{
	pg_row w = { b, r, NULL, i, borrow };
	int rc;

	if (kind == COP_REC_SEARCH_HIT)
		return pg_fill_hit(b, r, i, rec, borrow);
	if (kind < COP_REC_MEMBER || kind > COP_REC_LOG)
		return pg_fail(b, COP_ERROR, "unknown record kind %d", (int)kind);
	rc = cop__sql_fill(&pg_io, &w, kind, 0, rec, cop__rec_size(kind));
	if (rc < 0)
		fill_undo(kind, rec, cop__rec_size(kind), borrow);
	return rc;
}

/* ---- the connection ------------------------------------------------------ */

static void pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Run one or more statements without parameters (simple protocol). */
int pg_run(pg_backend *b, const char *sql, const char *what)
{
	PGresult *r = PQexec(b->conn, sql);
	int rc = COP_OK;

	if (!r || (PQresultStatus(r) != PGRES_COMMAND_OK &&
	           PQresultStatus(r) != PGRES_TUPLES_OK))
		rc = pg_result_error(b, r, what);
	PQclear(r);
	return rc;
}

/*
 * Session settings, after connecting and after every reconnection.
 *
 * plan_cache_mode: every statement is prepared once and its plan does
 * not depend on the values it is given (keyed lookups and keyset
 * listings on indexes), but a listing's LIMIT is a parameter, and with a
 * parameter LIMIT the generic plan's estimate (a tenth of the rows) looks
 * dearer than a custom plan for 50 rows.  Left to choose, PostgreSQL
 * then plans a listing again on every execution, or not, depending on
 * the statistics of the moment: on a thread listing that was 741k
 * instructions on the server against 516k with the generic plan.
 */
static int pg_session(pg_backend *b)
{
	char sql[512];
	const char *enc;
	char *ident = NULL;
	int rc;

	if (PQsetClientEncoding(b->conn, "UTF8") != 0)
		return pg_conn_error(b, "setting the client encoding");
	enc = PQparameterStatus(b->conn, "server_encoding");
	if (!enc || strcmp(enc, "UTF8") != 0)
		return pg_fail(b, COP_ENOTSUP,
			"the database encoding is %s; libcop needs UTF8 "
			"(CREATE DATABASE ... ENCODING 'UTF8')", enc ? enc : "unknown");
	if (b->schema) {
		ident = PQescapeIdentifier(b->conn, b->schema, strlen(b->schema));
		if (!ident)
			return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	snprintf(sql, sizeof(sql),
		"SET client_min_messages TO warning; "
		"SET bytea_output TO hex; "
		"SET standard_conforming_strings TO on; "
		"SET lock_timeout TO %d; "
		"SET plan_cache_mode TO force_generic_plan; "
		"SET default_transaction_isolation TO 'read committed'%s%s%s%s",
		b->busy_ms,
		b->readonly ? "; SET default_transaction_read_only TO on" : "",
		b->durable ? "; SET synchronous_commit TO on" : "",
		ident ? "; SET search_path TO " : "", ident ? ident : "");
	PQfreemem(ident);
	rc = pg_run(b, sql, "setting up the session");
	memset(b->prepared, 0, sizeof(b->prepared));
	memset(b->rprepared, 0, sizeof(b->rprepared));
	return rc;
}

/*
 * Make sure the connection is usable: after it broke outside a
 * transaction, reconnect (statements are prepared again on use).
 */
int pg_ensure(pg_backend *b)
{
	if (b->txn_lost)
		return pg_fail(b, COP_EIO,
			"the connection to the server was lost in a transaction");
	if (b->txn_dead)
		return pg_fail(b, b->txn_dead, "%s", b->dead_msg);
	if (PQstatus(b->conn) == CONNECTION_OK)
		return COP_OK;
	if (b->depth > 0) {
		b->txn_lost = 1;
		return pg_conn_error(b, "connection lost in a transaction");
	}
	PQreset(b->conn);
	if (PQstatus(b->conn) != CONNECTION_OK)
		return pg_conn_error(b, "reconnecting");
	return pg_session(b);
}

/* Prepare statement @p name on this connection unless *done says so. */
int pg_prepare(pg_backend *b, const char *name, const char *sql,
	const char *what, unsigned char *done)
{
	PGresult *r;
	int rc;

	if (*done)
		return COP_OK;
	r = PQprepare(b->conn, name, sql, 0, NULL);
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = pg_result_error(b, r, what);
		PQclear(r);
		if (PQstatus(b->conn) == CONNECTION_BAD && b->depth > 0)
			b->txn_lost = 1;
		return rc;
	}
	PQclear(r);
	*done = 1;
	return COP_OK;
}

/* Free an iterator over one result (pg_result_iter). */
void pg_result_iter_free(cop_backend_iter *bi)
{
	pg_result_iter *it = (pg_result_iter *)bi;

	if (!it)
		return;
	PQclear(it->res);
	cop_free(it);
}

/* ---- strings built in pieces ---------------------------------------------- */
void pg_buf_add(pg_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		char *p;
		while (cap < b->n + n + 1)
			cap *= 2;
		p = cop_realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void pg_buf_str(pg_buf *b, const char *s)
{
	pg_buf_add(b, s, strlen(s));
}

/* ---- opening and closing ---------------------------------------------------- */

static int valid_schema_name(const char *s)
{
	size_t i;

	if (!s[0] || strlen(s) > 63)
		return 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	      s[0] == '_'))
		return 0;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	if (!strncmp(s, "pg_", 3))
		return 0;
	return 1;
}

/* Percent-decode @p s (length @p n) into a new string. */
static char *pct_decode(const char *s, size_t n)
{
	char *o = cop_malloc(n + 1), *p = o;
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*p++ = (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
			i += 2;
		} else {
			*p++ = s[i];
		}
	}
	*p = '\0';
	return o;
}

/*
 * Take libcop's parameters (cop_schema, cop_schema_drop) out of the URI's
 * query; the rest goes to libpq.
 */
/* A libcop URI parameter @p name with a value @p v not one of @p want:
 * COP_EINVAL, @p v and the URI being built (@p built) freed. */
static int param_bad(pg_backend *b, const char *name, char *v,
	const char *want, char *built)
{
	pg_fail(b, COP_EINVAL, "%s: \"%.80s\" is not %s", name, v, want);
	cop_free(v);
	cop_free(built);
	return COP_EINVAL;
}

static int pg_parse_uri(pg_backend *b, const char *uri)
{
	const char *q = strchr(uri, '?'), *s;
	pg_buf out = { 0 };
	int first = 1;

	if (strncmp(uri, "postgresql://", 13) != 0 &&
	    strncmp(uri, "postgres://", 11) != 0)
		return pg_fail(b, COP_EINVAL, "not a PostgreSQL URI "
			"(postgresql://...): %.100s", uri);
	if (!q) {
		b->conninfo = cop_strdup(uri);
		return b->conninfo ? COP_OK : pg_fail(b, COP_ENOMEM, "out of memory");
	}
	pg_buf_add(&out, uri, (size_t)(q - uri));
	for (s = q + 1; *s; ) {
		const char *e = strchr(s, '&'), *eq;
		size_t n;
		if (!e)
			e = s + strlen(s);
		n = (size_t)(e - s);
		eq = memchr(s, '=', n);
		if (n >= 4 && !strncmp(s, "cop_", 4)) {
			size_t kn = eq ? (size_t)(eq - s) : n;
			char *v = eq ? pct_decode(eq + 1, (size_t)(e - eq - 1)) :
				cop_strdup("");
			if (!v) {
				cop_free(out.p);
				return pg_fail(b, COP_ENOMEM, "out of memory");
			}
			if (kn == 10 && !strncmp(s, "cop_schema", 10)) {
				if (!valid_schema_name(v)) {
					pg_fail(b, COP_EINVAL, "cop_schema: \"%.80s\" is not a "
						"valid schema name ([A-Za-z_][A-Za-z0-9_]*, "
						"at most 63, not pg_...)", v);
					cop_free(v);
					cop_free(out.p);
					return COP_EINVAL;
				}
				cop_free(b->schema);
				b->schema = v;
			} else if (kn == 11 && !strncmp(s, "cop_locking", 11)) {
				if (!strcmp(v, "store"))
					b->row_locks = 0;
				else if (!strcmp(v, "row"))
					b->row_locks = 1;
				else
					return param_bad(b, "cop_locking", v,
						"store or row", out.p);
				cop_free(v);
			} else if (kn == 15 && !strncmp(s, "cop_schema_drop", 15)) {
				if (!strcmp(v, "1") || !strcmp(v, "true") ||
				    !strcmp(v, "yes") || !strcmp(v, "on"))
					b->drop_schema = 1;
				else if (!strcmp(v, "0") || !strcmp(v, "false") ||
				         !strcmp(v, "no") || !strcmp(v, "off"))
					b->drop_schema = 0;
				else
					return param_bad(b, "cop_schema_drop", v, "0 or 1",
						out.p);
				cop_free(v);
			} else {
				pg_fail(b, COP_EINVAL, "unknown libcop URI parameter "
					"\"%.*s\"", (int)(kn > 60 ? 60 : kn), s);
				cop_free(v);
				cop_free(out.p);
				return COP_EINVAL;
			}
		} else if (n > 0) {
			pg_buf_str(&out, first ? "?" : "&");
			pg_buf_add(&out, s, n);
			first = 0;
		}
		s = *e ? e + 1 : e;
	}
	if (b->drop_schema && !b->schema) {
		cop_free(out.p);
		return pg_fail(b, COP_EINVAL, "cop_schema_drop needs cop_schema");
	}
	if (out.oom || !out.p) {
		cop_free(out.p);
		return pg_fail(b, COP_ENOMEM, "out of memory");
	}
	b->conninfo = out.p;
	return COP_OK;
}

void pg_free(cop_backend *be)
{
	pg_backend *b = PG(be);
	char sql[128];
	char *ident;

	if (!b)
		return;
	/* What waits belongs to a transaction closed without commit. */
	pg_q_drop(b, 0);
	cop_free(b->q);
	if (b->conn && PQstatus(b->conn) == CONNECTION_OK) {
		if (PQtransactionStatus(b->conn) != PQTRANS_IDLE)
			pg_run(b, "ROLLBACK", "rollback");
		if (b->drop_schema && b->schema) {
			ident = PQescapeIdentifier(b->conn, b->schema, strlen(b->schema));
			if (ident) {
				snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE",
					ident);
				PQfreemem(ident);
				pg_run(b, sql, "dropping the schema");
			}
		}
	}
	if (b->conn)
		PQfinish(b->conn);
	cop_free(b->conninfo);
	cop_free(b->schema);
	cop_free(b->stext);
	pg_copy_free(b);
	pg_bulk_forget(b);
	cop_free(b);
}

static int open_fail(pg_backend *b, int rc, char **errmsg)
{
	/* Nothing was created that should be dropped. */
	b->drop_schema = 0;
	return cop__sql_open_fail(&b->base, b->errmsg, rc, errmsg);
}

static const cop_backend pg_methods = {
	COP_SQL_BACKEND_METHODS(pg), .name = "postgresql",
	.bulk = pg_bulk   /* version 10: COPY in a bulk load (copy.c) */
};

int cop__pg_open(cop_backend **out, const char *uri,
	const cop_open_options *opts, char **errmsg)
{
	pg_backend *b;
	unsigned int flags = opts ? opts->flags : 0;
	int rc;

	if ((rc = cop__sql_open_args(out, uri, errmsg)) < 0)
		return rc;
	if (!(b = cop__sql_instance(sizeof(*b), &pg_methods)))
		return COP_ENOMEM;
	b->readonly = (flags & COP_OPEN_READONLY) != 0;
	b->durable = (flags & COP_OPEN_DURABLE) != 0;
	b->busy_ms = opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000;

	if ((rc = pg_parse_uri(b, uri)) < 0)
		return open_fail(b, rc, errmsg);
	b->conn = PQconnectdb(b->conninfo);
	if (!b->conn)
		return open_fail(b, pg_fail(b, COP_ENOMEM, "out of memory"), errmsg);
	PQsetNoticeProcessor(b->conn, pg_quiet, NULL);
	if (PQstatus(b->conn) != CONNECTION_OK) {
		const char *m = PQerrorMessage(b->conn);
		rc = strstr(m, "database \"") && strstr(m, "\" does not exist") ?
			COP_ENOTFOUND : COP_EIO;
		return open_fail(b, pg_fail_text(b, rc, "connecting", m), errmsg);
	}
	if ((rc = pg_session(b)) < 0)
		return open_fail(b, rc, errmsg);
	if ((rc = pg_schema(b, flags)) < 0)
		return open_fail(b, rc, errmsg);
	b->errmsg[0] = '\0';
	*out = &b->base;
	return COP_OK;
}
