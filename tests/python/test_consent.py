"""Joining with consent, a community's update, editing others'
contributions, redaction and upheld flags that hide (community.h,
moderation.h)."""
import pytest

import cop


def test_request_approve_decline(world):
    s, w = world.store, world
    with s.acting_as(w.yaw):
        with pytest.raises(cop.NotFound):
            s.community("club")                 # invite-only: unseen
        m = s.request("club")
        assert m.status == cop.MembershipStatus.PENDING
        assert str(m.status) == "pending"
        with pytest.raises(cop.AlreadyExists):
            s.request("club")
        with pytest.raises(cop.NotFound):
            s.request("secret")                 # private: no requests
        with pytest.raises(cop.InvalidArgument):
            s.request(w.hub)                    # public: join it
        with pytest.raises(cop.NotFound):
            list(s.requests("club"))
    with s.acting_as(w.ama):
        assert [r.handle for r in w.club.requests()] == ["yaw"]
        w.club.approve(w.yaw)
        assert list(w.club.requests()) == []
    with s.acting_as(w.yaw):
        assert s.community("club").slug == "club"
    with s.acting_as(w.kofi):
        s.request("club")
    with s.acting_as(w.ama):
        s.decline("club", w.kofi)
        with pytest.raises(cop.NotFound):
            s.approve("club", w.kofi)
    assert s.membership("club", w.kofi).status == "left"
    with s.acting_as(w.kofi):
        s.request("club")                       # asked again at once


def test_invitations(world):
    s, w = world.store, world
    with s.acting_as(w.esi):
        with pytest.raises(cop.PermissionDenied):
            s.join(w.hub, w.ama)                # no adding without consent
        # yaw, in no community, is seen by nobody: not there for esi.
        with pytest.raises(cop.NotFound) as e:
            w.hub.invite(w.yaw)
        assert str(e.value) == "no such member"
    m = w.hub.invite(w.yaw)                     # the system invites him
    assert m.status == cop.MembershipStatus.INVITED
    s.invite("secret", w.yaw)
    with s.acting_as(w.yaw):
        slugs = sorted(i.community_slug for i in s.invitations())
        assert slugs == ["ksghana", "secret"]
        page = s.invitations(limit=1)
        assert len(list(page)) == 1 and page.cursor
        with pytest.raises(cop.NotFound):
            s.community("secret")
        s.accept_invitation("secret")
        assert s.community("secret").slug == "secret"
        s.decline_invitation(w.hub)
        with pytest.raises(cop.NotFound):
            s.accept_invitation(w.hub)
        assert list(s.invitations()) == []
    # The system still adds.
    s.join("club", w.yaw)
    assert s.membership("club", w.yaw).status == "active"


def test_update(world):
    s, w = world.store, world
    with s.acting_as(w.esi):
        c = s.update_community(w.hub, name="KSGhana CoP", language="fr")
        assert c.name == "KSGhana CoP" and c.language == "fr"
        w.hub.update(purpose="", visibility="invite-only")
        assert w.hub.purpose is None
        assert w.hub.visibility == cop.Visibility.INVITE_ONLY
        with pytest.raises(cop.InvalidArgument):
            w.hub.update()
        with pytest.raises(cop.InvalidArgument):
            w.hub.update(name="")
        with pytest.raises(ValueError):
            w.hub.update(visibility="secret")
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            w.hub.update(name="Mine")
    assert s.community(w.hub.id).name == "KSGhana CoP"


def test_editor_redact_flag_hides(world):
    s, w = world.store, world
    a = w.answer
    with s.acting_as(w.ama):                    # the owner edits esi's answer
        a.edit("In the shared drive, folder Notes.", comment="where")
    with s.acting_as(w.esi):
        a.edit("In the shared drive (call 0244).")
        a.edit("In the shared drive.")
        revs = list(a.revisions())
        assert [r.editor_id for r in revs] == [w.ama.id, w.esi.id, w.esi.id]
        assert all(r.author_id == w.esi.id for r in revs)
        a.redact(3, "Personal data.")
        with pytest.raises(cop.AlreadyExists):
            s.redact(a, 3, "Again.")
        with pytest.raises(cop.InvalidArgument):
            s.redact(a, 4, "Current.")
        r3 = list(a.revisions())[2]
        assert r3.body == cop.REDACTED_TEXT and r3.redacted == s.now
        assert str(next(iter(s.modlog(w.hub))).kind) == "redact"
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.redact(a, 1, "No.")
    # Upheld flags hide when the community says so.
    assert w.hub.flag_hides == 0
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            w.hub.set_flag_hides(True)
    with s.acting_as(w.esi):
        w.hub.set_flag_hides(True)
        assert w.hub.flag_hides == 1
    with s.acting_as(w.kofi):
        f = s.flag(a, "Spam.")
    with s.acting_as(w.esi):
        s.resolve_flag(f, "upheld")
    assert s.contribution(a.id).hidden == 1
    assert str(next(iter(s.modlog(w.hub))).kind) == "hide"
    with s.acting_as(w.esi):
        w.hub.set_flag_hides(False)
        assert w.hub.flag_hides == 0
