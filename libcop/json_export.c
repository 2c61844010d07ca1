/*
 * json_export.c: a community out as one JSON document (docs/json.md).
 *
 * The document is one object whose members come in a fixed order: the
 * format marker, the version, the community, then one array per kind of
 * record (json_sections.c).  Export writes it piece by piece, one record
 * per line, each record dumped by jansson with sorted keys; the records
 * come from keyset-paginated scans (the backend's export interface,
 * cop_backend_export) written by the shared exporter (jsonout.c) record
 * by record, so memory stays bounded whatever the community's size.
 */
#include <string.h>
#include <jansson.h>

#include "json_doc.h"
#include "jsonout.h"

/* The community's erasure policy into *out when one is set; otherwise
 * *out stays null. */
static int read_policy(cop_store *s, const cop_id *cid, cop_val *out)
{
	const cop_backend_privacy *t;
	int pol = 0, rc;

	memset(out, 0, sizeof(*out));
	if ((rc = COP__FEATURE_GET(s, &t, privacy, cop__sql_privacy,
			"member data")) != COP_OK)
		return rc;
	rc = t->policy_get(s->be, cid, &pol);
	if (rc == COP_OK)
		*out = cop__v_int(pol);
	else if (rc != COP_ENOTFOUND)
		return cop__be_error(s, rc, "reading the community");
	return COP_OK;
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
		rc = read_policy(x->s, &c->id, &r.col[8]);
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
		"{\"format\":\"" X_FORMAT "\",\"version\":2"); /* X_VERSION */
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
