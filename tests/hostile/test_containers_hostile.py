"""Containers are not all-or-nothing, through the real pipeline: a zip with one bad member (an
empty name, which failed the whole zip with IndexError; damaged deflate data) still gives its
good members, the bad one named in the zip's reason; 200 nested forwards are read down to the
depth limit (they failed with RecursionError); a big e-mail is parsed in a bounded child."""

from __future__ import annotations

from bench.hostile_files import LETTER, damaged_member, empty_named_member, nested_forwards
from bot.unpack import mail_worker
from tests.conftest import make_email, make_pdf
from tests.hostile.conftest import run_file

GOOD = [("yttrande.pdf", make_pdf(["Yttrande", "Dnr KS 2021/0456-2"])),
        ("brev.txt", LETTER.encode())]


def test_a_member_with_an_empty_name_is_read_like_the_others(home):
    top, *children = run_file(home, "tom.zip", empty_named_member(GOOD))
    assert top.state == "skipped" and "3 files" in (top.state_reason or "")
    assert [c.filename for c in children] == ["yttrande.pdf", "brev.txt", "bilaga-3.txt"]
    assert [c.state for c in children[:2]] == ["queued", "queued"]


def test_a_damaged_member_is_named_in_the_zips_reason_and_its_neighbours_are_read(home):
    top, *children = run_file(home, "trasig.zip", damaged_member(GOOD))
    assert top.state == "skipped", top.state_reason
    assert "2 files" in (top.state_reason or "")
    assert "attachment 3 is damaged, skipped" in (top.state_reason or "")
    assert [(c.filename, c.state) for c in children] == [
        ("yttrande.pdf", "queued"), ("brev.txt", "queued")]


def test_200_nested_forwards_are_read_down_to_the_depth_limit(home):
    items = run_file(home, "fwd.eml", nested_forwards(200))
    assert not [i for i in items if "RecursionError" in (i.state_reason or "")]
    deepest = items[-1]  # the top, then one forward in each: max_depth (5) of them read
    assert len(items) == 7 and deepest.state == "failed"
    assert deepest.state_reason == "för djup nästling / nesting too deep"
    assert all(i.state != "failed" for i in items[:-1]), [i.state_reason for i in items]


def _mail_with_letter() -> bytes:
    return make_email("Yttrande", "Se bilagan.", [("yttrande.pdf", GOOD[0][1], "application/pdf")])


def test_a_big_email_is_read_in_a_bounded_child(home, monkeypatch):
    monkeypatch.setattr(mail_worker, "IN_PROCESS_BYTES", 100)  # every e-mail here is big
    top, attachment = run_file(home, "stor.eml", _mail_with_letter())
    assert (top.state, top.meta["subject"], top.meta["body_text"]) == (
        "queued", "Yttrande", "Se bilagan.")
    assert (attachment.filename, attachment.state) == ("yttrande.pdf", "queued")


def test_a_big_email_past_the_childs_bound_fails_with_a_reason(home, monkeypatch):
    monkeypatch.setattr(mail_worker, "IN_PROCESS_BYTES", 100)
    monkeypatch.setattr(mail_worker, "TIMEOUT_SECONDS", 0.01)  # too short to start Python
    [top] = run_file(home, "stor.eml", _mail_with_letter())
    assert top.state == "failed"
    assert top.state_reason == ("e-postmeddelandet avbröts efter 0.01 s / reading the email "
                                "stopped after 0.01 s")
