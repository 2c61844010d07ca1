"""Interop: JSON export and import, Stack Exchange import, a member's
own data and erasure, erasure policies, thread links."""
import json
import os

import pytest

import cop
from conftest import store_uri

# The optional libraries this libcop was built without (make check sets it).
_WITHOUT = os.environ.get("COP_WITHOUT", "").split()
needs_jansson = pytest.mark.skipif(
    "jansson" in _WITHOUT, reason="libcop built without jansson")
needs_libxml2 = pytest.mark.skipif(
    "libxml2" in _WITHOUT, reason="libcop built without libxml2")


def _threads(store, community):
    return sorted((t.id, t.title) for t in store.threads(community))


def _bodies(store, community):
    return sorted(c.body for t in store.threads(community)
                  for c in store.contributions(t))


@needs_jansson
def test_json_round_trip(world, tmp_path):
    s = world.store
    doc = tmp_path / "hub.json"
    s.export_json(world.hub, str(doc))              # a path
    head = json.loads(doc.read_text().split("\n", 1)[0].rstrip(",") + "}")
    assert head == {"format": "libcop", "version": 2}
    with cop.open(store_uri(), system=True) as other:
        rep = other.import_json(str(doc))
        assert isinstance(rep, cop.ImportReport)
        assert rep.threads == 1 and rep.contributions == 2
        assert rep.as_dict()["contributions"] == 2
        assert _threads(other, "ksghana") == _threads(s, "ksghana")
        assert _bodies(other, "ksghana") == _bodies(s, "ksghana")
        again = tmp_path / "again.json"
        with open(again, "wb") as f:                # an open file
            other.export_json("ksghana", f)
        assert again.read_bytes() == doc.read_bytes()


@needs_jansson
def test_json_import_under_another_slug(world, tmp_path):
    doc = tmp_path / "hub.json"
    world.store.export_json("ksghana", doc)         # a PathLike
    with cop.open(store_uri(), system=True) as other:
        with open(doc, "rb") as f:
            other.import_json(f, community="hub-copy")
        assert other.community("hub-copy").id == world.hub.id
        with pytest.raises(cop.NotFound):
            other.community("ksghana")


@needs_jansson
def test_json_import_refuses_bad_documents(world, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format":"libcop","version":3}')
    with cop.open(store_uri(), system=True) as other:
        before = other.stats()
        with pytest.raises(cop.Error) as e:
            other.import_json(str(bad))
        assert e.value.code == cop.raw.COP_EFORMAT
        assert "version" in str(e.value)
        assert other.stats() == before
        with pytest.raises(FileNotFoundError):
            other.import_json(str(tmp_path / "missing.json"))
        with pytest.raises(TypeError):
            other.import_json(str(bad), community=17)


@needs_jansson
def test_json_import_as_a_member_is_refused(world, tmp_path):
    doc = tmp_path / "hub.json"
    world.store.export_json("ksghana", doc)
    with cop.open(store_uri(), system=True) as other:
        zed = other.create_member("zed", "Zed")
        with other.acting_as(zed):
            with pytest.raises(cop.PermissionDenied):
                other.import_json(doc)


_USERS = """<?xml version="1.0" encoding="utf-8"?>
<users>
  <row Id="1" DisplayName="Alice" CreationDate="2015-01-02T03:04:05.678" />
  <row Id="2" DisplayName="Bob" CreationDate="2015-01-03T00:00:00.000" />
</users>"""

_POSTS = """<?xml version="1.0" encoding="utf-8"?>
<posts>
  <row Id="10" PostTypeId="1" AcceptedAnswerId="11" CreationDate="2015-03-01T10:00:00.000" Score="0" Body="&lt;p&gt;Which stout?&lt;/p&gt;" OwnerUserId="1" Title="Best stout?" Tags="&lt;stout&gt;" />
  <row Id="11" PostTypeId="2" ParentId="10" CreationDate="2015-03-01T11:00:00.000" Score="0" Body="&lt;p&gt;Guinness.&lt;/p&gt;" OwnerUserId="2" />
</posts>"""


@needs_libxml2
def test_stackexchange_import(store, tmp_path):
    dump = tmp_path / "beer-mini"
    dump.mkdir()
    (dump / "Users.xml").write_text(_USERS)
    (dump / "Posts.xml").write_text(_POSTS)
    rep = store.import_stackexchange(dump)
    assert (rep.members, rep.threads, rep.contributions, rep.accepted) == \
        (2, 1, 2, 1)
    st = store.stats()
    assert (st.members, st.questions, st.answers, st.accepted_answers) == \
        (2, 1, 1, 1)
    (thread,) = store.threads("beer-mini")        # the folder's name
    assert thread.title == "Best stout?"
    again = store.import_stackexchange(str(dump))
    assert again.threads == 0 and again.unchanged > 0
    assert store.stats() == st
    other = store.import_stackexchange(dump, community="stouts")
    assert other.threads == 1
    with pytest.raises(cop.NotFound):
        store.import_stackexchange(tmp_path / "nothing-here")


_COMMENTS = """<?xml version="1.0" encoding="utf-8"?>
<comments>
  <row Id="100" PostId="11" Score="3" Text="Thanks" CreationDate="2015-03-01T12:00:00.000" UserId="1" />
  <row Id="101" PostId="11" Score="0" Text="Cheers" CreationDate="2015-03-01T12:30:00.000" UserId="2" />
</comments>"""


def _dump(tmp_path, name, **files):
    """A dump folder @name with Users.xml, Posts.xml and @files (name
    without .xml -> text)."""
    dump = tmp_path / name
    dump.mkdir()
    files = {"Users": _USERS, "Posts": _POSTS, **files}
    for base, text in files.items():
        (dump / (base + ".xml")).write_text(text)
    return dump


@needs_libxml2
def test_stackexchange_source_scores(store, tmp_path):
    store.import_stackexchange(_dump(tmp_path, "scores", Posts=_POSTS.replace(
        'Score="0" Body="&lt;p&gt;Guinness', 'Score="-2" Body="&lt;p&gt;Guinness'),
        Comments=_COMMENTS))
    (thread,) = store.threads("scores")
    got = {c.body: (c.source_score, c.score) for c in thread.contributions()}
    # The dump's Score, apart from the votes' score (no votes here).
    assert got == {"<p>Which stout?</p>": (0, 0),
                   "<p>Guinness.</p>": (-2, 0),
                   "Thanks": (3, 0), "Cheers": (0, 0)}
    # Made through the API: none.
    c = store.add_contribution(thread, "Mine too")
    assert c.source_score is None
    assert c.has_source_score == 0


_HISTORY = """<?xml version="1.0" encoding="utf-8"?>
<posthistory>
  <row Id="1" PostHistoryTypeId="2" PostId="11" CreationDate="2015-03-01T11:00:00.000" UserId="2" Text="&lt;p&gt;Guiness.&lt;/p&gt;" />
  <row Id="2" PostHistoryTypeId="5" PostId="11" CreationDate="2015-03-01T12:00:00.000" UserId="1" Comment="spelling" Text="&lt;p&gt;Guinness!&lt;/p&gt;" />
  <row Id="3" PostHistoryTypeId="5" PostId="11" CreationDate="2015-03-01T13:00:00.000" UserDisplayName="gone" Comment="tone" Text="&lt;p&gt;Guinness.&lt;/p&gt;" />
</posthistory>"""


@needs_libxml2
def test_stackexchange_revision_editors(store, tmp_path):
    """Each revision is the answer's author's, replaced by the next row's
    user with its note (the last by its own); a deleted user is None."""
    store.import_stackexchange(_dump(tmp_path, "edits", PostHistory=_HISTORY))
    alice = store.member_by_handle("edits-1").id
    bob = store.member_by_handle("edits-2").id
    (thread,) = store.threads("edits")
    (answer,) = [c for c in thread.contributions() if c.kind == "answer"]
    assert answer.author_id == bob
    got = [(r.number, r.author_id, r.editor_id, r.comment, r.body)
           for r in answer.revisions()]
    assert got == [(1, bob, alice, "spelling", "<p>Guiness.</p>"),
                   (2, bob, None, "tone", "<p>Guinness!</p>"),
                   (3, bob, None, "tone", "<p>Guinness.</p>")]
    assert answer.revision == 4


@needs_jansson
def test_member_export_and_erasure(world, tmp_path):
    s, kofi = world.store, world.kofi
    doc = tmp_path / "kofi.json"
    kept = tmp_path / "kept.json"
    kept.write_text("an older document")
    with s.acting_as(kofi):
        s.export_member_json(kofi, doc)
        with pytest.raises(cop.PermissionDenied):
            s.export_member_json(world.ama, tmp_path / "ama.json")
        with pytest.raises(cop.PermissionDenied):
            s.export_member_json(world.ama, kept)
    text = doc.read_text()
    assert '"kofi"' in text and "How do we share notes?" in text
    # A refused export writes nothing: no file, an existing one intact.
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        ["kept.json", "kofi.json"]
    assert kept.read_text() == "an older document"
    assert doc.stat().st_mode & 0o077 == 0      # personal data: owner only
    s.erase_member(kofi)
    gone = s.member(kofi.id)
    assert gone.handle.startswith("erased-")
    assert gone.display_name != "Kofi Boateng"
    assert gone.status is cop.MemberStatus.DELETED
    # The question stays (anonymize is the default), still counted.
    world.question.refresh()
    assert world.question.title == "How do we share notes?"
    assert s.verify().count == 0
    with pytest.raises(cop.InvalidArgument):
        s.erase_member(kofi)                        # already erased


def test_erased_member_changes_nothing(world):
    """An erased member may not act at all (issue 17): a follow, which
    needs no membership, is refused as cop.PermissionDenied with the
    library's message, and nothing is written."""
    s, kofi = world.store, world.kofi
    s.erase_member(kofi)
    with s.acting_as(kofi):
        with pytest.raises(cop.PermissionDenied) as e:
            s.follow("community", world.hub)
        assert "an erased member may not change anything" in str(e.value)
        with pytest.raises(cop.PermissionDenied):
            s.follow("thread", world.question, level="muted")
        assert list(s.follows()) == []


def test_erasure_policy(world):
    s, hub = world.store, world.hub
    assert s.erasure_policy(hub) == "anonymize"
    s.set_erasure_policy(hub, "remove")
    assert s.erasure_policy("ksghana") is cop.ErasurePolicy.REMOVE
    with pytest.raises(cop.InvalidArgument):
        s.set_erasure_policy(hub, "shred")
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.set_erasure_policy(hub, "anonymize")
    assert s.erasure_policy(hub) == "remove"
    # With "remove", the erased member's question goes.
    s.erase_member(world.kofi)
    assert list(s.threads(hub)) == []


def test_thread_links(world):
    s = world.store
    with s.acting_as(world.kofi):
        dup = world.hub.create_thread("Where do notes go?", "Same question")
    s.link_threads(dup, world.question, "duplicate")
    (link,) = s.links(dup)
    assert link.thread_id == dup.id and link.target_id == world.question.id
    assert link.kind is cop.LinkKind.DUPLICATE
    assert list(s.links(world.question)) == []
    with pytest.raises(cop.AlreadyExists):
        s.link_threads(dup, world.question)
    with pytest.raises(cop.InvalidArgument):
        s.link_threads(dup, dup)
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.link_threads(world.question, dup)


@pytest.mark.skipif("jansson" not in _WITHOUT, reason="libcop has jansson")
def test_json_not_supported_without_jansson(world, tmp_path):
    with pytest.raises(cop.NotSupported, match="jansson"):
        world.store.export_json("ksghana", tmp_path / "hub.json")
    with pytest.raises(cop.NotSupported, match="jansson"):
        world.store.export_member_json(world.kofi, tmp_path / "kofi.json")


@pytest.mark.skipif("libxml2" not in _WITHOUT, reason="libcop has libxml2")
def test_stackexchange_not_supported_without_libxml2(store, tmp_path):
    with pytest.raises(cop.NotSupported, match="libxml2"):
        store.import_stackexchange(tmp_path)
