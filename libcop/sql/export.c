/*
 * sql/export.c: the community export and import interface (sys/backend.h's
 * cop_backend_export) written once over a backend's rop() and the shared
 * statements of recognition_sql.h.  The SQL backends hand it out as their
 * table; the core uses it for backends of versions 2 to 5, which have
 * rop() but no export table.
 */
#include "sql/sql.h"

const cop_backend_export cop__sql_export = {
	.version = COP_BACKEND_EXPORT_VERSION,
};
