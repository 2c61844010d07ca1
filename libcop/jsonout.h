/*
 * jsonout.h: a buffered JSON writer to a file descriptor, shared by the
 * community export (json_export.c) and a member's export
 * (privacy_export.c).  Not
 * installed.
 */
#ifndef COP_JSONOUT_H
#define COP_JSONOUT_H

#include <jansson.h>

#include "internal.h"

/** Bytes buffered before a write(2). */
#define COP__JOUT_BUF (64 * 1024)

/** A writer: output to @c fd through a buffer; the first failure sticks. */
typedef struct cop__jout {
	cop_store *s;
	int fd;
	char *buf;
	size_t len;
	int rc;              /* the first failure, reported on @c s */
} cop__jout;

/** Start writing to @p fd.  COP_ENOMEM (recorded on @p s) when the
 *  buffer cannot be had. */
int cop__jout_open(cop__jout *o, cop_store *s, int fd);
/** Write what is buffered and release the buffer; returns the first
 *  failure of the writer's life, or COP_OK.  Safe after a failed open. */
int cop__jout_close(cop__jout *o);
/** Append @p n bytes; COP_EIO ("writing the export: ...") on failure. */
int cop__jout_put(cop__jout *o, const char *p, size_t n);
/** Append a C string. */
int cop__jout_str(cop__jout *o, const char *p);
/** Append @p j (consumed; NULL means out of memory) compactly, with
 *  sorted keys: the same value always gives the same bytes. */
int cop__jout_json(cop__jout *o, json_t *j);

#endif
