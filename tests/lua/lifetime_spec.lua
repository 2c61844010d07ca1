-- Lifetime: handles are freed by the garbage collector and by close();
-- objects keep their store open; closing in any order never dangles.
local cop = require "cop"
local helper = require "helper"

local function gc()
	collectgarbage()
	collectgarbage()
end

describe("lifetime", function()
	it("objects keep their store open", function()
		local s = helper.store()
		local weak = setmetatable({s}, {__mode = "v"})
		local m = assert(s:create_member("ama", "Ama"))
		local l = s:members()
		s = nil
		gc()
		assert.is_not_nil(weak[1])
		assert.are.equal("ama", l().handle)
		assert(m:update{display_name = "Still here"})
		assert.are.equal("Still here", m.display_name)
		m, l = nil, nil
		gc()
		assert.is_nil(weak[1])
	end)

	it("closing the store closes its listings", function()
		local s = helper.store()
		for _, h in ipairs{"a", "b", "c"} do assert(s:create_member(h, h)) end
		local l = s:members()
		assert.are.equal("a", l().handle)
		s:close()
		assert.is_nil(l())
		assert.truthy(l:cursor():match(":a$"))
	end)

	it("objects stay readable after the store is closed", function()
		local s = helper.store()
		local m = assert(s:create_member("ama", "Ama"))
		s:close()
		assert.are.equal("ama", m.handle)
		local ok, msg = m:update{display_name = "x"}
		assert.is_nil(ok)
		assert.truthy(msg:match("closed"))
	end)

	it("an explicit close frees an object once", function()
		local s = helper.store()
		local m = assert(s:create_member("ama", "Ama"))
		m:close()
		m:close()
		assert.has_error(function() return m.handle end)
		gc()
		s:close()
	end)

	it("listings and stores can go in any order", function()
		for _, order in ipairs{"listing", "store", "both"} do
			local s = helper.store()
			assert(s:create_member("ama", "Ama"))
			local l = s:members()
			assert(l())
			if order == "listing" then
				l = nil
				gc()
				s:close()
			elseif order == "store" then
				s = nil
				gc()
				l = nil
				gc()
			else
				s, l = nil, nil
				gc()
			end
		end
	end)

	it("many open listings, then close", function()
		local s = helper.store()
		assert(s:create_member("ama", "Ama"))
		local ls = {}
		for i = 1, 50 do
			ls[i] = s:members()
			if i % 2 == 0 then assert(ls[i]()) end
		end
		s:close()
		for _, l in ipairs(ls) do assert.is_nil(l()) end
	end)

	it("the raw free disowns", function()
		local raw = cop.raw
		local st = assert(raw.cop_open(":memory:", {flags = raw.COP_OPEN_SYSTEM}))
		local m = assert(raw.cop_member_create(st, "ama", "Ama", nil, nil))
		raw.cop_member_free(m)
		m = nil
		gc()
		raw.cop_close(st)
		st = nil
		gc()
	end)

	it("a Lua state closed with live handles frees them", function()
		local out, ok = helper.run(helper.lua() .. " -e " .. helper.q([[
			local cop = require "cop"
			local s = assert(cop.open(":memory:", {system = true}))
			for _, h in ipairs{"a", "b", "c"} do assert(s:create_member(h, h)) end
			local l = s:members()
			assert(l())
			local m = assert(s:member_by_handle("b"))
			local other = assert(cop.open(":memory:", {system = true}))
			local l2 = other:members()
			print("ok")
		]]))
		assert.is_true(ok, out)
		assert.are.equal("ok\n", out)
	end)
end)
