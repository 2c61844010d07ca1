-- The mbox import (docs/mail-archives.md): the hand-made edge cases of
-- tests/data/mbox, a second import changing nothing, refusals.
local helper = require "helper"
local fails = helper.fails

local data = helper.examples() .. "/../tests/data/mbox/"
local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

describe("import_mbox", function()
	it("imports a thread in three charsets, once", function()
		local r = assert(s:import_mbox(data .. "encodings.mbox",
			{community = "mail"}))
		assert.are.equal(3, r.members)
		assert.are.equal(1, r.threads)
		assert.are.equal(3, r.contributions)
		local latin = assert(s:mail_message("latin1@example.org"))
		local koi8 = assert(s:mail_message("koi8@example.net"))
		assert.are.equal("Un café crème, s'il vous plaît.\n", latin.body)
		assert.are.equal("Привет из Москвы.\n", koi8.body)
		assert.are.equal(latin.id, koi8.reply_to)
		assert.are.equal(latin.thread_id, koi8.thread_id)
		r = assert(s:import_mbox({data .. "encodings.mbox"},
			{community = "mail"}))
		assert.are.equal(0, r.members + r.threads + r.contributions)
		assert.are.equal(3, r.unchanged)
	end)

	it("threads by subject and skips what has no sender", function()
		local r = assert(s:import_mbox({data .. "threading.mbox"},
			{community = w.hub}))
		assert.are.equal(2, r.threads)
		assert.are.equal(5, r.contributions)
		assert.are.equal(1, r.skipped_posts)
		local root = assert(s:mail_message("root@example.org"))
		local late = assert(s:mail_message("subject-only@example.org"))
		assert.are.equal(root.thread_id, late.thread_id)
		fails("NotFound", s:mail_message("nofrom@example.org"))
	end)

	it("refuses damaged files and changes nothing", function()
		fails("FormatError", s:import_mbox({data .. "threading.mbox",
			data .. "damaged.mbox.gz"}, {community = "mail"}))
		fails("FormatError", s:import_mbox({data .. "threading.mbox",
			data .. "not-mbox.txt"}, {community = "mail"}))
		fails("InvalidArgument", s:import_mbox(data .. "threading.mbox"))
		fails("NotFound", s:mail_message("root@example.org"))
		fails("NotFound", s:community("mail"))
	end)
end)
