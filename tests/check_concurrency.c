/*
 * check_concurrency.c: several processes write to one store at once.
 *
 * Each test forks NPROC children that open the same store (their own
 * cop_open, their own connection or file handle) and, in one community,
 * cast, change and retract votes (each child has its own voters, all
 * voting on the same contributions in both threads), post answers and
 * replies to the same two threads, and accept answers, all at the same
 * time; and one member ("roamer", no standing yet) votes from every child
 * at the same moment, on another contribution in each.  Each child
 * writes down what succeeded.  Afterwards the parent checks that
 * nothing was lost: every post that succeeded exists, the threads'
 * contribution counts and the contributions' scores match the successful
 * operations, each voter's vote is the last one that voter cast, the
 * accepted answer is one that was accepted, the change log holds one
 * entry per successful operation with gap-free seqs, and cop_verify()
 * finds no difference.
 *
 * Stores:
 *   sqlite        always, on a fresh SQLite file (WAL, busy timeout);
 *   postgresql    only when COP_TEST_URI is a postgresql:// URI, once with
 *                 cop_locking=store (the default) and once with
 *                 cop_locking=row; otherwise the suite prints a line
 *                 "# SKIP ..." (counted by tools/quickstart).
 *
 * With store locking and on SQLite every operation must succeed (writers
 * wait for each other).  With row locking PostgreSQL may abort one of two
 * deadlocked writers (COP_EBUSY): the operation must then have changed
 * nothing, which the child checks before going on.
 *
 * COP_TEST_CONC_OPS sets the operations per child (default 60).
 */
#define _GNU_SOURCE 1

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define NPROC 4          /* writer processes */
#define VOTERS 3         /* voters per process */
#define NANS 3           /* answers to the question at the start */
#define NTARGET (2 + NANS) /* voted on: both threads' posts, the answers */

#if NTARGET < NPROC
#error "each process needs its own target for the roamer"
#endif
#define MAXOPS 2000

/* The world every child sees (ids made by the parent before forking). */
static struct {
	char uri[1024];
	tu_idbuf comm, asker, answerer[NANS], voter[NPROC][VOTERS], roamer;
	tu_idbuf question, qpost, ans[NANS], discussion, dpost;
	int64_t seq0;    /* the log's last seq after the setup */
	int gate[2];     /* a pipe: children start when it closes */
} C;

static int conc_ops(void)
{
	const char *e = getenv("COP_TEST_CONC_OPS");
	int n = e && *e ? atoi(e) : 60;

	return n < 1 ? 1 : n > MAXOPS ? MAXOPS : n;
}

/* ---- setup ------------------------------------------------------------------ */

static void world(cop_store *s)
{
	cop_community *k = NULL;
	char handle[32];
	int p, v, i;

	tu_member(s, C.asker, "asker");
	TU_OK(s, cop_community_create(&k, s, "conc", "Concurrency", NULL, NULL,
		COP_VISIBILITY_PUBLIC));
	snprintf(C.comm, sizeof(C.comm), "%s", cop_community_id(k));
	cop_community_free(k);
	TU_OK(s, cop_community_join(NULL, s, "conc", C.asker, 0));
	for (i = 0; i < NANS; i++) {
		snprintf(handle, sizeof(handle), "answerer%d", i);
		tu_member(s, C.answerer[i], handle);
		TU_OK(s, cop_community_join(NULL, s, "conc", C.answerer[i], 0));
	}
	for (p = 0; p < NPROC; p++)
		for (v = 0; v < VOTERS; v++) {
			snprintf(handle, sizeof(handle), "voter%d_%d", p, v);
			tu_member(s, C.voter[p][v], handle);
			TU_OK(s, cop_community_join(NULL, s, "conc", C.voter[p][v],
				0));
		}
	/* One member acting from every process at once, who has no
	 * standing yet (it is made by the first vote). */
	tu_member(s, C.roamer, "roamer");
	TU_OK(s, cop_community_join(NULL, s, "conc", C.roamer, 0));
	tu_as(s, C.asker);
	tu_thread(s, C.question, C.qpost, "conc", COP_THREAD_QUESTION,
		"Which yeast for a cold cellar?", "The cellar stays at 12 C.");
	tu_thread(s, C.discussion, C.dpost, "conc", COP_THREAD_DISCUSSION,
		"Cellar notes", "Post what you brewed this week.");
	for (i = 0; i < NANS; i++) {
		tu_as(s, C.answerer[i]);
		tu_contrib(s, C.ans[i], C.question, COP_CONTRIB_ANSWER, NULL,
			"A lager yeast likes it cold.");
	}
	tu_as(s, NULL);
	C.seq0 = cop_log_last_seq(s);
	ck_assert_int_gt(C.seq0, 0);
}

static const char *target(int t)
{
	return t == 0 ? C.qpost : t == 1 ? C.dpost : C.ans[t - 2];
}

/* ---- a child ------------------------------------------------------------- */

/* What a child did, written to its result file. */
typedef struct outcome {
	int votes;        /* successful vote casts, changes and retractions */
	int accepts;      /* successful accepts */
	int busy;         /* operations refused with COP_EBUSY */
	int posts[2];     /* successful posts: question, discussion */
} outcome;

static int xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (int)(*x >> 33);
}

/* Report a failure from a child (stderr reaches the test log) and exit. */
static void child_fail(cop_store *s, int proc, const char *what, int rc)
{
	fprintf(stderr, "child %d: %s: %s (%s)\n", proc, what, tu_ename(rc),
		cop_errmsg(s));
	_exit(3);
}

/* The vote @p voter now has on target @p t as the store says, -1: none. */
static int vote_now(cop_store *s, const char *voter, int t, int proc)
{
	cop_vote_kind k;
	int rc;

	if ((rc = cop_store_set_actor(s, voter)) != COP_OK)
		child_fail(s, proc, "set actor", rc);
	rc = cop_vote_lookup(&k, s, target(t));
	if (rc == COP_ENOTFOUND)
		return -1;
	if (rc != COP_OK)
		child_fail(s, proc, "cop_vote_lookup", rc);
	return (int)k;
}

/*
 * Run the operations of child @p proc and write the outcome to @p out:
 * "P <thread 0|1> <id>" per post, "A <answer>" per accept, "V <voter>
 * <target> <kind>" per final vote, then "O votes accepts busy".
 */
static void child_run(int proc, FILE *out, int row_locks)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = NULL;
	int cur[VOTERS][NTARGET];
	outcome oc;
	uint64_t x = 0x9e3779b97f4a7c15ULL * (uint64_t)(proc + 1);
	int rc, i, v, t, ops = conc_ops();

	memset(&oc, 0, sizeof(oc));
	for (v = 0; v < VOTERS; v++)
		for (t = 0; t < NTARGET; t++)
			cur[v][t] = -1;
	/* Writers wait for each other rather than give up. */
	o.busy_timeout_ms = 60000;
	o.flags |= COP_OPEN_SYSTEM;
	if ((rc = cop_open(&s, C.uri, &o)) != COP_OK)
		child_fail(NULL, proc, "cop_open", rc);
	/* Start together: the first writes of all meet. */
	close(C.gate[1]);
	while (read(C.gate[0], &i, 1) < 0 && errno == EINTR)
		;
	close(C.gate[0]);
	/* The roamer's first vote, in each process on another contribution
	 * (in both threads): the roamer's new standing must count them all. */
	if ((rc = cop_store_set_actor(s, C.roamer)) != COP_OK)
		child_fail(s, proc, "set actor", rc);
	rc = cop_vote_cast(s, target(proc), COP_VOTE_UP);
	if (rc == COP_OK) {
		fprintf(out, "R %d\n", (int)COP_VOTE_UP);
		oc.votes++;
	} else if (rc == COP_EBUSY && row_locks) {
		fprintf(out, "R -1\n");
		oc.busy++;
	} else {
		child_fail(s, proc, "cop_vote_cast (roamer)", rc);
	}
	for (i = 0; i < ops; i++) {
		int r = xorshift(&x) % 100, busy = 0;

		v = xorshift(&x) % VOTERS;
		if (r < 65) {
			/* A vote: cast, change or retract. */
			int kinds[3] = { COP_VOTE_UP, COP_VOTE_HELPFUL,
				COP_VOTE_THANKS };
			int want, old;

			t = xorshift(&x) % NTARGET;
			old = cur[v][t];
			want = kinds[xorshift(&x) % 3];
			if (old >= 0 && (want == old || xorshift(&x) % 2))
				want = -1;
			if ((rc = cop_store_set_actor(s, C.voter[proc][v])) != COP_OK)
				child_fail(s, proc, "set actor", rc);
			rc = want < 0 ? cop_vote_retract(s, target(t)) :
				cop_vote_cast(s, target(t), (cop_vote_kind)want);
			if (rc == COP_OK) {
				cur[v][t] = want;
				oc.votes++;
			} else if (rc == COP_EBUSY) {
				busy = 1;
				/* Refused: nothing of it may have stayed. */
				if (vote_now(s, C.voter[proc][v], t, proc) != old) {
					fprintf(stderr, "child %d: a vote refused "
						"with COP_EBUSY was kept\n", proc);
					_exit(4);
				}
			} else {
				child_fail(s, proc, want < 0 ? "cop_vote_retract" :
					"cop_vote_cast", rc);
			}
		} else if (r < 90) {
			/* A post: an answer to the question or a reply. */
			cop_contribution *c = NULL;
			int th = xorshift(&x) % 2;

			if ((rc = cop_store_set_actor(s, C.voter[proc][v])) != COP_OK)
				child_fail(s, proc, "set actor", rc);
			rc = cop_contribution_create(&c, s,
				th == 0 ? C.question : C.discussion,
				th == 0 ? COP_CONTRIB_ANSWER : COP_CONTRIB_REPLY,
				NULL, NULL, NULL, "Posted while others were posting.");
			if (rc == COP_OK) {
				fprintf(out, "P %d %s\n", th, cop_contribution_id(c));
				oc.posts[th]++;
				cop_contribution_free(c);
			} else if (rc == COP_EBUSY) {
				busy = 1;
			} else {
				child_fail(s, proc, "cop_contribution_create", rc);
			}
		} else {
			/* The asker accepts one of the first answers. */
			int a = xorshift(&x) % NANS;

			if ((rc = cop_store_set_actor(s, C.asker)) != COP_OK)
				child_fail(s, proc, "set actor", rc);
			rc = cop_answer_accept(s, C.ans[a]);
			if (rc == COP_OK) {
				fprintf(out, "A %d\n", a);
				oc.accepts++;
			} else if (rc == COP_EBUSY) {
				busy = 1;
			} else if (rc != COP_EEXISTS) {
				child_fail(s, proc, "cop_answer_accept", rc);
			}
		}
		if (busy) {
			/* Only row locking may abort a deadlocked writer. */
			if (!row_locks)
				child_fail(s, proc, "an operation was refused", COP_EBUSY);
			oc.busy++;
		}
	}
	for (v = 0; v < VOTERS; v++)
		for (t = 0; t < NTARGET; t++)
			fprintf(out, "V %d %d %d\n", v, t, cur[v][t]);
	fprintf(out, "O %d %d %d\n", oc.votes, oc.accepts, oc.busy);
	if (fflush(out) != 0)
		_exit(5);
	cop_close(s);
}

/* ---- the parent ----------------------------------------------------------- */

typedef struct tally {
	int votes, accepts, busy;
	int posts[2];
	int accepted[NANS];            /* times each answer was accepted */
	int final[NPROC][VOTERS][NTARGET];
	int roamer[NPROC];             /* the roamer's vote on target(proc) */
	char (*post_ids)[COP_ID_TEXT_LEN + 1];
	int npost_ids;
	int post_thread[NPROC * MAXOPS];
} tally;

static void read_outcome(FILE *f, int proc, tally *T)
{
	char line[128], id[64];
	int a, b, c, seen_o = 0;

	ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "P %d %63s", &a, id) == 2) {
			ck_assert(a == 0 || a == 1);
			ck_assert_uint_eq(strlen(id), COP_ID_TEXT_LEN);
			memcpy(T->post_ids[T->npost_ids], id, COP_ID_TEXT_LEN + 1);
			T->post_thread[T->npost_ids++] = a;
			T->posts[a]++;
		} else if (sscanf(line, "R %d", &a) == 1) {
			T->roamer[proc] = a;
		} else if (sscanf(line, "A %d", &a) == 1) {
			ck_assert(a >= 0 && a < NANS);
			T->accepted[a]++;
		} else if (sscanf(line, "V %d %d %d", &a, &b, &c) == 3) {
			ck_assert(a >= 0 && a < VOTERS && b >= 0 && b < NTARGET);
			T->final[proc][a][b] = c;
		} else if (sscanf(line, "O %d %d %d", &a, &b, &c) == 3) {
			T->votes += a;
			T->accepts += b;
			T->busy += c;
			seen_o = 1;
		} else {
			ck_abort_msg("child %d wrote \"%s\"", proc, line);
		}
	}
	ck_assert_msg(seen_o, "child %d did not finish its report", proc);
}

static int vote_weight(int kind)
{
	return kind == COP_VOTE_UP || kind == COP_VOTE_HELPFUL ? 1 : 0;
}

static void check_thread(cop_store *s, const char *thread, int expect)
{
	cop_thread *t = NULL;

	TU_OK(s, cop_thread_lookup(&t, s, thread));
	ck_assert_int_eq(cop_thread_contribution_count(t), expect);
	cop_thread_free(t);
	ck_assert_int_eq(tu_count_contribs(s, thread), expect);
}

static void check_store(cop_store *s, tally *T)
{
	cop_verify_report *rep = NULL;
	cop_contribution *c = NULL;
	cop_log_iter *it = NULL;
	cop_log_entry *e = NULL;
	int p, v, t, i, rc, nvote = 0, npost = 0, nacc = 0;
	int64_t seq;
	size_t n;

	tu_as(s, NULL);
	/* Every post that succeeded is there, in its thread. */
	for (i = 0; i < T->npost_ids; i++) {
		TU_OK(s, cop_contribution_lookup(&c, s, T->post_ids[i]));
		ck_assert_str_eq(cop_contribution_thread_id(c),
			T->post_thread[i] == 0 ? C.question : C.discussion);
		cop_contribution_free(c);
	}
	/* Counters: the post, the first answers and every new post. */
	check_thread(s, C.question, 1 + NANS + T->posts[0]);
	check_thread(s, C.discussion, 1 + T->posts[1]);
	/* Scores are the sum of the last votes; each voter's vote is the
	 * last that voter cast. */
	for (t = 0; t < NTARGET; t++) {
		int want = 0;

		for (p = 0; p < NPROC; p++)
			for (v = 0; v < VOTERS; v++) {
				cop_vote_kind k;

				want += vote_weight(T->final[p][v][t]);
				tu_as(s, C.voter[p][v]);
				rc = cop_vote_lookup(&k, s, target(t));
				if (T->final[p][v][t] < 0)
					ck_assert_msg(rc == COP_ENOTFOUND,
						"voter %d/%d on %d: %s", p, v, t,
						tu_ename(rc));
				else {
					TU_OK(s, rc);
					ck_assert_int_eq((int)k, T->final[p][v][t]);
				}
			}
		if (t < NPROC)
			want += vote_weight(T->roamer[t]);
		tu_as(s, NULL);
		TU_OK(s, cop_contribution_lookup(&c, s, target(t)));
		ck_assert_msg(cop_contribution_score(c) == want,
			"target %d: score %d, the votes make %d", t,
			cop_contribution_score(c), want);
		cop_contribution_free(c);
	}
	/* The accepted answer is one that was accepted. */
	if (T->accepts > 0) {
		TU_OK(s, cop_answer_lookup(&c, s, C.question));
		for (i = 0; i < NANS; i++)
			if (strcmp(cop_contribution_id(c), C.ans[i]) == 0)
				break;
		ck_assert_int_lt(i, NANS);
		ck_assert_int_gt(T->accepted[i], 0);
		cop_contribution_free(c);
	}
	/* One log entry per successful operation; seqs without gaps. */
	TU_OK(s, cop_log_iter_new(&it, s, C.seq0, 0));
	seq = C.seq0;
	while ((rc = cop_log_iter_next(&e, it)) == COP_OK) {
		const char *op = cop_log_entry_op(e);

		ck_assert_int_eq(cop_log_entry_seq(e), ++seq);
		if (strncmp(op, "vote.", 5) == 0)
			nvote++;
		else if (strcmp(op, "contribution.create") == 0)
			npost++;
		else if (strcmp(op, "answer.accept") == 0)
			nacc++;
		cop_log_entry_free(e);
	}
	ck_assert_int_eq(rc, COP_ITEROVER);
	cop_log_iter_free(it);
	ck_assert_int_eq(seq, cop_log_last_seq(s));
	ck_assert_int_eq(nvote, T->votes);
	ck_assert_int_eq(npost, T->posts[0] + T->posts[1]);
	ck_assert_int_eq(nacc, T->accepts);
	/* Reputation, counters, totals and badges agree with the facts. */
	TU_OK(s, cop_verify(&rep, s, "conc", 0));
	n = cop_verify_report_count(rep);
	for (i = 0; (size_t)i < n; i++)
		fprintf(stderr, "verify: %s\n", cop_verify_report_line(rep,
			(size_t)i));
	ck_assert_msg(n == 0, "cop_verify found %zu differences", n);
	cop_verify_report_free(rep);
}

/* Fork the writers on C.uri, wait for them, check the store. */
static void run_writers(const char *uri, int row_locks)
{
	FILE *out[NPROC];
	pid_t pid[NPROC];
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s = NULL;
	tally *T;
	int p, status, ok = 1;

	ck_assert_uint_lt(strlen(uri), sizeof(C.uri));
	snprintf(C.uri, sizeof(C.uri), "%s", uri);
	o.busy_timeout_ms = 60000;
	o.flags |= COP_OPEN_SYSTEM;
	TU_OK(NULL, cop_open(&s, C.uri, &o));
	world(s);
	/* No connection or file handle is shared with the children. */
	tu_close(s);
	s = NULL;

	T = calloc(1, sizeof(*T));
	ck_assert_ptr_nonnull(T);
	T->post_ids = calloc(NPROC * MAXOPS, sizeof(*T->post_ids));
	ck_assert_ptr_nonnull(T->post_ids);
	ck_assert_int_eq(pipe(C.gate), 0);
	fflush(NULL);
	for (p = 0; p < NPROC; p++) {
		out[p] = tmpfile();
		ck_assert_ptr_nonnull(out[p]);
		pid[p] = fork();
		ck_assert_int_ge(pid[p], 0);
		if (pid[p] == 0) {
			child_run(p, out[p], row_locks);
			/* Not exit(): the test's atexit handlers would drop
			 * the store the others still use. */
			_exit(0);
		}
	}
	/* Open the gate. */
	close(C.gate[0]);
	close(C.gate[1]);
	for (p = 0; p < NPROC; p++) {
		while (waitpid(pid[p], &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "writer %d failed (status %d)\n", p, status);
			ok = 0;
		}
	}
	ck_assert_msg(ok, "a writer failed (see above)");
	for (p = 0; p < NPROC; p++) {
		read_outcome(out[p], p, T);
		fclose(out[p]);
	}
	fprintf(stderr, "# concurrency on %s%s: %d processes, %d votes, "
		"%d posts, %d accepts, %d refused as busy\n",
		strncmp(uri, "postgres", 8) == 0 ? "postgresql" : "sqlite",
		row_locks ? " (cop_locking=row)" : "",
		NPROC, T->votes, T->posts[0] + T->posts[1], T->accepts, T->busy);
	/* Something happened, and nearly all of it went through. */
	ck_assert_int_gt(T->votes, 0);
	ck_assert_int_gt(T->posts[0] + T->posts[1], 0);
	ck_assert_int_le(T->busy, NPROC * conc_ops() / 4);

	o.flags |= COP_OPEN_SYSTEM;
	TU_OK(NULL, cop_open(&s, C.uri, &o));
	check_store(s, T);
	tu_close(s);
	free(T->post_ids);
	free(T);
}

/* ---- tests ----------------------------------------------------------------- */

static int env_is_pg(void)
{
	const char *u = getenv("COP_TEST_URI");

	return u && (strncmp(u, "postgresql://", 13) == 0 ||
		strncmp(u, "postgres://", 11) == 0);
}

static void teardown(void)
{
	tu_loc_free();
}

START_TEST(sqlite_writers)
{
	char *path = tu_sqlite_path_new();

	run_writers(path, 0);
	free(path);
}
END_TEST

START_TEST(pg_store_locking)
{
	tu_loc_new();
	run_writers(tu_uri(), 0);
}
END_TEST

START_TEST(pg_row_locking)
{
	char *uri = NULL;

	tu_loc_new();
	ck_assert_int_ge(asprintf(&uri, "%s&cop_locking=row", tu_uri()), 0);
	run_writers(uri, 1);
	free(uri);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("concurrency");
	TCase *tc;

	tc = tu_tcase(s, "sqlite", NULL, teardown);
	tcase_add_test(tc, sqlite_writers);
	if (env_is_pg()) {
		tc = tu_tcase(s, "postgresql", NULL, teardown);
		tcase_add_test(tc, pg_store_locking);
		tcase_add_test(tc, pg_row_locking);
	} else {
		/* Counted by tools/quickstart: never a silent pass. */
		printf("# SKIP concurrency on PostgreSQL: COP_TEST_URI is not "
			"a postgresql:// URI (2 tests not run)\n");
		fflush(stdout);
	}
	return tu_run(s);
}
