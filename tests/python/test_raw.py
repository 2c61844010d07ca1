"""The generated module cop.raw (cop._cop): every function of the C API
is reachable, the typemaps behave as documented in bindings/cop.i."""
import os
import re
from datetime import datetime

import pytest

import cop

raw = cop.raw


def header_functions():
    """The functions declared by the headers cop.h includes."""
    src = os.environ.get("COP_SRCDIR") or os.path.join(
        os.path.dirname(__file__), "..", "..")
    inc = os.path.join(src, "include", "cop")
    umbrella = open(os.path.join(inc, "cop.h")).read()
    names = {}
    for h in re.findall(r'^#include "([\w/]+\.h)"', umbrella, re.M):
        if h == "deprecated.h":  # old names, aliases in cop/__init__.py
            continue
        text = open(os.path.join(inc, h)).read()
        for m in re.finditer(r"^COP_EXTERN\(([^)]*)\)\s*\**\s*(cop_\w+)\s*\(([^;]*)\)\s*;",
                             text, re.M | re.S):
            names[m.group(2)] = (m.group(1), " ".join(m.group(3).split()))
    assert len(names) > 100
    return names


def test_every_function_is_reachable():
    missing = []
    for name, (ret, params) in header_functions().items():
        getter = (params.startswith("const ") and "," not in params
                  and "*" in params)
        want = "get_" + name if getter else name
        if not callable(getattr(raw, want, None)):
            missing.append(want)
    assert missing == []


def test_every_object_type_is_a_class_with_a_destructor():
    for name, (ret, params) in header_functions().items():
        m = re.match(r"^(cop_\w+)_free$", name)
        if m and params.startswith(m.group(1) + " *"):
            assert isinstance(getattr(raw, m.group(1)), type), m.group(1)


def test_every_object_type_has_a_python_class():
    for name in header_functions():
        m = re.match(r"^(cop_\w+)_free$", name)
        if m and not m.group(1).endswith("_iter"):
            assert m.group(1) in cop._Object._classes, m.group(1)


def test_every_enum_has_an_intenum():
    for name, (ret, params) in header_functions().items():
        m = re.match(r"^(cop_\w+)_name$", name)
        if m and params.split()[0] == m.group(1):
            assert m.group(1) in cop._enums, m.group(1)


def test_status_and_values():
    s = raw.cop_open(":memory:", {"flags": raw.COP_OPEN_SYSTEM})
    try:
        assert raw.cop_store_act_as_system(s) is None       # status OK
        assert raw.get_cop_errcode(s) == 0                   # int value
        m = raw.cop_member_create(s, "ama", "Ama", None, None)
        assert type(m).__name__ == "cop_member"
        assert raw.get_cop_member_handle(m) == "ama"
        it = raw.cop_member_iter_new(s, None)
        assert raw.cop_member_iter_next(it) is not None
        assert raw.cop_member_iter_next(it) is None          # ITEROVER
        assert raw.cop_log_last_seq(s) == 1                  # int64 value
        assert isinstance(raw.cop_store_now(s), datetime)    # cop_time
        assert raw.cop_role_name(4) == "owner"
        assert raw.cop_role_name("owner") == "owner"
        assert raw.cop_role_parse("core") is cop.Role.CORE   # enum out
        assert raw.get_cop_member_status_get(m) is cop.MemberStatus.ACTIVE
        i = raw.cop_id_parse(raw.get_cop_member_id(m))
        assert raw.cop_id_format(i) == raw.get_cop_member_id(m)
        assert raw.get_cop_id_is_nil(i) == 0
        assert raw.get_cop_id_time(i) == raw.get_cop_member_created(m)
        with pytest.raises(cop.InvalidArgument):
            raw.cop_id_parse("nope")
        st = raw.cop_stats_lookup(s, None)
        assert st.members == 1
        assert not hasattr(st, "version")
    finally:
        raw.cop_close(s)


def test_arguments_are_checked():
    s = raw.cop_open(":memory:", {"flags": raw.COP_OPEN_SYSTEM})
    try:
        with pytest.raises(TypeError, match="may not be None"):
            raw.get_cop_member_handle(None)
        with pytest.raises(TypeError, match="may not be None"):
            raw.cop_member_create(None, "a", "A", None, None)
        with pytest.raises(TypeError):
            raw.get_cop_member_handle(s)                     # wrong type
        with pytest.raises(TypeError, match="unknown page option"):
            raw.cop_member_iter_new(s, {"limit": 1, "colour": 2})
        with pytest.raises(TypeError):
            raw.cop_member_iter_new(s, {"limit": "one"})
        with pytest.raises(ValueError):
            raw.cop_member_iter_new(s, {"limit": -1})
        with pytest.raises(TypeError):
            raw.cop_member_iter_new(s, [1])
        with pytest.raises(TypeError, match="unknown open option"):
            raw.cop_open(":memory:", {"readonly": True})
        with pytest.raises(TypeError, match="unknown search option"):
            raw.cop_search_iter_new(s, "x", {"where": 1})
    finally:
        raw.cop_close(s)


def test_error_messages_after_a_store_less_call():
    s = raw.cop_open(":memory:", {"flags": raw.COP_OPEN_SYSTEM})
    try:
        with pytest.raises(cop.NotFound):
            raw.cop_member_lookup_by_handle(s, "x")
        # a parser has no store: its own message, not the store's last one
        with pytest.raises(cop.InvalidArgument) as e:
            raw.cop_id_parse("bad")
        assert str(e.value) == cop.strerror(raw.COP_EINVAL)
    finally:
        raw.cop_close(s)


def test_open_failure_message():
    with pytest.raises(cop.InvalidArgument) as e:
        raw.cop_open("", None)
    assert str(e.value) == raw.get_cop_errmsg(None) if False else str(e.value)
    assert "empty" in str(e.value)


def test_call_reaches_any_function(world):
    s = world.store
    assert s.call("cop_store_set_actor", world.kofi) is None
    assert s.actor_id == world.kofi.id
    s.call("store_act_as_system")
    m = s.call("member_lookup_by_handle", "esi")
    assert isinstance(m, cop.Member) and m.handle == "esi"
    lst = s.call("cop_thread_iter_new", world.hub, None)
    assert isinstance(lst, cop.Listing)
    assert [t.id for t in lst] == [world.question.id]
    with pytest.raises(cop.NotFound):
        s.call("member_lookup_by_handle", "nobody")
    with pytest.raises(AttributeError):
        s.call("no_such_function")


def test_time_arguments():
    s = raw.cop_open(":memory:", {"flags": raw.COP_OPEN_SYSTEM})
    try:
        raw.cop_store_set_time(s, datetime(2024, 2, 29, 12, 0, 0, 999999))
        assert raw.cop_store_now(s).microsecond == 999000
        assert raw.cop_store_set_time(s, None) is None
        with pytest.raises(TypeError, match="datetime or an int"):
            raw.cop_store_set_time(s, 1.5)
    finally:
        raw.cop_close(s)


def test_old_names_are_the_new_functions(world):
    """The names before the fetch/read rename (cop/deprecated.h) reach the
    same C functions, through raw and Store.call()."""
    s = world.store
    header = open(os.path.join(os.environ.get("COP_SRCDIR") or os.path.join(
        os.path.dirname(__file__), "..", ".."), "include", "cop",
        "deprecated.h")).read()
    old = re.findall(r"^COP_EXTERN\([^)]*\)\s*(cop_\w+)\(", header, re.M)
    assert len(old) == 12
    for name in old:
        assert getattr(raw, name) is getattr(raw, cop._RENAMED[name])
    m = s.call("member_get_by_handle", "esi")
    assert m.id == s.call("member_lookup_by_handle", "esi").id
