-- Digests (docs/digest.md): a community's and a member's, their
-- sections, the renderings, the sent mark, and who may read whose.
local cop = require "cop"
local helper = require "helper"

local HOUR = 3600 * 1000

describe("digests", function()
	it("has a community's week, by section", function()
		local w = helper.world()
		local s = w.store
		assert(s:set_time(helper.T0 + HOUR))
		local d = assert(s:digest{community = w.hub})
		assert.are.equal("ksghana", d.community_slug)
		assert.are.equal(helper.T0 + HOUR, d["until"])
		assert.are.equal(helper.T0 + HOUR - 7 * 24 * HOUR, d.since)
		local threads = d:items("threads")
		assert.are.equal(1, #threads)
		assert.are.equal("How do we share notes?", threads[1].title)
		assert.are.equal("threads", threads[1].section)
		assert.are.equal("kofi", threads[1].member_handle)
		assert.are.equal(1, #d.sections.unanswered)
		assert.are.equal(0, #d.sections.events)
		assert.truthy(d:render():find("Digest of ksghana", 1, true))
		assert.truthy(d:render("html"):find("<h1>Digest of ksghana</h1>", 1, true))
		assert.truthy(d:render("md"):find("^# Digest of ksghana"))
		helper.fails("InvalidArgument", d:mark_sent())
		s:close()
	end)

	it("marks a member's digest as sent", function()
		local w = helper.world()
		local s = w.store
		assert(s:set_time(helper.T0 + HOUR))
		assert(s:set_actor(w.kofi))
		local d = assert(s:digest{member = w.kofi, period = "day"})
		assert.are.equal("kofi", d.member_handle)
		assert.are.equal(1, #d:items("threads"))
		assert(d:mark_sent())
		assert(s:set_time(helper.T0 + 2 * HOUR))
		local nxt = assert(s:digest{member = "kofi"})
		assert.are.equal(d["until"], nxt.since)
		assert.are.equal(0, #nxt:items("threads"))
		helper.fails("PermissionDenied", s:digest{member = w.esi})
		helper.fails("NotFound", s:digest{community = w.secret.id})
		helper.fails("InvalidArgument", s:digest{})
		assert.has_error(function() s:digest{community = w.hub, period = "year"} end)
		s:close()
	end)
end)
