#!/usr/bin/env python3
"""A moderation pass: follow the change log and act on what breaks the
rules.

    moderate.py DB [--as HANDLE] [--words spam,scam] [--max-links 2]
                   [--after-seq N] [--dry-run]

Every contribution created or edited since sequence number N (0: the
whole log) is checked: banned words, too many links.  A thread whose
first post breaks a rule is hidden; a member with two strikes in a
community is silenced there.  The pass runs as HANDLE (a facilitator or
owner; default: the system) and prints what it did and the sequence
number to start the next pass from.
"""
import argparse
import collections
import re
import sys

import cop

RULES_DEFAULT_WORDS = "spam,scam,casino"


def check(body, words, max_links):
    """The rules @body breaks, as short reasons."""
    why = []
    text = body.lower()
    for w in words:
        if re.search(r"\b%s\b" % re.escape(w), text):
            why.append("banned word '%s'" % w)
    links = len(re.findall(r"https?://", text))
    if links > max_links:
        why.append("%d links" % links)
    return why


def moderate(store, words, max_links, after_seq=0, dry_run=False,
             out=sys.stdout):
    def p(*a):
        print(*a, file=out)

    strikes = collections.Counter()
    seen = set()
    last = after_seq
    actions = 0
    for entry in store.log(after_seq=after_seq):
        last = entry.seq
        if entry.op not in ("contribution.create", "contribution.edit",
                            "thread.create"):
            continue
        try:
            if entry.op == "thread.create":
                thread = store.thread(entry.object_id)
                c = next(iter(thread.contributions(limit=1)))
            else:
                c = store.contribution(entry.object_id)
        except (cop.NotFound, cop.PermissionDenied):
            continue
        if c.id in seen:
            continue
        seen.add(c.id)
        why = check(c.body, words, max_links)
        if not why:
            continue
        who = store.member(c.author_id).handle if c.author_id else "(system)"
        p("#%d %s by %s: %s" % (entry.seq, c.kind, who, ", ".join(why)))
        if c.kind == cop.ContributionKind.POST:
            p("   hide thread %r" % c.thread.title)
            if not dry_run:
                try:
                    store.set_thread_state(c.thread_id, "hidden")
                    actions += 1
                except cop.PermissionDenied as e:
                    p("   not allowed: %s" % e)
        if c.author_id:
            strikes[(c.community_id, c.author_id)] += 1
            if strikes[(c.community_id, c.author_id)] == 2:
                p("   silence %s (second strike)" % who)
                if not dry_run:
                    try:
                        store.set_membership_status(c.community_id,
                                                    c.author_id, "silenced")
                        actions += 1
                    except cop.PermissionDenied as e:
                        p("   not allowed: %s" % e)
    p("%d action%s%s; next pass: --after-seq %d" % (
        actions, "" if actions == 1 else "s", " (dry run)" if dry_run else "",
        last))
    return actions


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--as", dest="handle", help="act as this member")
    ap.add_argument("--words", default=RULES_DEFAULT_WORDS)
    ap.add_argument("--max-links", type=int, default=2)
    ap.add_argument("--after-seq", type=int, default=0)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    words = [w.strip().lower() for w in args.words.split(",") if w.strip()]
    try:
        with cop.open(args.db, create=False, system=True) as store:
            actor = store.member_by_handle(args.handle) if args.handle else None
            with store.acting_as(actor):
                moderate(store, words, args.max_links, args.after_seq,
                         args.dry_run)
    except cop.Error as e:
        print("moderate: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
