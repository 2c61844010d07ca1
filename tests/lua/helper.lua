--- Helpers of the busted suite of libcop's Lua bindings (tests/lua).
-- Run by `make check` (bindings/bindings.am): LUA_PATH and LUA_CPATH
-- point at the modules of the build tree, COP_EXAMPLES at examples/.
local cop = require "cop"

local helper = {}

--- The time the fixtures fix the store's clock at (as the C suites do).
helper.T0 = 1700000000000

local schemas = 0

--- Where helper.store() opens a fresh store: an in-memory SQLite store, or
-- with COP_TEST_URI=postgresql://... (as for the C suites) a fresh schema
-- in that database, dropped when the store is closed (or collected).
function helper.uri()
	local u = os.getenv("COP_TEST_URI") or ""
	if u:match("^postgresql://") or u:match("^postgres://") then
		schemas = schemas + 1
		return string.format("%s%scop_schema=lua%d_%d&cop_schema_drop=1",
			u, u:find("?", 1, true) and "&" or "?",
			math.random(1, 999999999), schemas)
	end
	return ":memory:"
end

--- A fresh store (see helper.uri()), its clock at T0.
function helper.store()
	local s = assert(cop.open(helper.uri(), {system = true}))
	assert(s:set_time(helper.T0))
	return s
end

--- A small community of practice: four members, a public community owned
-- by ama (kofi a member, esi a facilitator), an invite-only one and a
-- private one of ama's, a question by kofi with an answer by esi.
function helper.world()
	local w = {}
	local s = helper.store()
	w.store = s
	w.ama = assert(s:create_member("ama", "Ama Mensah",
		{organisation = "MoFA", languages = "en tw"}))
	w.kofi = assert(s:create_member("kofi", "Kofi Boateng"))
	w.esi = assert(s:create_member("esi", "Esi Owusu", {languages = {"en", "fr"}}))
	w.yaw = assert(s:create_member("yaw", "Yaw Darko"))
	assert(s:acting_as(w.ama, function()
		w.hub = assert(s:create_community("ksghana", "KSGhana",
			{purpose = "Knowledge sharing"}))
		w.club = assert(s:create_community("club", "Club",
			{visibility = "invite-only"}))
		w.secret = assert(s:create_community("secret", "Secret",
			{visibility = "private"}))
		return true
	end))
	assert(w.hub:join(w.kofi, {pledged_hours = 2}))
	assert(w.hub:join(w.esi))
	assert(w.hub:set_role(w.esi, "facilitator"))
	assert(s:set_actor(w.kofi))
	w.question = assert(w.hub:create_thread("How do we share notes?",
		"Where do workshop notes go?",
		{kind = "question", tags = {"notes", "Workshops"}}))
	assert(s:set_actor(w.esi))
	w.answer = assert(w.question:reply("In the shared drive.", {kind = "answer"}))
	assert(s:act_as_system())
	return w
end

--- The values of a listing's field, in order.
-- Assert that a call failed with the error named @want (nil, message,
-- code); returns the message.
function helper.fails(want, v, msg, code)
	local check = require "luassert"
	check.is_nil(v)
	check.are.equal(require("cop").errors[want], code, msg)
	return msg
end

function helper.collect(listing, field)
	local t = {}
	for item in listing do t[#t + 1] = field and item[field] or item end
	return t
end

--- Where examples/ is.
function helper.examples()
	return os.getenv("COP_EXAMPLES") or "examples"
end

--- The Lua interpreter running the tests (the one configure chose).
function helper.lua()
	return os.getenv("COP_LUA") or "lua5.4"
end

--- Run a shell command; its output and whether it succeeded.
function helper.run(cmd)
	local f = assert(io.popen(cmd .. " 2>&1", "r"))
	local out = f:read("a")
	local ok, _, code = f:close()
	return out, ok == true, code
end

--- A file name for a store in a fresh temporary directory.
function helper.tmpdb()
	local name = os.tmpname()
	os.remove(name)
	return name .. ".db"
end

--- Quote a string for the shell.
function helper.q(s)
	return "'" .. s:gsub("'", "'\\''") .. "'"
end

--- One round of the leak tests: open, use every kind of object, listing
-- and error, close.  Returns a listing left open (closed by close()).
function helper.work(i, path)
	local s = assert(cop.open(path, {system = true}))
	assert(s:set_time(1700000000000 + i))
	local ms = {}
	for k = 1, 4 do
		ms[k] = assert(s:create_member(("m%d-%d"):format(i, k), "Member",
			{organisation = "Org", languages = {"en"}}))
	end
	assert(s:set_actor(ms[1]))
	local c = assert(s:create_community("c" .. i, "Community", {purpose = "p"}))
	assert(s:act_as_system())
	for k = 2, 4 do assert(c:join(ms[k], {pledged_hours = 2})) end
	assert(c:set_role(ms[2], "facilitator"))
	assert(s:set_actor(ms[3]))
	local t = assert(c:create_thread("Question " .. i, "How?",
		{kind = "question", tags = {"a", "b"}}))
	assert(s:set_actor(ms[2]))
	local a = assert(t:reply("Like this.", {kind = "answer"}))
	assert(a:edit("Like this, really.", {comment = "more"}))
	assert(a:reply("A comment"))
	assert(s:act_as_system())
	for _ in a:revisions() do end
	for _ in s:contributions(t) do end
	for _ in s:contributions_by(ms[2]) do end
	for _ in c:memberships{limit = 2} do end
	for _ in s:threads(c) do end
	for _ in s:communities() do end
	for _ in s:log{limit = 5} do end
	for _ in s:search("really") do end
	assert(s:stats())
	assert(c:stats())
	assert(not s:member_by_handle("nobody"))
	assert(not s:create_member(ms[1].handle, "again"))
	assert(not s:community("nosuch"))
	pcall(s.members, s, {after = "bad"})
	pcall(s.create_community, s, "c", "C", {visibility = "odd"})
	assert(s:batch(function(st) assert(st:create_member("b" .. i, "B")) end))
	pcall(s.batch, s, function(st)
		assert(st:create_member("x" .. i, "X"))
		error("stop")
	end)
	local half = s:members()            -- left open: close() frees it
	assert(half())
	local dropped = s:members()         -- dropped half-way: the GC frees it
	assert(dropped())
	dropped = nil
	for _ in s:members{limit = 2} do break end
	s:close()
	return half
end

return helper
