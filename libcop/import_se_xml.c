/*
 * import_se_xml.c: reading a Stack Exchange dump's file with libxml2's
 * xmlTextReader, one <row/> at a time, so memory stays flat whatever its
 * size, and handing each row's attributes to the file's row function.
 *
 * The XML is parsed in a thread of its own while the calling thread
 * writes the rows already read (the beer dump's parse is about a
 * quarter of an import's instructions, and with two cores it no longer
 * adds to the import's time).  The reader thread copies each row's
 * wanted attributes into a batch (SE_BATCH_ROWS rows, their values in
 * one buffer); SE_BATCHES batches go round between the two threads, so
 * the parse runs at most that far ahead and memory stays bounded.  Only
 * the calling thread touches the store, the report and the progress
 * callback, and it sees the rows in the file's order: the import is
 * the same as when it read the file itself, which it does when the
 * thread cannot be started.  libxml2's errors (kept per thread by
 * libxml2) become the import's message, with the line of the row.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include "import_se.h"

#define SE_BATCHES 4                /* batches between the threads */
#define SE_BATCH_ROWS 256           /* rows a batch */
#define SE_BATCH_BYTES (256u << 10) /* a batch's values, grown for a
                                       larger row alone */
#define SE_NOVAL UINT32_MAX         /* an attribute the row lacks */

/* A row read: where its values are in its batch's buffer. */
typedef struct se_brow {
	long line;
	uint64_t consumed;          /* bytes read, for a progress report
	                               after this row; 0: none */
	uint32_t off[SE_MAX_ATTRS]; /* SE_NOVAL: absent */
} se_brow;

typedef struct se_batch {
	struct se_batch *next;
	se_brow rows[SE_BATCH_ROWS];
	size_t nrows;
	char *buf;                  /* the values, each NUL-terminated */
	size_t len, cap;
} se_batch;

/* One file's read, shared by the two threads: the queues and the
 * flags under mu; the reader, the error and the row count the reader
 * thread's until it is done (then the caller's). */
typedef struct se_rd {
	const se_file *f;
	xmlTextReaderPtr r;
	long rows;
	int ret;                    /* xmlTextReaderRead()'s last: 1 more,
	                               0 the end, -1 an error */
	int nomem;                  /* a batch could not grow */
	char xmlerr[200];           /* libxml2's first error */
	long xmlerr_line;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	se_batch *full, **full_tail; /* read, in order */
	se_batch *empty;             /* to fill */
	int stop;                    /* the caller wants no more */
	int done;                    /* the reader thread has ended */
	se_batch batch[SE_BATCHES];
} se_rd;

static void se_err_trim(char *m)
{
	size_t n = strlen(m);

	while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
		m[--n] = '\0';
}

/* libxml2's generic errors during a read: the first one is kept. */
static void se_generic_error(void *arg, const char *fmt, ...)
	COP__PRINTF(2, 3);

static void se_generic_error(void *arg, const char *fmt, ...)
{
	se_rd *rd = arg;
	va_list ap;

	if (rd->xmlerr[0])
		return;
	va_start(ap, fmt);
	vsnprintf(rd->xmlerr, sizeof(rd->xmlerr), fmt, ap);
	va_end(ap);
	se_err_trim(rd->xmlerr);
}

static void se_xml_error(void *arg, xmlErrorPtr err)
{
	se_rd *rd = arg;

	if (!err || err->level < XML_ERR_ERROR || rd->xmlerr[0])
		return;
	snprintf(rd->xmlerr, sizeof(rd->xmlerr), "%s",
		err->message ? err->message : "malformed XML");
	se_err_trim(rd->xmlerr);
	rd->xmlerr_line = err->line;
}

/* The uncompressed size of a gzip file (its trailer), 0 when unknown. */
static uint64_t se_gz_size(const char *path, uint64_t csize)
{
	unsigned char b[4];
	uint64_t n = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	if (csize >= 18 && pread(fd, b, 4, (off_t)(csize - 4)) == 4)
		n = (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
			(uint64_t)b[3] << 24;
	close(fd);
	return n >= csize ? n : 0;
}

static void se_progress(se *x, uint64_t done)
{
	if (!x->opts || !x->opts->progress)
		return;
	if (x->total && done > x->total)
		done = x->total;
	x->opts->progress(x->opts->progress_ctx, x->fname, done, x->total);
}

/* Attribute @p a's value, borrowed from the node (or made into @p tmp). */
static const char *se_attr_value(xmlAttrPtr a, xmlChar **tmp)
{
	if (a->children && a->children->type == XML_TEXT_NODE &&
	    !a->children->next)
		return (const char *)a->children->content;
	if (!a->children)
		return "";
	*tmp = xmlNodeListGetString(a->doc, a->children, 1);
	return *tmp ? (const char *)*tmp : "";
}

/*
 * Copy the row @p node's wanted attributes into @p b, which has room
 * for them (b->nrows < SE_BATCH_ROWS); 0, or 1 when @p b is not empty
 * and its buffer too full (nothing copied: the row goes in the next),
 * or -1 when an empty batch could not grow for it.
 */
static int se_take(se_rd *rd, se_batch *b, xmlNodePtr node)
{
	const char *v[SE_MAX_ATTRS];
	xmlChar *tmp[SE_MAX_ATTRS];
	size_t len[SE_MAX_ATTRS], need = 0;
	se_brow *row;
	xmlAttrPtr a;
	int i, rc = 0;

	memset(v, 0, sizeof(v));
	memset(tmp, 0, sizeof(tmp));
	for (a = node->properties; a; a = a->next)
		for (i = 0; rd->f->attrs[i]; i++)
			if (!strcmp((const char *)a->name, rd->f->attrs[i])) {
				v[i] = se_attr_value(a, &tmp[i]);
				break;
			}
	for (i = 0; i < SE_MAX_ATTRS; i++)
		if (v[i])
			need += (len[i] = strlen(v[i])) + 1;
	if (b->len + need > b->cap) {
		char *nb;

		if (b->nrows) {
			rc = 1;
			goto out;
		}
		/* One row larger than a batch: the buffer grows for it
		 * (a value is under 4 GiB: libxml2 caps a text node far
		 * below that unless XML_PARSE_HUGE). */
		if (need > UINT32_MAX || !(nb = cop_realloc(b->buf, need))) {
			rc = -1;
			goto out;
		}
		b->buf = nb;
		b->cap = need;
	}
	row = &b->rows[b->nrows++];
	row->line = xmlGetLineNo(node);
	row->consumed = 0;
	for (i = 0; i < SE_MAX_ATTRS; i++) {
		if (!v[i]) {
			row->off[i] = SE_NOVAL;
			continue;
		}
		row->off[i] = (uint32_t)b->len;
		memcpy(b->buf + b->len, v[i], len[i] + 1);
		b->len += len[i] + 1;
	}
	if (++rd->rows % SE_PROGRESS_EVERY == 0)
		row->consumed = (uint64_t)xmlTextReaderByteConsumed(rd->r);
out:
	for (i = 0; i < SE_MAX_ATTRS; i++)
		if (tmp[i])
			xmlFree(tmp[i]);
	return rc;
}

/*
 * Fill the empty batch @p b with the file's next rows; 1 when there
 * may be more, 0 at the file's end or on an error (rd->ret, rd->nomem
 * and rd->xmlerr say which).  A row that does not fit is read again
 * for the next batch: the reader stays on its node.
 */
static int se_fill(se_rd *rd, se_batch *b)
{
	xmlNodePtr node;
	int rc;

	b->nrows = 0;
	b->len = 0;
	for (;;) {
		/* rd->ret 2: the current node is a row not yet taken. */
		if (rd->ret != 2) {
			if ((rd->ret = xmlTextReaderRead(rd->r)) != 1)
				return 0;
			if (xmlTextReaderNodeType(rd->r) !=
			    XML_READER_TYPE_ELEMENT ||
			    xmlTextReaderDepth(rd->r) != 1)
				continue;
			node = xmlTextReaderCurrentNode(rd->r);
			if (!node || strcmp((const char *)node->name, "row"))
				continue;
		} else {
			node = xmlTextReaderCurrentNode(rd->r);
			rd->ret = 1;
		}
		if ((rc = se_take(rd, b, node)) < 0) {
			rd->nomem = 1;
			return 0;
		}
		if (rc > 0) {
			rd->ret = 2;
			return 1;
		}
		if (b->nrows == SE_BATCH_ROWS)
			return 1;
	}
}

/* The reader thread: fills the empty batches until the file ends or
 * the caller stops it. */
static void *se_reader_main(void *arg)
{
	se_rd *rd = arg;
	xmlGenericErrorFunc old_fn = xmlGenericError;
	void *old_ctx = xmlGenericErrorContext;
	se_batch *b;
	int more = 1;

	/* libxml2's generic error handler is this thread's own. */
	xmlSetGenericErrorFunc(rd, se_generic_error);
	while (more) {
		pthread_mutex_lock(&rd->mu);
		while (!rd->stop && !rd->empty)
			pthread_cond_wait(&rd->cv, &rd->mu);
		if (rd->stop) {
			pthread_mutex_unlock(&rd->mu);
			break;
		}
		b = rd->empty;
		rd->empty = b->next;
		pthread_mutex_unlock(&rd->mu);

		more = se_fill(rd, b);

		pthread_mutex_lock(&rd->mu);
		b->next = NULL;
		*rd->full_tail = b;
		rd->full_tail = &b->next;
		pthread_cond_broadcast(&rd->cv);
		pthread_mutex_unlock(&rd->mu);
	}
	xmlSetGenericErrorFunc(old_ctx, old_fn);
	pthread_mutex_lock(&rd->mu);
	rd->done = 1;
	pthread_cond_broadcast(&rd->cv);
	pthread_mutex_unlock(&rd->mu);
	return NULL;
}

/* The next batch read, NULL when the reader thread is done and none is
 * left. */
static se_batch *se_next_full(se_rd *rd)
{
	se_batch *b;

	pthread_mutex_lock(&rd->mu);
	while (!rd->full && !rd->done)
		pthread_cond_wait(&rd->cv, &rd->mu);
	if ((b = rd->full) != NULL && !(rd->full = b->next))
		rd->full_tail = &rd->full;
	pthread_mutex_unlock(&rd->mu);
	return b;
}

static void se_give_back(se_rd *rd, se_batch *b)
{
	pthread_mutex_lock(&rd->mu);
	b->next = rd->empty;
	rd->empty = b;
	pthread_cond_broadcast(&rd->cv);
	pthread_mutex_unlock(&rd->mu);
}

/* Hand batch @p b's rows to the file's row function, in order. */
static int se_rows(se *x, se_rd *rd, se_batch *b)
{
	const char *v[SE_MAX_ATTRS];
	size_t j;
	int i, rc;

	for (j = 0; j < b->nrows; j++) {
		se_brow *row = &b->rows[j];

		for (i = 0; i < SE_MAX_ATTRS; i++)
			v[i] = row->off[i] == SE_NOVAL ? NULL :
				b->buf + row->off[i];
		x->line = row->line;
		if ((rc = rd->f->row(x, v)) != COP_OK)
			return rc;
		if (row->consumed)
			se_progress(x, row->consumed);
	}
	return COP_OK;
}

/* Read the rows through the reader thread, or in this thread when it
 * cannot start. */
static int se_read_rows(se *x, se_rd *rd)
{
	pthread_t th;
	se_batch *b;
	int i, rc = COP_OK, more;

	rd->full_tail = &rd->full;
	for (i = 0; i < SE_BATCHES; i++) {
		rd->batch[i].next = rd->empty;
		rd->empty = &rd->batch[i];
	}
	if (pthread_mutex_init(&rd->mu, NULL) != 0)
		goto alone;
	if (pthread_cond_init(&rd->cv, NULL) != 0) {
		pthread_mutex_destroy(&rd->mu);
		goto alone;
	}
	if (pthread_create(&th, NULL, se_reader_main, rd) != 0) {
		pthread_cond_destroy(&rd->cv);
		pthread_mutex_destroy(&rd->mu);
		goto alone;
	}
	while (rc == COP_OK && (b = se_next_full(rd)) != NULL) {
		rc = se_rows(x, rd, b);
		se_give_back(rd, b);
	}
	pthread_mutex_lock(&rd->mu);
	rd->stop = 1;
	pthread_cond_broadcast(&rd->cv);
	pthread_mutex_unlock(&rd->mu);
	pthread_join(th, NULL);
	pthread_cond_destroy(&rd->cv);
	pthread_mutex_destroy(&rd->mu);
	return rc;

alone:
	do {
		more = se_fill(rd, &rd->batch[0]);
		rc = se_rows(x, rd, &rd->batch[0]);
	} while (rc == COP_OK && more);
	return rc;
}

int cop__se_read(se *x, const char *dir, const se_file *f)
{
	cop_store *s = x->s;
	char path[4096];
	struct stat st;
	se_rd *rd;
	int rc = COP_OK, gz = 0, i;
	xmlGenericErrorFunc old_fn;
	void *old_ctx;

	snprintf(path, sizeof(path), "%s/%s.xml", dir, f->base);
	if (stat(path, &st) != 0) {
		snprintf(path, sizeof(path), "%s/%s.xml.gz", dir, f->base);
		gz = 1;
		if (stat(path, &st) != 0) {
			if (!f->required)
				return COP_OK;
			return cop__error(s, COP_ENOTFOUND, "%s: no %s.xml or "
				"%s.xml.gz", dir, f->base, f->base);
		}
	}
	snprintf(x->fname, sizeof(x->fname), "%s.xml%s", f->base, gz ? ".gz" : "");
	x->total = gz ? se_gz_size(path, (uint64_t)st.st_size) :
		(uint64_t)st.st_size;
	x->line = 0;
	if (!(rd = cop_mallocz(sizeof(*rd))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	rd->f = f;
	for (i = 0; i < SE_BATCHES; i++)
		if (!(rd->batch[i].buf = cop_malloc(SE_BATCH_BYTES))) {
			rc = cop__error(s, COP_ENOMEM, "out of memory");
			goto out;
		} else {
			rd->batch[i].cap = SE_BATCH_BYTES;
		}
	/* Before a second thread uses libxml2 (a no-op once done). */
	xmlInitParser();
	/* Encoding and I/O errors go to libxml2's generic handler (stderr
	 * by default): this read keeps them as its own message instead. */
	old_ctx = xmlGenericErrorContext;
	old_fn = xmlGenericError;
	xmlSetGenericErrorFunc(rd, se_generic_error);
	rd->r = xmlReaderForFile(path, NULL, XML_PARSE_NONET |
		XML_PARSE_COMPACT | XML_PARSE_BIG_LINES);
	if (!rd->r) {
		xmlSetGenericErrorFunc(old_ctx, old_fn);
		rc = cop__error(s, COP_EIO, "%s: cannot open", path);
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(rd->r, se_xml_error, rd);
	se_progress(x, 0);
	rc = se_read_rows(x, rd);
	if (rc == COP_OK && rd->nomem) {
		rc = cop__error(s, COP_ENOMEM, "%s:%d: out of memory",
			x->fname, xmlTextReaderGetParserLineNumber(rd->r));
	} else if (rc == COP_OK && (rd->ret != 0 || rd->xmlerr[0])) {
		long line = rd->xmlerr_line ? rd->xmlerr_line :
			xmlTextReaderGetParserLineNumber(rd->r);
		rc = cop__error(s, COP_EFORMAT, "%s:%ld: malformed XML: %s",
			x->fname, line, rd->xmlerr[0] ? rd->xmlerr :
			"the reader stopped");
	} else if (rc != COP_OK && rc != COP_EFORMAT) {
		/* Name where it happened. */
		char msg[COP__ERRMSG_MAX];
		snprintf(msg, sizeof(msg), "%s", cop_errmsg(s));
		cop__error(s, rc, "%s:%ld: %s", x->fname, x->line, msg);
	}
	xmlFreeTextReader(rd->r);
	xmlSetGenericErrorFunc(old_ctx, old_fn);
	if (rc == COP_OK)
		se_progress(x, x->total);
out:
	for (i = 0; i < SE_BATCHES; i++)
		cop_free(rd->batch[i].buf);
	cop_free(rd);
	return rc;
}
