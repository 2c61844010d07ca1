/*
 * postgresql/pg.h: the PostgreSQL backend's entry point.  Not installed.
 */
#ifndef COP_POSTGRESQL_PG_H
#define COP_POSTGRESQL_PG_H

#include "cop/sys/backend.h"

/**
 * Open the PostgreSQL backend for @p uri ("postgresql://..." or
 * "postgres://...", handed to libpq once the cop_schema and
 * cop_schema_drop query parameters are taken out).  Creates or migrates
 * the schema unless COP_OPEN_READONLY or COP_OPEN_NOCREATE forbid it.
 * @return COP_OK, COP_EINVAL (bad URI parameter), COP_ENOTFOUND (no
 *         libcop schema with NOCREATE/READONLY), COP_EIO (cannot connect),
 *         COP_ECORRUPT (not a libcop schema), COP_EVERSION (schema too
 *         new, or too old for a read-only open), COP_ENOTSUP (database
 *         encoding is not UTF8), COP_ENOMEM.  *errmsg may receive a
 *         cop_malloc'd message.
 */
int cop__pg_open(cop_backend **out, const char *uri,
	const cop_open_options *opts, char **errmsg);

#endif
