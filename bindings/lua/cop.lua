--- cop: libcop from Lua, the machinery of a community of practice.
--
--     local cop = require "cop"
--     local store = assert(cop.open("sqlite:cop.db"))
--     local ama = assert(store:create_member("ama", "Ama Mensah",
--                                            {organisation = "MoFA"}))
--     local hub = assert(store:create_community("ksghana", "KSGhana"))
--     assert(hub:join(ama))
--     for ms in hub:memberships() do print(ms.handle, ms.role) end
--     store:close()
--
-- One error convention (bindings/README.md, "Lua: errors"): every call
-- the library can refuse returns its result, or nil, message, code (the
-- library's message and status code; cop.errors names the codes), listing
-- constructors included: for m in cop.check(store:members()) do ... end
-- raises instead.  Raised are only (1) misuse Lua itself would reject --
-- an argument of the wrong type, an unknown option or enum name, an
-- option value outside its type ({limit = -1}), writing
-- a read-only field -- and (2) an error while a generic for is iterating
-- a listing (the for statement would drop the message and end quietly),
-- a cop.Error object with message, code and name.  Objects are
-- snapshots with read-only fields (member.handle, thread.state, ...);
-- methods that change one refresh it.  Handles are freed by the garbage
-- collector or by an explicit close(); an object keeps its store open.
-- Times are integers (UTC milliseconds; nil for "never"); enum values
-- are the library's names ("owner", "invite-only").
--
-- copc (cop.raw) is the C API as SWIG generates it: every C function
-- under its C name, getters as get_<name>.

local copc = require "copc"

-- The C functions' old names (include/cop/deprecated.h, which the
-- generated module does not wrap) stay reachable through copc and
-- Store:call(), each the same function as its new name.
local renamed = {
	cop_member_get_by_handle = "cop_member_lookup_by_handle",
	cop_member_get = "cop_member_lookup",
	cop_community_get = "cop_community_lookup",
	cop_contribution_get = "cop_contribution_lookup",
	cop_membership_get = "cop_membership_lookup",
	cop_thread_get = "cop_thread_lookup",
	cop_vote_get = "cop_vote_lookup",
	cop_standing_get = "cop_standing_lookup",
	cop_stats_get = "cop_stats_lookup",
	cop_recognition_config_get = "cop_recognition_config_lookup",
	cop_community_erasure = "cop_community_erasure_lookup",
	cop_answer_accepted = "cop_answer_lookup",
}
for old, new in pairs(renamed) do copc[old] = copc[new] end

local cop = {
	version = copc.cop_version(),
	raw = copc,
	--- status codes by class name and class names by code
	errors = copc.errors,
	OPEN_READONLY = copc.COP_OPEN_READONLY,
	OPEN_NOCREATE = copc.COP_OPEN_NOCREATE,
	OPEN_DURABLE = copc.COP_OPEN_DURABLE,
	OPEN_SYSTEM = copc.COP_OPEN_SYSTEM,
	--- who Store:set_actor and Store:acting_as take for the system (nil
	-- is the anonymous viewer)
	SYSTEM = setmetatable({}, {__name = "cop.SYSTEM",
		__tostring = function() return "cop.SYSTEM" end}),
	--- the text a redacted revision keeps (Store:redact)
	REDACTED_TEXT = copc.COP_REDACTED_TEXT,
	-- Snippet markers that never occur in a snippet's text (SOH, STX).
	SEARCH_MARK_OPEN = copc.COP_SEARCH_MARK_OPEN,
	SEARCH_MARK_CLOSE = copc.COP_SEARCH_MARK_CLOSE,
	--- a JSON null in a decoded document (Store:health_report)
	null = copc.null,
}

local EINVAL = copc.COP_EINVAL
local setmetatable, getmetatable, rawget = setmetatable, getmetatable, rawget
local type, pairs, ipairs, error, pcall = type, pairs, ipairs, error, pcall
local concat = table.concat

-- ---- errors -------------------------------------------------------------------

--- The error object raised by listings (and cop.check()).
local Error = {}
Error.__index = Error
Error.__name = "cop.Error"
Error.__tostring = function(e) return e.message end
cop.Error = Error

local function new_error(message, code)
	return setmetatable({message = message, code = code,
		name = copc.errors[code] or "Error"}, Error)
end

--- Raise an error for a failed call: use as cop.check(store:member(id)).
-- Returns its arguments when the first is not nil.
function cop.check(v, message, code, ...)
	if v == nil and message ~= nil then
		error(new_error(message, code), 2)
	end
	return v, message, code, ...
end

--- True if e is an error object raised by cop.
function cop.is_error(e)
	return getmetatable(e) == Error
end

function cop.strerror(code) return copc.cop_strerror(code) end
function cop.error_name(code) return copc.cop_error_name(code) end

local function closed()
	return nil, "the store is closed", EINVAL
end

-- ---- classes --------------------------------------------------------------------

-- The C object types: those with a _free function, and the store.
local ctypes = {"cop_store"}
for name in pairs(copc) do
	local t = type(name) == "string" and name:match("^(cop_[%w_]+)_free$")
	if t then ctypes[#ctypes + 1] = t end
end
-- A digest's items belong to their digest: no _free, a type still.
ctypes[#ctypes + 1] = "cop_digest_item"
table.sort(ctypes, function(a, b) return #a > #b end)

local function owner(cname)
	for _, t in ipairs(ctypes) do
		if cname:sub(1, #t + 1) == t .. "_" then return t end
	end
end

-- getters[ctype][field] = raw getter, from the get_cop_<type>_<field>
-- functions (a _get suffix dropped: cop_member_status_get is status; an
-- is_ prefix too, the value a boolean: cop_thread_is_pinned is pinned).
local getters = {}
for name, fn in pairs(copc) do
	local cname = type(name) == "string" and name:match("^get_(cop_[%w_]+)$")
	local t = cname and owner(cname)
	if t then
		local field = cname:sub(#t + 2):gsub("_get$", "")
		local flag = field:match("^is_(.+)$")
		getters[t] = getters[t] or {}
		if flag then
			local raw = fn
			getters[t][flag] = function(o) return raw(o) ~= 0 end
		else
			getters[t][field] = fn
		end
	end
end

-- classes[ctype]: the class of a C object type.
local classes = {}

local function class(name, ctype)
	local cls = {_name = name, _ctype = ctype, _getters = getters[ctype] or {},
		_props = {}}
	classes[ctype] = cls
	local methods, props, get = cls, cls._props, cls._getters
	cls.__name = "cop." .. name
	cls.__index = function(self, k)
		local m = methods[k]
		if m ~= nil then return m end
		local p = props[k]
		if p then return p(self) end
		local g = get[k]
		if g then
			local o = self._p
			if o == nil then error("cop." .. name .. " is closed", 2) end
			return g(o)
		end
	end
	cls.__newindex = function(_, k)
		error("cop." .. name .. "." .. tostring(k) .. " is read-only", 2)
	end
	cls.__eq = function(a, b) return a:_key() == b:_key() end
	cls.__tostring = function(self)
		local shown = {}
		for _, f in ipairs(cls._shown or {"id"}) do
			shown[#shown + 1] = f .. "=" .. tostring(self[f])
		end
		return "cop." .. name .. "(" .. concat(shown, " ") .. ")"
	end
	--- The fields as a plain table.
	function cls:fields()
		local t = {}
		for f in pairs(get) do t[f] = self[f] end
		for f in pairs(props) do t[f] = self[f] end
		return t
	end
	function cls:_key() return self.id end
	--- Free the C object now (fields cannot be read after).
	function cls:close()
		local p = rawget(self, "_p")
		if p ~= nil then
			rawset(self, "_p", nil)
			copc[ctype .. "_free"](p)
		end
	end
	return cls
end

local function wrap(cls, store, p, msg, code)
	if p == nil then return nil, msg, code end
	return setmetatable({_p = p, _store = store}, cls)
end

local Member = class("Member", "cop_member")
local Community = class("Community", "cop_community")
local Membership = class("Membership", "cop_membership")
local Thread = class("Thread", "cop_thread")
local Contribution = class("Contribution", "cop_contribution")
local Revision = class("Revision", "cop_revision")
local LogEntry = class("LogEntry", "cop_log_entry")
local SearchHit = class("SearchHit", "cop_search_hit")
cop.Member, cop.Community, cop.Membership, cop.Thread = Member, Community,
	Membership, Thread
cop.Contribution, cop.Revision, cop.LogEntry, cop.SearchHit = Contribution,
	Revision, LogEntry, SearchHit

Member._shown = {"handle", "id"}
Community._shown = {"slug", "id"}
Membership._shown = {"handle", "role", "status"}
Thread._shown = {"title", "id"}
Contribution._shown = {"kind", "id"}
Revision._shown = {"contribution_id", "number"}
LogEntry._shown = {"seq", "op", "object_id"}
SearchHit._shown = {"title", "score"}
--- contribution.source_score: the score it had where it was imported
-- from (a Stack Exchange dump's Score), kept apart from .score (the sum
-- of the votes held here); nil when it has none (made through the API).
function Contribution._props.source_score(self)
	local p = self._p
	if p == nil then error("cop.Contribution is closed", 2) end
	if copc.get_cop_contribution_has_source_score(p) == 0 then return nil end
	return copc.get_cop_contribution_source_score(p)
end
function Membership:_key() return self.community_id .. "/" .. self.member_id end
function Revision:_key() return self.contribution_id .. "#" .. self.number end
function LogEntry:_key() return self.seq end
function SearchHit:_key() return self.contribution_id end

local Standing = class("Standing", "cop_standing")
local LedgerEntry = class("LedgerEntry", "cop_ledger_entry")
local BadgeAward = class("BadgeAward", "cop_badge_award")
local Leader = class("Leader", "cop_leader")
local Kudos = class("Kudos", "cop_kudos")
local Flag = class("Flag", "cop_flag")
local VerifyReport = class("VerifyReport", "cop_verify_report")
local FundEntry = class("FundEntry", "cop_fund_entry")
cop.FundEntry = FundEntry
FundEntry._shown = {"kind", "amount", "currency", "date", "id"}
Standing._shown = {"member_id", "reputation", "trust_level"}
--- standing's counts (days_active, posts, likes_given, likes_received,
-- kudos_received, accepted, posts_read) count hidden content, so they are
-- given only to the member, the community's facilitators and owners and
-- the system: nil to anyone else.
for _, f in ipairs({"days_active", "posts", "likes_given", "likes_received",
		"kudos_received", "accepted", "posts_read"}) do
	local g = copc["get_cop_standing_" .. f]
	Standing._props[f] = function(self)
		local p = self._p
		if p == nil then error("cop.Standing is closed", 2) end
		local n = g(p)
		if n < 0 then return nil end
		return n
	end
end
LedgerEntry._shown = {"reason", "points", "object_id"}
BadgeAward._shown = {"badge", "member_id"}
Leader._shown = {"handle", "points"}
Kudos._shown = {"message", "id"}
Flag._shown = {"state", "reason", "id"}
VerifyReport._shown = {"count", "repaired"}
function Standing:_key() return self.member_id end
function LedgerEntry:_key() return self end
function BadgeAward:_key() return self.badge .. "/" .. self.member_id .. "/" .. (self.object_id or "") end
function Leader:_key() return self.member_id end
function VerifyReport:_key() return self end
--- report.lines: the differences found, as a list of strings;
-- report.repaired: a boolean.
VerifyReport._props.lines = function(self)
	local t = {}
	for i = 0, self.count - 1 do t[#t + 1] = copc.cop_verify_report_line(self._p, i) end
	return t
end
VerifyReport._props.repaired = function(self)
	return copc.get_cop_verify_report_repaired(self._p) ~= 0
end
--- badge_award.badge_class: "bronze", "silver" or "gold".
BadgeAward._props.badge_class = function(self)
	return copc.cop_badge_class_name(copc.cop_badge_class_of(self.badge))
end
cop.Standing, cop.LedgerEntry, cop.BadgeAward, cop.Leader, cop.Kudos,
	cop.VerifyReport = Standing, LedgerEntry, BadgeAward, Leader, Kudos,
	VerifyReport

--- A digest (docs/digest.md): since, until, member_id, member_handle,
-- community_slug; d:items(section), d.sections, d:render(format),
-- d:mark_sent().  Its items: section, community_id, community_slug,
-- thread_id, contribution_id, member_id, member_handle, actor_id,
-- actor_handle, title, language, text, time, points, badge.
local Digest = class("Digest", "cop_digest")
local DigestItem = class("DigestItem", "cop_digest_item")
Digest._shown = {"member_handle", "community_slug", "since"}
DigestItem._shown = {"section", "title", "member_handle"}
function Digest:_key() return self end
function DigestItem:_key() return self end
-- An item is its digest's: closing it only lets go of the digest.
function DigestItem:close()
	rawset(self, "_p", nil)
	rawset(self, "_digest", nil)
end
--- The items of a section (its name: "threads", ..., "events"), in
-- order; each keeps the digest alive.
function Digest:items(section)
	local p = self._p
	if p == nil then error("cop.Digest is closed", 2) end
	local t = {}
	for i = 0, copc.cop_digest_count(p, section) - 1 do
		t[#t + 1] = setmetatable({_p = copc.cop_digest_item_at(p, section, i),
			_store = self._store, _digest = self}, DigestItem)
	end
	return t
end
--- digest.sections: every section's items, by name.
Digest._props.sections = function(self)
	local t = {}
	for i = 0, copc.COP_DIGEST_SECTIONS - 1 do
		local name = copc.cop_digest_section_name(i)
		t[name] = self:items(name)
	end
	return t
end
--- The digest as "text", "md" (CommonMark) or "html"; or nil, message,
-- code.
function Digest:render(format)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_digest_render(p, format or "text")
end
--- Mark a member's digest as sent: the next starts where it ends.
function Digest:mark_sent()
	return self._store:mark_digest_sent(self)
end
cop.Digest, cop.DigestItem = Digest, DigestItem
local QueueItem = class("QueueItem", "cop_queue_item")
QueueItem._shown = {"kind", "object_id", "waited"}
function QueueItem:_key() return self.kind .. "/" .. self.object_id end
cop.QueueItem = QueueItem

local Tag = class("Tag", "cop_tag")
Tag._shown = {"name", "uses"}
function Tag:_key() return self.community_id .. "/" .. self.name end
cop.Tag = Tag

local Link = class("Link", "cop_link")
local ThreadChange = class("ThreadChange", "cop_thread_change")
ThreadChange._shown = {"number", "kind"}
function ThreadChange:_key() return self.thread_id .. "#" .. self.number end
cop.ThreadChange = ThreadChange
Link._shown = {"kind", "thread_id", "target_id"}
function Link:_key() return self.thread_id .. ">" .. self.target_id end
cop.Link = Link

-- A class for every other C object type (one with a T_free(), not an
-- iterator), its fields made from its getters: new library types are
-- usable from Lua (through store:call() and listings) with no code here.
for _, t in ipairs(ctypes) do
	if not classes[t] and t ~= "cop_store" and not t:match("_iter$") then
		local name = t:sub(5):gsub("^%l", string.upper):gsub("_(%l)", string.upper)
		cop[name] = class(name, t)
	end
end

-- An argument naming an object: a string as is, else the object's id.
local function ref(x)
	if type(x) == "table" then return x.id end
	return x
end

local function member_ref(x)
	if type(x) ~= "table" then return x end
	local mt = getmetatable(x)
	if mt == Membership then return x.member_id end
	if mt == LogEntry then return x.actor_id end
	return x.id
end

local function community_ref(x)
	if type(x) ~= "table" then return x end
	local mt = getmetatable(x)
	if mt == Membership or mt == Thread or mt == Contribution
	    or mt == SearchHit then
		return x.community_id
	end
	return x.id
end

local function list_of(x)
	if type(x) == "table" then return concat(x, " ") end
	return x
end

-- Check an option table: only the keys in @allowed (a set); returns it,
-- or an empty table for nil.
local NOOPTS = setmetatable({}, {__newindex = function() error("read-only") end})
local function options(opts, allowed, what)
	if opts == nil then return NOOPTS end
	if type(opts) ~= "table" then
		error(("%s: options must be a table, not %s"):format(what, type(opts)), 3)
	end
	for k in pairs(opts) do
		if not allowed[k] then
			error(("%s: unknown option '%s'"):format(what, tostring(k)), 3)
		end
	end
	return opts
end

local function set(...)
	local t = {}
	for _, k in ipairs{...} do t[k] = true end
	return t
end

local PAGE = set("after", "limit")
local OPTS_TAGS = set("by", "after", "limit")
local OPTS_ADD_CONTRIBUTION = set("kind", "reply_to", "translation_of", "language")
local OPTS_COP_OPEN = set("readonly", "create", "busy_timeout_ms", "durable",
	"system")
local OPTS_CREATE_COMMUNITY = set("purpose", "language", "visibility")
local OPTS_CREATE_MEMBER = set("organisation", "languages")
local OPTS_CREATE_THREAD = set("kind", "tags", "language")
local OPTS_EDIT_CONTRIBUTION = set("comment")
local OPTS_EDIT_THREAD = set("title", "tags", "comment")
local OPTS_JOIN = set("pledged_hours")
local OPTS_LOG = set("after", "after_seq", "limit")
local OPTS_SEARCH = set("community", "language", "limit", "marks", "after")
local OPTS_UPDATE_MEMBER = set("display_name", "organisation", "languages")
local OPTS_UPDATE_COMMUNITY = set("name", "purpose", "language", "visibility")
local OPTS_KUDOS = set("contribution")
local OPTS_BADGE = set("contribution")
local OPTS_LEADERBOARD = set("period", "tag", "at", "after", "limit")
local OPTS_VERIFY = set("repair")
local OPTS_IMPORT = set("community")

local function page(opts)
	opts = options(opts, PAGE, "listing")
	if opts.after == nil and (opts.limit or 0) == 0 then
		return nil
	end
	return {after = opts.after, limit = opts.limit}
end

-- ---- listings ------------------------------------------------------------------------

--- A listing: call it (a generic for does) for the next item, nil at the
-- end.  listing:cursor() is the cursor after the last item returned (pass
-- it as {after = ...} to continue); listing:close() frees it now (a
-- generic for does when left early).
local Listing = {__name = "cop.Listing"}
Listing.__index = Listing
cop.Listing = Listing

local function listing(store, after, it, msg, code)
	if it == nil then return nil, msg, code end
	local prefix = getmetatable(it)[".type"]
	local l = setmetatable({_store = store, _it = it, _cls = nil,
		_next = copc[prefix .. "_next"],
		_cursor_fn = copc["get_" .. prefix .. "_cursor"],
		_cursor = after}, Listing)
	store._listings[l] = true
	return l, nil, nil, l
end

function Listing:__call()
	local it = self._it
	if it == nil then
		if self._cut then
			return nil, "the listing was closed before its end", EINVAL
		end
		return nil
	end
	local p, msg, code = self._next(it)
	if p == nil then
		self:_end()
		if msg ~= nil then
			self._cut = true
			local store = self._store
			if store._p and copc.get_cop_errcode(store._p) == code then
				msg = copc.get_cop_errmsg(store._p)
			end
			error(new_error(msg, code), 2)
		end
		return nil
	end
	local cls = self._cls
	if cls == nil then
		-- the items' class, from the first item's C type
		cls = classes[getmetatable(p)[".type"]]
		self._cls = cls
	end
	return setmetatable({_p = p, _store = self._store}, cls)
end

function Listing:cursor()
	local it, fn = self._it, self._cursor_fn
	if it ~= nil and fn ~= nil then
		local c = fn(it)
		if c ~= nil then return c end
	end
	return self._cursor
end

--- Free the listing now.  Called for more afterwards, it returns nil,
-- message, code (a loop that calls it can tell it was cut short), unless
-- it had reached its end.  Closing the store closes its listings.
function Listing:close()
	if self._it ~= nil then self._cut = true end
	self:_end()
end

function Listing:_end()
	local it = self._it
	if it ~= nil then
		self._cursor = self:cursor()
		self._it = nil
		self._store._listings[self] = nil
		copc[getmetatable(it)[".type"] .. "_free"](it)
	end
end

-- Leaving a generic for early (a break) is not cutting the listing short.
Listing.__close = Listing._end

--- All items in a table (the listing is then done).
function Listing:totable()
	local t = {}
	for item in self do t[#t + 1] = item end
	return t
end

-- ---- the store --------------------------------------------------------------------------

local Store = {__name = "cop.Store"}
Store.__index = Store
cop.Store = Store
Store.__tostring = function(self)
	return "cop.Store(" .. self.uri .. (self._p and ")" or ", closed)")
end

--- Open a store: uri is "PATH", "sqlite:PATH", ":memory:" or
-- "SCHEME:..."; opts: readonly, create (default true), busy_timeout_ms,
-- durable, system (act as the system; without it the store acts as the
-- anonymous viewer, who sees public content only and writes nothing).
-- Returns the store, or nil, message, code.
function cop.open(uri, opts)
	opts = options(opts, OPTS_COP_OPEN, "cop.open")
	local flags = 0
	if opts.readonly then flags = flags | cop.OPEN_READONLY end
	if opts.create == false then flags = flags | cop.OPEN_NOCREATE end
	if opts.durable then flags = flags | cop.OPEN_DURABLE end
	if opts.system then flags = flags | cop.OPEN_SYSTEM end
	local copts = nil
	if flags ~= 0 or opts.busy_timeout_ms then
		copts = {flags = flags, busy_timeout_ms = opts.busy_timeout_ms}
	end
	local p, msg, code = copc.cop_open(uri, copts)
	if p == nil then return nil, msg, code end
	return setmetatable({_p = p, uri = uri,
		_listings = setmetatable({}, {__mode = "k"})}, Store)
end

--- Close the store (and first its open listings).  Returns true.
function Store:close()
	local p = self._p
	if p ~= nil then
		for l in pairs(self._listings) do l:close() end
		self._p = nil
		copc.cop_close(p)
	end
	return true
end
Store.__close = Store.close

function Store:is_closed() return self._p == nil end

function Store:backend()
	local p = self._p
	if p == nil then return closed() end
	return copc.get_cop_store_backend_name(p)
end

function Store:errmsg()
	local p = self._p
	if p == nil then return "the store is closed" end
	return copc.get_cop_errmsg(p)
end

function Store:errcode()
	local p = self._p
	if p == nil then return EINVAL end
	return copc.get_cop_errcode(p)
end

--- The id of the member the store acts as, or nil (the system or the
-- anonymous viewer: actor_kind() tells which).
function Store:actor_id()
	local p = self._p
	if p == nil then return nil end
	return copc.get_cop_store_actor(p)
end

--- Who the store acts as: "anonymous" (the default: public content only,
-- no write), "member" or "system".
function Store:actor_kind()
	local p = self._p
	if p == nil then return closed() end
	return copc.get_cop_store_actor_kind(p)
end

--- Act as a member (an object or an id); nil acts as the anonymous viewer,
-- cop.SYSTEM as the system.
function Store:set_actor(member)
	local p = self._p
	if p == nil then return closed() end
	if rawequal(member, cop.SYSTEM) then
		return copc.cop_store_act_as_system(p)
	end
	return copc.cop_store_set_actor(p, member_ref(member))
end

--- Act as the system from now on (as cop.open(uri, {system = true})).
function Store:act_as_system()
	return self:set_actor(cop.SYSTEM)
end

--- Call fn(store) acting as member (nil: the anonymous viewer; cop.SYSTEM:
-- the system), then act as before again.  Returns what fn returns; an
-- error in fn is raised again after.
function Store:acting_as(member, fn)
	local before = self:actor_id()
	if before == nil and self:actor_kind() == "system" then
		before = cop.SYSTEM
	end
	local ok, msg, code = self:set_actor(member)
	if not ok then return nil, msg, code end
	local res = table.pack(pcall(fn, self))
	if self._p then self:set_actor(before) end
	if not res[1] then error(res[2], 0) end
	return table.unpack(res, 2, res.n)
end

function Store:now()
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_store_now(p)
end

--- Fix the clock at ms (UTC milliseconds); nil: the system clock again.
function Store:set_time(ms)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_store_set_time(p, ms)
end

function Store:begin()
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_batch_begin(p)
end

function Store:commit()
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_batch_commit(p)
end

function Store:rollback()
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_batch_rollback(p)
end

--- Run fn(store) in a batch: committed if it returns, rolled back if it
-- raises an error (raised again).  Returns true or nil, message, code.
function Store:batch(fn)
	local ok, msg, code = self:begin()
	if not ok then return nil, msg, code end
	local good, err = pcall(fn, self)
	if not good then
		if self._p then self:rollback() end
		error(err, 0)
	end
	return self:commit()
end

-- members

--- opts: organisation, languages (a string or a list).
function Store:create_member(handle, display_name, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_CREATE_MEMBER, "create_member")
	return wrap(Member, self, copc.cop_member_create(p, handle, display_name,
		opts.organisation, list_of(opts.languages)))
end

--- The member with this id (or handle, Store:member_by_handle), one the
-- actor sees: nil, "no such member", NotFound for one not seen, as for
-- one nobody is.
function Store:member(id)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Member, self, copc.cop_member_lookup(p, id))
end

function Store:member_by_handle(handle)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Member, self, copc.cop_member_lookup_by_handle(p, handle))
end

--- fields: display_name, organisation, languages (nil leaves a field).
function Store:update_member(member, fields)
	local p = self._p
	if p == nil then return closed() end
	fields = options(fields, OPTS_UPDATE_MEMBER, "update_member")
	return copc.cop_member_update(p, member_ref(member), fields.display_name,
		fields.organisation, list_of(fields.languages))
end

--- opts (every listing): after (a cursor), limit.
function Store:members(opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after,
		copc.cop_member_iter_new(p, page(opts)))
end

-- communities

--- opts: purpose, language, visibility ("public", "private",
-- "invite-only").
function Store:create_community(slug, name, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_CREATE_COMMUNITY, "create_community")
	return wrap(Community, self, copc.cop_community_create(p, slug, name,
		opts.purpose, opts.language, opts.visibility or "public"))
end

function Store:community(id_or_slug)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Community, self, copc.cop_community_lookup(p,
		community_ref(id_or_slug)))
end

function Store:communities(opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after,
		copc.cop_community_iter_new(p, page(opts)))
end

--- opts: pledged_hours.
function Store:join(community, member, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_JOIN, "join")
	return wrap(Membership, self, copc.cop_community_join(p,
		community_ref(community), member_ref(member), opts.pledged_hours or 0))
end

--- Ask, as the actor, to join an invite-only community: the pending
-- Membership (a private community takes no requests).
function Store:request(community)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Membership, self, copc.cop_community_request(p,
		community_ref(community)))
end

--- A community's pending join requests (Membership objects), for its
-- facilitators and owners and the system; opts: after, limit.
function Store:requests(community, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after,
		copc.cop_community_request_iter_new(p, community_ref(community),
			page(opts)))
end

--- Approve a member's join request.
function Store:approve(community, member)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_community_approve(p, community_ref(community),
		member_ref(member))
end

--- Decline a member's join request (they may ask again).
function Store:decline(community, member)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_community_decline(p, community_ref(community),
		member_ref(member))
end

--- Invite a member: the invited Membership.
function Store:invite(community, member)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Membership, self, copc.cop_community_invite(p,
		community_ref(community), member_ref(member)))
end

--- Accept the actor's invitation to a community.
function Store:accept_invitation(community)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_invitation_accept(p, community_ref(community))
end

--- Decline the actor's invitation to a community.
function Store:decline_invitation(community)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_invitation_decline(p, community_ref(community))
end

--- The actor's pending invitations (Membership objects with
-- community_slug); opts: after, limit.
function Store:invitations(opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after,
		copc.cop_invitation_iter_new(p, page(opts)))
end

-- A visibility (its name or value; nil: unchanged) as the C int.
local function visibility_value(v)
	if v == nil then return copc.COP_VISIBILITY_UNCHANGED end
	if type(v) == "number" then return v end
	for i = 0, 15 do
		if copc.cop_visibility_name(i) == v then return i end
	end
	return -2   -- refused by the library as invalid
end

--- Change a community's name, purpose ("" removes it), language or
-- visibility (fields; nil: as it is): the Community as it now is.
function Store:update_community(community, fields)
	local p = self._p
	if p == nil then return closed() end
	fields = options(fields, OPTS_UPDATE_COMMUNITY, "update_community")
	return wrap(Community, self, copc.cop_community_update(p,
		community_ref(community), fields.name, fields.purpose,
		fields.language, visibility_value(fields.visibility)))
end

--- Whether an upheld flag hides its contribution in a community.
function Store:set_flag_hides(community, on)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_community_set_flag_hides(p, community_ref(community),
		on and 1 or 0)
end

function Store:leave(community, member)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_community_leave(p, community_ref(community),
		member_ref(member))
end

function Store:membership(community, member)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Membership, self, copc.cop_membership_lookup(p,
		community_ref(community), member_ref(member)))
end

function Store:memberships(community, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after,
		copc.cop_membership_iter_new(p, community_ref(community),
			page(opts)))
end

function Store:set_role(community, member, role)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_membership_set_role(p, community_ref(community),
		member_ref(member), role)
end

function Store:set_membership_status(community, member, status)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_membership_set_status(p, community_ref(community),
		member_ref(member), status)
end

function Store:set_pledge(community, member, hours)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_membership_set_pledge(p, community_ref(community),
		member_ref(member), hours)
end

-- threads

--- opts: kind ("discussion", "question", "announcement"), tags (a string
-- or a list), language.
function Store:create_thread(community, title, body, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_CREATE_THREAD, "create_thread")
	return wrap(Thread, self, copc.cop_thread_create(p,
		community_ref(community), opts.kind or "discussion", title,
		list_of(opts.tags), opts.language, body))
end

function Store:thread(id)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Thread, self, copc.cop_thread_lookup(p, ref(id)))
end

function Store:threads(community, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after,
		copc.cop_thread_iter_new(p, community_ref(community), page(opts)))
end

function Store:set_thread_state(thread, state)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_thread_set_state(p, ref(thread), state)
end

--- Turn one of a thread's properties ("closed", "locked", "pinned",
--- "hidden") on (on true or nil) or off (false), the others kept.
function Store:set_thread_flag(thread, flag, on)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_thread_set_flag(p, ref(thread), flag,
		on == false and 0 or 1)
end

--- Change a thread's title, tags (a string or a list) or both; opts:
-- title, tags, comment (each change is kept in the thread's history).
function Store:edit_thread(thread, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_EDIT_THREAD, "edit_thread")
	local tags = opts.tags
	if type(tags) == "table" then tags = table.concat(tags, " ") end
	return copc.cop_thread_edit(p, ref(thread), opts.title, tags,
		opts.comment)
end

--- A thread's history, oldest first (ThreadChange: number, kind, old_value,
-- new_value, actor_id, created, comment); opts: after, limit.
function Store:thread_history(thread, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after,
		copc.cop_thread_history_iter_new(p, ref(thread), page(opts)))
end

-- contributions

--- opts: kind (default "reply"), reply_to, translation_of, language.
function Store:add_contribution(thread, body, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_ADD_CONTRIBUTION, "add_contribution")
	return wrap(Contribution, self, copc.cop_contribution_create(p,
		ref(thread), opts.kind or "reply", ref(opts.reply_to),
		ref(opts.translation_of), opts.language, body))
end

function Store:contribution(id)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Contribution, self, copc.cop_contribution_lookup(p, ref(id)))
end

--- opts: comment.  Returns the edited contribution.
function Store:edit_contribution(contribution, body, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_EDIT_CONTRIBUTION, "edit_contribution")
	return wrap(Contribution, self, copc.cop_contribution_edit(p,
		ref(contribution), body, opts.comment))
end

function Store:contributions(thread, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after,
		copc.cop_contribution_iter_new(p, ref(thread), page(opts)))
end

function Store:contributions_by(member, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after,
		copc.cop_contribution_iter_by_author(p, member_ref(member),
			page(opts)))
end

function Store:revisions(contribution)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, nil,
		copc.cop_revision_iter_new(p, ref(contribution)))
end

-- log, search, stats

function Store:last_seq()
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_log_last_seq(p)
end

--- opts: after (the listing's cursor() at the end of the previous
-- page: the system's is a sequence number as text, a member's is opaque),
-- limit; or after_seq (a sequence number: the system's, or a member's own
-- numbering) instead of after.
function Store:log(opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_LOG, "log")
	if opts.after_seq ~= nil then
		if opts.after ~= nil then
			return nil, "log takes after or after_seq, not both", EINVAL
		end
		return listing(self, nil,
			copc.cop_log_iter_new(p, opts.after_seq, opts.limit or 0))
	end
	return listing(self, opts.after, copc.cop_log_iter_page(p,
		page({after = opts.after, limit = opts.limit})))
end

--- opts: community, language, limit (0: 50), after (the listing's cursor()
-- at the end of the previous page), marks ({open, close}: the strings
-- around each match in snippets; default {"[", "]"}, which the text may
-- hold too; {cop.SEARCH_MARK_OPEN, cop.SEARCH_MARK_CLOSE} never occur in it).
function Store:search(query, opts)
	local p = self._p
	if p == nil then return closed() end
	local copts = nil
	if opts then
		options(opts, OPTS_SEARCH, "search")
		local marks = opts.marks
		if marks ~= nil and (type(marks) ~= "table" or
		    type(marks[1]) ~= "string" or type(marks[2]) ~= "string") then
			error(new_error("search: marks is {open, close}", EINVAL), 2)
		end
		copts = {community = community_ref(opts.community),
			language = opts.language, limit = opts.limit,
			mark_open = marks and marks[1], mark_close = marks and marks[2],
			after = opts.after}
	end
	return listing(self, opts and opts.after,
		copc.cop_search_iter_new(p, query, copts))
end

--- The counts (a table: members, communities, threads, ...) of the store
-- or of one community.
function Store:stats(community)
	local p = self._p
	if p == nil then return closed() end
	local s, msg, code = copc.cop_stats_lookup(p, community_ref(community))
	if s == nil then return nil, msg, code end
	local t = {}
	for field in pairs(getmetatable(s)[".get"]) do
		if field ~= "version" then t[field] = s[field] end
	end
	return t
end

-- recognition

--- Vote on a contribution as the actor ("up", "down", "helpful",
-- "thanks"), or change the actor's vote; as the system it is anonymous.
function Store:vote(contribution, kind)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_vote_cast(p, ref(contribution), kind or "up")
end

function Store:retract_vote(contribution)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_vote_retract(p, ref(contribution))
end

--- The actor's vote on a contribution ("up", ...), or false for none.
function Store:my_vote(contribution)
	local p = self._p
	if p == nil then return closed() end
	local kind, msg, code = copc.cop_vote_lookup(p, ref(contribution))
	if kind ~= nil then return kind end
	if code == copc.COP_ENOTFOUND then return false end
	return nil, msg, code
end

function Store:accept_answer(answer)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_answer_accept(p, ref(answer))
end

function Store:unaccept_answer(thread)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_answer_unaccept(p, ref(thread))
end

--- A thread's accepted answer, or false for none.
function Store:accepted_answer(thread)
	local p = self._p
	if p == nil then return closed() end
	local c, msg, code = copc.cop_answer_lookup(p, ref(thread))
	if c == nil and code == copc.COP_ENOTFOUND then return false end
	return wrap(Contribution, self, c, msg, code)
end

--- The actor thanks member `to` in a community; opts: contribution.
function Store:give_kudos(community, to, message, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_KUDOS, "give_kudos")
	return wrap(Kudos, self, copc.cop_kudos_give(p, community_ref(community),
		member_ref(to), ref(opts.contribution), message))
end

function Store:kudos(community, member, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after, copc.cop_kudos_iter_new(p,
		community_ref(community), member_ref(member), page(opts)))
end

--- Flag a contribution for the moderators, as the actor: the Flag.
function Store:flag(contribution, reason)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Flag, self, copc.cop_flag_raise(p, ref(contribution), reason))
end

--- The moderators' queue: a community's flags in a state ("open" by
-- default), oldest first; opts: after, limit.
function Store:flags(community, state, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after, copc.cop_flag_iter_new(p,
		community_ref(community), state or "open", page(opts)))
end

--- Close a flag as "upheld" or "dismissed".
function Store:resolve_flag(flag, outcome)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_flag_resolve(p, ref(flag), outcome)
end

--- Suspend a member store-wide (the system only) for a reason, until
-- `until` (UTC ms; nil or 0: until lifted).
function Store:suspend(member, reason, until_ms)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_member_suspend(p, member_ref(member), until_ms or 0,
		reason)
end

--- Lift the suspension in force on a member (the system only).
function Store:unsuspend(member)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_member_unsuspend(p, member_ref(member))
end

--- Silence a member in a community for a reason, until `until` (UTC ms;
-- nil or 0: until lifted); for the community's moderators.
function Store:silence(community, member, reason, until_ms)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_community_silence(p, community_ref(community),
		member_ref(member), until_ms or 0, reason)
end

--- Lift the silence in force on a member in a community.
function Store:unsilence(community, member)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_community_unsilence(p, community_ref(community),
		member_ref(member))
end

--- Hide a contribution for a reason: only its author, its community's
-- facilitators and owners and the system see it.
function Store:hide(contribution, reason)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_contribution_hide(p, ref(contribution), reason)
end

--- Show a hidden contribution again.
function Store:unhide(contribution)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_contribution_unhide(p, ref(contribution))
end

--- Redact a contribution's earlier revision `number` for a reason: its
-- text becomes cop.REDACTED_TEXT, the fact stays (its redacted time, the
-- moderation log); for the community's moderators.
function Store:redact(contribution, number, reason)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_revision_redact(p, ref(contribution), number, reason)
end

--- A community's moderation log (nil: the store-wide one, for the
-- system), newest first: ModlogEntry objects; opts: after, limit.
function Store:modlog(community, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after, copc.cop_modlog_iter_new(p,
		community ~= nil and community_ref(community) or nil, page(opts)))
end

-- ---- the funding ledger and hours given (docs/funding.md) ----

--- An amount in minor units of a currency: an integer as it is, text
-- ("1250.50") as written in major units.
local function fund_amount(amount, currency)
	if math.type(amount) == "integer" then return amount end
	local v, msg, code = copc.cop_amount_parse(tostring(amount), currency)
	if v == nil then
		return nil, ("amount '%s' is not an amount of %s: above 0, in "
			.. "major units, with no more decimals than the currency "
			.. "has"):format(tostring(amount), tostring(currency)), code
	end
	return v
end

--- The minor-unit exponent of an active ISO 4217 currency (2 for "EUR"),
-- or nil.
function cop.currency_exponent(code)
	local e = copc.get_cop_currency_exponent(code)
	if e < 0 then return nil end
	return e
end

--- An amount written in major units as minor units of a currency, or
-- nil, message, code.
function cop.amount_parse(text, currency)
	return fund_amount(tostring(text), currency)
end

--- Minor units of a currency written in major units ("1250.50"), or nil
-- and a message for an unknown currency.
--- Whether tz names a time zone events accept (an IANA name libical
-- knows, or "UTC").
function cop.event_tz_valid(tz)
	return copc.get_cop_event_tz_valid(tz) ~= 0
end

--- A health report (its JSON text) as a page: "text" (the default) or
-- "html" (one self-contained file with its charts).
function cop.health_render(report_json, format)
	return copc.cop_health_render(report_json, format or "text")
end

--- The names of the health scorecard's indicators, in order.
function cop.health_indicators()
	local names, i = {}, 0
	while true do
		local name = copc.cop_health_indicator_name(i)
		if name == nil then return names end
		names[#names + 1] = name
		i = i + 1
	end
end

function cop.amount_format(minor, currency)
	local e = cop.currency_exponent(currency)
	if e == nil then return nil, "unknown currency " .. tostring(currency) end
	local sign, a = minor < 0 and "-" or "", math.abs(minor)
	if e == 0 then return sign .. a end
	local unit = math.tointeger(10 ^ e)
	return ("%s%d.%0" .. e .. "d"):format(sign, a // unit, a % unit)
end

--- Add an entry to a community's ledger: kind "grant", "pledge",
-- "income" or "expense"; amount an integer (minor units) or text in major
-- units ("1250.50"); opts: date ("YYYY-MM-DD", default today),
-- counterparty, note, event.  The new FundEntry.
function Store:fund_add(community, kind, amount, currency, opts)
	local p = self._p
	if p == nil then return closed() end
	local minor, msg, code = fund_amount(amount, currency)
	if minor == nil then return nil, msg, code end
	opts = opts or {}
	return wrap(FundEntry, self, copc.cop_fund_add(p, community_ref(community),
		kind, minor, currency, opts.date, opts.counterparty, opts.note,
		opts.event ~= nil and ref(opts.event) or nil))
end

--- Mark a pledge received: it counts as income from today (or its date,
-- if later).
function Store:fund_receive(entry)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_fund_receive(p, ref(entry))
end

--- The FundEntry with an id.
function Store:fund_entry(id)
	local p = self._p
	if p == nil then return closed() end
	return wrap(FundEntry, self, copc.cop_fund_entry_lookup(p, id))
end

--- A community's ledger, newest first: FundEntry objects; opts: after,
-- limit.
function Store:fund_entries(community, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after, copc.cop_fund_iter_new(p,
		community_ref(community), page(opts)))
end

--- Set who sees a community's ledger: "moderators" or "members".
function Store:set_fund_visibility(community, visibility)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_fund_set_visibility(p, community_ref(community),
		visibility)
end

--- Who sees a community's ledger ("moderators" or "members").
function Store:fund_visibility(community)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_fund_visibility_lookup(p, community_ref(community))
end

--- A community's figures at a date ("YYYY-MM-DD", nil: today), the burn
-- over `window` months (nil or 0: 3): a table with at, window and
-- currencies, a table by code of tables with balance, burn,
-- pledged_outstanding (minor units), burn_months and runway (months;
-- nil when the burn is 0).
function Store:fund_report(community, at, window)
	local p = self._p
	if p == nil then return closed() end
	local r, msg, code = copc.cop_fund_report_lookup(p,
		community_ref(community), at, window or 0)
	if r == nil then return nil, msg, code end
	local t = {at = copc.get_cop_fund_report_at(r),
		window = copc.get_cop_fund_report_window(r), currencies = {}}
	for i = 0, copc.get_cop_fund_report_count(r) - 1 do
		local runway = copc.cop_fund_report_runway(r, i)
		t.currencies[copc.cop_fund_report_currency(r, i)] = {
			balance = copc.cop_fund_report_balance(r, i),
			burn = copc.cop_fund_report_burn(r, i),
			burn_months = copc.cop_fund_report_burn_months(r, i),
			runway = runway >= 0 and runway or nil,
			pledged_outstanding =
				copc.cop_fund_report_pledged_outstanding(r, i),
		}
	end
	copc.cop_fund_report_free(r)
	return t
end

--- Report the hours a member gave a community in a month; opts: member
-- (default: the actor), month ("YYYY-MM", default this month), note.
function Store:report_hours(community, hours, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = opts or {}
	return copc.cop_hours_record(p, community_ref(community),
		opts.member ~= nil and member_ref(opts.member) or nil, opts.month,
		hours, opts.note)
end

--- The hours pledged and given in a community; opts: month and to
-- ("YYYY-MM"; default this month, to: month), by ("total", "member" or
-- "organisation").  A list of rows with member_id, handle,
-- organisation, pledged, given and fulfilment (nil when nothing was
-- pledged).
function Store:hours(community, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = opts or {}
	local r, msg, code = copc.cop_hours_report_lookup(p,
		community_ref(community), opts.month, opts.to, opts.by or "total")
	if r == nil then return nil, msg, code end
	local rows = {}
	for i = 0, copc.get_cop_hours_report_count(r) - 1 do
		local f = copc.cop_hours_report_fulfilment(r, i)
		rows[#rows + 1] = {
			member_id = copc.cop_hours_report_member_id(r, i),
			handle = copc.cop_hours_report_handle(r, i),
			organisation = copc.cop_hours_report_organisation(r, i),
			pledged = copc.cop_hours_report_pledged(r, i),
			given = copc.cop_hours_report_given(r, i),
			fulfilment = f >= 0 and f or nil,
		}
	end
	copc.cop_hours_report_free(r)
	return rows
end

--- A digest: of opts.community (as the actor sees it) or of
-- opts.member (their communities, as they see them), over [since,
-- until) (UTC ms): until defaults to now, since to until minus
-- opts.period ("day", "week", "month") or, for a member, to the end of
-- their last digest marked as sent; opts.limit: items per section and
-- community.  A Digest, or nil, message, code.
function Store:digest(opts)
	local p = self._p
	if p == nil then return closed() end
	local o = options(opts, {community = true, member = true, period = true,
		since = true, ["until"] = true, limit = true}, "digest")
	if (o.community == nil) == (o.member == nil) then
		return nil, "a digest is of a community or of a member", EINVAL
	end
	local c = {period = o.period, since = o.since, ["until"] = o["until"],
		limit = o.limit}
	if o.member ~= nil then
		return wrap(Digest, self, copc.cop_digest_member(p,
			member_ref(o.member), c))
	end
	return wrap(Digest, self, copc.cop_digest_community(p,
		community_ref(o.community), c))
end

--- Mark a member's digest as sent (the member or the system).
function Store:mark_digest_sent(digest)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_digest_mark_sent(p, digest._p)
end

local function follow_target(kind, target)
	if kind == "thread" or kind == 1 then return ref(target) end
	return community_ref(target)
end

--- The actor follows a "community" (target: it), a "thread" or a "tag"
-- (target: its community, tag: the tag) at level "watching" (nil),
-- "tracking" or "muted"; again: the level changes.
function Store:follow(kind, target, tag, level)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_follow_set(p, kind, follow_target(kind, target), tag,
		level or "watching")
end

--- The actor stops following what Store:follow named.
function Store:unfollow(kind, target, tag)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_follow_remove(p, kind, follow_target(kind, target), tag)
end

--- A member's follows (nil: the actor's), oldest first: Follow objects;
-- opts: after, limit.
function Store:follows(member, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after, copc.cop_follow_iter_new(p,
		member ~= nil and member_ref(member) or nil, page(opts)))
end

--- A member's notifications (nil: the actor's), newest first:
-- Notification objects; opts: unread (true: only those), after, limit.
function Store:notifications(member, opts)
	local p = self._p
	if p == nil then return closed() end
	local unread = opts and opts.unread and 1 or 0
	local po = opts and {after = opts.after, limit = opts.limit} or nil
	return listing(self, opts and opts.after, copc.cop_notification_iter_new(
		p, member ~= nil and member_ref(member) or nil, unread, page(po)))
end

--- How many notifications a member (nil: the actor) sees (unread: only
-- the unread ones).
function Store:notification_count(member, unread)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_notification_count(p,
		member ~= nil and member_ref(member) or nil, unread and 1 or 0)
end

--- Mark notifications (a table of ids or Notification objects; all or
-- none) of a member (nil: the actor) read, or every unread one when nil;
-- returns how many.
function Store:mark_read(notifications, member)
	local p = self._p
	if p == nil then return closed() end
	local ids = nil
	if notifications ~= nil then
		ids = {}
		for i, n in ipairs(notifications) do ids[i] = ref(n) end
	end
	return copc.cop_notification_mark_read(p,
		member ~= nil and member_ref(member) or nil, ids)
end

--- Create an event in a community (facilitators, core members, owners,
-- the system): the Event.  f: title, start, ["end"] (UTC ms), tz (an
-- IANA zone; default UTC), kind ("online", "face-to-face", "hybrid"),
-- place, url, capacity (0: unlimited), body (CommonMark).
function Store:create_event(community, f)
	local p = self._p
	if p == nil then return closed() end
	return wrap(cop.Event, self, copc.cop_event_create(p,
		community_ref(community), f))
end

--- Give an event all the fields of f (as create_event's): the Event.
function Store:update_event(event, f)
	local p = self._p
	if p == nil then return closed() end
	return wrap(cop.Event, self, copc.cop_event_update(p, ref(event), f))
end

--- Cancel an event for a reason.
function Store:cancel_event(event, reason)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_event_cancel(p, ref(event), reason)
end

--- An event, with its counts and the actor's answer.
function Store:event(id)
	local p = self._p
	if p == nil then return closed() end
	return wrap(cop.Event, self, copc.cop_event_lookup(p, ref(id)))
end

--- A community's upcoming events, soonest first (opts.past: those that
-- ended, latest first); opts: past, after, limit.
function Store:events(community, opts)
	local p = self._p
	if p == nil then return closed() end
	local past = opts and opts.past
	opts = opts and {after = opts.after, limit = opts.limit}
	return listing(self, opts and opts.after, copc.cop_event_iter_new(p,
		community_ref(community), past and "past" or "upcoming",
		page(opts)))
end

--- The events a member answered, latest first (the member and the
-- system); opts: after, limit.
function Store:member_events(member, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after,
		copc.cop_member_event_iter_new(p, member_ref(member), page(opts)))
end

--- Answer an event as the actor ("yes", "no", "maybe"): true when the
-- yes is on the waiting list, false when not.
function Store:rsvp(event, answer)
	local p = self._p
	if p == nil then return closed() end
	local waiting, msg, code = copc.cop_event_rsvp(p, ref(event), answer)
	if waiting == nil then return nil, msg, code end
	return waiting ~= 0
end

--- Record that a member attended an event (attended false: was absent).
function Store:attend(event, member, attended)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_event_attend(p, ref(event), member_ref(member),
		attended == false and "absent" or "attended")
end

--- An event as iCalendar text (RFC 5545).
function Store:event_ics(event)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_event_ics(p, ref(event))
end

--- A community's calendar, every event, as iCalendar text.
function Store:community_ics(community)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_community_ics(p, community_ref(community))
end

--- A community's facilitator's queue, oldest first: QueueItem objects
-- (for its moderators); opts: after, limit.
function Store:queue(community, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after, copc.cop_queue_iter_new(p,
		community_ref(community), page(opts)))
end

--- List items of a kind ("unanswered", "idle", ...) in a community's
-- queue once they have waited `seconds`.
-- ---- mail addresses and tokens (docs/mail.md) ----

--- Add an unverified mail address to a member (the member themself or
-- the system); the first one is the primary.
function Store:email_add(member, address)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_member_email_add(p, member_ref(member), address)
end

--- A member's mail addresses, by address: a list of {address, primary,
-- verified, created} (the member themself or the system).
function Store:emails(member)
	local p = self._p
	if p == nil then return closed() end
	local l, msg, code = copc.cop_member_email_list(p, member_ref(member))
	if l == nil then return nil, msg, code end
	local t = {}
	for i = 0, copc.get_cop_email_list_count(l) - 1 do
		t[#t + 1] = {address = copc.cop_email_list_address(l, i),
			primary = copc.cop_email_list_primary(l, i) == 1,
			verified = copc.cop_email_list_verified(l, i) == 1,
			created = copc.cop_email_list_created(l, i)}
	end
	copc.cop_email_list_free(l)
	return t
end

--- Make an address the member's primary one.
function Store:email_set_primary(member, address)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_member_email_set_primary(p, member_ref(member), address)
end

--- Remove one of a member's addresses.
function Store:email_remove(member, address)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_member_email_remove(p, member_ref(member), address)
end

--- The token that verifies an address, to mail to it (7 days, once).
function Store:email_token(member, address)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_member_email_token(p, member_ref(member), address)
end

--- Verify the address a token names (the system, or its member).
function Store:email_verify(token)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_member_email_verify(p, token)
end

--- A signed "reply" (member, contribution) or "unsubscribe" (member,
-- community) token; the system only.
function Store:mail_token(kind, member, object)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_mail_token_make(p, kind, member_ref(member), ref(object))
end

--- Check a "reply" or "unsubscribe" token: the member's id and the
-- contribution's or community's.
function Store:mail_token_check(kind, token)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_mail_token_check(p, kind, token)
end

--- Take in one RFC 5322 message (a string) sent to a domain's list or
-- reply addresses (the system only): {outcome, code, reason,
-- contribution_id, message_id}; a refusal is a result, not an error.
function Store:mail_ingest(domain, message)
	local p = self._p
	if p == nil then return closed() end
	local r, msg, code = copc.cop_mail_ingest(p, domain, message)
	if r == nil then return nil, msg, code end
	local t = {outcome = copc.get_cop_mail_result_outcome_get(r),
		code = copc.get_cop_mail_result_code(r),
		reason = copc.get_cop_mail_result_reason(r),
		contribution_id = copc.get_cop_mail_result_contribution_id(r),
		message_id = copc.get_cop_mail_result_message_id(r)}
	copc.cop_mail_result_free(r)
	return t
end

-- ---- outgoing mail (docs/mail.md, "Outgoing mail") ----

--- How a member gets a community's mail: "none", "every", "daily" or
-- "weekly".
function Store:mail_delivery(member, community)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_mail_delivery_get(p, member_ref(member),
		community_ref(community))
end

--- Set how a member gets a community's mail (the member themself or the
-- system).
function Store:set_mail_delivery(member, community, delivery)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_mail_delivery_set(p, member_ref(member),
		community_ref(community), delivery)
end

--- The one-click unsubscribe of a List-Unsubscribe URL: the member and
-- community the token names get no more mail (the system, or that member).
function Store:mail_unsubscribe(token)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_mail_unsubscribe(p, token)
end

--- Render what is due by mail into the outbox (the system only): how
-- many messages were added.
function Store:mail_outbox_fill(domain, from, unsubscribe_url)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_mail_outbox_fill(p, domain, from, unsubscribe_url)
end

--- The outbox, oldest first (state "waiting", "sent", "failed", or nil
-- for all): a list of {id, member_id, community_id, source, recipient,
-- sender, message, created, state, attempts, reason}.  The system only.
function Store:mail_outbox(state)
	local p = self._p
	if p == nil then return closed() end
	local n = -1
	if state ~= nil then
		local names = {waiting = 0, sent = 1, failed = 2}
		n = names[state]
		if n == nil then
			return nil, "unknown outbox state " .. tostring(state), EINVAL
		end
	end
	local o, msg, code = copc.cop_mail_outbox_list(p, n)
	if o == nil then return nil, msg, code end
	local t = {}
	for i = 0, copc.get_cop_outbox_count(o) - 1 do
		t[#t + 1] = {id = copc.cop_outbox_id(o, i),
			member_id = copc.cop_outbox_member_id(o, i),
			community_id = copc.cop_outbox_community_id(o, i),
			source = copc.cop_outbox_source(o, i),
			recipient = copc.cop_outbox_recipient(o, i),
			sender = copc.cop_outbox_sender(o, i),
			message = copc.cop_outbox_message(o, i),
			created = copc.cop_outbox_created(o, i),
			state = copc.cop_outbox_state_get(o, i),
			attempts = copc.cop_outbox_attempts(o, i),
			reason = copc.cop_outbox_reason(o, i)}
	end
	copc.cop_outbox_free(o)
	return t
end

--- Hand each waiting or failed message to a sendmail-compatible program
-- (PATH -oi -f FROM -- RCPT, the message on its input): sent, failed.
-- The system only.
function Store:mail_send(sendmail)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_mail_outbox_send(p, sendmail)
end

function Store:set_queue_threshold(community, kind, seconds)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_queue_threshold_set(p, community_ref(community), kind,
		seconds)
end

--- A community's threshold for a kind, in seconds (the default when
-- none was set).
function Store:queue_threshold(community, kind)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_queue_threshold_lookup(p, community_ref(community), kind)
end

--- Judge an indicator of a community's health scorecard good at `good`
-- and poor past `poor` (docs/health-scorecard.md).
function Store:set_health_threshold(community, indicator, good, poor)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_health_threshold_set(p, community_ref(community),
		indicator, good, poor)
end

--- A community's good and poor bounds for an indicator (the defaults
-- when none were set): two numbers.
function Store:health_threshold(community, indicator)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_health_threshold_lookup(p, community_ref(community),
		indicator)
end

--- Put a community's bounds for an indicator (every one when nil) back
-- to the defaults.
function Store:reset_health_threshold(community, indicator)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_health_threshold_reset(p, community_ref(community),
		indicator)
end

--- Which scorecard factors go with healthy communities in this store,
-- over the days from to to ("YYYY-MM-DD", nil: the whole history): the
-- comparison's JSON text.
function Store:health_compare(from, to)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_health_compare(p, from, to)
end

--- Write a thread's summary (a new revision when it has one): the
-- summary Contribution.
function Store:summarize(thread, body)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Contribution, self, copc.cop_thread_summarize(p, ref(thread),
		body))
end

--- Of a community's closed or idle discussions the actor sees: how many
-- have a summary, and how many there are (two numbers).
function Store:summary_coverage(community)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_summary_coverage(p, community_ref(community))
end

--- Tag `name` of a community (docs/tags.md): a cop.Tag, its uses as the
-- actor sees them.
function Store:tag(community, name)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Tag, self, copc.cop_tag_lookup(p, community_ref(community),
		name))
end

--- A community's tags, synonyms too; opts: by ("name", the default, or
-- "uses": most used first), after, limit.
function Store:tags(community, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_TAGS, "tags")
	return listing(self, opts.after, copc.cop_tag_iter_new(p,
		community_ref(community), opts.by or "name",
		page({after = opts.after, limit = opts.limit})))
end

--- Of a community's tags: how many a thread the actor sees uses, and how
-- many are described (two numbers).
function Store:tag_counts(community)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_tag_counts(p, community_ref(community))
end

--- Describe a tag (facilitators): its excerpt and wiki text (nil: none);
-- the cop.Tag.
function Store:describe_tag(community, name, excerpt, wiki)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Tag, self, copc.cop_tag_describe(p,
		community_ref(community), name, excerpt, wiki))
end

--- Rename a tag in every thread (facilitators): the cop.Tag renamed.
function Store:rename_tag(community, name, new_name)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Tag, self, copc.cop_tag_rename(p, community_ref(community),
		name, new_name))
end

--- Merge a tag into another (facilitators): its threads move, it becomes
-- a synonym; the cop.Tag merged into.
function Store:merge_tag(community, name, into)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Tag, self, copc.cop_tag_merge(p, community_ref(community),
		name, into))
end

--- A community's health report over the days `from` to `to`
-- ("YYYY-MM-DD", UTC, both included; nil: from its creation, to today by
-- the store's clock) as a table: the document of docs/health.md, decoded
-- (the JSON's keys, arrays as sequences, JSON null as cop.null); for its
-- facilitators, owners, moderators and the system; or nil, message,
-- code.  Store:health_report_json() gives the JSON text.
function Store:health_report(community, from, to)
	local text, msg, code = self:health_report_json(community, from, to)
	if text == nil then return nil, msg, code end
	return copc.cop_swig_lua_json_decode(text)
end

--- The same report as its JSON text (docs/health.md), or nil, message,
-- code.
function Store:health_report_json(community, from, to)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_health_report_json(p, community_ref(community), from, to)
end

--- Report that the actor read `posts` more contributions of a thread
-- (0 or nil: the visit alone); feeds trust levels.
function Store:read_thread(thread, posts)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_thread_read(p, ref(thread), posts or 0)
end

--- A member's standing in a community (reputation, trust_level, ...).
function Store:standing(community, member)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Standing, self, copc.cop_standing_lookup(p,
		community_ref(community), member_ref(member)))
end

--- Set a member's trust level (0-4) by hand; nil: automatic levels again.
function Store:set_trust(community, member, level)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_trust_set(p, community_ref(community), member_ref(member),
		level or -1)
end

--- Whether a member (nil: the actor) has a privilege ("flag",
-- "vote-down", "edit-others", "moderate"): true or false.
function Store:can(community, privilege, member)
	local p = self._p
	if p == nil then return closed() end
	local yes, msg, code = copc.cop_trust_can(p, community_ref(community),
		member_ref(member), privilege)
	if yes == nil then return nil, msg, code end
	return yes ~= 0
end

function Store:ledger(community, member, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after, copc.cop_ledger_iter_new(p,
		community_ref(community), member_ref(member), page(opts)))
end

--- Award a badge by hand; opts: contribution (per-contribution badges).
function Store:award_badge(community, member, badge, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_BADGE, "award_badge")
	return copc.cop_badge_award_give(p, community_ref(community),
		member_ref(member), badge, ref(opts.contribution))
end

function Store:badges(community, member, opts)
	local p = self._p
	if p == nil then return closed() end
	return listing(self, opts and opts.after, copc.cop_badge_iter_new(p,
		community_ref(community), member_ref(member), page(opts)))
end

--- Members by reputation gained in a period, most first; opts: period
-- ("week", "month", "quarter", "year", "all"; default "week"), tag, at
-- (UTC ms; default now), after, limit.
function Store:leaderboard(community, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_LEADERBOARD, "leaderboard")
	local pg = nil
	if opts.after ~= nil or (opts.limit or 0) ~= 0 then
		pg = {after = opts.after, limit = opts.limit}
	end
	return listing(self, opts.after, copc.cop_leader_iter_new(p,
		community_ref(community), opts.tag, opts.period or "week", opts.at, pg))
end

--- A community's recognition numbers, as a table (up_answer, daily_cap,
-- trust2_days, ...).
function Store:recognition_config(community)
	local p = self._p
	if p == nil then return closed() end
	local c, msg, code = copc.cop_recognition_config_lookup(p,
		community_ref(community))
	if c == nil then return nil, msg, code end
	local t = {}
	for field in pairs(getmetatable(c)[".get"]) do
		if field ~= "version" then t[field] = c[field] end
	end
	return t
end

--- Change some of a community's recognition numbers: changes is a table
-- of fields (as recognition_config() gives them) and values.
function Store:set_recognition_config(community, changes)
	local p = self._p
	if p == nil then return closed() end
	local c, msg, code = copc.cop_recognition_config_lookup(p,
		community_ref(community))
	if c == nil then return nil, msg, code end
	local fields = getmetatable(c)[".set"]
	for k, v in pairs(changes or {}) do
		if k == "version" or not fields[k] then
			error(("set_recognition_config: no setting '%s'"):format(tostring(k)), 2)
		end
		c[k] = v
	end
	return copc.cop_recognition_config_set(p, community_ref(community), c)
end

--- Recompute recognition from the facts and report differences; opts:
-- repair (fix them).  The report: count, repaired, lines.
function Store:verify(community, opts)
	local p = self._p
	if p == nil then return closed() end
	opts = options(opts, OPTS_VERIFY, "verify")
	return wrap(VerifyReport, self, copc.cop_verify(p,
		community_ref(community), opts.repair and 1 or 0))
end

-- moving communities in and out, a member's own data, thread links

-- The fields of a plain struct the library filled (cop_stats, ...) as a
-- table.
local function struct_fields(v, msg, code)
	if v == nil then return nil, msg, code end
	local t = {}
	for field in pairs(getmetatable(v)[".get"]) do
		if field ~= "version" then t[field] = v[field] end
	end
	return t
end

-- Import options as cop_import_options: {community = slug} (a Community
-- stands for its slug), or nil.
local function import_options(opts, what)
	if opts == nil then return nil end
	options(opts, OPTS_IMPORT, what)
	local c = opts.community
	if type(c) == "table" then c = c.slug end
	return {community = c}
end

-- fn(fd) with file a path (opened for mode, "r" or "w", and closed
-- after, also when fn raises an error) or an open Lua file (flushed, left
-- open): what fn returns.
local function with_fd(file, mode, fn)
	if io.type(file) == "file" then
		local fd, msg, code = copc.cop_swig_lua_fd_of(file)
		if fd == nil then return nil, msg, code end
		return fn(fd)
	end
	-- A path written to is replaced only when the call succeeds: the
	-- document goes to a new file beside it (mode 0600: documents may
	-- hold personal data), renamed over it at the end.
	local path = file
	if mode == "w" then
		path = string.format("%s.part-%d-%d", file, os.time(),
			math.random(0, 0x7fffffff))
		mode = "x"
	end
	local fd, msg, code = copc.cop_swig_lua_fd_open(path, mode)
	if fd == nil then
		-- "PATH: reason", said of the file the caller named.
		return nil, file .. msg:sub(#path + 1), code
	end
	local res = table.pack(pcall(fn, fd))
	local ok, cmsg, ccode = copc.cop_swig_lua_fd_close(fd)
	local done = res[1] and res[2] ~= nil and ok
	if path ~= file then
		if done then
			local rok, rmsg = os.rename(path, file)
			if not rok then
				os.remove(path)
				return nil, rmsg, cop.errors.IOError
			end
		else
			os.remove(path)
		end
	end
	if not res[1] then error(res[2], 0) end
	if res[2] ~= nil and not ok then return nil, file .. ": " .. cmsg, ccode end
	return table.unpack(res, 2, res.n)
end

--- Write a community (an object, id or slug) and what it holds, as the
-- actor may see it, as one JSON document (docs/json.md) to file: a path
-- (replaced when the export succeeds, else left as it was) or an open Lua
-- file.  Returns true or nil, message, code.
function Store:export_json(community, file)
	local p = self._p
	if p == nil then return closed() end
	community = community_ref(community)
	return with_fd(file, "w", function(fd)
		return copc.cop_export_json(p, community, fd)
	end)
end

--- Import a document export_json() wrote (file: a path or an open Lua
-- file), as the system; opts: community (a slug to import under instead
-- of the document's).  Returns the counts (a table: members, threads,
-- contributions, ..., unchanged, skipped_*, ignored) or nil, message,
-- code; on failure nothing changes.
function Store:import_json(file, opts)
	local p = self._p
	if p == nil then return closed() end
	local copts = import_options(opts, "import_json")
	return with_fd(file, "r", function(fd)
		return struct_fields(copc.cop_import_json(p, fd, copts))
	end)
end

--- Import a Stack Exchange data dump (the folder holding Users.xml,
-- Posts.xml, ...), as the system; opts: community (the slug to import
-- into; default the folder's name made into one).  Returns the counts as
-- import_json() does, or nil, message, code.
function Store:import_stackexchange(dir, opts)
	local p = self._p
	if p == nil then return closed() end
	return struct_fields(copc.cop_import_stackexchange(p, dir,
		import_options(opts, "import_stackexchange")))
end

--- Import mailing-list archives (files: a path or a table of paths to
-- mbox files or Mailman's monthly archives, plain or gzip), as the
-- system; opts: community (required: the slug to import into, created
-- when absent).  Returns the counts as import_json() does, or nil,
-- message, code; on failure nothing changes (docs/mail-archives.md).
function Store:import_mbox(files, opts)
	local p = self._p
	if p == nil then return closed() end
	if type(files) ~= "table" then files = {files} end
	return struct_fields(copc.cop_import_mbox(p, files,
		import_options(opts, "import_mbox")))
end

--- The contribution mail message message_id (without angle brackets)
-- became in an mbox import, or nil, message, code (NotFound when there
-- is none the actor may see).
function Store:mail_message(message_id)
	local p = self._p
	if p == nil then return closed() end
	return wrap(Contribution, self, copc.cop_mbox_message_lookup(p,
		message_id))
end

--- Write everything the store holds about a member (the actor or, as
-- the system, anyone) as one JSON document (docs/privacy.md) to file, as
-- for export_json().  Returns true or nil, message, code.
function Store:export_member_json(member, file)
	local p = self._p
	if p == nil then return closed() end
	member = member_ref(member)
	return with_fd(file, "w", function(fd)
		return copc.cop_member_export_json(p, member, fd)
	end)
end

--- Erase a member (the actor or, as the system, anyone): their personal
-- data goes, their contributions per each community's erasure policy.
function Store:erase_member(member)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_member_erase(p, member_ref(member))
end

--- A community's erasure policy: "anonymize" or "remove".
function Store:erasure_policy(community)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_community_erasure_lookup(p, community_ref(community))
end

function Store:set_erasure_policy(community, policy)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_community_set_erasure(p, community_ref(community), policy)
end

--- Link a thread to a target thread of its community; kind "related"
-- (the default) or "duplicate" (the thread duplicates the target).
function Store:link_threads(thread, target, kind)
	local p = self._p
	if p == nil then return closed() end
	return copc.cop_thread_link(p, ref(thread), ref(target), kind or "related")
end

--- A thread's links (Link: thread_id, target_id, kind, created), by
-- target id.  opts: none yet (the library lists them all).
function Store:links(thread, opts)
	local p = self._p
	if p == nil then return closed() end
	options(opts, {}, "links")
	return listing(self, nil, copc.cop_link_iter_new(p, ref(thread)))
end

-- any C function

local function result(store, v, ...)
	if type(v) == "userdata" then
		local t = getmetatable(v)[".type"]
		if t and t:match("_iter$") then
			return listing(store, nil, v)
		end
		local cls = t and classes[t]
		if cls then return setmetatable({_p = v, _store = store}, cls), ... end
	end
	return v, ...
end

--- Call the C function `name` ("cop_vote_cast", or without the cop_
-- prefix) on this store; the arguments after the store follow (objects
-- may be given for ids).  Objects come back wrapped, iterators as
-- listings; failures as nil, message, code.
function Store:call(name, ...)
	local p = self._p
	if p == nil then return closed() end
	if name:sub(1, 4) ~= "cop_" then name = "cop_" .. name end
	local fn = copc[name]
	if type(fn) ~= "function" then
		error("no C function " .. name, 2)
	end
	local args = table.pack(...)
	for i = 1, args.n do
		if type(args[i]) == "table" and getmetatable(args[i]) ~= nil
		    and args[i].id then
			args[i] = args[i].id
		end
	end
	return result(self, fn(p, table.unpack(args, 1, args.n)))
end

-- ---- object methods -------------------------------------------------------------------

local function store_of(obj)
	return obj._store
end

--- fields: display_name, organisation, languages.  Refreshes the member.
function Member:update(fields)
	local store = store_of(self)
	local ok, msg, code = store:update_member(self.id, fields)
	if not ok then return nil, msg, code end
	return self:refresh()
end

function Member:refresh()
	local m, msg, code = self._store:member(self.id)
	if not m then return nil, msg, code end
	rawset(self, "_p", m._p)
	return true
end

function Member:contributions(opts)
	return store_of(self):contributions_by(self, opts)
end

function Community:join(member, opts) return store_of(self):join(self, member, opts) end
function Community:leave(member) return store_of(self):leave(self, member) end
function Community:request() return store_of(self):request(self) end
function Community:requests(opts) return store_of(self):requests(self, opts) end
function Community:approve(member) return store_of(self):approve(self, member) end
function Community:decline(member) return store_of(self):decline(self, member) end
function Community:invite(member) return store_of(self):invite(self, member) end
function Community:accept_invitation() return store_of(self):accept_invitation(self) end
function Community:decline_invitation() return store_of(self):decline_invitation(self) end
--- Change the name, purpose, language or visibility, then refresh.
function Community:update(fields)
	local c, msg, code = store_of(self):update_community(self, fields)
	if not c then return nil, msg, code end
	rawset(self, "_p", c._p)
	return true
end
--- Whether an upheld flag hides its contribution here, then refresh.
function Community:set_flag_hides(on)
	local ok, msg, code = store_of(self):set_flag_hides(self, on)
	if not ok then return nil, msg, code end
	rawset(self, "_p", assert(store_of(self):community(self.id))._p)
	return true
end
function Community:membership(member) return store_of(self):membership(self, member) end
function Community:memberships(opts) return store_of(self):memberships(self, opts) end
function Community:set_role(member, role) return store_of(self):set_role(self, member, role) end
function Community:set_membership_status(member, status)
	return store_of(self):set_membership_status(self, member, status)
end
function Community:create_thread(title, body, opts)
	return store_of(self):create_thread(self, title, body, opts)
end
function Community:threads(opts) return store_of(self):threads(self, opts) end
function Community:search(query, opts)
	opts = opts or {}
	return store_of(self):search(query, {community = self,
		language = opts.language, limit = opts.limit, marks = opts.marks,
		after = opts.after})
end
function Community:stats() return store_of(self):stats(self) end
function Community:give_kudos(to, message, opts)
	return store_of(self):give_kudos(self, to, message, opts)
end
function Community:standing(member) return store_of(self):standing(self, member) end
function Community:leaderboard(opts) return store_of(self):leaderboard(self, opts) end
function Community:recognition_config() return store_of(self):recognition_config(self) end
function Community:set_recognition_config(changes)
	return store_of(self):set_recognition_config(self, changes)
end

local function refresh_membership(self)
	local ms, msg, code = self._store:membership(self.community_id,
		self.member_id)
	if not ms then return nil, msg, code end
	rawset(self, "_p", ms._p)
	return true
end

local function then_refresh(self, ok, msg, code)
	if not ok then return nil, msg, code end
	return refresh_membership(self)
end

function Membership:set_role(role)
	return then_refresh(self, self._store:set_role(self.community_id,
		self.member_id, role))
end
function Membership:set_status(status)
	return then_refresh(self, self._store:set_membership_status(
		self.community_id, self.member_id, status))
end
function Membership:set_pledge(hours)
	return then_refresh(self, self._store:set_pledge(self.community_id,
		self.member_id, hours))
end
function Membership:leave()
	return self._store:leave(self.community_id, self.member_id)
end
function Membership:community() return self._store:community(self.community_id) end
function Membership:member() return self._store:member(self.member_id) end

--- thread.tags is a list of strings.
Thread._props.tags = function(self)
	local t = {}
	for tag in copc.get_cop_thread_tags(self._p):gmatch("%S+") do
		t[#t + 1] = tag
	end
	return t
end
function Thread:refresh()
	local t, msg, code = self._store:thread(self.id)
	if not t then return nil, msg, code end
	rawset(self, "_p", t._p)
	return true
end
function Thread:set_state(state)
	local ok, msg, code = self._store:set_thread_state(self.id, state)
	if not ok then return nil, msg, code end
	return self:refresh()
end
--- thread.closed, .locked, .pinned, .hidden, .answered are booleans;
--- set_flag turns one of the first four on (on true or nil) or off.
function Thread:set_flag(flag, on)
	local ok, msg, code = self._store:set_thread_flag(self.id, flag, on)
	if not ok then return nil, msg, code end
	return self:refresh()
end
--- opts: as for store:add_contribution().
function Thread:reply(body, opts) return self._store:add_contribution(self, body, opts) end
--- opts: title, tags, comment; as store:edit_thread(), then refreshed.
function Thread:edit(opts)
	local ok, msg, code = self._store:edit_thread(self.id, opts)
	if not ok then return nil, msg, code end
	return self:refresh()
end
function Thread:history(opts) return self._store:thread_history(self, opts) end
function Thread:contributions(opts) return self._store:contributions(self, opts) end
function Thread:community() return self._store:community(self.community_id) end
function Thread:accepted_answer() return self._store:accepted_answer(self) end
function Thread:read(posts) return self._store:read_thread(self, posts) end
function Flag:resolve(outcome) return self._store:resolve_flag(self, outcome) end
function Thread:unaccept()
	local ok, msg, code = self._store:unaccept_answer(self.id)
	if not ok then return nil, msg, code end
	return self:refresh()
end

function Contribution:edit(body, opts)
	local c, msg, code = self._store:edit_contribution(self.id, body, opts)
	if not c then return nil, msg, code end
	rawset(self, "_p", c._p)
	return true
end
--- A comment (or opts.kind) replying to this contribution.
function Contribution:reply(body, opts)
	opts = opts or {}
	return self._store:add_contribution(self.thread_id, body, {
		kind = opts.kind or "comment", reply_to = self.id,
		language = opts.language})
end
function Contribution:revisions() return self._store:revisions(self) end
function Contribution:redact(number, reason)
	return self._store:redact(self, number, reason)
end
--- Vote on this contribution (default "up"), then refresh (the score).
function Contribution:vote(kind)
	local ok, msg, code = self._store:vote(self.id, kind)
	if not ok then return nil, msg, code end
	local c = assert(self._store:contribution(self.id))
	rawset(self, "_p", c._p)
	return true
end
function Contribution:retract_vote()
	local ok, msg, code = self._store:retract_vote(self.id)
	if not ok then return nil, msg, code end
	local c = assert(self._store:contribution(self.id))
	rawset(self, "_p", c._p)
	return true
end
function Contribution:my_vote() return self._store:my_vote(self) end
function Contribution:accept() return self._store:accept_answer(self) end
function Contribution:thread() return self._store:thread(self.thread_id) end

function SearchHit:thread() return self._store:thread(self.thread_id) end

function Community:export_json(file) return store_of(self):export_json(self, file) end
function Community:erasure_policy() return store_of(self):erasure_policy(self) end
function Community:set_erasure_policy(policy)
	return store_of(self):set_erasure_policy(self, policy)
end
function Member:export_json(file) return store_of(self):export_member_json(self, file) end
--- Erase the member, then refresh it (the placeholder profile).
function Member:erase()
	local ok, msg, code = store_of(self):erase_member(self.id)
	if not ok then return nil, msg, code end
	return self:refresh()
end
--- Link this thread to target (kind as for store:link_threads()).
function Thread:link(target, kind) return self._store:link_threads(self, target, kind) end
function Thread:links() return self._store:links(self) end
function Link:thread() return self._store:thread(self.thread_id) end
function Link:target() return self._store:thread(self.target_id) end
function SearchHit:contribution() return self._store:contribution(self.contribution_id) end

--- The class ("bronze", "silver", "gold") of a badge.
function cop.badge_class(badge)
	return copc.cop_badge_class_name(copc.cop_badge_class_of(badge))
end

--- True if a badge is awarded at most once per member and community.
function cop.badge_once(badge) return copc.cop_badge_once(badge) ~= 0 end

--- The start (UTC ms) of the period ("week", ...) containing ms; nil for
-- "all".
function cop.period_start(period, ms) return copc.cop_period_start(period, ms) end

--- The creation time (UTC ms) encoded in a libcop id (or an object's).
function cop.id_time(x)
	local id, msg, code = copc.cop_id_parse(ref(x))
	if id == nil then return nil, msg, code end
	return copc.get_cop_id_time(id)
end

--- A time (UTC ms) as text, os.date style (default "!%Y-%m-%d %H:%M").
function cop.date(ms, format)
	if ms == nil then return nil end
	return os.date(format or "!%Y-%m-%d %H:%M", ms // 1000)
end

return cop
