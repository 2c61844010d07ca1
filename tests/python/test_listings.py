"""Listings: iterators, cursors and paging, closing."""
import pytest

import cop


@pytest.fixture
def crowd(store):
    for i in range(23):
        store.create_member("m%02d" % i, "Member %d" % i)
    return store


def pages(fetch, size):
    out, after = [], None
    while True:
        page = fetch(after=after, limit=size)
        items = list(page)
        out.append(items)
        if len(items) < size:
            return out
        after = page.cursor


def test_iterator_protocol(crowd):
    it = crowd.members()
    assert iter(it) is it
    first = next(it)
    assert first.handle == "m00"
    rest = list(it)
    assert len(rest) == 22
    with pytest.raises(StopIteration):
        next(it)
    assert "done" in repr(it)


def test_paging_covers_everything_once(crowd):
    whole = [m.handle for m in crowd.members()]
    for size in (1, 5, 10, 23, 50):
        paged = [m.handle for page in pages(crowd.members, size) for m in page]
        assert paged == whole


def test_cursor_survives_reopen(db_path):
    with cop.open(db_path, system=True) as s:
        for i in range(6):
            s.create_member("m%d" % i, "M")
        page = s.members(limit=3)
        assert [m.handle for m in page] == ["m0", "m1", "m2"]
        cursor = page.cursor
    assert isinstance(cursor, str)
    with cop.open(db_path, system=True) as s:
        assert [m.handle for m in s.members(after=cursor)] == ["m3", "m4", "m5"]


def test_cursor_before_first_item(crowd):
    it = crowd.members()
    assert it.cursor is None
    first = crowd.members(limit=2)
    list(first)
    it = crowd.members(after=first.cursor)
    assert it.cursor == first.cursor
    assert next(it).handle == "m02"


def test_new_rows_never_shift_a_page(crowd):
    page = crowd.members(limit=5)
    list(page)
    crowd.create_member("a0", "Early")        # sorts before the page's end
    nxt = [m.handle for m in crowd.members(after=page.cursor, limit=2)]
    assert nxt == ["m05", "m06"]


def test_bad_cursor(crowd):
    with pytest.raises(cop.InvalidArgument):
        crowd.members(after="garbage")


def test_every_listing_pages(world):
    s = world.store
    for i in range(7):
        world.question.reply("reply %d" % i)
        world.hub.create_thread("T%d" % i, "body")
    for fetch in (s.communities,
                  lambda **kw: s.memberships(world.hub, **kw),
                  lambda **kw: s.threads(world.hub, **kw),
                  lambda **kw: s.contributions(world.question, **kw),
                  lambda **kw: s.contributions_by(world.kofi, **kw)):
        whole = [x._key() for x in fetch()]
        assert whole
        for size in (1, 2, 3):
            assert [x._key() for p in pages(fetch, size) for x in p] == whole


def test_listings_without_cursors(world):
    with world.store.acting_as(world.esi):
        world.answer.edit("In the shared drive, under Notes.")
    revs = world.store.revisions(world.answer)
    assert revs.cursor is None
    assert list(revs)
    assert revs.cursor is None


def test_close_early_and_with(crowd):
    it = crowd.members()
    next(it)
    it.close()
    with pytest.raises(cop.InvalidArgument, match="closed before its end"):
        list(it)                        # cut short: a loop can tell
    assert it.cursor.endswith("m00")
    with crowd.members() as it2:
        next(it2)
    with pytest.raises(cop.InvalidArgument):
        next(it2)
    done = crowd.members(limit=1)
    assert len(list(done)) == 1         # ran to its end: over, quietly
    done.close()
    assert list(done) == []


def test_two_listings_at_once(crowd):
    a, b = crowd.members(), crowd.members()
    pairs = list(zip(a, b))
    assert len(pairs) == 23
    assert all(x == y for x, y in pairs)


def test_writing_while_listing(crowd):
    for m in crowd.members(limit=3):
        m.update(display_name=m.display_name + "!")
    assert crowd.member_by_handle("m00").display_name.endswith("!")
