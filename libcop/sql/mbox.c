/*
 * sql/mbox.c: the mail-archive interface (sys/backend.h's
 * cop_backend_mbox: members' email addresses and the messages imported)
 * written once over a backend's rop() and the statements of
 * sql/mbox_sql.h.  The SQL backends hand it out as their table; the core
 * uses it for backends of versions 2 to 6.
 */
#include <stdint.h>
#include "sql/sql.h"

static int email_member(cop_backend *be, const char *address, cop_id *member)
{
	cop_val p[1];

	p[0] = cop__v_text(address);
	return cop__sql_first_id(be, COP_ROP_MBOX_EMAIL_GET, p, 1, member);
}

static int email_insert(cop_backend *be, const char *address,
	const cop_id *member, int is_primary, int verified, cop_time created)
{
	return cop__sql_run(be, COP_ROP_MBOX_EMAIL_INS, "tinnn", address,
		member, (int64_t)(is_primary != 0), (int64_t)(verified != 0),
		(int64_t)created);
}

static int message_get(cop_backend *be, const char *message_id,
	cop_id *contribution)
{
	cop_val p[1];

	p[0] = cop__v_text(message_id);
	return cop__sql_first_id(be, COP_ROP_MBOX_MSG_GET, p, 1, contribution);
}

static int message_insert(cop_backend *be, const char *message_id,
	const cop_id *community, const cop_id *contribution, cop_time created)
{
	return cop__sql_run(be, COP_ROP_MBOX_MSG_INS, "tiin", message_id,
		community, contribution, (int64_t)created);
}

const cop_backend_mbox cop__sql_mbox = {
	COP_BACKEND_MBOX_VERSION, email_member, email_insert, message_get,
	message_insert
};
