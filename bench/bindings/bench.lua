--- bench/bindings/bench.lua: the Lua side of `make bench-bindings`.
--
-- Times, on an in-memory store with one member, a simple read
-- (store:member(id).handle) and a simple write (store:update_member()),
-- through the idiomatic module cop and through copc, and prints
-- nanoseconds per call, best of the runs:
--
--     lua5.4 bench.lua [ITERATIONS [RUNS]]
local cop = require "cop"
local raw = cop.raw
local clock = os.clock

local iterations = tonumber(arg[1]) or 20000
local runs = tonumber(arg[2]) or 5

local store = assert(cop.open(":memory:", {system = true}))
local id = assert(store:create_member("ama", "Ama Mensah")).id
local p = store._p
local names = {"Ama", "Ama Mensah"}

local function time(fn)
	collectgarbage()
	local t0 = clock()
	fn()
	return (clock() - t0) * 1e9 / iterations
end

local loops = {
	read = function()
		for _ = 1, iterations do
			local _ = store:member(id).handle
		end
	end,
	write = function()
		for i = 1, iterations do
			assert(store:update_member(id, {display_name = names[i % 2 + 1]}))
		end
	end,
	raw_read = function()
		local get, handle = raw.cop_member_lookup, raw.get_cop_member_handle
		for _ = 1, iterations do
			local _ = handle(get(p, id))
		end
	end,
	raw_write = function()
		local update = raw.cop_member_update
		for i = 1, iterations do
			assert(update(p, id, names[i % 2 + 1], nil, nil))
		end
	end,
}

-- Each run times every loop in turn; the best of each is kept.
local results = {}
for _ = 1, runs do
	for _, k in ipairs{"read", "raw_read", "write", "raw_write"} do
		local t = time(loops[k])
		if not results[k] or t < results[k] then results[k] = t end
	end
end
for _, k in ipairs{"read", "write", "raw_read", "raw_write"} do
	print(("%s %.1f"):format(k, results[k]))
end
store:close()
