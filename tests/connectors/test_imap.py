"""IMAP against a real Dovecot: every message arrives once, is moved after commit, and a second
round, a UIDVALIDITY change or a server without MOVE creates no duplicates."""

from __future__ import annotations

from sqlmodel import select

from bot.db import session_scope
from bot.intake import run_connector
from bot.models import Item, Submission
from connectors.imap import ImapConnector
from tests.connectors.conftest import deliver, folder_count, imap_client, imap_table
from tests.connectors.messages import fifty


def _submissions(ctx) -> list[Submission]:
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Submission).order_by(Submission.id)))


def test_fifty_messages_arrive_once_with_their_meta_and_are_moved(ctx, dovecot, imap_user):
    sent = fifty()
    deliver(dovecot, imap_user, [s.data for s in sent])
    connector = ImapConnector("intag", imap_table(dovecot, imap_user,
                                                  processed_folder="Behandlat åäö"))
    counts = run_connector(ctx, connector)
    assert (counts.fetched, counts.created, counts.repeated) == (50, 50, 0)
    subs = _submissions(ctx)
    assert len(subs) == 50
    assert len({s.source_ref for s in subs}) == 50
    for expected, sub in zip(sent, subs, strict=True):
        assert sub.channel == "intag"
        assert sub.submitter == expected.sender, expected.kind
        assert sub.meta["message_id"] == expected.message_id, expected.kind
        assert sub.meta["subject"] == expected.subject, expected.kind
        assert sub.meta["connector"]["folder"] == "INBOX"
        assert sub.source_ref.startswith(f"imap:{imap_user}@127.0.0.1/INBOX/")
    with session_scope(ctx.engine) as session:
        top = list(session.exec(select(Item).order_by(Item.id)))
    assert [ctx.blobs.get(i.sha256) for i in top] == [s.data for s in sent]
    assert {i.media_type for i in top} == {"message/rfc822"}
    assert folder_count(dovecot, imap_user, "INBOX") == 0
    assert folder_count(dovecot, imap_user, "Behandlat åäö") == 50
    again = run_connector(ctx, connector)
    assert (again.fetched, again.created) == (0, 0)
    assert len(_submissions(ctx)) == 50


def test_seen_mode_survives_uidvalidity_change_without_duplicates(ctx, dovecot, imap_user):
    sent = fifty()[:3]
    deliver(dovecot, imap_user, [s.data for s in sent])
    connector = ImapConnector("intag", imap_table(dovecot, imap_user, acknowledge="seen"))
    assert run_connector(ctx, connector).created == 3
    assert run_connector(ctx, connector).fetched == 0  # flagged \Seen, not fetched again
    client = imap_client(dovecot, imap_user)
    client.select_folder("INBOX")
    client.remove_flags(client.search("ALL"), [b"\\Seen"])  # someone marks them unread
    client.logout()
    dovecot.doveadm("mailbox", "update", "-u", imap_user, "--uid-validity", "4242", "INBOX")
    counts = run_connector(ctx, connector)
    assert (counts.fetched, counts.created, counts.repeated) == (3, 0, 3)
    assert len(_submissions(ctx)) == 3
    assert folder_count(dovecot, imap_user, "INBOX") == 3  # seen mode never moves


def test_server_without_move_gets_copy_delete_expunge(ctx, dovecot, imap_user, monkeypatch):
    from imapclient import IMAPClient

    real = IMAPClient.has_capability
    monkeypatch.setattr(IMAPClient, "has_capability",
                        lambda self, cap: cap.upper() != "MOVE" and real(self, cap))
    deliver(dovecot, imap_user, [s.data for s in fifty()[:4]])
    connector = ImapConnector("intag", imap_table(dovecot, imap_user))
    assert run_connector(ctx, connector).created == 4
    assert folder_count(dovecot, imap_user, "INBOX") == 0
    assert folder_count(dovecot, imap_user, "Behandlat") == 4


def test_messages_in_another_folder_and_the_same_bytes_twice(ctx, dovecot, imap_user):
    one = fifty()[5].data
    deliver(dovecot, imap_user, [one, one], folder="Skannat")
    connector = ImapConnector("skanner", imap_table(dovecot, imap_user, folder="Skannat"))
    counts = run_connector(ctx, connector)
    assert (counts.fetched, counts.created, counts.repeated) == (2, 1, 1)
    assert folder_count(dovecot, imap_user, "Skannat") == 0


def test_tls_on_connect_and_starttls_with_own_ca_file(ctx, dovecot, imap_user, tls_files):
    deliver(dovecot, imap_user, [s.data for s in fifty()[:2]])
    ca = str(tls_files[0])
    implicit = ImapConnector("tls", imap_table(dovecot, imap_user, security="ssl",
                                               port=dovecot.tls_port, ca_file=ca))
    starttls = ImapConnector("starttls", imap_table(dovecot, imap_user, security="starttls",
                                                    ca_file=ca, acknowledge="seen"))
    assert implicit.check() == [] and starttls.check() == []
    assert run_connector(ctx, starttls).created == 2
    untrusted = ImapConnector("tls", imap_table(dovecot, imap_user, security="ssl",
                                                port=dovecot.tls_port))
    [problem] = untrusted.check()
    assert problem.startswith("nås inte / unreachable: TLS misslyckades / TLS failed")
