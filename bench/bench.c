/*
 * cop-bench: libcop on SQLite against plain SQLite doing the same work.
 *
 *   cop-bench [--sizes 10000,100000[,1000000]] [--dir DIR] [--reads N]
 *             [--quick] [--system] [--keep] [--communities 1-4]
 *
 * For each size N (contributions) one generator with a fixed seed makes a
 * synthetic community: N/50 members (at least 40), four public
 * communities that the members join (--communities: fewer; with one,
 * every member joins it once and it holds all N contributions), N/10 question threads (two tags, a
 * title) and replies spread over the 50 most recent threads (about ten
 * contributions a thread), bodies of 200-800 bytes of words drawn with a
 * Zipf law from a fixed vocabulary.  Each contribution is written by a
 * member of its community (with --system: by the system, no authors).
 * Every operation has its time, from 2025-01-01 on: members, communities
 * and joins a second apart, then the contributions as a Poisson process
 * over 400 days (exponential gaps, their own random stream), so a
 * question's first reply comes minutes to days after it, as on a real
 * site (the health report's response times, cop-bench-health); both
 * sides write those times (libcop through cop_store_set_time()).
 *
 * Both sides follow the same generator, so they write the same rows (the
 * program counts ten tables in both files to show it):
 *
 *   libcop   through the public API: everything inside cop_batch_begin /
 *            cop_batch_commit with a commit every 10k operations; then
 *            1000 single replies, each its own transaction; each thread
 *            and reply made as its author (cop_store_set_actor).
 *   plain    the sqlite3 API on a file whose schema libcop created (the
 *            same tables, indexes, FTS5 table and triggers), the same
 *            PRAGMAs, prepared statements, the same transactions, and the
 *            writes libcop makes for each operation: the row (its rid and
 *            fid computed as libcop's statement does), the FTS5
 *            row (by the schema's trigger), the thread's counters, the
 *            author's standing (and first-post/welcomer badges), the
 *            change-log row.  Before a thread or reply it checks that the
 *            author may post with one joined query, where libcop reads
 *            the member, thread, community, membership, recognition
 *            settings and standing one by one.
 *
 * Each ingest runs in its own child process (fork) on its own file, so
 * its peak memory (ru_maxrss from wait4) is its own.  Up to 100k the
 * ingests run three times, alternating plain and libcop, and the best of
 * each counts.  The reads then run in one more child that opens both
 * files and alternates rounds of four readers: libcop as a member and
 * plain SQL applying the same visibility rules; libcop as the system and
 * plain SQL without rules.  The median round of each counts.
 *
 * It prints a table per size, the ratios, and PASS/MISS per target.  The
 * exit status is 0 whatever the figures (benchmarks never fail a build),
 * 1 when an operation fails, 2 on bad arguments.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>
#include <cop/cop.h>

#include "benchutil.h"
#include "../libcop/sqlite/layout.h"

#define NCOMM_MAX 4
/* Communities in the data set (--communities, 1-4). */
static int ncomm = NCOMM_MAX;
#define PER_THREAD 10           /* contributions a thread, on average */
#define RECENT 50               /* replies go to the 50 newest threads */
#define BATCH 10000             /* operations per batch commit */
#define SINGLES 1000            /* single-operation replies */
#define T0_MS 1735689600000LL   /* the first operation: 2025-01-01 UTC */
#define SPAN_MS (400LL * 86400000LL)  /* the contributions' span */
#define PAGE 50                 /* listing page size */
#define HITS 20                 /* search hits */
#define ROUNDS 7                /* alternating read rounds */
#define MAXSIZES 8
#define CACHE_KIB 16384         /* libcop's SQLite page cache (sqlite.c) */
#define DAY_MS 86400000LL

#define BADGE_FIRST_POST ((int)COP_BADGE_FIRST_POST)
#define BADGE_WELCOMER ((int)COP_BADGE_WELCOMER)

/* ---- a small PRNG (xorshift64*) ------------------------------------------------ */

typedef struct rng {
	uint64_t s;
} rng;

static void rng_seed(rng *r, uint64_t seed)
{
	r->s = seed ? seed : 0x9E3779B97F4A7C15ULL;
}

static uint64_t rng_next(rng *r)
{
	uint64_t x = r->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* Uniform in [0, n), n > 0. */
static uint64_t rng_below(rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

/* Uniform in [0, 1). */
static double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* ---- the vocabulary --------------------------------------------------------------- */

/* The most frequent words, by rank; made-up words fill the long tail. */
static const char *const real_words[] = {
	"the", "of", "and", "to", "in", "we", "is", "for", "it", "with",
	"water", "farmers", "soil", "community", "seed", "practice", "rain",
	"market", "group", "training", "harvest", "village", "question",
	"answer", "method", "tool", "learning", "radio", "extension",
	"cooperative", "irrigation", "maize", "cassava", "yam", "cocoa",
	"weather", "storage", "loss", "price", "credit", "women", "youth",
	"meeting", "facilitator", "summary", "knowledge", "sharing",
	"network", "support", "feedback", "experience", "lesson", "report",
	"field", "school", "pest", "fertiliser", "compost", "livestock",
	"poultry", "fish", "climate", "drought", "flood", "policy",
	"ministry", "research", "university", "trader", "transport", "road",
	"phone", "café", "récolte", "élevage", "coopérative", "semences",
	"marché", "pluie", "irrigação", "colheita", "agricultores", "Müll",
	"Genossenschaft", "data", "survey", "budget", "plan", "season",
	"planting", "weeding", "yield", "variety", "beans", "sorghum",
	"millet", "rice", "cattle", "goats", "bees", "honey", "trees"
};
#define NREAL (sizeof(real_words) / sizeof(real_words[0]))
#define NVOCAB 3000
#define SEARCH_RANK 10          /* searches use ranks 10-19: "common" */
#define SEARCH_WORDS 10

static const char *const syllables[] = {
	"ka", "mo", "ri", "ta", "lu", "ne", "so", "bi", "da", "fe", "gu",
	"ha", "ji", "ko", "la", "me", "nu", "pa", "re", "si", "to", "vu",
	"wa", "zo"
};
#define NSYL (sizeof(syllables) / sizeof(syllables[0]))

static const char *vocab[NVOCAB];
static char synth[NVOCAB][16];
static double zipf_cdf[NVOCAB];

static void vocab_init(void)
{
	double h = 0, acc = 0;
	size_t i;

	for (i = 0; i < NVOCAB; i++) {
		if (i < NREAL) {
			vocab[i] = real_words[i];
		} else {
			size_t k = i, n = 0, nsyl = 2 + i % 3;
			char *w = synth[i];

			while (nsyl--) {
				const char *s = syllables[k % NSYL];

				k /= NSYL;
				k += i * 7;
				memcpy(w + n, s, 2);
				n += 2;
			}
			snprintf(w + n, sizeof(synth[i]) - n, "%zu", i % 10);
			vocab[i] = w;
		}
		h += 1.0 / (double)(i + 1);
	}
	for (i = 0; i < NVOCAB; i++) {
		acc += 1.0 / (double)(i + 1) / h;
		zipf_cdf[i] = acc;
	}
	zipf_cdf[NVOCAB - 1] = 1.0;
}

/* A word, Zipf-distributed (exponent 1). */
static const char *word(rng *r)
{
	double u = rng_unit(r);
	size_t lo = 0, hi = NVOCAB - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (zipf_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return vocab[lo];
}

/* A body of 200-800 bytes of sentences into @p buf (1024 bytes). */
static void make_body(rng *r, char *buf)
{
	size_t want = 200 + rng_below(r, 601), len = 0;
	int start = 1;

	while (len < want) {
		const char *w = word(r);
		size_t n = strlen(w);
		uint64_t p;

		if (len + n + 2 >= 1000)
			break;
		memcpy(buf + len, w, n);
		if (start && buf[len] >= 'a' && buf[len] <= 'z')
			buf[len] = (char)(buf[len] - 'a' + 'A');
		len += n;
		p = rng_below(r, 40);
		start = p < 4;
		if (p == 0) {
			buf[len++] = '.';
			buf[len++] = '\n';
		} else if (p < 4) {
			buf[len++] = '.';
			buf[len++] = ' ';
		} else if (p == 4) {
			buf[len++] = ',';
			buf[len++] = ' ';
		} else {
			buf[len++] = ' ';
		}
	}
	while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\n'))
		len--;
	buf[len++] = '.';
	buf[len] = '\0';
}

static void make_title(rng *r, char *buf, size_t size)
{
	const char *a = word(r), *b = word(r), *c = word(r);

	snprintf(buf, size, "How do we handle %s %s and %s?", a, b, c);
}

static const char *const tag_names[] = {
	"climate", "credit", "irrigation", "livestock", "markets", "seeds",
	"soil", "storage", "training", "water"
};
#define NTAGS (sizeof(tag_names) / sizeof(tag_names[0]))

/* Two distinct tags, sorted: already the form libcop normalises to. */
static void make_tags(rng *r, char *buf, size_t size)
{
	size_t a = rng_below(r, NTAGS), b = rng_below(r, NTAGS - 1);

	if (b >= a)
		b++;
	if (b < a) {
		size_t t = a;

		a = b;
		b = t;
	}
	snprintf(buf, size, "%s %s", tag_names[a], tag_names[b]);
}

/* ---- the workload: one generator that both sides follow --------------------------- */

enum op_kind { OP_MEMBER, OP_COMMUNITY, OP_JOIN, OP_THREAD, OP_REPLY, OP_END };

typedef struct op {
	enum op_kind kind;
	long member;            /* the member made, joining, or the author */
	int comm;               /* community made, joined, or of the thread */
	long thread;            /* thread made or replied to (index) */
	int64_t when;           /* its time, ms since the epoch */
	char handle[32];
	char title[160];
	char tags[64];
	char body[1024];
} op;

typedef struct gen {
	rng r;
	rng tr;                 /* the times: their own stream */
	int64_t clock;          /* the last operation's time */
	long n;                 /* contributions */
	long members;
	long pos;               /* operations made so far */
	long contribs;          /* contributions made so far */
	long nthreads;
} gen;

static long members_for(long n)
{
	return n / 50 < 40 ? 40 : n / 50;
}

/* Members whose home is community @p c: c, c + ncomm, c + 2 ncomm, ... */
static long home_count(long members, int c)
{
	return (members - c + ncomm - 1) / ncomm;
}

/* Joins: every member its home community, every third one a second. */
static long joins_for(long members)
{
	if (ncomm == 1)
		return members;
	return members + (members + 2) / 3;
}

static void gen_init(gen *g, long n)
{
	memset(g, 0, sizeof(*g));
	rng_seed(&g->r, 42);
	rng_seed(&g->tr, 7);
	g->clock = T0_MS;
	g->n = n;
	g->members = members_for(n);
}

static long gen_author(gen *g, int comm)
{
	return comm + ncomm * (long)rng_below(&g->r,
		(uint64_t)home_count(g->members, comm));
}

/* Operation @p o's time: a second after the last for members,
 * communities and joins; for a contribution an exponential gap whose
 * mean spreads the contributions over SPAN_MS. */
static void gen_time(gen *g, op *o)
{
	if (o->kind == OP_THREAD || o->kind == OP_REPLY)
		g->clock += 1 + (int64_t)(-log(1.0 - rng_unit(&g->tr)) *
			(double)SPAN_MS / (double)g->n);
	else
		g->clock += 1000;
	o->when = g->clock;
}

static void gen_reply(gen *g, op *o, long thread)
{
	o->kind = OP_REPLY;
	o->thread = thread;
	o->comm = (int)(thread % ncomm);
	o->member = gen_author(g, o->comm);
	make_body(&g->r, o->body);
}

/* The next operation of the bulk ingest, without its time. */
static void gen_op(gen *g, op *o)
{
	long p = g->pos++, nj = joins_for(g->members);

	if (p < g->members) {
		o->kind = OP_MEMBER;
		o->member = p;
		snprintf(o->handle, sizeof(o->handle), "member%ld", p);
		return;
	}
	p -= g->members;
	if (p < ncomm) {
		o->kind = OP_COMMUNITY;
		o->comm = (int)p;
		snprintf(o->handle, sizeof(o->handle), "community-%ld", p);
		return;
	}
	p -= ncomm;
	if (p < nj) {
		o->kind = OP_JOIN;
		if (p < g->members) {
			o->member = p;
			o->comm = (int)(p % ncomm);
		} else {
			o->member = (p - g->members) * 3;
			o->comm = (int)((o->member + 1) % ncomm);
		}
		return;
	}
	if (g->contribs >= g->n) {
		o->kind = OP_END;
		return;
	}
	if (g->contribs++ % PER_THREAD == 0) {
		o->kind = OP_THREAD;
		o->thread = g->nthreads++;
		o->comm = (int)(o->thread % ncomm);
		o->member = gen_author(g, o->comm);
		make_title(&g->r, o->title, sizeof(o->title));
		make_tags(&g->r, o->tags, sizeof(o->tags));
		make_body(&g->r, o->body);
	} else {
		long recent = g->nthreads < RECENT ? g->nthreads : RECENT;

		gen_reply(g, o, g->nthreads - 1 -
			(long)rng_below(&g->r, (uint64_t)recent));
	}
}

/* The next operation of the bulk ingest; OP_END after the last. */
static void gen_next(gen *g, op *o)
{
	gen_op(g, o);
	gen_time(g, o);
}

/* A single-operation reply to any thread. */
static void gen_single(gen *g, op *o)
{
	gen_reply(g, o, (long)rng_below(&g->r, (uint64_t)g->nthreads));
	gen_time(g, o);
}

static const char *const orgs[] = {
	"Farmers' Union", "Ministry of Agriculture", "Radio Kissan",
	"Université de Parakou", "Cooperativa Sol", NULL
};
#define NORGS (sizeof(orgs) / sizeof(orgs[0]))

static const char *member_org(long m)
{
	return orgs[m % (long)NORGS];
}

static const char *member_langs(long m)
{
	return m % 3 == 0 ? "en fr" : "en";
}

/* ---- timing, results, errors -------------------------------------------------------- */

enum { R_PAGE, R_LIST, R_SEARCH, NREADS };
/* Who reads: libcop as a member and plain with the same visibility
 * rules in its SQL; libcop as the system and plain without rules. */
enum { V_MEMBER, V_PLAIN_MEMBER, V_SYSTEM, V_PLAIN, NVARIANTS };

static const char *const read_names[NREADS] = {
	"thread page of 50", "thread listing of 50", "search, 20 hits"
};
static const char *const read_short[NREADS] = { "page", "listing", "search" };

#define NCOUNTS 10
static const char *const count_tables[NCOUNTS] = {
	"cop_member", "cop_community", "cop_membership", "cop_thread",
	"cop_thread_tag", "cop_contribution", "cop_fts_docsize", "cop_log",
	"cop_standing", "cop_badge"
};

/* What one child measures. */
typedef struct result {
	double ingest_s;                 /* whole bulk ingest */
	double single_us;                /* per single-operation reply */
	double read_us[NVARIANTS][NREADS];
	long search_reps;
	long counts[2][NCOUNTS];         /* rows: libcop file, plain file */
	long peak_kib;                   /* the child's peak RSS */
	long rows;                       /* rows read, a sanity check */
	int ok;
} result;

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		bu_die("calloc", "out of memory");
	return p;
}

/* The file, its -wal and -shm, and the ids saved beside it. */
static void remove_db(const char *path)
{
	char p[4200];

	bu_remove_db(path);
	snprintf(p, sizeof(p), "%s.ids", path);
	unlink(p);
}

/* ---- the ids each ingest leaves for the reads ------------------------------------- */

typedef struct idset {
	long members, nthreads;
	unsigned char comm[NCOMM_MAX][16];
	unsigned char (*member)[16];
	unsigned char (*thread)[16];
} idset;

static void ids_save(const char *db, const idset *ids)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s.ids", db);
	if (!(f = fopen(path, "wb")))
		bu_die(path, strerror(errno));
	if (fwrite(&ids->members, sizeof(long), 1, f) != 1 ||
	    fwrite(&ids->nthreads, sizeof(long), 1, f) != 1 ||
	    fwrite(ids->comm, 16, NCOMM_MAX, f) != NCOMM_MAX ||
	    fwrite(ids->member, 16, (size_t)ids->members, f) !=
	    (size_t)ids->members ||
	    fwrite(ids->thread, 16, (size_t)ids->nthreads, f) !=
	    (size_t)ids->nthreads || fclose(f) != 0)
		bu_die(path, "cannot write");
}

static void ids_load(const char *db, idset *ids)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s.ids", db);
	if (!(f = fopen(path, "rb")))
		bu_die(path, strerror(errno));
	if (fread(&ids->members, sizeof(long), 1, f) != 1 ||
	    fread(&ids->nthreads, sizeof(long), 1, f) != 1 ||
	    ids->members <= 0 || ids->nthreads <= 0)
		bu_die(path, "cannot read");
	ids->member = xcalloc((size_t)ids->members, 16);
	ids->thread = xcalloc((size_t)ids->nthreads, 16);
	if (fread(ids->comm, 16, NCOMM_MAX, f) != NCOMM_MAX ||
	    fread(ids->member, 16, (size_t)ids->members, f) !=
	    (size_t)ids->members ||
	    fread(ids->thread, 16, (size_t)ids->nthreads, f) !=
	    (size_t)ids->nthreads)
		bu_die(path, "cannot read");
	fclose(f);
}

static void ids_free(idset *ids)
{
	free(ids->member);
	free(ids->thread);
}

/* ---- libcop -------------------------------------------------------------------------- */

typedef char idtext[COP_ID_TEXT_LEN + 1];

typedef struct lc_side {
	cop_store *s;
	int system;             /* --system: everything as the system */
	long actor;             /* member acting now, -1: the system */
	idtext comm[NCOMM_MAX];
	idtext *member;
	idtext *thread;
} lc_side;

static void lc_act(lc_side *x, long member)
{
	if (x->system)
		member = -1;
	if (member == x->actor)
		return;
	bu_lc_check(x->s, member < 0 ? cop_store_act_as_system(x->s) :
		cop_store_set_actor(x->s, x->member[member]), "set actor");
	x->actor = member;
}

static void lc_apply(lc_side *x, const op *o)
{
	cop_store *s = x->s;

	bu_lc_check(s, cop_store_set_time(s, o->when), "set time");

	switch (o->kind) {
	case OP_MEMBER: {
		cop_member *m;

		lc_act(x, -1);
		bu_lc_check(s, cop_member_create(&m, s, o->handle, "A Member",
			member_org(o->member), member_langs(o->member)), "member");
		strcpy(x->member[o->member], cop_member_id(m));
		cop_member_free(m);
		break;
	}
	case OP_COMMUNITY: {
		cop_community *c;

		lc_act(x, -1);
		bu_lc_check(s, cop_community_create(&c, s, o->handle, "Community",
			"To learn together", "en", COP_VISIBILITY_PUBLIC),
			"community");
		strcpy(x->comm[o->comm], cop_community_id(c));
		cop_community_free(c);
		break;
	}
	case OP_JOIN:
		lc_act(x, -1);
		bu_lc_check(s, cop_community_join(NULL, s, x->comm[o->comm],
			x->member[o->member], 4), "join");
		break;
	case OP_THREAD: {
		cop_thread *t;

		lc_act(x, o->member);
		bu_lc_check(s, cop_thread_create(&t, s, x->comm[o->comm],
			COP_THREAD_QUESTION, o->title, o->tags, "en", o->body),
			"thread");
		strcpy(x->thread[o->thread], cop_thread_id(t));
		cop_thread_free(t);
		break;
	}
	case OP_REPLY:
		lc_act(x, o->member);
		bu_lc_check(s, cop_contribution_create(NULL, s, x->thread[o->thread],
			COP_CONTRIB_REPLY, NULL, NULL, "en", o->body), "reply");
		break;
	case OP_END:
		break;
	}
}

static void lc_ingest(const char *path, long n, int system, result *r)
{
	lc_side x;
	gen g;
	op o;
	idset ids;
	long ops = 0, i;
	double t0;

	memset(&x, 0, sizeof(x));
	gen_init(&g, n);
	x.system = system;
	x.actor = -1;
	x.member = xcalloc((size_t)g.members, sizeof(idtext));
	x.thread = xcalloc((size_t)(n / PER_THREAD + 1), sizeof(idtext));
	remove_db(path);
	bu_lc_check(NULL, cop_open(&x.s, path, BU_SYSTEM), "cop_open");

	t0 = bu_now_s();
	bu_lc_check(x.s, cop_batch_begin(x.s), "batch");
	for (gen_next(&g, &o); o.kind != OP_END; gen_next(&g, &o)) {
		lc_apply(&x, &o);
		if (++ops % BATCH == 0) {
			bu_lc_check(x.s, cop_batch_commit(x.s), "commit");
			bu_lc_check(x.s, cop_batch_begin(x.s), "batch");
		}
	}
	bu_lc_check(x.s, cop_batch_commit(x.s), "commit");
	r->ingest_s = bu_now_s() - t0;

	/* Single operations, each its own transaction. */
	t0 = bu_now_s();
	for (i = 0; i < SINGLES; i++) {
		gen_single(&g, &o);
		lc_apply(&x, &o);
	}
	r->single_us = (bu_now_s() - t0) * 1e6 / SINGLES;
	lc_act(&x, -1);

	memset(&ids, 0, sizeof(ids));
	ids.members = g.members;
	ids.nthreads = g.nthreads;
	ids.member = xcalloc((size_t)g.members, 16);
	ids.thread = xcalloc((size_t)g.nthreads, 16);
	for (i = 0; i < ncomm; i++) {
		cop_id id;

		cop_id_parse(&id, x.comm[i]);
		memcpy(ids.comm[i], id.bytes, 16);
	}
	for (i = 0; i < g.members; i++) {
		cop_id id;

		cop_id_parse(&id, x.member[i]);
		memcpy(ids.member[i], id.bytes, 16);
	}
	for (i = 0; i < g.nthreads; i++) {
		cop_id id;

		cop_id_parse(&id, x.thread[i]);
		memcpy(ids.thread[i], id.bytes, 16);
	}
	ids_save(path, &ids);
	ids_free(&ids);
	bu_lc_check(x.s, cop_close(x.s), "cop_close");
	free(x.member);
	free(x.thread);
	r->ok = 1;
}

/* ---- plain SQLite ----------------------------------------------------------------------- */

/* bu_run(), then the bindings cleared (an unbound parameter is NULL). */
static long run(sqlite3_stmt *st)
{
	long v = bu_run(st);

	sqlite3_clear_bindings(st);
	return v;
}

/* The connection settings libcop's SQLite backend makes. */
static sqlite3 *plain_open(const char *path)
{
	return bu_plain_open(path, CACHE_KIB);
}

typedef struct pl_thread {
	unsigned char id[16];
	long author;
	long count;
} pl_thread;

typedef struct pl_side {
	sqlite3 *db;
	int system;
	rng idr;                /* ids: their own stream, not the data's */
	int64_t now;            /* the operation's time */
	int64_t id_ms;
	unsigned int id_seq;
	sqlite3_stmt *begin, *commit, *member, *comm, *join, *may_start,
		*may_reply, *thread, *contrib, *bump, *standing, *posts, *badge,
		*log;
	unsigned char comm_id[NCOMM_MAX][16];
	unsigned char (*member_id)[16];
	pl_thread *th;
} pl_side;

/* A time-ordered 16-byte id, as libcop makes them (UUIDv7 layout). */
static void pl_new_id(pl_side *x, unsigned char *id)
{
	int64_t ms = x->now;
	uint64_t a = rng_next(&x->idr), b = rng_next(&x->idr);
	int i;

	if (ms <= x->id_ms) {
		ms = x->id_ms;
		x->id_seq++;
	} else {
		x->id_ms = ms;
		x->id_seq = 0;
	}
	memcpy(id, &a, 8);
	memcpy(id + 8, &b, 8);
	for (i = 5; i >= 0; i--) {
		id[i] = (unsigned char)(ms & 0xff);
		ms >>= 8;
	}
	id[6] = (unsigned char)(0x70 | ((x->id_seq >> 8) & 0x0f));
	id[7] = (unsigned char)(x->id_seq & 0xff);
	id[8] = (unsigned char)(0x80 | (id[8] & 0x3f));
}

static void pl_prepare(pl_side *x)
{
	sqlite3 *db = x->db;

	x->begin = bu_prep(db, "BEGIN IMMEDIATE");
	x->commit = bu_prep(db, "COMMIT");
	x->member = bu_prep(db, "INSERT INTO cop_member (id, handle, "
		"handle_lower, display_name, organisation, languages, status, "
		"created) VALUES (?1, ?2, lower(?2), ?3, ?4, ?5, 0, ?6)");
	x->comm = bu_prep(db, "INSERT INTO cop_community (id, slug, name, "
		"purpose, language, visibility, created) "
		"VALUES (?1, ?2, ?3, ?4, 'en', 0, ?5)");
	x->join = bu_prep(db, "INSERT INTO cop_membership (community_id, "
		"member_id, role, status, joined, pledged_hours) "
		"VALUES (?1, ?2, 1, 0, ?3, ?4)");
	/* What any correct writer checks first: may the author post here
	 * (an active membership, at least a member), is the thread open?
	 * One statement each, where libcop makes several reads. */
	x->may_start = bu_prep(db, "SELECT k.visibility, m.role, m.status "
		"FROM cop_community k LEFT JOIN cop_membership m "
		"ON m.community_id = k.id AND m.member_id = ?2 WHERE k.id = ?1");
	x->may_reply = bu_prep(db, "SELECT t.community_id, t.state, "
		"t.contribution_count, m.role, m.status FROM cop_thread t "
		"LEFT JOIN cop_membership m ON m.community_id = t.community_id "
		"AND m.member_id = ?2 WHERE t.id = ?1");
	x->thread = bu_prep(db, "INSERT INTO cop_thread (id, community_id, "
		"author_id, kind, state, pinned, title, tags, language, created, "
		"last_activity, contribution_count) "
		"VALUES (?1, ?2, ?3, 1, 0, 0, ?4, ?5, 'en', ?6, ?6, 1)");
	x->contrib = bu_prep(db, "INSERT INTO cop_contribution (rid, fid, id, "
		"thread_id, community_id, author_id, kind, reply_to, "
		"translation_of, language, body, format, created, edited, "
		"revision, score) VALUES (" SQ_CON_KEYS("?2")
		", ?1, ?2, ?3, ?4, ?5, "
		"NULL, NULL, 'en', ?6, 0, ?7, 0, 1, 0)");
	x->bump = bu_prep(db, "UPDATE cop_thread SET last_activity = "
		"max(last_activity, ?2), contribution_count = ?3 WHERE id = ?1");
	x->standing = bu_prep(db, "INSERT INTO cop_standing (community_id, "
		"member_id, reputation, cap_day, cap_used, trust, trust_manual, "
		"days_active, last_day, posts, likes_given, likes_received, "
		"kudos_received, accepted) "
		"VALUES (?1, ?2, 1, 0, 0, 0, 0, 1, ?3, 1, 0, 0, 0, 0) "
		"ON CONFLICT (community_id, member_id) DO UPDATE SET "
		"posts = posts + 1, "
		"days_active = days_active + (last_day <> excluded.last_day), "
		"last_day = excluded.last_day RETURNING posts");
	x->posts = bu_prep(db, "SELECT posts FROM cop_standing "
		"WHERE community_id = ?1 AND member_id = ?2");
	x->badge = bu_prep(db, "INSERT INTO cop_badge (id, community_id, "
		"member_id, badge, object_id, awarded) "
		"VALUES (?1, ?2, ?3, ?4, ?3, ?5) ON CONFLICT DO NOTHING");
	x->log = bu_prep(db, "INSERT INTO cop_log (time, actor_id, op, "
		"object_id, community_id) VALUES (?1, ?2, ?3, ?4, ?5)");
}

static void pl_finalize(pl_side *x)
{
	sqlite3_stmt **all[] = { &x->begin, &x->commit, &x->member, &x->comm,
		&x->join, &x->may_start, &x->may_reply, &x->thread, &x->contrib, &x->bump, &x->standing,
		&x->posts, &x->badge, &x->log };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
}

static void pl_log(pl_side *x, int64_t ms, const unsigned char *actor,
	const char *opname, const unsigned char *object,
	const unsigned char *comm)
{
	sqlite3_bind_int64(x->log, 1, ms);
	bu_bind_id(x->log, 2, actor);
	bu_bind_text(x->log, 3, opname);
	bu_bind_id(x->log, 4, object);
	bu_bind_id(x->log, 5, comm);
	run(x->log);
}

static void pl_badge(pl_side *x, const unsigned char *comm,
	const unsigned char *member, int badge, int64_t ms)
{
	unsigned char id[16];

	pl_new_id(x, id);
	bu_bind_id(x->badge, 1, id);
	bu_bind_id(x->badge, 2, comm);
	bu_bind_id(x->badge, 3, member);
	sqlite3_bind_int(x->badge, 4, badge);
	sqlite3_bind_int64(x->badge, 5, ms);
	run(x->badge);
}

/* The author's standing: one more post; the first-post badge once. */
static void pl_standing(pl_side *x, const unsigned char *comm,
	const unsigned char *author, int64_t ms)
{
	bu_bind_id(x->standing, 1, comm);
	bu_bind_id(x->standing, 2, author);
	sqlite3_bind_int64(x->standing, 3, ms / DAY_MS);
	if (run(x->standing) == 1)
		pl_badge(x, comm, author, BADGE_FIRST_POST, ms);
}

/* May @p author (NULL: the system) post (role at columns @p col, @p col+1)? */
static int pl_may_post(sqlite3_stmt *st, int col, const unsigned char *author)
{
	return !author || (sqlite3_column_type(st, col) != SQLITE_NULL &&
		sqlite3_column_int(st, col) >= COP_ROLE_MEMBER &&
		sqlite3_column_int(st, col + 1) == COP_MEMBERSHIP_ACTIVE);
}

static void pl_check_start(pl_side *x, const unsigned char *comm,
	const unsigned char *author)
{
	sqlite3_stmt *st = x->may_start;
	int ok;

	bu_bind_id(st, 1, comm);
	bu_bind_id(st, 2, author);
	ok = sqlite3_step(st) == SQLITE_ROW && pl_may_post(st, 1, author);
	sqlite3_reset(st);
	if (!ok)
		bu_die("plain", "may not start a thread");
}

/* Check and read the thread: its community into @p comm, its count. */
static long pl_check_reply(pl_side *x, const pl_thread *t,
	const unsigned char *author, unsigned char *comm)
{
	sqlite3_stmt *st = x->may_reply;
	long count = -1;
	int state;

	bu_bind_id(st, 1, t->id);
	bu_bind_id(st, 2, author);
	if (sqlite3_step(st) == SQLITE_ROW && pl_may_post(st, 3, author) &&
	    sqlite3_column_bytes(st, 0) == 16) {
		state = sqlite3_column_int(st, 1);
		if (state != COP_THREAD_CLOSED && state != COP_THREAD_LOCKED) {
			memcpy(comm, sqlite3_column_blob(st, 0), 16);
			count = (long)sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_reset(st);
	if (count < 0)
		bu_die("plain", "may not reply");
	return count;
}

static void pl_apply(pl_side *x, const op *o)
{
	unsigned char id[16];
	const unsigned char *author, *comm = x->comm_id[o->comm];
	int64_t ms = x->now = o->when;

	author = x->system || (o->kind != OP_THREAD && o->kind != OP_REPLY) ?
		NULL : x->member_id[o->member];
	switch (o->kind) {
	case OP_MEMBER:
		pl_new_id(x, x->member_id[o->member]);
		bu_bind_id(x->member, 1, x->member_id[o->member]);
		bu_bind_text(x->member, 2, o->handle);
		bu_bind_text(x->member, 3, "A Member");
		bu_bind_text(x->member, 4, member_org(o->member));
		bu_bind_text(x->member, 5, member_langs(o->member));
		sqlite3_bind_int64(x->member, 6, ms);
		run(x->member);
		pl_log(x, ms, NULL, "member.create", x->member_id[o->member],
			NULL);
		break;
	case OP_COMMUNITY:
		pl_new_id(x, x->comm_id[o->comm]);
		bu_bind_id(x->comm, 1, comm);
		bu_bind_text(x->comm, 2, o->handle);
		bu_bind_text(x->comm, 3, "Community");
		bu_bind_text(x->comm, 4, "To learn together");
		sqlite3_bind_int64(x->comm, 5, ms);
		run(x->comm);
		pl_log(x, ms, NULL, "community.create", comm, comm);
		break;
	case OP_JOIN:
		bu_bind_id(x->join, 1, comm);
		bu_bind_id(x->join, 2, x->member_id[o->member]);
		sqlite3_bind_int64(x->join, 3, ms);
		sqlite3_bind_int(x->join, 4, 4);
		run(x->join);
		pl_log(x, ms, NULL, "membership.join", x->member_id[o->member],
			comm);
		break;
	case OP_THREAD: {
		pl_thread *t = &x->th[o->thread];

		t->author = x->system ? -1 : o->member;
		t->count = 1;
		pl_check_start(x, comm, author);
		pl_new_id(x, t->id);
		pl_new_id(x, id);
		bu_bind_id(x->thread, 1, t->id);
		bu_bind_id(x->thread, 2, comm);
		bu_bind_id(x->thread, 3, author);
		bu_bind_text(x->thread, 4, o->title);
		bu_bind_text(x->thread, 5, o->tags);
		sqlite3_bind_int64(x->thread, 6, ms);
		run(x->thread);
		bu_bind_id(x->contrib, 1, id);
		bu_bind_id(x->contrib, 2, t->id);
		bu_bind_id(x->contrib, 3, comm);
		bu_bind_id(x->contrib, 4, author);
		sqlite3_bind_int(x->contrib, 5, COP_CONTRIB_POST);
		bu_bind_text(x->contrib, 6, o->body);
		sqlite3_bind_int64(x->contrib, 7, ms);
		run(x->contrib);
		if (author)
			pl_standing(x, comm, author, ms);
		pl_log(x, ms, author, "thread.create", t->id, comm);
		break;
	}
	case OP_REPLY: {
		pl_thread *t = &x->th[o->thread];
		unsigned char tcomm[16];

		t->count = pl_check_reply(x, t, author, tcomm);
		pl_new_id(x, id);
		bu_bind_id(x->contrib, 1, id);
		bu_bind_id(x->contrib, 2, t->id);
		bu_bind_id(x->contrib, 3, tcomm);
		bu_bind_id(x->contrib, 4, author);
		sqlite3_bind_int(x->contrib, 5, COP_CONTRIB_REPLY);
		bu_bind_text(x->contrib, 6, o->body);
		sqlite3_bind_int64(x->contrib, 7, ms);
		run(x->contrib);
		bu_bind_id(x->bump, 1, t->id);
		sqlite3_bind_int64(x->bump, 2, ms);
		sqlite3_bind_int64(x->bump, 3, ++t->count);
		run(x->bump);
		if (author) {
			pl_standing(x, comm, author, ms);
			/* Welcomer: the first reply to a newcomer's thread. */
			if (t->count == 2 && t->author >= 0 &&
			    t->author != o->member) {
				bu_bind_id(x->posts, 1, comm);
				bu_bind_id(x->posts, 2, x->member_id[t->author]);
				if (run(x->posts) == 1)
					pl_badge(x, comm, author, BADGE_WELCOMER, ms);
			}
		}
		pl_log(x, ms, author, "contribution.create", id, comm);
		break;
	}
	case OP_END:
		break;
	}
}

static void pl_ingest(const char *path, long n, int system, result *r)
{
	pl_side x;
	cop_store *s;
	gen g;
	op o;
	idset ids;
	long ops = 0, i;
	double t0;

	/* The schema is libcop's own: let libcop create the file, then
	 * write it with plain SQLite. */
	remove_db(path);
	bu_lc_check(NULL, cop_open(&s, path, BU_SYSTEM), "cop_open (schema)");
	cop_close(s);

	memset(&x, 0, sizeof(x));
	gen_init(&g, n);
	x.system = system;
	rng_seed(&x.idr, 4242);
	x.member_id = xcalloc((size_t)g.members, 16);
	x.th = xcalloc((size_t)(n / PER_THREAD + 1), sizeof(*x.th));
	x.db = plain_open(path);
	pl_prepare(&x);

	t0 = bu_now_s();
	run(x.begin);
	for (gen_next(&g, &o); o.kind != OP_END; gen_next(&g, &o)) {
		pl_apply(&x, &o);
		if (++ops % BATCH == 0) {
			run(x.commit);
			run(x.begin);
		}
	}
	run(x.commit);
	r->ingest_s = bu_now_s() - t0;

	t0 = bu_now_s();
	for (i = 0; i < SINGLES; i++) {
		gen_single(&g, &o);
		run(x.begin);
		pl_apply(&x, &o);
		run(x.commit);
	}
	r->single_us = (bu_now_s() - t0) * 1e6 / SINGLES;

	memset(&ids, 0, sizeof(ids));
	ids.members = g.members;
	ids.nthreads = g.nthreads;
	memcpy(ids.comm, x.comm_id, sizeof(ids.comm));
	ids.member = x.member_id;
	ids.thread = xcalloc((size_t)g.nthreads, 16);
	for (i = 0; i < g.nthreads; i++)
		memcpy(ids.thread[i], x.th[i].id, 16);
	ids_save(path, &ids);
	free(ids.thread);

	pl_finalize(&x);
	if (sqlite3_close(x.db) != SQLITE_OK)
		bu_die("sqlite3_close", sqlite3_errmsg(x.db));
	free(x.member_id);
	free(x.th);
	r->ok = 1;
}

/* ---- reads: both files, alternating rounds ------------------------------------------ */

typedef struct reader {
	cop_store *s;
	sqlite3 *db;
	idset lc, pl;
	sqlite3_stmt *page, *list, *search;       /* no visibility rules */
	sqlite3_stmt *page_m, *list_m, *search_m; /* as member ?2 */
	idtext member;          /* the member libcop reads as */
	long rows;
} reader;

static void rd_lc_page(reader *x, long thread)
{
	cop_page page = COP_PAGE_INIT;
	cop_contribution_iter *it;
	cop_contribution *c;
	cop_id id;
	idtext text;
	int rc;

	memcpy(id.bytes, x->lc.thread[thread], 16);
	cop_id_format(text, &id);
	page.limit = PAGE;
	bu_lc_check(x->s, cop_contribution_iter_new(&it, x->s, text, &page),
		"page");
	while ((rc = cop_contribution_iter_next(&c, it)) == COP_OK) {
		x->rows += cop_contribution_body(c)[0] != 0;
		cop_contribution_free(c);
	}
	if (rc != COP_ITEROVER)
		bu_die("page", cop_errmsg(x->s));
	cop_contribution_iter_free(it);
}

static void rd_lc_list(reader *x, int comm)
{
	cop_page page = COP_PAGE_INIT;
	cop_thread_iter *it;
	cop_thread *t;
	cop_id id;
	idtext text;
	int rc;

	memcpy(id.bytes, x->lc.comm[comm], 16);
	cop_id_format(text, &id);
	page.limit = PAGE;
	bu_lc_check(x->s, cop_thread_iter_new(&it, x->s, text, &page), "listing");
	while ((rc = cop_thread_iter_next(&t, it)) == COP_OK) {
		x->rows += cop_thread_title(t)[0] != 0;
		cop_thread_free(t);
	}
	if (rc != COP_ITEROVER)
		bu_die("listing", cop_errmsg(x->s));
	cop_thread_iter_free(it);
}

static void rd_lc_search(reader *x, const char *w)
{
	cop_search_options o = COP_SEARCH_OPTIONS_INIT;
	cop_search_iter *it;
	cop_search_hit *h;
	int rc;

	o.limit = HITS;
	bu_lc_check(x->s, cop_search_iter_new(&it, x->s, w, &o), "search");
	while ((rc = cop_search_iter_next(&h, it)) == COP_OK) {
		x->rows += cop_search_hit_snippet(h)[0] != 0 &&
			cop_search_hit_title(h) != NULL;
		cop_search_hit_free(h);
	}
	if (rc != COP_ITEROVER)
		bu_die("search", cop_errmsg(x->s));
	cop_search_iter_free(it);
}

/* Read every column of the current row, as libcop does to fill its
 * object (which it then also copies): @p types has a letter a column,
 * b(lob), t(ext), i(nteger) or d(ouble).  Nonzero when column @p text
 * holds text. */
static long touch_row(sqlite3_stmt *st, const char *types, int text)
{
	const unsigned char *p;
	long sum = 0;
	int i;

	for (i = 0; types[i]; i++)
		switch (types[i]) {
		case 'b':
			if ((p = sqlite3_column_blob(st, i)))
				sum += p[0] + sqlite3_column_bytes(st, i);
			break;
		case 't':
			if ((p = sqlite3_column_text(st, i)))
				sum += p[0] + sqlite3_column_bytes(st, i);
			break;
		case 'i':
			sum += (long)sqlite3_column_int64(st, i);
			break;
		default:
			sum += sqlite3_column_double(st, i) != 0;
			break;
		}
	p = sqlite3_column_text(st, text);
	return sum != 0 && p && p[0];
}

static void rd_pl_page(reader *x, sqlite3_stmt *st, long thread)
{
	bu_bind_id(st, 1, x->pl.thread[thread]);
	while (sqlite3_step(st) == SQLITE_ROW)
		x->rows += touch_row(st, "bbbbibbtiiiiiit", 14);
	if (sqlite3_reset(st) != SQLITE_OK)
		bu_die("plain page", sqlite3_errmsg(x->db));
}

static void rd_pl_list(reader *x, sqlite3_stmt *st, int comm)
{
	bu_bind_id(st, 1, x->pl.comm[comm]);
	while (sqlite3_step(st) == SQLITE_ROW)
		x->rows += touch_row(st, "bbbiiitttiii", 6);
	if (sqlite3_reset(st) != SQLITE_OK)
		bu_die("plain listing", sqlite3_errmsg(x->db));
}

static void rd_pl_search(reader *x, sqlite3_stmt *st, const char *w)
{
	char q[64];

	snprintf(q, sizeof(q), "\"%s\"", w);
	sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW)
		x->rows += touch_row(st, "bbbttd", 4) &&
			sqlite3_column_text(st, 3);
	if (sqlite3_reset(st) != SQLITE_OK)
		bu_die("plain search", sqlite3_errmsg(x->db));
}

/* One round of @p reps reads of kind @p k as variant @p v; seconds. */
static double rd_round(reader *x, int k, int v, long reps, uint64_t seed)
{
	rng r;
	long i;
	double t0;
	int plain = v == V_PLAIN || v == V_PLAIN_MEMBER;

	if (!plain)
		bu_lc_check(x->s, v == V_MEMBER ?
			cop_store_set_actor(x->s, x->member) :
			cop_store_act_as_system(x->s), "set actor");
	rng_seed(&r, seed);
	t0 = bu_now_s();
	for (i = 0; i < reps; i++) {
		long th = (long)rng_below(&r, (uint64_t)x->pl.nthreads);
		int comm = (int)((seed + (uint64_t)i) % ncomm);
		const char *w = vocab[SEARCH_RANK + (seed + (uint64_t)i) %
			SEARCH_WORDS];

		switch (k) {
		case R_PAGE:
			if (plain)
				rd_pl_page(x, v == V_PLAIN ? x->page : x->page_m, th);
			else
				rd_lc_page(x, th);
			break;
		case R_LIST:
			if (plain)
				rd_pl_list(x, v == V_PLAIN ? x->list : x->list_m, comm);
			else
				rd_lc_list(x, comm);
			break;
		default:
			if (plain)
				rd_pl_search(x, v == V_PLAIN ? x->search :
					x->search_m, w);
			else
				rd_lc_search(x, w);
			break;
		}
	}
	return bu_now_s() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Read a whole file, so that the operating system caches all of it: the
 * two files then start each read figure alike (some hosts reclaim cached
 * pages; at 1M a file can otherwise be partly on disk, the other not). */
static void warm_file(const char *path)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "rb");

	if (!f)
		bu_die(path, strerror(errno));
	while (fread(buf, 1, sizeof(buf), f) == sizeof(buf))
		;
	fclose(f);
}

static void count_rows(sqlite3 *db, long *out)
{
	int i;

	for (i = 0; i < NCOUNTS; i++) {
		char sql[128];
		sqlite3_stmt *st;

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
			count_tables[i]);
		st = bu_prep(db, sql);
		out[i] = run(st);
		sqlite3_finalize(st);
	}
}

static void reads_run(const char *pathc, const char *pathp, int reads,
	result *r)
{
	reader x;
	sqlite3 *cdb;
	long reps[NREADS];
	int k, v, round;
	cop_id mid;
	double t0, t;

	memset(&x, 0, sizeof(x));
	ids_load(pathc, &x.lc);
	ids_load(pathp, &x.pl);
	if (x.lc.nthreads != x.pl.nthreads)
		bu_die("reads", "the two files have different threads");
	bu_lc_check(NULL, cop_open(&x.s, pathc, BU_SYSTEM), "cop_open");
	memcpy(mid.bytes, x.lc.member[0], 16);
	cop_id_format(x.member, &mid);
	x.db = plain_open(pathp);

	/* The same reads, written for plain SQLite. */
	x.page = bu_prep(x.db, "SELECT id, thread_id, community_id, author_id, "
		"kind, reply_to, translation_of, language, format, created, "
		"edited, revision, score, rid, body FROM cop_contribution "
		"WHERE thread_id = ?1 ORDER BY created, id LIMIT 50");
	x.list = bu_prep(x.db, "SELECT id, community_id, author_id, kind, state, "
		"pinned, title, tags, language, created, last_activity, "
		"contribution_count FROM cop_thread WHERE community_id = ?1 "
		"ORDER BY pinned DESC, last_activity DESC, id DESC LIMIT 50");
	/* The 20 best by bm25 (title 2, body 1), then their snippets
	 * and titles (a snippet for every match would cost far more). */
#define PL_SEARCH(FROM_WHERE) "WITH top AS (SELECT cop_fts.rowid AS rid, " \
	"-bm25(cop_fts, 2.0, 1.0) AS score " FROM_WHERE \
	" ORDER BY score DESC LIMIT 20) " \
	"SELECT c.id, c.thread_id, c.community_id, t.title, " \
	"(SELECT snippet(cop_fts, 1, '[', ']', '\xe2\x80\xa6', 16) " \
	"FROM cop_fts WHERE cop_fts MATCH ?1 AND rowid = top.rid), " \
	"top.score FROM top JOIN cop_contribution c ON c.fid = top.rid " \
	"JOIN cop_thread t ON t.id = c.thread_id ORDER BY top.score DESC"
	x.search = bu_prep(x.db, PL_SEARCH("FROM cop_fts WHERE cop_fts MATCH ?1"));
	/* As member ?2: the rules libcop applies (sys/backend.h), in SQL:
	 * the community public or the member in it (active or silenced);
	 * a hidden thread only for its facilitators and owners. */
#define PL_VIS(K) "(" K ".visibility = 0 OR EXISTS (SELECT 1 FROM " \
	"cop_membership v WHERE v.community_id = " K ".id AND " \
	"v.member_id = ?2 AND v.status IN (0, 4)))"
#define PL_SEEN(T) "(" T ".state <> 5 OR EXISTS (SELECT 1 FROM " \
	"cop_membership f WHERE f.community_id = " T ".community_id AND " \
	"f.member_id = ?2 AND f.status = 0 AND f.role >= 3))"
	x.page_m = bu_prep(x.db, "SELECT id, thread_id, community_id, author_id, "
		"kind, reply_to, translation_of, language, format, created, "
		"edited, revision, score, rid, body FROM cop_contribution "
		"WHERE thread_id = ?1 AND EXISTS (SELECT 1 FROM cop_thread t "
		"JOIN cop_community k ON k.id = t.community_id WHERE t.id = ?1 "
		"AND " PL_VIS("k") " AND " PL_SEEN("t") ") "
		"ORDER BY created, id LIMIT 50");
	x.list_m = bu_prep(x.db, "SELECT id, community_id, author_id, kind, "
		"state, pinned, title, tags, language, created, last_activity, "
		"contribution_count FROM cop_thread t WHERE community_id = ?1 "
		"AND EXISTS (SELECT 1 FROM cop_community k WHERE k.id = ?1 "
		"AND " PL_VIS("k") ") AND " PL_SEEN("t")
		" ORDER BY pinned DESC, last_activity DESC, id DESC LIMIT 50");
	/* Filtered before ranking, as plain SQL says it. */
	x.search_m = bu_prep(x.db, PL_SEARCH("FROM cop_fts JOIN cop_contribution "
		"c ON c.fid = cop_fts.rowid JOIN cop_thread t "
		"ON t.id = c.thread_id WHERE cop_fts MATCH ?1 "
		"AND c.community_id IN (SELECT k.id FROM cop_community k "
		"WHERE k.visibility = 0 UNION ALL SELECT v.community_id "
		"FROM cop_membership v WHERE v.member_id = ?2 "
		"AND v.status IN (0, 4)) AND " PL_SEEN("t")));
	bu_bind_id(x.page_m, 2, x.pl.member[0]);
	bu_bind_id(x.list_m, 2, x.pl.member[0]);
	bu_bind_id(x.search_m, 2, x.pl.member[0]);

	/* Same rows?  Count both files' tables. */
	if (sqlite3_open_v2(pathc, &cdb, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		bu_die(pathc, sqlite3_errmsg(cdb));
	count_rows(cdb, r->counts[0]);
	sqlite3_close(cdb);
	count_rows(x.db, r->counts[1]);

	/* Warm both, and size the search rounds to about 0.2 s each. */
	for (v = 0; v < NVARIANTS; v++)
		for (k = 0; k < NREADS; k++)
			rd_round(&x, k, v, k == R_SEARCH ? 2 : 50, 1);
	t0 = bu_now_s();
	rd_round(&x, R_SEARCH, V_PLAIN, 2, 2);
	t = (bu_now_s() - t0) / 2;
	reps[R_PAGE] = reps[R_LIST] = reads / ROUNDS > 1 ? reads / ROUNDS : 1;
	reps[R_SEARCH] = (long)(0.2 / (t > 1e-6 ? t : 1e-6));
	if (reps[R_SEARCH] > reads / 10 / ROUNDS)
		reps[R_SEARCH] = reads / 10 / ROUNDS;
	if (reps[R_SEARCH] < 2)
		reps[R_SEARCH] = 2;
	r->search_reps = reps[R_SEARCH] * ROUNDS;

	for (k = 0; k < NREADS; k++) {
		double per[NVARIANTS][ROUNDS];

		warm_file(pathc);
		warm_file(pathp);
		/* Each pair (libcop and plain as a member, libcop and plain
		 * as the system) reads the same threads, words and
		 * communities; the two pairs and the rounds read different
		 * ones, so that no figure reads what the same connection
		 * just read for another (at 1M most reads miss the page
		 * cache, on both sides alike). */
		for (round = 0; round < ROUNDS; round++)
			for (v = 0; v < NVARIANTS; v++) {
				int vv = (v + round) % NVARIANTS;
				int pair = vv == V_MEMBER || vv == V_PLAIN_MEMBER;

				per[vv][round] = rd_round(&x, k, vv, reps[k],
					(uint64_t)(1000 * k + 10 * round + pair + 7)) *
					1e6 / (double)reps[k];
			}
		for (v = 0; v < NVARIANTS; v++) {
			qsort(per[v], ROUNDS, sizeof(double), cmp_double);
			r->read_us[v][k] = per[v][ROUNDS / 2];
		}
	}
	r->rows = x.rows;

	sqlite3_finalize(x.page);
	sqlite3_finalize(x.list);
	sqlite3_finalize(x.search);
	sqlite3_finalize(x.page_m);
	sqlite3_finalize(x.list_m);
	sqlite3_finalize(x.search_m);
	sqlite3_close(x.db);
	bu_lc_check(x.s, cop_close(x.s), "cop_close");
	ids_free(&x.lc);
	ids_free(&x.pl);
	r->ok = 1;
}

/* ---- driver ---------------------------------------------------------------------------- */

typedef struct job {
	enum { J_LIBCOP, J_PLAIN, J_READS } kind;
	const char *pathc, *pathp;
	long n;
	int reads, system;
} job;


static void child_run(void *arg, void *out)
{
	const job *j = arg;
	result *r = out;

	if (j->kind == J_LIBCOP)
		lc_ingest(j->pathc, j->n, j->system, r);
	else if (j->kind == J_PLAIN)
		pl_ingest(j->pathp, j->n, j->system, r);
	else
		reads_run(j->pathc, j->pathp, j->reads, r);
}

/* Run @p j in a child (its own peak memory). */
static result in_child(const job *j)
{
	result r;
	bu_child c;

	memset(&r, 0, sizeof(r));
	c = bu_in_child(child_run, (void *)j, &r, sizeof(r));
	if (!c.ok)
		r.ok = 0;
	r.peak_kib = c.peak_kib;
	return r;
}

/* Keep the better times of @p b in @p a, and the larger peak. */
static void keep_best(result *a, const result *b)
{
	if (b->ingest_s < a->ingest_s)
		a->ingest_s = b->ingest_s;
	if (b->single_us < a->single_us)
		a->single_us = b->single_us;
	if (b->peak_kib > a->peak_kib)
		a->peak_kib = b->peak_kib;
}

typedef struct size_result {
	long n;
	result lc, pl, rd;
	int runs;
} size_result;

static int npass, nmiss;

static const char *verdict(int pass)
{
	if (pass)
		npass++;
	else
		nmiss++;
	return pass ? "PASS" : "MISS";
}

static void print_size(const size_result *z, int system, int reads)
{
	const result *lc = &z->lc, *pl = &z->pl, *rd = &z->rd;
	long members = members_for(z->n);
	int k, i, same = 1;

	printf("\n== %ld contributions: %ld members, %d communities, "
		"%ld threads; written by %s ==\n", z->n, members, ncomm,
		(z->n + PER_THREAD - 1) / PER_THREAD,
		system ? "the system" : "their authors");
	printf("  %-32s %11s %11s %7s\n", "", "libcop", "plain", "ratio");
	printf("  %-32s %11.0f %11.0f %7.2f  (libcop/plain throughput; "
		"target >= 0.80)\n", "bulk ingest (contributions/s)",
		z->n / lc->ingest_s, z->n / pl->ingest_s,
		pl->ingest_s / lc->ingest_s);
	printf("  %-32s %11.1f %11.1f %7.2f  (latency)\n",
		"single create (us/op)", lc->single_us, pl->single_us,
		lc->single_us / pl->single_us);
	for (k = 0; k < NREADS; k++) {
		char name[64];

		snprintf(name, sizeof(name), "%s (us)", read_names[k]);
		printf("  %-32s %11.1f %11.1f %7.2f  (latency as a member; "
			"target <= 1.50)\n", name, rd->read_us[V_MEMBER][k],
			rd->read_us[V_PLAIN_MEMBER][k],
			rd->read_us[V_MEMBER][k] / rd->read_us[V_PLAIN_MEMBER][k]);
		printf("  %-32s %11.1f %11.1f %7.2f  (as the system, plain "
			"without rules)\n", "", rd->read_us[V_SYSTEM][k],
			rd->read_us[V_PLAIN][k],
			rd->read_us[V_SYSTEM][k] / rd->read_us[V_PLAIN][k]);
	}
	printf("  %-32s %11.1f %11.1f\n", "peak memory of ingest (MiB)",
		lc->peak_kib / 1024.0, pl->peak_kib / 1024.0);
	printf("  rows:");
	for (i = 0; i < NCOUNTS; i++)
		if (rd->counts[0][i] != rd->counts[1][i]) {
			printf(" %s %ld vs %ld;", count_tables[i],
				rd->counts[0][i], rd->counts[1][i]);
			same = 0;
		}
	if (same)
		printf(" the same counts in both files (%ld contributions, "
			"%ld log rows, %ld standings, %ld badges)",
			rd->counts[0][5], rd->counts[0][7], rd->counts[0][8],
			rd->counts[0][9]);
	printf("\n  (ingest: best of %d run%s each; reads: median of %d "
		"alternating rounds, %d page and listing reads, %ld searches "
		"each)\n", z->runs, z->runs > 1 ? "s" : "", ROUNDS, reads,
		rd->search_reps);
}

static void print_targets(const size_result *z, int nsizes)
{
	int i, k;

	printf("\ntargets\n");
	for (i = 0; i < nsizes; i++) {
		double ratio = z[i].pl.ingest_s / z[i].lc.ingest_s;

		printf("  ingest  at %-8ld libcop/plain %.3f >= 0.80  %s\n",
			z[i].n, ratio, verdict(ratio >= 0.8));
	}
	for (i = 0; i < nsizes; i++)
		for (k = 0; k < NREADS; k++) {
			const result *rd = &z[i].rd;
			double m = rd->read_us[V_MEMBER][k] /
				rd->read_us[V_PLAIN_MEMBER][k];
			double y = rd->read_us[V_SYSTEM][k] / rd->read_us[V_PLAIN][k];

			printf("  %-7s at %-8ld libcop/plain %.3f as a member, "
				"%.3f as the system <= 1.50  %s\n", read_short[k],
				z[i].n, m, y, verdict(m <= 1.5 && y <= 1.5));
		}
	if (nsizes > 1) {
		const size_result *a = &z[0], *b = &z[nsizes - 1];
		double s;

		printf("  per-operation cost at %ld / at %ld (target <= 2.00):\n",
			b->n, a->n);
		s = (b->lc.ingest_s / b->n) / (a->lc.ingest_s / a->n);
		printf("    %-22s %6.3f  %s  (plain %.2f)\n", "ingest", s,
			verdict(s <= 2), (b->pl.ingest_s / b->n) /
			(a->pl.ingest_s / a->n));
		s = b->lc.single_us / a->lc.single_us;
		printf("    %-22s %6.3f  %s  (plain %.2f)\n", "single create", s,
			verdict(s <= 2), b->pl.single_us / a->pl.single_us);
		for (k = 0; k < NREADS; k++) {
			double p = b->rd.read_us[V_PLAIN_MEMBER][k] /
				a->rd.read_us[V_PLAIN_MEMBER][k];

			s = b->rd.read_us[V_MEMBER][k] / a->rd.read_us[V_MEMBER][k];
			if (k == R_SEARCH)
				printf("    %-22s %6.2f  info  (plain %.2f: ranking "
					"scores every matching row, so it grows "
					"with the data on both sides)\n", "search", s, p);
			else
				printf("    %-22s %6.3f  %s  (plain %.2f)\n",
					k == R_PAGE ? "thread page" : "thread listing",
					s, verdict(s <= 2), p);
		}
	}
	for (i = 0; i < nsizes && z[i].n < 1000000; i++)
		;
	if (i < nsizes)
		printf("  peak memory of the %ld ingest %.1f MiB < 100  %s\n",
			z[i].n, z[i].lc.peak_kib / 1024.0,
			verdict(z[i].lc.peak_kib < 100 * 1024));
	else
		printf("  peak memory of the 1M ingest: not measured (add "
			"1000000 to --sizes); at %ld: %.1f MiB\n",
			z[nsizes - 1].n, z[nsizes - 1].lc.peak_kib / 1024.0);
}

static void usage(void)
{
	fprintf(stderr, "usage: cop-bench [--sizes N,N,...] [--dir DIR] "
		"[--reads N] [--quick] [--system] [--keep] "
		"[--communities 1-4]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ?
		getenv("TMPDIR") : "/tmp";
	char sizes_arg[256] = "10000,100000", *tok, *save = NULL;
	size_result z[MAXSIZES];
	int nsizes = 0, reads = 2000, quick = 0, system = 0, keep = 0, i, run;
	char pathc[4096], pathp[4096];
	double t_start = bu_now_s();

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc)
			snprintf(sizes_arg, sizeof(sizes_arg), "%s", argv[++i]);
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--reads") == 0 && i + 1 < argc)
			reads = atoi(argv[++i]);
		else if (strcmp(argv[i], "--quick") == 0)
			quick = 1;
		else if (strcmp(argv[i], "--system") == 0)
			system = 1;
		else if (strcmp(argv[i], "--keep") == 0)
			keep = 1;
		else if (strcmp(argv[i], "--communities") == 0 && i + 1 < argc) {
			ncomm = atoi(argv[++i]);
			if (ncomm < 1 || ncomm > NCOMM_MAX)
				usage();
		} else
			usage();
	}
	if (quick) {
		strcpy(sizes_arg, "10000");
		reads = 500;
	}
	if (reads < ROUNDS * 10)
		reads = ROUNDS * 10;
	for (tok = strtok_r(sizes_arg, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *end;
		long n = strtol(tok, &end, 10);

		if (*end || n < PER_THREAD * RECENT || n > 100000000L) {
			fprintf(stderr, "cop-bench: bad size '%s' (%d to "
				"100000000)\n", tok, PER_THREAD * RECENT);
			return 2;
		}
		if (nsizes == MAXSIZES) {
			fprintf(stderr, "cop-bench: at most %d sizes\n", MAXSIZES);
			return 2;
		}
		z[nsizes++].n = n;
	}
	if (!nsizes)
		usage();
	vocab_init();
	printf("cop-bench: libcop %s on SQLite %s; files in %s; PRAGMAs "
		"journal_mode=WAL, synchronous=NORMAL, cache_size=-%d on both "
		"sides\n", cop_version(), sqlite3_libversion(), dir, CACHE_KIB);

	for (i = 0; i < nsizes; i++) {
		long n = z[i].n;
		job j;

		memset(&j, 0, sizeof(j));
		snprintf(pathc, sizeof(pathc), "%s/cop-bench-libcop-%ld.db", dir, n);
		snprintf(pathp, sizeof(pathp), "%s/cop-bench-plain-%ld.db", dir, n);
		j.pathc = pathc;
		j.pathp = pathp;
		j.n = n;
		j.reads = reads;
		j.system = system;
		z[i].runs = !quick && n <= 100000 ? 3 : 1;
		/* Alternate plain and libcop; the best of each counts. */
		for (run = 0; run < z[i].runs; run++) {
			result p, l;

			printf("%s %ld: ingest run %d of %d...\n", run ? "  " :
				"\nsize", n, run + 1, z[i].runs);
			fflush(stdout);
			j.kind = J_PLAIN;
			p = in_child(&j);
			j.kind = J_LIBCOP;
			l = in_child(&j);
			if (!p.ok || !l.ok) {
				fprintf(stderr, "cop-bench: an ingest at %ld "
					"failed\n", n);
				return 1;
			}
			if (run == 0) {
				z[i].pl = p;
				z[i].lc = l;
			} else {
				keep_best(&z[i].pl, &p);
				keep_best(&z[i].lc, &l);
			}
		}
		printf("  reads...\n");
		fflush(stdout);
		j.kind = J_READS;
		z[i].rd = in_child(&j);
		if (!z[i].rd.ok) {
			fprintf(stderr, "cop-bench: the reads at %ld failed\n", n);
			return 1;
		}
		if (!keep) {
			remove_db(pathc);
			remove_db(pathp);
		}
		print_size(&z[i], system, reads);
	}
	print_targets(z, nsizes);
	printf("\ncop-bench: %d PASS, %d MISS (%.0f s)\n", npass, nmiss,
		bu_now_s() - t_start);
	return 0;
}
