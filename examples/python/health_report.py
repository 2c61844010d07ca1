#!/usr/bin/env python3
"""Import a Stack Exchange data dump into a libcop store and print a
health report of the community.

    health_report.py DUMP_DIR [--db PATH] [--slug SLUG] [--limit N]

DUMP_DIR holds Users.xml, Posts.xml and (optionally) Comments.xml and
Votes.xml, as in the official dumps (examples/python/sample-dump is a
small one).  Users become members (handle u<Id>), questions threads,
answers and comments contributions, each by its author at its own time;
accepted answers are accepted by the question's author, and up- and
down-votes are cast anonymously at their dates (dumps do not say who
voted), so scores and reputation follow.  Without --db the
store is in memory; with it the store is kept (weekly_digest.py and
moderate.py work on it).

The report: size, participation (who contributes, how much), how well
questions get answered and how fast, reputation, the busiest tags and
months, and the questions still waiting for an answer.
"""
import argparse
import collections
import html
import os
import re
import statistics
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import cop


def se_time(text):
    """A dump's CreationDate (UTC, no zone) as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def rows(path):
    """The attributes of each <row/> of a dump file, streamed."""
    if not os.path.exists(path):
        return
    for _, elem in ET.iterparse(path):
        if elem.tag == "row":
            yield dict(elem.attrib)
            elem.clear()


def tags_of(text):
    """'<wheat-beer><ipa>' -> libcop tags: [a-z0-9+#.-], 1-35 chars, 10 at most."""
    out = []
    for t in re.findall(r"<([^>]+)>", text or ""):
        t = re.sub(r"[^a-z0-9+#.-]", "-", t.lower())[:35].strip("-")
        if t and t not in out:
            out.append(t)
    return out[:10]


def import_dump(store, dump, slug, limit=0):
    """Import a dump into the community @slug; returns counts."""
    counts = collections.Counter()
    users = {}
    for u in rows(os.path.join(dump, "Users.xml")):
        users[u["Id"]] = u
    members = {}        # dump user id -> member id (created when they post)
    joined = set()
    posts = {}          # dump post id -> (thread id, contribution id)
    accepted = []       # (question post id, answer post id)

    with store.batch():
        community = store.create_community(
            slug, os.path.basename(os.path.abspath(dump)) or slug,
            purpose="Imported from a Stack Exchange data dump")

        def author(uid):
            """The member for dump user @uid, joined to the community."""
            if not uid or uid not in users:
                return None
            if uid not in members:
                u = users[uid]
                store.set_time(se_time(u["CreationDate"]))
                name = (u.get("DisplayName") or "user %s" % uid)[:200]
                members[uid] = store.create_member("u" + uid, name).id
                counts["members"] += 1
            if uid not in joined:
                store.join(community, members[uid])
                joined.add(uid)
            return members[uid]

        for p in rows(os.path.join(dump, "Posts.xml")):
            if limit and counts["posts"] >= limit:
                break
            kind = p.get("PostTypeId")
            if kind not in ("1", "2"):
                continue                        # tag wikis and the like
            if kind == "2" and p.get("ParentId") not in posts:
                continue                        # an answer without its question
            who = author(p.get("OwnerUserId"))
            store.set_time(se_time(p["CreationDate"]))
            body = p.get("Body") or "(empty)"
            with store.acting_as(who):
                if kind == "1":
                    t = community.create_thread(
                        html.unescape(p.get("Title") or "(untitled)")[:300],
                        body, kind="question", tags=tags_of(p.get("Tags")))
                    first = next(iter(t.contributions(limit=1)))
                    posts[p["Id"]] = (t.id, first.id)
                    counts["questions"] += 1
                    if p.get("AcceptedAnswerId"):
                        accepted.append((p["Id"], p["AcceptedAnswerId"]))
                else:
                    thread_id, _ = posts[p["ParentId"]]
                    c = store.add_contribution(thread_id, body, kind="answer")
                    posts[p["Id"]] = (thread_id, c.id)
                    counts["answers"] += 1
            counts["posts"] += 1

        for c in rows(os.path.join(dump, "Comments.xml")):
            if c.get("PostId") not in posts:
                continue
            who = author(c.get("UserId"))
            store.set_time(se_time(c["CreationDate"]))
            thread_id, reply_to = posts[c["PostId"]]
            with store.acting_as(who):
                store.add_contribution(thread_id, c.get("Text") or "(empty)",
                                       kind="comment", reply_to=reply_to)
            counts["comments"] += 1

        # Accepted answers, by the question's author (at the answer's
        # time: dumps do not say when), then the votes, anonymously.
        for question, answer in accepted:
            if answer not in posts:
                continue
            thread = store.thread(posts[question][0])
            with store.acting_as(thread.author_id):
                store.set_time(store.contribution(posts[answer][1]).created)
                store.accept_answer(posts[answer][1])
            counts["accepted"] += 1
        for v in rows(os.path.join(dump, "Votes.xml")):
            kind = {"2": "up", "3": "down"}.get(v.get("VoteTypeId"))
            if kind is None or v.get("PostId") not in posts:
                continue
            store.set_time(se_time(v["CreationDate"]))
            store.vote(posts[v["PostId"]][1], kind)
            counts["votes"] += 1
    store.set_time(None)
    return community, counts


def report(store, community, out=sys.stdout):
    """Print the health report of @community."""
    def p(*a):
        print(*a, file=out)

    stats = community.stats()
    handles = {}

    def handle(member_id):
        if member_id is None:
            return "(system)"
        if member_id not in handles:
            handles[member_id] = store.member(member_id).handle
        return handles[member_id]

    per_author = collections.Counter()
    per_month = collections.Counter()
    tags = collections.Counter()
    waits = []
    unanswered = []
    questions = answered = 0
    for t in community.threads():
        tags.update(t.tags)
        first_answer = None
        for c in t.contributions():
            per_author[c.author_id] += 1
            per_month[c.created.strftime("%Y-%m")] += 1
            if c.kind == cop.ContributionKind.ANSWER and first_answer is None:
                first_answer = c.created
        if t.kind == cop.ThreadKind.QUESTION:
            questions += 1
            if first_answer is not None:
                answered += 1
                waits.append((first_answer - t.created).total_seconds() / 3600)
            else:
                unanswered.append(t)

    members = [m for m in community.memberships()]
    contributors = [a for a in per_author if a is not None]
    core = [a for a in contributors if per_author[a] >= 3]

    p("Health report: %s (%s)" % (community.name, community.slug))
    p("=" * 60)
    p("members             %6d" % len(members))
    p("threads             %6d  (questions %d)" % (stats.threads,
                                                    stats.questions))
    p("contributions       %6d  (answers %d, comments %d)" % (
        stats.contributions, stats.answers, stats.comments))
    p("tags in use         %6d" % stats.tags)
    p("")
    p("Participation")
    share = 100.0 * len(contributors) / len(members) if members else 0
    p("  contributors      %6d  (%.0f%% of members)" % (len(contributors),
                                                          share))
    p("  core (3+ posts)   %6d" % len(core))
    p("  top contributors: " + ", ".join(
        "%s (%d)" % (handle(a), n) for a, n in per_author.most_common(5)))
    p("")
    p("Questions")
    rate = 100.0 * answered / questions if questions else 0
    p("  answered          %6d of %d  (%.0f%%)" % (answered, questions, rate))
    if waits:
        p("  first answer in   %6.1f h  (median)" % statistics.median(waits))
    accepted = sum(1 for t in community.threads()
                   if t.state == cop.ThreadState.ANSWERED)
    p("  accepted answers  %6d" % accepted)
    p("")
    p("Reputation (all time): " + ", ".join(
        "%s %d" % (row.handle, 1 + row.points)
        for row in community.leaderboard(period="all", limit=5)))
    p("")
    p("Busiest tags: " + ", ".join("%s (%d)" % tn for tn in tags.most_common(5)))
    p("Busiest months: " + ", ".join(
        "%s (%d)" % mn for mn in sorted(per_month.items(),
                                        key=lambda x: (-x[1], x[0]))[:3]))
    p("")
    p("Waiting for an answer (oldest first):")
    for t in sorted(unanswered, key=lambda t: t.created)[:5]:
        p("  %s  %s" % (t.created.strftime("%Y-%m-%d"), t.title))
    if not unanswered:
        p("  none")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dump", help="directory of the dump's XML files")
    ap.add_argument("--db", default=":memory:", help="store (default: memory)")
    ap.add_argument("--slug", default=None, help="community slug")
    ap.add_argument("--limit", type=int, default=0, help="import N posts at most")
    args = ap.parse_args(argv)
    slug = args.slug or re.sub(r"[^a-z0-9-]", "-",
                               os.path.basename(os.path.abspath(args.dump))
                               .lower()).strip("-")[:64] or "imported"
    with cop.open(args.db) as store:
        try:
            community, counts = import_dump(store, args.dump, slug, args.limit)
        except cop.Error as e:
            print("import failed: %s" % e, file=sys.stderr)
            return 1
        print("imported %d members, %d questions, %d answers, %d comments, "
              "%d accepted answers, %d votes\n"
              % (counts["members"], counts["questions"], counts["answers"],
                 counts["comments"], counts["accepted"], counts["votes"]))
        report(store, community)
    return 0


if __name__ == "__main__":
    sys.exit(main())
