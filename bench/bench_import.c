/*
 * cop-bench-import: importing a Stack Exchange dump with libcop against
 * the floor, plain libxml2 + SQLite writing the dump's rows
 * (se_baseline.c, issue 18), and with --replay against plain SQLite
 * replaying libcop's rows rule by rule (issue 4).
 *
 *   cop-bench-import [--copies N] [--runs N] [--dir DIR] [--source DIR]
 *                    [--keep] [--replay]
 *   cop-bench-import --generate DIR [--copies N] [--source DIR]
 *
 * The dump: the beer dump (tests/data/beer, 29,602 rows) written N times
 * (default 20, 592k rows) into one dump, copy k with every id shifted by
 * k * 1,000,000: Users Id and AccountId, Posts Id, ParentId,
 * AcceptedAnswerId, OwnerUserId, LastEditorUserId, Comments Id, PostId,
 * UserId, Votes Id, PostId, UserId, Badges Id, UserId, PostHistory Id,
 * PostId, UserId, PostLinks Id, PostId, RelatedPostId, Tags Id,
 * ExcerptPostId, WikiPostId.  Every reference of a copy stays inside the
 * copy; dates and texts are the original ones, and tag names are the
 * same in every copy (one site that grew: its tags are shared).
 *
 * The sides then import it, each in its own child process (fork; peak
 * memory is the child's ru_maxrss from wait4) into its own fresh file:
 *
 *   libcop   cop_open(), cop_import_stackexchange() (community "beer"),
 *            cop_close().
 *   floor    se_baseline(): the rows into plain tables, one transaction,
 *            an FTS5 index rebuilt at the end (see se_baseline.c).
 *   plain    (--replay) a file whose schema libcop created (the same tables,
 *            indexes, FTS5 table and triggers), the same PRAGMAs, the
 *            community and its settings (rule badges off) made by libcop
 *            before the clock starts; then xmlTextReader over the same
 *            files in the same order, reading the attributes from the
 *            reader's node as libcop does, and prepared statements in one
 *            transaction writing the rows libcop writes, search
 *            indexing deferred to one statement before the commit as
 *            libcop defers it (see README.md and pl_* below).
 *
 * With --replay the program then counts the rows of 17 tables, sums 8
 * columns and runs two full-text queries in the libcop and replay files
 * and prints whether they agree.  It prints the times, the children's
 * CPU times, peak memory, each file's size by table and PASS/MISS for
 * the targets of issue 18 (libcop at most 2 times the floor's time, peak
 * memory under 128 MiB, the file at most 2 times the floor's).
 * The exit status is 0 whatever the figures, 1 when something fails, 2
 * on bad arguments.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlreader.h>
#include <sqlite3.h>
#include <cop/cop.h>

#include "benchutil.h"
#include "se_baseline.h"
#include "../libcop/sqlite/layout.h"

#ifndef COP_BENCH_SOURCE
#define COP_BENCH_SOURCE "tests/data/beer"
#endif

#define SHIFT 1000000LL         /* id offset between copies */
#define DEFAULT_COPIES 20
#define CACHE_KIB 16384         /* libcop's SQLite page cache (sqlite.c) */
#define DAY_MS 86400000LL
#define REP_INITIAL 1           /* libcop/recognition/recognition_int.h */
#define NAME_MAX_CP 200         /* display names, code points (import_se.c) */
#define COMMENT_MAX_CP 500      /* revision comments, code points */
#define TARGET_RATIO 2.0         /* issue 18: at most 2x the floor */
#define AIM_RATIO 1.25
#define TARGET_SIZE 2.0          /* the file: at most 2x the floor's */
#define TARGET_PEAK_KIB (128L * 1024)
#define MAX_ATTRS 12
#define NFILES 8
#define SLUG "beer"

/* Source-id kinds of cop_source, as libcop/import_se.c writes them. */
enum { SRC_USER = 1, SRC_POST, SRC_COMMENT, SRC_HISTORY, SRC_VOTE, SRC_BADGE,
	SRC_LINK, SRC_ACCEPT };

/* ---- the dump's files and the ids they hold ---------------------------------------- */

typedef struct dfile {
	const char *base;                /* "Posts" */
	const char *root;                /* "posts" */
	const char *const *shift;        /* id attributes, NULL-terminated */
} dfile;

static const char *const sh_users[] = { "Id", "AccountId", NULL };
static const char *const sh_posts[] = { "Id", "ParentId", "AcceptedAnswerId",
	"OwnerUserId", "LastEditorUserId", NULL };
static const char *const sh_comments[] = { "Id", "PostId", "UserId", NULL };
static const char *const sh_history[] = { "Id", "PostId", "UserId", NULL };
static const char *const sh_votes[] = { "Id", "PostId", "UserId", NULL };
static const char *const sh_badges[] = { "Id", "UserId", NULL };
static const char *const sh_links[] = { "Id", "PostId", "RelatedPostId", NULL };
static const char *const sh_tags[] = { "Id", "ExcerptPostId", "WikiPostId",
	NULL };

/* In the order both importers read them. */
static const dfile dfiles[NFILES] = {
	{ "Users", "users", sh_users },
	{ "Posts", "posts", sh_posts },
	{ "Comments", "comments", sh_comments },
	{ "PostHistory", "posthistory", sh_history },
	{ "Votes", "votes", sh_votes },
	{ "Badges", "badges", sh_badges },
	{ "PostLinks", "postlinks", sh_links },
	{ "Tags", "tags", sh_tags },
};

/* ---- small helpers ------------------------------------------------------------------ */

/* SRC/BASE.xml, else SRC/BASE.xml.gz; 0 when neither exists. */
static int find_file(char *out, size_t cap, const char *dir, const char *base)
{
	struct stat st;

	snprintf(out, cap, "%s/%s.xml", dir, base);
	if (stat(out, &st) == 0)
		return 1;
	snprintf(out, cap, "%s/%s.xml.gz", dir, base);
	return stat(out, &st) == 0;
}

static xmlTextReaderPtr open_reader(const char *path)
{
	xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET |
		XML_PARSE_COMPACT | XML_PARSE_BIG_LINES);

	if (!r)
		bu_die(path, "cannot open");
	return r;
}

/* The next <row/> (depth 1) of @p r, or NULL at the end. */
static xmlNodePtr next_row(xmlTextReaderPtr r, const char *path)
{
	int ret;

	while ((ret = xmlTextReaderRead(r)) == 1) {
		xmlNodePtr n;

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    xmlTextReaderDepth(r) != 1)
			continue;
		n = xmlTextReaderCurrentNode(r);
		if (n && !strcmp((const char *)n->name, "row"))
			return n;
	}
	if (ret != 0)
		bu_die(path, "malformed XML");
	return NULL;
}

/* ---- the generator -------------------------------------------------------------------- */

static void put_escaped(FILE *f, const char *v)
{
	for (; *v; v++) {
		switch (*v) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\n': fputs("&#xA;", f); break;
		case '\r': fputs("&#xD;", f); break;
		case '\t': fputs("&#x9;", f); break;
		default: putc(*v, f); break;
		}
	}
}

static int is_shifted(const dfile *d, const char *name)
{
	int i;

	for (i = 0; d->shift[i]; i++)
		if (!strcmp(d->shift[i], name))
			return 1;
	return 0;
}

/* Write @p copies copies of one file; returns the rows written. */
static long gen_file(const char *src, const char *dst, const dfile *d,
	int copies, long *per_copy)
{
	char in[4096], out[4096];
	FILE *f;
	long rows = 0;
	int k;

	if (!find_file(in, sizeof(in), src, d->base))
		bu_die(d->base, "not in the source folder");
	snprintf(out, sizeof(out), "%s/%s.xml", dst, d->base);
	if (!(f = fopen(out, "w")))
		bu_die(out, strerror(errno));
	fprintf(f, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<%s>\n", d->root);
	*per_copy = 0;
	for (k = 0; k < copies; k++) {
		xmlTextReaderPtr r = open_reader(in);
		xmlNodePtr n;

		while ((n = next_row(r, in))) {
			xmlAttrPtr a;

			fputs("  <row", f);
			for (a = n->properties; a; a = a->next) {
				xmlChar *v = xmlNodeListGetString(a->doc, a->children, 1);
				const char *s = v ? (const char *)v : "";

				fprintf(f, " %s=\"", (const char *)a->name);
				if (is_shifted(d, (const char *)a->name) && *s) {
					char *end;
					long long id = strtoll(s, &end, 10);
					if (*end)
						bu_die(in, "an id is not an integer");
					fprintf(f, "%lld", id + k * SHIFT);
				} else {
					put_escaped(f, s);
				}
				putc('"', f);
				xmlFree(v);
			}
			fputs(" />\n", f);
			rows++;
			if (k == 0)
				(*per_copy)++;
		}
		xmlFreeTextReader(r);
	}
	fprintf(f, "</%s>\n", d->root);
	if (fclose(f) != 0)
		bu_die(out, strerror(errno));
	return rows;
}

/* The rows of PostLinks.xml in the dump generate() wrote (the floor
 * does not read that file). */
static long dump_links;

/* Write the dump into @p dst (created); its total row count. */
static long generate(const char *src, const char *dst, int copies, int quiet)
{
	long total = 0, per;
	int i;

	if (mkdir(dst, 0777) != 0 && errno != EEXIST)
		bu_die(dst, strerror(errno));
	for (i = 0; i < NFILES; i++) {
		long n = gen_file(src, dst, &dfiles[i], copies, &per);

		if (n != per * copies)
			bu_die(dfiles[i].base, "row count is not copies x original");
		if (!quiet)
			printf("  %-12s %8ld rows (%ld x %d)\n", dfiles[i].base, n,
				per, copies);
		total += n;
		if (!strcmp(dfiles[i].base, "PostLinks"))
			dump_links = n;
	}
	return total;
}

/* ---- plain SQLite ------------------------------------------------------------------------ */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1DULL;
}

/* A member's standing, as libcop/recognition/standing.c keeps it. */
typedef struct standing {
	int64_t reputation, cap_day, cap_used;
	int64_t trust, trust_manual, days_active, last_day, posts;
	int64_t likes_given, likes_received, kudos_received, accepted, posts_read;
} standing;

/* What a post's source id leads to. */
typedef struct post {
	unsigned char id[16], thread[16], author[16];
	int has_author, kind, tkind, tstate;
	int64_t created;
	char tags[512];
} post;

typedef struct pending {
	int64_t question, answer;
} pending;

typedef struct pl {
	sqlite3 *db;
	rng idr;
	int64_t id_ms;
	unsigned int id_seq;
	unsigned char comm[16];
	char lang[32];
	cop_recognition_config cfg;
	int64_t now;                     /* the row's time (libcop: fixed_now) */
	int fts_defer;                   /* the schema can defer indexing */
	pending *acc;
	size_t nacc, capacc;
	long rows;
	sqlite3_stmt *begin, *commit, *cfg_get, *src_get, *post_get, *src_ins,
		*member, *membership, *thread, *contrib, *bump, *st_get, *st_put,
		*ledger, *total, *vote, *score, *log, *accept, *answered,
		*rev_bump, *revision, *badge, *link_get, *link, *day_get;
} pl;

/* Step once: 1 on a row (the caller reads it, then resets), 0 at the end. */
static int row(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		bu_die(sqlite3_sql(st), sqlite3_errmsg(sqlite3_db_handle(st)));
	sqlite3_reset(st);
	return 0;
}

static void copy_id(unsigned char *out, sqlite3_stmt *st, int col)
{
	const void *b = sqlite3_column_blob(st, col);

	if (b && sqlite3_column_bytes(st, col) == 16)
		memcpy(out, b, 16);
	else
		memset(out, 0, 16);
}

/*
 * A time-ordered 16-byte id (UUIDv7 layout) as libcop makes them during
 * an import: from the row's time (libcop's clock is set to it), so the
 * keys of both files arrive in the same order.
 */
static void new_id(pl *x, unsigned char *id)
{
	int64_t ms = x->now;
	uint64_t a = rng_next(&x->idr), b = rng_next(&x->idr);
	int i;

	if (ms == x->id_ms) {
		if (++x->id_seq > 0xfff) {
			ms = ++x->id_ms;
			x->id_seq = 0;
		}
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

static int digits(const char *p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 1;
}

/* "2014-01-21T20:26:05.950" to UTC ms. */
static int64_t pl_date(const char *v, const char *what)
{
	int y, mo, d, h = 0, mi = 0, s = 0, ms = 0, k;
	int64_t t;
	const char *p;

	if (!v || !digits(v, 4, &y) || v[4] != '-' || !digits(v + 5, 2, &mo) ||
	    v[7] != '-' || !digits(v + 8, 2, &d))
		bu_die(what, "not a date");
	p = v + 10;
	if (*p == 'T' || *p == ' ') {
		if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi))
			bu_die(what, "not a date");
		p += 6;
		if (*p == ':') {
			if (!digits(p + 1, 2, &s))
				bu_die(what, "not a date");
			p += 3;
			if (*p == '.') {
				for (p++, k = 0; *p >= '0' && *p <= '9'; p++, k++)
					if (k < 3)
						ms = ms * 10 + (*p - '0');
				for (; k < 3; k++)
					ms *= 10;
			}
		}
	}
	/* The calendar arithmetic is libcop's, a pure function: what is
	 * measured is the streaming and the writes. */
	if ((t = cop_time_utc(y, mo, d, h, mi, s, ms)) < 0)
		bu_die(what, "not a date");
	return t;
}

static int64_t pl_int(const char *v, const char *what)
{
	char *end;
	long long n;

	if (!v)
		bu_die(what, "missing");
	errno = 0;
	n = strtoll(v, &end, 10);
	if (end == v || *end || errno)
		bu_die(what, "not an integer");
	return (int64_t)n;
}

/* Bytes of the first @p max code points of UTF-8 @p v. */
static size_t utf8_prefix(const char *v, size_t max)
{
	size_t i = 0, n = 0;

	while (v[i] && n < max) {
		i++;
		while (((unsigned char)v[i] & 0xc0) == 0x80)
			i++;
		n++;
	}
	return i;
}

static int tag_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "<beer><ale>" -> "ale beer": lower case, unique, sorted (as libcop). */
static void pl_tags(const char *v, char *out, size_t cap)
{
	char buf[512], *t[16], *p, *w;
	int n = 0, i, j;

	snprintf(buf, sizeof(buf), "%s", v ? v : "");
	for (p = buf; *p; p++)
		*p = *p == '<' || *p == '>' || *p == '|' ? ' ' :
			(*p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p);
	for (p = strtok_r(buf, " ", &w); p && n < 16; p = strtok_r(NULL, " ", &w)) {
		for (j = 0; j < n && strcmp(t[j], p); j++)
			;
		if (j == n)
			t[n++] = p;
	}
	qsort(t, (size_t)n, sizeof(t[0]), tag_cmp);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strncat(out, " ", cap - strlen(out) - 1);
		strncat(out, t[i], cap - strlen(out) - 1);
	}
}

static void pl_prepare(pl *x)
{
	sqlite3 *db = x->db;

	x->begin = bu_prep(db, "BEGIN IMMEDIATE");
	x->commit = bu_prep(db, "COMMIT");
	x->cfg_get = bu_prep(db, "SELECT body FROM cop_rconfig WHERE community_id = ?1");
	x->src_get = bu_prep(db, "SELECT object_id FROM cop_source "
		"WHERE community_id = ?1 AND kind = ?2 AND source_id = ?3");
	/* A post's contribution, its thread's kind, state and tags. */
	x->post_get = bu_prep(db, "SELECT c.id, c.thread_id, c.author_id, c.kind, "
		"c.created, t.kind, t.state, t.tags FROM cop_source s "
		"JOIN cop_contribution c ON c.id = s.object_id "
		"JOIN cop_thread t ON t.id = c.thread_id "
		"WHERE s.community_id = ?1 AND s.kind = 2 AND s.source_id = ?2");
	x->src_ins = bu_prep(db, "INSERT INTO cop_source (community_id, kind, "
		"source_id, object_id) VALUES (?1, ?2, ?3, ?4)");
	x->member = bu_prep(db, "INSERT INTO cop_member (id, handle, handle_lower, "
		"display_name, organisation, languages, status, created) "
		"VALUES (?1, ?2, lower(?2), ?3, NULL, NULL, ?4, ?5)");
	x->membership = bu_prep(db, "INSERT INTO cop_membership (community_id, "
		"member_id, role, status, joined, pledged_hours) "
		"VALUES (?1, ?2, ?3, ?4, ?5, 0)");
	x->thread = bu_prep(db, "INSERT INTO cop_thread (id, community_id, "
		"author_id, kind, state, pinned, title, tags, language, created, "
		"last_activity, contribution_count) VALUES (?1, ?2, ?3, ?4, ?5, 0, "
		"?6, ?7, ?8, ?9, ?9, 1)");
	x->contrib = bu_prep(db, "INSERT INTO cop_contribution (rid, fid, id, "
		"thread_id, community_id, author_id, kind, reply_to, "
		"translation_of, language, body, format, created, edited, "
		"revision, score) VALUES (" SQ_CON_KEYS("?2")
		", ?1, ?2, ?3, ?4, ?5, ?6, "
		"NULL, ?7, ?8, ?9, ?10, 0, 1, 0)");
	/* The author's contributions of one day (the new one included). */
	x->day_get = bu_prep(db, "SELECT count(*) FROM cop_contribution WHERE "
		"author_id = ?1 AND created >= ?2 AND created < ?3 AND "
		"community_id = ?4");
	x->bump = bu_prep(db, "UPDATE cop_thread SET contribution_count = "
		"contribution_count + 1, last_activity = max(last_activity, ?2) "
		"WHERE id = ?1");
	x->st_get = bu_prep(db, "SELECT reputation, cap_day, cap_used, trust, "
		"trust_manual, days_active, last_day, posts, likes_given, "
		"likes_received, kudos_received, accepted, posts_read "
		"FROM cop_standing WHERE community_id = ?1 AND member_id = ?2");
	x->st_put = bu_prep(db, "INSERT INTO cop_standing (community_id, "
		"member_id, reputation, cap_day, cap_used, trust, trust_manual, "
		"days_active, last_day, posts, likes_given, likes_received, "
		"kudos_received, accepted, posts_read) VALUES (?1, ?2, ?3, ?4, ?5, "
		"?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
		"ON CONFLICT (community_id, member_id) DO UPDATE SET "
		"reputation = excluded.reputation, cap_day = excluded.cap_day, "
		"cap_used = excluded.cap_used, trust = excluded.trust, "
		"days_active = excluded.days_active, last_day = excluded.last_day, "
		"posts = excluded.posts, likes_received = excluded.likes_received, "
		"accepted = excluded.accepted");
	x->ledger = bu_prep(db, "INSERT INTO cop_ledger (id, community_id, "
		"member_id, points, nominal, reason, object_id, actor_id, time, "
		"tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9)");
	/* A view since schema 23: its trigger adds to the total. */
	x->total = bu_prep(db, "INSERT INTO cop_rep_total (community_id, period, "
		"pstart, tag, member_id, points) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	x->vote = bu_prep(db, "INSERT INTO cop_vote (id, community_id, "
		"contribution_id, voter_id, author_id, kind, rep_author, rep_voter, "
		"created, changed) VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, 0, ?7, ?7)");
	x->score = bu_prep(db, "UPDATE cop_contribution SET score = score + ?2 "
		"WHERE id = ?1");
	x->log = bu_prep(db, "INSERT INTO cop_log (time, actor_id, op, object_id, "
		"community_id) VALUES (?1, NULL, ?2, ?3, ?4)");
	x->accept = bu_prep(db, "INSERT INTO cop_accept (thread_id, community_id, "
		"contribution_id, author_id, acceptor_id, rep_author, rep_acceptor, "
		"created) VALUES (?1, ?2, ?3, ?4, NULL, ?5, 0, ?6)");
	x->answered = bu_prep(db, "UPDATE cop_thread SET state = ?2 "
		"WHERE id = ?1 AND state = ?3");
	x->rev_bump = bu_prep(db, "UPDATE cop_contribution SET revision = "
		"revision + 1, edited = max(edited, ?2) WHERE id = ?1 "
		"RETURNING revision - 1");
	x->revision = bu_prep(db, "INSERT INTO cop_revision (contribution_id, "
		"community_id, number, author_id, body, comment, created) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	x->badge = bu_prep(db, "INSERT INTO cop_badge (id, community_id, member_id, "
		"badge, object_id, awarded, name, class) VALUES (?1, ?2, ?3, ?4, "
		"?1, ?5, ?6, ?7)");
	x->link_get = bu_prep(db, "SELECT 1 FROM cop_link WHERE thread_id = ?1 "
		"AND target_id = ?2");
	x->link = bu_prep(db, "INSERT INTO cop_link (community_id, thread_id, "
		"target_id, kind, created) VALUES (?1, ?2, ?3, ?4, ?5)");
}

static void pl_finalize(pl *x)
{
	sqlite3_stmt *const all[] = { x->begin, x->commit, x->cfg_get,
		x->src_get, x->post_get, x->src_ins, x->member, x->membership,
		x->thread, x->contrib, x->bump, x->st_get, x->st_put, x->ledger,
		x->total, x->vote, x->score, x->log, x->accept, x->answered,
		x->rev_bump, x->revision, x->badge, x->link_get, x->link,
		x->day_get };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		sqlite3_finalize(all[i]);
}

/* Remember that source row (kind, @p sid) became @p obj. */
static void pl_source(pl *x, int kind, const char *sid, const unsigned char *obj)
{
	sqlite3_bind_blob(x->src_ins, 1, x->comm, 16, SQLITE_STATIC);
	sqlite3_bind_int(x->src_ins, 2, kind);
	bu_bind_text(x->src_ins, 3, sid);
	bu_bind_id(x->src_ins, 4, obj);
	bu_run(x->src_ins);
}

/* The member a user id names: 1 when found. */
static int pl_user(pl *x, const char *uid, unsigned char *out)
{
	int found = 0;

	memset(out, 0, 16);
	if (!uid || !*uid)
		return 0;
	sqlite3_bind_blob(x->src_get, 1, x->comm, 16, SQLITE_STATIC);
	sqlite3_bind_int(x->src_get, 2, SRC_USER);
	bu_bind_text(x->src_get, 3, uid);
	if (row(x->src_get)) {
		copy_id(out, x->src_get, 0);
		found = 1;
		sqlite3_reset(x->src_get);
	}
	return found;
}

/* What a post id became: 1 when found. */
static int pl_post(pl *x, const char *pid, post *p)
{
	const unsigned char *tags;

	sqlite3_bind_blob(x->post_get, 1, x->comm, 16, SQLITE_STATIC);
	bu_bind_text(x->post_get, 2, pid);
	if (!row(x->post_get))
		return 0;
	copy_id(p->id, x->post_get, 0);
	copy_id(p->thread, x->post_get, 1);
	p->has_author = sqlite3_column_type(x->post_get, 2) == SQLITE_BLOB;
	copy_id(p->author, x->post_get, 2);
	p->kind = sqlite3_column_int(x->post_get, 3);
	p->created = sqlite3_column_int64(x->post_get, 4);
	p->tkind = sqlite3_column_int(x->post_get, 5);
	p->tstate = sqlite3_column_int(x->post_get, 6);
	tags = sqlite3_column_text(x->post_get, 7);
	snprintf(p->tags, sizeof(p->tags), "%s", tags ? (const char *)tags : "");
	sqlite3_reset(x->post_get);
	return 1;
}

static void st_read(pl *x, const unsigned char *mid, standing *st)
{
	sqlite3_stmt *q = x->st_get;

	memset(st, 0, sizeof(*st));
	sqlite3_bind_blob(q, 1, x->comm, 16, SQLITE_STATIC);
	bu_bind_id(q, 2, mid);
	if (row(q)) {
		st->reputation = sqlite3_column_int64(q, 0);
		st->cap_day = sqlite3_column_int64(q, 1);
		st->cap_used = sqlite3_column_int64(q, 2);
		st->trust = sqlite3_column_int64(q, 3);
		st->trust_manual = sqlite3_column_int64(q, 4);
		st->days_active = sqlite3_column_int64(q, 5);
		st->last_day = sqlite3_column_int64(q, 6);
		st->posts = sqlite3_column_int64(q, 7);
		st->likes_given = sqlite3_column_int64(q, 8);
		st->likes_received = sqlite3_column_int64(q, 9);
		st->kudos_received = sqlite3_column_int64(q, 10);
		st->accepted = sqlite3_column_int64(q, 11);
		st->posts_read = sqlite3_column_int64(q, 12);
		sqlite3_reset(q);
	} else {
		st->reputation = REP_INITIAL;
		st->last_day = -1;
	}
}

/* Trust level and write (recognition/trust.c: cop__rec_trust_auto;
 * recognition/standing.c: cop__rec_ctx_flush). */
static void st_write(pl *x, const unsigned char *mid, standing *st)
{
	const cop_recognition_config *c = &x->cfg;
	const int64_t need[3][5] = {
		{ c->trust1_days, c->trust1_posts, c->trust1_given,
		  c->trust1_received, c->trust1_read },
		{ c->trust2_days, c->trust2_posts, c->trust2_given,
		  c->trust2_received, c->trust2_read },
		{ c->trust3_days, c->trust3_posts, c->trust3_given,
		  c->trust3_received, c->trust3_read },
	};
	sqlite3_stmt *q = x->st_put;
	int l;

	if (!st->trust_manual) {
		for (l = 0; l < 3; l++)
			if (st->days_active < need[l][0] || st->posts < need[l][1] ||
			    st->likes_given < need[l][2] ||
			    st->likes_received < need[l][3] ||
			    st->posts_read < need[l][4])
				break;
		st->trust = l;
	}
	sqlite3_bind_blob(q, 1, x->comm, 16, SQLITE_STATIC);
	bu_bind_id(q, 2, mid);
	sqlite3_bind_int64(q, 3, st->reputation);
	sqlite3_bind_int64(q, 4, st->cap_day);
	sqlite3_bind_int64(q, 5, st->cap_used);
	sqlite3_bind_int64(q, 6, st->trust);
	sqlite3_bind_int64(q, 7, st->trust_manual);
	sqlite3_bind_int64(q, 8, st->days_active);
	sqlite3_bind_int64(q, 9, st->last_day);
	sqlite3_bind_int64(q, 10, st->posts);
	sqlite3_bind_int64(q, 11, st->likes_given);
	sqlite3_bind_int64(q, 12, st->likes_received);
	sqlite3_bind_int64(q, 13, st->kudos_received);
	sqlite3_bind_int64(q, 14, st->accepted);
	sqlite3_bind_int64(q, 15, st->posts_read);
	bu_run(q);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* A ledger entry with the daily cap (@p capped) and the floor applied,
 * and the period totals (community-wide and per tag); the points. */
static int64_t pl_ledger(pl *x, const unsigned char *mid, standing *st,
	int nominal, int reason, const unsigned char *object, int capped,
	const char *tags)
{
	int64_t eff = nominal, day, lim;
	unsigned char eid[16];
	char tag[64];
	const char *q;
	int per;

	if (nominal == 0)
		return 0;
	if (capped && eff > 0) {
		day = floor_div(x->now, DAY_MS);
		if (st->cap_day != day) {
			st->cap_day = day;
			st->cap_used = 0;
		}
		lim = x->cfg.daily_cap - st->cap_used;
		if (lim < 0)
			lim = 0;
		if (eff > lim)
			eff = lim;
		st->cap_used += eff;
	}
	if (eff < 0) {
		lim = x->cfg.floor - st->reputation;
		if (lim > 0)
			lim = 0;
		if (eff < lim)
			eff = lim;
	}
	st->reputation += eff;
	new_id(x, eid);
	sqlite3_bind_blob(x->ledger, 1, eid, 16, SQLITE_STATIC);
	sqlite3_bind_blob(x->ledger, 2, x->comm, 16, SQLITE_STATIC);
	bu_bind_id(x->ledger, 3, mid);
	sqlite3_bind_int64(x->ledger, 4, eff);
	sqlite3_bind_int(x->ledger, 5, nominal);
	sqlite3_bind_int(x->ledger, 6, reason);
	bu_bind_id(x->ledger, 7, object);
	sqlite3_bind_int64(x->ledger, 8, x->now);
	bu_bind_text(x->ledger, 9, tags);
	bu_run(x->ledger);
	if (eff == 0)
		return 0;
	sqlite3_bind_blob(x->total, 1, x->comm, 16, SQLITE_STATIC);
	bu_bind_id(x->total, 5, mid);
	sqlite3_bind_int64(x->total, 6, eff);
	for (per = 0; per <= COP_PERIOD_ALL; per++) {
		sqlite3_bind_int(x->total, 2, per);
		sqlite3_bind_int64(x->total, 3,
			cop_period_start((cop_period)per, x->now));
		bu_bind_text(x->total, 4, "");
		bu_run(x->total);
		for (q = tags; *q; ) {
			size_t n = strcspn(q, " ");
			if (n > 0 && n < sizeof(tag)) {
				memcpy(tag, q, n);
				tag[n] = '\0';
				sqlite3_bind_text(x->total, 4, tag, -1, SQLITE_TRANSIENT);
				bu_run(x->total);
			}
			q += n;
			while (*q == ' ')
				q++;
		}
	}
	return eff;
}

static void pl_log(pl *x, const char *op, const unsigned char *object)
{
	sqlite3_bind_int64(x->log, 1, x->now);
	bu_bind_text(x->log, 2, op);
	bu_bind_id(x->log, 3, object);
	sqlite3_bind_blob(x->log, 4, x->comm, 16, SQLITE_STATIC);
	bu_run(x->log);
}

/* A new contribution: its author's standing (a day active, a post). */
static void pl_counted(pl *x, const unsigned char *author)
{
	standing st;
	int64_t day = floor_div(x->now, DAY_MS), n = 0;

	/* Rows come out of time order: a day counts once (libcop's
	 * cop__recognition_imported()), the last day is the latest. */
	bu_bind_id(x->day_get, 1, author);
	sqlite3_bind_int64(x->day_get, 2, day * DAY_MS);
	sqlite3_bind_int64(x->day_get, 3, (day + 1) * DAY_MS);
	sqlite3_bind_blob(x->day_get, 4, x->comm, 16, SQLITE_STATIC);
	if (row(x->day_get)) {
		n = sqlite3_column_int64(x->day_get, 0);
		sqlite3_reset(x->day_get);
	}
	st_read(x, author, &st);
	if (n == 1 && st.last_day != day)
		st.days_active++;
	if (day > st.last_day)
		st.last_day = day;
	st.posts++;
	st_write(x, author, &st);
}

static void pl_contribution(pl *x, const unsigned char *id,
	const unsigned char *thread, const unsigned char *author, int kind,
	const unsigned char *reply_to, const char *body, int format)
{
	sqlite3_stmt *q = x->contrib;

	bu_bind_id(q, 1, id);
	bu_bind_id(q, 2, thread);
	sqlite3_bind_blob(q, 3, x->comm, 16, SQLITE_STATIC);
	bu_bind_id(q, 4, author);
	sqlite3_bind_int(q, 5, kind);
	bu_bind_id(q, 6, reply_to);
	bu_bind_text(q, 7, x->lang);
	bu_bind_text(q, 8, body ? body : "");
	sqlite3_bind_int(q, 9, format);
	sqlite3_bind_int64(q, 10, x->now);
	bu_run(q);
}

/* ---- plain: one function per file (v[] as in the attribute lists) -------------- */

static const char *const a_users[] = { "Id", "DisplayName", "CreationDate",
	NULL };
static const char *const a_posts[] = { "Id", "PostTypeId", "ParentId",
	"AcceptedAnswerId", "CreationDate", "Body", "OwnerUserId", "Title",
	"Tags", "ClosedDate", NULL };
static const char *const a_comments[] = { "Id", "PostId", "Text",
	"CreationDate", "UserId", NULL };
static const char *const a_history[] = { "Id", "PostHistoryTypeId",
	"PostId", "CreationDate", "UserId", "Comment", "Text", NULL };
static const char *const a_votes[] = { "Id", "PostId", "VoteTypeId",
	"CreationDate", NULL };
static const char *const a_badges[] = { "Id", "UserId", "Name", "Date",
	"Class", NULL };
static const char *const a_links[] = { "Id", "PostId", "RelatedPostId",
	"LinkTypeId", "CreationDate", NULL };
static const char *const a_tags[] = { "TagName", NULL };

static void pl_users(pl *x, const char **v)
{
	unsigned char id[16];
	char handle[80], name[NAME_MAX_CP * 4 + 1];
	int64_t uid = pl_int(v[0], "Users.Id");
	size_t n;

	x->now = pl_date(v[2], "Users.CreationDate");
	snprintf(handle, sizeof(handle), SLUG "-%s%" PRId64, uid < 0 ? "m" : "",
		uid < 0 ? -uid : uid);
	n = v[1] ? utf8_prefix(v[1], NAME_MAX_CP) : 0;
	if (n) {
		memcpy(name, v[1], n);
		name[n] = '\0';
	} else {
		snprintf(name, sizeof(name), "%s", handle);
	}
	{
		/* libcop's clock is not set for users: their ids are now. */
		int64_t t = x->now;
		x->now = bu_wall_ms();
		new_id(x, id);
		x->now = t;
	}
	sqlite3_bind_blob(x->member, 1, id, 16, SQLITE_STATIC);
	bu_bind_text(x->member, 2, handle);
	bu_bind_text(x->member, 3, name);
	sqlite3_bind_int(x->member, 4, COP_MEMBER_ACTIVE);
	sqlite3_bind_int64(x->member, 5, x->now);
	bu_run(x->member);
	sqlite3_bind_blob(x->membership, 1, x->comm, 16, SQLITE_STATIC);
	sqlite3_bind_blob(x->membership, 2, id, 16, SQLITE_STATIC);
	sqlite3_bind_int(x->membership, 3, COP_ROLE_MEMBER);
	sqlite3_bind_int(x->membership, 4, COP_MEMBERSHIP_ACTIVE);
	sqlite3_bind_int64(x->membership, 5, x->now);
	bu_run(x->membership);
	pl_source(x, SRC_USER, v[0], id);
}

static void pl_posts(pl *x, const char **v)
{
	unsigned char cid[16], tid[16], author[16];
	int64_t type = pl_int(v[1], "Posts.PostTypeId");
	int has_author;

	pl_int(v[0], "Posts.Id");
	x->now = pl_date(v[4], "Posts.CreationDate");
	if (type == 1 && v[3] && *v[3]) {
		if (x->nacc == x->capacc) {
			x->capacc = x->capacc ? x->capacc * 2 : 256;
			if (!(x->acc = realloc(x->acc, x->capacc * sizeof(*x->acc))))
				bu_die("realloc", "out of memory");
		}
		x->acc[x->nacc].question = pl_int(v[0], "Posts.Id");
		x->acc[x->nacc++].answer = pl_int(v[3], "Posts.AcceptedAnswerId");
	}
	if (type == 1) {
		char tags[512];

		if (!v[7] || !*v[7])
			bu_die("Posts.Title", "missing");
		pl_tags(v[8], tags, sizeof(tags));
		has_author = pl_user(x, v[6], author);
		new_id(x, tid);
		new_id(x, cid);
		bu_bind_id(x->thread, 1, tid);
		sqlite3_bind_blob(x->thread, 2, x->comm, 16, SQLITE_STATIC);
		bu_bind_id(x->thread, 3, has_author ? author : NULL);
		sqlite3_bind_int(x->thread, 4, COP_THREAD_QUESTION);
		sqlite3_bind_int(x->thread, 5, v[9] && *v[9] ? COP_THREAD_CLOSED :
			COP_THREAD_OPEN);
		bu_bind_text(x->thread, 6, v[7]);
		bu_bind_text(x->thread, 7, tags);
		bu_bind_text(x->thread, 8, x->lang);
		sqlite3_bind_int64(x->thread, 9, x->now);
		bu_run(x->thread);
		pl_contribution(x, cid, tid, has_author ? author : NULL,
			COP_CONTRIB_POST, NULL, v[5], COP_FORMAT_HTML);
	} else if (type == 2) {
		post q;

		if (!v[2] || !pl_post(x, v[2], &q))
			return;
		has_author = pl_user(x, v[6], author);
		new_id(x, cid);
		pl_contribution(x, cid, q.thread, has_author ? author : NULL,
			COP_CONTRIB_ANSWER, NULL, v[5], COP_FORMAT_HTML);
		bu_bind_id(x->bump, 1, q.thread);
		sqlite3_bind_int64(x->bump, 2, x->now);
		bu_run(x->bump);
	} else {
		return;
	}
	if (has_author)
		pl_counted(x, author);
	pl_source(x, SRC_POST, v[0], cid);
}

/* The accepted answers, once every answer is in. */
static void pl_accepts(pl *x)
{
	char q[24], a[24];
	size_t i;

	for (i = 0; i < x->nacc; i++) {
		standing st;
		post p;
		int64_t rep = 0;

		snprintf(q, sizeof(q), "%" PRId64, x->acc[i].question);
		snprintf(a, sizeof(a), "%" PRId64, x->acc[i].answer);
		if (!pl_post(x, a, &p) || p.kind != COP_CONTRIB_ANSWER)
			continue;
		x->now = p.created;
		if (p.has_author) {
			st_read(x, p.author, &st);
			rep = pl_ledger(x, p.author, &st, x->cfg.accept_author,
				COP_REP_ACCEPTED, p.thread, 0, p.tags);
			st.accepted++;
		}
		bu_bind_id(x->accept, 1, p.thread);
		sqlite3_bind_blob(x->accept, 2, x->comm, 16, SQLITE_STATIC);
		bu_bind_id(x->accept, 3, p.id);
		bu_bind_id(x->accept, 4, p.has_author ? p.author : NULL);
		sqlite3_bind_int64(x->accept, 5, rep);
		sqlite3_bind_int64(x->accept, 6, x->now);
		bu_run(x->accept);
		bu_bind_id(x->answered, 1, p.thread);
		sqlite3_bind_int(x->answered, 2, COP_THREAD_ANSWERED);
		sqlite3_bind_int(x->answered, 3, COP_THREAD_OPEN);
		bu_run(x->answered);
		if (p.has_author)
			st_write(x, p.author, &st);
		pl_log(x, "answer.accept", p.id);
		pl_source(x, SRC_ACCEPT, q, p.id);
	}
}

static void pl_comments(pl *x, const char **v)
{
	unsigned char cid[16], author[16];
	int has_author;
	post p;

	pl_int(v[0], "Comments.Id");
	x->now = pl_date(v[3], "Comments.CreationDate");
	if (!v[1] || !pl_post(x, v[1], &p))
		return;
	has_author = pl_user(x, v[4], author);
	new_id(x, cid);
	pl_contribution(x, cid, p.thread, has_author ? author : NULL,
		COP_CONTRIB_COMMENT, p.id, v[2], COP_FORMAT_MARKDOWN);
	bu_bind_id(x->bump, 1, p.thread);
	sqlite3_bind_int64(x->bump, 2, x->now);
	bu_run(x->bump);
	if (has_author)
		pl_counted(x, author);
	pl_source(x, SRC_COMMENT, v[0], cid);
}

static void pl_history(pl *x, const char **v)
{
	unsigned char author[16];
	char comment[COMMENT_MAX_CP * 4 + 1];
	int64_t type = pl_int(v[1], "PostHistory.PostHistoryTypeId"), number;
	int has_author;
	size_t n;
	post p;

	pl_int(v[0], "PostHistory.Id");
	x->now = pl_date(v[3], "PostHistory.CreationDate");
	if (type != 2 && type != 5 && type != 8)
		return;
	if (!v[2] || !pl_post(x, v[2], &p))
		return;
	has_author = pl_user(x, v[4], author);
	bu_bind_id(x->rev_bump, 1, p.id);
	sqlite3_bind_int64(x->rev_bump, 2, type == 2 ? 0 : x->now);
	if (!row(x->rev_bump))
		bu_die("revision", "no such contribution");
	number = sqlite3_column_int64(x->rev_bump, 0);
	bu_run(x->rev_bump);
	n = v[5] ? utf8_prefix(v[5], COMMENT_MAX_CP) : 0;
	memcpy(comment, v[5] ? v[5] : "", n);
	comment[n] = '\0';
	bu_bind_id(x->revision, 1, p.id);
	sqlite3_bind_blob(x->revision, 2, x->comm, 16, SQLITE_STATIC);
	sqlite3_bind_int64(x->revision, 3, number);
	bu_bind_id(x->revision, 4, has_author ? author : NULL);
	bu_bind_text(x->revision, 5, v[6] ? v[6] : "");
	bu_bind_text(x->revision, 6, n ? comment : NULL);
	sqlite3_bind_int64(x->revision, 7, x->now);
	bu_run(x->revision);
	pl_source(x, SRC_HISTORY, v[0], p.id);
}

static void pl_votes(pl *x, const char **v)
{
	int64_t type = pl_int(v[2], "Votes.VoteTypeId"), rep = 0;
	unsigned char vid[16];
	standing st;
	post p;
	int up;

	pl_int(v[0], "Votes.Id");
	x->now = pl_date(v[3], "Votes.CreationDate");
	if (type != 2 && type != 3)
		return;
	if (!v[1] || !pl_post(x, v[1], &p))
		return;
	up = type == 2;
	new_id(x, vid);
	if (p.has_author) {
		st_read(x, p.author, &st);
		if (up) {
			int nominal = p.kind == COP_CONTRIB_ANSWER ? x->cfg.up_answer :
				p.kind == COP_CONTRIB_POST &&
				p.tkind == COP_THREAD_QUESTION ? x->cfg.up_question :
				x->cfg.up_other;
			rep = pl_ledger(x, p.author, &st, nominal, COP_REP_UPVOTE,
				vid, 1, p.tags);
			st.likes_received++;
		} else {
			rep = pl_ledger(x, p.author, &st, x->cfg.down_received,
				COP_REP_DOWNVOTE, vid, 0, p.tags);
		}
		st_write(x, p.author, &st);
	}
	sqlite3_bind_blob(x->vote, 1, vid, 16, SQLITE_STATIC);
	sqlite3_bind_blob(x->vote, 2, x->comm, 16, SQLITE_STATIC);
	bu_bind_id(x->vote, 3, p.id);
	bu_bind_id(x->vote, 4, p.has_author ? p.author : NULL);
	sqlite3_bind_int(x->vote, 5, up ? COP_VOTE_UP : COP_VOTE_DOWN);
	sqlite3_bind_int64(x->vote, 6, rep);
	sqlite3_bind_int64(x->vote, 7, x->now);
	bu_run(x->vote);
	bu_bind_id(x->score, 1, p.id);
	sqlite3_bind_int(x->score, 2, up ? 1 : -1);
	bu_run(x->score);
	pl_log(x, "vote.cast", vid);
	pl_source(x, SRC_VOTE, v[0], p.id);
}

static void pl_badges(pl *x, const char **v)
{
	unsigned char member[16], bid[16];
	int64_t klass = v[4] ? pl_int(v[4], "Badges.Class") : 3;

	pl_int(v[0], "Badges.Id");
	x->now = pl_date(v[3], "Badges.Date");
	if (!v[2] || !*v[2])
		bu_die("Badges.Name", "missing");
	if (!pl_user(x, v[1], member))
		return;
	new_id(x, bid);
	sqlite3_bind_blob(x->badge, 1, bid, 16, SQLITE_STATIC);
	sqlite3_bind_blob(x->badge, 2, x->comm, 16, SQLITE_STATIC);
	sqlite3_bind_blob(x->badge, 3, member, 16, SQLITE_STATIC);
	sqlite3_bind_int(x->badge, 4, COP_BADGE_NAMED);
	sqlite3_bind_int64(x->badge, 5, x->now);
	bu_bind_text(x->badge, 6, v[2]);
	sqlite3_bind_int(x->badge, 7, klass == 1 ? COP_BADGE_GOLD :
		klass == 2 ? COP_BADGE_SILVER : COP_BADGE_BRONZE);
	bu_run(x->badge);
	pl_source(x, SRC_BADGE, v[0], bid);
}

static void pl_links(pl *x, const char **v)
{
	int64_t type = pl_int(v[3], "PostLinks.LinkTypeId");
	post a, b;

	pl_int(v[0], "PostLinks.Id");
	x->now = pl_date(v[4], "PostLinks.CreationDate");
	if (type != 1 && type != 3)
		return;
	if (!v[1] || !v[2] || !pl_post(x, v[1], &a) || !pl_post(x, v[2], &b) ||
	    !memcmp(a.thread, b.thread, 16))
		return;
	bu_bind_id(x->link_get, 1, a.thread);
	bu_bind_id(x->link_get, 2, b.thread);
	if (row(x->link_get)) {
		sqlite3_reset(x->link_get);
		return;
	}
	sqlite3_bind_blob(x->link, 1, x->comm, 16, SQLITE_STATIC);
	bu_bind_id(x->link, 2, a.thread);
	bu_bind_id(x->link, 3, b.thread);
	sqlite3_bind_int(x->link, 4, type == 3 ? COP_LINK_DUPLICATE :
		COP_LINK_RELATED);
	sqlite3_bind_int64(x->link, 5, x->now);
	bu_run(x->link);
	pl_source(x, SRC_LINK, v[0], a.thread);
}

static void pl_tagrow(pl *x, const char **v)
{
	(void)x;
	if (!v[0] || !*v[0])
		bu_die("Tags.TagName", "missing");
}

typedef struct pl_file {
	const char *base;
	const char *const *attrs;
	void (*fn)(pl *x, const char **v);
} pl_file;

static const pl_file pl_files[NFILES] = {
	{ "Users", a_users, pl_users },
	{ "Posts", a_posts, pl_posts },
	{ "Comments", a_comments, pl_comments },
	{ "PostHistory", a_history, pl_history },
	{ "Votes", a_votes, pl_votes },
	{ "Badges", a_badges, pl_badges },
	{ "PostLinks", a_links, pl_links },
	{ "Tags", a_tags, pl_tagrow },
};

/* Read one file, a row at a time, the attributes straight from the node. */
static void pl_read(pl *x, const char *dir, const pl_file *f)
{
	char path[4096];
	const char *v[MAX_ATTRS];
	xmlChar *tmp[MAX_ATTRS];
	xmlTextReaderPtr r;
	xmlNodePtr n;
	int i;

	if (!find_file(path, sizeof(path), dir, f->base))
		bu_die(f->base, "not in the dump");
	r = open_reader(path);
	while ((n = next_row(r, path))) {
		xmlAttrPtr a;

		memset(v, 0, sizeof(v));
		memset(tmp, 0, sizeof(tmp));
		for (a = n->properties; a; a = a->next)
			for (i = 0; f->attrs[i]; i++)
				if (!strcmp((const char *)a->name, f->attrs[i])) {
					if (!a->children)
						v[i] = "";
					else if (a->children->type == XML_TEXT_NODE &&
					    !a->children->next)
						v[i] = (const char *)a->children->content;
					else {
						tmp[i] = xmlNodeListGetString(a->doc,
							a->children, 1);
						v[i] = tmp[i] ? (const char *)tmp[i] : "";
					}
					break;
				}
		f->fn(x, v);
		for (i = 0; i < MAX_ATTRS; i++)
			if (tmp[i])
				xmlFree(tmp[i]);
		x->rows++;
	}
	xmlFreeTextReader(r);
}

typedef struct result {
	double secs;                     /* the import, clock to commit */
	double cpu;                      /* the child's user + system time */
	long peak_kib;                   /* the child's peak RSS */
	long rows;                       /* rows read */
	int fts_defer;                   /* plain deferred search indexing */
	int ok;
} result;

static void plain_import(const char *dump, const char *path, result *res)
{
	cop_store *s;
	sqlite3_stmt *q;
	pl x;
	double t0;
	int i;

	/* Untimed: libcop makes the schema, the community and its settings
	 * (rule badges off, as the import does), so both files start alike. */
	bu_remove_db(path);
	memset(&x, 0, sizeof(x));
	bu_lc_check(NULL, cop_open(&s, path, BU_SYSTEM), "cop_open (schema)");
	bu_lc_check(s, cop_community_create(NULL, s, SLUG, SLUG, NULL, NULL,
		COP_VISIBILITY_PUBLIC), "cop_community_create");
	bu_lc_check(s, cop_recognition_config_lookup(&x.cfg, s, SLUG),
		"cop_recognition_config_lookup");
	x.cfg.rule_badges = 0;
	bu_lc_check(s, cop_recognition_config_set(s, SLUG, &x.cfg),
		"cop_recognition_config_set");
	cop_close(s);

	/* (With stand-ins for what the file's full-text triggers call: an
	 * HTML body is indexed as it is here, where libcop reads its text.) */
	x.db = bu_plain_open(path, CACHE_KIB);
	x.idr.s = 0x9e3779b97f4a7c15ULL;
	q = bu_prep(x.db, "SELECT id, language FROM cop_community WHERE slug = '"
		SLUG "'");
	if (!row(q))
		bu_die(path, "no community");
	copy_id(x.comm, q, 0);
	snprintf(x.lang, sizeof(x.lang), "%s", sqlite3_column_text(q, 1));
	sqlite3_finalize(q);
	q = bu_prep(x.db, "SELECT 1 FROM sqlite_master WHERE type = 'table' "
		"AND name = 'cop_fts_pending'");
	x.fts_defer = row(q);
	sqlite3_finalize(q);
	pl_prepare(&x);

	t0 = bu_now_s();
	bu_run(x.begin);
	/* Where the schema can defer search indexing (a queue table and
	 * triggers that fill it while cop_meta holds 'fts_defer'), libcop's
	 * import defers it, and so does plain: one statement at the end.
	 * Otherwise both index each contribution through the trigger. */
	if (x.fts_defer)
		bu_exec(x.db, "INSERT OR IGNORE INTO cop_meta (key, value) "
			"VALUES ('fts_defer', '1')");
	/* The settings, read once (libcop reads them for each event). */
	sqlite3_bind_blob(x.cfg_get, 1, x.comm, 16, SQLITE_STATIC);
	if (row(x.cfg_get))
		sqlite3_reset(x.cfg_get);
	for (i = 0; i < NFILES; i++) {
		pl_read(&x, dump, &pl_files[i]);
		if (i == 1)
			pl_accepts(&x);
	}
	x.now = bu_wall_ms();
	pl_log(&x, "community.import", x.comm);
	if (x.fts_defer)
		bu_exec(x.db, "INSERT INTO cop_fts (rowid, title, body) "
			"SELECT s.rid, s.title, s.body FROM cop_fts_pending p "
			"JOIN cop_fts_src s ON s.rid = p.rid ORDER BY p.rid; "
			"DELETE FROM cop_fts_pending; "
			"DELETE FROM cop_meta WHERE key = 'fts_defer'");
	bu_run(x.commit);
	res->secs = bu_now_s() - t0;
	res->rows = x.rows;
	res->fts_defer = x.fts_defer;

	pl_finalize(&x);
	if (sqlite3_close(x.db) != SQLITE_OK)
		bu_die("sqlite3_close", sqlite3_errmsg(x.db));
	free(x.acc);
	res->ok = 1;
}

/* ---- libcop --------------------------------------------------------------------------- */

static void libcop_import(const char *dump, const char *path, result *res)
{
	cop_import_options o;
	cop_import_report rep;
	cop_store *s;
	double t0;

	bu_remove_db(path);
	bu_lc_check(NULL, cop_open(&s, path, BU_SYSTEM), "cop_open");
	memset(&o, 0, sizeof(o));
	o.version = COP_IMPORT_OPTIONS_VERSION;
	o.community = SLUG;
	t0 = bu_now_s();
	bu_lc_check(s, cop_import_stackexchange(&rep, s, dump, &o),
		"cop_import_stackexchange");
	res->secs = bu_now_s() - t0;
	cop_close(s);
	res->ok = 1;
}

/* ---- driver ---------------------------------------------------------------------------- */

typedef enum { J_LIBCOP, J_PLAIN, J_FLOOR } job;

typedef struct child_arg {
	job j;
	const char *dump, *path;
} child_arg;

static void child_run(void *arg, void *out)
{
	const child_arg *a = arg;

	result *r = out;

	if (a->j == J_LIBCOP)
		libcop_import(a->dump, a->path, out);
	else if (a->j == J_PLAIN)
		plain_import(a->dump, a->path, out);
	else {
		r->rows = se_baseline(a->dump, a->path, &r->secs);
		r->ok = 1;
	}
}

/* Run one import in a child (its own peak memory and CPU time). */
static result in_child(job j, const char *dump, const char *path)
{
	child_arg a = { j, dump, path };
	result r;
	bu_child c;

	memset(&r, 0, sizeof(r));
	c = bu_in_child(child_run, &a, &r, sizeof(r));
	if (!c.ok)
		r.ok = 0;
	r.peak_kib = c.peak_kib;
	r.cpu = c.cpu_s;
	return r;
}

/* One side's import in a child, its time printed after @p name. */
static result run_side(job j, const char *name, const char *dump,
	const char *path)
{
	result r;

	printf(" %s...", name);
	fflush(stdout);
	r = in_child(j, dump, path);
	if (!r.ok)
		bu_die(name, "the import failed");
	printf(" %.2f s;", r.secs);
	return r;
}

/* What both files must agree on. */
static const char *const checks[][2] = {
	{ "members", "SELECT count(*) FROM cop_member" },
	{ "memberships", "SELECT count(*) FROM cop_membership" },
	{ "threads", "SELECT count(*) FROM cop_thread" },
	{ "thread tags", "SELECT count(*) FROM cop_thread_tag" },
	{ "contributions", "SELECT count(*) FROM cop_contribution" },
	{ "FTS documents", "SELECT count(*) FROM cop_fts_docsize" },
	{ "FTS 'beer'", "SELECT count(*) FROM cop_fts WHERE cop_fts MATCH 'beer'" },
	{ "FTS title:hops", "SELECT count(*) FROM cop_fts "
		"WHERE cop_fts MATCH 'title:hops'" },
	{ "revisions", "SELECT count(*) FROM cop_revision" },
	{ "votes", "SELECT count(*) FROM cop_vote" },
	{ "accepted", "SELECT count(*) FROM cop_accept" },
	{ "ledger", "SELECT count(*) FROM cop_ledger" },
	{ "standings", "SELECT count(*) FROM cop_standing" },
	{ "period totals", "SELECT count(*) FROM cop_rep_total" },
	{ "badges", "SELECT count(*) FROM cop_badge" },
	{ "links", "SELECT count(*) FROM cop_link" },
	{ "source ids", "SELECT count(*) FROM cop_source" },
	{ "log", "SELECT count(*) FROM cop_log" },
	{ "answered", "SELECT count(*) FROM cop_thread WHERE state = 1" },
	{ "sum score", "SELECT total(score) FROM cop_contribution" },
	{ "sum revision", "SELECT total(revision) FROM cop_contribution" },
	{ "sum count", "SELECT total(contribution_count) FROM cop_thread" },
	{ "sum reputation", "SELECT total(reputation) FROM cop_standing" },
	{ "sum trust", "SELECT total(trust) FROM cop_standing" },
	{ "sum days active", "SELECT total(days_active) FROM cop_standing" },
	{ "sum likes", "SELECT total(likes_received) FROM cop_standing" },
	{ "sum totals", "SELECT total(points) FROM cop_rep_total" },
};
#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

static void count_file(const char *path, double *out)
{
	sqlite3 *db;
	size_t i;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		bu_die(path, sqlite3_errmsg(db));
	bu_libcop_functions(db);
	for (i = 0; i < NCHECKS; i++) {
		sqlite3_stmt *q = bu_prep(db, checks[i][1]);
		out[i] = row(q) ? sqlite3_column_double(q, 0) : -1;
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
}

/* Keep the best time of @p r (the first run's at run 0), the highest
 * peak memory. */
static void best(result *b, const result *r, int run)
{
	long peak = b->peak_kib > r->peak_kib ? b->peak_kib : r->peak_kib;

	if (run == 0 || r->secs < b->secs)
		*b = *r;
	b->peak_kib = peak;
}

/* The bytes of the file at @p path (its pages). */
static double file_bytes(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	double all = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		bu_die(path, sqlite3_errmsg(db));
	q = bu_prep(db, "SELECT page_count * page_size FROM pragma_page_count, "
		"pragma_page_size");
	if (row(q))
		all = sqlite3_column_double(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return all;
}

/* The bytes of each table of @p path, its indexes included (dbstat),
 * largest first; the file's bytes. */
static double table_sizes(const char *path, const char *label)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	double all = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		bu_die(path, sqlite3_errmsg(db));
	bu_libcop_functions(db);
	printf("\n%s: %s\n", label, path);
	if (sqlite3_prepare_v2(db, "SELECT coalesce(m.tbl_name, d.name), "
			"sum(d.pgsize) AS b FROM dbstat d LEFT JOIN sqlite_master m "
			"ON m.name = d.name GROUP BY 1 ORDER BY b DESC", -1, &q,
			NULL) != SQLITE_OK) {
		printf("  (no dbstat: %s)\n", sqlite3_errmsg(db));
		q = NULL;
	}
	while (q && row(q)) {
		double b = sqlite3_column_double(q, 1);
		all += b;
		if (b >= 65536)
			printf("  %-24s %9.1f MiB\n", sqlite3_column_text(q, 0),
				b / 1048576.0);
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	all = file_bytes(path);
	printf("  %-24s %9.1f MiB (tables under 64 KiB not shown)\n", "file",
		all / 1048576.0);
	return all;
}

static void sizes(const char *pathc, const char *pathf, double *c, double *f)
{
	*c = table_sizes(pathc, "libcop's file, by table (indexes included)");
	*f = table_sizes(pathf, "the floor's file, by table (indexes included)");
}

static void usage(void)
{
	fprintf(stderr, "usage: cop-bench-import [--copies N] [--runs N] "
		"[--dir DIR] [--source DIR] [--keep] [--replay]\n"
		"       cop-bench-import --side libcop|plain|floor --dump DIR "
		"[--dir DIR] [--keep]\n"
		"       cop-bench-import --generate DIR [--copies N] "
		"[--source DIR]\n");
	exit(2);
}

static int rm_dump(const char *dump)
{
	char p[4200];
	int i;

	for (i = 0; i < NFILES; i++) {
		snprintf(p, sizeof(p), "%s/%s.xml", dump, dfiles[i].base);
		unlink(p);
	}
	return rmdir(dump);
}

static const char *verdict(int pass)
{
	return pass ? "PASS" : "MISS";
}

int main(int argc, char **argv)
{
	const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ?
		getenv("TMPDIR") : "/tmp";
	const char *source = COP_BENCH_SOURCE, *gen_dir = NULL, *side = NULL,
		*use_dump = NULL;
	char dump[4096], pathc[4096], pathp[4096], pathf[4096];
	char dump1[4096], pathc1[4096], pathf1[4096];
	double cl[NCHECKS], cp[NCHECKS], t_start = bu_now_s(), t0, ratio,
		size_c, size_f, size_c1 = 0, size_f1 = 1;
	result lc, plr, fl, l1, f1;
	long rows;
	int copies = DEFAULT_COPIES, runs = 1, keep = 0, replay = 0, i, run,
		same = 1;

	bu_set_prog("cop-bench-import");

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--copies") == 0 && i + 1 < argc)
			copies = atoi(argv[++i]);
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--source") == 0 && i + 1 < argc)
			source = argv[++i];
		else if (strcmp(argv[i], "--generate") == 0 && i + 1 < argc)
			gen_dir = argv[++i];
		else if (strcmp(argv[i], "--side") == 0 && i + 1 < argc)
			side = argv[++i];
		else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
			use_dump = argv[++i];
		else if (strcmp(argv[i], "--keep") == 0)
			keep = 1;
		else if (strcmp(argv[i], "--replay") == 0)
			replay = 1;
		else
			usage();
	}
	if (side && (!use_dump || (strcmp(side, "libcop") &&
	    strcmp(side, "plain") && strcmp(side, "floor"))))
		usage();
	if (copies < 1 || copies > 1000 || runs < 1 || runs > 20)
		usage();
	LIBXML_TEST_VERSION
	if (gen_dir) {
		rows = generate(source, gen_dir, copies, 0);
		printf("cop-bench-import: %ld rows in %s\n", rows, gen_dir);
		return 0;
	}
	if (side) {
		/* One side in this process, on an existing dump (profiling). */
		snprintf(pathc, sizeof(pathc), "%s/cop-bench-import-%s.db", dir,
			side);
		memset(&lc, 0, sizeof(lc));
		if (!strcmp(side, "libcop"))
			libcop_import(use_dump, pathc, &lc);
		else if (!strcmp(side, "floor"))
			lc.rows = se_baseline(use_dump, pathc, &lc.secs);
		else
			plain_import(use_dump, pathc, &lc);
		printf("cop-bench-import: %s %.2f s\n", side, lc.secs);
		if (!keep)
			bu_remove_db(pathc);
		return 0;
	}

	printf("cop-bench-import: libcop %s, SQLite %s, libxml2 %s; files in "
		"%s; PRAGMAs journal_mode=WAL, synchronous=NORMAL, "
		"cache_size=-%d on both sides\n", cop_version(),
		sqlite3_libversion(), LIBXML_DOTTED_VERSION, dir, CACHE_KIB);
	snprintf(dump, sizeof(dump), "%s/cop-bench-import-dump", dir);
	snprintf(pathc, sizeof(pathc), "%s/cop-bench-import-libcop.db", dir);
	snprintf(pathp, sizeof(pathp), "%s/cop-bench-import-plain.db", dir);
	snprintf(pathf, sizeof(pathf), "%s/cop-bench-import-floor.db", dir);
	snprintf(dump1, sizeof(dump1), "%s/cop-bench-import-dump1", dir);
	snprintf(pathc1, sizeof(pathc1), "%s/cop-bench-import-libcop1.db", dir);
	snprintf(pathf1, sizeof(pathf1), "%s/cop-bench-import-floor1.db", dir);
	printf("\ndump: %s, %d copies of %s\n", dump, copies, source);
	t0 = bu_now_s();
	rows = generate(source, dump, copies, 0);
	printf("  %-12s %8ld rows (%.1f s)\n", "total", rows, bu_now_s() - t0);

	memset(&lc, 0, sizeof(lc));
	memset(&plr, 0, sizeof(plr));
	memset(&fl, 0, sizeof(fl));
	/* Alternate the floor, the replay (--replay) and libcop, each on a
	 * fresh file; best time of each. */
	for (run = 0; run < runs; run++) {
		result p, l, f;

		printf("\nrun %d of %d:", run + 1, runs);
		f = run_side(J_FLOOR, "floor", dump, pathf);
		if (replay) {
			p = run_side(J_PLAIN, "replay", dump, pathp);
			best(&plr, &p, run);
		}
		l = run_side(J_LIBCOP, "libcop", dump, pathc);
		printf("\n");
		best(&fl, &f, run);
		best(&lc, &l, run);
	}
	if (fl.rows != rows - dump_links)
		bu_die("floor import", "did not read every row");
	if (replay && plr.rows != rows)
		bu_die("replay import", "did not read every row");

	if (replay) {
		count_file(pathc, cl);
		count_file(pathp, cp);
		printf("\n%-16s %12s %12s\n", "rows / sums", "libcop", "replay");
		for (i = 0; i < (int)NCHECKS; i++) {
			int eq = cl[i] == cp[i];
			printf("%-16s %12.0f %12.0f%s\n", checks[i][0], cl[i], cp[i],
				eq ? "" : "  DIFFER");
			same &= eq;
		}
		printf("both files hold %s\n", same ? "the same rows" :
			"DIFFERENT rows (see DIFFER)");
	}

	ratio = lc.secs / fl.secs;
	printf("\n%-20s %12s %12s%s\n", "import of", "libcop", "floor",
		replay ? "       replay" : "");
	printf("%-20s %12ld %12ld", "rows in the dump", rows, fl.rows);
	if (replay)
		printf(" %12ld", rows);
	printf("\n%-20s %12.2f %12.2f", "time, s", lc.secs, fl.secs);
	if (replay)
		printf(" %12.2f", plr.secs);
	printf("\n%-20s %12.2f %12.2f", "child CPU, s", lc.cpu, fl.cpu);
	if (replay)
		printf(" %12.2f", plr.cpu);
	printf("\n%-20s %12.1f %12.1f", "peak RSS, MiB", lc.peak_kib / 1024.0,
		fl.peak_kib / 1024.0);
	if (replay)
		printf(" %12.1f", plr.peak_kib / 1024.0);
	printf("\n");
	sizes(pathc, pathf, &size_c, &size_f);
	if (copies > 1) {
		/* The beer store itself: one copy of the dump, each side once
		 * (the size target is the beer store's; the copies'
		 * stores pack differently). */
		printf("\none copy (%s):", dump1);
		generate(source, dump1, 1, 1);
		f1 = run_side(J_FLOOR, "floor", dump1, pathf1);
		l1 = run_side(J_LIBCOP, "libcop", dump1, pathc1);
		size_c1 = file_bytes(pathc1);
		size_f1 = file_bytes(pathf1);
		printf("\n  file libcop %.1f MiB, floor %.1f MiB; time %.2fx\n",
			size_c1 / 1048576.0, size_f1 / 1048576.0,
			l1.secs / f1.secs);
	}
	printf("\ntargets (issue 18; the floor: bench/se_baseline.c):\n");
	printf("  time libcop / floor   %.2fx (at most %.1fx, aim %.2fx)  %s\n",
		ratio, TARGET_RATIO, AIM_RATIO, verdict(ratio <= TARGET_RATIO));
	printf("  (CPU time, whole child: %.2fx)\n", lc.cpu / fl.cpu);
	if (replay)
		printf("  time libcop / replay  %.2fx (the replay: libcop's rows "
			"written by plain statements, rule by rule)\n",
			lc.secs / plr.secs);
	printf("  peak memory libcop    %.1f MiB (under %ld MiB)  %s\n",
		lc.peak_kib / 1024.0, TARGET_PEAK_KIB / 1024,
		verdict(lc.peak_kib < TARGET_PEAK_KIB));
	printf("  file libcop / floor   %.2fx (at most %.1fx)  %s\n",
		size_c / size_f, TARGET_SIZE, verdict(size_c / size_f <=
		TARGET_SIZE));
	if (copies > 1)
		printf("  file at one copy      %.2fx (at most %.1fx: the beer "
			"store)  %s\n", size_c1 / size_f1, TARGET_SIZE,
			verdict(size_c1 / size_f1 <= TARGET_SIZE));
	if (!keep) {
		bu_remove_db(pathc);
		bu_remove_db(pathp);
		bu_remove_db(pathf);
		rm_dump(dump);
		if (copies > 1) {
			bu_remove_db(pathc1);
			bu_remove_db(pathf1);
			rm_dump(dump1);
		}
	} else {
		printf("\nkept: %s, %s, %s%s%s\n", dump, pathc, pathf,
			replay ? ", " : "", replay ? pathp : "");
		if (copies > 1)
			printf("kept: %s, %s, %s\n", dump1, pathc1, pathf1);
	}
	printf("\ncop-bench-import: %.0f s\n", bu_now_s() - t_start);
	return 0;
}
