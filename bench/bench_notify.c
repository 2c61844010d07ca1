/*
 * cop-bench-notify: notifications on SQLite, libcop against plain SQLite
 * reading and writing the same rows in the same run.
 *
 *   cop-bench-notify --db FILE [--dir DIR] [--feed N] [--reads N]
 *                    [--replies N] [--followers N]
 *
 * --db is a libcop database made by cop-bench (--keep), which is copied
 * into DIR (default $TMPDIR, else /tmp) and worked on there; the copy is
 * removed at the end.
 *
 * 1. A feed page.  A member of the busiest community gets --feed
 *    notifications (default 100000), one per contribution of that
 *    community, written with plain SQL as libcop writes them.  Then
 *    (a) the first page (limit 50) --reads times (default 1000), and
 *    (b) the whole feed page after page, through
 *    cop_notification_iter_*() acting as the member (the visibility rule
 *    joined in: community, thread, contribution), against one plain
 *    SELECT ... WHERE member_id = ? ORDER BY id DESC
 *    LIMIT 50 with the keyset bound of the last row, every column read.
 *    Target: < 20 ms a page, at most 1.5 times plain.
 *
 * 2. Replies that notify --followers followers (default 100).  The
 *    followers watch the community (cop_follow_set()); a member replies
 *    --replies times (default 300) in their own thread, each reply its own
 *    transaction through cop_contribution_create() (the reply, the thread,
 *    the log, the standing, and the notifications: one INSERT ... SELECT
 *    from the follows).  Plain SQL writes the reply row and the 100
 *    notification rows (INSERT ... SELECT from the follows) per
 *    transaction.  Target: libcop >= 0.8 of plain.  For scale, libcop's
 *    replies in a community nobody follows are timed too.
 *
 * Each figure is the best of three rounds that alternate libcop and
 * plain.  Benchmarks never fail a build: the exit status is 0 unless an
 * operation fails.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "benchutil.h"

#define PAGE 50
#define ROUNDS 3
#define CACHE_KIB 16384         /* libcop's SQLite page cache (sq.h) */

static const char body[] =
	"Thanks for the pointers.  We tried the same approach in our "
	"district last season and the farmers' groups kept meeting after "
	"the project ended; the radio programme helped more than the "
	"leaflets did.  I will share the notes from our last meeting.";

static struct opts {
	const char *db, *dir;
	long feed, reads, replies, followers;
} o = { NULL, NULL, 100000, 1000, 300, 100 };

/* A time-ordered 16-byte id as libcop makes them (version 7 layout:
 * the time in ms, then a counter where libcop has random bits). */
static void id_new(unsigned char id[16], int64_t ms)
{
	static uint64_t seq = 0x5eed;
	int i;

	seq++;
	for (i = 0; i < 6; i++)
		id[i] = (unsigned char)(ms >> (40 - 8 * i));
	for (i = 6; i < 16; i++)
		id[i] = (unsigned char)(seq >> (8 * (15 - i) % 64));
	id[6] = (unsigned char)(0x70 | (id[6] & 0x0f));
	id[8] = (unsigned char)(0x80 | (id[8] & 0x3f));
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	static char buf[1 << 20];
	size_t n;

	if (!in)
		return;
	if (!(out = fopen(to, "wb")))
		bu_die(to, "cannot write");
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			bu_die(to, "short write");
	fclose(in);
	if (fclose(out) != 0)
		bu_die(to, "cannot write");
}

/* The text of a 16-byte id column. */
static void id_text(sqlite3_stmt *st, int col, char *out)
{
	cop_id id;

	if (sqlite3_column_bytes(st, col) != 16)
		bu_die("an id", "not 16 bytes");
	memcpy(id.bytes, sqlite3_column_blob(st, col), 16);
	cop_id_format(out, &id);
}

/* The picks: the busiest community, a reader, an author, followers. */
struct picks {
	unsigned char community[16], reader[16], author[16];
	char community_t[COP_ID_TEXT_LEN + 1], reader_t[COP_ID_TEXT_LEN + 1];
	char author_t[COP_ID_TEXT_LEN + 1], slug[80];
	char (*follower_t)[COP_ID_TEXT_LEN + 1];
	long nfollowers;
};

static void id_bytes(unsigned char *out, const char *text)
{
	cop_id id;

	if (cop_id_parse(&id, text) != COP_OK)
		bu_die(text, "not an id");
	memcpy(out, id.bytes, 16);
}

/* Up to @p max members (active, above observer) of the busiest
 * community, their ids into @p out.  How many. */
static long members_of(sqlite3 *db, const struct picks *p,
	char (*out)[COP_ID_TEXT_LEN + 1], long max)
{
	sqlite3_stmt *st = bu_prep(db, "SELECT member_id FROM cop_membership "
		"WHERE community_id = ?1 AND status = 0 AND role >= 1 "
		"ORDER BY member_id LIMIT ?2");
	long n = 0;

	bu_bind_id(st, 1, p->community);
	sqlite3_bind_int64(st, 2, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		id_text(st, 0, out[n++]);
	sqlite3_finalize(st);
	return n;
}

static void pick(sqlite3 *db, struct picks *p)
{
	sqlite3_stmt *st;
	long n;

	st = bu_prep(db, "SELECT c.id, c.slug FROM cop_community c "
		"ORDER BY (SELECT count(*) FROM cop_thread t "
		"WHERE t.community_id = c.id) DESC LIMIT 1");
	if (sqlite3_step(st) != SQLITE_ROW)
		bu_die("--db", "no community (a cop-bench database?)");
	memcpy(p->community, sqlite3_column_blob(st, 0), 16);
	id_text(st, 0, p->community_t);
	snprintf(p->slug, sizeof(p->slug), "%s",
		(const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	/* The author, the reader, then the followers. */
	p->follower_t = calloc((size_t)o.followers + 2, sizeof(*p->follower_t));
	n = members_of(db, p, p->follower_t, o.followers + 2);
	if (n < o.followers + 2)
		bu_die("--followers", "more than the community's members");
	snprintf(p->author_t, sizeof(p->author_t), "%s", p->follower_t[0]);
	snprintf(p->reader_t, sizeof(p->reader_t), "%s", p->follower_t[1]);
	id_bytes(p->author, p->author_t);
	id_bytes(p->reader, p->reader_t);
	p->nfollowers = n - 2;
	memmove(p->follower_t, p->follower_t + 2,
		(size_t)p->nfollowers * sizeof(*p->follower_t));
}

/* ---- 1. a feed page ------------------------------------------------------------ */

/* The reader's feed: one notification per contribution of the
 * community, up to --feed, as libcop writes them. */
static long feed_fill(sqlite3 *db, const struct picks *p)
{
	sqlite3_stmt *st;
	long n;

	bu_exec(db, "BEGIN");
	st = bu_prep(db, "INSERT INTO cop_notification (member_id, id, kind, "
		"community_id, thread_id, contribution_id, object_id, actor_id, "
		"created, read_at) SELECT ?1, c.id, 1, c.community_id, "
		"c.thread_id, c.id, NULL, c.author_id, c.created, 0 "
		"FROM cop_contribution c WHERE c.community_id = ?2 "
		"AND (c.author_id IS NULL OR c.author_id <> ?1) LIMIT ?3");
	bu_bind_id(st, 1, p->reader);
	bu_bind_id(st, 2, p->community);
	sqlite3_bind_int64(st, 3, o.feed);
	bu_run(st);
	n = sqlite3_changes(db);
	sqlite3_finalize(st);
	bu_exec(db, "COMMIT");
	return n;
}

/* libcop: @p pages pages from the top (0: all), as the reader; the rows
 * read into *rows. */
static double feed_libcop(cop_store *s, long pages, long *rows)
{
	char cursor[160] = "";
	double t0 = bu_now_s();
	long k;

	*rows = 0;
	for (k = 0; pages == 0 || k < pages; k++) {
		cop_page page = COP_PAGE_INIT;
		cop_notification_iter *it = NULL;
		cop_notification *x = NULL;
		long got = 0;
		int rc;

		page.limit = PAGE;
		page.after = cursor[0] ? cursor : NULL;
		bu_lc_check(s, cop_notification_iter_new(&it, s, NULL, 0, &page),
			"feed");
		while ((rc = cop_notification_iter_next(&x, it)) == COP_OK) {
			got++;
			cop_notification_free(x);
		}
		if (rc != COP_ITEROVER)
			bu_lc_check(s, rc, "feed page");
		if (got)
			snprintf(cursor, sizeof(cursor), "%s",
				cop_notification_iter_cursor(it));
		cop_notification_iter_free(it);
		*rows += got;
		if (got < PAGE)
			break;
		if (pages == 1)
			cursor[0] = '\0';
	}
	return bu_now_s() - t0;
}

/* Plain SQL, the same pages. */
static double feed_plain(sqlite3_stmt *st, const struct picks *p, long pages,
	long *rows)
{
	unsigned char after[16];
	double t0 = bu_now_s();
	long k;
	int i;

	memset(after, 0xff, sizeof(after));
	*rows = 0;
	for (k = 0; pages == 0 || k < pages; k++) {
		long got = 0;

		bu_bind_id(st, 1, p->reader);
		sqlite3_bind_blob(st, 2, after, 16, SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < 10; i++)
				(void)(sqlite3_column_type(st, i) == SQLITE_BLOB ?
					sqlite3_column_blob(st, i) : NULL);
			if (pages != 1)
				memcpy(after, sqlite3_column_blob(st, 1), 16);
			got++;
		}
		sqlite3_reset(st);
		*rows += got;
		if (got < PAGE)
			break;
	}
	return bu_now_s() - t0;
}

static void bench_feed(cop_store *s, sqlite3 *db, const struct picks *p)
{
	sqlite3_stmt *st = bu_prep(db, "SELECT member_id, id, kind, "
		"community_id, thread_id, contribution_id, object_id, actor_id, "
		"created, read_at FROM cop_notification WHERE member_id = ?1 AND "
		"id < ?2 ORDER BY id DESC LIMIT 50");
	double best[4] = { 1e9, 1e9, 1e9, 1e9 }, t;
	long n = feed_fill(db, p), rows[4], pages;
	int r;

	bu_lc_check(s, cop_store_set_actor(s, p->reader_t), "actor");
	pages = (n + PAGE - 1) / PAGE;
	for (r = 0; r < ROUNDS; r++) {
		long k;
		double a = 0, b = 0;

		for (k = 0; k < o.reads; k++) {
			a += feed_libcop(s, 1, &rows[0]);
			b += feed_plain(st, p, 1, &rows[1]);
		}
		if (a < best[0]) best[0] = a;
		if (b < best[1]) best[1] = b;
		if ((t = feed_libcop(s, 0, &rows[2])) < best[2]) best[2] = t;
		if ((t = feed_plain(st, p, 0, &rows[3])) < best[3]) best[3] = t;
	}
	sqlite3_finalize(st);
	if (rows[0] != rows[1] || rows[2] != rows[3] || rows[2] != n)
		fprintf(stderr, "cop-bench-notify: warning: libcop read %ld and "
			"%ld rows, plain %ld and %ld (feed %ld)\n", rows[0], rows[2],
			rows[1], rows[3], n);
	printf("1. feed page (limit %d), a feed of %ld notifications\n", PAGE, n);
	printf("   %-28s %10s %10s %7s\n", "", "libcop ms", "plain ms", "ratio");
	printf("   %-28s %10.3f %10.3f %7.2f\n", "first page",
		best[0] * 1e3 / (double)o.reads, best[1] * 1e3 / (double)o.reads,
		best[0] / best[1]);
	printf("   %-28s %10.3f %10.3f %7.2f   (%ld pages)\n",
		"every page, top to bottom", best[2] * 1e3 / (double)pages,
		best[3] * 1e3 / (double)pages, best[2] / best[3], pages);
	printf("   target: < 20 ms a page, ratio <= 1.5\n\n");
}

/* ---- 2. replies that notify followers ----------------------------------------- */

/* A thread by the author in @p slug, as libcop makes it. */
static void thread_new(cop_store *s, const struct picks *p, const char *slug,
	char *out)
{
	cop_thread *t = NULL;

	bu_lc_check(s, cop_store_set_actor(s, p->author_t), "actor");
	bu_lc_check(s, cop_thread_create(&t, s, slug, COP_THREAD_DISCUSSION,
		"Notification bench", NULL, NULL, body), "thread");
	snprintf(out, COP_ID_TEXT_LEN + 1, "%s", cop_thread_id(t));
	cop_thread_free(t);
}

static double replies_libcop(cop_store *s, const char *thread, long n)
{
	double t0 = bu_now_s();
	long i;

	for (i = 0; i < n; i++)
		bu_lc_check(s, cop_contribution_create(NULL, s, thread,
			COP_CONTRIB_REPLY, NULL, NULL, NULL, body), "reply");
	return bu_now_s() - t0;
}

struct plain_w {
	sqlite3 *db;
	sqlite3_stmt *begin, *commit, *reply, *fan;
	int64_t fid;
};

static double replies_plain(struct plain_w *w, const struct picks *p,
	const unsigned char *thread, long n)
{
	double t0 = bu_now_s();
	unsigned char id[16];
	long i;

	for (i = 0; i < n; i++) {
		int64_t now = bu_wall_ms();

		id_new(id, now);
		bu_run(w->begin);
		sqlite3_bind_int64(w->reply, 1, w->fid);
		bu_bind_id(w->reply, 2, id);
		bu_bind_id(w->reply, 3, p->community);
		bu_bind_id(w->reply, 4, thread);
		bu_bind_id(w->reply, 5, p->author);
		sqlite3_bind_int64(w->reply, 6, now);
		bu_bind_text(w->reply, 7, body);
		bu_run(w->reply);
		bu_bind_id(w->fan, 1, id);
		bu_bind_id(w->fan, 2, p->community);
		bu_bind_id(w->fan, 3, thread);
		bu_bind_id(w->fan, 4, p->author);
		sqlite3_bind_int64(w->fan, 5, now);
		bu_run(w->fan);
		if (sqlite3_changes(w->db) != o.followers)
			bu_die("plain fan-out", "not one row per follower");
		bu_run(w->commit);
	}
	return bu_now_s() - t0;
}

static void bench_replies(cop_store *s, sqlite3 *db, const struct picks *p)
{
	char thread[COP_ID_TEXT_LEN + 1], quiet[COP_ID_TEXT_LEN + 1];
	struct plain_w w = { db, NULL, NULL, NULL, NULL, 0 };
	double best[3] = { 1e9, 1e9, 1e9 }, cpu[3] = { 1e9, 1e9, 1e9 }, t, c;
	cop_id tid;
	sqlite3_stmt *st;
	long i, notes;
	int r;

	for (i = 0; i < o.followers; i++) {
		bu_lc_check(s, cop_store_set_actor(s, p->follower_t[i]), "actor");
		bu_lc_check(s, cop_follow_set(s, COP_FOLLOW_COMMUNITY, p->slug,
			NULL, COP_FOLLOW_WATCHING), "follow");
	}
	/* A community nobody follows, the author in it. */
	bu_lc_check(s, cop_store_act_as_system(s), "actor");
	bu_lc_check(s, cop_community_create(NULL, s, "bench-notify-quiet",
		"Quiet", NULL, "en", COP_VISIBILITY_PUBLIC), "community");
	bu_lc_check(s, cop_community_join(NULL, s, "bench-notify-quiet",
		p->author_t, 0), "join");
	thread_new(s, p, p->slug, thread);
	thread_new(s, p, "bench-notify-quiet", quiet);
	cop_id_parse(&tid, thread);
	w.fid = 1;
	w.begin = bu_prep(db, "BEGIN IMMEDIATE");
	w.commit = bu_prep(db, "COMMIT");
	/* The full-text id as libcop's SQLite backend makes it (layout.h). */
	w.reply = bu_prep(db, "INSERT INTO cop_contribution (rid, fid, id, "
		"community_id, thread_id, author_id, kind, reply_to, "
		"translation_of, language, format, created, edited, revision, "
		"score, body) VALUES (NULL, coalesce((SELECT max(fid) FROM "
		"cop_contribution), 0) + ?1, ?2, ?3, ?4, ?5, 1, NULL, NULL, "
		"'en', 0, ?6, 0, 1, 0, ?7)");
	w.fan = bu_prep(db, "INSERT INTO cop_notification (member_id, id, "
		"kind, community_id, thread_id, contribution_id, object_id, "
		"actor_id, created, read_at) SELECT f.member_id, ?1, 1, ?2, ?3, "
		"?1, NULL, ?4, ?5, 0 FROM cop_follow f WHERE f.target_id = ?2 "
		"AND f.kind = 0 AND f.member_id <> ?4");
	bu_lc_check(s, cop_store_set_actor(s, p->author_t), "actor");
	for (r = 0; r < ROUNDS; r++) {
		int k;

		for (k = 0; k < 3; k++) {
			c = bu_cpu_s();
			t = k == 1 ? replies_plain(&w, p, tid.bytes, o.replies) :
				replies_libcop(s, k ? quiet : thread, o.replies);
			c = bu_cpu_s() - c;
			if (t < best[k])
				best[k] = t;
			if (c < cpu[k])
				cpu[k] = c;
		}
	}
	sqlite3_finalize(w.begin);
	sqlite3_finalize(w.commit);
	sqlite3_finalize(w.reply);
	sqlite3_finalize(w.fan);
	st = bu_prep(db, "SELECT count(*) FROM cop_notification "
		"WHERE thread_id = ?1");
	bu_bind_id(st, 1, tid.bytes);
	notes = bu_run(st);
	sqlite3_finalize(st);
	/* The thread's first post, then each reply of both sides. */
	if (notes != (2L * ROUNDS * o.replies + 1) * o.followers)
		fprintf(stderr, "cop-bench-notify: warning: %ld notifications in "
			"the thread, not %ld\n", notes,
			(2L * ROUNDS * o.replies + 1) * o.followers);
	printf("2. replies notifying %ld followers, %ld a round, each its own "
		"transaction\n", o.followers, o.replies);
	printf("   %-28s %10s %10s %7s\n", "", "libcop/s", "plain/s", "ratio");
	printf("   %-28s %10.0f %10.0f %7.2f\n", "replies",
		(double)o.replies / best[0], (double)o.replies / best[1],
		best[1] / best[0]);
	printf("   %-28s %10.0f %10.0f %7.2f\n", "replies, CPU time only",
		(double)o.replies / cpu[0], (double)o.replies / cpu[1],
		cpu[1] / cpu[0]);
	printf("   %-28s %10.0f\n", "libcop, nobody following",
		(double)o.replies / best[2]);
	printf("   target: ratio >= 0.8\n");
}

/* The copy, removed at exit also when an operation fails (bu_die()). */
static char copy_path[4096];

static void copy_remove(void)
{
	if (copy_path[0])
		bu_remove_db(copy_path);
}

static void usage(void)
{
	fprintf(stderr, "usage: cop-bench-notify --db FILE [--dir DIR] "
		"[--feed N] [--reads N] [--replies N] [--followers N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	char path[4096], from[4200], to[4200];
	struct picks p;
	cop_store *s = NULL;
	sqlite3 *db;
	int i;

	bu_set_prog("cop-bench-notify");
	for (i = 1; i < argc; i++) {
		long *num = !strcmp(argv[i], "--feed") ? &o.feed :
			!strcmp(argv[i], "--reads") ? &o.reads :
			!strcmp(argv[i], "--replies") ? &o.replies :
			!strcmp(argv[i], "--followers") ? &o.followers : NULL;
		if (i + 1 >= argc)
			usage();
		if (num) {
			if ((*num = strtol(argv[++i], NULL, 10)) < 1)
				usage();
		} else if (!strcmp(argv[i], "--db")) {
			o.db = argv[++i];
		} else if (!strcmp(argv[i], "--dir")) {
			o.dir = argv[++i];
		} else {
			usage();
		}
	}
	if (!o.db)
		usage();
	if (!o.dir)
		o.dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(path, sizeof(path), "%s/cop-bench-notify-%ld.db", o.dir,
		(long)getpid());
	snprintf(copy_path, sizeof(copy_path), "%s", path);
	atexit(copy_remove);
	copy_file(o.db, path);
	snprintf(from, sizeof(from), "%s-wal", o.db);
	snprintf(to, sizeof(to), "%s-wal", path);
	copy_file(from, to);
	printf("cop-bench-notify: libcop %s on SQLite %s; a copy of %s\n\n",
		cop_version(), sqlite3_libversion(), o.db);
	/* libcop first: it migrates the copy (the notification tables). */
	bu_lc_check(NULL, cop_open(&s, path, BU_SYSTEM), "open");
	db = bu_plain_open(path, CACHE_KIB);
	memset(&p, 0, sizeof(p));
	pick(db, &p);
	bench_feed(s, db, &p);
	bench_replies(s, db, &p);
	cop_close(s);
	sqlite3_close(db);
	free(p.follower_t);
	return 0;
}
