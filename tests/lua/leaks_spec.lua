-- Leaks: a loop of open, work and close (helper.work) shows no growth in
-- memory: the resident size of this process, Lua's own heap
-- (collectgarbage "count"), and, under valgrind, not one C object left
-- unfreed at the end.
local helper = require "helper"

local function rss()
	local f = io.open("/proc/self/statm")
	if not f then return 0 end
	local pages = f:read("a"):match("^%d+%s+(%d+)")
	f:close()
	return tonumber(pages) * 4096
end

local function lua_kb()
	collectgarbage()
	collectgarbage()
	return collectgarbage("count")
end

local work = helper.work

-- The growth after the first batch of rounds is the smaller of two
-- batches': a leak grows every batch, while the allocator's arenas move
-- the resident size by some pages either way (a file's loop once grew
-- 72 KiB after shrinking 48 KiB, in a distcheck run).
local function measure(path, rounds)
	local n = 0
	for _ = 1, 50 do n = n + 1; work(n, path) end     -- warm-up
	local r0, l0 = rss(), lua_kb()
	for _ = 1, rounds do n = n + 1; work(n, path) end
	local r1, l1 = rss(), lua_kb()
	for _ = 1, rounds do n = n + 1; work(n, path) end
	local r2, l2 = rss(), lua_kb()
	for _ = 1, rounds do n = n + 1; work(n, path) end
	local r3, l3 = rss(), lua_kb()
	local g = {rss_first = r1 - r0, rss = math.min(r2 - r1, r3 - r2),
		lua_kb = math.min(l2 - l1, l3 - l2)}
	print(("\n%s, %d rounds thrice: rss %+d, %+d, %+d bytes, Lua heap %+.1f KB")
		:format(path, rounds, g.rss_first, r2 - r1, r3 - r2, g.lua_kb))
	return g
end

local sanitized = os.getenv("COP_TEST_SANITIZED")

describe("a loop of open, work and close", function()
	it("does not grow memory (in memory)", function()
		if sanitized then
			pending("a sanitizer build: ASan's quarantine holds freed memory")
			return
		end
		local g = measure(":memory:", 500)
		assert.truthy(g.rss < 64 * 1024, ("rss grew %d bytes"):format(g.rss))
		assert.truthy(g.lua_kb < 64, ("Lua heap grew %.1f KB"):format(g.lua_kb))
	end)

	it("does not grow memory (with a file)", function()
		if sanitized then
			pending("a sanitizer build: ASan's quarantine holds freed memory")
			return
		end
		local path = os.tmpname()
		os.remove(path)
		path = path .. ".db"
		local g = measure(path, 150)
		os.remove(path)
		os.remove(path .. "-wal")
		os.remove(path .. "-shm")
		assert.truthy(g.rss < 64 * 1024, ("rss grew %d bytes"):format(g.rss))
		assert.truthy(g.lua_kb < 64, ("Lua heap grew %.1f KB"):format(g.lua_kb))
	end)
end)

describe("under valgrind", function()
	it("every C object is freed", function()
		local vg = helper.run("command -v valgrind")
		if vg == "" or sanitized then
			pending("no valgrind (or a sanitizer build)")
			return
		end
		local out, ok = helper.run("valgrind -q --error-exitcode=99 " ..
			"--leak-check=full --show-leak-kinds=definite,indirect " ..
			"--errors-for-leak-kinds=definite,indirect " ..
			helper.lua() .. " -e " .. helper.q([[
				local helper = require "helper"
				local kept = {}
				for i = 1, 8 do kept[i] = helper.work(i, ":memory:") end
				print("done")
			]]))
		assert.is_true(ok, out)
		assert.truthy(out:find("done", 1, true), out)
	end)
end)
