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
#include <stdlib.h>
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
#define NSTEPS(tab) (sizeof(tab) / sizeof((tab)[0]))

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

/* Rows of an operation whose order is not part of its contract: sorted
 * as text before they are compared ("~" before the expected rows). */
static int row_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void sort_rows(char *buf, size_t cap)
{
	char copy[2048], *row[64], *p;
	size_t n = 0, i, len = 0;

	ck_assert_uint_lt(strlen(buf), sizeof(copy));
	strcpy(copy, buf);
	for (p = strtok(copy, ";"); p; p = strtok(NULL, ";")) {
		ck_assert_uint_lt(n, sizeof(row) / sizeof(row[0]));
		row[n++] = p;
	}
	qsort(row, n, sizeof(row[0]), row_cmp);
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
			i ? ";" : "", row[i]);
}

/* Run the @p n steps of @p tab on bt_be, each asserting its rows. */
static void run_steps(const rop_step *tab, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const rop_step *s = &tab[i];
		const char *want = s->rows;
		cop_backend_iter *it = NULL;
		char got[2048] = "";
		cop_row row;
		int rc, nrows = 0;

		if (!want) {
			rc = bt_be->rop(bt_be, s->op, s->p, s->n, NULL);
			ck_assert_msg(rc == COP_OK, "%s: %s (%s)", s->what,
				tu_ename(rc), bt_be->errmsg(bt_be));
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
		if (want[0] == '~') {
			want++;
			sort_rows(got, sizeof(got));
		}
		ck_assert_msg(strcmp(got, want) == 0,
			"%s: got \"%s\", expected \"%s\"", s->what, got, want);
	}
}

/* 1 when the backend runs operations; else says why the test is skipped. */
static int has_rop(void)
{
	if (bt_be->version < 2 || !bt_be->rop) {
		printf("# SKIP recognition: backend %s has no rop()\n",
			bt_be->name);
		return 0;
	}
	return 1;
}

START_TEST(round_trip)
{
	if (!has_rop())
		return;
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "kofi");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_QUESTION, "Q", TU_T0);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "q", TU_T0);
	bt_contrib(bt_be, 31, 20, 10, 2, COP_CONTRIB_ANSWER, "a", TU_T0);
	run_steps(steps, NSTEPS(steps));
}
END_TEST

START_TEST(unknown_operation)
{
	cop_val p[1] = { I(0) };
	int rc;

	if (!has_rop())
		return;
	/* An operation the backend does not know: COP_ENOTSUP (backend.h). */
	rc = bt_be->rop(bt_be, COP_ROP__COUNT, p, 1, NULL);
	ck_assert_msg(rc == COP_ENOTSUP, "an unknown operation returned %s",
		tu_ename(rc));
	rc = bt_be->rop(bt_be, 0, p, 1, NULL);
	ck_assert_msg(rc == COP_ENOTSUP, "operation 0 returned %s",
		tu_ename(rc));
}
END_TEST

/* ---- the scans of exports and of a member's data, and upkeep ------------ */

#define T0 "1700000000000"       /* TU_T0: threads' creation */

/*
 * Members 1 (ama), 2 (kofi), 3 (esi); communities 10 (1 and 2 members)
 * and 11 (1 and 3 members).  In 10: thread 20 by 1 (post 30 by 1, reply
 * 31 by 2), hidden thread 21 by 2 (post 32 by 2), thread 23 by 1 without
 * contributions, links 20 -> 21 and 20 -> 23; in 11: thread 22 by 3
 * (post 33 by 3).  Votes 40 (2 up on 30), 41 (1 down on hidden 32), 42
 * (1 up on 33, in 11); accepted answers 31 (thread 20) and 32 (hidden
 * 21); kudos 50 (1 to 2 on hidden 32), 51 (2 to 1 on nothing), 52 (3 to
 * 1 on 33, in 11); ledger 60 (1, vote 40), 61 (2, vote 41 on a hidden
 * contribution), 62 (1, no object), 64 (2, hidden thread 21), 63 (1, in
 * 11); badges 70 (2, on hidden 32), 71 (1, once-only), 72 (1, in 11);
 * standings of 1 and 2 in 10 and of 1 in 11.
 */
static const rop_step world_steps[] = {
	{ "vote 40", COP_ROP_VOTE_PUT, 10, { ID(40), ID(10), ID(30), ID(2),
		ID(1), I(0), I(10), I(0), I(200), I(200) }, NULL },
	{ "vote 41", COP_ROP_VOTE_PUT, 10, { ID(41), ID(10), ID(32), ID(1),
		ID(2), I(1), I(-2), I(-1), I(201), I(202) }, NULL },
	{ "vote 42", COP_ROP_VOTE_PUT, 10, { ID(42), ID(11), ID(33), ID(1),
		ID(3), I(0), I(10), I(0), I(203), I(203) }, NULL },
	{ "accept 20", COP_ROP_ACCEPT_PUT, 8, { ID(20), ID(10), ID(31),
		ID(2), ID(1), I(15), I(2), I(300) }, NULL },
	{ "accept 21", COP_ROP_ACCEPT_PUT, 8, { ID(21), ID(10), ID(32),
		ID(2), ID(2), I(15), I(0), I(301) }, NULL },
	{ "kudos 50", COP_ROP_KUDOS_INS, 7, { ID(50), ID(10), ID(1), ID(2),
		ID(32), T("h"), I(400) }, NULL },
	{ "kudos 51", COP_ROP_KUDOS_INS, 7, { ID(51), ID(10), ID(2), ID(1),
		NIL, T("thanks"), I(401) }, NULL },
	{ "kudos 52", COP_ROP_KUDOS_INS, 7, { ID(52), ID(11), ID(3), ID(1),
		ID(33), T("e"), I(402) }, NULL },
	{ "ledger 60", COP_ROP_LEDGER_INS, 10, { ID(60), ID(10), ID(1), I(10),
		I(10), I(1), ID(40), ID(2), I(500), T("") }, NULL },
	{ "ledger 61", COP_ROP_LEDGER_INS, 10, { ID(61), ID(10), ID(2), I(-2),
		I(-2), I(2), ID(41), ID(1), I(501), T("") }, NULL },
	{ "ledger 62", COP_ROP_LEDGER_INS, 10, { ID(62), ID(10), ID(1), I(15),
		I(15), I(3), NIL, NIL, I(502), T("okra") }, NULL },
	{ "ledger 63", COP_ROP_LEDGER_INS, 10, { ID(63), ID(11), ID(1), I(2),
		I(2), I(5), ID(52), ID(3), I(503), T("") }, NULL },
	{ "ledger 64", COP_ROP_LEDGER_INS, 10, { ID(64), ID(10), ID(2), I(15),
		I(15), I(4), ID(21), ID(2), I(504), T("") }, NULL },
	{ "badge 70", COP_ROP_BADGE_INS, 6, { ID(70), ID(10), ID(2), I(3),
		ID(32), I(700) }, "1" },
	{ "badge 71", COP_ROP_BADGE_INS, 6, { ID(71), ID(10), ID(1), I(4),
		ID(1), I(701) }, "1" },
	{ "badge 72", COP_ROP_BADGE_INS, 6, { ID(72), ID(11), ID(1), I(3),
		ID(33), I(702) }, "1" },
	{ "standing 10/1", COP_ROP_STANDING_PUT, 15, { ID(10), ID(1), I(11),
		I(19000), I(10), I(1), I(-1), I(3), I(19001), I(1), I(0),
		I(1), I(1), I(0), I(7) }, NULL },
	{ "standing 10/2", COP_ROP_STANDING_PUT, 15, { ID(10), ID(2), I(20),
		I(19000), I(0), I(0), I(-1), I(1), I(19000), I(2), I(1),
		I(0), I(0), I(1), I(4) }, NULL },
	{ "standing 11/1", COP_ROP_STANDING_PUT, 15, { ID(11), ID(1), I(3),
		I(19000), I(0), I(0), I(-1), I(1), I(19000), I(0), I(1),
		I(0), I(1), I(0), I(0) }, NULL },
	{ "link 20 21", COP_ROP_X_LINK_INS, 5, { ID(10), ID(20), ID(21), I(0),
		I(600) }, NULL },
	{ "link 20 23", COP_ROP_X_LINK_INS, 5, { ID(10), ID(20), ID(23), I(1),
		I(601) }, NULL },
};

static void world(void)
{
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "kofi");
	bt_member(bt_be, 3, "esi");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	bt_membership(bt_be, 10, 1, 0, 0);
	bt_membership(bt_be, 10, 2, 2, 1);
	bt_membership(bt_be, 11, 1, 0, 0);
	bt_membership(bt_be, 11, 3, 0, 0);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "Q", 1000);
	bt_thread(bt_be, 21, 10, 2, COP_THREAD_HIDDEN, "H", 1001);
	bt_thread(bt_be, 22, 11, 3, COP_THREAD_OPEN, "E", 1002);
	bt_thread(bt_be, 23, 10, 1, COP_THREAD_OPEN, "S", 1003);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "q", 100);
	bt_contrib(bt_be, 31, 20, 10, 2, COP_CONTRIB_REPLY, "r", 101);
	bt_contrib(bt_be, 32, 21, 10, 2, COP_CONTRIB_POST, "h", 102);
	bt_contrib(bt_be, 33, 22, 11, 3, COP_CONTRIB_POST, "e", 103);
	run_steps(world_steps, NSTEPS(world_steps));
}

/* Rows of the world's records as the export scans give them. */
#define XT20 "#20|#1|0|0|'Q'|''|'en'|" T0 "|1000|1"
#define XT21 "#21|#2|0|5|'H'|''|'en'|" T0 "|1001|1"
#define XT23 "#23|#1|0|0|'S'|''|'en'|" T0 "|1003|1"
#define XC30 "#30|#20|#1|0|-|-|'en'|'q'|0|100|0|1|0"
#define XC31 "#31|#20|#2|1|-|-|'en'|'r'|0|101|0|1|0"
#define XC32 "#32|#21|#2|0|-|-|'en'|'h'|0|102|0|1|0"
#define XV40 "#40|#30|#2|#1|0|10|0|200|200"
#define XV41 "#41|#32|#1|#2|1|-2|-1|201|202"
#define XA20 "#20|#31|#2|#1|15|2|300"
#define XA21 "#21|#32|#2|#2|15|0|301"
#define XK50 "#50|#1|#2|#32|'h'|400"
#define XK51 "#51|#2|#1|-|'thanks'|401"
#define XL60 "#60|#1|10|10|1|#40|#2|500|''"
#define XL61 "#61|#2|-2|-2|2|#41|#1|501|''"
#define XL62 "#62|#1|15|15|3|-|-|502|'okra'"
#define XL64 "#64|#2|15|15|4|#21|#2|504|''"
#define XL60R "#1|10|10|1|#40|#2|500|''"
#define XL61R "#2|-2|-2|2|#41|#1|501|''"
#define XL62R "#1|15|15|3|-|-|502|'okra'"
#define XL64R "#2|15|15|4|#21|#2|504|''"
#define XB70 "#70|#2|3|#32|700|-|-"
#define XB71 "#71|#1|4|#1|701|-|-"

/* The export scans of community 10: "all" 0 leaves out hidden thread 21
 * and what hangs on it (its contribution, the votes, kudos, accepted
 * answer and badges on them, the ledger entries whose object is one of
 * these, links from or to it). */
static const rop_step export_steps[] = {
	{ "members", COP_ROP_X_MEMBERS, 3, { ID(10), KEYNIL, I(10) },
		"#1|'ama'|'Name ama'|-|-|0|1700000000001;"
		"#2|'kofi'|'Name kofi'|-|-|0|1700000000002" },
	{ "members page", COP_ROP_X_MEMBERS, 3, { ID(10), ID(1), I(10) },
		"#2|'kofi'|'Name kofi'|-|-|0|1700000000002" },
	{ "members limit", COP_ROP_X_MEMBERS, 3, { ID(10), KEYNIL, I(1) },
		"#1|'ama'|'Name ama'|-|-|0|1700000000001" },
	{ "memberships", COP_ROP_X_MEMBERSHIPS, 3, { ID(10), KEYNIL, I(10) },
		"#1|0|0|1700000000001|0;#2|2|1|1700000000002|0" },
	{ "memberships page", COP_ROP_X_MEMBERSHIPS, 3, { ID(10), ID(1),
		I(10) }, "#2|2|1|1700000000002|0" },
	{ "memberships elsewhere", COP_ROP_X_MEMBERSHIPS, 3, { ID(12),
		KEYNIL, I(10) }, "" },

	{ "threads", COP_ROP_X_THREADS, 4, { ID(10), I(0), KEYNIL, I(10) },
		XT20 ";" XT23 },
	{ "threads all", COP_ROP_X_THREADS, 4, { ID(10), I(1), KEYNIL,
		I(10) }, XT20 ";" XT21 ";" XT23 },
	{ "threads page", COP_ROP_X_THREADS, 4, { ID(10), I(1), ID(20),
		I(1) }, XT21 },
	{ "threads page shown", COP_ROP_X_THREADS, 4, { ID(10), I(0), ID(20),
		I(1) }, XT23 },

	{ "contribs", COP_ROP_X_CONTRIBS, 4, { ID(10), I(0), KEYNIL, I(10) },
		XC30 ";" XC31 },
	{ "contribs all", COP_ROP_X_CONTRIBS, 4, { ID(10), I(1), KEYNIL,
		I(10) }, XC30 ";" XC31 ";" XC32 },
	{ "contribs page", COP_ROP_X_CONTRIBS, 4, { ID(10), I(1), ID(30),
		I(1) }, XC31 },

	{ "votes", COP_ROP_X_VOTES, 4, { ID(10), I(0), KEYNIL, I(10) }, XV40 },
	{ "votes all", COP_ROP_X_VOTES, 4, { ID(10), I(1), KEYNIL, I(10) },
		XV40 ";" XV41 },
	{ "votes page", COP_ROP_X_VOTES, 4, { ID(10), I(1), ID(40), I(10) },
		XV41 },

	{ "accepts", COP_ROP_X_ACCEPTS, 4, { ID(10), I(0), KEYNIL, I(10) },
		XA20 },
	{ "accepts all", COP_ROP_X_ACCEPTS, 4, { ID(10), I(1), KEYNIL,
		I(10) }, XA20 ";" XA21 },
	{ "accepts page", COP_ROP_X_ACCEPTS, 4, { ID(10), I(1), ID(20),
		I(10) }, XA21 },

	{ "kudos", COP_ROP_X_KUDOS, 4, { ID(10), I(0), KEYNIL, I(10) }, XK51 },
	{ "kudos all", COP_ROP_X_KUDOS, 4, { ID(10), I(1), KEYNIL, I(10) },
		XK50 ";" XK51 },
	{ "kudos limit", COP_ROP_X_KUDOS, 4, { ID(10), I(1), KEYNIL, I(1) },
		XK50 },

	{ "ledger", COP_ROP_X_LEDGER, 4, { ID(10), I(0), KEYNIL, I(10) },
		XL60 ";" XL62 },
	{ "ledger all", COP_ROP_X_LEDGER, 4, { ID(10), I(1), KEYNIL, I(10) },
		XL60 ";" XL61 ";" XL62 ";" XL64 },
	{ "ledger page", COP_ROP_X_LEDGER, 4, { ID(10), I(0), ID(60), I(1) },
		XL62 },

	{ "standings", COP_ROP_X_STANDINGS, 3, { ID(10), KEYNIL, I(10) },
		"#1|11|19000|10|1|-1|3|19001|1|0|1|1|0|7;"
		"#2|20|19000|0|0|-1|1|19000|2|1|0|0|1|4" },
	{ "standings page", COP_ROP_X_STANDINGS, 3, { ID(10), ID(1), I(10) },
		"#2|20|19000|0|0|-1|1|19000|2|1|0|0|1|4" },

	{ "badges", COP_ROP_X_BADGES, 4, { ID(10), I(0), KEYNIL, I(10) },
		XB71 },
	{ "badges all", COP_ROP_X_BADGES, 4, { ID(10), I(1), KEYNIL, I(10) },
		XB70 ";" XB71 },
	{ "badges page", COP_ROP_X_BADGES, 4, { ID(10), I(1), ID(70), I(10) },
		XB71 },

	{ "links", COP_ROP_X_LINKS, 5, { ID(10), I(0), KEYNIL, KEYNIL, I(10) },
		"#20|#23|1|601" },
	{ "links all", COP_ROP_X_LINKS, 5, { ID(10), I(1), KEYNIL, KEYNIL,
		I(10) }, "#20|#21|0|600;#20|#23|1|601" },
	{ "links page", COP_ROP_X_LINKS, 5, { ID(10), I(1), ID(20), ID(21),
		I(10) }, "#20|#23|1|601" },

	/* The whole community's ledger [member_id, time, id] and standings
	 * [member_id], for rebuilding totals. */
	{ "ledger scan", COP_ROP_LEDGER_SCAN, 5, { ID(10), KEYNIL, I(0),
		KEYNIL, I(10) }, "#60|#10|" XL60R ";#62|#10|" XL62R ";"
		"#61|#10|" XL61R ";#64|#10|" XL64R },
	{ "ledger scan page", COP_ROP_LEDGER_SCAN, 5, { ID(10), ID(1),
		I(500), ID(60), I(10) }, "#62|#10|" XL62R ";#61|#10|" XL61R
		";#64|#10|" XL64R },
	{ "ledger scan limit", COP_ROP_LEDGER_SCAN, 5, { ID(10), ID(1),
		I(502), ID(62), I(1) }, "#61|#10|" XL61R },
	{ "standing list", COP_ROP_STANDING_LIST, 3, { ID(10), KEYNIL, I(10) },
		"#10|#1|11|19000|10|1|-1|3|19001|1|0|1|1|0|7;"
		"#10|#2|20|19000|0|0|-1|1|19000|2|1|0|0|1|4" },
	{ "standing list page", COP_ROP_STANDING_LIST, 3, { ID(10), ID(1),
		I(10) }, "#10|#2|20|19000|0|0|-1|1|19000|2|1|0|0|1|4" },

	{ "no policy", COP_ROP_X_POLICY_GET, 1, { ID(10) }, "" },
	{ "policy put", COP_ROP_X_POLICY_PUT, 2, { ID(10), I(1) }, NULL },
	{ "policy replace", COP_ROP_X_POLICY_PUT, 2, { ID(10), I(2) }, NULL },
	{ "policy get", COP_ROP_X_POLICY_GET, 1, { ID(10) }, "2" },
	{ "policy elsewhere", COP_ROP_X_POLICY_GET, 1, { ID(11) }, "" },
};

/* A member's own data across communities 10 and 11. */
static const rop_step member_steps[] = {
	{ "memberships", COP_ROP_P_MEMBERSHIPS, 3, { ID(1), KEYNIL, I(10) },
		"#10|'ten'|0|0|1700000000001|0;#11|'eleven'|0|0|1700000000001|0" },
	{ "memberships page", COP_ROP_P_MEMBERSHIPS, 3, { ID(1), ID(10),
		I(10) }, "#11|'eleven'|0|0|1700000000001|0" },
	{ "memberships of 2", COP_ROP_P_MEMBERSHIPS, 3, { ID(2), KEYNIL,
		I(10) }, "#10|'ten'|2|1|1700000000002|0" },
	{ "memberships of none", COP_ROP_P_MEMBERSHIPS, 3, { ID(9), KEYNIL,
		I(10) }, "" },

	{ "contribs", COP_ROP_P_CONTRIBS, 3, { ID(2), KEYNIL, I(10) },
		"#31|#10|#20|1|-|-|'en'|0|101|0|1|0|-|'r';"
		"#32|#10|#21|0|-|-|'en'|0|102|0|1|0|'H'|'h'" },
	{ "contribs page", COP_ROP_P_CONTRIBS, 3, { ID(2), ID(31), I(10) },
		"#32|#10|#21|0|-|-|'en'|0|102|0|1|0|'H'|'h'" },
	{ "contribs limit", COP_ROP_P_CONTRIBS, 3, { ID(1), KEYNIL, I(1) },
		"#30|#10|#20|0|-|-|'en'|0|100|0|1|0|'Q'|'q'" },

	{ "votes", COP_ROP_P_VOTES, 3, { ID(1), KEYNIL, I(10) },
		"#41|#10|#32|1|-1|201|202;#42|#11|#33|0|0|203|203" },
	{ "votes page", COP_ROP_P_VOTES, 3, { ID(1), ID(41), I(10) },
		"#42|#11|#33|0|0|203|203" },
	{ "votes of 3", COP_ROP_P_VOTES, 3, { ID(3), KEYNIL, I(10) }, "" },

	{ "kudos", COP_ROP_P_KUDOS, 3, { ID(1), KEYNIL, I(10) },
		"#50|#10|#1|#2|#32|'h'|400;#51|#10|#2|#1|-|'thanks'|401;"
		"#52|#11|#3|#1|#33|'e'|402" },
	{ "kudos page", COP_ROP_P_KUDOS, 3, { ID(1), ID(50), I(1) },
		"#51|#10|#2|#1|-|'thanks'|401" },
	{ "kudos of 3", COP_ROP_P_KUDOS, 3, { ID(3), KEYNIL, I(10) },
		"#52|#11|#3|#1|#33|'e'|402" },

	{ "ledger", COP_ROP_P_LEDGER, 3, { ID(1), KEYNIL, I(10) },
		"#60|#10|10|10|1|#40|#2|500|'';#62|#10|15|15|3|-|-|502|'okra';"
		"#63|#11|2|2|5|#52|#3|503|''" },
	{ "ledger page", COP_ROP_P_LEDGER, 3, { ID(1), ID(60), I(1) },
		"#62|#10|15|15|3|-|-|502|'okra'" },

	{ "standings", COP_ROP_P_STANDINGS, 3, { ID(1), KEYNIL, I(10) },
		"#10|11|1|-1|3|1|0|1|1|0|7;#11|3|0|-1|1|0|1|0|1|0|0" },
	{ "standings page", COP_ROP_P_STANDINGS, 3, { ID(1), ID(10), I(10) },
		"#11|3|0|-1|1|0|1|0|1|0|0" },

	{ "badges", COP_ROP_P_BADGES, 3, { ID(1), KEYNIL, I(10) },
		"#71|#10|4|#1|701|-|-;#72|#11|3|#33|702|-|-" },
	{ "badges page", COP_ROP_P_BADGES, 3, { ID(1), ID(71), I(10) },
		"#72|#11|3|#33|702|-|-" },

	{ "communities", COP_ROP_P_COMMUNITIES, 1, { ID(1) }, "#10;#11" },
	{ "communities of 2", COP_ROP_P_COMMUNITIES, 1, { ID(2) }, "#10" },
	{ "communities of 3", COP_ROP_P_COMMUNITIES, 1, { ID(3) }, "#11" },
	{ "communities of none", COP_ROP_P_COMMUNITIES, 1, { ID(9) }, "" },

	/* Erasure: the messages of the kudos 1 gave, then 1's memberships. */
	{ "kudos erase", COP_ROP_P_KUDOS_ERASE, 2, { ID(1), T("") }, NULL },
	{ "kudos erased", COP_ROP_P_KUDOS, 3, { ID(1), KEYNIL, I(2) },
		"#50|#10|#1|#2|#32|''|400;#51|#10|#2|#1|-|'thanks'|401" },
	{ "leave", COP_ROP_P_LEAVE, 1, { ID(1) }, NULL },
	{ "left", COP_ROP_P_MEMBERSHIPS, 3, { ID(1), KEYNIL, I(10) },
		"#10|'ten'|0|2|1700000000001|0;#11|'eleven'|0|2|1700000000001|0" },
	{ "others stay", COP_ROP_P_MEMBERSHIPS, 3, { ID(2), KEYNIL, I(10) },
		"#10|'ten'|2|1|1700000000002|0" },
};

/* Scores, reputation, totals, bumps and counts. */
static const rop_step upkeep_steps[] = {
	/* 30 has an up vote (weight 1), 32 a down vote (weight -1); every
	 * score is 0. */
	{ "scores", COP_ROP_V_SCORES, 5, { ID(10), I(1), I(-1), I(1), I(0) },
		"~#30|0|1;#32|0|-1" },
	{ "score set", COP_ROP_SCORE_SET, 2, { ID(32), I(-1) }, NULL },
	{ "score add", COP_ROP_SCORE_ADD, 2, { ID(30), I(3) }, NULL },
	{ "scores after", COP_ROP_V_SCORES, 5, { ID(10), I(1), I(-1), I(1),
		I(0) }, "#30|3|1" },
	{ "score add back", COP_ROP_SCORE_ADD, 2, { ID(30), I(-2) }, NULL },
	{ "scores agree", COP_ROP_V_SCORES, 5, { ID(10), I(1), I(-1), I(1),
		I(0) }, "" },
	{ "scores weighed", COP_ROP_V_SCORES, 5, { ID(10), I(2), I(-1), I(1),
		I(0) }, "#30|1|2" },
	{ "scores elsewhere", COP_ROP_V_SCORES, 5, { ID(11), I(1), I(-1),
		I(1), I(0) }, "#33|0|1" },

	/* Ledger sums in 10: member 1 25, member 2 13; standings 11 and 20.
	 * The third column is the ledger's sum (the caller adds initial,
	 * recognition/verify.c). */
	{ "reputation", COP_ROP_V_REPUTATION, 2, { ID(10), I(0) },
		"~#1|11|25;#2|20|13" },
	{ "reputation initial", COP_ROP_V_REPUTATION, 2, { ID(10), I(7) },
		"#1|11|25" },
	{ "reputation initial 1", COP_ROP_V_REPUTATION, 2, { ID(10), I(-14) },
		"#2|20|13" },

	{ "total", COP_ROP_TOTAL_ADD, 6, { ID(10), I(0), I(0), T(""), ID(1),
		I(8) }, NULL },
	{ "total tagged", COP_ROP_TOTAL_ADD, 6, { ID(10), I(0), I(0),
		T("okra"), ID(1), I(1) }, NULL },
	{ "total week", COP_ROP_TOTAL_ADD, 6, { ID(10), I(1), I(19000), T(""),
		ID(1), I(3) }, NULL },
	{ "total week more", COP_ROP_TOTAL_ADD, 6, { ID(10), I(1), I(19000),
		T(""), ID(1), I(2) }, NULL },
	{ "total of 2", COP_ROP_TOTAL_ADD, 6, { ID(10), I(0), I(0), T(""),
		ID(2), I(4) }, NULL },
	{ "total in 11", COP_ROP_TOTAL_ADD, 6, { ID(11), I(0), I(0), T(""),
		ID(1), I(9) }, NULL },
	{ "totals of 1", COP_ROP_TOTAL_MEMBER, 2, { ID(10), ID(1) },
		"~#10|0|0|''|#1|8;#10|0|0|'okra'|#1|1;#10|1|19000|''|#1|5" },
	{ "totals of 2", COP_ROP_TOTAL_MEMBER, 2, { ID(10), ID(2) },
		"#10|0|0|''|#2|4" },
	{ "totals of 3", COP_ROP_TOTAL_MEMBER, 2, { ID(10), ID(3) }, "" },

	{ "bump", COP_ROP_THREAD_BUMP, 2, { ID(20), I(2000) }, NULL },
	{ "bump earlier", COP_ROP_THREAD_BUMP, 2, { ID(20), I(5) }, NULL },
	{ "bumped", COP_ROP_X_THREADS, 4, { ID(10), I(0), KEYNIL, I(1) },
		"#20|#1|0|0|'Q'|''|'en'|" T0 "|2000|3" },

	{ "revision", COP_ROP_REVISION_BUMP, 2, { ID(31), I(900) }, "1" },
	{ "revision earlier", COP_ROP_REVISION_BUMP, 2, { ID(31), I(800) },
		"2" },
	{ "revision no time", COP_ROP_REVISION_BUMP, 2, { ID(31), I(0) },
		"3" },
	{ "revised", COP_ROP_X_CONTRIBS, 4, { ID(10), I(0), ID(30), I(1) },
		"#31|#20|#2|1|-|-|'en'|'r'|0|101|900|4|0" },

	/* Standing counters against the facts: member 1's agree; member 2
	 * has one kudos received (50) and two accepted answers (31, 32)
	 * more than stored. */
	{ "counts", COP_ROP_V_COUNTS, 1, { ID(10) }, "#2|2|1|0|0|1|2|1|0|1|2" },
	{ "counts elsewhere", COP_ROP_V_COUNTS, 1, { ID(12) }, "" },
	/* Scores now: 30 1, 31 0, 32 -1. */
	{ "high scores", COP_ROP_V_HIGH_SCORES, 2, { ID(10), I(1) },
		"#30|#1|1|0|0" },
	{ "high scores 0", COP_ROP_V_HIGH_SCORES, 2, { ID(10), I(0) },
		"~#30|#1|1|0|0;#31|#2|0|1|0" },
	{ "high scores none", COP_ROP_V_HIGH_SCORES, 2, { ID(10), I(2) }, "" },

	/* Up votes, down votes, accepted answers, badges (hidden threads'
	 * too). */
	{ "stats", COP_ROP_STATS, 1, { ID(10) }, "1|1|2|2" },
	{ "stats 11", COP_ROP_STATS, 1, { ID(11) }, "1|0|0|1" },
	{ "stats all", COP_ROP_STATS, 1, { NIL }, "2|1|2|3" },
	{ "accept cleared", COP_ROP_ACCEPT_PUT, 8, { ID(21), ID(10), NIL, NIL,
		ID(2), I(0), I(0), I(302) }, NULL },
	{ "stats cleared", COP_ROP_STATS, 1, { ID(10) }, "1|1|1|2" },
};

/* The scans only read, so they share one world; upkeep runs last. */
START_TEST(world_scans)
{
	if (!has_rop())
		return;
	world();
	run_steps(export_steps, NSTEPS(export_steps));
	run_steps(member_steps, NSTEPS(member_steps));
	run_steps(upkeep_steps, NSTEPS(upkeep_steps));
}
END_TEST

Suite *bt_recognition_suite(void)
{
	const TTest *const tests[] = {
		round_trip, unknown_operation, world_scans
	};

	return BT_SUITE("backend recognition", bt_setup, bt_teardown, tests);
}
