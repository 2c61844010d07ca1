/*
 * health_compare_api.c: cop_health_compare() (include/cop/health.h): the
 * report of every community the actor sees, each scored, then the pure
 * comparison of health_compare.c.
 */
#include "health_int.h"

/* Append the scored report of community @p c to @p reports; a community
 * whose report the actor may not read is left out. */
static int add_report(cop_store *s, const cop_community *c, const char *from,
	const char *to, json_t *reports)
{
	json_t *r = NULL;
	int rc;

	rc = cop__health_report_build(s, cop_community_id(c), from, to, &r);
	if (rc == COP_EPERM)
		return COP_OK;
	if (rc == COP_OK)
		rc = cop__health_scorecard(s, cop_community_id(c), r);
	if (rc == COP_OK && json_array_append_new(reports, r) != 0)
		return cop__error(s, COP_ENOMEM, "comparing communities: out "
			"of memory");
	if (rc != COP_OK)
		json_decref(r);
	return rc;
}

cop_status cop_health_compare(char **out_json, cop_store *s,
	const char *from, const char *to)
{
	cop_page page = COP_PAGE_INIT;
	cop_community_iter *it = NULL;
	cop_community *c = NULL;
	json_t *reports = NULL, *cmp = NULL;
	char *text = NULL;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out_json)) != COP_OK)
		return rc;
	if (!(reports = json_array()))
		return cop__error(s, COP_ENOMEM, "out of memory");
	rc = cop_community_iter_new(&it, s, &page);
	while (rc == COP_OK && (rc = cop_community_iter_next(&c, it)) == COP_OK) {
		rc = add_report(s, c, from, to, reports);
		cop_community_free(c);
	}
	cop_community_iter_free(it);
	if (rc == COP_ITEROVER)
		rc = COP_OK;
	if (rc == COP_OK && (!(cmp = cop__health_compare(reports)) ||
	    !(text = json_dumps(cmp, JSON_COMPACT))))
		rc = cop__error(s, COP_ENOMEM, "comparing communities: out of "
			"memory");
	if (rc == COP_OK && !(*out_json = cop_strdup(text)))
		rc = cop__error(s, COP_ENOMEM, "comparing communities: out of "
			"memory");
	free(text);
	json_decref(cmp);
	json_decref(reports);
	return rc == COP_OK ? cop__ok(s) : rc;
}
