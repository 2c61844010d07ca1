/*
 * import_se_xml.c: reading a Stack Exchange dump's file with libxml2's
 * xmlTextReader, one <row/> at a time, so memory stays flat whatever its
 * size: the attributes of a row are read straight from the reader's
 * current node (no copy), handed to the file's row function and
 * forgotten.  libxml2's errors become the import's message.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include "import_se.h"

/* libxml2's generic errors during a read: the first one is kept. */
static void se_generic_error(void *arg, const char *fmt, ...)
	COP__PRINTF(2, 3);

static void se_generic_error(void *arg, const char *fmt, ...)
{
	se *x = arg;
	va_list ap;
	size_t n;

	if (x->xmlerr[0])
		return;
	va_start(ap, fmt);
	vsnprintf(x->xmlerr, sizeof(x->xmlerr), fmt, ap);
	va_end(ap);
	n = strlen(x->xmlerr);
	while (n > 0 && (x->xmlerr[n - 1] == '\n' || x->xmlerr[n - 1] == ' '))
		x->xmlerr[--n] = '\0';
}

static void se_xml_error(void *arg, xmlErrorPtr err)
{
	se *x = arg;
	size_t n;

	if (!err || err->level < XML_ERR_ERROR || x->xmlerr[0])
		return;
	snprintf(x->xmlerr, sizeof(x->xmlerr), "%s",
		err->message ? err->message : "malformed XML");
	n = strlen(x->xmlerr);
	while (n > 0 && (x->xmlerr[n - 1] == '\n' || x->xmlerr[n - 1] == ' '))
		x->xmlerr[--n] = '\0';
	x->xmlerr_line = err->line;
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

int cop__se_read(se *x, const char *dir, const se_file *f)
{
	cop_store *s = x->s;
	char path[4096];
	struct stat st;
	const char *v[SE_MAX_ATTRS];
	xmlChar *tmp[SE_MAX_ATTRS];
	long rows = 0;
	int rc = COP_OK, ret, gz = 0, i;
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
	x->xmlerr[0] = '\0';
	x->line = 0;
	/* Encoding and I/O errors go to libxml2's generic handler (stderr
	 * by default): this read keeps them as its own message instead. */
	old_ctx = xmlGenericErrorContext;
	old_fn = xmlGenericError;
	xmlSetGenericErrorFunc(x, se_generic_error);
	x->r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_COMPACT |
		XML_PARSE_BIG_LINES);
	if (!x->r) {
		xmlSetGenericErrorFunc(old_ctx, old_fn);
		return cop__error(s, COP_EIO, "%s: cannot open", path);
	}
	xmlTextReaderSetStructuredErrorHandler(x->r, se_xml_error, x);
	se_progress(x, 0);
	while ((ret = xmlTextReaderRead(x->r)) == 1) {
		xmlNodePtr node;
		xmlAttrPtr a;

		if (xmlTextReaderNodeType(x->r) != XML_READER_TYPE_ELEMENT ||
		    xmlTextReaderDepth(x->r) != 1)
			continue;
		node = xmlTextReaderCurrentNode(x->r);
		if (!node || strcmp((const char *)node->name, "row"))
			continue;
		x->line = xmlGetLineNo(node);
		memset(v, 0, sizeof(v));
		memset(tmp, 0, sizeof(tmp));
		for (a = node->properties; a; a = a->next)
			for (i = 0; f->attrs[i]; i++)
				if (!strcmp((const char *)a->name, f->attrs[i])) {
					v[i] = se_attr_value(a, &tmp[i]);
					break;
				}
		rc = f->row(x, v);
		for (i = 0; i < SE_MAX_ATTRS; i++)
			if (tmp[i])
				xmlFree(tmp[i]);
		if (rc != COP_OK)
			break;
		if (++rows % SE_PROGRESS_EVERY == 0)
			se_progress(x, (uint64_t)xmlTextReaderByteConsumed(x->r));
	}
	if (rc == COP_OK && (ret != 0 || x->xmlerr[0])) {
		long line = x->xmlerr_line ? x->xmlerr_line :
			xmlTextReaderGetParserLineNumber(x->r);
		rc = cop__error(s, COP_EFORMAT, "%s:%ld: malformed XML: %s",
			x->fname, line, x->xmlerr[0] ? x->xmlerr :
			"the reader stopped");
	} else if (rc != COP_OK && rc != COP_EFORMAT) {
		/* Name where it happened. */
		char msg[COP__ERRMSG_MAX];
		snprintf(msg, sizeof(msg), "%s", cop_errmsg(s));
		cop__error(s, rc, "%s:%ld: %s", x->fname, x->line, msg);
	}
	xmlFreeTextReader(x->r);
	x->r = NULL;
	xmlSetGenericErrorFunc(old_ctx, old_fn);
	if (rc == COP_OK)
		se_progress(x, x->total);
	return rc;
}

