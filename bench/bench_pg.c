/*
 * cop-bench-pg: libcop on PostgreSQL against plain libpq doing the same
 * work, in the same run, on the same server.
 *
 *   cop-bench-pg --uri postgresql://... [--size N] [--reads N]
 *                [--singles N] [--votes N] [--rounds N] [--keep] [--pin]
 *
 * Two schemas in the database of the URI, both created by libcop (the
 * same tables, indexes, functions): bench_lc is written and read through
 * libcop's public API, bench_pl through libpq with prepared statements.
 * Everything happens as the system (no actor: no permission checks on
 * either side, no authors, so no reputation), so both sides write the
 * same rows:
 *
 *   ingest    N contributions: N/10 discussion threads (a title, two
 *             tags, an opening post) and replies spread over them, in
 *             transactions of 1000 operations (libcop: cop_batch_begin /
 *             cop_batch_commit; plain: BEGIN ... COMMIT).  Per thread:
 *             the thread row, the post (with its tsvector), the log
 *             entry; per reply: the row, the thread's counters, the log.
 *   singles   replies each in its own transaction (the same writes).
 *   votes     anonymous up-votes, each its own transaction: the vote
 *             row, the contribution's score, the log entry.
 *   page      the first 50 contributions of a thread.
 *   listing   the first 50 threads of the community.
 *   search    the 20 best hits for a word of the vocabulary (both sides:
 *             the word folded by cop_norm(), then the ranked hits with
 *             their snippets).
 *
 * The plain side keeps what libcop guarantees: writes in transactions,
 * counters updated in place (contribution_count + 1, score + 1, which
 * needs no lock), log entries through cop_log_append() (gap-free seqs).
 * It does not take libcop's store lock (a plain application does not
 * need one for these atomic updates), nor read rows before writing.
 * Its page and listing ask for binary results, as libcop's reads do, and
 * it reads every column of every row it gets (as the SQLite benchmark's
 * plain side does), where libcop makes an object of each row.
 *
 * Each workload runs --rounds times (default 3), alternating the sides;
 * the best round of each counts.  Within a round the reads go in turns
 * of 25 operations a side, so that both meet the machine in the same
 * state; a side's time is the sum of its turns.  With --pin (which
 * "make bench-pg" gives its throw-away cluster), when the server runs on
 * this machine, this program runs on the first CPU and the server on the
 * last (see pin_cpus()), and the server's CPUs are given back at the
 * end.  It prints operations a second per side and the ratio libcop /
 * plain (target: at least 0.8).
 * Exit status 0 whatever the figures, 1 when an operation fails, 2 on
 * bad arguments.  The schemas are dropped at the end unless --keep.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <cop/cop.h>

/* The bench loads and reads every row: it acts as the system. */
static const cop_open_options as_system = { COP_OPEN_OPTIONS_VERSION,
	COP_OPEN_SYSTEM, 0 };

#define BATCH 1000
#define PAGE 50
#define HITS 20
#define CHUNK 25                /* reads a side makes before the other's turn */

/* The workloads, in the order they run and are reported. */
enum { W_INGEST, W_SINGLES, W_VOTES, W_PAGE, W_LISTING, W_SEARCH, W_COUNT };
#define MAXW 6

static const char *const words[] = {
	"yeast", "lager", "cellar", "hops", "malt", "barley", "wort", "kettle",
	"ferment", "bottle", "keg", "stout", "porter", "ale", "wheat", "rye",
	"mash", "sparge", "boil", "chill", "pitch", "gravity", "aroma",
	"bitter", "sour", "crisp", "pale", "amber", "dark", "smoke"
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

/* ---- small things ---------------------------------------------------------- */

static uint64_t rng_state = 88172645463325252ULL;

static unsigned int rnd(unsigned int n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned int)((rng_state >> 11) % n);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void unpin_server(void);

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "cop-bench-pg: %s: %s\n", what, msg ? msg : "failed");
	unpin_server();
	exit(1);
}

static void body_make(char *buf, size_t size, unsigned int seed)
{
	size_t n = 0;
	unsigned int i, len = 30 + seed % 60;

	buf[0] = '\0';
	for (i = 0; i < len && n + 16 < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? " " : "",
			words[rnd(NWORDS)]);
}

/* ---- the libcop side ------------------------------------------------------------ */

typedef struct lc_side {
	cop_store *s;
	char comm[COP_ID_TEXT_LEN + 1];
	char (*threads)[COP_ID_TEXT_LEN + 1];
	char (*contribs)[COP_ID_TEXT_LEN + 1];
	long nthreads, ncontribs;
} lc_side;

static void lc_ok(lc_side *x, int rc, const char *what)
{
	if (rc != COP_OK)
		die(what, cop_errmsg(x->s));
}

static void lc_open(lc_side *x, const char *uri, long cap)
{
	cop_community *k = NULL;

	lc_ok(x, cop_open(&x->s, uri, &as_system), "cop_open");
	lc_ok(x, cop_community_create(&k, x->s, "bench", "Bench", NULL, NULL,
		COP_VISIBILITY_PUBLIC), "community");
	snprintf(x->comm, sizeof(x->comm), "%s", cop_community_id(k));
	cop_community_free(k);
	x->threads = calloc((size_t)cap, sizeof(*x->threads));
	x->contribs = calloc((size_t)cap, sizeof(*x->contribs));
	if (!x->threads || !x->contribs)
		die("calloc", "out of memory");
}

static void lc_thread(lc_side *x, const char *body)
{
	cop_thread *t = NULL;
	char title[64];

	snprintf(title, sizeof(title), "About %s and %s", words[rnd(NWORDS)],
		words[rnd(NWORDS)]);
	lc_ok(x, cop_thread_create(&t, x->s, "bench", COP_THREAD_DISCUSSION,
		title, "brewing cellar", NULL, body), "cop_thread_create");
	snprintf(x->threads[x->nthreads++], COP_ID_TEXT_LEN + 1, "%s",
		cop_thread_id(t));
	cop_thread_free(t);
}

static void lc_reply(lc_side *x, long thread, const char *body)
{
	cop_contribution *c = NULL;

	lc_ok(x, cop_contribution_create(&c, x->s, x->threads[thread],
		COP_CONTRIB_REPLY, NULL, NULL, NULL, body),
		"cop_contribution_create");
	snprintf(x->contribs[x->ncontribs++], COP_ID_TEXT_LEN + 1, "%s",
		cop_contribution_id(c));
	cop_contribution_free(c);
}

static long lc_page(lc_side *x, long thread)
{
	cop_contribution_iter *it = NULL;
	cop_contribution *c = NULL;
	cop_page pg = COP_PAGE_INIT;
	long n = 0;
	int rc;

	pg.limit = PAGE;
	lc_ok(x, cop_contribution_iter_new(&it, x->s, x->threads[thread], &pg),
		"cop_contribution_iter_new");
	while ((rc = cop_contribution_iter_next(&c, it)) == COP_OK) {
		n += (long)strlen(cop_contribution_body(c)) > 0;
		cop_contribution_free(c);
	}
	if (rc != COP_ITEROVER)
		lc_ok(x, rc, "cop_contribution_iter_next");
	cop_contribution_iter_free(it);
	return n;
}

static long lc_listing(lc_side *x)
{
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;
	cop_page pg = COP_PAGE_INIT;
	long n = 0;
	int rc;

	pg.limit = PAGE;
	lc_ok(x, cop_thread_iter_new(&it, x->s, "bench", &pg),
		"cop_thread_iter_new");
	while ((rc = cop_thread_iter_next(&t, it)) == COP_OK) {
		n += cop_thread_contribution_count(t) > 0;
		cop_thread_free(t);
	}
	if (rc != COP_ITEROVER)
		lc_ok(x, rc, "cop_thread_iter_next");
	cop_thread_iter_free(it);
	return n;
}

static long lc_search(lc_side *x, const char *word)
{
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	cop_search_iter *it = NULL;
	cop_search_hit *h = NULL;
	long n = 0;
	int rc;

	o.community = x->comm;
	o.limit = HITS;
	lc_ok(x, cop_search_iter_new(&it, x->s, word, &o), "cop_search_iter_new");
	while ((rc = cop_search_iter_next(&h, it)) == COP_OK) {
		n++;
		cop_search_hit_free(h);
	}
	if (rc != COP_ITEROVER)
		lc_ok(x, rc, "cop_search_iter_next");
	cop_search_iter_free(it);
	return n;
}

/* ---- the plain side ------------------------------------------------------------ */

enum {
	P_THR, P_POST, P_CON, P_BUMP, P_LOG, P_VOTE, P_SCORE,
	P_PAGE, P_LIST, P_NORM, P_SEARCH, P_COUNT
};

static const char *const plain_sql[P_COUNT] = {
	[P_THR] = "INSERT INTO cop_thread (id, community_id, author_id, kind, "
		"state, title, tags, language, created, last_activity, "
		"contribution_count) VALUES ($1::bytea, $2::bytea, NULL, 0, 0, "
		"$3::text, 'brewing cellar', 'en', $4::bigint, $4::bigint, 1)",
	[P_POST] = "INSERT INTO cop_contribution (id, thread_id, community_id, "
		"author_id, kind, reply_to, translation_of, language, body, format, "
		"created, edited, revision, score, tsv) VALUES ($1::bytea, "
		"$2::bytea, $3::bytea, NULL, 0, NULL, NULL, 'en', $4::text, 0, "
		"$5::bigint, 0, 1, 0, cop_tsv($6::text, $4::text))",
	[P_CON] = "INSERT INTO cop_contribution (id, thread_id, community_id, "
		"author_id, kind, reply_to, translation_of, language, body, format, "
		"created, edited, revision, score, tsv) VALUES ($1::bytea, "
		"$2::bytea, $3::bytea, NULL, 1, NULL, NULL, 'en', $4::text, 0, "
		"$5::bigint, 0, 1, 0, cop_tsv(NULL, $4::text))",
	[P_BUMP] = "UPDATE cop_thread SET contribution_count = "
		"contribution_count + 1, last_activity = $2::bigint "
		"WHERE id = $1::bytea",
	[P_LOG] = "SELECT cop_log_append($1::bigint, NULL, $2::text, $3::bytea, "
		"$4::bytea)",
	[P_VOTE] = "INSERT INTO cop_vote (id, community_id, contribution_id, "
		"voter_id, author_id, kind, rep_author, rep_voter, created, changed) "
		"VALUES ($1::bytea, $2::bytea, $3::bytea, NULL, NULL, 0, 0, 0, "
		"$4::bigint, $4::bigint)",
	[P_SCORE] = "UPDATE cop_contribution SET score = score + 1 "
		"WHERE id = $1::bytea",
	[P_PAGE] = "SELECT c.id, c.thread_id, c.community_id, c.author_id, "
		"c.kind, c.reply_to, c.translation_of, c.language, c.body, c.format, "
		"c.created, c.edited, c.revision, c.score FROM cop_contribution c "
		"WHERE c.thread_id = $1::bytea ORDER BY c.created, c.id LIMIT 50",
	[P_LIST] = "SELECT t.id, t.community_id, t.author_id, t.kind, t.state, "
		"t.title, t.tags, t.language, t.created, t.last_activity, "
		"t.contribution_count, t.pinned FROM cop_thread t "
		"WHERE t.community_id = $1::bytea "
		"ORDER BY t.pinned DESC, t.last_activity DESC, t.id DESC LIMIT 50",
	/* As libcop: fold the words on the server, build the tsquery here. */
	[P_NORM] = "SELECT cop_norm($1::text)",
	[P_SEARCH] = "SELECT s.thread_id, s.id, s.community_id, s.title, "
		"ts_headline('cop_fold', s.body, $1::tsquery, "
		"'StartSel=[, StopSel=], MinWords=8, MaxWords=24, ShortWord=1'), "
		"s.score FROM (SELECT c.thread_id, c.id, c.community_id, t.title, "
		"c.body, ts_rank(c.tsv, $1::tsquery) AS score "
		"FROM cop_contribution c "
		"JOIN cop_thread t ON t.id = c.thread_id "
		"WHERE c.tsv @@ $1::tsquery AND c.community_id = $2::bytea "
		"ORDER BY score DESC, c.id LIMIT 20) s ORDER BY s.score DESC, s.id",
};

typedef struct pl_side {
	PGconn *conn;
	unsigned char comm[16];
	unsigned char (*threads)[16];
	unsigned char (*contribs)[16];
	long nthreads, ncontribs;
	uint64_t idn;
} pl_side;

/* Run plain statement @p s; results in text, or in binary for the page
 * and the listing (as libcop asks for its reads). */
static PGresult *pl_exec(pl_side *x, int s, int n, const char *const *v,
	const int *len, const int *fmt)
{
	char name[16];
	PGresult *r;

	snprintf(name, sizeof(name), "bp%d", s);
	r = PQexecPrepared(x->conn, name, n, v, len, fmt,
		s == P_PAGE || s == P_LIST);
	if (PQresultStatus(r) != PGRES_TUPLES_OK &&
	    PQresultStatus(r) != PGRES_COMMAND_OK)
		die(plain_sql[s], PQerrorMessage(x->conn));
	return r;
}

static void pl_run(pl_side *x, const char *sql)
{
	PGresult *r = PQexec(x->conn, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK)
		die(sql, PQerrorMessage(x->conn));
	PQclear(r);
}

/* A new id: a time prefix (like libcop's) and a counter. */
static void pl_id(pl_side *x, unsigned char *id)
{
	uint64_t t = (uint64_t)time(NULL) * 1000, n = ++x->idn;
	int i;

	for (i = 0; i < 8; i++) {
		id[i] = (unsigned char)(t >> (56 - 8 * i));
		id[8 + i] = (unsigned char)(n >> (56 - 8 * i));
	}
	id[8] ^= 0x80;    /* never equal to a libcop id of the same time */
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pl_open(pl_side *x, const char *conninfo, const char *schema,
	const char *comm_text, long cap)
{
	char sql[256];
	int i;

	x->conn = PQconnectdb(conninfo);
	if (PQstatus(x->conn) != CONNECTION_OK)
		die("connecting", PQerrorMessage(x->conn));
	snprintf(sql, sizeof(sql), "SET search_path TO %s", schema);
	pl_run(x, sql);
	for (i = 0; i < P_COUNT; i++) {
		char name[16];
		PGresult *r;

		snprintf(name, sizeof(name), "bp%d", i);
		r = PQprepare(x->conn, name, plain_sql[i], 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			die(plain_sql[i], PQerrorMessage(x->conn));
		PQclear(r);
	}
	/* The community libcop made in this schema, as its 16 bytes. */
	{
		PGresult *r = PQexecParams(x->conn, "SELECT id FROM cop_community "
			"WHERE slug = 'bench'", 0, NULL, NULL, NULL, NULL, 1);

		if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 ||
		    PQgetlength(r, 0, 0) != 16)
			die("reading the community", comm_text);
		memcpy(x->comm, PQgetvalue(r, 0, 0), 16);
		PQclear(r);
	}
	x->threads = calloc((size_t)cap, 16);
	x->contribs = calloc((size_t)cap, 16);
	if (!x->threads || !x->contribs)
		die("calloc", "out of memory");
}

static void pl_log(pl_side *x, int64_t ms, const char *op,
	const unsigned char *object)
{
	char t[24];
	const char *v[4] = { t, op, (const char *)object, (const char *)x->comm };
	int len[4] = { 0, 0, 16, 16 }, fmt[4] = { 0, 0, 1, 1 };

	snprintf(t, sizeof(t), "%lld", (long long)ms);
	PQclear(pl_exec(x, P_LOG, 4, v, len, fmt));
}

static void pl_thread(pl_side *x, const char *body)
{
	unsigned char *id = x->threads[x->nthreads], post[16];
	char title[64], t[24];
	int64_t ms = now_ms();

	snprintf(title, sizeof(title), "About %s and %s", words[rnd(NWORDS)],
		words[rnd(NWORDS)]);
	snprintf(t, sizeof(t), "%lld", (long long)ms);
	pl_id(x, id);
	pl_id(x, post);
	{
		const char *v[4] = { (const char *)id, (const char *)x->comm,
			title, t };
		int len[4] = { 16, 16, 0, 0 }, fmt[4] = { 1, 1, 0, 0 };
		PQclear(pl_exec(x, P_THR, 4, v, len, fmt));
	}
	{
		const char *v[6] = { (const char *)post, (const char *)id,
			(const char *)x->comm, body, t, title };
		int len[6] = { 16, 16, 16, 0, 0, 0 }, fmt[6] = { 1, 1, 1, 0, 0, 0 };
		PQclear(pl_exec(x, P_POST, 6, v, len, fmt));
	}
	pl_log(x, ms, "thread.create", id);
	x->nthreads++;
}

static void pl_reply(pl_side *x, long thread, const char *body)
{
	unsigned char *id = x->contribs[x->ncontribs];
	const unsigned char *th = x->threads[thread];
	char t[24];
	int64_t ms = now_ms();

	snprintf(t, sizeof(t), "%lld", (long long)ms);
	pl_id(x, id);
	{
		const char *v[5] = { (const char *)id, (const char *)th,
			(const char *)x->comm, body, t };
		int len[5] = { 16, 16, 16, 0, 0 }, fmt[5] = { 1, 1, 1, 0, 0 };
		PQclear(pl_exec(x, P_CON, 5, v, len, fmt));
	}
	{
		const char *v[2] = { (const char *)th, t };
		int len[2] = { 16, 0 }, fmt[2] = { 1, 0 };
		PQclear(pl_exec(x, P_BUMP, 2, v, len, fmt));
	}
	pl_log(x, ms, "contribution.create", id);
	x->ncontribs++;
}

static void pl_vote(pl_side *x, long contrib)
{
	unsigned char id[16];
	const unsigned char *c = x->contribs[contrib];
	char t[24];
	int64_t ms = now_ms();

	snprintf(t, sizeof(t), "%lld", (long long)ms);
	pl_id(x, id);
	pl_run(x, "BEGIN");
	{
		const char *v[4] = { (const char *)id, (const char *)x->comm,
			(const char *)c, t };
		int len[4] = { 16, 16, 16, 0 }, fmt[4] = { 1, 1, 1, 0 };
		PQclear(pl_exec(x, P_VOTE, 4, v, len, fmt));
	}
	{
		const char *v[1] = { (const char *)c };
		int len[1] = { 16 }, fmt[1] = { 1 };
		PQclear(pl_exec(x, P_SCORE, 1, v, len, fmt));
	}
	pl_log(x, ms, "vote.cast", id);
	pl_run(x, "COMMIT");
}

/*
 * Read every column of row @p i as a plain application would to use it,
 * as the SQLite benchmark's plain side does: @p types has a letter a
 * column, b(ytes), t(ext), i(nteger, binary big-endian) or d(ecimal
 * text).  Nonzero when the row holds anything.
 */
static long touch_row(const PGresult *r, int i, const char *types)
{
	long sum = 0;
	int c;

	for (c = 0; types[c]; c++) {
		const unsigned char *p;
		int n, j;
		uint64_t v = 0;

		if (PQgetisnull(r, i, c))
			continue;
		p = (const unsigned char *)PQgetvalue(r, i, c);
		n = PQgetlength(r, i, c);
		switch (types[c]) {
		case 'i':
			for (j = 0; j < n; j++)
				v = v << 8 | p[j];
			sum += (long)v;
			break;
		case 'd':
			sum += strtod((const char *)p, NULL) != 0;
			break;
		default:
			sum += p[0] + n;
			break;
		}
	}
	return sum != 0;
}

/* A search: the folded word, then the hits. */
static long pl_search(pl_side *x, const char *word)
{
	const char *v[2] = { word, (const char *)x->comm };
	int len[2] = { 0, 16 }, fmt[2] = { 0, 1 };
	char q[128];
	PGresult *r = pl_exec(x, P_NORM, 1, v, len, fmt);
	long n;
	int i;

	if (PQntuples(r) != 1)
		die("cop_norm", "no row");
	snprintf(q, sizeof(q), "'%s'", PQgetvalue(r, 0, 0));
	PQclear(r);
	v[0] = q;
	r = pl_exec(x, P_SEARCH, 2, v, len, fmt);
	for (n = 0, i = 0; i < PQntuples(r); i++)
		n += touch_row(r, i, "tttttd");    /* text results */
	PQclear(r);
	return n;
}

/* The page (of thread @p id) or the listing (of community @p id). */
static long pl_rows(pl_side *x, int s, const unsigned char *id)
{
	const char *v[1] = { (const char *)id };
	int len[1] = { 16 }, fmt[1] = { 1 };
	PGresult *r = pl_exec(x, s, 1, v, len, fmt);
	long n = PQntuples(r), i, k = 0;

	/* Every column of every row, as libcop makes objects of them. */
	for (i = 0; i < n; i++)
		k += touch_row(r, (int)i, s == P_PAGE ? "bbbbibbttiiiii" :
			"bbbiitttiiii");
	PQclear(r);
	return k;
}

/* Read @p k of workload @p w (W_PAGE, W_LISTING, W_SEARCH) on each side. */
static void lc_read(lc_side *x, int w, long k)
{
	if (w == W_PAGE)
		lc_page(x, rnd((unsigned int)x->nthreads));
	else if (w == W_LISTING)
		lc_listing(x);
	else
		lc_search(x, words[k % NWORDS]);
}

static void pl_read(pl_side *x, int w, long k)
{
	if (w == W_PAGE)
		pl_rows(x, P_PAGE, x->threads[rnd((unsigned int)x->nthreads)]);
	else if (w == W_LISTING)
		pl_rows(x, P_LIST, x->comm);
	else
		pl_search(x, words[k % NWORDS]);
}

/* ---- the workloads ----------------------------------------------------------------- */

typedef struct figures {
	const char *name;
	long ops;
	double lc, pl;     /* best seconds */
} figures;

static void best(double *slot, double t)
{
	if (*slot == 0 || t < *slot)
		*slot = t;
}

static void report(const figures *f)
{
	double lc = f->ops / f->lc, pl = f->ops / f->pl;

	printf("%-8s %8ld ops   libcop %10.0f/s   plain %10.0f/s   ratio %.3f  %s\n",
		f->name, f->ops, lc, pl, lc / pl, lc / pl >= 0.8 ? "PASS" : "MISS");
	fflush(stdout);
}

/* The name and parent of process @p pid (from /proc); 0 on success. */
static int proc_stat(long pid, char *comm, size_t n, long *ppid)
{
	char path[64], line[512], *open, *close;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	if (!(open = strchr(line, '(')) || !(close = strrchr(line, ')')) ||
	    sscanf(close + 1, " %*c %ld", ppid) != 1)
		return -1;
	snprintf(comm, n, "%.*s", (int)(close - open - 1), open + 1);
	return 0;
}

/* The server's postmaster when pinned, and the CPUs it had before. */
static long pinned_pm;
static cpu_set_t pinned_was;

/* Give @p set to the postmaster @p pm and every process it forked. */
static int set_server_cpus(long pm, const cpu_set_t *set)
{
	long pid, ppid;
	char comm[64];
	DIR *d;
	struct dirent *e;

	if (sched_setaffinity((pid_t)pm, sizeof(*set), set) != 0)
		return -1;
	if ((d = opendir("/proc"))) {
		while ((e = readdir(d)))
			if ((pid = strtol(e->d_name, NULL, 10)) > 0 &&
			    proc_stat(pid, comm, sizeof(comm), &ppid) == 0 &&
			    ppid == pm)
				sched_setaffinity((pid_t)pid, sizeof(*set), set);
		closedir(d);
	}
	return 0;
}

/*
 * Pin this process to the first CPU and the server (its postmaster and
 * every process the postmaster forked, both sides' backends among them;
 * backends forked later inherit it) to the last one, when the server
 * runs on this machine and it has two CPUs or more.  Otherwise which
 * CPU a backend shares with its client changes from run to run, and on
 * a virtual machine a wake-up across CPUs costs more than a read's own
 * work: unpinned, the reads' ratios swing by a third between runs.
 * unpin_server() gives the server its CPUs back.  Writes into @p out
 * what was done, for the report.
 */
static void pin_cpus(PGconn *conn, char *out, size_t n)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN), pm, ppid;
	char comm[64];
	cpu_set_t set;

	if (ncpu < 2) {
		snprintf(out, n, "not pinned (one CPU)");
		return;
	}
	if (proc_stat(PQbackendPID(conn), comm, sizeof(comm), &pm) != 0 ||
	    strcmp(comm, "postgres") != 0 ||
	    proc_stat(pm, comm, sizeof(comm), &ppid) != 0 ||
	    strcmp(comm, "postgres") != 0) {
		snprintf(out, n, "not pinned (the server is not on this machine)");
		return;
	}
	CPU_ZERO(&set);
	CPU_SET((int)ncpu - 1, &set);
	if (sched_getaffinity((pid_t)pm, sizeof(pinned_was), &pinned_was) != 0 ||
	    set_server_cpus(pm, &set) != 0) {
		snprintf(out, n, "not pinned (%s)", strerror(errno));
		return;
	}
	pinned_pm = pm;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0) {
		snprintf(out, n, "server on CPU %ld, this program not pinned "
			"(%s)", ncpu - 1, strerror(errno));
		return;
	}
	snprintf(out, n, "this program on CPU 0, the server on CPU %ld",
		ncpu - 1);
}

/* The server's CPUs as they were before pin_cpus(). */
static void unpin_server(void)
{
	if (pinned_pm > 0)
		set_server_cpus(pinned_pm, &pinned_was);
	pinned_pm = 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: cop-bench-pg --uri postgresql://... [--size N] "
		"[--reads N] [--singles N] [--votes N] [--rounds N] [--keep] "
		"[--pin]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *uri = getenv("COP_BENCH_URI");
	long size = 5000, reads = 500, singles = 500, votes = 500;
	int rounds = 3, keep = 0, pin = 0, i, r;
	char pinned[128];
	lc_side L;
	pl_side P;
	char *lc_uri = NULL, *pl_uri = NULL, *conninfo = NULL, body[1024];
	cop_store *tmp = NULL;
	figures f[W_COUNT];
	long cap, k, nth;
	double t0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--uri") && i + 1 < argc)
			uri = argv[++i];
		else if (!strcmp(argv[i], "--size") && i + 1 < argc)
			size = atol(argv[++i]);
		else if (!strcmp(argv[i], "--reads") && i + 1 < argc)
			reads = atol(argv[++i]);
		else if (!strcmp(argv[i], "--singles") && i + 1 < argc)
			singles = atol(argv[++i]);
		else if (!strcmp(argv[i], "--votes") && i + 1 < argc)
			votes = atol(argv[++i]);
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--keep"))
			keep = 1;
		else if (!strcmp(argv[i], "--pin"))
			pin = 1;
		else
			usage();
	}
	if (!uri || (strncmp(uri, "postgresql://", 13) &&
	    strncmp(uri, "postgres://", 11)) || size < 100 || reads < 1 ||
	    singles < 1 || votes < 1 || rounds < 1)
		usage();
	if (asprintf(&lc_uri, "%s%sbench_lc", uri, strchr(uri, '?') ?
		"&cop_schema=" : "?cop_schema=") < 0 ||
	    asprintf(&pl_uri, "%s%sbench_pl", uri, strchr(uri, '?') ?
		"&cop_schema=" : "?cop_schema=") < 0)
		die("asprintf", "out of memory");
	/* The plain side connects with the URI as libpq takes it. */
	conninfo = strdup(uri);
	if (!conninfo)
		die("strdup", "out of memory");

	/* Fresh schemas: drop what a run with --keep left. */
	{
		char *drop = NULL;

		if (asprintf(&drop, "%s&cop_schema_drop=1", lc_uri) < 0)
			die("asprintf", "out of memory");
		if (cop_open(&tmp, drop, &as_system) == COP_OK)
			cop_close(tmp);
		free(drop);
		if (asprintf(&drop, "%s&cop_schema_drop=1", pl_uri) < 0)
			die("asprintf", "out of memory");
		if (cop_open(&tmp, drop, &as_system) == COP_OK)
			cop_close(tmp);
		free(drop);
	}
	cap = size * (long)rounds + singles * (long)rounds + 16;
	memset(&L, 0, sizeof(L));
	memset(&P, 0, sizeof(P));
	lc_open(&L, lc_uri, cap);
	/* The plain schema is made by libcop too, with its own community. */
	{
		lc_side M;

		memset(&M, 0, sizeof(M));
		lc_open(&M, pl_uri, 1);
		pl_open(&P, conninfo, "bench_pl", M.comm, cap);
		cop_close(M.s);
		free(M.threads);
		free(M.contribs);
	}
	if (pin)
		pin_cpus(P.conn, pinned, sizeof(pinned));
	else
		snprintf(pinned, sizeof(pinned), "not pinned (no --pin)");
	printf("cop-bench-pg: %ld contributions per ingest, %ld singles, "
		"%ld votes, %ld reads, best of %d rounds; %s\n", size, singles,
		votes, reads, rounds, pinned);
	memset(f, 0, sizeof(f));
	f[W_INGEST].name = "ingest"; f[W_INGEST].ops = size;
	f[W_SINGLES].name = "singles"; f[W_SINGLES].ops = singles;
	f[W_VOTES].name = "votes"; f[W_VOTES].ops = votes;
	f[W_PAGE].name = "page"; f[W_PAGE].ops = reads;
	f[W_LISTING].name = "listing"; f[W_LISTING].ops = reads;
	f[W_SEARCH].name = "search"; f[W_SEARCH].ops = reads;

	nth = size / 10;
	for (r = 0; r < rounds; r++) {
		/* ingest: threads then replies spread over them. */
		rng_state = 1234567 + (uint64_t)r;
		t0 = now_s();
		lc_ok(&L, cop_batch_begin(L.s), "cop_batch_begin");
		for (k = 0; k < size; k++) {
			body_make(body, sizeof(body), (unsigned int)k);
			if (k < nth)
				lc_thread(&L, body);
			else
				lc_reply(&L, L.nthreads - nth + (k % nth), body);
			if ((k + 1) % BATCH == 0) {
				lc_ok(&L, cop_batch_commit(L.s), "cop_batch_commit");
				lc_ok(&L, cop_batch_begin(L.s), "cop_batch_begin");
			}
		}
		lc_ok(&L, cop_batch_commit(L.s), "cop_batch_commit");
		best(&f[W_INGEST].lc, now_s() - t0);

		rng_state = 1234567 + (uint64_t)r;
		t0 = now_s();
		pl_run(&P, "BEGIN");
		for (k = 0; k < size; k++) {
			body_make(body, sizeof(body), (unsigned int)k);
			if (k < nth)
				pl_thread(&P, body);
			else
				pl_reply(&P, P.nthreads - nth + (k % nth), body);
			if ((k + 1) % BATCH == 0) {
				pl_run(&P, "COMMIT");
				pl_run(&P, "BEGIN");
			}
		}
		pl_run(&P, "COMMIT");
		best(&f[W_INGEST].pl, now_s() - t0);

		/* singles: each reply its own transaction. */
		t0 = now_s();
		for (k = 0; k < singles; k++) {
			body_make(body, sizeof(body), (unsigned int)k);
			lc_reply(&L, rnd((unsigned int)L.nthreads), body);
		}
		best(&f[W_SINGLES].lc, now_s() - t0);
		t0 = now_s();
		for (k = 0; k < singles; k++) {
			body_make(body, sizeof(body), (unsigned int)k);
			pl_run(&P, "BEGIN");
			pl_reply(&P, rnd((unsigned int)P.nthreads), body);
			pl_run(&P, "COMMIT");
		}
		best(&f[W_SINGLES].pl, now_s() - t0);

		/* votes: anonymous up-votes on the replies. */
		t0 = now_s();
		for (k = 0; k < votes; k++)
			lc_ok(&L, cop_vote_cast(L.s, L.contribs[rnd(
				(unsigned int)L.ncontribs)], COP_VOTE_UP),
				"cop_vote_cast");
		best(&f[W_VOTES].lc, now_s() - t0);
		t0 = now_s();
		for (k = 0; k < votes; k++)
			pl_vote(&P, rnd((unsigned int)P.ncontribs));
		best(&f[W_VOTES].pl, now_s() - t0);

		/* reads, on tables in a steady state (as autovacuum keeps
		 * them; it would otherwise run in the middle of one side) */
		pl_run(&P, "SET search_path TO bench_lc");
		pl_run(&P, "VACUUM ANALYZE cop_thread, cop_contribution");
		pl_run(&P, "SET search_path TO bench_pl");
		pl_run(&P, "VACUUM ANALYZE cop_thread, cop_contribution");
		/* Each read in chunks of CHUNK operations, the sides taking
		 * turns, so both meet the machine in the same state (this
		 * host's speed drifts within a round); a round's time of a
		 * side is the sum of its chunks. */
		for (i = W_PAGE; i <= W_SEARCH; i++) {
			double tl = 0, tp = 0;
			long c, n;

			for (c = 0; c < reads; c += n) {
				n = reads - c < CHUNK ? reads - c : CHUNK;
				t0 = now_s();
				for (k = c; k < c + n; k++)
					lc_read(&L, i, k);
				tl += now_s() - t0;
				t0 = now_s();
				for (k = c; k < c + n; k++)
					pl_read(&P, i, k);
				tp += now_s() - t0;
			}
			best(&f[i].lc, tl);
			best(&f[i].pl, tp);
		}
	}
	unpin_server();
	for (i = 0; i < W_COUNT; i++)
		report(&f[i]);

	PQfinish(P.conn);
	cop_close(L.s);
	if (!keep) {
		char *drop = NULL;

		if (asprintf(&drop, "%s&cop_schema_drop=1", lc_uri) >= 0 &&
		    cop_open(&tmp, drop, &as_system) == COP_OK)
			cop_close(tmp);
		free(drop);
		if (asprintf(&drop, "%s&cop_schema_drop=1", pl_uri) >= 0 &&
		    cop_open(&tmp, drop, &as_system) == COP_OK)
			cop_close(tmp);
		free(drop);
	}
	free(L.threads);
	free(L.contribs);
	free(P.threads);
	free(P.contribs);
	free(lc_uri);
	free(pl_uri);
	free(conninfo);
	return 0;
}
