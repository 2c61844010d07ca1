/*
 * listing.c: what the recognition listings share: resolving their
 * community and member, and the start of a member's listing.  They page
 * and stream through the core's one iterator (iter.c, cop__iter_rows()).
 * See recognition_int.h and docs/recognition.md.
 */
#include "recognition_int.h"

/* ---- the listings' arguments and start ------------------------------------- */

int cop__rec_listing_args(cop_store *s, const char *community,
	const char *member, cop_id *cid, cop_id *mid)
{
	cop_community_rec c;
	cop__access acc;
	int rc;

	if ((rc = has_rop(s)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	rc = cop__community_resolve(s, community, &c, &acc);
	if (rc == COP_OK)
		*cid = c.id;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (rc == COP_OK && mid)
		rc = cop__rec_member_resolve(s, member, mid);
	return rc;
}

/* The highest id: the start of a descending listing. */
static const cop_id id_top = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

int cop__rec_member_listing(cop__iter **out, cop_store *s,
	const char *community, const char *member, const cop_page *page, int op,
	cop__row_make make)
{
	cop_val p[5];
	cop_id cid, mid;
	int rc;

	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	if (!out)
		return cop__error(s, COP_EINVAL, "out is NULL");
	if ((rc = cop__rec_listing_args(s, community, member, &cid, &mid)) != COP_OK)
		return rc;
	p[0] = cop__v_id(&cid);
	p[1] = cop__v_id(&mid);
	if ((rc = cop__iter_rows(out, s, op, p, 5, page, INT64_MAX,
			&id_top, make, NULL, "recognition")) != COP_OK)
		return rc;
	return cop__ok(s);
}
