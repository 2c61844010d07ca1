"""Contributions and revisions."""
import pytest

import cop
from conftest import T0


def test_answer_properties(world):
    a = world.answer
    assert isinstance(a, cop.Contribution)
    assert a.kind is cop.ContributionKind.ANSWER
    assert a.body == "In the shared drive."
    assert a.thread_id == world.question.id
    assert a.thread == world.question
    assert a.community_id == world.hub.id
    assert a.author_id == world.esi.id
    assert a.reply_to is None and a.translation_of is None
    assert a.language == "en"
    assert a.format is cop.BodyFormat.MARKDOWN
    assert a.created == T0
    assert a.edited is None
    assert a.revision == 1
    assert a.score == 0


def test_thread_listing_in_order(world):
    c = world.store.contributions(world.question)
    got = [(str(x.kind), x.body) for x in c]
    assert got == [("post", "Where do workshop notes go?"),
                   ("answer", "In the shared drive.")]


def test_comments_need_reply_to(world):
    s = world.store
    with s.acting_as(world.kofi):
        with pytest.raises(cop.InvalidArgument):
            world.question.reply("?", kind="comment")
        c = world.answer.reply("Which folder?")
    assert c.kind is cop.ContributionKind.COMMENT
    assert c.reply_to == world.answer.id
    t = s.add_contribution(world.question, "Ɛte sɛn?", kind="reply",
                           translation_of=c, language="tw")
    assert t.translation_of == c.id
    assert t.language == "tw"


def test_post_kind_is_not_for_adding(world):
    with pytest.raises(cop.InvalidArgument):
        world.question.reply("x", kind="post")


def test_summaries_need_a_facilitator(world):
    with world.store.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            world.question.reply("Summary", kind="summary")
    with world.store.acting_as(world.esi):
        assert world.question.reply("Summary", kind="summary").kind == "summary"


def test_edit_and_revisions(world):
    s = world.store
    a = world.answer
    s.set_time(1700000005000)
    with s.acting_as(world.esi):
        a.edit("In the shared drive, folder Notes.", comment="folder")
    assert a.body == "In the shared drive, folder Notes."
    assert a.revision == 2
    assert a.edited == s.now
    revs = list(a.revisions())
    assert len(revs) == 1
    r = revs[0]
    assert isinstance(r, cop.Revision)
    assert (r.number, r.body, r.comment) == (1, "In the shared drive.", "folder")
    assert r.author_id == world.esi.id
    assert r.contribution_id == a.id
    assert r.created == T0
    edited = s.edit_contribution(a, "Third")
    assert edited.revision == 3 and edited.body == "Third"
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            a.edit("not mine")


def test_by_author_newest_first(world):
    s = world.store
    with s.acting_as(world.esi):
        s.set_time(1700000009000)
        later = world.question.reply("Also the wiki.")
    got = [c.id for c in s.contributions_by(world.esi)]
    assert got == [later.id, world.answer.id]
    assert [c.id for c in world.esi.contributions(limit=1)] == [later.id]


def test_get_and_bad_bodies(world):
    s = world.store
    assert s.contribution(world.answer.id) == world.answer
    with pytest.raises(cop.InvalidArgument):
        world.question.reply("")
    with pytest.raises(cop.TooBig):
        world.question.reply("x" * (256 * 1024 + 1))
    with pytest.raises(cop.NotFound):
        s.contribution("01890000-0000-7000-8000-000000000000")


def test_thread_history(world):
    s, t = world.store, world.question
    with s.acting_as(world.kofi):
        t.edit(title="Where do notes go?", comment="shorter")
    with s.acting_as(world.esi):
        t.set_flag("closed")
        t.set_flag("closed", False)
        s.edit_thread(t, tags=["notes"])
    got = [(h.number, str(h.kind), h.old_value, h.new_value, h.actor_id,
            h.comment) for h in t.history()]
    assert got == [
        (1, "title", None, "How do we share notes?", world.kofi.id, None),
        (2, "tags", None, "notes workshops", world.kofi.id, None),
        (3, "title", "How do we share notes?", "Where do notes go?",
         world.kofi.id, "shorter"),
        (4, "closed", None, None, world.esi.id, None),
        (5, "reopened", None, None, world.esi.id, None),
        (6, "tags", "notes workshops", "notes", world.esi.id, None)]
    assert all(isinstance(h, cop.ThreadChange) for h in t.history())
    assert next(iter(t.history())).kind is cop.ThreadChangeKind.TITLE
    assert [h.number for h in s.thread_history(t, limit=2)] == [1, 2]
    assert t.title == "Where do notes go?"
    with s.acting_as(world.yaw):
        with pytest.raises(cop.PermissionDenied):
            t.edit(title="Mine")
    with s.acting_as(world.ama):
        secret = world.secret.create_thread("Plans", "Quiet.")
    with s.acting_as(world.kofi):
        with pytest.raises(cop.NotFound):
            list(s.thread_history(secret))
