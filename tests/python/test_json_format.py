"""JSON format 2 (docs/json.md): names and RFC 3339 times, checked against
the JSON Schema in docs/json-schema-2.json; format 1 documents still
import; the round trip gives the same bytes."""
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import jsonschema          # python3-jsonschema (tools/quickstart)
import pytest

import cop
from conftest import store_uri

_WITHOUT = os.environ.get("COP_WITHOUT", "").split()
needs_jansson = pytest.mark.skipif(
    "jansson" in _WITHOUT, reason="libcop built without jansson")
needs_libxml2 = pytest.mark.skipif(
    "libxml2" in _WITHOUT, reason="libcop built without libxml2")

TOP = Path(__file__).resolve().parent.parent.parent
SCHEMA = json.loads((TOP / "docs" / "json-schema-2.json").read_text())
FORMAT1 = TOP / "tests" / "data" / "json1" / "ksghana-cop.json"
BEER = TOP / "tests" / "data" / "beer"

# Fields whose format 1 integer is a format 2 name: the schema's $defs
# entry listing the names in the order of the values, and the value of
# the first name (-1 for the retracted vote, the named badge).
ENUMS = {
    ("community", "visibility"): ("visibility", 0),
    ("community", "erasure"): ("erasure_policy", 0),
    ("members", "status"): ("member_status", 0),
    ("memberships", "role"): ("role", 0),
    ("memberships", "status"): ("membership_status", 0),
    ("threads", "kind"): ("thread_kind", 0),
    ("threads", "state"): ("thread_state", 0),
    ("contributions", "kind"): ("contribution_kind", 0),
    ("contributions", "format"): ("body_format", 0),
    ("links", "kind"): ("link_kind", 0),
    ("thread_history", "kind"): ("thread_change_kind", 0),
    ("votes", "kind"): ("vote_kind", -1),
    ("ledger", "reason"): ("rep_reason", 0),
    ("badges", "badge"): ("badge", -1),
    ("badges", "class"): ("badge_class", 0),
}
TIMES = {"created", "joined", "last_activity", "edited", "changed", "time",
         "awarded"}


def validate(text):
    """Check a document against the schema; return it parsed."""
    doc = json.loads(text)
    v = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = ["%s: %s" % ("/".join(map(str, e.path)), e.message)
              for e in v.iter_errors(doc)]
    assert errors == []
    return doc


def rfc3339(ms):
    if ms == 0:
        return None
    t = datetime.fromtimestamp(ms // 1000, timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)


def as_format2(section, rec):
    """A format 1 record as format 2 writes it."""
    out = {}
    for k, v in rec.items():
        e = ENUMS.get((section, k))
        if e and v is not None:
            names = SCHEMA["$defs"][e[0]]["enum"]
            v = names[v - e[1]]
        elif k in TIMES and isinstance(v, int):
            v = rfc3339(v)
        out[k] = v
    # Format 1 has no source scores: format 2 writes none (null).
    if section == "contributions":
        out.setdefault("source_score", None)
        # Nor whether a contribution is hidden: all are shown (0).
        out.setdefault("hidden", 0)
    # Nor redactions: format 2 writes none (null).
    if section == "revisions":
        out.setdefault("redacted", None)
    # Nor the threads' summaries: format 2 writes none (null).
    if section == "threads":
        out.setdefault("summary_id", None)
    return out


def round_trip(doc_bytes, slug, tmp_path):
    """Import @doc_bytes into a new store; its export, which must give
    the same bytes imported into another new store and exported again."""
    src = tmp_path / "doc.json"
    src.write_bytes(doc_bytes)
    with cop.open(store_uri(), system=True) as a:
        a.import_json(str(src))
        out = tmp_path / "a.json"
        a.export_json(slug, str(out))
    with cop.open(store_uri(), system=True) as b:
        b.import_json(str(out))
        again = tmp_path / "b.json"
        b.export_json(slug, str(again))
    assert again.read_bytes() == out.read_bytes()
    return out.read_bytes()


def test_schema_is_draft_2020_12():
    assert SCHEMA["$schema"] == \
        "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_schema_names_are_the_library_names():
    """The schema lists each enumeration's names in the order of their
    values, as the library names them (the names copctl --json uses)."""
    defs = SCHEMA["$defs"]
    assert defs["role"]["enum"] == [cop.raw.cop_role_name(i)
                                    for i in range(5)]
    assert defs["thread_state"]["enum"] == [
        cop.raw.cop_thread_state_name(i) for i in range(6)]
    assert defs["member_status"]["enum"] == [
        cop.raw.cop_member_status_name(i) for i in range(3)]
    assert defs["body_format"]["enum"] == [
        cop.raw.cop_body_format_name(i) for i in range(2)]
    assert defs["rep_reason"]["enum"] == [
        cop.raw.cop_rep_reason_name(i) for i in range(9)]
    assert defs["vote_kind"]["enum"][1:] == [
        cop.raw.cop_vote_kind_name(i) for i in range(4)]
    assert defs["badge"]["enum"][1:] == [
        cop.raw.cop_badge_name(i) for i in range(15)]
    assert defs["thread_change_kind"]["enum"] == [
        cop.raw.cop_thread_change_kind_name(i) for i in range(10)]


@needs_jansson
def test_export_is_format_2_and_valid(world, tmp_path):
    doc = tmp_path / "hub.json"
    world.store.export_json(world.hub, str(doc))
    d = validate(doc.read_text())
    assert d["version"] == 2
    assert d["community"]["visibility"] == "public"
    roles = sorted(m["role"] for m in d["memberships"])
    assert roles == ["facilitator", "member", "owner"]
    (q,) = d["threads"]
    assert q["kind"] == "question" and q["state"] == "open"
    assert q["created"] == "2023-11-14T22:13:20.000Z"
    assert sorted(c["kind"] for c in d["contributions"]) == ["answer",
                                                             "post"]
    assert all(c["edited"] is None for c in d["contributions"])
    assert round_trip(doc.read_bytes(), "ksghana", tmp_path) == \
        doc.read_bytes()


@needs_jansson
def test_tags_travel_as_records(world, tmp_path):
    """The community's tags: described, a synonym, one without threads;
    valid, by name, without uses; back the same with the uses counted
    again from the threads."""
    s = world.store
    with s.acting_as(world.esi):
        s.describe_tag(world.hub, "notes", "Meeting notes", "Where they go.")
        s.describe_tag(world.hub, "lonely", "No thread uses it")
        s.merge_tag(world.hub, "workshops", "training")
    doc = tmp_path / "hub.json"
    s.export_json(world.hub, str(doc))
    d = validate(doc.read_text())
    tags = {t["name"]: t for t in d["tags"]}
    assert list(tags) == sorted(tags)
    assert set(tags) == {"lonely", "notes", "training", "workshops"}
    assert tags["notes"]["excerpt"] == "Meeting notes"
    assert tags["notes"]["wiki"] == "Where they go."
    assert tags["workshops"]["synonym_of"] == "training"
    assert tags["lonely"]["synonym_of"] is None
    assert all("uses" not in t for t in d["tags"])
    assert round_trip(doc.read_bytes(), "ksghana", tmp_path) == \
        doc.read_bytes()
    with cop.open(store_uri(), system=True) as b:
        b.import_json(str(doc))
        assert b.tag("ksghana", "training").uses == 1
        assert b.tag("ksghana", "lonely").uses == 0
        assert b.tag("ksghana", "workshops").synonym_of == "training"


@needs_jansson
def test_times_in_other_rfc_3339_forms(world, tmp_path):
    """Any RFC 3339 time imports (an offset, no fraction, lowercase);
    written again it is UTC with milliseconds.  Before 1970, not a time,
    or a number (format 1's form) is refused."""
    doc = tmp_path / "hub.json"
    world.store.export_json(world.hub, str(doc))
    text = doc.read_text()
    t0 = '"created":"2023-11-14T22:13:20.000Z"'
    assert t0 in text
    same = ["2023-11-14T23:43:20+01:30", "2023-11-14t22:13:20z",
            "2023-11-14T22:13:20.0001Z", "2023-11-14T17:13:20-05:00"]
    for other in same:
        src = tmp_path / "other.json"
        src.write_text(text.replace(t0, '"created":"%s"' % other, 1))
        with cop.open(store_uri(), system=True) as s:
            s.import_json(str(src))
            out = tmp_path / "out.json"
            s.export_json("ksghana", str(out))
        assert out.read_text() == text, other
    refused = ['"1969-12-31T23:59:59.999Z"', '"2023-11-14 22:13:20Z"',
               '"2023-11-14T22:13:20"', '"2023-02-30T22:13:20Z"',
               "1700000000000"]
    for bad in refused:
        src = tmp_path / "bad.json"
        src.write_text(text.replace(t0, '"created":' + bad, 1))
        with cop.open(store_uri(), system=True) as s:
            with pytest.raises(cop.Error) as e:
                s.import_json(str(src))
            assert e.value.code == cop.raw.COP_EFORMAT
            assert "RFC 3339" in str(e.value), bad
            assert s.stats().communities == 0


@needs_jansson
def test_format_1_still_imports(tmp_path):
    """The format 1 fixture imports; exported again it is format 2 with
    the same records, its numbers named and its times as text."""
    old = json.loads(FORMAT1.read_text())
    assert old["version"] == 1
    new = validate(round_trip(FORMAT1.read_bytes(), "ksghana-cop",
                              tmp_path).decode())
    assert new["version"] == 2
    assert as_format2("community", old["community"]) == new["community"]
    for section in ("members", "memberships", "threads", "contributions",
                    "links", "votes", "accepted", "kudos", "ledger",
                    "standings", "badges", "sources"):
        assert [as_format2(section, r) for r in old[section]] == \
            new[section], section
    # Format 1's revisions without an editor were the author's.
    for o, n in zip(old["revisions"], new["revisions"], strict=True):
        o = as_format2("revisions", o)
        if o["editor_id"] is None:
            o["editor_id"] = o["author_id"]
        assert o == n
    # Format 1 has no history: its threads have none.
    assert "thread_history" not in old
    assert new["thread_history"] == []


@needs_jansson
def test_format_1_numbers_are_refused_in_format_2(tmp_path):
    text = FORMAT1.read_text().replace('"version":1', '"version":2', 1)
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    with cop.open(store_uri(), system=True) as s:
        with pytest.raises(cop.Error) as e:
            s.import_json(str(bad))
        assert e.value.code == cop.raw.COP_EFORMAT
        assert "visibility is not one of its names" in str(e.value)
        assert s.stats().communities == 0


@needs_jansson
@needs_libxml2
def test_beer_export_is_valid(tmp_path):
    """A real dump's community (named badges, retracted votes, null
    editors) exports valid and round-trips byte for byte."""
    with cop.open(store_uri(), system=True) as s:
        s.import_stackexchange(str(BEER), community="beer")
        doc = tmp_path / "beer.json"
        s.export_json("beer", str(doc))
    d = validate(doc.read_text())
    assert any(b["badge"] == "named" for b in d["badges"])
    assert any(t["excerpt"] for t in d["tags"])
    # The dump's PostHistory: each thread's entries in order from 1,
    # titles and tags and closings among them.
    hist = d["thread_history"]
    kinds = {h["kind"] for h in hist}
    assert {"title", "tags", "closed"} <= kinds, kinds
    assert [(h["thread_id"], h["number"]) for h in hist] == \
        sorted((h["thread_id"], h["number"]) for h in hist)
    last = {}
    for h in hist:
        assert h["number"] == last.get(h["thread_id"], 0) + 1
        last[h["thread_id"]] = h["number"]
    assert set(last) == {t["id"] for t in d["threads"]}
    assert round_trip(doc.read_bytes(), "beer", tmp_path) == doc.read_bytes()
