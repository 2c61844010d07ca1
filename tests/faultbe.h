/*
 * faultbe.h: a backend wrapper for tests that injects I/O errors.
 *
 * faultbe_open() opens the real backend for a URI through the registry
 * (cop_backend_open()), wraps it and makes a store over the wrapper
 * (cop_open_backend()); faultbe_wrap() wraps an instance without a store.  Every method is forwarded; the wrapper can make
 * the Nth call of chosen kinds (by default the writes: insert, update,
 * commit) fail with COP_EIO instead of reaching the real backend, with
 * the message "injected I/O error".
 */
#ifndef COP_TESTS_FAULTBE_H
#define COP_TESTS_FAULTBE_H

#include "cop/cop.h"
#include "cop/sys/backend.h"

/** Kinds of calls that can fail. */
#define FAULTBE_INSERT 0x1u
#define FAULTBE_UPDATE 0x2u
#define FAULTBE_COMMIT 0x4u
#define FAULTBE_BEGIN  0x8u
#define FAULTBE_ROP    0x10u   /* recognition storage (reads and writes):
                                  operations and the recognition
                                  interface's methods */
#define FAULTBE_GET    0x20u   /* get() of one record */
#define FAULTBE_MODERATION 0x40u /* the typed feature interfaces' methods
                                   (moderation, links, sources,
                                   privacy, export, recognition) */
#define FAULTBE_WRITES (FAULTBE_INSERT | FAULTBE_UPDATE | FAULTBE_COMMIT)

/** The message of an injected failure. */
#define FAULTBE_MESSAGE "injected I/O error"

typedef struct faultbe faultbe;

/**
 * Open @p uri wrapped.  *out receives the store (close it with
 * cop_close(), which frees the wrapper); *fb the wrapper's controls,
 * valid until then.
 * @return as cop_open().
 */
int faultbe_open(cop_store **out, faultbe **fb, const char *uri,
	const cop_open_options *opts);

/**
 * Wrap the backend instance @p inner without making a store (for tests
 * of the backend interface itself).  Takes ownership of @p inner, also
 * on failure.  *out receives the wrapper, owned by the caller
 * ((*out)->free() frees it and @p inner); *fb its controls, valid until
 * then.
 * @return COP_OK, COP_ENOMEM.
 */
int faultbe_wrap(cop_backend **out, faultbe **fb, cop_backend *inner);

/**
 * Make the @p n th call (1: the next one) of the kinds in @p kinds fail
 * with COP_EIO; with @p persistent, every later one too.  @p n 0 turns
 * injection off (calls of @p kinds are still counted).  Resets the
 * counters.
 */
void faultbe_fail_at(faultbe *fb, long n, unsigned int kinds,
	int persistent);

/** Calls of the chosen kinds seen since the last faultbe_fail_at(). */
long faultbe_calls(const faultbe *fb);

/** Failures injected since the last faultbe_fail_at(). */
long faultbe_failures(const faultbe *fb);

#endif
