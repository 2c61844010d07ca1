#!/usr/bin/env lua5.4
--- Build a small community of practice and print a report.
--
--     lua5.4 report.lua [DB]
--
-- Without DB the store is in memory; with it the community is kept
-- (digest.lua and moderate.lua work on it).  A fixed clock makes the
-- output the same on every run.
local cop = require "cop"

local db = arg[1] or ":memory:"
local store = assert(cop.open(db, {system = true}))
local DAY = 24 * 3600 * 1000
local t0 = 1700000000000                -- 2023-11-14 22:13 UTC
assert(store:set_time(t0))

local function member(handle, name, opts)
	return assert(store:create_member(handle, name, opts))
end

local ama = member("ama", "Ama Mensah", {organisation = "MoFA", languages = {"en", "tw"}})
local kofi = member("kofi", "Kofi Boateng")
local esi = member("esi", "Esi Owusu", {languages = "en fr"})
local yaw = member("yaw", "Yaw Darko")

-- ama creates the community, so she owns it
local hub = assert(store:acting_as(ama, function(s)
	return s:create_community("ksghana", "KSGhana",
		{purpose = "Sharing what works in the field"})
end))
for _, m in ipairs{kofi, esi, yaw} do assert(hub:join(m, {pledged_hours = 2})) end
assert(hub:set_role(esi, "facilitator"))

-- a week of activity
local function as(m, t, fn)
	assert(store:set_time(t))
	return assert(store:acting_as(m, fn))
end
local q = as(kofi, t0 + 1 * DAY, function()
	return hub:create_thread("Where do workshop notes go?", "We keep losing them.",
		{kind = "question", tags = {"notes", "workshops"}})
end)
local a = as(esi, t0 + 2 * DAY, function()
	return q:reply("One wiki page per workshop.", {kind = "answer"})
end)
as(kofi, t0 + 2 * DAY + 3600000, function() return a:reply("Thanks, that works.") end)
as(esi, t0 + 2 * DAY + 7200000, function()
	return hub:give_kudos(kofi, "Good question: it got us organised")
end)
as(yaw, t0 + 3 * DAY, function()
	return hub:create_thread("Field day in Tamale", "Who is coming on Friday?",
		{tags = "events"})
end)
as(esi, t0 + 4 * DAY, function()
	return a:edit("One wiki page per workshop, linked from the calendar.",
		{comment = "where to find them"})
end)
assert(store:set_time(t0 + 7 * DAY))

-- the report
print(("%s: %s"):format(hub.name, hub.purpose))
print(("created %s, %s"):format(cop.date(hub.created), hub.visibility))
print()
print("Members")
for ms in hub:memberships() do
	print(("  %-5s %-12s %2d h/month  since %s"):format(ms.handle, ms.role,
		ms.pledged_hours, cop.date(ms.joined, "!%Y-%m-%d")))
end
print()
print("Threads")
for t in hub:threads() do
	print(("  %-30s %-10s %-8s %d contribution%s, last %s"):format(t.title,
		t.kind, t.state, t.contribution_count,
		t.contribution_count == 1 and "" or "s",
		cop.date(t.last_activity, "!%a %d")))
	for c in t:contributions() do
		print(("    %-7s %s"):format(c.kind, c.body))
	end
end
print()
for hit in store:search("wiki") do print("search 'wiki': " .. hit.snippet) end
local st = assert(hub:stats())
print(("%d members, %d threads, %d contributions, %d tags"):format(
	st.members, st.threads, st.contributions, st.tags))
store:close()
