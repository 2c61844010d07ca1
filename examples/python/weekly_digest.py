#!/usr/bin/env python3
"""Print a member's weekly digest: what happened in their communities.

    weekly_digest.py DB HANDLE [--days N] [--until YYYY-MM-DD]
                     [--format text|md|html] [--mark-sent]

A thin caller of libcop's digests (docs/digest.md): the store is read as
the member, so the digest holds only what they may see: the threads
created in the period, the questions still waiting for an answer, the
answers accepted, the most helpful contributions, new summaries, and the
kudos and badges given.  With --mark-sent the digest is marked as sent
(without --days and --until the next one then starts where it ended).
"""
import argparse
import sys
from datetime import datetime, timedelta, timezone

import cop


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("handle")
    ap.add_argument("--days", type=int)
    ap.add_argument("--until", help="end of the period (default: now)")
    ap.add_argument("--format", default="text", choices=["text", "md", "html"])
    ap.add_argument("--mark-sent", action="store_true")
    args = ap.parse_args(argv)
    until = (datetime.fromisoformat(args.until).replace(tzinfo=timezone.utc)
             if args.until else None)
    # Marking without a period: from where the last one marked ended.
    since = None
    if not args.mark_sent or args.until or args.days:
        since = ((until or datetime.now(timezone.utc)) -
                 timedelta(days=args.days or 7))
    try:
        with cop.open(args.db, system=True, readonly=not args.mark_sent,
                      create=False) as store:
            try:
                member = store.member_by_handle(args.handle)
            except cop.NotFound as e:       # the library names no handle
                print("weekly_digest: %s: %s" % (args.handle, e),
                      file=sys.stderr)
                return 1
            with store.acting_as(member):
                digest = store.digest(member=member, since=since,
                                      until=until)
                print(digest.render(args.format), end="")
                if args.mark_sent:
                    digest.mark_sent()
    except cop.Error as e:
        print("weekly_digest: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
