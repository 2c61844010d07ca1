/*
 * sql/recognition.c: the recognition (votes, accepted answers, kudos, the ledger, standings, totals, badges, configuration, verify's reads) interface (sys/backend.h's
 * cop_backend_recognition) written once over a backend's rop() and the shared
 * statements of recognition_sql.h.  The SQL backends hand it out as their
 * table; the core uses it for backends of versions 2 to 5, which have
 * rop() but no recognition table.
 */
#include "sql/sql.h"

const cop_backend_recognition cop__sql_recognition = {
	.version = COP_BACKEND_RECOGNITION_VERSION,
};
