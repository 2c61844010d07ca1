/*
 * cop-bench-digest: a community's weekly digest through libcop against
 * plain SQLite reading the same rows, in the same file and the same run.
 *
 *   cop-bench-digest --db FILE [--community SLUG] [--votes N] [--limit N]
 *                    [--rounds N]
 *
 * FILE is a libcop SQLite store, such as the one `cop-bench --keep`
 * leaves (cop-bench-libcop-N.db).  The program WRITES to it: opening it
 * migrates it to the current schema (the digest's indexes), and --votes
 * adds votes; give it a copy.
 *
 * The community (default: the one with the most threads) is read over
 * the week that ends just after its last thread, contribution or badge.
 * cop-bench's generator makes no votes, so N up-votes (--votes, default
 * 20000) on random contributions of the community, at random times of
 * that week, are written first with plain SQL, which gives the most
 * helpful contributions' section real work (the sum of a week's votes).
 *
 * libcop: cop_digest_community() with a limit of --limit items per
 * section (default 20), as the system and as a member of the community
 * (every row then passes the visibility rule), each made --rounds times
 * (default 30, after one unmeasured); the median.  Plain: the seven
 * sections' rows read with the sqlite3 API, each a SELECT of the same
 * rows with the same bounds and limit, without the visibility rule (the
 * floor); every column read.  Targets: libcop under 20 ms, and at most
 * 1.5 times plain.
 *
 * Benchmarks never fail a build: the exit status is 0 unless an
 * operation fails.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"

#define WEEK_MS (7LL * 24 * 3600 * 1000)

/* The plain side's statements, one a section: ?1 community, [?2, ?3)
 * the period, ?4 the limit. */
static const char *const plain_sql[] = {
	"SELECT t.id, t.title, t.language, t.created, t.contribution_count, "
	"t.author_id, m.handle FROM cop_thread t LEFT JOIN cop_member m "
	"ON m.id = t.author_id WHERE t.community_id = ?1 AND t.created >= ?2 "
	"AND t.created < ?3 ORDER BY t.created, t.id LIMIT ?4",
	"SELECT t.id, t.title, t.language, t.created, t.contribution_count, "
	"t.author_id, m.handle FROM cop_thread t LEFT JOIN cop_member m "
	"ON m.id = t.author_id WHERE t.community_id = ?1 AND t.created >= ?2 "
	"AND t.created < ?3 AND t.kind = 1 AND t.answered = 0 "
	"AND t.closed = 0 ORDER BY t.created, t.id LIMIT ?4",
	"SELECT a.thread_id, a.contribution_id, a.created, t.title, c.score, "
	"m.handle, n.handle FROM cop_accept a JOIN cop_thread t "
	"ON t.id = a.thread_id JOIN cop_contribution c "
	"ON c.id = a.contribution_id LEFT JOIN cop_member m "
	"ON m.id = a.author_id LEFT JOIN cop_member n ON n.id = a.acceptor_id "
	"WHERE a.community_id = ?1 AND a.created >= ?2 AND a.created < ?3 "
	"ORDER BY a.created, a.thread_id LIMIT ?4",
	"SELECT c.id, c.thread_id, t.title, c.language, m.handle, g.gained, "
	"g.lastv FROM (SELECT contribution_id AS cid, SUM(CASE kind "
	"WHEN 0 THEN 1 WHEN 1 THEN -1 WHEN 2 THEN 1 ELSE 0 END) AS gained, "
	"MAX(created) AS lastv FROM cop_vote WHERE community_id = ?1 "
	"AND created >= ?2 AND created < ?3 GROUP BY contribution_id) g "
	"JOIN cop_contribution c ON c.id = g.cid JOIN cop_thread t "
	"ON t.id = c.thread_id LEFT JOIN cop_member m ON m.id = c.author_id "
	"WHERE g.gained > 0 ORDER BY g.gained DESC, c.id LIMIT ?4",
	"SELECT c.id, c.thread_id, t.title, c.body, c.created, c.edited, "
	"m.handle FROM cop_contribution c JOIN cop_thread t "
	"ON t.id = c.thread_id LEFT JOIN cop_member m ON m.id = c.author_id "
	"WHERE c.community_id = ?1 AND c.kind = 5 AND c.created < ?3 "
	"AND (c.created >= ?2 OR (c.edited >= ?2 AND c.edited < ?3)) "
	"ORDER BY c.created, c.id LIMIT ?4",
	"SELECT u.id, u.message, u.created, m.handle, n.handle, t.title "
	"FROM cop_kudos u LEFT JOIN cop_contribution c "
	"ON c.id = u.contribution_id LEFT JOIN cop_thread t "
	"ON t.id = c.thread_id LEFT JOIN cop_member m ON m.id = u.to_id "
	"LEFT JOIN cop_member n ON n.id = u.from_id WHERE u.community_id = ?1 "
	"AND u.created >= ?2 AND u.created < ?3 ORDER BY u.created, u.id "
	"LIMIT ?4",
	"SELECT b.id, b.badge, b.name, b.awarded, m.handle, t.title "
	"FROM cop_badge b LEFT JOIN cop_contribution c ON c.id = b.object_id "
	"LEFT JOIN cop_thread t ON t.id = c.thread_id LEFT JOIN cop_member m "
	"ON m.id = b.member_id WHERE b.community_id = ?1 AND b.awarded >= ?2 "
	"AND b.awarded < ?3 ORDER BY b.awarded, b.id LIMIT ?4",
};
#define SECTIONS (sizeof(plain_sql) / sizeof(plain_sql[0]))

struct bench {
	const char *db_path, *slug;
	long votes, limit, rounds;
	cop_store *store;
	sqlite3 *db;
	unsigned char community[16];
	char cid[COP_ID_TEXT_LEN + 1];      /* the community's id as text */
	char member[COP_ID_TEXT_LEN + 1];   /* a member of the community */
	cop_time since, until;
	sqlite3_stmt *plain[SECTIONS];
};

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

/* The text of a 16-byte id. */
static void id_text(char *out, const void *bytes)
{
	cop_id id;

	memcpy(id.bytes, bytes, 16);
	cop_id_format(out, &id);
}

static void usage(void)
{
	fprintf(stderr, "usage: cop-bench-digest --db FILE [--community SLUG] "
		"[--votes N] [--limit N] [--rounds N]\n");
	exit(2);
}

static long num_arg(const char *v)
{
	char *end;
	long n = v ? strtol(v, &end, 10) : -1;

	if (!v || *end || n < 0)
		usage();
	return n;
}

/* The community (the slug given, or the one with most threads), its
 * week, and one of its plain members. */
static void find_scope(struct bench *b)
{
	sqlite3_stmt *st;

	st = bu_prep(b->db, b->slug ?
		"SELECT id FROM cop_community WHERE slug = ?1" :
		"SELECT community_id FROM cop_thread GROUP BY community_id "
		"ORDER BY count(*) DESC LIMIT 1");
	if (b->slug)
		bu_bind_text(st, 1, b->slug);
	if (sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_bytes(st, 0) != 16)
		bu_die("community", "none found");
	memcpy(b->community, sqlite3_column_blob(st, 0), 16);
	sqlite3_finalize(st);

	st = bu_prep(b->db, "SELECT max(t) FROM (SELECT max(created) AS t "
		"FROM cop_thread WHERE community_id = ?1 UNION ALL SELECT "
		"max(created) FROM cop_contribution WHERE community_id = ?1 "
		"UNION ALL SELECT max(awarded) FROM cop_badge "
		"WHERE community_id = ?1)");
	bu_bind_id(st, 1, b->community);
	b->until = bu_run(st) + 1;
	b->since = b->until - WEEK_MS;
	sqlite3_finalize(st);

	st = bu_prep(b->db, "SELECT member_id FROM cop_membership "
		"WHERE community_id = ?1 AND status = 0 AND role = 1 LIMIT 1");
	bu_bind_id(st, 1, b->community);
	if (sqlite3_step(st) != SQLITE_ROW)
		bu_die("member", "the community has no plain member");
	id_text(b->member, sqlite3_column_blob(st, 0));
	sqlite3_finalize(st);
}

/* --votes up-votes on random contributions of the community, at random
 * times of the week, with plain SQL (rows as libcop writes them). */
static void add_votes(struct bench *b)
{
	sqlite3_stmt *pick, *ins;
	unsigned char id[16];
	long i, n = 0;
	sqlite3_int64 lo, span;
	int j;

	if (!b->votes)
		return;
	/* Contributions picked at random rowids between the first and the
	 * last (rid: SQLite's rowid of a contribution). */
	pick = bu_prep(b->db, "SELECT min(rid) FROM cop_contribution");
	lo = bu_run(pick);
	sqlite3_finalize(pick);
	pick = bu_prep(b->db, "SELECT max(rid) FROM cop_contribution");
	span = bu_run(pick) - lo + 1;
	sqlite3_finalize(pick);
	/* By rowid alone (the community checked here): a filter on the
	 * community would make SQLite scan the community's index. */
	pick = bu_prep(b->db, "SELECT id, author_id, community_id "
		"FROM cop_contribution WHERE rid >= ?1 ORDER BY rid LIMIT 1");
	ins = bu_prep(b->db, "INSERT INTO cop_vote (id, community_id, "
		"contribution_id, voter_id, author_id, kind, rep_author, "
		"rep_voter, created, changed) VALUES (?1, ?2, ?3, ?4, ?5, 0, 10, "
		"0, ?6, ?6)");
	bu_exec(b->db, "BEGIN");
	for (i = 0; n < b->votes && i < 50 * b->votes; i++) {
		sqlite3_bind_int64(pick, 1, lo + (sqlite3_int64)(rng() %
			(uint64_t)span));
		if (sqlite3_step(pick) == SQLITE_ROW &&
		    sqlite3_column_bytes(pick, 2) == 16 &&
		    memcmp(sqlite3_column_blob(pick, 2), b->community, 16) == 0) {
			cop_time t = b->since + (cop_time)(rng() % WEEK_MS);

			for (j = 0; j < 16; j++)
				id[j] = (unsigned char)rng();
			bu_bind_id(ins, 1, id);
			bu_bind_id(ins, 2, b->community);
			sqlite3_bind_blob(ins, 3, sqlite3_column_blob(pick, 0), 16,
				SQLITE_TRANSIENT);
			bu_bind_id(ins, 4, NULL);
			sqlite3_bind_value(ins, 5, sqlite3_column_value(pick, 1));
			sqlite3_bind_int64(ins, 6, t);
			bu_run(ins);
			n++;
		}
		sqlite3_reset(pick);
	}
	bu_exec(b->db, "COMMIT");
	sqlite3_finalize(pick);
	sqlite3_finalize(ins);
	printf("  added %ld up-votes in the week (plain SQL)\n", n);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, long n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* One libcop digest as @p viewer (NULL: the system): its items. */
static size_t libcop_once(struct bench *b, const char *viewer)
{
	cop_digest_options o;
	cop_digest *d = NULL;
	size_t n = 0;
	int k;

	bu_lc_check(b->store, cop_store_set_actor(b->store, viewer), "actor");
	cop_digest_options_init(&o);
	o.since = b->since;
	o.until = b->until;
	o.limit = (unsigned int)b->limit;
	bu_lc_check(b->store, cop_digest_community(&d, b->store, b->cid, &o),
		"digest");
	for (k = 0; k < COP_DIGEST_SECTIONS; k++)
		n += cop_digest_count(d, (cop_digest_section)k);
	cop_digest_free(d);
	return n;
}

/* The same rows with plain SQL, every column read: how many. */
static size_t plain_once(struct bench *b)
{
	size_t i, n = 0;
	int c, rc;

	for (i = 0; i < SECTIONS; i++) {
		sqlite3_stmt *st = b->plain[i];

		bu_bind_id(st, 1, b->community);
		sqlite3_bind_int64(st, 2, b->since);
		sqlite3_bind_int64(st, 3, b->until);
		sqlite3_bind_int64(st, 4, b->limit);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (c = 0; c < sqlite3_column_count(st); c++)
				switch (sqlite3_column_type(st, c)) {
				case SQLITE_BLOB:
					(void)sqlite3_column_blob(st, c);
					break;
				case SQLITE_TEXT:
					(void)sqlite3_column_text(st, c);
					break;
				default:
					(void)sqlite3_column_int64(st, c);
					break;
				}
			n++;
		}
		if (rc != SQLITE_DONE)
			bu_die("plain", sqlite3_errmsg(b->db));
		sqlite3_reset(st);
	}
	return n;
}

/* The median of --rounds digests (after one unmeasured), in ms: libcop
 * as @p viewer when @p lib, else plain; *items what one gave. */
static double measure(struct bench *b, int lib, const char *viewer,
	size_t *items)
{
	double *t = calloc((size_t)b->rounds, sizeof(*t)), t0, m;
	long r;

	if (!t)
		bu_die("memory", "out of memory");
	*items = lib ? libcop_once(b, viewer) : plain_once(b);
	for (r = 0; r < b->rounds; r++) {
		t0 = bu_now_s();
		if (lib)
			libcop_once(b, viewer);
		else
			plain_once(b);
		t[r] = (bu_now_s() - t0) * 1000.0;
	}
	m = median(t, b->rounds);
	free(t);
	return m;
}

int main(int argc, char **argv)
{
	struct bench b;
	size_t n_lib, n_mem, n_plain, i;
	double t0, lib, mem, plain, worst;
	int a, pass;

	bu_set_prog("cop-bench-digest");
	memset(&b, 0, sizeof(b));
	b.votes = 20000;
	b.limit = 20;
	b.rounds = 30;
	for (a = 1; a < argc; a++) {
		const char *v = a + 1 < argc ? argv[a + 1] : NULL;

		if (strcmp(argv[a], "--db") == 0 && v)
			b.db_path = v;
		else if (strcmp(argv[a], "--community") == 0 && v)
			b.slug = v;
		else if (strcmp(argv[a], "--votes") == 0)
			b.votes = num_arg(v);
		else if (strcmp(argv[a], "--limit") == 0)
			b.limit = num_arg(v);
		else if (strcmp(argv[a], "--rounds") == 0)
			b.rounds = num_arg(v);
		else
			usage();
		a++;
	}
	if (!b.db_path || b.rounds < 1 || b.limit < 1 ||
	    b.limit > COP_DIGEST_LIMIT_MAX)
		usage();

	printf("cop-bench-digest: %s\n", b.db_path);
	t0 = bu_now_s();
	bu_lc_check(NULL, cop_open(&b.store, b.db_path, BU_SYSTEM), "open");
	printf("  opened (migrated to the current schema) in %.1f s\n",
		bu_now_s() - t0);
	if (sqlite3_open_v2(b.db_path, &b.db, SQLITE_OPEN_READWRITE, NULL) !=
			SQLITE_OK)
		bu_die(b.db_path, sqlite3_errmsg(b.db));
	find_scope(&b);
	id_text(b.cid, b.community);
	add_votes(&b);
	for (i = 0; i < SECTIONS; i++)
		b.plain[i] = bu_prep(b.db, plain_sql[i]);

	lib = measure(&b, 1, NULL, &n_lib);
	mem = measure(&b, 1, b.member, &n_mem);
	plain = measure(&b, 0, NULL, &n_plain);
	printf("\n  weekly digest of one community, at most %ld items a "
		"section (median of %ld)\n", b.limit, b.rounds);
	printf("  %-28s %10s %10s %7s\n", "", "libcop", "plain", "ratio");
	printf("  %-28s %10.3f %10.3f %7.2f  (%zu items)\n",
		"as the system (ms)", lib, plain, lib / plain, n_lib);
	printf("  %-28s %10.3f %10.3f %7.2f  (%zu items; plain without "
		"rules)\n", "as a member (ms)", mem, plain, mem / plain, n_mem);
	printf("  plain read %zu rows\n", n_plain);
	worst = lib > mem ? lib : mem;
	pass = worst < 20.0 && worst / plain <= 1.5;
	printf("\ntargets\n  digest  %.3f ms < 20, libcop/plain %.2f <= 1.50"
		"  %s\n", worst, worst / plain, pass ? "PASS" : "MISS");
	for (i = 0; i < SECTIONS; i++)
		sqlite3_finalize(b.plain[i]);
	sqlite3_close(b.db);
	cop_close(b.store);
	return 0;
}
