-- Members, communities, memberships, threads, contributions, revisions,
-- the change log, search hits and stats: fields and methods.
local cop = require "cop"
local helper = require "helper"
local T0 = helper.T0

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

describe("members", function()
	it("have fields", function()
		local m = w.ama
		assert.are.equal(getmetatable(m), cop.Member)
		assert.are.equal("ama", m.handle)
		assert.are.equal("Ama Mensah", m.display_name)
		assert.are.equal("MoFA", m.organisation)
		assert.are.equal("en tw", m.languages)
		assert.are.equal("active", m.status)
		assert.are.equal(T0, m.created)
		assert.are.equal(36, #m.id)
		assert.are.equal(T0, cop.id_time(m))
		assert.is_nil(w.kofi.organisation)
		assert.are.equal("en fr", w.esi.languages)
		assert.truthy(tostring(m):match("handle=ama"))
		local f = m:fields()
		assert.are.equal("ama", f.handle)
		assert.are.equal("active", f.status)
	end)

	it("are found by id and handle", function()
		assert.are.equal(w.ama, s:member(w.ama.id))
		assert.are.equal(w.ama, s:member_by_handle("AMA"))
		assert.are_not.equal(w.ama, w.kofi)
		local m, _, code = s:member_by_handle("nobody")
		assert.is_nil(m)
		assert.are.equal(cop.errors.NotFound, code)
	end)

	it("update and refresh", function()
		local m = w.ama
		assert.is_true(m:update{display_name = "Ama M.", languages = {"en"}})
		assert.are.equal("Ama M.", m.display_name)
		assert.are.equal("MoFA", m.organisation)
		assert.are.equal("en", m.languages)
		assert(m:update{organisation = ""})
		assert.is_nil(m.organisation)
		assert(s:set_actor(w.kofi))
		local ok, _, code = m:update{display_name = "x"}
		assert.is_nil(ok)
		assert.are.equal(cop.errors.PermissionDenied, code)
	end)

	it("are read-only", function()
		assert.has_error(function() w.ama.handle = "x" end)
	end)

	it("list their contributions", function()
		local ids = helper.collect(w.esi:contributions(), "id")
		assert.are.same({w.answer.id}, ids)
	end)
	it("are not there for those who may not see them (issue 17)", function()
		-- pia is only in the private community: yaw, in none, is told
		-- she is not there exactly as for an id and a handle nobody has
		local pia = assert(s:create_member("pia", "Pia Nkrumah"))
		assert(w.secret:join(pia))
		assert(s:set_actor(w.yaw))
		local m, msg, code = s:member(pia.id)
		local n, nmsg, ncode = s:member("0badc0de-0000-4000-8000-00000000beef")
		assert.is_nil(m)
		assert.is_nil(n)
		assert.are.equal(cop.errors.NotFound, code)
		assert.are.same({nmsg, ncode}, {msg, code})
		assert.are.equal("no such member", msg)
		m, msg, code = s:member_by_handle("pia")
		n, nmsg, ncode = s:member_by_handle("nobody-here")
		assert.is_nil(m)
		assert.are.same({nmsg, ncode}, {msg, code})
		assert.are.equal("no such member", msg)
		-- ama, in the private community, sees her; pia sees herself
		assert(s:set_actor(w.ama))
		assert.are.equal(pia.id, assert(s:member_by_handle("pia")).id)
		assert(s:set_actor(pia))
		assert.are.equal(pia.id, assert(s:member(pia.id)).id)
		assert(s:set_actor(nil))
	end)
end)

describe("communities and memberships", function()
	it("have fields", function()
		local hub = w.hub
		assert.are.equal("ksghana", hub.slug)
		assert.are.equal("KSGhana", hub.name)
		assert.are.equal("Knowledge sharing", hub.purpose)
		assert.are.equal("en", hub.language)
		assert.are.equal("public", hub.visibility)
		assert.are.equal("invite-only", w.club.visibility)
		assert.are.equal("private", w.secret.visibility)
		assert.are.equal(T0, hub.created)
		assert.are.equal(hub, s:community("ksghana"))
		assert.are.equal(hub, s:community(hub.id))
	end)

	it("list memberships, owners first", function()
		local got = {}
		for ms in w.hub:memberships() do
			got[#got + 1] = ms.handle .. ":" .. ms.role .. ":" .. ms.status
		end
		assert.are.same({"ama:owner:active", "esi:facilitator:active",
			"kofi:member:active"}, got)
	end)

	it("join, leave, change roles, status and pledges", function()
		assert(s:set_actor(w.yaw))
		local ms = assert(w.hub:join(w.yaw, {pledged_hours = 3}))
		assert(s:act_as_system())
		assert.are.equal(3, ms.pledged_hours)
		assert.are.equal("member", ms.role)
		assert.are.equal(T0, ms.joined)
		assert.are.equal(w.hub, ms:community())
		assert.are.equal(w.yaw, ms:member())
		local again, _, code = w.hub:join(w.yaw)
		assert.is_nil(again)
		assert.are.equal(cop.errors.AlreadyExists, code)
		assert(ms:set_role("core"))
		assert.are.equal("core", ms.role)
		assert(ms:set_pledge(10))
		assert.are.equal(10, ms.pledged_hours)
		assert(ms:set_status("silenced"))
		assert.are.equal("silenced", ms.status)
		local ok
		ok, _, code = ms:set_pledge(745)
		assert.is_nil(ok)
		assert.are.equal(cop.errors.InvalidArgument, code)
		assert(ms:leave())
		assert.are.equal("left", assert(w.hub:membership(w.yaw)).status)
		ok, _, code = ms:leave()
		assert.is_nil(ok)
		assert.are.equal(cop.errors.NotFound, code)
	end)

	it("enforce who may do what", function()
		assert(s:set_actor(w.kofi))
		local ok, _, code = w.hub:set_role(w.kofi, "owner")
		assert.is_nil(ok)
		assert.are.equal(cop.errors.PermissionDenied, code)
		local c
		c, _, code = s:community("secret")
		assert.is_nil(c)
		assert.are.equal(cop.errors.NotFound, code)
		assert.are.same({"ksghana"}, helper.collect(s:communities(), "slug"))
	end)

	it("have stats", function()
		local st = assert(w.hub:stats())
		assert.are.equal(3, st.members)
		assert.are.equal(1, st.questions)
		assert.is_nil(st.version)
	end)
end)

describe("threads", function()
	it("have fields", function()
		local t = w.question
		assert.are.equal("How do we share notes?", t.title)
		assert.are.equal("question", t.kind)
		assert.are.equal("open", t.state)
		assert.are.same({"notes", "workshops"}, t.tags)
		assert.are.equal(w.kofi.id, t.author_id)
		assert.are.equal(w.hub.id, t.community_id)
		assert.are.equal(T0, t.last_activity)
		assert.are.equal(1, t.contribution_count)
		assert(t:refresh())
		assert.are.equal(2, t.contribution_count)
		assert.are.equal(w.hub, t:community())
	end)

	it("change state", function()
		local t = w.question
		assert(s:set_actor(w.esi))
		assert(t:set_state("closed"))
		assert.are.equal("closed", t.state)
		assert(s:set_actor(w.kofi))
		local c, _, code = t:reply("late")
		assert.is_nil(c)
		assert.are.equal(cop.errors.PermissionDenied, code)
	end)

	it("have independent properties", function()
		local t = w.question
		assert.are.same({false, false, false, false, false},
			{t.closed, t.locked, t.pinned, t.hidden, t.answered})
		assert(s:set_actor(w.kofi))
		assert(s:accept_answer(w.answer))
		assert(s:set_actor(w.esi))
		assert(t:set_flag("pinned"))
		assert(t:set_flag("locked", true))
		assert.are.same({false, true, true, false, true},
			{t.closed, t.locked, t.pinned, t.hidden, t.answered})
		assert.are.equal("locked", t.state)
		assert(s:set_actor(w.kofi))
		local ok, _, code = t:set_flag("hidden")
		assert.is_nil(ok)
		assert.are.equal(cop.errors.PermissionDenied, code)
		assert(s:set_actor(w.esi))
		assert(s:set_thread_flag(t, "pinned", false))
		assert(t:refresh())
		assert.are.same({false, true, false, false, true},
			{t.closed, t.locked, t.pinned, t.hidden, t.answered})
		assert(t:set_flag("locked", false))
		assert.are.equal("answered", t.state)
		assert.has_error(function() t:set_flag("answered") end)
	end)

	it("keep their history", function()
		local t = w.question
		assert(s:set_actor(w.kofi))
		assert(t:edit({title = "Where do notes go?", comment = "shorter"}))
		assert(s:set_actor(w.esi))
		assert(t:set_flag("locked"))
		assert(s:edit_thread(t, {tags = {"notes"}}))
		local got = {}
		for h in assert(t:history()) do
			got[#got + 1] = table.concat({h.number, h.kind,
				h.old_value or "-", h.new_value or "-",
				h.actor_id == w.kofi.id and "kofi" or
				h.actor_id == w.esi.id and "esi" or "?",
				h.comment or "-"}, " ")
		end
		assert.are.same({
			"1 title - How do we share notes? kofi -",
			"2 tags - notes workshops kofi -",
			"3 title How do we share notes? Where do notes go? kofi shorter",
			"4 locked - - esi -",
			"5 tags notes workshops notes esi -"}, got)
		assert.are.equal("Where do notes go?", t.title)
		assert(s:set_actor(w.yaw))
		local ok, _, code = t:edit({title = "Mine"})
		assert.is_nil(ok)
		assert.are.equal(cop.errors.PermissionDenied, code)
	end)

	it("refuse bad input", function()
		local t, _, code = w.hub:create_thread("", "body")
		assert.is_nil(t)
		assert.are.equal(cop.errors.InvalidArgument, code)
		t, _, code = w.hub:create_thread(string.rep("t", 301), "body")
		assert.are.equal(cop.errors.TooBig, code)
		assert.has_error(function()
			w.hub:create_thread("t", "b", {kind = "poem"})
		end)
	end)
end)

describe("contributions and revisions", function()
	it("have fields", function()
		local a = w.answer
		assert.are.equal("answer", a.kind)
		assert.are.equal("In the shared drive.", a.body)
		assert.are.equal(w.question.id, a.thread_id)
		assert.are.equal(w.esi.id, a.author_id)
		assert.are.equal("markdown", a.format)
		assert.is_nil(a.edited)
		assert.is_nil(a.reply_to)
		assert.are.equal(1, a.revision)
		assert.are.equal(0, a.score)
		assert.are.equal(w.question, a:thread())
	end)

	it("comment, edit and keep revisions", function()
		assert(s:set_actor(w.kofi))
		local c = assert(w.answer:reply("Which folder?"))
		assert.are.equal("comment", c.kind)
		assert.are.equal(w.answer.id, c.reply_to)
		assert(s:set_actor(w.esi))
		assert(s:set_time(T0 + 5000))
		assert(w.answer:edit("Folder Notes.", {comment = "folder"}))
		assert.are.equal(2, w.answer.revision)
		assert.are.equal(T0 + 5000, w.answer.edited)
		local revs = helper.collect(w.answer:revisions())
		assert.are.equal(1, #revs)
		assert.are.equal("In the shared drive.", revs[1].body)
		assert.are.equal("folder", revs[1].comment)
		assert.are.equal(1, revs[1].number)
		assert.are.equal(w.esi.id, revs[1].author_id)
		local kinds = helper.collect(w.question:contributions(), "kind")
		assert.are.same({"post", "answer", "comment"}, kinds)
	end)
end)

describe("the change log, search and stats", function()
	it("log every mutation in order", function()
		local seqs, ops = {}, {}
		for e in s:log() do
			seqs[#seqs + 1] = e.seq
			ops[#ops + 1] = e.op
		end
		assert.are.equal("member.create", ops[1])
		for i, seq in ipairs(seqs) do assert.are.equal(i, seq) end
		assert.are.equal(#seqs, s:last_seq())
		assert.are.same({#seqs - 1, #seqs},
			helper.collect(s:log{after_seq = #seqs - 2}, "seq"))
		assert.are.same({1, 2}, helper.collect(s:log{limit = 2}, "seq"))
	end)

	it("log pages with cursors, a member's opaque and its own", function()
		local l = s:log{limit = 3}
		assert.are.same({1, 2, 3}, helper.collect(l, "seq"))
		assert.are.equal("3", l:cursor())
		assert.are.same({4, 5}, helper.collect(s:log{after = "3", limit = 2}, "seq"))
		local whole = s:last_seq()
		assert(s:set_actor(w.yaw))
		local mine = helper.collect(s:log(), "op")
		local got, after = {}, nil
		while true do
			local page = assert(s:log{after = after, limit = 2})
			local n = 0
			for e in page do
				n = n + 1
				got[#got + 1] = e.op
				assert.are.equal(#got, e.seq)
			end
			if n < 2 then break end
			after = page:cursor()
			assert.is_nil(after:match("^%d+$"))
		end
		assert.are.same(mine, got)
		assert.are.equal(#mine, s:last_seq())
		assert.truthy(#mine < whole)
		local msg = helper.fails("InvalidArgument", s:log{after = "3"})
		assert.are.equal("bad cursor", msg)
		helper.fails("InvalidArgument", s:log{after = after .. "A"})
		helper.fails("InvalidArgument", s:log{after = after, after_seq = 1})
		assert(s:set_actor(w.kofi))
		helper.fails("InvalidArgument", s:log{after = after})
		assert(s:set_actor(nil))
	end)

	it("search", function()
		local hits = helper.collect(s:search("drive"))
		assert.are.equal(1, #hits)
		local h = hits[1]
		assert.are.equal(w.answer.id, h.contribution_id)
		assert.are.equal(w.question.title, h.title)
		assert.truthy(h.snippet:find("[drive]", 1, true))
		assert.truthy(h.score > 0)
		assert.are.equal(w.answer, h:contribution())
		assert.are.equal(w.question, h:thread())
		assert.are.equal(1, #helper.collect(s:search("notes", {limit = 1})))
		assert.are.equal(1, #helper.collect(w.hub:search("drive")))
		helper.fails("InvalidArgument", s:search("   "))
	end)

	it("search pages with a cursor", function()
		for i = 0, 6 do
			w.question:reply("Okapi " .. string.rep("okapi ", i % 3))
		end
		local whole = helper.collect(s:search("okapi", {limit = 100}),
			"contribution_id")
		assert.are.equal(7, #whole)
		local seen, after = {}, nil
		repeat
			local page = s:search("okapi", {limit = 3, after = after})
			local ids = helper.collect(page, "contribution_id")
			for _, id in ipairs(ids) do seen[#seen + 1] = id end
			after = page:cursor()
		until #ids < 3
		assert.are.same(whole, seen)
		helper.fails("InvalidArgument",
			s:search("okapi", {after = "not a cursor"}))
	end)

	it("search marks and queries without words", function()
		w.question:reply("See [wallaby] on the drive")
		local h = helper.collect(s:search("wallaby", {marks = {"<<", ">>"}}))[1]
		assert.truthy(h.snippet:find("[<<wallaby>>]", 1, true))
		assert.are.equal("\1", cop.SEARCH_MARK_OPEN)
		assert.are.equal("\2", cop.SEARCH_MARK_CLOSE)
		h = helper.collect(w.hub:search("wallaby",
			{marks = {cop.SEARCH_MARK_OPEN, cop.SEARCH_MARK_CLOSE}}))[1]
		assert.truthy(h.snippet:find("[\1wallaby\2]", 1, true))
		assert.truthy(helper.collect(s:search("wallaby"))[1].snippet:find(
			"[[wallaby]]", 1, true))
		assert.has_error(function() s:search("wallaby", {marks = "[]"}) end)
		local msgs = {}
		for _, q in ipairs({"", "!!!", "\u{1F600}", "\u{A9}"}) do
			local v, msg, code = s:search(q)
			assert.is_nil(v)
			assert.are.equal(cop.errors.InvalidArgument, code)
			msgs[msg] = true
		end
		local n = 0
		for _ in pairs(msgs) do n = n + 1 end
		assert.are.equal(1, n)
	end)

	it("count", function()
		local st = assert(s:stats())
		assert.are.equal(4, st.members)
		assert.are.equal(3, st.communities)
		assert.are.equal(2, st.contributions)
		local none, _, code = s:stats("nosuch")
		assert.is_nil(none)
		assert.are.equal(cop.errors.NotFound, code)
	end)
end)
