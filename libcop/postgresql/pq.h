/*
 * postgresql/pq.h: what the PostgreSQL backend's files share.  Not
 * installed.
 */
#ifndef COP_POSTGRESQL_PQ_H
#define COP_POSTGRESQL_PQ_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <endian.h>
#include <libpq-fe.h>

#include "internal.h"
#include "postgresql/pg.h"
#include "sql/sql.h"

#define PG_SCHEMA_VERSION 3
#define PG_BATCH 256              /* rows fetched per listing round trip */
#define PG_MAXP 16                /* most parameters of one statement */
#define PG_ERRMSG_MAX 512
#define PG_LOCK_KEY 1668247600    /* advisory lock taken while migrating */


/* The statements (postgresql/statements.c), prepared once per
 * connection under their names. */
enum {
	/* S_INS + kind, S_UPD + kind, S_GET + kind, S_GET_L + kind: the
	 * insert, update, get by key and get by key locking the row
	 * (cop_locking=row) of a record kind (no statement: none). */
	S_INS,
	S_UPD = S_INS + COP_SQL_KINDS,
	S_GET = S_UPD + COP_SQL_KINDS,
	S_GET_L = S_GET + COP_SQL_KINDS,
	S_MEMBER_BYNAME = S_GET_L + COP_SQL_KINDS, S_MEMBER_BYNAME_L,
	S_COMM_BYSLUG, S_THR_ACCESS, S_LOG_LAST,
	S_L_MEMBERS, S_L_MEMBERS_A, S_L_COMMS, S_L_COMMS_A,
	S_L_MS, S_L_MS_A, S_L_THR, S_L_THR_A, S_L_TC, S_L_TC_A,
	S_L_AC, S_L_AC_A, S_L_REV, S_L_LOG,
	S_NORM, S_SEARCH, S_STATS, S_STATS_C,
	/* The same listings and search for the system (no viewer). */
	S_L_COMMS_S, S_L_COMMS_A_S, S_L_THR_S, S_L_THR_A_S, S_L_AC_S,
	S_L_AC_A_S, S_L_LOG_S, S_SEARCH_S,
	S_COUNT
};

typedef struct pg_stmt {
	const char *name;
	const char *sql;
	int readonly;        /* may be retried after a reconnection */
	int counted;         /* a write answering SELECT count(*) */
	int binary;          /* results in binary (see pg_r_id, pg_r_int) */
} pg_stmt;

extern const pg_stmt pg_stmts[S_COUNT];

/* Statements waiting to be sent (postgresql/pipeline.c). */
enum {
	Q_DONE,      /* any success will do */
	Q_INSERTED,  /* one row (or a count above 0), else COP_EEXISTS */
	Q_UPDATED,   /* one row (or a count above 0), else COP_ENOTFOUND */
	Q_SEQ        /* one non-NULL value (the log's seq) */
};

typedef struct pg_qent {
	const char *name;     /* prepared statement, or NULL: sql */
	char sql[48];         /* BEGIN, LOCK, SAVEPOINT, RELEASE, COMMIT */
	int check;            /* Q_* */
	int counted;          /* the answer is a count */
	int sp;               /* SAVEPOINT cop_<sp> when > 0 */
	int read;             /* a listing's first batch, for it (below) */
	struct pg_iter *it;   /* ... NULL once that listing is freed */
	int binary;           /* results in binary */
	int n;
	const char *v[PG_MAXP];
	int len[PG_MAXP];
	int fmt[PG_MAXP];
	char *mem;            /* the parameters' bytes, owned */
} pg_qent;

typedef struct pg_iter pg_iter;

typedef struct pg_backend {
	cop_backend base;
	PGconn *conn;
	char *conninfo;       /* the URI without libcop's parameters */
	char *schema;         /* cop_schema, or NULL */
	int drop_schema;      /* cop_schema_drop=1 */
	int readonly;
	int busy_ms;
	int row_locks;        /* cop_locking=row: lock rows, not the store */
	int depth;            /* open transaction levels */
	int txn_lost;         /* the connection died inside a transaction */
	int txn_dead;         /* the transaction's BEGIN, LOCK or SAVEPOINT
	                         failed: this code until it is rolled back */
	char dead_msg[PG_ERRMSG_MAX];
	struct pg_qent *q;    /* statements waiting to be sent (pg_defer) */
	int qn, qcap;
	unsigned char prepared[S_COUNT];
	unsigned char rprepared[2][COP_ROP__COUNT];  /* recognition; [1]: locking */
	char errmsg[PG_ERRMSG_MAX];
} pg_backend;

#define PG(be) ((pg_backend *)(be))

typedef struct pg_params {
	int n;
	const char *v[PG_MAXP];
	int len[PG_MAXP];
	int fmt[PG_MAXP];
	char num[PG_MAXP][24];
} pg_params;

struct pg_iter {
	cop_backend_iter base;
	pg_backend *b;
	cop_list_kind kind;
	cop_rec_kind rec_kind;
	cop_id parent;
	cop_id viewer;
	int has_viewer;
	/* The key of the last row returned (or of the caller's cursor). */
	int has_after;
	int64_t after_num, after_num2;
	char *after_text;
	cop_id after_id;
	int unlimited;
	unsigned int remaining;   /* rows still wanted when limited */
	int last_batch;           /* the server has no more rows */
	PGresult *res;            /* the current batch */
	int row;
	char *parent_slug;        /* threads of the community of this slug */
	unsigned int want;        /* rows asked for in the current batch */
	int queued;               /* the first batch waits in b->q */
};

typedef struct pg_buf {
	char *p;
	size_t n, cap;
	int oom;
} pg_buf;

/* A row being read, or parameters being bound, through pg_io. */
typedef struct pg_row {
	pg_backend *b;
	const PGresult *r;
	pg_params *p;
	int row;
	int borrow;
} pg_row;

/* The readers and binders of sql/sql.h's records. */
extern const cop_sql_io pg_io;

/* The backend's methods (sql/sql.h), each in the file of its job. */
COP_SQL_BACKEND_DECLARE(pg);

/* An iterator over the rows of one result (search hits, operation rows). */
typedef struct pg_result_iter {
	cop_backend_iter base;
	pg_backend *b;
	PGresult *res;           /* cleared by pg_result_iter_free() */
	int row;
} pg_result_iter;

/* Shared between the backend's files, by the file that defines them. */

/* postgresql/pg.c */
void pg_result_iter_free(cop_backend_iter *bi);
void pg_buf_add(pg_buf *b, const char *s, size_t n);
void pg_buf_str(pg_buf *b, const char *s);
int pg_fill_hit(pg_backend *b, const PGresult *r, int i,
	cop_search_hit_rec *h, int borrow);
int pg_fill_rec(pg_backend *b, cop_rec_kind kind, const PGresult *r,
	int i, void *rec, int borrow);
int pg_conn_error(pg_backend *b, const char *what);
int pg_ensure(pg_backend *b);
int pg_fail(pg_backend *b, int code, const char *fmt, ...)
	COP__PRINTF(3, 4);
int pg_prepare(pg_backend *b, const char *name, const char *sql,
	const char *what, unsigned char *done);
int pg_result_error(pg_backend *b, const PGresult *r, const char *what);
int pg_run(pg_backend *b, const char *sql, const char *what);
int pg_r_id(pg_backend *b, const PGresult *r, int row, int col,
	cop_id *out);
int pg_r_text(pg_backend *b, const PGresult *r, int row, int col,
	char **out, int borrow);
int64_t pg_r_int(const PGresult *r, int row, int col);
void pg_bind_rec(pg_params *p, cop_rec_kind kind, const void *rec);
void pg_p_id(pg_params *p, const cop_id *id);
void pg_p_int(pg_params *p, int64_t v);
void pg_p_key(pg_params *p, const cop_id *id);
void pg_p_null(pg_params *p);
void pg_p_text(pg_params *p, const char *s);

/* postgresql/pipeline.c */
int pg_defer(pg_backend *b, int s, const pg_params *p, int check);
int pg_defer_named(pg_backend *b, const char *name, const char *sql,
	unsigned char *prepared, int counted, const pg_params *p, int check);
int pg_exec(pg_backend *b, int s, const pg_params *p, PGresult **out);
int pg_int_of(pg_backend *b, int s, int64_t *out);
int pg_exec_named(pg_backend *b, const char *name, const char *sql,
	unsigned char *prepared, int readonly, int binary, const pg_params *p,
	PGresult **out);
int pg_q_flush(pg_backend *b);
int pg_q_read(pg_backend *b, const char *name, int binary,
	const pg_params *p, struct pg_iter *it);
void pg_q_drop(pg_backend *b, int from);

/* postgresql/records.c */
void pg_iter_unqueue(struct pg_iter *it, PGresult *r);

/* postgresql/rop.c */

/* postgresql/schema.c */
int pg_schema(pg_backend *b, unsigned int flags);

/* postgresql/search.c */

#endif
