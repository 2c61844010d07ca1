-- Outgoing mail from Lua (docs/mail.md, "Outgoing mail"): a member's
-- delivery per community; the outbox filled once with a notification
-- whose headers thread it and sign its Reply-To; a reply to it taken
-- back in by the member in the thread; send through a fake sendmail.
local helper = require "helper"

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

local fails = helper.fails
local DOMAIN, FROM = "lists.example.org", "notify@lists.example.org"
local URL = "https://example.org/unsubscribe/"

local function verified(member, address)
	assert(s:email_add(member, address))
	assert(s:email_verify(assert(s:email_token(member, address))))
end

-- Header @p name of message @p m (unfolded).
local function header(m, name)
	local head = m:match("^(.-)\n\n")
	head = head:gsub("\n[ \t]+", " ")
	for line in (head .. "\n"):gmatch("(.-)\n") do
		local k, v = line:match("^([^:]+):%s*(.*)$")
		if k and k:lower() == name:lower() then return v end
	end
end

describe("mail delivery", function()
	it("is the member's choice, none by default", function()
		assert(s:act_as_system())
		assert.are.equal("none", assert(s:mail_delivery(w.kofi, w.hub)))
		assert(s:set_actor(w.kofi))
		assert(s:set_mail_delivery(w.kofi, w.hub, "weekly"))
		assert.are.equal("weekly", assert(s:mail_delivery(w.kofi, "ksghana")))
		assert.has_error(function()
			s:set_mail_delivery(w.kofi, w.hub, "hourly")
		end)
		assert(s:set_actor(w.esi))
		fails("PermissionDenied", s:set_mail_delivery(w.kofi, w.hub, "none"))
	end)
end)

describe("the outbox", function()
	it("holds a threaded message whose reply comes back", function()
		assert(s:act_as_system())
		verified(w.kofi, "kofi@example.org")
		assert(s:set_time(s:now() + 1000))
		assert(s:set_mail_delivery(w.kofi, w.hub, "every"))
		assert(s:set_time(s:now() + 1000))
		local first
		for c in w.question:contributions() do first = first or c end
		assert(s:set_actor(w.esi))
		local reply = assert(w.question:reply("Try the wiki",
			{reply_to = first}))
		assert(s:act_as_system())
		assert.are.equal(1, assert(s:mail_outbox_fill(DOMAIN, FROM, URL)))
		assert.are.equal(0, assert(s:mail_outbox_fill(DOMAIN, FROM, URL)))
		local o = assert(s:mail_outbox())
		assert.are.equal(1, #o)
		assert.are.equal("waiting", o[1].state)
		assert.are.equal("kofi@example.org", o[1].recipient)
		local m = o[1].message
		assert.are.equal("<c." .. reply.id .. "@" .. DOMAIN .. ">",
			header(m, "Message-ID"))
		assert.are.equal("<c." .. first.id .. "@" .. DOMAIN .. ">",
			header(m, "In-Reply-To"))
		assert.are.equal("<ksghana." .. DOMAIN .. ">", header(m, "List-Id"))
		assert.are.equal("List-Unsubscribe=One-Click",
			header(m, "List-Unsubscribe-Post"))
		local tok = header(m, "List-Unsubscribe"):match("/([%w_-]+)>$")
		assert(s:mail_unsubscribe(tok))
		assert.are.equal("none", assert(s:mail_delivery(w.kofi, w.hub)))
		local rt = header(m, "Reply-To"):match("(reply%+[^@]+@%S+)")
		assert.is_not_nil(rt)
		local back = "From: kofi@example.org\r\nTo: " .. rt ..
			"\r\nSubject: Re\r\nMessage-ID: <k1@example.org>\r\n\r\nThanks!\r\n"
		local r = assert(s:mail_ingest(DOMAIN, back))
		assert.are.equal("accepted", r.outcome, r.reason)
		local c = assert(s:contribution(r.contribution_id))
		assert.are.equal(w.question.id, c.thread_id)
		assert.are.equal(w.kofi.id, c.author_id)
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:mail_outbox())
		fails("PermissionDenied", s:mail_outbox_fill(DOMAIN, FROM, URL))
	end)

	it("is sent through a sendmail program", function()
		assert(s:act_as_system())
		verified(w.kofi, "kofi@example.org")
		assert(s:set_time(s:now() + 1000))
		assert(s:set_mail_delivery(w.kofi, w.hub, "every"))
		assert(s:set_time(s:now() + 1000))
		assert(s:set_actor(w.esi))
		assert(w.question:reply("Hello"))
		assert(s:act_as_system())
		assert.are.equal(1, assert(s:mail_outbox_fill(DOMAIN, FROM, URL)))
		local dir = os.tmpname()
		os.remove(dir)
		assert(os.execute("mkdir " .. dir))
		local prog = dir .. "/sendmail"
		local f = assert(io.open(prog, "w"))
		f:write("#!/bin/sh\ncat > /dev/null\nexit $(cat " .. dir ..
			"/status)\n")
		f:close()
		assert(os.execute("chmod 755 " .. prog))
		f = assert(io.open(dir .. "/status", "w")); f:write("3\n"); f:close()
		local sent, failed = s:mail_send(prog)
		assert.are.equal(0, sent)
		assert.are.equal(1, failed)
		local o = assert(s:mail_outbox("failed"))
		assert.are.equal(1, o[1].attempts)
		assert.is_truthy(o[1].reason:find("status 3", 1, true))
		f = assert(io.open(dir .. "/status", "w")); f:write("0\n"); f:close()
		sent, failed = s:mail_send(prog)
		assert.are.equal(1, sent)
		assert.are.equal(0, failed)
		assert.are.equal("sent", assert(s:mail_outbox())[1].state)
		os.execute("rm -rf " .. dir)
	end)
end)
