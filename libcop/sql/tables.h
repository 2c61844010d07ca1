/*
 * sql/tables.h: the core tables (members, communities, memberships,
 * threads, contributions, revisions, the change log), each column
 * written once, for both SQL backends.  Not installed.
 *
 * Each table is an X-macro, COP_SQL_TABLE_<NAME>(X, D, A), that lists
 * its columns in the order of the table, one X(A, S, N, name, CLASS) a
 * column (a few a line):
 *   S      its place: K1 the first column of the update key, K a later
 *          one, F0 the first column of a table without a key, F the
 *          first column after the key, N any later one (the separators
 *          of the lists below follow from it)
 *   N      its parameter number in the record's insert and update
 *          statements (the order cop__sql_bind() binds the fields in)
 *   name   the column's name, and the record's member (sys/backend.h)
 *          it is read into
 *   CLASS  its SQL type class, which gives the engine's type (E_T_CLASS
 *          below), the cast of its parameter (E_P) and how its field is
 *          read and bound (COP_SQL_RD_CLASS)
 * and D(A, name) marks where an engine's derived column sits (SQLite
 * writes them, PostgreSQL generates them): the engine E defines
 * E_DDL_name (its definition), E_DI_name and E_DV_name (the column and
 * value an insert adds, or ""), E_DS_name (what an update sets, or "").
 *
 * From these lists come the records' column lists (COP_SQL_SELECT, the
 * *_COLS of sql/sql.h), their field maps (COP_SQL_FIELDS, sql/record.c),
 * the columns of CREATE TABLE (COP_SQL_DDL) and the column, value and
 * SET lists of each backend's insert and update statements
 * (COP_SQL_ICOLS, COP_SQL_IVALS, COP_SQL_SETS, COP_SQL_WHERE).  An
 * engine E passes in E_T_<CLASS> (the column type), E_P(N, CLASS) (the
 * placeholder of parameter N: ?N in SQLite, $N::type in PostgreSQL) and
 * its derived columns; what is not a column list (SQLite's rid and fid,
 * the full-text tables and triggers, PostgreSQL's tsvector, upserts,
 * locking) stays in the backend around these lists.
 *
 * Type classes:
 *   PK     the table's 16-byte id and primary key
 *   RPK    a 16-byte id, unique, which SQLite keeps beside its rid
 *          (PostgreSQL: the primary key)
 *   KEY    a 16-byte id, NOT NULL
 *   ID     a 16-byte id, NULL when nil
 *   TEXT   text, NOT NULL (a NULL field is bound as NULL)
 *   TEXTN  text, NOT NULL, a NULL field bound as ""
 *   OTEXT  text, NULL allowed
 *   UTEXT  text, NOT NULL, unique and compared byte by byte
 *   INT    a 32-bit integer, NOT NULL
 *   I64    a 64-bit integer (times), NOT NULL
 *   INT_Z, I64_Z  the same, DEFAULT 0: a column added to a table that
 *          has rows (its migration step adds it with the same type)
 *   INTN   a 32-bit integer, NULL allowed (its field a cop_rec_opt_int:
 *          NULL when unset)
 *
 * Adding a column to a record: the field in sys/backend.h, one X() entry
 * here (at the end of the table, with the next parameter number), and a
 * migration step in each backend's schema.c that adds it to existing
 * stores ("ALTER TABLE ... ADD COLUMN name " E_T_CLASS, of a class with a
 * DEFAULT for the rows already there): see "Adding a column" in
 * docs/architecture.md.  New stores are created from these lists
 * directly at the current version.
 */
#ifndef COP_SQL_TABLES_H
#define COP_SQL_TABLES_H

/* ---- the tables ----------------------------------------------------------- */

#define COP_SQL_TABLE_MEMBER(X, D, A) \
	X(A, K1, 1, id, PK) X(A, F, 2, handle, TEXT) D(A, handle_lower) \
	X(A, N, 3, display_name, TEXT) X(A, N, 4, organisation, OTEXT) \
	X(A, N, 5, languages, OTEXT) X(A, N, 6, status, INT) \
	X(A, N, 7, created, I64)

#define COP_SQL_TABLE_COMMUNITY(X, D, A) \
	X(A, K1, 1, id, PK) X(A, F, 2, slug, UTEXT) X(A, N, 3, name, TEXT) \
	X(A, N, 4, purpose, OTEXT) X(A, N, 5, language, TEXT) \
	X(A, N, 6, visibility, INT) X(A, N, 7, created, I64) \
	/* an upheld flag hides its contribution: SQLite schema 10, \
	 * PostgreSQL 9 (the editor step) */ \
	X(A, N, 8, flag_hides, INT_Z)

/* Read with the member's handle (u.handle), which is not written. */
#define COP_SQL_TABLE_MEMBERSHIP(X, D, A) \
	X(A, K1, 1, community_id, KEY) X(A, K, 2, member_id, KEY) \
	X(A, F, 3, role, INT) X(A, N, 4, status, INT) X(A, N, 5, joined, I64) \
	X(A, N, 6, pledged_hours, INT)

/* pinned sits where it was a column derived from the state (before
 * schema 5 of SQLite, 4 of PostgreSQL); the other properties came
 * after, with a DEFAULT for the rows already there. */
#define COP_SQL_TABLE_THREAD(X, D, A) \
	X(A, K1, 1, id, PK) X(A, F, 2, community_id, KEY) \
	X(A, N, 3, author_id, ID) X(A, N, 4, kind, INT) \
	X(A, N, 5, state, INT) X(A, N, 12, pinned, INT) \
	X(A, N, 6, title, TEXT) \
	X(A, N, 7, tags, TEXTN) X(A, N, 8, language, TEXT) \
	X(A, N, 9, created, I64) X(A, N, 10, last_activity, I64) \
	X(A, N, 11, contribution_count, INT) \
	/* its properties: SQLite schema 5, PostgreSQL 4 */ \
	X(A, N, 13, closed, INT_Z) X(A, N, 14, locked, INT_Z) \
	X(A, N, 15, hidden, INT_Z) X(A, N, 16, answered, INT_Z) \
	/* its current summary, and whether others replied and answered:
	 * SQLite schema 12, PostgreSQL 11 (the facilitation step) */ \
	X(A, N, 17, summary_id, ID) X(A, N, 18, replied, INT_Z) \
	X(A, N, 19, has_answer, INT_Z)

/* The body last: SQLite reads the columns before it without its
 * overflow pages. */
#define COP_SQL_TABLE_CONTRIBUTION(X, D, A) \
	X(A, K1, 1, id, RPK) X(A, F, 3, community_id, KEY) \
	X(A, N, 2, thread_id, KEY) X(A, N, 4, author_id, ID) \
	X(A, N, 5, kind, INT) X(A, N, 6, reply_to, ID) \
	X(A, N, 7, translation_of, ID) X(A, N, 8, language, TEXT) \
	X(A, N, 10, format, INT) X(A, N, 11, created, I64) \
	X(A, N, 12, edited, I64) X(A, N, 13, revision, INT) \
	X(A, N, 14, score, INT) X(A, N, 9, body, TEXT) \
	/* hidden by a moderator: SQLite schema 6, PostgreSQL 5 */ \
	X(A, N, 15, hidden, INT_Z) \
	/* the score where it was imported from: the source score step */ \
	X(A, N, 16, source_score, INTN)

/* Keyed by (contribution_id, number); updated only to redact it. */
#define COP_SQL_TABLE_REVISION(X, D, A) \
	X(A, K1, 1, contribution_id, KEY) X(A, K, 3, number, INT) \
	X(A, F, 2, community_id, KEY) X(A, N, 4, author_id, ID) \
	X(A, N, 7, created, I64) X(A, N, 6, comment, OTEXT) \
	X(A, N, 5, body, TEXT) \
	/* who made it, when it was redacted: the editor step (SQLite
	 * schema 10, PostgreSQL 9) */ \
	X(A, N, 8, editor_id, ID) X(A, N, 9, redacted, I64_Z)

/* After the seq, which the backend assigns (read first, not written). */
#define COP_SQL_TABLE_LOG(X, D, A) \
	X(A, F0, 1, time, I64) X(A, N, 2, actor_id, ID) X(A, N, 3, op, TEXT) \
	X(A, N, 4, object_id, ID) X(A, N, 5, community_id, ID)

/* ---- what is made of them ------------------------------------------------- */

/* Separators by place: in lists of columns, values and definitions, and
 * in SET lists (the key is not set) and WHERE lists (only the key). */
#define COP_SQL_SEP_K1 ""
#define COP_SQL_SEP_K ", "
#define COP_SQL_SEP_F0 ""
#define COP_SQL_SEP_F ", "
#define COP_SQL_SEP_N ", "
#define COP_SQL_DSEP_K1 ""
#define COP_SQL_DSEP_K ","
#define COP_SQL_DSEP_F0 ""
#define COP_SQL_DSEP_F ","
#define COP_SQL_DSEP_N ","
#define COP_SQL_SET_K1(C, P) ""
#define COP_SQL_SET_K(C, P) ""
#define COP_SQL_SET_F0(C, P) C " = " P
#define COP_SQL_SET_F(C, P) C " = " P
#define COP_SQL_SET_N(C, P) ", " C " = " P
#define COP_SQL_WHERE_K1(C, P) C " = " P
#define COP_SQL_WHERE_K(C, P) " AND " C " = " P
#define COP_SQL_WHERE_F0(C, P) ""
#define COP_SQL_WHERE_F(C, P) ""
#define COP_SQL_WHERE_N(C, P) ""

/* How each class is read and bound (the COP_SQL_KEY ... of sql/sql.h). */
#define COP_SQL_RD_PK COP_SQL_KEY
#define COP_SQL_RD_RPK COP_SQL_KEY
#define COP_SQL_RD_KEY COP_SQL_KEY
#define COP_SQL_RD_ID COP_SQL_ID
#define COP_SQL_RD_TEXT COP_SQL_TEXT
#define COP_SQL_RD_TEXTN COP_SQL_TEXT_NN
#define COP_SQL_RD_OTEXT COP_SQL_TEXT
#define COP_SQL_RD_UTEXT COP_SQL_TEXT
#define COP_SQL_RD_INT COP_SQL_INT
#define COP_SQL_RD_I64 COP_SQL_I64
#define COP_SQL_RD_INT_Z COP_SQL_INT
#define COP_SQL_RD_I64_Z COP_SQL_I64
#define COP_SQL_RD_INTN COP_SQL_OPT_INT

#define COP_SQL_NO_D(A, name)

/* "a.col, a.col, ...": the columns read, under the alias A ("c."). */
#define COP_SQL_SELECT(TABLE, A) TABLE(COP_SQL_SELECT_X, COP_SQL_NO_D, A)
#define COP_SQL_SELECT_X(A, S, N, name, CLASS) \
	COP_SQL_SEP_##S A #name

/* The field map: { how, parameter number, offset } of the record REC,
 * one initializer a column, in the order read. */
#define COP_SQL_FIELDS(TABLE, REC) TABLE(COP_SQL_FIELDS_X, COP_SQL_NO_D, REC)
#define COP_SQL_FIELDS_X(REC, S, N, name, CLASS) \
	{ COP_SQL_RD_##CLASS, N, (unsigned short)offsetof(REC, name) },

/* The column definitions of CREATE TABLE for engine E. */
#define COP_SQL_DDL(TABLE, E) TABLE(COP_SQL_DDL_X, COP_SQL_DDL_D, E)
#define COP_SQL_DDL_X(E, S, N, name, CLASS) \
	COP_SQL_DSEP_##S " " #name " " E##_T_##CLASS
#define COP_SQL_DDL_D(E, name) "," E##_DDL_##name
/* CREATE TABLE NAME_ with the columns of TABLE for engine E, after HEAD_
 * and before TAIL_ (what only that engine has). */
#define COP_SQL_CREATE(NAME_, TABLE, E, HEAD_, TAIL_) \
	"CREATE TABLE " NAME_ " (" HEAD_ COP_SQL_DDL(TABLE, E) TAIL_ ")"
/* A migration step adding column @p name of type class CLASS (as its
 * entry in the table's list has it) to table NAME_, for engine E: the
 * same line in each backend's migrations, E apart (docs/architecture.md,
 * "a one-column change"). */
#define COP_SQL_ADD_COLUMN(NAME_, name, CLASS, E) \
	"ALTER TABLE " NAME_ " ADD COLUMN " #name " " E##_T_##CLASS ";\n"

/* An insert's columns and values, an update's SET list and key. */
#define COP_SQL_ICOLS(TABLE, E) TABLE(COP_SQL_ICOLS_X, COP_SQL_ICOLS_D, E)
#define COP_SQL_ICOLS_X(E, S, N, name, CLASS) COP_SQL_SEP_##S #name
#define COP_SQL_ICOLS_D(E, name) E##_DI_##name
#define COP_SQL_IVALS(TABLE, E) TABLE(COP_SQL_IVALS_X, COP_SQL_IVALS_D, E)
#define COP_SQL_IVALS_X(E, S, N, name, CLASS) \
	COP_SQL_SEP_##S E##_P(N, CLASS)
#define COP_SQL_IVALS_D(E, name) E##_DV_##name
#define COP_SQL_SETS(TABLE, E) TABLE(COP_SQL_SETS_X, COP_SQL_SETS_D, E)
#define COP_SQL_SETS_X(E, S, N, name, CLASS) \
	COP_SQL_SET_##S(#name, E##_P(N, CLASS))
#define COP_SQL_SETS_D(E, name) E##_DS_##name
#define COP_SQL_WHERE(TABLE, E) TABLE(COP_SQL_WHERE_X, COP_SQL_NO_D, E)
#define COP_SQL_WHERE_X(E, S, N, name, CLASS) \
	COP_SQL_WHERE_##S(#name, E##_P(N, CLASS))

/* "a, b": the key columns (K1, K) of a table, for PRIMARY KEY (...). */
#define COP_SQL_PKEY(TABLE) TABLE(COP_SQL_PKEY_X, COP_SQL_NO_D, ~)
#define COP_SQL_PKEY_X(A, S, N, name, CLASS) COP_SQL_PKEY_##S(#name)
#define COP_SQL_PKEY_K1(C) C
#define COP_SQL_PKEY_K(C) ", " C
#define COP_SQL_PKEY_F0(C)
#define COP_SQL_PKEY_F(C)
#define COP_SQL_PKEY_N(C)

/* A record's insert (every column, its derived ones included) and its
 * update by key (every column but the key) in engine E; a backend adds
 * its own clauses around them (upserts, RETURNING, engine columns). */
#define COP_SQL_INSERT(NAME_, TABLE, E) "INSERT INTO " NAME_ " (" \
	COP_SQL_ICOLS(TABLE, E) ") VALUES (" COP_SQL_IVALS(TABLE, E) ")"
#define COP_SQL_UPDATE(NAME_, TABLE, E) "UPDATE " NAME_ " SET " \
	COP_SQL_SETS(TABLE, E) " WHERE " COP_SQL_WHERE(TABLE, E)

#endif
