"""Members' mail addresses and mail tokens from Python (docs/mail.md):
added, listed, made primary, removed and verified by the member or the
system only; an address taken refused without saying whose; signed reply
and unsubscribe tokens, refused when forged or of the other kind."""
import pytest

import cop


def test_addresses(store, world):
    s = store
    with s.acting_as(world.kofi):
        s.email_add(world.kofi, "Kofi@Example.org")
        s.email_add("kofi", "kofi.work@example.net")
        got = s.emails(world.kofi)
        assert [(e.address, e.primary, e.verified) for e in got] == [
            ("kofi.work@example.net", False, False),
            ("kofi@example.org", True, False)]
        assert got[0].created is not None
        s.email_set_primary(world.kofi, "kofi.work@example.net")
        assert [e.primary for e in s.emails(world.kofi)] == [True, False]
        with pytest.raises(cop.InvalidArgument):
            s.email_add(world.kofi, "Kofi <k@example.org>")
    with s.acting_as(world.esi):
        with pytest.raises(cop.PermissionDenied):
            s.emails(world.kofi)
        with pytest.raises(cop.AlreadyExists) as e:
            s.email_add(world.esi, "KOFI@example.org")
        assert "kofi" not in str(e.value)
    s.email_remove(world.kofi, "kofi.work@example.net")
    assert [(e.address, e.primary) for e in s.emails(world.kofi)] == [
        ("kofi@example.org", True)]


def test_verify(store, world):
    s = store
    s.email_add(world.kofi, "kofi@example.org")
    token = s.email_token(world.kofi, "kofi@example.org")
    with s.acting_as(world.esi):
        with pytest.raises(cop.PermissionDenied):
            s.email_verify(token)
    with s.acting_as(world.kofi):
        s.email_verify(token)
        with pytest.raises(cop.AlreadyExists):
            s.email_verify(token)
    assert s.emails(world.kofi)[0].verified


def test_ingest(store, world):
    s = store
    s.email_add(world.kofi, "kofi@example.org")
    s.email_verify(s.email_token(world.kofi, "kofi@example.org"))
    msg = ("From: Kofi <kofi@example.org>\r\nTo: ksghana@lists.example.org\r\n"
           "Subject: Notes\r\nMessage-ID: <n1@example.org>\r\n\r\n"
           "Where are the notes?\r\n")
    r = s.mail_ingest("lists.example.org", msg)
    assert r.outcome == "accepted", r.reason
    assert r.code == 0
    assert r.message_id == "n1@example.org"
    assert s.contribution(r.contribution_id).body == "Where are the notes?"
    again = s.mail_ingest("lists.example.org", msg.encode())
    assert again.outcome == "duplicate"
    assert again.contribution_id == r.contribution_id
    t = s.mail_token("reply", world.esi, r.contribution_id)
    r = s.mail_ingest("lists.example.org", msg.replace(
        "ksghana@", "reply+" + t + "@").replace("n1@", "n2@"))
    assert r.outcome == "refused"
    assert r.code == -6    # COP_EPERM: the token is esi's
    assert r.contribution_id is None


def test_tokens(store, world):
    s = store
    t = s.mail_token("reply", world.kofi, world.answer)
    assert len("reply+" + t) <= 64
    assert s.mail_token_check("reply", t) == (world.kofi.id, world.answer.id)
    with pytest.raises(cop.PermissionDenied):
        s.mail_token_check("unsubscribe", t)
    forged = t[:5] + ("A" if t[5] != "A" else "B") + t[6:]
    with pytest.raises(cop.PermissionDenied):
        s.mail_token_check(cop.MailTokenKind.REPLY, forged)
    u = s.mail_token("unsubscribe", world.kofi, world.hub)
    assert s.mail_token_check("unsubscribe", u) == (world.kofi.id,
                                                    world.hub.id)
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.mail_token("reply", world.kofi, world.answer)
