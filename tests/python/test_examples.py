"""The example programs in examples/python run and print what they should."""
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
    out = run(examples_dir, "health_report.py",
              os.path.join(examples_dir, "python", "sample-dump"))
    assert ("imported 6 members, 6 questions, 6 answers, 5 comments, "
            "2 accepted answers, 10 votes") in out
    assert "Health report: sample-dump (sample-dump)" in out
    assert "answered               4 of 6  (67%)" in out
    assert "Seed varieties tested in Tamale" in out
    assert "Extension office contacts in Ho" in out
    assert "workshops (2)" in out
    assert "accepted answers       2" in out
    assert "Reputation (all time): u1 66, u2 38" in out


@pytest.fixture
def sample_db(examples_dir, tmp_path):
    db = str(tmp_path / "sample.db")
    run(examples_dir, "health_report.py", "--db", db, "--slug", "ksg",
        os.path.join(examples_dir, "python", "sample-dump"))
    return db


def test_weekly_digest(examples_dir, sample_db):
    out = run(examples_dir, "weekly_digest.py", sample_db, "u2",
              "--until", "2014-01-25")
    assert "Digest for @u2\n2014-01-18 00:00 to 2014-01-25 00:00 UTC" in out
    assert "Where do workshop notes go?, by @u2 [ksg]" in out
    assert "Where do workshop notes go?: the answer by @u1 [ksg]" in out
    assert "Seed varieties tested in Tamale" not in out
    # Recognition in the period: kudos from u1 (at its time) shows.
    with cop.open(sample_db, create=False) as store:
        store.set_time(datetime(2014, 1, 22, tzinfo=timezone.utc))
        with store.acting_as(store.member_by_handle("u1")):
            store.give_kudos("ksg", "u2", "Thanks for the notes template")
    out = run(examples_dir, "weekly_digest.py", sample_db, "u2",
              "--until", "2014-01-25")
    assert "@u2 from @u1: Thanks for the notes template" in out
    md = run(examples_dir, "weekly_digest.py", sample_db, "u2",
             "--until", "2014-01-25", "--format", "md")
    assert "## Kudos" in md
    late = run(examples_dir, "weekly_digest.py", sample_db, "u2",
               "--until", "2014-03-25")
    assert "from @u1" not in late
    quiet = run(examples_dir, "weekly_digest.py", sample_db, "u6",
                "--until", "2015-01-01")
    assert "Nothing new in this period." in quiet
    # Marked as sent: the next one starts where it ended.
    run(examples_dir, "weekly_digest.py", sample_db, "u2", "--until",
        "2014-01-25", "--mark-sent")
    with cop.open(sample_db, create=False) as store:
        store.set_time(datetime(2014, 2, 1, tzinfo=timezone.utc))
        d = store.digest(member="u2")
        assert d.since == datetime(2014, 1, 25, tzinfo=timezone.utc)


def test_weekly_digest_unknown_member(examples_dir, sample_db):
    r = subprocess.run([sys.executable, os.path.join(
        examples_dir, "python", "weekly_digest.py"), sample_db, "nobody"],
        capture_output=True, text=True)
    assert r.returncode == 1
    assert "nobody" in r.stderr


def test_moderate(examples_dir, sample_db):
    with cop.open(sample_db) as s:
        hub = s.community("ksg")
        spammer = s.member_by_handle("u6")
        with s.acting_as(spammer):
            t = hub.create_thread("Cheap offers", "Visit my casino http://x")
            t.reply("More SPAM here")
        owner = s.member_by_handle("u1")
        hub.set_role(owner, "owner")
    dry = run(examples_dir, "moderate.py", sample_db, "--dry-run")
    assert "(dry run)" in dry and "0 actions" in dry
    out = run(examples_dir, "moderate.py", sample_db, "--as", "u1")
    assert "thread.create" not in out
    assert "banned word 'casino'" in out
    assert "hide thread 'Cheap offers'" in out
    assert "silence u6 (second strike)" in out
    assert "2 actions" in out
    with cop.open(sample_db) as s:
        assert s.membership("ksg", s.member_by_handle("u6")).status == "silenced"
        last = s.last_seq
    again = run(examples_dir, "moderate.py", sample_db, "--as", "u1",
                "--after-seq", str(last))
    assert "0 actions" in again


def test_health_report_on_a_real_dump(examples_dir):
    dump = os.environ.get("COP_SE_DUMP", "/work/shared/data/beer")
    if not os.path.exists(os.path.join(dump, "Posts.xml")):
        pytest.skip("no Stack Exchange dump (COP_SE_DUMP)")
    out = run(examples_dir, "health_report.py", dump, "--limit", "300")
    assert "Health report:" in out
    assert "Questions" in out
