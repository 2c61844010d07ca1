/*
 * json_export.c: a community out as one JSON document (docs/json.md).
 *
 * The document is one object whose members come in a fixed order: the
 * format marker, the version, the community, then one array per kind of
 * record (json_sections.c).  Export writes it piece by piece, one record
 * per line, each record dumped by jansson with sorted keys; the records
 * come from keyset-paginated scans (the COP_ROP_X_* operations), so
 * memory stays bounded whatever the community's size.
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
#include "jsonout.h"

/* ---- export: the output ------------------------------------------------------------ */

/* One column's value as JSON (NULL: out of memory or bad text). */
static json_t *val_json(const cop_val *v)
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

static int set_field(cop_store *s, json_t *o, const char *name, json_t *v,
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

/* A row of section @p sec as an object in *out. */
static int row_json(cop_store *s, const xsec *sec, const cop_row *row,
	json_t **out)
{
	json_t *o = json_object();
	cop_val null;
	int i, rc = COP_OK;

	*out = NULL;
	if (!o)
		return cop__error(s, COP_ENOMEM, "out of memory");
	memset(&null, 0, sizeof(null));
	for (i = 0; i < sec->ncols && rc == COP_OK; i++) {
		const cop_val *v = (unsigned int)i < row->ncols ? &row->col[i] : &null;
		rc = set_field(s, o, sec->cols[i].name, val_json(v), v);
	}
	if (rc != COP_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return COP_OK;
}

/* ---- export: the sections -------------------------------------------------------------- */

/* The sources of one (kind, object) group, sorted by source id in byte
 * order whatever the backend's collation. */
typedef struct xgroup {
	json_t **v;
	size_t n, cap;
	int64_t kind;
	cop_id object;
} xgroup;

static int group_cmp(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a,
		"source_id"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b,
		"source_id"));
	return strcmp(x ? x : "", y ? y : "");
}

static int out_element(cop__jout *o, int *first, json_t *j)
{
	int rc = cop__jout_str(o, *first ? "\n" : ",\n");
	*first = 0;
	if (rc != COP_OK) {
		json_decref(j);
		return rc;
	}
	return cop__jout_json(o, j);
}

static int group_flush(cop__jout *o, xgroup *g, int *first)
{
	size_t i;
	int rc = COP_OK;

	if (g->n > 1)
		qsort(g->v, g->n, sizeof(*g->v), group_cmp);
	for (i = 0; i < g->n; i++) {
		if (rc == COP_OK)
			rc = out_element(o, first, g->v[i]);
		else
			json_decref(g->v[i]);
	}
	g->n = 0;
	return rc;
}

static int export_section(cop__jout *o, const xsec *sec, const cop_id *cid,
	int all)
{
	cop_store *s = o->s;
	cop_backend_iter *it = NULL;
	cop_val p[8], key[3];
	char *ktext[3] = { NULL, NULL, NULL };
	xgroup g;
	cop_row row;
	int first = 1, more = 1, rc, i;
	unsigned int n;

	memset(&g, 0, sizeof(g));
	for (i = 0; i < sec->nkeys; i++) {
		memset(&key[i], 0, sizeof(key[i]));
		switch (sec->cols[sec->key[i]].type) {
		case C_ID: key[i].type = COP_VAL_KEY; break;
		case C_INT: key[i] = cop__v_int(INT32_MIN); break;   /* int columns */
		default: key[i].type = COP_VAL_TEXT; key[i].text = ""; break;
		}
	}
	if ((rc = cop__jout_str(o, ",\n\"")) != COP_OK ||
	    (rc = cop__jout_str(o, sec->name)) != COP_OK ||
	    (rc = cop__jout_str(o, "\":[")) != COP_OK)
		return rc;
	while (more && rc == COP_OK) {
		int got = 0;
		n = 0;
		p[n++] = cop__v_id(cid);
		if (sec->all)
			p[n++] = cop__v_int(all);
		for (i = 0; i < sec->nkeys; i++)
			p[n++] = key[i];
		p[n++] = cop__v_int(X_PAGE);
		if ((rc = rop_rows(s, sec->op, p, n, &it)) != COP_OK)
			break;
		while ((rc = rop_next(s, it, &row)) == COP_OK) {
			json_t *j;
			got++;
			/* The next page's bound. */
			for (i = 0; i < sec->nkeys && rc == COP_OK; i++) {
				const cop_val *c = &row.col[sec->key[i]];
				if (key[i].type == COP_VAL_KEY) {
					key[i].id = c->type == COP_VAL_ID ? c->id : cop__nil_id;
				} else if (key[i].type == COP_VAL_INT) {
					key[i].i = c->type == COP_VAL_INT ? c->i : 0;
				} else {
					cop_free(ktext[i]);
					ktext[i] = cop_strdup(c->type == COP_VAL_TEXT &&
						c->text ? c->text : "");
					if (!ktext[i])
						rc = cop__error(s, COP_ENOMEM, "out of memory");
					key[i].text = ktext[i] ? ktext[i] : "";
				}
			}
			if (rc != COP_OK || (rc = row_json(s, sec, &row, &j)) != COP_OK)
				break;
			if (sec != &cop__jsections[SEC_SOURCES]) {
				if ((rc = out_element(o, &first, j)) != COP_OK)
					break;
				continue;
			}
			/* Sources: one (kind, object) group at a time. */
			if (g.n > 0 && (g.kind != row.col[0].i ||
			    memcmp(&g.object, &row.col[2].id, sizeof(cop_id))) &&
			    (rc = group_flush(o, &g, &first)) != COP_OK) {
				json_decref(j);
				break;
			}
			if (g.n == g.cap) {
				size_t cap = g.cap ? g.cap * 2 : 8;
				json_t **v = cop_realloc(g.v, cap * sizeof(*v));
				if (!v) {
					json_decref(j);
					rc = cop__error(s, COP_ENOMEM, "out of memory");
					break;
				}
				g.v = v;
				g.cap = cap;
			}
			g.kind = row.col[0].i;
			g.object = row.col[2].id;
			g.v[g.n++] = j;
		}
		it->free(it);
		if (rc != COP_ITEROVER)
			break;
		rc = COP_OK;
		more = got == X_PAGE;
	}
	if (rc == COP_OK)
		rc = group_flush(o, &g, &first);
	while (g.n > 0)
		json_decref(g.v[--g.n]);
	cop_free(g.v);
	for (i = 0; i < 3; i++)
		cop_free(ktext[i]);
	if (rc == COP_OK)
		rc = cop__jout_str(o, first ? "]" : "\n]");
	return rc;
}

/* The community's object: its record, recognition config, erasure policy. */
static int export_community(cop__jout *o, const cop_community_rec *c)
{
	cop_store *s = o->s;
	cop_backend_iter *it = NULL;
	cop_val p[1], v[8];
	cop_row row;
	json_t *j, *cfg = NULL, *pol = NULL;
	static const char *const names[] = { "id", "slug", "name", "purpose",
		"language", "visibility", "created" };
	int rc, i;

	p[0] = cop__v_id(&c->id);
	if ((rc = rop_rows(s, COP_ROP_CONFIG_GET, p, 1, &it)) != COP_OK)
		return rc;
	if ((rc = rop_next(s, it, &row)) == COP_OK && row.ncols > 1 &&
	    row.col[1].type == COP_VAL_TEXT)
		cfg = val_json(&row.col[1]);
	else if (rc == COP_OK || rc == COP_ITEROVER)
		cfg = json_null();
	it->free(it);
	if (rc != COP_OK && rc != COP_ITEROVER)
		return rc;
	if ((rc = rop_rows(s, COP_ROP_X_POLICY_GET, p, 1, &it)) != COP_OK) {
		json_decref(cfg);
		return rc;
	}
	if ((rc = rop_next(s, it, &row)) == COP_OK && row.ncols > 0 &&
	    row.col[0].type == COP_VAL_INT)
		pol = json_integer(row.col[0].i);
	else if (rc == COP_OK || rc == COP_ITEROVER)
		pol = json_null();
	it->free(it);
	if (rc != COP_OK && rc != COP_ITEROVER) {
		json_decref(cfg);
		return rc;
	}
	memset(v, 0, sizeof(v));
	v[0] = cop__v_id(&c->id);
	v[1].type = COP_VAL_TEXT; v[1].text = c->slug;
	v[2].type = COP_VAL_TEXT; v[2].text = c->name;
	v[3].type = c->purpose ? COP_VAL_TEXT : COP_VAL_NULL; v[3].text = c->purpose;
	v[4].type = COP_VAL_TEXT; v[4].text = c->language;
	v[5] = cop__v_int(c->visibility);
	v[6] = cop__v_int(c->created);
	if (!(j = json_object())) {
		json_decref(cfg);
		json_decref(pol);
		return cop__error(s, COP_ENOMEM, "out of memory");
	}
	rc = COP_OK;
	for (i = 0; i < 7 && rc == COP_OK; i++)
		rc = set_field(s, j, names[i], val_json(&v[i]), &v[i]);
	if (rc == COP_OK)
		rc = set_field(s, j, "recognition", cfg, NULL);
	else
		json_decref(cfg);
	if (rc == COP_OK)
		rc = set_field(s, j, "erasure", pol, NULL);
	else
		json_decref(pol);
	if (rc != COP_OK) {
		json_decref(j);
		return rc;
	}
	if ((rc = cop__jout_str(o, ",\n\"community\":")) != COP_OK) {
		json_decref(j);
		return rc;
	}
	return cop__jout_json(o, j);
}

int cop_export_json(cop_store *s, const char *community, int fd)
{
	cop_community_rec c;
	cop__access acc;
	cop__jout o;
	int rc, i;

	if (!s)
		return COP_EINVAL;
	if (fd < 0)
		return cop__error(s, COP_EINVAL, "bad file descriptor %d", fd);
	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	if ((rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	if ((rc = cop__jout_open(&o, s, fd)) != COP_OK) {
		cop_rec_clear(COP_REC_COMMUNITY, &c);
		return rc;
	}
	rc = cop__jout_str(&o, "{\"format\":\"" X_FORMAT "\",\"version\":1");
	if (rc == COP_OK)
		rc = export_community(&o, &c);
	for (i = 0; i < NSECTIONS && rc == COP_OK; i++)
		rc = export_section(&o, &cop__jsections[i], &c.id,
			acc.is_facilitator ? 1 : 0);
	if (rc == COP_OK)
		rc = cop__jout_str(&o, "}\n");
	if (cop__jout_close(&o) != COP_OK && rc == COP_OK)
		rc = o.rc;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return rc == COP_OK ? cop__ok(s) : rc;
}
