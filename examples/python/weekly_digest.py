#!/usr/bin/env python3
"""Print a member's weekly digest: what happened in their communities.

    weekly_digest.py DB HANDLE [--days 7] [--until YYYY-MM-DD]

The store is read as the member (they see only what they may see).  For
each community they are an active member of: the threads with activity in
the period, replies to them, the questions still waiting for an answer,
and how they were recognised (kudos, badges, reputation gained); then
what they did themselves.
"""
import argparse
import sys
from datetime import datetime, timedelta, timezone

import cop


def recognition(store, community, member, since, until):
    """Lines on how @member was recognised in @community in the period:
    kudos received (with who and why), badges, reputation gained."""
    lines = []
    for k in store.kudos(community, member):
        if k.created < since:
            break                       # newest first
        if k.created < until:
            giver = store.member(k.from_id).handle if k.from_id else "system"
            lines.append("kudos from @%s: %s" % (giver, k.message))
    for b in store.badges(community, member):
        if b.awarded < since:
            break
        if b.awarded < until:
            lines.append("badge earned: %s (%s)" % (b.badge, b.badge_class))
    gained = 0
    for e in store.ledger(community, member):
        if e.time < since:
            break
        if e.time < until:
            gained += e.points
    if gained:
        lines.append("reputation %+d" % gained)
    return lines


def digest(store, member, since, until, out=sys.stdout):
    def p(*a):
        print(*a, file=out)

    mine = set()
    own_posts = 0
    for c in member.contributions():
        mine.add(c.id)
        if since <= c.created < until:
            own_posts += 1

    p("Weekly digest for %s (@%s), %s to %s" % (
        member.display_name, member.handle, since.strftime("%Y-%m-%d"),
        (until - timedelta(seconds=1)).strftime("%Y-%m-%d")))
    quiet = True
    for community in store.communities():
        try:
            ms = community.membership(member)
        except cop.NotFound:
            continue
        if ms.status != cop.MembershipStatus.ACTIVE:
            continue
        active, waiting = [], []
        replies_to_me = 0
        for t in community.threads():
            if t.last_activity < since and t.state != cop.ThreadState.PINNED:
                break                   # newest first: the rest is older
            if t.created >= until:
                continue                # after the period
            new = answers = 0
            for c in t.contributions():
                if c.kind == cop.ContributionKind.ANSWER:
                    answers += 1
                if since <= c.created < until:
                    new += 1
                    if c.reply_to in mine and c.author_id != member.id:
                        replies_to_me += 1
            if new:
                active.append((t, new))
            if t.kind == cop.ThreadKind.QUESTION and not answers:
                waiting.append(t)
        recognised = recognition(store, community, member, since, until)
        if not active and not waiting and not recognised:
            continue
        quiet = False
        p("")
        p("%s  (you: %s)" % (community.name, ms.role))
        for t, new in active:
            p("  %-50.50s %3d new" % (t.title, new))
        if replies_to_me:
            p("  %d repl%s to you" % (replies_to_me,
                                    "y" if replies_to_me == 1 else "ies"))
        for t in waiting:
            p("  waiting for an answer: %s" % t.title)
        for line in recognised:
            p("  " + line)
    if quiet:
        p("")
        p("A quiet week.")
    p("")
    p("You wrote %d contribution%s this week." % (own_posts,
                                                 "" if own_posts == 1 else "s"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("handle")
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--until", help="end of the period (default: now)")
    args = ap.parse_args(argv)
    until = (datetime.fromisoformat(args.until).replace(tzinfo=timezone.utc)
             if args.until else datetime.now(timezone.utc))
    since = until - timedelta(days=args.days)
    try:
        with cop.open(args.db, readonly=True, create=False) as store:
            member = store.member_by_handle(args.handle)
            with store.acting_as(member):
                digest(store, member, since, until)
    except cop.Error as e:
        print("weekly_digest: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
