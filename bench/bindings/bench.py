#!/usr/bin/env python3
"""bench/bindings/bench.py: `make bench-bindings`.

Per-call overhead of the bindings: the same simple read (get a member by
id and read its handle) and simple write (update its display name) timed
in C (cop-bench-calls), from Python (the package cop, and cop.raw) and
from Lua (cop, and copc) in one run, on an in-memory store; prints each
CPU time per call and what the binding adds to C's (rounds of the three in
turn, the best of each kept, so that the machine's drift hits all alike).  Targets (issue 5): at
most 3 µs added per call in Python, 1 µs in Lua.

    bench.py --c PATH --lua LUA --lua-script bench.lua
             [--iterations N] [--runs N] [--rounds N]
"""
import argparse
import subprocess
import sys
import time

import cop

TARGET_US = {"Python": 3.0, "Lua": 1.0}


def parse(out):
    return {k: float(v) for k, v in (line.split() for line in out.split("\n")
                                     if line.strip())}


def python_times(iterations, runs):
    store = cop.open(":memory:", system=True)
    mid = store.create_member("ama", "Ama Mensah").id
    raw, p = cop.raw, store._raw()
    names = ("Ama", "Ama Mensah")

    def timed(fn):
        t0 = time.process_time()
        fn()
        return (time.process_time() - t0) * 1e9 / iterations

    def read():
        member = store.member
        for _ in range(iterations):
            member(mid).handle

    def write():
        update = store.update_member
        for i in range(iterations):
            update(mid, display_name=names[i & 1])

    def raw_read():
        get, handle = raw.cop_member_lookup, raw.get_cop_member_handle
        for _ in range(iterations):
            handle(get(p, mid))

    def raw_write():
        update = raw.cop_member_update
        for i in range(iterations):
            update(p, mid, names[i & 1], None, None)

    # Each run times every loop in turn; the best of each is kept.
    res = {}
    loops = {"read": read, "raw_read": raw_read, "write": write,
             "raw_write": raw_write}
    for _ in range(runs):
        for k, fn in loops.items():
            t = timed(fn)
            res[k] = min(res.get(k, t), t)
    store.close()
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--c", required=True, help="cop-bench-calls")
    ap.add_argument("--lua", required=True, help="the Lua 5.4 interpreter")
    ap.add_argument("--lua-script", required=True, help="bench.lua")
    ap.add_argument("--iterations", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    n, r = str(args.iterations), str(args.runs)

    # Rounds of C, Python and Lua in turn, the best of each kept, so that
    # the machine's drift hits all three alike.
    c, py, lua = {}, {}, {}
    for _ in range(args.rounds):
        for best, get in (
                (c, lambda: parse(subprocess.run(
                    [args.c, n, r], check=True, capture_output=True,
                    text=True).stdout)),
                (py, lambda: python_times(args.iterations, args.runs)),
                (lua, lambda: parse(subprocess.run(
                    [args.lua, args.lua_script, n, r], check=True,
                    capture_output=True, text=True).stdout))):
            for k, v in get().items():
                best[k] = min(best.get(k, v), v)

    print("libcop %s, per call (best of %d runs of %d calls), in-memory store"
          % (cop.__version__, args.runs * args.rounds, args.iterations))
    print("read:  cop_member_lookup by id + handle + free;  "
          "write: cop_member_update of the display name")
    print()
    print("%-22s %10s %10s   %s" % ("", "read µs", "write µs", "added to C (µs)"))
    print("%-22s %10.2f %10.2f" % ("C", c["read"] / 1e3, c["write"] / 1e3))
    failed = False
    rows = (("Python (cop)", py["read"], py["write"], "Python"),
            ("Python (cop.raw)", py["raw_read"], py["raw_write"], None),
            ("Lua (cop)", lua["read"], lua["write"], "Lua"),
            ("Lua (copc)", lua["raw_read"], lua["raw_write"], None))
    for name, rd, wr, target in rows:
        add_r = (rd - c["read"]) / 1e3
        add_w = (wr - c["write"]) / 1e3
        verdict = ""
        if target:
            ok = max(add_r, add_w) <= TARGET_US[target]
            failed |= not ok
            verdict = "  target <= %.0f µs: %s" % (TARGET_US[target],
                                                   "met" if ok else "MISSED")
        print("%-22s %10.2f %10.2f   read %+.2f, write %+.2f%s" % (
            name, rd / 1e3, wr / 1e3, add_r, add_w, verdict))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
