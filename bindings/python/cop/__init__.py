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
import json as _json
import os as _os
import tempfile as _tempfile
import re as _re
import threading as _threading
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

# Not "open": `from cop import *` would shadow the builtin (use cop.open).
__all__ = [
    "Store", "Member", "Community", "Membership", "Thread",
    "Contribution", "Revision", "ThreadChange", "LogEntry", "SearchHit",
    "Listing", "Stats",
    "Error", "strerror", "error_name", "id_time", "__version__",
    "Standing", "LedgerEntry", "BadgeAward", "Leader", "Kudos",
    "VerifyReport", "badge_class", "badge_once", "period_start", "Flag",
    "FundEntry", "currency_exponent", "amount_parse", "amount_format",
    "event_tz_valid", "health_render", "health_indicators",
    "Digest", "DigestItem",
    "REDACTED_TEXT", "SEARCH_MARK_OPEN", "SEARCH_MARK_CLOSE",
    "Event", "SYSTEM",
    "Tag",
]

__version__ = _cop.cop_version()

#: Store open flags (also given as keywords to :func:`open`).
OPEN_READONLY = _cop.COP_OPEN_READONLY
OPEN_NOCREATE = _cop.COP_OPEN_NOCREATE
OPEN_DURABLE = _cop.COP_OPEN_DURABLE
OPEN_SYSTEM = _cop.COP_OPEN_SYSTEM
#: The text a redacted revision keeps (:meth:`Store.redact`).
REDACTED_TEXT = _cop.COP_REDACTED_TEXT
#: Snippet markers that never occur in a snippet's text (SOH and STX):
#: ``store.search(q, marks=(SEARCH_MARK_OPEN, SEARCH_MARK_CLOSE))``.
SEARCH_MARK_OPEN = _cop.COP_SEARCH_MARK_OPEN
SEARCH_MARK_CLOSE = _cop.COP_SEARCH_MARK_CLOSE

# ---- errors ---------------------------------------------------------------------

#: status code -> exception class
errors = dict(_cop.errors)
Error = _cop.Error
# COP_EIO's class would be IOError, the builtin's name (an alias of
# OSError) that `from cop import *` would shadow: it is InputOutputError,
# still an OSError, and cop.IOError stays as an alias outside __all__.
_cop.IOError.__name__ = _cop.IOError.__qualname__ = "InputOutputError"
for _cls in errors.values():
    globals()[_cls.__name__] = _cls
    if _cls.__name__ not in __all__:
        __all__.append(_cls.__name__)
IOError = InputOutputError  # noqa: A001 - the old name, kept as an alias


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


def _getter_property(fn, cname, boolean=False, count=False):
    """A property reading the C getter fn: its value, a bool when
    boolean, and None for a negative count when count (a count the
    actor is not shown)."""
    if boolean:
        def fget(self):
            return bool(fn(self._p))
    elif count:
        def fget(self):
            n = fn(self._p)
            return None if n < 0 else n
    else:
        def fget(self):
            return fn(self._p)
    sig = (fn.__doc__ or "").split("\n", 1)[0]
    ret = "bool" if boolean else "int; None when the count is not " \
        "shown to the actor" if count else (
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
        """Join this public community (the system: add @member to it);
        returns the :class:`Membership`."""
        return self._store.join(self, member, pledged_hours=pledged_hours)

    def request(self):
        """Ask to join this invite-only community: the pending
        :class:`Membership`; see :meth:`Store.request`."""
        return self._store.request(self)

    def requests(self, *, after=None, limit=0):
        """The pending join requests (facilitators, owners, the system)."""
        return self._store.requests(self, after=after, limit=limit)

    def approve(self, member):
        """Approve @member's join request."""
        self._store.approve(self, member)

    def decline(self, member):
        """Decline @member's join request (they may ask again)."""
        self._store.decline(self, member)

    def invite(self, member):
        """Invite @member: the invited :class:`Membership`."""
        return self._store.invite(self, member)

    def accept_invitation(self):
        """Accept the actor's invitation to this community."""
        self._store.accept_invitation(self)

    def decline_invitation(self):
        """Decline the actor's invitation to this community."""
        self._store.decline_invitation(self)

    def update(self, *, name=None, purpose=None, language=None,
               visibility=None):
        """Change the name, purpose ("" removes it), language or
        visibility (None: as it is), then refresh."""
        self._p = self._store.update_community(
            self, name=name, purpose=purpose, language=language,
            visibility=visibility)._p

    def set_flag_hides(self, on):
        """Whether an upheld flag hides its contribution here, then
        refresh (property flag_hides)."""
        self._store.set_flag_hides(self, on)
        self._p = self._store.community(self.id)._p

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

    def search(self, query, *, language=None, limit=0, marks=None,
               after=None):
        """Search this community (see :meth:`Store.search`)."""
        return self._store.search(query, community=self, language=language,
                                  limit=limit, marks=marks, after=after)

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

    def edit(self, *, title=None, tags=None, comment=None):
        """Change the title, the tags or both (each change kept in the
        thread's history), then refresh; see :meth:`Store.edit_thread`."""
        self._store.edit_thread(self, title=title, tags=tags, comment=comment)
        self.refresh()

    def history(self, *, after=None, limit=0):
        """The thread's history, oldest first; see
        :meth:`Store.thread_history`."""
        return self._store.thread_history(self, after=after, limit=limit)

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
    revision, score, source_score (None if none)."""

    __slots__ = ()
    _ctype = "cop_contribution"
    _repr_fields = ("kind", "id")

    @property
    def source_score(self):
        """The score it had where it was imported from (a Stack Exchange
        dump's Score), kept apart from :attr:`score` (the sum of the
        votes held here); None when it has none (made through the API)."""
        if not _cop.get_cop_contribution_has_source_score(self._p):
            return None
        return _cop.get_cop_contribution_source_score(self._p)

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
        """The earlier revisions, oldest first (each with editor_id, who
        made the edit that replaced it, and redacted)."""
        return self._store.revisions(self)

    def redact(self, number, reason):
        """Redact earlier revision @number's text; see
        :meth:`Store.redact`."""
        self._store.redact(self, number, reason)

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


class ThreadChange(_Object):
    """An entry of a thread's history.  Properties: thread_id, number,
    kind (:class:`ThreadChangeKind`: title, tags, closed, reopened,
    locked, unlocked, pinned, unpinned, hidden, shown), old_value and
    new_value (a title's or tags' before and after, else None), actor_id
    (None: the system or unknown), created, comment."""

    __slots__ = ()
    _ctype = "cop_thread_change"
    _repr_fields = ("number", "kind")

    def _key(self):
        return (self.thread_id, self.number)


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
    community_id, title, snippet (matches between the search's marks,
    by default [ and ]), score."""

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


def _count_property(cname):
    return _getter_property(getattr(_cop, "get_" + cname), cname,
                            count=True)


class Standing(_Object):
    """A member's standing in a community: reputation, trust_level
    (0-4), trust_manual, and the counts trust levels come from
    (days_active, posts, likes_given, likes_received, kudos_received,
    accepted, posts_read).  The counts include hidden content, so they
    are given only to the member, the community's facilitators and owners
    and the system: to anyone else each is None."""

    __slots__ = ()
    _ctype = "cop_standing"
    _repr_fields = ("member_id", "reputation", "trust_level")
    days_active = _count_property("cop_standing_days_active")
    posts = _count_property("cop_standing_posts")
    likes_given = _count_property("cop_standing_likes_given")
    likes_received = _count_property("cop_standing_likes_received")
    kudos_received = _count_property("cop_standing_kudos_received")
    accepted = _count_property("cop_standing_accepted")
    posts_read = _count_property("cop_standing_posts_read")


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


class FundEntry(_Object):
    """An entry of a community's funding ledger: id, community_id, kind
    (:class:`FundKind`), amount (minor units of the currency), currency,
    date ("YYYY-MM-DD"), counterparty, note, event_id (None: none),
    received (the date a pledge was received, None: not received),
    actor_id (None: the system), created."""

    __slots__ = ()
    _ctype = "cop_fund_entry"
    _repr_fields = ("kind", "amount", "currency", "date", "id")

    def receive(self):
        """Mark this pledge received (see :meth:`Store.fund_receive`)."""
        self._store.fund_receive(self)


def currency_exponent(code):
    """The minor-unit exponent of an active ISO 4217 currency (2 for
    "EUR", 0 for "JPY", 3 for "KWD"), or None when @code is not one."""
    e = _cop.get_cop_currency_exponent(code)
    return None if e < 0 else e


def amount_parse(text, currency):
    """An amount written in major units ("1250.50") as minor units of
    @currency; InvalidArgument when malformed, zero, out of range or with
    more decimals than the currency has."""
    try:
        return _cop.cop_amount_parse(str(text), currency)
    except _cop.InvalidArgument:
        raise _cop.InvalidArgument(
            "amount %r is not an amount of %s: above 0, in major units, "
            "with no more decimals than the currency has" % (str(text),
                                                              currency)) from None


def event_tz_valid(tz):
    """True when @tz names a time zone events accept (an IANA name
    libical knows, or "UTC")."""
    return bool(_cop.get_cop_event_tz_valid(tz))


def health_render(report, format="text"):  # noqa: A002
    """A health report (its JSON text, or the dict of it) as a page:
    "text", or "html" (one self-contained file with its charts)."""
    if not isinstance(report, str):
        report = _json.dumps(report)
    return _cop.cop_health_render(report, format)


def health_indicators():
    """The names of the health scorecard's indicators, whose thresholds
    :meth:`Store.set_health_threshold` sets."""
    names, i = [], 0
    while True:
        name = _cop.cop_health_indicator_name(i)
        if name is None:
            return names
        names.append(name)
        i += 1


def amount_format(minor, currency):
    """Minor units of @currency written in major units ("1250.50")."""
    exp = currency_exponent(currency)
    if exp is None:
        raise _cop.InvalidArgument("unknown currency %r" % (currency,))
    sign, a = ("-" if minor < 0 else ""), abs(int(minor))
    if not exp:
        return "%s%d" % (sign, a)
    return "%s%d.%0*d" % (sign, a // 10 ** exp, exp, a % 10 ** exp)


def _amount(amount, currency):
    # An int is minor units; text or a Decimal is written in major units.
    if isinstance(amount, int) and not isinstance(amount, bool):
        return amount
    return amount_parse(amount, currency)
class DigestItem(_Object):
    """An item of a :class:`Digest`: section (:class:`DigestSection`),
    community_id, community_slug, thread_id, contribution_id, member_id
    and member_handle (who it is about), actor_id and actor_handle (who
    acted), title, language, text (a summary's body, a kudos' message),
    time, points, badge."""

    __slots__ = ("_digest",)
    _ctype = "cop_digest_item"
    _repr_fields = ("section", "title", "member_handle")


class Digest(_Object):
    """What happened over a period (docs/digest.md): since, until,
    member_id, member_handle (a member's digest), community_slug (a
    community's); its items by section (:meth:`items`, :attr:`sections`),
    :meth:`render` and, for a member's, :meth:`mark_sent`."""

    __slots__ = ()
    _ctype = "cop_digest"
    _repr_fields = ("member_handle", "community_slug", "since")

    def items(self, section):
        """The items of @section (a :class:`DigestSection` or its name),
        in order: :class:`DigestItem` objects that keep the digest
        alive."""
        sec = DigestSection(section)
        out = []
        for i in range(_cop.cop_digest_count(self._p, sec)):
            item = DigestItem._wrap(self._store,
                                    _cop.cop_digest_item_at(self._p, sec, i))
            item._digest = self
            out.append(item)
        return out

    @property
    def sections(self):
        """Every section's items, by name ("threads", ..., "events")."""
        return {str(sec): self.items(sec) for sec in DigestSection}

    def render(self, format="text"):
        """The digest as "text", "md" (CommonMark, member text escaped)
        or "html" (libcmark's rendering of that CommonMark)."""
        return _cop.cop_digest_render(self._p, DigestFormat(format))

    def mark_sent(self):
        """Mark a member's digest as sent: their next digest without a
        start starts where this one ends."""
        self._store.mark_digest_sent(self)
class Follow(_Object):
    """A member's follow: kind (:class:`FollowKind`), level
    (:class:`FollowLevel`), member_id, community_id, thread_id (None
    unless a thread's), tag (None unless a tag's), created."""

    __slots__ = ()
    _ctype = "cop_follow"
    _repr_fields = ("kind", "level", "community_id")


class Notification(_Object):
    """A notification: id (its event's), kind (:class:`NotificationKind`),
    member_id, community_id, thread_id, contribution_id, object_id (a
    kudos or badge award), actor_id (None: the system), created, read
    (None while unread)."""

    __slots__ = ()
    _ctype = "cop_notification"
    _repr_fields = ("kind", "id")


class Tag(_Object):
    """A community's tag (docs/tags.md): community_id, name, excerpt (its
    description, or None), wiki (its longer text, or None), synonym_of
    (the tag it stands for, or None), uses (the threads tagged with it
    that the actor sees), created, updated."""

    __slots__ = ()
    _ctype = "cop_tag"
    _repr_fields = ("name", "uses")

    def _key(self):
        return (self.community_id, self.name)


class Event(_Object):
    """A community's meeting (docs/events.md): id, community_id, kind
    (:class:`EventKind`), title, body (CommonMark as given), start, end,
    tz (the IANA zone it is shown in), place, url, capacity (0:
    unlimited), creator_id, changed, sequence, cancelled (None: not
    cancelled), cancel_reason, the counts yes_count, maybe_count,
    waiting_count, attended_count, and answer (the actor's, or the listed
    member's: an :class:`Rsvp`, or None) and answer_waiting."""

    __slots__ = ()
    _ctype = "cop_event"
    _repr_fields = ("title", "start", "id")

    @property
    def answer(self):
        """The actor's (or the listed member's) :class:`Rsvp`, or None."""
        a = _cop.get_cop_event_answer(self._p)
        return None if a < 0 else Rsvp(a)

    @property
    def answer_waiting(self):
        """True when that answer is a yes on the waiting list."""
        return bool(_cop.get_cop_event_answer_waiting(self._p))

    def refresh(self):
        """Read the event again (its counts change)."""
        self._p = _cop.cop_event_lookup(self._raw_store(), self.id)

    def rsvp(self, answer):
        """Answer as the actor ("yes", "no", "maybe"): True when the yes
        waits; then refresh."""
        waiting = self._store.rsvp(self, answer)
        self.refresh()
        return waiting

    def attend(self, member, attended=True):
        """Record @member as attended (or absent), then refresh."""
        self._store.attend(self, member, attended)
        self.refresh()

    def cancel(self, reason):
        """Cancel the event for @reason, then refresh."""
        self._store.cancel_event(self, reason)
        self.refresh()

    def ics(self):
        """The event as iCalendar text (RFC 5545)."""
        return self._store.event_ics(self)


def _event_spec(title, start, end, tz, kind, place, url, capacity, body):
    return {"kind": int(EventKind(kind)), "title": title, "body": body,
            "start": start, "end": end, "tz": tz, "place": place,
            "url": url, "capacity": capacity}
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

#: One of a member's mail addresses (:meth:`Store.emails`): the address
#: lower-cased, whether it is the primary one, whether it is verified,
#: when it was added.
Email = _collections.namedtuple("Email", "address primary verified created")

#: What :meth:`Store.mail_ingest` did with a message: its outcome
#: ("accepted", "duplicate", "refused", "auto-reply", "bounce"), the
#: refusal's status code (0 otherwise), why, the contribution made (or
#: made the first time), the Message-ID it is known by.
MailResult = _collections.namedtuple(
    "MailResult", "outcome code reason contribution_id message_id")

#: A message of the outbox (:meth:`Store.mail_outbox`): its id, the
#: member and community, what it is of ("n:" a notification, "d:" a
#: digest), recipient and envelope sender, the RFC 5322 message, when it
#: was made, its state ("waiting", "sent", "failed"), attempts, and why
#: the last one failed (or None).
OutboxMessage = _collections.namedtuple(
    "OutboxMessage", "id member_id community_id source recipient sender "
    "message created state attempts reason")


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
                 "_thread", "_cut", "__weakref__")

    def __init__(self, store, it, cursor=None):
        # The C iterator's functions, by its type's name (cop_X_iter).
        name = type(it).__name__
        self._store = store
        self._it = it
        self._next = getattr(_cop, name + "_next")
        self._cursor_fn = getattr(_cop, "get_" + name + "_cursor", None)
        self._cls = None
        self._cursor = cursor
        self._thread = _threading.get_ident()
        self._cut = False
        store._listings.add(self)

    def __iter__(self):
        return self

    def __next__(self):
        it = self._it
        if it is None:
            if self._cut:
                raise _cop.InvalidArgument(
                    "the listing was closed before its end")
            raise StopIteration
        if self._thread != _threading.get_ident():
            raise _cop.InvalidArgument(
                "a listing belongs to the thread that made it")
        try:
            p = self._next(it)
        except Error as e:
            self.close()
            raise type(e)(self._store.errmsg
                          if self._store.errcode == e.code else str(e)) from None
        if p is None:
            self._end()
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
        """Free the listing now.  Asking it for more afterwards raises
        :class:`cop.InvalidArgument` (a loop can tell it was cut short),
        unless it had reached its end.  Closing the store closes its
        listings."""
        if self._it is not None:
            self._cut = True
        self._end()

    def _end(self):
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

    Threads: by default a store is used by the thread that opened it, and
    a call from another thread raises :class:`cop.InvalidArgument` (as
    :mod:`sqlite3`'s ``check_same_thread``).  Opened with
    ``check_same_thread=False`` it may be shared: each thread that uses
    it gets its own connection to the same database, opened on its first
    call and closed with the store, so the acting member
    (:meth:`acting_as`), batches and the clock are per thread, and
    threads write concurrently as separate connections do.  A listing
    belongs to the thread that made it.  Every call releases the GIL
    while it runs in C.
    """

    __slots__ = ("_p", "_listings", "uri", "_opts", "_owner", "_local",
                 "_handles", "_lock", "__weakref__")

    def __init__(self, *a, **kw):
        raise TypeError("use cop.open() to open a store")

    @classmethod
    def _open(cls, uri, opts, check_same_thread=True):
        self = object.__new__(cls)
        self._p = None
        self._listings = _weakref.WeakSet()
        self.uri = uri
        self._opts = opts
        self._owner = _threading.get_ident()
        self._local = self._handles = self._lock = None
        self._p = _cop.cop_open(uri, opts)
        if not check_same_thread:
            if uri == ":memory:":
                _cop.cop_close(self._p)
                self._p = None
                raise _cop.InvalidArgument(
                    "check_same_thread=False needs a database each thread "
                    "can open: ':memory:' is private to one connection")
            self._local = _threading.local()
            self._local.p = self._p
            self._handles = [self._p]
            self._lock = _threading.Lock()
        return self

    def _raw(self):
        p = self._p
        if p is None:
            raise _closed_error()
        if self._local is None:
            if _threading.get_ident() != self._owner:
                raise _cop.InvalidArgument(
                    "this store was opened in another thread: open it with "
                    "check_same_thread=False to share it between threads")
            return p
        q = getattr(self._local, "p", None)
        if q is None:
            with self._lock:
                if self._p is None:
                    raise _closed_error()
                q = _cop.cop_open(self.uri, self._opts)
                self._handles.append(q)
            self._local.p = q
        return q

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
        if self._handles is None:
            _cop.cop_close(p)
            return
        with self._lock:
            handles, self._handles = self._handles, []
        for q in handles:
            _cop.cop_close(q)

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
        """The id of the member the store acts as, or None (the system or
        the anonymous viewer: :attr:`actor_kind` tells which)."""
        return _cop.get_cop_store_actor(self._raw())

    @property
    def actor_kind(self):
        """Who the store acts as: :class:`ActorKind` ``ANONYMOUS`` (the
        default: public content only, no write), ``MEMBER`` or
        ``SYSTEM``."""
        return _cop.get_cop_store_actor_kind(self._raw())

    @property
    def actor(self):
        """The :class:`Member` the store acts as, None for the anonymous
        viewer, :data:`cop.SYSTEM` for the system.  Set it to a Member, a
        member id, None (the anonymous viewer) or :data:`cop.SYSTEM`."""
        p = self._raw()
        if _cop.get_cop_store_actor_kind(p) == _enums["cop_actor_kind"].SYSTEM:
            return SYSTEM
        member_id = _cop.get_cop_store_actor(p)
        return None if member_id is None else self.member(member_id)

    @actor.setter
    def actor(self, member):
        if member is SYSTEM:
            _cop.cop_store_act_as_system(self._raw())
        else:
            _cop.cop_store_set_actor(self._raw(), _member_ref(member))

    def act_as_system(self):
        """Act as the system from now on (no restrictions), as
        ``cop.open(..., system=True)`` does from the start."""
        _cop.cop_store_act_as_system(self._raw())

    @_contextlib.contextmanager
    def acting_as(self, member):
        """A context in which the store acts as @member (a Member or id;
        None: the anonymous viewer; :data:`cop.SYSTEM`: the system); the
        previous actor comes back after."""
        before = self.actor
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
        """The :class:`Member` with this id, one the actor sees
        (:class:`NotFound` "no such member" for one not seen, as for an
        id nobody has)."""
        return Member._wrap(self, _cop.cop_member_lookup(self._raw(), member_id))

    def member_by_handle(self, handle):
        """The :class:`Member` with this handle (case-insensitive), one
        the actor sees (as :meth:`member`)."""
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
        """Join public @community (the system: add @member to any):
        the :class:`Membership`.  Facilitators invite instead
        (:meth:`invite`)."""
        return Membership._wrap(self, _cop.cop_community_join(
            self._raw(), _community_ref(community), _member_ref(member),
            pledged_hours))

    def request(self, community):
        """Ask, as the actor, to join invite-only @community: the pending
        :class:`Membership` (a private community takes no requests)."""
        return Membership._wrap(self, _cop.cop_community_request(
            self._raw(), _community_ref(community)))

    def requests(self, community, *, after=None, limit=0):
        """@community's pending join requests (:class:`Membership`
        objects), for its facilitators and owners and the system."""
        return Listing(self, _cop.cop_community_request_iter_new(
            self._raw(), _community_ref(community), _page(after, limit)),
            after)

    def approve(self, community, member):
        """Approve @member's join request to @community."""
        _cop.cop_community_approve(self._raw(), _community_ref(community),
                                   _member_ref(member))

    def decline(self, community, member):
        """Decline @member's join request to @community."""
        _cop.cop_community_decline(self._raw(), _community_ref(community),
                                   _member_ref(member))

    def invite(self, community, member):
        """Invite @member to @community: the invited :class:`Membership`."""
        return Membership._wrap(self, _cop.cop_community_invite(
            self._raw(), _community_ref(community), _member_ref(member)))

    def accept_invitation(self, community):
        """Accept the actor's invitation to @community."""
        _cop.cop_invitation_accept(self._raw(), _community_ref(community))

    def decline_invitation(self, community):
        """Decline the actor's invitation to @community."""
        _cop.cop_invitation_decline(self._raw(), _community_ref(community))

    def invitations(self, *, after=None, limit=0):
        """The actor's pending invitations (:class:`Membership` objects
        with community_slug)."""
        return Listing(self, _cop.cop_invitation_iter_new(
            self._raw(), _page(after, limit)), after)

    def update_community(self, community, *, name=None, purpose=None,
                         language=None, visibility=None):
        """Change @community's name, purpose ("" removes it), language or
        visibility (None: as it is): the :class:`Community` as it now is."""
        vis = -1 if visibility is None else int(Visibility(visibility))
        return Community._wrap(self, _cop.cop_community_update(
            self._raw(), _community_ref(community), name, purpose, language,
            vis))

    def set_flag_hides(self, community, on):
        """Whether an upheld flag hides its contribution in @community."""
        _cop.cop_community_set_flag_hides(
            self._raw(), _community_ref(community), 1 if on else 0)

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

    def edit_thread(self, thread, *, title=None, tags=None, comment=None):
        """Change a thread's title, its tags (space-separated or a list)
        or both; each change becomes an entry of its history, with
        @comment."""
        if tags is not None and not isinstance(tags, str):
            tags = " ".join(tags)
        _cop.cop_thread_edit(self._raw(), _ref(thread), title, tags, comment)

    def thread_history(self, thread, *, after=None, limit=0):
        """A thread's history, oldest first (:class:`ThreadChange`): its
        titles and tags as set and changed, closing, reopening, locking,
        ... with who and when."""
        return Listing(self, _cop.cop_thread_history_iter_new(
            self._raw(), _ref(thread), _page(after, limit)), after)

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

    def log(self, *, after=None, limit=0, after_seq=None):
        """The change log as the actor reads it, in order (entries about
        what the actor cannot see are skipped): a page of at most @limit
        entries (0: all) after the cursor @after (the listing's ``cursor``
        at the end of the previous page: the system's is its sequence
        number as text, a member's is opaque), or after the sequence
        number @after_seq (the system's; a member's own numbering)."""
        if after_seq is not None:
            if after is not None:
                raise _cop.InvalidArgument("log takes after or after_seq, "
                                           "not both")
            return Listing(self, _cop.cop_log_iter_new(
                self._raw(), after_seq, limit))
        return Listing(self, _cop.cop_log_iter_page(
            self._raw(), _page(after, limit)), after)

    def search(self, query, *, community=None, language=None, limit=0,
               marks=None, after=None):
        """Full-text search, best matches first (:class:`SearchHit`), a
        page of at most @limit hits (0: 50) after the cursor @after (the
        listing's ``cursor`` at the end of the previous page).
        @marks: the pair of strings written around each match in the
        snippets (default ``("[", "]")``, which the text may hold too;
        ``(SEARCH_MARK_OPEN, SEARCH_MARK_CLOSE)`` never occur in it)."""
        opts = None
        if community is not None or language is not None or limit or \
                marks is not None or after is not None:
            opts = {"community": _community_ref(community),
                    "language": language, "limit": limit, "after": after}
            if marks is not None:
                if not isinstance(marks, (tuple, list)) or len(marks) != 2:
                    raise TypeError("marks is a pair of strings")
                opts["mark_open"], opts["mark_close"] = marks
        return Listing(self, _cop.cop_search_iter_new(
            self._raw(), query, opts), after)

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
        p = self._raw()
        if _cop.get_cop_store_actor(p) is None:
            return None                 # the system never votes
        try:
            return _cop.cop_vote_lookup(p, _ref(contribution))
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

    def redact(self, contribution, number, reason):
        """Redact @contribution's earlier revision @number for @reason:
        its text becomes REDACTED_TEXT, the fact stays (its redacted
        time, the moderation log); for the community's moderators."""
        _cop.cop_revision_redact(self._raw(), _ref(contribution), number,
                                 reason)

    def modlog(self, community, *, after=None, limit=0):
        """@community's moderation log (None: the store-wide one, for the
        system), newest first: :class:`ModlogEntry` objects."""
        return Listing(self, _cop.cop_modlog_iter_new(
            self._raw(), None if community is None else
            _community_ref(community), _page(after, limit)), after)

    # -- the funding ledger and hours given (docs/funding.md) --

    def fund_add(self, community, kind, amount, currency, *, date=None,
                 counterparty=None, note=None, event=None):
        """Add an entry to @community's ledger: @kind a :class:`FundKind`
        or its name, @amount in minor units (an int) or as written in
        major units ("1250.50", a Decimal), @currency an ISO 4217 code,
        @date "YYYY-MM-DD" (None: today).  The new :class:`FundEntry`."""
        return FundEntry._wrap(self, _cop.cop_fund_add(
            self._raw(), _community_ref(community), FundKind(kind),
            _amount(amount, currency), currency, date, counterparty, note,
            None if event is None else _ref(event)))

    def fund_receive(self, entry):
        """Mark the pledge @entry received: it counts as income from
        today (or its date, if later)."""
        _cop.cop_fund_receive(self._raw(), _ref(entry))

    def fund_entry(self, entry_id):
        """The :class:`FundEntry` with @entry_id."""
        return FundEntry._wrap(self, _cop.cop_fund_entry_lookup(
            self._raw(), entry_id))

    def fund_entries(self, community, *, after=None, limit=0):
        """@community's ledger, newest first: :class:`FundEntry`
        objects."""
        return Listing(self, _cop.cop_fund_iter_new(
            self._raw(), _community_ref(community), _page(after, limit)),
            after)

    def set_fund_visibility(self, community, visibility):
        """Set who sees @community's ledger: "moderators" or "members"
        (:class:`FundVisibility`)."""
        _cop.cop_fund_set_visibility(self._raw(), _community_ref(community),
                                     FundVisibility(visibility))

    def fund_visibility(self, community):
        """Who sees @community's ledger (:class:`FundVisibility`)."""
        return FundVisibility(_cop.cop_fund_visibility_lookup(
            self._raw(), _community_ref(community)))

    def fund_report(self, community, at=None, window=0):
        """@community's figures at @at ("YYYY-MM-DD", None: today) with a
        burn window of @window months (0: 3): a dict with "at",
        "window" and "currencies", a dict by code of dicts with
        "balance", "burn" (a month), "pledged_outstanding" (minor
        units), "burn_months" and "runway" (months, None when the burn
        is 0)."""
        r = _cop.cop_fund_report_lookup(self._raw(), _community_ref(community),
                                        at, window)
        try:
            cur = {}
            for i in range(_cop.get_cop_fund_report_count(r)):
                runway = _cop.cop_fund_report_runway(r, i)
                cur[_cop.cop_fund_report_currency(r, i)] = {
                    "balance": _cop.cop_fund_report_balance(r, i),
                    "burn": _cop.cop_fund_report_burn(r, i),
                    "burn_months": _cop.cop_fund_report_burn_months(r, i),
                    "runway": None if runway < 0 else runway,
                    "pledged_outstanding":
                        _cop.cop_fund_report_pledged_outstanding(r, i),
                }
            return {"at": _cop.get_cop_fund_report_at(r),
                    "window": _cop.get_cop_fund_report_window(r),
                    "currencies": cur}
        finally:
            _cop.cop_fund_report_free(r)

    def report_hours(self, community, hours, *, member=None, month=None,
                     note=None):
        """Report the @hours @member (None: the actor) gave @community in
        @month ("YYYY-MM", None: this month), replacing an earlier
        report of that month."""
        _cop.cop_hours_record(self._raw(), _community_ref(community),
                              None if member is None else _member_ref(member),
                              month, float(hours), note)

    def hours(self, community, month=None, to=None, by="total"):
        """The hours pledged and given in @community from @month to @to
        ("YYYY-MM"; None: this month, @to: @month), grouped @by "total",
        "member" or "organisation" (:class:`HoursBy`): a list of dicts
        with "member_id", "handle", "organisation", "pledged", "given"
        and "fulfilment" (None when nothing was pledged)."""
        r = _cop.cop_hours_report_lookup(self._raw(), _community_ref(community),
                                         month, to, HoursBy(by))
        try:
            rows = []
            for i in range(_cop.get_cop_hours_report_count(r)):
                f = _cop.cop_hours_report_fulfilment(r, i)
                rows.append({
                    "member_id": _cop.cop_hours_report_member_id(r, i),
                    "handle": _cop.cop_hours_report_handle(r, i),
                    "organisation": _cop.cop_hours_report_organisation(r, i),
                    "pledged": _cop.cop_hours_report_pledged(r, i),
                    "given": _cop.cop_hours_report_given(r, i),
                    "fulfilment": None if f < 0 else f,
                })
            return rows
        finally:
            _cop.cop_hours_report_free(r)
    # -- digests --

    def digest(self, community=None, member=None, *, period="week",
               since=None, until=None, limit=0):
        """The :class:`Digest` of @community (as the actor sees it) or of
        @member (their communities, as they see them), over
        [@since, @until): @until defaults to now, @since to @until minus
        @period ("day", "week", "month") or, for a member, to the end of
        their last digest marked as sent."""
        if (community is None) == (member is None):
            raise _cop.InvalidArgument("a digest is of a community or of "
                                       "a member")
        opts = {"period": str(DigestPeriod(period)), "since": since,
                "until": until, "limit": limit}
        if member is not None:
            p = _cop.cop_digest_member(self._raw(), _member_ref(member), opts)
        else:
            p = _cop.cop_digest_community(self._raw(),
                                          _community_ref(community), opts)
        return Digest._wrap(self, p)

    def mark_digest_sent(self, digest):
        """Mark a member's @digest as sent (the member or the system)."""
        _cop.cop_digest_mark_sent(self._raw(), digest._p)
    # -- subscriptions and notifications --

    @staticmethod
    def _follow_args(kind, target, tag):
        kind = FollowKind(kind)
        return kind, (_ref(target) if kind == FollowKind.THREAD
                      else _community_ref(target)), tag

    def follow(self, kind, target, tag=None, level="watching"):
        """The actor follows a "community" (@target: it), a "thread" or a
        "tag" (@target: its community, @tag: the tag) at @level
        ("watching", "tracking" or "muted"); again: the level changes."""
        kind, target, tag = self._follow_args(kind, target, tag)
        _cop.cop_follow_set(self._raw(), kind, target, tag,
                            FollowLevel(level))

    def unfollow(self, kind, target, tag=None):
        """The actor stops following what :meth:`follow` named."""
        kind, target, tag = self._follow_args(kind, target, tag)
        _cop.cop_follow_remove(self._raw(), kind, target, tag)

    def follows(self, member=None, *, after=None, limit=0):
        """@member's follows (None: the actor's), oldest first:
        :class:`Follow` objects."""
        return Listing(self, _cop.cop_follow_iter_new(
            self._raw(), None if member is None else _member_ref(member),
            _page(after, limit)), after)

    def notifications(self, member=None, *, unread=False, after=None,
                      limit=0):
        """@member's notifications (None: the actor's), newest first, only
        the unread ones with @unread: :class:`Notification` objects."""
        return Listing(self, _cop.cop_notification_iter_new(
            self._raw(), None if member is None else _member_ref(member),
            1 if unread else 0, _page(after, limit)), after)

    def notification_count(self, member=None, *, unread=False):
        """How many notifications @member (None: the actor) sees."""
        return _cop.cop_notification_count(
            self._raw(), None if member is None else _member_ref(member),
            1 if unread else 0)

    def mark_read(self, notifications=None, member=None):
        """Mark @notifications (ids or :class:`Notification` objects; all
        or none) of @member (None: the actor) read, or every unread one
        when None; returns how many."""
        ids = None if notifications is None else [
            _ref(n) for n in notifications]
        return _cop.cop_notification_mark_read(
            self._raw(), None if member is None else _member_ref(member),
            ids)
    # -- events --

    def create_event(self, community, title, start, end, *, tz=None,
                     kind="online", place=None, url=None, capacity=0,
                     body=None):
        """Create an event in @community (facilitators, core members,
        owners, the system): the :class:`Event`.  @start and @end are
        datetimes (or UTC ms), @tz an IANA zone name (default UTC)."""
        return Event._wrap(self, _cop.cop_event_create(
            self._raw(), _community_ref(community), _event_spec(
                title, start, end, tz, kind, place, url, capacity, body)))

    def update_event(self, event, title, start, end, *, tz=None,
                     kind="online", place=None, url=None, capacity=0,
                     body=None):
        """Give @event all these fields (its sequence goes up): the
        :class:`Event` as changed."""
        return Event._wrap(self, _cop.cop_event_update(
            self._raw(), _ref(event), _event_spec(
                title, start, end, tz, kind, place, url, capacity, body)))

    def cancel_event(self, event, reason):
        """Cancel @event for @reason."""
        _cop.cop_event_cancel(self._raw(), _ref(event), reason)

    def event(self, event_id):
        """The :class:`Event` @event_id, with its counts and the actor's
        answer."""
        return Event._wrap(self, _cop.cop_event_lookup(self._raw(),
                                                       _ref(event_id)))

    def events(self, community, *, past=False, after=None, limit=0):
        """@community's upcoming events, soonest first (@past: those that
        ended, latest first): :class:`Event` objects."""
        return Listing(self, _cop.cop_event_iter_new(
            self._raw(), _community_ref(community),
            EventWhen.PAST if past else EventWhen.UPCOMING,
            _page(after, limit)), after)

    def member_events(self, member, *, after=None, limit=0):
        """The events @member answered, latest first (the member and the
        system)."""
        return Listing(self, _cop.cop_member_event_iter_new(
            self._raw(), _member_ref(member), _page(after, limit)), after)

    def rsvp(self, event, answer):
        """Answer @event as the actor ("yes", "no", "maybe", or an
        :class:`Rsvp`): True when the yes is on the waiting list."""
        return bool(_cop.cop_event_rsvp(self._raw(), _ref(event),
                                        Rsvp(answer)))

    def attend(self, event, member, attended=True):
        """Record that @member attended @event (False: was absent)."""
        _cop.cop_event_attend(self._raw(), _ref(event), _member_ref(member),
                              Attendance.ATTENDED if attended
                              else Attendance.ABSENT)

    def event_ics(self, event):
        """@event as iCalendar text (RFC 5545)."""
        return _cop.cop_event_ics(self._raw(), _ref(event))

    def community_ics(self, community):
        """@community's calendar, every event, as iCalendar text."""
        return _cop.cop_community_ics(self._raw(), _community_ref(community))
    # -- mail addresses and tokens (docs/mail.md) --

    def email_add(self, member, address):
        """Add an unverified mail @address to @member (the member
        themself or the system); the first one is the primary."""
        _cop.cop_member_email_add(self._raw(), _member_ref(member), address)

    def emails(self, member):
        """@member's mail addresses, by address: :class:`Email` tuples
        (address, primary, verified, created).  The member themself or
        the system."""
        lst = _cop.cop_member_email_list(self._raw(), _member_ref(member))
        try:
            return [Email(_cop.cop_email_list_address(lst, i),
                          bool(_cop.cop_email_list_primary(lst, i)),
                          bool(_cop.cop_email_list_verified(lst, i)),
                          _cop.cop_email_list_created(lst, i))
                    for i in range(_cop.get_cop_email_list_count(lst))]
        finally:
            _cop.cop_email_list_free(lst)

    def email_set_primary(self, member, address):
        """Make @address @member's primary mail address."""
        _cop.cop_member_email_set_primary(self._raw(), _member_ref(member),
                                          address)

    def email_remove(self, member, address):
        """Remove one of @member's mail addresses."""
        _cop.cop_member_email_remove(self._raw(), _member_ref(member),
                                     address)

    def email_token(self, member, address):
        """The token that verifies @address, for the application to mail
        to it (valid 7 days, once)."""
        return _cop.cop_member_email_token(self._raw(), _member_ref(member),
                                           address)

    def email_verify(self, token):
        """Verify the address @token names (the system, or its member)."""
        _cop.cop_member_email_verify(self._raw(), token)

    def mail_token(self, kind, member, obj):
        """A signed "reply" (member, contribution) or "unsubscribe"
        (member, community) token; the system only."""
        return _cop.cop_mail_token_make(self._raw(), MailTokenKind(kind),
                                        _member_ref(member),
                                        _ref(obj))

    def mail_token_check(self, kind, token):
        """Check a "reply" or "unsubscribe" token: (member id, contribution
        or community id)."""
        return tuple(_cop.cop_mail_token_check(self._raw(),
                                              MailTokenKind(kind), token))

    def mail_ingest(self, domain, message):
        """Take in one RFC 5322 message (bytes or str) sent to @domain's
        list or reply addresses (the system only): a :class:`MailResult`
        (outcome, code, reason, contribution_id, message_id); a refusal
        is a result, not an exception."""
        if isinstance(message, str):
            message = message.encode("utf-8")
        r = _cop.cop_mail_ingest(self._raw(), domain, message)
        try:
            return MailResult(
                _cop.get_cop_mail_result_outcome_get(r),
                _cop.get_cop_mail_result_code(r),
                _cop.get_cop_mail_result_reason(r),
                _cop.get_cop_mail_result_contribution_id(r),
                _cop.get_cop_mail_result_message_id(r))
        finally:
            _cop.cop_mail_result_free(r)

    # -- outgoing mail (docs/mail.md, "Outgoing mail") --

    def mail_delivery(self, member, community):
        """How @member gets @community's mail: a :class:`MailDelivery`
        ("none", "every", "daily", "weekly")."""
        return MailDelivery(_cop.cop_mail_delivery_get(
            self._raw(), _member_ref(member), _community_ref(community)))

    def set_mail_delivery(self, member, community, delivery):
        """Set how @member gets @community's mail ("none", "every",
        "daily", "weekly"); the member themself or the system."""
        _cop.cop_mail_delivery_set(self._raw(), _member_ref(member),
                                   _community_ref(community),
                                   MailDelivery(delivery))

    def mail_unsubscribe(self, token):
        """The one-click unsubscribe of a List-Unsubscribe URL: the member
        and community @token names get no more mail (the system, or that
        member)."""
        _cop.cop_mail_unsubscribe(self._raw(), token)

    def mail_outbox_fill(self, domain, from_address, unsubscribe_url):
        """Render what is due by mail into the outbox (the system only;
        run it on a schedule); returns how many messages were added."""
        return _cop.cop_mail_outbox_fill(self._raw(), domain, from_address,
                                         unsubscribe_url)

    def mail_outbox(self, state=None):
        """The outbox, oldest first (@state: "waiting", "sent", "failed",
        or None for all): :class:`OutboxMessage` tuples.  The system
        only."""
        o = _cop.cop_mail_outbox_list(
            self._raw(), -1 if state is None else int(OutboxState(state)))
        try:
            return [OutboxMessage(
                _cop.cop_outbox_id(o, i), _cop.cop_outbox_member_id(o, i),
                _cop.cop_outbox_community_id(o, i),
                _cop.cop_outbox_source(o, i),
                _cop.cop_outbox_recipient(o, i),
                _cop.cop_outbox_sender(o, i),
                _cop.cop_outbox_message(o, i),
                _cop.cop_outbox_created(o, i),
                OutboxState(_cop.cop_outbox_state_get(o, i)),
                _cop.cop_outbox_attempts(o, i),
                _cop.cop_outbox_reason(o, i))
                for i in range(_cop.get_cop_outbox_count(o))]
        finally:
            _cop.cop_outbox_free(o)

    def mail_send(self, sendmail):
        """Hand each waiting or failed message to the sendmail-compatible
        program @sendmail (``PATH -oi -f FROM -- RCPT``, the message on
        its input): (sent, failed).  The system only."""
        sent, failed = _cop.cop_mail_outbox_send(self._raw(), sendmail)
        return sent, failed

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

    def set_health_threshold(self, community, indicator, good, poor):
        """Judge @indicator of @community's health scorecard good at
        @good and poor past @poor (docs/health-scorecard.md)."""
        _cop.cop_health_threshold_set(self._raw(), _community_ref(community),
                                      indicator, float(good), float(poor))

    def health_threshold(self, community, indicator):
        """@community's (good, poor) bounds for @indicator (the defaults
        when none were set)."""
        return tuple(_cop.cop_health_threshold_lookup(
            self._raw(), _community_ref(community), indicator))

    def reset_health_threshold(self, community, indicator=None):
        """Put @community's bounds for @indicator (every one when None)
        back to the defaults."""
        _cop.cop_health_threshold_reset(self._raw(), _community_ref(community),
                                        indicator)

    def health_compare(self, from_=None, to=None):
        """Which scorecard factors go with healthy communities in this
        store, over the days @from_ to @to ("YYYY-MM-DD"): a dict."""
        return _json.loads(_cop.cop_health_compare(self._raw(), from_, to))

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

    # -- tags --

    def tag(self, community, name):
        """@community's :class:`Tag` @name, its uses as the actor sees
        them."""
        return Tag._wrap(self, _cop.cop_tag_lookup(
            self._raw(), _community_ref(community), name))

    def tags(self, community, *, by="name", after=None, limit=0):
        """@community's tags, synonyms too, by name or (@by="uses") most
        used first: :class:`Tag` objects."""
        return Listing(self, _cop.cop_tag_iter_new(
            self._raw(), _community_ref(community), TagOrder(by),
            _page(after, limit)), after)

    def tag_counts(self, community):
        """(used, described): of @community's tags, how many a thread the
        actor sees uses, and how many have a description or wiki text."""
        used, described = _cop.cop_tag_counts(self._raw(),
                                              _community_ref(community))
        return used, described

    def describe_tag(self, community, name, excerpt=None, wiki=None):
        """Give @community's tag @name the description @excerpt and the
        longer text @wiki (None: none) (facilitators): the :class:`Tag`."""
        return Tag._wrap(self, _cop.cop_tag_describe(
            self._raw(), _community_ref(community), name, excerpt, wiki))

    def rename_tag(self, community, name, new_name):
        """Rename a tag in every thread of @community (facilitators): the
        renamed :class:`Tag`."""
        return Tag._wrap(self, _cop.cop_tag_rename(
            self._raw(), _community_ref(community), name, new_name))

    def merge_tag(self, community, name, into):
        """Move @name's threads to @into and make @name its synonym
        (facilitators): the :class:`Tag` @into."""
        return Tag._wrap(self, _cop.cop_tag_merge(
            self._raw(), _community_ref(community), name, into))

    # -- health --

    def health_report(self, community, from_=None, to=None):
        """@community's health report over the days @from_ to @to
        ("YYYY-MM-DD", UTC, both included; None: from its creation, to
        today by the store's clock) as a dict: the document of
        docs/health.md (for its facilitators, owners, moderators and
        the system)."""
        text = _cop.cop_health_report_json(self._raw(),
                                           _community_ref(community),
                                           from_, to)
        return _json.loads(text)

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

    def import_mbox(self, files, *, community):
        """Import mailing-list archives (@files: a path or a list of paths
        to mbox files or Mailman's monthly archives, plain or gzip), as
        the system, in one transaction, into the community @community (a
        slug, created when absent): members from the From addresses,
        threads by the JWZ algorithm (docs/mail-archives.md).  Importing
        the same archive again changes nothing.  An
        :class:`ImportReport`."""
        if isinstance(files, (str, bytes, _os.PathLike)):
            files = [files]
        r = _cop.cop_import_mbox(self._raw(), list(files),
                                 {"community": community})
        return ImportReport(*(getattr(r, f) for f in _report_fields))

    def mail_message(self, message_id):
        """The :class:`Contribution` mail message @message_id (without
        angle brackets) became in an mbox import; :class:`NotFound` when
        there is none the acting member may see."""
        return Contribution._wrap(self, _cop.cop_mbox_message_lookup(
            self._raw(), message_id))

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


class _System:
    """The type of :data:`cop.SYSTEM`."""

    __slots__ = ()

    def __repr__(self):
        return "cop.SYSTEM"


#: Who :attr:`Store.actor` and :meth:`Store.acting_as` take for the system
#: (None is the anonymous viewer).
SYSTEM = _System()


def open(uri, *, readonly=False, create=True, busy_timeout_ms=0,  # noqa: A001
         durable=False, check_same_thread=True, system=False):
    """Open a store (creating and migrating it unless @readonly or not
    @create).

    @uri: "PATH", "sqlite:PATH", ":memory:", or "SCHEME:..." for another
    backend ("postgresql://...").  @busy_timeout_ms: how long to wait for
    a lock (0: the library's default).  @durable: every commit survives a
    power loss (a disk sync per commit; COP_OPEN_DURABLE).  @system: act
    as the system (COP_OPEN_SYSTEM); without it the store acts as the
    anonymous viewer, who sees public content only and writes nothing,
    until :attr:`Store.actor` is set.
    @check_same_thread: False lets several threads share the store, each
    through its own connection (see :class:`Store`).  Returns a
    :class:`Store`, a context manager.
    """
    flags = 0
    if readonly:
        flags |= OPEN_READONLY
    if not create:
        flags |= OPEN_NOCREATE
    if durable:
        flags |= OPEN_DURABLE
    if system:
        flags |= OPEN_SYSTEM
    opts = None
    if flags or busy_timeout_ms:
        opts = {"flags": flags, "busy_timeout_ms": busy_timeout_ms}
    return Store._open(uri, opts, check_same_thread)


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
