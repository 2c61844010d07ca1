-- Errors: the table of status codes; nil, message, code from every call
-- the library refuses (listing constructors too); raised: misuse Lua
-- would reject and errors while a listing runs (bindings/README.md).
local cop = require "cop"
local helper = require "helper"

local function error_table()
	local src = os.getenv("COP_SRCDIR") or "."
	local f = assert(io.open(src .. "/include/cop/errors.h"))
	local text = f:read("a")
	f:close()
	local rows = {}
	for name, value, cls, msg in text:gmatch(
	    'X%((COP_[%w_]+),%s*(%-?%d+),%s*"(%w+)",%s*"([^"]*)"%)') do
		rows[#rows + 1] = {name = name, value = tonumber(value), cls = cls,
			msg = msg}
	end
	assert(#rows >= 15)
	return rows
end

describe("cop.errors", function()
	it("names every status code of COP_ERROR_TABLE, both ways", function()
		for _, row in ipairs(error_table()) do
			assert.are.equal(row.value, cop.errors[row.cls])
			assert.are.equal(row.cls, cop.errors[row.value])
			assert.are.equal(row.msg, cop.raw.messages[row.value])
			assert.are.equal(row.msg, cop.strerror(row.value))
			assert.are.equal(row.name, cop.error_name(row.value))
			assert.are.equal(row.value, cop.raw[row.name])
		end
		assert.are.equal("unknown error", cop.strerror(-999))
		assert.is_nil(cop.error_name(-999))
	end)
end)

describe("failures", function()
	local w, s
	before_each(function() w = helper.world(); s = w.store end)
	after_each(function() s:close() end)

	local function fails(want, ...)
		local v, msg, code = ...
		assert.is_nil(v)
		assert.are.equal(cop.errors[want], code)
		assert.are.equal(s:errmsg(), msg)
		assert.are_not.equal("no error", msg)
	end

	it("refuse a string holding a NUL, which C would cut", function()
		local before = s:stats().members
		local v, msg, code = s:create_member("zed\0x", "Zed")
		assert.is_nil(v)
		assert.are.equal(cop.errors.InvalidArgument, code)
		assert.truthy(msg:find("NUL", 1, true))
		v, msg, code = s:create_member("zed", "Z\0ed")
		assert.is_nil(v)
		assert.are.equal(cop.errors.InvalidArgument, code)
		assert.are.equal(before, s:stats().members)
		assert(s:create_member("zed", "Zed"))
		assert.are.equal(before + 1, s:stats().members)
	end)

	it("give nil, the library's message and the code", function()
		fails("NotFound", s:community("nosuch"))
		fails("AlreadyExists", s:create_member("ama", "Ama"))
		fails("InvalidArgument", s:create_member("no spaces", "x"))
		fails("TooBig", s:create_member("zed", string.rep("z", 201)))
		s:set_actor(w.kofi)
		fails("PermissionDenied", s:create_member("zed", "Zed"))
		s:act_as_system()
		assert(s:begin())
		fails("Busy", s:begin())
		assert(s:rollback())
	end)

	it("include running out of memory", function()
		cop.raw.cop_alloc_fail_at(1, 1)
		local m, msg, code = s:create_member("zed", "Zed")
		local failures = cop.raw.cop_alloc_failures()
		cop.raw.cop_alloc_fail_at(0, 0)
		assert.is_nil(m)
		assert.are.equal(cop.errors.OutOfMemory, code)
		assert.truthy(failures >= 1)
		assert.truthy(msg:match("memory"))
		assert(s:create_member("zed", "Zed"))
	end)

	it("give nil, message, code from listing constructors too", function()
		-- rule 1 (bindings/README.md, "Lua: errors"): a listing the
		-- library refuses to start is an answer, not a raise
		fails("NotFound", s:threads("nosuch"))
		fails("InvalidArgument", s:members{after = "garbage"})
		fails("InvalidArgument", s:search("   "))
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:requests(w.hub))
		assert(s:act_as_system())
		local v, msg, code = w.hub:threads{after = "garbage"}
		assert.is_nil(v)
		assert.are.equal(cop.errors.InvalidArgument, code)
		assert.are.equal(s:errmsg(), msg)
		-- a closed store: the same, with the binding's message
		local s2 = assert(cop.open(":memory:", {system = true}))
		s2:close()
		v, msg, code = s2:members()
		assert.is_nil(v)
		assert.are.equal("the store is closed", msg)
		assert.are.equal(cop.errors.InvalidArgument, code)
	end)

	it("raise cop.Error objects through cop.check", function()
		local ok, e = pcall(function()
			for _ in cop.check(s:threads("nosuch")) do end
		end)
		assert.is_false(ok)
		assert.is_true(cop.is_error(e))
		assert.are.equal(cop.errors.NotFound, e.code)
		assert.are.equal("NotFound", e.name)
		-- What is not there is not named (docs/privacy.md).
		assert.truthy(tostring(e):match("no such community"))
		-- on success cop.check passes the listing's four values on: the
		-- for closes the listing when left early
		for _ in cop.check(s:members()) do break end
		assert.is_nil(next(s._listings))
	end)

	it("raise for what Lua itself would reject (rule 2)", function()
		assert.has_error(function() s:members{colour = "red"} end)
		assert.has_error(function() s:members("all") end)
		assert.has_error(function() s:members{limit = -1} end)
		assert.has_error(function() w.ama.handle = "x" end)
	end)

	it("raise while iterating, with the store's message", function()
		for i = 1, 5 do assert(s:create_member("m" .. i, "M")) end
		local l = s:members()
		assert(l())
		cop.raw.cop_alloc_fail_at(1, 1)
		local ok, e = pcall(function() for _ in l do end end)
		cop.raw.cop_alloc_fail_at(0, 0)
		assert.is_false(ok)
		assert.are.equal("OutOfMemory", e.name)
		assert.is_nil(l())                  -- closed after the error
	end)

	it("cop.check raises for nil, message, code", function()
		local ok, e = pcall(function() return cop.check(s:community("nosuch")) end)
		assert.is_false(ok)
		assert.are.equal("NotFound", e.name)
		assert.are.equal(w.hub, cop.check(s:community("ksghana")))
	end)

	it("bad names for enum values raise", function()
		assert.has_error(function()
			s:create_community("c", "C", {visibility = "secretive"})
		end)
	end)
end)

describe("what the actor may not see", function()
	it("fails as what is not there, naming no id", function()
		local w = helper.world()
		local s = w.store
		local t = assert(s:acting_as(w.ama, function()
			return w.secret:create_thread("Plans", "Quiet ones")
		end))
		local post = helper.collect(t:contributions(), "id")[1]
		local none = "0badc0de-0000-4000-8000-00000000beef"
		assert(s:set_actor(w.kofi))
		for _, case in ipairs({{s.thread, t.id}, {s.contribution, post},
				{s.community, "secret", "nosuch"}}) do
			local v1, m1, c1 = case[1](s, case[2])
			local v2, m2, c2 = case[1](s, case[3] or none)
			assert.is_nil(v1)
			assert.is_nil(v2)
			assert.are.equal(cop.errors.NotFound, c1)
			assert.are.equal(c2, c1)
			assert.are.equal(m2, m1)
			assert.is_nil(m1:find(t.id, 1, true))
			assert.is_nil(m1:find(post, 1, true))
		end
	end)
end)
