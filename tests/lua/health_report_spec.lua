-- The health report (docs/health.md) from Lua: store:health_report()
-- returns the document's JSON text; who may read it; bad dates.
local helper = require "helper"
local fails = helper.fails

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

describe("the health report", function()
	it("is the JSON document, for moderators", function()
		assert(s:set_actor(w.esi))
		local doc = assert(s:health_report(w.hub))
		assert.is_truthy(doc:find('"format": 1', 1, true))
		assert.is_truthy(doc:find('"slug": "ksghana"', 1, true))
		assert.is_truthy(doc:find('"contributions": 2,', 1, true))
		assert.is_truthy(doc:find('"questions": 1,', 1, true))
		assert.is_truthy(doc:find('"responded": 1,', 1, true))
		assert.is_truthy(doc:find('"name": "potential"', 1, true))
		doc = assert(s:health_report("ksghana", "2024-01-01", "2024-01-31"))
		assert.is_truthy(doc:find('"contributions": 0,', 1, true))
		assert.is_truthy(doc:find('"answered_share": null', 1, true))
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:health_report(w.hub))
		assert(s:set_actor(nil))
		fails("InvalidArgument", s:health_report(w.hub, "2024-02-30"))
		fails("InvalidArgument", s:health_report(w.hub, "2024-02-02",
			"2024-02-01"))
	end)
end)
