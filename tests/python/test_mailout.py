"""Outgoing mail from Python (docs/mail.md, "Outgoing mail"): a
member's delivery per community; the outbox filled with a notification
rendered as an RFC 5322 message that Python's own email package reads
(multipart/alternative, UTF-8, the list headers, Message-ID and
threading headers, the signed Reply-To); a reply to it taken back in by
the right member in the right thread; send through a fake sendmail."""
import email
import email.policy
import stat
from datetime import timedelta

import pytest

import cop

DOMAIN = "lists.example.org"
FROM = "notify@lists.example.org"
URL = "https://example.org/unsubscribe/"


def tick(s, seconds=1):
    """Move the store's fixed clock on."""
    s.set_time(s.now + timedelta(seconds=seconds))


def verified(s, member, address):
    s.email_add(member, address)
    s.email_verify(s.email_token(member, address))


def test_delivery(store, world):
    s = store
    assert s.mail_delivery(world.kofi, world.hub) == "none"
    with s.acting_as(world.kofi):
        s.set_mail_delivery(world.kofi, world.hub, "daily")
        assert s.mail_delivery(world.kofi, "ksghana") == cop.MailDelivery.DAILY
        with pytest.raises(ValueError):
            s.set_mail_delivery(world.kofi, world.hub, "hourly")
    with s.acting_as(world.esi):
        with pytest.raises(cop.PermissionDenied):
            s.set_mail_delivery(world.kofi, world.hub, "none")
    # yaw is not a member of the hub.
    with pytest.raises(cop.PermissionDenied):
        s.set_mail_delivery(world.yaw, world.hub, "every")
    assert s.mail_delivery(world.kofi, world.hub) == "daily"


def test_message_and_round_trip(store, world):
    s = store
    verified(s, world.kofi, "kofi@example.org")
    tick(s)
    s.set_mail_delivery(world.kofi, world.hub, "every")
    tick(s)
    first = next(iter(world.question.contributions())).id
    with s.acting_as(world.esi):
        reply = world.question.reply("Try the *wiki*, Kofi \u2014 caf\u00e9 notes",
                                     reply_to=first)
    assert s.mail_outbox_fill(DOMAIN, FROM, URL) == 1
    assert s.mail_outbox_fill(DOMAIN, FROM, URL) == 0
    (o,) = s.mail_outbox()
    assert o.state == "waiting" and o.attempts == 0 and o.reason is None
    assert o.recipient == "kofi@example.org" and o.sender == FROM
    m = email.message_from_string(o.message, policy=email.policy.default)
    assert m["Message-ID"] == "<c.%s@%s>" % (reply.id, DOMAIN)
    assert m["In-Reply-To"] == "<c.%s@%s>" % (first, DOMAIN)
    assert m["References"].split() == ["<c.%s@%s>" % (first, DOMAIN)]
    assert m["List-Id"] == "<ksghana.%s>" % DOMAIN
    assert m["List-Unsubscribe"].startswith("<" + URL)
    assert m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert m["Subject"] == "[ksghana] Re: How do we share notes?"
    assert m["From"].addresses[0].addr_spec == FROM
    assert m["To"].addresses[0].addr_spec == "kofi@example.org"
    reply_to = m["Reply-To"].addresses[0].addr_spec
    assert reply_to.startswith("reply+") and reply_to.endswith("@" + DOMAIN)
    assert m.get_content_type() == "multipart/alternative"
    parts = {p.get_content_type(): p for p in m.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    for p in parts.values():
        assert p.get_content_charset() == "utf-8"
        assert p["Content-Transfer-Encoding"] in ("quoted-printable", "base64")
    assert "Kofi \u2014 caf\u00e9 notes" in parts["text/plain"].get_content()
    assert "<em>wiki</em>" in parts["text/html"].get_content()
    # The unsubscribe token names kofi and the hub.
    token = m["List-Unsubscribe"][len(URL) + 1:-1]
    assert s.mail_token_check("unsubscribe", token) == (world.kofi.id,
                                                        world.hub.id)
    with s.acting_as(world.esi):
        with pytest.raises(cop.PermissionDenied):
            s.mail_unsubscribe(token)
    s.mail_unsubscribe(token)
    assert s.mail_delivery(world.kofi, world.hub) == "none"
    # Kofi answers from his mail client.
    back = ("From: Kofi <kofi@example.org>\r\nTo: %s\r\n"
            "Subject: Re: %s\r\nMessage-ID: <k1@example.org>\r\n"
            "In-Reply-To: %s\r\n\r\nThanks, Esi!\r\n"
            % (reply_to, m["Subject"], m["Message-ID"]))
    r = s.mail_ingest(DOMAIN, back)
    assert r.outcome == "accepted", r.reason
    c = s.contribution(r.contribution_id)
    assert c.thread_id == world.question.id
    assert c.author_id == world.kofi.id
    assert c.reply_to == reply.id
    # Esi sending to Kofi's reply address: refused.
    verified(s, world.esi, "esi@example.org")
    r = s.mail_ingest(DOMAIN, back.replace("kofi@example.org",
                                           "esi@example.org").replace(
                                               "k1@", "k2@"))
    assert r.outcome == "refused" and r.code == -6   # COP_EPERM


def test_send(store, world, tmp_path):
    s = store
    verified(s, world.kofi, "kofi@example.org")
    tick(s)
    s.set_mail_delivery(world.kofi, world.hub, "every")
    tick(s)
    with s.acting_as(world.esi):
        world.question.reply("Hello")
    assert s.mail_outbox_fill(DOMAIN, FROM, URL) == 1
    prog = tmp_path / "sendmail"
    prog.write_text('#!/bin/sh\necho "$@" > "%s/args"\ncat > "%s/in"\n'
                    'exit $(cat "%s/status")\n' % (tmp_path, tmp_path, tmp_path))
    prog.chmod(prog.stat().st_mode | stat.S_IXUSR)
    (tmp_path / "status").write_text("1\n")
    assert s.mail_send(str(prog)) == (0, 1)
    (o,) = s.mail_outbox("failed")
    assert o.attempts == 1 and "status 1" in o.reason
    (tmp_path / "status").write_text("0\n")
    assert s.mail_send(str(prog)) == (1, 0)
    (o,) = s.mail_outbox()
    assert o.state == "sent" and o.attempts == 2
    assert (tmp_path / "in").read_text() == o.message
    assert (tmp_path / "args").read_text().split() == [
        "-oi", "-f", FROM, "--", "kofi@example.org"]
    assert s.mail_outbox("waiting") == []
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.mail_outbox_fill(DOMAIN, FROM, URL)
        with pytest.raises(cop.PermissionDenied):
            s.mail_send(str(prog))
        with pytest.raises(cop.PermissionDenied):
            s.mail_outbox()
