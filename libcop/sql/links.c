/*
 * sql/links.c: the links and import-sources interfaces (sys/backend.h's
 * cop_backend_links, cop_backend_sources) written once over a backend's
 * rop() and the shared statements of recognition_sql.h, as
 * sql/moderation.c is for flags.
 */
#include <stdint.h>
#include "sql/sql.h"

static int link_insert(cop_backend *be, const cop_link_rec *l)
{
	return cop__sql_run(be, COP_ROP_X_LINK_INS, "iiinn", &l->community_id,
		&l->thread_id, &l->target_id, (int64_t)l->kind,
		(int64_t)l->created);
}

static int link_get(cop_backend *be, const cop_id *thread,
	const cop_id *target, cop_link_rec *out)
{
	cop_val p[2];

	p[0] = cop__v_id(thread);
	p[1] = cop__v_id(target);
	return cop__sql_first_rec(be, COP_ROP_LINK_GET, p, 2, COP_REC_LINK, out,
		sizeof(*out));
}

static int link_list(cop_backend *be, const cop_id *thread,
	const cop_id *after, unsigned int limit, cop_backend_iter **out)
{
	cop_val p[3];

	p[0] = cop__v_id(thread);
	/* Without a bound: below every id (a nil id is sent as its bytes). */
	p[1] = cop__v_key(after ? after : &cop__nil_id);
	p[2] = cop__v_int(limit ? (int64_t)limit : INT32_MAX);
	return cop__sql_rec_list(be, COP_ROP_LINK_LIST, p, 3, COP_REC_LINK,
		sizeof(cop_link_rec), out);
}

const cop_backend_links cop__sql_links = {
	COP_BACKEND_LINKS_VERSION, link_insert, link_get, link_list
};

/* ---- import sources (cop_backend_sources) ------------------------------ */

static int source_get(cop_backend *be, const cop_id *community, int kind,
	const char *source_id, cop_id *object)
{
	cop_val p[3];

	p[0] = cop__v_id(community);
	p[1] = cop__v_int(kind);
	p[2] = cop__v_text(source_id);
	return cop__sql_first_id(be, COP_ROP_SOURCE_GET, p, 3, object);
}

static int source_insert(cop_backend *be, const cop_id *community, int kind,
	const char *source_id, const cop_id *object)
{
	return cop__sql_run(be, COP_ROP_X_SOURCE_INS, "inti", community,
		(int64_t)kind, source_id, object);
}

const cop_backend_sources cop__sql_sources = {
	COP_BACKEND_SOURCES_VERSION, source_get, source_insert
};
