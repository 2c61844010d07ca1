"""libcop from Python: the machinery of a community of practice.

Open a store, and everything else hangs off it::

    import cop

    with cop.open("sqlite:cop.db") as store:
        ama = store.create_member("ama", "Ama Mensah", organisation="MoFA")
        hub = store.create_community("ksghana", "KSGhana", purpose="...")
        hub.join(ama)
        for membership in hub.memberships():
            print(membership.handle, membership.role)

Every failure raises a subclass of :class:`cop.Error` named after the
status code (:class:`cop.NotFound`, :class:`cop.PermissionDenied`,
:class:`cop.InvalidArgument`, ...) whose message is the library's.
Objects (:class:`Member`, :class:`Community`, ...) are snapshots with
read-only properties; methods that change one refresh it.  Listings are
iterators that stream from the store; their ``cursor`` starts the next
page.  An object keeps its store alive, so nothing dangles whatever order
things are closed or collected in; using a closed store raises
:class:`cop.InvalidArgument`.

Times are timezone-aware :class:`datetime.datetime` objects in UTC (an int
is taken as UTC milliseconds); enum values are :class:`enum.IntEnum`
members (:class:`Role`, :class:`Visibility`, ...) whose ``str()`` is the
library's name, and a name (``"owner"``) is accepted wherever one is
expected.

The C API as SWIG generates it is :mod:`cop.raw` (``cop._cop``): every
C function under its C name, getters as ``get_<name>``.
"""

import collections as _collections
import contextlib as _contextlib
import enum as _enum
import os as _os
import tempfile as _tempfile
import re as _re
import weakref as _weakref

from . import _cop

raw = _cop

# The C functions' old names (include/cop/deprecated.h, which the
# generated module does not wrap) stay reachable through raw and
# Store.call(), each the same function as its new name.
_RENAMED = {
    "cop_member_get_by_handle": "cop_member_lookup_by_handle",
    "cop_member_get": "cop_member_lookup",
    "cop_community_get": "cop_community_lookup",
    "cop_contribution_get": "cop_contribution_lookup",
    "cop_membership_get": "cop_membership_lookup",
    "cop_thread_get": "cop_thread_lookup",
    "cop_vote_get": "cop_vote_lookup",
    "cop_standing_get": "cop_standing_lookup",
    "cop_stats_get": "cop_stats_lookup",
    "cop_recognition_config_get": "cop_recognition_config_lookup",
    "cop_community_erasure": "cop_community_erasure_lookup",
    "cop_answer_accepted": "cop_answer_lookup",
}
for _old, _new in _RENAMED.items():
    setattr(_cop, _old, getattr(_cop, _new))
del _old, _new

__all__ = [
    "open", "Store", "Member", "Community", "Membership", "Thread",
    "Contribution", "Revision", "LogEntry", "SearchHit", "Listing", "Stats",
    "Error", "strerror", "error_name", "id_time", "__version__",
    "Standing", "LedgerEntry", "BadgeAward", "Leader", "Kudos",
    "VerifyReport", "badge_class", "badge_once", "period_start", "Flag",
]

__version__ = _cop.cop_version()

#: Store open flags (also given as keywords to :func:`open`).
OPEN_READONLY = _cop.COP_OPEN_READONLY
OPEN_NOCREATE = _cop.COP_OPEN_NOCREATE
OPEN_DURABLE = _cop.COP_OPEN_DURABLE

# ---- errors ---------------------------------------------------------------------

#: status code -> exception class
errors = dict(_cop.errors)
Error = _cop.Error
for _cls in errors.values():
    globals()[_cls.__name__] = _cls
    if _cls.__name__ not in __all__:
        __all__.append(_cls.__name__)


def strerror(code):
    """The library's description of a status code."""
    return _cop.cop_strerror(code)


def error_name(code):
    """The symbolic name of a status code ("COP_ENOTFOUND"), or None."""
    return _cop.cop_error_name(code)


def _closed_error():
    return _cop.InvalidArgument("the store is closed")


# ---- enums --------------------------------------------------------------------------


class _CopEnum(_enum.IntEnum):
    """A libcop enum: an int whose str() is the library's name, and which
    compares equal to that name too (``role == "owner"``)."""

    def __str__(self):
        return self.label

    def __eq__(self, other):
        if isinstance(other, str):
            return self.label == other
        return int.__eq__(self, other)

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = _enum.IntEnum.__hash__

    @property
    def label(self):
        """The library's name of the value ("invite-only")."""
        return type(self)._cop_labels[int(self)]

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str):
            for v, label in cls._cop_labels.items():
                if label == value:
                    return cls(v)
        return None


def _camel(name):
    return "".join(part.capitalize() for part in name.split("_"))


def _make_enums():
    """An IntEnum per C enum type T that has a T_name() function: member
    names from the library's names ("invite-only" is INVITE_ONLY)."""
    re_name = _re.compile(r"[^A-Z0-9_]")
    made = {}
    for fname in dir(_cop):
        m = _re.match(r"^(cop_\w+)_name$", fname)
        if not m:
            continue
        ctype = m.group(1)
        fn = getattr(_cop, fname)
        # Only T_name(T value): the autodoc signature says which.
        if not (fn.__doc__ or "").startswith("%s(%s " % (fname, ctype)):
            continue
        labels = {}
        for v in range(0, 256):
            label = fn(v)
            if label is not None:
                labels[v] = label
        if not labels:
            continue
        cls = _CopEnum(_camel(ctype[4:]), [
            (re_name.sub("_", label.upper()), v) for v, label in labels.items()],
            module=__name__)
        type.__setattr__(cls, "_cop_labels", labels)
        cls.__doc__ = "Values of the C enum %s." % ctype
        _cop._register_enum(ctype, cls)
        made[ctype] = cls
    return made


_enums = _make_enums()
for _cls in _enums.values():
    globals()[_cls.__name__] = _cls
    __all__.append(_cls.__name__)

# ---- objects ------------------------------------------------------------------------

#: the SWIG classes, by C type name (to find which type a getter is of)
_ctypes = sorted((n for n in dir(_cop)
                  if n.startswith("cop_") and isinstance(getattr(_cop, n), type)),
                 key=len, reverse=True)


def _owner(cname):
    """The C type a C getter name belongs to (the longest prefix)."""
    for ctype in _ctypes:
        if cname.startswith(ctype + "_"):
            return ctype
    return None


def _getter_property(fn, cname, boolean=False):
    if boolean:
        def fget(self):
            return bool(fn(self._p))
    else:
        def fget(self):
            return fn(self._p)
    sig = (fn.__doc__ or "").split("\n", 1)[0]
    ret = "bool" if boolean else (
        sig.split("->", 1)[1].strip() if "->" in sig else "?")
    fget.__name__ = cname
    return property(fget, doc="%s() in C (returns %s)." % (cname, ret))


class _Object:
    """Base of the object classes: a C object and the store it came from.

    Properties are made from the C getters of the class's C type:
    ``cop_member_handle()`` is ``Member.handle`` (a ``_get`` suffix is
    dropped: ``cop_member_status_get()`` is ``Member.status``; an ``is_``
    prefix too, the value a bool: ``cop_thread_is_pinned()`` is
    ``Thread.pinned``).
    """

    __slots__ = ("_p", "_store", "__weakref__")
    _ctype = None
    #: C type name -> class
    _classes = {}

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if cls._ctype is None:
            return
        _Object._classes[cls._ctype] = cls
        prefix = "get_" + cls._ctype + "_"
        fields = []
        for name in dir(_cop):
            if not name.startswith(prefix):
                continue
            cname = name[4:]
            if _owner(cname) != cls._ctype:
                continue
            field = cname[len(cls._ctype) + 1:]
            if field.endswith("_get"):
                field = field[:-4]
            boolean = field.startswith("is_")
            if boolean:
                field = field[3:]
            fields.append(field)
            if field in cls.__dict__:
                continue  # written by hand below
            setattr(cls, field, _getter_property(getattr(_cop, name), cname,
                                                 boolean))
        cls._fields = tuple(sorted(fields))

    def __init__(self, *a, **kw):
        raise TypeError("%s objects come from a Store" % type(self).__name__)

    @classmethod
    def _wrap(cls, store, p):
        obj = object.__new__(cls)
        obj._p = p
        obj._store = store
        return obj

    @property
    def store(self):
        """The :class:`Store` this object came from."""
        return self._store

    def _raw_store(self):
        return self._store._raw()

    def as_dict(self):
        """The properties as a dict."""
        return {f: getattr(self, f) for f in self._fields}

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        return hash((type(self).__name__, self._key()))

    def _key(self):
        if "id" in self._fields:
            return self.id
        return tuple(sorted(self.as_dict().items()))

    def __repr__(self):
        shown = [f for f in self._repr_fields if f in self._fields]
        return "<cop.%s %s>" % (type(self).__name__, " ".join(
            "%s=%s" % (f, _show(getattr(self, f))) for f in shown))

    _repr_fields = ("id",)


def _show(value):
    return str(value) if isinstance(value, _CopEnum) else repr(value)


def _ref(obj, attr="id"):
    """An object argument as the text the C API takes: str stays as is."""
    if obj is None or isinstance(obj, str):
        return obj
    try:
        return getattr(obj, attr)
    except AttributeError:
        raise TypeError("expected a str or a cop object, not %s"
                        % type(obj).__name__) from None


def _member_ref(obj):
    if isinstance(obj, (Membership, LogEntry)):
        return obj.member_id if isinstance(obj, Membership) else obj.actor_id
    return _ref(obj)


def _community_ref(obj):
    if isinstance(obj, (Membership, Thread, Contribution, SearchHit)):
        return obj.community_id
    return _ref(obj)


def _page(after, limit):
    if after is None and not limit:
        return None
    return {"after": after, "limit": limit or 0}


class Member(_Object):
    """A member: a person.  Properties: id, handle, display_name,
    organisation, languages, status (:class:`MemberStatus`), created."""

    __slots__ = ()
    _ctype = "cop_member"
    _repr_fields = ("handle", "id")

    def update(self, *, display_name=None, organisation=None, languages=None):
        """Change the profile (None leaves a field; "" clears organisation
        or languages), then refresh this object."""
        self._store.update_member(self, display_name=display_name,
                                  organisation=organisation,
                                  languages=languages)
        self._p = _cop.cop_member_lookup(self._raw_store(), self.id)

    def contributions(self, *, after=None, limit=0):
        """The member's contributions the actor may see, newest first."""
        return self._store.contributions_by(self, after=after, limit=limit)

    def memberships(self):
        """The member's memberships in the communities the actor can see
        (a generator; one lookup per community)."""
        for community in self._store.communities():
            try:
                yield community.membership(self)
            except _cop.NotFound:
                pass


class Community(_Object):
    """A community.  Properties: id, slug, name, purpose, language,
    visibility (:class:`Visibility`), created."""

    __slots__ = ()
    _ctype = "cop_community"
    _repr_fields = ("slug", "id")

    def join(self, member, *, pledged_hours=0):
        """Join (or add @member to) this community; returns the
        :class:`Membership`."""
        return self._store.join(self, member, pledged_hours=pledged_hours)

    def leave(self, member):
        """Leave (or remove @member from) this community."""
        self._store.leave(self, member)

    def membership(self, member):
        """The :class:`Membership` of @member (NotFound if none)."""
        return self._store.membership(self, member)

    def memberships(self, *, after=None, limit=0):
        """The memberships, owners first, then by handle."""
        return self._store.memberships(self, after=after, limit=limit)

    def set_role(self, member, role):
        """Give @member a :class:`Role`."""
        self._store.set_role(self, member, role)

    def set_membership_status(self, member, status):
        """Ban, silence or reinstate @member (:class:`MembershipStatus`)."""
        self._store.set_membership_status(self, member, status)

    def create_thread(self, title, body, *, kind="discussion", tags=None,
                      language=None):
        """Start a thread here; see :meth:`Store.create_thread`."""
        return self._store.create_thread(self, title, body, kind=kind,
                                         tags=tags, language=language)

    def threads(self, *, after=None, limit=0):
        """The threads: pinned first, then by last activity."""
        return self._store.threads(self, after=after, limit=limit)

    def search(self, query, *, language=None, limit=0):
        """Search this community."""
        return self._store.search(query, community=self, language=language,
                                  limit=limit)

    def stats(self):
        """The :class:`Stats` of this community."""
        return self._store.stats(self)

    def give_kudos(self, to, message, *, contribution=None):
        """Thank @to here; see :meth:`Store.give_kudos`."""
        return self._store.give_kudos(self, to, message,
                                      contribution=contribution)

    def standing(self, member):
        """The :class:`Standing` of @member here."""
        return self._store.standing(self, member)

    def leaderboard(self, *, period="week", tag=None, at=None, after=None,
                    limit=0):
        """The leaderboard; see :meth:`Store.leaderboard`."""
        return self._store.leaderboard(self, period=period, tag=tag, at=at,
                                       after=after, limit=limit)

    @property
    def recognition_config(self):
        """The recognition numbers (see :meth:`Store.recognition_config`)."""
        return self._store.recognition_config(self)


class Membership(_Object):
    """A member's place in a community.  Properties: community_id,
    member_id, handle, role (:class:`Role`), status
    (:class:`MembershipStatus`), joined, pledged_hours."""

    __slots__ = ()
    _ctype = "cop_membership"
    _repr_fields = ("handle", "role", "status")

    def _key(self):
        return (self.community_id, self.member_id)

    def _refresh(self):
        self._p = _cop.cop_membership_lookup(self._raw_store(),
                                          self.community_id, self.member_id)

    @property
    def community(self):
        """The :class:`Community`."""
        return self._store.community(self.community_id)

    @property
    def member(self):
        """The :class:`Member`."""
        return self._store.member(self.member_id)

    def set_role(self, role):
        """Change the role, then refresh."""
        _cop.cop_membership_set_role(self._raw_store(), self.community_id,
                                     self.member_id, role)
        self._refresh()

    def set_status(self, status):
        """Ban, silence or reinstate, then refresh."""
        _cop.cop_membership_set_status(self._raw_store(), self.community_id,
                                       self.member_id, status)
        self._refresh()

    def set_pledge(self, hours):
        """Change the hours a month pledged, then refresh."""
        _cop.cop_membership_set_pledge(self._raw_store(), self.community_id,
                                       self.member_id, hours)
        self._refresh()

    def leave(self):
        """Leave the community (the object keeps its last state)."""
        _cop.cop_community_leave(self._raw_store(), self.community_id,
                                 self.member_id)


class Thread(_Object):
    """A discussion thread.  Properties: id, community_id, author_id, kind
    (:class:`ThreadKind`), state (:class:`ThreadState`, derived from the
    properties below), title, tags (a tuple), language, created,
    last_activity, contribution_count, and the properties closed, locked,
    pinned, hidden and answered (bools, each independent of the others;
    set with :meth:`set_flag`)."""

    __slots__ = ()
    _ctype = "cop_thread"
    _repr_fields = ("title", "id")

    @property
    def tags(self):
        """The tags, a tuple of str."""
        return tuple(_cop.get_cop_thread_tags(self._p).split())

    @property
    def community(self):
        """The :class:`Community`."""
        return self._store.community(self.community_id)

    def set_state(self, state):
        """Lock, close, pin, hide or reopen (:class:`ThreadState`), then
        refresh.  The old form of :meth:`set_flag`: the thread gets the
        properties of that state."""
        store = self._raw_store()
        _cop.cop_thread_set_state(store, self.id, state)
        self._p = _cop.cop_thread_lookup(store, self.id)

    def set_flag(self, flag, on=True):
        """Turn one property on or off (:class:`ThreadFlag` or its name:
        "closed", "locked", "pinned", "hidden"), the others kept, then
        refresh."""
        store = self._raw_store()
        _cop.cop_thread_set_flag(store, self.id, flag, 1 if on else 0)
        self._p = _cop.cop_thread_lookup(store, self.id)

    def reply(self, body, *, kind="reply", reply_to=None, translation_of=None,
              language=None):
        """Add a contribution; see :meth:`Store.add_contribution`."""
        return self._store.add_contribution(
            self, body, kind=kind, reply_to=reply_to,
            translation_of=translation_of, language=language)

    def contributions(self, *, after=None, limit=0):
        """The contributions in the order they were made."""
        return self._store.contributions(self, after=after, limit=limit)

    def refresh(self):
        """Read the thread again (counts and last activity change)."""
        self._p = _cop.cop_thread_lookup(self._raw_store(), self.id)

    def accepted_answer(self):
        """The accepted answer (:class:`Contribution`), or None."""
        return self._store.accepted_answer(self)

    def unaccept(self):
        """Take back the accepted answer, then refresh."""
        self._store.unaccept_answer(self)
        self.refresh()

    def read(self, posts=0):
        """Report that the actor read @posts more contributions of the
        thread (a visit with 0): days visited and posts read feed trust
        levels."""
        self._store.read_thread(self, posts)


class Contribution(_Object):
    """A post, reply, answer, comment, resource or summary.  Properties:
    id, thread_id, community_id, author_id, kind
    (:class:`ContributionKind`), reply_to, translation_of, language, body,
    format (:class:`BodyFormat`), created, edited (None if never),
    revision, score."""

    __slots__ = ()
    _ctype = "cop_contribution"
    _repr_fields = ("kind", "id")

    @property
    def thread(self):
        """The :class:`Thread`."""
        return self._store.thread(self.thread_id)

    def edit(self, body, *, comment=None):
        """Replace the body (the old one becomes a revision), then refresh."""
        self._p = _cop.cop_contribution_edit(self._raw_store(), self.id, body,
                                             comment)

    def reply(self, body, *, kind="comment", language=None):
        """Reply to this contribution (a comment unless @kind says else)."""
        return self._store.add_contribution(self.thread_id, body, kind=kind,
                                            reply_to=self.id,
                                            language=language)

    def revisions(self):
        """The earlier revisions, oldest first."""
        return self._store.revisions(self)

    def vote(self, kind="up"):
        """Vote on it as the actor (:class:`VoteKind`: up, down, helpful,
        thanks), then refresh (the score changes)."""
        self._store.vote(self, kind)
        self._p = _cop.cop_contribution_lookup(self._raw_store(), self.id)

    def retract_vote(self):
        """Take back the actor's vote, then refresh."""
        self._store.retract_vote(self)
        self._p = _cop.cop_contribution_lookup(self._raw_store(), self.id)

    def my_vote(self):
        """The actor's vote on it (:class:`VoteKind`), or None."""
        return self._store.my_vote(self)

    def accept(self):
        """Accept this answer."""
        self._store.accept_answer(self)


class Revision(_Object):
    """An earlier body of a contribution.  Properties: contribution_id,
    number, author_id, body, comment, created."""

    __slots__ = ()
    _ctype = "cop_revision"
    _repr_fields = ("contribution_id", "number")

    def _key(self):
        return (self.contribution_id, self.number)


class LogEntry(_Object):
    """An entry of the change log.  Properties: seq, time, actor_id, op,
    object_id, community_id."""

    __slots__ = ()
    _ctype = "cop_log_entry"
    _repr_fields = ("seq", "op", "object_id")

    def _key(self):
        return self.seq


class SearchHit(_Object):
    """A search result.  Properties: thread_id, contribution_id,
    community_id, title, snippet (matches between [ and ]), score."""

    __slots__ = ()
    _ctype = "cop_search_hit"
    _repr_fields = ("title", "score")

    def _key(self):
        return self.contribution_id

    @property
    def thread(self):
        """The :class:`Thread`."""
        return self._store.thread(self.thread_id)

    @property
    def contribution(self):
        """The :class:`Contribution` matched."""
        return self._store.contribution(self.contribution_id)


class Standing(_Object):
    """A member's standing in a community: reputation, trust_level
    (0-4), trust_manual, and the counts trust levels come from
    (days_active, posts, likes_given, likes_received, kudos_received,
    accepted)."""

    __slots__ = ()
    _ctype = "cop_standing"
    _repr_fields = ("member_id", "reputation", "trust_level")


class LedgerEntry(_Object):
    """An entry of a community's reputation ledger: member_id, points
    (applied), nominal, reason (:class:`RepReason`), object_id, actor_id,
    time."""

    __slots__ = ()
    _ctype = "cop_ledger_entry"
    _repr_fields = ("reason", "points", "object_id")


class BadgeAward(_Object):
    """A badge a member holds: badge (:class:`Badge`), member_id,
    object_id (the contribution of a per-contribution badge), awarded."""

    __slots__ = ()
    _ctype = "cop_badge_award"
    _repr_fields = ("badge", "member_id")

    @property
    def badge_class(self):
        """Bronze, silver or gold (:class:`BadgeClass`)."""
        return badge_class(self.badge)


class Leader(_Object):
    """A row of a leaderboard: member_id, handle, points."""

    __slots__ = ()
    _ctype = "cop_leader"
    _repr_fields = ("handle", "points")


class Flag(_Object):
    """A flag on a contribution: id, community_id, contribution_id,
    flagger_id, reason, state (:class:`FlagState`), created, resolver_id,
    resolved."""

    __slots__ = ()
    _ctype = "cop_flag"
    _repr_fields = ("state", "reason", "id")

    def resolve(self, outcome):
        """Close the flag as "upheld" or "dismissed"."""
        self._store.resolve_flag(self, outcome)


class ModlogEntry(_Object):
    """An entry of the moderation log: id, community_id (None:
    store-wide), kind (:class:`ModlogKind`), actor_id (None: the system),
    member_id, contribution_id, reason, start, until (None: no end),
    lifted (None: not lifted)."""

    __slots__ = ()
    _ctype = "cop_modlog_entry"
    _repr_fields = ("kind", "reason", "id")


class QueueItem(_Object):
    """An item of the facilitator's queue: kind (:class:`QueueKind`),
    object_id (a thread, member or flag id), since (when it started
    waiting), waited (seconds, when the page was read)."""

    __slots__ = ()
    _ctype = "cop_queue_item"
    _repr_fields = ("kind", "object_id", "waited")


class Kudos(_Object):
    """Thanks from one member to another: id, community_id, from_id,
    to_id, contribution_id, message, created."""

    __slots__ = ()
    _ctype = "cop_kudos"
    _repr_fields = ("message", "id")


class VerifyReport(_Object):
    """What :meth:`Store.verify` found: count, repaired, and lines (the
    differences as text)."""

    __slots__ = ()
    _ctype = "cop_verify_report"
    _repr_fields = ("count", "repaired")

    @property
    def lines(self):
        """The differences found, as lines of text."""
        line = _cop.cop_verify_report_line
        return [line(self._p, i) for i in range(self.count)]

    @property
    def repaired(self):
        """True when the differences were repaired."""
        return bool(_cop.get_cop_verify_report_repaired(self._p))

    def _key(self):
        return id(self._p)


def _make_classes():
    """A class for every other C object type (one with a T_free()), its
    properties made from its getters: new library types are usable from
    Python (via Store.call() and listings) with no code here."""
    for ctype in _ctypes:
        if (ctype in _Object._classes or ctype.endswith("_iter")
                or not hasattr(_cop, ctype + "_free")):
            continue
        name = _camel(ctype[4:])
        cls = type(name, (_Object,), {
            "__slots__": (), "_ctype": ctype, "__module__": __name__,
            "__doc__": "A %s (properties from its C getters)." % ctype,
            "_repr_fields": ("id",)})
        globals()[name] = cls
        __all__.append(name)


_make_classes()


_stats_fields = sorted(n for n, v in vars(_cop.cop_stats).items()
                       if not n.startswith("_") and n not in
                       ("this", "thisown", "version"))
_StatsBase = _collections.namedtuple("Stats", _stats_fields)


class Stats(_StatsBase):
    """Counts of what a store (or a community) holds; fields as in the C
    struct cop_stats."""

    __slots__ = ()

    def as_dict(self):
        """The counts as a dict."""
        return dict(self._asdict())


_report_fields = sorted(n for n, v in vars(_cop.cop_import_report).items()
                        if not n.startswith("_") and n not in
                        ("this", "thisown", "version"))
_ImportReportBase = _collections.namedtuple("ImportReport", _report_fields)


class ImportReport(_ImportReportBase):
    """What an import wrote (:meth:`Store.import_json`,
    :meth:`Store.import_stackexchange`); fields as in the C struct
    cop_import_report: members, threads, contributions, ..., unchanged
    (rows imported before), skipped_* (rows naming what the input does
    not hold), ignored."""

    __slots__ = ()

    def as_dict(self):
        """The counts as a dict."""
        return dict(self._asdict())


class _Fd:
    """A file descriptor for the C functions that stream to or from one:
    @file is a path (opened and closed here) or an object with fileno()
    (flushed first when written to; left open).  A path written to is
    replaced only when the call succeeds: the document goes to a
    temporary file beside it (mode 0600: documents may hold personal
    data), renamed over it at the end."""

    def __init__(self, file, write):
        self._own = not hasattr(file, "fileno")
        self._tmp = None
        if not self._own:
            if write and hasattr(file, "flush"):
                file.flush()
            self.fd = file.fileno()
        elif write:
            self._path = _os.fspath(file)
            folder, name = _os.path.split(self._path)
            self.fd, self._tmp = _tempfile.mkstemp(
                prefix="." + name + ".", dir=folder or ".")
        else:
            self.fd = _os.open(file, _os.O_RDONLY |
                               getattr(_os, "O_CLOEXEC", 0))

    def __enter__(self):
        return self.fd

    def __exit__(self, exc_type, *exc):
        if not self._own:
            return
        _os.close(self.fd)
        if self._tmp is None:
            return
        if exc_type is None:
            _os.replace(self._tmp, self._path)
        else:
            _os.unlink(self._tmp)


# ---- listings ---------------------------------------------------------------------------


class Listing:
    """An iterator over a listing, streaming from the store.

    ``cursor`` is the cursor after the last item returned (the page's
    cursor before the first; None when the listing has no cursors): pass
    it as ``after=`` to continue from there, in this process or another.
    The listing is freed when exhausted, by :meth:`close`, by leaving a
    ``with`` block, or by the garbage collector; it keeps its store open
    until then.
    """

    __slots__ = ("_store", "_it", "_next", "_cursor_fn", "_cls", "_cursor",
                 "__weakref__")

    def __init__(self, store, it, cursor=None):
        # The C iterator's functions, by its type's name (cop_X_iter).
        name = type(it).__name__
        self._store = store
        self._it = it
        self._next = getattr(_cop, name + "_next")
        self._cursor_fn = getattr(_cop, "get_" + name + "_cursor", None)
        self._cls = None
        self._cursor = cursor
        store._listings.add(self)

    def __iter__(self):
        return self

    def __next__(self):
        it = self._it
        if it is None:
            raise StopIteration
        try:
            p = self._next(it)
        except Error as e:
            self.close()
            raise type(e)(self._store.errmsg
                          if self._store.errcode == e.code else str(e)) from None
        if p is None:
            self.close()
            raise StopIteration
        cls = self._cls
        if cls is None:
            # The items' class, from the first item's C type.
            cls = self._cls = _Object._classes[type(p).__name__]
        return cls._wrap(self._store, p)

    @property
    def cursor(self):
        """The cursor to continue from (see the class documentation)."""
        if self._it is not None and self._cursor_fn is not None:
            c = self._cursor_fn(self._it)
            if c is not None:
                return c
        return self._cursor

    def close(self):
        """Free the listing now (it yields nothing more)."""
        it = self._it
        if it is not None:
            if self._cursor_fn is not None:
                c = self._cursor_fn(it)
                if c is not None:
                    self._cursor = c
            self._it = None
            del it  # the C iterator is freed here, before the store can be
            self._store._listings.discard(self)

    def __del__(self):
        # Free the C iterator before the store it reads from can go.
        self._it = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return "<cop.Listing %s%s>" % (
            type(self._it).__name__ if self._it is not None else "",
            "(done)" if self._it is None else "")


# ---- the store ------------------------------------------------------------------------------


class Store:
    """An open libcop store.  Use :func:`cop.open`.

    A context manager: leaving the ``with`` block closes it.  Listings
    still open are closed first; objects stay readable, but calling a
    method that needs the store raises :class:`cop.InvalidArgument`.
    """

    __slots__ = ("_p", "_listings", "uri", "__weakref__")

    def __init__(self, *a, **kw):
        raise TypeError("use cop.open() to open a store")

    @classmethod
    def _open(cls, uri, opts):
        self = object.__new__(cls)
        self._p = None
        self._listings = _weakref.WeakSet()
        self.uri = uri
        self._p = _cop.cop_open(uri, opts)
        return self

    def _raw(self):
        p = self._p
        if p is None:
            raise _closed_error()
        return p

    # -- life cycle --

    def close(self):
        """Close the store (and first every listing still open).  Closing
        twice is harmless."""
        p = self._p
        if p is None:
            return
        for listing in list(self._listings):
            listing.close()
        self._p = None
        _cop.cop_close(p)

    @property
    def closed(self):
        """True once the store is closed."""
        return self._p is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return "<cop.Store %r%s>" % (self.uri, " (closed)" if self._p is None
                                     else "")

    # -- the store itself --

    @property
    def backend(self):
        """The backend's name ("sqlite", "postgresql")."""
        return _cop.get_cop_store_backend_name(self._raw())

    @property
    def errmsg(self):
        """The message of the last failure on this store."""
        return _cop.get_cop_errmsg(self._raw())

    @property
    def errcode(self):
        """The status code of the last call on this store."""
        return _cop.get_cop_errcode(self._raw())

    @property
    def actor_id(self):
        """The id of the member the store acts as, or None (the system)."""
        return _cop.get_cop_store_actor(self._raw())

    @property
    def actor(self):
        """The :class:`Member` the store acts as, or None for the system.
        Set it to a Member, a member id, or None."""
        member_id = self.actor_id
        return None if member_id is None else self.member(member_id)

    @actor.setter
    def actor(self, member):
        _cop.cop_store_set_actor(self._raw(), _member_ref(member))

    @_contextlib.contextmanager
    def acting_as(self, member):
        """A context in which the store acts as @member (None: the
        system); the previous actor comes back after."""
        before = self.actor_id
        self.actor = member
        try:
            yield self
        finally:
            if self._p is not None:
                self.actor = before

    @property
    def now(self):
        """The time the store records for an operation made now."""
        return _cop.cop_store_now(self._raw())

    def set_time(self, when=None):
        """Fix the store's clock at @when (a datetime, or UTC ms); None
        goes back to the system clock."""
        _cop.cop_store_set_time(self._raw(), when)

    # -- batches --

    def begin(self):
        """Begin a batch (see :meth:`batch`)."""
        _cop.cop_batch_begin(self._raw())

    def commit(self):
        """Commit the open batch."""
        _cop.cop_batch_commit(self._raw())

    def rollback(self):
        """Roll the open batch back."""
        _cop.cop_batch_rollback(self._raw())

    @_contextlib.contextmanager
    def batch(self):
        """A batch: the mutations inside share one transaction, committed
        at the end of the block or rolled back if it raises."""
        self.begin()
        try:
            yield self
        except BaseException:
            if self._p is not None:
                self.rollback()
            raise
        self.commit()

    # -- members --

    def create_member(self, handle, display_name, *, organisation=None,
                      languages=None):
        """Create a member (only the system may).  @languages: BCP 47
        tags, space-separated or a list."""
        if languages is not None and not isinstance(languages, str):
            languages = " ".join(languages)
        return Member._wrap(self, _cop.cop_member_create(
            self._raw(), handle, display_name, organisation, languages))

    def member(self, member_id):
        """The :class:`Member` with this id."""
        return Member._wrap(self, _cop.cop_member_lookup(self._raw(), member_id))

    def member_by_handle(self, handle):
        """The :class:`Member` with this handle (case-insensitive)."""
        return Member._wrap(self, _cop.cop_member_lookup_by_handle(self._raw(),
                                                                handle))

    def update_member(self, member, *, display_name=None, organisation=None,
                      languages=None):
        """Change a member's profile (None leaves a field unchanged)."""
        if languages is not None and not isinstance(languages, str):
            languages = " ".join(languages)
        _cop.cop_member_update(self._raw(), _member_ref(member), display_name,
                               organisation, languages)

    def members(self, *, after=None, limit=0):
        """All members, by handle (a :class:`Listing`)."""
        return Listing(self, _cop.cop_member_iter_new(
            self._raw(), _page(after, limit)), after)

    # -- communities --

    def create_community(self, slug, name, *, purpose=None, language=None,
                         visibility="public"):
        """Create a community; a member acting becomes its owner."""
        return Community._wrap(self, _cop.cop_community_create(
            self._raw(), slug, name, purpose, language, visibility))

    def community(self, id_or_slug):
        """The :class:`Community` with this id or slug."""
        return Community._wrap(self, _cop.cop_community_lookup(
            self._raw(), _community_ref(id_or_slug)))

    def communities(self, *, after=None, limit=0):
        """The communities the actor can see, by slug."""
        return Listing(self, _cop.cop_community_iter_new(
            self._raw(), _page(after, limit)), after)

    def join(self, community, member, *, pledged_hours=0):
        """Join @community (or add @member to it): the :class:`Membership`."""
        return Membership._wrap(self, _cop.cop_community_join(
            self._raw(), _community_ref(community), _member_ref(member),
            pledged_hours))

    def leave(self, community, member):
        """Leave @community (or remove @member from it)."""
        _cop.cop_community_leave(self._raw(), _community_ref(community),
                                 _member_ref(member))

    def membership(self, community, member):
        """The :class:`Membership` of @member in @community."""
        return Membership._wrap(self, _cop.cop_membership_lookup(
            self._raw(), _community_ref(community), _member_ref(member)))

    def memberships(self, community, *, after=None, limit=0):
        """A community's memberships, owners first, then by handle."""
        return Listing(self, _cop.cop_membership_iter_new(
            self._raw(), _community_ref(community), _page(after, limit)),
            after)

    def set_role(self, community, member, role):
        """Give @member a :class:`Role` in @community."""
        _cop.cop_membership_set_role(self._raw(), _community_ref(community),
                                     _member_ref(member), role)

    def set_membership_status(self, community, member, status):
        """Ban, silence or reinstate @member (:class:`MembershipStatus`)."""
        _cop.cop_membership_set_status(self._raw(), _community_ref(community),
                                       _member_ref(member), status)

    def set_pledge(self, community, member, hours):
        """Change the hours a month @member pledges to @community."""
        _cop.cop_membership_set_pledge(self._raw(), _community_ref(community),
                                       _member_ref(member), hours)

    # -- threads --

    def create_thread(self, community, title, body, *, kind="discussion",
                      tags=None, language=None):
        """Start a thread with its first post.  @tags: space-separated or a
        list; @kind: a :class:`ThreadKind` or its name."""
        if tags is not None and not isinstance(tags, str):
            tags = " ".join(tags)
        return Thread._wrap(self, _cop.cop_thread_create(
            self._raw(), _community_ref(community), kind, title, tags,
            language, body))

    def thread(self, thread_id):
        """The :class:`Thread` with this id."""
        return Thread._wrap(self, _cop.cop_thread_lookup(self._raw(),
                                                      _ref(thread_id)))

    def threads(self, community, *, after=None, limit=0):
        """A community's threads: pinned first, then by last activity."""
        return Listing(self, _cop.cop_thread_iter_new(
            self._raw(), _community_ref(community), _page(after, limit)),
            after)

    def set_thread_state(self, thread, state):
        """Change a thread's :class:`ThreadState` (the old form of
        :meth:`set_thread_flag`)."""
        _cop.cop_thread_set_state(self._raw(), _ref(thread), state)

    def set_thread_flag(self, thread, flag, on=True):
        """Turn one of a thread's properties (:class:`ThreadFlag`) on or
        off, the others kept."""
        _cop.cop_thread_set_flag(self._raw(), _ref(thread), flag,
                                 1 if on else 0)

    # -- contributions --

    def add_contribution(self, thread, body, *, kind="reply", reply_to=None,
                         translation_of=None, language=None):
        """Add a contribution to @thread; @kind is a
        :class:`ContributionKind` or its name."""
        return Contribution._wrap(self, _cop.cop_contribution_create(
            self._raw(), _ref(thread), kind, _ref(reply_to),
            _ref(translation_of), language, body))

    def contribution(self, contribution_id):
        """The :class:`Contribution` with this id."""
        return Contribution._wrap(self, _cop.cop_contribution_lookup(
            self._raw(), _ref(contribution_id)))

    def edit_contribution(self, contribution, body, *, comment=None):
        """Edit a contribution: the edited :class:`Contribution`."""
        return Contribution._wrap(self, _cop.cop_contribution_edit(
            self._raw(), _ref(contribution), body, comment))

    def contributions(self, thread, *, after=None, limit=0):
        """A thread's contributions in the order they were made."""
        return Listing(self, _cop.cop_contribution_iter_new(
            self._raw(), _ref(thread), _page(after, limit)), after)

    def contributions_by(self, member, *, after=None, limit=0):
        """A member's contributions the actor may see, newest first."""
        return Listing(self, _cop.cop_contribution_iter_by_author(
                           self._raw(), _member_ref(member),
                           _page(after, limit)), after)

    def revisions(self, contribution):
        """A contribution's earlier revisions, oldest first."""
        return Listing(self, _cop.cop_revision_iter_new(
            self._raw(), _ref(contribution)))

    # -- log, search, stats --

    @property
    def last_seq(self):
        """The highest sequence number in the change log (0 if empty)."""
        return _cop.cop_log_last_seq(self._raw())

    def log(self, *, after_seq=0, limit=0):
        """The change log after @after_seq, in order (entries about
        communities the actor cannot see are skipped)."""
        return Listing(self, _cop.cop_log_iter_new(
            self._raw(), after_seq, limit))

    def search(self, query, *, community=None, language=None, limit=0):
        """Full-text search, best matches first (:class:`SearchHit`)."""
        opts = None
        if community is not None or language is not None or limit:
            opts = {"community": _community_ref(community),
                    "language": language, "limit": limit}
        return Listing(self, _cop.cop_search_iter_new(
            self._raw(), query, opts))

    def stats(self, community=None):
        """Counts of what the store (or @community) holds: :class:`Stats`."""
        s = _cop.cop_stats_lookup(self._raw(), _community_ref(community))
        return Stats(*(getattr(s, f) for f in _stats_fields))

    # -- recognition --

    def vote(self, contribution, kind="up"):
        """Vote on a contribution as the actor (:class:`VoteKind`), or
        change the actor's vote; as the system the vote is anonymous."""
        _cop.cop_vote_cast(self._raw(), _ref(contribution), kind)

    def retract_vote(self, contribution):
        """Take back the actor's vote on a contribution."""
        _cop.cop_vote_retract(self._raw(), _ref(contribution))

    def my_vote(self, contribution):
        """The actor's vote on a contribution (:class:`VoteKind`), or None."""
        try:
            return _cop.cop_vote_lookup(self._raw(), _ref(contribution))
        except _cop.NotFound:
            return None

    def accept_answer(self, answer):
        """Accept an answer (replacing the thread's accepted one)."""
        _cop.cop_answer_accept(self._raw(), _ref(answer))

    def unaccept_answer(self, thread):
        """Take back a thread's accepted answer."""
        _cop.cop_answer_unaccept(self._raw(), _ref(thread))

    def accepted_answer(self, thread):
        """A thread's accepted answer (:class:`Contribution`), or None."""
        try:
            return Contribution._wrap(self, _cop.cop_answer_lookup(
                self._raw(), _ref(thread)))
        except _cop.NotFound:
            return None

    def give_kudos(self, community, to, message, *, contribution=None):
        """The actor thanks member @to in @community (optionally for one
        of their contributions): the :class:`Kudos`."""
        return Kudos._wrap(self, _cop.cop_kudos_give(
            self._raw(), _community_ref(community), _member_ref(to),
            _ref(contribution), message))

    def kudos(self, community, member, *, after=None, limit=0):
        """The kudos @member received in @community, newest first."""
        return Listing(self, _cop.cop_kudos_iter_new(
            self._raw(), _community_ref(community), _member_ref(member),
            _page(after, limit)), after)

    def flag(self, contribution, reason):
        """Flag @contribution for the moderators, as the actor: the
        :class:`Flag`."""
        return Flag._wrap(self, _cop.cop_flag_raise(
            self._raw(), _ref(contribution), reason))

    def flags(self, community, state="open", *, after=None, limit=0):
        """The moderators' queue: @community's flags in @state (a
        :class:`FlagState` or its name), oldest first."""
        return Listing(self, _cop.cop_flag_iter_new(
            self._raw(), _community_ref(community), FlagState(state),
            _page(after, limit)), after)

    def resolve_flag(self, flag, outcome):
        """Close @flag as "upheld" or "dismissed"."""
        _cop.cop_flag_resolve(self._raw(), _ref(flag), FlagState(outcome))

    # -- moderation --

    def suspend(self, member, reason, until=None):
        """Suspend @member store-wide (the system only) for @reason,
        until @until (a datetime or UTC ms; None: until lifted)."""
        _cop.cop_member_suspend(self._raw(), _member_ref(member), until,
                                reason)

    def unsuspend(self, member):
        """Lift the suspension in force on @member (the system only)."""
        _cop.cop_member_unsuspend(self._raw(), _member_ref(member))

    def silence(self, community, member, reason, until=None):
        """Silence @member in @community for @reason, until @until
        (None: until lifted); for the community's moderators."""
        _cop.cop_community_silence(self._raw(), _community_ref(community),
                                   _member_ref(member), until, reason)

    def unsilence(self, community, member):
        """Lift the silence in force on @member in @community."""
        _cop.cop_community_unsilence(self._raw(), _community_ref(community),
                                     _member_ref(member))

    def hide(self, contribution, reason):
        """Hide @contribution for @reason: only its author, its
        community's facilitators and owners and the system see it."""
        _cop.cop_contribution_hide(self._raw(), _ref(contribution), reason)

    def unhide(self, contribution):
        """Show a hidden @contribution again."""
        _cop.cop_contribution_unhide(self._raw(), _ref(contribution))

    def modlog(self, community, *, after=None, limit=0):
        """@community's moderation log (None: the store-wide one, for the
        system), newest first: :class:`ModlogEntry` objects."""
        return Listing(self, _cop.cop_modlog_iter_new(
            self._raw(), None if community is None else
            _community_ref(community), _page(after, limit)), after)

    # -- facilitation --

    def queue(self, community, *, after=None, limit=0):
        """@community's facilitator's queue, oldest first:
        :class:`QueueItem` objects (for its moderators)."""
        return Listing(self, _cop.cop_queue_iter_new(
            self._raw(), _community_ref(community), _page(after, limit)),
            after)

    def set_queue_threshold(self, community, kind, seconds):
        """List items of @kind (:class:`QueueKind` or its name) in
        @community's queue once they have waited @seconds."""
        _cop.cop_queue_threshold_set(self._raw(), _community_ref(community),
                                     QueueKind(kind), seconds)

    def queue_threshold(self, community, kind):
        """@community's threshold for @kind, in seconds (the default
        when none was set)."""
        return _cop.cop_queue_threshold_lookup(
            self._raw(), _community_ref(community), QueueKind(kind))

    def summarize(self, thread, body):
        """Write @thread's summary (a new revision when it has one): the
        summary :class:`Contribution`."""
        return Contribution._wrap(self, _cop.cop_thread_summarize(
            self._raw(), _ref(thread), body))

    def summary_coverage(self, community):
        """(covered, total): of @community's closed or idle discussions
        the actor sees, how many have a summary, and how many there are."""
        covered, total = _cop.cop_summary_coverage(self._raw(),
                                                   _community_ref(community))
        return covered, total

    def read_thread(self, thread, posts=0):
        """Report that the actor read @posts more contributions of
        @thread (0: the visit alone)."""
        _cop.cop_thread_read(self._raw(), _ref(thread), posts)

    def standing(self, community, member):
        """@member's :class:`Standing` in @community (reputation, trust)."""
        return Standing._wrap(self, _cop.cop_standing_lookup(
            self._raw(), _community_ref(community), _member_ref(member)))

    def set_trust(self, community, member, level):
        """Set @member's trust level (0-4) by hand; None goes back to
        automatic levels."""
        _cop.cop_trust_set(self._raw(), _community_ref(community),
                           _member_ref(member), -1 if level is None else level)

    def can(self, community, privilege, member=None):
        """Whether @member (None: the actor) has a :class:`Privilege` in
        @community."""
        return bool(_cop.cop_trust_can(self._raw(), _community_ref(community),
                                       _member_ref(member), privilege))

    def ledger(self, community, member, *, after=None, limit=0):
        """@member's reputation ledger in @community, newest first."""
        return Listing(self, _cop.cop_ledger_iter_new(
            self._raw(), _community_ref(community), _member_ref(member),
            _page(after, limit)), after)

    def award_badge(self, community, member, badge, *, contribution=None):
        """Award a :class:`Badge` by hand (e.g. event-attendee)."""
        _cop.cop_badge_award_give(self._raw(), _community_ref(community),
                                  _member_ref(member), badge,
                                  _ref(contribution))

    def badges(self, community, member, *, after=None, limit=0):
        """The badges @member holds in @community, newest first."""
        return Listing(self, _cop.cop_badge_iter_new(
            self._raw(), _community_ref(community), _member_ref(member),
            _page(after, limit)), after)

    def leaderboard(self, community, *, period="week", tag=None, at=None,
                    after=None, limit=0):
        """Members by reputation gained in the :class:`Period` containing
        @at (None: now), most first; only from threads tagged @tag if
        given: :class:`Leader` rows."""
        return Listing(self, _cop.cop_leader_iter_new(
            self._raw(), _community_ref(community), tag, period, at,
            _page(after, limit)), after)

    def recognition_config(self, community):
        """@community's recognition numbers: an object with a field per
        number (up_answer, daily_cap, trust2_days, ...); change fields and
        pass it to :meth:`set_recognition_config`."""
        return _cop.cop_recognition_config_lookup(self._raw(),
                                               _community_ref(community))

    def set_recognition_config(self, community, config=None, **changes):
        """Set @community's recognition numbers: @config (from
        :meth:`recognition_config`; default: the current ones) with
        @changes applied (``daily_cap=100``)."""
        if config is None:
            config = self.recognition_config(community)
        for name, value in changes.items():
            if name == "version" or not hasattr(config, name):
                raise TypeError("no recognition setting %r" % name)
            setattr(config, name, value)
        _cop.cop_recognition_config_set(self._raw(),
                                        _community_ref(community), config)

    def verify(self, community=None, *, repair=False):
        """Recompute scores, reputation, trust, leaderboards and badges
        from the facts and report differences (with @repair, fix them):
        a :class:`VerifyReport`."""
        return VerifyReport._wrap(self, _cop.cop_verify(
            self._raw(), _community_ref(community), 1 if repair else 0))

    # -- interop: JSON, Stack Exchange, a member's data, links --

    def export_json(self, community, file):
        """Write what @community holds that the actor may see as one JSON
        document (docs/json.md) to @file: a path, or an open binary file
        (anything with fileno())."""
        with _Fd(file, True) as fd:
            _cop.cop_export_json(self._raw(), _community_ref(community), fd)

    def import_json(self, file, *, community=None):
        """Import a document written by :meth:`export_json` from @file (a
        path or an open file), as the system, in one transaction; under
        the slug @community when given.  An :class:`ImportReport`."""
        opts = None if community is None else {"community": community}
        with _Fd(file, False) as fd:
            r = _cop.cop_import_json(self._raw(), fd, opts)
        return ImportReport(*(getattr(r, f) for f in _report_fields))

    def import_stackexchange(self, directory, *, community=None):
        """Import a Stack Exchange data dump (the folder of its XML files),
        as the system, in one transaction, into the community @community
        (default: the folder's name as a slug).  Importing the same dump
        again changes nothing.  An :class:`ImportReport`."""
        opts = None if community is None else {"community": community}
        r = _cop.cop_import_stackexchange(self._raw(), _os.fspath(directory),
                                          opts)
        return ImportReport(*(getattr(r, f) for f in _report_fields))

    def export_member_json(self, member, file):
        """Write everything the store holds about @member (the member
        themself or the system may) as one JSON document to @file."""
        with _Fd(file, True) as fd:
            _cop.cop_member_export_json(self._raw(), _member_ref(member), fd)

    def erase_member(self, member):
        """Erase @member (docs/privacy.md): their profile is blanked and
        their contributions kept, anonymised or removed as each
        community's erasure policy says."""
        _cop.cop_member_erase(self._raw(), _member_ref(member))

    def erasure_policy(self, community):
        """The erasure policy of @community (:class:`ErasurePolicy`)."""
        return _cop.cop_community_erasure_lookup(self._raw(),
                                          _community_ref(community))

    def set_erasure_policy(self, community, policy):
        """Set what happens to an erased member's contributions in
        @community: "anonymize" (the default) or "remove", or an
        ErasurePolicy."""
        _cop.cop_community_set_erasure(self._raw(), _community_ref(community),
                                       policy)

    def link_threads(self, thread, target, kind="related"):
        """Link @thread to @target ("related" or "duplicate")."""
        _cop.cop_thread_link(self._raw(), _ref(thread), _ref(target), kind)

    def links(self, thread):
        """The links from @thread (by target id): a :class:`Listing` of
        Link objects (thread_id, target_id, kind, created)."""
        return Listing(self, _cop.cop_link_iter_new(self._raw(),
                                                    _ref(thread)))

    # -- any C function --

    def call(self, name, *args):
        """Call the C function @name ("cop_vote_cast", or without the cop_
        prefix) on this store: @args are its arguments after the store
        (objects may be given for ids).  What it returns comes back as for
        the methods: objects wrapped, an iterator as a :class:`Listing`,
        None for a bare status; failures raise.  The way to any function
        the methods above do not cover."""
        if not name.startswith("cop_"):
            name = "cop_" + name
        fn = getattr(_cop, name)
        args = [a if a is None or isinstance(a, (str, int, float))
                else getattr(a, "id", a) for a in args]
        return self._result(fn(self._raw(), *args))

    def _result(self, r):
        if isinstance(r, list):
            return [self._result(x) for x in r]
        name = type(r).__name__
        if name.endswith("_iter"):
            return Listing(self, r)
        cls = _Object._classes.get(name)
        return cls._wrap(self, r) if cls is not None else r


def open(uri, *, readonly=False, create=True, busy_timeout_ms=0,  # noqa: A001
         durable=False):
    """Open a store (creating and migrating it unless @readonly or not
    @create).

    @uri: "PATH", "sqlite:PATH", ":memory:", or "SCHEME:..." for another
    backend ("postgresql://...").  @busy_timeout_ms: how long to wait for
    a lock (0: the library's default).  @durable: every commit survives a
    power loss (a disk sync per commit; COP_OPEN_DURABLE).  Returns a
    :class:`Store`, a context manager.
    """
    flags = 0
    if readonly:
        flags |= OPEN_READONLY
    if not create:
        flags |= OPEN_NOCREATE
    if durable:
        flags |= OPEN_DURABLE
    opts = None
    if flags or busy_timeout_ms:
        opts = {"flags": flags, "busy_timeout_ms": busy_timeout_ms}
    return Store._open(uri, opts)


def badge_class(badge):
    """The :class:`BadgeClass` (bronze, silver, gold) of a :class:`Badge`."""
    return _enums["cop_badge_class"](_cop.cop_badge_class_of(badge))


def badge_once(badge):
    """True if a :class:`Badge` is awarded at most once per member and
    community."""
    return bool(_cop.cop_badge_once(badge))


def period_start(period, when):
    """The start of the :class:`Period` containing @when (None for
    "all")."""
    return _cop.cop_period_start(period, when)


def id_time(member_or_id):
    """The creation time encoded in a libcop id (or an object's id)."""
    return _cop.get_cop_id_time(_cop.cop_id_parse(_ref(member_or_id)))
