/*
 * sql/privacy.c: the member-data interface (sys/backend.h's
 * cop_backend_privacy: leaving, erasure policies, the removal of a
 * member's contributions) written once over a backend's rop() and the
 * shared statements of recognition_sql.h.  The SQL backends hand it out
 * as their table; the core uses it for backends of versions 2 to 5,
 * which have rop() but no privacy table.
 *
 * The removal keeps the doomed ids the core hands over in a temporary
 * table for the transaction and runs one statement per step on it.
 */
#include "sql/sql.h"

/* Fill the element @p elem from an operation's row. */
typedef void (*row_fill)(const cop_row *row, void *elem);

/* Every row of operation @p op on @p id, each filled into an element of
 * @p size bytes, into the array *arr points to (cop_malloc'd, NULL when
 * none) and *count. */
static int rows_collect(cop_backend *be, int op, const cop_id *id,
	const cop_id *id2, size_t size, row_fill fill, void *arr,
	size_t *count)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	cop_val p[2];
	size_t cap = 0;
	char *v = NULL, *nv;
	int rc;

	memset(arr, 0, sizeof(v));
	*count = 0;
	p[0] = cop__v_id(id);
	if (id2)
		p[1] = cop__v_id(id2);
	if ((rc = be->rop(be, op, p, id2 ? 2 : 1, &it)) != COP_OK)
		return rc;
	while ((rc = it->next(it, &row)) == COP_OK) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(nv = cop_realloc(v, cap * size))) {
				rc = COP_ENOMEM;
				break;
			}
			v = nv;
		}
		memset(v + *count * size, 0, size);
		fill(&row, v + *count * size);
		(*count)++;
	}
	it->free(it);
	if (rc != COP_ITEROVER) {
		cop_free(v);
		*count = 0;
		return rc;
	}
	memcpy(arr, &v, sizeof(v));
	return COP_OK;
}

static void fill_id(const cop_row *row, void *elem)
{
	*(cop_id *)elem = cop__r_id(row, 0);
}

static int member_communities(cop_backend *be, const cop_id *member,
	cop_id **ids, size_t *n)
{
	return rows_collect(be, COP_ROP_P_COMMUNITIES, member, NULL, sizeof(**ids),
		fill_id, ids, n);
}

static int member_leave(cop_backend *be, const cop_id *member)
{
	return cop__sql_run(be, COP_ROP_P_LEAVE, "i", member);
}

static int kudos_erase(cop_backend *be, const cop_id *member,
	const char *text)
{
	return cop__sql_run(be, COP_ROP_P_KUDOS_ERASE, "it", member, text);
}

static int policy_get(cop_backend *be, const cop_id *community, int *policy)
{
	int64_t v;
	int rc = cop__sql_run_int(be, COP_ROP_X_POLICY_GET, &v, "i", community);

	*policy = (int)v;
	return rc;
}

static int policy_put(cop_backend *be, const cop_id *community, int policy)
{
	return cop__sql_run(be, COP_ROP_X_POLICY_PUT, "in", community,
		(int64_t)policy);
}

static void fill_node(const cop_row *row, void *elem)
{
	cop_erase_node *e = elem;

	e->id = cop__r_id(row, 0);
	e->thread_id = cop__r_id(row, 1);
	e->thread_author_id = cop__r_id(row, 2);
	e->author_id = cop__r_id(row, 3);
	e->reply_to = cop__r_id(row, 4);
	e->translation_of = cop__r_id(row, 5);
}

static int erase_graph(cop_backend *be, const cop_id *community,
	const cop_id *member, cop_erase_node **nodes, size_t *n)
{
	return rows_collect(be, COP_ROP_P_GRAPH, community, member,
		sizeof(**nodes),
		fill_node, nodes, n);
}

/* Add @p n ids to the doomed set as @p what (0 contributions, 1 threads). */
static int doomed_add(cop_backend *be, const cop_id *ids, size_t n, int what)
{
	cop_val p[2];
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		p[0] = cop__v_id(&ids[i]);
		p[1] = cop__v_int(what);
		if ((rc = be->rop(be, COP_ROP_P_DOOMED_ADD, p, 2, NULL)) != COP_OK)
			return rc;
	}
	return COP_OK;
}

static int erase_remove(cop_backend *be, const cop_id *community,
	const cop_id *contribs, size_t ncontribs, const cop_id *threads,
	size_t nthreads)
{
	/* The steps in order, and how many of (community, from, to) each
	 * takes. */
	static const struct { int op; unsigned int n; } steps[] = {
		{ COP_ROP_P_DEL_LEDGER, 1 }, { COP_ROP_P_DEL_BADGES, 1 },
		{ COP_ROP_P_DEL_REOPEN, 3 }, { COP_ROP_P_DEL_ACCEPTS, 1 },
		{ COP_ROP_P_DEL_VOTES, 0 }, { COP_ROP_P_DEL_KUDOS, 1 },
		{ COP_ROP_P_DEL_FLAGS, 0 }, { COP_ROP_P_DEL_REVISIONS, 0 },
		{ COP_ROP_P_DEL_RECOUNT, 1 }, { COP_ROP_P_DEL_BLANK, 0 },
		{ COP_ROP_P_DEL_THREAD_BLANK, 0 }, { COP_ROP_P_DEL_LINKS, 0 },
		{ COP_ROP_NOTE_DEL_DOOMED, 0 }, { COP_ROP_HIST_DEL_DOOMED, 0 },
		{ COP_ROP_P_DEL_CONTRIBS, 0 }, { COP_ROP_P_DEL_THREADS, 0 }
	};
	cop_val p[3];
	size_t i;
	int rc;

	if (ncontribs == 0 && nthreads == 0)
		return COP_OK;
	p[0] = cop__v_id(community);
	p[1] = cop__v_int(COP_THREAD_ANSWERED);
	p[2] = cop__v_int(COP_THREAD_OPEN);
	if ((rc = be->rop(be, COP_ROP_P_DOOMED_OPEN, NULL, 0, NULL)) != COP_OK ||
	    (rc = be->rop(be, COP_ROP_P_DOOMED_CLEAR, NULL, 0, NULL)) != COP_OK ||
	    (rc = doomed_add(be, contribs, ncontribs, 0)) != COP_OK ||
	    (rc = doomed_add(be, threads, nthreads, 1)) != COP_OK)
		return rc;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if ((rc = be->rop(be, steps[i].op, p, steps[i].n, NULL)) != COP_OK)
			return rc;
	return be->rop(be, COP_ROP_P_DOOMED_CLEAR, NULL, 0, NULL);
}

const cop_backend_privacy cop__sql_privacy = {
	COP_BACKEND_PRIVACY_VERSION, member_communities, member_leave,
	kudos_erase, policy_get, policy_put, erase_graph, erase_remove
};
