"""The change log, search and stats."""
import pytest

import cop
from conftest import T0


def test_log(world):
    s = world.store
    entries = list(s.log())
    assert all(isinstance(e, cop.LogEntry) for e in entries)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].op == "member.create"
    assert entries[0].object_id == world.ama.id
    assert entries[0].actor_id is None
    assert entries[0].time == T0
    ops = [e.op for e in entries]
    assert "community.create" in ops and "thread.create" in ops
    created = [e for e in entries if e.op == "community.create"][0]
    assert created.actor_id == world.ama.id
    assert created.community_id == created.object_id
    assert s.last_seq == entries[-1].seq


def test_log_after_and_limit(world):
    s = world.store
    last = s.last_seq
    assert [e.seq for e in s.log(after_seq=last - 2)] == [last - 1, last]
    assert [e.seq for e in s.log(limit=2)] == [1, 2]
    assert list(s.log(after_seq=last)) == []
    with pytest.raises(cop.InvalidArgument):
        s.log(after_seq=-1)


def test_log_pages(world):
    s = world.store
    whole = [e.seq for e in s.log()]
    # The system's cursor is its sequence number, as text.
    page = s.log(limit=3)
    assert [e.seq for e in page] == [1, 2, 3]
    assert page.cursor == "3"
    assert [e.seq for e in s.log(after="3", limit=2)] == [4, 5]
    with s.acting_as(world.yaw):
        mine = [(e.op, e.object_id) for e in s.log()]
        got, after = [], None
        while True:
            page = s.log(after=after, limit=2)
            items = list(page)
            got += [(e.op, e.object_id) for e in items]
            if len(items) < 2:
                break
            after = page.cursor
            assert after.isascii() and not after.isdigit()
        # Each entry once; the member's own numbers, no gaps.
        assert got == mine
        assert [e.seq for e in s.log()] == list(range(1, len(mine) + 1))
        assert s.last_seq == len(mine) < len(whole)
        with pytest.raises(cop.InvalidArgument, match="bad cursor"):
            list(s.log(after="3"))
        with pytest.raises(cop.InvalidArgument, match="bad cursor"):
            list(s.log(after=after[:-1] + ("A" if after[-1] != "A" else "B")))
        with pytest.raises(cop.InvalidArgument):
            s.log(after=after, after_seq=1)
    with s.acting_as(world.kofi):
        with pytest.raises(cop.InvalidArgument, match="bad cursor"):
            list(s.log(after=after))


def test_log_hides_private_communities(world):
    s = world.store
    with s.acting_as(world.kofi):
        ids = {e.community_id for e in s.log()}
    assert world.secret.id not in ids


def test_search(world):
    s = world.store
    hits = list(s.search("drive"))
    assert len(hits) == 1
    h = hits[0]
    assert isinstance(h, cop.SearchHit)
    assert h.contribution_id == world.answer.id
    assert h.thread_id == world.question.id
    assert h.community_id == world.hub.id
    assert h.title == world.question.title
    assert "[drive]" in h.snippet
    assert h.score > 0
    assert h.thread == world.question
    assert h.contribution == world.answer


def test_search_options(world):
    s = world.store
    world.question.reply("Notes notes notes", language="fr")
    assert len(list(s.search("notes"))) >= 2
    assert len(list(s.search("notes", limit=1))) == 1
    assert all(h.community_id == world.hub.id
               for h in s.search("notes", community="ksghana"))
    assert [h.contribution_id for h in world.hub.search("notes", language="fr")]
    with pytest.raises(cop.InvalidArgument):
        list(s.search("   "))
    with pytest.raises(cop.NotFound):
        s.search("notes", community="nosuch")


def test_search_marks(world):
    s = world.store
    world.question.reply("See [wallaby] on the drive")
    snip = next(iter(s.search("wallaby", marks=("<<", ">>")))).snippet
    assert "[<<wallaby>>]" in snip
    assert cop.SEARCH_MARK_OPEN == "\x01" and cop.SEARCH_MARK_CLOSE == "\x02"
    snip = next(iter(world.hub.search(
        "wallaby", marks=(cop.SEARCH_MARK_OPEN, cop.SEARCH_MARK_CLOSE)))).snippet
    assert "[\x01wallaby\x02]" in snip
    assert snip.count("\x01") == 1 and snip.count("\x02") == 1
    assert "[[wallaby]]" in next(iter(s.search("wallaby"))).snippet
    with pytest.raises(TypeError):
        s.search("wallaby", marks="[]")
    with pytest.raises(cop.Error):
        s.search("wallaby", marks=("x" * 33, "]"))


def test_search_pages_with_cursor(world):
    s = world.store
    for i in range(7):
        world.question.reply("Okapi " + "okapi " * (i % 3))
    whole = [h.contribution_id for h in s.search("okapi", limit=100)]
    assert len(whole) == 7
    seen, after = [], None
    while True:
        page = s.search("okapi", limit=3, after=after)
        ids = [h.contribution_id for h in page]
        seen += ids
        if len(ids) < 3:
            break
        after = page.cursor
        assert after
    assert seen == whole
    with pytest.raises(cop.InvalidArgument):
        s.search("okapi", after="not a cursor")


def test_search_no_words_is_one_error(world):
    s = world.store
    messages = set()
    for q in ("", "!!!", "\U0001F600", "\u2764\ufe0f \U0001F389", "\u00a9"):
        with pytest.raises(cop.InvalidArgument) as e:
            list(s.search(q))
        messages.add(str(e.value))
    assert len(messages) == 1


def test_search_folds_case_and_diacritics(world):
    world.question.reply("Le café est prêt")
    assert len(list(world.store.search("CAFE pret"))) == 1


def test_stats(world):
    st = world.store.stats()
    assert isinstance(st, cop.Stats)
    assert st.members == 4
    assert st.communities == 3
    assert st.threads == 1
    assert st.contributions == 2
    assert st.tags == 2
    assert st.as_dict()["answers"] == 1
    assert "version" not in st._fields
    with pytest.raises(cop.NotFound):
        world.store.stats("nosuch")
