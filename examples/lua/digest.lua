#!/usr/bin/env lua5.4
--- Print a member's weekly digest.
--
--     lua5.4 digest.lua DB HANDLE [UNTIL_MS]
--
-- A thin caller of libcop's digests (docs/digest.md): the store is read
-- as the member, over the seven days before UNTIL_MS (UTC milliseconds;
-- default now): the threads created, the questions waiting for an
-- answer, the answers accepted, the most helpful contributions, new
-- summaries, kudos and badges, of what the member may see.
local cop = require "cop"

local db, handle = arg[1], arg[2]
if not db or not handle then
	io.stderr:write("usage: digest.lua DB HANDLE [UNTIL_MS]\n")
	os.exit(2)
end
local store, err = cop.open(db, {readonly = true, create = false, system = true})
if not store then
	io.stderr:write("digest: ", err, "\n")
	os.exit(1)
end
local me, msg = store:member_by_handle(handle)
if not me then   -- the library names no handle: say which
	io.stderr:write("digest: ", handle, ": ", msg, "\n")
	os.exit(1)
end
assert(store:set_actor(me))

local untl = tonumber(arg[3]) or os.time() * 1000
local d, dmsg = store:digest{member = me, period = "week",
	since = untl - 7 * 24 * 3600 * 1000, ["until"] = untl}
if not d then
	io.stderr:write("digest: ", dmsg, "\n")
	os.exit(1)
end
io.write(assert(d:render("text")))
store:close()
