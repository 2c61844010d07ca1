/*
 * recognition.c: recognition storage through the backend.
 *  - The operations (rop), table-driven: each step runs one operation
 *    with its parameters and states the rows it must give, written as
 *    text (ids as #n, nil ids and NULLs as -, text quoted, columns split
 *    by |, rows by ;).  Skipped when the backend has no rop().
 *  - The typed interface (cop_backend_recognition, interface version 6):
 *    every method, its records, order, keyset paging and errors.
 *    Skipped when the backend has no recognition table.
 *  - The core reaching recognition on a backend of version 5 through
 *    rop().
 */
#include <stddef.h>
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
/* ... and its summary (none here: tests/check_json.c's summaries). */
#define XT20 "#20|#1|0|0|0|'Q'|''|'en'|" T0 "|1000|1|0|0|0|0|-"
#define XT21 "#21|#2|0|5|0|'H'|''|'en'|" T0 "|1001|1|0|0|1|0|-"
#define XT23 "#23|#1|0|0|0|'S'|''|'en'|" T0 "|1003|1|0|0|0|0|-"
/* ... score, source score (none: made through the API), hidden. */
#define XC30 "#30|#20|#1|0|-|-|'en'|'q'|0|100|0|1|0|-|0"
#define XC31 "#31|#20|#2|1|-|-|'en'|'r'|0|101|0|1|0|-|0"
#define XC32 "#32|#21|#2|0|-|-|'en'|'h'|0|102|0|1|0|-|0"
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
		"#20|#1|0|0|0|'Q'|''|'en'|" T0 "|2000|3|0|0|0|0|-" },
	/* An import's bumps of a file at once: n more, the latest time. */
	{ "add", COP_ROP_THREAD_ADD, 3, { ID(20), I(3000), I(4) }, NULL },
	{ "add earlier", COP_ROP_THREAD_ADD, 3, { ID(20), I(7), I(2) }, NULL },
	{ "add nowhere", COP_ROP_THREAD_ADD, 3, { ID(29), I(9000), I(5) },
		NULL },
	{ "added", COP_ROP_X_THREADS, 4, { ID(10), I(0), KEYNIL, I(1) },
		"#20|#1|0|0|0|'Q'|''|'en'|" T0 "|3000|9|0|0|0|0|-" },
	/* An accept's thread: answered and its state, nothing else; the
	 * row says it was found. */
	{ "answered", COP_ROP_THREAD_ANSWERED, 3, { ID(20), I(1),
		I(COP_THREAD_ANSWERED) }, "1" },
	{ "answered nowhere", COP_ROP_THREAD_ANSWERED, 3, { ID(29), I(1),
		I(COP_THREAD_ANSWERED) }, "" },
	{ "answered now", COP_ROP_X_THREADS, 4, { ID(10), I(0), KEYNIL, I(1) },
		"#20|#1|0|1|0|'Q'|''|'en'|" T0 "|3000|9|0|0|0|1|-" },
	{ "unanswered", COP_ROP_THREAD_ANSWERED, 3, { ID(20), I(0),
		I(COP_THREAD_OPEN) }, "1" },
	{ "unanswered now", COP_ROP_X_THREADS, 4, { ID(10), I(0), KEYNIL,
		I(1) }, "#20|#1|0|0|0|'Q'|''|'en'|" T0 "|3000|9|0|0|0|0|-" },

	{ "revision", COP_ROP_REVISION_BUMP, 2, { ID(31), I(900) }, "1" },
	{ "revision earlier", COP_ROP_REVISION_BUMP, 2, { ID(31), I(800) },
		"2" },
	{ "revision no time", COP_ROP_REVISION_BUMP, 2, { ID(31), I(0) },
		"3" },
	{ "revised", COP_ROP_X_CONTRIBS, 4, { ID(10), I(0), ID(30), I(1) },
		"#31|#20|#2|1|-|-|'en'|'r'|0|101|900|4|0|-|0" },

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

/* ---- the typed interface (cop_backend_recognition, version 6) ----------- */

/* The backend's recognition table, or skip. */
static const cop_backend_recognition *rec(void)
{
	if (bt_be->version < 6 || !bt_be->recognition) {
		printf("# SKIP recognition: backend %s has no recognition "
			"table\n", bt_be->name);
		return NULL;
	}
	ck_assert_uint_ge(bt_be->recognition->version, 1);
	return bt_be->recognition;
}

/* Members 1 (ama), 2 (kofi) and 3 (esi), community 10, open discussion
 * thread 20 by 1 with post 30 by 1 and answers 31 by 2, 32 by 3. */
static void small_world(void)
{
	bt_member(bt_be, 1, "ama");
	bt_member(bt_be, 2, "kofi");
	bt_member(bt_be, 3, "esi");
	bt_community(bt_be, 10, "ten", COP_VISIBILITY_PUBLIC);
	bt_thread(bt_be, 20, 10, 1, COP_THREAD_OPEN, "Q", TU_T0);
	bt_contrib(bt_be, 30, 20, 10, 1, COP_CONTRIB_POST, "q", TU_T0);
	bt_contrib(bt_be, 31, 20, 10, 2, COP_CONTRIB_ANSWER, "a", TU_T0 + 1);
	bt_contrib(bt_be, 32, 20, 10, 3, COP_CONTRIB_ANSWER, "b", TU_T0 + 2);
}

/* A record of any kind the recognition listings give. */
typedef union any_rrec {
	cop_vote_rec v;
	cop_kudos_rec k;
	cop_ledger_rec l;
	cop_standing_rec st;
	cop_badge_rec b;
	cop_total_rec t;
	cop_leader_rec ld;
	cop_score_check_rec sc;
	cop_rep_check_rec rc;
	cop_counts_check_rec cc;
	cop_high_score_rec hs;
} any_rrec;

/*
 * Read the listing @p it (started with status @p rc) of @p kind to its
 * end: the id numbers at offset @p off of each record, as "3 1 2", into
 * @p buf; each record also goes to @p each (optional) before it is
 * cleared.  The iterator is freed.
 */
static const char *ids_of(int rc, cop_backend_iter *it, cop_rec_kind kind,
	size_t off, void (*each)(const void *rec, size_t i), char *buf,
	size_t cap)
{
	any_rrec r;
	size_t n = 0, len = 0;

	BT_RC(bt_be, COP_OK, rc);
	ck_assert_ptr_nonnull(it);
	buf[0] = '\0';
	for (;;) {
		memset(&r, 0, sizeof(r));
		if ((rc = it->next(it, &r)) != COP_OK)
			break;
		len += (size_t)snprintf(buf + len, cap - len, "%s%u",
			n ? " " : "", bt_id_num((const cop_id *)(const void *)
			((const char *)&r + off)));
		ck_assert_uint_lt(len, cap);
		if (each)
			each(&r, n);
		n++;
		if (!(it->flags & COP_BACKEND_ITER_BORROWED))
			cop_rec_clear(kind, &r);
	}
	ck_assert_msg(rc == COP_ITEROVER, "listing ended with %s",
		tu_ename(rc));
	it->free(it);
	return buf;
}

/* Assert that the listing (started with @p rc, @p it) gives exactly the
 * records whose field F (an id) has the numbers @p want. */
#define IDS_ARE(rc, it, kind, R, F, each, want) do { \
	char ids_[256]; \
	const char *got_ = ids_of((rc), (it), (kind), offsetof(R, F), \
		(each), ids_, sizeof(ids_)); \
	ck_assert_msg(strcmp(got_, (want)) == 0, "%s: got \"%s\", expected " \
		"\"%s\"", #kind, got_, (want)); \
} while (0)

START_TEST(typed_votes_and_accepts)
{
	const cop_backend_recognition *t = rec();
	cop_vote_rec v, got;
	cop_accept_rec a, ag;
	cop_id c30 = bt_id(30), c31 = bt_id(31), m1 = bt_id(1), m2 = bt_id(2);
	cop_id t20 = bt_id(20), t21 = bt_id(21);

	if (!t)
		return;
	small_world();
	{
		const cop_vote_rec v0 = { bt_id(40), bt_id(10), c30, m2, m1,
			COP_VOTE_UP, 10, 0, 100, 100 };
		v = v0;
	}
	BT_OK(bt_be, t->vote_put(bt_be, &v));
	BT_OK(bt_be, t->vote_get(bt_be, &c30, &m2, &got));
	BT_ID_EQ(got.id, v.id, "id");
	BT_ID_EQ(got.community_id, v.community_id, "community");
	BT_ID_EQ(got.contribution_id, v.contribution_id, "contribution");
	BT_ID_EQ(got.voter_id, v.voter_id, "voter");
	BT_ID_EQ(got.author_id, v.author_id, "author");
	ck_assert_int_eq(got.kind, v.kind);
	ck_assert_int_eq(got.rep_author, v.rep_author);
	ck_assert_int_eq(got.rep_voter, v.rep_voter);
	ck_assert_int_eq(got.created, v.created);
	ck_assert_int_eq(got.changed, v.changed);
	/* A replace keeps the vote's created time. */
	v.kind = -1;
	v.rep_author = 0;
	v.created = 999;
	v.changed = 200;
	BT_OK(bt_be, t->vote_put(bt_be, &v));
	BT_OK(bt_be, t->vote_get(bt_be, &c30, &m2, &got));
	ck_assert_int_eq(got.kind, -1);
	ck_assert_int_eq(got.rep_author, 0);
	ck_assert_int_eq(got.created, 100);
	ck_assert_int_eq(got.changed, 200);
	BT_RC(bt_be, COP_ENOTFOUND, t->vote_get(bt_be, &c30, &m1, &got));
	/* A second vote of that voter on that contribution. */
	v.id = bt_id(41);
	BT_RC(bt_be, COP_EEXISTS, t->vote_put(bt_be, &v));

	memset(&a, 0, sizeof(a));
	a.thread_id = t20;
	a.community_id = bt_id(10);
	a.contribution_id = c31;
	a.author_id = m2;
	a.acceptor_id = m1;
	a.rep_author = 15;
	a.rep_acceptor = 2;
	a.created = 300;
	BT_OK(bt_be, t->accept_put(bt_be, &a));
	BT_OK(bt_be, t->accept_get(bt_be, &t20, &ag));
	ck_assert_mem_eq(&ag, &a, sizeof(a));
	/* Unaccepted: the contribution and author read back nil. */
	memset(&a.contribution_id, 0, sizeof(a.contribution_id));
	memset(&a.author_id, 0, sizeof(a.author_id));
	a.rep_author = a.rep_acceptor = 0;
	a.created = 301;
	BT_OK(bt_be, t->accept_put(bt_be, &a));
	BT_OK(bt_be, t->accept_get(bt_be, &t20, &ag));
	ck_assert_mem_eq(&ag, &a, sizeof(a));
	BT_RC(bt_be, COP_ENOTFOUND, t->accept_get(bt_be, &t21, &ag));
}
END_TEST

START_TEST(typed_standings_config_scores)
{
	const cop_backend_recognition *t = rec();
	cop_standing_rec st, got;
	cop_contribution_rec c;
	cop_id k10 = bt_id(10), k11 = bt_id(11), m1 = bt_id(1), m2 = bt_id(2);
	cop_key key;
	char *body = NULL;
	int i;

	if (!t)
		return;
	small_world();
	/* Every field its own value (zeroed first: compared as memory). */
	memset(&st, 0, sizeof(st));
	st.community_id = k10;
	st.member_id = m2;
	st.reputation = 8; st.cap_day = 19000; st.cap_used = 10;
	st.trust = 1; st.trust_manual = 1;
	st.days_active = 3; st.last_day = 19001;
	st.posts = 4; st.likes_given = 5; st.likes_received = 6;
	st.kudos_received = 7; st.accepted = 8; st.posts_read = 9;
	BT_OK(bt_be, t->standing_put(bt_be, &st));
	BT_OK(bt_be, t->standing_get(bt_be, &k10, &m2, &got));
	ck_assert_mem_eq(&got, &st, sizeof(st));
	st.reputation = -3;
	st.posts_read = 10;
	BT_OK(bt_be, t->standing_put(bt_be, &st));
	BT_OK(bt_be, t->standing_get(bt_be, &k10, &m2, &got));
	ck_assert_mem_eq(&got, &st, sizeof(st));
	BT_RC(bt_be, COP_ENOTFOUND, t->standing_get(bt_be, &k10, &m1, &got));
	BT_RC(bt_be, COP_ENOTFOUND, t->standing_get(bt_be, &k11, &m2, &got));

	BT_RC(bt_be, COP_ENOTFOUND, t->config_get(bt_be, &k10, &body));
	ck_assert_ptr_null(body);
	BT_OK(bt_be, t->config_put(bt_be, &k10, "kudos=1\n"));
	BT_OK(bt_be, t->config_put(bt_be, &k10, "kudos=2\n\xe2\x9c\x93"));
	BT_OK(bt_be, t->config_get(bt_be, &k10, &body));
	ck_assert_str_eq(body, "kudos=2\n\xe2\x9c\x93");
	cop_free(body);
	body = NULL;
	BT_RC(bt_be, COP_ENOTFOUND, t->config_get(bt_be, &k11, &body));

	/* Scores: added to, then set; no contribution: no change. */
	key.id = bt_id(31);
	BT_OK(bt_be, t->score_add(bt_be, &key.id, 2));
	BT_OK(bt_be, t->score_add(bt_be, &key.id, -5));
	memset(&key, 0, sizeof(key));
	key.id = bt_id(31);
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &c));
	ck_assert_int_eq(c.score, -3);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	BT_OK(bt_be, t->score_set(bt_be, &key.id, 7));
	BT_OK(bt_be, bt_be->get(bt_be, COP_REC_CONTRIBUTION, &key, &c));
	ck_assert_int_eq(c.score, 7);
	cop_rec_clear(COP_REC_CONTRIBUTION, &c);
	key.id = bt_id(99);
	BT_OK(bt_be, t->score_add(bt_be, &key.id, 1));
	BT_OK(bt_be, t->score_set(bt_be, &key.id, 1));

	/* Standings in member order, paged. */
	for (i = 3; i >= 1; i--) {
		st.member_id = bt_id((unsigned int)i);
		BT_OK(bt_be, t->standing_put(bt_be, &st));
	}
	{
		cop_backend_iter *it = NULL;
		int rc = t->standing_list(bt_be, &k10, NULL, 0, &it);
		IDS_ARE(rc, it, COP_REC_STANDING, cop_standing_rec, member_id,
			NULL, "1 2 3");
		rc = t->standing_list(bt_be, &k10, &m1, 1, &it);
		IDS_ARE(rc, it, COP_REC_STANDING, cop_standing_rec, member_id,
			NULL, "2");
		rc = t->standing_list(bt_be, &k11, NULL, 0, &it);
		IDS_ARE(rc, it, COP_REC_STANDING, cop_standing_rec, member_id,
			NULL, "");
	}
}
END_TEST

/* A kudos, ledger entry or badge row of the listings test. */
static cop_kudos_rec kudos(unsigned int n, unsigned int from,
	unsigned int to, cop_time created)
{
	cop_kudos_rec k;

	memset(&k, 0, sizeof(k));
	k.id = bt_id(n);
	k.community_id = bt_id(10);
	if (from)
		k.from_id = bt_id(from);
	k.to_id = bt_id(to);
	k.message = (char *)"thanks \xe2\x9c\x93";
	k.created = created;
	return k;
}

static cop_ledger_rec entry(unsigned int n, unsigned int member,
	int64_t points, cop_time time, const char *tags)
{
	cop_ledger_rec e;

	memset(&e, 0, sizeof(e));
	e.id = bt_id(n);
	e.community_id = bt_id(10);
	e.member_id = bt_id(member);
	e.points = points;
	e.nominal = points * 2;
	e.reason = COP_REP_UPVOTE;
	e.object_id = bt_id(30);
	e.time = time;
	e.tags = (char *)tags;
	return e;
}

/* Member @p member's rows in community 10, from the first. */
static cop_recognition_query member_q(unsigned int member)
{
	cop_recognition_query q;

	memset(&q, 0, sizeof(q));
	q.community = bt_id(10);
	q.member = bt_id(member);
	return q;
}

/* The first kudos listed is kudos 52, read back whole. */
static void kudos_first(const void *rec, size_t i)
{
	const cop_kudos_rec *k = rec;

	if (i != 0)
		return;
	ck_assert_str_eq(k->message, "thanks \xe2\x9c\x93");
	ck_assert(cop_id_is_nil(&k->from_id));
	ck_assert(cop_id_is_nil(&k->contribution_id));
	ck_assert_int_eq(k->created, 500);
}

static void ledger_first(const void *rec, size_t i)
{
	const cop_ledger_rec *e = rec;

	if (i != 0)
		return;
	ck_assert_int_eq(e->points, -4);
	ck_assert_int_eq(e->nominal, -8);
	ck_assert_str_eq(e->tags, "okra stew");
	BT_ID_EQ(e->object_id, bt_id(30), "object");
	ck_assert(cop_id_is_nil(&e->actor_id));
}

START_TEST(typed_listings)
{
	const cop_backend_recognition *t = rec();
	cop_backend_iter *it = NULL;
	cop_recognition_query q;
	cop_ledger_scan_query sq;
	cop_kudos_rec k; cop_ledger_rec e; cop_badge_rec b;
	int rc, in = -1, found = -1;
	unsigned int i;
	cop_id k10 = bt_id(10), m2 = bt_id(2), o30 = bt_id(30);

	small_world();
	if (!t)
		return;
	/* Kudos to 2: 50 and 51 at 400 (a tie broken by id), 52 at 500. */
	k = kudos(50, 1, 2, 400);
	k.contribution_id = bt_id(31);
	BT_OK(bt_be, t->kudos_insert(bt_be, &k));
	BT_RC(bt_be, COP_EEXISTS, t->kudos_insert(bt_be, &k));
	for (i = 0; i < 3; i++) {
		k = kudos(51 + i, i == 0 ? 3 : i == 1 ? 0 : 2, i == 2 ? 1 : 2,
			i == 0 ? 400 : i == 1 ? 500 : 600);
		BT_OK(bt_be, t->kudos_insert(bt_be, &k));
	}
	q = member_q(2);
	rc = t->kudos_list(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_KUDOS, cop_kudos_rec, id, kudos_first,
		"52 51 50");
	q.limit = 2;
	rc = t->kudos_list(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_KUDOS, cop_kudos_rec, id, NULL, "52 51");
	q.has_after = 1;
	q.after_time = 400;
	q.after_id = bt_id(51);
	rc = t->kudos_list(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_KUDOS, cop_kudos_rec, id, NULL, "50");

	/* Ledger: 2's entries newest first; the whole community's in
	 * (member, time, id) order, paged. */
	e = entry(60, 2, 10, 500, "");
	BT_OK(bt_be, t->ledger_insert(bt_be, &e));
	BT_RC(bt_be, COP_EEXISTS, t->ledger_insert(bt_be, &e));
	e = entry(61, 2, -4, 600, "okra stew");
	memset(&e.actor_id, 0, sizeof(e.actor_id));
	BT_OK(bt_be, t->ledger_insert(bt_be, &e));
	for (i = 62; i <= 63; i++) {
		e = entry(i, 1, 3, 550, "");
		BT_OK(bt_be, t->ledger_insert(bt_be, &e));
	}
	q = member_q(2);
	rc = t->ledger_list(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_LEDGER, cop_ledger_rec, id, ledger_first,
		"61 60");
	memset(&sq, 0, sizeof(sq));
	sq.community = k10;
	rc = t->ledger_scan(bt_be, &sq, &it);
	IDS_ARE(rc, it, COP_REC_LEDGER, cop_ledger_rec, id, NULL,
		"62 63 60 61");
	sq.limit = 2;
	sq.has_after = 1;
	sq.after_member = bt_id(1);
	sq.after_time = 550;
	sq.after_id = bt_id(62);
	rc = t->ledger_scan(bt_be, &sq, &it);
	IDS_ARE(rc, it, COP_REC_LEDGER, cop_ledger_rec, id, NULL, "63 60");

	/* Badges: a new one, the same again (not an error), listed newest
	 * first. */
	memset(&b, 0, sizeof(b));
	b.id = bt_id(70);
	b.community_id = k10;
	b.member_id = m2;
	b.badge = COP_BADGE_NICE_ANSWER;
	b.object_id = o30;
	b.awarded = 700;
	BT_OK(bt_be, t->badge_insert(bt_be, &b, &in));
	ck_assert_int_eq(in, 1);
	b.id = bt_id(71);
	BT_OK(bt_be, t->badge_insert(bt_be, &b, &in));
	ck_assert_int_eq(in, 0);
	b.badge = COP_BADGE_FIRST_POST;
	b.object_id = m2;
	b.awarded = 701;
	BT_OK(bt_be, t->badge_insert(bt_be, &b, &in));
	ck_assert_int_eq(in, 1);
	BT_OK(bt_be, t->badge_find(bt_be, &k10, &m2, COP_BADGE_NICE_ANSWER,
		&o30, &found));
	ck_assert_int_eq(found, 1);
	BT_OK(bt_be, t->badge_find(bt_be, &k10, &m2, COP_BADGE_GOOD_ANSWER,
		&o30, &found));
	ck_assert_int_eq(found, 0);
	q = member_q(2);
	rc = t->badge_list(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_BADGE, cop_badge_rec, id, NULL, "71 70");
	q.member = bt_id(3);
	rc = t->badge_list(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_BADGE, cop_badge_rec, id, NULL, "");
}
END_TEST

static cop_total_rec total(unsigned int member, int period, const char *tag,
	int64_t points)
{
	cop_total_rec r;

	memset(&r, 0, sizeof(r));
	r.community_id = bt_id(10);
	r.period = period;
	r.start = period == COP_PERIOD_ALL ? 0 : 19000;
	r.tag = (char *)tag;
	r.member_id = bt_id(member);
	r.points = points;
	return r;
}

/* Member 1's totals: 8 in the whole community, 1 tagged okra. */
static void total_of_1(const void *rec, size_t i)
{
	const cop_total_rec *r = rec;

	(void)i;
	BT_ID_EQ(r->community_id, bt_id(10), "community");
	ck_assert_int_eq(r->period, COP_PERIOD_ALL);
	ck_assert_int_eq(r->start, 0);
	ck_assert_int_eq(r->points, *r->tag ? 1 : 8);
}

static void leader_handle(const void *rec, size_t i)
{
	const cop_leader_rec *l = rec;

	ck_assert_str_eq(l->handle, i == 0 ? "ama" : "kofi");
	ck_assert_int_eq(l->points, 8);
}

START_TEST(typed_totals_and_board)
{
	cop_id k10 = bt_id(10), m1 = bt_id(1);
	const cop_backend_recognition *t = rec();
	cop_backend_iter *it = NULL;
	cop_board_query q;
	cop_total_rec r;
	cop_stats st;
	int rc;

	if (!t)
		return;
	small_world();
	r = total(2, COP_PERIOD_ALL, "", 5);
	BT_OK(bt_be, t->total_add(bt_be, &r));
	r.points = 3;
	BT_OK(bt_be, t->total_add(bt_be, &r));
	r = total(1, COP_PERIOD_ALL, "", 8);
	BT_OK(bt_be, t->total_add(bt_be, &r));
	r = total(1, COP_PERIOD_ALL, "okra", 1);
	BT_OK(bt_be, t->total_add(bt_be, &r));
	r = total(3, COP_PERIOD_WEEK, "", 2);
	BT_OK(bt_be, t->total_add(bt_be, &r));
	rc = t->total_list(bt_be, &k10, &m1, &it);
	IDS_ARE(rc, it, COP_REC_TOTAL, cop_total_rec, member_id, total_of_1,
		"1 1");

	/* The board: points desc, then member id; a page after (8, 1). */
	memset(&q, 0, sizeof(q));
	q.community = k10;
	q.period = COP_PERIOD_ALL;
	q.tag = "";
	rc = t->board(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_LEADER, cop_leader_rec, member_id,
		leader_handle, "1 2");
	q.limit = 1;
	rc = t->board(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_LEADER, cop_leader_rec, member_id, NULL, "1");
	q.limit = 0;
	q.has_after = 1;
	q.after_points = 8;
	q.after_member = m1;
	rc = t->board(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_LEADER, cop_leader_rec, member_id, NULL, "2");
	q.has_after = 0;
	q.tag = "okra";
	rc = t->board(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_LEADER, cop_leader_rec, member_id, NULL, "1");
	q.tag = "";
	q.period = COP_PERIOD_WEEK;
	q.start = 19000;
	rc = t->board(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_LEADER, cop_leader_rec, member_id, NULL, "3");

	BT_OK(bt_be, t->total_clear(bt_be, &k10));
	q.period = COP_PERIOD_ALL;
	q.start = 0;
	rc = t->board(bt_be, &q, &it);
	IDS_ARE(rc, it, COP_REC_LEADER, cop_leader_rec, member_id, NULL, "");

	/* Stats: the recognition counts only, the rest left alone. */
	memset(&st, 0, sizeof(st));
	st.members = 77;
	BT_OK(bt_be, t->stats(bt_be, NULL, &st));
	ck_assert_int_eq(st.members, 77);
	ck_assert_int_eq(st.votes_up + st.votes_down + st.accepted_answers +
		st.badges_awarded, 0);
}
END_TEST

/* Contribution 31's stored score 3 against its votes' 1 - 1 + 1. */
static void score_31(const void *rec, size_t i)
{
	const cop_score_check_rec *r = rec;

	(void)i;
	ck_assert_int_eq(r->score, 3);
	ck_assert_int_eq(r->expected, 1);
}

static void rep_2(const void *rec, size_t i)
{
	const cop_rep_check_rec *r = rec;

	(void)i;
	ck_assert_int_eq(r->reputation, 50);
	ck_assert_int_eq(r->ledger, 10);
}

static void counts_2(const void *rec, size_t i)
{
	const cop_counts_check_rec *r = rec;
	const int stored[5] = { 9, 0, 0, 0, 0 }, counted[5] = { 1, 0, 2, 0, 1 };

	(void)i;
	ck_assert_mem_eq(r->stored, stored, sizeof(stored));
	ck_assert_mem_eq(r->counted, counted, sizeof(counted));
}

static void high_31(const void *rec, size_t i)
{
	const cop_high_score_rec *r = rec;

	(void)i;
	BT_ID_EQ(r->author_id, bt_id(2), "author");
	ck_assert_int_eq(r->score, 3);
	ck_assert_int_eq(r->kind, COP_CONTRIB_ANSWER);
	ck_assert_int_eq(r->thread_kind, COP_THREAD_DISCUSSION);
}

/* ledger_standings (table version 4): the standings of exactly the
 * members with a ledger entry in the community on the object, a
 * contribution of it, or a vote or kudos on one; each once. */
START_TEST(typed_ledger_standings)
{
	const cop_backend_recognition *t = rec();
	cop_backend_iter *it = NULL;
	cop_standing_rec st;
	cop_vote_rec v;
	cop_kudos_rec k;
	cop_ledger_rec e;
	cop_id k10 = bt_id(10), o;
	unsigned int i;
	int rc;

	if (!t)
		return;
	if (t->version < 4) {
		printf("# SKIP ledger_standings: recognition table version %u\n",
			t->version);
		return;
	}
	small_world();
	bt_member(bt_be, 4, "yaw");
	bt_member(bt_be, 5, "abena");
	bt_community(bt_be, 11, "eleven", COP_VISIBILITY_PUBLIC);
	/* Thread 21 in 10 with 33 by 4. */
	bt_thread(bt_be, 21, 10, 4, COP_THREAD_OPEN, "R", TU_T0);
	bt_contrib(bt_be, 33, 21, 10, 4, COP_CONTRIB_POST, "r", TU_T0);
	for (i = 1; i <= 5; i++) {
		memset(&st, 0, sizeof(st));
		st.community_id = k10;
		st.member_id = bt_id(i);
		st.reputation = 1;
		BT_OK(bt_be, t->standing_put(bt_be, &st));
	}
	/* Vote 40 by 3 on 31, kudos 50 to 3 on 32. */
	memset(&v, 0, sizeof(v));
	v.id = bt_id(40);
	v.community_id = k10;
	v.contribution_id = bt_id(31);
	v.voter_id = bt_id(3);
	v.author_id = bt_id(2);
	v.kind = COP_VOTE_UP;
	BT_OK(bt_be, t->vote_put(bt_be, &v));
	k = kudos(50, 1, 3, 400);
	k.contribution_id = bt_id(32);
	BT_OK(bt_be, t->kudos_insert(bt_be, &k));
	/* 1: twice on thread 20 (an accepted answer's); 2: on vote 40; 3:
	 * on kudos 50; 4: on 33 (thread 21) and, in community 11, on 31;
	 * 5: on nothing. */
	{
		static const unsigned int m[] = { 1, 1, 2, 3, 4, 4, 5 };
		static const unsigned int obj[] = { 20, 20, 40, 50, 33, 31, 0 };
		for (i = 0; i < 7; i++) {
			e = entry(60 + i, m[i], 2, 500 + i, "");
			if (obj[i])
				e.object_id = bt_id(obj[i]);
			else
				memset(&e.object_id, 0, sizeof(e.object_id));
			if (i == 5)
				e.community_id = bt_id(11);
			BT_OK(bt_be, t->ledger_insert(bt_be, &e));
		}
	}
	/* Each object and the members it names. */
	for (i = 0; i < 5; i++) {
		static const unsigned int on[] = { 20, 31, 32, 21, 30 };
		static const char *const want[] = { "1 2 3", "2", "3", "4", "" };
		o = bt_id(on[i]);
		rc = t->ledger_standings(bt_be, &k10, &o, &it);
		IDS_ARE(rc, it, COP_REC_STANDING, cop_standing_rec, member_id,
			NULL, want[i]);
	}
}
END_TEST

START_TEST(typed_verify_reads)
{
	const cop_backend_recognition *t = rec();
	const int weights[4] = { 1, -1, 1, 0 };
	cop_backend_iter *it = NULL;
	cop_vote_rec v;
	cop_standing_rec st;
	cop_accept_rec a;
	cop_ledger_rec e;
	cop_stats stats;
	cop_id k10 = bt_id(10), c31 = bt_id(31);
	unsigned int i;
	int rc;

	if (!t)
		return;
	small_world();
	/* Votes on 31 (by 2): up by 1, down by 3, helpful by 4 (a voter
	 * without a standing), and a retracted one by 5. */
	for (i = 0; i < 4; i++) {
		memset(&v, 0, sizeof(v));
		v.id = bt_id(40 + i);
		v.community_id = k10;
		v.contribution_id = c31;
		v.voter_id = bt_id(i == 0 ? 1 : 3 + i - 1);
		v.author_id = bt_id(2);
		v.kind = i == 0 ? COP_VOTE_UP : i == 1 ? COP_VOTE_DOWN :
			i == 2 ? COP_VOTE_HELPFUL : -1;
		BT_OK(bt_be, t->vote_put(bt_be, &v));
	}
	BT_OK(bt_be, t->score_set(bt_be, &c31, 3));
	/* 2's standing: reputation 50 against 1 + 10 in the ledger, posts 9
	 * against 1; 1's standing as the facts give it. */
	memset(&st, 0, sizeof(st));
	st.community_id = k10;
	st.member_id = bt_id(2);
	st.reputation = 50;
	st.posts = 9;
	BT_OK(bt_be, t->standing_put(bt_be, &st));
	st.member_id = bt_id(1);
	st.reputation = 1;
	st.posts = 1;
	st.likes_given = 1;
	BT_OK(bt_be, t->standing_put(bt_be, &st));
	e = entry(60, 2, 10, 500, "");
	BT_OK(bt_be, t->ledger_insert(bt_be, &e));
	memset(&a, 0, sizeof(a));
	a.thread_id = bt_id(20);
	a.community_id = k10;
	a.contribution_id = c31;
	a.author_id = bt_id(2);
	a.acceptor_id = bt_id(1);
	BT_OK(bt_be, t->accept_put(bt_be, &a));

	rc = t->verify_scores(bt_be, &k10, weights, &it);
	IDS_ARE(rc, it, COP_REC_SCORE_CHECK, cop_score_check_rec,
		contribution_id, score_31, "31");
	rc = t->verify_reputation(bt_be, &k10, 1, &it);
	IDS_ARE(rc, it, COP_REC_REP_CHECK, cop_rep_check_rec, member_id, rep_2,
		"2");
	rc = t->verify_counts(bt_be, &k10, &it);
	IDS_ARE(rc, it, COP_REC_COUNTS_CHECK, cop_counts_check_rec, member_id,
		counts_2, "2");
	rc = t->verify_high_scores(bt_be, &k10, 3, &it);
	IDS_ARE(rc, it, COP_REC_HIGH_SCORE, cop_high_score_rec,
		contribution_id, high_31, "31");
	rc = t->verify_high_scores(bt_be, &k10, 4, &it);
	IDS_ARE(rc, it, COP_REC_HIGH_SCORE, cop_high_score_rec,
		contribution_id, NULL, "");

	memset(&stats, 0, sizeof(stats));
	BT_OK(bt_be, t->stats(bt_be, &k10, &stats));
	ck_assert_int_eq(stats.votes_up, 1);
	ck_assert_int_eq(stats.votes_down, 1);
	ck_assert_int_eq(stats.accepted_answers, 1);
	ck_assert_int_eq(stats.badges_awarded, 0);
}
END_TEST

/* The public recognition API over this backend made to report version
 * 5: the core reaches recognition through rop(), as it would on an older
 * backend. */
START_TEST(version_5_backend_recognition_through_rop)
{
	cop_backend *be = bt_open();
	cop_member *a = NULL, *b = NULL;
	cop_thread *t = NULL;
	cop_contribution *c = NULL;
	cop_kudos *kd = NULL;
	cop_leader_iter *li = NULL; cop_leader *l = NULL;
	cop_standing *st = NULL;
	cop_verify_report *rep = NULL;
	cop_vote_kind vk;
	cop_store *s;

	if (be->version < 6 || !be->rop) {
		be->free(be);
		return;
	}
	/* At version 5 the core must not read the recognition table: with
	 * it gone, recognition works only through rop(). */
	be->version = 5;
	be->recognition = NULL;
	s = bt_store_pair(be, &a, &b);
	TU_OK(s, cop_store_set_actor(s, cop_member_id(a)));
	TU_OK(s, cop_thread_create(&t, s, "c", COP_THREAD_QUESTION,
		"A question", NULL, NULL, "Body"));
	TU_OK(s, cop_store_set_actor(s, cop_member_id(b)));
	TU_OK(s, cop_contribution_create(&c, s, cop_thread_id(t),
		COP_CONTRIB_ANSWER, NULL, NULL, NULL, "An answer"));
	TU_OK(s, cop_store_set_actor(s, cop_member_id(a)));
	TU_OK(s, cop_vote_cast(s, cop_contribution_id(c), COP_VOTE_UP));
	TU_OK(s, cop_vote_lookup(&vk, s, cop_contribution_id(c)));
	ck_assert_int_eq(vk, COP_VOTE_UP);
	TU_OK(s, cop_answer_accept(s, cop_contribution_id(c)));
	TU_OK(s, cop_kudos_give(&kd, s, "c", "kofi", NULL, "thanks"));
	ck_assert_str_eq(cop_kudos_message(kd), "thanks");
	/* A standing's counts are the member's own to read (and the
	 * facilitators'): kofi reads his. */
	TU_OK(s, cop_store_set_actor(s, cop_member_id(b)));
	TU_OK(s, cop_standing_lookup(&st, s, "c", "kofi"));
	ck_assert_int_gt(cop_standing_reputation(st), 1);
	ck_assert_int_eq(cop_standing_accepted(st), 1);
	ck_assert_int_eq(cop_standing_kudos_received(st), 1);
	TU_OK(s, cop_leader_iter_new(&li, s, "c", NULL, COP_PERIOD_ALL, 0,
		NULL));
	TU_OK(s, cop_leader_iter_next(&l, li));
	ck_assert_str_eq(cop_leader_handle(l), "kofi");
	ck_assert_int_eq(cop_leader_points(l),
		cop_standing_reputation(st) - 1);
	TU_OK(s, cop_store_act_as_system(s));
	TU_OK(s, cop_verify(&rep, s, "c", 0));
	ck_assert_uint_eq(cop_verify_report_count(rep), 0);
	cop_verify_report_free(rep);
	cop_leader_free(l);
	cop_leader_iter_free(li);
	cop_standing_free(st);
	cop_kudos_free(kd);
	cop_contribution_free(c);
	cop_thread_free(t);
	cop_member_free(a);
	cop_member_free(b);
	tu_close(s);
}
END_TEST

Suite *bt_recognition_suite(void)
{
	const TTest *const tests[] = {
		round_trip, unknown_operation, world_scans,
		typed_votes_and_accepts, typed_standings_config_scores,
		typed_listings, typed_totals_and_board, typed_verify_reads,
		typed_ledger_standings,
		version_5_backend_recognition_through_rop
	};

	return BT_SUITE("backend recognition", bt_setup, bt_teardown, tests);
}
