#!/usr/bin/env lua5.4
--- Print a member's weekly digest.
--
--     lua5.4 digest.lua DB HANDLE [UNTIL_MS]
--
-- Reads the store as the member: for each community they are an active
-- member of, the threads with activity in the seven days before UNTIL_MS
-- (UTC milliseconds; default now), replies to them, the questions still
-- waiting for an answer, and the kudos they received.
local cop = require "cop"

local db, handle = arg[1], arg[2]
if not db or not handle then
	io.stderr:write("usage: digest.lua DB HANDLE [UNTIL_MS]\n")
	os.exit(2)
end
local store, err = cop.open(db, {readonly = true, create = false})
if not store then
	io.stderr:write("digest: ", err, "\n")
	os.exit(1)
end
local me, msg = store:member_by_handle(handle)
if not me then
	io.stderr:write("digest: ", msg, "\n")
	os.exit(1)
end
assert(store:set_actor(me))

local untl = tonumber(arg[3]) or os.time() * 1000
local since = untl - 7 * 24 * 3600 * 1000

local mine, own = {}, 0
for c in me:contributions() do
	mine[c.id] = true
	if c.created >= since and c.created < untl then own = own + 1 end
end

print(("Weekly digest for %s (@%s), %s to %s"):format(me.display_name,
	me.handle, cop.date(since, "!%Y-%m-%d"), cop.date(untl - 1, "!%Y-%m-%d")))
local quiet = true
for community in store:communities() do
	local ms = community:membership(me)
	if ms and ms.status == "active" then
		local lines, replies = {}, 0
		for t in community:threads() do
			if t.last_activity < since and t.state ~= "pinned" then break end
			if t.created < untl then
				local new, answers = 0, 0
				for c in t:contributions() do
					if c.kind == "answer" then answers = answers + 1 end
					if c.created >= since and c.created < untl then
						new = new + 1
						if mine[c.reply_to] and c.author_id ~= me.id then
							replies = replies + 1
						end
					end
				end
				if new > 0 then
					lines[#lines + 1] = ("  %-40.40s %3d new"):format(t.title, new)
				end
				if t.kind == "question" and answers == 0 then
					lines[#lines + 1] = "  waiting for an answer: " .. t.title
				end
			end
		end
		if replies > 0 then
			lines[#lines + 1] = ("  %d repl%s to you"):format(replies,
				replies == 1 and "y" or "ies")
		end
		-- how the member was recognised: kudos received, newest first
		for k in store:kudos(community, me) do
			if k.created < since then break end
			if k.created < untl then
				local from = k.from_id and store:member(k.from_id)
				lines[#lines + 1] = ("  kudos from @%s: %s"):format(
					from and from.handle or "system", k.message)
			end
		end
		if #lines > 0 then
			quiet = false
			print()
			print(("%s  (you: %s)"):format(community.name, ms.role))
			print(table.concat(lines, "\n"))
		end
	end
end
if quiet then print() print("A quiet week.") end
print()
print(("You wrote %d contribution%s this week."):format(own, own == 1 and "" or "s"))
store:close()
