/*
 * jsonout.c: the buffered JSON writer and the table-driven exporter of
 * the community and member exports (see jsonout.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonout.h"

int cop__jout_open(cop__jout *o, cop_store *s, int fd)
{
	memset(o, 0, sizeof(*o));
	o->s = s;
	o->fd = fd;
	if (!(o->buf = cop_malloc(COP__JOUT_BUF)))
		return o->rc = cop__error(s, COP_ENOMEM, "out of memory");
	return COP_OK;
}

static int jout_write(cop__jout *o, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->rc = cop__error(o->s, COP_EIO, "writing the export: %s",
				w < 0 ? strerror(errno) : "nothing written");
			return o->rc;
		}
		p += w;
		n -= (size_t)w;
	}
	return COP_OK;
}

int cop__jout_close(cop__jout *o)
{
	if (o->rc == COP_OK && o->len > 0)
		jout_write(o, o->buf, o->len);
	o->len = 0;
	cop_free(o->buf);
	o->buf = NULL;
	return o->rc;
}

int cop__jout_put(cop__jout *o, const char *p, size_t n)
{
	if (o->rc != COP_OK)
		return o->rc;
	if (o->len + n > COP__JOUT_BUF) {
		if (jout_write(o, o->buf, o->len) != COP_OK)
			return o->rc;
		o->len = 0;
	}
	if (n > COP__JOUT_BUF)
		return jout_write(o, p, n);
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	return COP_OK;
}

int cop__jout_str(cop__jout *o, const char *p)
{
	return cop__jout_put(o, p, strlen(p));
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	return cop__jout_put(data, buffer, size) == COP_OK ? 0 : -1;
}

int cop__jout_json(cop__jout *o, json_t *j)
{
	int rc;

	if (!j)
		return o->rc = cop__error(o->s, COP_ENOMEM, "out of memory");
	rc = json_dump_callback(j, dump_cb, o, JSON_COMPACT | JSON_SORT_KEYS |
		JSON_ENCODE_ANY);
	json_decref(j);
	if (rc == 0)
		return COP_OK;
	if (o->rc == COP_OK)
		o->rc = cop__error(o->s, COP_ENOMEM, "out of memory");
	return o->rc;
}

/* ---- values and fields ------------------------------------------------------------------ */

json_t *cop__jval(const cop_val *v)
{
	char id[COP_ID_TEXT_LEN + 1];

	switch (v->type) {
	case COP_VAL_ID:
	case COP_VAL_KEY:
		if (cop_id_is_nil(&v->id))
			return json_null();
		cop_id_format(id, &v->id);
		return json_string(id);
	case COP_VAL_INT:
		return json_integer(v->i);
	case COP_VAL_TEXT:
		return json_string(v->text ? v->text : "");
	default:
		return json_null();
	}
}

/* The last time years 1970 to 9999 hold: 9999-12-31T23:59:59.999Z. */
#define JTIME_MAX INT64_C(253402300799999)

json_t *cop__jtime(cop_time t)
{
	int64_t days, y, ms;
	int m, d;
	char buf[32];

	if (t < 0 || t > JTIME_MAX)
		return NULL;
	days = t / 86400000;
	ms = t % 86400000;
	cop__civil_from_days(days, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		(int)y, m, d, (int)(ms / 3600000), (int)(ms / 60000 % 60),
		(int)(ms / 1000 % 60), (int)(ms % 1000));
	return json_string(buf);
}

/* @p n digits at @p p as a number into *v; 0 when they are not. */
static int digits(const char *p, int n, int *v)
{
	*v = 0;
	for (; n > 0; n--, p++) {
		if (*p < '0' || *p > '9')
			return 0;
		*v = *v * 10 + (*p - '0');
	}
	return 1;
}

int cop__jtime_parse(const char *p, cop_time *out)
{
	int y, mo, d, h, mi, sec, ms = 0, k, oh = 0, om = 0, sign = 0;
	cop_time t;

	if (!digits(p, 4, &y) || p[4] != '-' || !digits(p + 5, 2, &mo) ||
	    p[7] != '-' || !digits(p + 8, 2, &d) ||
	    (p[10] != 'T' && p[10] != 't') || !digits(p + 11, 2, &h) ||
	    p[13] != ':' || !digits(p + 14, 2, &mi) || p[16] != ':' ||
	    !digits(p + 17, 2, &sec))
		return -1;
	p += 19;
	if (*p == '.') {
		for (p++, k = 0; *p >= '0' && *p <= '9'; p++, k++)
			if (k < 3)
				ms = ms * 10 + (*p - '0');
		if (k == 0 || k > 9)
			return -1;
		for (; k < 3; k++)
			ms *= 10;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' ||
		    !digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		p += 6;
	} else
		return -1;
	if (*p || (t = cop_time_utc(y, mo, d, h, mi, sec, ms)) < 0)
		return -1;
	t -= sign * ((cop_time)oh * 60 + om) * 60000;
	if (t < 0 || t > JTIME_MAX)
		return -1;
	*out = t;
	return 0;
}

int cop__jset(cop_store *s, json_t *o, const char *name, json_t *v,
	const cop_val *from)
{
	if (!v) {
		if (from && from->type == COP_VAL_TEXT && from->text &&
		    !cop__utf8_valid(from->text, strlen(from->text), NULL))
			return cop__error(s, COP_ECORRUPT, "field %s holds "
				"invalid UTF-8", name);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	if (json_object_set_new_nocheck(o, name, v) != 0)
		return cop__error(s, COP_ENOMEM, "out of memory");
	return COP_OK;
}

/* ---- sections ----------------------------------------------------------------------------- */

static const cop_val null_val;          /* COP_VAL_NULL */

static const cop_val *row_col(const cop_row *r, int i)
{
	return i >= 0 && (unsigned int)i < r->ncols ? &r->col[i] : &null_val;
}

/*
 * Whether column @p i of section @p sec, of value @p v, says who voted or
 * caused a ledger entry where the exporter may not see it: a community's
 * export by someone who does not moderate it (not "all") names only the
 * exporter there.
 */
static int who_hidden(const cop__jexp *x, const cop__jsec *sec, int i,
	const cop_val *v)
{
	const char *n = sec->cols[i].name;

	return n && (!strcmp(n, "voter_id") || !strcmp(n, "actor_id")) &&
		sec->by == COP_EXPORT_BY_COMMUNITY && !x->all &&
		v->type == COP_VAL_ID && !(x->s->has_actor &&
		!memcmp(v->id.bytes, x->s->actor.bytes, 16));
}

/*
 * Value @p v of column @p c as JSON in *out: a time as its RFC 3339 text
 * and an enumeration's value as its name where the column says so
 * (format 2; time 0, none, as null), anything else as cop__jval() gives it (*out NULL when out
 * of memory: cop__jset() says so).  COP_ECORRUPT for a time out of range
 * or a value without a name.
 */
static int col_json(cop__jexp *x, const xcol *c, const cop_val *v,
	json_t **out)
{
	const char *name;

	*out = NULL;
	if (v->type != COP_VAL_INT || !(c->flags & C_TIME || c->ename)) {
		*out = cop__jval(v);
		return COP_OK;
	}
	if (c->flags & C_TIME) {
		if (v->i < 0 || v->i > JTIME_MAX)
			return cop__error(x->s, COP_ECORRUPT, "field %s: time %"
				PRId64 " is outside years 1970 to 9999", c->name,
				v->i);
		/* 0 is no time (a contribution never edited), as copctl
		 * writes it. */
		*out = v->i ? cop__jtime(v->i) : json_null();
		return COP_OK;
	}
	if (v->i < INT32_MIN || v->i > INT32_MAX ||
	    !(name = c->ename((int)v->i)))
		return cop__error(x->s, COP_ECORRUPT, "field %s: %" PRId64
			" has no name", c->name, v->i);
	*out = json_string(name);
	return COP_OK;
}

/* Row @p r of section @p sec as a record in *out. */
static int row_json(cop__jexp *x, const cop__jsec *sec, const cop_row *r,
	json_t **out)
{
	json_t *o = json_object();
	int i, rc = COP_OK;

	*out = NULL;
	if (!o)
		return cop__error(x->s, COP_ENOMEM, "out of memory");
	for (i = 0; i < sec->ncols && rc == COP_OK; i++) {
		const cop_val *v = row_col(r, i);

		if (who_hidden(x, sec, i, v))
			v = &null_val;
		if (sec->cols[i].name) {
			json_t *j;
			rc = col_json(x, &sec->cols[i], v, &j);
			if (rc == COP_OK)
				rc = cop__jset(x->s, o, sec->cols[i].name, j, v);
		}
	}
	if (rc == COP_OK && sec->fix)
		rc = sec->fix(x, r, o);
	if (rc != COP_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return COP_OK;
}

static int put_name(cop__jout *o, const char *name)
{
	int rc = cop__jout_str(o, ",\n\"");
	if (rc == COP_OK)
		rc = cop__jout_str(o, name);
	if (rc == COP_OK)
		rc = cop__jout_str(o, "\":");
	return rc;
}

int cop__jout_record(cop__jexp *x, const cop__jsec *sec, const cop_row *r)
{
	json_t *j;
	int rc;

	if ((rc = row_json(x, sec, r, &j)) != COP_OK)
		return rc;
	if ((rc = put_name(x->o, sec->name)) != COP_OK) {
		json_decref(j);
		return rc;
	}
	return cop__jout_json(x->o, j);
}

int cop__jout_check(cop_store *s, int fd)
{
	if (!s)
		return COP_EINVAL;
	if (fd < 0)
		return cop__error(s, COP_EINVAL, "bad file descriptor %d", fd);
	return cop__exchange_check(s);
}

int cop__jout_begin(cop__jexp *x, cop__jout *o, cop_store *s, int fd,
	const char *head)
{
	int rc;

	memset(x, 0, sizeof(*x));
	x->s = s;
	x->o = o;
	if ((rc = cop__jout_open(o, s, fd)) != COP_OK)
		return rc;
	return cop__jout_str(o, head);
}

int cop__jout_end(cop__jexp *x, int rc, const char *tail)
{
	if (rc == COP_OK)
		rc = cop__jout_str(x->o, tail);
	if (cop__jout_close(x->o) != COP_OK && rc == COP_OK)
		rc = x->o->rc;
	return rc == COP_OK ? cop__ok(x->s) : rc;
}

/* Where a section's records go, and the records held back: a page
 * (post hook) or a group. */
typedef struct jsink {
	cop__jexp *x;
	json_t *into;                      /* NULL: the output */
	int first;
	struct held { const char *order; json_t *o; } *v;
	size_t n, cap;
} jsink;

/* Write record @p j (consumed). */
static int sink_emit(jsink *k, json_t *j)
{
	int rc;

	if (k->into) {
		if (json_array_append_new(k->into, j) != 0)
			return cop__error(k->x->s, COP_ENOMEM, "out of memory");
		return COP_OK;
	}
	rc = cop__jout_str(k->x->o, k->first ? "\n" : ",\n");
	k->first = 0;
	if (rc != COP_OK) {
		json_decref(j);
		return rc;
	}
	return cop__jout_json(k->x->o, j);
}

/* Hold record @p j (consumed) back, @p order its sort key. */
static int sink_hold(jsink *k, json_t *j, const char *order)
{
	int rc = cop__grow(k->x->s, &k->v, k->n, &k->cap, sizeof(*k->v), 8);

	if (rc != COP_OK) {
		json_decref(j);
		return rc;
	}
	k->v[k->n].order = order;
	k->v[k->n++].o = j;
	return COP_OK;
}

static int held_cmp(const void *a, const void *b)
{
	const char *x = ((const struct held *)a)->order;
	const char *y = ((const struct held *)b)->order;
	return strcmp(x ? x : "", y ? y : "");
}

/* Write the records held back, after the post hook and in order when
 * grouped; on an earlier failure, drop them. */
static int sink_flush(jsink *k, const cop__jsec *sec, int rc)
{
	size_t i;

	if (rc == COP_OK && sec->group > 0 && k->n > 1)
		qsort(k->v, k->n, sizeof(*k->v), held_cmp);
	for (i = 0; i < k->n; i++) {
		if (rc == COP_OK && sec->post)
			rc = sec->post(k->x, k->v[i].o);
		if (rc == COP_OK)
			rc = sink_emit(k, k->v[i].o);
		else
			json_decref(k->v[i].o);
	}
	k->n = 0;
	return rc;
}

/* The keyset bound: the key columns of the last row read (none yet
 * while @c set is 0). */
typedef struct jkeys {
	int n;
	int set;
	cop_val v[3];
	char *text[3];
} jkeys;

static void keys_init(jkeys *ks, const cop__jsec *sec)
{
	int i;

	memset(ks, 0, sizeof(*ks));
	ks->n = sec->nkeys;
	for (i = 0; i < ks->n; i++) {
		switch (sec->cols[sec->key[i]].type) {
		case C_ID: ks->v[i] = cop__v_key(NULL); break;
		case C_INT: ks->v[i] = cop__v_int(INT32_MIN); break;
		default: ks->v[i] = cop__v_text(""); break;
		}
	}
}

/* 1 if row @p r's columns differ from the first @p n keys. */
static int keys_differ(const jkeys *ks, const cop__jsec *sec,
	const cop_row *r, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		const cop_val *c = row_col(r, sec->key[i]);
		const cop_val *k = &ks->v[i];
		if (k->type == COP_VAL_KEY ? memcmp(&k->id, &c->id, sizeof(cop_id)) :
		    k->type == COP_VAL_INT ? k->i != c->i :
		    strcmp(k->text, c->type == COP_VAL_TEXT && c->text ? c->text : ""))
			return 1;
	}
	return 0;
}

/* Make row @p r's key columns the next page's bound. */
static int keys_set(jkeys *ks, cop__jexp *x, const cop__jsec *sec,
	const cop_row *r)
{
	int i;

	ks->set = 1;
	for (i = 0; i < ks->n; i++) {
		const cop_val *c = row_col(r, sec->key[i]);
		cop_val *k = &ks->v[i];
		if (k->type == COP_VAL_KEY) {
			k->id = c->type == COP_VAL_ID || c->type == COP_VAL_KEY ?
				c->id : cop__nil_id;
		} else if (k->type == COP_VAL_INT) {
			k->i = c->type == COP_VAL_INT ? c->i : 0;
		} else {
			cop_free(ks->text[i]);
			ks->text[i] = cop_strdup(c->type == COP_VAL_TEXT && c->text ?
				c->text : "");
			k->text = ks->text[i] ? ks->text[i] : "";
			if (!ks->text[i])
				return cop__error(x->s, COP_ENOMEM, "out of memory");
		}
	}
	return COP_OK;
}

/* The scan of the page after bound @p ks: its ids are after_id then
 * after_id2, its number after_num, its text after_text. */
static void keys_query(const jkeys *ks, cop__jexp *x, const cop__jsec *sec,
	cop_export_query *q)
{
	int i, nid = 0;

	memset(q, 0, sizeof(q[0]));
	q->by = sec->by;
	q->scope = x->scope;
	q->all = x->all;
	q->limit = sec->page;
	q->has_after = ks->set;
	for (i = 0; ks->set && i < ks->n; i++) {
		if (ks->v[i].type == COP_VAL_KEY)
			*(nid++ ? &q->after_id2 : &q->after_id) = ks->v[i].id;
		else if (ks->v[i].type == COP_VAL_INT)
			q->after_num = ks->v[i].i;
		else
			q->after_text = ks->v[i].text;
	}
}

/* Any record an export scan gives. */
typedef union jrec {
	cop_member_rec member;
	cop_membership_rec membership;
	cop_thread_rec thread;
	cop_contribution_rec contribution;
	cop_revision_rec revision;
	cop_link_rec link;
	cop_vote_rec vote;
	cop_accept_rec accept;
	cop_kudos_rec kudos;
	cop_ledger_rec ledger;
	cop_standing_rec standing;
	cop_badge_rec badge;
	cop_source_rec source;
	cop_tag_rec tag;
	cop_thread_change_rec change;
} jrec;

/* Record @p rec as section @p sec's row @p r (its strings borrowed). */
static void rec_row(const cop__jsec *sec, const jrec *rec, cop_row *r)
{
	const char *base = (const char *)rec;
	int i;

	memset(r, 0, sizeof(r[0]));
	r->ncols = (unsigned int)sec->ncols;
	for (i = 0; i < sec->ncols && i < COP_ROW_MAX; i++) {
		const xcol *c = &sec->cols[i];
		const char *f = base + c->off;
		cop_id id;
		int64_t n;
		int small;
		char *t;

		switch (c->type) {
		case C_ID:
			memcpy(&id, f, sizeof(id));
			if (!cop_id_is_nil(&id))
				r->col[i] = cop__v_id(&id);
			break;
		case C_INT:
			if (c->flags & C_OINT) {
				cop_rec_opt_int o;
				memcpy(&o, f, sizeof(o));
				if (o.set)
					r->col[i] = cop__v_int(o.value);
				break;
			}
			if (c->size == sizeof(int64_t)) {
				memcpy(&n, f, sizeof(n));
			} else {
				memcpy(&small, f, sizeof(small));
				n = small;
			}
			if (!(c->flags & C_NULL) || n >= 0)
				r->col[i] = cop__v_int(n);
			break;
		default:
			memcpy(&t, f, sizeof(t));
			r->col[i] = cop__v_text(t);
			break;
		}
	}
}

/* Row @p row of a page of @p sec into @p k. */
static int page_row(jsink *k, const cop__jsec *sec, jkeys *ks,
	const cop_row *row)
{
	cop__jexp *x = k->x;
	const char *order = NULL;
	json_t *j;
	int rc;

	if (sec->group > 0 && k->n > 0 && keys_differ(ks, sec, row, sec->group) &&
	    (rc = sink_flush(k, sec, COP_OK)) != COP_OK)
		return rc;
	if ((rc = keys_set(ks, x, sec, row)) != COP_OK)
		return rc;
	if (sec->keep && !sec->keep(x, row))
		return COP_OK;
	if ((rc = row_json(x, sec, row, &j)) != COP_OK)
		return rc;
	if (sec->group > 0)
		order = json_string_value(json_object_get(j,
			sec->cols[sec->key[sec->group]].name));
	return sec->group > 0 || sec->post ? sink_hold(k, j, order) :
		sink_emit(k, j);
}

/* One page of @p sec's scan from the bound @p ks into @p k; *got: rows
 * read.  COP_OK or a failure. */
static int scan_page(jsink *k, const cop__jsec *sec, jkeys *ks,
	unsigned int *got)
{
	cop__jexp *x = k->x;
	const char *what = x->what ? x->what : sec->name;
	const cop_backend_export *t;
	cop_backend_iter *it = NULL;
	cop_export_query q;
	jrec rec;
	cop_row row;
	int rc;

	*got = 0;
	if ((rc = COP__EXPORT(x->s, &t)) != COP_OK)
		return rc;
	keys_query(ks, x, sec, &q);
	rc = (*(const cop_export_scan_fn *)(const void *)((const char *)t +
		sec->scan))(x->s->be, &q, &it);
	if (rc != COP_OK)
		return cop__be_error(x->s, rc, what);
	for (;;) {
		if ((rc = it->next(it, &rec)) != COP_OK) {
			if (rc != COP_ITEROVER)
				rc = cop__be_error(x->s, rc, what);
			break;
		}
		(*got)++;
		rec_row(sec, &rec, &row);
		rc = page_row(k, sec, ks, &row);
		if (it->flags & COP_BACKEND_ITER_BORROWED)
			memset(&rec, 0, sizeof(rec));
		else
			cop_rec_clear(sec->rec, &rec);
		if (rc != COP_OK)
			break;
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

int cop__jout_section(cop__jexp *x, const cop__jsec *sec, json_t *into)
{
	const cop_backend_export *t;
	jsink k;
	jkeys ks;
	unsigned int got;
	int rc = COP_OK, i;

	/* (Version 2's scans read tables of interface version 7, versions
	 * 3's and 4's of 10.) */
	if (sec->version > 1 && COP__EXPORT(x->s, &t) == COP_OK &&
	    (t->version < sec->version ||
	     x->s->be->version < (sec->version > 2 ? 10 : 7))) {
		if (into || (rc = put_name(x->o, sec->name)) != COP_OK)
			return rc;
		return cop__jout_str(x->o, "[]");
	}

	memset(&k, 0, sizeof(k));
	k.x = x;
	k.into = into;
	k.first = 1;
	keys_init(&ks, sec);
	if (!into && (rc = put_name(x->o, sec->name)) == COP_OK)
		rc = cop__jout_str(x->o, "[");
	do {
		if (rc != COP_OK)
			break;
		rc = scan_page(&k, sec, &ks, &got);
		/* A page's nested reads come once its scan is closed. */
		if (sec->post)
			rc = sink_flush(&k, sec, rc);
	} while (rc == COP_OK && got == sec->page);
	rc = sink_flush(&k, sec, rc);
	cop_free(k.v);
	for (i = 0; i < ks.n; i++)
		cop_free(ks.text[i]);
	if (rc == COP_OK && !into)
		rc = cop__jout_str(x->o, k.first ? "]" : "\n]");
	return rc;
}
