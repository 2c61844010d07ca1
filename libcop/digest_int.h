/*
 * digest_int.h: a digest in memory (include/cop/digest.h), shared by
 * digest.c, which makes it, and digest_render.c.  Not installed.
 */
#ifndef COP_DIGEST_INT_H
#define COP_DIGEST_INT_H

#include "internal.h"
#include "cop/digest.h"

struct cop_digest {
	cop_time since, until;
	int is_member;             /* a member's digest, else a community's */
	cop_id member;             /* a member's digest: the member */
	char member_text[COP__IDLEN];
	char *handle;              /* the member's handle, or NULL */
	char *languages;           /* the member's languages, or NULL */
	char *slug;                /* a community's digest: its slug */
	/* Each section's items (cop_digest_item, internal.h: one block
	 * each), in order. */
	cop_digest_item **items[COP_DIGEST_SECTIONS];
	size_t n[COP_DIGEST_SECTIONS], cap[COP_DIGEST_SECTIONS];
};

#endif
