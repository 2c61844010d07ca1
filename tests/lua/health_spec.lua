-- The health scorecard's thresholds, the report's pages and the
-- comparison (docs/health-scorecard.md), on the hand-written report of
-- tests/data/health/report.json.
local cop = require "cop"
local helper = require "helper"
local fails = helper.fails

local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
local function report_text()
	local f = assert(io.open(here .. "/../data/health/report.json", "rb"))
	local t = f:read("a")
	f:close()
	return t
end

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

describe("health", function()
	it("keeps a community's thresholds", function()
		local names = cop.health_indicators()
		assert.are.equal(17, #names)
		assert.are.equal("active_members", names[1])
		assert(s:set_actor(w.kofi))
		local good, poor = s:health_threshold(w.hub, "answered_share")
		assert.are.equal(0.8, good)
		assert.are.equal(0.5, poor)
		fails("PermissionDenied",
			s:set_health_threshold(w.hub, "answered_share", 0.7, 0.4))
		assert(s:set_actor(w.esi))
		local msg = fails("InvalidArgument",
			s:set_health_threshold(w.hub, "languages", 1, 0))
		assert.truthy(msg:find("unknown indicator", 1, true))
		fails("InvalidArgument",
			s:set_health_threshold(w.hub, "answered_share", 0.4, 0.7))
		assert(s:set_health_threshold(w.hub, "answered_share", 0.7, 0.4))
		assert(s:set_actor(w.kofi))
		good, poor = s:health_threshold(w.hub, "answered_share")
		assert.are.equal(0.7, good)
		assert.are.equal(0.4, poor)
		assert(s:act_as_system())
		assert(s:reset_health_threshold(w.hub))
		good = s:health_threshold(w.hub, "answered_share")
		assert.are.equal(0.8, good)
	end)

	it("renders a report as text and HTML", function()
		local text = assert(cop.health_render(report_text()))
		assert.truthy(text:find("Health of Brewers <script>", 1, true))
		assert.truthy(text:find("  Newcomer retention              no data\n",
			1, true))
		local page = assert(cop.health_render(report_text(), "html"))
		assert.is_nil(page:find("<script", 1, true))
		assert.truthy(page:find("Brewers &lt;script&gt;", 1, true))
		local charts = select(2, page:gsub('<svg class="chart"', ""))
		assert.are.equal(4, charts)
	end)

	it("refuses what is not a report", function()
		local msg = fails("InvalidArgument", cop.health_render("{", "text"))
		assert.truthy(msg:find("not JSON", 1, true))
		msg = fails("InvalidArgument", cop.health_render("{}", "pdf"))
		assert.truthy(msg:find('unknown report format "pdf"', 1, true))
	end)

	it("compares the communities it sees", function()
		local text = assert(s:health_compare())
		assert.truthy(text:find('"communities"', 1, true))
		assert.truthy(text:find('"factors"', 1, true))
	end)
end)
