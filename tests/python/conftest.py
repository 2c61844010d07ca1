"""Fixtures of the pytest suite of libcop's Python bindings.

Run by `make check` (bindings/bindings.am): PYTHONPATH points at the
package as built in the build tree, COP_EXAMPLES at examples/.
"""
import os
import sys
from datetime import datetime, timezone

import pytest

import cop

#: the time the fixtures fix the store's clock at (as the C suites do)
T0 = datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)


_schemas = [0]


def store_uri():
    """Where the `store` fixture opens a fresh store: an in-memory SQLite
    store, or with COP_TEST_URI=postgresql://... (as for the C suites) a
    fresh schema in that database, dropped when the store is closed."""
    u = os.environ.get("COP_TEST_URI", "")
    if u.startswith(("postgresql://", "postgres://")):
        _schemas[0] += 1
        return "%s%scop_schema=py%d_%d&cop_schema_drop=1" % (
            u, "&" if "?" in u else "?", os.getpid(), _schemas[0])
    return ":memory:"


@pytest.fixture
def store():
    """A fresh store (see store_uri()), its clock at T0; closed after the
    test."""
    with cop.open(store_uri(), system=True) as s:
        s.set_time(T0)
        yield s


@pytest.fixture
def db_path(tmp_path):
    """A path for an SQLite store file."""
    return str(tmp_path / "cop.db")


class World:
    """A small community of practice: four members, a public community
    owned by ama (kofi a member, esi a facilitator), an invite-only one
    and a private one of ama's, a question with an answer."""

    def __init__(self, store):
        s = self.store = store
        self.ama = s.create_member("ama", "Ama Mensah", organisation="MoFA",
                                   languages="en tw")
        self.kofi = s.create_member("kofi", "Kofi Boateng")
        self.esi = s.create_member("esi", "Esi Owusu", languages=["en", "fr"])
        self.yaw = s.create_member("yaw", "Yaw Darko")
        with s.acting_as(self.ama):
            self.hub = s.create_community("ksghana", "KSGhana",
                                          purpose="Knowledge sharing")
            self.club = s.create_community("club", "Club",
                                           visibility="invite-only")
            self.secret = s.create_community("secret", "Secret",
                                             visibility=cop.Visibility.PRIVATE)
        self.hub.join(self.kofi, pledged_hours=2)
        self.hub.join(self.esi)
        self.hub.set_role(self.esi, "facilitator")
        with s.acting_as(self.kofi):
            self.question = self.hub.create_thread(
                "How do we share notes?", "Where do workshop notes go?",
                kind="question", tags=["notes", "Workshops"])
        with s.acting_as(self.esi):
            self.answer = self.question.reply("In the shared drive.",
                                              kind="answer")


@pytest.fixture
def world(store):
    return World(store)


@pytest.fixture
def examples_dir():
    d = os.environ.get("COP_EXAMPLES")
    if not d:
        d = os.path.join(os.path.dirname(__file__), "..", "..", "examples")
    return os.path.abspath(d)


@pytest.fixture
def python():
    """The interpreter running the tests (the one configure chose)."""
    return sys.executable
