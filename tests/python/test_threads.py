"""Threads."""
import pytest

import cop
from conftest import T0


def test_create_and_properties(world):
    t = world.question
    assert isinstance(t, cop.Thread)
    assert t.title == "How do we share notes?"
    assert t.kind is cop.ThreadKind.QUESTION
    assert t.state is cop.ThreadState.OPEN
    assert t.tags == ("notes", "workshops")      # lowercased, sorted
    assert t.language == "en"
    assert t.community_id == world.hub.id
    assert t.community == world.hub
    assert t.author_id == world.kofi.id
    assert t.created == T0
    assert t.last_activity == T0
    assert t.contribution_count == 1


def test_defaults_and_tag_strings(world):
    s = world.store
    t = s.create_thread(world.hub, "Hello", "Hi all", tags="b a a")
    assert t.kind is cop.ThreadKind.DISCUSSION
    assert t.tags == ("a", "b")
    assert t.author_id is None                   # the system
    u = s.create_thread("ksghana", "No tags", "Body", language="tw")
    assert u.tags == ()
    assert u.language == "tw"


def test_get(world):
    s = world.store
    assert s.thread(world.question.id) == world.question
    with pytest.raises(cop.NotFound):
        s.thread("01890000-0000-7000-8000-000000000000")


def test_refresh_counts(world):
    t = world.store.thread(world.question.id)
    assert t.contribution_count == 2
    world.question.refresh()
    assert world.question.contribution_count == 2


def test_states(world):
    t = world.question
    with world.store.acting_as(world.esi):
        t.set_state("locked")
        assert t.state is cop.ThreadState.LOCKED
        t.set_state(cop.ThreadState.CLOSED)
    with world.store.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            t.reply("late")
        with pytest.raises(cop.PermissionDenied):
            t.set_state("open")
    world.store.set_thread_state(t, "open")
    assert world.store.thread(t.id).state == "open"


def test_flags(world):
    s, t = world.store, world.question
    assert (t.closed, t.locked, t.pinned, t.hidden, t.answered) == \
        (False, False, False, False, False)
    assert cop.ThreadFlag.PINNED == "pinned"
    with s.acting_as(world.kofi):               # the asker accepts
        s.accept_answer(world.answer)
    with s.acting_as(world.esi):                # a facilitator
        t.set_flag("pinned")
        t.set_flag(cop.ThreadFlag.LOCKED, True)
    assert (t.answered, t.pinned, t.locked) == (True, True, True)
    assert t.closed is False and t.hidden is False
    assert t.state is cop.ThreadState.LOCKED
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            t.set_flag("hidden")
        with pytest.raises(cop.PermissionDenied):
            t.reply("locked out")
    with pytest.raises(cop.InvalidArgument):
        t.set_flag("answered")
    s.set_thread_flag(t, "pinned", False)
    t.refresh()
    assert (t.answered, t.pinned, t.locked) == (True, False, True)
    t.set_flag("locked", on=False)
    assert t.state is cop.ThreadState.ANSWERED and t.answered
    t.unaccept()
    assert t.state is cop.ThreadState.OPEN and not t.answered


def test_pinned_first_hidden_hidden(world):
    s = world.store
    a = world.hub.create_thread("A", "a")
    s.set_time(1700000001000)
    b = world.hub.create_thread("B", "b")
    s.set_time(1700000002000)
    world.hub.create_thread("C", "c")
    s.set_thread_state(a, "pinned")
    s.set_thread_state(b, "hidden")
    titles = [t.title for t in world.hub.threads()]
    assert titles[0] == "A"
    assert titles[1] == "C"
    with s.acting_as(world.kofi):
        assert "B" not in [t.title for t in world.hub.threads()]
    with s.acting_as(world.esi):
        assert "B" in [t.title for t in world.hub.threads()]


def test_announcements_need_a_facilitator(world):
    s = world.store
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            world.hub.create_thread("News", "x", kind="announcement")
    with s.acting_as(world.esi):
        t = world.hub.create_thread("News", "x", kind="announcement")
    assert t.kind == cop.ThreadKind.ANNOUNCEMENT


def test_bad_input(world):
    hub = world.hub
    with pytest.raises(cop.InvalidArgument):
        hub.create_thread("", "body")
    with pytest.raises(cop.TooBig):
        hub.create_thread("t" * 301, "body")
    with pytest.raises(cop.InvalidArgument):
        hub.create_thread("t", "body", tags=["no spaces!"])
    with pytest.raises(cop.Error):
        hub.create_thread("t", "body", tags=["t%d" % i for i in range(11)])
    with pytest.raises(cop.InvalidArgument):
        hub.create_thread("t", "body", kind="poem")
    with pytest.raises(cop.NotFound):
        world.store.create_thread("nosuch", "t", "body")


def test_non_members_cannot_post(world):
    with world.store.acting_as(world.yaw):
        with pytest.raises(cop.PermissionDenied):
            world.hub.create_thread("Hi", "I am new")
