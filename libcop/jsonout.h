/*
 * jsonout.h: the JSON writer and the table-driven exporter shared by the
 * community export (json_export.c) and a member's export
 * (privacy_export.c).  Not installed.
 *
 * The writer buffers output to a file descriptor.  The exporter turns a
 * backend scan into one array of the document: a section (cop__jsec)
 * names the scan, its keyset columns and the record's columns, with
 * optional hooks; cop__jout_section() pages through the scan and writes
 * one record per line, each an object dumped with sorted keys.
 */
#ifndef COP_JSONOUT_H
#define COP_JSONOUT_H

#include <stddef.h>
#include <jansson.h>

#include "internal.h"

/* ---- the writer ------------------------------------------------------------------------ */

/** Bytes buffered before a write(2). */
#define COP__JOUT_BUF (64 * 1024)

/** A writer: output to @c fd through a buffer; the first failure sticks. */
typedef struct cop__jout {
	cop_store *s;
	int fd;
	char *buf;
	size_t len;
	int rc;              /* the first failure, reported on @c s */
} cop__jout;

/** Start writing to @p fd.  COP_ENOMEM (recorded on @p s) when the
 *  buffer cannot be had. */
int cop__jout_open(cop__jout *o, cop_store *s, int fd);
/** Write what is buffered and release the buffer; returns the first
 *  failure of the writer's life, or COP_OK.  Safe after a failed open. */
int cop__jout_close(cop__jout *o);
/** Append @p n bytes; COP_EIO ("writing the export: ...") on failure. */
int cop__jout_put(cop__jout *o, const char *p, size_t n);
/** Append a C string. */
int cop__jout_str(cop__jout *o, const char *p);
/** Append @p j (consumed; NULL means out of memory) compactly, with
 *  sorted keys: the same value always gives the same bytes. */
int cop__jout_json(cop__jout *o, json_t *j);

/* ---- values and fields ----------------------------------------------------------------- */

/** A backend value as JSON: an id as its text (the nil id as null), an
 *  integer, a text (a NULL text as ""), anything else as null.  A new
 *  reference; NULL when out of memory or the text is not UTF-8. */
json_t *cop__jval(const cop_val *v);
/**
 * Set @p o[@p name] to @p v (consumed).  @p v NULL is a failure:
 * COP_ECORRUPT ("field NAME holds invalid UTF-8") when @p from (the
 * value @p v was made from, or NULL) is a text that is not UTF-8,
 * COP_ENOMEM otherwise; recorded on @p s.
 */
int cop__jset(cop_store *s, json_t *o, const char *name, json_t *v,
	const cop_val *from);

/** Time @p t as RFC 3339 UTC text with milliseconds
 *  ("2010-05-18T09:00:00.000Z"); NULL when out of memory or @p t is
 *  outside years 1970 to 9999. */
json_t *cop__jtime(cop_time t);
/** The time RFC 3339 text @p text gives (a "Z" or an offset, an optional
 *  fraction of up to 9 digits, milliseconds kept), in *out; -1 when it
 *  is not such a text or outside years 1970 to 9999. */
int cop__jtime_parse(const char *text, cop_time *out);

/* ---- sections ---------------------------------------------------------------------------- */

/** A column's type. */
enum { C_ID = 1, C_INT, C_TEXT };
#define C_NULL 0x1                     /* may be null */
#define C_TAGS 0x2                     /* a normalised tag list */
#define C_OPT 0x4                      /* import: may be absent (null) */
#define C_TIME 0x8                     /* C_INT: a time; format 2 writes it
                                        * as RFC 3339 UTC text */
#define C_OINT 0x10                    /* C_INT: the field is a
                                        * cop_rec_opt_int, unset null */

/** A column of a section: its name in the document (NULL: left out of
 *  the record), its type, for import its flags and range, and for export
 *  the field of the scan's record it comes from (COP__JF). */
typedef struct xcol {
	const char *name;
	int type;
	int flags;
	int64_t min, max;                  /* C_INT: range; C_TEXT: bytes */
	unsigned short off;                /* the field's offset */
	unsigned char size;                /* its size (C_INT: int or int64_t) */
	/* C_INT: an enumeration; format 2 writes its values as these names
	 * (NULL for a value that has none).  NULL: a plain integer. */
	const char *(*ename)(int v);
} xcol;

/* The field @p m of record type @p R, as a column's off and size.  A
 * C_ID field is a cop_id, its nil null; a C_TEXT field a char *, its
 * NULL null; a C_INT field an int or int64_t, with C_NULL below 0 null. */
#define COP__JF(R, m) COP__JFE(R, m, NULL)
/* The same for an enumeration column named by @p en (xcol.ename). */
#define COP__JFE(R, m, en) (unsigned short)offsetof(R, m), \
	(unsigned char)sizeof(((R *)0)->m), en
/* A column with no field (a record the caller builds); with names. */
#define COP__JNOF 0, 0, NULL
#define COP__JNOFE(en) 0, 0, en

/* A section's scan: the cop_backend_export method @p m. */
#define COP__JSCAN(m) offsetof(cop_backend_export, m)

typedef struct cop__jexp cop__jexp;

/**
 * A section: one array of the document, from one export scan
 * (cop_backend_export) of the export's scope, its records in the order
 * of its keyset columns.  Each record becomes a row (column i from the
 * field of cols[i]) that the hooks read, and then an object whose field
 * cols[i].name is column i.
 */
typedef struct cop__jsec {
	const char *name;                  /* the array's key */
	size_t scan;                       /* the scan method (COP__JSCAN) */
	int by;                            /* its cop_export_by */
	cop_rec_kind rec;                  /* its records' kind */
	unsigned int page;                 /* rows per scan */
	int nkeys;                         /* keyset: columns key[0..nkeys) */
	int key[3];
	/* > 0: rows with the same key columns key[0..group) are written
	 * sorted by the text of column key[group] in byte order, whatever
	 * the backend's collation. */
	int group;
	const xcol *cols;
	int ncols;
	/* Optional hooks.  fix: complete record @p o from row @p r (names
	 * enum values).  keep: 0 leaves the row out.  post: work on each
	 * record of a page after its scan is closed (nested reads); such a
	 * section collects a page at a time, the others write row by row. */
	int (*fix)(cop__jexp *x, const cop_row *r, json_t *o);
	int (*keep)(cop__jexp *x, const cop_row *r);
	int (*post)(cop__jexp *x, json_t *o);
	/* The export table's version the scan needs (0 and 1: any); with an
	 * older table the section is written empty. */
	unsigned int version;
} cop__jsec;

/** An export under way: what the sections' scans and hooks share. */
struct cop__jexp {
	cop_store *s;
	cop__jout *o;                      /* the output */
	cop_id scope;                      /* the scans' scope */
	int all;                           /* the "all" flag's value */
	const char *what;                  /* names reads in errors; NULL: the
	                                    * section's name */
};

/** The checks every export starts with: COP_EINVAL without a store
 *  (nothing recorded) or with a bad @p fd, COP_ENOTSUP when the backend
 *  has no recognition or no export storage. */
int cop__jout_check(cop_store *s, int fd);
/**
 * Start an export: clear @p x, point it at @p s and at writer @p o
 * opened on @p fd, and write @p head.  COP_OK, COP_ENOMEM or COP_EIO;
 * call cop__jout_end() whatever it returns.
 */
int cop__jout_begin(cop__jexp *x, cop__jout *o, cop_store *s, int fd,
	const char *head);
/**
 * End an export: when @p rc is COP_OK write @p tail; then flush and
 * close the writer.  Returns @p rc when it is a failure, else the
 * writer's first failure, else COP_OK (the store's error cleared).
 */
int cop__jout_end(cop__jexp *x, int rc, const char *tail);

/**
 * Write ",\n\"NAME\":" and row @p r as a record of section @p sec (its
 * columns and fix hook; the scan is not used): the document's single
 * objects.  Errors as cop__jout_section().
 */
int cop__jout_record(cop__jexp *x, const cop__jsec *sec, const cop_row *r);

/**
 * Export section @p sec of @p x: write ",\n\"NAME\":[" then the records
 * one a line, then "]" (or "\n]"); with @p into, append the records to
 * that array instead and write nothing.  COP_OK, or the failure
 * recorded on the store: the backend's (named by @c x->what), COP_EIO
 * (writing), COP_ENOMEM, COP_ECORRUPT (a text that is not UTF-8), or a
 * hook's.
 */
int cop__jout_section(cop__jexp *x, const cop__jsec *sec, json_t *into);

#endif
