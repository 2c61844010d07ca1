-- Tags (docs/tags.md): uses as the reader sees them, listings,
-- describing, renaming and merging, synonyms; private tags unseen.
local helper = require "helper"
local fails = helper.fails

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

local function names(it)
	local out = {}
	for t in it do out[#out + 1] = t.name .. ":" .. t.uses end
	return table.concat(out, " ")
end

describe("tags", function()
	it("are counted as the reader sees them", function()
		assert(s:set_actor(w.kofi))
		local t = assert(w.hub:create_thread("Which notebook?",
			"Paper or app?", {tags = {"notes", "tools"}}))
		assert.are.equal(2, assert(s:tag(w.hub, "notes")).uses)
		assert.are.equal("notes:2 tools:1 workshops:1",
			names(assert(s:tags(w.hub))))
		assert.are.equal("notes:2", names(assert(s:tags(w.hub,
			{by = "uses", limit = 1}))))
		-- An option it does not know is an error, not ignored.
		local ok, err = pcall(s.tags, s, w.hub, {order = "uses"})
		assert.is_false(ok)
		assert.truthy(tostring(err):find("unknown option 'order'", 1, true))
		assert(s:set_actor(w.esi))
		assert(s:set_thread_flag(t, "hidden", true))
		assert.are.equal(1, assert(s:tag(w.hub, "tools")).uses)
		assert(s:set_actor(w.kofi))
		assert.are.equal(0, assert(s:tag(w.hub, "tools")).uses)
		local used, described = s:tag_counts(w.hub)
		assert.are.equal(2, used)
		assert.are.equal(0, described)
		fails("NotFound", s:tag(w.hub, "nothing"))
	end)

	it("are described, renamed and merged by facilitators", function()
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:describe_tag(w.hub, "notes", "x"))
		assert(s:set_actor(w.esi))
		local t = assert(s:describe_tag(w.hub, "notes", "Written down."))
		assert.are.equal("Written down.", t.excerpt)
		t = assert(s:rename_tag(w.hub, "notes", "note"))
		assert.are.equal("note", t.name)
		assert.are.equal("Written down.", t.excerpt)
		t = assert(s:merge_tag(w.hub, "workshops", "note"))
		assert.are.equal(1, t.uses)
		assert.are.equal("note", assert(s:tag(w.hub, "workshops")).synonym_of)
		assert(s:set_actor(w.kofi))
		local th = assert(w.hub:create_thread("A workshop", "When?",
			{tags = {"workshops"}}))
		assert.are.same({"note"}, th.tags)
	end)

	it("of a private community are unseen", function()
		assert(s:set_actor(w.ama))
		assert(w.secret:create_thread("Plans", "Secret.", {tags = {"plans"}}))
		assert(s:set_actor(w.kofi))
		fails("NotFound", s:tag(w.secret, "plans"))
		fails("NotFound", s:tags(w.secret))
	end)
end)
