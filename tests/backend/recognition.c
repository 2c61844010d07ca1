/*
 * recognition.c: the recognition operations (rop) through the backend,
 * table-driven: each step runs one operation with its parameters and
 * states the rows it must give, written as text (ids as #n, nil ids and
 * NULLs as -, text quoted, columns split by |, rows by ;).  Kept in one
 * file and one table so that it ports to typed methods step by step.
 * Skipped when the backend has no rop().
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "betest.h"

/* Constant parameters.  ID(n) is bt_id(n) for n < 256. */
#define I(x) { COP_VAL_INT, (x), { { 0 } }, NULL }
#define ID(n) { COP_VAL_ID, 0, { { 1, 0, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, \
	0, 0, 0, 0, (n) } }, NULL }
#define NIL { COP_VAL_ID, 0, { { 0 } }, NULL }
#define KEYMAX { COP_VAL_KEY, 0, { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } }, NULL }
#define KEYNIL { COP_VAL_KEY, 0, { { 0 } }, NULL }
#define T(s) { COP_VAL_TEXT, 0, { { 0 } }, (s) }
#define BIG I(INT64_MAX)

typedef struct rop_step {
	const char *what;
	int op;
	unsigned int n;
	cop_val p[COP_ROW_MAX];
	const char *rows;        /* NULL: run without rows */
} rop_step;

/* Members 1 (ama) and 2 (kofi) in community 10; thread 20 with
 * contributions 30 (by 1) and 31 (by 2). */
static const rop_step steps[] = {
	{ "vote put", COP_ROP_VOTE_PUT, 10, { ID(40), ID(10), ID(30), ID(2),
		ID(1), I(0), I(10), I(0), I(100), I(100) }, NULL },
	{ "vote get", COP_ROP_VOTE_GET, 2, { ID(30), ID(2) },
		"#40|#10|#30|#2|#1|0|10|0|100|100" },
	{ "vote replace", COP_ROP_VOTE_PUT, 10, { ID(40), ID(10), ID(30),
		ID(2), ID(1), I(1), I(-2), I(0), I(100), I(200) }, NULL },
	{ "vote get again", COP_ROP_VOTE_GET, 2, { ID(30), ID(2) },
		"#40|#10|#30|#2|#1|1|-2|0|100|200" },
	{ "no vote", COP_ROP_VOTE_GET, 2, { ID(30), ID(1) }, "" },

	{ "accept put", COP_ROP_ACCEPT_PUT, 8, { ID(20), ID(10), ID(31),
		ID(2), ID(1), I(15), I(2), I(300) }, NULL },
	{ "accept get", COP_ROP_ACCEPT_GET, 1, { ID(20) },
		"#20|#10|#31|#2|#1|15|2|300" },
	{ "accept cleared", COP_ROP_ACCEPT_PUT, 8, { ID(20), ID(10), NIL,
		NIL, ID(1), I(0), I(0), I(301) }, NULL },
	{ "accept get cleared", COP_ROP_ACCEPT_GET, 1, { ID(20) },
		"#20|#10|-|-|#1|0|0|301" },

	{ "kudos 50", COP_ROP_KUDOS_INS, 7, { ID(50), ID(10), ID(1), ID(2),
		ID(30), T("thanks \xe2\x9c\x93"), I(400) }, NULL },
	{ "kudos 51", COP_ROP_KUDOS_INS, 7, { ID(51), ID(10), NIL, ID(2),
		NIL, T("merci"), I(400) }, NULL },
	{ "kudos list", COP_ROP_KUDOS_LIST, 5, { ID(10), ID(2), BIG, KEYMAX,
		I(10) }, "#51|#10|-|#2|-|'merci'|400;"
		"#50|#10|#1|#2|#30|'thanks \xe2\x9c\x93'|400" },
	{ "kudos page", COP_ROP_KUDOS_LIST, 5, { ID(10), ID(2), I(400),
		ID(51), I(10) }, "#50|#10|#1|#2|#30|'thanks \xe2\x9c\x93'|400" },
	{ "kudos limit", COP_ROP_KUDOS_LIST, 5, { ID(10), ID(2), BIG, KEYMAX,
		I(1) }, "#51|#10|-|#2|-|'merci'|400" },
	{ "no kudos", COP_ROP_KUDOS_LIST, 5, { ID(10), ID(1), BIG, KEYMAX,
		I(10) }, "" },

	{ "ledger 60", COP_ROP_LEDGER_INS, 10, { ID(60), ID(10), ID(2), I(10),
		I(10), I(1), ID(30), ID(1), I(500), T("okra") }, NULL },
	{ "ledger 61", COP_ROP_LEDGER_INS, 10, { ID(61), ID(10), ID(2), I(-2),
		I(-2), I(2), NIL, NIL, I(600), T("") }, NULL },
	{ "ledger list", COP_ROP_LEDGER_LIST, 5, { ID(10), ID(2), BIG, KEYMAX,
		I(10) }, "#61|#10|#2|-2|-2|2|-|-|600|'';"
		"#60|#10|#2|10|10|1|#30|#1|500|'okra'" },

	{ "standing put", COP_ROP_STANDING_PUT, 15, { ID(10), ID(2), I(8),
		I(19000), I(10), I(1), I(-1), I(3), I(19001), I(4), I(5),
		I(6), I(7), I(8), I(9) }, NULL },
	{ "standing get", COP_ROP_STANDING_GET, 2, { ID(10), ID(2) },
		"#10|#2|8|19000|10|1|-1|3|19001|4|5|6|7|8|9" },
	{ "standing replace", COP_ROP_STANDING_PUT, 15, { ID(10), ID(2),
		I(9), I(19002), I(0), I(2), I(2), I(4), I(19002), I(5), I(5),
		I(6), I(7), I(8), I(10) }, NULL },
	{ "standing get again", COP_ROP_STANDING_GET, 2, { ID(10), ID(2) },
		"#10|#2|9|19002|0|2|2|4|19002|5|5|6|7|8|10" },
	{ "no standing", COP_ROP_STANDING_GET, 2, { ID(10), ID(1) }, "" },

	{ "config put", COP_ROP_CONFIG_PUT, 2, { ID(10), T("{\"a\":1}") },
		NULL },
	{ "config replace", COP_ROP_CONFIG_PUT, 2, { ID(10), T("{\"a\":2}") },
		NULL },
	{ "config get", COP_ROP_CONFIG_GET, 1, { ID(10) },
		"#10|'{\"a\":2}'" },
	{ "no config", COP_ROP_CONFIG_GET, 1, { ID(11) }, "" },

	{ "badge", COP_ROP_BADGE_INS, 6, { ID(70), ID(10), ID(2), I(3),
		ID(30), I(700) }, "1" },
	{ "badge again", COP_ROP_BADGE_INS, 6, { ID(71), ID(10), ID(2), I(3),
		ID(30), I(701) }, "" },
	{ "badge other", COP_ROP_BADGE_INS, 6, { ID(72), ID(10), ID(2), I(4),
		ID(2), I(702) }, "1" },
	{ "badge has", COP_ROP_BADGE_HAS, 4, { ID(10), ID(2), I(3), ID(30) },
		"1" },
	{ "badge has not", COP_ROP_BADGE_HAS, 4, { ID(10), ID(1), I(3),
		ID(30) }, "0" },
	{ "badge list", COP_ROP_BADGE_LIST, 5, { ID(10), ID(2), BIG, KEYMAX,
		I(10) }, "#72|#10|#2|4|#2|702|-|-;#70|#10|#2|3|#30|700|-|-" },

	{ "total 2", COP_ROP_TOTAL_ADD, 6, { ID(10), I(0), I(0), T(""), ID(2),
		I(5) }, NULL },
	{ "total 2 more", COP_ROP_TOTAL_ADD, 6, { ID(10), I(0), I(0), T(""),
		ID(2), I(3) }, NULL },
	{ "total 1", COP_ROP_TOTAL_ADD, 6, { ID(10), I(0), I(0), T(""), ID(1),
		I(8) }, NULL },
	{ "total 1 tagged", COP_ROP_TOTAL_ADD, 6, { ID(10), I(0), I(0),
		T("okra"), ID(1), I(1) }, NULL },
	{ "board", COP_ROP_BOARD, 7, { ID(10), I(0), I(0), T(""), BIG, KEYNIL,
		I(10) }, "#1|8|'ama';#2|8|'kofi'" },
	{ "board page", COP_ROP_BOARD, 7, { ID(10), I(0), I(0), T(""), I(8),
		ID(1), I(10) }, "#2|8|'kofi'" },
	{ "board tag", COP_ROP_BOARD, 7, { ID(10), I(0), I(0), T("okra"), BIG,
		KEYNIL, I(10) }, "#1|1|'ama'" },

	{ "stats", COP_ROP_STATS, 1, { ID(10) }, "0|1|0|2" },
	{ "stats all", COP_ROP_STATS, 1, { NIL }, "0|1|0|2" },
	{ "stats elsewhere", COP_ROP_STATS, 1, { ID(11) }, "0|0|0|0" },

	{ "totals cleared", COP_ROP_TOTAL_CLEAR, 1, { ID(10) }, NULL },
	{ "board empty", COP_ROP_BOARD, 7, { ID(10), I(0), I(0), T(""), BIG,
		KEYNIL, I(10) }, "" },
};

static void render(char *buf, size_t cap, const cop_row *r)
{
	unsigned int i;
	size_t len = strlen(buf);

	for (i = 0; i < r->ncols; i++) {
		const cop_val *v = &r->col[i];
		const char *sep = i ? "|" : "";

		switch (v->type) {
		case COP_VAL_INT:
			len += (size_t)snprintf(buf + len, cap - len, "%s%lld",
				sep, (long long)v->i);
			break;
		case COP_VAL_ID:
		case COP_VAL_KEY:
			if (cop_id_is_nil(&v->id))
				len += (size_t)snprintf(buf + len, cap - len,
					"%s-", sep);
			else
				len += (size_t)snprintf(buf + len, cap - len,
					"%s#%u", sep, bt_id_num(&v->id));
			break;
		case COP_VAL_TEXT:
			len += (size_t)snprintf(buf + len, cap - len, "%s'%s'",
				sep, v->text ? v->text : "<null>");
			break;
		default:
			len += (size_t)snprintf(buf + len, cap - len, "%s-", sep);
			break;
		}
		ck_assert_uint_lt(len, cap);
	}
}

START_TEST(round_trip)
{
	size_t i;

	if (bt_be->version < 2 || !bt_be->rop) {
		printf("# SKIP recognition: backend %s has no rop()\n",
			bt_be->name);
		return;
	}
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "kofi");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_QUESTION, "Q", TU_T0);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "q", TU_T0);
	bt_contrib(bt_be, 31, 20, 10, 2, COP_CONTRIB_ANSWER, "a", TU_T0);

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const rop_step *s = &steps[i];
		cop_backend_iter *it = NULL;
		char got[2048] = "";
		cop_row row;
		int rc, nrows = 0;

		if (!s->rows) {
			BT_OK(bt_be, bt_be->rop(bt_be, s->op, s->p, s->n, NULL));
			continue;
		}
		rc = bt_be->rop(bt_be, s->op, s->p, s->n, &it);
		ck_assert_msg(rc == COP_OK, "%s: %s (%s)", s->what,
			tu_ename(rc), bt_be->errmsg(bt_be));
		for (;;) {
			memset(&row, 0, sizeof(row));
			if ((rc = it->next(it, &row)) != COP_OK)
				break;
			if (nrows++)
				strcat(got, ";");
			render(got, sizeof(got), &row);
		}
		it->free(it);
		ck_assert_msg(rc == COP_ITEROVER, "%s: %s (%s)", s->what,
			tu_ename(rc), bt_be->errmsg(bt_be));
		ck_assert_msg(strcmp(got, s->rows) == 0,
			"%s: got \"%s\", expected \"%s\"", s->what, got,
			s->rows);
	}
}
END_TEST

START_TEST(unknown_operation)
{
	cop_val p[1] = { I(0) };
	int rc;

	if (bt_be->version < 2 || !bt_be->rop) {
		printf("# SKIP recognition: backend %s has no rop()\n",
			bt_be->name);
		return;
	}
	/* An operation the backend does not know: COP_ENOTSUP (backend.h). */
	rc = bt_be->rop(bt_be, COP_ROP__COUNT, p, 1, NULL);
	ck_assert_msg(rc == COP_ENOTSUP, "an unknown operation returned %s",
		tu_ename(rc));
	rc = bt_be->rop(bt_be, 0, p, 1, NULL);
	ck_assert_msg(rc == COP_ENOTSUP, "operation 0 returned %s",
		tu_ename(rc));
}
END_TEST

Suite *bt_recognition_suite(void)
{
	const TTest *const tests[] = {
		round_trip, unknown_operation
	};

	return BT_SUITE("backend recognition", bt_setup, bt_teardown, tests);
}
