/*
 * json_doc.h: a community as one JSON document (docs/json.md), what its
 * export (json_export.c), its import (json_import.c) and the description
 * of its sections (json_sections.c) share.  Not installed.
 *
 * Every section is described by a table of columns (name, type, range,
 * and the field of the scan's record each comes from): export turns a
 * scan's record into an object with those names; import checks an
 * object against the same table and turns it into a record or the
 * parameters of an insert.
 */
#ifndef COP_JSON_DOC_H
#define COP_JSON_DOC_H

#include <jansson.h>

#include "internal.h"
#include "jsonout.h"

#define X_FORMAT "libcop"
#define X_VERSION 2                    /* written; 1 and 2 are read */
#define X_PAGE 500                     /* rows per scan */
#define X_IN_BUF (64 * 1024)           /* import's first read buffer */
#define X_ELEMENT_MAX (4 * 1024 * 1024) /* largest element accepted */
#define X_SOURCE_MAX 256               /* bytes of a source id */
#define X_TAGS_MAX 1024                /* bytes of a ledger entry's tags */
#define X_CONFIG_MAX (64 * 1024)       /* bytes of a recognition config */
#define X_CACHE 512                    /* known threads and contributions */

/* ---- the sections ----------------------------------------------------------- */

#define I32 INT32_MIN, INT32_MAX
#define U32 0, INT32_MAX
#define TIME 0, INT64_C(253402300799999) /* to 9999-12-31T23:59:59.999Z */
#define ANY INT64_MIN, INT64_MAX

typedef struct ximp ximp;

/* A section of the document: how export reads it (its scan and columns)
 * and how import puts one of its records. */
typedef struct xsec {
	cop__jsec out;
	int (*put)(ximp *x, const cop_val *v);
	const char *what;                  /* one record, in messages */
} xsec;

/* The document's sections, in its order (json_sections.c). */
#define NSECTIONS 15
extern const xsec cop__jsections[NSECTIONS];
/* The community's object, a section of one record (its columns). */
extern const cop__jsec cop__jcommunity;

/* ---- small helpers ------------------------------------------------------------ */


/* ---- import: reading the document ------------------------------------------------------ */

struct ximp {
	cop_store *s;
	int fd;
	char *buf;
	size_t cap, beg, end;              /* unread bytes: buf[beg..end) */
	int eof;
	int version;                       /* the document's format, 1 or 2 */
	long line, col;                    /* where buf[beg] is, from 1 */
	long el_line;                      /* where the current element starts */
	uint64_t done, total, reported;
	const cop_import_options *opts;
	cop_import_report rep;
	cop_id cid;                        /* the community */
	struct { cop_id id; int kind; } cache[X_CACHE];
	char **syn;                        /* the synonyms' names, checked */
	size_t nsyn, syncap;               /* at the end (cop__jtags_check) */
	struct xsum { cop_id thread, summary; } *sums;  /* the threads' */
	size_t nsums, sumcap;              /* summaries (cop__jsums_put) */
};


/* Record a format error at the current element (or position). */
int cop__jerr(ximp *x, int code, const char *fmt, ...) COP__PRINTF(3, 4);
/* Re-issue a validation failure as a format error (ENOMEM stays). */
int cop__jwrap(ximp *x, int rc, const char *what);
/* Check @p o against the columns @p cols into @p v (texts borrowed from
 * @p o). */
int cop__jrec_vals(ximp *x, const char *what, const xcol *cols, int ncols,
	json_t *o, cop_val *v);
/* Store a recognition record of @p kind (an accepted answer, kudos, a
 * ledger entry, a period total) given as @p n values in its table's
 * order, through the backend's recognition table; a failure names
 * @p what. */
int cop__jrec_put(ximp *x, cop_rec_kind kind, const cop_val *p,
	unsigned int n, const char *what);
/* Put the community's object. */
int cop__jput_community(ximp *x, json_t *o);
/* Check, once every record is in, that each synonym of the document
 * names a tag that is not itself a synonym (COP_EFORMAT otherwise). */
int cop__jtags_check(ximp *x);
/* Remember that thread @p thread names @p summary (an id value, or
 * null: nothing) as its summary, for cop__jsums_put(). */
int cop__jsum_add(ximp *x, const cop_id *thread, const cop_val *summary);
/* Once every record is in: each thread remembered gets its summary when
 * the document holds it (COP_EFORMAT when that is not a summary of the
 * thread); a summary the document leaves out (hidden from its exporter,
 * or removed) leaves the thread without one. */
int cop__jsums_put(ximp *x);
/* Put one record of section @p sec, as a level of its own. */
int cop__jput_record(ximp *x, const xsec *sec, const cop_val *v);

#endif
