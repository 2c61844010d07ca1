/*
 * json_export.c: a community out as one JSON document (docs/json.md).
 *
 * The document is one object whose members come in a fixed order: the
 * format marker, the version, the community, then one array per kind of
 * record (json_sections.c).  Export writes it piece by piece, one record
 * per line, each record dumped by jansson with sorted keys; the records
 * come from keyset-paginated scans (the COP_ROP_X_* operations) written
 * by the shared exporter (jsonout.c) row by row, so memory stays bounded
 * whatever the community's size.
 */
#include <string.h>
#include <jansson.h>

#include "json_doc.h"
#include "jsonout.h"

/* Column @p col of the one row of @p op on the community into *out when
 * it has type @p type; otherwise *out stays null. */
static int read_one(cop_store *s, int op, const cop_id *cid,
	unsigned int col, int type, cop_val *out)
{
	cop_backend_iter *it = NULL;
	cop_val p[1];
	cop_row row;
	int rc;

	memset(out, 0, sizeof(*out));
	p[0] = cop__v_id(cid);
	if ((rc = rop_rows(s, op, p, 1, &it)) != COP_OK)
		return rc;
	if ((rc = rop_next(s, it, &row)) == COP_OK && row.ncols > col &&
	    row.col[col].type == type) {
		*out = row.col[col];
		if (type == COP_VAL_TEXT && !(out->text = cop_strdup(out->text)))
			rc = cop__error(s, COP_ENOMEM, "out of memory");
	}
	it->free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

/* The community's object: its record, recognition config, erasure policy. */
static int export_community(cop__jexp *x, const cop_community_rec *c)
{
	cop_row r = { 9, { cop__v_id(&c->id), cop__v_text(c->slug),
		cop__v_text(c->name), cop__v_text(c->purpose),
		cop__v_text(c->language), cop__v_int(c->visibility),
		cop__v_int(c->created) } };
	const cop_backend_recognition *t;
	char *config = NULL;
	int rc;

	/* The recognition configuration: text, or null when unset. */
	if ((rc = COP__FEATURE_GET(x->s, &t, recognition, cop__sql_recognition,
			"recognition")) != COP_OK)
		return rc;
	rc = t->config_get(x->s->be, &c->id, &config);
	if (rc == COP_OK)
		r.col[7] = cop__v_text(config);
	else if (rc == COP_ENOTFOUND)
		rc = COP_OK;
	else
		rc = cop__be_error(x->s, rc, "reading the community");
	if (rc == COP_OK)
		rc = read_one(x->s, COP_ROP_X_POLICY_GET, &c->id, 0, COP_VAL_INT,
			&r.col[8]);
	if (rc == COP_OK)
		rc = cop__jout_record(x, &cop__jcommunity, &r);
	cop_free(config);
	return rc;
}

int cop_export_json(cop_store *s, const char *community, int fd)
{
	cop_community_rec c;
	cop__access acc;
	cop__jout o;
	cop__jexp x;
	int rc, i;

	if ((rc = cop__jout_check(s, fd)) != COP_OK)
		return rc;
	if ((rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	rc = cop__jout_begin(&x, &o, s, fd,
		"{\"format\":\"" X_FORMAT "\",\"version\":1");
	x.scope = c.id;
	x.all = acc.is_facilitator ? 1 : 0;
	x.what = "reading the community";
	if (rc == COP_OK)
		rc = export_community(&x, &c);
	for (i = 0; i < NSECTIONS && rc == COP_OK; i++)
		rc = cop__jout_section(&x, &cop__jsections[i].out, NULL);
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	return cop__jout_end(&x, rc, "}\n");
}
