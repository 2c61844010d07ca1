/*
 * privacy_self.h: what a member's export (privacy_export.c) and erasure
 * (privacy.c) share.  Not installed.
 */
#ifndef COP_PRIVACY_SELF_H
#define COP_PRIVACY_SELF_H

#include "internal.h"

/*
 * Resolve @p text (a member's id or handle) into @p rec (cleared by the
 * caller with cop_rec_clear()) and check the actor is that member or
 * the system: COP_EINVAL, COP_ENOTFOUND, COP_EPERM.  An id naming
 * someone else is refused before it is looked up; @p what names the
 * action in the message ("export", "erase").
 */
int cop__member_self(cop_store *s, const char *text, cop_member_rec *rec,
	const char *what);

#endif
