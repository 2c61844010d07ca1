/*
 * health_none.c: the health pages in a build without jansson (as
 * json_none.c): cop_health_render() and cop_health_compare() answer
 * COP_ENOTSUP.  The thresholds
 * (health_threshold.c) need no jansson.
 */
#include "internal.h"
#include "cop/health.h"

cop_status cop_health_render(char **out, const char *report_json,
	const char *format)
{
	(void)report_json;
	(void)format;
	if (!out)
		return cop__open_error(COP_EINVAL, "out is NULL");
	*out = NULL;
	return cop__open_error(COP_ENOTSUP, "a health report's page needs "
		"jansson: this libcop was built without it");
}

cop_status cop_health_compare(char **out_json, cop_store *s,
	const char *from, const char *to)
{
	(void)from;
	(void)to;
	if (out_json)
		*out_json = NULL;
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "the health comparison needs "
		"jansson: this libcop was built without it");
}
