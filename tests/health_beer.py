#!/usr/bin/env python3
"""The health report's figures on a Stack Exchange dump, computed from
the XML alone (python3 and xml.etree, no libcop), compared with libcop's
report (docs/health.md).

    health_beer.py DUMP_DIR REPORT_JSON

DUMP_DIR holds Users, Posts and Comments as NAME.xml or NAME.xml.gz;
REPORT_JSON is `copctl report --json` over a period holding the whole
dump.  Prints each figure and exits 1 when one differs.

The import's mapping (docs/import.md): questions (PostTypeId 1) are
threads, answers (2, with their question) and comments (on an imported
post) contributions; an author is known when its user id is in Users.
"""
import gzip
import json
import math
import os
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone


def rows(dump, name):
    path = os.path.join(dump, name + ".xml")
    f = open(path, "rb") if os.path.exists(path) else \
        gzip.open(path + ".gz", "rb")
    with f:
        for _, e in ET.iterparse(f):
            if e.tag == "row":
                yield dict(e.attrib)
                e.clear()


def ms(text):
    d = datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
    return int(d.timestamp() * 1000 + 0.5)


def nearest_rank(sorted_values, p):
    return sorted_values[math.ceil(p / 100 * len(sorted_values)) - 1]


def figures(dump):
    users = {u["Id"] for u in rows(dump, "Users")}
    questions = {}      # id -> [created, asker, first response, answered]
    posts = {}          # imported post id -> its question's id
    answers = {}        # answer id -> question id
    accepted = {}       # question id -> accepted answer id
    by_author = {}

    def known(uid):
        return uid if uid is not None and uid in users else None

    def contribute(author):
        if author is not None:
            by_author[author] = by_author.get(author, 0) + 1

    def respond(qid, author, t):
        q = questions[qid]
        if author is not None and author != q[1] and \
                (q[2] is None or t < q[2]):
            q[2] = t

    for p in rows(dump, "Posts"):
        kind = p.get("PostTypeId")
        author = known(p.get("OwnerUserId"))
        if kind == "1":
            questions[p["Id"]] = [ms(p["CreationDate"]), author, None, False]
            posts[p["Id"]] = p["Id"]
            if p.get("AcceptedAnswerId"):
                accepted[p["Id"]] = p["AcceptedAnswerId"]
            contribute(author)
        elif kind == "2" and p.get("ParentId") in questions:
            qid = p["ParentId"]
            posts[p["Id"]] = qid
            answers[p["Id"]] = qid
            questions[qid][3] = True
            respond(qid, author, ms(p["CreationDate"]))
            contribute(author)
    for c in rows(dump, "Comments"):
        qid = posts.get(c.get("PostId"))
        if qid is None:
            continue
        author = known(c.get("UserId"))
        respond(qid, author, ms(c["CreationDate"]))
        contribute(author)

    times = sorted(max(0, q[2] - q[0]) / 3600000.0
                   for q in questions.values() if q[2] is not None)
    n = len(questions)
    total = sum(by_author.values())
    counts = sorted(by_author.values(), reverse=True)
    s = k = 0
    for k, c in enumerate(counts, 1):
        s += c
        if 2 * s >= total:
            break
    return {
        "median": nearest_rank(times, 50) if times else None,
        "p90": nearest_rank(times, 90) if times else None,
        "responded": len(times),
        "unresponded": n - len(times),
        "answered_share": sum(q[3] for q in questions.values()) / n,
        "accepted_share": sum(1 for q, a in accepted.items()
                              if answers.get(a) == q) / n,
        "absence_factor": k if total else None,
    }


def main():
    dump, report = sys.argv[1], sys.argv[2]
    with open(report) as f:
        doc = json.load(f)
    t = doc["time_to_first_response_hours"]
    lib = {"median": t["median"], "p90": t["p90"],
           "responded": t["responded"], "unresponded": t["unresponded"],
           "answered_share": doc["answered_share"],
           "accepted_share": doc["accepted_share"],
           "absence_factor": doc["absence_factor"]}
    want = figures(dump)
    bad = 0
    for key, v in want.items():
        same = (v == lib[key] if v is None or lib[key] is None or
                isinstance(v, int) else abs(v - lib[key]) < 1e-9)
        print("%s %-16s xml %r, libcop %r" % ("ok" if same else "DIFFERS",
                                               key, v, lib[key]))
        bad += not same
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
