-- Joining with consent, a community's update, editing others'
-- contributions, redaction and upheld flags that hide.
local cop = require "cop"
local helper = require "helper"

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

local fails = helper.fails

local function collect(it, field)
	local out = {}
	for x in it do out[#out + 1] = x[field] end
	return out
end

describe("join requests", function()
	it("are asked, listed, approved and declined", function()
		assert(s:set_actor(w.yaw))
		fails("NotFound", s:community("club"))
		local m = assert(s:request("club"))
		assert.are.equal("pending", m.status)
		fails("AlreadyExists", s:request("club"))
		fails("NotFound", s:request("secret"))
		fails("InvalidArgument", s:request(w.hub))
		fails("NotFound", s:requests("club"))
		assert(s:set_actor(w.ama))
		assert.are.same({"yaw"}, collect(assert(w.club:requests()), "handle"))
		assert(w.club:approve(w.yaw))
		assert.are.same({}, collect(assert(w.club:requests()), "handle"))
		assert(s:set_actor(w.yaw))
		assert(s:community("club"))
		assert(s:set_actor(w.kofi))
		assert(s:request("club"))
		assert(s:set_actor(w.ama))
		assert(s:decline("club", w.kofi))
		fails("NotFound", s:approve("club", w.kofi))
		assert(s:set_actor(w.kofi))
		assert(s:request("club"))            -- asked again at once
	end)
end)

describe("invitations", function()
	it("are made, listed, accepted and declined", function()
		assert(s:set_actor(w.esi))
		fails("PermissionDenied", s:join(w.hub, w.ama))
		-- yaw, in no community, is seen by nobody: not there for esi
		local none, msg = w.hub:invite(w.yaw)
		assert.is_nil(none)
		assert.are.equal("no such member", msg)
		assert(s:act_as_system())               -- the system invites him
		assert.are.equal("invited", assert(w.hub:invite(w.yaw)).status)
		assert(s:invite("secret", w.yaw))
		assert(s:set_actor(w.yaw))
		local slugs = collect(assert(s:invitations()), "community_slug")
		table.sort(slugs)
		assert.are.same({"ksghana", "secret"}, slugs)
		fails("NotFound", s:community("secret"))
		assert(s:accept_invitation("secret"))
		assert(s:community("secret"))
		assert(w.hub:decline_invitation())
		fails("NotFound", s:accept_invitation(w.hub))
		assert(s:act_as_system())
		assert(s:join("club", w.yaw))          -- the system still adds
	end)
end)

describe("a community's update", function()
	it("is for facilitators and owners, validated", function()
		assert(s:set_actor(w.esi))
		local c = assert(s:update_community(w.hub, {name = "KSGhana CoP",
			language = "fr"}))
		assert.are.equal("KSGhana CoP", c.name)
		assert(w.hub:update({purpose = "", visibility = "invite-only"}))
		assert.is_nil(w.hub.purpose)
		assert.are.equal("invite-only", w.hub.visibility)
		fails("InvalidArgument", w.hub:update({}))
		fails("InvalidArgument", w.hub:update({name = ""}))
		fails("InvalidArgument", w.hub:update({visibility = "secret"}))
		assert.has_error(function() w.hub:update({colour = "red"}) end)
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", w.hub:update({name = "Mine"}))
		assert(s:act_as_system())
		assert.are.equal("KSGhana CoP", assert(s:community(w.hub.id)).name)
	end)
end)

describe("moderation leftovers", function()
	it("records editors, redacts, and hides on upheld flags", function()
		local a = w.answer
		assert(s:set_actor(w.ama))
		assert(a:edit("In the shared drive, folder Notes."))
		assert(s:set_actor(w.esi))
		assert(a:edit("In the shared drive (call 0244)."))
		assert(a:edit("In the shared drive."))
		assert.are.same({w.ama.id, w.esi.id, w.esi.id},
			collect(assert(a:revisions()), "editor_id"))
		assert(a:redact(3, "Personal data."))
		fails("AlreadyExists", s:redact(a, 3, "Again."))
		fails("InvalidArgument", s:redact(a, 4, "Current."))
		local bodies = collect(assert(a:revisions()), "body")
		assert.are.equal(cop.REDACTED_TEXT, bodies[3])
		assert.are.equal("redact", (assert(s:modlog(w.hub))()).kind)
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:redact(a, 1, "No."))
		fails("PermissionDenied", w.hub:set_flag_hides(true))
		assert.are.equal(0, w.hub.flag_hides)
		assert(s:set_actor(w.esi))
		assert(w.hub:set_flag_hides(true))
		assert.are.equal(1, w.hub.flag_hides)
		assert(s:set_actor(w.kofi))
		local f = assert(s:flag(a, "Spam."))
		assert(s:set_actor(w.esi))
		assert(f:resolve("upheld"))
		assert.are.equal(1, assert(s:contribution(a.id)).hidden)
		assert.are.equal("hide", (assert(s:modlog(w.hub))()).kind)
	end)
end)
