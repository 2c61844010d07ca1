#!/usr/bin/env python3
"""Import a Stack Exchange data dump into a libcop store and print a
health report of the community.

    health_report.py DUMP_DIR [--db PATH] [--slug SLUG] [--from DATE]
                     [--to DATE] [--json]

DUMP_DIR holds Users.xml, Posts.xml and the other files of an official
dump (examples/python/sample-dump is a small one).  libcop's importer
(store.import_stackexchange(), docs/import.md) brings it in: members
(handle SLUG-ID), questions, answers, comments, votes, accepted answers
and badges, each at its own time.  Without --db the store is in memory;
with it the store is kept (weekly_digest.py and moderate.py work on it).

The report is libcop's (store.health_report(), docs/health.md): every
figure computed by the library from its roll-ups, printed here as text,
or the whole document with --json.
"""
import argparse
import json
import os
import re
import sys

import cop


def share(v):
    return "-" if v is None else "%.0f%%" % (100 * v)


def hours(v):
    return "-" if v is None else "%.1f h" % v


def report(doc, out=sys.stdout):
    """Print the health report @doc (store.health_report()'s dict)."""
    def p(*a):
        print(*a, file=out)

    c = doc["community"]
    p("Health report: %s (%s), %s to %s" % (c["name"], c["slug"],
                                            doc["from"], doc["to"]))
    p("=" * 60)
    p("contributions       %6d  (questions %d)" % (doc["contributions"],
                                                  doc["questions"]))
    p("active members      %6d  (new %d, gone quiet %d)" % (
        doc["active_members"], doc["new_contributors"],
        doc["inactive_contributors"]))
    pa = doc["participation"]
    p("participation       core %d, active %d, peripheral %d, inactive %d"
      % (pa["core"], pa["active"], pa["peripheral"], pa["inactive"]))
    p("top 1%% / 10%%       %s / %s of the contributions"
      % (share(pa["top1_share"]), share(pa["top10_share"])))
    p("absence factor      %s  (organisations: %s)" % (
        doc["absence_factor"], doc["absence_factor_organisations"]))
    p("")
    t = doc["time_to_first_response_hours"]
    p("Questions")
    p("  answered          %s, accepted %s" % (share(doc["answered_share"]),
                                               share(doc["accepted_share"])))
    p("  first response    median %s, 90%% within %s (%d responded, %d not)"
      % (hours(t["median"]), hours(t["p90"]), t["responded"],
         t["unresponded"]))
    for b in t["histogram"]:
        p("    %-12s %6d" % (b["label"], b["count"]))
    p("")
    p("newcomer retention  %s" % share(doc["newcomer_retention"]))
    p("summary coverage    %s" % share(doc["summary_coverage"]))
    st = doc["stage"]
    p("stage               %s" % st["name"])
    for e in st["evidence"]:
        p("  " + e)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dump", help="directory of the dump's XML files")
    ap.add_argument("--db", default=":memory:", help="store (default: memory)")
    ap.add_argument("--slug", default=None, help="community slug")
    ap.add_argument("--from", dest="from_", default=None,
                    help="first day, YYYY-MM-DD (default: the first)")
    ap.add_argument("--to", default=None,
                    help="last day, YYYY-MM-DD (default: the last post's)")
    ap.add_argument("--json", action="store_true", help="print the document")
    args = ap.parse_args(argv)
    slug = args.slug or re.sub(r"[^a-z0-9-]", "-",
                               os.path.basename(os.path.abspath(args.dump))
                               .lower()).strip("-")[:64] or "imported"
    with cop.open(args.db, system=True) as store:
        try:
            r = store.import_stackexchange(args.dump, community=slug)
        except cop.Error as e:
            print("import failed: %s" % e, file=sys.stderr)
            return 1
        # A dump's history ends with its latest activity (the first
        # unpinned thread of the listing): the period's end.
        to = args.to
        if to is None:
            latest = [t.last_activity for t in
                      store.community(slug).threads(limit=50)]
            to = max(latest).strftime("%Y-%m-%d") if latest else None
        doc = store.health_report(slug, from_=args.from_, to=to)
        if args.json:
            print(json.dumps(doc, indent=2))
            return 0
        print("imported %d members, %d threads, %d contributions\n"
              % (r.members, r.threads, r.contributions))
        report(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
