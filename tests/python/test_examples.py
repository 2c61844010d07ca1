"""The example programs in examples/python run and print what they should."""
import json
import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

import cop


def run(examples_dir, name, *args):
    r = subprocess.run([sys.executable, os.path.join(examples_dir, "python",
                                                     name)] + list(args),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def test_quickstart(examples_dir):
    out = run(examples_dir, "quickstart.py")
    assert "KSGhana: Sharing what works in the field" in out
    assert "ama    owner" in out
    assert "esi    facilitator" in out
    assert "answer  rev 2: One wiki page per workshop, linked" in out
    assert "search 'wiki': One [wiki] page" in out
    assert "change log: member.create" in out
    assert "Stats(" in out


def test_health_report_on_the_sample_dump(examples_dir):
    # A thin caller: libcop imports the dump and computes the report.
    out = run(examples_dir, "health_report.py",
              os.path.join(examples_dir, "python", "sample-dump"))
    assert "imported 8 members, 6 threads, 17 contributions" in out
    assert ("Health report: sample-dump (sample-dump), 2014-01-21 to "
            "2014-02-08") in out
    assert "contributions           17  (questions 6)" in out
    assert "answered          67%, accepted 33%" in out
    assert ("first response    median 1.5 h, 90% within 56.5 h "
            "(4 responded, 2 not)") in out
    assert "stage               coalescing" in out
    doc = json.loads(run(examples_dir, "health_report.py", "--json",
                         os.path.join(examples_dir, "python", "sample-dump")))
    assert doc["questions"] == 6 and doc["answered_share"] == 4 / 6


@pytest.fixture
def sample_db(examples_dir, tmp_path):
    db = str(tmp_path / "sample.db")
    run(examples_dir, "health_report.py", "--db", db, "--slug", "ksg",
        os.path.join(examples_dir, "python", "sample-dump"))
    return db


def test_weekly_digest(examples_dir, sample_db):
    out = run(examples_dir, "weekly_digest.py", sample_db, "ksg-2",
              "--until", "2014-01-25")
    assert "Digest for @ksg-2\n2014-01-18 00:00 to 2014-01-25 00:00 UTC" in out
    assert "Where do workshop notes go?, by @ksg-2 [ksg]" in out
    assert "Where do workshop notes go?: the answer by @ksg-1 [ksg]" in out
    assert "Seed varieties tested in Tamale" not in out
    # Recognition in the period: kudos from ksg-1 (at its time) shows.
    with cop.open(sample_db, create=False, system=True) as store:
        store.set_time(datetime(2014, 1, 22, tzinfo=timezone.utc))
        with store.acting_as(store.member_by_handle("ksg-1")):
            store.give_kudos("ksg", "ksg-2", "Thanks for the notes template")
    out = run(examples_dir, "weekly_digest.py", sample_db, "ksg-2",
              "--until", "2014-01-25")
    assert "@ksg-2 from @ksg-1: Thanks for the notes template" in out
    md = run(examples_dir, "weekly_digest.py", sample_db, "ksg-2",
             "--until", "2014-01-25", "--format", "md")
    assert "## Kudos" in md
    late = run(examples_dir, "weekly_digest.py", sample_db, "ksg-2",
               "--until", "2014-03-25")
    assert "from @ksg-1" not in late
    quiet = run(examples_dir, "weekly_digest.py", sample_db, "ksg-6",
                "--until", "2015-01-01")
    assert "Nothing new in this period." in quiet
    # Marked as sent: the next one starts where it ended.
    run(examples_dir, "weekly_digest.py", sample_db, "ksg-2", "--until",
        "2014-01-25", "--mark-sent")
    with cop.open(sample_db, create=False, system=True) as store:
        store.set_time(datetime(2014, 2, 1, tzinfo=timezone.utc))
        d = store.digest(member="ksg-2")
        assert d.since == datetime(2014, 1, 25, tzinfo=timezone.utc)


def test_weekly_digest_unknown_member(examples_dir, sample_db):
    r = subprocess.run([sys.executable, os.path.join(
        examples_dir, "python", "weekly_digest.py"), sample_db, "nobody"],
        capture_output=True, text=True)
    assert r.returncode == 1
    assert "nobody" in r.stderr


def test_moderate(examples_dir, sample_db):
    with cop.open(sample_db, system=True) as s:
        hub = s.community("ksg")
        spammer = s.member_by_handle("ksg-6")
        with s.acting_as(spammer):
            t = hub.create_thread("Cheap offers", "Visit my casino http://x")
            t.reply("More SPAM here")
        owner = s.member_by_handle("ksg-1")
        hub.set_role(owner, "owner")
    dry = run(examples_dir, "moderate.py", sample_db, "--dry-run")
    assert "(dry run)" in dry and "0 actions" in dry
    out = run(examples_dir, "moderate.py", sample_db, "--as", "ksg-1")
    assert "thread.create" not in out
    assert "banned word 'casino'" in out
    assert "hide thread 'Cheap offers'" in out
    assert "silence ksg-6 (second strike)" in out
    assert "2 actions" in out
    with cop.open(sample_db, system=True) as s:
        assert s.membership("ksg", s.member_by_handle("ksg-6")).status == "silenced"
        last = s.last_seq
    again = run(examples_dir, "moderate.py", sample_db, "--as", "ksg-1",
                "--after-seq", str(last))
    assert "0 actions" in again


def test_health_report_on_a_real_dump(examples_dir):
    dump = os.environ.get("COP_SE_DUMP", "/work/shared/data/beer")
    if not os.path.exists(os.path.join(dump, "Posts.xml")):
        pytest.skip("no Stack Exchange dump (COP_SE_DUMP)")
    out = run(examples_dir, "health_report.py", dump)
    assert "Health report:" in out
    assert "Questions" in out
