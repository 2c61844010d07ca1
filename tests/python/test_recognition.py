"""Recognition: votes, accepted answers, kudos, reputation, trust, badges,
leaderboards, configuration and verification."""
from datetime import datetime, timedelta, timezone

import pytest

import cop


@pytest.fixture
def w(world):
    return world


def test_votes_and_score(w):
    s, a = w.store, w.answer
    with s.acting_as(w.kofi):
        assert a.my_vote() is None
        a.vote()
        assert a.score == 1
        assert a.my_vote() is cop.VoteKind.UP
        with pytest.raises(cop.AlreadyExists):
            a.vote("up")
        a.vote("thanks")                        # changing the vote
        assert a.score == 0
        assert s.my_vote(a) == "thanks"
        a.retract_vote()
        assert a.score == 0 and a.my_vote() is None
        with pytest.raises(cop.NotFound):
            a.retract_vote()
        with pytest.raises(cop.PermissionDenied):
            a.vote("down")                      # needs the vote-down privilege
    with s.acting_as(w.esi):
        with pytest.raises(cop.PermissionDenied):
            a.vote()                            # one's own contribution
    s.vote(a, "up")                             # the system: anonymous
    s.vote(a, "up")
    assert s.contribution(a.id).score == 2


def test_accepted_answers(w):
    s, q, a = w.store, w.question, w.answer
    assert q.accepted_answer() is None
    with s.acting_as(w.kofi):                   # the question's author
        a.accept()
        with pytest.raises(cop.AlreadyExists):
            a.accept()
    assert q.accepted_answer() == a
    q.refresh()
    assert q.state is cop.ThreadState.ANSWERED
    with pytest.raises(cop.InvalidArgument):
        s.accept_answer(next(iter(q.contributions(limit=1))))  # the post
    with s.acting_as(w.yaw):
        with pytest.raises(cop.PermissionDenied):
            q.unaccept()
    q.unaccept()
    assert q.state is cop.ThreadState.OPEN
    assert s.accepted_answer(q) is None


def test_reputation_ledger_badges_leaderboard(w):
    s, hub = w.store, w.hub
    with s.acting_as(w.kofi):
        w.answer.vote("up")
        w.answer.accept()
    st = hub.standing(w.esi)
    assert isinstance(st, cop.Standing)
    assert st.member_id == w.esi.id
    assert st.reputation == 1 + 10 + 15
    assert st.accepted == 1 and st.likes_received == 1 and st.posts == 1
    entries = list(s.ledger(hub, w.esi))
    assert [e.reason for e in entries] == [cop.RepReason.ACCEPTED,
                                           cop.RepReason.UPVOTE]
    assert [e.points for e in entries] == [15, 10]
    assert entries[0].actor_id == w.kofi.id
    assert entries[0].time == s.now
    badges = {b.badge for b in s.badges(hub, w.esi)}
    assert {cop.Badge.FIRST_POST, cop.Badge.FIRST_ACCEPTED} <= badges
    award = next(iter(s.badges(hub, w.esi)))
    assert isinstance(award, cop.BadgeAward)
    assert award.badge_class is cop.BadgeClass.BRONZE
    board = list(hub.leaderboard(period="all"))
    assert [(r.handle, r.points) for r in board][0] == ("esi", 25)
    assert isinstance(board[0], cop.Leader)
    assert [r.handle for r in hub.leaderboard(period="week", limit=1)] == ["esi"]
    assert list(hub.leaderboard(tag="nosuchtag")) == []


def test_kudos(w):
    s, hub = w.store, w.hub
    with s.acting_as(w.kofi):
        k = hub.give_kudos(w.esi, "Thank you!", contribution=w.answer)
        with pytest.raises(cop.InvalidArgument):
            hub.give_kudos(w.kofi, "me")        # to oneself
    assert isinstance(k, cop.Kudos)
    assert (k.from_id, k.to_id, k.message) == (w.kofi.id, w.esi.id,
                                                "Thank you!")
    assert k.contribution_id == w.answer.id
    assert k.community_id == hub.id
    assert [x.id for x in s.kudos(hub, w.esi)] == [k.id]
    assert hub.standing(w.esi).kudos_received == 1
    assert cop.Badge.APPRECIATED in {b.badge for b in s.badges(hub, w.esi)}


def test_trust_and_privileges(w):
    s, hub = w.store, w.hub
    assert not s.can(hub, "vote-down", w.kofi)
    assert s.can(hub, cop.Privilege.MODERATE, w.esi)   # a facilitator
    s.set_trust(hub, w.kofi, 2)
    st = hub.standing(w.kofi)
    assert st.trust_level == 2 and st.trust_manual
    with s.acting_as(w.kofi):
        assert s.can(hub, "vote-down")
        w.answer.vote("down")
    assert w.answer.score == -1
    s.set_trust(hub, w.kofi, None)
    assert not hub.standing(w.kofi).trust_manual
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.set_trust(hub, w.kofi, 4)


def test_award_badge_by_hand(w):
    s, hub = w.store, w.hub
    with pytest.raises(cop.InvalidArgument, match="not a member"):
        s.award_badge(hub, w.yaw, "event-attendee")
    hub.join(w.yaw)
    s.award_badge(hub, w.yaw, "event-attendee")
    with pytest.raises(cop.AlreadyExists):
        s.award_badge(hub, w.yaw, cop.Badge.EVENT_ATTENDEE)
    assert [b.badge for b in s.badges(hub, w.yaw)] == ["event-attendee"]


def test_configuration(w):
    s, hub = w.store, w.hub
    c = hub.recognition_config
    assert (c.up_answer, c.daily_cap, c.floor) == (10, 200, 1)
    s.set_recognition_config(hub, up_answer=20, daily_cap=100)
    assert (hub.recognition_config.up_answer,
            hub.recognition_config.daily_cap) == (20, 100)
    c = hub.recognition_config
    c.kudos = 3
    s.set_recognition_config(hub, c)
    assert hub.recognition_config.kudos == 3
    with pytest.raises(TypeError):
        s.set_recognition_config(hub, colour=1)
    with pytest.raises(cop.InvalidArgument):
        s.set_recognition_config(hub, floor=5)
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.set_recognition_config(hub, daily_cap=1)


def test_verify(w):
    s = w.store
    with s.acting_as(w.kofi):
        w.answer.vote()
    r = s.verify()
    assert isinstance(r, cop.VerifyReport)
    assert (r.count, r.lines, r.repaired) == (0, [], False)
    assert s.verify(w.hub, repair=True).count == 0
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.verify()


def test_helpers_and_enums():
    assert cop.badge_class("great-answer") is cop.BadgeClass.GOLD
    assert cop.badge_once("first-post") and not cop.badge_once("nice-answer")
    t = datetime(2023, 11, 15, 10, 0, tzinfo=timezone.utc)   # a Wednesday
    assert cop.period_start("week", t) == datetime(2023, 11, 13,
                                                   tzinfo=timezone.utc)
    assert cop.period_start("month", t).day == 1
    assert cop.period_start("all", t) is None
    assert [str(k) for k in cop.VoteKind] == ["up", "down", "helpful", "thanks"]
    assert str(cop.Privilege.VOTE_DOWN) == "vote-down"
    assert cop.RepReason("reversal") is cop.RepReason.REVERSAL


def test_call_for_anything_else(w):
    s = w.store
    with s.acting_as(w.kofi):
        s.call("vote_cast", w.answer, "helpful")
        assert s.call("vote_lookup", w.answer) is cop.VoteKind.HELPFUL


def test_flags(w):
    s, a = w.store, w.answer
    with s.acting_as(w.kofi):                   # level 1 after his question
        f = s.flag(a, "Needs a source.")
        assert f.state is cop.FlagState.OPEN and f.reason == "Needs a source."
        assert f.flagger_id == w.kofi.id and f.contribution_id == a.id
        assert f.resolver_id is None and f.resolved is None
        with pytest.raises(cop.AlreadyExists):
            s.flag(a, "Again.")
        with pytest.raises(cop.PermissionDenied):
            list(s.flags(w.hub))                # not a moderator
    with s.acting_as(w.esi):
        with pytest.raises(cop.PermissionDenied):
            s.flag(a, "My own.")
        queue = list(s.flags(w.hub))
        assert [x.id for x in queue] == [f.id]
        queue[0].resolve("dismissed")
        with pytest.raises(cop.InvalidArgument):
            s.resolve_flag(f, "upheld")         # resolved once
        assert list(s.flags(w.hub)) == []
        done = list(s.flags(w.hub, cop.FlagState.DISMISSED))
        assert done[0].resolver_id == w.esi.id
    with pytest.raises(cop.InvalidArgument):
        s.flag(a, "The system does not flag.")


def test_reading_feeds_trust(w):
    s, q = w.store, w.question
    cfg = s.recognition_config(w.hub)
    cfg.trust1_read = 2
    s.set_recognition_config(w.hub, cfg)
    w.hub.join(w.yaw)
    with s.acting_as(w.yaw):
        q.reply("Me too.", kind="comment", reply_to=w.answer)
        assert s.standing(w.hub, w.yaw).trust_level == 0
        q.read(1)
        assert s.standing(w.hub, w.yaw).posts_read == 1
        s.read_thread(q, 5)                     # capped by the thread's size
        st = s.standing(w.hub, w.yaw)
        assert st.posts_read == 4 and st.trust_level == 1
        with pytest.raises(cop.InvalidArgument):
            q.read(-1)


def test_standing_counts_shown(w):
    """A standing's counts (hidden content included) are the member's,
    the facilitators' and the system's to read: None to anyone else."""
    s, hub = w.store, w.hub
    hub.join(w.yaw)
    with s.acting_as(w.kofi):
        w.answer.vote("up")
    assert hub.standing(w.esi).posts == 1          # the system
    with s.acting_as(w.esi):
        assert hub.standing(w.esi).likes_received == 1
    with s.acting_as(w.yaw):
        st = hub.standing(w.esi)
        assert st.reputation == 1 + 10 and st.trust_level >= 0
        assert st.posts is None and st.likes_received is None
        assert st.days_active is None and st.posts_read is None
        assert st.as_dict()["accepted"] is None

def test_moderation(w):
    s, q, a = w.store, w.question, w.answer
    hour = timedelta(hours=1)
    # Suspension: the system's; every write refused until the end.
    with s.acting_as(w.esi):
        with pytest.raises(cop.PermissionDenied):
            s.suspend(w.kofi, "Spam.")
    s.suspend(w.kofi, "Spam.", until=s.now + 2 * hour)
    with pytest.raises(cop.AlreadyExists):
        s.suspend(w.kofi, "Again.")
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            q.reply("Still here?")
        with pytest.raises(cop.PermissionDenied):
            a.vote()
    s.set_time(s.now + 2 * hour)
    with s.acting_as(w.kofi):
        q.reply("Back.")
    with pytest.raises(cop.NotFound):
        s.unsuspend(w.kofi)                     # ended by the clock
    # Silence: the community's moderators; reading goes on.
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.silence(w.hub, w.esi, "No.")
    with s.acting_as(w.esi):
        s.silence(w.hub, w.kofi, "Heated.")
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            q.reply("Hm.")
        assert s.contribution(a.id).id == a.id
    with s.acting_as(w.esi):
        s.unsilence(w.hub, w.kofi)
    # Hiding: seen by the author and the moderators only.
    with s.acting_as(w.esi):
        s.hide(a, "Off topic.")
        assert s.contribution(a.id).hidden == 1
    with s.acting_as(w.kofi):
        with pytest.raises(cop.NotFound):
            s.contribution(a.id)
        assert a.id not in [c.id for c in q.contributions()]
    s.unhide(a)
    with s.acting_as(w.kofi):
        assert s.contribution(a.id).hidden == 0
    # The log, newest first, for moderators.
    with s.acting_as(w.esi):
        kinds = [str(e.kind) for e in s.modlog(w.hub)]
        assert kinds == ["unhide", "hide", "unsilence", "silence"]
        page = s.modlog(w.hub, limit=3)
        assert len(list(page)) == 3 and page.cursor
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            list(s.modlog(w.hub))
    entries = list(s.modlog(None))
    assert [str(e.kind) for e in entries] == ["suspend"]
    assert entries[0].member_id == w.kofi.id and entries[0].reason == "Spam."


def test_notifications(w):
    s, q = w.store, w.question
    esi = w.esi.handle
    # Follows: set, change, list, remove; the system follows nothing.
    with s.acting_as(w.esi):
        s.follow("community", w.hub)
        s.follow("thread", q, level="muted")
        assert [str(f.level) for f in s.follows()] == ["watching", "muted"]
        s.follow("thread", q, level="tracking")
        s.unfollow("community", w.hub)
        assert [(str(f.kind), str(f.level), f.thread_id)
                for f in s.follows()] == [("thread", "tracking", q.id)]
        with pytest.raises(cop.NotFound):
            s.unfollow("community", w.hub)
    with pytest.raises(cop.InvalidArgument):
        s.follow("community", w.hub)
    # A mention (not the one in code), read by its member alone.
    with s.acting_as(w.kofi):
        r = q.reply("Thanks @%s, not `@%s`." % (esi, esi))
        with pytest.raises(cop.PermissionDenied):
            s.notification_count(w.esi)
    with s.acting_as(w.esi):
        unread = s.notification_count(unread=True)
        notes = list(s.notifications(unread=True))
        assert len(notes) == unread >= 1
        n = notes[0]
        assert n.kind is cop.NotificationKind.MENTION
        assert n.contribution_id == r.id and n.actor_id == w.kofi.id
        assert not n.read
        assert s.mark_read([n]) == 1
        assert s.notification_count(unread=True) == unread - 1
        assert s.mark_read() == unread - 1
        assert s.notification_count(unread=True) == 0
        assert s.notification_count() == unread
        with pytest.raises(cop.NotFound):
            s.mark_read([q.id])
        page = s.notifications(limit=1)
        assert len(list(page)) == 1 and page.cursor
    # The system reads a member's feed by naming them.
    assert s.notification_count(w.esi) == unread
def test_facilitation(w):
    s, q = w.store, w.question
    day = timedelta(days=1)
    # The queue: for the community's moderators only.
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            list(s.queue(w.hub))
    s.set_time(s.now + 8 * day)
    with s.acting_as(w.esi):
        items = list(s.queue(w.hub))
        found = [i for i in items if i.object_id == q.id]
        assert [str(i.kind) for i in found] == ["unaccepted"]
        assert found[0].waited == 8 * 86400
        page = s.queue(w.hub, limit=1)
        assert len(list(page)) == 1 and page.cursor
        assert s.queue_threshold(w.hub, "unaccepted") == 7 * 86400
        s.set_queue_threshold(w.hub, cop.QueueKind.UNACCEPTED, 9 * 86400)
        assert s.queue_threshold(w.hub, "unaccepted") == 9 * 86400
        assert q.id not in [i.object_id for i in s.queue(w.hub)]
    # Summaries: facilitators, owners and core members write them.
    with s.acting_as(w.kofi):
        d = w.hub.create_thread("Notes", "Where were we?")
        with pytest.raises(cop.PermissionDenied):
            s.summarize(d, "Mine.")
    with s.acting_as(w.esi):
        c = s.summarize(d, "We agreed.")
        assert str(c.kind) == "summary" and c.revision == 1
        c2 = s.summarize(d, "We agreed twice.")
        assert c2.id == c.id and c2.revision == 2
        assert s.thread(d.id).summary_id == c.id
        s.set_time(s.now + 30 * day)
        assert s.summary_coverage(w.hub) == (1, 1)
