/*
 * sql/tags.c: the tags interface (sys/backend.h's cop_backend_tags: a
 * community's tags as records) written once over a backend's rop() and
 * the shared statements of recognition_sql.h.  The SQL backends hand it
 * out as their table; the core uses it for backends of versions 2 to 9,
 * which have rop() but no tags table.  The uses are kept by the
 * database's triggers (sql/schema.h), never written here.
 */
#include <stdint.h>
#include "sql/sql.h"

static int tag_get(cop_backend *be, const cop_id *community, const char *name,
	cop_tag_rec *out)
{
	cop_val p[2];

	p[0] = cop__v_id(community);
	p[1] = cop__v_text(name);
	return cop__sql_first_rec(be, COP_ROP_TAG_GET, p, 2, COP_REC_TAG, out,
		sizeof(*out));
}

static int tag_put(cop_backend *be, const cop_tag_rec *r)
{
	return cop__sql_rec_op(be, COP_ROP_TAG_PUT, COP_REC_TAG, r);
}

static int tag_delete(cop_backend *be, const cop_id *community,
	const char *name)
{
	unsigned int count;
	cop_val p[2];
	int rc;

	p[0] = cop__v_id(community);
	p[1] = cop__v_text(name);
	rc = cop__sql_count_rows(be, COP_ROP_TAG_DEL, p, 2, &count);
	return rc == COP_OK && !count ? COP_ENOTFOUND : rc;
}

static int tag_list(cop_backend *be, const cop_tag_query *q,
	cop_backend_iter **out)
{
	const char *after = q->has_after && q->after_name ? q->after_name : "";
	int64_t limit = q->limit ? (int64_t)q->limit : INT32_MAX;
	cop_val p[5];

	p[0] = cop__v_id(&q->community);
	p[1] = cop__v_int(q->hidden_too ? 1 : 0);
	if (!q->by_uses) {
		p[2] = cop__v_text(after);
		p[3] = cop__v_int(limit);
		return cop__sql_rec_list(be, COP_ROP_TAG_LIST_NAME, p, 4,
			COP_REC_TAG, sizeof(cop_tag_rec), out);
	}
	/* Without a bound: before every row (uses at most INT64_MAX, names
	 * above ""). */
	p[2] = cop__v_int(q->has_after ? q->after_uses : INT64_MAX);
	p[3] = cop__v_text(after);
	p[4] = cop__v_int(limit);
	return cop__sql_rec_list(be, COP_ROP_TAG_LIST_USES, p, 5, COP_REC_TAG,
		sizeof(cop_tag_rec), out);
}

static int tag_threads(cop_backend *be, const cop_id *community,
	const char *name, int (*each)(void *arg, const cop_id *thread),
	void *arg)
{
	cop_backend_iter *it = NULL;
	cop_val p[2];
	cop_row row;
	int rc;

	p[0] = cop__v_id(community);
	p[1] = cop__v_text(name);
	if ((rc = be->rop(be, COP_ROP_TAG_THREADS, p, 2, &it)) != COP_OK)
		return rc;
	while ((rc = it->next(it, &row)) == COP_OK) {
		cop_id id = cop__r_id(&row, 0);

		if ((rc = each(arg, &id)) != COP_OK)
			break;
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int tag_synonyms(cop_backend *be, const cop_id *community,
	const char *from, const char *to)
{
	return cop__sql_run(be, COP_ROP_TAG_SYNONYMS, "itt", community, from,
		to);
}

static int tag_counts(cop_backend *be, const cop_id *community,
	const cop_id *viewer, int64_t *used, int64_t *described)
{
	cop_backend_iter *it = NULL;
	cop_val p[2];
	cop_row row;
	int rc;

	*used = *described = 0;
	p[0] = cop__v_id(community ? community : &cop__nil_id);
	p[1] = cop__v_id(viewer ? viewer : &cop__nil_id);
	if ((rc = be->rop(be, COP_ROP_TAG_COUNTS, p, 2, &it)) != COP_OK)
		return rc;
	if ((rc = it->next(it, &row)) == COP_OK) {
		*used = cop__r_int(&row, 0);
		*described = cop__r_int(&row, 1);
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

const cop_backend_tags cop__sql_tags = {
	COP_BACKEND_TAGS_VERSION, tag_get, tag_put, tag_delete, tag_list,
	tag_threads, tag_synonyms, tag_counts
};
