/** @file
 * libcop - the machinery of a community of practice.
 * common.h: export macro, basic scalar types shared by every module.
 */
#ifndef COP_COMMON_H
#define COP_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
# define COP_BEGIN_DECL extern "C" {
# define COP_END_DECL   }
#else
# define COP_BEGIN_DECL  /**< Opens the declarations: extern "C" { in C++, nothing in C. */
# define COP_END_DECL  /**< Closes what COP_BEGIN_DECL opened. */
#endif

/** Declares a public function: `COP_EXTERN(cop_status) cop_open(...)`. */
#if defined(SWIG)
# define COP_EXTERN(type) type
#elif defined(COP_BUILDING) && defined(__GNUC__)
# define COP_EXTERN(type) extern __attribute__((visibility("default"))) type
#else
# define COP_EXTERN(type) extern type
#endif

COP_BEGIN_DECL

/** A time: UTC milliseconds since 1970-01-01T00:00:00Z. */
typedef int64_t cop_time;

/** Length of an id in text form, without the terminating NUL. */
#define COP_ID_TEXT_LEN 36

/**
 * An id: a UUID (version 7 layout: 48 bits of creation time in
 * milliseconds first, so ids made later sort later and indexes stay local).
 * The all-zero id is the "nil" id and means "none" (e.g. "the system" as
 * an author, or "no reply-to").
 */
typedef struct cop_id {
	unsigned char bytes[16]; /**< the UUID's 16 bytes, in the order of its text form */
} cop_id;

/**
 * Keyset pagination for listings.  A listing starts after @c after (a
 * cursor returned by the iterator's `_cursor` function for the last item of
 * the previous page; NULL starts at the beginning) and stops after
 * @c limit items (0: no limit).  Cursors are opaque text and stay valid
 * across calls and processes; rows inserted meanwhile never shift a page.
 */
typedef struct cop_page {
	unsigned int version;    /**< COP_PAGE_VERSION */
	const char *after;       /**< cursor, or NULL */
	unsigned int limit;      /**< 0: no limit */
} cop_page;

#define COP_PAGE_VERSION 1  /**< The version of cop_page this header knows. */
/** A cop_page with its version set: from the start, no limit. */
#define COP_PAGE_INIT { COP_PAGE_VERSION, NULL, 0 }

/** The store: an open connection to one libcop database. */
typedef struct cop_store cop_store;

COP_END_DECL

#endif
