-- Events (docs/events.md): create, answer with a waiting list, attend,
-- list, cancel, iCalendar; private events unseen; bad input refused.
local cop = require "cop"
local helper = require "helper"
local fails, HOUR, DAY = helper.fails, 3600000, 86400000

-- Each test in the helper's world (w), its store s closed after.
local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

describe("events", function()
	it("take answers, a waiting list and attendance", function()
		local start = s:now() + DAY
		assert(s:set_actor(w.esi))
		local e = assert(s:create_event(w.hub, {title = "Field day",
			start = start, ["end"] = start + 3 * HOUR, tz = "Africa/Accra",
			kind = "face-to-face", place = "Accra", capacity = 1,
			body = "Bring *seeds*."}))
		assert.are.equal("Field day", e.title)
		assert.are.equal("face-to-face", e.kind)
		assert.are.equal("Africa/Accra", e.tz)
		assert.are.equal(1, e.capacity)
		assert(s:set_actor(w.kofi))
		assert.is_false(s:rsvp(e, "yes"))
		fails("PermissionDenied", s:create_event(w.hub, {title = "No",
			start = start, ["end"] = start + HOUR}))
		assert(s:set_actor(w.esi))
		assert.is_true(s:rsvp(e, "yes"))           -- full: waits
		assert(s:set_actor(w.kofi))
		assert.is_false(s:rsvp(e, "no"))          -- esi moves up
		assert(s:set_actor(w.esi))
		local mine = assert(s:event(e.id))
		assert.are.equal(1, mine.answer)          -- COP_RSVP_YES
		assert.are.equal(0, mine.answer_waiting)
		assert.are.equal(1, mine.yes_count)
		-- Attendance once started: the badge.
		assert(s:set_time(start + HOUR))
		assert(s:attend(e, w.kofi))
		fails("NotFound", s:attend(e, w.yaw))     -- not a member
		assert(s:act_as_system())
		local names = helper.collect(s:badges(w.hub, w.kofi), "badge")
		assert.are.equal("event-attendee", names[1])  -- newest first
		assert.are.equal(1, assert(s:event(e.id)).attended_count)
	end)

	it("take IANA zone names", function()
		assert.is_true(cop.event_tz_valid("Africa/Accra"))
		assert.is_true(cop.event_tz_valid("UTC"))
		assert.is_false(cop.event_tz_valid("Mars/Olympus"))
	end)

	it("refuse bad input and change nothing", function()
		local start = s:now() + DAY
		fails("InvalidArgument", s:create_event(w.hub, {title = "Back",
			start = start, ["end"] = start - HOUR}))
		fails("InvalidArgument", s:create_event(w.hub, {title = "Neg",
			start = start, ["end"] = start + HOUR, capacity = -1}))
		fails("InvalidArgument", s:create_event(w.hub, {title = "Where",
			start = start, ["end"] = start + HOUR, tz = "Mars/Base"}))
		fails("InvalidArgument", s:create_event(w.hub, {title = "",
			start = start, ["end"] = start + HOUR}))
		assert.are.same({}, helper.collect(s:events(w.hub)))
		local past = assert(s:create_event(w.hub, {title = "Over",
			start = start - 3 * DAY, ["end"] = start - 2 * DAY}))
		assert(s:set_actor(w.kofi))
		fails("InvalidArgument", s:rsvp(past, "yes"))
		assert.are.same({"Over"}, helper.collect(s:events(w.hub, {past = true}),
			"title"))
	end)

	it("of a private community are unseen by outsiders", function()
		local start = s:now() + DAY
		local e = assert(s:create_event(w.secret, {title = "Secret",
			start = start, ["end"] = start + HOUR}))
		assert(s:set_actor(w.kofi))
		fails("NotFound", s:event(e.id))
		fails("NotFound", s:event_ics(e.id))
		fails("NotFound", s:community_ics(w.secret))
		assert.is_nil(assert(s:community_ics(w.hub)):find("Secret", 1, true))
	end)

	it("come out as iCalendar in their zone", function()
		-- 01:30 BST on 27 October 2024, before the clocks go back.
		local back = 1729989000000
		local e = assert(s:create_event(w.hub, {title = "Clocks go back",
			start = back, ["end"] = back + 2 * HOUR, tz = "Europe/London"}))
		local ics = assert(s:event_ics(e))
		assert.truthy(ics:find("DTSTART;TZID=Europe/London:20241027T013000", 1, true))
		assert.truthy(ics:find("UID:" .. e.id .. "@libcop", 1, true))
		assert(s:cancel_event(e, "Fog"))
		ics = assert(s:community_ics(w.hub))
		assert.truthy(ics:find("STATUS:CANCELLED", 1, true))
		assert.truthy(ics:find("SEQUENCE:1", 1, true))
	end)
end)
