/*
 * event_ics.c: events as iCalendar (RFC 5545), made with libical: one
 * event, or a community's calendar (include/cop/event.h).  Time zones
 * come from libical's built-in database; each VTIMEZONE is the zone's
 * own, its TZID the zone's IANA name (not libical's prefixed one), and
 * DTSTART and DTEND are local times of that zone with that TZID (UTC
 * times, with Z, for an event in UTC).
 */
#include <stdlib.h>
#include <libical/ical.h>
#include "event_int.h"

#define PRODID "-//libcop//events//EN"

/* The built-in zone named @p tz; NULL for UTC (and unknown names). */
static icaltimezone *zone_of(const char *tz)
{
	if (!tz || !strcmp(tz, "UTC"))
		return NULL;
	return icaltimezone_get_builtin_timezone(tz);
}

int cop_event_tz_valid(const char *tz)
{
	if (!tz || !*tz)
		return 0;
	return !strcmp(tz, "UTC") || zone_of(tz) != NULL;
}

/* A store time as a UTC time of whole seconds. */
static struct icaltimetype utc_time(cop_time ms)
{
	int64_t sec = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);

	return icaltime_from_timet_with_zone((time_t)sec, 0,
		icaltimezone_get_utc_timezone());
}

/* DTSTART or DTEND (@p start 1 or 0) at @p ms: local time in @p zone with
 * TZID @p tzid, or UTC when @p zone is NULL. */
static int add_time(icalcomponent *ev, int start, cop_time ms,
	icaltimezone *zone, const char *tzid)
{
	struct icaltimetype t = utc_time(ms);
	icalproperty *p;
	icalparameter *tp;

	if (zone) {
		t = icaltime_convert_to_zone(t, zone);
		t.zone = NULL;   /* written as local time, TZID below */
	}
	p = start ? icalproperty_new_dtstart(t) : icalproperty_new_dtend(t);
	if (!p)
		return COP_ENOMEM;
	if (zone) {
		if (!(tp = icalparameter_new_tzid(tzid))) {
			icalproperty_free(p);
			return COP_ENOMEM;
		}
		icalproperty_add_parameter(p, tp);
	}
	icalcomponent_add_property(ev, p);
	return COP_OK;
}

/* Add @p p to @p c; COP_ENOMEM when libical could not make it. */
static int add(icalcomponent *c, icalproperty *p)
{
	if (!p)
		return COP_ENOMEM;
	icalcomponent_add_property(c, p);
	return COP_OK;
}

/* The zone's VTIMEZONE, once per calendar, its TZID the IANA name. */
static int add_zone(icalcomponent *cal, icaltimezone *zone, const char *tzid)
{
	icalcomponent *vtz, *src;
	icalproperty *p;

	if (!zone || icalcomponent_get_timezone(cal, tzid))
		return COP_OK;
	if (!(src = icaltimezone_get_component(zone)) ||
	    !(vtz = icalcomponent_new_clone(src)))
		return COP_ENOMEM;
	if ((p = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY)))
		icalproperty_set_tzid(p, tzid);
	icalcomponent_add_component(cal, vtz);
	return COP_OK;
}

/* Event @p e as a VEVENT of @p cal (and its zone's VTIMEZONE). */
static int add_event(icalcomponent *cal, const cop_event_rec *e)
{
	char id[COP_ID_TEXT_LEN + 1], uid[COP_ID_TEXT_LEN + 16];
	icaltimezone *zone = zone_of(e->tz);
	icalcomponent *ev;
	int rc;

	if ((rc = add_zone(cal, zone, e->tz)) != COP_OK)
		return rc;
	if (!(ev = icalcomponent_new(ICAL_VEVENT_COMPONENT)))
		return COP_ENOMEM;
	cop_id_format(id, &e->id);
	snprintf(uid, sizeof(uid), "%s@libcop", id);
	rc = add(ev, icalproperty_new_uid(uid));
	if (rc == COP_OK)
		rc = add(ev, icalproperty_new_dtstamp(utc_time(e->changed)));
	if (rc == COP_OK)
		rc = add(ev, icalproperty_new_lastmodified(utc_time(e->changed)));
	if (rc == COP_OK)
		rc = add_time(ev, 1, e->start, zone, e->tz);
	if (rc == COP_OK)
		rc = add_time(ev, 0, e->end, zone, e->tz);
	if (rc == COP_OK)
		rc = add(ev, icalproperty_new_summary(e->title));
	if (rc == COP_OK && e->body && *e->body)
		rc = add(ev, icalproperty_new_description(e->body));
	if (rc == COP_OK && e->place)
		rc = add(ev, icalproperty_new_location(e->place));
	if (rc == COP_OK && e->url)
		rc = add(ev, icalproperty_new_url(e->url));
	if (rc == COP_OK)
		rc = add(ev, icalproperty_new_sequence(e->sequence));
	if (rc == COP_OK)
		rc = add(ev, icalproperty_new_status(e->cancelled ?
			ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	if (rc == COP_OK && e->cancelled && e->reason && *e->reason)
		rc = add(ev, icalproperty_new_comment(e->reason));
	icalcomponent_add_component(cal, ev);
	return rc;
}

static icalcomponent *calendar_new(void)
{
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);

	if (cal && (add(cal, icalproperty_new_version("2.0")) != COP_OK ||
	    add(cal, icalproperty_new_prodid(PRODID)) != COP_OK ||
	    add(cal, icalproperty_new_calscale("GREGORIAN")) != COP_OK)) {
		icalcomponent_free(cal);
		return NULL;
	}
	return cal;
}

/* @p cal as text into *out (cop_malloc'd); @p cal is freed. */
static int calendar_text(cop_store *s, icalcomponent *cal, int rc,
	char **out)
{
	char *text = NULL;

	if (rc == COP_OK && !(text = icalcomponent_as_ical_string_r(cal)))
		rc = COP_ENOMEM;
	icalcomponent_free(cal);
	if (rc == COP_OK && !(*out = cop_strdup(text)))
		rc = COP_ENOMEM;
	free(text);
	if (rc == COP_ENOMEM)
		return cop__error(s, rc, "out of memory making iCalendar");
	return rc == COP_OK ? cop__ok(s) : rc;
}

void cop_text_dispose(char *text)
{
	cop_free(text);
}

int cop_event_ics(char **out, cop_store *s, const char *event_id)
{
	icalcomponent *cal;
	cop_event_rec e;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = cop__event_read(s, out != NULL, event_id, &e)) != COP_OK)
		return rc;
	if (!(cal = calendar_new())) {
		cop_rec_clear(COP_REC_EVENT, &e);
		return cop__error(s, COP_ENOMEM, "out of memory making iCalendar");
	}
	rc = add_event(cal, &e);
	cop_rec_clear(COP_REC_EVENT, &e);
	return calendar_text(s, cal, rc, out);
}

/* Every event of listing @p q into @p cal. */
static int add_listing(cop_store *s, icalcomponent *cal, cop_event_query *q)
{
	cop__iter *it = NULL;
	void *obj;
	int rc;

	if ((rc = cop__event_iter(&it, s, q, NULL)) != COP_OK)
		return rc;
	while ((rc = cop__iter_next(it, &obj)) == COP_OK) {
		rc = add_event(cal, &((cop_event *)obj)->r);
		cop_event_free(obj);
		if (rc != COP_OK)
			break;
	}
	cop__iter_free(it);
	return rc == COP_ITEROVER ? COP_OK : rc;
}

int cop_community_ics(char **out, cop_store *s, const char *community)
{
	const cop_backend_events *t;
	cop_community_rec c;
	icalcomponent *cal;
	cop_event_query q;
	cop__access acc;
	int rc;

	if ((rc = COP__CHECK_OUT(s, out)) != COP_OK ||
	    (rc = cop__event_table(s, &t)) != COP_OK ||
	    (rc = cop__community_resolve(s, community, &c, &acc)) != COP_OK)
		return rc;
	memset(&q, 0, sizeof(q));
	q.community = c.id;
	cop_rec_clear(COP_REC_COMMUNITY, &c);
	if (!(cal = calendar_new()))
		return cop__error(s, COP_ENOMEM, "out of memory making iCalendar");
	/* The past, oldest last, then what is to come, soonest first. */
	q.which = COP_EVQ_PAST;
	rc = add_listing(s, cal, &q);
	q.which = COP_EVQ_UPCOMING;
	if (rc == COP_OK)
		rc = add_listing(s, cal, &q);
	return calendar_text(s, cal, rc, out);
}
