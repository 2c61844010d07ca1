-- The generated module copc (cop.raw): every function of the C API is
-- reachable, the typemaps behave as bindings/cop.i says.
local cop = require "cop"
local raw = cop.raw

local function header_functions()
	local src = os.getenv("COP_SRCDIR") or "."
	local inc = src .. "/include/cop/"
	local f = assert(io.open(inc .. "cop.h"))
	local umbrella = f:read("a")
	f:close()
	local fns = {}
	for h in umbrella:gmatch('#include "([%w_/]+%.h)"') do
		local hf = assert(io.open(inc .. h))
		local text = hf:read("a"):gsub("\n%s*", " ")
		hf:close()
		for name, params in text:gmatch("COP_EXTERN%b()%s*%**%s*(cop_[%w_]+)%s*(%b())%s*;") do
			fns[name] = params:sub(2, -2)
		end
	end
	return fns
end

describe("copc", function()
	it("reaches every function of the headers", function()
		local missing, n = {}, 0
		for name, params in pairs(header_functions()) do
			n = n + 1
			local getter = params:match("^const ") and not params:find(",")
				and params:find("*", 1, true)
			local want = getter and ("get_" .. name) or name
			if type(raw[want]) ~= "function" then
				missing[#missing + 1] = want
			end
		end
		assert.truthy(n > 100)
		assert.are.same({}, missing)
	end)

	it("returns true, values, objects, nil at the end", function()
		local s = assert(raw.cop_open(":memory:", {flags = raw.COP_OPEN_SYSTEM}))
		assert.is_true(raw.cop_store_act_as_system(s))
		assert.are.equal(0, raw.get_cop_errcode(s))
		local m = assert(raw.cop_member_create(s, "ama", "Ama", nil, nil))
		assert.are.equal("cop_member", getmetatable(m)[".type"])
		assert.are.equal("ama", raw.get_cop_member_handle(m))
		assert.are.equal("active", raw.get_cop_member_status_get(m))
		local it = assert(raw.cop_member_iter_new(s, nil))
		assert.is_not_nil(raw.cop_member_iter_next(it))
		assert.is_nil(raw.cop_member_iter_next(it))
		assert.are.equal(1, raw.cop_log_last_seq(s))
		assert.are.equal("integer", math.type(raw.cop_log_last_seq(s)))
		assert.are.equal("integer", math.type(raw.cop_store_now(s)))
		assert.are.equal("integer", math.type(raw.get_cop_member_created(m)))
		assert.are.equal("owner", raw.cop_role_name(4))
		assert.are.equal("owner", raw.cop_role_name("owner"))
		assert.are.equal("core", raw.cop_role_parse("core"))
		local id = assert(raw.cop_id_parse(raw.get_cop_member_id(m)))
		assert.are.equal(raw.get_cop_member_id(m), raw.cop_id_format(id))
		assert.are.equal(0, raw.get_cop_id_is_nil(id))
		local st = assert(raw.cop_stats_lookup(s, nil))
		assert.are.equal(1, st.members)
		assert.are.equal("integer", math.type(raw.cop_alloc_count()))
		local none, msg, code = raw.cop_id_parse("nope")
		assert.is_nil(none)
		assert.are.equal(raw.COP_EINVAL, code)
		assert.are.equal(raw.cop_strerror(raw.COP_EINVAL), msg)
		raw.cop_close(s)
	end)

	it("checks its arguments", function()
		local s = assert(raw.cop_open(":memory:", {flags = raw.COP_OPEN_SYSTEM}))
		assert.has_error(function() raw.get_cop_member_handle(nil) end,
			"in get_cop_member_handle: argument 1 may not be nil")
		assert.has_error(function()
			raw.cop_member_create(nil, "a", "A", nil, nil)
		end)
		assert.has_error(function() raw.get_cop_member_handle(s) end)
		assert.has_error(function() raw.cop_member_iter_new(s, {colour = 1}) end)
		assert.has_error(function() raw.cop_member_iter_new(s, {limit = "x"}) end)
		assert.has_error(function() raw.cop_open(":memory:", {readonly = true}) end)
		assert.has_error(function() raw.cop_store_set_time(s, 1.5) end)
		assert.has_error(function() raw.cop_role_name({}) end)
		raw.cop_close(s)
	end)
end)
