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

static int pref_put(cop_backend *be, const cop_mail_pref_rec *r)
{
	return cop__sql_run(be, COP_ROP_MAIL_PREF_PUT, "iinn", &r->member_id,
		&r->community_id, (int64_t)r->mode, (int64_t)r->since);
}

static void pref_row(const cop_row *row, cop_mail_pref_rec *r)
{
	r->member_id = cop__r_id(row, 0);
	r->community_id = cop__r_id(row, 1);
	r->mode = (int)cop__r_int(row, 2);
	r->since = cop__r_int(row, 3);
	r->last_digest = cop__r_int(row, 4);
}

static int pref_get(cop_backend *be, const cop_id *member,
	const cop_id *community, cop_mail_pref_rec *out)
{
	cop_backend_iter *it = NULL;
	cop_val p[2];
	cop_row row;
	int rc;

	memset(out, 0, sizeof(*out));
	p[0] = cop__v_id(member);
	p[1] = cop__v_id(community);
	if ((rc = be->rop(be, COP_ROP_MAIL_PREF_GET, p, 2, &it)) != COP_OK)
		return rc;
	if ((rc = it->next(it, &row)) == COP_OK)
		pref_row(&row, out);
	it->free(it);
	return rc == COP_ITEROVER ? COP_ENOTFOUND : rc;
}

static int pref_each(cop_backend *be,
	int (*each)(void *arg, const cop_mail_pref_rec *r), void *arg)
{
	cop_backend_iter *it = NULL;
	cop_mail_pref_rec r;
	cop_row row;
	int rc;

	if ((rc = be->rop(be, COP_ROP_MAIL_PREF_LIST, NULL, 0, &it)) != COP_OK)
		return rc;
	while ((rc = it->next(it, &row)) == COP_OK) {
		pref_row(&row, &r);
		if ((rc = each(arg, &r)) != COP_OK)
			break;
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int pref_sent(cop_backend *be, const cop_id *member,
	const cop_id *community, cop_time last_digest)
{
	cop_val v = cop__v_int(last_digest);

	return one_row(be, COP_ROP_MAIL_PREF_SENT, cop__v_id(member),
		cop__v_id(community), &v);
}

static int pref_forget(cop_backend *be, const cop_id *member)
{
	return cop__sql_run(be, COP_ROP_MAIL_PREF_FORGET, "i", member);
}

static int outbox_put(cop_backend *be, const cop_outbox_rec *r)
{
	cop_val p[8];
	unsigned int count;
	int rc;

	p[0] = cop__v_id(&r->id);
	p[1] = cop__v_id(&r->member_id);
	p[2] = cop__v_id(&r->community_id);
	p[3] = cop__v_text(r->source);
	p[4] = cop__v_text(r->recipient);
	p[5] = cop__v_text(r->sender);
	p[6] = cop__v_text(r->message);
	p[7] = cop__v_int(r->created);
	rc = cop__sql_count_rows(be, COP_ROP_MAIL_OUT_PUT, p, 8, &count);
	return rc == COP_OK && !count ? COP_EEXISTS : rc;
}

static int outbox_each(cop_backend *be, int state,
	int (*each)(void *arg, const cop_outbox_rec *r), void *arg)
{
	cop_backend_iter *it = NULL;
	cop_outbox_rec r;
	cop_val p[1];
	cop_row row;
	int rc;

	p[0] = cop__v_int(state);
	if ((rc = be->rop(be, COP_ROP_MAIL_OUT_LIST, p, 1, &it)) != COP_OK)
		return rc;
	while ((rc = it->next(it, &row)) == COP_OK) {
		r.id = cop__r_id(&row, 0);
		r.member_id = cop__r_id(&row, 1);
		r.community_id = cop__r_id(&row, 2);
		r.source = cop__r_text(&row, 3);
		r.recipient = cop__r_text(&row, 4);
		r.sender = cop__r_text(&row, 5);
		r.message = cop__r_text(&row, 6);
		r.created = cop__r_int(&row, 7);
		r.state = (int)cop__r_int(&row, 8);
		r.attempts = (int)cop__r_int(&row, 9);
		r.reason = cop__r_text(&row, 10);
		r.updated = cop__r_int(&row, 11);
		if (!r.source || !r.recipient || !r.sender || !r.message)
			rc = COP_ECORRUPT;
		else
			rc = each(arg, &r);
		if (rc != COP_OK)
			break;
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

static int outbox_mark(cop_backend *be, const cop_id *id, int state,
	const char *reason, cop_time updated)
{
	cop_val p[4];
	unsigned int count;
	int rc;

	p[0] = cop__v_id(id);
	p[1] = cop__v_int(state);
	p[2] = cop__v_text(reason);
	p[3] = cop__v_int(updated);
	rc = cop__sql_count_rows(be, COP_ROP_MAIL_OUT_MARK, p, 4, &count);
	return rc == COP_OK && !count ? COP_ENOTFOUND : rc;
}

static int outbox_forget(cop_backend *be, const cop_id *member)
{
	return cop__sql_run(be, COP_ROP_MAIL_OUT_FORGET, "i", member);
}

const cop_backend_mail cop__sql_mail = {
	COP_BACKEND_MAIL_VERSION, email_insert, email_get, email_list,
	email_verify, email_primary, email_delete, email_forget, secret_get,
	secret_put, message_get, message_put, pref_put, pref_get, pref_each,
	pref_sent, pref_forget, outbox_put, outbox_each, outbox_mark,
	outbox_forget
};
