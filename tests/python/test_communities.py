"""Communities and memberships."""
import pytest

import cop
from conftest import T0


def test_create_and_properties(world):
    hub = world.hub
    assert isinstance(hub, cop.Community)
    assert hub.slug == "ksghana"
    assert hub.name == "KSGhana"
    assert hub.purpose == "Knowledge sharing"
    assert hub.language == "en"
    assert hub.visibility is cop.Visibility.PUBLIC
    assert world.club.visibility == cop.Visibility.INVITE_ONLY
    assert str(world.club.visibility) == "invite-only"
    assert world.secret.visibility == "private"
    assert hub.created == T0


def test_defaults(store):
    c = store.create_community("c", "C")
    assert c.purpose is None
    assert c.visibility is cop.Visibility.PUBLIC
    fr = store.create_community("fr", "Fr", language="fr")
    assert fr.language == "fr"


def test_get_by_slug_and_id(world):
    s = world.store
    assert s.community("ksghana") == world.hub
    assert s.community(world.hub.id) == world.hub
    assert s.community(world.hub) == world.hub
    with pytest.raises(cop.NotFound):
        s.community("nosuch")


def test_slug_taken_and_bad(world):
    with pytest.raises(cop.AlreadyExists):
        world.store.create_community("ksghana", "Again")
    with pytest.raises(cop.InvalidArgument):
        world.store.create_community("-bad", "Bad")


def test_creator_is_owner(world):
    ms = world.hub.membership(world.ama)
    assert ms.role is cop.Role.OWNER
    assert ms.status is cop.MembershipStatus.ACTIVE
    assert ms.handle == "ama"
    assert ms.community == world.hub
    assert ms.member == world.ama


def test_join_and_leave(world):
    s = world.store
    with s.acting_as(world.yaw):
        ms = world.hub.join(world.yaw, pledged_hours=3)
    assert isinstance(ms, cop.Membership)
    assert (ms.role, ms.status, ms.pledged_hours) == (cop.Role.MEMBER,
                                                     cop.MembershipStatus.ACTIVE, 3)
    assert ms.joined == T0
    with pytest.raises(cop.AlreadyExists):
        world.hub.join(world.yaw)
    ms.leave()
    with pytest.raises(cop.NotFound):
        world.hub.leave(world.yaw)
    assert world.yaw.id not in [m.member_id for m in world.hub.memberships()]
    # rejoining is allowed
    s.join("ksghana", world.yaw.id)


def test_memberships_owners_first(world):
    got = [(m.handle, str(m.role)) for m in world.hub.memberships()]
    assert got == [("ama", "owner"), ("esi", "facilitator"), ("kofi", "member")]


def test_roles_status_pledge_refresh(world):
    ms = world.hub.membership(world.kofi)
    ms.set_role(cop.Role.CORE)
    assert ms.role is cop.Role.CORE
    ms.set_role("observer")
    assert ms.role is cop.Role.OBSERVER
    ms.set_pledge(10)
    assert ms.pledged_hours == 10
    ms.set_status("silenced")
    assert ms.status is cop.MembershipStatus.SILENCED
    world.hub.set_membership_status(world.kofi, "active")
    assert world.hub.membership(world.kofi).status == "active"
    world.store.set_pledge(world.hub, world.kofi, 1)
    assert world.store.membership("ksghana", world.kofi).pledged_hours == 1
    with pytest.raises(cop.InvalidArgument):
        ms.set_pledge(745)


def test_permissions(world):
    s = world.store
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            world.hub.set_role(world.kofi, "owner")
        with pytest.raises(cop.NotFound):
            s.community("secret")
        assert "secret" not in [c.slug for c in s.communities()]
        with pytest.raises(cop.PermissionDenied):
            world.hub.set_membership_status(world.esi, "banned")
    with s.acting_as(world.esi):
        # a facilitator cannot make owners or ban one
        with pytest.raises(cop.PermissionDenied):
            world.hub.set_role(world.kofi, "owner")
        with pytest.raises(cop.PermissionDenied):
            world.hub.set_membership_status(world.ama, "banned")
        world.hub.set_membership_status(world.kofi, "banned")
    assert world.hub.membership(world.kofi).status == "banned"


def test_communities_listing(world):
    assert [c.slug for c in world.store.communities()] == ["club", "ksghana",
                                                            "secret"]


def test_enums():
    assert [str(r) for r in cop.Role] == ["observer", "member", "core",
                                          "facilitator", "owner"]
    assert cop.Role("owner") is cop.Role.OWNER
    assert cop.Role(4) is cop.Role.OWNER
    assert cop.Visibility("invite-only") is cop.Visibility.INVITE_ONLY
    assert cop.Role.OWNER > cop.Role.MEMBER
    assert cop.Role.OWNER.label == "owner"
    with pytest.raises(ValueError):
        cop.Role("king")
    assert {e.__name__ for e in (cop.Visibility, cop.Role,
                                 cop.MembershipStatus, cop.MemberStatus,
                                 cop.ThreadKind, cop.ThreadState,
                                 cop.ContributionKind, cop.BodyFormat)}


def test_community_stats(world):
    st = world.hub.stats()
    assert st.members == 3
    assert st.threads == 1
    assert st.questions == 1
    assert st.answers == 1
