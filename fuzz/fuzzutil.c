/*
 * fuzzutil.c: what the libFuzzer targets share (fuzzutil.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzutil.h"

void fz_die(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

int fz_strict(void)
{
	static int strict = -1;
	const char *v;

	if (strict < 0) {
		v = getenv("COP_FUZZ_STRICT");
		strict = !(v && strcmp(v, "0") == 0);
	}
	return strict;
}

void fz_report(const char *what, cop_store *s, int rc)
{
	static int verbose = -1;
	const char *v;

	if (verbose < 0) {
		v = getenv("COP_FUZZ_VERBOSE");
		verbose = v && strcmp(v, "1") == 0;
	}
	if (verbose)
		fprintf(stderr, "fuzz: %s: %s%s%s\n", what, cop_error_name(rc),
			rc == COP_OK ? "" : ": ", rc == COP_OK ? "" : cop_errmsg(s));
}

cop_store *fz_open(void)
{
	cop_open_options o = COP_OPEN_OPTIONS_INIT;
	cop_store *s;
	int rc;

	o.flags = COP_OPEN_SYSTEM;   /* the fuzzers drive every path */
	if ((rc = cop_open(&s, ":memory:", &o)) != COP_OK)
		fz_die("cop_open(:memory:): %s: %s", cop_error_name(rc),
			cop_errmsg(NULL));
	return s;
}

static cop_store *shared;

static void close_shared(void)
{
	cop_close(shared);
	shared = NULL;
}

cop_store *fz_store(void)
{
	static int fresh = -1, registered;
	const char *v;

	if (fresh < 0) {
		v = getenv("COP_FUZZ_FRESH");
		fresh = v && strcmp(v, "1") == 0;
	}
	if (fresh)
		fz_discard();
	if (!shared) {
		shared = fz_open();
		if (!registered++)
			atexit(close_shared);
	}
	return shared;
}

void fz_discard(void)
{
	close_shared();
}

void fz_state_get(fz_state *out, cop_store *s, const char *community)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->st.version = COP_STATS_VERSION;
	if ((rc = cop_stats_lookup(&out->st, s, community)) != COP_OK)
		fz_die("cop_stats_lookup: %s: %s", cop_error_name(rc),
			cop_errmsg(s));
	out->seq = cop_log_last_seq(s);
}

void fz_same_state(const fz_state *x, const fz_state *y, const char *what)
{
	const cop_stats *a = &x->st, *b = &y->st;

	if (x->seq != y->seq)
		fz_die("%s: the log's last seq went from %lld to %lld", what,
			(long long)x->seq, (long long)y->seq);
#define FZ_FIELD(f) \
	if (a->f != b->f) \
		fz_die("%s: %s went from %lld to %lld", what, #f, \
			(long long)a->f, (long long)b->f)
	FZ_FIELD(members);
	FZ_FIELD(communities);
	FZ_FIELD(threads);
	FZ_FIELD(questions);
	FZ_FIELD(answers);
	FZ_FIELD(comments);
	FZ_FIELD(contributions);
	FZ_FIELD(votes_up);
	FZ_FIELD(votes_down);
	FZ_FIELD(accepted_answers);
	FZ_FIELD(badges_awarded);
	FZ_FIELD(tags);
#undef FZ_FIELD
}

void fz_verify(cop_store *s, const char *what)
{
	cop_verify_report *r = NULL;
	size_t n;
	int rc;

	if ((rc = cop_verify(&r, s, NULL, 0)) != COP_OK)
		fz_die("%s: cop_verify: %s: %s", what, cop_error_name(rc),
			cop_errmsg(s));
	if ((n = cop_verify_report_count(r)) > 0) {
		const char *line = cop_verify_report_line(r, 0);
		char first[512];

		snprintf(first, sizeof(first), "%s", line ? line : "?");
		cop_verify_report_free(r);
		fz_die("%s: cop_verify found %zu difference(s), the first: %s",
			what, n, first);
	}
	cop_verify_report_free(r);
}

/* The @p k th value of the input (k counts from 0), or -1. */
static int nth_value(const uint8_t *data, size_t size, fz_value_fn find,
	size_t k, size_t *start, size_t *len)
{
	size_t p, n = 0;

	for (p = 0; p < size; p++)
		if (find(data, size, p, start, len)) {
			if (n++ == k)
				return 0;
			p = *start + *len;
		}
	return -1;
}

size_t fz_copy_value(uint8_t *data, size_t size, size_t max,
	unsigned int seed, fz_value_fn find)
{
	size_t n = 0, p, s1, l1, s2, l2;
	uint8_t tmp[64];

	for (p = 0; p < size; p++)
		if (find(data, size, p, &s1, &l1)) {
			n++;
			p = s1 + l1;
		}
	if (n < 2)
		return 0;
	seed = seed * 1103515245u + 12345u;
	if (nth_value(data, size, find, (seed >> 8) % n, &s1, &l1) != 0 ||
	    l1 > sizeof(tmp))
		return 0;
	seed = seed * 1103515245u + 12345u;
	if (nth_value(data, size, find, (seed >> 8) % n, &s2, &l2) != 0 ||
	    s2 == s1 || size - l2 + l1 > max)
		return 0;
	memcpy(tmp, data + s1, l1);
	memmove(data + s2 + l1, data + s2 + l2, size - s2 - l2);
	memcpy(data + s2, tmp, l1);
	return size - l2 + l1;
}

size_t fz_mutate(uint8_t *data, size_t size, size_t max, unsigned int seed,
	fz_value_fn find)
{
	size_t n;

	if (seed % 2 == 0 &&
	    (n = fz_copy_value(data, size, max, seed, find)) > 0)
		return n;
	return LLVMFuzzerMutate(data, size, max);
}

int fz_import_outcome(const char *fn, cop_store *s, int rc,
	const int *allowed, int n, const fz_state *before)
{
	fz_state after;
	int i, ok = rc == COP_OK;

	fz_report(fn, s, rc);
	if (!fz_strict()) {
		if (rc == COP_OK)
			fz_discard();
		return 0;
	}
	for (i = 0; i < n && !ok; i++)
		ok = rc == allowed[i];
	if (!ok)
		fz_die("%s: unexpected %s: %s", fn, cop_error_name(rc),
			cop_errmsg(s));
	if (rc == COP_OK)
		return 1;
	fz_state_get(&after, s, NULL);
	fz_same_state(before, &after, "a failed import");
	return 0;
}
