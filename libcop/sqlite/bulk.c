/*
 * sqlite/bulk.c: a bulk load (cop_backend.bulk) on SQLite: its end (the
 * held totals, the roll-ups, the index) and its inserts with the
 * connection's triggers off where they would do nothing.
 */
#include "sqlite/sq.h"

/*
 * cop_backend.bulk: SQLite writes a bulk load as any other writes, but
 * its full-text index (sq_fts_hold()) and the health roll-ups of its
 * community (the first community, thread or contribution it inserts:
 * sq_bulk_inserted(); schema version 29) at its end: when the outermost
 * transaction commits, or bulk(be, 0) (sq_bulk_end()).  A rollback
 * forgets both: the rows are gone.
 */
int sq_bulk(cop_backend *be, int on)
{
	sq_backend *b = SQ(be);

	b->errmsg[0] = '\0';
	if (b->depth == 0)
		return sq_fail(b, COP_EINVAL, "a bulk load needs a transaction");
	return on ? sq_fts_hold(b) : sq_bulk_end(b);
}

/* The load's end: the triggers on again, its community's roll-ups made
 * again, then its index written; the first error. */
int sq_bulk_end(sq_backend *b)
{
	int rc, rc2;

	sq_notrig_end(b);
	if ((rc = sq_held_end(b)) == COP_OK)   /* the held totals */
		rc = sq_bulk_refill(b);
	rc2 = sq_fts_release(b);
	return rc < 0 ? rc : rc2;
}

/* A bulk load forgotten (a rollback: its rows are gone), the triggers
 * on again. */
void sq_bulk_forget(sq_backend *b)
{
	sq_notrig_end(b);
	memset(&b->bulk, 0, sizeof(b->bulk));
}

/*
 * ---- a bulk load with the triggers off ----
 *
 * SQLite gives a statement that fires a trigger a statement journal
 * (sqlite3MayAbort(), sqlite3MultiWrite(): a trigger makes the statement
 * one of several writes, and nearly anything it codes may abort: a
 * constraint, a function called, FTS5's insert, an upsert's update):
 * from its first write every page it changes that was in the
 * transaction before is copied into the journal, in memory in 1 KiB
 * chunks (temp_store = MEMORY), and freed at its end.  A trigger's WHEN
 * is run by the trigger's program: a trigger that does nothing costs
 * its statement the journal all the same.  In one import's transaction
 * that was every contribution's, thread's and membership's insert: 60k
 * pages copied for the 1x beer import, 4% of its instructions in
 * mallocs, copies and frees, and the triggers' programs as much again.
 *
 * Once a bulk load has named its community, the triggers are off
 * (SQLITE_DBCONFIG_ENABLE_TRIGGER, which makes every statement prepare
 * again at its next step) for as long as every write it makes is one
 * whose triggers would do nothing or whose work is done here:
 *   - the insert of a contribution of its community: the index's
 *     trigger leaves it to the load's end (cop_fts_held(): its fid is
 *     above the mark, as max(fid) + 1 is while nothing is deleted) and
 *     the roll-ups' to the refill (cop_bulk_community());
 *   - the insert of a membership that pledges no hours (the hours
 *     roll-up's trigger counts pledges only);
 *   - the insert of a thread of its community that no post of the index
 *     names yet (the index's trigger rewrites such posts): its tags are
 *     written after it by the tag triggers' statements (S_BULK_*);
 *   - an accept's put in its community, over none or one of its
 *     community (the roll-ups' triggers, sq_notrig_rop()).
 * sq_notrig_row() or sq_notrig_rop() decides, and lets the statement be prepared without
 * the table's triggers; sq_auth(), the authorizer while the triggers
 * are off, refuses any other write that a trigger would follow (by the
 * triggers in the schema, read when they went off), and sq_step() or
 * sq_prep_slot() turn them on again and run that statement with them.
 * A kind whose insert triggers are not the ones named here (a later
 * schema) goes with its triggers.  They are on again at the load's end
 * (sq_bulk_end(), before the refill) or its rollback.
 */

/* The triggers of a kind's insert that may go off, each NULL-ended. */
static const char *const notrig_con[] = {
	"cop_fts_con_ins", "cop_health_con_add", "cop_hq_con_ins", NULL
};
static const char *const notrig_ms[] = { "cop_horg_ms_ins", NULL };
static const char *const notrig_thr[] = {
	"cop_thread_tag_ins", "cop_tag_thread_ins", "cop_fts_thread_ins",
	"cop_health_thread_ins", "cop_hq_thread_ins", NULL
};

/* An accept's put, an upsert: its insert and its update. */
static const char *const notrig_acc[] = { "cop_hq_accept_ins", NULL };
static const char *const notrig_acc_upd[] = { "cop_hq_accept_upd", NULL };

static const struct {
	cop_rec_kind kind;
	const char *table;
	const char *const *trig;      /* its insert's */
	const char *const *upd;       /* its update's, or NULL: no update */
} notrig_kinds[] = {
	{ COP_REC_CONTRIBUTION, "cop_contribution", notrig_con, NULL },
	{ COP_REC_MEMBERSHIP, "cop_membership", notrig_ms, NULL },
	{ COP_REC_THREAD, "cop_thread", notrig_thr, NULL },
	{ COP_REC_ACCEPT, "cop_accept", notrig_acc, notrig_acc_upd },
};
#define NOTRIG_KINDS (sizeof(notrig_kinds) / sizeof(notrig_kinds[0]))

void sq_trig_free(sq_backend *b)
{
	size_t i;

	for (i = 0; i < b->bulk.ntrig; i++) {
		cop_free(b->bulk.trig[i].name);
		cop_free(b->bulk.trig[i].table);
		cop_free(b->bulk.trig[i].of);
	}
	cop_free(b->bulk.trig);
	b->bulk.trig = NULL;
	b->bulk.ntrig = 0;
}

/* Trigger @p t's event from its CREATE TRIGGER text @p sql, the part
 * before " ON ": "... INSERT", "... DELETE", "... UPDATE" or "... UPDATE
 * OF a, b".  What is not understood is taken as every write (op 0). */
static int trig_parse(sq_trig *t, const char *sql)
{
	const char *on = strstr(sql, " ON "), *p;
	size_t n;

	t->op = 0;
	if (!on)
		return COP_OK;
	n = (size_t)(on - sql);
	if ((p = strstr(sql, " UPDATE OF ")) && p < on) {
		t->op = SQLITE_UPDATE;
		p += 11;
		if (!(t->of = cop_malloc((size_t)(on - p) + 1)))
			return COP_ENOMEM;
		memcpy(t->of, p, (size_t)(on - p));
		t->of[on - p] = '\0';
	} else if (n >= 7 && !memcmp(on - 7, " UPDATE", 7)) {
		t->op = SQLITE_UPDATE;
	} else if (n >= 7 && !memcmp(on - 7, " INSERT", 7)) {
		t->op = SQLITE_INSERT;
	} else if (n >= 7 && !memcmp(on - 7, " DELETE", 7)) {
		t->op = SQLITE_DELETE;
	}
	return COP_OK;
}

/* 1 when column @p col is in the list @p of ("a, b"). */
static int trig_col_in(const char *of, const char *col)
{
	size_t n = strlen(col);
	const char *p = of;

	while (*p) {
		size_t k;

		while (*p == ' ' || *p == ',')
			p++;
		k = strcspn(p, ", ");
		if (k == n && !strncasecmp(p, col, n))
			return 1;
		p += k;
	}
	return 0;
}

/* 1 when a trigger of the schema follows write @p op of @p table
 * (column @p col of an update). */
static int trig_follows(sq_backend *b, int op, const char *table,
	const char *col)
{
	size_t i;

	for (i = 0; i < b->bulk.ntrig; i++) {
		const sq_trig *t = &b->bulk.trig[i];

		if (strcasecmp(t->table, table) != 0)
			continue;
		if (t->op == 0)
			return 1;
		if (t->op != op)
			continue;
		if (op != SQLITE_UPDATE || !t->of || !col ||
		    trig_col_in(t->of, col))
			return 1;
	}
	return 0;
}

/* The authorizer while the triggers are off: a write a trigger would
 * follow is refused, but the insert sq_notrig_row() allows. */
static int sq_auth(void *arg, int op, const char *a1, const char *a2,
	const char *dbname, const char *via)
{
	sq_backend *b = arg;
	size_t k;

	(void)dbname;
	(void)via;
	if (!b->bulk.notrig || (op != SQLITE_INSERT && op != SQLITE_UPDATE &&
	    op != SQLITE_DELETE) || !a1 || !trig_follows(b, op, a1, a2))
		return SQLITE_OK;
	for (k = 0; op != SQLITE_DELETE && k < NOTRIG_KINDS; k++)
		if ((int)notrig_kinds[k].kind == b->bulk.allow &&
		    !strcmp(a1, notrig_kinds[k].table) &&
		    (op == SQLITE_INSERT || notrig_kinds[k].upd))
			return SQLITE_OK;
	return SQLITE_DENY;
}

/* 1 when the triggers of write @p op of table @p table are exactly
 * @p names. */
static int trig_are(sq_backend *b, const char *table, int op,
	const char *const *names)
{
	size_t i, n = 0, found = 0, j;

	for (j = 0; names[j]; j++)
		n++;
	for (i = 0; i < b->bulk.ntrig; i++) {
		const sq_trig *t = &b->bulk.trig[i];

		if (strcasecmp(t->table, table) != 0 ||
		    (t->op != op && t->op != 0))
			continue;
		for (j = 0; names[j] && strcmp(names[j], t->name); j++)
			;
		if (!names[j] || t->op == 0)
			return 0;
		found++;
	}
	return found == n;
}

/* The triggers off, once the load's community is named; on failure they
 * stay on (the load goes as before). */
static void sq_notrig_begin(sq_backend *b)
{
	static const char sql[] = "SELECT name, tbl_name, sql FROM "
		"sqlite_master WHERE type = 'trigger'";
	sqlite3_stmt *st = NULL;
	size_t cap = 0, k;
	int rc, step = SQLITE_DONE;

	if (b->bulk.notrig || !b->bulk.on || !b->bulk.named)
		return;
	rc = sqlite3_prepare_v2(b->db, sql, -1, &st, NULL);
	while (rc == SQLITE_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *table = (const char *)sqlite3_column_text(st, 1);
		const char *text = (const char *)sqlite3_column_text(st, 2);
		sq_trig *t;

		if (b->bulk.ntrig == cap) {
			sq_trig *v = cop_realloc(b->bulk.trig, (cap ? cap * 2 :
				64) * sizeof(*v));

			if (!v) {
				rc = SQLITE_NOMEM;
				break;
			}
			b->bulk.trig = v;
			cap = cap ? cap * 2 : 64;
		}
		if (!name || !table || !text) {
			rc = SQLITE_CORRUPT;
			break;
		}
		t = &b->bulk.trig[b->bulk.ntrig++];
		memset(t, 0, sizeof(*t));
		if (!(t->name = cop_strdup(name)) ||
		    !(t->table = cop_strdup(table)) ||
		    trig_parse(t, text) != COP_OK)
			rc = SQLITE_NOMEM;
	}
	if (rc == SQLITE_OK && step != SQLITE_DONE)
		rc = step;
	sqlite3_finalize(st);
	b->bulk.armed = 0;
	for (k = 0; rc == SQLITE_OK && k < NOTRIG_KINDS; k++)
		if (trig_are(b, notrig_kinds[k].table, SQLITE_INSERT,
		    notrig_kinds[k].trig) && (!notrig_kinds[k].upd ||
		    trig_are(b, notrig_kinds[k].table, SQLITE_UPDATE,
		    notrig_kinds[k].upd)))
			b->bulk.armed |= 1u << notrig_kinds[k].kind;
	if (rc != SQLITE_OK || !b->bulk.armed) {
		sq_trig_free(b);
		return;
	}
	b->bulk.notrig = 1;
	b->bulk.allow = 0;
	sqlite3_set_authorizer(b->db, sq_auth, b);
	if (sqlite3_db_config(b->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0,
	    (int *)NULL) != SQLITE_OK)
		sq_notrig_end(b);
}

/* The triggers on again (every statement prepares again at its next
 * step, with them). */
void sq_notrig_end(sq_backend *b)
{
	if (!b->bulk.notrig)
		return;
	b->bulk.notrig = 0;
	b->bulk.allow = 0;
	sqlite3_db_config(b->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1,
		(int *)NULL);
	sqlite3_set_authorizer(b->db, NULL, NULL);
	sq_trig_free(b);
}

/*
 * Before an insert of @p rec of @p kind while the triggers are off: 1
 * when it may go without its table's triggers (b->bulk.allow set to
 * @p kind until sq_notrig_after()), else 0, the triggers turned on again
 * first when its table has insert triggers; an error of the look-up.
 */
int sq_notrig_row(sq_backend *b, cop_rec_kind kind, const void *rec)
{
	const cop_id *community = NULL;
	sqlite3_stmt *st;
	size_t k;
	int rc, ok = 1;

	b->bulk.allow = 0;
	if (!b->bulk.notrig)
		return 0;
	for (k = 0; k < NOTRIG_KINDS && notrig_kinds[k].kind != kind; k++)
		;
	if (k == NOTRIG_KINDS)
		return 0;   /* no insert trigger to leave out (sq_auth()) */
	if (!(b->bulk.armed & (1u << kind)))
		ok = 0;
	else if (kind == COP_REC_CONTRIBUTION)
		community = &((const cop_contribution_rec *)rec)->community_id;
	else if (kind == COP_REC_THREAD)
		community = &((const cop_thread_rec *)rec)->community_id;
	else if (kind == COP_REC_MEMBERSHIP)
		ok = ((const cop_membership_rec *)rec)->pledged_hours == 0;
	if (ok && community)
		ok = !memcmp(community->bytes, b->bulk.community.bytes,
			sizeof(community->bytes));
	if (ok && kind == COP_REC_THREAD) {
		if ((rc = sq_prep(b, S_BULK_OLD_POST, &st)) < 0)
			return rc;
		if (sq_b_key(st, 1, &((const cop_thread_rec *)rec)->id) !=
		    SQLITE_OK || sqlite3_bind_int64(st, 2, b->bulk.fts_mark) !=
		    SQLITE_OK)
			return sq_err(b, sqlite3_errcode(b->db),
				sq_stmts[S_BULK_OLD_POST].name);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sq_err(b, rc, sq_stmts[S_BULK_OLD_POST].name);
		ok = rc == SQLITE_DONE;
	}
	if (!ok) {
		sq_notrig_end(b);
		return 0;
	}
	b->bulk.allow = (int)kind;
	return 1;
}

/*
 * Before recognition operation @p op with @p params (@p n) while the
 * triggers are off: as sq_notrig_row(), for an accept's put (thread $1,
 * community $2), an upsert whose health triggers leave alone the rows of
 * the load's community: its own, and the one it may update (which keeps
 * its community).  Any other operation has no trigger left out.
 */
int sq_notrig_rop(sq_backend *b, int op, const cop_val *params,
	unsigned int n)
{
	const void *was;
	sqlite3_stmt *st;
	int rc, ok;

	b->bulk.allow = 0;
	if (!b->bulk.notrig || op != COP_ROP_ACCEPT_PUT)
		return 0;
	ok = (b->bulk.armed & (1u << COP_REC_ACCEPT)) && n >= 2 &&
		(params[0].type == COP_VAL_ID || params[0].type == COP_VAL_KEY) &&
		(params[1].type == COP_VAL_ID || params[1].type == COP_VAL_KEY) &&
		!memcmp(params[1].id.bytes, b->bulk.community.bytes,
		sizeof(params[1].id.bytes));
	if (ok) {
		rc = sq_row_of(b, S_BULK_ACCEPT_OF, &params[0].id, &st);
		if (rc != COP_OK && rc != COP_ENOTFOUND)
			return rc;
		if (rc == COP_OK) {
			was = sqlite3_column_blob(st, 0);
			ok = was && sqlite3_column_bytes(st, 0) ==
				(int)sizeof(b->bulk.community.bytes) &&
				!memcmp(was, b->bulk.community.bytes,
				sizeof(b->bulk.community.bytes));
			sqlite3_reset(st);
		}
	}
	if (!ok) {
		sq_notrig_end(b);
		return 0;
	}
	b->bulk.allow = COP_REC_ACCEPT;
	return 1;
}

/* After the insert of @p rec of @p kind that sq_notrig_row() let go
 * without its triggers: a thread's tags written as its triggers would. */
int sq_notrig_after(sq_backend *b, cop_rec_kind kind, const void *rec)
{
	static const int tag_stmts[] = { S_BULK_THREAD_TAG, S_BULK_TAG_COUNT };
	const cop_thread_rec *t = rec;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	b->bulk.allow = 0;
	if (kind != COP_REC_THREAD || !t->tags || !*t->tags)
		return COP_OK;
	for (i = 0; i < sizeof(tag_stmts) / sizeof(tag_stmts[0]); i++) {
		if ((rc = sq_prep(b, tag_stmts[i], &st)) < 0)
			return rc;
		if (sq_b_key(st, 1, &t->id) != SQLITE_OK)
			return sq_err(b, sqlite3_errcode(b->db),
				sq_stmts[tag_stmts[i]].name);
		if ((rc = sq_done(b, st, sq_stmts[tag_stmts[i]].name)) < 0)
			return rc;
	}
	return COP_OK;
}

/* A record inserted (sq_insert): while a bulk load is on (it holds the
 * index), its first community, thread or contribution names the
 * community whose roll-ups wait for its end, as PostgreSQL's
 * bk_community() does.  A row inserted before goes through the
 * triggers, and the refill makes its community's roll-ups again all
 * the same. */
void sq_bulk_inserted(sq_backend *b, cop_rec_kind kind, const void *rec)
{
	const cop_id *community;

	if (!b->bulk.on || b->bulk.named)
		return;
	if (kind == COP_REC_COMMUNITY)
		community = &((const cop_community_rec *)rec)->id;
	else if (kind == COP_REC_THREAD)
		community = &((const cop_thread_rec *)rec)->community_id;
	else if (kind == COP_REC_CONTRIBUTION)
		community = &((const cop_contribution_rec *)rec)->community_id;
	else
		return;
	b->bulk.community = *community;
	b->bulk.named = 1;
	sq_notrig_begin(b);
}
