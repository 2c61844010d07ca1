/*
 * sql/record.c: each record's fields in the order of its column list
 * (sql/sql.h), for the SQL backends' reads and writes.
 */
#include "sql/sql.h"

#define F(T, S, M) { COP_SQL_##T, (unsigned short)offsetof(S, M) }

static const cop_sql_field member_f[] = {
	F(KEY, cop_member_rec, id),
	F(TEXT, cop_member_rec, handle),
	F(TEXT, cop_member_rec, display_name),
	F(TEXT, cop_member_rec, organisation),
	F(TEXT, cop_member_rec, languages),
	F(INT, cop_member_rec, status),
	F(I64, cop_member_rec, created),
};

static const cop_sql_field community_f[] = {
	F(KEY, cop_community_rec, id),
	F(TEXT, cop_community_rec, slug),
	F(TEXT, cop_community_rec, name),
	F(TEXT, cop_community_rec, purpose),
	F(TEXT, cop_community_rec, language),
	F(INT, cop_community_rec, visibility),
	F(I64, cop_community_rec, created),
};

static const cop_sql_field membership_f[] = {
	F(KEY, cop_membership_rec, community_id),
	F(KEY, cop_membership_rec, member_id),
	F(INT, cop_membership_rec, role),
	F(INT, cop_membership_rec, status),
	F(I64, cop_membership_rec, joined),
	F(INT, cop_membership_rec, pledged_hours),
	F(TEXT, cop_membership_rec, handle),        /* read, not written */
};

static const cop_sql_field thread_f[] = {
	F(KEY, cop_thread_rec, id),
	F(KEY, cop_thread_rec, community_id),
	F(ID, cop_thread_rec, author_id),
	F(INT, cop_thread_rec, kind),
	F(INT, cop_thread_rec, state),
	F(TEXT, cop_thread_rec, title),
	F(TEXT_NN, cop_thread_rec, tags),
	F(TEXT, cop_thread_rec, language),
	F(I64, cop_thread_rec, created),
	F(I64, cop_thread_rec, last_activity),
	F(INT, cop_thread_rec, contribution_count),
};

static const cop_sql_field contribution_f[] = {
	F(KEY, cop_contribution_rec, id),
	F(KEY, cop_contribution_rec, thread_id),
	F(KEY, cop_contribution_rec, community_id),
	F(ID, cop_contribution_rec, author_id),
	F(INT, cop_contribution_rec, kind),
	F(ID, cop_contribution_rec, reply_to),
	F(ID, cop_contribution_rec, translation_of),
	F(TEXT, cop_contribution_rec, language),
	F(TEXT, cop_contribution_rec, body),
	F(INT, cop_contribution_rec, format),
	F(I64, cop_contribution_rec, created),
	F(I64, cop_contribution_rec, edited),
	F(INT, cop_contribution_rec, revision),
	F(INT, cop_contribution_rec, score),
};

static const cop_sql_field revision_f[] = {
	F(KEY, cop_revision_rec, contribution_id),
	F(KEY, cop_revision_rec, community_id),
	F(INT, cop_revision_rec, number),
	F(ID, cop_revision_rec, author_id),
	F(TEXT, cop_revision_rec, body),
	F(TEXT, cop_revision_rec, comment),
	F(I64, cop_revision_rec, created),
};

static const cop_sql_field log_f[] = {
	F(I64, cop_log_rec, seq),                   /* assigned, not written */
	F(I64, cop_log_rec, time),
	F(ID, cop_log_rec, actor_id),
	F(TEXT, cop_log_rec, op),
	F(ID, cop_log_rec, object_id),
	F(ID, cop_log_rec, community_id),
};

static const cop_sql_field flag_f[] = {
	F(KEY, cop_flag_rec, id),
	F(KEY, cop_flag_rec, community_id),
	F(KEY, cop_flag_rec, contribution_id),
	F(KEY, cop_flag_rec, flagger_id),
	F(TEXT_NN, cop_flag_rec, reason),
	F(INT, cop_flag_rec, state),
	F(I64, cop_flag_rec, created),
	F(ID, cop_flag_rec, resolver_id),
	F(I64, cop_flag_rec, resolved),
};

#define N(a) ((unsigned char)(sizeof(a) / sizeof((a)[0])))

const cop_sql_record cop__sql_records[COP_REC_FLAG + 1] = {
	[COP_REC_MEMBER] = { member_f, N(member_f), 0, N(member_f) },
	[COP_REC_COMMUNITY] = { community_f, N(community_f), 0,
		N(community_f) },
	[COP_REC_MEMBERSHIP] = { membership_f, N(membership_f), 0,
		N(membership_f) - 1 },
	[COP_REC_THREAD] = { thread_f, N(thread_f), 0, N(thread_f) },
	[COP_REC_CONTRIBUTION] = { contribution_f, N(contribution_f), 0,
		N(contribution_f) },
	[COP_REC_REVISION] = { revision_f, N(revision_f), 0, N(revision_f) },
	[COP_REC_LOG] = { log_f, N(log_f), 1, N(log_f) },
	[COP_REC_FLAG] = { flag_f, N(flag_f), 0, N(flag_f) },
};

unsigned int cop__sql_rec_vals(cop_rec_kind kind, const void *rec,
	cop_val *p)
{
	const cop_sql_record *r = &cop__sql_records[kind];
	const cop_sql_field *f;
	const char *t;
	unsigned int i, n = 0;

	for (i = r->bind_from; i < r->nbind; i++) {
		f = &r->field[i];
		switch (f->type) {
		case COP_SQL_KEY:
		case COP_SQL_ID:
			p[n++] = cop__v_id(COP_SQL_AT(rec, f, const cop_id));
			break;
		case COP_SQL_TEXT:
		case COP_SQL_TEXT_NN:
			t = *COP_SQL_AT(rec, f, char *const);
			p[n++] = cop__v_text(!t && f->type == COP_SQL_TEXT_NN ?
				"" : t);
			break;
		case COP_SQL_INT:
			p[n++] = cop__v_int(*COP_SQL_AT(rec, f, const int));
			break;
		default:
			p[n++] = cop__v_int(*COP_SQL_AT(rec, f, const int64_t));
			break;
		}
	}
	return n;
}

int cop__sql_rec_from_row(cop_rec_kind kind, const cop_row *row, void *rec,
	size_t size)
{
	const cop_sql_record *r = &cop__sql_records[kind];
	const cop_sql_field *f;
	const char *t;
	unsigned int i, j;

	memset(rec, 0, size);
	for (i = 0; i < r->ncols; i++) {
		f = &r->field[i];
		switch (f->type) {
		case COP_SQL_KEY:
		case COP_SQL_ID:
			*COP_SQL_AT(rec, f, cop_id) = cop__r_id(row, i);
			break;
		case COP_SQL_TEXT:
		case COP_SQL_TEXT_NN:
			t = cop__r_text(row, i);
			if (!t && f->type == COP_SQL_TEXT)
				break;
			if (!(*COP_SQL_AT(rec, f, char *) = cop_strdup(t ? t : ""))) {
				for (j = 0; j < i; j++)
					if (r->field[j].type == COP_SQL_TEXT ||
					    r->field[j].type == COP_SQL_TEXT_NN)
						cop_free(*COP_SQL_AT(rec,
							&r->field[j], char *));
				memset(rec, 0, size);
				return COP_ENOMEM;
			}
			break;
		case COP_SQL_INT:
			*COP_SQL_AT(rec, f, int) = (int)cop__r_int(row, i);
			break;
		default:
			*COP_SQL_AT(rec, f, int64_t) = cop__r_int(row, i);
			break;
		}
	}
	return COP_OK;
}
