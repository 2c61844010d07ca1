"""Lifetime rules: objects keep their store alive, closing in any order
never dangles, explicit frees and the garbage collector never both free."""
import gc
import subprocess
import sys
import textwrap
import weakref

import pytest

import cop


def test_objects_outlive_their_name_for_the_store():
    s = cop.open(":memory:", system=True)
    ref = weakref.ref(s)
    m = s.create_member("ama", "Ama")
    it = s.members()
    del s
    gc.collect()
    assert ref() is not None            # kept alive by m and it
    assert next(it).handle == "ama"
    m.update(display_name="Still here")
    assert m.display_name == "Still here"
    del it, m
    gc.collect()
    assert ref() is None                # and freed after them


def test_closing_the_store_closes_its_listings():
    s = cop.open(":memory:", system=True)
    for h in ("a", "b", "c"):
        s.create_member(h, h)
    it = s.members()
    assert next(it).handle == "a"
    s.close()
    # Cut short: a loop can tell (issue 21), and nothing dangles.
    with pytest.raises(cop.InvalidArgument, match="closed before its end"):
        list(it)
    assert it.cursor.endswith(":a")


def test_objects_stay_readable_after_close():
    s = cop.open(":memory:", system=True)
    m = s.create_member("ama", "Ama")
    s.close()
    assert m.handle == "ama"
    assert m.store is s
    with pytest.raises(cop.InvalidArgument, match="closed"):
        m.update(display_name="x")
    with pytest.raises(cop.InvalidArgument):
        list(m.contributions())


def test_listing_dropped_before_and_after_the_store():
    for order in ("listing first", "store first"):
        s = cop.open(":memory:", system=True)
        s.create_member("ama", "Ama")
        it = s.members()
        next(it)
        if order == "listing first":
            del it
            gc.collect()
            s.close()
        else:
            del s
            gc.collect()
            del it
            gc.collect()


def test_listing_in_a_reference_cycle():
    s = cop.open(":memory:", system=True)
    s.create_member("ama", "Ama")
    holder = {"store": s}
    holder["listing"] = s.members()
    holder["self"] = holder
    del s, holder
    gc.collect()


def test_many_listings_then_close():
    s = cop.open(":memory:", system=True)
    s.create_member("ama", "Ama")
    its = [s.members() for _ in range(50)]
    for it in its[::2]:
        next(it)
    s.close()
    for it in its:
        with pytest.raises(cop.InvalidArgument):
            next(it)


def test_raw_free_disowns():
    raw = cop.raw
    s = raw.cop_open(":memory:", {"flags": raw.COP_OPEN_SYSTEM})
    m = raw.cop_member_create(s, "ama", "Ama", None, None)
    raw.cop_member_free(m)              # the C object is freed, and disowned:
    del m                               # the collector does not free it again
    gc.collect()
    raw.cop_close(s)
    del s
    gc.collect()


def test_interpreter_exit_with_live_objects(tmp_path):
    # Globals still holding a store, listings and objects at exit.
    code = textwrap.dedent("""
        import cop
        s = cop.open(%r, system=True)
        for h in "abc":
            s.create_member(h, h)
        it = s.members()
        next(it)
        m = s.member_by_handle("b")
        other = cop.open(":memory:", system=True)
        it2 = other.members()
        print("ok")
    """ % str(tmp_path / "x.db"))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"
    assert "leak" not in r.stderr


def test_objects_do_not_pin_each_other(store):
    m = store.create_member("ama", "Ama")
    ref = weakref.ref(m)
    del m
    gc.collect()
    assert ref() is None
