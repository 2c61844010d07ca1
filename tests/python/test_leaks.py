"""Leaks: a loop of open, work and close shows no growth in memory.

The loop runs in a child process (its own heap): after a warm-up, the
bytes malloc() has handed out (mallinfo2), the process's resident size
and Python's own allocations (tracemalloc) must stay flat while the loop
runs hundreds of times over every kind of object, listing and error.
"""
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("COP_TEST_SANITIZED")),
    reason="a sanitizer build: ASan's quarantine holds freed memory")

SCRIPT = textwrap.dedent(r"""
    import ctypes, gc, json, sys, tracemalloc
    import cop

    class MallInfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
            "fsmblks", "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL(None)
    mallinfo2 = getattr(libc, "mallinfo2", None)
    if mallinfo2:
        mallinfo2.restype = MallInfo2

    def heap():
        gc.collect()
        return mallinfo2().uordblks if mallinfo2 else 0

    def rss():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096

    def work(i, path):
        with cop.open(path, system=True) as s:
            s.set_time(1700000000000 + i)
            ms = [s.create_member("m%d-%d" % (i, k), "Member %d" % k,
                                  organisation="Org", languages=["en"])
                  for k in range(4)]
            with s.acting_as(ms[0]):
                c = s.create_community("c%d" % i, "Community", purpose="p")
            for m in ms[1:]:
                c.join(m, pledged_hours=2)
            c.set_role(ms[1], "facilitator")
            with s.acting_as(ms[2]):
                t = c.create_thread("Question %d" % i, "How?",
                                    kind="question", tags=["a", "b"])
            with s.acting_as(ms[1]):
                a = t.reply("Like this.", kind="answer")
                a.edit("Like this, really.", comment="more")
                a.reply("A comment")
            list(a.revisions())
            list(s.contributions(t))
            list(s.contributions_by(ms[1]))
            list(c.memberships(limit=2))
            list(s.threads(c))
            list(s.communities())
            list(s.log(limit=5))
            list(s.search("really"))
            s.stats()
            c.stats()
            for fn in (lambda: s.member_by_handle("nobody"),
                       lambda: s.create_member(ms[0].handle, "again"),
                       lambda: s.community("nosuch"),
                       lambda: list(s.members(after="bad")),
                       lambda: s.create_community("c", "C",
                                                  visibility="odd")):
                try:
                    fn()
                except cop.Error:
                    pass
            with s.batch():
                s.create_member("b%d" % i, "B")
            try:
                with s.batch():
                    s.create_member("x%d" % i, "X")
                    raise KeyError
            except KeyError:
                pass
            half = s.members()          # left open: close() frees it
            next(half)
            dropped = s.members()       # dropped half-way: GC frees it
            next(dropped)
            del dropped
            page = s.members(limit=2)
            list(page)
            list(s.members(after=page.cursor))
        return half

    path = sys.argv[1]
    rounds = int(sys.argv[2])
    n = 0
    for _ in range(50):                 # warm-up: caches, free lists
        work(n, path); n += 1
    # Two equal runs: a leak grows the second as much as the first;
    # allocator noise does not grow with the number of rounds.
    h0, r0 = heap(), rss()
    for _ in range(rounds):
        work(n, path); n += 1
    h1, r1 = heap(), rss()
    for _ in range(rounds):
        work(n, path); n += 1
    h2, r2 = heap(), rss()
    # Python's own allocations, traced over a shorter run.
    tracemalloc.start()
    t0 = tracemalloc.take_snapshot()
    for _ in range(rounds // 4):
        work(n, path); n += 1
    gc.collect()
    t1 = tracemalloc.take_snapshot()
    py = sum(st.size_diff for st in t1.compare_to(t0, "filename"))
    json.dump({"heap": h2 - h1, "heap_first": h1 - h0, "rss": r2 - r1,
               "python": py, "mallinfo2": bool(mallinfo2)}, sys.stdout)
""")


def run(path, rounds):
    r = subprocess.run([sys.executable, "-c", SCRIPT, path, str(rounds)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    import json
    return json.loads(r.stdout)


def check(growth, rounds):
    # The second run may not grow the heap by more than 48 bytes a round
    # (plus the allocator's noise): a leaked object per round would.
    if growth["mallinfo2"]:
        assert growth["heap"] < 48 * rounds + 16 * 1024, growth
    assert growth["rss"] < 1024 * 1024, growth
    assert growth["python"] < 32 * 1024, growth


def test_no_growth_in_memory():
    rounds = 500
    check(run(":memory:", rounds), rounds)


def test_no_growth_with_files(tmp_path):
    rounds = 150
    check(run(str(tmp_path / "leak.db"), rounds), rounds)
