-- Members' mail addresses and mail tokens (docs/mail.md): added, listed,
-- made primary, removed and verified by the member or the system only; an
-- address taken refused without saying whose; signed reply and
-- unsubscribe tokens, refused when forged or of the other kind.
local helper = require "helper"

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

local fails = helper.fails

describe("addresses", function()
	it("are the member's own", function()
		assert(s:set_actor(w.kofi))
		assert(s:email_add(w.kofi, "Kofi@Example.org"))
		assert(s:email_add("kofi", "kofi.work@example.net"))
		local got = assert(s:emails(w.kofi))
		assert.are.equal(2, #got)
		assert.are.equal("kofi.work@example.net", got[1].address)
		assert.is_false(got[1].primary)
		assert.are.equal("kofi@example.org", got[2].address)
		assert.is_true(got[2].primary)
		assert.is_false(got[2].verified)
		assert(s:email_set_primary(w.kofi, "kofi.work@example.net"))
		assert.is_true(assert(s:emails(w.kofi))[1].primary)
		fails("InvalidArgument", s:email_add(w.kofi, "Kofi <k@example.org>"))
		assert(s:set_actor(w.esi))
		fails("PermissionDenied", s:emails(w.kofi))
		local msg = fails("AlreadyExists", s:email_add(w.esi,
			"KOFI@example.org"))
		assert.is_nil(msg:find("kofi"))
		assert(s:act_as_system())
		assert(s:email_remove(w.kofi, "kofi.work@example.net"))
		got = assert(s:emails(w.kofi))
		assert.are.equal(1, #got)
		assert.is_true(got[1].primary)
	end)

	it("are verified by token", function()
		assert(s:act_as_system())
		assert(s:email_add(w.kofi, "kofi@example.org"))
		local token = assert(s:email_token(w.kofi, "kofi@example.org"))
		assert(s:set_actor(w.esi))
		fails("PermissionDenied", s:email_verify(token))
		assert(s:set_actor(w.kofi))
		assert(s:email_verify(token))
		fails("AlreadyExists", s:email_verify(token))
		assert.is_true(assert(s:emails(w.kofi))[1].verified)
	end)
end)

describe("incoming mail", function()
	it("becomes a thread, once", function()
		assert(s:act_as_system())
		assert(s:email_add(w.kofi, "kofi@example.org"))
		assert(s:email_verify(assert(s:email_token(w.kofi,
			"kofi@example.org"))))
		local msg = "From: Kofi <kofi@example.org>\r\n" ..
			"To: ksghana@lists.example.org\r\nSubject: Notes\r\n" ..
			"Message-ID: <n1@example.org>\r\n\r\nWhere are the notes?\r\n"
		local r = assert(s:mail_ingest("lists.example.org", msg))
		assert.are.equal("accepted", r.outcome, r.reason)
		assert.are.equal(0, r.code)
		assert.are.equal("n1@example.org", r.message_id)
		local again = assert(s:mail_ingest("lists.example.org", msg))
		assert.are.equal("duplicate", again.outcome)
		assert.are.equal(r.contribution_id, again.contribution_id)
		local dsn = msg:gsub("n1@", "n2@"):gsub("Subject: Notes",
			"Auto-Submitted: auto-replied\r\nSubject: Away")
		assert.are.equal("auto-reply", assert(s:mail_ingest(
			"lists.example.org", dsn)).outcome)
	end)
end)

describe("tokens", function()
	it("are signed and of one kind", function()
		assert(s:act_as_system())
		local t = assert(s:mail_token("reply", w.kofi, w.answer))
		assert.is_true(#("reply+" .. t) <= 64)
		local m, o = s:mail_token_check("reply", t)
		assert.are.equal(w.kofi.id, m)
		assert.are.equal(w.answer.id, o)
		fails("PermissionDenied", s:mail_token_check("unsubscribe", t))
		local c = t:sub(6, 6) == "A" and "B" or "A"
		fails("PermissionDenied", s:mail_token_check("reply",
			t:sub(1, 5) .. c .. t:sub(7)))
		local u = assert(s:mail_token("unsubscribe", w.kofi, w.hub))
		m, o = s:mail_token_check("unsubscribe", u)
		assert.are.equal(w.hub.id, o)
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:mail_token("reply", w.kofi, w.answer))
	end)
end)
