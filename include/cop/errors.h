/** @file
 * errors.h: status codes, messages.
 */
#ifndef COP_ERRORS_H
#define COP_ERRORS_H

#include "common.h"

COP_BEGIN_DECL

/**
 * The table of status codes, written once: X(NAME, value, PythonClass,
 * "default message").  Bindings expand it to build their exception classes.
 */
#define COP_ERROR_TABLE(X) \
	X(COP_OK,         0, "Ok",               "no error") \
	X(COP_ERROR,     -1, "Error",            "generic error") \
	X(COP_ENOTFOUND, -3, "NotFound",         "not found") \
	X(COP_EEXISTS,   -4, "AlreadyExists",    "already exists") \
	X(COP_EINVAL,    -5, "InvalidArgument",  "invalid argument") \
	X(COP_EPERM,     -6, "PermissionDenied", "permission denied") \
	X(COP_EBUSY,     -7, "Busy",             "store is busy") \
	X(COP_ENOMEM,    -8, "OutOfMemory",      "out of memory") \
	X(COP_EIO,       -9, "IOError",          "input/output error") \
	X(COP_ECORRUPT, -10, "Corrupt",          "store is corrupt") \
	X(COP_ETOOBIG,  -11, "TooBig",           "value too large") \
	X(COP_EENCODING,-12, "InvalidEncoding",  "invalid UTF-8") \
	X(COP_ENOTSUP,  -13, "NotSupported",     "not supported") \
	X(COP_EREADONLY,-14, "ReadOnly",         "store is read-only") \
	X(COP_EVERSION, -15, "VersionMismatch",  "unsupported schema or struct version") \
	X(COP_EFORMAT,  -16, "FormatError",      "malformed input") \
	X(COP_EFULL,    -17, "DiskFull",         "disk or database is full") \
	X(COP_ITEROVER, -31, "IterOver",         "iteration is over")

/** The status codes (the values a cop_status takes). */
typedef enum cop_error_code {
/** Internal: one row of COP_ERROR_TABLE as an enum member. */
#define COP__ENUM(name, value, cls, msg) name = value,
	COP_ERROR_TABLE(COP__ENUM)
#undef COP__ENUM
	COP__ERROR_LAST = 0
} cop_error_code;

/**
 * The outcome of a call: COP_OK (0), COP_ITEROVER (an iterator's end), or
 * one of the negative COP_E* codes above (as notmuch's notmuch_status_t).
 * Every public function that reports success or failure returns a
 * cop_status and nothing else; a function that returns an `int` (or an
 * `int64_t`) returns a value (a count, a number, a boolean) and its doc
 * comment says so.  A cop_status is an int: the ABI is the one of `int`,
 * and the bindings turn it into "no value", "no more items" or an error
 * from the type alone.
 */
typedef int cop_status;

/**
 * A static, human-readable description of a status code.
 * @return a string owned by the library (never NULL; unknown codes give
 *         "unknown error").
 */
COP_EXTERN(const char *) cop_strerror(int code);

/**
 * The symbolic name of a status code ("COP_ENOTFOUND"), or NULL when the
 * code is unknown.  Owned by the library.
 */
COP_EXTERN(const char *) cop_error_name(int code);

/**
 * The message of the last failure on @p store.  With @p store NULL, the
 * message of the last failure of cop_open() in this thread.
 * @return a string owned by the store, valid until the next call on it;
 *         "no error" when the last call succeeded.
 */
COP_EXTERN(const char *) cop_errmsg(const cop_store *store);

/**
 * The status code of the last call on @p store (NULL: last cop_open()).
 * A value, not the status of this call: an `int` holding a cop_status.
 */
COP_EXTERN(int) cop_errcode(const cop_store *store);

COP_END_DECL

#endif
