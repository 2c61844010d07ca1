/*
 * json_none.c: the JSON functions in a build without jansson (configure
 * --without-jansson, or jansson not found).  Built in place of
 * json_export.c, json_import.c, json_sections.c, jsonout.c and
 * privacy_export.c; each public entry point answers COP_ENOTSUP and
 * changes nothing.
 */
#include "internal.h"

static int no_jansson(cop_store *s, const char *what)
{
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "%s needs jansson: this libcop was "
		"built without it", what);
}

int cop_export_json(cop_store *s, const char *community, int fd)
{
	(void)community;
	(void)fd;
	return no_jansson(s, "the JSON export");
}

int cop_import_json(cop_import_report *out, cop_store *s, int fd,
	const cop_import_options *opts)
{
	(void)out;
	(void)fd;
	(void)opts;
	return no_jansson(s, "the JSON import");
}

int cop_member_export_json(cop_store *s, const char *member, int fd)
{
	(void)member;
	(void)fd;
	return no_jansson(s, "a member's export");
}
