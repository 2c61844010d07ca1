"""Events (docs/events.md): create, answer with a waiting list, attend,
list, cancel, and iCalendar read back by Debian's python3-icalendar."""
from datetime import datetime, timedelta, timezone

import pytest

import cop

icalendar = pytest.importorskip("icalendar")

DAY = timedelta(days=1)
# 01:30 BST on 27 October 2024, half an hour before the clocks go back.
BACK = datetime(2024, 10, 27, 0, 30, tzinfo=timezone.utc)


@pytest.fixture
def w(world):
    return world


def test_create_answer_attend(w):
    s = w.store
    start = s.now + DAY
    with s.acting_as(w.esi):
        e = s.create_event(w.hub, "Field day", start, start + 3 * timedelta(hours=1),
                           tz="Africa/Accra", kind="face-to-face",
                           place="Accra", capacity=1,
                           body="Bring *seeds*.")
    assert e.title == "Field day" and e.kind is cop.EventKind.FACE_TO_FACE
    assert e.tz == "Africa/Accra" and e.capacity == 1 and e.start == start
    assert e.answer is None and e.sequence == 0 and e.cancelled is None
    with s.acting_as(w.kofi):
        assert e.rsvp("yes") is False
        with pytest.raises(cop.PermissionDenied):
            s.create_event(w.hub, "No", start, start + DAY)
    with s.acting_as(w.esi):
        assert s.rsvp(e, "yes") is True          # full: waits
        assert s.event(e.id).answer_waiting
    with s.acting_as(w.kofi):
        s.rsvp(e, cop.Rsvp.NO)                   # esi moves up
    with s.acting_as(w.esi):
        mine = s.event(e)
        assert mine.answer == "yes" and not mine.answer_waiting
        assert (mine.yes_count, mine.waiting_count) == (1, 0)
    # Attendance once started: the badge and the points.
    s.set_time(start + timedelta(hours=1))
    before = s.standing(w.hub, w.kofi).reputation
    with s.acting_as(w.esi):
        e.attend(w.kofi)
    assert e.attended_count == 1
    assert s.standing(w.hub, w.kofi).reputation == before + 2
    assert "event-attendee" in [b.badge for b in s.badges(w.hub, w.kofi)]
    with pytest.raises(cop.NotFound):
        s.attend(e, w.yaw)                       # not a member
    with s.acting_as(w.kofi):
        assert [x.title for x in s.member_events(w.kofi)] == ["Field day"]


def test_event_tz_valid():
    assert cop.event_tz_valid("Africa/Accra")
    assert cop.event_tz_valid("UTC")
    assert not cop.event_tz_valid("Mars/Olympus")


def test_bad_input_changes_nothing(w):
    s = w.store
    start = s.now + DAY
    with pytest.raises(cop.InvalidArgument):
        s.create_event(w.hub, "Backwards", start, start - DAY)
    with pytest.raises(cop.InvalidArgument):
        s.create_event(w.hub, "Negative", start, start + DAY, capacity=-1)
    with pytest.raises(cop.InvalidArgument):
        s.create_event(w.hub, "Where", start, start + DAY, tz="Mars/Base")
    with pytest.raises(cop.InvalidArgument):
        s.create_event(w.hub, "", start, start + DAY)
    with pytest.raises(cop.TooBig):
        s.create_event(w.hub, "x" * 201, start, start + DAY)
    assert list(s.events(w.hub)) == []
    e = s.create_event(w.hub, "Over", start - 2 * DAY, start - DAY)
    with s.acting_as(w.kofi):
        with pytest.raises(cop.InvalidArgument):
            e.rsvp("yes")                        # it has ended
    assert [x.title for x in s.events(w.hub, past=True)] == ["Over"]


def test_private_events_unseen(w):
    s = w.store
    start = s.now + DAY
    e = s.create_event(w.secret, "Secret", start, start + DAY)
    with s.acting_as(w.kofi):
        with pytest.raises(cop.NotFound):
            s.event(e.id)
        with pytest.raises(cop.NotFound):
            s.event_ics(e.id)
        with pytest.raises(cop.NotFound):
            s.community_ics(w.secret)
        with pytest.raises(cop.NotFound):
            list(s.events(w.secret))
        assert "Secret" not in s.community_ics(w.hub)


def test_ics_read_back_by_icalendar(w):
    s = w.store
    e = s.create_event(w.hub, "Clocks go back", BACK, BACK + 2 * timedelta(hours=1),
                       tz="Europe/London", place="London", url="https://example.org/")
    s.create_event(w.hub, "In Accra", BACK, BACK + timedelta(hours=1),
                   tz="Africa/Accra")
    cal = icalendar.Calendar.from_ical(e.ics())
    (ev,) = cal.walk("VEVENT")
    assert str(ev["UID"]) == e.id + "@libcop"
    assert ev["DTSTART"].params["TZID"] == "Europe/London"
    start = ev["DTSTART"].dt
    assert (start.hour, start.minute) == (1, 30)
    assert ev["DTEND"].dt.astimezone(timezone.utc) == BACK + 2 * timedelta(hours=1)
    assert int(ev["SEQUENCE"]) == 0 and str(ev["STATUS"]) == "CONFIRMED"
    assert str(ev["LOCATION"]) == "London"
    e.cancel("Fog")
    assert e.sequence == 1
    cal = icalendar.Calendar.from_ical(s.community_ics(w.hub))
    events = {str(v["SUMMARY"]): v for v in cal.walk("VEVENT")}
    assert str(events["Clocks go back"]["STATUS"]) == "CANCELLED"
    accra = events["In Accra"]["DTSTART"]
    assert accra.params["TZID"] == "Africa/Accra"
    assert accra.dt.astimezone(timezone.utc) == BACK
    assert sorted(str(z["TZID"]) for z in cal.walk("VTIMEZONE")) == [
        "Africa/Accra", "Europe/London"]
