"""Members."""
from datetime import datetime

import pytest

import cop
from conftest import T0


def test_create_and_properties(store):
    m = store.create_member("ama", "Ama Mensah", organisation="MoFA",
                            languages="en tw")
    assert isinstance(m, cop.Member)
    assert m.handle == "ama"
    assert m.display_name == "Ama Mensah"
    assert m.organisation == "MoFA"
    assert m.languages == "en tw"
    assert m.status is cop.MemberStatus.ACTIVE
    assert str(m.status) == "active"
    assert m.created == T0
    assert isinstance(m.created, datetime)
    assert len(m.id) == 36
    assert cop.id_time(m) == T0
    assert m.store is store


def test_defaults_and_lists(store):
    m = store.create_member("kofi", "Kofi")
    assert m.organisation is None
    assert m.languages is None
    e = store.create_member("esi", "Esi", languages=["en", "fr"])
    assert e.languages == "en fr"


def test_get_by_id_and_handle(store):
    m = store.create_member("Ama", "Ama")
    assert store.member(m.id) == m
    assert store.member_by_handle("ama") == m
    assert store.member_by_handle("AMA").handle == "Ama"
    with pytest.raises(cop.NotFound):
        store.member_by_handle("nobody")
    with pytest.raises(cop.InvalidArgument):
        store.member("nope")


def test_update_refreshes(store):
    m = store.create_member("ama", "Ama", organisation="MoFA")
    m.update(display_name="Ama M.", languages=["en"])
    assert m.display_name == "Ama M."
    assert m.organisation == "MoFA"          # None leaves it
    assert m.languages == "en"
    m.update(organisation="")                # "" clears it
    assert m.organisation is None
    store.update_member(m, display_name="A")
    assert store.member(m.id).display_name == "A"
    assert m.display_name == "Ama M."        # a snapshot until refreshed


def test_only_the_system_creates_members(world):
    s = world.store
    with s.acting_as(world.ama):
        with pytest.raises(cop.PermissionDenied):
            s.create_member("zed", "Zed")
        # a member may change their own profile, not another's
        world.ama.update(display_name="Ama")
        with pytest.raises(cop.PermissionDenied):
            world.kofi.update(display_name="K")


def test_bad_input_changes_nothing(store):
    store.create_member("ama", "Ama")
    for args in (("", "x"), ("a b", "x"), ("x" * 65, "x"), ("ok", "")):
        with pytest.raises(cop.Error):
            store.create_member(*args)
    assert [m.handle for m in store.members()] == ["ama"]


def test_equality_hash_repr(store):
    a = store.create_member("ama", "Ama")
    again = store.member(a.id)
    other = store.create_member("kofi", "Kofi")
    assert a == again and a != other
    assert len({a, again, other}) == 2
    assert "handle='ama'" in repr(a)
    assert a != "ama"


def test_as_dict(store):
    a = store.create_member("ama", "Ama")
    d = a.as_dict()
    assert d["handle"] == "ama"
    assert set(d) == {"id", "handle", "display_name", "organisation",
                      "languages", "status", "created"}


def test_read_only_properties(store):
    a = store.create_member("ama", "Ama")
    with pytest.raises(AttributeError):
        a.handle = "x"
    with pytest.raises(AttributeError):
        a.colour = "x"


def test_objects_come_from_a_store():
    with pytest.raises(TypeError):
        cop.Member()


def test_member_memberships_and_contributions(world):
    ms = list(world.kofi.memberships())
    assert [m.community_id for m in ms] == [world.hub.id]
    assert [c.id for c in world.kofi.contributions()] == [
        c.id for c in world.store.contributions(world.question)][:1]


def test_properties_have_docstrings():
    assert "cop_member_handle" in cop.Member.handle.__doc__
    assert cop.Member.__doc__
    assert cop.Store.create_member.__doc__


def test_unseen_member_is_not_there(world):
    """A member only in a private community, looked up by someone in none
    of hers, is refused as an id and a handle nobody has (issue 17)."""
    s, w = world.store, world
    pia = s.create_member("pia", "Pia Nkrumah")
    w.secret.join(pia)
    unknown = "0badc0de-0000-4000-8000-00000000beef"
    with s.acting_as(w.yaw):
        for seen, none in ((pia.id, unknown), ("pia", "nobody-here")):
            look = s.member if seen == pia.id else s.member_by_handle
            with pytest.raises(cop.NotFound) as e:
                look(seen)
            with pytest.raises(cop.NotFound) as n:
                look(none)
            assert str(e.value) == str(n.value) == "no such member"
            assert e.value.code == n.value.code
    with s.acting_as(w.ama):                    # in the private community
        assert s.member_by_handle("pia").id == pia.id
    with s.acting_as(pia):                      # herself
        assert s.member(pia.id).id == pia.id
