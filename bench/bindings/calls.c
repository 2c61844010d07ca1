/*
 * bench/bindings/calls.c: the C side of `make bench-bindings`.
 *
 * Times the two calls the binding benchmark times from Python and Lua, on
 * the same kind of store (":memory:", one member), and prints
 * nanoseconds of CPU time per call, best of the runs:
 *
 *   read  <ns>    cop_member_lookup() by id, cop_member_handle(), free
 *   write <ns>    cop_member_update() of the display name
 *
 * Usage: cop-bench-calls [ITERATIONS [RUNS]]   (default 20000, 5)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cop/cop.h>

/* The bench loads and reads every row: it acts as the system. */
static const cop_open_options as_system = { COP_OPEN_OPTIONS_VERSION,
	COP_OPEN_SYSTEM, 0 };

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void die(cop_store *s, const char *what)
{
	fprintf(stderr, "cop-bench-calls: %s: %s\n", what, cop_errmsg(s));
	exit(1);
}

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 20000;
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	double best_read = 0, best_write = 0;
	char id[COP_ID_TEXT_LEN + 1];
	size_t sink = 0;
	cop_store *s;
	cop_member *m;
	int r;

	if (iterations <= 0 || runs <= 0) {
		fprintf(stderr, "usage: cop-bench-calls [ITERATIONS [RUNS]]\n");
		return 2;
	}
	if (cop_open(&s, ":memory:", &as_system) != COP_OK)
		die(NULL, "open");
	if (cop_member_create(&m, s, "ama", "Ama Mensah", NULL, NULL) != COP_OK)
		die(s, "create");
	strcpy(id, cop_member_id(m));
	cop_member_free(m);

	for (r = 0; r < runs; r++) {
		double t0, t;
		long i;

		t0 = now_ns();
		for (i = 0; i < iterations; i++) {
			if (cop_member_lookup(&m, s, id) != COP_OK)
				die(s, "get");
			sink += strlen(cop_member_handle(m));
			cop_member_free(m);
		}
		t = (now_ns() - t0) / (double)iterations;
		if (r == 0 || t < best_read)
			best_read = t;

		t0 = now_ns();
		for (i = 0; i < iterations; i++) {
			if (cop_member_update(s, id, (i & 1) ? "Ama" : "Ama Mensah",
			    NULL, NULL) != COP_OK)
				die(s, "update");
		}
		t = (now_ns() - t0) / (double)iterations;
		if (r == 0 || t < best_write)
			best_write = t;
	}
	printf("read %.1f\nwrite %.1f\n", best_read, best_write);
	cop_close(s);
	return sink == 0;
}
