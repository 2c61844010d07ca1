-- Listings: generic for, cursors and paging, closing.
local cop = require "cop"
local helper = require "helper"

local s
before_each(function()
	s = helper.store()
	for i = 0, 22 do
		assert(s:create_member(string.format("m%02d", i), "Member " .. i))
	end
end)
after_each(function() s:close() end)

local function pages(fetch, size)
	local out, after = {}, nil
	while true do
		local l = fetch{after = after, limit = size}
		local n = 0
		for item in l do
			out[#out + 1] = item
			n = n + 1
		end
		if n < size then return out end
		after = l:cursor()
	end
end

describe("listings", function()
	it("work with a generic for", function()
		local n = 0
		for m in s:members() do
			n = n + 1
			assert.are.equal(getmetatable(m), cop.Member)
		end
		assert.are.equal(23, n)
	end)

	it("can be called by hand and end with nil", function()
		local l = s:members{limit = 2}
		assert.are.equal("m00", l().handle)
		assert.are.equal("m01", l().handle)
		assert.is_nil(l())
		assert.is_nil(l())
		assert.truthy(l:cursor():match("m01$"))
	end)

	it("page through everything once", function()
		local whole = helper.collect(s:members(), "handle")
		for _, size in ipairs{1, 5, 10, 23, 50} do
			local got = {}
			for _, m in ipairs(pages(function(o) return s:members(o) end, size)) do
				got[#got + 1] = m.handle
			end
			assert.are.same(whole, got)
		end
	end)

	it("keep cursors across a reopen", function()
		local path = helper.tmpdb()
		local f = assert(cop.open(path, {system = true}))
		for i = 0, 5 do assert(f:create_member("x" .. i, "X")) end
		local l = f:members{limit = 3}
		for _ in l do end
		local cursor = l:cursor()
		f:close()
		f = assert(cop.open(path, {system = true}))
		assert.are.same({"x3", "x4", "x5"},
			helper.collect(f:members{after = cursor}, "handle"))
		f:close()
		os.remove(path)
	end)

	it("start from a cursor", function()
		local first = s:members{limit = 2}
		for _ in first do end
		local l = s:members{after = first:cursor()}
		assert.are.equal(first:cursor(), l:cursor())
		assert.are.equal("m02", l().handle)
	end)

	it("reject bad cursors", function()
		local v, msg, code = s:members{after = "garbage"}
		assert.is_nil(v)
		assert.truthy(msg)
		assert.are.equal(cop.errors.InvalidArgument, code)
		-- an integer from 0 is the option's type: rule 2, raised
		assert.has_error(function() s:members{limit = -1} end)
		assert.has_error(function() s:members{colour = "red"} end)
	end)

	it("are closed when a for loop is left early", function()
		local kept
		for m in s:members() do kept = m break end
		assert.are.equal("m00", kept.handle)
		assert.is_nil(next(s._listings))    -- closed by the for
		local l = s:members()
		for _ in l, nil, nil, l do break end
		assert.is_nil(l())
		assert.truthy(l:cursor():match("m00$"))
	end)

	it("close and collect", function()
		local l = s:members()
		assert(l())
		l:close()
		-- cut short: nil, message, code (issue 21), not a quiet end
		local v, msg, code = l()
		assert.is_nil(v)
		assert.truthy(msg:match("closed before its end"))
		assert.are.equal(cop.errors.InvalidArgument, code)
		l:close()
		local done = s:members{limit = 1}
		assert(done())
		assert.is_nil(done())                -- its end: over, quietly
		done:close()
		assert.is_nil(select(2, done()))
		local t = s:members{limit = 4}:totable()
		assert.are.equal(4, #t)
	end)

	it("run side by side and while writing", function()
		local a, b = s:members(), s:members()
		for i = 1, 23 do assert.are.equal(a(), b()) end
		for m in s:members{limit = 3} do
			assert(m:update{display_name = m.display_name .. "!"})
		end
		assert.truthy(assert(s:member_by_handle("m00")).display_name:match("!$"))
	end)

	it("of every kind page", function()
		local w = helper.world()
		local st = w.store
		for i = 1, 7 do
			assert(w.question:reply("reply " .. i))
			assert(w.hub:create_thread("T" .. i, "body"))
		end
		local fetchers = {
			function(o) return st:communities(o) end,
			function(o) return st:memberships(w.hub, o) end,
			function(o) return st:threads(w.hub, o) end,
			function(o) return st:contributions(w.question, o) end,
			function(o) return st:contributions_by(w.kofi, o) end,
			function(o) return st:log(o) end,
		}
		for _, fetch in ipairs(fetchers) do
			local whole = helper.collect(fetch())
			assert.truthy(#whole > 0)
			for _, size in ipairs{1, 2, 3} do
				local paged = pages(fetch, size)
				assert.are.equal(#whole, #paged)
				for i = 1, #whole do assert.are.equal(whole[i], paged[i]) end
			end
		end
		assert.is_nil(st:revisions(w.answer):cursor())
		st:close()
	end)
end)
