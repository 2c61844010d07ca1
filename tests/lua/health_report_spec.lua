-- The health report (docs/health.md) from Lua: store:health_report()
-- returns the document as a table (store:health_report_json() its JSON
-- text); who may read it; bad dates.
local cop = require "cop"
local helper = require "helper"
local fails = helper.fails

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

describe("the health report", function()
	it("is the document as a table, for moderators", function()
		assert(s:set_actor(w.esi))
		local doc = assert(s:health_report(w.hub))
		assert.are.equal("table", type(doc))
		assert.are.equal(1, doc.format)
		assert.are.equal("ksghana", doc.community.slug)
		assert.are.equal(2, doc.contributions)
		assert.are.equal(1, doc.questions)
		assert.are.equal(1, doc.time_to_first_response_hours.responded)
		assert.are.equal("potential", doc.stage.name)
		assert.are.equal("string", type(doc.stage.evidence[1]))
		-- The histogram is a sequence, each bucket its keys; the last
		-- bucket's bound is JSON null.
		local buckets = doc.time_to_first_response_hours.histogram
		assert.are.equal(6, #buckets)
		assert.are.equal("under 1 h", buckets[1].label)
		assert.are.equal(1, buckets[1].max_hours)
		assert.are.equal(cop.null, buckets[6].max_hours)
		assert.is_truthy(#doc.scorecard > 0)
		doc = assert(s:health_report("ksghana", "2024-01-01", "2024-01-31"))
		assert.are.equal(0, doc.contributions)
		assert.are.equal(cop.null, doc.answered_share)
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:health_report(w.hub))
		assert(s:act_as_system())
		fails("InvalidArgument", s:health_report(w.hub, "2024-02-30"))
		fails("InvalidArgument", s:health_report(w.hub, "2024-02-02",
			"2024-02-01"))
	end)

	it("is also its JSON text", function()
		assert(s:set_actor(w.esi))
		local text = assert(s:health_report_json(w.hub))
		assert.are.equal("string", type(text))
		assert.is_truthy(text:find('"format": 1', 1, true))
		assert.is_truthy(text:find('"slug": "ksghana"', 1, true))
		assert.is_truthy(text:find('"contributions": 2,', 1, true))
		local doc = assert(s:health_report(w.hub))
		assert.are.equal(doc.generated, text:match('"generated": "([^"]+)"'))
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:health_report_json(w.hub))
	end)
end)
