/*
 * import_se_none.c: the Stack Exchange import in a build without libxml2
 * (configure --without-libxml2, or libxml2 not found).  Built in place of
 * import_se.c, import_se_rows.c and import_se_xml.c; the public entry
 * point answers COP_ENOTSUP and changes nothing.
 */
#include <string.h>

#include "internal.h"

int cop_import_stackexchange(cop_import_report *out, cop_store *s,
	const char *dir, const cop_import_options *opts)
{
	(void)dir;
	(void)opts;
	if (out)
		memset(out, 0, sizeof(*out));
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "the Stack Exchange import needs "
		"libxml2: this libcop was built without it");
}
