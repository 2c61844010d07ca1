/*
 * stats.c: counts of what a store holds.
 */
#include <string.h>

#include "internal.h"

int cop_stats_lookup(cop_stats *out, cop_store *s, const char *community)
{
	cop_community_rec c;
	cop__access acc;
	cop_stats st;
	cop_id cid;
	int rc;

	if ((rc = cop__check_out(s, out != NULL)) != COP_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	memset(&cid, 0, sizeof(cid));
	if (community) {
		if (!*community)
			return cop__error(s, COP_EINVAL,
				"community is empty (NULL means the whole store)");
		rc = cop__community_resolve(s, community, &c, &acc);
		cid = c.id;
		cop_rec_clear(COP_REC_COMMUNITY, &c);
		if (rc != COP_OK)
			return rc;
	}
	memset(&st, 0, sizeof(st));
	st.version = COP_STATS_VERSION;
	if (s->has_actor) {
		/* A member counts what they may see, nothing else. */
		if (s->be->version < 9 || !s->be->stats_seen)
			return cop__error(s, COP_ENOTSUP, "this backend cannot "
				"count as a member sees");
		rc = s->be->stats_seen(s->be, community ? &cid : NULL,
			cop__actor(s), &st);
		if (rc != COP_OK)
			return cop__be_error(s, rc, "counting");
		if ((rc = cop__tag_stats(s, community ? &cid : NULL, &st))
				!= COP_OK)
			return rc;
		st.version = COP_STATS_VERSION;
		*out = st;
		return cop__ok(s);
	}
	rc = s->be->stats(s->be, community ? &cid : NULL, &st);
	if (rc != COP_OK)
		return cop__be_error(s, rc, "counting");
	if ((rc = cop__recognition_stats(s, community ? &cid : NULL, &st))
			!= COP_OK ||
	    (rc = cop__tag_stats(s, community ? &cid : NULL, &st)) != COP_OK)
		return rc;
	st.version = COP_STATS_VERSION;
	*out = st;
	return cop__ok(s);
}
COP__ALIAS(cop_stats_get, cop_stats_lookup);
