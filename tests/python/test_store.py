"""The store: open, close, context manager, options, actor, clock, batches."""
import os
from datetime import datetime, timezone

import pytest

import cop
from conftest import T0


def test_version():
    assert cop.__version__ == cop.raw.cop_version()
    assert cop.__version__.count(".") == 2


def test_open_memory_and_context_manager():
    with cop.open(":memory:", system=True) as s:
        assert isinstance(s, cop.Store)
        assert not s.closed
        assert s.backend == "sqlite"
        assert s.uri == ":memory:"
        assert "':memory:'" in repr(s)
    assert s.closed
    assert "closed" in repr(s)


def test_close_twice_is_harmless(store):
    store.close()
    store.close()
    assert store.closed


def test_closed_store_raises_invalid_argument(store):
    store.close()
    with pytest.raises(cop.InvalidArgument, match="closed"):
        store.create_member("ama", "Ama")
    with pytest.raises(cop.InvalidArgument):
        store.members()
    with pytest.raises(cop.InvalidArgument):
        store.backend


def test_file_store_persists(db_path):
    with cop.open(db_path, system=True) as s:
        ama = s.create_member("ama", "Ama Mensah")
    with cop.open("sqlite:" + db_path, system=True) as s:
        assert s.member(ama.id).handle == "ama"
    assert os.path.exists(db_path)


def test_readonly(db_path):
    with cop.open(db_path, system=True) as s:
        s.create_member("ama", "Ama")
    with cop.open(db_path, readonly=True, system=True) as s:
        assert s.member_by_handle("ama").display_name == "Ama"
        with pytest.raises(cop.ReadOnly) as e:
            s.create_member("kofi", "Kofi")
        assert e.value.code == cop.raw.COP_EREADONLY
        assert str(e.value) == s.errmsg


def test_nocreate(tmp_path):
    with pytest.raises(cop.NotFound):
        cop.open(str(tmp_path / "missing.db"), create=False)
    assert not (tmp_path / "missing.db").exists()


def test_durable_option(db_path):
    """durable=True opens with COP_OPEN_DURABLE; what it commits is there
    on the next open."""
    assert cop.OPEN_DURABLE == cop.raw.COP_OPEN_DURABLE
    with cop.open(db_path, durable=True, system=True) as s:
        ama = s.create_member("ama", "Ama")
    with cop.open(db_path, readonly=True, durable=True, system=True) as s:
        assert s.member(ama.id).handle == "ama"


def test_busy_timeout_option(db_path):
    with cop.open(db_path, busy_timeout_ms=100, system=True) as s:
        assert s.backend == "sqlite"


def test_open_errors(tmp_path):
    with pytest.raises(cop.InvalidArgument, match="empty"):
        cop.open("")
    with pytest.raises(cop.NotSupported):
        cop.open("nosuchscheme://x")
    with pytest.raises(cop.IOError):
        cop.open(str(tmp_path / "no" / "such" / "dir" / "x.db"))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises((cop.Corrupt, cop.IOError)):
        cop.open(str(junk))


def test_open_keywords_only():
    with pytest.raises(TypeError):
        cop.open(":memory:", True)
    with pytest.raises(TypeError):
        cop.open(":memory:", colour="blue")


def test_store_cannot_be_made_directly():
    with pytest.raises(TypeError):
        cop.Store()


def test_actor(world):
    s = world.store
    assert s.actor is cop.SYSTEM and s.actor_id is None
    assert s.actor_kind == cop.ActorKind.SYSTEM
    s.actor = world.kofi
    assert s.actor == world.kofi
    assert s.actor_id == world.kofi.id
    s.actor = world.ama.id
    assert s.actor.handle == "ama"
    s.actor = None                      # the anonymous viewer
    assert s.actor is None
    assert s.actor_kind == cop.ActorKind.ANONYMOUS
    s.actor = cop.SYSTEM
    assert s.actor is cop.SYSTEM
    with pytest.raises(cop.NotFound):
        s.actor = "01890000-0000-7000-8000-000000000000"
    with pytest.raises(cop.InvalidArgument):
        s.actor = "not-an-id"


def test_acting_as_restores(world):
    s = world.store
    with s.acting_as(world.kofi):
        assert s.actor_id == world.kofi.id
        with s.acting_as(world.esi):
            assert s.actor_id == world.esi.id
        assert s.actor_id == world.kofi.id
    assert s.actor is cop.SYSTEM
    with pytest.raises(RuntimeError):
        with s.acting_as(world.kofi):
            raise RuntimeError("boom")
    assert s.actor is cop.SYSTEM
    with s.acting_as(None):
        assert s.actor_kind == cop.ActorKind.ANONYMOUS
        with s.acting_as(cop.SYSTEM):
            assert s.actor_kind == cop.ActorKind.SYSTEM
        assert s.actor_kind == cop.ActorKind.ANONYMOUS
    assert s.actor is cop.SYSTEM


def test_default_viewer_is_anonymous(db_path):
    """cop.open() without system=True sees public content only and
    writes nothing (issue 17)."""
    with cop.open(db_path, system=True) as s:
        ama = s.create_member("ama", "Ama")
        with s.acting_as(ama):
            hub = s.create_community("hub", "Hub")
            s.create_community("secret", "Secret", visibility="private")
            thread = hub.create_thread("Notes", "Where do notes go?")
    with cop.open(db_path) as s:
        assert s.actor_kind == cop.ActorKind.ANONYMOUS
        assert s.actor is None and s.actor_id is None
        assert s.thread(thread.id).title == "Notes"
        assert [c.slug for c in s.communities()] == ["hub"]
        with pytest.raises(cop.NotFound, match="no such community"):
            s.community("secret")
        with pytest.raises(cop.PermissionDenied):
            s.community("hub").create_thread("Hi", "From nobody")
        with pytest.raises(cop.PermissionDenied):
            s.create_member("nobody", "Nobody")
        with s.acting_as(cop.SYSTEM):
            assert s.community("secret").slug == "secret"
        with pytest.raises(cop.NotFound):
            s.community("secret")
        s.act_as_system()
        assert s.community("secret").slug == "secret"
    with cop.open(db_path) as s:
        assert len(list(s.community("hub").threads())) == 1


def test_clock(store):
    assert store.now == T0
    store.set_time(1700000000123)
    assert store.now == datetime(2023, 11, 14, 22, 13, 20, 123000,
                                 tzinfo=timezone.utc)
    naive = datetime(2020, 1, 2, 3, 4, 5)
    store.set_time(naive)
    assert store.now == naive.replace(tzinfo=timezone.utc)
    ama = store.create_member("ama", "Ama")
    assert ama.created == naive.replace(tzinfo=timezone.utc)
    store.set_time(None)
    assert abs((store.now - datetime.now(timezone.utc)).total_seconds()) < 60
    with pytest.raises(cop.InvalidArgument):
        store.set_time(-5)
    with pytest.raises(TypeError):
        store.set_time("yesterday")


def test_batch_commits(store):
    with store.batch():
        store.create_member("ama", "Ama")
        store.create_member("kofi", "Kofi")
    assert [m.handle for m in store.members()] == ["ama", "kofi"]


def test_batch_rolls_back_on_exception(store):
    with pytest.raises(KeyError):
        with store.batch():
            store.create_member("ama", "Ama")
            raise KeyError("stop")
    assert list(store.members()) == []


def test_batch_failing_mutation_goes_on(store):
    with store.batch():
        store.create_member("ama", "Ama")
        with pytest.raises(cop.AlreadyExists):
            store.create_member("AMA", "Ama again")
        store.create_member("kofi", "Kofi")
    assert store.stats().members == 2


def test_batch_explicit_and_errors(store):
    store.begin()
    with pytest.raises(cop.Busy):
        store.begin()
    store.create_member("ama", "Ama")
    store.rollback()
    assert store.stats().members == 0
    with pytest.raises(cop.InvalidArgument):
        store.commit()
    with pytest.raises(cop.InvalidArgument):
        store.rollback()


def test_errmsg_and_errcode(store):
    assert store.errcode == 0
    assert store.errmsg == "no error"
    with pytest.raises(cop.NotFound) as e:
        store.member_by_handle("nobody")
    assert store.errcode == cop.raw.COP_ENOTFOUND
    assert store.errmsg == str(e.value)
    assert store.errmsg == "no such member"     # the handle not echoed


def test_close_rolls_back_open_batch(db_path):
    s = cop.open(db_path, system=True)
    s.begin()
    s.create_member("ama", "Ama")
    s.close()
    with cop.open(db_path, system=True) as s:
        assert s.stats().members == 0
