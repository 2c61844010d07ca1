-- Interop: JSON export and import of a community, Stack Exchange dumps, a
-- member's own data and erasure, erasure policies, thread links.
local cop = require "cop"
local helper = require "helper"

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

local fails = helper.fails

-- The optional libraries this libcop was built without (make check sets
-- COP_WITHOUT): what needs one is pending, and answers NotSupported.
local without = " " .. (os.getenv("COP_WITHOUT") or "") .. " "
local has_jansson = not without:find(" jansson ", 1, true)
local has_libxml2 = not without:find(" libxml2 ", 1, true)
local function describe_if(cond, name, fn)
	if cond then describe(name, fn) else pending(name .. " (libcop built without its library)") end
end
local it_jansson = has_jansson and it or pending

-- A fresh temporary file name, removed after the test.
local tmpfiles = {}
local function tmpfile()
	local name = os.tmpname()
	tmpfiles[#tmpfiles + 1] = name
	return name
end
after_each(function()
	for _, name in ipairs(tmpfiles) do os.remove(name) end
	tmpfiles = {}
end)

local function slurp(path)
	local f = assert(io.open(path, "rb"))
	local text = f:read("a")
	f:close()
	return text
end

local function spit(path, text)
	local f = assert(io.open(path, "wb"))
	assert(f:write(text))
	assert(f:close())
end

-- The threads of a community (title, kind, state) and the contributions
-- of each (id, kind, body, author), in order.
local function contents(store, community)
	local t = {}
	for th in store:threads(community) do
		local row = {id = th.id, title = th.title, kind = th.kind,
			state = th.state, contributions = {}}
		for c in th:contributions() do
			row.contributions[#row.contributions + 1] = {id = c.id,
				kind = c.kind, body = c.body, author_id = c.author_id}
		end
		t[#t + 1] = row
	end
	table.sort(t, function(a, b) return a.id < b.id end)
	return t
end

describe_if(has_jansson, "JSON export and import", function()
	it("round-trip a community into a fresh store, byte for byte", function()
		assert(s:set_actor(w.kofi))
		assert(w.answer:vote("up"))
		assert(w.answer:accept())
		assert(s:act_as_system())
		local first, second = tmpfile(), tmpfile()
		assert.is_true(s:export_json(w.hub, first))
		local doc = slurp(first)
		assert.truthy(doc:match('^{"format":"libcop","version":2,'))
		-- Format 2: names and RFC 3339 times.
		assert.truthy(doc:find('"role":"owner"', 1, true))
		assert.truthy(doc:find('"kind":"question"', 1, true))
		assert.truthy(doc:find('"created":"2023-11-14T22:13:20.000Z"', 1, true))

		local s2 = helper.store()
		local report = assert(s2:import_json(first))
		assert.are.equal("table", type(report))
		assert.is_nil(getmetatable(report))
		assert.are.equal(1, report.threads)
		assert.are.equal(2, report.contributions)
		assert.are.equal(3, report.members)      -- ama, kofi, esi
		assert.are.equal(1, report.votes)
		assert.are.equal(1, report.accepted)
		assert.are.equal("integer", math.type(report.unchanged))
		assert.is_nil(report.version)

		local hub2 = assert(s2:community("ksghana"))
		assert.are.equal(w.hub.id, hub2.id)
		assert.are.same(contents(s, w.hub), contents(s2, hub2))
		assert.are.equal(1, #contents(s2, hub2)[1].contributions - 1)
		assert.are.equal(w.answer.id, assert(s2:accepted_answer(w.question)).id)

		assert.is_true(s2:export_json("ksghana", second))
		assert.are.equal(doc, slurp(second))
		s2:close()
	end)

	it("import under another slug", function()
		local path = tmpfile()
		assert(w.hub:export_json(path))
		local s2 = helper.store()
		local report = assert(s2:import_json(path, {community = "other-slug"}))
		assert.are.equal(1, report.threads)
		local other = assert(s2:community("other-slug"))
		assert.are.equal(w.hub.id, other.id)
		assert.are.equal("other-slug", other.slug)
		fails("NotFound", s2:community("ksghana"))
		assert.are.equal(1, #contents(s2, other))
		-- The ids stay: not twice into one store, even under a new slug.
		fails("AlreadyExists", s:import_json(path, {community = "again"}))
		assert.has_error(function() s2:import_json(path, {slug = "x"}) end)
		s2:close()
	end)

	it("refuse a bad document and change nothing", function()
		local good, bad = tmpfile(), tmpfile()
		assert(s:export_json(w.hub, good))
		-- The first records are good, the last line is not.
		local text = slurp(good):gsub('\n"sources":%[%]}\n?$', '\n"sources":[{]}\n')
		assert.are_not.equal(slurp(good), text)
		spit(bad, text)
		local s2 = helper.store()
		local before, seq = assert(s2:stats()), assert(s2:last_seq())
		local msg = fails("FormatError", s2:import_json(bad))
		assert.are.equal(s2:errmsg(), msg)
		assert.are.same(before, assert(s2:stats()))
		assert.are.equal(seq, s2:last_seq())
		fails("NotFound", s2:community("ksghana"))
		fails("NotFound", s2:member_by_handle("kofi"))
		spit(bad, "not json at all\n")
		fails("FormatError", s2:import_json(bad))
		-- cop.check raises the error object.
		local ok, e = pcall(function() return cop.check(s2:import_json(bad)) end)
		assert.is_false(ok)
		assert.is_true(cop.is_error(e))
		assert.are.equal("FormatError", e.name)
		assert.are.equal(cop.errors.FormatError, e.code)
		assert.are.same(before, assert(s2:stats()))
		s2:close()
	end)

	it("write to and read from open Lua files", function()
		local path, copy = tmpfile(), tmpfile()
		assert(s:export_json(w.hub, path))
		local f = assert(io.open(copy, "wb"))
		assert(f:write(""))                    -- buffered: flushed first
		assert.is_true(s:export_json("ksghana", f))
		assert(f:close())
		assert.are.equal(slurp(path), slurp(copy))
		local s2 = helper.store()
		f = assert(io.open(copy, "rb"))
		local report = assert(s2:import_json(f, {community = "from-file"}))
		assert.are.equal(io.type(f), "file")   -- left open
		f:close()
		assert.are.equal(1, report.threads)
		assert(s2:community("from-file"))
		assert.has_error(function() s2:import_json(f) end)   -- closed
		s2:close()
	end)

	it("report files that cannot be opened", function()
		local msg = fails("IOError", s:export_json(w.hub, "/nonexistent/dir/x.json"))
		assert.truthy(msg:find("/nonexistent/dir/x.json: ", 1, true))
		fails("IOError", s:import_json("/nonexistent/x.json"))
		fails("NotFound", s:export_json("nosuch", tmpfile()))
		assert.has_error(function() s:import_json(tmpfile(), "x") end)
		assert.has_error(function() s:import_json(tmpfile(), {community = 5}) end)
		-- Raised by the call itself, with the file open: closed, raised.
		assert.has_error(function() s:export_json(true, tmpfile()) end)
	end)

	it("need the system for imports", function()
		local path = tmpfile()
		assert(s:export_json(w.hub, path))
		local s2 = helper.store()
		local m = assert(s2:create_member("zed", "Zed"))
		assert(s2:set_actor(m))
		fails("PermissionDenied", s2:import_json(path))
		s2:close()
	end)
end)

-- The small dump of tests/check_import.c.
local XHDR = '\239\187\191<?xml version="1.0" encoding="utf-8"?>\n'
local small = {
	["Users.xml"] = XHDR .. [[<users>
  <row Id="-1" DisplayName="Community" CreationDate="2015-01-01T00:00:00.000" />
  <row Id="1" DisplayName="Alice" CreationDate="2015-01-02T03:04:05.678" />
  <row Id="2" DisplayName="Bob" CreationDate="2015-01-03T00:00:00.000" />
  <row Id="3" DisplayName="Carøl" CreationDate="2015-01-04T00:00:00.000" />
</users>]],
	["Posts.xml"] = XHDR .. [[<posts>
  <row Id="10" PostTypeId="1" AcceptedAnswerId="11" CreationDate="2015-03-01T10:00:00.000" Score="1" Body="&lt;p&gt;Which &lt;b&gt;stout&lt;/b&gt;?&lt;/p&gt;" OwnerUserId="1" Title="Best stout?" Tags="&lt;stout&gt;&lt;dark-beer&gt;" />
  <row Id="11" PostTypeId="2" ParentId="10" CreationDate="2015-03-01T11:00:00.000" Score="2" Body="&lt;p&gt;Guinness.&lt;/p&gt;" OwnerUserId="2" />
  <row Id="12" PostTypeId="2" ParentId="10" CreationDate="2015-03-01T12:00:00.000" Score="-1" Body="&lt;p&gt;Lager.&lt;/p&gt;" OwnerUserId="3" />
  <row Id="13" PostTypeId="1" CreationDate="2015-03-02T10:00:00.000" Score="0" Body="&lt;p&gt;Stout?&lt;/p&gt;" OwnerUserId="2" Title="Which stout is best?" Tags="&lt;stout&gt;" />
  <row Id="14" PostTypeId="4" CreationDate="2015-03-02T10:00:00.000" Body="A dark beer." OwnerUserId="-1" />
  <row Id="15" PostTypeId="2" ParentId="99" CreationDate="2015-03-02T10:00:00.000" Body="orphan" OwnerUserId="2" />
</posts>]],
	["Comments.xml"] = XHDR .. [[<comments>
  <row Id="100" PostId="11" Score="0" Text="Thanks &amp; cheers" CreationDate="2015-03-01T13:00:00.000" UserId="1" />
  <row Id="101" PostId="999" Score="0" Text="gone" CreationDate="2015-03-01T13:00:00.000" UserId="1" />
</comments>]],
	["Votes.xml"] = XHDR .. [[<votes>
  <row Id="1000" PostId="10" VoteTypeId="2" CreationDate="2015-03-01T00:00:00.000" />
  <row Id="1001" PostId="11" VoteTypeId="2" CreationDate="2015-03-01T00:00:00.000" />
  <row Id="1002" PostId="11" VoteTypeId="2" CreationDate="2015-03-02T00:00:00.000" />
  <row Id="1003" PostId="12" VoteTypeId="3" CreationDate="2015-03-02T00:00:00.000" />
  <row Id="1004" PostId="77" VoteTypeId="2" CreationDate="2015-03-02T00:00:00.000" />
  <row Id="1005" PostId="10" VoteTypeId="5" UserId="2" CreationDate="2015-03-02T00:00:00.000" />
  <row Id="1006" PostId="14" VoteTypeId="2" CreationDate="2015-03-02T00:00:00.000" />
</votes>]],
	["Badges.xml"] = XHDR .. [[<badges>
  <row Id="1" UserId="1" Name="Teacher" Date="2015-03-03T01:02:03.004" Class="3" TagBased="False" />
  <row Id="2" UserId="2" Name="Nice Answer" Date="2015-03-04T00:00:00.000" Class="3" TagBased="False" />
  <row Id="3" UserId="2" Name="Nice Answer" Date="2015-03-05T00:00:00.000" Class="3" TagBased="False" />
  <row Id="4" UserId="1" Name="Famous Question" Date="2015-03-06T00:00:00.000" Class="1" TagBased="False" />
  <row Id="5" UserId="42" Name="Ghost" Date="2015-03-06T00:00:00.000" Class="2" TagBased="False" />
</badges>]],
	["PostHistory.xml"] = XHDR .. [[<posthistory>
  <row Id="1" PostHistoryTypeId="2" PostId="10" RevisionGUID="a" CreationDate="2015-03-01T10:00:00.000" UserId="1" Text="old body" />
  <row Id="2" PostHistoryTypeId="1" PostId="10" RevisionGUID="a" CreationDate="2015-03-01T10:00:00.000" UserId="1" Text="Best stout?" />
  <row Id="3" PostHistoryTypeId="5" PostId="10" RevisionGUID="b" CreationDate="2015-03-02T10:00:00.000" UserId="2" Comment="fixed typo" Text="newer body" />
  <row Id="4" PostHistoryTypeId="2" PostId="99" RevisionGUID="c" CreationDate="2015-03-01T10:00:00.000" UserId="1" Text="x" />
</posthistory>]],
	["PostLinks.xml"] = XHDR .. [[<postlinks>
  <row Id="1" CreationDate="2015-03-03T00:00:00.000" PostId="13" RelatedPostId="10" LinkTypeId="3" />
  <row Id="2" CreationDate="2015-03-03T00:00:00.000" PostId="10" RelatedPostId="555" LinkTypeId="1" />
  <row Id="3" CreationDate="2015-03-04T00:00:00.000" PostId="10" RelatedPostId="13" LinkTypeId="1" />
</postlinks>]],
	["Tags.xml"] = XHDR .. [[<tags>
  <row Id="1" TagName="stout" Count="2" />
  <row Id="2" TagName="dark-beer" Count="1" />
</tags>]],
}

describe_if(has_libxml2, "Stack Exchange import", function()
	local base, dir
	before_each(function()
		base = helper.run("mktemp -d"):gsub("%s+$", "")
		dir = base .. "/Small.Dump"
		assert(helper.run("mkdir " .. helper.q(dir)))
		for name, text in pairs(small) do
			spit(dir .. "/" .. name, (text:gsub("\n", "\r\n")))
		end
	end)
	after_each(function() helper.run("rm -rf " .. helper.q(base)) end)

	it("reports what it imported", function()
		local r = assert(s:import_stackexchange(dir))
		assert.are.equal(4, r.members)        -- Users.xml: 4 rows
		assert.are.equal(2, r.threads)        -- 2 questions (PostTypeId 1)
		assert.are.equal(5, r.contributions)  -- 2 questions, 2 answers, 1 comment
		assert.are.equal(2, r.revisions)      -- body revisions of post 10
		assert.are.equal(4, r.votes)          -- 3 up, 1 down on known posts
		assert.are.equal(1, r.accepted)
		assert.are.equal(4, r.badges)         -- user 42 is unknown
		assert.are.equal(2, r.links)
		assert.are.equal(0, r.unchanged)
		assert.are.equal(2, r.skipped_posts)  -- tag wiki, orphan answer
		assert.are.equal(1, r.skipped_comments)
		assert.are.equal(2, r.skipped_votes)  -- deleted post, tag wiki
		assert.are.equal(1, r.skipped_badges)
		assert.are.equal(1, r.skipped_revisions)
		assert.are.equal(1, r.skipped_links)
		assert.are.equal(0, r.skipped_accepts)
		assert.are.equal(1, r.ignored)        -- a favourite
		assert.are.equal(1, r.history)        -- the question's title
		-- The slug is the folder's name made into one.
		local st = assert(s:stats("small-dump"))
		assert.are.equal(2, st.questions)
		assert.are.equal(2, st.answers)
		assert.are.equal(1, st.comments)
		assert.are.equal(3, st.votes_up)
		assert.are.equal(1, st.votes_down)
		local titles = helper.collect(s:threads("small-dump"), "title")
		table.sort(titles)
		assert.are.same({"Best stout?", "Which stout is best?"}, titles)
		assert.are.equal(0, assert(s:verify()).count)
	end)

	it("keeps each post's and comment's Score as its source score", function()
		assert(s:import_stackexchange(dir))
		local got = {}
		for _, t in ipairs(helper.collect(s:threads("small-dump"))) do
			for _, c in ipairs(helper.collect(t:contributions())) do
				got[c.body] = c.source_score
			end
		end
		assert.are.equal(1, got["<p>Which <b>stout</b>?</p>"])
		assert.are.equal(2, got["<p>Guinness.</p>"])
		assert.are.equal(-1, got["<p>Lager.</p>"])
		assert.are.equal(0, got["<p>Stout?</p>"])
		assert.are.equal(0, got["Thanks & cheers"])
		-- The votes make the score, apart: Lager's one down vote.
		-- Made through the API: none.
		local t = assert(s:create_thread(w.hub, "Mine", "My own"))
		local c = helper.collect(t:contributions())[1]
		assert.is_nil(c.source_score)
		assert.are.equal(0, c.score)
	end)

	it("records who made each revision as the API does", function()
		assert(s:import_stackexchange(dir))
		local alice = assert(s:member_by_handle("small-dump-1")).id
		local bob = assert(s:member_by_handle("small-dump-2")).id
		local post
		for _, t in ipairs(helper.collect(s:threads("small-dump"))) do
			for _, c in ipairs(helper.collect(t:contributions())) do
				if c.body == "<p>Which <b>stout</b>?</p>" then post = c end
			end
		end
		assert.is_not_nil(post)
		local got = {}
		for _, r in ipairs(helper.collect(post:revisions())) do
			got[#got + 1] = {r.number, r.author_id, r.editor_id, r.comment}
		end
		-- Both the question author's (Alice); the first replaced by Bob's
		-- edit and its note, the last (the current body) Bob's own.
		assert.are.same({{1, alice, bob, "fixed typo"},
			{2, alice, bob, "fixed typo"}}, got)
	end)

	it("changes nothing the second time, and imports under a slug", function()
		assert(s:import_stackexchange(dir))
		local r = assert(s:import_stackexchange(dir))
		assert.are.equal(0, r.members + r.threads + r.contributions + r.votes)
		assert.are.equal(4 + 5 + 2 + 4 + 1 + 4 + 2 + 1, r.unchanged)
		r = assert(s:import_stackexchange(dir, {community = "other"}))
		assert.are.equal(4, r.members)
		assert.are.equal("Bob", assert(s:member_by_handle("other-2")).display_name)
		-- A community object stands for its slug.
		r = assert(s:import_stackexchange(dir, {community = w.hub}))
		assert.are.equal(2, r.threads)
		assert.are.equal(3, #helper.collect(s:threads(w.hub)))
	end)

	it("fails on a missing folder and for members", function()
		fails("NotFound", s:import_stackexchange(base .. "/nosuch"))
		assert(s:set_actor(w.kofi))
		fails("InvalidArgument", s:import_stackexchange(dir))
		assert(s:act_as_system())
		assert.has_error(function() s:import_stackexchange(dir, {progress = print}) end)
	end)
end)

describe("a member's own data", function()
	it_jansson("is exported for the member and the system", function()
		local path = tmpfile()
		assert.is_true(s:export_member_json(w.esi, path))
		local doc = slurp(path)
		assert.truthy(doc:find('"format":"libcop-member"', 1, true))
		assert.truthy(doc:find('"handle":"esi"', 1, true))
		assert.truthy(doc:find(w.esi.id, 1, true))
		assert.truthy(doc:find("In the shared drive.", 1, true))
		assert(s:set_actor(w.kofi))
		assert.is_true(w.kofi:export_json(path))
		assert.truthy(slurp(path):find('"handle":"kofi"', 1, true))
		fails("PermissionDenied", s:export_member_json(w.esi, path))
		-- A refused export leaves the file it would have replaced as it was.
		assert.truthy(slurp(path):find('"handle":"kofi"', 1, true))
		assert(s:act_as_system())
		fails("NotFound", s:export_member_json("nobody", path))
		assert.truthy(slurp(path):find('"handle":"kofi"', 1, true))
		-- No temporary file of this export is left next to it (another
		-- process's in the same folder is not this test's business).
		local dir, base = path:match("^(.*)/([^/]*)$")
		local p = io.popen("ls -a '" .. dir .. "'")
		local listing = p:read("a")
		p:close()
		assert.is_nil(listing:find(base .. ".part-", 1, true), listing)
	end)

	it("is erased, the contributions kept by default", function()
		local kofi_id = w.kofi.id
		assert.is_true(s:erase_member(w.kofi))
		local m = assert(s:member(kofi_id))
		assert.truthy(m.handle:match("^erased%-%x%x%x%x%x%x%x%x$"), m.handle)
		assert.are.equal("Erased member", m.display_name)
		assert.is_nil(m.organisation)
		assert.is_nil(m.languages)
		assert.are.equal("deleted", m.status)
		fails("NotFound", s:member_by_handle("kofi"))
		assert.are.equal("left", assert(w.hub:membership(kofi_id)).status)
		-- anonymize: the question stays, under the erased profile.
		local q = assert(s:thread(w.question))
		assert.are.equal(kofi_id, q.author_id)
		assert.are.equal(0, assert(s:verify()).count)
		-- Erased once only; an erased member can no longer act.
		fails("InvalidArgument", s:erase_member(kofi_id))
		assert(s:set_actor(kofi_id))
		fails("PermissionDenied", w.hub:create_thread("Back", "I am back"))
	end)

	it("is erased by the member themself, per the community's policy", function()
		assert(w.hub:set_erasure_policy("remove"))
		assert(s:set_actor(w.kofi))
		assert.is_true(w.kofi:erase())
		assert.are.equal("Erased member", w.kofi.display_name)   -- refreshed
		assert(s:act_as_system())
		-- remove: kofi's question goes, with esi's answer on it.
		fails("NotFound", s:thread(w.question))
		fails("NotFound", s:contribution(w.answer))
		assert.are.same({}, helper.collect(w.hub:threads()))
		assert.are.equal(0, assert(s:verify()).count)
	end)

	it("changes nothing once erased (issue 17)", function()
		-- A follow needs no membership: refused all the same, as the
		-- binding's PermissionDenied with the library's message.
		assert.is_true(s:erase_member(w.kofi))
		assert(s:set_actor(w.kofi.id))
		local msg = fails("PermissionDenied", s:follow("community", w.hub))
		assert.truthy(msg:find("an erased member may not change anything",
			1, true), msg)
		fails("PermissionDenied", s:follow("thread", w.question, nil, "muted"))
		assert.are.same({}, helper.collect(assert(s:follows())))
	end)

	it("is erased by no one else", function()
		assert(s:set_actor(w.esi))
		fails("PermissionDenied", s:erase_member(w.kofi))
		assert(s:act_as_system())
		assert.are.equal("kofi", assert(s:member(w.kofi.id)).handle)
	end)
end)

describe("erasure policies", function()
	it("round-trip by name", function()
		assert.are.equal("anonymize", s:erasure_policy(w.hub))
		assert.is_true(s:set_erasure_policy(w.hub, "remove"))
		assert.are.equal("remove", s:erasure_policy("ksghana"))
		assert.are.equal("remove", w.hub:erasure_policy())
		assert(w.hub:set_erasure_policy("anonymize"))
		assert.are.equal("anonymize", s:erasure_policy(w.hub.id))
		-- The policy travels with the community's JSON.
		if not has_jansson then return end
		assert(s:set_erasure_policy(w.hub, "remove"))
		local path = tmpfile()
		assert(s:export_json(w.hub, path))
		local s2 = helper.store()
		assert(s2:import_json(path))
		assert.are.equal("remove", s2:erasure_policy("ksghana"))
		s2:close()
	end)

	it("refuse bad names, members and unknown communities", function()
		assert.has_error(function() s:set_erasure_policy(w.hub, "shred") end)
		assert.has_error(function() w.hub:set_erasure_policy(nil) end)
		assert.are.equal("anonymize", s:erasure_policy(w.hub))
		fails("NotFound", s:erasure_policy("nosuch"))
		fails("NotFound", s:set_erasure_policy("nosuch", "remove"))
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:set_erasure_policy(w.hub, "remove"))
		assert(s:set_actor(w.esi))                    -- a facilitator
		assert(s:set_erasure_policy(w.hub, "remove"))
	end)
end)

describe("thread links", function()
	it("are made and listed with their kind", function()
		local t2 = assert(w.hub:create_thread("Notes, again", "Same question."))
		local t3 = assert(w.hub:create_thread("Drives", "Which drive?"))
		assert.is_true(s:link_threads(t2, w.question, "duplicate"))
		assert.is_true(w.question:link(t3))
		assert(s:link_threads(w.question.id, t2.id))
		local links = s:links(w.question):totable()
		assert.are.equal(2, #links)
		for _, l in ipairs(links) do
			assert.are.equal(cop.Link, getmetatable(l))
			assert.are.equal(w.question.id, l.thread_id)
			assert.are.equal("related", l.kind)
			assert.are.equal(helper.T0, l.created)
		end
		local targets = {links[1].target_id, links[2].target_id}
		table.sort(targets)
		local want = {t2.id, t3.id}
		table.sort(want)
		assert.are.same(want, targets)
		local dup = helper.collect(t2:links())
		assert.are.equal(1, #dup)
		assert.are.equal("duplicate", dup[1].kind)
		assert.are.equal(w.question, assert(dup[1]:target()))
		assert.are.equal(t2, assert(dup[1]:thread()))
		assert.truthy(tostring(dup[1]):match("^cop%.Link%(kind=duplicate"))
		assert.are.same({}, helper.collect(t3:links()))
	end)

	it("refuse twins, loops, members and bad kinds", function()
		local t2 = assert(w.hub:create_thread("Other", "Body"))
		assert(s:link_threads(w.question, t2))
		fails("AlreadyExists", s:link_threads(w.question, t2, "related"))
		fails("InvalidArgument", s:link_threads(t2, t2))
		fails("NotFound", s:link_threads(t2, "0190a0b0-0000-7000-8000-000000000000"))
		assert.has_error(function() s:link_threads(w.question, t2, "sibling") end)
		assert.has_error(function() s:links(w.question, {limit = 1}) end)
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:link_threads(t2, w.question))
		assert(s:act_as_system())
		fails("NotFound", s:links("0190a0b0-0000-7000-8000-000000000000"))
	end)
end)

describe("a build without an optional library", function()
	if not has_jansson then
		it("answers NotSupported for JSON", function()
			assert.truthy(fails("NotSupported", s:export_json(w.hub, tmpfile())):find("jansson"))
			assert.truthy(fails("NotSupported", s:export_member_json(w.esi, tmpfile())):find("jansson"))
		end)
	end
	if not has_libxml2 then
		it("answers NotSupported for the Stack Exchange import", function()
			assert.truthy(fails("NotSupported", s:import_stackexchange("/tmp")):find("libxml2"))
		end)
	end
end)
