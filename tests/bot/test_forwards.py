"""Inline forwards and replies: split into messages with their original sender, date and subject,
in Swedish and English client layouts, and turned into items of their own by the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from bot.db import session_scope
from bot.forwards import (
    MAX_DEPTH,
    ForwardedMessage,
    addresses,
    bare_subject,
    parse_date,
    split_forwards,
    to_eml,
)
from bot.ingest import submit
from bot.models import Item, Page
from bot.sniff import EMAIL
from bot.stages.unpack import unpack_item
from bot.unpack import unpack
from bot.worker import run_until_idle
from tests.conftest import CORPUS

FIXTURES = CORPUS / "emails" / "email-forward-parser"
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "forwards"
needs_corpus = pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared corpus not present")
JOHN = "John Doe <john.doe@acme.com>"
CC = "Walter Sheltan <walter.sheltan@acme.com>, Nicholas <nicholas@globex.corp>"


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


# --- the real client layouts (email-forward-parser fixtures) -----------------------------------

SWEDISH = {  # every Swedish-UI variant, with the date its header says
    "apple_mail_sv_body.txt": "2021-10-26T14:25:08+03:00",
    "gmail_sv_body.txt": "2021-10-27T09:31:00",
    "hubspot_sv_body.txt": "2022-09-19T17:55:44-04:00",
    "new_outlook_2019_sv_body.txt": "2021-10-28T12:46:00",
    "outlook_2019_sv_body.txt": "2021-10-28T12:46:00",
    "thunderbird_sv_body.txt": "2021-11-03T15:51:30+01:00",
    "yahoo_sv_body.txt": "2021-11-02T09:26:50+01:00",
}


@needs_corpus
@pytest.mark.parametrize(("name", "when"), sorted(SWEDISH.items()))
def test_every_swedish_client_layout_gives_sender_date_and_body(name, when):
    chain = split_forwards(_fixture(name), "VB: Integer consequat non purus")
    (message,) = chain.messages
    assert message.sender == JOHN
    assert message.date == when
    assert message.subject == "Integer consequat non purus"
    assert message.body.startswith("Aenean quis diam urna.")
    assert message.body.endswith("massa sagittis eget.")
    assert chain.note == ""


@needs_corpus
@pytest.mark.parametrize("name", sorted(n for n in SWEDISH if not n.startswith("outlook_2019")))
def test_swedish_forward_headers_give_recipients_and_copies(name):
    (message,) = split_forwards(_fixture(name)).messages
    assert message.to == "bessie.berry@acme.com"
    assert message.cc == CC


@needs_corpus
@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*_body*.txt"))
                         if FIXTURES.is_dir() else [])
def test_every_fixture_in_any_language_gives_dated_messages_with_senders(name):
    messages = split_forwards(_fixture(name)).messages
    assert messages
    for message in messages:
        assert message.sender
        assert message.date and message.date[:4] in ("2021", "2022", "2023")


@needs_corpus
@pytest.mark.parametrize(("name", "count", "oldest"), [
    ("gmail_en_body_variant_14.txt", 11, "2023-02-21T16:49:00"),
    ("outlook_live_en_body_variant_14.txt", 11, "2023-02-21T16:49:00"),
    ("thunderbird_en_body_variant_15.txt", 3, "2021-10-27T09:31:00"),
    ("new_outlook_2019_en_body_variant_15.txt", 3, "2021-10-27T09:31:00"),
])
def test_a_long_chain_gives_every_message_and_the_oldest_is_the_original(name, count, oldest):
    chain = split_forwards(_fixture(name))
    assert len(chain.messages) == count
    assert chain.note == "Praesent suscipit egestas hendrerit.\n\nAliquam eget dui dui."
    assert chain.original is not None and chain.original.date == oldest


@needs_corpus
@pytest.mark.parametrize("name", ["new_outlook_2019_sv_subject.txt",
                                  "outlook_live_sv_subject.txt", "outlook_2019_subject.txt"])
def test_forward_prefixes_come_off_subjects(name):
    assert bare_subject(_fixture(name)) == "Integer consequat non purus"


# --- dates and addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "iso"), [
    ("den 4 november 2009 12:34", "2009-11-04T12:34:00"),
    ("måndag 4 november 2009 12:34", "2009-11-04T12:34:00"),
    ("4 nov. 2009 kl. 12:34", "2009-11-04T12:34:00"),
    ("2009-11-04 12:34", "2009-11-04T12:34:00"),
    ("onsdag den 4 december 2024 18:36", "2024-12-04T18:36:00"),
    ("ons 4 dec. 2024 kl 18:36", "2024-12-04T18:36:00"),
    ("15 september 2020 14:02:33 CEST", "2020-09-15T14:02:33+02:00"),
    ("Wed, Dec 4, 2024 at 6:36 PM", "2024-12-04T18:36:00"),
    ("Monday, March 1, 2021 9:15 AM", "2021-03-01T09:15:00"),
    ("12/4/2024 6:36 PM", "2024-12-04T18:36:00"),
    ("28/10/2021 12:46", "2021-10-28T12:46:00"),
    ("04.12.2024 18:36", "2024-12-04T18:36:00"),
    ("4. Dezember 2024 um 18:36", "2024-12-04T18:36:00"),
    ("Mon, 05 Apr 2021 10:22:00 +0200", "2021-04-05T10:22:00+02:00"),
    ("den 4 dec. 2024", "2024-12-04"),
])
def test_dates_as_clients_write_them_become_iso(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["igår", "31 februari 2021 10:00", "", "kl. 12:34", None])
def test_unreadable_dates_give_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(("raw", "clean"), [
    ("Anna Berg [mailto:anna@x.se]", "Anna Berg <anna@x.se>"),
    ("Suzanne <s@g.corp<mailto:s@g.corp>>; Bo <b@g.corp>", "Suzanne <s@g.corp>, Bo <b@g.corp>"),
    ("a@x.se <a@x.se>", "a@x.se"),
    ("Per Ek", "Per Ek"),
    ('"Berg, Anna" <anna@x.se>', '"Berg, Anna" <anna@x.se>'),
])
def test_addresses_are_tidied_from_what_clients_write(raw, clean):
    assert addresses(raw) == clean


# --- own samples: Swedish layouts in whole messages ---------------------------------------------

SAMPLE_CHAINS = {  # sample: (senders outermost first, original date, original subject)
    "outlook-2010-ursprungligt-meddelande.eml": (
        ["Anna Berg <anna.berg@lansstyrelsen.example>"], "2021-04-05T10:15:00",
        "Yttrande över detaljplan för Tegelviken 3:14"),
    "outlook-365-understreck-inline-pdf.eml": (
        ["Karin Lund <karin.lund@exempelby.se>"], "2024-12-04T18:36:00", "Beslut om detaljplan"),
    "gmail-vidarebefordrat-meddelande.eml": (
        ["Bo Ek <bo.ek@bergstrombygg.example>"], "2024-12-04T18:36:00",
        "Ansökan om bygglov Kvarnbacken 2:7"),
    "apple-mail-borjan-av-vidarebefordrat.eml": (
        ["Karin Lund <karin.lund@exempelby.se>"], "2020-09-15T14:02:33+02:00",
        "Delårsrapport januari–augusti 2020"),
    "svar-kedja-citerad.eml": (
        ["Anna Berg <anna.berg@exempelby.se>", "Bo Ek <bo.ek@bergstrombygg.example>"],
        "2024-12-03T09:05:00", "Villkor i beslutet"),
    "vidarebefordran-av-vidarebefordran.eml": (
        ["Eva Sten <eva.sten@exempelby.se>", "Bo Ek <bo.ek@bergstrombygg.example>",
         "Remiss Länsstyrelsen <remiss@lansstyrelsen.example>"], "2021-03-01T09:15:00", "Remiss"),
    "outlook-html-utan-textdel.eml": (
        ["Karin Lund <karin.lund@exempelby.se>"], "2009-11-04T12:34:00", "Protokoll från nämnden"),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_CHAINS))
def test_sample_messages_split_into_their_forwarded_messages(name):
    senders, date, subject = SAMPLE_CHAINS[name]
    unpacked = unpack(_sample(name), EMAIL, name)
    chain = split_forwards(unpacked.body_text, str(unpacked.meta["subject"]))
    assert [m.sender for m in chain.messages] == senders
    assert chain.original is not None
    assert (chain.original.date, chain.original.subject) == (date, subject)
    assert all(m.body for m in chain.messages)


def test_a_reply_chain_unquotes_each_level_and_keeps_bottom_text_with_its_writer():
    unpacked = unpack(_sample("svar-kedja-citerad.eml"), EMAIL, "svar.eml")
    anna, bo = split_forwards(unpacked.body_text).messages
    assert anna.quoted and bo.quoted
    assert anna.body == "Hej Per,\njag har inga invändningar. Se Bos svar nedan.\n\nMvh Anna"
    assert bo.body == "Dear Anna,\nwe accept the conditions in the decision.\nBo"


def test_outlook_2010_note_stays_with_the_forwarder():
    unpacked = unpack(_sample("outlook-2010-ursprungligt-meddelande.eml"), EMAIL, "a.eml")
    chain = split_forwards(unpacked.body_text)
    assert chain.note.startswith("Hej!") and chain.note.endswith("/Per")
    (message,) = chain.messages
    assert message.to == "Per Ek"
    assert message.cc == "Eva Sten, registrator@exempelby.se"


@pytest.mark.parametrize("body", [
    "Kommunstyrelsen\nDatum: 2021-04-05\nÄmne: Detaljplan\n\nBeslut enligt förslag.",
    "Hej!\nFrån: Anna fick jag veta att mötet flyttas.\nDatum: inte bestämt.",
    "> Ett citat utan avsändare\n> på två rader\n\nMitt svar.",
    "Number of Images: 1\nAttachment File Type: PDF\nDevice Name: MFP-plan3",
    "------------\nInget vidarebefordrat här\n------------",
    "Jag skrev till honom:\n\nVi ses imorgon.",
])
def test_ordinary_text_is_no_forward(body):
    chain = split_forwards(body)
    assert chain.messages == ()
    assert chain.note == body.strip()


def test_the_synthesized_message_unpacks_as_an_email_with_the_original_headers():
    message = ForwardedMessage(
        sender="Åsa Öberg <asa@exempelby.se>", to="Per Ek <per@exempelby.se>", cc=None,
        date="2009-11-04T12:34:00", date_text="den 4 november 2009 12:34",
        subject="Yttrande över detaljplan", body="Hej!\nDnr KS 2021/0456.")
    data = to_eml(message)
    assert data == to_eml(message)  # the same message twice: the same bytes, one blob
    unpacked = unpack(data, EMAIL, "vidarebefordrat-1.eml")
    assert unpacked.meta["from"] == "Åsa Öberg <asa@exempelby.se>"
    assert unpacked.meta["subject"] == "Yttrande över detaljplan"
    assert str(unpacked.meta["date"]).startswith("2009-11-04T12:34")
    assert unpacked.body_text == "Hej!\nDnr KS 2021/0456."


# --- through the pipeline ---------------------------------------------------------------------


def _ingest(ctx, name: str, channel: str = "intake_mail") -> int:
    result = submit(ctx, channel=channel, source_ref=name, data=_sample(name), filename=name,
                    submitter="per.ek@exempelby.se")
    run_until_idle(ctx)
    return result.item_id or 0


def _tree(ctx, top_id: int) -> dict[str, Item]:
    """Every item under `top_id` by file name."""
    found: dict[str, Item] = {}
    with session_scope(ctx.engine) as session:
        level = [top_id]
        while level:
            children = session.exec(select(Item).where(col(Item.parent_id).in_(level))).all()
            found.update({c.filename: c for c in children})
            level = [c.id for c in children]
        found["."] = session.get(Item, top_id)
    return found


def test_forwarded_messages_become_items_after_the_attachments(ctx):
    items = _tree(ctx, _ingest(ctx, "outlook-365-understreck-inline-pdf.eml"))
    pdf, forwarded, top = items["Beslut åäö.pdf"], items["vidarebefordrat-1.eml"], items["."]
    assert (pdf.position, pdf.meta["inline"], pdf.state) == (1, True, "queued")
    assert (forwarded.position, forwarded.media_type, forwarded.state) == (2, EMAIL, "queued")
    assert forwarded.meta["forwarded"] is True
    assert forwarded.meta["from"] == "Karin Lund <karin.lund@exempelby.se>"
    assert forwarded.meta["date"].startswith("2024-12-04T18:36")
    assert top.meta["original_date"] == "2024-12-04T18:36:00"
    assert top.meta["original_from"] == "Karin Lund <karin.lund@exempelby.se>"
    assert top.meta["original_subject"] == "Beslut om detaljplan"
    assert top.meta["date"].startswith("2025-01-14")  # the forward's own date is kept apart


def test_a_forward_of_a_forward_gives_one_item_per_message_and_the_oldest_date(ctx):
    items = _tree(ctx, _ingest(ctx, "vidarebefordran-av-vidarebefordran.eml"))
    dates = [items[f"vidarebefordrat-{n}.eml"].meta["original_date"] for n in (1, 2, 3)]
    assert dates == ["2021-03-02T08:00:00", "2021-03-01T17:20:00", "2021-03-01T09:15:00"]
    assert items["."].meta["original_date"] == "2021-03-01T09:15:00"
    assert items["."].meta["forwarded_count"] == 3
    assert len(items) == 4  # the forwarded messages are not split again


def test_nested_attachment_forward_pdf_and_winmail_end_up_as_the_right_items(ctx):
    items = _tree(ctx, _ingest(ctx, "bifogat-meddelande-med-vidarebefordran.eml"))
    attached = items["VB Yttrande.eml"]
    pdf = items["Yttrande över detaljplan åä.pdf"]
    tnef = items["winmail.dat"]
    forwarded = items["vidarebefordrat-1.eml"]
    assert {pdf.parent_id, tnef.parent_id, forwarded.parent_id} == {attached.id}
    assert [pdf.position, tnef.position, forwarded.position] == [1, 2, 3]
    assert pdf.state == "queued" and forwarded.state == "queued"
    assert tnef.state == "skipped" and tnef.meta["kind"] == "archive"  # a TNEF with no files
    assert attached.meta["original_date"] == "2021-04-05T10:15:00"
    assert forwarded.meta["from"] == "Registrator <registrator@lansstyrelsen.example>"


def test_unpacking_again_creates_no_second_set_of_children(ctx):
    top_id = _ingest(ctx, "vidarebefordran-av-vidarebefordran.eml")
    before = len(_tree(ctx, top_id))
    with session_scope(ctx.engine) as session:
        unpack_item(ctx, session, session.get(Item, top_id))
    assert len(_tree(ctx, top_id)) == before


def test_the_forwarders_note_is_the_text_of_the_email_itself(ctx):
    top_id = _ingest(ctx, "gmail-vidarebefordrat-meddelande.eml")
    with session_scope(ctx.engine) as session:
        (page,) = session.exec(select(Page).where(Page.item_id == top_id)).all()
    assert "Till diariet, från min Gmail." in page.text
    assert "Kvarnbacken 2:7, ert dnr" not in page.text  # that is the forwarded message's text


def test_a_forward_with_no_text_of_its_own_is_skipped_and_its_message_queued(ctx, tmp_path):
    body = "\r\n".join(["-----Ursprungligt meddelande-----", "Från: Anna Berg <anna@x.se>",
                        "Skickat: den 4 november 2009 12:34", "Ämne: Beslut", "", "Beslut."])
    data = (b"From: per@exempelby.se\r\nTo: diariebot@exempelby.se\r\nSubject: VB: Beslut\r\n"
            b"Message-ID: <tom@x>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + body.encode())
    result = submit(ctx, channel="intake_mail", source_ref="tom", data=data, filename="vb.eml",
                    submitter="per@exempelby.se")
    run_until_idle(ctx)
    items = _tree(ctx, result.item_id or 0)
    assert items["."].state == "skipped"
    assert "utan egen text" in (items["."].state_reason or "")
    assert items["vidarebefordrat-1.eml"].state == "queued"


def test_a_printers_scan_mail_is_not_mistaken_for_a_forward(ctx):
    items = _tree(ctx, _ingest(ctx, "skrivare-skanna-till-epost.eml"))
    assert set(items) == {".", "SKM_C30825012215200.pdf"}
    assert "forwarded_count" not in items["."].meta


def test_names_without_addresses_survive_the_round_trip():
    message = ForwardedMessage(sender="Åsa Öberg", to="Per Ek, Åke Ström", cc="Bo <bo@x.se>",
                               date=None, date_text="igår", subject="Svar", body="Ja.")
    meta = unpack(to_eml(message), EMAIL, "vidarebefordrat-1.eml").meta
    assert (meta["from"], meta["to"], meta["cc"]) == ("Åsa Öberg", "Per Ek, Åke Ström",
                                                      "Bo <bo@x.se>")
    assert meta["date"] is None  # an unreadable date is not invented


TRICKY_LINES = [
    "-----Ursprungligt meddelande-----", "________________________________", "Från: a@b.se",
    "Skickat: den 4 november 2009 12:34", "Till: Per", "Ämne: x", "> ", ">> Från: c@d.se",
    "Den 4 dec. 2024 kl. 18:36 skrev Anna <a@b.se>:", "On Wed, Dec 4, 2024 at 6:36 PM", "wrote:",
    "Början av vidarebefordrat meddelande:", "    indrag", "", "text", "----- x -----",
]


@settings(max_examples=150, deadline=2000)
@given(st.lists(st.tuples(st.integers(0, 6), st.sampled_from(TRICKY_LINES)), max_size=80))
def test_any_mix_of_markers_splits_without_error(lines):
    body = "\n".join(">" * depth + " " + line for depth, line in lines)
    chain = split_forwards(body, "VB: x")
    assert len(chain.messages) <= MAX_DEPTH * 2


def test_hostile_nesting_neither_recurses_without_end_nor_hangs():
    deep_quotes = "\n".join(">" * 5000 + " Början av vidarebefordrat meddelande:" for _ in range(50))
    many = "\n".join(["-----Original Message-----", "From: a@b.se", "Sent: 1 jan 2020 10:00",
                      "Subject: x", "", "text"] * 2000)
    assert split_forwards(deep_quotes) is not None
    assert len(split_forwards(many).messages) == MAX_DEPTH  # the rest stays text of the last
