/*
 * event_int.h: what event.c and event_ics.c share (not installed).
 */
#ifndef COP_EVENT_INT_H
#define COP_EVENT_INT_H

#include "internal.h"
#include "cop/event.h"

/** *t = the store's events table (sys/backend.h's cop_backend_events);
 *  COP_OK, or COP_ENOTSUP with a message. */
int cop__event_table(cop_store *s, const cop_backend_events **t);

/**
 * Read event @p text (its id) into *e (the caller clears it), with the
 * actor's answer, and the actor's access to its community into *acc;
 * *eid receives its id.  COP_EINVAL (malformed id), COP_ENOTFOUND ("no
 * such event": not there, or its community not visible to the actor, the
 * two alike), or a backend error.  On failure *e holds
 * nothing.
 */
int cop__event_load(cop_store *s, const cop_backend_events *t,
	const char *text, cop_id *eid, cop_event_rec *e, cop__access *acc);

/**
 * The opening of a read of one event (a lookup, its iCalendar): the
 * store and the out argument checked (cop__check_out(), @p has_out),
 * the events table found, then cop__event_load() of @p text into *e.
 */
int cop__event_read(cop_store *s, int has_out, const char *text,
	cop_event_rec *e);

/**
 * Start listing the events @p q selects (its viewer and time set here to
 * the actor and the store's time), one @p page, as a cop__iter of
 * cop_event objects.  On success the store's error is cleared.
 */
int cop__event_iter(cop__iter **out, cop_store *s, cop_event_query *q,
	const cop_page *page);

#endif
