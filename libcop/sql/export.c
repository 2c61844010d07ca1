/*
 * sql/export.c: the export and import interface (sys/backend.h's
 * cop_backend_export) written once over a backend's rop() and the shared
 * statements of recognition_sql.h.  The SQL backends hand it out as their
 * table; the core uses it for backends of versions 2 to 5, which have
 * rop() but no export table.
 *
 * Each scan is an operation whose row columns map onto a record's fields
 * (by the record's map in sql/record.c, the columns as sys/backend.h's
 * cop_rop lists them); the scope's id, which the row does not repeat, is
 * filled in from the query.
 */
#include <stdint.h>
#include "sql/sql.h"

/* ---- the scans ------------------------------------------------------------ */

/*
 * A scan: its operation's parameters are (scope, [all,] bound..., limit),
 * the bound's fields in the order of @c keys ('i' an id: after_id, then
 * after_id2; 'n' after_num; 't' after_text).  Its row gives the fields
 * @c cols, named by their offsets in the record; or, when @c cols is
 * NULL, the fields of the record's map (sql/record.c) in order without
 * the scope's field.  The scope's field (at offset @c scope, -1: none),
 * which the row does not repeat, is set to the query's scope.  Fields are
 * named, not numbered, so that a map's order may change.
 */
typedef struct xscan {
	int op;
	cop_rec_kind kind;
	unsigned char all;
	const char *keys;
	int scope;
	const unsigned short *cols;
	unsigned char ncols;
} xscan;

#define O(R, f) ((unsigned short)offsetof(R, f))
#define C_(f) O(cop_contribution_rec, f)
#define R_(f) O(cop_revision_rec, f)
#define V_(f) O(cop_vote_rec, f)
#define S_(f) O(cop_standing_rec, f)

/* The columns of the scans whose rows are not in their map's order. */
static const unsigned short x_contribs[] = { C_(id), C_(thread_id),
	C_(author_id), C_(kind), C_(reply_to), C_(translation_of),
	C_(language), C_(body), C_(format), C_(created), C_(edited),
	C_(revision), C_(score), C_(source_score), C_(hidden) };
static const unsigned short x_revisions[] = { R_(contribution_id),
	R_(number), R_(author_id), R_(body), R_(comment), R_(created),
	R_(editor_id), R_(redacted) };
static const unsigned short p_memberships[] = {
	O(cop_membership_rec, community_id),
	O(cop_membership_rec, community_slug), O(cop_membership_rec, role),
	O(cop_membership_rec, status), O(cop_membership_rec, joined),
	O(cop_membership_rec, pledged_hours) };
static const unsigned short p_contribs[] = { C_(id), C_(community_id),
	C_(thread_id), C_(kind), C_(reply_to), C_(translation_of),
	C_(language), C_(format), C_(created), C_(edited), C_(revision),
	C_(score), C_(thread_title), C_(body) };
static const unsigned short p_revisions[] = { R_(number), R_(author_id),
	R_(comment), R_(created), R_(body), R_(editor_id) };
static const unsigned short p_votes[] = { V_(id), V_(community_id),
	V_(contribution_id), V_(kind), V_(rep_voter), V_(created),
	V_(changed) };
static const unsigned short p_standings[] = { S_(community_id),
	S_(reputation), S_(trust), S_(trust_manual), S_(days_active),
	S_(posts), S_(likes_given), S_(likes_received), S_(kudos_received),
	S_(accepted), S_(posts_read) };

static const unsigned short x_tags[] = { O(cop_tag_rec, name),
	O(cop_tag_rec, excerpt), O(cop_tag_rec, wiki),
	O(cop_tag_rec, synonym_of), O(cop_tag_rec, created),
	O(cop_tag_rec, updated) };

#define H_(f) O(cop_thread_change_rec, f)
static const unsigned short x_history[] = { H_(thread_id), H_(number),
	H_(kind), H_(old_value), H_(new_value), H_(actor_id), H_(created),
	H_(comment) };
static const unsigned short p_history[] = { H_(thread_id), H_(number),
	H_(community_id), H_(kind), H_(old_value), H_(new_value), H_(created),
	H_(comment) };

#define N(a) ((unsigned char)(sizeof(a) / sizeof((a)[0])))
/* A scan in the map's order without the scope's field SC (a field name
 * of record type T, or - for none); with the columns IX. */
#define SCOPE(T, sc) ((int)offsetof(T, sc))
#define SCAN(o, k, al, ks, sc) { COP_ROP_##o, COP_REC_##k, al, ks, sc, \
	NULL, 0 }
#define SCANX(o, k, al, ks, sc, ix) { COP_ROP_##o, COP_REC_##k, al, ks, sc, \
	ix, N(ix) }

/* The bound's neutral values: below every row. */
static cop_val key_first(char key)
{
	return key == 'i' ? cop__v_key(&cop__nil_id) :
		key == 'n' ? cop__v_int(INT32_MIN) : cop__v_text("");
}

/* A scan's iterator: records over the operation's rows, by @c field. */
typedef struct xiter {
	cop_backend_iter base;
	cop_backend_iter *rows;
	cop_rec_kind kind;
	cop_sql_field field[COP_ROW_MAX];
	unsigned int nfield;
	int scope_off;                     /* -1: none */
	cop_id scope;
} xiter;

static int xiter_next(cop_backend_iter *bi, void *rec)
{
	xiter *it = (xiter *)bi;
	size_t size = cop__rec_size(it->kind);
	cop_row row;
	int rc = it->rows->next(it->rows, &row);

	if (rc != COP_OK) {
		memset(rec, 0, size);
		return rc;
	}
	if ((rc = cop__sql_fields_from_row(it->field, it->nfield, &row, rec,
			size)) != COP_OK) {
		cop_rec_clear(it->kind, rec);
		return rc;
	}
	if (it->scope_off >= 0)
		memcpy((char *)rec + it->scope_off, &it->scope, sizeof(cop_id));
	/* A badge's class comes last; NULL (none) is -1. */
	if (it->kind == COP_REC_BADGE && (row.ncols == 0 ||
	    row.col[row.ncols - 1].type == COP_VAL_NULL))
		((cop_badge_rec *)rec)->badge_class = -1;
	return COP_OK;
}

static void xiter_free(cop_backend_iter *bi)
{
	xiter *it = (xiter *)bi;

	if (it && it->rows)
		it->rows->free(it->rows);
	cop_free(it);
}

/* The field of record @p r at offset @p off. */
static cop_sql_field field_at(const cop_sql_record *r, unsigned short off)
{
	unsigned int i;

	for (i = 0; i < r->nfield; i++)
		if (r->field[i].off == off)
			break;
	return r->field[i < r->nfield ? i : 0];
}

/* The fields scan @p sc's rows fill, into @p it. */
static void scan_fields(const xscan *sc, xiter *it)
{
	const cop_sql_record *r = &cop__sql_records[sc->kind];
	unsigned int i;

	it->kind = sc->kind;
	it->scope_off = sc->scope;
	for (i = 0; sc->cols && i < sc->ncols; i++)
		it->field[it->nfield++] = field_at(r, sc->cols[i]);
	for (i = 0; !sc->cols && i < r->ncols; i++)
		if ((int)r->field[i].off != sc->scope)
			it->field[it->nfield++] = r->field[i];
}

/* Start scan @p sc for query @p q. */
static int scan_start(cop_backend *be, const xscan *sc,
	const cop_export_query *q, cop_backend_iter **out)
{
	cop_val p[8];
	const cop_id *ids[2];
	unsigned int n = 0, nid = 0;
	const char *k;
	xiter *it;
	int rc;

	ids[0] = &q->after_id;
	ids[1] = &q->after_id2;
	p[n++] = cop__v_id(&q->scope);
	if (sc->all)
		p[n++] = cop__v_int(q->all ? 1 : 0);
	for (k = sc->keys; *k; k++) {
		if (!q->has_after)
			p[n++] = key_first(*k);
		else if (*k == 'i')
			p[n++] = cop__v_key(ids[nid++ & 1]);
		else if (*k == 'n')
			p[n++] = cop__v_int(q->after_num);
		else
			p[n++] = cop__v_text(q->after_text ? q->after_text : "");
	}
	p[n++] = cop__v_int(q->limit ? (int64_t)q->limit : INT32_MAX);
	if (!(it = cop__sql_iter_alloc(sizeof(*it), xiter_next, xiter_free)))
		return COP_ENOMEM;
	scan_fields(sc, it);
	it->scope = q->scope;
	if ((rc = be->rop(be, sc->op, p, n, &it->rows)) != COP_OK) {
		it->rows = NULL;
		xiter_free(&it->base);
		return rc;
	}
	*out = &it->base;
	return COP_OK;
}

/* Define scan method NAME: by community with scan C_, by @p OTHER with
 * O_ (OTHER 0: none). */
#define SCAN_METHOD(NAME, C_, OTHER, O_) \
	static int NAME(cop_backend *be, const cop_export_query *q, \
		cop_backend_iter **out) \
	{ \
		static const xscan c_ = C_, o_ = O_; \
		*out = NULL; \
		if (q->by == COP_EXPORT_BY_COMMUNITY) \
			return scan_start(be, &c_, q, out); \
		if ((OTHER) && q->by == (OTHER)) \
			return scan_start(be, &o_, q, out); \
		return COP_ENOTSUP; \
	}
#define NONE SCAN(X_MEMBERS, MEMBER, 0, "", -1)
#define BY_MEMBER COP_EXPORT_BY_MEMBER
#define MS cop_membership_rec
#define CO cop_contribution_rec
#define RV cop_revision_rec

SCAN_METHOD(scan_members, SCAN(X_MEMBERS, MEMBER, 0, "i", -1), 0, NONE)
SCAN_METHOD(scan_memberships,
	SCAN(X_MEMBERSHIPS, MEMBERSHIP, 0, "i", SCOPE(MS, community_id)),
	BY_MEMBER, SCANX(P_MEMBERSHIPS, MEMBERSHIP, 0, "i",
	SCOPE(MS, member_id), p_memberships))
SCAN_METHOD(scan_threads,
	SCAN(X_THREADS, THREAD, 1, "i", SCOPE(cop_thread_rec, community_id)),
	0, NONE)
SCAN_METHOD(scan_contributions, SCANX(X_CONTRIBS, CONTRIBUTION, 1, "i",
	SCOPE(CO, community_id), x_contribs), BY_MEMBER,
	SCANX(P_CONTRIBS, CONTRIBUTION, 0, "i", SCOPE(CO, author_id),
	p_contribs))
SCAN_METHOD(scan_revisions, SCANX(X_REVISIONS, REVISION, 1, "in",
	SCOPE(RV, community_id), x_revisions), COP_EXPORT_BY_CONTRIBUTION,
	SCANX(P_REVISIONS, REVISION, 0, "n", SCOPE(RV, contribution_id),
	p_revisions))
SCAN_METHOD(scan_links,
	SCAN(X_LINKS, LINK, 1, "ii", SCOPE(cop_link_rec, community_id)),
	0, NONE)
SCAN_METHOD(scan_votes,
	SCAN(X_VOTES, VOTE, 1, "i", SCOPE(cop_vote_rec, community_id)),
	BY_MEMBER, SCANX(P_VOTES, VOTE, 0, "i", SCOPE(cop_vote_rec, voter_id),
	p_votes))
SCAN_METHOD(scan_accepts,
	SCAN(X_ACCEPTS, ACCEPT, 1, "i", SCOPE(cop_accept_rec, community_id)),
	0, NONE)
SCAN_METHOD(scan_kudos,
	SCAN(X_KUDOS, KUDOS, 1, "i", SCOPE(cop_kudos_rec, community_id)),
	BY_MEMBER, SCAN(P_KUDOS, KUDOS, 0, "i", -1))
SCAN_METHOD(scan_ledger,
	SCAN(X_LEDGER, LEDGER, 1, "i", SCOPE(cop_ledger_rec, community_id)),
	BY_MEMBER, SCAN(P_LEDGER, LEDGER, 0, "i",
	SCOPE(cop_ledger_rec, member_id)))
SCAN_METHOD(scan_standings, SCAN(X_STANDINGS, STANDING, 0, "i",
	SCOPE(cop_standing_rec, community_id)), BY_MEMBER,
	SCANX(P_STANDINGS, STANDING, 0, "i", SCOPE(cop_standing_rec, member_id),
	p_standings))
SCAN_METHOD(scan_badges,
	SCAN(X_BADGES, BADGE, 1, "i", SCOPE(cop_badge_rec, community_id)),
	BY_MEMBER, SCAN(P_BADGES, BADGE, 0, "i",
	SCOPE(cop_badge_rec, member_id)))
SCAN_METHOD(scan_sources,
	SCAN(X_SOURCES, SOURCE, 1, "nit", SCOPE(cop_source_rec, community_id)),
	0, NONE)

SCAN_METHOD(scan_tags, SCANX(X_TAGS, TAG, 1, "t",
	SCOPE(cop_tag_rec, community_id), x_tags), 0, NONE)

SCAN_METHOD(scan_history, SCANX(X_HISTORY, THREAD_CHANGE, 1, "in",
	SCOPE(cop_thread_change_rec, community_id), x_history), BY_MEMBER,
	SCANX(P_HISTORY, THREAD_CHANGE, 0, "in",
	SCOPE(cop_thread_change_rec, actor_id), p_history))

/* Define scan method NAME: by member only, with scan M_. */
#define MEMBER_SCAN_METHOD(NAME, M_) \
	static int NAME(cop_backend *be, const cop_export_query *q, \
		cop_backend_iter **out) \
	{ \
		static const xscan m_ = M_; \
		*out = NULL; \
		if (q->by == COP_EXPORT_BY_MEMBER) \
			return scan_start(be, &m_, q, out); \
		return COP_ENOTSUP; \
	}

MEMBER_SCAN_METHOD(scan_hours, SCAN(P_HOURS, HOURS, 0, "in",
	SCOPE(cop_hours_rec, member_id)))
MEMBER_SCAN_METHOD(scan_rsvps, SCAN(P_RSVPS, RSVP, 0, "i",
	SCOPE(cop_rsvp_rec, member_id)))
MEMBER_SCAN_METHOD(scan_follows, SCAN(P_FOLLOWS, FOLLOW, 0, "i",
	SCOPE(cop_follow_rec, member_id)))

/* ---- inserts and counters ---------------------------------------------------- */

static int vote_insert(cop_backend *be, const cop_vote_rec *v)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(COP_REC_VOTE, v, p);

	return be->rop(be, COP_ROP_X_VOTE_INS, p, n, NULL);
}

static int standing_insert(cop_backend *be, const cop_standing_rec *st)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(COP_REC_STANDING, st, p);

	return be->rop(be, COP_ROP_X_STANDING_INS, p, n, NULL);
}

static int badge_insert(cop_backend *be, const cop_badge_rec *b)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(COP_REC_BADGE, b, p);

	/* The class comes last; none is NULL. */
	if (b->badge_class < 0)
		memset(&p[n - 1], 0, sizeof(p[n - 1]));
	return be->rop(be, COP_ROP_X_BADGE_INS, p, n, NULL);
}

static int thread_bump(cop_backend *be, const cop_id *thread, cop_time time)
{
	return cop__sql_run(be, COP_ROP_THREAD_BUMP, "in", thread,
		(int64_t)time);
}

static int thread_add(cop_backend *be, const cop_id *thread, cop_time time,
	int64_t n)
{
	return cop__sql_run(be, COP_ROP_THREAD_ADD, "inn", thread,
		(int64_t)time, n);
}

/* The row the statement returns is the thread found. */
static int thread_answered(cop_backend *be, const cop_id *thread,
	int answered, int state)
{
	int64_t v;

	return cop__sql_run_int(be, COP_ROP_THREAD_ANSWERED, &v, "inn", thread,
		(int64_t)answered, (int64_t)state);
}

static int threads_replied(cop_backend *be, const cop_id *community)
{
	return cop__sql_run(be, COP_ROP_THREADS_REPLIED, "i", community);
}

static int revision_bump(cop_backend *be, const cop_id *contribution,
	cop_time edited, int *number)
{
	int64_t v;
	int rc = cop__sql_run_int(be, COP_ROP_REVISION_BUMP, &v, "in",
		contribution, (int64_t)edited);

	*number = (int)v;
	return rc;
}

static int revision_replaced(cop_backend *be, const cop_id *contribution,
	int number, const cop_id *editor, const char *comment)
{
	return cop__sql_run(be, COP_ROP_REVISION_REPLACED, "init",
		contribution, (int64_t)number, editor, comment);
}

static int hours_erase(cop_backend *be, const cop_id *member,
	const char *text)
{
	return cop__sql_run(be, COP_ROP_P_HOURS_ERASE, "it", member, text);
}

const cop_backend_export cop__sql_export = {
	COP_BACKEND_EXPORT_VERSION,
	scan_members, scan_memberships, scan_threads, scan_contributions,
	scan_revisions, scan_links, scan_votes, scan_accepts, scan_kudos,
	scan_ledger, scan_standings, scan_badges, scan_sources,
	vote_insert, standing_insert, badge_insert, thread_bump, revision_bump,
	scan_hours, scan_rsvps, scan_follows, hours_erase, scan_tags,
	scan_history, revision_replaced, thread_add, thread_answered,
	threads_replied
};
