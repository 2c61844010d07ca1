/*
 * sql/mail.c: the mail interface (sys/backend.h's cop_backend_mail:
 * members' addresses and the store's mail secret) written once over a
 * backend's rop() and the shared statements of recognition_sql.h.  The
 * SQL backends hand it out as their table; the core uses it for backends
 * of versions 2 to 6.
 */
#include <stdint.h>
#include <string.h>
#include "sql/sql.h"

static int email_insert(cop_backend *be, const cop_email_rec *e)
{
	return cop__sql_rec_op(be, COP_ROP_MAIL_EMAIL_INS, COP_REC_EMAIL, e);
}

static int email_get(cop_backend *be, const char *address, cop_email_rec *out)
{
	cop_val p[1];

	p[0] = cop__v_text(address);
	return cop__sql_first_rec(be, COP_ROP_MAIL_EMAIL_GET, p, 1,
		COP_REC_EMAIL, out, sizeof(*out));
}

static int email_list(cop_backend *be, const cop_id *member,
	cop_backend_iter **out)
{
	cop_val p[1];

	p[0] = cop__v_id(member);
	return cop__sql_rec_list(be, COP_ROP_MAIL_EMAIL_LIST, p, 1,
		COP_REC_EMAIL, sizeof(cop_email_rec), out);
}

/* Operation @p op on (@p a, @p b[, @p v]): COP_ENOTFOUND when it gave no
 * row. */
static int one_row(cop_backend *be, int op, cop_val a, cop_val b,
	const cop_val *v)
{
	cop_val p[3];
	unsigned int count;
	int rc;

	p[0] = a;
	p[1] = b;
	if (v)
		p[2] = *v;
	rc = cop__sql_count_rows(be, op, p, v ? 3 : 2, &count);
	return rc == COP_OK && !count ? COP_ENOTFOUND : rc;
}

static int email_verify(cop_backend *be, const cop_id *member,
	const char *address, int verified)
{
	cop_val v = cop__v_int(verified != 0);

	return one_row(be, COP_ROP_MAIL_EMAIL_VERIFY, cop__v_text(address),
		cop__v_id(member), &v);
}

static int email_primary(cop_backend *be, const cop_id *member,
	const char *address)
{
	return one_row(be, COP_ROP_MAIL_EMAIL_PRIMARY, cop__v_id(member),
		cop__v_text(address), NULL);
}

static int email_delete(cop_backend *be, const cop_id *member,
	const char *address)
{
	return one_row(be, COP_ROP_MAIL_EMAIL_DEL, cop__v_id(member),
		cop__v_text(address), NULL);
}

static int email_forget(cop_backend *be, const cop_id *member)
{
	return cop__sql_run(be, COP_ROP_MAIL_EMAIL_FORGET, "i", member);
}

static int secret_get(cop_backend *be, char **out)
{
	cop_backend_iter *it = NULL;
	cop_row row;
	const char *t;
	int rc;

	*out = NULL;
	if ((rc = be->rop(be, COP_ROP_MAIL_SECRET_GET, NULL, 0, &it)) != COP_OK)
		return rc;
	if ((rc = it->next(it, &row)) == COP_OK) {
		t = cop__r_text(&row, 0);
		if (!t)
			rc = COP_ECORRUPT;
		else if (!(*out = cop_strdup(t)))
			rc = COP_ENOMEM;
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_ENOTFOUND : rc;
}

static int secret_put(cop_backend *be, const char *secret)
{
	return cop__sql_run(be, COP_ROP_MAIL_SECRET_PUT, "t", secret);
}

static int message_get(cop_backend *be, const char *message_id,
	cop_id *community, cop_id *contribution)
{
	cop_backend_iter *it = NULL;
	cop_val p[1];
	cop_row row;
	int rc;

	memset(community, 0, sizeof(*community));
	memset(contribution, 0, sizeof(*contribution));
	p[0] = cop__v_text(message_id);
	if ((rc = be->rop(be, COP_ROP_MAIL_MSG_GET, p, 1, &it)) != COP_OK)
		return rc;
	if ((rc = it->next(it, &row)) == COP_OK) {
		if (row.ncols > 0 && row.col[0].type == COP_VAL_ID)
			*community = row.col[0].id;
		if (row.ncols > 1 && row.col[1].type == COP_VAL_ID)
			*contribution = row.col[1].id;
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_ENOTFOUND : rc;
}

static int message_put(cop_backend *be, const char *message_id,
	const cop_id *community, const cop_id *contribution, cop_time created)
{
	return cop__sql_run(be, COP_ROP_MAIL_MSG_PUT, "tiin", message_id,
		community, contribution, (int64_t)created);
}

const cop_backend_mail cop__sql_mail = {
	COP_BACKEND_MAIL_VERSION, email_insert, email_get, email_list,
	email_verify, email_primary, email_delete, email_forget, secret_get,
	secret_put, message_get, message_put
};
