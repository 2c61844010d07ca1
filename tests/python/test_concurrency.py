"""Threads: the GIL is released in C, a store refuses other threads unless
opened for them, and a shared store acts per thread."""
import os
import threading
import time

import pytest

import cop


def _srcdir():
    return os.environ.get("COP_SRCDIR") or os.path.join(
        os.path.dirname(__file__), "..", "..")


def test_other_thread_refused_by_default(tmp_path):
    with cop.open(str(tmp_path / "a.db"), system=True) as s:
        s.create_member("ama", "Ama")
        seen = []

        def use():
            try:
                s.create_member("kofi", "Kofi")
            except cop.Error as e:
                seen.append(e)

        t = threading.Thread(target=use)
        t.start()
        t.join()
        assert len(seen) == 1
        assert isinstance(seen[0], cop.InvalidArgument)
        assert "check_same_thread=False" in str(seen[0])
        assert [m.handle for m in s.members()] == ["ama"]   # nothing written


def test_listing_belongs_to_its_thread(tmp_path):
    with cop.open(str(tmp_path / "a.db"), check_same_thread=False, system=True) as s:
        s.create_member("ama", "Ama")
        listing = s.members()
        seen = []

        def step():
            try:
                next(listing)
            except cop.Error as e:
                seen.append(e)

        t = threading.Thread(target=step)
        t.start()
        t.join()
        assert isinstance(seen[0], cop.InvalidArgument)
        assert next(listing).handle == "ama"    # still usable in its thread


def test_memory_store_cannot_be_shared():
    with pytest.raises(cop.InvalidArgument):
        cop.open(":memory:", check_same_thread=False)


def test_shared_store_acts_per_thread(tmp_path):
    """Eight threads, each acting as its own member, create threads at the
    same time: every thread's author is the member who created it, and
    the store still acts as the system in the thread that opened it."""
    n_threads, per = 8, 10
    with cop.open(str(tmp_path / "shared.db"), check_same_thread=False,
                  busy_timeout_ms=30000, system=True) as s:
        hub = s.create_community("hub", "Hub")
        members = [s.create_member("m%d" % i, "M %d" % i)
                   for i in range(n_threads)]
        for m in members:
            hub.join(m)
        start = threading.Barrier(n_threads)
        errors = []

        def work(m):
            try:
                start.wait()
                with s.acting_as(m):
                    for k in range(per):
                        t = s.create_thread(hub, "%s %d" % (m.handle, k), "x")
                        assert t.author_id == m.id
                        assert s.actor_id == m.id
            except Exception as e:      # reported below, in the main thread
                errors.append(e)

        workers = [threading.Thread(target=work, args=(m,)) for m in members]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert errors == []
        assert s.actor_id is None                  # the opener's actor
        by_title = {t.title: t.author_id for t in s.threads(hub)}
        assert len(by_title) == n_threads * per
        for m in members:
            for k in range(per):
                assert by_title["%s %d" % (m.handle, k)] == m.id


def test_gil_released_during_a_long_call(tmp_path):
    """A ticker thread keeps running while the main thread imports the
    beer dump in one C call (before the binding released the GIL, a
    1.25 s import froze it for 1.25 s)."""
    dump = os.path.join(_srcdir(), "tests", "data", "beer")
    ticks = [0]
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks[0] += 1
            time.sleep(0.001)

    with cop.open(str(tmp_path / "beer.db"), system=True) as s:
        t = threading.Thread(target=tick)
        t.start()
        try:
            time.sleep(0.02)
            before = ticks[0]
            t0 = time.monotonic()
            s.import_stackexchange(dump, community="beer")
            elapsed = time.monotonic() - t0
            during = ticks[0] - before
        finally:
            stop.set()
            t.join()
    assert elapsed > 0.2, "the import was too quick to tell"
    # At least a tick per 20 ms of the call (about one per ms when free).
    assert during >= elapsed / 0.02, (during, elapsed)
