#!/usr/bin/env lua5.4
--- A moderation pass over the change log.
--
--     lua5.4 moderate.lua DB [HANDLE] [AFTER_SEQ]
--
-- Every contribution created or edited after AFTER_SEQ (default 0) is
-- checked for banned words and for too many links; a thread whose first
-- post breaks a rule is hidden, a member with two strikes in a community
-- is silenced.  Runs as HANDLE (a facilitator or owner; default: the
-- system) and prints the sequence number to start the next pass from.
local cop = require "cop"

local WORDS = {"spam", "scam", "casino"}
local MAX_LINKS = 2

local db, handle, after = arg[1], arg[2], tonumber(arg[3]) or 0
if not db then
	io.stderr:write("usage: moderate.lua DB [HANDLE] [AFTER_SEQ]\n")
	os.exit(2)
end
local store = cop.check(cop.open(db, {create = false, system = true}))
if handle and handle ~= "" then
	cop.check(store:set_actor(cop.check(store:member_by_handle(handle))))
end

local function broken_rules(body)
	local why, text = {}, body:lower()
	for _, w in ipairs(WORDS) do
		if text:find("%f[%w]" .. w .. "%f[%W]") then
			why[#why + 1] = "banned word '" .. w .. "'"
		end
	end
	local _, links = text:gsub("https?://", "")
	if links > MAX_LINKS then why[#why + 1] = links .. " links" end
	return why
end

local strikes, seen, actions, last = {}, {}, 0, after
for entry in store:log{after_seq = after} do
	last = entry.seq
	local c
	if entry.op == "thread.create" then
		local t = store:thread(entry.object_id)
		c = t and t:contributions{limit = 1}()
	elseif entry.op == "contribution.create" or entry.op == "contribution.edit" then
		c = store:contribution(entry.object_id)
	end
	if c and not seen[c.id] then
		seen[c.id] = true
		local why = broken_rules(c.body)
		if #why > 0 then
			local who = c.author_id and store:member(c.author_id).handle or "(system)"
			print(("#%d %s by %s: %s"):format(entry.seq, c.kind, who,
				table.concat(why, ", ")))
			if c.kind == "post" then
				print(("   hide thread '%s'"):format(c:thread().title))
				local ok, msg = store:set_thread_state(c.thread_id, "hidden")
				if ok then actions = actions + 1 else print("   not allowed: " .. msg) end
			end
			if c.author_id then
				local key = c.community_id .. "/" .. c.author_id
				strikes[key] = (strikes[key] or 0) + 1
				if strikes[key] == 2 then
					print(("   silence %s (second strike)"):format(who))
					local ok, msg = store:set_membership_status(c.community_id,
						c.author_id, "silenced")
					if ok then actions = actions + 1 else print("   not allowed: " .. msg) end
				end
			end
		end
	end
end
print(("%d action%s; next pass: after %d"):format(actions,
	actions == 1 and "" or "s", last))
store:close()
