/*
 * check_killloop.c: a writer killed with SIGKILL at random moments loses
 * nothing it acknowledged (issue 17).
 *
 * A child process opens the store and writes in a loop: a thread, a
 * reply to it, an edit of the reply, and every fourth round a batch of
 * three threads.  After each call (or batch) returns COP_OK it writes
 * one line to a pipe: the acknowledgement.  The parent kills it after a
 * random delay (0 to 250 ms, so also during its open), reads the lines
 * that arrived, and starts the next writer, for COP_KILL_SECONDS seconds
 * (default 45, 20 under valgrind with delays ten times longer; 0 skips
 * the test).  Then every acknowledged write must be
 * there (each thread by its title, each reply, each edit as the reply's
 * body), and cop_verify() must find nothing to repair; on SQLite the
 * file must also pass PRAGMA integrity_check.  It runs on whichever
 * engine COP_TEST_URI names.
 */
#define _GNU_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "testutil.h"

#define PER_RUN 2000         /* thread numbers: run * PER_RUN + i */
#define MAXN (1000 * PER_RUN)

/* What the writers acknowledged, by thread number. */
enum { ACK_THREAD = 1, ACK_REPLY = 2, ACK_EDIT = 4 };
static unsigned char acked[MAXN];

static void ack(int fd, char what, int n)
{
	char line[32];
	int len = snprintf(line, sizeof(line), "%c %d\n", what, n);

	/* One write per line: a line is whole or absent. */
	if (write(fd, line, (size_t)len) != len)
		_exit(3);
}

/* The writer (a child): runs until it is killed. */
static void writer(const char *uri, int run, int fd)
{
	cop_store *s = NULL;
	cop_thread *t = NULL;
	cop_contribution *c = NULL;
	char title[32], body[64];
	int i, j, n;

	if (cop_open(&s, uri, &tu_system) != COP_OK)
		_exit(2);
	for (i = 0; i + 3 < PER_RUN; i++) {
		n = run * PER_RUN + i;
		if (i % 4 == 3) {
			/* A batch: all three threads or none. */
			if (cop_batch_begin(s) != COP_OK)
				_exit(4);
			for (j = 0; j < 3; j++) {
				snprintf(title, sizeof(title), "w%d", n + j);
				if (cop_thread_create(NULL, s, "k",
				    COP_THREAD_DISCUSSION, title, "kill batch",
				    NULL, "batched body") != COP_OK)
					_exit(5);
			}
			if (cop_batch_commit(s) != COP_OK)
				_exit(6);
			for (j = 0; j < 3; j++)
				ack(fd, 't', n + j);
			i += 2;
			continue;
		}
		snprintf(title, sizeof(title), "w%d", n);
		if (cop_thread_create(&t, s, "k", COP_THREAD_DISCUSSION, title,
		    "kill", NULL, "the first post") != COP_OK)
			_exit(7);
		ack(fd, 't', n);
		snprintf(body, sizeof(body), "reply to w%d", n);
		if (cop_contribution_create(&c, s, cop_thread_id(t),
		    COP_CONTRIB_REPLY, NULL, NULL, NULL, body) != COP_OK)
			_exit(8);
		ack(fd, 'r', n);
		snprintf(body, sizeof(body), "edited reply to w%d", n);
		if (cop_contribution_edit(NULL, s, cop_contribution_id(c), body,
		    NULL) != COP_OK)
			_exit(9);
		ack(fd, 'e', n);
		cop_contribution_free(c);
		cop_thread_free(t);
		c = NULL;
		t = NULL;
	}
	/* Out of numbers (never in 250 ms so far): wait for the kill. */
	for (;;)
		pause();
}

/* Read the acknowledgements a writer sent (until its end of the pipe
 * closed); returns how many. */
static int read_acks(int fd)
{
	static char buf[1 << 16];
	size_t have = 0;
	ssize_t got;
	int count = 0;

	for (;;) {
		char *line, *nl;

		got = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		have += (size_t)got;
		buf[have] = '\0';
		line = buf;
		while ((nl = strchr(line, '\n')) != NULL) {
			char what;
			int n;

			*nl = '\0';
			ck_assert_msg(sscanf(line, "%c %d", &what, &n) == 2 &&
				n >= 0 && n < MAXN, "bad line '%s'", line);
			acked[n] |= what == 't' ? ACK_THREAD : what == 'r' ?
				ACK_REPLY : ACK_EDIT;
			count++;
			line = nl + 1;
		}
		have = strlen(line);
		memmove(buf, line, have);
	}
	return count;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Check one acknowledged thread: there, with its reply and edit when
 * those were acknowledged. */
static void check_thread(cop_store *s, cop_thread *t, int n)
{
	cop_contribution_iter *ci = NULL;
	cop_contribution *c = NULL;
	int replies = 0, edited = 0;
	char want[64];

	TU_OK(s, cop_contribution_iter_new(&ci, s, cop_thread_id(t), NULL));
	snprintf(want, sizeof(want), "edited reply to w%d", n);
	while (cop_contribution_iter_next(&c, ci) == COP_OK) {
		if (cop_contribution_kind_get(c) == COP_CONTRIB_REPLY) {
			replies++;
			edited += !strcmp(cop_contribution_body(c), want);
		}
		cop_contribution_free(c);
	}
	cop_contribution_iter_free(ci);
	if (acked[n] & ACK_REPLY)
		ck_assert_msg(replies == 1, "w%d: acknowledged reply missing", n);
	if (acked[n] & ACK_EDIT)
		ck_assert_msg(edited == 1, "w%d: acknowledged edit missing", n);
}

START_TEST(test_kill_loop)
{
	const char *env = getenv("COP_KILL_SECONDS");
	/* Under valgrind (COP_TEST_VALGRIND) a writer takes seconds to
	 * open: shorter, and killed later. */
	int slow = getenv("COP_TEST_VALGRIND") != NULL;
	double secs = env && *env ? atof(env) : slow ? 20 : 45, end;
	static unsigned char seen[MAXN];
	cop_verify_report *rep = NULL;
	cop_thread_iter *it = NULL;
	cop_thread *t = NULL;
	cop_store *s;
	int runs = 0, acks = 0, n, i, missing = 0;

	if (secs <= 0) {
		printf("# SKIP check_killloop: COP_KILL_SECONDS=%s\n", env);
		return;
	}
	s = tu_open();
	TU_OK(s, cop_community_create(NULL, s, "k", "Killed", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	tu_close(s);
	srand((unsigned)getpid());
	memset(acked, 0, sizeof(acked));
	end = now_s() + secs;
	while (now_s() < end && runs < MAXN / PER_RUN) {
		int fds[2], status;
		pid_t pid;

		ck_assert_int_eq(pipe(fds), 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			close(fds[0]);
			writer(tu_uri(), runs, fds[1]);
		}
		close(fds[1]);
		/* 0 to 250 ms: in the open, a write, a commit, anywhere. */
		usleep((useconds_t)(rand() % 250000) * (slow ? 10 : 1));
		kill(pid, SIGKILL);
		acks += read_acks(fds[0]);
		close(fds[0]);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
			"the writer stopped by itself: status %d", status);
		runs++;
	}
	printf("# check_killloop: %d writers killed, %d writes acknowledged\n",
		runs, acks);

	/* Every acknowledged thread is there, with what followed it. */
	s = tu_open();
	memset(seen, 0, sizeof(seen));
	TU_OK(s, cop_thread_iter_new(&it, s, "k", NULL));
	while ((i = cop_thread_iter_next(&t, it)) == COP_OK) {
		ck_assert_int_eq(sscanf(cop_thread_title(t), "w%d", &n), 1);
		ck_assert_msg(n >= 0 && n < MAXN && !seen[n], "w%d twice", n);
		seen[n] = 1;
		if (acked[n])
			check_thread(s, t, n);
		cop_thread_free(t);
	}
	ck_assert_int_eq(i, COP_ITEROVER);
	cop_thread_iter_free(it);
	for (n = 0; n < MAXN; n++)
		if (acked[n] && !seen[n]) {
			fprintf(stderr, "acknowledged w%d missing\n", n);
			missing++;
		}
	ck_assert_int_eq(missing, 0);

	/* Nothing for cop_verify() to repair. */
	TU_OK(s, cop_verify(&rep, s, NULL, 0));
	for (i = 0; (size_t)i < cop_verify_report_count(rep); i++)
		fprintf(stderr, "verify: %s\n", cop_verify_report_line(rep,
			(size_t)i));
	ck_assert_int_eq(cop_verify_report_count(rep), 0);
	cop_verify_report_free(rep);
	tu_close(s);

	if (tu_backend_is_sqlite()) {
		sqlite3 *db = NULL;
		sqlite3_stmt *st = NULL;

		ck_assert_int_eq(sqlite3_open(tu_path(), &db), SQLITE_OK);
		ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check",
			-1, &st, NULL), SQLITE_OK);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
}
END_TEST

static void loc_setup(void)
{
	tu_loc_new();
}

static void loc_teardown(void)
{
	tu_loc_free();
}

static Suite *killloop_suite(void)
{
	Suite *s = suite_create("killloop");
	TCase *tc = tu_tcase(s, "kill", loc_setup, loc_teardown);

	/* The loop's time plus the checks, on a slow machine. */
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_kill_loop);
	return s;
}

int main(void)
{
	return tu_run(killloop_suite());
}
