"""The mbox import (cop_import_mbox, docs/mail-archives.md): the fedora-devel
archive threaded as its own thread page shows it, and hand-made edge cases
(tests/data/mbox/).  Runs on SQLite and, with COP_TEST_URI, PostgreSQL."""
import gzip
import mailbox
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import cop

DATA = Path(__file__).resolve().parent.parent / "data"
FEDORA = DATA / "mailman-fedora-devel-2010-01"
EDGE = DATA / "mbox"


class _ThreadPage(HTMLParser):
    """MHonArc's "by thread" page: each top-level <li> of its thread list
    is a thread; the messages are its links msgNNNNN.html (NNNNN: the
    message's place in the month's mbox, from 0)."""

    def __init__(self):
        super().__init__()
        self.depth = 0          # <ul>s open inside the thread list
        self.listing = False    # past the <hr> before the thread list
        self.threads = []

    def handle_starttag(self, tag, attrs):
        if tag == "hr":
            self.listing = True
        elif not self.listing:
            return
        elif tag == "ul":
            self.depth += 1
        elif tag == "li" and self.depth == 1:
            self.threads.append([])
        elif tag == "a":
            m = re.fullmatch(r"msg(\d+)\.html", dict(attrs).get("href") or "")
            if m and self.threads:
                self.threads[-1].append(int(m.group(1)))

    def handle_endtag(self, tag):
        if self.listing and tag == "ul":
            self.depth -= 1
            if self.depth == 0:
                self.listing = False


def _expected_threads(tmp_path):
    """The page's threads as sets of Message-IDs."""
    page = _ThreadPage()
    page.feed(gzip.decompress(
        (FEDORA / "2010-January_thread.html.gz").read_bytes()).decode(
            "latin-1"))
    plain = tmp_path / "2010-January.mbox"
    plain.write_bytes(gzip.decompress(
        (FEDORA / "2010-January.txt.gz").read_bytes()))
    ids = [m["Message-ID"].strip().strip("<>")
           for m in mailbox.mbox(str(plain))]
    return [frozenset(ids[n] for n in t) for t in page.threads], ids


def test_fedora_archive_as_its_thread_page(store, tmp_path):
    expected, ids = _expected_threads(tmp_path)
    assert len(ids) == 292 and len(expected) == 60
    assert sum(len(t) for t in expected) == 292
    rep = store.import_mbox(FEDORA / "2010-January.txt.gz",
                            community="fedora-devel")
    assert (rep.threads, rep.contributions, rep.unchanged,
            rep.skipped_posts) == (60, 292, 0, 0)
    assert rep.members > 100
    # What libcop holds: each message's thread, by its Message-ID.
    held = {}
    for mid in ids:
        c = store.mail_message(mid)
        held.setdefault(c.thread_id, set()).add(mid)
    got = {frozenset(v) for v in held.values()}
    missing = [sorted(t)[:3] for t in expected if t not in got]
    assert not missing, missing
    assert len(got) == 60
    threads = list(store.threads("fedora-devel", limit=100))
    assert len(threads) == 60
    assert sum(t.contribution_count for t in threads) == 292
    # Each thread's first post is its page's first message, the thread
    # titled by its subject and started by its author.
    first = store.mail_message("b401d2530912311950o5074be43m48b0563bf7d02e03"
                               "@mail.gmail.com")
    assert first.kind == "post" and first.reply_to is None
    t = store.thread(first.thread_id)
    assert t.title == "Package Review Stats for 2009!"
    assert store.member(t.author_id).display_name == "Rakesh Pandit"
    # Importing again changes nothing.
    again = store.import_mbox([FEDORA / "2010-January.txt.gz"],
                              community="fedora-devel")
    assert (again.members, again.threads, again.contributions,
            again.unchanged) == (0, 0, 0, 292)
    assert len(list(store.threads("fedora-devel", limit=100))) == 60


def _by_id(store, mid):
    return store.mail_message(mid)


def test_encodings_decoded_to_utf8(store):
    rep = store.import_mbox([EDGE / "encodings.mbox"], community="mail")
    assert (rep.members, rep.threads, rep.contributions) == (3, 1, 3)
    latin = _by_id(store, "latin1@example.org")
    koi8 = _by_id(store, "koi8@example.net")
    b64 = _by_id(store, "b64@example.com")
    assert latin.body.startswith("Un café crème, s'il vous plaît.")
    assert koi8.body.startswith("Привет из Москвы.")
    # text/plain preferred to text/html, base64 decoded
    assert b64.body.startswith("日本語のテキスト ✓")
    assert store.thread(latin.thread_id).title == "Café au lait"
    assert koi8.reply_to == latin.id and b64.reply_to == koi8.id
    assert store.member(latin.author_id).display_name == "Alice Müller"
    assert store.member(koi8.author_id).display_name == "Борис"
    # the address lower-cased: Alice@Example.ORG
    assert store.member(latin.author_id).handle == "alice"


def test_threading_edge_cases(store):
    rep = store.import_mbox(EDGE / "threading.mbox", community="devel")
    # six messages, one without From skipped; Erin twice, one member
    assert (rep.members, rep.threads, rep.contributions,
            rep.skipped_posts) == (4, 2, 5, 1)
    root = _by_id(store, "root@example.org")
    # Mailman's "dan at example.org (Dan Obfuscated)"
    assert store.member(root.author_id).handle == "dan"
    # ">From" in a body is a "From" line of the message
    assert "\nFrom the logs" in root.body and ">From" not in root.body
    r1 = _by_id(store, "reply1@example.org")
    r2 = _by_id(store, "reply2@example.org")
    subj = _by_id(store, "subject-only@example.org")
    # broken References, good In-Reply-To; a missing parent: the nearest
    # message above; no References: by subject ("RE: [devel] Re:")
    for c in (r1, r2, subj):
        assert c.thread_id == root.thread_id and c.kind == "reply"
    assert r1.reply_to == root.id and r2.reply_to == root.id
    assert r1.author_id == subj.author_id           # erin, ERIN
    with pytest.raises(cop.NotFound):
        store.mail_message("nofrom@example.org")
    # No Message-ID: a stable synthetic one, the same on a second import
    notes = [t for t in store.threads("devel") if t.title == "Release notes"]
    assert len(notes) == 1 and notes[0].contribution_count == 1
    again = store.import_mbox(EDGE / "threading.mbox", community="devel")
    assert (again.members, again.threads, again.contributions,
            again.unchanged, again.skipped_posts) == (0, 0, 0, 5, 1)


def test_later_archive_goes_on_in_its_threads(store, tmp_path):
    # The second half of an archive, imported after the first, replies in
    # the threads the first made.
    text = (EDGE / "encodings.mbox").read_bytes()
    cut = text.index(b"\nFrom boris@") + 1
    (tmp_path / "a.mbox").write_bytes(text[:cut])
    (tmp_path / "b.mbox").write_bytes(text[cut:])
    store.import_mbox(tmp_path / "a.mbox", community="mail")
    rep = store.import_mbox(tmp_path / "b.mbox", community="mail")
    assert (rep.threads, rep.contributions) == (0, 2)
    latin = _by_id(store, "latin1@example.org")
    koi8 = _by_id(store, "koi8@example.net")
    assert koi8.thread_id == latin.thread_id and koi8.reply_to == latin.id


def test_refusals_change_nothing(store, tmp_path):
    store.import_mbox(EDGE / "encodings.mbox", community="mail")
    before = store.stats()
    log = len(list(store.log()))
    with pytest.raises(cop.FormatError):
        store.import_mbox([EDGE / "threading.mbox", EDGE / "damaged.mbox.gz"],
                          community="mail")
    with pytest.raises(cop.FormatError):
        store.import_mbox([EDGE / "threading.mbox", EDGE / "not-mbox.txt"],
                          community="mail")
    with pytest.raises(cop.NotFound):
        store.import_mbox([EDGE / "threading.mbox", tmp_path / "none.mbox"],
                          community="mail")
    with pytest.raises(cop.InvalidArgument):
        store.import_mbox(EDGE / "threading.mbox", community="Not A Slug")
    with pytest.raises(cop.InvalidArgument):
        store.import_mbox(EDGE / "threading.mbox", community=None)
    assert store.stats() == before and len(list(store.log())) == log
    with pytest.raises(cop.NotFound):
        store.mail_message("root@example.org")


def test_same_subject_roots_grouped(store, tmp_path):
    # Three messages that are not replies, with one subject: the first two
    # go under a new empty root, the third joins it (its subject read from
    # the made root: fuzz/corpus/mbox/regress-group-new-root).
    text = "".join(
        "From x@example.org Mon Jan  4 1%d:00:00 2010\n"
        "From: X%d <x%d@example.org>\n"
        "Date: Mon, 4 Jan 2010 1%d:00:00 +0000\n"
        "Message-ID: <same%d@example.org>\n"
        "Subject: Topic\n\nText %d.\n\n" % (i, i, i, i, i, i)
        for i in range(3))
    (tmp_path / "same.mbox").write_text(text)
    rep = store.import_mbox(tmp_path / "same.mbox", community="same")
    assert (rep.threads, rep.contributions) == (1, 3)
    first = _by_id(store, "same0@example.org")
    assert first.kind == "post"
    for i in (1, 2):
        c = _by_id(store, "same%d@example.org" % i)
        assert c.thread_id == first.thread_id and c.reply_to is None
