/*
 * link.c: links between threads (related, duplicate).
 * Stub: being written.
 */
#include "internal.h"

static const char *const link_names[] = { "related", "duplicate" };
COP__ENUM_NAMES(cop_link_kind, cop_link_kind, link_names)

int cop_thread_link(cop_store *s, const char *thread_id,
	const char *target_id, cop_link_kind kind)
{
	(void)thread_id; (void)target_id; (void)kind;
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "not yet implemented");
}

int cop_link_iter_new(cop_link_iter **out, cop_store *s, const char *thread_id)
{
	(void)thread_id;
	if (out)
		*out = NULL;
	if (!s)
		return COP_EINVAL;
	return cop__error(s, COP_ENOTSUP, "not yet implemented");
}

int cop_link_iter_next(cop_link **out, cop_link_iter *it)
{
	(void)it;
	if (out)
		*out = NULL;
	return COP_ITEROVER;
}

void cop_link_iter_free(cop_link_iter *it) { (void)it; }
void cop_link_free(cop_link *l) { (void)l; }
const char *cop_link_thread_id(const cop_link *l) { (void)l; return NULL; }
const char *cop_link_target_id(const cop_link *l) { (void)l; return NULL; }
cop_link_kind cop_link_kind_get(const cop_link *l) { (void)l; return COP_LINK_RELATED; }
cop_time cop_link_created(const cop_link *l) { (void)l; return 0; }
