/** @file
 * libcop: the machinery of a community of practice.
 * The umbrella header: include this one.
 */
#ifndef COP_H
#define COP_H

#include "common.h"
#include "errors.h"
#include "store.h"
#include "member.h"
#include "community.h"
#include "thread.h"
#include "contribution.h"
#include "log.h"
#include "search.h"
#include "stats.h"
#include "recognition.h"
#include "flag.h"
#include "moderation.h"
#include "digest.h"
#include "notify.h"
#include "facilitation.h"
#include "import.h"
#include "json.h"
#include "privacy.h"
#include "link.h"
#include "funding.h"
#include "event.h"
#include "health.h"
#include "mail.h"
#include "tag.h"
/* The functions' old names, not for the bindings (deprecated.h). */
#if !defined(SWIG) && !defined(COP_NO_DEPRECATED)
#include "deprecated.h"
#endif

COP_BEGIN_DECL
/* Nothing declared here: each header above has its own declarations. */
COP_END_DECL

#endif
