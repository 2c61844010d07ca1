/*
 * sqlite/sq.h: what the SQLite backend's files share.  Not installed.
 */
#ifndef COP_SQLITE_SQ_H
#define COP_SQLITE_SQ_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <unistd.h>
#include <sqlite3.h>

#include "internal.h"
#include "sql/sql.h"

#define SQ_ERRMSG_MAX 512
#define SQ_SP_CACHE 8             /* savepoint levels with cached statements */
#define SQ_BUSY_DEFAULT 5000      /* ms */
#define SQ_CACHE_KIB 16384        /* page cache per connection */
#define SQ_TEMP_STORE "PRAGMA temp_store = MEMORY"
#define SQ_SEARCH_LIMIT 50

/* ---- the engine's part of the core tables (sql/tables.h) -------------- */

#define SQ_T_PK "BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16)"
/* A contribution's id: its row is keyed by rid (sqlite/schema.c). */
#define SQ_T_RPK "BLOB NOT NULL CHECK (length(id) = 16)"
#define SQ_T_KEY "BLOB NOT NULL"
#define SQ_T_ID "BLOB"
#define SQ_T_TEXT "TEXT NOT NULL"
#define SQ_T_TEXTN "TEXT NOT NULL"
#define SQ_T_OTEXT "TEXT"
#define SQ_T_UTEXT "TEXT NOT NULL"
#define SQ_T_INT "INTEGER NOT NULL"
#define SQ_T_I64 "INTEGER NOT NULL"
#define SQ_T_INT_Z "INTEGER NOT NULL DEFAULT 0"
#define SQ_T_I64_Z "INTEGER NOT NULL DEFAULT 0"
#define SQ_T_INTN "INTEGER"
#define SQ_P(N, CLASS) "?" #N
/* Derived columns, written with the record: a member's lower(handle)
 * (handles are ASCII). */
#define SQ_DDL_handle_lower " handle_lower TEXT NOT NULL"
#define SQ_DI_handle_lower ", handle_lower"
#define SQ_DV_handle_lower ", lower(?2)"
#define SQ_DS_handle_lower ", handle_lower = lower(?2)"

/* The statements (sqlite/statements.c), prepared once per connection
 * into sq_backend.stmt[]. */
enum {
	S_BEGIN, S_COMMIT, S_ROLLBACK,
	/* S_INS + kind, S_UPD + kind, S_GET + kind: the insert, update and
	 * get by key of a record kind (no statement: the kind has none). */
	S_INS,
	S_UPD = S_INS + COP_SQL_KINDS,
	S_GET = S_UPD + COP_SQL_KINDS,
	S_MEMBER_BYNAME = S_GET + COP_SQL_KINDS, S_COMM_BYSLUG, S_THR_ACCESS,
	S_LOG_LAST,
	S_L_MEMBERS, S_L_COMMS, S_L_MS, S_L_THR, S_L_TC, S_L_AC, S_L_REV,
	S_L_LOG,
	S_SEARCH, S_SNIPPET, S_STATS, S_STATS_C, S_STATS_SEEN,
	S_MEMBER_SEEN,
	S_KEY_MEMBER, S_KEY_COMMUNITY, S_KEY_SCOPE,
	S_KEYQ_MEMBER, S_KEYQ_COMMUNITY, S_KEYQ_SCOPE,
	/* A bulk load's thread, written with its triggers off (sqlite.c,
	 * sq_notrig_begin()). */
	S_BULK_OLD_POST, S_BULK_THREAD_TAG, S_BULK_TAG_COUNT,
	S_BULK_ACCEPT_OF,
	S_REV_BUMPED,
	S_COUNT
};

typedef struct sq_stmt_def {
	const char *name;
	const char *sql;
} sq_stmt_def;

extern const sq_stmt_def sq_stmts[S_COUNT];

/* ---- the instance ---------------------------------------------------------- */

enum { SP_OPEN, SP_RELEASE, SP_ROLLBACK_TO, SP_OPS };

typedef struct sq_iter sq_iter;

/* A trigger as a bulk load with the triggers off reads it (sqlite.c,
 * sq_notrig_begin()): its table, its event (SQLITE_INSERT, _UPDATE or
 * _DELETE) and for an update the columns after OF (NULL: any). */
typedef struct sq_trig {
	char *name, *table, *of;
	int op;
} sq_trig;

/* Most parameters of one recognition operation. */
#define SQ_ROP_PARAMS 32

/* A key of the ledger's, sources' or totals' rows (rop.c, key_get()):
 * kind is S_KEY_MEMBER (community, member), S_KEY_COMMUNITY (community)
 * or S_KEY_SCOPE (community, tag; tag owned). */
typedef struct sq_key {
	int kind;
	cop_id community, member;
	char *tag;
	int64_t id;
} sq_key;

/* A period total held while a bulk load is on (totals.c): cop_rep_sum's
 * row, its keys found or made (rop.c, key_get()). */
typedef struct sq_held_row {
	int64_t who, scope, period, pstart, points;
} sq_held_row;

typedef struct sq_backend {
	cop_backend base;
	sqlite3 *db;
	int readonly;
	int depth;              /* open transaction levels */
	int lost;               /* SQLite rolled the transaction back itself */
	/* A bulk load (sq_bulk()), from bulk(be, 1) to its end (the
	 * outermost commit, or bulk(be, 0)); a rollback forgets it.  On, it
	 * holds the full-text index of the contributions it writes (fid
	 * above fts_mark: sq_fts_hold()); its community (the first
	 * community, thread or contribution it inserts, once named) has its
	 * health roll-ups made again at its end (sq_bulk_refill()), their
	 * triggers skipping its rows until then (cop_bulk_community()). */
	struct {
		int on;
		int64_t fts_mark;
		int named;
		cop_id community;
		/* Once named, the triggers are off (SQLite's
		 * SQLITE_DBCONFIG_ENABLE_TRIGGER) while every write it
		 * makes is one that needs none (sq_notrig_begin()): trig
		 * are the schema's triggers, armed the kinds whose insert
		 * may go without its triggers (1 << kind), allow the kind
		 * being inserted now (0: none). */
		int notrig;
		unsigned armed;
		int allow;
		sq_trig *trig;
		size_t ntrig;
	} bulk;
	/* The period totals a bulk load added and not yet written
	 * (totals.c): v (owned, cap rows, freed at the load's end) holds
	 * n; pass is
	 * set while statements run that write none of them first (their
	 * own write, the keys' lookups); st is their statement. */
	struct {
		sq_held_row *v;
		size_t n, cap;
		int pass;
		/* A write of them failed (its COP_* code) at this level
		 * (0: none): that level's commit fails too. */
		int failed, code;
		sqlite3_stmt *st;
	} held;
	int borrow;             /* sq_c_text() lends column text (listings) */
	sqlite3_stmt *stmt[S_COUNT];
	unsigned char lent[S_COUNT];   /* borrowed by an open listing */
	sqlite3_stmt *sp[SQ_SP_CACHE][SP_OPS];
	sq_iter *iters;         /* open listings */
	sqlite3_stmt *rstmt[COP_ROP__COUNT];   /* recognition, see sq_rop() */
	sqlite3_stmt *rquiet[COP_ROP__COUNT];  /* ... without RETURNING */
	unsigned char rlent[COP_ROP__COUNT];
	/* rparam[op][i]: the index of parameter $(i + 1) in op's statement
	 * (0: unused), looked up once when first prepared; rparam_n[op] is
	 * how many were looked up (0: not yet). */
	unsigned char rparam[COP_ROP__COUNT][SQ_ROP_PARAMS];
	unsigned char rparam_n[COP_ROP__COUNT];
	/* The keys this connection has looked up or made (rop.c):
	 * integers that never change once committed (nothing deletes a
	 * key), forgotten when a transaction that made one rolls back at
	 * any level (keys_made; sq_keys_forget()). */
	sq_key *keys;
	size_t nkeys, capkeys;
	cop__htab keyh;         /* hash of the key's values -> index */
	int keys_made;          /* a key was made in the open transaction */
	char errmsg[SQ_ERRMSG_MAX];
} sq_backend;

#define SQ(be) ((sq_backend *)(be))
#define c_int(st, col) sqlite3_column_int64((st), (col))

/* A listing or a search (sqlite/records.c, sqlite/search.c). */
struct sq_iter {
	cop_backend_iter base;
	sq_backend *b;          /* NULL once the backend is freed */
	sq_iter *prev, *next;   /* b->iters */
	sqlite3_stmt *st;       /* NULL when over */
	int slot;               /* b->stmt[] index when borrowed, else -1 */
	cop_rec_kind rec_kind;
	int have_row;           /* st is on a row not yet returned */
	int failed;             /* an error ended the listing */
	char *match;            /* search: the FTS5 query */
	char *mark_open;        /* search: the snippets' markers */
	char *mark_close;
	int64_t search_k;       /* search: candidates ranked (?6); -1: all */
	int64_t search_limit;   /* search: hits wanted */
	int64_t delivered;      /* search: hits returned so far */
};

/* A row being read, or parameters being bound, through sq_io. */
typedef struct sq_row {
	sq_backend *b;
	sqlite3_stmt *st;
} sq_row;

/* The readers and binders of sql/sql.h's records. */
extern const cop_sql_io sq_io;

/* The backend's methods (sql/sql.h), each in the file of its job. */
COP_SQL_BACKEND_DECLARE(sq);

/* Shared between the backend's files, by the file that defines them. */

/* sqlite/records.c */
int sq_iter_new(sq_backend *b, int s, cop_rec_kind kind, sq_iter **out);
int sq_iter_step(sq_iter *it);
int sq_iter_begin(sq_iter *it, int brc, int s, cop_backend_iter **out);
void sq_iter_free(cop_backend_iter *bi);
void sq_iter_release(sq_iter *it);
void sq_iter_unlink(sq_iter *it);

/* sqlite/rop.c */
/* Forget the keys rop.c has cached (a transaction that made one
 * rolled back), or all of them and their memory when @p release. */
void sq_keys_forget(sq_backend *b, int release);

/* sqlite/schema.c */
int sq_schema(sq_backend *b, unsigned int flags, int memory);
int sq_bulk_refill(sq_backend *b);

/* sqlite/search.c */
int sq_fts_query(const char *text, char **out);
int sq_check_index(cop_backend *be, int repair, char **problem);
int sq_search_fill(sq_iter *it, cop_search_hit_rec *h);
/* Register what the full-text index calls on connection @p b: the SQL
 * functions cop_text(format, body), cop_fts_held(fid), and the health
 * roll-ups' cop_bulk_community(id).  SQLITE_OK or an SQLite error. */
int sq_search_register(sq_backend *b);
int sq_fts_hold(sq_backend *b);
int sq_fts_release(sq_backend *b);
int sq_step(sq_backend *b, sqlite3_stmt *st);

/* sqlite/bulk.c: a bulk load (cop_backend.bulk), its end, and its
 * inserts with the triggers off. */
int sq_bulk(cop_backend *be, int on);
int sq_bulk_end(sq_backend *b);
void sq_bulk_inserted(sq_backend *b, cop_rec_kind kind, const void *rec);
void sq_bulk_forget(sq_backend *b);
void sq_notrig_end(sq_backend *b);
int sq_notrig_row(sq_backend *b, cop_rec_kind kind, const void *rec);
int sq_notrig_after(sq_backend *b, cop_rec_kind kind, const void *rec);
int sq_notrig_rop(sq_backend *b, int op, const cop_val *params,
	unsigned int n);
/* Free the triggers' table the load read (the connection closes). */
void sq_trig_free(sq_backend *b);

/* sqlite/totals.c */
/* Register the virtual table cop_held_rows on @p b's connection:
 * SQLITE_OK or an SQLite error. */
int sq_held_register(sq_backend *b);
/* Hold @p row (copied) to be written later; the hold written first
 * when full.  COP_OK, COP_ENOMEM (nothing held, at the first) or the
 * error of writing the hold. */
int sq_held_add(sq_backend *b, const sq_held_row *row);
/* Write the held rows, if any and not b->held.pass: SQLITE_OK or the
 * SQLite error (the connection's message says which); the hold is empty
 * after, written or not. */
int sq_held_write(sq_backend *b);
/* sq_held_write() as a COP_* code, its error in the backend's message. */
int sq_held_flush(sq_backend *b);
/* sq_held_flush() as level b->depth commits (a savepoint's release, the
 * outermost commit): also fails, with the first failure's code, when a
 * write of held rows failed at that level or an inner one since it
 * began and no rollback undid it. */
int sq_held_commit(sq_backend *b);
/* sq_held_commit() at a bulk load's end, the hold's memory freed. */
int sq_held_end(sq_backend *b);
/* Forget the held rows as level b->depth rolls back (a failed write at
 * it or inside it forgotten too); @p release 1: the transaction ends,
 * their memory freed; 2: and their statement (the connection closes). */
void sq_held_drop(sq_backend *b, int release);

/* sqlite/sqlite.c */
int sq_b_id(sqlite3_stmt *st, int i, const cop_id *id);
int sq_b_int(sqlite3_stmt *st, int i, int64_t v);
int sq_b_key(sqlite3_stmt *st, int i, const cop_id *id);
int sq_b_text(sqlite3_stmt *st, int i, const char *s);
int sq_bind_rec(sq_backend *b, cop_rec_kind kind, sqlite3_stmt *st,
	const void *rec);
int sq_bt_id(sqlite3_stmt *st, int i, const cop_id *id);
int sq_bt_key(sqlite3_stmt *st, int i, const cop_id *id);
int sq_bt_text(sqlite3_stmt *st, int i, const char *s);
int sq_c_id(sq_backend *b, sqlite3_stmt *st, int col, cop_id *out);
int sq_c_text(sq_backend *b, sqlite3_stmt *st, int col, char **out);
int sq_fill_rec(sq_backend *b, cop_rec_kind kind, sqlite3_stmt *st,
	void *rec);
int sq_code(int rc);
int sq_done(sq_backend *b, sqlite3_stmt *st, const char *what);
int sq_int_of(sq_backend *b, int s, int64_t *out);
int sq_row_of(sq_backend *b, int s, const cop_id *k, sqlite3_stmt **out);
int sq_err(sq_backend *b, int rc, const char *what);
/* Set the backend's message; returns @p code. */
int sq_fail(sq_backend *b, int code, const char *fmt, ...)
	COP__PRINTF(3, 4);
int sq_prep(sq_backend *b, int s, sqlite3_stmt **out);
int sq_prep_slot(sq_backend *b, sqlite3_stmt **slot, const char *sql,
	const char *name);
int sq_txn_check(sq_backend *b);
void sq_rec_drop(sq_backend *b, cop_rec_kind kind, void *rec);

#endif
