"""Digests (docs/digest.md): a community's and a member's, their
sections, the renderings, the sent mark, and who may read whose."""
from datetime import timedelta

import pytest

import cop

from conftest import T0


def test_community_digest(world):
    s = world.store
    s.set_time(T0 + timedelta(hours=1))
    d = s.digest(world.hub)
    assert d.community_slug == "ksghana" and d.member_handle is None
    assert d.until == T0 + timedelta(hours=1)
    assert d.since == d.until - timedelta(days=7)
    threads = d.items("threads")
    assert [t.title for t in threads] == ["How do we share notes?"]
    assert threads[0].section is cop.DigestSection.THREADS
    assert threads[0].member_handle == "kofi"
    assert threads[0].thread_id == world.question.id
    assert [t.title for t in d.sections["unanswered"]] == [
        "How do we share notes?"]
    assert d.sections["events"] == []
    assert set(d.sections) == {str(k) for k in cop.DigestSection}
    text = d.render()
    assert "Digest of ksghana" in text and "New threads" in text
    assert "<h1>Digest of ksghana</h1>" in d.render("html")
    assert d.render(cop.DigestFormat.MD).startswith("# Digest of ksghana")
    with pytest.raises(cop.InvalidArgument):
        d.mark_sent()                           # not a member's
    empty = s.digest("ksghana", since=T0 - timedelta(days=2),
                     until=T0 - timedelta(days=1))
    assert "Nothing new" in empty.render("text")


def test_items_keep_the_digest(world):
    s = world.store
    s.set_time(T0 + timedelta(hours=1))
    item = s.digest(world.hub).items("threads")[0]
    import gc
    gc.collect()
    assert item.title == "How do we share notes?"


def test_member_digest_marked(world):
    s = world.store
    s.set_time(T0 + timedelta(hours=1))
    with s.acting_as(world.kofi):
        d = s.digest(member=world.kofi, period="day")
        assert d.member_handle == "kofi" and d.member_id == world.kofi.id
        assert d.since == d.until - timedelta(days=1)
        assert len(d.items("threads")) == 1
        d.mark_sent()
        s.set_time(T0 + timedelta(hours=2))
        nxt = s.digest(member="kofi")
        assert nxt.since == d.until
        assert nxt.items("threads") == []
        with pytest.raises(cop.PermissionDenied):
            s.digest(member=world.esi)
    with pytest.raises(cop.InvalidArgument):
        s.digest()
    with pytest.raises(ValueError):
        s.digest(world.hub, period="year")
    with pytest.raises(cop.InvalidArgument):
        s.digest(world.hub, since=T0, until=T0)


def test_private_not_shown(world):
    s = world.store
    with s.acting_as(world.ama):
        world.secret.create_thread("Hidden plans", "Behind walls")
    s.set_time(T0 + timedelta(hours=1))
    with s.acting_as(world.kofi):
        d = s.digest(member=world.kofi)
        assert all(i.community_slug != "secret"
                   for items in d.sections.values() for i in items)
        with pytest.raises(cop.NotFound):
            s.digest(world.secret.id)
