/*
 * json_import.c: a community in from one JSON document (docs/json.md).
 *
 * Import reads the document record by record: a small scanner walks the
 * outer object and arrays and hands each element, once its extent is
 * known, to json_loadb(), so only one record is in memory at a time.
 * Each record is checked against its section's columns and put into the
 * store (json_sections.c).  The derived period totals are rebuilt from
 * the imported ledger, and cop_verify() (repairing when the document was
 * a partial view) leaves nothing for a later verification to find.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <jansson.h>

#include "json_doc.h"

int cop__jerr(ximp *x, int code, const char *fmt, ...)
{
	char buf[COP__ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (x->el_line > 0)
		return cop__error(x->s, code, "line %ld: %s", x->el_line, buf);
	return cop__error(x->s, code, "line %ld, column %ld: %s", x->line,
		x->col, buf);
}

/* Re-issue a validation failure as a format error (ENOMEM stays). */
int cop__jwrap(ximp *x, int rc, const char *what)
{
	char msg[COP__ERRMSG_MAX];

	if (rc == COP_OK || rc == COP_ENOMEM || rc == COP_EIO ||
	    rc == COP_EFULL)
		return rc;
	snprintf(msg, sizeof(msg), "%s", cop_errmsg(x->s));
	return cop__jerr(x, COP_EFORMAT, "%s: %s", what, msg);
}

/* Read more input: 1 when bytes came, 0 at the end, or an error. */
static int rd_more(ximp *x)
{
	ssize_t n;

	if (x->eof)
		return 0;
	if (x->beg > 0) {
		memmove(x->buf, x->buf + x->beg, x->end - x->beg);
		x->end -= x->beg;
		x->beg = 0;
	}
	if (x->end == x->cap) {
		size_t cap = x->cap * 2;
		char *b;
		if (x->cap >= X_ELEMENT_MAX + 16)
			return cop__jerr(x, COP_EFORMAT, "an element is larger than "
				"%d bytes", X_ELEMENT_MAX);
		if (cap > X_ELEMENT_MAX + 16)
			cap = X_ELEMENT_MAX + 16;
		if (!(b = cop_realloc(x->buf, cap)))
			return cop__error(x->s, COP_ENOMEM, "out of memory");
		x->buf = b;
		x->cap = cap;
	}
	do
		n = read(x->fd, x->buf + x->end, x->cap - x->end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return cop__error(x->s, COP_EIO, "reading the document: %s",
			strerror(errno));
	if (n == 0) {
		x->eof = 1;
		return 0;
	}
	x->end += (size_t)n;
	return 1;
}

/* Consume @p n bytes, keeping the position and reporting progress. */
static void rd_skip(ximp *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)x->buf[x->beg + i];
		if (ch == '\n') {
			x->line++;
			x->col = 1;
		} else if ((ch & 0xc0) != 0x80) {
			x->col++;
		}
	}
	x->beg += n;
	x->done += n;
	if (x->opts && x->opts->progress &&
	    x->done - x->reported >= (1u << 20)) {
		x->reported = x->done;
		x->opts->progress(x->opts->progress_ctx, "JSON", x->done, x->total);
	}
}

/* Skip white space; *c receives the next byte, or -1 at the end. */
static int rd_ws(ximp *x, int *c)
{
	int rc;

	for (;;) {
		while (x->beg < x->end) {
			unsigned char ch = (unsigned char)x->buf[x->beg];
			if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
				*c = ch;
				return COP_OK;
			}
			rd_skip(x, 1);
		}
		if ((rc = rd_more(x)) < 0)
			return rc;
		if (rc == 0) {
			*c = -1;
			return COP_OK;
		}
	}
}

/* Expect the byte @p want (after white space) and consume it. */
static int rd_expect(ximp *x, int want, const char *what)
{
	int c, rc;

	if ((rc = rd_ws(x, &c)) != COP_OK)
		return rc;
	if (c != want)
		return cop__jerr(x, COP_EFORMAT, c < 0 ? "truncated document: %s "
			"expected" : "%s expected", what);
	rd_skip(x, 1);
	return COP_OK;
}

/*
 * Read the JSON value that starts at the next non-blank byte into *out
 * (the caller's, json_decref() it): its extent is found here (strings,
 * escapes and nesting), its content parsed by jansson.
 */
static int rd_value(ximp *x, json_t **out)
{
	json_error_t err;
	size_t i = 0;
	int c, rc, depth = 0, instr = 0, esc = 0, scalar = 0;
	long line, col;

	*out = NULL;
	if ((rc = rd_ws(x, &c)) != COP_OK)
		return rc;
	if (c < 0)
		return cop__jerr(x, COP_EFORMAT, "truncated document: a value expected");
	scalar = c != '{' && c != '[' && c != '"';
	for (;;) {
		unsigned char ch;
		if (x->beg + i == x->end) {
			if ((rc = rd_more(x)) < 0)
				return rc;
			if (rc == 0) {
				if (scalar)
					break;
				return cop__jerr(x, COP_EFORMAT, "truncated document: "
					"unterminated %s", c == '"' ? "string" :
					c == '{' ? "object" : "array");
			}
		}
		ch = (unsigned char)x->buf[x->beg + i];
		if (scalar) {
			if (ch == ',' || ch == ']' || ch == '}' || ch == ' ' ||
			    ch == '\t' || ch == '\n' || ch == '\r')
				break;
			i++;
			continue;
		}
		i++;
		if (instr) {
			if (esc)
				esc = 0;
			else if (ch == '\\')
				esc = 1;
			else if (ch == '"')
				instr = 0;
			if (!instr && depth == 0)
				break;
			continue;
		}
		if (ch == '"')
			instr = 1;
		else if (ch == '{' || ch == '[')
			depth++;
		else if ((ch == '}' || ch == ']') && --depth == 0)
			break;
	}
	if (i == 0)
		return cop__jerr(x, COP_EFORMAT, "a value expected, found '%c'", c);
	*out = json_loadb(x->buf + x->beg, i, JSON_DECODE_ANY |
		JSON_REJECT_DUPLICATES, &err);
	if (!*out) {
#if JANSSON_VERSION_HEX >= 0x020b00
		if (json_error_code(&err) == json_error_out_of_memory)
			return cop__error(x->s, COP_ENOMEM, "out of memory");
#endif
		line = x->line;
		col = x->col;
		if (err.line > 1) {
			line += err.line - 1;
			col = err.column;
		} else if (err.line == 1 && err.column > 0) {
			col += err.column - 1;
		}
		return cop__error(x->s, COP_EFORMAT, "line %ld, column %ld: %s",
			line, col, err.text);
	}
	rd_skip(x, i);
	return COP_OK;
}

/* A key and its colon; @p key receives it (truncated to @p size). */
static int rd_key(ximp *x, char *key, size_t size)
{
	json_t *j = NULL;
	int c, rc;

	if ((rc = rd_ws(x, &c)) != COP_OK)
		return rc;
	if (c != '"')
		return cop__jerr(x, COP_EFORMAT, c < 0 ? "truncated document" :
			"a member name expected");
	if ((rc = rd_value(x, &j)) != COP_OK)
		return rc;
	snprintf(key, size, "%s", json_string_value(j) ? json_string_value(j) : "");
	json_decref(j);
	return rd_expect(x, ':', "':'");
}


/* ---- import: derived rows ------------------------------------------------------------------- */

/* A member's running period totals, one per (period, tag): the ledger
 * comes in time order, so a total is written when its period ends. */
typedef struct xtot {
	int period;
	int64_t start, points;
	char tag[64];
} xtot;

typedef struct xtots {
	xtot *v;
	size_t n, cap;
	cop_id member;
} xtots;

static int tot_write(ximp *x, const xtots *t, const xtot *e)
{
	cop_val p[6];

	p[0] = cop__v_id(&x->cid);
	p[1] = cop__v_int(e->period);
	p[2] = cop__v_int(e->start);
	memset(&p[3], 0, sizeof(p[3]));
	p[3].type = COP_VAL_TEXT;
	p[3].text = e->tag;
	p[4] = cop__v_id(&t->member);
	p[5] = cop__v_int(e->points);
	return cop__jrec_put(x, COP_REC_TOTAL, p, 6, "period totals");
}

static int tot_add(ximp *x, xtots *t, int period, int64_t start,
	const char *tag, size_t len, int64_t points)
{
	size_t i;
	int rc;

	for (i = 0; i < t->n; i++)
		if (t->v[i].period == period && strlen(t->v[i].tag) == len &&
		    !memcmp(t->v[i].tag, tag, len))
			break;
	if (i == t->n) {
		if ((rc = cop__grow(x->s, &t->v, t->n, &t->cap, sizeof(*t->v),
				32)) != COP_OK)
			return rc;
		memset(&t->v[i], 0, sizeof(t->v[i]));
		t->v[i].period = period;
		t->v[i].start = start;
		memcpy(t->v[i].tag, tag, len);
		t->n++;
	} else if (t->v[i].start != start) {
		if ((rc = tot_write(x, t, &t->v[i])) != COP_OK)
			return rc;
		t->v[i].start = start;
		t->v[i].points = 0;
	}
	t->v[i].points += points;
	return COP_OK;
}

static int tot_flush(ximp *x, xtots *t)
{
	size_t i;
	int rc;

	for (i = 0; i < t->n; i++)
		if ((rc = tot_write(x, t, &t->v[i])) != COP_OK)
			return rc;
	t->n = 0;
	return COP_OK;
}

/* Rebuild the community's period totals from its ledger (as
 * recognition/ledger.c keeps them: every period, the whole community
 * and each tag of the entry), in pages read before they are written. */
static int rebuild_totals(ximp *x)
{
	struct { cop_id m; int64_t t, pts; char tags[X_TAGS_MAX + 1]; } *buf;
	const cop_backend_recognition *rt;
	cop_backend_iter *it = NULL;
	cop_ledger_scan_query lq;
	cop_ledger_rec e;
	xtots t;
	int rc = COP_OK, more = 1, have = 0, per;

	if ((rc = COP__FEATURE_GET(x->s, &rt, recognition, cop__sql_recognition,
			"recognition")) != COP_OK)
		return rc;
	if (!(buf = cop_malloc(200 * sizeof(*buf))))
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	memset(&t, 0, sizeof(t));
	memset(&lq, 0, sizeof(lq));
	lq.community = x->cid;
	lq.limit = 200;
	while (more && rc == COP_OK) {
		int got = 0, i;
		if ((rc = rt->ledger_scan(x->s->be, &lq, &it)) != COP_OK) {
			rc = cop__be_error(x->s, rc, "reading the community");
			break;
		}
		memset(&e, 0, sizeof(e));
		while ((rc = cop__be_next_owned(it, COP_REC_LEDGER, &e)) == COP_OK) {
			buf[got].m = e.member_id;
			buf[got].pts = e.points;
			buf[got].t = e.time;
			snprintf(buf[got].tags, sizeof(buf[got].tags), "%s",
				e.tags ? e.tags : "");
			lq.has_after = 1;
			lq.after_member = e.member_id;
			lq.after_time = e.time;
			lq.after_id = e.id;
			cop_rec_clear(COP_REC_LEDGER, &e);
			got++;
		}
		it->free(it);
		if (rc != COP_ITEROVER) {
			rc = cop__be_error(x->s, rc, "reading the community");
			break;
		}
		rc = COP_OK;
		for (i = 0; i < got && rc == COP_OK; i++) {
			if (buf[i].pts == 0)
				continue;
			if (have && memcmp(&t.member, &buf[i].m, sizeof(cop_id)) &&
			    (rc = tot_flush(x, &t)) != COP_OK)
				break;
			t.member = buf[i].m;
			have = 1;
			for (per = 0; per <= COP_PERIOD_ALL && rc == COP_OK; per++) {
				int64_t start = cop_period_start((cop_period)per, buf[i].t);
				const char *q = buf[i].tags;
				rc = tot_add(x, &t, per, start, "", 0, buf[i].pts);
				while (rc == COP_OK && *q) {
					size_t n = strcspn(q, " ");
					if (n > 0 && n < sizeof(t.v[0].tag))
						rc = tot_add(x, &t, per, start, q, n, buf[i].pts);
					q += n;
					while (*q == ' ')
						q++;
				}
			}
		}
		more = got == 200;
	}
	if (rc == COP_OK)
		rc = tot_flush(x, &t);
	cop_free(t.v);
	cop_free(buf);
	return rc;
}

/* The threads' summaries, set once every contribution is in (json_doc.h). */
int cop__jsum_add(ximp *x, const cop_id *thread, const cop_val *summary)
{
	if (summary->type != COP_VAL_ID || cop_id_is_nil(&summary->id))
		return COP_OK;
	if (cop__grow(x->s, &x->sums, x->nsums, &x->sumcap, sizeof(*x->sums),
			16) != COP_OK)
		return COP_ENOMEM;
	x->sums[x->nsums].thread = *thread;
	x->sums[x->nsums++].summary = summary->id;
	return COP_OK;
}

int cop__jsums_put(ximp *x)
{
	cop_contribution_rec c;
	cop_thread_rec t;
	cop_key key;
	char tid[COP_ID_TEXT_LEN + 1], sid[COP_ID_TEXT_LEN + 1];
	size_t i;
	int rc = COP_OK;

	memset(&key, 0, sizeof(key));
	for (i = 0; rc == COP_OK && i < x->nsums; i++) {
		memset(&c, 0, sizeof(c));
		memset(&t, 0, sizeof(t));
		key.id = x->sums[i].summary;
		rc = x->s->be->get(x->s->be, COP_REC_CONTRIBUTION, &key, &c);
		if (rc == COP_ENOTFOUND || (rc == COP_OK &&
		    memcmp(&c.community_id, &x->cid, sizeof(cop_id)))) {
			rc = COP_OK;     /* left out of the document: none */
		} else if (rc != COP_OK) {
			rc = cop__be_error(x->s, rc, "reading a summary");
		} else if (memcmp(&c.thread_id, &x->sums[i].thread,
		    sizeof(cop_id)) ||
		    c.kind != COP_CONTRIB_SUMMARY) {
			cop_id_format(tid, &x->sums[i].thread);
			cop_id_format(sid, &c.id);
			rc = cop__jerr(x, COP_EFORMAT, "thread %s: summary_id %s "
				"is not a summary in the thread", tid, sid);
		} else {
			key.id = x->sums[i].thread;
			if ((rc = x->s->be->get(x->s->be, COP_REC_THREAD, &key,
					&t)) == COP_OK) {
				t.summary_id = c.id;
				rc = x->s->be->update(x->s->be, COP_REC_THREAD, &t);
			}
			if (rc != COP_OK)
				rc = cop__be_error(x->s, rc, "setting a summary");
		}
		cop_rec_clear(COP_REC_CONTRIBUTION, &c);
		cop_rec_clear(COP_REC_THREAD, &t);
	}
	return rc;
}

/* Make the derived rows agree with the facts: period totals rebuilt,
 * then cop_verify(), repairing only when the document disagreed with
 * itself (a partial view, or edited by hand). */
static int settle(ximp *x)
{
	cop_verify_report *r = NULL;
	char id[COP_ID_TEXT_LEN + 1];
	int rc;

	/* The totals from the whole ledger, then without the points of
	 * hidden content (docs/recognition.md, "Hidden content"); a
	 * reputation that counts them is the document's to answer for
	 * (cop_verify() below). */
	if ((rc = rebuild_totals(x)) != COP_OK ||
	    (rc = cop__recognition_points(x->s, &x->cid, NULL, 0)) != COP_OK)
		return rc;
	cop_id_format(id, &x->cid);
	if ((rc = cop_verify(&r, x->s, id, 0)) != COP_OK)
		return rc;
	if (cop_verify_report_count(r) > 0) {
		cop_verify_report_free(r);
		r = NULL;
		if ((rc = cop_verify(&r, x->s, id, 1)) != COP_OK)
			return rc;
	}
	cop_verify_report_free(r);
	return COP_OK;
}

/* ---- import: the document -------------------------------------------------------------------- */

static int import_section(ximp *x, const xsec *sec)
{
	cop_val v[16];
	json_t *j = NULL;
	int c, rc, first = 1;
	long start;

	if ((rc = rd_expect(x, '[', "'['")) != COP_OK)
		return rc;
	for (;;) {
		if ((rc = rd_ws(x, &c)) != COP_OK)
			return rc;
		if (c == ']') {
			rd_skip(x, 1);
			return COP_OK;
		}
		if (!first) {
			if (c != ',')
				return cop__jerr(x, COP_EFORMAT, c < 0 ? "truncated document"
					: "',' or ']' expected in %s", sec->out.name);
			rd_skip(x, 1);
		}
		first = 0;
		if ((rc = rd_ws(x, &c)) != COP_OK)
			return rc;
		x->el_line = 0;
		if (c != '{')
			return cop__jerr(x, COP_EFORMAT, c < 0 ? "truncated document" :
				"an object expected in %s", sec->out.name);
		start = x->line;
		if ((rc = rd_value(x, &j)) != COP_OK)
			return rc;
		x->el_line = start;
		rc = cop__jrec_vals(x, sec->out.name, sec->out.cols,
			sec->out.ncols, j, v);
		if (rc == COP_OK)
			rc = cop__jput_record(x, sec, v);
		json_decref(j);
		x->el_line = 0;
		if (rc != COP_OK)
			return rc;
	}
}

static int import_doc(ximp *x)
{
	char key[32];
	json_t *j = NULL;
	int c, rc, next = 0, have_community = 0, i;
	long start;

	if ((rc = rd_expect(x, '{', "a JSON object")) != COP_OK)
		return rc;
	/* The marker and the version come first. */
	if ((rc = rd_key(x, key, sizeof(key))) != COP_OK)
		return rc;
	if (strcmp(key, "format"))
		return cop__jerr(x, COP_EFORMAT, "not a libcop document (no format "
			"marker)");
	if ((rc = rd_value(x, &j)) != COP_OK)
		return rc;
	rc = json_is_string(j) && !strcmp(json_string_value(j), X_FORMAT);
	json_decref(j);
	if (!rc)
		return cop__jerr(x, COP_EFORMAT, "not a libcop document (format is "
			"not \"" X_FORMAT "\")");
	if ((rc = rd_expect(x, ',', "','")) != COP_OK ||
	    (rc = rd_key(x, key, sizeof(key))) != COP_OK)
		return rc;
	if (strcmp(key, "version"))
		return cop__jerr(x, COP_EFORMAT, "version expected after the format");
	if ((rc = rd_value(x, &j)) != COP_OK)
		return rc;
	rc = json_is_integer(j) && json_integer_value(j) >= 1 &&
		json_integer_value(j) <= X_VERSION;
	x->version = rc ? (int)json_integer_value(j) : 0;
	json_decref(j);
	if (!rc)
		return cop__jerr(x, COP_EFORMAT, "unsupported version (this library "
			"reads versions 1 to %d)", X_VERSION);
	for (;;) {
		if ((rc = rd_ws(x, &c)) != COP_OK)
			return rc;
		if (c == '}') {
			rd_skip(x, 1);
			break;
		}
		if (c != ',')
			return cop__jerr(x, COP_EFORMAT, c < 0 ? "truncated document" :
				"',' or '}' expected");
		rd_skip(x, 1);
		if ((rc = rd_key(x, key, sizeof(key))) != COP_OK)
			return rc;
		if (!strcmp(key, "community")) {
			if (have_community)
				return cop__jerr(x, COP_EFORMAT, "a second community");
			if ((rc = rd_ws(x, &c)) != COP_OK)
				return rc;
			if (c != '{')
				return cop__jerr(x, COP_EFORMAT, "community: an object "
					"expected");
			start = x->line;
			if ((rc = rd_value(x, &j)) != COP_OK)
				return rc;
			x->el_line = start;
			rc = cop__jput_community(x, j);
			x->el_line = 0;
			json_decref(j);
			if (rc != COP_OK)
				return rc;
			have_community = 1;
			continue;
		}
		for (i = 0; i < NSECTIONS; i++)
			if (!strcmp(key, cop__jsections[i].out.name))
				break;
		if (i == NSECTIONS)
			return cop__jerr(x, COP_EFORMAT, "unknown member \"%s\"", key);
		if (!have_community)
			return cop__jerr(x, COP_EFORMAT, "%s before the community", key);
		if (i < next)
			return cop__jerr(x, COP_EFORMAT, "%s out of order", key);
		next = i + 1;
		if ((rc = import_section(x, &cop__jsections[i])) != COP_OK)
			return rc;
	}
	if ((rc = rd_ws(x, &c)) != COP_OK)
		return rc;
	if (c >= 0)
		return cop__jerr(x, COP_EFORMAT, "data after the document");
	if (!have_community)
		return cop__jerr(x, COP_EFORMAT, "no community in the document");
	return COP_OK;
}

int cop_import_json(cop_import_report *out, cop_store *s, int fd,
	const cop_import_options *opts)
{
	const cop_backend_export *xt;
	struct stat st;
	ximp *x;
	int rc;

	if (!s)
		return COP_EINVAL;
	if (opts && opts->version != COP_IMPORT_OPTIONS_VERSION)
		return cop__error(s, COP_EINVAL,
			"unsupported cop_import_options version %u", opts->version);
	if (fd < 0)
		return cop__error(s, COP_EINVAL, "bad file descriptor %d", fd);
	if (s->has_actor)
		return cop__error(s, COP_EPERM, "only the system imports");
	if (opts && opts->community &&
	    (rc = cop__check_slug(s, opts->community)) != COP_OK)
		return rc;
	if ((rc = cop__exchange_check(s)) != COP_OK ||
	    (rc = COP__EXPORT(s, &xt)) != COP_OK)
		return rc;
	if (!(x = cop_mallocz(sizeof(*x))))
		return cop__error(s, COP_ENOMEM, "out of memory");
	x->s = s;
	x->fd = fd;
	x->opts = opts;
	x->line = 1;
	x->col = 1;
	x->rep.version = COP_IMPORT_REPORT_VERSION;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		x->total = (uint64_t)st.st_size;
	x->cap = X_IN_BUF;
	if (!(x->buf = cop_malloc(x->cap))) {
		cop_free(x);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	if ((rc = cop__write_begin(s)) == COP_OK) {
		rc = import_doc(x);
		if (rc == COP_OK)
			rc = cop__jtags_check(x);
		if (rc == COP_OK)
			rc = cop__jsums_put(x);
		if (rc == COP_OK)
			rc = settle(x);
		if (rc == COP_OK)
			rc = cop__import_replied(s, &x->cid);
		if (rc == COP_OK)
			rc = cop__log(s, "community.import", &x->cid, &x->cid);
		rc = cop__write_end(s, rc);
	}
	if (rc == COP_OK && opts && opts->progress)
		opts->progress(opts->progress_ctx, "JSON", x->done, x->total);
	if (rc == COP_OK && out)
		*out = x->rep;
	while (x->nsyn)
		cop_free(x->syn[--x->nsyn]);
	cop_free(x->syn);
	cop_free(x->sums);
	cop_free(x->buf);
	cop_free(x);
	return rc == COP_OK ? cop__ok(s) : rc;
}
