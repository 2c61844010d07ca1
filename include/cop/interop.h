/** @file
 * libcop: moving communities in and out.  Kept for source compatibility
 * only: what it declared is now in one header per subject, which it
 * includes: import.h (the Stack Exchange import and the options and
 * report of every import), json.h (a community as JSON), privacy.h (a
 * member's own data: export, erasure, erasure policies) and link.h
 * (thread links).  New code includes cop.h or those headers.
 */
#ifndef COP_INTEROP_H
#define COP_INTEROP_H

#include "import.h"
#include "json.h"
#include "privacy.h"
#include "link.h"

COP_BEGIN_DECL
/* Nothing declared here: each header above has its own declarations. */
COP_END_DECL

#endif /* COP_INTEROP_H */
