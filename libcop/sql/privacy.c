/*
 * sql/privacy.c: the a member's own data and its erasure interface (sys/backend.h's
 * cop_backend_privacy) written once over a backend's rop() and the shared
 * statements of recognition_sql.h.  The SQL backends hand it out as their
 * table; the core uses it for backends of versions 2 to 5, which have
 * rop() but no privacy table.
 */
#include "sql/sql.h"

const cop_backend_privacy cop__sql_privacy = {
	.version = COP_BACKEND_PRIVACY_VERSION,
};
