/*
 * json.c: a community as one JSON document (jansson), out and in.
 * Stub: being written.
 */
#include "internal.h"

int cop_export_json(cop_store *s, const char *community, int fd)
{
	(void)community; (void)fd;
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "not yet implemented");
}

int cop_import_json(cop_import_report *out, cop_store *s, int fd,
	const cop_import_options *opts)
{
	(void)out; (void)fd; (void)opts;
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "not yet implemented");
}
