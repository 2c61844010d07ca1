/** @file
 * sys/alloc.h: libcop's one allocator, for backend authors and tests.
 *
 * Every allocation the library and its backends make goes through these
 * functions, so a test can make the Nth one fail (as SQLite's test
 * harness does) and check that every failure gives COP_ENOMEM, changes
 * nothing and leaks nothing.
 */
#ifndef COP_SYS_ALLOC_H
#define COP_SYS_ALLOC_H

#include "../common.h"

COP_BEGIN_DECL

/** malloc(); NULL on failure (real or injected).  Free with cop_free(). */
COP_EXTERN(void *) cop_malloc(size_t n);
/** calloc()-like: @p n zeroed bytes. */
COP_EXTERN(void *) cop_mallocz(size_t n);
/** realloc(); on failure the old block is untouched. */
COP_EXTERN(void *) cop_realloc(void *p, size_t n);
/** strdup() through cop_malloc(); NULL for NULL. */
COP_EXTERN(char *) cop_strdup(const char *s);
/** strndup() through cop_malloc(). */
COP_EXTERN(char *) cop_strndup(const char *s, size_t n);
/** free(); NULL is harmless. */
COP_EXTERN(void) cop_free(void *p);

/**
 * Fault injection: make the @p n th allocation from now fail (1 is the
 * next one); with @p persistent every later one fails too.  0 turns
 * injection off.  Process-wide; for tests only.
 */
COP_EXTERN(void) cop_alloc_fail_at(long n, int persistent);

/** How many allocations have been failed on purpose since the last cop_alloc_fail_at(). */
COP_EXTERN(long) cop_alloc_failures(void);

/** How many allocations have been made since the process started. */
COP_EXTERN(long) cop_alloc_count(void);

COP_END_DECL

#endif
