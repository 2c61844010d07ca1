/*
 * cop-bench-recognition: libcop's recognition on SQLite against plain
 * SQLite doing the same row writes, and a leaderboard read at scale.
 *
 *   cop-bench-recognition [--votes N] [--members N] [--ledger N] [--dir DIR]
 *
 * 1. Votes.  A community with 200 members, each the author of a
 *    question; N up-votes (default 5000), each its own transaction, by
 *    members on others' questions, through cop_vote_cast(): the vote row,
 *    reads of the contribution, thread, membership, vote and standings,
 *    the score, ledger entries with the daily cap and the floor, the
 *    period totals (week, month, quarter, year, all), badge thresholds,
 *    the change log.  Against the floor: plain SQL keeping the same data
 *    in simple tables of its own (a fresh file, not libcop's schema),
 *    one transaction per vote: the vote, one ledger entry, the score,
 *    two standings, five totals (upserts by key), the log.  Target:
 *    libcop >= 0.7 of plain.
 *
 * 2. Leaderboard.  --members members (default 10000) and --ledger ledger
 *    entries (default 100000; the target scale is --members 100000
 *    --ledger 1000000) are loaded with plain SQL, rows as libcop writes
 *    them (ledger entries, and the totals the library maintains with
 *    them), then the all-time top-50 page and the page after it are read
 *    through cop_leader_iter_new() again and again.  Target: < 1 ms a page.
 *    (Each member has a standing and every period's total, as the
 *    library writes them.)
 *
 * 3. Hiding.  A thread of that community hidden, then shown again
 *    (cop_thread_set_flag()): each finds the members with ledger
 *    entries on the thread (a scan of the community's ledger) and
 *    recounts their points (docs/recognition.md, "Hidden content");
 *    the thread has none.  No target: measured.
 *
 * Benchmarks never fail a build: the exit status is 0 unless an
 * operation fails.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>
#include <cop/cop.h>

/* The bench loads and reads every row: it acts as the system. */
static const cop_open_options as_system = { COP_OPEN_OPTIONS_VERSION,
	COP_OPEN_SYSTEM, 0 };

#define AUTHORS 200
#define PAGE 50

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The process's CPU time: what the machine's load moves less. */
static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The CPU time of the last votes_lib() or votes_plain() run, a vote. */
static double cpu_per_vote;

static void die(cop_store *s, int rc, const char *what)
{
	fprintf(stderr, "bench-recognition: %s: %s (%s)\n", what,
		cop_strerror(rc), cop_errmsg(s));
	exit(1);
}

static void sq_die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "bench-recognition: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rng(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 2685821657736338717ULL;
}

/* ---- 1. votes ------------------------------------------------------------------ */

struct world {
	char member[AUTHORS][COP_ID_TEXT_LEN + 1];
	char post[AUTHORS][COP_ID_TEXT_LEN + 1];
	char community[COP_ID_TEXT_LEN + 1];
};

static cop_store *setup(const char *path, struct world *w)
{
	cop_store *s = NULL;
	cop_community *c = NULL;
	cop_member *m = NULL;
	cop_thread *t = NULL;
	cop_contribution_iter *it = NULL;
	cop_contribution *p = NULL;
	char h[32];
	int i, rc;

	unlink(path);
	if ((rc = cop_open(&s, path, &as_system)) != COP_OK)
		die(NULL, rc, "open");
	if ((rc = cop_batch_begin(s)) != COP_OK)
		die(s, rc, "batch");
	if ((rc = cop_community_create(&c, s, "bench", "Bench", NULL, "en",
			COP_VISIBILITY_PUBLIC)) != COP_OK)
		die(s, rc, "community");
	snprintf(w->community, sizeof(w->community), "%s", cop_community_id(c));
	cop_community_free(c);
	for (i = 0; i < AUTHORS; i++) {
		snprintf(h, sizeof(h), "m%03d", i);
		if ((rc = cop_member_create(&m, s, h, h, NULL, "en")) != COP_OK)
			die(s, rc, "member");
		snprintf(w->member[i], sizeof(w->member[i]), "%s", cop_member_id(m));
		cop_member_free(m);
		if ((rc = cop_community_join(NULL, s, "bench", w->member[i], 0))
				!= COP_OK)
			die(s, rc, "join");
	}
	for (i = 0; i < AUTHORS; i++) {
		cop_store_set_actor(s, w->member[i]);
		if ((rc = cop_thread_create(&t, s, "bench", COP_THREAD_QUESTION,
				"A question", NULL, NULL, "What do you think?")) != COP_OK)
			die(s, rc, "thread");
		if ((rc = cop_contribution_iter_new(&it, s, cop_thread_id(t), NULL))
				!= COP_OK || (rc = cop_contribution_iter_next(&p, it))
				!= COP_OK)
			die(s, rc, "post");
		snprintf(w->post[i], sizeof(w->post[i]), "%s",
			cop_contribution_id(p));
		cop_contribution_free(p);
		cop_contribution_iter_free(it);
		cop_thread_free(t);
	}
	cop_store_act_as_system(s);
	{
		/* The cap is checked on every vote but never reached, so that
		 * every vote writes its entry and totals, as the plain run does. */
		cop_recognition_config cfg;
		if ((rc = cop_recognition_config_lookup(&cfg, s, "bench")) != COP_OK)
			die(s, rc, "config");
		cfg.daily_cap = 1000000000;
		if ((rc = cop_recognition_config_set(s, "bench", &cfg)) != COP_OK)
			die(s, rc, "config");
	}
	if ((rc = cop_batch_commit(s)) != COP_OK)
		die(s, rc, "commit");
	return s;
}

/* Vote k of voter v: the (v + 1 + k)th author's question, never v's. */
static int target_of(int v, int k)
{
	return (v + 1 + k) % AUTHORS;
}

static double votes_lib(const char *path, int n)
{
	struct world w;
	cop_store *s = setup(path, &w);
	int per = (n + AUTHORS - 1) / AUTHORS, done = 0, v, k, rc;
	double t0 = now_s(), c0 = cpu_s(), dt;

	for (v = 0; v < AUTHORS && done < n; v++) {
		cop_store_set_actor(s, w.member[v]);
		for (k = 0; k < per && done < n; k++, done++)
			if ((rc = cop_vote_cast(s, w.post[target_of(v, k)], COP_VOTE_UP))
					!= COP_OK)
				die(s, rc, "vote");
	}
	dt = now_s() - t0;
	cpu_per_vote = (cpu_s() - c0) / n;
	cop_close(s);
	return n / dt;
}

static void id_parse(unsigned char *out, const char *text)
{
	cop_id id;

	cop_id_parse(&id, text);
	memcpy(out, id.bytes, 16);
}

static void new_id(unsigned char *out)
{
	uint64_t a = rng(), b = rng();

	memcpy(out, &a, 8);
	memcpy(out + 8, &b, 8);
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)
			!= SQLITE_OK)
		sq_die(db, sql);
	return st;
}

static void step(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		sq_die(db, "step");
	sqlite3_reset(st);
}

/*
 * The floor: what plain SQL costs to keep the same data in tables of its
 * own, as a small application would write them, not a replay of
 * libcop's schema.  A fresh file; the members, the community and the
 * 200 questions loaded before the clock starts.  Each vote one
 * transaction: the vote (unique per post and voter), the author's
 * ledger entry, the post's score, the author's and the voter's
 * standing, the author's total in each of the five periods (an upsert
 * by key, with an index for the leaderboard's order), the log line.
 */
static const char plain_schema[] =
	"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	"CREATE TABLE member (id BLOB PRIMARY KEY, handle TEXT NOT NULL UNIQUE);"
	"CREATE TABLE post (id BLOB PRIMARY KEY, community BLOB NOT NULL, "
	"author BLOB NOT NULL, score INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE vote (id BLOB PRIMARY KEY, community BLOB NOT NULL, "
	"post BLOB NOT NULL, voter BLOB NOT NULL, author BLOB NOT NULL, "
	"kind INTEGER NOT NULL, created INTEGER NOT NULL, UNIQUE (post, voter));"
	"CREATE TABLE ledger (id BLOB PRIMARY KEY, community BLOB NOT NULL, "
	"member BLOB NOT NULL, points INTEGER NOT NULL, object BLOB, "
	"actor BLOB, time INTEGER NOT NULL);"
	"CREATE INDEX ledger_member ON ledger (community, member, time);"
	"CREATE TABLE standing (community BLOB NOT NULL, member BLOB NOT NULL, "
	"reputation INTEGER NOT NULL, likes_received INTEGER NOT NULL, "
	"PRIMARY KEY (community, member)) WITHOUT ROWID;"
	"CREATE TABLE total (community BLOB NOT NULL, period INTEGER NOT NULL, "
	"pstart INTEGER NOT NULL, member BLOB NOT NULL, points INTEGER NOT "
	"NULL, PRIMARY KEY (community, period, pstart, member)) WITHOUT ROWID;"
	"CREATE INDEX total_rank ON total (community, period, pstart, points);"
	"CREATE TABLE log (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, "
	"actor BLOB, op TEXT NOT NULL, object BLOB, community BLOB);";

static double votes_plain(const char *path, int n)
{
	sqlite3 *db;
	sqlite3_stmt *begin, *commit, *vote, *ledger, *score, *standing, *total,
		*logi, *st;
	unsigned char comm[16], member[AUTHORS][16], post[AUTHORS][16];
	unsigned char vid[16], lid[16];
	int per = (n + AUTHORS - 1) / AUTHORS, done = 0, v, k, p;
	int64_t t = 1700000000000LL;
	char h[32];
	double t0, c0, dt;

	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, plain_schema, NULL, NULL, NULL) != SQLITE_OK)
		sq_die(db, "schema");
	begin = prep(db, "BEGIN IMMEDIATE");
	commit = prep(db, "COMMIT");
	/* The world, as setup() makes it for libcop: not timed. */
	new_id(comm);
	step(db, begin);
	for (v = 0; v < AUTHORS; v++) {
		snprintf(h, sizeof(h), "m%03d", v);
		new_id(member[v]);
		new_id(post[v]);
		st = prep(db, "INSERT INTO member (id, handle) VALUES (?1, ?2)");
		sqlite3_bind_blob(st, 1, member[v], 16, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, h, -1, SQLITE_STATIC);
		step(db, st);
		sqlite3_finalize(st);
		st = prep(db, "INSERT INTO post (id, community, author) VALUES "
			"(?1, ?2, ?3)");
		sqlite3_bind_blob(st, 1, post[v], 16, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, comm, 16, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, member[v], 16, SQLITE_STATIC);
		step(db, st);
		sqlite3_finalize(st);
	}
	step(db, commit);
	vote = prep(db, "INSERT INTO vote (id, community, post, voter, author, "
		"kind, created) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)");
	ledger = prep(db, "INSERT INTO ledger (id, community, member, points, "
		"object, actor, time) VALUES (?1, ?2, ?3, 10, ?4, ?5, ?6)");
	score = prep(db, "UPDATE post SET score = score + 1 WHERE id = ?1");
	standing = prep(db, "INSERT INTO standing (community, member, "
		"reputation, likes_received) VALUES (?1, ?2, ?3, ?4) "
		"ON CONFLICT (community, member) DO UPDATE SET reputation = "
		"reputation + excluded.reputation, likes_received = "
		"likes_received + excluded.likes_received");
	total = prep(db, "INSERT INTO total (community, period, pstart, member, "
		"points) VALUES (?1, ?2, ?3, ?4, 10) ON CONFLICT (community, "
		"period, pstart, member) DO UPDATE SET points = points + 10");
	logi = prep(db, "INSERT INTO log (time, actor, op, object, community) "
		"VALUES (?1, ?2, 'vote.cast', ?3, ?4)");
	t0 = now_s();
	c0 = cpu_s();
	for (v = 0; v < AUTHORS && done < n; v++) {
		for (k = 0; k < per && done < n; k++, done++) {
			int a = target_of(v, k);
			new_id(vid);
			new_id(lid);
			step(db, begin);
			sqlite3_bind_blob(vote, 1, vid, 16, SQLITE_STATIC);
			sqlite3_bind_blob(vote, 2, comm, 16, SQLITE_STATIC);
			sqlite3_bind_blob(vote, 3, post[a], 16, SQLITE_STATIC);
			sqlite3_bind_blob(vote, 4, member[v], 16, SQLITE_STATIC);
			sqlite3_bind_blob(vote, 5, member[a], 16, SQLITE_STATIC);
			sqlite3_bind_int64(vote, 6, t);
			step(db, vote);
			sqlite3_bind_blob(ledger, 1, lid, 16, SQLITE_STATIC);
			sqlite3_bind_blob(ledger, 2, comm, 16, SQLITE_STATIC);
			sqlite3_bind_blob(ledger, 3, member[a], 16, SQLITE_STATIC);
			sqlite3_bind_blob(ledger, 4, vid, 16, SQLITE_STATIC);
			sqlite3_bind_blob(ledger, 5, member[v], 16, SQLITE_STATIC);
			sqlite3_bind_int64(ledger, 6, t);
			step(db, ledger);
			sqlite3_bind_blob(score, 1, post[a], 16, SQLITE_STATIC);
			step(db, score);
			sqlite3_bind_blob(standing, 1, comm, 16, SQLITE_STATIC);
			sqlite3_bind_blob(standing, 2, member[a], 16, SQLITE_STATIC);
			sqlite3_bind_int64(standing, 3, 10);
			sqlite3_bind_int64(standing, 4, 1);
			step(db, standing);
			sqlite3_bind_blob(standing, 2, member[v], 16, SQLITE_STATIC);
			sqlite3_bind_int64(standing, 3, 0);
			sqlite3_bind_int64(standing, 4, 0);
			step(db, standing);
			for (p = 0; p <= COP_PERIOD_ALL; p++) {
				sqlite3_bind_blob(total, 1, comm, 16, SQLITE_STATIC);
				sqlite3_bind_int(total, 2, p);
				sqlite3_bind_int64(total, 3, cop_period_start((cop_period)p, t));
				sqlite3_bind_blob(total, 4, member[a], 16, SQLITE_STATIC);
				step(db, total);
			}
			sqlite3_bind_int64(logi, 1, t);
			sqlite3_bind_blob(logi, 2, member[v], 16, SQLITE_STATIC);
			sqlite3_bind_blob(logi, 3, vid, 16, SQLITE_STATIC);
			sqlite3_bind_blob(logi, 4, comm, 16, SQLITE_STATIC);
			step(db, logi);
			step(db, commit);
		}
	}
	dt = now_s() - t0;
	cpu_per_vote = (cpu_s() - c0) / n;
	sqlite3_finalize(begin);
	sqlite3_finalize(commit);
	sqlite3_finalize(vote);
	sqlite3_finalize(ledger);
	sqlite3_finalize(score);
	sqlite3_finalize(standing);
	sqlite3_finalize(total);
	sqlite3_finalize(logi);
	sqlite3_close(db);
	return n / dt;
}

/* ---- 2. leaderboard -------------------------------------------------------------- */

/* 3. Hiding: a thread of the board's community hidden, then shown
 * again, each a transaction that recounts the points of the members
 * with entries on it (docs/recognition.md, "Hidden content"): the two
 * times in hide[0] and hide[1], in ms. */
static void hide_ms(cop_store *s, double hide[2])
{
	cop_thread *th = NULL;
	char id[COP_ID_TEXT_LEN + 1];
	double t0;
	int rc, on;

	if ((rc = cop_thread_create(&th, s, "board", COP_THREAD_DISCUSSION,
			"Hidden soon", NULL, NULL, "Nothing to see.")) != COP_OK)
		die(s, rc, "thread");
	snprintf(id, sizeof(id), "%s", cop_thread_id(th));
	cop_thread_free(th);
	for (on = 1; on >= 0; on--) {
		t0 = now_s();
		if ((rc = cop_thread_set_flag(s, id, COP_THREAD_FLAG_HIDDEN,
				on)) != COP_OK)
			die(s, rc, "hide");
		hide[1 - on] = (now_s() - t0) * 1000.0;
	}
}

static double board(const char *path, int members, int entries, int64_t *top,
	double hide[2])
{
	cop_store *s = NULL;
	cop_community *c = NULL;
	sqlite3 *db;
	sqlite3_stmt *mem, *led, *tot, *std;
	unsigned char comm[16], (*ids)[16], lid[16];
	int64_t *pts, t = 1700000000000LL, best = 0;
	cop_page page = COP_PAGE_INIT;
	char h[32], *cursor = NULL;
	int i, p, rc, reps = 200, r;
	double t0, dt;

	unlink(path);
	if ((rc = cop_open(&s, path, &as_system)) != COP_OK)
		die(NULL, rc, "open");
	if ((rc = cop_community_create(&c, s, "board", "Board", NULL, "en",
			COP_VISIBILITY_PUBLIC)) != COP_OK)
		die(s, rc, "community");
	id_parse(comm, cop_community_id(c));
	cop_community_free(c);
	cop_close(s);

	ids = malloc((size_t)members * 16);
	pts = calloc((size_t)members, sizeof(*pts));
	if (!ids || !pts)
		exit(1);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		sq_die(db, "open");
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
		"BEGIN", NULL, NULL, NULL);
	mem = prep(db, "INSERT INTO cop_member (id, handle, handle_lower, "
		"display_name, status, created) VALUES (?1, ?2, ?2, ?2, 0, ?3)");
	led = prep(db, "INSERT INTO cop_ledger (id, community_id, member_id, "
		"points, nominal, reason, object_id, actor_id, time, tags) "
		"VALUES (?1, ?2, ?3, ?4, ?4, 0, NULL, NULL, ?5, '')");
	tot = prep(db, "INSERT INTO cop_rep_total (community_id, period, pstart, "
		"tag, member_id, points) VALUES (?1, ?4, ?5, '', ?2, ?3)");
	/* Standings too, as the library writes them with the ledger (a
	 * recount reads the members who have one). */
	std = prep(db, "INSERT INTO cop_standing (community_id, member_id, "
		"reputation, cap_day, cap_used, trust, trust_manual, days_active, "
		"last_day, posts, likes_given, likes_received, kudos_received, "
		"accepted, posts_read) VALUES (?1, ?2, ?3, 0, 0, 0, 0, 0, -1, 0, 0, "
		"0, 0, 0, 0)");
	for (i = 0; i < members; i++) {
		new_id(ids[i]);
		snprintf(h, sizeof(h), "u%07d", i);
		sqlite3_bind_blob(mem, 1, ids[i], 16, SQLITE_STATIC);
		sqlite3_bind_text(mem, 2, h, -1, SQLITE_STATIC);
		sqlite3_bind_int64(mem, 3, t);
		step(db, mem);
	}
	for (i = 0; i < entries; i++) {
		int m = (int)(rng() % (uint64_t)members);
		int pt = (rng() % 10) ? 10 : -2;
		new_id(lid);
		pts[m] += pt;
		sqlite3_bind_blob(led, 1, lid, 16, SQLITE_STATIC);
		sqlite3_bind_blob(led, 2, comm, 16, SQLITE_STATIC);
		sqlite3_bind_blob(led, 3, ids[m], 16, SQLITE_STATIC);
		sqlite3_bind_int(led, 4, pt);
		sqlite3_bind_int64(led, 5, t + i);
		step(db, led);
	}
	for (i = 0; i < members; i++) {
		if (pts[i] > best)
			best = pts[i];
		/* Every period's total (the entries all fall in one of each). */
		for (p = 0; p <= COP_PERIOD_ALL; p++) {
			sqlite3_bind_blob(tot, 1, comm, 16, SQLITE_STATIC);
			sqlite3_bind_blob(tot, 2, ids[i], 16, SQLITE_STATIC);
			sqlite3_bind_int64(tot, 3, pts[i]);
			sqlite3_bind_int(tot, 4, p);
			sqlite3_bind_int64(tot, 5, cop_period_start((cop_period)p, t));
			step(db, tot);
		}
		sqlite3_bind_blob(std, 1, comm, 16, SQLITE_STATIC);
		sqlite3_bind_blob(std, 2, ids[i], 16, SQLITE_STATIC);
		sqlite3_bind_int64(std, 3, 1 + pts[i]);
		step(db, std);
	}
	sqlite3_finalize(mem);
	sqlite3_finalize(led);
	sqlite3_finalize(tot);
	sqlite3_finalize(std);
	if (sqlite3_exec(db, "COMMIT; ANALYZE", NULL, NULL, NULL) != SQLITE_OK)
		sq_die(db, "commit");
	sqlite3_close(db);

	if ((rc = cop_open(&s, path, &as_system)) != COP_OK)
		die(NULL, rc, "open");
	page.limit = PAGE;
	*top = 0;
	t0 = now_s();
	for (r = 0; r < reps; r++) {
		cop_leader_iter *it = NULL;
		cop_leader *l = NULL;
		int n = 0;
		/* Odd reads take the second page. */
		page.after = (r & 1) ? cursor : NULL;
		if ((rc = cop_leader_iter_new(&it, s, "board", NULL, COP_PERIOD_ALL,
				0, &page)) != COP_OK)
			die(s, rc, "leaderboard");
		while ((rc = cop_leader_iter_next(&l, it)) == COP_OK) {
			if (n++ == 0 && r == 0)
				*top = cop_leader_points(l);
			cop_leader_free(l);
		}
		if (rc != COP_ITEROVER || n != (members < PAGE ? members : PAGE))
			die(s, rc, "leaderboard page");
		if (r == 0) {
			cursor = strdup(cop_leader_iter_cursor(it));
		}
		cop_leader_iter_free(it);
	}
	dt = now_s() - t0;
	free(cursor);
	hide_ms(s, hide);
	cop_close(s);
	free(ids);
	free(pts);
	if (*top != best)
		fprintf(stderr, "bench-recognition: top %lld, expected %lld\n",
			(long long)*top, (long long)best);
	return dt / reps * 1000.0;
}

int main(int argc, char **argv)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	int votes = 5000, members = 10000, entries = 100000, i;
	char a[512], b[512], c[512];
	double lib, lib_cpu, plain, ms, hide[2];
	int64_t top;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--votes") && i + 1 < argc)
			votes = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--members") && i + 1 < argc)
			members = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--ledger") && i + 1 < argc)
			entries = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else {
			fprintf(stderr, "usage: %s [--votes N] [--members N] "
				"[--ledger N] [--dir DIR]\n", argv[0]);
			return 2;
		}
	}
	if (votes < 1 || votes > AUTHORS * (AUTHORS - 1) || members < 1 ||
	    entries < 0) {
		fprintf(stderr, "bench-recognition: --votes 1-%d, --members >= 1\n",
			AUTHORS * (AUTHORS - 1));
		return 2;
	}
	snprintf(a, sizeof(a), "%s/cop-bench-rec-lib.db", dir);
	snprintf(b, sizeof(b), "%s/cop-bench-rec-plain.db", dir);
	snprintf(c, sizeof(c), "%s/cop-bench-rec-board.db", dir);

	lib = votes_lib(a, votes);
	lib_cpu = cpu_per_vote;
	plain = votes_plain(b, votes);
	printf("votes: %d single-vote transactions\n", votes);
	printf("  libcop  %10.0f votes/s, %.1f us of CPU a vote\n", lib,
		lib_cpu * 1e6);
	printf("  plain   %10.0f votes/s, %.1f us of CPU a vote (the floor: the "
		"same data in its own simple tables)\n", plain,
		cpu_per_vote * 1e6);
	printf("  ratio   %10.2f  %s (target >= 0.70); in CPU time %.2f\n",
		lib / plain, lib / plain >= 0.7 ? "PASS" : "MISS",
		cpu_per_vote / lib_cpu);

	ms = board(c, members, entries, &top, hide);
	printf("leaderboard: %d members, %d ledger entries, top-%d pages\n",
		members, entries, PAGE);
	printf("  page    %10.3f ms  %s (target < 1 ms)\n", ms,
		ms < 1.0 ? "PASS" : "MISS");
	printf("hiding a thread there (its members' points recounted)\n");
	printf("  hide    %10.1f ms\n  show    %10.1f ms\n", hide[0], hide[1]);
	unlink(a);
	unlink(b);
	unlink(c);
	for (i = 0; i < 3; i++) {
		char x[600];
		const char *base = i == 0 ? a : i == 1 ? b : c;
		snprintf(x, sizeof(x), "%s-wal", base);
		unlink(x);
		snprintf(x, sizeof(x), "%s-shm", base);
		unlink(x);
	}
	return 0;
}
