/** @file
 * event.h: a community's meetings (online, face to face or hybrid), the
 * members' RSVPs with a waiting list, attendance, and iCalendar.
 *
 * An event has a title, a description (CommonMark, stored as given), a
 * start and an end (UTC instants, cop_time) with an IANA time zone name
 * for display (checked against libical's built-in time zones), a place
 * or a link, and a capacity (0: unlimited).  Facilitators, core members,
 * owners and the system create, change and cancel events (with a
 * reason).  An event is visible exactly when its community is
 * (docs/architecture.md, "Who may do what").
 *
 * Active members of the community answer yes, no or maybe, and may
 * change their answer until the event ends; a cancelled event takes no
 * answer.  When the confirmed yes answers fill the capacity, a yes goes
 * on the waiting list, in the order the answers were made; the first
 * waiting member moves up when a confirmed member withdraws (answers no
 * or maybe) or the capacity grows.  A capacity lowered below the
 * confirmed count confirms nobody more, and takes nobody's place.
 *
 * Once an event has started, facilitators, owners and the system record
 * each member's attendance (attended or absent); a member's first
 * attendance in a community earns the event-attendee badge, and each
 * attendance adds COP_EVENT_ATTENDED_POINTS to the member's reputation
 * (a ledger entry of reason COP_REP_ATTENDED; taken back by a reversal
 * when the record becomes absent).
 *
 * Every write is permission-checked, refused or bad input changes
 * nothing, and each is in the change log ("event.create",
 * "event.update", "event.cancel", "event.rsvp", "event.attend").
 * docs/events.md describes the whole.
 */
#ifndef COP_EVENT_H
#define COP_EVENT_H

#include "common.h"
#include "errors.h"

COP_BEGIN_DECL

/** What kind of meeting. */
typedef enum cop_event_kind {
	COP_EVENT_ONLINE = 0,
	COP_EVENT_FACE_TO_FACE = 1,
	COP_EVENT_HYBRID = 2
} cop_event_kind;

/** A member's answer. */
typedef enum cop_rsvp {
	COP_RSVP_NO = 0,
	COP_RSVP_YES = 1,
	COP_RSVP_MAYBE = 2
} cop_rsvp;

/** A member's attendance as recorded. */
typedef enum cop_attendance {
	COP_ATTENDANCE_NONE = 0,      /**< not recorded */
	COP_ATTENDANCE_ATTENDED = 1,
	COP_ATTENDANCE_ABSENT = 2
} cop_attendance;

/** Which events of a community a listing gives. */
typedef enum cop_event_when {
	COP_EVENTS_UPCOMING = 0,  /**< not ended yet, soonest first */
	COP_EVENTS_PAST = 1       /**< ended, latest first */
} cop_event_when;

/** Reputation points of one attendance (docs/recognition.md). */
#define COP_EVENT_ATTENDED_POINTS 2
/** Longest title, in characters. */
#define COP_EVENT_TITLE_MAX 200
/** Longest description, in bytes. */
#define COP_EVENT_BODY_MAX 65536
/** Longest place, in characters. */
#define COP_EVENT_PLACE_MAX 500
/** Longest link, in characters. */
#define COP_EVENT_URL_MAX 2000
/** Largest capacity. */
#define COP_EVENT_CAPACITY_MAX 1000000

typedef struct cop_event cop_event;  /**< A event.  Opaque; free with cop_event_free(). */
typedef struct cop_event_iter cop_event_iter;  /**< An iterator over events (cop_event_iter_next(), cop_event_iter_free()). */

/** An event's fields, as given to cop_event_create() and
 *  cop_event_update().  Fields are only ever appended. */
typedef struct cop_event_spec {
	unsigned int version;     /**< COP_EVENT_SPEC_VERSION */
	cop_event_kind kind;     /**< meeting, webinar, ... (cop_event_kind) */
	const char *title;        /**< 1 to COP_EVENT_TITLE_MAX characters */
	const char *body;         /**< CommonMark, NULL or "": none */
	cop_time start;           /**< UTC milliseconds */
	cop_time end;             /**< after start */
	const char *tz;           /**< IANA zone name; NULL: "UTC" */
	const char *place;        /**< NULL or "": none */
	const char *url;          /**< http:// or https://; NULL or "": none */
	int capacity;             /**< 0: unlimited; never below 0 */
} cop_event_spec;

#define COP_EVENT_SPEC_VERSION 1  /**< The version of cop_event_spec this header knows. */
/** A cop_event_spec with its version set and the defaults. */
#define COP_EVENT_SPEC_INIT { COP_EVENT_SPEC_VERSION, COP_EVENT_ONLINE, \
	NULL, NULL, 0, 0, NULL, NULL, NULL, 0 }

/** Static names ("online", "face-to-face", "hybrid"; "no", "yes",
 *  "maybe"; "none", "attended", "absent"; "upcoming", "past"), NULL for
 *  unknown values. */
COP_EXTERN(const char *) cop_event_kind_name(cop_event_kind k);
COP_EXTERN(const char *) cop_event_when_name(cop_event_when w);  /**< The static name of a cop_event_when value, as above; NULL for an unknown one. */
COP_EXTERN(const char *) cop_rsvp_name(cop_rsvp r);  /**< The static name of a cop_rsvp value, as above; NULL for an unknown one. */
COP_EXTERN(const char *) cop_attendance_name(cop_attendance a);  /**< The static name of a cop_attendance value, as above; NULL for an unknown one. */
/** Parse those names.  @return COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_event_kind_parse(cop_event_kind *out,
	const char *name);
COP_EXTERN(cop_status) cop_rsvp_parse(cop_rsvp *out, const char *name);  /**< Parse a cop_rsvp name, as above: COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_event_when_parse(cop_event_when *out,
	const char *name);  /**< Parse a cop_event_when name, as above: COP_OK or COP_EINVAL. */
COP_EXTERN(cop_status) cop_attendance_parse(cop_attendance *out,
	const char *name);  /**< Parse a cop_attendance name, as above: COP_OK or COP_EINVAL. */

/**
 * Whether @p tz names a time zone of libical's built-in database (or is
 * "UTC").  @return 1 or 0 (a value, not a status).
 */
COP_EXTERN(int) cop_event_tz_valid(const char *tz);

/**
 * Create an event in a community.  For its facilitators, core members
 * and owners (active) and the system.
 * @param out        receives the new event (caller owns:
 *                   cop_event_free()); may be NULL.
 * @param community  its id or slug.
 * @return COP_OK, COP_EINVAL (bad spec: kind, empty title, end not after
 *         start, unknown time zone, capacity below zero or too large,
 *         a link not http(s)), COP_ETOOBIG (title, body, place or link
 *         too long), COP_EENCODING, COP_ENOTFOUND (no such community),
 *         COP_EPERM, COP_EREADONLY, COP_ENOTSUP (a backend without
 *         events), COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_event_create(cop_event **out, cop_store *store,
	const char *community, const cop_event_spec *spec);

/**
 * Change every field of an event to @p spec's (its sequence goes up by
 * one).  Permission as cop_event_create(); a cancelled event is not
 * changed.  A capacity that grows moves waiting members up.
 * @param out  receives the event as changed (caller owns); may be NULL.
 * @return as cop_event_create(), and COP_EINVAL for a cancelled event,
 *         COP_ENOTFOUND for no such event.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_event_update(cop_event **out, cop_store *store,
	const char *event_id, const cop_event_spec *spec);

/**
 * Cancel an event, with a reason (1-500 characters).  Permission as
 * cop_event_create().
 * @return COP_OK, COP_EINVAL (bad id or reason, already cancelled),
 *         COP_ENOTFOUND, COP_EPERM, COP_EREADONLY, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_event_cancel(cop_store *store,
	const char *event_id, const char *reason);

/**
 * Fetch an event the actor may see, with its counts and the actor's own
 * answer.
 * @param out  receives it (caller owns: cop_event_free()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND ("no such event": none, or
 *         one whose community the actor may not see), COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_event_lookup(cop_event **out, cop_store *store,
	const char *event_id);

/**
 * Answer an event as the actor, an active member of its community.  A
 * yes beyond the capacity goes on the waiting list; a confirmed yes that
 * becomes no or maybe lets the first waiting member move up.  Answering
 * as before changes nothing (a waiting yes keeps its place).
 * @param waiting  receives 1 when the actor's yes is on the waiting
 *                 list, else 0; may be NULL.
 * @return COP_OK, COP_EINVAL (bad id or answer, the system as actor, a
 *         cancelled event, an event that has ended), COP_ENOTFOUND,
 *         COP_EPERM (not an active member), COP_EREADONLY, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_event_rsvp(cop_store *store, const char *event_id,
	cop_rsvp answer, int *waiting);

/**
 * Record a member's attendance (COP_ATTENDANCE_ATTENDED or
 * COP_ATTENDANCE_ABSENT) once the event has started.  For the
 * community's facilitators and owners and the system.  A first
 * attendance earns the event-attendee badge; each attendance
 * COP_EVENT_ATTENDED_POINTS reputation.
 * @param member  the member's id or handle; a member of the community.
 * @return COP_OK, COP_EINVAL (bad arguments, a cancelled event, an event
 *         not started), COP_ENOTFOUND (no such event or member, or not a
 *         member of the community), COP_EPERM, COP_EREADONLY,
 *         COP_ENOTSUP, COP_ENOMEM, COP_EIO.  On failure nothing changes.
 */
COP_EXTERN(cop_status) cop_event_attend(cop_store *store,
	const char *event_id, const char *member, cop_attendance attendance);

/**
 * A community's upcoming or past events (cancelled ones too), by keyset
 * pages (@p page may be NULL).  Each carries its counts and the actor's
 * own answer.
 * @param out  receives the iterator (caller owns: cop_event_iter_free()).
 * @return COP_OK, COP_EINVAL (bad arguments or cursor), COP_ENOTFOUND
 *         (also a community the actor may not see), COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_event_iter_new(cop_event_iter **out,
	cop_store *store, const char *community, cop_event_when when,
	const cop_page *page);

/**
 * The events a member has answered, latest first, in the communities
 * the actor sees; each carries that member's answer
 * (cop_event_answer()).  For the member themselves, and the system.
 * @param member  id or handle.
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_member_event_iter_new(cop_event_iter **out,
	cop_store *store, const char *member, const cop_page *page);

/** Next event (caller owns it: cop_event_free()), COP_ITEROVER, or an
 *  error. */
COP_EXTERN(cop_status) cop_event_iter_next(cop_event **out,
	cop_event_iter *it);
/** Cursor after the last event returned (borrowed, valid until the next
 *  call on the iterator), or NULL. */
COP_EXTERN(const char *) cop_event_iter_cursor(const cop_event_iter *it);
/** Free an iterator; NULL is harmless. */
COP_EXTERN(void) cop_event_iter_free(cop_event_iter *it);

/**
 * One event as an iCalendar (RFC 5545) object made with libical: a
 * VCALENDAR holding the event's VTIMEZONE and its VEVENT (UID stable
 * from the event's id, DTSTART and DTEND in its zone with TZID,
 * SEQUENCE, STATUS:CANCELLED when cancelled).  Visibility as
 * cop_event_lookup().
 * @param out  receives the text (caller owns: cop_text_dispose()).
 * @return as cop_event_lookup().
 */
COP_EXTERN(cop_status) cop_event_ics(char **out, cop_store *store,
	const char *event_id);

/**
 * A community's calendar: every event of it (past, upcoming and
 * cancelled) in one VCALENDAR, each zone's VTIMEZONE once.  For those
 * who see the community.
 * @param out  receives the text (caller owns: cop_text_dispose()).
 * @return COP_OK, COP_EINVAL, COP_ENOTFOUND, COP_EPERM, COP_ENOTSUP,
 *         COP_ENOMEM, COP_EIO.
 */
COP_EXTERN(cop_status) cop_community_ics(char **out, cop_store *store,
	const char *community);

/** Free a text the library handed out (cop_event_ics(),
 *  cop_community_ics(), cop_health_report_json()); NULL is harmless. */
COP_EXTERN(void) cop_text_dispose(char *text);

/** Free an event; NULL is harmless. */
COP_EXTERN(void) cop_event_free(cop_event *e);
/** @name Getters (borrowed strings, valid while the event lives). */
/**@{*/
COP_EXTERN(const char *) cop_event_id(const cop_event *e);
COP_EXTERN(const char *) cop_event_community_id(const cop_event *e);
COP_EXTERN(cop_event_kind) cop_event_kind_get(const cop_event *e);
COP_EXTERN(const char *) cop_event_title(const cop_event *e);
/** The description as given (CommonMark), "" when none. */
COP_EXTERN(const char *) cop_event_body(const cop_event *e);
/** NULL when none. */
COP_EXTERN(const char *) cop_event_place(const cop_event *e);
/** NULL when none. */
COP_EXTERN(const char *) cop_event_url(const cop_event *e);
COP_EXTERN(const char *) cop_event_tz(const cop_event *e);
COP_EXTERN(cop_time) cop_event_start(const cop_event *e);
COP_EXTERN(cop_time) cop_event_end(const cop_event *e);
COP_EXTERN(int) cop_event_capacity(const cop_event *e);
/** Who created it, NULL for the system. */
COP_EXTERN(const char *) cop_event_creator_id(const cop_event *e);
/** When it was created or last changed. */
COP_EXTERN(cop_time) cop_event_changed(const cop_event *e);
/** 0, one more at each change or the cancellation. */
COP_EXTERN(int) cop_event_sequence(const cop_event *e);
/** When it was cancelled, 0 when it was not. */
COP_EXTERN(cop_time) cop_event_cancelled(const cop_event *e);
/** The cancellation's reason, "" when not cancelled. */
COP_EXTERN(const char *) cop_event_cancel_reason(const cop_event *e);
/** Confirmed yes answers. */
COP_EXTERN(int64_t) cop_event_yes_count(const cop_event *e);
COP_EXTERN(int64_t) cop_event_maybe_count(const cop_event *e);
/** Yes answers on the waiting list. */
COP_EXTERN(int64_t) cop_event_waiting_count(const cop_event *e);
COP_EXTERN(int64_t) cop_event_attended_count(const cop_event *e);
/** The answer of the actor (a lookup, a community's listing) or of the
 *  listed member (cop_member_event_iter_new()): a cop_rsvp, or -1 when
 *  none. */
COP_EXTERN(int) cop_event_answer(const cop_event *e);
/** 1 when that answer is a yes on the waiting list. */
COP_EXTERN(int) cop_event_answer_waiting(const cop_event *e);
/**@}*/

COP_END_DECL

#endif
