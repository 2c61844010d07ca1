/*
 * fuzzutil.h: what the libFuzzer targets share: a fresh store per input,
 * the store's counts, and the checks that turn a wrong outcome into a
 * crash libFuzzer keeps.
 */
#ifndef COP_FUZZUTIL_H
#define COP_FUZZUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <cop/cop.h>

/* libFuzzer's entry points (declared here for -Wmissing-prototypes). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Print "fuzz: " and the message to stderr and abort(): libFuzzer saves
 * the input that got here as a crash. */
void fz_die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
	noreturn));

/* libFuzzer's default mutation, for the custom mutators. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
	unsigned int seed);

/* Finds the value after @p p, if one starts there: its start and length
 * (within data[0..size)), 0 when there is none. */
typedef int (*fz_value_fn)(const uint8_t *data, size_t size, size_t p,
	size_t *start, size_t *len);

/* The custom mutators' half that knows the format: copy one value of the
 * input (as @p find finds them: an id, a date, a number) over another,
 * so that references point elsewhere and fields take each other's
 * values.  Returns the new size, 0 when it could not (then the caller
 * uses LLVMFuzzerMutate()). */
size_t fz_copy_value(uint8_t *data, size_t size, size_t max,
	unsigned int seed, fz_value_fn find);

/* The targets' custom mutation: every other time fz_copy_value(), else
 * (or when it could not) libFuzzer's own. */
size_t fz_mutate(uint8_t *data, size_t size, size_t max, unsigned int seed,
	fz_value_fn find);

/* 1 unless COP_FUZZ_STRICT=0: also check outcomes (codes, "failure
 * changes nothing", round trips), not only memory errors and leaks. */
int fz_strict(void);

/* With COP_FUZZ_VERBOSE=1, print what an import returned (and its
 * message) to stderr: to see what a seed or a crash input does. */
void fz_report(const char *what, cop_store *s, int rc);

/* Open a fresh private in-memory store (dies on failure); cop_close() it. */
cop_store *fz_open(void);

/* An empty in-memory store for the next input, owned by this file.
 * Opening one costs more than most inputs' imports, so one store serves
 * every input until fz_discard(): the targets call it after an import
 * that succeeded, and check that a failed one changed nothing (stats and
 * the log's last seq).  COP_FUZZ_FRESH=1: a new store for every input. */
cop_store *fz_store(void);
void fz_discard(void);

/* What is checked for "nothing changed". */
typedef struct fz_state {
	cop_stats st;
	int64_t seq;                   /* cop_log_last_seq() */
} fz_state;

/* The state of the store (@p community NULL) or of one community (dies
 * on failure). */
void fz_state_get(fz_state *out, cop_store *s, const char *community);

/* Die, naming @p what, unless the two states are the same. */
void fz_same_state(const fz_state *a, const fz_state *b, const char *what);

/* What both targets check once an import returned @p rc: it is reported;
 * unless strict, a success is discarded and that is all; the code must
 * be COP_OK or one of the @p n codes in @p allowed; a failed import must
 * have changed nothing since @p before.  1 when the import succeeded and
 * the caller goes on checking (strict mode), else 0. */
int fz_import_outcome(const char *fn, cop_store *s, int rc,
	const int *allowed, int n, const fz_state *before);

/* Die unless cop_verify() finds nothing to repair in the store. */
void fz_verify(cop_store *s, const char *what);

#endif
