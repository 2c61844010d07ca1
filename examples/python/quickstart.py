#!/usr/bin/env python3
"""Build a small community of practice in memory and print a report.

    quickstart.py

The shortest tour of the Python API: members, a community and its roles,
a question with answers and comments, an edit, search and the change log.
"""
import cop


def main():
    with cop.open(":memory:", system=True) as store:
        store.set_time(1700000000000)           # a fixed clock: same output
        ama = store.create_member("ama", "Ama Mensah", organisation="MoFA",
                                  languages=["en", "tw"])
        kofi = store.create_member("kofi", "Kofi Boateng")
        esi = store.create_member("esi", "Esi Owusu")

        with store.acting_as(ama):              # ama creates it: the owner
            hub = store.create_community(
                "ksghana", "KSGhana", purpose="Sharing what works in the field")
        hub.join(kofi, pledged_hours=4)
        hub.join(esi)
        hub.set_role(esi, cop.Role.FACILITATOR)

        with store.acting_as(kofi):
            q = hub.create_thread("Where do workshop notes go?",
                                  "We keep losing them.", kind="question",
                                  tags=["notes", "workshops"])
        with store.acting_as(esi):
            a = q.reply("One wiki page per workshop.", kind="answer")
            a.edit("One wiki page per workshop, linked from the calendar.",
                   comment="where to find them")
        with store.acting_as(kofi):
            a.reply("Thanks, that works.")

        print("%s: %s" % (hub.name, hub.purpose))
        for ms in hub.memberships():
            print("  %-6s %-12s %d h/month" % (ms.handle, ms.role,
                                             ms.pledged_hours))
        for t in hub.threads():
            print("thread %r [%s] %s, %d contributions" % (
                t.title, ", ".join(t.tags), t.state, t.contribution_count))
            for c in t.contributions():
                print("  %-7s rev %d: %s" % (c.kind, c.revision, c.body))
        for hit in store.search("wiki"):
            print("search 'wiki': %s" % hit.snippet)
        print("change log: %s" % ", ".join(e.op for e in store.log()))
        print(store.stats())


if __name__ == "__main__":
    main()
