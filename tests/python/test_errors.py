"""Errors: a class per status code of COP_ERROR_TABLE, the library's
message, raised for every code the API can return from Python."""
import re

import pytest

import cop

def error_table():
    """(name, value, class, message) rows of COP_ERROR_TABLE, read from
    include/cop/errors.h: the one table the classes are made from."""
    import os
    src = os.environ.get("COP_SRCDIR") or os.path.join(
        os.path.dirname(__file__), "..", "..")
    text = open(os.path.join(src, "include", "cop", "errors.h")).read()
    rows = re.findall(r'X\((COP_\w+),\s*(-?\d+),\s*"(\w+)",\s*"([^"]*)"\)',
                      text)
    assert len(rows) >= 15
    return [(n, int(v), c, m) for n, v, c, m in rows]


def test_a_class_per_status_code():
    for name, value, clsname, message in error_table():
        if value == 0:
            assert not hasattr(cop, clsname)   # COP_OK is no error
            continue
        cls = getattr(cop, clsname)
        assert issubclass(cls, cop.Error)
        assert issubclass(cls, Exception)
        assert cls.code == value
        assert cls.name == name
        assert cls.default_message == message
        assert cls.__module__ == "cop"
        assert cls.__doc__
        assert cop.errors[value] is cls
        assert cop.strerror(value) == message
        assert cop.error_name(value) == name


def test_error_is_the_base():
    assert cop.Error.code == cop.raw.COP_ERROR
    assert cop.errors[-1] is cop.Error
    assert len(cop.errors) == len([r for r in error_table() if r[1] != 0])
    for cls in cop.errors.values():
        assert issubclass(cls, cop.Error)


def test_python_bases():
    assert issubclass(cop.InvalidArgument, ValueError)
    assert issubclass(cop.TooBig, ValueError)
    assert issubclass(cop.InvalidEncoding, ValueError)
    assert issubclass(cop.NotFound, LookupError)
    assert issubclass(cop.OutOfMemory, MemoryError)
    assert issubclass(cop.IOError, OSError)
    assert not issubclass(cop.PermissionDenied, OSError)


def test_unknown_code():
    assert cop.strerror(-999) == "unknown error"
    assert cop.error_name(-999) is None


def check(exc_info, cls, store):
    e = exc_info.value
    assert type(e) is cls
    assert e.code == cls.code
    assert str(e) == store.errmsg
    assert store.errcode == cls.code
    assert str(e) != "no error"


def test_not_found(store):
    with pytest.raises(cop.NotFound) as e:
        store.community("nosuch")
    check(e, cop.NotFound, store)
    # What is not there is not named (docs/privacy.md).
    assert "no such community" in str(e.value)


def test_already_exists(store):
    store.create_member("ama", "Ama")
    with pytest.raises(cop.AlreadyExists) as e:
        store.create_member("ama", "Ama")
    check(e, cop.AlreadyExists, store)


def test_invalid_argument(store):
    with pytest.raises(cop.InvalidArgument) as e:
        store.create_member("no spaces", "Ama")
    check(e, cop.InvalidArgument, store)
    with pytest.raises(ValueError):
        store.member("not-an-id")


def test_strings_the_c_side_cannot_hold(store):
    """A NUL inside a string would cut it in C: refused, nothing written;
    a lone surrogate cannot be UTF-8: UnicodeEncodeError; bytes are UTF-8
    as they are."""
    before = store.stats().members
    with pytest.raises(cop.InvalidArgument) as e:
        store.create_member("ama\0x", "Ama")
    assert "NUL" in str(e.value) and isinstance(e.value, ValueError)
    with pytest.raises(cop.InvalidArgument):
        store.create_member("ama", "Ama\0 Mensah")
    with pytest.raises(UnicodeEncodeError):
        store.create_member("ama", "Ama \ud800")
    assert store.stats().members == before
    with pytest.raises(TypeError):
        store.create_member("ama", 3)
    m = store.create_member(b"ama", "Ama Ok\xc3\xa9".encode("latin-1")
                            .decode("utf-8"))
    assert m.handle == "ama" and m.display_name == "Ama Oké"
    assert store.stats().members == before + 1


def test_permission_denied(world):
    s = world.store
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied) as e:
            s.create_member("zed", "Zed")
        check(e, cop.PermissionDenied, s)


def test_busy(store):
    store.begin()
    with pytest.raises(cop.Busy) as e:
        store.begin()
    check(e, cop.Busy, store)
    store.rollback()


def test_too_big(store):
    with pytest.raises(cop.TooBig) as e:
        store.create_member("ama", "A" * 201)
    check(e, cop.TooBig, store)


def test_read_only(db_path):
    cop.open(db_path, system=True).close()
    with cop.open(db_path, readonly=True, system=True) as s:
        with pytest.raises(cop.ReadOnly) as e:
            s.create_member("ama", "Ama")
        check(e, cop.ReadOnly, s)


def test_not_supported_and_io_error(tmp_path):
    with pytest.raises(cop.NotSupported) as e:
        cop.open("gopher://x")
    assert "gopher" in str(e.value) or str(e.value)
    with pytest.raises(cop.IOError):
        cop.open(str(tmp_path / "nodir" / "x.db"))


def test_out_of_memory(store):
    raw = cop.raw
    try:
        raw.cop_alloc_fail_at(1, 1)
        with pytest.raises(cop.OutOfMemory) as e:
            store.create_member("ama", "Ama")
        assert raw.cop_alloc_failures() >= 1
    finally:
        raw.cop_alloc_fail_at(0, 0)
    assert e.value.code == raw.COP_ENOMEM
    # nothing changed, and the store still works
    assert store.stats().members == 0
    store.create_member("ama", "Ama")


def test_out_of_memory_while_listing(store):
    for i in range(5):
        store.create_member("m%d" % i, "M")
    it = store.members()
    next(it)
    raw = cop.raw
    try:
        raw.cop_alloc_fail_at(1, 1)
        with pytest.raises(cop.OutOfMemory):
            for _ in it:
                pass
    finally:
        raw.cop_alloc_fail_at(0, 0)
    # the listing is closed after an error: asking for more says so
    with pytest.raises(cop.InvalidArgument, match="closed before its end"):
        list(it)


def test_invalid_enum_names(store):
    with pytest.raises(cop.InvalidArgument, match="cop_visibility"):
        store.create_community("c", "C", visibility="secretive")
    with pytest.raises(TypeError):
        store.create_community("c", "C", visibility=1.5)


def test_error_messages_are_the_librarys(store):
    with pytest.raises(cop.Error) as e:
        store.create_community("Bad Slug", "x")
    assert str(e.value) == store.errmsg
    assert isinstance(e.value, cop.InvalidArgument)


def test_iter_over_class_exists_but_is_never_raised(store):
    assert cop.IterOver.code == cop.raw.COP_ITEROVER
    assert list(store.members()) == []


def test_raising_and_catching_by_hand():
    e = cop.NotFound("gone")
    assert str(e) == "gone" and e.code == -3
    with pytest.raises(cop.Error):
        raise e


def test_option_errors_are_cop_errors(store):
    """Bad option values raise cop.InvalidArgument (still a ValueError),
    as the library's COP_EINVAL does (issue 21)."""
    with pytest.raises(cop.InvalidArgument, match="limit"):
        store.members(limit=-1)
    with pytest.raises(cop.InvalidArgument, match="busy_timeout_ms"):
        cop.open(":memory:", busy_timeout_ms=-1)
    with pytest.raises(cop.InvalidArgument):
        store.create_community("c", "C", visibility=2 ** 40)
    with pytest.raises(TypeError):      # a wrong type stays a TypeError
        store.members(limit="ten")


def test_no_public_name_shadows_a_builtin():
    import builtins
    public = set(cop.__all__)
    assert not public & set(dir(builtins)), public & set(dir(builtins))
    assert cop.InputOutputError.__name__ == "InputOutputError"
    assert cop.IOError is cop.InputOutputError      # the old name, an alias
    assert issubclass(cop.InputOutputError, OSError)


def test_my_vote_as_the_system_is_none(store):
    hub = store.create_community("hub", "Hub")
    t = store.create_thread(hub, "T", "body")
    (first,) = list(t.contributions())
    assert store.actor_id is None
    assert store.my_vote(first) is None
    assert first.my_vote() is None


def test_disk_full_is_an_io_error():
    # COP_EFULL (a full disk, SQLITE_FULL or SQLSTATE 53100) has its own
    # class, caught by code that catches I/O errors.
    assert cop.errors[cop.raw.COP_EFULL] is cop.DiskFull
    assert cop.DiskFull.code == cop.raw.COP_EFULL == -17
    assert issubclass(cop.DiskFull, cop.InputOutputError)
    assert issubclass(cop.DiskFull, OSError)
    assert issubclass(cop.DiskFull, cop.Error)
    assert not issubclass(cop.InputOutputError, cop.DiskFull)
    assert cop.error_name(cop.raw.COP_EFULL) == "COP_EFULL"


def test_unseen_is_missing(world):
    """What the actor may not see fails exactly as what is not there:
    the same class and the same message, naming no id
    (docs/privacy.md)."""
    s = world.store
    with s.acting_as(world.ama):
        t = world.secret.create_thread("Plans", "Quiet ones")
    post = next(iter(t.contributions())).id
    none = "0badc0de-0000-4000-8000-00000000beef"
    with s.acting_as(world.kofi):
        for call in (s.thread, s.contribution, s.vote):
            with pytest.raises(cop.NotFound) as seen:
                call(post if call != s.thread else t.id)
            with pytest.raises(cop.NotFound) as unknown:
                call(none)
            assert str(seen.value) == str(unknown.value)
            assert t.id not in str(seen.value)
            assert post not in str(seen.value)
        with pytest.raises(cop.NotFound) as seen:
            s.community("secret")
        with pytest.raises(cop.NotFound) as unknown:
            s.community("nosuch")
        assert str(seen.value) == str(unknown.value)
