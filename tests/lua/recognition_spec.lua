-- Recognition: votes, accepted answers, kudos, reputation, trust, badges,
-- leaderboards, configuration and verification.
local cop = require "cop"
local helper = require "helper"

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

local fails = helper.fails

describe("votes", function()
	it("keep the score and the actor's vote", function()
		local a = w.answer
		assert(s:set_actor(w.kofi))
		assert.is_false(a:my_vote())
		assert.is_true(a:vote())
		assert.are.equal(1, a.score)
		assert.are.equal("up", a:my_vote())
		fails("AlreadyExists", a:vote("up"))
		assert(a:vote("thanks"))
		assert.are.equal(0, a.score)
		assert(a:retract_vote())
		assert.is_false(s:my_vote(a))
		fails("NotFound", a:retract_vote())
		fails("PermissionDenied", a:vote("down"))
		assert(s:set_actor(w.esi))
		fails("PermissionDenied", a:vote())
		assert(s:act_as_system())
		assert(s:vote(a, "up"))
		assert(s:vote(a, "up"))             -- anonymous: not unique
		assert.are.equal(2, assert(s:contribution(a.id)).score)
		assert.has_error(function() s:vote(a, "meh") end)
	end)
end)

describe("accepted answers", function()
	it("are accepted, read and taken back", function()
		local q, a = w.question, w.answer
		assert.is_false(q:accepted_answer())
		assert(s:set_actor(w.kofi))
		assert(a:accept())
		fails("AlreadyExists", a:accept())
		assert(s:act_as_system())
		assert.are.equal(a, q:accepted_answer())
		assert(q:refresh())
		assert.are.equal("answered", q.state)
		assert(q:unaccept())
		assert.are.equal("open", q.state)
		assert.is_false(s:accepted_answer(q))
	end)
end)

describe("reputation", function()
	it("shows in standings, the ledger, badges and leaderboards", function()
		assert(s:set_actor(w.kofi))
		assert(w.answer:vote("up"))
		assert(w.answer:accept())
		assert(s:act_as_system())
		local st = assert(w.hub:standing(w.esi))
		assert.are.equal(getmetatable(st), cop.Standing)
		assert.are.equal(26, st.reputation)
		assert.are.equal("integer", math.type(st.reputation))
		assert.are.equal(1, st.accepted)
		local reasons, points = {}, {}
		for e in s:ledger(w.hub, w.esi) do
			reasons[#reasons + 1] = e.reason
			points[#points + 1] = e.points
		end
		assert.are.same({"accepted", "upvote"}, reasons)
		assert.are.same({15, 10}, points)
		local badges = {}
		for b in s:badges(w.hub, w.esi) do badges[b.badge] = b.badge_class end
		assert.are.equal("bronze", badges["first-post"])
		assert.are.equal("bronze", badges["first-accepted"])
		local rows = helper.collect(w.hub:leaderboard{period = "all"})
		assert.are.equal("esi", rows[1].handle)
		assert.are.equal(25, rows[1].points)
		assert.are.equal(1, #helper.collect(w.hub:leaderboard{limit = 1}))
		assert.has_error(function() w.hub:leaderboard{colour = 1} end)
	end)
end)

describe("kudos", function()
	it("are given and listed", function()
		assert(s:set_actor(w.kofi))
		local k = assert(w.hub:give_kudos(w.esi, "Thank you!",
			{contribution = w.answer}))
		fails("InvalidArgument", w.hub:give_kudos(w.kofi, "me"))
		assert(s:act_as_system())
		assert.are.equal(getmetatable(k), cop.Kudos)
		assert.are.equal(w.kofi.id, k.from_id)
		assert.are.equal(w.esi.id, k.to_id)
		assert.are.equal(w.answer.id, k.contribution_id)
		assert.are.same({k.id}, helper.collect(s:kudos(w.hub, w.esi), "id"))
	end)
end)

describe("trust", function()
	it("is set by hand and unlocks privileges", function()
		assert.is_false(s:can(w.hub, "vote-down", w.kofi))
		assert.is_true(s:can(w.hub, "moderate", w.esi))
		assert(s:set_trust(w.hub, w.kofi, 2))
		assert.are.equal(2, assert(w.hub:standing(w.kofi)).trust_level)
		assert(s:set_actor(w.kofi))
		assert.is_true(s:can(w.hub, "vote-down"))
		assert(w.answer:vote("down"))
		assert.are.equal(-1, w.answer.score)
		fails("PermissionDenied", s:set_trust(w.hub, w.kofi, 4))
		assert(s:act_as_system())
		assert(s:set_trust(w.hub, w.kofi, nil))
		assert.are.equal(0, assert(w.hub:standing(w.kofi)).trust_manual)
	end)

	it("badges are awarded by hand too", function()
		fails("InvalidArgument", s:award_badge(w.hub, w.yaw, "event-attendee"))
		assert(w.hub:join(w.yaw))
		assert(s:award_badge(w.hub, w.yaw, "event-attendee"))
		fails("AlreadyExists", s:award_badge(w.hub, w.yaw, "event-attendee"))
		assert.are.same({"event-attendee"},
			helper.collect(s:badges(w.hub, w.yaw), "badge"))
	end)
end)

describe("configuration and verification", function()
	it("read and change the numbers", function()
		local c = assert(w.hub:recognition_config())
		assert.are.equal(10, c.up_answer)
		assert.are.equal(200, c.daily_cap)
		assert.is_nil(c.version)
		assert(w.hub:set_recognition_config{up_answer = 20, daily_cap = 100})
		c = assert(w.hub:recognition_config())
		assert.are.equal(20, c.up_answer)
		assert.are.equal(100, c.daily_cap)
		assert.has_error(function() w.hub:set_recognition_config{colour = 1} end)
		fails("InvalidArgument", w.hub:set_recognition_config{floor = 5})
	end)

	it("verify finds nothing to repair", function()
		assert(s:set_actor(w.kofi))
		assert(w.answer:vote())
		fails("PermissionDenied", s:verify())
		assert(s:act_as_system())
		local r = assert(s:verify())
		assert.are.equal(0, r.count)
		assert.are.same({}, r.lines)
		assert.is_false(r.repaired)
		assert.are.equal(0, assert(s:verify(w.hub, {repair = true})).count)
	end)

	it("helpers", function()
		assert.are.equal("gold", cop.badge_class("great-answer"))
		assert.is_true(cop.badge_once("first-post"))
		assert.is_false(cop.badge_once("nice-answer"))
		-- 2023-11-15 10:00 UTC, a Wednesday: the week starts on Monday 13th
		assert.are.equal(1699833600000, cop.period_start("week", 1700042400000))
		assert.is_nil(cop.period_start("all", 1700042400000))
		assert(s:set_actor(w.kofi))
		assert(s:call("vote_cast", w.answer, "helpful"))
		assert.are.equal("helpful", s:call("vote_lookup", w.answer))
		-- the name before the fetch/read rename (cop/deprecated.h)
		assert.are.equal("helpful", s:call("vote_get", w.answer))
		assert.are.equal(require("copc").cop_vote_get,
			require("copc").cop_vote_lookup)
	end)
end)

describe("flags", function()
	it("are raised once, queued for moderators and resolved once", function()
		local a = w.answer
		assert(s:set_actor(w.kofi))
		local f = assert(s:flag(a, "Needs a source."))
		assert.are.equal("open", f.state)
		assert.are.equal(a.id, f.contribution_id)
		fails("AlreadyExists", s:flag(a, "Again."))
		fails("PermissionDenied", s:flags(w.hub))
		assert(s:set_actor(w.esi))
		fails("PermissionDenied", s:flag(a, "My own."))
		local n = 0
		for g in assert(s:flags(w.hub)) do
			n = n + 1
			assert.are.equal(f.id, g.id)
			assert(g:resolve("upheld"))
		end
		assert.are.equal(1, n)
		fails("InvalidArgument", s:resolve_flag(f, "dismissed"))
		for g in assert(s:flags(w.hub, "upheld")) do
			assert.are.equal(w.esi.id, g.resolver_id)
		end
	end)
end)

describe("moderation", function()
	it("suspends, silences and hides, logged for moderators", function()
		local q, a, hour = w.question, w.answer, 3600000
		-- Suspension: the system's; writes refused until the end.
		assert(s:set_actor(w.esi))
		fails("PermissionDenied", s:suspend(w.kofi, "Spam."))
		assert(s:act_as_system())
		assert(s:suspend(w.kofi, "Spam.", s:now() + 2 * hour))
		fails("AlreadyExists", s:suspend(w.kofi, "Again."))
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", q:reply("Still here?"))
		assert(s:set_time(s:now() + 2 * hour))
		assert(q:reply("Back."))
		assert(s:act_as_system())
		fails("NotFound", s:unsuspend(w.kofi))
		-- Silence: the community's moderators.
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:silence(w.hub, w.esi, "No."))
		assert(s:set_actor(w.esi))
		assert(s:silence(w.hub, w.kofi, "Heated."))
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", q:reply("Hm."))
		assert(s:contribution(a.id))
		assert(s:set_actor(w.esi))
		assert(s:unsilence(w.hub, w.kofi))
		-- Hiding: the author and the moderators see it.
		assert(s:hide(a, "Off topic."))
		assert.are.equal(1, assert(s:contribution(a.id)).hidden)
		assert(s:set_actor(w.kofi))
		fails("NotFound", s:contribution(a.id))
		fails("PermissionDenied", s:modlog(w.hub))
		assert(s:set_actor(w.esi))
		assert(s:unhide(a))
		local kinds = {}
		for e in assert(s:modlog(w.hub)) do kinds[#kinds + 1] = e.kind end
		assert.are.same({"unhide", "hide", "unsilence", "silence"}, kinds)
		assert(s:act_as_system())
		for e in assert(s:modlog(nil)) do
			assert.are.equal("suspend", e.kind)
			assert.are.equal(w.kofi.id, e.member_id)
		end
	end)
end)

describe("notifications", function()
	it("follows, mentions, a feed its member reads and marks", function()
		local q = w.question
		local esi = w.esi.handle
		assert(s:set_actor(w.esi))
		assert(s:follow("community", w.hub))
		assert(s:follow("thread", q, nil, "muted"))
		local levels = {}
		for f in assert(s:follows()) do levels[#levels + 1] = f.level end
		assert.are.same({"watching", "muted"}, levels)
		assert(s:unfollow("community", w.hub))
		assert(s:follow("thread", q, nil, "tracking"))
		fails("NotFound", s:unfollow("community", w.hub))
		assert(s:set_actor(w.kofi))
		local r = assert(q:reply("Thanks @" .. esi .. ", not `@" .. esi .. "`."))
		fails("PermissionDenied", s:notification_count(w.esi))
		assert(s:set_actor(w.esi))
		local unread = assert(s:notification_count(nil, true))
		local notes = {}
		for n in assert(s:notifications(nil, {unread = true})) do
			notes[#notes + 1] = n
		end
		assert.are.equal(unread, #notes)
		assert.are.equal("mention", notes[1].kind)
		assert.are.equal(r.id, notes[1].contribution_id)
		assert.is_nil(notes[1].read)
		assert.are.equal(1, assert(s:mark_read({notes[1]})))
		assert.are.equal(unread - 1, assert(s:notification_count(nil, true)))
		assert.are.equal(unread - 1, assert(s:mark_read()))
		assert.are.equal(0, assert(s:notification_count(nil, true)))
		fails("NotFound", s:mark_read({q.id}))
		assert(s:act_as_system())
		assert.are.equal(unread, assert(s:notification_count(w.esi)))
	end)
end)

describe("facilitation", function()
	it("gives moderators a queue, and summaries with their coverage", function()
		local q, day = w.question, 86400000
		-- The queue: for the community's moderators only.
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:queue(w.hub))
		assert(s:set_time(s:now() + 8 * day))
		assert(s:set_actor(w.esi))
		local found = {}
		for i in assert(s:queue(w.hub)) do
			if i.object_id == q.id then found[#found + 1] = i end
		end
		assert.are.equal(1, #found)
		assert.are.equal("unaccepted", found[1].kind)
		assert.are.equal(8 * 86400, found[1].waited)
		assert.are.equal(7 * 86400, s:queue_threshold(w.hub, "unaccepted"))
		assert(s:set_queue_threshold(w.hub, "unaccepted", 9 * 86400))
		assert.are.equal(9 * 86400, s:queue_threshold(w.hub, "unaccepted"))
		for i in assert(s:queue(w.hub)) do
			assert.are_not.equal(q.id, i.object_id)
		end
		-- Summaries: facilitators, owners and core members.
		assert(s:set_actor(w.kofi))
		local d = assert(w.hub:create_thread("Notes", "Where were we?"))
		fails("PermissionDenied", s:summarize(d, "Mine."))
		assert(s:set_actor(w.esi))
		local c = assert(s:summarize(d, "We agreed."))
		assert.are.equal("summary", c.kind)
		assert.are.equal(1, c.revision)
		local c2 = assert(s:summarize(d, "We agreed twice."))
		assert.are.equal(c.id, c2.id)
		assert.are.equal(2, c2.revision)
		assert.are.equal(c.id, assert(s:thread(d.id)).summary_id)
		assert(s:set_time(s:now() + 30 * day))
		local covered, total = s:summary_coverage(w.hub)
		assert.are.equal(1, covered)
		assert.are.equal(1, total)
	end)
end)

describe("standing counts", function()
	it("are the member's and the facilitators' to read, nil to others",
		function()
		assert(w.hub:join(w.yaw))
		assert(s:set_actor(w.kofi))
		assert(w.answer:vote("up"))
		assert(s:set_actor(w.esi))
		assert.are.equal(1, assert(s:standing(w.hub, w.esi)).likes_received)
		assert(s:set_actor(w.yaw))
		local st = assert(s:standing(w.hub, w.esi))
		assert.are.equal(11, st.reputation)
		assert.is_nil(st.posts)
		assert.is_nil(st.likes_received)
		assert.is_nil(st:fields().days_active)
	end)
end)

describe("reading", function()
	it("counts posts read, capped by the thread's size", function()
		assert(w.hub:join(w.yaw))
		assert(s:set_actor(w.yaw))
		assert(w.question:read(1))
		assert(s:read_thread(w.question, 10))
		assert.are.equal(3, assert(s:standing(w.hub, w.yaw)).posts_read)
		fails("InvalidArgument", w.question:read(-1))
	end)
end)
