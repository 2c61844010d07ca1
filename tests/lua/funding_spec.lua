-- The funding ledger and hours given (docs/funding.md): amounts, entries,
-- the report in several currencies, visibility by the community's
-- setting, hours by member and organisation, bad input refused.
local cop = require "cop"
local helper = require "helper"

local w, s
before_each(function() w = helper.world(); s = w.store end)
after_each(function() s:close() end)

local fails = helper.fails

describe("amounts", function()
	it("are parsed and written by the currency's minor unit", function()
		assert.are.equal(2, cop.currency_exponent("EUR"))
		assert.are.equal(0, cop.currency_exponent("JPY"))
		assert.are.equal(3, cop.currency_exponent("KWD"))
		assert.is_nil(cop.currency_exponent("XAU"))
		assert.are.equal(125050, cop.amount_parse("1250.50", "EUR"))
		assert.is_nil(cop.amount_parse("12.345", "EUR"))
		assert.are.equal("1250.50", cop.amount_format(125050, "EUR"))
		assert.are.equal("-0.05", cop.amount_format(-5, "EUR"))
		assert.are.equal("500", cop.amount_format(500, "JPY"))
	end)
end)

describe("the ledger", function()
	it("adds, lists, reports and receives", function()
		assert(s:set_actor(w.esi))
		local g = assert(s:fund_add(w.hub, "grant", "10000", "EUR",
			{date = "2024-01-10", counterparty = "Foundation"}))
		assert(s:fund_add("ksghana", "expense", 30000, "EUR",
			{date = "2024-01-20"}))
		local p = assert(s:fund_add("ksghana", "pledge", "2000", "EUR",
			{date = "2024-02-01"}))
		assert(s:fund_add("ksghana", "expense", "600", "EUR",
			{date = "2024-02-15"}))
		assert(s:fund_add("ksghana", "expense", "900", "EUR",
			{date = "2024-03-05"}))
		assert(s:fund_add("ksghana", "grant", "1.5", "KWD",
			{date = "2024-01-01"}))
		assert.are.equal("grant", g.kind)
		assert.are.equal(1000000, g.amount)
		assert.are.equal("2024-01-10", g.date)
		assert.are.equal(w.esi.id, g.actor_id)
		assert.is_nil(g.received)
		assert.are.equal(g, assert(s:fund_entry(g.id)))
		local dates = helper.collect(s:fund_entries("ksghana"), "date")
		assert.are.equal("2024-03-05", dates[1])
		assert.are.equal(6, #dates)

		local r = assert(s:fund_report("ksghana", "2024-04-10"))
		local eur = r.currencies.EUR
		assert.are.equal(3, r.window)
		assert.are.equal(820000, eur.balance)
		assert.are.equal(60000, eur.burn)
		assert.are.equal(3, eur.burn_months)
		assert.is_true(math.abs(eur.runway - 820000 / 60000) < 1e-9)
		assert.are.equal(200000, eur.pledged_outstanding)
		assert.is_nil(r.currencies.KWD.runway)   -- zero burn
		-- A window of 6 starts before the first entry: cut to it.
		assert.are.equal(60000, assert(s:fund_report("ksghana",
			"2024-04-10", 6)).currencies.EUR.burn)

		assert(s:set_time(1712318400000))   -- 2024-04-05
		assert(s:fund_receive(p))
		assert.are.equal("2024-04-05", assert(s:fund_entry(p.id)).received)
		eur = assert(s:fund_report("ksghana", "2024-04-10")).currencies.EUR
		assert.are.equal(1020000, eur.balance)
		assert.are.equal(0, eur.pledged_outstanding)
		fails("AlreadyExists", s:fund_receive(p))
		fails("InvalidArgument", s:fund_receive(g))
	end)

	it("refuses bad input and changes nothing", function()
		assert(s:fund_add("ksghana", "grant", 100, "EUR",
			{date = "2024-01-01"}))
		fails("InvalidArgument", s:fund_add("ksghana", "grant", 100, "ZZZ"))
		fails("InvalidArgument", s:fund_add("ksghana", "grant", 0, "EUR"))
		fails("InvalidArgument", s:fund_add("ksghana", "grant", -5, "EUR"))
		fails("InvalidArgument", s:fund_add("ksghana", "grant", "12.345",
			"EUR"))
		fails("InvalidArgument", s:fund_add("ksghana", "grant", 100, "EUR",
			{date = "2024-02-30"}))
		assert.has_error(function()
			s:fund_add("ksghana", "gift", 100, "EUR")
		end)
		fails("InvalidArgument", s:report_hours("ksghana", -1,
			{member = w.kofi, month = "2024-04"}))
		fails("InvalidArgument", s:report_hours("ksghana", 745,
			{member = w.kofi, month = "2024-04"}))
		fails("InvalidArgument", s:report_hours("ksghana", 1,
			{member = w.kofi, month = "2024-13"}))
		assert.are.equal(1, #helper.collect(s:fund_entries("ksghana"), "id"))
		local rows = assert(s:hours("ksghana", {month = "2024-04",
			by = "member"}))
		assert.are.equal(1, #rows)
		assert.are.equal(0, rows[1].given)
	end)

	it("is seen as the community's setting says", function()
		local g = assert(s:fund_add("ksghana", "grant", 100, "EUR",
			{date = "2024-01-01"}))
		assert.are.equal("moderators", s:fund_visibility("ksghana"))
		assert(s:set_actor(w.kofi))
		fails("PermissionDenied", s:fund_report("ksghana"))
		fails("NotFound", s:fund_entry(g.id))
		fails("PermissionDenied", s:set_fund_visibility("ksghana", "members"))
		assert(s:set_actor(w.esi))
		assert(s:set_fund_visibility("ksghana", "members"))
		assert(s:set_actor(w.kofi))
		assert.are.equal(100, assert(s:fund_report("ksghana",
			"2024-02-01")).currencies.EUR.balance)
		fails("PermissionDenied", s:fund_add("ksghana", "income", 5, "EUR"))
		assert(s:set_actor(w.yaw))
		fails("PermissionDenied", s:fund_report("ksghana"))
		fails("NotFound", s:fund_entry(g.id))
	end)
end)

describe("hours", function()
	it("are reported and set against pledges", function()
		assert(s:set_actor(w.kofi))
		assert(s:report_hours("ksghana", 3, {month = "2024-04"}))
		fails("PermissionDenied", s:report_hours("ksghana", 1,
			{member = w.esi, month = "2024-04"}))
		assert(s:set_actor(w.esi))
		assert(s:report_hours("ksghana", 1.5, {member = "ama",
			month = "2024-04"}))
		local rows = assert(s:hours("ksghana", {month = "2024-04",
			by = "member"}))
		assert.are.equal("ama", rows[1].handle)
		assert.is_nil(rows[1].fulfilment)
		assert.are.equal("kofi", rows[2].handle)
		assert.are.equal(2, rows[2].pledged)
		assert.are.equal(3, rows[2].given)
		assert.are.equal(1.5, rows[2].fulfilment)
		rows = assert(s:hours("ksghana", {month = "2024-04",
			by = "organisation"}))
		assert.are.equal("MoFA", rows[2].organisation)
		assert.are.equal(1.5, rows[2].given)
		rows = assert(s:hours("ksghana", {month = "2024-03", to = "2024-04"}))
		assert.are.equal(4, rows[1].pledged)
		assert.are.equal(4.5, rows[1].given)
		assert(s:set_actor(w.yaw))
		fails("PermissionDenied", s:hours("ksghana", {month = "2024-04"}))
	end)
end)
