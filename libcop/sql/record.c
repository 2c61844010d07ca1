/*
 * sql/record.c: each record's fields in the order of its column list
 * (sql/sql.h), for the SQL backends' reads and writes.
 */
#include <stdarg.h>
#include "sql/sql.h"

/* A field of the record type REC (defined before each table), bound in
 * its place. */
#define F(T, M) { COP_SQL_##T, 0, (unsigned short)offsetof(REC, M) }

/* The core records: their tables' columns (sql/tables.h). */
static const cop_sql_field member_f[] = {
	COP_SQL_FIELDS(COP_SQL_TABLE_MEMBER, cop_member_rec)
};
static const cop_sql_field community_f[] = {
	COP_SQL_FIELDS(COP_SQL_TABLE_COMMUNITY, cop_community_rec)
};
/* The member's handle is read, not written; the community's slug only
 * by the export's scan of a member's memberships (sql/export.c). */
#define REC cop_membership_rec
static const cop_sql_field membership_f[] = {
	COP_SQL_FIELDS(COP_SQL_TABLE_MEMBERSHIP, cop_membership_rec)
	F(TEXT, handle), F(TEXT, community_slug),
};
#undef REC
static const cop_sql_field thread_f[] = {
	COP_SQL_FIELDS(COP_SQL_TABLE_THREAD, cop_thread_rec)
};
/* The thread's title is read only by the export's scan of a member's
 * contributions (sql/export.c). */
#define REC cop_contribution_rec
static const cop_sql_field contribution_f[] = {
	COP_SQL_FIELDS(COP_SQL_TABLE_CONTRIBUTION, cop_contribution_rec)
	F(TEXT, thread_title),
};
#undef REC
static const cop_sql_field revision_f[] = {
	COP_SQL_FIELDS(COP_SQL_TABLE_REVISION, cop_revision_rec)
};
/* The seq is assigned by the backend, not written. */
#define REC cop_log_rec
static const cop_sql_field log_f[] = {
	F(I64, seq), COP_SQL_FIELDS(COP_SQL_TABLE_LOG, cop_log_rec)
};
#undef REC
#define REC cop_flag_rec
static const cop_sql_field flag_f[] = {
	F(KEY, id), F(KEY, community_id), F(KEY, contribution_id),
	F(KEY, flagger_id), F(TEXT_NN, reason), F(INT, state), F(I64, created),
	F(ID, resolver_id), F(I64, resolved),
};
#undef REC
/* Rows give (thread, target, kind, created); the community is written. */
#define REC cop_link_rec
static const cop_sql_field link_f[] = {
	F(KEY, thread_id), F(KEY, target_id), F(INT, kind), F(I64, created),
	F(KEY, community_id),
};
#undef REC

/* Recognition (version 6): the tables' columns in order. */
#define REC cop_vote_rec
static const cop_sql_field vote_f[] = {
	F(KEY, id), F(KEY, community_id), F(KEY, contribution_id),
	F(ID, voter_id), F(ID, author_id), F(INT, kind), F(INT, rep_author),
	F(INT, rep_voter), F(I64, created), F(I64, changed),
};
#undef REC
#define REC cop_accept_rec
static const cop_sql_field accept_f[] = {
	F(KEY, thread_id), F(KEY, community_id), F(ID, contribution_id),
	F(ID, author_id), F(ID, acceptor_id), F(INT, rep_author),
	F(INT, rep_acceptor), F(I64, created),
};
#undef REC
#define REC cop_kudos_rec
static const cop_sql_field kudos_f[] = {
	F(KEY, id), F(KEY, community_id), F(ID, from_id), F(KEY, to_id),
	F(ID, contribution_id), F(TEXT_NN, message), F(I64, created),
};
#undef REC
#define REC cop_ledger_rec
static const cop_sql_field ledger_f[] = {
	F(KEY, id), F(KEY, community_id), F(KEY, member_id), F(I64, points),
	F(I64, nominal), F(INT, reason), F(ID, object_id), F(ID, actor_id),
	F(I64, time), F(TEXT_NN, tags),
};
#undef REC
#define REC cop_standing_rec
static const cop_sql_field standing_f[] = {
	F(KEY, community_id), F(KEY, member_id), F(I64, reputation),
	F(I64, cap_day), F(I64, cap_used), F(INT, trust), F(INT, trust_manual),
	F(INT, days_active), F(I64, last_day), F(INT, posts),
	F(INT, likes_given), F(INT, likes_received), F(INT, kudos_received),
	F(INT, accepted), F(INT, posts_read),
};
#undef REC
#define REC cop_badge_rec
static const cop_sql_field badge_f[] = {
	F(KEY, id), F(KEY, community_id), F(KEY, member_id), F(INT, badge),
	F(KEY, object_id), F(I64, awarded), F(TEXT, name), F(INT, badge_class),
};
#undef REC
/* What the recognition operations read besides the tables' rows: short
 * maps, each field named with its record type R. */
#define G(R, T, M) \
	{ COP_SQL_##T, 0, (unsigned short)offsetof(cop_##R##_rec, M) }
static const cop_sql_field total_f[] = { G(total, KEY, community_id),
	G(total, INT, period), G(total, I64, start), G(total, TEXT_NN, tag),
	G(total, KEY, member_id), G(total, I64, points) };
static const cop_sql_field leader_f[] = { G(leader, KEY, member_id),
	G(leader, I64, points), G(leader, TEXT, handle) };
static const cop_sql_field score_check_f[] = {
	G(score_check, KEY, contribution_id), G(score_check, I64, score),
	G(score_check, I64, expected) };
static const cop_sql_field rep_check_f[] = { G(rep_check, KEY, member_id),
	G(rep_check, I64, reputation), G(rep_check, I64, ledger) };
static const cop_sql_field counts_check_f[] = {
	G(counts_check, KEY, member_id), G(counts_check, INT, stored[0]),
	G(counts_check, INT, stored[1]), G(counts_check, INT, stored[2]),
	G(counts_check, INT, stored[3]), G(counts_check, INT, stored[4]),
	G(counts_check, INT, counted[0]), G(counts_check, INT, counted[1]),
	G(counts_check, INT, counted[2]), G(counts_check, INT, counted[3]),
	G(counts_check, INT, counted[4]) };
static const cop_sql_field high_score_f[] = {
	G(high_score, KEY, contribution_id), G(high_score, ID, author_id),
	G(high_score, INT, score), G(high_score, INT, kind),
	G(high_score, INT, thread_kind) };
#undef G

/* Export and import (version 6). */
#define REC cop_source_rec
static const cop_sql_field source_f[] = {
	F(KEY, community_id), F(INT, kind), F(TEXT, source_id),
	F(KEY, object_id),
};
#undef REC

#define REC cop_modaction_rec
static const cop_sql_field modaction_f[] = {
	F(KEY, id), F(ID, community_id), F(INT, kind), F(ID, actor_id),
	F(ID, member_id), F(ID, object_id), F(TEXT_NN, reason), F(I64, start),
	F(I64, until), F(I64, lifted),
};
#undef REC

/* The funding ledger and hours given (version 7). */
#define REC cop_fund_rec
static const cop_sql_field fund_f[] = {
	F(KEY, id), F(KEY, community_id), F(INT, kind), F(I64, amount),
	F(TEXT_NN, currency), F(I64, day), F(TEXT_NN, counterparty),
	F(TEXT_NN, note), F(ID, event_id), F(I64, received), F(ID, actor_id),
	F(I64, created),
};
#undef REC
#define REC cop_fund_sum_rec
static const cop_sql_field fund_sum_f[] = {
	F(TEXT_NN, currency), F(INT, kind), F(I64, amount), F(I64, first),
};
#undef REC
#define REC cop_hours_rec
static const cop_sql_field hours_f[] = {
	F(KEY, community_id), F(I64, month), F(KEY, member_id),
	F(I64, minutes), F(TEXT_NN, note), F(ID, reporter_id), F(I64, changed),
};
#undef REC
#define REC cop_hours_row_rec
static const cop_sql_field hours_row_f[] = {
	F(ID, member_id), F(TEXT, handle), F(TEXT, organisation),
	F(I64, pledged), F(I64, minutes),
};
#undef REC
/* A digest's rows (version 7). */
#define REC cop_digest_rec
static const cop_sql_field digest_f[] = {
	F(INT, section), F(KEY, community_id), F(TEXT, community_slug),
	F(ID, thread_id), F(ID, contribution_id), F(ID, member_id),
	F(TEXT, member_handle), F(ID, actor_id), F(TEXT, actor_handle),
	F(TEXT, title), F(TEXT, language), F(TEXT, text), F(I64, time),
	F(I64, points), F(INT, badge), F(TEXT, badge_name),
};
#undef REC
/* Subscriptions and notifications (version 7). */
#define REC cop_follow_rec
static const cop_sql_field follow_f[] = {
	F(KEY, id), F(KEY, member_id), F(INT, kind), F(KEY, target_id),
	F(KEY, community_id), F(TEXT_NN, tag), F(INT, level), F(I64, created),
};
#undef REC
#define REC cop_notification_rec
static const cop_sql_field notification_f[] = {
	F(KEY, id), F(KEY, member_id), F(INT, kind), F(KEY, community_id),
	F(ID, thread_id), F(ID, contribution_id), F(ID, object_id),
	F(ID, actor_id), F(I64, created), F(I64, read),
};
#undef REC
/* Events (version 7): the table's columns, then what a read adds (the
 * counts, the asked member's answer). */
#define REC cop_event_rec
static const cop_sql_field event_f[] = {
	F(KEY, id), F(KEY, community_id), F(INT, kind), F(TEXT_NN, title),
	F(TEXT_NN, body), F(TEXT, place), F(TEXT, url), F(TEXT_NN, tz),
	F(I64, start), F(I64, end), F(INT, capacity), F(ID, creator_id),
	F(I64, changed), F(INT, sequence), F(I64, cancelled), F(TEXT_NN, reason),
	F(I64, yes), F(I64, maybe), F(I64, waiting), F(I64, attended),
	F(INT, answer), F(INT, answer_waiting),
};
#undef REC
#define REC cop_rsvp_rec
static const cop_sql_field rsvp_f[] = {
	F(KEY, event_id), F(KEY, member_id), F(KEY, community_id),
	F(INT, answer), F(INT, waiting), F(I64, answered), F(INT, attendance),
	F(I64, recorded),
};
#undef REC
/* Facilitation (version 7): a queue item as its listing's row gives it
 * (waited is the core's, neither read nor bound). */
#define REC cop_queue_rec
static const cop_sql_field queue_f[] = {
	F(INT, kind), F(KEY, object_id), F(I64, since), F(I64, waited),
};
#undef REC
/* Mail (version 7): a member's address. */
#define REC cop_email_rec
static const cop_sql_field email_f[] = {
	F(TEXT_NN, address), F(KEY, member_id), F(INT, is_primary),
	F(INT, verified), F(I64, created),
};
#undef REC
/* Tags (version 10): a community's tag. */
#define REC cop_tag_rec
static const cop_sql_field tag_f[] = {
	F(KEY, community_id), F(TEXT_NN, name), F(TEXT, excerpt), F(TEXT, wiki),
	F(TEXT, synonym_of), F(I64, uses), F(I64, hidden_uses), F(I64, created),
	F(I64, updated),
};
#undef REC
/* A thread's history (version 10): an entry. */
#define REC cop_thread_change_rec
static const cop_sql_field change_f[] = {
	F(KEY, thread_id), F(INT, number), F(KEY, community_id), F(INT, kind),
	F(TEXT, old_value), F(TEXT, new_value), F(ID, actor_id),
	F(I64, created), F(TEXT, comment),
};
#undef REC
#define N(a) ((unsigned char)(sizeof(a) / sizeof((a)[0])))

/* A map read and bound whole; a map whose last fields are only read
 * (NREAD of them read, NBIND bound from field FROM). */
#define WHOLE(f) { f, N(f), 0, N(f), N(f) }
#define PART(f, nread, from, nbind) { f, nread, from, nbind, N(f) }

const cop_sql_record cop__sql_records[COP_REC_THREAD_CHANGE + 1] = {
	[COP_REC_MEMBER] = WHOLE(member_f),
	[COP_REC_COMMUNITY] = WHOLE(community_f),
	[COP_REC_MEMBERSHIP] = PART(membership_f, N(membership_f) - 1, 0,
		N(membership_f) - 2),
	[COP_REC_THREAD] = WHOLE(thread_f),
	[COP_REC_CONTRIBUTION] = PART(contribution_f, N(contribution_f) - 1,
		0, N(contribution_f) - 1),
	[COP_REC_REVISION] = WHOLE(revision_f),
	[COP_REC_LOG] = PART(log_f, N(log_f), 1, N(log_f)),
	[COP_REC_FLAG] = WHOLE(flag_f),
	[COP_REC_LINK] = WHOLE(link_f),
	[COP_REC_VOTE] = WHOLE(vote_f),
	[COP_REC_ACCEPT] = WHOLE(accept_f),
	[COP_REC_KUDOS] = WHOLE(kudos_f),
	[COP_REC_LEDGER] = WHOLE(ledger_f),
	[COP_REC_STANDING] = WHOLE(standing_f),
	[COP_REC_BADGE] = WHOLE(badge_f),
	[COP_REC_SOURCE] = WHOLE(source_f),
	[COP_REC_TOTAL] = WHOLE(total_f),
	[COP_REC_LEADER] = WHOLE(leader_f),
	[COP_REC_SCORE_CHECK] = WHOLE(score_check_f),
	[COP_REC_REP_CHECK] = WHOLE(rep_check_f),
	[COP_REC_COUNTS_CHECK] = WHOLE(counts_check_f),
	[COP_REC_HIGH_SCORE] = WHOLE(high_score_f),
	[COP_REC_MODACTION] = WHOLE(modaction_f),
	[COP_REC_FUND] = WHOLE(fund_f),
	[COP_REC_FUND_SUM] = WHOLE(fund_sum_f),
	[COP_REC_HOURS] = WHOLE(hours_f),
	[COP_REC_HOURS_ROW] = WHOLE(hours_row_f),
	[COP_REC_DIGEST] = WHOLE(digest_f),
	[COP_REC_FOLLOW] = WHOLE(follow_f),
	[COP_REC_NOTIFICATION] = WHOLE(notification_f),
	[COP_REC_EVENT] = PART(event_f, N(event_f), 0, N(event_f) - 6),
	[COP_REC_RSVP] = WHOLE(rsvp_f),
	[COP_REC_QUEUE] = PART(queue_f, N(queue_f) - 1, 0, N(queue_f) - 1),
	[COP_REC_EMAIL] = WHOLE(email_f),
	[COP_REC_TAG] = WHOLE(tag_f),
	[COP_REC_THREAD_CHANGE] = WHOLE(change_f),
};

/* Binders that put parameters into an array of values (rop()'s). */
static int val_id(void *ctx, int i, const cop_id *id, int key)
{
	(void)key;
	((cop_val *)ctx)[i - 1] = cop__v_id(id);
	return COP_OK;
}

static int val_text(void *ctx, int i, const char *t)
{
	((cop_val *)ctx)[i - 1] = cop__v_text(t);
	return COP_OK;
}

static int val_int(void *ctx, int i, int64_t v)
{
	((cop_val *)ctx)[i - 1] = cop__v_int(v);
	return COP_OK;
}

static const cop_sql_io val_io = { NULL, NULL, NULL, val_id, val_text,
	val_int, NULL };

unsigned int cop__sql_rec_vals(cop_rec_kind kind, const void *rec,
	cop_val *p)
{
	const cop_sql_record *r = &cop__sql_records[kind];

	(void)cop__sql_bind(&val_io, p, kind, rec);
	return (unsigned int)(r->nbind - r->bind_from);
}

/* Readers of an operation's row (rop()'s cop_row); text is copied. */
static int row_id(void *ctx, int col, cop_id *out)
{
	*out = cop__r_id(ctx, (unsigned int)col);
	return COP_OK;
}

static int row_text(void *ctx, int col, char **out)
{
	const char *t = cop__r_text(ctx, (unsigned int)col);

	*out = NULL;
	if (!t)
		return COP_OK;
	return (*out = cop_strdup(t)) ? COP_OK : COP_ENOMEM;
}

static int64_t row_int(void *ctx, int col)
{
	return cop__r_int(ctx, (unsigned int)col);
}

static int row_null(void *ctx, int col)
{
	const cop_row *r = ctx;

	return (unsigned int)col >= r->ncols ||
		r->col[col].type == COP_VAL_NULL;
}

static const cop_sql_io row_io = { row_id, row_text, row_int, NULL, NULL,
	NULL, row_null };

int cop__sql_fields_from_row(const cop_sql_field *field, unsigned int n,
	const cop_row *row, void *rec, size_t size)
{
	return cop__sql_fill_fields(&row_io, (void *)row, field, n, 0, rec,
		size);
}

/* The same, lending the row's text (a listing's, COP_BACKEND_ITER_BORROWED:
 * valid until the rows' next call). */
static int row_text_lent(void *ctx, int col, char **out)
{
	*out = (char *)cop__r_text(ctx, (unsigned int)col);
	return COP_OK;
}

static const cop_sql_io row_io_lent = { row_id, row_text_lent, row_int,
	NULL, NULL, NULL, row_null };

int cop__sql_rec_from_row(cop_rec_kind kind, const cop_row *row, void *rec,
	size_t size)
{
	int rc = cop__sql_fill(&row_io, (void *)row, kind, 0, rec, size);

	if (rc < 0)
		cop_rec_clear(kind, rec);
	return rc;
}

int cop__rec_from_vals(cop_rec_kind kind, const cop_val *v, unsigned int n,
	void *rec, size_t size)
{
	cop_row row;

	memset(&row, 0, sizeof(row));
	row.ncols = n < COP_ROW_MAX ? n : COP_ROW_MAX;
	memcpy(row.col, v, row.ncols * sizeof(*v));
	return cop__sql_rec_from_row(kind, &row, rec, size);
}

/* ---- records over an operation's rows ---------------------------------- */

/* The parameters @p types describes, from @p ap, into @p p; their number. */
static unsigned int args_vals(const char *types, va_list ap, cop_val *p)
{
	unsigned int n = 0;

	for (; *types && n < COP_ROW_MAX; types++, n++)
		switch (*types) {
		case 'i': p[n] = cop__v_id(va_arg(ap, const cop_id *)); break;
		case 'n': p[n] = cop__v_int(va_arg(ap, int64_t)); break;
		default: p[n] = cop__v_text(va_arg(ap, const char *)); break;
		}
	return n;
}

int cop__sql_run(cop_backend *be, int op, const char *types, ...)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n;
	va_list ap;

	va_start(ap, types);
	n = args_vals(types, ap, p);
	va_end(ap);
	return be->rop(be, op, p, n, NULL);
}

int cop__sql_run_int(cop_backend *be, int op, int64_t *out,
	const char *types, ...)
{
	cop_backend_iter *it = NULL;
	cop_val p[COP_ROW_MAX];
	cop_row row;
	unsigned int n;
	va_list ap;
	int rc;

	*out = 0;
	va_start(ap, types);
	n = args_vals(types, ap, p);
	va_end(ap);
	if ((rc = be->rop(be, op, p, n, &it)) != COP_OK)
		return rc;
	if ((rc = it->next(it, &row)) == COP_OK)
		*out = cop__r_int(&row, 0);
	it->free(it);
	return rc == COP_ITEROVER ? COP_ENOTFOUND : rc;
}

/* The first row of operation @p op into @p rec of @p kind:
 * COP_ENOTFOUND when there is none. */
int cop__sql_first_rec(cop_backend *be, int op, const cop_val *p,
	unsigned int n, cop_rec_kind kind, void *rec, size_t size)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	int rc;

	memset(rec, 0, size);
	if ((rc = be->rop(be, op, p, n, &it)) != COP_OK)
		return rc;
	rc = it->next(it, &row);
	if (rc == COP_OK)
		rc = cop__sql_rec_from_row(kind, &row, rec, size);
	else if (rc == COP_ITEROVER)
		rc = COP_ENOTFOUND;
	it->free(it);
	return rc;
}

int cop__sql_each_int(cop_backend *be, int op, const cop_val *p,
	unsigned int n, void (*each)(void *arg, int64_t v), void *arg)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	int rc;

	if ((rc = be->rop(be, op, p, n, &it)) != COP_OK)
		return rc;
	while ((rc = it->next(it, &row)) == COP_OK)
		each(arg, cop__r_int(&row, 0));
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

void cop__sql_count_row(void *arg, int64_t v)
{
	(void)v;
	++*(unsigned int *)arg;
}

/* A listing of records over an operation's rows. */
typedef struct rec_iter {
	cop_backend_iter base;
	cop_backend_iter *rows;
	cop_rec_kind kind;
	size_t size;
	cop_row row;             /* the last row, whose text records borrow */
} rec_iter;

static int rec_iter_next(cop_backend_iter *bi, void *rec)
{
	rec_iter *it = (rec_iter *)bi;
	int rc = it->rows->next(it->rows, &it->row);

	if (rc != COP_OK)
		return rc;
	/* The strings point into the row, kept until the next call. */
	return cop__sql_fill(&row_io_lent, &it->row, it->kind, 0, rec,
		it->size);
}

static void rec_iter_free(cop_backend_iter *bi)
{
	rec_iter *it = (rec_iter *)bi;

	if (!it)
		return;
	if (it->rows)
		it->rows->free(it->rows);
	cop_free(it);
}

int cop__sql_rec_list(cop_backend *be, int op, const cop_val *p,
	unsigned int n, cop_rec_kind kind, size_t size,
	cop_backend_iter **out)
{
	rec_iter *it;
	int rc;

	*out = NULL;
	it = cop__sql_iter_alloc(sizeof(*it), rec_iter_next, rec_iter_free);
	if (!it)
		return COP_ENOMEM;
	it->kind = kind;
	it->size = size;
	it->base.flags = COP_BACKEND_ITER_BORROWED;
	if ((rc = be->rop(be, op, p, n, &it->rows)) != COP_OK) {
		it->rows = NULL;
		rec_iter_free(&it->base);
		return rc;
	}
	*out = &it->base;
	return COP_OK;
}

int cop__sql_list_desc(cop_backend *be, int op, const cop_id *scope,
	int has_after, int64_t after_num, const cop_id *after_id,
	unsigned int limit, cop_rec_kind kind, size_t size,
	cop_backend_iter **out)
{
	static const cop_id top = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	cop_val p[4];

	p[0] = cop__v_id(scope);
	/* Without a bound: above every row. */
	p[1] = cop__v_int(has_after ? after_num : INT64_MAX);
	p[2] = cop__v_key(has_after ? after_id : &top);
	p[3] = cop__v_int(limit ? (int64_t)limit : INT32_MAX);
	return cop__sql_rec_list(be, op, p, 4, kind, size, out);
}

int cop__sql_rec_op(cop_backend *be, int op, cop_rec_kind kind,
	const void *rec)
{
	cop_val p[COP_ROW_MAX];
	unsigned int n = cop__sql_rec_vals(kind, rec, p);

	return be->rop(be, op, p, n, NULL);
}

int cop__sql_count_rows(cop_backend *be, int op, const cop_val *p,
	unsigned int n, unsigned int *count)
{
	*count = 0;
	return cop__sql_each_int(be, op, p, n, cop__sql_count_row, count);
}

int cop__sql_first_id(cop_backend *be, int op, const cop_val *p,
	unsigned int n, cop_id *out)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = be->rop(be, op, p, n, &it)) != COP_OK)
		return rc;
	if ((rc = it->next(it, &row)) == COP_OK)
		*out = cop__r_id(&row, 0);
	it->free(it);
	return rc == COP_ITEROVER ? COP_ENOTFOUND : rc;
}
