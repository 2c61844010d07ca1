/*
 * sql/health.c: the health interface (sys/backend.h's cop_backend_health:
 * the roll-ups of docs/health.md, the period's questions and attendance,
 * the check against the facts) written once over a backend's rop() and
 * the shared statements of recognition_sql.h.  The roll-ups themselves
 * are kept by the database (sql/schema.h's triggers).
 */
#include <stdint.h>
#include "sql/sql.h"

/* Run @p op with @p n parameters, each row to @p row (which returns
 * non-zero to stop, that code returned). */
static int each_row(cop_backend *be, int op, const cop_val *p,
	unsigned int n, int (*row)(void *ctx, const cop_row *r), void *ctx)
{
	cop_backend_iter *it = NULL;
	cop_row r;
	int rc;

	if ((rc = be->rop(be, op, p, n, &it)) != COP_OK)
		return rc;
	while ((rc = it->next(it, &r)) == COP_OK)
		if ((rc = row(ctx, &r)) != COP_OK)
			break;
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

/* Each method's rows to its callback, through one context. */
typedef struct hctx {
	int (*day)(void *arg, const cop_health_day_rec *r);
	int (*member)(void *arg, const cop_health_member_rec *r);
	int (*mday)(void *arg, const cop_health_mday_rec *r);
	int (*question)(void *arg, const cop_health_question_rec *r);
	int (*attend)(void *arg, const cop_health_attend_rec *r);
	int (*check)(void *arg, const cop_health_check_rec *r);
	void *arg;
} hctx;

static int day_row(void *ctx, const cop_row *r)
{
	hctx *h = ctx;
	cop_health_day_rec d;

	d.day = cop__r_int(r, 0);
	d.contributions = cop__r_int(r, 1);
	d.authored = cop__r_int(r, 2);
	d.questions = cop__r_int(r, 3);
	return h->day(h->arg, &d);
}

static int days(cop_backend *be, const cop_id *community, int64_t d0,
	int64_t d1, int (*each)(void *arg, const cop_health_day_rec *r),
	void *arg)
{
	cop_val p[3] = { cop__v_id(community), cop__v_int(d0), cop__v_int(d1) };
	return each_row(be, COP_ROP_H_DAYS, p, 3, day_row,
		&(hctx){ .day = each, .arg = arg });
}

static int member_row(void *ctx, const cop_row *r)
{
	hctx *h = ctx;
	cop_health_member_rec m;

	m.member_id = cop__r_id(r, 0);
	m.first_day = cop__r_int(r, 1);
	m.organisation = cop__r_text(r, 2);
	return h->member(h->arg, &m);
}

static int members(cop_backend *be, const cop_id *community, int64_t d1,
	int (*each)(void *arg, const cop_health_member_rec *r), void *arg)
{
	cop_val p[2] = { cop__v_id(community), cop__v_int(d1) };
	return each_row(be, COP_ROP_H_MEMBERS, p, 2, member_row,
		&(hctx){ .member = each, .arg = arg });
}

static int mday_row(void *ctx, const cop_row *r)
{
	hctx *h = ctx;
	cop_health_mday_rec m;

	m.member_id = cop__r_id(r, 0);
	m.day = cop__r_int(r, 1);
	m.contributions = cop__r_int(r, 2);
	return h->mday(h->arg, &m);
}

static int member_days(cop_backend *be, const cop_id *community, int64_t d0,
	int64_t d1, int (*each)(void *arg, const cop_health_mday_rec *r),
	void *arg)
{
	cop_val p[3] = { cop__v_id(community), cop__v_int(d0), cop__v_int(d1) };
	return each_row(be, COP_ROP_H_MEMBER_DAYS, p, 3, mday_row,
		&(hctx){ .mday = each, .arg = arg });
}

static int question_row(void *ctx, const cop_row *r)
{
	hctx *h = ctx;
	cop_health_question_rec q;

	q.created = cop__r_int(r, 0);
	q.responded = r->col[1].type == COP_VAL_INT ? cop__r_int(r, 1) : 0;
	q.answered = cop__r_int(r, 2) != 0;
	q.accepted = cop__r_int(r, 3) != 0;
	return h->question(h->arg, &q);
}

static int questions(cop_backend *be, const cop_id *community, cop_time t0,
	cop_time t1, int (*each)(void *arg, const cop_health_question_rec *r),
	void *arg)
{
	cop_val p[3] = { cop__v_id(community), cop__v_int(t0), cop__v_int(t1) };
	return each_row(be, COP_ROP_H_QUESTIONS, p, 3, question_row,
		&(hctx){ .question = each, .arg = arg });
}

static int attend_row(void *ctx, const cop_row *r)
{
	hctx *h = ctx;
	cop_health_attend_rec a;

	a.event_id = cop__r_id(r, 0);
	a.starts = cop__r_int(r, 1);
	a.member_id = cop__r_id(r, 2);
	a.attendance = (int)cop__r_int(r, 3);
	return h->attend(h->arg, &a);
}

static int attendance(cop_backend *be, const cop_id *community, cop_time t1,
	int (*each)(void *arg, const cop_health_attend_rec *r), void *arg)
{
	cop_val p[2] = { cop__v_id(community), cop__v_int(t1) };
	return each_row(be, COP_ROP_H_ATTENDANCE, p, 2, attend_row,
		&(hctx){ .attend = each, .arg = arg });
}

static int check_row(void *ctx, const cop_row *r)
{
	hctx *h = ctx;
	cop_health_check_rec c;

	c.which = (int)cop__r_int(r, 0);
	c.member_id = cop__r_id(r, 1);
	c.day = cop__r_int(r, 2);
	c.contributions = cop__r_int(r, 3);
	c.authored = cop__r_int(r, 4);
	c.questions = cop__r_int(r, 5);
	return h->check(h->arg, &c);
}

static int verify(cop_backend *be, const cop_id *community,
	int (*each)(void *arg, const cop_health_check_rec *r), void *arg)
{
	cop_val p[1] = { cop__v_id(community) };
	return each_row(be, COP_ROP_H_VERIFY, p, 1, check_row,
		&(hctx){ .check = each, .arg = arg });
}

const cop_backend_health cop__sql_health = {
	COP_BACKEND_HEALTH_VERSION, days, members, member_days, questions,
	attendance, verify
};
