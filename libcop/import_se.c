/*
 * import_se.c: importing Stack Exchange data dumps (libxml2's reader).
 * Stub: being written.
 */
#include "internal.h"

int cop_import_stackexchange(cop_import_report *out, cop_store *s,
	const char *dir, const cop_import_options *opts)
{
	(void)out; (void)dir; (void)opts;
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "not yet implemented");
}
